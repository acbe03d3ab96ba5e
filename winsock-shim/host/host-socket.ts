/**
 * HostSocket: one non-blocking, close-on-exec Linux socket — a thin host adapter with no Winsock
 * rule of its own. Every Winsock rule (documented semantics, which error a call reports and in which
 * order, state such as shut-down / bound / connected / IP_HDRINCL / SO_SNDBUF as set) lives in the
 * winsock-shim/*.ts layer; this class only holds the fd, makes the syscall, maps the errno and
 * converts socket addresses.
 *
 * Conventions:
 *  - Every method returns a non-negative result or a NEGATIVE Winsock error code mapped from the
 *    errno (errno.ts; -10035 for WSAEWOULDBLOCK...). The raw errno of the last failure is kept in
 *    {@link lastErrno} for callers that refine the mapping. Nothing throws on the data path.
 *  - Data buffers are raw host addresses (`ptr: number`): the guest RAM buffer's base address
 *    (from `addressOf`, taken once) + offset. No Buffer is created per call.
 *  - Socket addresses are passed and returned in the GUEST (Winsock) layout, in a byte array the
 *    caller owns (normally guest RAM); they are converted through the shared scratch area.
 *  - send/recv `flags` are the guest's MSG_OOB / MSG_PEEK / MSG_DONTROUTE bits (same values on
 *    Linux), already validated by the caller; option levels/names and ioctls are LINUX values.
 *  - Datagram receives report the datagram's real length (MSG_TRUNC), which may exceed `len`: the
 *    caller decides what a truncated datagram means.
 *  - The fd is always non-blocking; a blocking Winsock call is emulated by the caller with
 *    waitReadable/waitWritable (the process-wide poller) and a retry.
 *
 * Host mechanics kept here: ICMP errors on unconnected datagram sockets are made visible with
 * IP_RECVERR and the error queue entry is dequeued once reported (an ICMP port unreachable maps to
 * WSAECONNRESET, as errno.ts documents); Linux reports SO_SNDBUF/SO_RCVBUF doubled
 * ({@link bufferSize} halves them).
 */
import {
  libc,
  errno,
  scratch,
  scratchAddr,
  SCR_SA,
  SCR_LEN,
  SCR_OPT,
  SCR_INT,
  SCR_POLLFD,
  SCR_MSGHDR,
  E,
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
  SOCK_STREAM,
  SOCK_DGRAM,
  SOCK_NONBLOCK,
  SOCK_CLOEXEC,
  SOL_SOCKET,
  SO_ERROR,
  SO_LINGER,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IP_RECVERR,
  IPV6_RECVERR,
  MSG_OOB,
  MSG_PEEK,
  MSG_DONTROUTE,
  MSG_TRUNC,
  MSG_DONTWAIT,
  MSG_NOSIGNAL,
  MSG_ERRQUEUE,
  FIONREAD,
  SIOCOUTQ,
  SIOCATMARK,
  POLLPRI,
  POLLOUT,
  EPOLLIN,
  EPOLLOUT,
  EPOLLPRI,
  EPOLLRDHUP,
} from './libc.js';
import { WSA, wsaFromErrno } from './errno.js';
import { guestToHost, hostToGuest } from './sockaddr.js';
import { getPoller, currentPoller, type PollCallback, type WatchHandle } from './poller.js';

const SEND_BASE = MSG_NOSIGNAL | MSG_DONTWAIT;
/** Guest send flags passed on (MSG_OOB, MSG_DONTROUTE: same values on Linux). */
const HOST_SEND_FLAGS = MSG_OOB | MSG_DONTROUTE;

const ENOTSOCK = -WSA.WSAENOTSOCK;

const EPROTO = 71;

/** Errnos that on a datagram socket come from an ICMP error (an entry in the IP_RECVERR queue). */
function isIcmpErrno(e: number): boolean {
  return e === E.ECONNREFUSED || e === E.EHOSTUNREACH || e === E.ENETUNREACH || e === E.EHOSTDOWN || e === E.ETIMEDOUT || e === EPROTO;
}

