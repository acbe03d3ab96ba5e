/**
 * coredll kernel services that system programs call (pkfuncs.h): file-system name registration,
 * API handles, and the kernel-only loaders.
 *
 *  - LoadKernelLibrary(name) (CE docs: "loads a DLL into the kernel's address space ... only used to
 *    load a DLL for event tracking and the kernel debugger DLLs") and AttachDebugger(name) (loads the
 *    kernel debugger): wmemu runs every program as an application process and has no kernel address
 *    space to load into; a device refuses applications the kernel-only services the way its Trusted
 *    APIs doc says ("the call fails and GetLastError returns ERROR_ACCESS_DENIED"): NULL / FALSE,
 *    ERROR_ACCESS_DENIED. (celogflush, iltiming, oscapture and loaddbg of the corpus call them.)
 *  - RegisterAFSName(name) -> the index of a new file-system mount name (\name), -1 on failure: a
 *    name already registered is ERROR_ALREADY_EXISTS, more than the kernel's 64 mount indexes
 *    ERROR_OUTOFMEMORY. DeregisterAFSName(index) frees it; RegisterAFSEx(index, hApiSet, context,
 *    version, flags) attaches an API set (CreateAPISet's handle) to the index, DeregisterAFS(index)
 *    detaches it. Index 0 is the root file system, never handed out. (servicesd.exe and udevice.exe
 *    register their "$services"/"$udevice" names this way.) The names are the run's: shared by its
 *    processes, as the kernel's table is. Opening files under a registered name is not emulated.
 *    An empty name (or NULL) is refused: -1, ERROR_INVALID_PARAMETER. No volume can be mounted at "\"
 *    with no name (index 0, the root, is the only nameless one), and on a device these hosts never see
 *    it: the kernel's device manager starts them "at the kernel's request" (CE 6 docs, User Mode Driver
 *    Host) with their volume name on the command line, the "ProcVolPrefix" of their
 *    HKLM\Drivers\ProcGroup_* key ("$services", "$udevice" in CE 6's common.reg). Started by hand with
 *    no arguments, servicesd.exe and udevice.exe pass their empty command line, and their own
 *    DEBUGCHK (udevice.cpp line 181) stops them: that is the program's answer, not the emulator's.
 *  - CreateAPIHandle(hApiSet, pvData): a handle of a handle-based API set (CreateAPISet); an invalid
 *    set handle is NULL, ERROR_INVALID_HANDLE. Calls through such a handle are not emulated.
 *  - CeLog (event tracking) without its kernel DLL (LoadKernelLibrary refuses to load it, above):
 *    CeLogData and CeLogSetZones do nothing (coredll's own CeLogData returns when KData's CeLog
 *    status says no CeLog is loaded), CeLogGetZones and CeLogReSync return FALSE (CE docs: "FALSE
 *    otherwise" - there is nothing to query or resynchronize).
 *  - ProfileStart(interval, options) / ProfileStop() (VOID, CE docs): the kernel profiler exists only
 *    in a profiling kernel (nk.exe linked with nkprof.lib); wmemu's kernel is a retail one, where the
 *    calls return without sampling anything.
 *  - CeFsIoControlW(pszDir, ioctl, ...): wmemu's file systems (host folders) are FSDs that support no
 *    file system I/O control: FALSE, ERROR_NOT_SUPPORTED, as the CE docs say for such an FSD.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { ApiHandle, ApiSet } from './apisets.js';

const MAX_AFS = 64;

interface Afs {
  name: string;
  apiSet?: number;
}

/** The run's mount-name table (runState is shared by the processes of a run). */
function afsTable(cx: ApiContext): Map<number, Afs> {
  const rs = cx.machine.runState;
  let t = rs.get('afs-names') as Map<number, Afs> | undefined;
  if (!t) rs.set('afs-names', (t = new Map()));
  return t;
}

export const kservices: ApiDef[] = [
  fn('LoadKernelLibrary(wstr lpszFileName): handle', (cx) => cx.fail(0, ERROR.ACCESS_DENIED)),
  fn('AttachDebugger(wstr dbgname): bool', (cx) => cx.fail(0, ERROR.ACCESS_DENIED)),
  fn('RegisterAFSName(wstr pName): i32', (cx, p: number) => {
    if (!p) return cx.fail(-1, ERROR.INVALID_PARAMETER);
    const name = cx.mem.wstr(p, 260);
    if (!name) return cx.fail(-1, ERROR.INVALID_PARAMETER);
    const t = afsTable(cx);
    if ([...t.values()].some((a) => a.name.toLowerCase() === name.toLowerCase())) return cx.fail(-1, ERROR.ALREADY_EXISTS);
    for (let i = 1; i < MAX_AFS; i++) {
      if (t.has(i)) continue;
      t.set(i, { name });
      return i;
    }
    return cx.fail(-1, ERROR.OUTOFMEMORY);
  }),
  fn('DeregisterAFSName(i32 iAFS): bool', (cx, i: number) => (afsTable(cx).delete(i) ? 1 : cx.fail(0, ERROR.INVALID_PARAMETER))),
  fn('RegisterAFSEx(i32 index, handle h, hex dw, u32 version, hex flags): bool', (cx, i: number, h: number) => {
    const a = afsTable(cx).get(i);
    if (!a) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (!cx.machine.handles.get<ApiSet>(h, 'apiset')) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (a.apiSet !== undefined) return cx.fail(0, ERROR.ALREADY_EXISTS);
    a.apiSet = h;
    return 1;
  }),
  fn('DeregisterAFS(i32 index): bool', (cx, i: number) => {
    const a = afsTable(cx).get(i);
    if (!a || a.apiSet === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    a.apiSet = undefined;
    return 1;
  }),
  fn('CeLogData(bool fTimeStamp, u32 wID, ptr pData, u32 wLen, hex dwZoneUser, hex dwZoneCE, u32 wFlag, bool bFlagged): void', () => undefined),
  fn('CeLogSetZones(hex dwZoneUser, hex dwZoneCE, hex dwZoneProcess): void', () => undefined),
  fn('CeLogGetZones(ptr lpdwZoneUser, ptr lpdwZoneCE, ptr lpdwZoneProcess, ptr lpdwAvailableZones): bool', () => 0),
  fn('CeLogReSync(): bool', () => 0),
  fn('ProfileStart(u32 dwUSecInterval, hex dwOptions): void', () => undefined),
  fn('ProfileStop(): void', () => undefined),
  fn(
    'CeFsIoControlW(wstr pszDir, hex dwIoControlCode, ptr lpInBuffer, u32 nInBufferSize, ptr lpOutBuffer, u32 nOutBufferSize, ptr lpBytesReturned, ptr lpOverlapped): bool',
    (cx) => cx.fail(0, ERROR.NOT_SUPPORTED),
  ),
  fn('CreateAPIHandle(handle hASet, ptr pvData): handle', (cx, h: number, data: number) => {
    const set = cx.machine.handles.get<ApiSet>(h, 'apiset');
    if (!set) return cx.fail(0, ERROR.INVALID_HANDLE);
    return cx.machine.handles.add(new ApiHandle(set, data));
  }),
];
