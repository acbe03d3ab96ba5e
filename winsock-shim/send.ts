/**
 * send() and sendto(): every sentence of the CE reference page (send-winsock-ce.txt).
 *
 * Checks, in this order (the first that applies is reported):
 *   WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS, WSAECONNABORTED, WSAENETDOWN   (common.ts)
 *   WSAEFAULT        buf is not entirely readable guest user memory (unmapped, partly mapped, kernel
 *                    range, NULL with len > 0, len < 0), or sendto's `to` is not (or tolen is short).
 *                    Checked before anything is sent; the host never touches memory outside the guest.
 *   WSAEINVAL        unknown flag bits (only MSG_OOB | MSG_DONTROUTE are valid)
 *   WSAEOPNOTSUPP    MSG_OOB on a socket that is not SOCK_STREAM
 *   WSAEINVAL        MSG_OOB with SO_OOBINLINE set
 *   WSAESHUTDOWN     after shutdown(SD_SEND / SD_BOTH)
 *   WSAEINVAL        the socket is neither bound nor connected (send) — sendto may auto-bind
 *   WSAENOTCONN      stream socket not connected; datagram send() with no default peer
 *   WSAEHOSTUNREACH  destination outside the network policy ('loopback': non-loopback address);
 *   WSAEACCES        ... or denied by an allow/deny rule (policy.ts, sendto with an address only)
 *   WSAEACCES        datagram socket connected to a broadcast address without SO_BROADCAST
 *   WSAEMSGSIZE      datagram longer than SO_MAX_MSG_SIZE: nothing is transmitted
 *   WSAENOBUFS       datagram longer than the SO_SNDBUF the guest set: it can never fit the send
 *                    buffer, and a datagram cannot be sent in parts, so waiting is not possible
 *   WSAEPROTONOSUPPORT  raw socket with IP_HDRINCL whose IPv4 header says protocol TCP
 * then the host send, whose errors map through host/errno.ts (WSAEACCES for sendto a broadcast
 * address, WSAECONNRESET for RST or an ICMP port unreachable on UDP, WSAEHOSTUNREACH,
 * WSAENETDOWN when the host reports the interface gone, ...), plus: WSAETIMEDOUT on a socket with
 * SO_KEEPALIVE is WSAENETRESET (keep-alive found the peer dead).
 *
 * Blocking: a blocking send returns only when all `len` bytes are in the host send buffer. The fast
 * path hands the guest RAM host address straight to send(2) (no allocation, no copy); when the
 * socket buffer is full the unsent remainder is copied into the socket's reusable remainder buffer
 * and the thread parks (the Node event loop never blocks) until it is written, SO_SNDTIMEO expires
 * (WSAETIMEDOUT), another thread closes the socket (WSAEINTR), or the network goes down under the
 * circuit (WSAECONNABORTED). What is sent is what the guest buffer held at call time.
 * Non-blocking stream sockets return partial counts (1..len); WSAEWOULDBLOCK when nothing fits.
 */
import { fn, type ApiDef, type BLOCKED } from '../emulator/api/declare.js';
import type { ApiContext } from '../emulator/api/context.js';
import { checkRawHeader } from './host/host-socket.js';
import { addressOf as hostAddressOf } from './host/libc.js';
import { MSG_DONTROUTE, MSG_OOB, SOCKET_ERROR, WSA } from './constants.js';
import { socketFor } from './common.js';
import { sendtoPolicy } from './policy.js';
import { parkOn, WAIT } from './blocking.js';
import { maxMsgSize } from './options.js';
import type { GuestSocket } from './state.js';
import { captureSend } from '../emulator/capture/winsock-hooks.js'; // issue 7 hook (--pcap)

const VALID_FLAGS = MSG_OOB | MSG_DONTROUTE;
const peerScratch = Buffer.alloc(128);

/** Host error → the Winsock error send reports (positive). */
function sendError(s: GuestSocket, r: number): number {
  const e = -r;
  return e === WSA.WSAETIMEDOUT && s.keepAlive ? WSA.WSAENETRESET : e;
}

/** A stream socket whose non-blocking connect may have completed since. */
function nowConnected(s: GuestSocket): boolean {
  if (!s.connecting) return false;
  if (s.host.getpeername(peerScratch, 0, 128) > 0) {
    s.connecting = false;
    s.connected = true;
    return true;
  }
  return false;
}

