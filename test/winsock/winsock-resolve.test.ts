/**
 * Name resolution through a guest ROM (roms/src/ws_resolve.c): gethostbyname / gethostbyaddr with
 * the HOSTENT in Winsock's per-thread storage, gethostname / sethostname, getaddrinfo (hints, services,
 * AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, IPv6) / freeaddrinfo, getnameinfo; answers from numeric
 * addresses, the user's hosts map (MachineOptions.hosts, CLI --host), and the host resolver
 * (localhost via /etc/hosts); errors WSANOTINITIALISED, WSAHOST_NOT_FOUND, WSANO_DATA,
 * WSATYPE_NOT_FOUND, WSAEFAULT, and WSAENETDOWN under the network policy 'none'.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import { runExecutable } from '../../emulator/system/run.js';
import { rom, wmemu } from '../helpers/ws-peers.js';

const HOSTS = { 'device.test': '127.0.0.5', 'Dual.Test': '10.0.0.1,::5', 'v6only.test': '::7' };

async function resolve(ops: string[], network?: 'none' | 'loopback', networkRules?: string[]): Promise<string[]> {
  const r = await runExecutable(rom('ws_resolve'), { args: ops, hosts: HOSTS, network, networkRules, timeoutMs: 30_000 });
  expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  return r.stdout.trim().split('\n');
}

describe('winsock name resolution', () => {
  it('gethostbyname: numeric, hosts map, host resolver, own name; errors', async () => {
    const out = await resolve(['name,localhost', 'name,DEVICE.test', 'name,dual.test', 'name,v6only.test', 'name,nosuch.invalid', 'name,1.2.3.4', 'name,-']);
    expect(out).toEqual([
      'preinit: error 10093', // WSANOTINITIALISED
      'name localhost: localhost 127.0.0.1 type=2 len=4',
      'name DEVICE.test: DEVICE.test 127.0.0.5 type=2 len=4',
      'name dual.test: dual.test 10.0.0.1 type=2 len=4',
      'name v6only.test: error 11004', // WSANO_DATA: known, but no IPv4 address
      'name nosuch.invalid: error 11001', // WSAHOST_NOT_FOUND
      'name 1.2.3.4: 1.2.3.4 1.2.3.4 type=2 len=4',
      expect.stringMatching(/^name -: WindowsCE( \d+\.\d+\.\d+\.\d+)+ type=2 len=4$/),
    ]);
  });

  it('gethostbyaddr: hosts map first, then the host resolver', async () => {
    const out = await resolve(['addr,127.0.0.5', 'addr,127.0.0.1', 'addr,10.0.0.1']);
    expect(out.slice(1)).toEqual(['addr 127.0.0.5: device.test', 'addr 127.0.0.1: localhost', 'addr 10.0.0.1: dual.test']);
  });

  it('gethostname / sethostname; the device name resolves locally', async () => {
    const out = await resolve(['hostname', 'sethost,mydevice', 'hostname', 'name,mydevice']);
    expect(out.slice(1)).toEqual([
      'hostname: WindowsCE',
      'hostname small buffer: -1 10014', // WSAEFAULT
      'sethost mydevice: 0',
      'hostname: mydevice',
      'hostname small buffer: -1 10014',
      expect.stringMatching(/^name mydevice: mydevice( \d+\.\d+\.\d+\.\d+)+ type=2 len=4$/),
    ]);
  });

  it('getaddrinfo / freeaddrinfo', async () => {
    const out = await resolve([
      'gai,localhost,80,0,0',
      'gai,dual.test,http,0,2,1', // AI_CANONNAME, SOCK_STREAM → IPPROTO_TCP
      'gai,dual.test,53,2,0,2', // AF_INET only, SOCK_DGRAM → IPPROTO_UDP
      'gai,::1,7,23,0',
      'gai,-,8080,0,1', // AI_PASSIVE: the wildcard addresses
      'gai,-,8080,2,0', // loopback
      'gai,x,nosuchsvc,0,0',
      'gai,localhost,70000,0,0',
      'gai,nosuch.invalid,80,0,0',
      'gai,localhost,80,0,4', // AI_NUMERICHOST with a name
      'gai,-,-,0,0',
      'gai,localhost,80,99,0',
      'gai,localhost,80,0,256',
      'gai,v6only.test,80,2,0',
    ]);
    expect(out.slice(1)).toEqual([
      'gai localhost 80: 2/0/0 127.0.0.1#80',
      'gai dual.test http: 2/1/6 10.0.0.1#80 canon dual.test | 23/1/6 ::5#80',
      'gai dual.test 53: 2/2/17 10.0.0.1#53',
      'gai ::1 7: 23/0/0 ::1#7',
      'gai - 8080: 2/0/0 0.0.0.0#8080 | 23/0/0 ::#8080',
      'gai - 8080: 2/0/0 127.0.0.1#8080',
      'gai x nosuchsvc: error 10109 last 10109', // EAI_SERVICE = WSATYPE_NOT_FOUND
      'gai localhost 70000: error 10109 last 10109',
      'gai nosuch.invalid 80: error 11001 last 11001', // EAI_NONAME
      'gai localhost 80: error 11001 last 11001',
      'gai - -: error 11001 last 11001',
      'gai localhost 80: error 10047 last 10047', // EAI_FAMILY
      'gai localhost 80: error 10022 last 10022', // EAI_BADFLAGS
      'gai v6only.test 80: error 11001 last 11001',
    ]);
  });

  it('getnameinfo', async () => {
    const out = await resolve(['gni,127.0.0.1,80,0', 'gni,127.0.0.5,443,0', 'gni,127.0.0.5,443,8', 'gni,::1,22,2', 'gni,192.0.2.1,1,4', 'gni,10.0.0.1,9999,1']);
    expect(out.slice(1)).toEqual([
      'gni 127.0.0.1 80 0: localhost http',
      'gni 127.0.0.5 443 0: device.test https',
      'gni 127.0.0.5 443 8: device.test 443', // NI_NUMERICSERV
      'gni ::1 22 2: ::1 ssh', // NI_NUMERICHOST
      'gni 192.0.2.1 1 4: error 11001', // NI_NAMEREQD, no name (hosts map has none; TEST-NET)
      'gni 10.0.0.1 9999 1: dual 9999', // NI_NOFQDN
    ]);
  });

  it('after WSACleanup: WSANOTINITIALISED again', async () => {
    const out = await resolve(['cleanup', 'name,localhost', 'startup', 'name,device.test']);
    expect(out.slice(1)).toEqual(['cleanup: 0', 'name localhost: error 10093', 'startup: 0', 'name device.test: device.test 127.0.0.5 type=2 len=4']);
  });

  it("network policy 'none': lookups fail with WSAENETDOWN", async () => {
    const out = await resolve(['name,device.test', 'name,localhost', 'gai,localhost,80,0,0', 'gni,127.0.0.1,80,0'], 'none');
    expect(out.slice(1)).toEqual([
      'name device.test: error 10050',
      'name localhost: error 10050',
      'gai localhost 80: error 10050 last 10050',
      'gni 127.0.0.1 80 0: bad address 10050',
    ]);
  });

  it('CLI --host name=addr (repeatable) feeds the hosts map', async () => {
    const c = wmemu(['--host', 'a.device=127.0.0.9', '--host', 'b.device=::9', rom('ws_resolve'), 'name,a.device', 'gai,b.device,1,0,0']);
    const { code, stdout } = await c.done;
    expect(code).toBe(0);
    expect(stdout).toContain('name a.device: a.device 127.0.0.9 type=2 len=4');
    expect(stdout).toContain('gai b.device 1: 23/0/0 ::9#1');
  });
});

/**
 * Issue 17 item 7: a lookup the host resolver answers is a DNS query leaving the machine. Every call
 * into Node's resolver (dns.lookup = getaddrinfo(3), dns.lookupService = getnameinfo(3): the only
 * ways resolve.ts reaches the host) is counted in-process; under 'loopback' and under an allow-list
 * that does not allow the resolver's server the count must stay 0.
 */
