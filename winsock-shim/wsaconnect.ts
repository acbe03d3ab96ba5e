/**
 * WSAConnect (ws2.dll): connect() plus connect data and quality of service, which CE's default TCP/UDP
 * provider does not support.
 *
 * Reference followed: the CE 6.0 WSAConnect page ("The Windows Embedded CE default TCP/UDP service
 * provider does not support the exchange of data at the time of connection ... lpCalleeData and
 * lpCallerData should both be NULL"; lpSQOS and lpGQOS: "Reserved"), and for what happens when they are
 * not NULL, the desktop Winsock page's error list (WSAEOPNOTSUPP where the provider cannot honour the
 * request):
 *   - lpCallerData with len > 0: SOCKET_ERROR, WSAEOPNOTSUPP (data cannot be sent while connecting);
 *     a WSABUF with len 0 is "no data" and accepted.
 *   - lpSQOS or lpGQOS not NULL: SOCKET_ERROR, WSAEOPNOTSUPP (no QOS in the default provider).
 *   - lpCalleeData not NULL: accepted; its len is set to 0 (no data comes back), as the desktop page describes for a provider without connect data.
 *
 * Check order: the socket (WSANOTINITIALISED, WSAENOTSOCK ... as connect()), then lpCallerData, then the
 * QOS pointers, then everything connect() checks (the address, listening, already connected, the
 * network policy) and the connect itself, blocking or not. A bad WSABUF pointer is WSAEFAULT.
 *
 * WSAJoinLeaf (ws2.dll ordinal 22): "WSAJoinLeaf is not supported by the default TCP/UDP and Winsock
 * provider in Windows Embedded CE" (the Windows Mobile 6.5 WSAJoinLeaf page); CE 6's ws2.dll looks the
 * socket up and passes the call to its provider's WSPJoinLeaf, which "always returns SOCKET_ERROR and
 * sets lpErrno to WSASYSCALLFAILURE on Windows Embedded CE" (the CE 6.0 WSPJoinLeaf page). So: the
 * socket checks (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS, as every call on a socket), then
 * INVALID_SOCKET with WSASYSCALLFAILURE; nothing else is looked at, nothing changes on the socket.
 */
import { fn, type ApiDef, type Returns } from '../emulator/core/api/declare.js';
import { INVALID_SOCKET, WSA } from './constants.js';
import { fail, socketFor } from './common.js';
import { sockets } from './socket.js';

const connect = sockets.find((d) => d.name === 'connect')!.handler;

export const wsaconnect: ApiDef[] = [
  fn(
    'WSAConnect(socket s, sockaddr name, i32 namelen, ptr lpCallerData, ptr lpCalleeData, ptr lpSQOS, ptr lpGQOS): i32',
    { blocking: true },
    (cx, v: number, name: number, len: number, callerData: number, calleeData: number, sqos: number, gqos: number) => {
      if (!socketFor(cx, v)) return fail(cx, cx.thread.lastError);
      if (callerData !== 0 && cx.mem.u32(callerData) !== 0) return fail(cx, WSA.WSAEOPNOTSUPP);
      if (sqos !== 0 || gqos !== 0) return fail(cx, WSA.WSAEOPNOTSUPP);
      // No data ever comes back: len 0, written before connecting (a bad pointer faults here, WSAEFAULT).
      if (calleeData !== 0) cx.mem.setU32(calleeData, 0);
      return connect(cx, v, name, len) as Returns<'i32'>; // connect's declaration is the same kind
    },
  ),
  fn(
    'WSAJoinLeaf(socket s, sockaddr name, i32 namelen, ptr lpCallerData, ptr lpCalleeData, ptr lpSQOS, ptr lpGQOS, hex dwFlags): socket',
    { stub: "CE's default provider has no multipoint: INVALID_SOCKET, WSASYSCALLFAILURE after the socket checks (CE 6.0 WSPJoinLeaf page)" },
    (cx, v: number) => {
      fail(cx, socketFor(cx, v, false, false) ? WSASYSCALLFAILURE : cx.thread.lastError);
      return INVALID_SOCKET;
    },
  ),
];

/** The provider's error for an unsupported system call (winsock2.h). */
export const WSASYSCALLFAILURE = 10107;
