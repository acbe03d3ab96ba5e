/**
 * HostSocket: one non-blocking, close-on-exec Linux socket, with Winsock semantics at its surface.
 *
 * Conventions:
 *  - Every method returns a non-negative result or a NEGATIVE Winsock error code (-10035 for
 *    WSAEWOULDBLOCK...). Nothing throws on the data path.
 *  - Data buffers are raw host addresses (`ptr: number`): the guest RAM buffer's base address
 *    (from `addressOf`, taken once) + offset. No Buffer is created per call.
 *  - Socket addresses are passed and returned in the GUEST (Winsock) layout, in a byte array the
 *    caller owns (normally guest RAM); they are converted through the shared scratch area.
 *  - send/recv `flags` are WINSOCK flags (MSG_OOB=1, MSG_PEEK=2, MSG_DONTROUTE=4, MSG_WAITALL=8);
 *    option levels/names and ioctls are LINUX values (the Winsock layer translates those).
 *  - The fd is always non-blocking; a blocking Winsock call is emulated by the caller with
 *    waitReadable/waitWritable (the process-wide poller) and a retry.
 *
 * Winsock behaviours implemented here on top of Linux (see the report / errno.ts for the list):
 *  send after shutdown(SD_SEND) → WSAESHUTDOWN; recv after shutdown(SD_RECEIVE) → WSAESHUTDOWN;
 *  EPIPE on a never-connected stream → WSAENOTCONN; ICMP port unreachable on UDP → WSAECONNRESET
 *  (also on unconnected sockets, via IP_RECVERR); truncated datagram → WSAEMSGSIZE; recv(MSG_OOB) with
 *  nothing pending → WSAEWOULDBLOCK; send(MSG_OOB) with SO_OOBINLINE → WSAEINVAL; MSG_OOB on a
 *  non-stream socket → WSAEOPNOTSUPP; unknown flags → WSAEINVAL; listen() on an unbound socket →
 *  WSAEINVAL; SO_SNDBUF/SO_RCVBUF read back as set (Linux doubles them); SIOCATMARK with Winsock
 *  meaning (TRUE when no urgent data is waiting).
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
  SO_OOBINLINE,
  SO_SNDBUF,
  SO_RCVBUF,
  IPPROTO_IP,
  IPPROTO_IPV6,
  IPPROTO_TCP,
  IP_HDRINCL,
  IP_RECVERR,
  IPV6_RECVERR,
  MSG_OOB,
  MSG_PEEK,
  MSG_TRUNC,
  MSG_DONTWAIT,
  MSG_NOSIGNAL,
  MSG_ERRQUEUE,
  SHUT_RD,
  SHUT_WR,
  SHUT_RDWR,
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
import { guestToHost, hostToGuest, guestSockaddrLen } from './sockaddr.js';
import { getPoller, currentPoller, type PollCallback, type WatchHandle } from './poller.js';

/** Winsock send/recv flag values (the guest's). */
export const WS_MSG_OOB = 0x1;
export const WS_MSG_PEEK = 0x2;
export const WS_MSG_DONTROUTE = 0x4;
export const WS_MSG_WAITALL = 0x8;

/** Winsock shutdown() `how` values (same numbers as Linux SHUT_*). */
export const SD_RECEIVE = 0;
export const SD_SEND = 1;
export const SD_BOTH = 2;

const SEND_FLAGS = WS_MSG_OOB | WS_MSG_DONTROUTE;
const RECV_FLAGS = WS_MSG_OOB | WS_MSG_PEEK | WS_MSG_WAITALL;
const SEND_BASE = MSG_NOSIGNAL | MSG_DONTWAIT;

const ENOTSOCK = -WSA.WSAENOTSOCK;

