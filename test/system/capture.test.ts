/**
 * Traffic capture (--pcap): the pcap writer and packet synthesis on their own, then real guest
 * traffic read back with Debian's tshark (installed by scripts/setup.sh).
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { once } from 'node:events';
import { PcapWriter, TrafficCapture, LINKTYPE_RAW, tcpPacket, udpPacket, formatEndpoint, endpointFromSockaddr } from '../../emulator/system/capture/pcap.js';
import { start } from '../../emulator/system/session.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const HAVE_TSHARK = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;

const v4 = (a: string, port: number) => ({ address: Uint8Array.from(a.split('.').map(Number)), port });

function ones(buf: Uint8Array, off: number, len: number, acc = 0): number {
  for (let i = 0; i < len; i += 2) acc += (buf[off + i]! << 8) | (i + 1 < len ? buf[off + i + 1]! : 0);
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return acc;
}

/** Splits an in-memory pcap into [global header, records]. */
function parsePcap(bytes: Buffer): { linktype: number; records: { sec: number; usec: number; data: Buffer }[] } {
  expect(bytes.readUInt32LE(0)).toBe(0xa1b2c3d4);
  const records = [];
  for (let off = 24; off < bytes.length;) {
    const incl = bytes.readUInt32LE(off + 8);
    records.push({ sec: bytes.readUInt32LE(off), usec: bytes.readUInt32LE(off + 4), data: bytes.subarray(off + 16, off + 16 + incl) });
    off += 16 + incl;
  }
  return { linktype: bytes.readUInt32LE(20), records };
}

function memoryCapture() {
  const chunks: Uint8Array[] = [];
  let t = 1_700_000_000_000_000;
  const cap = new TrafficCapture(new PcapWriter((b) => chunks.push(Buffer.from(b))), () => (t += 1000));
  return { cap, bytes: () => Buffer.concat(chunks) };
}

