/**
 * Import traps. Every imported function the loader binds gets an 8-byte ARM stub on the trap page,
 *
 *     stub_i:  svc  #0              ; lands in onInterrupt() below
 *              b    tail
 *     tail4:   ldr  r2, [frame+8]   ; only for `u128` results (R0-R3, e.g. quotient and remainder)
 *              ldr  r3, [frame+12]
 *     tail:    ldr  r0, [frame+0]   ; the handler's result (the caller's own R0 for void calls)
 *              ldr  r1, [frame+4]   ; high half of 64-bit results (else the caller's R1)
 *              bx   lr              ; back to the caller in its own mode (ARM or Thumb)
 *
 * The hook reads R0-R3/SP/LR/PC in one batch (the stub's PC names the export), runs the handler
 * inline and writes the result into the trap frame, a guest page TypeScript sees as a Uint32Array;
 * the stub loads it back with PC-relative loads. Results thus cost no register write through the FFI.
 * (Arguments are not passed the same way on purpose: guest *stores* take unicorn 2.0.1's slow
 * not-dirty path, ~150 ns each, while loads are fast; see bench/README.md.) A handler that must wait
 * parks its thread and returns BLOCKED; its result goes into the frame when the thread resumes
 * (deliver()). A thread preempted between the svc and the loads keeps a copy of the frame. The stubs
 * are plain ARMv4T code, so pxa270 runs them too.
 */
import { ARM_REG } from '../unicorn/constants.js';
import { offHeap, type RegBatch, type Unicorn } from '../unicorn/unicorn.js';
import { GuestFault, PROT_RW, PROT_RX, type GuestMemory } from '../memory/guest-memory.js';
import type { GuestThread } from '../kernel/thread.js';
import { BLOCKED, CALLED, UnimplementedFeature, type ApiDecl, type ApiResult } from './declare.js';
import { EXIT_CODES } from '../run-result.js';
import { ApiContext } from './context.js';
import type { Machine } from '../machine.js';
import type { Tracer, TraceCall } from './trace.js';
import { printable } from '../pe/pe-file.js';
import { OutOfGuestMemory } from '../memory/guest-memory.js';
import { doubleBits, doubleFromBits, singleBits, singleFromBits } from './float-bits.js';
import { completeHooks, hookMemory, HookFailure, HookInvocation, runHooks, type HookHandler, type HookMemory } from './hooks.js';

export const TRAP_BASE = 0xf100_0000;
export const TRAP_SIZE = 0x2_0000;
const STUB_SIZE = 8;
/** The shared result-loading tail sits at the end of the trap code area... */
const TAIL = TRAP_BASE + TRAP_SIZE - 0x100;
const TAIL_END = TAIL + 12;
/** The R2/R3 loads in front of the tail (stubs of `u128` exports branch here); stubs end below it. */
const TAIL4 = TAIL - 8;
/** ...within PC-relative reach of the frame page that follows it. */
export const FRAME_BASE = TRAP_BASE + TRAP_SIZE;
const SVC_0 = 0xef00_0000;
const BX_LR = 0xe12f_ff1e;

/** ARM `str rt, [pc, #off]` / `ldr rt, [pc, #off]` reaching frame word `k` from address `at`. */
function pcRel(load: boolean, rt: number, at: number, k: number): number {
  const off = FRAME_BASE + 4 * k - (at + 8);
  return ((load ? 0xe59f_0000 : 0xe58f_0000) | (rt << 12) | off) >>> 0;
}

export interface TrapTarget {
  dll: string;
  name?: string;
  ordinal?: number;
  decl?: ApiDecl;
  /** Emulator-internal trap (thread exit), not an import. */
  internal?: (cx: ApiContext) => void;
}

export class UnimplementedImport extends Error {
  constructor(
    readonly target: TrapTarget,
    readonly callSite: number,
  ) {
    super(`unimplemented import ${describeTarget(target)} called from 0x${callSite.toString(16).padStart(8, '0')}`);
  }
}

export function describeTarget(t: TrapTarget): string {
  const ord = t.ordinal ?? t.decl?.ordinal;
  // An ordinal no export table names: `COREDLL.dll!#3026 (ordinal 3026)`.
  const name = t.name ?? t.decl?.name ?? (ord !== undefined ? `#${ord}` : 'an export without name or ordinal');
  // DLL and function names come from the guest image: escape them so reports stay one line.
  return `${printable(t.dll)}!${printable(name)}${ord !== undefined ? ` (ordinal ${ord})` : ''}`;
}

