/**
 * Tool Help snapshots (emulator/dlls/coredll/toolhelp.ts): THCreateSnapshot checked by
 * roms/asm/toolhelp.s as the CE 6 toolhelp.dll reads it, GetHeapSnapshot, then the device's own toolhelp.dll (corpus)
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

describe('THCreateSnapshot and GetHeapSnapshot', () => {
  it('toolhelp.exe: the snapshot layout, its records, VirtualFree, another process', async () => {
    const r = await runExecutable(rom, { timeoutMs: 20_000 });
    expect(checks(r.stdout).filter((l) => !l.startsWith('ok '))).toEqual([]);
    expect(checks(r.stdout)).toHaveLength(25);
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

  it.skipIf(!corpus)('heap lists: the ce6 toolhelp.dll walks what GetHeapSnapshot appends (corpus absent: skipped)', async () => {
    const r = await runExecutable(rom, { args: ['h'], dllSearchPath: [CE6_WINDOWS], timeoutMs: 20_000 });
    expect(checks(r.stdout).filter((l) => !l.startsWith('ok '))).toEqual([]);
    expect(checks(r.stdout).filter((l) => l.startsWith('ok h '))).toEqual([
      'ok h Heap32ListFirst',
      'ok h th32ProcessID is this process',
      'ok h th32HeapID is GetProcessHeap()',
      'ok h dwFlags HF32_DEFAULT',
      'ok h Heap32Next ends with ERROR_NO_MORE_FILES',
      'ok h Heap32First/Next list blocks',
      'ok h the 1000-byte LocalAlloc block is listed with its size',
      'ok h Heap32ListNext: no second heap',
      'ok h ERROR_NO_MORE_FILES',
    ]);
    expect(r.exitCode).toBe(0);
  });
});
