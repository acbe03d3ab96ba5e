/**
 * The run-wide budget of guest-driven host memory (issue 17 item 6). `--memory-limit` caps one
 * number for the whole run, the parent process and every child process together: committed guest
 * memory (AddressSpace.commit), the host-side bookkeeping of guest heaps (GuestHeap chunks) and
 * registry keys and values (coredll registry.ts). A process-count limit caps the run's processes.
 *
 * Shared through Machine.runState (CreateProcessW hands it to children). When a charge does not fit,
 * the caller fails the way CE documents for that resource: an allocation returns NULL / the guest
 * memory error, RegSetValueExW / RegCreateKeyExW ERROR_NOT_ENOUGH_MEMORY, CreateProcessW
 * ERROR_NOT_ENOUGH_MEMORY (memory) or ERROR_OUTOFMEMORY (no process slot).
 *
 * Process limit: Windows CE 5.0 (Windows Mobile 6.5's kernel) runs at most 32 processes at one time
 * ("Processes (Windows CE 5.0)": the address space has 32 process slots); the run's own processes
 * are what is counted, parent included.
 */
export const DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024;
export const DEFAULT_MAX_PROCESSES = 32;

export class RunBudget {
  /** Bytes charged now. */
  used = 0;
  /** Highest `used` seen (figures for tests and the run report). */
  peak = 0;
  /** Live processes of the run: the first process (the run's own) and its running children. */
  processes = 1;

  constructor(
    readonly limit: number = DEFAULT_MEMORY_LIMIT,
    readonly maxProcesses: number = DEFAULT_MAX_PROCESSES,
  ) {}

  /** Charges `bytes` when they fit under the limit; false (nothing charged) otherwise. */
  charge(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
    return true;
  }

  release(bytes: number): void {
    if (bytes > 0) this.used = Math.max(0, this.used - bytes);
  }

  /** Takes a process slot; false when the run has `maxProcesses` processes already. */
  addProcess(): boolean {
    if (this.processes >= this.maxProcesses) return false;
    this.processes++;
    return true;
  }

  removeProcess(): void {
    if (this.processes > 1) this.processes--;
  }
}

/** The run's budget in `runState` (created by the run's first machine from its options). */
export function runBudgetIn(runState: Map<string, unknown>, limit: number | undefined, maxProcesses: number | undefined): RunBudget {
  let b = runState.get('run-budget') as RunBudget | undefined;
  if (!b) runState.set('run-budget', (b = new RunBudget(limit ?? DEFAULT_MEMORY_LIMIT, maxProcesses ?? DEFAULT_MAX_PROCESSES)));
  return b;
}
