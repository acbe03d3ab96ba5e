/**
 * coredll USER odds and ends the corpus stopped on: RegisterWindowMessageW, IsChild, GetCursorPos and
 * SetCursorPos.
 *
 * - RegisterWindowMessageW (CE 5/6 reference): a message id in 0xC000..0xFFFF, the same id for the
 *   same string in every process of the run (the table lives in the run's GWES, which child processes
 *   share); strings compare case-insensitively, as the atom table they come from does. The ids come
 *   from the counter RegisterClassW's class atoms use, so a registered message never equals a class
 *   atom of the run. An empty string is ERROR_INVALID_PARAMETER (0); when the range is used up,
 *   ERROR_NOT_ENOUGH_MEMORY (0). htmlhelp.exe and peghelp.exe (shdocvw.dll) needed it.
 * - IsChild(hWndParent, hWnd) (Win32 reference and Wine's user32 IsChild): TRUE when hWnd is a child
 *   window (WS_CHILD) whose chain of parents, walked while the windows are WS_CHILD, reaches
 *   hWndParent; a window is not its own child, an owned pop-up is not a child, an invalid handle is
 *   FALSE. iesample.exe (commctrl.dll) needed it.
 * - SetParent (CE 5/6 reference; the sequence is Wine's user32 SetParent): the window is hidden when
 *   visible (ShowWindow(SW_HIDE)), moved to the top of the new parent's children (NULL or the desktop
 *   handle: top-level) keeping its position relative to its parent's client area, then
 *   SetWindowPos(HWND_TOP, that position, SWP_NOSIZE | SWP_SHOWWINDOW if it was visible). WS_CHILD and
 *   WS_POPUP are left as they are (documented). The result is the old parent (the desktop window's
 *   handle for a top-level window); an invalid window or new parent is ERROR_INVALID_WINDOW_HANDLE, a
 *   new parent that is the window itself or one of its descendants ERROR_INVALID_PARAMETER.
 *   iesample.exe (commctrl.dll) needed it.
 * - Window properties SetProp/GetProp/RemoveProp (CE 5 reference): per window, keyed by a string
 *   (case-insensitive, as the atom table it goes through) or an atom (a value below 0x10000); gone
 *   with the window. SetProp of an invalid window: FALSE, ERROR_INVALID_WINDOW_HANDLE.
 * - EnumWindows: the top-level windows of the run (every process: one window manager), topmost
 *   first, as listed when it starts (a window destroyed meanwhile is skipped); stops when the callback
 *   returns FALSE; the result is the callback's last result (TRUE when there is no window), as Wine's.
 * - Monitors (CE 6 reference, one display): MonitorFromPoint/Rect/Window give the one monitor when the
 *   point/rectangle/window rectangle touches the screen, else by dwFlags: MONITOR_DEFAULTTONULL NULL,
 *   MONITOR_DEFAULTTOPRIMARY/NEAREST the monitor. GetMonitorInfo fills MONITORINFO (cbSize 40) or
 *   MONITORINFOEX (104 = 40 + szDevice[CCHDEVICENAME = 32] WCHARs: szDevice "\\.\DISPLAY1", desktop Windows' name): rcMonitor the screen, rcWork
 *   the work area (SPI_GETWORKAREA), MONITORINFOF_PRIMARY; another cbSize or handle: FALSE,
 *   ERROR_INVALID_PARAMETER.
 * - GetClassLongW/SetClassLongW: GCL_STYLE, GCL_WNDPROC, GCL_CBCLSEXTRA, GCL_CBWNDEXTRA, GCL_HMODULE,
 *   GCL_HICON, GCL_HCURSOR, GCL_HBRBACKGROUND and the class's extra bytes (index >= 0, 4-byte values
 *   inside cbClsExtra); SetClassLongW returns the old value; another index: 0, ERROR_INVALID_INDEX.
 * - keybd_event: the keyboard driver's path: WM_KEYDOWN (WM_KEYUP with KEYEVENTF_KEYUP) posted to the
 *   focus window (gwes/input.ts keyEvent, what the host's keys use).
 * - MessageBeep: the sound of the type is played through the wave driver, which a wmemu run does not
 *   have (audio.ts): FALSE, as PlaySoundW there.
 * - MapVirtualKeyW (US keyboard, set 1 scan codes): MAPVK_VK_TO_VSC, MAPVK_VSC_TO_VK, MAPVK_VK_TO_CHAR
 *   for letters, digits, space, enter, back, tab, escape and the arrows; 0 for others
 *   (GetKeyboardLayout is in ksystem.ts).
 * - GetCursorPos / SetCursorPos: CE has no hovering cursor; the position is the last pen position
 *   (gwes/cursor.ts). GetCursorPos writes it as a POINT (a bad pointer crashes the guest, as coredll's
 *   pointer arguments do); SetCursorPos moves it (clipped to the screen, or to the ClipCursor
 *   rectangle) and posts nothing: a device without a mouse sends no WM_MOUSEMOVE for it. ClipCursor
 *   (NULL: no confinement) and GetClipCursor (Win32 reference; the screen when nothing confines it).
 *   ceplayer.exe (msdxm.dll) needed GetCursorPos.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { Returns } from '../../core/api/declare.js';
import { gwesOf, DESKTOP_HWND, type Gwes, type Window, type WndClass } from '../../gwes/wm.js';
import { keyEvent } from '../../gwes/input.js';
import { rect } from '../../gdi/region.js';
import { setWindowPos, showWindow } from './winpos.js';
import { WS } from '../../gwes/nonclient.js';
import { cursorClip, cursorOf, setCursor, setCursorClip } from '../../gwes/cursor.js';
import { ERROR } from '../../core/win32-errors.js';

const SWP_NOSIZE = 0x0001;
const SWP_SHOWWINDOW = 0x0040;
const HWND_TOP = 0;
const SW_HIDE = 0;
/** The one monitor's handle (monitors.ts's EnumDisplayMonitors hands it out too). */
export const MONITOR_HANDLE = 0x0001_2340;
const MONITOR_DEFAULTTONULL = 0;
const KEYEVENTF_KEYUP = 0x0002;
const GCL = { MENUNAME: -8, HBRBACKGROUND: -10, HCURSOR: -12, HICON: -14, HMODULE: -16, CBWNDEXTRA: -18, CBCLSEXTRA: -20, WNDPROC: -24, STYLE: -26 } as const;
const ERROR_INVALID_INDEX = 1413;

