/**
 * Winsock constants as the GUEST sees them (CE winsock.h / winsock2.h / ws2tcpip.h, 32-bit ARM).
 * They are not Linux's: option levels, option names and ioctl codes are translated in options.ts.
 */
export { WSA } from './host/errno.js';

export const SOCKET_ERROR = 0xffff_ffff; // -1 as the u32 written to R0
export const INVALID_SOCKET = 0xffff_ffff;

// ---- address families, socket types, protocols ----
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 23;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const IPPROTO_IP = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_RAW = 255;

// ---- send/recv flags ----
export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_DONTROUTE = 0x4;
export const MSG_WAITALL = 0x8;

// ---- shutdown ----
export const SD_RECEIVE = 0;
export const SD_SEND = 1;
export const SD_BOTH = 2;

// ---- socket options (level SOL_SOCKET = 0xffff) ----
export const SOL_SOCKET = 0xffff;
export const SO_DEBUG = 0x0001;
export const SO_ACCEPTCONN = 0x0002;
export const SO_REUSEADDR = 0x0004;
export const SO_KEEPALIVE = 0x0008;
export const SO_DONTROUTE = 0x0010;
export const SO_BROADCAST = 0x0020;
export const SO_USELOOPBACK = 0x0040;
export const SO_LINGER = 0x0080;
export const SO_OOBINLINE = 0x0100;
export const SO_DONTLINGER = ~SO_LINGER >>> 0;
export const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR >>> 0;
export const SO_SNDBUF = 0x1001;
export const SO_RCVBUF = 0x1002;
export const SO_SNDLOWAT = 0x1003;
export const SO_RCVLOWAT = 0x1004;
export const SO_SNDTIMEO = 0x1005;
export const SO_RCVTIMEO = 0x1006;
export const SO_ERROR = 0x1007;
export const SO_TYPE = 0x1008;
export const SO_MAX_MSG_SIZE = 0x2003;

// ---- IPPROTO_TCP / IPPROTO_IP options (ws2tcpip.h numbering) ----
export const TCP_NODELAY = 0x0001;
export const IP_OPTIONS = 1;
export const IP_HDRINCL = 2;
export const IP_TOS = 3;
export const IP_TTL = 4;

// ---- ioctlsocket commands ----
export const FIONBIO = 0x8004_667e; // _IOW('f', 126, u_long)
export const FIONREAD = 0x4004_667f; // _IOR('f', 127, u_long)
export const SIOCATMARK = 0x4004_7307; // _IOR('s', 7, u_long)

// ---- message size limits reported by SO_MAX_MSG_SIZE ----
export const MAX_UDP4_PAYLOAD = 65507; // 65535 - 20 (IPv4 header) - 8 (UDP header)
export const MAX_UDP6_PAYLOAD = 65527; // 65535 - 8 (the IPv6 payload length excludes its header)
export const MAX_RAW4_PAYLOAD = 65515; // 65535 - 20 (the stack adds the IPv4 header)
export const MAX_RAW_HDRINCL = 65535; // the caller supplies the header

// ---- WSAStartup ----
export const WSADESCRIPTION_LEN = 256;
export const WSASYS_STATUS_LEN = 128;
