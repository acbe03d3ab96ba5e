/**
 * cards.exe (issue 13): solitare.exe's code paths for developers without the corpus. An overlapped
 * window whose WM_SIZE needs a pointer set after CreateWindowExW returns, a child panel dialog moved by
 * the program with its controls, a card face from the program's own resources drawn with BitBlt (found
 * in the screenshot with 0 differing pixels against the bitmap this test reads from cards.exe), a drag
 * of the card, the panel's Deal button and a modal Options dialog that ESC closes (the screen is then
 * exactly as before).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { RT_BITMAP } from '../../emulator/core/pe/resources.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';
import { decodeDib, facesOnScreen, find, mapped, type Image } from './card-faces.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'cards.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const centre = (w: WindowInfo): [number, number] => [w.rect.x + (w.rect.width >> 1), w.rect.y + (w.rect.height >> 1)];

describe('cards.exe', () => {
  it('passes its own checks: no WM_SIZE before ShowWindow, the panel and its controls moved', async () => {
    const emu = await start(rom, { profile, deterministic: true, timeoutMs: 60_000 });
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => !l.startsWith('ok '))).toEqual([]);
    expect(lines).toHaveLength(7);
    expect(r.exitCode).toBe(0);
  });

  it('draws its card as the bitmap, drags it, deals, opens and closes Options', async () => {
    const res = mapped(rom);
    const l = res.dir.find(RT_BITMAP, 1)!;
    const faces = new Map<number, Image>([[1, decodeDib(res.img.subarray(l.dataRva, l.dataRva + l.size))]]);
    const emu = await start(rom, { profile, deterministic: true, args: ['loop'], timeoutMs: 60_000 });
    try {
      await emu.display.waitIdle(30_000);
      const main = emu.display.windows().find((w) => w.text === 'Cards')!;
      const [cx, cy] = [main.clientRect.x, main.clientRect.y];
      expect(facesOnScreen(faces, emu.display.screenshot())).toEqual([[1, cx + 10, cy + 10]]);
      emu.display.drag(cx + 30, cy + 40, cx + 320, cy + 230);
      await emu.display.waitIdle(30_000);
      expect(emu.stdout).toContain('moved 300 200\n');
      expect(facesOnScreen(faces, emu.display.screenshot())).toEqual([[1, cx + 300, cy + 200]]);
      const panel = main.children.find((w) => w.className === 'Dialog')!;
      emu.display.tap(...centre(find(panel.children, (w) => w.id === 1001)!));
      await emu.display.waitIdle(30_000);
      expect(facesOnScreen(faces, emu.display.screenshot())).toEqual([[1, cx + 10, cy + 10]]);
      expect(find(emu.display.windows(), (w) => w.id === 1008)!.text).toBe('1');
      const before = emu.display.screenshot();
      emu.display.tap(...centre(find(panel.children, (w) => w.id === 1003)!));
      await emu.display.waitIdle(30_000);
      expect(emu.display.windows().find((w) => w.text === 'Options')?.visible).toBe(true);
      emu.display.key('ESCAPE');
      await emu.display.waitIdle(30_000);
      expect(emu.stdout).toContain('options 2\n');
      expect(emu.display.windows().find((w) => w.text === 'Options')).toBeUndefined();
      expect(emu.display.screenshot().equals(before)).toBe(true);
    } finally {
      await emu.kill();
    }
  });
});
