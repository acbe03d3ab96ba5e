/**
 * Byte-order helpers and IPv4 text conversion: htons, htonl, ntohs, ntohl, inet_addr, inet_ntoa.
 * None of them needs WSAStartup (as on Windows).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import { WSA } from './constants.js';
import { winsockState } from './state.js';

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
];
