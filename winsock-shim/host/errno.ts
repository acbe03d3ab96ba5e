/**
 * Linux errno → Winsock error code mapping.
 *
 * Winsock values come from winsock-shim/winsock-errors.tsv (a test checks they agree).
 * The table is context-free. Where Winsock reports something else for the same errno, the Winsock
 * layer decides before or after the host call (it knows the socket's state):
 *  - EPIPE: send.ts reports WSAESHUTDOWN (after shutdown(SD_SEND)) and WSAENOTCONN (never
 *    connected) before the host is asked, so what reaches the table is WSAECONNRESET.
 *  - ECONNREFUSED on a datagram socket is an ICMP port-unreachable: WSAECONNRESET (host-socket.ts).
 *  - EINPROGRESS is WSAEWOULDBLOCK (only connect() returns it on a non-blocking socket).
 *  - EINVAL from recv(MSG_OOB) without pending urgent data: recv.ts waits (WSAEWOULDBLOCK).
 *  - EDESTADDRREQ: send.ts reports WSAENOTCONN for an unconnected datagram send() first.
 */
import { E } from './libc.js';

/** Winsock error codes (positive values, as WSAGetLastError returns them). */
export const WSA = {
  WSAEINTR: 10004,
  WSAEBADF: 10009,
  WSAEACCES: 10013,
  WSAEFAULT: 10014,
  WSAEINVAL: 10022,
  WSAEMFILE: 10024,
  WSAEWOULDBLOCK: 10035,
  WSAEINPROGRESS: 10036,
  WSAEALREADY: 10037,
  WSAENOTSOCK: 10038,
  WSAEDESTADDRREQ: 10039,
  WSAEMSGSIZE: 10040,
  WSAEPROTOTYPE: 10041,
  WSAENOPROTOOPT: 10042,
  WSAEPROTONOSUPPORT: 10043,
  WSAESOCKTNOSUPPORT: 10044,
  WSAEOPNOTSUPP: 10045,
  WSAEPFNOSUPPORT: 10046,
  WSAEAFNOSUPPORT: 10047,
  WSAEADDRINUSE: 10048,
  WSAEADDRNOTAVAIL: 10049,
  WSAENETDOWN: 10050,
  WSAENETUNREACH: 10051,
  WSAENETRESET: 10052,
  WSAECONNABORTED: 10053,
  WSAECONNRESET: 10054,
  WSAENOBUFS: 10055,
  WSAEISCONN: 10056,
  WSAENOTCONN: 10057,
  WSAESHUTDOWN: 10058,
  WSAETIMEDOUT: 10060,
  WSAECONNREFUSED: 10061,
  WSAEHOSTDOWN: 10064,
  WSAEHOSTUNREACH: 10065,
  WSASYSNOTREADY: 10091,
  WSAVERNOTSUPPORTED: 10092,
  WSANOTINITIALISED: 10093,
  WSAHOST_NOT_FOUND: 11001,
  WSATRY_AGAIN: 11002,
  WSANO_RECOVERY: 11003,
  WSANO_DATA: 11004,
} as const;

/** Winsock error for an errno the table does not know: "the network subsystem has failed". */
export const WSA_DEFAULT = WSA.WSAENETDOWN;

/** The one errno → Winsock table. Keys are Linux errno values. */
export const ERRNO_TO_WSA: Readonly<Record<number, number>> = Object.freeze({
  [E.EPERM]: WSA.WSAEACCES, // netfilter denial, raw socket without CAP_NET_RAW
  [E.EINTR]: WSA.WSAEINTR,
  [E.EIO]: WSA.WSAENETDOWN,
  [E.EBADF]: WSA.WSAENOTSOCK,
  [E.EAGAIN]: WSA.WSAEWOULDBLOCK,
  [E.ENOMEM]: WSA.WSAENOBUFS,
  [E.EACCES]: WSA.WSAEACCES, // e.g. broadcast without SO_BROADCAST
  [E.EFAULT]: WSA.WSAEFAULT,
  [E.ENODEV]: WSA.WSAENETDOWN,
  [E.EINVAL]: WSA.WSAEINVAL,
  [E.ENFILE]: WSA.WSAEMFILE,
  [E.EMFILE]: WSA.WSAEMFILE,
  [E.ENOTTY]: WSA.WSAEINVAL, // unsupported ioctl
  [E.EPIPE]: WSA.WSAECONNRESET, // caller refines: WSAESHUTDOWN / WSAENOTCONN
  [E.ENOSYS]: WSA.WSAEOPNOTSUPP,
  [E.ENOTSOCK]: WSA.WSAENOTSOCK,
  [E.EDESTADDRREQ]: WSA.WSAEDESTADDRREQ,
  [E.EMSGSIZE]: WSA.WSAEMSGSIZE,
  [E.EPROTOTYPE]: WSA.WSAEPROTOTYPE,
  [E.ENOPROTOOPT]: WSA.WSAENOPROTOOPT,
  [E.EPROTONOSUPPORT]: WSA.WSAEPROTONOSUPPORT,
  [E.ESOCKTNOSUPPORT]: WSA.WSAESOCKTNOSUPPORT,
  [E.EOPNOTSUPP]: WSA.WSAEOPNOTSUPP,
  [E.EPFNOSUPPORT]: WSA.WSAEPFNOSUPPORT,
  [E.EAFNOSUPPORT]: WSA.WSAEAFNOSUPPORT,
  [E.EADDRINUSE]: WSA.WSAEADDRINUSE,
  [E.EADDRNOTAVAIL]: WSA.WSAEADDRNOTAVAIL,
  [E.ENETDOWN]: WSA.WSAENETDOWN,
  [E.ENETUNREACH]: WSA.WSAENETUNREACH,
  [E.ENETRESET]: WSA.WSAENETRESET,
  [E.ECONNABORTED]: WSA.WSAECONNABORTED,
  [E.ECONNRESET]: WSA.WSAECONNRESET,
  [E.ENOBUFS]: WSA.WSAENOBUFS,
  [E.EISCONN]: WSA.WSAEISCONN,
  [E.ENOTCONN]: WSA.WSAENOTCONN,
  [E.ESHUTDOWN]: WSA.WSAESHUTDOWN,
  [E.ETIMEDOUT]: WSA.WSAETIMEDOUT,
  [E.ECONNREFUSED]: WSA.WSAECONNREFUSED, // caller refines for datagram sockets: WSAECONNRESET
  [E.EHOSTDOWN]: WSA.WSAEHOSTDOWN,
  [E.EHOSTUNREACH]: WSA.WSAEHOSTUNREACH,
  [E.EALREADY]: WSA.WSAEALREADY,
  [E.EINPROGRESS]: WSA.WSAEWOULDBLOCK, // non-blocking connect() in progress
});

// Dense array copy of the table for the hot path (no hashing, no string keys).
const DENSE = new Int32Array(256);
for (const [k, v] of Object.entries(ERRNO_TO_WSA)) DENSE[Number(k)] = v;

/** Winsock error (positive) for a Linux errno. Unknown errnos give {@link WSA_DEFAULT}. */
export function wsaFromErrno(e: number): number {
  const v = e >= 0 && e < 256 ? DENSE[e]! : 0;
  return v !== 0 ? v : WSA_DEFAULT;
}

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(WSA).map(([k, v]) => [v, k]));

/** Name of a Winsock error code (accepts the negative form too), for traces. */
export function wsaName(code: number): string {
  const c = code < 0 ? -code : code;
  return NAMES[c] ?? `WSA(${c})`;
}
