/**
 * Floating-point helpers exported by coredll (ordinals 2012-2053) that MSVC for ARMV4I emits for
 * float/double arithmetic, comparisons and conversions (CE has no hardware FP ABI: floats travel
 * in core registers). Conventions, as in CE's fpcrt:
 *
 *  - a float is its IEEE single bits in one register (R0, second operand R1); a double is a register
 *    pair, low word first (first operand R0:R1, second R2:R3); float results in R0, double in R0:R1,
 *    64-bit integers in R0:R1.
 *  - __eqX/__neX/__ltX/__leX/__gtX/__geX return 1 or 0 with IEEE semantics: every comparison with a
 *    NaN is false except __ne (true); -0 == +0.
 *  - __cmps/__cmpd: R0 = -1 (a < b), 0 (equal), 1 (a > b), 2 (unordered), and the condition flags
 *    are set the way VFP's fcmp + fmstat set them (N for less, Z+C for equal, C for greater, C+V for
 *    unordered), so callers that branch on either work. No reference defines this convention. What
 *    was searched (2026-11): Microsoft's CE 6 docs ("Floating Point C Run-Time Library Internal
 *    Functions", "Exports from the Floating Point C Run-Time Library": arithmetic, conversions and
 *    the six 0/1 predicates only), ARM's fplib docs (_dcmpeq & co. return flags, other names), public
 *    code for "__cmpd"/"__cmps"/"bl __cmpd" (no CE caller or implementation), and the Windows
 *    Embedded Compact 7 source (Arquivotheca/WinCE-src_20201004): its ARM coredll export list
 *    (core/dll/crt/corelib1.def) has every helper of 2000-2055 except __cmps/__cmpd, and fpcrt
 *    (core/fpcrt/fpcrt_api.h, fpcrt_vfp.s) has no such function - so no CE 6+ toolchain calls them;
 *    CE 5-era (Windows Mobile 6.5) coredlls still export the two ordinals. That source also shows the
 *    convention of the neighbours: __eqX..__geX do fcmp(e) + fmstat and return 0/1 in R0 with the
 *    fcmp flags left in the CPSR. Hence the choice, safest for either kind of caller: R0's sign is
 *    the order (unordered positive, as libgcc/compiler-rt __cmpdf2 and __ledf2 answer, but a distinct
 *    2), and the flags are exactly VFP fcmp's, the state CE's own compare helpers return with.
 *
 * Results are exact IEEE binary32/binary64 with round-to-nearest-even: JS doubles are binary64, and a
 * single-precision +,-,*,/ computed in double and rounded once (Math.fround) is the correctly rounded
 * single result. 64-bit integer to float conversions round once from the exact integer (no double
 * rounding through binary64). Denormals are kept (no flush-to-zero).
 *
 * NaNs follow the ARM (VFP) rules: an operation with a NaN operand returns the first signalling NaN
 * quietened, else the first quiet NaN, payload kept; a NaN made from numbers (0/0, inf-inf) is the
 * default NaN 0x7FC00000 / 0x7FF80000_00000000. __negX only flips the sign bit.
 *
 * Float to integer conversions truncate toward zero and saturate like VFP's ftosiz/ftouiz (what
 * fpcrt runs on devices with VFP, i.e. every Windows Mobile 6.5 phone): NaN -> 0, values beyond the
 * range -> the nearest limit (INT_MIN/INT_MAX, 0/UINT_MAX, and the same for the 64-bit ones).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ARM_REG } from '../../core/unicorn/constants.js';

const DEFAULT_NAN_S = 0x7fc0_0000n;
const DEFAULT_NAN_D = 0x7ff8_0000_0000_0000n;
const QUIET_S = 0x40_0000;
const QUIET_D = 1n << 51n;

function isNaNS(bits: number): boolean {
  return (bits & 0x7f80_0000) === 0x7f80_0000 && (bits & 0x7f_ffff) !== 0;
}
function isNaND(bits: bigint): boolean {
  return (bits & 0x7ff0_0000_0000_0000n) === 0x7ff0_0000_0000_0000n && (bits & 0xf_ffff_ffff_ffffn) !== 0n;
}
/** The raw bits of the double argument in slots i, i+1. */
function dbits(cx: ApiContext, i: number): bigint {
  return (BigInt(cx.regs[i + 1]!) << 32n) | BigInt(cx.regs[i]!);
}

