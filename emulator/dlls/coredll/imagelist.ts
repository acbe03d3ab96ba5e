/**
 * coredll image lists (on CE the ImageList_* functions live in coredll, commctrl.dll imports them):
 * ImageList_Create, Add, AddMasked, Replace, ReplaceIcon, Remove, Draw, DrawEx, GetImageCount, Copy, Duplicate, DrawIndirect,
 * SetImageCount, GetIconSize, SetIconSize, GetBkColor, SetBkColor, SetOverlayImage, Destroy,
 * LoadImage (bitmaps).
 *
 * References: the CE 5/6 and desktop "Image Lists" pages (commctrl.h) and Wine's comctl32
 * (imagelist.c and its tests) for the behaviour the pages leave open:
 * - An image list holds images of cx x cy side by side, and with ILC_MASK a 1 bpp mask (1 = the
 *   background shows through). wmemu keeps the pixels as 24-bit colours (the ILC_COLORn depth is not
 *   re-quantized) and the mask as one byte per pixel, in host memory; the HIMAGELIST is an opaque
 *   handle. Functions that hand out the list's own bitmaps (ImageList_GetImageInfo) or the drag
 *   image family are not implemented and stop the run naming themselves.
 * - Add: as many images as the bitmap's width holds (width / cx), its top cy rows. With a mask list
 *   and a mask bitmap the mask is copied and the image's background (mask 1) set to black, as Wine
 *   does; without a mask bitmap the images are opaque. Returns the first new index, -1 on failure.
 * - AddMasked: the mask is "pixel == crMask" (CLR_DEFAULT: the colour of the bitmap's top-left
 *   pixel), and those pixels become black in the image (documented: "the color of the mask is changed
 *   to black"). On a list without ILC_MASK it adds the image alone.
 * - ReplaceIcon: i = -1 appends; the icon's colour and AND mask are stretched to cx x cy.
 * - Draw/DrawEx: ILD_MASK draws the mask (1 white, 0 black), ILD_IMAGE the image alone; otherwise a
 *   list without mask copies the image; with a mask, transparent drawing (ILD_TRANSPARENT, or the
 *   background colour CLR_NONE) is (dest AND mask) OR image, the SRCAND + SRCPAINT pair Windows uses,
 *   and opaque drawing fills the background colour under the mask first. ILD_BLEND25/ILD_BLEND50 mix
 *   the image's pixels 25%/50% with the foreground colour (CLR_DEFAULT: COLOR_HIGHLIGHT). An overlay
 *   (INDEXTOOVERLAYMASK, set with ImageList_SetOverlayImage) is drawn transparently on top.
 * - DrawIndirect with ILD_ROP: ILD_MASK / ILD_IMAGE blit the mask / the image with dwRop (pattern: the
 *   DC's brush) instead of SRCCOPY, as comctl32's ImageList_DrawIndirect does; other drawing ignores it.
 * - Remove(-1) empties the list; SetIconSize empties it too; SetImageCount adds blank (black,
 *   opaque) images or drops the last ones.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import { clipOf, type DcObj } from '../../gdi/objects.js';
import { Surface, type ColorRef } from '../../gdi/surface.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';
import { iconsOf } from '../../gwes/icons.js';
import { loadBitmap } from './resimage.js';
import { brushOf } from './gdi.js';
import { rop3, ropUses } from '../../gdi/rop.js';

const ILC_MASK = 0x0001;
const ILCF_SWAP = 0x1;
const ILD_ROP = 0x40;
const CLR_NONE = 0xffffffff;
const CLR_DEFAULT = 0xff000000;
const ILD = { TRANSPARENT: 0x1, BLEND25: 0x2, BLEND50: 0x4, MASK: 0x10, IMAGE: 0x20, OVERLAYMASK: 0xf00 } as const;
const COLOR_HIGHLIGHT = 13;
const IMAGE_BITMAP = 0;
const LR_LOADFROMFILE = 0x10;
const FIRST_HIMAGELIST = 0x00b0_0010;

export interface ImageList {
  cx: number;
  cy: number;
  flags: number;
  grow: number;
  /** One array per image: cx*cy colours, row by row. */
  images: Uint32Array[];
  /** One array per image (mask lists only): 1 = background. */
  masks: Uint8Array[];
  bk: number;
  overlays: number[];
}

