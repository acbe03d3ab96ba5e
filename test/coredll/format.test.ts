import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OUTPUT_LIMIT,
  FormatFault,
  WSPRINTF_MAX_CHARS,
  fitToBuffer,
  formatCe,
  formatMsvcDouble,
  type FormatFlavor,
  type GuestStrings,
  type VarArgs,
} from '../../emulator/dlls/coredll/format.js';

// ---------------------------------------------------------------------------
// Fakes

/** A double-typed vararg (plain numbers are 32-bit slots, bigints 64-bit values). */
class D {
  constructor(readonly v: number) {}
}
const d = (v: number) => new D(v);
type Arg = number | bigint | D;

/** Strict fake: type mismatches throw, so wrong argument consumption is caught. */
class FakeArgs implements VarArgs {
  used = 0;
  constructor(private readonly list: Arg[]) {}
  private next(): Arg {
    if (this.used >= this.list.length) throw new Error('vararg list exhausted');
    return this.list[this.used++]!;
  }
  u32(): number {
    const a = this.next();
    if (typeof a !== 'number') throw new Error(`u32 read but arg #${this.used - 1} is ${String(a)}`);
    return a >>> 0;
  }
  u64(): bigint {
    const a = this.next();
    if (typeof a !== 'bigint') throw new Error(`u64 read but arg #${this.used - 1} is ${String(a)}`);
    return BigInt.asUintN(64, a);
  }
  f64(): number {
    const a = this.next();
    if (!(a instanceof D)) throw new Error(`f64 read but arg #${this.used - 1} is ${String(a)}`);
    return a.v;
  }
  get remaining(): number {
    return this.list.length - this.used;
  }
}

const W = 0x1000; // L"Hello"
const W2 = 0x1100; // L"wide\u00e9\u4e2d"
const N = 0x2000; // "narrow"
const N2 = 0x2100; // "abcdef"
const UNTERMINATED = 0x2200; // 4 readable chars, no NUL within readable memory
const BAD = 0xdead0000;

const wideMem = new Map<number, string>([
  [W, 'Hello'],
  [W2, 'wide\u00e9\u4e2d'],
]);
const narrowMem = new Map<number, string>([
  [N, 'narrow'],
  [N2, 'abcdef'],
]);

const strings: GuestStrings = {
  wide(ptr, max) {
    const s = wideMem.get(ptr);
    if (s === undefined) return null;
    return max === undefined ? s : s.slice(0, max);
  },
  narrow(ptr, max) {
    if (ptr === UNTERMINATED) return max !== undefined && max <= 4 ? 'wxyz'.slice(0, max) : null;
    const s = narrowMem.get(ptr);
    if (s === undefined) return null;
    return max === undefined ? s : s.slice(0, max);
  },
};

function fmt(format: string, wide: boolean, args: Arg[], flavor: FormatFlavor = 'crt'): string {
  const va = new FakeArgs(args);
  const out = formatCe(format, wide, flavor, va, strings);
  expect(va.remaining, `all varargs of ${JSON.stringify(format)} consumed`).toBe(0);
  return out;
}

function nanFromBits(hi: number, lo: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setUint32(0, hi);
  dv.setUint32(4, lo);
  return dv.getFloat64(0);
}

// ---------------------------------------------------------------------------
// The table: [format, wide function?, args, expected]

type Case = [string, boolean, Arg[], string];

