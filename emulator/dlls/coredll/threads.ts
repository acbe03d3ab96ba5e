/**
 * coredll threads: CreateThread, exit codes, priorities (accepted, not modelled), suspend/resume.
 * On CE a thread's ID is its handle value (GetCurrentThreadId reads it from KData).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { CURRENT_THREAD_PSEUDO } from '../../core/kernel/handles.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import type { Machine } from '../../core/machine.js';
import { ERROR } from '../../core/win32-errors.js';
import { threadStartEntry } from '../../core/loader/libraries.js';

const CREATE_SUSPENDED = 0x4;
const THREAD_PRIORITY_NORMAL = 0;
const CE_PRIORITY_NORMAL = 251;

function threadOf(cx: ApiContext, h: number): GuestThread | undefined {
  return h === CURRENT_THREAD_PSEUDO ? cx.thread : cx.machine.handles.get<GuestThread>(h, 'thread');
}

/**
 * What SuspendThread/ResumeThread act on: a thread of this process, or the primary thread of a child
 * process (pi.hThread of CreateProcessW, see processes.ts), with the scheduler that owns it.
 */
function threadRef(cx: ApiContext, h: number): { t: GuestThread; m: Machine } | undefined {
  const own = threadOf(cx, h);
  if (own) return { t: own, m: cx.machine };
  const child = cx.machine.handles.get<KernelObject & { process: { machine: Machine } }>(h, 'child-thread');
  const t = child?.process.machine.mainThread;
  return child && t ? { t, m: child.process.machine } : undefined;
}

/** Threads parked in SuspendThread(themselves): ResumeThread bringing the count to 0 wakes them. */
const selfSuspended = new WeakMap<GuestThread, () => void>();

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
    // A child's primary thread (pi.hThread): its exit code is the process's.
    const child = cx.machine.handles.get<KernelObject & { process: { exitCode: number } }>(h, 'child-thread');
    const t = threadOf(cx, h);
    if (!t && !child) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.setU32(out, child ? child.process.exitCode : t!.state === 'exited' ? t!.exitCode : 0x103);
    return 1;
  }),
  fn('SetThreadPriority(handle hThread, i32 nPriority): bool', (cx, h: number) => (threadOf(cx, h) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE))),
  fn('GetThreadPriority(handle hThread): i32', (cx, h: number) => (threadOf(cx, h) ? THREAD_PRIORITY_NORMAL : cx.fail(0x7fffffff, ERROR.INVALID_HANDLE))),
  fn('CeSetThreadPriority(handle hThread, i32 nPriority): bool', (cx, h: number) => (threadOf(cx, h) ? 1 : cx.fail(0, ERROR.INVALID_HANDLE))),
  fn('CeGetThreadPriority(handle hThread): i32', (cx, h: number) => (threadOf(cx, h) ? CE_PRIORITY_NORMAL : cx.fail(0x7fffffff, ERROR.INVALID_HANDLE))),
  // Both return the previous suspend count. A thread suspended while parked in a wait finishes the
  // wait but runs only once resumed (Scheduler.makeReady honours suspendCount).
  fn('ResumeThread(handle hThread): u32', (cx, h: number) => {
    const r = threadRef(cx, h);
    if (!r) return cx.fail(0xffffffff, ERROR.INVALID_HANDLE);
    const t = r.t;
    const prev = t.suspendCount;
    if (prev > 0 && --t.suspendCount === 0) {
      const wake = selfSuspended.get(t);
      selfSuspended.delete(t);
      if (wake) wake();
      else if (t.state === 'blocked' && t.waitReason === 'suspended') r.m.scheduler.makeReady(t);
    }
    return prev;
  }),
  fn('SuspendThread(handle hThread): u32', (cx, h: number) => {
    const r = threadRef(cx, h);
    if (!r) return cx.fail(0xffffffff, ERROR.INVALID_HANDLE);
    const t = r.t;
    if (t.state === 'exited') return cx.fail(0xffffffff, ERROR.INVALID_HANDLE);
    const prev = t.suspendCount++;
    if (t === cx.thread) {
      // Suspending oneself: the thread parks until ResumeThread brings the count back to 0.
      return cx.block((done) => {
        t.waitReason = 'suspended (SuspendThread on itself)';
        selfSuspended.set(t, () => done(prev));
      });
    }
    if (t.state === 'ready') r.m.scheduler.suspend(t);
    return prev;
  }),
];
