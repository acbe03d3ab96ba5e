/**
 * The drawing primitives of wmemu's GDI, on Surfaces: rectangle fills and blits with any ROP3,
 * lines with a ROP2, and bilevel text from bitmap glyphs. Clipping is a list of rectangles (a region
 * as GDI keeps it: disjoint bands); every primitive writes only inside it. Integer arithmetic only.
 *
 * Colour conversion between formats follows GDI: a monochrome source on a colour destination takes
 * the text colour for 0 bits and the background colour for 1 bits; a colour source on a monochrome
 * destination gives 1 where the pixel equals the background colour, else 0.
 */
import { rop2, rop3, ropUses } from './rop.js';
import { intersect, isEmpty, Surface, type ColorRef, type Rect } from './surface.js';
import type { BitmapGlyph } from './fonts/sfnt.js';

/** A brush: a solid colour, or a pattern surface tiled from the brush origin. */
export type Brush = { kind: 'solid'; color: ColorRef } | { kind: 'pattern'; pattern: Surface } | { kind: 'null' };

/** What a DC contributes to a drawing call. */
export interface DrawState {
  /** Clip rectangles in surface coordinates (already intersected with the surface). */
  clip: readonly Rect[];
  textColor: ColorRef;
  bkColor: ColorRef;
  /** Brush origin (pattern alignment), surface coordinates. */
  brushOrgX?: number;
  brushOrgY?: number;
}

function clipRects(dst: Surface, st: DrawState, r: Rect): Rect[] {
  const bounds = { left: 0, top: 0, right: dst.width, bottom: dst.height };
  const out: Rect[] = [];
  for (const c of st.clip) {
    const i = intersect(intersect(c, bounds), r);
    if (!isEmpty(i)) out.push(i);
  }
  return out;
}

/** The brush's pixel value at (x, y) in dst's format. */
function brushPixel(dst: Surface, st: DrawState, brush: Brush): (x: number, y: number) => number {
  if (brush.kind === 'solid') {
    const v = dst.pixelOf(brush.color);
    return () => v;
  }
  if (brush.kind === 'null') return () => 0;
  const pat = brush.pattern;
  const ox = st.brushOrgX ?? 0;
  const oy = st.brushOrgY ?? 0;
  const conv = converter(pat, dst, st);
  return (x, y) => conv(pat.get((((x - ox) % pat.width) + pat.width) % pat.width, (((y - oy) % pat.height) + pat.height) % pat.height));
}

/** Maps a pixel value of `src` to the format of `dst`, with GDI's monochrome rules. */
export function converter(src: Surface, dst: Surface, st: DrawState): (v: number) => number {
  if (src.bpp === dst.bpp && (src.bpp >= 16 ? src.rgb555 === dst.rgb555 : samePalette(src, dst))) return (v) => v;
  if (src.bpp === 1 && dst.bpp !== 1) {
    const fg = dst.pixelOf(st.textColor);
    const bg = dst.pixelOf(st.bkColor);
    return (v) => (v ? bg : fg);
  }
  if (dst.bpp === 1 && src.bpp !== 1) {
    const bk = src.pixelOf(st.bkColor);
    return (v) => (v === bk ? 1 : 0);
  }
  const cache = new Map<number, number>();
  return (v) => {
    let r = cache.get(v);
    if (r === undefined) cache.set(v, (r = dst.pixelOf(src.colorOf(v))));
    return r;
  };
}

function samePalette(a: Surface, b: Surface): boolean {
  return a.palette.length === b.palette.length && a.palette.every((c, i) => c === b.palette[i]);
}

function mask(bpp: number): number {
  return bpp >= 32 ? 0xffffff : bpp === 24 ? 0xffffff : (1 << bpp) - 1;
}

