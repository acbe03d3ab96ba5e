/**
 * ARM integer runtime helpers exported by coredll that the MSVC ARM compilers for CE emit calls to
 * (ordinals 2000-2011). Register conventions, from Microsoft's ARM run-time sources:
 *
 *  - __rt_sdiv / __rt_udiv (32-bit): R0 = divisor, R1 = dividend; quotient in R0, remainder in R1.
 *  - __rt_sdiv10 / __rt_udiv10: R0 = dividend; quotient in R0 (remainder in R1 here as well).
 *  - __rt_{s,u}{div,rem}64by64: natural AAPCS order, R0:R1 = dividend x, R2:R3 = divisor y (not the
 *    divisor-first order of the 32-bit helpers or of Windows on ARM's later __rt_sdiv64). All four
 *    run one divide-with-remainder routine: it leaves the quotient in R0:R1 and the remainder in
 *    R2:R3; the rem variants then copy the remainder to R0:R1 (so R2:R3 hold it too). The remainder
 *    has the sign of the dividend; INT64_MIN / -1 wraps to INT64_MIN (as the real code does).
 *  - __rt_srsh / __rt_ursh: 64-bit right shift of R0:R1 by R2 (arithmetic / logical); a count of
 *    64 or more gives the sign fill / 0, 0 returns the value unchanged.
 *
 * Division by zero raises EXCEPTION_INT_DIVIDE_BY_ZERO at the call site (the real helpers call
 * __rt_div0, which raises it); without a guest handler the run ends.
 */
import { fn, CALLED, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { sehOf, EXCEPTION_INT_DIVIDE_BY_ZERO } from '../../core/kernel/seh.js';

function pair(q: number, r: number): bigint {
  return (BigInt(r >>> 0) << 32n) | BigInt(q >>> 0);
}

/** A u128 result: `lo` in R0:R1, `hi` in R2:R3. */
function quad(lo: bigint, hi: bigint): bigint {
  return (BigInt.asUintN(64, hi) << 64n) | BigInt.asUintN(64, lo);
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

/** Signed 64-bit divide with remainder: [quotient, remainder] (BigInt division truncates toward zero). */
function sdivrem(x: bigint, y: bigint): [bigint, bigint] {
  return [BigInt.asIntN(64, x / y), x % y];
}

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
  fn('__rt_sdiv10(i32 dividend): u64', (_cx, n: number) => {
    const q = Math.trunc(n / 10) | 0;
    return pair(q, n - q * 10);
  }),
  fn('__rt_udiv10(u32 dividend): u64', (_cx, n: number) => {
    const q = Math.floor(n / 10) >>> 0;
    return pair(q, n - q * 10);
  }),
  fn('__rt_sdiv64by64(i64 dividend, i64 divisor): u128', (cx, x: bigint, y: bigint) => {
    if (y === 0n) return divideByZero(cx);
    const [q, r] = sdivrem(x, y);
    return quad(q, r);
  }),
  fn('__rt_srem64by64(i64 dividend, i64 divisor): u128', (cx, x: bigint, y: bigint) => {
    if (y === 0n) return divideByZero(cx);
    const r = sdivrem(x, y)[1];
    return quad(r, r);
  }),
  fn('__rt_udiv64by64(u64 dividend, u64 divisor): u128', (cx, x: bigint, y: bigint) => {
    if (y === 0n) return divideByZero(cx);
    return quad(x / y, x % y);
  }),
  fn('__rt_urem64by64(u64 dividend, u64 divisor): u128', (cx, x: bigint, y: bigint) => {
    if (y === 0n) return divideByZero(cx);
    return quad(x % y, x % y);
  }),
  fn('__rt_srsh(i64 value, u32 count): u64', (_cx, v: bigint, n: number) => BigInt.asUintN(64, v >> BigInt(Math.min(n, 63)))),
  fn('__rt_ursh(u64 value, u32 count): u64', (_cx, v: bigint, n: number) => (n >= 64 ? 0n : v >> BigInt(n))),
];
