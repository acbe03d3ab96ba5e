/**
 * The ARM runtime helpers of coredll (emulator/dlls/coredll/rt.ts, softfloat.ts, setjmp.ts), called by
 * ordinal from ARM-mode code (roms/asm/rtcheck.s). The ROM prints, for each case, the helper, the
 * four input registers and R0-R3 plus the NZCV flags after the call; every expected value is computed
 * here from the inputs (BigInt arithmetic, Float32Array/Float64Array rounding, the ARM NaN rules), not
 * taken from a previous run.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { runExecutable } from '../../emulator/system/run.js';
import { start } from '../../emulator/system/session.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'rtcheck.exe');

// ---- IEEE helpers (typed arrays, BigInt) --------------------------------------------------------
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const sval = (b: number) => ((u32[0] = b), f32[0]!);
const sbits = (x: number) => ((f32[0] = x), u32[0]!);
const dval = (b: bigint) => ((u64[0] = b), f64[0]!);
const dbits = (x: number) => ((f64[0] = x), u64[0]!);
const isNaNS = (b: number) => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
const isNaND = (b: bigint) => (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
const M64 = (1n << 64n) - 1n;
const pairOf = (lo: number, hi: number) => (BigInt(hi) << 32n) | BigInt(lo);
const s64 = (v: bigint) => BigInt.asIntN(64, v);

/** ARM NaN propagation: first signalling NaN quietened, else first quiet NaN; undefined if no NaN. */
function nanS(a: number, b: number): number | undefined {
  for (const x of [a, b]) if (isNaNS(x) && !(x & 0x400000)) return (x | 0x400000) >>> 0;
  for (const x of [a, b]) if (isNaNS(x)) return x;
  return undefined;
}
function nanD(a: bigint, b: bigint): bigint | undefined {
  for (const x of [a, b]) if (isNaND(x) && !(x & (1n << 51n))) return x | (1n << 51n);
  for (const x of [a, b]) if (isNaND(x)) return x;
  return undefined;
}
function arithS(op: string, a: number, b: number): number {
  const n = nanS(a, b);
  if (n !== undefined) return n;
  const x = sval(a),
    y = sval(b);
  const r = sbits(op === 'add' ? x + y : op === 'sub' ? x - y : op === 'mul' ? x * y : x / y);
  return isNaNS(r) ? 0x7fc00000 : r;
}
function arithD(op: string, a: bigint, b: bigint): bigint {
  const n = nanD(a, b);
  if (n !== undefined) return n;
  const x = dval(a),
    y = dval(b);
  const r = dbits(op === 'add' ? x + y : op === 'sub' ? x - y : op === 'mul' ? x * y : x / y);
  return isNaND(r) ? 0x7ff8000000000000n : r;
}

/** The float (single or double) nearest to the integer v, ties to even: by comparing neighbours exactly. */
function nearestFloat(v: bigint, single: boolean): number {
  const approx = single ? Math.fround(Number(v)) : Number(v);
  const cands = new Set<number>([approx]);
  for (const step of [-1, 1]) {
    // the neighbouring representable values of approx
    if (single) {
      const b = sbits(approx);
      cands.add(sval((b + (approx >= 0 ? step : -step)) >>> 0));
    } else {
      const b = dbits(approx);
      cands.add(dval(BigInt.asUintN(64, b + BigInt(approx >= 0 ? step : -step))));
    }
  }
  let best = approx;
  let bestDist = -1n;
  for (const c of cands) {
    if (!Number.isInteger(c)) continue; // infinities; the denormals next to 0
    const d = BigInt(c) > v ? BigInt(c) - v : v - BigInt(c);
    const even = single ? (sbits(c) & 1) === 0 : (dbits(c) & 1n) === 0n;
    if (bestDist < 0n || d < bestDist || (d === bestDist && even)) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** Truncate toward zero, saturate to [lo, hi], NaN -> 0 (VFP ftosiz/ftouiz semantics). */
function toInt(x: number, lo: bigint, hi: bigint): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x === Infinity) return hi;
  if (x === -Infinity) return lo;
  const t = BigInt(Math.trunc(x));
  return t < lo ? lo : t > hi ? hi : t;
}

const CMP = (x: number, y: number) => (x < y ? [0xffffffff, 0x8] : x > y ? [1, 0x2] : x === y ? [0, 0x6] : [2, 0x3]);

