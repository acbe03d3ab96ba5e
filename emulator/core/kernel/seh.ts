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
 *  - each frame is virtually unwound like the CE kernel's RtlVirtualUnwind (ArmVirtualUnwind,
 *    ThumbVirtualUnwind): when the control PC is at or after the end of the prolog, the instructions
 *    from the PC on are first decoded forward; if they form an epilog (ARM: add sp / vpop / ldm{ia,db}
 *    with pc, or ldmia with lr then b/bx, or mov pc,lr / bx lr; Thumb: add sp, pop, mov hi-reg,
 *    pop {pc} or bx), the rest of the epilog is executed forward on the register set. Otherwise the
 *    executed part of the prolog is reverse-executed (ARM: stmdb sp!, sub sp (also ldr r12,=N;
 *    sub sp,sp,r12 or add sp,sp,r12 with N negative), str rX,[sp,#-4]!, mov rX,sp, vpush; Thumb-1: push, sub sp, mov rLo,rHi,
 *    ldr rX,=N [neg rX] add sp,rX; Thumb-2: push.w, vpush, str.w). The establisher frame is the SP
 *    after unwinding (the caller's SP), as in the CE kernel; a frame whose PC is in its prolog or
 *    epilog is not "in function" and its handler is not called;
 *  - the frame's language handler is called in the guest as
 *    handler(EXCEPTION_RECORD*, EstablisherFrame, CONTEXT*, DISPATCHER_CONTEXT*), with the records on
 *    the guest stack below the faulting SP; it returns ExceptionContinueExecution (0: resume with the
 *    CONTEXT record), ExceptionContinueSearch (1: next frame), or ExceptionExecuteHandler (4, CE: the
 *    handler has put the continuation address in DispatcherContext->ControlPc);
 *  - ExceptionExecuteHandler starts the unwind pass (CE's RtlUnwind): the frames from the exception
 *    to the establisher frame of the accepting handler are walked again, and every frame's language
 *    handler is called with EXCEPTION_UNWINDING (plus EXCEPTION_TARGET_UNWIND for the target frame),
 *    the frame's CONTEXT with Pc = the target and R0 = the exception code, so that termination
 *    handlers run innermost first; then the target frame's registers (as in its body) are loaded with
 *    R0 = exception code and PC = the target.
 *
 * `__C_specific_handler` (coredll, emulator/dlls/coredll/seh.ts) is the TypeScript language handler
 * of C `__try/__except/__finally`: scope table (HandlerData: Count, then { BeginAddress, EndAddress,
 * HandlerAddress, JumpTarget } with absolute addresses; JumpTarget 0 = a __finally whose
 * HandlerAddress is the termination handler, called as handler(AbnormalTermination = TRUE,
 * EstablisherFrame) during the unwind pass).
 *
 * Exceptions raised while another is dispatched (CE 6 exdsptch.c / RtlSup.s semantics): handlers are
 * called with SP = the dispatch's area and return to a trap, which stands for CE's
 * RtlpExecuteHandlerForException/ForUnwind frames. A walk (dispatch or unwind pass) that returns
 * to that trap at that SP has reached the dispatcher and goes on in the context of the exception
 * being dispatched (as CE unwinds through RtlDispatchException's exception frame):
 *  - nested exception (raised by a filter or a language handler in the dispatch pass):
 *    RtlpExceptionHandler answers ExceptionNestedException, so EXCEPTION_NESTED_CALL is set and
 *    NestedFrame = the establisher frame whose handler raised; the first exception's frames are
 *    examined again (their filters run for the new exception) and the flag is cleared after the
 *    NestedFrame frame's handler. An unwind to a frame above abandons the first dispatch and runs
 *    its frames' termination handlers;
 *  - collided unwind (an exception raised by a __finally the unwind pass runs, caught by a frame
 *    whose unwind crosses the first unwind): RtlpUnwindHandler answers ExceptionCollidedUnwind with
 *    the first unwind's dispatcher context, the frame whose handler raised is called again with
 *    EXCEPTION_COLLIDED_UNWIND and the ControlPc its handler left (past the running __finally),
 *    then the second unwind goes on to its own target; the first unwind is abandoned.
 * A dispatch is forgotten when the thread continues above its area (a landing, a resume, longjmp
 * out of a filter or __finally, a later exception raised above it).
 *
 * Not done: no exit unwind when nothing handles an exception (the run ends at once, as on the
 * device's crash dialog).
 */
import type { Machine } from '../machine.js';
import type { GuestThread } from './thread.js';
import type { ApiContext } from '../api/context.js';
import { ARM_REG } from '../unicorn/constants.js';
import { ALL_REGS } from '../unicorn/unicorn.js';
import { DIR_EXCEPTION } from '../pe/pe-file.js';
import { conditionPasses, popcount } from './fault-pc.js';
import { defineSlot } from '../slot.js';
import { hex8 } from './report.js';

export const EXCEPTION_ACCESS_VIOLATION = 0xc0000005;
export const EXCEPTION_INT_DIVIDE_BY_ZERO = 0xc0000094;
export const EXCEPTION_ILLEGAL_INSTRUCTION = 0xc000001d;
export const EXCEPTION_BREAKPOINT = 0x80000003;
export const EXCEPTION_NONCONTINUABLE_EXCEPTION = 0xc0000025;
/** The exception code MSVC's C++ `throw` raises ('msc' | 0xE0000000, ehdata.h EH_EXCEPTION_NUMBER). */
export const EXCEPTION_CXX = 0xe06d7363;
export const EXCEPTION_NONCONTINUABLE = 1;
export const EXCEPTION_UNWINDING = 2;
export const EXCEPTION_EXIT_UNWIND = 4;
export const EXCEPTION_NESTED_CALL = 0x10;
export const EXCEPTION_TARGET_UNWIND = 0x20;
export const EXCEPTION_COLLIDED_UNWIND = 0x40;
/** EXCEPTION_DISPOSITION values (CE excpt.h; ExceptionExecuteHandler is CE's). */
export const ExceptionContinueExecution = 0;
export const ExceptionContinueSearch = 1;
export const ExceptionExecuteHandler = 4;

const NAMES: Record<number, string> = {
  [EXCEPTION_ACCESS_VIOLATION]: 'access violation',
  [EXCEPTION_INT_DIVIDE_BY_ZERO]: 'integer divide by zero',
  [EXCEPTION_ILLEGAL_INSTRUCTION]: 'illegal instruction',
  [EXCEPTION_BREAKPOINT]: 'breakpoint',
  [EXCEPTION_NONCONTINUABLE_EXCEPTION]: 'noncontinuable exception',
  [EXCEPTION_CXX]: 'C++ exception',
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
/** Frames one walk may visit (through the dispatches it crosses). */
const MAX_STEPS = 256;
const T_BIT = 0x20;

/** A walk over the frames of a context (the dispatch pass and the unwind pass each have one). */
interface Walker {
  /** Registers of the next frame (the caller's after each step). */
  regs: Regs;
  /** Control PC of the next frame; -1 once the walk returned to `ret` outside every module (a trap). */
  pc: number;
  ret: number;
  /** The next frame may be a leaf function without .pdata (its return address is still in LR). */
  leafOk: boolean;
  steps: number;
}

interface Dispatch {
  t: GuestThread;
  info: ExceptionInfo;
  /** Context at the exception. */
  ctx0: Regs;
  /** Control PC of the first frame (the call instruction for exceptions raised by an API). */
  startPc: number;
  /** The dispatch pass's walk. */
  walk: Walker;
  /** ExceptionFlags of the dispatch pass (CE keeps them apart from the record): NONCONTINUABLE, NESTED_CALL. */
  flags: number;
  /** End of the nested region (CE's NestedFrame): the establisher frame whose handler raised; 0 = none. */
  nestedFrame: number;
  /** Establisher frame of the frame whose handler is being called (what RtlpExceptionHandler reports). */
  handlerFrame: number;
  /** Records and handler frames live here, below the exception's SP; handlers are called with SP = area. */
  area: number;
  unhandled: () => void;
  /** Continuation of the language handler call in progress. */
  onReturn?: (disposition: number, cx: ApiContext) => void;
  /** The unwind pass, once a handler returned ExceptionExecuteHandler. */
  unwind?: UnwindState;
  done: boolean;
}

/** A frame whose language handler the unwind pass calls. */
interface UnwindCall {
  fe: FunctionEntry;
  controlPc: number;
  frame: number;
  /** Registers as in the frame's body. */
  body: Regs;
  /** The caller's registers (the walk's state after this frame). */
  after: Regs;
  ret: number;
}

interface UnwindState {
  walk: Walker;
  targetFrame: number;
  targetPc: number;
  returnValue: number;
  /** The frame whose handler is being called: a collided unwind continues from it. */
  call?: UnwindCall;
}

type Step = { kind: 'frame'; fe: FunctionEntry; pc: number; body: Regs; u: Unwound } | { kind: 'cross'; outer: Dispatch } | { kind: 'end' };
const END: Step = { kind: 'end' };

/** Result of virtually unwinding one frame. */
export interface Unwound {
  /** Establisher frame: the SP after unwinding (the caller's SP). */
  frame: number;
  /** Return address into the caller (bit 0 = Thumb). */
  ret: number;
  /** The PC was in the function's body (not in its prolog or epilog): its handler applies. */
  inFunction: boolean;
}

const UNREADABLE = Symbol('unreadable stack');

export class Seh {
  private readonly active = new Map<GuestThread, Dispatch[]>();
  private returnTrap = 0;

  constructor(private readonly m: Machine) {}

  private trap(): number {
    return (this.returnTrap ||= this.m.dispatcher.trapFor({ dll: 'wmemu', name: 'ExceptionHandlerReturn', internal: (cx) => this.onHandlerReturn(cx) }));
  }

  // ------------------------------------------------------------------ .pdata
  /**
   * The .pdata entry of the function containing `pc`, from the exception directory of the loaded
   * module containing it; outside every module, from the tables registered with CeSetExtendedPdata
   * (coredll's dispatcher reads them; the CE kernel's call-stack walk does not: `extended` false).
   */
  lookup(pc: number, extended = true): FunctionEntry | undefined {
    pc >>>= 0;
    for (const mod of this.m.modules) {
      if (pc < mod.base || pc >= mod.base + mod.size) continue;
      const dir = mod.pe.dataDirectories[DIR_EXCEPTION];
      if (!dir || dir.size < 8) return undefined;
      return this.search(mod.base + dir.rva, Math.floor(dir.size / 8), pc);
    }
    return extended ? this.lookupExtended(pc) : undefined;
  }

  /** Searches `count` IMAGE_CE_RUNTIME_FUNCTION_ENTRY records at `table` for the function containing pc. */
  private search(table: number, count: number, pc: number): FunctionEntry | undefined {
    const mem = this.m.mem;
    for (let p = table, i = 0; i < count; p += 8, i++) {
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

  /**
   * Extended .pdata (CeSetExtendedPdata, dlls/coredll/callstack.ts): CE 6 coredll keeps the pointer it
   * is given in a global and, for a PC outside every module, reads it as a pointer to the head of a
   * list of tables { pNext, cEntries, IMAGE_CE_RUNTIME_FUNCTION_ENTRY[cEntries] } (ce6 coredll.dll
   * RVA 0x3ecc0: `ldr r3,[global]; ldr r3,[r3]` then `node = node->pNext`). A table is searched
   * when the PC passes its coarse range check, which coredll computes as
   * [first.BeginAddress, last.BeginAddress + last.FuncLen) with FuncLen NOT scaled to bytes (RVA
   * 0x3ebcc: `(word << 2) >> 10` added as is); the entries are then searched with their lengths in
   * instructions, as in a module (RVA 0x3f9b0). Both are done here as coredll does them.
   */
  private lookupExtended(pc: number): FunctionEntry | undefined {
    if (!this.extendedPdata) return undefined;
    const mem = this.m.mem;
    let node = mem.peek32(this.extendedPdata);
    for (let n = 0; node && n < 1024; n++) {
      const count = mem.peek32(node + 4);
      if (count === undefined) return undefined;
      if (count) {
        const begin = mem.peek32(node + 8);
        const lastBegin = mem.peek32(node + 8 + (count - 1) * 8);
        const lastWord = mem.peek32(node + 12 + (count - 1) * 8);
        if (begin === undefined || lastBegin === undefined || lastWord === undefined) return undefined;
        const end = (lastBegin + ((lastWord << 2) >>> 10)) >>> 0;
        if (pc >= begin >>> 0 && pc < end) return this.search(node + 8, count, pc);
      }
      node = mem.peek32(node);
    }
    return undefined;
  }

  /** CeSetExtendedPdata's pointer (0: none): where the head of the extended .pdata list is read from. */
  extendedPdata = 0;

  /**
   * The context a walk goes on in when it returns to the handler-return trap with SP = `sp`: the
   * exception that dispatch handles (CE unwinds through RtlDispatchException's exception frame).
   */
  dispatchContextAt(t: GuestThread, sp: number): { regs: Regs; controlPc: number } | undefined {
    const o = this.outerAt(t, sp, this.trap());
    return o && { regs: [...o.ctx0], controlPc: o.startPc };
  }

  // ------------------------------------------------------------------ virtual unwind
  /**
   * Virtually unwinds the frame of `fe` with control at `controlPc`: `regs` become the caller's
   * registers (SP = the establisher frame). Returns the return address (bit 0 = Thumb), the
   * establisher frame and whether the PC was in the function's body (not in its prolog or epilog);
   * undefined when the stack cannot be read.
   */
  unwindFrame(fe: FunctionEntry, controlPc: number, regs: Regs): Unwound | undefined {
    try {
      if (controlPc >= fe.prologEnd) {
        const ep = [...regs];
        const ret = fe.thumb ? this.thumbEpilog(controlPc, fe.end, ep) : this.armEpilog(controlPc, fe.end, ep);
        if (ret !== undefined) {
          for (let i = 0; i < 17; i++) regs[i] = ep[i]!;
          regs[14] = ret;
          return { frame: regs[13]!, ret, inFunction: false };
        }
      }
      if (fe.thumb) this.thumbProlog(fe, controlPc, regs);
      else this.armProlog(fe, controlPc, regs);
      return { frame: regs[13]!, ret: regs[14]!, inFunction: controlPc >= fe.prologEnd };
    } catch (e) {
      if (e === UNREADABLE) return undefined;
      throw e;
    }
  }

  private rd32(a: number): number {
    const v = this.m.mem.peek32(a >>> 0);
    if (v === undefined) throw UNREADABLE;
    return v;
  }
  private rd16(a: number): number {
    return a & 2 ? this.rd32(a - 2) >>> 16 : this.rd32(a) & 0xffff;
  }

  /** LDM (any base, IA/IB/DA/DB, writeback) executed on regs. */
  private ldm(i: number, regs: Regs): void {
    const rn = (i >>> 16) & 0xf;
    const list = i & 0xffff;
    const n = popcount(list);
    const up = (i >>> 23) & 1;
    const pre = (i >>> 24) & 1;
    const base = regs[rn]!;
    let a = up ? base + (pre ? 4 : 0) : base - 4 * n + (pre ? 0 : 4);
    const vals: number[] = [];
    for (let r = 0; r < 16; r++) {
      if (list & (1 << r)) {
        vals[r] = this.rd32(a);
        a += 4;
      }
    }
    if ((i >>> 21) & 1 && !(list & (1 << rn))) regs[rn] = (up ? base + 4 * n : base - 4 * n) >>> 0;
    for (let r = 0; r < 16; r++) if (list & (1 << r)) regs[r] = vals[r]!;
  }

  /**
   * ARM epilog at pc (ArmVirtualUnwind): add sp,sp,#imm / vpop (fldmiad sp!) / ldr lr,[sp],#4, then a
   * return: ldm{ia,db} rN, {..pc}, ldr pc,[sp],#4, mov pc,lr / bx lr, or ldmia sp!, {..lr} followed by
   * b/bx (a tail call). Executes it forward on regs and returns the return address, or undefined when
   * the instructions from pc on are not an epilog (regs may then be partly updated: pass a copy).
   */
  private armEpilog(pc: number, end: number, regs: Regs): number | undefined {
    for (let a = pc; a < end && a < pc + 64; a += 4) {
      const i = this.rd32(a);
      // 0b1111 is the unconditional space: no epilog instruction lives there.
      if (i >>> 28 === 0xf || !conditionPasses(i >>> 28, regs[16]!)) return undefined;
      const op = i & 0x0fffffff;
      if ((op & 0x0ffff000) === 0x028dd000)
        regs[13] = (regs[13]! + armImm(i)) >>> 0; // add sp, sp, #imm
      else if ((op & 0x0fff0f00) === 0x0cbd0b00)
        regs[13] = (regs[13]! + (i & 0xff) * 4) >>> 0; // vpop / fldmiad sp!
      else if (op === 0x049de004)
        this.ldm(0x08bd4000, regs); // ldr lr, [sp], #4
      else if (op === 0x01a0f00e || op === 0x012fff1e)
        return regs[14]!; // mov pc, lr / bx lr
      else if (op === 0x049df004) {
        this.ldm(0x08bd8000, regs); // ldr pc, [sp], #4
        return regs[15]!;
      } else if ((op & 0x0e108000) === 0x08108000) {
        this.ldm(i, regs); // ldm rN, {.., pc}
        return regs[15]!;
      } else if ((op & 0x0fff4000) === 0x08bd4000) {
        const next = this.rd32(a + 4) & 0x0fffffff;
        if ((next & 0x0f000000) !== 0x0a000000 && (next & 0x0ffffff0) !== 0x012fff10) return undefined;
        this.ldm(i, regs); // ldmia sp!, {.., lr}; b target (tail call) / bx rN
        return regs[14]!;
      } else return undefined;
    }
    return undefined;
  }

  /**
   * Thumb epilog at pc: add sp,#imm / add sp,rM / ldr rX,[pc,#] / mov hi,lo (restoring r8-r11) /
   * mov sp,rX / pop {list} / vpop / pop.w, ending in pop {..pc}, pop.w {..pc}, ldr.w pc,[sp],#4 or
   * bx rM (e.g. `pop {r3}; bx r3` of ARMv4T interworking returns).
   */
  private thumbEpilog(pc: number, end: number, regs: Regs): number | undefined {
    const pop = (list: number) => this.ldm(0x08bd0000 | list, regs);
    for (let a = pc; a < end && a < pc + 64;) {
      const hw = this.rd16(a);
      if (hw >>> 11 >= 0b11101) {
        const hw2 = this.rd16(a + 2);
        a += 4;
        if (hw === 0xe8bd) {
          pop(hw2);
          if (hw2 & 0x8000) return regs[15]!;
        } else if (hw === 0xf85d && hw2 === 0xfb04) {
          pop(0x8000);
          return regs[15]!;
        } else if (hw === 0xecbd && (hw2 & 0x0e00) === 0x0a00) regs[13] = (regs[13]! + (hw2 & 0xff) * 4) >>> 0;
        else return undefined;
        continue;
      }
      a += 2;
      if ((hw & 0xff80) === 0xb000)
        regs[13] = (regs[13]! + (hw & 0x7f) * 4) >>> 0; // add sp, #imm
      else if ((hw & 0xff87) === 0x4485)
        regs[13] = (regs[13]! + regs[(hw >>> 3) & 0xf]!) >>> 0; // add sp, rM
      else if ((hw & 0xf800) === 0x4800)
        regs[(hw >>> 8) & 7] = this.rd32(((a - 2) & ~3) + 4 + (hw & 0xff) * 4); // ldr rX, [pc, #]
      else if ((hw & 0xff00) === 0x4600 && hw & 0x80 && (hw & 0x87) !== 0x87)
        regs[8 + (hw & 7)] = regs[(hw >>> 3) & 0xf]!; // mov hi, rM
      else if ((hw & 0xfe00) === 0xbc00) {
        pop((hw & 0xff) | (hw & 0x100 ? 0x8000 : 0)); // pop {list[, pc]}
        if (hw & 0x100) return regs[15]!;
      } else if ((hw & 0xff87) === 0x4700)
        return regs[(hw >>> 3) & 0xf]!; // bx rM
      else return undefined;
    }
    return undefined;
  }

  /** Reverse-executes the executed part of an ARM prolog. */
  private armProlog(fe: FunctionEntry, controlPc: number, regs: Regs): void {
    const limit = Math.min(controlPc, fe.prologEnd);
    const pop = (r: number) => this.ldm(0x08bd0000 | (1 << r), regs);
    for (let a = limit - 4; a >= fe.begin; a -= 4) {
      const i = this.rd32(a);
      const is = (mask: number, value: number) => (i & mask) >>> 0 === value;
      if (is(0xffff0000, 0xe92d0000))
        this.ldm(0xe8bd0000 | (i & 0xffff), regs); // stmdb sp!, {list}
      else if (is(0xfffff000, 0xe24dd000))
        regs[13] = (regs[13]! + armImm(i)) >>> 0; // sub sp, sp, #imm
      else if (is(0xfffff000, 0xe28dd000))
        regs[13] = (regs[13]! - armImm(i)) >>> 0; // add sp, sp, #-imm
      else if (is(0xfffffff0, 0xe04dd000) || is(0xfffffff0, 0xe08dd000)) {
        // sub sp, sp, rM / add sp, sp, rM (rM negative: ce6 emulatorstub.exe, `ldr r12, =-0x1064;
        // add sp, sp, r12`) with rM loaded from the literal pool earlier in the prolog (large frames)
        const rm = i & 0xf;
        const sign = is(0xfffffff0, 0xe08dd000) ? -1 : 1;
        for (let b = a - 4; b >= fe.begin; b -= 4) {
          const l = this.rd32(b);
          if (((l & 0xffff0000) >>> 0 === 0xe59f0000 || (l & 0xffff0000) >>> 0 === 0xe51f0000) && ((l >>> 12) & 0xf) === rm) {
            const off = l & 0xfff;
            regs[13] = (regs[13]! + sign * this.rd32(b + 8 + (l & 0x00800000 ? off : -off))) >>> 0;
            break;
          }
        }
      } else if (is(0xffff0fff, 0xe52d0004))
        pop((i >>> 12) & 0xf); // str rX, [sp, #-4]!
      else if (is(0xffff0fff, 0xe1a0000d))
        regs[13] = regs[(i >>> 12) & 0xf]!; // mov rX, sp
      else if (is(0xffff0f00, 0xed2d0b00)) regs[13] = (regs[13]! + (i & 0xff) * 4) >>> 0; // vpush / fstmdbd
    }
  }

  /**
   * Reverse-executes the executed part of a Thumb prolog (ThumbVirtualUnwind): Thumb-1 push, sub sp,
   * mov rLo, rHi (saving r8-r11 through low registers), `ldr rX, =N; [neg rX, rX;] add sp, rX` (large
   * frames), mov rX, sp (frame pointer); Thumb-2 push.w, vpush, str.w rX, [sp, #-4]!.
   */
  private thumbProlog(fe: FunctionEntry, controlPc: number, regs: Regs): void {
    const limit = Math.min(controlPc, fe.prologEnd);
    const insns: [number, number, number][] = [];
    for (let a = fe.begin; a < limit;) {
      const hw1 = this.rd16(a);
      const wide = hw1 >>> 11 >= 0b11101;
      insns.push([hw1, wide ? this.rd16(a + 2) : 0, a]);
      a += wide ? 4 : 2;
    }
    const popList = (list: number) => this.ldm(0x08bd0000 | list, regs);
    let spReg = -1;
    let spSign = 1;
    for (const [hw1, hw2, a] of insns.reverse()) {
      if ((hw1 & 0xfe00) === 0xb400)
        popList((hw1 & 0xff) | (hw1 & 0x100 ? 0x4000 : 0)); // push {list, lr}
      else if ((hw1 & 0xff80) === 0xb080)
        regs[13] = (regs[13]! + (hw1 & 0x7f) * 4) >>> 0; // sub sp, #imm
      else if ((hw1 & 0xff87) === 0x4485) {
        spReg = (hw1 >>> 3) & 0xf; // add sp, rM: its value comes from a literal load before it
        spSign = 1;
      } else if ((hw1 & 0xffc0) === 0x4240 && (hw1 & 7) === spReg)
        spSign = -spSign; // neg rX, rX
      else if ((hw1 & 0xf800) === 0x4800 && ((hw1 >>> 8) & 7) === spReg) {
        const n = this.rd32((a & ~3) + 4 + (hw1 & 0xff) * 4) | 0; // ldr rX, [pc, #imm]
        regs[13] = (regs[13]! - n * spSign) >>> 0;
        spReg = -1;
      } else if ((hw1 & 0xff00) === 0x4600) {
        // mov rD, rM (high registers): reverse = rM gets rD's value (mov r4, r8 / mov r7, sp)
        const d = (hw1 & 7) | ((hw1 >>> 4) & 8);
        const m = (hw1 >>> 3) & 0xf;
        if (d !== 15 && m !== 15) regs[m] = regs[d]!;
      } else if (hw1 === 0xe92d)
        popList(hw2); // push.w
      else if (hw1 === 0xed2d && (hw2 & 0x0e00) === 0x0a00)
        regs[13] = (regs[13]! + (hw2 & 0xff) * 4) >>> 0; // vpush
      else if (hw1 === 0xf84d && (hw2 & 0x0fff) === 0x0d04) popList(1 << (hw2 >>> 12)); // str.w rX, [sp, #-4]!
    }
  }

  // ------------------------------------------------------------------ raising
  /**
   * Raises an exception on thread t with context `ctx`. Returns false when no guest handler exists
   * anywhere on the stack (the caller reports the crash itself); otherwise the dispatch runs in the
   * guest and `unhandled` is called if every handler declines. The CPU registers are set for the
   * first handler call (the caller makes the thread runnable when not inside a hook).
   */
  raise(t: GuestThread, info: ExceptionInfo, ctx: Regs, unhandled: () => void, controlPc = ctx[15]!): boolean {
    // A dispatch whose handler frames the thread has left (a longjmp out of a filter) is over.
    this.abandonBelow(t, ctx[13]!);
    if (!this.hasHandler(t, ctx, controlPc)) return false;
    const area = ((ctx[13]! - AREA_SIZE) & ~7) >>> 0;
    if (!this.m.mem.isUserRange(area, AREA_SIZE, 'write')) {
      // No stack left below the faulting SP for the records (issue 17 item 9: a malformed .pdata
      // whose handler faults makes each dispatch raise a nested one, each further down the stack).
      // CE's kernel cannot push the exception frame either and ends the thread's process: the caller
      // reports the exception as a guest crash.
      this.m.debugOutput(
        `exception ${hex8(info.code)} at ${hex8(info.address)}: no stack left to dispatch it (SP ${hex8(ctx[13]!)}, ${this.active.get(t)?.length ?? 0} dispatches in progress)`,
      );
      return false;
    }
    const d: Dispatch = {
      t,
      info,
      ctx0: [...ctx],
      startPc: controlPc,
      walk: walker(ctx, controlPc, 0),
      area,
      unhandled,
      done: false,
      flags: (info.flags ?? 0) & EXCEPTION_NONCONTINUABLE,
      nestedFrame: 0,
      handlerFrame: 0,
    };
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
    const regs = this.m.uc.batch(ALL_REGS);
    const ctx = Array.from(regs.read());
    for (let i = 0; i < 4; i++) ctx[i] = cx.regs[i]!;
    ctx[13] = cx.sp;
    ctx[14] = cx.lr;
    ctx[15] = (cx.lr & ~1) >>> 0;
    ctx[16] = cx.lr & 1 ? ctx[16]! | T_BIT : ctx[16]! & ~T_BIT;
    // Scopes are matched against the call instruction (the return address may be just past a __try).
    return this.raise(cx.thread, { ...info, address: ctx[15]! }, ctx, unhandled, callPc(cx.lr));
  }

  // ------------------------------------------------------------------ frame walks
  /**
   * The next frame of a walk, virtually unwound. A walk that returns to a trap with the SP at which
   * a dispatch in progress calls its handlers has reached the dispatcher's own frames (CE's
   * RtlpExecuteHandlerForException/ForUnwind, RtlDispatchException, and the exception frame whose
   * unwind codes restore the context of the exception being dispatched): 'cross' hands that
   * dispatch to the caller, which goes on in its context or stops there.
   */
  private step(t: GuestThread, w: Walker): Step {
    while (w.steps++ < MAX_STEPS) {
      if (w.pc < 0) {
        const outer = this.outerAt(t, w.regs[13]!, w.ret);
        return outer ? { kind: 'cross', outer } : END;
      }
      const pc = w.pc;
      const fe = this.lookup(pc);
      if (!fe) {
        // A leaf function without .pdata: the return address is still in LR (first frame only).
        const lr = w.regs[14]!;
        if (!w.leafOk || (lr & ~1) === pc || !lr) return END;
        w.leafOk = false;
        setPc(w.regs, lr);
        this.toCaller(w, lr);
        continue;
      }
      w.leafOk = false;
      const body = [...w.regs];
      const u = this.unwindFrame(fe, pc, w.regs);
      if (!u) return END;
      setPc(w.regs, u.ret);
      this.toCaller(w, u.ret);
      return { kind: 'frame', fe, pc, body, u };
    }
    return END;
  }

  private toCaller(w: Walker, ret: number): void {
    w.ret = ret;
    w.pc = this.inModule(ret) ? callPc(ret) : -1;
  }

  /** The dispatch of thread t whose handler call (SP = its area) a walk returning to `ret` at `sp` reached. */
  private outerAt(t: GuestThread, sp: number, ret: number): Dispatch | undefined {
    if (this.inModule(ret)) return undefined;
    const stack = this.active.get(t) ?? [];
    for (let i = stack.length - 1; i >= 0; i--) {
      const o = stack[i]!;
      if (o.area === sp >>> 0 && o.onReturn) return o;
    }
    return undefined;
  }

  /** Whether some frame of the stack described by ctx (through the dispatches it crosses) has a language handler. */
  private hasHandler(t: GuestThread, ctx: Regs, controlPc: number): boolean {
    let w = walker(ctx, controlPc, 0);
    for (;;) {
      const s = this.step(t, w);
      if (s.kind === 'end') return false;
      if (s.kind === 'cross') w = walker(s.outer.ctx0, s.outer.startPc, w.steps);
      else if (s.fe.handler && s.u.inFunction) return true;
    }
  }

  private inModule(a: number): boolean {
    a = (a & ~1) >>> 0;
    return a !== 0 && this.m.modules.some((mod) => a >= mod.base && a < mod.base + mod.size);
  }

  /** Fills the DISPATCHER_CONTEXT (and the RUNTIME_FUNCTION it points to) for a handler call. */
  private writeDispatcherContext(d: Dispatch, controlPc: number, fe: FunctionEntry, frame: number): number {
    const mem = this.m.mem;
    const dc = d.area + OFF_DISPATCHER;
    const rf = d.area + OFF_FUNCTION;
    mem.setU32(rf, fe.begin | (fe.thumb ? 1 : 0));
    mem.setU32(rf + 4, fe.end);
    mem.setU32(rf + 8, fe.handler);
    mem.setU32(rf + 12, fe.handlerData);
    mem.setU32(rf + 16, fe.prologEnd);
    mem.setU32(dc, controlPc);
    mem.setU32(dc + 4, rf);
    mem.setU32(dc + 8, frame);
    mem.setU32(dc + 12, d.area + OFF_CTX);
    return dc;
  }

  // ------------------------------------------------------------------ dispatch pass
  /**
   * Walks to the next frame with a language handler and calls it (CE's RtlDispatchException and
   * RtlDispatchHelper); no more frames: unhandled. Crossing a dispatch whose handler is being called
   * for the dispatch pass is CE's RtlpExceptionHandler answering ExceptionNestedException: the
   * nested-call flag is set and NestedFrame becomes that handler's establisher frame; the walk goes
   * on in the context of the exception that dispatch handles, so the frames it already examined are
   * examined again for the nested exception (flag set) up to and including NestedFrame, where the
   * flag is cleared. Crossing a dispatch in its unwind pass (RtlpUnwindHandler answers
   * ExceptionContinueSearch when not unwinding) just goes on in that exception's context.
   */
  private next(d: Dispatch): void {
    const mem = this.m.mem;
    const rec = d.area + OFF_REC;
    for (;;) {
      const s = this.step(d.t, d.walk);
      if (s.kind === 'end') break;
      if (s.kind === 'cross') {
        const o = s.outer;
        if (!o.unwind) {
          d.flags |= EXCEPTION_NESTED_CALL;
          if (o.handlerFrame >>> 0 > d.nestedFrame >>> 0) d.nestedFrame = o.handlerFrame;
        }
        d.walk = walker(o.ctx0, o.startPc, d.walk.steps);
        continue;
      }
      const { fe, pc, u } = s;
      if (!fe.handler || !u.inFunction) continue;
      d.handlerFrame = u.frame;
      mem.setU32(rec + 4, d.flags);
      const dc = this.writeDispatcherContext(d, pc, fe, u.frame);
      d.onReturn = (disposition, cx) => {
        d.flags |= mem.u32(rec + 4) & EXCEPTION_NONCONTINUABLE;
        if (d.nestedFrame === u.frame) {
          d.flags &= ~EXCEPTION_NESTED_CALL;
          d.nestedFrame = 0;
        }
        if (disposition === ExceptionContinueExecution && !(d.flags & EXCEPTION_NONCONTINUABLE)) {
          this.resume(d, this.readContext(d.area + OFF_CTX), cx);
        } else if (disposition === ExceptionContinueSearch) {
          this.next(d);
        } else if (disposition === ExceptionExecuteHandler) {
          // CE: the handler put the continuation address in DispatcherContext->ControlPc.
          this.startUnwind(d, u.frame, mem.u32(dc), d.info.code >>> 0, cx);
        } else {
          this.finish(d);
          d.unhandled();
        }
      };
      this.callGuest(fe.handler, [rec, u.frame, d.area + OFF_CTX, dc], d.area);
      return;
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

  /**
   * Forgets the dispatches of thread t whose handler frames lie below `sp`: the thread continues
   * above them (a landing, ExceptionContinueExecution, a longjmp out of a filter or a __finally),
   * so they will never get their handler's answer.
   */
  abandonBelow(t: GuestThread, sp: number): void {
    const stack = this.active.get(t);
    if (!stack) return;
    for (const d of [...stack]) if (d.area < sp >>> 0) this.finish(d);
  }

  /** Dispatches in progress (all threads): handler calls not yet answered. For tests and reports. */
  pending(): number {
    let n = 0;
    for (const stack of this.active.values()) n += stack.length;
    return n;
  }

  /** The dispatch whose handler runs with SP = sp on thread t (else the innermost one). */
  private dispatchAt(t: GuestThread, sp?: number): Dispatch | undefined {
    const stack = this.active.get(t);
    if (!stack?.length) return undefined;
    return (sp !== undefined && stack.find((d) => d.area === sp >>> 0)) || stack[stack.length - 1];
  }

  /** The dispatch in progress on thread t: the one calling a handler at `sp` (a language handler's SP), else the innermost. */
  current(t: GuestThread, sp?: number): { recordPtr: number; contextPtr: number; pointersPtr: number; code: number } | undefined {
    const d = this.dispatchAt(t, sp);
    if (!d) return undefined;
    return { recordPtr: d.area + OFF_REC, contextPtr: d.area + OFF_CTX, pointersPtr: d.area + OFF_POINTERS, code: d.info.code >>> 0 };
  }

  /** Continues thread t with a complete context (a landing, ExceptionContinueExecution). */
  private resume(d: Dispatch, regs: Regs, cx: ApiContext): void {
    this.finish(d);
    this.abandonBelow(d.t, regs[13]!);
    this.m.dispatcher.resumeAt(cx, regs);
  }

  // ------------------------------------------------------------------ unwind pass
  /**
   * CE's RtlUnwind(TargetFrame, TargetPc, ExceptionRecord, ReturnValue) after a handler returned
   * ExceptionExecuteHandler: walks the frames again from the exception, calls each frame's language
   * handler with EXCEPTION_UNWINDING (| EXCEPTION_TARGET_UNWIND at the target frame), its CONTEXT
   * (as in its body) with Pc = TargetPc and R0 = ReturnValue, then continues in the target frame's
   * body at TargetPc with R0 = ReturnValue.
   *
   * Crossing a dispatch still in its dispatch pass (the exception was raised by a filter and is
   * caught above it): that dispatch is abandoned and the walk goes on through its exception's
   * frames, whose termination handlers run. Crossing a dispatch in its unwind pass is a collided
   * unwind (RtlpUnwindHandler answers ExceptionCollidedUnwind with that unwind's dispatcher
   * context): the frame whose handler raised is called again with EXCEPTION_COLLIDED_UNWIND and the
   * DispatcherContext->ControlPc its handler left there (__C_specific_handler sets it past the
   * __finally being run, so only the scopes around it remain), then this unwind goes on to its own
   * target from that frame; the first unwind never reaches its target.
   */
  private startUnwind(d: Dispatch, targetFrame: number, targetPc: number, returnValue: number, cx: ApiContext): void {
    d.unwind = { walk: walker(d.ctx0, d.startPc, 0), targetFrame: targetFrame >>> 0, targetPc, returnValue };
    this.unwindNext(d, cx);
  }

  private unwindNext(d: Dispatch, cx: ApiContext): void {
    const st = d.unwind!;
    for (;;) {
      const s = this.step(d.t, st.walk);
      if (s.kind === 'end') break;
      if (s.kind === 'cross') {
        const o = s.outer;
        const c = o.unwind?.call;
        if (!c) {
          st.walk = walker(o.ctx0, o.startPc, st.walk.steps);
          continue;
        }
        if (c.frame > st.targetFrame) break; // the target is not above the collided frame
        st.walk = { regs: [...c.after], pc: 0, ret: 0, leafOk: false, steps: st.walk.steps };
        this.toCaller(st.walk, c.ret);
        this.callUnwindHandler(d, { ...c, controlPc: this.m.mem.u32(o.area + OFF_DISPATCHER) }, EXCEPTION_COLLIDED_UNWIND);
        return;
      }
      const { fe, pc, body, u } = s;
      if (u.frame > st.targetFrame) break; // past the target: it is not on this stack
      const call: UnwindCall = { fe, controlPc: pc, frame: u.frame, body, after: [...st.walk.regs], ret: u.ret };
      if (fe.handler && u.inFunction) {
        this.callUnwindHandler(d, call, 0);
        return;
      }
      if (u.frame === st.targetFrame) {
        this.land(d, body, cx);
        return;
      }
    }
    this.finish(d);
    d.unhandled();
  }

  private callUnwindHandler(d: Dispatch, call: UnwindCall, extraFlags: number): void {
    const st = d.unwind!;
    const mem = this.m.mem;
    const isTarget = call.frame === st.targetFrame;
    st.call = call;
    const flags = EXCEPTION_UNWINDING | extraFlags | (isTarget ? EXCEPTION_TARGET_UNWIND : 0) | (d.flags & EXCEPTION_NONCONTINUABLE);
    mem.setU32(d.area + OFF_REC + 4, flags);
    const ctx = [...call.body];
    ctx[0] = st.returnValue;
    setPc(ctx, st.targetPc);
    this.writeContext(d.area + OFF_CTX, ctx);
    const dc = this.writeDispatcherContext(d, call.controlPc, call.fe, call.frame);
    d.onReturn = (disposition, cx) => {
      st.call = undefined;
      // CE's RtlUnwind fails on any other disposition (collided unwinds are taken at the crossing).
      if (disposition !== ExceptionContinueSearch) {
        this.finish(d);
        d.unhandled();
      } else if (isTarget) this.landWith(d, this.readContext(d.area + OFF_CTX), ctx[15]!, cx);
      else this.unwindNext(d, cx);
    };
    this.callGuest(call.fe.handler, [d.area + OFF_REC, call.frame, d.area + OFF_CTX, dc], d.area);
  }

  /** The target frame is reached: continue in its body at TargetPc with R0 = ReturnValue. */
  private land(d: Dispatch, body: Regs, cx: ApiContext): void {
    const st = d.unwind!;
    const regs = [...body];
    regs[0] = st.returnValue;
    setPc(regs, st.targetPc);
    this.resume(d, regs, cx);
  }

  /**
   * The target frame's handler was called (EXCEPTION_TARGET_UNWIND): CE's RtlUnwind continues with
   * the CONTEXT record that handler got, as the handler left it. MSVC's C++ frame handler for ARM CE
   * relies on this: at the target unwind it calls the catch block and stores the continuation address
   * the catch block returns in ContextRecord->Pc (seen in the corpus: ce6 emulatorstub.exe's
   * statically linked __InternalCxxFrameHandler, `str r0, [r9, #0x40]` after CallCatchBlock). The
   * Thumb bit of Pc selects the mode, as for a handler address.
   */
  private landWith(d: Dispatch, ctx: Regs, written: number, cx: ApiContext): void {
    const pc = ctx[15]!;
    // Unchanged: Psr's T bit (as written) gives the mode; a new address gives it by its bit 0.
    if (pc !== written) ctx[16] = pc & 1 ? ctx[16]! | T_BIT : ctx[16]! & ~T_BIT;
    ctx[15] = (pc & ~1) >>> 0;
    this.resume(d, ctx, cx);
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
    // The handler returns with the SP it was called with: the area of its dispatch.
    const stack = this.active.get(cx.thread) ?? [];
    const d = stack.find((x) => x.area === cx.sp >>> 0 && x.onReturn) ?? stack[stack.length - 1];
    const k = d?.onReturn;
    if (!d || !k) {
      this.m.cpuException(cx.thread, 2, cx.lr);
      return;
    }
    d.onReturn = undefined;
    k(cx.regs[0]!, cx);
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
}

const sehSlot = defineSlot('seh', (m) => new Seh(m));
/** The machine's SEH dispatcher (created on first use). */
export function sehOf(m: Machine): Seh {
  return sehSlot.of(m);
}

/**
 * Thread t continues at `sp` without the dispatcher (longjmp): the dispatches whose handler frames
 * lie below are abandoned. Does nothing when no exception was ever raised.
 */
export function sehResumed(m: Machine, t: GuestThread, sp: number): void {
  sehSlot.peek(m)?.abandonBelow(t, sp);
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

function walker(ctx: Regs, controlPc: number, steps: number): Walker {
  return { regs: [...ctx], pc: controlPc, ret: 0, leafOk: true, steps };
}
