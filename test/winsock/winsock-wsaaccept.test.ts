/**
 * WSAAccept's condition function, and send()'s WSAEINPROGRESS provoked from a guest ROM: while the
 * service provider is processing a callback (the condition function), a Winsock call on that thread
 * fails with WSAEINPROGRESS (send-winsock-ce.txt). Real host clients connect over loopback.
 */
import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROM = join(__dirname, '..', '..', 'roms', 'bin', 'ws_wsaaccept.exe');

describe('WSAAccept', () => {
  it('calls the condition function (send inside it: WSAEINPROGRESS), accepts and rejects per its verdict', async () => {
    let received = '';
    let secondClosed!: () => void;
    const second = new Promise<void>((r) => (secondClosed = r));
    const r = await runExecutable(ROM, {
      timeoutMs: 20_000,
      onStdout: (d) => {
        const m = /listening port=(\d+)/.exec(Buffer.from(d).toString());
        if (!m) return;
        const port = Number(m[1]);
        // Connect a little later, so the first WSAAccept really blocks.
        setTimeout(() => {
          const c1 = net.connect(port, '127.0.0.1');
          c1.on('data', (b) => (received += b.toString()));
          c1.on('error', () => {});
          c1.on('close', () => {
            const c2 = net.connect(port, '127.0.0.1');
            c2.on('error', () => {});
            c2.on('close', () => secondClosed());
          });
        }, 200);
      },
    });
    await second;
    const lines = r.stdout.trim().split('\n').slice(1);
    expect(lines).toEqual([
      'in condition: send=-1 err=10036',
      'in condition: caller len=16 family=2 addr=127.0.0.1 data=77',
      'in condition: callee port matches=1',
      'WSAAccept 1 ok from 127.0.0.1',
      'send after callback=2',
      'in condition: send=-1 err=10036',
      'in condition: caller len=16 family=2 addr=127.0.0.1 data=78',
      'in condition: callee port matches=1',
      'WSAAccept 2=-1 err=10061',
      'done',
    ]);
    expect(received).toBe('hi');
    expect(r.exitCode).toBe(0);
  });
});
