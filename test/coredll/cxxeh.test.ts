/**
 * C++ exceptions (coredll __CxxThrowException, __CxxFrameHandler; the unwind landing of seh.ts):
 * roms/asm/cxx_eh.s with hand-built MSVC tables, and the corpus's ce6 emulatorstub.exe, whose own
 * statically linked frame handler catches the exception it throws when its DMA transport is missing.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { runExecutable } from '../../emulator/system/run.js';
import { start } from '../../emulator/system/session.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';

const rom = (n: string) => join(__dirname, '..', '..', 'roms', 'bin', `${n}.exe`);
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;

describe('C++ exceptions', () => {
  for (const cpu of ['cortex-a8', 'pxa270']) {
    it(`cxx_eh.exe: catch by type, destructors in the unwind, rethrow, a try inside a catch, /EHa, across a DLL on ${cpu}`, async () => {
      const r = await runExecutable(rom('cxx_eh'), { cpu });
      expect(r.stdout.split('\n')).toEqual([
        'case 1: ~A during the unwind',
        'case 1: caught int 42',
        'case 2: caught Base & -> 2222',
        'case 2: ~Derived(1111, 2222)',
        'case 3: caught const char * hello',
        'case 4: inner catch(...), rethrow',
        'case 4: ~D during the unwind',
        'case 4: outer caught E(7)',
        'case 4: ~E(7)',
        'case 5: nested catch(int) 42 inside a catch block',
        'case 5: outer catch block goes on with 42',
        'case 6: catch(...) took the access violation (/EHa)',
        'case 7: cxxdll ~Guard during the unwind',
        'case 7: caught int 77 thrown in cxxdll.dll',
        'case 7: cxxdll caught int 55 thrown by the EXE',
        'case 7: dll_catch returned 1',
        'cxx_eh: done',
        '',
      ]);
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  }

  it('cxx_eh.exe u: an uncaught throw ends the run as a crash naming 0xE06D7363 and the thrown type', async () => {
    const r = await runExecutable(rom('cxx_eh'), { args: ['u'] });
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.message).toMatch(
      /unhandled exception 0xe06d7363 \(C\+\+ exception, noncontinuable, thrown type "\.H"\) raised at 0x[0-9a-f]{8} \(cxx_eh\.exe\+0x/,
    );
    expect(r.stdout).toBe('');
  });

  it('cxx_eh.exe s: /EHs code (EHFlags bit 0) does not take an access violation in catch(...): the run ends as that crash', async () => {
    const r = await runExecutable(rom('cxx_eh'), { args: ['s'] });
    expect(r.status).toBe('crashed');
    expect(r.message).toMatch(/access violation: write of unmapped address 0x00000050/);
    expect(r.stdout).toBe('');
  });

  it('ce6 emulatorstub.exe: the exception thrown when DMA7: cannot be opened is caught, and the program retries', async (ctx) => {
    const fs = join(CORPUS, 'ce6', 'fs');
    if (!existsSync(join(fs, 'Windows', 'emulatorstub.exe'))) return ctx.skip(NO_CORPUS);
    const lines: string[] = [];
    const emu = await start(join(fs, 'Windows', 'emulatorstub.exe'), {
      deviceRoot: fs,
      osVersion: 6,
      deterministic: true,
      timeoutMs: 20_000,
      trace: { filter: 'CreateFileW,Sleep,strcmp', write: (l) => lines.push(l) },
    });
    // Its catch block sleeps and retries: after the third attempt the throw was caught twice.
    const attempts = () => lines.filter((l) => l.includes('CreateFileW') && l.includes('"DMA7:"')).length;
    await new Promise<void>((done) => {
      const tick = setInterval(() => {
        if (attempts() >= 3 || emu.done) {
          clearInterval(tick);
          done();
        }
      }, 20);
    });
    expect(emu.done).toBe(false); // neither a crash nor an unimplemented import
    emu.kill();
    const r = await emu.exited;
    expect(r.status).not.toBe('crashed');
    // The CRT's handler compared the thrown XTL::CException's catchable types against the catch clause.
    expect(lines.some((l) => l.includes('strcmp') && l.includes('.?AVCException@XTL@@'))).toBe(true);
    expect(lines.filter((l) => l.includes('!Sleep@')).length).toBeGreaterThanOrEqual(2);
  });
});
