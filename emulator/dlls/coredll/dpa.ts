/**
 * coredll dynamic pointer and structure arrays (DPA_*, DSA_*): on CE they live in coredll and
 * commctrl.dll imports them (its own DPA_/DSA_ exports are wrappers that call coredll's).
 *
 * The arrays are guest structures, because commctrl.h's macros read them directly
 * (DPA_GetPtrCount(hdpa) = *(int *)hdpa, DPA_GetPtrPtr(hdpa) = ((void ***)hdpa)[1],
 * DSA_GetItemCount(hdsa) = *(int *)hdsa): DPA = { int cp; void **pp; HANDLE hheap; int cpAlloc;
 * int cpGrow }, DSA = { int cItem; void *aItem; int cItemAlloc; int cbItem; int cItemGrow }, the
 * layouts of comctl32 (and Wine's). They and their arrays come from the process heap (DPA_CreateEx:
 * the given heap).
 *
 * Ordinals exported without a name, identified from commctrl.dll's wrappers and callers (CE 6):
 * 1838 DPA_CreateEx(cpGrow, hheap), 1839 DPA_Clone(hdpa, hdpaNew) (called with NULL, result tested),
 * 1840 DPA_DeleteAllPtrs(hdpa) (one argument), 1841 DPA_DeletePtr(hdpa, i), 1846 DPA_GetPtrIndex(hdpa,
 * p) (the wrapper after DPA_GetPtr), 1849 DPA_Search (six arguments). 1861, 1865 and 1866 stay
 * unnamed (not identified).
 *
 * Behaviour from the comctl32 pages (dpa_dsa.h) and Wine's comctl32 (dpa.c, dsa.c and tests):
 * growth by cpGrow (at least 8 for a DPA), InsertPtr/InsertItem past the end append (DA_LAST), a
 * negative index fails (-1); SetPtr/SetItem past the end grow the array (NULL / zeroed items in
 * between); GetPtr out of range is NULL; DeletePtr returns the removed pointer; Destroy(NULL) is
 * FALSE; the callbacks (DPA_EnumCallback/DestroyCallback, DSA_*) stop at the first 0 returned;
 * DPA_Sort is a stable sort calling compare(p1, p2, lParam); DPA_Search calls compare(pFind, p,
 * lParam), binary with DPAS_SORTED (and then DPAS_INSERTBEFORE/AFTER give the insertion point when
 * nothing matches), linear from iStart otherwise.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { GuestHeap } from '../../core/memory/heap.js';
import { heapOf } from './memory.js';

const DA_STRUCT = 20;
const DPAS_SORTED = 0x1;
const DPAS_INSERTBEFORE = 0x2;
const DPAS_INSERTAFTER = 0x4;

/** The heap a DPA allocates from (field hheap; 0 or unknown: the process heap). */
function heapFor(cx: ApiContext, hheap: number): GuestHeap {
  return (hheap && heapOf(cx, hheap)) || cx.machine.processHeap;
}

// ---- DPA ----------------------------------------------------------------------------------------

interface Dpa {
  h: number;
  cp: number;
  pp: number;
  heap: GuestHeap;
  alloc: number;
  grow: number;
}

function dpa(cx: ApiContext, h: number): Dpa | undefined {
  if (!h) return undefined;
  cx.mem.check(h, DA_STRUCT, 'write');
  const hheap = cx.mem.u32(h + 8);
  return { h, cp: cx.mem.i32(h), pp: cx.mem.u32(h + 4), heap: heapFor(cx, hheap), alloc: cx.mem.i32(h + 12), grow: cx.mem.i32(h + 16) };
}

function saveDpa(cx: ApiContext, d: Dpa): void {
  cx.mem.setU32(d.h, d.cp);
  cx.mem.setU32(d.h + 4, d.pp);
  cx.mem.setU32(d.h + 12, d.alloc);
}

