/**
 * coredll system power calls (pm.h, CE docs "SetSystemPowerState", "PowerOffSystem",
 * "FileSystemPowerFunction"; CeEventHasOccurred from notify.h) on a device that stays on for the
 * whole run (power.ts: the system never changes its power state during a run).
 *
 *  - SetSystemPowerState(pwsSystemState, StateFlags, Options) returns a Win32 code. A NULL name and
 *    no flags: ERROR_INVALID_PARAMETER. A name is looked up under
 *    HKLM\System\CurrentControlSet\Control\Power\State (absent: ERROR_FILE_NOT_FOUND) and its Flags
 *    value used. A state of the "on" family (POWER_STATE_ON, IDLE, USERIDLE, BACKLIGHTON, no flag
 *    at all) is the state the device is in: ERROR_SUCCESS and nothing changes (no device is
 *    power-managed). Off, critical off, boot, suspend and reset would stop or reboot the emulated
 *    device: wmemu has no suspend/resume or reboot, so the run stops as unimplemented, naming the
 *    state.
 *  - PowerOffSystem(): suspends the device until a wake event: the same stop, naming the call.
 *  - FileSystemPowerFunction(dwFlags): the power manager tells the file system about a transition
 *    (FSNOTIFY_POWER_ON 0, FSNOTIFY_POWER_OFF 1, FSNOTIFY_DEVICES_ON 2). wmemu's file system writes
 *    through to the host at once and keeps nothing to flush: TRUE; other flags: FALSE,
 *    ERROR_INVALID_PARAMETER.
 *  - CeEventHasOccurred(lWhichEvent, pwszEndOfCommandLine): a driver signals a NOTIFICATION_EVENT_*
 *    (1..13, CE 6's NOTIFICATION_EVENT_LAST): what CeRunAppAtEvent registered for it runs, as when the
 *    run itself raises the event (notifyevents.ts: named events are set, programs started with the
 *    event's command line, a case without one stops the run naming it); TRUE. Another event number:
 *    FALSE, ERROR_INVALID_PARAMETER.
 */
import { fn, type ApiDef, type BLOCKED, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG } from '../../core/registry/registry.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { ERROR } from '../../core/win32-errors.js';
import { raiseNotificationEvent } from './notifyevents.js';
import { registryOf } from './registry.js';

const POWER_STATE = {
  ON: 0x0001_0000,
  OFF: 0x0002_0000,
  CRITICAL: 0x0004_0000,
  BOOT: 0x0008_0000,
  IDLE: 0x0010_0000,
  SUSPEND: 0x0020_0000,
  UNATTENDED: 0x0040_0000,
  RESET: 0x0080_0000,
  USERIDLE: 0x0100_0000,
  BACKLIGHTON: 0x0200_0000,
  PASSWORD: 0x1000_0000,
} as const;
const LEAVES_ON = POWER_STATE.OFF | POWER_STATE.CRITICAL | POWER_STATE.BOOT | POWER_STATE.SUSPEND | POWER_STATE.RESET;
const NOTIFICATION_EVENT_LAST = 13;

function stop(cx: ApiContext, api: string, what: string): typeof BLOCKED {
  cx.machine.abort('unimplemented', EXIT_CODES.unimplemented, `COREDLL.dll!${api}: ${what} is not implemented (the emulated device stays on)`);
  return cx.block(() => {});
}

function setSystemPowerState(cx: ApiContext, namePtr: number, flags: number): Returns<'u32'> {
  if (!namePtr && !flags) return ERROR.INVALID_PARAMETER;
  let name = '';
  if (namePtr) {
    name = cx.mem.wstr(namePtr, 260);
    const key = registryOf(cx.machine).byFullPath(`HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\Power\\State\\${name}`, false);
    if (!name || !key) return ERROR.FILE_NOT_FOUND;
    const v = key.value('Flags');
    flags = v && v.type === REG.DWORD && v.data.length >= 4 ? v.data.readUInt32LE(0) : 0;
  }
  if ((flags & LEAVES_ON) === 0) return ERROR.SUCCESS;
  const names = Object.entries(POWER_STATE)
    .filter(([, bit]) => flags & bit & LEAVES_ON)
    .map(([n]) => `POWER_STATE_${n}`);
  return stop(cx, 'SetSystemPowerState', `entering the system power state ${name ? JSON.stringify(name) + ' ' : ''}(${names.join(' | ')})`);
}

export const syspower: ApiDef[] = [
  fn('SetSystemPowerState(wstr pwsSystemState, hex StateFlags, hex Options): u32', (cx, name: number, flags: number) => setSystemPowerState(cx, name, flags)),
  fn('PowerOffSystem(): void', (cx) => stop(cx, 'PowerOffSystem', 'suspending the device')),
  fn('FileSystemPowerFunction(hex dwFlags): bool', (cx, flags: number) => (flags >>> 0 <= 2 ? 1 : cx.fail(0, ERROR.INVALID_PARAMETER))),
  fn('CeEventHasOccurred(i32 lWhichEvent, ptr pwszEndOfCommandLine): bool', (cx, ev: number) => {
    if (ev < 1 || ev > NOTIFICATION_EVENT_LAST) return cx.fail(0, ERROR.INVALID_PARAMETER);
    raiseNotificationEvent(cx, ev);
    return 1;
  }),
];
