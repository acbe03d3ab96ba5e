/**
 * GWES, the window manager of a run: one per device, shared by every process of the run (it lives in
 * Machine.runState, which CreateProcessW hands to child processes). It keeps the window classes, the
 * window tree and its z-order, geometry (window rectangles in screen coordinates, CE's non-client
 * layout from nonclient.ts), update regions and WM_PAINT generation, activation, focus and capture,
 * one message queue per guest thread, and timers. The coredll export families (windows.ts,
 * winpos.ts, paint.ts) are thin layers over it.
 *
 * Drawing: the non-client area is drawn by wmemu into the framebuffer whenever a window is shown,
 * moved, activated or its text changes; the client area belongs to the application, which paints it
 * on WM_PAINT. Exposed parts of the desktop are filled with COLOR_BACKGROUND. CE windows always clip
 * their children and siblings (WS_CLIPCHILDREN | WS_CLIPSIBLINGS are implied on CE), so the visible
 * region of a window is its rectangle inside its ancestors' client areas minus every visible window
 * above it and (for the client area) its visible children.
 */
import type { Clock } from '../core/kernel/clock.js';
import type { GuestThread } from '../core/kernel/thread.js';
import type { Machine } from '../core/machine.js';
import { registerWindowPoster } from '../core/window-post.js';
import { Display } from '../display/display.js';
import { patBlt } from '../gdi/draw.js';
import { GdiTable } from '../gdi/objects.js';
import { ROP } from '../gdi/rop.js';
import { bounds, intersectRect, intersectRegion, offset, rect, subtract, subtractRegion, union, type Region } from '../gdi/region.js';
import { isEmpty, type ColorRef, type Rect } from '../gdi/surface.js';
import { layout, paintNonClient, WS } from './nonclient.js';
import { fontTableOf, type FontTable } from '../gdi/font-table.js';
import { DEFAULT_COLORS, screenOf, SYS_COLOR_INDEX_FLAG, type Screen } from './sysmetrics.js';
import { scrollBarOf } from './scrollbar.js';

export const WM = {
  NULL: 0x0000,
  CREATE: 0x0001,
  DESTROY: 0x0002,
  MOVE: 0x0003,
  SIZE: 0x0005,
  ACTIVATE: 0x0006,
  SETFOCUS: 0x0007,
  KILLFOCUS: 0x0008,
  ENABLE: 0x000a,
  SETTEXT: 0x000c,
  GETTEXT: 0x000d,
  GETTEXTLENGTH: 0x000e,
  PAINT: 0x000f,
  CLOSE: 0x0010,
  QUIT: 0x0012,
  ERASEBKGND: 0x0014,
  SHOWWINDOW: 0x0018,
  SETTINGCHANGE: 0x001a,
  SYSCOLORCHANGE: 0x0015,
  WINDOWPOSCHANGING: 0x0046,
  WINDOWPOSCHANGED: 0x0047,
  STYLECHANGED: 0x007d,
  NCCREATE: 0x0081,
  NCDESTROY: 0x0082,
  KEYDOWN: 0x0100,
  KEYUP: 0x0101,
  CHAR: 0x0102,
  COMMAND: 0x0111,
  SYSCOMMAND: 0x0112,
  TIMER: 0x0113,
  MOUSEMOVE: 0x0200,
  LBUTTONDOWN: 0x0201,
  LBUTTONUP: 0x0202,
  LBUTTONDBLCLK: 0x0203,
  HELP: 0x0053,
  USER: 0x0400,
} as const;

export const DESKTOP_HWND = 0x0001_0010;
const FIRST_HWND = 0x0001_0100;

export interface WndClass {
  atom: number;
  name: string;
  proc: number;
  style: number;
  cbClsExtra: number;
  cbWndExtra: number;
  hInstance: number;
  hbrBackground: number;
  /** WNDCLASSW hIcon, hCursor and lpszMenuName as registered (GetClassInfoW returns them). */
  hIcon?: number;
  hCursor?: number;
  menuName?: number;
}

