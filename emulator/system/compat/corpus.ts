/**
 * `wmemu check --run` / `npm run corpus`: runs every program of a device folder (or application
 * folder) under wmemu, time-limited, with no arguments and with its typical arguments
 * (typical-args.ts), each in its own `wmemu run` process, at most `jobs` at a time; classifies each
 * outcome and ranks the imports that stop the most programs.
 *
 * A device folder is copied to a temporary folder first (made writable; programs write their root)
 * and every run uses the copy as `--root`; a `--registry` file or folder of Platform Builder .reg
 * sources is merged once (device-registry.ts) and given to every run. Whether a program reached a
 * window call or a message loop comes from a filtered `--trace` of the headless window functions.
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { windows } from '../../dlls/coredll/windows.js';
import { check, isDeviceRoot, type FolderCheck, type ProgramCheck } from './check.js';
import { ImportResolver } from './imports.js';
import { mergeDeviceRegistry, type MergedRegistry } from './device-registry.js';
import { typicalArgs } from './typical-args.js';
import { EXIT_CODES } from '../../core/run-result.js';

export type OutcomeClass =
  'exited' | 'unimplemented' | 'dll-not-found' | 'crash' | 'timeout' | 'limit' | 'load-error' | 'deadlock' | 'internal' | 'interrupted' | 'killed';

export interface RunOutcome {
  /** Path of the program relative to the folder. */
  program: string;
  args: string[];
  outcome: OutcomeClass;
  /** The process's exit code (the guest's for 'exited'). */
  exitCode: number | null;
  /** The stopping import, `COREDLL.dll!iswctype` ('unimplemented', 'dll-not-found'). */
  import?: string;
  /** The DLL the folder lacks ('dll-not-found': an import of it was called; `DDRAW.dll`). */
  dll?: string;
  /** The module the stop or crash happened in (`ping.exe`, `ole32.dll`). */
  module?: string;
  /** Short description for crashes, load failures, limits, internal errors. */
  detail?: string;
  /** wmemu's own one-line message (addresses included; JSON output only). */
  message?: string;
  /** The first headless window function the program called. */
  windowCall?: string;
  /** GetMessageW or PeekMessageW was called. */
  messageLoop: boolean;
  stdoutBytes: number;
  /** The first 400 characters the program printed (JSON output only: it is the program's text). */
  stdoutHead?: string;
  seconds: number;
}

export interface CorpusOptions {
  /** Device file system (a folder with Windows/) or an application folder. */
  folder: string;
  root?: string;
  dllPath?: string[];
  /** A .reg file or a folder of Platform Builder .reg sources. */
  registry?: string;
  /** Wall-clock limit of each run, seconds. */
  timeout: number;
  /** Runs at a time. */
  jobs: number;
  /** The command that runs wmemu (`[node, dist/cli/main.js]`); `run ...` is appended. */
  command: string[];
  /** Only programs whose file name is in this list (case-insensitive). */
  only?: string[];
  /** Run without arguments only (no typical arguments). */
  noTypicalArgs?: boolean;
  progress?: (line: string) => void;
}

export interface CorpusReport {
  folder: string;
  options: { timeout: number; jobs: number; registry?: { files: string[]; dropped: number }; osVersion?: { major: number; from: string } };
  check: FolderCheck;
  runs: RunOutcome[];
}

/** Functions whose trace marks a window call; GetMessageW/PeekMessageW mark a message loop. */
export const WINDOW_FUNCTIONS = windows.map((d) => d.name);
const MESSAGE_LOOP = new Set(['GetMessageW', 'PeekMessageW']);

const TRACE_LINE = /^\[t[0-9a-f]+\] ([^!\s]+)!([A-Za-z_][\w]*)/;

