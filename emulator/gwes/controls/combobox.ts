/**
 * The built-in COMBOBOX class and ComboLBox, the class of its drop-down list. CE has CBS_DROPDOWN and
 * CBS_DROPDOWNLIST only ("Because of limited screen space, Windows CE-based devices use either the
 * CBS_DROPDOWN or CBS_DROPDOWNLIST style rather than the CBS_SIMPLE style", and no owner-drawn combo
 * boxes: the CE combo box pages), so CBS_SIMPLE and the owner-draw styles stop the run naming
 * themselves. Behaviour follows the Win32 combo box documentation and Wine's dlls/user32/combo.c:
 *  - The height given at creation is the height with the list dropped; the control itself is as high
 *    as its selection field (the font's height + 6: a 1 px frame and 2 px inside it, chosen for CE's
 *    flat look). The list is a top-level WS_POPUP | WS_BORDER | WS_VSCROLL window of class ComboLBox
 *    (LBS_NOTIFY, LBS_SORT with CBS_SORT, LBS_DISABLENOSCROLL with CBS_DISABLENOSCROLL), hidden until
 *    dropped, below the control (above it when the screen ends), as high as its items need up to the
 *    dropped height; emu.display.windows() lists it while it exists.
 *  - CB_* messages go to the list as their LB_* twins (CB_ERR / CB_ERRSPACE are LB_ERR / LB_ERRSPACE);
 *    CB_SHOWDROPDOWN, CB_GETDROPPEDSTATE, CB_GETDROPPEDCONTROLRECT, CB_SETEXTENDEDUI, CB_SETDROPPEDWIDTH
 *    and the item heights (-1: the selection field) are the combo box's own.
 *  - A tap on a CBS_DROPDOWNLIST control (on the button of a CBS_DROPDOWN one) drops the list:
 *    CBN_DROPDOWN, then the list shows and takes the pen (capture). A tap on an item selects it and
 *    closes the list: CBN_SELENDOK, the list hides, CBN_CLOSEUP, then CBN_SELCHANGE (Wine's order:
 *    CBRollUp before the notification); a tap outside closes it with CBN_SELENDCANCEL, CBN_CLOSEUP.
 *  - Keys (arrows, PRIOR/NEXT, HOME/END, characters) move the selection through the list: on the closed
 *    control CBN_SELENDOK then CBN_SELCHANGE (Wine: the list's LBN_SELCHANGE goes through CBRollUp), in
 *    the dropped list CBN_SELCHANGE only (the list stays open); F4 (with the extended UI also DOWN) drops
 *    or closes the list; while dropped RETURN closes it keeping the selection, ESC cancelling.
 *  - CBS_DROPDOWN: the selection field is a child of class "EDIT" (id 1001, as Windows'); its
 *    EN_CHANGE / EN_UPDATE become CBN_EDITCHANGE / CBN_EDITUPDATE and a selection sets its text.
 * Look (chosen, flat like CE's other controls): a 1 px COLOR_WINDOWFRAME frame, the selection field
 * in window colours (COLOR_HIGHLIGHT when a CBS_DROPDOWNLIST control has the focus), the drop-down
 * button at the right, SM_CXVSCROLL wide, drawn as a scroll bar's down arrow button.
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
import { destroyWindow, send, setFocus, setWindowPos } from '../../dlls/coredll/winpos.js';
import { rect } from '../../gdi/region.js';
import type { Rect } from '../../gdi/surface.js';
import { WS, WS_EX } from '../nonclient.js';
import { arrowButton, SCROLLBAR_SIZE } from '../scrollbar.js';
import { COLOR } from '../sysmetrics.js';
import { gwesOf, type Gwes, type Window } from '../wm.js';
import { DLGC } from './button.js';
import { LB, LB_ERR, LBN, LBS, lbState, listBoxProc } from './listbox.js';
import {
  beginCtlPaint,
  controlFont,
  ctlColor,
  endCtlPaint,
  fill,
  fillBrush,
  frame,
  notifyCode,
  text,
  toParent,
  WM,
  WM_GETDLGCODE,
  WM_GETFONT,
  WM_SETFONT,
} from './paint.js';

export const CBS = {
  SIMPLE: 0x1,
  DROPDOWN: 0x2,
  DROPDOWNLIST: 0x3,
  OWNERDRAWFIXED: 0x10,
  OWNERDRAWVARIABLE: 0x20,
  AUTOHSCROLL: 0x40,
  OEMCONVERT: 0x80,
  SORT: 0x100,
  HASSTRINGS: 0x200,
  NOINTEGRALHEIGHT: 0x400,
  DISABLENOSCROLL: 0x800,
  UPPERCASE: 0x2000,
  LOWERCASE: 0x4000,
} as const;

export const CB = {
  GETEDITSEL: 0x140,
  LIMITTEXT: 0x141,
  SETEDITSEL: 0x142,
  ADDSTRING: 0x143,
  DELETESTRING: 0x144,
  DIR: 0x145,
  GETCOUNT: 0x146,
  GETCURSEL: 0x147,
  GETLBTEXT: 0x148,
  GETLBTEXTLEN: 0x149,
  INSERTSTRING: 0x14a,
  RESETCONTENT: 0x14b,
  FINDSTRING: 0x14c,
  SELECTSTRING: 0x14d,
  SETCURSEL: 0x14e,
  SHOWDROPDOWN: 0x14f,
  GETITEMDATA: 0x150,
  SETITEMDATA: 0x151,
  GETDROPPEDCONTROLRECT: 0x152,
  SETITEMHEIGHT: 0x153,
  GETITEMHEIGHT: 0x154,
  SETEXTENDEDUI: 0x155,
  GETEXTENDEDUI: 0x156,
  GETDROPPEDSTATE: 0x157,
  FINDSTRINGEXACT: 0x158,
  SETLOCALE: 0x159,
  GETLOCALE: 0x15a,
  GETTOPINDEX: 0x15b,
  SETTOPINDEX: 0x15c,
  GETHORIZONTALEXTENT: 0x15d,
  SETHORIZONTALEXTENT: 0x15e,
  GETDROPPEDWIDTH: 0x15f,
  SETDROPPEDWIDTH: 0x160,
  INITSTORAGE: 0x161,
} as const;
export const CB_ERR = -1;
export const CBN = {
  ERRSPACE: -1,
  SELCHANGE: 1,
  DBLCLK: 2,
  SETFOCUS: 3,
  KILLFOCUS: 4,
  EDITCHANGE: 5,
  EDITUPDATE: 6,
  DROPDOWN: 7,
  CLOSEUP: 8,
  SELENDOK: 9,
  SELENDCANCEL: 10,
} as const;

/** CB_* messages that are LB_* messages of the list. */
const TO_LB: Record<number, number> = {
  [CB.ADDSTRING]: LB.ADDSTRING,
  [CB.DELETESTRING]: LB.DELETESTRING,
  [CB.GETCOUNT]: LB.GETCOUNT,
  [CB.GETCURSEL]: LB.GETCURSEL,
  [CB.GETLBTEXT]: LB.GETTEXT,
  [CB.GETLBTEXTLEN]: LB.GETTEXTLEN,
  [CB.INSERTSTRING]: LB.INSERTSTRING,
  [CB.RESETCONTENT]: LB.RESETCONTENT,
  [CB.FINDSTRING]: LB.FINDSTRING,
  [CB.FINDSTRINGEXACT]: LB.FINDSTRINGEXACT,
  [CB.SELECTSTRING]: LB.SELECTSTRING,
  [CB.SETCURSEL]: LB.SETCURSEL,
  [CB.GETITEMDATA]: LB.GETITEMDATA,
  [CB.SETITEMDATA]: LB.SETITEMDATA,
  [CB.SETLOCALE]: LB.SETLOCALE,
  [CB.GETLOCALE]: LB.GETLOCALE,
  [CB.GETTOPINDEX]: LB.GETTOPINDEX,
  [CB.SETTOPINDEX]: LB.SETTOPINDEX,
  [CB.GETHORIZONTALEXTENT]: LB.GETHORIZONTALEXTENT,
  [CB.SETHORIZONTALEXTENT]: LB.SETHORIZONTALEXTENT,
  [CB.INITSTORAGE]: LB.INITSTORAGE,
};
/** Messages after which the selection field shows another text. */
const CHANGES_TEXT = new Set<number>([CB.DELETESTRING, CB.RESETCONTENT, CB.SELECTSTRING, CB.SETCURSEL, CB.INSERTSTRING]);

