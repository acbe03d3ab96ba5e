/**
 * Receive read-ahead (winsock-shim/readahead.ts, issue 16): every rule checked by the guest ROM
 * roms/bin/ws_recvbuf.exe on real host loopback sockets, with the buffer in play — MSG_PEEK,
 * FIONREAD, select() and WSAEventSelect readiness (FD_READ recorded again, FD_CLOSE after the
 * buffered bytes), EOF and reset ordering (bytes before the end or the error, also when the reset
 * arrives in the middle of a buffered read), closesocket with unread buffered bytes (reset),
 * shutdown(SD_RECEIVE), MSG_OOB / SIOCATMARK / exceptfds, SO_OOBINLINE (no read-ahead: SIOCATMARK
 * stays FALSE after a peek at the urgent byte), SO_RCVBUF (no read-ahead: the peer's window does
 * not open after a 1-byte recv, while it does without SO_RCVBUF), datagram boundaries and
 * MSG_WAITALL. The host side is watched too: the shim must actually have read ahead.
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { runExecutable } from '../../emulator/system/run.js';
import { HostSocket } from '../../winsock-shim/host/host-socket.js';
import { READ_AHEAD_CAP } from '../../winsock-shim/readahead.js';
import { rom } from '../helpers/ws-peers.js';

describe('winsock receive read-ahead', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes every check of ws_recvbuf with the buffer in play', async () => {
    const lens: number[] = [];
    const real = HostSocket.prototype.recv;
    vi.spyOn(HostSocket.prototype, 'recv').mockImplementation(function (this: HostSocket, ptr: number, len: number, flags: number) {
      lens.push(len);
      return real.call(this, ptr, len, flags);
    });
    const r = await runExecutable(rom('ws_recvbuf'), { timeoutMs: 60_000 });
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails, r.stdout + r.stderr).toEqual([]);
    expect(r.stdout).toContain('ws_recvbuf: 0 failures');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.match(/^ok /gm)!.length).toBeGreaterThanOrEqual(68);
    // The guest asked for 1..20 bytes at a time; the host was asked for a whole read-ahead buffer.
    expect(lens).toContain(READ_AHEAD_CAP);
  });
});