const props = new WeakMap<Window, Map<string, number>>();
const propKey = (cx: { mem: { wstr(p: number, n: number): string } }, p: number) => (p >>> 0 < 0x1_0000 ? `#${p >>> 0}` : cx.mem.wstr(p, 256).toLowerCase());
const classExtra = new WeakMap<WndClass, Buffer>();
function extraOf(c: WndClass): Buffer {
  let b = classExtra.get(c);
  if (!b) classExtra.set(c, (b = Buffer.alloc(Math.max(0, c.cbClsExtra))));
  return b;
}
/** The class field a GCL_ index names (get and set), or undefined. */
function classField(c: WndClass, i: number): { get(): number; set(v: number): void } | undefined {
  const field = (k: 'style' | 'proc' | 'hInstance' | 'hIcon' | 'hCursor' | 'hbrBackground' | 'menuName' | 'cbWndExtra' | 'cbClsExtra') => ({
    get: () => (c[k] ?? 0) >>> 0,
    set: (v: number) => {
      c[k] = v >>> 0;
    },
  });
  switch (i) {
    case GCL.STYLE:
      return field('style');
    case GCL.WNDPROC:
      return field('proc');
    case GCL.HMODULE:
      return field('hInstance');
    case GCL.HICON:
      return field('hIcon');
    case GCL.HCURSOR:
      return field('hCursor');
    case GCL.HBRBACKGROUND:
      return field('hbrBackground');
    case GCL.MENUNAME:
      return field('menuName');
    case GCL.CBWNDEXTRA:
      return field('cbWndExtra');
    case GCL.CBCLSEXTRA:
      return { get: () => c.cbClsExtra >>> 0, set: () => {} };
  }
  if (i >= 0 && i + 4 <= c.cbClsExtra) {
    const b = extraOf(c);
    return { get: () => b.readUInt32LE(i), set: (v: number) => b.writeUInt32LE(v >>> 0, i) };
  }
  return undefined;
}

/** US keyboard: virtual key -> set 1 scan code (the keys wmemu's input sends). */
const SCAN = new Map<number, number>([
  [0x08, 0x0e],
  [0x09, 0x0f],
  [0x0d, 0x1c],
  [0x1b, 0x01],
  [0x20, 0x39],
  [0x25, 0x4b],
  [0x26, 0x48],
  [0x27, 0x4d],
  [0x28, 0x50],
  [0x2e, 0x53],
  ...[...'1234567890'].map((c, i): [number, number] => [c.charCodeAt(0), 0x02 + i]),
  ...[...'QWERTYUIOP'].map((c, i): [number, number] => [c.charCodeAt(0), 0x10 + i]),
  ...[...'ASDFGHJKL'].map((c, i): [number, number] => [c.charCodeAt(0), 0x1e + i]),
  ...[...'ZXCVBNM'].map((c, i): [number, number] => [c.charCodeAt(0), 0x2c + i]),
]);

