/**
 * DLLs of a process: real ARM DLLs loaded from the device's `\Windows` folder (or the DLL search
 * path), with reference counts, dependencies and forwarders, and pseudo module handles for the
 * emulated DLLs (COREDLL, WS2, WINSOCK, IPHLPAPI), whose "exports" are the dispatcher's trap stubs.
 *
 * Where DLL files are looked for, in order:
 *   1. MachineOptions.dllSearchPath (host folders),
 *   2. `<deviceRoot>/Windows` when a device root is configured,
 *   3. the host folder of the executable (so a ROM next to its DLLs just works).
 *
 * Loading maps the image with the ordinary loader; its imports of other real DLLs load those first
 * (each importer holds one reference). DllMain calls are not made here: load() reports the newly
 * loaded modules in dependency order and the caller runs their DllMain through cx.callGuest
 * (callDllMains below), which is how LoadLibraryW and the process start-up both do it.
 *
 * Lifecycle: the process start-up trap attaches the imported DLLs (lpReserved non-NULL) before the
 * entry point; ThreadStartup delivers DLL_THREAD_ATTACH before a thread's routine; every thread end
 * that is not a kill (the routine returns to the thread-exit trap, ExitThread, FreeLibraryAndExitThread)
 * goes through exitGuestThread (DLL_THREAD_DETACH), and the primary thread's end or
 * TerminateProcess(GetCurrentProcess()) through exitGuestProcess (DLL_PROCESS_DETACH, last
 * initialised first, lpReserved non-NULL). TerminateThread and the crash paths run no DllMain.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dataExportAddress, isDataExport } from '../api/data-exports.js';
import { join } from 'node:path';
import type { Machine } from '../machine.js';
import { EXIT_CODES } from '../run-result.js';
import type { ApiContext } from '../api/context.js';
import { fn, type ApiDecl, type ApiResult, type CALLED, type Returns } from '../api/declare.js';
import type { EmulatedDll } from '../api/registry.js';
import { normalizeDllName } from '../pe/ordinals.js';
import { LoadError, loadImage, type LoadedModule } from './loader.js';
import { PeFormatError, type PeImage } from '../pe/pe-file.js';
import { deviceFsIfAny, deviceFsOf } from '../fs/device-fs.js';
import { defineSlot } from '../slot.js';
import { ERROR } from '../win32-errors.js';

export const DLL_PROCESS_DETACH = 0;
export const DLL_PROCESS_ATTACH = 1;
export const DLL_THREAD_ATTACH = 2;
export const DLL_THREAD_DETACH = 3;

/** Pseudo module handles of emulated DLLs: outside user memory, 64 KiB apart, never mapped. */
export const PSEUDO_MODULE_BASE = 0x7e00_0000;
const PSEUDO_MODULE_STEP = 0x1_0000;

export interface DllRecord {
  key: string;
  mod: LoadedModule;
  refs: number;
  /** Real DLLs this one holds a reference on (its imports and forwarder targets). */
  deps: DllRecord[];
  /** DllMain(PROCESS_ATTACH) has run and succeeded. */
  attached: boolean;
  /** DisableThreadLibraryCalls was called: no DLL_THREAD_ATTACH/DETACH for this DLL. */
  noThreadCalls: boolean;
  /** When DllMain(PROCESS_ATTACH) succeeded (1, 2, ... in order; 0 = not attached yet): process exit detaches in reverse. */
  initOrder: number;
}

export type LoadOutcome = { ok: true; rec: DllRecord; fresh: DllRecord[] } | { ok: false; error: number; message: string };

export class Libraries {
  private readonly byKey = new Map<string, DllRecord>();
  private readonly loading = new Set<string>();
  private readonly pseudo: EmulatedDll[] = [];
  /** Host folder of the executable (default DLL search folder). */
  exeHostDir: string | undefined;
  /** DLLs the executable imports (one reference each). */
  readonly exeDeps: DllRecord[] = [];
  /** Imported DLLs that were not found (their imports are bound to unimplemented traps). */
  readonly missing = new Set<string>();
  /** DLLs mapped whose imports are being bound (loadInner): the target of an import cycle. */
  private readonly inProgress = new Map<string, { base: number; pe: PeImage }>();
  /** Loaded at start-up, DllMain not run yet (the process start-up trap runs them). */
  readonly pendingAttach: DllRecord[] = [];
  /** Counter behind DllRecord.initOrder. */
  private inits = 0;
  /** Threads running their exit notifications (a second ExitThread inside DllMain ends them at once). */
  readonly exitingThreads = new WeakSet<object>();
  /** Exit code of a process exit whose DLL_PROCESS_DETACH calls are running. */
  processExitCode: number | undefined;

