/**
 * The name-space (RnR) functions of ws2.dll: WSAEnumNameSpaceProvidersW, WSALookupServiceBeginW,
 * WSALookupServiceNextW, WSALookupServiceEnd, WSANSPIoctl, WSASetServiceW.
 *
 * What a CE device has: one name-space provider, "Windows CE DNS/WINS Name Resolver" (nspm.dll,
 * NS_DNS, version 0, provider id {3C8441D3-B4F9-4EA0-8974-F4C349665191}): CE 6's ws2instl.dll
 * installs exactly that (WSCInstallNameSpace in InstallNSPM, read from the corpus binary), and
 * "Compatible Name Resolution for TCP/IP in the Windows Sockets 1.1 API" (CE 6.0) says ws2.dll
 * answers gethostbyname / gethostbyaddr as WSALookupServiceBegin/Next/End queries with the special
 * service classes SVCID_INET_HOSTADDRBYNAME / SVCID_INET_HOSTADDRBYINETSTRING, constrained to the
 * AF_INET name spaces. So a guest query of those classes is answered here by gethostbyname's own
 * resolution (resolve.ts: numeric, hosts map, .invalid, the device name, the host resolver under the
 * network policy), SVCID_HOSTNAME too (the device name for a NULL instance name). Results, as the
 * "Basic Approach for getXbyY in the SPI" (CE 6.0) and the desktop's gethostbyname-in-the-SPI page
 * describe them: LUP_RETURN_NAME the host name, LUP_RETURN_ADDR one CSADDR_INFO per address (remote
 * sockaddr_in with port 0, SOCK_STREAM/IPPROTO_TCP, local address the any address), LUP_RETURN_BLOB a
 * HOSTENT with offsets (relative to the blob) instead of pointers. One result set per query, then
 * WSA_E_NO_MORE.
 *
 * Checks, in this order:
 *   WSAEnumNameSpaceProvidersW  WSANOTINITIALISED, WSAEFAULT (lpdwBufferLength not a writable DWORD;
 *       buffer NULL or smaller than needed: *lpdwBufferLength set to the size needed, the desktop page's
 *       rule; buffer not writable). Returns the number of providers (1).
 *   WSALookupServiceBeginW  WSANOTINITIALISED, WSAEINVAL (lpqsRestrictions or lphLookup NULL), WSAEFAULT
 *       (the WSAQUERYSETW not readable, dwSize smaller than a WSAQUERYSETW, lphLookup not writable),
 *       WSAEINVAL (lpServiceClassId NULL: the desktop page makes it required), WSAENETDOWN (network
 *       policy 'none', as every resolver call), WSAEINVAL (a name space other than NS_ALL/NS_DNS, or a
 *       provider id not the device's: no provider serves the query), WSASERVICE_NOT_FOUND (a service
 *       class the DNS provider does not know), then the lookup's own answer (WSAHOST_NOT_FOUND,
 *       WSANO_DATA, WSATRY_AGAIN: resolve.ts), reported by Begin, which makes the query.
 *   WSALookupServiceNextW  WSANOTINITIALISED, WSA_INVALID_HANDLE (not a lookup handle, or ended),
 *       WSAEFAULT (lpdwBufferLength not a writable DWORD), WSA_E_NO_MORE (the result set was returned),
 *       WSAEFAULT (*lpdwBufferLength smaller than the result: set to the size needed; lpqsResults not
 *       writable).
 *   WSALookupServiceEnd  WSANOTINITIALISED, WSA_INVALID_HANDLE.
 *   WSANSPIoctl  WSANOTINITIALISED, WSA_INVALID_HANDLE, then WSAEOPNOTSUPP: the DNS provider has no
 *       ioctl (on Windows only the NLA name space supports SIO_NSP_NOTIFY_CHANGE; the WSANSPIoctl page:
 *       "WSAEOPNOTSUPP: the operation is not supported by the provider").
 *   WSASetServiceW  WSANOTINITIALISED, WSAEINVAL (lpqsRegInfo NULL, essOperation not REGISTER/DELETE),
 *       WSAEFAULT (not readable), then WSASERVICE_NOT_FOUND for RNRSERVICE_DELETE (nothing is ever
 *       registered) and WSAEACCES for RNRSERVICE_REGISTER: DNS is a static name space and the device's
 *       only provider takes no registrations (both codes from the WSASetService page's list).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { defineSlot } from '../emulator/core/slot.js';
import { AF_INET, IPPROTO_TCP, SOCK_STREAM, SOCKET_ERROR, WSA } from './constants.js';
import { WSA_INVALID_HANDLE } from './events.js';
import { winsockStateIfAny } from './state.js';
import { type Addr, type Answer, deviceNameOf, parkFor, parseAddr, resolveName, reverseName } from './resolve.js';

export const NS_ALL = 0;
export const NS_DNS = 12;
export const WSA_E_NO_MORE = 10110;
export const WSASERVICE_NOT_FOUND = 10108;
const LUP_RETURN_NAME = 0x10;
const LUP_RETURN_ADDR = 0x100;
const LUP_RETURN_BLOB = 0x200;
const RNRSERVICE_REGISTER = 0;
const RNRSERVICE_DELETE = 2;
const QUERYSET_SIZE = 60;
const NAMESPACE_INFO_SIZE = 32;
const CSADDR_SIZE = 24;

/** A GUID as its 16 bytes in memory (Data1..3 little-endian). */
function guidBytes(d1: number, d2: number, d3: number, d4: number[]): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint32(0, d1, true);
  v.setUint16(4, d2, true);
  v.setUint16(6, d3, true);
  b.set(d4, 8);
  return b;
}
const SVCID = (n: number) => guidBytes(n, 0, 0, [0xc0, 0, 0, 0, 0, 0, 0, 0x46]); // svcguid.h
const SVCID_HOSTNAME = SVCID(0x0002a800);
const SVCID_INET_HOSTADDRBYINETSTRING = SVCID(0x0002a801);
const SVCID_INET_HOSTADDRBYNAME = SVCID(0x0002a803);
/** The device's provider: nspm.dll as CE 6's ws2instl.dll installs it. */
const PROVIDER_ID = guidBytes(0x3c8441d3, 0xb4f9, 0x4ea0, [0x89, 0x74, 0xf4, 0xc3, 0x49, 0x66, 0x51, 0x91]);
const PROVIDER_NAME = 'Windows CE DNS/WINS Name Resolver';

