/**
 * The services and protocols databases and the transport catalogue: getservbyname, getservbyport,
 * getprotobyname, getprotobynumber (both DLLs), WSAEnumProtocolsW (ws2.dll).
 *
 * CE has no services or protocols file: the answers come from the small built-in tables below
 * (the IANA assignments a CE program asks for). The SERVENT/PROTOENT live in per-thread storage owned
 * by Winsock (guest memory, reused by the thread's next call of the same function), as the Winsock
 * pages document for the HOSTENT.
 *
 * Checks, in this order:
 *   getservbyname / getservbyport / getprotobyname / getprotobynumber
 *     WSANOTINITIALISED, WSAEINPROGRESS, WSAENETDOWN (policy 'none', as the resolver), WSAEFAULT
 *     (a name or proto string not readable: the fault policy), then WSANO_DATA when the table has
 *     no such entry (the Winsock pages' "valid name, no data record of requested type").
 *   WSAEnumProtocolsW
 *     WSANOTINITIALISED, WSAEINPROGRESS, WSAEFAULT (lpdwBufferLength not a writable DWORD;
 *     lpiProtocols not readable), WSAENOBUFS (buffer NULL or smaller than needed: *lpdwBufferLength
 *     set to the size needed), WSAEFAULT (buffer not writable). Returns the number of entries.
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then the CE 6.0
 * getservbyname/getprotobyname and WSAEnumProtocols pages (WSAENOBUFS with the size needed before the
 * buffer itself is checked).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { AF_INET, AF_INET6, IPPROTO_TCP, IPPROTO_UDP, SOCK_DGRAM, SOCK_STREAM, WSA } from './constants.js';
import { fail } from './common.js';
import { PI_FAMILY, PI_PROTOCOL, PI_TYPE, WSAPROTOCOL_INFOW_SIZE } from './socket.js';
import { winsockStateIfAny } from './state.js';
import { defineSlot } from '../emulator/core/slot.js';

/** [name, port, protocol, aliases]: IANA well-known ports (a CE device has no services file). */
const SERVICES: readonly [string, number, 'tcp' | 'udp', string[]][] = [
  ['echo', 7, 'tcp', []],
  ['echo', 7, 'udp', []],
  ['discard', 9, 'tcp', ['sink', 'null']],
  ['discard', 9, 'udp', ['sink', 'null']],
  ['daytime', 13, 'tcp', []],
  ['daytime', 13, 'udp', []],
  ['qotd', 17, 'tcp', ['quote']],
  ['chargen', 19, 'tcp', ['ttytst', 'source']],
  ['chargen', 19, 'udp', ['ttytst', 'source']],
  ['ftp-data', 20, 'tcp', []],
  ['ftp', 21, 'tcp', []],
  ['ssh', 22, 'tcp', []],
  ['telnet', 23, 'tcp', []],
  ['smtp', 25, 'tcp', ['mail']],
  ['time', 37, 'tcp', ['timserver']],
  ['time', 37, 'udp', ['timserver']],
  ['nameserver', 42, 'udp', ['name']],
  ['nicname', 43, 'tcp', ['whois']],
  ['domain', 53, 'tcp', []],
  ['domain', 53, 'udp', []],
  ['bootps', 67, 'udp', ['dhcps']],
  ['bootpc', 68, 'udp', ['dhcpc']],
  ['tftp', 69, 'udp', []],
  ['gopher', 70, 'tcp', []],
  ['finger', 79, 'tcp', []],
  ['http', 80, 'tcp', ['www', 'www-http']],
  ['pop3', 110, 'tcp', []],
  ['sunrpc', 111, 'tcp', ['rpcbind', 'portmap']],
  ['sunrpc', 111, 'udp', ['rpcbind', 'portmap']],
  ['auth', 113, 'tcp', ['ident', 'tap']],
  ['nntp', 119, 'tcp', ['usenet']],
  ['ntp', 123, 'udp', []],
  ['epmap', 135, 'tcp', ['loc-srv']],
  ['netbios-ns', 137, 'udp', ['nbname']],
  ['netbios-dgm', 138, 'udp', ['nbdatagram']],
  ['netbios-ssn', 139, 'tcp', ['nbsession']],
  ['imap', 143, 'tcp', ['imap4']],
  ['snmp', 161, 'udp', []],
  ['snmptrap', 162, 'udp', ['snmp-trap']],
  ['ldap', 389, 'tcp', []],
  ['https', 443, 'tcp', ['MCom']],
  ['microsoft-ds', 445, 'tcp', []],
  ['microsoft-ds', 445, 'udp', []],
  ['syslog', 514, 'udp', []],
  ['printer', 515, 'tcp', ['spooler']],
  ['imaps', 993, 'tcp', []],
  ['pop3s', 995, 'tcp', []],
  ['ms-sql-s', 1433, 'tcp', []],
  ['ms-sql-m', 1434, 'udp', []],
  ['pptp', 1723, 'tcp', []],
];

