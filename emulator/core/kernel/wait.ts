/**
 * The one wait primitive behind WaitForSingleObject, WaitForMultipleObjects, Winsock event waits and
 * anything else that waits on kernel objects: check, else park the thread until an object signals
 * or the time-out expires.
 */
import type { ApiContext } from '../api/context.js';
import type { BLOCKED } from '../api/declare.js';
import type { Waitable } from './waitable.js';
import { CURRENT_THREAD_PSEUDO } from './handles.js';

export const WAIT_OBJECT_0 = 0;
export const WAIT_TIMEOUT = 0x102;
export const WAIT_FAILED = 0xffff_ffff;
export const INFINITE = 0xffff_ffff;

/** Waits until any of `objs` is signaled: returns (or resumes with) WAIT_OBJECT_0 + index, or WAIT_TIMEOUT. */
export function waitAny(cx: ApiContext, objs: Waitable[], ms: number, reason: string): number | typeof BLOCKED {
  const tid = cx.thread.id;
  const ready = () => {
    for (let i = 0; i < objs.length; i++) {
      if (objs[i]!.isSignaled(tid)) {
        objs[i]!.consume(tid);
        return i;
      }
    }
    return -1;
  };
  const now = ready();
  if (now >= 0) return WAIT_OBJECT_0 + now;
  if (ms === 0) return WAIT_TIMEOUT;
  cx.thread.waitReason = reason;
  return cx.block((done) => {
    const unregs: (() => void)[] = [];
    let timer: (() => void) | undefined;
    const finish = (r: number) => {
      for (const u of unregs) u();
      timer?.();
      done(r);
    };
    for (const o of objs) {
      unregs.push(
        o.onSignal(() => {
          const i = ready();
          if (i >= 0) finish(WAIT_OBJECT_0 + i);
        }),
      );
    }
    if (ms !== INFINITE) timer = cx.machine.clock.setTimer(ms, () => finish(WAIT_TIMEOUT));
    return () => {
      for (const u of unregs) u();
      timer?.();
    };
  });
}

/** The waitable object behind a guest handle (events, threads, processes, ...; the current-thread pseudo handle too). */
export function waitableOf(cx: ApiContext, h: number): Waitable | undefined {
  if (h === CURRENT_THREAD_PSEUDO) return cx.thread;
  const o = cx.machine.handles.get(h);
  return o && 'isSignaled' in o ? (o as unknown as Waitable) : undefined;
}