  constructor(private readonly m: Machine) {}

  /** Attached real DLLs that want DLL_THREAD_ATTACH/DETACH, in load order. */
  threadNotified(): DllRecord[] {
    return [...this.byKey.values()].filter((r) => r.attached && r.mod.entry && !r.noThreadCalls);
  }

  static of(m: Machine): Libraries {
    return librariesSlot.of(m);
  }

  // ------------------------------------------------------------------ emulated DLLs
  /** The pseudo module handle of an emulated DLL. */
  pseudoHandle(dll: EmulatedDll): number {
    let i = this.pseudo.indexOf(dll);
    if (i < 0) i = this.pseudo.push(dll) - 1;
    return PSEUDO_MODULE_BASE + i * PSEUDO_MODULE_STEP;
  }
  emulatedAt(h: number): EmulatedDll | undefined {
    h >>>= 0;
    if (h < PSEUDO_MODULE_BASE || (h - PSEUDO_MODULE_BASE) % PSEUDO_MODULE_STEP) return undefined;
    return this.pseudo[(h - PSEUDO_MODULE_BASE) / PSEUDO_MODULE_STEP];
  }
  /** Trap stub of an emulated export (by name or ordinal); undefined when the DLL has no such export. */
  emulatedProc(dll: EmulatedDll, what: { name?: string; ordinal?: number }): number | undefined {
    const decl = what.name !== undefined ? dll.byName.get(what.name) : dll.byOrdinal.get(what.ordinal!);
    if (isDataExport(decl)) return dataExportAddress(this.m, decl); // a variable: its address
    if (decl) return this.m.dispatcher.trapFor({ dll: dll.spec.name, name: decl.name, ordinal: decl.ordinal, decl });
    // An export of the real DLL that is not implemented still gets a stub (it stops the run with its
    // name when called, like an unimplemented import); a name the DLL never had gets nothing.
    if (!dll.spec.exportTable) return undefined;
    const name = what.name ?? dll.nameOf(what.ordinal!);
    const ordinal = what.ordinal ?? dll.ordinalOf(what.name!);
    if (name === undefined || ordinal === undefined) return undefined;
    return this.m.dispatcher.trapFor({ dll: dll.spec.name, name, ordinal });
  }

  // ------------------------------------------------------------------ real DLLs
  /** Host folders searched for DLL files, in order. */
  searchPath(): string[] {
    const o = this.m.options;
    const dirs = [...(o.dllSearchPath ?? [])];
    // The device's \Windows: the device file system when it exists already, else the configured root.
    const root = deviceFsIfAny(this.m)?.root ?? (o.deviceRoot ? deviceFsOf(this.m).root : undefined);
    if (root) dirs.push(join(root, 'Windows'));
    if (this.exeHostDir) dirs.push(this.exeHostDir);
    return dirs;
  }