const same = (a: Uint8Array, b: Uint8Array) => a.every((x, i) => x === b[i]);

interface Lookup {
  flags: number;
  cls: Uint8Array;
  name: string;
  addrs: Addr[];
  done: boolean;
}
const lookupsSlot = defineSlot('winsock-nsp-lookups', () => ({ next: 0x5a00_0001, open: new Map<number, Lookup>() }));

function started(cx: ApiContext): boolean {
  const st = winsockStateIfAny(cx.machine);
  return !!st && st.startups > 0;
}

/** The lookup for handle `h`, or undefined with the last error set (WSANOTINITIALISED, WSA_INVALID_HANDLE). */
function lookupFor(cx: ApiContext, h: number): Lookup | undefined {
  if (!started(cx)) return void (cx.thread.lastError = WSA.WSANOTINITIALISED);
  const l = lookupsSlot.of(cx.machine).open.get(h);
  if (!l) cx.thread.lastError = WSA_INVALID_HANDLE;
  return l;
}

/** The HOSTENT of a result as a blob: offsets from the blob's start instead of pointers. */
function hostentBlob(name: string, addrs: Addr[]): Uint8Array {
  const n = addrs.length;
  const size = 16 + 4 + 4 * (n + 1) + 4 * n + name.length + 1;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  const aliases = 16;
  const list = 20;
  const data = list + 4 * (n + 1);
  const nameAt = data + 4 * n;
  v.setUint32(0, nameAt, true);
  v.setUint32(4, aliases, true);
  v.setUint16(8, AF_INET, true);
  v.setUint16(10, 4, true);
  v.setUint32(12, list, true);
  addrs.forEach((a, i) => {
    v.setUint32(list + 4 * i, data + 4 * i, true);
    b.set(a.bytes, data + 4 * i);
  });
  for (let i = 0; i < name.length; i++) b[nameAt + i] = name.charCodeAt(i) & 0xff;
  return b;
}

