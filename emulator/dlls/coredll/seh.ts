/**
 * coredll structured exception handling: RaiseException, the C language handler __C_specific_handler
 * (scope tables of `__try/__except`), and _XcptFilter. The dispatch itself (.pdata lookup, virtual
 * unwinding, records on the guest stack) is in emulator/kernel/seh.ts.
 */
import { fn, CALLED, type ApiDef, type ApiResult } from '../../api/declare.js';
import type { ApiContext } from '../../api/context.js';
import { sehOf, EXCEPTION_UNWINDING, exceptionName } from '../../kernel/seh.js';
import { hex8 } from '../../kernel/report.js';

const ExceptionContinueExecution = 0;
const ExceptionContinueSearch = 1;
const EXCEPTION_EXECUTE_HANDLER = 1;
const EXCEPTION_CONTINUE_EXECUTION = -1;

/**
 * __C_specific_handler(ExceptionRecord, EstablisherFrame, ContextRecord, DispatcherContext).
 * DISPATCHER_CONTEXT (CE): ControlPc, FunctionEntry, EstablisherFrame, ContextRecord; the function
 * entry's HandlerData (+12) is the scope table: Count, then {BeginAddress, EndAddress, HandlerAddress,
 * JumpTarget} with absolute addresses. HandlerAddress is a filter function called with
 * (EXCEPTION_POINTERS*, EstablisherFrame), or a constant filter result.
 */
function cSpecificHandler(cx: ApiContext, rec: number, frame: number, _ctx: number, dc: number): ApiResult {
  const mem = cx.mem;
  if (mem.u32(rec + 4) & (EXCEPTION_UNWINDING | 4)) return ExceptionContinueSearch; // termination handlers: not run
  const controlPc = mem.u32(dc) & ~1;
  const scope = mem.u32(mem.u32(dc + 4) + 12);
  const count = mem.u32(scope);
  const seh = sehOf(cx.machine);
  const cur = seh.current(cx.thread);
  const pointers = cur?.pointersPtr ?? 0;
  const code = mem.u32(rec);
  const scan = (i: number): ApiResult => {
    for (; i < count; i++) {
      const e = scope + 4 + 16 * i;
      const begin = mem.u32(e) & ~1;
      const end = mem.u32(e + 4) & ~1;
      const filter = mem.u32(e + 8);
      const target = mem.u32(e + 12);
      if (controlPc < begin || controlPc >= end || target === 0) continue;
      const decide = (v: number): ApiResult => {
        if (v === EXCEPTION_CONTINUE_EXECUTION || v < 0) return ExceptionContinueExecution;
        if (v > 0) {
          if (!seh.unwindTo(cx.thread, frame, target, code)) return ExceptionContinueSearch;
          return CALLED;
        }
        return scan(i + 1);
      };
      // Constant filters (__except(1), __except(0), __except(-1)) need no call.
      if (filter === EXCEPTION_EXECUTE_HANDLER || filter === 0 || filter === 0xffffffff) return decide(filter | 0);
      return cx.callGuest(filter, [pointers, frame], (v) => decide(v | 0));
    }
    return ExceptionContinueSearch;
  };
  return scan(0);
}

export const sehApis: ApiDef[] = [
  fn('__C_specific_handler(ptr ExceptionRecord, hex EstablisherFrame, ptr ContextRecord, ptr DispatcherContext): u32', cSpecificHandler),
  fn('RaiseException(hex dwExceptionCode, hex dwExceptionFlags, u32 nNumberOfArguments, ptr lpArguments): void', (cx, code: number, flags: number, n: number, args: number) => {
    const params: number[] = [];
    for (let i = 0; i < Math.min(n, 15); i++) params.push(cx.mem.u32(args + 4 * i));
    const lr = cx.lr;
    const m = cx.machine;
    const t = cx.thread;
    const unhandled = () => m.fatalUnhandledException(t, code, flags & 1, lr);
    if (sehOf(m).raiseFromApi(cx, { code, flags: flags & 1, params }, unhandled)) return CALLED;
    unhandled();
    return CALLED;
  }),
  // The CRT's default filter: no signal() handlers exist in the emulated CRT, so keep searching.
  fn('_XcptFilter(hex xcptnum, ptr pxcptinfoptrs): i32', () => 0),
];

export function describeException(code: number, address: number, where: string): string {
  return `unhandled exception ${hex8(code)} (${exceptionName(code)}) at ${hex8(address)} (${where})`;
}