describe('pcap writer and packet synthesis', () => {
  it('writes a LINKTYPE_RAW pcap header and microsecond records', () => {
    const { cap, bytes } = memoryCapture();
    cap.udp(v4('10.0.0.1', 5000), v4('10.0.0.2', 53), 'out', Buffer.from('q'));
    const p = parsePcap(bytes());
    expect(p.linktype).toBe(LINKTYPE_RAW);
    expect(p.records).toHaveLength(1);
    expect(p.records[0]!.sec).toBe(1_700_000_000);
    expect(p.records[0]!.usec).toBe(1000);
  });

  it('synthesizes IPv4/TCP with valid checksums and per-connection sequence numbers', () => {
    const { cap, bytes } = memoryCapture();
    const key = {};
    cap.tcp(key, v4('127.0.0.1', 40000), v4('127.0.0.1', 7), 'out', Buffer.from('hello'));
    cap.tcp(key, undefined, undefined, 'in', Buffer.from('hello!'));
    cap.tcp(key, undefined, undefined, 'out', Buffer.from('x'));
    cap.tcpClose(key);
    const recs = parsePcap(bytes()).records.map((r) => r.data);
    // SYN, SYN/ACK, ACK, 3 data segments, FIN, FIN, ACK
    expect(recs).toHaveLength(9);
    for (const ip of recs) {
      expect(ip[0]).toBe(0x45);
      expect(ones(ip, 0, 20)).toBe(0xffff); // IPv4 header checksum
      const tcpLen = ip.length - 20;
      const pseudo = ones(ip, 12, 8, 6 + tcpLen);
      expect(ones(ip, 20, tcpLen, pseudo)).toBe(0xffff); // TCP checksum incl. pseudo-header
    }
    const seg = (ip: Buffer) => ({
      sport: ip.readUInt16BE(20),
      seq: ip.readUInt32BE(24),
      ack: ip.readUInt32BE(28),
      flags: ip[33]!,
      payload: ip.subarray(40).toString(),
    });
    const [syn, synack, ack, d1, d2, d3] = recs.map(seg);
    expect(syn!.flags).toBe(0x02);
    expect(syn!.sport).toBe(40000); // the higher port is the client
    expect(synack!.flags).toBe(0x12);
    expect(synack!.ack).toBe(syn!.seq + 1);
    expect(ack!.ack).toBe(synack!.seq + 1);
    expect(d1).toMatchObject({ sport: 40000, seq: syn!.seq + 1, ack: synack!.seq + 1, payload: 'hello' });
    expect(d2).toMatchObject({ sport: 7, seq: synack!.seq + 1, ack: syn!.seq + 6, payload: 'hello!' });
    expect(d3).toMatchObject({ sport: 40000, seq: syn!.seq + 6, ack: synack!.seq + 7, payload: 'x' });
  });

  it('lets the side that connected send the SYN, whatever the ports (the guest client or the guest server)', () => {
    const syn = (guestConnected: boolean, guestPort: number, peerPort: number) => {
      const { cap, bytes } = memoryCapture();
      cap.tcp({}, v4('127.0.0.1', guestPort), v4('127.0.0.1', peerPort), 'out', Buffer.from('a'), guestConnected);
      const first = parsePcap(bytes()).records[0]!.data;
      expect(first[33]).toBe(0x02);
      return first.readUInt16BE(20); // source port of the SYN
    };
    // Ephemeral ports are random: a guest client may get a lower port than the server it connects to.
    expect(syn(true, 1025, 50000)).toBe(1025);
    expect(syn(true, 50000, 1025)).toBe(50000);
    // An accepted connection: the peer connected to the guest.
    expect(syn(false, 50000, 1025)).toBe(1025);
    expect(syn(false, 1025, 50000)).toBe(50000);
  });

  it('synthesizes IPv6 and UDP packets', () => {
    const a = { address: new Uint8Array(16), port: 9 };
    a.address[15] = 1;
    const u = udpPacket(a, { ...a, port: 10 }, Buffer.from('abc'));
    expect(u[0]! >> 4).toBe(6);
    expect(u.readUInt16BE(4)).toBe(8 + 3); // payload length
    expect(u[6]).toBe(17);
    const t = tcpPacket(v4('1.2.3.4', 1), v4('5.6.7.8', 2), 100, 200, 0x18, Buffer.from('z'));
    expect(t.readUInt16BE(2)).toBe(20 + 20 + 1);
    expect(formatEndpoint(a)).toBe('[::1]:9');
  });

  it('parses Winsock sockaddrs (family 2 and 23) and formats them', () => {
    const sa = Buffer.alloc(28);
    sa.writeUInt16LE(2, 0);
    sa.writeUInt16BE(8080, 2);
    sa.set([127, 0, 0, 1], 4);
    expect(formatEndpoint(endpointFromSockaddr(sa, 0, 16)!)).toBe('127.0.0.1:8080');
    sa.fill(0);
    sa.writeUInt16LE(23, 0);
    sa.writeUInt16BE(443, 2);
    sa.set([0x20, 0x01, 0x0d, 0xb8], 8);
    sa[23] = 5;
    expect(formatEndpoint(endpointFromSockaddr(sa, 0, 28)!)).toBe('[2001:db8::5]:443');
  });
});

