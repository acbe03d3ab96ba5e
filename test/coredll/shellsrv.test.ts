/**
 * The shell's API set (SH_SHELL) served by a guest shell (issue 14; emulator/dlls/coredll/apisets.ts
 * and shellapi.ts, CE 6's coredll disassembled for the method numbers; ready events from CE's
 * "Ready-Event Registration" page, emulator/dlls/coredll/objects.ts).
 * - shellsrv.exe, CE 6/7 numbering (85) and CE 5 (21): the "I" functions answer 0 while only wmemu's
 *   stand-in holds SH_SHELL, a guest registration takes it over once, then each function runs the
 *   guest's method with its arguments; SYSTEM/ShellAPIReady opens set, an event of a module wmemu lacks
 *   (SYSTEM/DCOMApiSetReady) does not.
 * - ce6 explorer.exe (corpus; skipped without it), with HKLM\SYSTEM\CurrentControlSet\Control\Layouts\04090409
 *   added to its registry: the corpus has no keybd.reg, so the image's registry lacks the keyboard layout
 *   key explorer's taskbar needs (without it explorer stops at its own DEBUGCHK in inputlang.cpp).
 *   SHSipPreferenceI, called before explorer serves the shell set, answers 0; explorer then registers
 *   SH_SHELL, sets SYSTEM/ShellAPIReady and reaches its message loop.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { start } from '../../emulator/system/session.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'shellsrv.exe');
const EVENTS = 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\System\\Events]\n"SYSTEM/ShellAPIReady"="Shell APIs"\n"SYSTEM/DCOMApiSetReady"="DCOM"\n';

describe('the shell API set served by a guest shell', () => {
  for (const [osVersion, index] of [
    [6, 85],
    [5, 21],
  ] as const) {
    it(`shellsrv.exe passes every check (CE ${osVersion}, SH_SHELL ${index})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wmemu-shellsrv-'));
      try {
        const reg = join(dir, 'events.reg');
        writeFileSync(reg, EVENTS);
        const r = await runExecutable(rom, { args: [String(index)], osVersion, registryFile: reg });
        const lines = r.stdout.split('\n');
        expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
        expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(14);
        expect(r.stdout).toContain('failures 0');
        expect(r.exitCode).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

const CE6 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce6');
const hasExplorer = existsSync(join(CE6, 'registry')) && existsSync(join(CE6, 'fs', 'Windows', 'explorer.exe'));
/** The keyboard layout key of CE's keybd.reg, absent from the corpus image's registry. */
const LAYOUT = '\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Layouts\\04090409]\n"Layout Text"="US"\n"Layout File"="kbdus.dll"\n';

describe.skipIf(!hasExplorer)('explorer.exe serves the shell API set (corpus ce6)', () => {
  it('registers SH_SHELL, sets SYSTEM/ShellAPIReady and reaches its message loop', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-explorer-shell-'));
    try {
      cpSync(join(CE6, 'fs'), root, { recursive: true });
      const reg = join(root, 'device.reg');
      writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text + LAYOUT);
      const emu = await start(join(root, 'Windows', 'explorer.exe'), {
        deviceRoot: root,
        registryFile: reg,
        osVersion: 6,
        deterministic: true,
        timeoutMs: 120_000,
        trace: 'SHSipPreferenceI,RegisterAPISet,OpenEventW,EventModify,GetMessageW',
      });
      let done: Awaited<typeof emu.exited> | undefined;
      void emu.exited.then((d) => (done = d));
      const registered = () => emu.trace.findIndex((t) => t.name === 'RegisterAPISet' && Number(t.args?.dwSetID) === 0x55 && t.ret !== undefined);
      const inLoop = () => registered() >= 0 && emu.trace.slice(registered()).some((t) => t.name === 'GetMessageW');
      for (let i = 0; i < 900 && !done && !inLoop(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(done?.message ?? 'still running').toBe('still running');
      const at = registered();
      expect(at).toBeGreaterThanOrEqual(0);
      expect(emu.trace[at]!.ret).toBe(true);
      const sip = emu.trace.filter((t) => t.name === 'SHSipPreferenceI' && t.ret !== undefined);
      expect(sip.length).toBeGreaterThan(0);
      expect(Number(sip[0]!.ret)).toBe(0);
      const open = emu.trace.findIndex((t, i) => i > at && t.name === 'OpenEventW' && t.args?.lpName === 'SYSTEM/ShellAPIReady');
      expect(open).toBeGreaterThan(at);
      expect(Number(emu.trace[open]!.ret)).not.toBe(0);
      expect(emu.trace.some((t, i) => i > open && t.name === 'EventModify' && t.args?.func === 3 && t.ret === true)).toBe(true);
      expect(inLoop()).toBe(true);
      await emu.kill();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 150_000);
});
