/**
 * A small reader for the parts of a TrueType (sfnt) file that CE's bilevel text needs: the table
 * directory, the character map (cmap formats 4 and 12), the font-wide metrics (head, hhea, OS/2) and
 * the embedded bitmap strikes (EBLC/EBDT, as in Wine's Tahoma: 1-bit glyph images at 8-16 ppem).
 *
 * References: the OpenType specification (cmap, EBLC, EBDT, head, hhea, OS/2 chapters). Only what a
 * device's GDI uses is read; malformed input throws FontFormatError (one line), never reads out of bounds.
 */

import { rasterize, type OutlineSource } from './outline.js';

export class FontFormatError extends Error {}

/** A glyph image of a strike: 1 bit per pixel, rows of `width` bits packed MSB first, byte-aligned rows. */
export interface BitmapGlyph {
  width: number;
  height: number;
  /** Pen position to the left edge of the image, in pixels. */
  bearingX: number;
  /** Baseline to the top row of the image (positive = above the baseline). */
  bearingY: number;
  advance: number;
  /** ceil(width / 8) bytes per row, `height` rows. */
  rows: Uint8Array;
}

export interface Strike {
  ppem: number;
  /** Line metrics of the strike (hori SbitLineMetrics): ascender and descender in pixels (descender <= 0). */
  ascender: number;
  descender: number;
  glyph(gid: number): BitmapGlyph | undefined;
}

export interface FontMetrics {
  unitsPerEm: number;
  /** hhea ascender/descender/lineGap, OS/2 usWinAscent/usWinDescent, average char width (font units). */
  ascender: number;
  descender: number;
  lineGap: number;
  winAscent: number;
  winDescent: number;
  avgCharWidth: number;
  /** OS/2 weight class (400 regular, 700 bold). */
  weight: number;
  italic: boolean;
  /** OS/2 PANOSE bFamilyType and bSerifStyle (0 = any), post isFixedPitch. */
  panoseFamily: number;
  panoseSerif: number;
  fixedPitch: boolean;
}

class Reader {
  constructor(
    readonly d: Uint8Array,
    readonly what: string,
  ) {}
  need(off: number, len: number): void {
    if (off < 0 || len < 0 || off + len > this.d.length) throw new FontFormatError(`${this.what}: truncated (offset ${off}, ${len} bytes)`);
  }
  u8(o: number): number {
    this.need(o, 1);
    return this.d[o]!;
  }
  i8(o: number): number {
    return (this.u8(o) << 24) >> 24;
  }
  u16(o: number): number {
    this.need(o, 2);
    return (this.d[o]! << 8) | this.d[o + 1]!;
  }
  i16(o: number): number {
    return (this.u16(o) << 16) >> 16;
  }
  u32(o: number): number {
    this.need(o, 4);
    return ((this.d[o]! << 24) | (this.d[o + 1]! << 16) | (this.d[o + 2]! << 8) | this.d[o + 3]!) >>> 0;
  }
}

export class SfntFont implements OutlineSource {
  private readonly r: Reader;
  private readonly tables = new Map<string, { off: number; len: number }>();
  private cmapLookup: ((cp: number) => number) | undefined;
  private strikes: Map<number, Strike> | undefined;
  readonly metrics: FontMetrics;
  /** Family name (name table id 1, Windows Unicode), or '' when absent. */
  readonly family: string;

  /**
   * The fonts of a file: one for a TrueType font (.ttf), each member of a TrueType collection (.ttc,
   * 'ttcf' header: the offsets of the members' table directories; tables are shared by file offset).
   */
  static fromFile(data: Uint8Array, source = 'font'): SfntFont[] {
    const r = new Reader(data, source);
    if (r.u32(0) !== 0x74746366) return [new SfntFont(data, source)];
    const n = r.u32(8);
    if (n === 0 || n > 256) throw new FontFormatError(`${source}: TrueType collection with ${n} fonts`);
    r.need(12, 4 * n);
    return Array.from({ length: n }, (_, i) => new SfntFont(data, source, r.u32(12 + 4 * i)));
  }

