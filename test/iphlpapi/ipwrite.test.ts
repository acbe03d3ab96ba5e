/**
 * The CE 7 IP helper writes and NSI.dll parameters (emulator/dlls/iphlpapi/writes.ts,
 * emulator/dlls/nsi/params.ts): every write is refused the documented way — IPv6 ERROR_NOT_SUPPORTED
 * (the emulated stack is IPv4 only), IPv4 ERROR_ACCESS_DENIED on an interface the run sees,
 * ERROR_NOT_FOUND on one it does not (all of them under network 'none'). ipwrite.exe checks the
 * argument errors itself and prints the loopback answers; CE 7's ipv6.exe and route.exe (corpus,
 * copied alone into a fresh device root; skipped when absent) print them through their own
 * messages, and the route table they then list is still the host's.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable, type RunOptions } from '../../emulator/system/run.js';
import { hostInterfaces } from '../../emulator/dlls/iphlpapi/iphlpapi.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'ipwrite.exe');
const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const CE7 = join(CORPUS, 'ce7', 'fs', 'Windows');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;
const WRITES = [
  'CreateIpForwardEntry2',
  'DeleteIpForwardEntry2',
  'CreateUnicastIpAddressEntry',
  'DeleteUnicastIpAddressEntry',
  'CreateAnycastIpAddressEntry',
  'DeleteAnycastIpAddressEntry',
];
/** Interface 1 (and its NET_LUID) is the host's loopback when the host lists it first. */
const loopbackIsOne = hostInterfaces()[0]?.loopback === true;

describe('IP helper and NSI writes (ipwrite.exe)', () => {
  for (const network of ['host', 'loopback', 'none'] as const) {
    it(`network '${network}': argument errors checked by the ROM; a loopback write is ${network === 'none' ? 'ERROR_NOT_FOUND' : 'ERROR_ACCESS_DENIED'}`, async (ctx) => {
      if (network !== 'none' && !loopbackIsOne) return ctx.skip('the host does not list its loopback interface first');
      const r = await runExecutable(rom, { network });
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(WRITES.length * 7 + 6);
      const want = network === 'none' ? 1168 : 5;
      for (const w of WRITES) {
        expect(lines).toContain(`${w} index 1=${want}`);
        expect(lines).toContain(`${w} luid 1=${want}`);
      }
      expect(r.exitCode).toBe(0);
    });
  }
});

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
async function tool(exe: string, args: string[], options: RunOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-ipwrite-'));
  roots.push(root);
  mkdirSync(join(root, 'Windows'));
  copyFileSync(join(CE7, exe), join(root, 'Windows', exe));
  return runExecutable(join(root, 'Windows', exe), { args, deviceRoot: root, osVersion: 7, timeoutMs: 30_000, ...options });
}
/** The host's IPv4 routes (destination, hex as in /proc/net/route). */
const hostRoutes = () =>
  readFileSync('/proc/net/route', 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/)[1])
    .filter(Boolean);

describe('ce7 ipv6.exe and route.exe writes', () => {
  it('ipv6 adu / rtu: "update error: 32" (ERROR_NOT_SUPPORTED, IPv4 only), exit 1; gpu: quiet', async (ctx) => {
    if (!existsSync(join(CE7, 'ipv6.exe'))) return ctx.skip(NO_CORPUS);
    for (const [args, text] of [
      [['adu', '1/fe80::5'], 'address update error: 32\n'],
      [['adu', '1/fe80::5', 'life', '0'], 'address update error: 32\n'],
      [['rtu', '::/0', '1'], 'route update error: 32\n'],
      [['gpu'], ''],
      [['gpu', 'EnableForwarding', 'on'], ''],
    ] as const) {
      const r = await tool('ipv6.exe', [...args]);
      expect(r.stdout, args.join(' ')).toBe(text);
      expect(r.status).toBe('exited');
      if (text) expect(r.exitCode).toBe(1);
    }
  });

  it('route add / change: "Access is denied."; an IPv6 route: "The request is not supported."; the table listed after is unchanged', async (ctx) => {
    if (!existsSync(join(CE7, 'route.exe'))) return ctx.skip(NO_CORPUS);
    const before = hostRoutes();
    const add = await tool('route.exe', ['add', '10.99.0.0', 'mask', '255.255.0.0', '127.0.0.1']);
    expect(add.stdout).toContain('The route addition failed: Access is denied.');
    const change = await tool('route.exe', ['change', '127.0.0.0', 'mask', '255.0.0.0', '127.0.0.1', 'metric', '5']);
    expect(change.stdout).toContain('The route change failed: Access is denied.');
    const v6 = await tool('route.exe', ['add', '::/0', '::1']);
    expect(v6.stdout).toContain('The route addition failed: The request is not supported.');
    const print = await tool('route.exe', ['print']);
    expect(print.stdout).toMatch(/127\.0\.0\.0\s+255\.0\.0\.0\s+On-link\s+127\.0\.0\.1\s+1\b/);
    expect(print.stdout).not.toContain('10.99.0.0');
    expect(hostRoutes()).toEqual(before);
    expect(hostRoutes()).not.toContain('0000630A');
  });
});
