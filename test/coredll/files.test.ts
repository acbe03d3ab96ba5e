/**
 * Device file system through coredll's file APIs: files.exe self-checks (programmatic API and CLI), and
 * the host sees what the guest wrote, inside the root only.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function fails(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('FAIL'));
}

describe('files.exe', () => {
  it('passes every file API check and leaves its files in the device root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-files-'));
    const r = await runExecutable(rom('files'), { deviceRoot: root });
    expect(fails(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('files: 0 failures');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(90);
    expect(r.exitCode).toBe(0);
    // Host-side effects.
    expect(readdirSync(root).sort()).toEqual(['My Documents', 'Program Files', 'Temp', 'Windows']);
    expect(readFileSync(join(root, 'My Documents', 'hello.txt'), 'utf8')).toBe('written by files.exe\r\n');
    expect(readFileSync(join(root, 'My Documents', 'test.txt'), 'utf8')).toBe('Hello, device!\r\n');
    expect(readFileSync(join(root, 'My Documents', 'sub', 'b2.txt'), 'utf8')).toBe('bee two');
    expect(readFileSync(join(root, 'Temp', 'slash.txt'), 'utf8')).toBe('slash');
    expect(existsSync(join(root, 'Temp', 'doc.tmp'))).toBe(false); // FILE_FLAG_DELETE_ON_CLOSE
    // SetFileTime reached the host.
    const { mtimeMs } = (await import('node:fs')).statSync(join(root, 'My Documents', 'test.txt'));
    expect(new Date(mtimeMs).toISOString()).toBe('2009-10-22T00:00:00.000Z');
  });

  it('runs on a fresh temporary device without --root, and through the CLI with --root', () => {
    const r1 = spawnSync(process.execPath, [CLI, 'run', rom('files')], { encoding: 'utf8', timeout: 30_000 });
    expect(r1.stdout).toContain('files: 0 failures');
    expect(r1.status).toBe(0);
    const root = mkdtempSync(join(tmpdir(), 'wmemu-files-cli-'));
    const r2 = spawnSync(process.execPath, [CLI, 'run', '--root', root, rom('files')], { encoding: 'utf8', timeout: 30_000 });
    expect(r2.status).toBe(0);
    expect(readFileSync(join(root, 'My Documents', 'hello.txt'), 'utf8')).toBe('written by files.exe\r\n');
  });

  it("a second run on the same root sees the first run's files (CREATE_NEW then fails)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-files-twice-'));
    await runExecutable(rom('files'), { deviceRoot: root });
    const r = await runExecutable(rom('files'), { deviceRoot: root });
    expect(r.stdout).toContain('FAIL CREATE_NEW creates');
  });
});
