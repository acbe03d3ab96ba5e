/**
 * coredll DrawEdge: the 3-D edges of a rectangle (CE's DrawEdge page, the same flags as Win32).
 * Each border is one pixel: the outer one (BDR_RAISEDOUTER / BDR_SUNKENOUTER) on the rectangle's
 * edge, the inner one (BDR_RAISEDINNER / BDR_SUNKENINNER) inside it. The classic 3-D colours: a raised
 * outer edge is white at the top/left and COLOR_3DDKSHADOW at the bottom/right, a raised inner
 * edge COLOR_BTNHIGHLIGHT / COLOR_BTNSHADOW, sunken edges gray / COLOR_BTNHIGHLIGHT (outer) and black /
 * COLOR_3DLIGHT (inner); the top/left colours not named COLOR_ are stock brushes, not system colours
 * (below); BF_FLAT draws the outer border in COLOR_BTNSHADOW and the inner in
 * COLOR_BTNFACE, BF_MONO the outer in COLOR_WINDOWFRAME and the inner in COLOR_WINDOW. The bottom and
 * right lines own the corners they share with the top and left ones (the dark pixel at a raised
 * button's top-right and bottom-left corners). BF_MIDDLE fills the inside with COLOR_BTNFACE
 * (COLOR_WINDOW for BF_MONO); BF_ADJUST shrinks *lprc by the borders drawn.
 *
 * What CE 6's gwes.dll does (the corpus copy, disassembled: GDI API set entry 14, which coredll's
 * DrawEdge calls), followed here:
 *  - two passes, the outer border (edge & 3) then the inner one (edge & 0xC); a pass whose two bits are
 *    both set (raised and sunken at once) fails with ERROR_INVALID_PARAMETER, FALSE (after the outer
 *    pass has drawn, for the inner one).
 *  - BF_DIAGONAL: each pass draws ONE line across the rectangle, in the bottom/right colour when
 *    BF_BOTTOM is set, else the top/left one. Its direction: top-left to bottom-right ("\") for
 *    BF_DIAGONAL_ENDTOPLEFT (0x13) and BF_DIAGONAL_ENDBOTTOMRIGHT (0x1C) exactly (flags & 0x1F), else
 *    bottom-left to top-right ("/"). The line is a staircase of PatBlt steps: with W x H the rectangle,
 *    a step is 1 x (H / W) when H >= W, else (W / H) x 1 (integer division, SM_CXBORDER/SM_CYBORDER
 *    being 1); the first step sits at the left, at the top ("\") or bottom ("/") of the rectangle, each
 *    next one a step width to the right and a step height down ("\") or up ("/"), while the step's
 *    left is <= right - step width and its top within top..bottom - step height. The pass then shrinks
 *    the rectangle by one step: BF_TOP set moves the left edge right by the step width (else the right
 *    edge left), BF_RIGHT set moves the top down by the step height (else the bottom up); the inner
 *    pass and BF_ADJUST see that rectangle. BF_MIDDLE then fills one side of the same staircase over
 *    the rectangle left (COLOR_BTNFACE, COLOR_WINDOW for BF_MONO): for tall steps (height > 1) each
 *    column from the rectangle's top to the step's bottom when BF_LEFT is set, else from the step's top
 *    to the rectangle's bottom; for flat steps each row from the step to the rectangle's right when
 *    BF_TOP is set, else from the rectangle's left to the step's right. An empty rectangle draws no
 *    line and shrinks nothing.
 *  - the colours of a pass (a switch on its two bits; gwes's GetStockObject reads the same table, index
 *    0 WHITE_BRUSH ... 4 BLACK_BRUSH): bottom/right always a system colour brush (raised outer
 *    COLOR_3DDKSHADOW, raised inner COLOR_BTNSHADOW, sunken outer COLOR_BTNHIGHLIGHT, sunken inner
 *    COLOR_3DLIGHT); top/left: raised outer WHITE_BRUSH (BF_SOFT: GRAY_BRUSH), raised inner
 *    COLOR_BTNHIGHLIGHT (BF_SOFT: COLOR_3DLIGHT), sunken outer GRAY_BRUSH (BF_SOFT: BLACK_BRUSH), sunken
 *    inner BLACK_BRUSH (BF_SOFT too). SetSysColors moves only the system colours. BF_FLAT: both sides
 *    COLOR_BTNSHADOW (outer) / COLOR_BTNFACE (inner); BF_MONO (also set for a monochrome dc) implies
 *    BF_FLAT with COLOR_WINDOWFRAME / COLOR_WINDOW. The bottom/right brush draws first (right then
 *    bottom), then top/left (left then top): the right line owns both right corners, the bottom line the
 *    bottom-left one, the left line the top-left one.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { patBlt } from '../../gdi/draw.js';
import { clipOf, type DcObj } from '../../gdi/objects.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import type { Surface } from '../../gdi/surface.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';

const BF = { LEFT: 0x1, TOP: 0x2, RIGHT: 0x4, BOTTOM: 0x8, DIAGONAL: 0x10, MIDDLE: 0x800, SOFT: 0x1000, ADJUST: 0x2000, FLAT: 0x4000, MONO: 0x8000 } as const;
const BF_DIAGONAL_ENDTOPLEFT = 0x13;
const BF_DIAGONAL_ENDBOTTOMRIGHT = 0x1c;
const BDR = { RAISEDOUTER: 0x1, SUNKENOUTER: 0x2, RAISEDINNER: 0x4, SUNKENINNER: 0x8 } as const;
const C = { WINDOW: 5, WINDOWFRAME: 6, BTNFACE: 15, BTNSHADOW: 16, BTNHIGHLIGHT: 20, DKSHADOW: 21, LIGHT: 22 } as const;
/** A colour of a border: a system colour index, or the colour of a stock brush (COLORREF) that SetSysColors does not move. */
type Paint = number | { stock: number };
const STOCK = { WHITE: { stock: 0xffffff }, GRAY: { stock: 0x808080 }, BLACK: { stock: 0x000000 } } as const;

