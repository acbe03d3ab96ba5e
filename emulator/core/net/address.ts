/**
 * Network addresses as the emulator's layers share them: text <-> bytes (IPv4, IPv6), endpoints
 * (address + port) read from Winsock sockaddrs, and the interface through which the socket DLL reports
 * traffic to a capture (the pcap writer of the system layer implements it).
 */

/** Parse a dotted-quad IPv4 address into 4 bytes; null if malformed. */
export function parseIPv4(s: string): Uint8Array | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const v = Number(m[i + 1]);
    if (v > 255) return null;
    out[i] = v;
  }
  return out;
}

/** Parse textual IPv6 (with `::` and an optional embedded IPv4 tail) into 16 bytes; null if malformed. */
export function parseIPv6(s: string): Uint8Array | null {
  let head = s;
  let tail4: Uint8Array | null = null;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (!tail4) return null;
    head = s.slice(0, lastColon + 1) + '0:0'; // placeholder groups, overwritten below
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const a = parseGroups(head.slice(0, dbl));
    const b = parseGroups(head.slice(dbl + 2));
    if (!a || !b || a.length + b.length > 7) return null;
    groups = [...a, ...new Array<number>(8 - a.length - b.length).fill(0), ...b];
  } else {
    const g = parseGroups(head);
    if (!g || g.length !== 8) return null;
    groups = g;
  }
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = groups[i]! >> 8;
    out[2 * i + 1] = groups[i]! & 0xff;
  }
  if (tail4) out.set(tail4, 12);
  return out;
}

/** Format 16 bytes at `b[off]` as RFC 5952 IPv6 text (IPv4-mapped as `::ffff:a.b.c.d`). */
export function formatIPv6(b: Uint8Array, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${b[off + 12]}.${b[off + 13]}.${b[off + 14]}.${b[off + 15]}`;
  }
  // Longest run (length >= 2) of zero groups, first one wins on ties.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (arr: number[]) => arr.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

/** One end of a flow: an IPv4 (4 bytes) or IPv6 (16 bytes) address and a port. */
export interface Endpoint {
  address: Uint8Array;
  port: number;
}

/** Parses a Winsock sockaddr (sockaddr_in: family 2, sockaddr_in6: family 23) into an Endpoint. */
export function endpointFromSockaddr(buf: Uint8Array, off: number, len: number): Endpoint | undefined {
  if (len < 8 || off + 8 > buf.length) return undefined;
  const fam = buf[off]! | (buf[off + 1]! << 8);
  const port = (buf[off + 2]! << 8) | buf[off + 3]!;
  if (fam === 2 && len >= 8) return { address: Uint8Array.from(buf.subarray(off + 4, off + 8)), port };
  if (fam === 23 && len >= 24 && off + 24 <= buf.length) return { address: Uint8Array.from(buf.subarray(off + 8, off + 24)), port };
  return undefined;
}

/** `127.0.0.1:8080` / `[::1]:8080`. */
export function formatEndpoint(e: Endpoint): string {
  if (e.address.length === 4) return `${[...e.address].join('.')}:${e.port}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((e.address[i]! << 8) | e.address[i + 1]!).toString(16));
  // Compress the longest run of zero groups (RFC 5952).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = best < 0 ? groups.join(':') : `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
  return `[${text}]:${e.port}`;
}

/**
 * Where the socket DLL reports payload bytes (`--pcap`): `key` identifies a TCP connection (the guest
 * socket); `guestConnected` says which side opened it (for the synthesized handshake).
 */
export interface TrafficSink {
  tcp(key: object, local: Endpoint | undefined, peer: Endpoint | undefined, direction: 'out' | 'in', data: Uint8Array, guestConnected?: boolean): void;
  knows(key: object): boolean;
  tcpClose(key: object): void;
  udp(local: Endpoint | undefined, peer: Endpoint | undefined, direction: 'out' | 'in', data: Uint8Array): void;
}
