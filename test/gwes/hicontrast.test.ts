/**
 * SystemParametersInfoW SPI_GETHIGHCONTRAST / SPI_SETHIGHCONTRAST (issue 14) as CE 6's gwes.dll answers
 * them (disassembled; references in the header of emulator/dlls/coredll/highcontrast.ts).
 * - hicontrast.exe: the structure checks, the first answer (0x42, ""), the two scheme names, stored flags.
 * - ce6 msmsgs.exe (corpus; skipped without it) asks with a NULL scheme buffer: FALSE with
 *   ERROR_INVALID_PARAMETER as on the device, and it goes on past the call that stopped it.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { start } from '../../emulator/system/session.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'hicontrast.exe');

describe('SPI_GETHIGHCONTRAST / SPI_SETHIGHCONTRAST', () => {
  it('hicontrast.exe passes every check', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(14);
    expect(r.stdout).toContain('failures 0');
    expect(r.exitCode).toBe(0);
  });
});

const CE6 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce6');
const hasMsmsgs = existsSync(join(CE6, 'registry')) && existsSync(join(CE6, 'fs', 'Windows', 'msmsgs.exe'));

describe.skipIf(!hasMsmsgs)('msmsgs.exe (corpus ce6)', () => {
  it('gets FALSE / ERROR_INVALID_PARAMETER for its SPI_GETHIGHCONTRAST and runs past it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-msmsgs-'));
    try {
      cpSync(join(CE6, 'fs'), root, { recursive: true });
      const reg = join(root, 'device.reg');
      writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
      const emu = await start(join(root, 'Windows', 'msmsgs.exe'), {
        deviceRoot: root,
        registryFile: reg,
        deterministic: true,
        timeoutMs: 60_000,
        trace: 'SystemParametersInfoW',
      });
      let done: Awaited<typeof emu.exited> | undefined;
      void emu.exited.then((d) => (done = d));
      const asked = () => emu.trace.filter((t) => t.name === 'SystemParametersInfoW' && t.args?.uiAction === 66 && t.ret !== undefined);
      for (let i = 0; i < 300 && !done && asked().length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const calls = asked();
      expect(calls.length).toBeGreaterThan(0);
      expect(calls[0]!.ret).toBe(false);
      expect(calls[0]!.lastError).toBe(87);
      // It goes on: more calls after it, and the run does not stop at this action.
      for (let i = 0; i < 50 && !done; i++) await new Promise((r) => setTimeout(r, 100));
      expect(done?.message ?? '').not.toContain('SystemParametersInfoW');
      if (!done) await emu.kill();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
