/**
 * coredll's API-set (PSL server) functions: IsAPIReady, WaitForAPIReady, GetAPIAddress, CreateAPISet,
 * RegisterAPISet, QueryAPISetID, SetAPIErrorHandler, VerifyAPIHandle, LockAPIHandle, UnlockAPIHandle.
 *
 * The numbering of the system API sets is not the same in CE 5 and in CE 6/7 (the device profile's
 * osVersion picks one):
 *  - CE 5 (kfuncs.h/pkfuncs.h of CE 5): NUM_SYS_HANDLES (32) sets. A booted device has registered
 *    SH_WIN32 0 .. HT_WNETENUM 15, SH_GDI 16 .. SH_PATCHER 24 and SH_SERVICES 26. RegisterAPISet takes
 *    an index below 32 that no one holds (a held one: FALSE, ERROR_INVALID_PARAMETER).
 *  - CE 6 and CE 7 (kfuncs.h of CE 6/7: "We now support 128 API sets"): NUM_API_SETS (128): 0 the
 *    kernel's Win32 set, 1-63 OS handle-based sets, 64-79 partner handle-based, 80-111 OS non-handle
 *    sets (SH_FIRST_OS_API_SET: SH_GDI 80, SH_WMGR 81, SH_WNET 82, SH_COMM 83, SH_FILESYS_APIS 84,
 *    SH_SHELL 85, SH_DEVMGR_APIS 86, SH_TAPI 87, SH_CPROG 88, SH_SERVICES 90, SH_DDRAW 91, SH_GWEUSER
 *    93, ...), 112-127 partner non-handle sets. Ready at boot: 0, 1, 2, the kernel's and the file
 *    system's handle types 4-16 (HT_EVENT .. HT_AFSVOLUME) and SH_GDI .. SH_TAPI and SH_SERVICES,
 *    the servers wmemu itself stands in for. SH_GWEUSER (93) is not: CE 7's GweUser.exe is the
 *    process that registers it (and does, run here), wmemu has no such server of its own.
 *    RegisterAPISet follows the CE 6/7 kernel (apicall.c, APISRegister): a handle-based set
 *    (REGISTER_APISET_TYPE) takes an index below 80, and may join a handle type another server
 *    already serves (several file systems serve HT_FILE); a non-handle set takes an index 80-127 that
 *    is free; index 0 picks the first free one from 64 (handle-based) or 112 (non-handle); an index
 *    out of range, a non-handle index below 80, a taken non-handle index or a set that is already
 *    registered: FALSE, ERROR_INVALID_PARAMETER; no free index: FALSE, ERROR_NO_PROC_SLOTS.
 * Registered indexes belong to the run (the kernel's table, shared by its processes).
 *
 * The shell's set (SH_SHELL: 85 on CE 6/7, 21 on CE 5) is ready from boot: wmemu stands in for it (the
 * tray's Shell_NotifyIcon, desktop.ts) so that programs run without a shell find it. On a device the
 * shell (explorer.exe) is the process that serves it: it creates a set of its methods and registers it
 * as SH_SHELL. A guest registration of SH_SHELL therefore takes the index over from the stand-in (it
 * succeeds once; a second guest registration fails as for any taken index), and the shell API's
 * coredll entry points (shellapi.ts) call that server's methods from then on.
 *
 *  - IsAPIReady(hAPI): TRUE for a registered index, FALSE otherwise (and beyond the table).
 *  - WaitForAPIReady(set, timeout) (CE 6): WAIT_OBJECT_0 at once for a registered set; otherwise the
 *    thread waits until a process of the run registers it (WAIT_OBJECT_0) or the time-out passes
 *    (WAIT_TIMEOUT); an index beyond the table: WAIT_FAILED (the kernel's NKWaitForAPIReady).
 *  - GetAPIAddress(setId, method): the kernel trap address of that method (core/api/kernel-traps.ts)
 *    for a ready set below 32 (the sets the trap page encodes); 0 otherwise.
 *  - CreateAPISet(acName[4], cFunctions, ppfnMethods, pu64Sig): an API set object; no function, more
 *    than 256 or no method table: NULL, ERROR_INVALID_PARAMETER (EXTCreateAPISet).
 *  - QueryAPISetID(pName): the index of the registered set whose 4-character name matches (a longer
 *    name matches nothing), -1 when none does (APISQueryID). The sets wmemu stands in for have no
 *    name here: only sets registered in the run are found.
 *  - SetAPIErrorHandler(hApiSet, pfn) (CE 6 docs): records the handler, TRUE; a handle that is not an
 *    API set: FALSE, ERROR_INVALID_HANDLE. (The handler runs when a caller's arguments fail the
 *    kernel's validation of a call into the set; no process here calls through a guest set.)
 *  - VerifyAPIHandle(hApiSet, h): the pvData of h when it is a handle of that set (CreateAPIHandle),
 *    else NULL, ERROR_INVALID_HANDLE.
 *  - LockAPIHandle(hApiSet, hSrcProc, h, ppvObj) (CE 6): locks h, a handle of the set in process
 *    hSrcProc, and stores its pvData in *ppvObj; returns the lock (non-zero) or NULL when h is not a
 *    handle of that set (ERROR_INVALID_HANDLE). hSrcProc is this process (its pseudo handle or id);
 *    another process's handle table is another machine's: ERROR_INVALID_HANDLE.
 *    UnlockAPIHandle(hApiSet, lock): TRUE for a lock of that set, FALSE otherwise.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { kernelTrapAddress } from '../../core/api/kernel-traps.js';
import { CURRENT_PROCESS_PSEUDO } from '../../core/kernel/handles.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import type { Machine } from '../../core/machine.js';

const WAIT_OBJECT_0 = 0;
const WAIT_TIMEOUT = 258;
const WAIT_FAILED = 0xffffffff;
const ERROR_NO_PROC_SLOTS = 89;
const REGISTER_APISET_TYPE = 0x8000_0000;
const MAX_METHOD = 256;

/** CE 5: NUM_SYS_HANDLES sets; booted: 0..24 and SH_SERVICES 26. */
const CE5_SETS = 32;
const CE5_READY: ReadonlySet<number> = new Set([...Array.from({ length: 25 }, (_, i) => i), 26]);
/** CE 6/7: NUM_API_SETS. */
const NUM_API_SETS = 128;
const SH_FIRST_EXT_HAPI_SET = 64;
const SH_FIRST_OS_API_SET = 80;
const SH_FIRST_EXT_API_SET = 112;
const SH_SERVICES6 = SH_FIRST_OS_API_SET + 10;
const CE6_READY: ReadonlySet<number> = new Set([
  0,
  1,
  2,
  ...Array.from({ length: 13 }, (_, i) => 4 + i), // HT_EVENT 4 .. HT_AFSVOLUME 16
  ...Array.from({ length: 8 }, (_, i) => SH_FIRST_OS_API_SET + i), // SH_GDI 80 .. SH_TAPI 87
  SH_SERVICES6,
]);

