/**
 * The built-in LISTBOX class (and the list of a combo box, combobox.ts): single and multiple selection
 * (LBS_MULTIPLESEL, LBS_EXTENDEDSEL), LBS_SORT, LBS_NOTIFY, LBS_NOSEL, LBS_NOREDRAW / WM_SETREDRAW,
 * LBS_OWNERDRAWFIXED with or without LBS_HASSTRINGS, LBS_USETABSTOPS, LBS_WANTKEYBOARDINPUT,
 * LBS_DISABLENOSCROLL, integral height unless LBS_NOINTEGRALHEIGHT, the LB_* messages and the LBN_*
 * notifications, the WS_VSCROLL bar (shown and hidden as the items need it) and a horizontal extent
 * with WS_HSCROLL.
 *
 * CE is the reference for what exists (the CE 5 "List Box Styles" page lists every style above and
 * not LBS_OWNERDRAWVARIABLE, LBS_NODATA; LB_DIR / LB_ADDFILE and LBS_MULTICOLUMN stop the run naming
 * themselves); behaviour follows the Win32 list box documentation and Wine's dlls/user32/listbox.c:
 *  - LB_ADDSTRING inserts in order with LBS_SORT (case-insensitive, CompareStringW; owner-draw lists
 *    without LBS_HASSTRINGS ask the owner with WM_COMPAREITEM), else at the end; LB_INSERTSTRING never
 *    sorts; both return the index, LB_ERR for a bad index. Deleting an item of an owner-draw list, or
 *    one with item data, sends WM_DELETEITEM to the owner (Wine's rule).
 *  - LB_SETCURSEL(-1) clears the selection and returns LB_ERR; it fails (LB_ERR) on a multiple-selection
 *    list; LB_SETSEL / LB_GETSELCOUNT / LB_GETSELITEMS / LB_SELITEMRANGE(EX) fail on single-selection
 *    ones; LB_GETCURSEL of a multiple-selection list is the caret item; LB_SETITEMDATA returns TRUE.
 *  - LB_FINDSTRING matches a case-insensitive prefix, LB_FINDSTRINGEXACT the whole string, both from
 *    the item after wParam and wrapping around; an owner-draw list without strings compares item data.
 *  - LB_ITEMFROMPOINT: the item in the low word, 1 in the high word when the point is outside the
 *    client area or below the last item.
 *  - The pen: a press selects the item under it (toggles it with LBS_MULTIPLESEL, which notifies at
 *    once) and takes the focus and the capture, moves select as the pen goes (single and extended
 *    selection); the release sends LBN_SELCHANGE (LBS_NOTIFY; Wine's LISTBOX_HandleLButtonDown /
 *    LButtonUp: a single-selection tap notifies once, on the release); LBN_DBLCLK on a double tap.
 *    LBN_SETFOCUS / LBN_KILLFOCUS always go to the owner (the documentation puts no LBS_NOTIFY on them).
 *  - Keys (Wine's LISTBOX_HandleKeyDown): arrows, PRIOR/NEXT (a page less one), HOME/END move the caret
 *    and select (LBN_SELCHANGE with LBS_NOTIFY); SPACE toggles in a multiple-selection list; a
 *    character moves to the next item starting with it; LBS_WANTKEYBOARDINPUT asks the owner first
 *    (WM_VKEYTOITEM / WM_CHARTOITEM: -2 handled, -1 default, else the item).
 * Look: items are the font's height (an owner-draw list asks its owner once with WM_MEASUREITEM), text
 * one pixel in from the left, a selected item is COLOR_HIGHLIGHT with COLOR_HIGHLIGHTTEXT, background
 * and text colours from WM_CTLCOLORLISTBOX (default: window colours); the caret item of a focused list
 * has a dotted focus rectangle, also on an empty list (the CE 5 crop's calculator list box shows it).
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
import { compareStrings } from '../../dlls/coredll/locale.js';
import { setBar } from '../../dlls/coredll/scrollinfo.js';
import { send, setFocus } from '../../dlls/coredll/winpos.js';
import { patBlt } from '../../gdi/draw.js';
import { clipOf } from '../../gdi/objects.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import type { Rect } from '../../gdi/surface.js';
import { baseUnitsOf } from '../dialog.js';
import { WS } from '../nonclient.js';
import { SB, SB_CODE, WM_HSCROLL, WM_VSCROLL } from '../scrollbar.js';
import { COLOR } from '../sysmetrics.js';
import { gwesOf, type Gwes, type Window } from '../wm.js';
import { DLGC } from './button.js';
import {
  beginCtlPaint,
  controlFont,
  ctlColor,
  endCtlPaint,
  fill,
  fillBrush,
  notifyCode,
  text,
  WM,
  WM_GETDLGCODE,
  WM_GETFONT,
  WM_SETFONT,
  type CtlPaint,
} from './paint.js';

export const LBS = {
  NOTIFY: 0x1,
  SORT: 0x2,
  NOREDRAW: 0x4,
  MULTIPLESEL: 0x8,
  OWNERDRAWFIXED: 0x10,
  OWNERDRAWVARIABLE: 0x20,
  HASSTRINGS: 0x40,
  USETABSTOPS: 0x80,
  NOINTEGRALHEIGHT: 0x100,
  MULTICOLUMN: 0x200,
  WANTKEYBOARDINPUT: 0x400,
  EXTENDEDSEL: 0x800,
  DISABLENOSCROLL: 0x1000,
  NODATA: 0x2000,
  NOSEL: 0x4000,
} as const;

export const LB = {
  ADDSTRING: 0x180,
  INSERTSTRING: 0x181,
  DELETESTRING: 0x182,
  SELITEMRANGEEX: 0x183,
  RESETCONTENT: 0x184,
  SETSEL: 0x185,
  SETCURSEL: 0x186,
  GETSEL: 0x187,
  GETCURSEL: 0x188,
  GETTEXT: 0x189,
  GETTEXTLEN: 0x18a,
  GETCOUNT: 0x18b,
  SELECTSTRING: 0x18c,
  DIR: 0x18d,
  GETTOPINDEX: 0x18e,
  FINDSTRING: 0x18f,
  GETSELCOUNT: 0x190,
  GETSELITEMS: 0x191,
  SETTABSTOPS: 0x192,
  GETHORIZONTALEXTENT: 0x193,
  SETHORIZONTALEXTENT: 0x194,
  SETCOLUMNWIDTH: 0x195,
  ADDFILE: 0x196,
  SETTOPINDEX: 0x197,
  GETITEMRECT: 0x198,
  GETITEMDATA: 0x199,
  SETITEMDATA: 0x19a,
  SELITEMRANGE: 0x19b,
  SETANCHORINDEX: 0x19c,
  GETANCHORINDEX: 0x19d,
  SETCARETINDEX: 0x19e,
  GETCARETINDEX: 0x19f,
  SETITEMHEIGHT: 0x1a0,
  GETITEMHEIGHT: 0x1a1,
  FINDSTRINGEXACT: 0x1a2,
  SETLOCALE: 0x1a5,
  GETLOCALE: 0x1a6,
  SETCOUNT: 0x1a7,
  INITSTORAGE: 0x1a8,
  ITEMFROMPOINT: 0x1a9,
} as const;

export const LB_OKAY = 0;
export const LB_ERR = -1;
export const LB_ERRSPACE = -2;
export const LBN = { ERRSPACE: -2, SELCHANGE: 1, DBLCLK: 2, SELCANCEL: 3, SETFOCUS: 4, KILLFOCUS: 5 } as const;

const WM_SETREDRAW = 0x000b;
const WM_DRAWITEM = 0x002b;
const WM_MEASUREITEM = 0x002c;
const WM_DELETEITEM = 0x002d;
const WM_VKEYTOITEM = 0x002e;
const WM_CHARTOITEM = 0x002f;
const WM_COMPAREITEM = 0x0039;
const WM_CTLCOLORLISTBOX = 0x0134;
const ODT_LISTBOX = 2;
const ODA = { DRAWENTIRE: 1, SELECT: 2, FOCUS: 4 } as const;
const ODS = { SELECTED: 1, DISABLED: 4, FOCUS: 0x10 } as const;
const VK = { SPACE: 0x20, PRIOR: 0x21, NEXT: 0x22, END: 0x23, HOME: 0x24, LEFT: 0x25, UP: 0x26, RIGHT: 0x27, DOWN: 0x28 } as const;
const LOCALE_USER_DEFAULT_EN_US = 0x0409;
/** Items a list box holds before LB_ERRSPACE (CE documents none; a bound keeps a runaway program from exhausting the host). */
export const LB_MAX_ITEMS = 0x7fff;

