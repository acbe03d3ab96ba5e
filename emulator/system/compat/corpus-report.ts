/**
 * The markdown report of a corpus run (docs/compat/<device>.md): figures, the imports that stop the
 * most programs, every run's outcome, and the static counts over every binary of the folder. It
 * holds program file names, import names and outcome classes only - no program output, no bytes of
 * the binaries.
 */
import { basename } from 'node:path';
import type { CorpusReport, RunOutcome, OutcomeClass } from './corpus.js';
import { outcomeText } from './corpus.js';
import { mdTable, summaryTable, isComplete } from './report.js';

const OUTCOME_ROWS: { key: string; label: string; match: (r: RunOutcome) => boolean }[] = [
  { key: 'exited0', label: 'exited with code 0', match: (r) => r.outcome === 'exited' && r.exitCode === 0 },
  { key: 'exited', label: 'exited with another code', match: (r) => r.outcome === 'exited' && r.exitCode !== 0 },
  { key: 'unimplemented', label: 'stopped at an unimplemented import or case (120)', match: (r) => r.outcome === 'unimplemented' },
  { key: 'dll-not-found', label: 'stopped at an import of a DLL the folder lacks (120)', match: (r) => r.outcome === 'dll-not-found' },
  { key: 'crash', label: 'crashed (121)', match: (r) => r.outcome === 'crash' },
  { key: 'timeout-loop', label: 'time limit, in its message loop', match: (r) => r.outcome === 'timeout' && r.messageLoop },
  {
    key: 'timeout-window',
    label: 'time limit, window call reached but no message loop',
    match: (r) => r.outcome === 'timeout' && !r.messageLoop && !!r.windowCall,
  },
  { key: 'timeout', label: 'time limit, no window call', match: (r) => r.outcome === 'timeout' && !r.messageLoop && !r.windowCall },
  { key: 'limit', label: 'other limit (122)', match: (r) => r.outcome === 'limit' },
  { key: 'load-error', label: 'load failure (123)', match: (r) => r.outcome === 'load-error' },
  { key: 'deadlock', label: 'deadlock (119)', match: (r) => r.outcome === 'deadlock' },
  { key: 'internal', label: 'internal error (118)', match: (r) => r.outcome === 'internal' },
  { key: 'other', label: 'interrupted / killed', match: (r) => r.outcome === 'interrupted' || r.outcome === 'killed' },
];

export interface CorpusFigures {
  exes: number;
  programs: number;
  systemImages: string[];
  unloadable: string[];
  runs: number;
  /** Outcome label -> [runs, programs without arguments, runs with typical arguments]. */
  outcomes: { label: string; runs: number; noArgs: number; typical: number }[];
  /** Imports that stopped runs, most programs first. */
  stopping: { import: string; programs: string[]; runs: number; modules: string[] }[];
  /** DLLs the folder lacks whose imports stopped runs, most programs first. */
  missingDlls: { dll: string; programs: string[]; runs: number }[];
}

export function corpusFigures(rep: CorpusReport): CorpusFigures {
  const fc = rep.check;
  const stopping = new Map<string, { import: string; programs: Set<string>; runs: number; modules: Set<string> }>();
  const missing = new Map<string, { dll: string; programs: Set<string>; runs: number }>();
  for (const r of rep.runs) {
    if (r.outcome === 'dll-not-found' && r.dll) {
      const key = r.dll.toLowerCase();
      const m = missing.get(key) ?? missing.set(key, { dll: r.dll, programs: new Set(), runs: 0 }).get(key)!;
      m.programs.add(r.program);
      m.runs++;
    }
    if (r.outcome !== 'unimplemented' || !r.import) continue;
    const s = stopping.get(r.import) ?? stopping.set(r.import, { import: r.import, programs: new Set(), runs: 0, modules: new Set() }).get(r.import)!;
    s.programs.add(r.program);
    s.runs++;
    if (r.module) s.modules.add(r.module.toLowerCase() === basename(r.program).toLowerCase() ? 'the program' : r.module);
  }
  return {
    exes: fc.programs.length,
    programs: fc.programs.filter((p) => p.kind === 'program').length,
    systemImages: fc.programs.filter((p) => p.kind === 'system-image').map((p) => p.file),
    unloadable: fc.programs.filter((p) => p.kind === 'unloadable').map((p) => p.file),
    runs: rep.runs.length,
    outcomes: OUTCOME_ROWS.map((row) => ({
      label: row.label,
      runs: rep.runs.filter(row.match).length,
      noArgs: rep.runs.filter((r) => r.args.length === 0 && row.match(r)).length,
      typical: rep.runs.filter((r) => r.args.length > 0 && row.match(r)).length,
    })),
    stopping: [...stopping.values()]
      .map((s) => ({ import: s.import, programs: [...s.programs], runs: s.runs, modules: [...s.modules].sort() }))
      .sort((a, b) => b.programs.length - a.programs.length || b.runs - a.runs || a.import.localeCompare(b.import)),
    missingDlls: [...missing.values()]
      .map((m) => ({ dll: m.dll, programs: [...m.programs], runs: m.runs }))
      .sort((a, b) => b.programs.length - a.programs.length || b.runs - a.runs || a.dll.localeCompare(b.dll)),
  };
}

