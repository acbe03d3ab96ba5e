/**
 * The cursor position of a run (one per GWES, shared by its processes). A CE touch screen has no
 * hovering pointer: the position is where the pen last was — set by every pen press, move and lift
 * the host feeds (gwes/input.ts) and by SetCursorPos — and stays there after the pen is lifted
 * (GetCursorPos answers "the last tap position"). It starts at (0, 0), and is kept inside the
 * screen as desktop Windows clips the cursor to it, or inside the ClipCursor rectangle (clipped to the
 * screen; GetClipCursor gives the screen when there is none). Every posted message records it (QMsg.pt): CE's
 * MSG.pt is "the last position touched on the screen, when the message was posted".
 */
import type { Gwes } from './wm.js';

export interface Point {
  x: number;
  y: number;
}

export function cursorOf(g: Gwes): Point {
  return g.cursor;
}

/** The rectangle the cursor is confined to (ClipCursor; the whole screen when none). */
export interface Clip {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const clips = new WeakMap<Gwes, Clip>();

export function cursorClip(g: Gwes): Clip {
  return clips.get(g) ?? { left: 0, top: 0, right: g.screen.width, bottom: g.screen.height };
}

/** ClipCursor: confine the cursor to `r` (inside the screen; undefined: the whole screen) and move it in. */
export function setCursorClip(g: Gwes, r: Clip | undefined): void {
  if (!r) clips.delete(g);
  else {
    const left = Math.max(0, Math.min(r.left, g.screen.width - 1));
    const top = Math.max(0, Math.min(r.top, g.screen.height - 1));
    clips.set(g, { left, top, right: Math.max(left + 1, Math.min(r.right, g.screen.width)), bottom: Math.max(top + 1, Math.min(r.bottom, g.screen.height)) });
  }
  setCursor(g, g.cursor.x, g.cursor.y);
}

export function setCursor(g: Gwes, x: number, y: number): void {
  const c = cursorClip(g);
  g.cursor = { x: Math.min(Math.max(x | 0, c.left), c.right - 1), y: Math.min(Math.max(y | 0, c.top), c.bottom - 1) };
}
