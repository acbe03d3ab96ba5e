/**
 * The cursor position of a run (one per GWES, shared by its processes). A CE touch screen has no
 * hovering pointer: the position is where the pen last was — set by every pen press, move and lift
 * the host feeds (gwes/input.ts) and by SetCursorPos — and stays there after the pen is lifted
 * (GetCursorPos answers "the last tap position"). It starts at (0, 0), and is kept inside the
 * screen as desktop Windows clips the cursor to it. Every posted message records it (QMsg.pt): CE's
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

export function setCursor(g: Gwes, x: number, y: number): void {
  const cx = Math.min(Math.max(x | 0, 0), g.screen.width - 1);
  const cy = Math.min(Math.max(y | 0, 0), g.screen.height - 1);
  g.cursor = { x: cx, y: cy };
}
