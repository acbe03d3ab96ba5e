/**
 * Kernel trap calls (0xF000xxxx, API set 0 = SH_WIN32) reach the coredll handlers: ktrap.exe
 * calls SetLastError/GetLastError/GetTickCount/Sleep/TlsCall/CreateEventW/GetModuleHandleW/
 * OutputDebugStringW/LoadLibraryW/GetProcAddressW/FreeLibrary through their trap addresses.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { kernelTrapAddress, SH_WIN32_METHODS } from '../../emulator/core/api/kernel-traps.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'ktrap.exe');

describe('kernel trap range', () => {
  it('encodes addresses as 0xF0010000 - ((set << 8) | method) * 4', () => {
    expect(kernelTrapAddress(0, 89)).toBe(0xf000fe9c);
    expect(kernelTrapAddress(1, 0)).toBe(0xf000fc00);
    expect(SH_WIN32_METHODS[8]).toBe('LoadLibraryW');
  });
  it('ktrap.exe: plain, blocking and guest-calling APIs through trap addresses', async () => {
    const r = await runExecutable(rom);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('testdll: DLL_PROCESS_ATTACH');
    expect(r.debug).toContain('ktrap: OutputDebugStringW via trap');
    expect(r.stdout).toContain('ktrap: 0 failures');
    expect(r.exitCode).toBe(0);
  });
  it('an unmapped method stops the run with its API set and method', async () => {
    const r = await runExecutable(rom, { args: ['unknown'] });
    expect(r.status).toBe('unimplemented');
    expect(r.exitCode).toBe(EXIT_CODES.unimplemented);
    expect(r.message).toMatch(/^unimplemented import kernel!API set 0 method 120 \(trap 0xf000fe20\) called from 0x000110/);
    expect(r.stdout).not.toContain('ktrap: returned');
  });
});
