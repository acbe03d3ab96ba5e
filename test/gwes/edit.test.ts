/**
 * The EDIT control, the caret and the clipboard (issue 14): edit.exe checks the EM_* messages, the
 * notifications, the caret and clipboard functions (the clipboard also with a child process) inside the guest (ok/FAIL lines, "en ID CODE" for
 * every WM_COMMAND notification); with argument "type" it waits for the host's pen and keys
 * (emu.display.type/key/tap/drag) and prints every control's text and selection when closed. The
 * screenshot checks use the font engine's own measurements for where characters are (the control
 * keeps 1 px between its border and its text) and the CE colours (COLOR_HIGHLIGHT selection,
 * COLOR_STATIC read-only background, an inverted 1 px caret).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng, type RgbaImage } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';
import { realize, SYSTEM_LOGFONT } from '../../emulator/gdi/text.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'edit.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const haveFonts = findFace('Tahoma', 400) !== undefined;
const CROP = join(ROOT, '..', 'shared', 'reference', 'gui', 'ce5-dialog-properties-448x211.png');

function find(tree: WindowInfo[], pred: (w: WindowInfo) => boolean): WindowInfo | undefined {
  for (const w of tree) {
    if (pred(w)) return w;
    const c = find(w.children, pred);
    if (c) return c;
  }
  return undefined;
}

const px = (img: RgbaImage, x: number, y: number) => {
  const o = (y * img.width + x) * 4;
  return (img.data[o]! << 16) | (img.data[o + 1]! << 8) | img.data[o + 2]!;
};

/** The lines of one section ("-- NAME" up to the next "-- "). */
function section(lines: string[], name: string): string[] {
  const i = lines.indexOf(`-- ${name}`);
  const rest = lines.slice(i + 1);
  const j = rest.findIndex((l) => l.startsWith('-- '));
  return j < 0 ? rest : rest.slice(0, j);
}