export class ApiSet {
  readonly type = 'apiset';
  /** The index RegisterAPISet gave it, -1 before. */
  registeredAs = -1;
  errorHandler = 0;
  constructor(
    readonly name: string,
    readonly methods: number,
    /** The method table (ppfnMethods: `methods` function pointers in the server's memory). */
    readonly methodTable = 0,
    /** The server process. */
    readonly server?: Machine,
  ) {}
  /** The address of method i (0 beyond the table or without a server). */
  method(i: number): number {
    return this.server && i >= 0 && i < this.methods ? this.server.mem.u32(this.methodTable + 4 * i) : 0;
  }
}

export class ApiHandle {
  readonly type = 'apihandle';
  constructor(
    readonly set: ApiSet,
    readonly data: number,
  ) {}
}

interface SetTable {
  /** Registered index -> its name ('' for a handle type shared by several sets). */
  names: Map<number, string>;
  /** Non-handle index -> the guest set registered there. */
  servers: Map<number, ApiSet>;
  /** Handle-based indexes (several sets may serve one). */
  handleBased: Set<number>;
  waiters: Map<number, Set<(r: number) => void>>;
}
function table(cx: ApiContext): SetTable {
  const rs = cx.machine.runState;
  let t = rs.get('api-sets') as SetTable | undefined;
  if (!t) rs.set('api-sets', (t = { names: new Map(), servers: new Map(), handleBased: new Set(), waiters: new Map() }));
  return t;
}

