/**
 * Menus of the window manager (CE's GWES menu code, gwe\controls\menu): menu objects and their
 * handles, items (strings, separators, popups, check marks, radio checks, grayed/disabled states),
 * MENU and MENUEX resource templates, the popup layout and its drawing with CE's flat look. The
 * exports are dlls/coredll/menus.ts, which also has the two window classes: "Menu" (the menu bar a
 * command bar hosts) and "MenuPopup" (a popup while TrackPopupMenuEx runs) - the class names are
 * CE's own (strings of the corpus's gwes.dll).
 *
 * Reference: the CE 5 documentation of the menu functions and constants (MF_*, MFT_*, MFS_*,
 * MENUITEMINFO), the Win32 MENUITEMTEMPLATE / MENUEX_TEMPLATE_ITEM layouts, Wine's dlls/user32/menu.c
 * (MENU_FindItem: MF_BYCOMMAND searches submenus first; MENU_ParseResource, MENUEX_ParseResource).
 * CE has no window menu bars: a window's menu is the command bar's (commctrl), drawn by the "Menu"
 * class; CreateWindowExW's hMenu is a child id only.
 */
import { rect } from '../gdi/region.js';
import type { Rect } from '../gdi/surface.js';
import type { RealFont } from '../gdi/text.js';
import type { Gwes } from './wm.js';

export const MF = {
  BYCOMMAND: 0,
  BYPOSITION: 0x400,
  ENABLED: 0,
  GRAYED: 0x1,
  DISABLED: 0x2,
  BITMAP: 0x4,
  CHECKED: 0x8,
  POPUP: 0x10,
  MENUBARBREAK: 0x20,
  MENUBREAK: 0x40,
  END: 0x80,
  OWNERDRAW: 0x100,
  SEPARATOR: 0x800,
} as const;

export const MFT = { STRING: 0, BITMAP: 0x4, MENUBARBREAK: 0x20, MENUBREAK: 0x40, OWNERDRAW: 0x100, RADIOCHECK: 0x200, SEPARATOR: 0x800 } as const;
export const MFS = { GRAYED: 0x3, CHECKED: 0x8, HILITE: 0x80, DEFAULT: 0x1000 } as const;

export interface MenuItem {
  /** MFT_* flags. */
  type: number;
  /** MFS_* flags (MF_GRAYED = 1 and MF_DISABLED = 2 kept apart, as EnableMenuItem reports them). */
  state: number;
  id: number;
  /** Submenu handle, 0 for a command item. */
  sub: number;
  text: string;
  data: number;
  checked: number;
  unchecked: number;
}

export interface Menu {
  handle: number;
  /** CreatePopupMenu (true) or CreateMenu / LoadMenuW's top level (a menu bar). */
  popup: boolean;
  items: MenuItem[];
}

const FIRST_MENU = 0x00e0_0004;

/** The run's menus (GWES objects: any process of the run may use a handle). */
export class Menus {
  private readonly map = new Map<number, Menu>();
  private next = FIRST_MENU;
  create(popup: boolean): Menu {
    const m: Menu = { handle: this.next, popup, items: [] };
    this.next += 4;
    this.map.set(m.handle, m);
    return m;
  }
  get(h: number): Menu | undefined {
    return this.map.get(h >>> 0);
  }
  /** DestroyMenu: the menu and every submenu it holds. */
  destroy(h: number): boolean {
    const m = this.get(h);
    if (!m) return false;
    this.map.delete(m.handle);
    for (const it of m.items) if (it.sub) this.destroy(it.sub);
    return true;
  }
}

const tables = new WeakMap<Gwes, Menus>();
export function menusOf(g: Gwes): Menus {
  let t = tables.get(g);
  if (!t) tables.set(g, (t = new Menus()));
  return t;
}

export function newItem(p: Partial<MenuItem>): MenuItem {
  return { type: 0, state: 0, id: 0, sub: 0, text: '', data: 0, checked: 0, unchecked: 0, ...p };
}

/**
 * An item by position or by command (MF_BYCOMMAND: the first item with that id, searching each
 * popup's submenu before the popup item itself, as Wine's MENU_FindItem).
 */
export function locate(t: Menus, m: Menu, item: number, byPosition: boolean, depth = 0): { menu: Menu; index: number } | undefined {
  if (byPosition) return item >>> 0 < m.items.length ? { menu: m, index: item >>> 0 } : undefined;
  if (depth > 32) return undefined;
  let fallback: { menu: Menu; index: number } | undefined;
  for (let i = 0; i < m.items.length; i++) {
    const it = m.items[i]!;
    if (it.sub) {
      const s = t.get(it.sub);
      const r = s && locate(t, s, item, false, depth + 1);
      if (r) return r;
      if (!fallback && (it.id & 0xffff) === (item & 0xffff)) fallback = { menu: m, index: i };
    } else if ((it.id & 0xffff) === (item & 0xffff)) return { menu: m, index: i };
  }
  return fallback;
}

// ------------------------------------------------------------------ resource templates
export interface ByteReader {
  u16(a: number): number;
  u32(a: number): number;
  length: number;
}

function wstr(r: ByteReader, p: number): [string, number] {
  let s = '';
  while (p + 1 < r.length) {
    const c = r.u16(p);
    p += 2;
    if (c === 0) return [s, p];
    s += String.fromCharCode(c);
  }
  throw new RangeError('menu template: unterminated string');
}

/**
 * Builds the menus of a MENU (MENUITEMTEMPLATEHEADER version 0) or MENUEX (version 1) template;
 * returns the top-level menu (a menu bar, its popups as submenus).
 */
