/**
 * The corpus's Solitaire (issue 13, GUI part 1): ce6 solitare.exe with its card bitmaps in pegcards.dll
 * (a resource-only DLL), on the 800x480 CE 5 profile, --deterministic (seeded deal). It starts, deals,
 * shows its window and its panel dialog (the template's buttons and statics, moved by the program to
 * the window's right edge), draws the dealt cards, takes a tap on the deck (three cards to the waste)
 * opens and closes its Options dialog, and takes a drag (an ace to a foundation). Every fully visible card face is found in the screenshot
 * equal, pixel for pixel, to one of the 52 face bitmaps this test reads from pegcards.dll's resources
 * itself (PE resource reader, its own 4 bpp DIB decoder; screen pixels are RGB565 expanded by bit
 * replication). The corpus is never copied into the repository: the two files go to a temporary root.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { RT_BITMAP, RT_DIALOG } from '../../emulator/core/pe/resources.js';
import { parseTemplate } from '../../emulator/gwes/dialog.js';
import { decodeDib, facesOnScreen, find, mapped, type Image } from './card-faces.js';

const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows');
const exe = join(CORPUS, 'solitare.exe');
const cards = join(CORPUS, 'pegcards.dll');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const haveCorpus = existsSync(exe) && existsSync(cards);

describe.skipIf(!haveCorpus)('solitare.exe (corpus ce6)', () => {
  it('deals, shows its window and panel, draws every visible card face as its pegcards.dll bitmap, plays a tap, opens and closes Options, plays a drag', async () => {
    const faces = new Map<number, Image>();
    const peg = mapped(cards);
    for (let id = 1; id <= 52; id++) {
      const l = peg.dir.find(RT_BITMAP, id)!;
      faces.set(id, decodeDib(peg.img.subarray(l.dataRva, l.dataRva + l.size)));
    }
    expect([...faces.values()].every((b) => b.w === 52 && b.h === 70)).toBe(true);
    // The panel's template (dialog 102 of solitare.exe, what its WM_CREATE passes to CreateDialogIndirectParamW).
    const sol = mapped(exe);
    const leaf = sol.dir.find(RT_DIALOG, 102)!;
    const tpl = parseTemplate(
      {
        u16: (a) => sol.img[a]! | (sol.img[a + 1]! << 8),
        u32: (a) => (sol.img[a]! | (sol.img[a + 1]! << 8) | (sol.img[a + 2]! << 16) | (sol.img[a + 3]! << 24)) >>> 0,
      },
      leaf.dataRva,
    );

    const root = mkdtempSync(join(tmpdir(), 'wmemu-solitaire-'));
    try {
      mkdirSync(join(root, 'Windows'));
      copyFileSync(exe, join(root, 'Windows', 'solitare.exe'));
      copyFileSync(cards, join(root, 'Windows', 'pegcards.dll'));
      const emu = await start(join(root, 'Windows', 'solitare.exe'), { profile, deviceRoot: root, deterministic: true, timeoutMs: 120_000 });
      try {
        await emu.display.waitIdle(60_000);
        const main = emu.display.windows().find((w) => w.text === 'Solitaire')!;
        expect(main).toMatchObject({ className: 'Solitaire', visible: true, rect: { x: 0, y: 0, width: 800, height: 480 } });
        // The panel: a child dialog moved to the top right corner, its controls with it, in template order.
        const panel = main.children.find((w) => w.className === 'Dialog')!;
        expect(panel.visible).toBe(true);
        // WM_CREATE: SetWindowPos(panel, x = main window's width - panel width - 4, y = 1) in client coordinates.
        expect([panel.rect.x - main.clientRect.x, panel.rect.y - main.clientRect.y]).toEqual([main.rect.width - panel.rect.width - 4, 1]);
        // Texts as in the template, but for the time and score values the program sets (SetDlgItemTextW).
        const set = (id: number, title: unknown) => (id === 1006 || id === 1008 ? '0' : title);
        expect(panel.children.map((c) => [c.id, c.className, c.text])).toEqual(
          tpl.items.map((i) => [i.id, ({ 0x80: 'BUTTON', 0x82: 'STATIC' } as Record<number, string>)[i.cls as number], set(i.id, i.title)]),
        );
        for (const c of panel.children) {
          expect(c.rect.x).toBeGreaterThanOrEqual(panel.clientRect.x);
          expect(c.rect.x + c.rect.width).toBeLessThanOrEqual(panel.clientRect.x + panel.clientRect.width);
        }
        // The deal: seven piles, each top card a face bitmap with 0 differing pixels, one pile every 75 pixels.
        const dealt = facesOnScreen(faces, emu.display.screenshot());
        expect(dealt).toHaveLength(7);
        expect(new Set(dealt.map((f) => f[0])).size).toBe(7);
        expect(dealt.slice(1).map((f, i) => f[1] - dealt[i]![1])).toEqual([75, 75, 75, 75, 75, 75]);
        // A tap on the deck (its top left corner): three cards to the waste ("Draw three"), its top card face visible.
        emu.display.tap(30, 10);
        await emu.display.waitIdle(60_000);
        const played = facesOnScreen(faces, emu.display.screenshot());
        expect(played).toHaveLength(8);
        const waste = played.filter((f) => !dealt.some((d) => d[0] === f[0]));
        expect(waste).toHaveLength(1);
        expect(waste[0]![2]).toBeLessThan(dealt[0]![2]);
        const before = emu.display.screenshot();
        // Options...: a modal dialog over the cards; ESC closes it and the cards are drawn again exactly as before.
        // (Driven by locators: system/locator.ts.)
        const solitaire = emu.display.window({ title: 'Solitaire' });
        await solitaire.child({ className: 'Dialog' }).child({ id: 1003 }).tap();
        const options = emu.display.window({ title: 'Options' });
        expect((await options.waitFor({ timeout: 60_000 }))!.visible).toBe(true);
        expect(find(options.info().children, (w) => w.text.replace('&', '') === 'Timed game')).toBeDefined();
        await emu.display.waitIdle(60_000);
        expect(facesOnScreen(faces, emu.display.screenshot()).length).toBeLessThan(8);
        emu.display.key('ESCAPE');
        await options.waitFor({ state: 'detached', timeout: 60_000 });
        await emu.display.waitIdle(60_000);
        expect(facesOnScreen(faces, emu.display.screenshot())).toEqual(played);
        expect(emu.display.screenshot().equals(before)).toBe(true);
        // A drag: the second pile's top card (an ace in this seeded deal) onto the first foundation, which
        // scores 10 points; the card under it is face down (no face bitmap there any more).
        const [ace, ax, ay] = dealt[1]!;
        emu.display.drag(ax + 26, ay + 30, 275, 39);
        await emu.display.waitIdle(60_000);
        const moved = facesOnScreen(faces, emu.display.screenshot());
        expect(moved).toHaveLength(8);
        // The foundations are on the top row, the first one above the fourth pile.
        const onFoundation = moved.find((f) => f[0] === ace)!;
        expect(onFoundation[1]).toBe(dealt[3]![1]);
        expect(onFoundation[2]).toBeLessThan(dealt[0]![2] - 70);
        expect(moved.some((f) => f[1] === ax)).toBe(false);
        expect(solitaire.child({ id: 1008 }).text()).toBe('10');
      } finally {
        await emu.kill();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});

describe.skipIf(haveCorpus)('solitare.exe (skipped)', () => {
  it.skip('needs the corpus: ../shared/corpus/ce6/fs/Windows/solitare.exe and pegcards.dll', () => {});
});
