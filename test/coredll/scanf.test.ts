/**
 * The scanf family (emulator/dlls/coredll/scanf.ts) through scanf.exe: a table of input/format
 * cases whose expected results this test states (Microsoft CRT `_input` semantics), run through
 * sscanf and swscanf; fscanf/fwscanf on real files in the device root; scanf/wscanf on stdin,
 * including input that arrives while the guest waits.
 */
import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runExecutable } from '../../emulator/system/run.js';
import { scanCe, ScanNeedsInput } from '../../emulator/dlls/coredll/scanf.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'scanf.exe');

/** What one argument slot must hold after the call. */
type Out =
  | { i32: number }
  | { u32: number }
  | { i16: number } // 2 bytes written, the rest untouched
  | { i64: bigint }
  | { f32: number }
  | { f64: number }
  | { str: string } // native width of the function (narrow: bytes, wide: UTF-16), NUL-terminated
  | { nstr: string } // narrow bytes (Latin-1 code points), NUL-terminated
  | { wstr: string } // UTF-16, NUL-terminated
  | { chars: string } // native width, NOT terminated (next unit still 0xCC)
  | { wchars: string }
  | 'untouched';

interface Case {
  input: string;
  format: string;
  result: number;
  out?: Out[];
  /** Expectations for swscanf when they differ (narrow/wide strings). */
  wide?: { result?: number; out?: Out[] };
  /** Only run through sscanf (the input is not plain ASCII). */
  narrowOnly?: boolean;
}

