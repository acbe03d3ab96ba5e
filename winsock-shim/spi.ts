/**
 * The service-provider side of ws2.dll a program can call: WSCEnumProtocols, WSCInstallProvider,
 * WSCDeinstallProvider, WSCInstallNameSpace, WSCUnInstallNameSpace, WPUCompleteOverlappedRequest.
 *
 * wmemu's Winsock is one built-in catalogue (the four TCP/UDP providers of netdb.ts, the DNS name
 * space of nsp.ts) on host sockets: it cannot load a provider DLL into the socket path. So the
 * configuration calls that would change the catalogue fail the way the CE 6.0 pages document for a
 * caller the device does not let change it: WSCInstallProvider "WSANO_RECOVERY: caller application
 * is not privileged", WSCInstallNameSpace "WSAEACCES ... WSANO_RECOVERY: caller application is not
 * privileged"; the deinstall calls are given the same answer (they change the same catalogue). Nothing
 * is written, so WSAEnumProtocolsW / WSAEnumNameSpaceProvidersW keep listing what the device has.
 * These are configuration functions: none needs WSAStartup (the desktop pages list no
 * WSANOTINITIALISED for them).
 *
 * Checks, in this order:
 *   WSCEnumProtocols  WSAEFAULT (lpdwBufferLength, lpiProtocols), WSAENOBUFS (buffer too small: the size
 *       needed in *lpdwBufferLength), WSAEFAULT (buffer): WSAEnumProtocolsW's, reported in *lpErrno (an
 *       unwritable lpErrno: SOCKET_ERROR and WSAEFAULT as the last error, the fault policy).
 *   WSCInstallProvider  WSAEFAULT (lpProviderId, lpszProviderDllPath, lpProtocolInfoList for
 *       dwNumberOfEntries entries not readable), then WSANO_RECOVERY; in *lpErrno.
 *   WSCDeinstallProvider  WSAEFAULT (lpProviderId), then WSANO_RECOVERY; in *lpErrno.
 *   WSCInstallNameSpace  WSAEFAULT (lpszIdentifier, lpszPathName, lpProviderId), then WSANO_RECOVERY;
 *       SOCKET_ERROR with the last error, as the page says.
 *   WSCUnInstallNameSpace  WSAEFAULT (lpProviderId), then WSANO_RECOVERY; the last error.
 *   WPUCompleteOverlappedRequest  read from CE 6's ws2.dll (the corpus binary): lpOverlapped NULL:
 *       error 87 (WSA_INVALID_PARAMETER); s not a socket ws2 knows: WSAEINVAL (the desktop page: "not a
 *       socket created by WPUCreateSocketHandle"); both in *lpErrno. Otherwise InternalHigh =
 *       cbTransferred, the event (hEvent) is set, 0 is returned. Internal: CE's ws2 writes a private
 *       marker there for its own WSAGetOverlappedResult; wmemu writes dwError, the completion status
 *       the page defines, which its WSAGetOverlappedResult reports.
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import { enumProtocols } from './netdb.js';
import { WSAPROTOCOL_INFOW_SIZE } from './socket.js';
import { winsockStateIfAny } from './state.js';
import { completeOverlapped } from './overlapped.js';
import { WSA_INVALID_PARAMETER } from './events.js';

/** SOCKET_ERROR with `err` in *lpErrno (the provider interface's way). */
function errno(cx: ApiContext, lpErrno: number, err: number): number {
  cx.mem.check(lpErrno, 4, 'write');
  cx.mem.setU32(lpErrno, err);
  return SOCKET_ERROR;
}

const readable = (cx: ApiContext, p: number, n: number) => p !== 0 && cx.mem.isUserRange(p, n, 'read');
const readableW = (cx: ApiContext, p: number) => {
  if (p === 0 || !cx.mem.isUserRange(p, 2, 'read')) return false;
  try {
    cx.mem.wcslen(p, 32768);
    return true;
  } catch {
    return false;
  }
};

export const spi: ApiDef[] = [
  fn(
    'WSCEnumProtocols(ptr lpiProtocols, ptr lpProtocolBuffer, ptr lpdwBufferLength, ptr lpErrno): i32',
    (cx, filter: number, buf: number, len: number, e: number) => {
      cx.mem.check(e, 4, 'write');
      const saved = cx.thread.lastError;
      const r = enumProtocols(cx, filter, buf, len);
      const err = cx.thread.lastError;
      cx.thread.lastError = saved;
      return r === SOCKET_ERROR ? errno(cx, e, err) : r;
    },
  ),

  fn(
    'WSCInstallProvider(ptr lpProviderId, ptr lpszProviderDllPath, ptr lpProtocolInfoList, u32 dwNumberOfEntries, ptr lpErrno): i32',
    { stub: 'the catalogue is fixed: WSANO_RECOVERY, caller not privileged (CE 6.0 page), after the WSAEFAULT checks' },
    (cx, id: number, path: number, list: number, n: number, e: number) => {
      if (!readable(cx, id, 16) || !readableW(cx, path) || (n > 0 && !readable(cx, list, n * WSAPROTOCOL_INFOW_SIZE))) return errno(cx, e, WSA.WSAEFAULT);
      return errno(cx, e, WSA.WSANO_RECOVERY);
    },
  ),

  fn(
    'WSCDeinstallProvider(ptr lpProviderId, ptr lpErrno): i32',
    { stub: 'the catalogue is fixed: WSANO_RECOVERY after the WSAEFAULT check' },
    (cx, id: number, e: number) => {
      return errno(cx, e, readable(cx, id, 16) ? WSA.WSANO_RECOVERY : WSA.WSAEFAULT);
    },
  ),

  fn(
    'WSCInstallNameSpace(ptr lpszIdentifier, ptr lpszPathName, u32 dwNameSpace, u32 dwVersion, ptr lpProviderId): i32',
    { stub: 'the name spaces are fixed: WSANO_RECOVERY, caller not privileged (CE 6.0 page), after the WSAEFAULT checks' },
    (cx, ident: number, path: number, _ns: number, _ver: number, id: number) => {
      if (!readableW(cx, ident) || !readableW(cx, path) || !readable(cx, id, 16)) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
      return cx.fail(SOCKET_ERROR, WSA.WSANO_RECOVERY);
    },
  ),

  fn('WSCUnInstallNameSpace(ptr lpProviderId): i32', { stub: 'the name spaces are fixed: WSANO_RECOVERY after the WSAEFAULT check' }, (cx, id: number) => {
    return cx.fail(SOCKET_ERROR, readable(cx, id, 16) ? WSA.WSANO_RECOVERY : WSA.WSAEFAULT);
  }),

  fn(
    'WPUCompleteOverlappedRequest(socket s, ptr lpOverlapped, u32 dwError, u32 cbTransferred, ptr lpErrno): i32',
    (cx, s: number, ov: number, error: number, n: number, e: number) => {
      if (ov === 0) return errno(cx, e, WSA_INVALID_PARAMETER);
      const st = winsockStateIfAny(cx.machine);
      if (!st || !st.sockets.get(s)) return errno(cx, e, WSA.WSAEINVAL);
      completeOverlapped(cx, ov, error, n);
      return 0;
    },
  ),
];
