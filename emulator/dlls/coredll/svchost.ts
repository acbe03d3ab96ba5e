/**
 * coredll calls into the services host (service.h; CE docs "Services.exe Functions" / "Servicesd.exe
 * Functions") on a run where no service runs: wmemu starts no services host and loads no service
 * DLL, as a device that has started none.
 *
 *  - EnumServices(pBuffer, pdwServiceEntries, pdwBufferLen): "information about all running
 *    services": none, so *pdwServiceEntries = 0 and *pdwBufferLen = 0 (no bytes needed), TRUE for a
 *    buffer. A NULL pBuffer is the size query: FALSE, ERROR_INSUFFICIENT_BUFFER with the size, as the
 *    CE 6 services.exe expects (it calls with NULL, allocates the size returned and calls again, and
 *    DEBUGCHKs a NULL-buffer call that succeeds). A NULL count or length pointer: FALSE,
 *    ERROR_INVALID_PARAMETER.
 *  - ActivateService(lpszDevKey, dwClientInfo): the service's key is HKLM\Services\<lpszDevKey>. A
 *    missing key, or one without a `Dll` value: NULL, ERROR_FILE_NOT_FOUND (the registry's error, as
 *    ActivateDeviceEx, devmgr.ts); a NULL name: NULL, ERROR_INVALID_PARAMETER. A key naming a DLL
 *    would need that DLL loaded into a services host: that stops the run as unimplemented, naming it.
 *  - DeregisterService(hService): no service was ever activated, so no handle is a service's: FALSE,
 *    ERROR_INVALID_HANDLE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { REG } from '../../core/registry/registry.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { ERROR } from '../../core/win32-errors.js';
import { registryOf } from './registry.js';

export const svchost: ApiDef[] = [
  fn('EnumServices(ptr pBuffer, ptr pdwServiceEntries, ptr pdwBufferLen): bool', (cx, buf: number, entries: number, len: number) => {
    if (!entries || !len) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.setU32(entries, 0);
    cx.mem.setU32(len, 0);
    return buf ? 1 : cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  }),
  fn('ActivateService(ptr lpszDevKey, u32 dwClientInfo): handle', (cx, keyPtr: number) => {
    if (!keyPtr) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const name = cx.mem.wstr(keyPtr, 260);
    const key = registryOf(cx.machine).byFullPath(`HKEY_LOCAL_MACHINE\\Services\\${name}`, false);
    const dll = key?.value('Dll');
    if (!name || !key || !dll || dll.type !== REG.SZ) return cx.fail(0, ERROR.FILE_NOT_FOUND);
    const file = dll.data.toString('utf16le').replace(/\0.*$/s, '');
    cx.machine.abort(
      'unimplemented',
      EXIT_CODES.unimplemented,
      `COREDLL.dll!ActivateService: loading the service ${JSON.stringify(file)} (HKLM\\Services\\${name}) into a services host is not implemented`,
    );
    return cx.block(() => {});
  }),
  fn('DeregisterService(handle hService): bool', (cx) => cx.fail(0, ERROR.INVALID_HANDLE)),
];
