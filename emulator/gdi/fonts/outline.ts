/**
 * Bilevel glyphs from TrueType outlines, for the sizes a font has no embedded strike for (Liberation,
 * Tahoma above 16 px): the glyf contours (simple and composite) scaled to the pixel grid, quadratic
 * curves flattened, and filled with the non-zero winding rule sampled at pixel centres — no
 * antialiasing and no hinting, integer-exact for a given size, so text is reproducible bit for bit.
 */
import type { BitmapGlyph } from './sfnt.js';

export interface OutlineSource {
  readonly data: Uint8Array;
  tableOffset(tag: string): number | undefined;
  readonly unitsPerEm: number;
  /** loca format (head.indexToLocFormat): 0 short offsets, 1 long. */
  readonly locaFormat: number;
  advanceUnits(gid: number): number;
}

type Pt = { x: number; y: number; on: boolean };

const u16 = (d: Uint8Array, o: number) => (d[o]! << 8) | d[o + 1]!;
const i16 = (d: Uint8Array, o: number) => (u16(d, o) << 16) >> 16;
const u32 = (d: Uint8Array, o: number) => ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;

/** Contours of glyph `gid` in font units (composites resolved, depth-limited). */
export function glyphContours(src: OutlineSource, gid: number, depth = 0): Pt[][] {
  const d = src.data;
  const glyf = src.tableOffset('glyf');
  const loca = src.tableOffset('loca');
  if (glyf === undefined || loca === undefined || depth > 8) return [];
  const at = (i: number) => (src.locaFormat ? u32(d, loca + 4 * i) : 2 * u16(d, loca + 2 * i));
  const start = glyf + at(gid);
  const end = glyf + at(gid + 1);
  if (end <= start || end > d.length) return [];
  const n = i16(d, start);
  if (n < 0) return composite(src, start + 10, depth);
  const endPts: number[] = [];
  for (let i = 0; i < n; i++) endPts.push(u16(d, start + 10 + 2 * i));
  const count = n ? endPts[n - 1]! + 1 : 0;
  let o = start + 10 + 2 * n;
  o += 2 + u16(d, o); // instructions
  const flags: number[] = [];
  while (flags.length < count) {
    const f = d[o++]!;
    flags.push(f);
    if (f & 8) {
      const r = d[o++]!;
      for (let k = 0; k < r; k++) flags.push(f);
    }
  }
  const xs: number[] = [];
  let v = 0;
  for (const f of flags) {
    if (f & 2) v += f & 16 ? d[o++]! : -d[o++]!;
    else if (!(f & 16)) {
      v += i16(d, o);
      o += 2;
    }
    xs.push(v);
  }
  const ys: number[] = [];
  v = 0;
  for (const f of flags) {
    if (f & 4) v += f & 32 ? d[o++]! : -d[o++]!;
    else if (!(f & 32)) {
      v += i16(d, o);
      o += 2;
    }
    ys.push(v);
  }
  const out: Pt[][] = [];
  let first = 0;
  for (const e of endPts) {
    const c: Pt[] = [];
    for (let i = first; i <= e; i++) c.push({ x: xs[i]!, y: ys[i]!, on: (flags[i]! & 1) !== 0 });
    out.push(c);
    first = e + 1;
  }
  return out;
}

function composite(src: OutlineSource, o: number, depth: number): Pt[][] {
  const d = src.data;
  const out: Pt[][] = [];
  for (;;) {
    const flags = u16(d, o);
    const gid = u16(d, o + 2);
    o += 4;
    let dx: number;
    let dy: number;
    if (flags & 1) {
      dx = i16(d, o);
      dy = i16(d, o + 2);
      o += 4;
    } else {
      dx = (d[o]! << 24) >> 24;
      dy = (d[o + 1]! << 24) >> 24;
      o += 2;
    }
    let a = 1;
    let b = 0;
    let c = 0;
    let e = 1;
    const f2 = (x: number) => x / 16384;
    if (flags & 8) {
      a = e = f2(i16(d, o));
      o += 2;
    } else if (flags & 0x40) {
      a = f2(i16(d, o));
      e = f2(i16(d, o + 2));
      o += 4;
    } else if (flags & 0x80) {
      a = f2(i16(d, o));
      b = f2(i16(d, o + 2));
      c = f2(i16(d, o + 4));
      e = f2(i16(d, o + 6));
      o += 8;
    }
    // Offsets as point numbers (flag 2 clear) are rare in these fonts: treated as (0, 0).
    if (!(flags & 2)) dx = dy = 0;
    for (const contour of glyphContours(src, gid, depth + 1))
      out.push(contour.map((p) => ({ x: a * p.x + c * p.y + dx, y: b * p.x + e * p.y + dy, on: p.on })));
    if (!(flags & 0x20)) break;
  }
  return out;
}