function touchesScreen(g: Gwes, l: number, t: number, r: number, b: number): boolean {
  return l < g.screen.width && t < g.screen.height && r > 0 && b > 0 && r > l && b > t;
}

const LAST_MESSAGE_ATOM = 0xffff;
const messageTables = new WeakMap<Gwes, Map<string, number>>();

/** The run's registered window messages: lower-cased string -> id. */
export function registeredMessages(g: Gwes): Map<string, number> {
  let t = messageTables.get(g);
  if (!t) messageTables.set(g, (t = new Map()));
  return t;
}

export const usermisc: ApiDef[] = [
  fn('RegisterWindowMessageW(wstr lpString): u32', (cx, p: number) => {
    const s = p ? cx.mem.wstr(p, 256) : '';
    if (s.length === 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const g = gwesOf(cx.machine);
    const table = registeredMessages(g);
    const key = s.toLowerCase();
    const had = table.get(key);
    if (had !== undefined) return had;
    if (g.nextAtom > LAST_MESSAGE_ATOM) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    const id = g.nextAtom++;
    table.set(key, id);
    return id;
  }),
  fn('IsChild(handle hWndParent, handle hWnd): bool', (cx, parent: number, h: number) => {
    const g = gwesOf(cx.machine);
    for (let w = g.window(h); w && w.style & WS.CHILD; w = g.window(w.parent)) if (w.parent === parent >>> 0) return 1;
    return 0;
  }),
  fn('SetParent(handle hWndChild, handle hWndNewParent): handle', { blocking: true }, (cx, h: number, np: number): Returns<'i32'> => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const to = np >>> 0 === DESKTOP_HWND ? 0 : np >>> 0;
    if (to && !g.window(to)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    for (let a = g.window(to); a; a = g.window(a.parent)) if (a === w) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const old = w.parent;
    return showWindow(cx, g, w, SW_HIDE, (was) => {
      if (w.destroyed) return old || DESKTOP_HWND;
      const o0 = g.originOf(old);
      const x = w.rect.left - o0.x;
      const y = w.rect.top - o0.y;
      const from = g.siblings(old);
      const i = from.indexOf(w.hwnd);
      if (i >= 0) from.splice(i, 1);
      w.parent = to;
      g.siblings(to).unshift(w.hwnd);
      const o1 = g.originOf(to);
      const dx = o1.x - o0.x;
      const dy = o1.y - o0.y;
      const move = (v: typeof w) => {
        v.rect = rect(v.rect.left + dx, v.rect.top + dy, v.rect.right + dx, v.rect.bottom + dy);
        v.update = v.update.map((r) => rect(r.left + dx, r.top + dy, r.right + dx, r.bottom + dy));
        for (const c of g.children(v.hwnd)) move(c);
      };
      move(w);
      return setWindowPos(cx, g, w, HWND_TOP, x, y, 0, 0, SWP_NOSIZE | (was ? SWP_SHOWWINDOW : 0), () => old || DESKTOP_HWND);
    });
  }),
  fn('SetProp(handle hWnd, wstr lpString, handle hData): bool', (cx, h: number, k: number, v: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    let m = props.get(w);
    if (!m) props.set(w, (m = new Map()));
    m.set(propKey(cx, k), v >>> 0);
    return 1;
  }),
  fn('GetProp(handle hWnd, wstr lpString): handle', (cx, h: number, k: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    return props.get(w)?.get(propKey(cx, k)) ?? 0;
  }),
  fn('RemoveProp(handle hWnd, wstr lpString): handle', (cx, h: number, k: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const m = props.get(w);
    const key = propKey(cx, k);
    const v = m?.get(key) ?? 0;
    m?.delete(key);
    return v;
  }),
  fn('EnumWindows(ptr lpEnumFunc, hex lParam): bool', { blocking: true }, (cx, f: number, lp: number): Returns<'i32'> => {
    const g = gwesOf(cx.machine);
    const list = g.children(0).map((w) => w.hwnd);
    const next = (i: number, last: number): Returns<'i32'> => {
      while (i < list.length && !g.window(list[i]!)) i++;
      if (i >= list.length) return last;
      return cx.callGuest(f, [list[i]!, lp >>> 0], (r) => (r ? next(i + 1, r) : 0));
    };
    return next(0, 1);
  }),
  fn('MonitorFromPoint(i32 x, i32 y, hex dwFlags): handle', (cx, x: number, y: number, flags: number) => {
    const g = gwesOf(cx.machine);
    return touchesScreen(g, x, y, x + 1, y + 1) || flags !== MONITOR_DEFAULTTONULL ? MONITOR_HANDLE : 0;
  }),
  fn('MonitorFromRect(ptr lprc, hex dwFlags): handle', (cx, p: number, flags: number) => {
    const g = gwesOf(cx.machine);
    cx.mem.check(p, 16);
    const [l, t, r, b] = [0, 4, 8, 12].map((o) => cx.mem.i32(p + o)) as [number, number, number, number];
    return touchesScreen(g, l, t, r, b) || flags !== MONITOR_DEFAULTTONULL ? MONITOR_HANDLE : 0;
  }),
  fn('MonitorFromWindow(handle hwnd, hex dwFlags): handle', (cx, h: number, flags: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    const on = w ? touchesScreen(g, w.rect.left, w.rect.top, w.rect.right, w.rect.bottom) : h >>> 0 === DESKTOP_HWND;
    return on || flags !== MONITOR_DEFAULTTONULL ? MONITOR_HANDLE : 0;
  }),
  fn('GetMonitorInfo(handle hMonitor, ptr lpmi): bool', (cx, hm: number, p: number) => {
    const g = gwesOf(cx.machine);
    cx.mem.check(p, 4);
    const size = cx.mem.u32(p);
    if (hm >>> 0 !== MONITOR_HANDLE || (size !== 40 && size !== 104)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, size, 'write');
    const work = g.workRect();
    [0, 0, g.screen.width, g.screen.height, ...work, 1 /* MONITORINFOF_PRIMARY */].forEach((v, i) => cx.mem.setU32(p + 4 + 4 * i, v >>> 0));
    if (size === 104) {
      cx.mem.fill(p + 40, 64, 0);
      cx.mem.writeWstr(p + 40, '\\\\.\\DISPLAY1');
    }
    return 1;
  }),
  fn('GetClassLongW(handle hWnd, i32 nIndex): u32', (cx, h: number, i: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const f = classField(w.cls, i);
    return f ? f.get() : cx.fail(0, ERROR_INVALID_INDEX);
  }),
  fn('SetClassLongW(handle hWnd, i32 nIndex, hex dwNewLong): u32', (cx, h: number, i: number, v: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const f = classField(w.cls, i);
    if (!f) return cx.fail(0, ERROR_INVALID_INDEX);
    const old = f.get();
    f.set(v);
    return old;
  }),
  fn('keybd_event(u32 bVk, u32 bScan, hex dwFlags, hex dwExtraInfo): void', (cx, vk: number, _scan: number, flags: number) => {
    keyEvent(gwesOf(cx.machine), vk & 0xff, !(flags & KEYEVENTF_KEYUP));
  }),
  fn('MessageBeep(hex uType): bool', () => 0),
  fn('MapVirtualKeyW(u32 uCode, u32 uMapType): u32', (_cx, code: number, type: number) => {
    switch (type) {
      case 0: // MAPVK_VK_TO_VSC
        return SCAN.get(code) ?? 0;
      case 1: // MAPVK_VSC_TO_VK
        for (const [vk, sc] of SCAN) if (sc === code) return vk;
        return 0;
      case 2: // MAPVK_VK_TO_CHAR
        if (
          (code >= 0x30 && code <= 0x39) ||
          (code >= 0x41 && code <= 0x5a) ||
          code === 0x20 ||
          code === 0x0d ||
          code === 0x08 ||
          code === 0x09 ||
          code === 0x1b
        )
          return code;
        return 0;
    }
    return 0;
  }),
  fn('GetCursorPos(ptr lpPoint): bool', (cx, p: number) => {
    const c = cursorOf(gwesOf(cx.machine));
    cx.mem.check(p, 8, 'write');
    cx.mem.setU32(p, c.x >>> 0);
    cx.mem.setU32(p + 4, c.y >>> 0);
    return 1;
  }),
  fn('ClipCursor(ptr lpRect): bool', (cx, p: number) => {
    const g = gwesOf(cx.machine);
    if (!p) setCursorClip(g, undefined);
    else {
      cx.mem.check(p, 16);
      setCursorClip(g, { left: cx.mem.i32(p), top: cx.mem.i32(p + 4), right: cx.mem.i32(p + 8), bottom: cx.mem.i32(p + 12) });
    }
    return 1;
  }),
  fn('GetClipCursor(ptr lpRect): bool', (cx, p: number) => {
    const c = cursorClip(gwesOf(cx.machine));
    cx.mem.check(p, 16, 'write');
    [c.left, c.top, c.right, c.bottom].forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    return 1;
  }),
  fn('SetCursorPos(i32 X, i32 Y): bool', (cx, x: number, y: number) => {
    setCursor(gwesOf(cx.machine), x, y);
    return 1;
  }),
];