/** [name, number, aliases]: the protocols a CE stack knows. */
const PROTOCOLS: readonly [string, number, string[]][] = [
  ['ip', 0, ['IP']],
  ['icmp', 1, ['ICMP']],
  ['igmp', 2, ['IGMP']],
  ['ggp', 3, ['GGP']],
  ['tcp', 6, ['TCP']],
  ['pup', 12, ['PUP']],
  ['udp', 17, ['UDP']],
  ['idp', 22, ['IDP']],
  ['ipv6', 41, ['IPv6']],
  ['ipv6-icmp', 58, ['IPv6-ICMP']],
  ['nd', 77, ['ND']],
  ['raw', 255, ['RAW']],
];

const ENT_BUF = 256;

function started(cx: ApiContext): number {
  const st = winsockStateIfAny(cx.machine);
  if (!st || st.startups === 0) return WSA.WSANOTINITIALISED;
  if (cx.thread.inBlockingCall) return WSA.WSAEINPROGRESS;
  if (st.network === 'none') return WSA.WSAENETDOWN;
  return 0;
}

/** The thread's buffer for `kind` (guest memory, allocated once per thread). */
const threadBuffers = defineSlot('winsock-netdb', () => new Map<string, Map<number, number>>());
function threadBuffer(cx: ApiContext, kind: string): number {
  const byKind = threadBuffers.of(cx.machine);
  let m = byKind.get(kind);
  if (!m) byKind.set(kind, (m = new Map()));
  let b = m.get(cx.thread.id);
  if (b === undefined) {
    b = cx.machine.processHeap.alloc(ENT_BUF, true);
    if (!b) return 0;
    m.set(cx.thread.id, b);
  }
  return b;
}

/**
 * Writes name, aliases (NULL-terminated char* array) and the strings into buf at `at` (after the
 * fixed part); returns [nameAddr, aliasesAddr].
 */
function writeNames(cx: ApiContext, buf: number, at: number, name: string, aliases: string[], extra: string[] = []): number[] {
  const arr = buf + at;
  let p = arr + 4 * (aliases.length + 1);
  const put = (s: string) => {
    const a = p;
    p += cx.mem.writeStr(a, s) + 1;
    return a;
  };
  const nameAddr = put(name);
  aliases.forEach((a, i) => cx.mem.setU32(arr + 4 * i, put(a)));
  cx.mem.setU32(arr + 4 * aliases.length, 0);
  return [nameAddr, arr, ...extra.map(put)];
}

/** SERVENT (32-bit): s_name, s_aliases, short s_port (network order), s_proto. */
function servent(cx: ApiContext, e: (typeof SERVICES)[number]): number {
  const b = threadBuffer(cx, 'serv');
  if (!b) return fail0(cx, WSA.WSAENOBUFS);
  const [name, aliases, proto] = writeNames(cx, b, 16, e[0], e[3], [e[2]]);
  cx.mem.setU32(b, name!);
  cx.mem.setU32(b + 4, aliases!);
  cx.mem.setU16(b + 8, ((e[1] & 0xff) << 8) | (e[1] >>> 8));
  cx.mem.setU16(b + 10, 0);
  cx.mem.setU32(b + 12, proto!);
  return b;
}

/** PROTOENT (32-bit): p_name, p_aliases, short p_proto. */
function protoent(cx: ApiContext, e: (typeof PROTOCOLS)[number]): number {
  const b = threadBuffer(cx, 'proto');
  if (!b) return fail0(cx, WSA.WSAENOBUFS);
  const [name, aliases] = writeNames(cx, b, 12, e[0], e[2]);
  cx.mem.setU32(b, name!);
  cx.mem.setU32(b + 4, aliases!);
  cx.mem.setU16(b + 8, e[1]);
  cx.mem.setU16(b + 10, 0);
  return b;
}

