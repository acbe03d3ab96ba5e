/**
 * Static import resolution, as the loader would bind them, without starting a machine: for every
 * import of a PE image, whether wmemu implements it (an emulated DLL declares it, or a real ARM DLL
 * on the search path exports it), implements it as a documented stub, lacks it (calling it stops the
 * run with "unimplemented import", exit code 120), or whether its DLL is not found at all.
 *
 * DLLs are looked for where the loader (emulator/loader/libraries.ts) looks: the --dll-path folders,
 * then `<root>/Windows`, then the executable's own folder. Emulated DLLs (coredll, ws2, winsock,
 * iphlpapi) win over real files of the same name, as in the loader. Ordinal imports are named from
 * the reference export tables; an ordinal those lack is named from the device's own coredll.dll when
 * the search path holds one (a CE 6/7 device's table is newer than the CE 5 reference table).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parsePe, PeFormatError, type PeImage, type PeImportDll } from '../../core/pe/pe-file.js';
import { normalizeDllName, ordinalName } from '../../core/pe/ordinals.js';
import { declaredDlls } from '../coverage.js';
import type { DllRegistry, EmulatedDll } from '../../core/api/registry.js';
import type { ImportMarks } from '../../core/pe/describe.js';

export type ImportState = 'implemented' | 'stub' | 'missing' | 'dll-not-found';

export interface ImportStatus {
  /** The imported name, or the known name of an imported ordinal. */
  name?: string;
  ordinal?: number;
  /** `Foo`, or `#3026` for an ordinal nobody names. */
  label: string;
  state: ImportState;
  /** Stub note, or why it is missing ("not exported by foo.dll", "forwarded to COREDLL.dll!Bar"). */
  note?: string;
}

export interface DllImports {
  /** The DLL name as the image spells it (an emulated DLL's canonical spelling: `COREDLL.dll`). */
  dll: string;
  /** 'emulated': wmemu implements the DLL; 'real': an ARM DLL file found on the search path. */
  kind: 'emulated' | 'real' | 'not-found';
  /** Host path of the real DLL file. */
  path?: string;
  /** Delay-load import (bound at the first call by the image's own helper, not by the loader). */
  delay: boolean;
  entries: ImportStatus[];
}

export interface ResolverOptions {
  /** Device root: `<root>/Windows` is searched for DLLs. */
  root?: string;
  /** Host folders searched first (--dll-path). */
  dllPath?: string[];
}

/** A real DLL file and what loading it would bring. */
export interface RealDll {
  key: string;
  path: string;
  pe?: PeImage;
  /** Why the file cannot be loaded (not a PE, not ARM, an executable). */
  error?: string;
}

/** `foo` -> `foo.dll`; a path keeps only its last component. */
function fileNameOf(name: string, ext = '.dll'): string {
  const base = name.replace(/^.*[\\/]/, '');
  return /\.[^.]*$/.test(base) ? base : base + ext;
}

export class ImportResolver {
  readonly emulated: DllRegistry;
  private readonly dirCache = new Map<string, Map<string, string> | undefined>();
  private readonly realCache = new Map<string, RealDll>();
  private readonly coredllCache = new Map<string, { names: Map<number, string>; ordinals: Set<number>; version: string } | null>();

  constructor(
    readonly options: ResolverOptions = {},
    emulated?: DllRegistry,
  ) {
    this.emulated = emulated ?? declaredDlls();
  }

  /** Folders searched for `exeDir`'s program, in the loader's order. */
  searchPath(exeDir?: string): string[] {
    const dirs = [...(this.options.dllPath ?? [])];
    if (this.options.root) {
      const win = this.findIn(this.options.root, 'windows');
      dirs.push(win ?? join(this.options.root, 'Windows'));
    }
    if (exeDir) dirs.push(exeDir);
    return dirs;
  }

  /** Case-insensitive lookup of a file name in a host folder (listings cached). */
  private findIn(dir: string, lowerName: string): string | undefined {
    let listing = this.dirCache.get(dir);
    if (!this.dirCache.has(dir)) {
      try {
        listing = new Map(readdirSync(dir).map((e) => [e.toLowerCase(), e] as const));
      } catch {
        listing = undefined;
      }
      this.dirCache.set(dir, listing);
    }
    const hit = listing?.get(lowerName);
    return hit === undefined ? undefined : join(dir, hit);
  }

