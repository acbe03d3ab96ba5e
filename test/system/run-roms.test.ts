/**
 * End to end: the committed ROMs run under the emulator, through the programmatic API and through the
 * real `wmemu` CLI in a child process.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { EXIT_CODES } from '../../emulator/core/machine.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hello.exe (Thumb-2 C ROM)', () => {
  it('prints, sees its command line, and exits with its own code through the CLI', () => {
    const r = cli(['run', rom('hello'), 'alpha', 'beta']);
    expect(r.code).toBe(7);
    expect(r.stdout).toContain('Hello from Windows CE!\n');
    expect(r.stdout).toContain('Hello in UTF-16 from wprintf: wide été (16)\n');
    expect(r.stdout).toContain('lpCmdLine: [alpha beta]\n');
    expect(r.stdout).toContain('GetCommandLineW: [alpha beta]\n');
    expect(r.stdout).toContain('module: \\Program Files\\hello.exe (24 chars)\n');
    expect(r.stdout).toContain('hInstance=0x00010000 GetModuleHandleW(NULL)=0x00010000 nCmdShow=5\n');
    expect(r.stderr).toBe('');
  });

  it('shows the debug channel only with --debug-output', () => {
    const r = cli(['run', '--debug-output', rom('hello')]);
    expect(r.stderr).toContain('[debug] hello: debug line via NKDbgPrintfW, hInstance=00010000');
    expect(r.stderr).toContain('[debug] hello: debug line via OutputDebugStringW');
    expect(r.stdout).not.toContain('debug line');
  });

  it('traces API calls with module, name, ordinal, decoded arguments and result', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-trace-'));
    const file = join(dir, 'trace.txt');
    const r = cli(['run', '--trace=GetModuleFileNameW,printf', '--trace-file', file, rom('hello')]);
    expect(r.code).toBe(7);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^\[t[0-9a-f]+\] COREDLL\.dll!printf@1102\(format="Hello from Windows CE!\\n", \.\.\.\) -> 23$/);
    expect(lines.some((l) => /COREDLL\.dll!GetModuleFileNameW@537\(hModule=0x00000000, lpFilename=0x[0-9a-f]{8}, nSize=260\) -> 24$/.test(l))).toBe(true);
    expect(lines.every((l) => /!(printf|GetModuleFileNameW)@/.test(l))).toBe(true);
  });

  it('runs through the programmatic API with captured output', async () => {
    const r = await runExecutable(rom('hello'), { args: ['x y', 'z'] });
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toContain('lpCmdLine: ["x y" z]');
    expect(r.debug).toEqual(['hello: debug line via NKDbgPrintfW, hInstance=00010000', 'hello: debug line via OutputDebugStringW']);
  });
});

describe('coredll first slice', () => {
  it('coretest.exe passes every self-check (memory, strings, printf family, TLS, critical sections, time)', async () => {
    const r = await runExecutable(rom('coretest'));
    const fails = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails).toEqual([]);
    expect(r.stdout).toContain('coretest: 0 failures');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(90);
    expect(r.exitCode).toBe(0);
  });
});

describe('threads and kernel objects', () => {
  it('threads.exe: CreateThread, suspend/resume, KData thread ids, TLS, critical sections, events, mutexes, semaphores, waits', async () => {
    const r = await runExecutable(rom('threads'));
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('ok critical section protected counter = 3000');
    expect(r.stdout).toContain('threads: 0 failures');
    expect(r.exitCode).toBe(0);
  });
});

describe('exits', () => {
  for (const [how, code] of [
    ['ret', 3],
    ['exit', 4],
    ['exitthread', 5],
    ['terminate', 6],
  ] as const) {
    it(`maps ${how} ${code} to the host exit code`, async () => {
      const r = await runExecutable(rom('exitcodes'), { args: [how, String(code)] });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(code);
    });
  }
  it('passes the full 32-bit guest code in the API and its low 8 bits to the host', async () => {
    const r = await runExecutable(rom('exitcodes'), { args: ['exit', '258'] });
    expect(r.guestExitCode).toBe(258);
    expect(r.exitCode).toBe(2);
  });
});

describe('ARM-mode code (hand-written assembly ROMs)', () => {
  for (const cpu of ['cortex-a8', 'pxa270', 'arm1136']) {
    it(`armhello.exe runs in ARM mode on ${cpu}`, async () => {
      const r = await runExecutable(rom('armhello'), { cpu, args: ['q'] });
      expect(r.stdout).toContain('Hello from ARM mode! entry=00011000 hInstance=00010000');
      expect(r.stdout).toContain('lpCmdLine=[q]');
      expect(r.exitCode).toBe(42);
    });
  }
  it('interwork.exe calls between ARM and Thumb code', async () => {
    const r = await runExecutable(rom('interwork'), { cpu: 'pxa270' });
    expect(r.stdout).toContain('thumb_triple(20) = 60');
    expect(r.exitCode).toBe(61);
  });
  it('refuses to start Thumb-2 code on pxa270 (ARMv5TE) with a clear message', async () => {
    const r = await runExecutable(rom('hello'), { cpu: 'pxa270' });
    expect(r.status).toBe('load-error');
    expect(r.exitCode).toBe(EXIT_CODES.load);
    expect(r.message).toBe('hello.exe: the entry point is Thumb-2 code, which the pxa270 CPU model cannot execute (use --cpu cortex-a8)');
  });
});

describe('loader', () => {
  it('relocates an image whose preferred base is unavailable', async () => {
    const r = await runExecutable(rom('reloc'));
    expect(r.stdout).toContain('reloc: 0 failures');
    expect(r.exitCode).toBe(0);
  });
  it('splits a wmain command line into argv', async () => {
    const r = await runExecutable(rom('wargs'), { args: ['a', 'b c', 'd"e'] });
    expect(r.stdout).toContain('argc=4\n');
    expect(r.stdout).toContain('argv[2]=[b c]\n');
    expect(r.stdout).toContain('argv[3]=[d"e]\n');
  });
  it('rejects a malformed executable with a one-line error and exit code 123', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-bad-'));
    const bad = join(dir, 'bad.exe');
    writeFileSync(bad, readFileSync(rom('hello')).subarray(0, 300));
    const r = cli(['run', bad]);
    expect(r.code).toBe(EXIT_CODES.load);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^wmemu: bad\.exe: /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('reports a missing file', () => {
    const r = cli(['run', '/nonexistent/x.exe']);
    expect(r.code).toBe(EXIT_CODES.load);
    expect(r.stderr).toBe('wmemu: cannot read /nonexistent/x.exe: no such file\n');
  });
});

describe('failures are reported, never a Node crash', () => {
  it('an access violation gives address, PC, registers and a backtrace', () => {
    const r = cli(['run', rom('crash')]);
    expect(r.code).toBe(EXIT_CODES.crashed);
    // The exact faulting instruction (`str r1, [r0, #0x10]` at 0x11030 in llvm-objdump --triple=thumbv7),
    // not the start of its translation block that unicorn 2.0.1 reports.
    expect(r.stderr).toMatch(/^wmemu: guest access violation: write of unmapped address 0x00000010 \(unmapped\) at PC 0x00011030 \(crash\.exe\+0x1030\)\n/);
    expect(r.stderr).toMatch(/R0=0x00000000/);
    expect(r.stderr).toMatch(/PC=0x00011030/);
    expect(r.stderr).toContain('backtrace:');
    expect(r.stderr).toMatch(/#0 0x00011030 crash\.exe\+0x1030/);
    expect(r.stderr).not.toContain('basic block');
    expect(r.stderr).not.toMatch(/node:internal|at .*\.js:\d+/);
  });
  it('an access violation in ARM-mode code is reported at the exact faulting instruction', async () => {
    const r = await runExecutable(rom('armcrash'), { cpu: 'pxa270' });
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    // The ROM prints the address of its faulting STMIA (mid-block, after loads/stores with writeback).
    const at = /faulting store at ([0-9A-Fa-f]{8})/.exec(r.stdout)![1]!.toLowerCase();
    expect(at).toBe('00011030');
    expect(r.message).toBe('guest access violation: write of unmapped address 0x00000020 (unmapped) at PC 0x00011030 (armcrash.exe+0x1030)');
    expect(r.report).toMatch(/R1=0x00000020 +R2=0x00000005 +R3=0x00000005/);
    expect(r.stdout).not.toContain('FAIL');
  });
  it('an unimplemented import stops the run with its name and ordinal', () => {
    const r = cli(['run', rom('unimpl')]);
    expect(r.code).toBe(EXIT_CODES.unimplemented);
    expect(r.stdout).toContain('unimpl: calling COREDLL ordinal 1581');
    expect(r.stderr).toMatch(/^wmemu: unimplemented import COREDLL\.dll!GetSystemPowerState \(ordinal 1581\) called from 0x000110[0-9a-f]{2}\n/);
    expect(r.stderr).toContain('backtrace:');
  });
});

describe('wmemu info', () => {
  it('describes headers, entry mode and imports by ordinal with their names', () => {
    const r = cli(['info', rom('hello')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0x01C2/i);
    expect(r.stdout).toMatch(/Thumb/);
    expect(r.stdout).toMatch(/1102\s+printf/);
    expect(r.stdout).toMatch(/545\s+NKDbgPrintfW/);
  });
  it('reports ARM entry for ARM-mode ROMs and has JSON output', () => {
    const r = cli(['info', '--json', rom('armhello')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(JSON.stringify(j)).toMatch(/"arm"|ARM/);
  });
});
