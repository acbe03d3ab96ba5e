/**
 * The built-in BUTTON class (CE's flat look): push and default push buttons, check boxes (plain, auto,
 * 3-state, auto 3-state), radio buttons (plain, auto), group boxes and owner-draw buttons.
 *
 * Behaviour follows the Win32 button documentation and Wine's dlls/user32/button.c (the messages CE
 * keeps): BM_GETCHECK/SETCHECK/GETSTATE/SETSTATE/SETSTYLE/CLICK, a click (button down, up inside) gives
 * BN_CLICKED to the parent in WM_COMMAND after an auto check box toggles or an auto radio button
 * checks itself and unchecks the auto radio buttons of its group; the space bar clicks the focused
 * button; WM_GETDLGCODE answers the dialog manager (DLGC_DEFPUSHBUTTON / UNDEFPUSHBUTTON /
 * RADIOBUTTON / BUTTON / STATIC). BS_OWNERDRAW sends WM_DRAWITEM (DRAWITEMSTRUCT, ODT_BUTTON) to the
 * parent instead of drawing.
 *
 * Look (CE 5, measured on ../shared/reference/gui/ce5-dialog-properties-448x211.png, its OK and Cancel
 * buttons, check boxes and group boxes): a push button is COLOR_BTNFACE with a raised edge - outer line
 * COLOR_BTNSHADOW along the top and left, COLOR_DKSHADOW3D (black) along the right and bottom, inner line
 * COLOR_LIGHT3D top/left and COLOR_BTNSHADOW right/bottom -; a default push button has a 1 px black
 * frame around that. Push button and group box labels are drawn in the bold variant of the control's
 * font (the crop's "OK", "Cancel", "Current" and "Last modified date" are bold Tahoma, its static texts
 * and check box labels regular). A check box is a 15x15 square: a COLOR_BTNSHADOW frame, a black line
 * inside along the top and the left, a 12x12 COLOR_WINDOW inside (COLOR_BTNFACE when disabled); its
 * label's pen starts 5 px after it. A group box is a 1 px black frame whose top line runs 8 px below the
 * top of the 14 px title and is broken by the title (from 3 px in; the title starts 5 px in). A push
 * button's label sits 1 px above the centre. Mnemonics are underlined (paint.ts labelText). Tuned on
 * the whole crop by edit.exe's properties dialog (test/gwes/edit.test.ts). Not on the crops, so chosen: the check mark, radio
 * buttons (a 12x12 circle), the pushed look (a sunken edge, text one pixel lower right). Disabled text
 * is COLOR_GRAYTEXT. Not drawn: focus rectangles; BS_BITMAP/BS_ICON images stop the run naming themselves.
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
import { setFocus } from '../../dlls/coredll/winpos.js';
import { rect } from '../../gdi/region.js';
import type { Rect } from '../../gdi/surface.js';
import { COLOR } from '../sysmetrics.js';
import { WS } from '../nonclient.js';
import { gwesOf, type Gwes, type Window } from '../wm.js';
import { nextGroupItem } from '../dialog.js';
import {
  beginCtlPaint,
  controlFont,
  ctlColor,
  ellipse,
  endCtlPaint,
  fill,
  fillBrush,
  frame,
  labelText,
  notifyCode,
  stripPrefix,
  toParent,
  WM,
  WM_CTLCOLORSTATIC,
  WM_GETDLGCODE,
  WM_GETFONT,
  WM_SETFONT,
  type CtlPaint,
} from './paint.js';

export const BS = {
  PUSHBUTTON: 0,
  DEFPUSHBUTTON: 1,
  CHECKBOX: 2,
  AUTOCHECKBOX: 3,
  RADIOBUTTON: 4,
  '3STATE': 5,
  AUTO3STATE: 6,
  GROUPBOX: 7,
  USERBUTTON: 8,
  AUTORADIOBUTTON: 9,
  OWNERDRAW: 0xb,
  TYPEMASK: 0xf,
  LEFTTEXT: 0x20,
  ICON: 0x40,
  BITMAP: 0x80,
  LEFT: 0x100,
  RIGHT: 0x200,
  CENTER: 0x300,
  PUSHLIKE: 0x1000,
  NOTIFY: 0x4000,
} as const;

export const BM = { GETCHECK: 0xf0, SETCHECK: 0xf1, GETSTATE: 0xf2, SETSTATE: 0xf3, SETSTYLE: 0xf4, CLICK: 0xf5 } as const;
export const BST = { CHECKED: 1, INDETERMINATE: 2, PUSHED: 4, FOCUS: 8 } as const;
const BN_CLICKED = 0;
const BN_DOUBLECLICKED = 5;
const BN_SETFOCUS = 6;
const BN_KILLFOCUS = 7;
export const DLGC = {
  WANTARROWS: 0x1,
  WANTTAB: 0x2,
  WANTALLKEYS: 0x4,
  WANTMESSAGE: 0x4,
  HASSETSEL: 0x8,
  DEFPUSHBUTTON: 0x10,
  UNDEFPUSHBUTTON: 0x20,
  RADIOBUTTON: 0x40,
  WANTCHARS: 0x80,
  STATIC: 0x100,
  BUTTON: 0x2000,
} as const;
const VK_SPACE = 0x20;
const WM_DRAWITEM = 0x002b;
const ODT_BUTTON = 4;
const ODA_DRAWENTIRE = 1;
const ODS = { SELECTED: 1, DISABLED: 4, FOCUS: 0x10 } as const;
const BOX = 15;
const RADIO = 12;

interface ButtonState {
  state: number;
  font: number;
}
const states = new WeakMap<Window, ButtonState>();
export function buttonState(w: Window): ButtonState {
  let s = states.get(w);
  if (!s) states.set(w, (s = { state: 0, font: 0 }));
  return s;
}

export const buttonType = (w: Window): number => w.style & BS.TYPEMASK;
const isCheck = (t: number) => t === BS.CHECKBOX || t === BS.AUTOCHECKBOX || t === BS['3STATE'] || t === BS.AUTO3STATE;
const isRadio = (t: number) => t === BS.RADIOBUTTON || t === BS.AUTORADIOBUTTON;

function redraw(g: Gwes, w: Window): void {
  g.invalidate(w, undefined, true);
}

/** The button window procedure (the BUTTON class's lpfnWndProc, a guest-callable trap). */
export function buttonProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const s = buttonState(w);
  const type = buttonType(w);
  switch (msg) {
    case WM_GETDLGCODE:
      if (type === BS.DEFPUSHBUTTON) return DLGC.BUTTON | DLGC.DEFPUSHBUTTON;
      if (type === BS.PUSHBUTTON || type === BS.OWNERDRAW) return DLGC.BUTTON | DLGC.UNDEFPUSHBUTTON;
      if (isRadio(type)) return DLGC.BUTTON | DLGC.RADIOBUTTON;
      if (type === BS.GROUPBOX) return DLGC.STATIC;
      return DLGC.BUTTON;
    case BM.GETCHECK:
      return isCheck(type) || isRadio(type) ? s.state & 3 : 0;
    case BM.SETCHECK: {
      if (!isCheck(type) && !isRadio(type)) return 0;
      const v = type === BS['3STATE'] || type === BS.AUTO3STATE ? Math.min(wp, 2) : wp ? 1 : 0;
      if ((s.state & 3) !== v) {
        s.state = (s.state & ~3) | v;
        redraw(g, w);
      }
      // An auto radio button checked by the application is a tab stop (Wine: WS_TABSTOP follows the check).
      if (isRadio(type)) w.style = v ? w.style | WS.TABSTOP : w.style & ~WS.TABSTOP;
      return 0;
    }
    case BM.GETSTATE:
      return s.state;
    case BM.SETSTATE: {
      const v = wp ? s.state | BST.PUSHED : s.state & ~BST.PUSHED;
      if (v !== s.state) {
        s.state = v;
        redraw(g, w);
      }
      return 0;
    }
    case BM.SETSTYLE:
      w.style = (w.style & ~0xffff) | (wp & 0xffff);
      if (lp) redraw(g, w);
      return 0;
    case BM.CLICK:
      // As WM_LBUTTONDOWN + WM_LBUTTONUP inside: the focus, then the click.
      return type === BS.GROUPBOX ? 0 : setFocus(cx, g, w, () => click(cx, g, w, () => 0));
    case WM.LBUTTONDOWN:
    case WM.LBUTTONDBLCLK:
      // Wine's button.c: on a double click BS_NOTIFY, radio, user and owner-drawn buttons tell the parent
      // BN_DOUBLECLICKED (and the release clicks nothing); the others take the second press as a press.
      if (msg === WM.LBUTTONDBLCLK && (w.style & BS.NOTIFY || type === BS.RADIOBUTTON || type === BS.USERBUTTON || type === BS.OWNERDRAW))
        return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, BN_DOUBLECLICKED), h, () => 0);
      if (type === BS.GROUPBOX) return 0;
      s.state |= BST.PUSHED;
      g.capture = h;
      redraw(g, w);
      return setFocus(cx, g, w, () => 0);
    case WM.MOUSEMOVE:
      if (g.capture === h) {
        const inside = inClient(g, w, lp);
        const v = inside ? s.state | BST.PUSHED : s.state & ~BST.PUSHED;
        if (v !== s.state) {
          s.state = v;
          redraw(g, w);
        }
      }
      return 0;
    case WM.LBUTTONUP: {
      const pushed = (s.state & BST.PUSHED) !== 0;
      if (g.capture === h) g.capture = 0;
      if (!pushed) return 0;
      s.state &= ~BST.PUSHED;
      redraw(g, w);
      return inClient(g, w, lp) ? click(cx, g, w, () => 0) : 0;
    }
    case WM.KEYDOWN:
      if (wp === VK_SPACE && type !== BS.GROUPBOX) {
        s.state |= BST.PUSHED;
        redraw(g, w);
      }
      return 0;
    case WM.KEYUP:
      if (wp === VK_SPACE && s.state & BST.PUSHED) {
        s.state &= ~BST.PUSHED;
        redraw(g, w);
        return click(cx, g, w, () => 0);
      }
      return 0;
    case WM.SETFOCUS:
      s.state |= BST.FOCUS;
      redraw(g, w);
      if (w.style & BS.NOTIFY) return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, BN_SETFOCUS), h, () => 0);
      return 0;
    case WM.KILLFOCUS:
      s.state &= ~(BST.FOCUS | BST.PUSHED);
      if (g.capture === h) g.capture = 0;
      redraw(g, w);
      if (w.style & BS.NOTIFY) return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, BN_KILLFOCUS), h, () => 0);
      return 0;
    case WM_SETFONT:
      s.font = wp;
      if (lp) redraw(g, w);
      return 0;
    case WM_GETFONT:
      return s.font;
    case WM.ENABLE:
      redraw(g, w);
      return 0;
    case WM.SETTEXT: {
      const r = defWindowProc(cx, h, msg, wp, lp);
      redraw(g, w);
      return r;
    }
    case WM.ERASEBKGND:
      return 1; // painted whole in WM_PAINT
    case WM.PAINT:
      return paintButton(cx, g, w);
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}