function sendImpl(cx: ApiContext, v: number, buf: number, len: number, flags: number, to: number, tolen: number): number | typeof BLOCKED {
  const s = socketFor(cx, v);
  const t = cx.thread;
  if (s === undefined) return SOCKET_ERROR;
  const mem = cx.mem;
  // WSAEFAULT before anything else about the data: the whole buffer must be guest user memory.
  if (len < 0 || (len > 0 && !mem.isUserRange(buf, len, 'read'))) return (t.lastError = WSA.WSAEFAULT), SOCKET_ERROR;
  const withAddr = to !== 0 && !s.stream;
  if (to !== 0 && (tolen < 16 || !mem.isUserRange(to, tolen, 'read'))) return (t.lastError = WSA.WSAEFAULT), SOCKET_ERROR;
  if ((flags & ~VALID_FLAGS) !== 0) return (t.lastError = WSA.WSAEINVAL), SOCKET_ERROR;
  if ((flags & MSG_OOB) !== 0) {
    if (!s.stream) return (t.lastError = WSA.WSAEOPNOTSUPP), SOCKET_ERROR;
    if (s.oobInline) return (t.lastError = WSA.WSAEINVAL), SOCKET_ERROR;
  }
  if (s.shutSend) return (t.lastError = WSA.WSAESHUTDOWN), SOCKET_ERROR;
  if (!s.connected) {
    if (!s.bound && !withAddr && !s.connecting) return (t.lastError = WSA.WSAEINVAL), SOCKET_ERROR;
    if (s.stream ? !nowConnected(s) : !withAddr) return (t.lastError = WSA.WSAENOTCONN), SOCKET_ERROR;
  }
  if (!s.stream) {
    if (withAddr) {
      const denied = sendtoPolicy(cx, s, mem.ram, to, tolen); if (denied !== 0) return (t.lastError = denied), SOCKET_ERROR; // policy.ts (logged)
    } else if (s.peerBroadcast && !s.broadcast) {
      return (t.lastError = WSA.WSAEACCES), SOCKET_ERROR;
    }
    if (len > maxMsgSize(s)) return (t.lastError = WSA.WSAEMSGSIZE), SOCKET_ERROR;
    if (s.sndBuf > 0 && len > s.sndBuf) return (t.lastError = WSA.WSAENOBUFS), SOCKET_ERROR;
    if (s.hdrIncl) {
      const bad = checkRawHeader(mem.ram, buf, len);
      if (bad < 0) return (t.lastError = -bad), SOCKET_ERROR;
    }
  }
  const ptr = mem.hostBase + (len > 0 ? buf >>> 0 : 0);
  const h = s.host;
  const r = withAddr ? h.sendto(ptr, len, flags, mem.ram, to, tolen) : h.send(ptr, len, flags);
  if (r >= 0) {
    const cap = cx.machine.capture; // issue 7 hook: --pcap
    if (cap !== undefined && (r > 0 || !s.stream)) captureSend(cap, s, mem.ram.subarray(buf, buf + r), withAddr ? mem.ram : undefined, to, tolen);
    if (withAddr) s.bound = true;
    if (r === len || !s.stream || s.nonBlocking) return r;
    return parkSend(cx, s, buf, len, flags, r, 0, 0); // blocking stream socket: send the rest
  }
  if (r !== WAIT || s.nonBlocking) return (t.lastError = sendError(s, r)), SOCKET_ERROR;
  return parkSend(cx, s, buf, len, flags, 0, withAddr ? to : 0, tolen);
}

/** Parks the thread until bytes [sent, len) of the guest buffer are in the host send buffer. */
function parkSend(cx: ApiContext, s: GuestSocket, buf: number, len: number, flags: number, sent: number, to: number, tolen: number): number | typeof BLOCKED {
  const remaining = len - sent;
  const shared = !s.remBusy;
  let rem: Buffer | undefined;
  let base: number;
  try {
    rem = shared ? s.remainderBuffer(remaining) : Buffer.alloc(remaining);
  } catch {
    rem = undefined;
  }
  if (rem === undefined) return (cx.thread.lastError = WSA.WSAENOBUFS), SOCKET_ERROR;
  if (shared) {
    s.remBusy = true;
    base = s.remainderAddress;
  } else {
    base = hostAddressOf(rem);
  }
  const ram = cx.mem.ram;
  ram.copy(rem, 0, buf + sent, buf + len);
  const toCopy = to !== 0 ? Buffer.from(ram.subarray(to, to + tolen)) : null;
  const h = s.host;
  let off = 0;
  return parkOn(
    cx,
    s,
    'write',
    s.sndTimeo,
    `send(0x${s.handle.toString(16)}, ${len} bytes)`,
    () => {
      const r = toCopy ? h.sendto(base + off, remaining - off, flags, toCopy, 0, tolen) : h.send(base + off, remaining - off, flags);
      if (r < 0) return r === WAIT ? WAIT : -sendError(s, r);
      const cap = cx.machine.capture; // issue 7 hook: --pcap
      if (cap !== undefined && (r > 0 || !s.stream)) captureSend(cap, s, rem!.subarray(off, off + r), toCopy ?? undefined, 0, tolen);
      off += r;
      return off < remaining ? WAIT : len;
    },
    shared
      ? () => {
          s.remBusy = false;
        }
      : undefined,
  );
}

export const send: ApiDef[] = [
  fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', { blocking: true }, (cx, s: number, buf: number, len: number, flags: number) =>
    sendImpl(cx, s, buf, len, flags, 0, 0),
  ),
  fn(
    'sendto(socket s, ptr buf, i32 len, flags:MSG flags, sockaddr to, i32 tolen): i32',
    { blocking: true },
    (cx, s: number, buf: number, len: number, flags: number, to: number, tolen: number) => sendImpl(cx, s, buf, len, flags, to, tolen),
  ),
];
