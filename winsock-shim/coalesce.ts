/**
 * Send coalescing: small stream sends are gathered in a per-socket buffer and reach the kernel in
 * one send(2). The rules (when a send is coalesced, SO_SNDBUF accounting, every flush point, deferred
 * errors) are written down in send.ts's header; this file is the mechanism.
 *
 * A socket's pending bytes are `cqBuf[cqHead, cqTail)` (GuestSocket fields, state.ts). `cqCredit` is
 * how many more bytes may be appended before the kernel has to be asked again; it is computed when
 * the buffer is empty as `guest SO_SNDBUF − bytes in the kernel send queue (SIOCOUTQ)`, capped at the
 * buffer size, so buffered + kernel-queued bytes never exceed the guest-visible SO_SNDBUF.
 */
import { addressOf, libc, POLLERR, POLLHUP, POLLOUT, SOL_SOCKET as L_SOL_SOCKET, SO_SNDBUF as L_SO_SNDBUF } from './host/libc.js';
import { closeReadAhead } from './readahead.js';
import { closeDgramQueue } from './dgramqueue.js';
import { WSA } from './constants.js';
import type { GuestSocket, WinsockState } from './state.js';

/** Sends shorter than this (bytes) may be coalesced; longer ones go straight from guest RAM. */
export const COALESCE_MAX = 4096;
/** Size of a socket's coalescing buffer (allocated once, on the first coalesced send). */
export const COALESCE_CAP = 64 * 1024;
/** Pending bytes older than this (ms) are flushed by a later coalesced send (clock read every AGE_EVERY appends). */
export const FLUSH_AGE_MS = 1;
const AGE_EVERY = 16;
/** Coalescing candidates that skip the credit check after a check found no room. */
const BACKOFF = 16;

/** flushPending() result: the kernel is full, the rest stays pending (a write watch drains it). */
export const FULL = -WSA.WSAEWOULDBLOCK;

/** One pollfd (refreshCredit, flushAtShutdown). */
const pfd = Buffer.alloc(8);
const pfdAddr = addressOf(pfd);

/** Sockets with pending bytes and no flush run since; flushed at the next event-loop turn. */
const dirty: GuestSocket[] = [];
let scheduled = false;
/** Sockets closed by the guest whose pending bytes are still going out (closed when drained). */
const closing = new Set<GuestSocket>();

function flushDirty(): void {
  scheduled = false;
  // Index loop: a flush never adds to the list (only appends do), but be safe with length changes.
  for (let i = 0; i < dirty.length; i++) {
    const s = dirty[i]!;
    s.cqListed = false;
    if (s.cqTail !== s.cqHead) flushPending(s);
  }
  dirty.length = 0;
}

/** Flushes every socket with pending bytes (a guest thread is about to park; the event-loop turn). */
export function flushAll(): void {
  if (dirty.length !== 0) flushDirty();
}

/** Host error → the Winsock error a send reports (as send.ts's sendError). */
function sendErrorOf(s: GuestSocket, r: number): number {
  const e = -r;
  return e === WSA.WSAETIMEDOUT && s.keepAlive ? WSA.WSAENETRESET : e;
}

/**
 * Writes the pending bytes to the kernel. Returns 0 when nothing is left pending, FULL when the
 * kernel took only part (or nothing): the rest stays, a host write watch keeps draining it; or a
 * negative Winsock error: the connection failed, the bytes are dropped, coalescing is off for good
 * and the error is recorded in `cqError` for the next send/recv/getsockopt(SO_ERROR) to report
 * (a caller that reports it at once clears `cqError`).
 */
export function flushPending(s: GuestSocket): number {
  const n = s.cqTail - s.cqHead;
  if (n <= 0) return 0;
  const r = s.host.send(s.cqAddr + s.cqHead, n, 0);
  if (r === n) {
    s.cqHead = s.cqTail = 0;
    s.cqCredit = 0;
    if (s.cqAfter !== 0) afterDrain(s);
    return 0;
  }
  s.cqCredit = 0;
  if (r >= 0 || r === FULL) {
    if (r > 0) s.cqHead += r;
    armDrain(s);
    return FULL;
  }
  const e = sendErrorOf(s, r);
  s.cqError = e;
  s.cqOff = true;
  s.cqHead = s.cqTail = 0;
  if (s.cqAfter !== 0) afterDrain(s);
  return -e;
}

function armDrain(s: GuestSocket): void {
  if (s.cqDraining || s.host.fd < 0) return;
  s.cqDraining = true;
  s.host.waitWritable(() => {
    s.cqDraining = false;
    if (s.cqTail !== s.cqHead) flushPending(s);
    else if (s.cqAfter !== 0) afterDrain(s);
  });
}

/** The buffer is empty: do what closesocket/shutdown deferred until the data was in the kernel. */
function afterDrain(s: GuestSocket): void {
  const a = s.cqAfter;
  s.cqAfter = 0;
  if (a === 1) {
    closing.delete(s);
    s.host.close();
  } else if (a >= 2) {
    s.host.shutdown(a - 2);
  }
}

/**
 * Guest-visible SO_SNDBUF minus the kernel's queued bytes, capped at the buffer size; 0 when the
 * kernel already knows the connection is gone (POLLERR/POLLHUP: a reset arrived, or both directions
 * are shut): the send then goes to the kernel and reports the error itself.
 */
