/**
 * BeginDeferWindowPos / DeferWindowPos / EndDeferWindowPos (references in the header of
 * emulator/dlls/coredll/deferwinpos.ts): deferpos.exe checks the error paths, that nothing moves before
 * EndDeferWindowPos, the merge of a window deferred twice, and that the structure is gone afterwards.
 * ce6 msmsgs.exe, which stopped at BeginDeferWindowPos, lays out its windows with them.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'deferpos.exe');

describe('deferred window positions', () => {
  it('deferpos.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(12);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});
