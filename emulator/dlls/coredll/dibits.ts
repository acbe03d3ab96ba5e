/**
 * coredll StretchDIBits and SetDIBitsToDevice: a device-independent bitmap in guest memory (header + colour table + bits the
 * caller owns) stretched onto a DC with a ROP3, through the DIB engine's stretchBlt (gdi/draw.ts: the
 * DC's stretch mode, mirroring for negative extents, every ROP3 with the DC's brush, clipping).
 * Follows the CE 5/6 StretchDIBits page and Win32's (Wine's gdi32 tests, bitmap.c test_StretchDIBits):
 *
 * - BITMAPINFOHEADER (biSize 40, or a larger V4/V5 header: the colour table starts after biSize bytes);
 *   1, 2, 4, 8 bpp with a colour table (biClrUsed entries, 0 = 2^bpp), 16 bpp BI_RGB (5-5-5) or
 *   BI_BITFIELDS 5-6-5 / 5-5-5, 24 bpp, 32 bpp BI_RGB or BI_BITFIELDS 0xff0000/0xff00/0xff. Other
 *   compressions (RLE, CE's BI_ALPHABITFIELDS, JPEG/PNG) and other masks stop the run naming themselves.
 * - A positive biHeight is a bottom-up DIB whose coordinate origin is its lower-left corner: the source
 *   rectangle's YSrc counts from the bottom row; a negative biHeight is top-down (origin upper-left).
 * - iUsage DIB_RGB_COLORS (0): the table holds RGBQUADs; DIB_PAL_COLORS (1): it holds 16-bit indexes
 *   into the DC's selected logical palette (the default palette's 20 static colours, gdi/objects.ts).
 * - A 1 bpp DIB takes its two colours from its colour table (not the DC's text/background colours,
 *   which apply to monochrome device bitmaps).
 * - Result: the number of scan lines of the source rectangle; 0 on failure (bad DC: ERROR_INVALID_HANDLE;
 *   bad header or no bits: ERROR_INVALID_PARAMETER).
 *
 * SetDIBitsToDevice (same page set; the Win32 contract): the same DIBs copied 1:1 (SRCCOPY, no stretch) in
 * bands: lpvBits holds cScanLines scan lines starting at DIB scan line uStartScan, counted from the DIB's
 * origin row (the bottom row of a bottom-up DIB, the top row of a top-down one), as XSrc/YSrc are; only
 * the part of the source rectangle inside the band is drawn, the rectangle's top row at YDest. Result:
 * cScanLines.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { bitBlt, stretchBlt } from '../../gdi/draw.js';
import { ROP } from '../../gdi/rop.js';
import { Surface, type Bpp, type ColorRef } from '../../gdi/surface.js';
import { brushOf, ctx, touched } from './gdi.js';

const BI = { RGB: 0, RLE8: 1, RLE4: 2, BITFIELDS: 3 } as const;
const DIB_PAL_COLORS = 1;

/** A DIB described by a guest BITMAPINFO, its bits as a Surface over guest memory (undefined: bad header). */
export function dibSurface(
  cx: ApiContext,
  bmi: number,
  bits: number,
  usage: number,
  dcPalette: readonly ColorRef[],
  /** Rows the bits hold when not the header's (SetDIBitsToDevice's band), same orientation. */
  rows?: number,
): Surface | undefined {
  cx.mem.check(bmi, 40);
  const size = cx.mem.u32(bmi);
  const w = cx.mem.i32(bmi + 4);
  let hh = cx.mem.i32(bmi + 8);
  if (rows !== undefined && hh !== 0) hh = hh > 0 ? rows : -rows;
  const bpp = cx.mem.u16(bmi + 14);
  const compression = cx.mem.u32(bmi + 16);
  const used = cx.mem.u32(bmi + 32);
  if (size < 40 || w <= 0 || hh === 0 || ![1, 2, 4, 8, 16, 24, 32].includes(bpp) || !bits) return undefined;
  if (compression !== BI.RGB && compression !== BI.BITFIELDS) {
    const names: Record<number, string> = { 1: 'BI_RLE8', 2: 'BI_RLE4', 4: 'BI_JPEG', 5: 'BI_PNG', 6: 'BI_ALPHABITFIELDS' };
    throw new UnimplementedFeature(`DIB compression ${names[compression] ?? compression}`);
  }
  if (compression === BI.BITFIELDS && bpp !== 16 && bpp !== 32) return undefined;
  if (usage !== 0 && usage !== DIB_PAL_COLORS) return undefined;
  let rgb555 = false;
  const palette: ColorRef[] = [];
  if (bpp <= 8) {
    const n = Math.min(used || 1 << bpp, 1 << bpp);
    if (usage === DIB_PAL_COLORS) {
      cx.mem.check(bmi + size, 2 * n);
      for (let i = 0; i < n; i++) palette.push(dcPalette[cx.mem.u16(bmi + size + 2 * i)] ?? 0);
    } else {
      cx.mem.check(bmi + size, 4 * n);
      for (let i = 0; i < n; i++) {
        const q = cx.mem.u32(bmi + size + 4 * i);
        palette.push(((q >>> 16) & 0xff) | (q & 0xff00) | ((q & 0xff) << 16));
      }
    }
  } else if (compression === BI.BITFIELDS) {
    cx.mem.check(bmi + size, 12);
    const masks = [cx.mem.u32(bmi + size), cx.mem.u32(bmi + size + 4), cx.mem.u32(bmi + size + 8)];
    const is = (r: number, g: number, b: number) => masks[0] === r && masks[1] === g && masks[2] === b;
    if (bpp === 16 && is(0x7c00, 0x03e0, 0x001f)) rgb555 = true;
    else if (!(bpp === 16 && is(0xf800, 0x07e0, 0x001f)) && !(bpp === 32 && is(0xff0000, 0xff00, 0xff)))
      throw new UnimplementedFeature(`DIB bit masks ${masks.map((m) => '0x' + m.toString(16)).join('/')} at ${bpp} bpp`);
  } else if (bpp === 16) rgb555 = true; // BI_RGB 16 bpp is 5-5-5
  const h = Math.abs(hh);
  const stride = Surface.strideOf(w, bpp);
  const view = cx.mem.bytes(bits, stride * h);
  const s = new Surface({ width: w, height: h, bpp: bpp as Bpp, bits: view, bottomUp: hh > 0, palette, rgb555 });
  if (bpp !== 1) return s;
  // A colour-table DIB of 1 bpp: the same indexes at 8 bpp, so the engine maps them through the table.
  const wide = new Surface({ width: w, height: h, bpp: 8, palette });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) wide.set(x, y, s.get(x, y));
  return wide;
}

