/**
 * Byte-order helpers and address text conversion: htons, htonl, ntohs, ntohl, inet_addr, inet_ntoa
 * (none of them needs WSAStartup, as on Windows); WSAHtonl, WSAHtons, WSANtohl, WSANtohs,
 * WSAAddressToStringW, WSAStringToAddressW (ws2.dll: these do).
 *
 * Checks, in this order:
 *   WSAHtonl & co.       WSANOTINITIALISED, WSAENOTSOCK (common.ts), WSAEFAULT (out pointer NULL or
 *                        not writable).
 *   WSAAddressToStringW  WSANOTINITIALISED, WSAEFAULT (lpsaAddress / lpdwAddressStringLength not
 *                        readable), WSAEINVAL (family not AF_INET/AF_INET6, dwAddressLength too small
 *                        for it), WSAEFAULT (the string buffer NULL, too small or not writable:
 *                        *lpdwAddressStringLength is set to the characters needed, NUL included).
 *                        Text: "a.b.c.d[:port]", IPv6 "[addr%scope]:port" or "addr[%scope]" (port 0).
 *   WSAStringToAddressW  WSANOTINITIALISED, WSAEFAULT (lpAddressLength not writable), WSAEINVAL
 *                        (family not AF_INET/AF_INET6, text not an address of that family), WSAEFAULT
 *                        (*lpAddressLength smaller than the sockaddr: set to the size needed).
 *                        IPv4 accepts the dotted forms inet_addr accepts, with an optional ":port".
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then the CE 6.0
 * WSAHtonl/WSAAddressToString/WSAStringToAddress pages; WSAHtonl & co. are socket calls (the prolog
 * first).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { AF_INET, AF_INET6, SOCKET_ERROR, WSA } from './constants.js';
import { winsockState, type WinsockState } from './state.js';
import { fail, socketFor } from './common.js';
import { formatIPv6, parseIPv6 } from './host/sockaddr.js';
import { winsockStateIfAny } from './state.js';

const INADDR_NONE = 0xffff_ffff;

const swap16 = (x: number) => ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
const swap32 = (x: number) => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

/**
 * inet_addr's grammar (BSD inet_aton, as Winsock): "a.b.c.d", "a.b.c" (c 16 bits), "a.b" (b 24 bits),
 * "a" (32 bits); each part decimal, octal (leading 0) or hex (0x). Trailing text after a space is
 * ignored. Returns the address in network order as the u32 a guest reads from memory, or INADDR_NONE.
 * A string that starts with a space (" ") is 0: documented for Winsock 2 ("If you pass in " " (a
 * space) to the inet_addr function, inet_addr returns zero"; palsuite inet_addr; issue 18). The
 * empty string stays INADDR_NONE (the documented Windows Server 2003 and later behaviour).
 */
export function parseInetAddr(text: string): number {
  const sp = text.search(/[ \t]/);
  if (sp === 0) return 0;
  const s = sp >= 0 ? text.slice(0, sp) : text;
  if (s === '') return INADDR_NONE;
  const parts = s.split('.');
  if (parts.length > 4) return INADDR_NONE;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length > 2 ? parseInt(p.slice(2), 16) : 0;
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = parseInt(p, 10);
    else return INADDR_NONE;
    vals.push(v);
  }
  let host: number;
  const n = vals.length;
  const last = vals[n - 1]!;
  const maxLast = [0xffffffff, 0xffffff, 0xffff, 0xff][n - 1]!;
  if (last > maxLast) return INADDR_NONE;
  for (let i = 0; i < n - 1; i++) if (vals[i]! > 0xff) return INADDR_NONE;
  if (n === 1) host = last;
  else if (n === 2) host = (vals[0]! << 24) | last;
  else if (n === 3) host = (vals[0]! << 24) | (vals[1]! << 16) | last;
  else host = (vals[0]! << 24) | (vals[1]! << 16) | (vals[2]! << 8) | last;
  return swap32(host >>> 0);
}

