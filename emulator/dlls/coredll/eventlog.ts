/**
 * coredll event logging (CE's winbase.h event log subset, the Win32 RegisterEventSource family):
 *
 *  - RegisterEventSourceW(lpUNCServerName, lpSourceName) -> an event-source handle. A device logs
 *    locally only: a server name (non-NULL, non-empty) is refused with NULL, ERROR_NOT_SUPPORTED;
 *    a NULL or empty source name is NULL, ERROR_INVALID_PARAMETER. Win32 docs: a source the
 *    registry does not list still logs (to the Application log), so any name is accepted.
 *  - ReportEventW(hEventLog, wType, wCategory, dwEventID, lpUserSid, wNumStrings, dwDataSize,
 *    lpStrings, lpRawData): appends the event to the run's event log (kept for the run, shared by its
 *    processes, as a device's log service is) and writes one line to the debug channel (--debug-output):
 *    `EventLog: <source> <type> <category>/<id>: <strings joined with " | ">`. wType must be one of
 *    EVENTLOG_SUCCESS (0), _ERROR_TYPE (1), _WARNING_TYPE (2), _INFORMATION_TYPE (4),
 *    _AUDIT_SUCCESS (8), _AUDIT_FAILURE (16); another type, strings announced with a NULL lpStrings or
 *    a NULL string in it, or raw data announced with a NULL lpRawData: FALSE, ERROR_INVALID_PARAMETER
 *    (Win32 ReportEvent's documented parameter errors); a handle that is not an event source: FALSE,
 *    ERROR_INVALID_HANDLE.
 *  - DeregisterEventSource(h): closes the handle; a handle that is not an event source: FALSE,
 *    ERROR_INVALID_HANDLE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';

class EventSource {
  readonly type = 'eventsource';
  constructor(readonly name: string) {}
}

export interface LoggedEvent {
  source: string;
  type: number;
  category: number;
  id: number;
  strings: string[];
  data: Buffer;
}

const TYPES = new Map<number, string>([
  [0, 'success'],
  [1, 'error'],
  [2, 'warning'],
  [4, 'information'],
  [8, 'audit-success'],
  [16, 'audit-failure'],
]);

/** The run's event log (runState is shared by the processes of a run). */
export function eventLog(cx: ApiContext): LoggedEvent[] {
  const rs = cx.machine.runState;
  let log = rs.get('event-log') as LoggedEvent[] | undefined;
  if (!log) rs.set('event-log', (log = []));
  return log;
}

export const eventlog: ApiDef[] = [
  fn('RegisterEventSourceW(ptr lpUNCServerName, ptr lpSourceName): handle', (cx, server: number, source: number) => {
    if (server && cx.mem.wstr(server, 260) !== '') return cx.fail(0, ERROR.NOT_SUPPORTED);
    const name = source ? cx.mem.wstr(source, 260) : '';
    if (!name) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return cx.machine.handles.add(new EventSource(name)) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn(
    'ReportEventW(handle hEventLog, u32 wType, u32 wCategory, hex dwEventID, ptr lpUserSid, u32 wNumStrings, u32 dwDataSize, ptr lpStrings, ptr lpRawData): bool',
    (cx, h: number, type: number, category: number, id: number, _sid: number, nStrings: number, dataSize: number, strings: number, raw: number) => {
      const src = cx.machine.handles.get<EventSource>(h, 'eventsource');
      if (!src) return cx.fail(0, ERROR.INVALID_HANDLE);
      type &= 0xffff;
      nStrings &= 0xffff;
      if (!TYPES.has(type) || (nStrings && !strings) || (dataSize && !raw)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const texts: string[] = [];
      for (let i = 0; i < nStrings; i++) {
        const p = cx.mem.u32(strings + 4 * i);
        if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
        texts.push(cx.mem.wstr(p, 32 * 1024));
      }
      const data = dataSize ? Buffer.from(cx.mem.bytes(raw, dataSize)) : Buffer.alloc(0);
      eventLog(cx).push({ source: src.name, type, category: category & 0xffff, id: id >>> 0, strings: texts, data });
      cx.machine.debugOutput(`EventLog: ${src.name} ${TYPES.get(type)} ${category & 0xffff}/${id >>> 0}: ${texts.join(' | ')}`);
      return 1;
    },
  ),
  fn('DeregisterEventSource(handle hEventLog): bool', (cx, h: number) => {
    if (!cx.machine.handles.get(h, 'eventsource')) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),
];
