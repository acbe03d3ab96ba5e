/**
 * Socket readiness as Winsock defines it, computed from the host's poll(2) state. Shared by select()
 * (select.ts) and WSAEventSelect (events.ts).
 *
 * The host fd's poll bits are not Winsock's readiness; the mapping:
 *  - a stream socket that is neither listening, connecting nor connected is never ready (Linux
 *    reports POLLOUT|POLLHUP for a fresh TCP socket; Winsock reports nothing);
 *  - listening: readable = a connection is pending (POLLIN);
 *  - connecting (non-blocking connect in progress): POLLERR/POLLHUP = the connect failed (Winsock:
 *    exceptfds / FD_CONNECT with an error), POLLOUT alone = it succeeded (the socket becomes
 *    `connected` here, as send.ts does, by asking the host for the peer name);
 *  - connected: readable = data, EOF (RDHUP/HUP) or an error (a recv won't block); writable = send
 *    buffer space (or an error: the send fails at once); exceptfds = urgent data not read in line;
 *  - datagram: readable = a datagram or a pending ICMP error; writable = POLLOUT.
 */
import { addressOf, libc } from './host/libc.js';
import type { GuestSocket } from './state.js';
import { flushPending } from './coalesce.js';
import { dgramQueued } from './dgramqueue.js';

export const POLLIN = 0x1;
export const POLLPRI = 0x2;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;
export const POLLRDHUP = 0x2000;
const ASK = POLLIN | POLLPRI | POLLOUT | POLLRDHUP;

let pfd = Buffer.alloc(8 * 64);
let pfdAddr = addressOf(pfd);
const peerScratch = Buffer.alloc(128);

/** Current poll(2) revents of each socket (POLLNVAL for a closed one), without waiting. */
export function pollNow(socks: readonly GuestSocket[]): number[] {
  const n = socks.length;
  if (pfd.length < 8 * n) {
    pfd = Buffer.alloc(8 * n);
    pfdAddr = addressOf(pfd);
  }
  for (let i = 0; i < n; i++) {
    const s = socks[i]!;
    if (s.cqTail !== s.cqHead) flushPending(s); // readiness is about what the kernel holds
    pfd.writeInt32LE(socks[i]!.host.fd, 8 * i); // a negative fd is ignored by poll (revents 0)
    pfd.writeInt16LE(ASK, 8 * i + 4);
    pfd.writeInt16LE(0, 8 * i + 6);
  }
  if (n > 0) libc.poll(pfdAddr, n, 0);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = socks[i]!;
    let rev = s.host.fd < 0 ? POLLNVAL : pfd.readUInt16LE(8 * i + 6);
    // Read-ahead bytes (readahead.ts) are readable data; an error kept for the next recv is still pending.
    if (rev !== POLLNVAL && (s.rbTail !== s.rbHead || s.rbErr !== 0)) rev |= s.rbTail !== s.rbHead ? POLLIN : POLLIN | POLLERR;
    // So are queued datagrams (dgramqueue.ts).
    if (rev !== POLLNVAL && dgramQueued(s)) rev |= POLLIN;
    out[i] = rev;
  }
  return out;
}

export function pollOne(s: GuestSocket): number {
  return pollNow([s])[0]!;
}

/** A non-blocking connect that the host says has completed: mark the socket connected. */
export function completeConnect(s: GuestSocket): boolean {
  if (!s.connecting) return s.connected;
  if (s.host.getpeername(peerScratch, 0, 128) > 0) {
    s.connecting = false;
    s.connected = true;
    return true;
  }
  return false;
}

export interface Readiness {
  read: boolean;
  write: boolean;
  except: boolean;
}
const NONE: Readiness = Object.freeze({ read: false, write: false, except: false });

/** Winsock readiness of `s` given its poll revents (may complete a pending connect). */
export function readiness(s: GuestSocket, rev: number): Readiness {
  if (s.closed || rev & POLLNVAL) return NONE;
  if (!s.stream) {
    return { read: (rev & (POLLIN | POLLERR)) !== 0, write: (rev & POLLOUT) !== 0, except: false };
  }
  if (s.listening) return { read: (rev & (POLLIN | POLLERR)) !== 0, write: false, except: false };
  if (s.connecting) {
    if (rev & (POLLERR | POLLHUP)) return { read: false, write: false, except: true }; // connect failed
    if (!(rev & POLLOUT) || !completeConnect(s)) return NONE;
  }
  if (!s.connected) return NONE;
  return {
    read: (rev & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) !== 0 || s.aborted,
    write: (rev & (POLLOUT | POLLERR | POLLHUP)) !== 0 || s.aborted,
    except: (rev & POLLPRI) !== 0 && !s.oobInline,
  };
}

/**
 * Whether a host readiness watch on `s` can ever report something select() cares about. A fresh
 * stream socket reports POLLHUP at once and for ever: watching it would spin.
 */
export function watchable(s: GuestSocket): boolean {
  if (s.closed) return false;
  if (!s.stream) return true;
  return s.listening || s.connecting || s.connected;
}
