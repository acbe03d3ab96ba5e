/**
 * Scroll bars: the state of a window's standard bars (SB_HORZ, SB_VERT, the WS_HSCROLL/WS_VSCROLL
 * non-client bars) and of SCROLLBAR controls (SB_CTL), their geometry, CE's look and the pen tracking
 * that turns taps and drags into WM_HSCROLL/WM_VSCROLL codes.
 *
 * State rules (the Win32/CE SCROLLINFO pages, Wine's user32 scroll.c and its tests): a bar starts with
 * range 0-100, page 0, position 0; the page is clamped to 0..(max - min + 1), the position to
 * min..(max - max(page - 1, 0)).
 *
 * Geometry (Wine's SCROLL_GetScrollBarRect, which desktop Windows and CE share): two square arrow
 * buttons at the ends (shorter when the bar is too short for both), the thumb inside the track between
 * them, page / (max - min + 1) of the track long (at least SCROLL_MIN_THUMB; a square thumb when the
 * page is 0), placed at (pos - min) / (max - min - max(page - 1, 0)) of the free track; no thumb when
 * the bar is disabled, the range is empty or the track is too short for it.
 *
 * Look (CE 5, measured on ../shared/reference/gui/ce5-calc-window-480x240.png, the list box's bar):
 * arrow buttons and the thumb are COLOR_BTNFACE with the raised edge of CE's push buttons (outer
 * COLOR_BTNSHADOW top/left, COLOR_DKSHADOW3D bottom/right, inner COLOR_LIGHT3D top/left, COLOR_BTNSHADOW
 * bottom/right); the arrow is a solid triangle (base 2h - 1, h = size / 4 rounded up) centred in the
 * button, COLOR_BTNTEXT, or disabled COLOR_BTNSHADOW over a COLOR_BTNHIGHLIGHT copy one pixel down
 * right; the track is a checkerboard of COLOR_BTNHIGHLIGHT (where x + y is even on the screen) and
 * COLOR_BTNFACE. Not on the crop, so chosen: a pressed arrow button is a flat COLOR_BTNSHADOW frame
 * with the arrow one pixel down right (Windows' DFCS_FLAT pushed look); the pressed part of the track
 * is not inverted. The bar's thickness is SM_CXVSCROLL / SM_CYHSCROLL of the metrics table (13; the
 * crop's device used 19, the look scales).
 *
 * Tracking (the order Wine's scroll.c and its message tests record): pen down on an arrow sends
 * SB_LINEUP/SB_LINEDOWN (SB_LINELEFT/RIGHT), on the track above/below the thumb SB_PAGEUP/SB_PAGEDOWN,
 * on the thumb nothing; each pen move on the thumb that changes the tracked position sends
 * SB_THUMBTRACK with it; pen up sends SB_THUMBPOSITION (thumb only) and SB_ENDSCROLL.
 * Auto-repeat (Wine's scroll.c timer, the desktop's values; CE documents none of its own): while the
 * pen stays down on an arrow or a page part, the code is sent again SCROLL_FIRST_DELAY ms after the
 * press, then every SCROLL_REPEAT_DELAY ms, on the machine clock (virtual under --deterministic), each
 * time only if the part under the pen is still the part pressed (a page repeat stops when the thumb
 * reaches the pen; moving off an arrow pauses it).
 */
import { rect } from '../gdi/region.js';
import type { ColorRef, Rect } from '../gdi/surface.js';
import { COLOR } from './sysmetrics.js';
import type { Window } from './wm.js';

export const SB = { HORZ: 0, VERT: 1, CTL: 2, BOTH: 3 } as const;
export const SB_CODE = {
  LINEUP: 0,
  LINEDOWN: 1,
  PAGEUP: 2,
  PAGEDOWN: 3,
  THUMBPOSITION: 4,
  THUMBTRACK: 5,
  TOP: 6,
  BOTTOM: 7,
  ENDSCROLL: 8,
} as const;
export const WM_HSCROLL = 0x0114;
export const WM_VSCROLL = 0x0115;
/** ESB_* flags of EnableScrollBar / SBM_ENABLE_ARROWS. */
export const ESB = { ENABLE_BOTH: 0, DISABLE_LTUP: 1, DISABLE_RTDN: 2, DISABLE_BOTH: 3 } as const;
/** SM_CXVSCROLL = SM_CYHSCROLL = SM_CYVSCROLL = SM_CXHSCROLL of the metrics table (gwes/sysmetrics.ts). */
export const SCROLLBAR_SIZE = 13;
/** Wine's SCROLL_FIRST_DELAY and SCROLL_REPEAT_DELAY (ms): the held pen's first repeat and the rest. */
export const SCROLL_FIRST_DELAY = 200;
export const SCROLL_REPEAT_DELAY = 50;
/** Wine's SCROLL_MIN_THUMB. */
const MIN_THUMB = 6;

