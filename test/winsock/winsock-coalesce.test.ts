/**
 * Send coalescing (winsock-shim/send.ts header, coalesce.ts): each flush rule provoked through the
 * guest ROM roms/bin/ws_coalesce.exe against real loopback peers opened here. Waits are bounded;
 * nothing asserts speed.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { createMachine } from '../../emulator/system/dll-set.js';

const ROOT = join(__dirname, '..', '..');
const L = '127.0.0.1';

interface Run {
  lines: string[];
  status: string;
  exitCode: number;
  message?: string;
}

/** Runs ws_coalesce in-process; `onOut` sees the guest's stdout as it is written. */
async function runRom(args: string[], onOut?: (text: string) => void): Promise<Run> {
  let text = '';
  const m = createMachine({
    args,
    stdout: (d) => {
      text += Buffer.from(d).toString('utf8');
      onOut?.(text);
    },
  });
  try {
    m.loadExecutable(readFileSync(join(ROOT, 'roms', 'bin', 'ws_coalesce.exe')), 'ws_coalesce.exe');
    const r = await m.run();
    return { lines: text.split('\n').filter((l) => l !== ''), status: r.status, exitCode: r.exitCode, message: r.message };
  } finally {
    m.close();
  }
}

interface Conn {
  sock: net.Socket;
  chunks: Buffer[];
  bytes: number;
  ended: boolean;
  error?: string;
  closed: Promise<void>;
}

const servers: net.Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

/** A TCP peer that records every connection (paused at first when `paused`). */
async function peer(paused = false, onData?: (c: Conn) => void): Promise<{ port: number; conns: Conn[] }> {
  const conns: Conn[] = [];
  const server = net.createServer({ pauseOnConnect: paused }, (sock) => {
    let done!: () => void;
    const c: Conn = { sock, chunks: [], bytes: 0, ended: false, closed: new Promise((r) => (done = r)) };
    conns.push(c);
    sock.on('data', (d) => {
      c.chunks.push(d);
      c.bytes += d.length;
      onData?.(c);
    });
    sock.on('end', () => (c.ended = true));
    sock.on('error', (e: NodeJS.ErrnoException) => (c.error = e.code));
    sock.on('close', () => done());
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, L, () => r()));
  return { port: (server.address() as net.AddressInfo).port, conns };
}

