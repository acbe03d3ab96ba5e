/**
 * select() and __WSAFDIsSet through a guest ROM (roms/src/ws_select.c, `select` part) on real host
 * sockets: errors (WSANOTINITIALISED, WSAEINVAL, WSAENOTSOCK, WSAEFAULT), polling and time-outs, sets
 * rewritten to the ready sockets, readability on listening sockets / at EOF / after a reset,
 * exceptfds for urgent data and for a failed non-blocking connect, writability after a non-blocking
 * connect, UDP, a select without time-out woken by another thread, WSAEINTR when another thread closes
 * a socket of the sets, and a real host peer (Node) whose data arrives later.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { runExecutable } from '../../emulator/system/run.js';
import { helloServer, refusedPort, rom, type Peer } from '../helpers/ws-peers.js';

describe('winsock select()', () => {
  let peer: Peer;
  let refused: number;
  beforeAll(async () => {
    peer = await helloServer();
    refused = await refusedPort();
  });
  afterAll(() => peer.close());

  it('passes every check of ws_select select', async () => {
    const r = await runExecutable(rom('ws_select'), { args: ['select', String(refused), String(peer.port)], timeoutMs: 60_000 });
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails, r.stdout + r.stderr).toEqual([]);
    expect(r.stdout).toContain('ok failed connect: in exceptfds, not writable');
    expect(r.stdout).toContain('ws_select: 0 failures');
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/^ok /gm)!.length).toBeGreaterThanOrEqual(30);
  });
});
