/**
 * Strings and locale: locale.exe (FormatMessageW, code pages, GetLocaleInfoW, date/time formats,
 * comparisons, case mapping) plus direct checks of the comparison helper.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { compareStrings, SYSTEM_MESSAGES } from '../../emulator/dlls/coredll/locale.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'locale.exe');

describe('strings and locale', () => {
  it('locale.exe passes every self-check', async () => {
    const r = await runExecutable(rom);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(40);
    expect(r.stdout).toContain('locale: 0 failures');
    expect(r.exitCode).toBe(0);
  });
  it('compareStrings orders like a linguistic sort, total when case-sensitive', () => {
    expect(compareStrings('a', 'B', 0)).toBe(-1);
    expect(compareStrings('a', 'A', 0)).toBe(-1);
    expect(compareStrings('A', 'a', 1)).toBe(0);
    expect(compareStrings('co-op', 'coop', 4)).toBe(0);
  });
  it('has system texts for common Win32 and Winsock errors', () => {
    for (const id of [2, 5, 6, 87, 122, 10035, 10054, 10060, 10061, 11001]) expect(SYSTEM_MESSAGES.get(id)).toBeTruthy();
  });
});
