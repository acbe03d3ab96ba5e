/**
 * Headless windowing (GWES, exported by coredll on CE): window classes, windows, one message queue
 * per guest thread, timers, and the message functions. Nothing is drawn; every message reaches the
 * guest window procedure with the right hwnd/msg/wParam/lParam through cx.callGuest.
 *
 *  - GetMessageW parks the thread while its queue is empty (cx.restartWhen: when something arrives
 *    the call runs again from the start); WM_QUIT (PostQuitMessage) is returned once the posted
 *    messages are gone, and GetMessageW then returns 0.
 *  - SendMessageW to a window of the calling thread calls its window procedure directly; to another
 *    thread's window it queues the message for that thread (delivered inside its GetMessageW /
 *    PeekMessageW, before posted messages) and parks the sender until the reply. A window of another
 *    process of the run gets it the same way, with the data of the pointer-carrying messages copied
 *    into that process and back (xproc.ts).
 *  - SetTimer uses host timers; WM_TIMER is posted to the owning thread's queue at most once at a
 *    time per timer (as on Windows, timer messages coalesce). DispatchMessageW calls a TIMERPROC
 *    (lParam) instead of the window procedure when there is one.
 *  - MessageBoxW is in msgbox.ts.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { registeredDesktop } from '../../gwes/desktop.js';
import { gwesOf, WM, DESKTOP_HWND, type Gwes, type QMsg, type Queue, type SentCopy, type Timer, type Window, type WndClass } from '../../gwes/wm.js';
import { rect } from '../../gdi/region.js';
import { activate, destroyWindow, afterCreate, WA_CLICKACTIVE } from './winpos.js';
import { ERROR } from '../../core/win32-errors.js';
import { waitableOf } from './objects.js';
import { builtinProc, registerBuiltinClasses } from '../../gwes/controls/classes.js';
import { setWindowCreator } from '../../gwes/controls/combobox.js';
import { defWindowProc } from './defwnd.js';
import { isKeyDown, noteInput } from './uistate.js';
import { copyForProcess, watchThreadWindows } from './xproc.js';
import { cursorOf } from '../../gwes/cursor.js';
import { waitAny, WAIT_FAILED } from '../../core/kernel/wait.js';
import type { Waitable } from '../../core/kernel/waitable.js';
import { syncCaret } from '../../gwes/caret.js';

const VK_SHIFT = 0x10;
const VK_CONTROL = 0x11;
const PM_REMOVE = 0x0001;
const HWND_BROADCAST = 0xffff;
const GWL_WNDPROC = -4;
const GWL_ID = -12;
const GWL_STYLE = -16;
const GWL_EXSTYLE = -20;
const GWL_USERDATA = -21;
/** The window longs kept in the window record (other non-negative indexes address cbWndExtra). */
const WINDOW_LONGS = new Map<number, 'proc' | 'style' | 'exStyle' | 'id' | 'userData'>([
  [GWL_WNDPROC, 'proc'],
  [GWL_STYLE, 'style'],
  [GWL_EXSTYLE, 'exStyle'],
  [GWL_ID, 'id'],
  [GWL_USERDATA, 'userData'],
]);
const WS_VISIBLE = 0x1000_0000;
const WS_CHILD = 0x4000_0000;
const WS_POPUP = 0x8000_0000;
const WS_DISABLED = 0x0800_0000;
const WS_EX_NOACTIVATE = 0x0800_0000;
const CW_USEDEFAULT = 0x8000_0000 | 0;

export function gwe(cx: ApiContext): Gwes {
  return gwesOf(cx.machine);
}

export function findClass(cx: ApiContext, g: Gwes, p: number): WndClass | undefined {
  registerBuiltinClasses(g);
  if (p >>> 0 < 0x1_0000) return [...g.classes.values()].find((c) => c.atom === p);
  return g.classes.get(cx.mem.wstr(p, 256).toLowerCase());
}

function writeMsg(cx: ApiContext, p: number, m: QMsg): void {
  cx.mem.check(p, 28, 'write');
  cx.mem.setU32(p, m.hwnd);
  cx.mem.setU32(p + 4, m.msg);
  cx.mem.setU32(p + 8, m.wParam);
  cx.mem.setU32(p + 12, m.lParam);
  cx.mem.setU32(p + 16, m.time);
  const pt = m.pt ?? cursorOf(gwe(cx));
  cx.mem.setU32(p + 20, pt.x >>> 0);
  cx.mem.setU32(p + 24, pt.y >>> 0);
}

export function isChildOf(g: Gwes, h: number, parent: number): boolean {
  for (let w = g.window(h); w; w = g.window(w.parent)) if (w.hwnd === parent) return true;
  return false;
}

