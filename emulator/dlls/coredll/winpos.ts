/**
 * coredll window positions, visibility, activation and focus (GWES): ShowWindow, SetWindowPos,
 * MoveWindow, BringWindowToTop, GetWindowRect, GetClientRect, ClientToScreen, ScreenToClient,
 * MapWindowPoints, GetWindow, IsWindowVisible, EnableWindow, IsWindowEnabled, SetFocus, GetFocus,
 * SetActiveWindow, GetActiveWindow, SetForegroundWindow, GetForegroundWindow, WindowFromPoint,
 * ChildWindowFromPoint, AdjustWindowRectEx, and window destruction. The state is gwes/wm.ts.
 *
 * Message sequences (the order Wine's message tests record for desktop Windows, without the
 * non-client messages CE never sends to applications):
 *  - CreateWindowExW: WM_NCCREATE, WM_CREATE, WM_SIZE, WM_MOVE; with WS_VISIBLE then ShowWindow's. An
 *    overlapped window (neither WS_CHILD nor WS_POPUP) gets no WM_SIZE/WM_MOVE there: its first ShowWindow
 *    that shows it sends them after WM_WINDOWPOSCHANGED (Wine's WIN_NEED_SIZE in win.c/winpos.c, and the
 *    msg.c sequences WmCreateOverlappedSeq / WmShowOverlappedSeq). CE's solitare.exe depends on it: its
 *    WM_SIZE handler uses a pointer set only after CreateWindowExW returns, before ShowWindow.
 *  - ShowWindow(SW_SHOW) of a hidden top-level window: WM_SHOWWINDOW(1), WM_WINDOWPOSCHANGING,
 *    [activation: WM_ACTIVATE(WA_INACTIVE) to the old active window, WM_KILLFOCUS, WM_ACTIVATE(WA_ACTIVE)
 *    to the new one, whose DefWindowProc sets the focus: WM_SETFOCUS], WM_WINDOWPOSCHANGED; WM_PAINT
 *    follows from the message loop (WM_ERASEBKGND inside BeginPaint).
 *  - SetWindowPos / MoveWindow: WM_WINDOWPOSCHANGING, WM_WINDOWPOSCHANGED, whose DefWindowProc sends
 *    WM_MOVE and WM_SIZE (as Wine's DefWindowProc does) unless SWP_NOMOVE / SWP_NOSIZE.
 *  - DestroyWindow: hidden first (WM_WINDOWPOSCHANGING/CHANGED with SWP_HIDEWINDOW), deactivated
 *    (WM_ACTIVATE(WA_INACTIVE), WM_KILLFOCUS), then WM_DESTROY, the children, WM_NCDESTROY.
 * Messages to a window of another thread are queued to it as sent messages without waiting.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { WM, DESKTOP_HWND, gwesOf, type Gwes, type Window } from '../../gwes/wm.js';
import { layout, WS } from '../../gwes/nonclient.js';
import { windowAt } from '../../gwes/input.js';
import { rect, subtract, type Region } from '../../gdi/region.js';
import type { Rect } from '../../gdi/surface.js';
import { ERROR } from '../../core/win32-errors.js';

const SWP = {
  NOSIZE: 0x1,
  NOMOVE: 0x2,
  NOZORDER: 0x4,
  NOREDRAW: 0x8,
  NOACTIVATE: 0x10,
  FRAMECHANGED: 0x20,
  SHOWWINDOW: 0x40,
  HIDEWINDOW: 0x80,
} as const;
const HWND_TOP = 0;
const HWND_BOTTOM = 1;
const HWND_TOPMOST = -1 >>> 0;
const HWND_NOTOPMOST = -2 >>> 0;
const WA_INACTIVE = 0;
const WA_ACTIVE = 1;
/** WM_ACTIVATE's wParam for a window activated by a tap (CE 5 reference, WM_ACTIVATE). */
export const WA_CLICKACTIVE = 2;

const gwe = (cx: ApiContext): Gwes => gwesOf(cx.machine);