const CASES: Case[] = [
  { input: '42 abc', format: '%d %s', result: 2, out: [{ i32: 42 }, { str: 'abc' }, 'untouched'] },
  { input: '', format: '%d', result: -1, out: ['untouched'] },
  { input: '   ', format: '%d', result: -1 },
  { input: 'abc', format: '%d', result: 0, out: ['untouched'] },
  { input: '12', format: '%d %d', result: 1, out: [{ i32: 12 }, 'untouched'] },
  { input: 'x', format: 'x%d', result: -1 }, // input ends before the first conversion
  { input: 'x5', format: 'x%d', result: 1, out: [{ i32: 5 }] },
  { input: '1;2', format: '%d,%d', result: 1, out: [{ i32: 1 }, 'untouched'] },
  { input: ' 42', format: ' %d', result: 1, out: [{ i32: 42 }] },
  { input: '+7 -8', format: '%d%d', result: 2, out: [{ i32: 7 }, { i32: -8 }] },
  { input: '0x1f -7 010 0X1A 0', format: '%i %i %i %i %i', result: 5, out: [{ i32: 31 }, { i32: -7 }, { i32: 8 }, { i32: 26 }, { i32: 0 }] },
  { input: '08', format: '%i%d', result: 2, out: [{ i32: 0 }, { i32: 8 }] }, // 0 = octal prefix, 8 is no octal digit
  { input: '1f FF 0x10 -0x1F', format: '%x %X %x %x', result: 4, out: [{ i32: 0x1f }, { i32: 0xff }, { i32: 16 }, { i32: -31 }] },
  { input: '0x', format: '%x', result: -1 }, // prefix eaten, no digit, input ended
  { input: '777 -5', format: '%o %u', result: 2, out: [{ i32: 511 }, { u32: 0xfffffffb }] },
  { input: '123456', format: '%2d%3d%d', result: 3, out: [{ i32: 12 }, { i32: 345 }, { i32: 6 }] },
  { input: '-12', format: '%1d', result: 0, out: ['untouched'] }, // the width is spent on the sign
  { input: '42', format: '%5d', result: 1, out: [{ i32: 42 }] },
  { input: '12 ab', format: '%0d', result: 0 }, // zero width: nothing matches
  { input: '4294967297', format: '%d', result: 1, out: [{ i32: 1 }] }, // wraps like the CRT
  { input: '65537 -1', format: '%hd %hu', result: 2, out: [{ i16: 1 }, { i16: -1 }] },
  { input: '99', format: '%hhd', result: 1, out: [{ i32: 99 }] }, // classic CRT: hh = int
  { input: '12345678901 -2 7', format: '%I64d %lld %I64x', result: 3, out: [{ i64: 12345678901n }, { i64: -2n }, { i64: 7n }] },
  { input: '12 13 14', format: '%I32d %Id %ld', result: 3, out: [{ i32: 12 }, { i32: 13 }, { i32: 14 }] },
  { input: 'p=0012ff7c', format: 'p=%p', result: 1, out: [{ u32: 0x12ff7c }] },
  { input: '1e5', format: '%d%s', result: 2, out: [{ i32: 1 }, { str: 'e5' }] },
  {
    input: '3.25e1 -0.5 1e-2 .5 7',
    format: '%f %lf %e %g %Lf',
    result: 5,
    out: [{ f32: 32.5 }, { f64: -0.5 }, { f32: Math.fround(0.01) }, { f32: 0.5 }, { f64: 7 }],
  },
  { input: '3.5.1', format: '%f%f', result: 2, out: [{ f32: 3.5 }, { f32: Math.fround(0.1) }] },
  { input: '-1.25E+2x', format: '%lf%s', result: 2, out: [{ f64: -125 }, { str: 'x' }] },
  { input: '1e', format: '%lf%n', result: 1, out: [{ f64: 1 }, { i32: 2 }] }, // 'e' eaten, %n after the end
  { input: '12345.678', format: '%4f%lf', result: 2, out: [{ f32: 1234 }, { f64: 5.678 }] },
  { input: 'nan', format: '%f', result: 0, out: ['untouched'] },
  { input: 'abc def', format: '%s%n %c', result: 2, out: [{ str: 'abc' }, { i32: 3 }, { chars: 'd' }] },
  { input: 'hello world', format: '%5c', result: 1, out: [{ chars: 'hello' }] },
  { input: '  x', format: '%c', result: 1, out: [{ chars: ' ' }] }, // %c does not skip white space
  { input: 'abcdef', format: '%3s%s', result: 2, out: [{ str: 'abc' }, { str: 'def' }] },
  { input: 'abc123def!', format: '%[a-z]%[0-9]%[^!]', result: 3, out: [{ str: 'abc' }, { str: '123' }, { str: 'def' }] },
  { input: ']x-y', format: '%[]x-]', result: 1, out: [{ str: ']x-' }] }, // ] first and - last are literal
  { input: 'zyxw', format: '%[z-x]', result: 1, out: [{ str: 'zyx' }] }, // reversed range
  { input: 'a-c', format: '%{a-]', result: 1, out: [{ str: 'a-' }] }, // %{ is %[ in the CRT (lower-cased '[')
  { input: 'abc', format: '%[a', result: 0, out: ['untouched'] }, // unterminated scanset
  { input: 'abc', format: '%*s %d', result: 0 }, // a suppressed match means 0, not EOF
  { input: '10 20', format: '%*d %d', result: 1, out: [{ i32: 20 }, 'untouched'] },
  { input: '100%', format: '%d%%', result: 1, out: [{ i32: 100 }] },
  { input: '5 % 6', format: '%d %% %d', result: 2, out: [{ i32: 5 }, { i32: 6 }] },
  { input: '12abc', format: '%d%n%s', result: 2, out: [{ i32: 12 }, { i32: 2 }, { str: 'abc' }] },
  { input: 'Ix', format: '%Ix', result: 0 }, // %I before x is a size prefix: hex 'x'? no digit -> 0
  { input: '1 2 3 4 5 6 7 8', format: '%d %d %d %d %d %d %d %d', result: 8, out: [1, 2, 3, 4, 5, 6, 7, 8].map((i32) => ({ i32 })) },
  {
    input: 'caf\xe9 x',
    format: '%S %lc',
    result: 2,
    out: [{ wstr: 'caf\xe9' }, { wchars: 'x' }],
    wide: { out: [{ nstr: 'caf\xe9' }, { wchars: 'x' }] },
  },
  { input: '\x80 \x80', format: '%S %s', result: 2, out: [{ wstr: '\u20ac' }, { nstr: '\x80' }], narrowOnly: true }, // 1252 -> WCHAR
  { input: 'ab', format: '%hs%hc', result: 1, out: [{ nstr: 'ab' }, 'untouched'] },
  { input: 'ab', format: '%ws', result: 1, out: [{ wstr: 'ab' }] },
];