const EM = { GETSEL: 0xb0, SETSEL: 0xb1, LIMITTEXT: 0xc5 } as const;
const EN_CHANGE = 0x0300;
const EN_UPDATE = 0x0400;
const EDIT_ID = 1001;
const LIST_ID = 1000;
const VK = { RETURN: 0x0d, ESCAPE: 0x1b, F4: 0x73, DOWN: 0x28 } as const;
const SWP = { NOSIZE: 0x1, NOMOVE: 0x2, NOZORDER: 0x4, NOACTIVATE: 0x10, SHOWWINDOW: 0x40, HIDEWINDOW: 0x80 } as const;

/** Creates a child or pop-up window of a named class (CreateWindowExW's work, set by coredll windows.ts). */
export type WindowCreator = (
  cx: ApiContext,
  className: string,
  a: { exStyle: number; style: number; x: number; y: number; w: number; h: number; parent: number; id: number },
  then: (hwnd: number) => Returns<'i32'>,
) => Returns<'i32'>;
let creator: WindowCreator | undefined;
export function setWindowCreator(c: WindowCreator): void {
  creator = c;
}

interface ComboState {
  list: number;
  edit: number;
  dropped: boolean;
  /** The window height given at creation (list dropped). */
  dropHeight: number;
  fieldHeight: number;
  dropWidth: number;
  extendedUi: boolean;
  focused: boolean;
  font: number;
  /** A key moved the selection: the next LBN_SELCHANGE does not close the list. */
  noRollup: boolean;
}
const states = new WeakMap<Window, ComboState>();
function stateOf(w: Window): ComboState {
  let s = states.get(w);
  if (!s)
    states.set(
      w,
      (s = { list: 0, edit: 0, dropped: false, dropHeight: 0, fieldHeight: 0, dropWidth: 0, extendedUi: false, focused: false, font: 0, noRollup: false }),
    );
  return s;
}

