/**
 * The dialog manager, BUTTON and STATIC (issue 13, GUI part 1): dialogs.exe runs a DIALOG resource
 * modally (CE's DialogBoxParamW macro: FindResourceW + LoadResource + DialogBoxIndirectParamW) and a
 * DIALOGEX resource modeless. Checked here: the controls carry the template's classes, texts and
 * rectangles converted from dialog units (base units measured from the font here, Wine's formula), tab
 * order, IsDialogMessage's keys (TAB, arrows in a radio group, RETURN, ESC), EndDialog's result, taps on
 * a check box and a radio button through emu.display.tap, and CE's button look against the reference crop.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng, type RgbaImage } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';
import { realize, SYSTEM_LOGFONT } from '../../emulator/gdi/text.js';
import { mulDiv, parseTemplate } from '../../emulator/gwes/dialog.js';
import { parseDlgInt } from '../../emulator/dlls/coredll/dialogs.js';
import type { WindowInfo } from '../../emulator/gwes/wm.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'dialogs.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const GUI = join(ROOT, '..', 'shared', 'reference', 'gui');
const haveFonts = findFace('Tahoma', 700) !== undefined;

/** Base units of a font: the average width of A-Z a-z ((w / 26 + 1) / 2, integer division) and its height. */
function units(height: number): { x: number; y: number } {
  const f = realize({ ...SYSTEM_LOGFONT, height });
  const w = f.measure('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz').width;
  return { x: Math.trunc((Math.trunc(w / 26) + 1) / 2), y: f.height };
}

// dialogs.rc, template 100: [id, class, x, y, cx, cy, text]
const TEMPLATE: [number, string, number, number, number, number, string][] = [
  [200, 'STATIC', 6, 6, 40, 10, '&Name:'],
  [201, 'STATIC', 50, 6, 60, 10, 'Centered'],
  [202, 'STATIC', 114, 6, 60, 10, 'Right'],
  [203, 'BUTTON', 4, 20, 90, 58, 'Options'],
  [300, 'BUTTON', 10, 32, 70, 12, '&Bold'],
  [301, 'BUTTON', 10, 46, 70, 12, 'One'],
  [302, 'BUTTON', 10, 60, 70, 12, 'Two'],
  [204, 'STATIC', 100, 32, 40, 10, '0'],
  [205, 'STATIC', 100, 46, 74, 30, 'A longer text that the static control wraps at spaces.'],
  [1, 'BUTTON', 70, 96, 50, 14, 'OK'],
  [2, 'BUTTON', 124, 96, 50, 14, 'Cancel'],
];

function find(tree: WindowInfo[], pred: (w: WindowInfo) => boolean): WindowInfo | undefined {
  for (const w of tree) {
    if (pred(w)) return w;
    const c = find(w.children, pred);
    if (c) return c;
  }
  return undefined;
}

describe('dialog templates and helpers', () => {
  it('parses a DLGTEMPLATE with DS_SETFONT and items (names, ordinals, creation data)', () => {
    const words: number[] = [];
    const u32 = (v: number) => words.push(v & 0xffff, v >>> 16);
    const str = (s: string) => words.push(...[...s].map((c) => c.charCodeAt(0)), 0);
    u32(0x80c8_0040); // WS_POPUP | WS_CAPTION | WS_SYSMENU | DS_SETFONT
    u32(0);
    words.push(2, 1, 2, 100, 50); // cdit, x, y, cx, cy
    words.push(0, 0); // no menu, default class
    str('T');
    words.push(8);
    str('Tahoma');
    if (words.length % 2) words.push(0);
    u32(0x5001_0000);
    u32(0);
    words.push(3, 4, 30, 12, 7, 0xffff, 0x80); // x y cx cy id, class BUTTON by atom
    str('Go');
    words.push(0); // no creation data
    if (words.length % 2) words.push(0);
    u32(0x5000_0000);
    u32(0);
    words.push(5, 6, 20, 10, 8);
    str('MyClass');
    words.push(0xffff, 42); // title by ordinal
    words.push(2, 0xbeef); // 2 bytes of creation data
    const mem = Buffer.alloc(words.length * 2);
    words.forEach((w, i) => mem.writeUInt16LE(w, 2 * i));
    const t = parseTemplate({ u16: (a) => mem.readUInt16LE(a), u32: (a) => mem.readUInt32LE(a) }, 0);
    expect(t).toMatchObject({ ex: false, style: 0x80c8_0040, x: 1, y: 2, cx: 100, cy: 50, title: 'T', font: { pointSize: 8, face: 'Tahoma' } });
    expect(t.items).toHaveLength(2);
    expect(t.items[0]).toMatchObject({ id: 7, cls: 0x80, title: 'Go', data: 0, x: 3, y: 4, cx: 30, cy: 12 });
    expect(t.items[1]).toMatchObject({ id: 8, cls: 'MyClass', title: 42 });
    expect(mem.readUInt16LE(t.items[1]!.data)).toBe(2);
  });

  it('MulDiv rounds half away from zero; GetDlgItemInt parses blanks, sign and digits only', () => {
    expect([mulDiv(6, 7, 4), mulDiv(-6, 7, 4), mulDiv(10, 14, 8), mulDiv(3, 3, 2)]).toEqual([11, -11, 18, 5]);
    expect(parseDlgInt(' -42 ', true)).toBe(-42);
    expect(parseDlgInt('-42', false)).toBeUndefined();
    expect(parseDlgInt('12a', true)).toBeUndefined();
    expect(parseDlgInt('', true)).toBeUndefined();
    expect(parseDlgInt('4294967295', false)).toBe(4294967295);
    expect(parseDlgInt('2147483648', true)).toBeUndefined();
  });
});

