/**
 * Formatted-output engine for the emulated coredll: one implementation behind
 * wsprintfW / wvsprintfW, swprintf / _snwprintf / _vsnwprintf, sprintf /
 * _snprintf / vsprintf, printf / wprintf / fwprintf, NKDbgPrintfW, ...
 *
 * The behaviour follows the Windows CE C runtime (the `output.c` state machine
 * of the CE 5.x/6.x shared-source CRT), NOT glibc. Decisions, with reasons:
 *
 * Parsing
 * - The format is parsed by the CRT's character-class/state table, so odd
 *   formats behave like the device: a character that is not valid in the
 *   current state (e.g. `y` in `%5y`, `-` in `%5-d`, `%` in `%5%`) ends the
 *   specification and is printed literally; flags/width read so far are
 *   dropped, arguments already taken by `*` stay consumed. A trailing `%`
 *   prints nothing. `%%` prints `%`.
 * - Flags `- + space # 0`; width and precision digits or `*` (taken from the
 *   arguments as a signed 32-bit int; a negative width means `-` flag plus
 *   |width|, a negative precision means "default").
 * - Size prefixes: `h` (short / narrow char), `l` (32-bit `long`, wide char in
 *   narrow functions), `w` (wide char/string), `ll`, `I64` (64-bit), `I32` and
 *   `I` (32-bit; `I` only before d/i/o/u/x/X, otherwise the `I` prints
 *   literally), and `L`, `F`, `N` (accepted and ignored). The CE 5.0 CRT knew
 *   only `I64`; `ll`/`I32`/`I` follow the later CE CRT, a harmless superset
 *   that keeps programs built with newer compilers (which emit `%lld`) correct.
 * - Conversions: d i u o x X c C s S p n e E f g G. `%a`/`%A` (and `%Z`) are
 *   not supported by the CE CRT state table and print literally.
 *
 * Conversions
 * - Character/string width: in wide functions `%s`/`%c` are wide and `%S`/`%C`
 *   narrow; in narrow functions the reverse. `h` forces narrow, `l`/`w` force
 *   wide (in a wide function `h` wins over `w`, as in the CRT).
 * - `%c` with 0 emits a NUL character into the output (the CRT does too).
 * - NULL string pointer prints `(null)` (precision applies: `%.3s` -> `(nu`).
 *   A non-NULL pointer for which {@link GuestStrings} returns null raises
 *   {@link FormatFault}; the caller turns it into a guest access violation.
 * - `%p`: 8 upper-case hex digits (`0012FF7C`); precision is forced to 8, so an
 *   explicit `0` flag is cancelled (CRT quirk: `%010p` pads with spaces);
 *   `%#p` gives `0X0012FF7C`.
 * - `%n` is REFUSED: its pointer argument is consumed, nothing is written to
 *   guest memory and nothing is printed (the later CE CRT also disables `%n`).
 * - Integers: a precision cancels the `0` flag; `%.0d` of 0 prints no digits;
 *   `%#x` of 0 prints `0` (no prefix); `%#o` forces a leading 0; `+`/space
 *   only affect signed conversions (d, i, floating point). `%hd` is a
 *   sign-extended short, `%hu`/`%hx` a zero-extended one. Precision is capped
 *   at 512 like the CRT's MAXPRECISION.
 * - Floating point follows the classic (pre-VS2015) Microsoft CRT that CE uses:
 *   the value is first converted to 17 significant decimal digits (the CRT's
 *   `_fltout2`), further digits print as `0` (`%.20f` of 0.1 ->
 *   `0.10000000000000001000`), and rounding to the requested precision is
 *   round-half-up on those decimal digits (`%.1f` of 0.25 -> `0.3`, `%.0f` of
 *   2.5 -> `3`). Exponents always have at least 3 digits (`1.000000e+000`).
 *   Infinities and NaNs use the MSVC mantissa strings `1#INF`, `1#QNAN`,
 *   `1#SNAN` and `1#IND` (indefinite = sign set, only the quiet bit set) put
 *   through the same digit/rounding path, which reproduces the well-known
 *   outputs `1.#INF00`, `-1.#IND00`, `1.#QNAN0`, `1.#INF` (for %g) and even the
 *   rounding artefacts `%.2f` -> `1.#J`, `%.1f` -> `1.$`, `%.0f` -> `1`.
 *   The digit conversion uses JS's correctly rounded `toExponential(16)`; the
 *   real CRT uses 80-bit arithmetic, which can differ in the 17th digit in
 *   rare cases. NaN classification needs the NaN payload bits to survive the
 *   trip through a JS number, which V8 preserves in practice.
 *
 * Flavors
 * - `'crt'`: the CRT printf family.
 * - `'wsprintf'`: CE's coredll implements wsprintfW/wvsprintfW as
 *   `_vsnwprintf(buf, 1023, fmt, args)` plus a terminating NUL (shared-source
 *   wsprintf.c), so the formatting is identical to the CRT (including floating
 *   point, `%p`, `+`, `*`, unlike desktop user32) and the output is cut to
 *   {@link WSPRINTF_MAX_CHARS} (1023) characters. The caller writes the result
 *   plus a NUL (buffer needs 1024 WCHARs) and returns `result.length`.
 * - NKDbgPrintfW: the real kernel formatter (NKwvsprintfW) supports only a
 *   subset; using the 'crt' flavor for it is a superset, fine for a debug sink.
 *
 * Output representation
 * - The result is a JS string. For wide functions every code unit is one
 *   WCHAR. For narrow functions, narrow strings come decoded by
 *   {@link GuestStrings.narrow}, narrow `%c` bytes are decoded by
 *   {@link GuestStrings.ansiChar} (Latin-1 by default) and wide text is passed
 *   through unchanged: the caller encodes the whole result to the ANSI code
 *   page (unmappable characters typically become `?`, as WideCharToMultiByte
 *   does). Buffer-size handling ({@link fitToBuffer}) counts code units, which
 *   equals bytes for single-byte code pages.
 * - Output is built from chunks and joined once (linear time). Formatting
 *   stops once {@link FormatOptions.limit} characters have been produced, like
 *   the CRT stops when its string "stream" is full: later arguments are not
 *   read. Pass `limit = count + 1` for `_snprintf`-style functions and use
 *   {@link fitToBuffer}.
 */