function inClient(g: Gwes, w: Window, lp: number): boolean {
  const x = (lp << 16) >> 16;
  const y = lp >> 16;
  const c = g.clientRect(w);
  return x >= 0 && y >= 0 && x < c.right - c.left && y < c.bottom - c.top;
}

/** A completed click: auto check/radio state changes, then BN_CLICKED to the parent. */
function click(cx: ApiContext, g: Gwes, w: Window, then: () => Returns<'i32'>): Returns<'i32'> {
  const s = buttonState(w);
  const type = buttonType(w);
  if (type === BS.AUTOCHECKBOX) s.state = (s.state & ~3) | (s.state & 1 ? 0 : 1);
  else if (type === BS.AUTO3STATE) s.state = (s.state & ~3) | ((s.state & 3) === 0 ? 1 : (s.state & 3) === 1 ? 2 : 0);
  else if (type === BS.AUTORADIOBUTTON) checkAutoRadio(g, w);
  redraw(g, w);
  return toParent(cx, g, w, WM.COMMAND, notifyCode(w.id, BN_CLICKED), w.hwnd, () => then());
}

/** Checks an auto radio button and unchecks the other auto radio buttons of its group (Wine's BUTTON_CheckAutoRadioButton). */
function checkAutoRadio(g: Gwes, w: Window): void {
  const parent = g.window(w.parent);
  const seen = new Set<number>();
  for (let c: Window | undefined = w; c && !seen.has(c.hwnd); c = parent ? nextGroupItem(g, parent, c, false) : undefined) {
    seen.add(c.hwnd);
    if (c.cls.name.toLowerCase() !== 'button' || buttonType(c) !== BS.AUTORADIOBUTTON) continue;
    const cs = buttonState(c);
    const v = c === w ? 1 : 0;
    if ((cs.state & 3) !== v) {
      cs.state = (cs.state & ~3) | v;
      redraw(g, c);
    }
    c.style = v ? c.style | WS.TABSTOP : c.style & ~WS.TABSTOP;
  }
}