const isDropList = (w: Window): boolean => (w.style & 3) === CBS.DROPDOWNLIST;

function notify(cx: ApiContext, g: Gwes, w: Window, code: number, then: () => Returns<'i32'>): Returns<'i32'> {
  return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, code), w.hwnd, () => then());
}

/** The button rectangle in client coordinates. */
function buttonRect(g: Gwes, w: Window): Rect {
  const c = g.clientRect(w);
  const wd = c.right - c.left;
  const ht = c.bottom - c.top;
  return rect(Math.max(0, wd - SCROLLBAR_SIZE - 1), 1, wd - 1, ht - 1);
}

/** Text of the selected item ('' without one). */
function selectedText(g: Gwes, s: ComboState): string {
  const l = g.window(s.list);
  if (!l) return '';
  const ls = lbState(l);
  return ls.sel >= 0 ? (ls.items[ls.sel]?.text ?? '') : '';
}

/** The selection changed: the field shows it (CBS_DROPDOWN: the edit's text). */
function selectionShown(cx: ApiContext, g: Gwes, w: Window, s: ComboState, then: () => Returns<'i32'>): Returns<'i32'> {
  g.invalidate(w, undefined, true);
  const e = g.window(s.edit);
  if (!e) return then();
  const t = selectedText(g, s);
  const buf = cx.machine.processHeap.alloc(2 * t.length + 2, false);
  if (!buf) return then();
  cx.mem.writeWstr(buf, t);
  return send(cx, g, e, WM.SETTEXT, 0, buf, () => {
    cx.machine.processHeap.freeBlock(buf);
    return then();
  });
}

