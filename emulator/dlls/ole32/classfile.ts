/**
 * ole32 GetClassFile (urlmon imports it): the class of a file, in the order the Win32 documentation
 * gives: (1) a compound file: the class its root storage was given (IStorage::SetClass); (2) a match of
 * the file's bytes against the patterns under HKCR\FileType\{clsid}\<n> ("offset, cb, mask, value",
 * hexadecimal; the mask may be empty; a negative offset counts from the end); (3) the extension:
 * HKCR\.ext's default value is a ProgID whose CLSID key names the class. Nothing matches:
 * MK_E_INVALIDEXTENSION; a file that cannot be opened: MK_E_CANTOPENFILE; NULL arguments: E_INVALIDARG.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { parseCfb } from './cfb-format.js';
import { classesKey, defaultString, parseGuid } from './guid.js';
import { HR } from './hresult.js';

const MK_E_CANTOPENFILE = 0x8004_01ea;
const MK_E_INVALIDEXTENSION = 0x8004_01e6;
const CFB_SIG = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function hexBytes(s: string): Buffer | undefined {
  const t = s.trim();
  return /^([0-9a-f]{2})*$/i.test(t) ? Buffer.from(t, 'hex') : undefined;
}

/** Whether `file` matches one "offset, cb, mask, value" pattern. */
function matches(file: Buffer, pattern: string): boolean {
  const [off, cb, mask, value] = pattern.split(',').map((x) => x.trim());
  const offset = Number.parseInt(off ?? '', 10);
  const count = Number.parseInt(cb ?? '', 10);
  const want = hexBytes(value ?? '');
  const m = mask ? hexBytes(mask) : undefined;
  if (!Number.isFinite(offset) || !Number.isFinite(count) || !want || want.length < count || (mask && (!m || m.length < count))) return false;
  const at = offset < 0 ? file.length + offset : offset;
  if (at < 0 || at + count > file.length) return false;
  for (let i = 0; i < count; i++) if ((file[at + i]! & (m ? m[i]! : 0xff)) !== want[i]) return false;
  return true;
}

function byPattern(cx: ApiContext, file: Buffer): Buffer | undefined {
  const types = classesKey(cx, 'FileType');
  for (const cls of types?.sortedSubkeys() ?? []) {
    const clsid = parseGuid(cls.name);
    if (!clsid) continue;
    for (const n of cls.sortedSubkeys()) {
      const p = defaultString(n.value(''));
      if (p !== undefined && matches(file, p)) return clsid;
    }
  }
  return undefined;
}

function byExtension(cx: ApiContext, path: string): Buffer | undefined {
  const m = /(\.[^.\\/]+)$/.exec(path);
  if (!m) return undefined;
  const progId = defaultString(classesKey(cx, m[1]!)?.value(''));
  if (!progId || progId.includes('\\')) return undefined;
  const s = defaultString(classesKey(cx, `${progId}\\CLSID`)?.value(''));
  return s === undefined ? undefined : parseGuid(s);
}

export const classfile: ApiDef[] = [
  fn('GetClassFile(wstr szFilename, ptr pclsid): hex', (cx, pName: number, out: number) => {
    if (!pName || !out) return HR.E_INVALIDARG;
    const path = cx.mem.wstr(pName, 1024);
    const fs = deviceFsOf(cx.machine);
    const r = fs.resolve(path);
    let file: Buffer;
    try {
      if (!r.ok || !r.exists || r.stat!.isDirectory()) return MK_E_CANTOPENFILE;
      file = fs.readFile(r.host);
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === undefined) throw e;
      return MK_E_CANTOPENFILE;
    }
    let clsid: Buffer | undefined;
    if (file.subarray(0, 8).equals(CFB_SIG)) {
      try {
        clsid = parseCfb(file).clsid;
      } catch {
        clsid = undefined; // a damaged compound file: go on with the patterns and the extension
      }
    }
    clsid ??= byPattern(cx, file) ?? byExtension(cx, path);
    if (!clsid) {
      cx.mem.fill(out, 16, 0);
      return MK_E_INVALIDEXTENSION;
    }
    cx.mem.write(out, clsid);
    return HR.S_OK;
  }),
];