const ce6 = (cx: ApiContext) => (cx.machine.options.osVersion ?? 5) >= 6;
/** SH_SHELL's index (kfuncs.h: CE 5 21, CE 6/7 SH_FIRST_OS_API_SET + 5). */
export const shShell = (cx: ApiContext): number => (ce6(cx) ? SH_FIRST_OS_API_SET + 5 : 21);

/** The guest set registered at a non-handle index (e.g. the shell's SH_SHELL), if a process of the run serves it. */
export function guestServer(cx: ApiContext, index: number): ApiSet | undefined {
  return table(cx).servers.get(index);
}
const setCount = (cx: ApiContext) => (ce6(cx) ? NUM_API_SETS : CE5_SETS);

function isReady(cx: ApiContext, set: number): boolean {
  if (set >= setCount(cx)) return false;
  return (ce6(cx) ? CE6_READY : CE5_READY).has(set) || table(cx).names.has(set);
}

/** The index a registration gets, or the error (APISRegister of CE 6/7; the CE 5 rule before). */
function place(cx: ApiContext, set: ApiSet, id: number): number | { error: number } {
  const handleBased = (id & REGISTER_APISET_TYPE) !== 0;
  id = (id & ~REGISTER_APISET_TYPE) >>> 0;
  if (set.registeredAs !== -1) return { error: ERROR.INVALID_PARAMETER };
  const t = table(cx);
  // The stand-in's SH_SHELL goes to the first guest shell that registers it (module comment).
  if (!handleBased && id === shShell(cx) && !t.names.has(id)) return id;
  if (!ce6(cx)) {
    if (handleBased) return id; // a handle type: nothing to reserve in CE 5's table
    return id >= CE5_SETS || isReady(cx, id) ? { error: ERROR.INVALID_PARAMETER } : id;
  }
  const limit = handleBased ? SH_FIRST_OS_API_SET : NUM_API_SETS;
  if (id >= limit || (!handleBased && id !== 0 && id < SH_FIRST_OS_API_SET)) return { error: ERROR.INVALID_PARAMETER };
  if (id === 0) {
    id = handleBased ? SH_FIRST_EXT_HAPI_SET : SH_FIRST_EXT_API_SET;
    while (id < limit && isReady(cx, id)) id++;
    if (id >= limit) return { error: ERROR_NO_PROC_SLOTS };
  }
  if (handleBased) {
    // A handle type another server (or the system) already serves is shared; a non-handle set there is not.
    if (t.names.has(id) && !t.handleBased.has(id)) return { error: ERROR.INVALID_PARAMETER };
    return id;
  }
  return isReady(cx, id) ? { error: ERROR.INVALID_PARAMETER } : id;
}

/** Locks handed out by LockAPIHandle (lock value -> set). */
const locksSlot = defineSlot('api-handle-locks', () => ({ next: 0x4c00_0004, locks: new Map<number, ApiSet>() }));