/** What a finished `wmemu run` process says about its run. */
export function classify(
  exitCode: number | null,
  stderrTail: string[],
  resolver?: ImportResolver,
): Pick<RunOutcome, 'outcome' | 'import' | 'module' | 'detail' | 'message'> {
  let at = -1;
  for (let i = stderrTail.length - 1; i >= 0; i--)
    if (stderrTail[i]!.startsWith('wmemu: ')) {
      at = i;
      break;
    }
  const line = at >= 0 ? stderrTail[at]!.slice(7) : undefined;
  const bt = stderrTail
    .slice(at + 1)
    .map((l) => /#0 0x[0-9a-f]+ ([^\s+]+)\+0x/.exec(l)?.[1])
    .find((x) => x !== undefined);
  const module = bt ?? (line ? /\(([^\s()+]+)\+0x[0-9a-f]+\)/.exec(line)?.[1] : undefined);
  const withModule = <T extends object>(o: T) => ({ ...o, ...(module && { module }), ...(line && { message: line }) });
  if (line === undefined || exitCode === null) return { outcome: 'exited' };
  const u = /^unimplemented import (\S+?)!(.+?)(?: \(ordinal (\d+)\))? called from/.exec(line);
  if (u && exitCode === 120) {
    let name = u[2]!;
    if ((name === '' || /^#\d+$/.test(name)) && u[3]) name = resolver?.nameOfOrdinal(u[1]!, Number(u[3])) ?? `#${u[3]}`;
    // The DLL itself is not in the folder (imports of a missing DLL are bound lazily and stop when called,
    // machine.ts): not a gap in wmemu but in the image, so it is counted apart from unimplemented imports.
    if (line.includes(`: ${u[1]} was not found (searched`)) return withModule({ outcome: 'dll-not-found' as const, import: `${u[1]}!${name}`, dll: u[1]! });
    return withModule({ outcome: 'unimplemented' as const, import: `${u[1]}!${name}` });
  }
  // An implemented export that met a case it does not handle (UnimplementedFeature): the same exit code, the
  // message names the function and the case ("COREDLL.dll!ImageList_DrawIndirect with ILD_ROP").
  const f = /^unimplemented: (.+)$/.exec(line);
  if (f && exitCode === 120) return withModule({ outcome: 'unimplemented' as const, import: f[1]! });
  // Any other stop with the same exit code names its case in its own words ("LCMapStringW(LCMAP_SORTKEY): sort
  // keys are not emulated"): still a stop, not the program's exit code.
  if (exitCode === EXIT_CODES.unimplemented) return withModule({ outcome: 'unimplemented' as const, import: line.replace(/0x[0-9a-f]+/g, '…').slice(0, 160) });
  switch (exitCode) {
    case 121:
      return withModule({ outcome: 'crash' as const, detail: crashKind(line) });
    case 122:
      return /time limit/.test(line)
        ? withModule({ outcome: 'timeout' as const })
        : withModule({ outcome: 'limit' as const, detail: line.replace(/0x[0-9a-f]+/g, '…') });
    case 123:
      return withModule({ outcome: 'load-error' as const, detail: line });
    case EXIT_CODES.deadlock:
      return withModule({ outcome: 'deadlock' as const });
    case EXIT_CODES.internal:
      return withModule({ outcome: 'internal' as const, detail: line.replace(/0x[0-9a-f]{8}/g, '…').slice(0, 160) });
    case EXIT_CODES.interrupted:
    case EXIT_CODES.terminated:
      return withModule({ outcome: 'interrupted' as const });
    default:
      return { outcome: 'exited' };
  }
}

/** `access violation: read of unmapped address`, `invalid instruction`, `unhandled exception 0xC0000005 (...)`. */
export function crashKind(message: string): string {
  let m = /access violation: (\w+ of \w+ address)/.exec(message);
  if (m) return `access violation: ${m[1]}`;
  m = /access violation in (\S+):/.exec(message);
  if (m) return `access violation inside ${m[1]}`;
  m = /unhandled exception (0x[0-9a-f]+ \([^)]*\))/.exec(message);
  if (m) return `unhandled exception ${m[1]}`;
  m = /^guest ([a-z][a-z ()-]*?) (?:at|near|\(called) /.exec(message);
  if (m) return m[1]!;
  return message.replace(/0x[0-9a-f]{8}/g, '…').slice(0, 100);
}

function makeWritable(dir: string): void {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    chmodSync(p, st.mode | 0o200 | (st.isDirectory() ? 0o700 : 0));
    if (st.isDirectory()) makeWritable(p);
  }
  chmodSync(dir, statSync(dir).mode | 0o700);
}

/** One `wmemu run` of a program. */
export function runOne(
  command: string[],
  exe: string,
  args: string[],
  o: { root?: string; registryFile?: string; dllPath?: string[]; timeout: number; program: string; osVersion?: number },
  resolver?: ImportResolver,
): Promise<RunOutcome> {
  const argv = [
    ...command.slice(1),
    'run',
    `--timeout=${o.timeout}`,
    ...(o.root ? [`--root=${o.root}`] : []),
    ...(o.registryFile ? [`--registry=${o.registryFile}`] : []),
    ...(o.osVersion !== undefined ? [`--os-version=${o.osVersion}`] : []),
    ...(o.dllPath ?? []).map((d) => `--dll-path=${d}`),
    `--trace=${WINDOW_FUNCTIONS.join(',')}`,
    exe,
    ...args,
  ];
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command[0]!, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stdoutHead = '';
    child.stdout.on('data', (d: Buffer) => {
      stdoutBytes += d.length;
      if (stdoutHead.length < 400) stdoutHead += d.toString('latin1').slice(0, 400 - stdoutHead.length);
    });
    const tail: string[] = [];
    let windowCall: string | undefined;
    let messageLoop = false;
    let partial = '';
    const onLine = (l: string) => {
      const t = TRACE_LINE.exec(l);
      if (t) {
        windowCall ??= t[2];
        if (MESSAGE_LOOP.has(t[2]!)) messageLoop = true;
        return;
      }
      tail.push(l);
      if (tail.length > 80) tail.shift();
    };
    child.stderr.on('data', (d: Buffer) => {
      const lines = (partial + d.toString('latin1')).split('\n');
      partial = lines.pop()!;
      for (const l of lines) onLine(l);
    });
    // wmemu ends the run at --timeout itself; a process that does not is killed a little later.
    let killed = false;
    const timer = setTimeout(
      () => {
        killed = true;
        child.kill('SIGKILL');
      },
      (o.timeout + 10) * 1000,
    );
    child.on('close', (code) => {
      clearTimeout(timer);
      if (partial) onLine(partial);
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const base = { program: o.program, args, exitCode: code, windowCall, messageLoop, stdoutBytes, ...(stdoutHead && { stdoutHead }), seconds };
      if (killed) {
        done({ ...base, windowCall, outcome: 'killed', detail: `no end ${10} s after the time limit` });
        return;
      }
      const c = classify(code, tail, resolver);
      done({ ...base, ...c, ...(windowCall === undefined && { windowCall: undefined }) });
    });
  });
}

