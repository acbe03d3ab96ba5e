/**
 * coredll painting (GWES): update regions and WM_PAINT (InvalidateRect, ValidateRect, InvalidateRgn,
 * ValidateRgn, GetUpdateRect, UpdateWindow, RedrawWindow), BeginPaint/EndPaint, and window DCs
 * (GetDC, GetDCEx, GetWindowDC, ReleaseDC). The window manager is gwes/wm.ts.
 *
 * - The update region is kept per window in screen coordinates; GetMessageW generates WM_PAINT while
 *   one of the thread's visible windows has one (after posted messages, as on Windows).
 * - BeginPaint returns a DC clipped to the window's visible client area ∩ the update region, validates
 *   the region and, when it was invalidated with erase, sends WM_ERASEBKGND (fErase = TRUE in the
 *   PAINTSTRUCT when the window procedure returned 0). DefWindowProc's WM_ERASEBKGND fills the update
 *   area with the class background brush (a COLOR_x + 1 value names a system colour, as on CE);
 *   DefWindowProc's WM_PAINT is BeginPaint + EndPaint.
 * - GetDC's DC covers the visible client area and follows the window when it moves; GetWindowDC's
 *   covers the whole window (CE allows drawing over the non-client area with it).
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { WM, DESKTOP_HWND, gwesOf, type Gwes, type Window } from '../../gwes/wm.js';
import { bounds, intersectRegion, normalize, offset, rect, type Region } from '../../gdi/region.js';
import { fillRegionWithBrush, regionOf } from './gdi.js';
import { clipOf } from '../../gdi/objects.js';
import { send } from './winpos.js';
import { ERROR } from '../../core/win32-errors.js';
import { syncCaret } from '../../gwes/caret.js';

const gwe = (cx: ApiContext): Gwes => gwesOf(cx.machine);

/** A DC for window w: client area (or whole window), optionally limited to a region (screen coordinates). */
export function windowDc(cx: ApiContext, g: Gwes, w: Window | undefined, whole: boolean, limit?: Region): number {
  if (!w) {
    // The desktop / screen DC: the whole screen (drawing over every window, as CE's GetDC(NULL)).
    return g.gdi.newDc({ hwnd: 0, kind: 'screen', devX: 0, devY: 0, vis: () => [rect(0, 0, g.screen.width, g.screen.height)], owned: true, owner: cx.machine });
  }
  const org = whole ? { left: w.rect.left, top: w.rect.top } : g.clientRect(w);
  const vis = () => {
    const r = g.visibleRegion(w, !whole);
    return limit ? intersectRegion(r, limit) : r;
  };
  const h = g.gdi.newDc({ hwnd: w.hwnd, kind: 'screen', devX: org.left, devY: org.top, vis, owned: true, owner: cx.machine });
  const dc = g.gdi.dc(h)!;
  // The origin follows the window (a GetDC DC kept across a move).
  Object.defineProperty(dc, 'devX', { get: () => (whole ? w.rect.left : g.clientRect(w).left) });
  Object.defineProperty(dc, 'devY', { get: () => (whole ? w.rect.top : g.clientRect(w).top) });
  return h;
}

/** WM_ERASEBKGND's default: the class background brush over the DC's area. */
export function eraseBackground(cx: ApiContext, g: Gwes, w: Window, hdc: number): Returns<'i32'> {
  const br = w.cls.hbrBackground;
  if (!br) return 0;
  const dc = g.gdi.dc(hdc);
  if (!dc) return 0;
  fillRegionWithBrush(g, dc, [rect(-0x4000_0000, -0x4000_0000, 0x4000_0000, 0x4000_0000)], br);
  void cx;
  return 1;
}

interface Paint {
  hdc: number;
  erase: boolean;
  rc: { left: number; top: number; right: number; bottom: number };
}