  constructor(
    data: Uint8Array,
    readonly source = 'font',
    /** Where the table directory starts (a member of a TrueType collection; 0 for a .ttf). */
    dirOffset = 0,
  ) {
    const r = (this.r = new Reader(data, source));
    const version = r.u32(dirOffset);
    if (version !== 0x00010000 && version !== 0x74727565) throw new FontFormatError(`${source}: not a TrueType font (version 0x${version.toString(16)})`);
    const n = r.u16(dirOffset + 4);
    for (let i = 0; i < n; i++) {
      const e = dirOffset + 12 + 16 * i;
      const tag = String.fromCharCode(r.u8(e), r.u8(e + 1), r.u8(e + 2), r.u8(e + 3));
      const off = r.u32(e + 8);
      const len = r.u32(e + 12);
      r.need(off, len);
      this.tables.set(tag, { off, len });
    }
    const head = this.table('head');
    const hhea = this.table('hhea');
    const os2 = this.tables.get('OS/2');
    this.metrics = {
      unitsPerEm: r.u16(head + 18),
      ascender: r.i16(hhea + 4),
      descender: r.i16(hhea + 6),
      lineGap: r.i16(hhea + 8),
      winAscent: os2 ? r.u16(os2.off + 74) : r.i16(hhea + 4),
      winDescent: os2 ? r.u16(os2.off + 76) : -r.i16(hhea + 6),
      avgCharWidth: os2 ? r.i16(os2.off + 2) : 0,
      weight: os2 ? r.u16(os2.off + 4) : 400,
      italic: (r.u16(head + 44) & 2) !== 0,
      panoseFamily: os2 ? r.u8(os2.off + 32) : 0,
      panoseSerif: os2 ? r.u8(os2.off + 33) : 0,
      fixedPitch: this.tables.has('post') ? r.u32(this.table('post') + 12) !== 0 : false,
    };
    this.family = this.nameString(1);
  }

  get data(): Uint8Array {
    return this.r.d;
  }
  get unitsPerEm(): number {
    return this.metrics.unitsPerEm;
  }
  get locaFormat(): number {
    return this.r.i16(this.table('head') + 50);
  }
  tableOffset(tag: string): number | undefined {
    return this.tables.get(tag)?.off;
  }

  private outlines = new Map<string, BitmapGlyph>();
  /**
   * The glyph image at `ppem`: the embedded strike's when there is one (that is what a device shows),
   * else the outline rasterised bilevel (outline.ts).
   */
  bitmap(gid: number, ppem: number): BitmapGlyph | undefined {
    const s = this.strike(ppem);
    if (s) return s.glyph(gid);
    if (!this.tables.has('glyf')) return undefined;
    const key = `${gid}@${ppem}`;
    let g = this.outlines.get(key);
    if (!g) this.outlines.set(key, (g = rasterize(this, gid, ppem)));
    return g.width ? g : undefined;
  }

  has(tag: string): boolean {
    return this.tables.has(tag);
  }

  private table(tag: string): number {
    const t = this.tables.get(tag);
    if (!t) throw new FontFormatError(`${this.source}: no '${tag}' table`);
    return t.off;
  }

  private nameString(id: number): string {
    const t = this.tables.get('name');
    if (!t) return '';
    const r = this.r;
    const count = r.u16(t.off + 2);
    const strings = t.off + r.u16(t.off + 4);
    for (let i = 0; i < count; i++) {
      const e = t.off + 6 + 12 * i;
      if (r.u16(e) !== 3 || r.u16(e + 6) !== id) continue;
      const len = r.u16(e + 8);
      const off = strings + r.u16(e + 10);
      r.need(off, len);
      let s = '';
      for (let k = 0; k + 1 < len; k += 2) s += String.fromCharCode(r.u16(off + k));
      return s;
    }
    return '';
  }

  /** Glyph index of a Unicode code point (0 = .notdef). */
  glyphIndex(cp: number): number {
    if (!this.cmapLookup) this.cmapLookup = this.readCmap();
    return this.cmapLookup(cp);
  }