function paintButton(cx: ApiContext, g: Gwes, w: Window): Returns<'i32'> {
  const type = buttonType(w);
  if (w.style & (BS.BITMAP | BS.ICON)) throw new UnimplementedFeature(`BUTTON with ${w.style & BS.BITMAP ? 'BS_BITMAP' : 'BS_ICON'}`);
  const p = beginCtlPaint(cx, g, w);
  if (type === BS.OWNERDRAW) return drawItem(cx, g, w, p);
  if (type === BS.PUSHBUTTON || type === BS.DEFPUSHBUTTON || type === BS.USERBUTTON || w.style & BS.PUSHLIKE) {
    drawPush(g, w, p);
    endCtlPaint(p);
    return 0;
  }
  return ctlColor(cx, p, WM_CTLCOLORSTATIC, (hbr, textColor) => {
    fillBrush(p, rect(0, 0, p.width, p.height), hbr);
    if (type === BS.GROUPBOX) drawGroup(g, w, p, textColor, hbr);
    else drawCheck(g, w, p, textColor);
    endCtlPaint(p);
    return 0;
  });
}

function label(w: Window): string {
  return stripPrefix(w.title);
}

/** CE 5's raised button edge inside r (measured on the crop's Cancel button, see the module comment). */
function raisedEdge(g: Gwes, p: CtlPaint, r: Rect, pushed: boolean): void {
  const { left: l, top: t, right: rr, bottom: b } = r;
  const shadow = g.sysColor(COLOR.BTNSHADOW);
  const black = g.sysColor(COLOR.DKSHADOW3D);
  const light = g.sysColor(COLOR.LIGHT3D);
  if (pushed) {
    // Sunken (not on the crops): black outer top/left, shadow inner top/left, light bottom/right.
    fill(p, rect(l, t, rr, t + 1), black);
    fill(p, rect(l, t, l + 1, b), black);
    fill(p, rect(l + 1, t + 1, rr - 1, t + 2), shadow);
    fill(p, rect(l + 1, t + 1, l + 2, b - 1), shadow);
    fill(p, rect(rr - 1, t + 1, rr, b), light);
    fill(p, rect(l + 1, b - 1, rr, b), light);
    return;
  }
  fill(p, rect(l, t, rr - 1, t + 1), shadow);
  fill(p, rect(l, t, l + 1, b - 1), shadow);
  fill(p, rect(rr - 1, t, rr, b), black);
  fill(p, rect(l, b - 1, rr, b), black);
  fill(p, rect(l + 1, t + 1, rr - 2, t + 2), light);
  fill(p, rect(l + 1, t + 1, l + 2, b - 2), light);
  fill(p, rect(rr - 2, t + 1, rr - 1, b - 1), shadow);
  fill(p, rect(l + 1, b - 2, rr - 1, b - 1), shadow);
}

