/**
 * FormatMessageW with message tables (emulator/dlls/coredll/messages.ts): msgtable.exe formats from
 * its own RT_MESSAGETABLE resources (built by roms/tools/mkmsgtable.mjs), from msgdll.dll, from
 * modules without a table, with the system fallback; this test states every expected result. Also
 * the table parser against the generator directly.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { findMessage } from '../../emulator/dlls/coredll/messages.js';
import { ERROR } from '../../emulator/core/win32-errors.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'msgtable.exe');

const UNTOUCHED = 0xbeef; // the ROM sets this last error before each call

/** label → the text (success, last error untouched) or the error (result 0). */
const EXPECTED: Record<string, string | { error: number }> = {
  hello: 'Hello from the message table.\r\n',
  hello_hinstance: 'Hello from the message table.\r\n',
  hello_en: 'Hello from the message table.\r\n',
  hello_de: 'Hallo aus der Meldungstabelle.\r\n',
  hello_fr: { error: ERROR.RESOURCE_LANG_NOT_FOUND },
  hello_user_default: 'Hello from the message table.\r\n', // LANG_USER_DEFAULT searches like 0
  ansi_inserts: 'File a.txt has 1234 bytes (narrow).\r\n', // ANSI entry; %3!S! is a narrow string
  ansi_1252: 'caf\u00e9 \u20ac ansi', // ANSI bytes e9 and 80 through code page 1252; %0: no line break
  unicode: 'Unicode \u4e2d\u6587 002a\r\n',
  escapes: 'tab\tcr\rlf\r\nend',
  literals: 'percent 100% done. bang! space x',
  width_0: 'The quick brown fox jumps over the lazy dog and keeps on running.\r\nSecond line.\r\n',
  width_ff: 'The quick brown fox jumps over the lazy dog and keeps on running. Second line. ',
  width_20: 'The quick brown fox\r\njumps over the lazy\r\ndog and keeps on\r\nrunning. Second\r\nline. ',
  width_hard: 'Hard\r\nbreak, then a\r\nline long enough\r\nto be wrapped\r\ntwice over.',
  star_array: 'Width    42 and ab   |', // array: %1!*d! takes [0] as width, [1] as value; %3 is [2]
  star_va_list: 'Width    42 and cd   |', // va_list: the value reuses the next slot, so %3 is the 4th argument
  va_list: 'File b.txt has 77 bytes (n).\r\n',
  line_breaks: 'lone\r\ncr and lone\r\nlf\r\n',
  trailing_percent: { error: ERROR.INVALID_PARAMETER },
  no_arguments: { error: ERROR.INVALID_PARAMETER },
  ignore_inserts: 'File %1 has %2!d! bytes (%3!S!).\r\n',
  block2: 'Second block.\r\n',
  block2_ansi: 'Second block, next id.\r\n',
  high_id: 'Severe: disk.\r\n',
  missing_id: { error: ERROR.MR_MID_NOT_FOUND },
  gap_id: { error: ERROR.MR_MID_NOT_FOUND },
  system_fallback: 'The parameter is incorrect.\r\n',
  module_first: 'Hello from the message table.\r\n',
  neither_has_it: { error: ERROR.MR_MID_NOT_FOUND },
  no_source_flag: { error: ERROR.INVALID_PARAMETER },
  small_buffer: { error: ERROR.INSUFFICIENT_BUFFER },
  allocate: 'Hello from the message table.\r\n',
  dll: 'Message from msgdll.dll: x.\r\n',
  dll_ansi: 'DLL ANSI entry \u00e9\r\n',
  dll_missing: { error: ERROR.MR_MID_NOT_FOUND },
  dll_lang_neutral_only: { error: ERROR.RESOURCE_LANG_NOT_FOUND },
  exe_after_dll: 'Hello from the message table.\r\n',
  no_table: { error: ERROR.RESOURCE_TYPE_NOT_FOUND }, // testdll.dll: resources, no message table
  no_resources: { error: ERROR.RESOURCE_DATA_NOT_FOUND }, // testdll2.dll: no .rsrc at all
  coredll: 'Access is denied.\r\n', // COREDLL's handle: the system messages
  bad_handle: { error: ERROR.INVALID_HANDLE },
};

describe('FormatMessageW message tables', () => {
  it('msgtable.exe: every call gives the stated text or error', async () => {
    const r = await runExecutable(rom, { timeoutMs: 30_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('done');
    const got = new Map<string, { result: number; error: number; text: string }>();
    for (const line of r.stdout.split('\n')) {
      const w = line.split(' ');
      if (w[0] !== 'M') continue;
      const text = w[4] === '-' ? '' : Buffer.from(w[4]!, 'hex').swap16().toString('utf16le');
      got.set(w[1]!, { result: Number(w[2]), error: Number(w[3]), text });
    }
    expect([...got.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [label, want] of Object.entries(EXPECTED)) {
      const g = got.get(label)!;
      if (typeof want === 'string') {
        expect({ label, text: g.text, result: g.result, error: g.error }).toEqual({ label, text: want, result: want.length, error: UNTOUCHED });
      } else {
        expect({ label, result: g.result, error: g.error }).toEqual({ label, result: 0, error: want.error });
      }
    }
    // ALLOCATE_BUFFER: a LocalAlloc block of at least nSize (100) WCHARs, freed by LocalFree.
    const a = /^A (\d+) (\d)$/m.exec(r.stdout)!;
    expect(Number(a[1])).toBeGreaterThanOrEqual(200);
    expect(a[2]).toBe('1');
    expect(r.stdout).toMatch(/^L 1$/m);
  });
});

describe('message table parser and generator', () => {
  it('findMessage reads what mkmsgtable.mjs writes (blocks, ANSI and UTF-16 entries), deterministically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-msgtable-'));
    const spec = join(dir, 'm.json');
    writeFileSync(
      spec,
      JSON.stringify({
        messages: [
          { id: 7, text: 'seven' },
          { id: 5, text: 'five \u20ac', ansi: true },
          { id: 6, text: 'six\r\n' },
          { id: 0x40000010, text: 'far away' },
          { id: 9, text: '' },
        ],
      }),
    );
    const gen = (out: string) => execFileSync(process.execPath, [join(ROOT, 'roms', 'tools', 'mkmsgtable.mjs'), spec, out]);
    gen(join(dir, 'a.bin'));
    gen(join(dir, 'b.bin'));
    const bin = readFileSync(join(dir, 'a.bin'));
    expect(bin.equals(readFileSync(join(dir, 'b.bin')))).toBe(true);
    expect(bin.readUInt32LE(0)).toBe(3); // blocks 5-7, 9, 0x40000010
    expect([bin.readUInt32LE(4), bin.readUInt32LE(8)]).toEqual([5, 7]);
    expect(findMessage(bin, 5)).toBe('five \u20ac');
    expect(findMessage(bin, 6)).toBe('six\r\n');
    expect(findMessage(bin, 7)).toBe('seven');
    expect(findMessage(bin, 9)).toBe('');
    expect(findMessage(bin, 0x40000010)).toBe('far away');
    expect(findMessage(bin, 8)).toBeUndefined();
    expect(findMessage(bin, 4)).toBeUndefined();
    expect(findMessage(bin.subarray(0, 10), 5)).toBeUndefined(); // truncated: not found, no throw
  });
});