export interface LbItem {
  text: string;
  data: number;
  sel: boolean;
}

export interface LbState {
  items: LbItem[];
  top: number;
  /** The selected item of a single-selection list (-1: none). */
  sel: number;
  caret: number;
  anchor: number;
  itemHeight: number;
  font: number;
  focused: boolean;
  captured: boolean;
  /** Changed by the pen since the press (LBN_SELCHANGE on release). */
  redraw: boolean;
  tabs: number[];
  hext: number;
  hpos: number;
  lcid: number;
  /** Window notifications and owner-draw messages go to (the parent; a combo box for its list). */
  owner: number;
  /** The creation style's WS_VSCROLL / WS_HSCROLL (the window style changes as bars appear and go). */
  vscroll: boolean;
  hscroll: boolean;
  measured: boolean;
  /** The combo box this list belongs to (a ComboLBox: no focus of its own), else 0. */
  combo: number;
}

const states = new WeakMap<Window, LbState>();
export function lbState(w: Window): LbState {
  let s = states.get(w);
  if (!s)
    states.set(
      w,
      (s = {
        items: [],
        top: 0,
        sel: -1,
        caret: -1,
        anchor: -1,
        itemHeight: 0,
        font: 0,
        focused: false,
        captured: false,
        redraw: true,
        tabs: [],
        hext: 0,
        hpos: 0,
        lcid: LOCALE_USER_DEFAULT_EN_US,
        owner: w.parent,
        vscroll: (w.style & WS.VSCROLL) !== 0,
        hscroll: (w.style & WS.HSCROLL) !== 0,
        measured: false,
        combo: 0,
      }),
    );
  return s;
}

type Next = () => Returns<'i32'>;
type Step = (next: Next) => Returns<'i32'>;
function chain(steps: Step[], done: Next): Returns<'i32'> {
  const run = (i: number): Returns<'i32'> => (i >= steps.length ? done() : steps[i]!(() => run(i + 1)));
  return run(0);
}

const ownerDraw = (w: Window): boolean => (w.style & (LBS.OWNERDRAWFIXED | LBS.OWNERDRAWVARIABLE)) !== 0;
/** The items are strings: always unless owner-draw without LBS_HASSTRINGS (CE: every list box has strings by default). */
export const hasStrings = (w: Window): boolean => !ownerDraw(w) || (w.style & LBS.HASSTRINGS) !== 0;
export const multiSel = (w: Window): boolean => (w.style & (LBS.MULTIPLESEL | LBS.EXTENDEDSEL)) !== 0;

function clientSize(g: Gwes, w: Window): { width: number; height: number } {
  const c = g.clientRect(w);
  return { width: c.right - c.left, height: c.bottom - c.top };
}

/** Whole items the client area shows (at least 1). */
export function pageSize(g: Gwes, w: Window, s: LbState): number {
  return Math.max(1, Math.floor(clientSize(g, w).height / Math.max(1, s.itemHeight)));
}