/** PatBlt: the rectangle r with brush and a ROP3 that uses no source. */
export function patBlt(dst: Surface, st: DrawState, r: Rect, brush: Brush, rop: number): void {
  const t = (rop >>> 16) & 0xff;
  // Fast path: a solid fill (PATCOPY with a solid brush, BLACKNESS, WHITENESS) of 8/16/24 bpp pixels
  // copies one prepared row into each clipped row (same result as the general loop below).
  if (dst.bpp >= 8 && dst.bpp <= 24 && ((t === 0xf0 && brush.kind === 'solid') || t === 0x00 || t === 0xff)) {
    const v = t === 0xf0 && brush.kind === 'solid' ? dst.pixelOf(brush.color) : t === 0 ? 0 : mask(dst.bpp);
    const bytes = dst.bpp >> 3;
    const clips = clipRects(dst, st, r);
    const widest = Math.max(0, ...clips.map((c) => c.right - c.left));
    const line = new Uint8Array(widest * bytes);
    for (let i = 0; i < widest; i++) for (let k = 0; k < bytes; k++) line[i * bytes + k] = (v >>> (8 * k)) & 0xff;
    for (const c of clips) {
      const n = (c.right - c.left) * bytes;
      const part = line.subarray(0, n);
      for (let y = c.top; y < c.bottom; y++) dst.bits.set(part, dst.row(y) + c.left * bytes);
    }
    return;
  }
  const pat = brushPixel(dst, st, brush);
  const m = mask(dst.bpp);
  for (const c of clipRects(dst, st, r)) {
    for (let y = c.top; y < c.bottom; y++) {
      for (let x = c.left; x < c.right; x++) dst.set(x, y, rop3(t, pat(x, y), 0, dst.get(x, y)) & m);
    }
  }
}

/**
 * BitBlt from src (or no source) to dst: w x h pixels from (sx, sy) to (dx, dy) with a ROP3. Source
 * and destination may be the same surface and overlap (copied in the safe direction).
 */
export function bitBlt(
  dst: Surface,
  st: DrawState,
  dx: number,
  dy: number,
  w: number,
  h: number,
  src: Surface | undefined,
  sx: number,
  sy: number,
  brush: Brush,
  rop: number,
): void {
  const t = (rop >>> 16) & 0xff;
  const uses = ropUses(t);
  if (!uses.src || !src) return patBlt(dst, st, { left: dx, top: dy, right: dx + w, bottom: dy + h }, brush, rop);
  // A copy within one surface (scrolling) reads a snapshot of the source: with several clip
  // rectangles no single copy direction keeps every source pixel unread until it is copied.
  if (src === dst || (src.bits === dst.bits && src.offset === dst.offset)) src = snapshot(src);
  const pat = uses.pat ? brushPixel(dst, st, brush) : () => 0;
  const conv = converter(src, dst, st);
  const m = mask(dst.bpp);
  // Source pixels outside the source surface are not read: the rectangle shrinks to what exists.
  const r = intersect(
    { left: dx, top: dy, right: dx + w, bottom: dy + h },
    { left: dx - sx, top: dy - sy, right: dx - sx + src.width, bottom: dy - sy + src.height },
  );
  // Fast path: SRCCOPY between surfaces of the same 8/16/24 bpp format copies whole rows (32 bpp keeps
  // the general loop, which leaves the destination's X byte alone).
  if (
    t === 0xcc &&
    dst.bpp >= 8 &&
    dst.bpp <= 24 &&
    src.bpp === dst.bpp &&
    (dst.bpp !== 16 || src.rgb555 === dst.rgb555) &&
    (dst.bpp > 8 || samePalette(src, dst))
  ) {
    const bytes = dst.bpp >> 3;
    const same = src.bits === dst.bits;
    for (const c of clipRects(dst, st, r)) {
      const n = (c.right - c.left) * bytes;
      const h = c.bottom - c.top;
      const down = !same || sy + (c.top - dy) >= c.top;
      if (!same && n === dst.stride && n === src.stride && !dst.bottomUp && !src.bottomUp) {
        // Whole rows of equal stride (a full-screen blit): one copy.
        const from = src.row(c.top - dy + sy);
        dst.bits.set(src.bits.subarray(from, from + n * h), dst.row(c.top));
        continue;
      }
      for (let j = 0; j < h; j++) {
        const y = down ? c.top + j : c.bottom - 1 - j;
        const from = src.row(y - dy + sy) + (c.left - dx + sx) * bytes;
        const to = dst.row(y) + c.left * bytes;
        if (same) dst.bits.copyWithin(to, from, from + n);
        else dst.bits.set(src.bits.subarray(from, from + n), to);
      }
    }
    return;
  }
  for (const c of clipRects(dst, st, r)) {
    const overlap = src === dst;
    const down = !overlap || sy >= dy;
    const right = !overlap || sx >= dx;
    for (let j = 0; j < c.bottom - c.top; j++) {
      const y = down ? c.top + j : c.bottom - 1 - j;
      for (let i = 0; i < c.right - c.left; i++) {
        const x = right ? c.left + i : c.right - 1 - i;
        const s = conv(src.get(x - dx + sx, y - dy + sy));
        dst.set(x, y, rop3(t, pat(x, y), s, uses.dst ? dst.get(x, y) : 0) & m);
      }
    }
  }
}

