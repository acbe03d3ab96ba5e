/**
 * coredll C runtime: memory and string functions (narrow and wide). Bad pointers raise a guest
 * access violation, as the real C runtime would (coredll's default fault policy).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function wcmp(cx: ApiContext, a: number, b: number, max: number, fold: boolean): number {
  const m = cx.mem;
  for (let i = 0; i < max; i++) {
    let x = m.u16(a + 2 * i);
    let y = m.u16(b + 2 * i);
    if (fold) {
      x = foldW(x);
      y = foldW(y);
    }
    if (x !== y || x === 0) return cmp(x, y);
  }
  return 0;
}

function scmp(cx: ApiContext, a: number, b: number, max: number, fold: boolean): number {
  const m = cx.mem;
  for (let i = 0; i < max; i++) {
    let x = m.u8(a + i);
    let y = m.u8(b + i);
    if (fold) {
      x = x >= 0x41 && x <= 0x5a ? x + 32 : x;
      y = y >= 0x41 && y <= 0x5a ? y + 32 : y;
    }
    if (x !== y || x === 0) return cmp(x, y);
  }
  return 0;
}

/** strtok / wcstok keep their position per thread (the CRT's per-thread data). */
const tokenState = new WeakMap<object, { narrow: number; wide: number }>();

/** strtok/wcstok: skip leading delimiters, cut the token with a NUL, remember where to go on. */
function strtok(cx: ApiContext, s: number, delim: number, wide: boolean): number {
  const st = tokenState.get(cx.thread) ?? { narrow: 0, wide: 0 };
  tokenState.set(cx.thread, st);
  const u = wide ? 2 : 1;
  const rd = (a: number) => (wide ? cx.mem.u16(a) : cx.mem.u8(a));
  const set = new Set(units(cx, delim, wide));
  let p = s || (wide ? st.wide : st.narrow);
  if (!p) return 0;
  while (rd(p) !== 0 && set.has(rd(p))) p += u;
  let token = 0;
  let next = 0;
  if (rd(p) !== 0) {
    token = p;
    while (rd(p) !== 0 && !set.has(rd(p))) p += u;
    if (rd(p) !== 0) {
      if (wide) cx.mem.setU16(p, 0);
      else cx.mem.setU8(p, 0);
      next = p + u;
    } else next = p;
  } else next = p;
  if (wide) st.wide = next;
  else st.narrow = next;
  return token;
}

/** The units of a NUL-terminated string (not including the NUL). */
function units(cx: ApiContext, p: number, wide: boolean): number[] {
  const n = wide ? cx.mem.wcslen(p) : cx.mem.strlen(p);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = wide ? cx.mem.u16(p + 2 * i) : cx.mem.u8(p + i);
  return out;
}

/** Index of the first unit of s that is (span: is not) in set; strcspn/strspn/strpbrk. */
function scan(cx: ApiContext, s: number, set: number, wide: boolean, inSet: boolean): number {
  const chars = new Set(units(cx, set, wide));
  const text = units(cx, s, wide);
  let i = 0;
  while (i < text.length && chars.has(text[i]!) !== inSet) i++;
  return i;
}

/** In-place case mapping: wide strings map every character (towlower/towupper), narrow ones only A-Z / a-z (C locale). */
function mapCase(cx: ApiContext, p: number, wide: boolean, upper: boolean): number {
  const text = units(cx, p, wide);
  text.forEach((c, i) => {
    if (wide) cx.mem.setU16(p + 2 * i, upper ? upperW(c) : foldW(c));
    else if (upper ? c >= 0x61 && c <= 0x7a : c >= 0x41 && c <= 0x5a) cx.mem.setU8(p + i, upper ? c - 32 : c + 32);
  });
  return p;
}

function reverse(cx: ApiContext, p: number, wide: boolean): number {
  const text = units(cx, p, wide).reverse();
  text.forEach((c, i) => (wide ? cx.mem.setU16(p + 2 * i, c) : cx.mem.setU8(p + i, c)));
  return p;
}

function upperW(c: number): number {
  const u = String.fromCharCode(c).toUpperCase();
  return u.length === 1 ? u.charCodeAt(0) : c; // no one-to-many mappings (U+00DF stays)
}

function dup(cx: ApiContext, p: number, wide: boolean): number {
  if (p === 0) return 0;
  const bytes = (wide ? 2 * cx.mem.wcslen(p) : cx.mem.strlen(p)) + (wide ? 2 : 1);
  const d = cx.machine.processHeap.alloc(bytes);
  if (d) cx.mem.copyWithin(d, p, bytes);
  return d;
}

