/**
 * coredll strsafe: the StringCch* / StringCb* functions, which CE's coredll exports as real functions
 * (1689-1757, 1868-1869) rather than the header's inline versions. Behaviour follows the strsafe.h of
 * the CE 5/6 SDKs (the 2003-2005 workers, StringCopyWorker / StringCopyExWorker and friends):
 *
 * - cchDest (or cbDest / sizeof(unit)) above STRSAFE_MAX_CCH or 0 -> STRSAFE_E_INVALID_PARAMETER
 *   (0x80070057), nothing written;
 * - the result does not fit -> the destination gets as much as fits plus a NUL,
 *   STRSAFE_E_INSUFFICIENT_BUFFER (0x8007007A);
 * - Cat on a destination without a NUL inside cchDest -> STRSAFE_E_INVALID_PARAMETER;
 * - Length: *pcch is set only on success (the old workers leave it alone on failure);
 * - the Ex forms: STRSAFE_IGNORE_NULLS, FILL_BEHIND_NULL, FILL_ON_FAILURE, NULL_ON_FAILURE,
 *   NO_TRUNCATION (low byte = fill byte); other flag bits -> STRSAFE_E_INVALID_PARAMETER;
 *   *ppszDestEnd / *pcchRemaining are written on success and on truncation.
 *
 * Printf forms format with the CRT engine (format.ts, as _vsnwprintf). The functions are plain code
 * on a device: a bad pointer crashes (coredll's fault policy).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext, VarArgReader } from '../../core/api/context.js';
import { format } from './format-guest.js';
import { encode1252 } from './locale.js';

export const S_OK = 0;
export const STRSAFE_E_INVALID_PARAMETER = 0x80070057;
export const STRSAFE_E_INSUFFICIENT_BUFFER = 0x8007007a;
const STRSAFE_MAX_CCH = 2147483647;
const IGNORE_NULLS = 0x100;
const FILL_BEHIND_NULL = 0x200;
const FILL_ON_FAILURE = 0x400;
const NULL_ON_FAILURE = 0x800;
const NO_TRUNCATION = 0x1000;
const VALID_FLAGS = 0x1fff;

/** A character width: 1 (A functions) or 2 (W functions). */
type Unit = 1 | 2;

function rd(cx: ApiContext, p: number, u: Unit): number {
  return u === 2 ? cx.mem.u16(p) : cx.mem.u8(p);
}
function wr(cx: ApiContext, p: number, u: Unit, v: number): void {
  if (u === 2) cx.mem.setU16(p, v);
  else cx.mem.setU8(p, v);
}

/** Up to `max` units of a NUL-terminated string (read lazily: the source may end without a NUL past max). */
function units(cx: ApiContext, p: number, u: Unit, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const c = rd(cx, p + u * i, u);
    if (c === 0) break;
    out.push(c);
  }
  return out;
}

/** Length of the string at p if it ends within max units, else undefined (StringLengthWorker). */
function lengthWithin(cx: ApiContext, p: number, u: Unit, max: number): number | undefined {
  for (let i = 0; i < max; i++) if (rd(cx, p + u * i, u) === 0) return i;
  return undefined;
}

/** Formatted text as units of width u (narrow output in the device code page, unmappable -> '?'). */
function formatted(cx: ApiContext, fmt: number, u: Unit, va: VarArgReader, limit: number): number[] {
  const s = format(cx, fmt, u === 2, 'crt', va, limit);
  const out: number[] = new Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = u === 2 ? c : (encode1252(c) ?? 0x3f);
  }
  return out;
}

/** What a function appends: the text (already cut to what the worker would read) at most `room` units. */
type Source = (room: number) => number[];

interface Ex {
  endPtr: number; // ppszDestEnd (0 = none)
  remPtr: number; // pcchRemaining / pcbRemaining (0 = none)
  flags: number;
}

