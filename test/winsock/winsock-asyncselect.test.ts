/**
 * WSAAsyncSelect: a guest ROM with a window and a message loop (roms/bin/ws_asyncsel.exe) receives
 * FD_ACCEPT, FD_READ and FD_CLOSE as window messages (wParam = the socket, lParam =
 * WSAMAKESELECTREPLY(event, error)) from a real loopback client; the same recording and re-enabling
 * rules as WSAEventSelect (FD_READ again only after a recv).
 */
import { describe, it, expect } from 'vitest';
import net from 'node:net';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROM = join(__dirname, '..', '..', 'roms', 'bin', 'ws_asyncsel.exe');

describe('WSAAsyncSelect', () => {
  it('posts FD_ACCEPT, FD_READ (once per recv) and FD_CLOSE to the window; bad bits and a non-window are WSAEINVAL', async () => {
    const payload = 'hello, async';
    const r = await runExecutable(ROM, {
      timeoutMs: 20_000,
      onStdout: (d) => {
        const m = /listening port=(\d+)/.exec(Buffer.from(d).toString());
        if (!m) return;
        const c = net.connect(Number(m[1]), '127.0.0.1', () => {
          c.write(payload);
          // Close after the guest has had time to see the data (the close must come after the reads).
          setTimeout(() => c.end(), 300);
        });
        c.on('error', () => {});
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'WSAAsyncSelect(bad bits)=-1 err=10022',
      'WSAAsyncSelect(not a window)=-1 err=10022',
      'WSAAsyncSelect(listener)=0',
      'accept(nothing pending)=-1 err=10035',
      expect.stringMatching(/^listening port=\d+$/),
      'listener FD_ACCEPT err=0 socket=ok',
      'accepted; WSAAsyncSelect(conn)=0',
      'conn FD_CLOSE err=0 socket=ok',
      `bytes=${payload.length}; recv after close=0`,
      'done',
    ]);
  });
});

describe('WSAAsyncGetHostByName / WSACancelAsyncRequest', () => {
  it('answers with a window message (HOSTENT packed in the buffer, WSAENOBUFS with the size needed); cancel errors', async () => {
    const r = await runExecutable(ROM, { args: ['hostbyname'], hosts: { 'peer.test': '10.1.2.3' }, timeoutMs: 20_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'before WSAStartup: handle=0 err=10093',
      'peer.test: wParam=handle:1 err=0 name=peer.test addr=10.1.2.3 len=4 inbuf=1 size_ok=1',
      '1.2.3.4: wParam=handle:1 err=0 name=1.2.3.4 addr=1.2.3.4 len=4 inbuf=1 size_ok=1',
      'nohost.invalid: wParam=handle:1 err=11001',
      'peer.test: wParam=handle:1 err=10055 needed>20=1',
      'cancel(completed)=-1 err=10037',
      'cancel(never issued)=-1 err=10022',
      'done',
    ]);
  });
});

describe('WSAAsyncGetAddrInfo (CE 6: name, port, addrinfo**)', () => {
  it('answers with a window message and leaves the ADDRINFO chain in *ppResult (port from the argument); errors', async () => {
    const r = await runExecutable(ROM, { args: ['addrinfo'], hosts: { 'peer.test': '10.1.2.3' }, timeoutMs: 20_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      'before WSAStartup: handle=0 err=10093',
      'peer.test: wParam=handle:1 err=0 low=0 [af=2 10.1.2.3:8080]',
      '1.2.3.4: wParam=handle:1 err=0 low=0 [af=2 1.2.3.4:0]',
      'nohost.invalid: wParam=handle:1 err=11001 low=0 res=NULL',
      'bad result pointer: handle=0 err=10014',
      'done',
    ]);
  });
});
