/**
 * Guest limits: memory cap, thread cap, handle cap, and unicorn's region table. A guest that hits one
 * gets the documented failure (NULL + ERROR_NOT_ENOUGH_MEMORY, as real CE), can report it and go on;
 * where an export cannot fail that way the run ends with the 'limit' verdict (exit code 122). Never
 * an exception, an internal error, or a host crash.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';
import { createMachine } from '../../emulator/system/dll-set.js';
import { OutOfGuestMemory } from '../../emulator/core/memory/address-space.js';
import { ERROR } from '../../emulator/core/win32-errors.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const MiB = 1024 * 1024;

describe('guest memory cap', () => {
  // 16 MiB cap: the image, stack and process heap take ~2 MiB, so 14 blocks of 1 MiB fit.
  for (const [mode, err] of [
    ['local', ERROR.NOT_ENOUGH_MEMORY],
    ['heap', ERROR.NOT_ENOUGH_MEMORY],
    ['virtual', ERROR.NOT_ENOUGH_MEMORY],
    ['malloc', 0],
  ] as const) {
    it(`${mode}: allocations return NULL at the cap, the memory obtained is usable, freeing makes room again`, async () => {
      const r = await runExecutable(rom('limits_mem'), { args: [mode], memoryLimit: 16 * MiB, timeoutMs: 10_000 });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
      // malloc is the C runtime: NULL without touching the last error (errno is ENOMEM on CE's CRT).
      expect(r.stdout).toMatch(new RegExp(`^limits_mem: ${mode} NULL after 1[2-4] blocks err=${err}; 0 bad; after free: ok\\n$`));
    });
  }

  it('small blocks: LocalAlloc(4 KiB) until NULL', async () => {
    const r = await runExecutable(rom('limits_mem'), { args: ['small'], memoryLimit: 16 * MiB, timeoutMs: 10_000 });
    expect(r.stdout).toMatch(/^limits_mem: small NULL after \d{4} blocks err=8; 0 bad; after free: ok\n$/);
  });

  it('a guest that writes through the NULL it got crashes with a guest-level report (CLI exit code 121)', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--memory-limit', '16', '--timeout', '10', rom('limits_mem'), 'local', 'crash'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(EXIT_CODES.crashed);
    expect(r.stderr).toMatch(/^wmemu: guest access violation: write of unmapped address 0x00000000 /);
  });
});

describe("unicorn's region table (it aborts the host process past ~1016 regions)", () => {
  it('4 KiB VirtualAllocs (one mapping each) return NULL at the region cap instead of killing Node', async () => {
    // Before the cap, the ~1016th mapping hit qemu's assertion `map->sections_nb < TARGET_PAGE_SIZE`: SIGABRT.
    const r = await runExecutable(rom('limits_mem'), { args: ['pages'], timeoutMs: 20_000 });
    expect(r.status).toBe('exited');
    expect(r.stdout).toMatch(/^limits_mem: pages NULL after (8\d\d) blocks err=8; 0 bad; after free: ok\n$/);
  });

  it('protections that split mappings fail with OutOfGuestMemory at the cap (in-process: the host survives)', () => {
    // `limits_mem protect` does the same from the guest (VirtualProtect then ends the run with the
    // 'limit' verdict, exit code 122); unicorn gets slow with ~900 regions, so the suite does it here.
    const m = createMachine();
    try {
      const base = m.space.reserve(16 * MiB, 'test');
      m.space.commit(base, 16 * MiB, 3);
      let n = 0;
      expect(() => {
        for (; n < 2048; n++) m.mem.protect(base + 0x2000 * n, 0x1000, 1);
      }).toThrow(OutOfGuestMemory);
      expect(n).toBeGreaterThan(400);
      expect(n).toBeLessThan(450); // each protect in the middle of a mapping adds two regions
    } finally {
      m.close();
    }
  });

  it('one 1 MiB VirtualAlloc is one mapping (committed as a run, not page by page)', async () => {
    const r = await runExecutable(rom('limits_mem'), { args: ['virtual'], timeoutMs: 20_000 });
    // 256 MiB default cap: ~250 blocks; page-by-page commits hit the region cap after 3.
    expect(r.stdout).toMatch(/^limits_mem: virtual NULL after 2[45]\d blocks err=8; 0 bad; after free: ok\n$/);
  });
});

describe('thread and handle caps', () => {
  it('CreateThread returns NULL with ERROR.NOT_ENOUGH_MEMORY at maxThreads; works again after threads exit', async () => {
    const r = await runExecutable(rom('limits_threads'), { args: ['threads'], maxThreads: 20, timeoutMs: 10_000 });
    expect(r.status).toBe('exited');
    expect(r.stdout).toBe('limits_threads: threads NULL after 19 err=8; again: ok\n'); // + the main thread = 20
  });

  it('CreateEventW returns NULL with ERROR.NOT_ENOUGH_MEMORY at maxHandles; a closed handle makes room', async () => {
    const r = await runExecutable(rom('limits_threads'), { args: ['handles'], maxHandles: 100, timeoutMs: 10_000 });
    expect(r.status).toBe('exited');
    expect(r.stdout).toMatch(/^limits_threads: handles NULL after 9\d err=8; again: ok\n$/);
  });

  it('default caps: 255 threads besides the main thread', async () => {
    const r = await runExecutable(rom('limits_threads'), { args: ['threads'], timeoutMs: 20_000 });
    expect(r.stdout).toBe('limits_threads: threads NULL after 255 err=8; again: ok\n');
  });
});
