/**
 * Real ICMP echo requests from the host (iphlpapi's IcmpSendEcho): a Linux ICMP socket, the
 * unprivileged datagram kind (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP), allowed when the user's
 * group is in net.ipv4.ping_group_range) or, failing that, a raw socket (root / CAP_NET_RAW). The
 * time to live is set per request (IP_TTL), so tracert's probes expire on the way: a raw socket
 * sees the routers' time-exceeded and unreachable messages (the original header inside them is
 * matched against the request); a datagram socket only sees echo replies (errors come through the
 * socket error queue, not read here), so with it a probe that expires times out.
 *
 * Receiving polls the non-blocking socket from a host timer (every millisecond) until the reply or
 * the time-out, so the Node event loop never blocks and the caller's guest thread stays parked.
 */
import koffi from 'koffi';

const AF_INET = 2;
const SOCK_RAW = 3;
const SOCK_DGRAM = 2;
const IPPROTO_ICMP = 1;
const IPPROTO_IP = 0;
const IP_TTL = 2;
const IP_TOS = 1;
const MSG_DONTWAIT = 0x40;
const SOCK_NONBLOCK = 0x800;
const SOCK_CLOEXEC = 0x80000;

/** IcmpSendEcho status values (ipexport.h). */
export const IP_STATUS = {
  SUCCESS: 0,
  DEST_NET_UNREACHABLE: 11002,
  DEST_HOST_UNREACHABLE: 11003,
  DEST_PROT_UNREACHABLE: 11004,
  DEST_PORT_UNREACHABLE: 11005,
  REQ_TIMED_OUT: 11010,
  TTL_EXPIRED_TRANSIT: 11013,
  GENERAL_FAILURE: 11050,
} as const;

export interface EchoResult {
  status: number;
  /** Who answered, as the in_addr DWORD (first octet in the low byte). */
  from: number;
  rttMs: number;
  ttl: number;
  tos: number;
  data: Buffer;
}

let libc:
  | { socket: koffi.KoffiFunction; setsockopt: koffi.KoffiFunction; sendto: koffi.KoffiFunction; recvfrom: koffi.KoffiFunction; close: koffi.KoffiFunction }
  | undefined;
function fns() {
  if (!libc) {
    const l = koffi.load('libc.so.6');
    libc = {
      socket: l.func('int socket(int domain, int type, int protocol)'),
      setsockopt: l.func('int setsockopt(int fd, int level, int name, const void *val, uint32_t len)'),
      sendto: l.func('intptr_t sendto(int fd, const void *buf, size_t len, int flags, const void *addr, uint32_t alen)'),
      recvfrom: l.func('intptr_t recvfrom(int fd, _Out_ void *buf, size_t len, int flags, _Out_ void *addr, _Inout_ uint32_t *alen)'),
      close: l.func('int close(int fd)'),
    };
  }
  return libc;
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length & 1) sum += b[b.length - 1]! << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

let nextId = (process.pid * 7919) & 0xffff;

/** An ICMP socket for echo requests. */
export class IcmpSocket {
  private seq = 0;
  private readonly id = (nextId = (nextId + 1) & 0xffff);
  private closed = false;
  private constructor(
    private readonly fd: number,
    /** Raw sockets deliver the IP header and every ICMP message of the host. */
    readonly raw: boolean,
  ) {}

  /** Opens a datagram ICMP socket, else a raw one; undefined when the host allows neither. */
  static open(): IcmpSocket | undefined {
    const f = fns();
    const flags = SOCK_NONBLOCK | SOCK_CLOEXEC;
    let fd = f.socket(AF_INET, SOCK_DGRAM | flags, IPPROTO_ICMP) as number;
    if (fd >= 0) return new IcmpSocket(fd, false);
    fd = f.socket(AF_INET, SOCK_RAW | flags, IPPROTO_ICMP) as number;
    return fd >= 0 ? new IcmpSocket(fd, true) : undefined;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fns().close(this.fd);
  }