/** The bold variant of a control's font (CE draws push button and group box labels bold; see the module comment). */
function boldFont(g: Gwes, hfont: number) {
  const base = controlFont(g, hfont);
  return g.fonts.realize({ ...base.log, weight: 700 });
}

function drawPush(g: Gwes, w: Window, p: CtlPaint): void {
  const s = buttonState(w);
  const pushed = (s.state & BST.PUSHED) !== 0 || ((w.style & BS.PUSHLIKE) !== 0 && (s.state & 3) !== 0);
  let r = rect(0, 0, p.width, p.height);
  fill(p, r, g.sysColor(COLOR.BTNFACE));
  if (buttonType(w) === BS.DEFPUSHBUTTON) {
    frame(p, r, g.sysColor(COLOR.WINDOWFRAME));
    r = rect(1, 1, p.width - 1, p.height - 1);
  }
  raisedEdge(g, p, r, pushed);
  const font = boldFont(g, s.font);
  const tw = font.measure(label(w)).width;
  const off = pushed ? 1 : 0;
  const color = w.style & WS.DISABLED ? g.sysColor(COLOR.GRAYTEXT) : g.sysColor(COLOR.BTNTEXT);
  // Vertically the label sits one pixel above the centre of its cell (the crop's OK, Cancel, Current: 3 px from the top of 22).
  labelText(p, font, ((p.width - tw) >> 1) + off, ((p.height - font.height - 1) >> 1) + off, w.title, color);
}

