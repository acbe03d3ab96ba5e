/**
 * The reference export tables (ordinal <TAB> name) of the real CE DLLs, shipped in this folder.
 * They give every emulated export its real ordinal and name ordinals in messages and traces.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ExportTable {
  dll: string;
  byOrdinal: Map<number, string>;
  byName: Map<string, number>;
}

const FILES: Record<string, string> = {
  coredll: 'coredll-exports.tsv',
  ws2: 'ws2-exports.tsv',
  winsock: 'winsock-exports.tsv',
};

/** Folder holding the .tsv files, both when running from sources and from dist/. */
function tableDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'emulator', 'dlls', 'exports');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (existsSync(join(dir, 'coredll-exports.tsv'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the export tables (emulator/dlls/exports/*.tsv)');
}

const cache = new Map<string, ExportTable | null>();

/** Canonical key of a DLL name: "COREDLL.dll", "coredll" -> "coredll". */
export function dllKey(name: string): string {
  return name.toLowerCase().replace(/\.dll$/, '');
}

export function exportTable(dll: string): ExportTable | undefined {
  const key = dllKey(dll);
  if (cache.has(key)) return cache.get(key) ?? undefined;
  const file = FILES[key];
  let table: ExportTable | null = null;
  if (file) {
    const text = readFileSync(join(tableDir(), file), 'utf8');
    table = { dll: key, byOrdinal: new Map(), byName: new Map() };
    for (const line of text.split('\n').slice(1)) {
      const [ord, name] = line.trim().split('\t');
      if (!ord || !name) continue;
      table.byOrdinal.set(Number(ord), name);
      table.byName.set(name, Number(ord));
    }
  }
  cache.set(key, table);
  return table ?? undefined;
}

export function ordinalName(dll: string, ordinal: number): string | undefined {
  return exportTable(dll)?.byOrdinal.get(ordinal);
}
