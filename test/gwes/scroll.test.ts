/**
 * A window's scroll bar state (issue 14: "scroll info"): scroll.exe checks SetScrollInfo,
 * GetScrollInfo, SetScrollPos and SetScrollRange against the SCROLLINFO rules of the Win32/CE pages and
 * Wine's user32 tests (references in emulator/dlls/coredll/scrollinfo.ts).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'scroll.exe');

describe('scroll bar state', () => {
  it('scroll.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(12);
    expect(r.exitCode).toBe(0);
  });
});
