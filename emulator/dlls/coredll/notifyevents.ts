/**
 * coredll CeRunAppAtEvent (CE docs; notify.h): "run this application when this system event
 * occurs", the event half of the user-notification database.
 *
 *  - CeRunAppAtEvent(pwszAppName, lWhichEvent): registers the application for the event;
 *    NOTIFICATION_EVENT_NONE (0) removes every registration of that application (TRUE even when it
 *    had none). Events: TIME_CHANGE 1, SYNC_END 2, ON_AC_POWER 3, OFF_AC_POWER 4, NET_CONNECT 5,
 *    NET_DISCONNECT 6, DEVICE_CHANGE 7, IR_DISCOVERED 8, RS232_DETECTED 9, RESTORE_END 10, WAKEUP 11,
 *    TZ_CHANGE 12, MACHINE_NAME_CHANGE 13 (NOTIFICATION_EVENT_LAST of CE 6); another, or a NULL or
 *    empty name: FALSE, ERROR_INVALID_PARAMETER. Names compare case-insensitively; registering twice
 *    keeps one registration. The database belongs to the run.
 *  - The "application" may instead name an event: "\\.\Notifications\NamedEvents\<name>" (the
 *    notification engine's named-event prefix; explorer's DST code registers its time and time-zone
 *    events this way): at the event, the named event <name> of the process that registered it is
 *    set (if it still exists) instead of a program being started.
 *  - The run raises TIME_CHANGE when a program sets the clock (SetSystemTime, SetLocalTime) and
 *    TZ_CHANGE when it sets the time zone (SetTimeZoneInformation) (CE's coredll does the same after
 *    those calls: CeEventHasOccurred). A registered program is started for TIME_CHANGE with the
 *    command line APP_RUN_AFTER_TIME_CHANGE ("AppRunAfterTimeChange"); for TZ_CHANGE notify.h gives
 *    no command line, so starting a program for it stops the run naming the case. The other events
 *    (power, sync, network, devices, wake-up) never happen in a run: their registrations are kept
 *    and never fire, as on a device where they do not occur.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { Machine } from '../../core/machine.js';
import { EventObject } from '../../core/kernel/waitable.js';
import { ERROR } from '../../core/win32-errors.js';
import { namedObject } from './objects.js';
import { spawnProcess } from './processes.js';

export const NOTIFICATION_EVENT_TIME_CHANGE = 1;
export const NOTIFICATION_EVENT_TZ_CHANGE = 12;
const NOTIFICATION_EVENT_LAST = 13;
const NAMED_EVENT_PREFIX = '\\\\.\\NOTIFICATIONS\\NAMEDEVENTS\\';
const APP_RUN_AFTER_TIME_CHANGE = 'AppRunAfterTimeChange';
const MAX_PATH = 260;

interface Registration {
  app: string;
  event: number;
  machine: Machine;
}
function database(cx: ApiContext): Registration[] {
  const rs = cx.machine.runState;
  let d = rs.get('run-app-at-event') as Registration[] | undefined;
  if (!d) rs.set('run-app-at-event', (d = []));
  return d;
}

/** Runs what is registered for `event` (called by the functions that cause it). */
export function raiseNotificationEvent(cx: ApiContext, event: number): void {
  for (const r of database(cx).filter((x) => x.event === event)) {
    if (r.app.toUpperCase().startsWith(NAMED_EVENT_PREFIX)) {
      const ev = namedObject(r.machine, r.app.slice(NAMED_EVENT_PREFIX.length));
      if (ev instanceof EventObject) ev.set();
      continue;
    }
    if (event !== NOTIFICATION_EVENT_TIME_CHANGE)
      throw new UnimplementedFeature(`starting "${r.app}" for notification event ${event} (no command line is defined for it)`);
    const started = spawnProcess(cx, r.app, APP_RUN_AFTER_TIME_CHANGE, 0);
    if (started) {
      cx.machine.handles.close(started.hProcess);
      cx.machine.handles.close(started.hThread);
    }
  }
}

export const notifyevents: ApiDef[] = [
  fn('CeRunAppAtEvent(wstr pwszAppName, i32 lWhichEvent): bool', (cx, p: number, event: number) => {
    const app = p ? cx.mem.wstr(p, MAX_PATH + 1) : '';
    if (!app || app.length > MAX_PATH || event < 0 || event > NOTIFICATION_EVENT_LAST) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const db = database(cx);
    const same = (r: Registration) => r.app.toUpperCase() === app.toUpperCase();
    if (event === 0) {
      for (let i = db.length - 1; i >= 0; i--) if (same(db[i]!)) db.splice(i, 1);
      return 1;
    }
    if (!db.some((r) => same(r) && r.event === event)) db.push({ app, event, machine: cx.machine });
    return 1;
  }),
];