export interface Window {
  hwnd: number;
  cls: WndClass;
  proc: number;
  title: string;
  style: number;
  exStyle: number;
  parent: number;
  id: number;
  userData: number;
  extra: Buffer;
  thread: GuestThread;
  machine: Machine;
  /** Window rectangle in screen coordinates. */
  rect: Rect;
  destroyed: boolean;
  /** Update region in screen coordinates (inside the client area). */
  update: Region;
  /** The next BeginPaint sends WM_ERASEBKGND. */
  erase: boolean;
  /**
   * An overlapped window (neither WS_CHILD nor WS_POPUP) gets no WM_SIZE/WM_MOVE from CreateWindowExW:
   * they are sent by its first ShowWindow that shows it (Wine's WIN_NEED_SIZE; coredll/winpos.ts).
   */
  needSize?: boolean;
  /**
   * The window region (SetWindowRgn), in window coordinates (relative to the window rectangle's
   * top-left corner); undefined: none, the whole rectangle. Nothing outside it is drawn or hit.
   */
  rgn?: Region;
  /** A menu window's items as the window tree lists them (gwes/menu.ts; coredll/menus.ts sets it). */
  menuItems?: () => MenuItemInfo[];
}

export interface QMsg {
  hwnd: number;
  msg: number;
  wParam: number;
  lParam: number;
  time: number;
  timer?: string;
  /** A pen press from the host (gwes/input.ts): taking it from the queue activates its top-level window. */
  input?: boolean;
  /** Runs when the thread takes the message from its queue (a scroll bar's tracking state: gwes/ncscroll.ts). */
  taken?: () => void;
  /** Screen position of the pen when the message was posted (MSG.pt, GetMessagePos; CE's MSG page). */
  pt?: { x: number; y: number };
}

export interface Sent {
  hwnd: number;
  msg: number;
  wParam: number;
  lParam: number;
  reply: (r: number) => void;
  /** A message from another process whose parameters point into the sender's memory (coredll/xproc.ts). */
  copy?: SentCopy;
}

/**
 * The copy of a cross-process message's data: `into` puts it into the receiving process (its memory
 * and heap) and gives the parameters to deliver there; `after` gets the window procedure's result,
 * copies what the receiver wrote back to the sender and frees the receiver's copy (undefined: the
 * sender stopped waiting, SendMessageTimeout: only the copy is freed).
 */
export interface SentCopy {
  into(receiver: Machine): { wParam: number; lParam: number; after: (result: number | undefined) => void };
}

/**
 * Posted messages a queue holds before PostMessageW / PostThreadMessageW fail (issue 17 item 4: a
 * flood grew the V8 heap until Node aborted). CE documents no number (its GWES fails the post when
 * the allocation fails); we follow desktop Windows' documented limit of 10,000 posted messages per
 * queue (USERPostMessageLimit) and its error, ERROR_NOT_ENOUGH_QUOTA.
 */
export const POSTED_MESSAGE_LIMIT = 10_000;

export class Queue {
  readonly posted: QMsg[] = [];
  readonly sent: Sent[] = [];
  quit: number | undefined;
  /** The thread is parked in GetMessageW waiting for this queue. */
  waiting = false;
  /** Messages from other threads being processed now, nested (InSendMessage). */
  inSend = 0;
  /** The cursor position of the last message the thread took (GetMessagePos, MSG.pt). */
  msgPos = { x: 0, y: 0 };
  private readonly waiters = new Set<() => void>();
  constructor(
    readonly thread: GuestThread,
    private readonly clock: Clock,
    /** Where the pen is now (gwes/cursor.ts): MSG.pt of a message is the position when it was posted. */
    private readonly pen: () => { x: number; y: number } = () => ({ x: 0, y: 0 }),
  ) {}
  onChange(cb: () => void): () => void {
    this.waiters.add(cb);
    return () => this.waiters.delete(cb);
  }
  changed(): void {
    for (const w of [...this.waiters]) w();
  }
  post(m: Omit<QMsg, 'time'>): void {
    this.posted.push({ ...m, time: this.clock.tickCount(), pt: m.pt ?? this.pen() });
    this.changed();
  }
  /** True when the queue has reached POSTED_MESSAGE_LIMIT (a post must fail). */
  get full(): boolean {
    return this.posted.length >= POSTED_MESSAGE_LIMIT;
  }
}

export interface Timer {
  key: string;
  hwnd: number;
  id: number;
  proc: number;
  queue: Queue;
  cancel: () => void;
}

