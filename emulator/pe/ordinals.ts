/**
 * Names of DLL exports by ordinal, from the reference export tables in `emulator/dlls/exports/`
 * (`<dll>-exports.tsv`: a header line `ordinal<TAB>name`, then one export per line).
 *
 * Real CE binaries import COREDLL by ordinal only, so this is how `wmemu info` and the loader put
 * names on imports. The folder is found relative to this module by walking up to the package root
 * (the first ancestor holding `package.json` and `emulator/dlls/exports`), so it works both from the
 * TypeScript sources (`emulator/pe/`) and from the compiled output (`dist/emulator/pe/`).
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPORTS_SUBDIR = join('emulator', 'dlls', 'exports');
const SUFFIX = '-exports.tsv';

interface ExportTable {
  byOrdinal: Map<number, string>;
  byName: Map<string, number>;
}

let cachedDir: string | undefined;
let tables: Map<string, ExportTable> | undefined;

/** Absolute path of the export tables folder. Throws if it cannot be found. */
export function exportsDirectory(): string {
  if (cachedDir) return cachedDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, EXPORTS_SUBDIR))) {
      cachedDir = join(dir, EXPORTS_SUBDIR);
      return cachedDir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find ${EXPORTS_SUBDIR} above ${dirname(fileURLToPath(import.meta.url))}`);
    }
    dir = parent;
  }
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

function loadTables(): Map<string, ExportTable> {
  if (tables) return tables;
  const dir = exportsDirectory();
  const loaded = new Map<string, ExportTable>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(SUFFIX)) continue;
    loaded.set(normalizeDllName(f.slice(0, -SUFFIX.length)), parseExportTable(readFileSync(join(dir, f), 'utf8')));
  }
  tables = loaded;
  return loaded;
}

/** DLLs with a known export table (normalized names, e.g. `coredll`, `ws2`, `winsock`). */
export function knownDlls(): string[] {
  return [...loadTables().keys()].sort();
}

/** The export name for `ordinal` of `dllName` (case-insensitive, `.dll` optional), if known. */
export function ordinalName(dllName: string, ordinal: number): string | undefined {
  return loadTables().get(normalizeDllName(dllName))?.byOrdinal.get(ordinal);
}

/** The ordinal of export `name` of `dllName` (name is case-sensitive, as in GetProcAddress), if known. */
export function ordinalForName(dllName: string, name: string): number | undefined {
  return loadTables().get(normalizeDllName(dllName))?.byName.get(name);
}

/** The whole table of a DLL (ordinal → name), if known. */
export function exportTable(dllName: string): ReadonlyMap<number, string> | undefined {
  return loadTables().get(normalizeDllName(dllName))?.byOrdinal;
}