function foldW(c: number): number {
  return c < 0x80 ? (c >= 0x41 && c <= 0x5a ? c + 32 : c) : String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

export const strings: ApiDef[] = [
  fn('memcpy(ptr dest, ptr src, u32 count): ptr', (cx, d: number, s: number, n: number) => {
    cx.mem.copyWithin(d, s, n);
    return d;
  }),
  fn('memmove(ptr dest, ptr src, u32 count): ptr', (cx, d: number, s: number, n: number) => {
    cx.mem.copyWithin(d, s, n);
    return d;
  }),
  fn('memset(ptr dest, i32 c, u32 count): ptr', (cx, d: number, c: number, n: number) => {
    cx.mem.fill(d, n, c);
    return d;
  }),
  fn('memcmp(ptr buf1, ptr buf2, u32 count): i32', (cx, a: number, b: number, n: number) => {
    if (n === 0) return 0;
    return cx.mem.bytes(a, n).compare(cx.mem.bytes(b, n));
  }),
  fn('memchr(ptr buf, i32 c, u32 count): ptr', (cx, p: number, c: number, n: number) => {
    if (n === 0) return 0;
    const i = cx.mem.bytes(p, n).indexOf(c & 0xff);
    return i < 0 ? 0 : p + i;
  }),
  fn('_memicmp(ptr buf1, ptr buf2, u32 count): i32', (cx, a: number, b: number, n: number) => {
    for (let i = 0; i < n; i++) {
      let x = cx.mem.u8(a + i);
      let y = cx.mem.u8(b + i);
      x = x >= 0x41 && x <= 0x5a ? x + 32 : x;
      y = y >= 0x41 && y <= 0x5a ? y + 32 : y;
      if (x !== y) return x - y;
    }
    return 0;
  }),

  // ---- narrow strings ----
  fn('strlen(str s): u32', (cx, s: number) => cx.mem.strlen(s)),
  fn('strcpy(ptr dest, str src): ptr', (cx, d: number, s: number) => {
    const n = cx.mem.strlen(s);
    cx.mem.copyWithin(d, s, n + 1);
    return d;
  }),
  fn('strncpy(ptr dest, str src, u32 count): ptr', (cx, d: number, s: number, count: number) => {
    const n = Math.min(cx.mem.strlen(s, count), count);
    cx.mem.copyWithin(d, s, n);
    if (n < count) cx.mem.fill(d + n, count - n, 0);
    return d;
  }),
  fn('strcat(ptr dest, str src): ptr', (cx, d: number, s: number) => {
    const dl = cx.mem.strlen(d);
    const n = cx.mem.strlen(s);
    cx.mem.copyWithin(d + dl, s, n + 1);
    return d;
  }),
  fn('strcmp(str a, str b): i32', (cx, a: number, b: number) => scmp(cx, a, b, Infinity, false)),
  fn('strncmp(str a, str b, u32 count): i32', (cx, a: number, b: number, n: number) => scmp(cx, a, b, n, false)),
  fn('_stricmp(str a, str b): i32', (cx, a: number, b: number) => scmp(cx, a, b, Infinity, true)),
  fn('_strnicmp(str a, str b, u32 count): i32', (cx, a: number, b: number, n: number) => scmp(cx, a, b, n, true)),
  fn('strchr(str s, i32 c): ptr', (cx, s: number, c: number) => {
    const n = cx.mem.strlen(s);
    const i = cx.mem.bytes(s, n + 1).indexOf(c & 0xff);
    return i < 0 ? 0 : s + i;
  }),
  fn('strrchr(str s, i32 c): ptr', (cx, s: number, c: number) => {
    const n = cx.mem.strlen(s);
    const i = cx.mem.bytes(s, n + 1).lastIndexOf(c & 0xff);
    return i < 0 ? 0 : s + i;
  }),
  fn('strstr(str s, str sub): ptr', (cx, s: number, sub: number) => {
    const hay = cx.mem.bytes(s, cx.mem.strlen(s));
    const needle = cx.mem.bytes(sub, cx.mem.strlen(sub));
    const i = hay.indexOf(needle);
    return i < 0 ? 0 : s + i;
  }),
  fn('atoi(str s): i32', (cx, s: number) => parseInt(cx.mem.str(s, 64).trim(), 10) | 0),
  fn('atol(str s): i32', (cx, s: number) => parseInt(cx.mem.str(s, 64).trim(), 10) | 0),

  // ---- wide strings ----
  fn('wcslen(wstr s): u32', (cx, s: number) => cx.mem.wcslen(s)),
  fn('wcscpy(ptr dest, wstr src): ptr', (cx, d: number, s: number) => {
    const n = cx.mem.wcslen(s);
    cx.mem.copyWithin(d, s, 2 * n + 2);
    return d;
  }),
  fn('wcsncpy(ptr dest, wstr src, u32 count): ptr', (cx, d: number, s: number, count: number) => {
    const n = Math.min(cx.mem.wcslen(s, count), count);
    cx.mem.copyWithin(d, s, 2 * n);
    if (n < count) cx.mem.fill(d + 2 * n, 2 * (count - n), 0);
    return d;
  }),
  fn('wcscat(ptr dest, wstr src): ptr', (cx, d: number, s: number) => {
    const dl = cx.mem.wcslen(d);
    const n = cx.mem.wcslen(s);
    cx.mem.copyWithin(d + 2 * dl, s, 2 * n + 2);
    return d;
  }),
  fn('wcscmp(wstr a, wstr b): i32', (cx, a: number, b: number) => wcmp(cx, a, b, Infinity, false)),
  fn('wcsncmp(wstr a, wstr b, u32 count): i32', (cx, a: number, b: number, n: number) => wcmp(cx, a, b, n, false)),
  fn('_wcsicmp(wstr a, wstr b): i32', (cx, a: number, b: number) => wcmp(cx, a, b, Infinity, true)),
  fn('_wcsnicmp(wstr a, wstr b, u32 count): i32', (cx, a: number, b: number, n: number) => wcmp(cx, a, b, n, true)),
  fn('wcschr(wstr s, u32 c): ptr', (cx, s: number, c: number) => {
    const n = cx.mem.wcslen(s);
    for (let i = 0; i <= n; i++) if (cx.mem.u16(s + 2 * i) === (c & 0xffff)) return s + 2 * i;
    return 0;
  }),
  fn('wcsrchr(wstr s, u32 c): ptr', (cx, s: number, c: number) => {
    const n = cx.mem.wcslen(s);
    for (let i = n; i >= 0; i--) if (cx.mem.u16(s + 2 * i) === (c & 0xffff)) return s + 2 * i;
    return 0;
  }),
  fn('wcsstr(wstr s, wstr sub): ptr', (cx, s: number, sub: number) => {
    const i = cx.mem.wstr(s).indexOf(cx.mem.wstr(sub));
    return i < 0 ? 0 : s + 2 * i;
  }),
  fn('_wtol(wstr s): i32', (cx, s: number) => parseInt(cx.mem.wstr(s, 64).trim(), 10) | 0),
  fn('towlower(u32 c): u32', (_cx, c: number) => foldW(c & 0xffff)),
  fn('towupper(u32 c): u32', (_cx, c: number) => upperW(c & 0xffff)),

  // ---- the rest of string.h / wchar.h ----
  fn('strncat(ptr dest, str src, u32 count): ptr', (cx, d: number, s: number, count: number) => {
    const dl = cx.mem.strlen(d);
    const n = cx.mem.strlen(s, count);
    cx.mem.copyWithin(d + dl, s, n);
    cx.mem.setU8(d + dl + n, 0);
    return d;
  }),
  fn('wcsncat(ptr dest, wstr src, u32 count): ptr', (cx, d: number, s: number, count: number) => {
    const dl = cx.mem.wcslen(d);
    const n = cx.mem.wcslen(s, count);
    cx.mem.copyWithin(d + 2 * dl, s, 2 * n);
    cx.mem.setU16(d + 2 * (dl + n), 0);
    return d;
  }),
  fn('strspn(str s, str set): u32', (cx, s: number, set: number) => scan(cx, s, set, false, false)),
  fn('strcspn(str s, str set): u32', (cx, s: number, set: number) => scan(cx, s, set, false, true)),
  fn('wcsspn(wstr s, wstr set): u32', (cx, s: number, set: number) => scan(cx, s, set, true, false)),
  fn('wcscspn(wstr s, wstr set): u32', (cx, s: number, set: number) => scan(cx, s, set, true, true)),
  fn('strpbrk(str s, str set): ptr', (cx, s: number, set: number) => {
    const i = scan(cx, s, set, false, true);
    return cx.mem.u8(s + i) ? s + i : 0;
  }),
  fn('wcspbrk(wstr s, wstr set): ptr', (cx, s: number, set: number) => {
    const i = scan(cx, s, set, true, true);
    return cx.mem.u16(s + 2 * i) ? s + 2 * i : 0;
  }),
  fn('strtok(ptr s, str delim): ptr', (cx, s: number, d: number) => strtok(cx, s, d, false)),
  fn('wcstok(ptr s, wstr delim): ptr', (cx, s: number, d: number) => strtok(cx, s, d, true)),
  fn('_strdup(str s): ptr', (cx, s: number) => dup(cx, s, false)),
  fn('_wcsdup(wstr s): ptr', (cx, s: number) => dup(cx, s, true)),
  fn('_strlwr(ptr s): ptr', (cx, s: number) => mapCase(cx, s, false, false)),
  fn('_strupr(ptr s): ptr', (cx, s: number) => mapCase(cx, s, false, true)),
  // _strrev / _wcsrev: the string reversed in place, the same pointer back (MSVC CRT; bytes for _strrev, as
  // the CRT's single-byte version does - _mbsrev is the multibyte one).
  fn('_strrev(ptr s): ptr', (cx, s: number) => reverse(cx, s, false)),
  fn('_wcsrev(ptr s): ptr', (cx, s: number) => reverse(cx, s, true)),
  fn('_wcslwr(ptr s): ptr', (cx, s: number) => mapCase(cx, s, true, false)),
  fn('_wcsupr(ptr s): ptr', (cx, s: number) => mapCase(cx, s, true, true)),
];