  /**
   * Sends one echo request to `dest` (in_addr DWORD) and calls `done` with the answer or the
   * time-out. Returns a cancel function.
   */
  echo(dest: number, data: Buffer, ttl: number, tos: number, timeoutMs: number, done: (r: EchoResult) => void): () => void {
    const f = fns();
    const int = Buffer.alloc(4);
    if (ttl > 0) {
      int.writeInt32LE(ttl);
      f.setsockopt(this.fd, IPPROTO_IP, IP_TTL, int, 4);
    }
    int.writeInt32LE(tos);
    f.setsockopt(this.fd, IPPROTO_IP, IP_TOS, int, 4);
    const seq = (this.seq = (this.seq + 1) & 0xffff);
    const pkt = Buffer.alloc(8 + data.length);
    pkt[0] = 8; // echo request
    pkt.writeUInt16BE(this.id, 4);
    pkt.writeUInt16BE(seq, 6);
    data.copy(pkt, 8);
    pkt.writeUInt16BE(checksum(pkt), 2);
    const addr = Buffer.alloc(16);
    addr.writeUInt16LE(AF_INET, 0);
    addr.writeUInt32LE(dest >>> 0, 4);
    const started = performance.now();
    const fail = (status: number) => ({ status, from: dest, rttMs: 0, ttl: 0, tos: 0, data: Buffer.alloc(0) });
    if ((f.sendto(this.fd, pkt, pkt.length, 0, addr, 16) as number) < 0) {
      queueMicrotask(() => done(fail(IP_STATUS.GENERAL_FAILURE)));
      return () => {};
    }
    const buf = Buffer.alloc(65536);
    const from = Buffer.alloc(16);
    const alen = [16];
    let finished = false;
    const finish = (r: EchoResult) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      done(r);
    };
    const poll = () => {
      for (;;) {
        alen[0] = 16;
        const n = f.recvfrom(this.fd, buf, buf.length, MSG_DONTWAIT, from, alen) as number;
        if (n < 0) break;
        const r = this.match(buf.subarray(0, n), from.readUInt32LE(4), seq, dest, started);
        if (r) return finish(r);
      }
      if (performance.now() - started >= timeoutMs) finish(fail(IP_STATUS.REQ_TIMED_OUT));
    };
    const timer = setInterval(poll, 1);
    queueMicrotask(poll);
    return () => {
      finished = true;
      clearInterval(timer);
    };
  }

  /** Parses one received packet; the answer to our request `seq`, or undefined. */
  private match(p: Buffer, fromAddr: number, seq: number, dest: number, started: number): EchoResult | undefined {
    let ttl = 64;
    let tos = 0;
    if (this.raw) {
      if (p.length < 20) return undefined;
      const ihl = (p[0]! & 0xf) * 4;
      tos = p[1]!;
      ttl = p[8]!;
      p = p.subarray(ihl);
    }
    if (p.length < 8) return undefined;
    const type = p[0]!;
    const rtt = Math.round(performance.now() - started);
    if (type === 0) {
      // Datagram sockets rewrite the identifier (the kernel owns it): match the sequence only.
      if ((this.raw && p.readUInt16BE(4) !== this.id) || p.readUInt16BE(6) !== seq || (fromAddr >>> 0 !== dest >>> 0 && this.raw)) return undefined;
      return { status: IP_STATUS.SUCCESS, from: fromAddr, rttMs: rtt, ttl, tos, data: Buffer.from(p.subarray(8)) };
    }
    if (!this.raw || (type !== 11 && type !== 3)) return undefined;
    // Time exceeded / unreachable: the original IP header and 8 bytes of our request follow.
    const inner = p.subarray(8);
    if (inner.length < 28) return undefined;
    const innerIcmp = inner.subarray((inner[0]! & 0xf) * 4);
    if (innerIcmp.length < 8 || innerIcmp[0] !== 8 || innerIcmp.readUInt16BE(4) !== this.id || innerIcmp.readUInt16BE(6) !== seq) return undefined;
    const code = p[1]!;
    const status =
      type === 11
        ? IP_STATUS.TTL_EXPIRED_TRANSIT
        : code === 0
          ? IP_STATUS.DEST_NET_UNREACHABLE
          : code === 1
            ? IP_STATUS.DEST_HOST_UNREACHABLE
            : code === 2
              ? IP_STATUS.DEST_PROT_UNREACHABLE
              : code === 3
                ? IP_STATUS.DEST_PORT_UNREACHABLE
                : IP_STATUS.DEST_HOST_UNREACHABLE;
    return { status, from: fromAddr, rttMs: rtt, ttl, tos, data: Buffer.alloc(0) };
  }
}
