/**
 * Corpus GUI programs that used to stop on a missing GWES/commctrl feature (issue 14 / 12):
 * - pegterm.exe (no arguments) draws its toolbar's disabled buttons with ImageList_DrawIndirect
 *   ILD_MASK | ILD_ROP (dwRop SRCCOPY): it now reaches its message loop with its main window.
 * - unload.exe /? creates its progress dialog, whose icon is a STATIC titled by resource ordinal (#103,
 *   SS_ICON), finds no application "/?" under HKLM\SOFTWARE\Apps and ends with its code 1001.
 * Each runs on a copy of the files it loads (the corpus is never written). Skipped without the corpus.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { runExecutable } from '../../emulator/system/run.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';

const CE6 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce6');
const has = (files: string[]) => existsSync(join(CE6, 'registry')) && files.every((f) => existsSync(join(CE6, 'fs', 'Windows', f)));

/** A device root with only these files of the ce6 Windows folder, and the device registry. */
function deviceCopy(files: string[]): { root: string; reg: string } {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-shellapps-'));
  mkdirSync(join(root, 'Windows'));
  for (const f of files) copyFileSync(join(CE6, 'fs', 'Windows', f), join(root, 'Windows', f));
  const reg = join(root, 'device.reg');
  writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
  return { root, reg };
}

const flat = (ws: WindowInfo[]): WindowInfo[] => ws.flatMap((w) => [w, ...flat(w.children)]);

const PEGTERM = ['pegterm.exe', 'commctrl.dll', 'termctrl.dll'];
describe.skipIf(!has(PEGTERM))('pegterm.exe (corpus ce6)', () => {
  it('draws its toolbar (ILD_ROP) and idles in its message loop', async () => {
    const { root, reg } = deviceCopy(PEGTERM);
    try {
      const emu = await start(join(root, 'Windows', 'pegterm.exe'), { deviceRoot: root, registryFile: reg, deterministic: true, timeoutMs: 60_000 });
      await emu.display.waitIdle(30_000).catch(() => undefined);
      const ended = await Promise.race([emu.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
      expect(ended?.message, `pegterm.exe ended: ${ended?.message}`).toBeUndefined();
      const all = flat(emu.display.windows());
      expect(all.some((w) => w.className === 'ToolbarWindow32' && w.visible)).toBe(true);
      await emu.kill();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!has(['unload.exe']))('unload.exe (corpus ce6)', () => {
  it('"/?": its dialog with the ordinal-titled icon is created; no such application: exit code 1001', async () => {
    const { root, reg } = deviceCopy(['unload.exe']);
    try {
      const r = await runExecutable(join(root, 'Windows', 'unload.exe'), { args: ['/?'], deviceRoot: root, registryFile: reg, timeoutMs: 30_000 });
      expect(r.message).toBeUndefined();
      expect(r.status).toBe('exited');
      expect(r.guestExitCode).toBe(1001);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
