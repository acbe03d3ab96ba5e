/**
 * coredll EnumDisplayMonitors on a device with one display (CE 5/6 reference page, the Win32 contract;
 * MonitorFromWindow/Rect/Point and GetMonitorInfo are in usermisc.ts): calls
 * proc(hMonitor, hdcMonitor, lprcMonitor, dwData) once for the screen (∩ lprcClip, ∩ the DC's clip box
 * when hdc is given, in the DC's coordinates); nothing when that is empty; TRUE unless the callback
 * returned FALSE. commdlg.dll and nmd_ui.exe import the monitor calls.
 */
import { fn, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { bounds } from '../../gdi/region.js';
import { clipOf } from '../../gdi/objects.js';
import { intersect, isEmpty, type Rect } from '../../gdi/surface.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';
import { MONITOR_HANDLE } from './usermisc.js';

const screenRect = (g: Gwes): Rect => ({ left: 0, top: 0, right: g.screen.width, bottom: g.screen.height });

function readRect(cx: ApiContext, p: number): Rect {
  cx.mem.check(p, 16);
  return { left: cx.mem.i32(p), top: cx.mem.i32(p + 4), right: cx.mem.i32(p + 8), bottom: cx.mem.i32(p + 12) };
}
function writeRect(cx: ApiContext, p: number, r: Rect): void {
  [r.left, r.top, r.right, r.bottom].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
}

export const monitors: ApiDef[] = [
  fn('EnumDisplayMonitors(handle hdc, ptr lprcClip, ptr lpfnEnum, hex dwData): bool', (cx, hdc: number, pClip: number, proc: number, data: number) => {
    const g = gwesOf(cx.machine);
    if (!proc) return cx.fail(0, ERROR.INVALID_PARAMETER);
    let r = screenRect(g);
    let org = { x: 0, y: 0 };
    if (hdc) {
      const dc = g.gdi.dc(hdc);
      if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
      org = { x: dc.orgX, y: dc.orgY };
      // In the DC's coordinates: the screen seen through the DC's visible/clip region.
      const box = bounds(clipOf(dc, g.display.surface));
      r = intersect(r, box);
      r = { left: r.left - org.x, top: r.top - org.y, right: r.right - org.x, bottom: r.bottom - org.y };
    }
    if (pClip) r = intersect(r, readRect(cx, pClip));
    if (isEmpty(r)) return 1;
    const buf = cx.machine.processHeap.alloc(16, true);
    if (!buf) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    writeRect(cx, buf, r);
    const done: (r0: number) => number | typeof CALLED = (r0) => {
      cx.machine.processHeap.freeBlock(buf);
      return r0 ? 1 : 0;
    };
    return cx.callGuest(proc, [MONITOR_HANDLE, hdc, buf, data], done);
  }),
];