/** The first posted message matching the filter (removed when `remove`), or WM_QUIT when due. */
export function take(g: Gwes, q: Queue, hwnd: number, min: number, max: number, remove: boolean): QMsg | undefined {
  syncCaret(g); // the caret blinks on the machine clock (gwes/caret.ts)
  const i = q.posted.findIndex(
    (m) => (hwnd === 0 || (hwnd === 0xffff_ffff ? m.hwnd === 0 : isChildOf(g, m.hwnd, hwnd))) && ((min === 0 && max === 0) || (m.msg >= min && m.msg <= max)),
  );
  if (i >= 0) {
    const m = q.posted[i]!;
    if (remove) {
      q.posted.splice(i, 1);
      m.taken?.();
      q.msgPos = m.pt ?? cursorOf(g); // GetMessagePos: where the pen was for this message
      noteInput(g, m); // GetKeyState: the state as of the last input message taken
    }
    return m;
  }
  if (q.quit !== undefined) {
    const m: QMsg = { hwnd: 0, msg: WM.QUIT, wParam: q.quit >>> 0, lParam: 0, time: g.clock.tickCount() };
    if (remove) q.quit = undefined;
    return m;
  }
  // WM_PAINT is generated (never queued) while a window of the thread has an update region.
  if ((min === 0 && max === 0) || (WM.PAINT >= min && WM.PAINT <= max)) {
    const w = g.paintTarget(q.thread, (x) => hwnd === 0 || hwnd === 0xffff_ffff || isChildOf(g, x.hwnd, hwnd));
    if (w) return { hwnd: w.hwnd, msg: WM.PAINT, wParam: 0, lParam: 0, time: g.clock.tickCount() };
  }
  return undefined;
}

/**
 * A pen press from the host taken from the queue (QMsg.input, gwes/input.ts): if its top-level window
 * is not the active one, that window is activated first, as Windows does when the thread reads the
 * click: WM_ACTIVATE(WA_INACTIVE) to the old active window, WM_ACTIVATE(WA_CLICKACTIVE) to the new one,
 * whose DefWindowProc takes the focus (WM_KILLFOCUS, WM_SETFOCUS); then the WM_LBUTTONDOWN itself (a
 * press on the frame or caption posts a WM_NULL marker instead, consumed here, never returned). CE
 * has no WM_MOUSEACTIVATE (CE 5 reference: WM_ACTIVATE's WA_CLICKACTIVE, "activated by a mouse click").
 * Disabled windows and WS_EX_NOACTIVATE ones are not activated.
 */
export function clickActivate(cx: ApiContext, g: Gwes, m: QMsg, then: () => Returns<'i32'>): Returns<'i32'> {
  if (!m.input || (m.msg !== WM.LBUTTONDOWN && m.msg !== WM.LBUTTONDBLCLK && m.msg !== WM.NULL)) return then();
  const w = g.window(m.hwnd);
  const top = w && g.topLevelOf(w);
  if (!top || g.active === top.hwnd || top.style & WS_DISABLED || top.exStyle & WS_EX_NOACTIVATE) return then();
  return activate(cx, g, top, () => then(), WA_CLICKACTIVE);
}

/** Delivers the first message sent from another thread, then continues with `again` (the call itself). */
export function deliverSent(cx: ApiContext, g: Gwes, q: Queue, again: () => Returns<'i32'>): Returns<'i32'> {
  const s = q.sent.shift()!;
  const w = g.window(s.hwnd);
  if (!w) {
    s.reply(0);
    return again();
  }
  const c = s.copy?.into(cx.machine);
  q.inSend++;
  return cx.callGuest(w.proc, [s.hwnd, s.msg, c?.wParam ?? s.wParam, c?.lParam ?? s.lParam], (r0) => {
    q.inSend--;
    c?.after(r0);
    s.reply(r0);
    return again();
  });
}

function getMessage(cx: ApiContext, p: number, h: number, min: number, max: number): Returns<'i32'> {
  const g = gwe(cx);
  const q = g.queue(cx.thread);
  const again = () => getMessage(cx, p, h, min, max);
  cx.mem.check(p, 28, 'write');
  if (q.sent.length) return deliverSent(cx, g, q, again);
  const m = take(g, q, h, min, max, true);
  if (m?.input && m.msg === WM.NULL) return clickActivate(cx, g, m, again);
  if (m) {
    return clickActivate(cx, g, m, () => {
      writeMsg(cx, p, m);
      return m.msg === WM.QUIT ? 0 : 1;
    });
  }
  cx.thread.waitReason = 'GetMessageW (empty message queue)';
  q.waiting = true;
  return cx.restartWhen(
    (wake) => q.onChange(wake),
    () => {
      q.waiting = false;
      return again();
    },
  );
}