  /**
   * Finds `name` (case-insensitive; `ext` appended when there is no extension) on the search path.
   */
  findFile(name: string, ext = '.dll'): string | undefined {
    let base = name.replace(/^.*[\\/]/, '');
    if (!/\.[^.]*$/.test(base)) base += ext;
    const want = base.toLowerCase();
    for (const dir of this.searchPath()) {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        continue;
      }
      const hit = entries.find((e) => e.toLowerCase() === want);
      if (hit && statSync(join(dir, hit)).isFile()) return join(dir, hit);
    }
    return undefined;
  }

  /**
   * Reads an image found by findFile: one in the device's folders through the device file system
   * (checked under the root at the moment of use: a planted link leading outside is refused, EACCES),
   * one in a host folder the user named (--dll-path, the executable's folder) directly.
   */
  readImage(path: string): Buffer {
    if (deviceFsIfAny(this.m) || this.m.options.deviceRoot) {
      const fs = deviceFsOf(this.m);
      if (fs.contains(path)) return fs.readFile(path);
    }
    return readFileSync(path);
  }

  recordAt(h: number): DllRecord | undefined {
    for (const r of this.byKey.values()) if (r.mod.base === h >>> 0) return r;
    return undefined;
  }
  loaded(name: string): DllRecord | undefined {
    return this.byKey.get(normalizeDllName(name.replace(/^.*[\\/]/, '')));
  }

  /**
   * Loads a real DLL (or adds a reference to a loaded one). `fresh` lists the modules mapped by this
   * call, dependencies first: their DllMain must run (callDllMains) before the DLL is used.
   */
  load(name: string): LoadOutcome {
    const fresh: DllRecord[] = [];
    try {
      const rec = this.loadInner(name, fresh);
      if (!rec) return { ok: false, error: ERROR.MOD_NOT_FOUND, message: `${name}: not found on the DLL search path` };
      return { ok: true, rec, fresh };
    } catch (e) {
      for (const r of fresh.reverse()) this.unmap(r);
      if (e instanceof PeFormatError) return { ok: false, error: ERROR.BAD_EXE_FORMAT, message: e.message };
      if (e instanceof LoadError) return { ok: false, error: ERROR.BAD_EXE_FORMAT, message: e.message };
      // The image could not be read (a link leading outside the device root, a FIFO, gone): CE's
      // loader fails the call; ERROR_ACCESS_DENIED as for any file the guest may not open.
      const code = (e as NodeJS.ErrnoException)?.code;
      if (typeof code === 'string') return { ok: false, error: code === 'ENOENT' ? ERROR.MOD_NOT_FOUND : 5, message: `${name}: ${code}` };
      throw e;
    }
  }

  private loadInner(name: string, fresh: DllRecord[]): DllRecord | undefined {
    const key = normalizeDllName(name.replace(/^.*[\\/]/, ''));
    const known = this.byKey.get(key);
    if (known) {
      known.refs++;
      return known;
    }
    if (this.loading.has(key)) throw new LoadError(`${name}: circular DLL import through a forwarder`);
    const path = this.findFile(name);
    if (!path) return undefined;
    const bytes = this.readImage(path);
    const fileName = path.replace(/^.*[\\/]/, '');
    this.loading.add(key);
    const deps: DllRecord[] = [];
    let mod: LoadedModule;
    try {
      mod = loadImage(
        this.m,
        bytes,
        fileName,
        `\\Windows\\${fileName}`,
        false,
        (dll) => this.importResolver(dll, deps, fresh),
        (base, pe) => this.inProgress.set(key, { base, pe }),
      );
    } finally {
      this.loading.delete(key);
      this.inProgress.delete(key);
    }
    const rec: DllRecord = { key, mod, refs: 1, deps, attached: false, noThreadCalls: false, initOrder: 0 };
    this.byKey.set(key, rec);
    fresh.push(rec);
    return rec;
  }

  /** The import resolver handed to the loader: loads the real DLL and resolves exports from it. */
  importResolver(dll: string, deps: DllRecord[], fresh: DllRecord[]): ((e: { name?: string; ordinal?: number }) => number | undefined) | undefined {
    // A DLL import cycle (A imports B, B imports A): as the CE loader does, B binds against A's
    // export table while A is still being loaded (A is mapped already; its DllMain runs after B's).
    // The back edge holds no reference, so unloading stays a tree walk.
    const cycle = this.inProgress.get(normalizeDllName(dll.replace(/^.*[\\/]/, '')));
    if (cycle) {
      const partial = { mod: { base: cycle.base, pe: cycle.pe } } as DllRecord;
      return (e) => this.exportAddress(partial, e, [], fresh);
    }
    const rec = this.loadInner(dll, fresh);
    if (!rec) {
      // Not an error yet: its imports become traps that stop the run with their name when called.
      this.missing.add(dll);
      return undefined;
    }
    deps.push(rec);
    return (e) => this.exportAddress(rec, e, deps, fresh);
  }

  /**
   * Address of an export of a real DLL by name or ordinal, following forwarders (`COREDLL.memcpy`,
   * `OTHER.#12`); a forwarder into another real DLL loads it and records the reference in `deps`.
   */
  exportAddress(
    rec: DllRecord,
    what: { name?: string; ordinal?: number },
    deps: DllRecord[] = rec.deps,
    fresh: DllRecord[] = [],
    depth = 0,
  ): number | undefined {
    const exp = rec.mod.pe.exports;
    if (!exp || depth > 8) return undefined;
    const f = what.name !== undefined ? exp.functions.find((x) => x.names.includes(what.name!)) : exp.functions.find((x) => x.ordinal === what.ordinal);
    if (!f) return undefined;
    if (!f.forwarder) return (rec.mod.base + f.rva) >>> 0;
    const dot = f.forwarder.lastIndexOf('.');
    const target = f.forwarder.slice(0, dot);
    const sym = f.forwarder.slice(dot + 1);
    const fwd = /^#\d+$/.test(sym) ? { ordinal: Number(sym.slice(1)) } : { name: sym };
    const emulated = this.m.dlls.get(target);
    if (emulated) return this.emulatedProc(emulated, fwd);
    const other = this.loadInner(target, fresh); // loads it, or adds a reference
    if (!other) return undefined;
    if (deps.includes(other) || other === rec)
      other.refs--; // already held by this importer
    else deps.push(other);
    return this.exportAddress(other, fwd, other.deps, fresh, depth + 1);
  }

  /**
   * Drops one reference; returns the modules whose last reference went away, in the order their
   * DllMain(PROCESS_DETACH) must run (the DLL first, then what it imported). Call unmap() for each
   * after DETACH.
   */
  release(rec: DllRecord, out: DllRecord[] = []): DllRecord[] {
    if (--rec.refs > 0) return out;
    this.byKey.delete(rec.key);
    out.push(rec);
    for (const d of rec.deps) this.release(d, out);
    return out;
  }

  /** Removes a module from the address space and the module list. */
  unmap(rec: DllRecord): void {
    this.byKey.delete(rec.key);
    const i = this.m.modules.indexOf(rec.mod);
    if (i >= 0) this.m.modules.splice(i, 1);
    this.m.space.release(rec.mod.base);
  }

  all(): DllRecord[] {
    return [...this.byKey.values()];
  }

  /** Marks a DLL attached (its DllMain(PROCESS_ATTACH) succeeded, or it has no entry point). */
  markAttached(rec: DllRecord): void {
    rec.attached = true;
    rec.initOrder = ++this.inits;
  }

  /** Attached DLLs with an entry point, last initialised first: the DLL_PROCESS_DETACH order at process exit. */
  detachOrder(): DllRecord[] {
    return this.all()
      .filter((r) => r.attached && r.mod.entry)
      .sort((a, b) => b.initOrder - a.initOrder);
  }
}
const librariesSlot = defineSlot('libraries', (m) => new Libraries(m));

