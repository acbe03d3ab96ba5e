/**
 * The driver-backed coredll families as a device without their drivers (nodrivers.exe): waveform
 * audio and mixer (audio.ts: no wave driver) and TAPI (tapi.ts: TAPI with no line device). The ROM's
 * expected values are the documented results for those situations, cited in the two families. The
 * corpus programs that stopped at these calls now get past them (skipped when the corpus is absent);
 * CE 7's driver and services hosts, started as programs, are refused by the device manager's
 * reflector (servers.ts) and end as they do then.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'nodrivers.exe');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** Runs a corpus program with a fresh device root and the image's Windows folder as the DLL path. */
async function corpus(device: 'ce6' | 'ce7', exe: string) {
  const windows = join(CORPUS, device, 'fs', 'Windows');
  const root = mkdtempSync(join(tmpdir(), 'wmemu-nodrivers-'));
  roots.push(root);
  return runExecutable(join(windows, exe), { deviceRoot: root, dllSearchPath: [windows], osVersion: device === 'ce6' ? 6 : 7, timeoutMs: 20_000 });
}
const absent = (device: string, exe: string, ctx: { skip: (note?: string) => void }) =>
  existsSync(join(CORPUS, device, 'fs', 'Windows', exe)) ? false : (ctx.skip(NO_CORPUS), true);

describe('a device without audio and TAPI drivers (nodrivers.exe)', () => {
  it('passes every self-check', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(27);
    expect(r.stdout).toContain('nodrivers: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it('ce6 donuts.exe plays no sound and exits 0; pegterm.exe gets past TAPI', async (ctx) => {
    if (absent('ce6', 'donuts.exe', ctx)) return;
    const donuts = await corpus('ce6', 'donuts.exe');
    expect(donuts.status).toBe('exited');
    expect(donuts.exitCode).toBe(0);
    const pegterm = await corpus('ce6', 'pegterm.exe');
    expect(pegterm.message ?? '').not.toMatch(/!line[A-Z]|!wave|!mixer/);
  });

  it('ce7 udevice.exe and servicesd.exe, refused by the reflector, end with exit code -1', async (ctx) => {
    if (absent('ce7', 'udevice.exe', ctx)) return;
    for (const exe of ['udevice.exe', 'servicesd.exe']) {
      const r = await corpus('ce7', exe);
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(255);
    }
  });
});
