/**
 * Shapes of wmemu's GDI as pixel spans: the ellipse inscribed in a rectangle (Ellipse). Integer
 * arithmetic only: a pixel belongs to the ellipse when its centre lies inside it, so the shape is
 * symmetric and a drawing is reproducible bit for bit.
 */
import type { Rect } from './surface.js';

/** Spans of the ellipse inscribed in r (right/bottom exclusive): for each row, [xl, xr) inside. */
export function ellipseSpans(r: Rect): { y: number; l: number; r: number }[] {
  const w = r.right - r.left;
  const h = r.bottom - r.top;
  const out: { y: number; l: number; r: number }[] = [];
  if (w <= 0 || h <= 0) return out;
  // Integer test on doubled coordinates: pixel centre (2x+1, 2y+1) inside the ellipse with axes w, h.
  const a2 = w * w;
  const b2 = h * h;
  for (let j = 0; j < h; j++) {
    const dy = 2 * j + 1 - h;
    let half = -1;
    for (let i = 0; i < w; i++) {
      const dx = 2 * i + 1 - w;
      if (dx * dx * b2 + dy * dy * a2 <= a2 * b2) {
        half = i;
        break;
      }
    }
    if (half >= 0) out.push({ y: r.top + j, l: r.left + half, r: r.right - half });
  }
  return out;
}

/**
 * Spans of a rectangle with rounded corners (RoundRect): each corner is a quarter of the ellipse of
 * size ew x eh (clamped to the rectangle), whose rows give the indent of the top and bottom rows.
 */
export function roundRectSpans(r: Rect, ew: number, eh: number): { y: number; l: number; r: number }[] {
  const w = r.right - r.left;
  const h = r.bottom - r.top;
  if (w <= 0 || h <= 0) return [];
  ew = Math.min(Math.max(ew, 0), w);
  eh = Math.min(Math.max(eh, 0), h);
  if (ew < 2 || eh < 2) {
    const out: { y: number; l: number; r: number }[] = [];
    for (let y = r.top; y < r.bottom; y++) out.push({ y, l: r.left, r: r.right });
    return out;
  }
  const indent = new Map<number, number>();
  for (const s of ellipseSpans({ left: 0, top: 0, right: ew, bottom: eh })) indent.set(s.y, s.l);
  const top = Math.ceil(eh / 2);
  const bottom = eh - top;
  const out: { y: number; l: number; r: number }[] = [];
  for (let j = 0; j < h; j++) {
    let k = -1;
    if (j < top) k = j;
    else if (j >= h - bottom) k = j - (h - eh);
    const d = k < 0 ? 0 : indent.get(k);
    if (d === undefined) continue;
    out.push({ y: r.top + j, l: r.left + d, r: r.right - d });
  }
  return out;
}