/** Drops the list: CBN_DROPDOWN, then the list is placed, shown and takes the pen. */
function dropDown(cx: ApiContext, g: Gwes, w: Window, s: ComboState, then: () => Returns<'i32'>): Returns<'i32'> {
  const l = g.window(s.list);
  if (!l || s.dropped) return then();
  return notify(cx, g, w, CBN.DROPDOWN, () => {
    const ls = lbState(l);
    const n = Math.max(1, ls.items.length);
    const want = n * ls.itemHeight + 2;
    const max = Math.max(ls.itemHeight + 2, s.dropHeight - s.fieldHeight);
    const ht = Math.min(want, max);
    const wd = Math.max(s.dropWidth, w.rect.right - w.rect.left);
    let y = w.rect.bottom;
    if (y + ht > g.screen.height && w.rect.top - ht >= 0) y = w.rect.top - ht;
    s.dropped = true;
    g.invalidate(w, undefined, true);
    return setWindowPos(cx, g, l, 0, w.rect.left, y, wd, ht, SWP.NOACTIVATE | SWP.SHOWWINDOW, () => {
      if (ls.sel >= 0) ls.caret = ls.sel;
      g.capture = l.hwnd;
      return then();
    });
  });
}

/** Closes the list: CBN_SELENDOK (ok) or CBN_SELENDCANCEL, the list hides, CBN_CLOSEUP (Wine's CBRollUp). */
function rollUp(cx: ApiContext, g: Gwes, w: Window, s: ComboState, ok: boolean, then: () => Returns<'i32'>): Returns<'i32'> {
  const l = g.window(s.list);
  return notify(cx, g, w, ok ? CBN.SELENDOK : CBN.SELENDCANCEL, () => {
    if (!s.dropped || !l) return then();
    s.dropped = false;
    if (g.capture === l.hwnd) g.capture = 0;
    lbState(l).captured = false;
    g.invalidate(w, undefined, true);
    return setWindowPos(cx, g, l, 0, 0, 0, 0, 0, SWP.NOMOVE | SWP.NOSIZE | SWP.NOZORDER | SWP.NOACTIVATE | SWP.HIDEWINDOW, () =>
      notify(cx, g, w, CBN.CLOSEUP, then),
    );
  });
}

