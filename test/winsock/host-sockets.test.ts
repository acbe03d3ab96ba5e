/**
 * Host socket layer (winsock-shim/host) against real loopback peers (127.0.0.1 and ::1).
 * Every loop is bounded; nothing is sent anywhere but loopback.
 * The host layer is a thin adapter: it reports what Linux answers (errno mapped by errno.ts); the
 * Winsock rules on top (shutdown, flags, OOB, bind-before-listen, truncation...) are tested through
 * guest ROMs (winsock-send, winsock-conformance...).
 */
import { describe, it, expect, afterAll } from 'vitest';
import net from 'node:net';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

import {
  addressOf,
  allocLowMemory,
  AF_INET,
  AF_INET6,
  SOCK_STREAM,
  SOCK_DGRAM,
  SOL_SOCKET,
  SO_SNDBUF,
  SO_RCVBUF,
  SO_OOBINLINE,
  SO_TYPE,
  IPPROTO_IP,
  IP_HDRINCL,
  IPPROTO_TCP,
  TCP_NODELAY,
} from '../../winsock-shim/host/libc.js';
import { WSA, ERRNO_TO_WSA, wsaFromErrno, wsaName, WSA_DEFAULT } from '../../winsock-shim/host/errno.js';
import {
  encodeGuest,
  encodeHost,
  decodeGuest,
  decodeHost,
  guestToHost,
  hostToGuest,
  formatIPv6,
  parseIPv6,
  formatSockAddr,
  type SockAddr,
} from '../../winsock-shim/host/sockaddr.js';
import { getPoller, Poller, EPOLLIN, POLLER_FORGOTTEN } from '../../winsock-shim/host/poller.js';
import { HostSocket } from '../../winsock-shim/host/host-socket.js';
import { E } from '../../winsock-shim/host/libc.js';
import { checkRawHeader } from '../../winsock-shim/send.js';

// Guest flag / shutdown values (the same numbers as Linux's, which the adapter passes on).
const WS_MSG_OOB = 0x1;
const WS_MSG_PEEK = 0x2;
const SD_RECEIVE = 0;
const SD_SEND = 1;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// "Guest RAM": one Buffer, its base address taken once, data addressed as base + offset.
const mem = Buffer.alloc(1 << 20);
const base = addressOf(mem);
const SA_OFF = 0x100; // guest sockaddr scratch in "guest RAM"
const OUT_OFF = 0x200;
const DATA_OFF = 0x1000;
const RX_OFF = 0x40000;

const FAMILIES = [
  { name: 'IPv4', family: AF_INET, fam: 'ipv4' as const, loop: '127.0.0.1' },
  { name: 'IPv6', family: AF_INET6, fam: 'ipv6' as const, loop: '::1' },
];

const opened: HostSocket[] = [];
afterAll(() => {
  for (const s of opened) if (!s.closed) s.close();
});

function ok<T>(v: T | number): T {
  if (typeof v === 'number') throw new Error(`expected a socket, got ${v} (${wsaName(v)})`);
  return v;
}

function open(family: number, type: number, protocol = 0): HostSocket {
  const s = ok(HostSocket.create(family, type, protocol));
  opened.push(s);
  return s;
}

/** Write a guest-layout sockaddr into guest RAM at SA_OFF; returns its length. */
function guestAddr(fam: 'ipv4' | 'ipv6', address: string, port: number): number {
  return encodeGuest({ family: fam, address, port }, mem, SA_OFF);
}

function localPort(s: HostSocket): number {
  const n = s.getsockname(mem, OUT_OFF, 28);
  expect(n).toBeGreaterThan(0);
  return decodeGuest(mem, OUT_OFF, n)!.port;
}

function put(data: Buffer | string, off = DATA_OFF): number {
  const b = typeof data === 'string' ? Buffer.from(data) : data;
  b.copy(mem, off);
  return b.length;
}