function maxTop(g: Gwes, w: Window, s: LbState): number {
  return Math.max(0, s.items.length - pageSize(g, w, s));
}

/** Item rectangle in client coordinates. */
export function itemRect(g: Gwes, w: Window, s: LbState, i: number): Rect {
  const { width } = clientSize(g, w);
  const y = (i - s.top) * s.itemHeight;
  return rect(0, y, width, y + s.itemHeight);
}

function redrawAll(g: Gwes, w: Window, s: LbState): void {
  if (s.redraw) g.invalidate(w, undefined, true);
}

/** The owner's window (notifications). */
function ownerOf(g: Gwes, s: LbState): Window | undefined {
  return g.window(s.owner);
}

function toOwner(cx: ApiContext, g: Gwes, s: LbState, msg: number, wp: number, lp: number, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  const o = ownerOf(g, s);
  return o ? send(cx, g, o, msg, wp, lp, then) : then(0);
}

/** WM_COMMAND notification to the owner. */
export function lbNotify(cx: ApiContext, g: Gwes, w: Window, s: LbState, code: number, then: Next): Returns<'i32'> {
  return toOwner(cx, g, s, WM.COMMAND, notifyCode(w.id, code), w.hwnd, () => then());
}

/** Updates the scroll bars to the items, page and top item (Wine's LISTBOX_UpdateScroll). */
export function updateScroll(cx: ApiContext, g: Gwes, w: Window, s: LbState, then: Next): Returns<'i32'> {
  const dis = w.style & LBS.DISABLENOSCROLL ? 0x8 : 0;
  return chain(
    [
      (next) =>
        s.vscroll
          ? setBar(
              cx,
              g,
              w,
              SB.VERT,
              { mask: 0x1 | 0x2 | 0x4 | dis, min: 0, max: Math.max(0, s.items.length - 1), page: pageSize(g, w, s), pos: s.top },
              s.redraw,
              () => next(),
            )
          : next(),
      (next) =>
        s.hscroll && (s.hext || dis)
          ? setBar(
              cx,
              g,
              w,
              SB.HORZ,
              { mask: 0x1 | 0x2 | 0x4 | dis, min: 0, max: Math.max(0, s.hext - 1), page: clientSize(g, w).width, pos: s.hpos },
              s.redraw,
              () => next(),
            )
          : next(),
    ],
    then,
  );
}

function setTop(cx: ApiContext, g: Gwes, w: Window, s: LbState, top: number, then: Next): Returns<'i32'> {
  const t = Math.max(0, Math.min(top, maxTop(g, w, s)));
  if (t === s.top) return then();
  s.top = t;
  redrawAll(g, w, s);
  return updateScroll(cx, g, w, s, then);
}

/** Scrolls so that item i is entirely visible. */
function makeVisible(cx: ApiContext, g: Gwes, w: Window, s: LbState, i: number, then: Next): Returns<'i32'> {
  if (i < 0 || i >= s.items.length) return then();
  const page = pageSize(g, w, s);
  if (i < s.top) return setTop(cx, g, w, s, i, then);
  if (i >= s.top + page) return setTop(cx, g, w, s, i - page + 1, then);
  return then();
}

/** Selects item i alone in a single-selection list (-1: none); true when the selection changed. */
function selectSingle(g: Gwes, w: Window, s: LbState, i: number): boolean {
  if (w.style & LBS.NOSEL) return false;
  if (s.sel === i) return false;
  if (s.sel >= 0 && s.items[s.sel]) s.items[s.sel]!.sel = false;
  s.sel = i;
  if (i >= 0) s.items[i]!.sel = true;
  redrawAll(g, w, s);
  return true;
}

/** Sets the selection of items first..last of a multiple-selection list; true when something changed. */
function selectRange(g: Gwes, w: Window, s: LbState, first: number, last: number, on: boolean): boolean {
  if (w.style & LBS.NOSEL) return false;
  let changed = false;
  const lo = Math.max(0, Math.min(first, last));
  const hi = Math.min(s.items.length - 1, Math.max(first, last));
  for (let i = lo; i <= hi; i++) {
    if (s.items[i]!.sel !== on) {
      s.items[i]!.sel = on;
      changed = true;
    }
  }
  if (changed) redrawAll(g, w, s);
  return changed;
}

/** Moves the caret to i (scrolled into view) and selects as a caret move does (Wine's LISTBOX_MoveCaret). */
function moveCaret(cx: ApiContext, g: Gwes, w: Window, s: LbState, i: number, then: Next): Returns<'i32'> {
  if (i < 0 || i >= s.items.length) return then();
  s.caret = i;
  if (w.style & LBS.EXTENDEDSEL) {
    if (s.anchor < 0) s.anchor = i;
    let changed = selectRange(g, w, s, 0, s.items.length - 1, false);
    changed = selectRange(g, w, s, s.anchor, i, true) || changed;
    if (!changed) redrawAll(g, w, s);
  } else if (!(w.style & LBS.MULTIPLESEL)) selectSingle(g, w, s, i);
  redrawAll(g, w, s);
  return makeVisible(cx, g, w, s, i, then);
}

/** Case-insensitive order of two item texts (LBS_SORT). */
function compareText(a: string, b: string): number {
  return compareStrings(a, b, 0x1);
}

/** Finds an item: a case-insensitive prefix (or the whole text) match after `start`, wrapping around. */
export function findString(w: Window, s: LbState, start: number, what: string | number, exact: boolean): number {
  const n = s.items.length;
  if (!n) return LB_ERR;
  const from = start < 0 || start >= n ? 0 : start + 1;
  for (let k = 0; k < n; k++) {
    const i = (from + k) % n;
    const it = s.items[i]!;
    if (typeof what === 'number') {
      if (it.data === what >>> 0) return i;
    } else if (exact ? compareText(it.text, what) === 0 : it.text.length >= what.length && compareText(it.text.slice(0, what.length), what) === 0) return i;
  }
  return LB_ERR;
}

