/**
 * Regions (rectangle lists, as CE's GDI keeps them: CombineRgn, clip lists, visible regions) and the
 * ellipse pixel set of wmemu's GDI, checked point by point against their definitions.
 */
import { describe, it, expect } from 'vitest';
import { area, bounds, complexity, contains, intersectRegion, normalize, rect, subtractRegion, union, xor, type Region } from '../../emulator/gdi/region.js';
import { ellipseSpans } from '../../emulator/gdi/shapes.js';

/** Every point of the 0..20 square, by membership. */
function points(r: Region): Set<string> {
  const s = new Set<string>();
  for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) if (contains(r, x, y)) s.add(`${x},${y}`);
  return s;
}

describe('region operations', () => {
  const a: Region = [rect(2, 2, 12, 10)];
  const b: Region = [rect(6, 5, 16, 15), rect(0, 17, 3, 19)];
  const inA = (x: number, y: number) => contains(a, x, y);
  const inB = (x: number, y: number) => contains(b, x, y);
  const cases: [string, Region, (x: number, y: number) => boolean][] = [
    ['AND', intersectRegion(a, b), (x, y) => inA(x, y) && inB(x, y)],
    ['OR', union(a, b), (x, y) => inA(x, y) || inB(x, y)],
    ['XOR', xor(a, b), (x, y) => inA(x, y) !== inB(x, y)],
    ['DIFF', subtractRegion(a, b), (x, y) => inA(x, y) && !inB(x, y)],
  ];
  it.each(cases)('%s holds exactly the points its boolean formula gives, in disjoint rectangles', (_n, r, f) => {
    const want = new Set<string>();
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) if (f(x, y)) want.add(`${x},${y}`);
    expect(points(r)).toEqual(want);
    expect(area(r)).toBe(want.size); // no overlaps
  });

  it('complexity, bounds, normalize', () => {
    expect(complexity([])).toBe(1);
    expect(complexity(a)).toBe(2);
    expect(complexity(union(a, b))).toBe(3);
    expect(complexity([rect(0, 0, 5, 5), rect(5, 0, 9, 5)])).toBe(2); // two halves of one rectangle
    expect(bounds(union(a, b))).toEqual(rect(0, 2, 16, 19));
    expect(normalize([rect(5, 0, 9, 5), rect(0, 0, 5, 5)])).toEqual([rect(0, 0, 9, 5)]);
  });
});

describe('ellipse pixel sets', () => {
  it('a 5x5 circle, the 1x1 and 2x1 cases, and an empty rectangle', () => {
    const rows = (r: ReturnType<typeof rect>) => ellipseSpans(r).map((s) => `${s.y}:${s.l}-${s.r}`);
    expect(rows(rect(0, 0, 5, 5))).toEqual(['0:1-4', '1:0-5', '2:0-5', '3:0-5', '4:1-4']);
    expect(rows(rect(3, 3, 4, 4))).toEqual(['3:3-4']);
    expect(rows(rect(0, 0, 2, 1))).toEqual(['0:0-2']);
    expect(rows(rect(0, 0, 0, 5))).toEqual([]);
  });

  it('is symmetric in both axes and every pixel centre lies inside the ellipse', () => {
    const r = rect(10, 20, 47, 39);
    const spans = ellipseSpans(r);
    const w = r.right - r.left;
    const h = r.bottom - r.top;
    for (const s of spans) {
      expect(s.l - r.left).toBe(r.right - s.r); // left-right symmetric
      const mirror = spans.find((t) => t.y === r.top + r.bottom - 1 - s.y)!;
      expect([mirror.l, mirror.r]).toEqual([s.l, s.r]); // top-bottom symmetric
      const dx = 2 * (s.l - r.left) + 1 - w;
      const dy = 2 * (s.y - r.top) + 1 - h;
      expect(dx * dx * h * h + dy * dy * w * w).toBeLessThanOrEqual(w * w * h * h);
      // The pixel left of the span is outside.
      const ox = dx - 2;
      expect(ox * ox * h * h + dy * dy * w * w).toBeGreaterThan(w * w * h * h);
    }
    expect(spans).toHaveLength(h);
  });
});
