/**
 * The scheduler owns every guest thread and every wait.
 *
 * One unicorn CPU runs one guest thread at a time. API calls that finish at once run inline in the
 * trap hook and never leave uc_emu_start. A call that must wait (a blocking socket call, Sleep, a
 * wait on an event) parks its thread: the hook asks unicorn to stop, the thread's registers stay in
 * its context, and the wait's completion (a Node callback: socket readiness, a timer, another guest
 * thread signalling an event) makes it runnable again with its result in R0. Runnable threads share
 * the CPU in time slices (ended exactly at block boundaries by a native hook: unicorn 2.0's own
 * timeout is unsafe, see emulator/native/slicer.c); between slices the Node event loop gets to run, so
 * host I/O and a test's own sockets in the same process keep moving even under a CPU-bound guest.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { BLOCKED } from '../api/declare.js';
import { ARM_REG } from '../unicorn/constants.js';
import { ALL_REGS, Slicer, bufferAddress, offHeap, type RegBatch, type Unicorn } from '../unicorn/unicorn.js';
import { TRAP_BASE, TRAP_SIZE } from '../api/dispatcher.js';

const UC_HOOK_BLOCK = 1 << 3;
import type { GuestThread } from './thread.js';
import { DETERMINISTIC_SLICE, type Clock } from './clock.js';

export interface SchedulerHost {
  /** Called before a thread runs: point the KData page at it. */
  activate(t: GuestThread): void;
  /** Hands a parked thread the result of its API call (R0 or the trap frame). */
  deliver(t: GuestThread, r0: number): void;
  /** t's slice ended (preempted or parked) / t is about to run: keep or put back its trap state. */
  sliceEnded(t: GuestThread): void;
  restoreFrame(t: GuestThread): void;
  /** uc_emu_start returned an error for thread t (fault, invalid instruction). */
  cpuError(t: GuestThread, code: number): void;
  /** True once the process has exited (stop scheduling). */
  readonly finished: boolean;
  /**
   * An idle point: no guest thread can run (before a deterministic clock jumps to its next timer, or
   * before the scheduler waits for host I/O). Listeners may make threads ready (input applied at idle
   * points: system/display.ts, the live view under --deterministic); the scheduler then runs them.
   * True: a host waiter was satisfied here; the scheduler gives the event loop a turn before it moves on
   * (time, a timer), so what the host does next (a test's tap) lands at this very idle point.
   */
  idlePoint?(): boolean;
}

/** Slice length without the native slicer: instruction-counted (exact, but unicorn runs slower). */
const FALLBACK_SLICE_INSTRUCTIONS = 2_000_000;
/** Give the Node event loop a turn at least this often (ms) while guest threads are runnable. */
const EVENT_LOOP_INTERVAL_MS = 5;

/**
 * A short synchronous wait for host I/O, tried by a scheduler with nothing to run before it hands
 * over to the Node event loop (issue 16). winsock-shim registers its poller's (host/poller.ts spin):
 * a blocking recv whose reply comes back within microseconds (a request/response protocol) then
 * resumes without the event loop's round trip through a worker thread. Returns true if it made a
 * wait complete.
 */
export type IdleSpin = (micros: number) => boolean;
let idleSpin: IdleSpin | undefined;
/** Registers the process-wide idle spin (the DLL layer provides it; core does not know sockets). */
export function setIdleSpin(f: IdleSpin | undefined): void {
  idleSpin = f;
}
/** How long one idle spin waits at most (µs): a loopback round trip through another process is ~20-80 µs. */
const SPIN_MICROS = 200;
/** Schedulers inside run(): a spin blocks the JS thread, so it is only tried when none has a thread ready. */
const running = new Set<Scheduler>();
/** Back-off after spins that found nothing (the peer is slow, or is JS in this very thread): skip 2^k - 1 idles. */
let spinMisses = 0;
let spinSkip = 0;

function trySpin(self: Scheduler): boolean {
  if (idleSpin === undefined) return false;
  if (spinSkip > 0) {
    spinSkip--;
    return false;
  }
  for (const s of running) if (s !== self && s.readyCount > 0) return false;
  if (idleSpin(SPIN_MICROS)) {
    spinMisses = 0;
    return true;
  }
  if (spinMisses < 6) spinMisses++;
  spinSkip = (1 << spinMisses) - 1;
  return false;
}

export class Scheduler {
  readonly threads = new Set<GuestThread>();
  private readonly ready: GuestThread[] = [];
  /** The thread whose registers are currently in the CPU. */
  private live: GuestThread | undefined;
  /** The thread inside uc_emu_start right now. */
  running: GuestThread | undefined;
  private wakeIdle: (() => void) | undefined;
  private readonly startRegs: RegBatch;
  private readonly initBatch: RegBatch;
  /** CPU state every thread starts from (VFP enabled etc.); set by the machine before the first run. */
  baseContext: unknown;