export const dibits: ApiDef[] = [
  fn(
    'StretchDIBits(handle hdc, i32 XDest, i32 YDest, i32 nDestWidth, i32 nDestHeight, i32 XSrc, i32 YSrc, i32 nSrcWidth, i32 nSrcHeight, ptr lpBits, ptr lpBitsInfo, u32 iUsage, hex dwRop): i32',
    (
      cx,
      hdc: number,
      dx: number,
      dy: number,
      dw: number,
      dh: number,
      sx: number,
      sy: number,
      sw: number,
      sh: number,
      bits: number,
      bmi: number,
      usage: number,
      rop: number,
    ) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      if (!bmi) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const pal = c.g.gdi.get(c.dc.palette);
      const src = dibSurface(cx, bmi, bits, usage, pal?.type === 'palette' ? pal.entries : []);
      if (!src) return cx.fail(0, ERROR.INVALID_PARAMETER);
      // A bottom-up DIB's origin is its lower-left corner: row YSrc counted from the bottom.
      const top = src.bottomUp ? src.height - sy - sh : sy;
      const b = brushOf(c.g, c.dc.brush) ?? { kind: 'null' };
      stretchBlt(c.s, c.st, dx + c.dc.orgX, dy + c.dc.orgY, dw, dh, src, sx, top, sw, sh, b, rop, c.dc.stretchMode);
      touched(c);
      return Math.abs(sh);
    },
  ),
  fn(
    'SetDIBitsToDevice(handle hdc, i32 XDest, i32 YDest, u32 dwWidth, u32 dwHeight, i32 XSrc, i32 YSrc, u32 uStartScan, u32 cScanLines, ptr lpvBits, ptr lpbmi, u32 fuColorUse): i32',
    (
      cx,
      hdc: number,
      dx: number,
      dy: number,
      w: number,
      h: number,
      sx: number,
      sy: number,
      start: number,
      lines: number,
      bits: number,
      bmi: number,
      usage: number,
    ) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      if (!bmi || !lines) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const pal = c.g.gdi.get(c.dc.palette);
      const band = dibSurface(cx, bmi, bits, usage, pal?.type === 'palette' ? pal.entries : [], lines);
      if (!band) return cx.fail(0, ERROR.INVALID_PARAMETER);
      // The band holds DIB scan lines start .. start + lines - 1, counted from the DIB's origin row (the
      // bottom row of a bottom-up DIB, the top row of a top-down one); YSrc counts from the same row. Only
      // the source rows inside the band are drawn; the source rectangle's top row goes to YDest.
      const lo = Math.max(sy, start);
      const hi = Math.min(sy + h, start + lines);
      if (hi > lo) {
        const b = { kind: 'null' } as const;
        if (band.bottomUp) bitBlt(c.s, c.st, dx + c.dc.orgX, dy + sy + h - hi + c.dc.orgY, w, hi - lo, band, sx, lines - hi + start, b, ROP.SRCCOPY);
        else bitBlt(c.s, c.st, dx + c.dc.orgX, dy + lo - sy + c.dc.orgY, w, hi - lo, band, sx, lo - start, b, ROP.SRCCOPY);
        touched(c);
      }
      return lines;
    },
  ),
];
