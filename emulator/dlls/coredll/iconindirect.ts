/**
 * coredll CreateIconIndirect (imported by 3 corpus binaries): an icon or cursor made from two bitmaps
 * described by an ICONINFO { BOOL fIcon; DWORD xHotspot, yHotspot; HBITMAP hbmMask, hbmColor; }.
 * References: the CE 5/6 "CreateIconIndirect" and "ICONINFO" pages, Wine's user32 CreateIconIndirect.
 *
 * - The bitmaps are copied (the caller may delete them afterwards: the pages say the system copies
 *   them); the icon lives in gwes/icons.ts's table like a loaded one (DestroyIcon, DrawIconEx, image
 *   lists take it).
 * - hbmColor present: the icon has its size; hbmMask is the AND mask (1 = screen shows through), read
 *   as 1 bpp (a colour mask bitmap: white is 1, as a blit to monochrome maps the background colour).
 * - hbmColor NULL (a monochrome icon, as the ICONINFO page allows): hbmMask is twice the icon's
 *   height, the AND mask on top and the XOR image below.
 * - fIcon TRUE: the hot spot is the centre (the ICONINFO page: "for icons the hot spot is always in the
 *   center"); FALSE: a cursor with xHotspot / yHotspot.
 * - hbmMask NULL or not a bitmap, hbmColor not a bitmap, or a colour bitmap larger than the mask:
 *   NULL with ERROR_INVALID_PARAMETER (Wine fails the same inputs).
 *
 * GetIconInfo(hIcon, piconinfo) (the inverse; CE 5/6 "GetIconInfo" page, Wine's user32 tests): fills
 * the ICONINFO with new bitmaps the caller owns (and deletes): fIcon TRUE for an icon, the hot spot
 * (an icon's centre), hbmColor a copy of the colour image in its own format, hbmMask a 1 bpp copy of
 * the AND mask. A monochrome icon (a 1 bpp image) gives hbmColor NULL and hbmMask twice the height,
 * AND mask on top and XOR image below (the ICONINFO page's form). Works for loaded, system and made
 * icons and cursors. Not an icon or cursor: FALSE, ERROR_INVALID_CURSOR_HANDLE (Windows' code).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { Surface } from '../../gdi/surface.js';
import { iconsOf } from '../../gwes/icons.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';

function bitmap(g: Gwes, h: number): Surface | undefined {
  const o = h ? g.gdi.get(h) : undefined;
  return o?.type === 'bitmap' ? o.surface : undefined;
}

/** A copy of rows [y0, y0 + h) of s in its own format. */
function copyRows(s: Surface, y0: number, h: number): Surface {
  const out = new Surface({ width: s.width, height: h, bpp: s.bpp, palette: [...s.palette], rgb555: s.rgb555 });
  for (let y = 0; y < h; y++) for (let x = 0; x < s.width; x++) out.set(x, y, s.get(x, y0 + y));
  return out;
}

/** Rows [y0, y0 + h) of s as a 1 bpp mask: bit 1 where the pixel is white (colour 0xffffff). */
function maskRows(s: Surface, y0: number, w: number, h: number): Surface {
  const out = new Surface({ width: w, height: h, bpp: 1 });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(x, y, s.colorOf(s.get(x, y0 + y)) === 0xffffff ? 1 : 0);
  return out;
}

/** A 1 bpp bitmap surface holding `parts` stacked top to bottom (each a 1 bpp surface of one width). */
function stack(parts: Surface[]): Surface {
  const w = parts[0]!.width;
  const out = new Surface({ width: w, height: parts.reduce((n, p) => n + p.height, 0), bpp: 1 });
  let y0 = 0;
  for (const p of parts) {
    for (let y = 0; y < p.height; y++) for (let x = 0; x < w; x++) out.set(x, y0 + y, p.colorOf(p.get(x, y)) === 0xffffff ? 1 : 0);
    y0 += p.height;
  }
  return out;
}

export const iconindirect: ApiDef[] = [
  fn('CreateIconIndirect(ptr piconinfo): handle', (cx, p: number) => {
    cx.mem.check(p, 20);
    const fIcon = cx.mem.u32(p);
    const hm = cx.mem.u32(p + 12);
    const hc = cx.mem.u32(p + 16);
    const g = gwesOf(cx.machine);
    const m = bitmap(g, hm);
    const c = bitmap(g, hc);
    if (!m || (hc && !c)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    let w: number;
    let h: number;
    let color: Surface;
    let mask: Surface;
    if (c) {
      [w, h] = [c.width, c.height];
      if (m.width < w || m.height < h) return cx.fail(0, ERROR.INVALID_PARAMETER);
      color = copyRows(c, 0, h);
      mask = maskRows(m, 0, w, h);
    } else {
      [w, h] = [m.width, m.height >> 1];
      if (h <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      mask = maskRows(m, 0, w, h);
      color = maskRows(m, h, w, h);
    }
    const cursor = !fIcon;
    const hotX = cursor ? cx.mem.u32(p + 4) : w >> 1;
    const hotY = cursor ? cx.mem.u32(p + 8) : h >> 1;
    return iconsOf(cx.machine).add({ cursor, width: w, height: h, hotX, hotY, color, mask, shared: false });
  }),
  fn('GetIconInfo(handle hIcon, ptr piconinfo): bool', (cx, h: number, p: number) => {
    const o = iconsOf(cx.machine).get(h);
    if (!o) return cx.fail(0, ERROR.INVALID_CURSOR_HANDLE);
    cx.mem.check(p, 20, 'write');
    const g = gwesOf(cx.machine);
    const mono = o.color.bpp === 1;
    const hm = g.gdi.add({ type: 'bitmap', surface: mono ? stack([o.mask, o.color]) : stack([o.mask]), dib: false });
    const hc = mono ? 0 : g.gdi.add({ type: 'bitmap', surface: copyRows(o.color, 0, o.color.height), dib: false });
    [o.cursor ? 0 : 1, o.hotX, o.hotY, hm, hc].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    return 1;
  }),
];
