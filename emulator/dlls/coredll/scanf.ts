/**
 * coredll formatted input: the scanf family. One engine ({@link scanCe}) behind sscanf / swscanf
 * (declared here) and fscanf / fwscanf / scanf / wscanf (declared in stdio.ts, which owns the FILE
 * streams and feeds the engine the bytes a stream has).
 *
 * The behaviour follows the Microsoft C runtime's `_input` state machine (the CRT CE's coredll is
 * built from), not glibc. Decisions, with reasons:
 *
 * - Directives: white space in the format skips any white space in the input (also none); another
 *   character must match the next input character; `%[*][width][size]conversion`.
 * - Size prefixes: `h` (short / narrow char), `l` (long = 32 bits, double for e/f/g, wide char), `w`
 *   (wide char), `ll`, `I64` and `q` (64-bit integers), `I32` (32-bit), `I`/`z` before d i o x X
 *   (32-bit on ARM, so no effect), `L` (long double = double), `F`/`N` (ignored). Classic-CRT quirks
 *   kept: `%hhd` stores an int (the two `h` cancel the default), `%hf` stores a double.
 * - Conversions: `d` `u` (decimal, optional sign), `o`, `x`/`X` (`0x` prefix allowed), `i` (prefix
 *   decides: `0x` hex, `0` octal, else decimal), `p` (hex, 32-bit), `e f g` (and `E G`: every
 *   conversion letter is lower-cased, so `%D`, `%O`, `%U`, `%X` work too), `s` (up to white space),
 *   `c` (width characters, default 1, no NUL, white space not skipped), `[...]`/`[^...]` scansets with
 *   ranges (`a-z`, reversed `z-a` too; `-` first or last is literal; `]` first is literal; `%{` is the
 *   same as `%[`, another CRT artefact), `n` (characters read so far; not counted), `%%`.
 * - String/character width: in narrow functions `%s %c %[` store bytes and `%S %C` (or `l`/`w`)
 *   store WCHARs (the byte converted from code page 1252); in wide functions the reverse, with
 *   WCHARs converted to 1252 (`?` when unmappable).
 * - Integers wrap like the CRT's unsigned accumulation (32 or 64 bits); no overflow detection.
 *   Floating point: digits, `.`, digits, exponent (only after a digit); no inf/nan/hex floats (the
 *   classic CRT has none); the collected text is converted correctly rounded (the CRT's `_fltin`
 *   may differ in the last bit in rare cases). `%f` stores a float, `%lf`/`%Lf` a double.
 * - Result: the number of assigned fields; EOF (-1) when the input ended before any conversion
 *   matched (a suppressed conversion counts as matched: it returns 0, not EOF).
 *
 * The engine is pure: it reads the input through a text and a "final" flag and returns the stores
 * to make; stores are applied only when the scan completes. When the text runs out and more input
 * may come (console), it throws {@link ScanNeedsInput} and the caller retries with more text, so a
 * guest thread waiting in scanf parks without partial effects.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext, VarArgReader } from '../../core/api/context.js';
import { GuestFault } from '../../core/memory/guest-memory.js';
import { decode1252 } from './locale.js';
import { doubleBits, singleBits } from '../../core/api/float-bits.js';

export const SCAN_EOF = -1;
const EOF = -1;

/** Thrown by {@link scanCe} when it needs input beyond a non-final text. */
export class ScanNeedsInput extends Error {
  constructor() {
    super('scan needs more input');
  }
}
const NEED_MORE = new ScanNeedsInput();

/** One store the scan makes into guest memory. */
export type ScanStore =
  | { addr: number; kind: 'i16' | 'i32'; value: number }
  | { addr: number; kind: 'i64'; value: bigint }
  | { addr: number; kind: 'f32' | 'f64'; value: number }
  | { addr: number; kind: 'narrow' | 'wide'; units: number[]; terminate: boolean };

export interface ScanResult {
  /** The function result: fields assigned, or -1 (EOF). */
  result: number;
  /** Input characters consumed (pushed-back look-ahead excluded). */
  used: number;
  /** The scan read past the end of the input (the stream's EOF indicator gets set). */
  hitEof: boolean;
  stores: ScanStore[];
}