function fail0(cx: ApiContext, code: number): number {
  cx.thread.lastError = code;
  return 0;
}

const NULL_ON_FAULT = { fault: { kind: 'error', ret: 0, lastError: WSA.WSAEFAULT } } as const;

// ---- WSAEnumProtocolsW: the MSAFD Tcpip providers (names and flags as Microsoft's provider) ----
const XP1_CONNECTIONLESS = 0x1,
  XP1_GUARANTEED_DELIVERY = 0x2,
  XP1_GUARANTEED_ORDER = 0x4,
  XP1_MESSAGE_ORIENTED = 0x8;
const XP1_GRACEFUL_CLOSE = 0x20,
  XP1_EXPEDITED_DATA = 0x40,
  XP1_SUPPORT_BROADCAST = 0x200,
  XP1_SUPPORT_MULTIPOINT = 0x400;
const XP1_IFS_HANDLES = 0x20000;
const TCP_FLAGS = XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA | XP1_IFS_HANDLES;
const UDP_FLAGS = XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED | XP1_SUPPORT_BROADCAST | XP1_SUPPORT_MULTIPOINT | XP1_IFS_HANDLES;
/** MSAFD Tcpip provider GUIDs (IPv4 {E70F1AA0-AB8B-11CF-8CA3-00805F48A192}, IPv6 {F9EAB0C0-26D4-11D0-BBBF-00AA006C34E4}). */
const GUID4 = [0xe70f1aa0, 0xab8b, 0x11cf, [0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92]] as const;
const GUID6 = [0xf9eab0c0, 0x26d4, 0x11d0, [0xbb, 0xbf, 0x00, 0xaa, 0x00, 0x6c, 0x34, 0xe4]] as const;
const PROVIDERS = [
  { id: 1001, af: AF_INET, type: SOCK_STREAM, proto: IPPROTO_TCP, flags: TCP_FLAGS, msg: 0, sa: 16, guid: GUID4, name: 'MSAFD Tcpip [TCP/IP]' },
  { id: 1002, af: AF_INET, type: SOCK_DGRAM, proto: IPPROTO_UDP, flags: UDP_FLAGS, msg: 65467, sa: 16, guid: GUID4, name: 'MSAFD Tcpip [UDP/IP]' },
  { id: 1004, af: AF_INET6, type: SOCK_STREAM, proto: IPPROTO_TCP, flags: TCP_FLAGS, msg: 0, sa: 28, guid: GUID6, name: 'MSAFD Tcpip [TCP/IPv6]' },
  { id: 1005, af: AF_INET6, type: SOCK_DGRAM, proto: IPPROTO_UDP, flags: UDP_FLAGS, msg: 65467, sa: 28, guid: GUID6, name: 'MSAFD Tcpip [UDP/IPv6]' },
];

function writeProtocolInfo(cx: ApiContext, a: number, p: (typeof PROVIDERS)[number]): void {
  const m = cx.mem;
  m.fill(a, WSAPROTOCOL_INFOW_SIZE, 0);
  m.setU32(a, p.flags);
  m.setU32(a + 16, 0x8); // dwProviderFlags: PFL_MATCHES_PROTOCOL_ZERO
  m.setU32(a + 20, p.guid[0]);
  m.setU16(a + 24, p.guid[1]);
  m.setU16(a + 26, p.guid[2]);
  p.guid[3].forEach((b, i) => m.setU8(a + 28 + i, b));
  m.setU32(a + 36, p.id);
  m.setU32(a + 40, 1); // ProtocolChain.ChainLen = BASE_PROTOCOL
  m.setU32(a + 72, 2); // iVersion
  m.setU32(a + PI_FAMILY, p.af);
  m.setU32(a + 80, p.sa); // iMaxSockAddr
  m.setU32(a + 84, p.sa); // iMinSockAddr
  m.setU32(a + PI_TYPE, p.type);
  m.setU32(a + PI_PROTOCOL, p.proto);
  m.setU32(a + 108, p.msg); // dwMessageSize
  m.writeWstr(a + 116, p.name);
}

