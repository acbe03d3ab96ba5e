/**
 * cards.exe (issue 13): solitare.exe's code paths for developers without the corpus. An overlapped
 * window whose WM_SIZE needs a pointer set after CreateWindowExW returns, a child panel dialog moved by
 * the program with its controls, a card face from the program's own resources drawn with BitBlt (found
 * in the screenshot with 0 differing pixels against the bitmap this test reads from cards.exe), a drag
 * of the card, the panel's Deal button and a modal Options dialog that ESC closes (the screen is then
 * exactly as before). Driven by emu.display's locators (system/locator.ts).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { start } from '../../emulator/system/session.js';
import { RT_BITMAP } from '../../emulator/core/pe/resources.js';
import { decodeDib, facesOnScreen, mapped, type Image } from './card-faces.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'cards.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');

describe('cards.exe', () => {
  it('passes its own checks: no WM_SIZE before ShowWindow, the panel and its controls moved', async () => {
    const emu = await start(rom, { profile, deterministic: true, timeoutMs: 60_000 });
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('ok '))).toEqual([]);
    expect(lines).toHaveLength(7);
    expect(r.exitCode).toBe(0);
  });

  it('draws its card as the bitmap, drags it, deals, opens and closes Options (driven by locators)', async () => {
    const res = mapped(rom);
    const l = res.dir.find(RT_BITMAP, 1)!;
    const faces = new Map<number, Image>([[1, decodeDib(res.img.subarray(l.dataRva, l.dataRva + l.size))]]);
    const emu = await start(rom, { profile, deterministic: true, args: ['loop'], timeoutMs: 60_000 });
    try {
      const d = emu.display;
      const main = d.window({ title: 'Cards' });
      const { clientRect } = (await main.waitFor({ timeout: 30_000 }))!;
      const [cx, cy] = [clientRect.x, clientRect.y];
      expect(facesOnScreen(faces, d.screenshot())).toEqual([[1, cx + 10, cy + 10]]);
      d.drag(cx + 30, cy + 40, cx + 320, cy + 230);
      await d.waitIdle(30_000);
      expect(emu.stdout).toContain('moved 300 200\n');
      expect(facesOnScreen(faces, d.screenshot())).toEqual([[1, cx + 300, cy + 200]]);
      const panel = main.child({ className: 'Dialog' });
      const dealt = panel.child({ id: 1008 });
      expect(dealt.text()).toBe('0');
      expect((await panel.child({ className: 'button', text: '&Deal' }).tap()).area).toBe('client');
      await d.waitIdle(30_000);
      expect(facesOnScreen(faces, d.screenshot())).toEqual([[1, cx + 10, cy + 10]]);
      expect(dealt.text()).toBe('1');
      const before = d.screenshot();
      const options = d.window({ title: 'Options' });
      expect(options.exists()).toBe(false);
      await panel.child({ id: 1003 }).tap();
      await options.waitFor();
      expect(options.child({ id: 1 }).text()).toBe('OK');
      d.key('ESCAPE');
      await options.waitFor({ state: 'detached' });
      expect(emu.stdout).toContain('options 2\n');
      expect(d.screenshot().equals(before)).toBe(true);
    } finally {
      await emu.kill();
    }
  });

  it('--input --deterministic: the same script gives the same screenshots and output, byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-cards-'));
    try {
      const script = join(dir, 'steps.txt');
      const runs = [0, 1].map((i) => {
        const shot = join(dir, `shot${i}.png`);
        writeFileSync(
          script,
          `wait window "Cards" 30s\ndrag 40 70 330 260\nclick "&Deal"\nclick "&Options..."\nwait window "Options"\nscreenshot ${shot}\nkey ESCAPE\n`,
        );
        const r = spawnSync(
          process.execPath,
          [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--deterministic', '--profile', profile, '--input', script, rom, 'loop'],
          {
            encoding: 'utf8',
            timeout: 60_000,
          },
        );
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, png: readFileSync(shot) };
      });
      expect([runs[0]!.status, runs[0]!.stderr]).toEqual([0, '']);
      expect(runs[0]!.stdout).toContain('options 2\n');
      expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
      expect(runs[1]!.png.equals(runs[0]!.png)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
