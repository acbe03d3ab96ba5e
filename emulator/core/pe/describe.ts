/**
 * Human-readable and JSON reports of a parsed PE image: the output of `wmemu info <exe>` and
 * `wmemu info --json <exe>`.
 */

import { countRelocations, hex, hex4, printable, type PeImage, type PeImportDll } from './pe-file.js';
import { ordinalName } from './ordinals.js';

/** `0x00011000` */
function hex8(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

function version(v: { major: number; minor: number }): string {
  return `${v.major}.${v.minor}`;
}

function size(n: number): string {
  return `${hex(n)} (${n.toLocaleString('en-US')} bytes)`;
}

/**
 * What `wmemu info` says about each import besides its name: whether wmemu implements it (the
 * caller resolves that; this module only prints it). `name` names an ordinal the tables lack.
 */
export interface ImportMarks {
  mark(dllIndex: number, entryIndex: number, delay: boolean): { mark: string; name?: string } | undefined;
  /** Appended to a DLL's line: where it comes from (emulated, a real DLL file, not found). */
  dll?(dllIndex: number, delay: boolean): string | undefined;
  /** Appended to the imports heading: `36 implemented, 8 missing`. */
  summary?: string;
}

function importLine(dll: PeImportDll, e: PeImportDll['entries'][number], m?: { mark: string; name?: string }): string {
  let line: string;
  if (e.ordinal !== undefined) {
    line = `ordinal ${e.ordinal} ${printable(ordinalName(dll.dll, e.ordinal) ?? m?.name ?? '(no name known)')}`;
  } else line = `by name ${printable(e.name ?? '')} (hint ${e.hint ?? 0})`;
  return m ? `${line.padEnd(40)} [${printable(m.mark)}]` : line;
}

function dllMark(marks: ImportMarks | undefined, i: number, delay: boolean): string {
  const m = marks?.dll?.(i, delay);
  return m ? ` [${printable(m)}]` : '';
}

function table(rows: string[][], indent: string): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
  );
}

/** The text report of `wmemu info`. */
export function describePe(pe: PeImage, fileName: string, marks?: ImportMarks): string {
  const out: string[] = [];
  const kind = pe.isDll ? 'DLL' : 'executable';
  out.push(`file:              ${printable(fileName)} (${pe.fileSize.toLocaleString('en-US')} bytes)`);
  out.push(`machine:           ${hex4(pe.machine)} (${pe.machineName})`);
  out.push(`type:              ${kind}, characteristics ${hex4(pe.characteristics)}, ` + (pe.relocsStripped ? 'relocations stripped' : 'relocatable'));
  out.push(`subsystem:         ${pe.subsystem} (${pe.subsystemName})`);
  out.push(`OS version:        ${version(pe.osVersion)}`);
  out.push(`subsystem version: ${version(pe.subsystemVersion)}`);
  out.push(`image base:        ${hex8(pe.imageBase)}`);
  out.push(`image size:        ${size(pe.sizeOfImage)}`);
  out.push(`headers size:      ${hex(pe.sizeOfHeaders)}`);
  out.push(`alignment:         section ${hex(pe.sectionAlignment)}, file ${hex(pe.fileAlignment)}`);
  if (pe.addressOfEntryPoint === 0) {
    out.push(`entry point:       none`);
  } else {
    out.push(`entry point:       RVA ${hex8(pe.addressOfEntryPoint)} = ${hex8(pe.entryVa)} (${pe.entryMode === 'thumb' ? 'Thumb' : 'ARM'})`);
  }
  out.push(`stack:             reserve ${size(pe.stackReserve)}, commit ${hex(pe.stackCommit)}`);
  out.push(`heap:              reserve ${size(pe.heapReserve)}, commit ${hex(pe.heapCommit)}`);

  out.push('', `sections (${pe.sections.length}):`);
  const rows = [['name', 'VA', 'vsize', 'raw ptr', 'raw size', 'flags', 'characteristics']];
  for (const s of pe.sections) {
    rows.push([
      printable(s.name) || '(none)',
      hex8(s.virtualAddress),
      hex8(s.virtualSize),
      hex8(s.pointerToRawData),
      hex8(s.sizeOfRawData),
      s.protection,
      hex8(s.characteristics),
    ]);
  }
  out.push(...table(rows, '  '));

  const nImports = pe.imports.reduce((n, d) => n + d.entries.length, 0);
  out.push('', `imports (${pe.imports.length} DLLs, ${nImports} functions${marks?.summary ? `: ${marks.summary}` : ''}):`);
  pe.imports.forEach((dll, i) => {
    out.push(`  ${printable(dll.dll)} (${dll.entries.length}, IAT ${hex8(dll.iatRva)})${dllMark(marks, i, false)}`);
    dll.entries.forEach((e, j) => out.push(`    ${importLine(dll, e, marks?.mark(i, j, false))}`));
  });
  if (pe.delayImports.length > 0) {
    out.push('', `delay-load imports (${pe.delayImports.length} DLLs):`);
    pe.delayImports.forEach((dll, i) => {
      out.push(`  ${printable(dll.dll)} (${dll.entries.length}, IAT ${hex8(dll.iatRva)})${dllMark(marks, i, true)}`);
      dll.entries.forEach((e, j) => out.push(`    ${importLine(dll, e, marks?.mark(i, j, true))}`));
    });
  }

  if (pe.exports) {
    const x = pe.exports;
    out.push('', `exports of ${printable(x.dllName) || '(unnamed)'} (${x.functions.length} functions, ordinal base ${x.ordinalBase}):`);
    for (const f of x.functions) {
      const names = f.names.length ? f.names.map(printable).join(', ') : '(no name)';
      const target = f.forwarder !== undefined ? `-> ${printable(f.forwarder)}` : `RVA ${hex8(f.rva)}`;
      out.push(`  ordinal ${f.ordinal} ${names} ${target}`);
    }
  } else {
    out.push('', 'exports: none');
  }

  const counts = countRelocations(pe.relocations);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const byType = Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  out.push('', `relocations: ${pe.relocations.length} blocks, ${total} entries` + (total ? ` (${byType})` : ''));
  out.push(pe.resources ? `resources: RVA ${hex8(pe.resources.rva)}, size ${hex(pe.resources.size)}` : 'resources: none');
  out.push(pe.tls ? `TLS directory: RVA ${hex8(pe.tls.rva)}, callbacks at ${hex8(pe.tls.addressOfCallBacks)}` : 'TLS directory: none');
  return out.join('\n') + '\n';
}

