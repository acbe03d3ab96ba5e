/**
 * The pen on a window's non-client scroll bars (WS_VSCROLL / WS_HSCROLL). CE sends applications no
 * non-client messages: GWES tracks the pen on the bar itself (Windows' DefWindowProc does the same
 * from WM_NCLBUTTONDOWN) and the window gets WM_VSCROLL / WM_HSCROLL with lParam NULL, in the order
 * of scrollbar.ts (a press: SB_LINE* / SB_PAGE*; moves on the thumb: SB_THUMBTRACK; release:
 * SB_THUMBPOSITION for the thumb, SB_ENDSCROLL). The messages are queued to the window's thread as
 * the pen events arrive (wmemu's input is queued, as CE's touch driver feeds GWES); the tracking
 * position GetScrollInfo reports (SIF_TRACKPOS) follows each code as the thread takes it from its
 * queue, so the program sees what it would while GWES tracks the pen on a device.
 */
import { layout } from './nonclient.js';
import { beginTrack, endTrack, moveTrack, SB, scrollBarOf, seenCode, WM_HSCROLL, WM_VSCROLL, type BarTrack } from './scrollbar.js';
import type { Gwes, Window } from './wm.js';

interface NcTrack {
  hwnd: number;
  which: number;
  track: BarTrack;
}
const tracks = new WeakMap<Gwes, NcTrack>();

/** The bar's screen rectangle, its length and thickness, and the pen's place along it. */
function along(w: Window, which: number, x: number, y: number): { len: number; size: number; at: number } | undefined {
  const l = layout(w.style, w.exStyle, w.rect.right - w.rect.left, w.rect.bottom - w.rect.top);
  const r = which === SB.VERT ? l.vscroll : l.hscroll;
  if (!r) return undefined;
  return which === SB.VERT
    ? { len: r.bottom - r.top, size: r.right - r.left, at: y - w.rect.top - r.top }
    : { len: r.right - r.left, size: r.bottom - r.top, at: x - w.rect.left - r.left };
}

/** Queues the scroll codes; the bar's tracking state (SIF_TRACKPOS) follows each as the thread takes it. */
function post(g: Gwes, w: Window, which: number, codes: number[]): void {
  const q = g.queue(w.thread);
  const b = scrollBarOf(w, which);
  for (const c of codes) q.post({ hwnd: w.hwnd, msg: which === SB.VERT ? WM_VSCROLL : WM_HSCROLL, wParam: c, lParam: 0, taken: () => seenCode(b, c) });
}

/** The pen goes down on a window's bar (screen coordinates). */
export function ncScrollDown(g: Gwes, w: Window, which: number, x: number, y: number): void {
  const a = along(w, which, x, y);
  if (!a) return;
  const b = scrollBarOf(w, which);
  const t = beginTrack(b, a.len, a.size, a.at);
  if (!t) return;
  tracks.set(g, { hwnd: w.hwnd, which, track: t.track });
  post(g, w, which, t.codes);
  g.paintNonClient(w);
}

export function ncScrollMove(g: Gwes, x: number, y: number): void {
  const t = tracks.get(g);
  const w = t && g.window(t.hwnd);
  if (!t || !w) return;
  const a = along(w, t.which, x, y);
  if (!a) return;
  const codes = moveTrack(scrollBarOf(w, t.which), t.track, a.len, a.size, a.at);
  if (codes.length) {
    post(g, w, t.which, codes);
    g.paintNonClient(w);
  }
}

export function ncScrollUp(g: Gwes, x: number, y: number): void {
  const t = tracks.get(g);
  if (!t) return;
  ncScrollMove(g, x, y);
  tracks.delete(g);
  const w = g.window(t.hwnd);
  if (!w) return;
  post(g, w, t.which, endTrack(scrollBarOf(w, t.which), t.track));
  g.paintNonClient(w);
}
