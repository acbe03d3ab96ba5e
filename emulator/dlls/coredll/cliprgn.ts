/**
 * coredll GetClipRgn: copies a DC's application-defined clipping region (SelectClipRgn,
 * IntersectClipRect, ...) into an existing region, in the DC's coordinates. Returns 1 when the DC has
 * one, 0 when it has none (the region is left unchanged), -1 on error (a bad DC or region handle) —
 * the three results of the Win32/CE GetClipRgn page.
 *
 * RectVisible (CE 5 ordinal 981): whether any part of a logical rectangle (mapped through the DC's
 * viewport / window origins) lies inside the DC's clipping region — the visible region ∩ the
 * application's clip region — as the CE RectVisible page says; a bad DC gives FALSE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';
import { clipOf } from '../../gdi/objects.js';
import { surfaceOf } from './gdi.js';
import { intersectRect, rect } from '../../gdi/region.js';

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
  fn('RectVisible(handle hdc, ptr lprc): bool', (cx, hdc: number, p: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.check(p, 16);
    const [l, t, r, b] = [0, 4, 8, 12].map((o) => cx.mem.i32(p + o)) as [number, number, number, number];
    const surf = surfaceOf(g, dc);
    if (!surf) return 0;
    const dev = rect(Math.min(l, r) + dc.orgX, Math.min(t, b) + dc.orgY, Math.max(l, r) + dc.orgX, Math.max(t, b) + dc.orgY);
    return intersectRect(clipOf(dc, surf), dev).length ? 1 : 0;
  }),
];
