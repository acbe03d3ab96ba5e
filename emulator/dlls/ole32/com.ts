/**
 * ole32 COM library: CoInitializeEx, CoInitialize, CoUninitialize, CoGetClassObject, CoCreateInstance,
 * CoFreeUnusedLibraries — in-process servers only. wmemu's own ole32: the real CE ole32.dll talks to
 * the kernel's LPC driver, which the emulator does not have.
 *
 * Followed (Win32 / CE COM documentation, Wine's ole32 tests compobj.c):
 * - CoInitializeEx per thread: the first call S_OK, each further call with the same concurrency model
 *   S_FALSE (and counted: every successful call needs its CoUninitialize), another model
 *   RPC_E_CHANGED_MODE (not counted); pvReserved must be NULL (E_INVALIDARG). CoInitialize(NULL) is
 *   CoInitializeEx(NULL, COINIT_APARTMENTTHREADED). CoUninitialize of a thread that is not initialised
 *   does nothing.
 * - CoGetClassObject / CoCreateInstance without CoInitialize(Ex) on the thread: CO_E_NOTINITIALIZED.
 *   A CLSCTX with CLSCTX_INPROC_SERVER (or _HANDLER) and `HKCR\CLSID\{clsid}\InprocServer32` in the
 *   run's registry: the DLL named by its default value is loaded (LoadLibrary, DllMain), its
 *   DllGetClassObject(rclsid, riid, ppv) gives the object; CoCreateInstance asks it for IClassFactory
 *   and calls IClassFactory::CreateInstance(pUnkOuter, riid, ppv), then Release, through the guest's
 *   vtables. A class without InprocServer32: REGDB_E_CLASSNOTREG (as a device without the class); a DLL
 *   that does not load: CO_E_DLLNOTFOUND; one without DllGetClassObject: CO_E_ERRORINDLL; what
 *   DllGetClassObject or CreateInstance return is passed on. *ppv is NULL on every failure.
 *   A class registered only as a local (LocalServer32) or remote server, asked for with that context,
 *   stops the run naming itself (no out-of-process COM). ThreadingModel is not looked at: there are no
 *   apartments to marshal between (every object is called directly on the calling thread).
 * - CoSetState (oleaut32 keeps its per-thread error object with it): the thread's state object is
 *   AddRef'd and kept, the one it replaces Released; S_OK.
 * - Servers stay loaded (one LoadLibrary each) until CoFreeUnusedLibraries finds their
 *   DllCanUnloadNow returning S_OK, then FreeLibrary (DllMain DLL_PROCESS_DETACH).
 */