/** Reads the guest's variadic arguments in order; supplied by the caller. */
export interface VarArgs {
  /** Next 32-bit slot (unsigned). */
  u32(): number;
  /** Next 64-bit value (AAPCS: 8-byte aligned; the implementation aligns). */
  u64(): bigint;
  /** Next double (same alignment rule as u64). */
  f64(): number;
}

/** String access into guest memory, bounds-checked by the caller. */
export interface GuestStrings {
  /** NUL-terminated UTF-16 string, at most maxChars units; null = bad pointer. */
  wide(ptr: number, maxChars?: number): string | null;
  /** NUL-terminated ANSI string (decoded), at most maxChars chars; null = bad pointer. */
  narrow(ptr: number, maxChars?: number): string | null;
  /** Decode one ANSI byte (for narrow `%c`); defaults to Latin-1. */
  ansiChar?(byte: number): string;
}

export type FormatFlavor = 'wsprintf' | 'crt';

export interface FormatOptions {
  /**
   * Stop after this many output characters (the result is at most this long).
   * Default {@link DEFAULT_OUTPUT_LIMIT}; the 'wsprintf' flavor additionally
   * caps at {@link WSPRINTF_MAX_CHARS}.
   */
  limit?: number;
  /**
   * Receives the output in pieces of about {@link SINK_CHUNK} characters as it is produced, and the
   * rest at the end (formatCe then returns ''): console printf writes any amount this way without
   * building one giant string (issue 17 items 1 and 2). Pieces never split a surrogate pair.
   */
  sink?: (chunk: string) => void;
}

/** Size of the pieces handed to FormatOptions.sink. */
export const SINK_CHUNK = 1 << 20;

/** CE wvsprintfW: `_vsnwprintf(buf, MAX_W32_LEN = 1023, ...)`. */
export const WSPRINTF_MAX_CHARS = 1023;

/** Safety cap for unbounded functions (sprintf): 16 Mi characters. */
export const DEFAULT_OUTPUT_LIMIT = 1 << 24;

/** CRT MAXPRECISION / BUFFERSIZE. */
const MAX_PRECISION = 512;

/**
 * Thrown when a conversion dereferences a non-NULL pointer that the guest
 * cannot read (GuestStrings returned null). The real CRT would fault; the
 * caller should raise a guest access violation at {@link address}.
 */
