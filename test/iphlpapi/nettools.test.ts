/**
 * The network tools of the corpus devices (issue 12 item 5) against the host's real network:
 * ping and tracert send real echo requests (core/net/icmp.ts), netstat lists the sockets a program of
 * the run opened (never the host's: the connection this test opens is not listed), ipconfig shows the host's addresses, route print the loopback route; under
 * `network: 'loopback'` only loopback is visible; net and ipv6 answer as a device without the redirector
 * and the IPv6 stack. Each tool is copied alone into a fresh device root
 * (a temporary folder: the corpus is never written, never copied into the repository); they import
 * only emulated DLLs. Skipped, with the reason, when the corpus is absent (a user's clone), when the
 * host allows no ICMP socket (ping/tracert), or while coredll lacks the /GS start-up these CE 6/7
 * builds call first (__security_gen_cookie2, the start-up runtime family).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable, type RunOptions } from '../../emulator/system/run.js';
import { standardRegistry } from '../../emulator/system/dll-set.js';
import { IcmpSocket } from '../../emulator/core/net/icmp.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;
const NO_GS = 'coredll has no __security_gen_cookie2 yet (the CE 6/7 start-up runtime): these tools stop before their own code';
const gsReady = standardRegistry().get('coredll')?.byName.has('__security_gen_cookie2') ?? false;
const icmpOk = (() => {
  const s = IcmpSocket.open();
  s?.close();
  return s !== undefined;
})();
const NO_ICMP = 'this host allows no ICMP socket (not in net.ipv4.ping_group_range, no CAP_NET_RAW)';

const roots: string[] = [];
async function tool(device: 'ce6' | 'ce7', exe: string, args: string[], options: RunOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-nettools-'));
  roots.push(root);
  mkdirSync(join(root, 'Windows'));
  copyFileSync(join(CORPUS, device, 'fs', 'Windows', exe), join(root, 'Windows', exe));
  return runExecutable(join(root, 'Windows', exe), { args, deviceRoot: root, timeoutMs: 30_000, ...options });
}
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const hostV4 = Object.values(networkInterfaces())
  .flatMap((l) => l ?? [])
  .filter((a) => a.family === 'IPv4' && !a.internal);

for (const device of ['ce6', 'ce7'] as const) {
  describe(`${device} network tools`, () => {
    const skip = (ctx: { skip: (note?: string) => void }, icmp = false) => {
      if (!existsSync(join(CORPUS, device, 'fs', 'Windows'))) return (ctx.skip(NO_CORPUS), true);
      if (!gsReady) return (ctx.skip(NO_GS), true);
      if (icmp && !icmpOk) return (ctx.skip(NO_ICMP), true);
      return false;
    };

    it('ping 127.0.0.1 -n 2: two replies from 127.0.0.1', async (ctx) => {
      if (skip(ctx, true)) return;
      const r = await tool(device, 'ping.exe', ['127.0.0.1', '-n', '2']);
      expect(r.stdout.match(/Reply from 127\.0\.0\.1: Echo size=32 time[<=]\d+ms TTL=\d+/g)).toHaveLength(2);
      expect(r.exitCode).toBe(0);
    });

    it('tracert -h 2 127.0.0.1: the destination answers the first hop', async (ctx) => {
      if (skip(ctx, true)) return;
      const r = await tool(device, 'tracert.exe', ['-h', '2', '127.0.0.1']);
      expect(r.stdout).toContain('over a maximum of 2 hops');
      expect(r.stdout).toMatch(/^\s+1\s+.*ms.*127\.0\.0\.1/m);
      expect(r.stdout).toContain('Trace complete.');
      expect(r.exitCode).toBe(0);
    });

    describe('netstat', () => {
      let server: Server;
      let client: Socket;
      let port = 0;
      beforeAll(async () => {
        server = createServer(() => {});
        await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
        port = (server.address() as { port: number }).port;
        client = connect(port, '127.0.0.1');
        await new Promise<void>((res) => client.on('connect', res));
      });
      afterAll(() => {
        client.destroy();
        server.close();
      });

      // netstat started by a program of the run (roms/src/ws_netstat.c) lists that program's sockets:
      // a listener, both ends of a connection, a UDP socket; never the host's (this test's connection).
      for (const network of ['host', 'loopback'] as const) {
        it(`-n lists the sockets of the run (LISTEN, ESTABLISHED both ways, UDP), not the host's; network ${network}`, async (ctx) => {
          if (skip(ctx)) return;
          const root = mkdtempSync(join(tmpdir(), 'wmemu-nettools-'));
          roots.push(root);
          mkdirSync(join(root, 'Windows'));
          copyFileSync(join(CORPUS, device, 'fs', 'Windows', 'netstat.exe'), join(root, 'Windows', 'netstat.exe'));
          const r = await runExecutable(join(__dirname, '..', '..', 'roms', 'bin', 'ws_netstat.exe'), {
            args: ['netstat.exe', '-n'],
            deviceRoot: root,
            network,
            timeoutMs: 30_000,
          });
          const m = /tcp listen=(\d+) client=(\d+) udp=(\d+)/.exec(r.stdout);
          expect(m).not.toBeNull();
          const [, l, c, u] = m!;
          expect(r.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1\\s+${l}\\s+0\\.0\\.0\\.0\\s+0\\s+LISTEN`));
          expect(r.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1\\s+${l}\\s+127\\.0\\.0\\.1\\s+${c}\\s+ESTAB`));
          expect(r.stdout).toMatch(new RegExp(`127\\.0\\.0\\.1\\s+${c}\\s+127\\.0\\.0\\.1\\s+${l}\\s+ESTAB`));
          expect(r.stdout).toMatch(new RegExp(`UDP TABLE[\\s\\S]*127\\.0\\.0\\.1\\s+${u}\\s`));
          for (const hostPort of [port, client.localPort]) expect(r.stdout).not.toMatch(new RegExp(`\\s${hostPort}\\s`));
          // Exactly the run's rows: three TCP, one UDP.
          expect(r.stdout.match(/^\s+127\.0\.0\.1\s+\d+/gm)).toHaveLength(4);
          expect(r.stdout).toContain('child exit 0');
          expect(r.exitCode).toBe(0);
        });
      }
      it('-e, -s, -r: interface statistics, protocol statistics, the route table', async (ctx) => {
        if (skip(ctx)) return;
        const e = await tool(device, 'netstat.exe', ['-e']);
        expect(e.stdout).toContain('Interface Statistics');
        expect(e.exitCode).toBe(0);
        const s = await tool(device, 'netstat.exe', ['-s']);
        for (const t of ['TCP Statistics', 'UDP Statistics', 'IP Statistics', 'ICMP Statistics']) expect(s.stdout).toContain(t);
        expect(s.exitCode).toBe(0);
        const rt = await tool(device, 'netstat.exe', ['-r']);
        expect(rt.stdout).toMatch(/127\.0\.0\.0\s+255\.0\.0\.0\s+127\.0\.0\.1/);
        expect(rt.exitCode).toBe(0);
      });
    });

    it('ipconfig /all shows the host addresses and name; under --network loopback no adapter', async (ctx) => {
      if (skip(ctx)) return;
      const r = await tool(device, 'ipconfig.exe', ['/all']);
      for (const a of hostV4) expect(r.stdout).toMatch(new RegExp(`IP(v4)? Address \\.+ : ${a.address.replace(/\./g, '\\.')}\\s`)); // CE 7 says IPv4 Address
      expect(r.stdout).toContain(`Host name.......... : ${hostname().split('.')[0]}`);
      expect(r.exitCode).toBe(0);
      const lo = await tool(device, 'ipconfig.exe', ['/all'], { network: 'loopback' });
      for (const a of hostV4) expect(lo.stdout).not.toContain(a.address);
      expect(lo.exitCode).toBe(0);
    });

    it('net use: a device without the redirector reports ERROR_NO_NETWORK (1222)', async (ctx) => {
      if (skip(ctx)) return;
      const r = await tool(device, 'net.exe', ['use']);
      expect(r.stdout).toContain('Connected resources:');
      expect(r.stdout).toContain('Command failed: status 1222');
      expect(r.status).toBe('exited');
    });

    it('under --network loopback a ping to another network is unreachable, no packet leaves', async (ctx) => {
      if (skip(ctx, true)) return;
      const r = await tool(device, 'ping.exe', ['192.0.2.55', '-n', '1'], { network: 'loopback' });
      expect(r.stdout).toContain('Error 11003'); // IP_DEST_HOST_UNREACHABLE
      expect(r.stdout).not.toContain('Reply from 192.0.2.55: Echo');
    });
  });
}

describe('ce6 route and ipv6', () => {
  it('route print lists the loopback route', async (ctx) => {
    if (!existsSync(join(CORPUS, 'ce6', 'fs', 'Windows'))) return ctx.skip(NO_CORPUS);
    if (!gsReady) return ctx.skip(NO_GS);
    const r = await tool('ce6', 'route.exe', ['print']);
    expect(r.stdout).toContain('Active Routes');
    expect(r.stdout).toMatch(/127\.0\.0\.0\s+255\.0\.0\.0\s+127\.0\.0\.1\s+127\.0\.0\.1/);
    expect(r.exitCode).toBe(0);
  });
  it('ipv6 if: the IPv6 stack is not running on this device (IPv4 only)', async (ctx) => {
    if (!existsSync(join(CORPUS, 'ce6', 'fs', 'Windows'))) return ctx.skip(NO_CORPUS);
    if (!gsReady) return ctx.skip(NO_GS);
    const r = await tool('ce6', 'ipv6.exe', ['if']);
    expect(r.stdout).toContain('Could not access IPv6 protocol stack - the stack is not running.');
    expect(r.status).toBe('exited');
  });
});
