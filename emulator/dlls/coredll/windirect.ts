/**
 * coredll GetWindowTextWDirect (CE 6 export, imported by 2 corpus binaries): a window's text read from
 * the window manager's own copy, without sending WM_GETTEXT (CE's GWES keeps the caption text, as
 * Win32's InternalGetWindowText does; a window procedure that answers WM_GETTEXT itself is not asked).
 * nMaxCount counts the terminating NUL: at most nMaxCount - 1 characters are copied and NUL-terminated;
 * the count copied is returned. nMaxCount <= 0: 0, nothing written. A bad window: 0 with
 * ERROR_INVALID_WINDOW_HANDLE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';

export const windirect: ApiDef[] = [
  fn('GetWindowTextWDirect(handle hWnd, ptr lpString, i32 nMaxCount): i32', (cx, h: number, buf: number, n: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (n <= 0) return 0;
    const k = Math.min(w.title.length, n - 1);
    cx.mem.writeWstr(buf, w.title.slice(0, k));
    return k;
  }),
];
