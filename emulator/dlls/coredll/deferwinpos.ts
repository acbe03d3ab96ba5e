/**
 * coredll BeginDeferWindowPos, DeferWindowPos, EndDeferWindowPos (GWES): several SetWindowPos calls
 * collected and applied together (ce6 msmsgs.exe lays out its windows with them).
 *
 * Reference: the Win32 pages (CE lists the three functions with the same signatures) and Wine's
 * user32 winpos.c for the details the pages leave open:
 *  - BeginDeferWindowPos(nNumWindows): a negative count is ERROR_INVALID_PARAMETER, NULL; otherwise a
 *    new, empty multiple-window-position structure (its handle; the count is only a size hint).
 *  - DeferWindowPos(hWinPosInfo, hWnd, ...): a handle that is no such structure: ERROR_INVALID_HANDLE,
 *    NULL; a window that does not exist: ERROR_INVALID_WINDOW_HANDLE, NULL (the structure stays). A
 *    window already in the structure has its entry updated (the new position and size unless the new
 *    flags keep them, the flags combined as Wine does: the NOMOVE/NOSIZE/NOZORDER bits only stay set
 *    when both calls set them); otherwise an entry is added. Returns the structure's handle.
 *  - EndDeferWindowPos(hWinPosInfo): not such a structure: ERROR_INVALID_HANDLE, FALSE; otherwise each
 *    entry in order as SetWindowPos (winpos.ts) would move it (windows destroyed meanwhile are
 *    skipped), the structure freed, TRUE.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';
import { setWindowPos } from './winpos.js';

const SWP = { NOSIZE: 0x1, NOMOVE: 0x2, NOZORDER: 0x4 } as const;

interface DeferEntry {
  hwnd: number;
  after: number;
  x: number;
  y: number;
  cx: number;
  cy: number;
  flags: number;
}

class DeferredPositions {
  readonly type = 'hdwp';
  readonly entries: DeferEntry[] = [];
}

function apply(cx: ApiContext, list: DeferEntry[], i: number): Returns<'i32'> {
  const g = gwesOf(cx.machine);
  for (; i < list.length; i++) {
    const e = list[i]!;
    const w = g.window(e.hwnd);
    if (w) return setWindowPos(cx, g, w, e.after, e.x, e.y, e.cx, e.cy, e.flags, () => apply(cx, list, i + 1));
  }
  return 1;
}

export const deferwinpos: ApiDef[] = [
  fn('BeginDeferWindowPos(i32 nNumWindows): handle', (cx, n: number) => {
    if (n < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return cx.machine.handles.add(new DeferredPositions());
  }),
  fn(
    'DeferWindowPos(handle hWinPosInfo, handle hWnd, handle hWndInsertAfter, i32 x, i32 y, i32 cx, i32 cy, hex uFlags): handle',
    (cx, h: number, hwnd: number, after: number, x: number, y: number, w: number, ht: number, flags: number) => {
      const d = cx.machine.handles.get<DeferredPositions>(h, 'hdwp');
      if (!d) return cx.fail(0, ERROR.INVALID_HANDLE);
      if (!gwesOf(cx.machine).window(hwnd)) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      const e = d.entries.find((x) => x.hwnd === hwnd >>> 0);
      if (!e) {
        d.entries.push({ hwnd: hwnd >>> 0, after, x, y, cx: w, cy: ht, flags });
        return h;
      }
      if (!(flags & SWP.NOZORDER)) e.after = after;
      if (!(flags & SWP.NOMOVE)) [e.x, e.y] = [x, y];
      if (!(flags & SWP.NOSIZE)) [e.cx, e.cy] = [w, ht];
      const keep = SWP.NOSIZE | SWP.NOMOVE | SWP.NOZORDER;
      e.flags = (e.flags & flags & keep) | ((e.flags | flags) & ~keep);
      return h;
    },
  ),
  fn('EndDeferWindowPos(handle hWinPosInfo): bool', (cx, h: number) => {
    const d = cx.machine.handles.get<DeferredPositions>(h, 'hdwp');
    if (!d) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return apply(cx, d.entries, 0);
  }),
];