export class Gwes {
  readonly classes = new Map<string, WndClass>();
  readonly windows = new Map<number, Window>();
  /**
   * One queue per guest thread, keyed by the thread itself: thread ids repeat across the processes of
   * a run (each Machine numbers its own threads), and a thread id reused inside a process after its
   * thread exited gets a fresh queue.
   */
  readonly queues = new Map<GuestThread, Queue>();
  readonly timers = new Map<string, Timer>();
  /** Z-order per parent (0 = the desktop's top-level windows), topmost first. */
  private readonly order = new Map<number, number[]>();
  readonly gdi = new GdiTable();
  /** The run's font table: the shipped faces and the device's own (gdi/font-table.ts). */
  readonly fonts: FontTable;
  readonly screen: Screen;
  readonly display: Display;
  readonly colors: ColorRef[] = [...DEFAULT_COLORS];
  /** SPI_SETWORKAREA's rectangle [left, top, right, bottom]; undefined: the whole screen. */
  workArea: number[] | undefined;
  /** GetSysColorBrush's brushes, one per system colour, created on first use. */
  private readonly sysBrushes = new Map<number, number>();
  active = 0;
  focus = 0;
  capture = 0;
  /** The cursor: where the pen last was (gwes/cursor.ts). */
  cursor = { x: 0, y: 0 };
  nextAtom = 0xc000;
  nextHwnd = FIRST_HWND;
  nextTimer = 0x7000;
  readonly clock: Clock;
  /** Called before a window's area is invalidated (the caret removes itself: gwes/caret.ts). */
  readonly onInvalidate: ((w: Window) => void)[] = [];

  constructor(m: Machine) {
    this.fonts = fontTableOf(m);
    this.clock = m.clock;
    this.screen = screenOf(m.options);
    this.display = new Display(this.screen, () => this.colors[1]!);
    m.onShutdown(() => {
      for (const t of this.timers.values()) t.cancel();
      this.timers.clear();
    });
  }

  queue(t: GuestThread): Queue {
    let q = this.queues.get(t);
    if (!q) {
      for (const old of this.queues.keys()) if (old.state === 'exited') this.queues.delete(old);
      this.queues.set(t, (q = new Queue(t, this.clock, () => this.cursor)));
    }
    return q;
  }
  window(h: number): Window | undefined {
    const w = this.windows.get(h >>> 0);
    return w && !w.destroyed ? w : undefined;
  }
  killTimer(key: string): boolean {
    const t = this.timers.get(key);
    if (!t) return false;
    t.cancel();
    this.timers.delete(key);
    const i = t.queue.posted.findIndex((m) => m.timer === key);
    if (i >= 0) t.queue.posted.splice(i, 1);
    return true;
  }

  // ------------------------------------------------------------------ tree and z-order
  siblings(parent: number): number[] {
    let l = this.order.get(parent);
    if (!l) this.order.set(parent, (l = []));
    return l;
  }
  /** The top-level windows, topmost first (the targets of a broadcast, in the order Wine's broadcast uses). */
  topLevel(): Window[] {
    return this.children(0);
  }
  /** Children of `parent` (0 = top-level windows), topmost first. */
  children(parent: number): Window[] {
    return (this.order.get(parent) ?? []).map((h) => this.windows.get(h)!).filter((w) => w && !w.destroyed);
  }
  add(w: Window): void {
    this.track(w);
    this.windows.set(w.hwnd, w);
    this.siblings(w.parent).unshift(w.hwnd);
    this.geometry++;
  }
  remove(w: Window): void {
    const l = this.siblings(w.parent);
    const i = l.indexOf(w.hwnd);
    if (i >= 0) l.splice(i, 1);
    this.geometry++;
    if (this.active === w.hwnd) this.active = 0;
    if (this.focus === w.hwnd) this.focus = 0;
    if (this.capture === w.hwnd) this.capture = 0;
  }
  /** Moves w in its parent's z-order: 'top', 'bottom' or after the window `after`. */
  restack(w: Window, where: 'top' | 'bottom' | number): void {
    this.geometry++;
    const l = this.siblings(w.parent);
    const i = l.indexOf(w.hwnd);
    if (i >= 0) l.splice(i, 1);
    if (where === 'top') l.unshift(w.hwnd);
    else if (where === 'bottom') l.push(w.hwnd);
    else {
      const j = l.indexOf(where);
      l.splice(j < 0 ? 0 : j + 1, 0, w.hwnd);
    }
  }
  topLevelOf(w: Window): Window {
    let t = w;
    for (let p = this.window(t.parent); p && t.style & WS.CHILD; p = this.window(t.parent)) t = p;
    return t;
  }

