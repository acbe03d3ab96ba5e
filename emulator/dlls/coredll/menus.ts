/**
 * coredll menus (GWES): CreateMenu, CreatePopupMenu, DestroyMenu, LoadMenuW, InsertMenuW,
 * AppendMenuW, RemoveMenu, DeleteMenu, EnableMenuItem, CheckMenuItem, CheckMenuRadioItem,
 * GetSubMenu, GetMenuItemInfoW, SetMenuItemInfoW, DrawMenuBar, SetAssociatedMenu,
 * GetAssociatedMenu, TrackPopupMenuEx; and CE's two menu window classes. The menu objects, templates
 * and popup layout are gwes/menu.ts.
 *
 * Following the CE 5 reference: EnableMenuItem returns the previous state (MF_ENABLED, MF_GRAYED or
 * MF_DISABLED), CheckMenuItem the previous check state, both 0xFFFFFFFF when the item does not exist;
 * MF_BYCOMMAND also searches submenus. CE's MENUITEMINFO is the 44-byte one (cbSize, fMask, fType,
 * fState, wID, hSubMenu, hbmpChecked, hbmpUnchecked, dwItemData, dwTypeData, cch: no hbmpItem); its
 * gwes.dll rejects another cbSize ("cbSize member not set to sizeof(MENUITEMINFO)"): FALSE,
 * ERROR_INVALID_PARAMETER. A bad menu handle: ERROR_INVALID_MENU_HANDLE; a missing item:
 * ERROR_MENU_ITEM_NOT_FOUND (Windows' codes). CE documents string and owner-drawn items (MF_OWNERDRAW:
 * WM_MEASUREITEM to the owner before a popup shows, WM_DRAWITEM with the paint DC for each such row);
 * bitmap items (MF_BITMAP, not a CE flag) stop the run naming themselves.
 *
 * Windows (class names from the corpus's gwes.dll):
 *  - "Menu": the menu bar a command bar hosts. commctrl's CommandBar_InsertMenubar(Ex) creates it as a
 *    child of the command bar with lpCreateParams -> { HINSTANCE hInst; LPCWSTR pszMenu; HWND
 *    hwndNotify } (hInst NULL: pszMenu is an HMENU), reads its window rectangle for the button width,
 *    and CommandBar_GetMenu reads the HMENU at window long 0 (disassembly of the corpus's commctrl.dll).
 *    The bar sizes itself to its items on WM_CREATE and on DrawMenuBar(hwndNotify); a tap on an item
 *    opens its popup under it (TrackPopupMenuEx's loop, WM_COMMAND to hwndNotify).
 *  - "MenuPopup": a popup while TrackPopupMenuEx runs; the window tree lists its items (`menu`).
 * Fonts: HKLM\SYSTEM\GWE\Menu\BarFnt and PopFnt of a CE device (Tahoma -12; the bar's weight is
 * unset there, and CE's command bar menus are bold; the popup's 400). Colours: COLOR_MENU,
 * COLOR_MENUTEXT, COLOR_GRAYTEXT, selection COLOR_HIGHLIGHT / COLOR_HIGHLIGHTTEXT, a 1 px
 * COLOR_WINDOWFRAME frame and COLOR_BTNSHADOW separators (CE's flat look).
 *
 * TrackPopupMenuEx (Win32 reference and Wine's MENU_TrackMenu): WM_INITMENUPOPUP(hmenu, position) to
 * the owner before a popup shows (not with TPM_NONOTIFY), the popup placed by the TPM_*ALIGN flags and
 * kept on the screen, then a modal loop - a scheduler continuation like the dialog manager's, never JS
 * recursion - takes the thread's messages: the pen (the popup holds the capture) highlights, opens
 * submenus and chooses an item when lifted over it; a press outside every popup cancels; keys: up/down
 * move the selection, right/enter open a submenu, left/escape close one level, enter or an item's
 * mnemonic chooses; other messages are dispatched (painting goes on). A WM_QUIT ends the loop and is
 * posted again. The popups are destroyed, then the chosen command is posted to the owner as
 * WM_COMMAND(id, 0), or returned with TPM_RETURNCMD (0 when cancelled); without it the result is TRUE.
 */
