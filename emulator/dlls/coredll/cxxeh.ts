/**
 * C++ exceptions as MSVC for ARM CE emits them: coredll's __CxxThrowException (the `throw` of every
 * program), __CxxFrameHandler / __CxxFrameHandler3 (the language handler of functions with try/catch
 * or objects to destroy, for programs that take it from coredll instead of linking the CRT's copy)
 * and std::terminate. The dispatch and unwind passes are the SEH machinery's (core/kernel/seh.ts).
 *
 * References, detail by detail:
 * - The throw: the CE 6 coredll's own __CxxThrowException (corpus ce6 coredll.dll, ordinal 1551,
 *   disassembled): RaiseException(0xE06D7363, EXCEPTION_NONCONTINUABLE, 3, { 0x19930520,
 *   pExceptionObject, pThrowInfo }) from a constant EHExceptionRecord template; 3 parameters, the
 *   32-bit layout of ehdata.h (absolute pointers, no image base as on x64).
 * - The tables (ehdata.h of the NT 5 CRT sources, 32-bit non-x86 branch, checked against the
 *   statically linked frame handler of ce6 emulatorstub.exe and its FuncInfo records):
 *   ThrowInfo { attributes (1 const, 2 volatile), pmfnUnwind (destructor), pForwardCompat,
 *   pCatchableTypeArray }; CatchableTypeArray { n, CatchableType*[n] }; CatchableType { properties
 *   (1 simple type, 2 by reference only, 4 virtual base), pType, thisDisplacement { mdisp, pdisp,
 *   vdisp }, sizeOrOffset, copyFunction }; TypeDescriptor { pVFTable, spare, name[] } (types match
 *   by descriptor address or by name, as the CRT's strcmp); FuncInfo { magicNumber (0x19930520..2),
 *   maxState, pUnwindMap, nTryBlocks, pTryBlockMap, nIPMapEntries, pIPtoStateMap, pESTypeList,
 *   EHFlags (>= 0x19930522; bit 0 = /EHs: SEH exceptions are not C++ ones), then for ARM CE a stack
 *   realignment pair used when EHFlags bit 1 is set }; UnwindMapEntry { toState, action };
 *   TryBlockMapEntry { tryLow, tryHigh, catchHigh, nCatches, pHandlerArray } (20 bytes);
 *   HandlerType { adjectives (1 const, 2 volatile, 8 reference), pType (NULL or "" name: catch(...)),
 *   dispCatchObj, frameNestLevel, addressOfHandler } (20 bytes on ARM CE, the MIPS shape);
 *   IptoStateMapEntry { Ip, State }: the state at ControlPc is the State of the last entry whose Ip
 *   <= ControlPc, -1 before the first (emulatorstub.exe's GetCurrentState).
 * - Funclets (catch blocks and unwind actions) are called the way that CRT's _CallSettingFrame does:
 *   r11 (ARM funclet) or r7 (Thumb funclet, bit 0 of its address) = the establisher frame, r0-r3
 *   free; a catch block returns its continuation address in r0. The catch object lives at
 *   EstablisherFrame + dispCatchObj (frameNestLevel 1).
 * - The passes (emulatorstub.exe's __InternalCxxFrameHandler, MSVC frame.cpp): in the dispatch pass
 *   a matching catch sets DispatcherContext->ControlPc = the catch block and answers
 *   ExceptionExecuteHandler; the kernel's unwind pass calls every frame's handler with
 *   EXCEPTION_UNWINDING (destructors of the frame: unwind map from the current state to -1) and the
 *   target frame's with EXCEPTION_TARGET_UNWIND: destructors down to the try block's tryLow, then
 *   the catch block runs, the exception object is destroyed (ThrowInfo.pmfnUnwind) unless the catch
 *   rethrew it, and ContextRecord->Pc = the continuation (the kernel continues there, seh.ts).
 * - Rethrow (`throw;` = __CxxThrowException(NULL, NULL)): the exception of the innermost catch in
 *   progress is copied into the record (parameters 1 and 2), as that CRT does; frames below the
 *   catching function were unwound already and are skipped; in the catching function only the try
 *   blocks around the running catch qualify, and its destructors start from the try block's state.
 * - Type match (TypeMatch): same descriptor or same name; CT_ByReferenceOnly needs a reference
 *   catch; a const (volatile) throw needs a const (volatile) catch. Catch object (BuildCatchObject):
 *   by reference: the adjusted object address; simple types: copied (a pointer is adjusted); classes:
 *   copy constructor (this, source[, 1 with a virtual base]) or a copy of sizeOrOffset bytes.
 * Not done: exception specifications (pESTypeList, unused by CE compilers' output in the corpus);
 * frameNestLevel > 1 (catch blocks nested in catch funclets compiled as their own frames).
 */
