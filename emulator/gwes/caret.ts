/**
 * The caret of a run (CE's GWES keeps one: the system caret, owned by one window at a time). It is a
 * rectangle drawn by inverting the screen pixels under it (XOR, as CE and desktop Windows draw a solid
 * caret), so drawing it twice removes it. Rules from the Win32/CE caret documentation (CreateCaret,
 * ShowCaret, HideCaret, SetCaretBlinkTime) and Wine's user32 caret code:
 *
 * - CreateCaret replaces the previous caret (which is removed from the screen); the new caret is hidden
 *   (ShowCaret shows it); a width or height of 0 is the window border size (SM_CXBORDER/SM_CYBORDER, 1 on
 *   CE). Hiding is cumulative: each HideCaret needs a ShowCaret.
 * - Blinking follows the machine clock (the virtual clock under --deterministic, so screenshots are
 *   reproducible): the caret is on during the first blink period after it was shown or moved, off
 *   during the next, and so on. The screen is brought up to date lazily, whenever a caret call, a
 *   message retrieval, a paint or a screenshot looks (no host timer keeps a deterministic run alive).
 * - Painting under the caret: invalidating the owner window removes the caret first (the pixels under
 *   it are still the ones it inverted), the next look after the paint draws it again.
 */
import { patBlt } from '../gdi/draw.js';
import { intersectRegion, rect, type Region } from '../gdi/region.js';
import { ROP } from '../gdi/rop.js';
import type { GuestThread } from '../core/kernel/thread.js';
import type { Gwes, Window } from './wm.js';

/** CE's default caret blink time (ms). */
export const DEFAULT_BLINK_MS = 500;

export interface Caret {
  hwnd: number;
  thread: GuestThread;
  width: number;
  height: number;
  /** Client coordinates of the owner. */
  x: number;
  y: number;
  /** HideCaret count (created hidden: 1). */
  hidden: number;
  /** Clock (ms) at which the current blink cycle started (shown or moved). */
  phase: number;
  /** Where it is inverted on the screen now (screen coordinates), if drawn. */
  drawn?: Region;
}

interface CaretState {
  caret?: Caret;
  blinkMs: number;
  /** DisableCaretSystemWide count. */
  disabled: number;
}

const states = new WeakMap<Gwes, CaretState>();

export function caretState(g: Gwes): CaretState {
  let s = states.get(g);
  if (!s) {
    states.set(g, (s = { blinkMs: DEFAULT_BLINK_MS, disabled: 0 }));
    g.onInvalidate.push((w) => {
      if (s!.caret?.hwnd === w.hwnd) undraw(g, s!.caret);
    });
  }
  return s;
}

function invert(g: Gwes, area: Region): void {
  const s = g.display.surface;
  for (const r of area) patBlt(s, { clip: [r], textColor: 0, bkColor: 0 }, r, { kind: 'null' }, ROP.DSTINVERT);
  for (const r of area) g.display.changed(r);
}

function undraw(g: Gwes, c: Caret): void {
  if (!c.drawn) return;
  invert(g, c.drawn);
  c.drawn = undefined;
}

/** Whether the caret should be on the screen now. */
function wanted(g: Gwes, s: CaretState, c: Caret, w: Window): boolean {
  if (c.hidden > 0 || s.disabled > 0 || !g.isVisible(w)) return false;
  if (s.blinkMs <= 0) return true;
  const t = g.clock.elapsedMs() - c.phase;
  return Math.floor(t / s.blinkMs) % 2 === 0;
}

/** Brings the screen up to date with the caret (blink phase, position, visibility). */
export function syncCaret(g: Gwes): void {
  const s = states.get(g);
  const c = s?.caret;
  if (!s || !c) return;
  const w = g.window(c.hwnd);
  if (!w) {
    // The owner was destroyed: the caret goes with it (its pixels were repainted).
    s.caret = undefined;
    return;
  }
  if (!wanted(g, s, c, w)) return undraw(g, c);
  // Not over an area waiting for WM_PAINT: the paint would cover it (its end draws it again).
  if (c.drawn || w.update.length) return;
  const o = g.clientRect(w);
  const area = intersectRegion(g.visibleRegion(w, true), [rect(o.left + c.x, o.top + c.y, o.left + c.x + c.width, o.top + c.y + c.height)]);
  if (!area.length) return;
  invert(g, area);
  c.drawn = area;
}

export function createCaret(g: Gwes, w: Window, thread: GuestThread, width: number, height: number): void {
  const s = caretState(g);
  destroyCaret(g);
  s.caret = { hwnd: w.hwnd, thread, width: width || 1, height: height || 1, x: 0, y: 0, hidden: 1, phase: g.clock.elapsedMs() };
}

export function destroyCaret(g: Gwes): void {
  const s = caretState(g);
  if (s.caret) undraw(g, s.caret);
  s.caret = undefined;
}

export function setCaretPos(g: Gwes, c: Caret, x: number, y: number): void {
  if (c.x === x && c.y === y) return;
  undraw(g, c);
  c.x = x;
  c.y = y;
  c.phase = g.clock.elapsedMs();
  syncCaret(g);
}

export function hideCaret(g: Gwes, c: Caret): void {
  c.hidden++;
  undraw(g, c);
}

export function showCaret(g: Gwes, c: Caret): boolean {
  if (c.hidden === 0) return false;
  if (--c.hidden === 0) c.phase = g.clock.elapsedMs();
  syncCaret(g);
  return true;
}

export function setBlinkTime(g: Gwes, ms: number): void {
  const s = caretState(g);
  if (s.caret) {
    undraw(g, s.caret);
    s.caret.phase = g.clock.elapsedMs();
  }
  s.blinkMs = ms;
  syncCaret(g);
}

export function setCaretDisabled(g: Gwes, disable: boolean): void {
  const s = caretState(g);
  s.disabled = disable ? s.disabled + 1 : Math.max(0, s.disabled - 1);
  syncCaret(g);
}
