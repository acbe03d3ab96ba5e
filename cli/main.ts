#!/usr/bin/env node
/**
 * wmemu command line.
 *
 *   wmemu run <exe> [args...]   run a Windows CE / Windows Mobile ARM executable
 *   wmemu info <exe>            show its headers, sections, imports (with ordinal names and whether wmemu implements them), exports
 *   wmemu check <exe|folder>    what a program (or every program of a folder) lacks in wmemu; --run runs them (cli/check.ts)
 *   wmemu coverage              which exports of the emulated DLLs exist (--update-docs: docs/coverage/)
 */
import { readFileSync, writeFileSync, openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { coverageFiles, coverageMarkdown, withCoverage } from '../emulator/system/coverage.js';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT_CODES } from '../emulator/core/machine.js';
import { createMachine } from '../emulator/system/dll-set.js';
import { CPU_MODELS, DEFAULT_CPU, unicornVersion, unicornLibraryPath } from '../emulator/core/unicorn/unicorn.js';
import { PeFormatError, parsePe } from '../emulator/core/pe/pe-file.js';
import { describePe, describePeJson } from '../emulator/core/pe/describe.js';
import { LoadError } from '../emulator/core/loader/loader.js';
import { addCiOptions, applyCiOptions } from './run-options.js';
import { loadRegFileText } from '../emulator/dlls/coredll/registry.js';
import { ImportResolver, infoMarks } from '../emulator/system/compat/imports.js';
import { addCheckCommand } from './check.js';
import { addDoctorCommand } from './doctor.js';
import { attachGdbFromCli } from './gdb.js';

function fail(message: string, code: number): never {
  process.stderr.write(`wmemu: ${message}\n`);
  process.exit(code);
}