export function parseMenuTemplate(t: Menus, r: ByteReader): Menu {
  const version = r.u16(0);
  const offset = r.u16(2);
  const top = t.create(false);
  if (version === 0) parseItems(t, r, 4 + offset, top, 0);
  else if (version === 1) parseItemsEx(t, r, 4 + offset, top, 0);
  else throw new RangeError(`menu template version ${version}`);
  return top;
}

function parseItems(t: Menus, r: ByteReader, p: number, into: Menu, depth: number): number {
  if (depth > 16) throw new RangeError('menu template: too deep');
  for (;;) {
    if (p + 2 > r.length) throw new RangeError('menu template: truncated');
    const flags = r.u16(p);
    p += 2;
    let id = 0;
    if (!(flags & MF.POPUP)) {
      id = r.u16(p);
      p += 2;
    }
    const [text, next] = wstr(r, p);
    p = next;
    const type = flags & (MFT.MENUBARBREAK | MFT.MENUBREAK | MFT.OWNERDRAW | MFT.BITMAP) & ~MF.END;
    const state = flags & (MF.GRAYED | MF.DISABLED | MF.CHECKED);
    // A MENUITEM SEPARATOR is an item with id 0, no text and no flags.
    const sep = !(flags & MF.POPUP) && id === 0 && text === '' && !(flags & ~MF.END);
    const it = newItem({ type: sep ? MFT.SEPARATOR : type | (flags & MF.SEPARATOR), state, id, text });
    if (flags & MF.POPUP) {
      const sub = t.create(true);
      it.sub = sub.handle;
      it.id = sub.handle;
      p = parseItems(t, r, p, sub, depth + 1);
    }
    into.items.push(it);
    if (flags & MF.END) return p;
  }
}

function parseItemsEx(t: Menus, r: ByteReader, p: number, into: Menu, depth: number): number {
  if (depth > 16) throw new RangeError('menu template: too deep');
  for (;;) {
    if (p + 14 > r.length) throw new RangeError('menu template: truncated');
    const type = r.u32(p);
    const state = r.u32(p + 4);
    const id = r.u32(p + 8);
    const resInfo = r.u16(p + 12);
    const [text, next] = wstr(r, p + 14);
    p = (next + 3) & ~3;
    const it = newItem({ type, state, id, text });
    if (resInfo & 0x01) {
      p += 4; // dwHelpId
      const sub = t.create(true);
      it.sub = sub.handle;
      p = parseItemsEx(t, r, p, sub, depth + 1);
    }
    into.items.push(it);
    if (resInfo & 0x80) return p;
  }
}

// ------------------------------------------------------------------ popup layout
/** Popup metrics (pixels): a 1 px frame, a check-mark column, text, the accelerator column, the submenu arrow. */
export const POPUP = { border: 1, check: 15, gap: 16, arrow: 15, sepHeight: 7, pad: 4 } as const;

export interface PopupLayout {
  width: number;
  height: number;
  /** Item rectangles in popup coordinates. */
  rows: Rect[];
  /** x of the accelerator column (text after a tab). */
  accelX: number;
}

export function splitTab(s: string): [string, string] {
  const i = s.indexOf('\t');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** Width of a menu string without its '&' prefixes. */
export function textWidth(font: RealFont, s: string): number {
  return font.measure(stripMnemonic(s)).width;
}

export function stripMnemonic(s: string): string {
  return s.replace(/&(.)/g, '$1').replace(/&$/, '');
}

/**
 * Rows of a popup. An owner-drawn item takes the size its owner gave in WM_MEASUREITEM (`measured`):
 * its height, and its width where the text goes (between the check column and the arrow).
 */
export function layoutPopup(font: RealFont, items: readonly MenuItem[], measured?: ReadonlyMap<MenuItem, { w: number; h: number }>): PopupLayout {
  let left = 0;
  let right = 0;
  for (const it of items) {
    if (it.type & MFT.SEPARATOR) continue;
    const od = measured?.get(it);
    if (od) {
      left = Math.max(left, od.w);
      continue;
    }
    const [a, b] = splitTab(it.text);
    left = Math.max(left, textWidth(font, a));
    if (b) right = Math.max(right, textWidth(font, b));
  }
  const rowH = font.height + POPUP.pad;
  const rows: Rect[] = [];
  let y = POPUP.border;
  const width = POPUP.border * 2 + POPUP.check + left + (right ? POPUP.gap + right : 0) + POPUP.arrow;
  for (const it of items) {
    const h = it.type & MFT.SEPARATOR ? POPUP.sepHeight : (measured?.get(it)?.h ?? rowH);
    rows.push(rect(POPUP.border, y, width - POPUP.border, y + h));
    y += h;
  }
  return { width, height: Math.max(y + POPUP.border, 2 * POPUP.border + 4), rows, accelX: POPUP.border + POPUP.check + left + POPUP.gap };
}

/** The first mnemonic character of a menu string (after a single '&'), lower case. */
export function mnemonicOf(s: string): string | undefined {
  const m = /(?:^|[^&])&([^&])/.exec(s) ?? /^&([^&])/.exec(s);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Where the underline of a mnemonic goes: its x offset and width in the stripped string, if any. */
export function mnemonicSpan(font: RealFont, s: string): { x: number; w: number } | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '&' && i + 1 < s.length) {
      i++;
      if (s[i] !== '&') return { x: font.measure(out).width, w: font.advance(s.charCodeAt(i)) };
    }
    out += s[i];
  }
  return undefined;
}

export const itemEnabled = (it: MenuItem): boolean => !(it.state & (MF.GRAYED | MF.DISABLED)) && !(it.type & MFT.SEPARATOR);