/** Makes room for n pointers; false when the heap is exhausted. */
function reserve(cx: ApiContext, d: Dpa, n: number): boolean {
  if (n <= d.alloc) return true;
  const want = Math.ceil(n / d.grow) * d.grow;
  const p = d.pp ? d.heap.realloc(d.pp, want * 4, true) : d.heap.alloc(want * 4, true);
  if (!p) return false;
  d.pp = p;
  d.alloc = want;
  saveDpa(cx, d);
  return true;
}

function createDpa(cx: ApiContext, grow: number, hheap: number): number {
  const heap = heapFor(cx, hheap);
  const h = heap.alloc(DA_STRUCT, true);
  if (!h) return 0;
  cx.mem.setU32(h + 8, hheap && heapOf(cx, hheap) ? hheap : 0);
  cx.mem.setU32(h + 16, Math.max(8, grow | 0));
  return h;
}

const ptrAt = (cx: ApiContext, d: Dpa, i: number) => cx.mem.u32(d.pp + 4 * i);

function destroyDpa(cx: ApiContext, d: Dpa): number {
  if (d.pp) d.heap.freeBlock(d.pp);
  d.heap.freeBlock(d.h);
  return 1;
}

/** Calls cb(item(i), data) for i = 0.. until it returns 0, then `done`. */
function enumerate(cx: ApiContext, n: number, item: (i: number) => number, cb: number, data: number, done: () => Returns<'void'>): Returns<'void'> {
  const step = (i: number): Returns<'void'> => {
    if (!cb || i >= n) return done();
    return cx.callGuest(cb, [item(i), data], (r0) => (r0 ? step(i + 1) : done()));
  };
  return step(0);
}

function insertPtr(cx: ApiContext, d: Dpa, i: number, p: number): number {
  if (i < 0) return -1;
  if (i > d.cp) i = d.cp;
  if (!reserve(cx, d, d.cp + 1)) return -1;
  if (i < d.cp) cx.mem.copyWithin(d.pp + 4 * (i + 1), d.pp + 4 * i, 4 * (d.cp - i));
  cx.mem.setU32(d.pp + 4 * i, p);
  d.cp++;
  saveDpa(cx, d);
  return i;
}

function sortDpa(cx: ApiContext, d: Dpa, compare: number, lParam: number): Returns<'bool'> {
  // Binary insertion sort (stable: an element goes after its equals), one guest call per comparison.
  const insert = (i: number): Returns<'bool'> => {
    if (i >= d.cp) return 1;
    const key = ptrAt(cx, d, i);
    let lo = 0;
    let hi = i;
    const step = (): Returns<'bool'> => {
      if (lo >= hi) {
        if (lo < i) {
          cx.mem.copyWithin(d.pp + 4 * (lo + 1), d.pp + 4 * lo, 4 * (i - lo));
          cx.mem.setU32(d.pp + 4 * lo, key);
        }
        return insert(i + 1);
      }
      const mid = (lo + hi) >>> 1;
      return cx.callGuest(compare, [key, ptrAt(cx, d, mid), lParam], (r0) => {
        if ((r0 | 0) < 0) hi = mid;
        else lo = mid + 1;
        return step();
      });
    };
    return step();
  };
  return insert(1);
}

function searchDpa(cx: ApiContext, d: Dpa, find: number, start: number, compare: number, lParam: number, options: number): Returns<'i32'> {
  if (options & DPAS_SORTED) {
    let lo = 0;
    let hi = d.cp - 1;
    const step = (): Returns<'i32'> => {
      if (lo > hi) return options & (DPAS_INSERTBEFORE | DPAS_INSERTAFTER) ? lo : -1;
      const mid = (lo + hi) >>> 1;
      return cx.callGuest(compare, [find, ptrAt(cx, d, mid), lParam], (r0) => {
        const c = r0 | 0;
        if (c === 0) return mid;
        if (c < 0) hi = mid - 1;
        else lo = mid + 1;
        return step();
      });
    };
    return step();
  }
  const step = (i: number): Returns<'i32'> => {
    if (i >= d.cp) return -1;
    return cx.callGuest(compare, [find, ptrAt(cx, d, i), lParam], (r0) => (r0 === 0 ? i : step(i + 1)));
  };
  return step(Math.max(0, start));
}

