/**
 * coredll's multiple-monitor calls on a device with one display (CE 5/6 reference pages, the Win32
 * contract): there is one monitor, the primary, covering the screen; its work area is
 * SystemParametersInfoW's SPI_GETWORKAREA rectangle.
 *
 * - MonitorFromWindow / MonitorFromRect / MonitorFromPoint: the monitor when the window (its rectangle),
 *   the rectangle or the point touches the screen; otherwise by dwFlags: MONITOR_DEFAULTTONULL (0) NULL,
 *   MONITOR_DEFAULTTOPRIMARY (1) and MONITOR_DEFAULTTONEAREST (2) the monitor. A NULL or bad window handle
 *   goes by dwFlags the same way (Wine's user32 MonitorFromWindow: no rectangle, then the primary unless
 *   MONITOR_DEFAULTTONULL; nmd_ui.exe asks MonitorFromWindow(NULL, MONITOR_DEFAULTTONEAREST)).
 * - GetMonitorInfo(hMonitor, lpmi): cbSize 40 (MONITORINFO: rcMonitor, rcWork, dwFlags =
 *   MONITORINFOF_PRIMARY) or 104 (MONITORINFOEXW: + szDevice[32], "\\.\DISPLAY1" as Win32 names its first
 *   display); another cbSize or another handle: FALSE, ERROR_INVALID_PARAMETER.
 * - EnumDisplayMonitors(hdc, lprcClip, proc, data): calls proc(hMonitor, hdcMonitor, lprcMonitor, data)
 *   once for the screen (∩ the clip rectangle, ∩ the DC's clip box when hdc is given, in the DC's
 *   coordinates); nothing when that is empty; TRUE unless the callback returned FALSE.
 */
import { fn, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { bounds } from '../../gdi/region.js';
import { clipOf } from '../../gdi/objects.js';
import { intersect, isEmpty, type Rect } from '../../gdi/surface.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';

/** The one monitor's handle. */
export const HMONITOR_PRIMARY = 0x0001_0001;
const MONITORINFOF_PRIMARY = 1;

const screenRect = (g: Gwes): Rect => ({ left: 0, top: 0, right: g.screen.width, bottom: g.screen.height });
const touches = (g: Gwes, r: Rect): boolean => !isEmpty(intersect(screenRect(g), r));
const pick = (onScreen: boolean, flags: number): number => (onScreen || flags !== 0 ? HMONITOR_PRIMARY : 0);

function readRect(cx: ApiContext, p: number): Rect {
  cx.mem.check(p, 16);
  return { left: cx.mem.i32(p), top: cx.mem.i32(p + 4), right: cx.mem.i32(p + 8), bottom: cx.mem.i32(p + 12) };
}
function writeRect(cx: ApiContext, p: number, r: Rect): void {
  [r.left, r.top, r.right, r.bottom].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
}

export const monitors: ApiDef[] = [
  fn('MonitorFromWindow(handle hwnd, hex dwFlags): handle', (cx, h: number, flags: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    return pick(w !== undefined && touches(g, w.rect), flags);
  }),
  fn('MonitorFromRect(ptr lprc, hex dwFlags): handle', (cx, p: number, flags: number) => {
    const g = gwesOf(cx.machine);
    const r = readRect(cx, p);
    // An empty rectangle touches the screen when its corner lies on it.
    const onScreen = isEmpty(r) ? touches(g, { left: r.left, top: r.top, right: r.left + 1, bottom: r.top + 1 }) : touches(g, r);
    return pick(onScreen, flags);
  }),
  fn('MonitorFromPoint(i32 x, i32 y, hex dwFlags): handle', (cx, x: number, y: number, flags: number) =>
    pick(touches(gwesOf(cx.machine), { left: x, top: y, right: x + 1, bottom: y + 1 }), flags),
  ),
  fn('GetMonitorInfo(handle hMonitor, ptr lpmi): bool', (cx, h: number, p: number) => {
    const g = gwesOf(cx.machine);
    if (h >>> 0 !== HMONITOR_PRIMARY || !p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 4);
    const size = cx.mem.u32(p);
    if (size !== 40 && size !== 104) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, size, 'write');
    const work = (g as unknown as { workArea?: number[] }).workArea ?? [0, 0, g.screen.width, g.screen.height];
    writeRect(cx, p + 4, screenRect(g));
    writeRect(cx, p + 20, { left: work[0]!, top: work[1]!, right: work[2]!, bottom: work[3]! });
    cx.mem.setU32(p + 36, MONITORINFOF_PRIMARY);
    if (size === 104) cx.mem.writeWstr(p + 40, '\\\\.\\DISPLAY1');
    return 1;
  }),
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
    return cx.callGuest(proc, [HMONITOR_PRIMARY, hdc, buf, data], done);
  }),
];