import { fn, UnimplementedFeature, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { defineSlot } from '../../core/slot.js';
import { freeLibrary, getProcAddressOf, loadLibraryNamed } from '../coredll/modules.js';
import { classesKey, defaultString, guidAt, parseGuid } from './guid.js';
import { HR } from './hresult.js';

const COINIT_APARTMENTTHREADED = 0x2;
const CLSCTX_INPROC_SERVER = 0x1;
const CLSCTX_INPROC_HANDLER = 0x2;
const CLSCTX_LOCAL_SERVER = 0x4;
const CLSCTX_REMOTE_SERVER = 0x10;
const IID_ICLASSFACTORY = parseGuid('{00000001-0000-0000-C000-000000000046}')!;

interface ComState {
  /** Per thread: CoInitialize count and the concurrency model of the first call. */
  threads: WeakMap<GuestThread, { count: number; apartment: boolean }>;
  /** Per thread: the CoSetState object. */
  state: WeakMap<GuestThread, number>;
  /** Loaded in-process servers: lower-case path -> module handle. */
  servers: Map<string, number>;
}
const comSlot = defineSlot('ole32-com', (): ComState => ({ threads: new WeakMap(), state: new WeakMap(), servers: new Map() }));

type HR = number | typeof CALLED;

function initialize(cx: ApiContext, reserved: number, flags: number): number {
  if (reserved) return HR.E_INVALIDARG;
  const s = comSlot.of(cx.machine);
  const apartment = (flags & COINIT_APARTMENTTHREADED) !== 0;
  const t = s.threads.get(cx.thread);
  if (!t || t.count === 0) {
    s.threads.set(cx.thread, { count: 1, apartment });
    return HR.S_OK;
  }
  if (t.apartment !== apartment) return HR.RPC_E_CHANGED_MODE;
  t.count++;
  return HR.S_FALSE;
}

function initialized(cx: ApiContext): boolean {
  return (comSlot.of(cx.machine).threads.get(cx.thread)?.count ?? 0) > 0;
}

/** DllGetClassObject of the class's in-process server; `then` gets the HRESULT (the object is in *ppv). */
function getClassObject(cx: ApiContext, clsid: number, ctx: number, riid: number, ppv: number, then: (hr: number) => HR): HR {
  if (!initialized(cx)) return then(HR.CO_E_NOTINITIALIZED);
  const name = guidAt(cx, clsid);
  const key = classesKey(cx, `CLSID\\${name}`);
  const path = defaultString(key?.child('InprocServer32')?.value(''));
  if (path === undefined || !(ctx & (CLSCTX_INPROC_SERVER | CLSCTX_INPROC_HANDLER))) {
    if (key && ctx & CLSCTX_LOCAL_SERVER && key.child('LocalServer32')) throw new UnimplementedFeature(`of the local server ${name} (no out-of-process COM)`);
    if (ctx & CLSCTX_REMOTE_SERVER && !(ctx & (CLSCTX_INPROC_SERVER | CLSCTX_INPROC_HANDLER | CLSCTX_LOCAL_SERVER)))
      throw new UnimplementedFeature(`of the remote server ${name} (no DCOM)`);
    return then(HR.REGDB_E_CLASSNOTREG);
  }
  const s = comSlot.of(cx.machine);
  const withModule = (h: number): HR => {
    const proc = getProcAddressOf(cx, h, { name: 'DllGetClassObject' });
    if (!proc) return then(HR.CO_E_ERRORINDLL);
    return cx.callGuest(proc, [clsid, riid, ppv], (r0) => then(r0 >>> 0));
  };
  const known = s.servers.get(path.toLowerCase());
  if (known) return withModule(known);
  return loadLibraryNamed(cx, path, 0, (h) => {
    if (!h) return then(HR.CO_E_DLLNOTFOUND);
    s.servers.set(path.toLowerCase(), h);
    return withModule(h);
  });
}

function createInstance(cx: ApiContext, clsid: number, outer: number, ctx: number, riid: number, ppv: number): HR {
  if (!ppv) return HR.E_POINTER;
  cx.mem.setU32(ppv, 0);
  const heap = cx.machine.processHeap;
  const scratch = heap.alloc(20, true); // IID_IClassFactory, then the factory pointer
  if (!scratch) return HR.E_OUTOFMEMORY;
  cx.mem.write(scratch, IID_ICLASSFACTORY);
  const done = (hr: number): number => {
    heap.freeBlock(scratch);
    if (hr & 0x8000_0000) cx.mem.setU32(ppv, 0);
    return hr;
  };
  return getClassObject(cx, clsid, ctx, scratch, scratch + 16, (hr) => {
    const cf = cx.mem.u32(scratch + 16);
    if (hr & 0x8000_0000 || !cf) return done(hr & 0x8000_0000 ? hr : HR.E_NOINTERFACE);
    const vtbl = cx.mem.u32(cf);
    // IClassFactory: QueryInterface, AddRef, Release, CreateInstance, LockServer.
    return cx.callGuest(cx.mem.u32(vtbl + 12), [cf, outer, riid, ppv], (r0) => cx.callGuest(cx.mem.u32(vtbl + 8), [cf], () => done(r0 >>> 0)));
  });
}

/** DllCanUnloadNow of each loaded server, FreeLibrary of those answering S_OK, one after another. */
function freeUnused(cx: ApiContext, left: [string, number][]): number | typeof CALLED {
  const next = left.shift();
  if (!next) return 0;
  const [path, h] = next;
  const proc = getProcAddressOf(cx, h, { name: 'DllCanUnloadNow' });
  if (!proc) return freeUnused(cx, left);
  return cx.callGuest(proc, [], (r0) => {
    if (r0 !== HR.S_OK) return freeUnused(cx, left);
    comSlot.of(cx.machine).servers.delete(path);
    return freeLibrary(cx, h, () => freeUnused(cx, left));
  });
}

export const com: ApiDef[] = [
  fn('CoInitializeEx(ptr pvReserved, hex dwCoInit): hex', (cx, reserved: number, flags: number) => initialize(cx, reserved, flags)),
  fn('CoInitialize(ptr pvReserved): hex', (cx, reserved: number) => initialize(cx, reserved, COINIT_APARTMENTTHREADED)),
  fn('CoUninitialize(): void', (cx) => {
    const t = comSlot.of(cx.machine).threads.get(cx.thread);
    if (t && t.count > 0) t.count--;
  }),
  fn(
    'CoGetClassObject(ptr rclsid, hex dwClsContext, ptr pServerInfo, ptr riid, ptr ppv): hex',
    (cx, clsid: number, ctx: number, _si: number, riid: number, ppv: number) => {
      if (!ppv) return HR.E_INVALIDARG;
      cx.mem.setU32(ppv, 0);
      return getClassObject(cx, clsid, ctx, riid, ppv, (hr) => {
        if (hr & 0x8000_0000) cx.mem.setU32(ppv, 0);
        return hr;
      });
    },
  ),
  fn(
    'CoCreateInstance(ptr rclsid, ptr pUnkOuter, hex dwClsContext, ptr riid, ptr ppv): hex',
    (cx, clsid: number, outer: number, ctx: number, riid: number, ppv: number) => createInstance(cx, clsid, outer, ctx, riid, ppv),
  ),
  fn('CoFreeUnusedLibraries(): void', (cx) => {
    freeUnused(cx, [...comSlot.of(cx.machine).servers]);
  }),
  fn('CoSetState(ptr pState): hex', (cx, p: number) => {
    const s = comSlot.of(cx.machine);
    const old = s.state.get(cx.thread) ?? 0;
    if (p) s.state.set(cx.thread, p);
    else s.state.delete(cx.thread);
    const release = (): HR => (old ? cx.callGuest(cx.mem.u32(cx.mem.u32(old) + 8), [old], () => HR.S_OK) : HR.S_OK);
    return p ? cx.callGuest(cx.mem.u32(cx.mem.u32(p) + 4), [p], release) : release();
  }),
];