function refreshCredit(s: GuestSocket): void {
  const h = s.host;
  pfd.writeInt32LE(h.fd, 0);
  pfd.writeInt32LE(POLLOUT, 4); // events POLLOUT, revents 0
  if (libc.poll(pfdAddr, 1, 0) !== 1 || (pfd.readUInt16LE(6) & (POLLERR | POLLHUP)) !== 0 || (pfd.readUInt16LE(6) & POLLOUT) === 0) {
    s.cqCredit = 0;
    return;
  }
  const sb = s.sndBuf >= 0 ? s.sndBuf : h.getsockoptInt(L_SOL_SOCKET, L_SO_SNDBUF);
  const q = h.outq();
  const c = q < 0 || sb <= 0 ? 0 : sb - q;
  s.cqCredit = c <= 0 ? 0 : c > COALESCE_CAP ? COALESCE_CAP : c;
}

/**
 * Offers a send of `ram[buf, buf+len)` to the coalescing buffer (the caller has checked that the
 * socket and the call qualify). Returns 1 when the bytes were copied into the buffer (the send has
 * succeeded), 0 when the send must go to the kernel directly (nothing is pending then), or the
 * flushPending() result (FULL / an error) when pending bytes could not be written first.
 */
export function coalesce(s: GuestSocket, ram: Buffer, buf: number, len: number): number {
  if (len > s.cqCredit) {
    if (s.cqTail !== s.cqHead) {
      const f = flushPending(s);
      if (f !== 0) return f;
    }
    if (s.cqBackoff > 0) {
      s.cqBackoff--;
      return 0;
    }
    refreshCredit(s);
    if (len > s.cqCredit) {
      s.cqBackoff = BACKOFF;
      return 0;
    }
  }
  let b = s.cqBuf;
  if (b === undefined) {
    b = s.cqBuf = Buffer.allocUnsafeSlow(COALESCE_CAP);
    s.cqAddr = addressOf(b);
  }
  const head = s.cqHead;
  let tail = s.cqTail;
  if (tail + len > COALESCE_CAP) {
    // Not reached while cqCredit <= COALESCE_CAP - cqTail (credit is only granted on an empty buffer).
    b.copyWithin(0, head, tail);
    tail -= head;
    s.cqHead = 0;
  }
  ram.copy(b, tail, buf, buf + len);
  s.cqCredit -= len;
  s.cqTail = tail + len;
  if (tail === s.cqHead) {
    // First pending byte: flush at the next event-loop turn at the latest.
    s.cqSince = performance.now();
    if (!s.cqListed) {
      s.cqListed = true;
      dirty.push(s);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushDirty);
      }
    }
  } else if ((++s.cqAppends & (AGE_EVERY - 1)) === 0 && performance.now() - s.cqSince >= FLUSH_AGE_MS) {
    flushPending(s); // FULL or an error: the next call on the socket sees it
  }
  return 1;
}

/** Drops the pending bytes (abortive close, circuit terminated): they never reach the peer. */
export function discardPending(s: GuestSocket): void {
  s.cqHead = s.cqTail = 0;
  s.cqCredit = 0;
  s.cqOff = true;
}

/**
 * closesocket()/WSACleanup on the host side: a graceful close sends the pending bytes first (if the
 * kernel is full the host socket stays open until they are in, then closes — as the kernel itself
 * keeps sending a closed socket's queued data); SO_LINGER {on, 0} (abortive) drops them.
 * Returns the host close() result, or 0 when the close was deferred.
 */
export function closeHost(s: GuestSocket): number {
  closeDgramQueue(s); // queued datagrams go with the socket (dgramqueue.ts rule 7)
  if (closeReadAhead(s)) {
    // Unread read-ahead bytes (readahead.ts rule 7): the kernel resets a connection closed with unread
    // data; these bytes were the kernel's until the read-ahead took them, so reset as it would.
    discardPending(s);
    s.host.setLinger(true, 0);
  }
  if (s.cqTail !== s.cqHead) {
    const lg = s.host.getLinger();
    if (typeof lg !== 'number' && lg.onoff && lg.seconds === 0) discardPending(s);
    else if (flushPending(s) === FULL) {
      s.cqAfter = 1;
      closing.add(s);
      return 0;
    }
  }
  s.cqOff = true;
  return s.host.close();
}

/** shutdown(how) on the host side: SD_SEND/SD_BOTH wait for the pending bytes (the FIN follows them). */
export function shutdownHost(s: GuestSocket, how: number): number {
  if (how !== 0 && s.cqTail !== s.cqHead && flushPending(s) === FULL) {
    if (s.cqAfter === 0) s.cqAfter = 2 + how;
    return 0;
  }
  return s.host.shutdown(how);
}

/**
 * Process exit (machine.onShutdown): every pending byte goes to the kernel before the process is
 * gone. The kernel normally takes it at once (credit keeps buffered + queued within SO_SNDBUF); a
 * kernel that stays full is waited for with poll(2), at most `budgetMs` in all.
 */
export function flushAtShutdown(st: WinsockState, budgetMs = 1000): void {
  const deadline = performance.now() + budgetMs;
  const all = [...st.sockets.values(), ...closing];
  for (const s of all) {
    while (s.cqTail !== s.cqHead && flushPending(s) === FULL) {
      const left = Math.floor(deadline - performance.now());
      if (left <= 0 || s.host.fd < 0) break;
      pfd.writeInt32LE(s.host.fd, 0);
      pfd.writeInt16LE(POLLOUT, 4);
      pfd.writeInt16LE(0, 6);
      libc.poll(pfdAddr, 1, left);
    }
    if (s.cqTail !== s.cqHead) discardPending(s);
    if (s.cqAfter !== 0) afterDrain(s);
  }
}