/** WM_MEASUREITEM for an owner-draw list (once: LBS_OWNERDRAWFIXED). */
function measure(cx: ApiContext, g: Gwes, w: Window, s: LbState, then: Next): Returns<'i32'> {
  if (!ownerDraw(w) || s.measured) return then();
  s.measured = true;
  const mis = cx.machine.processHeap.alloc(24, true);
  if (!mis) return then();
  // MEASUREITEMSTRUCT: CtlType, CtlID, itemID, itemWidth, itemHeight, itemData.
  [ODT_LISTBOX, w.id, 0, clientSize(g, w).width, s.itemHeight, 0].forEach((v, i) => cx.mem.setU32(mis + 4 * i, v >>> 0));
  return toOwner(cx, g, s, WM_MEASUREITEM, w.id, mis, () => {
    const h = cx.mem.u32(mis + 16);
    if (h > 0 && h < 256) s.itemHeight = h;
    cx.machine.processHeap.freeBlock(mis);
    return then();
  });
}

/** WM_DELETEITEM for an item leaving an owner-draw list or one with item data (Wine's rule). */
function deleteItemMsg(cx: ApiContext, g: Gwes, w: Window, s: LbState, i: number, it: LbItem, then: Next): Returns<'i32'> {
  if (!ownerDraw(w) && !it.data) return then();
  const dis = cx.machine.processHeap.alloc(20, true);
  if (!dis) return then();
  // DELETEITEMSTRUCT: CtlType, CtlID, itemID, hwndItem, itemData.
  [ODT_LISTBOX, w.id, i, w.hwnd, it.data].forEach((v, k) => cx.mem.setU32(dis + 4 * k, v >>> 0));
  return toOwner(cx, g, s, WM_DELETEITEM, w.id, dis, () => {
    cx.machine.processHeap.freeBlock(dis);
    return then();
  });
}

/** Where LBS_SORT puts a new item (binary search; WM_COMPAREITEM for owner-draw lists without strings). */
function sortedIndex(cx: ApiContext, g: Gwes, w: Window, s: LbState, it: LbItem, then: (i: number) => Returns<'i32'>): Returns<'i32'> {
  if (hasStrings(w)) {
    let lo = 0;
    let hi = s.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareText(s.items[mid]!.text, it.text) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return then(lo);
  }
  const cis = cx.machine.processHeap.alloc(32, true);
  if (!cis) return then(s.items.length);
  const step = (lo: number, hi: number): Returns<'i32'> => {
    if (lo >= hi) {
      cx.machine.processHeap.freeBlock(cis);
      return then(lo);
    }
    const mid = (lo + hi) >> 1;
    // COMPAREITEMSTRUCT: CtlType, CtlID, hwndItem, itemID1, itemData1, itemID2, itemData2, dwLocaleId.
    [ODT_LISTBOX, w.id, w.hwnd, mid, s.items[mid]!.data, -1, it.data, s.lcid].forEach((v, k) => cx.mem.setU32(cis + 4 * k, v >>> 0));
    return toOwner(cx, g, s, WM_COMPAREITEM, w.id, cis, (r) => ((r | 0) <= 0 ? step(mid + 1, hi) : step(lo, mid)));
  };
  return step(0, s.items.length);
}

function insertItem(
  cx: ApiContext,
  g: Gwes,
  w: Window,
  s: LbState,
  index: number,
  lp: number,
  sort: boolean,
  then: (i: number) => Returns<'i32'>,
): Returns<'i32'> {
  if (s.items.length >= LB_MAX_ITEMS) return lbNotify(cx, g, w, s, LBN.ERRSPACE, () => then(LB_ERRSPACE));
  const it: LbItem = { text: hasStrings(w) ? (lp ? cx.mem.wstr(lp) : '') : '', data: hasStrings(w) ? 0 : lp >>> 0, sel: false };
  const place = (i: number): Returns<'i32'> => {
    s.items.splice(i, 0, it);
    if (!multiSel(w) && s.sel >= i) s.sel++;
    // The first item of an empty list gets the caret (Wine's LISTBOX_InsertItem).
    if (s.items.length === 1) s.caret = 0;
    else if (s.caret >= i) s.caret++;
    if (s.anchor >= i && s.anchor >= 0 && s.items.length > 1) s.anchor++;
    redrawAll(g, w, s);
    return updateScroll(cx, g, w, s, () => then(i));
  };
  if (sort) return sortedIndex(cx, g, w, s, it, place);
  if (index === -1) return place(s.items.length);
  if (index < 0 || index > s.items.length) return then(LB_ERR);
  return place(index);
}

function deleteItem(cx: ApiContext, g: Gwes, w: Window, s: LbState, i: number, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  if (i < 0 || i >= s.items.length) return then(LB_ERR);
  const it = s.items[i]!;
  return deleteItemMsg(cx, g, w, s, i, it, () => {
    s.items.splice(i, 1);
    if (!multiSel(w)) {
      if (s.sel === i) s.sel = -1;
      else if (s.sel > i) s.sel--;
    }
    if (s.caret > i || (s.caret === i && i >= s.items.length)) s.caret--;
    if (s.anchor > i || (s.anchor === i && i >= s.items.length)) s.anchor--;
    if (s.top > maxTop(g, w, s)) s.top = maxTop(g, w, s);
    redrawAll(g, w, s);
    return updateScroll(cx, g, w, s, () => then(s.items.length));
  });
}

