/**
 * The dialog manager's data side: dialog templates parsed from guest memory (DLGTEMPLATE and
 * DLGTEMPLATEEX), dialog base units from the dialog font, DLU -> pixel conversion, and the tab/group
 * navigation over a dialog's controls. The exports (DialogBoxIndirectParamW, DefDlgProcW, ...) are in
 * dlls/coredll/dialogs.ts.
 *
 * Reference: the Win32 docs of DLGTEMPLATE / DLGITEMTEMPLATE / DLGTEMPLATEEX (CE 5 documents both;
 * CE's resource compiler writes DIALOG as DLGTEMPLATE, DIALOGEX as DLGTEMPLATEEX), Wine's
 * dlls/user32/dialog.c (DIALOG_ParseTemplate32, DIALOG_CreateIndirect, GdiGetCharDimensions, the
 * GetNextDlgTabItem / GetNextDlgGroupItem walks). Base units: the average width of "A..Za..z"
 * ((width / 26 + 1) / 2, integer) and the font height; without DS_SETFONT the dialog uses the system
 * font (Tahoma -12 on CE, HKLM\SYSTEM\GDI\SYSFNT), which CE's GetDialogBaseUnits reports.
 */
import type { Rect } from '../gdi/surface.js';
import { rect } from '../gdi/region.js';
import type { RealFont } from '../gdi/text.js';
import { WS } from './nonclient.js';
import type { Gwes, Window } from './wm.js';

export const DS = {
  ABSALIGN: 0x01,
  SYSMODAL: 0x02,
  SETFONT: 0x40,
  MODALFRAME: 0x80,
  SETFOREGROUND: 0x200,
  CONTROL: 0x400,
  CENTER: 0x800,
  CENTERMOUSE: 0x1000,
} as const;

/** A name or ordinal field of a template (sz_Or_Ord). */
export type NameOrOrd = string | number | undefined;

export interface DlgItem {
  style: number;
  exStyle: number;
  x: number;
  y: number;
  cx: number;
  cy: number;
  id: number;
  cls: NameOrOrd;
  title: NameOrOrd;
  /** Guest address of the creation data (its size word), 0 when there is none. */
  data: number;
}

export interface DlgTemplate {
  ex: boolean;
  style: number;
  exStyle: number;
  x: number;
  y: number;
  cx: number;
  cy: number;
  menu: NameOrOrd;
  cls: NameOrOrd;
  title: string;
  font?: { pointSize: number; weight: number; italic: boolean; charSet: number; face: string };
  items: DlgItem[];
}

/** What the parser reads guest memory with (bounds-checked by the caller's memory view). */
export interface TemplateReader {
  u16(a: number): number;
  u32(a: number): number;
}

class Cursor {
  constructor(
    private readonly r: TemplateReader,
    public p: number,
  ) {}
  u16(): number {
    const v = this.r.u16(this.p);
    this.p += 2;
    return v;
  }
  i16(): number {
    return (this.u16() << 16) >> 16;
  }
  u32(): number {
    const v = this.r.u32(this.p);
    this.p += 4;
    return v >>> 0;
  }
  u8pair(): [number, number] {
    const v = this.u16();
    return [v & 0xff, v >> 8];
  }
  str(): string {
    let s = '';
    for (let n = 0; n < 0x10000; n++) {
      const c = this.u16();
      if (c === 0) return s;
      s += String.fromCharCode(c);
    }
    throw new RangeError('dialog template: unterminated string');
  }
  /** sz_Or_Ord: 0x0000 = none, 0xFFFF + ordinal, else a string. */
  nameOrOrd(): NameOrOrd {
    const first = this.r.u16(this.p);
    if (first === 0) {
      this.p += 2;
      return undefined;
    }
    if (first === 0xffff) {
      this.p += 2;
      return this.u16();
    }
    return this.str();
  }
  align4(): void {
    this.p = (this.p + 3) & ~3;
  }
}

