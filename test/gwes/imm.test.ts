/**
 * IMM of an en-US device without an IME (issue 14): imm.exe checks a thread's default input context,
 * associations, the state a context keeps, and the calls that fail without an IME (references in
 * emulator/dlls/coredll/imm.ts: CE's IMM pages and Wine's imm32 tests); also CE 6 R3's GetWindowAutoGesture,
 * which fails without a gesture component, and GetGestureInfo / CloseGestureInfoHandle, for which no handle is ever valid
 * (emulator/dlls/coredll/gestures.ts).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'imm.exe');

describe('IMM without an IME', () => {
  it('imm.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(50);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});
