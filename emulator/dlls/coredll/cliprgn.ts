/**
 * coredll GetClipRgn: copies a DC's application-defined clipping region (SelectClipRgn,
 * IntersectClipRect, ...) into an existing region, in the DC's coordinates. Returns 1 when the DC has
 * one, 0 when it has none (the region is left unchanged), -1 on error (a bad DC or region handle) —
 * the three results of the Win32/CE GetClipRgn page.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';

export const cliprgn: ApiDef[] = [
  fn('GetClipRgn(handle hdc, handle hrgn): i32', (cx, hdc: number, h: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    const rgn = g.gdi.get(h);
    if (!dc || rgn?.type !== 'region') return cx.fail(-1, ERROR.INVALID_HANDLE);
    if (!dc.clip) return 0;
    rgn.rgn = dc.clip.map((r) => ({ ...r }));
    return 1;
  }),
];