type Next = () => Returns<'i32'>;

/** Sends a message from inside an API call: the window procedure runs now (same thread) or later (another thread). */
export function send(cx: ApiContext, g: Gwes, w: Window, msg: number, wp: number, lp: number, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  if (w.destroyed) return then(0);
  if (w.thread === cx.thread) return cx.callGuest(w.proc, [w.hwnd, msg, wp >>> 0, lp >>> 0], then);
  const q = g.queue(w.thread);
  q.sent.push({ hwnd: w.hwnd, msg, wParam: wp >>> 0, lParam: lp >>> 0, reply: () => {} });
  q.changed();
  return then(0);
}

function seq(steps: ((next: Next) => Returns<'i32'>)[], done: Next): Returns<'i32'> {
  const run = (i: number): Returns<'i32'> => (i >= steps.length ? done() : steps[i]!(() => run(i + 1)));
  return run(0);
}

const pack = (lo: number, hi: number): number => ((lo & 0xffff) | ((hi & 0xffff) << 16)) >>> 0;

/** Window rectangle relative to the parent's client origin (what WINDOWPOS and WM_MOVE use). */
function relRect(g: Gwes, w: Window): Rect {
  const o = g.originOf(w.parent);
  return rect(w.rect.left - o.x, w.rect.top - o.y, w.rect.right - o.x, w.rect.bottom - o.y);
}

/** WM_WINDOWPOSCHANGED's default: WM_MOVE (client origin in parent coordinates) and WM_SIZE (client size). */
export function defPosChanged(cx: ApiContext, g: Gwes, w: Window, lp: number): Returns<'i32'> {
  const flags = lp ? cx.mem.u32(lp + 24) : SWP.NOMOVE | SWP.NOSIZE;
  const c = g.clientRect(w);
  const o = g.originOf(w.parent);
  return seq(
    [
      (next) => (flags & SWP.NOMOVE ? next() : send(cx, g, w, WM.MOVE, 0, pack(c.left - o.x, c.top - o.y), next)),
      (next) => (flags & SWP.NOSIZE ? next() : send(cx, g, w, WM.SIZE, 0, pack(c.right - c.left, c.bottom - c.top), next)),
    ],
    () => 0,
  );
}

/** Sets the focus (WM_KILLFOCUS to the old window, WM_SETFOCUS to the new one). */
export function setFocus(cx: ApiContext, g: Gwes, w: Window | undefined, then: (old: number) => Returns<'i32'>): Returns<'i32'> {
  const old = g.focus;
  const oldW = g.window(old);
  if (w && old === w.hwnd) return then(old);
  g.focus = w?.hwnd ?? 0;
  return seq(
    [(next) => (oldW ? send(cx, g, oldW, WM.KILLFOCUS, w?.hwnd ?? 0, 0, next) : next()), (next) => (w ? send(cx, g, w, WM.SETFOCUS, old, 0, next) : next())],
    () => then(old),
  );
}

/**
 * Activates a top-level window (WM_ACTIVATE to the old and the new one, captions redrawn). The window
 * comes to the top of the z-order; what other windows covered of it is exposed (frame redrawn, client
 * part to its update region).
 */
export function activate(cx: ApiContext, g: Gwes, w: Window | undefined, then: (old: number) => Returns<'i32'>, how: number = WA_ACTIVE): Returns<'i32'> {
  const old = g.active;
  if (w && old === w.hwnd) return then(old);
  const oldW = g.window(old);
  g.active = w?.hwnd ?? 0;
  if (oldW) g.paintNonClient(oldW);
  if (w) {
    const shown = g.visibleRegion(w, false);
    g.restack(w, 'top');
    let covered: Region = g.visibleRegion(w, false);
    for (const r of shown) covered = subtract(covered, r);
    if (covered.length) g.expose(covered);
    g.paintNonClient(w);
  }
  return seq(
    [
      (next) => (oldW ? send(cx, g, oldW, WM.ACTIVATE, WA_INACTIVE, w?.hwnd ?? 0, next) : next()),
      (next) => (oldW && g.focus && !w ? setFocus(cx, g, undefined, next) : next()),
      (next) => (w ? send(cx, g, w, WM.ACTIVATE, how, old, next) : next()),
    ],
    () => then(old),
  );
}