/**
 * Calls DllMain(hinst, reason, reserved) of each module in order (skipping images without an entry
 * point), then `then(ok)`; a DllMain returning FALSE for PROCESS_ATTACH stops the sequence with
 * then(false, failedRecord). Must be called from an API handler (it uses cx.callGuest).
 * `reserved` is lpvReserved: non-NULL for the attach of DLLs the executable imports (static loads)
 * and for the detach at process exit, NULL for LoadLibraryW and FreeLibrary (CE's DllMain contract).
 */
export function callDllMains<R extends ApiResult>(
  cx: ApiContext,
  recs: DllRecord[],
  reason: number,
  then: (ok: boolean, failed?: DllRecord) => R,
  reserved = 0,
): R | typeof CALLED {
  const libs = Libraries.of(cx.machine);
  const step = (i: number): R | typeof CALLED => {
    // A DLL another DllMain freed on the way (FreeLibrary in DLL_PROCESS_DETACH: hrts_dll.dll drops
    // pegcards.dll when freecell.exe exits) has had its DLL_PROCESS_DETACH and is unmapped: skipped.
    while (i < recs.length && (!recs[i]!.mod.entry || (reason === DLL_PROCESS_DETACH && !recs[i]!.attached))) {
      if (reason === DLL_PROCESS_ATTACH) libs.markAttached(recs[i]!);
      i++;
    }
    if (i >= recs.length) return then(true);
    const rec = recs[i]!;
    return cx.callGuest(rec.mod.entry, [rec.mod.base, reason, reserved], (r0) => {
      if (reason === DLL_PROCESS_ATTACH) {
        if (!r0) return then(false, rec);
        libs.markAttached(rec);
      }
      return step(i + 1);
    });
  };
  return step(0);
}

