/**
 * Receive read-ahead (issue 16): one large read(2) serves many small recv() calls on a stream socket,
 * as send coalescing (coalesce.ts) gathers many small sends into one send(2). A loopback recv(2)
 * costs ~1 µs of kernel work whatever its size, so a guest reading a protocol a few bytes at a time
 * paid one syscall per call; with the buffer, one recv(2) of up to 64 KiB feeds ~1000 64-byte calls.
 *
 * The socket's read-ahead bytes are `rbBuf[rbHead, rbTail)` (GuestSocket fields, state.ts): bytes
 * the kernel has handed over that the guest has not read yet. They always come before anything still
 * in the kernel. The rules, each with a conformance test (roms/src/ws_recvbuf.c,
 * test/winsock/winsock-recvbuf.test.ts):
 *
 *  1. Which calls fill it: recv/recvfrom/WSARecv on a connected SOCK_STREAM socket, flags 0 or
 *     MSG_PEEK, len < READ_AHEAD_MAX (8 KiB), when the socket has no SO_OOBINLINE, the guest has not
 *     set SO_RCVBUF, and no other thread waits on the socket (select, a parked recv, an overlapped
 *     operation: their host readiness watch must see what the kernel holds; `readAheadAllowed`).
 *     Larger reads with an empty buffer go straight from the kernel into guest memory (zero copy),
 *     as before. Datagram sockets never use this byte buffer: their queue (dgramqueue.ts) keeps whole
 *     datagrams, so boundaries, truncation (WSAEMSGSIZE) and each sender address stay the kernel's.
 *  2. Every recv takes the buffered bytes first; when they do not fill `len`, it asks the kernel for
 *     more in the same call (so a call returns what the kernel plus the buffer hold, as natively).
 *     MSG_PEEK copies without consuming; MSG_WAITALL loops as before.
 *  3. Readiness: buffered bytes make the socket readable for select() and FD_READ (readiness.ts's
 *     pollNow adds POLLIN), FIONREAD counts them with the kernel's (`readableBytes`), and FD_CLOSE
 *     waits until they are read, as for bytes in the kernel.
 *  4. Ordering of end and errors: EOF and a reset come after the buffered bytes. When the kernel
 *     reports an error (RST → WSAECONNRESET...) while a call is returning buffered bytes, the call
 *     returns the bytes and the error is kept (`rbErr`) for the next recv, which reports it; select()
 *     sees the socket readable and in error meanwhile (the kernel has handed its error over).
 *  5. Urgent data: Linux stops every read at the urgent mark, so the buffer never holds bytes past
 *     it; MSG_OOB reads the urgent byte from the kernel as before; SIOCATMARK / exceptfds / FD_OOB
 *     ask the kernel, whose urgent state the buffer does not change. With SO_OOBINLINE the urgent byte
 *     is in the stream and SIOCATMARK must stay FALSE until the guest has read it: no read-ahead.
 *  6. SO_RCVBUF: the read-ahead adds up to 64 KiB of buffering beyond the kernel's, so a socket the
 *     guest has sized never reads ahead (bytes already buffered are still delivered first).
 *  7. closesocket() with unread buffered bytes resets the connection (SO_LINGER {1, 0}), as the
 *     kernel does when it closes a socket with unread received data (RFC 2525, and what the socket
 *     did before the buffer existed); shutdown(SD_RECEIVE) keeps them (recv then fails with
 *     WSAESHUTDOWN, FIONREAD still counts them, like the kernel's queue).
 *  8. --pcap records bytes when the guest receives them (recv.ts), so a capture is unchanged.
 */
import { addressOf } from './host/libc.js';
import type { GuestSocket } from './state.js';
import type { GuestThread } from '../emulator/core/kernel/thread.js';
import { MSG_PEEK, WSA } from './constants.js';
import { copyToGuest } from './hostcopy.js';

/** blocking.ts's WAIT (not imported: blocking.ts → coalesce.ts → this file would be a cycle). */
const WAIT = -WSA.WSAEWOULDBLOCK;

/** recv calls shorter than this (bytes) may fill the read-ahead buffer; longer ones read directly. */
export const READ_AHEAD_MAX = 8 * 1024;
/** Size of a socket's read-ahead buffer (allocated on the first read-ahead). */
export const READ_AHEAD_CAP = 64 * 1024;

