/**
 * coredll scroll bars of a window: SetScrollInfo, GetScrollInfo, SetScrollPos, SetScrollRange (CE
 * exports these four; GetScrollPos/GetScrollRange, ShowScrollBar and EnableScrollBar are not CE
 * exports: on CE a standard bar appears and disappears through SetScrollInfo and SIF_DISABLENOSCROLL).
 * The state, geometry, look and pen tracking are gwes/scrollbar.ts; SB_CTL works on a SCROLLBAR
 * control (gwes/controls/scrollbar.ts), whose SBM_* messages come here too.
 *
 * Rules from the Win32/CE SCROLLINFO pages and Wine's user32 (scroll.c SCROLL_SetScrollInfo and its
 * tests): the page is clamped to 0..(max - min + 1), the position to min..(max - max(page - 1, 0));
 * a range with min > max or max - min >= 0x80000000 becomes 0-0; SetScrollInfo and SetScrollPos return
 * the (previous for SetScrollPos) position; SetScrollRange fails with ERROR_INVALID_SCROLLBAR_RANGE when
 * max - min exceeds 0x7fffffff; GetScrollInfo fails (FALSE) when fMask asks for nothing it knows or
 * cbSize is not sizeof(SCROLLINFO) (28). Visibility of a standard bar (SIF_RANGE / SIF_PAGE /
 * SIF_DISABLENOSCROLL in the mask): when nothing is left to scroll the bar is disabled with
 * SIF_DISABLENOSCROLL, else hidden if the range or page changed; when there is something to scroll
 * it is enabled (unless only the page was set) and shown if the range or page changed. Showing or
 * hiding a bar changes WS_VSCROLL / WS_HSCROLL, the client area shrinks or grows (nonclient.ts) and
 * the window gets WM_SIZE, as SetWindowPos(SWP_FRAMECHANGED) gives it on Windows. With fRedraw the
 * bar is drawn again.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { WS } from '../../gwes/nonclient.js';
import { barEmpty, clampBar, ESB, SB, scrollBarOf, type ScrollBar } from '../../gwes/scrollbar.js';
import { gwesOf, WM, type Gwes, type Window } from '../../gwes/wm.js';
import { send } from './winpos.js';

const SIF = { RANGE: 0x1, PAGE: 0x2, POS: 0x4, DISABLENOSCROLL: 0x8, TRACKPOS: 0x10 } as const;
const SIF_ALL = SIF.RANGE | SIF.PAGE | SIF.POS | SIF.TRACKPOS;
const SCROLLINFO_SIZE = 28;
const ERROR_INVALID_SCROLLBAR_RANGE = 1448;

/** True for a window of the SCROLLBAR class (the only windows SB_CTL applies to). */
export const isScrollBarControl = (w: Window): boolean => w.cls.name.toLowerCase() === 'scrollbar';

function bar(cx: ApiContext, hwnd: number, which: number): { w: Window; b: ScrollBar } | undefined {
  const w = gwesOf(cx.machine).window(hwnd);
  if (!w) {
    cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return undefined;
  }
  if ((which !== SB.HORZ && which !== SB.VERT && which !== SB.CTL) || (which === SB.CTL && !isScrollBarControl(w))) {
    cx.fail(0, ERROR.INVALID_PARAMETER);
    return undefined;
  }
  return { w, b: scrollBarOf(w, which) };
}

/** New values of SetScrollInfo (only the fields its mask names are read). */
export interface BarValues {
  mask: number;
  min: number;
  max: number;
  page: number;
  pos: number;
}

/** Draws a bar again: the non-client area of its window, or the SCROLLBAR control. */
export function redrawBar(g: Gwes, w: Window, which: number): void {
  if (which === SB.CTL) g.invalidate(w, undefined, true);
  else g.paintNonClient(w);
}

