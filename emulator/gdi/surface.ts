/**
 * A device-independent bitmap as GDI draws into it: width, height, bits per pixel (1, 2, 4, 8 with a
 * colour table; 16 as RGB565 or RGB555 by mask; 24 BGR; 32 BGRX), rows top-down or bottom-up, over any
 * byte buffer — the screen's framebuffer, a bitmap in host memory, or guest memory for a DIB section
 * whose bits the program touches itself.
 *
 * Pixel values are the format's raw values (palette index, packed 565, 0xRRGGBB for 24/32 bpp as
 * stored little-endian B,G,R). Colours are COLORREF-style 0x00BBGGRR. Everything is integer, so a
 * drawing is reproducible bit for bit.
 */

export type Bpp = 1 | 2 | 4 | 8 | 16 | 24 | 32;

/** 0x00BBGGRR, as GDI's COLORREF. */
export type ColorRef = number;

export const rgb = (r: number, g: number, b: number): ColorRef => (r & 0xff) | ((g & 0xff) << 8) | ((b & 0xff) << 16);
export const redOf = (c: ColorRef): number => c & 0xff;
export const greenOf = (c: ColorRef): number => (c >>> 8) & 0xff;
export const blueOf = (c: ColorRef): number => (c >>> 16) & 0xff;

export interface SurfaceInit {
  width: number;
  height: number;
  bpp: Bpp;
  /** Backing bytes; allocated (zeroed) when omitted. */
  bits?: Uint8Array;
  /** Byte offset of the pixel data in `bits`. */
  offset?: number;
  /** Rows stored bottom row first (a DIB with positive height). Default false. */
  bottomUp?: boolean;
  /** Colour table (COLORREFs) for 1-8 bpp. */
  palette?: ColorRef[];
  /** 16 bpp: 5-6-5 (default) or 5-5-5. */
  rgb555?: boolean;
}

export class Surface {
  readonly width: number;
  readonly height: number;
  readonly bpp: Bpp;
  /** Bytes per row, padded to 4 bytes as DIBs are. */
  readonly stride: number;
  readonly bits: Uint8Array;
  readonly offset: number;
  readonly bottomUp: boolean;
  palette: ColorRef[];
  readonly rgb555: boolean;

