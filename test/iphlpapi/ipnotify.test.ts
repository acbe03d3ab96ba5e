/**
 * iphlpapi NotifyAddrChange / NotifyRouteChange and GetRTTAndHopCount (ipnotify.exe;
 * emulator/dlls/iphlpapi/notify.ts): events that no change pulses, the blocking form waiting until
 * the time limit, and the hop count to 127.0.0.1 from real echo requests (when the host allows an
 * ICMP socket; else FALSE with ERROR_ACCESS_DENIED).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { IcmpSocket } from '../../emulator/core/net/icmp.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'ipnotify.exe');
const icmpOk = (() => {
  const s = IcmpSocket.open();
  s?.close();
  return s !== undefined;
})();

describe('address change notification and GetRTTAndHopCount (ipnotify.exe)', () => {
  it('passes every self-check; 127.0.0.1 is one hop away', async () => {
    const r = await runExecutable(rom);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(6);
    expect(lines).toContain(icmpOk ? 'rtt 127.0.0.1: TRUE hops=1 rtt<1000=1 error=0' : 'rtt 127.0.0.1: FALSE hops=0 rtt<1000=0 error=5');
    expect(r.exitCode).toBe(0);
  });

  it('ipnotify.exe b: NotifyAddrChange(NULL, NULL) blocks until the time limit', async () => {
    const r = await runExecutable(rom, { args: ['b'], timeoutMs: 1000 });
    expect(r.status).toBe('limit');
    expect(r.stdout).toBe('waiting for an address change\n');
    expect(r.message).toMatch(/time limit/);
  });
});
