/**
 * setsockopt / getsockopt / ioctlsocket. Winsock option levels, names and ioctl codes are not
 * Linux's; each supported option is mapped here. Values are Winsock's: BOOL options are ints
 * (setsockopt accepts optlen >= 1: a single byte is read as the BOOL), struct linger is two u_shorts,
 * SO_SNDTIMEO/SO_RCVTIMEO are DWORD milliseconds (enforced by the shim, the host fd never blocks).
 *
 * Checks, in this order (after common.ts's WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS; no
 * network check: options work with the network down):
 *   setsockopt   WSAEFAULT (optval NULL/unreadable, optlen < 1), WSAEINVAL (unknown level), then per
 *                option: WSAENOPROTOOPT (unknown or read-only option, option of another socket type),
 *                WSAEFAULT (optlen < 4 where a DWORD/struct is needed), WSAEINVAL (negative buffer
 *                size), then the host.
 *   getsockopt   WSAEINVAL (unknown level) before WSAEFAULT: Windows checks the level first
 *                (palsuite getsockopt with level 100 and a bogus optval; issue 18). Then WSAEFAULT
 *                (optlen NULL/unwritable, *optlen < 4, optval unwritable), WSAENOPROTOOPT.
 *   ioctlsocket  WSAEFAULT (argp NULL/unwritable), WSAEINVAL (unknown command; FIONREAD on a
 *                listening socket), then the host.
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then
 * setsockopt/getsockopt/ioctlsocket: the CE 6.0 pages' error lists, with Windows' level-first order for
 * getsockopt (palsuite, issue 18).
 */
import { readableBytes } from './readahead.js';
import { dgramPendingBytes } from './dgramqueue.js';
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import * as L from './host/libc.js';
import {
  FIONBIO,
  FIONREAD,
  IP_HDRINCL,
  IP_TOS,
  IP_TTL,
  IPPROTO_IP,
  IPPROTO_TCP,
  MAX_RAW4_PAYLOAD,
  MAX_RAW_HDRINCL,
  MAX_UDP4_PAYLOAD,
  MAX_UDP6_PAYLOAD,
  AF_INET6,
  SIOCATMARK,
  SOCK_RAW,
  SO_ACCEPTCONN,
  SO_BROADCAST,
  SO_DEBUG,
  SO_DONTLINGER,
  SO_DONTROUTE,
  SO_ERROR,
  SO_KEEPALIVE,
  SO_LINGER,
  SO_MAX_MSG_SIZE,
  SO_OOBINLINE,
  SO_RCVBUF,
  SO_RCVTIMEO,
  SO_REUSEADDR,
  SO_SNDBUF,
  SO_SNDTIMEO,
  SO_TYPE,
  SOL_SOCKET,
  TCP_NODELAY,
  WSA,
} from './constants.js';
import { fail, socketFor } from './common.js';
import type { GuestSocket, WinsockState } from './state.js';
import { winsockStateIfAny } from './state.js';

/** SO_MAX_MSG_SIZE: the largest datagram send() accepts (stream sockets: no limit, 0x7fffffff). */
export function maxMsgSize(s: GuestSocket): number {
  if (s.stream) return 0x7fff_ffff;
  if (s.type === SOCK_RAW) return s.hdrIncl ? MAX_RAW_HDRINCL : MAX_RAW4_PAYLOAD;
  return s.family === AF_INET6 ? MAX_UDP6_PAYLOAD : MAX_UDP4_PAYLOAD;
}

/** BOOL-valued SOL_SOCKET options that map 1:1 onto a Linux option. */
const BOOL_OPTS: Record<number, number> = {
  [SO_DEBUG]: L.SO_DEBUG,
  [SO_REUSEADDR]: L.SO_REUSEADDR,
  [SO_KEEPALIVE]: L.SO_KEEPALIVE,
  [SO_DONTROUTE]: L.SO_DONTROUTE,
  [SO_BROADCAST]: L.SO_BROADCAST,
  [SO_OOBINLINE]: L.SO_OOBINLINE,
};

function applyKeepAlive(st: WinsockState, s: GuestSocket): void {
  const k = st.keepAlive;
  if (!k || !s.stream) return;
  const h = s.host;
  h.setsockoptInt(L.IPPROTO_TCP, L.TCP_KEEPIDLE, Math.max(1, Math.round(k.timeMs / 1000)));
  h.setsockoptInt(L.IPPROTO_TCP, L.TCP_KEEPINTVL, Math.max(1, Math.round(k.intervalMs / 1000)));
  h.setsockoptInt(L.IPPROTO_TCP, L.TCP_KEEPCNT, Math.max(1, k.probes));
}