  // ------------------------------------------------------------------ geometry
  /**
   * Visible regions and client rectangles are cached per window (GetPixel, every GDI call on a window DC asks for them; issue
   * 13 item 6 measured GetPixel at ~5x GetTickCount when it was recomputed per call). The cache is
   * valid while `geometry` is unchanged: it counts every change that can move a visible region - a
   * window added, removed or restacked, and any write of a window's rect, style (WS_VISIBLE, the
   * frame), exStyle, parent or destroyed flag (track() makes those accessors, so no caller can forget
   * to invalidate). Rectangles are frozen: an in-place change (w.rect.left = ...) would throw instead of
   * leaving a stale cache; a new rect must be assigned.
   */
  private geometry = 0;
  private readonly visCache = new WeakMap<Window, { gen: number; client?: Region; whole?: Region; clientRect?: Rect }>();

  private track(w: Window): void {
    for (const k of ['rect', 'style', 'exStyle', 'parent', 'destroyed', 'rgn'] as const) {
      let v: unknown = k === 'rect' ? Object.freeze(w.rect) : w[k];
      Object.defineProperty(w, k, {
        get: () => v,
        set: (x: unknown) => {
          if (x === v) return;
          v = k === 'rect' ? Object.freeze(x as Rect) : x;
          this.geometry++;
        },
        enumerable: true,
        configurable: true,
      });
    }
  }
  /** Client rectangle in screen coordinates (a copy: callers may change it). */
  clientRect(w: Window): Rect {
    let c = this.visCache.get(w);
    if (!c || c.gen !== this.geometry) this.visCache.set(w, (c = { gen: this.geometry }));
    if (!c.clientRect) {
      const l = layout(w.style, w.exStyle, w.rect.right - w.rect.left, w.rect.bottom - w.rect.top);
      c.clientRect = rect(w.rect.left + l.client.left, w.rect.top + l.client.top, w.rect.left + l.client.right, w.rect.top + l.client.bottom);
    }
    const r = c.clientRect;
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }
  /** Screen position of a child's coordinate origin: its parent's client origin (0,0 for top-level windows). */
  originOf(parent: number): { x: number; y: number } {
    const p = this.window(parent);
    if (!p) return { x: 0, y: 0 };
    const c = this.clientRect(p);
    return { x: c.left, y: c.top };
  }
  /** The screen area the window occupies: its rectangle, limited to its window region when it has one. */
  shape(w: Window): Region {
    if (!w.rgn) return [w.rect];
    return intersectRect(offset(w.rgn, w.rect.left, w.rect.top), w.rect);
  }
  /** Whether a screen point is on the window: inside its rectangle and its window region. */
  onWindow(w: Window, x: number, y: number): boolean {
    const r = w.rect;
    if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) return false;
    return !w.rgn || w.rgn.some((a) => x - r.left >= a.left && x - r.left < a.right && y - r.top >= a.top && y - r.top < a.bottom);
  }
  isVisible(w: Window): boolean {
    for (let x: Window | undefined = w; x; x = this.window(x.parent)) if (!(x.style & WS.VISIBLE)) return false;
    return true;
  }
  /** The part of the window (client area only, or the whole window) nothing covers, in screen coordinates. */
  visibleRegion(w: Window, clientOnly: boolean): Region {
    let c = this.visCache.get(w);
    if (!c || c.gen !== this.geometry) this.visCache.set(w, (c = { gen: this.geometry }));
    const hit = clientOnly ? c.client : c.whole;
    if (hit) return hit;
    const r = Object.freeze(this.computeVisibleRegion(w, clientOnly).map((a) => Object.freeze(a))) as Region;
    if (clientOnly) c.client = r;
    else c.whole = r;
    return r;
  }
  private computeVisibleRegion(w: Window, clientOnly: boolean): Region {
    if (!this.isVisible(w)) return [];
    let r: Region = intersectRect(this.shape(w), clientOnly ? this.clientRect(w) : w.rect);
    r = intersectRect(r, rect(0, 0, this.screen.width, this.screen.height));
    // Inside every ancestor's client area (and window region), below every visible sibling above it (at each level).
    for (let x: Window | undefined = w; x;) {
      for (const s of this.children(x.parent)) {
        if (s === x) break;
        if (s.style & WS.VISIBLE) r = subtractRegion(r, this.shape(s));
      }
      const p = this.window(x.parent);
      if (p) r = intersectRect(p.rgn ? intersectRegion(r, this.shape(p)) : r, this.clientRect(p));
      x = p;
    }
    if (clientOnly) for (const c of this.children(w.hwnd)) if (c.style & WS.VISIBLE) r = subtractRegion(r, this.shape(c));
    return r.filter((a) => !isEmpty(a));
  }
  /** The desktop's visible part: the screen minus every visible top-level window. */
  desktopRegion(): Region {
    let r: Region = [rect(0, 0, this.screen.width, this.screen.height)];
    for (const w of this.children(0)) if (w.style & WS.VISIBLE) r = subtractRegion(r, this.shape(w));
    return r;
  }

  // ------------------------------------------------------------------ drawing and update regions
  sysColor(i: number): ColorRef {
    return this.colors[i] ?? 0;
  }
  /** The brush of system colour `i`, created on first use and never deleted (as CE's GetSysColorBrush). */
  sysColorBrush(i: number): number {
    let h = this.sysBrushes.get(i);
    if (h === undefined) {
      h = this.gdi.add({
        type: 'brush',
        brush: { kind: 'solid', color: this.sysColor(i) },
        style: 0,
        color: (SYS_COLOR_INDEX_FLAG | i) >>> 0,
        hatch: 0,
        sysIndex: i,
      });
      this.sysBrushes.set(i, h);
    }
    return h;
  }
  /** The work area (SPI_GETWORKAREA, GetMonitorInfo's rcWork): set by SPI_SETWORKAREA, else the screen. */
  workRect(): number[] {
    return this.workArea ?? [0, 0, this.screen.width, this.screen.height];
  }
  /** Draws the window's frame, caption and caption buttons where it is visible. */
  paintNonClient(w: Window): void {
    if (!this.isVisible(w)) return;
    const l = layout(w.style, w.exStyle, w.rect.right - w.rect.left, w.rect.bottom - w.rect.top);
    if (!l.border && !l.caption && !l.edge && !l.vscroll && !l.hscroll) return;
    const clip = subtract(this.visibleRegion(w, false), this.clientRect(w));
    if (!clip.length) return;
    paintNonClient(
      { surface: this.display.surface, clip, color: (i) => this.sysColor(i) },
      w.rect.left,
      w.rect.top,
      w.rect.right - w.rect.left,
      w.rect.bottom - w.rect.top,
      w.style,
      w.exStyle,
      w.title,
      this.topLevelOf(w).hwnd === this.active,
      (which) => scrollBarOf(w, which),
    );
    this.display.changed(w.rect);
  }
  /** Adds a screen region (clipped to the client area) to the window's update region. */
  invalidate(w: Window, area: Region | undefined, erase: boolean): void {
    const c = this.clientRect(w);
    const add = area ? intersectRect(area, c) : [c];
    if (!add.length) return;
    for (const f of this.onInvalidate) f(w);
    w.update = union(w.update, add);
    if (erase) w.erase = true;
    this.queue(w.thread).changed();
  }
  validate(w: Window, area: Region | undefined): void {
    if (!area) {
      w.update = [];
      w.erase = false;
      return;
    }
    for (const a of area) w.update = subtract(w.update, a);
    if (!w.update.length) w.erase = false;
  }
  /**
   * A screen region was exposed (a window hidden, moved or destroyed): the desktop repaints its part
   * (COLOR_BACKGROUND), every visible window redraws its frame and gets the rest of its part as update
   * region (with erase).
   */
  expose(area: Region): void {
    if (!area.length || !this.display.allocated) {
      if (!area.length) return;
    }
    const surface = this.display.surface;
    const desk = intersectRegion(this.desktopRegion(), area);
    if (desk.length)
      patBlt(
        surface,
        { clip: desk, textColor: 0, bkColor: 0 },
        rect(0, 0, surface.width, surface.height),
        { kind: 'solid', color: this.sysColor(1) },
        ROP.PATCOPY,
      );
    const visit = (parent: number) => {
      for (const w of this.children(parent)) {
        if (!(w.style & WS.VISIBLE)) continue;
        if (intersectRect(area, w.rect).length) {
          this.paintNonClient(w);
          this.invalidate(w, intersectRegion(this.visibleRegion(w, true), area), true);
          visit(w.hwnd);
        }
      }
    };
    visit(0);
    this.display.changed(bounds(area));
  }
  /** The window of thread t to send WM_PAINT to next (parents before children), if any. */
  paintTarget(t: GuestThread, filter: (w: Window) => boolean): Window | undefined {
    for (const w of this.windows.values()) {
      if (w.destroyed || w.thread !== t || !w.update.length || !filter(w)) continue;
      if (!this.isVisible(w)) continue;
      return w;
    }
    return undefined;
  }

  /**
   * True when there are windows, every thread that owns one waits in GetMessageW on an empty queue and
   * no window has anything to paint: the screen will not change until input or a timer arrives.
   */
  idle(): boolean {
    const owners = new Set<GuestThread>();
    for (const w of this.windows.values()) if (!w.destroyed && w.thread.state !== 'exited') owners.add(w.thread);
    if (!owners.size) return false; // no GUI yet (or any more)
    for (const t of owners) {
      const q = this.queues.get(t);
      if (!q || !q.waiting || t.state !== 'blocked') return false;
    }
    for (const q of this.queues.values()) {
      if (q.thread.state === 'exited') continue;
      if (q.posted.length || q.sent.length || q.quit !== undefined) return false;
    }
    for (const w of this.windows.values()) if (!w.destroyed && w.update.length && this.isVisible(w) && w.thread.state !== 'exited') return false;
    return true;
  }
}

