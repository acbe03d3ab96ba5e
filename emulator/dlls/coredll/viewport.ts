/**
 * coredll viewport and window origins: SetViewportOrgEx (CE 5 ordinal 983), and CE 6's additions
 * OffsetViewportOrgEx, GetViewportOrgEx, SetWindowOrgEx, GetWindowOrgEx, GetViewportExtEx and
 * GetWindowExtEx (1984-1989). CE's GDI has only MM_TEXT, so a logical point maps to the device as
 * device = logical - window origin + viewport origin, with both extents (1, 1) (the Win32 / CE 6
 * "Coordinate Spaces and Transformations" pages; Wine's gdi32 mapping.c does the same for MM_TEXT).
 *
 * The viewport origin is in device units, the window origin in logical units; both are part of the
 * DC's state (SaveDC / RestoreDC keep them; a new DC starts at (0, 0)). The DC origin (where a window
 * DC's device (0,0) is on the screen) is separate and follows the window (gdi/objects.ts). Every
 * drawing, clipping and hit call maps its logical coordinates through DcObj.orgX/orgY, which adds the
 * two; SelectClipRgn's region stays in device units.
 *
 * A bad DC fails with FALSE and ERROR_INVALID_HANDLE; lpPoint / lpSize may be NULL where the page
 * says "can be NULL" (the Set/Offset forms); a bad pointer faults in the guest, as coredll's do.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import type { DcObj } from '../../gdi/objects.js';
import { gwesOf } from '../../gwes/wm.js';

function writePoint(cx: ApiContext, p: number, x: number, y: number): void {
  if (!p) return;
  cx.mem.check(p, 8, 'write');
  cx.mem.setU32(p, x >>> 0);
  cx.mem.setU32(p + 4, y >>> 0);
}

/** The DC, or undefined with ERROR_INVALID_HANDLE set. */
function dcOf(cx: ApiContext, hdc: number): DcObj | undefined {
  const dc = gwesOf(cx.machine).gdi.dc(hdc);
  if (!dc) cx.setLastError(ERROR.INVALID_HANDLE);
  return dc;
}

export const viewport: ApiDef[] = [
  fn('SetViewportOrgEx(handle hdc, i32 X, i32 Y, ptr lpPoint): bool', (cx, hdc: number, x: number, y: number, p: number) => {
    const dc = dcOf(cx, hdc);
    if (!dc) return 0;
    writePoint(cx, p, dc.vpOrgX, dc.vpOrgY);
    dc.vpOrgX = x;
    dc.vpOrgY = y;
    return 1;
  }),
  fn('OffsetViewportOrgEx(handle hdc, i32 nXOffset, i32 nYOffset, ptr lpPoint): bool', (cx, hdc: number, x: number, y: number, p: number) => {
    const dc = dcOf(cx, hdc);
    if (!dc) return 0;
    writePoint(cx, p, dc.vpOrgX, dc.vpOrgY);
    dc.vpOrgX = (dc.vpOrgX + x) | 0;
    dc.vpOrgY = (dc.vpOrgY + y) | 0;
    return 1;
  }),
  fn('GetViewportOrgEx(handle hdc, ptr lpPoint): bool', (cx, hdc: number, p: number) => {
    const dc = dcOf(cx, hdc);
    if (!dc) return 0;
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    writePoint(cx, p, dc.vpOrgX, dc.vpOrgY);
    return 1;
  }),
  fn('SetWindowOrgEx(handle hdc, i32 X, i32 Y, ptr lpPoint): bool', (cx, hdc: number, x: number, y: number, p: number) => {
    const dc = dcOf(cx, hdc);
    if (!dc) return 0;
    writePoint(cx, p, dc.winOrgX, dc.winOrgY);
    dc.winOrgX = x;
    dc.winOrgY = y;
    return 1;
  }),
  fn('GetWindowOrgEx(handle hdc, ptr lpPoint): bool', (cx, hdc: number, p: number) => {
    const dc = dcOf(cx, hdc);
    if (!dc) return 0;
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    writePoint(cx, p, dc.winOrgX, dc.winOrgY);
    return 1;
  }),
  // MM_TEXT: both extents are (1, 1).
  fn('GetViewportExtEx(handle hdc, ptr lpSize): bool', (cx, hdc: number, p: number) => {
    if (!dcOf(cx, hdc)) return 0;
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    writePoint(cx, p, 1, 1);
    return 1;
  }),
  fn('GetWindowExtEx(handle hdc, ptr lpSize): bool', (cx, hdc: number, p: number) => {
    if (!dcOf(cx, hdc)) return 0;
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    writePoint(cx, p, 1, 1);
    return 1;
  }),
];
