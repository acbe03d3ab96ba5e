/**
 * Clean shutdown: SIGINT/SIGTERM to `wmemu run` while the guest sleeps, spins or holds a listening
 * socket ends with exit code 130 / 143 (128 + signal) and a one-line message, and leaves nothing behind (the process is
 * gone, its port is free at once). In-process runs (the programmatic API) that end by a limit or a
 * guest crash close the guest's host sockets: no stray descriptors, the port is free.
 */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';
import { createMachine } from '../../emulator/system/dll-set.js';

const ROOT = join(__dirname, '..', '..');
const ROM = join(ROOT, 'roms', 'bin', 'limits_shutdown.exe');
const HANG = join(ROOT, 'roms', 'bin', 'hang.exe');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Descriptors of a process: fd -> link target (socket:[inode], pipe:[...], /path). */
function fds(pid: number | 'self'): Map<string, string> {
  const dir = `/proc/${pid}/fd`;
  const out = new Map<string, string>();
  for (const fd of readdirSync(dir)) {
    try {
      out.set(fd, readlinkSync(join(dir, fd)));
    } catch {
      // closed while listing
    }
  }
  return out;
}

/** A TCP port that is free right now on 127.0.0.1. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Whether we can listen on 127.0.0.1:port right now (the guest's socket is gone). */
async function canListen(port: number): Promise<boolean> {
  const s = createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

interface Child {
  pid: number;
  stdout: string;
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(sig: NodeJS.Signals): void;
}

/** Starts `wmemu run ...` and resolves once its stdout contains `ready`. */
async function startCli(args: string[], ready: string): Promise<Child> {
  const p = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const c: Child = {
    pid: p.pid!,
    stdout: '',
    stderr: '',
    exit: new Promise((r) => p.on('close', (code, signal) => r({ code, signal }))),
    kill: (sig) => p.kill(sig),
  };
  p.stderr.on('data', (d) => (c.stderr += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no '${ready}' within 15 s: ${c.stdout} ${c.stderr}`)), 15_000);
    p.stdout.on('data', (d) => {
      c.stdout += d;
      if (c.stdout.includes(ready)) {
        clearTimeout(t);
        resolve();
      }
    });
    void c.exit.then(() => reject(new Error(`exited early: ${c.stdout} ${c.stderr}`)));
  });
  return c;
}

describe('SIGINT / SIGTERM to wmemu run', () => {
  for (const [sig, mode] of [
    ['SIGINT', 'sleep'],
    ['SIGTERM', 'sleep'],
    ['SIGINT', 'spin'],
    ['SIGTERM', 'spin'],
  ] as const) {
    it(`${sig} while the guest does '${mode}': exit code 128 + signal, one line, process gone`, async () => {
      const c = await startCli([ROM, mode], 'ready');
      c.kill(sig);
      const { code, signal } = await c.exit;
      expect(signal).toBeNull();
      expect(code).toBe(sig === 'SIGINT' ? EXIT_CODES.interrupted : EXIT_CODES.terminated);
      expect(c.stderr).toBe(`wmemu: interrupted by ${sig}\n`);
      expect(existsSync(`/proc/${c.pid}`)).toBe(false);
    });
  }

  it('SIGTERM while the guest listens: the socket was the guest’s, and the port is free right after', async () => {
    const port = await freePort();
    const c = await startCli([ROM, 'listen', String(port)], 'listening');
    const sockets = [...fds(c.pid).values()].filter((l) => l.startsWith('socket:'));
    expect(sockets.length).toBeGreaterThanOrEqual(1);
    expect(await canListen(port)).toBe(false); // really held by the guest
    c.kill('SIGTERM');
    const { code } = await c.exit;
    expect(code).toBe(EXIT_CODES.terminated);
    expect(c.stderr).toBe('wmemu: interrupted by SIGTERM\n');
    expect(await canListen(port)).toBe(true);
  });

  it('a second signal while shutting down does not change the verdict', async () => {
    const c = await startCli([ROM, 'spin'], 'ready');
    c.kill('SIGINT');
    // Sent back to back, the two signals may be handled in either order (Node's threads each take one and
    // queue it to the event loop): let the first be handled, so that the second arrives while shutting down.
    await new Promise((r) => setTimeout(r, 50));
    c.kill('SIGTERM');
    const { code } = await c.exit;
    // The first signal's verdict (SIGINT: 130) stands.
    expect(code).toBe(EXIT_CODES.interrupted);
    expect(c.stderr.split('\n')[0]).toBe('wmemu: interrupted by SIGINT');
  });
});

// Machine.close() runs the Winsock shutdown hook, which closes every host socket the guest left open,
// so a long-lived host process (a test runner using the programmatic API) keeps no fds or ports.
describe('in-process runs leave no host sockets behind', () => {
  const sockets = () => [...fds('self').values()].filter((l) => l.startsWith('socket:')).length;

  it('a guest stopped by the time limit while listening: its socket is closed, the port is free', async () => {
    const port = await freePort();
    const before = sockets();
    const r = await runExecutable(ROM, { args: ['listen', String(port)], timeoutMs: 500 });
    expect(r.status).toBe('limit');
    expect(r.stdout).toBe('listening\n');
    expect(sockets()).toBe(before);
    expect(await canListen(port)).toBe(true);
  });

  it('a guest that crashes while listening: its socket is closed, the port is free', async () => {
    const port = await freePort();
    const before = sockets();
    const r = await runExecutable(ROM, { args: ['listen', String(port), 'crash'], timeoutMs: 5000 });
    expect(r.status).toBe('crashed');
    expect(r.message).toMatch(/^guest access violation: write of unmapped address 0x00000000 /);
    expect(sockets()).toBe(before);
    expect(await canListen(port)).toBe(true);
  });

  it('a crashed guest run through the CLI exits 121 and frees its port', async () => {
    const port = await freePort();
    const p = spawn(process.execPath, [CLI, 'run', ROM, 'listen', String(port), 'crash'], { stdio: 'ignore' });
    const code = await new Promise((r) => p.on('close', r));
    expect(code).toBe(EXIT_CODES.crashed);
    expect(await canListen(port)).toBe(true);
  });
});

describe('shutdown hooks', () => {
  it('run once, last registered first, when an interrupted machine closes', async () => {
    const m = createMachine({ args: ['spin'] });
    const order: string[] = [];
    m.onShutdown(() => order.push('first'));
    m.onShutdown(() => order.push('second'));
    m.onShutdown(() => {
      throw new Error('a failing hook does not stop the others');
    });
    const { readFileSync } = await import('node:fs');
    m.loadExecutable(readFileSync(HANG), 'hang.exe');
    setTimeout(() => m.abort('interrupted', EXIT_CODES.interrupted, 'interrupted by SIGINT'), 200);
    const r = await m.run();
    expect(r).toMatchObject({ status: 'interrupted', exitCode: 130, message: 'interrupted by SIGINT' });
    m.close();
    m.close();
    expect(order).toEqual(['second', 'first']);
  });
});
