/**
 * coredll kernel objects and waits: events (CE's SetEvent/ResetEvent/PulseEvent are EventModify),
 * mutexes, semaphores, CloseHandle, WaitForSingleObject, WaitForMultipleObjects.
 */
import { waitableOf } from '../../core/kernel/wait.js';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { CURRENT_PROCESS_PSEUDO, CURRENT_THREAD_PSEUDO, type KernelObject } from '../../core/kernel/handles.js';
import { EventObject, MutexObject, SemaphoreObject, type Waitable } from '../../core/kernel/waitable.js';
import { waitAny, WAIT_FAILED } from '../../core/kernel/wait.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';
import type { Machine } from '../../core/machine.js';
import { closeDeviceFile, deviceFileOf } from './devfile.js';
import { registryOf } from './registry.js';

const EVENT_PULSE = 1;
const EVENT_RESET = 2;
const EVENT_SET = 3;
const MAXIMUM_WAIT_OBJECTS = 64;

/**
 * Ready events (CE "Ready-Event Registration" / "Ready-Event Process"): at boot filesys creates a
 * manual-reset, non-signalled event for each value name under HKLM\\System\\Events and holds it open for
 * the life of the OS; the module that owns one opens and sets it when its API is ready, and a client
 * whose OpenEvent fails knows the API will never be there. Here each process's name table starts with
 * the ready events of the servers wmemu stands in for, ready from boot (coredll/apisets.ts), created set
 * when the device registry lists them: GWES (SYSTEM/GweApiSetReady), the shell's API set
 * (SYSTEM/ShellAPIReady: a guest explorer.exe opens and sets it again), the device manager
 * (SYSTEM/DevMgrApiSetReady), the file system (SYSTEM/FSReady) and the system registry
 * (SYSTEM/BootPhase2). The events of modules wmemu does not have (DCOM's, the power manager's, ...) are
 * not created: their clients learn, as on an OS design without those modules, that they never come
 * (an event no one would ever set would leave them waiting for ever). Named objects are per process in
 * wmemu, so each process has its own copy.
 */
const READY_AT_BOOT: ReadonlySet<string> = new Set([
  'SYSTEM/GweApiSetReady',
  'SYSTEM/ShellAPIReady',
  'SYSTEM/DevMgrApiSetReady',
  'SYSTEM/FSReady',
  'SYSTEM/BootPhase2',
]);

/** Named kernel objects of the process (CE shares names across processes; one process here), with the ready events. */
const namesSlot = defineSlot('named-objects', (m) => {
  const map = new Map<string, number>();
  const key = registryOf(m).byFullPath('HKEY_LOCAL_MACHINE\\System\\Events', false);
  for (const v of key?.values.values() ?? []) {
    if (!READY_AT_BOOT.has(v.name) || map.has(v.name)) continue;
    const h = m.handles.add(new EventObject(true, true, v.name));
    if (h) map.set(v.name, h);
  }
  return map;
});
function names(cx: ApiContext): Map<string, number> {
  return namesSlot.of(cx.machine);
}

/** The named kernel object `name` of machine m's process (CeRunAppAtEvent's named events). */
export function namedObject(m: Machine, name: string): KernelObject | undefined {
  const h = namesSlot.peek(m)?.get(name);
  return h === undefined ? undefined : m.handles.get(h);
}

/** Creates or opens a named object; returns its handle. */
function createNamed(cx: ApiContext, namePtr: number, type: string, make: (name?: string) => KernelObject): number {
  const name = namePtr ? cx.mem.wstr(namePtr, 260) : undefined;
  const table = cx.machine.handles;
  if (name !== undefined) {
    const existing = names(cx).get(name);
    const obj = existing !== undefined ? table.get(existing) : undefined;
    if (obj) {
      if (obj.type !== type) return cx.fail(0, 6 /* ERROR_INVALID_HANDLE */);
      table.ref(existing!);
      cx.setLastError(ERROR.ALREADY_EXISTS);
      return existing!;
    }
  }
  const obj = make(name);
  const h = table.add(obj);
  if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  if (name !== undefined) {
    names(cx).set(name, h);
    const destroy = obj.destroy;
    (obj as { destroy?: () => void }).destroy = () => {
      names(cx).delete(name);
      destroy?.call(obj);
    };
  }
  cx.setLastError(0);
  return h;
}

export { waitableOf };