export function corpusMarkdown(rep: CorpusReport, title: string, commandLine: string): string {
  const f = corpusFigures(rep);
  const fc = rep.check;
  const out: string[] = [];
  out.push(
    `# Compatibility report: ${title}`,
    '',
    `Generated by \`${commandLine}\` (\`wmemu check --run\`). Every EXE of the folder that is a user program ran`,
    `under \`wmemu run --root <a copy of the folder>${rep.options.registry ? ' --registry <its merged .reg files>' : ''}\` with no arguments and with its typical`,
    `arguments (emulator/system/compat/typical-args.ts), each with a time limit of ${rep.options.timeout} s, ${rep.options.jobs} at a time. Outcome classes follow`,
    `the exit codes of \`wmemu run\` (docs/cli.md, "Exit codes"); "message loop" means GetMessageW or PeekMessageW was called, "window call"`,
    `any headless window function (from a filtered \`--trace\`).`,
    '',
  );
  if (rep.options.osVersion)
    out.push(`OS version: CE ${rep.options.osVersion.major} (\`--os-version ${rep.options.osVersion.major}\`, from ${rep.options.osVersion.from}).`, '');
  if (rep.options.registry) {
    out.push(
      `Registry: ${rep.options.registry.files.join(', ')} merged (${rep.options.registry.dropped} lines left out: unexpanded localization strings, build-tree #includes).`,
      '',
    );
  }
  out.push(
    '## Figures',
    '',
    `- EXEs: ${f.exes}: ${f.programs} user programs` +
      (f.systemImages.length ? `, ${f.systemImages.length} kernel/boot/OAL images, not run (${f.systemImages.map((s) => basename(s)).join(', ')})` : '') +
      (f.unloadable.length ? `, ${f.unloadable.length} not loadable (${f.unloadable.map((s) => basename(s)).join(', ')})` : '') +
      '.',
    `- Runs: ${f.runs} (${rep.runs.filter((r) => r.args.length === 0).length} without arguments, ${rep.runs.filter((r) => r.args.length > 0).length} with typical arguments).`,
    '',
    ...mdTable(
      ['outcome', 'runs', 'programs, no arguments', 'runs with typical arguments'],
      ['l', 'r', 'r', 'r'],
      f.outcomes.filter((o) => o.runs > 0).map((o) => [o.label, String(o.runs), String(o.noArgs), String(o.typical)]),
    ),
    '',
    f.stopping.length > 30
      ? `### Imports that stop the most programs (top 30 of ${f.stopping.length})`
      : `### Imports that stop the most programs (${f.stopping.length ? `all ${f.stopping.length}` : 'none'})`,
    '',
    ...(f.stopping.length
      ? [
          ...mdTable(
            ['#', 'import', 'programs', 'runs', 'stopped in'],
            ['r', 'l', 'r', 'r', 'l'],
            f.stopping.slice(0, 30).map((s, i) => [String(i + 1), s.import, String(s.programs.length), String(s.runs), s.modules.join(', ')]),
          ),
          '',
        ]
      : ['No run stopped at an import wmemu lacks.', '']),
    ...(f.missingDlls.length
      ? [
          '### DLLs the folder lacks that stopped runs',
          '',
          'An import of a DLL that is not in the folder is bound lazily and stops the run when it is called (a device would refuse to',
          'start the program); these are gaps of the image, not of wmemu.',
          '',
          ...mdTable(
            ['DLL', 'programs', 'runs'],
            ['l', 'r', 'r'],
            f.missingDlls.map((m) => [m.dll, String(m.programs.length), String(m.runs)]),
          ),
          '',
        ]
      : []),
    '### Every run',
    '',
    ...mdTable(
      ['program', 'arguments', 'outcome', 'window call'],
      ['l', 'l', 'l', 'l'],
      rep.runs.map((r) => [r.program, r.args.length ? `\`${r.args.join(' ')}\`` : '(none)', outcomeText(r), r.windowCall ?? '']),
    ),
    '',
  );

  // Static counts over every binary.
  const b = fc.binaries;
  out.push(
    '## Static counts over every binary',
    '',
    `${b.exes} EXEs and ${b.dlls} DLLs (ARM PE files)` +
      (b.skipped.length ? `; ${b.skipped.length} other files with an EXE/DLL name skipped (${summarizeReasons(b.skipped.map((s) => s.reason))})` : '') +
      '.',
    '',
    'Imports by DLL (functions counted once however many binaries import them):',
    '',
    ...mdTable(
      ['DLL', 'provided by', 'binaries importing it', 'distinct functions imported', 'not implemented'],
      ['l', 'l', 'r', 'r', 'r'],
      b.byDll.map((d) => [
        d.dll,
        d.kind === 'emulated' ? 'wmemu' : d.kind === 'real' ? 'the device (ARM DLL)' : 'not found',
        String(d.binaries),
        String(d.distinct),
        String(d.missing),
      ]),
    ),
    '',
  );
  const two = b.missing.filter((m) => m.importers.length >= 2);
  const dlls = [...new Set(two.map((m) => m.dll))];
  out.push(`### Not implemented and imported by 2 or more binaries: ${two.length} functions`, '');
  for (const dll of dlls) {
    const list = two.filter((m) => m.dll === dll);
    const kind = b.byDll.find((d) => d.dll === dll)?.kind;
    out.push(
      `#### ${dll} (${list.length}${kind === 'not-found' ? ', DLL not found' : kind === 'real' ? ', not exported by the device DLL' : ''})`,
      '',
      list.map((m) => `${m.label} ${m.importers.length}`).join(', '),
      '',
    );
  }
  const programs = fc.programs.filter((p) => p.kind === 'program');
  out.push(
    '## Static check per program',
    '',
    `${programs.filter(isComplete).length} of ${programs.length} programs have every import implemented (their own and those of the real DLLs they load).`,
    '',
    ...summaryTable(fc.programs),
    '',
  );
  return out.join('\n');
}

function summarizeReasons(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) {
    const k = /unsupported machine/.test(r) ? 'not ARM (.NET / x86)' : r.slice(0, 60);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

export type { OutcomeClass };
