/**
 * Datagram receive queue (issue 16): one recvmmsg(2) serves many recvfrom() calls on a UDP socket,
 * as the stream read-ahead (readahead.ts) serves many small recv() calls from one recv(2). A recvfrom
 * that finds its datagram here costs no syscall, and a receiver that drains a burst parks (failed
 * recvfrom, poller watch, wake-up) once per burst instead of whenever it overtakes the sender.
 *
 * The queue is DGRAM_SLOTS entries of 64 KiB each (any UDP datagram fits whole: IPv4 at most 65507
 * bytes, IPv6 65527), each with the sender's address, in memory reserved with MAP_NORESERVE (a
 * 64-byte datagram touches one page of its slot; the reservation costs no RAM). It is filled only
 * when empty, in one recvmmsg call, so it always holds the oldest datagrams, in the kernel's order,
 * before anything still in the kernel. The rules, each checked by roms/src/ws_dgramq.c
 * (test/winsock/winsock-dgramq.test.ts):
 *
 *  1. Which calls fill it: recv/recvfrom/WSARecv/WSARecvFrom on a SOCK_DGRAM socket (not raw), flags
 *     0 or MSG_PEEK, when the guest has not set SO_RCVBUF (the queue would add up to 32 datagrams of
 *     buffering beyond the size the guest asked for) and no other thread waits on the socket (select,
 *     a parked recv, an overlapped operation: their host readiness watch must see what the kernel
 *     holds; the same test as readahead.ts's `readAheadAllowed`). Every other receive still takes the
 *     queued datagrams first, so the order never changes.
 *  2. Boundaries and truncation: one call takes one datagram. Longer than the buffer: the buffer is
 *     filled, the rest is lost and the call reports WSAEMSGSIZE (the sender's address is written), as
 *     the recvfrom page says and as without the queue. MSG_PEEK copies the first datagram without
 *     removing it (WSAEMSGSIZE too when it does not fit). A 0-byte datagram is a 0-byte result.
 *  3. FIONREAD: what wmemu answered before the queue, the size of the next datagram (Linux's answer;
 *     host-socket.ts), now the first queued one's.
 *  4. Readiness: a non-empty queue makes the socket readable for select() and FD_READ (readiness.ts's
 *     pollNow adds POLLIN; WSAEventSelect records FD_READ again after a recv while datagrams remain).
 *  5. Errors: an ICMP port unreachable (WSAECONNRESET, host-socket.ts) is the kernel's; it is reported
 *     by the call that finds the queue empty, after the datagrams that were queued before it (recvmmsg
 *     keeps an error met after the first datagram for its next call).
 *  6. connect() on a datagram socket: queued datagrams from any other address are discarded, as the
 *     connect page says ("any datagrams received from an address other than the destination address
 *     specified will be discarded"); the kernel filters what arrives later.
 *  7. closesocket() drops the queued datagrams with the socket (nothing goes on the wire) and releases
 *     the memory. shutdown(SD_RECEIVE) keeps them (recv fails with WSAESHUTDOWN before looking).
 *  8. --pcap records a datagram when the guest receives it (recv.ts), so a capture is unchanged.
 */
import { mapLazy, unmapLazy } from './host/libc.js';
import { hostToGuest } from './host/sockaddr.js';
import type { GuestSocket } from './state.js';
import type { GuestThread } from '../emulator/core/kernel/thread.js';
import { MSG_PEEK, SOCK_DGRAM } from './constants.js';
import { copyToGuest } from './hostcopy.js';