/** Parses a DLGTEMPLATE or DLGTEMPLATEEX at guest address `at`. */
export function parseTemplate(r: TemplateReader, at: number): DlgTemplate {
  const c = new Cursor(r, at);
  const ex = r.u16(at) === 1 && r.u16(at + 2) === 0xffff;
  let style: number, exStyle: number;
  if (ex) {
    c.p += 8; // dlgVer, signature, helpID
    exStyle = c.u32();
    style = c.u32();
  } else {
    style = c.u32();
    exStyle = c.u32();
  }
  const count = c.u16();
  const x = c.i16();
  const y = c.i16();
  const cx = c.i16();
  const cy = c.i16();
  const menu = c.nameOrOrd();
  const cls = c.nameOrOrd();
  const title = c.nameOrOrd();
  const t: DlgTemplate = { ex, style, exStyle, x, y, cx, cy, menu, cls, title: typeof title === 'string' ? title : '', items: [] };
  if (style & DS.SETFONT) {
    const pointSize = c.u16();
    let weight = 400;
    let italic = false;
    let charSet = 0;
    if (ex) {
      weight = c.u16();
      const [it, cs] = c.u8pair();
      italic = it !== 0;
      charSet = cs;
    }
    t.font = { pointSize, weight: weight || 400, italic, charSet, face: c.str() };
  }
  for (let i = 0; i < count; i++) {
    c.align4();
    let it: Omit<DlgItem, 'cls' | 'title' | 'data'>;
    if (ex) {
      c.p += 4; // helpID
      const exS = c.u32();
      const st = c.u32();
      it = { exStyle: exS, style: st, x: c.i16(), y: c.i16(), cx: c.i16(), cy: c.i16(), id: c.u32() };
    } else {
      const st = c.u32();
      const exS = c.u32();
      it = { style: st, exStyle: exS, x: c.i16(), y: c.i16(), cx: c.i16(), cy: c.i16(), id: c.u16() };
    }
    const icls = c.nameOrOrd();
    const ititle = c.nameOrOrd();
    const dataAt = c.p;
    const extra = c.u16();
    c.p += extra;
    t.items.push({ ...it, cls: icls, title: ititle, data: extra ? dataAt : 0 });
  }
  return t;
}

/** MulDiv: a * b / c rounded half away from zero, as Win32's. */
export function mulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  const q = Math.floor((Math.abs(p) + (Math.abs(c) >> 1)) / Math.abs(c));
  return p < 0 !== c < 0 ? -q : q;
}

export interface BaseUnits {
  x: number;
  y: number;
}

/** Dialog base units of a font (Wine's GdiGetCharDimensions). */
export function baseUnitsOf(font: RealFont): BaseUnits {
  const w = font.measure('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz').width;
  return { x: Math.floor((Math.floor(w / 26) + 1) / 2), y: font.height };
}

/** MapDialogRect: DLUs -> pixels. */
export function mapDialogRect(r: Rect, u: BaseUnits): Rect {
  return rect(mulDiv(r.left, u.x, 4), mulDiv(r.top, u.y, 8), mulDiv(r.right, u.x, 4), mulDiv(r.bottom, u.y, 8));
}

// ------------------------------------------------------------------ navigation
const orders = new WeakMap<Window, Window[]>();

/**
 * Records a dialog's control order (the template's, which is the tab order). The z-order can differ:
 * CE clips siblings always, so the dialog manager keeps group boxes below the other controls (a group
 * box above its check boxes would hide them); navigation follows this list, not the z-order.
 */
export function setDialogOrder(dlg: Window, list: Window[]): void {
  orders.set(dlg, list);
}

/** The controls of `dlg` in dialog order (children created later by the application follow, in z-order). */
export function dialogOrder(g: Gwes, dlg: Window): Window[] {
  const kids = g.children(dlg.hwnd);
  const known = orders.get(dlg);
  if (!known) return kids;
  const alive = known.filter((w) => !w.destroyed && w.parent === dlg.hwnd);
  return [...alive, ...kids.filter((w) => !alive.includes(w))];
}

const usable = (w: Window): boolean => (w.style & WS.VISIBLE) !== 0 && !(w.style & WS.DISABLED);

/**
 * GetNextDlgGroupItem: the next (or previous) control of ctl's group - the run of siblings from a
 * WS_GROUP control up to the next one - wrapping inside the group; invisible and disabled controls
 * are skipped. Returns ctl itself when it is alone.
 */
export function nextGroupItem(g: Gwes, dlg: Window, ctl: Window, prev: boolean): Window {
  const list = dialogOrder(g, dlg);
  const i = list.indexOf(ctl);
  if (i < 0) return ctl;
  let start = i;
  while (start > 0 && !(list[start]!.style & WS.GROUP)) start--;
  let end = i + 1;
  while (end < list.length && !(list[end]!.style & WS.GROUP)) end++;
  const group = list.slice(start, end);
  const k = group.indexOf(ctl);
  for (let n = 1; n < group.length; n++) {
    const c = group[(k + (prev ? -n : n) + group.length * 2) % group.length]!;
    if (usable(c)) return c;
  }
  return ctl;
}

/**
 * GetNextDlgTabItem: the next (or previous) visible, enabled WS_TABSTOP control after ctl in the
 * dialog's order (wrapping); with no ctl the first (or last) one. Returns undefined when the dialog
 * has no tab stop.
 */
export function nextTabItem(g: Gwes, dlg: Window, ctl: Window | undefined, prev: boolean): Window | undefined {
  const list = dialogOrder(g, dlg);
  const stops = list.filter((c) => usable(c) && c.style & WS.TABSTOP);
  if (!stops.length) return undefined;
  const i = ctl ? list.indexOf(ctl) : -1;
  if (i < 0) return prev ? stops[stops.length - 1] : stops[0];
  for (let n = 1; n <= list.length; n++) {
    const c = list[(i + (prev ? -n : n) + list.length * 2) % list.length]!;
    if (usable(c) && c.style & WS.TABSTOP) return c;
  }
  return ctl;
}
