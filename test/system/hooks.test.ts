/**
 * Hooks and fault injection (issue 15 item 5; emulator/core/api/hooks.ts, emulator/system/hooks.ts):
 * replacing a result, callThrough, names (unknown, ordinal, bare), --fail end to end with its exit
 * codes, trace note and --result-json count, bad --fail specs (exit 2), a fail and a hook on a
 * blocking call (recv), and determinism. Peers are real: a loopback echo server in this process.
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { once } from 'node:events';
import { start, HookError, OptionError, errorCode, parseFailSpec, type HookCall } from '../../emulator/index.js';
import { WSA } from '../../winsock-shim/host/errno.js';
import { DllRegistry } from '../../emulator/core/api/registry.js';
import { fn } from '../../emulator/core/api/declare.js';
import { resolveExports } from '../../emulator/core/api/hooks.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const tmp = () => mkdtempSync(join(tmpdir(), 'wmemu-hooks-'));

/** A loopback TCP echo server; resolves with it and its port. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((c) => {
    c.on('data', (d) => c.write(d));
    c.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

/** Runs the CLI asynchronously (the echo server lives in this process, so no spawnSync). */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'run', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}

describe('emu.hook', () => {
  it('replaces a result (GetModuleHandleW) and keeps the others', async () => {
    const emu = await start(rom('hello'), { timeoutMs: 20_000 });
    const seen: unknown[] = [];
    emu.hook('COREDLL.dll!GetModuleHandleW', (call) => {
      seen.push(call.args.lpModuleName);
      return 0x1234;
    });
    const r = await emu.exited;
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toContain('GetModuleHandleW(NULL)=0x00001234');
    expect(seen).toEqual([null]); // decoded like the trace: a NULL string is null
  });

  it('calls through and reads what the real implementation wrote (GetModuleFileNameW)', async () => {
    const emu = await start(rom('hello'), { timeoutMs: 20_000 });
    const got: { n: number; path: string; thread: number }[] = [];
    emu.hook('getmodulefilenamew', (call: HookCall) => {
      const n = call.callThrough() as number;
      got.push({ n, path: call.mem.readUtf16(call.raw.lpFilename as number, n), thread: call.thread });
      return undefined;
    });
    const r = await emu.exited;
    expect(got).toHaveLength(1);
    expect(r.stdout).toContain(`module: ${got[0]!.path} (${got[0]!.n} chars)`);
    expect(got[0]!.path).toMatch(/hello\.exe$/i);
    expect(got[0]!.thread).toBeGreaterThan(0);
  });

  it('takes the #ordinal form, and unhooks', async () => {
    const emu = await start(rom('hello'), { timeoutMs: 20_000 });
    const ord = emu.machine.dlls.get('COREDLL.dll')!.ordinalOf('GetModuleHandleW');
    expect(ord).toBeGreaterThan(0);
    const h1 = emu.hook(`coredll!#${ord}`, () => 0x4321);
    const h2 = emu.hook('COREDLL.dll!GetCommandLineW', () => 0);
    h2.unhook();
    const r = await emu.exited;
    expect(r.stdout).toContain('GetModuleHandleW(NULL)=0x00004321');
    expect(r.stdout).not.toContain('GetCommandLineW: [(null)]');
    h1.unhook();
  });

  it('a bare name means every DLL exporting it when they share the implementation, else it is ambiguous', () => {
    const shared = fn('foo(): u32', () => 1);
    const reg = new DllRegistry();
    reg.add({ name: 'A.dll', fault: { kind: 'crash' }, families: [[shared, fn('bar(): u32', () => 2)]] });
    reg.add({ name: 'B.dll', fault: { kind: 'crash' }, families: [[shared, fn('bar(): u32', () => 3)]] });
    expect(resolveExports(reg, 'foo').map((d) => d.dll)).toEqual(['A.dll', 'B.dll']);
    expect(() => resolveExports(reg, 'bar')).toThrow(/'bar' is ambiguous: A.dll!bar, B.dll!bar are different functions; name the DLL/);
    expect(resolveExports(reg, 'b!bar').map((d) => d.dll)).toEqual(['B.dll']);
  });

  it('rejects unknown and unimplemented names at hook time', async () => {
    const emu = await start(rom('hello'), { timeoutMs: 20_000 });
    expect(() => emu.hook('WS2.dll!sned', () => undefined)).toThrow(HookError);
    expect(() => emu.hook('WS2.dll!sned', () => undefined)).toThrow(/'WS2.dll!sned': unknown export of WS2.dll/);
    expect(() => emu.hook('NOPE.dll!send', () => undefined)).toThrow(/no emulated DLL NOPE.dll/);
    expect(() => emu.hook('#12', () => undefined)).toThrow(/an ordinal needs its DLL/);
    expect(() => emu.hook('COREDLL.dll!#99999', () => undefined)).toThrow(/unknown export/);
    // An export of coredll's table that wmemu does not implement (picked from the table: the list shrinks).
    const coredll = emu.machine.dlls.get('COREDLL.dll')!;
    const missing = Array.from({ length: 3000 }, (_, i) => i + 1).find((o) => coredll.nameOf(o) !== undefined && !coredll.byOrdinal.has(o))!;
    expect(() => emu.hook(`COREDLL.dll!${coredll.nameOf(missing)}`, () => undefined)).toThrow(/COREDLL.dll exports it but wmemu does not implement it/);
    expect(() => emu.hook(`COREDLL.dll!#${missing}`, () => undefined)).toThrow(/COREDLL.dll exports it but wmemu does not implement it/);
    expect(() => emu.hook('WS2.dll!send', 5 as never)).toThrow(/expected a function/);
    await emu.kill();
    await expect(start(rom('hello'), { hooks: { 'WS2.dll!sned': () => undefined } })).rejects.toThrow(OptionError);
    await expect(start(rom('hello'), { fail: [{ name: 'Sleep', error: 5 }] })).rejects.toThrow(/no documented failure value/);
    await expect(start(rom('hello'), { hooks: { send: 5 as never } })).rejects.toThrow(/^hooks.send: expected a function, got number 5$/);
    await expect(start(rom('hello'), { fail: [{ name: 'send', error: 'WSAECONNRESET', after: -1 }] })).rejects.toThrow(
      /^fail\[0\]: after: expected an integer >= 0, got number -1$/,
    );
    await expect(start(rom('hello'), { fail: [{ name: 'send', error: 'WSAECONNRESET', afterr: 1 } as never] })).rejects.toThrow(
      /^fail\[0\]: unknown key 'afterr'$/,
    );
  });

  it('a hook that throws ends the run with a one-line reason', async () => {
    const emu = await start(rom('hello'), { timeoutMs: 20_000 });
    emu.hook('GetCommandLineW', () => {
      throw new Error('boom');
    });
    const r = await emu.exited;
    expect(r.status).toBe('interrupted');
    expect(r.message).toBe('hook on COREDLL.dll!GetCommandLineW threw: boom');
  });
});

