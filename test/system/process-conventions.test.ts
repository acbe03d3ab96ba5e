/**
 * Process conventions of `wmemu run` and the library (issue 15 items 3, 4, 7): signals end the run
 * with 128+N, a closed output pipe with 141 (never a hang), --result-json tells CI what happened
 * (guest exit codes above 255 too), a deadlocked guest settles `exited` in plain CommonJS and ESM
 * scripts, --ready-file and --pcap - for shell scripts, --trace-data and --trace-summary.
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect } from 'node:net';
import { once } from 'node:events';
import { EXIT_CODES } from '../../emulator/core/run-result.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const tmp = () => mkdtempSync(join(tmpdir(), 'wmemu-conv-'));

/** Resolves with the exit code; a child still alive `graceMs` after `deadlineFrom()` is killed (code null). */
function exitWithin(child: ChildProcess, graceMs: number): { arm: () => void; code: Promise<number | null> } {
  let timer: NodeJS.Timeout | undefined;
  const code = once(child, 'exit').then(([c]) => {
    clearTimeout(timer);
    return c as number | null;
  });
  return { arm: () => (timer = setTimeout(() => child.kill('SIGKILL'), graceMs)), code };
}

/** Waits until the child printed `text` on stdout or stderr. */
async function waitForText(child: ChildProcess, text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const on = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) resolve();
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', () => reject(new Error(`exited before printing ${text}: ${seen}`)));
  });
}

