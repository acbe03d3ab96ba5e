/**
 * Example: observing an emulated API from a test with a hook. Every `send` of the guest echo client
 * is recorded (the bytes it passed, and how many the real send took), without changing the program.
 * Hooks get the call's arguments decoded as the trace shows them (`call.args`), the values the
 * implementation receives (`call.raw`, pointers as numbers), the guest memory (`call.mem`) and
 * `call.callThrough()`; returning undefined keeps the real result (docs/api.md, "Hooks").
 *
 *   npx vitest run examples/hook-send.test.ts
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { start } from '../emulator/index.js';

const rom = (name: string) => join(__dirname, '..', 'roms', 'bin', name);

describe('a hook on WS2.dll!send', () => {
  it("records every send's bytes while the client talks to a real echo server", async () => {
    const received: Buffer[] = [];
    const server = createServer((c) => {
      c.on('data', (d: Buffer) => {
        received.push(d);
        c.write(d);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const emu = await start(rom('ws_echocli.exe'), { args: ['127.0.0.1', String(port), '3000', '1000'], network: 'loopback', timeoutMs: 20_000 });
      const sends: { flags: unknown; bytes: Buffer }[] = [];
      emu.hook('WS2.dll!send', (call) => {
        const taken = call.callThrough() as number; // the real send (SOCKET_ERROR is -1)
        if (taken > 0) sends.push({ flags: call.args.flags, bytes: call.mem.readBytes(call.raw.buf as number, taken) });
        return undefined; // keep the real result
      });
      const r = await emu.exited;
      expect(r.stdout).toContain('echo ok bytes=3000');
      expect(r.exitCode).toBe(0);
      // What the hook saw leave the guest is exactly what the server received.
      expect(Buffer.concat(sends.map((s) => s.bytes))).toEqual(Buffer.concat(received));
      expect(sends.map((s) => s.bytes.length)).toEqual([1000, 1000, 1000]);
      expect(sends[0]!.flags).toEqual([]); // flags decoded by name, as in the trace: none set
    } finally {
      server.close();
    }
  });
});