export class FormatFault extends Error {
  constructor(
    /** The unreadable guest address. */
    readonly address: number,
    /** The conversion that dereferenced it, e.g. `%s`. */
    readonly conversion: string,
  ) {
    super(`format: unreadable pointer 0x${(address >>> 0).toString(16).padStart(8, '0')} for ${conversion}`);
    this.name = 'FormatFault';
  }
}

// ---------------------------------------------------------------------------
// State machine (mirrors the CRT's __lookuptable)

const enum St {
  Normal = 0,
  Percent = 1,
  Flag = 2,
  Width = 3,
  Dot = 4,
  Precis = 5,
  Size = 6,
  Type = 7,
}

const enum Ch {
  Other = 0,
  Percent = 1,
  Dot = 2,
  Star = 3,
  Zero = 4,
  Digit = 5,
  Flag = 6,
  Size = 7,
  Type = 8,
}

/** NEXT_STATE[class][state]. */
const NEXT_STATE: readonly (readonly St[])[] = [
  /* Other   */ [St.Normal, St.Normal, St.Normal, St.Normal, St.Normal, St.Normal, St.Normal, St.Normal],
  /* Percent */ [St.Percent, St.Normal, St.Normal, St.Normal, St.Normal, St.Normal, St.Normal, St.Percent],
  /* Dot     */ [St.Normal, St.Dot, St.Dot, St.Dot, St.Normal, St.Normal, St.Normal, St.Normal],
  /* Star    */ [St.Normal, St.Width, St.Width, St.Normal, St.Precis, St.Normal, St.Normal, St.Normal],
  /* Zero    */ [St.Normal, St.Flag, St.Flag, St.Width, St.Precis, St.Precis, St.Normal, St.Normal],
  /* Digit   */ [St.Normal, St.Width, St.Width, St.Width, St.Precis, St.Precis, St.Normal, St.Normal],
  /* Flag    */ [St.Normal, St.Flag, St.Flag, St.Normal, St.Normal, St.Normal, St.Normal, St.Normal],
  /* Size    */ [St.Normal, St.Size, St.Size, St.Size, St.Size, St.Size, St.Size, St.Normal],
  /* Type    */ [St.Normal, St.Type, St.Type, St.Type, St.Type, St.Type, St.Type, St.Normal],
];

function charClass(c: string): Ch {
  switch (c) {
    case '%':
      return Ch.Percent;
    case '.':
      return Ch.Dot;
    case '*':
      return Ch.Star;
    case '0':
      return Ch.Zero;
    case ' ':
    case '+':
    case '-':
    case '#':
      return Ch.Flag;
    case 'h':
    case 'l':
    case 'w':
    case 'I':
    case 'L':
    case 'F':
    case 'N':
      return Ch.Size;
    case 'c':
    case 'C':
    case 's':
    case 'S':
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'p':
    case 'n':
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return Ch.Type;
    default:
      return c >= '1' && c <= '9' ? Ch.Digit : Ch.Other;
  }
}

// Flag bits (names follow the CRT).
const FL_SIGN = 0x1; // '+'
const FL_SIGNSP = 0x2; // ' '
const FL_LEFT = 0x4; // '-'
const FL_LEADZERO = 0x8; // '0'
const FL_LONG = 0x10; // 'l'
const FL_SHORT = 0x20; // 'h'
const FL_SIGNED = 0x40;
const FL_ALTERNATE = 0x80; // '#'
const FL_NEGATIVE = 0x100;
const FL_FORCEOCTAL = 0x200;
const FL_WIDECHAR = 0x800; // 'w'
const FL_LONGLONG = 0x1000; // 'll'
const FL_I64 = 0x8000; // 'I64'

// ---------------------------------------------------------------------------
// Output builder

class Output {
  private parts: string[] = [];
  private length = 0;
  /** Characters in `parts` not yet handed to the sink. */
  private pending = 0;
  /** True once the limit has been reached; formatting stops. */
  full = false;

  constructor(
    private readonly limit: number,
    private readonly sink?: (chunk: string) => void,
  ) {
    if (limit <= 0) this.full = true;
  }