function wait(s: HostSocket, what: 'r' | 'w' | 'u', ms = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const cb = (ev: number) => {
      clearTimeout(t);
      resolve(ev);
    };
    const h = what === 'r' ? s.waitReadable(cb) : what === 'w' ? s.waitWritable(cb) : s.waitUrgent(cb);
    const t = setTimeout(() => {
      s.cancelWait(h);
      reject(new Error(`timeout waiting for ${what} on fd ${s.fd}`));
    }, ms);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connect a client HostSocket to `port`, waiting for completion. */
async function connectTo(fam: 'ipv4' | 'ipv6', family: number, address: string, port: number, before?: (s: HostSocket) => void) {
  const c = open(family, SOCK_STREAM);
  before?.(c);
  const r = c.connect(mem, SA_OFF, guestAddr(fam, address, port));
  if (r !== 0) {
    expect(r).toBe(-WSA.WSAEWOULDBLOCK);
    await wait(c, 'w');
    expect(c.soError()).toBe(0);
  }
  return c;
}

/** A connected pair of HostSockets (listener → accept). */
async function hostPair(
  fam: 'ipv4' | 'ipv6',
  family: number,
  address: string,
  tweak?: { listener?: (s: HostSocket) => void; client?: (s: HostSocket) => void },
) {
  const l = open(family, SOCK_STREAM);
  tweak?.listener?.(l);
  expect(l.bind(mem, SA_OFF, guestAddr(fam, address, 0))).toBe(0);
  expect(l.listen(8)).toBe(0);
  const port = localPort(l);
  const c = await connectTo(fam, family, address, port, tweak?.client);
  let a = l.accept(mem, OUT_OFF, 28);
  for (let i = 0; a === -WSA.WSAEWOULDBLOCK && i < 50; i++) {
    await wait(l, 'r');
    a = l.accept(mem, OUT_OFF, 28);
  }
  const server = ok(a);
  opened.push(server);
  expect(decodeGuest(mem, OUT_OFF, l.addrLen)!.port).toBe(localPort(c));
  l.close();
  return { c, server };
}

/** recv with waiting, bounded. */
async function recvSome(s: HostSocket, len: number, flags = 0, off = RX_OFF): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const r = s.recv(base + off, len, flags);
    if (r !== -WSA.WSAEWOULDBLOCK) return r;
    await wait(s, 'r');
  }
  throw new Error('recv never completed');
}

// -------------------------------------------------------------------------------------------------

describe('errno table', () => {
  it('Winsock codes agree with the reference TSV', () => {
    const tsv = fs.readFileSync(path.join(root, 'winsock-shim/winsock-errors.tsv'), 'utf8');
    const rows = tsv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t') as [string, string]);
    expect(rows.length).toBeGreaterThan(30);
    for (const [name, value] of rows) expect((WSA as Record<string, number>)[name]).toBe(Number(value));
    expect(Object.keys(WSA).length).toBe(rows.length);
  });

  it('maps the important errnos', () => {
    expect(wsaFromErrno(11)).toBe(WSA.WSAEWOULDBLOCK); // EAGAIN
    expect(wsaFromErrno(115)).toBe(WSA.WSAEWOULDBLOCK); // EINPROGRESS
    expect(wsaFromErrno(104)).toBe(WSA.WSAECONNRESET);
    expect(wsaFromErrno(107)).toBe(WSA.WSAENOTCONN);
    expect(wsaFromErrno(90)).toBe(WSA.WSAEMSGSIZE);
    expect(wsaFromErrno(13)).toBe(WSA.WSAEACCES);
    expect(wsaFromErrno(9)).toBe(WSA.WSAENOTSOCK);
    expect(wsaFromErrno(111)).toBe(WSA.WSAECONNREFUSED);
    expect(wsaFromErrno(9999)).toBe(WSA_DEFAULT);
    for (const v of Object.values(ERRNO_TO_WSA)) expect(Object.values(WSA)).toContain(v);
    expect(wsaName(-10035)).toBe('WSAEWOULDBLOCK');
  });
});

