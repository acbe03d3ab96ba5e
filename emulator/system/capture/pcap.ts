/**
 * Traffic capture: what the guest sends and receives through the Winsock shim, written as a classic
 * pcap file (https://www.tcpdump.org/manpages/pcap-savefile.5.html) that Wireshark and tshark open.
 *
 * The link type is LINKTYPE_RAW (101): each record is an IPv4 or IPv6 packet. The shim only sees
 * payload bytes, so the IP and TCP/UDP headers are synthesized from the socket's addresses:
 *
 * - TCP: one segment per successful send/recv (split at 60 KiB), flags PSH|ACK, with sequence and
 *   acknowledgement numbers kept per connection so that "Follow TCP stream" shows both directions in
 *   order. The first segment of a connection is preceded by a synthesized three-way handshake (sent
 *   by the side that connected: the guest unless the socket came from accept), closesocket adds a
 *   FIN/ACK exchange.
 * - UDP: one datagram per sendto/recvfrom.
 *
 * Checksums are computed (IPv4 header, TCP and UDP with the pseudo-header). Timestamps come from the
 * machine clock, so a deterministic run (--deterministic) writes a byte-identical file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Endpoint, TrafficSink } from '../../core/net/address.js';

export { endpointFromSockaddr, formatEndpoint, type Endpoint } from '../../core/net/address.js';

export const LINKTYPE_RAW = 101;
const SNAPLEN = 262_144;
/** Largest payload per synthesized segment (keeps IPv4 total length below 65535). */
const MAX_SEGMENT = 60 * 1024;

const TCP_FIN = 0x01;
const TCP_SYN = 0x02;
const TCP_PSH = 0x08;
const TCP_ACK = 0x10;

/** Writes pcap records to a sink (a file, or memory in tests). */
export class PcapWriter {
  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    private readonly onClose?: () => void,
  ) {
    const h = Buffer.alloc(24);
    h.writeUInt32LE(0xa1b2c3d4, 0); // microsecond timestamps
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(SNAPLEN, 16);
    h.writeUInt32LE(LINKTYPE_RAW, 20);
    sink(h);
  }

  /** Opens `path` for writing (truncating it) and writes the file header. */
  static toFile(path: string): PcapWriter {
    const fd = openSync(path, 'w');
    return new PcapWriter(
      (b) => {
        writeSync(fd, b);
      },
      () => closeSync(fd),
    );
  }

  /** Writes one packet record; `epochMicros` is the capture time in microseconds since 1970. */
  record(epochMicros: number, packet: Uint8Array): void {
    const h = Buffer.alloc(16);
    const us = Math.max(0, Math.floor(epochMicros));
    h.writeUInt32LE(Math.floor(us / 1e6) >>> 0, 0);
    h.writeUInt32LE(us % 1e6, 4);
    const incl = Math.min(packet.length, SNAPLEN);
    h.writeUInt32LE(incl, 8);
    h.writeUInt32LE(packet.length, 12);
    this.sink(h);
    this.sink(incl === packet.length ? packet : packet.subarray(0, incl));
  }

  close(): void {
    this.onClose?.();
  }
}

// ------------------------------------------------------------------ packet synthesis
function sum16(buf: Uint8Array, off: number, len: number, acc: number): number {
  let i = off;
  const end = off + len;
  for (; i + 1 < end; i += 2) acc += (buf[i]! << 8) | buf[i + 1]!;
  if (i < end) acc += buf[i]! << 8;
  return acc;
}
function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}

/** Builds an IP packet (v4 or v6 from the address length) carrying `l4` (with a checksum at `csumOff`). */
function ipPacket(src: Uint8Array, dst: Uint8Array, proto: number, l4: Buffer, csumOff: number): Buffer {
  const v6 = src.length === 16;
  // Transport checksum over the pseudo-header + segment.
  let acc = sum16(src, 0, src.length, 0);
  acc = sum16(dst, 0, dst.length, acc);
  acc += proto + l4.length;
  if (v6) acc += 0; // upper-layer length fits 16 bits here (segments are < 64 KiB)
  l4.writeUInt16BE(0, csumOff);
  let c = fold(sum16(l4, 0, l4.length, acc));
  if (proto === 17 && c === 0) c = 0xffff;
  l4.writeUInt16BE(c, csumOff);
  if (v6) {
    const h = Buffer.alloc(40);
    h.writeUInt32BE(0x6000_0000, 0);
    h.writeUInt16BE(l4.length, 4);
    h[6] = proto;
    h[7] = 64;
    h.set(src, 8);
    h.set(dst, 24);
    return Buffer.concat([h, l4]);
  }
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + l4.length, 2);
  h.writeUInt16BE(0x4000, 6); // DF
  h[8] = 64;
  h[9] = proto;
  h.set(src, 12);
  h.set(dst, 16);
  h.writeUInt16BE(fold(sum16(h, 0, 20, 0)), 10);
  return Buffer.concat([h, l4]);
}

export function tcpPacket(src: Endpoint, dst: Endpoint, seq: number, ack: number, flags: number, payload: Uint8Array): Buffer {
  const t = Buffer.alloc(20 + payload.length);
  t.writeUInt16BE(src.port, 0);
  t.writeUInt16BE(dst.port, 2);
  t.writeUInt32BE(seq >>> 0, 4);
  t.writeUInt32BE(flags & TCP_ACK ? ack >>> 0 : 0, 8);
  t[12] = 5 << 4;
  t[13] = flags;
  t.writeUInt16BE(0xffff, 14); // window
  t.set(payload, 20);
  return ipPacket(src.address, dst.address, 6, t, 16);
}

