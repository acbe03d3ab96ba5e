/**
 * How a run ends: the status, the host exit code wmemu uses for its own verdicts, and the guest's code.
 */
export type RunStatus = 'exited' | 'crashed' | 'unimplemented' | 'internal-error' | 'limit' | 'deadlock' | 'load-error' | 'interrupted';

export interface RunResult {
  /** Host exit code: the guest's own, or one of EXIT_CODES for emulator-detected failures. */
  exitCode: number;
  /** The guest's exit code (full 32 bits) when status is 'exited'. */
  guestExitCode?: number;
  status: RunStatus;
  /** One-line summary for failures. */
  message?: string;
  /** Multi-line details: registers, backtrace. */
  report?: string;
}

/**
 * Host exit codes wmemu uses for its own verdicts (docs/cli.md, "Exit codes"). They stay clear of the
 * codes CI tools give a meaning to: 1 (generic failure), 2 (usage), 124-127 (GNU timeout(1): timed
 * out, timeout failed, cannot execute, not found) and 128+N (killed by signal N).
 */
export const EXIT_CODES = {
  /** A bad option or argument (one line on stderr). */
  usage: 2,
  /** A bug in wmemu. */
  internal: 118,
  deadlock: 119,
  unimplemented: 120,
  crashed: 121,
  limit: 122,
  load: 123,
  /** SIGINT (128 + 2), also emu.kill(). */
  interrupted: 130,
  /** Our stdout or stderr is a closed pipe (128 + SIGPIPE). */
  brokenPipe: 141,
  /** SIGTERM (128 + 15). */
  terminated: 143,
} as const;