/**
 * The core of SetWindowPos: new rectangle (parent coordinates), z-order, show/hide, with the
 * WM_WINDOWPOSCHANGING / WM_WINDOWPOSCHANGED pair, exposure of the uncovered screen and activation.
 */
export function setWindowPos(
  cx: ApiContext,
  g: Gwes,
  w: Window,
  after: number,
  x: number,
  y: number,
  cw: number,
  ch: number,
  flags: number,
  then: Next,
): Returns<'i32'> {
  const cur = relRect(g, w);
  if (flags & SWP.NOMOVE) [x, y] = [cur.left, cur.top];
  if (flags & SWP.NOSIZE) [cw, ch] = [cur.right - cur.left, cur.bottom - cur.top];
  // WINDOWPOS in the window's process memory: hwnd, hwndInsertAfter, x, y, cx, cy, flags.
  const same = w.thread === cx.thread;
  const wp = same ? cx.machine.processHeap.alloc(28, true) : 0;
  const writePos = () => {
    if (!wp) return;
    [w.hwnd, after, x, y, cw, ch, flags].forEach((v, i) => cx.mem.setU32(wp + 4 * i, v >>> 0));
  };
  const readPos = () => {
    if (!wp) return;
    x = cx.mem.i32(wp + 8);
    y = cx.mem.i32(wp + 12);
    cw = cx.mem.i32(wp + 16);
    ch = cx.mem.i32(wp + 20);
    flags = cx.mem.u32(wp + 24);
  };
  writePos();
  return seq(
    [
      (next) => send(cx, g, w, WM.WINDOWPOSCHANGING, 0, wp, next),
      (next) => {
        readPos();
        const before: Region = g.isVisible(w) ? [w.rect] : [];
        const o = g.originOf(w.parent);
        const moved = x !== cur.left || y !== cur.top || cw !== cur.right - cur.left || ch !== cur.bottom - cur.top;
        const oldClient = g.clientRect(w);
        w.rect = rect(o.x + x, o.y + y, o.x + x + Math.max(0, cw), o.y + y + Math.max(0, ch));
        // Rectangles are kept in screen coordinates: the children move with their parent's client area.
        const newClient = g.clientRect(w);
        shiftChildren(g, w, newClient.left - oldClient.left, newClient.top - oldClient.top);
        if (!(flags & SWP.NOZORDER)) {
          if (after === HWND_TOP || after === HWND_TOPMOST || after === HWND_NOTOPMOST) g.restack(w, 'top');
          else if (after === HWND_BOTTOM) g.restack(w, 'bottom');
          else if (g.window(after)) g.restack(w, after);
        }
        if (flags & SWP.SHOWWINDOW) w.style |= WS.VISIBLE;
        if (flags & SWP.HIDEWINDOW) w.style &= ~WS.VISIBLE;
        if (!moved && !(flags & (SWP.SHOWWINDOW | SWP.HIDEWINDOW | SWP.FRAMECHANGED)) && flags & SWP.NOZORDER) return next();
        const nowVisible = g.isVisible(w);
        // What the window no longer covers is exposed; the window itself is redrawn where it shows.
        let exposed = before;
        if (nowVisible) for (const r of [w.rect]) exposed = subtract(exposed, r);
        if (exposed.length) g.expose(exposed);
        if (nowVisible && !(flags & SWP.NOREDRAW)) g.expose([w.rect]);
        return next();
      },
      (next) => {
        const top = !(w.style & WS.CHILD);
        if (top && flags & SWP.SHOWWINDOW && !(flags & SWP.NOACTIVATE) && !(w.exStyle & 0x0800_0000)) return activate(cx, g, w, next);
        if (top && flags & SWP.HIDEWINDOW && g.active === w.hwnd) return activate(cx, g, nextActive(g, w), next);
        if (flags & SWP.HIDEWINDOW && (g.focus === w.hwnd || isAncestor(g, w, g.focus))) return setFocus(cx, g, undefined, next);
        return next();
      },
      (next) => {
        writePos();
        return send(cx, g, w, WM.WINDOWPOSCHANGED, 0, wp, next);
      },
    ],
    () => {
      if (wp) cx.machine.processHeap.freeBlock(wp);
      return then();
    },
  );
}

