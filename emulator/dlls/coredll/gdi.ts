/**
 * coredll GDI (CE exports GDI from coredll): the object table (gdi/objects.ts), DCs, drawing through
 * wmemu's integer DIB engine (gdi/draw.ts), regions (gdi/region.ts) and bilevel text (gdi/text.ts).
 * CE's GDI is MM_TEXT only (logical units = pixels), so there is no mapping mode; the viewport and
 * window origins (viewport.ts) shift logical coordinates: every call maps through DcObj.orgX/orgY.
 *
 * Colours: a COLORREF with SYS_COLOR_INDEX_FLAG (0x40000000) names a system colour (CE winuser.h);
 * 0x01xxxxxx (PALETTEINDEX) and 0x02xxxxxx (PALETTERGB) are taken as their RGB part. Brushes passed
 * as COLOR_x + 1 (class backgrounds, FillRect) name the system colour brush. Drawing on a 16 bpp
 * screen stores RGB565; GetPixel returns the colour the pixel shows (bit replication).
 *
 * Follows the CE 5 GDI reference (Rectangle/Ellipse: the pen outlines, the brush fills the inside,
 * right/bottom exclusive; LineTo excludes the last point; ExtTextOutW: TA_TOP|TA_LEFT default,
 * ETO_OPAQUE / ETO_CLIPPED, OPAQUE mode fills the text cell with the background colour; DrawTextW:
 * DT_LEFT/CENTER/RIGHT, DT_TOP/VCENTER/BOTTOM with DT_SINGLELINE, DT_CALCRECT, DT_NOCLIP, line breaks
 * and DT_WORDBREAK). Unsupported modes stop the run naming themselves (UnimplementedFeature).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';
import { SYS_COLOR_INDEX_FLAG } from '../../gwes/sysmetrics.js';
import { bitBlt, line, patBlt, stretchBlt, type Brush, type DrawState } from '../../gdi/draw.js';
import { clipOf, lpToDp, saveState, type BitmapObj, type DcObj, type GdiObject } from '../../gdi/objects.js';
import {
  bounds,
  complexity,
  contains,
  intersectRect,
  intersectRegion,
  normalize,
  offset,
  rect,
  subtract,
  subtractRegion,
  union,
  xor,
  type Region,
} from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import { Surface, type Bpp, type ColorRef, type Rect } from '../../gdi/surface.js';
import { realize, wrapLine, type LogFont } from '../../gdi/text.js';
import { ellipseSpans } from '../../gdi/shapes.js';
import { textMetric } from '../../gdi/metrics.js';
import { ERROR } from '../../core/win32-errors.js';

const gwe = (cx: ApiContext): Gwes => gwesOf(cx.machine);
const CLR_INVALID = 0xffff_ffff;
const OBJ = { PEN: 1, BRUSH: 2, DC: 3, PAL: 5, FONT: 6, BITMAP: 7, REGION: 8, MEMDC: 10 } as const;

/** A COLORREF as drawn: system colour indexes resolved. */
export function resolveColor(g: Gwes, c: number): ColorRef {
  c >>>= 0;
  if (c & SYS_COLOR_INDEX_FLAG) return g.sysColor(c & 0xff);
  return c & 0xffffff;
}

export function brushOf(g: Gwes, h: number): Brush | undefined {
  h >>>= 0;
  if (h & SYS_COLOR_INDEX_FLAG || (h > 0 && h <= 32)) return { kind: 'solid', color: g.sysColor((h & 0xffff) - 1) };
  const o = g.gdi.get(h);
  if (o?.type !== 'brush') return undefined;
  if (o.sysIndex !== undefined) return { kind: 'solid', color: g.sysColor(o.sysIndex) };
  return o.brush;
}

export function surfaceOf(g: Gwes, dc: DcObj): Surface | undefined {
  if (dc.kind === 'screen') return g.display.surface;
  const b = g.gdi.get(dc.bitmap);
  return b?.type === 'bitmap' ? b.surface : undefined;
}

function state(g: Gwes, dc: DcObj, s: Surface): DrawState {
  return {
    clip: clipOf(dc, s),
    textColor: resolveColor(g, dc.textColor),
    bkColor: resolveColor(g, dc.bkColor),
    brushOrgX: dc.brushOrgX + dc.devX,
    brushOrgY: dc.brushOrgY + dc.devY,
  };
}

/** Fills a region (logical coordinates of the DC) with a brush handle (PATCOPY). */
export function fillRegionWithBrush(g: Gwes, dc: DcObj, r: Region, hbr: number): boolean {
  const s = surfaceOf(g, dc);
  const b = brushOf(g, hbr);
  if (!s || !b) return false;
  const st = state(g, dc, s);
  for (const a of offset(r, dc.orgX, dc.orgY)) patBlt(s, st, a, b, ROP.PATCOPY);
  return true;
}

export function regionOf(g: Gwes, h: number): Region | undefined {
  const o = g.gdi.get(h);
  return o?.type === 'region' ? o.rgn : undefined;
}

export interface Ctx {
  g: Gwes;
  dc: DcObj;
  s: Surface;
  st: DrawState;
}

/** The DC, its surface and draw state; undefined (ERROR_INVALID_HANDLE set) for a bad DC. */
export function ctx(cx: ApiContext, hdc: number): Ctx | undefined {
  const g = gwe(cx);
  const dc = g.gdi.dc(hdc);
  if (!dc) {
    cx.setLastError(ERROR.INVALID_HANDLE);
    return undefined;
  }
  const s = surfaceOf(g, dc);
  if (!s) return undefined;
  return { g, dc, s, st: state(g, dc, s) };
}

/** Drawing on a screen DC damaged (at most) the bounds of its clip region. */
export function touched(c: Ctx): void {
  if (c.dc.kind === 'screen' && c.g.display.listeners.size) c.g.display.changed(bounds([...c.st.clip]));
}

function readRect(cx: ApiContext, p: number): Rect {
  cx.mem.check(p, 16);
  return rect(cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12));
}
function writeRect(cx: ApiContext, p: number, r: Rect): void {
  cx.mem.check(p, 16, 'write');
  [r.left, r.top, r.right, r.bottom].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
}
const dev = (c: Ctx, r: Rect): Rect => rect(r.left + c.dc.orgX, r.top + c.dc.orgY, r.right + c.dc.orgX, r.bottom + c.dc.orgY);

export function penOf(c: Ctx): { color: ColorRef; width: number; none: boolean } {
  const p = c.g.gdi.get(c.dc.pen);
  if (p?.type !== 'pen') return { color: 0, width: 1, none: false };
  return { color: resolveColor(c.g, p.color), width: Math.max(1, p.width), none: p.style === 5 };
}

