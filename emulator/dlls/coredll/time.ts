/**
 * coredll time: GetTickCount, Sleep, system time, performance counter (conversions, local time and
 * time zones: timeconv.ts).
 */
import { fn, type ApiDef, type BLOCKED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

/**
 * Writes a SYSTEMTIME (8 WORDs) for the machine clock's current instant (kernel/clock.ts: the host's
 * clock, or the virtual clock of a deterministic run) in UTC. GetLocalTime is in timeconv.ts (it
 * follows the device's time zone).
 */
function writeSystemTime(cx: ApiContext, p: number): void {
  const d = new Date(cx.machine.clock.nowUtcMs());
  const f = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDay(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  ];
  cx.mem.check(p, 16, 'write');
  f.forEach((v, i) => cx.mem.setU16(p + 2 * i, v));
}

/** 100-ns intervals between 1601-01-01 (FILETIME epoch) and 1970-01-01. */
export const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

export function sleep(cx: ApiContext, ms: number): typeof BLOCKED {
  if (ms === 0) return cx.yield(0);
  cx.thread.waitReason = ms === 0xffffffff ? 'Sleep(INFINITE)' : `Sleep(${ms})`;
  return cx.block((done) => {
    if (ms === 0xffffffff) return () => {};
    return cx.machine.clock.setTimer(ms, () => done(0));
  });
}

export const time: ApiDef[] = [
  fn('GetTickCount(): u32', (cx) => cx.machine.clock.tickCount()),
  fn('Sleep(u32 dwMilliseconds): void', { blocking: true }, (cx, ms: number) => sleep(cx, ms)),
  fn('GetSystemTime(ptr lpSystemTime): void', (cx, p: number) => writeSystemTime(cx, p)),
  fn('QueryPerformanceFrequency(ptr lpFrequency): bool', (cx, p: number) => {
    cx.mem.setU64(p, 1_000_000n);
    return 1;
  }),
  fn('QueryPerformanceCounter(ptr lpPerformanceCount): bool', (cx, p: number) => {
    cx.mem.setU64(p, BigInt(cx.machine.clock.elapsedMicros()));
    return 1;
  }),
];