export function comboBoxProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const s = stateOf(w);
  const l = g.window(s.list);
  const toList = (m: number, a: number, b: number, then: (r: number) => Returns<'i32'>) => (l ? send(cx, g, l, m, a, b, then) : then(CB_ERR));
  const lb = TO_LB[msg];
  if (lb !== undefined) return toList(lb, wp, lp, (r) => (CHANGES_TEXT.has(msg) ? selectionShown(cx, g, w, s, () => r) : r));
  switch (msg) {
    case WM.CREATE: {
      const type = w.style & 3;
      if (type === CBS.SIMPLE) throw new UnimplementedFeature('COMBOBOX with CBS_SIMPLE (CE has CBS_DROPDOWN and CBS_DROPDOWNLIST only)');
      if (w.style & (CBS.OWNERDRAWFIXED | CBS.OWNERDRAWVARIABLE)) throw new UnimplementedFeature('owner-drawn COMBOBOX (CE has none)');
      if (!creator) throw new UnimplementedFeature('COMBOBOX without a window creator');
      const font = controlFont(g, s.font);
      s.fieldHeight = font.height + 6;
      s.dropHeight = w.rect.bottom - w.rect.top;
      w.rect = rect(w.rect.left, w.rect.top, w.rect.right, w.rect.top + s.fieldHeight);
      const lstyle =
        WS.POPUP |
        WS.BORDER |
        WS.VSCROLL |
        LBS.NOTIFY |
        LBS.NOINTEGRALHEIGHT |
        (w.style & CBS.SORT ? LBS.SORT : 0) |
        (w.style & CBS.DISABLENOSCROLL ? LBS.DISABLENOSCROLL : 0);
      const make = creator;
      return make(
        cx,
        'ComboLBox',
        {
          exStyle: WS_EX.TOPMOST | WS_EX.NOACTIVATE,
          style: lstyle,
          x: w.rect.left,
          y: w.rect.bottom,
          w: w.rect.right - w.rect.left,
          h: 0,
          parent: 0,
          id: LIST_ID,
        },
        (lh) => {
          const lw = g.window(lh);
          if (!lw) return -1;
          s.list = lh;
          const ls = lbState(lw);
          ls.owner = h;
          ls.combo = h;
          if (type !== CBS.DROPDOWN) return 0;
          if (!g.classes.has('edit')) throw new UnimplementedFeature('COMBOBOX with CBS_DROPDOWN (needs the EDIT class)');
          const b = buttonRect(g, w);
          const estyle =
            WS.CHILD | WS.VISIBLE | (w.style & CBS.AUTOHSCROLL ? 0x80 : 0) | (w.style & CBS.UPPERCASE ? 0x8 : 0) | (w.style & CBS.LOWERCASE ? 0x10 : 0);
          return make(cx, 'EDIT', { exStyle: 0, style: estyle, x: 2, y: 2, w: Math.max(0, b.left - 3), h: s.fieldHeight - 4, parent: h, id: EDIT_ID }, (eh) => {
            s.edit = eh;
            return eh ? 0 : -1;
          });
        },
      );
    }
    case WM.DESTROY: {
      const lw = g.window(s.list);
      s.list = 0;
      return lw ? destroyWindow(cx, g, lw, () => 0) : 0;
    }
    case WM_GETDLGCODE:
      return DLGC.WANTARROWS | DLGC.WANTCHARS;
    case WM_SETFONT: {
      // The list and the edit take the font; the control's height follows it (Wine's CBForceDummyResize).
      s.font = wp;
      const e = g.window(s.edit);
      const fh = controlFont(g, wp).height + 6;
      const steps: ((next: () => Returns<'i32'>) => Returns<'i32'>)[] = [
        (next) => (l ? send(cx, g, l, WM_SETFONT, wp, 0, () => next()) : next()),
        (next) => (e ? send(cx, g, e, WM_SETFONT, wp, lp, () => next()) : next()),
        (next) => {
          if (fh === s.fieldHeight) return next();
          s.fieldHeight = fh;
          return setWindowPos(cx, g, w, 0, 0, 0, w.rect.right - w.rect.left, fh, SWP.NOMOVE | SWP.NOZORDER | SWP.NOACTIVATE, next);
        },
      ];
      const run = (i: number): Returns<'i32'> => {
        if (i < steps.length) return steps[i]!(() => run(i + 1));
        if (lp) g.invalidate(w, undefined, true);
        return 0;
      };
      return run(0);
    }
    case WM_GETFONT:
      return s.font;
    case CB.SHOWDROPDOWN:
      // Wine: only a change of state does anything (no notification when already dropped / closed).
      return wp ? dropDown(cx, g, w, s, () => 1) : s.dropped ? rollUp(cx, g, w, s, false, () => 1) : 1;
    case CB.GETDROPPEDSTATE:
      return s.dropped ? 1 : 0;
    case CB.GETDROPPEDCONTROLRECT: {
      const r = [w.rect.left, w.rect.top, w.rect.left + Math.max(s.dropWidth, w.rect.right - w.rect.left), w.rect.top + s.dropHeight];
      r.forEach((v, k) => cx.mem.setU32(lp + 4 * k, v >>> 0));
      return 1;
    }
    case CB.SETEXTENDEDUI:
      s.extendedUi = wp !== 0;
      return 0;
    case CB.GETEXTENDEDUI:
      return s.extendedUi ? 1 : 0;
    case CB.SETDROPPEDWIDTH:
      s.dropWidth = Math.max(0, wp | 0);
      return Math.max(s.dropWidth, w.rect.right - w.rect.left);
    case CB.GETDROPPEDWIDTH:
      return Math.max(s.dropWidth, w.rect.right - w.rect.left);
    case CB.SETITEMHEIGHT:
      if ((wp | 0) === -1) {
        if ((lp | 0) <= 0 || lp > 255) return CB_ERR;
        s.fieldHeight = lp + 6;
        w.rect = rect(w.rect.left, w.rect.top, w.rect.right, w.rect.top + s.fieldHeight);
        g.invalidate(w, undefined, true);
        return 0;
      }
      return toList(LB.SETITEMHEIGHT, 0, lp, (r) => r);
    case CB.GETITEMHEIGHT:
      return (wp | 0) === -1 ? s.fieldHeight - 6 : toList(LB.GETITEMHEIGHT, 0, 0, (r) => r);
    case CB.GETEDITSEL:
    case CB.SETEDITSEL:
    case CB.LIMITTEXT: {
      const e = g.window(s.edit);
      if (!e) return CB_ERR;
      if (msg === CB.SETEDITSEL) return send(cx, g, e, EM.SETSEL, lp & 0xffff, lp >>> 16, () => 1);
      if (msg === CB.LIMITTEXT) return send(cx, g, e, EM.LIMITTEXT, wp, 0, () => 1);
      return send(cx, g, e, EM.GETSEL, wp, lp, (r) => r);
    }
    case CB.DIR:
      throw new UnimplementedFeature('CB_DIR');
    case WM.GETTEXT:
    case WM.GETTEXTLENGTH:
    case WM.SETTEXT: {
      const e = g.window(s.edit);
      if (e) return send(cx, g, e, msg, wp, lp, (r) => r);
      if (msg === WM.SETTEXT) return CB_ERR;
      const t = selectedText(g, s);
      if (msg === WM.GETTEXTLENGTH) return t.length;
      if (!wp || !lp) return 0;
      const n = Math.min(t.length, (wp | 0) - 1);
      return cx.mem.writeWstr(lp, t.slice(0, n));
    }
    case WM.COMMAND: {
      const code = wp >>> 16;
      if (lp === s.list) {
        if (code !== LBN.SELCHANGE && code !== 3 /* LBN_SELCANCEL */) return 0;
        const after = () => notify(cx, g, w, CBN.SELCHANGE, () => selectionShown(cx, g, w, s, () => 0));
        if (s.noRollup) {
          s.noRollup = false;
          return after();
        }
        return rollUp(cx, g, w, s, code === LBN.SELCHANGE, after);
      }
      if (lp === s.edit && s.edit) {
        if (code === EN_CHANGE) return notify(cx, g, w, CBN.EDITCHANGE, () => 0);
        if (code === EN_UPDATE) return notify(cx, g, w, CBN.EDITUPDATE, () => 0);
      }
      return 0;
    }
    case WM.LBUTTONDOWN:
    case WM.LBUTTONDBLCLK: {
      // Wine's combo.c takes a double click as a press (the class has CS_DBLCLKS).
      const x = (lp << 16) >> 16;
      const onButton = x >= buttonRect(g, w).left;
      const act = () => (isDropList(w) || onButton ? (s.dropped ? rollUp(cx, g, w, s, false, () => 0) : dropDown(cx, g, w, s, () => 0)) : 0);
      const target = g.window(s.edit) ?? w;
      return g.focus === target.hwnd ? act() : setFocus(cx, g, target, () => act());
    }
    case WM.KEYDOWN: {
      if (wp === VK.F4 || (s.extendedUi && wp === VK.DOWN && !s.dropped))
        return s.dropped ? rollUp(cx, g, w, s, true, () => 0) : dropDown(cx, g, w, s, () => 0);
      if (s.dropped && (wp === VK.RETURN || wp === VK.ESCAPE)) return rollUp(cx, g, w, s, wp === VK.RETURN, () => 0);
      s.noRollup = s.dropped;
      return toList(WM.KEYDOWN, wp, lp, () => {
        s.noRollup = false;
        return 0;
      });
    }
    case WM.CHAR:
      if (!isDropList(w)) return 0;
      s.noRollup = s.dropped;
      return toList(WM.CHAR, wp, lp, () => {
        s.noRollup = false;
        return 0;
      });
    case WM.SETFOCUS: {
      const e = g.window(s.edit);
      if (e) return setFocus(cx, g, e, () => notify(cx, g, w, CBN.SETFOCUS, () => 0));
      s.focused = true;
      g.invalidate(w, undefined, true);
      return notify(cx, g, w, CBN.SETFOCUS, () => 0);
    }
    case WM.KILLFOCUS:
      s.focused = false;
      g.invalidate(w, undefined, true);
      return (s.dropped ? (next: () => Returns<'i32'>) => rollUp(cx, g, w, s, false, next) : (next: () => Returns<'i32'>) => next())(() =>
        notify(cx, g, w, CBN.KILLFOCUS, () => 0),
      );
    case WM.ENABLE:
      g.invalidate(w, undefined, true);
      return 0;
    case WM.ERASEBKGND:
      return 1;
    case WM.PAINT:
      return paintCombo(cx, g, w, s);
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}

