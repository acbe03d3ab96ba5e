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
import { runNamespace } from './namespace.js';

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
 * (an event no one would ever set would leave them waiting for ever). Named objects are the run's
 * (one namespace for every process of the run), so the ready events exist once.
 */
const READY_AT_BOOT: ReadonlySet<string> = new Set([
  'SYSTEM/GweApiSetReady',
  'SYSTEM/ShellAPIReady',
  'SYSTEM/DevMgrApiSetReady',
  'SYSTEM/FSReady',
  'SYSTEM/BootPhase2',
]);

/**
 * A named event, mutex or semaphore in the run's namespace (namespace.ts: CE has one object namespace
 * for the device, so a child process opens its parent's named event), with the number of handle-table
 * entries of the run's processes that refer to it: the name goes when the last of them is closed. The
 * three kinds share the key space (`sync:<name>`): a name in use by another kind fails as on CE.
 */
interface NamedSync {
  readonly obj: KernelObject;
  holders: number;
}

/** The run's named sync object `name`; the ready events of the servers wmemu stands in for exist from boot. */
function namedSync(m: Machine, name: string): NamedSync | undefined {
  const ns = runNamespace(m);
  if (!ns.has('sync-ready-events')) {
    ns.set('sync-ready-events', true);
    const key = registryOf(m).byFullPath('HKEY_LOCAL_MACHINE\\System\\Events', false);
    for (const v of key?.values.values() ?? []) {
      // Held by the system for the life of the run (holders never reaches 0).
      if (READY_AT_BOOT.has(v.name) && !ns.has(`sync:${v.name}`)) ns.set(`sync:${v.name}`, { obj: new EventObject(true, true, v.name), holders: 1 });
    }
  }
  return ns.get(`sync:${name}`) as NamedSync | undefined;
}

/** This process's handle to each named object it opened (repeated opens in one process share the handle). */
const localNames = defineSlot('named-object-handles', () => new Map<string, number>());

/** The named kernel object `name` of the run (CeRunAppAtEvent's named events). */
export function namedObject(m: Machine, name: string): KernelObject | undefined {
  return namedSync(m, name)?.obj;
}

/** A handle of this process to the named object `e` (an existing one gets a reference); 0 at the handle limit. */
function handleTo(cx: ApiContext, name: string, e: NamedSync): number {
  const table = cx.machine.handles;
  const local = localNames.of(cx.machine);
  const h = local.get(name);
  if (h !== undefined && table.get(h) === e.obj) {
    table.ref(h);
    return h;
  }
  const added = table.add(e.obj);
  if (!added) return 0;
  e.holders++;
  local.set(name, added);
  return added;
}

/** Creates or opens a named object; returns its handle. */
function createNamed(cx: ApiContext, namePtr: number, type: string, make: (name?: string) => KernelObject): number {
  const name = namePtr ? cx.mem.wstr(namePtr, 260) : undefined;
  if (name === undefined) {
    const h = cx.machine.handles.add(make());
    if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    cx.setLastError(0);
    return h;
  }
  const existing = namedSync(cx.machine, name);
  if (existing) {
    if (existing.obj.type !== type) return cx.fail(0, ERROR.INVALID_HANDLE);
    const h = handleTo(cx, name, existing);
    if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    cx.setLastError(ERROR.ALREADY_EXISTS);
    return h;
  }
  const obj = make(name);
  const e: NamedSync = { obj, holders: 0 };
  const h = handleTo(cx, name, e);
  if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  const ns = runNamespace(cx.machine);
  ns.set(`sync:${name}`, e);
  // Each process's table calls destroy when its last handle to the object closes.
  const destroy = obj.destroy;
  (obj as { destroy?: () => void }).destroy = () => {
    if (--e.holders > 0) return;
    if (ns.get(`sync:${name}`) === e) ns.delete(`sync:${name}`);
    destroy?.call(obj);
  };
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
    const n = cx.mem.wstr(name, 260);
    const e = namedSync(cx.machine, n);
    if (!e || e.obj.type !== 'event') return cx.fail(0, ERROR.FILE_NOT_FOUND);
    return handleTo(cx, n, e) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
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
