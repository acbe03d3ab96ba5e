/**
 * Run a CE executable to completion and collect what it printed (the one-call form of start()).
 *
 *   const r = await runExecutable('roms/bin/hello.exe', { args: ['alpha'] });
 *   r.exitCode, r.stdout, r.debug
 */
import { start, StartError, type CapturedRun, type StartOptions } from './session.js';

/** Options of runExecutable: the same as start()'s. */
export type RunOptions = StartOptions;
export type { CapturedRun };

/** Runs an executable; load failures become a result with status 'load-error' (start() throws instead). */
export async function runExecutable(path: string, options: RunOptions = {}): Promise<CapturedRun> {
  let emu;
  try {
    emu = await start(path, options);
  } catch (e) {
    if (e instanceof StartError) return e.result;
    throw e;
  }
  return emu.exited;
}
