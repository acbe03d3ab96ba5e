/**
 * Issue 17: what a hostile guest and an ordinary pipe broke. Each block is one item of the issue, run
 * through the real CLI in a child process (pipes, signals, --timeout) with roms/bin/reliab.exe.
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const ROM = join(ROOT, 'roms', 'bin', 'reliab.exe');

/** The byte stream reliab.exe's out/pf/pfbig write (see roms/src/reliab.c). */
function pattern(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i % 64 === 63 ? 10 : 97 + (i % 26);
  return b;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Piped {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: Buffer;
  stderr: string;
}

/**
 * Runs `wmemu run ...args` with its stdout a pipe read by a slow reader: `pauseMs` of no reading
 * after every `every` bytes. `onData` sees the running byte count (to signal the child mid-run).
 */
function runPiped(args: string[], opts: { every: number; pauseMs: number; onData?: (n: number, kill: (s: NodeJS.Signals) => void) => void }): Promise<Piped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const parts: Buffer[] = [];
    let n = 0;
    let sinceLast = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      parts.push(d);
      n += d.length;
      sinceLast += d.length;
      opts.onData?.(n, (s) => child.kill(s));
      if (sinceLast >= opts.every) {
        sinceLast = 0;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), opts.pauseMs);
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`wmemu ${args.join(' ')} did not end: ${stderr}`));
    }, 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out: Buffer.concat(parts), stderr });
    });
  });
}

describe('item 1: console output through a pipe arrives whole', () => {
  it('8 MiB of fwrite output reach a slow reader byte for byte, exit code 0', async () => {
    const r = await runPiped([ROM, 'out', '8'], { every: 1 << 20, pauseMs: 150 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.length).toBe(8 << 20);
    expect(sha(r.out)).toBe(sha(pattern(8 << 20)));
  });

  it('printf("%s") of 24 MiB in one call is not capped at 16 MiB', async () => {
    const r = await runPiped([ROM, 'pfbig', '24'], { every: 4 << 20, pauseMs: 20 });
    expect(r.code).toBe(0);
    expect(r.out.length).toBe(24 << 20);
    expect(sha(r.out)).toBe(sha(pattern(24 << 20)));
  });

  it('SIGTERM mid-run: exit code 143, and what was printed before it arrives whole (no cut chunk)', async () => {
    let sent = false;
    const r = await runPiped([ROM, 'pf', '64'], {
      every: 256 << 10,
      pauseMs: 100,
      onData: (n, kill) => {
        if (!sent && n >= 1 << 20) {
          sent = true;
          kill('SIGTERM');
        }
      },
    });
    expect(r.code).toBe(143); // 128 + SIGTERM
    expect(r.stderr).toMatch(/interrupted by SIGTERM/);
    // Backpressure: the guest was held back, so it had not printed everything when the signal came.
    expect(r.out.length).toBeLessThan(64 << 20);
    // Every printf call is 64 KiB: whatever the guest printed arrived completely and in order.
    expect(r.out.length % 65536).toBe(0);
    expect(sha(r.out)).toBe(sha(pattern(r.out.length)));
  });

  it('a reader that goes away (| head) ends the run with 141 (as SIGPIPE would), not a Node error', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" run "${ROM}" out 4 | head -c 1000 | wc -c; echo "status \${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGKILL',
    });
    expect(r.stdout).toMatch(/^1000\nstatus 141\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});

describe('item 2: no API call outlives --timeout', () => {
  // strlen/wcslen of 128 MiB took quadratic time (94 s with --timeout 5): now linear, so the whole run
  // (the guest fills the string, then one call measures it) ends well inside its time limit.
  it.each([
    ['strlen', 'strlen=134217728'],
    ['wcslen', 'wcslen=67108864'],
  ])('%s of a 128 MiB string returns within --timeout 10', (op, want) => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--timeout', '10', ROM, op, '128'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBe(null);
    expect(r.stdout.trim()).toBe(want);
    expect(r.status).toBe(0);
  });
});