  constructor(
    private readonly uc: Unicorn,
    private readonly host: SchedulerHost,
    /** A deterministic clock switches to fixed-size slices and virtual time (clock.ts). */
    private readonly clock?: Clock,
  ) {
    this.startRegs = uc.batch([ARM_REG.PC, ARM_REG.CPSR]);
    this.initBatch = uc.batch([ARM_REG.CPSR, ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC]);
    this.slicer = Slicer.get();
    if (this.slicer) {
      // Slices end everywhere but in the import-trap code: never between a trap's handler and the
      // stub's result load (the dispatcher relies on it; see api/dispatcher.ts). One hook over the
      // whole address space with that page filtered in C: each further block hook would cost unicorn
      // ~40 ns per executed block (measured; see slicer.c).
      this.sliceSlot.writeUInt32LE(TRAP_BASE, 12);
      this.sliceSlot.writeUInt32LE(TRAP_SIZE, 16);
      uc.hookNative(UC_HOOK_BLOCK, this.slicer.hookAddress, bufferAddress(this.sliceSlot), 0, 0xffff_ffff);
    }
  }

  /** Native block hook that ends a slice exactly at a block boundary (null: count-based slices). */
  readonly slicer: Slicer | null;
  /** The slicer's per-machine slot: epoch at slice start, stop count, deterministic block budget, the
   * address range that never ends a slice (struct slot in slicer.c). */
  private readonly sliceSlot = offHeap(32);

  /** Number of threads waiting for the CPU. */
  get readyCount(): number {
    return this.ready.length;
  }

  get current(): GuestThread | undefined {
    return this.running;
  }

  /** Adds a new thread whose context is already prepared; it becomes runnable. */
  add(t: GuestThread): void {
    this.threads.add(t);
    t.state = 'blocked';
    this.makeReady(t);
  }

  makeReady(t: GuestThread): void {
    if (t.state === 'exited' || t.state === 'ready') return;
    if (t.suspendCount > 0) {
      t.state = 'blocked';
      t.waitReason = 'suspended';
      return;
    }
    t.state = 'ready';
    t.waitReason = '';
    this.ready.push(t);
    const w = this.wakeIdle;
    this.wakeIdle = undefined;
    w?.();
  }

  /**
   * Parks thread t (the one calling an API). `start` receives `done(r0, lastError?)`; it may call it
   * at once or later. It may return a cancel function, kept in t.cancelWait.
   */
  park(t: GuestThread, start: (done: (r0: number, lastError?: number) => void) => (() => void) | void): typeof BLOCKED {
    t.state = 'blocked';
    if (this.running === t) this.uc.emuStop();
    let settled = false;
    const done = (r0: number, lastError?: number) => {
      if (settled) return;
      settled = true;
      t.cancelWait = undefined;
      t.resume = r0 >>> 0;
      if (lastError !== undefined) t.lastError = lastError >>> 0;
      this.makeReady(t);
    };
    const cancel = start(done);
    if (!settled && cancel) t.cancelWait = cancel;
    return BLOCKED;
  }

  /** Takes a runnable (not running) thread off the ready queue; makeReady puts it back. */
  suspend(t: GuestThread): void {
    const i = this.ready.indexOf(t);
    if (i >= 0) this.ready.splice(i, 1);
    t.state = 'blocked';
    t.waitReason = 'suspended';
  }

  /** Marks t exited; if it is the running thread, stops the CPU. */
  exitThread(t: GuestThread, code: number): void {
    if (t.state === 'exited') return;
    t.exitCode = code >>> 0;
    if (this.clock) t.exitedUtcMicros = this.clock.nowUtcMicros();
    t.cancelWait?.();
    t.cancelWait = undefined;
    t.state = 'exited';
    const i = this.ready.indexOf(t);
    if (i >= 0) this.ready.splice(i, 1);
    if (this.running === t) this.uc.emuStop();
    for (const cb of [...t.exitWaiters]) cb();
  }

  /** Ends every thread but `keep` (a process exit running on `keep`). */
  exitOthers(keep: GuestThread, code: number): void {
    for (const t of this.threads) if (t !== keep) this.exitThread(t, code);
  }

