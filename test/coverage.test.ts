/**
 * The README's coverage table is generated from the export declarations and must be current.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverage, withCoverage } from '../emulator/system/coverage.js';

describe('coverage table', () => {
  it('lists every coredll export by ordinal with its status', () => {
    const rows = coverage('coredll');
    const named = readFileSync(join(__dirname, '..', 'emulator', 'dlls', 'coredll', 'coredll-exports.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => /^\d+\t\S/.test(l)).length;
    expect(rows.length).toBe(named);
    expect(rows.find((r) => r.ordinal === 1044)).toEqual({ ordinal: 1044, name: 'memcpy', status: 'implemented' });
    expect(rows.find((r) => r.ordinal === 1581)?.status).toBe('missing'); // GetSystemPowerState (unimpl.exe relies on it)
    expect(rows.find((r) => r.name === 'RegisterDbgZones')?.status).toBe('stub');
  });
  it('the README section is up to date (run `node dist/cli/main.js coverage --update-readme`)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(withCoverage(readme)).toBe(readme);
  });
});
