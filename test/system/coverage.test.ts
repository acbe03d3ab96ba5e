/**
 * The coverage tables (docs/coverage/<dll>.md, and the summary in the README) are generated from the
 * export declarations and must be current.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverage, coverageFiles, withCoverage } from '../../emulator/system/coverage.js';

describe('coverage table', () => {
  it('lists every coredll export by ordinal with its status', () => {
    const rows = coverage('coredll');
    const named = readFileSync(join(__dirname, '..', '..', 'emulator', 'dlls', 'coredll', 'coredll-exports.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter((l) => /^\d+\t\S/.test(l)).length;
    expect(rows.length).toBe(named);
    expect(rows.find((r) => r.ordinal === 1044)).toEqual({ ordinal: 1044, name: 'memcpy', status: 'implemented' });
    expect(rows.find((r) => r.ordinal === 1581)?.status).toBe('missing'); // GetSystemPowerState (unimpl.exe relies on it)
    expect(rows.find((r) => r.name === 'RegisterDbgZones')?.status).toBe('implemented'); // reads HKLM\DebugZones (debug.ts), no longer a stub
  });
  it('docs/coverage/<dll>.md and the README summary are up to date (run `node dist/cli/main.js coverage --update-docs`)', () => {
    const root = join(__dirname, '..', '..');
    const files = coverageFiles();
    expect([...files.keys()]).toEqual(['docs/coverage/coredll.md', 'docs/coverage/ws2.md', 'docs/coverage/winsock.md']);
    for (const [file, text] of files) expect(readFileSync(join(root, file), 'utf8'), file).toBe(text);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(withCoverage(readme)).toBe(readme);
  });
});
