/**
 * recv() and recvfrom(), with MSG_PEEK, MSG_OOB and MSG_WAITALL.
 *
 * Checks, in this order: the common ones (common.ts), then WSAENOBUFS (len < 0: Windows takes len
 * as an unsigned buffer size it cannot provide — palsuite recvfrom with len -1; issue 18), WSAEFAULT
 * (buf not entirely writable guest user memory; recvfrom's from/fromlen, *fromlen smaller than the
 * family's sockaddr), WSAEINVAL (unknown flags; an unbound datagram socket; MSG_OOB with
 * SO_OOBINLINE), WSAEOPNOTSUPP (MSG_OOB on a datagram socket), WSAESHUTDOWN (after SD_RECEIVE/SD_BOTH),
 * WSAENOTCONN (stream socket not connected). A truncated datagram fills the buffer and reports
 * WSAEMSGSIZE. Blocking calls park the thread until data (or EOF, or an error) arrives, SO_RCVTIMEO
 * expires (WSAETIMEDOUT), or the socket is closed by another thread (WSAEINTR).
 *
 * In-band stream receives go through the socket's read-ahead buffer (readahead.ts: one recv(2) of up
 * to 64 KiB serves many small recv calls; its rules keep MSG_PEEK, FIONREAD, readiness, SO_RCVBUF,
 * urgent data and the order of data, EOF and errors as without it). Datagram receives go through the
 * socket's datagram queue (dgramqueue.ts: one recvmmsg(2) serves many recvfrom calls; boundaries,
 * truncation, MSG_PEEK, FIONREAD, readiness, SO_RCVBUF, ICMP errors and connect() filtering as without
 * it). The first attempt runs without a closure or any allocation; a blocking call that finds nothing
 * parks without asking the kernel twice.
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then recv()/recvfrom():
 * the CE 6.0 recv/recvfrom pages' error lists for the provider's checks, with Windows' answer
 * (palsuite, issue 18) where it differs (WSAENOBUFS for len < 0).
 */
import { fn, type ApiDef, type BLOCKED } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { AF_INET6, MSG_OOB, MSG_PEEK, MSG_WAITALL, SOCKET_ERROR, WSA } from './constants.js';
import { E } from './host/libc.js';
import { socketFor } from './common.js';
import { parkOn, WAIT } from './blocking.js';
import type { GuestSocket } from './state.js';
import { captureRecv } from './hooks.js'; // issue 7 hook (--pcap)
import { readAheadAllowed, streamRecv } from './readahead.js';
import { dgramQueueAllowed, dgramRecv, NOT_QUEUED } from './dgramqueue.js';

const VALID_FLAGS = MSG_OOB | MSG_PEEK | MSG_WAITALL;

/** Host error → the Winsock error recv reports (positive). */
function recvError(s: GuestSocket, r: number): number {
  const e = -r;
  return e === WSA.WSAETIMEDOUT && s.keepAlive ? WSA.WSAENETRESET : e;
}

