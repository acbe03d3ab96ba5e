/**
 * coredll palettes and colour tables (CE 5/6 reference pages; Wine's gdi32 palette.c tests for the
 * results the pages leave open). commdlg.dll (ChooseColor, ChooseFont) and the corpus's imaging code call
 * them. wmemu's display is a direct-colour device (16 bpp RGB565, no RC_PALETTE), so:
 *
 * - CreatePalette(LOGPALETTE*) makes a logical palette of palNumEntries PALETTEENTRYs (peRed, peGreen,
 *   peBlue, peFlags); GetObjectW on it gives its entry count (a WORD). Get/SetPaletteEntries copy
 *   entries from iStart (the number copied; GetPaletteEntries with a NULL buffer gives the count; the stock
 *   DEFAULT_PALETTE cannot be changed: 0); GetNearestPaletteIndex is the closest entry (squared RGB distance,
 *   the first on ties; CLR_INVALID for a bad palette).
 * - SelectPalette puts the palette in the DC (the previous one back; NULL for a bad DC or palette); it is
 *   what DIB_PAL_COLORS indexes (StretchDIBits). RealizePalette maps nothing into a system palette the
 *   device does not have: 0 entries. GetSystemPaletteEntries: 0 (no system palette).
 * - GetNearestColor is the colour the DC's surface shows for a colour (RGB565 rounding on the display, the
 *   nearest table colour on a palette bitmap).
 * - Get/SetDIBColorTable read and write the colour table of the DIB section selected in a memory DC
 *   (RGBQUADs; entries from iStart; 0 when the bitmap has no table).
 * - EqualRgn: TRUE when both regions cover the same pixels; ERROR (0) with ERROR_INVALID_HANDLE for a bad
 *   region.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { area, xor } from '../../gdi/region.js';
import type { ColorRef } from '../../gdi/surface.js';
import { nearest } from '../../gdi/surface.js';
import { gwesOf } from '../../gwes/wm.js';
import { ctx, regionOf, resolveColor } from './gdi.js';

const CLR_INVALID = 0xffff_ffff;
/** A PALETTEENTRY / RGBQUAD as a COLORREF and back. */
const fromEntry = (v: number): ColorRef => v & 0xffffff; // peRed, peGreen, peBlue = COLORREF byte order
const fromQuad = (q: number): ColorRef => ((q >>> 16) & 0xff) | (q & 0xff00) | ((q & 0xff) << 16);
const toQuad = (c: ColorRef): number => ((c >>> 16) & 0xff) | (c & 0xff00) | ((c & 0xff) << 16);

export const gdipal: ApiDef[] = [
  fn('CreatePalette(ptr lplgpl): handle', (cx, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 4);
    const n = cx.mem.u16(p + 2);
    cx.mem.check(p + 4, 4 * n);
    const entries: ColorRef[] = [];
    for (let i = 0; i < n; i++) entries.push(fromEntry(cx.mem.u32(p + 4 + 4 * i)));
    return gwesOf(cx.machine).gdi.add({ type: 'palette', entries });
  }),
  fn('GetPaletteEntries(handle hpal, u32 iStartIndex, u32 nEntries, ptr lppe): u32', (cx, h: number, start: number, n: number, p: number) => {
    const o = gwesOf(cx.machine).gdi.get(h);
    if (o?.type !== 'palette') return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!p) return o.entries.length;
    const k = Math.max(0, Math.min(n, o.entries.length - start));
    if (k) cx.mem.check(p, 4 * k, 'write');
    for (let i = 0; i < k; i++) cx.mem.setU32(p + 4 * i, o.entries[start + i]! & 0xffffff);
    return k;
  }),
  fn('SetPaletteEntries(handle hpal, u32 iStart, u32 cEntries, ptr lppe): u32', (cx, h: number, start: number, n: number, p: number) => {
    const g = gwesOf(cx.machine);
    const o = g.gdi.get(h);
    if (o?.type !== 'palette') return cx.fail(0, ERROR.INVALID_HANDLE);
    if (g.gdi.isStock(h) || !p) return 0;
    const k = Math.max(0, Math.min(n, o.entries.length - start));
    if (k) cx.mem.check(p, 4 * k);
    for (let i = 0; i < k; i++) o.entries[start + i] = fromEntry(cx.mem.u32(p + 4 * i));
    return k;
  }),
  fn('GetNearestPaletteIndex(handle hpal, hex crColor): u32', (cx, h: number, c: number) => {
    const o = gwesOf(cx.machine).gdi.get(h);
    if (o?.type !== 'palette' || !o.entries.length) return CLR_INVALID;
    return nearest(o.entries, c & 0xffffff);
  }),
  fn('GetSystemPaletteEntries(handle hdc, u32 iStartIndex, u32 nEntries, ptr lppe): u32', (cx, hdc: number) =>
    gwesOf(cx.machine).gdi.dc(hdc) ? 0 : cx.fail(0, ERROR.INVALID_HANDLE),
  ),
  fn('SelectPalette(handle hdc, handle hpal, bool bForceBackground): handle', (cx, hdc: number, h: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc || g.gdi.get(h)?.type !== 'palette') return cx.fail(0, ERROR.INVALID_HANDLE);
    const old = dc.palette;
    dc.palette = h;
    return old;
  }),
  fn('RealizePalette(handle hdc): u32', (cx, hdc: number) => (gwesOf(cx.machine).gdi.dc(hdc) ? 0 : cx.fail(0xffff_ffff, ERROR.INVALID_HANDLE))),
  fn('GetNearestColor(handle hdc, hex crColor): hex', (cx, hdc: number, c: number) => {
    const k = ctx(cx, hdc);
    if (!k) return CLR_INVALID;
    return k.s.colorOf(k.s.pixelOf(resolveColor(k.g, c)));
  }),
  fn('GetDIBColorTable(handle hdc, u32 uStartIndex, u32 cEntries, ptr pColors): u32', (cx, hdc: number, start: number, n: number, p: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    const b = dc?.kind === 'memory' ? g.gdi.get(dc.bitmap) : undefined;
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (b?.type !== 'bitmap' || b.surface.bpp > 8) return 0;
    const pal = b.surface.palette;
    const k = Math.max(0, Math.min(n, pal.length - start));
    if (k) cx.mem.check(p, 4 * k, 'write');
    for (let i = 0; i < k; i++) cx.mem.setU32(p + 4 * i, toQuad(pal[start + i]!));
    return k;
  }),
  fn('SetDIBColorTable(handle hdc, u32 uStartIndex, u32 cEntries, ptr pColors): u32', (cx, hdc: number, start: number, n: number, p: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    const b = dc?.kind === 'memory' ? g.gdi.get(dc.bitmap) : undefined;
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (b?.type !== 'bitmap' || b.surface.bpp > 8) return 0;
    const pal = b.surface.palette;
    const k = Math.max(0, Math.min(n, (1 << b.surface.bpp) - start));
    if (k) cx.mem.check(p, 4 * k);
    for (let i = 0; i < k; i++) pal[start + i] = fromQuad(cx.mem.u32(p + 4 * i));
    for (let i = 0; i < pal.length; i++) pal[i] ??= 0;
    return k;
  }),
  fn('EqualRgn(handle hSrcRgn1, handle hSrcRgn2): bool', (cx, h1: number, h2: number) => {
    const g = gwesOf(cx.machine);
    const a = regionOf(g, h1);
    const b = regionOf(g, h2);
    if (!a || !b) return cx.fail(0, ERROR.INVALID_HANDLE);
    return area(xor(a, b)) === 0 ? 1 : 0;
  }),
];
