/**
 * The machine's clock: what GetTickCount, GetSystemTime/GetLocalTime, QueryPerformanceCounter read,
 * and the timers behind Sleep and wait time-outs.
 *
 * Two modes:
 *
 * - **real** (default): elapsed time is the host's monotonic clock since the machine was created,
 *   the wall clock is the host's, timers are Node timers.
 * - **deterministic** (`--deterministic`): time is virtual. It starts at a fixed instant
 *   (2025-01-01T12:00:00Z by default: a plausible "now", not a date old software would reject as
 *   being in the past; set `start`/`clockStart` for anything else) and only moves when the
 *   scheduler says so: every time slice of guest code (a fixed number of instructions, see
 *   `DETERMINISTIC_SLICE`) advances it by a fixed amount, and when every guest thread is waiting it
 *   jumps to the next timer that is due. Timers fire in due-time order (ties: creation order). Two
 *   runs of the same program with the same inputs then see the same clock readings and the same
 *   thread interleaving, so they produce the same trace.
 */

/**
 * A deterministic time slice: this many translated-block entries (native slicer) or, without the
 * native helper, this many instructions; and the virtual time one slice takes.
 */
export const DETERMINISTIC_SLICE = { blocks: 40_000, instructions: 200_000, micros: 1_000 } as const;

/** The default virtual start instant of deterministic runs: 2025-01-01T12:00:00Z. */
export const DEFAULT_DETERMINISTIC_START = Date.UTC(2025, 0, 1, 12, 0, 0);

export interface ClockOptions {
  /** Virtual time (see above). */
  deterministic?: boolean;
  /** Wall-clock start instant of a deterministic run (ISO string, epoch ms or Date). */
  start?: string | number | Date;
  /**
   * Offset of the device's local time from UTC in minutes (GetLocalTime). Default: the host's
   * offset in real mode, 0 (UTC) in deterministic mode.
   */
  utcOffsetMinutes?: number;
}

interface VirtualTimer {
  due: number; // virtual microseconds
  seq: number;
  cb: () => void;
}

export class Clock {
  readonly deterministic: boolean;
  private readonly realStart = performance.now();
  private readonly wallStart: number;
  /** Virtual microseconds since the machine started (deterministic mode). */
  private virtualMicros = 0;
  private readonly timers: VirtualTimer[] = [];
  private seq = 0;

  constructor(private readonly options: ClockOptions = {}) {
    this.deterministic = options.deterministic ?? false;
    const s = options.start;
    const startMs = s === undefined ? undefined : s instanceof Date ? s.getTime() : typeof s === 'number' ? s : Date.parse(s);
    if (startMs !== undefined && !Number.isFinite(startMs)) throw new Error(`invalid clock start '${String(s)}'`);
    this.wallStart = startMs ?? (this.deterministic ? DEFAULT_DETERMINISTIC_START : Date.now());
  }

  /** Milliseconds since the machine started (fractional). */
  elapsedMs(): number {
    return this.deterministic ? this.virtualMicros / 1000 : performance.now() - this.realStart;
  }

  /** Microseconds since the machine started (QueryPerformanceCounter at 1 MHz). */
  elapsedMicros(): number {
    return this.deterministic ? this.virtualMicros : Math.floor((performance.now() - this.realStart) * 1000);
  }

  /** GetTickCount: whole milliseconds since start, wrapping at 2^32 like the device. */
  tickCount(): number {
    return Math.floor(this.elapsedMs()) >>> 0;
  }

  /** How far SetSystemTime/SetLocalTime moved the device's wall clock (ms); tick counts are not affected. */
  private shiftMs = 0;

  /** The device's current UTC instant (epoch milliseconds). */
  nowUtcMs(): number {
    if (this.deterministic) return this.wallStart + this.shiftMs + Math.floor(this.virtualMicros / 1000);
    return this.shiftMs + (this.options.start !== undefined ? this.wallStart + (performance.now() - this.realStart) : Date.now());
  }

  /** The device's current UTC instant in microseconds since 1970 (capture timestamps). */
  nowUtcMicros(): number {
    if (this.deterministic) return (this.wallStart + this.shiftMs) * 1000 + this.virtualMicros;
    if (this.options.start !== undefined) return Math.floor((this.wallStart + this.shiftMs + (performance.now() - this.realStart)) * 1000);
    return Math.floor((performance.timeOrigin + performance.now() + this.shiftMs) * 1000);
  }

  /** Sets the device's wall clock (SetSystemTime) for the rest of the run; the host clock is untouched. */
  setNowUtcMs(ms: number): void {
    this.shiftMs += ms - this.nowUtcMs();
  }

  /** Offset of local time from UTC in minutes at instant `utcMs`. */
  utcOffsetMinutes(utcMs: number): number {
    if (this.options.utcOffsetMinutes !== undefined) return this.options.utcOffsetMinutes;
    return this.deterministic ? 0 : -new Date(utcMs).getTimezoneOffset();
  }

  /** Calls `cb` after `ms` milliseconds of device time; returns a cancel function. */
  setTimer(ms: number, cb: () => void): () => void {
    if (!this.deterministic) return hostTimer(ms, cb);
    const timer: VirtualTimer = { due: this.virtualMicros + Math.max(0, ms) * 1000, seq: this.seq++, cb };
    // Keep the list sorted by (due, seq): insertion after every timer due no later.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.due > timer.due) i--;
    this.timers.splice(i, 0, timer);
    return () => {
      const j = this.timers.indexOf(timer);
      if (j >= 0) this.timers.splice(j, 1);
    };
  }

  /** Deterministic mode: time moves forward by `micros`; timers that become due fire, in order. */
  advance(micros: number): void {
    this.virtualMicros += micros;
    this.fireDue();
  }

  /** Deterministic mode: true when a timer is pending. */
  get hasTimers(): boolean {
    return this.timers.length > 0;
  }

  /** Deterministic mode, nothing runnable: jumps to the earliest pending timer and fires it (and its ties). */
  skipToNextTimer(): boolean {
    const t = this.timers[0];
    if (!t) return false;
    if (t.due > this.virtualMicros) this.virtualMicros = t.due;
    this.fireDue();
    return true;
  }

  private fireDue(): void {
    while (this.timers.length > 0 && this.timers[0]!.due <= this.virtualMicros) {
      this.timers.shift()!.cb();
    }
  }
}

/**
 * A small seeded pseudo-random generator (mulberry32) for anything random the emulator hands out.
 * Deterministic runs seed it with a fixed value; real runs with the host's randomness.
 */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** Next 32-bit unsigned value. */
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/** Node's timers hold at most 2^31-1 ms (24.8 days); a longer delay fires after 1 ms with a warning. */
const MAX_HOST_TIMER_MS = 0x7fff_ffff;

/**
 * A host timer of any length (a guest's time-out is a DWORD of milliseconds, up to 49.7 days: select() and
 * SO_RCVTIMEO take such values): chained timers of at most 2^31-1 ms. Returns a cancel function.
 */
export function hostTimer(ms: number, cb: () => void): () => void {
  let t: NodeJS.Timeout;
  const arm = (left: number) => {
    t = left > MAX_HOST_TIMER_MS ? setTimeout(() => arm(left - MAX_HOST_TIMER_MS), MAX_HOST_TIMER_MS) : setTimeout(cb, Math.max(0, left));
  };
  arm(ms);
  return () => clearTimeout(t);
}
