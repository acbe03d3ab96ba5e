/**
 * Run limits and deadlock detection: a guest that never ends must not hang CI.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';

const ROOT = join(__dirname, '..', '..');
const hang = join(ROOT, 'roms', 'bin', 'hang.exe');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

describe('time limit', () => {
  for (const mode of ['spin', 'sleep', 'wait', 'threads']) {
    it(`ends a guest that does '${mode}' forever with status limit`, async () => {
      const r = await runExecutable(hang, { args: [mode], timeoutMs: 300 });
      expect(r.status).toBe('limit');
      expect(r.exitCode).toBe(EXIT_CODES.limit);
      expect(r.message).toBe('time limit of 0.3 s reached');
      expect(r.stdout).toBe(`hang: ${mode}\n`);
    });
  }
  it('reports what each thread was doing', async () => {
    const r = await runExecutable(hang, { args: ['threads'], timeoutMs: 300 });
    expect(r.report).toMatch(/thread 0x[0-9a-f]+: blocked \(WaitForSingleObject\(0x[0-9a-f]+, INFINITE\)\)/);
    expect(r.report).toMatch(/thread 0x[0-9a-f]+: ready/);
  });
  it('the CLI --timeout exits with code 122 and says why', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--timeout', '0.3', hang, 'spin'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(EXIT_CODES.limit);
    expect(r.stderr).toMatch(/^wmemu: time limit of 0\.3 s reached\n/);
  });
});

describe('time slices are exact', () => {
  it('CPU-bound loops cut into many slices give the same results as an uninterrupted run', async () => {
    // unicorn 2.0's own timeout can resume by re-executing part of a block; wmemu ends slices with
    // a native block hook instead. This ROM fills/checks 32 MiB over ~0.5 s: dozens of slices.
    const r = await runExecutable(join(ROOT, 'roms', 'bin', 'slicecheck.exe'));
    expect(r.stdout).toBe('slicecheck: bad=0 odd=4194304 sum=00000000\n');
    expect(r.exitCode).toBe(0);
  });
  it('a loop that yields and calls the emulator thousands of times loses no store', async () => {
    // Regression guard: with any UC_HOOK_CODE installed, unicorn 2.0.1 drops guest stores around
    // slice stops (measured: a few words per 6 M); wmemu therefore traps imports with svc only.
    const r = await runExecutable(join(ROOT, 'roms', 'bin', 'yieldcheck.exe'));
    expect(r.stdout).toBe('yieldcheck: bad=0\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('deadlock detection (CLI)', () => {
  for (const [mode, reason] of [
    ['wait', /WaitForSingleObject\(0x[0-9a-f]+, INFINITE\)/],
    ['sleep', /Sleep\(INFINITE\)/],
  ] as const) {
    it(`a guest blocked forever in '${mode}' ends with exit code 119, not a hang`, () => {
      const r = spawnSync(process.execPath, [CLI, 'run', hang, mode], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(EXIT_CODES.deadlock);
      expect(r.stderr).toMatch(/^wmemu: deadlock: every guest thread is blocked and nothing can wake them\n/);
      expect(r.stderr).toMatch(reason);
    });
  }
});