describe.skipIf(!haveFonts)('edit.exe', () => {
  it('EM_* messages, notifications, caret and clipboard functions', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(89);
    expect(r.exitCode).toBe(0);
    // WM_SETTEXT of a single-line control: EN_UPDATE then EN_CHANGE (hex codes 400, 300).
    expect(section(lines, 'settext').slice(0, 3)).toEqual(['en 101 400', 'en 101 300', 'ok WM_SETTEXT returns TRUE']);
    // EM_REPLACESEL cut to the limit: EN_MAXTEXT first, then the change.
    expect(section(lines, 'limit').filter((l) => l.startsWith('en '))).toEqual(['en 101 501', 'en 101 400', 'en 101 300', 'en 101 400', 'en 101 300']);
    // A multi-line control is told nothing about WM_SETTEXT (Wine's edit.c, as Windows).
    expect(section(lines, 'lines').filter((l) => l.startsWith('en '))).toEqual([]);
    // The wrapped sentence: the second line starts where the first line's words no longer fit 200 - 2 (border) - 2 (spacing) px.
    const font = realize(SYSTEM_LOGFONT);
    const sentence = 'The quick brown fox jumps over the lazy dog and keeps running';
    const words = sentence.split(/(?<= )/);
    let first = '';
    while (words.length && font.measure((first + words[0]).trimEnd()).width <= 200 - 4) first += words.shift();
    expect(lines).toContain(`wrap 2 ${first.length}`);
    expect(lines).toContain(`pos 1 ${1 + font.height} ${first.length} 1`);
    // A single-line edit without ES_AUTOHSCROLL takes the digits that fit 150 - 2 (border) - 2 (spacing) px, with EN_MAXTEXT.
    const digits = '1234567890'.repeat(4);
    let fit = 0;
    while (fit < digits.length && font.measure(digits.slice(0, fit + 1)).width <= 150 - 4) fit++;
    expect(section(lines, 'scroll').filter((l) => l.startsWith('en ') || l.startsWith('fit '))).toEqual([
      'en 104 501',
      'en 104 400',
      'en 104 300',
      `fit ${fit}`,
    ]);
    // ES_CENTER and ES_RIGHT in 146 px of text width (1 px spacing inside the border on each side).
    const mid = font.measure('mid').width;
    expect(lines).toContain(`align ${1 + ((146 - mid) >> 1)} ${1 + 146 - mid}`);
    // One clipboard per run: a child process reads the parent's text, gets the same registered format number.
    const procs = section(lines, 'processes');
    expect(procs).toContain('child read from parent');
    const fmt = procs.find((l) => l.startsWith('parent format '))!.split(' ')[2];
    expect(Number(fmt)).toBeGreaterThanOrEqual(0xc000);
    expect(procs).toContain(`child format ${fmt}`);
    // Focus: EN_SETFOCUS after the caret test's SetFocus.
    expect(section(lines, 'caret')).toContain('en 101 100');
  });

  it('typing, keys, selection by keys and by drag, Ctrl+C/V/X/Z, password, read-only and number edits; the screen', async () => {
    const emu = await start(rom, { profile, args: ['type'], deterministic: true, timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const tree = emu.display.windows();
    const main = find(tree, (w) => w.text === 'Edit test')!;
    const byId = (id: number) => find(main.children, (w) => w.id === id)!;
    expect(byId(101)).toMatchObject({ className: 'EDIT', focused: true });
    const font = realize(SYSTEM_LOGFONT);
    const d = emu.display;

    d.type('Hello world');
    await d.waitIdle();
    // Shift+LEFT x5 selects "world"; Ctrl+C copies it.
    d.keyDown('SHIFT');
    for (let i = 0; i < 5; i++) d.key('LEFT');
    d.keyUp('SHIFT');
    await d.waitIdle();

    // The screen (RGB565 expanded): "world" highlighted (COLOR_HIGHLIGHT, navy #000084) exactly from x("Hello ") to x("Hello world"), the rest white/black.
    const e = byId(101);
    let shot = decodePng(d.screenshot());
    const cx = e.clientRect.x + 1; // the 1 px spacing of a bordered control
    const top = e.clientRect.y + 1;
    const x0 = cx + font.measure('Hello ').width;
    const x1 = cx + font.measure('Hello world').width;
    const rowHighlight = (img: RgbaImage, y: number) => {
      const xs: number[] = [];
      for (let x = e.clientRect.x; x < e.clientRect.x + e.clientRect.width; x++) if (px(img, x, y) === 0x000084) xs.push(x);
      return xs;
    };
    const row = rowHighlight(shot, top + 1);
    // The caret sits at the moving end of the selection (x0): its column is the navy inverted (RGB565 0x0010 ^ 0xffff).
    expect(px(shot, x0, top + 1)).toBe(0xffff7b);
    expect(row[0]).toBe(x0 + 1);
    expect(row[row.length - 1]).toBe(x1 - 1);
    expect(row.length).toBe(x1 - x0 - 1);
    // Inside the selection the text is white on navy: some white ink in the middle rows.
    let white = 0;
    for (let y = top; y < top + font.height; y++) for (let x = x0; x < x1; x++) if (px(shot, x, y) === 0xffffff) white++;
    expect(white).toBeGreaterThan(20);
    // The border is CE's flat 1 px black frame.
    expect(px(shot, e.rect.x, e.rect.y + 5)).toBe(0);
    expect(px(shot, e.rect.x + 1, e.rect.y + 5)).toBe(0xffffff);

    d.keyDown('CONTROL');
    d.key('C');
    d.keyUp('CONTROL');
    d.key('HOME');
    d.type('>');
    d.key('END');
    d.key('BACK');
    await d.waitIdle();

    // The caret (deterministic clock: it was just moved, so it is in its first, visible, blink period) is an
    // inverted 1 px column at the end of the text.
    shot = decodePng(d.screenshot());
    const caretX = cx + font.measure('>Hello worl').width;
    const col: number[] = [];
    for (let y = top; y < top + font.height; y++) col.push(px(shot, caretX, y));
    expect(col).toEqual(Array(font.height).fill(0));
    for (let y = top; y < top + font.height; y++) expect(px(shot, caretX + 2, y)).toBe(0xffffff);

    // Tap into the multi-line edit, paste twice, undo the second paste with Ctrl+Z; RETURN makes a new line.
    const m = byId(102);
    d.tap(m.rect.x + 20, m.rect.y + 5);
    await d.waitIdle();
    d.keyDown('CONTROL');
    d.key('V');
    d.key('V');
    d.key('Z');
    d.keyUp('CONTROL');
    d.key('RETURN');
    d.type('next');
    await d.waitIdle();

    // Password edit: the text is kept, '*' is drawn for each character.
    const pw = byId(103);
    d.tap(pw.rect.x + 5, pw.rect.y + 5);
    await d.waitIdle();
    d.type('abc');
    d.key('TAB'); // not a dialog: a single-line edit ignores the TAB character
    await d.waitIdle();
    shot = decodePng(d.screenshot());
    const inkOf = (img: RgbaImage, r: WindowInfo['clientRect']) => {
      const out: string[] = [];
      for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) if (px(img, x, y) === 0) out.push(`${x - r.x},${y - r.y}`);
      return out;
    };
    // The same client area drawn by the font engine: '***' at the text origin (1, 1), plus the caret after it.
    const stars = font.measure('***').width;
    const expected: string[] = [];
    {
      const glyph = font.face.bitmap(font.gid(0x2a), font.ppem)!;
      const stride = (glyph.width + 7) >> 3;
      for (let i = 0; i < 3; i++)
        for (let y = 0; y < glyph.height; y++)
          for (let x = 0; x < glyph.width; x++)
            if (glyph.rows[y * stride + (x >> 3)]! & (0x80 >> (x & 7)))
              expected.push(`${1 + i * font.advance(0x2a) + glyph.bearingX + x},${1 + font.ascent - glyph.bearingY + y}`);
      for (let y = 0; y < font.height; y++) expected.push(`${1 + stars},${1 + y}`);
    }
    const sortKey = (a: string) =>
      a
        .split(',')
        .map(Number)
        .reverse()
        .map((n) => String(n).padStart(4, '0'))
        .join();
    expect(inkOf(shot, pw.clientRect).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      expected.sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );

    // Number edit: letters are refused. Upper-case edit converts what is typed.
    d.tap(byId(104).rect.x + 5, byId(104).rect.y + 5);
    await d.waitIdle();
    d.type('a1b2c3');
    d.tap(byId(105).rect.x + 5, byId(105).rect.y + 5);
    await d.waitIdle();
    d.type('shout');
    // Read-only: typing changes nothing, but a drag selects.
    const ro = byId(106);
    d.tap(ro.rect.x + 5, ro.rect.y + 5);
    await d.waitIdle();
    d.type('xyz');
    d.key('DELETE');
    await d.waitIdle();
    const roLeft = ro.clientRect.x + 1;
    d.drag(roLeft + font.measure('r').width + 1, ro.clientRect.y + 5, roLeft + font.measure('read').width + 1, ro.clientRect.y + 5);
    await d.waitIdle();
    shot = decodePng(d.screenshot());
    // CE's read-only background: COLOR_STATIC (the parent answers WM_CTLCOLORSTATIC with the default).
    expect(px(shot, ro.clientRect.x + ro.clientRect.width - 3, ro.clientRect.y + 3)).toBe(0xc6c3c6); // 192,192,192 at 16 bpp
    expect(px(shot, m.clientRect.x + m.clientRect.width - 3, m.clientRect.y + 3)).toBe(0xffffff);

    // Shift+DELETE cuts in the upper-case edit: select all with keys first.
    d.tap(byId(105).rect.x + 5, byId(105).rect.y + 5);
    await d.waitIdle();
    d.key('END');
    d.keyDown('SHIFT');
    d.key('HOME');
    d.key('DELETE');
    d.keyUp('SHIFT');
    await d.waitIdle();

    d.tap(main.rect.x + main.rect.width - 12, main.rect.y + 10); // the caption's X
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('ready');
    expect(lines.filter((l) => l.startsWith('text ') || l.startsWith('sel '))).toEqual([
      'text 101 >Hello worl',
      'sel 101 11 11',
      'text 102 world^~next', // CR as ^, LF as ~
      'sel 102 11 11',
      'text 103 abc',
      'sel 103 3 3',
      'text 104 123',
      'sel 104 3 3',
      'text 105 ',
      'sel 105 0 0',
      'text 106 read only',
      'sel 106 1 4',
    ]);
    // The notifications in order for the typing into 101: EN_UPDATE/EN_CHANGE per character.
    const en101 = lines.filter((l) => l.startsWith('en 101 '));
    expect(en101.slice(0, 4)).toEqual(['en 101 100', 'en 101 400', 'en 101 300', 'en 101 400']);
    expect(lines.filter((l) => l === 'en 101 300').length).toBe(13); // 11 characters, '>', BACK
    expect(lines).toContain('en 101 200'); // EN_KILLFOCUS when the tap moved the focus
    expect(r.exitCode).toBe(0);
  });

  it.skipIf(!existsSync(CROP))('the properties dialog matches the CE 5 crop control by control', async () => {
    const emu = await start(rom, { profile, args: ['p'], deterministic: true, timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const shot = decodePng(emu.display.screenshot());
    const crop = decodePng(readFileSync(CROP));
    const dlg = find(emu.display.windows(), (w) => w.text === 'Properties')!;
    // 448x212: the crop (211 rows) lost the dialog's last row, the black bottom of its frame (the property sheet crop's
    // frame has shadow, black, black at the bottom as at the right).
    expect(dlg.rect).toEqual({ x: 100, y: 100, width: 448, height: 212 });
    // The non-client area (the frame of DS_MODALFRAME: black border, raised edge; caption, its line and X button), every
    // pixel of it in the crop.
    const client = { x: dlg.clientRect.x - dlg.rect.x, y: dlg.clientRect.y - dlg.rect.y, w: dlg.clientRect.width, h: dlg.clientRect.height };
    expect(client).toEqual({ x: 3, y: 26, w: 442, h: 183 });
    let ncDiff = 0;
    for (let y = 0; y < crop.height; y++)
      for (let x = 0; x < crop.width; x++) {
        if (x >= client.x && x < client.x + client.w && y >= client.y && y < client.y + client.h) continue;
        if (px(shot, dlg.rect.x + x, dlg.rect.y + y) !== px(crop, x, y)) ncDiff++;
      }
    expect(ncDiff).toBe(0);
    const kids = dlg.children;
    expect(kids.length).toBe(21);
    const inside = (c: WindowInfo, x: number, y: number) => x >= c.rect.x && y >= c.rect.y && x < c.rect.x + c.rect.width && y < c.rect.y + c.rect.height;
    const figures: string[] = [];
    const worst: number[] = [];
    for (const c of kids) {
      // The control's pixels (a group box's without the controls inside it), screen vs crop (crop = window coordinates).
      let n = 0;
      let diff = 0;
      for (let y = c.rect.y; y < c.rect.y + c.rect.height; y++)
        for (let x = c.rect.x; x < c.rect.x + c.rect.width; x++) {
          if (kids.some((o) => o !== c && inside(o, x, y) && o.rect.width * o.rect.height < c.rect.width * c.rect.height)) continue;
          n++;
          if (px(shot, x, y) !== px(crop, x - dlg.rect.x, y - dlg.rect.y)) diff++;
        }
      figures.push(`${c.id} ${c.className} ${JSON.stringify(c.text)}: ${diff}/${n} (${((100 * diff) / n).toFixed(2)}%)`);
      worst.push(diff / n);
    }
    // Every control pixel for pixel, text included: the date edit's "01/01/98" needs CE's regular 12 px '1' and the
    // group box title "Last modified date" CE's 5 px bold space (gdi/fonts/ce-glyphs.ts), where Wine's strikes differ.
    for (const [i] of kids.entries()) expect(worst[i], figures[i]).toBe(0);
    // TAB through the dialog (IsDialogMessage): the 6 enabled check boxes after the first, Current, then the date
    // edit, whose whole text the dialog manager selects (DLGC_HASSETSEL: EM_SETSEL 0, -1).
    for (let i = 0; i < 7; i++) emu.display.key('TAB');
    await emu.display.waitIdle();
    const date = find(emu.display.windows(), (w) => w.id === 730)!;
    expect(date.focused).toBe(true);
    const after = decodePng(emu.display.screenshot());
    const textW = realize(SYSTEM_LOGFONT).measure('01/01/98').width;
    const y = date.clientRect.y + 2;
    const navy: number[] = [];
    for (let x = date.clientRect.x; x < date.clientRect.x + date.clientRect.width; x++) if (px(after, x, y) === 0x000084) navy.push(x);
    // Highlighted from the first character to the last; the caret (inverted) at the end, after the highlight.
    expect(navy[0]).toBe(date.clientRect.x + 1);
    expect(navy.length).toBe(textW);
    expect(px(after, date.clientRect.x + 1 + textW, y)).toBe(0);
    emu.display.key('ESCAPE');
    const r = await emu.exited;
    expect(r.stdout.trim().split('\n')).toEqual(['ready', 'result 2']);
  });
});