/** Moves every descendant of `w` (window rectangle and pending update region) by (dx, dy) screen pixels. */
function shiftChildren(g: Gwes, w: Window, dx: number, dy: number): void {
  if (!dx && !dy) return;
  for (const c of g.children(w.hwnd)) {
    c.rect = rect(c.rect.left + dx, c.rect.top + dy, c.rect.right + dx, c.rect.bottom + dy);
    c.update = c.update.map((r) => rect(r.left + dx, r.top + dy, r.right + dx, r.bottom + dy));
    shiftChildren(g, c, dx, dy);
  }
}

function isAncestor(g: Gwes, a: Window, h: number): boolean {
  for (let w = g.window(h); w; w = g.window(w.parent)) if (w === a) return true;
  return false;
}

/** The top-level window activated when `w` goes away: the next visible enabled one in z-order. */
function nextActive(g: Gwes, w: Window): Window | undefined {
  return g.children(0).find((x) => x !== w && x.style & WS.VISIBLE && !(x.style & WS.DISABLED));
}

const SW = { HIDE: 0, SHOWNORMAL: 1, SHOWNOACTIVATE: 4, SHOW: 5, MINIMIZE: 6, SHOWNA: 8, SHOWMAXIMIZED: 3, RESTORE: 9 } as const;

export function showWindow(cx: ApiContext, g: Gwes, w: Window, cmd: number, then: (wasVisible: number) => Returns<'i32'>): Returns<'i32'> {
  const was = w.style & WS.VISIBLE ? 1 : 0;
  const show = cmd !== SW.HIDE && cmd !== SW.MINIMIZE;
  if (!!was === show && cmd !== SW.SHOWMAXIMIZED) return then(was);
  let flags = SWP.NOMOVE | SWP.NOSIZE | SWP.NOZORDER | (show ? SWP.SHOWWINDOW : SWP.HIDEWINDOW);
  if (cmd === SW.SHOWNOACTIVATE || cmd === SW.SHOWNA || w.style & WS.CHILD) flags |= SWP.NOACTIVATE;
  let after = HWND_TOP;
  if (cmd === SW.SHOWMAXIMIZED && !(w.style & WS.CHILD)) {
    // CE has no maximised state: the window covers the screen.
    flags &= ~(SWP.NOMOVE | SWP.NOSIZE);
    after = HWND_TOP;
    return send(cx, g, w, WM.SHOWWINDOW, 1, 0, () =>
      setWindowPos(cx, g, w, after, 0, 0, g.screen.width, g.screen.height, flags & ~SWP.NOZORDER, () => sizeOnShow(cx, g, w, true, () => then(was))),
    );
  }
  return send(cx, g, w, WM.SHOWWINDOW, show ? 1 : 0, 0, () =>
    setWindowPos(cx, g, w, after, 0, 0, 0, 0, flags, () => sizeOnShow(cx, g, w, show, () => then(was))),
  );
}

/** The WM_SIZE and WM_MOVE an overlapped window's CreateWindowExW left to its first ShowWindow (module comment). */
function sizeOnShow(cx: ApiContext, g: Gwes, w: Window, show: boolean, then: Next): Returns<'i32'> {
  if (!show || !w.needSize || w.destroyed) return then();
  w.needSize = false;
  const c = g.clientRect(w);
  const o = g.originOf(w.parent);
  return seq(
    [
      (next) => send(cx, g, w, WM.SIZE, 0, pack(c.right - c.left, c.bottom - c.top), next),
      (next) => send(cx, g, w, WM.MOVE, 0, pack(c.left - o.x, c.top - o.y), next),
    ],
    then,
  );
}