function peekMessage(cx: ApiContext, p: number, h: number, min: number, max: number, flags: number): Returns<'i32'> {
  const g = gwe(cx);
  const q = g.queue(cx.thread);
  if (q.sent.length) return deliverSent(cx, g, q, () => peekMessage(cx, p, h, min, max, flags));
  const m = take(g, q, h, min, max, (flags & PM_REMOVE) !== 0);
  if (!m) return 0;
  if (m.input && m.msg === WM.NULL) {
    // The activation marker of a press on a frame or caption (clickActivate): never seen by the program.
    const i = q.posted.indexOf(m);
    if (i >= 0) q.posted.splice(i, 1);
    return clickActivate(cx, g, m, () => peekMessage(cx, p, h, min, max, flags));
  }
  const done = () => {
    writeMsg(cx, p, m);
    return 1;
  };
  return flags & PM_REMOVE ? clickActivate(cx, g, m, done) : done();
}

function postTo(cx: ApiContext, h: number, msg: number, wParam: number, lParam: number): number {
  const g = gwe(cx);
  if (h === 0) {
    const q = g.queue(cx.thread);
    if (q.full) return cx.fail(0, ERROR.NOT_ENOUGH_QUOTA);
    q.post({ hwnd: 0, msg, wParam, lParam });
    return 1;
  }
  if (h === HWND_BROADCAST) {
    // A full queue misses the broadcast; the others get it.
    for (const w of g.topLevel()) {
      const q = g.queue(w.thread);
      if (!q.full) q.post({ hwnd: w.hwnd, msg, wParam, lParam });
    }
    return 1;
  }
  const w = g.window(h);
  if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
  const q = g.queue(w.thread);
  if (q.full) return cx.fail(0, ERROR.NOT_ENOUGH_QUOTA);
  q.post({ hwnd: h, msg, wParam, lParam });
  return 1;
}

function sendMessage(cx: ApiContext, h: number, msg: number, wParam: number, lParam: number): Returns<'i32'> {
  return sendMessageThen(cx, h, msg, wParam, lParam, undefined, (r) => r);
}

/**
 * SendMessageW with an optional time-out (SendMessageTimeout): `then` gets the window procedure's
 * result, or `timedOut` when the other thread did not reply within `timeoutMs` (the message stays
 * queued and is still delivered, as on Windows, but nothing is copied back to the sender any more).
 */
export function sendMessageThen(
  cx: ApiContext,
  h: number,
  msg: number,
  wParam: number,
  lParam: number,
  timeoutMs: number | undefined,
  then: (r: number, timedOut: boolean) => Returns<'i32'>,
): Returns<'i32'> {
  const g = gwe(cx);
  const w = g.window(h);
  if (!w) return then(cx.fail(0, ERROR.INVALID_WINDOW_HANDLE), false);
  if (w.thread === cx.thread) return cx.callGuest(w.proc, [h, msg, wParam, lParam], (r0) => then(r0, false));
  if (w.thread.state === 'exited') return then(0, false);
  const q = g.queue(w.thread);
  const copy = w.machine !== cx.machine ? copyForProcess(cx, w, msg, wParam, lParam) : undefined;
  // While it waits for the reply the sender's thread still takes the messages other threads (the
  // receiver among them) send to it, as on Windows: a receiver that sends back does not deadlock.
  const mine = g.queue(cx.thread);
  const state: { result?: number; timedOut?: boolean; wake?: () => void; cancelTimer?: () => void } = {};
  const finish = (r: number, timedOut = false) => {
    if (state.result !== undefined) return;
    state.result = r;
    state.timedOut = timedOut;
    state.cancelTimer?.();
    w.thread.exitWaiters.delete(stop);
    state.wake?.();
  };
  const stop = () => finish(0);
  w.thread.exitWaiters.add(stop);
  const guarded: SentCopy | undefined = copy && {
    into: (r) => {
      const c = copy.into(r);
      return { ...c, after: (res) => c.after(state.timedOut ? undefined : res) };
    },
  };
  q.sent.push({ hwnd: h, msg, wParam, lParam, reply: (r) => finish(r), ...(guarded && { copy: guarded }) });
  q.changed();
  if (timeoutMs !== undefined) state.cancelTimer = cx.machine.clock.setTimer(timeoutMs, () => finish(0, true));
  const wait = (): Returns<'i32'> => {
    if (state.result !== undefined) return then(state.result, state.timedOut === true);
    if (mine.sent.length) return deliverSent(cx, g, mine, wait);
    cx.thread.waitReason = `SendMessageW(0x${h.toString(16)}, 0x${msg.toString(16)}) to thread 0x${w.thread.id.toString(16)}`;
    return cx.restartWhen((wake) => {
      state.wake = wake;
      const off = mine.onChange(wake);
      return () => {
        off();
        state.wake = undefined;
      };
    }, wait);
  };
  return wait();
}

const SMTO_RESULT_TIMEOUT = 1460; // ERROR_TIMEOUT

