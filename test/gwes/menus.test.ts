/**
 * Menus and accelerator tables (issue 14): menus.exe builds menus item by item and from its MENU and
 * MENUEX resources and checks the state round trips (EnableMenuItem / CheckMenuItem previous states,
 * 0xFFFFFFFF for a missing item, MENUITEMINFO with CE's 44-byte cbSize, RemoveMenu vs DeleteMenu);
 * TranslateAcceleratorW with modifier keys; TrackPopupMenuEx driven by keys (its loop takes them from
 * the queue) and, in "tap" mode, by the host's taps and keys: the popups in the window tree (class
 * "MenuPopup", their items with screen rectangles), the pixels of CE's flat look at those rectangles,
 * WM_INITMENUPOPUP before each popup and WM_COMMAND after a choice, ESC and a tap outside cancelling;
 * owner-drawn items (WM_MEASUREITEM, WM_DRAWITEM); CE's "Menu" bar window as a command bar hosts it.
 * Also the template parser on hand-made MENU / MENUEX bytes.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng, type RgbaImage } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';
import { realize, SYSTEM_LOGFONT } from '../../emulator/gdi/text.js';
import { locate, Menus, MFT, mnemonicOf, parseMenuTemplate } from '../../emulator/gwes/menu.js';
import type { MenuItemInfo, WindowInfo } from '../../emulator/gwes/wm.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'menus.exe');
const haveFonts = findFace('Tahoma', 400) !== undefined;

function reader(words: number[]) {
  const b = Buffer.alloc(words.length * 2);
  words.forEach((w, i) => b.writeUInt16LE(w & 0xffff, 2 * i));
  return { length: b.length, u16: (a: number) => b.readUInt16LE(a), u32: (a: number) => b.readUInt32LE(a) };
}
const wz = (s: string): number[] => [...s].map((c) => c.charCodeAt(0)).concat(0);

describe('menu templates', () => {
  it('parses MENU: popups, MF_END, a separator, states; MF_BYCOMMAND finds items in submenus', () => {
    // POPUP "&A" { MENUITEM "&One" 1 GRAYED; MENUITEM SEPARATOR } ; MENUITEM "&Two" 2 CHECKED (last)
    const t = new Menus();
    const top = parseMenuTemplate(t, reader([0, 0, 0x10, ...wz('&A'), 0x01, 1, ...wz('&One'), 0x80, 0, 0, 0x88, 2, ...wz('&Two')]));
    expect(top.items.map((i) => [i.text, i.id === i.sub ? 'popup' : i.id, i.state])).toEqual([
      ['&A', 'popup', 0],
      ['&Two', 2, 8],
    ]);
    const sub = t.get(top.items[0]!.sub)!;
    expect(sub.popup).toBe(true);
    expect(sub.items.map((i) => [i.text, i.id, i.type, i.state])).toEqual([
      ['&One', 1, 0, 1],
      ['', 0, MFT.SEPARATOR, 0],
    ]);
    expect(locate(t, top, 1, false)).toEqual({ menu: sub, index: 0 });
    expect(locate(t, top, 2, false)).toEqual({ menu: top, index: 1 });
    expect(locate(t, top, 3, false)).toBeUndefined();
    expect(locate(t, top, 5, true)).toBeUndefined();
    expect(t.destroy(top.handle)).toBe(true);
    expect(t.get(sub.handle)).toBeUndefined(); // DestroyMenu takes the submenus with it
  });

  it('parses MENUEX: DWORD type/state/id, DWORD alignment, a popup with its help id', () => {
    // header: version 1, offset 4, help id; POPUP "P" id 7 (resInfo 0x81) { MENUITEM "x" id 8 type 0x200 state 8 (last) }
    const words = [1, 4, 0, 0];
    words.push(0, 0, 0, 0, 7, 0, 0x81, ...wz('P')); // 14 bytes + "P\0" = 18 -> pad to 20
    words.push(0);
    words.push(0, 0); // dwHelpId
    words.push(0x200, 0, 8, 0, 8, 0, 0x80, ...wz('x'));
    const t = new Menus();
    const top = parseMenuTemplate(t, reader(words));
    expect(top.items.map((i) => [i.text, i.id])).toEqual([['P', 7]]);
    expect(t.get(top.items[0]!.sub)!.items.map((i) => [i.text, i.id, i.type, i.state])).toEqual([['x', 8, 0x200, 8]]);
  });

  it('mnemonics', () => {
    expect(mnemonicOf('E&xit')).toBe('x');
    expect(mnemonicOf('Save && &Quit')).toBe('q');
    expect(mnemonicOf('None')).toBeUndefined();
  });
});

const flat = (l: WindowInfo[]): WindowInfo[] => l.flatMap((w) => [w, ...flat(w.children)]);
/** A colour as the 16 bpp screen shows it (RGB565, expanded by bit replication), as "r,g,b". */
function c565(r: number, g: number, b: number): string {
  const r5 = r >> 3;
  const g6 = g >> 2;
  const b5 = b >> 3;
  return [(r5 << 3) | (r5 >> 2), (g6 << 2) | (g6 >> 4), (b5 << 3) | (b5 >> 2)].join(',');
}
const MENU = c565(192, 192, 192);
const GRAY = c565(128, 128, 128);
const NAVY = c565(0, 0, 128);
const BLACK = c565(0, 0, 0);
const WHITE = c565(255, 255, 255);

