/**
 * coredll RegOpenProcessKey(hPnp) (pkfuncs.h: "it looks like a registry operation but it's really a
 * device operation"): the driver key of the device the device manager activated as number hPnp, that
 * is what OpenDeviceKey returns for the active key HKLM\Drivers\Active\<hPnp, two digits at least>
 * (CE's coredll formats "%s\%02u" with DEVLOAD_ACTIVE_KEY and calls OpenDeviceKey). The active key's
 * "Key" value (REG_SZ) names the driver key under HKLM. No such active device, no "Key" value, or a
 * driver key that is gone: NULL, ERROR_FILE_NOT_FOUND. The key handle is closed with RegCloseKey.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { keyHandle, registryOf } from './registry.js';

const DEVLOAD_ACTIVE_KEY = 'Drivers\\Active';

export const devkeys: ApiDef[] = [
  fn('RegOpenProcessKey(u32 hPnp): handle', (cx, n: number) => {
    const reg = registryOf(cx.machine);
    const activePath = `HKEY_LOCAL_MACHINE\\${DEVLOAD_ACTIVE_KEY}\\${String(n >>> 0).padStart(2, '0')}`;
    const named = reg.byFullPath(activePath, false)?.value('Key');
    const driverPath = named?.type === REG.SZ ? named.data.toString('utf16le').split('\0')[0] : undefined;
    const driver = driverPath ? reg.byFullPath(`HKEY_LOCAL_MACHINE\\${driverPath}`, false) : undefined;
    if (!driver) return cx.fail(0, ERROR.FILE_NOT_FOUND);
    return keyHandle(cx, driver) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
];