/** SetScrollInfo's work (also SBM_SETSCROLLINFO, SBM_SETPOS, SBM_SETRANGE): `then` gets the new position. */
export function setBar(
  cx: ApiContext,
  g: Gwes,
  w: Window,
  which: number,
  v: BarValues,
  redraw: boolean,
  then: (pos: number) => Returns<'i32'>,
): Returns<'i32'> {
  const b = scrollBarOf(w, which);
  let changed = false;
  if (v.mask & SIF.PAGE && b.page !== v.page >>> 0) {
    b.page = Math.min(v.page >>> 0, 0x7fffffff);
    changed = true;
  }
  if (v.mask & SIF.RANGE) {
    const [min, max] = v.min > v.max || v.max - v.min >= 0x8000_0000 ? [0, 0] : [v.min, v.max];
    if (b.min !== min || b.max !== max) {
      b.min = min;
      b.max = max;
      changed = true;
    }
  }
  if (v.mask & SIF.POS) b.pos = v.pos;
  clampBar(b);
  let show: boolean | undefined;
  if (v.mask & (SIF.RANGE | SIF.PAGE | SIF.DISABLENOSCROLL)) {
    if (barEmpty(b)) {
      if (v.mask & SIF.DISABLENOSCROLL) b.disabled = ESB.DISABLE_BOTH;
      else if (which !== SB.CTL && changed) show = false;
    } else if (v.mask !== SIF.PAGE) {
      b.disabled = ESB.ENABLE_BOTH;
      if (which !== SB.CTL && changed) show = true;
    }
  }
  const flag = which === SB.VERT ? WS.VSCROLL : WS.HSCROLL;
  if (show !== undefined && which !== SB.CTL && ((w.style & flag) !== 0) !== show) {
    w.style = show ? w.style | flag : w.style & ~flag;
    g.paintNonClient(w);
    g.invalidate(w, undefined, true);
    const c = g.clientRect(w);
    const size = ((c.right - c.left) & 0xffff) | (((c.bottom - c.top) & 0xffff) << 16);
    return send(cx, g, w, WM.SIZE, 0, size >>> 0, () => then(b.pos));
  }
  if (redraw) redrawBar(g, w, which);
  return then(b.pos);
}

/** GetScrollInfo's work (also SBM_GETSCROLLINFO): fills the SCROLLINFO at p; false for a bad cbSize / mask. */
export function getBar(cx: ApiContext, b: ScrollBar, p: number): boolean {
  cx.mem.check(p, SCROLLINFO_SIZE, 'write');
  const mask = cx.mem.u32(p + 4);
  if (cx.mem.u32(p) !== SCROLLINFO_SIZE || !(mask & SIF_ALL)) return false;
  if (mask & SIF.RANGE) {
    cx.mem.setU32(p + 8, b.min >>> 0);
    cx.mem.setU32(p + 12, b.max >>> 0);
  }
  if (mask & SIF.PAGE) cx.mem.setU32(p + 16, b.page);
  if (mask & SIF.POS) cx.mem.setU32(p + 20, b.pos >>> 0);
  if (mask & SIF.TRACKPOS) cx.mem.setU32(p + 24, (b.tracking ? b.trackPos : b.pos) >>> 0);
  return true;
}

/** Reads a SCROLLINFO for SetScrollInfo; undefined (ERROR_INVALID_PARAMETER) for a bad cbSize. */
export function readScrollInfo(cx: ApiContext, p: number): BarValues | undefined {
  cx.mem.check(p, SCROLLINFO_SIZE);
  if (cx.mem.u32(p) !== SCROLLINFO_SIZE) return undefined;
  return { mask: cx.mem.u32(p + 4), min: cx.mem.i32(p + 8), max: cx.mem.i32(p + 12), page: cx.mem.u32(p + 16), pos: cx.mem.i32(p + 20) };
}

export const scrollinfo: ApiDef[] = [
  fn('SetScrollInfo(handle hwnd, i32 fnBar, ptr lpsi, bool fRedraw): i32', (cx, h: number, which: number, p: number, redraw: number) => {
    const t = bar(cx, h, which);
    if (!t) return 0;
    const v = readScrollInfo(cx, p);
    if (!v) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return setBar(cx, gwesOf(cx.machine), t.w, which, v, redraw !== 0, (pos) => pos);
  }),
  fn('GetScrollInfo(handle hwnd, i32 fnBar, ptr lpsi): bool', (cx, h: number, which: number, p: number) => {
    const t = bar(cx, h, which);
    if (!t) return 0;
    return getBar(cx, t.b, p) ? 1 : cx.fail(0, ERROR.INVALID_PARAMETER);
  }),
  fn('SetScrollPos(handle hwnd, i32 nBar, i32 nPos, bool bRedraw): i32', (cx, h: number, which: number, pos: number, redraw: number) => {
    const t = bar(cx, h, which);
    if (!t) return 0;
    const old = t.b.pos;
    return setBar(cx, gwesOf(cx.machine), t.w, which, { mask: SIF.POS, min: 0, max: 0, page: 0, pos }, redraw !== 0, () => old);
  }),
  fn(
    'SetScrollRange(handle hwnd, i32 nBar, i32 nMinPos, i32 nMaxPos, bool bRedraw): bool',
    (cx, h: number, which: number, min: number, max: number, redraw: number) => {
      const t = bar(cx, h, which);
      if (!t) return 0;
      if (max - min > 0x7fffffff) return cx.fail(0, ERROR_INVALID_SCROLLBAR_RANGE);
      return setBar(cx, gwesOf(cx.machine), t.w, which, { mask: SIF.RANGE, min, max, page: 0, pos: 0 }, redraw !== 0, () => 1);
    },
  ),
];
