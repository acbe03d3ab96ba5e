/**
 * Connection redirects (the `redirect` option / --redirect): key forms, host names via the hosts map,
 * targets, and the rewritten Winsock sockaddr the shim's connect() uses.
 */
import { describe, it, expect } from 'vitest';
import { redirectFromMap, redirectSockaddr, addressBytes, RedirectError } from '../../emulator/core/net/redirect.js';

const dest = (host: string, port: number) => ({ host, port, family: (host.includes(':') ? 6 : 4) as 4 | 6 });

describe('redirectFromMap', () => {
  const r = redirectFromMap(
    {
      '10.0.0.5:80': 'tcp://127.0.0.1:8080',
      'device-host:25': 2525,
      '*:443': '127.0.0.1:8443',
      '192.168.1.9': '127.0.0.2',
      '[2001:db8::1]:80': '[::1]:8081',
    },
    { 'device-host': '10.0.0.7' },
  );
  it('matches address:port, names from the hosts map, *:port and bare addresses', () => {
    expect(r(dest('10.0.0.5', 80))).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(r(dest('10.0.0.5', 81))).toBeUndefined();
    expect(r(dest('10.0.0.7', 25))).toEqual({ host: '127.0.0.1', port: 2525 });
    expect(r(dest('8.8.8.8', 443))).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(r(dest('192.168.1.9', 1234))).toEqual({ host: '127.0.0.2', port: 1234 });
    expect(r(dest('2001:db8:0:0:0:0:0:1', 80))).toEqual({ host: '::1', port: 8081 });
    expect(r(dest('1.2.3.4', 80))).toBeUndefined();
  });
  it('rejects unknown names, bad ports and non-numeric targets', () => {
    expect(() => redirectFromMap({ 'nowhere:80': 1 })).toThrow(RedirectError);
    expect(() => redirectFromMap({ 'nowhere:80': 1 })).toThrow(/neither an IP address nor in the hosts map/);
    expect(() => redirectFromMap({ '1.2.3.4:99999': 1 })).toThrow(/bad port/);
    expect(() => redirectFromMap({ '1.2.3.4:80': 'localhost:80' })).toThrow(/must be a numeric address/);
  });
});

describe('redirectSockaddr', () => {
  it('rewrites a sockaddr_in and reports from -> to', () => {
    const ram = new Uint8Array(64);
    const off = 16;
    ram[off] = 2; // AF_INET (little-endian u16)
    ram[off + 2] = 0; // port 80, network order
    ram[off + 3] = 80;
    ram.set([10, 0, 0, 5], off + 4);
    const seen: string[] = [];
    const out = redirectSockaddr(redirectFromMap({ '10.0.0.5:80': '127.0.0.1:8080' }), ram, off, 16, (a, b) => seen.push(`${a} -> ${b}`))!;
    expect(out.len).toBe(16);
    expect(out.buf.readUInt16LE(out.off)).toBe(2);
    expect(out.buf.readUInt16BE(out.off + 2)).toBe(8080);
    expect([...out.buf.subarray(out.off + 4, out.off + 8)]).toEqual([127, 0, 0, 1]);
    expect(seen).toEqual(['10.0.0.5:80 -> 127.0.0.1:8080']);
    expect(redirectSockaddr(redirectFromMap({ '10.0.0.6:80': 1 }), ram, off, 16)).toBeUndefined();
  });
  it('parses IPv6 text, including embedded IPv4', () => {
    expect([...addressBytes('::1')!]).toEqual([...new Array(15).fill(0), 1]);
    expect([...addressBytes('::ffff:127.0.0.1')!].slice(10)).toEqual([0xff, 0xff, 127, 0, 0, 1]);
    expect([...addressBytes('2001:db8::5')!].slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    expect(addressBytes('example.com')).toBeUndefined();
  });
});
