/**
 * The row-copy fast paths of the DIB engine (solid PATCOPY/BLACKNESS/WHITENESS fills, SRCCOPY between
 * equal formats) give exactly what the per-pixel definition gives: compared pixel by pixel with a
 * reference computed through Surface.get/set, with clipping, bottom-up rows and overlapping self-copies
 * (a scroll with two clip rectangles once copied already-overwritten rows: the source is now read
 * from a snapshot).
 */
import { describe, it, expect } from 'vitest';
import { Surface, type Bpp, type Rect } from '../../emulator/gdi/surface.js';
import { bitBlt, patBlt } from '../../emulator/gdi/draw.js';
import { ROP } from '../../emulator/gdi/rop.js';

function random(w: number, h: number, bpp: Bpp, seed: number, bottomUp = false): Surface {
  const s = new Surface({ width: w, height: h, bpp, bottomUp, palette: bpp === 8 ? Array.from({ length: 256 }, (_, i) => i * 0x010101) : undefined });
  let x = seed;
  for (let i = 0; i < s.bits.length; i++) s.bits[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return s;
}
const clone = (s: Surface) => new Surface({ width: s.width, height: s.height, bpp: s.bpp, bits: s.bits.slice(), bottomUp: s.bottomUp, palette: s.palette });
const inClip = (clip: Rect[], x: number, y: number) => clip.some((c) => x >= c.left && x < c.right && y >= c.top && y < c.bottom);
const clip: Rect[] = [
  { left: 2, top: 1, right: 20, bottom: 9 },
  { left: 5, top: 12, right: 37, bottom: 30 },
];

describe('fast paths equal the per-pixel definition', () => {
  it.each([8, 16, 24] as Bpp[])('%i bpp: solid fills', (bpp) => {
    for (const [rop, bottomUp] of [
      [ROP.PATCOPY, false],
      [ROP.BLACKNESS, true],
      [ROP.WHITENESS, false],
    ] as const) {
      const s = random(40, 32, bpp, 7, bottomUp);
      const want = clone(s);
      const r = { left: 3, top: 0, right: 33, bottom: 25 };
      const v = rop === ROP.PATCOPY ? want.pixelOf(0x123456) : rop === ROP.BLACKNESS ? 0 : bpp === 8 ? 0xff : bpp === 16 ? 0xffff : 0xffffff;
      for (let y = r.top; y < r.bottom; y++) for (let x = r.left; x < r.right; x++) if (inClip(clip, x, y)) want.set(x, y, v);
      patBlt(s, { clip, textColor: 0, bkColor: 0 }, r, { kind: 'solid', color: 0x123456 }, rop);
      expect(Buffer.from(s.bits).equals(Buffer.from(want.bits))).toBe(true);
    }
  });

  it.each([8, 16, 24] as Bpp[])('%i bpp: SRCCOPY from another surface and onto itself, overlapping both ways', (bpp) => {
    const src = random(40, 32, bpp, 3, true);
    for (const [dx, dy, sx, sy, self] of [
      [4, 2, 0, 0, false],
      [1, 1, 6, 5, true],
      [6, 5, 1, 1, true],
    ] as const) {
      const d = random(40, 32, bpp, 11);
      const from = self ? d : src;
      const snapshot = clone(from);
      const want = clone(d);
      for (let y = dy; y < dy + 25; y++)
        for (let x = dx; x < dx + 30; x++)
          if (inClip(clip, x, y) && x - dx + sx < 40 && y - dy + sy < 32) want.set(x, y, snapshot.get(x - dx + sx, y - dy + sy));
      bitBlt(d, { clip, textColor: 0, bkColor: 0 }, dx, dy, 30, 25, from, sx, sy, { kind: 'null' }, ROP.SRCCOPY);
      const bad: string[] = [];
      for (let y = 0; y < 32; y++) for (let x = 0; x < 40; x++) if (d.get(x, y) !== want.get(x, y)) bad.push(`${x},${y}`);
      expect(bad).toEqual([]);
    }
  });
});