const hex = (s: string) => (s.length ? Buffer.from(s, 'latin1').toString('hex') : '-');

interface Call {
  result: number;
  slots: Buffer[];
}
interface CaseRun {
  mode: string;
  calls: Call[];
  end?: { eof: number; tell: number };
}

/** Runs scanf.exe on case lines; returns the calls of each case. */
async function runCases(lines: string[], files: Record<string, Buffer | string> = {}, stdin?: string | PassThrough): Promise<CaseRun[]> {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-scanf-'));
  mkdirSync(join(root, 'Temp'), { recursive: true });
  writeFileSync(join(root, 'Temp', 'cases.txt'), lines.join('\n') + '\n');
  for (const [name, data] of Object.entries(files)) writeFileSync(join(root, 'Temp', name), data);
  const r = await runExecutable(rom, { deviceRoot: root, stdin, timeoutMs: 30_000 });
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toContain(`done ${lines.length}`);
  const runs: CaseRun[] = [];
  for (const line of r.stdout.split('\n')) {
    const w = line.split(' ');
    if (w[0] === 'C') runs.push({ mode: w[2]!, calls: [] });
    else if (w[0] === 'R') runs[runs.length - 1]!.calls.push({ result: Number(w[1]), slots: w.slice(2).map((h) => Buffer.from(h, 'hex')) });
    else if (w[0] === 'E') runs[runs.length - 1]!.end = { eof: Number(w[1]), tell: Number(w[2]) };
  }
  expect(runs.length).toBe(lines.length);
  return runs;
}

const CC2 = Buffer.from([0xcc, 0xcc]);

/** Checks one slot against its expectation; `wide` = the function's native width. */
function checkSlot(slot: Buffer, out: Out, wide: boolean, what: string): void {
  if (out === 'untouched') return void expect(slot.equals(Buffer.alloc(slot.length, 0xcc)), what).toBe(true);
  const k = Object.keys(out)[0] as string;
  const v = (out as Record<string, unknown>)[k];
  const narrowStr = (s: string, term: boolean) => Buffer.concat([Buffer.from(s, 'latin1'), term ? Buffer.of(0) : Buffer.of(0xcc)]);
  const wideStr = (s: string, term: boolean) => Buffer.concat([Buffer.from(s, 'utf16le'), term ? Buffer.of(0, 0) : CC2]);
  switch (k) {
    case 'i32':
      return void expect(slot.readInt32LE(0), what).toBe(v);
    case 'u32':
      return void expect(slot.readUInt32LE(0), what).toBe(v);
    case 'i16':
      expect(slot.readInt16LE(0), what).toBe(v);
      return void expect(slot.subarray(2, 4).equals(CC2), `${what}: only 2 bytes stored`).toBe(true);
    case 'i64':
      return void expect(slot.readBigInt64LE(0), what).toBe(v);
    case 'f32':
      expect(slot.readFloatLE(0), what).toBe(v);
      return void expect(slot.subarray(4, 6).equals(CC2), `${what}: a float is 4 bytes`).toBe(true);
    case 'f64':
      return void expect(slot.readDoubleLE(0), what).toBe(v);
    case 'str':
    case 'chars': {
      const want = wide ? wideStr(v as string, k === 'str') : narrowStr(v as string, k === 'str');
      return void expect(slot.subarray(0, want.length).toString('hex'), what).toBe(want.toString('hex'));
    }
    case 'nstr': {
      const want = narrowStr(v as string, true);
      return void expect(slot.subarray(0, want.length).toString('hex'), what).toBe(want.toString('hex'));
    }
    case 'wstr':
    case 'wchars': {
      const want = wideStr(v as string, k === 'wstr');
      return void expect(slot.subarray(0, want.length).toString('hex'), what).toBe(want.toString('hex'));
    }
  }
  throw new Error(`bad expectation ${k}`);
}