// ---- DSA ----------------------------------------------------------------------------------------

interface Dsa {
  h: number;
  count: number;
  items: number;
  alloc: number;
  size: number;
  grow: number;
}

function dsa(cx: ApiContext, h: number): Dsa | undefined {
  if (!h) return undefined;
  cx.mem.check(h, DA_STRUCT, 'write');
  return { h, count: cx.mem.i32(h), items: cx.mem.u32(h + 4), alloc: cx.mem.i32(h + 8), size: cx.mem.i32(h + 12), grow: cx.mem.i32(h + 16) };
}

function saveDsa(cx: ApiContext, d: Dsa): void {
  cx.mem.setU32(d.h, d.count);
  cx.mem.setU32(d.h + 4, d.items);
  cx.mem.setU32(d.h + 8, d.alloc);
}

function reserveItems(cx: ApiContext, d: Dsa, n: number): boolean {
  if (n <= d.alloc) return true;
  const want = Math.ceil(n / d.grow) * d.grow;
  const heap = cx.machine.processHeap;
  const p = d.items ? heap.realloc(d.items, want * d.size, true) : heap.alloc(want * d.size, true);
  if (!p) return false;
  d.items = p;
  d.alloc = want;
  saveDsa(cx, d);
  return true;
}

function createDsa(cx: ApiContext, size: number, grow: number): number {
  if (size <= 0) return 0;
  const h = cx.machine.processHeap.alloc(DA_STRUCT, true);
  if (!h) return 0;
  cx.mem.setU32(h + 12, size);
  cx.mem.setU32(h + 16, Math.max(1, grow | 0));
  return h;
}

const itemAt = (d: Dsa, i: number) => d.items + i * d.size;

function destroyDsa(cx: ApiContext, d: Dsa): number {
  if (d.items) cx.machine.processHeap.freeBlock(d.items);
  cx.machine.processHeap.freeBlock(d.h);
  return 1;
}

/** DPA_EnumCallback, and DPA_DestroyCallback when `destroy`: cb(p, pData) over the pointers until it returns 0. */
function enumDpa(cx: ApiContext, h: number, cb: number, data: number, destroy: boolean): Returns<'void'> {
  const d = dpa(cx, h);
  if (!d) return undefined;
  return enumerate(
    cx,
    d.cp,
    (i) => ptrAt(cx, d, i),
    cb,
    data,
    () => void (destroy && destroyDpa(cx, d)),
  );
}

/** DSA_EnumCallback, and DSA_DestroyCallback when `destroy`: cb(pItem, pData) over the items until it returns 0. */
function enumDsa(cx: ApiContext, h: number, cb: number, data: number, destroy: boolean): Returns<'void'> {
  const d = dsa(cx, h);
  if (!d) return undefined;
  return enumerate(
    cx,
    d.count,
    (i) => itemAt(d, i),
    cb,
    data,
    () => void (destroy && destroyDsa(cx, d)),
  );
}

