/**
 * The built-in SCROLLBAR class (SBS_HORZ / SBS_VERT, with SBS_TOPALIGN / SBS_BOTTOMALIGN /
 * SBS_LEFTALIGN / SBS_RIGHTALIGN): the bar of gwes/scrollbar.ts filling the control's client area,
 * the SB_CTL state of SetScrollInfo & co. and the SBM_* messages (SETPOS, GETPOS, SETRANGE,
 * SETRANGEREDRAW, GETRANGE, ENABLE_ARROWS, SETSCROLLINFO, GETSCROLLINFO). The pen and the keyboard
 * send WM_HSCROLL / WM_VSCROLL to the parent with the control's handle in lParam (the order of
 * scrollbar.ts; keys: arrows SB_LINE*, PRIOR/NEXT SB_PAGE*, HOME/END SB_TOP/SB_BOTTOM, each followed
 * by SB_ENDSCROLL). Following the Win32 scroll bar documentation and Wine's dlls/user32/scroll.c
 * (a control's range starts empty, 0-0, MSDN's SetScrollRange page; SBM_SETRANGE returns the new
 * position when it moved, else 0). SBS_SIZEBOX (a size grip, meaningless on CE) stops the run naming it.
 * The pen held on an arrow or a page part repeats its code (scrollbar.ts: SCROLL_FIRST_DELAY, then
 * SCROLL_REPEAT_DELAY) as Wine's control does with its SCROLL_TIMER: a timer of the control (WM_TIMER,
 * wParam SCROLL_TIMER_ID, posted to its thread on the machine clock) whose tick sends the code again
 * while the pen is on the part pressed; the release kills it.
 */
import type { ApiContext } from '../../core/api/context.js';
import { UnimplementedFeature, type Returns } from '../../core/api/declare.js';
import { defWindowProc } from '../../dlls/coredll/defwnd.js';
import { getBar, readScrollInfo, setBar } from '../../dlls/coredll/scrollinfo.js';
import { rect } from '../../gdi/region.js';
import { WS } from '../nonclient.js';
import {
  beginTrack,
  endTrack,
  ESB,
  moveTrack,
  paintBar,
  repeatCode,
  SCROLL_FIRST_DELAY,
  SCROLL_REPEAT_DELAY,
  SB,
  SB_CODE,
  SCROLLBAR_SIZE,
  scrollBarOf,
  seenCode,
  WM_HSCROLL,
  WM_VSCROLL,
  type BarTrack,
} from '../scrollbar.js';
import { gwesOf, type Gwes, type Window } from '../wm.js';
import { beginCtlPaint, endCtlPaint, fill, toParent, WM } from './paint.js';

export const SBS = { HORZ: 0, VERT: 1, TOPALIGN: 2, LEFTALIGN: 2, BOTTOMALIGN: 4, RIGHTALIGN: 4, SIZEBOX: 8 } as const;
export const SBM = {
  SETPOS: 0xe0,
  GETPOS: 0xe1,
  SETRANGE: 0xe2,
  GETRANGE: 0xe3,
  ENABLE_ARROWS: 0xe4,
  SETRANGEREDRAW: 0xe6,
  SETSCROLLINFO: 0xe9,
  GETSCROLLINFO: 0xea,
} as const;
const SIF_RANGE = 1;
const SIF_POS = 4;
const VK = { PRIOR: 0x21, NEXT: 0x22, END: 0x23, HOME: 0x24, LEFT: 0x25, UP: 0x26, RIGHT: 0x27, DOWN: 0x28 } as const;

const tracks = new WeakMap<Window, BarTrack & { lp: number }>();
/** The control's auto-repeat timer id (Wine's SCROLL_TIMER is a system timer; CE has none: a private id). */
export const SCROLL_TIMER_ID = 0xfffe;
const WM_TIMER = 0x0113;
const timerKey = (w: Window): string => `${w.hwnd}:${SCROLL_TIMER_ID}`;