async function echoServer(): Promise<{ server: Server; port: number; received: () => Buffer }> {
  const got: Buffer[] = [];
  const server = createServer((c) => {
    c.on('data', (d) => {
      got.push(d);
      c.write(d);
    });
    c.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, received: () => Buffer.concat(got) };
}

function tshark(file: string, ...args: string[]): string[] {
  const r = spawnSync('tshark', ['-r', file, ...args], { encoding: 'utf8' });
  expect(r.stderr).not.toMatch(/appears to be damaged|isn't a capture file|error/i);
  expect(r.status).toBe(0);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '');
}

describe.skipIf(!HAVE_TSHARK)('guest traffic read back with tshark', () => {
  it('start({ pcap }): every byte ws_echocli sends and receives, with ports, in order', async () => {
    const { server, port, received } = await echoServer();
    const file = join(mkdtempSync(join(tmpdir(), 'wmemu-pcap-')), 'echo.pcap');
    try {
      const emu = await start(rom('ws_echocli'), { args: ['127.0.0.1', String(port), '3000', '1000'], pcap: file, timeoutMs: 20_000 });
      const r = await emu.exited;
      expect(r.stdout).toContain('echo ok bytes=3000');
      const sent = received();
      expect(sent.length).toBe(3000);
      // Data segments: source port, destination port, payload (hex).
      const rows = tshark(
        file,
        '-Y',
        'tcp.len > 0',
        '-T',
        'fields',
        '-e',
        'tcp.srcport',
        '-e',
        'tcp.dstport',
        '-e',
        'tcp.payload',
        '-e',
        'ip.src',
        '-e',
        'ip.dst',
      );
      const out = rows.map((l) => l.split('\t')).filter((f) => f[1] === String(port));
      const back = rows.map((l) => l.split('\t')).filter((f) => f[0] === String(port));
      expect(out.length).toBeGreaterThan(0);
      expect(back.length).toBeGreaterThan(0);
      expect(Buffer.from(out.map((f) => f[2]).join(''), 'hex')).toEqual(sent);
      expect(Buffer.from(back.map((f) => f[2]).join(''), 'hex')).toEqual(sent);
      expect(out.every((f) => f[3] === '127.0.0.1' && f[4] === '127.0.0.1')).toBe(true);
      // Wireshark's own analysis agrees the stream is consistent: no lost segments, no retransmissions.
      expect(tshark(file, '-Y', 'tcp.analysis.lost_segment || tcp.analysis.retransmission || tcp.analysis.out_of_order')).toEqual([]);
      // "Follow TCP stream" reassembles both directions.
      const follow = tshark(file, '-q', '-z', 'follow,tcp,raw,0').join('\n');
      expect(follow).toContain(sent.subarray(0, 16).toString('hex'));
    } finally {
      server.close();
    }
  });

  it('wmemu run --pcap writes the same through the CLI; deterministic runs capture the same packets on the virtual clock', async () => {
    const { server, port } = await echoServer();
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-pcap-cli-'));
    const run = async (file: string) => {
      const child = spawn(process.execPath, [
        CLI,
        'run',
        '--deterministic',
        '--pcap',
        file,
        '--redirect',
        `10.9.9.9:7=127.0.0.1:${port}`,
        rom('ws_echocli'),
        '10.9.9.9',
        '7',
        '400',
        '100',
      ]);
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const [code] = await once(child, 'exit');
      return { code, stdout };
    };
    try {
      const a = await run(join(dir, 'a.pcap'));
      expect(a.stdout).toContain('echo ok bytes=400');
      expect(a.code).toBe(0);
      // The capture shows where the connection really went (the redirect target).
      const ports = tshark(join(dir, 'a.pcap'), '-Y', 'tcp.len > 0', '-T', 'fields', '-e', 'tcp.dstport');
      expect(ports).toContain(String(port));
      expect(ports.filter((p) => p === String(port))).toHaveLength(4);
      const times = tshark(join(dir, 'a.pcap'), '-T', 'fields', '-e', 'frame.time_epoch');
      expect(Number(times[0])).toBeCloseTo(Date.UTC(2025, 0, 1, 12) / 1000, 0); // the virtual clock
      const b = await run(join(dir, 'b.pcap'));
      expect(b.code).toBe(0);
      // Same packets, flags, sequence numbers and payloads. Not compared: the host's ephemeral client port,
      // and timestamps (virtual, but whether the echo is already there when the guest calls recv is host timing).
      const strip = (f: string) => tshark(f, '-T', 'fields', '-e', 'tcp.flags', '-e', 'tcp.seq_raw', '-e', 'tcp.payload');
      expect(strip(join(dir, 'b.pcap'))).toEqual(strip(join(dir, 'a.pcap')));
      expect(readFileSync(join(dir, 'b.pcap')).length).toBe(readFileSync(join(dir, 'a.pcap')).length);
    } finally {
      server.close();
    }
  });
});
