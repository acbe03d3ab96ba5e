/**
 * coredll's WNet functions (network shares through the CE redirector, used by net.exe): the emulated
 * device has no redirector (no SMB client), so each fails the way the CE documentation gives for a
 * device without the network component: ERROR_NO_NETWORK ("the network is not present or not
 * started") for WNetAddConnection3W, WNetCancelConnection2W and WNetOpenEnumW; no enumeration handle
 * is ever handed out, so WNetEnumResourceW and WNetCloseEnum see ERROR_INVALID_HANDLE. These
 * functions return the error code and also set it as the last error.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';

const fail = (cx: ApiContext, e: number) => cx.fail(e, e);

export const wnet: ApiDef[] = [
  fn('WNetAddConnection3W(handle hwndOwner, ptr lpNetResource, wstr lpPassword, wstr lpUserName, hex dwFlags): u32', (cx) => fail(cx, ERROR.NO_NETWORK)),
  fn('WNetCancelConnection2W(wstr lpName, hex dwFlags, bool fForce): u32', (cx) => fail(cx, ERROR.NO_NETWORK)),
  fn('WNetOpenEnumW(u32 dwScope, u32 dwType, u32 dwUsage, ptr lpNetResource, ptr lphEnum): u32', (cx) => fail(cx, ERROR.NO_NETWORK)),
  fn('WNetEnumResourceW(handle hEnum, ptr lpcCount, ptr lpBuffer, ptr lpBufferSize): u32', (cx) => fail(cx, ERROR.INVALID_HANDLE)),
  fn('WNetCloseEnum(handle hEnum): u32', (cx) => fail(cx, ERROR.INVALID_HANDLE)),
];
