/**
 * coredll memory management: LocalAlloc family, Heap* family, the C runtime allocator, VirtualAlloc.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { GuestHeap } from '../../core/memory/heap.js';
import { PAGE_SIZE, PROT_R, PROT_RW, PROT_RWX, PROT_RX, USER_LIMIT, pageAlignUp } from '../../core/memory/guest-memory.js';
import { ALLOCATION_GRANULARITY } from '../../core/memory/address-space.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';

const LMEM_MOVEABLE = 0x2;
const LMEM_ZEROINIT = 0x40;
const HEAP_ZERO_MEMORY = 0x8;
const HEAP_REALLOC_IN_PLACE_ONLY = 0x10;
const MEM_COMMIT = 0x1000;
const MEM_RESERVE = 0x2000;
const MEM_DECOMMIT = 0x4000;
const MEM_RELEASE = 0x8000;

interface HeapState {
  heaps: Map<number, GuestHeap>;
  processHeapHandle: number;
}

const heapsSlot = defineSlot('heaps', (m): HeapState => {
  const handle = m.handles.add({ type: 'heap' });
  return { heaps: new Map([[handle, m.processHeap]]), processHeapHandle: handle };
});

export function heaps(cx: ApiContext): HeapState {
  return heapsSlot.of(cx.machine);
}

export function heapOf(cx: ApiContext, h: number): GuestHeap | undefined {
  return heaps(cx).heaps.get(h >>> 0);
}

/** PAGE_* protection -> unicorn protection bits. */
function protFromPage(p: number): number | undefined {
  switch (p & 0xff) {
    case 0x01:
      return 0; // PAGE_NOACCESS
    case 0x02:
      return PROT_R; // PAGE_READONLY
    case 0x04:
      return PROT_RW; // PAGE_READWRITE
    case 0x08:
      return PROT_RW; // PAGE_WRITECOPY
    case 0x10:
      return PROT_RX; // PAGE_EXECUTE
    case 0x20:
      return PROT_RX; // PAGE_EXECUTE_READ
    case 0x40:
      return PROT_RWX; // PAGE_EXECUTE_READWRITE
    case 0x80:
      return PROT_RWX; // PAGE_EXECUTE_WRITECOPY
    default:
      return undefined;
  }
}

const MEM_FREE = 0x10000;
const MEM_PRIVATE = 0x20000;
const MEM_IMAGE = 0x1000000;
const PAGE_NOACCESS = 1;
const PAGE_READWRITE = 4;
const PAGE_EXECUTE_READWRITE = 0x40;

/** PAGE_* of a unicorn protection. */
function pageProt(p: number): number {
  return p === PROT_RWX ? 0x40 : p === PROT_RX ? 0x20 : p === PROT_R ? 2 : p === PROT_RW ? 4 : PAGE_NOACCESS;
}