function snapshot(s: Surface): Surface {
  const bits = s.bits.slice(s.offset, s.offset + s.stride * s.height);
  return new Surface({ width: s.width, height: s.height, bpp: s.bpp, bits, bottomUp: s.bottomUp, palette: s.palette, rgb555: s.rgb555 });
}

/**
 * StretchBlt with GDI's integer nearest-pixel sampling: destination pixel i of the rectangle samples
 * source pixel floor(i * sw / dw); negative widths or heights mirror. Stretch modes (SetStretchBltMode,
 * CE 5 reference): COLORONCOLOR (3) deletes the eliminated pixels (the sample is all); BLACKONWHITE (1)
 * ANDs, WHITEONBLACK (2) ORs, the values of every source pixel that maps onto the destination pixel
 * (source pixels floor(i * sw / dw) up to floor((i + 1) * sw / dw), per shrinking axis) — the same
 * as COLORONCOLOR when nothing is eliminated (stretching).
 */
export function stretchBlt(
  dst: Surface,
  st: DrawState,
  dx: number,
  dy: number,
  dw: number,
  dh: number,
  src: Surface,
  sx: number,
  sy: number,
  sw: number,
  sh: number,
  brush: Brush,
  rop: number,
  mode = 3,
): void {
  if (dw === sw && dh === sh && dw > 0 && dh > 0) return bitBlt(dst, st, dx, dy, dw, dh, src, sx, sy, brush, rop);
  const t = (rop >>> 16) & 0xff;
  const uses = ropUses(t);
  if (src === dst || (src.bits === dst.bits && src.offset === dst.offset)) src = snapshot(src);
  const pat = uses.pat ? brushPixel(dst, st, brush) : () => 0;
  const conv = converter(src, dst, st);
  const m = mask(dst.bpp);
  const flipX = dw < 0 !== sw < 0;
  const flipY = dh < 0 !== sh < 0;
  const adw = Math.abs(dw);
  const adh = Math.abs(dh);
  const asw = Math.abs(sw);
  const ash = Math.abs(sh);
  const x0 = dw < 0 ? dx + dw : dx;
  const y0 = dh < 0 ? dy + dh : dy;
  const sx0 = sw < 0 ? sx + sw : sx;
  const sy0 = sh < 0 ? sy + sh : sy;
  if (!adw || !adh || !asw || !ash) return;
  const combine = (mode === 1 || mode === 2) && (asw > adw || ash > adh);
  /** Source indexes (before mirroring) that destination index k maps onto: the first and one past the last. */
  const span = (k: number, s: number, d: number): [number, number] => {
    const a = Math.floor((k * s) / d);
    return [a, s > d ? Math.max(a + 1, Math.floor(((k + 1) * s) / d)) : a + 1];
  };
  for (const c of clipRects(dst, st, { left: x0, top: y0, right: x0 + adw, bottom: y0 + adh })) {
    for (let y = c.top; y < c.bottom; y++) {
      const [ja, jb] = combine ? span(y - y0, ash, adh) : [0, 0];
      let j = Math.floor(((y - y0) * ash) / adh);
      if (flipY) j = ash - 1 - j;
      const syy = sy0 + j;
      if (syy < 0 || syy >= src.height) continue;
      for (let x = c.left; x < c.right; x++) {
        let i = Math.floor(((x - x0) * asw) / adw);
        if (flipX) i = asw - 1 - i;
        const sxx = sx0 + i;
        if (sxx < 0 || sxx >= src.width) continue;
        let v: number;
        if (!combine) v = conv(src.get(sxx, syy));
        else {
          const [ia, ib] = span(x - x0, asw, adw);
          v = mode === 1 ? m : 0;
          for (let jj = ja; jj < jb; jj++) {
            const yy = sy0 + (flipY ? ash - 1 - jj : jj);
            if (yy < 0 || yy >= src.height) continue;
            for (let ii = ia; ii < ib; ii++) {
              const xx = sx0 + (flipX ? asw - 1 - ii : ii);
              if (xx < 0 || xx >= src.width) continue;
              const p = conv(src.get(xx, yy));
              v = mode === 1 ? v & p : v | p;
            }
          }
        }
        dst.set(x, y, rop3(t, pat(x, y), v, uses.dst ? dst.get(x, y) : 0) & m);
      }
    }
  }
}