/**
 * The common worker. dest/n: the destination and its size in units (n already checked against
 * STRSAFE_MAX_CCH by the caller); cat: append after the existing string; byteRemainder: cbDest %
 * unit for Cb functions (counted into *pcbRemaining and the fills).
 */
function work(cx: ApiContext, u: Unit, dest: number, n: number, cat: boolean, src: Source, ex: Ex | undefined, cb: boolean, byteRem: number): number {
  const flags = ex?.flags ?? 0;
  if (flags & ~VALID_FLAGS) return STRSAFE_E_INVALID_PARAMETER;
  let hr = S_OK;
  let end = dest;
  let remaining = 0;
  let regionStart = dest;
  let regionN = n;
  if (flags & IGNORE_NULLS && dest === 0 && n !== 0) hr = STRSAFE_E_INVALID_PARAMETER;
  if (hr === S_OK && cat) {
    const len = dest === 0 && n === 0 && flags & IGNORE_NULLS ? 0 : lengthWithin(cx, dest, u, n);
    if (len === undefined) hr = STRSAFE_E_INVALID_PARAMETER;
    else {
      regionStart = dest + u * len;
      regionN = n - len;
    }
  }
  if (hr === S_OK) {
    if (regionN === 0) {
      // Only the Ex workers accept a zero-size destination (nothing to write, fine if nothing to add).
      end = regionStart;
      remaining = 0;
      if (!ex) hr = STRSAFE_E_INVALID_PARAMETER;
      else if (src(1).length) hr = dest === 0 ? STRSAFE_E_INVALID_PARAMETER : STRSAFE_E_INSUFFICIENT_BUFFER;
    } else {
      const text = src(regionN);
      const fits = text.length < regionN;
      const k = fits ? text.length : regionN - 1;
      cx.mem.check(regionStart, u * (k + 1), 'write');
      for (let i = 0; i < k; i++) wr(cx, regionStart + u * i, u, text[i]!);
      wr(cx, regionStart + u * k, u, 0);
      end = regionStart + u * k;
      remaining = regionN - k;
      if (!fits) hr = STRSAFE_E_INSUFFICIENT_BUFFER;
      else if (flags & FILL_BEHIND_NULL && remaining > 1) cx.mem.fill(end + u, u * (remaining - 1) + byteRem, flags & 0xff);
    }
  }
  if (hr !== S_OK && ex && dest !== 0) {
    // NO_TRUNCATION undoes the partial result of this call (for Cat: the appended part only).
    if (flags & NO_TRUNCATION && hr === STRSAFE_E_INSUFFICIENT_BUFFER && regionN > 0) {
      wr(cx, regionStart, u, 0);
      end = regionStart;
      remaining = regionN;
    }
    if (flags & FILL_ON_FAILURE) {
      cx.mem.fill(dest, u * n + byteRem, flags & 0xff);
      if ((flags & 0xff) === 0) {
        end = dest;
        remaining = n;
      } else if (n > 0) {
        end = dest + u * (n - 1);
        remaining = 1;
        wr(cx, end, u, 0);
      }
    }
    if (flags & NULL_ON_FAILURE && n > 0) {
      end = dest;
      remaining = n;
      wr(cx, dest, u, 0);
    }
  }
  if (ex && (hr === S_OK || hr === STRSAFE_E_INSUFFICIENT_BUFFER)) {
    if (ex.endPtr) cx.mem.setU32(ex.endPtr, end);
    if (ex.remPtr) cx.mem.setU32(ex.remPtr, cb ? remaining * u + byteRem : remaining);
  }
  return hr;
}

/** Size argument -> units (Cb: bytes / unit) and the byte remainder; undefined when above STRSAFE_MAX_CCH. */
function size(u: Unit, cb: boolean, v: number): [number, number] | undefined {
  const n = cb ? Math.floor(v / u) : v;
  if (n > STRSAFE_MAX_CCH) return undefined;
  return [n, cb ? v % u : 0];
}

