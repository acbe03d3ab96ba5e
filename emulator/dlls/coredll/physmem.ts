/**
 * coredll physical-memory calls for drivers (CE docs "Memory Management Functions" for drivers):
 * AllocPhysMem, FreePhysMem, VirtualCopy, CreateStaticMapping, LockPages, UnlockPages, MapCallerPtr.
 *
 * wmemu's guest RAM has no physical addresses of its own, so this family gives it some, consistently:
 *  - The emulated device's RAM is the physical window PHYS_RAM_BASE (0x8000_0000) .. +256 MiB. Pages
 *    get physical addresses from it in allocation order, never reused in a run: an AllocPhysMem block
 *    gets a contiguous run (aligned as dwAlignmentMask asks: pa & mask == 0, at least a page), any
 *    other committed page gets one the first time LockPages looks at it.
 *  - AllocPhysMem(cbSize, fdwProtect, dwAlignmentMask, dwFlags, pPhysicalAddress) -> a new committed
 *    block (shared host pages, a memfd) and its physical base in *pPhysicalAddress. cbSize 0, a NULL
 *    pPhysicalAddress or a protection that is no PAGE_* value: NULL, ERROR_INVALID_PARAMETER; no room:
 *    NULL, ERROR_NOT_ENOUGH_MEMORY. FreePhysMem(lpvAddress): the block's base -> TRUE; anything else:
 *    FALSE, ERROR_INVALID_PARAMETER.
 *  - VirtualCopy(lpvDest, lpvSrc, cbSize, fdwProtect): with PAGE_PHYSICAL (0x400) lpvSrc is the
 *    physical address >> 8. Physical pages of an AllocPhysMem block are mapped at lpvDest (the same
 *    host pages: both views see every write). Any other physical address is no RAM of the device and
 *    wmemu emulates no device registers: FALSE, ERROR_INVALID_PARAMETER (what VirtualCopy sets for a
 *    source it cannot map). lpvDest must be reserved (VirtualAlloc MEM_RESERVE) and not committed,
 *    with the source's offset in the page: else FALSE, ERROR_INVALID_PARAMETER. Without PAGE_PHYSICAL
 *    lpvSrc is a virtual address: an AllocPhysMem block's pages alias the same way; other committed
 *    memory (not shared host pages) stops the run as unimplemented, naming the call.
 *  - CreateStaticMapping(dwPhysBase >> 8, dwSize): an AllocPhysMem block's pages mapped at a new
 *    address; other physical addresses: NULL, ERROR_INVALID_PARAMETER (no device registers).
 *  - LockPages(lpvAddress, cbSize, pPFNs, fOptions): every page of the range must be committed (else
 *    FALSE, ERROR_INVALID_PARAMETER); pPFNs (when not NULL) gets one page frame number per page. On
 *    CE's ARM kernels the PFN is the page's physical address (UserKInfo[KINX_PFN_SHIFT] is 0), so a
 *    page of an AllocPhysMem block gives its block's physical address + offset. Pages are always
 *    resident in wmemu, so locking changes nothing else. UnlockPages(lpvAddress, cbSize): the same
 *    check, TRUE.
 *  - MapCallerPtr(ptr, dwLen) (CE 5: maps a caller's pointer into the callee's slot): one process per
 *    run, so the pointer itself when [ptr, ptr+dwLen) is committed memory; else NULL,
 *    ERROR_INVALID_PARAMETER (no access to the buffer).
 */
import { closeSync, ftruncateSync } from 'node:fs';
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ALLOCATION_GRANULARITY, OutOfGuestMemory } from '../../core/memory/address-space.js';
import { PAGE_SIZE, PROT_R, PROT_RW, PROT_RWX, PROT_RX, pageAlignUp } from '../../core/memory/guest-memory.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { memfdCreate } from '../../core/unicorn/unicorn.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';

export const PHYS_RAM_BASE = 0x8000_0000;
const PHYS_RAM_SIZE = 0x1000_0000;
const PAGE_PHYSICAL = 0x400;

interface PhysBlock {
  va: number;
  pa: number;
  size: number;
  fd: number;
}

interface PhysState {
  next: number;
  blocks: PhysBlock[];
  /** Physical page of a committed page that is not in a block (virtual page -> physical page). */
  pages: Map<number, number>;
}

