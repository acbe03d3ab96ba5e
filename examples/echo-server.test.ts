/**
 * Example: testing a network server ROM from the host side, and a client ROM against an in-process
 * server. The guest's sockets are real host sockets; `emu.connect()` waits until the guest listens.
 *
 *   npx vitest run examples/echo-server.test.ts
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { start } from '../emulator/index.js';

const rom = (name: string) => join(__dirname, '..', 'roms', 'bin', name);

/** Writes `data` and reads until as many bytes came back. */
async function roundTrip(sock: Socket, data: string): Promise<string> {
  const got: Buffer[] = [];
  let n = 0;
  const done = new Promise<void>((resolve, reject) => {
    sock.on('data', (d: Buffer) => {
      got.push(d);
      n += d.length;
      if (n >= Buffer.byteLength(data)) resolve();
    });
    sock.once('error', reject);
  });
  sock.write(data);
  await done;
  sock.removeAllListeners('data');
  return Buffer.concat(got).toString();
}

describe('ws_echosrv.exe (a guest TCP server)', () => {
  it('echoes what a host client sends, then exits after its clients are gone', async () => {
    // Port 0: the guest binds any free port; waitForListen/connect report the real one.
    const emu = await start(rom('ws_echosrv.exe'), { args: ['0', '2'], network: 'loopback', timeoutMs: 20_000 });
    const l = await emu.waitForListen();
    expect(l.port).toBeGreaterThan(0);
    // The guest prints its port after listen() returned: wait for the line rather than race it.
    expect(await emu.waitForOutput(`listening port=${l.port}`)).toContain(`listening port=${l.port}`);

    for (const msg of ['hello, device', 'second client']) {
      const sock = await emu.connect(l.port);
      expect(await roundTrip(sock, msg)).toBe(msg);
      sock.end();
      await once(sock, 'close');
    }
    const r = await emu.exited;
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/served 2 clients/);
  });

  it('can be killed while it waits for clients', async () => {
    const emu = await start(rom('ws_echosrv.exe'), { args: ['0', '5'], timeoutMs: 20_000 });
    await emu.waitForListen();
    const r = await emu.kill();
    expect(r.status).toBe('interrupted');
    expect(r.exitCode).toBe(130);
  });
});

describe('ws_echocli.exe (a guest TCP client) against an in-process server', () => {
  it("redirects the guest's connection to a server in the test", async () => {
    // The test's own echo server; the guest thinks it talks to device-host:7 (10.1.2.3:7).
    const seen: number[] = [];
    const server = createServer((c) => {
      c.on('data', (d) => {
        seen.push(d.length);
        c.write(d);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const emu = await start(rom('ws_echocli.exe'), {
        args: ['device-host', '7', '4000', '1000'],
        hosts: { 'device-host': '10.1.2.3' },
        redirect: { 'device-host:7': `tcp://127.0.0.1:${port}` },
        network: 'loopback', // nothing leaves the machine even if the redirect did not apply
        timeoutMs: 20_000,
      });
      const redirected: string[] = [];
      emu.machine.events.on('redirect', (e) => redirected.push(`${e.from} -> ${e.to}`));
      const r = await emu.exited;
      expect(r.stdout).toContain('echo ok bytes=4000');
      expect(r.exitCode).toBe(0);
      expect(redirected).toEqual([`10.1.2.3:7 -> 127.0.0.1:${port}`]);
      expect(seen.reduce((a, b) => a + b, 0)).toBe(4000);
    } finally {
      server.close();
    }
  });
});
