/**
 * coredll GetNumberFormatW (CE docs / Win32 docs, Wine's GetNumberFormat tests for the details): a
 * number string ("-" then digits with at most one '.') formatted with the locale's settings
 * (LOCALE_IDIGITS, LOCALE_ILZERO, LOCALE_SGROUPING, LOCALE_SDECIMAL, LOCALE_STHOUSAND,
 * LOCALE_INEGNUMBER from locale.ts: en-US) or with a NUMBERFMTW (NumDigits, LeadingZero, Grouping,
 * lpDecimalSep, lpThousandSep, NegativeOrder).
 *
 *  - Rounding to NumDigits: half away from zero on the decimal digits ("2353.119" -> "2,353.12").
 *  - Grouping: NUMBERFMT's 0-9 (one group size repeated) or 32 (3 then 2 repeated); the locale's
 *    "3;0" is 3 repeated.
 *  - NegativeOrder 0 "(1.1)", 1 "-1.1", 2 "- 1.1", 3 "1.1-", 4 "1.1 -".
 *  - Returns the characters written with the NUL; cchNumber 0 asks the size. Failures: a bad number
 *    string, NegativeOrder > 4, NumDigits > 9, Grouping not 0-9 or 32, NULL separators, an unknown
 *    locale: ERROR_INVALID_PARAMETER; flags other than LOCALE_NOUSEROVERRIDE, or any flag with a
 *    NUMBERFMTW: ERROR_INVALID_FLAGS; a buffer too small: ERROR_INSUFFICIENT_BUFFER.
 *
 * GetCurrencyFormatW (what solitare.exe imports for its Vegas score): the same number formatting with
 * the locale's currency settings (LOCALE_ICURRDIGITS, LOCALE_SMONDECIMALSEP, LOCALE_SMONTHOUSANDSEP,
 * LOCALE_SMONGROUPING, LOCALE_ICURRENCY, LOCALE_INEGCURR, LOCALE_SCURRENCY: en-US "$1,234.50",
 * "($1,234.50)") or a CURRENCYFMTW (NUMBERFMTW's fields, then PositiveOrder 0-3 and lpCurrencySymbol);
 * the 16 negative orders of the Win32 CURRENCYFMT documentation; NegativeOrder > 15 or PositiveOrder > 3:
 * ERROR_INVALID_PARAMETER.
 */
import type { ApiContext } from '../../core/api/context.js';
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { knownLocale, LOCALE_INFO, putString } from './locale.js';

const LOCALE_NOUSEROVERRIDE = 0x8000_0000;

interface NumFmt {
  digits: number;
  leadingZero: boolean;
  grouping: number;
  decimal: string;
  thousand: string;
  negative: number;
}

/** Groups the integer digits: `grouping` 0 = none, 32 = 3 then 2 repeated, else that size repeated. */
function group(int: string, grouping: number, sep: string): string {
  if (grouping === 0 || int.length === 0) return int;
  const sizes = grouping === 32 ? [3, 2] : [grouping];
  const parts: string[] = [];
  let end = int.length;
  for (let i = 0; end > 0; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)]!;
    parts.unshift(int.slice(Math.max(0, end - size), end));
    end -= size;
  }
  return parts.join(sep);
}

export function formatNumber(value: string, f: NumFmt): string | undefined {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
  const negative = m[1] === '-';
  let int = m[2]!.replace(/^0+(?=\d)/, '');
  let frac = m[3] ?? '';
  if (frac.length > f.digits) {
    const up = frac.charCodeAt(f.digits) - 48 >= 5;
    frac = frac.slice(0, f.digits);
    if (up) {
      // Add one unit in the last kept place, carrying into the integer part.
      const all = (int + frac).split('').map(Number);
      let i = all.length - 1;
      while (i >= 0 && all[i] === 9) all[i--] = 0;
      if (i >= 0) all[i]!++;
      else all.unshift(1);
      const s = all.join('');
      int = s.slice(0, s.length - frac.length);
      frac = s.slice(s.length - frac.length);
    }
  }
  frac = frac.padEnd(f.digits, '0');
  if (int === '0' || int === '') int = f.leadingZero ? '0' : '';
  let s = group(int, f.grouping, f.thousand) + (f.digits ? f.decimal + frac : '');
  if (negative) s = [`(${s})`, `-${s}`, `- ${s}`, `${s}-`, `${s} -`][f.negative]!;
  return s;
}

/** A currency amount: the number formatted without its sign, then placed by the positive or negative order. */
export function formatCurrency(value: string, f: NumFmt & { positive: number; symbol: string }): string | undefined {
  const n = formatNumber(value.replace(/^-/, ''), { ...f, negative: 1 });
  if (n === undefined || !/^-?(\d*)(?:\.(\d*))?$/.test(value)) return undefined;
  const $ = f.symbol;
  if (!value.startsWith('-')) return [`${$}${n}`, `${n}${$}`, `${$} ${n}`, `${n} ${$}`][f.positive];
  return [
    `(${$}${n})`,
    `-${$}${n}`,
    `${$}-${n}`,
    `${$}${n}-`,
    `(${n}${$})`,
    `-${n}${$}`,
    `${n}-${$}`,
    `${n}${$}-`,
    `-${n} ${$}`,
    `-${$} ${n}`,
    `${n} ${$}-`,
    `${$} ${n}-`,
    `${$} -${n}`,
    `${n}- ${$}`,
    `(${$} ${n})`,
    `(${n} ${$})`,
  ][f.negative];
}