/** The run's window manager (created on first use, shared with child processes). */
export function gwesOf(m: Machine): Gwes {
  let g = m.runState.get('gwes') as Gwes | undefined;
  if (!g) m.runState.set('gwes', (g = new Gwes(m)));
  return g;
}

/** An item of a menu window (menu bar or popup) in the window tree; rect in screen coordinates. */
export interface MenuItemInfo {
  text: string;
  id: number;
  rect: { x: number; y: number; width: number; height: number };
  enabled: boolean;
  checked: boolean;
  separator: boolean;
  popup: boolean;
  highlighted: boolean;
}

/** A window tree node as `emu.display.windows()` reports it. */
export interface WindowInfo {
  hwnd: number;
  className: string;
  text: string;
  id: number;
  rect: { x: number; y: number; width: number; height: number };
  clientRect: { x: number; y: number; width: number; height: number };
  style: number;
  exStyle: number;
  visible: boolean;
  enabled: boolean;
  focused: boolean;
  active: boolean;
  children: WindowInfo[];
  /** The items of a menu bar ("Menu") or popup ("MenuPopup") window. */
  menu?: MenuItemInfo[];
}

export function windowTree(g: Gwes, parent = 0): WindowInfo[] {
  return g.children(parent).map((w) => {
    const c = g.clientRect(w);
    return {
      hwnd: w.hwnd,
      className: w.cls.name,
      text: w.title,
      id: w.id,
      rect: { x: w.rect.left, y: w.rect.top, width: w.rect.right - w.rect.left, height: w.rect.bottom - w.rect.top },
      clientRect: { x: c.left, y: c.top, width: c.right - c.left, height: c.bottom - c.top },
      style: w.style >>> 0,
      exStyle: w.exStyle >>> 0,
      visible: g.isVisible(w),
      enabled: !(w.style & WS.DISABLED),
      focused: g.focus === w.hwnd,
      active: g.active === w.hwnd,
      children: windowTree(g, w.hwnd),
      ...(w.menuItems && { menu: w.menuItems() }),
    };
  });
}

// The hook other layers post through (WSAAsyncSelect in winsock-shim): PostMessageW's rules for one window.
registerWindowPoster({
  isWindow: (m, h) => gwesOf(m).window(h) !== undefined,
  post: (m, h, msg, wParam, lParam) => {
    const g = gwesOf(m);
    const w = g.window(h);
    if (!w) return 'no-window';
    const q = g.queue(w.thread);
    if (q.full) return 'full';
    q.post({ hwnd: h, msg, wParam, lParam });
    return 'posted';
  },
});