const cases: Case[] = [
  // plain text, %%, trailing %, unknown specifiers
  ['plain text', true, [], 'plain text'],
  ['100%%', true, [], '100%'],
  ['50%', true, [], '50'],
  ['a%', false, [], 'a'],
  ['%y', true, [], 'y'],
  ['[%5y]', true, [], '[y]'],
  ['%*y', true, [7], 'y'], // '*' already consumed its argument
  ['%5%', true, [], '%'],
  ['%a|%A', false, [], 'a|A'], // no hex floats in the CE CRT
  ['%Z', true, [], 'Z'],
  ['%5-d', true, [], '-d'],

  // signed / unsigned integers
  ['%d', true, [42], '42'],
  ['%d', true, [-42], '-42'],
  ['%i', false, [0x80000000], '-2147483648'],
  ['%u', true, [-1], '4294967295'],
  ['%+d', true, [5], '+5'],
  ['%+d', true, [-5], '-5'],
  ['% d', true, [5], ' 5'],
  ['%+ d', true, [5], '+5'],
  ['%+u', true, [5], '5'], // sign flags only for signed conversions
  ['%05d', true, [42], '00042'],
  ['%05d', true, [-42], '-0042'],
  ['%+05d', false, [42], '+0042'],
  ['%-5d|', true, [42], '42   |'],
  ['%-05d|', true, [42], '42   |'],
  ['%5.3d', true, [7], '  007'],
  ['%05.3d', true, [7], '  007'], // precision cancels '0'
  ['%.0d', true, [0], ''],
  ['[%3.0d]', true, [0], '[   ]'],
  ['%ld', true, [-1], '-1'], // long is 32-bit
  ['%hd', true, [0x18000], '-32768'],
  ['%hu', true, [0xfffff], '65535'],
  ['%hx', true, [0x12345678], '5678'],

  // width / precision from arguments
  ['%*d', true, [6, 42], '    42'],
  ['%*d|', true, [-6, 42], '42    |'], // negative width => left-justify
  ['%-*d|', false, [6, 42], '42    |'],
  ['%.*d', true, [4, 7], '0007'],
  ['%.*d', true, [-1, 7], '7'], // negative precision => default
  ['%*.*s|', true, [-6, 2, W], 'He    |'],

  // hex / octal
  ['%x', true, [255], 'ff'],
  ['%X', true, [0xdeadbeef], 'DEADBEEF'],
  ['%#x', true, [255], '0xff'],
  ['%#X', true, [255], '0XFF'],
  ['%#x', true, [0], '0'],
  ['%#010x', true, [255], '0x000000ff'],
  ['%08X', false, [0xbeef], '0000BEEF'],
  ['%.3x', true, [10], '00a'],
  ['%o', true, [8], '10'],
  ['%#o', true, [8], '010'],
  ['%#o', true, [0], '0'],
  ['%#.0o', true, [0], '0'],

  // 64-bit
  ['%I64d', true, [-1n], '-1'],
  ['%I64u', true, [-1n], '18446744073709551615'],
  ['%I64x', true, [0x123456789abcdefn], '123456789abcdef'],
  ['%lld', false, [-9223372036854775808n], '-9223372036854775808'],
  ['%llu|%d', true, [1n << 40n, 3], '1099511627776|3'],
  ['%I32d', true, [-7], '-7'],
  ['%Id|%Ix', true, [-7, 255], '-7|ff'],
  ['%Iz', true, [], 'Iz'], // 'I' not followed by an integer conversion prints literally
  ['%#I64X', true, [0xabcn], '0XABC'],

  // pointers
  ['%p', true, [0x12ff7c], '0012FF7C'],
  ['%p', false, [0], '00000000'],
  ['%#p', true, [0x12ff7c], '0X0012FF7C'],
  ['[%10p]', true, [0x12ff7c], '[  0012FF7C]'],
  ['[%010p]', true, [0x12ff7c], '[  0012FF7C]'], // forced precision cancels '0'

  // characters
  ['%c', true, [0x41], 'A'],
  ['%c', true, [0x4e2d], '\u4e2d'], // wide function: %c is a WCHAR
  ['%c', false, [0x4e41], 'A'], // narrow function: %c is a byte
  ['%C', true, [0x4e41], 'A'], // wide function: %C is narrow
  ['%C', false, [0x4e2d], '\u4e2d'], // narrow function: %C is wide
  ['%hc|%lc|%wc', true, [0x141, 0x4e2d, 0x4e2d], 'A|\u4e2d|\u4e2d'],
  ['%hc|%lc|%wc', false, [0x141, 0x4e2d, 0x4e2d], 'A|\u4e2d|\u4e2d'],
  ['a%cb', true, [0], 'a\0b'],
  ['a%cb', false, [0], 'a\0b'],
  ['[%3c|%-3c]', true, [0x78, 0x79], '[  x|y  ]'],
  ['%.0c', true, [0x41], 'A'], // precision ignored for characters

  // strings: wide vs narrow meaning
  ['%s', true, [W], 'Hello'],
  ['%S', true, [N], 'narrow'],
  ['%s', false, [N], 'narrow'],
  ['%S', false, [W], 'Hello'],
  ['%hs|%ls|%ws', true, [N, W, W], 'narrow|Hello|Hello'],
  ['%hs|%ls|%ws', false, [N, W, W], 'narrow|Hello|Hello'],
  ['%hS|%lS', true, [N, W], 'narrow|Hello'],
  ['%s', true, [W2], 'wide\u00e9\u4e2d'],
  ['%.3s', true, [W], 'Hel'],
  ['%.3s', false, [N2], 'abc'],
  ['%.0s|', true, [W], '|'],
  ['[%8s]', true, [W], '[   Hello]'],
  ['[%-8s]', true, [W], '[Hello   ]'],
  ['[%08s]', true, [W], '[000Hello]'], // the CRT zero-pads strings too
  ['[%5.1s]', false, [N2], '[    a]'],
  ['%.4s', false, [UNTERMINATED], 'wxyz'], // precision stops the scan
  ['%s', true, [0], '(null)'],
  ['%S', true, [0], '(null)'],
  ['%s', false, [0], '(null)'],
  ['%.3s', true, [0], '(nu'],
  ['[%8s]', false, [0], '[  (null)]'],

  // %n is refused: argument consumed, nothing written or printed
  ['ab%ncd', true, [0x3000], 'abcd'],
  ['%hn%d', false, [0x3000, 5], '5'],

  // size prefixes that are accepted and ignored
  ['%Lf|%Fs|%Ns', false, [d(1.5), N, N], '1.500000|narrow|narrow'],

  // floating point, MSVC style
  ['%f', true, [d(3.14159)], '3.141590'],
  ['%f', false, [d(-0.5)], '-0.500000'],
  ['%.2f', true, [d(2.675)], '2.67'],
  ['%.1f', true, [d(0.25)], '0.3'], // round half up on decimal digits (glibc: 0.2)
  ['%.2f', true, [d(0.125)], '0.13'], // glibc: 0.12
  ['%.0f|%.0f|%.0f', true, [d(0.5), d(1.5), d(2.5)], '1|2|3'], // glibc: 0|2|2
  ['%.20f', true, [d(0.1)], '0.10000000000000001000'], // 17 significant digits
  ['%f', true, [d(1e20)], '100000000000000000000.000000'],
  ['%.3f', true, [d(0.0004)], '0.000'],
  ['%.3f', true, [d(0.0006)], '0.001'],
  ['%10.4f|', true, [d(3.14159265)], '    3.1416|'],
  ['%-10.2f|', true, [d(3.14159265)], '3.14      |'],
  ['%08.2f', true, [d(-3.14159)], '-0003.14'],
  ['%+.1f|% .1f', true, [d(2), d(2)], '+2.0| 2.0'],
  ['%#.0f|%.0f', true, [d(3), d(3)], '3.|3'],
  ['%e', true, [d(1)], '1.000000e+000'],
  ['%e', true, [d(0)], '0.000000e+000'],
  ['%E', false, [d(12345.678)], '1.234568E+004'],
  ['%.2e', true, [d(-0.000123456)], '-1.23e-004'],
  ['%e', true, [d(1e-300)], '1.000000e-300'],
  ['%.0e|%#.0e', true, [d(3), d(3)], '3e+000|3.e+000'],
  ['%.3e', true, [d(9.9996)], '1.000e+001'],
  ['%g', true, [d(0.0001)], '0.0001'],
  ['%g', true, [d(0.00001)], '1e-005'],
  ['%g', true, [d(123456)], '123456'],
  ['%g', true, [d(1234567)], '1.23457e+006'],
  ['%g', true, [d(100)], '100'],
  ['%g', true, [d(0)], '0'],
  ['%G', true, [d(1e-10)], '1E-010'],
  ['%.3g', true, [d(3.14159)], '3.14'],
  ['%.0g', true, [d(3.7)], '4'],
  ['%#g', true, [d(1)], '1.00000'],
  ['%g', true, [d(9.9999999)], '10'],
  ['%10.3g|', true, [d(1234.5)], ' 1.23e+003|'],

  // infinities and NaNs as the classic MSVC CRT prints them
  ['%f', true, [d(Infinity)], '1.#INF00'],
  ['%f', true, [d(-Infinity)], '-1.#INF00'],
  ['%e', true, [d(Infinity)], '1.#INF00e+000'],
  ['%g', true, [d(Infinity)], '1.#INF'],
  ['%.2f|%.1f|%.0f|%.3f', true, [d(Infinity), d(Infinity), d(Infinity), d(Infinity)], '1.#J|1.$|1|1.#IO'],
  ['%f', true, [d(nanFromBits(0x7ff80000, 0))], '1.#QNAN0'],
  ['%g', true, [d(nanFromBits(0x7ff80000, 0))], '1.#QNAN'],
  ['%f', true, [d(nanFromBits(0xfff80000, 0))], '-1.#IND00'],
  ['%g', true, [d(nanFromBits(0xfff80000, 0))], '-1.#IND'],
  ['%+010f', true, [d(Infinity)], '+01.#INF00'],

  // mixed
  ['%s=%d (%#x) %c%%', true, [W, 255, 255, 0x21], 'Hello=255 (0xff) !%'],
  ['%S: %5.1f%s', false, [W, d(99.95), N], 'Hello: 100.0narrow'],
];

