/**
 * What an API handler sees: the calling thread, guest memory, the emulated process, argument access
 * beyond the fixed arguments (stack words, varargs), last-error, and the ways to park the thread.
 *
 * One ApiContext object exists per machine and is reused for every call (no allocation per call).
 */
import type { GuestMemory } from '../memory/guest-memory.js';
import type { Machine } from '../machine.js';
import type { GuestThread } from '../kernel/thread.js';
import { BLOCKED, CALLED, type ApiDecl, type ApiResult } from './declare.js';
import { doubleFromBits } from './float-bits.js';

export interface VarArgReader {
  u32(): number;
  u64(): bigint;
  f64(): number;
}

export class ApiContext implements VarArgReader {
  /** The export being executed (set by the dispatcher). */
  decl!: ApiDecl;
  /** The calling guest thread. */
  thread!: GuestThread;
  /** R0-R3 at the call, then SP and LR. */
  readonly regs = new Uint32Array(4);
  sp = 0;
  lr = 0;
  /** Address of the trap stub the call came through. */
  pc = 0;
  /** Next vararg slot index (see varargs()). */
  private vaSlot = 0;
  private vaFromPtr = 0;

  constructor(
    readonly machine: Machine,
    readonly mem: GuestMemory,
  ) {}

  /** 32-bit argument slot i (0-3 registers, then the caller's stack). */
  slot(i: number): number {
    return i < 4 ? this.regs[i]! : this.mem.u32(this.sp + 4 * (i - 4));
  }

  /** Starts reading varargs at slot `first` (the number of fixed slots of the declaration). */
  varargs(first = this.decl.slots): VarArgReader {
    this.vaSlot = first;
    this.vaFromPtr = 0;
    return this;
  }
  /** Starts reading varargs from a guest va_list pointer (on ARM a va_list is a plain pointer). */
  vaList(ptr: number): VarArgReader {
    this.vaFromPtr = ptr >>> 0;
    return this;
  }
  u32(): number {
    if (this.vaFromPtr) {
      const v = this.mem.u32(this.vaFromPtr);
      this.vaFromPtr += 4;
      return v;
    }
    return this.slot(this.vaSlot++);
  }
  u64(): bigint {
    const aligned = this.callerAlignsInt64();
    if (this.vaFromPtr) {
      if (aligned) this.vaFromPtr = (this.vaFromPtr + 7) & ~7;
      const v = this.mem.u32(this.vaFromPtr);
      const hi = this.mem.u32(this.vaFromPtr + 4);
      this.vaFromPtr += 8;
      return (BigInt(hi) << 32n) | BigInt(v);
    }
    if (aligned && this.vaSlot % 2) this.vaSlot++;
    const lo = this.slot(this.vaSlot++);
    const hi = this.slot(this.vaSlot++);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  f64(): number {
    return doubleFromBits(this.u64());
  }

  /**
   * Whether the calling code puts a 64-bit vararg (__int64, double) at an even slot (8-byte aligned),
   * as AAPCS does (clang's thumbv7-windows code: the C ROMs). MSVC for ARM CE does not: the value takes
   * the next two slots wherever they are (ce6 cmd.exe: fwprintf(stream, "%d Dir(s) %I64d bytes free",
   * n, free) passes n in R2 and the 64-bit value in R3 and the first stack word), and its va_arg does
   * not align either. Told apart by the calling module's linker version: Microsoft's CE linkers are
   * 9.0 and older (the corpus's binaries: 7.10, 8.0, 9.0), the AAPCS toolchain's (lld) 14.
   */
  private callerAlignsInt64(): boolean {
    const lr = (this.lr & ~1) >>> 0;
    const mod = this.machine.modules.find((m) => lr >= m.base && lr < m.base + m.size);
    if (!mod) return true;
    return mod.pe.linkerVersion.major >= 10;
  }

  // ---- last error (per guest thread) ----
  setLastError(code: number): void {
    this.thread.lastError = code >>> 0;
  }
  get lastError(): number {
    return this.thread.lastError;
  }
  /** Sets the last error and returns `ret`: `return cx.fail(0, ERROR_INVALID_PARAMETER)`. */
  fail(ret: number, code: number): number {
    this.thread.lastError = code >>> 0;
    return ret;
  }

  // ---- parking the calling thread ----
  /**
   * Parks the calling thread. `start` is called with a `done(r0, lastError?)` function; calling it
   * (now or later, from any Node callback) makes the thread runnable with R0 = r0. Returns BLOCKED,
   * which the handler must return.
   */
  block(start: (done: (r0: number, lastError?: number) => void) => (() => void) | void): typeof BLOCKED {
    return this.machine.scheduler.park(this.thread, start);
  }
  /**
   * Calls guest code (a window procedure, DllMain, a thread-pool callback...) from an API handler:
   * the guest function runs with up to 4 register arguments (more go on the stack) and returns to
   * a trap that calls `then(r0)`, whose result becomes the API's result (or it may call again, block,
   * ...). Returns CALLED, which the handler must return.
   */
  callGuest(fnAddr: number, args: number[], then: (r0: number) => ApiResult): typeof CALLED {
    this.machine.dispatcher.callGuest(this, fnAddr, args, then);
    return CALLED;
  }

  /**
   * Parks the calling thread until `start`'s `wake()` is called, then runs `again()` in this API
   * call's context (as if the call had just been made: it may return a result, block again or call
   * guest code). GetMessageW waits for a message this way. The return address is redirected, the
   * PC is not touched (a PC write inside the trap hook would cancel unicorn's stop request).
   */
  restartWhen(start: (wake: () => void) => (() => void) | void, again: () => ApiResult): typeof BLOCKED {
    this.machine.dispatcher.continueLater(this, () => again());
    return this.block((done) => start(() => done(0)));
  }

  /**
   * Ends the API call by continuing the thread with a complete register set (R0-R15, then CPSR;
   * PC bit 0 selects Thumb) instead of returning to the caller: longjmp. Returns CALLED, which the
   * handler must return. See Dispatcher.resumeAt.
   */
  resumeAt(regs: readonly number[]): typeof CALLED {
    return this.machine.dispatcher.resumeAt(this, regs);
  }

  /** Gives up the rest of the time slice (Sleep(0)); the call returns `r0`. */
  yield(r0: number): typeof BLOCKED {
    return this.machine.scheduler.park(this.thread, (done) => {
      done(r0);
    });
  }
}
