/**
 * Datagram receive queue (winsock-shim/dgramqueue.ts, issue 16): every rule checked by the guest ROM
 * roms/bin/ws_dgramq.exe on real host loopback UDP sockets, with the queue in play — datagram
 * boundaries and truncation (WSAEMSGSIZE with the buffer filled and the sender's address written),
 * a 60000-byte datagram whole, MSG_PEEK, order against later datagrams, FIONREAD (the next datagram's
 * size), select() and WSAEventSelect readiness (FD_READ recorded again while datagrams remain), an
 * ICMP port unreachable (WSAECONNRESET once, after the datagrams queued before it), connect()
 * discarding queued datagrams from other senders, closesocket and shutdown(SD_RECEIVE) with queued
 * datagrams, a parked recvfrom woken by a burst (none lost or doubled), SO_RCVTIMEO. The host side is
 * watched too: the shim must actually have taken several datagrams in one recvmmsg, and never for a
 * socket whose SO_RCVBUF the guest set.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { runExecutable } from '../../emulator/system/run.js';
import { HostSocket } from '../../winsock-shim/host/host-socket.js';
import { rom } from '../helpers/ws-peers.js';

function spyRecvmmsg(): number[] {
  const results: number[] = [];
  const real = HostSocket.prototype.recvmmsg;
  vi.spyOn(HostSocket.prototype, 'recvmmsg').mockImplementation(function (this: HostSocket, vec: number, vlen: number) {
    const r = real.call(this, vec, vlen);
    results.push(r);
    return r;
  });
  return results;
}

describe('winsock datagram receive queue', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes every check of ws_dgramq with the queue in play', async () => {
    const results = spyRecvmmsg();
    const r = await runExecutable(rom('ws_dgramq'), { timeoutMs: 60_000 });
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails, r.stdout + r.stderr).toEqual([]);
    expect(r.stdout).toContain('ws_dgramq: 0 failures');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/^ok /gm)!.length).toBeGreaterThanOrEqual(55);
    // One recvmmsg took several datagrams at once (the queue was in play), e.g. the 7 of the first case.
    expect(Math.max(...results)).toBeGreaterThanOrEqual(7);
  });

  it('never fills the queue of a socket whose SO_RCVBUF the guest set', async () => {
    const results = spyRecvmmsg();
    const recvfrom = vi.spyOn(HostSocket.prototype, 'recvfrom');
    const recv = vi.spyOn(HostSocket.prototype, 'recv');
    const r = await runExecutable(rom('ws_dgramq'), { args: ['rcvbuf'], timeoutMs: 60_000 });
    expect(r.stdout, r.stderr).toContain('ws_dgramq: 0 failures');
    expect(r.stdout.match(/^ok /gm)!.length).toBe(4);
    expect(results).toEqual([]);
    // The three datagrams came one recv(2) each, straight from the kernel.
    expect(recvfrom.mock.calls.length + recv.mock.calls.length).toBeGreaterThanOrEqual(3);
  });
});
