/**
 * coredll threads: CreateThread, exit codes, priorities (accepted, not modelled), suspend/resume.
 * On CE a thread's ID is its handle value (GetCurrentThreadId reads it from KData).
 */
import { fn, type ApiDef } from '../../api/declare.js';
import type { ApiContext } from '../../api/context.js';
import { CURRENT_THREAD_PSEUDO } from '../../kernel/handles.js';
import type { GuestThread } from '../../kernel/thread.js';
import { ERROR } from './errors.js';
import { threadStartEntry } from '../../loader/libraries.js';

const CREATE_SUSPENDED = 0x4;
const THREAD_PRIORITY_NORMAL = 0;
const CE_PRIORITY_NORMAL = 251;

function threadOf(cx: ApiContext, h: number): GuestThread | undefined {
  return h === CURRENT_THREAD_PSEUDO ? cx.thread : cx.machine.handles.get<GuestThread>(h, 'thread');
}

export const threads: ApiDef[] = [
  fn(
    'CreateThread(ptr lpsa, u32 cbStack, ptr lpStartAddress, ptr lpParameter, flags:CREATE fdwCreate, ptr lpIDThread): handle',
    (cx, _sa: number, stack: number, start: number, param: number, flags: number, idOut: number) => {
      if (!start) return cx.fail(0, ERROR.INVALID_PARAMETER);
      if (idOut) cx.mem.check(idOut, 4, 'write');
      const entry = threadStartEntry(cx.machine, start); // DllMain(DLL_THREAD_ATTACH) first, if any
      const t = cx.machine.createThread(entry, [param], stack || cx.machine.main!.stackSize, false, (flags & CREATE_SUSPENDED) !== 0);
      if (t && entry !== start) t.startRoutine = start;
      if (!t) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      if (idOut) cx.mem.setU32(idOut, t.id);
      return t.id;
    },
  ),
  fn('GetExitCodeThread(handle hThread, ptr lpExitCode): bool', (cx, h: number, out: number) => {
    const t = threadOf(cx, h);
    if (!t) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.setU32(out, t.state === 'exited' ? t.exitCode : 0x103);
    return 1;
  }),
  fn('SetThreadPriority(handle hThread, i32 nPriority): bool', (cx, h: number) => (threadOf(cx, h) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE))),
  fn('GetThreadPriority(handle hThread): i32', (cx, h: number) => (threadOf(cx, h) ? THREAD_PRIORITY_NORMAL : cx.fail(0x7fffffff, ERROR.INVALID_HANDLE))),
  fn('CeSetThreadPriority(handle hThread, i32 nPriority): bool', (cx, h: number) => (threadOf(cx, h) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE))),
  fn('CeGetThreadPriority(handle hThread): i32', (cx, h: number) => (threadOf(cx, h) ? CE_PRIORITY_NORMAL : cx.fail(0x7fffffff, ERROR.INVALID_HANDLE))),
  fn('ResumeThread(handle hThread): u32', (cx, h: number) => {
    const t = threadOf(cx, h);
    if (!t) return cx.fail(0xffffffff, ERROR.INVALID_HANDLE);
    const prev = t.suspendCount;
    if (prev > 0 && --t.suspendCount === 0) cx.machine.scheduler.makeReady(t);
    return prev;
  }),
  fn('SuspendThread(handle hThread): u32', (cx, h: number) => {
    const t = threadOf(cx, h);
    if (!t) return cx.fail(0xffffffff, ERROR.INVALID_HANDLE);
    // Only threads that are not running or parked in a wait can be suspended here; CE code rarely
    // suspends anything but freshly created threads.
    if (t === cx.thread || t.state !== 'ready') return cx.fail(0xffffffff, ERROR.INVALID_PARAMETER);
    cx.machine.scheduler.suspend(t);
    return t.suspendCount++;
  }),
];