describe('formatCe table', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  const show = (a: Arg): string => (a instanceof D ? `double ${a.v}` : typeof a === 'bigint' ? `${a}n` : String(a));
  for (const [format, wide, args, expected] of cases) {
    const title = `${JSON.stringify(format)} ${wide ? 'wide' : 'narrow'} (${args.map(show).join(', ')}) -> ${JSON.stringify(expected)}`;
    it(title, () => {
      expect(fmt(format, wide, args)).toBe(expected);
    });
  }
});

describe('formatCe behaviour', () => {
  it("'wsprintf' flavor formats like the CE CRT (floats, %p, '+', '*')", () => {
    expect(fmt('%+.2f %p %*d %s', true, [d(1.5), 0x1234, 4, 7, W], 'wsprintf')).toBe('+1.50 00001234    7 Hello');
  });

  it("'wsprintf' flavor caps the output at 1023 characters", () => {
    const long = 'x'.repeat(2000);
    const out = formatCe(long, true, 'wsprintf', new FakeArgs([]), strings);
    expect(out.length).toBe(WSPRINTF_MAX_CHARS);
    expect(formatCe('%1500d', true, 'wsprintf', new FakeArgs([1]), strings)).toBe(' '.repeat(1023));
    expect(formatCe(long, true, 'crt', new FakeArgs([]), strings).length).toBe(2000);
  });

  it('stops reading arguments once the output limit is reached', () => {
    const va = new FakeArgs([1, 2, 3]);
    expect(formatCe('%d%d%d', true, 'crt', va, strings, { limit: 2 })).toBe('12');
    expect(va.used).toBe(2);
  });

  it('bounds huge widths and precisions', () => {
    expect(formatCe('%2000000000d', true, 'crt', new FakeArgs([1]), strings, { limit: 10 })).toBe(' '.repeat(10));
    expect(fmt('%.999999d', true, [1]).length).toBe(512); // CRT MAXPRECISION
    expect(DEFAULT_OUTPUT_LIMIT).toBeGreaterThan(1_000_000);
  });

  it('throws FormatFault carrying the address for an unreadable string pointer', () => {
    const run = () => formatCe('x%sy', true, 'crt', new FakeArgs([BAD]), strings);
    expect(run).toThrow(FormatFault);
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(FormatFault);
      expect((e as FormatFault).address).toBe(BAD);
      expect((e as FormatFault).conversion).toBe('%s');
    }
    expect(() => formatCe('%S', true, 'crt', new FakeArgs([W]), strings)).toThrow(FormatFault); // W is not a narrow string
  });

  it('does not fault on an unterminated string when the precision stops the scan', () => {
    expect(() => formatCe('%s', false, 'crt', new FakeArgs([UNTERMINATED]), strings)).toThrow(FormatFault);
    expect(fmt('%.2s', false, [UNTERMINATED])).toBe('wx');
  });

  it('decodes narrow %c bytes through GuestStrings.ansiChar when provided', () => {
    const cp = { ...strings, ansiChar: (b: number) => (b === 0x80 ? '\u20ac' : String.fromCharCode(b)) };
    expect(formatCe('%c%C', false, 'crt', new FakeArgs([0x80, 0x20ac]), cp)).toBe('\u20ac\u20ac');
    expect(formatCe('%C', true, 'crt', new FakeArgs([0x80]), cp)).toBe('\u20ac');
    expect(formatCe('%c', false, 'crt', new FakeArgs([0xe9]), strings)).toBe('\u00e9'); // Latin-1 default
  });

  it('builds long output in linear time', () => {
    const n = 20000;
    const args: Arg[] = Array.from({ length: n }, (_, i) => i);
    const t0 = performance.now();
    const out = formatCe('%d,'.repeat(n), true, 'crt', new FakeArgs(args), strings);
    expect(out.length).toBeGreaterThan(n * 2);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('formatMsvcDouble', () => {
  it('formats without sign flags or padding', () => {
    expect(formatMsvcDouble(-2.5, 'f', 0)).toBe('-3');
    expect(formatMsvcDouble(1e300, 'e', 3, true)).toBe('1.000E+300');
    expect(formatMsvcDouble(5e-324, 'e', 6)).toBe('4.940656e-324');
    expect(formatMsvcDouble(-0, 'f', 1)).toBe('-0.0');
    expect(formatMsvcDouble(0.5, 'g', 0, false, true)).toBe('0.5');
    expect(formatMsvcDouble(nanFromBits(0x7ff00000, 1), 'f', 6)).toBe('1.#SNAN0');
  });
});

describe('fitToBuffer', () => {
  it('implements _snprintf/_snwprintf buffer semantics', () => {
    expect(fitToBuffer('abc', 5)).toEqual({ text: 'abc', terminate: true, result: 3 });
    expect(fitToBuffer('abcde', 5)).toEqual({ text: 'abcde', terminate: false, result: 5 });
    expect(fitToBuffer('abcdef', 5)).toEqual({ text: 'abcde', terminate: false, result: -1 });
    expect(fitToBuffer('', 0)).toEqual({ text: '', terminate: false, result: 0 });
    expect(fitToBuffer('a', 0)).toEqual({ text: '', terminate: false, result: -1 });
  });

  it('works with a limit of count + 1', () => {
    const text = formatCe('%s world', true, 'crt', new FakeArgs([W]), strings, { limit: 6 });
    expect(text).toBe('Hello ');
    expect(fitToBuffer(text, 5)).toEqual({ text: 'Hello', terminate: false, result: -1 });
  });
});