  /** The host file a DLL name resolves to, as the loader finds it; undefined when not found. */
  findFile(name: string, exeDir?: string): string | undefined {
    const want = fileNameOf(name).toLowerCase();
    for (const dir of this.searchPath(exeDir)) {
      const p = this.findIn(dir, want);
      if (p) {
        try {
          if (statSync(p).isFile()) return p;
        } catch {
          /* vanished */
        }
      }
    }
    return undefined;
  }

  emulatedDll(name: string): EmulatedDll | undefined {
    return this.emulated.get(name);
  }

  /** A real DLL file, parsed once. */
  real(path: string): RealDll {
    let r = this.realCache.get(path);
    if (r) return r;
    const key = normalizeDllName(path.replace(/^.*[\\/]/, ''));
    try {
      const pe = parsePe(readFileSync(path), path.replace(/^.*[\\/]/, ''));
      r = pe.isDll ? { key, path, pe } : { key, path, pe, error: 'is an executable, not a DLL' };
    } catch (e) {
      r = { key, path, error: e instanceof PeFormatError ? e.message : (e as Error).message };
    }
    this.realCache.set(path, r);
    return r;
  }

  /**
   * The device's own coredll.dll (on the DLL search path): its exports' names by ordinal, every
   * exported ordinal, and its version (PE subsystem version); undefined when there is none.
   */
  deviceCoredll(exeDir?: string): { names: Map<number, string>; ordinals: Set<number>; version: string } | undefined {
    const p = this.findFile('coredll.dll', exeDir);
    if (!p) return undefined;
    let c = this.coredllCache.get(p);
    if (c === undefined) {
      c = null;
      const pe = this.real(p).pe;
      if (pe?.exports) {
        const names = new Map<number, string>();
        for (const f of pe.exports.functions) if (f.names[0] !== undefined) names.set(f.ordinal, f.names[0]);
        const v = pe.subsystemVersion;
        c = { names, ordinals: new Set(pe.exports.functions.map((f) => f.ordinal)), version: `${v.major}.${v.minor}` };
      }
      this.coredllCache.set(p, c);
    }
    return c ?? undefined;
  }

  /** The name of an ordinal of an emulated DLL: reference table, else the device's own coredll.dll. */
  nameOfOrdinal(dll: string, ordinal: number, exeDir?: string): string | undefined {
    const e = this.emulated.get(dll);
    const known = e?.nameOf(ordinal) ?? ordinalName(dll, ordinal);
    if (known !== undefined) return known;
    if (normalizeDllName(dll) === 'coredll') return this.deviceCoredll(exeDir)?.names.get(ordinal);
    return undefined;
  }

  /** Every import of an image (delay-load imports last), each with its state. */
  imports(pe: PeImage, exeDir?: string): DllImports[] {
    const out: DllImports[] = [];
    for (const [list, delay] of [
      [pe.imports, false],
      [pe.delayImports, true],
    ] as const) {
      for (const imp of list) out.push(this.dllImports(imp, delay, exeDir));
    }
    return out;
  }

  private dllImports(imp: PeImportDll, delay: boolean, exeDir?: string): DllImports {
    const emulated = this.emulated.get(imp.dll);
    if (emulated) {
      return { dll: emulated.spec.name, kind: 'emulated', delay, entries: imp.entries.map((e) => this.emulatedEntry(emulated, imp.dll, e, exeDir)) };
    }
    const path = this.findFile(imp.dll, exeDir);
    if (!path) {
      return {
        dll: imp.dll,
        kind: 'not-found',
        delay,
        entries: imp.entries.map((e) => ({ ...this.naming(imp.dll, e, exeDir), state: 'dll-not-found' as const })),
      };
    }
    const rec = this.real(path);
    return {
      dll: imp.dll,
      kind: 'real',
      path,
      delay,
      entries: imp.entries.map((e) => this.realEntry(rec, imp.dll, e, exeDir)),
    };
  }

  private naming(dll: string, e: { name?: string; ordinal?: number }, exeDir?: string): { name?: string; ordinal?: number; label: string } {
    if (e.name !== undefined) return { name: e.name, label: e.name };
    const name = this.nameOfOrdinal(dll, e.ordinal!, exeDir);
    return { ...(name !== undefined && { name }), ordinal: e.ordinal, label: name ?? `#${e.ordinal}` };
  }