function readExe(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)}`, EXIT_CODES.load);
  }
}

const VERSION = '0.1.0';
/** `wmemu --version`: ours and the unicorn engine actually loaded (bug reports need both). */
function versionText(): string {
  try {
    return `${VERSION}\nunicorn ${unicornVersion()} (${unicornLibraryPath})`;
  } catch (e) {
    return `${VERSION}\nunicorn: not loadable: ${(e as Error).message}`;
  }
}

const program = new Command();
program
  .name('wmemu')
  .enablePositionalOptions()
  .description('Windows Mobile 6.5 / Windows CE ARM emulator: runs CE executables on the desktop and in CI')
  .version(process.argv.slice(2, 3).some((a) => a === '-V' || a === '--version') ? versionText() : VERSION);

program
  .command('run')
  .description('run a CE executable; its console output goes to stdout, its exit code becomes ours')
  .argument('<exe>', 'the CE executable (PE, ARM)')
  .argument('[args...]', 'arguments passed to the program (its command line)')
  .addOption(new Option('--cpu <model>', 'CPU model').choices(Object.keys(CPU_MODELS)).default(DEFAULT_CPU))
  .option('--trace [filter]', 'trace emulated API calls; filter: comma-separated DLL or function names, !name excludes')
  .option('--trace-file <file>', 'write the trace to a file instead of stderr')
  .addOption(new Option('--trace-format <format>', 'trace line format').choices(['text', 'json']).default('text'))
  .option('--debug-output', 'show the debug channel (NKDbgPrintfW, OutputDebugStringW) on stderr')
  .option('--gdb <port>', 'debug with gdb: a gdb stub on this loopback TCP port; the guest waits for gdb before its first instruction')
  .option('--memory-limit <MiB>', 'cap on guest memory', (v) => parseInt(v, 10), 256)
  .option('--timeout <seconds>', 'end the run after this wall-clock time (exit code 122)', parseFloat)
  .option('--wait-children', 'when the program exits, wait for the child processes it started that still run (bounded by --timeout)')
  .option('--root <dir>', 'host folder that is the device file system root (default: a fresh temporary folder)')
  .option('--registry <file>', 'REGEDIT4 .reg file the device registry starts from')
  .option('--registry-persist', 'write the registry back to the --registry file on exit')
  .addOption(
    new Option('--msgbox-answer <answer>', 'how MessageBoxW is answered (it is printed to stderr)').choices(['ok', 'cancel', 'yes', 'no']).default('ok'),
  )
  .option(
    '--dll-path <dir>',
    'host folder searched for ARM DLLs and CreateProcessW executables (repeatable)',
    (v: string, acc: string[]) => [...acc, v],
    [] as string[],
  )
  .option(
    '--host <name=addr>',
    'resolve a host name to this address in the guest (repeatable)',
    (v: string, acc: Record<string, string>) => {
      const i = v.indexOf('=');
      if (i <= 0) fail(`--host expects name=address, got '${v}'`, 2);
      return { ...acc, [v.slice(0, i)]: v.slice(i + 1) };
    },
    {} as Record<string, string>,
  )
  .passThroughOptions()
  .action(async (exe: string, args: string[], opts, cmd: Command) => {
    const bytes = readExe(exe);
    // A closed pipe on our stdout (e.g. `| head`) must not crash Node: drop further guest output.
    let stdoutOpen = true;
    process.stdout.on('error', () => {
      stdoutOpen = false;
    });
    let traceFd: number | undefined;
    if (opts.traceFile) traceFd = openSync(opts.traceFile, 'w');
    const traceWrite = (line: string) => {
      if (traceFd !== undefined) writeSync(traceFd, line + '\n');
      else process.stderr.write(line + '\n');
    };
    if (opts.registry) {
      try {
        loadRegFileText(opts.registry, opts.registryPersist === true);
      } catch (e) {
        fail((e as Error).message, EXIT_CODES.load);
      }
    }
    // --profile, --deterministic, --network, --redirect, --pcap (cli/run-options.ts)
    let ci;
    try {
      ci = applyCiOptions(
        {
          cpu: opts.cpu,
          args,
          memoryLimit: opts.memoryLimit * 1024 * 1024,
          timeoutMs: opts.timeout ? opts.timeout * 1000 : undefined,
          deviceRoot: opts.root,
          stdin: process.stdin,
          registryFile: opts.registry,
          registryPersist: opts.registryPersist,
          hosts: opts.host,
          messageBoxAnswer: opts.msgboxAnswer,
          dllSearchPath: opts.dllPath,
          waitForChildren: opts.waitChildren === true,
          stdout: (d) => {
            if (stdoutOpen) process.stdout.write(d);
          },
          stderr: (d) => process.stderr.write(d),
          debug: opts.debugOutput ? (line) => process.stderr.write(`[debug] ${line}\n`) : undefined,
          trace:
            opts.trace || opts.traceFile
              ? { filter: typeof opts.trace === 'string' ? opts.trace : undefined, format: opts.traceFormat, write: traceWrite }
              : undefined,
        },
        opts,
        cmd,
      );
    } catch (e) {
      fail((e as Error).message, 2);
    }
    const m = createMachine(ci.options);
    ci.attach(m);
    try {
      m.loadExecutable(bytes, basename(exe), exe);
    } catch (e) {
      if (e instanceof PeFormatError || e instanceof LoadError) fail(e.message, EXIT_CODES.load);
      throw e;
    }
    if (opts.gdb !== undefined) await attachGdbFromCli(m, opts.gdb, resolvePath(exe));
    const onBeforeExit = () => m.reportDeadlock();
    process.on('beforeExit', onBeforeExit);
    const interrupt = (sig: string) => m.abort('interrupted', EXIT_CODES.interrupted, `interrupted by ${sig}`);
    process.once('SIGINT', () => interrupt('SIGINT'));
    process.once('SIGTERM', () => interrupt('SIGTERM'));
    const r = await m.run();
    process.off('beforeExit', onBeforeExit);
    if (traceFd !== undefined) closeSync(traceFd);
    ci.finish();
    if (r.status !== 'exited') {
      process.stderr.write(`wmemu: ${r.message}\n`);
      if (r.report) process.stderr.write(r.report.replace(/^/gm, '  ') + '\n');
    }
    m.close();
    process.exitCode = r.exitCode;
    // Node must not linger for host sockets the guest left open.
    setImmediate(() => process.exit(r.exitCode));
  });

addCiOptions(program.commands.find((c) => c.name() === 'run')!);

program
  .command('info')
  .description('describe a CE executable or DLL: headers, sections, imports by name and ordinal, exports')
  .argument('<exe>', 'the PE file')
  .option('--json', 'machine-readable output')
  .option('--root <dir>', 'device file system root: its Windows folder is searched for the real ARM DLLs imported')
  .option('--dll-path <dir>', 'host folder searched for ARM DLLs first (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .action((exe: string, opts) => {
    const bytes = readExe(exe);
    try {
      const pe = parsePe(bytes, basename(exe));
      // Each import marked implemented / stub / missing / DLL not found, DLLs found as the loader finds them.
      const marks = infoMarks(new ImportResolver({ root: opts.root, dllPath: opts.dllPath }), pe, dirname(exe));
      process.stdout.write(opts.json ? JSON.stringify(describePeJson(pe, marks), null, 2) + '\n' : describePe(pe, basename(exe), marks));
    } catch (e) {
      if (e instanceof PeFormatError) fail(e.message, EXIT_CODES.load);
      throw e;
    }
  });

addCheckCommand(program, fail);
addDoctorCommand(program);

program
  .command('coverage')
  .description('show which exports of the emulated DLLs are implemented, stubbed or missing')
  .option('--update-docs', 'rewrite the generated coverage files: docs/coverage/<dll>.md and the summary in README.md (run from the repository root)')
  .action((opts) => {
    if (opts.updateDocs) {
      for (const [file, text] of coverageFiles()) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
        process.stdout.write(`updated ${file}\n`);
      }
      writeFileSync('README.md', withCoverage(readFileSync('README.md', 'utf8')));
      process.stdout.write('updated README.md\n');
    } else {
      process.stdout.write(coverageMarkdown());
    }
  });

program.parseAsync(process.argv).catch((e) => {
  fail(`internal error: ${(e as Error).message}`, EXIT_CODES.internal);
});
