/**
 * coredll kernel and object-store queries the corpus imports from two or more binaries:
 * GetStoreInformation, GetSystemMemoryDivision, SetSystemMemoryDivision, CheckRemoteDebuggerPresent.
 *
 *  - GetStoreInformation(lpsi) (CE docs, STORE_INFORMATION { dwStoreSize; dwFreeSize; }): the object
 *    store is the device root; wmemu's is a host folder, so its size and free space are that file
 *    system's (what GetDiskFreeSpaceExW("\") reports), each capped at 0xFFFFFFFF (DWORDs). TRUE; a
 *    root the host cannot measure: FALSE with the host error.
 *  - GetSystemMemoryDivision(lpdwStorePages, lpdwRamPages, lpdwPageSize) (CE docs, deprecated): the
 *    pages of the object store (its size above / 4096), the pages of program memory (the run's
 *    memory cap, as GlobalMemoryStatus's dwTotalPhys) and the page size (4096); TRUE.
 *  - SetSystemMemoryDivision(dwStorePages) (CE docs): the store cannot be moved into or out of
 *    program memory here (it is the host's disk, not carved out of RAM as FSRAMPERCENT divides a
 *    device): the division that is already in force (the current store pages) is SYSMEM_CHANGED (0);
 *    any other is out of range: SYSMEM_FAILED (3), ERROR_INVALID_PARAMETER, as the docs give it.
 *  - CheckRemoteDebuggerPresent(hProcess, pbDebuggerPresent) (Win32 docs; CE 6 coredll): *pb = TRUE
 *    when a debugger is attached to that process (wmemu's gdb stub, --gdb), FALSE otherwise; TRUE.
 *    hProcess is this process (pseudo handle or id) or a child process's handle; another handle:
 *    FALSE, ERROR_INVALID_HANDLE; a NULL pb: FALSE, ERROR_INVALID_PARAMETER.
 */
import { statfsSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { CURRENT_PROCESS_PSEUDO } from '../../core/kernel/handles.js';
import type { Machine } from '../../core/machine.js';
import { ERROR } from '../../core/win32-errors.js';
import { win32Error } from './files.js';
import { ChildProcess } from './processes.js';

const PAGE = 4096;
const SYSMEM_CHANGED = 0;
const SYSMEM_FAILED = 3;
const DWORD_MAX = 0xffff_ffff;

/** The object store's size and free bytes (capped to DWORDs), or a Win32 error. */
function storeInfo(cx: ApiContext): { size: number; free: number } | { error: number } {
  try {
    const st = statfsSync(deviceFsOf(cx.machine).root, { bigint: true });
    const cap = (v: bigint) => Number(v > BigInt(DWORD_MAX) ? BigInt(DWORD_MAX) : v);
    return { size: cap(st.blocks * st.bsize), free: cap(st.bavail * st.bsize) };
  } catch (e) {
    return { error: win32Error(e) };
  }
}
const storePages = (s: { size: number }) => Math.floor(s.size / PAGE);

function processMachine(cx: ApiContext, h: number): Machine | undefined {
  if (h === CURRENT_PROCESS_PSEUDO || h === cx.machine.processId) return cx.machine;
  const child = cx.machine.handles.get<ChildProcess>(h, 'process');
  return child instanceof ChildProcess ? child.machine : undefined;
}

export const kquery: ApiDef[] = [
  fn('GetStoreInformation(ptr lpsi): bool', (cx, p: number) => {
    const s = storeInfo(cx);
    if ('error' in s) return cx.fail(0, s.error);
    cx.mem.setU32(p, s.size);
    cx.mem.setU32(p + 4, s.free);
    return 1;
  }),
  fn('GetSystemMemoryDivision(ptr lpdwStorePages, ptr lpdwRamPages, ptr lpdwPageSize): bool', (cx, ps: number, pr: number, pp: number) => {
    const s = storeInfo(cx);
    if ('error' in s) return cx.fail(0, s.error);
    cx.mem.setU32(ps, storePages(s));
    cx.mem.setU32(pr, Math.floor(Math.min(cx.machine.space.limit, DWORD_MAX) / PAGE));
    cx.mem.setU32(pp, PAGE);
    return 1;
  }),
  fn('SetSystemMemoryDivision(u32 dwStorePages): u32', (cx, pages: number) => {
    const s = storeInfo(cx);
    if ('error' in s) return cx.fail(SYSMEM_FAILED, s.error);
    return pages === storePages(s) ? SYSMEM_CHANGED : cx.fail(SYSMEM_FAILED, ERROR.INVALID_PARAMETER);
  }),
  fn('CheckRemoteDebuggerPresent(handle hProcess, ptr pbDebuggerPresent): bool', (cx, h: number, out: number) => {
    if (!out) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const m = processMachine(cx, h);
    if (!m) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.setU32(out, m.scheduler.debugGate ? 1 : 0);
    return 1;
  }),
];