/** The repeat timer: WM_TIMER(SCROLL_TIMER_ID) to the control SCROLL_FIRST_DELAY after the press, then every SCROLL_REPEAT_DELAY. */
function startRepeat(g: Gwes, w: Window): void {
  const key = timerKey(w);
  g.killTimer(key);
  const queue = g.queue(w.thread);
  const timer = { key, hwnd: w.hwnd, id: SCROLL_TIMER_ID, proc: 0, queue, cancel: () => {} };
  const arm = (ms: number) => {
    timer.cancel = g.clock.setTimer(ms, () => {
      arm(SCROLL_REPEAT_DELAY);
      if (queue.posted.some((m) => m.timer === key)) return; // WM_TIMER coalesces
      queue.post({ hwnd: w.hwnd, msg: WM_TIMER, wParam: SCROLL_TIMER_ID, lParam: 0, timer: key });
    });
  };
  arm(SCROLL_FIRST_DELAY);
  g.timers.set(key, timer);
}

const vertical = (w: Window): boolean => (w.style & SBS.VERT) !== 0;

function along(g: Gwes, w: Window, lp: number): { len: number; size: number; at: number } {
  const c = g.clientRect(w);
  const x = (lp << 16) >> 16;
  const y = lp >> 16;
  return vertical(w) ? { len: c.bottom - c.top, size: c.right - c.left, at: y } : { len: c.right - c.left, size: c.bottom - c.top, at: x };
}

/** Sends scroll codes to the parent one after the other. */
function notify(cx: ApiContext, g: Gwes, w: Window, codes: number[], then: () => Returns<'i32'>): Returns<'i32'> {
  const msg = vertical(w) ? WM_VSCROLL : WM_HSCROLL;
  const b = scrollBarOf(w, SB.CTL);
  const run = (i: number): Returns<'i32'> => {
    if (i >= codes.length) return then();
    seenCode(b, codes[i]!);
    return toParent(cx, g, w, msg, codes[i]!, w.hwnd, () => run(i + 1));
  };
  return run(0);
}