/** Errnos that on a datagram socket come from an ICMP error (an entry in the IP_RECVERR queue). */
function isIcmpErrno(e: number): boolean {
  return (
    e === E.ECONNREFUSED ||
    e === E.EHOSTUNREACH ||
    e === E.ENETUNREACH ||
    e === E.EHOSTDOWN ||
    e === E.ETIMEDOUT ||
    e === 71 /* EPROTO */
  );
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

  private shutSend = false;
  private shutRecv = false;
  private connectAttempted = false;
  private bound = false;
  private hdrIncl = false;
  private sndbufSet = -1;
  private rcvbufSet = -1;

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

  /** True once IP_HDRINCL is set: the caller must run {@link checkRawHeader} on outgoing data. */
  get headerIncluded(): boolean {
    return this.hdrIncl;
  }

  // -------------------------------------------------------------------------------------------
  // Data path
  // -------------------------------------------------------------------------------------------

  /** send(): bytes sent (may be partial), or a negative Winsock error. */
  send(ptr: number, len: number, flags: number): number {
    if (this.fd < 0) return ENOTSOCK;
    if ((flags & ~SEND_FLAGS) !== 0) return -WSA.WSAEINVAL;
    if (this.shutSend) return -WSA.WSAESHUTDOWN;
    if ((flags & WS_MSG_OOB) !== 0) {
      const c = this.checkOobSend();
      if (c !== 0) return c;
    }
    const r = libc.send(this.fd, ptr, len, flags | SEND_BASE);
    return r >= 0 ? r : this.sendError(errno(), false);
  }

  /**
   * sendto(): `to` is a guest-layout sockaddr at `to[toOff .. toOff+toLen)`; `to === null` (or
   * toLen 0) behaves like send() except that an unconnected datagram socket gives WSAEDESTADDRREQ.
   */
  sendto(ptr: number, len: number, flags: number, to: Uint8Array | null, toOff: number, toLen: number): number {
    if (this.fd < 0) return ENOTSOCK;
    if ((flags & ~SEND_FLAGS) !== 0) return -WSA.WSAEINVAL;
    if (this.shutSend) return -WSA.WSAESHUTDOWN;
    if ((flags & WS_MSG_OOB) !== 0) {
      const c = this.checkOobSend();
      if (c !== 0) return c;
    }
    let r: number;
    if (to === null || toLen === 0 || this.stream) {
      // Winsock ignores the address of a sendto on a connection-oriented socket.
      r = libc.sendto(this.fd, ptr, len, flags | SEND_BASE, 0, 0);
    } else {
      const hl = guestToHost(to, toOff, toLen, scratch, SCR_SA);
      if (hl < 0) return hl;
      r = libc.sendto(this.fd, ptr, len, flags | SEND_BASE, scratchAddr + SCR_SA, hl);
    }
    return r >= 0 ? r : this.sendError(errno(), true);
  }

  /** recv(): bytes received (0 = orderly shutdown by the peer), or a negative Winsock error. */
  recv(ptr: number, len: number, flags: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const lf = this.recvFlags(flags);
    if (lf < 0) return lf;
    const r = libc.recv(this.fd, ptr, len, lf);
    if (r >= 0) return r > len ? -WSA.WSAEMSGSIZE : r; // r > len only with MSG_TRUNC on datagrams
    return this.recvError(errno(), flags);
  }

  /**
   * recvfrom(): like recv(), and writes the sender's guest-layout sockaddr to `from[fromOff]`
   * (capacity `fromCap`; too small → WSAEFAULT before anything is consumed) and its length to
   * {@link addrLen}. A truncated datagram returns WSAEMSGSIZE with the buffer filled and the
   * address stored, as Winsock does.
   */
  recvfrom(ptr: number, len: number, flags: number, from: Uint8Array | null, fromOff: number, fromCap: number): number {
    if (this.fd < 0) return ENOTSOCK;
    this.addrLen = 0;
    const lf = this.recvFlags(flags);
    if (lf < 0) return lf;
    if (from !== null && fromCap < guestSockaddrLen(this.family)) return -WSA.WSAEFAULT;
    scratch.writeUInt32LE(128, SCR_LEN);
    const r = libc.recvfrom(this.fd, ptr, len, lf, scratchAddr + SCR_SA, scratchAddr + SCR_LEN);
    if (r < 0) return this.recvError(errno(), flags);
    if (from !== null) {
      const hl = scratch.readUInt32LE(SCR_LEN);
      if (hl > 0) {
        const gl = hostToGuest(scratch, SCR_SA, hl, from, fromOff, fromCap);
        if (gl > 0) this.addrLen = gl;
      }
    }
    return r > len ? -WSA.WSAEMSGSIZE : r;
  }

  private recvFlags(flags: number): number {
    if ((flags & ~RECV_FLAGS) !== 0) return -WSA.WSAEINVAL;
    if (this.shutRecv) return -WSA.WSAESHUTDOWN;
    // MSG_WAITALL is the blocking layer's job (the fd never blocks); OOB/PEEK have Linux values.
    let lf = (flags & (MSG_OOB | MSG_PEEK)) | MSG_DONTWAIT;
    if (!this.stream) {
      if ((flags & WS_MSG_OOB) !== 0) return -WSA.WSAEOPNOTSUPP;
      lf |= MSG_TRUNC; // return the real datagram length so truncation is detectable
    }
    return lf;
  }

  private checkOobSend(): number {
    if (!this.stream) return -WSA.WSAEOPNOTSUPP;
    return this.getsockoptInt(SOL_SOCKET, SO_OOBINLINE) > 0 ? -WSA.WSAEINVAL : 0;
  }

  private sendError(e: number, withAddr: boolean): number {
    switch (e) {
      case E.EPIPE:
        // Local shutdown was caught before the call; so: never connected, or the connection died.
        return this.stream && !this.connectAttempted ? -WSA.WSAENOTCONN : -WSA.WSAECONNRESET;
      case E.EDESTADDRREQ:
        return withAddr ? -WSA.WSAEDESTADDRREQ : -WSA.WSAENOTCONN;
      default:
        return this.ioError(e);
    }
  }

  private recvError(e: number, flags: number): number {
    if (e === E.EINVAL && (flags & WS_MSG_OOB) !== 0) {
      // Linux: EINVAL both for "SO_OOBINLINE set" and "no urgent data". Winsock: only the former.
      return this.getsockoptInt(SOL_SOCKET, SO_OOBINLINE) > 0 ? -WSA.WSAEINVAL : -WSA.WSAEWOULDBLOCK;
    }
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
   * -WSAEISCONN on repeated calls. A guest AF_UNSPEC address dissolves a datagram association.
   */
  connect(sa: Uint8Array, off: number, len: number): number {
    if (this.fd < 0) return ENOTSOCK;
    let hl: number;
    if (len >= 2 && sa[off] === 0 && sa[off + 1] === 0 && !this.stream) {
      scratch.fill(0, SCR_SA, SCR_SA + 16);
      scratch[SCR_SA] = AF_UNSPEC;
      hl = 16;
    } else {
      hl = guestToHost(sa, off, len, scratch, SCR_SA);
      if (hl < 0) return hl;
    }
    this.connectAttempted = true;
    const r = libc.connect(this.fd, scratchAddr + SCR_SA, hl);
    if (r === 0) {
      this.bound = true;
      return 0;
    }
    const e = errno();
    if (e === E.EINPROGRESS) this.bound = true;
    return -wsaFromErrno(e);
  }

  /** bind() to a guest-layout sockaddr. */
  bind(sa: Uint8Array, off: number, len: number): number {
    if (this.fd < 0) return ENOTSOCK;
    const hl = guestToHost(sa, off, len, scratch, SCR_SA);
    if (hl < 0) return hl;
    if (libc.bind(this.fd, scratchAddr + SCR_SA, hl) !== 0) return -wsaFromErrno(errno());
    this.bound = true;
    return 0;
  }

  /** listen(). Winsock requires a prior bind (Linux would auto-bind): WSAEINVAL otherwise. */
  listen(backlog: number): number {
    if (this.fd < 0) return ENOTSOCK;
    if (!this.stream) return -WSA.WSAEOPNOTSUPP;
    if (!this.bound) return -WSA.WSAEINVAL;
    return libc.listen(this.fd, backlog) === 0 ? 0 : -wsaFromErrno(errno());
  }

  /**
   * accept(): a new (non-blocking) HostSocket, or a negative Winsock error (WSAEWOULDBLOCK when no
   * connection is pending). The peer's guest-layout address goes to `out[off]` if given.
   */
  accept(out: Uint8Array | null = null, off = 0, cap = 0): HostSocket | number {
    if (this.fd < 0) return ENOTSOCK;
    this.addrLen = 0;
    if (out !== null && cap < guestSockaddrLen(this.family)) return -WSA.WSAEFAULT;
    scratch.writeUInt32LE(128, SCR_LEN);
    const fd = libc.accept4(this.fd, scratchAddr + SCR_SA, scratchAddr + SCR_LEN, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return -wsaFromErrno(errno());
    const s = new HostSocket(fd, this.family, this.type, this.protocol);
    s.connectAttempted = true;
    s.bound = true;
    if (this.sndbufSet >= 0) s.sndbufSet = this.sndbufSet; // inherited by the kernel too
    if (this.rcvbufSet >= 0) s.rcvbufSet = this.rcvbufSet;
    if (out !== null) {
      const gl = hostToGuest(scratch, SCR_SA, scratch.readUInt32LE(SCR_LEN), out, off, cap);
      if (gl > 0) this.addrLen = gl;
    }
    return s;
  }

  /** shutdown(SD_RECEIVE | SD_SEND | SD_BOTH). */
  shutdown(how: number): number {
    if (this.fd < 0) return ENOTSOCK;
    if (how !== SHUT_RD && how !== SHUT_WR && how !== SHUT_RDWR) return -WSA.WSAEINVAL;
    if (libc.shutdown(this.fd, how) !== 0) return -wsaFromErrno(errno());
    if (how !== SHUT_RD) this.shutSend = true;
    if (how !== SHUT_WR) this.shutRecv = true;
    return 0;
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
    if (libc.setsockopt(this.fd, level, name, scratchAddr + SCR_OPT, 4) !== 0) return -wsaFromErrno(errno());
    if (level === SOL_SOCKET && name === SO_SNDBUF) this.sndbufSet = value;
    else if (level === SOL_SOCKET && name === SO_RCVBUF) this.rcvbufSet = value;
    else if (level === IPPROTO_IP && name === IP_HDRINCL) this.hdrIncl = value !== 0;
    return 0;
  }

  /**
   * getsockopt() of an int option: the value (never <= -10000 for the options in use), or a
   * negative Winsock error. SO_SNDBUF/SO_RCVBUF return the value last set (Linux reports double),
   * or half the kernel's figure when never set.
   */
  getsockoptInt(level: number, name: number): number {
    if (this.fd < 0) return ENOTSOCK;
    if (level === SOL_SOCKET && name === SO_SNDBUF && this.sndbufSet >= 0) return this.sndbufSet;
    if (level === SOL_SOCKET && name === SO_RCVBUF && this.rcvbufSet >= 0) return this.rcvbufSet;
    scratch.writeInt32LE(0, SCR_OPT);
    scratch.writeUInt32LE(4, SCR_LEN);
    if (libc.getsockopt(this.fd, level, name, scratchAddr + SCR_OPT, scratchAddr + SCR_LEN) !== 0) {
      return -wsaFromErrno(errno());
    }
    const v = scratch.readInt32LE(SCR_OPT);
    if (level === SOL_SOCKET && (name === SO_SNDBUF || name === SO_RCVBUF)) return v >> 1;
    return v;
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

  /**
   * Winsock SIOCATMARK: 1 (TRUE) when NO urgent data is waiting to be read, 0 when some is (in
   * SO_OOBINLINE mode: until the urgent byte has been read in-band). Datagram sockets: always 1.
   */
  atMark(): number {
    if (this.fd < 0) return ENOTSOCK;
    if (!this.stream) return 1;
    scratch.writeInt32LE(this.fd, SCR_POLLFD);
    scratch.writeInt16LE(POLLPRI, SCR_POLLFD + 4);
    scratch.writeInt16LE(0, SCR_POLLFD + 6);
    const r = libc.poll(scratchAddr + SCR_POLLFD, 1, 0);
    if (r < 0) return -wsaFromErrno(errno());
    return (scratch.readInt16LE(SCR_POLLFD + 6) & POLLPRI) !== 0 ? 0 : 1;
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

/**
 * For raw sockets with IP_HDRINCL: Winsock refuses a caller-built IPv4 header whose protocol field is
 * TCP (WSAEPROTONOSUPPORT); Linux would send it. `data[off .. off+len)` is the outgoing packet.
 * Returns 0 when the packet may be sent, or a negative Winsock error.
 */
export function checkRawHeader(data: Uint8Array, off: number, len: number): number {
  if (len < 20) return -WSA.WSAEINVAL;
  if (data[off] >> 4 === 4 && data[off + 9] === IPPROTO_TCP) return -WSA.WSAEPROTONOSUPPORT;
  return 0;
}

export { SOCK_STREAM, SOCK_DGRAM, AF_INET, AF_INET6 };