/** [top/left colour, bottom/right colour] of a border, or undefined when it is not drawn (CE 6's gwes.dll, module comment). */
function colours(edge: number, flags: number, outer: boolean): [Paint, Paint] | undefined {
  const raised = edge & (outer ? BDR.RAISEDOUTER : BDR.RAISEDINNER);
  const sunken = edge & (outer ? BDR.SUNKENOUTER : BDR.SUNKENINNER);
  if (!raised && !sunken) return undefined;
  if (flags & BF.MONO) return outer ? [C.WINDOWFRAME, C.WINDOWFRAME] : [C.WINDOW, C.WINDOW];
  if (flags & BF.FLAT) return outer ? [C.BTNSHADOW, C.BTNSHADOW] : [C.BTNFACE, C.BTNFACE];
  const soft = (flags & BF.SOFT) !== 0;
  if (raised) return outer ? [soft ? STOCK.GRAY : STOCK.WHITE, C.DKSHADOW] : [soft ? C.LIGHT : C.BTNHIGHLIGHT, C.BTNSHADOW];
  return outer ? [soft ? STOCK.BLACK : STOCK.GRAY, C.BTNHIGHLIGHT] : [STOCK.BLACK, C.LIGHT];
}

type Rect4 = [number, number, number, number];
type Fill = (x0: number, y0: number, x1: number, y1: number, colour: Paint) => void;

/**
 * The staircase of a BF_DIAGONAL pass over (l, t, r, b) (the module comment): paints each step (the
 * line) or, with `middle`, the part of the rectangle on one side of it; returns the step size [w, h],
 * [0, 0] for an empty rectangle.
 */
function staircase(rc: Rect4, flags: number, middle: boolean, paint: (x: number, y: number, w: number, h: number) => void): [number, number] {
  const [left, top, right, bottom] = rc;
  if (right <= left || bottom <= top) return [0, 0];
  const dir = (flags & 0x1f) === BF_DIAGONAL_ENDTOPLEFT || (flags & 0x1f) === BF_DIAGONAL_ENDBOTTOMRIGHT ? -1 : 1;
  let w = right - left;
  let h = bottom - top;
  if (h >= w) [h, w] = [Math.trunc(h / w), 1];
  else [w, h] = [Math.trunc(w / h), 1];
  const lastX = right - w;
  let y0 = top;
  let y1 = bottom - h;
  for (let x = left; x <= lastX && y0 <= y1; x += w) {
    const y = dir < 0 ? y0 : y1;
    if (!middle) paint(x, y, w, h);
    else if (h > 1) {
      if (flags & BF.LEFT) paint(x, top, w, y - top + h);
      else paint(x, y, w, bottom - y);
    } else if (flags & BF.TOP) paint(x, y, right - x, h);
    else paint(left, y, x - left + w, h);
    if (dir < 0) y0 += h;
    else y1 -= h;
  }
  return [w, h];
}