function lineTo(c: Ctx, x0: number, y0: number, x1: number, y1: number): void {
  const pen = penOf(c);
  if (pen.none) return;
  const ox = c.dc.orgX;
  const oy = c.dc.orgY;
  if (pen.width === 1) return line(c.s, c.st, x0 + ox, y0 + oy, x1 + ox, y1 + oy, pen.color, c.dc.rop2);
  // Wide pens: the 1-pixel line repeated across the pen width (square pen).
  const h = pen.width >> 1;
  for (let d = -h; d < pen.width - h; d++) {
    if (Math.abs(x1 - x0) >= Math.abs(y1 - y0)) line(c.s, c.st, x0 + ox, y0 + oy + d, x1 + ox, y1 + oy + d, pen.color, c.dc.rop2);
    else line(c.s, c.st, x0 + ox + d, y0 + oy, x1 + ox + d, y1 + oy, pen.color, c.dc.rop2);
  }
}

function drawEllipse(c: Ctx, r: Rect): void {
  const spans = ellipseSpans(dev(c, r));
  const b = brushOf(c.g, c.dc.brush);
  if (b && b.kind !== 'null') for (const s of spans) patBlt(c.s, c.st, rect(s.l, s.y, s.r, s.y + 1), b, ROP.PATCOPY);
  const pen = penOf(c);
  if (pen.none) return;
  // Outline: the boundary pixels of the filled shape (inside pixels with a neighbour outside).
  const inside = new Set<number>();
  const key = (x: number, y: number) => y * 65536 + x;
  for (const s of spans) for (let x = s.l; x < s.r; x++) inside.add(key(x, s.y));
  for (const s of spans) {
    for (let x = s.l; x < s.r; x++) {
      if (inside.has(key(x - 1, s.y)) && inside.has(key(x + 1, s.y)) && inside.has(key(x, s.y - 1)) && inside.has(key(x, s.y + 1))) continue;
      line(c.s, c.st, x, s.y, x + 1, s.y, pen.color, c.dc.rop2);
    }
  }
}

function readPoints(cx: ApiContext, p: number, n: number): [number, number][] {
  cx.mem.check(p, 8 * n);
  const pts: [number, number][] = [];
  for (let i = 0; i < n; i++) pts.push([cx.mem.i32(p + 8 * i), cx.mem.i32(p + 8 * i + 4)]);
  return pts;
}

/** Polygon fill (alternate rule) by scanlines through pixel centres. */
function fillPolygon(c: Ctx, pts: [number, number][], b: Brush): void {
  const ys = pts.map((p) => p[1]);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  for (let y = y0; y < y1; y++) {
    const xs: number[] = [];
    for (let i = 0; i < pts.length; i++) {
      const [ax, ay] = pts[i]!;
      const [bx, by] = pts[(i + 1) % pts.length]!;
      if (ay === by) continue;
      const lo = Math.min(ay, by);
      const hi = Math.max(ay, by);
      if (y < lo || y >= hi) continue;
      xs.push(Math.round(ax + ((y - ay) * (bx - ax)) / (by - ay)));
    }
    xs.sort((a, z) => a - z);
    for (let i = 0; i + 1 < xs.length; i += 2) patBlt(c.s, c.st, dev(c, rect(xs[i]!, y, xs[i + 1]!, y + 1)), b, ROP.PATCOPY);
  }
}

function logFontFrom(cx: ApiContext, p: number): LogFont {
  cx.mem.check(p, 92);
  return {
    height: cx.mem.i32(p),
    width: cx.mem.i32(p + 4),
    weight: cx.mem.i32(p + 16),
    italic: cx.mem.u8(p + 20) !== 0,
    underline: cx.mem.u8(p + 21) !== 0,
    strikeOut: cx.mem.u8(p + 22) !== 0,
    charSet: cx.mem.u8(p + 23),
    face: cx.mem.wstr(p + 28, 32),
  };
}

function fontOf(c: Ctx) {
  const f = c.g.gdi.get(c.dc.font);
  return c.g.fonts.realize(
    f?.type === 'font' ? f.log : { height: -12, width: 0, weight: 400, italic: false, underline: false, strikeOut: false, charSet: 0, face: 'Tahoma' },
  );
}

const TA = { UPDATECP: 1, RIGHT: 2, CENTER: 6, BOTTOM: 8, BASELINE: 24 } as const;
const ETO = { OPAQUE: 2, CLIPPED: 4 } as const;

/** ExtTextOutW's drawing: alignment, opaque cell, optional clip rectangle (logical). */
function textOut(c: Ctx, x: number, y: number, text: string, opts: number, clipR: Rect | undefined, dx: number[] | undefined): number {
  const font = fontOf(c);
  const widths = dx ?? font.measure(text).widths;
  const width = widths.reduce((a, b) => a + b, 0);
  const align = c.dc.textAlign;
  if (align & TA.UPDATECP) [x, y] = [c.dc.curX, c.dc.curY];
  if ((align & TA.CENTER) === TA.CENTER) x -= width >> 1;
  else if (align & TA.RIGHT) x -= width;
  let top = y;
  if ((align & TA.BASELINE) === TA.BASELINE) top = y - font.ascent;
  else if (align & TA.BOTTOM) top = y - font.height;
  const st = { ...c.st };
  if (clipR && opts & ETO.CLIPPED) st.clip = intersectRect(st.clip as Region, dev(c, clipR));
  if (opts & ETO.OPAQUE && clipR) patBlt(c.s, { ...c.st }, dev(c, clipR), { kind: 'solid', color: c.st.bkColor }, ROP.PATCOPY);
  if (c.dc.bkMode === 2) patBlt(c.s, st, dev(c, rect(x, top, x + width, top + font.height)), { kind: 'solid', color: c.st.bkColor }, ROP.PATCOPY);
  font.draw(c.s, st, text, x + c.dc.orgX, top + font.ascent + c.dc.orgY, c.st.textColor, widths);
  if (align & TA.UPDATECP) c.dc.curX = x + width;
  touched(c);
  return width;
}

const DT = {
  CENTER: 0x1,
  RIGHT: 0x2,
  VCENTER: 0x4,
  BOTTOM: 0x8,
  WORDBREAK: 0x10,
  SINGLELINE: 0x20,
  EXPANDTABS: 0x40,
  NOCLIP: 0x100,
  CALCRECT: 0x400,
  NOPREFIX: 0x800,
} as const;

function wrapLines(font: ReturnType<typeof realize>, text: string, width: number, flags: number): string[] {
  const hard = flags & DT.SINGLELINE ? [text.replace(/\r?\n/g, ' ')] : text.split(/\r\n|\r|\n/);
  if (!(flags & DT.WORDBREAK)) return hard;
  const out: string[] = [];
  for (const h of hard) wrapLine(font, h, width, out);
  return out;
}