describe.skipIf(!haveFonts)('menus.exe', () => {
  it('menu state round trips, resources, accelerators with modifiers, TrackPopupMenuEx by keys', async () => {
    const emu = await start(rom, { timeoutMs: 60_000 });
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(50);
    expect(r.exitCode).toBe(0);
    const tagged = (tag: string) => lines.filter((l) => l.startsWith(`${tag} `));
    // MENU resource: popups (their id is the submenu handle), GRAYED, CHECKED, a separator, a tab.
    expect(tagged('file')).toEqual(['file 0 201 0 0 0 &New\tCtrl+N', 'file 1 202 0 1 0 &Open...', 'file 2 0 800 0 0 -', 'file 3 203 0 0 0 E&xit']);
    expect(tagged('view').map((l) => l.replace(/^view 1 \d+/, 'view 1 H'))).toEqual(['view 0 301 0 8 0 &Toolbar', 'view 1 H 0 0 1 &Zoom']);
    expect(tagged('zoom')).toEqual(['zoom 0 311 0 0 0 &Small', 'zoom 1 312 0 0 0 &Large']);
    // MENUEX: DWORD states and types (MFS_GRAYED = 3, MFT_RADIOCHECK, MFS_CHECKED).
    expect(tagged('ex')).toEqual(['ex 0 401 0 3 0 &Undo', 'ex 1 0 800 0 0 -', 'ex 2 402 200 8 0 &Copy']);
    // Insert by position and before a command; after RemoveMenu/DeleteMenu and SetMenuItemInfoW.
    expect(tagged('item')).toEqual(['item 0 5 0 0 0 Five', 'item 1 10 0 0 0 Ten', 'item 2 0 800 0 0 -', 'item 3 20 0 0 0 Twenty', 'item 4 30 0 1 0 Thirty']);
    expect(tagged('left')).toEqual(['left 0 5 0 0 0 Five', 'left 1 10 0 8 0 Changed', 'left 2 0 800 0 0 -', 'left 3 30 0 0 0 Thirty']);
    // The "Menu" window fits its items: each the bar font's text width (bold Tahoma -12, '&' removed) plus
    // 6 pixels on either side; DrawMenuBar(notify window) refits it after an item was appended.
    const bold = realize({ ...SYSTEM_LOGFONT, weight: 700 });
    const item = (s: string) => bold.measure(s).width + 12;
    expect(tagged('bar width')).toEqual([`bar width ${item('File') + item('View')}`, `bar width ${item('File') + item('View') + item('Go')}`]);
    // Accelerators: Ctrl+N, Ctrl+Shift+Q, F2 and the character 'z' match (HIWORD 1); N alone and Ctrl+Q do not.
    const between = (a: string, b: string) => lines.slice(lines.indexOf(a) + 1, lines.indexOf(b)).filter((l) => !l.startsWith('ok '));
    expect(between('accel resource', 'accel created')).toEqual(['command 201 1', 'command 203 1', 'command 204 1', 'command 205 1']);
    expect(between('accel created', 'track keys')).toEqual(['command 501 1', 'command 502 1']);
    // The popup loop: DOWN DOWN RETURN skips the grayed item and the separator (Exit, 203); ESC: 0;
    // without TPM_RETURNCMD TRUE and a posted WM_COMMAND; RIGHT opens Zoom (WM_INITMENUPOPUP with its
    // position); a mnemonic under TPM_NONOTIFY (no WM_INITMENUPOPUP); ESC on a bottom/right aligned popup.
    expect(between('track keys', 'menus: 0 failures')).toEqual([
      'init file 0',
      'track 203',
      'init file 0',
      'track 0',
      'init file 0',
      'track 1',
      'command 201 0',
      'init view 0',
      'init zoom 1',
      'track 312',
      'track 203',
      'init view 0',
      'track 0',
    ]);
  });

  it('taps and keys on the popups: window tree, CE flat look at the item rectangles, submenu, ESC and a tap outside cancel', async () => {
    const emu = await start(rom, { args: ['tap'], timeoutMs: 60_000 });
    try {
      const popups = () => flat(emu.display.windows()).filter((w) => w.className === 'MenuPopup');
      const byText = (items: MenuItemInfo[], t: string) => items.find((i) => i.text === t)!;
      const px = (img: RgbaImage, x: number, y: number) => {
        const o = (y * img.width + x) * 4;
        return [img.data[o], img.data[o + 1], img.data[o + 2]];
      };
      const colours = (img: RgbaImage, r: MenuItemInfo['rect']) => {
        const set = new Set<string>();
        for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) set.add(px(img, x, y).join(','));
        return set;
      };
      await emu.display.waitIdle();
      // Round 1: the View popup at (20, 40), above everything, with its two items.
      let [view] = popups();
      expect(popups()).toHaveLength(1);
      expect(view!).toMatchObject({ visible: true, rect: { x: 20, y: 40 } });
      expect(view!.menu!.map((i) => [i.text, i.id === 301 ? 301 : 'sub', i.enabled, i.checked, i.popup])).toEqual([
        ['&Toolbar', 301, true, true, false],
        ['&Zoom', 'sub', true, false, true],
      ]);
      let shot = decodePng(emu.display.screenshot());
      const v = view!.rect;
      // A 1 px COLOR_WINDOWFRAME frame around COLOR_MENU; the rows fill the inside.
      for (const [x, y] of [
        [v.x, v.y],
        [v.x + v.width - 1, v.y + v.height - 1],
        [v.x + 10, v.y],
        [v.x, v.y + 10],
      ])
        expect(px(shot, x!, y!)).toEqual([0, 0, 0]);
      const toolbar = byText(view!.menu!, '&Toolbar');
      expect(toolbar.rect).toEqual({ x: v.x + 1, y: v.y + 1, width: v.width - 2, height: toolbar.rect.height });
      expect(colours(shot, toolbar.rect)).toEqual(new Set([MENU, BLACK])); // black text and tick on grey, no selection
      // Its check mark: black pixels in the check column (15 px) of the row.
      expect(colours(shot, { ...toolbar.rect, width: 15 }).has(BLACK)).toBe(true);
      // A tap on Zoom opens its submenu at the row's right edge (WM_INITMENUPOPUP with position 1); Zoom is selected.
      const zoom = byText(view!.menu!, '&Zoom');
      emu.display.tap(zoom.rect.x + 5, zoom.rect.y + 5);
      await emu.display.waitIdle();
      expect(popups()).toHaveLength(2);
      const both = popups();
      const sub = both.find((p) => p.menu!.some((i) => i.text === '&Large'))!;
      view = both.find((p) => p !== sub)!;
      expect(sub.rect).toMatchObject({ x: zoom.rect.x + zoom.rect.width, y: zoom.rect.y - 1 });
      expect(byText(view.menu!, '&Zoom').highlighted).toBe(true);
      shot = decodePng(emu.display.screenshot());
      // The selected row: COLOR_HIGHLIGHT with COLOR_HIGHLIGHTTEXT text (and arrow).
      expect(colours(shot, { ...zoom.rect, width: zoom.rect.width - 1 })).toEqual(new Set([NAVY, WHITE]));
      const large = byText(sub.menu!, '&Large');
      emu.display.tap(large.rect.x + 5, large.rect.y + 5);
      await emu.display.waitIdle();
      // Round 2: File. The popups of round 1 are gone and their area is the window's white again.
      const [file] = popups();
      expect(popups()).toHaveLength(1);
      shot = decodePng(emu.display.screenshot());
      const clear = Math.max(sub.rect.x, file!.rect.x + file!.rect.width); // the part the File popup does not cover
      expect(clear).toBeLessThan(sub.rect.x + sub.rect.width);
      expect(colours(shot, { ...sub.rect, x: clear, width: sub.rect.x + sub.rect.width - clear })).toEqual(new Set([WHITE]));
      const items = file!.menu!;
      expect(items.map((i) => [i.text, i.enabled, i.separator])).toEqual([
        ['&New\tCtrl+N', true, false],
        ['&Open...', false, false],
        ['', false, true],
        ['E&xit', true, false],
      ]);
      expect(colours(shot, items[1]!.rect)).toEqual(new Set([MENU, GRAY])); // grayed text
      // The separator: one COLOR_BTNSHADOW line across the middle of its row.
      const sep = items[2]!.rect;
      expect(colours(shot, { ...sep, y: sep.y + 3, height: 1, x: sep.x + 1, width: sep.width - 2 })).toEqual(new Set([GRAY]));
      expect(colours(shot, { ...sep, height: 3 })).toEqual(new Set([MENU]));
      // DOWN selects the first item; nothing else is blue.
      emu.display.key('DOWN');
      await emu.display.waitIdle();
      shot = decodePng(emu.display.screenshot());
      expect(colours(shot, items[0]!.rect)).toEqual(new Set([NAVY, WHITE]));
      expect(colours(shot, items[3]!.rect).has(NAVY)).toBe(false);
      expect(popups()[0]!.menu![0]!.highlighted).toBe(true);
      // ESC cancels round 2; round 3 is cancelled by a tap outside the popup.
      emu.display.key('ESCAPE');
      await emu.display.waitIdle();
      expect(popups()).toHaveLength(1);
      emu.display.tap(200, 300);
      const r = await emu.exited;
      const lines = r.stdout.trim().split('\n');
      expect(lines.slice(lines.indexOf('init view 0'))).toEqual([
        'init view 0',
        'init zoom 1',
        'track 1',
        'command 312 0',
        'init file 0',
        'track 1',
        'init file 0',
        'track 1',
      ]);
      expect(r.exitCode).toBe(0);
    } finally {
      await emu.kill();
    }
  });

  it('owner-drawn items: WM_MEASUREITEM sizes the row, WM_DRAWITEM paints it with the popup DC, selected state', async () => {
    const emu = await start(rom, { args: ['od'], timeoutMs: 60_000 });
    try {
      await emu.display.waitIdle();
      const popup = flat(emu.display.windows()).find((w) => w.className === 'MenuPopup')!;
      const [plain, od] = popup.menu!;
      expect([plain!.text, od!.id, od!.rect.height]).toEqual(['&Plain', 802, 30]);
      // The measured width goes where the text goes: frame, check column, 80, arrow column, frame.
      expect(popup.rect.width).toBe(1 + 15 + 80 + 15 + 1);
      const colours = (r: MenuItemInfo['rect']) => {
        const img = decodePng(emu.display.screenshot());
        const set = new Set<string>();
        for (let y = r.y; y < r.y + r.height; y++)
          for (let x = r.x; x < r.x + r.width; x++) {
            const o = (y * img.width + x) * 4;
            set.add([img.data[o], img.data[o + 1], img.data[o + 2]].join(','));
          }
        return set;
      };
      expect(colours(od!.rect)).toEqual(new Set([c565(64, 64, 64)])); // the owner's DKGRAY_BRUSH fill
      emu.display.key('DOWN');
      emu.display.key('DOWN');
      await emu.display.waitIdle();
      expect(colours(od!.rect)).toEqual(new Set([BLACK])); // drawn again, ODS_SELECTED
      emu.display.key('RETURN');
      const r = await emu.exited;
      const lines = r.stdout.split('\n').filter((l) => /^(measure|draw|track)/.test(l));
      // ODT_MENU, the item id and data, hwndItem = the menu, rcItem in popup client coordinates.
      const row = `${od!.rect.x - popup.rect.x} ${od!.rect.y - popup.rect.y} ${od!.rect.x - popup.rect.x + od!.rect.width} ${od!.rect.y - popup.rect.y + od!.rect.height}`;
      expect(lines[0]).toBe('measure 1 802 1234');
      expect(lines).toContain(`draw 1 802 0 1234 1 ${row}`);
      expect(lines.slice(-2)).toEqual([`draw 1 802 1 1234 1 ${row}`, 'track 802']);
    } finally {
      await emu.kill();
    }
  });

  it('a Menu window (the command bar menu): its items in the window tree, a tap opens the popup under the item, Exit posts WM_COMMAND', async () => {
    const emu = await start(rom, { args: ['bar'], timeoutMs: 60_000 });
    try {
      await emu.display.waitIdle();
      const bar = flat(emu.display.windows()).find((w) => w.className === 'Menu')!;
      expect(bar).toMatchObject({ visible: true, rect: { x: 0, y: 0, height: 22 } });
      const [file, view] = bar.menu!;
      expect([file!.text, view!.text, file!.popup, view!.popup]).toEqual(['&File', '&View', true, true]);
      expect(file!.rect).toEqual({ x: 0, y: 0, width: file!.rect.width, height: 22 });
      expect(view!.rect.x).toBe(file!.rect.width);
      expect(bar.rect.width).toBe(file!.rect.width + view!.rect.width);
      emu.display.tap(view!.rect.x + 4, 10);
      await emu.display.waitIdle();
      let popup = flat(emu.display.windows()).find((w) => w.className === 'MenuPopup')!;
      expect([popup.rect.x, popup.rect.y]).toEqual([view!.rect.x, 22]);
      expect(popup.menu!.map((i) => i.text)).toEqual(['&Toolbar', '&Zoom']);
      expect(flat(emu.display.windows()).find((w) => w.className === 'Menu')!.menu![1]!.highlighted).toBe(true);
      // A tap on the other bar item is outside the popup: it only cancels.
      emu.display.tap(file!.rect.x + 4, 10);
      await emu.display.waitIdle();
      expect(flat(emu.display.windows()).find((w) => w.className === 'MenuPopup')).toBeUndefined();
      expect(
        flat(emu.display.windows())
          .find((w) => w.className === 'Menu')!
          .menu!.some((i) => i.highlighted),
      ).toBe(false);
      emu.display.tap(file!.rect.x + 4, 10);
      await emu.display.waitIdle();
      popup = flat(emu.display.windows()).find((w) => w.className === 'MenuPopup')!;
      expect([popup.rect.x, popup.rect.y]).toEqual([0, 22]);
      const exit = popup.menu!.find((i) => i.text === 'E&xit')!;
      emu.display.tap(exit.rect.x + 4, exit.rect.y + 4);
      const r = await emu.exited;
      const lines = r.stdout.trim().split('\n');
      expect(lines.slice(-3)).toEqual(['init other 1', 'init other 0', 'command 203 0']); // WM_INITMENUPOPUP: the bar item's position
      expect(r.exitCode).toBe(0);
    } finally {
      await emu.kill();
    }
  });
});
