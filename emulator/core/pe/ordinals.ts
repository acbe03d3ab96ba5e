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

/** Registered tables: normalized DLL name → file (package-relative) and, once read, its contents. */
const tables = new Map<string, { file: string; table?: ExportTable }>();

/**
 * Registers the export table of a DLL: `file` is relative to the package root
 * (`emulator/dlls/coredll/coredll-exports.tsv`). Read on first use.
 */
export function registerExportTable(dllName: string, file: string): void {
  const key = normalizeDllName(dllName);
  const had = tables.get(key);
  if (had && had.file !== file) throw new Error(`two export tables for ${dllName}: ${had.file}, ${file}`);
  if (!had) tables.set(key, { file });
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

function load(dllName: string): ExportTable | undefined {
  const t = tables.get(normalizeDllName(dllName));
  if (!t) return undefined;
  return (t.table ??= parseExportTable(readFileSync(join(packageRoot(), t.file), 'utf8')));
}

/** DLLs with a known export table (normalized names, e.g. `coredll`, `ws2`, `winsock`). */
export function knownDlls(): string[] {
  return [...tables.keys()].sort();
}

/** The export name for `ordinal` of `dllName` (case-insensitive, `.dll` optional), if known. */
export function ordinalName(dllName: string, ordinal: number): string | undefined {
  return load(dllName)?.byOrdinal.get(ordinal);
}

/** The ordinal of export `name` of `dllName` (name is case-sensitive, as in GetProcAddress), if known. */
export function ordinalForName(dllName: string, name: string): number | undefined {
  return load(dllName)?.byName.get(name);
}

/** The whole table of a DLL (ordinal → name), if known. */
export function exportTable(dllName: string): ReadonlyMap<number, string> | undefined {
  return load(dllName)?.byOrdinal;
}
