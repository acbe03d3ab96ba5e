/**
 * coredll Power Manager calls (pm.h; CE docs "Power Management Functions") on a device whose power
 * manager manages no device: wmemu loads no drivers (device.ts), so no device is power-managed, and
 * the system never changes its power state during a run.
 *
 *  - RequestPowerNotifications(hMsgQ, Flags) -> a notification handle; hMsgQ must be a message queue
 *    (CreateMsgQueue, msgqueue.ts) and Flags not 0 (the PBT_* bits or POWER_NOTIFY_ALL): else NULL,
 *    ERROR_INVALID_PARAMETER ("invalid message queue or flag value"). No PBT_TRANSITION, PBT_RESUME,
 *    PBT_POWERSTATUSCHANGE or PBT_POWERINFOCHANGE ever happens in a run, so nothing is written to the
 *    queue. StopPowerNotifications(h) -> ERROR_SUCCESS; another handle: ERROR_INVALID_PARAMETER.
 *  - SetDevicePower(pvDevice, dwDeviceFlags, DeviceState) / GetDevicePower(pvDevice, dwDeviceFlags,
 *    pDeviceState) return a Win32 code: a NULL device, flags other than POWER_NAME (1) / POWER_FORCE
 *    (0x1000), a state outside D0..D4 and PwrDeviceUnspecified (-1), or a NULL pDeviceState:
 *    ERROR_INVALID_PARAMETER; any device name: ERROR_FILE_NOT_FOUND ("the device was not found").
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

const POWER_NAME = 0x1;
const POWER_FORCE = 0x1000;

class PowerNotification {
  readonly type = 'powernotify';
  constructor(
    readonly queue: number,
    readonly flags: number,
  ) {}
}

const validFlags = (f: number) => (f & ~(POWER_NAME | POWER_FORCE)) === 0;

export const power: ApiDef[] = [
  fn('RequestPowerNotifications(handle hMsgQ, hex Flags): handle', (cx, q: number, flags: number) => {
    if (!cx.machine.handles.get(q, 'msgqueue') || flags === 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return cx.machine.handles.add(new PowerNotification(q, flags)) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn('StopPowerNotifications(handle h): u32', (cx, h: number) => {
    if (!cx.machine.handles.get(h, 'powernotify')) return ERROR.INVALID_PARAMETER;
    cx.machine.handles.close(h);
    return 0;
  }),
  fn('SetDevicePower(ptr pvDevice, hex dwDeviceFlags, i32 DeviceState): u32', (_cx, dev: number, flags: number, state: number) => {
    if (!dev || !validFlags(flags) || state < -1 || state > 4) return ERROR.INVALID_PARAMETER;
    return ERROR.FILE_NOT_FOUND;
  }),
  fn('GetDevicePower(ptr pvDevice, hex dwDeviceFlags, ptr pDeviceState): u32', (_cx, dev: number, flags: number, out: number) => {
    if (!dev || !validFlags(flags) || !out) return ERROR.INVALID_PARAMETER;
    return ERROR.FILE_NOT_FOUND;
  }),
];