describe('sockaddr', () => {
  it('converts IPv4 guest <-> host layouts', () => {
    const g = new Uint8Array(32);
    const h = new Uint8Array(128);
    const gl = encodeGuest({ family: 'ipv4', address: '10.1.2.3', port: 0x1234 }, g, 0);
    expect(gl).toBe(16);
    expect([...g.subarray(0, 8)]).toEqual([2, 0, 0x12, 0x34, 10, 1, 2, 3]);
    expect(guestToHost(g, 0, gl, h, 0)).toBe(16);
    expect(decodeHost(h, 0, 16)).toEqual({ family: 'ipv4', address: '10.1.2.3', port: 0x1234 });
    const g2 = new Uint8Array(32);
    expect(hostToGuest(h, 0, 16, g2, 4, 16)).toBe(16);
    expect([...g2.subarray(4, 20)]).toEqual([...g.subarray(0, 16)]);
    expect(hostToGuest(h, 0, 16, g2, 0, 15)).toBe(-WSA.WSAEFAULT);
    expect(guestToHost(g, 0, 15, h, 0)).toBe(-WSA.WSAEFAULT);
  });

  it('converts IPv6 (Windows AF_INET6 = 23, Linux = 10)', () => {
    const g = new Uint8Array(32);
    const h = new Uint8Array(128);
    const sa: SockAddr = { family: 'ipv6', address: 'fe80::1:2', port: 443, flowinfo: 7, scopeId: 3 };
    expect(encodeGuest(sa, g, 0)).toBe(28);
    expect(g[0]! | (g[1]! << 8)).toBe(23);
    expect(guestToHost(g, 0, 28, h, 0)).toBe(28);
    expect(h[0]! | (h[1]! << 8)).toBe(10);
    expect(decodeHost(h, 0, 28)).toEqual({ family: 'ipv6', address: 'fe80::1:2%3', port: 443, flowinfo: 7, scopeId: 3 });
    expect(guestToHost(g, 0, 24, h, 0)).toBe(28); // old 24-byte SOCKADDR_IN6: scope 0
    expect(decodeHost(h, 0, 28)!.scopeId).toBe(0);
    const g2 = new Uint8Array(28);
    expect(hostToGuest(h, 0, 28, g2, 0, 27)).toBe(-WSA.WSAEFAULT);
    g[0] = 99;
    expect(guestToHost(g, 0, 28, h, 0)).toBe(-WSA.WSAEAFNOSUPPORT);
  });

  it('formats and parses IPv6 text', () => {
    const cases = ['::', '::1', '2001:db8::ff00:42:8329', '1:0:0:2::3', '1:2:3:4:5:6:7:8', '::ffff:1.2.3.4', 'fe80::'];
    for (const c of cases) expect(formatIPv6(parseIPv6(c)!, 0)).toBe(c);
    expect(formatIPv6(parseIPv6('2001:0db8:0000:0000:0000:0000:0000:0001')!, 0)).toBe('2001:db8::1');
    expect(parseIPv6('1::2::3')).toBeNull();
    expect(parseIPv6('12345::')).toBeNull();
    const h = new Uint8Array(28);
    encodeHost({ family: 'ipv6', address: '::1', port: 80 }, h, 0);
    expect(formatSockAddr(decodeHost(h, 0, 28))).toBe('[::1]:80');
  });
});

