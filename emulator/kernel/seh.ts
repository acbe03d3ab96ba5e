/**
 * Structured exception handling for Windows CE ARM.
 *
 * Exceptions (guest access violations, undefined instructions, breakpoints, integer divide by zero from
 * the runtime helpers, RaiseException) are dispatched to the guest the way the CE kernel does it:
 *
 *  - the function containing the PC is looked up in the `.pdata` table (exception directory) of the
 *    loaded modules: IMAGE_CE_RUNTIME_FUNCTION_ENTRY = { BeginAddress (VA), PrologLen:8, FuncLen:22,
 *    ThirtyTwoBit:1, ExceptionFlag:1 } (lengths in instructions of 4 bytes, or 2 for Thumb); when
 *    ExceptionFlag is set, PDATA_EH { pHandler, pHandlerData } sits in the 8 bytes before the function;
 *  - each frame is virtually unwound by reverse-executing the executed part of its prolog
 *    (stmdb sp!/push, sub sp, str lr,[sp,#-4]!, mov rX, sp; Thumb push/push.w/sub sp/vpush). The
 *    establisher frame is the SP after unwinding (the caller's SP), as in the CE kernel;
 *  - the frame's language handler is called in the guest as
 *    handler(EXCEPTION_RECORD*, EstablisherFrame, CONTEXT*, DISPATCHER_CONTEXT*), with the records on
 *    the guest stack below the faulting SP; it returns ExceptionContinueExecution (0: resume with the
 *    CONTEXT record), ExceptionContinueSearch (1: next frame), or does not return (unwind, see below).
 *
 * `__C_specific_handler` (coredll) is the TypeScript language handler of C `__try/__except`
 * (emulator/dlls/coredll/seh.ts): it reads the scope table (HandlerData: Count, then { BeginAddress,
 * EndAddress, HandlerAddress = filter or constant, JumpTarget } with absolute addresses), calls the
 * filters with (EXCEPTION_POINTERS*, EstablisherFrame), and on EXCEPTION_EXECUTE_HANDLER unwinds to
 * the frame whose establisher frame matches and continues at JumpTarget with R0 = exception code and
 * that frame's registers restored (`unwindTo`).
 *
 * Not done: termination handlers (`__finally`, JumpTarget 0) are not run during unwinding; epilog
 * forward-execution (a fault inside an epilog unwinds as if in the body); nested exceptions raised by
 * a filter while dispatching are not chained (they start a new dispatch).
 */
import type { Machine } from '../machine.js';
import type { GuestThread } from './thread.js';
import type { ApiContext } from '../api/context.js';
import { ARM_REG } from '../unicorn/constants.js';
import { DIR_EXCEPTION } from '../pe/pe-file.js';

export const EXCEPTION_ACCESS_VIOLATION = 0xc0000005;
export const EXCEPTION_INT_DIVIDE_BY_ZERO = 0xc0000094;
export const EXCEPTION_ILLEGAL_INSTRUCTION = 0xc000001d;
export const EXCEPTION_BREAKPOINT = 0x80000003;
export const EXCEPTION_NONCONTINUABLE_EXCEPTION = 0xc0000025;
export const EXCEPTION_NONCONTINUABLE = 1;
export const EXCEPTION_UNWINDING = 2;

const NAMES: Record<number, string> = {
  [EXCEPTION_ACCESS_VIOLATION]: 'access violation',
  [EXCEPTION_INT_DIVIDE_BY_ZERO]: 'integer divide by zero',
  [EXCEPTION_ILLEGAL_INSTRUCTION]: 'illegal instruction',
  [EXCEPTION_BREAKPOINT]: 'breakpoint',
  [EXCEPTION_NONCONTINUABLE_EXCEPTION]: 'noncontinuable exception',
};
export function exceptionName(code: number): string {
  return NAMES[code >>> 0] ?? 'software exception';
}

/** The exception being raised (EXCEPTION_RECORD without the chain pointer). */
export interface ExceptionInfo {
  code: number;
  flags?: number;
  /** ExceptionAddress (the faulting or raising instruction). */
  address: number;
  params?: number[];
}

/** R0-R15 then CPSR, as readAllRegs returns them; R15 without the Thumb bit (CPSR.T says the mode). */
export type Regs = number[];

/** A .pdata entry, expanded like the CE kernel's RUNTIME_FUNCTION. */
export interface FunctionEntry {
  begin: number;
  end: number;
  prologEnd: number;
  thumb: boolean;
  handler: number;
  handlerData: number;
}

