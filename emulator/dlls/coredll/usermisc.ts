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
 * - GetCursorPos / SetCursorPos: CE has no hovering cursor; the position is the last pen position
 *   (gwes/cursor.ts). GetCursorPos writes it as a POINT (a bad pointer crashes the guest, as coredll's
 *   pointer arguments do); SetCursorPos moves it (clipped to the screen) and posts nothing: a device
 *   without a mouse sends no WM_MOUSEMOVE for it. ceplayer.exe (msdxm.dll) needed GetCursorPos.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';
import { WS } from '../../gwes/nonclient.js';
import { cursorOf, setCursor } from '../../gwes/cursor.js';
import { ERROR } from '../../core/win32-errors.js';

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