/**
 * SendMessageTimeout (CE 5/6 reference): SendMessageW that gives up after uTimeout ms (0 when it
 * timed out or the window is invalid, the last error ERROR_TIMEOUT / ERROR_INVALID_WINDOW_HANDLE),
 * the result in *lpdwResult (when not NULL). HWND_BROADCAST sends to every top-level window in turn,
 * each with the time-out. fuFlags (SMTO_NORMAL, SMTO_BLOCK, SMTO_ABORTIFHUNG) change nothing: a wmemu
 * thread is never "hung" short of the time-out, and the sender serves messages sent to it while it
 * waits in every case.
 */
function sendMessageTimeout(cx: ApiContext, h: number, msg: number, wp: number, lp: number, ms: number, out: number): Returns<'i32'> {
  if (out) cx.mem.check(out, 4, 'write');
  const g = gwe(cx);
  const targets = h === HWND_BROADCAST ? g.topLevel().map((w) => w.hwnd) : [h];
  const next = (i: number): Returns<'i32'> => {
    if (i >= targets.length) return 1;
    if (h === HWND_BROADCAST && !g.window(targets[i]!)) return next(i + 1);
    return sendMessageThen(cx, targets[i]!, msg, wp, lp, ms, (r, timedOut) => {
      if (timedOut) return h === HWND_BROADCAST ? next(i + 1) : cx.fail(0, SMTO_RESULT_TIMEOUT);
      if (h !== HWND_BROADCAST && !g.window(h) && r === 0) return 0;
      if (out) cx.mem.setU32(out, r >>> 0);
      return h === HWND_BROADCAST ? next(i + 1) : 1;
    });
  };
  return next(0);
}

function readWstrOrNull(cx: ApiContext, p: number): string | undefined {
  // A resource ordinal (MAKEINTRESOURCE: a STATIC's SS_ICON / SS_BITMAP image, a dialog control's #id title) is no text.
  if (p && p >>> 0 < 0x1_0000) return '';
  return p ? cx.mem.wstr(p, 1024) : undefined;
}

/** CreateWindowExW's arguments (the class already looked up). */
export interface CreateArgs {
  exStyle: number;
  clsPtr: number;
  namePtr: number;
  style: number;
  x: number;
  y: number;
  w: number;
  h: number;
  parent: number;
  menu: number;
  inst: number;
  param: number;
}

/**
 * CreateWindowExW after the class lookup (also the dialog manager's way to create a dialog and its
 * controls): WM_NCCREATE, WM_CREATE, then afterCreate; `then` gets the new window handle or 0.
 */
export function createWindow(cx: ApiContext, cls: WndClass, a: CreateArgs, then: (hwnd: number) => Returns<'i32'>): Returns<'i32'> {
  const g = gwe(cx);
  let { x, y, w, h } = a;
  const { exStyle, clsPtr, namePtr, style, parent, menu, inst, param } = a;
  if (parent && !g.window(parent)) return then(cx.fail(0, ERROR.INVALID_WINDOW_HANDLE));
  const hwnd = g.nextHwnd;
  g.nextHwnd += 4;
  // Position: top-level windows in screen coordinates, children relative to the parent's client
  // area. CW_USEDEFAULT: (0,0) and the whole screen, as CE places a default top-level window.
  const child = (style & WS_CHILD) !== 0;
  if (x === CW_USEDEFAULT) x = y = 0;
  if (w === CW_USEDEFAULT) {
    w = child ? 0 : g.screen.width;
    h = child ? 0 : g.screen.height;
  }
  const org = g.originOf(parent);
  const win: Window = {
    hwnd,
    cls,
    proc: builtinProc(cx, cls) ?? cls.proc,
    title: readWstrOrNull(cx, namePtr) ?? '',
    style: style & ~WS_VISIBLE,
    exStyle,
    parent,
    id: child ? menu : 0,
    userData: 0,
    extra: Buffer.alloc(cls.cbWndExtra),
    thread: cx.thread,
    machine: cx.machine,
    rect: rect(org.x + x, org.y + y, org.x + x + Math.max(0, w), org.y + y + Math.max(0, h)),
    destroyed: false,
    update: [],
    erase: false,
    needSize: !(style & (WS_CHILD | WS_POPUP)),
  };
  g.add(win);
  watchThreadWindows(g, cx.machine, cx.thread);
  // CREATESTRUCTW: lpCreateParams, hInstance, hMenu, hwndParent, cy, cx, y, x, style, lpszName, lpszClass, dwExStyle.
  const cs = cx.machine.processHeap.alloc(48, true);
  if (!cs) return then(cx.fail(0, ERROR.NOT_ENOUGH_MEMORY));
  [param, inst, menu, parent, h, w, y, x, style, namePtr, clsPtr, exStyle].forEach((v, i) => cx.mem.setU32(cs + 4 * i, v >>> 0));
  const fail = () => {
    win.destroyed = true;
    g.remove(win);
    cx.machine.processHeap.freeBlock(cs);
    return then(0);
  };
  return cx.callGuest(win.proc, [hwnd, WM.NCCREATE, 0, cs], (r0) => {
    if (!r0) return fail();
    return cx.callGuest(win.proc, [hwnd, WM.CREATE, 0, cs], (r1) => {
      if ((r1 | 0) === -1) return destroyWindow(cx, g, win, fail);
      cx.machine.processHeap.freeBlock(cs);
      return afterCreate(cx, g, win, (style & WS_VISIBLE) !== 0, () => then(hwnd));
    });
  });
}

