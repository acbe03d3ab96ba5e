/**
 * Example: fault injection. The network misbehaves on cue: the 4th `send` of the guest echo client
 * fails with WSAECONNRESET (the first 3 succeed), and the test checks how the program reacts. The
 * failing call returns the API's documented failure value (SOCKET_ERROR) with that error for
 * WSAGetLastError, without reaching the network. The same from the command line:
 *
 *   wmemu run --fail send:WSAECONNRESET@3 roms/bin/ws_echocli.exe 127.0.0.1 7 4000 1000
 *
 *   npx vitest run examples/fail-send.test.ts
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { start } from '../emulator/index.js';

const rom = (name: string) => join(__dirname, '..', 'roms', 'bin', name);

describe('emu.fail on WS2.dll!send', () => {
  it('the 4th send fails with WSAECONNRESET: the client reports it and exits with its I/O error code', async () => {
    let received = 0;
    const server = createServer((c) => {
      c.on('data', (d: Buffer) => {
        received += d.length;
        c.write(d);
      });
      c.on('error', () => {});
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const emu = await start(rom('ws_echocli.exe'), {
        args: ['127.0.0.1', String(port), '4000', '1000'],
        network: 'loopback',
        timeoutMs: 20_000,
        // Also possible as an option: fail: ['send:WSAECONNRESET@3'] (the --fail syntax).
      });
      const rule = emu.fail('WS2.dll!send', { error: 'WSAECONNRESET', after: 3 });
      const r = await emu.exited;
      // ws_echocli: `send: <WSAGetLastError()>` and exit code 3 on an I/O error.
      expect(r.stdout).toBe('send: 10054\n');
      expect(r.exitCode).toBe(3);
      expect(rule.failed).toBe(1);
      expect(received).toBe(3000); // the first three chunks went through
    } finally {
      server.close();
    }
  });

  it('`when` and `times` pick which calls fail: one short send, then the network is fine again', async () => {
    const server = createServer((c) => {
      c.on('data', (d: Buffer) => c.write(d));
      c.on('error', () => {});
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const emu = await start(rom('ws_echocli.exe'), { args: ['127.0.0.1', String(port), '2400', '1000'], network: 'loopback', timeoutMs: 20_000 });
      // Only the last, 400-byte chunk counts; its send fails once with WSAEWOULDBLOCK, which this
      // blocking client does not expect: it reports the error.
      const rule = emu.fail('send', { error: 'WSAEWOULDBLOCK', when: (args) => args.len === 400, times: 1 });
      const r = await emu.exited;
      expect(r.stdout).toBe('send: 10035\n');
      expect(r.exitCode).toBe(3);
      expect(rule.failed).toBe(1);
    } finally {
      server.close();
    }
  });
});