  private emulatedEntry(dll: EmulatedDll, dllName: string, e: { name?: string; ordinal?: number }, exeDir?: string): ImportStatus {
    const decl = e.name !== undefined ? dll.byName.get(e.name) : dll.byOrdinal.get(e.ordinal!);
    const base = this.naming(dllName, e, exeDir);
    const ordinal = e.ordinal ?? decl?.ordinal;
    const named = { ...base, ...(ordinal !== undefined && { ordinal }) };
    if (!decl) return { ...named, state: 'missing' };
    if (decl.options.stub) return { ...named, state: 'stub', note: decl.options.stub };
    return { ...named, state: 'implemented' };
  }

  /** An import of a real DLL: exported (following forwarders into emulated or other real DLLs) or not. */
  private realEntry(rec: RealDll, dllName: string, e: { name?: string; ordinal?: number }, exeDir?: string, depth = 0): ImportStatus {
    const naming = this.naming(dllName, e, exeDir);
    const fileName = rec.path.replace(/^.*[\\/]/, '');
    if (!rec.pe) return { ...naming, state: 'missing', note: `${fileName} cannot be loaded: ${rec.error}` };
    const f =
      e.name !== undefined ? rec.pe.exports?.functions.find((x) => x.names.includes(e.name!)) : rec.pe.exports?.functions.find((x) => x.ordinal === e.ordinal);
    if (!f) return { ...naming, state: 'missing', note: `not exported by ${fileName}` };
    if (f.forwarder === undefined)
      return { ...naming, ...(naming.name === undefined && f.names[0] !== undefined && { name: f.names[0], label: f.names[0] }), state: 'implemented' };
    const dot = f.forwarder.lastIndexOf('.');
    const target = f.forwarder.slice(0, dot);
    const sym = f.forwarder.slice(dot + 1);
    const fwd = /^#\d+$/.test(sym) ? { ordinal: Number(sym.slice(1)) } : { name: sym };
    const emulated = this.emulated.get(target);
    let st: ImportStatus;
    if (emulated) st = this.emulatedEntry(emulated, target, fwd, exeDir);
    else {
      const p = depth < 8 ? this.findFile(target, exeDir) : undefined;
      st = p ? this.realEntry(this.real(p), target, fwd, exeDir, depth + 1) : { ...this.naming(target, fwd, exeDir), state: 'dll-not-found' };
    }
    if (st.state === 'implemented' || st.state === 'stub') return { ...naming, state: st.state, ...(st.note && { note: st.note }) };
    return {
      ...naming,
      state: st.state === 'dll-not-found' ? 'missing' : st.state,
      note: `forwarded to ${emulated?.spec.name ?? target}!${st.label}${st.state === 'dll-not-found' ? ' (DLL not found)' : ''}`,
    };
  }
}

/** `[implemented]`, `[stub: ...]`, `[missing]`, `[DLL not found]`: the mark `wmemu info` prints after an import. */
export function importMark(s: ImportStatus): string {
  switch (s.state) {
    case 'implemented':
      return 'implemented';
    case 'stub':
      return `stub: ${s.note}`;
    case 'missing':
      return s.note ? `missing (${s.note})` : 'missing';
    case 'dll-not-found':
      return 'DLL not found';
  }
}

/** The marks `wmemu info` prints after each import of `pe`, and the heading's counts. */
export function infoMarks(r: ImportResolver, pe: PeImage, exeDir?: string): ImportMarks {
  const all = r.imports(pe, exeDir);
  const direct = all.filter((d) => !d.delay);
  const delayed = all.filter((d) => d.delay);
  const count = (st: ImportState) => direct.reduce((n, d) => n + d.entries.filter((e) => e.state === st).length, 0);
  const parts = [`${count('implemented')} implemented`];
  if (count('stub')) parts.push(`${count('stub')} stubs`);
  parts.push(`${count('missing')} missing`);
  if (count('dll-not-found')) parts.push(`${count('dll-not-found')} in DLLs not found`);
  return {
    summary: parts.join(', '),
    mark(i, j, delay) {
      const d = (delay ? delayed : direct)[i];
      const e = d?.entries[j];
      if (!d || !e) return undefined;
      return { mark: importMark(e), ...(e.name !== undefined && { name: e.name }) };
    },
    dll(i, delay) {
      const d = (delay ? delayed : direct)[i];
      if (!d) return undefined;
      return d.kind === 'emulated' ? 'emulated by wmemu' : d.kind === 'real' ? `ARM DLL ${d.path}` : `DLL not found in ${r.searchPath(exeDir).join(', ')}`;
    },
  };
}

/** Host folder of an executable (the loader's last DLL search folder). */
export function exeDirOf(path: string): string {
  return dirname(path);
}
