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
import { hostIfCounters, snmp } from '../../emulator/dlls/iphlpapi/tables.js';
import { IcmpSocket, IP_STATUS, type EchoResult } from '../../emulator/core/net/icmp.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'ipinfo.exe');

describe('iphlpapi', () => {
  it('ipinfo.exe sees the host adapters and addresses, and the listening TCP port of its parent process in the run', async () => {
    // ws_netstat.exe opens sockets of its own, then starts ipinfo.exe with its listening port (%L).
    {
      const r = await runExecutable(join(__dirname, '..', '..', 'roms', 'bin', 'ws_netstat.exe'), { args: ['ipinfo.exe', '%L'] });
      const port = /tcp listen=(\d+) client=\d+ udp=\d+/.exec(r.stdout)?.[1];
      expect(port).toBeDefined();
      expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(r.stdout).toContain(`tcp-listen ${port} found`);
      expect(r.stdout).toContain('udp rows 1');
      // GetTcpStatistics / GetUdpStatistics count the same sockets (the ROM checks equality with the tables).
      const conns = Number(/tcp stats conns (\d+) rows \d+/.exec(r.stdout)?.[1]);
      expect(conns).toBeGreaterThanOrEqual(2); // the parent's listener and client at least
      expect(r.stdout).toContain('udp stats addrs 1');
      expect(r.stdout).toContain('child exit 0');
      expect(r.exitCode).toBe(0);
    }
    const server = createServer();
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const port = (server.address() as { port: number }).port;
    try {
      // A socket of the host (this test) is not the device's: GetTcpTable does not list it.
      const r = await runExecutable(rom, { args: [String(port)] });
      expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual(["FAIL the test's listening port is in GetTcpTable as LISTEN"]);
      expect(r.stdout).toContain(`tcp-listen ${port} missing`);
      expect(r.stdout).toContain('udp rows 0');
      // The host's sockets (this test's listener among them) are not counted either.
      expect(r.stdout).toContain('tcp stats conns 0 rows 0');
      expect(r.stdout).toContain('udp stats addrs 0');
      const v4 = Object.entries(networkInterfaces()).flatMap(([n, l]) => (l ?? []).filter((a) => a.family === 'IPv4').map((a) => ({ n, ...a })));
      for (const a of v4) {
        expect(r.stdout).toContain(`ipaddr ${a.address} index`);
        if (!a.internal)
          expect(r.stdout).toMatch(
            new RegExp(`adapter ${a.n} ${a.address.replace(/\./g, '\\.')} ${a.netmask.replace(/\./g, '\\.')} index=\\d+ type=6 maclen=6`),
          );
      }
      expect(r.stdout).toContain('ipinfo: 1 failures');
      expect(r.exitCode).toBe(1);
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

  it('parses /proc/net/dev counters and /proc/net/snmp MIB-II groups', () => {
    const dev =
      'Inter-|   Receive                                                |  Transmit\n' +
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n' +
      '    lo: 1000  10    0    0    0     0          0         0 1000  10    0    0    0     0       0          0\n' +
      '  eth0: 5000  40    1    2    0     0          0         3 7000  50    4    5    0     0       0          0\n';
    const c = hostIfCounters(dev);
    expect(c.get('lo')).toMatchObject({ rxBytes: 1000, rxPackets: 10, txBytes: 1000, txPackets: 10 });
    expect(c.get('eth0')).toEqual({ rxBytes: 5000, rxPackets: 40, rxErrs: 1, rxDrop: 2, rxMulticast: 3, txBytes: 7000, txPackets: 50, txErrs: 4, txDrop: 5 });
    const m = snmp('Ip: Forwarding DefaultTTL InReceives\nIp: 2 64 437862\nTcp: RtoAlgorithm MaxConn\nTcp: 1 -1\n');
    expect(m.get('Ip')?.get('DefaultTTL')).toBe(64);
    expect(m.get('Ip')?.get('InReceives')).toBe(437862);
    expect(m.get('Tcp')?.get('MaxConn')).toBe(-1);
  });
  it('sends a real ICMP echo request to 127.0.0.1 and gets the reply with our data', async (ctx) => {
    const s = IcmpSocket.open();
    if (!s) return ctx.skip('this host allows no ICMP socket (not in net.ipv4.ping_group_range, no CAP_NET_RAW)');
    try {
      const data = Buffer.from('wmemu echo payload');
      const r = await new Promise<EchoResult>((res) => s.echo(inAddr('127.0.0.1'), data, 64, 0, 2000, res));
      expect(r.status).toBe(IP_STATUS.SUCCESS);
      expect(r.from).toBe(inAddr('127.0.0.1'));
      expect(r.data.equals(data)).toBe(true);
    } finally {
      s.close();
    }
  });
});
