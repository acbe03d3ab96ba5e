/**
 * coredll rectangle helpers (GWES, winuser.h): SetRect, SetRectEmpty, CopyRect, InflateRect,
 * OffsetRect, IntersectRect, UnionRect, SubtractRect, EqualRect, IsRectEmpty, PtInRect.
 * Semantics as the CE docs give them (same as Win32): a rectangle is empty when right <= left or
 * bottom <= top; IntersectRect with no overlap and UnionRect of two empty rectangles store an empty
 * rectangle (all zero) and return FALSE; PtInRect includes the left/top edges and excludes the
 * right/bottom ones; PtInRect's POINT is passed by value (r1 = x, r2 = y on ARM). A NULL rectangle
 * pointer: FALSE (the Win32 user32 checks; CE's GWES does the same for these helpers), anything
 * else bad crashes the guest as on a device.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

type R = [number, number, number, number];

function get(cx: ApiContext, p: number): R {
  cx.mem.check(p, 16);
  return [cx.mem.i32(p), cx.mem.i32(p + 4), cx.mem.i32(p + 8), cx.mem.i32(p + 12)];
}
function put(cx: ApiContext, p: number, r: R): void {
  cx.mem.check(p, 16, 'write');
  r.forEach((v, i) => cx.mem.setU32(p + 4 * i, v >>> 0));
}
const empty = (r: R): boolean => r[2] <= r[0] || r[3] <= r[1];

export const rects: ApiDef[] = [
  fn('SetRect(ptr lprc, i32 xLeft, i32 yTop, i32 xRight, i32 yBottom): bool', (cx, p: number, l: number, t: number, r: number, b: number) => {
    if (!p) return 0;
    put(cx, p, [l, t, r, b]);
    return 1;
  }),
  fn('SetRectEmpty(ptr lprc): bool', (cx, p: number) => {
    if (!p) return 0;
    put(cx, p, [0, 0, 0, 0]);
    return 1;
  }),
  fn('CopyRect(ptr lprcDst, ptr lprcSrc): bool', (cx, d: number, s: number) => {
    if (!d || !s) return 0;
    put(cx, d, get(cx, s));
    return 1;
  }),
  fn('InflateRect(ptr lprc, i32 dx, i32 dy): bool', (cx, p: number, dx: number, dy: number) => {
    if (!p) return 0;
    const [l, t, r, b] = get(cx, p);
    put(cx, p, [l - dx, t - dy, r + dx, b + dy]);
    return 1;
  }),
  fn('OffsetRect(ptr lprc, i32 dx, i32 dy): bool', (cx, p: number, dx: number, dy: number) => {
    if (!p) return 0;
    const [l, t, r, b] = get(cx, p);
    put(cx, p, [l + dx, t + dy, r + dx, b + dy]);
    return 1;
  }),
  fn('IntersectRect(ptr lprcDst, ptr lprcSrc1, ptr lprcSrc2): bool', (cx, d: number, s1: number, s2: number) => {
    if (!d || !s1 || !s2) return 0;
    const a = get(cx, s1);
    const b = get(cx, s2);
    const r: R = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
    if (empty(a) || empty(b) || empty(r)) {
      put(cx, d, [0, 0, 0, 0]);
      return 0;
    }
    put(cx, d, r);
    return 1;
  }),
  fn('UnionRect(ptr lprcDst, ptr lprcSrc1, ptr lprcSrc2): bool', (cx, d: number, s1: number, s2: number) => {
    if (!d || !s1 || !s2) return 0;
    const a = get(cx, s1);
    const b = get(cx, s2);
    if (empty(a) && empty(b)) {
      put(cx, d, [0, 0, 0, 0]);
      return 0;
    }
    if (empty(a)) put(cx, d, b);
    else if (empty(b)) put(cx, d, a);
    else put(cx, d, [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
    return 1;
  }),
  // SubtractRect: the first rectangle unless the second covers it completely along one whole side
  // (then the remaining band); empty when the second covers it all (Win32/CE docs).
  fn('SubtractRect(ptr lprcDst, ptr lprcSrc1, ptr lprcSrc2): bool', (cx, d: number, s1: number, s2: number) => {
    if (!d || !s1 || !s2) return 0;
    const a = get(cx, s1);
    const b = get(cx, s2);
    if (empty(a)) {
      put(cx, d, [0, 0, 0, 0]);
      return 0;
    }
    const r: R = [...a];
    const inter: R = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
    if (!empty(b) && !empty(inter)) {
      const coversX = inter[0] === a[0] && inter[2] === a[2];
      const coversY = inter[1] === a[1] && inter[3] === a[3];
      if (coversX && coversY) {
        put(cx, d, [0, 0, 0, 0]);
        return 0;
      }
      if (coversX) {
        if (inter[1] === a[1]) r[1] = inter[3];
        else if (inter[3] === a[3]) r[3] = inter[1];
      } else if (coversY) {
        if (inter[0] === a[0]) r[0] = inter[2];
        else if (inter[2] === a[2]) r[2] = inter[0];
      }
    }
    put(cx, d, r);
    return 1;
  }),
  fn('EqualRect(ptr lprc1, ptr lprc2): bool', (cx, p1: number, p2: number) => {
    if (!p1 || !p2) return 0;
    const a = get(cx, p1);
    const b = get(cx, p2);
    return a.every((v, i) => v === b[i]) ? 1 : 0;
  }),
  fn('IsRectEmpty(ptr lprc): bool', (cx, p: number) => (!p || empty(get(cx, p)) ? 1 : 0)),
  fn('PtInRect(ptr lprc, i32 x, i32 y): bool', (cx, p: number, x: number, y: number) => {
    if (!p) return 0;
    const [l, t, r, b] = get(cx, p);
    return x >= l && x < r && y >= t && y < b ? 1 : 0;
  }),
];
