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

/** Host exit codes wmemu uses for its own verdicts (documented in the README). */
export const EXIT_CODES = {
  unimplemented: 120,
  crashed: 121,
  limit: 122,
  load: 123,
  deadlock: 124,
  interrupted: 130,
  internal: 125,
} as const;