const listsSlot = defineSlot('imagelists', () => ({ next: FIRST_HIMAGELIST, lists: new Map<number, ImageList>() }));

/** Forgets a list (ImageList_Destroy; imagedrag.ts for its own lists). */
export function destroyList(cx: ApiContext, h: number): boolean {
  return listsSlot.of(cx.machine).lists.delete(h >>> 0);
}

/** The image list behind a handle (imagedrag.ts uses it too). */
export function list(cx: ApiContext, h: number): ImageList | undefined {
  return listsSlot.of(cx.machine).lists.get(h >>> 0);
}

const hasMask = (l: ImageList) => (l.flags & ILC_MASK) !== 0;

function blank(l: ImageList): { image: Uint32Array; mask: Uint8Array } {
  return { image: new Uint32Array(l.cx * l.cy), mask: new Uint8Array(l.cx * l.cy) };
}

function bitmapSurface(cx: ApiContext, h: number): Surface | undefined {
  const o = gwesOf(cx.machine).gdi.get(h);
  return o?.type === 'bitmap' ? o.surface : undefined;
}

/** A mask bitmap's "background" bit at (x, y): a 1 bpp bitmap's 1, a colour bitmap's white. */
function maskBit(s: Surface, x: number, y: number): number {
  if (x >= s.width || y >= s.height) return 0;
  return s.bpp === 1 ? s.get(x, y) & 1 : (s.colorOf(s.get(x, y)) & 0xffffff) === 0xffffff ? 1 : 0;
}

/** The n images of cx x cy at the left of `img` (and `mask`), with Wine's background removal. */
function slice(l: ImageList, img: Surface, mask: Surface | undefined, n: number): { image: Uint32Array; mask: Uint8Array }[] {
  const out = [];
  for (let k = 0; k < n; k++) {
    const b = blank(l);
    for (let y = 0; y < l.cy; y++)
      for (let x = 0; x < l.cx; x++) {
        const sx = k * l.cx + x;
        const m = hasMask(l) && mask ? maskBit(mask, sx, y) : 0;
        b.mask[y * l.cx + x] = m;
        b.image[y * l.cx + x] = m || y >= img.height ? 0 : img.colorOf(img.get(sx, y)) & 0xffffff;
      }
    out.push(b);
  }
  return out;
}

function store(l: ImageList, at: number, imgs: { image: Uint32Array; mask: Uint8Array }[]): void {
  imgs.forEach((b, k) => {
    l.images[at + k] = b.image;
    l.masks[at + k] = b.mask;
  });
}

function add(cx: ApiContext, h: number, hbm: number, hmask: number): number {
  const l = list(cx, h);
  const img = bitmapSurface(cx, hbm);
  if (!l || !img) return -1;
  const n = Math.floor(img.width / l.cx);
  if (n === 0) return -1;
  const at = l.images.length;
  store(l, at, slice(l, img, hmask ? bitmapSurface(cx, hmask) : undefined, n));
  return at;
}

function addMasked(cx: ApiContext, h: number, hbm: number, crMask: number): number {
  const l = list(cx, h);
  const img = bitmapSurface(cx, hbm);
  if (!l || !img) return -1;
  if (!hasMask(l)) return add(cx, h, hbm, 0);
  const n = Math.floor(img.width / l.cx);
  if (n === 0) return -1;
  const key = (crMask >>> 0 === CLR_DEFAULT ? img.colorOf(img.get(0, 0)) : crMask) & 0xffffff;
  const at = l.images.length;
  const out = [];
  for (let k = 0; k < n; k++) {
    const b = blank(l);
    for (let y = 0; y < Math.min(l.cy, img.height); y++)
      for (let x = 0; x < l.cx; x++) {
        const c = img.colorOf(img.get(k * l.cx + x, y)) & 0xffffff;
        const m = c === key ? 1 : 0;
        b.mask[y * l.cx + x] = m;
        b.image[y * l.cx + x] = m ? 0 : c;
      }
    out.push(b);
  }
  store(l, at, out);
  return at;
}

