/** wmemu's programmatic API. */
export { Machine, EXIT_CODES, type MachineOptions, type RunResult, type RunStatus } from './machine.js';
export { runExecutable, type RunOptions, type CapturedRun } from './run.js';
export { CPU_MODELS, DEFAULT_CPU } from './unicorn/unicorn.js';
