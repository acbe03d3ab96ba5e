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
 *
 * Exceptions: as fpcrt's VFP instructions do on a device, every helper ORs the IEEE exceptions it
 * raises into the thread's FPSCR cumulative flags (IOC invalid: a NaN made from numbers, a signalling
 * NaN operand, an ordered comparison with a NaN, a conversion of a NaN or out-of-range value; DZC: a
 * finite non-zero divided by zero; OFC: a finite result too large; UFC: a tiny inexact result; IXC:
 * a rounded result), which is where VFP code compiled for the CPU puts them too; _statusfp and
 * _clearfp (math.ts) read them. Exactness is decided exactly: TwoSum for sums, Dekker's product (or
 * the integer significands when splitting could overflow) for products and quotients.
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

/** FPSCR cumulative exception flags. */
export const FPSCR_IOC = 0x1;
export const FPSCR_DZC = 0x2;
export const FPSCR_OFC = 0x4;
export const FPSCR_UFC = 0x8;
export const FPSCR_IXC = 0x10;

/** ORs exception flags into the calling thread's FPSCR. */
function raise(cx: ApiContext, flags: number): void {
  if (!flags) return;
  const uc = cx.machine.uc;
  const fpscr = uc.regRead(ARM_REG.FPSCR);
  if ((fpscr & flags) !== flags) uc.regWrite(ARM_REG.FPSCR, (fpscr | flags) >>> 0);
}