function resetContent(cx: ApiContext, g: Gwes, w: Window, s: LbState, then: Next): Returns<'i32'> {
  const old = s.items;
  s.items = [];
  s.top = 0;
  s.sel = -1;
  s.caret = -1;
  s.anchor = -1;
  redrawAll(g, w, s);
  // WM_DELETEITEM from the last item to the first (Wine's LISTBOX_ResetContent).
  const run = (i: number): Returns<'i32'> => (i < 0 ? updateScroll(cx, g, w, s, then) : deleteItemMsg(cx, g, w, s, i, old[i]!, () => run(i - 1)));
  return run(old.length - 1);
}

/** The item under a client point (-1 below the last item); the second value says the point was outside. */
function itemFromPoint(g: Gwes, w: Window, s: LbState, x: number, y: number): number {
  const i = s.top + Math.floor(y / Math.max(1, s.itemHeight));
  if (i < 0) return 0;
  return i >= s.items.length ? -1 : i;
}

const lx = (lp: number): number => (lp << 16) >> 16;
const ly = (lp: number): number => lp >> 16;

export function listBoxProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const s = lbState(w);
  const count = s.items.length;
  const badIndex = (i: number) => (i | 0) < 0 || (i | 0) >= count;
  switch (msg) {
    case WM.CREATE: {
      if (w.style & LBS.OWNERDRAWVARIABLE) throw new UnimplementedFeature('LISTBOX with LBS_OWNERDRAWVARIABLE (not a CE list box style)');
      if (w.style & LBS.MULTICOLUMN) throw new UnimplementedFeature('LISTBOX with LBS_MULTICOLUMN');
      if (w.style & LBS.NODATA) throw new UnimplementedFeature('LISTBOX with LBS_NODATA (not a CE list box style)');
      s.redraw = !(w.style & LBS.NOREDRAW);
      s.itemHeight = controlFont(g, s.font).height;
      return measure(cx, g, w, s, () => {
        // Integral height: the window loses the part of an item at the bottom (Wine's LISTBOX_UpdateSize).
        if (!(w.style & LBS.NOINTEGRALHEIGHT)) {
          const rest = clientSize(g, w).height % s.itemHeight;
          if (rest && clientSize(g, w).height > s.itemHeight) w.rect = rect(w.rect.left, w.rect.top, w.rect.right, w.rect.bottom - rest);
        }
        return updateScroll(cx, g, w, s, () => 0);
      });
    }
    case WM_GETDLGCODE:
      return DLGC.WANTARROWS | DLGC.WANTCHARS;
    case WM_SETFONT:
      s.font = wp;
      if (!ownerDraw(w)) s.itemHeight = controlFont(g, wp).height;
      if (lp) g.invalidate(w, undefined, true);
      return updateScroll(cx, g, w, s, () => 0);
    case WM_GETFONT:
      return s.font;
    case WM_SETREDRAW:
      s.redraw = wp !== 0;
      if (s.redraw) g.invalidate(w, undefined, true);
      return 0;
    case WM.SIZE:
      if (s.top > maxTop(g, w, s)) s.top = maxTop(g, w, s);
      return updateScroll(cx, g, w, s, () => 0);

    case LB.ADDSTRING:
      return insertItem(cx, g, w, s, -1, lp, (w.style & LBS.SORT) !== 0, (i) => i);
    case LB.INSERTSTRING:
      return insertItem(cx, g, w, s, wp | 0, lp, false, (i) => i);
    case LB.DELETESTRING:
      return deleteItem(cx, g, w, s, wp | 0, (r) => r);
    case LB.RESETCONTENT:
      return resetContent(cx, g, w, s, () => LB_OKAY);
    case LB.GETCOUNT:
      return count;
    case LB.INITSTORAGE:
      return count + (wp | 0);
    case LB.GETTEXT: {
      if (badIndex(wp)) return LB_ERR;
      const it = s.items[wp | 0]!;
      if (!hasStrings(w)) {
        cx.mem.setU32(lp, it.data);
        return 4;
      }
      return cx.mem.writeWstr(lp, it.text);
    }
    case LB.GETTEXTLEN:
      if (badIndex(wp)) return LB_ERR;
      return hasStrings(w) ? s.items[wp | 0]!.text.length : 4;
    case LB.GETITEMDATA:
      return badIndex(wp) ? LB_ERR : s.items[wp | 0]!.data;
    case LB.SETITEMDATA:
      if (badIndex(wp)) return LB_ERR;
      s.items[wp | 0]!.data = lp >>> 0;
      return 1;

    case LB.SETCURSEL: {
      if (multiSel(w)) return LB_ERR;
      const i = wp | 0;
      if (i < -1 || i >= count) return LB_ERR;
      selectSingle(g, w, s, i);
      if (i >= 0) s.caret = i;
      return makeVisible(cx, g, w, s, i, () => s.sel);
    }
    case LB.GETCURSEL:
      if (!count) return LB_ERR;
      return multiSel(w) ? s.caret : s.sel;
    case LB.SETSEL: {
      if (!multiSel(w)) return LB_ERR;
      const i = lp | 0;
      if (i === -1) {
        selectRange(g, w, s, 0, count - 1, wp !== 0);
        return LB_OKAY;
      }
      if (i < 0 || i >= count) return LB_ERR;
      selectRange(g, w, s, i, i, wp !== 0);
      if (wp) s.caret = s.anchor = i;
      return LB_OKAY;
    }
    case LB.GETSEL:
      return badIndex(wp) ? LB_ERR : s.items[wp | 0]!.sel ? 1 : 0;
    case LB.GETSELCOUNT:
      return multiSel(w) ? s.items.filter((i) => i.sel).length : LB_ERR;
    case LB.GETSELITEMS: {
      if (!multiSel(w)) return LB_ERR;
      let n = 0;
      for (let i = 0; i < count && n < (wp | 0); i++) if (s.items[i]!.sel) cx.mem.setU32(lp + 4 * n++, i);
      return n;
    }
    case LB.SELITEMRANGE:
      if (!multiSel(w)) return LB_ERR;
      selectRange(g, w, s, lp & 0xffff, lp >>> 16, wp !== 0);
      return LB_OKAY;
    case LB.SELITEMRANGEEX:
      if (!multiSel(w)) return LB_ERR;
      if ((wp | 0) <= (lp | 0)) selectRange(g, w, s, wp | 0, lp | 0, true);
      else selectRange(g, w, s, lp | 0, wp | 0, false);
      return LB_OKAY;
    case LB.SETANCHORINDEX:
      if ((wp | 0) >= count) return LB_ERR;
      s.anchor = wp | 0;
      return LB_OKAY;
    case LB.GETANCHORINDEX:
      return s.anchor;
    case LB.SETCARETINDEX:
      if (badIndex(wp)) return LB_ERR;
      s.caret = wp | 0;
      redrawAll(g, w, s);
      return makeVisible(cx, g, w, s, s.caret, () => LB_OKAY);
    case LB.GETCARETINDEX:
      return s.caret;

    case LB.FINDSTRING:
    case LB.FINDSTRINGEXACT:
      return findString(w, s, wp | 0, hasStrings(w) ? (lp ? cx.mem.wstr(lp) : '') : lp >>> 0, msg === LB.FINDSTRINGEXACT);
    case LB.SELECTSTRING: {
      const i = findString(w, s, wp | 0, hasStrings(w) ? (lp ? cx.mem.wstr(lp) : '') : lp >>> 0, false);
      if (i === LB_ERR) return LB_ERR;
      if (multiSel(w)) {
        s.caret = i;
        selectRange(g, w, s, i, i, true);
      } else {
        selectSingle(g, w, s, i);
        s.caret = i;
      }
      return makeVisible(cx, g, w, s, i, () => i);
    }

    case LB.GETTOPINDEX:
      return s.top;
    case LB.SETTOPINDEX:
      if ((wp | 0) < 0 || ((wp | 0) >= count && count)) return LB_ERR;
      return setTop(cx, g, w, s, wp | 0, () => LB_OKAY);
    case LB.GETITEMRECT: {
      const i = wp | 0;
      if (i < 0 || (i >= count && !(i === 0 && count === 0))) return LB_ERR;
      const r = itemRect(g, w, s, i);
      [r.left, r.top, r.right, r.bottom].forEach((v, k) => cx.mem.setU32(lp + 4 * k, v >>> 0));
      const c = clientSize(g, w);
      return r.top < c.height && r.bottom > 0 ? 1 : 0;
    }
    case LB.ITEMFROMPOINT: {
      let x = lx(lp);
      let y = ly(lp);
      const c = clientSize(g, w);
      let outside = false;
      if (x < 0 || y < 0 || x >= c.width || y >= c.height) {
        x = Math.max(0, Math.min(x, c.width - 1));
        y = Math.max(0, Math.min(y, c.height - 1));
        outside = true;
      }
      let i = itemFromPoint(g, w, s, x, y);
      if (i === -1) {
        i = count - 1;
        outside = true;
      }
      return ((i & 0xffff) | (outside ? 0x1_0000 : 0)) >>> 0;
    }
    case LB.SETITEMHEIGHT: {
      const ht = lp & 0xffff;
      if (ht === 0 || ht > 255) return LB_ERR;
      s.itemHeight = ht;
      if (s.top > maxTop(g, w, s)) s.top = maxTop(g, w, s);
      redrawAll(g, w, s);
      return updateScroll(cx, g, w, s, () => LB_OKAY);
    }
    case LB.GETITEMHEIGHT:
      return s.itemHeight;
    case LB.SETTABSTOPS: {
      if (!(w.style & LBS.USETABSTOPS)) return 0;
      const n = wp | 0;
      s.tabs = n <= 0 ? [] : Array.from({ length: n }, (_, k) => cx.mem.i32(lp + 4 * k));
      if (n === 1) s.tabs = [s.tabs[0]!];
      redrawAll(g, w, s);
      return 1;
    }
    case LB.SETHORIZONTALEXTENT:
      s.hext = Math.max(0, wp | 0);
      if (s.hpos > Math.max(0, s.hext - clientSize(g, w).width)) s.hpos = Math.max(0, s.hext - clientSize(g, w).width);
      redrawAll(g, w, s);
      return updateScroll(cx, g, w, s, () => 0);
    case LB.GETHORIZONTALEXTENT:
      return s.hext;
    case LB.SETLOCALE: {
      const old = s.lcid;
      s.lcid = wp >>> 0;
      return old;
    }
    case LB.GETLOCALE:
      return s.lcid;
    case LB.SETCOUNT:
      return LB_ERR; // only LBS_NODATA lists, which CE does not have
    case LB.SETCOLUMNWIDTH:
      throw new UnimplementedFeature('LB_SETCOLUMNWIDTH (LBS_MULTICOLUMN)');
    case LB.DIR:
    case LB.ADDFILE:
      throw new UnimplementedFeature(msg === LB.DIR ? 'LB_DIR' : 'LB_ADDFILE');

    case WM_VSCROLL: {
      const page = pageSize(g, w, s);
      const code = wp & 0xffff;
      const t =
        code === SB_CODE.LINEUP
          ? s.top - 1
          : code === SB_CODE.LINEDOWN
            ? s.top + 1
            : code === SB_CODE.PAGEUP
              ? s.top - Math.max(1, page - 1)
              : code === SB_CODE.PAGEDOWN
                ? s.top + Math.max(1, page - 1)
                : code === SB_CODE.THUMBTRACK || code === SB_CODE.THUMBPOSITION
                  ? wp >>> 16
                  : code === SB_CODE.TOP
                    ? 0
                    : code === SB_CODE.BOTTOM
                      ? s.items.length
                      : s.top;
      return setTop(cx, g, w, s, t, () => 0);
    }
    case WM_HSCROLL: {
      const width = clientSize(g, w).width;
      const code = wp & 0xffff;
      const max = Math.max(0, s.hext - width);
      const step = controlFont(g, s.font).measure('x').width || 1;
      const x =
        code === SB_CODE.LINEUP
          ? s.hpos - step
          : code === SB_CODE.LINEDOWN
            ? s.hpos + step
            : code === SB_CODE.PAGEUP
              ? s.hpos - width
              : code === SB_CODE.PAGEDOWN
                ? s.hpos + width
                : code === SB_CODE.THUMBTRACK || code === SB_CODE.THUMBPOSITION
                  ? wp >>> 16
                  : s.hpos;
      const nx = Math.max(0, Math.min(max, x));
      if (nx === s.hpos) return 0;
      s.hpos = nx;
      redrawAll(g, w, s);
      return updateScroll(cx, g, w, s, () => 0);
    }

    case WM.LBUTTONDOWN:
    case WM.LBUTTONDBLCLK: {
      const i = itemFromPoint(g, w, s, lx(lp), ly(lp));
      const after = (): Returns<'i32'> => {
        if (msg === WM.LBUTTONDBLCLK) return w.style & LBS.NOTIFY && i >= 0 ? lbNotify(cx, g, w, s, LBN.DBLCLK, () => 0) : 0;
        if (i < 0) return 0;
        s.captured = true;
        g.capture = h;
        if (w.style & LBS.MULTIPLESEL) {
          // The press toggles the item and notifies (Wine's LISTBOX_SetSelection with LBS_NOTIFY); the release notifies again.
          s.anchor = i;
          s.caret = i;
          const changed = selectRange(g, w, s, i, i, !s.items[i]!.sel);
          redrawAll(g, w, s);
          return makeVisible(cx, g, w, s, i, () => (changed && w.style & LBS.NOTIFY ? lbNotify(cx, g, w, s, LBN.SELCHANGE, () => 0) : 0));
        }
        s.anchor = i;
        return moveCaret(cx, g, w, s, i, () => 0);
      };
      return g.focus === h || s.combo ? after() : setFocus(cx, g, w, () => after());
    }
    case WM.MOUSEMOVE: {
      if (!s.captured || w.style & LBS.MULTIPLESEL) return 0;
      const y = ly(lp);
      const c = clientSize(g, w);
      let i: number;
      if (y < 0) i = s.top - 1;
      else if (y >= c.height) i = s.top + pageSize(g, w, s);
      else i = itemFromPoint(g, w, s, lx(lp), y);
      if (i === -1) i = count - 1;
      i = Math.max(0, Math.min(count - 1, i));
      return i === s.caret ? 0 : moveCaret(cx, g, w, s, i, () => 0);
    }
    case WM.LBUTTONUP:
      if (!s.captured) return 0;
      s.captured = false;
      if (g.capture === h) g.capture = 0;
      return w.style & LBS.NOTIFY && count ? lbNotify(cx, g, w, s, LBN.SELCHANGE, () => 0) : 0;

    case WM.KEYDOWN:
      return keyDown(cx, g, w, s, wp);
    case WM.CHAR: {
      const ch = String.fromCharCode(wp & 0xffff);
      const search = (): Returns<'i32'> => {
        if (!hasStrings(w) || !count || wp < 0x20) return 0;
        const i = findString(w, s, s.caret, ch, false);
        return i === LB_ERR ? 0 : caretTo(cx, g, w, s, i);
      };
      if (w.style & LBS.WANTKEYBOARDINPUT && !hasStrings(w))
        return toOwner(cx, g, s, WM_CHARTOITEM, ((wp & 0xffff) | ((s.caret & 0xffff) << 16)) >>> 0, h, (r) =>
          (r | 0) === -2 ? 0 : (r | 0) >= 0 ? caretTo(cx, g, w, s, Math.min(r | 0, count - 1)) : 0,
        );
      return search();
    }
    case WM.SETFOCUS:
      s.focused = true;
      redrawAll(g, w, s);
      return lbNotify(cx, g, w, s, LBN.SETFOCUS, () => 0);
    case WM.KILLFOCUS:
      s.focused = false;
      if (s.captured) {
        s.captured = false;
        if (g.capture === h) g.capture = 0;
      }
      redrawAll(g, w, s);
      return lbNotify(cx, g, w, s, LBN.KILLFOCUS, () => 0);
    case WM.ENABLE:
      g.invalidate(w, undefined, true);
      return 0;
    case WM.DESTROY:
      return resetContent(cx, g, w, s, () => 0);
    case WM.ERASEBKGND:
      return 1;
    case WM.PAINT:
      return paintList(cx, g, w, s);
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}