function readOptInt(cx: ApiContext, p: number, len: number): number {
  return len >= 4 ? cx.mem.i32(p) : cx.mem.u8(p);
}

export const options: ApiDef[] = [
  fn('setsockopt(socket s, i32 level, hex optname, ptr optval, i32 optlen): i32', (cx, v: number, level: number, name: number, val: number, len: number) => {
    const s = socketFor(cx, v, false);
    if (!s) return fail(cx, cx.thread.lastError);
    if (len < 1 || val === 0 || !cx.mem.isUserRange(val, len, 'read')) return fail(cx, WSA.WSAEFAULT);
    const h = s.host;
    let r = 0;
    if (level === SOL_SOCKET) {
      const lin = BOOL_OPTS[name];
      if (lin !== undefined) {
        const on = readOptInt(cx, val, len) !== 0 ? 1 : 0;
        r = h.setsockoptInt(L.SOL_SOCKET, lin, on);
        if (r === 0) {
          if (name === SO_BROADCAST) s.broadcast = on === 1;
          else if (name === SO_OOBINLINE) s.oobInline = on === 1;
          else if (name === SO_KEEPALIVE) {
            s.keepAlive = on === 1;
            if (on) applyKeepAlive(winsockStateIfAny(cx.machine)!, s);
          }
        }
      } else if (name === SO_LINGER) {
        if (len < 4) return fail(cx, WSA.WSAEFAULT);
        if (!s.stream) return fail(cx, WSA.WSAENOPROTOOPT);
        r = h.setLinger(cx.mem.u16(val) !== 0, cx.mem.u16(val + 2));
      } else if (name === SO_DONTLINGER) {
        if (!s.stream) return fail(cx, WSA.WSAENOPROTOOPT);
        r = h.setLinger(readOptInt(cx, val, len) === 0, 0);
      } else if (name === SO_SNDBUF || name === SO_RCVBUF) {
        if (len < 4) return fail(cx, WSA.WSAEFAULT);
        const n = cx.mem.i32(val);
        if (n < 0) return fail(cx, WSA.WSAEINVAL);
        r = h.setsockoptInt(L.SOL_SOCKET, name === SO_SNDBUF ? L.SO_SNDBUF : L.SO_RCVBUF, n);
        if (r === 0 && name === SO_SNDBUF) {
          s.sndBuf = n;
          s.cqCredit = 0; // coalescing credit is recomputed against the new size
        } else if (r === 0) s.rcvBuf = n;
      } else if (name === SO_SNDTIMEO || name === SO_RCVTIMEO) {
        if (len < 4) return fail(cx, WSA.WSAEFAULT);
        const ms = cx.mem.u32(val);
        if (name === SO_SNDTIMEO) s.sndTimeo = ms;
        else s.rcvTimeo = ms;
      } else {
        return fail(cx, WSA.WSAENOPROTOOPT); // unknown, or read-only (SO_TYPE, SO_ERROR, ...)
      }
    } else if (level === IPPROTO_TCP) {
      if (!s.stream || name !== TCP_NODELAY) return fail(cx, WSA.WSAENOPROTOOPT);
      const on = readOptInt(cx, val, len) !== 0;
      r = h.setsockoptInt(L.IPPROTO_TCP, L.TCP_NODELAY, on ? 1 : 0);
      if (r === 0) s.noDelay = on; // (socketFor flushed the coalesced bytes already)
    } else if (level === IPPROTO_IP) {
      if (name === IP_HDRINCL) {
        if (s.type !== SOCK_RAW) return fail(cx, WSA.WSAENOPROTOOPT);
        const on = readOptInt(cx, val, len) !== 0;
        r = h.setsockoptInt(L.IPPROTO_IP, L.IP_HDRINCL, on ? 1 : 0);
        if (r === 0) s.hdrIncl = on;
      } else if (name === IP_TTL || name === IP_TOS) {
        r = h.setsockoptInt(L.IPPROTO_IP, name === IP_TTL ? L.IP_TTL : L.IP_TOS, readOptInt(cx, val, len));
      } else {
        return fail(cx, WSA.WSAENOPROTOOPT);
      }
    } else {
      return fail(cx, WSA.WSAEINVAL);
    }
    return r < 0 ? fail(cx, -r) : 0;
  }),

  fn('getsockopt(socket s, i32 level, hex optname, ptr optval, ptr optlen): i32', (cx, v: number, level: number, name: number, val: number, lenPtr: number) => {
    const s = socketFor(cx, v, false);
    if (!s) return fail(cx, cx.thread.lastError);
    // Windows checks the level before the buffers (issue 18): WSAEINVAL for an unknown one.
    if (level !== SOL_SOCKET && level !== IPPROTO_TCP && level !== IPPROTO_IP) return fail(cx, WSA.WSAEINVAL);
    if (lenPtr === 0 || val === 0 || !cx.mem.isUserRange(lenPtr, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
    const cap = cx.mem.i32(lenPtr);
    if (cap < 4 || !cx.mem.isUserRange(val, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
    const h = s.host;
    let out: number;
    if (level === SOL_SOCKET) {
      const lin = BOOL_OPTS[name];
      if (lin !== undefined) out = h.getsockoptInt(L.SOL_SOCKET, lin) > 0 ? 1 : 0;
      else if (name === SO_LINGER || name === SO_DONTLINGER) {
        if (!s.stream) return fail(cx, WSA.WSAENOPROTOOPT);
        const lg = h.getLinger();
        if (typeof lg === 'number') return fail(cx, -lg);
        if (name === SO_DONTLINGER) out = lg.onoff ? 0 : 1;
        else {
          cx.mem.setU16(val, lg.onoff ? 1 : 0);
          cx.mem.setU16(val + 2, lg.seconds);
          cx.mem.setU32(lenPtr, 4);
          return 0;
        }
      } else if (name === SO_SNDBUF)
        out = s.sndBuf >= 0 ? s.sndBuf : h.bufferSize(L.SO_SNDBUF); // read back as set
      else if (name === SO_RCVBUF) out = s.rcvBuf >= 0 ? s.rcvBuf : h.bufferSize(L.SO_RCVBUF);
      else if (name === SO_SNDTIMEO) out = s.sndTimeo;
      else if (name === SO_RCVTIMEO) out = s.rcvTimeo;
      else if (name === SO_ERROR) {
        out = s.aborted ? WSA.WSAECONNABORTED : s.cqError !== 0 ? s.cqError : h.soError();
        s.cqError = 0; // a coalesced-send flush failure is reported here if no send/recv did
        if (out < 0) return fail(cx, -out);
      } else if (name === SO_TYPE) out = s.type;
      else if (name === SO_ACCEPTCONN) out = s.listening ? 1 : 0;
      else if (name === SO_MAX_MSG_SIZE) out = maxMsgSize(s);
      else return fail(cx, WSA.WSAENOPROTOOPT);
    } else if (level === IPPROTO_TCP) {
      if (!s.stream || name !== TCP_NODELAY) return fail(cx, WSA.WSAENOPROTOOPT);
      out = h.getsockoptInt(L.IPPROTO_TCP, L.TCP_NODELAY) > 0 ? 1 : 0;
    } else if (level === IPPROTO_IP) {
      if (name === IP_HDRINCL) {
        if (s.type !== SOCK_RAW) return fail(cx, WSA.WSAENOPROTOOPT);
        out = s.hdrIncl ? 1 : 0;
      } else if (name === IP_TTL || name === IP_TOS) out = h.getsockoptInt(L.IPPROTO_IP, name === IP_TTL ? L.IP_TTL : L.IP_TOS);
      else return fail(cx, WSA.WSAENOPROTOOPT);
    } else {
      return fail(cx, WSA.WSAEINVAL);
    }
    if (out < 0 && name !== SO_MAX_MSG_SIZE) return fail(cx, -out);
    cx.mem.setU32(val, out);
    cx.mem.setU32(lenPtr, 4);
    return 0;
  }),

  fn('ioctlsocket(socket s, hex cmd, ptr argp): i32', (cx, v: number, cmd: number, argp: number) => {
    const s = socketFor(cx, v, false);
    if (!s) return fail(cx, cx.thread.lastError);
    if (!cx.mem.isUserRange(argp, 4, 'write') || argp === 0) return fail(cx, WSA.WSAEFAULT);
    switch (cmd >>> 0) {
      case FIONBIO:
        s.nonBlocking = cx.mem.u32(argp) !== 0;
        return 0;
      case FIONREAD: {
        if (s.listening) return fail(cx, WSA.WSAEINVAL);
        const n = s.stream ? readableBytes(s) : dgramPendingBytes(s); // + read-ahead bytes (readahead.ts), queued datagrams (dgramqueue.ts)
        if (n < 0) return fail(cx, -n);
        cx.mem.setU32(argp, n);
        return 0;
      }
      case SIOCATMARK: {
        // Winsock's meaning: TRUE (1) when NO urgent data is waiting (in SO_OOBINLINE mode: until the
        // urgent byte has been read in-band); datagram sockets: always TRUE.
        const u = s.stream ? s.host.urgentPending() : 0;
        if (u < 0) return fail(cx, -u);
        cx.mem.setU32(argp, u === 0 ? 1 : 0);
        return 0;
      }
      default:
        return fail(cx, WSA.WSAEINVAL);
    }
  }),
];
