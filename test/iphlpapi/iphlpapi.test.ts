/**
 * iphlpapi.dll mapped to the host: ipinfo.exe negotiates buffer sizes and prints what it found,
 * which must match os.networkInterfaces() and a listening socket of this test process.
 */
import { describe, it, expect } from 'vitest';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { procNetRows, inAddr } from '../../emulator/dlls/iphlpapi/iphlpapi.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'ipinfo.exe');

describe('iphlpapi', () => {
  it('ipinfo.exe sees the host adapters, addresses and our listening TCP port', async () => {
    const server = createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await runExecutable(rom, { args: [String(port)] });
      expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(r.stdout).toContain(`tcp-listen ${port} found`);
      const v4 = Object.entries(networkInterfaces()).flatMap(([n, l]) => (l ?? []).filter((a) => a.family === 'IPv4').map((a) => ({ n, ...a })));
      for (const a of v4) {
        expect(r.stdout).toContain(`ipaddr ${a.address} index`);
        if (!a.internal)
          expect(r.stdout).toMatch(
            new RegExp(`adapter ${a.n} ${a.address.replace(/\./g, '\\.')} ${a.netmask.replace(/\./g, '\\.')} index=\\d+ type=6 maclen=6`),
          );
      }
      expect(r.stdout).toContain('ipinfo: 0 failures');
      expect(r.exitCode).toBe(0);
    } finally {
      server.close();
    }
  });
  it('parses /proc/net/tcp rows (addresses as in_addr, host-order ports, MIB states)', () => {
    const text = '  sl  local_address rem_address   st\n   0: 0100007F:1F90 0200A8C0:D431 01 00000000:00000000\n   1: 00000000:0016 00000000:0000 0A 0\n';
    const rows = procNetRows('tcp', text);
    expect(rows).toEqual([
      { state: 5, localAddr: inAddr('127.0.0.1'), localPort: 8080, remoteAddr: inAddr('192.168.0.2'), remotePort: 0xd431 },
      { state: 2, localAddr: 0, localPort: 22, remoteAddr: 0, remotePort: 0 },
    ]);
  });
});
