/**
 * Raw Linux socket syscalls through koffi (libc.so.6), for the Winsock shim's host side.
 *
 * Design rules (the guest `send` loop is the hot path):
 *  - Every function is declared exactly once, here, at module load. No koffi type parsing per call.
 *  - Every pointer parameter is declared `uintptr_t` and passed as a plain JS number (a raw host
 *    address): guest RAM base address + offset, or the preallocated {@link scratch} buffer's address
 *    + a fixed offset. No Buffer is handed to koffi on the hot path, so no per-call wrapping/allocation.
 *  - Functions that libc declares variadic (`ioctl`, `fcntl`) are declared here with a fixed third
 *    integer argument. That is ABI-correct for integer/pointer varargs on Linux x86-64 and AArch64
 *    (varargs are passed in the same registers as fixed arguments).
 *  - errno is read with {@link errno} (koffi.errno()) right after a call that returned -1; nothing else
 *    runs on the JS thread in between.
 *
 * Constants are the Linux x86-64 (generic) values. They are NOT the Winsock values: the Winsock layer
 * translates (e.g. Winsock SOL_SOCKET is 0xffff, AF_INET6 is 23; Linux SOL_SOCKET is 1, AF_INET6 is 10).
 */
import koffi from 'koffi';

const lib = koffi.load('libc.so.6');

// ---------------------------------------------------------------------------------------------
// Function types. All integers; `uintptr_t` parameters are raw addresses; ssize_t is `intptr_t`.
// ---------------------------------------------------------------------------------------------

/** Callback type of koffi's async call form: `fn.async(...args, cb)`. */
export type AsyncCallback = (err: unknown, result: number) => void;

type I = number;

export interface LibC {
  socket(domain: I, type: I, protocol: I): I;
  bind(fd: I, addr: I, addrlen: I): I;
  listen(fd: I, backlog: I): I;
  accept4(fd: I, addr: I, addrlenPtr: I, flags: I): I;
  connect(fd: I, addr: I, addrlen: I): I;
  send(fd: I, buf: I, len: I, flags: I): I;
  sendto(fd: I, buf: I, len: I, flags: I, addr: I, addrlen: I): I;
  recv(fd: I, buf: I, len: I, flags: I): I;
  recvfrom(fd: I, buf: I, len: I, flags: I, addr: I, addrlenPtr: I): I;
  recvmsg(fd: I, msghdr: I, flags: I): I;
  /** `int recvmmsg(int fd, struct mmsghdr *vec, unsigned vlen, int flags, struct timespec *tmo)` (tmo NULL). */
  recvmmsg(fd: I, vec: I, vlen: I, flags: I, timeout: I): I;
  shutdown(fd: I, how: I): I;
  close(fd: I): I;
  setsockopt(fd: I, level: I, name: I, val: I, len: I): I;
  getsockopt(fd: I, level: I, name: I, val: I, lenPtr: I): I;
  getsockname(fd: I, addr: I, addrlenPtr: I): I;
  getpeername(fd: I, addr: I, addrlenPtr: I): I;
  /** `int ioctl(int fd, unsigned long req, void *arg)` (declared non-variadic, see module doc). */
  ioctl(fd: I, req: I, arg: I): I;
  /** `int fcntl(int fd, int cmd, long arg)` (declared non-variadic, see module doc). */
  fcntl(fd: I, cmd: I, arg: I): I;
  poll(fds: I, nfds: I, timeout: I): I;
  /** `int ppoll(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *)` (sigmask NULL). */
  ppoll(fds: I, nfds: I, tmo: I, sigmask: I): I;
  epoll_create1(flags: I): I;
  epoll_ctl(epfd: I, op: I, fd: I, event: I): I;
  epoll_wait(epfd: I, events: I, maxevents: I, timeout: I): I;
  eventfd(initval: I, flags: I): I;
  read(fd: I, buf: I, len: I): I;
  write(fd: I, buf: I, len: I): I;
}

