/**
 * Input from the host (tests, `--input`, a live view) into the window manager, as CE's touch screen
 * and keyboard drivers feed GWES: a tap is WM_LBUTTONDOWN then WM_LBUTTONUP posted to the window
 * under the point (or the capture window) with client coordinates in lParam and MK_LBUTTON in
 * wParam; a drag adds WM_MOUSEMOVE steps; keys are WM_KEYDOWN / WM_KEYUP (TranslateMessage makes
 * WM_CHAR) and text is WM_CHAR, both to the focus window. A tap on a caption's X posts WM_CLOSE to
 * the window, on OK posts WM_COMMAND(IDOK) (CE's caption buttons), when the pen is lifted over the
 * button it went down on. The pointer primitives (pointerDown / pointerMove / pointerUp, what the live
 * view sends) are the path tap() and drag() take too. A press on a window whose top-level window is
 * not active activates it when the thread takes the WM_LBUTTONDOWN from its queue (QMsg.input;
 * coredll windows.ts), as Windows does. Not modelled yet: the ? button's help mode.
 *
 * Double taps (CE's "Mouse and Stylus Input" rules, with Wine's user32 process_mouse_message as the
 * reference for the details): a press in the client area of a window whose class has CS_DBLCLKS is
 * posted as WM_LBUTTONDBLCLK instead of WM_LBUTTONDOWN when the previous press went to the same window
 * less than GetDoubleClickTime (DOUBLE_CLICK_MS) earlier on the machine clock (the time the message is
 * stamped with: virtual under --deterministic) and within the SM_CXDOUBLECLK x SM_CYDOUBLECLK rectangle
 * centred on it. A double click resets the sequence (a third press is a WM_LBUTTONDOWN again), so a
 * double tap is DOWN, UP, DBLCLK, UP. A window whose class lacks CS_DBLCLKS gets two DOWN/UP pairs.
 */
import { hitTest, HT, WS } from './nonclient.js';
import { ncScrollDown, ncScrollMove, ncScrollUp } from './ncscroll.js';
import { SB } from './scrollbar.js';
import { WM, type Gwes, type Window } from './wm.js';
import { setCursor } from './cursor.js';
import { SM, systemMetric } from './sysmetrics.js';

const MK_LBUTTON = 1;
const IDOK = 1;
const CS_DBLCLKS = 0x0008;

/** GetDoubleClickTime: 500 ms, the Windows default (CE reads HKCU\ControlPanel\Mouse, absent here). */
export const DOUBLE_CLICK_MS = 500;

/**
 * The deepest visible window at a screen point (children before parents, topmost first). A window
 * with a window region (SetWindowRgn) is hit only inside it: elsewhere the point reaches what is below.
 */
export function windowAt(g: Gwes, parent: number, x: number, y: number): Window | undefined {
  for (const w of g.children(parent)) {
    if (!(w.style & WS.VISIBLE)) continue;
    if (g.onWindow(w, x, y)) {
      const c = g.clientRect(w);
      if (x >= c.left && x < c.right && y >= c.top && y < c.bottom) return windowAt(g, w.hwnd, x, y) ?? w;
      return w;
    }
  }
  return undefined;
}

const pack = (x: number, y: number): number => ((x & 0xffff) | ((y & 0xffff) << 16)) >>> 0;

function postMouse(g: Gwes, w: Window, msg: number, x: number, y: number, buttons: number): void {
  const c = g.clientRect(w);
  g.queue(w.thread).post({
    hwnd: w.hwnd,
    msg,
    wParam: buttons,
    lParam: pack(x - c.left, y - c.top),
    pt: { x, y },
    ...((msg === WM.LBUTTONDOWN || msg === WM.LBUTTONDBLCLK) && { input: true }),
  });
}

/** What a tap at (x, y) reached: the window and where (for reports). */
export interface TapResult {
  hwnd: number;
  area: 'client' | 'close' | 'ok' | 'help' | 'caption' | 'border' | 'desktop' | 'disabled' | 'vscroll' | 'hscroll';
}

function target(g: Gwes, x: number, y: number): { w: Window | undefined; area: TapResult['area'] } {
  const cap = g.window(g.capture);
  if (cap) return { w: cap, area: 'client' };
  const w = windowAt(g, 0, x, y);
  if (!w) return { w: undefined, area: 'desktop' };
  if (w.style & WS.DISABLED) return { w, area: 'disabled' };
  const ht = hitTest(w.style, w.exStyle, w.rect.right - w.rect.left, w.rect.bottom - w.rect.top, x - w.rect.left, y - w.rect.top);
  const area =
    ht === HT.CLIENT
      ? 'client'
      : ht === HT.CLOSE
        ? 'close'
        : ht === HT.OK
          ? 'ok'
          : ht === HT.HELP
            ? 'help'
            : ht === HT.CAPTION
              ? 'caption'
              : ht === HT.VSCROLL
                ? 'vscroll'
                : ht === HT.HSCROLL
                  ? 'hscroll'
                  : 'border';
  return { w, area };
}

