/**
 * The corpus's FreeCell (issue 14 acceptance, menus): ce6 freecell.exe with the real commctrl.dll (its
 * command bar), hrts_dll.dll and the card bitmaps of pegcards.dll, on the 800x480 CE 5 profile,
 * --deterministic. Its command bar hosts CE's "Menu" window (CommandBar_InsertMenubar) showing &File and
 * &Options; a tap on &File opens the popup (class "MenuPopup", its items in the window tree, under the
 * bar item); "New Game" deals a new game after the confirmation box (answered yes), and Ctrl+N through
 * the program's accelerator table does the same: the same game number and the same screen in both runs.
 * Every dealt card at the bottom of a column is exactly a face bitmap of pegcards.dll (card-faces.ts).
 * File > Exit ends the process cleanly.
 * The corpus is never copied into the repository: the files it needs go to a temporary root.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { RT_BITMAP } from '../../emulator/core/pe/resources.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';
import { decodeDib, facesOnScreen, find, mapped, type Image } from './card-faces.js';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows');
const FILES = [
  ['freecell.exe', 'freecell.exe'],
  ['commctrl.dll', 'commctrl.dll'],
  ['hrts_dll.dll', 'hrts_dll.dll'],
  ['pegcards.dll', 'PegCards.dll'],
  // The command bar's close button and standard images (commctrl's SHLoadDIBitmap).
  ['close.2bp', 'close.2bp'],
  ['stdsm.bmp', 'stdsm.bmp'],
] as const;
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const haveCorpus = FILES.every(([f]) => existsSync(join(CORPUS, f)));
const VK_CONTROL = 0x11;

const centre = (r: { x: number; y: number; width: number; height: number }): [number, number] => [r.x + (r.width >> 1), r.y + (r.height >> 1)];

describe.skipIf(!haveCorpus)('freecell.exe (corpus ce6)', () => {
  it('command bar menu, the File popup, New Game by menu and by Ctrl+N deal the same game', async () => {
    const faces = new Map<number, Image>();
    const peg = mapped(join(CORPUS, 'pegcards.dll'));
    for (let id = 1; id <= 52; id++) {
      const l = peg.dir.find(RT_BITMAP, id)!;
      faces.set(id, decodeDib(peg.img.subarray(l.dataRva, l.dataRva + l.size)));
    }
    const root = mkdtempSync(join(tmpdir(), 'wmemu-freecell-'));
    try {
      mkdirSync(join(root, 'Windows'));
      for (const [from, to] of FILES) copyFileSync(join(CORPUS, from), join(root, 'Windows', to));
      const run = async (how: 'menu' | 'ctrl+n') => {
        const emu = await start(join(root, 'Windows', 'freecell.exe'), { profile, deviceRoot: root, deterministic: true, timeoutMs: 120_000 });
        try {
          await emu.display.waitIdle(60_000);
          const main = () => emu.display.windows().find((w) => w.className === 'PegFreeCell')!;
          const title0 = main().text;
          expect(title0).toMatch(/^FreeCell Game #\d+$/);
          // The deal: the bottom card of each of the 8 columns is a pegcards.dll face, pixel for pixel.
          const dealt = facesOnScreen(faces, emu.display.screenshot());
          expect(dealt).toHaveLength(8);
          // The command bar's menu bar: CE's "Menu" window inside commctrl's toolbar.
          const bar = find(emu.display.windows(), (w) => w.className === 'Menu')!;
          expect(bar.visible).toBe(true);
          expect(find(emu.display.windows(), (w) => w.className === 'ToolbarWindow32')!.children).toContainEqual(expect.objectContaining({ hwnd: bar.hwnd }));
          expect(bar.menu!.map((i) => [i.text, i.popup, i.enabled])).toEqual([
            ['&File', true, true],
            ['&Options', true, true],
          ]);
          // A move: the first column's bottom card to the first free cell (tap it, tap the cell).
          const [, cx, cy] = dealt[0]!;
          emu.display.tap(cx + 26, cy + 35);
          await emu.display.waitIdle(60_000);
          emu.display.tap(25, 60);
          await emu.display.waitIdle(60_000);
          const moved = facesOnScreen(faces, emu.display.screenshot());
          expect(moved.find((f) => f[0] === dealt[0]![0])![2]).toBeLessThan(cy);
          if (how === 'menu') {
            const file = bar.menu![0]!;
            emu.display.tap(...centre(file.rect));
            await emu.display.waitIdle(60_000);
            const popup = find(emu.display.windows(), (w: WindowInfo) => w.className === 'MenuPopup')!;
            expect(popup.visible).toBe(true);
            // Under the bar item, its left edge at the item's.
            expect([popup.rect.x, popup.rect.y]).toEqual([file.rect.x, bar.rect.y + bar.rect.height]);
            expect(popup.menu!.map((i) => [i.text, i.enabled])).toEqual([
              ['&New Game\tCtrl+N', true],
              ['&Restart Game\tCtrl+R', true],
              ['&Undo\tCtrl+U', true], // the program enabled it after the move
              ['', false],
              ['&Statistics...\tCtrl+S', true],
              ['', false],
              ['E&xit', true],
            ]);
            expect(find(emu.display.windows(), (w) => w.className === 'Menu')!.menu![0]!.highlighted).toBe(true);
            emu.display.tap(...centre(popup.menu![0]!.rect));
          } else {
            emu.display.keyDown(VK_CONTROL);
            emu.display.key('N');
            emu.display.keyUp(VK_CONTROL);
          }
          await emu.display.waitIdle(60_000);
          expect(find(emu.display.windows(), (w) => w.className === 'MenuPopup')).toBeUndefined();
          const shot = emu.display.screenshot();
          const deal = facesOnScreen(faces, shot);
          expect(deal).toHaveLength(8);
          const title = main().text;
          if (how === 'ctrl+n') {
            // File > Exit (confirmed): WM_CLOSE, the process ends; hrts_dll.dll frees pegcards.dll in its
            // DLL_PROCESS_DETACH, which the loader must not call a second time.
            const file = find(emu.display.windows(), (w) => w.className === 'Menu')!.menu![0]!;
            emu.display.tap(...centre(file.rect));
            await emu.display.waitIdle(60_000);
            const exit = find(emu.display.windows(), (w) => w.className === 'MenuPopup')!.menu!.find((i) => i.text === 'E&xit')!;
            emu.display.tap(...centre(exit.rect));
            const r = await emu.exited;
            expect([r.status, r.exitCode]).toEqual(['exited', 0]);
          }
          return { title0, title, shot, dealt, deal };
        } finally {
          await emu.kill();
        }
      };
      const a = await run('menu');
      const b = await run('ctrl+n');
      // A new game, not the first one again, and the same one whichever way it was asked for.
      expect(a.title).not.toBe(a.title0);
      expect(a.deal.map((f) => f[0])).not.toEqual(a.dealt.map((f) => f[0]));
      expect(b.title0).toBe(a.title0);
      expect(b.title).toBe(a.title);
      expect(b.deal).toEqual(a.deal);
      expect(b.shot.equals(a.shot)).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
