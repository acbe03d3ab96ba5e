/**
 * CE 7's route.exe reads the route table through NSI.dll (emulator/dlls/nsi/nsi.ts): `route print`
 * lists the host's IPv4 routes through the run's network policy (the same rows GetIpForwardTable
 * gives), no persistent routes, and an empty IPv6 table (the emulated stack is IPv4 only). The tool
 * is copied alone into a fresh device root (the corpus is never written); skipped when the corpus
 * is absent.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable, type RunOptions } from '../../emulator/system/run.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const ROUTE = join(CORPUS, 'ce7', 'fs', 'Windows', 'route.exe');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
async function route(args: string[], options: RunOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-nsi-'));
  roots.push(root);
  mkdirSync(join(root, 'Windows'));
  copyFileSync(ROUTE, join(root, 'Windows', 'route.exe'));
  return runExecutable(join(root, 'Windows', 'route.exe'), { args, deviceRoot: root, osVersion: 7, timeoutMs: 30_000, ...options });
}
const hostV4 = Object.values(networkInterfaces())
  .flatMap((l) => l ?? [])
  .filter((a) => a.family === 'IPv4' && !a.internal);

describe('ce7 route print (NSI.dll)', () => {
  it('lists the loopback route on-link, no persistent routes, an empty IPv6 table; exit 0', async (ctx) => {
    if (!existsSync(ROUTE)) return ctx.skip(NO_CORPUS);
    const r = await route(['print']);
    expect(r.stdout).toMatch(/127\.0\.0\.0\s+255\.0\.0\.0\s+On-link\s+127\.0\.0\.1\s+1/);
    for (const a of hostV4) expect(r.stdout).toMatch(new RegExp(`${a.address.replace(/\./g, '\\.')}\\s+255\\.255\\.255\\.255\\s+On-link`));
    expect(r.stdout).toMatch(/Persistent Routes:\s+None\s+IPv6 Route Table\s+=*\s*Active Routes:\s+None/);
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
  });

  it("under network 'loopback' only the loopback route is listed", async (ctx) => {
    if (!existsSync(ROUTE)) return ctx.skip(NO_CORPUS);
    const r = await route(['print'], { network: 'loopback' });
    expect(r.stdout).toMatch(/127\.0\.0\.0\s+255\.0\.0\.0\s+On-link\s+127\.0\.0\.1/);
    for (const a of hostV4) expect(r.stdout).not.toContain(a.address);
    expect(r.stdout).not.toMatch(/^\s+0\.0\.0\.0\s+0\.0\.0\.0/m);
    expect(r.exitCode).toBe(0);
  });
});
