/**
 * CE stdio: console streams on the host terminal (stdout/stderr ordering with printf), file streams,
 * SetStdioPathW, and stdin — given as a string to the programmatic API, and typed line by line into
 * a CLI child process running an interactive echo program.
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

describe('stdio.exe', () => {
  it('writes the console in order, handles file streams and redirection, reads stdin', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-stdio-'));
    const r = await runExecutable(rom('stdio'), { args: ['i'], stdin: 'alpha\nbeta été\nx', deviceRoot: root });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('stdio: 0 failures');
    expect(r.exitCode).toBe(0);
    const console = r.stdout.split('\n').filter((l) => /^\[\d+\]|^\[A\]$/.test(l));
    expect(console).toEqual([
      '[1] fputws to stdout',
      '[2] printf between',
      '[3] fwprintf 42 wide',
      '[4] fprintf narrow ff',
      '[5] vfwprintf 002.5',
      '[6] vfprintf z',
      '[7] fputs',
      '[8] puts',
      '[9] _putws été',
      '[A]',
      '[10] fwrite',
      '[11] back on the console',
    ]);
    expect(r.stderr).toBe('to stderr\nstderr 2\n');
    expect(r.stdout).not.toContain('redirected printf');
    expect(readFileSync(join(root, 'Temp', 'redirect.txt'), 'utf8')).toBe('redirected printf\nredirected fputws\n');
    expect(readFileSync(join(root, 'Temp', 's.txt'), 'latin1')).toBe('LINE 1\nline two\nline 3\nABCDEFappended\n');
    expect(readFileSync(join(root, 'Temp', 'w.txt'), 'utf8')).toBe('été €\n');
  });

  it('a stdin stream that delivers later parks the guest until the data comes', async () => {
    const input = new PassThrough();
    const p = runExecutable(rom('echo'), { stdin: input });
    setTimeout(() => input.write('first'), 50);
    setTimeout(() => input.write(' line\nsecond\n'), 150);
    setTimeout(() => input.end(), 250);
    const r = await p;
    expect(r.stdout).toBe('echo ready\n> echo: first line (10)\n> echo: second (6)\n> eof after 2 lines\n');
    expect(r.exitCode).toBe(2);
  });

  it('with no stdin the console reads EOF at once', async () => {
    const r = await runExecutable(rom('echo'));
    expect(r.stdout).toBe('echo ready\n> eof after 0 lines\n');
    expect(r.exitCode).toBe(0);
  });
});

describe('interactive console through the CLI', () => {
  it('echo.exe answers each line typed on the host stdin, then exits on "exit"', async () => {
    const child = spawn(process.execPath, [CLI, 'run', rom('echo')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const waitFor = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(out)}`)), 10_000);
        const check = () => {
          if (out.includes(text)) {
            clearTimeout(t);
            child.stdout.off('data', check);
            resolve();
          }
        };
        child.stdout.on('data', check);
        check();
      });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    await waitFor('echo ready\n> ');
    child.stdin.write('hello\n');
    await waitFor('echo: hello (5)\n> ');
    // The guest is parked on stdin now; answering much later still works.
    await new Promise((r) => setTimeout(r, 300));
    child.stdin.write('héllo wörld\r\n');
    await waitFor('echo: héllo wörld (11)\n> ');
    child.stdin.write('exit\n');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(out).toBe('echo ready\n> echo: hello (5)\n> echo: héllo wörld (11)\n> bye\n');
    expect(code).toBe(0);
  });

  it('EOF on the host stdin ends the read loop', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', rom('echo')], { input: 'a\nb\nc', encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toBe('echo ready\n> echo: a (1)\n> echo: b (1)\n> echo: c (1)\n> eof after 3 lines\n');
    expect(r.status).toBe(3);
  });
});