export const objects: ApiDef[] = [
  fn(
    'CreateEventW(ptr lpEventAttributes, bool bManualReset, bool bInitialState, wstr lpName): handle',
    (cx, _a: number, manual: number, init: number, name: number) => createNamed(cx, name, 'event', (n) => new EventObject(manual !== 0, init !== 0, n)),
  ),
  fn('OpenEventW(hex dwDesiredAccess, bool bInheritHandle, wstr lpName): handle', (cx, _a: number, _i: number, name: number) => {
    const h = names(cx).get(cx.mem.wstr(name, 260));
    if (h === undefined || cx.machine.handles.get(h)?.type !== 'event') return cx.fail(0, ERROR.FILE_NOT_FOUND);
    cx.machine.handles.ref(h);
    return h;
  }),
  fn('EventModify(handle hEvent, u32 func): bool', (cx, h: number, func: number) => {
    const e = cx.machine.handles.get<EventObject>(h, 'event');
    if (!e) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (func === EVENT_SET) e.set();
    else if (func === EVENT_RESET) e.reset();
    else if (func === EVENT_PULSE) e.pulse();
    else return cx.fail(0, ERROR.INVALID_PARAMETER);
    return 1;
  }),
  fn('CreateMutexW(ptr lpMutexAttributes, bool bInitialOwner, wstr lpName): handle', (cx, _a: number, own: number, name: number) => {
    const h = createNamed(cx, name, 'mutex', (n) => new MutexObject(n));
    const m = cx.machine.handles.get<MutexObject>(h, 'mutex');
    if (m && own && cx.lastError !== ERROR.ALREADY_EXISTS) m.consume(cx.thread.id);
    return h;
  }),
  fn('ReleaseMutex(handle hMutex): bool', (cx, h: number) => {
    const m = cx.machine.handles.get<MutexObject>(h, 'mutex');
    if (!m) return cx.fail(0, ERROR.INVALID_HANDLE);
    return m.release(cx.thread.id) ? 1 : cx.fail(0, 288 /* ERROR_NOT_OWNER */);
  }),
  fn('CreateSemaphoreW(ptr lpsa, i32 lInitialCount, i32 lMaximumCount, wstr lpName): handle', (cx, _a: number, init: number, max: number, name: number) => {
    if (max <= 0 || init < 0 || init > max) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return createNamed(cx, name, 'semaphore', (n) => new SemaphoreObject(init, max, n));
  }),
  fn('ReleaseSemaphore(handle hSemaphore, i32 lReleaseCount, ptr lpPreviousCount): bool', (cx, h: number, n: number, prevOut: number) => {
    const s = cx.machine.handles.get<SemaphoreObject>(h, 'semaphore');
    if (!s) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (prevOut) cx.mem.check(prevOut, 4, 'write');
    const prev = s.release(n);
    if (prev === undefined) return cx.fail(0, 298 /* ERROR_TOO_MANY_POSTS */);
    if (prevOut) cx.mem.setU32(prevOut, prev);
    return 1;
  }),
  fn('CloseHandle(handle hObject): bool', (cx, h: number) => {
    if (h === CURRENT_PROCESS_PSEUDO || h === CURRENT_THREAD_PSEUDO) return 1;
    const dev = deviceFileOf(cx, h);
    if (dev) return closeDeviceFile(cx, h, dev); // a stream driver's XXX_Close runs (devfile.ts)
    return cx.machine.handles.close(h) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE);
  }),
  fn(
    'WaitForSingleObject(handle hHandle, u32 dwMilliseconds): u32',
    { blocking: true, failure: 0xffff_ffff /* WAIT_FAILED */ },
    (cx, h: number, ms: number) => {
      const o = waitableOf(cx, h);
      if (!o) return cx.fail(WAIT_FAILED, ERROR.INVALID_HANDLE);
      return waitAny(cx, [o], ms, `WaitForSingleObject(0x${h.toString(16)}, ${ms === 0xffffffff ? 'INFINITE' : ms})`);
    },
  ),
  fn(
    'WaitForMultipleObjects(u32 nCount, ptr lpHandles, bool fWaitAll, u32 dwMilliseconds): u32',
    { blocking: true },
    (cx, n: number, arr: number, all: number, ms: number) => {
      // Windows CE does not support fWaitAll = TRUE.
      if (all || n === 0 || n > MAXIMUM_WAIT_OBJECTS) return cx.fail(WAIT_FAILED, ERROR.INVALID_PARAMETER);
      const objs: Waitable[] = [];
      for (let i = 0; i < n; i++) {
        const o = waitableOf(cx, cx.mem.u32(arr + 4 * i));
        if (!o) return cx.fail(WAIT_FAILED, ERROR.INVALID_HANDLE);
        objs.push(o);
      }
      return waitAny(cx, objs, ms, `WaitForMultipleObjects(${n} handles)`);
    },
  ),
];