/**
 * TranslateMessage: WM_KEYDOWN of a character key posts WM_CHAR (digits, letters, space, CR, BS, ESC,
 * TAB) as the US keyboard layout gives them: letters lower case, upper case with SHIFT down, the
 * control character (Ctrl+A = 1 ... Ctrl+Z = 26) with CTRL down, as the edit control's Ctrl+C/X/V/Z expect.
 */
export function translateMessage(cx: ApiContext, m: QMsg): number {
  if (m.msg === 0x0104 /* WM_SYSKEYDOWN */) {
    // The ALT+key character (Win32 TranslateMessage: WM_SYSKEYDOWN -> WM_SYSCHAR): digits, letters (lower case), space.
    const vk = m.wParam & 0xff;
    const ch = vk >= 0x30 && vk <= 0x39 ? vk : vk >= 0x41 && vk <= 0x5a ? (isKeyDown(gwe(cx), VK_SHIFT) ? vk : vk + 32) : vk === 0x20 ? vk : undefined;
    if (ch !== undefined) postCharFirst(cx, { hwnd: m.hwnd, msg: 0x0106 /* WM_SYSCHAR */, wParam: ch, lParam: m.lParam });
    return 1;
  }
  if (m.msg === 0x0105) return 1;
  if (m.msg !== WM.KEYDOWN && m.msg !== WM.KEYUP) return 0;
  if (m.msg === WM.KEYDOWN) {
    const vk = m.wParam;
    let ch: number | undefined;
    if (vk >= 0x30 && vk <= 0x39) ch = vk;
    else if (vk >= 0x41 && vk <= 0x5a) ch = isKeyDown(gwe(cx), VK_CONTROL) ? vk - 0x40 : isKeyDown(gwe(cx), VK_SHIFT) ? vk : vk + 32;
    else if (vk === 0x20 || vk === 0x0d || vk === 0x08 || vk === 0x1b || vk === 0x09) ch = vk;
    if (ch !== undefined) postCharFirst(cx, { hwnd: m.hwnd, msg: WM.CHAR, wParam: ch, lParam: m.lParam });
  }
  return 1;
}

/**
 * Posts a character message ahead of the input still waiting: Windows keeps posted messages apart from
 * the input queue and returns them first (the host may have queued a whole sequence).
 */
function postCharFirst(cx: ApiContext, c: Omit<QMsg, 'time'>): void {
  const q = gwe(cx).queue(cx.thread);
  q.post(c);
  const posted = q.posted.pop()!;
  const isInput = (x: QMsg) => (x.msg >= 0x100 && x.msg <= 0x109) || (x.msg >= 0x200 && x.msg <= 0x20d);
  const i = q.posted.findIndex(isInput);
  q.posted.splice(i < 0 ? q.posted.length : i, 0, posted);
}

/** DispatchMessageW of a message taken from the queue: a TIMERPROC for WM_TIMER with one, else the window procedure. */
export function dispatchMessage(cx: ApiContext, m: QMsg, then: (r: number) => Returns<'i32'>): Returns<'i32'> {
  if (m.msg === WM.TIMER && m.lParam) return cx.callGuest(m.lParam, [m.hwnd, m.msg, m.wParam, cx.machine.clock.tickCount()], () => then(0));
  const w = gwe(cx).window(m.hwnd);
  if (!w) return then(m.hwnd ? cx.fail(0, ERROR.INVALID_WINDOW_HANDLE) : 0);
  return cx.callGuest(w.proc, [m.hwnd, m.msg, m.wParam, m.lParam], then);
}

