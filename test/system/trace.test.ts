/**
 * The API trace: decoded arguments (strings, sockaddrs, flags and enums by name), thread ids,
 * module!name@ordinal, results and last errors, blocked calls and their completion, JSON lines,
 * --trace-file; and that it costs nothing when off (the dispatcher never calls into the tracer).
 */
import { describe, it, expect, vi, afterEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { parseSignature, formatValue, valueSet, defineFlags } from '../../emulator/core/api/declare.js';
import { Tracer } from '../../emulator/core/api/trace.js';
import { TrafficCapture } from '../../emulator/system/capture/pcap.js';
import { start } from '../../emulator/system/session.js';
import '../../emulator/core/api/value-sets.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('value sets (flags and enums by name)', () => {
  it('parses flags:SET / enum:SET argument kinds', () => {
    const d = parseSignature('recv(socket s, ptr buf, i32 len, flags:MSG flags): i32');
    expect(d.args[3]).toMatchObject({ name: 'flags', kind: 'flags', set: 'MSG', slot: 3 });
    expect(parseSignature('socket(enum:AF af, enum:SOCK type, enum:IPPROTO protocol): socket').args.map((a) => a.set)).toEqual(['AF', 'SOCK', 'IPPROTO']);
    expect(() => parseSignature('f(u32:MSG x): void')).toThrow(/only flags and enum/);
  });

  it('formats flags as NAME|NAME, with unknown bits in hex, and enums by name', () => {
    const msg = valueSet('MSG');
    expect(formatValue(msg, 0)).toBe('0');
    expect(formatValue(msg, 3)).toBe('MSG_OOB|MSG_PEEK');
    expect(formatValue(msg, 0x8 | 0x100)).toBe('MSG_WAITALL|0x100');
    expect(formatValue(valueSet('LMEM'), 0)).toBe('LMEM_FIXED');
    expect(formatValue(valueSet('LMEM'), 0x42)).toBe('LMEM_MOVEABLE|LMEM_ZEROINIT');
    expect(formatValue(valueSet('AF'), 23)).toBe('AF_INET6');
    expect(formatValue(valueSet('AF'), 99)).toBe('99');
    expect(formatValue(undefined, 5)).toBe('0x00000005');
    // Multi-bit masks win over their single bits.
    defineFlags('TEST_MULTI', { A: 1, B: 2, AB: 3, C: 4 });
    expect(formatValue(valueSet('TEST_MULTI'), 7)).toBe('AB|C');
  });
});