export const convert: ApiDef[] = [
  fn('htons(u32 hostshort): u32', (_cx, x: number) => swap16(x)),
  fn('ntohs(u32 netshort): u32', (_cx, x: number) => swap16(x)),
  fn('htonl(u32 hostlong): u32', (_cx, x: number) => swap32(x)),
  fn('ntohl(u32 netlong): u32', (_cx, x: number) => swap32(x)),
  fn('inet_addr(str cp): hex', { fault: { kind: 'error', ret: INADDR_NONE, lastError: WSA.WSAEFAULT } }, (cx, p: number) => {
    if (p === 0) return INADDR_NONE;
    return parseInetAddr(cx.mem.str(p, 256));
  }),
  // The result lives in a per-thread buffer in guest memory, overwritten by the thread's next call.
  fn('inet_ntoa(hex in): ptr', { fault: { kind: 'error', ret: 0, lastError: WSA.WSAEFAULT } }, (cx, a: number) => {
    const st = winsockState(cx.machine);
    let buf = st.ntoaBuffers.get(cx.thread.id);
    if (buf === undefined) {
      buf = cx.machine.processHeap.alloc(16);
      if (!buf) return 0;
      st.ntoaBuffers.set(cx.thread.id, buf);
    }
    cx.mem.writeStr(buf, `${a & 0xff}.${(a >>> 8) & 0xff}.${(a >>> 16) & 0xff}.${a >>> 24}`);
    return buf;
  }),
  fn('WSAHtonl(socket s, u32 hostlong, ptr lpnetlong): i32', (cx, v: number, x: number, out: number) => byteOrder(cx, v, out, 4, swap32(x))),
  fn('WSAHtons(socket s, u32 hostshort, ptr lpnetshort): i32', (cx, v: number, x: number, out: number) => byteOrder(cx, v, out, 2, swap16(x))),
  fn('WSANtohl(socket s, u32 netlong, ptr lphostlong): i32', (cx, v: number, x: number, out: number) => byteOrder(cx, v, out, 4, swap32(x))),
  fn('WSANtohs(socket s, u32 netshort, ptr lphostshort): i32', (cx, v: number, x: number, out: number) => byteOrder(cx, v, out, 2, swap16(x))),

  fn(
    'WSAAddressToStringW(ptr lpsaAddress, u32 dwAddressLength, ptr lpProtocolInfo, ptr lpszAddressString, ptr lpdwAddressStringLength): i32',
    (cx, sa: number, salen: number, _info: number, out: number, lenPtr: number) => {
      if (!startedOnly(cx)) return fail(cx, WSA.WSANOTINITIALISED);
      if (sa === 0 || lenPtr === 0 || !cx.mem.isUserRange(sa, 2, 'read') || !cx.mem.isUserRange(lenPtr, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
      const fam = cx.mem.u16(sa);
      const need = fam === AF_INET ? 16 : fam === AF_INET6 ? 28 : 0;
      if (need === 0 || salen < need) return fail(cx, WSA.WSAEINVAL);
      if (!cx.mem.isUserRange(sa, need, 'read')) return fail(cx, WSA.WSAEFAULT);
      const port = (cx.mem.u8(sa + 2) << 8) | cx.mem.u8(sa + 3);
      let text: string;
      if (fam === AF_INET) {
        text = `${cx.mem.u8(sa + 4)}.${cx.mem.u8(sa + 5)}.${cx.mem.u8(sa + 6)}.${cx.mem.u8(sa + 7)}`;
        if (port !== 0) text += `:${port}`;
      } else {
        const scope = cx.mem.u32(sa + 24);
        text = formatIPv6(cx.mem.bytes(sa + 8, 16), 0) + (scope !== 0 ? `%${scope}` : '');
        if (port !== 0) text = `[${text}]:${port}`;
      }
      const cap = cx.mem.u32(lenPtr);
      cx.mem.setU32(lenPtr, text.length + 1);
      if (out === 0 || cap < text.length + 1 || !cx.mem.isUserRange(out, 2 * (text.length + 1), 'write')) return fail(cx, WSA.WSAEFAULT);
      cx.mem.writeWstr(out, text);
      return 0;
    },
  ),

  fn(
    'WSAStringToAddressW(wstr AddressString, i32 AddressFamily, ptr lpProtocolInfo, ptr lpAddress, ptr lpAddressLength): i32',
    (cx, str: number, fam: number, _info: number, out: number, lenPtr: number) => {
      if (!startedOnly(cx)) return fail(cx, WSA.WSANOTINITIALISED);
      if (lenPtr === 0 || !cx.mem.isUserRange(lenPtr, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
      if (fam !== AF_INET && fam !== AF_INET6) return fail(cx, WSA.WSAEINVAL);
      if (str === 0) return fail(cx, WSA.WSAEINVAL);
      const parsed = parseAddressText(cx.mem.wstr(str, 256), fam);
      if (parsed === undefined) return fail(cx, WSA.WSAEINVAL);
      const need = fam === AF_INET ? 16 : 28;
      if (cx.mem.i32(lenPtr) < need || out === 0 || !cx.mem.isUserRange(out, need, 'write')) {
        cx.mem.setU32(lenPtr, need);
        return fail(cx, WSA.WSAEFAULT);
      }
      cx.mem.fill(out, need, 0);
      cx.mem.setU16(out, fam);
      cx.mem.setU8(out + 2, parsed.port >>> 8);
      cx.mem.setU8(out + 3, parsed.port & 0xff);
      if (fam === AF_INET) cx.mem.write(out + 4, parsed.addr);
      else {
        cx.mem.write(out + 8, parsed.addr);
        cx.mem.setU32(out + 24, parsed.scope);
      }
      cx.mem.setU32(lenPtr, need);
      return 0;
    },
  ),
];

/** WSAStartup done (no socket or network check). */
function startedOnly(cx: ApiContext): WinsockState | undefined {
  const st = winsockStateIfAny(cx.machine);
  return st && st.startups > 0 ? st : undefined;
}

function byteOrder(cx: ApiContext, v: number, out: number, size: 2 | 4, value: number): number {
  const s = socketFor(cx, v, false, false);
  if (!s) return SOCKET_ERROR;
  if (out === 0 || !cx.mem.isUserRange(out, size, 'write')) return fail(cx, WSA.WSAEFAULT);
  if (size === 4) cx.mem.setU32(out, value);
  else cx.mem.setU16(out, value);
  return 0;
}

/** "a.b.c.d[:port]" / "addr[%scope]" / "[addr[%scope]]:port" for `fam`; undefined when not one. */
function parseAddressText(text: string, fam: number): { addr: Uint8Array; port: number; scope: number } | undefined {
  const portOf = (p: string | undefined): number | undefined => (p === undefined ? 0 : /^\d{1,5}$/.test(p) && Number(p) <= 65535 ? Number(p) : undefined);
  if (fam === AF_INET) {
    const m = /^([^:]+)(?::(.*))?$/.exec(text);
    if (!m || /[ \t]/.test(m[1]!)) return undefined;
    const a = parseInetAddr(m[1]!);
    const port = portOf(m[2]);
    if (port === undefined || (a === INADDR_NONE && m[1] !== '255.255.255.255')) return undefined;
    return { addr: Uint8Array.of(a & 0xff, (a >>> 8) & 0xff, (a >>> 16) & 0xff, a >>> 24), port, scope: 0 };
  }
  const m = /^\[([^\]]+)\](?::(.*))?$/.exec(text) ?? /^([^[\]]+)()$/.exec(text);
  if (!m) return undefined;
  const [addrText, scopeText] = m[1]!.split('%') as [string, string | undefined];
  const addr = parseIPv6(addrText);
  const port = portOf(m[2] === '' ? undefined : m[2]);
  const scope = scopeText === undefined ? 0 : /^\d+$/.test(scopeText) ? Number(scopeText) : -1;
  if (!addr || port === undefined || scope < 0) return undefined;
  return { addr, port, scope };
}
