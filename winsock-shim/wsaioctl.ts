/**
 * WSAIoctl basics (winsock.dll ordinal 3, ws2.dll ordinal 21): the ioctlsocket commands through the
 * Winsock 2 interface, plus SIO_KEEPALIVE_VALS. All of them complete at once, so lpOverlapped and
 * lpCompletionRoutine are accepted and ignored, as Winsock does for immediate operations.
 *
 *   FIONBIO            in: u_long (non-zero = non-blocking)       out: nothing
 *   FIONREAD           out: u_long bytes readable                  (same rules as ioctlsocket)
 *   SIOCATMARK         out: BOOL (TRUE = no urgent data pending)
 *   SIO_KEEPALIVE_VALS in: struct tcp_keepalive { onoff, keepalivetime ms, keepaliveinterval ms }
 *   SIO_ADDRESS_LIST_CHANGE  no buffers: asks to be told when the local address list changes. The
 *                      device's address list is fixed for the whole run (the profile's network), so the
 *                      change never comes: on a non-blocking socket (FIONBIO, or put in that mode by
 *                      WSAAsyncSelect / WSAEventSelect) the call fails with WSAEWOULDBLOCK, which is how
 *                      Winsock 2 reports "registered, FD_ADDRESS_LIST_CHANGE will tell you" (MSDN
 *                      "SIO_ADDRESS_LIST_CHANGE"; CE 6's RTC SIP stack, rtcdll via msmsgs.exe, calls it
 *                      right after WSAAsyncSelect(FD_ADDRESS_LIST_CHANGE) and treats WSAEWOULDBLOCK as
 *                      success). A blocking or overlapped call would wait for ever: it stops the run
 *                      naming the case instead of hanging.
 *
 * Unknown codes give WSAEINVAL ("dwIoControlCode is not a valid command"); a too-small buffer gives
 * WSAEFAULT; *lpcbBytesReturned is set on success.
 *
 * Checks, in this order: common.ts's (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS; no network
 * check), WSAEFAULT (lpcbBytesReturned not writable), then per code: FIONBIO / FIONREAD / SIOCATMARK
 * WSAEFAULT (the in or out buffer NULL or shorter than 4) and ioctlsocket's checks;
 * SIO_KEEPALIVE_VALS WSAEFAULT (in buffer shorter than 12), WSAEINVAL (not a stream socket); any
 * other code WSAEINVAL. Reference: CE 6's ws2.dll WSAIoctl (corpus binary) runs the socket prolog
 * (WSANOTINITIALISED, then the handle lookup: WSAENOTSOCK) before the provider's WSPIoctl sees any
 * argument, so a bad lpcbBytesReturned on a non-socket is WSAENOTSOCK (it was WSAEFAULT before this
 * audit, checked first).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import * as L from './host/libc.js';
import { FIONBIO, FIONREAD, SIOCATMARK, WSA } from './constants.js';
import { fail, socketFor } from './common.js';
import { options } from './options.js';

export const SIO_KEEPALIVE_VALS = 0x9800_0004;
/** _WSAIO(IOC_WS2, 23): IOC_VOID | IOC_WS2 | 23. */
export const SIO_ADDRESS_LIST_CHANGE = 0x2800_0017;

const ioctlsocket = options.find((d) => d.name === 'ioctlsocket')!.handler;

function done(cx: ApiContext, returnedPtr: number, n: number): number {
  if (returnedPtr) cx.mem.setU32(returnedPtr, n);
  return 0;
}

export const wsaioctl: ApiDef[] = [
  fn(
    'WSAIoctl(socket s, hex dwIoControlCode, ptr lpvInBuffer, u32 cbInBuffer, ptr lpvOutBuffer, u32 cbOutBuffer, ptr lpcbBytesReturned, ptr lpOverlapped, ptr lpCompletionRoutine): i32',
    (cx, v: number, code: number, inBuf: number, inLen: number, outBuf: number, outLen: number, returned: number, overlapped: number) => {
      if (!socketFor(cx, v, false)) return -1;
      if (returned && !cx.mem.isUserRange(returned, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
      switch (code >>> 0) {
        case FIONBIO: {
          if (inLen < 4 || !inBuf) return socketFor(cx, v, false) ? fail(cx, WSA.WSAEFAULT) : -1;
          const r = ioctlsocket(cx, v, FIONBIO, inBuf) as number;
          return r === 0 ? done(cx, returned, 0) : r;
        }
        case FIONREAD:
        case SIOCATMARK: {
          if (outLen < 4 || !outBuf) return socketFor(cx, v, false) ? fail(cx, WSA.WSAEFAULT) : -1;
          const r = ioctlsocket(cx, v, code >>> 0, outBuf) as number;
          return r === 0 ? done(cx, returned, 4) : r;
        }
        case SIO_KEEPALIVE_VALS: {
          const s = socketFor(cx, v, false);
          if (!s) return -1;
          if (inLen < 12 || !inBuf) return fail(cx, WSA.WSAEFAULT);
          const on = cx.mem.u32(inBuf) !== 0;
          const time = cx.mem.u32(inBuf + 4);
          const interval = cx.mem.u32(inBuf + 8);
          if (!s.stream) return fail(cx, WSA.WSAEINVAL);
          s.keepAlive = on;
          s.host.setsockoptInt(L.SOL_SOCKET, L.SO_KEEPALIVE, on ? 1 : 0);
          if (on) {
            s.host.setsockoptInt(L.IPPROTO_TCP, L.TCP_KEEPIDLE, Math.max(1, Math.round(time / 1000)));
            s.host.setsockoptInt(L.IPPROTO_TCP, L.TCP_KEEPINTVL, Math.max(1, Math.round(interval / 1000)));
          }
          return done(cx, returned, 0);
        }
        case SIO_ADDRESS_LIST_CHANGE: {
          const s = socketFor(cx, v, false);
          if (!s) return -1;
          if (s.nonBlocking && !overlapped) return fail(cx, WSA.WSAEWOULDBLOCK);
          throw new UnimplementedFeature(
            `WSAIoctl(SIO_ADDRESS_LIST_CHANGE) on a ${overlapped ? 'overlapped' : 'blocking'} call: the address list never changes, it would wait for ever`,
          );
        }
        default:
          return socketFor(cx, v, false) ? fail(cx, WSA.WSAEINVAL) : -1;
      }
    },
  ),
];