  private readCmap(): (cp: number) => number {
    const r = this.r;
    const base = this.table('cmap');
    const n = r.u16(base + 2);
    let f4 = -1;
    let f12 = -1;
    for (let i = 0; i < n; i++) {
      const e = base + 4 + 8 * i;
      const platform = r.u16(e);
      const encoding = r.u16(e + 2);
      const sub = base + r.u32(e + 4);
      const format = r.u16(sub);
      if (format === 12 && (platform === 3 || platform === 0)) f12 = sub;
      if (format === 4 && ((platform === 3 && (encoding === 1 || encoding === 0)) || platform === 0)) f4 = sub;
    }
    if (f12 >= 0) {
      const groups = r.u32(f12 + 12);
      r.need(f12 + 16, groups * 12);
      return (cp) => {
        let lo = 0;
        let hi = groups - 1;
        while (lo <= hi) {
          const mid = (lo + hi) >> 1;
          const g = f12 + 16 + 12 * mid;
          const start = r.u32(g);
          const end = r.u32(g + 4);
          if (cp < start) hi = mid - 1;
          else if (cp > end) lo = mid + 1;
          else return r.u32(g + 8) + (cp - start);
        }
        return 0;
      };
    }
    if (f4 < 0) throw new FontFormatError(`${this.source}: no Unicode cmap (format 4 or 12)`);
    const segX2 = r.u16(f4 + 6);
    const ends = f4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    r.need(f4, 16 + 4 * segX2);
    return (cp) => {
      if (cp > 0xffff) return 0;
      for (let s = 0; s < segX2; s += 2) {
        if (cp > r.u16(ends + s)) continue;
        const start = r.u16(starts + s);
        if (cp < start) return 0;
        const delta = r.u16(deltas + s);
        const ro = r.u16(ranges + s);
        if (ro === 0) return (cp + delta) & 0xffff;
        const gi = r.u16(ranges + s + ro + 2 * (cp - start));
        return gi === 0 ? 0 : (gi + delta) & 0xffff;
      }
      return 0;
    };
  }

  /** Advance width of glyph `gid` in font units (hmtx). */
  advanceUnits(gid: number): number {
    const r = this.r;
    const hhea = this.table('hhea');
    const hmtx = this.table('hmtx');
    const n = r.u16(hhea + 34);
    return r.u16(hmtx + 4 * Math.min(gid, Math.max(0, n - 1)));
  }

  /**
   * Advance of `gid` at `ppem` in whole pixels: the strike's own advance when the glyph has an image,
   * else the outline advance scaled and rounded (how the space of Tahoma 12 px gets its 4 px: 639 units
   * of 2048, measured against the reference crops).
   */
  advance(gid: number, ppem: number): number {
    const g = this.strike(ppem)?.glyph(gid);
    if (g) return g.advance;
    return Math.round((this.advanceUnits(gid) * ppem) / this.metrics.unitsPerEm);
  }

  /** The embedded bitmap strike for `ppem`, if the font has one (1 bit per pixel only). */
  strike(ppem: number): Strike | undefined {
    if (!this.strikes) this.strikes = this.readStrikes();
    return this.strikes.get(ppem);
  }

  /** Sizes (ppem) with an embedded 1-bit strike. */
  strikeSizes(): number[] {
    if (!this.strikes) this.strikes = this.readStrikes();
    return [...this.strikes.keys()].sort((a, b) => a - b);
  }

  private readStrikes(): Map<number, Strike> {
    const out = new Map<number, Strike>();
    const eblc = this.tables.get('EBLC');
    const ebdt = this.tables.get('EBDT');
    if (!eblc || !ebdt) return out;
    const r = this.r;
    const numSizes = r.u32(eblc.off + 4);
    for (let i = 0; i < numSizes; i++) {
      const b = eblc.off + 8 + 48 * i;
      const arrayOff = eblc.off + r.u32(b);
      const subCount = r.u32(b + 8);
      const ppem = r.u8(b + 45);
      const bitDepth = r.u8(b + 46);
      if (bitDepth !== 1 || r.u8(b + 44) !== ppem) continue;
      const ascender = r.i8(b + 16);
      const descender = r.i8(b + 17);
      const subs: { first: number; last: number; header: number }[] = [];
      for (let j = 0; j < subCount; j++) {
        const e = arrayOff + 8 * j;
        subs.push({ first: r.u16(e), last: r.u16(e + 2), header: arrayOff + r.u32(e + 4) });
      }
      const cache = new Map<number, BitmapGlyph | undefined>();
      out.set(ppem, {
        ppem,
        ascender,
        descender,
        glyph: (gid) => {
          if (cache.has(gid)) return cache.get(gid);
          const sub = subs.find((s) => gid >= s.first && gid <= s.last);
          const g = sub ? this.readGlyph(sub, gid, ebdt.off) : undefined;
          cache.set(gid, g);
          return g;
        },
      });
    }
    return out;
  }