const physSlot = defineSlot('physmem', (m): PhysState => {
  const st: PhysState = { next: PHYS_RAM_BASE, blocks: [], pages: new Map() };
  m.onShutdown(() => {
    for (const b of st.blocks) closeSync(b.fd);
    st.blocks.length = 0;
  });
  return st;
});

/** PAGE_* protection (without the modifier bits) -> unicorn protection. */
function protOf(p: number): number | undefined {
  switch (p & 0xff) {
    case 0x02:
      return PROT_R;
    case 0x04:
    case 0x08:
      return PROT_RW;
    case 0x10:
    case 0x20:
      return PROT_RX;
    case 0x40:
    case 0x80:
      return PROT_RWX;
    default:
      return undefined;
  }
}

/** A run of `size` physical bytes aligned to `align` (a power of two), or undefined when RAM is used up. */
function takePhysical(st: PhysState, size: number, align: number): number | undefined {
  const pa = Math.ceil(st.next / align) * align;
  if (pa + size > PHYS_RAM_BASE + PHYS_RAM_SIZE) return undefined;
  st.next = pa + size;
  return pa;
}

function allPagesCommitted(cx: ApiContext, addr: number, size: number): boolean {
  if (!addr || addr + size > 0x1_0000_0000) return false;
  const end = pageAlignUp(addr + Math.max(size, 1));
  for (let p = addr - (addr % PAGE_SIZE); p < end; p += PAGE_SIZE) if (!cx.mem.isMapped(p)) return false;
  return true;
}