export const dpaApis: ApiDef[] = [
  fn('DPA_Create(i32 cpGrow): handle', (cx, grow: number) => createDpa(cx, grow, 0)),
  fn('DPA_CreateEx(i32 cpGrow, handle hheap): handle', { ordinal: 1838 }, (cx, grow: number, hheap: number) => createDpa(cx, grow, hheap)),
  fn('DPA_Clone(handle hdpa, handle hdpaNew): handle', { ordinal: 1839 }, (cx, h: number, hNew: number) => {
    const src = dpa(cx, h);
    if (!src) return 0;
    const out = hNew || createDpa(cx, src.grow, cx.mem.u32(h + 8));
    const d = out ? dpa(cx, out) : undefined;
    if (!d) return 0;
    d.cp = 0;
    if (!reserve(cx, d, src.cp)) return 0;
    if (src.cp) cx.mem.copyWithin(d.pp, src.pp, 4 * src.cp);
    d.cp = src.cp;
    saveDpa(cx, d);
    return out;
  }),
  fn('DPA_DeleteAllPtrs(handle hdpa): bool', { ordinal: 1840 }, (cx, h: number) => {
    const d = dpa(cx, h);
    if (!d) return 0;
    if (d.pp) d.heap.freeBlock(d.pp);
    Object.assign(d, { cp: 0, pp: 0, alloc: 0 });
    saveDpa(cx, d);
    return 1;
  }),
  fn('DPA_DeletePtr(handle hdpa, i32 i): ptr', { ordinal: 1841 }, (cx, h: number, i: number) => {
    const d = dpa(cx, h);
    if (!d || i < 0 || i >= d.cp) return 0;
    const p = ptrAt(cx, d, i);
    cx.mem.copyWithin(d.pp + 4 * i, d.pp + 4 * (i + 1), 4 * (d.cp - i - 1));
    d.cp--;
    saveDpa(cx, d);
    return p;
  }),
  fn('DPA_Destroy(handle hdpa): bool', (cx, h: number) => {
    const d = dpa(cx, h);
    return d ? destroyDpa(cx, d) : 0;
  }),
  fn('DPA_DestroyCallback(handle hdpa, ptr pfnCB, ptr pData): void', (cx, h: number, cb: number, data: number) => enumDpa(cx, h, cb, data, true)),
  fn('DPA_EnumCallback(handle hdpa, ptr pfnCB, ptr pData): void', (cx, h: number, cb: number, data: number) => enumDpa(cx, h, cb, data, false)),
  fn('DPA_GetPtr(handle hdpa, i32 i): ptr', (cx, h: number, i: number) => {
    const d = dpa(cx, h);
    return d && i >= 0 && i < d.cp ? ptrAt(cx, d, i) : 0;
  }),
  fn('DPA_GetPtrIndex(handle hdpa, ptr p): i32', { ordinal: 1846 }, (cx, h: number, p: number) => {
    const d = dpa(cx, h);
    if (!d) return -1;
    for (let i = 0; i < d.cp; i++) if (ptrAt(cx, d, i) === p >>> 0) return i;
    return -1;
  }),
  fn('DPA_Grow(handle hdpa, i32 nNewSize): bool', (cx, h: number, n: number) => {
    const d = dpa(cx, h);
    return d && reserve(cx, d, n) ? 1 : 0;
  }),
  fn('DPA_InsertPtr(handle hdpa, i32 i, ptr p): i32', (cx, h: number, i: number, p: number) => {
    const d = dpa(cx, h);
    return d ? insertPtr(cx, d, i, p) : -1;
  }),
  fn('DPA_Search(handle hdpa, ptr pFind, i32 iStart, ptr pfnCompare, u32 lParam, u32 options): i32', { ordinal: 1849 }, (cx, h, find, start, cmp, lp, opt) => {
    const d = dpa(cx, h);
    return d ? searchDpa(cx, d, find, start, cmp, lp, opt) : -1;
  }),
  fn('DPA_SetPtr(handle hdpa, i32 i, ptr p): bool', (cx, h: number, i: number, p: number) => {
    const d = dpa(cx, h);
    if (!d || i < 0) return 0;
    if (i >= d.cp) {
      if (!reserve(cx, d, i + 1)) return 0;
      cx.mem.fill(d.pp + 4 * d.cp, 4 * (i + 1 - d.cp), 0);
      d.cp = i + 1;
      saveDpa(cx, d);
    }
    cx.mem.setU32(d.pp + 4 * i, p);
    return 1;
  }),
  fn('DPA_Sort(handle hdpa, ptr pfnCompare, u32 lParam): bool', (cx, h: number, cmp: number, lp: number) => {
    const d = dpa(cx, h);
    return d ? sortDpa(cx, d, cmp, lp) : 0;
  }),

  fn('DSA_Create(i32 cbItem, i32 cItemGrow): handle', (cx, size: number, grow: number) => createDsa(cx, size, grow)),
  fn('DSA_Clone(handle hdsa): handle', (cx, h: number) => {
    const src = dsa(cx, h);
    if (!src) return 0;
    const out = createDsa(cx, src.size, src.grow);
    const d = out ? dsa(cx, out) : undefined;
    if (!d || !reserveItems(cx, d, src.count)) return 0;
    if (src.count) cx.mem.copyWithin(d.items, src.items, src.count * src.size);
    d.count = src.count;
    saveDsa(cx, d);
    return out;
  }),
  fn('DSA_DeleteAllItems(handle hdsa): bool', (cx, h: number) => {
    const d = dsa(cx, h);
    if (!d) return 0;
    if (d.items) cx.machine.processHeap.freeBlock(d.items);
    Object.assign(d, { count: 0, items: 0, alloc: 0 });
    saveDsa(cx, d);
    return 1;
  }),
  fn('DSA_DeleteItem(handle hdsa, i32 i): bool', (cx, h: number, i: number) => {
    const d = dsa(cx, h);
    if (!d || i < 0 || i >= d.count) return 0;
    cx.mem.copyWithin(itemAt(d, i), itemAt(d, i + 1), (d.count - i - 1) * d.size);
    d.count--;
    saveDsa(cx, d);
    return 1;
  }),
  fn('DSA_Destroy(handle hdsa): bool', (cx, h: number) => {
    const d = dsa(cx, h);
    return d ? destroyDsa(cx, d) : 0;
  }),
  fn('DSA_DestroyCallback(handle hdsa, ptr pfnCB, ptr pData): void', (cx, h: number, cb: number, data: number) => enumDsa(cx, h, cb, data, true)),
  fn('DSA_EnumCallback(handle hdsa, ptr pfnCB, ptr pData): void', (cx, h: number, cb: number, data: number) => enumDsa(cx, h, cb, data, false)),
  fn('DSA_GetItem(handle hdsa, i32 i, ptr pItem): bool', (cx, h: number, i: number, out: number) => {
    const d = dsa(cx, h);
    if (!d || i < 0 || i >= d.count) return 0;
    cx.mem.write(out, cx.mem.bytes(itemAt(d, i), d.size));
    return 1;
  }),
  fn('DSA_GetItemPtr(handle hdsa, i32 i): ptr', (cx, h: number, i: number) => {
    const d = dsa(cx, h);
    return d && i >= 0 && i < d.count ? itemAt(d, i) : 0;
  }),
  fn('DSA_InsertItem(handle hdsa, i32 i, ptr pItem): i32', (cx, h: number, i: number, p: number) => {
    const d = dsa(cx, h);
    if (!d || i < 0) return -1;
    if (i > d.count) i = d.count;
    const item = Buffer.from(cx.mem.bytes(p, d.size));
    if (!reserveItems(cx, d, d.count + 1)) return -1;
    if (i < d.count) cx.mem.copyWithin(itemAt(d, i + 1), itemAt(d, i), (d.count - i) * d.size);
    cx.mem.write(itemAt(d, i), item);
    d.count++;
    saveDsa(cx, d);
    return i;
  }),
  fn('DSA_SetItem(handle hdsa, i32 i, ptr pItem): bool', (cx, h: number, i: number, p: number) => {
    const d = dsa(cx, h);
    if (!d || i < 0) return 0;
    const item = Buffer.from(cx.mem.bytes(p, d.size));
    if (i >= d.count) {
      if (!reserveItems(cx, d, i + 1)) return 0;
      cx.mem.fill(itemAt(d, d.count), (i + 1 - d.count) * d.size, 0);
      d.count = i + 1;
      saveDsa(cx, d);
    }
    cx.mem.write(itemAt(d, i), item);
    return 1;
  }),
];
