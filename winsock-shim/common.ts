/**
 * The checks every Winsock call on a socket starts with, in the order Winsock reports them:
 *
 *   WSANOTINITIALISED  no WSAStartup (or after the matching WSACleanup)
 *   WSAENOTSOCK        not a value from the socket table (never opened, closed, a kernel handle)
 *   WSAEINPROGRESS     a blocking Winsock call is in progress on this thread (Winsock 1.1 rule)
 *   WSAECONNABORTED    the circuit was terminated under the socket (network switched off)
 *   WSAENETDOWN        the network policy is 'none'
 *
 * Reference followed for this order: CE 6's ws2.dll (the corpus binary): every call on a socket
 * starts with one prolog that checks the start-up count (WSANOTINITIALISED) and then looks the
 * handle up in its socket table (WSAENOTSOCK, error 10038) before the provider (WSPxxx) sees the call;
 * the provider then reports the network state and checks the arguments. So WSAENOTSOCK always comes
 * before WSAENETDOWN and before any WSAEFAULT for a pointer argument, although the pages list
 * WSAENETDOWN first in their tables (the table order is not the check order).
 *
 * About WSAEINPROGRESS: Winsock 1.1 lets a thread re-enter Winsock while its own blocking call is
 * in progress only through a blocking hook (WSASetBlockingHook) or a window-message loop run by the
 * default hook. CE's Winsock has neither (no WSASetBlockingHook/WSAIsBlocking/WSACancelBlockingCall
 * exports, no message pumping inside calls), and a parked guest thread runs no guest code in wmemu
 * either. So `thread.inBlockingCall` (set by blocking.ts while parked) is checked, but a guest
 * cannot reach the check today; it is there for the day something does re-enter (a callback run on
 * a parked thread, an APC), and is tested at the API level.
 */
import type { ApiContext } from '../emulator/core/api/context.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import type { GuestSocket, WinsockState } from './state.js';
import { winsockState } from './state.js';
import { flushPending } from './coalesce.js';
import { winsockStateIfAny } from './state.js';

/** The Winsock state if WSAStartup has succeeded, else fails the call with WSANOTINITIALISED. */
export function started(cx: ApiContext): WinsockState | undefined {
  const st = winsockStateIfAny(cx.machine);
  if (st && st.startups > 0) return st;
  cx.thread.lastError = WSA.WSANOTINITIALISED;
  return undefined;
}

/** The state, created if needed (WSAStartup). */
export function stateOf(cx: ApiContext): WinsockState {
  return winsockState(cx.machine);
}

/**
 * The socket for value `s` after the common checks; undefined (last error set) if one fails.
 * `network`: also fail with WSAENETDOWN when the network is off (data and connection calls).
 * `flush`: write the socket's coalesced send bytes to the kernel first (every call but send; see
 * send.ts's header). A flush failure is kept for the next send/recv/SO_ERROR to report.
 */
export function socketFor(cx: ApiContext, s: number, network = true, flush = true): GuestSocket | undefined {
  const st = winsockStateIfAny(cx.machine);
  const t = cx.thread;
  if (!st || st.startups === 0) {
    t.lastError = WSA.WSANOTINITIALISED;
    return undefined;
  }
  const sock = st.sockets.get(s);
  if (sock === undefined) {
    t.lastError = WSA.WSAENOTSOCK;
    return undefined;
  }
  if (flush && sock.cqTail !== sock.cqHead) flushPending(sock);
  if (t.inBlockingCall) {
    t.lastError = WSA.WSAEINPROGRESS;
    return undefined;
  }
  if (network) {
    if (sock.aborted) {
      t.lastError = WSA.WSAECONNABORTED;
      return undefined;
    }
    if (st.network === 'none') {
      t.lastError = WSA.WSAENETDOWN;
      return undefined;
    }
  }
  return sock;
}

/** Fails the call: SOCKET_ERROR with `code` (a positive Winsock error). */
export function fail(cx: ApiContext, code: number): number {
  cx.thread.lastError = code;
  return SOCKET_ERROR;
}

/** Result of a host operation: r >= 0 as is, a negative Winsock error → SOCKET_ERROR + last error. */
export function result(cx: ApiContext, r: number): number {
  if (r >= 0) return r;
  cx.thread.lastError = -r;
  return SOCKET_ERROR;
}

/** True when a guest sockaddr at `addr` designates a loopback address (127/8, ::1, ::ffff:127/104). */
export function isLoopback(ram: Uint8Array, addr: number, len: number): boolean {
  const fam = ram[addr]! | (ram[addr + 1]! << 8);
  if (fam === 2 && len >= 16) return ram[addr + 4] === 127;
  if (fam === 23 && len >= 24) {
    const a = addr + 8;
    for (let i = 0; i < 10; i++) if (ram[a + i] !== 0) return false;
    if (ram[a + 10] === 0 && ram[a + 11] === 0) {
      for (let i = 12; i < 15; i++) if (ram[a + i] !== 0) return false;
      return ram[a + 15] === 1;
    }
    return ram[a + 10] === 0xff && ram[a + 11] === 0xff && ram[a + 12] === 127;
  }
  return false;
}