/** Lets non-zero lpvReserved values stand for "static load" / "process exit" (any non-NULL value does). */
export const RESERVED_NON_NULL = 1;

const threadExitDecl: ApiDecl = { ...fn('ThreadReturn(u32 dwExitCode): void', () => undefined), dll: 'wmemu' };

/** The internal trap a thread routine (or the entry point) returns to: R0 is the exit code. */
export function onThreadReturn(cx: ApiContext): void {
  cx.decl = threadExitDecl;
  exitGuestThread(cx, cx.regs[0]!);
}

/**
 * The calling guest thread ends (its routine returned to the thread-exit trap, or it called
 * ExitThread). The primary thread's end is the process's end (exitGuestProcess). Another thread
 * first delivers DllMain(DLL_THREAD_DETACH) to the DLLs that want thread notifications, last loaded
 * first, as guest code on the exiting thread. Must be called from a trap handler (cx.callGuest).
 */
export function exitGuestThread(cx: ApiContext, code: number): Returns<'void'> {
  const m = cx.machine;
  const t = cx.thread;
  if (t.isMain) return exitGuestProcess(cx, code);
  const libs = Libraries.of(m);
  const list = libs.exitingThreads.has(t) ? [] : libs.threadNotified().reverse();
  if (!list.length) {
    m.exitThread(t, code);
    return undefined;
  }
  libs.exitingThreads.add(t); // ExitThread inside one of these DllMains ends the thread at once
  return callDllMains(cx, list, DLL_THREAD_DETACH, () => {
    m.exitThread(t, code);
    return undefined;
  });
}

/**
 * The process ends normally: its primary thread returned or called ExitThread, or some thread called
 * TerminateProcess(GetCurrentProcess()) - CE has no ExitProcess export; its SDK defines ExitProcess
 * and the CRT's exit() as exactly that call, and CE 5's TerminateProcess notifies attached DLLs.
 * Every other thread ends first (without DLL_THREAD_DETACH), then each attached DLL gets
 * DllMain(hinst, DLL_PROCESS_DETACH, non-NULL) on the calling thread, last initialised first, and
 * then the run ends with `code`. A DllMain that crashes or hangs there meets the usual crash report,
 * deadlock verdict or time limit. A nested exit (ExitThread or TerminateProcess inside one of these
 * DllMains) ends the process at once with the first exit code.
 */
export function exitGuestProcess(cx: ApiContext, code: number): Returns<'void'> {
  const m = cx.machine;
  if (m.finished) return undefined;
  const libs = Libraries.of(m);
  if (libs.processExitCode !== undefined) {
    m.exitProcess(libs.processExitCode);
    return undefined;
  }
  const list = libs.detachOrder();
  if (!list.length) {
    m.exitProcess(code);
    return undefined;
  }
  libs.processExitCode = code;
  m.scheduler.exitOthers(cx.thread, code);
  return callDllMains(
    cx,
    list,
    DLL_PROCESS_DETACH,
    () => {
      for (const r of list) r.attached = false;
      m.exitProcess(code);
      return undefined;
    },
    RESERVED_NON_NULL,
  );
}

/** The trap a thread terminated from outside restarts in (ProcessTerminate; one per machine, made on first use). */
const terminateTrap = defineSlot('process-terminate-trap', (m) => {
  const decl: ApiDecl = { ...fn('ProcessTerminate(u32 uExitCode): void', () => undefined), dll: 'wmemu' };
  return m.dispatcher.trapFor({
    dll: 'wmemu',
    name: 'ProcessTerminate',
    internal: (cx) => {
      cx.decl = decl;
      exitGuestProcess(cx, cx.regs[0]!);
    },
  });
});