/** After WM_CREATE: WM_SIZE and WM_MOVE (not for an overlapped window), then ShowWindow when the style asked for WS_VISIBLE. */
export function afterCreate(cx: ApiContext, g: Gwes, w: Window, visible: boolean, then: Next): Returns<'i32'> {
  const c = g.clientRect(w);
  const o = g.originOf(w.parent);
  return seq(
    [
      (next) => (w.needSize ? next() : send(cx, g, w, WM.SIZE, 0, pack(c.right - c.left, c.bottom - c.top), next)),
      (next) => (w.needSize ? next() : send(cx, g, w, WM.MOVE, 0, pack(c.left - o.x, c.top - o.y), next)),
      (next) => (visible ? showWindow(cx, g, w, SW.SHOW, next) : next()),
    ],
    then,
  );
}

/** Hides, deactivates and destroys a window and its children (module comment). */
export function destroyWindow(cx: ApiContext, g: Gwes, w: Window, then: Next): Returns<'i32'> {
  const children = g.children(w.hwnd);
  const finish = () => {
    w.destroyed = true;
    g.remove(w);
    for (const t of [...g.timers.values()]) if (t.hwnd === w.hwnd) g.killTimer(t.key);
    for (const q of g.queues.values()) {
      for (let i = q.posted.length - 1; i >= 0; i--) if (q.posted[i]!.hwnd === w.hwnd) q.posted.splice(i, 1);
    }
    return then();
  };
  return seq(
    [
      (next) =>
        w.style & WS.VISIBLE && w.thread === cx.thread
          ? setWindowPos(cx, g, w, 0, 0, 0, 0, 0, SWP.NOMOVE | SWP.NOSIZE | SWP.NOZORDER | SWP.HIDEWINDOW, next)
          : next(),
      (next) => (g.active === w.hwnd ? activate(cx, g, nextActive(g, w), next) : next()),
      (next) => (g.focus === w.hwnd || isAncestor(g, w, g.focus) ? setFocus(cx, g, undefined, next) : next()),
      (next) => send(cx, g, w, WM.DESTROY, 0, 0, next),
      (next) => {
        const one = (i: number): Returns<'i32'> => (i >= children.length ? next() : destroyWindow(cx, g, children[i]!, () => one(i + 1)));
        return one(0);
      },
      (next) => send(cx, g, w, WM.NCDESTROY, 0, 0, next),
    ],
    finish,
  );
}

function writeRect(cx: ApiContext, p: number, r: Rect): void {
  cx.mem.check(p, 16, 'write');
  cx.mem.setU32(p, r.left >>> 0);
  cx.mem.setU32(p + 4, r.top >>> 0);
  cx.mem.setU32(p + 8, r.right >>> 0);
  cx.mem.setU32(p + 12, r.bottom >>> 0);
}

function readRect(cx: ApiContext, p: number): Rect {
  cx.mem.check(p, 16);
  return rect(cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12));
}

/** Screen position of a window's client origin (0,0 for the desktop / NULL). */
function clientOrigin(g: Gwes, h: number): { x: number; y: number } | undefined {
  if (h === 0 || h === DESKTOP_HWND) return { x: 0, y: 0 };
  const w = g.window(h);
  if (!w) return undefined;
  const c = g.clientRect(w);
  return { x: c.left, y: c.top };
}

const GW = { HWNDFIRST: 0, HWNDLAST: 1, HWNDNEXT: 2, HWNDPREV: 3, OWNER: 4, CHILD: 5 } as const;

