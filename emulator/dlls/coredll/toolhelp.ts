/**
 * coredll THCreateSnapshot (ordinal 511) and GetHeapSnapshot (52): the kernel and coredll halves of
 * the CE 6 Tool Help library, what the device's toolhelp.dll (CreateToolhelp32Snapshot,
 * Process32First/Next, Thread32First/Next, Module32First/Next, Heap32ListFirst/Next,
 * Heap32First/Next) reads. The snapshot layout is private to the kernel; it was taken from the ce6
 * corpus toolhelp.dll (disassembled, nothing copied):
 *  - THCreateSnapshot(dwFlags, dwProcID) returns a pointer into the caller's address space, which
 *    CloseToolhelp32Snapshot gives back with VirtualFree(snap, 0, MEM_RELEASE) (RVA 0x1160): here a
 *    VirtualAlloc-style reservation, so that VirtualFree releases it; NULL means failure
 *    (CreateToolhelp32Snapshot then returns INVALID_HANDLE_VALUE, RVA 0x10c8);
 *  - header of 0x3C bytes: +0x10 process count, +0x14 module count, +0x18 thread count, +0x20 heap
 *    list count; +0x24/+0x28/+0x2C are toolhelp's own cursors (Process32First stores 1 at +0x24,
 *    RVA 0x12f0), +0x30.. its heap cursors; the kernel leaves them 0;
 *  - then the records, back to back: PROCESSENTRY32 (564 bytes, toolhelp copies them from +0x3C,
 *    RVA 0x1304), MODULEENTRY32 (1076: CE's szModule is MAX_PATH wide, RVA 0x1724), THREADENTRY32
 *    (36, RVA 0x1500), each in the CE documentation's layout;
 *  - header words +0x04/+0x08/+0x0C are the bytes used, committed and reserved: coredll's
 *    GetHeapSnapshot allocates from them, committing more of the reservation (RVA 0x8e1bc);
 *  - the heap lists are added by GetHeapSnapshot(snap), which CreateToolhelp32Snapshot calls when
 *    TH32CS_SNAPHEAPLIST asks for this process's heaps (RVA 0x1108). It is coredll code, not a kernel
 *    call (ce6 coredll.dll RVA 0x8e4d4): per heap a record { HEAPLIST32 (dwSize 16, process, heap
 *    handle, HF32_DEFAULT for the process heap), cEntries, cbRecord = 24 + 36 * cEntries } followed by
 *    its HEAPENTRY32 items, appended at the used mark, +0x20 counting the records; it returns the
 *    bytes added. toolhelp.dll's Heap32ListFirst/Next and Heap32First/Next walk exactly that (RVA
 *    0x18b4 checks cbRecord against the used mark). Here the items are the heap's live blocks
 *    (LF32_FIXED, handle = address): wmemu's heaps keep free space on the host side, so free blocks
 *    are not listed. A pointer that is not a snapshot faults in it, as coredll's code does.
 * What is listed: the run's process (wmemu runs one process per machine: the device's system
 * processes do not exist here) with its live threads, and the ARM DLLs loaded into it (emulated DLLs
 * such as coredll have no image to describe). dwProcID is 0 or this process's ID; another ID fails
 * with ERROR_INVALID_PARAMETER (the Win32 CreateToolhelp32Snapshot result for an unknown process).
 * Priorities are CE's 256-level ones (THREAD_PRIORITY_NORMAL = 251). Flags outside
 * TH32CS_SNAPHEAPLIST | SNAPPROCESS | SNAPTHREAD | SNAPMODULE | SNAPNOHEAPS | GETALLMODS are
 * ignored, as unknown bits of a flag word.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { PROT_RW, pageAlignUp } from '../../core/memory/guest-memory.js';
import { ERROR } from '../../core/win32-errors.js';
import { heaps } from './memory.js';

export const TH32CS_SNAPHEAPLIST = 1;
export const TH32CS_SNAPPROCESS = 2;
export const TH32CS_SNAPTHREAD = 4;
export const TH32CS_SNAPMODULE = 8;
const HEADER = 0x3c;
const PROCESSENTRY32 = 564;
const MODULEENTRY32 = 1076;
const THREADENTRY32 = 36;
const MAX_PATH = 260;
const CE_PRIORITY_NORMAL = 251;
const ALLOCATION_GRANULARITY = 0x1_0000;
/** Header words coredll's GetHeapSnapshot allocates with (ce6 coredll RVA 0x8e1bc): bytes used, committed, reserved. */
const SNAP_USED = 0x04;
const SNAP_COMMITTED = 0x08;
const SNAP_RESERVED = 0x0c;
const SNAP_HEAPLISTS = 0x20;
/** The room a snapshot reserves for the heap lists (CE 5's THSNAP_RESERVE; CE 6 coredll refuses one allocation of 4 MB or more). */
const SNAPSHOT_RESERVE = 0x10_0000;
const HEAPLIST_RECORD = 24;
const HEAPENTRY32 = 36;
const HF32_DEFAULT = 1;
const LF32_FIXED = 1;