export function recvImpl(cx: ApiContext, v: number, buf: number, len: number, flags: number, from: number, fromLenPtr: number): number | typeof BLOCKED {
  const s = socketFor(cx, v);
  const t = cx.thread;
  if (s === undefined) return SOCKET_ERROR;
  const mem = cx.mem;
  // len < 0: the CE page would suggest WSAEFAULT (buffer not valid); Windows says WSAENOBUFS (issue 18).
  if (len < 0) return ((t.lastError = WSA.WSAENOBUFS), SOCKET_ERROR);
  if (len > 0 && !mem.isUserRange(buf, len, 'write')) return ((t.lastError = WSA.WSAEFAULT), SOCKET_ERROR);
  let cap = 0;
  if (from !== 0) {
    if (fromLenPtr === 0 || !mem.isUserRange(fromLenPtr, 4, 'write')) return ((t.lastError = WSA.WSAEFAULT), SOCKET_ERROR);
    cap = mem.i32(fromLenPtr);
    if (cap < (s.family === AF_INET6 ? 28 : 16) || !mem.isUserRange(from, cap, 'write')) return ((t.lastError = WSA.WSAEFAULT), SOCKET_ERROR);
  }
  if ((flags & ~VALID_FLAGS) !== 0) return ((t.lastError = WSA.WSAEINVAL), SOCKET_ERROR);
  if ((flags & MSG_OOB) !== 0) {
    if (!s.stream) return ((t.lastError = WSA.WSAEOPNOTSUPP), SOCKET_ERROR);
    if (s.oobInline) return ((t.lastError = WSA.WSAEINVAL), SOCKET_ERROR);
  }
  if (s.shutRecv) return ((t.lastError = WSA.WSAESHUTDOWN), SOCKET_ERROR);
  if (s.stream) {
    if (!s.connected) return ((t.lastError = s.listening ? WSA.WSAENOTCONN : WSA.WSAENOTCONN), SOCKET_ERROR);
  } else if (!s.bound && !s.connected) {
    return ((t.lastError = WSA.WSAEINVAL), SOCKET_ERROR);
  }
  if (s.cqError !== 0) {
    // A flush of coalesced send bytes found the connection failed (send.ts): reported once, here.
    t.lastError = s.cqError;
    s.cqError = 0;
    return SOCKET_ERROR;
  }
  const h = s.host;
  const waitAll = (flags & MSG_WAITALL) !== 0 && s.stream && (flags & MSG_PEEK) === 0;
  const hostFlags = flags & ~MSG_WAITALL;
  // In-band stream receives go through the read-ahead buffer (readahead.ts: the rules).
  const inband = s.stream && (flags & MSG_OOB) === 0;
  let first = 0;
  if (inband && !waitAll) {
    // Fast path (issue 16): no closure, no allocation; a stream recv returns what is there.
    first = streamRecv(s, mem.ram, mem.hostBase, buf >>> 0, len, hostFlags, readAheadAllowed(s, t));
    if (first >= 0) {
      const capture = cx.machine.capture; // issue 7 hook: --pcap
      if (capture !== undefined && (flags & MSG_PEEK) === 0 && first > 0) captureRecv(capture, s, mem.ram.subarray(buf, buf + first), undefined, 0, 0);
      return first;
    }
    if (first !== WAIT) {
      s.cqOff = true; // the connection failed: no send may be coalesced (send.ts) any more
      t.lastError = recvError(s, first);
      return SOCKET_ERROR;
    }
    if (s.nonBlocking) return ((t.lastError = WSA.WSAEWOULDBLOCK), SOCKET_ERROR);
  } else if (!s.stream && (flags & MSG_OOB) === 0) {
    // Datagram fast path (issue 16): from the socket's datagram queue (dgramqueue.ts: the rules).
    first = dgramRecv(s, mem.ram, buf >>> 0, len, hostFlags, from, cap, dgramQueueAllowed(s, t));
    if (first !== NOT_QUEUED && first !== WAIT) {
      if (from !== 0 && first >= 0 && h.addrLen > 0) mem.setU32(fromLenPtr, h.addrLen);
      if (first > len) return ((t.lastError = WSA.WSAEMSGSIZE), SOCKET_ERROR);
      if (first < 0) return ((t.lastError = recvError(s, first)), SOCKET_ERROR);
      const capture = cx.machine.capture; // issue 7 hook: --pcap
      if (capture !== undefined && (flags & MSG_PEEK) === 0)
        captureRecv(capture, s, mem.ram.subarray(buf, buf + first), from !== 0 ? mem.ram : undefined, from, from !== 0 ? h.addrLen : 0);
      return first;
    }
    if (first === WAIT && s.nonBlocking) return ((t.lastError = WSA.WSAEWOULDBLOCK), SOCKET_ERROR);
  }
  return recvSlow(cx, s, v, buf, len, flags, from, fromLenPtr, cap, first);
}

/**
 * The rest of recvImpl: MSG_OOB, MSG_WAITALL, a datagram socket that may not queue, and parking. Its
 * own function, so that the fast paths above allocate nothing: V8 creates the context of a function
 * whose variables a closure (`attempt`) captures on every entry, even when it returns early.
 */