  /**
   * Abandons whatever the (not running) thread t was doing - its wait, a pending result, API
   * continuations, suspension - and starts it afresh from `initRegs` (the fresh-start path of
   * runSlice: applied outside any hook).
   */
  restart(t: GuestThread, initRegs: number[]): void {
    t.cancelWait?.();
    t.cancelWait = undefined;
    t.resume = undefined;
    t.traceResume = undefined;
    t.hookResume = undefined;
    t.hookFrames.length = 0;
    t.savedFrame = undefined;
    t.callFrames.length = 0;
    t.suspendCount = 0;
    t.inBlockingCall = false;
    t.initRegs = initRegs;
    if (t.state === 'blocked') this.makeReady(t);
  }

  /**
   * A host-side virtual timer was added while the scheduler waits with nothing to run (a test's wait
   * bound under --deterministic: system/display.ts): look again, so the clock can jump to it.
   */
  nudge(): void {
    const w = this.wakeIdle;
    this.wakeIdle = undefined;
    w?.();
  }

  /** Stops the CPU at the next opportunity (process exit, fatal error). */
  stopAll(): void {
    if (this.running) this.uc.emuStop();
    this.debugRelease?.();
    const w = this.wakeIdle;
    this.wakeIdle = undefined;
    w?.();
  }

  /**
   * A debugger (the gdb stub, system/gdb/): asked before each slice; a promise halts the whole guest
   * until it settles (the thread goes back to the front of the queue first).
   */
  debugGate: ((t: GuestThread) => Promise<void> | undefined) | undefined;
  /** The next slice of this thread runs one instruction (a debugger's single step). */
  stepOnce: GuestThread | undefined;
  /** Called when the run ends (exit, abort): a debugger must release a halted guest. */
  debugRelease: (() => void) | undefined;
  /** Called after a single-step slice of stepOnce. */
  onStepped: ((t: GuestThread) => void) | undefined;
  /** True while no thread can run (waiting for host I/O or timers). */
  idle = false;

  /** Moves a ready thread to the front of the queue (a debugger resuming a chosen thread). */
  preferNext(t: GuestThread): boolean {
    const i = this.ready.indexOf(t);
    if (i < 0) return false;
    this.ready.splice(i, 1);
    this.ready.unshift(t);
    return true;
  }

  /**
   * Thread t's registers (R0-R15, then CPSR; R15 without the Thumb bit) without switching to it: the
   * CPU's for the thread whose context is on it, its start registers when it has not run yet, else
   * its saved context. Undefined for an exited thread.
   */
  registersOf(t: GuestThread): number[] | undefined {
    if (t.state === 'exited') return undefined;
    if (t.initRegs) {
      // CPSR, R0-R3, SP, LR, PC (bit 0 = Thumb)
      const [cpsr, r0, r1, r2, r3, sp, lr, pc] = t.initRegs as [number, number, number, number, number, number, number, number];
      const thumb = (pc & 1) !== 0;
      return [r0, r1, r2, r3, 0, 0, 0, 0, 0, 0, 0, 0, 0, sp, lr, (pc & ~1) >>> 0, thumb ? cpsr | 0x20 : cpsr & ~0x20];
    }
    if (this.live === t) return Array.from(this.uc.batch(ALL_REGS).read());
    return this.uc.contextRegs(t.context, ALL_REGS);
  }

  /** Makes t's registers the CPU's (a debugger reads or writes them there); the next slice keeps them. */
  bringToCpu(t: GuestThread): void {
    if (this.running || t.state === 'exited') return;
    if (this.live === t && !t.initRegs) return;
    if (this.live && this.live !== t && this.live.state !== 'exited') this.uc.contextSave(this.live.context);
    if (t.initRegs) {
      this.uc.contextRestore(this.baseContext);
      this.initBatch.values.set(t.initRegs);
      this.initBatch.write();
      t.initRegs = undefined;
    } else {
      this.uc.contextRestore(t.context);
    }
    this.live = t;
  }

  /** Runs guest threads until the process finishes. */
  async run(): Promise<void> {
    running.add(this);
    try {
      await this.loop();
    } finally {
      running.delete(this);
    }
  }

