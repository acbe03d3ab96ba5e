/**
 * ARM runtime helpers exported by coredll that MSVC (and LLVM for Windows on ARM) emit calls to.
 * Microsoft's convention: R0 = divisor, R1 = dividend; quotient comes back in R0, remainder in R1.
 */
import { fn, CALLED, type ApiDef } from '../../api/declare.js';
import type { ApiContext } from '../../api/context.js';
import { sehOf, EXCEPTION_INT_DIVIDE_BY_ZERO } from '../../kernel/seh.js';

function pair(q: number, r: number): bigint {
  return (BigInt(r >>> 0) << 32n) | BigInt(q >>> 0);
}

/** EXCEPTION_INT_DIVIDE_BY_ZERO, raised at the call site; without a guest handler the run ends. */
function divideByZero(cx: ApiContext): typeof CALLED {
  const { machine, thread, lr } = cx;
  const fatal = () => machine.fatalDivideByZero(thread, lr);
  if (sehOf(machine).raiseFromApi(cx, { code: EXCEPTION_INT_DIVIDE_BY_ZERO }, fatal)) return CALLED;
  fatal();
  throw new DivideByZero();
}

export class DivideByZero extends Error {}

export const rt: ApiDef[] = [
  fn('__rt_sdiv(i32 divisor, i32 dividend): u64', (cx, d: number, n: number) => {
    if (d === 0) return divideByZero(cx);
    const q = d === -1 && n === -0x80000000 ? n : Math.trunc(n / d) | 0;
    return pair(q, (n - Math.imul(q, d)) | 0);
  }),
  fn('__rt_udiv(u32 divisor, u32 dividend): u64', (cx, d: number, n: number) => {
    if (d === 0) return divideByZero(cx);
    const q = Math.floor(n / d) >>> 0;
    return pair(q, (n - q * d) >>> 0);
  }),
];