async function waitFor(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

/** First offset where `got` differs from the ROM's byte-counter stream (byte k = k*7+3), or -1. */
function badPattern(got: Buffer, from = 0): number {
  for (let i = 0; i < got.length; i++) if (got[i] !== (((from + i) * 7 + 3) & 0xff)) return i;
  return -1;
}

function expectClean(r: Run): void {
  expect(r.message ?? '').toBe('');
  expect(r.status).toBe('exited');
  expect(r.exitCode).toBe(0);
  expect(r.lines[r.lines.length - 1]).toBe('done');
}

describe('send coalescing', () => {
  it('keeps the order of many small sends mixed with large ones (slow reader: the kernel fills up)', async () => {
    const p = await peer(true);
    const run = runRom(['order', L, String(p.port), '20000']);
    await waitFor(() => p.conns.length === 1, 'the connection');
    setTimeout(() => p.conns[0]!.sock.resume(), 300);
    const r = await run;
    expectClean(r);
    const total = Number(/^sent=(\d+)$/.exec(r.lines[0]!)![1]);
    expect(r.lines[1]).toBe('closesocket=0');
    const c = p.conns[0]!;
    await c.closed;
    const got = Buffer.concat(c.chunks);
    expect(got.length).toBe(total);
    expect(badPattern(got)).toBe(-1);
    expect(c.ended).toBe(true); // graceful: the FIN came after every byte
  });

  for (const [name, nodelay] of [
    ['nodelay', true],
    ['nagle', false],
  ] as const) {
    it(`${nodelay ? 'TCP_NODELAY: the bytes' : 'without TCP_NODELAY the coalesced bytes'} reach the peer while the guest spins without another call`, async () => {
      let out = '';
      let spunWhenData: boolean | undefined;
      const p = await peer(false, (c) => {
        if (spunWhenData === undefined && c.bytes >= 4) spunWhenData = out.includes('spun');
      });
      const r = await runRom([name, L, String(p.port), '1500'], (t) => (out = t));
      expectClean(r);
      expect(r.lines.slice(0, -1)).toEqual([...(nodelay ? ['TCP_NODELAY=0'] : []), 'send=4', 'spun']);
      await waitFor(() => p.conns[0]?.bytes === 4, 'ping');
      expect(Buffer.concat(p.conns[0]!.chunks).toString()).toBe('ping');
      expect(spunWhenData).toBe(false); // the peer had the bytes before the guest's spin ended
    });
  }

  it('non-blocking: WSAEWOULDBLOCK once SO_SNDBUF and the kernel are full, never a coalesced success after it; nothing lost', async () => {
    let resumed = false;
    const p = await peer(true);
    const r = await runRom(['wouldblock', L, String(p.port), '16384'], (t) => {
      if (!resumed && t.includes('accepted=') && p.conns[0]) {
        resumed = true;
        p.conns[0].sock.resume();
      }
    });
    expectClean(r);
    expect(r.lines.slice(0, 4)).toEqual(['SO_SNDBUF=0', 'FIONBIO=0', 'first failure err=10035 after>=sndbuf=1', 'then wouldblock=10 of 10']);
    const accepted = Number(/^accepted=(\d+)$/.exec(r.lines[4]!)![1]);
    expect(r.lines[5]).toBe('closesocket=0');
    const c = p.conns[0]!;
    await c.closed;
    const got = Buffer.concat(c.chunks);
    expect(got.length).toBe(accepted + 3); // exactly what send() reported, then the marker
    expect(badPattern(got.subarray(0, accepted))).toBe(-1);
    expect(got.subarray(accepted).toString()).toBe('END');
  });

  it('closesocket right after small sends delivers them, then the FIN', async () => {
    const p = await peer();
    const r = await runRom(['close', L, String(p.port)]);
    expectClean(r);
    expect(r.lines.slice(0, 2)).toEqual(['sent=1000', 'closesocket=0']);
    await waitFor(() => p.conns[0]?.ended === true, 'the FIN');
    const got = Buffer.concat(p.conns[0]!.chunks);
    expect(got.length).toBe(1000);
    expect(badPattern(got)).toBe(-1);
  });

  it('process exit without closesocket still delivers the coalesced bytes', async () => {
    const p = await peer();
    const r = await runRom(['exit', L, String(p.port)]);
    expect(r.lines).toEqual(['sent=1000']);
    expect(r.exitCode).toBe(0);
    await waitFor(() => (p.conns[0]?.bytes ?? 0) >= 1000, 'the bytes');
    const got = Buffer.concat(p.conns[0]!.chunks);
    expect(got.length).toBe(1000);
    expect(badPattern(got)).toBe(-1);
  });

  it('SO_LINGER {1, 0}: closesocket is abortive, the peer sees a reset', async () => {
    const p = await peer();
    const r = await runRom(['linger0', L, String(p.port)]);
    expectClean(r);
    expect(r.lines.slice(0, 2)).toEqual(['SO_LINGER=0', 'closesocket=0']);
    await waitFor(() => p.conns.length === 1, 'the connection');
    await p.conns[0]!.closed;
    expect(p.conns[0]!.error).toBe('ECONNRESET');
  });

  it('a reset that arrives after a send succeeded is reported by the next send, recv or getsockopt(SO_ERROR)', async () => {
    const server = net.createServer((c) => {
      c.on('error', () => {});
      c.resetAndDestroy();
    });
    servers.push(server);
    await new Promise<void>((res) => server.listen(0, L, () => res()));
    const r = await runRom(['reset', L, String((server.address() as net.AddressInfo).port)]);
    expectClean(r);
    // Whether the reset is found by a flush of the coalesced byte or by the kernel on the next call
    // depends on when the in-process peer ran; either way the guest is told exactly once in order:
    // a first send that succeeded is followed by WSAECONNRESET from the next call.
    const [a1, a2, a3, b1, b2, c1, c2, c3] = r.lines;
    expect(a1 === 'a send=1' ? a2 : a1).toBe('a send=-1 err=10054');
    expect(a3).toBe('a send again=-1 err=10054');
    if (b1 === 'b send=1') expect(b2).toBe('b recv=-1 err=10054');
    else expect([b1, b2]).toEqual(['b send=-1 err=10054', 'b recv=0']); // Linux reports a reset once
    expect(c2).toBe('c getsockopt=0');
    if (c1 === 'c send=1') expect(c3).toBe('c SO_ERROR=10054');
    else expect([c1, c3]).toEqual(['c send=-1 err=10054', 'c SO_ERROR=0']);
  });
});