/** The exact product a*b as a rounded head and its error (Dekker), or undefined when splitting could overflow. */
function twoProduct(a: number, b: number, p: number): number | undefined {
  if (Math.abs(a) > 2 ** 995 || Math.abs(b) > 2 ** 995 || Math.abs(p) > 2 ** 995) return undefined;
  if ((a !== 0 && Math.abs(a) < 2 ** -969) || (b !== 0 && Math.abs(b) < 2 ** -969) || (p !== 0 && Math.abs(p) < 2 ** -969)) return undefined;
  const split = (x: number): [number, number] => {
    const c = 134217729 * x; // 2^27 + 1
    const hi = c - (c - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return ((ah * bh - p + ah * bl + al * bh) as number) + al * bl;
}

/** Significand (as an integer) and exponent of a finite non-zero double: x = m * 2^e. */
function decompose(x: number): [bigint, number] {
  const b = doubleBitsOf(x);
  const exp = Number((b >> 52n) & 0x7ffn);
  const frac = b & 0xf_ffff_ffff_ffffn;
  return exp === 0 ? [frac, -1074] : [frac | (1n << 52n), exp - 1075];
}
const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
function doubleBitsOf(x: number): bigint {
  F64[0] = x;
  return U64[0]!;
}
/** Whether m1*2^e1 === m2*2^e2 for non-negative significands. */
function sameValue(m1: bigint, e1: number, m2: bigint, e2: number): boolean {
  const e = Math.min(e1, e2);
  return m1 << BigInt(e1 - e) === m2 << BigInt(e2 - e);
}

/** Whether op(a, b) rounded to r (finite operands and result) lost nothing. */
function exact(a: number, b: number, op: Op, r: number): boolean {
  if (op === add || op === sub) {
    const bb = op === add ? b : -b;
    const v = r - a;
    return a - (r - v) + (bb - v) === 0; // TwoSum error
  }
  if (op === mul) {
    if (a === 0 || b === 0) return true;
    const e = twoProduct(a, b, r);
    if (e !== undefined) return e === 0;
    if (r === 0) return false;
    const [ma, ea] = decompose(Math.abs(a));
    const [mb, eb] = decompose(Math.abs(b));
    const [mr, er] = decompose(Math.abs(r));
    return sameValue(ma * mb, ea + eb, mr, er);
  }
  // division: exact when r * b is exactly a
  if (a === 0) return true;
  if (r === 0) return false;
  const e = twoProduct(r, b, r * b);
  if (e !== undefined) return r * b === a && e === 0;
  const [ma, ea] = decompose(Math.abs(a));
  const [mb, eb] = decompose(Math.abs(b));
  const [mr, er] = decompose(Math.abs(r));
  return sameValue(mr * mb, er + eb, ma, ea);
}

/** Flags of a finite, non-NaN operation whose exact result was rounded to r (min: the smallest normal). */
function resultFlags(a: number, b: number, op: Op, r: number, rounded: number, min: number): number {
  if (op === div && b === 0) return Number.isFinite(a) ? FPSCR_DZC : 0;
  if (!Number.isFinite(rounded)) return Number.isFinite(a) && Number.isFinite(b) ? FPSCR_OFC | FPSCR_IXC : 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return 0;
  const inexact = (Number.isFinite(r) && !exact(a, b, op, r)) || rounded !== r;
  if (!inexact) return 0;
  return Math.abs(rounded) < min ? FPSCR_UFC | FPSCR_IXC : FPSCR_IXC;
}
const SNAN_S = (x: number) => isNaNS(x) && !(x & QUIET_S);
const SNAN_D = (x: bigint) => isNaND(x) && !(x & QUIET_D);

function arithS(cx: ApiContext, a: number, b: number, op: Op): number | bigint {
  const n = nanS(cx.regs[0]!, cx.regs[1]!);
  if (n !== undefined) {
    if (SNAN_S(cx.regs[0]!) || SNAN_S(cx.regs[1]!)) raise(cx, FPSCR_IOC);
    return n;
  }
  const wide = op(a, b);
  const r = Math.fround(wide);
  if (Number.isNaN(r)) {
    raise(cx, FPSCR_IOC);
    return DEFAULT_NAN_S;
  }
  raise(cx, resultFlags(a, b, op, wide, r, 2 ** -126));
  return r;
}
function arithD(cx: ApiContext, a: number, b: number, op: Op): number | bigint {
  const n = nanD(dbits(cx, 0), dbits(cx, 2));
  if (n !== undefined) {
    if (SNAN_D(dbits(cx, 0)) || SNAN_D(dbits(cx, 2))) raise(cx, FPSCR_IOC);
    return n;
  }
  const r = op(a, b);
  if (Number.isNaN(r)) {
    raise(cx, FPSCR_IOC);
    return DEFAULT_NAN_D;
  }
  raise(cx, resultFlags(a, b, op, r, r, 2 ** -1022));
  return r;
}

/** __cmps/__cmpd: R0 result plus the VFP-style NZCV flags. */
function compare(cx: ApiContext, a: number, b: number): number {
  const [r, nzcv] = a < b ? [-1, 0x8] : a > b ? [1, 0x2] : a === b ? [0, 0x6] : [2, 0x3];
  const uc = cx.machine.uc;
  const cpsr = uc.regRead(ARM_REG.CPSR);
  uc.regWrite(ARM_REG.CPSR, ((cpsr & 0x0fff_ffff) | (nzcv << 28)) >>> 0);
  return r;
}

/** Truncate toward zero and saturate to [lo, hi] (NaN -> 0): VFP ftosiz/ftouiz (IOC for NaN and out of range, IXC for a fraction). */
function toInt(cx: ApiContext, x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) {
    raise(cx, FPSCR_IOC);
    return 0;
  }
  const t = Math.trunc(x);
  if (t < lo || t > hi) {
    raise(cx, FPSCR_IOC);
    return t < lo ? lo : hi;
  }
  if (t !== x) raise(cx, FPSCR_IXC);
  return t;
}
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;
function toInt64(cx: ApiContext, x: number, lo: bigint, hi: bigint): bigint {
  if (Number.isNaN(x)) {
    raise(cx, FPSCR_IOC);
    return 0n;
  }
  if (!Number.isFinite(x)) {
    raise(cx, FPSCR_IOC);
    return BigInt.asUintN(64, x > 0 ? hi : lo);
  }
  const t = BigInt(Math.trunc(x));
  if (t < lo || t > hi) {
    raise(cx, FPSCR_IOC);
    return BigInt.asUintN(64, t < lo ? lo : hi);
  }
  if (Math.trunc(x) !== x) raise(cx, FPSCR_IXC);
  return BigInt.asUintN(64, t);
}
/** An integer conversion's result, with IXC when it was rounded. */
function fromInt(cx: ApiContext, exactValue: bigint, r: number): number {
  if (BigInt(r) !== exactValue) raise(cx, FPSCR_IXC);
  return r;
}
/** Comparison helpers: IOC for a signalling NaN (eq/ne) or any NaN (ordered lt/le/gt/ge), as VFP's fcmp/fcmpe. */
function cmpFlags(cx: ApiContext, single: boolean, ordered: boolean): void {
  const nan = single ? [isNaNS(cx.regs[0]!), isNaNS(cx.regs[1]!)] : [isNaND(dbits(cx, 0)), isNaND(dbits(cx, 2))];
  const snan = single ? SNAN_S(cx.regs[0]!) || SNAN_S(cx.regs[1]!) : SNAN_D(dbits(cx, 0)) || SNAN_D(dbits(cx, 2));
  if (snan || (ordered && (nan[0] || nan[1]))) raise(cx, FPSCR_IOC);
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
  if (SNAN_S(b)) raise(cx, FPSCR_IOC);
  const sign = BigInt(b >>> 31) << 63n;
  return sign | 0x7ff0_0000_0000_0000n | QUIET_D | (BigInt(b & 0x3f_ffff) << 29n);
}
/** double -> float: rounded to nearest even (overflow to infinity); NaN payload kept, as fcvtsd. */
function dtos(cx: ApiContext, x: number): number | bigint {
  const b = dbits(cx, 0);
  if (!isNaND(b)) {
    const r = Math.fround(x);
    if (Number.isFinite(x) && r !== x) raise(cx, !Number.isFinite(r) ? FPSCR_OFC | FPSCR_IXC : Math.abs(r) < 2 ** -126 ? FPSCR_UFC | FPSCR_IXC : FPSCR_IXC);
    return r;
  }
  if (SNAN_D(b)) raise(cx, FPSCR_IOC);
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
  fn('__eqs(f32 a, f32 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, true, false), a === b ? 1 : 0)),
  fn('__nes(f32 a, f32 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, true, false), a !== b ? 1 : 0)),
  fn('__lts(f32 a, f32 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, true, true), a < b ? 1 : 0)),
  fn('__les(f32 a, f32 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, true, true), a <= b ? 1 : 0)),
  fn('__gts(f32 a, f32 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, true, true), a > b ? 1 : 0)),
  fn('__ges(f32 a, f32 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, true, true), a >= b ? 1 : 0)),
  fn('__cmps(f32 a, f32 b): i32', (cx, a: number, b: number) => compare(cx, a, b)),
  fn('__eqd(f64 a, f64 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, false, false), a === b ? 1 : 0)),
  fn('__ned(f64 a, f64 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, false, false), a !== b ? 1 : 0)),
  fn('__ltd(f64 a, f64 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, false, true), a < b ? 1 : 0)),
  fn('__led(f64 a, f64 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, false, true), a <= b ? 1 : 0)),
  fn('__gtd(f64 a, f64 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, false, true), a > b ? 1 : 0)),
  fn('__ged(f64 a, f64 b): bool', (cx, a: number, b: number) => (cmpFlags(cx, false, true), a >= b ? 1 : 0)),
  fn('__cmpd(f64 a, f64 b): i32', (cx, a: number, b: number) => compare(cx, a, b)),
  // integer -> float
  fn('__itos(i32 x): f32', (cx, x: number) => fromInt(cx, BigInt(x), Math.fround(x))),
  fn('__utos(u32 x): f32', (cx, x: number) => fromInt(cx, BigInt(x), Math.fround(x))),
  fn('__itod(i32 x): f64', (_cx, x: number) => x),
  fn('__utod(u32 x): f64', (_cx, x: number) => x),
  fn('__i64tos(i64 x): f32', (cx, x: bigint) => fromInt(cx, x, bigToSingle(x))),
  fn('__u64tos(u64 x): f32', (cx, x: bigint) => fromInt(cx, x, bigToSingle(x))),
  fn('__i64tod(i64 x): f64', (cx, x: bigint) => fromInt(cx, x, Number(x))), // Number(bigint) rounds to nearest even
  fn('__u64tod(u64 x): f64', (cx, x: bigint) => fromInt(cx, x, Number(x))),
  // float -> integer (truncate, saturate, NaN -> 0)
  fn('__stoi(f32 x): i32', (cx, x: number) => toInt(cx, x, -0x8000_0000, 0x7fff_ffff)),
  fn('__stou(f32 x): u32', (cx, x: number) => toInt(cx, x, 0, 0xffff_ffff)),
  fn('__stoi64(f32 x): i64', (cx, x: number) => toInt64(cx, x, I64_MIN, I64_MAX)),
  fn('__stou64(f32 x): u64', (cx, x: number) => toInt64(cx, x, 0n, U64_MAX)),
  fn('__dtoi(f64 x): i32', (cx, x: number) => toInt(cx, x, -0x8000_0000, 0x7fff_ffff)),
  fn('__dtou(f64 x): u32', (cx, x: number) => toInt(cx, x, 0, 0xffff_ffff)),
  fn('__dtoi64(f64 x): i64', (cx, x: number) => toInt64(cx, x, I64_MIN, I64_MAX)),
  fn('__dtou64(f64 x): u64', (cx, x: number) => toInt64(cx, x, 0n, U64_MAX)),
  // float <-> double
  fn('__stod(f32 x): f64', (cx, x: number) => stod(cx, x)),
  fn('__dtos(f64 x): f32', (cx, x: number) => dtos(cx, x)),
];