export const winpos: ApiDef[] = [
  fn('ShowWindow(handle hWnd, i32 nCmdShow): bool', (cx, h: number, cmd: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return showWindow(cx, g, w, cmd, (was) => was);
  }),
  fn(
    'SetWindowPos(handle hWnd, handle hWndInsertAfter, i32 X, i32 Y, i32 cx, i32 cy, hex uFlags): bool',
    (cx, h: number, after: number, x: number, y: number, cw: number, ch: number, flags: number) => {
      const g = gwe(cx);
      const w = g.window(h);
      if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      return setWindowPos(cx, g, w, after, x, y, cw, ch, flags, () => 1);
    },
  ),
  fn(
    'MoveWindow(handle hWnd, i32 X, i32 Y, i32 nWidth, i32 nHeight, bool bRepaint): bool',
    (cx, h: number, x: number, y: number, cw: number, ch: number, repaint: number) => {
      const g = gwe(cx);
      const w = g.window(h);
      if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      return setWindowPos(cx, g, w, 0, x, y, cw, ch, SWP.NOZORDER | SWP.NOACTIVATE | (repaint ? 0 : SWP.NOREDRAW), () => 1);
    },
  ),
  fn('BringWindowToTop(handle hWnd): bool', (cx, h: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return setWindowPos(cx, g, w, HWND_TOP, 0, 0, 0, 0, SWP.NOMOVE | SWP.NOSIZE, () => 1);
  }),
  fn('GetWindowRect(handle hWnd, ptr lpRect): bool', (cx, h: number, p: number) => {
    const g = gwe(cx);
    if (h === DESKTOP_HWND) {
      writeRect(cx, p, rect(0, 0, g.screen.width, g.screen.height));
      return 1;
    }
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    writeRect(cx, p, w.rect);
    return 1;
  }),
  fn('GetClientRect(handle hWnd, ptr lpRect): bool', (cx, h: number, p: number) => {
    const g = gwe(cx);
    if (h === DESKTOP_HWND) {
      writeRect(cx, p, rect(0, 0, g.screen.width, g.screen.height));
      return 1;
    }
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const c = g.clientRect(w);
    writeRect(cx, p, rect(0, 0, c.right - c.left, c.bottom - c.top));
    return 1;
  }),
  fn('ClientToScreen(handle hWnd, ptr lpPoint): bool', (cx, h: number, p: number) => {
    const o = clientOrigin(gwe(cx), h);
    if (!o) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    cx.mem.setU32(p, (cx.mem.i32(p) + o.x) >>> 0);
    cx.mem.setU32(p + 4, (cx.mem.i32(p + 4) + o.y) >>> 0);
    return 1;
  }),
  fn('ScreenToClient(handle hWnd, ptr lpPoint): bool', (cx, h: number, p: number) => {
    const o = clientOrigin(gwe(cx), h);
    if (!o) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    cx.mem.setU32(p, (cx.mem.i32(p) - o.x) >>> 0);
    cx.mem.setU32(p + 4, (cx.mem.i32(p + 4) - o.y) >>> 0);
    return 1;
  }),
  fn('MapWindowPoints(handle hWndFrom, handle hWndTo, ptr lpPoints, u32 cPoints): i32', (cx, from: number, to: number, p: number, n: number) => {
    const g = gwe(cx);
    const a = clientOrigin(g, from);
    const b = clientOrigin(g, to);
    if (!a || !b) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const dx = a.x - b.x;
    const dy = a.y - b.y;
    cx.mem.check(p, 8 * n, 'write');
    for (let i = 0; i < n; i++) {
      cx.mem.setU32(p + 8 * i, (cx.mem.i32(p + 8 * i) + dx) >>> 0);
      cx.mem.setU32(p + 8 * i + 4, (cx.mem.i32(p + 8 * i + 4) + dy) >>> 0);
    }
    return (dx & 0xffff) | ((dy & 0xffff) << 16) | 0;
  }),
  fn('GetWindow(handle hWnd, u32 uCmd): handle', (cx, h: number, cmd: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const sibs = g.children(w.parent);
    const i = sibs.indexOf(w);
    switch (cmd) {
      case GW.HWNDFIRST:
        return sibs[0]?.hwnd ?? 0;
      case GW.HWNDLAST:
        return sibs[sibs.length - 1]?.hwnd ?? 0;
      case GW.HWNDNEXT:
        return sibs[i + 1]?.hwnd ?? 0;
      case GW.HWNDPREV:
        return i > 0 ? sibs[i - 1]!.hwnd : 0;
      case GW.OWNER:
        return 0;
      case GW.CHILD:
        return g.children(w.hwnd)[0]?.hwnd ?? 0;
      default:
        return cx.fail(0, ERROR.INVALID_PARAMETER);
    }
  }),
  fn('IsWindowVisible(handle hWnd): bool', (cx, h: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    return w && g.isVisible(w) ? 1 : 0;
  }),
  fn('EnableWindow(handle hWnd, bool bEnable): bool', (cx, h: number, enable: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const wasDisabled = w.style & WS.DISABLED ? 1 : 0;
    if (!!enable === !wasDisabled) return wasDisabled;
    if (enable) w.style &= ~WS.DISABLED;
    else w.style |= WS.DISABLED;
    return seq(
      [
        (next) => (!enable && (g.focus === w.hwnd || isAncestor(g, w, g.focus)) ? setFocus(cx, g, undefined, next) : next()),
        (next) => send(cx, g, w, WM.ENABLE, enable ? 1 : 0, 0, next),
      ],
      () => wasDisabled,
    );
  }),
  fn('IsWindowEnabled(handle hWnd): bool', (cx, h: number) => {
    const w = gwe(cx).window(h);
    return w && !(w.style & WS.DISABLED) ? 1 : 0;
  }),
  fn('SetFocus(handle hWnd): handle', (cx, h: number) => {
    const g = gwe(cx);
    const w = h ? g.window(h) : undefined;
    if (h && !w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (w && w.style & WS.DISABLED) return 0;
    // Focusing a window activates its top-level window first.
    const top = w ? g.topLevelOf(w) : undefined;
    const old = g.focus;
    const go = () => setFocus(cx, g, w, () => old);
    return top && g.active !== top.hwnd ? activate(cx, g, top, go) : go();
  }),
  fn('GetFocus(): handle', (cx) => {
    const g = gwe(cx);
    const w = g.window(g.focus);
    return w && w.thread === cx.thread ? w.hwnd : 0;
  }),
  fn('SetActiveWindow(handle hWnd): handle', (cx, h: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return activate(cx, g, g.topLevelOf(w), (old) => old);
  }),
  fn('GetActiveWindow(): handle', (cx) => {
    const g = gwe(cx);
    const w = g.window(g.active);
    return w && w.thread === cx.thread ? w.hwnd : 0;
  }),
  fn('SetForegroundWindow(handle hWnd): bool', (cx, h: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return activate(cx, g, g.topLevelOf(w), () => 1);
  }),
  fn('GetForegroundWindow(): handle', (cx) => gwe(cx).active),
  fn('WindowFromPoint(i32 x, i32 y): handle', (cx, x: number, y: number) => windowAt(gwe(cx), 0, x, y)?.hwnd ?? 0),
  fn('ChildWindowFromPoint(handle hWndParent, i32 x, i32 y): handle', (cx, h: number, x: number, y: number) => {
    const g = gwe(cx);
    const p = g.window(h);
    if (!p) return 0;
    const c = g.clientRect(p);
    const sx = c.left + x;
    const sy = c.top + y;
    // Window regions (SetWindowRgn) count: a point outside one is not on that window.
    if (!g.onWindow(p, sx, sy)) return 0;
    const hit = g.children(h).find((w) => g.onWindow(w, sx, sy));
    return hit?.hwnd ?? h;
  }),
  fn('AdjustWindowRectEx(ptr lpRect, hex dwStyle, bool bMenu, hex dwExStyle): bool', (cx, p: number, style: number, _menu: number, ex: number) => {
    const r = readRect(cx, p);
    // The client rectangle of a 1000x1000 window tells the non-client thickness on each side.
    const l = layout(style, ex, 1000, 1000);
    writeRect(cx, p, rect(r.left - l.client.left, r.top - l.client.top, r.right + (1000 - l.client.right), r.bottom + (1000 - l.client.bottom)));
    return 1;
  }),
];