describe('hooks on a blocking call (recv)', () => {
  it('callThrough gives the final result of a recv that parked the thread (second pass)', async () => {
    const { server, port } = await echoServer();
    try {
      const emu = await start(rom('ws_echocli'), { args: ['127.0.0.1', String(port), '4000', '1000'], network: 'loopback', timeoutMs: 20_000 });
      const finals: number[] = [];
      let passes = 0;
      let resumed = 0;
      emu.hook('recv', (call) => {
        passes++;
        if (call.resumed) resumed++;
        const n = call.callThrough() as number; // does not return in the first pass of a call that blocks
        finals.push(n);
        return undefined;
      });
      const r = await emu.exited;
      expect(r.stdout).toContain('echo ok bytes=4000');
      expect(finals.reduce((a, b) => a + b, 0)).toBe(4000);
      expect(resumed).toBeGreaterThan(0); // the client waits for the echo: recv blocks
      expect(passes).toBe(finals.length + resumed);
    } finally {
      server.close();
    }
  });

  it('fails a recv without blocking, and replaces a blocked recv result in the second pass', async () => {
    const { server, port } = await echoServer();
    try {
      const emu = await start(rom('ws_echocli'), { args: ['127.0.0.1', String(port), '4000', '1000'], network: 'loopback', timeoutMs: 20_000 });
      const f = emu.fail('WS2.dll!recv', { error: 'WSAECONNRESET', after: 1 });
      const r = await emu.exited;
      expect(r.exitCode).toBe(3);
      expect(r.stdout).toContain(`recv: -1 (${WSA.WSAECONNRESET})`);
      expect(f.failed).toBe(1);
      expect(emu.faultsInjected).toBe(1);
    } finally {
      server.close();
    }
    const { server: s2, port: p2 } = await echoServer();
    try {
      const emu = await start(rom('ws_echocli'), { args: ['127.0.0.1', String(p2), '1000', '1000'], network: 'loopback', timeoutMs: 20_000 });
      emu.hook('recv', (call) => {
        const n = call.callThrough() as number;
        if (!call.resumed) return undefined;
        call.lastError = WSA.WSAETIMEDOUT;
        return n > 0 ? -1 : n;
      });
      const r = await emu.exited;
      expect(r.stdout).toContain(`recv: -1 (${WSA.WSAETIMEDOUT})`);
    } finally {
      s2.close();
    }
    const { server: s3, port: p3 } = await echoServer();
    try {
      const emu = await start(rom('ws_echocli'), { args: ['127.0.0.1', String(p3), '1000', '1000'], network: 'loopback', timeoutMs: 20_000 });
      emu.hook('recv', (call) => {
        call.callThrough();
        if (call.resumed) throw new Error('second pass');
        return undefined;
      });
      const r = await emu.exited;
      expect(r.status).toBe('interrupted');
      expect(r.message).toBe('hook on WS2.dll!recv threw: second pass');
    } finally {
      s3.close();
    }
  });
});