function beginPaint(cx: ApiContext, g: Gwes, w: Window, then: (p: Paint) => Returns<'i32'>): Returns<'i32'> {
  const area = normalize(intersectRegion(w.update, g.visibleRegion(w, true)));
  const erase = w.erase;
  g.validate(w, undefined);
  const hdc = windowDc(cx, g, w, false, area);
  const c = g.clientRect(w);
  const b = bounds(offset(area, -c.left, -c.top));
  const done = (erased: number) => then({ hdc, erase: erase && !erased, rc: b });
  if (!erase) return done(1);
  return send(cx, g, w, WM.ERASEBKGND, hdc, 0, (r) => done(r));
}

function endPaint(g: Gwes, hdc: number): void {
  screenDcDone(g, hdc);
}

/** A screen DC released: what it drew (WM_ERASEBKGND's fill too) is inside its visible region. */
function screenDcDone(g: Gwes, hdc: number): void {
  const dc = g.gdi.dc(hdc);
  if (dc?.kind === 'screen' && g.display.listeners.size) g.display.changed(bounds(clipOf(dc, g.display.surface)));
  g.gdi.delete(hdc);
  syncCaret(g); // drawn again over what the paint drew (it removed itself when the area was invalidated)
}

/** DefWindowProc's WM_PAINT: BeginPaint + EndPaint (validates, erases). */
export function defPaint(cx: ApiContext, g: Gwes, w: Window): Returns<'i32'> {
  return beginPaint(cx, g, w, (p) => {
    endPaint(g, p.hdc);
    return 0;
  });
}

function readRectOrAll(cx: ApiContext, g: Gwes, w: Window, p: number): Region | undefined {
  if (!p) return undefined;
  cx.mem.check(p, 16);
  const c = g.clientRect(w);
  return [rect(cx.mem.i32(p) + c.left, cx.mem.i32(p + 4) + c.top, cx.mem.i32(p + 8) + c.left, cx.mem.i32(p + 12) + c.top)];
}

const RDW = { INVALIDATE: 0x1, INTERNALPAINT: 0x2, ERASE: 0x4, VALIDATE: 0x8, ALLCHILDREN: 0x80, UPDATENOW: 0x100, ERASENOW: 0x200, FRAME: 0x400 } as const;

function updateNow(cx: ApiContext, g: Gwes, w: Window, then: () => Returns<'i32'>): Returns<'i32'> {
  if (!w.update.length || !g.isVisible(w)) return then();
  return send(cx, g, w, WM.PAINT, 0, 0, () => then());
}

