/**
 * LISTBOX, COMBOBOX, SCROLLBAR and a window's WS_VSCROLL bar (issue 14): lists.exe checks the LB_*, CB_*
 * and SBM_* messages in the guest, then the host taps and presses keys; the parent prints the
 * notifications and scroll codes it gets, in order. Screenshots are checked against item rectangles
 * computed here from the font (the item height is the system font's height) and the window tree.
 * Sequences follow Wine's user32 listbox/combo/scroll tests and the Win32 documentation (read, not copied).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng, type RgbaImage } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';
import { realize, SYSTEM_LOGFONT } from '../../emulator/gdi/text.js';
import { COLOR, DEFAULT_COLORS } from '../../emulator/gwes/sysmetrics.js';
import { barGeometry, barPart, SCROLLBAR_SIZE, thumbValue, type ScrollBar } from '../../emulator/gwes/scrollbar.js';
import { systemMetric, SM } from '../../emulator/gwes/sysmetrics.js';
import { layout, WS } from '../../emulator/gwes/nonclient.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';
import { baseUnitsOf, mulDiv } from '../../emulator/gwes/dialog.js';
import { registerBuiltinClasses } from '../../emulator/gwes/controls/classes.js';
import type { Gwes } from '../../emulator/gwes/wm.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'lists.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const haveFonts = findFace('Tahoma', 400) !== undefined;
const CROP = join(ROOT, '..', 'shared', 'reference', 'gui', 'ce5-calc-window-480x240.png');

function find(tree: WindowInfo[], pred: (w: WindowInfo) => boolean): WindowInfo | undefined {
  for (const w of tree) {
    if (pred(w)) return w;
    const c = find(w.children, pred);
    if (c) return c;
  }
  return undefined;
}
const px = (img: RgbaImage, x: number, y: number): number => {
  const o = (y * img.width + x) * 4;
  return (img.data[o]! << 16) | (img.data[o + 1]! << 8) | img.data[o + 2]!;
};
/** A COLORREF (0x00bbggrr) as the 0xrrggbb a 16 bpp screen's screenshot gives (RGB 565, bits replicated). */
const q = (v: number, bits: number): number => {
  const k = v >> (8 - bits);
  return (k << (8 - bits)) | (k >> (2 * bits - 8));
};
const rgb = (c: number): number => (q(c & 0xff, 5) << 16) | (q((c >> 8) & 0xff, 6) << 8) | q((c >> 16) & 0xff, 5);
const bar = (b: Partial<ScrollBar>): ScrollBar => ({ min: 0, max: 100, page: 0, pos: 0, trackPos: 0, tracking: false, disabled: 0, ...b });

describe('scroll bar geometry', () => {
  it('uses the metrics table thickness; arrows, proportional thumb, parts and thumb values', () => {
    const screen = { width: 240, height: 320, bpp: 16, dpi: 96 };
    expect(SCROLLBAR_SIZE).toBe(systemMetric(screen, SM.CXVSCROLL));
    expect(SCROLLBAR_SIZE).toBe(systemMetric(screen, SM.CYHSCROLL));
    // 100 px bar: 13 px arrows, 74 px track; range 0-19 with a page of 5: a thumb 74 * 5 / 20 = 18 px.
    const b = bar({ max: 19, page: 5, pos: 0 });
    expect(barGeometry(b, 100, 13)).toEqual({ arrow: 13, thumbStart: 13, thumbLen: 18 });
    expect(barGeometry({ ...b, pos: 15 }, 100, 13).thumbStart).toBe(13 + 74 - 18);
    expect([barPart(b, 100, 13, 5), barPart(b, 100, 13, 20), barPart(b, 100, 13, 50), barPart(b, 100, 13, 95)]).toEqual(['up', 'thumb', 'pagedown', 'down']);
    expect(thumbValue(b, 100, 13, 13 + 56)).toBe(15);
    // Nothing to scroll: no thumb; a short bar splits its length between the arrows.
    expect(barGeometry(bar({ max: 3, page: 5 }), 100, 13).thumbLen).toBe(0);
    expect(barGeometry(b, 20, 13)).toMatchObject({ arrow: 10, thumbLen: 0 });
  });

  it('WS_VSCROLL / WS_HSCROLL take their thickness from the client area, inside the border', () => {
    const l = layout(WS.BORDER | WS.VSCROLL | WS.HSCROLL, 0, 100, 80);
    expect(l.client).toEqual({ left: 1, top: 1, right: 99 - 13, bottom: 79 - 13 });
    expect(l.vscroll).toEqual({ left: 86, top: 1, right: 99, bottom: 66 });
    expect(l.hscroll).toEqual({ left: 1, top: 66, right: 86, bottom: 79 });
  });
});