/** Writes the result set of `l` at `out` (capacity `cap`); returns the bytes needed (writes only when they fit). */
function writeResult(cx: ApiContext, l: Lookup, flags: number, out: number, cap: number): number {
  const wantName = (flags & LUP_RETURN_NAME) !== 0;
  const wantAddr = (flags & LUP_RETURN_ADDR) !== 0;
  const blob = flags & LUP_RETURN_BLOB ? hostentBlob(l.name, l.addrs) : undefined;
  let need = QUERYSET_SIZE + 32; // the set, the class GUID, the provider GUID
  const nameAt = need;
  if (wantName) need += 2 * (l.name.length + 1);
  need = (need + 3) & ~3;
  const csAt = need;
  if (wantAddr) need += (CSADDR_SIZE + 32) * l.addrs.length;
  const blobAt = need;
  if (blob) need += 8 + blob.length;
  if (need > cap) return need;
  const m = cx.mem;
  m.check(out, need, 'write');
  m.fill(out, QUERYSET_SIZE, 0);
  m.setU32(out, QUERYSET_SIZE);
  m.write(out + QUERYSET_SIZE, l.cls);
  m.write(out + QUERYSET_SIZE + 16, PROVIDER_ID);
  m.setU32(out + 8, out + QUERYSET_SIZE);
  m.setU32(out + 20, NS_DNS);
  m.setU32(out + 24, out + QUERYSET_SIZE + 16);
  if (wantName) {
    m.writeWstr(out + nameAt, l.name);
    m.setU32(out + 4, out + nameAt);
  }
  if (wantAddr) {
    const n = l.addrs.length;
    const sockaddrs = out + csAt + CSADDR_SIZE * n;
    l.addrs.forEach((a, i) => {
      const cs = out + csAt + CSADDR_SIZE * i;
      const local = sockaddrs + 32 * i;
      const remote = local + 16;
      m.fill(local, 32, 0);
      m.setU16(local, AF_INET);
      m.setU16(remote, AF_INET);
      m.write(remote + 4, a.bytes);
      m.setU32(cs, local);
      m.setU32(cs + 4, 16);
      m.setU32(cs + 8, remote);
      m.setU32(cs + 12, 16);
      m.setU32(cs + 16, SOCK_STREAM);
      m.setU32(cs + 20, IPPROTO_TCP);
    });
    m.setU32(out + 44, n);
    m.setU32(out + 48, out + csAt);
  }
  if (blob) {
    m.setU32(out + blobAt, blob.length);
    m.setU32(out + blobAt + 4, out + blobAt + 8);
    m.write(out + blobAt + 8, blob);
    m.setU32(out + 56, out + blobAt);
  }
  return need;
}