export interface ScrollBar {
  min: number;
  max: number;
  page: number;
  pos: number;
  /** The thumb position while the pen drags it (GetScrollInfo's SIF_TRACKPOS). */
  trackPos: number;
  tracking: boolean;
  /** ESB_* flags (disabled arrows). */
  disabled: number;
  /** The part drawn pressed while the pen holds it. */
  pressed?: Part;
  /** Where the thumb is drawn while the pen drags it (the program learns the position from SB_THUMBTRACK). */
  thumbAt?: number;
}

export type Part = 'up' | 'down' | 'pageup' | 'pagedown' | 'thumb';

const bars = new WeakMap<Window, ScrollBar[]>();

/** The state of a window's bar (SB_HORZ, SB_VERT or SB_CTL), created with the defaults on first use. */
export function scrollBarOf(w: Window, which: number): ScrollBar {
  let l = bars.get(w);
  if (!l) bars.set(w, (l = []));
  let b = l[which];
  if (!b) l[which] = b = { min: 0, max: 100, page: 0, pos: 0, trackPos: 0, tracking: false, disabled: 0 };
  return b;
}

export function clampBar(b: ScrollBar): void {
  b.page = Math.max(0, Math.min(b.page, b.max - b.min + 1));
  b.pos = Math.max(b.min, Math.min(b.pos, b.max - Math.max(b.page - 1, 0)));
  if (!b.tracking) b.trackPos = b.pos;
}

/** The range leaves nothing to scroll (Wine: min >= max - max(page - 1, 0)). */
export function barEmpty(b: ScrollBar): boolean {
  return b.min >= b.max - Math.max(b.page - 1, 0);
}

/** Parts of a bar along its axis (0 = its top or left), `len` long and `size` thick. */
export interface BarGeometry {
  arrow: number;
  /** Thumb start and length along the axis; length 0: no thumb. */
  thumbStart: number;
  thumbLen: number;
}

export function barGeometry(b: ScrollBar, len: number, size: number): BarGeometry {
  const arrow = len < 2 * size ? Math.max(0, len >> 1) : size;
  const track = len - 2 * arrow;
  const range = b.max - b.min + 1;
  const free = b.max - b.min - Math.max(b.page - 1, 0);
  if (b.disabled === ESB.DISABLE_BOTH || barEmpty(b) || track <= 0) return { arrow, thumbStart: arrow, thumbLen: 0 };
  let thumbLen = b.page ? Math.max(MIN_THUMB, Math.trunc((track * b.page) / range)) : size;
  if (thumbLen > track) return { arrow, thumbStart: arrow, thumbLen: 0 };
  thumbLen = Math.min(thumbLen, track);
  const pos = b.thumbAt ?? b.pos;
  const thumbStart = arrow + (free > 0 ? Math.trunc(((track - thumbLen) * (pos - b.min)) / free) : 0);
  return { arrow, thumbStart, thumbLen };
}

/** The part of a bar at `at` along its axis. */
export function barPart(b: ScrollBar, len: number, size: number, at: number): Part | undefined {
  if (at < 0 || at >= len) return undefined;
  const g = barGeometry(b, len, size);
  if (at < g.arrow) return 'up';
  if (at >= len - g.arrow) return 'down';
  if (!g.thumbLen) return undefined;
  if (at < g.thumbStart) return 'pageup';
  if (at >= g.thumbStart + g.thumbLen) return 'pagedown';
  return 'thumb';
}

/** The position for a thumb whose start is at `start` along the axis (Wine's SCROLL_GetThumbVal). */
export function thumbValue(b: ScrollBar, len: number, size: number, start: number): number {
  const g = barGeometry({ ...b, thumbAt: undefined }, len, size);
  const track = len - 2 * g.arrow;
  const thumbLen = g.thumbLen || size;
  const pixels = track - thumbLen;
  if (pixels <= 0) return b.min;
  const free = b.max - b.min - Math.max(b.page - 1, 0);
  const p = Math.max(0, Math.min(pixels, start - g.arrow));
  return b.min + Math.trunc((p * free + (pixels >> 1)) / pixels);
}

