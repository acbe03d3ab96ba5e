/**
 * MSVC's array construction and destruction helpers, which coredll exports for `new T[n]` /
 * `delete[]` of classes with constructors and destructors: ??_L@YAXPAXIHP6AX0@Z1@Z `eh vector
 * constructor iterator'(ptr, size, count, ctor, dtor) and ??_M@YAXPAXIHP6AX0@Z@Z `eh vector
 * destructor iterator'(ptr, size, count, dtor), and ??_N@YAXPAXIHP6AX0@Z1@Z `eh vector vbase constructor
 * iterator'(ptr, size, count, ctor, dtor) for classes with virtual bases.
 *
 * Reference: the CE 6 coredll's own (corpus ce6 coredll.dll ordinals 1576 and 1578, disassembled),
 * which are MSVC's ehvecctr.cpp / ehvecdtr.cpp: the constructor is called as ctor(ptr + i * size)
 * for i = 0 .. count-1; the destructor iterator calls dtor on the elements from the last to the
 * first. The vbase variant (ordinal 1577, MSVC's ehvccvb.cpp) is the constructor iterator except that
 * it calls ctor(ptr + i * size, 1): the second argument tells the constructor of a class with virtual
 * bases that it is the most derived object and builds those bases. Their __finally (an element's constructor or destructor threw) destroys what was built
 * (__ArrayUnwind) and lets the exception go on.
 * Not done: that exception case. The frame walk of seh.ts ends at an emulated function (its
 * callbacks return to a trap, not into guest code with .pdata), so an exception thrown by a
 * constructor or destructor called from here ends the run as unhandled, whatever catches it above.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';

function construct(
  cx: ApiContext,
  ptr: number,
  size: number,
  count: number,
  ctor: number,
  i: number,
  vbase: boolean,
): ReturnType<ApiContext['callGuest']> | void {
  if (i >= count) return;
  const self = (ptr + i * size) >>> 0;
  return cx.callGuest(ctor, vbase ? [self, 1] : [self], () => construct(cx, ptr, size, count, ctor, i + 1, vbase));
}

function destroy(cx: ApiContext, ptr: number, size: number, dtor: number, i: number): ReturnType<ApiContext['callGuest']> | void {
  if (i < 0) return;
  return cx.callGuest(dtor, [(ptr + i * size) >>> 0], () => destroy(cx, ptr, size, dtor, i - 1));
}

export const ehvecApis: ApiDef[] = [
  fn('??_L@YAXPAXIHP6AX0@Z1@Z(ptr ptr, u32 size, i32 count, ptr pCtor, ptr pDtor): void', (cx, ptr: number, size: number, count: number, ctor: number) =>
    construct(cx, ptr, size, count, ctor, 0, false),
  ),
  fn('??_N@YAXPAXIHP6AX0@Z1@Z(ptr ptr, u32 size, i32 count, ptr pCtor, ptr pDtor): void', (cx, ptr: number, size: number, count: number, ctor: number) =>
    construct(cx, ptr, size, count, ctor, 0, true),
  ),
  fn('??_M@YAXPAXIHP6AX0@Z@Z(ptr ptr, u32 size, i32 count, ptr pDtor): void', (cx, ptr: number, size: number, count: number, dtor: number) =>
    destroy(cx, ptr, size, dtor, count - 1),
  ),
];