/** A pixel of a line or shape outline through the clip list with a ROP2. */
function plot(dst: Surface, st: DrawState, x: number, y: number, pen: number, r2: number): void {
  for (const c of st.clip) {
    if (x >= c.left && x < c.right && y >= c.top && y < c.bottom && x >= 0 && y >= 0 && x < dst.width && y < dst.height) {
      dst.set(x, y, rop2(r2, pen, dst.get(x, y)) & mask(dst.bpp));
      return;
    }
  }
}

/**
 * LineTo from (x0, y0) to (x1, y1), 1 pixel wide, the last point excluded (as GDI draws it), with
 * Bresenham's integer stepping.
 */
export function line(dst: Surface, st: DrawState, x0: number, y0: number, x1: number, y1: number, color: ColorRef, r2: number): void {
  const pen = dst.pixelOf(color);
  const dx = Math.abs(x1 - x0);
  const dy = Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx - dy;
  let x = x0;
  let y = y0;
  while (x !== x1 || y !== y1) {
    plot(dst, st, x, y, pen, r2);
    const e2 = 2 * err;
    if (e2 > -dy) {
      err -= dy;
      x += sx;
    }
    if (e2 < dx) {
      err += dx;
      y += sy;
    }
  }
}

/** Draws one bitmap glyph with its pen position at (x, baseline): ink in `color`, other pixels untouched. */
export function drawGlyph(dst: Surface, st: DrawState, g: BitmapGlyph, x: number, baseline: number, color: ColorRef): void {
  const v = dst.pixelOf(color);
  const stride = (g.width + 7) >> 3;
  const left = x + g.bearingX;
  const top = baseline - g.bearingY;
  for (const c of clipRects(dst, st, { left, top, right: left + g.width, bottom: top + g.height })) {
    for (let yy = c.top; yy < c.bottom; yy++) {
      const row = (yy - top) * stride;
      for (let xx = c.left; xx < c.right; xx++) {
        const gx = xx - left;
        if (g.rows[row + (gx >> 3)]! & (0x80 >> (gx & 7))) dst.set(xx, yy, v);
      }
    }
  }
}