describe.skipIf(!haveFonts)('lists.exe', () => {
  it('LB_* / CB_* / SBM_* checks, item rectangles and the drawn lists', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    await emu.waitForOutput('ready');
    await emu.display.waitIdle();
    const out = emu.stdout.split('\n');
    expect(out.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(out.filter((l) => l.startsWith('ok ')).length).toBe(58);
    // Dialog 200: LISTBOX / COMBOBOX / SCROLLBAR by their template atoms, sized in dialog units (system font).
    const u = baseUnitsOf(realize(SYSTEM_LOGFONT));
    expect(out).toContain(`dlg combo height ${realize(SYSTEM_LOGFONT).height + 6}`);
    expect(out).toContain(`dlg scrollbar ${mulDiv(70, u.x, 4)} ${mulDiv(10, u.y, 8)}`);
    // Owner-draw list: WM_MEASUREITEM once at creation (ODT_LISTBOX), WM_DELETEITEM per item on LB_RESETCONTENT
    expect(out).toContain('measure 102 2');
    // (last item first, as Wine's LISTBOX_ResetContent); before it list 106 (sorted through WM_COMPAREITEM) on DestroyWindow.
    expect(out.filter((l) => l.startsWith('delete '))).toEqual([
      'delete 106 2 30',
      'delete 106 1 20',
      'delete 106 0 10',
      'delete 102 2 102',
      'delete 102 1 101',
      'delete 102 0 100',
    ]);
    // CB_SHOWDROPDOWN: CBN_DROPDOWN; closing: CBN_SELENDCANCEL, CBN_CLOSEUP.
    expect(out.filter((l) => l.startsWith('cmd 104'))).toEqual(['cmd 104 7 sel=4 top=0', 'cmd 104 10 sel=4 top=0', 'cmd 104 8 sel=4 top=0']);
    const ih = realize(SYSTEM_LOGFONT).height;
    const ihLine = out.find((l) => l.startsWith('itemheight'))!.split(' ');
    expect(Number(ihLine[1])).toBe(ih);
    // Integral height: 105 px high with a 1 px border leaves 103; the window shrinks to a whole number of items.
    expect(103 % ih).not.toBe(0);
    expect(Number(ihLine[4])).toBe(103 - (103 % ih));
    expect(out).toContain(`combo height ${ih + 6}`);

    const tree = emu.display.windows();
    const main = find(tree, (w) => w.text === 'Lists')!;
    const byId = (id: number) => main.children.find((c) => c.id === id)!;
    const lb = byId(100);
    expect(lb.className).toBe('LISTBOX');
    // 20 items do not fit: the list box shows its vertical bar (WS_VSCROLL), the client area is 13 px narrower.
    expect(lb.style & WS.VSCROLL).toBe(WS.VSCROLL);
    expect(lb.clientRect.width).toBe(120 - 2 - SCROLLBAR_SIZE);
    const drop = tree.find((w) => w.className === 'ComboLBox')!;
    expect(drop).toMatchObject({ visible: false });

    const shot = decodePng(emu.display.screenshot());
    const hi = rgb(DEFAULT_COLORS[COLOR.HIGHLIGHT]!);
    const white = rgb(DEFAULT_COLORS[COLOR.WINDOW]!);
    const right = lb.clientRect.x + lb.clientRect.width - 2;
    // Item 0 (Apple, selected by LB_SETCURSEL 0) is the highlighted first row; the rows below are white.
    for (let y = lb.clientRect.y; y < lb.clientRect.y + ih; y++) expect(px(shot, right, y)).toBe(hi);
    expect(px(shot, right, lb.clientRect.y + ih)).toBe(white);
    expect(px(shot, right, lb.clientRect.y + lb.clientRect.height - 1)).toBe(white);
    // The bar: an up arrow button (raised edge: shadow outer top-left), a thumb, the checkerboard track.
    const bx = lb.clientRect.x + lb.clientRect.width;
    const by = lb.clientRect.y;
    expect(px(shot, bx, by)).toBe(rgb(DEFAULT_COLORS[COLOR.BTNSHADOW]!));
    expect(px(shot, bx + SCROLLBAR_SIZE - 1, by + SCROLLBAR_SIZE - 1)).toBe(rgb(DEFAULT_COLORS[COLOR.DKSHADOW3D]!));
    const g = barGeometry(bar({ max: 19, page: Math.floor(lb.clientRect.height / ih) }), lb.clientRect.height, SCROLLBAR_SIZE);
    const trackY = by + g.thumbStart + g.thumbLen + 2;
    const row = [0, 1, 2, 3].map((i) => px(shot, bx + 4 + i, trackY));
    expect(new Set(row)).toEqual(new Set([white, rgb(DEFAULT_COLORS[COLOR.BTNFACE]!)]));
    expect(row[0]).not.toBe(row[1]);
    // Owner-draw list: items 20 px high, the parent fills item 1 (selected) black and the others gray.
    const od = byId(102);
    const mid = od.clientRect.x + (od.clientRect.width >> 1);
    expect([0, 1, 2, 3].map((i) => px(shot, mid, od.clientRect.y + 20 * i + 10))).toEqual([rgb(0x808080), 0, rgb(0x808080), rgb(0x808080)]);
    expect(px(shot, mid, od.clientRect.y + 20 * 4 + 2)).toBe(white);
    emu.display.tap(main.rect.x + main.rect.width - 12, main.rect.y + 10); // the caption's X
    const r = await emu.exited;
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!existsSync(CROP))("a disabled bar (LBS_DISABLENOSCROLL) has the CE 5 crop's arrow buttons and track", async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    await emu.waitForOutput('ready');
    await emu.display.waitIdle();
    const shot = decodePng(emu.display.screenshot());
    const crop = decodePng(readFileSync(CROP));
    const main = find(emu.display.windows(), (w) => w.text === 'Lists')!;
    const dis = main.children.find((c) => c.id === 105)!;
    expect(dis.style & WS.VSCROLL).toBe(WS.VSCROLL);
    /** The three outer lines of each side of a square button at (x, y), size n, through its middle. */
    const edge = (img: RgbaImage, x: number, y: number, n: number) => {
      const o: number[] = [];
      const m = n >> 1;
      for (let d = 0; d < 3; d++) o.push(px(img, x + d, y + m), px(img, x + n - 1 - d, y + m), px(img, x + m, y + d), px(img, x + m, y + n - 1 - d));
      return o;
    };
    // The crop's calculator list box: its disabled bar is 19 px wide at x 158, arrows at y 63 and 208, track 82..207.
    const x = dis.clientRect.x + dis.clientRect.width;
    const top = dis.clientRect.y;
    const bottom = top + dis.clientRect.height;
    const n = SCROLLBAR_SIZE;
    expect(edge(shot, x, top, n)).toEqual(edge(crop, 158, 63, 19));
    expect(edge(shot, x, bottom - n, n)).toEqual(edge(crop, 158, 208, 19));
    // A disabled arrow: COLOR_BTNSHADOW over a COLOR_BTNHIGHLIGHT copy, no black (the crop's colours).
    const inner = (img: RgbaImage, x0: number, y0: number, k: number) => {
      const c = new Set<number>();
      for (let y = y0 + 2; y < y0 + k - 2; y++) for (let xx = x0 + 2; xx < x0 + k - 2; xx++) c.add(px(img, xx, y));
      return [...c].sort();
    };
    expect(inner(shot, x, top, n)).toEqual(inner(crop, 158, 63, 19));
    // The track: no thumb, the checkerboard with the crop's phase (highlight where x + y is even on the screen).
    const phase = (img: RgbaImage, x0: number, y0: number, y1: number, w: number) => {
      const seen = new Set<string>();
      for (let y = y0; y < y1; y++) for (let xx = x0; xx < x0 + w; xx++) seen.add(`${(xx + y) & 1}:${px(img, xx, y).toString(16)}`);
      return [...seen].sort();
    };
    expect(phase(shot, x, top + n, bottom - n, n)).toEqual(phase(crop, 158, 82, 208, 19));
    emu.display.tap(main.rect.x + main.rect.width - 12, main.rect.y + 10);
    expect((await emu.exited).exitCode).toBe(0);
  });

  it('taps and keys: selection, notifications, scrolling by the arrows and the thumb, the drop-down list', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    await emu.waitForOutput('ready');
    await emu.display.waitIdle();
    const ih = realize(SYSTEM_LOGFONT).height;
    let tree = emu.display.windows();
    const main = find(tree, (w) => w.text === 'Lists')!;
    const byId = (id: number) => main.children.find((c) => c.id === id)!;
    const lb = byId(100);
    const page = Math.floor(lb.clientRect.height / ih);
    const mark = () => emu.stdout.split('\n').length - 1;
    const since = (n: number) => emu.stdout.split('\n').slice(n, -1);
    const step = async (act: () => void) => {
      const n = mark();
      act();
      await emu.display.waitIdle();
      return since(n);
    };

    // A tap on the third row: the list takes the focus (LBN_SETFOCUS), the release gives LBN_SELCHANGE.
    expect(await step(() => emu.display.tap(lb.clientRect.x + 10, lb.clientRect.y + 2 * ih + 3))).toEqual(['cmd 100 4 sel=0 top=0', 'cmd 100 1 sel=2 top=0']);
    // The focused caret item has DrawFocusRect's dotted frame: every other pixel inverted, from the item's top-left.
    {
      const img = decodePng(emu.display.screenshot());
      const hi = rgb(DEFAULT_COLORS[COLOR.HIGHLIGHT]!);
      const inv = 0xffffff ^ hi;
      const [x0, y0] = [lb.clientRect.x, lb.clientRect.y + 2 * ih];
      expect([0, 1, 2, 3].map((d) => px(img, x0 + d, y0))).toEqual([inv, hi, inv, hi]);
      expect([1, 2].map((d) => px(img, x0, y0 + d))).toEqual([hi, inv]);
    }
    expect(await step(() => emu.display.key('DOWN'))).toEqual(['cmd 100 1 sel=3 top=0']);
    expect(await step(() => emu.display.key(0x23 /* VK_END */))).toEqual([`cmd 100 1 sel=19 top=${20 - page}`]);
    // Typing a letter moves to the next item starting with it (wrapping): "b" -> banana.
    expect(await step(() => emu.display.key('B'))).toEqual(['cmd 100 1 sel=1 top=1']);
    let shot = decodePng(emu.display.screenshot());
    const hi = rgb(DEFAULT_COLORS[COLOR.HIGHLIGHT]!);
    // banana is item 1, the top item: the first row is highlighted.
    expect(px(shot, lb.clientRect.x + lb.clientRect.width - 2, lb.clientRect.y + 1)).toBe(hi);
    // The list's own bar: a tap on its up arrow scrolls one item (no notification to the parent).
    expect(await step(() => emu.display.tap(lb.clientRect.x + lb.clientRect.width + 6, lb.clientRect.y + 6))).toEqual([]);
    shot = decodePng(emu.display.screenshot());
    expect(px(shot, lb.clientRect.x + lb.clientRect.width - 2, lb.clientRect.y + ih + 1)).toBe(hi);

    // Multiple selection: taps toggle.
    const multi = byId(101);
    const tapRow = (w: WindowInfo, i: number) => emu.display.tap(w.clientRect.x + 10, w.clientRect.y + i * ih + 3);
    await step(() => tapRow(multi, 1));
    await step(() => tapRow(multi, 3));
    await step(() => tapRow(multi, 1));

    // The SCROLLBAR control: WM_VSCROLL to the parent with the control's handle, SB_LINEDOWN then SB_ENDSCROLL.
    const sb = byId(103);
    expect(await step(() => emu.display.tap(sb.rect.x + 6, sb.rect.y + sb.rect.height - 6))).toEqual(['vscroll 103 1 3 track=3', 'vscroll 103 8 4 track=4']);

    // The main window's own bar (non-client): an arrow, then the thumb dragged.
    const vx = main.clientRect.x + main.clientRect.width + 6;
    const vtop = main.clientRect.y;
    const vlen = main.clientRect.height;
    expect(await step(() => emu.display.tap(vx, vtop + vlen - 6))).toEqual(['vscroll 0 1 0 track=0', 'vscroll 0 8 1 track=1']);
    // The horizontal bar under the client area: its right arrow (the bottom-right corner between the bars is neither).
    const hy = main.clientRect.y + main.clientRect.height + 6;
    const hright = main.clientRect.x + main.clientRect.width;
    expect(await step(() => emu.display.tap(hright + 6, hy))).toEqual([]);
    expect(await step(() => emu.display.tap(hright - 6, hy))).toEqual(['hscroll 1 0', 'hscroll 8 1']);
    const mb = bar({ max: 10, pos: 1 });
    const mg = barGeometry(mb, vlen, SCROLLBAR_SIZE);
    const grabY = vtop + mg.thumbStart + 3;
    const lines = await step(() => emu.display.drag(vx, grabY, vx, grabY + 100, 4));
    const want = [1, 2, 3, 4].map((i) => thumbValue(mb, vlen, SCROLLBAR_SIZE, mg.thumbStart + Math.trunc((100 * i) / 4)));
    const tracks = [...new Set(want)].filter((v) => v !== 1);
    expect(lines).toEqual([
      ...tracks.map((v) => `vscroll 0 5 ${v} track=${v}`),
      `vscroll 0 4 ${want[3]} track=${want[3]}`,
      `vscroll 0 8 ${want[3]} track=${want[3]}`,
    ]);

    // The combo box: a tap drops the list (a top-level ComboLBox under it), a tap on an item picks it.
    const cb = byId(104);
    const opened = await step(() => emu.display.tap(cb.rect.x + 10, cb.rect.y + 5));
    expect(opened).toEqual(['cmd 101 5 sel=1 top=0', 'cmd 104 3 sel=4 top=0', 'cmd 104 7 sel=4 top=0']);
    tree = emu.display.windows();
    const drop = tree.find((w) => w.className === 'ComboLBox')!;
    expect(drop).toMatchObject({ visible: true });
    expect(drop.rect).toMatchObject({ x: cb.rect.x, y: cb.rect.y + cb.rect.height, width: cb.rect.width, height: 5 * ih + 2 });
    shot = decodePng(emu.display.screenshot());
    // Cherry (item 4) is selected in the dropped list.
    expect(px(shot, drop.clientRect.x + drop.clientRect.width - 2, drop.clientRect.y + 4 * ih + 2)).toBe(hi);
    const picked = await step(() => emu.display.tap(drop.clientRect.x + 10, drop.clientRect.y + ih + 3));
    expect(picked).toEqual(['cmd 104 9 sel=1 top=0', 'cmd 104 8 sel=1 top=0', 'cmd 104 1 sel=1 top=0']);
    expect(emu.display.windows().find((w) => w.className === 'ComboLBox')).toMatchObject({ visible: false });
    // A key on the closed combo box moves the selection without dropping it: CBN_SELENDOK, CBN_SELCHANGE (Wine's order).
    expect(await step(() => emu.display.key('DOWN'))).toEqual(['cmd 104 9 sel=2 top=0', 'cmd 104 1 sel=2 top=0']);

    emu.display.tap(main.rect.x + main.rect.width - 12, main.rect.y + 10);
    const r = await emu.exited;
    const fin = r.stdout.split('\n').filter((l) => l.startsWith('final'));
    expect(fin).toEqual([`final lb sel=1 top=0 text=banana`, 'final multi count=1 first=3', 'final combo sel=2 text=mango', `final main pos=${want[3]} sb=4`]);
    expect(r.exitCode).toBe(0);
  });

  it('CBS_DROPDOWN: its selection field is an EDIT child (id 1001) when the EDIT class exists, else the run stops naming it', async () => {
    const table = { classes: new Map(), nextAtom: 0xc000 } as unknown as Gwes;
    registerBuiltinClasses(table);
    const haveEdit = table.classes.has('edit');
    const emu = await start(rom, { profile, args: ['dropdown'], timeoutMs: 60_000 });
    const r = await emu.exited;
    if (haveEdit) {
      expect(r.stdout).toContain('dropdown text=two edit=EDIT');
      expect(r.exitCode).toBe(0);
    } else {
      expect(r).toMatchObject({ status: 'unimplemented', exitCode: 120 });
      expect(r.message).toContain('COMBOBOX with CBS_DROPDOWN (needs the EDIT class)');
    }
  });
});
