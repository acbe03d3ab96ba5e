/**
 * coredll time: GetTickCount, Sleep, system/local time, performance counter.
 */
import { fn, type ApiDef, type BLOCKED } from '../../api/declare.js';
import type { ApiContext } from '../../api/context.js';

const start = performance.now();

/** Milliseconds since the machine started (wraps at 2^32 like the device). */
export function tickCount(): number {
  return Math.floor(performance.now() - start) >>> 0;
}

/** Writes a SYSTEMTIME (8 WORDs). */
function writeSystemTime(cx: ApiContext, p: number, d: Date, utc: boolean): void {
  const f = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDay(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDay(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  cx.mem.check(p, 16, 'write');
  f.forEach((v, i) => cx.mem.setU16(p + 2 * i, v));
}

export function sleep(cx: ApiContext, ms: number): typeof BLOCKED {
  if (ms === 0) return cx.yield(0);
  cx.thread.waitReason = ms === 0xffffffff ? 'Sleep(INFINITE)' : `Sleep(${ms})`;
  return cx.block((done) => {
    if (ms === 0xffffffff) return () => {};
    const t = setTimeout(() => done(0), ms);
    return () => clearTimeout(t);
  });
}

export const time: ApiDef[] = [
  fn('GetTickCount(): u32', () => tickCount()),
  fn('Sleep(u32 dwMilliseconds): void', { blocking: true }, (cx, ms: number) => sleep(cx, ms)),
  fn('GetSystemTime(ptr lpSystemTime): void', (cx, p: number) => writeSystemTime(cx, p, new Date(), true)),
  fn('GetLocalTime(ptr lpSystemTime): void', (cx, p: number) => writeSystemTime(cx, p, new Date(), false)),
  fn('QueryPerformanceFrequency(ptr lpFrequency): bool', (cx, p: number) => {
    cx.mem.setU64(p, 1_000_000n);
    return 1;
  }),
  fn('QueryPerformanceCounter(ptr lpPerformanceCount): bool', (cx, p: number) => {
    cx.mem.setU64(p, BigInt(Math.floor((performance.now() - start) * 1000)));
    return 1;
  }),
];
