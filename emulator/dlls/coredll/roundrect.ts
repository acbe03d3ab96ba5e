/**
 * coredll RoundRect (imported by 2 corpus binaries; CE 5/6 "RoundRect" page): a rectangle with
 * corners rounded by an ellipse nWidth x nHeight, filled with the DC's brush and outlined with its pen,
 * drawn the way this GDI draws Ellipse (gdi/shapes.ts: a pixel is inside when its centre is; the
 * outline is the filled shape's boundary pixels, inside the rectangle; right/bottom exclusive). A
 * corner ellipse wider or taller than the rectangle is clamped to it (Wine's RoundRect does the same);
 * under 2 pixels the corners are square. A bad DC: FALSE with ERROR_INVALID_HANDLE.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { line, patBlt } from '../../gdi/draw.js';
import { rect } from '../../gdi/region.js';
import { ROP } from '../../gdi/rop.js';
import { roundRectSpans } from '../../gdi/shapes.js';
import { brushOf, ctx, penOf, touched } from './gdi.js';

export const roundrect: ApiDef[] = [
  fn(
    'RoundRect(handle hdc, i32 nLeftRect, i32 nTopRect, i32 nRightRect, i32 nBottomRect, i32 nWidth, i32 nHeight): bool',
    (cx, hdc: number, l: number, t: number, r: number, b: number, ew: number, eh: number) => {
      const c = ctx(cx, hdc);
      if (!c) return 0;
      if (r < l) [l, r] = [r, l];
      if (b < t) [t, b] = [b, t];
      const ox = c.dc.orgX;
      const oy = c.dc.orgY;
      const spans = roundRectSpans(rect(l + ox, t + oy, r + ox, b + oy), ew, eh);
      const br = brushOf(c.g, c.dc.brush);
      if (br && br.kind !== 'null') for (const s of spans) patBlt(c.s, c.st, rect(s.l, s.y, s.r, s.y + 1), br, ROP.PATCOPY);
      const pen = penOf(c);
      if (!pen.none) {
        const rows = new Map<number, { l: number; r: number }>();
        for (const s of spans) rows.set(s.y, s);
        const inside = (x: number, y: number) => {
          const s = rows.get(y);
          return !!s && x >= s.l && x < s.r;
        };
        for (const s of spans) {
          for (let x = s.l; x < s.r; x++) {
            if (inside(x - 1, s.y) && inside(x + 1, s.y) && inside(x, s.y - 1) && inside(x, s.y + 1)) continue;
            line(c.s, c.st, x, s.y, x + 1, s.y, pen.color, c.dc.rop2);
          }
        }
      }
      touched(c);
      return 1;
    },
  ),
];