/** Whether a recv by thread `t` on `s` may read ahead (rule 1; the caller checked stream + flags). */
export function readAheadAllowed(s: GuestSocket, t: GuestThread): boolean {
  if (s.oobInline || s.rcvBuf >= 0) return false;
  const w = s.waiters.size;
  return w === 0 || (w === 1 && s.waiters.has(t));
}

/** Copies `n` read-ahead bytes into guest memory (hostcopy.ts: the cheapest way at each size). */
function copyOut(s: GuestSocket, from: number, ram: Buffer, dst: number, n: number): void {
  copyToGuest(s.rbU8!, s.rbView!, from, ram, dst, n);
}

/** Bytes the guest can read at once: the read-ahead bytes plus the kernel's queue (FIONREAD). */
export function readableBytes(s: GuestSocket): number {
  const n = s.host.pendingBytes();
  const b = s.rbTail - s.rbHead;
  return n < 0 ? (b > 0 ? b : n) : n + b;
}

/**
 * A stream receive of `len` bytes into `ram[dst, dst+len)` (guest memory; the caller checked it),
 * serving the read-ahead bytes first. `flags` are 0 / MSG_PEEK (no MSG_OOB: urgent reads go to the
 * kernel). Returns the byte count (0 = EOF), WAIT when nothing is there, or a negative Winsock error.
 * `mayFill`: rule 1 allows reading ahead for this call.
 */
export function streamRecv(s: GuestSocket, ram: Buffer, hostBase: number, dst: number, len: number, flags: number, mayFill: boolean): number {
  if (len === 0) return s.rbTail !== s.rbHead ? 0 : s.host.recv(hostBase + dst, 0, flags);
  const peek = (flags & MSG_PEEK) !== 0;
  let n = 0;
  let head = s.rbHead;
  const avail = s.rbTail - head;
  if (avail > 0) {
    n = avail < len ? avail : len;
    copyOut(s, head, ram, dst, n);
    if (!peek) {
      head += n;
      if (head === s.rbTail) head = s.rbTail = 0;
      s.rbHead = head;
    }
    if (n === len) return n;
  }
  if (s.rbErr !== 0) {
    // Rule 4: an error the kernel reported while buffered bytes were being returned.
    if (n > 0) return n;
    const e = s.rbErr;
    if (!peek) s.rbErr = 0;
    return -e;
  }
  const rest = len - n;
  const h = s.host;
  let r: number;
  if (mayFill && rest < READ_AHEAD_MAX) {
    let b = s.rbBuf;
    if (b === undefined) {
      b = s.rbBuf = Buffer.allocUnsafeSlow(READ_AHEAD_CAP);
      s.rbAddr = addressOf(b);
      s.rbU8 = new Uint8Array(b.buffer, b.byteOffset, b.length);
      s.rbView = new DataView(b.buffer, b.byteOffset, b.length);
    }
    let tail = s.rbTail;
    if (head > 0 && tail === READ_AHEAD_CAP) {
      // A peek left bytes at the end of the buffer: move them to the front (rare).
      b.copyWithin(0, head, tail);
      tail -= head;
      s.rbHead = head = 0;
    }
    r = h.recv(s.rbAddr + tail, READ_AHEAD_CAP - tail, 0);
    if (r > 0) {
      s.rbTail = tail + r;
      // Bytes already copied by a peek sit at [head, head + n): the new ones follow them.
      const from = peek ? head + n : head;
      const m = r < rest ? r : rest;
      copyOut(s, from, ram, dst + n, m);
      if (!peek) {
        const nh = from + m;
        if (nh === s.rbTail) s.rbHead = s.rbTail = 0;
        else s.rbHead = nh;
      }
      return n + m;
    }
  } else {
    r = h.recv(hostBase + dst + n, rest, flags);
    if (r > 0) return n + r;
  }
  if (n === 0) return r; // EOF (0), WAIT or the error, as the kernel said
  if (r < 0 && r !== WAIT) s.rbErr = -r; // rule 4: report it after these bytes
  return n;
}

/** Rule 7 (closesocket): unread buffered bytes make the close abortive, as unread kernel bytes do. */
export function closeReadAhead(s: GuestSocket): boolean {
  const unread = s.rbTail !== s.rbHead;
  s.rbHead = s.rbTail = 0;
  s.rbErr = 0;
  return unread;
}