const isSpace = (c: number) => c === 0x20 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isXDigit = (c: number) => isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
const hexValue = (c: number) => (isDigit(c) ? c - 0x30 : (c | 0x20) - 0x61 + 10);

/** A parsed `%...` directive (up to and including the conversion character). */
interface Directive {
  suppress: boolean;
  width: number;
  widthset: boolean;
  /** 0 = short, 1 = default, 2+ = long (and -1 after `hh`: the CRT then stores an int). */
  longone: number;
  /** -1 narrow, 1 wide, 0 = by conversion letter. */
  widechar: number;
  int64: boolean;
  /** The conversion character (0 when the format ended). */
  conv: number;
  /** Index of the conversion character in the format. */
  at: number;
}

/** Parses the directive whose `%` is at fmt[pct]. */
function parseDirective(fmt: string, pct: number): Directive {
  const d: Directive = { suppress: false, width: 0, widthset: false, longone: 1, widechar: 0, int64: false, conv: 0, at: pct };
  let f = pct;
  for (;;) {
    f++;
    const c = f < fmt.length ? fmt.charCodeAt(f) : 0;
    if (isDigit(c)) {
      d.widthset = true;
      d.width = Math.min(d.width * 10 + (c - 0x30), 0x7fffffff);
      continue;
    }
    const ch = String.fromCharCode(c);
    if (ch === 'F' || ch === 'N') continue;
    if (ch === 'h') {
      d.longone--;
      d.widechar--;
      continue;
    }
    if (ch === 'I' || ch === 'z') {
      const next2 = fmt.slice(f + 1, f + 3);
      if (next2 === '64') {
        f += 2;
        d.int64 = true;
        continue;
      }
      if (next2 === '32') {
        f += 2;
        continue;
      }
      if ('dioxX'.includes(fmt[f + 1] ?? '#')) continue; // pointer-sized: 32 bits on ARM
      break; // not a prefix: 'I' is the conversion (matched literally)
    }
    if (ch === 'L') {
      d.longone++;
      continue;
    }
    if (ch === 'q') {
      d.int64 = true;
      continue;
    }
    if (ch === 'l') {
      if (fmt[f + 1] === 'l') {
        f++;
        d.int64 = true;
        continue;
      }
      d.longone++;
      d.widechar++;
      continue;
    }
    if (ch === 'w') {
      d.widechar++;
      continue;
    }
    if (ch === '*') {
      d.suppress = true;
      continue;
    }
    break;
  }
  d.at = f;
  d.conv = f < fmt.length ? fmt.charCodeAt(f) : 0;
  return d;
}

const LEFT_BRACKET = 0x5b | 0x20; // '{': the CRT compares the lower-cased letter
/** Conversions that take a pointer argument (lower-cased); anything else is matched literally. */
const POINTER_CONVERSIONS = new Set([...'csixpoudnefg'].map((c) => c.charCodeAt(0)).concat([LEFT_BRACKET]));

interface Scanset {
  table: Uint8Array;
  reject: boolean;
  /** Index of the closing `]`. */
  end: number;
}

/** Parses the scanset after fmt[at] (`[` or `{`); undefined when the format ends inside it. */
function parseScanset(fmt: string, at: number, wide: boolean): Scanset | undefined {
  const table = new Uint8Array(wide ? 0x10000 : 0x100);
  const mask = wide ? 0xffff : 0xff;
  let p = at + 1;
  let reject = false;
  if (fmt[p] === '^') {
    p++;
    reject = true;
  }
  let prev = 0;
  if (fmt[p] === ']') {
    prev = 0x5d;
    p++;
    table[0x5d] = 1;
  }
  while (p < fmt.length && fmt[p] !== ']') {
    let c = fmt.charCodeAt(p++) & mask;
    if (c !== 0x2d || !prev || fmt[p] === ']') {
      table[c] = 1;
      prev = c;
    } else {
      if (p >= fmt.length) return undefined;
      c = fmt.charCodeAt(p++) & mask;
      const [lo, hi] = prev < c ? [prev, c] : [c, prev];
      for (let x = lo; x <= hi; x++) table[x] = 1;
      prev = 0;
    }
  }
  if (p >= fmt.length) return undefined;
  return { table, reject, end: p };
}

