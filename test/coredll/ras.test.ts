/**
 * RAS as a device without a modem (ras.exe; emulator/dlls/coredll/ras.ts, rasconn.ts): the phone book
 * in HKCU\Comm\RasBook and no RAS device or connection, error paths included; TAPI's dialing
 * locations (lineGetTranslateCaps from HKCU\ControlPanel\Dial, tapiloc.ts). The corpus's ce6
 * connmc.exe (the connection manager applet), which stopped at RasEnumEntries, gets past RAS, and
 * pegterm.exe /? past lineGetTranslateCaps (skipped when the corpus is absent).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('RAS without a modem (ras.exe)', () => {
  it('passes every self-check', async () => {
    const r = await runExecutable(join(ROOT, 'roms', 'bin', 'ras.exe'), { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(43);
    expect(r.stdout).toContain('ras: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it('ce6 connmc.exe gets past RAS, pegterm.exe /? past lineGetTranslateCaps', async (ctx) => {
    const windows = join(CORPUS, 'ce6', 'fs', 'Windows');
    if (!existsSync(join(windows, 'connmc.exe'))) return ctx.skip(NO_CORPUS);
    const root = mkdtempSync(join(tmpdir(), 'wmemu-ras-'));
    roots.push(root);
    const r = await runExecutable(join(windows, 'connmc.exe'), { deviceRoot: root, dllSearchPath: [windows], osVersion: 6, timeoutMs: 20_000 });
    expect(r.message ?? '').not.toMatch(/!Ras[A-Z]|!lineGetTranslateCaps/);
    const pegterm = await runExecutable(join(windows, 'pegterm.exe'), {
      args: ['/?'],
      deviceRoot: root,
      dllSearchPath: [windows],
      osVersion: 6,
      timeoutMs: 20_000,
    });
    expect(pegterm.message ?? '').not.toMatch(/!lineGetTranslateCaps/);
  });
});