  push(s: string): void {
    if (this.full || s.length === 0) return;
    const room = this.limit - this.length;
    if (s.length >= room) {
      s = s.slice(0, room);
      this.full = true;
    }
    this.parts.push(s);
    this.length += s.length;
    this.pending += s.length;
    if (this.sink && this.pending >= SINK_CHUNK) this.flush(false);
  }

  repeat(c: string, n: number): void {
    n = Math.min(n, this.limit - this.length);
    // With a sink, padding of any width goes out in pieces (`%1000000000d` must not build a 1 GB string).
    while (!this.full && n > 0) {
      const k = this.sink ? Math.min(n, SINK_CHUNK) : n;
      this.push(c.repeat(k));
      n -= k;
    }
  }

  private flush(last: boolean): void {
    let text = this.parts.join('');
    this.parts = [];
    this.pending = 0;
    const end = text.charCodeAt(text.length - 1);
    if (!last && end >= 0xd800 && end <= 0xdbff) {
      // Keep a high surrogate with its low half for the next piece.
      this.parts.push(text.slice(-1));
      this.pending = 1;
      text = text.slice(0, -1);
    }
    if (text) this.sink!(text);
  }

  toString(): string {
    if (this.sink) {
      this.flush(true);
      return '';
    }
    return this.parts.join('');
  }
}

// ---------------------------------------------------------------------------
// The engine

/**
 * Format `fmt` like the Windows CE CRT.
 *
 * @param fmt          the guest format string, already decoded to a JS string
 * @param wideFunction true for the W / wide functions (wprintf, swprintf,
 *                     wsprintfW, NKDbgPrintfW...), false for narrow ones
 *                     (printf, sprintf...): decides what `%s`/`%c`/`%S`/`%C` mean
 * @param flavor       'wsprintf' caps the output at 1023 chars; see module doc
 * @param args         the guest varargs
 * @param strings      guest string access
 * @param options      output limit
 * @throws FormatFault if a string conversion meets an unreadable non-NULL pointer
 */
export function formatCe(fmt: string, wideFunction: boolean, flavor: FormatFlavor, args: VarArgs, strings: GuestStrings, options: FormatOptions = {}): string {
  let limit = options.limit ?? DEFAULT_OUTPUT_LIMIT;
  if (flavor === 'wsprintf') limit = Math.min(limit, WSPRINTF_MAX_CHARS);
  const out = new Output(Math.max(0, Math.floor(limit)), options.sink);

  let state: St = St.Normal;
  let flags = 0;
  let width = 0;
  let precision = -1;

  for (let pos = 0; pos < fmt.length && !out.full;) {
    const c = fmt[pos++]!;
    state = NEXT_STATE[charClass(c)]![state]!;

    switch (state) {
      case St.Normal:
        out.push(c);
        break;

      case St.Percent:
        flags = 0;
        width = 0;
        precision = -1;
        break;

      case St.Flag:
        if (c === '-') flags |= FL_LEFT;
        else if (c === '+') flags |= FL_SIGN;
        else if (c === ' ') flags |= FL_SIGNSP;
        else if (c === '#') flags |= FL_ALTERNATE;
        else if (c === '0') flags |= FL_LEADZERO;
        break;

      case St.Width:
        if (c === '*') {
          width = args.u32() | 0;
          if (width < 0) {
            flags |= FL_LEFT;
            width = -width;
          }
        } else {
          width = Math.min(width * 10 + (c.charCodeAt(0) - 48), 0x7fffffff);
        }
        break;

      case St.Dot:
        precision = 0;
        break;

      case St.Precis:
        if (c === '*') {
          precision = args.u32() | 0;
          if (precision < 0) precision = -1;
        } else {
          precision = Math.min(precision * 10 + (c.charCodeAt(0) - 48), 0x7fffffff);
        }
        break;

      case St.Size:
        if (c === 'l') {
          if (fmt[pos] === 'l') {
            pos++;
            flags |= FL_LONGLONG;
          } else {
            flags |= FL_LONG;
          }
        } else if (c === 'h') {
          flags |= FL_SHORT;
        } else if (c === 'w') {
          flags |= FL_WIDECHAR;
        } else if (c === 'I') {
          const next2 = fmt.slice(pos, pos + 2);
          if (next2 === '64') {
            pos += 2;
            flags |= FL_I64;
          } else if (next2 === '32') {
            pos += 2;
            flags &= ~FL_I64;
          } else if (pos >= fmt.length || !'diouxX'.includes(fmt[pos]!)) {
            // Not a size prefix after all: print the 'I' literally.
            state = St.Normal;
            out.push(c);
          }
        }
        // 'L', 'F', 'N': accepted, no effect (long double == double, no far/near).
        break;

      case St.Type:
        convert(c, flags, width, precision, wideFunction, args, strings, out);
        break;
    }
  }
  return out.toString();
}