describe('hooks on waits of several threads (WaitForSingleObject, Sleep)', () => {
  it('each parked call gets its own second pass with its own final result; the program does not notice', async () => {
    const plain = await (await start(rom('threads'), { deterministic: true, timeoutMs: 20_000 })).exited;
    const emu = await start(rom('threads'), { deterministic: true, timeoutMs: 20_000 }); // same schedule as the plain run
    const waits: { thread: number; ms: unknown; r: number; resumed: boolean }[] = [];
    let sleeps = 0;
    emu.hook('WaitForSingleObject', (call) => {
      const r = call.callThrough() as number;
      waits.push({ thread: call.thread, ms: call.args.dwMilliseconds, r, resumed: call.resumed });
      return undefined;
    });
    emu.hook('Sleep', (call) => {
      if (call.resumed) sleeps++;
      return undefined; // not calling through: the real Sleep runs after the hook
    });
    const r = await emu.exited;
    expect(r.exitCode).toBe(plain.exitCode);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stdout).not.toContain('FAIL');
    expect(waits.some((w) => w.resumed && w.r === 0x102 && w.ms === 30)).toBe(true); // WAIT_TIMEOUT after parking
    expect(waits.some((w) => w.resumed && w.r === 0)).toBe(true); // WAIT_OBJECT_0 after parking
    expect(new Set(waits.map((w) => w.thread)).size).toBeGreaterThan(1);
    expect(sleeps).toBeGreaterThan(0);
  });
});

describe('the hooks and fail options', () => {
  it('install hooks and rules before the first guest instruction', async () => {
    let seen = 0;
    const r = await (
      await start(rom('hello'), {
        timeoutMs: 20_000,
        hooks: {
          'COREDLL.dll!GetModuleHandleW': () => {
            seen++;
            return 0x99;
          },
        },
        fail: ['GetCommandLineW:ERROR_ACCESS_DENIED@0x1'],
      })
    ).exited;
    expect(seen).toBe(1);
    expect(r.stdout).toContain('GetModuleHandleW(NULL)=0x00000099');
    expect(r.stdout).toContain('GetCommandLineW: [(null)]');
  });
});

describe('hooks on calls that run guest code or restart (DispatchMessageW, GetMessageW, SendMessageW)', () => {
  it('see the final result after the window procedure returned, and can replace it', async () => {
    const emu = await start(rom('winmsg'), { timeoutMs: 20_000 });
    const finals: Record<string, number[]> = { DispatchMessageW: [], GetMessageW: [], SendMessageW: [] };
    for (const name of Object.keys(finals)) {
      emu.hook(`COREDLL.dll!${name}`, (call) => {
        const r = call.callThrough() as number;
        finals[name]!.push(r);
        return undefined;
      });
    }
    const r = await emu.exited;
    expect(r.stdout).not.toContain('FAIL');
    expect(r.exitCode).toBe(0);
    expect(finals.DispatchMessageW).toContain(33); // the window procedure's result for WM_USER+1
    expect(finals.SendMessageW).toContain(300);
    expect(finals.GetMessageW).toContain(0); // WM_QUIT

    const emu2 = await start(rom('winmsg'), { timeoutMs: 20_000 });
    emu2.hook('DispatchMessageW', (call) => {
      const v = call.callThrough() as number;
      return v === 33 ? 34 : undefined;
    });
    const r2 = await emu2.exited;
    expect(r2.stdout).toContain('FAIL DispatchMessageW -> window procedure');
  });
});

