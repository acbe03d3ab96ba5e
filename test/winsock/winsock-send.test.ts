/**
 * send() conformance: every sentence of the CE reference page (send-winsock-ce.txt), provoked through
 * the guest ROM roms/bin/wsconf_send.exe against real host peers opened here on loopback.
 * Each ROM case prints one line per observation ("send=-1 err=10057"); the assertions are on those
 * lines. No timing assertions; every guest loop is bounded.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import dgram from 'node:dgram';
import { Machine, type MachineOptions } from '../../emulator/core/machine.js';
import { createMachine } from '../../emulator/system/dll-set.js';
import { setNetworkPolicy, winsockState } from '../../winsock-shim/state.js';
import { NetnsPair, lines, netnsSupport } from '../helpers/netns.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);

interface Run {
  lines: string[];
  status: string;
  exitCode: number;
  message?: string;
}

/** Runs a ROM in-process; `onMachine` gets the machine before it starts (to switch the network...). */
async function runRom(name: string, args: string[], opts: Omit<MachineOptions, 'args' | 'stdout'> = {}, onMachine?: (m: Machine) => void): Promise<Run> {
  const out: Buffer[] = [];
  const m = createMachine({ ...opts, args, stdout: (d) => out.push(Buffer.from(d)) });
  try {
    m.loadExecutable(readFileSync(rom(name)), `${name}.exe`);
    onMachine?.(m);
    const r = await m.run();
    const lines = Buffer.concat(out)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    return { lines, status: r.status, exitCode: r.exitCode, message: r.message };
  } finally {
    m.close();
  }
}

const send = (args: string[], opts?: Omit<MachineOptions, 'args' | 'stdout'>, onMachine?: (m: Machine) => void) => runRom('wsconf_send', args, opts, onMachine);

/** Expect a clean run whose output is exactly `lines` (then "done"). */
function expectLines(r: Run, lines: string[]): void {
  expect(r.message ?? '').toBe('');
  expect(r.lines).toEqual([...lines, 'done']);
  expect(r.status).toBe('exited');
  expect(r.exitCode).toBe(0);
}

// ---------------------------------------------------------------------------------------------
// Host peers
// ---------------------------------------------------------------------------------------------

