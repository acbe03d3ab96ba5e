/**
 * Kernel objects beyond events and mutexes (kobjects.exe): memory-mapped files (paging-file and
 * file-backed, coherent with ReadFile/WriteFile, named, shared with a child process), message
 * queues (alerts, time-outs, a blocking read woken by another thread, broken queues), the device
 * manager and OAL calls of a device without drivers, SHGetSpecialFolderPath
 * and ShellExecuteEx (a program, a document through its association, the documented failures).
 * The expected values are in the ROM, each from the CE/Win32 documentation cited in the
 * coredll family it checks (mapping.ts, msgqueue.ts, device.ts, devmgr.ts, shell.ts).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'kobjects.exe');

describe('kernel objects (kobjects.exe)', () => {
  it('passes every self-check, error paths included', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(102);
    // ShellExecuteEx ran the associated program with %1 replaced by the document.
    expect(lines).toContain('argv[2]=[\\Temp\\doc.kob]');
    expect(lines).toContain('exitcodes: return 5 from WinMain');
    expect(r.stdout).toContain('kobjects: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it('a driver key naming a DLL the device does not have fails ActivateDeviceEx with the loader error (devmgr.ts)', async () => {
    const r = await runExecutable(rom, { args: ['activate'] });
    expect(r.status).toBe('exited');
    expect(r.stdout).toContain('survived ActivateDeviceEx');
    expect(r.debug.some((l) => l.startsWith('LoadLibraryW(serial.dll)'))).toBe(true);
  });
});
