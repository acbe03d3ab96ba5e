/**
 * Winsock 2 events through a guest ROM (roms/src/ws_select.c, `events` part) on real host sockets:
 * WSACreateEvent/WSASetEvent/WSAResetEvent/WSACloseEvent (manual-reset coredll events), the waits
 * (WSAWaitForMultipleEvents: time-out, which event, fWaitAll = TRUE refused as on CE, bad handles),
 * and WSAEventSelect with its re-enabling rules: FD_ACCEPT (inherited by the accepted socket),
 * FD_READ re-armed by recv while data remains, FD_WRITE only after WSAEWOULDBLOCK, FD_OOB, FD_CONNECT
 * (success and WSAECONNREFUSED), FD_CLOSE (graceful: 0, reset: WSAECONNRESET), the event set by data
 * arriving while no thread waits, non-blocking mode (and FIONBIO 0 refused), cancelling with 0.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { runExecutable } from '../../emulator/system/run.js';
import { helloServer, refusedPort, rom, type Peer } from '../helpers/ws-peers.js';

describe('winsock events', () => {
  let peer: Peer;
  let refused: number;
  beforeAll(async () => {
    peer = await helloServer();
    refused = await refusedPort();
  });
  afterAll(() => peer.close());

  it('passes every check of ws_select events', async () => {
    const r = await runExecutable(rom('ws_select'), { args: ['events', String(refused), String(peer.port)], timeoutMs: 60_000 });
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails, r.stdout + r.stderr).toEqual([]);
    expect(r.stdout).toContain('ok FD_CONNECT with WSAECONNREFUSED');
    expect(r.stdout).toContain('ok event set by data that arrived while nobody waited');
    expect(r.stdout).toContain('ws_select: 0 failures');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/^ok /gm)!.length).toBeGreaterThanOrEqual(38);
  });

  it('WSAEventSelect and friends are ws2.dll only (winsock.dll has no such exports)', async () => {
    const { createMachine } = await import('../../emulator/system/dll-set.js');
    const m = createMachine();
    try {
      const ws2 = m.dlls.get('WS2.dll')!;
      const w11 = m.dlls.get('WINSOCK.dll')!;
      for (const n of ['WSAEventSelect', 'WSAEnumNetworkEvents', 'WSAWaitForMultipleEvents', 'WSACreateEvent', 'getaddrinfo']) {
        expect(ws2.byName.has(n), n).toBe(true);
        expect(w11.byName.has(n), n).toBe(false);
      }
      for (const n of ['select', '__WSAFDIsSet', 'gethostbyname', 'gethostbyaddr', 'gethostname', 'sethostname']) {
        expect(ws2.byName.has(n), n).toBe(true);
        expect(w11.byName.has(n), n).toBe(true);
      }
      expect(ws2.byName.get('select')!.ordinal).toBe(76);
      expect(w11.byName.get('select')!.ordinal).toBe(27);
    } finally {
      m.close();
    }
  });
});
