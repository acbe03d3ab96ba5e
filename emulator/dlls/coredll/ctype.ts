/**
 * coredll character classification: the narrow CRT ctype (_isctype, toupper, tolower; the is*()
 * macros of CE's ctype.h all go through _isctype / the _ctype table), the wide one (iswctype; the
 * isw*() macros call it), GetStringTypeW / GetStringTypeExW, IsDBCSLeadByte(Ex) and GetCPInfo.
 *
 * References: CE's ctype.h (_UPPER 0x1 ... _HEX 0x80, _ALPHA = 0x100|_UPPER|_LOWER, the same bits as
 * C1_*); the narrow table is the C locale of the Microsoft CRT (ASCII only, tab is _SPACE|_CONTROL,
 * bytes 0x80-0xFF have no class), the wide classes are the Unicode character types of
 * GetStringTypeW(CT_CTYPE1) as Windows assigns them (tab and space are also C1_BLANK, U+00A0 too).
 * The device's code page is 1252 (locale.ts): single-byte, so there are no lead bytes.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { ERROR } from '../../core/win32-errors.js';

export const C1 = {
  UPPER: 0x1,
  LOWER: 0x2,
  DIGIT: 0x4,
  SPACE: 0x8,
  PUNCT: 0x10,
  CNTRL: 0x20,
  BLANK: 0x40,
  XDIGIT: 0x80,
  ALPHA: 0x100,
  DEFINED: 0x200,
} as const;

/** The C-locale class of a byte (or EOF = -1): the Microsoft CRT's _ctype table. */
export function ctypeNarrow(c: number): number {
  if (c < 0 || c > 0x7f) return 0;
  if (c < 0x20 || c === 0x7f) return c >= 9 && c <= 13 ? C1.SPACE | C1.CNTRL : C1.CNTRL;
  if (c === 0x20) return C1.SPACE | C1.BLANK;
  if (c >= 0x30 && c <= 0x39) return C1.DIGIT | C1.XDIGIT;
  if (c >= 0x41 && c <= 0x5a) return C1.UPPER | C1.ALPHA | (c <= 0x46 ? C1.XDIGIT : 0);
  if (c >= 0x61 && c <= 0x7a) return C1.LOWER | C1.ALPHA | (c <= 0x66 ? C1.XDIGIT : 0);
  return C1.PUNCT;
}

const RE = {
  upper: /^[\p{Lu}\p{Lt}]$/u,
  lower: /^\p{Ll}$/u,
  alpha: /^[\p{L}\p{Mn}\p{Mc}]$/u,
  digit: /^\p{Nd}$/u,
  space: /^[\p{Zs}\p{Zl}\p{Zp}]$/u,
  punct: /^[\p{P}\p{S}\p{No}\p{Nl}]$/u,
  cntrl: /^[\p{Cc}\p{Cf}]$/u,
  unassigned: /^[\p{Cn}\p{Cs}]$/u,
};

/** GetStringTypeW CT_CTYPE1 bits of one UTF-16 unit (without C1_DEFINED). */
export function ctypeWide(c: number): number {
  if (c < 0x80) return ctypeNarrow(c) | (c === 9 ? C1.BLANK : 0);
  const s = String.fromCharCode(c);
  if (c >= 0xd800 && c <= 0xdfff) return 0; // a lone surrogate has no type
  if (RE.unassigned.test(s)) return 0;
  let t = 0;
  if (c === 0x85) t |= C1.SPACE;
  if (RE.cntrl.test(s)) t |= C1.CNTRL;
  if (RE.space.test(s)) t |= C1.SPACE | (c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) ? C1.BLANK : 0);
  if (RE.digit.test(s)) t |= C1.DIGIT;
  if (RE.upper.test(s)) t |= C1.UPPER | C1.ALPHA;
  else if (RE.lower.test(s)) t |= C1.LOWER | C1.ALPHA;
  else if (RE.alpha.test(s)) t |= C1.ALPHA;
  if (RE.punct.test(s)) t |= C1.PUNCT;
  if (c >= 0xff10 && c <= 0xff19) t |= C1.XDIGIT; // fullwidth 0-9, A-F, a-f are hex digits too
  if ((c >= 0xff21 && c <= 0xff26) || (c >= 0xff41 && c <= 0xff46)) t |= C1.XDIGIT;
  return t;
}

