/**
 * Interoperability of the guest Winsock with real peers on loopback (127.0.0.1 and ::1):
 *  - the guest echo server (ws_echosrv, select()-driven) with several concurrent host `net` clients;
 *  - the guest echo client (ws_echocli) with a host echo server, by address, IPv6, and by a device
 *    name from the hosts map;
 *  - guest server ↔ guest clients in separate emulator processes (the wmemu CLI);
 *  - two guest threads on one socket: one blocked in recv while the other sends (ws_mt);
 *  - bulk transfers guest→host and host→guest, blocking and non-blocking, verified word by word on
 *    the receiving side and checksummed on both: 64 MiB by default, 1 GiB with WMEMU_BIG=1.
 *
 * The bulk runs use the deterministic clock (instruction-counted time slices): with wall-clock
 * slices unicorn's asynchronous time-out can restart a translation block half-executed and corrupt
 * the guest's checksum loop (bench/README.md, finding 1), which is not what this test is about.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { runExecutable } from '../../emulator/system/run.js';
import { echoRoundTrip, echoServer, rom, wmemu, type Peer } from '../helpers/ws-peers.js';
import { PatternChecker, PatternWriter, patternSum } from '../helpers/ws-pattern.js';

const BIG = process.env.WMEMU_BIG === '1';
const BULK_BYTES = BIG ? 1024 * 1024 * 1024 : 64 * 1024 * 1024;
const BULK_TIMEOUT = BIG ? 900_000 : 120_000;

function firstLine(re: RegExp, start: (onStdout: (d: Uint8Array) => void) => void): Promise<RegExpMatchArray> {
  return new Promise((resolve) => {
    let text = '';
    start((d) => {
      text += Buffer.from(d).toString('utf8');
      const m = text.match(re);
      if (m) resolve(m);
    });
  });
}

describe('guest echo server ↔ host clients', () => {
  for (const [label, host, extra] of [
    ['IPv4', '127.0.0.1', []],
    ['IPv6', '::1', ['v6']],
  ] as const) {
    it(`${label}: three concurrent host clients get their bytes back`, async () => {
      let run!: ReturnType<typeof runExecutable>;
      const m = await firstLine(/listening port=(\d+)/, (onStdout) => {
        run = runExecutable(rom('ws_echosrv'), { args: ['0', '3', ...extra], onStdout, timeoutMs: 60_000 });
      });
      const port = Number(m[1]);
      const payloads = [randomBytes(1), randomBytes(70_000), randomBytes(300_000)];
      const echoed = await Promise.all(payloads.map((p) => echoRoundTrip(port, p, host)));
      echoed.forEach((e, i) => expect(e.equals(payloads[i]!), `client ${i}`).toBe(true));
      const r = await run;
      expect(r.stdout).toContain(`served 3 clients bytes=${70_001 + 300_000}`);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    });
  }
});

describe('guest echo client ↔ host echo server', () => {
  let v4: Peer;
  let v6: Peer;
  beforeAll(async () => {
    v4 = await echoServer('127.0.0.1');
    v6 = await echoServer('::1');
  });
  afterAll(async () => {
    await v4.close();
    await v6.close();
  });

  it('by IPv4 address', async () => {
    const r = await runExecutable(rom('ws_echocli'), { args: ['127.0.0.1', String(v4.port), '100000', '4000'], timeoutMs: 60_000 });
    expect(r.stdout.trim()).toBe(`echo ok bytes=100000 sum=${patternSum(100000)}`);
    expect(r.exitCode).toBe(0);
  });

  it('by IPv6 address', async () => {
    const r = await runExecutable(rom('ws_echocli'), { args: ['::1', String(v6.port), '20000'], timeoutMs: 60_000 });
    expect(r.stdout.trim()).toBe(`echo ok bytes=20000 sum=${patternSum(20000)}`);
    expect(r.exitCode).toBe(0);
  });

  it('by a hard-coded device name pointed at the peer through the hosts map', async () => {
    const r = await runExecutable(rom('ws_echocli'), {
      args: ['SERVER.corp.local', String(v4.port), '5000'],
      hosts: { 'server.corp.local': '127.0.0.1' },
      timeoutMs: 60_000,
    });
    expect(r.stdout.trim()).toBe(`echo ok bytes=5000 sum=${patternSum(5000)}`);
  });

  it('two guest threads on one socket: one blocked in recv while the other sends', async () => {
    const r = await runExecutable(rom('ws_mt'), { args: ['127.0.0.1', String(v4.port), '200000'], timeoutMs: 60_000 });
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails, r.stdout + r.stderr).toEqual([]);
    expect(r.stdout).toContain('ok reader is blocked in recv before anything was sent');
    expect(r.stdout).toContain('ok reader got 200000 bytes, 0 bad words, error 0');
    expect(r.stdout).toContain('ok blocked recv returned WSAEINTR');
    expect(r.exitCode).toBe(0);
  });
});

describe('guest server ↔ guest clients in two emulator processes', () => {
  it('ws_echosrv and two ws_echocli (one through --host) as separate wmemu processes', async () => {
    const srv = wmemu([rom('ws_echosrv'), '0', '2']);
    const port = (await srv.line(/listening port=(\d+)/))[1]!;
    const a = wmemu([rom('ws_echocli'), '127.0.0.1', port, '50000', '2000']);
    const b = wmemu(['--host', 'echo.device=127.0.0.1', rom('ws_echocli'), 'echo.device', port, '30000']);
    const [ra, rb, rs] = await Promise.all([a.done, b.done, srv.done]);
    expect(ra.stdout.trim(), ra.stderr).toBe(`echo ok bytes=50000 sum=${patternSum(50000)}`);
    expect(rb.stdout.trim(), rb.stderr).toBe(`echo ok bytes=30000 sum=${patternSum(30000)}`);
    expect(rs.stdout, rs.stderr).toContain('served 2 clients bytes=80000');
    expect([ra.code, rb.code, rs.code]).toEqual([0, 0, 0]);
  });
});

describe(`bulk transfer, ${BULK_BYTES / 1024 / 1024} MiB${BIG ? '' : ' (WMEMU_BIG=1: 1 GiB)'}`, () => {
  const expected = patternSum(BULK_BYTES);

  for (const mode of ['blocking', 'nonblock'] as const) {
    it(
      `guest → host, ${mode}`,
      async () => {
        let host: { bytes: number; sum: string; clean: boolean; firstBad: number } | undefined;
        const srv = net.createServer((c) => {
          const chk = new PatternChecker();
          c.on('data', (d: Buffer) => chk.push(d));
          c.on('end', () => {
            host = { bytes: chk.bytes, sum: chk.sum, clean: chk.clean, firstBad: chk.firstBad };
            c.end();
          });
          c.on('error', () => {});
        });
        await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
        const port = (srv.address() as net.AddressInfo).port;
        const t0 = Date.now();
        const args = ['send', '127.0.0.1', String(port), String(BULK_BYTES), ...(mode === 'nonblock' ? ['nonblock'] : [])];
        const r = await runExecutable(rom('ws_bulk'), { args, deterministic: true });
        const ms = Date.now() - t0;
        srv.close();
        console.log(`ws_bulk send ${BULK_BYTES} bytes ${mode}: ${ms} ms (${(BULK_BYTES / 1048576 / (ms / 1000)).toFixed(1)} MiB/s)`);
        expect(r.exitCode, r.stdout + r.stderr).toBe(0);
        expect(host).toEqual({ bytes: BULK_BYTES, sum: expected, clean: true, firstBad: -1 });
        expect(r.stdout).toContain(`bulk send bytes=${BULK_BYTES} sum=${expected}`);
      },
      BULK_TIMEOUT,
    );

    it(
      `host → guest, ${mode}`,
      async () => {
        const writer = new PatternWriter();
        const srv = net.createServer((c) => {
          let left = BULK_BYTES;
          const pump = () => {
            while (left > 0) {
              const n = Math.min(left, 1 << 20);
              const b = Buffer.allocUnsafe(n);
              writer.fill(b);
              left -= n;
              if (!c.write(b)) return void c.once('drain', pump);
            }
            c.end();
          };
          c.on('error', () => {});
          pump();
        });
        await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
        const port = (srv.address() as net.AddressInfo).port;
        const t0 = Date.now();
        const args = ['recv', '127.0.0.1', String(port), String(BULK_BYTES), ...(mode === 'nonblock' ? ['nonblock'] : [])];
        const r = await runExecutable(rom('ws_bulk'), { args, deterministic: true });
        const ms = Date.now() - t0;
        srv.close();
        console.log(`ws_bulk recv ${BULK_BYTES} bytes ${mode}: ${ms} ms (${(BULK_BYTES / 1048576 / (ms / 1000)).toFixed(1)} MiB/s)`);
        expect(r.stdout, r.stderr).toContain(`bulk recv bytes=${BULK_BYTES} sum=${expected}`);
        expect(r.stdout).not.toContain('mismatch');
        expect(writer.sum).toBe(expected);
        expect(r.exitCode).toBe(0);
      },
      BULK_TIMEOUT,
    );
  }
});