describe.each(FAMILIES)('TCP over $name loopback', ({ family, fam, loop }) => {
  it('connects to a Node peer, sends and receives', async () => {
    const server = net.createServer((sock) => {
      sock.on('error', () => {}); // our close() may reset it
      sock.pipe(sock); // echo
    });
    await new Promise<void>((r) => server.listen(0, loop, r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const c = await connectTo(fam, family, loop, port);
      expect(c.getsockoptInt(SOL_SOCKET, SO_TYPE)).toBe(SOCK_STREAM);
      expect(c.setsockoptInt(IPPROTO_TCP, TCP_NODELAY, 1)).toBe(0);
      const n = c.getpeername(mem, OUT_OFF, 28);
      expect(decodeGuest(mem, OUT_OFF, n)).toMatchObject({ family: fam, address: loop, port });
      const len = put('hello, winsock');
      expect(c.send(base + DATA_OFF, len, 0)).toBe(len);
      let got = 0;
      for (let i = 0; got < len && i < 100; i++) {
        const r = await recvSome(c, 256, 0, RX_OFF + got);
        expect(r).toBeGreaterThan(0);
        got += r;
      }
      expect(mem.toString('latin1', RX_OFF, RX_OFF + got)).toBe('hello, winsock');
      // Nothing more: would block.
      expect(c.recv(base + RX_OFF, 256, 0)).toBe(-WSA.WSAEWOULDBLOCK);
      expect(c.pendingBytes()).toBe(0);
      // Peek leaves data queued.
      expect(c.send(base + DATA_OFF, 5, 0)).toBe(5);
      await wait(c, 'r');
      expect(c.recv(base + RX_OFF, 5, WS_MSG_PEEK)).toBeGreaterThan(0);
      expect(c.pendingBytes()).toBeGreaterThan(0);
      expect(c.close()).toBe(0);
      expect(c.send(base + DATA_OFF, 1, 0)).toBe(-WSA.WSAENOTSOCK);
    } finally {
      server.close();
    }
  });

  it('reports a refused connection through SO_ERROR', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, loop, r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = open(family, SOCK_STREAM);
    const r = c.connect(mem, SA_OFF, guestAddr(fam, loop, port));
    if (r === -WSA.WSAEWOULDBLOCK) {
      await wait(c, 'w');
      expect(c.soError()).toBe(WSA.WSAECONNREFUSED);
    } else {
      expect(r).toBe(-WSA.WSAECONNREFUSED);
    }
    c.close();
  });

  it('fills the send buffer: partial count, then WSAEWOULDBLOCK, then writable again', async () => {
    const { c, server } = await hostPair(fam, family, loop, {
      listener: (l) => expect(l.setsockoptInt(SOL_SOCKET, SO_RCVBUF, 4096)).toBe(0),
      client: (s) => expect(s.setsockoptInt(SOL_SOCKET, SO_SNDBUF, 4096)).toBe(0),
    });
    expect(c.bufferSize(SO_SNDBUF)).toBe(4096); // as set, not Linux's doubled value
    const CHUNK = 65536;
    mem.fill(0x5a, DATA_OFF, DATA_OFF + CHUNK);
    let total = 0;
    let partial = false;
    let blocked = false;
    for (let i = 0; i < 10000 && !blocked; i++) {
      const r = c.send(base + DATA_OFF, CHUNK, 0);
      if (r === -WSA.WSAEWOULDBLOCK) blocked = true;
      else {
        expect(r).toBeGreaterThan(0);
        if (r < CHUNK) partial = true;
        total += r;
      }
    }
    expect(blocked).toBe(true);
    expect(partial).toBe(true);
    expect(total).toBeLessThan(8 << 20);
    expect(c.outq()).toBeGreaterThan(0);
    // Drain the peer; the sender becomes writable.
    const writable = wait(c, 'w');
    let drained = 0;
    for (let i = 0; i < 100000 && drained < total; i++) {
      const r = server.recv(base + RX_OFF, CHUNK, 0);
      if (r === -WSA.WSAEWOULDBLOCK) await wait(server, 'r');
      else {
        expect(r).toBeGreaterThan(0);
        drained += r;
      }
    }
    expect(drained).toBe(total);
    await writable;
    expect(c.send(base + DATA_OFF, 100, 0)).toBe(100);
  });

  it('delivers MSG_OOB urgent data; SIOCATMARK with Winsock meaning', async () => {
    const { c, server } = await hostPair(fam, family, loop);
    expect(server.recv(base + RX_OFF, 1, WS_MSG_OOB)).toBe(-WSA.WSAEINVAL); // nothing urgent yet: Linux EINVAL
    expect(server.lastErrno).toBe(E.EINVAL);
    expect(server.urgentPending()).toBe(0);
    expect(c.send(base + DATA_OFF, put('abc'), 0)).toBe(3);
    expect(c.send(base + DATA_OFF, put('X'), WS_MSG_OOB)).toBe(1);
    await wait(server, 'u');
    expect(server.urgentPending()).toBe(1); // urgent data waiting
    expect(server.recv(base + RX_OFF, 1, WS_MSG_OOB)).toBe(1);
    expect(String.fromCharCode(mem[RX_OFF]!)).toBe('X');
    expect(server.urgentPending()).toBe(0);
    expect(await recvSome(server, 16)).toBe(3);
    expect(mem.toString('latin1', RX_OFF, RX_OFF + 3)).toBe('abc');
  });

  it('SO_OOBINLINE: the urgent byte arrives in-band; recv(MSG_OOB) is EINVAL', async () => {
    // A fresh pair: on Linux, toggling SO_OOBINLINE after reading the urgent byte out-of-band but
    // before reading past the mark makes that byte show up again in-band.
    const { c, server } = await hostPair(fam, family, loop);
    expect(server.setsockoptInt(SOL_SOCKET, SO_OOBINLINE, 1)).toBe(0);
    expect(c.send(base + DATA_OFF, put('deY'), 0)).toBe(3);
    expect(c.send(base + DATA_OFF, put('Z'), WS_MSG_OOB)).toBe(1);
    await wait(server, 'u');
    expect(server.recv(base + RX_OFF, 1, WS_MSG_OOB)).toBe(-WSA.WSAEINVAL);
    expect(server.urgentPending()).toBe(1);
    let text = '';
    for (let i = 0; i < 10 && text.length < 4; i++) {
      const r = await recvSome(server, 16);
      expect(r).toBeGreaterThan(0);
      text += mem.toString('latin1', RX_OFF, RX_OFF + r);
    }
    expect(text).toBe('deYZ');
    expect(server.urgentPending()).toBe(0);
  });

  it('SO_LINGER {1,0} close resets the connection (host peer and Node peer)', async () => {
    const { c, server } = await hostPair(fam, family, loop);
    expect(c.setLinger(true, 0)).toBe(0);
    expect(c.getLinger()).toEqual({ onoff: true, seconds: 0 });
    expect(c.close()).toBe(0);
    await wait(server, 'r');
    expect(server.recv(base + RX_OFF, 16, 0)).toBe(-WSA.WSAECONNRESET);
    // After the reset, sending reports the reset too (Linux says EPIPE here).
    expect(server.send(base + DATA_OFF, 4, 0)).toBe(-WSA.WSAECONNRESET);

    const nodeErr = new Promise<string>((resolve) => {
      const srv = net.createServer((sock) => {
        sock.on('error', (e: NodeJS.ErrnoException) => {
          resolve(e.code ?? String(e));
          srv.close();
        });
        sock.on('close', () => resolve('closed-without-error'));
      });
      srv.listen(0, loop, async () => {
        const port = (srv.address() as net.AddressInfo).port;
        const k = await connectTo(fam, family, loop, port);
        await sleep(20);
        k.setLinger(true, 0);
        k.close();
      });
    });
    expect(await nodeErr).toBe('ECONNRESET');
  });

  it('shutdown and unconnected sockets: Linux answers, raw errno kept (Winsock rules are the layer above)', async () => {
    const { c, server } = await hostPair(fam, family, loop);
    expect(c.shutdown(SD_SEND)).toBe(0);
    expect(c.send(base + DATA_OFF, 1, 0)).toBe(-WSA.WSAECONNRESET); // EPIPE: send.ts says WSAESHUTDOWN first
    expect(c.lastErrno).toBe(E.EPIPE);
    expect(await recvSome(server, 16)).toBe(0); // orderly FIN
    expect(server.shutdown(SD_RECEIVE)).toBe(0);

    const u = open(family, SOCK_STREAM);
    expect(u.recv(base + RX_OFF, 1, 0)).toBe(-WSA.WSAENOTCONN);
    expect(u.accept()).toBe(-WSA.WSAEINVAL); // not listening
    expect(u.listen(1)).toBe(0); // Linux auto-binds (socket.ts refuses an unbound listen first)
    expect(u.accept()).toBe(-WSA.WSAEWOULDBLOCK);
    u.close();
  });
});