  constructor(init: SurfaceInit) {
    const { width, height, bpp } = init;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) throw new RangeError(`bad surface size ${width}x${height}`);
    this.width = width;
    this.height = height;
    this.bpp = bpp;
    this.stride = Surface.strideOf(width, bpp);
    this.offset = init.offset ?? 0;
    this.bits = init.bits ?? new Uint8Array(this.stride * height);
    if (this.offset + this.stride * height > this.bits.length) throw new RangeError('surface bits too short');
    this.bottomUp = init.bottomUp ?? false;
    this.palette = init.palette ?? (bpp === 1 ? [0x000000, 0xffffff] : []);
    this.rgb555 = init.rgb555 ?? false;
  }

  static strideOf(width: number, bpp: number): number {
    return (((width * bpp + 31) >>> 5) << 2) >>> 0;
  }

  /** Byte offset of row y in `bits` (top-down numbering whatever the storage order). */
  row(y: number): number {
    return this.offset + (this.bottomUp ? this.height - 1 - y : y) * this.stride;
  }

  /** Raw pixel value at (x, y); the caller clips. */
  get(x: number, y: number): number {
    const b = this.bits;
    const r = this.row(y);
    switch (this.bpp) {
      case 16: {
        const o = r + 2 * x;
        return b[o]! | (b[o + 1]! << 8);
      }
      case 32: {
        const o = r + 4 * x;
        return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
      }
      case 24: {
        const o = r + 3 * x;
        return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
      }
      case 8:
        return b[r + x]!;
      default: {
        const bit = x * this.bpp;
        const shift = 8 - this.bpp - (bit & 7);
        return (b[r + (bit >>> 3)]! >>> shift) & ((1 << this.bpp) - 1);
      }
    }
  }

  /** Stores raw pixel value v at (x, y); the caller clips. */
  set(x: number, y: number, v: number): void {
    const b = this.bits;
    const r = this.row(y);
    switch (this.bpp) {
      case 16: {
        const o = r + 2 * x;
        b[o] = v & 0xff;
        b[o + 1] = (v >>> 8) & 0xff;
        return;
      }
      case 32: {
        const o = r + 4 * x;
        b[o] = v & 0xff;
        b[o + 1] = (v >>> 8) & 0xff;
        b[o + 2] = (v >>> 16) & 0xff;
        return;
      }
      case 24: {
        const o = r + 3 * x;
        b[o] = v & 0xff;
        b[o + 1] = (v >>> 8) & 0xff;
        b[o + 2] = (v >>> 16) & 0xff;
        return;
      }
      case 8:
        b[r + x] = v & 0xff;
        return;
      default: {
        const bit = x * this.bpp;
        const shift = 8 - this.bpp - (bit & 7);
        const mask = ((1 << this.bpp) - 1) << shift;
        const o = r + (bit >>> 3);
        b[o] = (b[o]! & ~mask) | ((v << shift) & mask);
      }
    }
  }

  /** The pixel value that shows colour c: packed for 16-32 bpp, the nearest palette entry below. */
  pixelOf(c: ColorRef): number {
    const r = redOf(c);
    const g = greenOf(c);
    const bl = blueOf(c);
    switch (this.bpp) {
      case 16:
        return this.rgb555 ? ((r >> 3) << 10) | ((g >> 3) << 5) | (bl >> 3) : ((r >> 3) << 11) | ((g >> 2) << 5) | (bl >> 3);
      case 24:
      case 32:
        return (r << 16) | (g << 8) | bl;
      default:
        return nearest(this.palette, c);
    }
  }

  /** The colour a pixel value shows (16 bpp expanded by bit replication, as the reference crops are). */
  colorOf(v: number): ColorRef {
    switch (this.bpp) {
      case 16: {
        if (this.rgb555) return rgb(expand5((v >> 10) & 31), expand5((v >> 5) & 31), expand5(v & 31));
        return rgb(expand5((v >> 11) & 31), expand6((v >> 5) & 63), expand5(v & 31));
      }
      case 24:
      case 32:
        return rgb((v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
      default:
        return this.palette[v] ?? 0;
    }
  }

  /** The whole surface as 8-bit RGBA, top row first (for PNG screenshots). */
  toRgba(): { width: number; height: number; data: Uint8Array } {
    const data = new Uint8Array(this.width * this.height * 4);
    let o = 0;
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        const c = this.colorOf(this.get(x, y));
        data[o++] = redOf(c);
        data[o++] = greenOf(c);
        data[o++] = blueOf(c);
        data[o++] = 255;
      }
    }
    return { width: this.width, height: this.height, data };
  }
}

const expand5 = (v: number): number => (v << 3) | (v >> 2);
const expand6 = (v: number): number => (v << 2) | (v >> 4);

/** Index of the palette entry closest to c (squared RGB distance; first wins on ties), as GDI maps colours. */
export function nearest(palette: readonly ColorRef[], c: ColorRef): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < palette.length; i++) {
    const p = palette[i]!;
    const dr = redOf(p) - redOf(c);
    const dg = greenOf(p) - greenOf(c);
    const db = blueOf(p) - blueOf(c);
    const d = dr * dr + dg * dg + db * db;
    if (d < bestD) {
      bestD = d;
      best = i;
      if (d === 0) break;
    }
  }
  return best;
}

/** An integer rectangle, right and bottom exclusive (RECT). */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export function intersect(a: Rect, b: Rect): Rect {
  return { left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) };
}

export function isEmpty(r: Rect): boolean {
  return r.right <= r.left || r.bottom <= r.top;
}
