/**
 * Tool Help snapshots (emulator/dlls/coredll/toolhelp.ts): THCreateSnapshot checked by
 * roms/asm/toolhelp.s as the CE 6 toolhelp.dll reads it, then the device's own toolhelp.dll (corpus)
 * enumerating the run's process, threads and modules through it.
 */
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'toolhelp.exe');
const CE6_WINDOWS = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows');
const corpus = existsSync(join(CE6_WINDOWS, 'toolhelp.dll'));

const checks = (stdout: string) => stdout.split('\n').filter((l) => /^(ok|FAIL) /.test(l));

describe('THCreateSnapshot', () => {
  it('toolhelp.exe: the snapshot layout, its records, VirtualFree, another process', async () => {
    const r = await runExecutable(rom, { timeoutMs: 20_000 });
    expect(checks(r.stdout).filter((l) => !l.startsWith('ok '))).toEqual([]);
    expect(checks(r.stdout)).toHaveLength(18);
    expect(r.stdout).toContain('process toolhelp.exe\n');
    expect(r.stdout).toContain('module armdll.dll\n');
    expect(r.stdout).toContain('toolhelp: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!corpus)('the ce6 toolhelp.dll enumerates the run through it (corpus absent: skipped)', async () => {
    const r = await runExecutable(rom, { args: ['t'], dllSearchPath: [CE6_WINDOWS], timeoutMs: 20_000 });
    expect(checks(r.stdout).filter((l) => !l.startsWith('ok '))).toEqual([]);
    expect(checks(r.stdout)).toHaveLength(9);
    // Module32First/Next list armdll.dll and toolhelp.dll itself, in load order.
    expect(r.stdout.split('\n').filter((l) => /^(process|module) /.test(l))).toEqual(['process toolhelp.exe', 'module armdll.dll', 'module toolhelp.dll']);
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!corpus)('heap lists: toolhelp.dll calls GetHeapSnapshot, which stops the run by name (corpus absent: skipped)', async () => {
    const r = await runExecutable(rom, { args: ['h'], dllSearchPath: [CE6_WINDOWS], timeoutMs: 20_000 });
    expect(r.status).toBe('unimplemented');
    expect(r.message).toMatch(/^unimplemented import COREDLL\.dll!GetHeapSnapshot \(ordinal 52\) called from 0x[0-9a-f]{8}$/);
    // The unwound call stack names the exported function of toolhelp.dll that called it.
    expect(r.report).toMatch(
      /call stack \(unwound with \.pdata\):\n {2}#0 0x[0-9a-f]{8} COREDLL\.dll!GetHeapSnapshot \(ordinal 52\)\n {2}#1 0x[0-9a-f]{8} toolhelp\.dll!CreateToolhelp32Snapshot\+0x60\n/,
    );
  });
});