describe('signals and closed pipes', () => {
  for (const [sig, code] of [
    ['SIGTERM', EXIT_CODES.terminated],
    ['SIGINT', EXIT_CODES.interrupted],
  ] as const) {
    it(`${sig} ends a spinning guest with ${code}, within 1 s`, async () => {
      const child = spawn(process.execPath, [CLI, 'run', rom('hang'), 'spin'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exit = exitWithin(child, 1000);
      await waitForText(child, 'hang: spin');
      child.kill(sig);
      exit.arm();
      expect(await exit.code).toBe(code);
    });
  }

  it('a closed pipe on stderr (`--trace ... 2>&1 | head -3`) ends the run with 141 within 1 s; the shell pipeline returns', async () => {
    const child = spawn(process.execPath, [CLI, 'run', '--trace', rom('bench_trap')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exit = exitWithin(child, 1000);
    await waitForText(child, 'GetTickCount');
    child.stderr!.destroy();
    child.stdout!.destroy();
    exit.arm();
    expect(await exit.code).toBe(EXIT_CODES.brokenPipe);

    const sh = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" run --trace "${rom('bench_trap')}" 2>&1 | head -3 >/dev/null; echo $?`], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(sh.status).toBe(0);
  });
});

describe('--result-json', () => {
  it('status, the full guest exit code (256 is not 0 here), reason, duration, counts', () => {
    const f = join(tmp(), 'r.json');
    const r = spawnSync(process.execPath, [CLI, 'run', '--result-json', f, rom('exitcodes'), 'exit', '256'], { encoding: 'utf8' });
    expect(r.status).toBe(0); // the host sees the low 8 bits, as on any POSIX system
    const j = JSON.parse(readFileSync(f, 'utf8'));
    expect(j).toMatchObject({ status: 'exited', exitCode: 0, guestExitCode: 256, reason: null, counts: { apiErrors: null } });
    expect(j.durationMs).toBeGreaterThanOrEqual(0);
    expect(j.counts.apiCalls).toBeGreaterThan(0);
    expect(j.counts.stdoutBytes).toBe(Buffer.byteLength(r.stdout));
  });

  it('a verdict: deadlock 119 with its reason; a load error 123', () => {
    const f = join(tmp(), 'r.json');
    const r = spawnSync(process.execPath, [CLI, 'run', '--result-json', f, rom('hang'), 'wait'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(EXIT_CODES.deadlock);
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({
      status: 'deadlock',
      exitCode: 119,
      guestExitCode: null,
      reason: expect.stringMatching(/^deadlock/),
    });
    const missing = spawnSync(process.execPath, [CLI, 'run', '--result-json', f, join(tmp(), 'none.exe')], { encoding: 'utf8' });
    expect(missing.status).toBe(EXIT_CODES.load);
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({ status: 'load-error', exitCode: 123 });
  });
});

describe('deadlock under the library: exited settles with status deadlock', () => {
  const index = pathToFileURL(join(ROOT, 'dist', 'emulator', 'index.js')).href;
  const cases = {
    'plain CommonJS script': [
      'cjs.cjs',
      `import(${JSON.stringify(index)}).then((m) => m.runExecutable(${JSON.stringify(rom('hang'))}, { args: ['wait'] })).then((r) => console.log(r.status, r.exitCode));`,
    ],
    'ESM script with top-level await': [
      'esm.mjs',
      `import { runExecutable } from ${JSON.stringify(index)};\nconst r = await runExecutable(${JSON.stringify(rom('hang'))}, { args: ['wait'] });\nconsole.log(r.status, r.exitCode);`,
    ],
  } as const;
  for (const [what, [name, src]] of Object.entries(cases)) {
    it(what, () => {
      const f = join(tmp(), name);
      writeFileSync(f, src);
      const r = spawnSync(process.execPath, [f], { encoding: 'utf8', timeout: 20_000 });
      expect(r.stdout).toBe('deadlock 119\n');
      expect(r.status).toBe(0);
    });
  }
});

describe('readiness for shell scripts', () => {
  it('--ready-file holds the port once the guest listens; a client connects to it', async () => {
    const f = join(tmp(), 'ready');
    const child = spawn(process.execPath, [CLI, 'run', '--ready-file', f, rom('ws_echosrv'), '0', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await waitForText(child, 'listening port=');
      let port = 0;
      for (let i = 0; i < 200 && !port; i++) {
        if (existsSync(f)) port = parseInt(readFileSync(f, 'utf8'), 10) || 0;
        if (!port) await new Promise((r) => setTimeout(r, 25));
      }
      expect(port).toBeGreaterThan(0);
      const s = connect(port, '127.0.0.1');
      await once(s, 'connect');
      s.end('ping');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
    } finally {
      child.kill();
    }
  });

  it('--pcap - writes the capture to stdout (the guest console goes to stderr)', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--pcap', '-', rom('hello'), 'alpha'], { timeout: 20_000 });
    expect(r.status).toBe(7);
    expect(r.stdout.readUInt32LE(0)).toBe(0xa1b2c3d4);
    expect(r.stdout.length).toBe(24); // hello.exe uses no network: the file header only
    expect(r.stderr.toString()).toContain('lpCmdLine: [alpha]');
  });
});

describe('trace data and summary', () => {
  it('--trace-summary prints the strace -c like table: calls, errors, time per API and a total', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'run', '--trace-filter', 'send,recv', '--trace-data', '4', '--trace-summary', rom('ws_echocli'), '127.0.0.1', '1'],
      {
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(r.stderr).toMatch(/^ +calls +errors +time ms +api$/m);
    expect(r.stderr).toMatch(/^ +\d+ +\d+ +[\d.]+ +total$/m);
  });

  it('send and recv buffers in the trace (an echo through a real loopback peer)', async () => {
    const { createServer } = await import('node:net');
    const server = createServer((c) => c.on('data', (d) => c.write(d)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    try {
      const child = spawn(
        process.execPath,
        [CLI, 'run', '--trace-filter', 'send,recv', '--trace-format', 'json', '--trace-data', '3', rom('ws_echocli'), '127.0.0.1', String(port), '8', '1'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      const recs = err
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      const send = recs.find((x) => x.name === 'send' && x.ret !== undefined);
      const recv = recs.find((x) => x.name === 'recv' && x.ret > 0);
      expect(send.data).toMatch(/^[0-9a-f]{6}$/);
      expect(recv.data).toBe(send.data);
      expect(send.args.flags).toEqual([]);
    } finally {
      server.close();
    }
  });
});