describe('name resolution obeys the network policy (no DNS query leaves)', () => {
  const calls: string[] = [];
  const orig = { lookup: dns.lookup, lookupService: dns.lookupService };
  beforeAll(() => {
    (dns as { lookup: unknown }).lookup = (...a: unknown[]) => {
      calls.push(`lookup ${String(a[0])}`);
      return (orig.lookup as (...x: unknown[]) => unknown)(...a);
    };
    (dns as { lookupService: unknown }).lookupService = (...a: unknown[]) => {
      calls.push(`lookupService ${String(a[0])}`);
      return (orig.lookupService as (...x: unknown[]) => unknown)(...a);
    };
    syncBuiltinESMExports(); // the resolver's `import { lookup } from 'node:dns'` sees the counters
  });
  afterAll(() => {
    Object.assign(dns, orig);
    syncBuiltinESMExports();
  });

  it("control: under 'host' the host resolver is asked (the counter sees it)", async () => {
    calls.length = 0;
    const out = await resolve(['name,localhost']);
    expect(out[1]).toBe('name localhost: localhost 127.0.0.1 type=2 len=4');
    expect(calls).toContain('lookup localhost');
  });

  it("'loopback': hosts map, localhost and the own name only; other names WSAHOST_NOT_FOUND / EAI_NONAME", async () => {
    calls.length = 0;
    const out = await resolve(
      [
        'name,leak-probe-1.example',
        'name,localhost',
        'name,device.test',
        'name,-',
        'gai,leak-probe-2.example,80,0,0',
        'gai,localhost,80,2,0',
        'addr,10.9.8.7',
        'addr,127.0.0.1',
        'name,1.2.3.4',
      ],
      'loopback',
    );
    expect(out.slice(1)).toEqual([
      'name leak-probe-1.example: error 11001', // WSAHOST_NOT_FOUND
      'name localhost: localhost 127.0.0.1 type=2 len=4',
      'name device.test: device.test 127.0.0.5 type=2 len=4',
      'name -: WindowsCE 127.0.0.1 type=2 len=4',
      'gai leak-probe-2.example 80: error 11001 last 11001', // EAI_NONAME
      'gai localhost 80: 2/0/0 127.0.0.1#80',
      'addr 10.9.8.7: error 11001',
      'addr 127.0.0.1: localhost',
      'name 1.2.3.4: 1.2.3.4 1.2.3.4 type=2 len=4', // numeric: no lookup
    ]);
    expect(calls).toEqual([]);
  });

  it("an allow-list without the resolver's server: lookups fail with WSATRY_AGAIN / EAI_AGAIN, nothing is asked", async () => {
    calls.length = 0;
    const out = await resolve(['name,leak-probe-3.example', 'gai,leak-probe-4.example,80,0,0', 'name,device.test', 'name,localhost'], undefined, [
      'allow 198.51.100.7',
    ]);
    expect(out.slice(1)).toEqual([
      'name leak-probe-3.example: error 11002', // WSATRY_AGAIN
      'gai leak-probe-4.example 80: error 11002 last 11002', // EAI_AGAIN
      'name device.test: device.test 127.0.0.5 type=2 len=4',
      'name localhost: localhost 127.0.0.1 type=2 len=4',
    ]);
    expect(calls).toEqual([]);
  });

  it("an allow-list that allows the resolver's server: the host resolver is asked", async (ctx) => {
    const servers = dns.getServers().filter((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x));
    if (servers.length === 0) return ctx.skip(); // no IPv4 resolver configured on this host
    calls.length = 0;
    const out = await resolve(
      ['name,localhost'],
      undefined,
      servers.map((x) => `allow sendto@${x}:53`),
    );
    expect(out[1]).toBe('name localhost: localhost 127.0.0.1 type=2 len=4');
    expect(calls).toContain('lookup localhost');
  });
});
