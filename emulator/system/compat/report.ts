/**
 * Text of `wmemu check`: a section per program (what it lacks, by DLL; DLLs not found; what stops
 * the load; the CE version its imports imply) and a summary table. Markdown, so the same text reads
 * in a terminal and in a committed report.
 */
import type { FolderCheck, ProgramCheck, MissingByDll } from './check.js';
import { firstMissing } from './check.js';

/** `a | b` cells: pipes escaped. */
export function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function mdTable(head: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Is the program free of missing imports, DLLs not found and load errors? */
export function isComplete(p: ProgramCheck): boolean {
  return p.kind === 'program' && p.missing.length === 0 && p.notFound.length === 0 && p.loadErrors.length === 0;
}

function versionText(p: ProgramCheck): string {
  const v = p.version;
  if (!v) return '';
  return (
    `PE header: CE ${v.header}; its coredll imports imply ${v.imports}` +
    (v.evidence.length ? ` (ordinals the CE 5 table lacks: ${v.evidence.join(', ')})` : '')
  );
}

function missingLines(groups: MissingByDll[], own: string): string[] {
  const out: string[] = [];
  for (const g of groups) {
    const mine = g.functions.filter((f) => f.importers.includes(own));
    const theirs = g.functions.filter((f) => f.importers.some((i) => i !== own));
    const name = (f: MissingByDll['functions'][number]) => f.label + (f.note ? ` [${f.note}]` : '');
    if (mine.length) out.push(`- ${g.dll} (${mine.length}): ${mine.map(name).join(', ')}`);
    if (theirs.length) {
      out.push(
        `- ${g.dll}, imported by the DLLs it loads (${theirs.length}): ` +
          theirs.map((f) => `${name(f)} (${f.importers.filter((i) => i !== own).join(', ')})`).join(', '),
      );
    }
  }
  return out;
}

/** The section of one program. */
export function programText(p: ProgramCheck): string {
  const out: string[] = [`### ${p.file}`, ''];
  if (p.kind === 'unloadable') return [...out, `not loadable: ${p.error}`, ''].join('\n');
  if (p.kind === 'system-image') return [...out, `a kernel, boot loader or OAL image: not a user program. ${versionText(p)}`, ''].join('\n');
  const c = p.counts;
  out.push(
    `subsystem ${p.subsystem}; ${versionText(p)}.`,
    '',
    `imports: ${c.functions} functions from ${p.imports.length} DLL${p.imports.length === 1 ? '' : 's'}: ${c.implemented} implemented, ${c.stub} stubs, ${c.missing} missing` +
      (c.dllNotFound ? `, ${c.dllNotFound} from DLLs not found` : '') +
      (p.dlls.length ? `; real DLLs loaded: ${p.dlls.map((d) => d.path.replace(/^.*[\\/]/, '')).join(', ')}` : ''),
    '',
  );
  if (isComplete(p)) out.push('complete: every import is implemented.', '');
  if (p.missing.length) out.push('missing functions:', '', ...missingLines(p.missing, p.file.replace(/^.*[\\/]/, '')), '');
  if (p.notFound.length) out.push('DLLs not found:', '', ...p.notFound.map((d) => `- ${d.dll} (imported by ${d.importers.join(', ')})`), '');
  if (p.loadErrors.length) out.push('the load fails:', '', ...p.loadErrors.map((e) => `- ${e}`), '');
  return out.join('\n');
}

/** One row per program. */
export function summaryTable(programs: ProgramCheck[]): string[] {
  const rows = programs.map((p) => {
    if (p.kind !== 'program') return [p.file, p.kind === 'system-image' ? 'system image' : `not loadable`, '', '', '', '', '', ''];
    const own = p.file.replace(/^.*[\\/]/, '');
    const mine = p.missing.reduce((n, g) => n + g.functions.filter((f) => f.importers.includes(own)).length, 0);
    const via = p.missing.reduce((n, g) => n + g.functions.filter((f) => !f.importers.includes(own)).length, 0);
    return [
      p.file,
      isComplete(p) ? 'complete' : p.loadErrors.length ? 'load fails' : 'incomplete',
      String(p.counts.functions),
      String(mine),
      String(via),
      p.notFound.map((d) => d.dll).join(', '),
      p.version ? `${p.version.imports} (header ${p.version.header})` : '',
      firstMissing(p) ?? '',
    ];
  });
  return mdTable(
    ['program', 'status', 'imports', 'missing', 'missing via DLLs', 'DLLs not found', 'CE version', 'first missing'],
    ['l', 'l', 'r', 'r', 'r', 'l', 'l', 'l'],
    rows,
  );
}

export function checkText(fc: FolderCheck): string {
  const out: string[] = [];
  const searched = [...fc.dllPath, ...(fc.root ? [`${fc.root}/Windows`] : []), "each program's own folder"];
  out.push(`# wmemu check: ${fc.folder}`, '', `DLLs searched in: ${searched.join(', ')}`, '');
  for (const p of fc.programs) out.push(programText(p));
  const programs = fc.programs.filter((p) => p.kind === 'program');
  const complete = programs.filter(isComplete).length;
  out.push(
    '## Summary',
    '',
    `${fc.programs.length} executables: ${programs.length} programs (${complete} complete, ${programs.length - complete} lacking something), ` +
      `${fc.programs.filter((p) => p.kind === 'system-image').length} system images, ${fc.programs.filter((p) => p.kind === 'unloadable').length} not loadable.`,
    '',
    ...summaryTable(fc.programs),
    '',
  );
  return out.join('\n');
}