export const memory: ApiDef[] = [
  // ---- Local* (CE: fixed memory only; LMEM_MOVEABLE blocks behave as fixed) ----
  fn('LocalAlloc(flags:LMEM uFlags, u32 uBytes): ptr', (cx, flags: number, bytes: number) => {
    const p = cx.machine.processHeap.alloc(bytes, (flags & LMEM_ZEROINIT) !== 0);
    return p || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn('LocalFree(ptr hMem): ptr', (cx, h: number) => {
    if (h === 0) return 0;
    return cx.machine.processHeap.freeBlock(h) ? 0 : cx.fail(h, ERROR.INVALID_HANDLE);
  }),
  fn('LocalReAlloc(ptr hMem, u32 uBytes, flags:LMEM uFlags): ptr', (cx, h: number, bytes: number, flags: number) => {
    const heap = cx.machine.processHeap;
    if (!heap.owns(h)) return cx.fail(0, ERROR.INVALID_HANDLE);
    const p = heap.realloc(h, bytes, (flags & LMEM_ZEROINIT) !== 0, (flags & LMEM_MOVEABLE) !== 0);
    return p || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn('LocalSize(ptr hMem): u32', (cx, h: number) => {
    const s = cx.machine.processHeap.size(h);
    return s ?? cx.fail(0, ERROR.INVALID_HANDLE);
  }),
  fn('LocalAllocTrace(flags:LMEM uFlags, u32 uBytes, u32 line): ptr', (cx, flags: number, bytes: number) => {
    const p = cx.machine.processHeap.alloc(bytes, (flags & LMEM_ZEROINIT) !== 0);
    return p || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),

  // ---- Heap* ----
  fn('GetProcessHeap(): handle', (cx) => heaps(cx).processHeapHandle),
  fn('HeapCreate(hex flOptions, u32 dwInitialSize, u32 dwMaximumSize): handle', (cx) => {
    const s = heaps(cx);
    const heap = new GuestHeap(cx.mem, cx.machine.space, 'private heap');
    const h = cx.machine.handles.add({ type: 'heap', destroy: () => heap.destroy() });
    if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    s.heaps.set(h, heap);
    return h;
  }),
  fn('HeapDestroy(handle hHeap): bool', (cx, h: number) => {
    const s = heaps(cx);
    if (h === s.processHeapHandle || !s.heaps.has(h)) return cx.fail(0, ERROR.INVALID_HANDLE);
    s.heaps.delete(h);
    cx.machine.handles.close(h);
    return 1;
  }),
  fn('HeapAlloc(handle hHeap, flags:HEAP dwFlags, u32 dwBytes): ptr', (cx, h: number, flags: number, bytes: number) => {
    const heap = heapOf(cx, h);
    if (!heap) return cx.fail(0, ERROR.INVALID_HANDLE);
    return heap.alloc(bytes, (flags & HEAP_ZERO_MEMORY) !== 0) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  // HeapAllocTrace (CE 6): HeapAlloc plus the caller's source line and file for the heap tracker of
  // debug builds (ole32.dll's allocator calls it); a retail device allocates as HeapAlloc.
  fn('HeapAllocTrace(handle hHeap, flags:HEAP dwFlags, u32 dwBytes, u32 dwLineNum, ptr szFilename): ptr', (cx, h: number, flags: number, bytes: number) => {
    const heap = heapOf(cx, h);
    if (!heap) return cx.fail(0, ERROR.INVALID_HANDLE);
    return heap.alloc(bytes, (flags & HEAP_ZERO_MEMORY) !== 0) || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn('HeapFree(handle hHeap, flags:HEAP dwFlags, ptr lpMem): bool', (cx, h: number, _f: number, p: number) => {
    const heap = heapOf(cx, h);
    if (!heap) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (p === 0) return 1;
    return heap.freeBlock(p) ? 1 : cx.fail(0, ERROR.INVALID_PARAMETER);
  }),
  fn('HeapReAlloc(handle hHeap, flags:HEAP dwFlags, ptr lpMem, u32 dwBytes): ptr', (cx, h: number, flags: number, p: number, bytes: number) => {
    const heap = heapOf(cx, h);
    if (!heap || !heap.owns(p)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const n = heap.realloc(p, bytes, (flags & HEAP_ZERO_MEMORY) !== 0, (flags & HEAP_REALLOC_IN_PLACE_ONLY) === 0);
    return n || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn('HeapSize(handle hHeap, hex dwFlags, ptr lpMem): u32', (cx, h: number, _f: number, p: number) => {
    const s = heapOf(cx, h)?.size(p);
    return s ?? cx.fail(0xffffffff, ERROR.INVALID_PARAMETER);
  }),
  fn('HeapValidate(handle hHeap, hex dwFlags, ptr lpMem): bool', (cx, h: number, _f: number, p: number) => {
    const heap = heapOf(cx, h);
    return heap && (p === 0 || heap.owns(p)) ? 1 : 0;
  }),

  // ---- C runtime allocator (CE's CRT allocates from the process heap) ----
  fn('malloc(u32 size): ptr', (cx, n: number) => cx.machine.processHeap.alloc(n)),
  fn('calloc(u32 num, u32 size): ptr', (cx, num: number, size: number) => {
    const total = num * size;
    if (total > 0xffffffff) return 0;
    return cx.machine.processHeap.alloc(total, true);
  }),
  fn('realloc(ptr memblock, u32 size): ptr', (cx, p: number, n: number) => {
    const heap = cx.machine.processHeap;
    if (p === 0) return heap.alloc(n);
    if (n === 0) {
      heap.freeBlock(p);
      return 0;
    }
    return heap.realloc(p, n);
  }),
  fn('free(ptr memblock): void', (cx, p: number) => {
    if (p) cx.machine.processHeap.freeBlock(p);
  }),
  fn('_msize(ptr memblock): u32', (cx, p: number) => cx.machine.processHeap.size(p) ?? 0xffffffff),

  // ---- Virtual memory ----
  fn(
    'VirtualAlloc(ptr lpAddress, u32 dwSize, flags:MEM flAllocationType, flags:PAGE flProtect): ptr',
    (cx, addr: number, size: number, type: number, protect: number) => {
      const space = cx.machine.space;
      const prot = protFromPage(protect);
      if (prot === undefined || size === 0 || (type & (MEM_COMMIT | MEM_RESERVE)) === 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      try {
        let base: number;
        if (addr === 0 || type & MEM_RESERVE) {
          if (addr === 0) base = space.reserve(size, 'VirtualAlloc', ALLOCATION_GRANULARITY);
          else {
            base = addr - (addr % ALLOCATION_GRANULARITY);
            if (!space.reserveAt(base, addr + size - base, 'VirtualAlloc')) return cx.fail(0, ERROR.INVALID_ADDRESS);
          }
          if (!(type & MEM_COMMIT)) return base;
          if (addr === 0) addr = base;
        }
        // Commit the pages of [addr, addr+size) inside an existing reservation.
        const start = addr - (addr % PAGE_SIZE);
        const end = pageAlignUp(addr + size);
        const r = space.find(start);
        if (!r || end > r.base + r.size) return cx.fail(0, ERROR.INVALID_ADDRESS);
        // Whole runs at a time: every separate mapping or protection change costs a unicorn region.
        for (let p = start; p < end;) {
          const mapped = cx.mem.isMapped(p);
          let q = p + PAGE_SIZE;
          while (q < end && cx.mem.isMapped(q) === mapped) q += PAGE_SIZE;
          if (mapped) cx.mem.protect(p, q - p, prot);
          else space.commit(p, q - p, prot);
          p = q;
        }
        return addr === 0 ? start : addr;
      } catch {
        return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
      }
    },
  ),
  fn('VirtualFree(ptr lpAddress, u32 dwSize, flags:MEM dwFreeType): bool', (cx, addr: number, size: number, type: number) => {
    const space = cx.machine.space;
    if (type & MEM_RELEASE) {
      if (size !== 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const r = space.find(addr);
      if (!r || r.base !== addr || r.tag !== 'VirtualAlloc') return cx.fail(0, ERROR.INVALID_ADDRESS);
      space.release(addr);
      return 1;
    }
    if (type & MEM_DECOMMIT) {
      const start = addr - (addr % PAGE_SIZE);
      const end = pageAlignUp(addr + size);
      for (let p = start; p < end; p += PAGE_SIZE) if (cx.mem.isMapped(p)) space.decommit(p, PAGE_SIZE);
      return 1;
    }
    return cx.fail(0, ERROR.INVALID_PARAMETER);
  }),
  // VirtualQuery (Win32/CE docs): MEMORY_BASIC_INFORMATION (28 bytes) of the run of pages from
  // lpAddress's page with the same state and protection, inside one reservation; a free run reaches
  // the next reservation. Images are MEM_IMAGE, the rest MEM_PRIVATE.
  fn('VirtualQuery(ptr lpAddress, ptr lpBuffer, u32 dwLength): u32', (cx, addr: number, out: number, len: number) => {
    if (len < 28) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const page = addr - (addr % PAGE_SIZE);
    if (page >= USER_LIMIT) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const space = cx.machine.space;
    const r = space.find(page);
    const info = [page, 0, 0, 0, MEM_FREE, PAGE_NOACCESS, 0];
    if (!r) {
      info[3] = (space.nextAbove(page)?.base ?? USER_LIMIT) - page;
    } else {
      const mapped = cx.mem.isMapped(page);
      const prot = mapped ? cx.mem.protAt(page) : 0;
      let q = page + PAGE_SIZE;
      while (q < r.base + r.size && cx.mem.isMapped(q) === mapped && (!mapped || cx.mem.protAt(q) === prot)) q += PAGE_SIZE;
      const image = cx.machine.modules.some((m) => m.base === r.base);
      info[1] = r.base;
      info[2] = image ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
      info[3] = q - page;
      info[4] = mapped ? MEM_COMMIT : MEM_RESERVE;
      info[5] = mapped ? pageProt(prot) : 0;
      info[6] = image ? MEM_IMAGE : MEM_PRIVATE;
    }
    info.forEach((v, i) => cx.mem.setU32(out + 4 * i, v));
    return 28;
  }),
  fn(
    'VirtualProtect(ptr lpAddress, u32 dwSize, flags:PAGE flNewProtect, ptr lpflOldProtect): bool',
    (cx, addr: number, size: number, np: number, oldp: number) => {
      const prot = protFromPage(np);
      if (prot === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const start = addr - (addr % PAGE_SIZE);
      const end = pageAlignUp(addr + size);
      for (let p = start; p < end; p += PAGE_SIZE) if (!cx.mem.isMapped(p)) return cx.fail(0, ERROR.INVALID_ADDRESS);
      const was = cx.mem.protAt(start);
      if (oldp) cx.mem.setU32(oldp, pageProt(was));
      cx.mem.protect(start, end - start, prot);
      return 1;
    },
  ),
];