export const windows: ApiDef[] = [
  fn('RegisterClassW(ptr lpWndClass): u32', (cx, p: number) => {
    const g = gwe(cx);
    cx.mem.check(p, 40);
    const namePtr = cx.mem.u32(p + 36);
    if (!namePtr) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const name = namePtr < 0x1_0000 ? `#${namePtr}` : cx.mem.wstr(namePtr, 256);
    if (g.classes.has(name.toLowerCase())) return cx.fail(0, ERROR.CLASS_ALREADY_EXISTS);
    const cls: WndClass = {
      atom: g.nextAtom++,
      name,
      style: cx.mem.u32(p),
      proc: cx.mem.u32(p + 4),
      cbClsExtra: cx.mem.i32(p + 8),
      cbWndExtra: Math.max(0, cx.mem.i32(p + 12)),
      hInstance: cx.mem.u32(p + 16),
      hbrBackground: cx.mem.u32(p + 28),
      hIcon: cx.mem.u32(p + 20),
      hCursor: cx.mem.u32(p + 24),
      menuName: cx.mem.u32(p + 32),
    };
    g.classes.set(name.toLowerCase(), cls);
    return cls.atom;
  }),
  fn('UnregisterClassW(ptr lpClassName, handle hInstance): bool', (cx, p: number) => {
    const g = gwe(cx);
    const cls = findClass(cx, g, p);
    if (!cls) return cx.fail(0, ERROR.CANNOT_FIND_WND_CLASS);
    if ([...g.windows.values()].some((w) => !w.destroyed && w.cls === cls)) return cx.fail(0, 1412 /* ERROR_CLASS_HAS_WINDOWS */);
    g.classes.delete(cls.name.toLowerCase());
    return 1;
  }),
  fn(
    'CreateWindowExW(hex dwExStyle, ptr lpClassName, ptr lpWindowName, hex dwStyle, i32 x, i32 y, i32 nWidth, i32 nHeight, handle hWndParent, handle hMenu, handle hInstance, ptr lpParam): handle',
    (
      cx,
      exStyle: number,
      clsPtr: number,
      namePtr: number,
      style: number,
      x: number,
      y: number,
      w: number,
      h: number,
      parent: number,
      menu: number,
      inst: number,
      param: number,
    ) => {
      const cls = findClass(cx, gwe(cx), clsPtr);
      if (!cls) return cx.fail(0, ERROR.CANNOT_FIND_WND_CLASS);
      return createWindow(cx, cls, { exStyle, clsPtr, namePtr, style, x, y, w, h, parent, menu, inst, param }, (hwnd) => hwnd);
    },
  ),
  fn('DestroyWindow(handle hWnd): bool', (cx, h: number) => {
    const g = gwe(cx);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (w.thread !== cx.thread) return cx.fail(0, ERROR.ACCESS_DENIED);
    return destroyWindow(cx, g, w, () => 1);
  }),
  fn('DefWindowProcW(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', (cx, h: number, msg: number, wp: number, lp: number) =>
    defWindowProc(cx, h, msg, wp, lp),
  ),
  fn(
    'CallWindowProcW(ptr lpPrevWndFunc, handle hWnd, u32 Msg, hex wParam, hex lParam): i32',
    (cx, proc: number, h: number, msg: number, wp: number, lp: number) => (proc ? cx.callGuest(proc, [h, msg, wp, lp], (r0) => r0) : 0),
  ),

  fn(
    'GetMessageW(ptr lpMsg, handle hWnd, u32 wMsgFilterMin, u32 wMsgFilterMax): i32',
    { blocking: true },
    (cx, p: number, h: number, min: number, max: number) => getMessage(cx, p, h, min, max),
  ),
  fn(
    'PeekMessageW(ptr lpMsg, handle hWnd, u32 wMsgFilterMin, u32 wMsgFilterMax, hex wRemoveMsg): bool',
    (cx, p: number, h: number, min: number, max: number, flags: number) => peekMessage(cx, p, h, min, max, flags),
  ),
  fn('TranslateMessage(ptr lpMsg): bool', (cx, p: number) =>
    translateMessage(cx, { hwnd: cx.mem.u32(p), msg: cx.mem.u32(p + 4), wParam: cx.mem.u32(p + 8), lParam: cx.mem.u32(p + 12), time: 0 }),
  ),
  fn('DispatchMessageW(ptr lpMsg): i32', (cx, p: number) => {
    const h = cx.mem.u32(p);
    const msg = cx.mem.u32(p + 4);
    const wp = cx.mem.u32(p + 8);
    const lp = cx.mem.u32(p + 12);
    if (msg === WM.TIMER && lp) return cx.callGuest(lp, [h, msg, wp, cx.machine.clock.tickCount()], () => 0);
    const w = gwe(cx).window(h);
    if (!w) return h ? cx.fail(0, ERROR.INVALID_WINDOW_HANDLE) : 0;
    return cx.callGuest(w.proc, [h, msg, wp, lp], (r0) => r0);
  }),
  fn('PostMessageW(handle hWnd, u32 Msg, hex wParam, hex lParam): bool', (cx, h: number, msg: number, wp: number, lp: number) => postTo(cx, h, msg, wp, lp)),
  fn('PostThreadMessageW(u32 idThread, u32 Msg, hex wParam, hex lParam): bool', (cx, tid: number, msg: number, wp: number, lp: number) => {
    const t = tid === cx.thread.id ? cx.thread : cx.machine.handles.get<GuestThread>(tid, 'thread');
    if (!t || t.state === 'exited') return cx.fail(0, ERROR.INVALID_THREAD_ID);
    const q = gwe(cx).queue(t);
    if (q.full) return cx.fail(0, ERROR.NOT_ENOUGH_QUOTA);
    q.post({ hwnd: 0, msg, wParam: wp, lParam: lp });
    return 1;
  }),
  fn('SendMessageW(handle hWnd, u32 Msg, hex wParam, hex lParam): i32', { blocking: true }, (cx, h: number, msg: number, wp: number, lp: number) =>
    sendMessage(cx, h, msg, wp, lp),
  ),
  fn(
    'SendMessageTimeout(handle hWnd, u32 Msg, hex wParam, hex lParam, hex fuFlags, u32 uTimeout, ptr lpdwResult): i32',
    { blocking: true },
    (cx, h: number, msg: number, wp: number, lp: number, _flags: number, ms: number, out: number) => sendMessageTimeout(cx, h, msg, wp, lp, ms, out),
  ),
  fn('SendNotifyMessageW(handle hWnd, u32 Msg, hex wParam, hex lParam): bool', (cx, h: number, msg: number, wp: number, lp: number) => {
    const w = gwe(cx).window(h);
    if (w && w.thread === cx.thread) return cx.callGuest(w.proc, [h, msg, wp, lp], () => 1);
    return postTo(cx, h, msg, wp, lp);
  }),
  fn('PostQuitMessage(i32 nExitCode): void', (cx, code: number) => {
    const q = gwe(cx).queue(cx.thread);
    q.quit = code;
    q.changed();
  }),
  fn(
    'MsgWaitForMultipleObjectsEx(u32 nCount, ptr pHandles, u32 dwMilliseconds, hex dwWakeMask, hex dwFlags): u32',
    { blocking: true },
    (cx, n: number, arr: number, ms: number, _mask: number, flags: number) => {
      // Returns WAIT_OBJECT_0 + i for a signaled handle, WAIT_OBJECT_0 + nCount when the thread's queue
      // holds a message (posted, sent or WM_QUIT; the wake mask is not distinguished), or WAIT_TIMEOUT.
      const MWMO_WAITALL = 1;
      if (flags & MWMO_WAITALL || n > 63) return cx.fail(WAIT_FAILED, ERROR.INVALID_PARAMETER);
      const objs: Waitable[] = [];
      for (let i = 0; i < n; i++) {
        const o = waitableOf(cx, cx.mem.u32(arr + 4 * i));
        if (!o) return cx.fail(WAIT_FAILED, ERROR.INVALID_HANDLE);
        objs.push(o);
      }
      const q = gwe(cx).queue(cx.thread);
      objs.push({
        isSignaled: () => q.posted.length > 0 || q.sent.length > 0 || q.quit !== undefined,
        onSignal: (cb) => q.onChange(cb),
        consume: () => {},
      });
      return waitAny(cx, objs, ms, `MsgWaitForMultipleObjectsEx(${n} handles + message queue)`);
    },
  ),
  // TRUE inside a window procedure called for a message another thread (or process) sent, FALSE for one
  // sent by the thread itself or taken from the queue.
  fn('InSendMessage(): bool', (cx) => (gwe(cx).queue(cx.thread).inSend > 0 ? 1 : 0)),
  // The cursor position of the last message the thread took from its queue (MSG.pt), screen coordinates packed as POINTS.
  fn('GetMessagePos(): u32', (cx) => {
    const p = gwe(cx).queue(cx.thread).msgPos;
    return ((p.x & 0xffff) | ((p.y & 0xffff) << 16)) >>> 0;
  }),
  fn('GetQueueStatus(hex flags): u32', (cx) => {
    const q = gwe(cx).queue(cx.thread);
    return q.posted.length || q.sent.length ? 0x0008_0008 /* QS_POSTMESSAGE, new and current */ : 0;
  }),

  fn('SetTimer(handle hWnd, u32 nIDEvent, u32 uElapse, ptr lpTimerFunc): u32', (cx, h: number, id: number, ms: number, proc: number) => {
    const g = gwe(cx);
    let owner = cx.thread;
    if (h) {
      const w = g.window(h);
      if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      owner = w.thread;
    } else {
      id = g.nextTimer++;
    }
    const key = `${h}:${id}`;
    g.killTimer(key);
    const queue = g.queue(owner);
    const clock = cx.machine.clock;
    const timer: Timer = { key, hwnd: h, id, proc, queue, cancel: () => {} };
    const arm = () => {
      timer.cancel = clock.setTimer(Math.max(10, ms), () => {
        arm();
        if (queue.posted.some((m) => m.timer === key)) return; // WM_TIMER coalesces
        queue.post({ hwnd: h, msg: WM.TIMER, wParam: id, lParam: proc, timer: key });
      });
    };
    arm();
    g.timers.set(key, timer);
    return id || 1;
  }),
  fn('KillTimer(handle hWnd, u32 uIDEvent): bool', (cx, h: number, id: number) => (gwe(cx).killTimer(`${h}:${id}`) ? 1 : cx.fail(0, ERROR.INVALID_PARAMETER))),

  fn('FindWindowW(ptr lpClassName, ptr lpWindowName): handle', (cx, clsPtr: number, namePtr: number) => {
    const g = gwe(cx);
    const cls = clsPtr ? findClass(cx, g, clsPtr) : undefined;
    if (clsPtr && !cls) return 0;
    const title = readWstrOrNull(cx, namePtr);
    // Topmost first, as Wine's FindWindowEx walks the desktop's children.
    for (const w of g.topLevel()) {
      if (cls && w.cls !== cls) continue;
      if (title !== undefined && w.title !== title) continue;
      return w.hwnd;
    }
    return 0;
  }),
  fn('IsWindow(handle hWnd): bool', (cx, h: number) => (gwe(cx).window(h) ? 1 : 0)),
  // CE 6's GWES answers the window the shell registered (RegisterDesktop; gwes/desktop.ts), else wmemu's root.
  fn('GetDesktopWindow(): handle', (cx) => registeredDesktop(gwe(cx))?.hwnd ?? DESKTOP_HWND),
  fn('GetParent(handle hWnd): handle', (cx, h: number) => gwe(cx).window(h)?.parent ?? 0),
  fn('GetWindowThreadProcessId(handle hWnd, ptr lpdwProcessId): u32', (cx, h: number, pid: number) => {
    const w = gwe(cx).window(h);
    if (!w) return 0;
    if (pid) cx.mem.setU32(pid, cx.machine.processId);
    return w.thread.id;
  }),
  fn('GetWindowLongW(handle hWnd, i32 nIndex): i32', (cx, h: number, i: number) => {
    const w = gwe(cx).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const field = WINDOW_LONGS.get(i);
    if (field) return w[field];
    if (i < 0 || i + 4 > w.extra.length) return cx.fail(0, ERROR.INVALID_INDEX);
    return w.extra.readUInt32LE(i);
  }),
  fn('SetWindowLongW(handle hWnd, i32 nIndex, hex dwNewLong): i32', (cx, h: number, i: number, v: number) => {
    const w = gwe(cx).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const field = WINDOW_LONGS.get(i);
    if (field) {
      const old = w[field];
      w[field] = v;
      if (i !== GWL_STYLE && i !== GWL_EXSTYLE) return old;
      // CE sends WM_STYLECHANGED after the change (CE 5/6 reference: wParam GWL_STYLE or GWL_EXSTYLE, lParam a
      // STYLESTRUCT {styleOld, styleNew}); CE documents no WM_STYLECHANGING, so none is sent. Sent whether or not
      // the value differs, as Wine's SetWindowLong does (no comparison before the messages).
      const ss = cx.machine.processHeap.alloc(8, true);
      cx.mem.setU32(ss, old >>> 0);
      cx.mem.setU32(ss + 4, v >>> 0);
      return sendMessageThen(cx, h, WM.STYLECHANGED, i >>> 0, ss, undefined, () => {
        cx.machine.processHeap.freeBlock(ss);
        return old;
      });
    }
    if (i < 0 || i + 4 > w.extra.length) return cx.fail(0, ERROR.INVALID_INDEX);
    const old = w.extra.readUInt32LE(i);
    w.extra.writeUInt32LE(v >>> 0, i);
    return old;
  }),
  fn('SetWindowTextW(handle hWnd, wstr lpString): bool', (cx, h: number, s: number) => sendMessage(cx, h, WM.SETTEXT, 0, s)),
  fn('GetWindowTextW(handle hWnd, ptr lpString, i32 nMaxCount): i32', (cx, h: number, buf: number, n: number) => sendMessage(cx, h, WM.GETTEXT, n, buf)),
  fn('GetWindowTextLengthW(handle hWnd): i32', (cx, h: number) => sendMessage(cx, h, WM.GETTEXTLENGTH, 0, 0)),
  fn('GetClassNameW(handle hWnd, ptr lpClassName, i32 nMaxCount): i32', (cx, h: number, buf: number, n: number) => {
    const w = gwe(cx).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (n <= 0) return 0;
    const s = w.cls.name.slice(0, n - 1);
    cx.mem.writeWstr(buf, s);
    return s.length;
  }),
];

// Built-in controls that make windows of their own (a combo box's list and edit) create them here.
setWindowCreator((cx, name, a, then) => {
  const cls = gwe(cx).classes.get(name.toLowerCase());
  if (!cls) return then(0);
  const { exStyle, style, x, y, w, h, parent, id } = a;
  return createWindow(cx, cls, { exStyle, clsPtr: cls.atom, namePtr: 0, style, x, y, w, h, parent, menu: id, inst: 0, param: 0 }, then);
});