/**
 * How many pointer arguments a scan with this format can take (every non-suppressed conversion,
 * in order). Callers read them before scanning, so a scan that waits for console input does not
 * depend on the guest's argument registers any more.
 */
export function countScanArgs(fmt: string, wide: boolean): number {
  let n = 0;
  for (let f = 0; f < fmt.length; f++) {
    if (fmt[f] !== '%') continue;
    const d = parseDirective(fmt, f);
    const lower = d.conv | 0x20;
    if (!d.suppress && d.conv !== 0 && POINTER_CONVERSIONS.has(lower)) n++;
    if (lower === LEFT_BRACKET) {
      const set = parseScanset(fmt, d.at, wide);
      if (!set) return n;
      f = set.end;
    } else {
      f = d.at;
    }
  }
  return n;
}

/** 1252 encoding of a WCHAR for narrow stores from wide input (`?` when unmappable). */
const TO_1252 = new Map<number, number>();
for (let b = 0; b < 256; b++) TO_1252.set(decode1252(b), b);
function to1252(u: number): number {
  return TO_1252.get(u) ?? 0x3f;
}

/**
 * Scans `text` (narrow: one char per byte, codes 0-255; wide: UTF-16 units) with `fmt` like the
 * Microsoft CRT. `final` says whether the text is all the input there will be; if not and the scan
 * needs more, {@link ScanNeedsInput} is thrown. `args[i]` is the i-th pointer argument.
 */
