/**
 * GUI calls the corpus imports (issues 12 and 14): smallgui.exe checks TranslateCharsetInfo against the
 * FONTSIGNATURE code-page table, SHLoadIndirectString against testdll.dll's string table,
 * ImmLockIMC/ImmUnlockIMC/ImmLockIMCC/ImmUnlockIMCC on a context with no IME, GetIconInfo read back
 * pixel by pixel, EM_SETWORDBREAKPROC through the guest's own word-break procedure.
 * References in the headers of emulator/dlls/coredll/{charsetinfo,shindirect,imm,iconindirect}.ts.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'smallgui.exe');

describe('small GUI imports', () => {
  it('smallgui.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(69);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});
