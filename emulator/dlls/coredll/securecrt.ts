/**
 * coredll secure C runtime (the *_s functions and _recalloc CE 6 added; ordinals from the CE 6
 * coredll export table, which the CE 5 reference table lacks, so each is declared with its ordinal).
 *
 * Behaviour follows the Microsoft CRT documentation of these functions (VC 8, the CRT CE 6 ships):
 * - a NULL destination, a zero size, a NULL source -> EINVAL (22); a destination too small -> the
 *   destination's first element is set to 0 and ERANGE (34); count = _TRUNCATE (-1) copies what fits
 *   and returns STRUNCATE (80);
 * - every such error first goes to the invalid-parameter handler: the one the program installed with
 *   _set_invalid_parameter_handler is called (with NULL arguments, as the release CRT passes) and the
 *   function then returns its error; without one, the CRT's default handler ends the process, which
 *   wmemu reports as a crash naming the function (STATUS_INVALID_CRUNTIME_PARAMETER).
 * - the printf forms (sprintf_s, swprintf_s, _vsnwprintf_s) return -1 for those errors.
 */
import { fn, CALLED, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext, VarArgReader } from '../../core/api/context.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { format } from './format-guest.js';
import { decode1252, encode1252 } from './locale.js';

const EINVAL = 22;
const ERANGE = 34;
const STRUNCATE = 80;
const TRUNCATE = 0xffffffff;

const handlers = new WeakMap<object, number>();

/** The invalid-parameter path: the installed handler (then `ret`), or the end of the process. */
function invalid(cx: ApiContext, what: string, ret: number): Returns<'i32'> {
  const h = handlers.get(cx.machine);
  if (h) return cx.callGuest(h, [0, 0, 0, 0, 0], () => ret);
  cx.machine.abort(
    'crashed',
    EXIT_CODES.crashed,
    `${cx.decl.name}: invalid parameter (${what}); the C runtime's default invalid-parameter handler ends the process (STATUS_INVALID_CRUNTIME_PARAMETER 0xC0000417)`,
  );
  return ret;
}

type Unit = 1 | 2;
const rd = (cx: ApiContext, p: number, u: Unit) => (u === 2 ? cx.mem.u16(p) : cx.mem.u8(p));
const wr = (cx: ApiContext, p: number, u: Unit, v: number) => (u === 2 ? cx.mem.setU16(p, v) : cx.mem.setU8(p, v));

/** Units of the string at p, at most max (no NUL needed beyond that). */
function take(cx: ApiContext, p: number, u: Unit, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < max; i++) {
    const c = rd(cx, p + u * i, u);
    if (c === 0) break;
    out.push(c);
  }
  return out;
}

function put(cx: ApiContext, p: number, u: Unit, text: number[]): void {
  cx.mem.check(p, u * (text.length + 1), 'write');
  text.forEach((c, i) => wr(cx, p + u * i, u, c));
  wr(cx, p + u * text.length, u, 0);
}

/** strcpy_s / strncpy_s / strcat_s / strncat_s for one unit width; count undefined = whole source. */
function copyS(cx: ApiContext, u: Unit, dst: number, n: number, src: number, count: number | undefined, cat: boolean): Returns<'i32'> {
  if (count === 0 && dst === 0 && n === 0 && !cat) return 0;
  if (dst === 0 || n === 0) return invalid(cx, 'destination NULL or size 0', EINVAL);
  let start = 0;
  if (cat) {
    const existing = take(cx, dst, u, n);
    if (existing.length >= n) {
      wr(cx, dst, u, 0);
      return invalid(cx, 'destination not terminated', EINVAL);
    }
    start = existing.length;
  }
  if (src === 0 && count !== 0) {
    wr(cx, dst, u, 0);
    return invalid(cx, 'source NULL', EINVAL);
  }
  const room = n - start; // units available including the NUL
  if (count === TRUNCATE) {
    const text = take(cx, src, u, room);
    if (text.length < room) {
      put(cx, dst + u * start, u, text);
      return 0;
    }
    put(cx, dst + u * start, u, text.slice(0, room - 1));
    return STRUNCATE;
  }
  const text = src === 0 ? [] : take(cx, src, u, count === undefined ? room : Math.min(count, room));
  if (text.length >= room) {
    wr(cx, dst, u, 0);
    return invalid(cx, 'buffer too small', ERANGE);
  }
  put(cx, dst + u * start, u, text);
  return 0;
}

