/**
 * Structured exception handling (emulator/kernel/seh.ts, coredll __C_specific_handler/RaiseException):
 * hand-written ARM-mode ROMs with CE .pdata, PDATA_EH and scope tables (roms/asm/seh_*.s), and the
 * virtual unwinder on hand-assembled prologs and epilogs.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../emulator/run.js';
import { EXIT_CODES } from '../emulator/machine.js';

const rom = (n: string) => join(__dirname, '..', 'roms', 'bin', `${n}.exe`);

describe('SEH for CE ARM', () => {
  for (const cpu of ['cortex-a8', 'pxa270']) {
    it(`seh_basic.exe: every __try/__except case on ${cpu}`, async () => {
      const r = await runExecutable(rom('seh_basic'), { cpu });
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(r.stdout).toContain('ok 1 access violation caught in __except, code C0000005, r4 restored');
      expect(r.stdout).toContain('ok 2 outer __except caught C0000005 after the inner filter declined (1 call)');
      expect(r.stdout).toContain('ok 3 RaiseException E0001234 caught by its filter');
      expect(r.stdout).toContain('ok 4 divide by zero caught, code C0000094');
      expect(r.stdout).toContain('ok 5 CONTINUE_EXECUTION re-ran the load: 600D');
      expect(r.stdout).toContain('ok 6 undefined instruction caught, code C000001D');
      expect(r.stdout).toContain('seh_basic: 0 failures');
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  }

  // The unwind pass (roms/asm/seh_unwind.s): every line is an event printed by the guest, in order.
  const unwindCase1 = [
    'case 1: __finally blocks while unwinding to an outer __except',
    // dispatch pass: leaf and mid's __finally scopes are skipped, mid's filter declines, A's accepts
    'filter B: code C0000005 frame ok',
    '  -> EXCEPTION_CONTINUE_SEARCH',
    'filter A: code C0000005 frame ok',
    '  -> EXCEPTION_EXECUTE_HANDLER',
    // unwind pass: termination handlers innermost first, once each, abnormal, with their own frame
    'finally C abnormal=1 frame ok',
    'finally B1 abnormal=1 frame ok',
    'finally B2 abnormal=1 frame ok',
    'finally A abnormal=1 frame ok',
    // then the __except block, with the frame's registers and SP as before the call
    'except A: code C0000005, r4-r6 ok, sp ok',
    // the __finally around the __try/__except was not left by the unwind: only its normal path runs
    'finally A-outer abnormal=0 frame ok',
    'case 2: Thumb-1 frames',
    'finally T abnormal=1 frame ok',
    'except thumb: code E0000042, r4-r11 ok, sp ok',
    'case 3: exception inside an epilog',
  ];
  for (const [cpu, epilog] of [
    ['cortex-a8', 'epilog: no fault (VFP present)'],
    ['pxa270', 'except epilog: code C000001D, r4-r6 ok, sp ok'],
  ] as const) {
    it(`seh_unwind.exe: __finally order, Thumb-1 frames and an epilog exception on ${cpu}`, async () => {
      const r = await runExecutable(rom('seh_unwind'), { cpu, timeoutMs: 20_000 });
      expect(r.stdout.split('\n')).toEqual([...unwindCase1, epilog, 'seh_unwind: 0 failures', '']);
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  }

  it('seh_unhandled.exe: a declined exception is reported like the crash dialog (code, address, module+offset)', async () => {
    const r = await runExecutable(rom('seh_unhandled'));
    expect(r.stdout).toBe('seh_unhandled: filter ran, declining\n');
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.message).toBe('guest access violation: write of unmapped address 0x00000050 (unmapped) at PC 0x0001101c (seh_unhandled.exe+0x101c)');
    expect(r.report).toContain('unhandled exception 0xc0000005 (access violation) at 0x0001101c (seh_unhandled.exe+0x101c)');
    expect(r.report).toMatch(/R4=0x00000050/);
    expect(r.report).toContain('backtrace:');
  });

  it('crash.exe (no .pdata) still ends with the access violation report', async () => {
    const r = await runExecutable(rom('crash'));
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.report).toContain('unhandled exception 0xc0000005 (access violation) at 0x00011030 (crash.exe+0x1030)');
  });
});
