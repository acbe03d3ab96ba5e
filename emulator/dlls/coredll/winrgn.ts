/**
 * coredll window regions: SetWindowRgn (1398) and GetWindowRgn (1399), after the CE 5 / CE 6 pages:
 * - The region is in window coordinates (relative to the window rectangle's top-left corner, not the
 *   client area's). GWES draws nothing of the window outside it, the windows below show through there,
 *   and a point outside it does not hit the window (WindowFromPoint, ChildWindowFromPoint, taps) —
 *   gwes/wm.ts shape() / onWindow() and the visible regions every window DC clips to.
 * - After a successful call the system owns the region: "you should not make any further function calls
 *   with this region handle"; wmemu takes its rectangles and frees the handle, so a later use of it fails
 *   as a deleted handle's would. hRgn NULL removes the window's region.
 * - bRedraw TRUE: the window is redrawn (frame and client area, WM_ERASEBKGND + WM_PAINT) and what it no
 *   longer covers is repainted below; FALSE: nothing is redrawn (the application invalidates). CE's
 *   GWES sends no WM_NCCALCSIZE / WM_NCPAINT, and wmemu sends no WM_WINDOWPOSCHANGING/CHANGED for it
 *   (desktop Windows routes it through SetWindowPos with SWP_FRAMECHANGED; the CE page mentions none).
 * - Returns nonzero on success, 0 for a bad window (ERROR_INVALID_WINDOW_HANDLE) or a handle that is
 *   not a region (ERROR_INVALID_HANDLE).
 * GetWindowRgn copies the window region into an existing region and returns its type (SIMPLEREGION 2,
 * COMPLEXREGION 3, NULLREGION 1); ERROR (0) when the window has no region, the window or the region
 * handle is bad.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { complexity, normalize, subtractRegion, union, type Region } from '../../gdi/region.js';
import { gwesOf } from '../../gwes/wm.js';

export const winrgn: ApiDef[] = [
  fn('SetWindowRgn(handle hWnd, handle hRgn, bool bRedraw): i32', (cx, h: number, hrgn: number, redraw: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w || w.destroyed) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    let rgn: Region | undefined;
    if (hrgn) {
      const o = g.gdi.get(hrgn);
      if (o?.type !== 'region') return cx.fail(0, ERROR.INVALID_HANDLE);
      rgn = normalize(o.rgn.map((r) => ({ ...r })));
      g.gdi.delete(hrgn);
    }
    const visible = g.isVisible(w);
    const before: Region = visible ? g.shape(w) : [];
    w.rgn = rgn;
    if (redraw && visible) {
      const uncovered = subtractRegion(before, g.shape(w));
      g.expose(normalize(union(uncovered, [w.rect])));
    }
    return 1;
  }),
  fn('GetWindowRgn(handle hWnd, handle hRgn): i32', (cx, h: number, hrgn: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w || w.destroyed) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const o = g.gdi.get(hrgn);
    if (o?.type !== 'region') return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!w.rgn) return 0;
    o.rgn = w.rgn.map((r) => ({ ...r }));
    return complexity(o.rgn);
  }),
];