import { fn, CALLED, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { defineSlot } from '../../core/slot.js';
import { ARM_REG } from '../../core/unicorn/constants.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { hex8 } from '../../core/kernel/report.js';
import {
  sehOf,
  CTX,
  EXCEPTION_CXX,
  EXCEPTION_NONCONTINUABLE,
  EXCEPTION_UNWINDING,
  EXCEPTION_EXIT_UNWIND,
  EXCEPTION_TARGET_UNWIND,
  ExceptionContinueSearch,
  ExceptionExecuteHandler,
} from '../../core/kernel/seh.js';

/** ehdata.h EH_MAGIC_NUMBER1: the first parameter of the exception record of a C++ throw. */
export const EH_MAGIC_THROW = 0x19930520;
const EH_MAGIC_FH3 = 0x19930522;
const HT_IS_CONST = 1;
const HT_IS_VOLATILE = 2;
const HT_IS_REFERENCE = 8;
const CT_IS_SIMPLE = 1;
const CT_BY_REFERENCE_ONLY = 2;
const CT_HAS_VIRTUAL_BASE = 4;
const TI_IS_CONST = 1;
const TI_IS_VOLATILE = 2;

interface FuncInfo {
  addr: number;
  maxState: number;
  unwindMap: number;
  nTry: number;
  tryMap: number;
  nIp: number;
  ipMap: number;
  ehs: boolean;
}
interface TryBlock {
  index: number;
  low: number;
  high: number;
  catchHigh: number;
  nCatches: number;
  handlers: number;
}
/** A catch block being run (or chosen, between the dispatch pass and the target unwind). */
interface Catch {
  frame: number;
  funcInfo: number;
  tryBlock: TryBlock;
  handler: number;
  obj: number;
  throwInfo: number;
  running: boolean;
  /** SP the catch block was called with (the handler's dispatch area): its own callees' frames lie below. */
  area: number;
}

const catchesSlot = defineSlot('cxxeh', () => new Map<GuestThread, Catch[]>());
function catchesOf(cx: ApiContext): Catch[] {
  const m = catchesSlot.of(cx.machine);
  let l = m.get(cx.thread);
  if (!l) m.set(cx.thread, (l = []));
  return l;
}

function readFuncInfo(cx: ApiContext, p: number): FuncInfo {
  const mem = cx.mem;
  const magic = mem.u32(p) & 0x1fffffff;
  return {
    addr: p,
    maxState: mem.i32(p + 4),
    unwindMap: mem.u32(p + 8),
    nTry: mem.u32(p + 12),
    tryMap: mem.u32(p + 16),
    nIp: mem.u32(p + 20),
    ipMap: mem.u32(p + 24),
    ehs: magic >= EH_MAGIC_FH3 && (mem.u32(p + 32) & 1) !== 0,
  };
}

function tryBlock(cx: ApiContext, fi: FuncInfo, i: number): TryBlock {
  const e = fi.tryMap + 20 * i;
  const mem = cx.mem;
  return { index: i, low: mem.i32(e), high: mem.i32(e + 4), catchHigh: mem.i32(e + 8), nCatches: mem.u32(e + 12), handlers: mem.u32(e + 16) };
}

/** The state at controlPc: State of the last IP map entry whose Ip <= controlPc, -1 before the first. */
function stateAt(cx: ApiContext, fi: FuncInfo, controlPc: number): number {
  let state = -1;
  for (let i = 0; i < fi.nIp; i++) {
    if ((cx.mem.u32(fi.ipMap + 8 * i) & ~1) >>> 0 > controlPc >>> 0) break;
    state = cx.mem.i32(fi.ipMap + 8 * i + 4);
  }
  return state;
}

/** Calls a funclet as _CallSettingFrame does: r11 (ARM) or r7 (Thumb) = the establisher frame. */
function callFunclet(cx: ApiContext, funclet: number, frame: number, then: (r0: number) => Returns<'i32'>): Returns<'i32'> {
  const uc = cx.machine.uc;
  const reg = funclet & 1 ? ARM_REG.R7 : ARM_REG.R11;
  // The funclet's caller keeps its callee-saved register (r7/r11), as _CallSettingFrame's push/pop.
  const saved = uc.regRead(reg);
  uc.regWrite(reg, frame);
  return cx.callGuest(funclet, [], (r0) => {
    uc.regWrite(reg, saved);
    return then(r0);
  }) as Returns<'i32'>;
}

/** Runs the unwind actions (destructors) from state `from` down to `to` (exclusive), innermost first. */
function unwindTo(cx: ApiContext, fi: FuncInfo, frame: number, from: number, to: number, then: () => Returns<'i32'>): Returns<'i32'> {
  let state = from;
  const step = (): Returns<'i32'> => {
    while (state !== to && state >= 0 && state < fi.maxState) {
      const e = fi.unwindMap + 8 * state;
      const action = cx.mem.u32(e + 4);
      state = cx.mem.i32(e);
      if (action) return callFunclet(cx, action, frame, () => step());
    }
    return then();
  };
  return step();
}

function typeName(cx: ApiContext, td: number): string {
  return td ? cx.mem.str(td + 8, 512) : '';
}

/** TypeMatch: the handler's type against one catchable type of the thrown object. */
function typeMatches(cx: ApiContext, ht: number, ct: number, throwInfo: number): boolean {
  const mem = cx.mem;
  const hType = mem.u32(ht + 4);
  if (!hType || !typeName(cx, hType)) return true; // catch(...)
  const cType = mem.u32(ct + 4);
  if (hType !== cType && typeName(cx, hType) !== typeName(cx, cType)) return false;
  const adj = mem.u32(ht);
  const props = mem.u32(ct);
  const attrs = mem.u32(throwInfo);
  if (props & CT_BY_REFERENCE_ONLY && !(adj & HT_IS_REFERENCE)) return false;
  if (attrs & TI_IS_CONST && !(adj & HT_IS_CONST)) return false;
  if (attrs & TI_IS_VOLATILE && !(adj & HT_IS_VOLATILE)) return false;
  return true;
}

/** __AdjustPointer: p + mdisp, plus the virtual base offset when pdisp >= 0. */
function adjust(cx: ApiContext, p: number, ct: number): number {
  const mem = cx.mem;
  const mdisp = mem.i32(ct + 8);
  const pdisp = mem.i32(ct + 12);
  const vdisp = mem.i32(ct + 16);
  let r = p + mdisp;
  if (pdisp >= 0) r += pdisp + mem.i32(mem.u32(p + pdisp) + vdisp);
  return r >>> 0;
}

/** BuildCatchObject: fills the catch clause's parameter in the catching frame. */
function buildCatchObject(cx: ApiContext, c: Catch, ht: number, ct: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const mem = cx.mem;
  const hType = mem.u32(ht + 4);
  const disp = mem.i32(ht + 8);
  if (!ct || !hType || !typeName(cx, hType) || (!disp && !(mem.u32(ht) & HT_IS_REFERENCE))) return then();
  const buf = (c.frame + disp) >>> 0;
  const props = mem.u32(ct);
  const size = mem.u32(ct + 20);
  const copy = mem.u32(ct + 24);
  if (mem.u32(ht) & HT_IS_REFERENCE) {
    mem.setU32(buf, adjust(cx, c.obj, ct));
    return then();
  }
  if (props & CT_IS_SIMPLE) {
    mem.copyWithin(buf, c.obj, size);
    if (size === 4 && mem.u32(buf)) mem.setU32(buf, adjust(cx, mem.u32(buf), ct));
    return then();
  }
  const src = adjust(cx, c.obj, ct);
  if (!copy) {
    mem.copyWithin(buf, src, size);
    return then();
  }
  const args = props & CT_HAS_VIRTUAL_BASE ? [buf, src, 1] : [buf, src];
  return cx.callGuest(copy, args, () => then()) as Returns<'i32'>;
}

/**
 * The dispatch pass in one frame (FindHandler): the first handler, innermost try block first, whose
 * type matches; answers ExceptionExecuteHandler with DispatcherContext->ControlPc = the catch block.
 */
function findHandler(cx: ApiContext, rec: number, frame: number, dc: number, fi: FuncInfo): Returns<'i32'> {
  const mem = cx.mem;
  const catches = catchesOf(cx);
  const isCxx = mem.u32(rec) === EXCEPTION_CXX && mem.u32(rec + 16) === 3 && (mem.u32(rec + 20) & 0xfffffffc) === (EH_MAGIC_THROW & 0xfffffffc);
  if (!isCxx && fi.ehs) return ExceptionContinueSearch;
  if (isCxx && mem.u32(rec + 28) === 0) {
    // throw;  -> the exception of the innermost catch in progress
    const cur = [...catches].reverse().find((c) => c.running);
    if (!cur) return ExceptionContinueSearch; // nothing to rethrow: terminate() as uncaught
    mem.setU32(rec + 24, cur.obj);
    mem.setU32(rec + 28, cur.throwInfo);
  }
  // Frames between a running catch block's dispatch area and its function were unwound when it was
  // entered (a walk from the catch block crosses into the first exception's frames); frames below the
  // area are the catch block's own callees.
  const running = catches.filter((c) => c.running);
  if (running.some((c) => frame >>> 0 > c.area >>> 0 && frame >>> 0 < c.frame >>> 0)) return ExceptionContinueSearch;
  const inCatch = running.filter((c) => c.frame === frame && c.funcInfo === fi.addr).pop();
  const state = inCatch ? inCatch.tryBlock.low : stateAt(cx, fi, mem.u32(dc));
  const obj = mem.u32(rec + 24);
  const throwInfo = isCxx ? mem.u32(rec + 28) : 0;
  const cta = throwInfo ? mem.u32(throwInfo + 12) : 0;
  const nTypes = cta ? mem.u32(cta) : 0;
  for (let i = 0; i < fi.nTry; i++) {
    const tb = tryBlock(cx, fi, i);
    if (inCatch) {
      const t = inCatch.tryBlock;
      if (tb.index === t.index || tb.low > t.low || tb.high < t.catchHigh) continue;
    } else if (state < tb.low || state > tb.high) continue;
    for (let h = 0; h < tb.nCatches; h++) {
      const ht = tb.handlers + 20 * h;
      const hType = mem.u32(ht + 4);
      const ellipsis = !hType || !typeName(cx, hType);
      let ct = 0;
      if (!ellipsis) {
        if (!isCxx) continue;
        for (let k = 0; k < nTypes && !ct; k++) {
          const cand = mem.u32(cta + 4 + 4 * k);
          if (typeMatches(cx, ht, cand, throwInfo)) ct = cand;
        }
        if (!ct) continue;
      }
      const c: Catch = { frame, funcInfo: fi.addr, tryBlock: tb, handler: mem.u32(ht + 16), obj, throwInfo, running: false, area: 0 };
      // A catch chosen earlier that never ran (its dispatch was abandoned) is forgotten.
      for (let j = catches.length - 1; j >= 0; j--) if (!catches[j]!.running) catches.splice(j, 1);
      catches.push(c);
      mem.setU32(dc, c.handler);
      return buildCatchObject(cx, c, ht, ct, () => ExceptionExecuteHandler);
    }
  }
  return ExceptionContinueSearch;
}

/** __CxxFrameHandler(ExceptionRecord, EstablisherFrame, ContextRecord, DispatcherContext). */
function cxxFrameHandler(cx: ApiContext, rec: number, frame: number, ctx: number, dc: number): Returns<'i32'> {
  const mem = cx.mem;
  const fi = readFuncInfo(cx, mem.u32(mem.u32(dc + 4) + 12));
  const flags = mem.u32(rec + 4);
  // /EHs code (EHFlags bit 0): an SEH exception is no C++ one, in either pass (its destructors do not
  // run either), as the CRT's __InternalCxxFrameHandler checks first.
  if (fi.ehs && mem.u32(rec) !== EXCEPTION_CXX) return ExceptionContinueSearch;
  if (!(flags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))) return findHandler(cx, rec, frame, dc, fi);
  const catches = catchesOf(cx);
  const inCatch = catches.filter((c) => c.running && c.frame === frame && c.funcInfo === fi.addr).pop();
  // Catch blocks this unwind leaves (a rethrow or a new exception caught further up) are over.
  for (let j = catches.length - 1; j >= 0; j--) {
    const c = catches[j]!;
    if (c.running && c !== inCatch && frame >>> 0 > c.area >>> 0) catches.splice(j, 1);
  }
  const from = inCatch ? inCatch.tryBlock.low : stateAt(cx, fi, mem.u32(dc));
  const chosen = catches.find((c) => !c.running && c.frame === frame && c.funcInfo === fi.addr);
  if (!(flags & EXCEPTION_TARGET_UNWIND) || !chosen) {
    if (inCatch) catches.splice(catches.indexOf(inCatch), 1);
    return unwindTo(cx, fi, frame, from, -1, () => ExceptionContinueSearch);
  }
  // The target frame: destructors down to the try block, then the catch block.
  return unwindTo(cx, fi, frame, from, chosen.tryBlock.low, () => {
    if (inCatch) catches.splice(catches.indexOf(inCatch), 1);
    chosen.running = true;
    chosen.area = cx.sp >>> 0;
    return callFunclet(cx, chosen.handler, frame, (continuation) => {
      const i = catches.indexOf(chosen);
      if (i >= 0) catches.splice(i, 1);
      mem.setU32(ctx + CTX.pc, continuation);
      const dtor = chosen.throwInfo ? mem.u32(chosen.throwInfo + 4) : 0;
      // The object of a rethrow that an outer catch still runs with belongs to that catch.
      if (!dtor || !chosen.obj || catches.some((c) => c.running && c.obj === chosen.obj)) return ExceptionContinueSearch;
      return cx.callGuest(dtor, [chosen.obj], () => ExceptionContinueSearch) as Returns<'i32'>;
    });
  });
}

