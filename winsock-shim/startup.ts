/**
 * WSAStartup / WSACleanup / WSAGetLastError / WSASetLastError.
 *
 * Reference followed: CE 6's ws2.dll and winsock.dll (the corpus binaries; their WSAStartup read
 * instruction by instruction), where they differ from the desktop pages.
 *
 * WSAStartup, in this order:
 *   1. major version 0: WSAVERNOTSUPPORTED, returned before WSADATA is touched (a bad lpWSAData with
 *      version 0.x is still WSAVERNOTSUPPORTED);
 *   2. the version: ws2.dll answers 1.min(minor, 1) for major 1 (so 1.0 is accepted, as 1.0) and
 *      2.min(minor, 2) for major 2 or more (3.0 gives 2.2); winsock.dll answers 1.0 for 1.0 and 1.1
 *      for everything else;
 *   3. WSADATA is written (unwritable: WSAEFAULT, CE's __try around the fill), then the start-up
 *      counted. ws2.dll: wHighVersion 2.2, szDescription "Winsock 2.2", szSystemStatus "",
 *      iMaxUdpDg 0, iMaxSockets 200 and lpVendorInfo NULL for a 1.x negotiation, iMaxSockets 0
 *      (lpVendorInfo left as it was) for 2.x. winsock.dll: wHighVersion 1.1, szDescription and
 *      szSystemStatus "", the rest as ws2.dll's for the caller's request.
 * WSADATA layout for 32-bit ARM (winsock.h, 400 bytes): 0 WORD wVersion, 2 WORD wHighVersion,
 * 4 char szDescription[257], 261 char szSystemStatus[129], 390 u16 iMaxSockets, 392 u16 iMaxUdpDg,
 * 396 char *lpVendorInfo.
 * The count of successful WSAStartup calls is per process; the last matching WSACleanup closes every
 * socket (threads parked in them get WSAEINTR).
 *
 * WSACleanup: WSANOTINITIALISED (no start-up left), WSAEINPROGRESS (a blocking call on this thread).
 * On CE WSAGetLastError() is GetLastError(): the per-thread last error (winsock.dll does not even
 * export it; ws2.dll does). WSASetLastError has no checks.
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import { stateOf } from './common.js';
import { closeAllSockets } from './state.js';

export const WSADATA_SIZE = 400;

function highestVersion(cx: ApiContext): number {
  return cx.decl.dll.toUpperCase().startsWith('WINSOCK') ? 0x0101 : 0x0202;
}

export const startup: ApiDef[] = [
  fn(
    'WSAStartup(hex wVersionRequested, ptr lpWSAData): i32',
    { fault: { kind: 'error', ret: WSA.WSAEFAULT, lastError: WSA.WSAEFAULT } },
    (cx, req: number, data: number) => {
      const ws2 = highestVersion(cx) === 0x0202;
      const major = req & 0xff;
      const minor = (req >> 8) & 0xff;
      if (major < 1) return WSA.WSAVERNOTSUPPORTED;
      let version: number;
      if (!ws2) version = major === 1 && minor === 0 ? 0x0001 : 0x0101;
      else if (major === 1) version = 0x0001 | (Math.min(minor, 1) << 8);
      else version = 0x0002 | ((major > 2 ? 2 : Math.min(minor, 2)) << 8);
      cx.mem.check(data, WSADATA_SIZE, 'write');
      cx.mem.setU16(data, version);
      cx.mem.setU16(data + 2, ws2 ? 0x0202 : 0x0101);
      cx.mem.writeStr(data + 4, ws2 ? 'Winsock 2.2' : '');
      cx.mem.setU8(data + 261, 0);
      cx.mem.setU16(data + 392, 0);
      if (major === 1) {
        cx.mem.setU16(data + 390, 200);
        cx.mem.setU32(data + 396, 0);
      } else cx.mem.setU16(data + 390, 0);
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
