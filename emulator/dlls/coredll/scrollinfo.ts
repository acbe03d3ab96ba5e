/**
 * coredll scroll bar state of a window: SetScrollInfo, GetScrollInfo, SetScrollPos, SetScrollRange
 * (CE exports these four; GetScrollPos/GetScrollRange are not CE exports). The state of the standard
 * bars (SB_HORZ, SB_VERT) is kept per window; SB_CTL needs a SCROLLBAR control, which wmemu does not
 * have yet, so it stops the run naming it.
 *
 * Rules from the Win32/CE SCROLLINFO pages and Wine's user32 (scroll.c and its tests): a bar starts
 * with range 0-100, page 0, position 0 (Wine's and Windows' default for a window's standard bars);
 * the page is clamped to 0..(max - min + 1), the position to min..(max - max(page - 1, 0)); the
 * track position follows the position; SetScrollInfo and SetScrollPos return the (previous for
 * SetScrollPos) position; SetScrollRange fails with ERROR_INVALID_SCROLLBAR_RANGE when max - min
 * exceeds 0x7fffffff; GetScrollInfo fails (FALSE) when fMask asks for nothing it knows or cbSize is
 * not sizeof(SCROLLINFO) (28). Not modelled yet: drawing the bars in the non-client area and
 * showing/hiding them as the range changes (the WS_VSCROLL/WS_HSCROLL styles stay as created).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';

const SB_CTL = 2;
const SIF = { RANGE: 0x1, PAGE: 0x2, POS: 0x4, DISABLENOSCROLL: 0x8, TRACKPOS: 0x10 } as const;
const SIF_ALL = SIF.RANGE | SIF.PAGE | SIF.POS | SIF.TRACKPOS;
const SCROLLINFO_SIZE = 28;
const ERROR_INVALID_SCROLLBAR_RANGE = 1448;

interface Bar {
  min: number;
  max: number;
  page: number;
  pos: number;
}

const barsSlot = defineSlot('scrollbars', () => new Map<string, Bar>());

function bar(cx: ApiContext, hwnd: number, which: number): Bar | undefined {
  if (!gwesOf(cx.machine).window(hwnd)) {
    cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return undefined;
  }
  if (which === SB_CTL) throw new UnimplementedFeature('for SB_CTL (a SCROLLBAR control)');
  if (which !== 0 && which !== 1) {
    cx.fail(0, ERROR.INVALID_PARAMETER);
    return undefined;
  }
  const bars = barsSlot.of(cx.machine);
  const key = `${hwnd >>> 0}:${which}`;
  let b = bars.get(key);
  if (!b) bars.set(key, (b = { min: 0, max: 100, page: 0, pos: 0 }));
  return b;
}

function clamp(b: Bar): void {
  b.page = Math.max(0, Math.min(b.page, b.max - b.min + 1));
  b.pos = Math.max(b.min, Math.min(b.pos, b.max - Math.max(b.page - 1, 0)));
}

export const scrollinfo: ApiDef[] = [
  fn('SetScrollInfo(handle hwnd, i32 fnBar, ptr lpsi, bool fRedraw): i32', (cx, h: number, which: number, p: number) => {
    const b = bar(cx, h, which);
    if (!b) return 0;
    cx.mem.check(p, SCROLLINFO_SIZE);
    if (cx.mem.u32(p) !== SCROLLINFO_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const mask = cx.mem.u32(p + 4);
    if (mask & SIF.RANGE) {
      b.min = cx.mem.i32(p + 8);
      b.max = cx.mem.i32(p + 12);
    }
    if (mask & SIF.PAGE) b.page = cx.mem.u32(p + 16);
    if (mask & SIF.POS) b.pos = cx.mem.i32(p + 20);
    clamp(b);
    return b.pos;
  }),
  fn('GetScrollInfo(handle hwnd, i32 fnBar, ptr lpsi): bool', (cx, h: number, which: number, p: number) => {
    const b = bar(cx, h, which);
    if (!b) return 0;
    cx.mem.check(p, SCROLLINFO_SIZE, 'write');
    const mask = cx.mem.u32(p + 4);
    if (cx.mem.u32(p) !== SCROLLINFO_SIZE || !(mask & SIF_ALL)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (mask & SIF.RANGE) {
      cx.mem.setU32(p + 8, b.min);
      cx.mem.setU32(p + 12, b.max);
    }
    if (mask & SIF.PAGE) cx.mem.setU32(p + 16, b.page);
    if (mask & SIF.POS) cx.mem.setU32(p + 20, b.pos);
    if (mask & SIF.TRACKPOS) cx.mem.setU32(p + 24, b.pos);
    return 1;
  }),
  fn('SetScrollPos(handle hwnd, i32 nBar, i32 nPos, bool bRedraw): i32', (cx, h: number, which: number, pos: number) => {
    const b = bar(cx, h, which);
    if (!b) return 0;
    const old = b.pos;
    b.pos = pos;
    clamp(b);
    return old;
  }),
  fn('SetScrollRange(handle hwnd, i32 nBar, i32 nMinPos, i32 nMaxPos, bool bRedraw): bool', (cx, h: number, which: number, min: number, max: number) => {
    const b = bar(cx, h, which);
    if (!b) return 0;
    if (max - min > 0x7fffffff) return cx.fail(0, ERROR_INVALID_SCROLLBAR_RANGE);
    b.min = min;
    b.max = max;
    clamp(b);
    return 1;
  }),
];
