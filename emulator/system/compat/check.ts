/**
 * `wmemu check`: a static compatibility report of a program or of every program in a folder (a
 * device file system, an application folder). Per program: the functions wmemu lacks, by DLL - its
 * own imports and, transitively, those of the real ARM DLLs it loads, since a real DLL's missing
 * import stops the run as well when it is called -, the DLLs that are not found, what stops the load
 * outright (a DLL that is not an ARM DLL), and the CE version its coredll
 * imports imply. Nothing is run.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parsePe, PeFormatError, type PeImage } from '../../core/pe/pe-file.js';
import { exportTable, normalizeDllName } from '../../core/pe/ordinals.js';
import { ImportResolver, type DllImports, type ImportStatus, type ResolverOptions } from './imports.js';

export interface MissingFunction {
  label: string;
  ordinal?: number;
  /** Why, when it is not simply absent from wmemu (not exported by a real DLL, forwarded). */
  note?: string;
  /** The binaries that import it: the program itself and/or real DLLs it loads (file names). */
  importers: string[];
}

export interface MissingByDll {
  dll: string;
  functions: MissingFunction[];
}

export interface VersionHint {
  /** Subsystem version in the PE header (what the linker was told: 5.0, 6.0, 7.0). */
  header: string;
  /** What the coredll ordinals imply: `CE 5`, `CE 6`, `newer than CE 6`, `newer than CE 5`. */
  imports: string;
  /** Coredll ordinals the CE 5 reference table does not have (at most 8 listed). */
  evidence: string[];
}

export interface ProgramCheck {
  /** Display name: the path relative to the folder checked (the file name for a single file). */
  file: string;
  path: string;
  /** 'program': a user program; 'system-image': a kernel, boot loader or OAL image (SYSTEM_IMAGE_NAMES, or no imports); 'unloadable': not an ARM PE executable. */
  kind: 'program' | 'system-image' | 'unloadable';
  error?: string;
  subsystem?: string;
  version?: VersionHint;
  /** The program's own imports. */
  imports: DllImports[];
  /** Real DLLs the load brings in (transitively, in load order) with their imports. */
  dlls: { dll: string; path: string; imports: DllImports[] }[];
  /** Functions wmemu lacks, own and transitive, by DLL. */
  missing: MissingByDll[];
  /** DLLs found nowhere on the search path, with their importers. */
  notFound: { dll: string; importers: string[] }[];
  /** Problems that make the load itself fail (exit code 123). */
  loadErrors: string[];
  /** Counts over the program's own imports. */
  counts: { functions: number; implemented: number; stub: number; missing: number; dllNotFound: number };
}

export type CheckOptions = ResolverOptions;

/**
 * The file names Platform Builder gives the kernel, boot loader and OAL images it puts in \Windows:
 * not user programs (an OAL image may import a few CRT functions from coredll, so imports alone do
 * not tell them apart).
 */
export const SYSTEM_IMAGE_NAMES = ['nk.exe', 'kern.exe', 'oal.exe', 'eboot.exe', 'boot.exe', 'bldr.exe', 'xldr.exe', 'sboot.exe'];

function versionHint(r: ImportResolver, pe: PeImage, exeDir: string): VersionHint {
  const ce5 = exportTable('coredll');
  const newer = new Set<number>();
  for (const imp of pe.imports) {
    if (normalizeDllName(imp.dll) !== 'coredll') continue;
    for (const e of imp.entries) if (e.ordinal !== undefined && !ce5?.has(e.ordinal)) newer.add(e.ordinal);
  }
  const header = `${pe.subsystemVersion.major}.${pe.subsystemVersion.minor}`;
  const list = [...newer].sort((a, b) => a - b);
  const evidence = list.slice(0, 8).map((o) => {
    const n = r.nameOfOrdinal('coredll', o, exeDir);
    return n ? `${o} ${n}` : `${o}`;
  });
  if (!list.length) return { header, imports: 'CE 5', evidence };
  const device = r.deviceCoredll(exeDir);
  if (device) {
    const v = `CE ${device.version.replace(/\.0$/, '')}`;
    return { header, imports: list.every((o) => device.ordinals.has(o)) ? v : `newer than ${v}`, evidence };
  }
  return { header, imports: 'newer than CE 5', evidence };
}