/** Perform one conversion (`ch` is the type character) and emit it. */
function convert(ch: string, flags: number, width: number, precision: number, wide: boolean, args: VarArgs, strings: GuestStrings, out: Output): void {
  let text = '';
  let prefix = '';

  switch (ch) {
    case 'C':
    case 'c': {
      if (ch === 'C' && !(flags & (FL_SHORT | FL_LONG | FL_WIDECHAR))) {
        flags |= wide ? FL_SHORT : FL_WIDECHAR;
      }
      const v = args.u32();
      const narrowChar = wide ? (flags & FL_SHORT) !== 0 : !(flags & (FL_LONG | FL_WIDECHAR));
      text = narrowChar ? ansiChar(strings, v & 0xff) : String.fromCharCode(v & 0xffff);
      break;
    }

    case 'S':
    case 's': {
      if (ch === 'S' && !(flags & (FL_SHORT | FL_LONG | FL_WIDECHAR))) {
        flags |= wide ? FL_SHORT : FL_WIDECHAR;
      }
      const narrowStr = wide ? (flags & FL_SHORT) !== 0 : !(flags & (FL_LONG | FL_WIDECHAR));
      const ptr = args.u32() >>> 0;
      const max = precision >= 0 ? precision : undefined;
      if (ptr === 0) {
        text = max === undefined ? '(null)' : '(null)'.slice(0, max);
      } else {
        const s = narrowStr ? strings.narrow(ptr, max) : strings.wide(ptr, max);
        if (s === null) throw new FormatFault(ptr, `%${ch}`);
        text = max !== undefined && s.length > max ? s.slice(0, max) : s;
      }
      break;
    }

    case 'n':
      // Refused: consume the pointer, write nothing, print nothing.
      args.u32();
      return;

    case 'E':
    case 'G':
    case 'e':
    case 'f':
    case 'g': {
      flags |= FL_SIGNED;
      const upper = ch === 'E' || ch === 'G';
      const conv = ch.toLowerCase() as 'e' | 'f' | 'g';
      const p = precision < 0 ? 6 : Math.min(precision, MAX_PRECISION);
      text = formatMsvcDouble(args.f64(), conv, p, upper, (flags & FL_ALTERNATE) !== 0);
      if (text.startsWith('-')) {
        flags |= FL_NEGATIVE;
        text = text.slice(1);
      }
      break;
    }

    default: {
      // Integers: d i u o x X p
      let radix = 10;
      let upperHex = false;
      if (ch === 'd' || ch === 'i') {
        flags |= FL_SIGNED;
      } else if (ch === 'o') {
        radix = 8;
        if (flags & FL_ALTERNATE) flags |= FL_FORCEOCTAL;
      } else if (ch === 'x' || ch === 'X' || ch === 'p') {
        radix = 16;
        upperHex = ch !== 'x';
        if (ch === 'p') precision = 8; // 2 * sizeof(void *)
        if (flags & FL_ALTERNATE) prefix = upperHex ? '0X' : '0x';
      }

      let value: bigint;
      if (flags & (FL_I64 | FL_LONGLONG)) {
        const raw = args.u64();
        value = flags & FL_SIGNED ? BigInt.asIntN(64, raw) : BigInt.asUintN(64, raw);
      } else {
        const raw = args.u32();
        let n: number;
        if (flags & FL_SHORT) n = flags & FL_SIGNED ? (raw << 16) >> 16 : raw & 0xffff;
        else n = flags & FL_SIGNED ? raw | 0 : raw >>> 0;
        value = BigInt(n);
      }
      if (value < 0n) {
        flags |= FL_NEGATIVE;
        value = -value;
      }

      if (precision < 0) precision = 1;
      else {
        flags &= ~FL_LEADZERO;
        precision = Math.min(precision, MAX_PRECISION);
      }
      if (value === 0n) prefix = '';

      let digits = value === 0n ? '' : value.toString(radix);
      if (upperHex) digits = digits.toUpperCase();
      if (digits.length < precision) digits = '0'.repeat(precision - digits.length) + digits;
      if (flags & FL_FORCEOCTAL && (digits.length === 0 || digits[0] !== '0')) digits = '0' + digits;
      text = digits;
      break;
    }
  }

  if (flags & FL_SIGNED) {
    if (flags & FL_NEGATIVE) prefix = '-';
    else if (flags & FL_SIGN) prefix = '+';
    else if (flags & FL_SIGNSP) prefix = ' ';
  }

  const padding = width - text.length - prefix.length;
  if (!(flags & (FL_LEFT | FL_LEADZERO))) out.repeat(' ', padding);
  out.push(prefix);
  if (flags & FL_LEADZERO && !(flags & FL_LEFT)) out.repeat('0', padding);
  out.push(text);
  if (flags & FL_LEFT) out.repeat(' ', padding);
}

