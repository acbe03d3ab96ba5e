/**
 * What the corpus's GUI programs call before their first window (issue 12): resimg.exe checks
 * GetClassInfoW, icons/cursors/bitmaps/accelerators from its own resources (resimg.rc), the system
 * icons, TranslateAcceleratorW, CreateDIBPatternBrushPt, the rectangle helpers,
 * ChangeDisplaySettingsEx/EnumDisplaySettings, the kernel services, the CryptoAPI hashes and the
 * other non-GUI families of crypto.ts/kmisc.ts, error paths included (the expected values are in the
 * ROM, from the CE docs cited in resimage.ts, rects.ts, dispsettings.ts, kservices.ts, crypto.ts,
 * kmisc.ts). Then real programs of the CE 6 corpus, each copied alone into a fresh device root
 * with the corpus's \Windows as the DLL path (skipped, with the reason, when the corpus is absent).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'resimg.exe');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;

describe('resimg.exe', () => {
  it('passes every self-check, error paths included', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(165);
    expect(r.stdout).toContain('0 failures');
    expect(r.exitCode).toBe(0);
  });
});

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
async function ce6(exe: string, timeoutMs = 30_000) {
  const windows = join(CORPUS, 'ce6', 'fs', 'Windows');
  const root = mkdtempSync(join(tmpdir(), 'wmemu-resimg-'));
  roots.push(root);
  mkdirSync(join(root, 'Windows'));
  copyFileSync(join(windows, exe), join(root, 'Windows', exe));
  return runExecutable(join(root, 'Windows', exe), { deviceRoot: root, dllSearchPath: [windows], osVersion: 6, timeoutMs });
}

describe('ce6 corpus programs', () => {
  const skip = (ctx: { skip: (note?: string) => void }) => {
    if (existsSync(join(CORPUS, 'ce6', 'fs', 'Windows'))) return false;
    ctx.skip(NO_CORPUS);
    return true;
  };

  it("freecell.exe: commctrl.dll's DllMain registers its classes (GetClassInfoW) and the program goes on", async (ctx) => {
    if (skip(ctx)) return;
    // It runs on into its message loop since menus exist (test/gwes/freecell.test.ts): 5 s of it.
    const r = await ce6('freecell.exe', 5_000);
    expect(r.status).not.toBe('crashed');
    expect(r.message ?? '').not.toMatch(/GetClassInfoW|LoadAcceleratorsW|CreateDIBPatternBrushPt|LoadIconW|LoadCursorW/);
  });

  it('d3dm_twotri.exe: the orientation query is answered, then it fails as a device without a D3DM driver', async (ctx) => {
    if (skip(ctx)) return;
    const r = await ce6('d3dm_twotri.exe');
    expect(r.status).toBe('exited');
    expect(r.debug.join('\n')).toContain('Unable to locate D3DM ApiSet.');
  });

  it('DMAcnect.exe: reads the default RAS entry and creates its own', async (ctx) => {
    if (skip(ctx)) return;
    const r = await ce6('DMAcnect.exe');
    expect(r.status).toBe('exited');
    expect(r.debug.join('\n')).toContain("RasEntry '`DMA Default' Created");
  });

  it('celogflush.exe / iltiming.exe: LoadKernelLibrary is refused, the tools report it and exit', async (ctx) => {
    if (skip(ctx)) return;
    const flush = await ce6('celogflush.exe');
    expect(flush.status).toBe('exited');
    expect(flush.debug.join('\n')).toContain('Failed to load CeLog DLL');
    const il = await ce6('iltiming.exe');
    expect(il.status).toBe('exited');
    expect(il.debug.join('\n')).toContain("Couldn't load iltiming_dll.dll into kernel");
  });
});
