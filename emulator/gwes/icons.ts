/**
 * Icons and cursors (GWES): the per-process table behind HICON/HCURSOR, and the decoding of the
 * resource formats they are loaded from.
 *
 *  - RT_GROUP_ICON / RT_GROUP_CURSOR: a NEWHEADER (reserved, type 1 = icon / 2 = cursor, count)
 *    followed by 14-byte directory entries; the last WORD of an entry is the ID of the RT_ICON /
 *    RT_CURSOR resource holding that image. Icon entries describe width/height/colours in BYTEs,
 *    cursor entries in WORDs (the height there counts the XOR and AND halves).
 *  - RT_ICON: a BITMAPINFOHEADER whose height is twice the image's (the colour "XOR" bitmap, then
 *    the 1 bpp "AND" mask), the colour table, the XOR bits, the AND bits; RT_CURSOR is the same
 *    preceded by the hot spot (two WORDs).
 * Layouts as documented for the .ico/.cur resource formats ("Icons in Win32", MSDN; CE's
 * LoadImage reads the same resources). Which image of a group is used: CE's LoadImage documents
 * that it behaves as with LR_DEFAULTSIZE (the SM_CXICON/SM_CXCURSOR size unless a size is asked)
 * and LR_DEFAULTCOLOR; we take the entry of exactly that size with the most colours, else the
 * first entry ("if the resource contains multiple images, the function uses the size of the first
 * image").
 *
 * The system icons and cursors (LoadIconW/LoadCursorW with a NULL instance, IDI_* / IDC_*) are the
 * device's GWES resources, which wmemu does not have: they are synthesized images of the system
 * metric size (a framed square for icons, a plain arrow shape for cursors), enough for programs
 * that draw them or pass them to RegisterClassW. Their handles are shared: DestroyIcon on them
 * succeeds and leaves them in place, as Windows does for shared icons.
 */
import { defineSlot } from '../core/slot.js';
import type { Machine } from '../core/machine.js';
import type { ApiContext } from '../core/api/context.js';
import { Surface, type Bpp, type ColorRef } from '../gdi/surface.js';

export interface IconObj {
  cursor: boolean;
  width: number;
  height: number;
  hotX: number;
  hotY: number;
  /** The colour image (null for a monochrome icon: the mask holds both halves). */
  color: Surface;
  /** The 1 bpp AND mask: 1 = transparent (the screen shows through). */
  mask: Surface;
  /** Loaded by ID from the system set (never freed). */
  shared: boolean;
}

const FIRST_ICON = 0x00c0_0000;

/**
 * Resource image loaders for GWES's controls (a STATIC's SS_ICON / SS_BITMAP image): coredll's
 * resimage.ts fills them in (LoadIconW / LoadBitmapW without the window layer's imports, which would
 * make a module cycle). Each returns a handle, or 0 with the thread's last error set.
 */
export const resourceImages: {
  icon?: (cx: ApiContext, inst: number, name: number) => number;
  bitmap?: (cx: ApiContext, inst: number, name: number) => number;
} = {};

export class IconTable {
  private readonly icons = new Map<number, IconObj>();
  private next = FIRST_ICON;
  /** The shared system icons/cursors by `icon:ID` / `cursor:ID`. */
  readonly system = new Map<string, number>();
  add(o: IconObj): number {
    const h = this.next;
    this.next += 4;
    this.icons.set(h, o);
    return h;
  }
  get(h: number): IconObj | undefined {
    return this.icons.get(h >>> 0);
  }
  delete(h: number): boolean {
    return this.icons.delete(h >>> 0);
  }
}

export const iconsSlot = defineSlot('icons', (_m: Machine) => new IconTable());

export function iconsOf(m: Machine): IconTable {
  return iconsSlot.of(m);
}

/** One entry of an RT_GROUP_ICON / RT_GROUP_CURSOR directory. */
export interface GroupEntry {
  width: number;
  height: number;
  bitCount: number;
  id: number;
}

/** Parses a group directory; undefined when it is malformed or of the other kind. */
export function parseGroup(b: Uint8Array, cursor: boolean): GroupEntry[] | undefined {
  if (b.length < 6) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const type = v.getUint16(2, true);
  const count = v.getUint16(4, true);
  if (v.getUint16(0, true) !== 0 || type !== (cursor ? 2 : 1) || 6 + 14 * count > b.length) return undefined;
  const out: GroupEntry[] = [];
  for (let i = 0; i < count; i++) {
    const o = 6 + 14 * i;
    if (cursor) {
      out.push({ width: v.getUint16(o, true), height: v.getUint16(o + 2, true) / 2, bitCount: v.getUint16(o + 6, true), id: v.getUint16(o + 12, true) });
    } else {
      out.push({ width: b[o]! || 256, height: b[o + 1]! || 256, bitCount: v.getUint16(o + 6, true), id: v.getUint16(o + 12, true) });
    }
  }
  return out;
}