/** _vsnprintf_s-style storing of formatted text (count undefined: the sprintf_s rule). */
function printfS(cx: ApiContext, u: Unit, buf: number, size: number, count: number | undefined, fmt: number, va: () => VarArgReader): Returns<'i32'> {
  if (count === 0 && buf === 0 && size === 0) return 0;
  if (fmt === 0) return invalid(cx, 'format NULL', -1);
  if (buf === 0 || size === 0) return invalid(cx, 'buffer NULL or size 0', -1);
  const s = format(cx, fmt, u === 2, 'crt', va(), size + 1);
  const text: number[] = [];
  for (let i = 0; i < s.length; i++) text.push(u === 2 ? s.charCodeAt(i) : (encode1252(s.charCodeAt(i)) ?? 0x3f));
  if (count === TRUNCATE) {
    if (text.length < size) {
      put(cx, buf, u, text);
      return text.length;
    }
    put(cx, buf, u, text.slice(0, size - 1));
    return -1;
  }
  if (count !== undefined && count < size) {
    if (text.length <= count) {
      put(cx, buf, u, text);
      return text.length;
    }
    put(cx, buf, u, text.slice(0, count));
    return -1;
  }
  if (text.length < size) {
    put(cx, buf, u, text);
    return text.length;
  }
  wr(cx, buf, u, 0);
  return invalid(cx, 'buffer too small', -1);
}

function caseS(cx: ApiContext, p: number, n: number, upper: boolean): Returns<'i32'> {
  if (p === 0) return invalid(cx, 'string NULL', EINVAL);
  const text = take(cx, p, 2, n);
  if (text.length >= n) {
    if (n > 0) cx.mem.setU16(p, 0);
    return invalid(cx, 'string not terminated within its size', EINVAL);
  }
  text.forEach((c, i) => {
    const s = String.fromCharCode(c);
    const m = upper ? s.toUpperCase() : s.toLowerCase();
    cx.mem.setU16(p + 2 * i, m.length === 1 ? m.charCodeAt(0) : c);
  });
  return 0;
}

