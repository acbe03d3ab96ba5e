/**
 * The shell's registrations with GWES (issues 14 / 12): RegisterDesktop, RegisterTaskBar and
 * Shell_NotifyIcon as CE 6's gwes.dll and explorer.exe do them (disassembled; references in the header
 * of emulator/dlls/coredll/desktop.ts).
 * - shelldesk.exe: the stand-in tray (no taskbar, no guest shell), the checks in order, GetDesktopWindow, no message from a registration, exactly one
 *   WM_COPYDATA to the taskbar for Shell_NotifyIcon (dwData, cbData, lpData), registrations dropped
 *   when their windows are destroyed; SipEnumIM / SipSetDefaultRect (explorer's next calls) without an input panel driver, SPI_GETDEFAULTINPUTLANG.
 * - ce6 explorer.exe (corpus; skipped without it) registers its "DesktopExplorerWindow" and runs past
 *   RegisterDesktop, on a copy of the device files (the corpus is never written).
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { start } from '../../emulator/system/session.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'shelldesk.exe');

describe('shell registrations with GWES', () => {
  it('shelldesk.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(39);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});

const CE6 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce6');
const hasExplorer = existsSync(join(CE6, 'registry')) && existsSync(join(CE6, 'fs', 'Windows', 'explorer.exe'));

describe.skipIf(!hasExplorer)('explorer.exe (corpus ce6)', () => {
  it('registers its desktop window and runs past RegisterDesktop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-explorer-'));
    try {
      cpSync(join(CE6, 'fs'), root, { recursive: true });
      const reg = join(root, 'device.reg');
      writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
      const emu = await start(join(root, 'Windows', 'explorer.exe'), {
        deviceRoot: root,
        registryFile: reg,
        deterministic: true,
        timeoutMs: 60_000,
        trace: 'RegisterDesktop',
      });
      const done = await Promise.race([emu.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 30_000))]);
      const calls = emu.trace.filter((t) => t.name === 'RegisterDesktop');
      expect(calls.length).toBe(1);
      expect(calls[0]!.ret).toBe(true);
      expect(done?.message ?? '').not.toContain('RegisterDesktop');
      if (!done) await emu.kill();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
