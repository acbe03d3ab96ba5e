/**
 * coredll modules and resources: LoadLibraryW/LoadLibraryExW/FreeLibrary/GetProcAddressW/A for real
 * ARM DLLs (loader/libraries.ts) and emulated ones (pseudo handles whose procedures are the same trap
 * stubs the loader binds imports to), GetModuleHandleW/GetModuleFileNameW, DisableThreadLibraryCalls,
 * and resource loading from a module's .rsrc: FindResourceW, LoadResource, SizeofResource,
 * LoadStringW. (LockResource is a macro on CE: LoadResource already returns the data pointer.)
 */
import { fn, type ApiDef, type ApiResult, type CALLED, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { EmulatedDll } from '../../core/api/registry.js';
import type { LoadedModule } from '../../core/loader/loader.js';
import { Libraries, callDllMains, exitGuestThread, DLL_PROCESS_ATTACH, DLL_PROCESS_DETACH, type DllRecord } from '../../core/loader/libraries.js';
import { findString, type ResId } from '../../core/pe/resources.js';
import { ERROR } from '../../core/win32-errors.js';

const LOAD_LIBRARY_AS_DATAFILE = 0x2;
const DONT_RESOLVE_DLL_REFERENCES = 0x1;

type ModuleRef = { kind: 'real'; mod: LoadedModule; rec?: DllRecord } | { kind: 'emulated'; dll: EmulatedDll };

/** What a module handle refers to: 0 = the executable, a real image base, or an emulated DLL's pseudo handle. */
export function moduleOf(cx: ApiContext, h: number): ModuleRef | undefined {
  const m = cx.machine;
  if (h === 0) return m.main ? { kind: 'real', mod: m.main } : undefined;
  const libs = Libraries.of(m);
  const emu = libs.emulatedAt(h);
  if (emu) return { kind: 'emulated', dll: emu };
  const mod = m.modules.find((x) => x.base === h >>> 0);
  return mod ? { kind: 'real', mod, rec: libs.recordAt(h) } : undefined;
}

/** A resource ID argument: MAKEINTRESOURCE (below 0x10000) or a string (`#123` means 123). */
function resId(cx: ApiContext, p: number): ResId {
  return p >>> 0 < 0x1_0000 ? p : cx.mem.wstr(p, 260);
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}

export function loadLibrary(cx: ApiContext, namePtr: number, flags: number): Returns<'handle'> {
  if (!namePtr) return cx.fail(0, ERROR.INVALID_PARAMETER);
  return loadLibraryNamed(cx, cx.mem.wstr(namePtr, 260), flags, (h) => h);
}

/**
 * LoadLibraryExW of a name the emulator has (ole32's CoGetClassObject loads in-process servers this
 * way): `then` gets the module handle, or 0 with the last error set, after DllMain ran.
 */
export function loadLibraryNamed<R extends ApiResult>(cx: ApiContext, name: string, flags: number, then: (h: number) => R): R | typeof CALLED {
  const m = cx.machine;
  const libs = Libraries.of(m);
  const emu = m.dlls.get(baseName(name));
  if (emu) return then(libs.pseudoHandle(emu));
  if (m.main && baseName(name).toLowerCase() === m.main.name.toLowerCase()) return then(m.main.base);
  const r = libs.load(name);
  if (!r.ok) {
    m.debugOutput(`LoadLibraryW(${name}): ${r.message}`);
    return then(cx.fail(0, r.error));
  }
  if (flags & (LOAD_LIBRARY_AS_DATAFILE | DONT_RESOLVE_DLL_REFERENCES)) {
    // Mapped but not initialised: DllMain is not called (its imports are bound all the same).
    return then(r.rec.mod.base);
  }
  return callDllMains(cx, r.fresh, DLL_PROCESS_ATTACH, (ok, failed) => {
    if (ok) return then(r.rec.mod.base);
    m.debugOutput(`LoadLibraryW(${name}): DllMain of ${failed!.mod.name} returned FALSE`);
    // Undo the load: what it mapped goes away again, after DETACH for the modules that attached.
    const gone = libs.release(r.rec);
    for (const f of r.fresh) if (!gone.includes(f)) gone.push(f);
    return callDllMains(
      cx,
      gone.filter((g) => g.attached),
      DLL_PROCESS_DETACH,
      () => {
        for (const g of gone) libs.unmap(g);
        return then(cx.fail(0, ERROR.DLL_INIT_FAILED));
      },
    );
  });
}

/** FreeLibrary: drops a reference; on the last one DllMain(DLL_PROCESS_DETACH, NULL), then unmaps. */
export function freeLibrary<R extends Returns<'void'> | Returns<'bool'>>(cx: ApiContext, h: number, then: (ok: number) => R): R | typeof CALLED {
  const ref = moduleOf(cx, h);
  if (!ref || h === 0) return then(cx.fail(0, ERROR.INVALID_HANDLE));
  if (ref.kind === 'emulated' || !ref.rec) return then(1); // emulated DLLs and the EXE stay
  const libs = Libraries.of(cx.machine);
  const gone = libs.release(ref.rec);
  if (!gone.length) return then(1);
  const attached = gone.filter((g) => g.attached);
  return callDllMains(cx, attached, DLL_PROCESS_DETACH, () => {
    for (const g of gone) {
      g.attached = false;
      libs.unmap(g);
    }
    return then(1);
  });
}

export function getProcAddressOf(cx: ApiContext, h: number, what: { name?: string; ordinal?: number }): number | undefined {
  const ref = moduleOf(cx, h);
  if (!ref) return undefined;
  const libs = Libraries.of(cx.machine);
  if (ref.kind === 'emulated') return libs.emulatedProc(ref.dll, what);
  return ref.rec ? libs.exportAddress(ref.rec, what) : undefined;
}

function getProcAddress(cx: ApiContext, h: number, namePtr: number, wide: boolean): number {
  const ref = moduleOf(cx, h);
  if (!ref) return cx.fail(0, ERROR.INVALID_HANDLE);
  const what = namePtr >>> 0 < 0x1_0000 ? { ordinal: namePtr } : { name: wide ? cx.mem.wstr(namePtr, 512) : cx.mem.str(namePtr, 512) };
  const libs = Libraries.of(cx.machine);
  let addr: number | undefined;
  if (ref.kind === 'emulated') addr = libs.emulatedProc(ref.dll, what);
  else if (ref.rec) addr = libs.exportAddress(ref.rec, what);
  else if (ref.mod.pe.exports) {
    // The executable itself (it may export functions too).
    const f =
      what.name !== undefined
        ? ref.mod.pe.exports.functions.find((x) => x.names.includes(what.name!))
        : ref.mod.pe.exports.functions.find((x) => x.ordinal === what.ordinal);
    addr = f && !f.forwarder ? (ref.mod.base + f.rva) >>> 0 : undefined;
  }
  return addr ?? cx.fail(0, ERROR.PROC_NOT_FOUND);
}

function findResource(cx: ApiContext, h: number, namePtr: number, typePtr: number): number {
  const ref = moduleOf(cx, h);
  if (!ref || ref.kind !== 'real') return cx.fail(0, ref ? ERROR.RESOURCE_DATA_NOT_FOUND : ERROR.INVALID_HANDLE);
  const dir = ref.mod.resources;
  const type = resId(cx, typePtr);
  const leaf = dir.find(type, resId(cx, namePtr));
  if (!leaf) {
    const anyOfType = dir.leaves.some((l) => l.type === (typeof type === 'string' && !type.startsWith('#') ? type.toUpperCase() : type));
    return cx.fail(0, anyOfType ? ERROR.RESOURCE_NAME_NOT_FOUND : ERROR.RESOURCE_TYPE_NOT_FOUND);
  }
  return (ref.mod.base + leaf.entryRva) >>> 0;
}

/** The module and resource an HRSRC (guest address of its IMAGE_RESOURCE_DATA_ENTRY) belongs to. */
function resourceOf(cx: ApiContext, h: number, hRes: number) {
  const candidates = h ? [moduleOf(cx, h)] : cx.machine.modules.map((mod) => ({ kind: 'real' as const, mod }));
  for (const ref of candidates) {
    if (!ref || ref.kind !== 'real') continue;
    const leaf = ref.mod.resources.byEntry((hRes - ref.mod.base) >>> 0);
    if (leaf) return { mod: ref.mod, leaf };
  }
  return undefined;
}

export const modules: ApiDef[] = [
  fn('LoadLibraryW(wstr lpLibFileName): handle', (cx, name: number) => loadLibrary(cx, name, 0)),
  fn('LoadLibraryExW(wstr lpLibFileName, handle hFile, hex dwFlags): handle', (cx, name: number, _f: number, flags: number) => loadLibrary(cx, name, flags)),
  fn('FreeLibrary(handle hLibModule): bool', (cx, h: number) => freeLibrary(cx, h, (ok) => ok)),
  // The DLL's DETACH (when this was its last reference) runs first, then the thread's exit
  // notifications (exitGuestThread): a DLL can unload itself from a thread it started.
  fn('FreeLibraryAndExitThread(handle hLibModule, u32 dwExitCode): void', (cx, h: number, code: number) => freeLibrary(cx, h, () => exitGuestThread(cx, code))),
  fn('GetProcAddressW(handle hModule, wstr lpProcName): ptr', (cx, h: number, p: number) => getProcAddress(cx, h, p, true)),
  fn('GetProcAddressA(handle hModule, str lpProcName): ptr', (cx, h: number, p: number) => getProcAddress(cx, h, p, false)),
  fn('DisableThreadLibraryCalls(handle hLibModule): bool', (cx, h: number) => {
    const ref = moduleOf(cx, h);
    if (!ref) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (ref.kind === 'real' && ref.rec) ref.rec.noThreadCalls = true;
    return 1;
  }),

  fn('GetModuleHandleW(wstr lpModuleName): handle', (cx, name: number) => {
    const m = cx.machine;
    if (name === 0) return m.main!.base;
    const want = baseName(cx.mem.wstr(name, 260)).toLowerCase();
    for (const mod of m.modules) {
      const n = mod.name.toLowerCase();
      if (n === want || n === `${want}.dll` || n.replace(/\.(dll|exe)$/, '') === want) return mod.base;
    }
    const emu = m.dlls.get(want);
    if (emu) return Libraries.of(m).pseudoHandle(emu);
    return cx.fail(0, ERROR.MOD_NOT_FOUND);
  }),
  fn('GetModuleFileNameW(handle hModule, ptr lpFilename, u32 nSize): u32', (cx, h: number, buf: number, size: number) => {
    const ref = moduleOf(cx, h);
    if (!ref) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (size === 0) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    const path = ref.kind === 'real' ? ref.mod.devicePath : `\\Windows\\${ref.dll.spec.name.toLowerCase()}`;
    const n = Math.min(path.length, size - 1);
    cx.mem.writeWstr(buf, path.slice(0, n));
    return n;
  }),

  fn('FindResourceW(handle hModule, ptr lpName, ptr lpType): handle', (cx, h: number, n: number, t: number) => findResource(cx, h, n, t)),
  fn('FindResource(handle hModule, ptr lpName, ptr lpType): handle', (cx, h: number, n: number, t: number) => findResource(cx, h, n, t)),
  fn('LoadResource(handle hModule, handle hResInfo): ptr', (cx, h: number, hRes: number) => {
    const r = resourceOf(cx, h, hRes);
    return r ? (r.mod.base + r.leaf.dataRva) >>> 0 : cx.fail(0, ERROR.INVALID_HANDLE);
  }),
  fn('SizeofResource(handle hModule, handle hResInfo): u32', (cx, h: number, hRes: number) => {
    const r = resourceOf(cx, h, hRes);
    return r ? r.leaf.size : cx.fail(0, ERROR.INVALID_HANDLE);
  }),
  fn('LoadStringW(handle hInstance, u32 uID, ptr lpBuffer, i32 cchBufferMax): i32', (cx, h: number, id: number, buf: number, max: number) => {
    const ref = moduleOf(cx, h);
    if (!ref || ref.kind !== 'real') return cx.fail(0, ERROR.INVALID_HANDLE);
    const mod = ref.mod;
    const s = findString(mod.resources, cx.mem.ram.subarray(mod.base, mod.base + mod.size), id & 0xffff);
    if (!s) {
      if (buf && max > 0) cx.mem.setU16(buf, 0);
      return cx.fail(0, ERROR.RESOURCE_NAME_NOT_FOUND);
    }
    const addr = (mod.base + s.rva) >>> 0;
    // CE: lpBuffer NULL returns a read-only pointer to the string itself (not NUL-terminated; its
    // length is the WORD before it); desktop style cchBufferMax 0 stores that pointer in *lpBuffer.
    if (!buf) return addr;
    if (max === 0) {
      cx.mem.setU32(buf, addr);
      return s.length;
    }
    if (max < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const n = Math.min(s.length, max - 1);
    cx.mem.check(buf, 2 * (n + 1), 'write');
    cx.mem.copyWithin(buf, addr, 2 * n);
    cx.mem.setU16(buf + 2 * n, 0);
    return n;
  }),
];
