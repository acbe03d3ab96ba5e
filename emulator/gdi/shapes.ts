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