describe.each(FAMILIES)('UDP over $name loopback', ({ family, fam, loop }) => {
  const udpType = fam === 'ipv4' ? 'udp4' : 'udp6';

  async function closedPort(): Promise<number> {
    const d = dgram.createSocket(udpType);
    await new Promise<void>((r) => d.bind(0, loop, r));
    const port = d.address().port;
    await new Promise<void>((r) => d.close(() => r()));
    return port;
  }

  it('connected UDP: ICMP port unreachable → WSAECONNRESET', async () => {
    const port = await closedPort();
    const u = open(family, SOCK_DGRAM);
    expect(u.connect(mem, SA_OFF, guestAddr(fam, loop, port))).toBe(0);
    expect(u.send(base + DATA_OFF, put('ping'), 0)).toBe(4);
    let r = 0;
    for (let i = 0; i < 50; i++) {
      r = u.send(base + DATA_OFF, 4, 0);
      if (r < 0) break;
      await sleep(10);
    }
    expect(r).toBe(-WSA.WSAECONNRESET);
    u.close();
  });

  it('unconnected UDP: sendto a closed port, then recvfrom → WSAECONNRESET', async () => {
    const port = await closedPort();
    const u = open(family, SOCK_DGRAM);
    expect(u.bind(mem, SA_OFF, guestAddr(fam, loop, 0))).toBe(0);
    const n = guestAddr(fam, loop, port);
    expect(u.sendto(base + DATA_OFF, put('ping'), 0, mem, SA_OFF, n)).toBe(4);
    await wait(u, 'r');
    expect(u.recvfrom(base + RX_OFF, 64, 0, mem, OUT_OFF, 28)).toBe(-WSA.WSAECONNRESET);
    // The error was consumed: back to "nothing to read", and the poller no longer sees an error.
    expect(u.recvfrom(base + RX_OFF, 64, 0, mem, OUT_OFF, 28)).toBe(-WSA.WSAEWOULDBLOCK);
    u.close();
  });

  it('datagram size limits: EMSGSIZE on send, WSAEMSGSIZE on truncated receive', async () => {
    const peer = dgram.createSocket(udpType);
    await new Promise<void>((r) => peer.bind(0, loop, r));
    const peerPort = peer.address().port;
    try {
      const u = open(family, SOCK_DGRAM);
      expect(u.bind(mem, SA_OFF, guestAddr(fam, loop, 0))).toBe(0);
      const myPort = localPort(u);
      const n = guestAddr(fam, loop, peerPort);
      expect(u.sendto(base + DATA_OFF, 70000, 0, mem, SA_OFF, n)).toBe(-WSA.WSAEMSGSIZE);
      expect(u.sendto(base + DATA_OFF, 8, 0, null, 0, 0)).toBe(-WSA.WSAEDESTADDRREQ);
      expect(u.send(base + DATA_OFF, 8, 0)).toBe(-WSA.WSAEDESTADDRREQ); // send.ts reports WSAENOTCONN first

      peer.send(Buffer.alloc(100, 0x41), myPort, loop);
      await wait(u, 'r');
      expect(u.pendingBytes()).toBe(100);
      mem.fill(0, RX_OFF, RX_OFF + 100);
      expect(u.recvfrom(base + RX_OFF, 10, 0, mem, OUT_OFF, 28)).toBe(100); // the real length (recv.ts: WSAEMSGSIZE)
      expect(mem.toString('latin1', RX_OFF, RX_OFF + 11)).toBe('AAAAAAAAAA\0');
      expect(decodeGuest(mem, OUT_OFF, u.addrLen)).toMatchObject({ family: fam, address: loop, port: peerPort });
      // The rest of the datagram is gone (Winsock semantics too).
      expect(u.recv(base + RX_OFF, 10, 0)).toBe(-WSA.WSAEWOULDBLOCK);

      peer.send(Buffer.from('ok'), myPort, loop);
      await wait(u, 'r');
      expect(u.recvfrom(base + RX_OFF, 64, 0, mem, OUT_OFF, 28)).toBe(2);
      u.close();
    } finally {
      peer.close();
    }
  });
});