export function scanCe(text: string, final: boolean, fmt: string, wide: boolean, args: readonly number[]): ScanResult {
  let pos = 0;
  let charcount = 0;
  let hitEof = false;
  let argIndex = 0;
  const stores: ScanStore[] = [];

  const inc = (): number => {
    charcount++;
    if (pos < text.length) return text.charCodeAt(pos++);
    if (!final) throw NEED_MORE;
    hitEof = true;
    return EOF;
  };
  const unInc = (c: number): void => {
    charcount--;
    if (c !== EOF) pos--;
  };
  const eatWhite = (): number => {
    let c: number;
    do c = inc();
    while (c !== EOF && isSpace(c));
    return c;
  };

  let count = 0;
  let match = 0;
  let ch = 0;
  let f = 0;

  scan: while (f < fmt.length) {
    const fc = fmt.charCodeAt(f);
    if (isSpace(fc)) {
      unInc(eatWhite());
      while (f < fmt.length && isSpace(fmt.charCodeAt(f))) f++;
      continue;
    }

    if (fc === 0x25 /* % */) {
      const d = parseDirective(fmt, f);
      f = d.at;
      let { width, widechar, longone } = d;
      const { widthset, suppress, int64 } = d;
      let pointer = 0;
      if (!suppress) pointer = args[argIndex++] ?? 0;
      if (widechar === 0) {
        const upperSC = d.conv === 0x53 || d.conv === 0x43; // S, C
        widechar = upperSC === wide ? -1 : 1;
      }
      let comchr = d.conv | 0x20;

      if (comchr !== 0x6e /* n */) {
        ch = comchr !== 0x63 /* c */ && comchr !== LEFT_BRACKET ? eatWhite() : inc();
        if (ch === EOF) break scan;
      }

      if (widthset && width === 0) {
        unInc(ch);
        break scan;
      }

      let doneFlag = false;
      let started = false;
      let negative = false;

      const assignInt = (value: bigint) => {
        if (int64) stores.push({ addr: pointer, kind: 'i64', value: BigInt.asIntN(64, value) });
        else if (longone) stores.push({ addr: pointer, kind: 'i32', value: Number(BigInt.asIntN(32, value)) });
        else stores.push({ addr: pointer, kind: 'i16', value: Number(BigInt.asIntN(16, value)) });
      };

      switch (comchr) {
        case 0x63: // c
        case 0x73: // s
        case LEFT_BRACKET: {
          const wideArg = widechar > 0;
          let set: Scanset | undefined;
          if (comchr === 0x63 && !widthset) width = 1;
          const limited = widthset || comchr === 0x63;
          if (comchr === LEFT_BRACKET) {
            set = parseScanset(fmt, f, wide);
            if (!set) break scan; // truncated format
            f = set.end;
          }
          unInc(ch);
          const units: number[] = [];
          while (!limited || width-- !== 0) {
            ch = inc();
            let ok = false;
            if (ch !== EOF) {
              if (comchr === 0x63) ok = true;
              else if (comchr === 0x73) ok = !(ch >= 9 && ch <= 13) && ch !== 0x20;
              else ok = (set!.table[ch]! === 1) !== set!.reject;
            }
            if (!ok) {
              unInc(ch);
              break;
            }
            if (!suppress) {
              if (wideArg) units.push(wide ? ch : decode1252(ch));
              else units.push(wide ? to1252(ch) : ch);
            }
            started = true;
          }
          if (!started) break scan;
          if (!suppress) {
            count++;
            stores.push({ addr: pointer, kind: wideArg ? 'wide' : 'narrow', units, terminate: comchr !== 0x63 });
          }
          break;
        }

        case 0x69: // i
        case 0x78: // x
        case 0x70: // p
        case 0x6f: // o
        case 0x75: // u
        case 0x64: {
          // d
          if (comchr === 0x69) comchr = 0x64;
          if (comchr === 0x70) longone = 1; // %hp is %p
          const signIncWidth = () => {
            if (--width === 0 && widthset) doneFlag = true;
            else ch = inc();
          };
          if (ch === 0x2d) {
            negative = true;
            signIncWidth();
          } else if (ch === 0x2b) {
            signIncWidth();
          }
          if ((d.conv | 0x20) === 0x69 || comchr === 0x78) {
            // %i and %x: a 0x prefix (and for %i a leading 0 = octal)
            if (ch === 0x30 && !doneFlag) {
              ch = inc();
              if (ch === 0x78 || ch === 0x58) {
                ch = inc();
                if (widthset) {
                  width -= 2;
                  if (width < 1) doneFlag = true;
                }
                comchr = 0x78;
              } else {
                started = true;
                if (comchr !== 0x78) {
                  if (widthset && --width === 0) doneFlag = true;
                  comchr = 0x6f;
                } else {
                  unInc(ch);
                  ch = 0x30;
                }
              }
            }
          }
          const bits = int64 ? 64 : 32;
          let num = 0n;
          while (!doneFlag) {
            let digit = -1;
            if (comchr === 0x78 || comchr === 0x70) {
              if (isXDigit(ch)) {
                num <<= 4n;
                digit = hexValue(ch);
              }
            } else if (isDigit(ch)) {
              if (comchr === 0x6f) {
                if (ch < 0x38) {
                  num <<= 3n;
                  digit = ch - 0x30;
                }
              } else {
                num *= 10n;
                digit = ch - 0x30;
              }
            }
            if (digit < 0) {
              doneFlag = true;
              unInc(ch);
              break;
            }
            started = true;
            num = BigInt.asUintN(bits, num + BigInt(digit));
            if (widthset && --width === 0) doneFlag = true;
            else ch = inc();
          }
          if (negative) num = BigInt.asUintN(bits, -num);
          if (!started) break scan;
          if (!suppress) {
            count++;
            assignInt(num);
          }
          break;
        }

        case 0x6e: // n: characters read so far; not counted
          if (!suppress) assignInt(BigInt(charcount));
          break;

        case 0x65: // e
        case 0x66: // f
        case 0x67: {
          // g
          let s = '';
          if (ch === 0x2d || ch === 0x2b) {
            if (ch === 0x2d) s += '-';
            width--;
            ch = inc();
          }
          if (!widthset) width = -1;
          while (isDigit(ch) && width-- !== 0) {
            started = true;
            s += String.fromCharCode(ch);
            ch = inc();
          }
          if (ch === 0x2e && width-- !== 0) {
            ch = inc();
            s += '.';
            while (isDigit(ch) && width-- !== 0) {
              started = true;
              s += String.fromCharCode(ch);
              ch = inc();
            }
          }
          if (started && (ch === 0x65 || ch === 0x45) && width-- !== 0) {
            s += 'e';
            ch = inc();
            if (ch === 0x2d || ch === 0x2b) {
              if (ch === 0x2d) s += '-';
              if (width-- === 0) width++;
              else ch = inc();
            }
            while (isDigit(ch) && width-- !== 0) {
              started = true;
              s += String.fromCharCode(ch);
              ch = inc();
            }
          }
          unInc(ch);
          if (!started) break scan;
          if (!suppress) {
            count++;
            let v = parseFloat(s);
            if (Number.isNaN(v)) v = 0;
            stores.push({ addr: pointer, kind: longone - 1 ? 'f64' : 'f32', value: v });
          }
          break;
        }

        default:
          // `%%` or an unknown conversion letter: matched literally against the input.
          if (d.conv !== ch) {
            unInc(ch);
            break scan;
          }
          match--;
          if (!suppress) argIndex--;
      }
      match++;
      f++;
    } else {
      f++;
      ch = inc();
      if (fc !== ch) {
        unInc(ch);
        break scan;
      }
    }
    if (ch === EOF && !(fmt[f] === '%' && fmt[f + 1] === 'n')) break;
  }

  const result = ch === EOF && !(count || match) ? SCAN_EOF : count;
  return { result, used: pos, hitEof, stores };
}