/** The entry LoadImage uses for a desired size (see the header comment). */
export function pickEntry(entries: GroupEntry[], cx: number, cy: number): GroupEntry | undefined {
  const exact = entries.filter((e) => e.width === cx && e.height === cy).sort((a, b) => b.bitCount - a.bitCount);
  return exact[0] ?? entries[0];
}

/** BITMAPINFOHEADER + colour table + bits -> a top-down copy of the image (undefined if malformed). */
export function decodeDib(b: Uint8Array, heightOverride?: number): { surface: Surface; end: number } | undefined {
  if (b.length < 40) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const size = v.getUint32(0, true);
  const w = v.getInt32(4, true);
  const hh = v.getInt32(8, true);
  const bpp = v.getUint16(14, true);
  const compression = v.getUint32(16, true);
  const used = v.getUint32(32, true);
  if (size < 40 || w <= 0 || w > 4096 || hh === 0 || Math.abs(hh) > 8192 || ![1, 2, 4, 8, 16, 24, 32].includes(bpp)) return undefined;
  if (compression !== 0 && compression !== 3) return undefined;
  const h = heightOverride ?? Math.abs(hh);
  let off = size;
  const palette: ColorRef[] = [];
  let rgb555 = false;
  if (bpp <= 8) {
    const n = used || 1 << bpp;
    if (off + 4 * n > b.length) return undefined;
    for (let i = 0; i < n; i++) palette.push(b[off + 4 * i + 2]! | (b[off + 4 * i + 1]! << 8) | (b[off + 4 * i]! << 16));
    off += 4 * n;
  } else if (compression === 3) {
    if (off + 12 > b.length) return undefined;
    rgb555 = bpp === 16 && v.getUint32(off, true) === 0x7c00;
    off += 12;
  } else rgb555 = bpp === 16;
  const stride = Surface.strideOf(w, bpp);
  if (off + stride * h > b.length) return undefined;
  const bits = new Uint8Array(stride * h);
  // Stored bottom-up when the height is positive: copy rows into top-down order.
  for (let y = 0; y < h; y++) {
    const src = off + stride * (hh > 0 ? h - 1 - y : y);
    bits.set(b.subarray(src, src + stride), stride * y);
  }
  return { surface: new Surface({ width: w, height: h, bpp: bpp as Bpp, bits, palette, rgb555 }), end: off + stride * h };
}

/** An RT_ICON / RT_CURSOR image (hot spot first for cursors) -> the icon record. */
export function decodeIconImage(b: Uint8Array, cursor: boolean): IconObj | undefined {
  let hotX = 0;
  let hotY = 0;
  if (cursor) {
    if (b.length < 4) return undefined;
    hotX = b[0]! | (b[1]! << 8);
    hotY = b[2]! | (b[3]! << 8);
    b = b.subarray(4);
  }
  if (b.length < 40) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const w = v.getInt32(4, true);
  const hh = v.getInt32(8, true);
  const h = Math.abs(hh) >> 1;
  if (h <= 0) return undefined;
  const color = decodeDib(b, h);
  if (!color) return undefined;
  // The AND mask follows the XOR bits: 1 bpp rows of the same width, bottom-up.
  const mstride = Surface.strideOf(w, 1);
  if (color.end + mstride * h > b.length) return undefined;
  const mbits = new Uint8Array(mstride * h);
  for (let y = 0; y < h; y++) {
    const src = color.end + mstride * (h - 1 - y);
    mbits.set(b.subarray(src, src + mstride), mstride * y);
  }
  const mask = new Surface({ width: w, height: h, bpp: 1, bits: mbits });
  return { cursor, width: w, height: h, hotX, hotY, color: color.surface, mask, shared: false };
}

/**
 * A synthesized system icon or cursor of the given size: an icon is a black-framed white square
 * (opaque), a cursor a black arrow with a white edge whose hot spot is its tip (the rest transparent).
 */
export function systemImage(cursor: boolean, w: number, h: number): IconObj {
  const color = new Surface({ width: w, height: h, bpp: 1 });
  const mask = new Surface({ width: w, height: h, bpp: 1 });
  const set = (s: Surface, x: number, y: number, on: boolean) => {
    const i = s.row(y) + (x >> 3);
    const bit = 0x80 >> (x & 7);
    s.bits[i] = on ? s.bits[i]! | bit : s.bits[i]! & ~bit;
  };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (cursor) {
        const inside = x <= y && x < w / 2 && y < (h * 3) / 4;
        set(mask, x, y, !inside);
        set(color, x, y, inside && (x === y || x === 0 || y === Math.floor((h * 3) / 4) - 1));
      } else {
        set(mask, x, y, false);
        set(color, x, y, !(x === 0 || y === 0 || x === w - 1 || y === h - 1));
      }
    }
  return { cursor, width: w, height: h, hotX: 0, hotY: 0, color, mask, shared: true };
}