function recvSlow(
  cx: ApiContext,
  s: GuestSocket,
  v: number,
  buf: number,
  len: number,
  flags: number,
  from: number,
  fromLenPtr: number,
  cap: number,
  first: number,
): number | typeof BLOCKED {
  const t = cx.thread;
  const mem = cx.mem;
  const h = s.host;
  const waitAll = (flags & MSG_WAITALL) !== 0 && s.stream && (flags & MSG_PEEK) === 0;
  const hostFlags = flags & ~MSG_WAITALL;
  const inband = s.stream && (flags & MSG_OOB) === 0;
  let got = 0;
  const dgram = !s.stream && (flags & MSG_OOB) === 0;
  const attempt = (): number => {
    // Guest memory may have changed while parked (another thread freed it): check again.
    if (len > 0 && !mem.isUserRange(buf + got, len - got, 'write')) return -WSA.WSAEFAULT;
    let r: number;
    if (inband) {
      r = streamRecv(s, mem.ram, mem.hostBase, (buf + got) >>> 0, len - got, hostFlags, readAheadAllowed(s, t));
    } else if (from !== 0) {
      if (!mem.isUserRange(from, cap, 'write') || !mem.isUserRange(fromLenPtr, 4, 'write')) return -WSA.WSAEFAULT;
      r = dgram ? dgramRecv(s, mem.ram, (buf + got) >>> 0, len - got, hostFlags, from, cap, dgramQueueAllowed(s, t)) : NOT_QUEUED;
      if (r === NOT_QUEUED) r = h.recvfrom(mem.hostBase + (len > 0 ? (buf + got) >>> 0 : 0), len - got, hostFlags, mem.ram, from, cap);
      if (r >= 0 && h.addrLen > 0) mem.setU32(fromLenPtr, h.addrLen);
    } else {
      r = dgram ? dgramRecv(s, mem.ram, (buf + got) >>> 0, len - got, hostFlags, 0, 0, dgramQueueAllowed(s, t)) : NOT_QUEUED;
      if (r === NOT_QUEUED) r = h.recv(mem.hostBase + (len > 0 ? (buf + got) >>> 0 : 0), len - got, hostFlags);
    }
    // A datagram longer than the buffer: the buffer is filled, the rest is lost, WSAEMSGSIZE (the
    // host reports the datagram's real length).
    if (r > len - got) return -WSA.WSAEMSGSIZE;
    if (r < 0) {
      if (r === WAIT) return WAIT;
      // MSG_OOB with no urgent data pending: Linux says EINVAL (SO_OOBINLINE was checked above), Winsock
      // would block, so a non-blocking call reports WSAEWOULDBLOCK.
      if (r === -WSA.WSAEINVAL && (flags & MSG_OOB) !== 0 && h.lastErrno === E.EINVAL) return WAIT;
      if (got > 0 && r !== WAIT) return got; // MSG_WAITALL: report what arrived before the error
      if (s.stream) s.cqOff = true; // the connection failed: no send may be coalesced (send.ts) any more
      return -recvError(s, r);
    }
    const capture = cx.machine.capture; // issue 7 hook: --pcap
    if (capture !== undefined && (flags & MSG_PEEK) === 0 && (r > 0 || !s.stream)) {
      captureRecv(capture, s, mem.ram.subarray(buf + got, buf + got + r), from !== 0 && !s.stream ? mem.ram : undefined, from, from !== 0 ? h.addrLen : 0);
    }
    if (!waitAll || r === 0) return got + r;
    got += r;
    return got < len ? WAIT : got;
  };
  // The fast path found nothing (a blocking call): park without asking the kernel again.
  const r = first === WAIT ? WAIT : attempt();
  if (r !== WAIT || s.nonBlocking) {
    if (r >= 0) return r;
    t.lastError = -r;
    return SOCKET_ERROR;
  }
  return parkOn(cx, s, (flags & MSG_OOB) !== 0 ? 'urgent' : 'read', s.rcvTimeo, `recv(0x${v.toString(16)})`, attempt);
}

export const recv: ApiDef[] = [
  fn('recv(socket s, ptr buf, i32 len, flags:MSG flags): i32', { blocking: true }, (cx, s: number, buf: number, len: number, flags: number) =>
    recvImpl(cx, s, buf, len, flags, 0, 0),
  ),
  fn(
    'recvfrom(socket s, ptr buf, i32 len, flags:MSG flags, ptr from, ptr fromlen): i32',
    { blocking: true },
    (cx, s: number, buf: number, len: number, flags: number, from: number, fromlen: number) => recvImpl(cx, s, buf, len, flags, from, fromlen),
  ),
];