/** ARM NaN propagation for single operands (raw bits): the NaN result, or undefined. */
function nanS(a: number, b?: number): bigint | undefined {
  const na = isNaNS(a);
  const nb = b !== undefined && isNaNS(b);
  if (!na && !nb) return undefined;
  if (na && !(a & QUIET_S)) return BigInt((a | QUIET_S) >>> 0);
  if (nb && !(b! & QUIET_S)) return BigInt((b! | QUIET_S) >>> 0);
  return BigInt((na ? a : b!) >>> 0);
}
function nanD(a: bigint, b?: bigint): bigint | undefined {
  const na = isNaND(a);
  const nb = b !== undefined && isNaND(b);
  if (!na && !nb) return undefined;
  if (na && !(a & QUIET_D)) return a | QUIET_D;
  if (nb && !(b! & QUIET_D)) return b! | QUIET_D;
  return na ? a : b!;
}

type Op = (a: number, b: number) => number;
const add: Op = (a, b) => a + b;
const sub: Op = (a, b) => a - b;
const mul: Op = (a, b) => a * b;
const div: Op = (a, b) => a / b;

function arithS(cx: ApiContext, a: number, b: number, op: Op): number | bigint {
  const n = nanS(cx.regs[0]!, cx.regs[1]!);
  if (n !== undefined) return n;
  const r = Math.fround(op(a, b));
  return Number.isNaN(r) ? DEFAULT_NAN_S : r;
}
function arithD(cx: ApiContext, a: number, b: number, op: Op): number | bigint {
  const n = nanD(dbits(cx, 0), dbits(cx, 2));
  if (n !== undefined) return n;
  const r = op(a, b);
  return Number.isNaN(r) ? DEFAULT_NAN_D : r;
}

/** __cmps/__cmpd: R0 result plus the VFP-style NZCV flags. */
function compare(cx: ApiContext, a: number, b: number): number {
  const [r, nzcv] = a < b ? [-1, 0x8] : a > b ? [1, 0x2] : a === b ? [0, 0x6] : [2, 0x3];
  const uc = cx.machine.uc;
  const cpsr = uc.regRead(ARM_REG.CPSR);
  uc.regWrite(ARM_REG.CPSR, ((cpsr & 0x0fff_ffff) | (nzcv << 28)) >>> 0);
  return r;
}

/** Truncate toward zero and saturate to [lo, hi] (NaN -> 0): VFP ftosiz/ftouiz. */
function toInt(x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) return 0;
  const t = Math.trunc(x);
  return t <= lo ? lo : t >= hi ? hi : t;
}
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
function toInt64(x: number, lo: bigint, hi: bigint): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x === Infinity) return BigInt.asUintN(64, hi);
  if (x === -Infinity) return BigInt.asUintN(64, lo);
  const t = BigInt(Math.trunc(x));
  return BigInt.asUintN(64, t < lo ? lo : t > hi ? hi : t);
}

/** An integer (exact, as a bigint) rounded once to the nearest single, ties to even. */
export function bigToSingle(v: bigint): number {
  const neg = v < 0n;
  const a = neg ? -v : v;
  if (a < 1n << 53n) return Math.fround(Number(v)); // exact in a double: one rounding
  const bits = a.toString(2).length;
  const shift = BigInt(bits - 24);
  let m = a >> shift;
  const rest = a - (m << shift);
  const half = 1n << (shift - 1n);
  if (rest > half || (rest === half && (m & 1n) === 1n)) m++;
  const r = Number(m) * 2 ** Number(shift); // m <= 2^24: exact
  return neg ? -r : r;
}

/** float -> double: exact; a NaN keeps its payload (quietened), as VFP's fcvtds. */
function stod(cx: ApiContext, x: number): number | bigint {
  const b = cx.regs[0]!;
  if (!isNaNS(b)) return x;
  const sign = BigInt(b >>> 31) << 63n;
  return sign | 0x7ff0_0000_0000_0000n | QUIET_D | (BigInt(b & 0x3f_ffff) << 29n);
}
/** double -> float: rounded to nearest even (overflow to infinity); NaN payload kept, as fcvtsd. */
function dtos(cx: ApiContext, x: number): number | bigint {
  const b = dbits(cx, 0);
  if (!isNaND(b)) return Math.fround(x);
  const sign = Number(b >> 63n) << 31;
  return BigInt((sign | 0x7f80_0000 | QUIET_S | Number((b >> 29n) & 0x3f_ffffn)) >>> 0);
}