function allocPhysMem(cx: ApiContext, cb: number, protect: number, alignMask: number, out: number): number {
  const prot = protOf(protect);
  if (!cb || !out || prot === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const st = physSlot.of(cx.machine);
  const size = pageAlignUp(cb);
  // The alignment the mask asks for: its lowest clear bit above the set ones (mask 0xFFFF: 64 KiB).
  const align = Math.max(PAGE_SIZE, 2 ** Math.ceil(Math.log2((alignMask >>> 0) + 1)));
  const pa = takePhysical(st, size, align);
  if (pa === undefined) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  const space = cx.machine.space;
  let va = 0;
  let fd = -1;
  try {
    fd = memfdCreate('wmemu-physmem');
    ftruncateSync(fd, size);
    va = space.reserve(size, 'AllocPhysMem', ALLOCATION_GRANULARITY);
    space.commitShared(va, size, prot, fd, 0);
  } catch (e) {
    if (va) space.release(va);
    if (fd >= 0) closeSync(fd);
    if (e instanceof OutOfGuestMemory) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    throw e;
  }
  st.blocks.push({ va, pa, size, fd });
  cx.mem.setU32(out, pa);
  return va;
}

function freePhysMem(cx: ApiContext, va: number): number {
  const st = physSlot.of(cx.machine);
  const i = st.blocks.findIndex((b) => b.va === va >>> 0);
  if (i < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const [b] = st.blocks.splice(i, 1);
  cx.machine.space.release(b!.va);
  closeSync(b!.fd);
  return 1;
}

/** Maps physical [pa, pa+size) of a block at `dest` (page aligned). False: not a block's pages. */
function mapPhysical(cx: ApiContext, dest: number, pa: number, size: number, prot: number): boolean {
  const st = physSlot.of(cx.machine);
  const b = st.blocks.find((x) => pa >= x.pa && pa + size <= x.pa + x.size);
  if (!b) return false;
  const offset = (pa - b.pa) & ~(PAGE_SIZE - 1);
  cx.machine.space.commitShared(dest, pageAlignUp(size + (pa % PAGE_SIZE)), prot, b.fd, offset);
  return true;
}

function virtualCopy(cx: ApiContext, dest: number, src: number, size: number, protect: number): Returns<'bool'> {
  const prot = protOf(protect);
  if (!dest || !size || prot === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const st = physSlot.of(cx.machine);
  let pa: number;
  if (protect & PAGE_PHYSICAL) pa = (src >>> 0) * 256;
  else {
    const b = st.blocks.find((x) => src >>> 0 >= x.va && src + size <= x.va + x.size);
    if (!b) {
      if (!allPagesCommitted(cx, src, size)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      cx.machine.abort(
        'unimplemented',
        EXIT_CODES.unimplemented,
        'COREDLL.dll!VirtualCopy: aliasing virtual memory that AllocPhysMem did not allocate is not implemented',
      );
      return cx.block(() => {});
    }
    pa = b.pa + (src - b.va);
  }
  // The destination: reserved, uncommitted pages with the source's offset in the page.
  const r = cx.machine.space.find(dest);
  const end = pageAlignUp(dest + size);
  if (!r || end > r.base + r.size || dest % PAGE_SIZE !== pa % PAGE_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
  for (let p = dest - (dest % PAGE_SIZE); p < end; p += PAGE_SIZE) if (cx.mem.isMapped(p)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  try {
    if (!mapPhysical(cx, dest - (dest % PAGE_SIZE), pa, size, prot)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  } catch (e) {
    if (e instanceof OutOfGuestMemory) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    throw e;
  }
  return 1;
}

function createStaticMapping(cx: ApiContext, physShifted: number, size: number): number {
  if (!size) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const pa = (physShifted >>> 0) * 256;
  const st = physSlot.of(cx.machine);
  if (!st.blocks.some((x) => pa >= x.pa && pa + size <= x.pa + x.size)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const space = cx.machine.space;
  const span = pageAlignUp(size + (pa % PAGE_SIZE));
  let va = 0;
  try {
    va = space.reserve(span, 'CreateStaticMapping', ALLOCATION_GRANULARITY);
    mapPhysical(cx, va, pa, size, PROT_RW);
  } catch (e) {
    if (va) space.release(va);
    if (e instanceof OutOfGuestMemory) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    throw e;
  }
  return va + (pa % PAGE_SIZE);
}

/** The physical address of a committed page (a block's, or one given on first sight). */
function physicalPage(cx: ApiContext, page: number): number | undefined {
  const st = physSlot.of(cx.machine);
  const b = st.blocks.find((x) => page >= x.va && page < x.va + x.size);
  if (b) return b.pa + (page - b.va);
  let pa = st.pages.get(page);
  if (pa === undefined) {
    pa = takePhysical(st, PAGE_SIZE, PAGE_SIZE);
    if (pa === undefined) return undefined;
    st.pages.set(page, pa);
  }
  return pa;
}

function lockPages(cx: ApiContext, addr: number, size: number, pfns: number): number {
  if (!size || !allPagesCommitted(cx, addr, size)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const first = addr - (addr % PAGE_SIZE);
  const end = pageAlignUp(addr + size);
  for (let p = first, i = 0; p < end; p += PAGE_SIZE, i++) {
    const pa = physicalPage(cx, p);
    if (pa === undefined) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    if (pfns) cx.mem.setU32(pfns + 4 * i, pa);
  }
  return 1;
}

export const physmem: ApiDef[] = [
  fn(
    'AllocPhysMem(u32 cbSize, hex fdwProtect, hex dwAlignmentMask, hex dwFlags, ptr pPhysicalAddress): ptr',
    (cx, cb: number, prot: number, mask: number, _flags: number, out: number) => allocPhysMem(cx, cb, prot, mask, out),
  ),
  fn('FreePhysMem(ptr lpvAddress): bool', (cx, va: number) => freePhysMem(cx, va)),
  fn('VirtualCopy(ptr lpvDest, ptr lpvSrc, u32 cbSize, hex fdwProtect): bool', (cx, d: number, s: number, n: number, p: number) => virtualCopy(cx, d, s, n, p)),
  fn('CreateStaticMapping(hex dwPhysBase, u32 dwSize): ptr', (cx, pa: number, n: number) => createStaticMapping(cx, pa, n)),
  fn('LockPages(ptr lpvAddress, u32 cbSize, ptr pPFNs, i32 fOptions): bool', (cx, a: number, n: number, pfns: number) => lockPages(cx, a, n, pfns)),
  fn('UnlockPages(ptr lpvAddress, u32 cbSize): bool', (cx, a: number, n: number) =>
    n && allPagesCommitted(cx, a, n) ? 1 : cx.fail(0, ERROR.INVALID_PARAMETER),
  ),
  fn('MapCallerPtr(ptr ptr, u32 dwLen): ptr', (cx, p: number, n: number) => (allPagesCommitted(cx, p, n) ? p : cx.fail(0, ERROR.INVALID_PARAMETER))),
];