describe('UDP broadcast policy', () => {
  it('sendto 255.255.255.255 without SO_BROADCAST → WSAEACCES (nothing is sent)', () => {
    const u = open(AF_INET, SOCK_DGRAM);
    expect(u.bind(mem, SA_OFF, guestAddr('ipv4', '127.0.0.1', 0))).toBe(0);
    const n = guestAddr('ipv4', '255.255.255.255', 9);
    expect(u.sendto(base + DATA_OFF, 4, 0, mem, SA_OFF, n)).toBe(-WSA.WSAEACCES);
    expect(u.outq()).toBe(0);
    u.close();
  });
});

describe('raw sockets', () => {
  it('IP_HDRINCL with a TCP protocol field is refused (WSAEPROTONOSUPPORT)', () => {
    const hdr = new Uint8Array(40);
    hdr[0] = 0x45;
    hdr[9] = 6;
    expect(checkRawHeader(hdr, 0, 40)).toBe(-WSA.WSAEPROTONOSUPPORT);
    hdr[9] = 17;
    expect(checkRawHeader(hdr, 0, 40)).toBe(0);
    expect(checkRawHeader(hdr, 0, 10)).toBe(-WSA.WSAEINVAL);
    const r = HostSocket.create(AF_INET, 3 /* SOCK_RAW */, 17);
    if (typeof r === 'number') {
      expect(r).toBe(-WSA.WSAEACCES); // not root: EPERM
      return;
    }
    opened.push(r);
    expect(r.getsockoptInt(IPPROTO_IP, IP_HDRINCL)).toBe(0);
    expect(r.setsockoptInt(IPPROTO_IP, IP_HDRINCL, 1)).toBe(0);
    expect(r.getsockoptInt(IPPROTO_IP, IP_HDRINCL)).toBe(1);
    r.close();
  });
});