describe('sscanf / swscanf', () => {
  it('match the stated results for every case, narrow and wide', async () => {
    const lines: string[] = [];
    const expect_: { c: Case; wide: boolean }[] = [];
    for (const c of CASES) {
      lines.push(`s ${hex(c.input)} ${hex(c.format)}`);
      expect_.push({ c, wide: false });
      if (!c.narrowOnly) {
        lines.push(`w ${hex(c.input)} ${hex(c.format)}`);
        expect_.push({ c, wide: true });
      }
    }
    const runs = await runCases(lines);
    runs.forEach((run, i) => {
      const { c, wide } = expect_[i]!;
      const what = `${wide ? 'swscanf' : 'sscanf'}(${JSON.stringify(c.input)}, ${JSON.stringify(c.format)})`;
      expect(run.calls.length).toBe(1);
      const call = run.calls[0]!;
      const result = (wide ? c.wide?.result : undefined) ?? c.result;
      expect(call.result, what).toBe(result);
      const outs = (wide ? c.wide?.out : undefined) ?? c.out ?? [];
      outs.forEach((o, k) => checkSlot(call.slots[k]!, o, wide, `${what} slot ${k}`));
      // Slots past the expected ones were never written.
      const used = Math.max(outs.length, 0);
      for (let k = used; k < call.slots.length; k++) {
        if (outs.length) checkSlot(call.slots[k]!, 'untouched', wide, `${what} slot ${k} (unused)`);
      }
    });
  });
});

describe('fscanf / fwscanf on device files', () => {
  it('read a file field by field, set EOF and leave the file position after what they consumed', async () => {
    const runs = await runCases(
      [
        `f ${hex('\\Temp\\nums.txt')} ${hex('%d')}`,
        `f ${hex('\\Temp\\kv.txt')} ${hex('name=%[^;]; n=%d ')}`,
        `f ${hex('\\Temp\\stop.txt')} ${hex('%d')}`,
        `F ${hex('\\Temp\\utf8.txt')} ${hex('%s %d')}`,
        `f ${hex('\\Temp\\empty.txt')} ${hex('%s')}`,
      ],
      {
        'nums.txt': '10 20\n30\n  \n',
        'kv.txt': 'name=alpha; n=5\nname=beta; n=7\n',
        'stop.txt': '5 x',
        'utf8.txt': Buffer.from('été 42\n', 'utf8'),
        'empty.txt': '',
      },
    );
    const [nums, kv, stop, utf8, empty] = runs as [CaseRun, CaseRun, CaseRun, CaseRun, CaseRun];
    expect(nums.calls.map((c) => c.result)).toEqual([1, 1, 1, -1]);
    expect(nums.calls.slice(0, 3).map((c) => c.slots[0]!.readInt32LE(0))).toEqual([10, 20, 30]);
    expect(nums.end).toEqual({ eof: 1, tell: 12 });

    expect(kv.calls.map((c) => c.result)).toEqual([2, 2, -1]);
    checkSlot(kv.calls[0]!.slots[0]!, { str: 'alpha' }, false, 'kv 1 name');
    checkSlot(kv.calls[0]!.slots[1]!, { i32: 5 }, false, 'kv 1 n');
    checkSlot(kv.calls[1]!.slots[0]!, { str: 'beta' }, false, 'kv 2 name');
    checkSlot(kv.calls[1]!.slots[1]!, { i32: 7 }, false, 'kv 2 n');
    expect(kv.end).toEqual({ eof: 1, tell: 31 });

    expect(stop.calls.map((c) => c.result)).toEqual([1, 0]);
    expect(stop.end).toEqual({ eof: 0, tell: 2 }); // the 'x' is still there

    expect(utf8.calls.map((c) => c.result)).toEqual([2, -1]);
    checkSlot(utf8.calls[0]!.slots[0]!, { wstr: 'été' }, true, 'fwscanf %s');
    checkSlot(utf8.calls[0]!.slots[1]!, { i32: 42 }, true, 'fwscanf %d');
    expect(utf8.end).toEqual({ eof: 1, tell: Buffer.byteLength('été 42\n') });

    expect(empty.calls.map((c) => c.result)).toEqual([-1]);
    expect(empty.end).toEqual({ eof: 1, tell: 0 });
  });
});

