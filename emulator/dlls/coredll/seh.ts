/**
 * coredll structured exception handling: RaiseException, the C language handler __C_specific_handler
 * (scope tables of `__try/__except` and `__try/__finally`), and _XcptFilter. The dispatch itself
 * (.pdata lookup, virtual unwinding, unwind pass, records on the guest stack) is in
 * emulator/kernel/seh.ts.
 */
import { fn, CALLED, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import {
  sehOf,
  exceptionName,
  CTX,
  EXCEPTION_UNWINDING,
  EXCEPTION_EXIT_UNWIND,
  ExceptionContinueExecution,
  ExceptionContinueSearch,
  ExceptionExecuteHandler,
} from '../../core/kernel/seh.js';
import { hex8 } from '../../core/kernel/report.js';

const EXCEPTION_EXECUTE_HANDLER = 1;
const EXCEPTION_CONTINUE_EXECUTION = -1;

/**
 * __C_specific_handler(ExceptionRecord, EstablisherFrame, ContextRecord, DispatcherContext), as the
 * CE kernel's C language handler:
 * DISPATCHER_CONTEXT (CE): ControlPc, FunctionEntry, EstablisherFrame, ContextRecord; the function
 * entry's HandlerData (+12) is the scope table: Count, then {BeginAddress, EndAddress,
 * HandlerAddress, JumpTarget} with absolute addresses, innermost scopes first.
 *
 * Dispatching: for each scope containing ControlPc with a JumpTarget (a __try/__except), the filter
 * HandlerAddress is called with (EXCEPTION_POINTERS*, EstablisherFrame) (or is a constant filter
 * result): < 0 dismisses the exception (ExceptionContinueExecution), > 0 sets
 * DispatcherContext->ControlPc = JumpTarget and returns ExceptionExecuteHandler (the kernel then
 * unwinds to this frame and runs the __except block), 0 goes on with the next scope.
 *
 * Unwinding (EXCEPTION_UNWINDING; TargetPc = ContextRecord->Pc): for each scope containing ControlPc,
 * innermost first: stop if TargetPc lies inside the scope (a jump within it) or is the scope's own
 * __except block; a scope with JumpTarget 0 is a __finally: DispatcherContext->ControlPc = EndAddress
 * + 4 and its termination handler HandlerAddress is called with (AbnormalTermination = TRUE,
 * EstablisherFrame).
 */
function cSpecificHandler(cx: ApiContext, rec: number, frame: number, ctx: number, dc: number): Returns<'i32'> {
  const mem = cx.mem;
  const controlPc = mem.u32(dc) & ~1;
  const scope = mem.u32(mem.u32(dc + 4) + 12);
  const count = mem.u32(scope);
  const entry = (i: number) => {
    const e = scope + 4 + 16 * i;
    return { begin: mem.u32(e) & ~1, end: mem.u32(e + 4) & ~1, handler: mem.u32(e + 8), target: mem.u32(e + 12) };
  };
  if (mem.u32(rec + 4) & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND)) {
    const targetPc = mem.u32(ctx + CTX.pc) & ~1;
    const unwind = (i: number): Returns<'i32'> => {
      for (; i < count; i++) {
        const s = entry(i);
        if (controlPc < s.begin || controlPc >= s.end) continue;
        if (targetPc >= s.begin && targetPc < s.end) break;
        if (s.target) {
          if (targetPc === (s.target & ~1)) break;
          continue;
        }
        mem.setU32(dc, (s.end + 4) >>> 0);
        const next = i + 1;
        return cx.callGuest(s.handler, [1, frame], () => unwind(next));
      }
      return ExceptionContinueSearch;
    };
    return unwind(0);
  }
  // The dispatch calling this handler called it with SP = its area (several may be in progress when nested).
  const pointers = sehOf(cx.machine).current(cx.thread, cx.sp)?.pointersPtr ?? 0;
  const scan = (i: number): Returns<'i32'> => {
    for (; i < count; i++) {
      const s = entry(i);
      if (controlPc < s.begin || controlPc >= s.end || s.target === 0) continue;
      const decide = (v: number): Returns<'i32'> => {
        if (v === EXCEPTION_CONTINUE_EXECUTION || v < 0) return ExceptionContinueExecution;
        if (v > 0) {
          mem.setU32(dc, s.target);
          return ExceptionExecuteHandler;
        }
        return scan(i + 1);
      };
      // Constant filters (__except(1), __except(0), __except(-1)) need no call.
      if (s.handler === EXCEPTION_EXECUTE_HANDLER || s.handler === 0 || s.handler === 0xffffffff) return decide(s.handler | 0);
      return cx.callGuest(s.handler, [pointers, frame], (v) => decide(v | 0));
    }
    return ExceptionContinueSearch;
  };
  return scan(0);
}

export const sehApis: ApiDef[] = [
  fn('__C_specific_handler(ptr ExceptionRecord, hex EstablisherFrame, ptr ContextRecord, ptr DispatcherContext): u32', cSpecificHandler),
  fn(
    'RaiseException(hex dwExceptionCode, hex dwExceptionFlags, u32 nNumberOfArguments, ptr lpArguments): void',
    (cx, code: number, flags: number, n: number, args: number) => {
      const params: number[] = [];
      for (let i = 0; i < Math.min(n, 15); i++) params.push(cx.mem.u32(args + 4 * i));
      const lr = cx.lr;
      const m = cx.machine;
      const t = cx.thread;
      const unhandled = () => m.fatalUnhandledException(t, code, flags & 1, lr);
      if (sehOf(m).raiseFromApi(cx, { code, flags: flags & 1, params }, unhandled)) return CALLED;
      unhandled();
      return CALLED;
    },
  ),
  // The CRT's default filter: no signal() handlers exist in the emulated CRT, so keep searching.
  fn('_XcptFilter(hex xcptnum, ptr pxcptinfoptrs): i32', () => 0),
];

export function describeException(code: number, address: number, where: string): string {
  return `unhandled exception ${hex8(code)} (${exceptionName(code)}) at ${hex8(address)} (${where})`;
}
