/**
 * coredll DrawIconEx (CE 5/6 reference page; CE's DrawIcon is a macro for it): an icon or cursor
 * (gwes/icons.ts: colour image + 1 bpp AND mask) drawn at (xLeft, yTop) as GDI draws icons — the mask
 * with SRCAND (mask bit 1 keeps the screen, 0 clears it), then the image with SRCINVERT (the image alone:
 * SRCCOPY; the mask alone: SRCCOPY of the mask), each stretched to the size asked (COLORONCOLOR).
 * Monochrome parts map bit 0 to black and bit 1 to white whatever the DC's colours.
 *
 * - cxWidth / cyWidth 0: the icon's own size, or SM_CXICON / SM_CYICON with DI_DEFAULTSIZE (8).
 * - diFlags: DI_MASK (1), DI_IMAGE (2), DI_NORMAL (3), DI_DEFAULTSIZE; other flags (DI_COMPAT...) stop the
 *   run naming themselves; no DI_MASK/DI_IMAGE: FALSE with ERROR_INVALID_PARAMETER.
 * - hbrFlickerFreeDraw: the rectangle is first filled with that brush (Win32 draws into an off-screen
 *   bitmap filled with it, then copies it: the same pixels). istepIfAniCur is ignored (no animated cursors).
 * - A bad icon handle: FALSE with ERROR_INVALID_CURSOR_HANDLE, as Wine's user32 DrawIconEx.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { patBlt, stretchBlt, type DrawState } from '../../gdi/draw.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import { iconsOf } from '../../gwes/icons.js';
import { SM, systemMetric } from '../../gwes/sysmetrics.js';
import { brushOf, ctx, touched } from './gdi.js';

const DI = { MASK: 1, IMAGE: 2, DEFAULTSIZE: 8 } as const;
const COLORONCOLOR = 3;

export const drawicon: ApiDef[] = [
  fn(
    'DrawIconEx(handle hdc, i32 xLeft, i32 yTop, handle hIcon, i32 cxWidth, i32 cyWidth, u32 istepIfAniCur, handle hbrFlickerFreeDraw, hex diFlags): bool',
    (cx, hdc: number, x: number, y: number, h: number, w: number, hh: number, _step: number, hbr: number, flags: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      const icon = iconsOf(cx.machine).get(h);
      if (!icon) return cx.fail(0, ERROR.INVALID_CURSOR_HANDLE);
      if (flags & ~(DI.MASK | DI.IMAGE | DI.DEFAULTSIZE)) throw new UnimplementedFeature(`diFlags 0x${flags.toString(16)}`);
      if (!(flags & (DI.MASK | DI.IMAGE))) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const dw = w || (flags & DI.DEFAULTSIZE ? systemMetric(c.g.screen, SM.CXICON) : icon.width);
      const dh = hh || (flags & DI.DEFAULTSIZE ? systemMetric(c.g.screen, SM.CYICON) : icon.height);
      const dx = x + c.dc.orgX;
      const dy = y + c.dc.orgY;
      if (hbr) {
        const b = brushOf(c.g, hbr);
        if (b) patBlt(c.s, c.st, rect(dx, dy, dx + dw, dy + dh), b, ROP.PATCOPY);
      }
      // Monochrome parts: 0 = black, 1 = white.
      const st: DrawState = { ...c.st, textColor: 0x000000, bkColor: 0xffffff };
      const none = { kind: 'null' } as const;
      const both = (flags & (DI.MASK | DI.IMAGE)) === (DI.MASK | DI.IMAGE);
      if (flags & DI.MASK) stretchBlt(c.s, st, dx, dy, dw, dh, icon.mask, 0, 0, icon.width, icon.height, none, both ? ROP.SRCAND : ROP.SRCCOPY, COLORONCOLOR);
      if (flags & DI.IMAGE)
        stretchBlt(c.s, st, dx, dy, dw, dh, icon.color, 0, 0, icon.width, icon.height, none, both ? ROP.SRCINVERT : ROP.SRCCOPY, COLORONCOLOR);
      touched(c);
      return 1;
    },
  ),
];