describe('wmemu run --fail', () => {
  it('send:WSAECONNRESET@3: the 4th send fails, the program reacts, the trace and --result-json say so', async () => {
    const { server, port } = await echoServer();
    const dir = tmp();
    try {
      const res = join(dir, 'r.json');
      const trace = join(dir, 't.jsonl');
      const r = await cli([
        '--fail',
        'send:WSAECONNRESET@3',
        '--network',
        'loopback',
        '--result-json',
        res,
        '--trace-file',
        trace,
        '--trace-format',
        'json',
        '--trace-filter',
        'send',
        rom('ws_echocli'),
        '127.0.0.1',
        String(port),
        '4000',
        '1000',
      ]);
      expect(r.stdout).toBe(`send: ${WSA.WSAECONNRESET}\n`);
      expect(r.code).toBe(3);
      const j = JSON.parse(readFileSync(res, 'utf8'));
      expect(j.counts.faultsInjected).toBe(1);
      expect(j.guestExitCode).toBe(3);
      const recs = readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const note = recs.findIndex((x) => x.note === 'fail');
      expect(recs[note]).toMatchObject({ note: 'fail', dll: 'WS2.dll', name: 'send', call: 4, error: WSA.WSAECONNRESET, errorName: 'WSAECONNRESET' });
      expect(recs[note + 1]).toMatchObject({ name: 'send', ret: -1, lastError: WSA.WSAECONNRESET });
      expect(recs.filter((x) => x.name === 'send' && x.ret === 1000)).toHaveLength(3);
    } finally {
      server.close();
    }
  });

  it('names errors from the one Win32 table and the Winsock table, or takes numbers', () => {
    expect(errorCode('WSAECONNRESET')).toEqual({ code: 10054, name: 'WSAECONNRESET' });
    expect(errorCode('wsaeconnreset')).toEqual({ code: 10054, name: 'WSAECONNRESET' });
    expect(errorCode('ERROR_ACCESS_DENIED')).toEqual({ code: 5, name: 'ERROR_ACCESS_DENIED' });
    expect(errorCode('ACCESS_DENIED')).toEqual({ code: 5, name: 'ERROR_ACCESS_DENIED' });
    expect(errorCode(10054).name).toBe('WSAECONNRESET');
    expect(errorCode('0x5').name).toBe('ERROR_ACCESS_DENIED');
    expect(errorCode(0x1234_5678).name).toBe(String(0x1234_5678));
    expect(() => errorCode(-1)).toThrow(/expected a 32-bit error code/);
    expect(parseFailSpec('WS2.dll!send:WSAECONNRESET@3x2')).toEqual({ name: 'WS2.dll!send', error: 'WSAECONNRESET', after: 3, times: 2 });
    expect(parseFailSpec('recv:10060')).toEqual({ name: 'recv', error: '10060' });
  });

  it('bad --fail specs exit 2 with one line', () => {
    const cases: [string, RegExp][] = [
      ['send', /--fail: expected \[DLL!\]NAME:ERROR/],
      ['send:WSAENOPE', /--fail: error: unknown error name 'WSAENOPE'/],
      ['sned:WSAECONNRESET', /--fail: 'sned': unknown export/],
      ['Sleep:5', /--fail: 'Sleep': COREDLL.dll!Sleep returns void with no documented failure value/],
      ['send:10054@1x0', /xTIMES must be at least 1/],
      ['WS2.dll!#99999:5', /unknown export of WS2.dll/],
    ];
    for (const [spec, msg] of cases) {
      const r = spawnSync(process.execPath, [CLI, 'run', '--fail', spec, rom('hello')], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, spec).toBe(2);
      expect(r.stderr.trim().split('\n'), spec).toHaveLength(1);
      expect(r.stderr, spec).toMatch(msg);
    }
  });

  it('is deterministic: the same trace twice (--deterministic), GetCommandLineW failing on its first call', () => {
    const run = () =>
      spawnSync(
        process.execPath,
        [
          CLI,
          'run',
          '--deterministic',
          '--fail',
          'COREDLL.dll!GetCommandLineW:ERROR_ACCESS_DENIED',
          '--trace=COREDLL.dll',
          '--trace-format',
          'json',
          rom('hello'),
          'x',
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
    const a = run();
    const b = run();
    expect(a.status).toBe(7);
    expect(a.stdout).toContain('GetCommandLineW: [(null)]');
    expect(a.stderr).toContain('"note":"fail"');
    expect(a.stderr).toContain('"errorName":"ERROR_ACCESS_DENIED"');
    expect(b.stdout).toBe(a.stdout);
    expect(b.stderr).toBe(a.stderr);
  });
});
