/**
 * Faults from the network, as a guest sees them (roms/bin/ws_faults.exe), against real loopback peers
 * opened here: peer reset mid-stream, a peer that stops reading (blocking send parks while the Node
 * event loop keeps running; non-blocking gets WSAEWOULDBLOCK), half-close, connection refused, DNS
 * failure, UDP port unreachable, a slow peer. Every stream carries the ws_util.h pattern, checked
 * word by word on the receiving side, so a lost or duplicated byte shows.
 *
 * And load: the thread-per-client guest echo server (roms/bin/ws_echomt.exe, a wmemu CLI child)
 * holds 200 concurrent host clients, every byte echoed intact; the child's peak RSS (VmHWM) is
 * printed.
 *
 * Nothing here queries the outside network: DNS failures use `.invalid` names (answered by the shim
 * itself, RFC 6761) and the hosts map.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { Machine, type MachineOptions } from '../../emulator/core/machine.js';
import { createMachine } from '../../emulator/system/dll-set.js';
import { rom, refusedPort, wmemu } from '../helpers/ws-peers.js';
import { PatternChecker, PatternWriter, patternSum } from '../helpers/ws-pattern.js';

interface Guest {
  /** Resolves with the first output line matching `re`. */
  line(re: RegExp): Promise<RegExpMatchArray>;
  /** Output so far. */
  text(): string;
  /** The run's end: output lines, exit code, message. */
  done: Promise<{ lines: string[]; exitCode: number; message: string }>;
  machine: Machine;
}

/** Runs ws_faults in this process (the Node event loop is the emulator's). */
function guest(args: string[], opts: Omit<MachineOptions, 'args' | 'stdout'> = {}): Guest {
  let out = '';
  const waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const m = createMachine({
    timeoutMs: 60_000,
    ...opts,
    args,
    stdout: (d) => {
      out += Buffer.from(d).toString('utf8');
      for (const w of [...waiters]) {
        const hit = out.match(w.re);
        if (hit) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(hit);
        }
      }
    },
  });
  m.loadExecutable(readFileSync(rom('ws_faults')), 'ws_faults.exe');
  const done = m.run().then((r) => {
    m.close();
    return { lines: out.split('\n').filter((l) => l !== ''), exitCode: r.exitCode, message: r.message ?? '' };
  });
  return {
    machine: m,
    text: () => out,
    done,
    line: (re) =>
      new Promise((resolve, reject) => {
        const hit = out.match(re);
        if (hit) return resolve(hit);
        waiters.push({ re, resolve });
        done.then(() => reject(new Error(`the guest ended before printing ${re}:\n${out}`)));
      }),
  };
}