/** Makes the stores of a finished scan in guest memory (a bad pointer faults, as in the CRT). */
export function applyScanStores(cx: ApiContext, stores: readonly ScanStore[]): void {
  for (const s of stores) {
    switch (s.kind) {
      case 'i16':
        cx.mem.setU16(s.addr, s.value & 0xffff);
        break;
      case 'i32':
        cx.mem.setU32(s.addr, s.value >>> 0);
        break;
      case 'i64':
        cx.mem.setU64(s.addr, BigInt.asUintN(64, s.value));
        break;
      case 'f32':
        cx.mem.setU32(s.addr, singleBits(s.value));
        break;
      case 'f64':
        cx.mem.setU64(s.addr, doubleBits(s.value));
        break;
      case 'narrow': {
        const b = Buffer.from(s.units.concat(s.terminate ? [0] : []));
        cx.mem.write(s.addr, b);
        break;
      }
      case 'wide': {
        const units = s.terminate ? [...s.units, 0] : s.units;
        cx.mem.check(s.addr, 2 * units.length, 'write');
        units.forEach((u, i) => cx.mem.setU16(s.addr + 2 * i, u));
        break;
      }
    }
  }
}

/**
 * Reads the pointer arguments a scan with `fmt` may use. A slot the guest cannot read (the format
 * names more conversions than arguments were passed, at the very top of the stack) reads as 0.
 */
export function scanArgs(cx: ApiContext, va: VarArgReader, fmt: string, wide: boolean): number[] {
  const n = Math.min(countScanArgs(fmt, wide), 4096);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push(va.u32());
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      out.push(0);
    }
  }
  return out;
}

/** A guest narrow string as one char per byte (no code page decoding: the scanner works on bytes). */
export function guestBytesText(cx: ApiContext, p: number): string {
  return cx.mem.bytes(p, cx.mem.strlen(p)).toString('latin1');
}
/** A guest wide string as its UTF-16 units (lone surrogates kept). */
export function guestUnitsText(cx: ApiContext, p: number): string {
  const n = cx.mem.wcslen(p);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(cx.mem.u16(p + 2 * i));
  return s;
}

function scanString(cx: ApiContext, input: number, fmtPtr: number, wide: boolean): number {
  const fmt = wide ? guestUnitsText(cx, fmtPtr) : guestBytesText(cx, fmtPtr);
  const args = scanArgs(cx, cx.varargs(), fmt, wide);
  const text = wide ? guestUnitsText(cx, input) : guestBytesText(cx, input);
  const r = scanCe(text, true, fmt, wide, args);
  applyScanStores(cx, r.stores);
  return r.result;
}

export const scanfApis: ApiDef[] = [
  fn('sscanf(str buffer, str format, ...): i32', (cx, b: number, f: number) => scanString(cx, b, f, false)),
  fn('swscanf(wstr buffer, wstr format, ...): i32', (cx, b: number, f: number) => scanString(cx, b, f, true)),
];