function drawCheck(g: Gwes, w: Window, p: CtlPaint, textColor: number): void {
  const s = buttonState(w);
  const type = buttonType(w);
  const font = controlFont(g, s.font);
  const size = isRadio(type) ? RADIO : BOX;
  const right = (w.style & BS.LEFTTEXT) !== 0;
  const bx = right ? p.width - size : 0;
  const by = (p.height - size) >> 1;
  const box = rect(bx, by, bx + size, by + size);
  const black = g.sysColor(COLOR.WINDOWFRAME);
  const shadow = g.sysColor(COLOR.BTNSHADOW);
  // Pushed or disabled: a COLOR_BTNFACE inside (the crop's disabled "in ROM" box).
  const face = (s.state & BST.PUSHED) !== 0 || w.style & WS.DISABLED ? g.sysColor(COLOR.BTNFACE) : g.sysColor(COLOR.WINDOW);
  const check = s.state & 3;
  if (isRadio(type)) {
    ellipse(p, box, shadow);
    ellipse(p, rect(box.left + 1, box.top + 1, box.right - 1, box.bottom - 1), black);
    ellipse(p, rect(box.left + 2, box.top + 2, box.right - 1, box.bottom - 1), face);
    if (check) ellipse(p, rect(box.left + 4, box.top + 4, box.right - 4, box.bottom - 4), black);
  } else {
    // 15x15: a COLOR_BTNSHADOW frame, a black line inside along the top and the left, a 12x12 white inside.
    frame(p, box, shadow);
    fill(p, rect(box.left + 1, box.top + 1, box.right - 1, box.top + 2), black);
    fill(p, rect(box.left + 1, box.top + 2, box.left + 2, box.bottom - 1), black);
    fill(p, rect(box.left + 2, box.top + 2, box.right - 1, box.bottom - 1), check === 2 ? g.sysColor(COLOR.BTNFACE) : face);
    if (check) {
      // The check mark (not on the crops): a 7-pixel tick, strokes three pixels high, centred inside.
      const mark = check === 2 ? shadow : black;
      for (let i = 0; i < 7; i++) {
        const y = box.top + (i <= 2 ? 6 + i : 8 - (i - 2));
        fill(p, rect(box.left + 4 + i, y, box.left + 5 + i, y + 3), mark);
      }
    }
  }
  // The label's pen starts 5 px after the box (the crop's "Read only", "Change", "Recurse subdirs").
  const tx = right ? 0 : size + 5;
  const color = w.style & WS.DISABLED ? g.sysColor(COLOR.GRAYTEXT) : textColor;
  labelText(p, font, tx, (p.height - font.height) >> 1, w.title, color);
}

function drawGroup(g: Gwes, w: Window, p: CtlPaint, textColor: number, hbr: number): void {
  const s = buttonState(w);
  const font = boldFont(g, s.font);
  const t = label(w);
  // The frame's top line runs 8 px below the top of the 14 px title (the crop's two group boxes).
  const mid = (font.height >> 1) + 1;
  frame(p, rect(0, mid, p.width, p.height), g.sysColor(COLOR.WINDOWFRAME));
  if (t) {
    // The top line is broken from 3 px in to 2 px after the title, which starts 5 px in (measured on the crop).
    const tw = font.measure(t).width;
    fillBrush(p, rect(3, mid, 5 + tw + 2, mid + 1), hbr);
    labelText(p, font, 5, 0, w.title, w.style & WS.DISABLED ? g.sysColor(COLOR.GRAYTEXT) : textColor);
  }
}

/** BS_OWNERDRAW: WM_DRAWITEM to the parent with a DRAWITEMSTRUCT (ODT_BUTTON, ODA_DRAWENTIRE). */
function drawItem(cx: ApiContext, g: Gwes, w: Window, p: CtlPaint): Returns<'i32'> {
  const s = buttonState(w);
  const dis = cx.machine.processHeap.alloc(48, true);
  if (!dis) {
    endCtlPaint(p);
    return 0;
  }
  const itemState = (s.state & BST.PUSHED ? ODS.SELECTED : 0) | (s.state & BST.FOCUS ? ODS.FOCUS : 0) | (w.style & WS.DISABLED ? ODS.DISABLED : 0);
  // CtlType, CtlID, itemID, itemAction, itemState, hwndItem, hDC, rcItem (4), itemData.
  [ODT_BUTTON, w.id, 0, ODA_DRAWENTIRE, itemState, w.hwnd, p.hdc, 0, 0, p.width, p.height, 0].forEach((v, i) => cx.mem.setU32(dis + 4 * i, v >>> 0));
  return toParent(cx, g, w, WM_DRAWITEM, w.id, dis, () => {
    cx.machine.processHeap.freeBlock(dis);
    endCtlPaint(p);
    return 0;
  });
}