/** Datagrams one recvmmsg call may take (the queue's capacity). */
export const DGRAM_SLOTS = 32;
/** Bytes per slot: the largest UDP datagram fits. */
const SLOT = 65536;
/** Bytes per sender address (sockaddr_in6 is 28). */
const NAME = 32;
/** struct mmsghdr on LP64: msghdr (56) + msg_len (4) + padding (4). */
const MMSG = 64;
const IOV = 16;
const VEC_OFF = DGRAM_SLOTS * SLOT;
const IOV_OFF = VEC_OFF + DGRAM_SLOTS * MMSG;
const NAME_OFF = IOV_OFF + DGRAM_SLOTS * IOV;
const MAP_SIZE = NAME_OFF + DGRAM_SLOTS * NAME;
/** msg_len of a datagram that connect() discarded (rule 6). */
const DROPPED = 0xffffffff;

/** dgramRecv's answer when the queue is empty and may not be filled: the caller asks the kernel. */
export const NOT_QUEUED = -1;

/** A socket's queue: slots, then the mmsghdr vector, iovecs and addresses, in one mapping. */
export class DgramQueue {
  readonly mem: Buffer;
  readonly addr: number;
  /** The mmsghdr vector as u32 words (entry i: msg_namelen at [16 i + 2], msg_len at [16 i + 14]). */
  readonly vec: Uint32Array;
  /** The slots as a plain Uint8Array and a DataView (hostcopy.ts). */
  readonly u8: Uint8Array;
  readonly view: DataView;
  /** First queued entry and how many are queued (entries [head, head + count) of the last fill). */
  head = 0;
  count = 0;
  /** Entries the last recvmmsg filled (their msg_namelen must be reset before the next). */
  private used = 0;

  constructor() {
    const m = mapLazy(MAP_SIZE);
    this.mem = m.buffer;
    this.addr = m.address;
    this.u8 = new Uint8Array(this.mem.buffer, this.mem.byteOffset, VEC_OFF);
    this.view = new DataView(this.mem.buffer, this.mem.byteOffset, VEC_OFF);
    this.vec = new Uint32Array(this.mem.buffer, this.mem.byteOffset + VEC_OFF, (DGRAM_SLOTS * MMSG) / 4);
    const b = this.mem;
    for (let i = 0; i < DGRAM_SLOTS; i++) {
      const h = VEC_OFF + i * MMSG;
      writePtr(b, h, this.addr + NAME_OFF + i * NAME); // msg_name
      b.writeUInt32LE(NAME, h + 8); // msg_namelen
      writePtr(b, h + 16, this.addr + IOV_OFF + i * IOV); // msg_iov
      writePtr(b, h + 24, 1); // msg_iovlen
      writePtr(b, IOV_OFF + i * IOV, this.addr + i * SLOT); // iov_base
      writePtr(b, IOV_OFF + i * IOV + 8, SLOT); // iov_len
    }
  }

  /** Refills the (empty) queue from the kernel: the count, or WAIT / a negative Winsock error. */
  fill(s: GuestSocket): number {
    const v = this.vec;
    for (let i = 0; i < this.used; i++) v[i * 16 + 2] = NAME;
    const r = s.host.recvmmsg(this.addr + VEC_OFF, DGRAM_SLOTS);
    if (r > 0) {
      this.head = 0;
      this.count = this.used = r;
    }
    return r;
  }

  /** Length of entry `i` (DROPPED for a discarded one). */
  length(i: number): number {
    return this.vec[i * 16 + 14]!;
  }

  /** Removes the first entry and any discarded ones after it. */
  shift(): void {
    this.head++;
    this.count--;
    while (this.count > 0 && this.length(this.head) === DROPPED) {
      this.head++;
      this.count--;
    }
  }

  release(): void {
    this.count = 0;
    unmapLazy(this.addr, MAP_SIZE);
  }
}

function writePtr(b: Buffer, off: number, v: number): void {
  b.writeUInt32LE(v % 0x100000000, off);
  b.writeUInt32LE(Math.floor(v / 0x100000000), off + 4);
}

/** Whether a receive by thread `t` on `s` may fill the queue (rule 1; the caller checked the flags). */
export function dgramQueueAllowed(s: GuestSocket, t: GuestThread): boolean {
  if (s.type !== SOCK_DGRAM || s.rcvBuf >= 0) return false;
  const w = s.waiters.size;
  return w === 0 || (w === 1 && s.waiters.has(t));
}

