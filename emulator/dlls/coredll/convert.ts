/**
 * coredll C runtime conversions: string -> number (strtol, strtoul, wcstol, wcstoul, strtod, wcstod,
 * _atoi64), number -> string (_itoa/_itow, _ltoa/_ltow, _ultoa/_ultow), multibyte <-> wide
 * (mbstowcs, wcstombs, in the device's code page 1252), abs/labs, the byte swaps and MulDiv.
 *
 * References: the Microsoft CRT's strtoxl / strtod (C locale; what CE's coredll ships):
 * - leading white space (C isspace), an optional sign, base 0 = C prefixes (0x hex, 0 octal); base 16
 *   accepts a 0x prefix; a base outside 2..36 (other than 0) returns 0 with *endptr = nptr;
 * - no digits (also "0x" without a hex digit) -> 0 and *endptr = nptr;
 * - out of range -> LONG_MAX / LONG_MIN (strtol) or ULONG_MAX (strtoul); strtoul negates a "-n";
 * - strtod: digits, '.', digits, an exponent introduced by e/E (or d/D, as the Microsoft CRT also
 *   accepts) with at least one digit (otherwise the exponent is not consumed); no inf/nan/hex forms;
 *   overflow -> +-HUGE_VAL, the value is correctly rounded (the JS number parser);
 * - _itoa & co.: lower-case digits, a '-' only for negative values in radix 10 (_itoa/_ltoa/_itow/
 *   _ltow); _ultoa and the rest print the unsigned value. A radix outside 2..36 writes "" (the CRT
 *   does not check it; its output would be garbage).
 * CE's coredll exports no errno (there is no _errno export), so range errors are not reported further.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ctypeNarrow, ctypeWide, C1 } from './ctype.js';
import { decode1252, encode1252 } from './locale.js';

/** A string being parsed: narrow (bytes) or wide (UTF-16 units) guest text, read lazily. */
interface Cursor {
  at(i: number): number;
  space(c: number): boolean;
  unit: 1 | 2;
}

function cursor(cx: ApiContext, p: number, wide: boolean): Cursor {
  return wide
    ? { at: (i) => cx.mem.u16(p + 2 * i), space: (c) => (ctypeWide(c) & C1.SPACE) !== 0, unit: 2 }
    : { at: (i) => cx.mem.u8(p + i), space: (c) => (ctypeNarrow(c) & C1.SPACE) !== 0, unit: 1 };
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  return 99;
}

/** strtoxl: the value (before range handling) and how many units were consumed (0 = nothing). */
export function parseInteger(cur: Cursor, base: number): { neg: boolean; value: bigint; used: number } | undefined {
  if (base < 0 || base === 1 || base > 36) return undefined;
  let i = 0;
  while (cur.space(cur.at(i))) i++;
  let neg = false;
  let c = cur.at(i);
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    c = cur.at(++i);
  }
  if (base === 0) base = c === 0x30 ? ((cur.at(i + 1) | 0x20) === 0x78 ? 16 : 8) : 10;
  if (base === 16 && c === 0x30 && (cur.at(i + 1) | 0x20) === 0x78) i += 2;
  let value = 0n;
  let digits = 0;
  const b = BigInt(base);
  for (;;) {
    const d = digitValue(cur.at(i));
    if (d >= base) break;
    // Anything beyond 2^64 is out of range anyway: keep the big integer small.
    if (value < 1n << 64n) value = value * b + BigInt(d);
    digits++;
    i++;
  }
  if (digits === 0) return { neg: false, value: 0n, used: 0 };
  return { neg, value, used: i };
}

function strtol(cx: ApiContext, p: number, end: number, base: number, wide: boolean, unsigned: boolean): number {
  const cur = cursor(cx, p, wide);
  const r = parseInteger(cur, base);
  if (end) cx.mem.setU32(end, p + (r ? r.used * cur.unit : 0));
  if (!r) return 0;
  const { neg, value } = r;
  if (unsigned) {
    if (value > 0xffffffffn) return 0xffffffff;
    return Number(BigInt.asUintN(32, neg ? -value : value));
  }
  if (neg ? value > 0x80000000n : value > 0x7fffffffn) return neg ? -0x80000000 : 0x7fffffff;
  return Number(neg ? -value : value);
}