/** A keyboard caret move: select (single / extended), scroll, LBN_SELCHANGE with LBS_NOTIFY. */
function caretTo(cx: ApiContext, g: Gwes, w: Window, s: LbState, i: number): Returns<'i32'> {
  if (!(w.style & LBS.EXTENDEDSEL)) s.anchor = i;
  return moveCaret(cx, g, w, s, i, () => (w.style & LBS.NOTIFY ? lbNotify(cx, g, w, s, LBN.SELCHANGE, () => 0) : 0));
}

function keyDown(cx: ApiContext, g: Gwes, w: Window, s: LbState, vk: number): Returns<'i32'> {
  const count = s.items.length;
  const dflt = (): Returns<'i32'> => {
    const page = pageSize(g, w, s);
    const c = s.caret;
    let to: number | undefined;
    if (vk === VK.UP || vk === VK.LEFT) to = c - 1;
    else if (vk === VK.DOWN || vk === VK.RIGHT) to = c + 1;
    else if (vk === VK.PRIOR) to = c - Math.max(1, page - 1);
    else if (vk === VK.NEXT) to = c + Math.max(1, page - 1);
    else if (vk === VK.HOME) to = 0;
    else if (vk === VK.END) to = count - 1;
    else if (vk === VK.SPACE && w.style & LBS.MULTIPLESEL && c >= 0) {
      selectRange(g, w, s, c, c, !s.items[c]!.sel);
      return w.style & LBS.NOTIFY ? lbNotify(cx, g, w, s, LBN.SELCHANGE, () => 0) : 0;
    }
    if (to === undefined || !count) return 0;
    return caretTo(cx, g, w, s, Math.max(0, Math.min(count - 1, to)));
  };
  if (w.style & LBS.WANTKEYBOARDINPUT)
    return toOwner(cx, g, s, WM_VKEYTOITEM, ((vk & 0xffff) | ((s.caret & 0xffff) << 16)) >>> 0, w.hwnd, (r) =>
      (r | 0) === -2 ? 0 : (r | 0) >= 0 && count ? caretTo(cx, g, w, s, Math.min(r | 0, count - 1)) : dflt(),
    );
  return dflt();
}

