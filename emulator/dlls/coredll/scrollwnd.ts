/**
 * coredll ScrollWindowEx (imported by 6 corpus binaries): the client area's bits moved by (dx, dy) on
 * the screen, and the area uncovered reported / invalidated. References: the CE 5/6 "ScrollWindowEx"
 * page (SW_SCROLLCHILDREN 1, SW_INVALIDATE 2, SW_ERASE 4; return value the update region's type) and
 * Wine's user32 ScrollDC / scroll_window (how the source, destination and update regions combine).
 *
 * In screen coordinates, with C the client rectangle, S = prcScroll (client coordinates; NULL: C) and
 * K = prcClip (NULL: C), each inside C, and V the window's visible client region:
 * - moved = offset(S ∩ V, dx, dy) ∩ K ∩ V: those pixels are copied from (x - dx, y - dy);
 * - update = (S ∩ K ∩ V) − moved: what was uncovered (or came from an obscured part). The window's
 *   pending update region inside S ∩ K moves with the bits (Wine does the same), so a paint that was
 *   due lands where its content went.
 * - hrgnUpdate (an existing region) receives the update region and prcUpdate its bounding rectangle,
 *   both in client coordinates; SW_INVALIDATE adds it to the update region (SW_ERASE: with
 *   WM_ERASEBKGND at the next BeginPaint).
 * - SW_SCROLLCHILDREN moves every child window whose rectangle meets S by (dx, dy) (SetWindowPos
 *   without a z-order change: WM_WINDOWPOSCHANGED / WM_MOVE, as the page says).
 * - Returns NULLREGION (1), SIMPLEREGION (2) or COMPLEXREGION (3); a bad window: ERROR (0) with
 *   ERROR_INVALID_WINDOW_HANDLE; other flag bits (SW_SMOOTHSCROLL is not in CE) stop the run.
 */
import { fn, UnimplementedFeature, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { bitBlt } from '../../gdi/draw.js';
import { bounds, complexity, intersectRect, intersectRegion, normalize, offset, rect, subtractRegion, type Region } from '../../gdi/region.js';
import type { Rect } from '../../gdi/surface.js';
import { ROP } from '../../gdi/rop.js';
import { gwesOf, type Gwes, type Window } from '../../gwes/wm.js';
import { setWindowPos } from './winpos.js';

const SW = { SCROLLCHILDREN: 1, INVALIDATE: 2, ERASE: 4 } as const;
const SWP_NOSIZE = 0x1;
const SWP_NOZORDER = 0x4;
const SWP_NOACTIVATE = 0x10;

function readRect(cx: ApiContext, p: number): Rect {
  cx.mem.check(p, 16);
  return rect(cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12));
}

/** Copies the pixels of `moved` (screen region) from (x - dx, y - dy) on the display surface. */
function moveBits(g: Gwes, moved: Region, dx: number, dy: number): void {
  if (!moved.length) return;
  const s = g.display.surface;
  const b = bounds(moved);
  bitBlt(
    s,
    { clip: moved, textColor: 0, bkColor: 0 },
    b.left,
    b.top,
    b.right - b.left,
    b.bottom - b.top,
    s,
    b.left - dx,
    b.top - dy,
    { kind: 'null' },
    ROP.SRCCOPY,
  );
  g.display.changed(b);
}

function scrollChildren(cx: ApiContext, g: Gwes, w: Window, s: Rect, dx: number, dy: number, then: () => Returns<'i32'>): Returns<'i32'> {
  const c = g.clientRect(w);
  const kids = g.children(w.hwnd).filter((k) => intersectRect([k.rect], s).length);
  const step = (i: number): Returns<'i32'> => {
    if (i >= kids.length) return then();
    const k = kids[i]!;
    if (k.destroyed) return step(i + 1);
    const x = k.rect.left - c.left + dx;
    const y = k.rect.top - c.top + dy;
    return setWindowPos(cx, g, k, 0, x, y, 0, 0, SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE, () => step(i + 1));
  };
  return step(0);
}

export const scrollwnd: ApiDef[] = [
  fn(
    'ScrollWindowEx(handle hWnd, i32 dx, i32 dy, ptr prcScroll, ptr prcClip, handle hrgnUpdate, ptr prcUpdate, hex flags): i32',
    { blocking: true },
    (cx, h: number, dx: number, dy: number, pScroll: number, pClip: number, hrgn: number, pUpdate: number, flags: number): Returns<'i32'> => {
      const g = gwesOf(cx.machine);
      const w = g.window(h);
      if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
      if (flags & ~(SW.SCROLLCHILDREN | SW.INVALIDATE | SW.ERASE)) throw new UnimplementedFeature(`with flags 0x${flags.toString(16)}`);
      const rgnObj = hrgn ? g.gdi.get(hrgn) : undefined;
      if (hrgn && rgnObj?.type !== 'region') return cx.fail(0, ERROR.INVALID_HANDLE);
      const c = g.clientRect(w);
      const toScreen = (r: Rect): Region => intersectRect([rect(r.left + c.left, r.top + c.top, r.right + c.left, r.bottom + c.top)], c);
      const S = pScroll ? toScreen(readRect(cx, pScroll)) : [c];
      const K = pClip ? toScreen(readRect(cx, pClip)) : [c];
      const V = g.visibleRegion(w, true);
      const moved = normalize(intersectRegion(intersectRegion(offset(intersectRegion(S, V), dx, dy), K), V));
      const area = normalize(intersectRegion(intersectRegion(S, K), V));
      const update = normalize(subtractRegion(area, moved));
      if (dx || dy) {
        moveBits(g, moved, dx, dy);
        // The pending update region inside S ∩ K travels with the bits.
        const sk = intersectRegion(S, K);
        const pending = intersectRegion(w.update, sk);
        if (pending.length) {
          const erase = w.erase;
          g.validate(w, sk);
          g.invalidate(w, intersectRegion(offset(pending, dx, dy), K), erase);
        }
      }
      const client = offset(update, -c.left, -c.top);
      if (rgnObj?.type === 'region') rgnObj.rgn = client;
      if (pUpdate) {
        const b = client.length ? bounds(client) : rect(0, 0, 0, 0);
        cx.mem.check(pUpdate, 16, 'write');
        [b.left, b.top, b.right, b.bottom].forEach((v, i) => cx.mem.setU32(pUpdate + 4 * i, v >>> 0));
      }
      if (flags & SW.INVALIDATE && update.length) g.invalidate(w, update, !!(flags & SW.ERASE));
      const kind = complexity(update);
      if (flags & SW.SCROLLCHILDREN && (dx || dy)) {
        const sb = bounds(S.length ? S : [rect(0, 0, 0, 0)]);
        return scrollChildren(cx, g, w, sb, dx, dy, () => kind);
      }
      return kind;
    },
  ),
];
