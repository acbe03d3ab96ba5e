/**
 * Network policy (winsock-shim/policy.ts): --net=host|loopback|none and --allow/--deny rules applied to
 * connect (TCP and UDP), bind and sendto, seen from inside the guest (roms/bin/ws_faults.exe `policy`
 * case: one line per operation) against real loopback peers, and logged to the debug channel and the
 * trace. Nothing here leaves the machine: the only non-loopback destinations are TEST-NET addresses
 * (192.0.2.0/24, 2001:db8::/32) that the policy refuses before any packet is sent.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { type MachineOptions } from '../../emulator/core/machine.js';
import { createMachine } from '../../emulator/system/dll-set.js';
import { decide, networkDenials, parseNetRule, parseNetRules, NetRuleError } from '../../winsock-shim/policy.js';
import { rom, wmemu } from '../helpers/ws-peers.js';

interface Run {
  lines: string[];
  debug: string[];
  trace: string[];
  denials: ReturnType<typeof networkDenials>;
  exitCode: number;
}

async function runFaults(
  args: string[],
  opts: Omit<MachineOptions, 'args' | 'stdout' | 'debug' | 'trace'> = {},
  traceFormat: 'text' | 'json' = 'text',
): Promise<Run> {
  const out: Buffer[] = [];
  const debug: string[] = [];
  const trace: string[] = [];
  const m = createMachine({
    ...opts,
    args,
    stdout: (d) => out.push(Buffer.from(d)),
    debug: (l) => debug.push(l),
    trace: { filter: 'connect,bind,sendto', format: traceFormat, write: (l) => trace.push(l) },
  });
  try {
    m.loadExecutable(readFileSync(rom('ws_faults')), 'ws_faults.exe');
    const r = await m.run();
    const lines = Buffer.concat(out)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(r.message ?? '', lines.join('\n')).toBe('');
    return { lines, debug, trace, denials: [...networkDenials(m)], exitCode: r.exitCode };
  } finally {
    m.close();
  }
}

const ep = (a: string, port: number) => {
  const r = parseNetRule('allow', a.includes(':') ? `[${a}]` : a);
  return { address: r.addr, port };
};

describe('rule syntax and matching (first match wins)', () => {
  it('parses IPv4/IPv6 addresses, prefixes, ports, port ranges, operations and *', () => {
    const r = parseNetRule('allow', '127.0.0.1:8000-9000');
    expect([r.family, r.prefix, r.portLo, r.portHi, r.ops]).toEqual([4, 32, 8000, 9000, ['connect', 'bind', 'sendto']]);
    expect(parseNetRule('deny', '10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8, portLo: 0, portHi: 65535 });
    expect(parseNetRule('deny', '2001:db8::/32')).toMatchObject({ family: 6, prefix: 32 });
    expect(parseNetRule('deny', '[2001:db8::/32]:443')).toMatchObject({ family: 6, prefix: 32, portLo: 443, portHi: 443 });
    expect(parseNetRule('deny', '[2001:db8::]/32:443')).toMatchObject({ family: 6, prefix: 32, portLo: 443 });
    expect(parseNetRule('deny', '[::1]')).toMatchObject({ family: 6, prefix: 128 });
    expect(parseNetRule('deny', '::ffff:10.0.0.0/104')).toMatchObject({ family: 4, prefix: 8 }); // mapped = IPv4
    expect(parseNetRule('allow', 'bind,sendto@*:53')).toMatchObject({ family: 0, ops: ['bind', 'sendto'], portLo: 53, portHi: 53 });
    for (const bad of ['10.0.0.0/33', '10.0.0.1:70000', '10.0.0.1:9-8', 'nosuch', '[::1', 'listen@*', '1.2.3.4/8/8', '[::1]x']) {
      expect(() => parseNetRule('deny', bad), bad).toThrow(NetRuleError);
    }
    expect(() => parseNetRules(['permit 1.2.3.4'])).toThrow(/expected "allow SPEC" or "deny SPEC"/);
  });

  it('first match wins; default: deny when an allow rule exists, else allow; IPv4-mapped matches IPv4 rules', () => {
    const rules = parseNetRules(['deny 127.0.0.1:8080', 'allow 127.0.0.0/8:8000-9000', 'deny 10.0.0.0/8']);
    expect(decide(rules, 'connect', ep('127.0.0.1', 8080)).allow).toBe(false);
    expect(decide(rules, 'connect', ep('127.0.0.2', 8080)).allow).toBe(true);
    expect(decide(rules, 'connect', ep('127.0.0.2', 7999)).allow).toBe(false); // default: allow list
    expect(decide(rules, 'connect', ep('::ffff:127.0.0.9', 8500)).allow).toBe(true);
    expect(decide(rules, 'connect', ep('::1', 8500))).toEqual({ allow: false });
    const denyOnly = parseNetRules(['deny 10.0.0.0/8', 'deny sendto@[2001:db8::/32]']);
    expect(decide(denyOnly, 'connect', ep('10.255.1.2', 1)).rule?.text).toBe('deny 10.0.0.0/8');
    expect(decide(denyOnly, 'connect', ep('11.0.0.1', 1))).toEqual({ allow: true });
    expect(decide(denyOnly, 'connect', ep('2001:db8::5', 1)).allow).toBe(true); // rule is sendto only
    expect(decide(denyOnly, 'sendto', ep('2001:db8::5', 1)).allow).toBe(false);
    expect(decide(parseNetRules(['allow 127.0.0.1:80', 'allow *']), 'bind', ep('0.0.0.0', 0)).allow).toBe(true);
    expect(decide(parseNetRules(['allow 127.0.0.1:1-65535']), 'bind', ep('127.0.0.1', 0)).allow).toBe(false); // port 0 only without a port spec
  });
});

describe('in the guest: connect, UDP connect, sendto, bind', () => {
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    server = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => server.close());

  it('no rules: everything goes through (bind to the peer address fails with the host error: in use)', async () => {
    const r = await runFaults(['policy', '127.0.0.1', String(port)]);
    expect(r.lines).toEqual(['connect=0', 'udp connect=0', 'sendto=1', 'bind=-1 err=10048', 'done']);
    expect(r.denials).toEqual([]);
  });

  it('--deny: WSAEACCES for each operation, logged to the debug channel and the trace (text)', async () => {
    const r = await runFaults(['policy', '127.0.0.1', String(port)], { networkRules: [`deny 127.0.0.1:${port}`] });
    expect(r.lines).toEqual(['connect=-1 err=10013', 'udp connect=-1 err=10013', 'sendto=-1 err=10013', 'bind=-1 err=10013', 'done']);
    const why = `denied by rule "deny 127.0.0.1:${port}" -> WSAEACCES`;
    expect(r.debug.filter((l) => l.startsWith('wmemu: network policy:'))).toEqual([
      `wmemu: network policy: connect 127.0.0.1:${port} ${why}`,
      `wmemu: network policy: connect 127.0.0.1:${port} ${why}`,
      `wmemu: network policy: sendto 127.0.0.1:${port} ${why}`,
      `wmemu: network policy: bind 127.0.0.1:${port} ${why}`,
    ]);
    // The note comes right before the call's own trace line.
    const i = r.trace.findIndex((l) => l.includes('network-policy: connect'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(r.trace[i + 1]).toMatch(/WS2\.dll!connect@\d+\(.*\) -> -1 \[lastError=10013\]/);
    expect(r.trace.filter((l) => l.includes('network-policy:'))).toHaveLength(4);
    expect(r.denials.map((d) => [d.op, d.error])).toEqual([
      ['connect', 10013],
      ['connect', 10013],
      ['sendto', 10013],
      ['bind', 10013],
    ]);
  });

  it('an allow list: other ports are denied by default; operation-scoped rules; JSON trace notes', async () => {
    const allowed = await runFaults(['policy', '127.0.0.1', String(port)], { networkRules: [`allow connect@127.0.0.1:${port}`] });
    expect(allowed.lines).toEqual(['connect=0', 'udp connect=0', 'sendto=-1 err=10013', 'bind=-1 err=10013', 'done']);
    const other = await runFaults(['policy', '127.0.0.1', String(port === 65535 ? 1 : port + 1)], { networkRules: [`allow 127.0.0.1:${port}`] }, 'json');
    expect(other.lines.slice(0, 4).every((l) => l.endsWith('err=10013'))).toBe(true);
    const note = other.trace.map((l) => JSON.parse(l)).find((j) => j.note === 'network-policy');
    expect(note).toMatchObject({ op: 'connect', address: `127.0.0.1:${port === 65535 ? 1 : port + 1}`, error: 10013 });
    expect(note.denied).toMatch(/default/);
  });

  it('IPv6 rules: [::1]:port denied, IPv4 untouched', async () => {
    const r = await runFaults(['policy', '::1', String(port)], { networkRules: ['deny [::1]', 'deny 2001:db8::/32'] });
    expect(r.lines).toEqual(['connect=-1 err=10013', 'udp connect=-1 err=10013', 'sendto=-1 err=10013', 'bind=-1 err=10013', 'done']);
    expect(r.denials[0]!.address).toBe(`[::1]:${port}`);
    const v4 = await runFaults(['policy', '127.0.0.1', String(port)], { networkRules: ['deny [::1]'] });
    expect(v4.lines[0]).toBe('connect=0');
  });

  it("'loopback': WSAENETUNREACH for connect, WSAEHOSTUNREACH for sendto, WSAEADDRNOTAVAIL for bind (IPv4 and IPv6, TEST-NET: nothing is sent)", async () => {
    for (const host of ['192.0.2.1', '2001:db8::1']) {
      const r = await runFaults(['policy', host, '80'], { network: 'loopback' });
      expect(r.lines, host).toEqual(['connect=-1 err=10051', 'udp connect=-1 err=10051', 'sendto=-1 err=10065', 'bind=-1 err=10049', 'done']);
      expect(r.debug.filter((l) => l.includes('network policy')).every((l) => l.includes('denied by policy loopback'))).toBe(true);
    }
    const ok = await runFaults(['policy', '127.0.0.1', String(port)], { network: 'loopback' });
    expect(ok.lines.slice(0, 3)).toEqual(['connect=0', 'udp connect=0', 'sendto=1']);
  });

  it("'loopback': a bind to INADDR_ANY binds 127.0.0.1 (a guest server is never reachable from outside)", async () => {
    const r = await runFaults(['bindany', '0'], { network: 'loopback' });
    expect(r.lines).toEqual(['bind=0', 'listen=0', 'getsockname=0', 'bound=127.0.0.1', 'done']);
    const host = await runFaults(['bindany', '0']);
    expect(host.lines).toContain('bound=0.0.0.0');
  });
});

describe('wmemu run --net / --allow / --deny / profile networkRules', () => {
  it('command-line rules in order (first match wins), logged with --debug-output and --trace', async () => {
    const server = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const c = wmemu([
        '--net=loopback',
        `--allow`,
        `connect@127.0.0.1:${port}`,
        '--deny',
        '127.0.0.0/8',
        '--allow',
        '127.0.0.1',
        '--debug-output',
        '--trace=connect,bind',
        rom('ws_faults'),
        'policy',
        '127.0.0.1',
        String(port),
      ]);
      const r = await c.done;
      expect(r.stdout.trim().split('\n')).toEqual(['connect=0', 'udp connect=0', 'sendto=-1 err=10013', 'bind=-1 err=10013', 'done']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`[debug] wmemu: network policy: bind 127.0.0.1:${port} denied by rule "deny 127.0.0.0/8" -> WSAEACCES`);
      expect(r.stderr).toMatch(/\] network-policy: bind 127\.0\.0\.1:\d+ denied/);
      const bad = await wmemu(['--deny', '10.0.0.0/99', rom('ws_faults'), 'policy']).done;
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/bad prefix length/);
      const net2 = await wmemu(['--net', 'loopback', rom('ws_faults'), 'policy', '192.0.2.7', '80']).done;
      expect(net2.stdout.split('\n')[0]).toBe('connect=-1 err=10051');
    } finally {
      server.close();
    }
  });

  it("a profile's networkRules apply after the command line's; bad rules name the key", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-netpol-'));
    try {
      writeFileSync(join(dir, 'p.json'), JSON.stringify({ networkRules: ['deny 127.0.0.1'] }));
      const denied = await wmemu(['--profile', join(dir, 'p.json'), rom('ws_faults'), 'policy', '127.0.0.1', '9']).done;
      expect(denied.stdout.split('\n')[0]).toBe('connect=-1 err=10013');
      const cliWins = await wmemu(['--profile', join(dir, 'p.json'), '--allow', 'connect@127.0.0.1:9', rom('ws_faults'), 'policy', '127.0.0.1', '9']).done;
      expect(cliWins.stdout.split('\n')[0]).toBe('connect=-1 err=10061'); // allowed, refused by the host
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ networkRules: ['deny 1.2.3.4:0-'] }));
      const bad = await wmemu(['--profile', join(dir, 'bad.json'), rom('ws_faults'), 'policy']).done;
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/networkRules\[0\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
