#!/usr/bin/env node
/**
 * wmemu command line.
 *
 *   wmemu run <exe> [args...]   run a Windows CE / Windows Mobile ARM executable
 *   wmemu info <exe>            show its headers, sections, imports (with ordinal names and whether wmemu implements them), exports
 *   wmemu check <exe|folder>    what a program (or every program of a folder) lacks in wmemu; --run runs them (cli/check.ts)
 *   wmemu coverage              which exports of the emulated DLLs exist (--update-docs: docs/coverage/)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { coverageFiles, coverageMarkdown, withCoverage } from '../emulator/system/coverage.js';
import { basename, dirname } from 'node:path';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '../emulator/core/machine.js';
import { unicornVersion, unicornLibraryPath } from '../emulator/core/unicorn/unicorn.js';
import { PeFormatError, parsePe } from '../emulator/core/pe/pe-file.js';
import { describePe, describePeJson } from '../emulator/core/pe/describe.js';
import { addRunCommand, rewriteTraceArgs } from './run-command.js';
import { ImportResolver, infoMarks } from '../emulator/system/compat/imports.js';
import { addCheckCommand } from './check.js';
import { addDoctorCommand } from './doctor.js';
import { OptionError } from '../emulator/system/schema.js';
import { ProfileError } from '../emulator/system/profile.js';
import { NetRuleError } from '../winsock-shim/policy.js';
import { RedirectError } from '../emulator/core/net/redirect.js';
import { TraceFilterError } from '../emulator/core/api/trace.js';

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

addRunCommand(program, fail);

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

// Usage errors (commander's own, and OptionError & co from the options pipeline): one line, exit 2.
program.exitOverride();
program.configureOutput({
  outputError: (text, write) =>
    write(
      `wmemu: ${
        text
          .replace(/^error: /, '')
          .trim()
          .split('\n')[0]
      }\n`,
    ),
});
for (const c of program.commands) {
  c.exitOverride();
  c.configureOutput({
    outputError: (text, write) =>
      write(
        `wmemu: ${
          text
            .replace(/^error: /, '')
            .trim()
            .split('\n')[0]
        }\n`,
      ),
  });
}
const USAGE_ERRORS = [OptionError, ProfileError, NetRuleError, RedirectError, TraceFilterError];
const argv = process.argv.slice(0, 2);
const rest = process.argv.slice(2);
const runAt = rest.indexOf('run');
const run = program.commands.find((c) => c.name() === 'run')!;
const args =
  runAt >= 0 && rest.slice(0, runAt).every((a) => a.startsWith('-')) ? [...rest.slice(0, runAt + 1), ...rewriteTraceArgs(run, rest.slice(runAt + 1))] : rest;
program.parseAsync([...argv, ...args]).catch((e) => {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT_CODES.usage);
  if (USAGE_ERRORS.some((c) => e instanceof c)) fail(e.message, EXIT_CODES.usage);
  // A missing engine is a set-up problem, not a bug of wmemu: one line saying how to fix it, exit 2.
  if (e instanceof Error && e.message.startsWith('cannot load the unicorn engine')) fail(e.message, EXIT_CODES.usage);
  fail(`internal error: ${(e as Error).message}`, EXIT_CODES.internal);
});