// CE ARM CONTEXT: ContextFlags, R0-R12, Sp, Lr, Pc, Psr (then the VFP state, left zero here).
export const CONTEXT_ARM = 0x40;
export const CONTEXT_FULL = CONTEXT_ARM | 1 | 2;
export const CTX = { flags: 0x00, r0: 0x04, sp: 0x38, lr: 0x3c, pc: 0x40, psr: 0x44, size: 0x1a0 } as const;
/** EXCEPTION_RECORD: ExceptionCode, ExceptionFlags, ExceptionRecord, ExceptionAddress, NumberParameters, ExceptionInformation[15]. */
export const REC_SIZE = 0x50;

// Layout of the exception area written below the faulting SP.
const AREA_SIZE = 0x300;
const OFF_REC = 0x00;
const OFF_CTX = 0x50;
const OFF_POINTERS = 0x1f0;
const OFF_DISPATCHER = 0x1f8;
const OFF_FUNCTION = 0x208;
const MAX_FRAMES = 64;
const T_BIT = 0x20;

interface Dispatch {
  t: GuestThread;
  info: ExceptionInfo;
  /** Context at the exception. */
  ctx0: Regs;
  /** Registers of the frame being examined, unwound step by step. */
  cur: Regs;
  controlPc: number;
  /** Control PC of the first frame (the call instruction for exceptions raised by an API). */
  startPc: number;
  frames: number;
  area: number;
  unhandled: () => void;
  /** Continuation of the language handler call in progress. */
  onReturn?: (disposition: number) => void;
  done: boolean;
}

export class Seh {
  private readonly active = new Map<GuestThread, Dispatch[]>();
  private returnTrap = 0;

  constructor(private readonly m: Machine) {}

  private trap(): number {
    return (this.returnTrap ||= this.m.dispatcher.trapFor({ dll: 'wmemu', name: 'ExceptionHandlerReturn', internal: (cx) => this.onHandlerReturn(cx) }));
  }