export const securecrt: ApiDef[] = [
  fn('wcscpy_s(ptr dest, u32 numberOfElements, ptr src): i32', { ordinal: 2629 }, (cx, d: number, n: number, s: number) =>
    copyS(cx, 2, d, n, s, undefined, false),
  ),
  fn('wcsncpy_s(ptr dest, u32 numberOfElements, ptr src, u32 count): i32', { ordinal: 2632 }, (cx, d: number, n: number, s: number, c: number) =>
    copyS(cx, 2, d, n, s, c, false),
  ),
  fn('wcscat_s(ptr dest, u32 numberOfElements, ptr src): i32', { ordinal: 2628 }, (cx, d: number, n: number, s: number) =>
    copyS(cx, 2, d, n, s, undefined, true),
  ),
  fn('wcsncat_s(ptr dest, u32 numberOfElements, ptr src, u32 count): i32', { ordinal: 2631 }, (cx, d: number, n: number, s: number, c: number) =>
    copyS(cx, 2, d, n, s, c, true),
  ),
  fn('memcpy_s(ptr dest, u32 destSize, ptr src, u32 count): i32', { ordinal: 2652 }, (cx, d: number, n: number, s: number, c: number) => {
    if (c === 0) return 0;
    if (d === 0) return invalid(cx, 'destination NULL', EINVAL);
    if (s === 0 || n < c) {
      cx.mem.fill(d, n, 0);
      return invalid(cx, s === 0 ? 'source NULL' : 'buffer too small', s === 0 ? EINVAL : ERANGE);
    }
    cx.mem.copyWithin(d, s, c);
    return 0;
  }),
  fn('memmove_s(ptr dest, u32 destSize, ptr src, u32 count): i32', { ordinal: 2653 }, (cx, d: number, n: number, s: number, c: number) => {
    if (c === 0) return 0;
    if (d === 0 || s === 0) return invalid(cx, 'pointer NULL', EINVAL);
    if (n < c) return invalid(cx, 'buffer too small', ERANGE);
    cx.mem.copyWithin(d, s, c);
    return 0;
  }),
  fn('_wcslwr_s(ptr str, u32 numberOfElements): i32', { ordinal: 2642 }, (cx, p: number, n: number) => caseS(cx, p, n, false)),
  fn('_wcsupr_s(ptr str, u32 numberOfElements): i32', { ordinal: 2643 }, (cx, p: number, n: number) => caseS(cx, p, n, true)),
  fn(
    '_vsnwprintf_s(ptr buffer, u32 sizeOfBuffer, u32 count, ptr format, ptr argptr): i32',
    { ordinal: 2668 },
    (cx, b: number, n: number, c: number, f: number, va: number) => printfS(cx, 2, b, n, c, f, () => cx.vaList(va)),
  ),
  fn('swprintf_s(ptr buffer, u32 sizeOfBuffer, ptr format, ...): i32', { ordinal: 2665 }, (cx, b: number, n: number, f: number) =>
    printfS(cx, 2, b, n, undefined, f, () => cx.varargs()),
  ),
  fn('sprintf_s(ptr buffer, u32 sizeOfBuffer, ptr format, ...): i32', { ordinal: 2670 }, (cx, b: number, n: number, f: number) =>
    printfS(cx, 1, b, n, undefined, f, () => cx.varargs()),
  ),
  fn(
    'mbstowcs_s(ptr pReturnValue, ptr wcstr, u32 sizeInWords, ptr mbstr, u32 count): i32',
    { ordinal: 2636 },
    (cx, ret: number, d: number, n: number, s: number, c: number) => {
      const done = (v: number) => {
        if (ret) cx.mem.setU32(ret, v);
      };
      if (d === 0 && n !== 0) return invalid(cx, 'destination NULL with a size', EINVAL);
      if (d !== 0 && n === 0) return invalid(cx, 'size 0', EINVAL);
      if (s === 0) {
        if (d) cx.mem.setU16(d, 0);
        return invalid(cx, 'source NULL', EINVAL);
      }
      const all = take(cx, s, 1, Infinity).map(decode1252);
      if (d === 0) {
        done(all.length + 1);
        return 0;
      }
      if (c === TRUNCATE) {
        const k = Math.min(all.length, n - 1);
        put(cx, d, 2, all.slice(0, k));
        done(k + 1);
        return k < all.length ? STRUNCATE : 0;
      }
      const want = all.slice(0, Math.min(c, all.length));
      if (want.length >= n) {
        cx.mem.setU16(d, 0);
        done(0);
        return invalid(cx, 'buffer too small', ERANGE);
      }
      put(cx, d, 2, want);
      done(want.length + 1);
      return 0;
    },
  ),
  // _recalloc: realloc to num*size bytes; the bytes beyond the old size are zeroed.
  fn('_recalloc(ptr memblock, u32 num, u32 size): ptr', { ordinal: 2656 }, (cx, p: number, num: number, size: number) => {
    const total = num * size;
    if (total > 0xffffffff) return 0;
    const heap = cx.machine.processHeap;
    if (p === 0) return heap.alloc(total, true);
    if (total === 0) {
      heap.freeBlock(p);
      return 0;
    }
    return heap.realloc(p, total, true);
  }),
  fn('_set_invalid_parameter_handler(ptr pNew): ptr', { ordinal: 2697 }, (cx, h: number) => {
    const old = handlers.get(cx.machine) ?? 0;
    handlers.set(cx.machine, h);
    return old;
  }),
  fn('_get_invalid_parameter_handler(): ptr', { ordinal: 2698 }, (cx) => handlers.get(cx.machine) ?? 0),
  fn('_invalid_parameter(ptr expression, ptr function, ptr file, u32 line, u32 pReserved): void', { ordinal: 2708 }, (cx) => {
    // A void export: only the guest-call marker is passed on (R0 is not part of its contract).
    const r = invalid(cx, 'reported by the program', 0);
    return r === CALLED ? r : undefined;
  }),
];