/** Checks one executable. `file` is its display name. */
export function checkProgram(path: string, r: ImportResolver, file = basename(path)): ProgramCheck {
  const empty = {
    imports: [],
    dlls: [],
    missing: [],
    notFound: [],
    loadErrors: [],
    counts: { functions: 0, implemented: 0, stub: 0, missing: 0, dllNotFound: 0 },
  };
  let pe: PeImage;
  try {
    pe = parsePe(readFileSync(path), basename(path));
  } catch (e) {
    const msg = e instanceof PeFormatError ? e.message : `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    return { file, path, kind: 'unloadable', error: msg, ...empty };
  }
  if (pe.isDll) return { file, path, kind: 'unloadable', error: `${basename(path)}: is a DLL, not an executable`, ...empty };
  const exeDir = dirname(path);
  const own = r.imports(pe, exeDir);
  const counts = { functions: 0, implemented: 0, stub: 0, missing: 0, dllNotFound: 0 };
  for (const d of own)
    for (const e of d.entries) {
      counts.functions++;
      if (e.state === 'implemented') counts.implemented++;
      else if (e.state === 'stub') counts.stub++;
      else if (e.state === 'missing') counts.missing++;
      else counts.dllNotFound++;
    }
  const base: ProgramCheck = {
    file,
    path,
    kind: (pe.imports.length === 0 && pe.delayImports.length === 0) || SYSTEM_IMAGE_NAMES.includes(basename(path).toLowerCase()) ? 'system-image' : 'program',
    subsystem: pe.subsystemName,
    version: versionHint(r, pe, exeDir),
    imports: own,
    dlls: [],
    missing: [],
    notFound: [],
    loadErrors: [],
    counts,
  };

  // The real DLLs the loader would map, depth first in import order (libraries.ts loadInner).
  const loaded = new Map<string, { dll: string; path: string; imports: DllImports[] }>();
  const loading: string[] = [];
  const visit = (dll: string, path: string, importer: string) => {
    const key = normalizeDllName(basename(path));
    if (loaded.has(key)) return;
    // A cycle (A imports B imports A) loads as on a device: B binds against A while A loads (libraries.ts).
    if (loading.includes(key)) return;
    const rec = r.real(path);
    if (!rec.pe || rec.error) {
      base.loadErrors.push(`${basename(path)} (imported by ${importer}): ${rec.error}`);
      return;
    }
    loading.push(key);
    const imports = r.imports({ ...rec.pe, delayImports: [] }, exeDir);
    for (const d of imports) if (d.kind === 'real' && d.path) visit(d.dll, d.path, basename(path));
    loading.pop();
    loaded.set(key, { dll, path, imports });
  };
  const self = basename(path);
  for (const d of own) if (d.kind === 'real' && d.path && !d.delay) visit(d.dll, d.path, self);
  base.dlls = [...loaded.values()];

  // Missing functions and DLLs not found, own first, then each loaded DLL's.
  const missing = new Map<string, Map<string, MissingFunction>>();
  const notFound = new Map<string, string[]>();
  const add = (importer: string, list: DllImports[]) => {
    for (const d of list) {
      const dll = d.dll;
      if (d.kind === 'not-found') {
        const key = dll.toLowerCase();
        const l = notFound.get(key) ?? notFound.set(key, []).get(key)!;
        if (!l.includes(importer)) l.push(importer);
        continue;
      }
      for (const e of d.entries) {
        if (e.state !== 'missing') continue;
        let m = missing.get(dll);
        if (!m) missing.set(dll, (m = new Map()));
        const f =
          m.get(e.label) ??
          m
            .set(e.label, { label: e.label, ...(e.ordinal !== undefined && { ordinal: e.ordinal }), ...(e.note && { note: e.note }), importers: [] })
            .get(e.label)!;
        if (!f.importers.includes(importer)) f.importers.push(importer);
      }
    }
  };
  add(self, own);
  for (const d of base.dlls) add(basename(d.path), d.imports);
  base.missing = [...missing].map(([dll, fns]) => ({ dll, functions: [...fns.values()] }));
  // The spelling the first importer used.
  base.notFound = [...notFound.keys()].map((k) => {
    const spelled = [own, ...base.dlls.map((d) => d.imports)].flat().find((d) => d.dll.toLowerCase() === k)?.dll ?? k;
    return { dll: spelled, importers: notFound.get(k)! };
  });
  return base;
}

/** The first function of the program's own imports that wmemu lacks (import table order), `DLL!name`. */
export function firstMissing(p: ProgramCheck): string | undefined {
  for (const d of p.imports) {
    if (d.delay) continue;
    if (d.kind === 'not-found') return `${d.dll} (DLL not found)`;
    const e = d.entries.find((x) => x.state === 'missing');
    if (e) return `${d.dll}!${e.label}`;
  }
  return undefined;
}

/** Every file under a folder (recursively), sorted, with paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

const EXE = /\.exe$/i;
const LIBRARY = /\.(dll|cpl|ocx)$/i;

export interface FolderCheck {
  folder: string;
  root?: string;
  dllPath: string[];
  programs: ProgramCheck[];
  /** Static counts over every binary of the folder (EXEs and DLLs). */
  binaries: BinaryCounts;
}

export interface ImportUse {
  dll: string;
  label: string;
  ordinal?: number;
  /** Binaries (EXEs and DLLs of the folder) importing it directly. */
  importers: string[];
}

export interface BinaryCounts {
  /** ARM PE files looked at: EXEs and DLLs. */
  exes: number;
  dlls: number;
  /** Files with an EXE/DLL name that are not ARM PE images (.NET assemblies, x86). */
  skipped: { file: string; reason: string }[];
  /** Per DLL imported from: distinct functions imported, and how many of them are missing / DLL not found. */
  byDll: { dll: string; kind: DllImports['kind']; distinct: number; missing: number; binaries: number }[];
  /** Functions wmemu lacks (including those of DLLs not found), with their direct importers. */
  missing: ImportUse[];
}

/** Is `dir` a device root (it has a Windows folder)? */
export function isDeviceRoot(dir: string): boolean {
  try {
    return readdirSync(dir).some((e) => e.toLowerCase() === 'windows' && statSync(join(dir, e)).isDirectory());
  } catch {
    return false;
  }
}

/**
 * Checks a single executable or every EXE under a folder. A folder with a `Windows` subfolder is a
 * device root (its `\Windows` DLLs are found) unless `root` says otherwise.
 */
export function check(target: string, options: CheckOptions = {}): FolderCheck {
  const isDir = statSync(target).isDirectory();
  const root = options.root ?? (isDir && isDeviceRoot(target) ? target : undefined);
  const r = new ImportResolver({ root, dllPath: options.dllPath ?? [] });
  if (!isDir) {
    return {
      folder: dirname(target),
      ...(root && { root }),
      dllPath: options.dllPath ?? [],
      programs: [checkProgram(target, r)],
      binaries: binaryCounts(dirname(target), [basename(target)], r),
    };
  }
  const files = listFiles(target);
  const programs = files.filter((f) => EXE.test(f)).map((f) => checkProgram(join(target, f), r, f));
  return {
    folder: target,
    ...(root && { root }),
    dllPath: options.dllPath ?? [],
    programs,
    binaries: binaryCounts(
      target,
      files.filter((f) => EXE.test(f) || LIBRARY.test(f)),
      r,
    ),
  };
}

function binaryCounts(folder: string, files: string[], r: ImportResolver): BinaryCounts {
  const counts: BinaryCounts = { exes: 0, dlls: 0, skipped: [], byDll: [], missing: [] };
  const byDll = new Map<string, { dll: string; kind: DllImports['kind']; fns: Map<string, ImportStatus>; binaries: Set<string> }>();
  const missing = new Map<string, ImportUse>();
  for (const f of files) {
    const path = join(folder, f);
    let pe: PeImage;
    try {
      pe = parsePe(readFileSync(path), basename(f));
    } catch (e) {
      counts.skipped.push({ file: f, reason: e instanceof PeFormatError ? e.message.replace(/^[^:]*: /, '') : String(e) });
      continue;
    }
    if (pe.isDll) counts.dlls++;
    else counts.exes++;
    for (const d of r.imports(pe, dirname(path))) {
      const dll = d.dll;
      const key = dll.toLowerCase();
      let g = byDll.get(key);
      if (!g) byDll.set(key, (g = { dll, kind: d.kind, fns: new Map(), binaries: new Set() }));
      g.binaries.add(f);
      for (const e of d.entries) {
        g.fns.set(e.label, e);
        if (e.state !== 'missing' && e.state !== 'dll-not-found') continue;
        const k = `${key}!${e.label}`;
        const u = missing.get(k) ?? missing.set(k, { dll, label: e.label, ...(e.ordinal !== undefined && { ordinal: e.ordinal }), importers: [] }).get(k)!;
        if (!u.importers.includes(f)) u.importers.push(f);
      }
    }
  }
  counts.byDll = [...byDll.values()]
    .map((g) => ({
      dll: g.dll,
      kind: g.kind,
      distinct: g.fns.size,
      missing: [...g.fns.values()].filter((e) => e.state === 'missing' || e.state === 'dll-not-found').length,
      binaries: g.binaries.size,
    }))
    .sort((a, b) => b.binaries - a.binaries || a.dll.localeCompare(b.dll));
  counts.missing = [...missing.values()].sort(
    (a, b) => b.importers.length - a.importers.length || a.dll.localeCompare(b.dll) || a.label.localeCompare(b.label),
  );
  return counts;
}
