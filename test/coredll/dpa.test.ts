/**
 * DPA/DSA (issue 14; on CE they are coredll's, some exported only by ordinal): dpa.exe checks them by
 * name and by ordinal against the comctl32 pages and Wine's dpa/dsa tests (references in
 * emulator/dlls/coredll/dpa.ts), including a stable sort and search through guest callbacks.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'dpa.exe');

describe('DPA and DSA', () => {
  it('dpa.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(36);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});
