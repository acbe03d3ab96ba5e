/**
 * The pen on a window's non-client scroll bars (WS_VSCROLL / WS_HSCROLL). CE sends applications no
 * non-client messages: GWES tracks the pen on the bar itself (Windows' DefWindowProc does the same
 * from WM_NCLBUTTONDOWN) and the window gets WM_VSCROLL / WM_HSCROLL with lParam NULL, in the order
 * of scrollbar.ts (a press: SB_LINE* / SB_PAGE*; moves on the thumb: SB_THUMBTRACK; release:
 * SB_THUMBPOSITION for the thumb, SB_ENDSCROLL). The messages are queued to the window's thread as
 * the pen events arrive (wmemu's input is queued, as CE's touch driver feeds GWES); the tracking
 * position GetScrollInfo reports (SIF_TRACKPOS) follows each code as the thread takes it from its
 * queue, so the program sees what it would while GWES tracks the pen on a device. A pen held on an
 * arrow or a page part repeats its code (scrollbar.ts: SCROLL_FIRST_DELAY, then SCROLL_REPEAT_DELAY, on
 * the machine clock) until it is lifted.
 */
import { layout } from './nonclient.js';
import {
  beginTrack,
  endTrack,
  moveTrack,
  repeatCode,
  SB,
  SCROLL_FIRST_DELAY,
  SCROLL_REPEAT_DELAY,
  scrollBarOf,
  seenCode,
  WM_HSCROLL,
  WM_VSCROLL,
  type BarTrack,
} from './scrollbar.js';
import type { Gwes, Window } from './wm.js';

interface NcTrack {
  hwnd: number;
  which: number;
  track: BarTrack;
  /** Where the pen is now (screen). */
  x: number;
  y: number;
  /** Cancels the pending auto-repeat tick. */
  cancel: () => void;
}
const tracks = new WeakMap<Gwes, NcTrack>();
const REPEAT_KEY = 'ncscroll:repeat';

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
  const nt: NcTrack = { hwnd: w.hwnd, which, track: t.track, x, y, cancel: () => {} };
  tracks.set(g, nt);
  post(g, w, which, t.codes);
  if (t.track.part !== 'thumb') {
    arm(g, nt, SCROLL_FIRST_DELAY);
    // Among the window manager's timers, so the end of the run cancels a press never lifted.
    g.timers.set(REPEAT_KEY, { key: REPEAT_KEY, hwnd: w.hwnd, id: 0, proc: 0, queue: g.queue(w.thread), cancel: () => nt.cancel() });
  }
  g.paintNonClient(w);
}

/** The next auto-repeat tick of a held press: the code again while the pen is on the part pressed. */
function arm(g: Gwes, t: NcTrack, ms: number): void {
  t.cancel = g.clock.setTimer(ms, () => {
    const w = g.window(t.hwnd);
    if (tracks.get(g) !== t || !w) return;
    const a = along(w, t.which, t.x, t.y);
    const code = a && repeatCode(scrollBarOf(w, t.which), t.track, a.len, a.size, a.at);
    if (code !== undefined) post(g, w, t.which, [code]);
    arm(g, t, SCROLL_REPEAT_DELAY);
  });
}

export function ncScrollMove(g: Gwes, x: number, y: number): void {
  const t = tracks.get(g);
  const w = t && g.window(t.hwnd);
  if (!t || !w) return;
  t.x = x;
  t.y = y;
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
  t.cancel();
  g.timers.delete(REPEAT_KEY);
  tracks.delete(g);
  const w = g.window(t.hwnd);
  if (!w) return;
  post(g, w, t.which, endTrack(scrollBarOf(w, t.which), t.track));
  g.paintNonClient(w);
}