/** A plain, JSON-serialisable report for `wmemu info --json`. Ordinal imports carry their known name. */
export function describePeJson(pe: PeImage, marks?: ImportMarks): Record<string, unknown> {
  return {
    fileName: pe.fileName ?? null,
    fileSize: pe.fileSize,
    machine: pe.machine,
    machineName: pe.machineName,
    characteristics: pe.characteristics,
    isDll: pe.isDll,
    relocsStripped: pe.relocsStripped,
    timeDateStamp: pe.timeDateStamp,
    subsystem: pe.subsystem,
    subsystemName: pe.subsystemName,
    osVersion: version(pe.osVersion),
    subsystemVersion: version(pe.subsystemVersion),
    imageBase: pe.imageBase,
    sizeOfImage: pe.sizeOfImage,
    sizeOfHeaders: pe.sizeOfHeaders,
    sectionAlignment: pe.sectionAlignment,
    fileAlignment: pe.fileAlignment,
    entryPoint: {
      rva: pe.addressOfEntryPoint,
      va: pe.entryVa,
      mode: pe.entryMode,
      thumbBit: pe.entryThumb,
    },
    stack: { reserve: pe.stackReserve, commit: pe.stackCommit },
    heap: { reserve: pe.heapReserve, commit: pe.heapCommit },
    dataDirectories: pe.dataDirectories.filter((d) => d.rva !== 0 || d.size !== 0).map((d) => ({ index: d.index, name: d.name, rva: d.rva, size: d.size })),
    sections: pe.sections.map((s) => ({
      name: s.name,
      virtualAddress: s.virtualAddress,
      virtualSize: s.virtualSize,
      pointerToRawData: s.pointerToRawData,
      sizeOfRawData: s.sizeOfRawData,
      characteristics: s.characteristics,
      protection: s.protection,
    })),
    imports: pe.imports.map((d, i) => importJson(d, marks && ((j) => marks.mark(i, j, false)))),
    delayImports: pe.delayImports.map((d, i) => importJson(d, marks && ((j) => marks.mark(i, j, true)))),
    exports: pe.exports
      ? {
          dllName: pe.exports.dllName,
          ordinalBase: pe.exports.ordinalBase,
          functions: pe.exports.functions.map((f) => ({
            ordinal: f.ordinal,
            rva: f.rva,
            names: [...f.names],
            ...(f.forwarder !== undefined ? { forwarder: f.forwarder } : {}),
          })),
        }
      : null,
    relocations: {
      blocks: pe.relocations.length,
      byType: countRelocations(pe.relocations),
    },
    resources: pe.resources ? { ...pe.resources } : null,
    tls: pe.tls ? { ...pe.tls } : null,
  };
}

function importJson(d: PeImportDll, mark?: (j: number) => { mark: string; name?: string } | undefined): Record<string, unknown> {
  return {
    dll: d.dll,
    iatRva: d.iatRva,
    entries: d.entries.map((e, j) => {
      const m = mark?.(j);
      const status = m ? { status: m.mark } : {};
      return e.ordinal !== undefined
        ? { ordinal: e.ordinal, name: ordinalName(d.dll, e.ordinal) ?? m?.name ?? null, iatRva: e.iatRva, ...status }
        : { name: e.name, hint: e.hint, iatRva: e.iatRva, ...status };
    }),
  };
}