async function server(onConn: (c: net.Socket) => void, opts: net.ServerOpts = {}, host = '127.0.0.1'): Promise<{ port: number; close(): void }> {
  const conns = new Set<net.Socket>();
  const s = net.createServer(opts, (c) => {
    conns.add(c);
    c.on('error', () => {});
    c.on('close', () => conns.delete(c));
    onConn(c);
  });
  await new Promise<void>((r) => s.listen(0, host, () => r()));
  return {
    port: (s.address() as net.AddressInfo).port,
    close: () => {
      for (const c of conns) c.destroy();
      s.close();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults from the network', () => {
  it('peer reset mid-stream: WSAECONNRESET, and every byte before the reset arrived exactly once, in order', async () => {
    const FIRST = 1 << 20; // sent, then acknowledged by the guest
    const MORE = 4 << 20; // sent right before the reset: some of it may be lost with the RST, never reordered
    const pat = new PatternWriter();
    const peer = await server((c) => {
      const a = Buffer.alloc(FIRST);
      pat.fill(a);
      c.write(a);
      c.once('data', () => {
        const b = Buffer.alloc(MORE);
        pat.fill(b);
        c.write(b);
        setImmediate(() => c.resetAndDestroy());
      });
    });
    try {
      const g = guest(['reset', '127.0.0.1', String(peer.port), String(FIRST)]);
      const r = await g.done;
      expect(r.message).toBe('');
      expect(r.lines.slice(0, 2)).toEqual(['connected', 'ack=1']);
      const m = /^recv=-1 err=(\d+) bytes=(\d+) bad=(\d+) carry=(\d+) sum=(\S+)$/.exec(r.lines[2]!);
      expect(m, r.lines.join('\n')).not.toBeNull();
      const [, err, bytes, bad, carry, sum] = m!;
      expect(Number(err)).toBe(10054);
      expect(Number(bytes)).toBeGreaterThanOrEqual(FIRST);
      expect(Number(bytes)).toBeLessThanOrEqual(FIRST + MORE);
      expect(Number(bad)).toBe(0);
      const whole = Number(bytes) - Number(carry);
      expect(sum).toBe(patternSum(whole)); // the received stream is exactly the pattern prefix
      // The connection stays unusable. Winsock keeps failing recv with WSAECONNRESET; Linux reports the
      // reset once and then end-of-stream (0): both are accepted here. A send must fail.
      expect(r.lines[3]).toMatch(/^recv again=(-1 err=10054|0)$/);
      expect(r.lines[4]).toBe('send after reset=-1 err=10054');
      expect(r.exitCode).toBe(0);
    } finally {
      peer.close();
    }
  });

  it('peer stops reading: non-blocking sends fill the buffers then WSAEWOULDBLOCK; a blocking send parks while host timers fire; nothing lost', async () => {
    const N = 8 << 20;
    let peerSock!: net.Socket;
    const check = new PatternChecker();
    let ended!: () => void;
    const endedP = new Promise<void>((r) => (ended = r));
    const peer = await server(
      (c) => {
        peerSock = c; // paused: reads nothing until resumed
        c.on('data', (d) => check.push(d));
        c.on('end', () => {
          c.end();
          ended();
        });
      },
      { pauseOnConnect: true },
    );
    try {
      const g = guest(['stall', '127.0.0.1', String(peer.port), String(N)]);
      await g.line(/^sending$/m);
      expect(g.text()).toContain('nonblocking total>0=1 err=10035');
      // The guest is parked in send(): the event loop turns (this timer fires) and send has not returned.
      const t0 = Date.now();
      let fired = 0;
      await new Promise<void>((r) => setTimeout(() => ((fired = Date.now()), r()), 50));
      expect(fired).toBeGreaterThan(0);
      await sleep(200);
      expect(g.text()).not.toMatch(/^send=/m);
      const parked = [...g.machine.scheduler.threads].some((t) => /send\(/.test(t.waitReason ?? ''));
      expect(parked).toBe(true);
      expect(Date.now() - t0).toBeLessThan(30_000);
      peerSock.resume();
      const r = await g.done;
      await endedP;
      const nb = Number(/nonblocking bytes=(\d+)/.exec(r.lines.join('\n'))![1]);
      expect(r.lines).toContain(`send=${N}`);
      expect(r.lines).toContain('recv (peer close)=0');
      expect(check.bytes).toBe(nb + N);
      expect(check.bad).toBe(0);
      expect(r.exitCode).toBe(0);
    } finally {
      peer.close();
    }
  });

  it('half-close: after the peer shuts down its side, recv returns 0 and the guest can still send; the peer gets it all', async () => {
    const N = 300_000;
    const check = new PatternChecker();
    let ended!: () => void;
    const endedP = new Promise<void>((r) => (ended = r));
    const peer = await server(
      (c) => {
        c.on('data', (d) => check.push(d));
        c.on('end', () => ended());
        c.end('hello world'); // FIN after the data (shutdown(SHUT_WR)); the socket still reads
      },
      { allowHalfOpen: true },
    );
    try {
      const r = await guest(['halfclose', '127.0.0.1', String(peer.port), String(N)]).done;
      expect(r.lines).toEqual(['recv=0 after 11 bytes [hello world]', 'recv again=0', `send_all=0 bytes=${N}`, 'shutdown=0', 'closesocket=0', 'done']);
      await endedP;
      expect(check.bytes).toBe(N);
      expect(check.bad).toBe(0);
    } finally {
      peer.close();
    }
  });

  it('connection refused: WSAECONNREFUSED blocking; non-blocking: WSAEWOULDBLOCK, select reports exceptfds, SO_ERROR = WSAECONNREFUSED (v4 and v6)', async () => {
    const port = await refusedPort();
    for (const host of ['127.0.0.1', '::1']) {
      const r = await guest(['refused', host, String(port)]).done;
      expect(r.lines, host).toEqual([
        'connect=-1 err=10061',
        'connect(nonblocking)=-1 err=10035',
        'select=1 write=0 except=1',
        'getsockopt(SO_ERROR)=0',
        'SO_ERROR=10061',
        'done',
      ]);
    }
  });

  it('DNS failure: WSAHOST_NOT_FOUND from gethostbyname and getaddrinfo (.invalid names, hosts map; no query leaves the machine)', async () => {
    const hosts = { 'device-peer': '127.0.0.1' };
    const miss = await guest(['dns', 'device-peer.invalid'], { hosts }).done;
    expect(miss.lines).toEqual(['gethostbyname=NULL err=11001', 'getaddrinfo=11001 err=11001', 'done']);
    const hit = await guest(['dns', 'DEVICE-PEER'], { hosts }).done;
    expect(hit.lines).toEqual(['gethostbyname=found', 'getaddrinfo=0 err=0', 'done']);
  });

  it('UDP port unreachable: the next call reports WSAECONNRESET (unconnected recvfrom, connected recv)', async () => {
    const u = dgram.createSocket('udp4');
    await new Promise<void>((r) => u.bind(0, '127.0.0.1', () => r()));
    const port = u.address().port;
    u.close();
    const r = await guest(['udpunreach', '127.0.0.1', String(port)]).done;
    expect(r.lines).toEqual(['sendto=1', 'recvfrom=-1 err=10054', 'connect=0', 'send=1', 'recv=-1 err=10054', 'done']);
  });

  it('slow peer (reads 1 KiB every 2 ms): one 4 MiB blocking send completes, intact', async () => {
    const N = 4 << 20;
    const g = guest(['slowsrv', String(N)]);
    const port = Number((await g.line(/listening port=(\d+)/))[1]);
    const check = new PatternChecker();
    let reads = 0;
    let maxRead = 0;
    const c: net.Socket = net.connect({
      port,
      host: '127.0.0.1',
      onread: {
        buffer: Buffer.alloc(1024),
        callback: (n: number, buf: Uint8Array) => {
          check.push(Buffer.from(buf.subarray(0, n)));
          reads++;
          maxRead = Math.max(maxRead, n);
          setTimeout(() => c.resume(), 2);
          return false; // pause until the timer
        },
      },
    });
    c.on('error', () => {});
    c.on('end', () => c.end());
    const r = await g.done;
    expect(r.lines.slice(1)).toEqual([`send=${N}`, 'send took ms>0=1', 'shutdown=0', 'recv (peer close)=0', 'done']);
    expect(check.bytes).toBe(N);
    expect(check.bad).toBe(0);
    expect(maxRead).toBeLessThanOrEqual(1024);
    expect(reads).toBeGreaterThanOrEqual(N / 1024);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------

function procStatus(pid: number): { hwmKiB: number; rssKiB: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { hwmKiB: Number(/VmHWM:\s+(\d+)/.exec(s)![1]), rssKiB: Number(/VmRSS:\s+(\d+)/.exec(s)![1]) };
  } catch {
    return undefined;
  }
}

describe('load', () => {
  it('the guest echo server (thread per client) holds 200 concurrent host clients; every byte echoed intact; peak RSS reported', async () => {
    const CLIENTS = 200;
    const ROUNDS = 4;
    const CHUNK = 16 * 1024;
    const child = wmemu(['--timeout', '120', rom('ws_echomt'), '0', String(CLIENTS)]);
    const port = Number((await child.line(/listening port=(\d+)/))[1]);
    const pid = child.proc.pid!;
    const samples: { hwmKiB: number; rssKiB: number }[] = [];
    const sampler = setInterval(() => {
      const s = procStatus(pid);
      if (s) samples.push(s);
    }, 100);
    let connected = 0;
    let allConnected!: () => void;
    const allConnectedP = new Promise<void>((r) => (allConnected = r));
    let roundsDone = 0;
    let releaseAll!: () => void;
    const release = new Promise<void>((r) => (releaseAll = r));
    const client = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const c = net.connect(port, '127.0.0.1');
        let expected = Buffer.alloc(0);
        let got: Buffer[] = [];
        let have = 0;
        let round = 0;
        let bad = 0;
        const next = () => {
          expected = randomBytes(CHUNK + ((i * 37 + round * 101) % 1000));
          got = [];
          have = 0;
          c.write(expected);
        };
        c.on('error', reject);
        c.on('connect', async () => {
          if (++connected === CLIENTS) allConnected();
          await allConnectedP; // every client is connected before any data flows
          next();
        });
        c.on('data', async (d) => {
          got.push(d);
          have += d.length;
          if (have < expected.length) return;
          if (!Buffer.concat(got).equals(expected)) bad++;
          if (++round < ROUNDS) return next();
          if (++roundsDone === CLIENTS) releaseAll();
          await release; // hold the connection until every client is done
          c.end();
        });
        c.on('close', () => resolve(bad));
      });
    try {
      const results = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
      const during = procStatus(pid);
      const r = await child.done;
      expect(results.every((b) => b === 0)).toBe(true);
      expect(r.stdout).toContain(`accepted ${CLIENTS}`);
      expect(r.stdout).toMatch(new RegExp(`served ${CLIENTS} clients bytes=\\d+ errors=0`));
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const peak = Math.max(...samples.map((s) => s.hwmKiB), during?.hwmKiB ?? 0);
      const rss = samples.map((s) => s.rssKiB);
      // Reported for the notes (issue 6): the emulator process's peak resident set under this load.
      console.log(
        `[load] ${CLIENTS} clients × ${ROUNDS} rounds: peak RSS (VmHWM) ${(peak / 1024).toFixed(1)} MiB; RSS first/last sample ${(rss[0]! / 1024).toFixed(1)}/${(rss[rss.length - 1]! / 1024).toFixed(1)} MiB`,
      );
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThan(1024 * 1024); // well under 1 GiB
    } finally {
      clearInterval(sampler);
      child.proc.kill();
    }
  }, 90_000);
});