/** Where a bar draws: fills in some coordinate system whose (0,0) is at (ox, oy) on the screen. */
export interface BarPainter {
  fill(r: Rect, c: ColorRef): void;
  color(index: number): ColorRef;
  ox: number;
  oy: number;
}

function raised(p: BarPainter, r: Rect, pressed: boolean): void {
  const { left: l, top: t, right: rr, bottom: bb } = r;
  const shadow = p.color(COLOR.BTNSHADOW);
  p.fill(r, p.color(COLOR.BTNFACE));
  if (pressed) {
    p.fill(rect(l, t, rr, t + 1), shadow);
    p.fill(rect(l, bb - 1, rr, bb), shadow);
    p.fill(rect(l, t, l + 1, bb), shadow);
    p.fill(rect(rr - 1, t, rr, bb), shadow);
    return;
  }
  const black = p.color(COLOR.DKSHADOW3D);
  const light = p.color(COLOR.LIGHT3D);
  p.fill(rect(l, t, rr - 1, t + 1), shadow);
  p.fill(rect(l, t, l + 1, bb - 1), shadow);
  p.fill(rect(rr - 1, t, rr, bb), black);
  p.fill(rect(l, bb - 1, rr, bb), black);
  p.fill(rect(l + 1, t + 1, rr - 2, t + 2), light);
  p.fill(rect(l + 1, t + 1, l + 2, bb - 2), light);
  p.fill(rect(rr - 2, t + 1, rr - 1, bb - 1), shadow);
  p.fill(rect(l + 1, bb - 2, rr - 1, bb - 1), shadow);
}

export type Dir = 'up' | 'down' | 'left' | 'right';

function triangle(p: BarPainter, r: Rect, dir: Dir, color: ColorRef, d: number): void {
  const w = r.right - r.left;
  const h = r.bottom - r.top;
  const th = Math.ceil(Math.min(w, h) / 4);
  const cx = r.left + ((w - 1) >> 1) + d;
  const cy = r.top + ((h - 1) >> 1) + d;
  for (let i = 0; i < th; i++) {
    // Row i of the triangle from its apex: 2i + 1 pixels.
    if (dir === 'up' || dir === 'down') {
      const y = dir === 'up' ? cy - (th >> 1) + i : cy + (th >> 1) - i - (th & 1 ? 0 : 1);
      p.fill(rect(cx - i, y, cx + i + 1, y + 1), color);
    } else {
      const x = dir === 'left' ? cx - (th >> 1) + i : cx + (th >> 1) - i - (th & 1 ? 0 : 1);
      p.fill(rect(x, cy - i, x + 1, cy + i + 1), color);
    }
  }
}

/** An arrow button (scroll bar arrows, a combo box's drop-down button). */
export function arrowButton(p: BarPainter, r: Rect, dir: Dir, pressed: boolean, disabled: boolean): void {
  raised(p, r, pressed);
  if (disabled) {
    triangle(p, r, dir, p.color(COLOR.BTNHIGHLIGHT), 1);
    triangle(p, r, dir, p.color(COLOR.BTNSHADOW), 0);
  } else triangle(p, r, dir, p.color(COLOR.BTNTEXT), pressed ? 1 : 0);
}

/** Draws a bar in r (painter coordinates). */
export function paintBar(p: BarPainter, b: ScrollBar, r: Rect, vertical: boolean): void {
  const len = vertical ? r.bottom - r.top : r.right - r.left;
  const size = vertical ? r.right - r.left : r.bottom - r.top;
  if (len <= 0 || size <= 0) return;
  const g = barGeometry(b, len, size);
  const seg = (a: number, z: number) => (vertical ? rect(r.left, r.top + a, r.right, r.top + z) : rect(r.left + a, r.top, r.left + z, r.bottom));
  const off = b.disabled === ESB.DISABLE_BOTH || barEmpty(b);
  if (g.arrow) {
    arrowButton(p, seg(0, g.arrow), vertical ? 'up' : 'left', b.pressed === 'up', off || (b.disabled & ESB.DISABLE_LTUP) !== 0);
    arrowButton(p, seg(len - g.arrow, len), vertical ? 'down' : 'right', b.pressed === 'down', off || (b.disabled & ESB.DISABLE_RTDN) !== 0);
  }
  // The track: a checkerboard of highlight and face in screen parity.
  const t = seg(g.arrow, len - g.arrow);
  if (t.right > t.left && t.bottom > t.top) {
    const face = p.color(COLOR.BTNFACE);
    const hi = p.color(COLOR.BTNHIGHLIGHT);
    p.fill(t, face);
    for (let y = t.top; y < t.bottom; y++) {
      for (let x = t.left + ((t.left + p.ox + y + p.oy) & 1); x < t.right; x += 2) p.fill(rect(x, y, x + 1, y + 1), hi);
    }
  }
  if (g.thumbLen) raised(p, seg(g.thumbStart, g.thumbStart + g.thumbLen), false);
}

