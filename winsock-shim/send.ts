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
 *   WSAENOTCONN      stream socket not connected; datagram send() with no default peer — also on a
 *                    socket that is neither bound nor connected, where the CE page lists WSAEINVAL
 *                    too: Windows reports WSAENOTCONN (palsuite send_neg; issue 18), so we do.
 *                    sendto with an address on a datagram socket auto-binds instead.
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
 * A blocking send the kernel takes only part of is retried once at once before the thread parks
 * (the receiver often drains the socket in between: a park costs an event-loop round trip).
 *
 * ## Coalescing small sends (coalesce.ts)
 * One send(2) per guest call costs about as much as the rest of the call; for small sends most of
 * it is the kernel's per-call TCP work. So small sends are gathered in a per-socket buffer and reach
 * the kernel together. The rules:
 *
 *  1. Which sends: send()/sendto() on a connected SOCK_STREAM socket, flags 0 (no MSG_OOB,
 *     MSG_DONTROUTE), 0 < len < COALESCE_MAX (4 KiB), TCP_NODELAY not set (the guest asked for every
 *     send to go out at once: those go to the kernel before send returns, as before), no blocking
 *     send of the socket parked (its bytes come first), no earlier flush failure on the socket.
 *     Everything else goes to the kernel exactly as before, after the pending bytes (ordering: the
 *     buffer is always flushed first; if the kernel cannot take all of it, a non-blocking send gets
 *     WSAEWOULDBLOCK and a blocking one parks until the pending bytes and its own are in).
 *  2. Copies: a coalesced send copies the guest bytes once into the buffer (at call time: what is
 *     sent is what the buffer held then), and the kernel copies them again from there. Two copies,
 *     but for < 4 KiB a memcpy costs ~0.1 µs against several µs for a loopback send(2), so it pays
 *     by far; sends of 4 KiB and more stay zero-copy, straight from guest RAM into send(2).
 *  3. SO_SNDBUF accounting: bytes are appended only while `buffered + kernel send queue (SIOCOUTQ)
 *     <= guest-visible SO_SNDBUF` (the credit, computed when the buffer is empty; SO_SNDBUF 0 means
 *     no coalescing at all). Past that, the buffer is flushed and the send goes to the kernel, which
 *     alone decides full/partial/WSAEWOULDBLOCK/parking exactly as on the unbuffered path. A
 *     coalesced send therefore never succeeds where the guest's SO_SNDBUF says the buffer is full.
 *  4. Flush points — the buffer is written to the kernel:
 *     - when the credit is used up (64 KiB at most), and when the pending bytes are older than
 *       FLUSH_AGE_MS (1 ms) at a later coalesced send (the clock is read every 16th append);
 *     - before any other call on the socket (socketFor: recv, shutdown, closesocket, ioctlsocket,
 *       setsockopt/getsockopt incl. TCP_NODELAY/SO_SNDBUF/SO_ERROR, getpeername, connect, ...),
 *       before select()/WSAEventSelect/WSAEnumNetworkEvents look at its readiness (readiness.ts);
 *     - when any guest thread parks in a blocking Winsock call (blocking.ts: all sockets);
 *     - at the next event-loop turn at the latest (setImmediate). The scheduler gives the event loop
 *       a turn between slices (every ≤ 10 ms of guest CPU) and at once when every guest thread
 *       waits (Sleep, WaitFor..., a blocking call, thread exit), so a peer never waits for bytes
 *       the guest believes are sent while the guest does something else;
 *     - at process exit (machine.onShutdown; bounded wait if the kernel stays full) and WSACleanup.
 *  5. The kernel full at a flush: the rest stays pending and a host write watch drains it.
 *     closesocket() (graceful) keeps the host socket open until the pending bytes are in, then
 *     closes it (the kernel then sends them and the FIN, as for its own queue); SO_LINGER {1, 0}
 *     (abortive) drops them and resets. shutdown(SD_SEND/SD_BOTH) sends the FIN after them.
 *  6. No coalescing on a connection known to be dead: the credit check polls the host socket
 *     (POLLERR/POLLHUP: the send goes to the kernel, which reports the reset), and a recv that failed
 *     turns coalescing off. Errors found by a flush (RST → WSAECONNRESET, keep-alive →
 *     WSAENETRESET, ...) drop the pending
 *     bytes, switch coalescing off for the socket, and are reported once by the next send/recv on
 *     the socket, or by getsockopt(SO_ERROR) — as Winsock reports an error that arrives after
 *     send() has already returned (success never implied delivery). select() sees the host
 *     socket's error state.
 *  7. MSG_OOB, datagrams, TCP_NODELAY sockets and large sends never wait in the buffer.
 *  --pcap capture records a coalesced send when it is accepted (what the guest sent, in order).
 */