interface Sink {
  port: number;
  /** Bytes received per connection, in connection order (completed when the peer closed). */
  conns: Buffer[][];
  ended: Promise<void>[];
  server: net.Server;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

/** A TCP sink that reads everything (optionally only after `delayMs`). */
async function tcpSink(delayMs = 0): Promise<Sink> {
  const conns: Buffer[][] = [];
  const ended: Promise<void>[] = [];
  const server = net.createServer({ pauseOnConnect: delayMs > 0 }, (c) => {
    const chunks: Buffer[] = [];
    conns.push(chunks);
    c.on('error', () => {});
    ended.push(new Promise((resolve) => c.on('close', () => resolve())));
    c.on('data', (d) => chunks.push(d));
    if (delayMs > 0) setTimeout(() => c.resume(), delayMs);
  });
  return { port: await listen(server), conns, ended, server };
}

const peers: { close(): void }[] = [];
let sink: Sink;
let stillPort: number; // accepts, never reads
let resetPort: number; // accepts, then resets (SO_LINGER 0 close)
let udpPort: number;
const udpGot: Buffer[] = [];
let closedUdpPort: number;

beforeAll(async () => {
  sink = await tcpSink();
  peers.push(sink.server);
  const still = net.createServer({ pauseOnConnect: true }, (c) => c.on('error', () => {}));
  stillPort = await listen(still);
  peers.push(still);
  const reset = net.createServer((c) => {
    c.on('error', () => {});
    c.resetAndDestroy();
  });
  resetPort = await listen(reset);
  peers.push(reset);
  const udp = dgram.createSocket('udp4');
  udp.on('message', (m) => udpGot.push(m));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  udpPort = udp.address().port;
  peers.push(udp);
  const gone = dgram.createSocket('udp4');
  await new Promise<void>((r) => gone.bind(0, '127.0.0.1', () => r()));
  closedUdpPort = gone.address().port;
  gone.close();
});

afterAll(() => {
  for (const p of peers) p.close();
});

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

const L = '127.0.0.1';

// ---------------------------------------------------------------------------------------------

describe('send(): success paths', () => {
  it('sends on a connected TCP socket and returns the byte count (WS2.dll by name)', async () => {
    const n = sink.conns.length;
    const r = await send(['ok', L, String(sink.port)]);
    expectLines(r, ['send=5', 'closesocket=0', 'WSACleanup=0']);
    await waitFor(() => sink.conns.length > n && Buffer.concat(sink.conns[n]!).length === 5, 'the sink');
    expect(Buffer.concat(sink.conns[n]!).toString()).toBe('hello');
  });

  it('the same through WS2.dll imported by ordinal and through WINSOCK.dll (Winsock 1.1)', async () => {
    for (const name of ['wsconf_send_ord', 'wsconf_send11']) {
      const r = await runRom(name, ['ok', L, String(sink.port)]);
      expectLines(r, ['send=5', 'closesocket=0', 'WSACleanup=0']);
    }
  });

  it('a blocking send of 8 MiB returns only when all of it is in the send buffer; what arrives is the call-time buffer', async () => {
    const slow = await tcpSink(200); // reads nothing for 200 ms: the guest thread must park
    peers.push(slow.server);
    const n = 8 * 1024 * 1024 + 123;
    const r = await send(['bulk', L, String(slow.port), String(n)]);
    expectLines(r, [`send=${n}`, 'send(tail)=3']);
    await waitFor(() => slow.ended.length === 1, 'the connection');
    await slow.ended[0];
    const got = Buffer.concat(slow.conns[0]!);
    expect(got.length).toBe(n + 3);
    let bad = -1;
    for (let i = 0; i < n; i++) {
      if (got[i] !== ((i * 31 + 7) & 0xff)) {
        bad = i;
        break;
      }
    }
    expect(bad).toBe(-1); // the guest overwrote its buffer with 0xEE right after send returned
    expect(got.subarray(n).toString()).toBe('END');
  });

  it('MSG_OOB sends urgent data on TCP; MSG_DONTROUTE is accepted', async () => {
    expectLines(await send(['oob', L, String(sink.port)]), ['send=2', 'send(MSG_OOB)=1', 'send(MSG_DONTROUTE)=2']);
  });

  it('sendto on an unconnected UDP socket sends a datagram; a short tolen is WSAEFAULT', async () => {
    const before = udpGot.length;
    expectLines(await send(['sendto', L, String(udpPort)]), ['sendto=5', 'sendto(short tolen)=-1 err=10014', 'send(no peer)=-1 err=10057']);
    await waitFor(() => udpGot.length > before, 'the datagram');
    expect(udpGot[before]!.toString()).toBe('dgram');
  });
});

describe('send(): every error of the CE reference page', () => {
  it('WSANOTINITIALISED before WSAStartup and after the matching WSACleanup', async () => {
    expectLines(await send(['notinit', L, String(sink.port)]), ['send=-1 err=10093', 'WSACleanup=0', 'send=-1 err=10093']);
  });

  it('WSAENETDOWN when the network subsystem has failed (network policy "none")', async () => {
    expectLines(await send(['netdown', L, String(sink.port)], { network: 'none' }), [
      'socket=ok',
      'connect=-1 err=10050',
      'send=-1 err=10050',
      'sendto=-1 err=10050',
    ]);
  });

  it('WSAEACCES: UDP to the broadcast address without SO_BROADCAST (connected send and sendto)', async () => {
    expectLines(await send(['eacces', L, String(udpPort)]), ['send=-1 err=10013', 'sendto=-1 err=10013']);
  });

  it('WSAEINTR: the socket is closed by another thread while send is blocked', async () => {
    expectLines(await send(['intr', L, String(stillPort)]), ['closesocket=0', 'send=-1 err=10004', 'worker done=1']);
  });

  it('WSAEINPROGRESS: a blocking Winsock call is in progress on the thread (checked at the API: a parked CE thread cannot re-enter)', async () => {
    const m = createMachine({});
    try {
      m.loadExecutable(readFileSync(rom('wsconf_send')), 'wsconf_send.exe');
      const ws2 = m.dlls.get('WS2.dll')!;
      const cx = m.dispatcher.cx;
      const thread = { id: 0x1234, lastError: 0, inBlockingCall: false } as unknown as typeof cx.thread;
      cx.thread = thread;
      winsockState(m).startups = 1;
      cx.decl = ws2.byName.get('socket')!;
      const s = cx.decl.handler(cx, 2, 1, 0) as number;
      expect(s).toBe(0x100);
      thread.inBlockingCall = true; // as while parked in a blocking send/recv/accept/connect
      cx.decl = ws2.byName.get('send')!;
      expect((cx.decl.handler(cx, s, 0, 0, 0) as number) | 0).toBe(-1);
      expect(thread.lastError).toBe(10036);
      thread.inBlockingCall = false;
      cx.decl = ws2.byName.get('closesocket')!;
      expect(cx.decl.handler(cx, s)).toBe(0);
    } finally {
      m.close();
    }
  });

  it('WSAEFAULT: NULL, unmapped, partly mapped, kernel range, negative len — and nothing is sent', async () => {
    const n = sink.conns.length;
    expectLines(await send(['fault', L, String(sink.port)]), [
      'send(NULL,10)=-1 err=10014',
      'send(unmapped)=-1 err=10014',
      'send(partly mapped)=-1 err=10014',
      'send(kernel)=-1 err=10014',
      'send(trap page)=-1 err=10014',
      'send(len<0)=-1 err=10014',
      'send(NULL,0)=0',
      'send=2',
      'sendto(bad to)=-1 err=10014',
    ]);
    await waitFor(() => sink.ended.length > n, 'the connection');
    await sink.ended[n];
    expect(Buffer.concat(sink.conns[n]!).toString()).toBe('ok');
  });

  // The two tests below run the emulator in a network namespace made here (test/helpers/netns.ts):
  // addresses from 198.18.0.0/15 exist inside the namespaces only, nothing leaves the machine.
  it('WSAENETRESET: keep-alive detects a failure while send is in use (the link to the peer goes down; network namespaces)', async (ctx) => {
    const support = netnsSupport();
    if (!support.ok) return ctx.skip(support.reason);
    const ns = new NetnsPair('nr');
    ns.create();
    try {
      // The peer, in namespace b: accepts and holds the connection.
      const peerScript = `require('net').createServer((c) => { c.on('error', () => {}); console.log('accepted'); }).listen(7000, '${ns.addrB}', () => console.log('listening'));`;
      const peer = lines(ns.exec(ns.b, process.execPath, ['-e', peerScript]));
      await peer.line(/listening/);
      // The guest, in namespace a: connect, SO_KEEPALIVE (1 s idle, 1 s interval, 2 probes), then a
      // zero-byte send every 250 ms until one fails.
      const spec = {
        rom: 'roms/bin/wsconf_send.exe',
        args: ['keepalive', ns.addrB, '7000'],
        options: { tcpKeepAlive: { timeMs: 1000, intervalMs: 1000, probes: 2 }, timeoutMs: 60_000 },
      };
      const emu = lines(ns.exec(ns.a, process.execPath, [join(ROOT, 'test', 'helpers', 'run-rom-child.mjs'), JSON.stringify(spec)]));
      await emu.line(/^ready$/m);
      await peer.line(/accepted/);
      ns.ip(ns.b, ['link', 'set', ns.devB, 'down']); // the link goes down: keep-alive probes get no answer
      expect(await emu.done).toBe(0);
      expect(
        emu
          .text()
          .split('\n')
          .filter((l) => l),
      ).toEqual(['ready', 'send=-1 err=10052', 'done']);
    } finally {
      ns.destroy();
    }
  }, 30_000);

  it('WSAEHOSTUNREACH: the route to the destination is unreachable (ip route add unreachable, in a network namespace)', async (ctx) => {
    const support = netnsSupport();
    if (!support.ok) return ctx.skip(support.reason);
    const ns = new NetnsPair('hu');
    ns.create();
    try {
      ns.ip(ns.a, ['route', 'add', 'unreachable', '198.18.99.0/24']);
      const spec = { rom: 'roms/bin/wsconf_send.exe', args: ['hostunreach', '198.18.99.1', '9'], options: { timeoutMs: 30_000 } };
      const emu = lines(ns.exec(ns.a, process.execPath, [join(ROOT, 'test', 'helpers', 'run-rom-child.mjs'), JSON.stringify(spec)]));
      expect(await emu.done).toBe(0);
      expect(
        emu
          .text()
          .split('\n')
          .filter((l) => l),
      ).toEqual(['sendto=-1 err=10065', 'done']);
    } finally {
      ns.destroy();
    }
  }, 30_000);

  it('WSAENOBUFS: a datagram larger than the SO_SNDBUF set can never fit and cannot wait', async () => {
    const before = udpGot.length;
    expectLines(await send(['nobufs', L, String(udpPort)]), ['send(2000)=-1 err=10055', 'send(1000)=1000']);
    await waitFor(() => udpGot.length > before, 'the datagram');
    expect(udpGot[before]!.length).toBe(1000);
  });

  it('WSAENOTCONN: stream socket not connected (bound, listening); datagram socket without a default peer', async () => {
    expectLines(await send(['notconn', L, String(sink.port)]), [
      'send(tcp bound)=-1 err=10057',
      'send(udp bound)=-1 err=10057',
      'send(listening)=-1 err=10057',
    ]);
  });

  it('WSAENOTSOCK: never opened, closed, a kernel handle, INVALID_SOCKET', async () => {
    expectLines(await send(['notsock', L, String(sink.port)]), [
      'send(never opened)=-1 err=10038',
      'send(closed)=-1 err=10038',
      'send(thread handle)=-1 err=10038',
      'send(INVALID_SOCKET)=-1 err=10038',
    ]);
  });

  it('WSAEOPNOTSUPP: MSG_OOB on a datagram socket', async () => {
    expectLines(await send(['opnotsupp', L, String(udpPort)]), ['send(MSG_OOB)=-1 err=10045']);
  });

  it('WSAESHUTDOWN after shutdown(SD_SEND) and shutdown(SD_BOTH); SD_RECEIVE does not stop sends', async () => {
    expectLines(await send(['shutdown', L, String(sink.port)]), [
      'shutdown(SD_SEND)=0',
      'send=-1 err=10058',
      'shutdown(SD_BOTH)=0',
      'send=-1 err=10058',
      'shutdown(SD_RECEIVE)=0',
      'send=1',
    ]);
  });

  it('WSAEWOULDBLOCK on a full non-blocking socket, after full and partial (1..len) counts', async () => {
    expectLines(await send(['wouldblock', L, String(stillPort)]), [
      'ioctlsocket(FIONBIO)=0',
      'full>0=1 partial>0=1',
      'send=-1 err=10035',
      'send again=-1 err=10035',
    ]);
  });

  it('WSAEMSGSIZE: datagram larger than SO_MAX_MSG_SIZE, and nothing is transmitted', async () => {
    const before = udpGot.length;
    expectLines(await send(['msgsize', L, String(udpPort)]), [
      'getsockopt(SO_MAX_MSG_SIZE)=0',
      'max=65507 optlen=4',
      'send(max+1)=-1 err=10040',
      'send(after)=5',
    ]);
    await waitFor(() => udpGot.length > before, 'the datagram');
    expect(udpGot.slice(before).map((b) => b.toString())).toEqual(['after']);
  });

  it('WSAEHOSTUNREACH: destination outside the network policy ("loopback")', async () => {
    expectLines(await send(['hostunreach', '192.0.2.1', '9'], { network: 'loopback' }), ['sendto=-1 err=10065']);
  });

  it('WSAEINVAL: unknown flags, MSG_OOB with SO_OOBINLINE; never bound nor connected is WSAENOTCONN (as Windows, issue 18)', async () => {
    expectLines(await send(['inval', L, String(sink.port)]), [
      'send(unbound udp)=-1 err=10057',
      'send(unbound tcp)=-1 err=10057',
      'send(flags 0x80)=-1 err=10022',
      'send(flags MSG_PEEK)=-1 err=10022',
      'send(MSG_OOB, SO_OOBINLINE)=-1 err=10022',
      'send=1',
    ]);
  });

  it('WSAECONNABORTED: the circuit is terminated under an established connection (network switched off)', async () => {
    const server = net.createServer((c) => {
      c.on('error', () => {});
      c.once('data', () => setNetworkPolicy(machine!, 'none'));
    });
    const port = await listen(server);
    peers.push(server);
    let machine: Machine | undefined;
    const r = await send(['abort', L, String(port)], {}, (m) => (machine = m));
    expectLines(r, ['send=1', 'recv=-1 err=10053', 'send=-1 err=10053']);
  });

  it('WSAECONNRESET: the peer resets the connection (hard close, SO_LINGER 0)', async () => {
    expectLines(await send(['reset', L, String(resetPort)]), ['send=-1 err=10054', 'send again=-1 err=10054']);
  });

  it('WSAECONNRESET: a UDP datagram drew ICMP port unreachable', async () => {
    expectLines(await send(['udpreset', L, String(closedUdpPort)]), ['send=-1 err=10054']);
  });

  it('WSAETIMEDOUT: SO_SNDTIMEO expires while the peer does not read', async () => {
    expectLines(await send(['timeout', L, String(stillPort)]), ['SO_SNDTIMEO=300', 'send=-1 err=10060']);
  });

  // Issue 17 item 8: with IP_HDRINCL the packet goes where its header says; the policy checks that
  // address, not the sendto one (127.0.0.1 here, allowed). A real peer: the header's UDP datagram
  // reaches a socket on 127.0.0.1 when allowed.
  it('IP_HDRINCL: --deny and --net loopback check the IP header destination, not the sendto address', async () => {
    expectLines(await send(['rawdst', '192.0.2.7', '9'], { networkRules: ['deny 192.0.2.0/24'] }), ['sendto(header dst)=-1 err=10013']);
    expectLines(await send(['rawdst', '192.0.2.7', '9'], { network: 'loopback' }), ['sendto(header dst)=-1 err=10065']);
    const u = dgram.createSocket('udp4');
    await new Promise<void>((res) => u.bind(0, '127.0.0.1', res));
    const got = new Promise<Buffer>((res) => u.once('message', (msg) => res(msg)));
    try {
      const p = String(u.address().port);
      expectLines(await send(['rawdst', '127.0.0.1', p], { networkRules: ['deny 192.0.2.0/24'] }), ['sendto(header dst)=30']);
      expect((await got).toString()).toBe('hi');
    } finally {
      u.close();
    }
  });

  it('WSAEPROTONOSUPPORT: raw socket, IP_HDRINCL, header protocol TCP', async () => {
    expectLines(await send(['rawtcp', L, String(udpPort)]), ['connect=0', 'send(proto TCP)=-1 err=10043']);
  });
});

describe('WSAStartup / WSACleanup', () => {
  // As CE 6's ws2.dll and winsock.dll (corpus binaries) do it: 1.0 accepted, 0.x refused before
  // WSADATA is touched, CE's WSADATA contents (winsock-shim/startup.ts).
  it('fills WSADATA as CE 6 ws2.dll does and negotiates its versions (WS2.dll)', async () => {
    expectLines(await send(['startup']), [
      'WSAStartup(2.2)=0 ver=0202 high=0202 desc=[Winsock 2.2] status=[] maxsock=0 maxudp=0 vendor=CCCCCCCC',
      'WSAStartup(1.1)=0 ver=0101 high=0202 maxsock=200 maxudp=0',
      'WSAStartup(1.0)=0 ver=0001 high=0202',
      'WSAStartup(3.0)=0 ver=0202 high=0202',
      'WSAStartup(0.9)=10092 untouched=1',
      'WSAStartup(0.9, bad ptr)=10092',
      'WSAStartup(bad ptr)=10014',
      'WSACleanup=0',
      'WSACleanup=0',
      'WSACleanup=0',
      'WSACleanup=0',
      'WSACleanup=-1 err=10093',
    ]);
  });
  it('WINSOCK.dll negotiates at most 1.1 (1.0 for 1.0), empty description and status', async () => {
    const r = await runRom('wsconf_send11', ['startup']);
    expect(r.lines.slice(0, 4)).toEqual([
      'WSAStartup(2.2)=0 ver=0101 high=0101 desc=[] status=[] maxsock=0 maxudp=0 vendor=CCCCCCCC',
      'WSAStartup(1.1)=0 ver=0101 high=0101 maxsock=200 maxudp=0',
      'WSAStartup(1.0)=0 ver=0001 high=0101',
      'WSAStartup(3.0)=0 ver=0101 high=0101',
    ]);
  });
});