/** A tracking press on a bar (per bar being pressed). */
export interface BarTrack {
  part: Part;
  /** Pen offset from the thumb start along the axis (thumb drags). */
  grab: number;
  /** The position the dragged thumb stands for. */
  pos: number;
}

/** The scroll code a press on a part sends first (none for the thumb). */
export function pressCode(part: Part): number | undefined {
  return { up: SB_CODE.LINEUP, down: SB_CODE.LINEDOWN, pageup: SB_CODE.PAGEUP, pagedown: SB_CODE.PAGEDOWN, thumb: undefined }[part];
}

/**
 * Starts tracking at `at` along a bar `len` long and `size` thick: the part pressed and the first
 * WM_xSCROLL wParam to send (undefined: none), or undefined when the press is on nothing enabled.
 */
export function beginTrack(b: ScrollBar, len: number, size: number, at: number): { track: BarTrack; codes: number[] } | undefined {
  const part = barPart(b, len, size, at);
  if (!part || b.disabled === ESB.DISABLE_BOTH || barEmpty(b)) return undefined;
  if (part === 'up' && b.disabled & ESB.DISABLE_LTUP) return undefined;
  if (part === 'down' && b.disabled & ESB.DISABLE_RTDN) return undefined;
  const g = barGeometry(b, len, size);
  b.pressed = part === 'up' || part === 'down' ? part : undefined;
  if (part === 'thumb') b.thumbAt = b.pos;
  const code = pressCode(part);
  return { track: { part, grab: at - g.thumbStart, pos: b.pos }, codes: code === undefined ? [] : [code] };
}

/**
 * The code an auto-repeat tick sends (see the header): the pressed part's code when the pen at `at`
 * is still on that part, else none (the thumb never repeats).
 */
export function repeatCode(b: ScrollBar, t: BarTrack, len: number, size: number, at: number): number | undefined {
  if (t.part === 'thumb' || barPart(b, len, size, at) !== t.part) return undefined;
  return pressCode(t.part);
}

/** A pen move while tracking: SB_THUMBTRACK wParams when the thumb's position changes. */
export function moveTrack(b: ScrollBar, t: BarTrack, len: number, size: number, at: number): number[] {
  if (t.part !== 'thumb') return [];
  const v = thumbValue(b, len, size, at - t.grab);
  if (v === t.pos) return [];
  t.pos = v;
  b.thumbAt = v;
  return [scrollWParam(SB_CODE.THUMBTRACK, v)];
}

/** The pen is lifted: SB_THUMBPOSITION (thumb) and SB_ENDSCROLL. */
export function endTrack(b: ScrollBar, t: BarTrack): number[] {
  b.pressed = undefined;
  b.thumbAt = undefined;
  const out: number[] = [];
  if (t.part === 'thumb') out.push(scrollWParam(SB_CODE.THUMBPOSITION, t.pos));
  out.push(SB_CODE.ENDSCROLL);
  return out;
}

/**
 * The bar's tracking state as the program sees a scroll code arrive (GetScrollInfo's SIF_TRACKPOS):
 * the dragged position from SB_THUMBTRACK / SB_THUMBPOSITION until SB_ENDSCROLL.
 */
export function seenCode(b: ScrollBar, wParam: number): void {
  const code = wParam & 0xffff;
  if (code === SB_CODE.THUMBTRACK || code === SB_CODE.THUMBPOSITION) {
    b.tracking = true;
    b.trackPos = wParam >>> 16;
  } else if (code === SB_CODE.ENDSCROLL) {
    b.tracking = false;
    b.trackPos = b.pos;
  }
}

export const scrollWParam = (code: number, pos: number): number => ((code & 0xffff) | ((pos & 0xffff) << 16)) >>> 0;