/** The dc's drawing surface and a filler of logical rectangles in system colours. */
function filler(g: Gwes, dc: DcObj): Fill {
  let s: Surface | undefined = g.display.surface;
  if (dc.kind !== 'screen') {
    const o = g.gdi.get(dc.bitmap);
    s = o?.type === 'bitmap' ? o.surface : undefined;
  }
  const st = s && { clip: clipOf(dc, s), textColor: 0, bkColor: 0 };
  return (x0, y0, x1, y1, colour) => {
    if (!s || !st || x1 <= x0 || y1 <= y0) return;
    patBlt(
      s,
      st,
      rect(x0 + dc.orgX, y0 + dc.orgY, x1 + dc.orgX, y1 + dc.orgY),
      { kind: 'solid', color: typeof colour === 'number' ? g.sysColor(colour) : colour.stock },
      ROP.PATCOPY,
    );
  };
}

/**
 * DrawEdge on (l, t, r, b) (logical coordinates of dc), both passes and BF_MIDDLE: the rectangle left
 * inside the borders drawn (what BF_ADJUST writes back), or undefined when a pass's two bits are both set
 * (CE's ERROR_INVALID_PARAMETER).
 */
function drawEdge(g: Gwes, dc: DcObj, rc: Rect4, edge: number, flags: number): Rect4 | undefined {
  const fill = filler(g, dc);
  let [l, t, r, b] = rc;
  for (const outer of [true, false]) {
    const bits = edge & (outer ? 0x3 : 0xc);
    if (bits === 0x3 || bits === 0xc) return undefined;
    const c = colours(edge, flags, outer);
    if (!c) continue;
    const [lt, rb] = c;
    if (flags & BF.DIAGONAL) {
      const colour = flags & BF.BOTTOM ? rb : lt;
      const [w, h] = staircase([l, t, r, b], flags, false, (x, y, sw, sh) => fill(x, y, x + sw, y + sh, colour));
      if (flags & BF.TOP) l += w;
      else r -= w;
      if (flags & BF.RIGHT) t += h;
      else b -= h;
      continue;
    }
    // CE's order: right, bottom (bottom/right brush), left, top (top/left brush), each shrinking the rectangle.
    if (flags & BF.RIGHT) {
      fill(r - 1, t, r, b, rb);
      r--;
    }
    if (flags & BF.BOTTOM) {
      fill(l, b - 1, r, b, rb);
      b--;
    }
    if (flags & BF.LEFT) {
      fill(l, t, l + 1, b, lt);
      l++;
    }
    if (flags & BF.TOP) {
      fill(l, t, r, t + 1, lt);
      t++;
    }
  }
  if (flags & BF.MIDDLE) {
    const colour = flags & BF.MONO ? C.WINDOW : C.BTNFACE;
    if (flags & BF.DIAGONAL) staircase([l, t, r, b], flags, true, (x, y, sw, sh) => fill(x, y, x + sw, y + sh, colour));
    else fill(l, t, r, b, colour);
  }
  if (dc.kind === 'screen') g.display.changed();
  return [l, t, r, b];
}

/**
 * The rectangular edges of (l, t, r, b) as DrawEdge draws them; returns the rectangle left inside the
 * borders drawn. drawframe.ts draws buttons with it (valid edges, no BF_DIAGONAL).
 */
export function drawEdgeRect(g: Gwes, dc: DcObj, l: number, t: number, r: number, b: number, edge: number, flags: number): Rect4 {
  return drawEdge(g, dc, [l, t, r, b], edge, flags & ~BF.DIAGONAL) ?? [l, t, r, b];
}

export const drawedge: ApiDef[] = [
  fn('DrawEdge(handle hdc, ptr qrc, u32 edge, u32 grfFlags): bool', (cx, hdc: number, p: number, edge: number, flags: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.check(p, 16, 'write');
    const r = drawEdge(g, dc, [cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12)], edge, flags);
    if (!r) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (flags & BF.ADJUST) r.forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    return 1;
  }),
];
