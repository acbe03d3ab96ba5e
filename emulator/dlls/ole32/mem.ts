/**
 * ole32 task memory: CoTaskMemAlloc, CoTaskMemRealloc, CoTaskMemFree. Following the Win32/CE
 * documentation: the task allocator is the process heap here (CE's ole32 uses the process heap too);
 * CoTaskMemAlloc(0) returns a valid pointer (a zero-size block), failure is NULL (no last error);
 * CoTaskMemRealloc(NULL, cb) allocates, CoTaskMemRealloc(pv, 0) frees pv and returns NULL; a pointer
 * the allocator does not own makes Realloc return NULL and Free do nothing (Free(NULL) is a no-op).
 * CoTaskMemSize (CE's ole32 exports it; oleaut32 imports it): the block's size, 0 for NULL or a
 * pointer the allocator does not own.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';

export const mem: ApiDef[] = [
  fn('CoTaskMemAlloc(u32 cb): ptr', (cx, cb: number) => cx.machine.processHeap.alloc(cb, false) || 0),
  fn('CoTaskMemRealloc(ptr pv, u32 cb): ptr', (cx, pv: number, cb: number) => {
    const heap = cx.machine.processHeap;
    if (!pv) return heap.alloc(cb, false) || 0;
    if (!heap.owns(pv)) return 0;
    if (cb === 0) {
      heap.freeBlock(pv);
      return 0;
    }
    return heap.realloc(pv, cb, false, true) || 0;
  }),
  fn('CoTaskMemFree(ptr pv): void', (cx, pv: number) => {
    if (pv && cx.machine.processHeap.owns(pv)) cx.machine.processHeap.freeBlock(pv);
  }),
  fn('CoTaskMemSize(ptr pv): u32', (cx, pv: number) => (pv ? (cx.machine.processHeap.size(pv) ?? 0) : 0)),
];