export const softfloat: ApiDef[] = [
  // single arithmetic
  fn('__adds(f32 a, f32 b): f32', (cx, a: number, b: number) => arithS(cx, a, b, add)),
  fn('__subs(f32 a, f32 b): f32', (cx, a: number, b: number) => arithS(cx, a, b, sub)),
  fn('__muls(f32 a, f32 b): f32', (cx, a: number, b: number) => arithS(cx, a, b, mul)),
  fn('__divs(f32 a, f32 b): f32', (cx, a: number, b: number) => arithS(cx, a, b, div)),
  fn('__negs(f32 a): f32', (cx) => BigInt((cx.regs[0]! ^ 0x8000_0000) >>> 0)),
  // double arithmetic
  fn('__addd(f64 a, f64 b): f64', (cx, a: number, b: number) => arithD(cx, a, b, add)),
  fn('__subd(f64 a, f64 b): f64', (cx, a: number, b: number) => arithD(cx, a, b, sub)),
  fn('__muld(f64 a, f64 b): f64', (cx, a: number, b: number) => arithD(cx, a, b, mul)),
  fn('__divd(f64 a, f64 b): f64', (cx, a: number, b: number) => arithD(cx, a, b, div)),
  fn('__negd(f64 a): f64', (cx) => dbits(cx, 0) ^ (1n << 63n)),
  // comparisons (IEEE: NaN compares false, except !=)
  fn('__eqs(f32 a, f32 b): bool', (_cx, a: number, b: number) => (a === b ? 1 : 0)),
  fn('__nes(f32 a, f32 b): bool', (_cx, a: number, b: number) => (a !== b ? 1 : 0)),
  fn('__lts(f32 a, f32 b): bool', (_cx, a: number, b: number) => (a < b ? 1 : 0)),
  fn('__les(f32 a, f32 b): bool', (_cx, a: number, b: number) => (a <= b ? 1 : 0)),
  fn('__gts(f32 a, f32 b): bool', (_cx, a: number, b: number) => (a > b ? 1 : 0)),
  fn('__ges(f32 a, f32 b): bool', (_cx, a: number, b: number) => (a >= b ? 1 : 0)),
  fn('__cmps(f32 a, f32 b): i32', (cx, a: number, b: number) => compare(cx, a, b)),
  fn('__eqd(f64 a, f64 b): bool', (_cx, a: number, b: number) => (a === b ? 1 : 0)),
  fn('__ned(f64 a, f64 b): bool', (_cx, a: number, b: number) => (a !== b ? 1 : 0)),
  fn('__ltd(f64 a, f64 b): bool', (_cx, a: number, b: number) => (a < b ? 1 : 0)),
  fn('__led(f64 a, f64 b): bool', (_cx, a: number, b: number) => (a <= b ? 1 : 0)),
  fn('__gtd(f64 a, f64 b): bool', (_cx, a: number, b: number) => (a > b ? 1 : 0)),
  fn('__ged(f64 a, f64 b): bool', (_cx, a: number, b: number) => (a >= b ? 1 : 0)),
  fn('__cmpd(f64 a, f64 b): i32', (cx, a: number, b: number) => compare(cx, a, b)),
  // integer -> float
  fn('__itos(i32 x): f32', (_cx, x: number) => Math.fround(x)),
  fn('__utos(u32 x): f32', (_cx, x: number) => Math.fround(x)),
  fn('__itod(i32 x): f64', (_cx, x: number) => x),
  fn('__utod(u32 x): f64', (_cx, x: number) => x),
  fn('__i64tos(i64 x): f32', (_cx, x: bigint) => bigToSingle(x)),
  fn('__u64tos(u64 x): f32', (_cx, x: bigint) => bigToSingle(x)),
  fn('__i64tod(i64 x): f64', (_cx, x: bigint) => Number(x)), // Number(bigint) rounds to nearest even
  fn('__u64tod(u64 x): f64', (_cx, x: bigint) => Number(x)),
  // float -> integer (truncate, saturate, NaN -> 0)
  fn('__stoi(f32 x): i32', (_cx, x: number) => toInt(x, -0x8000_0000, 0x7fff_ffff)),
  fn('__stou(f32 x): u32', (_cx, x: number) => toInt(x, 0, 0xffff_ffff)),
  fn('__stoi64(f32 x): i64', (_cx, x: number) => toInt64(x, I64_MIN, I64_MAX)),
  fn('__stou64(f32 x): u64', (_cx, x: number) => toInt64(x, 0n, U64_MAX)),
  fn('__dtoi(f64 x): i32', (_cx, x: number) => toInt(x, -0x8000_0000, 0x7fff_ffff)),
  fn('__dtou(f64 x): u32', (_cx, x: number) => toInt(x, 0, 0xffff_ffff)),
  fn('__dtoi64(f64 x): i64', (_cx, x: number) => toInt64(x, I64_MIN, I64_MAX)),
  fn('__dtou64(f64 x): u64', (_cx, x: number) => toInt64(x, 0n, U64_MAX)),
  // float <-> double
  fn('__stod(f32 x): f64', (cx, x: number) => stod(cx, x)),
  fn('__dtos(f64 x): f32', (cx, x: number) => dtos(cx, x)),
];