interface Case {
  name: string;
  i: number[];
  o: number[];
  flags: number;
  line: string;
}

/** Expected output registers (only those the helper defines) and flags (for __cmps/__cmpd). */
function expected(c: Case): { regs: (number | undefined)[]; flags?: number } {
  const [a, b, x, y] = c.i as [number, number, number, number];
  const A = pairOf(a, b),
    B = pairOf(x, y);
  const lohi = (v: bigint) => [Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)];
  const ops: Record<string, string> = { add: 'add', sub: 'sub', mul: 'mul', div: 'div' };
  const m = /^__(add|sub|mul|div)(s|d)$/.exec(c.name);
  if (m) return { regs: m[2] === 's' ? [arithS(ops[m[1]!]!, a, b)] : lohi(arithD(m[1]!, A, B)) };
  const cm = /^__(eq|ne|lt|le|gt|ge|cmp)(s|d)$/.exec(c.name);
  if (cm) {
    const p = cm[2] === 's' ? sval(a) : dval(A);
    const q = cm[2] === 's' ? sval(b) : dval(B);
    if (cm[1] === 'cmp') {
      const [r, f] = CMP(p, q);
      return { regs: [r], flags: f };
    }
    const t = { eq: p === q, ne: p !== q, lt: p < q, le: p <= q, gt: p > q, ge: p >= q }[cm[1] as 'eq'];
    return { regs: [t ? 1 : 0] };
  }
  const I64 = [-(1n << 63n), (1n << 63n) - 1n] as const;
  const U64 = [0n, M64] as const;
  switch (c.name) {
    case '__negs':
      return { regs: [(a ^ 0x80000000) >>> 0] };
    case '__negd':
      return { regs: lohi(A ^ (1n << 63n)) };
    case '__itos':
      return { regs: [sbits(a | 0)] };
    case '__utos':
      return { regs: [sbits(a)] };
    case '__itod':
      return { regs: lohi(dbits(a | 0)) };
    case '__utod':
      return { regs: lohi(dbits(a)) };
    case '__i64tos':
      return { regs: [sbits(nearestFloat(s64(A), true))] };
    case '__u64tos':
      return { regs: [sbits(nearestFloat(A, true))] };
    case '__i64tod':
      return { regs: lohi(dbits(nearestFloat(s64(A), false))) };
    case '__u64tod':
      return { regs: lohi(dbits(nearestFloat(A, false))) };
    case '__stoi':
      return { regs: [Number(BigInt.asUintN(32, toInt(sval(a), -(2n ** 31n), 2n ** 31n - 1n)))] };
    case '__stou':
      return { regs: [Number(toInt(sval(a), 0n, 2n ** 32n - 1n))] };
    case '__dtoi':
      return { regs: [Number(BigInt.asUintN(32, toInt(dval(A), -(2n ** 31n), 2n ** 31n - 1n)))] };
    case '__dtou':
      return { regs: [Number(toInt(dval(A), 0n, 2n ** 32n - 1n))] };
    case '__stoi64':
      return { regs: lohi(BigInt.asUintN(64, toInt(sval(a), ...I64))) };
    case '__stou64':
      return { regs: lohi(toInt(sval(a), ...U64)) };
    case '__dtoi64':
      return { regs: lohi(BigInt.asUintN(64, toInt(dval(A), ...I64))) };
    case '__dtou64':
      return { regs: lohi(toInt(dval(A), ...U64)) };
    case '__stod':
      if (isNaNS(a)) return { regs: lohi((BigInt(a >>> 31) << 63n) | 0x7ff0000000000000n | (BigInt((a | 0x400000) & 0x7fffff) << 29n)) };
      return { regs: lohi(dbits(sval(a))) };
    case '__dtos':
      if (isNaND(A)) return { regs: [((b & 0x80000000) | 0x7fc00000 | Number((A >> 29n) & 0x3fffffn)) >>> 0] };
      return { regs: [sbits(dval(A))] };
    case '__rt_sdiv64by64':
    case '__rt_srem64by64': {
      const p = s64(A),
        q = s64(B);
      const quo = BigInt.asUintN(64, p / q),
        rem = BigInt.asUintN(64, p % q);
      return { regs: c.name.includes('div') ? [...lohi(quo), ...lohi(rem)] : [...lohi(rem), ...lohi(rem)] };
    }
    case '__rt_udiv64by64':
      return { regs: [...lohi(A / B), ...lohi(A % B)] };
    case '__rt_urem64by64':
      return { regs: [...lohi(A % B), ...lohi(A % B)] };
    case '__rt_srsh':
      return { regs: lohi(BigInt.asUintN(64, x >= 64 ? (s64(A) < 0n ? -1n : 0n) : s64(A) >> BigInt(x))) };
    case '__rt_ursh':
      return { regs: lohi(x >= 64 ? 0n : A >> BigInt(x)) };
    case '__rt_sdiv10': {
      const n = BigInt(a | 0);
      return { regs: [Number(BigInt.asUintN(32, n / 10n)), Number(BigInt.asUintN(32, n % 10n))] };
    }
    case '__rt_udiv10':
      return { regs: [Math.floor(a / 10), a % 10] };
    case '__rt_sdiv': {
      const d = BigInt(a | 0),
        n = BigInt(b | 0); // divisor first
      return { regs: [Number(BigInt.asUintN(32, n / d)), Number(BigInt.asUintN(32, n % d))] };
    }
    case '__rt_udiv':
      return { regs: [Math.floor(b / a), b % a] };
  }
  throw new Error(`no expectation for ${c.name}`);
}