export const netdb: ApiDef[] = [
  fn('getservbyname(str name, str proto): ptr', NULL_ON_FAULT, (cx, name: number, proto: number) => {
    const e = started(cx);
    if (e) return fail0(cx, e);
    if (name === 0) return fail0(cx, WSA.WSAEFAULT);
    const n = cx.mem.str(name, 256).toLowerCase();
    const p = proto !== 0 ? cx.mem.str(proto, 32).toLowerCase() : undefined;
    const hit = SERVICES.find((s) => (s[0] === n || s[3].some((a) => a.toLowerCase() === n)) && (p === undefined || s[2] === p));
    return hit ? servent(cx, hit) : fail0(cx, WSA.WSANO_DATA);
  }),
  fn('getservbyport(i32 port, str proto): ptr', NULL_ON_FAULT, (cx, port: number, proto: number) => {
    const e = started(cx);
    if (e) return fail0(cx, e);
    const hostPort = ((port & 0xff) << 8) | ((port >>> 8) & 0xff); // the argument is in network order
    const p = proto !== 0 ? cx.mem.str(proto, 32).toLowerCase() : undefined;
    const hit = SERVICES.find((s) => s[1] === hostPort && (p === undefined || s[2] === p));
    return hit ? servent(cx, hit) : fail0(cx, WSA.WSANO_DATA);
  }),
  fn('getprotobyname(str name): ptr', NULL_ON_FAULT, (cx, name: number) => {
    const e = started(cx);
    if (e) return fail0(cx, e);
    if (name === 0) return fail0(cx, WSA.WSAEFAULT);
    const n = cx.mem.str(name, 256).toLowerCase();
    const hit = PROTOCOLS.find((p) => p[0] === n || p[2].some((a) => a.toLowerCase() === n));
    return hit ? protoent(cx, hit) : fail0(cx, WSA.WSANO_DATA);
  }),
  fn('getprotobynumber(i32 number): ptr', NULL_ON_FAULT, (cx, num: number) => {
    const e = started(cx);
    if (e) return fail0(cx, e);
    const hit = PROTOCOLS.find((p) => p[1] === num);
    return hit ? protoent(cx, hit) : fail0(cx, WSA.WSANO_DATA);
  }),
  fn('WSAEnumProtocolsW(ptr lpiProtocols, ptr lpProtocolBuffer, ptr lpdwBufferLength): i32', (cx, filter: number, buf: number, lenPtr: number) => {
    const st = winsockStateIfAny(cx.machine);
    if (!st || st.startups === 0) return fail(cx, WSA.WSANOTINITIALISED);
    if (cx.thread.inBlockingCall) return fail(cx, WSA.WSAEINPROGRESS);
    return enumProtocols(cx, filter, buf, lenPtr);
  }),
];

/**
 * The catalogue into the caller's buffer (WSAEnumProtocolsW after its start-up checks, WSCEnumProtocols):
 * the number of entries, or SOCKET_ERROR with the last error set.
 */
export function enumProtocols(cx: ApiContext, filter: number, buf: number, lenPtr: number): number {
  if (lenPtr === 0 || !cx.mem.isUserRange(lenPtr, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
  let list = PROVIDERS;
  if (filter !== 0) {
    const want: number[] = [];
    for (let i = 0; i < 64; i++) {
      if (!cx.mem.isUserRange(filter + 4 * i, 4, 'read')) return fail(cx, WSA.WSAEFAULT);
      const v = cx.mem.i32(filter + 4 * i);
      if (v === 0) break;
      want.push(v);
    }
    list = PROVIDERS.filter((p) => want.includes(p.proto));
  }
  const need = list.length * WSAPROTOCOL_INFOW_SIZE;
  const have = cx.mem.u32(lenPtr);
  if (buf === 0 || have < need) {
    cx.mem.setU32(lenPtr, need);
    return fail(cx, WSA.WSAENOBUFS);
  }
  if (!cx.mem.isUserRange(buf, need, 'write')) return fail(cx, WSA.WSAEFAULT);
  list.forEach((p, i) => writeProtocolInfo(cx, buf + i * WSAPROTOCOL_INFOW_SIZE, p));
  cx.mem.setU32(lenPtr, need);
  return list.length;
}
