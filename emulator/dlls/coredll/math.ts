/**
 * coredll C runtime math (math.h, float.h): doubles travel in core registers (CE's ARM soft-float
 * convention, `f64` arguments). The values are the host's IEEE double functions (JS Math), which are
 * correctly rounded for sqrt, floor, ceil, fabs, fmod, ldexp, frexp, modf and within an ulp for the
 * transcendental ones (the Microsoft CRT is within an ulp too; results may differ in the last bit).
 * Domain errors give a NaN as IEEE and the CRT do (no errno: CE's coredll exports none).
 *
 * Floating-point environment: the run's arithmetic (softfloat.ts) always rounds to nearest and never
 * traps, which is the CRT default control word (_CW_DEFAULT). _controlfp reports that word and
 * accepts any request that keeps it; a program that asks for another rounding mode or unmasked
 * exceptions stops the run with a message saying so (not silently ignored). The sticky exception
 * flags are the thread's FPSCR cumulative bits, where the VFP instructions of compiled code and the
 * softfloat helpers (softfloat.ts, as fpcrt's VFP code on a device) accumulate them: _statusfp returns
 * them as the float.h status word (_SW_INVALID 0x10, _SW_ZERODIVIDE 0x8, _SW_OVERFLOW 0x4,
 * _SW_UNDERFLOW 0x2, _SW_INEXACT 0x1, _SW_DENORMAL 0x80000 for FPSCR IOC, DZC, OFC, UFC, IXC, IDC),
 * _clearfp returns them and clears them (CRT docs: "gets and clears the floating-point status word").
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ARM_REG } from '../../core/unicorn/constants.js';
import type { ApiContext } from '../../core/api/context.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { doubleBits, doubleFromBits, singleBits } from '../../core/api/float-bits.js';

const CW_DEFAULT = 0x0009001f; // _RC_NEAR | _PC_53 | _EM_INVALID|_EM_ZERODIVIDE|_EM_OVERFLOW|_EM_UNDERFLOW|_EM_INEXACT (+_EM_DENORMAL 0x80000)
const MCW_EM = 0x0008001f;
const MCW_RC = 0x00000300;

/** FPSCR cumulative exception bits: IOC, DZC, OFC, UFC, IXC, IDC. */
const FPSCR_STICKY = 0x9f;
/** float.h _SW_* status word of an FPSCR. */
export function statusWord(fpscr: number): number {
  let w = 0;
  if (fpscr & 0x01) w |= 0x10; // IOC -> _SW_INVALID
  if (fpscr & 0x02) w |= 0x08; // DZC -> _SW_ZERODIVIDE
  if (fpscr & 0x04) w |= 0x04; // OFC -> _SW_OVERFLOW
  if (fpscr & 0x08) w |= 0x02; // UFC -> _SW_UNDERFLOW
  if (fpscr & 0x10) w |= 0x01; // IXC -> _SW_INEXACT
  if (fpscr & 0x80) w |= 0x80000; // IDC -> _SW_DENORMAL
  return w;
}

/** _fpclass of a double (float.h _FPCLASS_*), from its bits (tells signalling from quiet NaNs). */
export function fpclass(x: number): number {
  const b = doubleBits(x);
  const neg = b >> 63n === 1n;
  const exp = Number((b >> 52n) & 0x7ffn);
  const frac = b & ((1n << 52n) - 1n);
  if (exp === 0x7ff) {
    if (frac === 0n) return neg ? 0x4 : 0x200; // NINF / PINF
    return frac & (1n << 51n) ? 0x2 : 0x1; // QNAN / SNAN
  }
  if (exp === 0) {
    if (frac === 0n) return neg ? 0x20 : 0x40; // NZ / PZ
    return neg ? 0x10 : 0x80; // ND / PD
  }
  return neg ? 0x8 : 0x100; // NN / PN
}

/** frexp: x = m * 2^e with 0.5 <= |m| < 1 (0, inf, NaN: m = x, e = 0). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const b = doubleBits(x);
  let exp = Number((b >> 52n) & 0x7ffn);
  if (exp === 0) {
    // subnormal: scale into the normal range first
    const [m, e] = frexp(x * 2 ** 64);
    return [m, e - 64];
  }
  exp -= 1022;
  const m = doubleFromBits((b & ~(0x7ffn << 52n)) | (1022n << 52n));
  return [m, exp];
}

/** ldexp: x * 2^e without intermediate overflow/underflow of the power. */
export function ldexp(x: number, e: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  let r = x;
  while (e > 1000) {
    r *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    r *= 2 ** -1000;
    e += 1000;
    if (r === 0) return r;
  }
  // Split the last step so a subnormal result is rounded once.
  if (e < -1021) return r * 2 ** (e + 53) * 2 ** -53;
  return r * 2 ** e;
}

/** C fmod: the exact remainder with the sign of x (JS % is the same operation). */
function fmod(x: number, y: number): number {
  return x % y;
}

const controlWords = new WeakMap<object, number>();