export const toolhelp: ApiDef[] = [
  fn('THCreateSnapshot(hex dwFlags, u32 dwProcID): ptr', (cx, flags: number, pid: number) => {
    const m = cx.machine;
    if (pid !== 0 && pid >>> 0 !== m.processId) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const procs = flags & TH32CS_SNAPPROCESS ? 1 : 0;
    const mods = flags & TH32CS_SNAPMODULE ? m.modules.filter((x) => x !== m.main) : [];
    const threads = flags & TH32CS_SNAPTHREAD ? [...m.scheduler.threads].filter((t) => t.state !== 'exited') : [];
    const size = HEADER + procs * PROCESSENTRY32 + mods.length * MODULEENTRY32 + threads.length * THREADENTRY32;
    const reserve = Math.max(SNAPSHOT_RESERVE, pageAlignUp(size));
    let base: number;
    try {
      base = m.space.reserve(reserve, 'VirtualAlloc', ALLOCATION_GRANULARITY);
      m.space.commit(base, pageAlignUp(size), PROT_RW);
    } catch {
      return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    }
    const mem = cx.mem;
    mem.fill(base, size, 0);
    mem.setU32(base + SNAP_USED, size);
    mem.setU32(base + SNAP_COMMITTED, pageAlignUp(size));
    mem.setU32(base + SNAP_RESERVED, reserve);
    mem.setU32(base + 0x10, procs);
    mem.setU32(base + 0x14, mods.length);
    mem.setU32(base + 0x18, threads.length);
    let p = base + HEADER;
    if (procs) {
      const live = [...m.scheduler.threads].filter((t) => t.state !== 'exited').length;
      mem.setU32(p, PROCESSENTRY32);
      mem.setU32(p + 4, 1); // cntUsage
      mem.setU32(p + 8, m.processId);
      mem.setU32(p + 12, heaps(cx).processHeapHandle); // th32DefaultHeapID
      mem.setU32(p + 20, live); // cntThreads
      mem.setU32(p + 28, CE_PRIORITY_NORMAL); // pcPriClassBase
      mem.writeWstr(p + 36, (m.main?.name ?? '').slice(0, MAX_PATH - 1)); // szExeFile
      mem.setU32(p + 36 + 2 * MAX_PATH, m.main?.base ?? 0); // th32MemoryBase
      p += PROCESSENTRY32;
    }
    for (const mod of mods) {
      mem.setU32(p, MODULEENTRY32);
      mem.setU32(p + 4, mod.base); // th32ModuleID
      mem.setU32(p + 8, m.processId);
      mem.setU32(p + 12, 1); // GlblcntUsage
      mem.setU32(p + 16, 1); // ProccntUsage
      mem.setU32(p + 20, mod.base);
      mem.setU32(p + 24, mod.size);
      mem.setU32(p + 28, mod.base); // hModule
      mem.writeWstr(p + 32, mod.name.slice(0, MAX_PATH - 1));
      mem.writeWstr(p + 32 + 2 * MAX_PATH, mod.devicePath.slice(0, MAX_PATH - 1));
      p += MODULEENTRY32;
    }
    for (const t of threads) {
      mem.setU32(p, THREADENTRY32);
      mem.setU32(p + 4, 1); // cntUsage
      mem.setU32(p + 8, t.id);
      mem.setU32(p + 12, m.processId); // th32OwnerProcessID
      mem.setU32(p + 16, CE_PRIORITY_NORMAL); // tpBasePri
      mem.setU32(p + 32, m.processId); // th32CurrentProcessID
      p += THREADENTRY32;
    }
    return base;
  }),
  fn('GetHeapSnapshot(ptr pSnapshot): u32', (cx, snap: number) => {
    // coredll's own code (no kernel call): appends one record per heap of the process to the
    // snapshot, growing its committed part inside the reservation, and counts it at +0x20.
    const mem = cx.mem;
    const m = cx.machine;
    const state = heaps(cx);
    let total = 0;
    for (const [handle, heap] of state.heaps) {
      const blocks = [...heap.blocks()];
      const bytes = HEAPLIST_RECORD + HEAPENTRY32 * blocks.length;
      const used = mem.u32(snap + SNAP_USED);
      const committed = mem.u32(snap + SNAP_COMMITTED);
      const reserved = mem.u32(snap + SNAP_RESERVED);
      if (used + bytes > committed) {
        const grow = pageAlignUp(used + bytes - committed);
        if (committed + grow > reserved) break; // no room left: coredll stops there too
        m.space.commit(snap + committed, grow, PROT_RW);
        mem.setU32(snap + SNAP_COMMITTED, committed + grow);
      }
      const rec = snap + used;
      mem.setU32(rec, 16); // HEAPLIST32.dwSize
      mem.setU32(rec + 4, m.processId);
      mem.setU32(rec + 8, handle); // th32HeapID
      mem.setU32(rec + 12, handle === state.processHeapHandle ? HF32_DEFAULT : 0);
      mem.setU32(rec + 16, blocks.length);
      mem.setU32(rec + 20, bytes);
      blocks.forEach(([addr, n], i) => {
        const e = rec + HEAPLIST_RECORD + HEAPENTRY32 * i;
        mem.setU32(e, HEAPENTRY32);
        mem.setU32(e + 4, addr); // hHandle
        mem.setU32(e + 8, addr); // dwAddress
        mem.setU32(e + 12, n); // dwBlockSize
        mem.setU32(e + 16, LF32_FIXED);
        mem.setU32(e + 20, 0); // dwLockCount
        mem.setU32(e + 24, 0); // dwResvd
        mem.setU32(e + 28, m.processId);
        mem.setU32(e + 32, handle); // th32HeapID
      });
      mem.setU32(snap + SNAP_USED, used + bytes);
      mem.setU32(snap + SNAP_HEAPLISTS, mem.u32(snap + SNAP_HEAPLISTS) + 1);
      total += bytes;
    }
    return total;
  }),
];