function parse(stdout: string): Case[] {
  const re = /^(\S+) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) -> ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f]{8}) ([0-9a-f])$/;
  const cases: Case[] = [];
  for (const line of stdout.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const h = m.slice(2, 11).map((s) => parseInt(s, 16));
    cases.push({ name: m[1]!, i: h.slice(0, 4), o: h.slice(4, 8), flags: parseInt(m[10]!, 16), line });
  }
  return cases;
}

const hex = (v: number | undefined) => (v === undefined ? '--------' : (v >>> 0).toString(16).padStart(8, '0'));

describe('ARM runtime helpers (coredll 2000-2054, longjmp)', () => {
  for (const cpu of ['cortex-a8', 'pxa270']) {
    it(`rtcheck.exe: every helper, every case, computed independently (${cpu})`, async () => {
      const r = await runExecutable(rom, { cpu, timeoutMs: 60_000 });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
      const cases = parse(r.stdout);
      expect(cases.length).toBeGreaterThan(3000);
      // Every export 2000-2053 of the reference table is exercised.
      const wanted = readFileSync(join(__dirname, '..', '..', 'emulator', 'dlls', 'coredll', 'coredll-exports.tsv'), 'utf8')
        .split('\n')
        .map((l) => l.split('\t'))
        .filter(([o]) => Number(o) >= 2000 && Number(o) <= 2053)
        .map(([, n]) => n);
      expect(wanted.length).toBe(52);
      expect([...new Set(cases.map((c) => c.name))].sort()).toEqual([...wanted].sort());
      const wrong: string[] = [];
      for (const c of cases) {
        const e = expected(c);
        const bad = e.regs.some((v, k) => v !== undefined && v >>> 0 !== c.o[k]) || (e.flags !== undefined && e.flags !== c.flags);
        if (bad) wrong.push(`${c.line}   expected ${e.regs.map(hex).join(' ')}${e.flags !== undefined ? ` ${e.flags.toString(16)}` : ''}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('a few cases spelled out (conventions and edge cases)', async () => {
    const r = await runExecutable(rom, { timeoutMs: 60_000 });
    const out = r.stdout;
    // dividend R0:R1, divisor R2:R3; INT64_MIN / -1 wraps; quotient R0:R1, remainder R2:R3
    expect(out).toContain('__rt_sdiv64by64 00000000 80000000 ffffffff ffffffff -> 00000000 80000000 00000000 00000000');
    expect(out).toContain('__rt_sdiv64by64 fffffff9 ffffffff 00000002 00000000 -> fffffffd ffffffff ffffffff ffffffff'); // -7/2 = -3 r -1
    expect(out).toContain('__rt_srem64by64 00000007 00000000 fffffffe ffffffff -> 00000001 00000000 00000001 00000000'); // 7 % -2 = 1
    // __rt_sdiv is divisor-first: INT_MIN / -1 = INT_MIN remainder 0
    expect(out).toContain('__rt_sdiv ffffffff 80000000 00002222 00003333 -> 80000000 00000000');
    // 1 + 2^-24 is a tie: rounds to even (1.0); 1 (+1ulp) + 2^-24 rounds up
    expect(out).toContain('__adds 3f800000 33800000 00002222 00003333 -> 3f800000');
    expect(out).toContain('__adds 3f800001 33800000 00002222 00003333 -> 3f800002');
    // 2^60 + 2^36 + 1 as a float: correctly rounded up (double rounding would give 2^60)
    expect(out).toContain('__i64tos 00000001 10000010 00002222 00003333 -> 5d800001');
    // NaN: a signalling NaN is quietened and wins; __cmps flags C+V and 2 for unordered
    expect(out).toContain('__adds 3f800000 ff812345 00002222 00003333 -> ffc12345');
    expect(out).toMatch(/__cmps 7fc12345 3f800000 00002222 00003333 -> 00000002 [0-9a-f]{8} 00002222 00003333 3\n/);
    expect(out).toContain('__nes 7fc12345 7fc12345 00002222 00003333 -> 00000001');
    // float -> int saturates, NaN -> 0
    expect(out).toContain('__stoi 4f000000 00001111 00002222 00003333 -> 7fffffff');
    expect(out).toContain('__dtou 00000000 fff00000 00002222 00003333 -> 00000000');
    expect(out).toContain('__stoi 7fc12345 00001111 00002222 00003333 -> 00000000');
  });

  it('setjmp/longjmp: registers and SP restored, longjmp(buf, 0) returns 1, deeper frames, nested buffers', async () => {
    for (const cpu of ['cortex-a8', 'pxa270']) {
      const r = await runExecutable(rom, { cpu, timeoutMs: 60_000 });
      const tail = r.stdout.split('\n').filter((l) => !/ -> /.test(l));
      expect(tail).toEqual([
        'setjmp first return 0',
        'setjmp second return 1 mismatches 0 returns 2',
        'inner setjmp returned 5 r4=56780004',
        'outer setjmp returned 7 r4=12340004',
        'rtcheck done',
        '',
      ]);
    }
  });

  it('setjmp/longjmp from Thumb-2 C code (sjlj.exe): register locals, deeper frames, nested buffers', async () => {
    const r = await runExecutable(join(__dirname, '..', '..', 'roms', 'bin', 'sjlj.exe'), { timeoutMs: 20_000 });
    expect(r.stdout).toBe(
      [
        'ok setjmp returned 0',
        'ok longjmp(buf, 0) made setjmp return 1',
        'ok register locals intact',
        'ok inner setjmp got 5 from 4 frames down, local intact',
        'ok outer setjmp got 7 from the inner function',
        'sjlj: 0 failures',
        '',
      ].join('\n'),
    );
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
  });

  for (const [arg, name] of [
    ['0', 'sdiv64by64'],
    ['1', 'srem64by64'],
    ['2', 'udiv64by64'],
    ['3', 'urem64by64'],
  ] as const) {
    it(`__rt_${name} by zero raises EXCEPTION_INT_DIVIDE_BY_ZERO (unhandled: the run ends)`, async () => {
      const r = await runExecutable(rom, { args: [arg], timeoutMs: 20_000 });
      expect(r.stdout).toBe(`rtcheck: dividing by zero with helper ${arg}\n`);
      expect(r.status).toBe('crashed');
      expect(r.message).toMatch(/^guest integer divide by zero \(called from 0x[0-9a-f]{8} rtcheck\.exe\+0x[0-9a-f]+\)/);
    });
  }

  it('traces soft-float and u128 results readably', async () => {
    const text: string[] = [];
    const emu = await start(rom, { trace: { filter: '__adds,__rt_udiv64by64', write: (l) => text.push(l) }, timeoutMs: 60_000 });
    await emu.exited;
    const lines = text.join('\n');
    // The same calls as objects in emu.trace: floats as numbers.
    expect(emu.trace.find((r) => r.name === '__adds' && r.args?.a === 1 && r.args?.b === 5.960464477539063e-8)).toMatchObject({ ret: 1 });
    expect(lines).toContain('COREDLL.dll!__adds@2051(a=1, b=5.960464477539063e-8) -> 1');
    expect(lines).toMatch(/__rt_udiv64by64@2002\(dividend=\d+, divisor=\d+\) -> R0:R1=0x[0-9a-f]+ R2:R3=0x[0-9a-f]+/);
  });
});