function controlfp(cx: ApiContext, value: number, mask: number): number {
  const cur = controlWords.get(cx.machine) ?? CW_DEFAULT;
  const next = ((cur & ~mask) | (value & mask)) >>> 0;
  if ((next & MCW_RC) !== 0 || (next & MCW_EM) !== (MCW_EM & CW_DEFAULT)) {
    cx.machine.abort(
      'unimplemented',
      EXIT_CODES.unimplemented,
      `_controlfp(0x${value.toString(16)}, 0x${mask.toString(16)}): only round-to-nearest with all floating-point exceptions masked is emulated`,
    );
    return cur;
  }
  controlWords.set(cx.machine, next);
  return next;
}

export const math: ApiDef[] = [
  fn('sqrt(f64 x): f64', (_cx, x: number) => Math.sqrt(x)),
  // C99 / the CRT: pow(1, y) = 1 and pow(-1, +-inf) = 1, where JS gives NaN.
  fn('pow(f64 x, f64 y): f64', (_cx, x: number, y: number) => (x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y))),
  fn('exp(f64 x): f64', (_cx, x: number) => Math.exp(x)),
  fn('log(f64 x): f64', (_cx, x: number) => Math.log(x)),
  fn('log10(f64 x): f64', (_cx, x: number) => Math.log10(x)),
  fn('sin(f64 x): f64', (_cx, x: number) => Math.sin(x)),
  fn('cos(f64 x): f64', (_cx, x: number) => Math.cos(x)),
  fn('tan(f64 x): f64', (_cx, x: number) => Math.tan(x)),
  fn('asin(f64 x): f64', (_cx, x: number) => Math.asin(x)),
  fn('acos(f64 x): f64', (_cx, x: number) => Math.acos(x)),
  fn('atan(f64 x): f64', (_cx, x: number) => Math.atan(x)),
  fn('atan2(f64 y, f64 x): f64', (_cx, y: number, x: number) => Math.atan2(y, x)),
  fn('sinh(f64 x): f64', (_cx, x: number) => Math.sinh(x)),
  fn('cosh(f64 x): f64', (_cx, x: number) => Math.cosh(x)),
  fn('tanh(f64 x): f64', (_cx, x: number) => Math.tanh(x)),
  fn('floor(f64 x): f64', (_cx, x: number) => Math.floor(x)),
  fn('ceil(f64 x): f64', (_cx, x: number) => Math.ceil(x)),
  fn('fabs(f64 x): f64', (_cx, x: number) => Math.abs(x)),
  fn('fmod(f64 x, f64 y): f64', (_cx, x: number, y: number) => fmod(x, y)),
  fn('_hypot(f64 x, f64 y): f64', (_cx, x: number, y: number) => Math.hypot(x, y)),
  fn('ldexp(f64 x, i32 exp): f64', (_cx, x: number, e: number) => ldexp(x, e)),
  fn('frexp(f64 x, ptr expptr): f64', (cx, x: number, p: number) => {
    const [m, e] = frexp(x);
    cx.mem.setU32(p, e >>> 0);
    return m;
  }),
  fn('modf(f64 x, ptr intptr): f64', (cx, x: number, p: number) => {
    const i = Number.isFinite(x) ? Math.trunc(x) : x;
    cx.mem.setU64(p, doubleBits(i));
    // The fraction keeps the sign of x (modf(-0.5) = -0.5, integral part -0); inf -> +-0.
    return Number.isNaN(x) ? x : Number.isFinite(x) ? (x - i === 0 ? (Object.is(x, -0) || x < 0 ? -0 : 0) : x - i) : x < 0 ? -0 : 0;
  }),
  fn('_copysign(f64 x, f64 y): f64', (_cx, x: number, y: number) => {
    const b = (doubleBits(x) & ~(1n << 63n)) | (doubleBits(y) & (1n << 63n));
    return b;
  }),
  fn('_chgsign(f64 x): f64', (_cx, x: number) => doubleBits(x) ^ (1n << 63n)),
  fn('_finite(f64 x): i32', (_cx, x: number) => (Number.isFinite(x) ? 1 : 0)),
  fn('_isnan(f64 x): i32', (_cx, x: number) => (Number.isNaN(x) ? 1 : 0)),
  fn('_isnanf(f32 x): i32', (_cx, x: number) => ((singleBits(x) & 0x7fffffff) > 0x7f800000 ? 1 : 0)),
  fn('_fpclass(f64 x): i32', (_cx, x: number) => fpclass(x)),
  fn('_controlfp(u32 newValue, u32 mask): hex', (cx, v: number, m: number) => controlfp(cx, v, m)),
  fn('_clearfp(): hex', (cx) => {
    const uc = cx.machine.uc;
    const fpscr = uc.regRead(ARM_REG.FPSCR);
    uc.regWrite(ARM_REG.FPSCR, (fpscr & ~FPSCR_STICKY) >>> 0);
    return statusWord(fpscr);
  }),
  fn('_statusfp(): hex', (cx) => statusWord(cx.machine.uc.regRead(ARM_REG.FPSCR))),
];
