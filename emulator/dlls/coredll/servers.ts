/**
 * coredll calls of CE 7's system servers (udevice.exe, the user-mode driver host; servicesd.exe, the
 * services host; GweUser.exe): REL_UDriverProcIoControl and RegisterDirectMethods.
 *
 * - REL_UDriverProcIoControl(code, in, inSize, out, outSize, pcbRet) reaches the device manager's
 *   reflector (DM_REL_UDriverProcIoControl in the CE device manager sources), which looks the calling
 *   process up among the user-mode driver hosts it started itself (pending or running) and fails
 *   otherwise: FALSE with ERROR_INVALID_PARAMETER. No device manager in a wmemu run starts a driver
 *   host, so a udevice.exe or servicesd.exe started as a program is always such a stranger: FALSE,
 *   ERROR_INVALID_PARAMETER, and the host ends ("Failed to register handle with reflector").
 * - RegisterDirectMethods(hApiSet, ppfnDirectMethods) gives a CreateAPISet set the function table the
 *   kernel calls directly for callers inside the server's own process. An invalid set:
 *   ERROR_INVALID_HANDLE; a NULL table: ERROR_INVALID_PARAMETER; else TRUE. The table is kept with the
 *   set; calls through API sets from other processes are not emulated (startup.ts), so nothing calls it.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import type { ApiSet } from './apisets.js';

const directMethods = new WeakMap<ApiSet, number>();

export const servers: ApiDef[] = [
  fn('REL_UDriverProcIoControl(hex dwIoControlCode, ptr lpInBuf, u32 nInBufSize, ptr lpOutBuf, u32 nOutBufSize, ptr lpBytesReturned): bool', (cx) =>
    cx.fail(0, ERROR.INVALID_PARAMETER),
  ),
  fn('RegisterDirectMethods(handle hApiSet, ptr ppfnDirectMethods): bool', (cx, h: number, table: number) => {
    const set = cx.machine.handles.get<ApiSet>(h, 'apiset');
    if (!set) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!table) return cx.fail(0, ERROR.INVALID_PARAMETER);
    directMethods.set(set, table);
    return 1;
  }),
];