import { fn, type ApiDef, type BLOCKED } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { addressOf as hostAddressOf } from './host/libc.js';
import { IPPROTO_TCP, MSG_DONTROUTE, MSG_OOB, SOCKET_ERROR, WSA } from './constants.js';
import { socketFor } from './common.js';
import { rawHeaderPolicy, sendtoPolicy } from './policy.js';
import { parkOn, WAIT } from './blocking.js';

/** Short synchronous waits (1 ms each) a blocking send makes before it parks its thread. */
const SYNC_WAITS = 2;
import { COALESCE_MAX, coalesce, flushPending } from './coalesce.js';
import { maxMsgSize } from './options.js';
import type { GuestSocket } from './state.js';
import { captureSend } from './hooks.js'; // issue 7 hook (--pcap)

const VALID_FLAGS = MSG_OOB | MSG_DONTROUTE;
const peerScratch = Buffer.alloc(128);

/**
 * For raw sockets with IP_HDRINCL: Winsock refuses a caller-built IPv4 header whose protocol field is
 * TCP (WSAEPROTONOSUPPORT); Linux would send it. `data[off .. off+len)` is the outgoing packet.
 * Returns 0 when the packet may be sent, or a negative Winsock error.
 */
export function checkRawHeader(data: Uint8Array, off: number, len: number): number {
  if (len < 20) return -WSA.WSAEINVAL;
  if (data[off]! >> 4 === 4 && data[off + 9] === IPPROTO_TCP) return -WSA.WSAEPROTONOSUPPORT;
  return 0;
}

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