  // ------------------------------------------------------------------ .pdata
  /** The .pdata entry of the function containing `pc`, from the loaded modules' exception directories. */
  lookup(pc: number): FunctionEntry | undefined {
    const mem = this.m.mem;
    pc >>>= 0;
    for (const mod of this.m.modules) {
      if (pc < mod.base || pc >= mod.base + mod.size) continue;
      const dir = mod.pe.dataDirectories[DIR_EXCEPTION];
      if (!dir || dir.size < 8) return undefined;
      for (let p = mod.base + dir.rva; p + 8 <= mod.base + dir.rva + dir.size; p += 8) {
        const b = mem.peek32(p);
        const w = mem.peek32(p + 4);
        if (b === undefined || w === undefined) return undefined;
        const thumb = ((w >>> 30) & 1) === 0;
        const size = thumb ? 2 : 4;
        const begin = (b & ~1) >>> 0;
        const end = begin + ((w >>> 8) & 0x3f_ffff) * size;
        if (pc < begin || pc >= end) continue;
        let handler = 0;
        let handlerData = 0;
        if (w >>> 31) {
          handler = mem.peek32(begin - 8) ?? 0;
          handlerData = mem.peek32(begin - 4) ?? 0;
        }
        return { begin, end, prologEnd: begin + (w & 0xff) * size, thumb, handler, handlerData };
      }
      return undefined;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ virtual unwind
  /**
   * Reverse-executes the executed part of the prolog of `fe` (control at `controlPc`) on `regs`, which
   * become the caller's registers (PC = the return address); returns the establisher frame.
   */
  unwindFrame(fe: FunctionEntry, controlPc: number, regs: Regs): number {
    const mem = this.m.mem;
    const limit = Math.min(controlPc, fe.prologEnd);
    const pop = (r: number) => {
      regs[r] = mem.peek32(regs[13]!) ?? 0;
      regs[13] = (regs[13]! + 4) >>> 0;
    };
    const popList = (list: number) => {
      for (let r = 0; r < 16; r++) if (list & (1 << r)) pop(r);
    };
    if (!fe.thumb) {
      for (let a = limit - 4; a >= fe.begin; a -= 4) {
        const i = mem.peek32(a) ?? 0;
        const is = (mask: number, value: number) => ((i & mask) >>> 0) === value;
        if (is(0xffff0000, 0xe92d0000)) popList(i & 0xffff); // stmdb sp!, {list}
        else if (is(0xfffff000, 0xe24dd000)) regs[13] = (regs[13]! + armImm(i)) >>> 0; // sub sp, sp, #imm
        else if (is(0xfffff000, 0xe28dd000)) regs[13] = (regs[13]! - armImm(i)) >>> 0; // add sp, sp, #-imm
        else if (is(0xffff0fff, 0xe52d0004)) pop((i >>> 12) & 0xf); // str rX, [sp, #-4]!
        else if (is(0xffff0fff, 0xe1a0000d)) regs[13] = regs[(i >>> 12) & 0xf]!; // mov rX, sp
        else if (is(0xffff0f00, 0xed2d0b00)) regs[13] = (regs[13]! + (i & 0xff) * 4) >>> 0; // vpush / fstmdbd
      }
    } else {
      const insns: [number, number][] = [];
      for (let a = fe.begin; a < limit; ) {
        const hw1 = (mem.peek32(a) ?? 0) & 0xffff;
        const wide = hw1 >>> 11 >= 0b11101;
        const hw2 = wide ? ((mem.peek32(a + 2) ?? 0) & 0xffff) : 0;
        insns.push([hw1, hw2]);
        a += wide ? 4 : 2;
      }
      for (const [hw1, hw2] of insns.reverse()) {
        if ((hw1 & 0xfe00) === 0xb400) popList((hw1 & 0xff) | (hw1 & 0x100 ? 0x4000 : 0)); // push {list, lr}
        else if ((hw1 & 0xff80) === 0xb080) regs[13] = (regs[13]! + (hw1 & 0x7f) * 4) >>> 0; // sub sp, #imm
        else if (hw1 === 0xe92d) popList(hw2); // push.w
        else if (hw1 === 0xed2d && (hw2 & 0x0e00) === 0x0a00) regs[13] = (regs[13]! + (hw2 & 0xff) * 4) >>> 0; // vpush
        else if (hw1 === 0xf84d && (hw2 & 0x0fff) === 0x0d04) pop(hw2 >>> 12); // str.w rX, [sp, #-4]!
      }
    }
    return regs[13]!;
  }

  // ------------------------------------------------------------------ raising
  /**
   * Raises an exception on thread t with context `ctx`. Returns false when no guest handler exists
   * anywhere on the stack (the caller reports the crash itself); otherwise the dispatch runs in the
   * guest and `unhandled` is called if every handler declines. The CPU registers are set for the
   * first handler call (the caller makes the thread runnable when not inside a hook).
   */
  raise(t: GuestThread, info: ExceptionInfo, ctx: Regs, unhandled: () => void, controlPc = ctx[15]!): boolean {
    if (!this.hasHandler(ctx, controlPc)) return false;
    const area = ((ctx[13]! - AREA_SIZE) & ~7) >>> 0;
    const d: Dispatch = { t, info, ctx0: [...ctx], cur: [...ctx], controlPc, startPc: controlPc, frames: 0, area, unhandled, done: false };
    const stack = this.active.get(t) ?? [];
    stack.push(d);
    this.active.set(t, stack);
    this.writeRecord(d);
    this.writeContext(area + OFF_CTX, ctx);
    this.m.mem.setU32(area + OFF_POINTERS, area + OFF_REC);
    this.m.mem.setU32(area + OFF_POINTERS + 4, area + OFF_CTX);
    this.next(d);
    return true;
  }

  /** Raises from an API handler (RaiseException, the division helpers): the context is the call site. */
  raiseFromApi(cx: ApiContext, info: Omit<ExceptionInfo, 'address'>, unhandled: () => void): boolean {
    const regs = this.m.uc.batch([
      ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.R4, ARM_REG.R5, ARM_REG.R6, ARM_REG.R7,
      ARM_REG.R8, ARM_REG.R9, ARM_REG.R10, ARM_REG.R11, ARM_REG.R12, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC, ARM_REG.CPSR,
    ]);
    const ctx = Array.from(regs.read());
    for (let i = 0; i < 4; i++) ctx[i] = cx.regs[i]!;
    ctx[13] = cx.sp;
    ctx[14] = cx.lr;
    ctx[15] = (cx.lr & ~1) >>> 0;
    ctx[16] = cx.lr & 1 ? ctx[16]! | T_BIT : ctx[16]! & ~T_BIT;
    // Scopes are matched against the call instruction (the return address may be just past a __try).
    return this.raise(cx.thread, { ...info, address: ctx[15]! }, ctx, unhandled, callPc(cx.lr));
  }

  /** Whether some frame of the stack described by ctx has a language handler. */
  private hasHandler(ctx: Regs, controlPc: number): boolean {
    const regs = [...ctx];
    let pc = controlPc;
    for (let i = 0; i < MAX_FRAMES; i++) {
      const fe = this.lookup(pc);
      if (!fe) {
        if (i > 0 || !this.inModule(regs[14]!) || (regs[14]! & ~1) === pc) return false;
        pc = callPc(regs[14]!);
        continue;
      }
      if (fe.handler) return true;
      this.unwindFrame(fe, pc, regs);
      if (!this.inModule(regs[14]!)) return false;
      pc = callPc(regs[14]!);
    }
    return false;
  }

  private inModule(a: number): boolean {
    a = (a & ~1) >>> 0;
    return a !== 0 && this.m.modules.some((mod) => a >= mod.base && a < mod.base + mod.size);
  }

  /** Walks to the next frame with a language handler and calls it; no more frames: unhandled. */
  private next(d: Dispatch): void {
    const mem = this.m.mem;
    while (d.frames++ < MAX_FRAMES) {
      const pc = d.controlPc;
      const fe = this.lookup(pc);
      if (!fe) {
        // A leaf function without .pdata: the return address is still in LR (first frame only).
        if (d.frames > 1 || !this.inModule(d.cur[14]!) || (d.cur[14]! & ~1) === pc) break;
        d.controlPc = callPc(d.cur[14]!);
        setPc(d.cur, d.cur[14]!);
        continue;
      }
      const establisher = this.unwindFrame(fe, pc, d.cur);
      const ret = d.cur[14]!;
      setPc(d.cur, ret);
      if (fe.handler) {
        const dc = d.area + OFF_DISPATCHER;
        const rf = d.area + OFF_FUNCTION;
        mem.setU32(rf, fe.begin | (fe.thumb ? 1 : 0));
        mem.setU32(rf + 4, fe.end);
        mem.setU32(rf + 8, fe.handler);
        mem.setU32(rf + 12, fe.handlerData);
        mem.setU32(rf + 16, fe.prologEnd);
        mem.setU32(dc, pc);
        mem.setU32(dc + 4, rf);
        mem.setU32(dc + 8, establisher);
        mem.setU32(dc + 12, d.area + OFF_CTX);
        d.onReturn = (disposition) => {
          if (disposition === 0 && !((d.info.flags ?? 0) & EXCEPTION_NONCONTINUABLE)) {
            this.finish(d);
            this.writeCpu(this.readContext(d.area + OFF_CTX));
          } else if (disposition === 1 && this.inModule(ret)) {
            d.controlPc = callPc(ret);
            this.next(d);
          } else {
            this.finish(d);
            d.unhandled();
          }
        };
        this.callGuest(fe.handler, [d.area + OFF_REC, establisher, d.area + OFF_CTX, dc], d.area);
        return;
      }
      if (!this.inModule(ret)) break;
      d.controlPc = callPc(ret);
    }
    this.finish(d);
    d.unhandled();
  }

  private finish(d: Dispatch): void {
    d.done = true;
    const stack = this.active.get(d.t);
    if (!stack) return;
    const i = stack.indexOf(d);
    if (i >= 0) stack.splice(i, 1);
    if (!stack.length) this.active.delete(d.t);
  }

  /** The dispatch in progress on thread t (innermost). */
  current(t: GuestThread): { recordPtr: number; contextPtr: number; pointersPtr: number; code: number } | undefined {
    const stack = this.active.get(t);
    const d = stack?.[stack.length - 1];
    if (!d) return undefined;
    return { recordPtr: d.area + OFF_REC, contextPtr: d.area + OFF_CTX, pointersPtr: d.area + OFF_POINTERS, code: d.info.code >>> 0 };
  }

  /**
   * RtlUnwind for EXCEPTION_EXECUTE_HANDLER: finds the frame whose establisher frame is `frame`,
   * restores its registers as they are in its body, and continues there at `target` with R0 = `r0`.
   * Returns false if no such frame exists.
   */
  unwindTo(t: GuestThread, frame: number, target: number, r0: number): boolean {
    const stack = this.active.get(t);
    const d = stack?.[stack.length - 1];
    if (!d) return false;
    const regs = [...d.ctx0];
    let pc = d.startPc;
    for (let i = 0; i < MAX_FRAMES; i++) {
      const fe = this.lookup(pc);
      if (!fe) {
        if (i > 0) return false;
        pc = callPc(regs[14]!);
        setPc(regs, regs[14]!);
        continue;
      }
      const body = [...regs];
      const est = this.unwindFrame(fe, pc, regs);
      if (est === frame >>> 0) {
        body[0] = r0 >>> 0;
        setPc(body, target);
        this.finish(d);
        this.writeCpu(body);
        return true;
      }
      setPc(regs, regs[14]!);
      pc = callPc(regs[14]!);
    }
    return false;
  }

  // ------------------------------------------------------------------ guest calls
  private callGuest(fn: number, args: number[], sp: number): void {
    const b = this.m.uc.batch([ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC]);
    const v = b.values;
    for (let i = 0; i < 4; i++) v[i] = args[i] ?? 0;
    v[4] = sp;
    v[5] = this.trap();
    v[6] = fn; // bit 0 selects Thumb
    b.write();
  }

  private onHandlerReturn(cx: ApiContext): void {
    const stack = this.active.get(cx.thread);
    const d = stack?.[stack.length - 1];
    const k = d?.onReturn;
    if (!d || !k) {
      this.m.cpuException(cx.thread, 2, cx.lr);
      return;
    }
    d.onReturn = undefined;
    k(cx.regs[0]!);
  }

  // ------------------------------------------------------------------ records
  private writeRecord(d: Dispatch): void {
    const mem = this.m.mem;
    const p = d.area + OFF_REC;
    const params = (d.info.params ?? []).slice(0, 15);
    mem.fill(p, REC_SIZE, 0);
    mem.setU32(p, d.info.code >>> 0);
    mem.setU32(p + 4, (d.info.flags ?? 0) >>> 0);
    mem.setU32(p + 12, d.info.address >>> 0);
    mem.setU32(p + 16, params.length);
    params.forEach((x, i) => mem.setU32(p + 20 + 4 * i, x >>> 0));
  }

  private writeContext(p: number, regs: Regs): void {
    const mem = this.m.mem;
    mem.fill(p, CTX.size, 0);
    mem.setU32(p + CTX.flags, CONTEXT_FULL);
    for (let i = 0; i < 13; i++) mem.setU32(p + CTX.r0 + 4 * i, regs[i]! >>> 0);
    mem.setU32(p + CTX.sp, regs[13]! >>> 0);
    mem.setU32(p + CTX.lr, regs[14]! >>> 0);
    mem.setU32(p + CTX.pc, regs[15]! >>> 0);
    mem.setU32(p + CTX.psr, regs[16]! >>> 0);
  }

  private readContext(p: number): Regs {
    const mem = this.m.mem;
    const regs: Regs = [];
    for (let i = 0; i < 13; i++) regs.push(mem.u32(p + CTX.r0 + 4 * i));
    regs.push(mem.u32(p + CTX.sp), mem.u32(p + CTX.lr), mem.u32(p + CTX.pc), mem.u32(p + CTX.psr));
    return regs;
  }

  /** Loads a full context into the CPU (CPSR flags and mode bit, then R0-R15; PC bit 0 = Thumb). */
  private writeCpu(regs: Regs): void {
    const b = this.m.uc.batch([
      ARM_REG.CPSR, ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.R4, ARM_REG.R5, ARM_REG.R6, ARM_REG.R7,
      ARM_REG.R8, ARM_REG.R9, ARM_REG.R10, ARM_REG.R11, ARM_REG.R12, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC,
    ]);
    const v = b.values;
    const thumb = (regs[16]! & T_BIT) !== 0;
    v[0] = (regs[16]! & ~0x1f) | 0x10; // user mode
    for (let i = 0; i < 15; i++) v[1 + i] = regs[i]! >>> 0;
    v[16] = ((regs[15]! & ~1) | (thumb ? 1 : 0)) >>> 0;
    b.write();
  }
}

/** The machine's SEH dispatcher (created on first use, kept in machine.state). */
export function sehOf(m: Machine): Seh {
  let s = m.state.get('seh') as Seh | undefined;
  if (!s) m.state.set('seh', (s = new Seh(m)));
  return s;
}

function armImm(i: number): number {
  const rot = ((i >>> 8) & 0xf) * 2;
  const v = i & 0xff;
  return rot ? ((v >>> rot) | (v << (32 - rot))) >>> 0 : v;
}

/** Address used to look up the caller's function: the call instruction, not the return address. */
function callPc(ret: number): number {
  return ret & 1 ? (ret & ~1) - 2 : ret - 4;
}

function setPc(regs: Regs, addr: number): void {
  regs[15] = (addr & ~1) >>> 0;
  regs[16] = addr & 1 ? regs[16]! | T_BIT : regs[16]! & ~T_BIT;
}
