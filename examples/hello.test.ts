/**
 * Example: a regression test for a console program. Run it, assert its output and exit code.
 *
 *   npx vitest run examples/hello.test.ts
 *
 * In your own project, import from 'wmemu' instead of '../emulator/index.js'.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { runExecutable, start, StartError } from '../emulator/index.js';

const rom = (name: string) => join(__dirname, '..', 'roms', 'bin', name);

describe('hello.exe', () => {
  it('prints its greeting and command line, and exits with 7', async () => {
    const r = await runExecutable(rom('hello.exe'), { args: ['alpha', 'beta'], timeoutMs: 20_000 });
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toContain('Hello from Windows CE!\n');
    expect(r.stdout).toContain('lpCmdLine: [alpha beta]\n');
    expect(r.debug).toContain('hello: debug line via OutputDebugStringW');
  });

  it('can be watched while it runs: live output, trace lines, then the exit', async () => {
    const emu = await start(rom('hello.exe'), { trace: 'printf', deterministic: true, timeoutMs: 20_000 });
    const chunks: string[] = [];
    emu.on('stdout', (text) => chunks.push(text));
    await emu.waitForOutput('exiting with code 7');
    const r = await emu.exited;
    expect(r.exitCode).toBe(7);
    expect(chunks.join('')).toBe(r.stdout);
    // emu.trace holds one object per call: decoded arguments, typed result, thread, timestamps.
    expect(emu.trace[0]).toMatchObject({ dll: 'COREDLL.dll', name: 'printf', ordinal: 1102, args: { format: 'Hello from Windows CE!\n' }, ret: 23 });
  });

  it('reports a missing executable as a StartError', async () => {
    await expect(start(rom('no-such.exe'))).rejects.toThrow(StartError);
    const r = await runExecutable(rom('no-such.exe'));
    expect(r.status).toBe('load-error');
    expect(r.exitCode).toBe(123);
  });
});