describe('trace lines', () => {
  it('text: thread id, module!name@ordinal, decoded args, result, last error', async () => {
    const lines: string[] = [];
    const emu = await start(rom('coretest'), { trace: { filter: 'LocalAlloc,SetLastError', write: (l) => lines.push(l) }, deterministic: true });
    await emu.exited;
    // emu.trace holds the same calls as objects.
    expect(emu.trace.find((r) => r.name === 'LocalAlloc')).toMatchObject({ dll: 'COREDLL.dll', ordinal: 33, args: { uBytes: expect.any(Number) } });
    const la = lines.find((l) => l.includes('!LocalAlloc@'))!;
    expect(la).toMatch(/^\[t[0-9a-f]+\] COREDLL\.dll!LocalAlloc@33\(uFlags=LMEM_[A-Z_|]+, uBytes=\d+\) -> 0x[0-9a-f]{8}/);
    const sle = lines.find((l) => l.includes('!SetLastError@'))!;
    expect(sle).toMatch(/SetLastError@\d+\(dwErrCode=\d+\) \[lastError=\d+\]$/);
  });

  it('sockaddrs as address:port, blocked calls and their completion (<-), JSON lines', async () => {
    const server = createServer((c) => c.on('data', (d) => setTimeout(() => c.write(d), 20)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const text: string[] = [];
      const emu = await start(rom('ws_echocli'), {
        args: ['127.0.0.1', String(port), '8', '8'],
        trace: { filter: 'ws2.dll,!htons,!ntohs,!htonl,!ntohl', write: (l) => text.push(l) },
        timeoutMs: 20_000,
      });
      const r = await emu.exited;
      expect(r.exitCode).toBe(0);
      const connect = text.find((l) => /!connect@\d+\(/.test(l))!;
      expect(connect).toMatch(new RegExp(`^\\[t[0-9a-f]+\\] WS2\\.dll!connect@\\d+\\(s=0x[0-9a-f]{8}, name=127\\.0\\.0\\.1:${port}, namelen=16\\)`));
      const send = text.find((l) => /!send@/.test(l))!;
      expect(send).toMatch(/!send@\d+\(s=0x[0-9a-f]{8}, buf=0x[0-9a-f]{8}, len=8, flags=0\) -> 8$/);
      // recv waits for the (delayed) echo: one line when it parks, one when it completes.
      const i = text.findIndex((l) => /!recv@\d+\(.*\) -> \(blocks\)$/.test(l));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(text.slice(i + 1).some((l) => /WS2\.dll!recv@\d+ <- 8$/.test(l))).toBe(true);

      const json: string[] = [];
      const emu2 = await start(rom('ws_echocli'), {
        args: ['127.0.0.1', String(port), '8', '8'],
        trace: { filter: 'connect,recv', format: 'json', write: (l) => json.push(l) },
        timeoutMs: 20_000,
      });
      await emu2.exited;
      const objs = json.map((l) => JSON.parse(l));
      expect(objs.find((o) => o.name === 'connect')).toMatchObject({ dll: 'WS2.dll', args: { name: `127.0.0.1:${port}`, namelen: 16 } });
      // connect() returns at once (ret) or parks and completes later (resumed ret): 0 either way.
      expect(objs.find((o) => o.name === 'connect' && o.ret !== undefined)).toMatchObject({ ret: 0, lastError: expect.any(Number) });
      expect(typeof objs[0].thread).toBe('number');
      expect(typeof objs[0].ordinal).toBe('number');
      expect(objs.some((o) => o.name === 'recv' && o.blocked === true)).toBe(true);
      expect(objs.some((o) => o.name === 'recv' && o.resumed === true && o.ret === 8 && o.durationMs >= 0)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('wmemu run --trace=filter --trace-format=json --trace-file writes JSON lines to the file only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-trace-'));
    const file = join(dir, 't.jsonl');
    const r = spawnSync(process.execPath, [CLI, 'run', '--trace=printf', '--trace-format=json', '--trace-file', file, rom('hello')], { encoding: 'utf8' });
    expect(r.status).toBe(7);
    expect(r.stderr).toBe('');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      dll: 'COREDLL.dll',
      name: 'printf',
      ordinal: 1102,
      args: { format: 'Hello from Windows CE!\n' },
      ret: 23,
      lastError: 0,
      time: expect.any(Number),
      wallMs: expect.any(Number),
    });
    expect(readdirSync(dir)).toEqual(['t.jsonl']);
  });
});

describe('zero cost when off', () => {
  it('the dispatcher never calls into the tracer without --trace', async () => {
    const spies = (['wants', 'captureArgs', 'returned', 'blocked'] as const).map((m) => vi.spyOn(Tracer.prototype, m));
    const emu = await start(rom('threads'), { timeoutMs: 20_000 });
    expect(emu.machine.dispatcher.tracer).toBeUndefined();
    const r = await emu.exited;
    expect(r.exitCode).toBe(0);
    for (const s of spies) expect(s).not.toHaveBeenCalled();
    // ... and with tracing on, it does (the spies are live).
    const on = await start(rom('hello'), { trace: true });
    await on.exited;
    expect(spies[0]).toHaveBeenCalled();
  });

  it('the Winsock shim calls the capture only behind a `capture !== undefined` check', async () => {
    const spies = (['tcp', 'udp', 'tcpClose'] as const).map((m) => vi.spyOn(TrafficCapture.prototype, m));
    const server = createServer((c) => c.on('data', (d) => c.write(d)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const emu = await start(rom('ws_echocli'), { args: ['127.0.0.1', String((server.address() as AddressInfo).port), '100'], timeoutMs: 20_000 });
      expect(emu.machine.capture).toBeUndefined();
      expect((await emu.exited).exitCode).toBe(0);
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      server.close();
    }
    // Structurally: every capture hook in the shim sits behind the one field check.
    for (const f of ['send.ts', 'recv.ts', 'socket.ts']) {
      const src = readFileSync(join(ROOT, 'winsock-shim', f), 'utf8');
      const calls = src.split('\n').filter((l) => /\bcapture(Send|Recv|Close)\(/.test(l) && !l.includes('import'));
      expect(calls.length).toBeGreaterThan(0);
      for (const _l of calls) expect(src).toMatch(/(cap|capture) !== undefined/);
    }
  });
});