/** Datagrams queued for the guest (readiness, rule 4). */
export function dgramQueued(s: GuestSocket): boolean {
  const q = s.dq;
  return q !== undefined && q.count > 0;
}

/** FIONREAD of a datagram socket (rule 3): the first queued datagram's size, else the kernel's answer. */
export function dgramPendingBytes(s: GuestSocket): number {
  const q = s.dq;
  return q !== undefined && q.count > 0 ? q.length(q.head) : s.host.pendingBytes();
}

/**
 * Receives one datagram into `ram[dst, dst + len)` (guest memory the caller checked) from the queue,
 * filling it first when it is empty and `mayFill`; the sender's guest-layout address goes to
 * `ram[from]` (capacity `cap`; `from` 0: not wanted) and its length to `s.host.addrLen`, as
 * HostSocket.recvfrom does. Returns the datagram's real length (more than `len`: truncated), WAIT
 * (nothing queued anywhere), a negative Winsock error, or NOT_QUEUED (empty and not allowed to fill).
 */
export function dgramRecv(s: GuestSocket, ram: Buffer, dst: number, len: number, flags: number, from: number, cap: number, mayFill: boolean): number {
  let q = s.dq;
  if (q === undefined || q.count === 0) {
    if (!mayFill) return NOT_QUEUED;
    if (q === undefined) {
      try {
        q = s.dq = new DgramQueue();
      } catch {
        return NOT_QUEUED; // no address space for the slots (mmap failed): one recv(2) per datagram, as before
      }
    }
    const r = q.fill(s);
    if (r <= 0) return r;
  }
  const i = q.head;
  const b = q.mem;
  const n = q.length(i);
  const m = n < len ? n : len;
  copyToGuest(q.u8, q.view, i * SLOT, ram, dst, m);
  const h = s.host;
  h.addrLen = 0;
  if (from !== 0) {
    const gl = hostToGuest(b, NAME_OFF + i * NAME, q.vec[i * 16 + 2]!, ram, from, cap);
    if (gl > 0) h.addrLen = gl;
  }
  if ((flags & MSG_PEEK) === 0) q.shift();
  return n;
}

const peerName = Buffer.alloc(128);
const entryName = Buffer.alloc(128);

/** Rule 6: after a datagram socket connected, queued datagrams from other senders are discarded. */
export function dgramConnected(s: GuestSocket): void {
  const q = s.dq;
  if (q === undefined || q.count === 0) return;
  const h = s.host;
  const keep = h.addrLen;
  const pl = h.getpeername(peerName, 0, peerName.length);
  h.addrLen = keep;
  if (pl <= 0) return;
  const b = q.mem;
  for (let i = q.head; i < q.head + q.count; i++) {
    const el = hostToGuest(b, NAME_OFF + i * NAME, q.vec[i * 16 + 2]!, entryName, 0, entryName.length);
    if (el !== pl || !sameEndpoint(peerName, entryName, pl)) q.vec[i * 16 + 14] = DROPPED;
  }
  // The first entry may be discarded: shift() past it (and any discarded ones after it).
  if (q.length(q.head) === DROPPED) q.shift();
}

/** Same family, port and address (guest sockaddr_in / sockaddr_in6 layouts; flow info ignored). */
function sameEndpoint(a: Buffer, b: Buffer, len: number): boolean {
  if (a[0] !== b[0] || a[1] !== b[1] || a[2] !== b[2] || a[3] !== b[3]) return false;
  const [from, to] = len >= 28 ? [8, 28] : [4, 8];
  for (let k = from; k < to; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Rule 7 (closesocket): the queued datagrams go with the socket. */
export function closeDgramQueue(s: GuestSocket): void {
  const q = s.dq;
  if (q === undefined) return;
  s.dq = undefined;
  q.release();
}