export const nsp: ApiDef[] = [
  fn('WSAEnumNameSpaceProvidersW(ptr lpdwBufferLength, ptr lpnspBuffer): i32', (cx, lenPtr: number, buf: number) => {
    if (!started(cx)) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
    if (!cx.mem.isUserRange(lenPtr, 4, 'write')) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
    const need = NAMESPACE_INFO_SIZE + 2 * (PROVIDER_NAME.length + 1);
    if (buf === 0 || cx.mem.u32(lenPtr) < need) {
      cx.mem.setU32(lenPtr, need);
      return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
    }
    if (!cx.mem.isUserRange(buf, need, 'write')) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
    cx.mem.write(buf, PROVIDER_ID);
    cx.mem.setU32(buf + 16, NS_DNS);
    cx.mem.setU32(buf + 20, 1); // fActive
    cx.mem.setU32(buf + 24, 0); // dwVersion, as ws2instl.dll installs it
    cx.mem.writeWstr(buf + NAMESPACE_INFO_SIZE, PROVIDER_NAME);
    cx.mem.setU32(buf + 28, buf + NAMESPACE_INFO_SIZE);
    return 1;
  }),

  fn(
    'WSALookupServiceBeginW(ptr lpqsRestrictions, hex dwControlFlags, ptr lphLookup): i32',
    { blocking: true },
    (cx, qs: number, flags: number, hOut: number) => {
      if (!started(cx)) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
      if (qs === 0 || hOut === 0) return cx.fail(SOCKET_ERROR, WSA.WSAEINVAL);
      const m = cx.mem;
      if (!m.isUserRange(qs, QUERYSET_SIZE, 'read') || m.u32(qs) < QUERYSET_SIZE || !m.isUserRange(hOut, 4, 'write'))
        return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
      const clsPtr = m.u32(qs + 8);
      if (clsPtr === 0) return cx.fail(SOCKET_ERROR, WSA.WSAEINVAL);
      const cls = Uint8Array.from(m.bytes(clsPtr, 16));
      if (winsockStateIfAny(cx.machine)!.network === 'none') return cx.fail(SOCKET_ERROR, WSA.WSAENETDOWN);
      const ns = m.u32(qs + 20);
      const provPtr = m.u32(qs + 24);
      if ((ns !== NS_ALL && ns !== NS_DNS) || (provPtr !== 0 && !same(m.bytes(provPtr, 16), PROVIDER_ID))) return cx.fail(SOCKET_ERROR, WSA.WSAEINVAL);
      const namePtr = m.u32(qs + 4);
      const name = namePtr ? m.wstr(namePtr, 256) : '';
      const byName = same(cls, SVCID_INET_HOSTADDRBYNAME) || same(cls, SVCID_HOSTNAME);
      const byAddr = same(cls, SVCID_INET_HOSTADDRBYINETSTRING);
      if (!byName && !byAddr) return cx.fail(SOCKET_ERROR, WSASERVICE_NOT_FOUND);
      const table = lookupsSlot.of(cx.machine);
      const open = (n: string, addrs: Addr[]): number => {
        const h = table.next++;
        table.open.set(h, { flags, cls, name: n, addrs, done: false });
        m.setU32(hOut, h);
        return 0;
      };
      if (byAddr) {
        const a = parseAddr(name);
        if (!a || a.family !== 4) return cx.fail(SOCKET_ERROR, WSA.WSAHOST_NOT_FOUND);
        return parkFor(cx, `WSALookupServiceBeginW(${name})`, (finish) =>
          reverseName(cx, a, (r) => ('error' in r ? finish(SOCKET_ERROR, r.error) : finish(open(r.name, [a])))),
        );
      }
      const device = deviceNameOf(cx);
      return parkFor(cx, `WSALookupServiceBeginW(${name})`, (finish) =>
        resolveName(cx, name, 4, (a: Answer) => ('error' in a ? finish(SOCKET_ERROR, a.error) : finish(open(a.name || device, a.addrs.slice(0, 16))))),
      );
    },
  ),

  fn(
    'WSALookupServiceNextW(handle hLookup, hex dwControlFlags, ptr lpdwBufferLength, ptr lpqsResults): i32',
    (cx, h: number, flags: number, lenPtr: number, out: number) => {
      const l = lookupFor(cx, h);
      if (!l) return cx.fail(SOCKET_ERROR, cx.thread.lastError);
      if (!cx.mem.isUserRange(lenPtr, 4, 'write')) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
      if (l.done) return cx.fail(SOCKET_ERROR, WSA_E_NO_MORE);
      const cap = out === 0 ? 0 : cx.mem.u32(lenPtr);
      const need = writeResult(cx, l, l.flags | flags, out, cap);
      if (need > cap) {
        cx.mem.setU32(lenPtr, need);
        return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
      }
      l.done = true;
      return 0;
    },
  ),

  fn('WSALookupServiceEnd(handle hLookup): i32', (cx, h: number) => {
    if (!lookupFor(cx, h)) return cx.fail(SOCKET_ERROR, cx.thread.lastError);
    lookupsSlot.of(cx.machine).open.delete(h);
    return 0;
  }),

  fn(
    'WSANSPIoctl(handle hLookup, hex dwControlCode, ptr lpvInBuffer, u32 cbInBuffer, ptr lpvOutBuffer, u32 cbOutBuffer, ptr lpcbBytesReturned, ptr lpCompletion): i32',
    // Not a stub: the checks run, then the documented answer of the device's only provider (header).
    (cx, h: number) => {
      if (!lookupFor(cx, h)) return cx.fail(SOCKET_ERROR, cx.thread.lastError);
      return cx.fail(SOCKET_ERROR, WSA.WSAEOPNOTSUPP);
    },
  ),

  fn(
    'WSASetServiceW(ptr lpqsRegInfo, i32 essOperation, hex dwControlFlags): i32',
    { stub: 'DNS takes no registrations: WSAEACCES (register), WSASERVICE_NOT_FOUND (delete)' },
    (cx, qs: number, op: number) => {
      if (!started(cx)) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
      if (qs === 0 || (op !== RNRSERVICE_REGISTER && op !== RNRSERVICE_DELETE)) return cx.fail(SOCKET_ERROR, WSA.WSAEINVAL);
      if (!cx.mem.isUserRange(qs, QUERYSET_SIZE, 'read')) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
      return cx.fail(SOCKET_ERROR, op === RNRSERVICE_DELETE ? WSASERVICE_NOT_FOUND : WSA.WSAEACCES);
    },
  ),
];