/** CT_CTYPE2: bidirectional category (C2_*), from the Unicode general category (approximation). */
function ctype2(c: number): number {
  if (c >= 0x30 && c <= 0x39) return 3; // C2_EUROPENUMBER
  if (c === 0x2b || c === 0x2d) return 4; // C2_EUROPESEPARATOR
  if (c === 0x23 || c === 0x24 || c === 0x25 || (c >= 0xa2 && c <= 0xa5) || c === 0xb0) return 5; // C2_EUROPETERMINATOR
  if (c === 0x2c || c === 0x2e || c === 0x2f || c === 0x3a || c === 0xa0) return 7; // C2_COMMONSEPARATOR
  if (c === 0x0a || c === 0x0d || c === 0x1c || c === 0x1d || c === 0x1e || c === 0x85 || c === 0x2029) return 8; // C2_BLOCKSEPARATOR
  if (c === 0x09 || c === 0x0b || c === 0x1f) return 9; // C2_SEGMENTSEPARATOR
  if (c === 0x0c || c === 0x20 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028) return 10; // C2_WHITESPACE
  const s = String.fromCharCode(c);
  if (/^[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]$/u.test(s) && /^\p{L}$/u.test(s)) return 2; // C2_RIGHTTOLEFT
  if (/^[\u0660-\u0669\u06f0-\u06f9]$/u.test(s)) return 6; // C2_ARABICNUMBER
  if (/^[\p{L}\p{Mc}]$/u.test(s)) return 1; // C2_LEFTTORIGHT
  if (/^[\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Mn}]$/u.test(s)) return 0; // C2_NOTAPPLICABLE
  return 11; // C2_OTHERNEUTRAL
}

/** CT_CTYPE3 (C3_*), from the Unicode general category and block (approximation). */
function ctype3(c: number): number {
  const s = String.fromCharCode(c);
  let t = 0;
  if (/^\p{Mn}$/u.test(s)) t |= 0x1 | 0x2; // C3_NONSPACING | C3_DIACRITIC
  if (/^\p{Sk}$/u.test(s) || c === 0x5e || c === 0x60) t |= 0x2; // C3_DIACRITIC
  if (/^[\p{S}\p{P}]$/u.test(s) && c >= 0x21) t |= 0x8; // C3_SYMBOL
  if (c >= 0x30a0 && c <= 0x30ff) t |= 0x10; // C3_KATAKANA
  if (c >= 0x3040 && c <= 0x309f) t |= 0x20; // C3_HIRAGANA
  if ((c >= 0xff61 && c <= 0xffdc) || (c >= 0xffe8 && c <= 0xffee)) t |= 0x40; // C3_HALFWIDTH
  if ((c >= 0xff01 && c <= 0xff5e) || (c >= 0xffe0 && c <= 0xffe6) || c === 0x3000) t |= 0x80; // C3_FULLWIDTH
  if (/^\p{Ideographic}$/u.test(s)) t |= 0x100; // C3_IDEOGRAPH
  if (/^[\p{L}]$/u.test(s)) t |= 0x8000; // C3_ALPHA
  if (c < 0x80 && t & 0x8) t &= ~0x2;
  if (c < 0x80 && (t & 0x8000) === 0 && (t & 0x8) === 0) return 0;
  return t;
}

function stringType(cx: ApiContext, type: number, src: number, cch: number, out: number): number {
  if (type !== 1 && type !== 2 && type !== 4) return cx.fail(0, ERROR.INVALID_FLAGS);
  if (!src || !out || cch === 0 || src === out) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const n = cch < 0 ? cx.mem.wcslen(src) + 1 : cch;
  cx.mem.check(src, 2 * n);
  cx.mem.check(out, 2 * n, 'write');
  for (let i = 0; i < n; i++) {
    const c = cx.mem.u16(src + 2 * i);
    let v: number;
    if (type === 1) v = ctypeWide(c) | (RE.unassigned.test(String.fromCharCode(c)) ? 0 : C1.DEFINED);
    else v = type === 2 ? ctype2(c) : ctype3(c);
    cx.mem.setU16(out + 2 * i, v);
  }
  return 1;
}

const LCMAP = {
  LOWERCASE: 0x100,
  UPPERCASE: 0x200,
  SORTKEY: 0x400,
  BYTEREV: 0x800,
  HIRAGANA: 0x100000,
  KATAKANA: 0x200000,
  HALFWIDTH: 0x400000,
  FULLWIDTH: 0x800000,
  LINGUISTIC_CASING: 0x1000000,
};
const LCMAP_KNOWN = Object.values(LCMAP).reduce((a, b) => a | b, 0) | 0x1 | 0x2 | 0x4 | 0x1000 | 0x2000; // + NORM_IGNORE* (sort keys)

function mapUnit(c: number, flags: number): number {
  if (flags & LCMAP.FULLWIDTH) c = c === 0x20 ? 0x3000 : c >= 0x21 && c <= 0x7e ? c + 0xfee0 : c;
  if (flags & LCMAP.HALFWIDTH) c = c === 0x3000 ? 0x20 : c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
  if (flags & LCMAP.KATAKANA && c >= 0x3041 && c <= 0x3096) c += 0x60;
  if (flags & LCMAP.HIRAGANA && c >= 0x30a1 && c <= 0x30f6) c -= 0x60;
  if (flags & (LCMAP.LOWERCASE | LCMAP.UPPERCASE)) {
    const t = String.fromCharCode(c);
    const m = flags & LCMAP.LOWERCASE ? t.toLowerCase() : t.toUpperCase();
    if (m.length === 1) c = m.charCodeAt(0);
  }
  if (flags & LCMAP.BYTEREV) c = ((c & 0xff) << 8) | (c >>> 8);
  return c;
}

