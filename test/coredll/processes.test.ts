/**
 * CreateProcessW: procspawn.exe starts hello.exe, exitcodes.exe (twice at once) and hang.exe as
 * second Machines in the same Node process; their output shares the console.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { splitCommandLine } from '../../emulator/dlls/coredll/processes.js';

const ROOT = join(__dirname, '..', '..');
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
  it('through the CLI (a child still running is ended with the parent)', () => {
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
  describe('children still running when the parent ends (procorphan.exe)', () => {
    const orphan = join(ROOT, 'roms', 'bin', 'procorphan.exe');
    const DETACH = ['testdll: DLL_PROCESS_DETACH', 'testdll2: DLL_PROCESS_DETACH', 'armdll: DllMain reason=0 reserved=non-NULL'];
    const after = (stdout: string, marker: string) => {
      const lines = stdout.split('\n');
      return lines.slice(lines.indexOf(marker) + 1).filter((l) => l && !l.startsWith('ok '));
    };
    it('by default they are ended through the TerminateProcess exit sequence: DLLs detached, the parent exit code kept', async () => {
      const t0 = Date.now();
      const r = await runExecutable(orphan, { args: ['sleep'], timeoutMs: 20_000 });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(3);
      expect(r.stdout).toContain('armuse: 0 failures, leaving (sleep)');
      // `exited` resolves after the children's exit sequence: its output is in the result.
      expect(after(r.stdout, 'procorphan: leaving with code 3, children still running')).toEqual(DETACH);
      expect(r.debug).toContain('child process armuse.exe is still running as the run ends: ending it');
      expect(r.debug).toContain('child process hang.exe is still running as the run ends: ending it');
      expect(Date.now() - t0).toBeLessThan(5000); // no grace period used up
    });
    it('through the CLI: exit code 3, DLLs detached', () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', orphan], { encoding: 'utf8', timeout: 30_000 });
      expect(after(r.stdout, 'procorphan: leaving with code 3, children still running')).toEqual(DETACH);
      expect(r.status).toBe(3);
    });
    it('a child whose DllMain(DLL_PROCESS_DETACH) never returns is stopped after the grace time (here: what --timeout leaves)', async () => {
      const t0 = Date.now();
      const r = await runExecutable(orphan, { args: ['sleephang'], timeoutMs: 2500 });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(3);
      expect(after(r.stdout, 'procorphan: leaving with code 3, children still running')).toEqual(DETACH);
      expect(r.debug.some((l) => /child process\(es\) armuse\.exe did not end within \d+ ms: stopped without notifications/.test(l))).toBe(true);
      expect(Date.now() - t0).toBeLessThan(4000);
    });
    it('waitForChildren: the run waits for a child that ends on its own, then returns the parent exit code', async () => {
      const r = await runExecutable(orphan, { args: ['linger'], waitForChildren: true, timeoutMs: 20_000 });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(3);
      // The child ran on after the parent, returned from WinMain and detached its DLLs itself.
      expect(after(r.stdout, 'procorphan: leaving with code 3, children still running')).toEqual(['armuse: lingered, returning 40', ...DETACH]);
      expect(r.debug.join('\n')).not.toContain('ending it');
    });
    it('waitForChildren: the time limit ends the wait (status limit, children stopped at once)', async () => {
      const r = await runExecutable(orphan, { args: ['sleep'], waitForChildren: true, timeoutMs: 1500 });
      expect(r.status).toBe('limit');
      expect(r.exitCode).toBe(122);
      expect(r.message).toMatch(
        /time limit of 1\.5 s reached waiting for child process\(es\) armuse\.exe, hang\.exe \(the process itself exited with code 3\)/,
      );
    });
    it('grandchildren: a child ended with the run ends its own children the same way first', async () => {
      const r = await runExecutable(orphan, { args: ['nested'], timeoutMs: 20_000 });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(3);
      expect(after(r.stdout, 'procorphan: leaving with code 3, grandchildren still running').filter((l) => !l.startsWith('procorphan: holding'))).toEqual(
        DETACH,
      );
      expect(r.debug).toContain('child process procorphan.exe is still running as the run ends: ending it');
    });
    it('grandchildren with waitForChildren: the time limit stops the whole tree at once', async () => {
      const t0 = Date.now();
      const r = await runExecutable(orphan, { args: ['nested'], waitForChildren: true, timeoutMs: 1500 });
      expect(r.status).toBe('limit');
      expect(r.message).toContain('waiting for child process(es) procorphan.exe');
      expect(r.stdout).not.toContain('DLL_PROCESS_DETACH');
      expect(Date.now() - t0).toBeLessThan(4000);
    });
    it('--wait-children without --timeout: children that can never end are a deadlock (119), ended with their DLLs detached', () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--wait-children', orphan, 'sleep'], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(after(r.stdout, 'procorphan: leaving with code 3, children still running')).toEqual(DETACH);
      expect(r.stderr).toContain('wmemu: deadlock: waiting for child process(es) armuse.exe, hang.exe');
      expect(r.status).toBe(119);
    });
  });
  it('splits command lines like the CRT', () => {
    expect(splitCommandLine('  a "b c"  d\\"e ')).toEqual(['a', 'b c', 'd"e']);
    expect(splitCommandLine('')).toEqual([]);
  });
});