export const paint: ApiDef[] = [
  fn('BeginPaint(handle hWnd, ptr lpPaint): handle', (cx, h: number, ps: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    cx.mem.check(ps, 64, 'write');
    return beginPaint(cx, g, w, (p) => {
      // PAINTSTRUCT: hdc, fErase, rcPaint, fRestore, fIncUpdate, rgbReserved[32].
      const b = Buffer.alloc(64);
      b.writeUInt32LE(p.hdc, 0);
      b.writeUInt32LE(p.erase ? 1 : 0, 4);
      b.writeInt32LE(p.rc.left, 8);
      b.writeInt32LE(p.rc.top, 12);
      b.writeInt32LE(p.rc.right, 16);
      b.writeInt32LE(p.rc.bottom, 20);
      cx.mem.write(ps, b);
      return p.hdc;
    });
  }),
  fn('EndPaint(handle hWnd, ptr lpPaint): bool', (cx, _h: number, ps: number) => {
    const g = gwe(cx);
    const hdc = cx.mem.u32(ps);
    if (g.gdi.dc(hdc)) endPaint(g, hdc);
    return 1;
  }),
  fn('InvalidateRect(handle hWnd, ptr lpRect, bool bErase): bool', (cx, h: number, p: number, erase: number) => {
    const g = gwe(cx);
    if (!h) {
      g.expose([rect(0, 0, g.screen.width, g.screen.height)]);
      return 1;
    }
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    g.invalidate(w, readRectOrAll(cx, g, w, p), !!erase);
    return 1;
  }),
  fn('ValidateRect(handle hWnd, ptr lpRect): bool', (cx, h: number, p: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    g.validate(w, readRectOrAll(cx, g, w, p));
    return 1;
  }),
  fn('InvalidateRgn(handle hWnd, handle hRgn, bool bErase): bool', (cx, h: number, rgn: number, erase: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.clientRect(w);
    const r = rgn ? regionOf(g, rgn) : undefined;
    g.invalidate(w, r ? offset(r, c.left, c.top) : undefined, !!erase);
    return 1;
  }),
  fn('ValidateRgn(handle hWnd, handle hRgn): bool', (cx, h: number, rgn: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.clientRect(w);
    const r = rgn ? regionOf(g, rgn) : undefined;
    g.validate(w, r ? offset(r, c.left, c.top) : undefined);
    return 1;
  }),
  fn('GetUpdateRect(handle hWnd, ptr lpRect, bool bErase): bool', (cx, h: number, p: number, erase: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.clientRect(w);
    const b = bounds(offset(w.update, -c.left, -c.top));
    if (p) {
      cx.mem.check(p, 16, 'write');
      [b.left, b.top, b.right, b.bottom].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    }
    const any = w.update.length ? 1 : 0;
    if (any && erase && w.erase) {
      const hdc = windowDc(cx, g, w, false, w.update);
      w.erase = false;
      return send(cx, g, w, WM.ERASEBKGND, hdc, 0, () => {
        g.gdi.delete(hdc);
        return any;
      });
    }
    return any;
  }),
  fn('UpdateWindow(handle hWnd): bool', (cx, h: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return updateNow(cx, g, w, () => 1);
  }),
  fn('RedrawWindow(handle hWnd, ptr lprcUpdate, handle hrgnUpdate, hex flags): bool', (cx, h: number, p: number, rgn: number, flags: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.clientRect(w);
    const area = p ? readRectOrAll(cx, g, w, p) : rgn ? offset(regionOf(g, rgn) ?? [], c.left, c.top) : undefined;
    if (flags & RDW.FRAME) g.paintNonClient(w);
    if (flags & RDW.INVALIDATE) g.invalidate(w, area, (flags & RDW.ERASE) !== 0);
    if (flags & RDW.VALIDATE) g.validate(w, area);
    if (flags & RDW.ALLCHILDREN && flags & RDW.INVALIDATE) {
      const visit = (parent: number) => {
        for (const ch of g.children(parent)) {
          g.invalidate(ch, area, (flags & RDW.ERASE) !== 0);
          visit(ch.hwnd);
        }
      };
      visit(w.hwnd);
    }
    return flags & (RDW.UPDATENOW | RDW.ERASENOW) ? updateNow(cx, g, w, () => 1) : 1;
  }),
  fn('GetDC(handle hWnd): handle', (cx, h: number) => {
    const g = gwe(cx);
    if (!h || h === DESKTOP_HWND) return windowDc(cx, g, undefined, false);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return windowDc(cx, g, w, false);
  }),
  fn('GetDCEx(handle hWnd, handle hrgnClip, hex flags): handle', (cx, h: number, rgn: number, flags: number) => {
    const g = gwe(cx);
    if (!h || h === DESKTOP_HWND) return windowDc(cx, g, undefined, false);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const DCX_WINDOW = 1;
    const DCX_INTERSECTRGN = 0x80;
    const whole = (flags & DCX_WINDOW) !== 0;
    const r = flags & DCX_INTERSECTRGN && rgn ? regionOf(g, rgn) : undefined;
    return windowDc(cx, g, w, whole, r);
  }),
  fn('GetWindowDC(handle hWnd): handle', (cx, h: number) => {
    const g = gwe(cx);
    if (!h || h === DESKTOP_HWND) return windowDc(cx, g, undefined, true);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return windowDc(cx, g, w, true);
  }),
  fn('ReleaseDC(handle hWnd, handle hDC): i32', (cx, _h: number, hdc: number) => {
    const g = gwe(cx);
    const dc = g.gdi.dc(hdc);
    if (!dc || dc.kind !== 'screen' || !dc.owned) return 0; // a CreateDC display DC is deleted, not released
    screenDcDone(g, hdc);
    return 1;
  }),
];
