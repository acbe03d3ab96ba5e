/**
 * Redirecting the guest's outgoing connections (the `redirect` option of the programmatic API and
 * of profiles): a guest `connect()` to `10.0.0.5:80` can be sent to `127.0.0.1:34567`, where a test
 * runs an in-process server. The guest sees the connection succeed as usual; only getpeername
 * tells: it reports the real peer (the redirect target), not the address the guest asked for.
 *
 * The Winsock shim calls `redirectSockaddr` where connect() hands the guest's sockaddr to the host.
 *
 * Map form (keys → targets):
 *
 *   { '10.0.0.5:80': 'tcp://127.0.0.1:34567',   // address and port
 *     'device-host:80': 8080,                    // a host name from the hosts map; number = 127.0.0.1:N
 *     '*:443': '127.0.0.1:8443',                 // any address, this port
 *     '192.168.1.9': '127.0.0.1' }               // any port of that address, same port on the target
 *
 * Function form: `(dest) => ({ host, port }) | undefined` (undefined = leave it alone).
 */
import { isIP } from 'node:net';
import { endpointFromSockaddr, formatEndpoint, parseIPv4, parseIPv6, type Endpoint } from './address.js';

export interface ConnectDestination {
  /** Numeric address as text: '10.0.0.5', '::1'. */
  host: string;
  port: number;
  family: 4 | 6;
}
export interface RedirectTarget {
  host: string;
  port: number;
}
export type ConnectRedirect = (dest: ConnectDestination) => RedirectTarget | undefined;
export type RedirectTargetSpec = string | number | RedirectTarget;
export type RedirectMap = Record<string, RedirectTargetSpec>;

export class RedirectError extends Error {}

function parseHostPort(text: string, what: string): { host: string; port: number | undefined } {
  let t = text.replace(/^(tcp|udp):\/\//, '');
  let port: number | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+|\*))?$/.exec(t);
  if (v6) {
    t = v6[1]!;
    if (v6[2] !== undefined && v6[2] !== '*') port = Number(v6[2]);
  } else if (isIP(t) !== 6) {
    const i = t.lastIndexOf(':');
    if (i >= 0) {
      const p = t.slice(i + 1);
      t = t.slice(0, i);
      if (p !== '*') port = Number(p);
    }
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new RedirectError(`bad port in ${what} '${text}'`);
  if (!t) throw new RedirectError(`missing host in ${what} '${text}'`);
  return { host: t, port };
}

/**
 * Turns the map form into a ConnectRedirect. Host names in keys are looked up in `hosts` (the device's
 * hosts map: name → address); numeric addresses are used as they are.
 */
export function redirectFromMap(map: RedirectMap, hosts: Record<string, string> = {}): ConnectRedirect {
  const rules: { host: string | undefined; port: number | undefined; target: RedirectTarget | { host: string; port: undefined } }[] = [];
  for (const [key, spec] of Object.entries(map)) {
    const k = parseHostPort(key, 'redirect key');
    let host: string | undefined = k.host === '*' ? undefined : k.host;
    if (host !== undefined && !isIP(host)) {
      const mapped = hosts[host] ?? hosts[host.toLowerCase()];
      if (mapped === undefined) throw new RedirectError(`redirect key '${key}': '${host}' is neither an IP address nor in the hosts map`);
      host = mapped;
    }
    let target: RedirectTarget | { host: string; port: undefined };
    if (typeof spec === 'number') target = { host: '127.0.0.1', port: spec };
    else if (typeof spec === 'string') {
      const t = parseHostPort(spec, 'redirect target');
      target = { host: t.host, port: t.port };
    } else target = spec;
    if (!isIP(target.host)) throw new RedirectError(`redirect target for '${key}' must be a numeric address, not '${target.host}'`);
    rules.push({ host: host === undefined ? undefined : normalize(host), port: k.port, target });
  }
  return (dest) => {
    const h = normalize(dest.host);
    for (const r of rules) {
      if (r.host !== undefined && r.host !== h) continue;
      if (r.port !== undefined && r.port !== dest.port) continue;
      return { host: r.target.host, port: r.target.port ?? dest.port };
    }
    return undefined;
  };
}

function normalize(host: string): string {
  return formatEndpoint({ address: addressBytes(host)!, port: 0 })
    .replace(/:0$/, '')
    .replace(/^\[|\]$/g, '');
}

/** '127.0.0.1' → 4 bytes, '::1' → 16 bytes; undefined for a non-numeric address. */
export function addressBytes(host: string): Uint8Array | undefined {
  const v = isIP(host);
  return (v === 4 ? parseIPv4(host) : v === 6 ? parseIPv6(host) : null) ?? undefined;
}

function endpointText(e: Endpoint): string {
  return formatEndpoint(e);
}

const scratch = Buffer.alloc(28);

/**
 * Applies `redirect` to the guest sockaddr at ram[off, off+len): undefined when it stays as is, or
 * a Winsock-format sockaddr (in a shared scratch buffer: use it at once) for the new destination.
 */
export function redirectSockaddr(
  redirect: ConnectRedirect,
  ram: Uint8Array,
  off: number,
  len: number,
  notify?: (from: string, to: string) => void,
): { buf: Buffer; off: number; len: number } | undefined {
  const e = endpointFromSockaddr(ram, off, len);
  if (!e) return undefined;
  const family = e.address.length === 4 ? 4 : 6;
  const host = family === 4 ? [...e.address].join('.') : endpointText(e).replace(/^\[|\]:\d+$/g, '');
  const t = redirect({ host, port: e.port, family });
  if (!t) return undefined;
  const bytes = addressBytes(t.host);
  if (!bytes) return undefined;
  scratch.fill(0);
  if (bytes.length === 4 && family === 4) {
    scratch.writeUInt16LE(2, 0);
    scratch.writeUInt16BE(t.port, 2);
    scratch.set(bytes, 4);
    notify?.(endpointText(e), endpointText({ address: bytes, port: t.port }));
    return { buf: scratch, off: 0, len: 16 };
  }
  // IPv6 socket, or an IPv4 target for an IPv6 socket: use a (v4-mapped) sockaddr_in6.
  const v6 = bytes.length === 16 ? bytes : Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...bytes]);
  if (family === 4) return undefined; // an IPv4 socket cannot reach an IPv6 target
  scratch.writeUInt16LE(23, 0);
  scratch.writeUInt16BE(t.port, 2);
  scratch.set(v6, 8);
  notify?.(endpointText(e), endpointText({ address: v6, port: t.port }));
  return { buf: scratch, off: 0, len: 28 };
}