describe.skipIf(!haveFonts)('dialogs.exe', () => {
  it('modal and modeless dialogs: controls from the template in dialog units, keys, results', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(33);
    expect(r.exitCode).toBe(0);
    // No DS_SETFONT: the system font (Tahoma -12) gives the base units.
    const u = units(SYSTEM_LOGFONT.height);
    expect(lines).toContain(`units ${u.x} ${u.y}`);
    expect(lines).toContain(`client ${mulDiv(180, u.x, 4)} ${mulDiv(116, u.y, 8)}`);
    const ctl = lines.filter((l) => l.startsWith('ctl '));
    expect(ctl).toEqual(
      TEMPLATE.map(
        ([id, cls, x, y, cx, cy, text]) => `ctl ${id} ${cls} ${mulDiv(x, u.x, 4)} ${mulDiv(y, u.y, 8)} ${mulDiv(cx, u.x, 4)} ${mulDiv(cy, u.y, 8)} ${text}`,
      ),
    );
    expect(lines).toContain(`map ${mulDiv(70, u.x, 4)} ${mulDiv(96, u.y, 8)} ${mulDiv(120, u.x, 4)} ${mulDiv(110, u.y, 8)}`);
    // Tab order: the check box, the checked radio button (CheckRadioButton moved WS_TABSTOP to it), OK, Cancel.
    expect(lines).toContain('tab 300 302 1 2');
    // TAB -> 302; UP -> 301 inside the group, an auto radio button clicks itself; TAB -> OK; RETURN -> IDOK.
    const keys = lines.slice(lines.indexOf('tab 300 302 1 2') + 1, lines.indexOf('result 77'));
    expect(keys.filter((l) => !l.startsWith('ok '))).toEqual(['focus 302 radio 01', 'clicked 301', 'focus 301 radio 10', 'focus 1 radio 10', 'command 1']);
    expect(lines).toContain('command 2'); // ESC
    // DIALOGEX with FONT 8, "Tahoma": desktop Windows' well-known 6x13 for Tahoma 8 pt at 96 dpi.
    expect(lines).toContain('units101 6 13');
  });

  it('taps: check box and radio button clicks reach the dialog; OK ends it; the window tree shows the controls', async () => {
    const emu = await start(rom, { profile, args: ['tap'], timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const tree = emu.display.windows();
    const dlg = find(tree, (w) => w.className === 'Dialog' && w.text === 'Dialog test')!;
    expect(dlg).toBeDefined();
    expect(dlg.active).toBe(true);
    const byId = (id: number) => dlg.children.find((c) => c.id === id)!;
    expect(byId(300)).toMatchObject({ className: 'BUTTON', text: '&Bold', focused: true, visible: true });
    const center = (w: WindowInfo) => [w.rect.x + (w.rect.width >> 1), w.rect.y + (w.rect.height >> 1)] as const;
    const box = byId(300).rect;
    let shot = decodePng(emu.display.screenshot());
    const black = (img: RgbaImage, x: number, y: number) => {
      const o = (y * img.width + x) * 4;
      return img.data[o] === 0 && img.data[o + 1] === 0 && img.data[o + 2] === 0;
    };
    const inkInBox = (img: RgbaImage) => {
      // Black pixels inside the check box's white square (2..13 of the 15x15 box, centred vertically).
      const top = box.y + ((box.height - 15) >> 1);
      let n = 0;
      for (let y = top + 2; y < top + 14; y++) for (let x = box.x + 2; x < box.x + 14; x++) if (black(img, x, y)) n++;
      return n;
    };
    expect(inkInBox(shot)).toBe(0);
    emu.display.tap(...center(byId(300)));
    await emu.display.waitIdle();
    shot = decodePng(emu.display.screenshot());
    expect(inkInBox(shot)).toBe(21); // the 7-pixel tick, three pixels high
    emu.display.tap(...center(byId(301)));
    await emu.display.waitIdle();
    emu.display.tap(...center(byId(1)));
    const r = await emu.exited;
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(lines.indexOf('clicked 300'))).toEqual(['clicked 300', 'clicked 301', 'command 1', 'state bold=1 one=1 two=0', 'result 77']);
    expect(r.exitCode).toBe(77);
  });

  it.skipIf(!existsSync(GUI))("push buttons have CE 5's raised edge (the crop's Cancel and default OK buttons)", async () => {
    const emu = await start(rom, { profile, args: ['tap'], timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const shot = decodePng(emu.display.screenshot());
    const crop = decodePng(readFileSync(join(GUI, 'ce5-dialog-properties-448x211.png')));
    const dlg = find(emu.display.windows(), (w) => w.text === 'Dialog test')!;
    const px = (img: RgbaImage, x: number, y: number) => {
      const o = (y * img.width + x) * 4;
      return (img.data[o]! << 16) | (img.data[o + 1]! << 8) | img.data[o + 2]!;
    };
    /** The two outer lines of each side of a button (the edge), from the bottom-right corner inwards. */
    const edge = (img: RgbaImage, x: number, y: number, w: number, h: number) => {
      const out: number[] = [];
      for (let d = 0; d < 3; d++) {
        out.push(px(img, x + d, y + (h >> 1)), px(img, x + w - 1 - d, y + (h >> 1)), px(img, x + (w >> 1), y + d), px(img, x + (w >> 1), y + h - 1 - d));
      }
      return out;
    };
    const cancel = dlg.children.find((c) => c.id === 2)!.rect;
    const ok = dlg.children.find((c) => c.id === 1)!.rect;
    // In the crop: Cancel at (377, 180) 61x22, OK (the default button) at (312, 180) 61x22.
    expect(edge(shot, cancel.x, cancel.y, cancel.width, cancel.height)).toEqual(edge(crop, 377, 180, 61, 22));
    expect(edge(shot, ok.x, ok.y, ok.width, ok.height)).toEqual(edge(crop, 312, 180, 61, 22));
    emu.display.tap(ok.x + 5, ok.y + 5);
    expect((await emu.exited).exitCode).toBe(77);
  });

  it('MessageBoxW: the stderr answer by default; a real dialog (buttons of the MB_ type, default button focused) with messageBoxAnswer dialog', async () => {
    const plain = await start(rom, { profile, args: ['m'], timeoutMs: 60_000 });
    const p = await plain.exited;
    expect(p.stdout.trim().split('\n')).toEqual(['msgbox 6', 'msgbox 1']);
    expect(p.stderr).toContain('[MessageBox] Confirm: Delete the file "notes.txt"? The file cannot be recovered once it has been deleted. -> IDYES\n');

    const emu = await start(rom, { profile, args: ['m'], messageBoxAnswer: 'dialog', timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const dlg = find(emu.display.windows(), (w) => w.text === 'Confirm')!;
    expect(dlg).toMatchObject({ className: 'Dialog', active: true });
    const buttons = dlg.children.filter((c) => c.className === 'BUTTON');
    expect(buttons.map((b) => [b.id, b.text, b.focused])).toEqual([
      [6, '&Yes', false],
      [7, '&No', true],
      [2, 'Cancel', false],
    ]);
    const text = dlg.children.find((c) => c.className === 'STATIC')!;
    expect(text.text).toBe('Delete the file "notes.txt"? The file cannot be recovered once it has been deleted.');
    // One row of equal buttons below the text, centred in the client area and the box on the screen (within the 2 px
    // that placing in dialog units can cost: one DLU is 7/4 px here).
    expect(new Set(buttons.map((b) => `${b.rect.width}x${b.rect.height}`)).size).toBe(1);
    expect(new Set(buttons.map((b) => b.rect.y)).size).toBe(1);
    expect(buttons[0]!.rect.y).toBeGreaterThanOrEqual(text.rect.y + text.rect.height);
    const left = buttons[0]!.rect.x - dlg.clientRect.x;
    const right = dlg.clientRect.x + dlg.clientRect.width - (buttons[2]!.rect.x + buttons[2]!.rect.width);
    expect(Math.abs(left - right)).toBeLessThanOrEqual(2);
    expect(Math.abs(dlg.rect.x * 2 + dlg.rect.width - 800)).toBeLessThanOrEqual(2);
    emu.display.tap(buttons[2]!.rect.x + 5, buttons[2]!.rect.y + 5); // Cancel
    await emu.display.waitIdle();
    const box2 = find(emu.display.windows(), (w) => w.text === 'Error')!; // NULL caption
    expect(box2.children.map((c) => c.text)).toEqual(['Done.', 'OK']);
    emu.display.key('ESCAPE'); // MB_OK: ESC answers IDOK
    const r = await emu.exited;
    expect(r.stdout.trim().split('\n')).toEqual(['msgbox 2', 'msgbox 1']);
    expect(r.stderr).toBe('');
  });
});

describe('dlgicon.exe: STATIC controls titled by resource ordinal', () => {
  it('SS_ICON and SS_BITMAP load their images from the dialog instance and take their sizes', async () => {
    const emu = await start(join(ROOT, 'roms', 'bin', 'dlgicon.exe'), { timeoutMs: 60_000 });
    const r = await emu.exited;
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(8);
    expect(r.exitCode).toBe(0);
  });
});