/**
 * TerminateProcess of this process from another one (the parent's handle of a child). CE 5 documents
 * that TerminateProcess notifies attached DLLs; its kernel does it by making the primary thread run the
 * process exit. The same here: the other threads end, the primary thread's wait is cancelled and the
 * thread restarts - from the top of its stack, through the scheduler's fresh-start path
 * (GuestThread.initRegs, applied outside any hook) - in an internal trap that runs exitGuestProcess:
 * DllMain(DLL_PROCESS_DETACH, non-NULL) for each attached DLL, then the run ends with `code`.
 * Returns false when there is nothing to notify (no attached DLL with an entry point, a primary
 * thread that is gone, an exit already under way): the caller then stops the machine outright.
 */
export function terminateFromOutside(m: Machine, code: number): boolean {
  const libs = Libraries.of(m);
  const t = m.mainThread;
  if (m.finished || !t || t.state === 'exited' || libs.processExitCode !== undefined || !libs.detachOrder().length) return false;
  m.scheduler.exitOthers(t, code);
  const trap = terminateTrap.of(m);
  // Whatever the thread was doing is abandoned; it restarts in the trap. ARM, user mode.
  m.scheduler.restart(t, [0x10, code >>> 0, 0, 0, 0, t.stackBase + t.stackSize - 16, 0, trap]);
  return true;
}

/** True when the host path exists (small helper for CreateProcessW lookups). */
export function hostFileExists(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

/**
 * The main thread's first instruction when the executable imports real DLLs: an internal trap that
 * runs each DllMain(PROCESS_ATTACH) (dependencies first) and then calls the entry point with the
 * WinMain arguments the thread was created with; the entry's return value ends the thread as usual.
 * Returns the entry point itself when no DLL needs initialising.
 */
export function startupEntry(m: Machine, entry: number, pending: DllRecord[]): number {
  if (!pending.some((r) => r.mod.entry)) {
    const libs = Libraries.of(m);
    for (const r of pending) libs.markAttached(r);
    return entry;
  }
  const decl: ApiDecl = { ...fn('ProcessStartup(ptr hInstance, ptr hPrevInstance, ptr lpCmdLine, i32 nShowCmd): u32', () => 0), dll: 'wmemu' };
  return m.dispatcher.trapFor({
    dll: 'wmemu',
    name: 'ProcessStartup',
    internal: (cx) => {
      cx.decl = decl;
      const args = [cx.regs[0]!, cx.regs[1]!, cx.regs[2]!, cx.regs[3]!];
      const list = pending.splice(0);
      callDllMains(
        cx,
        list,
        DLL_PROCESS_ATTACH,
        (ok, failed) => {
          if (!ok) {
            m.abort('load-error', EXIT_CODES.load, `${failed!.mod.name}: DllMain(DLL_PROCESS_ATTACH) returned FALSE; the process cannot start`);
            return 0;
          }
          return cx.callGuest(entry, args, (r0) => r0);
        },
        RESERVED_NON_NULL,
      );
    },
  });
}

/** The trap new threads start in when DLLs want DLL_THREAD_ATTACH (ThreadStartup; one per machine, made on first use). */
const threadStartupTrap = defineSlot('thread-startup-trap', (m) => {
  const decl: ApiDecl = { ...fn('ThreadStartup(ptr lpParameter): u32', () => 0), dll: 'wmemu' };
  return m.dispatcher.trapFor({
    dll: 'wmemu',
    name: 'ThreadStartup',
    internal: (cx) => {
      cx.decl = decl;
      const param = cx.regs[0]!;
      const routine = cx.thread.startRoutine!;
      const libs = Libraries.of(m);
      // The routine returns to ThreadStartup's own return address, the thread-exit trap.
      callDllMains(cx, libs.threadNotified(), DLL_THREAD_ATTACH, () => cx.callGuest(routine, [param], (code) => code));
    },
  });
});

/**
 * Start address of a new guest thread. When loaded DLLs want thread notifications, the thread starts
 * in an internal trap that runs each DllMain(DLL_THREAD_ATTACH) in the new thread, then its start
 * routine (kept in thread.startRoutine, its parameter in R0), which returns to the thread-exit trap:
 * DLL_THREAD_DETACH is delivered there (exitGuestThread), as for ExitThread.
 */
export function threadStartEntry(m: Machine, start: number): number {
  if (Libraries.of(m).threadNotified().length === 0) return start;
  return threadStartupTrap.of(m);
}