describe('scanf / wscanf on the console', () => {
  it('read stdin field by field', async () => {
    const runs = await runCases([`i - ${hex('%d')}`, `I - ${hex('%s')}`], {}, '1 2\n3 wörd\n');
    expect(runs[0]!.calls.map((c) => c.result)).toEqual([1, 1, 1, 0]);
    expect(runs[0]!.calls.slice(0, 3).map((c) => c.slots[0]!.readInt32LE(0))).toEqual([1, 2, 3]);
    expect(runs[1]!.calls.map((c) => c.result)).toEqual([1, -1]);
    checkSlot(runs[1]!.calls[0]!.slots[0]!, { wstr: 'wörd' }, true, 'wscanf %s');
  });

  it('park the guest until the input that completes a field arrives', async () => {
    const input = new PassThrough();
    const p = runCases([`i - ${hex('%d,%d')}`], {}, input);
    setTimeout(() => input.write('4'), 50); // "4" could still go on: the scan must wait
    setTimeout(() => input.write('2,'), 150);
    setTimeout(() => input.write('7\n'), 250);
    setTimeout(() => input.end(), 350);
    const runs = await p;
    expect(runs[0]!.calls.map((c) => c.result)).toEqual([2, -1]);
    expect(runs[0]!.calls[0]!.slots[0]!.readInt32LE(0)).toBe(42);
    expect(runs[0]!.calls[0]!.slots[1]!.readInt32LE(0)).toBe(7);
  });
});

describe('scan engine', () => {
  it('asks for more input instead of deciding early when the text is not final', () => {
    expect(() => scanCe('12', false, '%d', false, [0x1000])).toThrow(ScanNeedsInput);
    const r = scanCe('12 ', false, '%d', false, [0x1000]);
    expect(r).toMatchObject({ result: 1, used: 2, hitEof: false });
    expect(scanCe('12', true, '%d', false, [0x1000])).toMatchObject({ result: 1, used: 2, hitEof: true });
  });

  it('wide scans: scansets over any UTF-16 unit, narrow stores through code page 1252', () => {
    const r = scanCe('\u4e2d\u6587x \u20ac\u4e2d', true, '%[^x]x %S', true, [0x1000, 0x2000]);
    expect(r.result).toBe(2);
    expect(r.stores).toEqual([
      { addr: 0x1000, kind: 'wide', units: [0x4e2d, 0x6587], terminate: true },
      { addr: 0x2000, kind: 'narrow', units: [0x80, 0x3f], terminate: true }, // euro = 0x80, unmappable = '?'
    ]);
    // A range between two CJK characters, reversed.
    expect(scanCe('\u4e2e\u4e2dz', true, '%[\u4e2f-\u4e2d]', true, [0x1000]).stores[0]).toMatchObject({ units: [0x4e2e, 0x4e2d] });
  });
});
