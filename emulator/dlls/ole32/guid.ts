/**
 * ole32 GUID strings: CLSIDFromString, IIDFromString, StringFromGUID2, StringFromCLSID, StringFromIID,
 * CLSIDFromProgID, ProgIDFromCLSID. The forms and results follow the Win32 documentation and Wine's
 * ole32 tests (compobj.c): the string form is `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` (38 characters,
 * hex digits of either case on input, upper case on output); CLSIDFromString(NULL) is CLSID_NULL and
 * S_OK; a string that is not a GUID is looked up as a ProgID, and when that fails too the result is
 * CO_E_CLASSSTRING (CLSID_NULL written); IIDFromString takes only the braced form (CO_E_IIDSTRING).
 * StringFromGUID2 returns the characters written including the NUL (39), or 0 when cchMax is smaller.
 * StringFromCLSID returns a CoTaskMemAlloc'd string. ProgIDs come from HKEY_CLASSES_ROOT of the run's
 * registry (`HKCR\<ProgID>\CLSID` default value; `HKCR\CLSID\{...}\ProgID`). CoCreateGuid: a version 4
 * (random) GUID from the machine's generator (seeded under --deterministic), as RFC 4122 describes.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { registryOf } from '../coredll/registry.js';
import { HR } from './hresult.js';

const GUID_RE = /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/i;

/** The 16 bytes of a GUID in memory order, or undefined when `s` is not a braced GUID string. */
export function parseGuid(s: string): Buffer | undefined {
  if (!GUID_RE.test(s)) return undefined;
  const h = s.slice(1, -1).replace(/-/g, '');
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(h.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(h.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(h.slice(12, 16), 16), 6);
  Buffer.from(h.slice(16), 'hex').copy(b, 8);
  return b;
}

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` of 16 GUID bytes. */
export function formatGuid(b: Uint8Array): string {
  const buf = Buffer.from(b);
  const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
  const d4 = buf.subarray(8, 16).toString('hex').toUpperCase();
  return `{${hex(buf.readUInt32LE(0), 8)}-${hex(buf.readUInt16LE(4), 4)}-${hex(buf.readUInt16LE(6), 4)}-${d4.slice(0, 4)}-${d4.slice(4)}}`;
}

/** The GUID at a guest address as its string form. */
export function guidAt(cx: ApiContext, p: number): string {
  return formatGuid(cx.mem.bytes(p, 16));
}

/** A registry default value as a string (REG_SZ / REG_EXPAND_SZ), or undefined. */
export function defaultString(v: { type: number; data: Buffer } | undefined): string | undefined {
  if (!v || (v.type !== 1 && v.type !== 2)) return undefined;
  const s = v.data.toString('utf16le');
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/** HKCR\<sub> in the run's registry. */
export function classesKey(cx: ApiContext, sub: string) {
  const r = registryOf(cx.machine);
  const root = r.root('HKEY_CLASSES_ROOT');
  return root && r.find(root, sub);
}

function progIdClsid(cx: ApiContext, progId: string): Buffer | undefined {
  if (!progId || /[\\]/.test(progId)) return undefined;
  const s = defaultString(classesKey(cx, `${progId}\\CLSID`)?.value(''));
  return s === undefined ? undefined : parseGuid(s);
}

function writeString(cx: ApiContext, out: number, s: string): number {
  const p = cx.machine.processHeap.alloc((s.length + 1) * 2, false);
  if (!p) return HR.E_OUTOFMEMORY;
  cx.mem.writeWstr(p, s);
  cx.mem.setU32(out, p);
  return HR.S_OK;
}

export const guid: ApiDef[] = [
  fn('CLSIDFromString(ptr lpsz, ptr pclsid): hex', (cx, lpsz: number, pclsid: number) => {
    if (!pclsid) return HR.E_INVALIDARG;
    if (!lpsz) {
      cx.mem.fill(pclsid, 16, 0);
      return HR.S_OK;
    }
    const s = cx.mem.wstr(lpsz, 256);
    const g = parseGuid(s) ?? progIdClsid(cx, s);
    if (!g) {
      cx.mem.fill(pclsid, 16, 0);
      return HR.CO_E_CLASSSTRING;
    }
    cx.mem.write(pclsid, g);
    return HR.S_OK;
  }),
  fn('IIDFromString(ptr lpsz, ptr lpiid): hex', (cx, lpsz: number, piid: number) => {
    if (!piid) return HR.E_INVALIDARG;
    if (!lpsz) {
      cx.mem.fill(piid, 16, 0);
      return HR.S_OK;
    }
    const g = parseGuid(cx.mem.wstr(lpsz, 256));
    if (!g) return HR.CO_E_IIDSTRING;
    cx.mem.write(piid, g);
    return HR.S_OK;
  }),
  fn('CLSIDFromProgID(wstr lpszProgID, ptr lpclsid): hex', (cx, p: number, pclsid: number) => {
    if (!p || !pclsid) return HR.E_INVALIDARG;
    const g = progIdClsid(cx, cx.mem.wstr(p, 256));
    if (!g) {
      cx.mem.fill(pclsid, 16, 0);
      return HR.CO_E_CLASSSTRING;
    }
    cx.mem.write(pclsid, g);
    return HR.S_OK;
  }),
  fn('ProgIDFromCLSID(ptr clsid, ptr lplpszProgID): hex', (cx, clsid: number, out: number) => {
    if (!out) return HR.E_INVALIDARG;
    cx.mem.setU32(out, 0);
    const k = classesKey(cx, `CLSID\\${guidAt(cx, clsid)}`);
    if (!k) return HR.REGDB_E_CLASSNOTREG;
    const s = defaultString(k.child('ProgID')?.value(''));
    if (s === undefined) return HR.REGDB_E_CLASSNOTREG; // Wine compobj.c: no ProgID subkey
    return writeString(cx, out, s);
  }),
  fn('StringFromGUID2(ptr rguid, ptr lpsz, i32 cchMax): i32', (cx, g: number, lpsz: number, cch: number) => {
    const s = guidAt(cx, g);
    if (cch < s.length + 1 || !lpsz) return 0;
    cx.mem.writeWstr(lpsz, s);
    return s.length + 1;
  }),
  fn('StringFromCLSID(ptr rclsid, ptr lplpsz): hex', (cx, g: number, out: number) => (out ? writeString(cx, out, guidAt(cx, g)) : HR.E_INVALIDARG)),
  fn('StringFromIID(ptr rclsid, ptr lplpsz): hex', (cx, g: number, out: number) => (out ? writeString(cx, out, guidAt(cx, g)) : HR.E_INVALIDARG)),
  fn('CoCreateGuid(ptr pguid): hex', (cx, p: number) => {
    if (!p) return HR.E_INVALIDARG;
    const b = Buffer.alloc(16);
    for (let i = 0; i < 16; i += 4) b.writeUInt32LE(cx.machine.random.nextU32() >>> 0, i);
    b[7] = (b[7]! & 0x0f) | 0x40; // version 4 (Data3's high nibble)
    b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
    cx.mem.write(p, b);
    return HR.S_OK;
  }),
];