export function scrollBarProc(cx: ApiContext, h: number, msg: number, wp: number, lp: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  const w = g.window(h);
  if (!w) return defWindowProc(cx, h, msg, wp, lp);
  const b = scrollBarOf(w, SB.CTL);
  switch (msg) {
    case WM.CREATE: {
      if (w.style & SBS.SIZEBOX) throw new UnimplementedFeature('SCROLLBAR with SBS_SIZEBOX');
      b.min = b.max = b.pos = b.trackPos = 0;
      // The alignment styles give the bar its standard thickness at one side of the rectangle asked for.
      const r = w.rect;
      if (vertical(w)) {
        if (w.style & SBS.LEFTALIGN) w.rect = rect(r.left, r.top, r.left + SCROLLBAR_SIZE, r.bottom);
        else if (w.style & SBS.RIGHTALIGN) w.rect = rect(r.right - SCROLLBAR_SIZE, r.top, r.right, r.bottom);
      } else if (w.style & SBS.TOPALIGN) w.rect = rect(r.left, r.top, r.right, r.top + SCROLLBAR_SIZE);
      else if (w.style & SBS.BOTTOMALIGN) w.rect = rect(r.left, r.bottom - SCROLLBAR_SIZE, r.right, r.bottom);
      return 0;
    }
    case SBM.GETPOS:
      return b.pos;
    case SBM.SETPOS: {
      const old = b.pos;
      return setBar(cx, g, w, SB.CTL, { mask: SIF_POS, min: 0, max: 0, page: 0, pos: wp | 0 }, lp !== 0, () => old);
    }
    case SBM.SETRANGE:
    case SBM.SETRANGEREDRAW: {
      const old = b.pos;
      return setBar(cx, g, w, SB.CTL, { mask: SIF_RANGE, min: wp | 0, max: lp | 0, page: 0, pos: 0 }, msg === SBM.SETRANGEREDRAW, (pos) =>
        pos !== old ? pos : 0,
      );
    }
    case SBM.GETRANGE:
      if (wp) cx.mem.setU32(wp, b.min >>> 0);
      if (lp) cx.mem.setU32(lp, b.max >>> 0);
      return 0;
    case SBM.ENABLE_ARROWS: {
      const old = b.disabled;
      b.disabled = wp & ESB.DISABLE_BOTH;
      if (old !== b.disabled) g.invalidate(w, undefined, true);
      return 1;
    }
    case SBM.SETSCROLLINFO: {
      const v = readScrollInfo(cx, lp);
      return v ? setBar(cx, g, w, SB.CTL, v, wp !== 0, (pos) => pos) : 0;
    }
    case SBM.GETSCROLLINFO:
      return getBar(cx, b, lp) ? 1 : 0;
    case WM.LBUTTONDOWN:
    case WM.LBUTTONDBLCLK: {
      // Wine's scroll.c takes a double click as a press (the class has CS_DBLCLKS).
      if (w.style & WS.DISABLED) return 0;
      const a = along(g, w, lp);
      const t = beginTrack(b, a.len, a.size, a.at);
      if (!t) return 0;
      tracks.set(w, { ...t.track, lp });
      g.capture = h;
      g.invalidate(w, undefined, true);
      if (t.track.part !== 'thumb') startRepeat(g, w);
      return notify(cx, g, w, t.codes, () => 0);
    }
    case WM.MOUSEMOVE: {
      const t = tracks.get(w);
      if (!t) return 0;
      t.lp = lp;
      const a = along(g, w, lp);
      const codes = moveTrack(b, t, a.len, a.size, a.at);
      if (codes.length) g.invalidate(w, undefined, true);
      return notify(cx, g, w, codes, () => 0);
    }
    case WM.LBUTTONUP: {
      const t = tracks.get(w);
      if (!t) return 0;
      tracks.delete(w);
      g.killTimer(timerKey(w));
      if (g.capture === h) g.capture = 0;
      g.invalidate(w, undefined, true);
      return notify(cx, g, w, endTrack(b, t), () => 0);
    }
    case WM_TIMER: {
      const t = tracks.get(w);
      if (wp !== SCROLL_TIMER_ID) return defWindowProc(cx, h, msg, wp, lp);
      if (!t) return 0;
      const a = along(g, w, t.lp);
      const code = repeatCode(b, t, a.len, a.size, a.at);
      return code === undefined ? 0 : notify(cx, g, w, [code], () => 0);
    }
    case WM.KEYDOWN: {
      const v = vertical(w);
      const code = (
        {
          [VK.PRIOR]: SB_CODE.PAGEUP,
          [VK.NEXT]: SB_CODE.PAGEDOWN,
          [VK.HOME]: SB_CODE.TOP,
          [VK.END]: SB_CODE.BOTTOM,
          [v ? VK.UP : VK.LEFT]: SB_CODE.LINEUP,
          [v ? VK.DOWN : VK.RIGHT]: SB_CODE.LINEDOWN,
        } as Record<number, number>
      )[wp];
      return code === undefined ? 0 : notify(cx, g, w, [code, SB_CODE.ENDSCROLL], () => 0);
    }
    case WM.ENABLE:
      g.invalidate(w, undefined, true);
      return 0;
    case WM.ERASEBKGND:
      return 1;
    case WM.PAINT: {
      const p = beginCtlPaint(cx, g, w);
      const shown = w.style & WS.DISABLED ? { ...b, disabled: ESB.DISABLE_BOTH } : b;
      paintBar({ fill: (r, c) => fill(p, r, c), color: (i) => g.sysColor(i), ox: p.dc.orgX, oy: p.dc.orgY }, shown, rect(0, 0, p.width, p.height), vertical(w));
      endCtlPaint(p);
      return 0;
    }
    default:
      return defWindowProc(cx, h, msg, wp, lp);
  }
}
