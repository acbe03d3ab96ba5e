/**
 * Regions as GDI keeps them on CE: a list of disjoint rectangles (CE supports rectangle regions and
 * their combinations; no elliptic or polygonal regions). Used for clip lists of DCs, the visible
 * region of a window (its rectangle minus the windows above it) and CombineRgn.
 *
 * Every operation returns a new list of disjoint, non-empty rectangles; order is top-down, left-right
 * after normalize(), so two equal regions compare equal.
 */
import { intersect, isEmpty, type Rect } from './surface.js';

export type Region = Rect[];

export const rect = (left: number, top: number, right: number, bottom: number): Rect => ({ left, top, right, bottom });

/** a minus b: up to four rectangles. */
export function subtractRect(a: Rect, b: Rect): Rect[] {
  const i = intersect(a, b);
  if (isEmpty(i)) return isEmpty(a) ? [] : [a];
  const out: Rect[] = [];
  if (a.top < i.top) out.push(rect(a.left, a.top, a.right, i.top));
  if (i.bottom < a.bottom) out.push(rect(a.left, i.bottom, a.right, a.bottom));
  if (a.left < i.left) out.push(rect(a.left, i.top, i.left, i.bottom));
  if (i.right < a.right) out.push(rect(i.right, i.top, a.right, i.bottom));
  return out;
}

export function subtract(r: Region, b: Rect): Region {
  return r.flatMap((a) => subtractRect(a, b));
}

export function subtractRegion(r: Region, b: Region): Region {
  let out = r;
  for (const x of b) out = subtract(out, x);
  return out;
}

export function intersectRect(r: Region, b: Rect): Region {
  return r.map((a) => intersect(a, b)).filter((a) => !isEmpty(a));
}

export function intersectRegion(r: Region, b: Region): Region {
  // The common case of clip lists (a visible region inside the screen): one rectangle covering r.
  if (b.length === 1) {
    const x = b[0]!;
    if (r.every((a) => a.left >= x.left && a.top >= x.top && a.right <= x.right && a.bottom <= x.bottom)) return r.filter((a) => !isEmpty(a));
  }
  return b.flatMap((x) => intersectRect(r, x));
}

export function union(r: Region, b: Region): Region {
  return [...subtractRegion(r, b), ...b.filter((x) => !isEmpty(x))];
}

export function xor(r: Region, b: Region): Region {
  return [...subtractRegion(r, b), ...subtractRegion(b, r)];
}

export function offset(r: Region, dx: number, dy: number): Region {
  return r.map((a) => rect(a.left + dx, a.top + dy, a.right + dx, a.bottom + dy));
}

/** The bounding box (all zero when empty). */
export function bounds(r: Region): Rect {
  if (!r.length) return rect(0, 0, 0, 0);
  return rect(Math.min(...r.map((a) => a.left)), Math.min(...r.map((a) => a.top)), Math.max(...r.map((a) => a.right)), Math.max(...r.map((a) => a.bottom)));
}

export function area(r: Region): number {
  return r.reduce((s, a) => s + (a.right - a.left) * (a.bottom - a.top), 0);
}

export function contains(r: Region, x: number, y: number): boolean {
  return r.some((a) => x >= a.left && x < a.right && y >= a.top && y < a.bottom);
}

/** Sorted top-down, left-right; horizontally adjacent pieces of equal height merged. */
export function normalize(r: Region): Region {
  const s = r.filter((a) => !isEmpty(a)).sort((a, b) => a.top - b.top || a.left - b.left || a.bottom - b.bottom);
  const out: Rect[] = [];
  for (const a of s) {
    const last = out[out.length - 1];
    if (last && last.top === a.top && last.bottom === a.bottom && last.right === a.left) last.right = a.right;
    else out.push({ ...a });
  }
  return out;
}

/** GDI region complexity: NULLREGION 1, SIMPLEREGION 2, COMPLEXREGION 3. */
export function complexity(r: Region): number {
  const n = normalize(r);
  if (!n.length) return 1;
  return area(n) === area([bounds(n)]) ? 2 : 3;
}