function strSource(cx: ApiContext, u: Unit, p: number, max: number, flags: number): Source {
  return (room) => (p === 0 && flags & IGNORE_NULLS ? [] : units(cx, p, u, Math.min(room, max)));
}

function declare(u: Unit, cb: boolean): ApiDef[] {
  const S = `String${cb ? 'Cb' : 'Cch'}`;
  const W = u === 2 ? 'W' : 'A';
  const n = cb ? 'cbDest' : 'cchDest';
  const run = (cx: ApiContext, dest: number, sz: number, cat: boolean, src: (flags: number) => Source, ex?: Ex): number => {
    const s = size(u, cb, sz);
    if (!s) return STRSAFE_E_INVALID_PARAMETER;
    return work(cx, u, dest, s[0], cat, src(ex?.flags ?? 0), ex, cb, s[1]);
  };
  const srcN = (v: number) => (cb ? Math.floor(v / u) : v);
  const printf =
    (cx: ApiContext, fmt: number, va: () => VarArgReader) =>
    (flags: number): Source =>
    (room) =>
      fmt === 0 && flags & IGNORE_NULLS ? [] : formatted(cx, fmt, u, va(), room + 1);
  return [
    fn(`${S}Copy${W}(ptr pszDest, u32 ${n}, ptr pszSrc): hex`, (cx, d: number, sz: number, s: number) =>
      run(cx, d, sz, false, (f) => strSource(cx, u, s, Infinity, f)),
    ),
    fn(
      `${S}CopyEx${W}(ptr pszDest, u32 ${n}, ptr pszSrc, ptr ppszDestEnd, ptr pRemaining, hex dwFlags): hex`,
      (cx, d: number, sz: number, s: number, e: number, r: number, f: number) =>
        run(cx, d, sz, false, (fl) => strSource(cx, u, s, Infinity, fl), { endPtr: e, remPtr: r, flags: f }),
    ),
    fn(`${S}CopyN${W}(ptr pszDest, u32 ${n}, ptr pszSrc, u32 cchSrc): hex`, (cx, d: number, sz: number, s: number, m: number) =>
      srcN(m) > STRSAFE_MAX_CCH ? STRSAFE_E_INVALID_PARAMETER : run(cx, d, sz, false, (f) => strSource(cx, u, s, srcN(m), f)),
    ),
    fn(`${S}Cat${W}(ptr pszDest, u32 ${n}, ptr pszSrc): hex`, (cx, d: number, sz: number, s: number) =>
      run(cx, d, sz, true, (f) => strSource(cx, u, s, Infinity, f)),
    ),
    fn(
      `${S}CatEx${W}(ptr pszDest, u32 ${n}, ptr pszSrc, ptr ppszDestEnd, ptr pRemaining, hex dwFlags): hex`,
      (cx, d: number, sz: number, s: number, e: number, r: number, f: number) =>
        run(cx, d, sz, true, (fl) => strSource(cx, u, s, Infinity, fl), { endPtr: e, remPtr: r, flags: f }),
    ),
    fn(`${S}CatN${W}(ptr pszDest, u32 ${n}, ptr pszSrc, u32 cchMaxAppend): hex`, (cx, d: number, sz: number, s: number, m: number) =>
      srcN(m) > STRSAFE_MAX_CCH ? STRSAFE_E_INVALID_PARAMETER : run(cx, d, sz, true, (f) => strSource(cx, u, s, srcN(m), f)),
    ),
    fn(
      `${S}CatNEx${W}(ptr pszDest, u32 ${n}, ptr pszSrc, u32 cchMaxAppend, ptr ppszDestEnd, ptr pRemaining, hex dwFlags): hex`,
      (cx, d: number, sz: number, s: number, m: number, e: number, r: number, f: number) =>
        srcN(m) > STRSAFE_MAX_CCH
          ? STRSAFE_E_INVALID_PARAMETER
          : run(cx, d, sz, true, (fl) => strSource(cx, u, s, srcN(m), fl), { endPtr: e, remPtr: r, flags: f }),
    ),
    fn(`${S}Printf${W}(ptr pszDest, u32 ${n}, ptr pszFormat, ...): hex`, (cx, d: number, sz: number, f: number) =>
      run(
        cx,
        d,
        sz,
        false,
        printf(cx, f, () => cx.varargs()),
      ),
    ),
    fn(`${S}VPrintf${W}(ptr pszDest, u32 ${n}, ptr pszFormat, ptr argList): hex`, (cx, d: number, sz: number, f: number, va: number) =>
      run(
        cx,
        d,
        sz,
        false,
        printf(cx, f, () => cx.vaList(va)),
      ),
    ),
    fn(
      `${S}PrintfEx${W}(ptr pszDest, u32 ${n}, ptr ppszDestEnd, ptr pRemaining, hex dwFlags, ptr pszFormat, ...): hex`,
      (cx, d: number, sz: number, e: number, r: number, fl: number, f: number) =>
        run(
          cx,
          d,
          sz,
          false,
          printf(cx, f, () => cx.varargs()),
          { endPtr: e, remPtr: r, flags: fl },
        ),
    ),
    fn(
      `${S}VPrintfEx${W}(ptr pszDest, u32 ${n}, ptr ppszDestEnd, ptr pRemaining, hex dwFlags, ptr pszFormat, ptr argList): hex`,
      (cx, d: number, sz: number, e: number, r: number, fl: number, f: number, va: number) =>
        run(
          cx,
          d,
          sz,
          false,
          printf(cx, f, () => cx.vaList(va)),
          { endPtr: e, remPtr: r, flags: fl },
        ),
    ),
    fn(`${S}Length${W}(ptr psz, u32 ${cb ? 'cbMax' : 'cchMax'}, ptr ${cb ? 'pcb' : 'pcch'}): hex`, (cx, p: number, max: number, out: number) => {
      const m = srcN(max);
      if (p === 0 || m > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
      const len = lengthWithin(cx, p, u, m);
      if (len === undefined) return STRSAFE_E_INVALID_PARAMETER;
      if (out) cx.mem.setU32(out, cb ? len * u : len);
      return S_OK;
    }),
  ];
}

/** Only the names coredll exports (CE 5 table): e.g. there is no StringCchCopyNExA. */
const EXPORTED = new Set([
  ...['Copy', 'CopyEx', 'Cat', 'CatEx', 'VPrintf', 'Printf', 'PrintfEx', 'VPrintfEx', 'CopyN', 'CatN', 'CatNEx', 'Length'].flatMap((op) =>
    ['Cch', 'Cb'].flatMap((k) => ['W', 'A'].map((w) => `String${k}${op}${w}`)),
  ),
  'StringCchCopyNExW',
  'StringCbCopyNExW',
]);

function copyNEx(cb: boolean): ApiDef {
  const u: Unit = 2;
  const n = cb ? 'cbDest' : 'cchDest';
  return fn(
    `String${cb ? 'Cb' : 'Cch'}CopyNExW(ptr pszDest, u32 ${n}, ptr pszSrc, u32 cchSrc, ptr ppszDestEnd, ptr pRemaining, hex dwFlags): hex`,
    (cx, d: number, sz: number, s: number, m: number, e: number, r: number, f: number) => {
      const sd = size(u, cb, sz);
      const ms = cb ? Math.floor(m / u) : m;
      if (!sd || ms > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
      return work(cx, u, d, sd[0], false, strSource(cx, u, s, ms, f), { endPtr: e, remPtr: r, flags: f }, cb, sd[1]);
    },
  );
}

export const strsafe: ApiDef[] = [
  ...([2, 1] as Unit[]).flatMap((u) => [false, true].flatMap((cb) => declare(u, cb))).filter((d) => EXPORTED.has(d.name)),
  copyNEx(false),
  copyNEx(true),
];