export function sendImpl(cx: ApiContext, v: number, buf: number, len: number, flags: number, to: number, tolen: number): number | typeof BLOCKED {
  const s = socketFor(cx, v, true, false);
  const t = cx.thread;
  if (s === undefined) return SOCKET_ERROR;
  const mem = cx.mem;
  // WSAEFAULT before anything else about the data: the whole buffer must be guest user memory.
  if (len < 0 || (len > 0 && !mem.isUserRange(buf, len, 'read'))) return ((t.lastError = WSA.WSAEFAULT), SOCKET_ERROR);
  const withAddr = to !== 0 && !s.stream;
  if (to !== 0 && (tolen < 16 || !mem.isUserRange(to, tolen, 'read'))) return ((t.lastError = WSA.WSAEFAULT), SOCKET_ERROR);
  if ((flags & ~VALID_FLAGS) !== 0) return ((t.lastError = WSA.WSAEINVAL), SOCKET_ERROR);
  if ((flags & MSG_OOB) !== 0) {
    if (!s.stream) return ((t.lastError = WSA.WSAEOPNOTSUPP), SOCKET_ERROR);
    if (s.oobInline) return ((t.lastError = WSA.WSAEINVAL), SOCKET_ERROR);
  }
  if (s.shutSend) return ((t.lastError = WSA.WSAESHUTDOWN), SOCKET_ERROR);
  // Never bound nor connected: the CE page says WSAEINVAL ("not bound") or WSAENOTCONN; Windows
  // answers WSAENOTCONN (Microsoft's palsuite send_neg expects it), so one check covers both.
  if (!s.connected && (s.stream ? !nowConnected(s) : !withAddr)) return ((t.lastError = WSA.WSAENOTCONN), SOCKET_ERROR);
  if (!s.stream) {
    if (withAddr) {
      const denied = sendtoPolicy(cx, s, mem.ram, to, tolen);
      if (denied !== 0) return ((t.lastError = denied), SOCKET_ERROR); // policy.ts (logged)
    } else if (s.peerBroadcast && !s.broadcast) {
      return ((t.lastError = WSA.WSAEACCES), SOCKET_ERROR);
    }
    if (len > maxMsgSize(s)) return ((t.lastError = WSA.WSAEMSGSIZE), SOCKET_ERROR);
    if (s.sndBuf > 0 && len > s.sndBuf) return ((t.lastError = WSA.WSAENOBUFS), SOCKET_ERROR);
    if (s.hdrIncl) {
      const bad = checkRawHeader(mem.ram, buf, len);
      if (bad < 0) return ((t.lastError = -bad), SOCKET_ERROR);
      // The header's destination is where the packet goes: the policy checks it (policy.ts).
      const denied = rawHeaderPolicy(cx, mem.ram, buf, len);
      if (denied !== 0) return ((t.lastError = denied), SOCKET_ERROR);
    }
  }
  if (s.stream) {
    if (s.cqError !== 0) {
      // A flush after an earlier send found the connection failed: this call reports it.
      t.lastError = s.cqError;
      s.cqError = 0;
      return SOCKET_ERROR;
    }
    if (s.cqTail !== s.cqHead || (len < COALESCE_MAX && len > 0 && flags === 0 && !s.noDelay && !s.cqOff && !s.remBusy && s.connected)) {
      const c =
        s.cqTail !== s.cqHead && (len >= COALESCE_MAX || len === 0 || flags !== 0 || s.noDelay || s.remBusy) ? flushPending(s) : coalesce(s, mem.ram, buf, len);
      if (c === 1) {
        const cap = cx.machine.capture; // issue 7 hook: --pcap
        if (cap !== undefined) captureSend(cap, s, mem.ram.subarray(buf, buf + len));
        return len;
      }
      if (c === WAIT) {
        // Pending bytes the kernel cannot take yet: nothing of this call fits either.
        if (s.nonBlocking) return ((t.lastError = WSA.WSAEWOULDBLOCK), SOCKET_ERROR);
        return parkSend(cx, s, buf, len, flags, 0, 0, 0);
      }
      if (c < 0) {
        s.cqError = 0;
        return ((t.lastError = -c), SOCKET_ERROR);
      }
      // c === 0: nothing pending, the send goes to the kernel directly.
    }
  }
  const ptr = mem.hostBase + (len > 0 ? buf >>> 0 : 0);
  const h = s.host;
  let r = withAddr ? h.sendto(ptr, len, flags, mem.ram, to, tolen) : h.send(ptr, len, flags);
  if (r >= 0) {
    if (r < len && s.stream && !s.nonBlocking && r > 0) {
      // Blocking and the kernel took part: the receiver has often made room by now. One more try
      // before parking (a park is a round trip through the poller and the event loop); when no other
      // guest thread is waiting for the CPU, also wait up to ~2 ms for room right here (poll(2)),
      // which is what a native blocking send does, instead of a park per partial send.
      let r2 = h.send(ptr + r, len - r, flags);
      if (r2 > 0) r += r2;
      for (let i = 0; i < SYNC_WAITS && r < len && r2 !== -WSA.WSAECONNRESET && cx.machine.scheduler.readyCount === 0; i++) {
        if (!h.writableWithin(1)) continue;
        r2 = h.send(ptr + r, len - r, flags);
        if (r2 > 0) r += r2;
        else if (r2 !== WAIT) break;
      }
    }
    const cap = cx.machine.capture; // issue 7 hook: --pcap
    if (cap !== undefined && (r > 0 || !s.stream)) captureSend(cap, s, mem.ram.subarray(buf, buf + r), withAddr ? mem.ram : undefined, to, tolen);
    if (withAddr) s.bound = true;
    if (r === len || !s.stream || s.nonBlocking) return r;
    return parkSend(cx, s, buf, len, flags, r, 0, 0); // blocking stream socket: send the rest
  }
  if (r !== WAIT || s.nonBlocking) return ((t.lastError = sendError(s, r)), SOCKET_ERROR);
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
  if (rem === undefined) return ((cx.thread.lastError = WSA.WSAENOBUFS), SOCKET_ERROR);
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
      if (s.cqTail !== s.cqHead) {
        // Bytes coalesced before this call go first.
        const f = flushPending(s);
        if (f === WAIT) return WAIT;
        if (f < 0) {
          s.cqError = 0;
          return f;
        }
      }
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