function paintCombo(cx: ApiContext, g: Gwes, w: Window, s: ComboState): Returns<'i32'> {
  const p = beginCtlPaint(cx, g, w);
  return ctlColor(cx, p, 0x0134 /* WM_CTLCOLORLISTBOX, as Wine's combo box asks */, (hbr, textColor) => {
    const all = rect(0, 0, p.width, p.height);
    fillBrush(p, all, hbr);
    frame(p, all, g.sysColor(COLOR.WINDOWFRAME));
    const b = buttonRect(g, w);
    const disabled = (w.style & WS.DISABLED) !== 0;
    arrowButton({ fill: (r, c) => fill(p, r, c), color: (i) => g.sysColor(i), ox: p.dc.orgX, oy: p.dc.orgY }, b, 'down', s.dropped, disabled);
    if (isDropList(w)) {
      const font = controlFont(g, s.font);
      const field = rect(2, 2, Math.max(2, b.left - 1), p.height - 2);
      let color = disabled ? g.sysColor(COLOR.GRAYTEXT) : textColor;
      if (s.focused && !s.dropped) {
        fill(p, field, g.sysColor(COLOR.HIGHLIGHT));
        color = g.sysColor(COLOR.HIGHLIGHTTEXT);
      }
      text(p, font, field.left + 1, (p.height - font.height) >> 1, selectedText(g, s), color);
    }
    endCtlPaint(p);
    return 0;
  });
}

