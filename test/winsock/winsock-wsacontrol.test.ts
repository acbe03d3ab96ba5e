/**
 * ws2.dll's CE-private WSAControl (winsock-shim/wsacontrol.ts): the resolver-cache flush that
 * ipconfig /flushdns sends answers 0 (wsactl.exe, and the corpus's ce6 and ce7 ipconfig.exe, skipped
 * when the corpus is absent); an action with a private TDI structure stops the run naming itself.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'wsactl.exe');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('WSAControl', () => {
  it('wsactl.exe: WSCNTL_AFD_FLUSH_RESOLVER_CACHE returns 0 before and after WSAStartup', async () => {
    const r = await runExecutable(rom);
    expect(r.stdout).toBe('flush resolver cache: 0 before WSAStartup, 0 after\n');
    expect(r.exitCode).toBe(0);
  });

  it('wsactl.exe q: WSCNTL_TCPIP_QUERY_INFO stops the run naming the action', async () => {
    const r = await runExecutable(rom, { args: ['q'] });
    expect(r.exitCode).toBe(EXIT_CODES.unimplemented);
    expect(r.message).toMatch(/WS2\.dll!WSAControl WSCNTL_TCPIP_QUERY_INFO \(protocol 0x6\)/);
    expect(r.stdout).toBe('');
  });

  for (const device of ['ce6', 'ce7'] as const) {
    it(`${device} ipconfig.exe /flushdns completes (exit 0, nothing printed, as on a device)`, async (ctx) => {
      const windows = join(CORPUS, device, 'fs', 'Windows');
      if (!existsSync(join(windows, 'ipconfig.exe'))) return ctx.skip(NO_CORPUS);
      const root = mkdtempSync(join(tmpdir(), 'wmemu-wsactl-'));
      roots.push(root);
      const r = await runExecutable(join(windows, 'ipconfig.exe'), {
        args: ['/flushdns'],
        deviceRoot: root,
        dllSearchPath: [windows],
        osVersion: device === 'ce6' ? 6 : 7,
        timeoutMs: 20_000,
      });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe('');
    });
  }
});
