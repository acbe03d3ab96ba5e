/**
 * Names of DLL exports by ordinal, from the reference export tables each emulated DLL ships beside
 * its code (`<dll>-exports.tsv`: a header line `ordinal<TAB>name`, then one export per line) and
 * registers from its manifest (`registerExportTable`).
 *
 * Real CE binaries import COREDLL by ordinal only, so this is how `wmemu info` and the loader put
 * names on imports. Paths are relative to the package root (found by walking up from this module),
 * so the tables are read from the sources both when running the TypeScript and the compiled output.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

interface ExportTable {
  byOrdinal: Map<number, string>;
  byName: Map<string, number>;
}

interface TableFile {
  file: string;
  table?: ExportTable;
}

/**
 * Registered tables: normalized DLL name → its reference table (package-relative file and, once
 * read, its contents) and the tables of other OS versions (coredll: CE 6, CE 7), by major version.
 */
const tables = new Map<string, TableFile & { versions: Map<number, TableFile> }>();

/**
 * Registers the export table of a DLL: `file` is relative to the package root
 * (`emulator/dlls/coredll/coredll-exports.tsv`). Read on first use. `versions`: the tables of
 * other OS versions by major version (an OS version where an ordinal has another name or is new).
 */
export function registerExportTable(dllName: string, file: string, versions: Readonly<Record<number, string>> = {}): void {
  const key = normalizeDllName(dllName);
  const had = tables.get(key);
  if (had && had.file !== file) throw new Error(`two export tables for ${dllName}: ${had.file}, ${file}`);
  if (!had) tables.set(key, { file, versions: new Map(Object.entries(versions).map(([v, f]) => [Number(v), { file: f }])) });
}

/** `COREDLL.dll`, `coredll`, `Coredll.DLL` → `coredll`. */
export function normalizeDllName(dllName: string): string {
  const lower = dllName.trim().toLowerCase();
  return lower.endsWith('.dll') ? lower.slice(0, -4) : lower;
}

/** Parses one `ordinal<TAB>name` table. Blank lines, `#` comments and the header line are skipped. */
export function parseExportTable(text: string): ExportTable {
  const byOrdinal = new Map<number, string>();
  const byName = new Map<string, number>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [ord, name] = line.split('\t');
    if (!ord || !name || !/^\d+$/.test(ord)) continue; // header or junk
    const ordinal = Number(ord);
    if (!byOrdinal.has(ordinal)) byOrdinal.set(ordinal, name);
    if (!byName.has(name)) byName.set(name, ordinal);
  }
  return { byOrdinal, byName };
}

function read(t: TableFile): ExportTable {
  return (t.table ??= parseExportTable(readFileSync(join(packageRoot(), t.file), 'utf8')));
}

function load(dllName: string): ExportTable | undefined {
  const t = tables.get(normalizeDllName(dllName));
  return t && read(t);
}

/**
 * The tables a lookup consults, in order: for `osVersion` with a table of its own, that table, then
 * the reference one, then the other versions (oldest first); otherwise the reference table first.
 * So an ordinal that was renamed between versions has the name of the version asked for, and names
 * only newer versions export are still known (a CE 6 program on the default CE 5 device names its
 * imports).
 */
function layers(dllName: string, osVersion?: number): ExportTable[] {
  const t = tables.get(normalizeDllName(dllName));
  if (!t) return [];
  const versions = [...t.versions].sort((a, b) => a[0] - b[0]);
  const own = osVersion === undefined ? undefined : t.versions.get(osVersion);
  return [...(own ? [own] : []), t, ...versions.filter(([v]) => v !== osVersion).map(([, f]) => f)].map(read);
}

/** The major OS versions a DLL has extra tables for (coredll: 6, 7). */
export function tableVersions(dllName: string): number[] {
  return [...(tables.get(normalizeDllName(dllName))?.versions.keys() ?? [])].sort((a, b) => a - b);
}

/** DLLs with a known export table (normalized names, e.g. `coredll`, `ws2`, `winsock`). */
export function knownDlls(): string[] {
  return [...tables.keys()].sort();
}

/**
 * The export name for `ordinal` of `dllName` (case-insensitive, `.dll` optional), if known; with
 * `osVersion`, the name that version gives it (see layers()).
 */
export function ordinalName(dllName: string, ordinal: number, osVersion?: number): string | undefined {
  for (const t of layers(dllName, osVersion)) {
    const n = t.byOrdinal.get(ordinal);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The ordinal of export `name` of `dllName` (name is case-sensitive, as in GetProcAddress), if known. */
export function ordinalForName(dllName: string, name: string, osVersion?: number): number | undefined {
  for (const t of layers(dllName, osVersion)) {
    const o = t.byName.get(name);
    if (o !== undefined) return o;
  }
  return undefined;
}

/** Every ordinal any version's table gives export `name` (CE 6 moved some: HeapAllocTrace 81 → 1999). */
export function ordinalsForName(dllName: string, name: string): number[] {
  const out = new Set<number>();
  for (const t of layers(dllName)) {
    const o = t.byName.get(name);
    if (o !== undefined) out.add(o);
  }
  return [...out];
}

/** The reference table of a DLL (ordinal → name), if known; with `osVersion`, that version's own table when it has one. */
export function exportTable(dllName: string, osVersion?: number): ReadonlyMap<number, string> | undefined {
  const t = tables.get(normalizeDllName(dllName));
  const own = osVersion === undefined ? undefined : t?.versions.get(osVersion);
  return own ? read(own).byOrdinal : load(dllName)?.byOrdinal;
}