export function udpPacket(src: Endpoint, dst: Endpoint, payload: Uint8Array): Buffer {
  const u = Buffer.alloc(8 + payload.length);
  u.writeUInt16BE(src.port, 0);
  u.writeUInt16BE(dst.port, 2);
  u.writeUInt16BE(Math.min(0xffff, u.length), 4);
  u.set(payload, 8);
  return ipPacket(src.address, dst.address, 17, u, 6);
}

function unspecified(like: Endpoint | undefined): Endpoint {
  return { address: new Uint8Array(like?.address.length === 16 ? 16 : 4), port: 0 };
}

interface TcpFlow {
  local: Endpoint;
  peer: Endpoint;
  /** Next sequence number of each direction. */
  seqOut: number;
  seqIn: number;
  finished: boolean;
}

/**
 * The capture behind `--pcap`: the Winsock shim reports payload bytes per socket, this turns them
 * into synthesized packets. `key` identifies a TCP connection (the shim passes its socket object).
 */
export class TrafficCapture implements TrafficSink {
  private readonly flows = new WeakMap<object, TcpFlow>();
  private isn = 0x1000_0000;

  constructor(
    private readonly writer: PcapWriter,
    /** Current time in microseconds since 1970 (normally the machine clock: see useClock). */
    private now: () => number = () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
  ) {}

  /** Takes timestamps from this clock from now on (the machine's, so deterministic runs are reproducible). */
  useClock(now: () => number): void {
    this.now = now;
  }

  /**
   * Bytes on a TCP connection: `out` = sent by the guest, `in` = received by it. `guestConnected`:
   * the guest side opened the connection (connect) rather than accepted it; it decides who sends the
   * synthesized SYN (without it, the side with the higher port plays the client).
   */
  tcp(key: object, local: Endpoint | undefined, peer: Endpoint | undefined, direction: 'out' | 'in', data: Uint8Array, guestConnected?: boolean): void {
    const f = this.flow(key, local, peer, guestConnected);
    for (let off = 0; off < data.length || off === 0; off += MAX_SEGMENT) {
      const chunk = data.subarray(off, Math.min(data.length, off + MAX_SEGMENT));
      if (direction === 'out') {
        this.writer.record(this.now(), tcpPacket(f.local, f.peer, f.seqOut, f.seqIn, TCP_PSH | TCP_ACK, chunk));
        f.seqOut = (f.seqOut + chunk.length) >>> 0;
      } else {
        this.writer.record(this.now(), tcpPacket(f.peer, f.local, f.seqIn, f.seqOut, TCP_PSH | TCP_ACK, chunk));
        f.seqIn = (f.seqIn + chunk.length) >>> 0;
      }
      if (data.length === 0) break;
    }
  }

  /** True once a TCP connection has carried data (its endpoints are known). */
  knows(key: object): boolean {
    return this.flows.has(key);
  }

  /** The guest closed a TCP connection that carried data: FIN/ACK both ways. */
  tcpClose(key: object): void {
    const f = this.flows.get(key);
    if (!f || f.finished) return;
    f.finished = true;
    const t = this.now();
    this.writer.record(t, tcpPacket(f.local, f.peer, f.seqOut, f.seqIn, TCP_FIN | TCP_ACK, new Uint8Array(0)));
    f.seqOut = (f.seqOut + 1) >>> 0;
    this.writer.record(t, tcpPacket(f.peer, f.local, f.seqIn, f.seqOut, TCP_FIN | TCP_ACK, new Uint8Array(0)));
    f.seqIn = (f.seqIn + 1) >>> 0;
    this.writer.record(t, tcpPacket(f.local, f.peer, f.seqOut, f.seqIn, TCP_ACK, new Uint8Array(0)));
  }

  /** A UDP datagram: `out` = sent by the guest to `peer`, `in` = received by it from `peer`. */
  udp(local: Endpoint | undefined, peer: Endpoint | undefined, direction: 'out' | 'in', data: Uint8Array): void {
    const l = local ?? unspecified(peer);
    const p = peer ?? unspecified(local);
    this.writer.record(this.now(), direction === 'out' ? udpPacket(l, p, data) : udpPacket(p, l, data));
  }

  close(): void {
    this.writer.close();
  }

  private flow(key: object, local: Endpoint | undefined, peer: Endpoint | undefined, guestConnected?: boolean): TcpFlow {
    let f = this.flows.get(key);
    if (f) return f;
    const l = local ?? unspecified(peer);
    const p = peer ?? unspecified(local);
    const a = this.isn;
    const b = (this.isn + 0x0100_0000) >>> 0;
    this.isn = (this.isn + 0x0200_0000) >>> 0;
    f = { local: l, peer: p, seqOut: a, seqIn: b, finished: false };
    this.flows.set(key, f);
    // Synthesized handshake: the side that connected sends the SYN (unknown: the lower port serves).
    const t = this.now();
    const empty = new Uint8Array(0);
    if (guestConnected ?? l.port >= p.port) {
      this.writer.record(t, tcpPacket(l, p, a, 0, TCP_SYN, empty));
      this.writer.record(t, tcpPacket(p, l, b, a + 1, TCP_SYN | TCP_ACK, empty));
      this.writer.record(t, tcpPacket(l, p, a + 1, b + 1, TCP_ACK, empty));
    } else {
      this.writer.record(t, tcpPacket(p, l, b, 0, TCP_SYN, empty));
      this.writer.record(t, tcpPacket(l, p, a, b + 1, TCP_SYN | TCP_ACK, empty));
      this.writer.record(t, tcpPacket(p, l, b + 1, a + 1, TCP_ACK, empty));
    }
    f.seqOut = (a + 1) >>> 0;
    f.seqIn = (b + 1) >>> 0;
    return f;
  }
}