/** The Microsoft strtod grammar; returns the value and the units consumed (0 = no number). */
export function parseDouble(cur: Cursor): { value: number; used: number } {
  let i = 0;
  while (cur.space(cur.at(i))) i++;
  let text = '';
  let c = cur.at(i);
  if (c === 0x2d || c === 0x2b) {
    if (c === 0x2d) text = '-';
    c = cur.at(++i);
  }
  let digits = 0;
  while (c >= 0x30 && c <= 0x39) {
    text += String.fromCharCode(c);
    digits++;
    c = cur.at(++i);
  }
  if (c === 0x2e) {
    text += '.';
    c = cur.at(++i);
    while (c >= 0x30 && c <= 0x39) {
      text += String.fromCharCode(c);
      digits++;
      c = cur.at(++i);
    }
  }
  if (digits === 0) return { value: 0, used: 0 };
  if (c === 0x65 || c === 0x45 || c === 0x64 || c === 0x44) {
    let j = i + 1;
    let exp = 'e';
    let e = cur.at(j);
    if (e === 0x2d || e === 0x2b) {
      exp += String.fromCharCode(e);
      e = cur.at(++j);
    }
    if (e >= 0x30 && e <= 0x39) {
      while (e >= 0x30 && e <= 0x39) {
        exp += String.fromCharCode(e);
        e = cur.at(++j);
      }
      text += exp;
      i = j;
    }
  }
  return { value: Number(text), used: i };
}

function strtod(cx: ApiContext, p: number, end: number, wide: boolean): number {
  const cur = cursor(cx, p, wide);
  const r = parseDouble(cur);
  if (end) cx.mem.setU32(end, p + r.used * cur.unit);
  return r.value;
}

/** _itoa & co.: the digits of `value` (a 32-bit pattern), signed only where the CRT makes it so. */
function itoa(cx: ApiContext, value: number, buf: number, radix: number, signed: boolean, wide: boolean): number {
  let s = '';
  if (radix >= 2 && radix <= 36) {
    s = signed && radix === 10 && value | 0 ? (value | 0).toString(10) : (value >>> 0).toString(radix);
  }
  if (wide) cx.mem.writeWstr(buf, s);
  else cx.mem.writeStr(buf, s);
  return buf;
}

/** mbstowcs: code page 1252, at most n units; the NUL is written (and not counted) only if it fits. */
function mbstowcs(cx: ApiContext, dst: number, src: number, n: number): number {
  const len = cx.mem.strlen(src);
  if (dst === 0) return len;
  const k = Math.min(len, n);
  cx.mem.check(dst, 2 * Math.min(n, len + 1), 'write');
  for (let i = 0; i < k; i++) cx.mem.setU16(dst + 2 * i, decode1252(cx.mem.u8(src + i)));
  if (len < n) cx.mem.setU16(dst + 2 * len, 0);
  return k;
}

/** wcstombs: code page 1252; a character 1252 cannot represent -> (size_t)-1. */
function wcstombs(cx: ApiContext, dst: number, src: number, n: number): number {
  const out: number[] = [];
  for (let i = 0; ; i++) {
    if (dst !== 0 && out.length >= n) break;
    const u = cx.mem.u16(src + 2 * i);
    if (u === 0) break;
    const b = encode1252(u);
    if (b === undefined) return 0xffffffff;
    out.push(b);
  }
  if (dst === 0) return out.length;
  cx.mem.check(dst, Math.min(n, out.length + 1), 'write');
  cx.mem.write(dst, Uint8Array.from(out));
  if (out.length < n) cx.mem.setU8(dst + out.length, 0);
  return out.length;
}

