/**
 * coredll THCreateSnapshot (ordinal 511): the kernel half of the CE 6 Tool Help library, what the
 * device's toolhelp.dll (CreateToolhelp32Snapshot, Process32First/Next, Thread32First/Next,
 * Module32First/Next) reads. The snapshot layout is private to the kernel; it was taken from the ce6
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
 *  - the heap lists are added by coredll's GetHeapSnapshot(snap), which CreateToolhelp32Snapshot calls
 *    when TH32CS_SNAPHEAPLIST asks for this process's heaps (RVA 0x1108). Its format (what
 *    Heap32ListFirst/Heap32First walk) is not pinned down: GetHeapSnapshot stays unimplemented and
 *    stops the run by name; THCreateSnapshot itself reports no heap lists.
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

export const toolhelp: ApiDef[] = [
  fn('THCreateSnapshot(hex dwFlags, u32 dwProcID): ptr', (cx, flags: number, pid: number) => {
    const m = cx.machine;
    if (pid !== 0 && pid >>> 0 !== m.processId) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const procs = flags & TH32CS_SNAPPROCESS ? 1 : 0;
    const mods = flags & TH32CS_SNAPMODULE ? m.modules.filter((x) => x !== m.main) : [];
    const threads = flags & TH32CS_SNAPTHREAD ? [...m.scheduler.threads].filter((t) => t.state !== 'exited') : [];
    const size = HEADER + procs * PROCESSENTRY32 + mods.length * MODULEENTRY32 + threads.length * THREADENTRY32;
    let base: number;
    try {
      base = m.space.reserve(size, 'VirtualAlloc', ALLOCATION_GRANULARITY);
      m.space.commit(base, pageAlignUp(size), PROT_RW);
    } catch {
      return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    }
    const mem = cx.mem;
    mem.fill(base, size, 0);
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
];