export class HostSocket {
  /** The Linux fd, -1 once closed. */
  fd: number;
  /** Linux address family (AF_INET / AF_INET6). */
  readonly family: number;
  /** SOCK_STREAM / SOCK_DGRAM / SOCK_RAW (same numbers in Winsock). */
  readonly type: number;
  readonly protocol: number;
  readonly stream: boolean;
  /** Guest sockaddr length written by the last recvfrom/accept/getsockname/getpeername (0 if none). */
  addrLen = 0;
  /** Linux errno of the last failed call (callers refine errno.ts's context-free mapping with it). */
  lastErrno = 0;

  private constructor(fd: number, family: number, type: number, protocol: number) {
    this.fd = fd;
    this.family = family;
    this.type = type;
    this.protocol = protocol;
    this.stream = type === SOCK_STREAM;
  }

  /**
   * Open a socket. `family` is the LINUX family (AF_INET/AF_INET6; see hostFamilyFromWinsock),
   * `type` SOCK_STREAM/SOCK_DGRAM/SOCK_RAW, `protocol` an IPPROTO_* value or 0.
   * Returns the socket or a negative Winsock error.
   */
  static create(family: number, type: number, protocol = 0): HostSocket | number {
    if (family !== AF_INET && family !== AF_INET6) return -WSA.WSAEAFNOSUPPORT;
    const fd = libc.socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) return -wsaFromErrno(errno());
    const s = new HostSocket(fd, family, type, protocol);
    if (type === SOCK_DGRAM) {
      // Windows reports ICMP port unreachable as WSAECONNRESET even on unconnected UDP sockets;
      // Linux only does so with IP_RECVERR (connected sockets get it regardless).
      if (family === AF_INET) s.setsockoptInt(IPPROTO_IP, IP_RECVERR, 1);
      else s.setsockoptInt(IPPROTO_IPV6, IPV6_RECVERR, 1);
    }
    return s;
  }

  get closed(): boolean {
    return this.fd < 0;
  }

  // -------------------------------------------------------------------------------------------
  // Data path
  // -------------------------------------------------------------------------------------------

  /** send(): bytes sent (may be partial), or a negative Winsock error. */
  send(ptr: number, len: number, flags: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const r = libc.send(this.fd, ptr, len, (flags & HOST_SEND_FLAGS) | SEND_BASE);
    return r >= 0 ? r : this.fail(errno());
  }

  /**
   * sendto(): `to` is a guest-layout sockaddr at `to[toOff .. toOff+toLen)`; `to === null` (or
   * toLen 0) sends without an address.
   */
  sendto(ptr: number, len: number, flags: number, to: Uint8Array | null, toOff: number, toLen: number): number {
    if (this.fd < 0) return ENOTSOCK;
    let r: number;
    if (to === null || toLen === 0) {
      r = libc.sendto(this.fd, ptr, len, (flags & HOST_SEND_FLAGS) | SEND_BASE, 0, 0);
    } else {
      const hl = guestToHost(to, toOff, toLen, scratch, SCR_SA);
      if (hl < 0) return hl;
      r = libc.sendto(this.fd, ptr, len, (flags & HOST_SEND_FLAGS) | SEND_BASE, scratchAddr + SCR_SA, hl);
    }
    return r >= 0 ? r : this.fail(errno());
  }

  /**
   * recv(): bytes received (0 = orderly shutdown by the peer), or a negative Winsock error. On a
   * datagram socket the result is the datagram's real length, which exceeds `len` when truncated.
   */
  recv(ptr: number, len: number, flags: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const r = libc.recv(this.fd, ptr, len, this.recvFlags(flags));
    return r >= 0 ? r : this.fail(errno());
  }

  /**
   * recvfrom(): like recv(), and writes the sender's guest-layout sockaddr to `from[fromOff]`
   * (capacity `fromCap`, which the caller has checked) and its length to {@link addrLen}.
   */
  recvfrom(ptr: number, len: number, flags: number, from: Uint8Array | null, fromOff: number, fromCap: number): number {
    if (this.fd < 0) return ENOTSOCK;
    this.addrLen = 0;
    scratch.writeUInt32LE(128, SCR_LEN);
    const r = libc.recvfrom(this.fd, ptr, len, this.recvFlags(flags), scratchAddr + SCR_SA, scratchAddr + SCR_LEN);
    if (r < 0) return this.fail(errno());
    if (from !== null) {
      const hl = scratch.readUInt32LE(SCR_LEN);
      if (hl > 0) {
        const gl = hostToGuest(scratch, SCR_SA, hl, from, fromOff, fromCap);
        if (gl > 0) this.addrLen = gl;
      }
    }
    return r;
  }

  /**
   * recvmmsg(2) without waiting: fills up to `vlen` entries of the `struct mmsghdr` vector at host
   * address `vec` (the caller set their buffers and name lengths). Returns how many datagrams it
   * received (>= 1) or a negative Winsock error (WSAEWOULDBLOCK when none is queued; an ICMP error
   * maps and is dequeued as for recv). A failure after the first datagram is kept by the kernel for
   * the next call.
   */
  recvmmsg(vec: number, vlen: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const r = libc.recvmmsg(this.fd, vec, vlen, MSG_DONTWAIT, 0);
    return r >= 0 ? r : this.fail(errno());
  }

  /** Linux recv flags: OOB/PEEK have the same values; never block; datagrams report their real length. */
  private recvFlags(flags: number): number {
    const lf = (flags & (MSG_OOB | MSG_PEEK)) | MSG_DONTWAIT;
    return this.stream ? lf : lf | MSG_TRUNC;
  }

  /** Records errno `e` and maps it (errno.ts), dequeuing the ICMP error entry of a datagram socket. */
  private fail(e: number): number {
    this.lastErrno = e;
    return this.ioError(e);
  }

  /** Common error refinement for datagram ICMP errors. */
  private ioError(e: number): number {
    if (!this.stream && isIcmpErrno(e)) {
      this.drainErrorQueue();
      if (e === E.ECONNREFUSED) return -WSA.WSAECONNRESET;
    }
    return -wsaFromErrno(e);
  }

  /**
   * Dequeue one IP_RECVERR entry after its error was reported through the socket error, so that
   * epoll stops signalling EPOLLERR for it (the kernel re-raises the socket error if more are queued).
   */
  private drainErrorQueue(): void {
    scratch.fill(0, SCR_MSGHDR, SCR_MSGHDR + 56);
    libc.recvmsg(this.fd, scratchAddr + SCR_MSGHDR, MSG_ERRQUEUE | MSG_DONTWAIT);
  }

  // -------------------------------------------------------------------------------------------
  // Connection management
  // -------------------------------------------------------------------------------------------

  /**
   * connect() to a guest-layout sockaddr. 0 on immediate success; -WSAEWOULDBLOCK while a stream
   * connect is in progress (wait for writability, then check {@link soError}); -WSAEALREADY /
   * -WSAEISCONN on repeated calls.
   */
  connect(sa: Uint8Array, off: number, len: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const hl = guestToHost(sa, off, len, scratch, SCR_SA);
    if (hl < 0) return hl;
    return libc.connect(this.fd, scratchAddr + SCR_SA, hl) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /** connect() to AF_UNSPEC: Linux dissolves a datagram socket's association. */
  disconnect(): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.fill(0, SCR_SA, SCR_SA + 16);
    scratch[SCR_SA] = AF_UNSPEC;
    return libc.connect(this.fd, scratchAddr + SCR_SA, 16) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /** bind() to a guest-layout sockaddr. */
  bind(sa: Uint8Array, off: number, len: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const hl = guestToHost(sa, off, len, scratch, SCR_SA);
    if (hl < 0) return hl;
    return libc.bind(this.fd, scratchAddr + SCR_SA, hl) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /** listen(). */
  listen(backlog: number): number {
    if (this.fd < 0) return ENOTSOCK;
    return libc.listen(this.fd, backlog) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /**
   * accept(): a new (non-blocking) HostSocket, or a negative Winsock error (WSAEWOULDBLOCK when no
   * connection is pending). The peer's guest-layout address goes to `out[off]` (capacity `cap`,
   * checked by the caller) if given.
   */
  accept(out: Uint8Array | null = null, off = 0, cap = 0): HostSocket | number {
    if (this.fd < 0) return ENOTSOCK;
    this.addrLen = 0;
    scratch.writeUInt32LE(128, SCR_LEN);
    const fd = libc.accept4(this.fd, scratchAddr + SCR_SA, scratchAddr + SCR_LEN, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return -wsaFromErrno(errno());
    const s = new HostSocket(fd, this.family, this.type, this.protocol);
    if (out !== null) {
      const gl = hostToGuest(scratch, SCR_SA, scratch.readUInt32LE(SCR_LEN), out, off, cap);
      if (gl > 0) this.addrLen = gl;
    }
    return s;
  }

  /** shutdown(SHUT_RD | SHUT_WR | SHUT_RDWR) (the same numbers as Winsock's SD_*). */
  shutdown(how: number): number {
    if (this.fd < 0) return ENOTSOCK;
    return libc.shutdown(this.fd, how) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /**
   * closesocket(): wakes any pending waits (their callbacks get POLLER_FORGOTTEN and the retried
   * operation sees WSAENOTSOCK), then closes the fd. With SO_LINGER {1, 0} the kernel sends RST.
   */
  close(): number {
    if (this.fd < 0) return ENOTSOCK;
    const fd = this.fd;
    this.fd = -1;
    currentPoller()?.forget(fd, true);
    return libc.close(fd) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /** getsockname() into a guest-layout sockaddr; returns its length. */
  getsockname(out: Uint8Array, off: number, cap: number): number {
    return this.nameOp(libc.getsockname, out, off, cap);
  }

  /** getpeername() into a guest-layout sockaddr; returns its length. */
  getpeername(out: Uint8Array, off: number, cap: number): number {
    return this.nameOp(libc.getpeername, out, off, cap);
  }

  private nameOp(fn: (fd: number, a: number, l: number) => number, out: Uint8Array, off: number, cap: number): number {
    if (this.fd < 0) return ENOTSOCK;
    this.addrLen = 0;
    scratch.writeUInt32LE(128, SCR_LEN);
    if (fn(this.fd, scratchAddr + SCR_SA, scratchAddr + SCR_LEN) !== 0) return -wsaFromErrno(errno());
    const gl = hostToGuest(scratch, SCR_SA, scratch.readUInt32LE(SCR_LEN), out, off, cap);
    if (gl > 0) this.addrLen = gl;
    return gl;
  }

  // -------------------------------------------------------------------------------------------
  // Options and ioctls (Linux level/name values)
  // -------------------------------------------------------------------------------------------

  /** setsockopt() with an int value. */
  setsockoptInt(level: number, name: number, value: number): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeInt32LE(value | 0, SCR_OPT);
    return libc.setsockopt(this.fd, level, name, scratchAddr + SCR_OPT, 4) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /**
   * getsockopt() of an int option: the value (never <= -10000 for the options in use), or a
   * negative Winsock error.
   */
  getsockoptInt(level: number, name: number): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeInt32LE(0, SCR_OPT);
    scratch.writeUInt32LE(4, SCR_LEN);
    if (libc.getsockopt(this.fd, level, name, scratchAddr + SCR_OPT, scratchAddr + SCR_LEN) !== 0) {
      return -wsaFromErrno(errno());
    }
    return scratch.readInt32LE(SCR_OPT);
  }

  /** SO_SNDBUF / SO_RCVBUF (Linux names) as sized: Linux reports double the value set. */
  bufferSize(name: number): number {
    const v = this.getsockoptInt(SOL_SOCKET, name);
    return v < 0 ? v : v >> 1;
  }

  /** SO_LINGER. `setLinger(true, 0)` makes close() abortive (RST). */
  setLinger(onoff: boolean, seconds: number): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeInt32LE(onoff ? 1 : 0, SCR_OPT);
    scratch.writeInt32LE(seconds | 0, SCR_OPT + 4);
    return libc.setsockopt(this.fd, SOL_SOCKET, SO_LINGER, scratchAddr + SCR_OPT, 8) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /** SO_LINGER as `{ onoff, seconds }`, or a negative Winsock error. */
  getLinger(): { onoff: boolean; seconds: number } | number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeUInt32LE(8, SCR_LEN);
    if (libc.getsockopt(this.fd, SOL_SOCKET, SO_LINGER, scratchAddr + SCR_OPT, scratchAddr + SCR_LEN) !== 0) {
      return -wsaFromErrno(errno());
    }
    return { onoff: scratch.readInt32LE(SCR_OPT) !== 0, seconds: scratch.readInt32LE(SCR_OPT + 4) };
  }

  /**
   * Pending socket error (SO_ERROR, cleared by reading) as a POSITIVE Winsock code, 0 if none, or a
   * negative Winsock error if the query failed. Use after a non-blocking connect becomes writable.
   */
  soError(): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeInt32LE(0, SCR_OPT);
    scratch.writeUInt32LE(4, SCR_LEN);
    if (libc.getsockopt(this.fd, SOL_SOCKET, SO_ERROR, scratchAddr + SCR_OPT, scratchAddr + SCR_LEN) !== 0) {
      return -wsaFromErrno(errno());
    }
    const e = scratch.readInt32LE(SCR_OPT);
    if (e === 0) return 0;
    return -this.ioError(e);
  }

  private ioctlInt(req: number): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeInt32LE(0, SCR_INT);
    if (libc.ioctl(this.fd, req, scratchAddr + SCR_INT) !== 0) return -wsaFromErrno(errno());
    return scratch.readInt32LE(SCR_INT);
  }

  /**
   * FIONREAD: bytes readable. Note Linux reports the size of the NEXT datagram on UDP sockets
   * (Windows: all queued bytes); on stream sockets both report all queued in-band bytes.
   */
  pendingBytes(): number {
    return this.ioctlInt(FIONREAD);
  }

  /** SIOCOUTQ: bytes in the send queue not yet acknowledged (stream) / not yet sent (datagram). */
  outq(): number {
    return this.ioctlInt(SIOCOUTQ);
  }

  /** Raw Linux SIOCATMARK: 1 if the read pointer is at the urgent mark. */
  siocatmark(): number {
    return this.ioctlInt(SIOCATMARK);
  }

  /** 1 when urgent (out-of-band) data is waiting to be read (poll POLLPRI), 0 when not; or a negative error. */
  urgentPending(): number {
    if (this.fd < 0) return ENOTSOCK;
    scratch.writeInt32LE(this.fd, SCR_POLLFD);
    scratch.writeInt16LE(POLLPRI, SCR_POLLFD + 4);
    scratch.writeInt16LE(0, SCR_POLLFD + 6);
    const r = libc.poll(scratchAddr + SCR_POLLFD, 1, 0);
    if (r < 0) return -wsaFromErrno(errno());
    return (scratch.readInt16LE(SCR_POLLFD + 6) & POLLPRI) !== 0 ? 1 : 0;
  }

  // -------------------------------------------------------------------------------------------
  // Readiness (process-wide poller; one-shot; the caller cancels on timeout)
  // -------------------------------------------------------------------------------------------

  /** Call `cb(revents)` once when readable (data, EOF, error, or a pending connection). */
  /**
   * Waits at most `ms` milliseconds, synchronously, for room in the send buffer (poll(2)). Only for
   * very short waits: the Node event loop does not run meanwhile. True when writable.
   */
  writableWithin(ms: number): boolean {
    if (this.fd < 0) return false;
    scratch.writeInt32LE(this.fd, SCR_POLLFD);
    scratch.writeInt16LE(POLLOUT, SCR_POLLFD + 4);
    scratch.writeInt16LE(0, SCR_POLLFD + 6);
    const r = libc.poll(scratchAddr + SCR_POLLFD, 1, ms);
    return r > 0 && (scratch.readInt16LE(SCR_POLLFD + 6) & POLLOUT) !== 0;
  }

  waitReadable(cb: PollCallback): WatchHandle {
    return getPoller().watch(this.fd, EPOLLIN | EPOLLRDHUP, cb);
  }

  /** Call `cb(revents)` once when writable (send buffer space, connect finished, or error). */
  waitWritable(cb: PollCallback): WatchHandle {
    return getPoller().watch(this.fd, EPOLLOUT, cb);
  }

  /** Call `cb(revents)` once when urgent (OOB) data is pending (select()'s exceptfds). */
  waitUrgent(cb: PollCallback): WatchHandle {
    return getPoller().watch(this.fd, EPOLLPRI, cb);
  }

  /** Cancel a wait returned by waitReadable/waitWritable/waitUrgent. */
  cancelWait(handle: WatchHandle): boolean {
    return currentPoller()?.cancel(handle) ?? false;
  }
}

export { SOCK_STREAM, SOCK_DGRAM, AF_INET, AF_INET6 };
