/**
 * Host-side peers for the Winsock tests (all on loopback): echo servers, a "hello then close"
 * server, a refused port, and a runner for wmemu CLI child processes that exposes their stdout lines.
 */
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');
export const rom = (name: string) => join(ROOT, 'roms', 'bin', `${name}.exe`);

export interface Peer {
  port: number;
  close(): Promise<void>;
}

async function listen(server: net.Server, host: string): Promise<Peer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
    c.on('error', () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of sockets) c.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A TCP echo server (nc -e cat style). */
export function echoServer(host = '127.0.0.1'): Promise<Peer> {
  return listen(
    net.createServer((c) => c.pipe(c)),
    host,
  );
}

/** For each connection: "hello" after `delayMs`, then a graceful close after another `delayMs`. */
export function helloServer(delayMs = 200, host = '127.0.0.1'): Promise<Peer> {
  return listen(
    net.createServer((c) => {
      setTimeout(() => {
        if (c.destroyed) return;
        c.write('hello');
        setTimeout(() => c.end(), delayMs);
      }, delayMs);
    }),
    host,
  );
}

/** A loopback port nothing listens on (bound once, then released). */
export async function refusedPort(): Promise<number> {
  const p = await listen(net.createServer(), '127.0.0.1');
  await p.close();
  return p.port;
}

export interface Child {
  proc: ChildProcess;
  /** Resolves with the first stdout line matching `re`. */
  line(re: RegExp): Promise<RegExpMatchArray>;
  /** Resolves when the process exits: exit code and all output. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Runs `wmemu run <args>` in a child process. */
export function wmemu(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  proc.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    for (const w of [...waiters]) {
      const m = stdout.match(w.re);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    proc,
    done,
    line: (re) =>
      new Promise((resolve, reject) => {
        const m = stdout.match(re);
        if (m) return resolve(m);
        waiters.push({ re, resolve });
        done.then(({ code }) => reject(new Error(`wmemu exited (${code}) before printing ${re}:\n${stdout}\n${stderr}`)));
      }),
  };
}

/** Connects to host:port, sends `data`, collects everything echoed until `data.length` bytes came back. */
export function echoRoundTrip(port: number, data: Buffer, host = '127.0.0.1'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, host);
    const got: Buffer[] = [];
    let n = 0;
    c.on('error', reject);
    c.on('connect', () => c.write(data));
    c.on('data', (d) => {
      got.push(d);
      n += d.length;
      if (n >= data.length) c.end();
    });
    c.on('close', () => resolve(Buffer.concat(got)));
  });
}