/** The surface a DC draws on (the screen or its selected bitmap). */
function dcSurface(g: Gwes, dc: DcObj): Surface | undefined {
  if (dc.kind === 'screen') return g.display.surface;
  const b = g.gdi.get(dc.bitmap);
  return b?.type === 'bitmap' ? b.surface : undefined;
}

const mix = (a: number, b: number, wa: number) => {
  let r = 0;
  for (let s = 0; s < 24; s += 8) r |= Math.round((((a >>> s) & 0xff) * wa + ((b >>> s) & 0xff) * (4 - wa)) / 4) << s;
  return r;
};

interface DrawArgs {
  i: number;
  /** Offset of the drawn part inside the image (IMAGELISTDRAWPARAMS xBitmap, yBitmap). */
  sx?: number;
  sy?: number;
  x: number;
  y: number;
  w: number;
  h: number;
  bk: number;
  fg: number;
  style: number;
  /** IMAGELISTDRAWPARAMS.dwRop when fStyle has ILD_ROP. */
  rop?: number;
}

function draw(cx: ApiContext, l: ImageList, hdc: number, a: DrawArgs): number {
  const g = gwesOf(cx.machine);
  const dc = g.gdi.dc(hdc);
  if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
  const s = dcSurface(g, dc);
  const image = l.images[a.i];
  const mask = l.masks[a.i];
  if (!s || !image || !mask) return 0;
  const bk = a.bk >>> 0 === CLR_DEFAULT ? l.bk >>> 0 : a.bk >>> 0;
  const transparent = (a.style & ILD.TRANSPARENT) !== 0 || bk === CLR_NONE;
  const fg = a.fg >>> 0 === CLR_DEFAULT || a.fg >>> 0 === CLR_NONE ? g.sysColor(COLOR_HIGHLIGHT) : a.fg & 0xffffff;
  const blend = a.style & ILD.BLEND50 ? 2 : a.style & ILD.BLEND25 ? 3 : 4;
  const sx = Math.max(0, a.sx ?? 0);
  const sy = Math.max(0, a.sy ?? 0);
  const w = Math.min(a.w || l.cx, l.cx - sx);
  const h = Math.min(a.h || l.cy, l.cy - sy);
  const ox = a.x + dc.orgX;
  const oy = a.y + dc.orgY;
  // ILD_ROP: the mask (ILD_MASK) or the image (ILD_IMAGE) is blitted with dwRop instead of SRCCOPY, as
  // comctl32's ImageList_DrawIndirect (CE's ImageList comes from it) does; the other kinds of drawing
  // ignore dwRop there. The pattern is the destination DC's brush.
  const t = a.rop !== undefined ? (a.rop >>> 16) & 0xff : 0xcc;
  let pat = 0;
  if (t !== 0xcc && ropUses(t).pat) {
    const b = brushOf(g, dc.brush);
    if (b?.kind === 'pattern') throw new UnimplementedFeature(`ILD_ROP 0x${(a.rop! >>> 0).toString(16)} with a pattern brush selected`);
    pat = b?.kind === 'solid' ? b.color : 0;
  }
  const raster = (src: ColorRef, dst: ColorRef): ColorRef => (t === 0xcc ? src : rop3(t, pat, src, dst) & 0xffffff);
  const pixel = (x: number, y: number, dst: ColorRef): ColorRef => {
    const k = y * l.cx + x;
    const m = mask[k]!;
    const c = blend < 4 && !(hasMask(l) && m) ? mix(image[k]!, fg, blend) : image[k]!;
    if (a.style & ILD.MASK) return raster(hasMask(l) && m ? 0xffffff : 0, dst);
    if (a.style & ILD.IMAGE) return raster(c, dst);
    if (!hasMask(l)) return c;
    const under = transparent ? dst : bk & 0xffffff;
    return ((m ? under : 0) | c) >>> 0;
  };
  const overlay = (a.style & ILD.OVERLAYMASK) >>> 8;
  const ov = overlay ? l.overlays[overlay - 1] : undefined;
  if (overlay && ov === undefined) throw new UnimplementedFeature(`an overlay index ${overlay} never set with ImageList_SetOverlayImage`);
  const ovImage = ov !== undefined ? l.images[ov] : undefined;
  const ovMask = ov !== undefined ? l.masks[ov] : undefined;
  for (const c of clipOf(dc, s)) {
    const l0 = Math.max(c.left, ox);
    const t0 = Math.max(c.top, oy);
    const r0 = Math.min(c.right, ox + w);
    const b0 = Math.min(c.bottom, oy + h);
    for (let y = t0; y < b0; y++)
      for (let x = l0; x < r0; x++) {
        let v = pixel(x - ox + sx, y - oy + sy, s.colorOf(s.get(x, y)) & 0xffffff);
        if (ovImage && ovMask) {
          const k = (y - oy + sy) * l.cx + (x - ox + sx);
          v = ((hasMask(l) && ovMask[k] ? v : 0) | ovImage[k]!) >>> 0;
        }
        s.set(x, y, s.pixelOf(v));
      }
  }
  if (dc.kind === 'screen') g.display.changed();
  return 1;
}

