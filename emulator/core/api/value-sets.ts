/**
 * Standard value sets for traces (`flags:NAME` / `enum:NAME` arguments, see declare.ts defineFlags):
 * the Winsock and coredll constants whose names make a trace readable.
 *
 *   send(s=0x00000100, buf=0x..., len=5, flags=MSG_OOB|MSG_DONTROUTE) -> 5
 *   socket(af=AF_INET, type=SOCK_STREAM, protocol=IPPROTO_TCP) -> 0x00000100
 *
 * DLL modules may define further sets next to their declarations.
 */
import { defineEnum, defineFlags } from './declare.js';

// ---- Winsock (winsock.h / ws2def.h) ----
defineFlags('MSG', { MSG_OOB: 0x1, MSG_PEEK: 0x2, MSG_DONTROUTE: 0x4, MSG_WAITALL: 0x8, MSG_PARTIAL: 0x8000 });
defineEnum('AF', { AF_UNSPEC: 0, AF_UNIX: 1, AF_INET: 2, AF_IRDA: 22, AF_INET6: 23, AF_BTH: 32 });
defineEnum('SOCK', { SOCK_STREAM: 1, SOCK_DGRAM: 2, SOCK_RAW: 3, SOCK_RDM: 4, SOCK_SEQPACKET: 5 });
defineEnum('IPPROTO', {
  IPPROTO_IP: 0,
  IPPROTO_ICMP: 1,
  IPPROTO_IGMP: 2,
  IPPROTO_TCP: 6,
  IPPROTO_UDP: 17,
  IPPROTO_IPV6: 41,
  IPPROTO_ICMPV6: 58,
  IPPROTO_RAW: 255,
});
defineEnum('SD', { SD_RECEIVE: 0, SD_SEND: 1, SD_BOTH: 2 });
defineEnum('SOL', { SOL_SOCKET: 0xffff, IPPROTO_IP: 0, IPPROTO_TCP: 6, IPPROTO_UDP: 17, IPPROTO_IPV6: 41 });
defineEnum('SO', {
  SO_DEBUG: 0x1,
  SO_ACCEPTCONN: 0x2,
  SO_REUSEADDR: 0x4,
  SO_KEEPALIVE: 0x8,
  SO_DONTROUTE: 0x10,
  SO_BROADCAST: 0x20,
  SO_USELOOPBACK: 0x40,
  SO_LINGER: 0x80,
  SO_OOBINLINE: 0x100,
  SO_DONTLINGER: ~0x80 >>> 0,
  SO_EXCLUSIVEADDRUSE: ~0x4 >>> 0,
  SO_SNDBUF: 0x1001,
  SO_RCVBUF: 0x1002,
  SO_SNDLOWAT: 0x1003,
  SO_RCVLOWAT: 0x1004,
  SO_SNDTIMEO: 0x1005,
  SO_RCVTIMEO: 0x1006,
  SO_ERROR: 0x1007,
  SO_TYPE: 0x1008,
  SO_MAX_MSG_SIZE: 0x2003,
  SO_PROTOCOL_INFO: 0x2005,
});
defineEnum('FIONCMD', { FIONREAD: 0x4004667f, FIONBIO: 0x8004667e, SIOCATMARK: 0x40047307 });
defineFlags('FD_EVENTS', { FD_READ: 0x1, FD_WRITE: 0x2, FD_OOB: 0x4, FD_ACCEPT: 0x8, FD_CONNECT: 0x10, FD_CLOSE: 0x20 });

// ---- coredll memory ----
defineFlags('LMEM', { LMEM_FIXED: 0, LMEM_MOVEABLE: 0x2, LMEM_NOCOMPACT: 0x10, LMEM_NODISCARD: 0x20, LMEM_ZEROINIT: 0x40, LMEM_MODIFY: 0x80 });
defineFlags('HEAP', { HEAP_NO_SERIALIZE: 0x1, HEAP_GENERATE_EXCEPTIONS: 0x4, HEAP_ZERO_MEMORY: 0x8, HEAP_REALLOC_IN_PLACE_ONLY: 0x10 });
defineFlags('MEM', {
  MEM_COMMIT: 0x1000,
  MEM_RESERVE: 0x2000,
  MEM_DECOMMIT: 0x4000,
  MEM_RELEASE: 0x8000,
  MEM_RESET: 0x80000,
  MEM_TOP_DOWN: 0x100000,
  MEM_AUTO_COMMIT: 0x400000,
});
defineFlags('PAGE', {
  PAGE_NOACCESS: 0x1,
  PAGE_READONLY: 0x2,
  PAGE_READWRITE: 0x4,
  PAGE_WRITECOPY: 0x8,
  PAGE_EXECUTE: 0x10,
  PAGE_EXECUTE_READ: 0x20,
  PAGE_EXECUTE_READWRITE: 0x40,
  PAGE_EXECUTE_WRITECOPY: 0x80,
  PAGE_GUARD: 0x100,
  PAGE_NOCACHE: 0x200,
  PAGE_PHYSICAL: 0x400,
});
// ---- coredll threads and waits ----
defineFlags('CREATE', { CREATE_SUSPENDED: 0x4, STACK_SIZE_PARAM_IS_A_RESERVATION: 0x10000 });
