/**
 * CreateProcessW: procspawn.exe starts hello.exe, exitcodes.exe (twice at once) and hang.exe as
 * second Machines in the same Node process; their output shares the console.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExecutable } from '../emulator/run.js';
import { splitCommandLine } from '../emulator/dlls/coredll/processes.js';

const ROOT = join(__dirname, '..');
const rom = join(ROOT, 'roms', 'bin', 'procspawn.exe');

describe('child processes', () => {
  it('procspawn.exe: wait, exit codes, shared console, concurrent children', async () => {
    const r = await runExecutable(rom);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('lpCmdLine: [alpha beta]'); // hello.exe's output, with its own command line
    expect(r.stdout.indexOf('exiting with code 7')).toBeLessThan(r.stdout.indexOf('ok GetExitCodeProcess == 7'));
    expect(r.stdout).toContain('procspawn: 0 failures');
    expect(r.exitCode).toBe(0);
  });
  it('through the CLI (a child still running is stopped with the parent)', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', rom], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toContain('Hello from Windows CE!');
    expect(r.stdout).toContain('procspawn: 0 failures');
    expect(r.status).toBe(0);
  });
  it('procsusp.exe: CREATE_SUSPENDED threads and children, Suspend/ResumeThread counts, TerminateProcess of a child', async () => {
    const r = await runExecutable(join(ROOT, 'roms', 'bin', 'procsusp.exe'));
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(37 + 19); // procsusp's own + armuse.exe's
    // A child with DLLs terminated from outside: its DLLs are detached (last initialised first,
    // lpReserved non-NULL) before its handle signals.
    const lines = r.stdout.split('\n');
    const at = lines.indexOf('procsusp: terminating armuse.exe');
    expect(lines.indexOf('armuse: 0 failures, leaving (sleep)')).toBeLessThan(at);
    const ended = lines.indexOf('ok it ends', at); // the wait on the child's handle
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, ended).filter((l) => !l.startsWith('ok '))).toEqual([
      'testdll: DLL_PROCESS_DETACH',
      'testdll2: DLL_PROCESS_DETACH',
      'armdll: DllMain reason=0 reserved=non-NULL',
    ]);
    expect(r.stdout).toContain('ok exit code 77');
    // The suspended child prints only after ResumeThread; the one terminated while suspended never runs.
    expect(r.stdout.indexOf('exitcodes: return 9 from WinMain')).toBeGreaterThan(r.stdout.indexOf('procsusp: resuming the child'));
    expect(r.stdout).not.toContain('Hello from Windows CE');
    expect(r.stdout).toContain('hang: sleep');
    expect(r.stdout).toContain('procsusp: 0 failures');
    expect(r.exitCode).toBe(0);
  });
  it('splits command lines like the CRT', () => {
    expect(splitCommandLine('  a "b c"  d\\"e ')).toEqual(['a', 'b c', 'd"e']);
    expect(splitCommandLine('')).toEqual([]);
  });
});
