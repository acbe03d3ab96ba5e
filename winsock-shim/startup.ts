/**
 * WSAStartup / WSACleanup / WSAGetLastError / WSASetLastError.
 *
 * Version negotiation (Winsock spec): a request below 1.1 is WSAVERNOTSUPPORTED; otherwise the DLL
 * uses min(requested, its highest): ws2.dll supports up to 2.2, winsock.dll (the Winsock 1.1 DLL)
 * up to 1.1. The count of successful WSAStartup calls is per process; the last matching WSACleanup
 * closes every socket (threads parked in them get WSAEINTR).
 *
 * WSADATA for 32-bit ARM (winsock.h, 400 bytes):
 *   0 WORD wVersion, 2 WORD wHighVersion, 4 char szDescription[257], 261 char szSystemStatus[129],
 *   390 u16 iMaxSockets, 392 u16 iMaxUdpDg, 396 char *lpVendorInfo.
 * Contents: szDescription "WinSock 2.0" (ws2.dll) / "WinSock 1.1" (winsock.dll), szSystemStatus
 * "Running", lpVendorInfo NULL; iMaxSockets/iMaxUdpDg are 0 for a 2.x negotiation (Winsock 2 says
 * ignore them) and, for 1.1, the shim's real limits: 960 sockets, 65507-byte UDP datagrams.
 *
 * On CE WSAGetLastError() is GetLastError(): the per-thread last error (winsock.dll does not even
 * export it; ws2.dll does).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { MAX_UDP4_PAYLOAD, SOCKET_ERROR, WSA } from './constants.js';
import { stateOf } from './common.js';
import { SOCKET_BASE, SOCKET_LIMIT, SOCKET_STEP, closeAllSockets } from './state.js';

export const WSADATA_SIZE = 400;

function highestVersion(cx: ApiContext): number {
  return cx.decl.dll.toUpperCase().startsWith('WINSOCK') ? 0x0101 : 0x0202;
}

export const startup: ApiDef[] = [
  fn(
    'WSAStartup(hex wVersionRequested, ptr lpWSAData): i32',
    { fault: { kind: 'error', ret: WSA.WSAEFAULT, lastError: WSA.WSAEFAULT } },
    (cx, req: number, data: number) => {
      const high = highestVersion(cx);
      const major = req & 0xff;
      const minor = (req >> 8) & 0xff;
      const reqNum = major * 256 + minor;
      const supported = reqNum >= 0x0101; // 1.1 or later
      const version = !supported ? high : reqNum >= (high & 0xff) * 256 + (high >> 8) ? high : req & 0xffff;
      cx.mem.check(data, WSADATA_SIZE, 'write');
      cx.mem.fill(data, WSADATA_SIZE, 0);
      cx.mem.setU16(data, version);
      cx.mem.setU16(data + 2, high);
      cx.mem.writeStr(data + 4, high === 0x0202 ? 'WinSock 2.0' : 'WinSock 1.1');
      cx.mem.writeStr(data + 261, 'Running');
      const v1 = (version & 0xff) === 1;
      cx.mem.setU16(data + 390, v1 ? (SOCKET_LIMIT - SOCKET_BASE) / SOCKET_STEP : 0);
      cx.mem.setU16(data + 392, v1 ? MAX_UDP4_PAYLOAD : 0);
      cx.mem.setU32(data + 396, 0);
      if (!supported) return WSA.WSAVERNOTSUPPORTED;
      const st = stateOf(cx);
      if (st.startups === 0) st.version = version;
      st.startups++;
      return 0;
    },
  ),
  fn('WSACleanup(): i32', (cx) => {
    const st = stateOf(cx);
    if (st.startups === 0) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
    if (cx.thread.inBlockingCall) return cx.fail(SOCKET_ERROR, WSA.WSAEINPROGRESS);
    if (--st.startups === 0) {
      closeAllSockets(st);
      st.version = 0;
    }
    return 0;
  }),
  // ws2.dll only (winsock.dll has no such exports: the registry leaves them out).
  fn('WSAGetLastError(): i32', (cx) => cx.thread.lastError),
  fn('WSASetLastError(i32 iError): void', (cx, e: number) => {
    cx.thread.lastError = e >>> 0;
  }),
];