describe('poller', () => {
  it('wakes on readability across many sockets with one worker', async () => {
    const COUNT = 200;
    const socks: HostSocket[] = [];
    const ports: number[] = [];
    for (let i = 0; i < COUNT; i++) {
      const s = open(AF_INET, SOCK_DGRAM);
      expect(s.bind(mem, SA_OFF, guestAddr('ipv4', '127.0.0.1', 0))).toBe(0);
      socks.push(s);
      ports.push(localPort(s));
    }
    const poller = getPoller();
    const fired = new Array<number>(COUNT).fill(0);
    const all = Promise.all(
      socks.map(
        (s, i) =>
          new Promise<void>((resolve) =>
            s.waitReadable((ev) => {
              expect(ev & EPOLLIN).toBe(EPOLLIN);
              fired[i]!++;
              resolve();
            }),
          ),
      ),
    );
    // A write-and-read watch on the same fd coexist (one registration, union mask).
    const both = new Promise<number>((resolve) => socks[0]!.waitWritable(resolve));
    expect(poller.size).toBe(COUNT + 1);
    // The worker's wait starts on the next event-loop turn (poller.ts queueWait).
    await new Promise((r) => setImmediate(r));
    expect(poller.busy).toBe(true);
    const tx = dgram.createSocket('udp4');
    await new Promise<void>((r) => tx.bind(0, '127.0.0.1', r));
    for (let i = COUNT - 1; i >= 0; i--) tx.send(Buffer.from([i & 0xff]), ports[i], '127.0.0.1');
    await Promise.race([all, sleep(10000).then(() => Promise.reject(new Error('not all woke')))]);
    await both;
    tx.close();
    expect(fired.every((n) => n === 1)).toBe(true);
    for (let i = 0; i < COUNT; i++) {
      expect(socks[i]!.recv(base + RX_OFF, 4, 0)).toBe(1);
      expect(mem[RX_OFF]).toBe(i & 0xff);
    }
    // All one-shot watches fired: the poller goes idle (no outstanding wait).
    await sleep(20);
    expect(poller.size).toBe(0);
    expect(poller.busy).toBe(false);
    // close() wakes pending waiters with POLLER_FORGOTTEN.
    const forgotten = new Promise<number>((resolve) => socks[1]!.waitReadable(resolve));
    await new Promise((r) => setImmediate(r));
    expect(poller.busy).toBe(true);
    socks[1]!.close();
    expect((await forgotten) & POLLER_FORGOTTEN).toBe(POLLER_FORGOTTEN);
    for (const s of socks) if (!s.closed) s.close();
    await sleep(20);
    expect(poller.busy).toBe(false);
  });

  it('spin() waits on the JS thread: a ready fd calls its watch back at once, exactly once', async () => {
    const p = new Poller();
    const rx = open(AF_INET, SOCK_DGRAM);
    expect(rx.bind(mem, SA_OFF, guestAddr('ipv4', '127.0.0.1', 0))).toBe(0);
    const port = localPort(rx);
    const tx = open(AF_INET, SOCK_DGRAM);
    let called = 0;
    p.watch(rx.fd, EPOLLIN, () => called++);
    // Nothing there: the spin times out and calls nothing back.
    expect(p.spin(1000)).toBe(false);
    expect(called).toBe(0);
    // A datagram arrives: the spin sees it and calls the watch back synchronously.
    const n = guestAddr('ipv4', '127.0.0.1', port);
    expect(tx.sendto(base + DATA_OFF, put('x'), 0, mem, SA_OFF, n)).toBe(1);
    expect(p.spin(100_000)).toBe(true);
    expect(called).toBe(1);
    expect(p.size).toBe(0);
    // The worker's epoll_wait saw the same readiness: its report finds no watch and fires nothing.
    await sleep(30);
    expect(called).toBe(1);
    // A new watch on the same fd while the datagram is still unread fires once more (level: data is there).
    p.watch(rx.fd, EPOLLIN, () => called++);
    expect(p.spin(1000)).toBe(true);
    expect(called).toBe(2);
    expect(rx.recv(base + RX_OFF, 4, 0)).toBe(1);
    // Not used with more fds than it polls (the event loop's path scales): returns false without waiting.
    const many = Array.from({ length: 9 }, () => open(AF_INET, SOCK_DGRAM));
    for (const s of many) p.watch(s.fd, EPOLLIN, () => called++);
    expect(p.spin(1000)).toBe(false);
    p.close();
    expect(p.spin(1000)).toBe(false);
  });

  it('cancel removes a watch and lets the wait finish', async () => {
    const p = new Poller();
    const s = open(AF_INET, SOCK_DGRAM);
    let called = 0;
    const h = p.watch(s.fd, EPOLLIN, () => called++);
    await new Promise((r) => setImmediate(r));
    expect(p.busy).toBe(true);
    expect(p.cancel(h)).toBe(true);
    expect(p.cancel(h)).toBe(false);
    await sleep(30);
    expect(p.busy).toBe(false);
    expect(called).toBe(0);
    p.close();
    expect(() => p.watch(s.fd, EPOLLIN, () => {})).toThrow();
  });

  it('an idle, cancelled or closed poller lets the Node process exit', async () => {
    // Run the real modules in a child Node process: transpile winsock-shim/host/*.ts to a temp dir
    // inside node_modules (so that `koffi` resolves), then run scripts that must exit by themselves.
    const srcDir = path.join(root, 'winsock-shim/host');
    const outDir = fs.mkdtempSync(path.join(root, 'node_modules', '.wmemu-host-test-'));
    try {
      fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}');
      // The host layer and the one core module it uses (address text), at their relative places.
      const hostDir = path.join(outDir, 'winsock-shim', 'host');
      const sources: [string, string][] = [
        ...fs
          .readdirSync(srcDir)
          .filter((f) => f.endsWith('.ts'))
          .map((f): [string, string] => [path.join(srcDir, f), path.join(hostDir, f)]),
        [path.join(root, 'emulator/core/net/address.ts'), path.join(outDir, 'emulator/core/net/address.ts')],
      ];
      for (const [from, to] of sources) {
        const out = ts.transpileModule(fs.readFileSync(from, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        });
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.writeFileSync(to.replace(/\.ts$/, '.js'), out.outputText);
      }
      const prelude = `import { getPoller, closePoller } from './poller.js';
import { HostSocket } from './host-socket.js';
const s = HostSocket.create(2, 2, 0);`;
      const scripts = {
        closeWhileWaiting: `${prelude}
s.waitReadable(() => { console.log('unexpected'); });
setTimeout(() => { closePoller(); console.log('closed'); }, 50);`,
        cancelLast: `${prelude}
const h = s.waitReadable(() => { console.log('unexpected'); });
setTimeout(() => { s.cancelWait(h); console.log('cancelled'); }, 50);`,
        socketClosed: `${prelude}
s.waitReadable(() => { console.log('woken'); });
setTimeout(() => { s.close(); }, 50);`,
        idle: `${prelude}
getPoller(); console.log('idle');`,
      };
      for (const [name, code] of Object.entries(scripts)) {
        const file = path.join(hostDir, `${name}.mjs`);
        fs.writeFileSync(file, code);
        const started = Date.now();
        const res = await new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (out += d));
          const killer = setTimeout(() => child.kill('SIGKILL'), 8000);
          child.on('exit', (code) => {
            clearTimeout(killer);
            resolve({ code, out });
          });
        });
        expect({ name, ...res }).toMatchObject({ name, code: 0 });
        expect(res.out).not.toContain('unexpected');
        expect(Date.now() - started).toBeLessThan(8000);
      }
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
});

