/**
 * WSAAccept (ws2.dll): accept() plus the caller's condition function, called in the guest with the
 * caller and callee addresses before the connection is handed out:
 *
 *   int CALLBACK Condition(LPWSABUF lpCallerId, LPWSABUF lpCallerData, LPQOS lpSQOS, LPQOS lpGQOS,
 *                          LPWSABUF lpCalleeId, LPWSABUF lpCalleeData, GROUP *g, DWORD dwCallbackData)
 *
 * CF_ACCEPT (0) returns the new socket; CF_REJECT (1) resets the connection and fails with
 * WSAECONNREFUSED; CF_DEFER (2) is refused with WSATRY_AGAIN (Linux has already completed the
 * handshake, so a deferred connection cannot be offered again). While the condition function runs,
 * the service provider "is still processing a callback function": any Winsock call the guest makes
 * on that thread fails with WSAEINPROGRESS (send-winsock-ce.txt), via thread.inBlockingCall, which
 * common.ts checks for every socket call.
 *
 * The accept itself (blocking or not, all its errors) is accept()'s own handler.
 *
 * Checks, in this order: accept()'s (socket.ts: WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS,
 * WSAECONNABORTED, WSAENETDOWN, WSAEOPNOTSUPP for a datagram socket, WSAEINVAL not listening,
 * WSAEFAULT addr/addrlen), then WSAEWOULDBLOCK / the wait, then the condition function's verdict
 * (CF_REJECT: WSAECONNREFUSED; CF_DEFER: WSATRY_AGAIN). lpfnCondition is not checked before it is
 * called (a bad one is a guest crash in the guest's own call, as on a device). Reference: the CE 6.0
 * WSAAccept page's error list; the socket prolog first, as CE 6's ws2.dll runs it (common.ts).
 */
import { fn, type ApiDef, type Returns } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import { fail } from './common.js';
import { sockets } from './socket.js';
import { winsockState } from './state.js';

const CF_ACCEPT = 0;
const CF_REJECT = 1;
const SOCKADDR_MAX = 28;

const accept = sockets.find((d) => d.name === 'accept')!.handler;
const closesocket = sockets.find((d) => d.name === 'closesocket')!.handler;
const getpeername = sockets.find((d) => d.name === 'getpeername')!.handler;
const getsockname = sockets.find((d) => d.name === 'getsockname')!.handler;

/** After accept() produced `ns`, run the condition function and decide. */
function withCondition(cx: ApiContext, ns: number, cond: number, data: number): Returns<'i32'> {
  // Guest scratch for two WSABUFs, two sockaddrs and their lengths, and the GROUP out-value.
  const heap = cx.machine.processHeap;
  const block = heap.alloc(2 * 8 + 2 * SOCKADDR_MAX + 2 * 4 + 4, true);
  if (!block) {
    closesocket(cx, ns);
    return fail(cx, WSA.WSAENOBUFS);
  }
  const callerId = block;
  const calleeId = block + 8;
  const callerAddr = block + 16;
  const calleeAddr = callerAddr + SOCKADDR_MAX;
  const lens = calleeAddr + SOCKADDR_MAX;
  const group = lens + 8;
  cx.mem.setU32(lens, SOCKADDR_MAX);
  cx.mem.setU32(lens + 4, SOCKADDR_MAX);
  const peerOk = getpeername(cx, ns, callerAddr, lens) === 0;
  const selfOk = getsockname(cx, ns, calleeAddr, lens + 4) === 0;
  cx.mem.setU32(callerId, peerOk ? cx.mem.u32(lens) : 0);
  cx.mem.setU32(callerId + 4, peerOk ? callerAddr : 0);
  cx.mem.setU32(calleeId, selfOk ? cx.mem.u32(lens + 4) : 0);
  cx.mem.setU32(calleeId + 4, selfOk ? calleeAddr : 0);
  const thread = cx.thread;
  thread.inBlockingCall = true;
  return cx.callGuest(cond, [callerId, 0, 0, 0, calleeId, 0, group, data], (verdict) => {
    thread.inBlockingCall = false;
    heap.freeBlock(block);
    if (verdict === CF_ACCEPT) return ns;
    closesocket(cx, ns);
    return fail(cx, verdict === CF_REJECT ? WSA.WSAECONNREFUSED : WSA.WSATRY_AGAIN);
  });
}

/** One attempt: accept without blocking; on WSAEWOULDBLOCK (blocking socket) wait and try again. */
function attempt(cx: ApiContext, v: number, addr: number, lenPtr: number, cond: number, data: number): Returns<'i32'> {
  const s = winsockState(cx.machine).sockets.get(v);
  const blocking = s !== undefined && !s.nonBlocking;
  if (s) s.nonBlocking = true;
  let r: number;
  try {
    r = accept(cx, v, addr, lenPtr) as number;
  } finally {
    if (s && blocking) s.nonBlocking = false;
  }
  if (r === SOCKET_ERROR && blocking && cx.thread.lastError === WSA.WSAEWOULDBLOCK) {
    cx.thread.waitReason = `WSAAccept(0x${v.toString(16)})`;
    return cx.restartWhen(
      (wake) => {
        const w = s!.host.waitReadable(() => wake());
        return () => s!.host.cancelWait(w);
      },
      () => attempt(cx, v, addr, lenPtr, cond, data),
    );
  }
  if (r === SOCKET_ERROR) return r;
  return withCondition(cx, r, cond, data);
}

export const wsaaccept: ApiDef[] = [
  fn(
    'WSAAccept(socket s, ptr addr, ptr addrlen, ptr lpfnCondition, u32 dwCallbackData): socket',
    { blocking: true },
    (cx, v: number, addr: number, lenPtr: number, cond: number, data: number) =>
      cond ? attempt(cx, v, addr, lenPtr, cond, data) : (accept(cx, v, addr, lenPtr) as Returns<'socket'>), // accept's declaration is the same kind
  ),
];
