/**
 * cmd.exe of the corpus devices (Pocket CMD, CE 6 and CE 7) as a shell on the host terminal (issue 12
 * item 6): built-ins, batch files, other programs started by name with their exit codes seen by
 * `if errorlevel`, commands read from a pipe. Each run gets a fresh device root (a temporary folder
 * with cmd.exe and the exitcodes.exe ROM in \Windows: the corpus is never written, never copied into
 * the repository). Skipped, with the reason, when the corpus is absent.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable, type RunOptions } from '../../emulator/system/run.js';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function deviceRoot(device: 'ce6' | 'ce7', files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-cmd-'));
  roots.push(root);
  mkdirSync(join(root, 'Windows'));
  copyFileSync(join(CORPUS, device, 'fs', 'Windows', 'cmd.exe'), join(root, 'Windows', 'cmd.exe'));
  copyFileSync(join(__dirname, '..', '..', 'roms', 'bin', 'exitcodes.exe'), join(root, 'Windows', 'exitcodes.exe'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text.replace(/\n/g, '\r\n'));
  return root;
}
const cmd = (device: 'ce6' | 'ce7', root: string, args: string[], o: RunOptions = {}) =>
  runExecutable(join(root, 'Windows', 'cmd.exe'), { args, deviceRoot: root, osVersion: device === 'ce6' ? 6 : 7, timeoutMs: 30_000, ...o });

for (const device of ['ce6', 'ce7'] as const) {
  describe(`${device} cmd.exe`, () => {
    const absent = (ctx: { skip: (note?: string) => void }) =>
      existsSync(join(CORPUS, device, 'fs', 'Windows', 'cmd.exe')) ? false : (ctx.skip(NO_CORPUS), true);

    it('a batch file creates, types, copies and deletes files in the device root; md, cd, rd, set, path', async (ctx) => {
      if (absent(ctx)) return;
      const root = deviceRoot(device, {
        'test.bat': [
          'echo hello device> \\t.txt',
          'type \\t.txt',
          'copy \\t.txt \\u.txt',
          'type \\u.txt',
          'del \\t.txt',
          'del \\u.txt',
          'if exist \\t.txt echo t.txt is still there',
          'if not exist \\t.txt echo t.txt is gone',
          'md \\sub',
          'cd \\sub',
          'cd',
          'cd \\',
          'rd \\sub',
          'set GREETING=howdy',
          'echo %GREETING%',
          'path \\Windows;\\bin',
          'path',
          'exit',
          'echo not reached',
          '',
        ].join('\n'),
      });
      const r = await cmd(device, root, ['/c', '\\test.bat']);
      const out = r.stdout.split(/\r?\n/);
      expect(out.filter((l) => l === 'hello device')).toHaveLength(2);
      expect(out).toContain('t.txt is gone');
      expect(out).not.toContain('t.txt is still there');
      expect(out).toContain('\\sub');
      expect(out).toContain('howdy');
      expect(out).toContain('\\Windows;\\bin');
      expect(r.stdout).not.toContain('not reached');
      expect(r.stdout + r.stderr).toContain('Copied 1 file(s).');
      // The device root is left as it was: the files and the folder are gone.
      expect(readdirSync(root).sort()).toEqual(['My Documents', 'Program Files', 'Temp', 'Windows', 'test.bat']);
      expect(r.exitCode).toBe(0);
    });

    it('dir lists the files with their sizes and the total (64-bit printf arguments of MSVC for CE code)', async (ctx) => {
      if (absent(ctx)) return;
      const root = deviceRoot(device, { 'a.txt': 'x'.repeat(1234), 'b.txt': 'y'.repeat(766) });
      const r = await cmd(device, root, ['/c', 'dir', '\\*.txt']);
      expect(r.stdout).toContain('Directory of \\');
      expect(r.stdout).toMatch(/\s1234 a\.txt/);
      expect(r.stdout).toMatch(/\s766 b\.txt/);
      expect(r.stdout).toContain('Found 2 file(s). Total size 2000 bytes.');
      expect(r.exitCode).toBe(0);
    });

    it('cmd /c ver: Pocket CMD has no VER built-in, so it looks for ver.exe as a device does', async (ctx) => {
      if (absent(ctx)) return;
      const r = await cmd(device, deviceRoot(device), ['/c', 'ver']);
      expect(r.stdout).toContain(`Pocket CMD v ${device === 'ce6' ? '6' : '7'}.00`);
      expect(r.stdout + r.stderr).toContain('Cannot execute ver.exe.');
      expect(r.status).toBe('exited');
    });

    it('starts a program by name and sees its exit code with if errorlevel', async (ctx) => {
      if (absent(ctx)) return;
      const root = deviceRoot(device, {
        'lvl.bat': [
          'exitcodes ret 3',
          'if errorlevel 4 echo level 4',
          'if errorlevel 3 echo level 3',
          'exitcodes ret 0',
          'if not errorlevel 1 echo level 0',
          '',
        ].join('\n'),
      });
      const r = await cmd(device, root, ['/c', '\\lvl.bat']);
      const out = r.stdout.split(/\r?\n/);
      expect(out).toContain('exitcodes: return 3 from WinMain'); // the child shares the console
      expect(out).toContain('level 3');
      expect(out).not.toContain('level 4');
      expect(out).toContain('level 0');
      expect(r.exitCode).toBe(0);
    });

    it('reads its commands from a pipe (echo dir | cmd) and ends at the end of input', async (ctx) => {
      if (absent(ctx)) return;
      const root = deviceRoot(device, { 'piped.txt': 'z'.repeat(42) });
      const r = await cmd(device, root, [], { stdin: 'dir \\*.txt\r\necho piped done\r\n' });
      expect(r.stdout).toMatch(/\s42 piped\.txt/);
      expect(r.stdout).toContain('piped done');
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  });
}