const decl = {
  socket: 'int socket(int domain, int type, int protocol)',
  bind: 'int bind(int fd, uintptr_t addr, uint32_t addrlen)',
  listen: 'int listen(int fd, int backlog)',
  accept4: 'int accept4(int fd, uintptr_t addr, uintptr_t addrlen, int flags)',
  connect: 'int connect(int fd, uintptr_t addr, uint32_t addrlen)',
  send: 'intptr_t send(int fd, uintptr_t buf, size_t len, int flags)',
  sendto: 'intptr_t sendto(int fd, uintptr_t buf, size_t len, int flags, uintptr_t addr, uint32_t addrlen)',
  recv: 'intptr_t recv(int fd, uintptr_t buf, size_t len, int flags)',
  recvfrom: 'intptr_t recvfrom(int fd, uintptr_t buf, size_t len, int flags, uintptr_t addr, uintptr_t addrlen)',
  recvmsg: 'intptr_t recvmsg(int fd, uintptr_t msg, int flags)',
  recvmmsg: 'int recvmmsg(int fd, uintptr_t vec, unsigned int vlen, int flags, uintptr_t timeout)',
  shutdown: 'int shutdown(int fd, int how)',
  close: 'int close(int fd)',
  setsockopt: 'int setsockopt(int fd, int level, int name, uintptr_t val, uint32_t len)',
  getsockopt: 'int getsockopt(int fd, int level, int name, uintptr_t val, uintptr_t len)',
  getsockname: 'int getsockname(int fd, uintptr_t addr, uintptr_t addrlen)',
  getpeername: 'int getpeername(int fd, uintptr_t addr, uintptr_t addrlen)',
  ioctl: 'int ioctl(int fd, unsigned long req, uintptr_t arg)',
  fcntl: 'int fcntl(int fd, int cmd, long arg)',
  poll: 'int poll(uintptr_t fds, unsigned long nfds, int timeout)',
  ppoll: 'int ppoll(uintptr_t fds, unsigned long nfds, uintptr_t tmo, uintptr_t sigmask)',
  epoll_create1: 'int epoll_create1(int flags)',
  epoll_ctl: 'int epoll_ctl(int epfd, int op, int fd, uintptr_t event)',
  epoll_wait: 'int epoll_wait(int epfd, uintptr_t events, int maxevents, int timeout)',
  eventfd: 'int eventfd(unsigned int initval, int flags)',
  read: 'intptr_t read(int fd, uintptr_t buf, size_t len)',
  write: 'intptr_t write(int fd, uintptr_t buf, size_t len)',
} as const;

const fns: Record<string, unknown> = {};
for (const [name, proto] of Object.entries(decl)) fns[name] = lib.func(proto);

/** The libc functions, each declared once. Pointers are raw addresses (numbers). */
export const libc = fns as unknown as LibC;

/**
 * `epoll_wait` in koffi's async form: runs on a libuv pool thread, calls back on the JS thread.
 * Only the poller uses this; exactly one call is outstanding at a time.
 */
export const epollWaitAsync = (fns.epoll_wait as { async: (...a: unknown[]) => void }).async as (
  epfd: number,
  events: number,
  maxevents: number,
  timeout: number,
  cb: AsyncCallback,
) => void;

/** errno of the last failed libc call on this (the JS) thread. */
export const errno: () => number = koffi.errno as () => number;

// `void *memmove(void *, const void *, size_t)` with n = 0 is the identity on its first argument:
// declared with a `void *` parameter (koffi passes a Buffer's backing store in place) and a
// `uintptr_t` result, it turns any ArrayBufferView into its numeric host address.
// (koffi.address() only accepts koffi external pointers, not Buffers.)
const addressOfFn = lib.func('uintptr_t memmove(void *dst, void *src, size_t n)') as (a: ArrayBufferView, b: ArrayBufferView, n: number) => number;

/**
 * Host address (a number) of the first byte of `view`. Call once per buffer and keep it: V8 never
 * moves an ArrayBuffer's backing store, so the address is valid for the buffer's lifetime
 * (the caller must keep the buffer referenced).
 */
export function addressOf(view: ArrayBufferView): number {
  return addressOfFn(view, view, 0);
}

const mmapFn = lib.func('void *mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, intptr_t off)') as (
  addr: number,
  len: number,
  prot: number,
  flags: number,
  fd: number,
  off: number,
) => unknown;
const MAP_FAILED = 2 ** 64 - 1;