/** A new empty list (imagedrag.ts makes its drag lists with it). */
export function create(cx: ApiContext, w: number, h: number, flags: number, grow: number): number {
  if (w <= 0 || h <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const s = listsSlot.of(cx.machine);
  const handle = s.next;
  s.next += 0x10;
  s.lists.set(handle, { cx: w, cy: h, flags, grow, images: [], masks: [], bk: CLR_NONE, overlays: [] });
  return handle;
}

function stretchIcon(l: ImageList, color: Surface, mask: Surface): { image: Uint32Array; mask: Uint8Array } {
  const b = blank(l);
  for (let y = 0; y < l.cy; y++)
    for (let x = 0; x < l.cx; x++) {
      const sx = Math.floor((x * color.width) / l.cx);
      const sy = Math.floor((y * color.height) / l.cy);
      b.image[y * l.cx + x] = color.colorOf(color.get(sx, sy)) & 0xffffff;
      b.mask[y * l.cx + x] = hasMask(l) ? maskBit(mask, Math.floor((x * mask.width) / l.cx), Math.floor((y * mask.height) / l.cy)) : 0;
    }
  return b;
}

export const imagelist: ApiDef[] = [
  fn('ImageList_Create(i32 cx, i32 cy, hex flags, i32 cInitial, i32 cGrow): handle', (cx, w: number, h: number, flags: number, _init: number, grow: number) =>
    create(cx, w, h, flags, grow),
  ),
  fn('ImageList_Duplicate(handle himl): handle', (cx, h: number) => {
    const l = list(cx, h);
    if (!l) return 0;
    const d = create(cx, l.cx, l.cy, l.flags, l.grow);
    const c = list(cx, d)!;
    c.images = l.images.map((a) => a.slice());
    c.masks = l.masks.map((a) => a.slice());
    c.bk = l.bk;
    c.overlays = [...l.overlays];
    return d;
  }),
  // ImageList_Copy (Wine's comctl32: within one list only; ILCF_MOVE copies image and mask, ILCF_SWAP
  // exchanges them).
  fn(
    'ImageList_Copy(handle himlDst, i32 iDst, handle himlSrc, i32 iSrc, u32 uFlags): bool',
    (cx, hd: number, id: number, hs: number, is: number, flags: number) => {
      const d = list(cx, hd);
      const s = list(cx, hs);
      if (!d || d !== s || id < 0 || is < 0 || id >= d.images.length || is >= d.images.length) return 0;
      if (flags & ILCF_SWAP) {
        [d.images[id], d.images[is]] = [d.images[is]!, d.images[id]!];
        [d.masks[id], d.masks[is]] = [d.masks[is]!, d.masks[id]!];
      } else {
        d.images[id] = d.images[is]!.slice();
        d.masks[id] = d.masks[is]!.slice();
      }
      return 1;
    },
  ),
  fn('ImageList_Destroy(handle himl): bool', (cx, h: number) => (listsSlot.of(cx.machine).lists.delete(h >>> 0) ? 1 : 0)),
  fn('ImageList_GetImageCount(handle himl): i32', (cx, h: number) => list(cx, h)?.images.length ?? 0),
  fn('ImageList_SetImageCount(handle himl, u32 uNewCount): bool', (cx, h: number, n: number) => {
    const l = list(cx, h);
    if (!l) return 0;
    l.images.length = Math.min(l.images.length, n);
    l.masks.length = l.images.length;
    while (l.images.length < n) store(l, l.images.length, [blank(l)]);
    return 1;
  }),
  fn('ImageList_GetIconSize(handle himl, ptr cx, ptr cy): bool', (cx, h: number, pw: number, ph: number) => {
    const l = list(cx, h);
    if (!l || !pw || !ph) return 0;
    cx.mem.setU32(pw, l.cx);
    cx.mem.setU32(ph, l.cy);
    return 1;
  }),
  fn('ImageList_SetIconSize(handle himl, i32 cx, i32 cy): bool', (cx, h: number, w: number, hh: number) => {
    const l = list(cx, h);
    if (!l || w <= 0 || hh <= 0) return 0;
    Object.assign(l, { cx: w, cy: hh, images: [], masks: [] });
    return 1;
  }),
  fn('ImageList_GetBkColor(handle himl): hex', (cx, h: number) => list(cx, h)?.bk ?? CLR_NONE),
  fn('ImageList_SetBkColor(handle himl, hex clrBk): hex', (cx, h: number, c: number) => {
    const l = list(cx, h);
    if (!l) return CLR_NONE;
    const old = l.bk;
    l.bk = c >>> 0;
    return old;
  }),
  fn('ImageList_SetOverlayImage(handle himl, i32 iImage, i32 iOverlay): bool', (cx, h: number, i: number, o: number) => {
    const l = list(cx, h);
    if (!l || o < 1 || o > 15 || i < -1 || i >= l.images.length) return 0;
    l.overlays[o - 1] = i;
    return 1;
  }),
  fn('ImageList_Add(handle himl, handle hbmImage, handle hbmMask): i32', (cx, h: number, bm: number, mask: number) => add(cx, h, bm, mask)),
  fn('ImageList_AddMasked(handle himl, handle hbmImage, hex crMask): i32', (cx, h: number, bm: number, c: number) => addMasked(cx, h, bm, c)),
  fn('ImageList_Replace(handle himl, i32 i, handle hbmImage, handle hbmMask): bool', (cx, h: number, i: number, bm: number, mask: number) => {
    const l = list(cx, h);
    const img = bitmapSurface(cx, bm);
    if (!l || !img || i < 0 || i >= l.images.length) return 0;
    store(l, i, slice(l, img, mask ? bitmapSurface(cx, mask) : undefined, 1));
    return 1;
  }),
  fn('ImageList_ReplaceIcon(handle himl, i32 i, handle hicon): i32', (cx, h: number, i: number, hicon: number) => {
    const l = list(cx, h);
    const icon = iconsOf(cx.machine).get(hicon);
    if (!l || !icon || i < -1 || i >= l.images.length) return -1;
    const at = i === -1 ? l.images.length : i;
    store(l, at, [stretchIcon(l, icon.color, icon.mask)]);
    return at;
  }),
  // ImageList_GetIcon (CE 5/6 page; Wine's ImageList_GetIcon): a new icon of the list's size from image i
  // (its colours; where a mask list's mask is 1 the colour is black, as stored) and its mask (none: opaque).
  fn('ImageList_GetIcon(handle himl, i32 i, hex flags): handle', (cx, h: number, i: number, flags: number) => {
    const l = list(cx, h);
    if (!l || i < 0 || i >= l.images.length) return 0;
    if (flags & ~ILD.TRANSPARENT) throw new UnimplementedFeature(`with flags 0x${flags.toString(16)} (ILD_NORMAL / ILD_TRANSPARENT only)`);
    const color = new Surface({ width: l.cx, height: l.cy, bpp: 32 });
    const mask = new Surface({ width: l.cx, height: l.cy, bpp: 1 });
    const img = l.images[i]!;
    const m = l.masks[i];
    for (let y = 0; y < l.cy; y++)
      for (let x = 0; x < l.cx; x++) {
        color.set(x, y, color.pixelOf(img[y * l.cx + x]!));
        mask.set(x, y, hasMask(l) && m ? m[y * l.cx + x]! : 0);
      }
    return iconsOf(cx.machine).add({ cursor: false, width: l.cx, height: l.cy, hotX: l.cx >> 1, hotY: l.cy >> 1, color, mask, shared: false });
  }),
  fn('ImageList_Remove(handle himl, i32 i): bool', (cx, h: number, i: number) => {
    const l = list(cx, h);
    if (!l || i < -1 || i >= l.images.length) return 0;
    if (i === -1) l.images.length = l.masks.length = 0;
    else {
      l.images.splice(i, 1);
      l.masks.splice(i, 1);
    }
    return 1;
  }),
  fn(
    'ImageList_Draw(handle himl, i32 i, handle hdcDst, i32 x, i32 y, hex fStyle): bool',
    (cx, h: number, i: number, hdc: number, x: number, y: number, style: number) => {
      const l = list(cx, h);
      if (!l || i < 0 || i >= l.images.length) return 0;
      return draw(cx, l, hdc, { i, x, y, w: 0, h: 0, bk: CLR_DEFAULT, fg: CLR_DEFAULT, style });
    },
  ),
  fn(
    'ImageList_DrawEx(handle himl, i32 i, handle hdcDst, i32 x, i32 y, i32 dx, i32 dy, hex rgbBk, hex rgbFg, hex fStyle): bool',
    (cx, h: number, i: number, hdc: number, x: number, y: number, w: number, hh: number, bk: number, fg: number, style: number) => {
      const l = list(cx, h);
      if (!l || i < 0 || i >= l.images.length) return 0;
      return draw(cx, l, hdc, { i, x, y, w, h: hh, bk, fg, style });
    },
  ),
  // IMAGELISTDRAWPARAMS (CE 5): cbSize, himl, i, hdcDst, x, y, cx, cy, xBitmap, yBitmap, rgbBk, rgbFg,
  // fStyle, dwRop (56 bytes); dwRop is used with ILD_ROP only (see draw()).
  fn('ImageList_DrawIndirect(ptr pimldp): bool', (cx, p: number) => {
    cx.mem.check(p, 56);
    const f = (i: number) => cx.mem.i32(p + 4 * i);
    if (cx.mem.u32(p) < 56) return 0;
    const l = list(cx, f(1));
    const i = f(2);
    if (!l || i < 0 || i >= l.images.length) return 0;
    const style = cx.mem.u32(p + 48);
    const rop = style & ILD_ROP ? cx.mem.u32(p + 52) : undefined;
    return draw(cx, l, f(3), { i, x: f(4), y: f(5), w: f(6), h: f(7), sx: f(8), sy: f(9), bk: cx.mem.u32(p + 40), fg: cx.mem.u32(p + 44), style, rop });
  }),
  fn(
    'ImageList_LoadImage(handle hi, ptr lpbmp, i32 cx, i32 cGrow, hex crMask, u32 uType, hex uFlags): handle',
    (cx, hi: number, name: number, w: number, grow: number, crMask: number, type: number, flags: number) => {
      if (type !== IMAGE_BITMAP) throw new UnimplementedFeature(`for image type ${type} (only IMAGE_BITMAP)`);
      if (flags & LR_LOADFROMFILE) throw new UnimplementedFeature('with LR_LOADFROMFILE');
      const hbm = loadBitmap(cx, hi, name);
      const s = hbm ? bitmapSurface(cx, hbm) : undefined;
      if (!s) return 0;
      const masked = crMask >>> 0 !== CLR_NONE;
      const h = create(cx, w || s.height, s.height, (masked ? ILC_MASK : 0) | s.bpp, grow);
      const r = h && (masked ? addMasked(cx, h, hbm, crMask) : add(cx, h, hbm, 0));
      gwesOf(cx.machine).gdi.delete(hbm);
      if (h && r < 0) {
        listsSlot.of(cx.machine).lists.delete(h);
        return 0;
      }
      return h;
    },
  ),
];
