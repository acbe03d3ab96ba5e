/**
 * Emulated DLLs: each is a name, a default fault policy, and a list of export declarations gathered
 * from one file per API family. Ordinals come from the reference export tables.
 */
import { normalizeDllName as dllKey, ordinalForName, ordinalName, ordinalsForName, registerExportTable, tableVersions } from '../pe/ordinals.js';
import type { ApiDecl, ApiDef, FaultPolicy } from './declare.js';

export interface DllSpec {
  /** Module name as guests import it (canonical spelling). */
  name: string;
  /**
   * The DLL's reference export table: ordinals and names of every export, implemented or not
   * (`name` is how ordinals.ts knows it: 'coredll', 'ws2', 'winsock'; `file` is package-relative).
   */
  exportTable?: { name: string; file: string; versions?: Readonly<Record<number, string>> };
  /** What a bad guest pointer inside an export of this DLL becomes unless the export says otherwise. */
  fault: FaultPolicy;
  families: ApiDef[][];
  /**
   * Export only the declarations whose name is in `table`; the others are silently left out. Lets two
   * DLLs share one set of families (winsock.dll is the Winsock 1.1 subset of ws2.dll's exports).
   */
  onlyTableNames?: boolean;
}

/**
 * A DLL's manifest: declares the DLL once (its folder's `manifest.ts` exports the result) and
 * registers its export table, so that ordinal names are known wherever the manifest is imported.
 */
export function defineDll(spec: DllSpec): DllSpec {
  if (spec.exportTable) registerExportTable(spec.exportTable.name, spec.exportTable.file, spec.exportTable.versions);
  return spec;
}

export class EmulatedDll {
  readonly key: string;
  readonly byName = new Map<string, ApiDecl>();
  readonly byOrdinal = new Map<number, ApiDecl>();

  /**
   * `osVersion`: the device's major OS version (5, 6, 7). It picks the name of an ordinal that
   * versions name differently (coredll 605: KillAllOtherThreads in CE 5, PrepareThreadExit in CE 6):
   * an import by ordinal binds the declaration of the name this version gives the ordinal.
   */
  constructor(
    readonly spec: DllSpec,
    readonly osVersion?: number,
  ) {
    this.key = dllKey(spec.name);
    const table = spec.exportTable?.name;
    for (const family of spec.families) {
      for (const def of family) {
        if (this.byName.has(def.name)) throw new Error(`${spec.name}!${def.name} declared twice`);
        const ordinal = def.options.ordinal ?? (table ? ordinalForName(table, def.name, osVersion) : undefined);
        if (spec.onlyTableNames && ordinal === undefined) continue;
        if (table && ordinal === undefined) throw new Error(`${spec.name}!${def.name} is not in the ${table} export tables`);
        const decl: ApiDecl = { ...def, dll: spec.name, ordinal };
        this.byName.set(def.name, decl);
        if (ordinal === undefined) continue;
        // Every ordinal a version gives the name (an export CE 6 moved binds at both); two names for one
        // ordinal (renamed between versions): the one this version uses wins.
        const ordinals = def.options.ordinal !== undefined || !table ? [ordinal] : [ordinal, ...ordinalsForName(table, def.name).filter((o) => o !== ordinal)];
        for (const o of ordinals) {
          const named = table !== undefined && ordinalName(table, o, osVersion) === def.name;
          if (named || (o === ordinal && !this.byOrdinal.has(o))) this.byOrdinal.set(o, decl);
        }
      }
    }
    // The names other versions give a bound ordinal find it too (GetProcAddress(L"GetVersionExW"): 717
    // is GetVersionEx in the CE 5 table, GetVersionExW in CE 6's).
    if (table) {
      for (const v of [undefined, ...tableVersions(table)]) {
        for (const [ordinal, decl] of this.byOrdinal) {
          const n = ordinalName(table, ordinal, v);
          if (n !== undefined && !this.byName.has(n)) this.byName.set(n, decl);
        }
      }
    }
  }

  /** The real name of an ordinal, implemented or not. */
  nameOf(ordinal: number): string | undefined {
    return this.byOrdinal.get(ordinal)?.name ?? (this.spec.exportTable ? ordinalName(this.spec.exportTable.name, ordinal, this.osVersion) : undefined);
  }
  ordinalOf(name: string): number | undefined {
    return this.byName.get(name)?.ordinal ?? (this.spec.exportTable ? ordinalForName(this.spec.exportTable.name, name, this.osVersion) : undefined);
  }
}

export class DllRegistry {
  private readonly dlls = new Map<string, EmulatedDll>();

  /** `osVersion`: the device's major OS version (EmulatedDll). */
  constructor(readonly osVersion?: number) {}

  add(spec: DllSpec, ...aliases: string[]): EmulatedDll {
    const dll = new EmulatedDll(spec, this.osVersion);
    for (const n of [spec.name, ...aliases]) this.dlls.set(dllKey(n), dll);
    return dll;
  }

  get(name: string): EmulatedDll | undefined {
    return this.dlls.get(dllKey(name));
  }

  all(): EmulatedDll[] {
    return [...new Set(this.dlls.values())];
  }
}