function ansiChar(strings: GuestStrings, byte: number): string {
  return strings.ansiChar ? strings.ansiChar(byte) : String.fromCharCode(byte);
}

// ---------------------------------------------------------------------------
// Floating point (classic MSVC CRT: _fltout2 / _fptostr / _cftoe / _cftof / _cftog)

/** Decimal mantissa digits (value = 0.DIGITS x 10^decpt) plus sign, like the CRT's STRFLT. */
interface StrFlt {
  negative: boolean;
  /** Digit characters; for special values one of 1#INF, 1#QNAN, 1#SNAN, 1#IND. */
  mantissa: string;
  decpt: number;
  /** True for zero (the CRT then prints exponent 0). */
  zero: boolean;
}

const f64View = new DataView(new ArrayBuffer(8));

/** Convert like `_fltout2`: 17 significant digits, or an MSVC special string. */
function fltout(value: number): StrFlt {
  f64View.setFloat64(0, value);
  const hi = f64View.getUint32(0);
  const lo = f64View.getUint32(4);
  const negative = hi >>> 31 === 1;

  if ((hi & 0x7ff00000) === 0x7ff00000) {
    const mantHi = hi & 0x000fffff;
    let mantissa: string;
    if (mantHi === 0 && lo === 0) mantissa = '1#INF';
    else if (negative && mantHi === 0x80000 && lo === 0) mantissa = '1#IND';
    else if (mantHi & 0x80000) mantissa = '1#QNAN';
    else mantissa = '1#SNAN';
    return { negative, mantissa, decpt: 1, zero: false };
  }
  if (value === 0) return { negative, mantissa: '0', decpt: 0, zero: true };

  // toExponential(16): 17 significant digits, correctly rounded.
  const s = Math.abs(value).toExponential(16);
  const e = s.indexOf('e');
  const mantissa = (s[0] + s.slice(2, e)).replace(/0+$/, '');
  return { negative, mantissa, decpt: Number(s.slice(e + 1)) + 1, zero: false };
}

/**
 * `_fptostr`: keep `digits` mantissa characters (padding with '0'), rounding
 * half-up on the next mantissa character (character arithmetic, so special
 * strings "round" too: 1#IN|F -> 1#IO). A carry out of the first digit bumps
 * decpt. Returns the digit string (empty when digits <= 0 and no carry).
 */
function fptostr(flt: StrFlt, digits: number): string {
  const n = Math.max(0, digits);
  const buf: number[] = [48]; // leading '0' absorbs a carry
  for (let i = 0; i < n; i++) buf.push(i < flt.mantissa.length ? flt.mantissa.charCodeAt(i) : 48);
  if (digits >= 0 && n < flt.mantissa.length && flt.mantissa.charCodeAt(n) >= 53 /* '5' */) {
    let i = buf.length - 1;
    while (buf[i] === 57 /* '9' */) buf[i--] = 48;
    buf[i]! += 1;
  }
  if (buf[0] === 49 /* '1' */) {
    flt.decpt++;
    return String.fromCharCode(...buf);
  }
  return String.fromCharCode(...buf.slice(1));
}

