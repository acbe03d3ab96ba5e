/**
 * The device root is a sandbox: the path mapper refuses every escape (unit table), and sandbox.exe
 * tries them all from guest code against a root with planted links — nothing outside is touched.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { DeviceFs } from '../../emulator/core/fs/device-fs.js';
import { ERROR as FS_ERROR } from '../../emulator/core/win32-errors.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

let root: string;
let outside: string;
let fs: DeviceFs;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wmemu-sbx-root-'));
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'wmemu-sbx-out-')));
  writeFileSync(join(outside, 'secret.txt'), 'secret\n');
  fs = new DeviceFs(root);
  symlinkSync(outside, join(root, 'My Documents', 'outlink'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'evil.txt'));
  symlinkSync(join(outside, 'missing.txt'), join(root, 'dangling'));
  symlinkSync('../Temp', join(root, 'Windows', 'relative-in'));
  symlinkSync('../../..', join(root, 'Windows', 'relative-out'));
  symlinkSync(join(root, 'Temp'), join(root, 'inlink'));
});

describe('path mapper', () => {
  const E = FS_ERROR;
  const table: [string, number | 'ok'][] = [
    ['..', E.PATH_NOT_FOUND],
    ['..\\x', E.PATH_NOT_FOUND],
    ['\\..\\..\\etc\\passwd', E.PATH_NOT_FOUND],
    ['\\Temp\\..\\..\\x', E.PATH_NOT_FOUND],
    ['/../x', E.PATH_NOT_FOUND],
    ['\\Temp\\..\\Windows', 'ok'],
    ['C:\\Windows', E.PATH_NOT_FOUND],
    ['c:', E.PATH_NOT_FOUND],
    ['Z:/x', E.PATH_NOT_FOUND],
    ['\\\\?\\C:\\x', E.PATH_NOT_FOUND],
    ['\\\\.\\PhysicalDrive0', E.PATH_NOT_FOUND],
    ['\\\\server\\share', E.PATH_NOT_FOUND],
    ['//server/share', E.PATH_NOT_FOUND],
    ['COM1:', E.FILE_NOT_FOUND],
    ['\\Windows\\DSK1:', E.FILE_NOT_FOUND],
    ['NUL', E.ACCESS_DENIED],
    ['\\Temp\\aux.txt', E.ACCESS_DENIED],
    ['\\Temp\\CON', E.ACCESS_DENIED],
    ['\\Temp\\com9', E.ACCESS_DENIED],
    ['\\Temp\\a:b', E.INVALID_NAME],
    ['\\Temp\\a\0b', E.INVALID_NAME],
    ['\\Temp\\a?b', E.INVALID_NAME],
    ['\\Temp\\...', E.INVALID_NAME],
    ['', E.PATH_NOT_FOUND],
    ['\\' + 'a'.repeat(300), E.FILENAME_EXCED_RANGE],
    ['\\My Documents\\outlink', E.ACCESS_DENIED],
    ['\\My Documents\\outlink\\secret.txt', E.ACCESS_DENIED],
    ['\\My Documents\\outlink\\new.txt', E.ACCESS_DENIED],
    ['\\evil.txt', E.ACCESS_DENIED],
    ['\\EVIL.TXT', E.ACCESS_DENIED],
    ['\\dangling', E.ACCESS_DENIED],
    ['\\Windows\\relative-out\\etc', E.ACCESS_DENIED],
    ['\\Windows\\relative-in', 'ok'],
    ['\\inlink\\x.txt', 'ok'],
    ['/etc/passwd', 'ok'], // a device path: \etc\passwd inside the root (it does not exist)
    ['\\tmp\\x', 'ok'],
  ];
  it.each(table)('%j → %s', (path, want) => {
    const r = fs.resolve(path);
    if (want === 'ok') {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.host === fs.root || r.host.startsWith(fs.root + '/')).toBe(true);
    } else {
      expect(r).toEqual({ ok: false, error: want });
    }
  });

  it('maps names case-insensitively and keeps the on-disk case', () => {
    writeFileSync(join(root, 'Temp', 'MiXed.Txt'), 'x');
    const r = fs.resolve('/temp/mixed.TXT');
    expect(r.ok && r.exists && r.ce).toBe('\\Temp\\MiXed.Txt');
    const n = fs.resolve('\\TEMP\\New File.txt');
    expect(n.ok && !n.exists && n.parentExists && n.host).toBe(join(fs.root, 'Temp', 'New File.txt'));
    const deep = fs.resolve('\\Temp\\no\\such');
    expect(deep.ok && deep.parentExists).toBe(false);
  });

  it('never opens a link as the final component', () => {
    expect(() => fs.open(join(fs.root, 'inlink'), 0)).toThrow(/ELOOP|EISDIR|outside/);
    expect(() => fs.open('/etc/passwd', 0)).toThrow(/outside the device root/);
  });

  it('creates the standard folders and removes a temporary device on dispose', () => {
    const t = DeviceFs.temporary();
    expect(readdirSync(t.root).sort()).toEqual(['My Documents', 'Program Files', 'Temp', 'Windows']);
    t.dispose();
    expect(existsSync(t.root)).toBe(false);
  });
});

describe('sandbox.exe', () => {
  function snapshot(dir: string): string {
    return readdirSync(dir, { recursive: true, withFileTypes: false } as never)
      .map(String)
      .sort()
      .map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`)
      .join('\n');
  }

  it('every escape attempt fails with the CE error and nothing outside the root changes', async () => {
    const before = snapshot(outside);
    const r = await runExecutable(rom('sandbox'), { deviceRoot: root, args: [outside] });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('sandbox: 0 failures');
    expect(r.exitCode).toBe(0);
    expect(snapshot(outside)).toBe(before);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
    expect(existsSync(join(outside, 'missing.txt'))).toBe(false);
    expect(readFileSync(join(root, 'Temp', 'inside.txt'), 'utf8')).toBe('pwned'); // the inside link works
    // Nothing was created next to the root either.
    const parent = join(root, '..');
    expect(readdirSync(parent).filter((n) => /escape|escapedir/.test(n))).toEqual([]);
  });

  it('the same through the CLI child process', () => {
    mkdirSync(join(root, 'extra'));
    const r = spawnSync(process.execPath, [CLI, 'run', '--root', root, rom('sandbox'), outside], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toContain('sandbox: 0 failures');
    expect(r.status).toBe(0);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret\n');
  });
});
