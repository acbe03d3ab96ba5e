/**
 * Programmatic entry point: run a CE executable and collect what it printed.
 *
 *   const r = await runExecutable('roms/bin/hello.exe', { args: ['alpha'] });
 *   r.exitCode, r.stdout, r.debug
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Machine, EXIT_CODES, type MachineOptions, type RunResult } from './machine.js';
import { PeFormatError } from './pe/pe-file.js';
import { LoadError } from './loader/loader.js';

export interface RunOptions extends Omit<MachineOptions, 'stdout' | 'stderr' | 'debug'> {
  /** Also pass guest output through to these callbacks as it happens. */
  onStdout?: (data: Uint8Array) => void;
  onStderr?: (data: Uint8Array) => void;
  onDebug?: (line: string) => void;
}

export interface CapturedRun extends RunResult {
  stdout: string;
  stderr: string;
  debug: string[];
}

/** Reads and loads an executable; load failures become a RunResult with status 'load-error'. */
export async function runExecutable(path: string, options: RunOptions = {}): Promise<CapturedRun> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const debug: string[] = [];
  const finish = (r: RunResult): CapturedRun => ({
    ...r,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    debug,
  });
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return finish({ exitCode: EXIT_CODES.load, status: 'load-error', message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
  const m = new Machine({
    ...options,
    stdout: (d) => {
      out.push(Buffer.from(d));
      options.onStdout?.(d);
    },
    stderr: (d) => {
      err.push(Buffer.from(d));
      options.onStderr?.(d);
    },
    debug: (l) => {
      debug.push(l);
      options.onDebug?.(l);
    },
  });
  try {
    try {
      m.loadExecutable(bytes, basename(path));
    } catch (e) {
      if (e instanceof PeFormatError || e instanceof LoadError) {
        return finish({ exitCode: EXIT_CODES.load, status: 'load-error', message: e.message });
      }
      throw e;
    }
    return finish(await m.run());
  } finally {
    m.close();
  }
}
