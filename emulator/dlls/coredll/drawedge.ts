/**
 * coredll DrawEdge: the 3-D edges of a rectangle (CE's DrawEdge page, the same flags as Win32).
 * Each border is one pixel: the outer one (BDR_RAISEDOUTER / BDR_SUNKENOUTER) on the rectangle's
 * edge, the inner one (BDR_RAISEDINNER / BDR_SUNKENINNER) inside it. The classic 3-D colours: a raised
 * outer edge is COLOR_3DLIGHT at the top/left and COLOR_3DDKSHADOW at the bottom/right, a raised inner
 * edge COLOR_BTNHIGHLIGHT / COLOR_BTNSHADOW, sunken edges the reverse pairs (outer BTNSHADOW /
 * BTNHIGHLIGHT, inner 3DDKSHADOW / 3DLIGHT); BF_SOFT exchanges the two top/left colours (highlight
 * outside) as Windows does; BF_FLAT draws the outer border in COLOR_BTNSHADOW and the inner in
 * COLOR_BTNFACE, BF_MONO the outer in COLOR_WINDOWFRAME and the inner in COLOR_WINDOW. The bottom and
 * right lines own the corners they share with the top and left ones (the dark pixel at a raised
 * button's top-right and bottom-left corners). BF_MIDDLE fills the inside with COLOR_BTNFACE
 * (COLOR_WINDOW for BF_MONO); BF_ADJUST shrinks *lprc by the borders drawn. BF_DIAGONAL
 * edges are not implemented and stop the run naming themselves.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { patBlt } from '../../gdi/draw.js';
import { clipOf, type DcObj } from '../../gdi/objects.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import type { Surface } from '../../gdi/surface.js';
import { gwesOf, type Gwes } from '../../gwes/wm.js';

const BF = { LEFT: 0x1, TOP: 0x2, RIGHT: 0x4, BOTTOM: 0x8, DIAGONAL: 0x10, MIDDLE: 0x800, SOFT: 0x1000, ADJUST: 0x2000, FLAT: 0x4000, MONO: 0x8000 } as const;
const BDR = { RAISEDOUTER: 0x1, SUNKENOUTER: 0x2, RAISEDINNER: 0x4, SUNKENINNER: 0x8 } as const;
const C = { WINDOW: 5, WINDOWFRAME: 6, BTNFACE: 15, BTNSHADOW: 16, BTNHIGHLIGHT: 20, DKSHADOW: 21, LIGHT: 22 } as const;

/** [top/left colour, bottom/right colour] of a border, or undefined when it is not drawn. */
function colours(edge: number, flags: number, outer: boolean): [number, number] | undefined {
  const raised = edge & (outer ? BDR.RAISEDOUTER : BDR.RAISEDINNER);
  const sunken = edge & (outer ? BDR.SUNKENOUTER : BDR.SUNKENINNER);
  if (!raised && !sunken) return undefined;
  if (flags & BF.MONO) return outer ? [C.WINDOWFRAME, C.WINDOWFRAME] : [C.WINDOW, C.WINDOW];
  if (flags & BF.FLAT) return outer ? [C.BTNSHADOW, C.BTNSHADOW] : [C.BTNFACE, C.BTNFACE];
  const soft = (flags & BF.SOFT) !== 0;
  if (raised) return outer ? [soft ? C.BTNHIGHLIGHT : C.LIGHT, C.DKSHADOW] : [soft ? C.LIGHT : C.BTNHIGHLIGHT, C.BTNSHADOW];
  return outer ? [soft ? C.DKSHADOW : C.BTNSHADOW, C.BTNHIGHLIGHT] : [soft ? C.BTNSHADOW : C.DKSHADOW, C.LIGHT];
}

/**
 * The edges of (l, t, r, b) (logical coordinates of dc) as DrawEdge draws them; returns the rectangle
 * left inside the borders drawn (what BF_ADJUST writes back). drawframe.ts draws buttons with it.
 */
export function drawEdgeRect(g: Gwes, dc: DcObj, l: number, t: number, r: number, b: number, edge: number, flags: number): [number, number, number, number] {
  if (flags & BF.DIAGONAL) throw new UnimplementedFeature('with BF_DIAGONAL');
  let s: Surface | undefined = g.display.surface;
  if (dc.kind !== 'screen') {
    const o = g.gdi.get(dc.bitmap);
    s = o?.type === 'bitmap' ? o.surface : undefined;
  }
  const st = s && { clip: clipOf(dc, s), textColor: 0, bkColor: 0 };
  const fill = (x0: number, y0: number, x1: number, y1: number, colour: number) => {
    if (!s || !st || x1 <= x0 || y1 <= y0) return;
    patBlt(s, st, rect(x0 + dc.orgX, y0 + dc.orgY, x1 + dc.orgX, y1 + dc.orgY), { kind: 'solid', color: g.sysColor(colour) }, ROP.PATCOPY);
  };
  for (const outer of [true, false]) {
    const c = colours(edge, flags, outer);
    if (!c) continue;
    const [lt, rb] = c;
    // Top/left first, then bottom/right over the shared corners.
    if (flags & BF.TOP) fill(l, t, r, t + 1, lt);
    if (flags & BF.LEFT) fill(l, t, l + 1, b, lt);
    if (flags & BF.BOTTOM) fill(l, b - 1, r, b, rb);
    if (flags & BF.RIGHT) fill(r - 1, t, r, b, rb);
    if (flags & BF.TOP) t++;
    if (flags & BF.LEFT) l++;
    if (flags & BF.BOTTOM) b--;
    if (flags & BF.RIGHT) r--;
  }
  if (flags & BF.MIDDLE) fill(l, t, r, b, flags & BF.MONO ? C.WINDOW : C.BTNFACE);
  if (s && dc.kind === 'screen') g.display.changed();
  return [l, t, r, b];
}

export const drawedge: ApiDef[] = [
  fn('DrawEdge(handle hdc, ptr qrc, u32 edge, u32 grfFlags): bool', (cx, hdc: number, p: number, edge: number, flags: number) => {
    if (flags & BF.DIAGONAL) throw new UnimplementedFeature('with BF_DIAGONAL');
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.check(p, 16, 'write');
    const r = drawEdgeRect(g, dc, cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12), edge, flags);
    if (flags & BF.ADJUST) r.forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
    return 1;
  }),
];