/**
 * The OS version the device runs (`wmemu run --os-version`): its coredll's (the subsystem version
 * of \Windows\coredll.dll), else the one most of its programs were linked for (PE header), when 5, 6
 * or 7; undefined (wmemu's default) otherwise.
 */
export function deviceOsVersion(resolver: ImportResolver, root: string | undefined, programs: ProgramCheck[]): { major: number; from: string } | undefined {
  const coredll = root ? resolver.deviceCoredll(join(root, 'Windows')) : undefined;
  const fromCoredll = coredll ? Number(coredll.version.split('.')[0]) : undefined;
  if (fromCoredll !== undefined && fromCoredll >= 5 && fromCoredll <= 7) return { major: fromCoredll, from: "the device's coredll.dll" };
  const count = new Map<number, number>();
  for (const p of programs) {
    const v = Number(p.version?.header.split('.')[0]);
    if (v >= 5 && v <= 7) count.set(v, (count.get(v) ?? 0) + 1);
  }
  const best = [...count].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
  return best && { major: best[0], from: `the subsystem version of ${best[1]} of its ${programs.length} programs` };
}

/** Runs the corpus sweep. */
export async function runCorpus(o: CorpusOptions): Promise<CorpusReport> {
  const folder = resolve(o.folder);
  const root = o.root ? resolve(o.root) : isDeviceRoot(folder) ? folder : undefined;
  const fc = check(folder, { root, dllPath: o.dllPath });
  const resolver = new ImportResolver({ root, dllPath: o.dllPath });
  const only = o.only?.map((n) => n.toLowerCase());
  const programs = fc.programs.filter(
    (p) => p.kind === 'program' && (!only || only.includes(basename(p.file).toLowerCase()) || only.includes(p.file.toLowerCase())),
  );

  const scratch = mkdtempSync(join(tmpdir(), 'wmemu-corpus-'));
  try {
    let runRoot: string | undefined;
    if (root) {
      runRoot = join(scratch, 'root');
      o.progress?.(`copying ${root} to ${runRoot}`);
      cpSync(root, runRoot, { recursive: true });
      makeWritable(runRoot);
    }
    let merged: MergedRegistry | undefined;
    let registryFile: string | undefined;
    if (o.registry) {
      merged = mergeDeviceRegistry(o.registry);
      registryFile = join(scratch, 'device.reg');
      writeFileSync(registryFile, merged.text);
    }
    const osVersion = deviceOsVersion(resolver, root, programs);
    const jobs: { program: string; exe: string; args: string[] }[] = [];
    for (const p of programs) {
      const exe = root && runRoot && !relative(root, p.path).startsWith('..') ? join(runRoot, relative(root, p.path)) : p.path;
      const sets = o.noTypicalArgs ? [[]] : [[], ...typicalArgs(p.file)];
      for (const args of sets) jobs.push({ program: p.file, exe, args });
    }
    const runs: RunOutcome[] = new Array(jobs.length);
    let next = 0;
    let finished = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        const j = jobs[i]!;
        const r = await runOne(
          o.command,
          j.exe,
          j.args,
          { root: runRoot, registryFile, dllPath: o.dllPath, timeout: o.timeout, program: j.program, osVersion: osVersion?.major },
          resolver,
        );
        runs[i] = r;
        finished++;
        o.progress?.(`[${finished}/${jobs.length}] ${j.program}${j.args.length ? ' ' + j.args.join(' ') : ''}: ${outcomeText(r)} (${r.seconds} s)`);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
    return {
      folder,
      options: {
        timeout: o.timeout,
        jobs: o.jobs,
        ...(merged && { registry: { files: merged.files.map((f) => basename(f)), dropped: merged.dropped } }),
        ...(osVersion && { osVersion }),
      },
      check: fc,
      runs,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `exited 0`, `unimplemented COREDLL.dll!iswctype (in ping.exe)`, `time limit, message loop`. */
export function outcomeText(r: RunOutcome): string {
  switch (r.outcome) {
    case 'exited':
      return `exited ${r.exitCode}`;
    case 'unimplemented':
      return `stopped at ${r.import}${r.module ? ` in ${r.module}` : ''}`;
    case 'dll-not-found':
      return `stopped at ${r.import}${r.module ? ` in ${r.module}` : ''}: ${r.dll} is not in the folder`;
    case 'crash':
      return `crash: ${r.detail}${r.module ? ` in ${r.module}` : ''}`;
    case 'timeout':
      return `time limit, ${r.messageLoop ? 'in its message loop' : r.windowCall ? `no message loop (reached ${r.windowCall})` : 'no window call'}`;
    case 'limit':
      return `limit: ${r.detail}`;
    case 'load-error':
      return `load failure: ${r.detail}`;
    case 'deadlock':
      return 'deadlock';
    case 'internal':
      return `internal error: ${r.detail}`;
    case 'interrupted':
      return 'interrupted';
    case 'killed':
      return `killed: ${r.detail}`;
  }
}