/**
 * LCMapStringW (Win32 documentation): case (LOWERCASE / UPPERCASE, LINGUISTIC_CASING), width
 * (HALFWIDTH / FULLWIDTH for ASCII and the ideographic space), kana (HIRAGANA / KATAKANA) and
 * BYTEREV mappings, one unit in, one unit out. Sort keys (LCMAP_SORTKEY) are not emulated: a call
 * asking for one stops the run naming it. cchSrc -1 includes the NUL; cchDest 0 asks for the size.
 */
function lcMapString(cx: ApiContext, flags: number, src: number, cchSrc: number, dst: number, cchDst: number): number {
  if (!src || cchSrc === 0 || cchDst < 0 || (cchDst > 0 && !dst)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  if (
    flags & ~LCMAP_KNOWN ||
    (flags & LCMAP.LOWERCASE && flags & LCMAP.UPPERCASE) ||
    (flags & LCMAP.HIRAGANA && flags & LCMAP.KATAKANA) ||
    (flags & LCMAP.HALFWIDTH && flags & LCMAP.FULLWIDTH)
  ) {
    return cx.fail(0, ERROR.INVALID_FLAGS);
  }
  if (flags & LCMAP.SORTKEY) {
    cx.machine.abort('unimplemented', EXIT_CODES.unimplemented, 'LCMapStringW(LCMAP_SORTKEY): sort keys are not emulated');
    return 0;
  }
  const n = cchSrc < 0 ? cx.mem.wcslen(src) + 1 : cchSrc;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = mapUnit(cx.mem.u16(src + 2 * i), flags);
  if (cchDst === 0) return n;
  if (n > cchDst) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  cx.mem.check(dst, 2 * n, 'write');
  out.forEach((c, i) => cx.mem.setU16(dst + 2 * i, c));
  return n;
}

export const ctype: ApiDef[] = [
  fn(
    'LCMapStringW(hex Locale, hex dwMapFlags, ptr lpSrcStr, i32 cchSrc, ptr lpDestStr, i32 cchDest): i32',
    (cx, _l: number, f: number, s: number, n: number, d: number, m: number) => lcMapString(cx, f, s, n, d, m),
  ),
  // The classification functions of the CRT are table look-ups on a device: no pointer, no error.
  fn('_isctype(i32 c, i32 mask): i32', (_cx, c: number, mask: number) => ctypeNarrow(c) & mask),
  fn('iswctype(u32 c, u32 mask): i32', (_cx, c: number, mask: number) => ((c & 0xffff) === 0xffff ? 0 : ctypeWide(c & 0xffff) & mask & 0xffff)),
  // C locale: only A-Z / a-z change case (bytes >= 0x80 and EOF pass through).
  fn('toupper(i32 c): i32', (_cx, c: number) => (c >= 0x61 && c <= 0x7a ? c - 32 : c)),
  fn('tolower(i32 c): i32', (_cx, c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c)),
  fn('GetStringTypeW(u32 dwInfoType, ptr lpSrcStr, i32 cchSrc, ptr lpCharType): bool', (cx, t: number, s: number, n: number, o: number) =>
    stringType(cx, t, s, n, o),
  ),
  fn(
    'GetStringTypeExW(hex Locale, u32 dwInfoType, ptr lpSrcStr, i32 cchSrc, ptr lpCharType): bool',
    (cx, _l: number, t: number, s: number, n: number, o: number) => stringType(cx, t, s, n, o),
  ),
  // Code page 1252 (and UTF-8, which has no lead bytes in this sense) is single-byte.
  fn('IsDBCSLeadByte(u32 TestChar): bool', () => 0),
  fn('IsDBCSLeadByteEx(u32 CodePage, u32 TestChar): bool', (cx, cp: number) =>
    cp === 0 || cp === 1 || cp === 3 || cp === 1252 || cp === 65001 ? 0 : cx.fail(0, ERROR.INVALID_PARAMETER),
  ),
  fn('GetCPInfo(u32 CodePage, ptr lpCPInfo): bool', (cx, cp: number, p: number) => {
    // CPINFO { UINT MaxCharSize; BYTE DefaultChar[2]; BYTE LeadByte[12]; } = 20 bytes
    const utf8 = cp === 65001;
    if (!(cp === 0 || cp === 1 || cp === 3 || cp === 1252 || utf8)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 20, 'write');
    cx.mem.fill(p, 20, 0);
    cx.mem.setU32(p, utf8 ? 4 : 1);
    cx.mem.setU8(p + 4, 0x3f);
    return 1;
  }),
];
