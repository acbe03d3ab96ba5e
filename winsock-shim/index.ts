/**
 * The Winsock shim: winsock.dll (Winsock 1.1) and ws2.dll (Winsock 2) on real host sockets.
 * One file per API family; both DLLs share the declarations and each exports the names in its own
 * table (emulator/dlls/exports/{winsock,ws2}-exports.tsv), with its own ordinals.
 *
 *   state.ts     per-machine state: startup count, network policy, the socket table, GuestSocket
 *   common.ts    the checks every socket call starts with
 *   blocking.ts  parking a guest thread in a blocking call
 *   startup.ts   WSAStartup, WSACleanup, WSAGetLastError, WSASetLastError
 *   socket.ts    socket, closesocket, shutdown, bind, listen, accept, connect, get{peer,sock}name
 *   options.ts   setsockopt, getsockopt, ioctlsocket
 *   send.ts      send, sendto
 *   recv.ts      recv, recvfrom
 *   convert.ts   htons & co, inet_addr, inet_ntoa, WSAHtonl & co, WSAAddressToStringW, WSAStringToAddressW
 *   overlapped.ts WSASend, WSASendTo, WSARecv, WSARecvFrom, WSAGetOverlappedResult
 *   netdb.ts     getservby*, getprotoby* (built-in tables), WSAEnumProtocolsW
 *   wsaioctl.ts  WSAIoctl basics
 *   wsaaccept.ts WSAAccept with the condition callback (ws2)
 *   wsaconnect.ts WSAConnect (ws2): connect() without connect data or QOS, as CE's provider
 *   in6addr.ts   in6addr_any, in6addr_loopback (ws2 data exports)
 *   nsp.ts       WSAEnumNameSpaceProvidersW, WSALookupService{BeginW,NextW,End}, WSANSPIoctl, WSASetServiceW
 *   spi.ts       WSCEnumProtocols, WSCInstall/Deinstall{Provider,NameSpace}, WPUCompleteOverlappedRequest
 *
 *   wsacontrol.ts WSAControl (ws2, CE-private): WSCNTL_AFD_FLUSH_RESOLVER_CACHE (ipconfig /flushdns);
 *                the other actions (private TDI/AFD structures) stop the run naming the action
 *   host/        the host socket layer (Linux syscalls through koffi)
 *
 * Not emulated, on purpose: coredll's AFDSocket and AFDSelect (CE 6 ordinals 2612/2613), the kernel
 * socket interface under CE's own Winsock. Evidence (ce6 corpus, disassembled): their only importer is
 * wspm.dll, a Winsock 2 service provider (it exports nothing but WSPStartup) that ws2instl.dll writes
 * into the protocol catalog and that only the device's own ws2.dll loads; wmemu's ws2/winsock (this
 * shim) never loads providers, so no program reaches it. The two exports are thin wrappers around
 * afd.dll's kernel API set 83 (AFDSocket = method 2, trap 0xF100B3F8), and wspm.dll does the rest
 * without imports: API set 83 method 32 directly and every per-socket call (bind, connect, send,
 * recv, ...: HT_SOCKET methods 2-18, traps 0xF101D3B8-0xF101D3F8) as inline CE 6 kernel traps. Two
 * exports would not make it work; it would need a second socket stack beside this one. So they stay
 * undeclared: a call stops the run as an unimplemented import naming itself (COREDLL.dll!AFDSocket).
 */
import type { ApiDef, FaultPolicy } from '../emulator/core/api/declare.js';
import { startup } from './startup.js';
import { sockets } from './socket.js';
import { options } from './options.js';
import { send } from './send.js';
import { recv } from './recv.js';
import { convert } from './convert.js';
import { wsaioctl } from './wsaioctl.js';
import { wsaaccept } from './wsaaccept.js';
import { wsaconnect } from './wsaconnect.js';
import { in6addr } from './in6addr.js';
import { netdb } from './netdb.js';
import { nsp } from './nsp.js';
import { spi } from './spi.js';
import { overlappedIo } from './overlapped.js';
import { wsacontrol } from './wsacontrol.js';
import { SOCKET_ERROR, WSA } from './constants.js';

// select / events / resolver (extras.ts); withEventHooks lets WSAEventSelect see recv, send, accept...
import { WINSOCK_EXTRA_FAMILIES, withEventHooks } from './extras.js';
export const WINSOCK_FAMILIES: ApiDef[][] = withEventHooks([
  startup,
  sockets,
  options,
  send,
  recv,
  convert,
  wsaioctl,
  wsaaccept,
  wsaconnect,
  in6addr,
  netdb,
  nsp,
  spi,
  overlappedIo,
  wsacontrol,
  ...WINSOCK_EXTRA_FAMILIES,
]);

/** Fault policy of both DLLs: a bad guest pointer is SOCKET_ERROR with WSAEFAULT. */
export const WINSOCK_FAULT: FaultPolicy = { kind: 'error', ret: SOCKET_ERROR, lastError: WSA.WSAEFAULT };

export { setNetworkPolicy, winsockState, type NetworkPolicy } from './state.js';