export const apisets: ApiDef[] = [
  fn('IsAPIReady(u32 hAPI): bool', (cx, h: number) => (isReady(cx, h) ? 1 : 0)),
  fn('WaitForAPIReady(u32 dwAPISlot, u32 dwTimeout): u32', { blocking: true }, (cx, set: number, ms: number) => {
    if (set >= setCount(cx)) return cx.fail(WAIT_FAILED, ERROR.INVALID_PARAMETER);
    if (isReady(cx, set)) return WAIT_OBJECT_0;
    if (ms === 0) return WAIT_TIMEOUT;
    cx.thread.waitReason = `WaitForAPIReady(${set})`;
    const waiters = table(cx).waiters;
    return cx.block((done) => {
      let list = waiters.get(set);
      if (!list) waiters.set(set, (list = new Set()));
      const wake = (r: number) => {
        list.delete(wake);
        cancelTimer?.();
        done(r);
      };
      list.add(wake);
      const cancelTimer = ms === 0xffffffff ? undefined : cx.machine.clock.setTimer(ms, () => wake(WAIT_TIMEOUT));
      return () => {
        list.delete(wake);
        cancelTimer?.();
      };
    });
  }),
  fn('GetAPIAddress(i32 setId, i32 iMethod): ptr', (cx, set: number, method: number) =>
    set >= 0 && set < CE5_SETS && isReady(cx, set) && method >= 0 && method < MAX_METHOD ? kernelTrapAddress(set, method) : 0,
  ),
  fn('CreateAPISet(ptr acName, u32 cFunctions, ptr ppfnMethods, ptr pu64Sig): handle', (cx, name: number, n: number, methods: number) => {
    const count = n & 0xffff;
    if (count === 0 || count > MAX_METHOD || methods === 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const text = String.fromCharCode(...[0, 1, 2, 3].map((i) => cx.mem.u8(name + i)).filter((c) => c !== 0));
    return cx.machine.handles.add(new ApiSet(text, count, methods, cx.machine));
  }),
  fn('RegisterAPISet(handle hASet, hex dwSetID): bool', (cx, h: number, id: number) => {
    const set = cx.machine.handles.get<ApiSet>(h, 'apiset');
    if (!set) return cx.fail(0, ERROR.INVALID_HANDLE);
    const at = place(cx, set, id);
    if (typeof at !== 'number') return cx.fail(0, at.error);
    const t = table(cx);
    set.registeredAs = at;
    if (id & REGISTER_APISET_TYPE) {
      t.handleBased.add(at);
      if (!t.names.has(at)) t.names.set(at, set.name);
    } else {
      t.names.set(at, set.name);
      t.servers.set(at, set);
    }
    for (const wake of [...(t.waiters.get(at) ?? [])]) wake(WAIT_OBJECT_0);
    return 1;
  }),
  fn('QueryAPISetID(ptr pName): i32', (cx, p: number) => {
    const name = cx.mem.str(p, 5);
    if (name.length > 4) return -1;
    for (const [id, n] of [...table(cx).names].sort((a, b) => a[0] - b[0])) if (n === name) return id;
    return -1;
  }),
  fn('SetAPIErrorHandler(handle hApiSet, ptr pfnHandler): bool', (cx, h: number, pfn: number) => {
    const set = cx.machine.handles.get<ApiSet>(h, 'apiset');
    if (!set) return cx.fail(0, ERROR.INVALID_HANDLE);
    set.errorHandler = pfn;
    return 1;
  }),
  fn('VerifyAPIHandle(handle hASet, handle hObject): ptr', (cx, hs: number, h: number) => {
    const set = cx.machine.handles.get<ApiSet>(hs, 'apiset');
    const obj = cx.machine.handles.get<ApiHandle>(h, 'apihandle');
    if (!set || !obj || obj.set !== set) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.setLastError(0);
    return obj.data;
  }),
  fn('LockAPIHandle(handle hApiSet, handle hSrcProc, handle h, ptr ppvObj): handle', (cx, hs: number, proc: number, h: number, out: number) => {
    const set = cx.machine.handles.get<ApiSet>(hs, 'apiset');
    const own = proc === CURRENT_PROCESS_PSEUDO || proc === cx.machine.processId;
    const obj = own ? cx.machine.handles.get<ApiHandle>(h, 'apihandle') : undefined;
    if (!set || !obj || obj.set !== set) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.setU32(out, obj.data);
    const l = locksSlot.of(cx.machine);
    const lock = l.next;
    l.next += 4;
    l.locks.set(lock, set);
    return lock;
  }),
  fn('UnlockAPIHandle(handle hApiSet, handle hLock): bool', (cx, hs: number, lock: number) => {
    const set = cx.machine.handles.get<ApiSet>(hs, 'apiset');
    const l = locksSlot.of(cx.machine);
    if (!set || l.locks.get(lock) !== set) return cx.fail(0, ERROR.INVALID_PARAMETER);
    l.locks.delete(lock);
    return 1;
  }),
];