import { fn, UnimplementedFeature, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { RT_MENU } from '../../core/pe/resources.js';
import { rect } from '../../gdi/region.js';
import type { Rect } from '../../gdi/surface.js';
import { realize, SYSTEM_LOGFONT, type LogFont, type RealFont } from '../../gdi/text.js';
import { addBuiltinClass, registerBuiltinClasses } from '../../gwes/controls/classes.js';
import { beginCtlPaint, endCtlPaint, fill, text, type CtlPaint } from '../../gwes/controls/paint.js';
import {
  itemEnabled,
  layoutPopup,
  locate,
  menusOf,
  mnemonicOf,
  mnemonicSpan,
  MF,
  MFS,
  MFT,
  newItem,
  parseMenuTemplate,
  POPUP,
  splitTab,
  stripMnemonic,
  textWidth,
  type Menu,
  type MenuItem,
  type PopupLayout,
} from '../../gwes/menu.js';
import { WS } from '../../gwes/nonclient.js';
import { COLOR } from '../../gwes/sysmetrics.js';
import { gwesOf, WM, type Gwes, type MenuItemInfo, type QMsg, type Window, type WndClass } from '../../gwes/wm.js';
import { defWindowProc, keyMenuHook } from './defwnd.js';
import { resourceBytes } from './resimage.js';
import { createWindow, deliverSent, dispatchMessage, take } from './windows.js';
import { destroyWindow, send, setWindowPos, showWindow } from './winpos.js';

const WM_INITMENUPOPUP = 0x0117;
const WM_MEASUREITEM = 0x002c;
const WM_DRAWITEM = 0x002b;
const ODT_MENU = 1;
const ODA_DRAWENTIRE = 1;
const ODS = { SELECTED: 0x1, GRAYED: 0x2, DISABLED: 0x4, CHECKED: 0x8 } as const;
const TPM = { CENTERALIGN: 0x4, RIGHTALIGN: 0x8, VCENTERALIGN: 0x10, BOTTOMALIGN: 0x20, NONOTIFY: 0x80, RETURNCMD: 0x100 } as const;
const VK = { RETURN: 0x0d, ESCAPE: 0x1b, LEFT: 0x25, UP: 0x26, RIGHT: 0x27, DOWN: 0x28 } as const;
const SW_SHOWNA = 8;
const SWP_NOMOVE = 0x2;
const SWP_NOZORDER = 0x4;
const SWP_NOACTIVATE = 0x10;
const MIIM = { STATE: 0x1, ID: 0x2, SUBMENU: 0x4, CHECKMARKS: 0x8, TYPE: 0x10, DATA: 0x20 } as const;
const MENUITEMINFO_SIZE = 44;
const NO_ITEM = 0xffff_ffff;

/** HKLM\SYSTEM\GWE\Menu\PopFnt and BarFnt (module comment). */
const POP_FONT: LogFont = { ...SYSTEM_LOGFONT, weight: 400 };
const BAR_FONT: LogFont = { ...SYSTEM_LOGFONT, weight: 700 };
/** Horizontal padding of a menu bar item on each side of its text. */
const BAR_PAD = 6;

const s16 = (v: number): number => (v << 16) >> 16;
const asRect = (r: Rect) => ({ x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top });

function menuOf(cx: ApiContext, h: number): Menu | undefined {
  const m = menusOf(gwesOf(cx.machine)).get(h);
  if (!m) cx.setLastError(ERROR.INVALID_MENU_HANDLE);
  return m;
}

// ------------------------------------------------------------------ item edits
/** The item InsertMenuW / AppendMenuW describe (MF_* flags, id or submenu, string or data). */
function itemFrom(cx: ApiContext, flags: number, id: number, p: number): MenuItem | undefined {
  if (flags & MF.BITMAP) throw new UnimplementedFeature('a bitmap menu item (MF_BITMAP)');
  const it = newItem({
    type: flags & (MFT.MENUBARBREAK | MFT.MENUBREAK | MFT.OWNERDRAW | MFT.SEPARATOR),
    state: flags & (MF.GRAYED | MF.DISABLED | MF.CHECKED),
    id: id >>> 0,
  });
  if (flags & MF.POPUP) {
    if (!menusOf(gwesOf(cx.machine)).get(id)) {
      cx.setLastError(ERROR.INVALID_MENU_HANDLE);
      return undefined;
    }
    it.sub = id >>> 0;
  }
  if (flags & MF.OWNERDRAW) it.data = p >>> 0;
  else if (!(flags & MF.SEPARATOR) && p) it.text = cx.mem.wstr(p, 1024);
  return it;
}

function insert(cx: ApiContext, h: number, pos: number, flags: number, id: number, p: number): number {
  const m = menuOf(cx, h);
  if (!m) return 0;
  const it = itemFrom(cx, flags, id, p);
  if (!it) return 0;
  let into = m;
  let at = m.items.length;
  if (flags & MF.BYPOSITION) {
    if (pos >>> 0 < m.items.length) at = pos >>> 0;
  } else if (pos >>> 0 !== NO_ITEM) {
    const f = locate(menusOf(gwesOf(cx.machine)), m, pos, false);
    if (!f) return cx.fail(0, ERROR.MENU_ITEM_NOT_FOUND);
    into = f.menu;
    at = f.index;
  }
  into.items.splice(at, 0, it);
  return 1;
}

function remove(cx: ApiContext, h: number, pos: number, flags: number, destroy: boolean): number {
  const m = menuOf(cx, h);
  if (!m) return 0;
  const t = menusOf(gwesOf(cx.machine));
  const f = locate(t, m, pos, (flags & MF.BYPOSITION) !== 0);
  if (!f) return cx.fail(0, ERROR.MENU_ITEM_NOT_FOUND);
  const [it] = f.menu.items.splice(f.index, 1);
  if (destroy && it?.sub) t.destroy(it.sub);
  return 1;
}

function findItem(cx: ApiContext, h: number, item: number, byPosition: boolean): MenuItem | undefined {
  const m = menuOf(cx, h);
  if (!m) return undefined;
  const f = locate(menusOf(gwesOf(cx.machine)), m, item, byPosition);
  if (!f) {
    cx.setLastError(ERROR.MENU_ITEM_NOT_FOUND);
    return undefined;
  }
  return f.menu.items[f.index];
}

function checkRadio(cx: ApiContext, h: number, first: number, last: number, check: number, flags: number): number {
  const m = menuOf(cx, h);
  if (!m) return 0;
  const t = menusOf(gwesOf(cx.machine));
  const byPos = (flags & MF.BYPOSITION) !== 0;
  const f = locate(t, m, first, byPos);
  const l = locate(t, m, last, byPos);
  const c = locate(t, m, check, byPos);
  if (!f || !l || !c || f.menu !== l.menu || c.menu !== f.menu || c.index < f.index || c.index > l.index) return cx.fail(0, ERROR.MENU_ITEM_NOT_FOUND);
  for (let i = f.index; i <= l.index; i++) {
    const it = f.menu.items[i]!;
    if (i === c.index) {
      it.type |= MFT.RADIOCHECK;
      it.state |= MFS.CHECKED;
    } else it.state &= ~MFS.CHECKED;
  }
  return 1;
}

function getItemInfo(cx: ApiContext, h: number, item: number, byPos: number, p: number): number {
  if (!p || cx.mem.u32(p) !== MENUITEMINFO_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const it = findItem(cx, h, item, byPos !== 0);
  if (!it) return 0;
  cx.mem.check(p, MENUITEMINFO_SIZE, 'write');
  const mask = cx.mem.u32(p + 4);
  if (mask & MIIM.STATE) cx.mem.setU32(p + 12, it.state);
  if (mask & MIIM.ID) cx.mem.setU32(p + 16, it.id);
  if (mask & MIIM.SUBMENU) cx.mem.setU32(p + 20, it.sub);
  if (mask & MIIM.CHECKMARKS) {
    cx.mem.setU32(p + 24, it.checked);
    cx.mem.setU32(p + 28, it.unchecked);
  }
  if (mask & MIIM.DATA) cx.mem.setU32(p + 32, it.data);
  if (mask & MIIM.TYPE) {
    cx.mem.setU32(p + 8, it.type);
    if (!(it.type & (MFT.SEPARATOR | MFT.OWNERDRAW | MFT.BITMAP))) {
      const buf = cx.mem.u32(p + 36);
      const cch = cx.mem.u32(p + 40);
      if (buf && cch > 0) {
        const s = it.text.slice(0, cch - 1);
        cx.mem.writeWstr(buf, s);
        cx.mem.setU32(p + 40, s.length);
      } else cx.mem.setU32(p + 40, it.text.length);
    } else if (it.type & MFT.OWNERDRAW) cx.mem.setU32(p + 36, it.data);
  }
  return 1;
}

function setItemInfo(cx: ApiContext, h: number, item: number, byPos: number, p: number): number {
  if (!p || cx.mem.u32(p) !== MENUITEMINFO_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const it = findItem(cx, h, item, byPos !== 0);
  if (!it) return 0;
  cx.mem.check(p, MENUITEMINFO_SIZE);
  const mask = cx.mem.u32(p + 4);
  if (mask & MIIM.TYPE) {
    const type = cx.mem.u32(p + 8);
    if (type & MFT.BITMAP) throw new UnimplementedFeature('a bitmap menu item (MFT_BITMAP)');
    // CE: "Menu item is not allowed to change types from string to ownerdraw, or vice-versa".
    if ((type & MFT.OWNERDRAW) !== (it.type & MFT.OWNERDRAW) && !(it.type & MFT.SEPARATOR) && !(type & MFT.SEPARATOR))
      return cx.fail(0, ERROR.INVALID_PARAMETER);
    it.type = type;
    const data = cx.mem.u32(p + 36);
    if (type & MFT.OWNERDRAW) it.data = data;
    else if (!(type & MFT.SEPARATOR)) it.text = data ? cx.mem.wstr(data, 1024) : '';
  }
  if (mask & MIIM.STATE) it.state = cx.mem.u32(p + 12);
  if (mask & MIIM.ID) it.id = cx.mem.u32(p + 16);
  if (mask & MIIM.SUBMENU) {
    const sub = cx.mem.u32(p + 20);
    if (sub && !menusOf(gwesOf(cx.machine)).get(sub)) return cx.fail(0, ERROR.INVALID_MENU_HANDLE);
    it.sub = sub;
  }
  if (mask & MIIM.CHECKMARKS) {
    it.checked = cx.mem.u32(p + 24);
    it.unchecked = cx.mem.u32(p + 28);
  }
  if (mask & MIIM.DATA) it.data = cx.mem.u32(p + 32);
  return 1;
}

/** LoadMenuW: the module's RT_MENU resource built into menus (`undefined` and the last error when it fails). */
export function loadMenu(cx: ApiContext, inst: number, name: number): Menu | undefined {
  const id = name >>> 0 < 0x1_0000 ? name : cx.mem.wstr(name, 260);
  const r = resourceBytes(cx, inst, RT_MENU, id);
  if ('error' in r) {
    cx.setLastError(r.error);
    return undefined;
  }
  const b = r.bytes;
  try {
    return parseMenuTemplate(menusOf(gwesOf(cx.machine)), {
      length: b.length,
      u16: (a) => (a + 1 < b.length ? b[a]! | (b[a + 1]! << 8) : 0),
      u32: (a) => (a + 3 < b.length ? (b[a]! | (b[a + 1]! << 8) | (b[a + 2]! << 16) | (b[a + 3]! << 24)) >>> 0 : 0),
    });
  } catch {
    cx.setLastError(ERROR.RESOURCE_DATA_NOT_FOUND);
    return undefined;
  }
}

// ------------------------------------------------------------------ drawing
const popFont = (): RealFont => realize(POP_FONT);
const barFont = (): RealFont => realize(BAR_FONT);

/** A menu string at (x, y): '&' prefixes removed, the mnemonic underlined. */
function menuText(p: CtlPaint, font: RealFont, x: number, y: number, s: string, color: number): void {
  text(p, font, x, y, stripMnemonic(s), color);
  const u = mnemonicSpan(font, s);
  if (u) fill(p, rect(x + u.x, y + font.ascent + 1, x + u.x + u.w, y + font.ascent + 2), color);
}

/** A check mark or a radio dot in the check column of a row. */
function checkMark(p: CtlPaint, r: Rect, radio: boolean, color: number): void {
  const cx0 = r.left + ((POPUP.check - 7) >> 1);
  const cy0 = r.top + ((r.bottom - r.top - 7) >> 1);
  if (radio) {
    const rows = [
      [2, 5],
      [1, 6],
      [1, 6],
      [2, 5],
    ];
    rows.forEach(([a, b], i) => fill(p, rect(cx0 + a!, cy0 + 1 + i, cx0 + b!, cy0 + 2 + i), color));
    return;
  }
  // The tick of a checked BUTTON (controls/button.ts): 7 pixels wide, strokes three pixels high.
  for (let i = 0; i < 7; i++) {
    const y = cy0 + (i <= 2 ? 2 + i : 4 - (i - 2));
    fill(p, rect(cx0 + i, y, cx0 + i + 1, y + 3), color);
  }
}

/** The submenu arrow: a 4 px high triangle pointing right. */
function arrow(p: CtlPaint, r: Rect, color: number): void {
  const x = r.right - POPUP.arrow + 5;
  const y = r.top + ((r.bottom - r.top) >> 1) - 3;
  for (let i = 0; i < 4; i++) fill(p, rect(x + i, y + i, x + i + 1, y + 7 - i), color);
}

function paintPopup(p: CtlPaint, lv: Level): void {
  const g = p.g;
  const font = popFont();
  fill(p, rect(0, 0, p.width, p.height), g.sysColor(COLOR.MENU));
  const frameColor = g.sysColor(COLOR.WINDOWFRAME);
  fill(p, rect(0, 0, p.width, 1), frameColor);
  fill(p, rect(0, p.height - 1, p.width, p.height), frameColor);
  fill(p, rect(0, 0, 1, p.height), frameColor);
  fill(p, rect(p.width - 1, 0, p.width, p.height), frameColor);
  lv.menu.items.forEach((it, i) => {
    const r = lv.lay.rows[i];
    if (!r) return;
    if (it.type & MFT.SEPARATOR) {
      const y = r.top + (POPUP.sepHeight >> 1);
      fill(p, rect(r.left + 1, y, r.right - 1, y + 1), g.sysColor(COLOR.BTNSHADOW));
      return;
    }
    if (it.type & MFT.OWNERDRAW) return; // WM_DRAWITEM to the owner (popupProc)
    if (it.type & (MFT.MENUBREAK | MFT.MENUBARBREAK)) throw new UnimplementedFeature('a multi-column popup menu (MFT_MENUBREAK)');
    const hot = i === lv.hot && itemEnabled(it);
    if (hot) fill(p, r, g.sysColor(COLOR.HIGHLIGHT));
    const color = hot ? g.sysColor(COLOR.HIGHLIGHTTEXT) : it.state & (MF.GRAYED | MF.DISABLED) ? g.sysColor(COLOR.GRAYTEXT) : g.sysColor(COLOR.MENUTEXT);
    const y = r.top + ((r.bottom - r.top - font.height) >> 1);
    const [a, b] = splitTab(it.text);
    menuText(p, font, r.left + POPUP.check, y, a, color);
    if (b) menuText(p, font, lv.lay.accelX, y, b, color);
    if (it.state & MFS.CHECKED) checkMark(p, r, (it.type & MFT.RADIOCHECK) !== 0, color);
    if (it.sub) arrow(p, r, color);
  });
}

// ------------------------------------------------------------------ the menu bar ("Menu")
interface Bar {
  menu: number;
  notify: number;
  hot: number;
  /** Loaded from the resource by the bar (destroyed with it), not an HMENU the caller handed over. */
  owned: boolean;
}
const bars = new WeakMap<Window, Bar>();

/** Item rectangles of a bar in client coordinates. */
function barItems(g: Gwes, w: Window, b: Bar): Rect[] {
  const m = menusOf(g).get(b.menu);
  if (!m) return [];
  const font = barFont();
  const c = g.clientRect(w);
  const h = c.bottom - c.top;
  let x = 0;
  return m.items.map((it) => {
    const wd = it.type & MFT.SEPARATOR ? BAR_PAD : textWidth(font, it.text) + 2 * BAR_PAD;
    const r = rect(x, 0, x + wd, h);
    x += wd;
    return r;
  });
}

function barWidth(g: Gwes, w: Window, b: Bar): number {
  const items = barItems(g, w, b);
  const nc = w.rect.right - w.rect.left - (g.clientRect(w).right - g.clientRect(w).left);
  return (items.length ? items[items.length - 1]!.right : 0) + nc;
}

function barMenuItems(g: Gwes, w: Window, b: Bar): MenuItemInfo[] {
  const m = menusOf(g).get(b.menu);
  const c = g.clientRect(w);
  return barItems(g, w, b).map((r, i) => {
    const it = m!.items[i]!;
    return itemInfo(it, c, r, i === b.hot);
  });
}

function paintBar(cx: ApiContext, g: Gwes, w: Window, b: Bar): number {
  const p = beginCtlPaint(cx, g, w);
  try {
    fill(p, rect(0, 0, p.width, p.height), g.sysColor(COLOR.MENU));
    const m = menusOf(g).get(b.menu);
    const font = barFont();
    barItems(g, w, b).forEach((r, i) => {
      const it = m!.items[i]!;
      if (it.type & MFT.SEPARATOR) return;
      const hot = i === b.hot;
      if (hot) fill(p, r, g.sysColor(COLOR.HIGHLIGHT));
      const color = hot ? g.sysColor(COLOR.HIGHLIGHTTEXT) : itemEnabled(it) ? g.sysColor(COLOR.MENUTEXT) : g.sysColor(COLOR.GRAYTEXT);
      menuText(p, font, r.left + BAR_PAD, (p.height - font.height) >> 1, it.text, color);
    });
  } finally {
    endCtlPaint(p);
  }
  return 0;
}

/**
 * Opens the popup of bar item i under it (a tap, or the keyboard: `keys`). From the keyboard, LEFT and
 * RIGHT at the popup's top level close it and open the previous / next item's popup (wrapping, skipping
 * disabled items), as Windows' menu bars do.
 */
function openBarItem(cx: ApiContext, g: Gwes, w: Window, b: Bar, i: number, keys: boolean): Returns<'i32'> {
  const m = menusOf(g).get(b.menu);
  const it = m?.items[i];
  if (!m || !it || !itemEnabled(it)) return 0;
  if (!it.sub) {
    const n = g.window(b.notify);
    if (n) g.queue(n.thread).post({ hwnd: n.hwnd, msg: WM.COMMAND, wParam: it.id & 0xffff, lParam: 0 });
    return 0;
  }
  b.hot = i;
  g.invalidate(w, undefined, false);
  const c = g.clientRect(w);
  const r = barItems(g, w, b)[i]!;
  return trackPopup(
    cx,
    g,
    it.sub,
    0,
    c.left + r.left,
    w.rect.bottom,
    b.notify,
    i,
    (_cmd, move) => {
      b.hot = -1;
      if (!w.destroyed) g.invalidate(w, undefined, false);
      if (!move || w.destroyed) return 0;
      const n = m.items.length;
      for (let s = 1; s <= n; s++) {
        const j = (((i + move * s) % n) + n) % n;
        if (m.items[j] && itemEnabled(m.items[j]!)) return openBarItem(cx, g, w, b, j, true);
      }
      return 0;
    },
    keys,
  );
}

/**
 * WM_SYSCOMMAND SC_KEYMENU (defwnd.ts): the menu associated with the top-level window (SetAssociatedMenu,
 * "the menu that receives ALT keystrokes") opens from the keyboard on the menu bar that shows it: the
 * item whose mnemonic is `ch`, or the first enabled item for ALT alone (ch 0). No associated menu, no bar
 * showing it or no such item: nothing happens (0).
 */
function keyMenu(cx: ApiContext, top: Window, ch: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const hm = associated.get(top);
  if (!hm) return 0;
  const w = [...g.windows.values()].find((x) => !x.destroyed && bars.get(x)?.menu === hm);
  const b = w && bars.get(w);
  const m = menusOf(g).get(hm);
  if (!w || !b || !m) return 0;
  const c = String.fromCharCode(ch & 0xffff).toLowerCase();
  const i = ch ? m.items.findIndex((it) => itemEnabled(it) && mnemonicOf(it.text) === c) : m.items.findIndex(itemEnabled);
  return i >= 0 ? openBarItem(cx, g, w, b, i, true) : 0;
}
keyMenuHook.handler = keyMenu;

function menuBarProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const b = bars.get(w);
  switch (msg) {
    case WM.CREATE: {
      const params = cx.mem.u32(lp);
      if (!params) return -1;
      const inst = cx.mem.u32(params);
      const name = cx.mem.u32(params + 4);
      const notify = cx.mem.u32(params + 8);
      const menu = inst ? loadMenu(cx, inst, name)?.handle : menusOf(g).get(name)?.handle;
      if (!menu) return -1;
      const bar: Bar = { menu, notify, hot: -1, owned: inst !== 0 };
      bars.set(w, bar);
      // CE 6's gwes.dll associates the bar's menu with the bar's top-level window (SetAssociatedMenu: the
      // menu ALT keystrokes open) and drops the association when the bar goes, if it is still its own.
      associated.set(g.topLevelOf(w), menu);
      if (w.extra.length >= 4) w.extra.writeUInt32LE(menu, 0);
      w.menuItems = () => barMenuItems(g, w, bar);
      // Sized to its items now: the command bar reads the window rectangle right after creation.
      w.rect = rect(w.rect.left, w.rect.top, w.rect.left + barWidth(g, w, bar), w.rect.bottom);
      return 0;
    }
    case WM.PAINT:
      return b ? paintBar(cx, g, w, b) : defWindowProc(cx, h, msg, wp, lp);
    case WM.ERASEBKGND:
      return 1;
    case WM.LBUTTONDOWN:
    case WM.LBUTTONDBLCLK: {
      // Wine's menu tracking takes a double click as a press (MENU_TrackMenu); the classes have CS_DBLCLKS.
      if (!b) return 0;
      const x = s16(lp & 0xffff);
      const i = barItems(g, w, b).findIndex((r) => x >= r.left && x < r.right);
      const m = menusOf(g).get(b.menu);
      const it = i >= 0 ? m?.items[i] : undefined;
      if (!it || !itemEnabled(it)) return 0;
      if (!it.sub) {
        const n = g.window(b.notify);
        if (n) g.queue(n.thread).post({ hwnd: n.hwnd, msg: WM.COMMAND, wParam: it.id & 0xffff, lParam: 0 });
        return 0;
      }
      return openBarItem(cx, g, w, b, i, false);
    }
    case WM.DESTROY:
      // A menu the bar loaded goes with it (commctrl does not destroy what CommandBar_GetMenu hands
      // out); one the caller passed as an HMENU stays the caller's.
      if (b && associated.get(g.topLevelOf(w)) === b.menu) associated.set(g.topLevelOf(w), 0);
      if (b?.owned) menusOf(g).destroy(b.menu);
      return 0;
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}

/** DrawMenuBar: the menu bars notifying `hwnd` (or `hwnd` itself, a bar) fit their items again and are redrawn. */
function drawMenuBar(cx: ApiContext, hwnd: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  if (!g.window(hwnd)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
  const list = [...g.windows.values()].filter((w) => !w.destroyed && bars.has(w) && (bars.get(w)!.notify === hwnd >>> 0 || w.hwnd === hwnd >>> 0));
  const one = (i: number): Returns<'i32'> => {
    if (i >= list.length) return 1;
    const w = list[i]!;
    const width = barWidth(g, w, bars.get(w)!);
    g.invalidate(w, undefined, false);
    if (width === w.rect.right - w.rect.left || w.thread !== cx.thread) return one(i + 1);
    return setWindowPos(cx, g, w, 0, 0, 0, width, w.rect.bottom - w.rect.top, SWP_NOMOVE | SWP_NOZORDER | SWP_NOACTIVATE, () => one(i + 1));
  };
  return one(0);
}

// ------------------------------------------------------------------ popups and TrackPopupMenuEx
interface Level {
  menu: Menu;
  win: Window;
  lay: PopupLayout;
  hot: number;
  /** The window that gets WM_MEASUREITEM / WM_DRAWITEM for owner-drawn items. */
  owner: number;
}
interface Track {
  owner: number;
  flags: number;
  levels: Level[];
  done: boolean;
  cmd: number;
  capture: number;
  /** Opened from a menu bar: LEFT/RIGHT at the top level end the loop asking for the neighbour (barMove). */
  bar?: boolean;
  barMove?: number;
}
const levels = new WeakMap<Window, Level>();
/** The popup loop running on a thread, if any (TrackPopupMenuEx inside it fails as on Windows). */
const running = new WeakMap<Gwes, Set<number>>();

function popupProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  const lv = w && levels.get(w);
  if (!w || !lv) return defWindowProc(cx, h, msg, wp, lp);
  if (msg === WM.PAINT) {
    const p = beginCtlPaint(cx, g, w);
    try {
      paintPopup(p, lv);
    } catch (e) {
      endCtlPaint(p);
      throw e;
    }
    return drawOwnerItems(cx, g, lv, p, 0, () => {
      endCtlPaint(p);
      return 0;
    });
  }
  if (msg === WM.ERASEBKGND) return 1;
  return defWindowProc(cx, h, msg, wp, lp);
}

/**
 * WM_DRAWITEM to the owner for each owner-drawn item from index i on (DRAWITEMSTRUCT: ODT_MENU, CtlID 0,
 * itemID, ODA_DRAWENTIRE, ODS_* state, hwndItem = the menu handle, the paint DC, the row, itemData),
 * as the Win32 owner-drawn menu documentation describes.
 */
function drawOwnerItems(cx: ApiContext, g: Gwes, lv: Level, p: CtlPaint, i: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const items = lv.menu.items;
  while (i < items.length && !(items[i]!.type & MFT.OWNERDRAW)) i++;
  const owner = g.window(lv.owner);
  if (i >= items.length || !owner) return then();
  const it = items[i]!;
  const r = lv.lay.rows[i]!;
  const dis = cx.machine.processHeap.alloc(48, true);
  if (!dis) return then();
  const state =
    (i === lv.hot && itemEnabled(it) ? ODS.SELECTED : 0) |
    (it.state & MF.GRAYED ? ODS.GRAYED : 0) |
    (it.state & MF.DISABLED ? ODS.DISABLED : 0) |
    (it.state & MFS.CHECKED ? ODS.CHECKED : 0);
  [ODT_MENU, 0, it.id, ODA_DRAWENTIRE, state, lv.menu.handle, p.hdc, r.left, r.top, r.right, r.bottom, it.data].forEach((v, k) =>
    cx.mem.setU32(dis + 4 * k, v >>> 0),
  );
  return send(cx, g, owner, WM_DRAWITEM, 0, dis, () => {
    cx.machine.processHeap.freeBlock(dis);
    return drawOwnerItems(cx, g, lv, p, i + 1, then);
  });
}

/** WM_MEASUREITEM to the owner for each owner-drawn item (MEASUREITEMSTRUCT: ODT_MENU, 0, itemID, width, height, itemData). */
function measureItems(
  cx: ApiContext,
  g: Gwes,
  owner: Window | undefined,
  items: readonly MenuItem[],
  i: number,
  out: Map<MenuItem, { w: number; h: number }>,
  then: () => Returns<'i32'>,
): Returns<'i32'> {
  while (i < items.length && !(items[i]!.type & MFT.OWNERDRAW)) i++;
  if (i >= items.length || !owner) return then();
  const it = items[i]!;
  const mis = cx.machine.processHeap.alloc(24, true);
  if (!mis) return then();
  [ODT_MENU, 0, it.id, 0, 0, it.data].forEach((v, k) => cx.mem.setU32(mis + 4 * k, v >>> 0));
  return send(cx, g, owner, WM_MEASUREITEM, 0, mis, () => {
    out.set(it, { w: Math.min(cx.mem.u32(mis + 12), 4096), h: Math.min(cx.mem.u32(mis + 16), 4096) });
    cx.machine.processHeap.freeBlock(mis);
    return measureItems(cx, g, owner, items, i + 1, out, then);
  });
}

function popupClass(g: Gwes): WndClass {
  registerBuiltinClasses(g);
  return g.classes.get('menupopup')!;
}

/** Opens `menu` as a popup at (x, y) (TPM alignment flags) as the next level of the loop. */
function openLevel(
  cx: ApiContext,
  g: Gwes,
  tr: Track,
  menu: Menu,
  x: number,
  y: number,
  flags: number,
  pos: number,
  then: () => Returns<'i32'>,
): Returns<'i32'> {
  const owner = g.window(tr.owner);
  const measured = new Map<MenuItem, { w: number; h: number }>();
  const show = (): Returns<'i32'> => measureItems(cx, g, owner, menu.items, 0, measured, place);
  const place = (): Returns<'i32'> => {
    const lay = layoutPopup(popFont(), menu.items, measured);
    if (flags & TPM.RIGHTALIGN) x -= lay.width;
    else if (flags & TPM.CENTERALIGN) x -= lay.width >> 1;
    if (flags & TPM.BOTTOMALIGN) y -= lay.height;
    else if (flags & TPM.VCENTERALIGN) y -= lay.height >> 1;
    x = Math.max(0, Math.min(x, g.screen.width - lay.width));
    y = Math.max(0, Math.min(y, g.screen.height - lay.height));
    return createWindow(
      cx,
      popupClass(g),
      { exStyle: 0, clsPtr: 0, namePtr: 0, style: WS.POPUP, x, y, w: lay.width, h: lay.height, parent: 0, menu: 0, inst: 0, param: 0 },
      (hwnd) => {
        const win = g.window(hwnd);
        if (!win) return then();
        const lv: Level = { menu, win, lay, hot: -1, owner: tr.owner };
        levels.set(win, lv);
        win.menuItems = () => popupItems(g, lv);
        tr.levels.push(lv);
        if (tr.levels.length === 1) g.capture = hwnd;
        return showWindow(cx, g, win, SW_SHOWNA, () => then());
      },
    );
  };
  if (owner && !(tr.flags & TPM.NONOTIFY)) return send(cx, g, owner, WM_INITMENUPOPUP, menu.handle, pos >>> 0, () => show());
  return show();
}

/** The window tree's view of one item: its screen rectangle from the window's client rectangle `c` and row `r`. */
function itemInfo(
  it: MenuItem,
  c: { left: number; top: number },
  r: { left: number; top: number; right: number; bottom: number },
  highlighted: boolean,
): MenuItemInfo {
  return {
    text: it.text,
    id: it.id,
    rect: asRect(rect(c.left + r.left, c.top + r.top, c.left + r.right, c.top + r.bottom)),
    enabled: itemEnabled(it),
    checked: (it.state & MFS.CHECKED) !== 0,
    separator: (it.type & MFT.SEPARATOR) !== 0,
    popup: it.sub !== 0,
    highlighted,
  };
}
function popupItems(g: Gwes, lv: Level): MenuItemInfo[] {
  const c = g.clientRect(lv.win);
  return lv.menu.items.map((it, i) => {
    const r = lv.lay.rows[i]!;
    return itemInfo(it, c, r, i === lv.hot);
  });
}

/** Closes the levels above `keep` (destroys their windows). */
function closeLevels(cx: ApiContext, g: Gwes, tr: Track, keep: number, then: () => Returns<'i32'>): Returns<'i32'> {
  if (tr.levels.length <= keep) return then();
  const lv = tr.levels.pop()!;
  if (g.capture === lv.win.hwnd) g.capture = 0;
  return destroyWindow(cx, g, lv.win, () => closeLevels(cx, g, tr, keep, then));
}

function setHot(g: Gwes, lv: Level, i: number): void {
  if (lv.hot === i) return;
  lv.hot = i;
  g.invalidate(lv.win, undefined, false);
}

/** Opens the submenu of level k's item i (closing what is above level k). */
function openSub(cx: ApiContext, g: Gwes, tr: Track, k: number, i: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const lv = tr.levels[k]!;
  const it = lv.menu.items[i]!;
  const sub = menusOf(g).get(it.sub);
  return closeLevels(cx, g, tr, k + 1, () => {
    if (!sub) return then();
    const c = g.clientRect(lv.win);
    const r = lv.lay.rows[i]!;
    return openLevel(cx, g, tr, sub, c.left + r.right, c.top + r.top - POPUP.border, 0, i, then);
  });
}

function choose(tr: Track, it: MenuItem): void {
  tr.cmd = it.id & 0xffff;
  tr.done = true;
}

/** Level and item under a screen point. */
function hit(g: Gwes, tr: Track, x: number, y: number): { k: number; i: number } | undefined {
  for (let k = tr.levels.length - 1; k >= 0; k--) {
    const lv = tr.levels[k]!;
    const c = g.clientRect(lv.win);
    if (x < c.left || x >= c.right || y < c.top || y >= c.bottom) continue;
    const i = lv.lay.rows.findIndex((r) => y - c.top >= r.top && y - c.top < r.bottom && x - c.left >= r.left && x - c.left < r.right);
    return { k, i };
  }
  return undefined;
}

function onMouse(cx: ApiContext, g: Gwes, tr: Track, m: QMsg, then: () => Returns<'i32'>): Returns<'i32'> {
  const src = g.window(m.hwnd);
  const mine = src !== undefined && levels.has(src);
  if (m.msg === WM.NULL) {
    // A press on some window's frame or caption: outside the menu.
    tr.done = true;
    return then();
  }
  if (!src) return then();
  const c = g.clientRect(src);
  const x = c.left + s16(m.lParam & 0xffff);
  const y = c.top + s16(m.lParam >>> 16);
  const at = hit(g, tr, x, y);
  if (m.msg === WM.LBUTTONDOWN || m.msg === WM.LBUTTONDBLCLK) {
    if (!at) {
      tr.done = true; // a tap outside every popup cancels
      return then();
    }
    const lv = tr.levels[at.k]!;
    setHot(g, lv, at.i);
    const it = lv.menu.items[at.i];
    if (it?.sub && itemEnabled(it)) return openSub(cx, g, tr, at.k, at.i, then);
    return closeLevels(cx, g, tr, at.k + 1, then);
  }
  if (!mine || !at) return then(); // the lift of the press that opened the menu, or outside
  const lv = tr.levels[at.k]!;
  const it = lv.menu.items[at.i];
  if (m.msg === WM.MOUSEMOVE) {
    setHot(g, lv, at.i);
    return then();
  }
  // WM_LBUTTONUP over an item chooses it.
  if (it && itemEnabled(it) && !it.sub) choose(tr, it);
  return then();
}

function onKey(cx: ApiContext, g: Gwes, tr: Track, m: QMsg, then: () => Returns<'i32'>): Returns<'i32'> {
  const k = tr.levels.length - 1;
  const lv = tr.levels[k]!;
  const items = lv.menu.items;
  const activate = (i: number): Returns<'i32'> => {
    const it = items[i]!;
    setHot(g, lv, i);
    if (it.sub)
      return openSub(cx, g, tr, k, i, () => {
        const top = tr.levels[tr.levels.length - 1]!;
        if (top !== lv) setHot(g, top, top.menu.items.findIndex(itemEnabled));
        return then();
      });
    choose(tr, it);
    return then();
  };
  if (m.msg === WM.CHAR) {
    const ch = String.fromCharCode(m.wParam & 0xffff).toLowerCase();
    const i = items.findIndex((it) => itemEnabled(it) && mnemonicOf(it.text) === ch);
    return i >= 0 ? activate(i) : then();
  }
  if (m.msg !== WM.KEYDOWN) return then();
  const vk = m.wParam & 0xff;
  switch (vk) {
    case VK.ESCAPE:
      if (k === 0) tr.done = true;
      return closeLevels(cx, g, tr, k, then);
    case VK.LEFT:
      if (k === 0 && tr.bar) {
        tr.barMove = -1;
        tr.done = true;
        return then();
      }
      return k > 0 ? closeLevels(cx, g, tr, k, then) : then();
    case VK.UP:
    case VK.DOWN: {
      const n = items.length;
      for (let s = 1; s <= n; s++) {
        const i = ((((lv.hot < 0 ? (vk === VK.DOWN ? -1 : n) : lv.hot) + (vk === VK.DOWN ? s : -s)) % n) + n) % n;
        if (itemEnabled(items[i]!)) {
          setHot(g, lv, i);
          break;
        }
      }
      return then();
    }
    case VK.RIGHT:
      if (lv.hot >= 0 && items[lv.hot]?.sub && itemEnabled(items[lv.hot]!)) return activate(lv.hot);
      if (tr.bar) {
        tr.barMove = 1;
        tr.done = true;
      }
      return then();
    case VK.RETURN:
      return lv.hot >= 0 && itemEnabled(items[lv.hot]!) ? activate(lv.hot) : then();
    default: {
      // Letters and digits choose by mnemonic (the loop does not translate keys into WM_CHAR).
      if (!((vk >= 0x30 && vk <= 0x39) || (vk >= 0x41 && vk <= 0x5a))) return then();
      const ch = String.fromCharCode(vk).toLowerCase();
      const i = items.findIndex((it) => itemEnabled(it) && mnemonicOf(it.text) === ch);
      return i >= 0 ? activate(i) : then();
    }
  }
}

const isMouse = (m: QMsg): boolean =>
  m.msg === WM.LBUTTONDOWN || m.msg === WM.LBUTTONDBLCLK || m.msg === WM.LBUTTONUP || m.msg === WM.MOUSEMOVE || (m.input === true && m.msg === WM.NULL);
const isKey = (m: QMsg): boolean => m.msg === WM.KEYDOWN || m.msg === WM.KEYUP || m.msg === WM.CHAR;

/** TrackPopupMenuEx's loop (module comment); `then` gets the chosen command (0: cancelled), undefined when it could not start. */
export function trackPopup(
  cx: ApiContext,
  g: Gwes,
  hmenu: number,
  flags: number,
  x: number,
  y: number,
  owner: number,
  pos: number,
  then: (cmd: number | undefined, barMove?: number) => Returns<'i32'>,
  bar = false,
): Returns<'i32'> {
  const menu = menusOf(g).get(hmenu);
  if (!menu) {
    cx.setLastError(ERROR.INVALID_MENU_HANDLE);
    return then(undefined);
  }
  let active = running.get(g);
  if (!active) running.set(g, (active = new Set()));
  // One menu loop per thread: a second TrackPopupMenuEx inside it fails (Wine: "menu already tracked").
  if (active.has(cx.thread.id)) {
    cx.setLastError(ERROR.INVALID_PARAMETER);
    return then(undefined);
  }
  active.add(cx.thread.id);
  const tr: Track = { owner: owner >>> 0, flags, levels: [], done: false, cmd: 0, capture: g.capture, bar };
  const q = g.queue(cx.thread);
  const finish = (): Returns<'i32'> =>
    closeLevels(cx, g, tr, 0, () => {
      active.delete(cx.thread.id);
      g.capture = g.window(tr.capture) ? tr.capture : 0;
      const o = g.window(tr.owner);
      if (tr.cmd && o && !(flags & TPM.RETURNCMD)) g.queue(o.thread).post({ hwnd: o.hwnd, msg: WM.COMMAND, wParam: tr.cmd, lParam: 0 });
      return then(tr.cmd, tr.cmd ? undefined : tr.barMove);
    });
  const step = (): Returns<'i32'> => {
    if (tr.owner && !g.window(tr.owner)) tr.done = true; // the owner went away: the menu ends (Wine's MENU_TrackMenu)
    if (tr.done || !tr.levels.length) return finish();
    if (q.sent.length) return deliverSent(cx, g, q, step);
    const m = take(g, q, 0, 0, 0, true);
    if (m) {
      if (m.msg === WM.QUIT) {
        q.quit = m.wParam | 0; // posted again for the application's own loop
        tr.done = true;
        return finish();
      }
      if (isMouse(m)) return onMouse(cx, g, tr, m, step);
      if (isKey(m)) return onKey(cx, g, tr, m, step);
      return dispatchMessage(cx, m, () => step());
    }
    cx.thread.waitReason = 'TrackPopupMenuEx (menu loop, empty message queue)';
    q.waiting = true;
    return cx.restartWhen(
      (wake) => q.onChange(wake),
      () => {
        q.waiting = false;
        return step();
      },
    );
  };
  // From the keyboard the popup opens with its first enabled item selected (Windows' menu bars).
  return openLevel(cx, g, tr, menu, x, y, flags, pos, () => {
    const lv = tr.levels[0];
    if (bar && lv) setHot(g, lv, lv.menu.items.findIndex(itemEnabled));
    return step();
  });
}

// ------------------------------------------------------------------ classes and exports
addBuiltinClass({
  name: 'Menu',
  atom: 0x8001,
  extra: 4,
  style: 0,
  decl: { ...fn('MenuWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', menuBarProc), dll: 'wmemu' },
});
addBuiltinClass({
  name: 'MenuPopup',
  atom: 0x8000,
  style: 0,
  decl: { ...fn('MenuPopupWndProc(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', popupProc), dll: 'wmemu' },
});

/** SetAssociatedMenu's table: window -> menu. */
const associated = new WeakMap<Window, number>();

export const menus: ApiDef[] = [
  fn('CreateMenu(): handle', (cx) => menusOf(gwesOf(cx.machine)).create(false).handle),
  fn('CreatePopupMenu(): handle', (cx) => menusOf(gwesOf(cx.machine)).create(true).handle),
  fn('DestroyMenu(handle hMenu): bool', (cx, h: number) => (menusOf(gwesOf(cx.machine)).destroy(h) ? 1 : cx.fail(0, ERROR.INVALID_MENU_HANDLE))),
  fn('LoadMenuW(handle hInstance, ptr lpMenuName): handle', (cx, inst: number, name: number) => loadMenu(cx, inst, name)?.handle ?? 0),
  fn(
    'InsertMenuW(handle hMenu, u32 uPosition, hex uFlags, u32 uIDNewItem, ptr lpNewItem): bool',
    (cx, h: number, pos: number, flags: number, id: number, p: number) => insert(cx, h, pos, flags, id, p),
  ),
  fn('AppendMenuW(handle hMenu, hex uFlags, u32 uIDNewItem, ptr lpNewItem): bool', (cx, h: number, flags: number, id: number, p: number) =>
    insert(cx, h, NO_ITEM, flags | MF.BYPOSITION, id, p),
  ),
  fn('RemoveMenu(handle hMenu, u32 uPosition, hex uFlags): bool', (cx, h: number, pos: number, flags: number) => remove(cx, h, pos, flags, false)),
  fn('DeleteMenu(handle hMenu, u32 uPosition, hex uFlags): bool', (cx, h: number, pos: number, flags: number) => remove(cx, h, pos, flags, true)),
  fn('EnableMenuItem(handle hMenu, u32 uIDEnableItem, hex uEnable): u32', (cx, h: number, item: number, flags: number) => {
    const it = findItem(cx, h, item, (flags & MF.BYPOSITION) !== 0);
    if (!it) return NO_ITEM;
    const old = it.state & (MF.GRAYED | MF.DISABLED);
    it.state = (it.state & ~(MF.GRAYED | MF.DISABLED)) | (flags & (MF.GRAYED | MF.DISABLED));
    return old;
  }),
  fn('CheckMenuItem(handle hMenu, u32 uIDCheckItem, hex uCheck): u32', (cx, h: number, item: number, flags: number) => {
    const it = findItem(cx, h, item, (flags & MF.BYPOSITION) !== 0);
    if (!it) return NO_ITEM;
    const old = it.state & MF.CHECKED;
    it.state = (it.state & ~MF.CHECKED) | (flags & MF.CHECKED);
    return old;
  }),
  fn(
    'CheckMenuRadioItem(handle hMenu, u32 idFirst, u32 idLast, u32 idCheck, hex uFlags): bool',
    (cx, h: number, first: number, last: number, check: number, flags: number) => checkRadio(cx, h, first, last, check, flags),
  ),
  fn('GetSubMenu(handle hMenu, i32 nPos): handle', (cx, h: number, pos: number) => {
    const m = menuOf(cx, h);
    return m && pos >= 0 ? (m.items[pos]?.sub ?? 0) : 0;
  }),
  fn('GetMenuItemInfoW(handle hMenu, u32 uItem, bool fByPosition, ptr lpmii): bool', (cx, h: number, item: number, byPos: number, p: number) =>
    getItemInfo(cx, h, item, byPos, p),
  ),
  fn('SetMenuItemInfoW(handle hMenu, u32 uItem, bool fByPosition, ptr lpmii): bool', (cx, h: number, item: number, byPos: number, p: number) =>
    setItemInfo(cx, h, item, byPos, p),
  ),
  fn('DrawMenuBar(handle hWnd): bool', (cx, h: number) => drawMenuBar(cx, h)),
  fn('SetAssociatedMenu(handle hWnd, handle hMenu): bool', (cx, h: number, hm: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (hm && !menusOf(g).get(hm)) return cx.fail(0, ERROR.INVALID_MENU_HANDLE);
    // CE 6's gwes.dll keeps the association on the window's top-level window (disassembled).
    associated.set(g.topLevelOf(w), hm >>> 0);
    return 1;
  }),
  fn('GetAssociatedMenu(handle hWnd): handle', (cx, h: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return associated.get(g.topLevelOf(w)) ?? 0;
  }),
  fn(
    'TrackPopupMenuEx(handle hMenu, hex uFlags, i32 x, i32 y, handle hWnd, ptr lptpm): i32',
    { blocking: true },
    (cx, h: number, flags: number, x: number, y: number, hwnd: number, _tpm: number) => {
      const g = gwesOf(cx.machine);
      if (!g.window(hwnd)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      return trackPopup(cx, g, h, flags, x, y, hwnd, 0, (cmd) => (cmd === undefined ? 0 : flags & TPM.RETURNCMD ? cmd : 1));
    },
  ),
];
