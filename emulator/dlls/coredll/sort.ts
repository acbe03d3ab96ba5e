/**
 * coredll qsort: sorts in place, calling the guest's comparison function (cx.callGuest) with
 * pointers to two elements of the array, as the CRT does. The algorithm is a binary insertion sort:
 * O(n log n) comparisons (each one a guest call), element moves done by the host. Like the CRT's
 * qsort it is not stable in general; the comparator's contract (negative/zero/positive) is all it
 * relies on. A bad array pointer crashes (coredll's fault policy).
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

function qsort(cx: ApiContext, base: number, num: number, width: number, compare: number): Returns<'void'> {
  if (num < 2 || width === 0) return undefined;
  cx.mem.check(base, num * width, 'write');
  const at = (i: number) => base + i * width;
  // Insert element i into the sorted prefix [0, i): binary search, then rotate it into place.
  const insert = (i: number): Returns<'void'> => {
    if (i >= num) return undefined;
    let lo = 0;
    let hi = i;
    const step = (): Returns<'void'> => {
      if (lo >= hi) {
        if (lo < i) {
          const key = Buffer.from(cx.mem.bytes(at(i), width));
          cx.mem.copyWithin(at(lo + 1), at(lo), (i - lo) * width);
          cx.mem.write(at(lo), key);
        }
        return insert(i + 1);
      }
      const mid = (lo + hi) >>> 1;
      return cx.callGuest(compare, [at(i), at(mid)], (r0) => {
        if ((r0 | 0) < 0) hi = mid;
        else lo = mid + 1;
        return step();
      });
    };
    return step();
  };
  return insert(1);
}

export const sort: ApiDef[] = [
  fn('qsort(ptr base, u32 num, u32 width, ptr compare): void', (cx, b: number, n: number, w: number, c: number) => qsort(cx, b, n, w, c)),
];