/**
 * Allocate `size` bytes of zeroed, page-aligned anonymous memory, on x86-64 below 2 GiB (MAP_32BIT),
 * and return it as a Buffer plus its host address. Intended for guest RAM (it can be handed to
 * unicorn's uc_mem_map_ptr): with the base below 2^31, `base + offset` stays a V8 small integer, so
 * the hot path (`send(base + off, ...)`) passes the pointer to koffi without boxing a HeapNumber —
 * zero allocation per call. A Buffer from Buffer.alloc sits at a 47-bit address and costs one 16-byte
 * HeapNumber per call instead. Falls back to an unconstrained mapping when the low area is full or
 * on other architectures. The memory is never unmapped (it lives as long as the process).
 */
export function allocLowMemory(size: number): { buffer: Buffer; address: number } {
  const PROT_RW = 3;
  const MAP_PRIVATE_ANON = 0x02 | 0x20;
  const MAP_32BIT = 0x40;
  let p: unknown = null;
  if (process.arch === 'x64') p = mmapFn(0, size, PROT_RW, MAP_PRIVATE_ANON | MAP_32BIT, -1, 0);
  if (p === null || Number(koffi.address(p as never)) === MAP_FAILED) p = mmapFn(0, size, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
  const address = Number(koffi.address(p as never));
  if (p === null || address === MAP_FAILED) throw new Error(`mmap(${size}) failed, errno ${koffi.errno()}`);
  return { buffer: Buffer.from(koffi.view(p as never, size)), address };
}

const munmapFn = lib.func('int munmap(uintptr_t addr, size_t len)') as (addr: number, len: number) => number;

/**
 * Reserve `size` bytes of zeroed anonymous memory whose pages the kernel provides only when first
 * written (MAP_NORESERVE: untouched pages cost no RAM): for buffers sized for the worst case and
 * mostly unused, such as a datagram queue's 64 KiB slots holding 64-byte datagrams. Returns a Buffer
 * over it and its host address; release it with {@link unmapLazy} and drop every reference to the
 * Buffer (touching it after that is a host crash).
 */
export function mapLazy(size: number): { buffer: Buffer; address: number } {
  const PROT_RW = 3;
  const MAP_PRIVATE_ANON_NORESERVE = 0x02 | 0x20 | 0x4000;
  const p = mmapFn(0, size, PROT_RW, MAP_PRIVATE_ANON_NORESERVE, -1, 0);
  const address = p === null ? MAP_FAILED : Number(koffi.address(p as never));
  if (address === MAP_FAILED) throw new Error(`mmap(${size}) failed, errno ${koffi.errno()}`);
  return { buffer: Buffer.from(koffi.view(p as never, size)), address };
}

/** Releases memory from {@link mapLazy}. */
export function unmapLazy(address: number, size: number): void {
  munmapFn(address, size);
}

// ---------------------------------------------------------------------------------------------
// Scratch memory for syscall in/out parameters: sockaddrs, socklen_t, optvals, ioctl ints.
// JS is single-threaded and every call is synchronous, so one scratch area serves everybody.
// Layout is fixed; use the SCR_* offsets with `scratch` (JS view) and `scratchAddr` (for libc).
// ---------------------------------------------------------------------------------------------

/** Offset of a 128-byte sockaddr_storage. */
export const SCR_SA = 0;
/** Offset of a second 128-byte sockaddr_storage. */
export const SCR_SA2 = 128;
/** Offset of a socklen_t (u32) in/out length. */
export const SCR_LEN = 256;
/** Offset of a 16-byte option value (int, struct linger, struct timeval...). */
export const SCR_OPT = 264;
/** Offset of an 8-byte integer (ioctl output, eventfd counter). */
export const SCR_INT = 280;
/** Offset of a struct pollfd (8 bytes). */
export const SCR_POLLFD = 288;
/** Offset of a struct msghdr (56 bytes on LP64). */
export const SCR_MSGHDR = 296;
/** Offset of a struct epoll_event (12 or 16 bytes). */
export const SCR_EPOLLEV = 352;
const SCRATCH_SIZE = 512;

/** The scratch buffer (JS side view). */
export const scratch: Buffer = Buffer.alloc(SCRATCH_SIZE);
/** The scratch buffer's host address. */
export const scratchAddr: number = addressOf(scratch);

// ---------------------------------------------------------------------------------------------
// Linux constants (x86-64 / generic).
// ---------------------------------------------------------------------------------------------

export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;

export const IPPROTO_IP = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_ICMPV6 = 58;
export const IPPROTO_RAW = 255;

export const SOL_SOCKET = 1;
export const SO_DEBUG = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_DONTROUTE = 5;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_OOBINLINE = 10;
export const SO_LINGER = 13;
export const SO_REUSEPORT = 15;
export const SO_RCVLOWAT = 18;
export const SO_SNDLOWAT = 19;
export const SO_RCVTIMEO = 20;
export const SO_SNDTIMEO = 21;
export const SO_ACCEPTCONN = 30;
export const SO_PROTOCOL = 38;
export const SO_DOMAIN = 39;

export const TCP_NODELAY = 1;
export const TCP_MAXSEG = 2;
export const TCP_KEEPIDLE = 4;
export const TCP_KEEPINTVL = 5;
export const TCP_KEEPCNT = 6;

export const IP_TOS = 1;
export const IP_TTL = 2;
export const IP_HDRINCL = 3;
export const IP_OPTIONS = 4;
export const IP_MTU_DISCOVER = 10;
export const IP_RECVERR = 11;
export const IP_MULTICAST_IF = 32;
export const IP_MULTICAST_TTL = 33;
export const IP_MULTICAST_LOOP = 34;
export const IP_ADD_MEMBERSHIP = 35;
export const IP_DROP_MEMBERSHIP = 36;

export const IPV6_UNICAST_HOPS = 16;
export const IPV6_MULTICAST_IF = 17;
export const IPV6_MULTICAST_HOPS = 18;
export const IPV6_MULTICAST_LOOP = 19;
export const IPV6_RECVERR = 25;
export const IPV6_V6ONLY = 26;

export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_DONTROUTE = 0x4;
export const MSG_TRUNC = 0x20;
export const MSG_DONTWAIT = 0x40;
export const MSG_WAITALL = 0x100;
export const MSG_ERRQUEUE = 0x2000;
export const MSG_NOSIGNAL = 0x4000;

export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

export const FIONREAD = 0x541b;
export const SIOCINQ = FIONREAD;
export const SIOCOUTQ = 0x5411;
export const FIONBIO = 0x5421;
export const SIOCATMARK = 0x8905;

export const F_GETFL = 3;
export const F_SETFL = 4;
export const O_NONBLOCK = 0o4000;

export const POLLIN = 0x1;
export const POLLPRI = 0x2;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;

export const EPOLL_CLOEXEC = 0o2000000;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLLIN = 0x1;
export const EPOLLPRI = 0x2;
export const EPOLLOUT = 0x4;
export const EPOLLERR = 0x8;
export const EPOLLHUP = 0x10;
export const EPOLLRDHUP = 0x2000;
export const EPOLLONESHOT = 1 << 30;
/** sizeof(struct epoll_event): packed (12) on x86-64, naturally aligned (16) elsewhere. */
export const EPOLL_EVENT_SIZE = process.arch === 'x64' ? 12 : 16;
/** Offset of the u64 `data` member in struct epoll_event. */
export const EPOLL_EVENT_DATA = process.arch === 'x64' ? 4 : 8;

export const EFD_CLOEXEC = 0o2000000;
export const EFD_NONBLOCK = 0o4000;

/** Linux errno values (x86-64 / generic). */
export const E = {
  EPERM: 1,
  ENOENT: 2,
  EINTR: 4,
  EIO: 5,
  EBADF: 9,
  EAGAIN: 11,
  EWOULDBLOCK: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  ENOTTY: 25,
  EPIPE: 32,
  ENOSYS: 38,
  ENOTSOCK: 88,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  ESOCKTNOSUPPORT: 94,
  EOPNOTSUPP: 95,
  EPFNOSUPPORT: 96,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETDOWN: 100,
  ENETUNREACH: 101,
  ENETRESET: 102,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ESHUTDOWN: 108,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTDOWN: 112,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
} as const;
