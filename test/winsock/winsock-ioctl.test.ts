/**
 * WSAIoctl basics through a guest ROM against a real loopback peer.
 */
import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROM = join(__dirname, '..', '..', 'roms', 'bin', 'ws_ioctl.exe');
let server: net.Server | undefined;
afterEach(() => server?.close());

describe('WSAIoctl', () => {
  it('FIONBIO, FIONREAD, SIOCATMARK, SIO_KEEPALIVE_VALS, SIO_ADDRESS_LIST_CHANGE and the errors', async () => {
    // The peer answers "abc" to the guest's first byte, so the guest first sees an empty socket.
    server = net.createServer((c) => {
      c.on('error', () => {});
      c.once('data', () => c.write('abc'));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const r = await runExecutable(ROM, { args: ['127.0.0.1', String(port)], timeoutMs: 20_000 });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('ok FIONREAD=3 returned=4');
    expect(r.stdout).toContain('ok unknown code -> WSAEINVAL');
    expect(r.stdout).toContain('ok SIO_ADDRESS_LIST_CHANGE non-blocking -> WSAEWOULDBLOCK');
    expect(r.stdout).toContain('ws_ioctl: 0 failures');
    expect(r.exitCode).toBe(0);
  });
});
