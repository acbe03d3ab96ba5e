/**
 * `wmemu check <exe|folder>`: the static compatibility report (emulator/system/compat/check.ts), and
 * with `--run` the corpus run (emulator/system/compat/corpus.ts; also `npm run corpus -- <folder>`).
 */
import { statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command } from 'commander';
import { check } from '../emulator/system/compat/check.js';
import { checkText, isComplete } from '../emulator/system/compat/report.js';
import { runCorpus } from '../emulator/system/compat/corpus.js';
import { corpusMarkdown } from '../emulator/system/compat/corpus-report.js';

const collect = (v: string, acc: string[]) => [...acc, v];

export function addCheckCommand(program: Command, fail: (message: string, code: number) => never): void {
  program
    .command('check')
    .description('static compatibility report of a CE program or of every program in a folder; --run runs them too')
    .argument('<target>', 'an executable, or a folder (a device file system with Windows/, an application folder)')
    .option('--root <dir>', 'device file system root whose Windows folder holds the real ARM DLLs (default: the folder, if it has Windows/)')
    .option('--dll-path <dir>', 'host folder searched for ARM DLLs first (repeatable)', collect, [] as string[])
    .option('--json', 'machine-readable output')
    .option('--run', 'run every program too (time-limited, with no arguments and with typical arguments) and classify the outcomes')
    .option('--registry <file|dir>', '--run: registry for the runs: a .reg file or a folder of Platform Builder .reg files (merged)')
    .option('--timeout <seconds>', '--run: time limit of each run', parseFloat, 5)
    .option('--jobs <n>', '--run: runs at a time', (v) => parseInt(v, 10), 2)
    .option('--only <names>', '--run: only these programs (comma-separated file names)')
    .option('--no-typical-args', '--run: run without arguments only')
    .option('--out <file>', 'write the report to a file (markdown; JSON with --json or a .json name) instead of stdout')
    .action(async (target: string, opts) => {
      try {
        statSync(target);
      } catch {
        fail(`cannot read ${target}: no such file or folder`, 2);
      }
      if (opts.root) {
        try {
          if (!statSync(opts.root).isDirectory()) throw new Error();
        } catch {
          fail(`--root ${opts.root}: not a folder`, 2);
        }
      }
      const json = opts.json === true || (typeof opts.out === 'string' && opts.out.endsWith('.json'));
      const emit = (text: string) => {
        if (opts.out) {
          writeFileSync(opts.out, text);
          process.stderr.write(`wrote ${opts.out}\n`);
        } else process.stdout.write(text);
      };
      if (opts.run) {
        const rep = await runCorpus({
          folder: target,
          root: opts.root,
          dllPath: opts.dllPath,
          registry: opts.registry,
          timeout: opts.timeout,
          jobs: opts.jobs,
          command: [process.execPath, process.argv[1]!],
          only: typeof opts.only === 'string' ? opts.only.split(',') : undefined,
          noTypicalArgs: opts.typicalArgs === false,
          progress: (line) => process.stderr.write(line + '\n'),
        });
        const title = basename(resolve(target)) === 'fs' ? basename(resolve(target, '..')) : basename(resolve(target));
        const cmdLine = ['wmemu check --run', ...process.argv.slice(3).filter((a) => a !== '--run')].join(' ');
        emit(json ? JSON.stringify(rep, null, 2) + '\n' : corpusMarkdown(rep, title, cmdLine));
        return;
      }
      const fc = check(target, { root: opts.root, dllPath: opts.dllPath });
      emit(json ? JSON.stringify(fc, null, 2) + '\n' : checkText(fc));
      const programs = fc.programs.filter((p) => p.kind === 'program');
      if (fc.programs.length === 1 && fc.programs[0]!.kind === 'unloadable') process.exitCode = 123;
      else process.exitCode = programs.every(isComplete) ? 0 : 1;
    });
}