  private async loop(): Promise<void> {
    let lastYield = Date.now();
    while (!this.host.finished) {
      const t = this.ready.shift();
      if (t && this.debugGate && t.state === 'ready' && t.suspendCount === 0) {
        const halt = this.debugGate(t);
        if (halt) {
          this.ready.unshift(t);
          await halt;
          lastYield = Date.now();
          continue;
        }
      }
      if (!t) {
        if (![...this.threads].some((x) => x.state !== 'exited')) return;
        if (this.clock?.deterministic && this.clock.hasTimers) {
          // Virtual time: let host I/O that is already complete land first, then (an idle point) jump to the next timer.
          await yieldToEventLoop();
          if (this.ready.length === 0 && !this.host.finished && this.host.idlePoint?.()) {
            await yieldToEventLoop();
            lastYield = Date.now();
            continue;
          }
          if (this.ready.length === 0 && !this.host.finished) this.clock.skipToNextTimer();
          lastYield = Date.now();
          continue;
        }
        // A reply due within microseconds: wait for it here rather than through the event loop.
        if (!this.clock?.deterministic && trySpin(this) && this.ready.length > 0) continue;
        if (this.host.idlePoint?.()) {
          await yieldToEventLoop();
          lastYield = Date.now();
          continue;
        }
        if (this.ready.length > 0 || this.host.finished) continue;
        this.idle = true;
        await new Promise<void>((resolve) => {
          this.wakeIdle = resolve;
        });
        this.idle = false;
        lastYield = Date.now();
        continue;
      }
      if (t.state !== 'ready' || t.suspendCount > 0) continue;
      this.runSlice(t);
      const now = Date.now();
      if (now - lastYield >= EVENT_LOOP_INTERVAL_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
  }

  private runSlice(t: GuestThread): void {
    const uc = this.uc;
    if (this.live !== t || t.initRegs) {
      if (this.live && this.live !== t && this.live.state !== 'exited') uc.contextSave(this.live.context);
      if (t.initRegs) {
        // First run: the machine's pristine CPU state, then the thread's start registers (CPSR
        // first: changing the mode banks SP and LR, so they must be written after it).
        uc.contextRestore(this.baseContext);
        this.initBatch.values.set(t.initRegs);
        this.initBatch.write();
        t.initRegs = undefined;
      } else {
        uc.contextRestore(t.context);
      }
      this.live = t;
    }
    this.host.restoreFrame(t);
    if (t.resume !== undefined) {
      // A hooked call that parked: its hooks see the result first and may replace it (api/hooks.ts).
      const hooked = t.hookResume;
      if (hooked) {
        t.hookResume = undefined;
        t.resume = hooked(t.resume) >>> 0;
        if (this.host.finished) return;
      }
      this.host.deliver(t, t.resume);
      const traced = t.traceResume;
      if (traced) {
        t.traceResume = undefined;
        traced(t.resume);
      }
      t.resume = undefined;
    }
    this.host.activate(t);
    const [pc, cpsr] = this.startRegs.read() as unknown as [number, number];
    const begin = (cpsr & 0x20 ? pc | 1 : pc) >>> 0;
    t.state = 'running';
    this.running = t;
    let rc: number;
    const clock = this.clock;
    const sliceStart = clock ? clock.elapsedMicros() : 0;
    // Never unicorn's timeout: resuming after it can re-execute part of a block (unicorn#1105).
    const step = this.stepOnce === t;
    if (step) {
      // The slicer's block hook must not end the one-instruction slice before it starts.
      this.stepOnce = undefined;
      if (this.slicer) this.sliceSlot.writeUInt32LE(this.slicer.epoch(), 0);
      rc = uc.emuStart(begin, 0, 0, 1);
    } else if (this.slicer) {
      if (clock?.deterministic) this.sliceSlot.writeUInt32LE(DETERMINISTIC_SLICE.blocks, 8);
      else this.sliceSlot.writeUInt32LE(this.slicer.epoch(), 0);
      rc = uc.emuStart(begin, 0, 0, 0);
      this.sliceSlot.writeUInt32LE(0, 8);
    } else {
      rc = uc.emuStart(begin, 0, 0, clock?.deterministic ? DETERMINISTIC_SLICE.instructions : FALLBACK_SLICE_INSTRUCTIONS);
    }
    // A full deterministic slice takes its virtual time; a slice cut short by a blocking call a token amount.
    if (clock?.deterministic) clock.advance(t.state === 'running' ? DETERMINISTIC_SLICE.micros : 10);
    if (clock) t.runMicros += clock.elapsedMicros() - sliceStart; // GetThreadTimes
    this.running = undefined;
    if (rc !== 0) {
      this.host.cpuError(t, rc);
      return;
    }
    if (step) this.onStepped?.(t);
    if ((t.state as string) !== 'exited') this.host.sliceEnded(t);
    if (t.state === 'running') {
      // Time slice over (or stopped for another reason without a state change): back of the queue.
      t.state = 'blocked';
      this.makeReady(t);
    }
  }

  /** Describes what each live thread waits for (deadlock and interrupt reports). */
  describe(): string[] {
    return [...this.threads]
      .filter((t) => t.state !== 'exited')
      .map((t) => `thread 0x${t.id.toString(16)}: ${t.state}${t.waitReason ? ` (${t.waitReason})` : ''}`);
  }
}