/** Text with tab stops (LBS_USETABSTOPS: the stops set by LB_SETTABSTOPS in dialog units, default every 32). */
function drawItemText(g: Gwes, w: Window, s: LbState, p: CtlPaint, r: Rect, t: string, color: number): void {
  const font = controlFont(g, s.font);
  const x0 = r.left + 1 - s.hpos;
  if (!(w.style & LBS.USETABSTOPS) || !t.includes('\t')) {
    text(p, font, x0, r.top, t, color);
    return;
  }
  const bu = baseUnitsOf(controlFont(g, s.font)).x;
  const stops = s.tabs.map((d) => Math.trunc((d * bu) / 4));
  const every = stops.length === 1 ? stops[0]! : Math.trunc((32 * bu) / 4);
  const list = stops.length > 1 ? stops : [];
  let x = 0;
  t.split('\t').forEach((part, k) => {
    if (k > 0) {
      const next = list.find((v) => v > x) ?? (every > 0 ? (Math.floor(x / every) + 1) * every : x);
      x = next;
    }
    text(p, font, x0 + x, r.top, part, color);
    x += font.measure(part).width;
  });
}

/**
 * The dotted focus rectangle, as DrawFocusRect draws it (coredll uistate.ts): every other pixel of the
 * frame inverted, those at even logical coordinates (the CE 5 crop's calculator list box: its empty
 * list's first row).
 */