/** The checks both functions make first, in CE's order; an error code, or undefined when the call may go on. */
function checkArgs(lcid: number, flags: number, pValue: number, pFormat: number, out: number, cch: number): number | undefined {
  if (!pValue || cch < 0 || (cch > 0 && !out)) return ERROR.INVALID_PARAMETER;
  if (!knownLocale(lcid)) return ERROR.INVALID_PARAMETER;
  if ((flags & ~LOCALE_NOUSEROVERRIDE) !== 0 || (pFormat && flags)) return ERROR.INVALID_FLAGS;
  return undefined;
}

/**
 * NUMBERFMTW's six fields (NumDigits, LeadingZero, Grouping, lpDecimalSep, lpThousandSep, NegativeOrder), which
 * CURRENCYFMTW begins with too; undefined for the invalid values both share (NULL separators, NumDigits > 9, a
 * Grouping not 0-9 or 32). `size` is the whole structure's, checked at once as the device's copy-in does.
 */
function readNumFmt(cx: ApiContext, p: number, size: number): NumFmt | undefined {
  cx.mem.check(p, size);
  const [dec, tho] = [cx.mem.u32(p + 12), cx.mem.u32(p + 16)];
  const f: NumFmt = {
    digits: cx.mem.u32(p),
    leadingZero: cx.mem.u32(p + 4) !== 0,
    grouping: cx.mem.u32(p + 8),
    decimal: dec ? cx.mem.wstr(dec, 16) : '',
    thousand: tho ? cx.mem.wstr(tho, 16) : '',
    negative: cx.mem.u32(p + 20),
  };
  return !dec || !tho || f.digits > 9 || !(f.grouping <= 9 || f.grouping === 32) ? undefined : f;
}

/** The locale's settings for the NUMBERFMT fields, from the LCTYPEs given in NumFmt's field order. */
function localeNumFmt(types: [number, number, number, number, number, number]): NumFmt {
  const info = (t: number) => LOCALE_INFO.get(t) ?? '';
  return {
    digits: Number(info(types[0])),
    leadingZero: info(types[1]) === '1',
    grouping: Number(info(types[2]).split(';')[0]),
    decimal: info(types[3]),
    thousand: info(types[4]),
    negative: Number(info(types[5])),
  };
}

export const numfmt: ApiDef[] = [
  fn(
    'GetCurrencyFormatW(hex Locale, hex dwFlags, ptr lpValue, ptr lpFormat, ptr lpCurrencyStr, i32 cchCurrency): i32',
    (cx, lcid: number, flags: number, pValue: number, pFormat: number, out: number, cch: number) => {
      const bad = checkArgs(lcid, flags, pValue, pFormat, out, cch);
      if (bad !== undefined) return cx.fail(0, bad);
      let f: NumFmt & { positive: number; symbol: string };
      if (pFormat) {
        // CURRENCYFMTW: NUMBERFMTW's fields, then PositiveOrder and lpCurrencySymbol.
        const base = readNumFmt(cx, pFormat, 32);
        const sym = cx.mem.u32(pFormat + 28);
        if (!base || !sym) return cx.fail(0, ERROR.INVALID_PARAMETER);
        f = { ...base, positive: cx.mem.u32(pFormat + 24), symbol: cx.mem.wstr(sym, 16) };
        if (f.negative > 15 || f.positive > 3) return cx.fail(0, ERROR.INVALID_PARAMETER);
      } else {
        // LOCALE_ICURRDIGITS, ILZERO, SMONGROUPING, SMONDECIMALSEP, SMONTHOUSANDSEP, INEGCURR; ICURRENCY, SCURRENCY.
        f = {
          ...localeNumFmt([0x0019, 0x0012, 0x0018, 0x0016, 0x0017, 0x001c]),
          positive: Number(LOCALE_INFO.get(0x001b)),
          symbol: LOCALE_INFO.get(0x0014) ?? '',
        };
      }
      const s = formatCurrency(cx.mem.wstr(pValue, 512), f);
      if (s === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
      return putString(cx, out, cch, s);
    },
  ),
  fn(
    'GetNumberFormatW(hex Locale, hex dwFlags, ptr lpValue, ptr lpFormat, ptr lpNumberStr, i32 cchNumber): i32',
    (cx, lcid: number, flags: number, pValue: number, pFormat: number, out: number, cch: number) => {
      const bad = checkArgs(lcid, flags, pValue, pFormat, out, cch);
      if (bad !== undefined) return cx.fail(0, bad);
      let f: NumFmt | undefined;
      if (pFormat) {
        f = readNumFmt(cx, pFormat, 24);
        if (!f || f.negative > 4) return cx.fail(0, ERROR.INVALID_PARAMETER);
      } else {
        // LOCALE_IDIGITS, ILZERO, SGROUPING, SDECIMAL, STHOUSAND, INEGNUMBER.
        f = localeNumFmt([0x0011, 0x0012, 0x0010, 0x000e, 0x000f, 0x1010]);
      }
      const s = formatNumber(cx.mem.wstr(pValue, 512), f);
      if (s === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
      return putString(cx, out, cch, s);
    },
  ),
];
