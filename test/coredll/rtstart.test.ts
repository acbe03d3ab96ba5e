/**
 * The start-up runtime real CE binaries rely on, and the CE 6 / CE 7 personalities (issue 12 items
 * 2-4): rtstart.exe's self-checks under each OS version, the trap 0xF000F7F8, CE's break instruction,
 * the /GS and pure-call verdicts; the version tables (generated from the corpus coredll, whose check
 * is skipped when the corpus is absent) and how an OS version binds renamed ordinals.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { createMachine } from '../../emulator/system/dll-set.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';
import { ordinalName } from '../../emulator/core/pe/ordinals.js';
import { describeTarget } from '../../emulator/core/api/dispatcher.js';
import { validateProfile, ProfileError } from '../../emulator/system/profile.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'rtstart.exe');
const CE6_COREDLL = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows', 'coredll.dll');

function withRoot<T>(f: (root: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-rtstart-'));
  return f(root).finally(() => rmSync(root, { recursive: true, force: true }));
}

describe('rtstart.exe', () => {
  for (const osVersion of [5, 6, 7] as const) {
    it(`passes its self-checks on a CE ${osVersion} device`, () =>
      withRoot(async (deviceRoot) => {
        const r = await runExecutable(rom, { osVersion, deviceRoot, deterministic: true });
        expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
        expect(r.stdout).toContain('rtstart: 0 failures');
        expect(r.stdout).toContain(`version ${osVersion === 5 ? '5.2.23069' : `${osVersion}.0.0`}`);
        expect(r.stdout).toContain(`platform ${osVersion === 5 ? 'PocketPC' : 'DeviceEmulator'}`);
        expect(existsSync(join(deviceRoot, 'Application Data'))).toBe(true); // SHGetSpecialFolderPath fCreate
        expect(r.exitCode).toBe(0);
      }));
  }

  it('the /GS cookie is reproducible under --deterministic', () =>
    withRoot(async (deviceRoot) => {
      const a = await runExecutable(rom, { deviceRoot, deterministic: true });
      const b = await runExecutable(rom, { deviceRoot, deterministic: true });
      const cookie = (s: string) => /cookie ([0-9a-f]{8})/.exec(s)?.[1];
      expect(cookie(a.stdout)).toBeDefined();
      expect(cookie(a.stdout)).toBe(cookie(b.stdout));
    }));

  it('the trap 0xF000F7F8 is TerminateProcess of the own process: the exit code is the argument', async () => {
    const r = await runExecutable(rom, { args: ['exit', '42'] });
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(42);
    expect(r.stdout).not.toContain('returned from TerminateProcess');
  });

  it('CE break instruction 0xE6000010 is a breakpoint (DebugBreak), not an illegal instruction', async () => {
    const r = await runExecutable(rom, { args: ['break'] });
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.message).toMatch(/^guest breakpoint \(DebugBreak, the CE break instruction 0xE6000010\) at PC 0x[0-9a-f]{8}/);
    expect(r.report).toContain('unhandled exception 0x80000003 (breakpoint)');
  });

  it('a failed /GS check and a pure virtual call end the process with their own verdicts', async () => {
    const gs = await runExecutable(rom, { args: ['gs'] });
    expect(gs.exitCode).toBe(EXIT_CODES.crashed);
    expect(gs.message).toMatch(
      /^guest stack buffer overrun: a \/GS security cookie check failed in 0x[0-9a-f]{8} \(rtstart\.exe\+0x[0-9a-f]+\).*0xc0000409\)$/,
    );
    const pure = await runExecutable(rom, { args: ['pure'] });
    expect(pure.exitCode).toBe(EXIT_CODES.crashed);
    expect(pure.message).toMatch(/^guest pure virtual function call \(R6025\) from 0x[0-9a-f]{8} \(rtstart\.exe\+0x[0-9a-f]+\)/);
  });
});

describe('CE 6 / CE 7 personalities', () => {
  it('an OS version binds the name it gives a renamed ordinal', () => {
    const names = (v: 5 | 6 | 7) => {
      const c = createMachine({ osVersion: v }).dlls.get('coredll')!;
      return [605, 1876, 1978].map((o) => c.nameOf(o));
    };
    expect(names(5)).toEqual(['KillAllOtherThreads', '__security_error_handler', 'CeGetVolumeInfo']);
    expect(names(6)).toEqual(['PrepareThreadExit', '__report_gsfailure', 'CeGetVolumeInfoW']);
    const ce6 = createMachine({ osVersion: 6 }).dlls.get('coredll')!;
    expect(ce6.byOrdinal.get(1876)?.name).toBe('__report_gsfailure');
    expect(createMachine({ osVersion: 5 }).dlls.get('coredll')!.byOrdinal.get(1876)?.name).toBe('__security_error_handler');
    // An export CE 6 moved binds at both ordinals (HeapAllocTrace: 81 in CE 5, 1999 in CE 6).
    for (const v of [5, 6] as const)
      expect([81, 1999].map((o) => createMachine({ osVersion: v }).dlls.get('coredll')!.byOrdinal.get(o)?.name)).toEqual(['HeapAllocTrace', 'HeapAllocTrace']);
    // CE 6 names are known on the default device too (a CE 6 program names its imports).
    expect(ordinalName('coredll', 2696)).toBe('__security_gen_cookie2');
    // CE 7 ordinals identified from their call sites.
    expect([3026, 2615, 2621, 2624].map((o) => ordinalName('coredll', o, 7))).toEqual([
      '_wtoi',
      'RegistryGetDWORD',
      'RegistryNotifyWindow',
      'RegistryCloseNotification',
    ]);
    expect(ordinalName('coredll', 3026, 6)).toBe('_wtoi'); // only CE 7 has it, but the name is still known
  });

  it('an ordinal no table names is reported as #N, never with a question mark', () => {
    expect(describeTarget({ dll: 'COREDLL.dll', ordinal: 4000 })).toBe('COREDLL.dll!#4000 (ordinal 4000)');
    expect(describeTarget({ dll: 'COREDLL.dll' })).not.toContain('?');
  });

  it('the profile key osVersion takes 5, 6 or 7', () => {
    expect(() => validateProfile({ osVersion: 6 })).not.toThrow();
    expect(() => validateProfile({ osVersion: 8 })).toThrow(ProfileError);
    expect(() => validateProfile({ osVersion: '6' })).toThrow(/osVersion: expected an integer/);
  });

  it.skipIf(!existsSync(CE6_COREDLL))('coredll-ce6-exports.tsv is what the script derives from the CE 6 coredll (needs ../shared/corpus)', () => {
    const tsv = join(ROOT, 'emulator', 'dlls', 'coredll', 'coredll-ce6-exports.tsv');
    const before = readFileSync(tsv, 'utf8');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-coredll-tables.mjs'), CE6_COREDLL], { stdio: 'pipe' });
    expect(readFileSync(tsv, 'utf8')).toBe(before);
    expect(before).toContain('2696\t__security_gen_cookie2\n');
  });
});