function swap32(v: number): number {
  return (((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0;
}

export const convert: ApiDef[] = [
  fn('strtol(str nptr, ptr endptr, i32 base): i32', (cx, p: number, e: number, b: number) => strtol(cx, p, e, b, false, false)),
  fn('strtoul(str nptr, ptr endptr, i32 base): u32', (cx, p: number, e: number, b: number) => strtol(cx, p, e, b, false, true)),
  fn('wcstol(wstr nptr, ptr endptr, i32 base): i32', (cx, p: number, e: number, b: number) => strtol(cx, p, e, b, true, false)),
  fn('wcstoul(wstr nptr, ptr endptr, i32 base): u32', (cx, p: number, e: number, b: number) => strtol(cx, p, e, b, true, true)),
  fn('strtod(str nptr, ptr endptr): f64', (cx, p: number, e: number) => strtod(cx, p, e, false)),
  fn('wcstod(wstr nptr, ptr endptr): f64', (cx, p: number, e: number) => strtod(cx, p, e, true)),
  // _atoi64: white space, sign, decimal digits; the value wraps (the CRT accumulates without a check).
  fn('_atoi64(str s): i64', (cx, p: number) => {
    const r = parseInteger(cursor(cx, p, false), 10);
    if (!r) return 0n;
    return BigInt.asIntN(64, r.neg ? -r.value : r.value);
  }),
  fn('_itoa(i32 value, ptr buf, i32 radix): ptr', (cx, v: number, b: number, r: number) => itoa(cx, v, b, r, true, false)),
  fn('_ltoa(i32 value, ptr buf, i32 radix): ptr', (cx, v: number, b: number, r: number) => itoa(cx, v, b, r, true, false)),
  fn('_ultoa(u32 value, ptr buf, i32 radix): ptr', (cx, v: number, b: number, r: number) => itoa(cx, v, b, r, false, false)),
  fn('_itow(i32 value, ptr buf, i32 radix): ptr', (cx, v: number, b: number, r: number) => itoa(cx, v, b, r, true, true)),
  fn('_ltow(i32 value, ptr buf, i32 radix): ptr', (cx, v: number, b: number, r: number) => itoa(cx, v, b, r, true, true)),
  fn('_ultow(u32 value, ptr buf, i32 radix): ptr', (cx, v: number, b: number, r: number) => itoa(cx, v, b, r, false, true)),
  fn('mbstowcs(ptr wcstr, str mbstr, u32 count): u32', (cx, d: number, s: number, n: number) => mbstowcs(cx, d, s, n)),
  fn('wcstombs(ptr mbstr, wstr wcstr, u32 count): u32', (cx, d: number, s: number, n: number) => wcstombs(cx, d, s, n)),
  fn('abs(i32 n): i32', (_cx, n: number) => Math.abs(n) | 0),
  fn('labs(i32 n): i32', (_cx, n: number) => Math.abs(n) | 0),
  fn('_byteswap_ushort(u32 v): u32', (_cx, v: number) => ((v & 0xff) << 8) | ((v >>> 8) & 0xff)),
  fn('_byteswap_ulong(u32 v): u32', (_cx, v: number) => swap32(v)),
  fn('_byteswap_uint64(u64 v): u64', (_cx, v: bigint) => (BigInt(swap32(Number(v & 0xffffffffn))) << 32n) | BigInt(swap32(Number(v >> 32n)))),
  // MulDiv: (a*b)/c with a 64-bit intermediate, rounded half away from zero; c = 0 or a result
  // outside 32 bits -> -1 (Win32 documentation). A CE 6 export (ordinal 1877, absent from the CE 5 table).
  fn('MulDiv(i32 nNumber, i32 nNumerator, i32 nDenominator): i32', { ordinal: 1877 }, (_cx, a: number, b: number, c: number) => {
    if (c === 0) return -1;
    const p = BigInt(a) * BigInt(b);
    const cc = BigInt(c);
    const neg = p < 0n !== cc < 0n;
    const ap = p < 0n ? -p : p;
    const ac = cc < 0n ? -cc : cc;
    let q = (ap + ac / 2n) / ac;
    if (neg) q = -q;
    return q > 0x7fffffffn || q < -0x80000000n ? -1 : Number(q);
  }),
];