function expSuffix(exp: number, upper: boolean): string {
  const a = Math.abs(exp);
  return (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + String(a).padStart(3, '0');
}

/** `_cftoe`-style layout: d.ddd e+XXX with `precision` fraction digits. */
function layoutE(flt: StrFlt, precision: number, upper: boolean): string {
  const d = fptostr(flt, precision + 1).padEnd(precision + 1, '0');
  const exp = flt.zero ? 0 : flt.decpt - 1;
  return d[0] + (precision > 0 ? '.' + d.slice(1, precision + 1) : '') + expSuffix(exp, upper);
}

/** `_cftof`-style layout with `precision` fraction digits. */
function layoutF(flt: StrFlt, precision: number): string {
  const d = fptostr(flt, flt.decpt + precision);
  const decpt = flt.decpt;
  let intPart: string;
  let frac: string;
  if (decpt > 0) {
    const full = d.padEnd(decpt + precision, '0');
    intPart = full.slice(0, decpt);
    frac = full.slice(decpt, decpt + precision);
  } else {
    intPart = '0';
    frac = ('0'.repeat(Math.min(-decpt, precision)) + d).slice(0, precision).padEnd(precision, '0');
  }
  return precision > 0 ? intPart + '.' + frac : intPart;
}

/** `_forcdecpt`: make sure there is a decimal point (for `#` with precision 0). */
function forceDecimalPoint(s: string): string {
  if (s.includes('.')) return s;
  const e = s.search(/[eE]/);
  return e < 0 ? s + '.' : s.slice(0, e) + '.' + s.slice(e);
}

/** `_cropzeros`: drop trailing fraction zeros (and a bare point) before any exponent. */
function cropZeros(s: string): string {
  const dot = s.indexOf('.');
  if (dot < 0) return s;
  let end = s.slice(dot).search(/[eE]/);
  end = end < 0 ? s.length : dot + end;
  let i = end - 1;
  while (s[i] === '0') i--;
  if (i === dot) i--;
  return s.slice(0, i + 1) + s.slice(end);
}

/**
 * Format a double exactly as the classic Microsoft CRT does for `%e`, `%f`,
 * `%g` (with `upper` for `%E`/`%G`). The result carries a leading '-' for
 * negative values (including -0 and negative NaNs) but no '+'/space sign and
 * no width padding. `precision` must already be defaulted (6) by the caller.
 * Exported for reuse by _ecvt/_fcvt/_gcvt-style helpers and for tests.
 */
export function formatMsvcDouble(value: number, conv: 'e' | 'f' | 'g', precision: number, upper = false, alternate = false): string {
  const flt = fltout(value);
  let body: string;
  if (conv === 'e') {
    body = layoutE(flt, precision, upper);
  } else if (conv === 'f') {
    body = layoutF(flt, precision);
  } else {
    const p = precision === 0 ? 1 : precision;
    // Round to p significant digits first to learn the final exponent.
    const probe: StrFlt = { ...flt };
    fptostr(probe, p);
    const magnitude = probe.zero ? 0 : probe.decpt - 1;
    body = magnitude < -4 || magnitude >= p ? layoutE(flt, p - 1, upper) : layoutF(flt, p - 1 - magnitude);
    if (!alternate) body = cropZeros(body);
  }
  if (alternate && precision === 0) body = forceDecimalPoint(body);
  return (flt.negative ? '-' : '') + body;
}

// ---------------------------------------------------------------------------
// Buffer fitting for the counted variants

/** How a formatted result goes into a counted guest buffer. */
export interface BufferFit {
  /** The characters to store. */
  text: string;
  /** Whether to store a terminating NUL after `text`. */
  terminate: boolean;
  /** The function's return value. */
  result: number;
}

/**
 * Microsoft `_snprintf` / `_snwprintf` / `_vsnprintf` / `_vsnwprintf`
 * semantics for a buffer of `count` characters (bytes for narrow functions):
 * - length < count: store text + NUL, return length;
 * - length == count: store text, NO NUL, return count;
 * - length > count: store the first `count` characters, NO NUL, return -1.
 * Format with `{ limit: count + 1 }` so overlong output is cut early.
 *
 * wsprintfW / wvsprintfW do not need this: format with flavor 'wsprintf'
 * (already cut to 1023 characters), store text + NUL, return text.length.
 */
export function fitToBuffer(text: string, count: number): BufferFit {
  const n = Math.max(0, Math.floor(count));
  if (text.length < n) return { text, terminate: true, result: text.length };
  if (text.length === n) return { text, terminate: false, result: n };
  return { text: text.slice(0, n), terminate: false, result: -1 };
}