describe('hot path', () => {
  it('send of 64 bytes into a loopback sink does not allocate per call (smoke)', async () => {
    const sink = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.resume();
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    try {
      const c = await connectTo('ipv4', AF_INET, '127.0.0.1', (sink.address() as net.AddressInfo).port);
      let sent = 0;
      for (let i = 0; i < 2000; i++) {
        const r = c.send(base + DATA_OFF, 64, 0);
        if (r === -WSA.WSAEWOULDBLOCK) await wait(c, 'w');
        else sent += r;
      }
      expect(sent).toBeGreaterThan(0);
      c.close();
    } finally {
      sink.close();
    }
  });
});

describe('low guest memory', () => {
  it('allocLowMemory gives a small-integer base address usable for sends', async () => {
    const low = allocLowMemory(1 << 20);
    expect(low.buffer.length).toBe(1 << 20);
    if (process.arch === 'x64') expect(low.address + (1 << 20)).toBeLessThan(2 ** 31);
    const { c, server } = await hostPair('ipv4', AF_INET, '127.0.0.1');
    low.buffer.write('from low RAM', 0x800, 'latin1');
    expect(c.send(low.address + 0x800, 12, 0)).toBe(12);
    expect(await recvSome(server, 64, 0)).toBe(12);
    expect(mem.toString('latin1', RX_OFF, RX_OFF + 12)).toBe('from low RAM');
    expect(server.send(base + RX_OFF, 12, 0)).toBe(12);
    await wait(c, 'r');
    expect(c.recv(low.address + 0x1000, 64, 0)).toBe(12);
    expect(low.buffer.toString('latin1', 0x1000, 0x100c)).toBe('from low RAM');
  });
});

void SO_RCVBUF;
void os;