/** The press in progress per window manager (pointerDown until pointerUp). */
const pressed = new WeakMap<Gwes, { hwnd: number; area: TapResult['area'] }>();

/** The last client-area press that can start a double click (Wine's clk_msg). */
const lastPress = new WeakMap<Gwes, { hwnd: number; time: number; x: number; y: number }>();

/** WM_LBUTTONDOWN, or WM_LBUTTONDBLCLK when this press completes a double click (see the header). */
function pressMessage(g: Gwes, w: Window, x: number, y: number): number {
  const time = g.clock.tickCount();
  const last = lastPress.get(g);
  const near = (d: number, sm: number): boolean => Math.abs(d) < systemMetric(g.screen, sm) / 2;
  if (
    w.cls.style & CS_DBLCLKS &&
    last?.hwnd === w.hwnd &&
    (time - last.time) >>> 0 < DOUBLE_CLICK_MS &&
    near(x - last.x, SM.CXDOUBLECLK) &&
    near(y - last.y, SM.CYDOUBLECLK)
  ) {
    lastPress.delete(g);
    return WM.LBUTTONDBLCLK;
  }
  lastPress.set(g, { hwnd: w.hwnd, time, x, y });
  return WM.LBUTTONDOWN;
}

/** The pen goes down at (x, y): WM_LBUTTONDOWN to the window there (client area). */
export function pointerDown(g: Gwes, x: number, y: number): TapResult {
  setCursor(g, x, y);
  const { w, area } = target(g, x, y);
  pressed.set(g, { hwnd: w?.hwnd ?? 0, area });
  // A press anywhere else (frame, caption, bar, desktop) ends a double-click sequence (Wine's clk_msg
  // takes every press, and a non-client one never matches a client one).
  if (area !== 'client') lastPress.delete(g);
  if (w && area === 'client') postMouse(g, w, pressMessage(g, w, x, y), x, y, MK_LBUTTON);
  else if (w && (area === 'vscroll' || area === 'hscroll')) {
    // GWES tracks the pen on a non-client scroll bar (ncscroll.ts); an inactive window is activated first.
    if (g.topLevelOf(w).hwnd !== g.active) g.queue(w.thread).post({ hwnd: w.hwnd, msg: WM.NULL, wParam: 0, lParam: 0, input: true });
    ncScrollDown(g, w, area === 'vscroll' ? SB.VERT : SB.HORZ, x, y);
  }
  // A press on the frame or caption: CE sends the application nothing, but the window is activated
  // (a marker the thread's GetMessageW/PeekMessageW consumes: coredll windows.ts).
  else if (w && area !== 'disabled' && g.topLevelOf(w).hwnd !== g.active)
    g.queue(w.thread).post({ hwnd: w.hwnd, msg: WM.NULL, wParam: 0, lParam: 0, input: true });
  return { hwnd: w?.hwnd ?? 0, area };
}

/** The pen moves while down: WM_MOUSEMOVE to the capture window or the one pressed (a touch screen has no hover). */
export function pointerMove(g: Gwes, x: number, y: number): void {
  setCursor(g, x, y);
  const p = pressed.get(g);
  if (p?.area === 'vscroll' || p?.area === 'hscroll') return ncScrollMove(g, x, y);
  if (p?.area !== 'client') return;
  const to = g.window(g.capture) ?? g.window(p.hwnd);
  if (to) postMouse(g, to, WM.MOUSEMOVE, x, y, MK_LBUTTON);
}

/** The pen is lifted: WM_LBUTTONUP, or the caption button's action when lifted over the button pressed. */
export function pointerUp(g: Gwes, x: number, y: number): TapResult {
  setCursor(g, x, y);
  const p = pressed.get(g);
  if (!p) return { hwnd: 0, area: 'desktop' };
  pressed.delete(g);
  const w = g.window(p.hwnd);
  if (p.area === 'vscroll' || p.area === 'hscroll') ncScrollUp(g, x, y);
  else if (p.area === 'client') {
    const to = g.window(g.capture) ?? w;
    if (to) postMouse(g, to, WM.LBUTTONUP, x, y, 0);
  } else if (w && (p.area === 'close' || p.area === 'ok')) {
    const at = target(g, x, y);
    if (at.w === w && at.area === p.area) {
      if (p.area === 'close') g.queue(w.thread).post({ hwnd: w.hwnd, msg: WM.CLOSE, wParam: 0, lParam: 0 });
      else g.queue(w.thread).post({ hwnd: w.hwnd, msg: WM.COMMAND, wParam: IDOK, lParam: 0 });
    }
  }
  return p;
}