export class Dispatcher {
  private readonly targets: TrapTarget[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly page: Buffer;
  /** The trap frame: the result words R0, R1 (R2, R3 for `u128` results) (guest page FRAME_BASE). */
  private readonly frame: Uint32Array;
  private readonly regs: RegBatch;
  private readonly pcReg: RegBatch;
  readonly cx: ApiContext;
  private readonly vals: (number | bigint)[] = new Array(16).fill(0);
  private readonly callRegs: RegBatch;
  private readonly spLr: RegBatch;
  private readonly r0r3: RegBatch;
  private readonly cpsrReg: RegBatch;
  private readonly fullRegs: RegBatch;
  private readonly callbackReturn: number;
  tracer: Tracer | undefined;
  /** Emulated export calls dispatched so far (--result-json counts). */
  calls = 0;
  /** Calls failed on purpose by fault injection (emu.fail, --fail; --result-json counts). */
  faultsInjected = 0;
  /** Hooks per export (api/hooks.ts), the last added runs first; empty = no cost but a size test. */
  private readonly hooks = new Map<ApiDecl, HookHandler[]>();
  private hookMem: HookMemory | undefined;

  constructor(
    private readonly uc: Unicorn,
    private readonly mem: GuestMemory,
    private readonly machine: Machine,
  ) {
    this.page = mem.mapHigh(TRAP_BASE, TRAP_SIZE, PROT_RX);
    const framePage = mem.mapHigh(FRAME_BASE, 0x1000, PROT_RW);
    this.frame = new Uint32Array(framePage.buffer, framePage.byteOffset, 4);
    this.writeTail();
    this.regs = uc.batch([ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC]);
    this.pcReg = uc.batch([ARM_REG.PC]);
    this.cx = new ApiContext(machine, mem);
    this.spLr = uc.batch([ARM_REG.SP, ARM_REG.LR]);
    this.r0r3 = uc.batch([ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3]);
    this.cpsrReg = uc.batch([ARM_REG.CPSR]);
    this.fullRegs = uc.batch([
      ARM_REG.CPSR,
      ARM_REG.R0,
      ARM_REG.R1,
      ARM_REG.R2,
      ARM_REG.R3,
      ARM_REG.R4,
      ARM_REG.R5,
      ARM_REG.R6,
      ARM_REG.R7,
      ARM_REG.R8,
      ARM_REG.R9,
      ARM_REG.R10,
      ARM_REG.R11,
      ARM_REG.R12,
      ARM_REG.SP,
      ARM_REG.LR,
      ARM_REG.PC,
    ]);
    this.callRegs = uc.batch([ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC]);
    this.callbackReturn = this.trapFor({ dll: 'wmemu', name: 'CallbackReturn', internal: (cx) => this.onCallbackReturn(cx) });
    // The native helper reads the trap registers in C before calling us (no FFI round trip per
    // call); without it, one uc_reg_read_batch per trap.
    const native = offHeap(48);
    if (uc.hookInterruptWithRegs((intno) => this.onInterrupt(intno), native)) {
      const words = new Uint32Array(native.buffer, native.byteOffset, 8);
      this.readTrapRegs = () => words;
    } else {
      uc.hookInterrupt((intno) => this.onInterrupt(intno));
    }
  }

  /** R0-R3, SP, LR, PC at the trap (filled by the native hook, or read here). */
  private readTrapRegs: () => Uint32Array = () => this.regs.read();

  private writeTail(): void {
    const code = [pcRel(true, 2, TAIL4, 2), pcRel(true, 3, TAIL4 + 4, 3), pcRel(true, 0, TAIL, 0), pcRel(true, 1, TAIL + 4, 1), BX_LR];
    code.forEach((w, i) => this.page.writeUInt32LE(w, TAIL4 - TRAP_BASE + 4 * i));
  }

  /** Puts the result of a parked call where the resuming thread picks it up. */
  deliver(t: GuestThread, r0: number): void {
    if (t.resumeViaFrame) {
      this.frame[0] = r0;
      this.frame[1] = 0;
    } else {
      this.uc.regWrite(ARM_REG.R0, r0);
    }
  }

  /**
   * t's slice ended. If it stopped between a stub's svc and the tail's loads, keep its frame. (With
   * the native slicer this cannot happen: its block hook is not installed on the trap page.)
   */
  sliceEnded(t: GuestThread): void {
    const pc = this.pcReg.read()[0]!;
    const inTrap = (pc >= TRAP_BASE && pc < TAIL4 && pc % STUB_SIZE === 4) || (pc >= TAIL4 && pc < TAIL_END);
    t.savedFrame = inTrap ? this.frame.slice() : undefined;
  }
  restoreFrame(t: GuestThread): void {
    if (t.savedFrame) {
      this.frame.set(t.savedFrame);
      t.savedFrame = undefined;
    }
  }

  /** Hooks `h` on these exports (api/hooks.ts); returns the function that removes it again. */
  addHook(decls: readonly ApiDecl[], h: HookHandler): () => void {
    for (const d of decls) {
      const list = this.hooks.get(d) ?? [];
      list.push(h);
      this.hooks.set(d, list);
    }
    return () => {
      for (const d of decls) {
        const list = this.hooks.get(d);
        const i = list ? list.indexOf(h) : -1;
        if (i < 0) continue;
        list!.splice(i, 1);
        if (list!.length === 0) this.hooks.delete(d);
      }
    };
  }

  /**
   * A hooked call. When the real implementation parks the thread (plain block), the second pass of the
   * hooks runs when the scheduler delivers the result (thread.hookResume); when it called guest code or
   * will restart (restartWhen), when the continuation at this call's callFrames depth produces the
   * result (thread.hookFrames, onCallbackReturn). A longjmp out of the call (resumeAt): no result.
   */
  private hooked(cx: ApiContext, decl: ApiDecl, chain: HookHandler[]): ApiResult {
    const mem = (this.hookMem ??= hookMemory(this.mem));
    const inv = new HookInvocation(cx, decl, chain, this.vals, mem);
    const r = runHooks(cx, inv);
    if (r === BLOCKED || r === CALLED) this.awaitCompletion(cx.thread, inv, r);
    return r;
  }

  private awaitCompletion(t: GuestThread, inv: HookInvocation, how: typeof BLOCKED | typeof CALLED): void {
    if (t.callFrames.length > inv.depth) {
      t.hookFrames.push({ depth: inv.depth, complete: (r) => this.complete(t, inv, r) });
    } else if (how === BLOCKED) {
      t.hookResume = (r0) => {
        const r = this.complete(t, inv, r0);
        return typeof r === 'bigint' ? Number(r & 0xffff_ffffn) : typeof r === 'number' ? r : r0;
      };
    }
  }

  /** The second pass of a hooked call's hooks; a failing hook ends the run (the result then does not matter). */
  private complete(t: GuestThread, inv: HookInvocation, r: ApiResult): ApiResult {
    if (r === BLOCKED || r === CALLED) return r;
    const cx = this.cx;
    cx.thread = t;
    cx.decl = inv.decl;
    try {
      return completeHooks(cx, inv, r === undefined ? undefined : r);
    } catch (e) {
      if (e instanceof HookFailure) this.machine.abort('interrupted', EXIT_CODES.interrupted, e.message);
      else if (!this.machine.finished) this.machine.fatalInternal(t, inv.decl, e);
      return r;
    }
  }

  /** Redirects the current thread into guest code; see ApiContext.callGuest. */
  callGuest(cx: ApiContext, fnAddr: number, args: number[], then: (r0: number) => ApiResult): void {
    cx.thread.callFrames.push({ then, lr: cx.lr, sp: cx.sp, decl: cx.decl });
    let sp = cx.sp;
    if (args.length > 4) {
      sp = (sp - 4 * (args.length - 4)) & ~7;
      for (let i = 4; i < args.length; i++) this.mem.setU32(sp + 4 * (i - 4), args[i]!);
    }
    const v = this.callRegs.values;
    for (let i = 0; i < 4; i++) v[i] = args[i] ?? 0;
    v[4] = sp;
    v[5] = this.callbackReturn;
    v[6] = fnAddr; // bit 0 selects Thumb
    this.callRegs.write();
  }

  /**
   * Makes the current API call continue with `then` the next time the thread runs, instead of
   * returning to its caller: the call's return address becomes the callback-return trap (only LR is
   * changed, never PC, so a thread parked right after this really stops). Used by cx.restartWhen.
   */
  continueLater(cx: ApiContext, then: (r0: number) => ApiResult): void {
    cx.thread.callFrames.push({ then, lr: cx.lr, sp: cx.sp, decl: cx.decl });
    this.uc.regWrite(ARM_REG.LR, this.callbackReturn);
  }

  /** The guest callback returned: restore the original caller's SP/LR and run the continuation. */
  private onCallbackReturn(cx: ApiContext): void {
    const frame = cx.thread.callFrames.pop();
    if (!frame) {
      this.machine.cpuException(cx.thread, 2, TRAP_BASE);
      return;
    }
    cx.sp = frame.sp;
    cx.lr = frame.lr;
    const v = this.spLr.values;
    v[0] = frame.sp;
    v[1] = frame.lr;
    this.spLr.write();
    cx.decl = frame.decl;
    let result: ApiResult | null;
    try {
      result = frame.then(cx.regs[0]!);
    } catch (e) {
      result = this.recover(cx, frame.decl, e);
      if (result === null) return;
    }
    const t = cx.thread;
    const hf = t.hookFrames;
    if (hf.length && hf[hf.length - 1]!.depth === t.callFrames.length) {
      // The continuation of a hooked call: done (its hooks' second pass), parked for good, or not yet.
      if (result !== BLOCKED && result !== CALLED) {
        result = hf.pop()!.complete(result);
        if (this.machine.finished) return;
      } else if (result === BLOCKED) {
        const { complete } = hf.pop()!;
        t.hookResume = (r0) => {
          const r = complete(r0);
          return typeof r === 'bigint' ? Number(r & 0xffff_ffffn) : typeof r === 'number' ? r : r0;
        };
      }
    }
    this.finish(cx, frame.decl, result, undefined);
  }

  /** The stub address for a target, creating it on first use (one stub per distinct export). */
  trapFor(target: TrapTarget): number {
    const key = `${target.dll.toUpperCase()}!${target.decl?.name ?? target.name ?? `#${target.ordinal}`}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return TRAP_BASE + known * STUB_SIZE;
    const i = this.targets.length;
    const at = TRAP_BASE + i * STUB_SIZE;
    if (at + STUB_SIZE > TAIL4) throw new Error('trap page full');
    this.targets.push(target);
    this.byKey.set(key, i);
    const o = i * STUB_SIZE;
    this.page.writeUInt32LE(SVC_0, o);
    const tail = target.decl?.ret === 'u128' ? TAIL4 : TAIL;
    this.page.writeUInt32LE((0xea00_0000 | (((tail - (at + 4) - 8) >> 2) & 0xff_ffff)) >>> 0, o + 4);
    return at;
  }

  /** The export a trap address belongs to (for symbolizing addresses in reports). */
  /** The stub address an export was bound to (undefined: never bound), for call stacks. */
  stubOf(decl: ApiDecl): number | undefined {
    const i = this.targets.findIndex((t) => t.decl === decl);
    return i < 0 ? undefined : TRAP_BASE + i * STUB_SIZE;
  }

  targetAt(address: number): TrapTarget | undefined {
    if (address < TRAP_BASE || address >= TAIL4) return undefined;
    return this.targets[Math.floor((address - TRAP_BASE) / STUB_SIZE)];
  }

  private onInterrupt(intno: number): void {
    const machine = this.machine;
    const thread = machine.scheduler.running;
    if (!thread) return;
    const cx = this.cx;
    const r = this.readTrapRegs();
    const pc = r[6]!;
    const stub = pc - 4;
    let target: TrapTarget | undefined;
    if (intno === 2 && stub >= TRAP_BASE && stub < TAIL4) {
      target = this.targets[(stub - TRAP_BASE) / STUB_SIZE];
      thread.resumeViaFrame = true;
      // Void and 32-bit calls hand the caller back its own R0/R1 unless the handler says otherwise.
      this.frame[0] = r[0]!;
      this.frame[1] = r[1]!;
      this.frame[2] = r[2]!;
      this.frame[3] = r[3]!;
    } else {
      // A plain `svc #0; bx lr` stub on an extra trap page, or a stray guest svc.
      target = intno === 2 ? this.extraTarget(stub) : undefined;
      if (!target) {
        machine.cpuException(thread, intno, pc);
        return;
      }
      thread.resumeViaFrame = false;
    }
    cx.regs[0] = r[0]!;
    cx.regs[1] = r[1]!;
    cx.regs[2] = r[2]!;
    cx.regs[3] = r[3]!;
    cx.sp = r[4]!;
    cx.lr = r[5]!;
    cx.pc = stub;
    cx.thread = thread;
    const decl = target?.decl;
    if (!decl) {
      if (target?.internal) return target.internal(cx);
      machine.fatalUnimplemented(
        thread,
        new UnimplementedImport(target ?? { dll: 'wmemu', name: `an unknown trap stub (0x${stub.toString(16)})` }, callSite(this.mem, cx.lr)),
      );
      return;
    }
    cx.decl = decl;
    this.calls++;
    const tracer = this.tracer;
    const traceArgs = tracer?.wants(decl) ? tracer.captureArgs(cx, decl) : undefined;
    let result;
    try {
      const v = this.vals;
      const args = decl.args;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a.wide) {
          const lo = cx.slot(a.slot);
          const hi = cx.slot(a.slot + 1);
          v[i] = a.kind === 'i64' ? BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)) : (BigInt(hi) << 32n) | BigInt(lo);
          if (a.kind === 'f64') v[i] = doubleFromBits(v[i] as bigint);
        } else {
          const x = a.slot < 4 ? cx.regs[a.slot]! : cx.slot(a.slot);
          v[i] = a.kind === 'i32' ? x | 0 : a.kind === 'f32' ? singleFromBits(x) : x;
        }
      }
      const chain = this.hooks.size ? this.hooks.get(decl) : undefined;
      result = chain ? this.hooked(cx, decl, chain) : decl.handler(cx, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    } catch (e) {
      result = this.recover(cx, decl, e);
      if (result === null) return;
    }
    this.finish(cx, decl, result, traceArgs);
  }

  /** A handler threw: a GuestFault becomes the export's documented error (or a crash); null = fatal. */
  private recover(cx: ApiContext, decl: ApiDecl, e: unknown): ApiResult | null {
    const machine = this.machine;
    if (e instanceof GuestFault) {
      const policy = decl.options.fault ?? machine.faultPolicy(decl.dll);
      if (policy.kind === 'error') {
        cx.thread.lastError = policy.lastError;
        return policy.ret;
      }
      machine.fatalGuestFaultInApi(cx.thread, decl, e, cx.lr);
      return null;
    }
    if (e instanceof HookFailure) {
      machine.abort('interrupted', EXIT_CODES.interrupted, e.message);
      return null;
    }
    if (e instanceof UnimplementedFeature) {
      machine.abort('unimplemented', EXIT_CODES.unimplemented, `unimplemented: ${decl.dll}!${decl.name} ${e.message}`);
      return null;
    }
    if (e instanceof OutOfGuestMemory) {
      // A handler that does not turn running out of guest memory into its documented failure: the
      // run ends with the 'limit' verdict (exit code 122), not as an emulator bug.
      machine.abort('limit', 122, `guest memory limit reached in ${decl.dll}!${decl.name}: ${e.message}`);
      return null;
    }
    if (!machine.finished) machine.fatalInternal(cx.thread, decl, e);
    return null;
  }

  /** Delivers a handler's result: R0 (R0:R1 for 64-bit, R0-R3 for u128), nothing when parked or calling back. */
  private finish(cx: ApiContext, decl: ApiDecl, result: ApiResult, traceArgs: TraceCall | undefined): void {
    if (result === BLOCKED) {
      if (traceArgs) this.tracer!.blocked(cx, decl, traceArgs);
      return;
    }
    if (result === CALLED) return;
    if (result !== undefined) {
      const ret = decl.ret;
      if (typeof result === 'number' && (ret === 'f32' || ret === 'f64')) result = floatBits(ret, result);
      const lo = typeof result === 'bigint' ? Number(result & 0xffff_ffffn) : result >>> 0;
      const hi = typeof result === 'bigint' ? Number((result >> 32n) & 0xffff_ffffn) : undefined;
      if (ret === 'u128') {
        const r23 = BigInt(result) >> 64n;
        this.setResult(cx, lo, hi ?? 0, Number(r23 & 0xffff_ffffn), Number((r23 >> 32n) & 0xffff_ffffn));
      } else if (cx.thread.resumeViaFrame) {
        this.frame[0] = lo;
        if (hi !== undefined) this.frame[1] = hi;
        else if (this.machine.outputBlocked) this.parkForOutput(cx);
      } else {
        this.uc.regWrite(ARM_REG.R0, lo);
        if (hi !== undefined) this.uc.regWrite(ARM_REG.R1, hi);
      }
    } else if (this.machine.outputBlocked && cx.thread.resumeViaFrame) this.parkForOutput(cx);
    if (traceArgs) this.tracer!.returned(cx, decl, traceArgs, result);
  }

  /**
   * The host's output sink is full (a pipe whose reader is slower than the guest): the call is done
   * and its result is in the frame, but the thread waits until the sink drains (Machine.outputDrain).
   */
  private parkForOutput(cx: ApiContext): void {
    const t = cx.thread;
    if (t.state !== 'running' || this.machine.finished) return;
    const r0 = this.frame[0]!;
    this.machine.scheduler.park(t, (done) => this.machine.whenOutputDrained(() => done(r0)));
    if ((t.state as string) === 'blocked') t.waitReason = 'host output full';
  }

  private setResult(cx: ApiContext, r0: number, r1: number, r2: number, r3: number): void {
    if (cx.thread.resumeViaFrame) {
      this.frame[0] = r0;
      this.frame[1] = r1;
      this.frame[2] = r2;
      this.frame[3] = r3;
    } else {
      const v = this.r0r3.values;
      v[0] = r0;
      v[1] = r1;
      v[2] = r2;
      v[3] = r3;
      this.r0r3.write();
    }
  }

  /**
   * Ends the current API call by loading a complete register set into the CPU instead of returning to
   * the caller: the thread continues at regs[15] (bit 0 or CPSR.T selects Thumb) with R0-R14 and the
   * CPSR flags from `regs` (R0-R15 then CPSR, as seh.ts's Regs). This is how longjmp resumes a
   * setjmp; the handler returns CALLED. The thread keeps running (no park), so writing PC inside the
   * trap hook is safe here; a preempted thread's trap frame is not involved because PC leaves the
   * trap page. Guest callback frames (cx.callGuest) the jump skips over are dropped.
   */
  resumeAt(cx: ApiContext, regs: readonly number[]): typeof CALLED {
    const frames = cx.thread.callFrames;
    const sp = regs[13]! >>> 0;
    // A jump out of a guest callback back into code below it: forget the API calls it abandons.
    while (frames.length && frames[frames.length - 1]!.sp <= sp) frames.pop();
    // Hooked calls the jump abandons never complete.
    const hf = cx.thread.hookFrames;
    while (hf.length && hf[hf.length - 1]!.depth >= frames.length) hf.pop();
    const v = this.fullRegs.values;
    const thumb = (regs[15]! & 1) !== 0 || ((regs[16] ?? 0) & 0x20) !== 0;
    const cpsr = regs[16] ?? this.cpsrReg.read()[0]!;
    v[0] = ((cpsr & ~0x3f) | (thumb ? 0x20 : 0) | 0x10) >>> 0; // user mode, T from the target
    for (let i = 0; i < 15; i++) v[1 + i] = regs[i]! >>> 0;
    v[16] = ((regs[15]! & ~1) | (thumb ? 1 : 0)) >>> 0;
    this.fullRegs.write();
    return CALLED;
  }

  private readonly extraPages: { base: number; size: number; resolve: (stub: number) => TrapTarget | undefined }[] = [];
  /**
   * Registers another page of `svc #0; bx lr` stubs (e.g. CE's kernel trap range 0xF000xxxx): a svc
   * from [base, base+size) is dispatched to resolve(stub address). These take the slower register path.
   */
  addTrapPage(base: number, size: number, resolve: (stub: number) => TrapTarget | undefined): void {
    this.extraPages.push({ base, size, resolve });
  }
  private extraTarget(stub: number): TrapTarget | undefined {
    for (const p of this.extraPages) if (stub >= p.base && stub < p.base + p.size) return p.resolve(stub);
    return undefined;
  }

  /** All targets, for coverage reports. */
  allTargets(): readonly TrapTarget[] {
    return this.targets;
  }
}

/** A JS number returned for an `f32`/`f64` result as its IEEE bits (R0, or R0:R1 low word first). */
function floatBits(kind: 'f32' | 'f64', x: number): bigint {
  return kind === 'f32' ? BigInt(singleBits(x)) : doubleBits(x);
}

/** Best guess of the call instruction's address from a return address. */
export function callSite(mem: GuestMemory, lr: number): number {
  if (lr & 1) {
    const ret = lr & ~1;
    const h = mem.isUserRange(ret - 2, 2) ? mem.u16(ret - 2) : 0;
    return ((h & 0xff87) === 0x4780 ? ret - 2 : ret - 4) >>> 0; // blx rN is 2 bytes, bl/blx imm 4
  }
  return (lr - 4) >>> 0;
}