function focusRect(p: CtlPaint, r: Rect): void {
  const surf = p.g.display.surface;
  const st = { clip: clipOf(p.dc, surf), textColor: 0, bkColor: 0 };
  const dot = (x: number, y: number) => {
    if (((x + y) & 1) === 0)
      patBlt(surf, st, rect(x + p.dc.orgX, y + p.dc.orgY, x + p.dc.orgX + 1, y + p.dc.orgY + 1), { kind: 'solid', color: 0xffffff }, ROP.PATINVERT);
  };
  for (let x = r.left; x < r.right; x++) {
    dot(x, r.top);
    if (r.bottom - 1 > r.top) dot(x, r.bottom - 1);
  }
  for (let y = r.top + 1; y < r.bottom - 1; y++) {
    dot(r.left, y);
    if (r.right - 1 > r.left) dot(r.right - 1, y);
  }
}

function paintList(cx: ApiContext, g: Gwes, w: Window, s: LbState): Returns<'i32'> {
  if (!s.redraw) {
    g.validate(w, undefined);
    return 0;
  }
  const p = beginCtlPaint(cx, g, w);
  return ctlColor(cx, p, WM_CTLCOLORLISTBOX, (hbr, textColor) => {
    fillBrush(p, rect(0, 0, p.width, p.height), hbr);
    const last = Math.min(s.items.length, s.top + Math.ceil(p.height / Math.max(1, s.itemHeight)) + 1);
    const disabled = (w.style & WS.DISABLED) !== 0;
    if (ownerDraw(w)) {
      const dis = cx.machine.processHeap.alloc(48, true);
      const run = (i: number): Returns<'i32'> => {
        if (i >= last || !dis) {
          if (dis) cx.machine.processHeap.freeBlock(dis);
          if (s.focused && !s.items.length) focusRect(p, itemRect(g, w, s, 0));
          endCtlPaint(p);
          return 0;
        }
        const r = itemRect(g, w, s, i);
        const state = (s.items[i]!.sel ? ODS.SELECTED : 0) | (s.focused && s.caret === i ? ODS.FOCUS : 0) | (disabled ? ODS.DISABLED : 0);
        // DRAWITEMSTRUCT: CtlType, CtlID, itemID, itemAction, itemState, hwndItem, hDC, rcItem, itemData.
        [ODT_LISTBOX, w.id, i, ODA.DRAWENTIRE, state, w.hwnd, p.hdc, r.left, r.top, r.right, r.bottom, s.items[i]!.data].forEach((v, k) =>
          cx.mem.setU32(dis + 4 * k, v >>> 0),
        );
        return toOwner(cx, g, s, WM_DRAWITEM, w.id, dis, () => run(i + 1));
      };
      return run(s.top);
    }
    for (let i = s.top; i < last; i++) {
      const it = s.items[i]!;
      const r = itemRect(g, w, s, i);
      let color = disabled ? g.sysColor(COLOR.GRAYTEXT) : textColor;
      if (it.sel) {
        fill(p, r, g.sysColor(COLOR.HIGHLIGHT));
        color = g.sysColor(COLOR.HIGHLIGHTTEXT);
      }
      drawItemText(g, w, s, p, r, it.text, color);
      if (s.focused && s.caret === i) focusRect(p, r);
    }
    if (s.focused && (s.caret < 0 || !s.items.length)) focusRect(p, itemRect(g, w, s, s.items.length ? s.top : 0));
    endCtlPaint(p);
    return 0;
  });
}