function newBitmap(g: Gwes, cx: ApiContext, w: number, h: number, bpp: Bpp, palette?: ColorRef[]): number {
  const surface = new Surface({ width: w, height: h, bpp, palette });
  const o: BitmapObj = { type: 'bitmap', surface, dib: false };
  void cx;
  return g.gdi.add(o);
}

function objectType(o: GdiObject | undefined): number {
  if (!o) return 0;
  switch (o.type) {
    case 'pen':
      return OBJ.PEN;
    case 'brush':
      return OBJ.BRUSH;
    case 'dc':
      return o.kind === 'memory' ? OBJ.MEMDC : OBJ.DC;
    case 'palette':
      return OBJ.PAL;
    case 'font':
      return OBJ.FONT;
    case 'bitmap':
      return OBJ.BITMAP;
    case 'region':
      return OBJ.REGION;
  }
}

/** CombineRgn modes. */
const RGN = { AND: 1, OR: 2, XOR: 3, DIFF: 4, COPY: 5 } as const;

const GDI_ERROR = 0xffff_ffff;

export const gdi: ApiDef[] = [
  // ---------------------------------------------------------------- objects
  fn('GetStockObject(i32 fnObject): handle', (cx, i: number) => gwe(cx).gdi.stockHandle(i)),
  fn('DeleteObject(handle hObject): bool', (cx, h: number) => {
    const g = gwe(cx);
    const o = g.gdi.get(h);
    if (!o || o.type === 'dc') return cx.fail(0, ERROR.INVALID_HANDLE);
    if (g.gdi.isStock(h)) return 1;
    if (o.type === 'bitmap' && o.selectedIn) return 0; // a selected bitmap cannot be deleted
    g.gdi.delete(h);
    return 1;
  }),
  fn('GetObjectType(handle h): u32', (cx, h: number) => objectType(gwe(cx).gdi.get(h)) || cx.fail(0, ERROR.INVALID_HANDLE)),
  fn('SelectObject(handle hdc, handle h): handle', (cx, hdc: number, h: number) => {
    const g = gwe(cx);
    const dc = g.gdi.dc(hdc);
    const o = g.gdi.get(h);
    if (!dc || !o) return cx.fail(0, ERROR.INVALID_HANDLE);
    let old: number;
    switch (o.type) {
      case 'pen':
        old = dc.pen;
        dc.pen = h;
        return old;
      case 'brush':
        old = dc.brush;
        dc.brush = h;
        return old;
      case 'font':
        old = dc.font;
        dc.font = h;
        return old;
      case 'bitmap': {
        if (dc.kind !== 'memory') return cx.fail(0, ERROR.INVALID_PARAMETER);
        if (o.selectedIn && o.selectedIn !== hdc) return 0;
        old = dc.bitmap;
        const prev = g.gdi.get(old);
        if (prev?.type === 'bitmap') prev.selectedIn = undefined;
        o.selectedIn = hdc;
        dc.bitmap = h;
        return old;
      }
      case 'region': {
        dc.clip = o.rgn.map((r) => ({ ...r }));
        return complexity(dc.clip);
      }
      default:
        return cx.fail(0, ERROR.INVALID_PARAMETER);
    }
  }),
  fn('GetCurrentObject(handle hdc, u32 uObjectType): handle', (cx, hdc: number, t: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    return t === OBJ.PEN ? dc.pen : t === OBJ.BRUSH ? dc.brush : t === OBJ.FONT ? dc.font : t === OBJ.BITMAP ? dc.bitmap : t === OBJ.PAL ? dc.palette : 0;
  }),
  fn('GetObjectW(handle hgdiobj, i32 cbBuffer, ptr lpvObject): i32', (cx, h: number, n: number, p: number) => {
    const g = gwe(cx);
    const o = g.gdi.get(h);
    if (!o) return cx.fail(0, ERROR.INVALID_HANDLE);
    const out = Buffer.alloc(92);
    let size: number;
    switch (o.type) {
      case 'pen': // LOGPEN: style, POINT width, color
        out.writeUInt32LE(o.style, 0);
        out.writeInt32LE(o.width, 4);
        out.writeUInt32LE(o.color >>> 0, 12);
        size = 16;
        break;
      case 'brush': // LOGBRUSH: style, color, hatch
        out.writeUInt32LE(o.style, 0);
        out.writeUInt32LE(o.color >>> 0, 4);
        out.writeUInt32LE(o.hatch, 8);
        size = 12;
        break;
      case 'bitmap': {
        // BITMAP: type, width, height, widthBytes, planes, bitsPixel, bits (24 bytes). Sizes as Wine's gdi32
        // tests (bitmap.c test_dib_info) show them: a NULL buffer asks for sizeof(BITMAP); a buffer smaller
        // than a BITMAP gets nothing (0); a buffer of sizeof(DIBSECTION) (84) or more gets the DIBSECTION.
        // Desktop Windows gives a device-dependent bitmap only the BITMAP; CE's GDI has no device-dependent
        // format (CreateCompatibleBitmap makes a DIB-engine surface in the display's format) and fills the
        // DIBSECTION of every bitmap: Microsoft's own CE 6 shell code relies on it (OWNERDRAWLIB dib.cpp,
        // linked into nmd_ui.exe, reads dsBmih.biCompression / dsBitfields of CreateCompatibleBitmap(GetDC(NULL))
        // and DEBUGCHKs when biBitCount is not set), so that is what a device answers.
        const s = o.surface;
        out.writeUInt32LE(0, 0);
        out.writeInt32LE(s.width, 4);
        out.writeInt32LE(s.height, 8);
        out.writeInt32LE(o.dib ? s.stride : ((s.width * s.bpp + 15) >> 4) << 1, 12);
        out.writeUInt16LE(1, 16);
        out.writeUInt16LE(s.bpp, 18);
        out.writeUInt32LE(o.bitsAddr ?? 0, 20);
        size = 24;
        if (!p) return size;
        if (n < size) return 0;
        if (n >= 84) {
          // DIBSECTION: dsBm, dsBmih (40), dsBitfields[3], dshSection, dsOffset.
          const bitfields: [number, number, number] = s.rgb555 ? [0x7c00, 0x03e0, 0x001f] : [0xf800, 0x07e0, 0x001f];
          const hdr = o.dibHeader ?? { compression: s.bpp === 16 ? 3 : 0, xPelsPerMeter: 0, yPelsPerMeter: 0, masks: s.bpp === 16 ? bitfields : [0, 0, 0] };
          out.writeUInt32LE(40, 24);
          out.writeInt32LE(s.width, 28);
          out.writeInt32LE(s.height, 32); // positive whatever the orientation (Wine's test: abs(biHeight))
          out.writeUInt16LE(1, 36);
          out.writeUInt16LE(s.bpp, 38);
          out.writeUInt32LE(hdr.compression, 40);
          out.writeUInt32LE(Surface.strideOf(s.width, s.bpp) * s.height, 44);
          out.writeInt32LE(hdr.xPelsPerMeter, 48);
          out.writeInt32LE(hdr.yPelsPerMeter, 52);
          out.writeUInt32LE(s.bpp <= 8 ? s.palette.length : 0, 56); // biClrUsed: the colour table's entries
          out.writeUInt32LE(0, 60);
          hdr.masks.forEach((m, i) => out.writeUInt32LE(m >>> 0, 64 + 4 * i));
          // dshSection, dsOffset: 0 (CreateDIBSection's hSection is unsupported on CE)
          size = 84;
        }
        break;
      }
      case 'font': {
        const l = o.log;
        out.writeInt32LE(l.height, 0);
        out.writeInt32LE(l.width, 4);
        out.writeInt32LE(l.weight, 16);
        out.writeUInt8(l.italic ? 1 : 0, 20);
        out.writeUInt8(l.underline ? 1 : 0, 21);
        out.writeUInt8(l.strikeOut ? 1 : 0, 22);
        out.writeUInt8(l.charSet, 23);
        for (let i = 0; i < Math.min(31, l.face.length); i++) out.writeUInt16LE(l.face.charCodeAt(i), 28 + 2 * i);
        size = 92;
        break;
      }
      case 'palette': // a palette's entry count, a WORD
        out.writeUInt16LE(o.entries.length, 0);
        size = 2;
        break;
      default:
        return cx.fail(0, ERROR.INVALID_PARAMETER);
    }
    if (!p) return size;
    const k = Math.min(size, n);
    cx.mem.check(p, k, 'write');
    cx.mem.write(p, out.subarray(0, k));
    return k;
  }),
  fn('CreateSolidBrush(hex crColor): handle', (cx, c: number) =>
    gwe(cx).gdi.add({ type: 'brush', brush: { kind: 'solid', color: resolveColor(gwe(cx), c) }, style: 0, color: c >>> 0, hatch: 0 }),
  ),
  fn('CreatePatternBrush(handle hbmp): handle', (cx, hb: number) => {
    const g = gwe(cx);
    const b = g.gdi.get(hb);
    if (b?.type !== 'bitmap') return cx.fail(0, ERROR.INVALID_HANDLE);
    const copy = new Surface({
      width: b.surface.width,
      height: b.surface.height,
      bpp: b.surface.bpp,
      palette: [...b.surface.palette],
      rgb555: b.surface.rgb555,
    });
    for (let y = 0; y < copy.height; y++) for (let x = 0; x < copy.width; x++) copy.set(x, y, b.surface.get(x, y));
    return g.gdi.add({ type: 'brush', brush: { kind: 'pattern', pattern: copy }, style: 3, color: 0, hatch: 0 });
  }),
  fn('CreatePen(i32 fnPenStyle, i32 nWidth, hex crColor): handle', (cx, style: number, w: number, c: number) => {
    if (style !== 0 && style !== 1 && style !== 5) throw new UnimplementedFeature(`pen style ${style}`);
    return gwe(cx).gdi.add({ type: 'pen', style, width: w, color: c >>> 0 });
  }),
  fn('CreatePenIndirect(ptr lplgpn): handle', (cx, p: number) => {
    cx.mem.check(p, 16);
    const style = cx.mem.u32(p);
    if (style !== 0 && style !== 1 && style !== 5) throw new UnimplementedFeature(`pen style ${style}`);
    return gwe(cx).gdi.add({ type: 'pen', style, width: cx.mem.i32(p + 4), color: cx.mem.u32(p + 12) });
  }),
  fn('CreateFontIndirectW(ptr lplf): handle', (cx, p: number) => gwe(cx).gdi.add({ type: 'font', log: logFontFrom(cx, p) })),

  // ---------------------------------------------------------------- DCs and bitmaps
  fn('CreateCompatibleDC(handle hdc): handle', (cx, _hdc: number) => {
    const g = gwe(cx);
    const h = g.gdi.newDc({ hwnd: 0, kind: 'memory', devX: 0, devY: 0, vis: () => [], owned: false, owner: cx.machine });
    // A memory DC starts with a 1x1 monochrome bitmap selected (as on Windows and CE).
    const mono = newBitmap(g, cx, 1, 1, 1);
    g.gdi.dc(h)!.bitmap = mono;
    (g.gdi.get(mono) as BitmapObj).selectedIn = h;
    return h;
  }),
  fn('DeleteDC(handle hdc): bool', (cx, hdc: number) => {
    const g = gwe(cx);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    // A DC of GetDC/GetWindowDC/BeginPaint is released, not deleted: DeleteDC leaves it alone and
    // returns FALSE (the window DC hook refuses, as Wine's user32 dce.c does; CE's DeleteDC page: only
    // DCs of CreateDC / CreateCompatibleDC). A CreateDC display DC's drawing is damage on the screen.
    if (dc.owned) return 0;
    if (dc.kind === 'screen' && g.display.listeners.size) g.display.changed(bounds(clipOf(dc, g.display.surface)));
    const b = g.gdi.get(dc.bitmap);
    if (b?.type === 'bitmap') b.selectedIn = undefined;
    g.gdi.delete(hdc);
    return 1;
  }),
  fn('CreateCompatibleBitmap(handle hdc, i32 nWidth, i32 nHeight): handle', (cx, hdc: number, w: number, h: number) => {
    const g = gwe(cx);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (w < 0 || h < 0 || w * h > 16 << 20) return cx.fail(0, ERROR.INVALID_PARAMETER);
    // Compatible with the DC's surface: the screen's 16 bpp, or a memory DC's selected bitmap.
    const s = dc.kind === 'screen' ? undefined : (g.gdi.get(dc.bitmap) as BitmapObj | undefined)?.surface;
    return newBitmap(g, cx, Math.max(1, w), Math.max(1, h), s ? s.bpp : 16, s ? [...s.palette] : undefined);
  }),
  fn(
    'CreateBitmap(i32 nWidth, i32 nHeight, u32 cPlanes, u32 cBitsPerPel, ptr lpvBits): handle',
    (cx, w: number, h: number, planes: number, bpp: number, bits: number) => {
      const g = gwe(cx);
      if (planes !== 1 || ![1, 2, 4, 8, 16, 24, 32].includes(bpp) || w <= 0 || h <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const hb = newBitmap(g, cx, w, h, bpp as Bpp);
      if (bits) {
        // Device-dependent bitmap rows are WORD aligned.
        const s = (g.gdi.get(hb) as BitmapObj).surface;
        const src = (((w * bpp + 15) >> 4) << 1) >>> 0;
        cx.mem.check(bits, src * h);
        for (let y = 0; y < h; y++) s.bits.set(cx.mem.bytes(bits + y * src, Math.min(src, s.stride)), y * s.stride);
      }
      return hb;
    },
  ),
  fn(
    'CreateDIBSection(handle hdc, ptr pbmi, u32 iUsage, ptr ppvBits, handle hSection, u32 dwOffset): handle',
    (cx, _hdc: number, bmi: number, usage: number, ppv: number, section: number) => {
      const g = gwe(cx);
      if (section) throw new UnimplementedFeature('with a file-mapping section');
      cx.mem.check(bmi, 40);
      const size = cx.mem.u32(bmi);
      const w = cx.mem.i32(bmi + 4);
      const hh = cx.mem.i32(bmi + 8);
      const bpp = cx.mem.u16(bmi + 14);
      const compression = cx.mem.u32(bmi + 16);
      const used = cx.mem.u32(bmi + 32);
      if (w <= 0 || hh === 0 || ![1, 2, 4, 8, 16, 24, 32].includes(bpp) || (compression !== 0 && compression !== 3)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      if (usage !== 0) throw new UnimplementedFeature('with DIB_PAL_COLORS');
      const palette: ColorRef[] = [];
      let rgb555 = false;
      if (bpp <= 8) {
        const n = used || 1 << bpp;
        for (let i = 0; i < n; i++) {
          const q = cx.mem.u32(bmi + size + 4 * i);
          palette.push(((q >>> 16) & 0xff) | (q & 0xff00) | ((q & 0xff) << 16));
        }
      } else if (bpp === 16) {
        rgb555 = compression !== 3 || cx.mem.u32(bmi + size) === 0x7c00;
      }
      const h = Math.abs(hh);
      const stride = Surface.strideOf(w, bpp);
      const addr = cx.machine.processHeap.alloc(stride * h, true);
      if (!addr) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      // The bits live in guest memory: the program reads and writes them directly.
      const surface = new Surface({ width: w, height: h, bpp: bpp as Bpp, bits: cx.mem.ram, offset: addr, bottomUp: hh > 0, palette, rgb555 });
      if (ppv) cx.mem.setU32(ppv, addr);
      const masks: [number, number, number] = compression === 3 ? [cx.mem.u32(bmi + size), cx.mem.u32(bmi + size + 4), cx.mem.u32(bmi + size + 8)] : [0, 0, 0];
      const dibHeader = { compression, xPelsPerMeter: cx.mem.i32(bmi + 24), yPelsPerMeter: cx.mem.i32(bmi + 28), masks };
      return g.gdi.add({ type: 'bitmap', surface, dib: true, bitsAddr: addr, dibHeader });
    },
  ),
  fn('SaveDC(handle hdc): i32', (cx, hdc: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    dc.saved.push(saveState(dc));
    return dc.saved.length;
  }),
  fn('RestoreDC(handle hdc, i32 nSavedDC): bool', (cx, hdc: number, n: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    const level = n < 0 ? dc.saved.length + n + 1 : n;
    if (level < 1 || level > dc.saved.length) return 0;
    const s = dc.saved[level - 1]!;
    dc.saved.length = level - 1;
    Object.assign(dc, s);
    return 1;
  }),
  fn('GetDeviceCaps(handle hdc, i32 nIndex): i32', (cx, hdc: number, i: number) => {
    const g = gwe(cx);
    const dc = g.gdi.dc(hdc);
    if (!dc) return 0;
    const s = surfaceOf(g, dc);
    const bpp = s?.bpp ?? 16;
    const caps: Record<number, number> = {
      0: 0x300, // DRIVERVERSION
      2: 1, // TECHNOLOGY: DT_RASDISPLAY
      4: Math.round((g.screen.width * 254) / (g.screen.dpi * 10)), // HORZSIZE (mm)
      6: Math.round((g.screen.height * 254) / (g.screen.dpi * 10)), // VERTSIZE
      8: s?.width ?? g.screen.width, // HORZRES
      10: s?.height ?? g.screen.height, // VERTRES
      12: s?.bpp ?? 16, // BITSPIXEL
      14: 1, // PLANES
      24: -1, // NUMCOLORS (more than 256)
      88: g.screen.dpi, // LOGPIXELSX
      90: g.screen.dpi, // LOGPIXELSY
      38: 0x0001 | 0x0008 | 0x0800 | 0x2000, // RASTERCAPS: RC_BITBLT | RC_BITMAP64 | RC_STRETCHBLT | RC_STRETCHDIB
      16: -1, // NUMBRUSHES, NUMPENS: a raster device has as many as it is given
      18: -1,
      22: 0, // NUMFONTS: no device fonts
      36: 1, // CLIPCAPS: CP_RECTANGLE
      40: 36, // ASPECTX, ASPECTY, ASPECTXY: square pixels, Win32's values (36, 36, sqrt(36² + 36²) = 51)
      42: 36,
      44: 51,
      // A palette device (8 bpp or less) has a system palette of 2^bpp entries with 20 reserved (static)
      // colours; direct colour has none (SIZEPALETTE 0). COLORRES: bits of colour the device resolves.
      104: bpp <= 8 ? 1 << bpp : 0, // SIZEPALETTE
      106: bpp <= 8 ? Math.min(20, 1 << bpp) : 0, // NUMRESERVED
      108: bpp <= 8 ? 18 : bpp === 16 ? 16 : 24, // COLORRES
      110: 0, // PHYSICALWIDTH, PHYSICALHEIGHT, PHYSICALOFFSETX, PHYSICALOFFSETY: printers only
      111: 0,
      112: 0,
      113: 0,
    };
    if (!(i in caps)) throw new UnimplementedFeature(`index ${i}`);
    return caps[i]!;
  }),

  // ---------------------------------------------------------------- DC attributes
  fn('SetTextColor(handle hdc, hex crColor): hex', (cx, hdc: number, c: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return CLR_INVALID;
    const old = dc.textColor;
    dc.textColor = c >>> 0;
    return old;
  }),
  fn('GetTextColor(handle hdc): hex', (cx, hdc: number) => gwe(cx).gdi.dc(hdc)?.textColor ?? CLR_INVALID),
  fn('SetBkColor(handle hdc, hex crColor): hex', (cx, hdc: number, c: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return CLR_INVALID;
    const old = dc.bkColor;
    dc.bkColor = c >>> 0;
    return old;
  }),
  fn('GetBkColor(handle hdc): hex', (cx, hdc: number) => gwe(cx).gdi.dc(hdc)?.bkColor ?? CLR_INVALID),
  fn('SetBkMode(handle hdc, i32 iBkMode): i32', (cx, hdc: number, m: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc || (m !== 1 && m !== 2)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const old = dc.bkMode;
    dc.bkMode = m;
    return old;
  }),
  fn('GetBkMode(handle hdc): i32', (cx, hdc: number) => gwe(cx).gdi.dc(hdc)?.bkMode ?? 0),
  // DC layout (Win32 SetLayout/GetLayout pages; CE 5+ exports both for right-to-left locales): wmemu's DCs are
  // always left to right (0). A mirrored DC (LAYOUT_RTL, LAYOUT_BITMAPORIENTATIONPRESERVED) is not drawn by the
  // DIB engine, so asking for one stops the run naming it; an invalid DC: GDI_ERROR (last error ERROR_INVALID_HANDLE,
  // as the other DC functions here).
  fn('GetLayout(handle hdc): hex', (cx, hdc: number) => (gwe(cx).gdi.dc(hdc) ? 0 : cx.fail(GDI_ERROR, ERROR.INVALID_HANDLE))),
  fn('SetLayout(handle hdc, hex dwLayout): hex', (cx, hdc: number, layout: number) => {
    if (!gwe(cx).gdi.dc(hdc)) return cx.fail(GDI_ERROR, ERROR.INVALID_HANDLE);
    if (layout !== 0) throw new UnimplementedFeature(`SetLayout(0x${layout.toString(16)}): mirrored (right-to-left) DCs`);
    return 0;
  }),
  // CE 5 reference: BLACKONWHITE (1), COLORONCOLOR (3) and BILINEAR; desktop's WHITEONBLACK (2) is kept too.
  fn('SetStretchBltMode(handle hdc, i32 iStretchMode): i32', (cx, hdc: number, m: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (m === 4 || m === 5) throw new UnimplementedFeature(`SetStretchBltMode(${m === 4 ? 'HALFTONE' : 'BILINEAR'})`);
    if (m < 1 || m > 3) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const old = dc.stretchMode;
    dc.stretchMode = m;
    return old;
  }),
  fn('GetStretchBltMode(handle hdc): i32', (cx, hdc: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    return dc ? dc.stretchMode : cx.fail(0, ERROR.INVALID_HANDLE);
  }),
  fn('SetROP2(handle hdc, i32 fnDrawMode): i32', (cx, hdc: number, m: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc || m < 1 || m > 16) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const old = dc.rop2;
    dc.rop2 = m;
    return old;
  }),
  fn('SetTextAlign(handle hdc, u32 fMode): u32', (cx, hdc: number, m: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return 0xffff_ffff;
    const old = dc.textAlign;
    dc.textAlign = m;
    return old;
  }),
  fn('GetTextAlign(handle hdc): u32', (cx, hdc: number) => gwe(cx).gdi.dc(hdc)?.textAlign ?? 0xffff_ffff),
  fn('SetBrushOrgEx(handle hdc, i32 nXOrg, i32 nYOrg, ptr lppt): bool', (cx, hdc: number, x: number, y: number, p: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (p) {
      cx.mem.setU32(p, dc.brushOrgX >>> 0);
      cx.mem.setU32(p + 4, dc.brushOrgY >>> 0);
    }
    dc.brushOrgX = x;
    dc.brushOrgY = y;
    return 1;
  }),
  fn('MoveToEx(handle hdc, i32 X, i32 Y, ptr lpPoint): bool', (cx, hdc: number, x: number, y: number, p: number) => {
    const dc = gwe(cx).gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (p) {
      cx.mem.check(p, 8, 'write');
      cx.mem.setU32(p, dc.curX >>> 0);
      cx.mem.setU32(p + 4, dc.curY >>> 0);
    }
    dc.curX = x;
    dc.curY = y;
    return 1;
  }),

  // ---------------------------------------------------------------- drawing
  fn('LineTo(handle hdc, i32 nXEnd, i32 nYEnd): bool', (cx, hdc: number, x: number, y: number) => {
    const c = ctx(cx, hdc);
    if (!c) return 0;
    lineTo(c, c.dc.curX, c.dc.curY, x, y);
    c.dc.curX = x;
    c.dc.curY = y;
    touched(c);
    return 1;
  }),
  fn('Polyline(handle hdc, ptr lppt, i32 cPoints): bool', (cx, hdc: number, p: number, n: number) => {
    const c = ctx(cx, hdc);
    if (!c || n < 2) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const pts = readPoints(cx, p, n);
    for (let i = 0; i + 1 < n; i++) lineTo(c, pts[i]![0], pts[i]![1], pts[i + 1]![0], pts[i + 1]![1]);
    touched(c);
    return 1;
  }),
  fn('Polygon(handle hdc, ptr lpPoints, i32 nCount): bool', (cx, hdc: number, p: number, n: number) => {
    const c = ctx(cx, hdc);
    if (!c || n < 2) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const pts = readPoints(cx, p, n);
    const b = brushOf(c.g, c.dc.brush);
    if (b && b.kind !== 'null') fillPolygon(c, pts, b);
    for (let i = 0; i < n; i++) lineTo(c, pts[i]![0], pts[i]![1], pts[(i + 1) % n]![0], pts[(i + 1) % n]![1]);
    touched(c);
    return 1;
  }),
  fn(
    'Rectangle(handle hdc, i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect): bool',
    (cx, hdc: number, l: number, t: number, r: number, b: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      const pen = penOf(c);
      const inset = pen.none ? 0 : 1;
      const br = brushOf(c.g, c.dc.brush);
      if (br && br.kind !== 'null') patBlt(c.s, c.st, dev(c, rect(l + inset, t + inset, r - inset, b - inset)), br, ROP.PATCOPY);
      if (!pen.none && r - l > 0 && b - t > 0) {
        lineTo(c, l, t, r - 1, t);
        lineTo(c, r - 1, t, r - 1, b - 1);
        lineTo(c, r - 1, b - 1, l, b - 1);
        lineTo(c, l, b - 1, l, t);
      }
      touched(c);
      return 1;
    },
  ),
  fn(
    'Ellipse(handle hdc, i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect): bool',
    (cx, hdc: number, l: number, t: number, r: number, b: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      drawEllipse(c, rect(l, t, r, b));
      touched(c);
      return 1;
    },
  ),
  fn('FillRect(handle hDC, ptr lprc, handle hbr): i32', (cx, hdc: number, p: number, hbr: number) => {
    const c = ctx(cx, hdc);
    if (!c) return 0;
    const b = brushOf(c.g, hbr);
    if (!b) return cx.fail(0, ERROR.INVALID_HANDLE);
    patBlt(c.s, c.st, dev(c, readRect(cx, p)), b, ROP.PATCOPY);
    touched(c);
    return 1;
  }),
  fn(
    'PatBlt(handle hdc, i32 nXLeft, i32 nYLeft, i32 nWidth, i32 nHeight, hex dwRop): bool',
    (cx, hdc: number, x: number, y: number, w: number, h: number, rop: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      const b = brushOf(c.g, c.dc.brush) ?? { kind: 'null' };
      const r = rect(Math.min(x, x + w), Math.min(y, y + h), Math.max(x, x + w), Math.max(y, y + h));
      patBlt(c.s, c.st, dev(c, r), b, rop);
      touched(c);
      return 1;
    },
  ),
  fn(
    'BitBlt(handle hdcDest, i32 nXDest, i32 nYDest, i32 nWidth, i32 nHeight, handle hdcSrc, i32 nXSrc, i32 nYSrc, hex dwRop): bool',
    (cx, hd: number, dx: number, dy: number, w: number, h: number, hs: number, sx: number, sy: number, rop: number) => {
      const c = ctx(cx, hd);
      if (!c) return 0;
      const src = hs ? ctx(cx, hs) : undefined;
      if (hs && !src) return 0;
      const b = brushOf(c.g, c.dc.brush) ?? { kind: 'null' };
      bitBlt(c.s, c.st, dx + c.dc.orgX, dy + c.dc.orgY, w, h, src?.s, sx + (src?.dc.orgX ?? 0), sy + (src?.dc.orgY ?? 0), b, rop);
      touched(c);
      return 1;
    },
  ),
  fn(
    'StretchBlt(handle hdcDest, i32 nXOriginDest, i32 nYOriginDest, i32 nWidthDest, i32 nHeightDest, handle hdcSrc, i32 nXOriginSrc, i32 nYOriginSrc, i32 nWidthSrc, i32 nHeightSrc, hex dwRop): bool',
    (cx, hd: number, dx: number, dy: number, dw: number, dh: number, hs: number, sx: number, sy: number, sw: number, sh: number, rop: number) => {
      const c = ctx(cx, hd);
      const src = ctx(cx, hs);
      if (!c || !src) return 0;
      const b = brushOf(c.g, c.dc.brush) ?? { kind: 'null' };
      stretchBlt(c.s, c.st, dx + c.dc.orgX, dy + c.dc.orgY, dw, dh, src.s, sx + src.dc.orgX, sy + src.dc.orgY, sw, sh, b, rop, c.dc.stretchMode);
      touched(c);
      return 1;
    },
  ),
  fn(
    'TransparentImage(handle hdcDest, i32 DstX, i32 DstY, i32 DstCx, i32 DstCy, handle hSrc, i32 SrcX, i32 SrcY, i32 SrcCx, i32 SrcCy, hex TransparentColor): bool',
    (cx, hd: number, dx: number, dy: number, dw: number, dh: number, hs: number, sx: number, sy: number, sw: number, sh: number, key: number) => {
      // CE: the source is a DC or a bitmap handle; pixels of the transparent colour are skipped.
      const c = ctx(cx, hd);
      if (!c) return 0;
      const o = c.g.gdi.get(hs);
      const srcS = o?.type === 'bitmap' ? o.surface : o?.type === 'dc' ? surfaceOf(c.g, o) : undefined;
      const so = o?.type === 'dc' ? { x: o.orgX, y: o.orgY } : { x: 0, y: 0 };
      if (!srcS || dw <= 0 || dh <= 0 || sw <= 0 || sh <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const keyV = srcS.pixelOf(resolveColor(c.g, key));
      const clip = c.st.clip;
      for (let j = 0; j < dh; j++) {
        const y = dy + j + c.dc.orgY;
        const syy = sy + so.y + Math.floor((j * sh) / dh);
        if (syy < 0 || syy >= srcS.height) continue;
        for (let i = 0; i < dw; i++) {
          const x = dx + i + c.dc.orgX;
          const sxx = sx + so.x + Math.floor((i * sw) / dw);
          if (sxx < 0 || sxx >= srcS.width) continue;
          const v = srcS.get(sxx, syy);
          if (v === keyV || !contains(clip as Region, x, y)) continue;
          c.s.set(x, y, c.s.pixelOf(srcS.colorOf(v)));
        }
      }
      touched(c);
      return 1;
    },
  ),
  fn('SetPixel(handle hdc, i32 X, i32 Y, hex crColor): hex', (cx, hdc: number, x: number, y: number, col: number) => {
    const c = ctx(cx, hdc);
    if (!c) return CLR_INVALID;
    const px = x + c.dc.orgX;
    const py = y + c.dc.orgY;
    if (!contains(c.st.clip as Region, px, py)) return CLR_INVALID;
    const v = c.s.pixelOf(resolveColor(c.g, col));
    c.s.set(px, py, v);
    touched(c);
    return c.s.colorOf(v);
  }),
  fn('GetPixel(handle hdc, i32 nXPos, i32 nYPos): hex', (cx, hdc: number, x: number, y: number) => {
    const c = ctx(cx, hdc);
    if (!c) return CLR_INVALID;
    const px = x + c.dc.orgX;
    const py = y + c.dc.orgY;
    if (!contains(c.st.clip as Region, px, py)) return CLR_INVALID;
    return c.s.colorOf(c.s.get(px, py));
  }),

  // ---------------------------------------------------------------- text
  fn(
    'ExtTextOutW(handle hdc, i32 X, i32 Y, u32 fuOptions, ptr lprc, ptr lpString, u32 cbCount, ptr lpDx): bool',
    (cx, hdc: number, x: number, y: number, opts: number, prc: number, s: number, n: number, pdx: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      const text = s && n ? cx.mem.wstr(s, n).slice(0, n) : '';
      const r = prc ? readRect(cx, prc) : undefined;
      let dx: number[] | undefined;
      if (pdx && n) {
        cx.mem.check(pdx, 4 * n);
        dx = Array.from({ length: text.length }, (_, i) => cx.mem.i32(pdx + 4 * i));
      }
      textOut(c, x, y, text, opts, r, dx);
      return 1;
    },
  ),
  fn('DrawTextW(handle hDC, ptr lpString, i32 nCount, ptr lpRect, hex uFormat): i32', (cx, hdc: number, s: number, n: number, p: number, flags: number) => {
    const c = ctx(cx, hdc);
    if (!c) return 0;
    if (flags & DT.EXPANDTABS) throw new UnimplementedFeature('DT_EXPANDTABS');
    let text = n < 0 ? cx.mem.wstr(s, 65536) : cx.mem.wstr(s, n).slice(0, n);
    if (!(flags & DT.NOPREFIX)) text = text.replace(/&(.)/g, '$1');
    const r = readRect(cx, p);
    const font = fontOf(c);
    const lines = wrapLines(font, text, r.right - r.left, flags);
    const lh = font.height;
    const total = lh * lines.length;
    if (flags & DT.CALCRECT) {
      const w = Math.max(0, ...lines.map((l) => font.measure(l).width));
      writeRect(cx, p, rect(r.left, r.top, r.left + w, r.top + total));
      return total;
    }
    let y = r.top;
    if (flags & DT.SINGLELINE) {
      if (flags & DT.VCENTER) y = r.top + ((r.bottom - r.top - lh) >> 1);
      else if (flags & DT.BOTTOM) y = r.bottom - lh;
    }
    const saveAlign = c.dc.textAlign;
    c.dc.textAlign = 0;
    for (const l of lines) {
      const w = font.measure(l).width;
      const x = flags & DT.CENTER ? r.left + ((r.right - r.left - w) >> 1) : flags & DT.RIGHT ? r.right - w : r.left;
      textOut(c, x, y, l, flags & DT.NOCLIP ? 0 : ETO.CLIPPED, r, undefined);
      y += lh;
    }
    c.dc.textAlign = saveAlign;
    return total;
  }),
  fn(
    'GetTextExtentExPointW(handle hdc, ptr lpszStr, i32 cchString, i32 nMaxExtent, ptr lpnFit, ptr alpDx, ptr lpSize): bool',
    (cx, hdc: number, s: number, n: number, max: number, pFit: number, pDx: number, pSize: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      const text = n > 0 ? cx.mem.wstr(s, n).slice(0, n) : '';
      const font = fontOf(c);
      const m = font.measure(text);
      let sum = 0;
      let fit = 0;
      for (let i = 0; i < m.widths.length; i++) {
        sum += m.widths[i]!;
        if (pDx) cx.mem.setU32(pDx + 4 * i, sum);
        if (sum <= max) fit = i + 1;
      }
      if (pFit) cx.mem.setU32(pFit, fit);
      if (pSize) {
        cx.mem.check(pSize, 8, 'write');
        cx.mem.setU32(pSize, m.width);
        cx.mem.setU32(pSize + 4, font.height);
      }
      return 1;
    },
  ),
  fn('GetTextMetricsW(handle hdc, ptr lptm): bool', (cx, hdc: number, p: number) => {
    const c = ctx(cx, hdc);
    if (!c) return 0;
    cx.mem.check(p, 57, 'write');
    cx.mem.write(p, textMetric(fontOf(c)).subarray(0, 57));
    return 1;
  }),

  // ---------------------------------------------------------------- regions and clipping
  fn('CreateRectRgn(i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect): handle', (cx, l: number, t: number, r: number, b: number) =>
    gwe(cx).gdi.add({ type: 'region', rgn: normalize([rect(Math.min(l, r), Math.min(t, b), Math.max(l, r), Math.max(t, b))]) }),
  ),
  fn('CreateRectRgnIndirect(ptr lprc): handle', (cx, p: number) => {
    const r = readRect(cx, p);
    return gwe(cx).gdi.add({ type: 'region', rgn: normalize([r]) });
  }),
  fn(
    'SetRectRgn(handle hrgn, i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect): bool',
    (cx, h: number, l: number, t: number, r: number, b: number) => {
      const o = gwe(cx).gdi.get(h);
      if (o?.type !== 'region') return cx.fail(0, ERROR.INVALID_HANDLE);
      o.rgn = normalize([rect(l, t, r, b)]);
      return 1;
    },
  ),
  fn('CombineRgn(handle hrgnDest, handle hrgnSrc1, handle hrgnSrc2, i32 fnCombineMode): i32', (cx, hd: number, h1: number, h2: number, mode: number) => {
    const g = gwe(cx);
    const d = g.gdi.get(hd);
    const a = regionOf(g, h1);
    const b = mode === RGN.COPY ? [] : regionOf(g, h2);
    if (d?.type !== 'region' || !a || !b) return 0; // ERROR
    const r =
      mode === RGN.AND
        ? intersectRegion(a, b)
        : mode === RGN.OR
          ? union(a, b)
          : mode === RGN.XOR
            ? xor(a, b)
            : mode === RGN.DIFF
              ? subtractRegion(a, b)
              : [...a];
    d.rgn = normalize(r);
    return complexity(d.rgn);
  }),
  fn('GetRgnBox(handle hrgn, ptr lprc): i32', (cx, h: number, p: number) => {
    const r = regionOf(gwe(cx), h);
    if (!r) return 0;
    writeRect(cx, p, bounds(r));
    return complexity(r);
  }),
  fn('OffsetRgn(handle hrgn, i32 nXOffset, i32 nYOffset): i32', (cx, h: number, dx: number, dy: number) => {
    const o = gwe(cx).gdi.get(h);
    if (o?.type !== 'region') return 0;
    o.rgn = offset(o.rgn, dx, dy);
    return complexity(o.rgn);
  }),
  fn('PtInRegion(handle hrgn, i32 X, i32 Y): bool', (cx, h: number, x: number, y: number) => {
    const r = regionOf(gwe(cx), h);
    return r && contains(r, x, y) ? 1 : 0;
  }),
  fn('SelectClipRgn(handle hdc, handle hrgn): i32', (cx, hdc: number, h: number) => {
    const g = gwe(cx);
    const dc = g.gdi.dc(hdc);
    if (!dc) return 0;
    if (!h) {
      dc.clip = undefined;
      return 2;
    }
    const r = regionOf(g, h);
    if (!r) return 0;
    dc.clip = r.map((x) => ({ ...x }));
    return complexity(dc.clip);
  }),
  fn(
    'IntersectClipRect(handle hdc, i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect): i32',
    (cx, hdc: number, l: number, t: number, r: number, b: number) => {
      const dc = gwe(cx).gdi.dc(hdc);
      if (!dc) return 0;
      // Logical coordinates; the clip region is kept in device coordinates.
      const [dx, dy] = lpToDp(dc, 0, 0);
      dc.clip = intersectRect(dc.clip ?? [rect(-0x4000_0000, -0x4000_0000, 0x4000_0000, 0x4000_0000)], rect(l + dx, t + dy, r + dx, b + dy));
      return complexity(dc.clip);
    },
  ),
  fn(
    'ExcludeClipRect(handle hdc, i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect): i32',
    (cx, hdc: number, l: number, t: number, r: number, b: number) => {
      const dc = gwe(cx).gdi.dc(hdc);
      if (!dc) return 0;
      const [dx, dy] = lpToDp(dc, 0, 0);
      dc.clip = subtract(dc.clip ?? [rect(-0x4000_0000, -0x4000_0000, 0x4000_0000, 0x4000_0000)], rect(l + dx, t + dy, r + dx, b + dy));
      return complexity(dc.clip);
    },
  ),
  fn('GetClipBox(handle hdc, ptr lprect): i32', (cx, hdc: number, p: number) => {
    const c = ctx(cx, hdc);
    if (!c) return 0;
    const r = offset(c.st.clip as Region, -c.dc.orgX, -c.dc.orgY);
    writeRect(cx, p, bounds(r));
    return complexity(r);
  }),
];
