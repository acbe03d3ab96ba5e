/**
 * Guest call stacks (emulator/core/kernel/callstack.ts): GetThreadCallStack and CeSetExtendedPdata
 * (emulator/dlls/coredll/callstack.ts), checked by roms/asm/callstack.s against its own frames, and
 * the unwound call stack in stop and crash reports.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { start, type Emulation } from '../../emulator/system/session.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';
import { describeFrame, walkCallStack } from '../../emulator/core/kernel/callstack.js';

const rom = (n: string) => join(__dirname, '..', '..', 'roms', 'bin', `${n}.exe`);

describe('GetThreadCallStack and CeSetExtendedPdata', () => {
  it('callstack.exe: own frames, records, error paths, another thread, generated code', async () => {
    const r = await runExecutable(rom('callstack'), { timeoutMs: 20_000 });
    const lines = r.stdout.split('\n').filter((l) => l);
    expect(lines.filter((l) => !l.startsWith('ok '))).toEqual(['callstack: 0 failures']);
    // Every case ran (the ROM prints one line per check).
    for (const c of ['1a', '1b', '1c', '1d', '2a', '2b', '2c', '2d', '2e', '2f', '2g', '2h', '2i', '2j', '3a', '3b', '3c', '4a', '4b', '4c', '4d'])
      expect(lines.some((l) => l.startsWith(`ok ${c} `))).toBe(true);
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
  });

  it('callstack.exe n: generated code without extended .pdata cannot be unwound: the fault ends the run', async () => {
    const r = await runExecutable(rom('callstack'), { args: ['n'] });
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.message).toMatch(/^guest access violation: write of unmapped address 0x00000030 \(unmapped\) at PC 0x[0-9a-f]{8} \(VirtualAlloc\)$/);
    // The walk stops in the generated code: no module, no .pdata, LR destroyed.
    const calls = r.report!.split('call stack (unwound with .pdata):\n')[1]!.split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^ {2}#0 0x[0-9a-f]{8} VirtualAlloc$/);
  });
});

describe('call stacks in stop reports', () => {
  it('an unimplemented import: the first line as before, then the export and its caller', async () => {
    const r = await runExecutable(rom('unimpl'));
    expect(r.status).toBe('unimplemented');
    expect(r.message).toBe('unimplemented import COREDLL.dll!GetSystemPowerState (ordinal 1581) called from 0x00011038');
    const calls = r.report!.split('call stack (unwound with .pdata):\n')[1]!.split('\n');
    expect(calls[0]).toMatch(/^ {2}#0 0xf1[0-9a-f]{6} COREDLL\.dll!GetSystemPowerState \(ordinal 1581\)$/);
    // The caller: the return address after the call at 0x00011038 (Thumb-2 bl: +4, bit 0 cleared).
    expect(calls[1]).toBe('  #1 0x0001103a unimpl.exe+0x103a');
  });

  it('an uncaught C++ throw: the frames of the exception, innermost first', async () => {
    const r = await runExecutable(rom('cxx_eh'), { args: ['u'] });
    expect(r.status).toBe('crashed');
    const calls = r.report!.split('call stack (unwound with .pdata):\n')[1]!.split('\n');
    expect(calls[0]).toMatch(/^ {2}#0 0xf1[0-9a-f]{6} COREDLL\.dll!__CxxThrowException \(ordinal 1551\)$/);
    expect(calls.slice(1).every((l) => / cxx_eh\.exe\+0x[0-9a-f]+$/.test(l))).toBe(true);
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });

  it('a fault in an exception filter: the filter, the export that called it, then the frames of the first exception', async () => {
    const r = await runExecutable(rom('seh_nested'), { args: ['u'] });
    expect(r.status).toBe('crashed');
    const calls = r.report!.split('call stack (unwound with .pdata):\n')[1]!.split('\n');
    const at = calls.findIndex((l) => / COREDLL\.dll!__C_specific_handler \(ordinal 87\)$/.test(l));
    // __C_specific_handler called the filter (a guest callback): frames above it are the filter's,
    // below it the dispatcher's crossing leads into the frames of the exception being dispatched.
    expect(at).toBeGreaterThan(0);
    expect(calls.length).toBeGreaterThan(at + 1);
    expect(calls.filter((_, i) => i !== at).every((l) => / seh_nested\.exe\+0x[0-9a-f]+$/.test(l))).toBe(true);
    expect(r.message).toBe('guest access violation: write of unmapped address 0x00000040 (unmapped) at PC 0x00011110 (seh_nested.exe+0x1110)');
  });

  it('a time limit: each waiting thread with where it waits', async () => {
    const r = await runExecutable(rom('hang'), { args: ['threads'], timeoutMs: 300 });
    expect(r.status).toBe('limit');
    expect(r.report).toMatch(
      /^thread 0x[0-9a-f]+: blocked \(WaitForSingleObject\(0x[0-9a-f]+, INFINITE\)\)\n {2}#0 0xf1[0-9a-f]{6} COREDLL\.dll!WaitForSingleObject \(ordinal 497\)\n {2}#1 0x[0-9a-f]{8} hang\.exe\+0x[0-9a-f]+\n/m,
    );
    expect(r.report).toMatch(/^thread 0x[0-9a-f]+: ready\n {2}#0 0x[0-9a-f]{8} hang\.exe\+0x[0-9a-f]+$/m);
  });

  it('frames inside an exported function read module!export+0xoff, others module+0xrva', async () => {
    const box: { emu?: Emulation } = {};
    const seen: string[] = [];
    const emu = await start(rom('cxx_eh'), {
      timeoutMs: 20_000,
      onStdout: () => {
        if (seen.length || !box.emu) return;
        const m = box.emu.machine;
        const dll = m.modules.find((x) => x.name.toLowerCase() === 'cxxdll.dll')!;
        const exp = dll.pe.exports!.functions.find((f) => f.name === 'dll_throw')!;
        const begin = dll.base + (exp.rva & ~1);
        seen.push(describeFrame(m, { pc: begin + 8, sp: 0, params: [], kernel: false }, true));
        const exe = m.modules.find((x) => x.name.toLowerCase() === 'cxx_eh.exe')!;
        seen.push(describeFrame(m, { pc: exe.base + 0x1000, sp: 0, params: [], kernel: false }, true));
        // The main thread, inside printf: the export's frame, then cxx_eh.exe's frames.
        const t = m.mainThread!;
        const frames = walkCallStack(m, t, m.scheduler.registersOf(t)!);
        seen.push(frames.map((f, i) => describeFrame(m, f, i === 0).replace(/\+0x[0-9a-f]+$/, '')).join(' < '));
      },
    });
    box.emu = emu;
    await emu.exited;
    expect(seen[0]).toBe('cxxdll.dll!dll_throw+0x8');
    expect(seen[1]).toBe('cxx_eh.exe+0x1000');
    expect(seen[2]).toMatch(/^COREDLL\.dll!printf \(ordinal 1102\)( < cxx_eh\.exe)+$/);
  });
});