export function tap(g: Gwes, x: number, y: number): TapResult {
  const r = pointerDown(g, x, y);
  pointerUp(g, x, y);
  return r;
}

/** Two taps at (x, y) in a row: DOWN, UP, DBLCLK, UP for a CS_DBLCLKS window (the header's rules). */
export function doubleTap(g: Gwes, x: number, y: number): TapResult {
  const r = tap(g, x, y);
  tap(g, x, y);
  return r;
}

/** Press at (x0, y0), move in `steps` equal steps, release at (x1, y1); all to the window pressed. */
export function drag(g: Gwes, x0: number, y0: number, x1: number, y1: number, steps = 4): TapResult {
  const r = pointerDown(g, x0, y0);
  if (r.area !== 'client' && r.area !== 'vscroll' && r.area !== 'hscroll') {
    pressed.delete(g);
    return r;
  }
  for (let i = 1; i <= steps; i++) pointerMove(g, x0 + Math.trunc(((x1 - x0) * i) / steps), y0 + Math.trunc(((y1 - y0) * i) / steps));
  pointerUp(g, x1, y1);
  return r;
}

/** Virtual-key names accepted by key() besides single letters and digits. */
export const VK: Record<string, number> = {
  BACK: 0x08,
  TAB: 0x09,
  RETURN: 0x0d,
  ENTER: 0x0d,
  SHIFT: 0x10,
  CONTROL: 0x11,
  CTRL: 0x11,
  MENU: 0x12,
  ALT: 0x12,
  ESCAPE: 0x1b,
  SPACE: 0x20,
  END: 0x23,
  HOME: 0x24,
  LEFT: 0x25,
  UP: 0x26,
  RIGHT: 0x27,
  DOWN: 0x28,
  INSERT: 0x2d,
  DELETE: 0x2e,
  F1: 0x70,
};

export function keyCode(name: string): number | undefined {
  const n = name.toUpperCase();
  if (/^[A-Z0-9]$/.test(n)) return n.charCodeAt(0);
  return VK[n];
}

function focusWindow(g: Gwes): Window | undefined {
  return g.window(g.focus) ?? g.window(g.active);
}

export function key(g: Gwes, vk: number): number {
  const w = focusWindow(g);
  if (!w) return 0;
  keyEvent(g, vk, true);
  keyEvent(g, vk, false);
  return w.hwnd;
}

const WM_SYSKEYDOWN = 0x0104;
const WM_SYSKEYUP = 0x0105;
const VK_MENU = 0x12;
const VK_CONTROL = 0x11;
/** Keys held down through keyEvent (ALT and CTRL decide between WM_KEY* and WM_SYSKEY*). */
const held = new WeakMap<Gwes, Set<number>>();

/**
 * One key transition (the live view sends them as they happen) to the focus window. As the keyboard
 * driver feeds GWES (Win32's keyboard input rules, which CE follows): ALT itself, and any key while ALT
 * is down without CTRL, is WM_SYSKEYDOWN / WM_SYSKEYUP with KF_ALTDOWN (lParam bit 29) while ALT is down;
 * other keys are WM_KEYDOWN / WM_KEYUP. Bits 30 and 31 of a release are set.
 */
export function keyEvent(g: Gwes, vk: number, down: boolean): number {
  const w = focusWindow(g);
  if (!w) return 0;
  let keys = held.get(g);
  if (!keys) held.set(g, (keys = new Set()));
  const alt = keys.has(VK_MENU) || (vk === VK_MENU && down);
  const sys = (vk === VK_MENU || alt) && !keys.has(VK_CONTROL);
  if (down) keys.add(vk);
  else keys.delete(vk);
  const lParam = ((down ? 1 : 0xc000_0001) | (alt && sys ? 0x2000_0000 : 0)) >>> 0;
  const msg = sys ? (down ? WM_SYSKEYDOWN : WM_SYSKEYUP) : down ? WM.KEYDOWN : WM.KEYUP;
  g.queue(w.thread).post({ hwnd: w.hwnd, msg, wParam: vk, lParam });
  return w.hwnd;
}

export function typeText(g: Gwes, text: string): number {
  const w = focusWindow(g);
  if (!w) return 0;
  const q = g.queue(w.thread);
  for (const ch of text) q.post({ hwnd: w.hwnd, msg: WM.CHAR, wParam: ch.codePointAt(0)!, lParam: 1 });
  return w.hwnd;
}
