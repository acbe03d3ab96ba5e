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
 * - GetCursorPos / SetCursorPos: CE has no hovering cursor; the position is the last pen position
 *   (gwes/cursor.ts). GetCursorPos writes it as a POINT (a bad pointer crashes the guest, as coredll's
 *   pointer arguments do); SetCursorPos moves it (clipped to the screen) and posts nothing: a device
 *   without a mouse sends no WM_MOUSEMOVE for it. ceplayer.exe (msdxm.dll) needed GetCursorPos.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { Returns } from '../../core/api/declare.js';
import { gwesOf, DESKTOP_HWND, type Gwes } from '../../gwes/wm.js';
import { rect } from '../../gdi/region.js';
import { setWindowPos, showWindow } from './winpos.js';
import { WS } from '../../gwes/nonclient.js';
import { cursorOf, setCursor } from '../../gwes/cursor.js';
import { ERROR } from '../../core/win32-errors.js';

const SWP_NOSIZE = 0x0001;
const SWP_SHOWWINDOW = 0x0040;
const HWND_TOP = 0;
const SW_HIDE = 0;
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
  fn('GetCursorPos(ptr lpPoint): bool', (cx, p: number) => {
    const c = cursorOf(gwesOf(cx.machine));
    cx.mem.check(p, 8, 'write');
    cx.mem.setU32(p, c.x >>> 0);
    cx.mem.setU32(p + 4, c.y >>> 0);
    return 1;
  }),
  fn('SetCursorPos(i32 X, i32 Y): bool', (cx, x: number, y: number) => {
    setCursor(gwesOf(cx.machine), x, y);
    return 1;
  }),
];