/** The drop-down list's procedure: a list box whose pen and notifications belong to its combo box. */
export function comboLBoxProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  // A double click in the dropped list is a press, as Wine's LISTBOX_HandleLButtonDownCombo takes both.
  if (msg === WM.LBUTTONDBLCLK) msg = WM.LBUTTONDOWN;
  const w = g.window(h);
  if (w && msg === WM.LBUTTONDOWN) {
    const ls = lbState(w);
    const combo = g.window(ls.combo);
    const x = (lp << 16) >> 16;
    const y = lp >> 16;
    const c = g.clientRect(w);
    const inside = x >= 0 && y >= 0 && x < c.right - c.left && y < c.bottom - c.top;
    // A tap outside the dropped list closes it without a new selection (the list holds the pen).
    if (!inside && combo) return rollUp(cx, g, combo, stateOf(combo), false, () => 0);
  }
  if (w && msg === WM.LBUTTONUP) {
    const ls = lbState(w);
    if (!ls.captured) return 0;
    ls.captured = false;
    // The tap ends in the list: LBN_SELCHANGE to the combo box, which closes the list.
    return listBoxNotifySelChange(cx, g, w);
  }
  return listBoxProc(cx, h, msg, wp, lp);
}

function listBoxNotifySelChange(cx: ApiContext, g: Gwes, w: Window): Returns<'i32'> {
  const ls = lbState(w);
  const combo = g.window(ls.combo);
  if (!combo) return 0;
  return send(cx, g, combo, WM.COMMAND, notifyCode(w.id, ls.items.length ? LBN.SELCHANGE : 3), w.hwnd, () => 0);
}

export { LB_ERR };