  private readGlyph(sub: { first: number; last: number; header: number }, gid: number, ebdt: number): BitmapGlyph | undefined {
    const r = this.r;
    const h = sub.header;
    const indexFormat = r.u16(h);
    const imageFormat = r.u16(h + 2);
    const imageData = ebdt + r.u32(h + 4);
    let off: number;
    let size: number;
    let metrics: { width: number; height: number; bearingX: number; bearingY: number; advance: number } | undefined;
    const k = gid - sub.first;
    switch (indexFormat) {
      case 1:
        off = r.u32(h + 8 + 4 * k);
        size = r.u32(h + 12 + 4 * k) - off;
        break;
      case 3:
        off = r.u16(h + 8 + 2 * k);
        size = r.u16(h + 10 + 2 * k) - off;
        break;
      case 2:
      case 5: {
        const imageSize = r.u32(h + 8);
        metrics = this.bigMetrics(h + 12);
        if (indexFormat === 2) off = imageSize * k;
        else {
          const n = r.u32(h + 20);
          let idx = -1;
          for (let i = 0; i < n; i++) if (r.u16(h + 24 + 2 * i) === gid) idx = i;
          if (idx < 0) return undefined;
          off = imageSize * idx;
        }
        size = imageSize;
        break;
      }
      case 4: {
        const n = r.u32(h + 8);
        let found = -1;
        for (let i = 0; i < n; i++) if (r.u16(h + 12 + 4 * i) === gid) found = i;
        if (found < 0) return undefined;
        off = r.u16(h + 14 + 4 * found);
        size = r.u16(h + 18 + 4 * found) - off;
        break;
      }
      default:
        throw new FontFormatError(`${this.source}: EBLC index format ${indexFormat} not supported`);
    }
    if (size <= 0) return undefined;
    const at = imageData + off;
    r.need(at, size);
    let bits: number;
    let bitAligned: boolean;
    switch (imageFormat) {
      case 1:
      case 2:
        metrics = { height: r.u8(at), width: r.u8(at + 1), bearingX: r.i8(at + 2), bearingY: r.i8(at + 3), advance: r.u8(at + 4) };
        bits = at + 5;
        bitAligned = imageFormat === 2;
        break;
      case 6:
      case 7:
        metrics = this.bigMetrics(at);
        bits = at + 8;
        bitAligned = imageFormat === 7;
        break;
      case 5:
        if (!metrics) throw new FontFormatError(`${this.source}: EBDT format 5 without EBLC metrics`);
        bits = at;
        bitAligned = true;
        break;
      default:
        throw new FontFormatError(`${this.source}: EBDT image format ${imageFormat} not supported`);
    }
    const { width, height } = metrics!;
    const stride = (width + 7) >> 3;
    const rows = new Uint8Array(stride * height);
    if (bitAligned) {
      r.need(bits, (width * height + 7) >> 3);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const bit = y * width + x;
          if (this.r.d[bits + (bit >> 3)]! & (0x80 >> (bit & 7))) {
            const i = y * stride + (x >> 3);
            rows[i] = rows[i]! | (0x80 >> (x & 7));
          }
        }
      }
    } else {
      r.need(bits, stride * height);
      rows.set(this.r.d.subarray(bits, bits + stride * height));
    }
    return { ...metrics!, rows };
  }

  private bigMetrics(o: number): { width: number; height: number; bearingX: number; bearingY: number; advance: number } {
    const r = this.r;
    return { height: r.u8(o), width: r.u8(o + 1), bearingX: r.i8(o + 2), bearingY: r.i8(o + 3), advance: r.u8(o + 4) };
  }
}