/** 'thrown type NAME' from the ThrowInfo's first catchable type (the exact type), or 'rethrow'. */
function thrownType(cx: ApiContext, throwInfo: number): string {
  if (!throwInfo) return 'rethrow with no exception being handled';
  const mem = cx.machine.mem;
  const cta = mem.peek32(throwInfo + 12);
  const ct = cta && mem.peek32(cta) ? mem.peek32(cta + 4) : undefined;
  const td = ct ? mem.peek32(ct + 4) : undefined;
  if (!td || !mem.isUserRange(td + 8, 1)) return 'thrown type unknown';
  return `thrown type ${JSON.stringify(mem.str(td + 8, 256))}`;
}

const HANDLER_SIG = '(ptr pExcept, hex EstablisherFrame, ptr pContext, ptr pDC): u32';

export const cxxehApis: ApiDef[] = [
  fn('__CxxThrowException(ptr pExceptionObject, ptr pThrowInfo): void', (cx, obj: number, info: number) => {
    const m = cx.machine;
    const t = cx.thread;
    const lr = cx.lr;
    // No frame takes it: on a device the CRT's terminate() ends the process; the verdict names the type.
    const unhandled = () => m.fatalUnhandledException(t, EXCEPTION_CXX, EXCEPTION_NONCONTINUABLE, lr, thrownType(cx, info));
    if (!sehOf(m).raiseFromApi(cx, { code: EXCEPTION_CXX, flags: EXCEPTION_NONCONTINUABLE, params: [EH_MAGIC_THROW, obj, info] }, unhandled)) unhandled();
    return CALLED;
  }),
  fn(`__CxxFrameHandler${HANDLER_SIG}`, cxxFrameHandler),
  fn(`__CxxFrameHandler3${HANDLER_SIG}`, cxxFrameHandler),
  // std::terminate(): no terminate handler is installed here (set_terminate is not emulated): abort.
  fn('?terminate@std@@YAXXZ(): void', (cx) => {
    const at = (cx.lr & ~1) >>> 0;
    cx.machine.abort(
      'crashed',
      EXIT_CODES.crashed,
      `guest called terminate() from ${hex8(at)} (${cx.machine.symbolize(at)}): the C++ runtime ends the process`,
    );
    return CALLED;
  }),
];