/** Rasterises glyph `gid` at `ppem` pixels per em into a bitmap glyph (non-zero winding, pixel centres). */
export function rasterize(src: OutlineSource, gid: number, ppem: number): BitmapGlyph {
  const scale = ppem / src.unitsPerEm;
  const segs: [number, number, number, number][] = [];
  for (const c of glyphContours(src, gid)) {
    if (c.length < 2) continue;
    // Expand implied on-curve points between two off-curve points, then flatten each quadratic into 8 lines.
    const pts: Pt[] = [];
    for (let i = 0; i < c.length; i++) {
      const p = c[i]!;
      const q = c[(i + 1) % c.length]!;
      pts.push(p);
      if (!p.on && !q.on) pts.push({ x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, on: true });
    }
    const s = pts.findIndex((p) => p.on);
    if (s < 0) continue;
    const ring = [...pts.slice(s), ...pts.slice(0, s)];
    const px = (p: { x: number; y: number }) => [p.x * scale, -p.y * scale] as const;
    let cur = px(ring[0]!);
    for (let i = 1; i <= ring.length; i++) {
      const p = ring[i % ring.length]!;
      if (p.on) {
        const n = px(p);
        segs.push([cur[0], cur[1], n[0], n[1]]);
        cur = n;
      } else {
        const q = ring[(i + 1) % ring.length]!;
        const ctrl = px(p);
        const to = px(q);
        let prev = cur;
        for (let k = 1; k <= 8; k++) {
          const t = k / 8;
          const mt = 1 - t;
          const nx = mt * mt * cur[0] + 2 * mt * t * ctrl[0] + t * t * to[0];
          const ny = mt * mt * cur[1] + 2 * mt * t * ctrl[1] + t * t * to[1];
          segs.push([prev[0], prev[1], nx, ny]);
          prev = [nx, ny];
        }
        cur = to;
        i++;
      }
    }
  }
  const advance = Math.round(src.advanceUnits(gid) * scale);
  if (!segs.length) return { width: 0, height: 0, bearingX: 0, bearingY: 0, advance, rows: new Uint8Array(0) };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [ax, ay, bx, by] of segs) {
    x0 = Math.min(x0, ax, bx);
    x1 = Math.max(x1, ax, bx);
    y0 = Math.min(y0, ay, by);
    y1 = Math.max(y1, ay, by);
  }
  const left = Math.floor(x0);
  const top = Math.floor(y0);
  const width = Math.max(0, Math.ceil(x1) - left);
  const height = Math.max(0, Math.ceil(y1) - top);
  const stride = (width + 7) >> 3;
  const rows = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const cy = top + y + 0.5;
    const xs: { x: number; w: number }[] = [];
    for (const [ax, ay, bx, by] of segs) {
      if (ay === by || cy < Math.min(ay, by) || cy >= Math.max(ay, by)) continue;
      xs.push({ x: ax + ((cy - ay) * (bx - ax)) / (by - ay), w: by > ay ? 1 : -1 });
    }
    xs.sort((a, b) => a.x - b.x);
    let wind = 0;
    for (let k = 0; k < xs.length - 1; k++) {
      wind += xs[k]!.w;
      if (!wind) continue;
      // Pixels whose centre lies in [xs[k], xs[k+1]).
      const from = Math.ceil(xs[k]!.x - 0.5 - left);
      const to = Math.ceil(xs[k + 1]!.x - 0.5 - left);
      for (let x = Math.max(0, from); x < Math.min(width, to); x++) rows[y * stride + (x >> 3)] = rows[y * stride + (x >> 3)]! | (0x80 >> (x & 7));
    }
  }
  return { width, height, bearingX: left, bearingY: -top, advance, rows };
}
