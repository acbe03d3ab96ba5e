/**
 * coredll C runtime: memory and string functions (narrow and wide). Bad pointers raise a guest
 * access violation, as the real C runtime would (coredll's default fault policy).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { GuestThread } from '../../core/kernel/thread.js';

/** strtok's position per thread (the CE CRT keeps it in per-thread data, as the MS CRT does). */
const strtokNext = new WeakMap<GuestThread, number>();

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
  // strtok (coredll ordinal 1073): s NULL continues after the previous token of this thread; at the
  // end of the string it returns NULL (and keeps returning NULL until a new string is given).
  fn('strtok(ptr s, str delim): ptr', (cx, s: number, delim: number) => {
    const p0 = s !== 0 ? s : (strtokNext.get(cx.thread) ?? 0);
    if (p0 === 0) return 0;
    const d = cx.mem.bytes(delim, cx.mem.strlen(delim));
    const text = cx.mem.bytes(p0, cx.mem.strlen(p0) + 1);
    let i = 0;
    while (text[i] !== 0 && d.includes(text[i]!)) i++;
    if (text[i] === 0) {
      strtokNext.set(cx.thread, 0);
      return 0;
    }
    const start = i;
    while (text[i] !== 0 && !d.includes(text[i]!)) i++;
    if (text[i] !== 0) {
      cx.mem.setU8(p0 + i, 0);
      strtokNext.set(cx.thread, p0 + i + 1);
    } else {
      strtokNext.set(cx.thread, p0 + i);
    }
    return p0 + start;
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
  fn('towupper(u32 c): u32', (_cx, c: number) => String.fromCharCode(c & 0xffff).toUpperCase().charCodeAt(0)),
];
