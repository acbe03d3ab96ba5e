/**
 * CreateFileW share modes (emulator/fs/device-fs.ts share table, coredll files.ts): share.exe checks
 * conflicting opens, DeleteFileW/MoveFileW/CopyFileW of open files, fopen, and a child process
 * (CreateProcessW) against a file its parent holds, on real host files in a temporary device root.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { FILE_SHARE_READ, fileIdentity, holdShare, releaseShare } from '../../emulator/core/fs/device-fs.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'share.exe');

function device(): string {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-share-'));
  mkdirSync(join(root, 'My Documents'), { recursive: true });
  writeFileSync(join(root, 'My Documents', 'data.txt'), 'original');
  return root;
}

describe('share modes', () => {
  it('share.exe: conflicting opens, delete/move/copy of open files, fopen, a child process', async () => {
    const root = device();
    const r = await runExecutable(rom, { deviceRoot: root, timeoutMs: 30_000 });
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout).toContain('share: 0 failures');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(37);
    expect(r.exitCode).toBe(0);
    // What the host sees: the copy made while a reader held the file has the original bytes, the
    // writer's bytes went into data.txt, which was then moved and deleted; the folder moved once free.
    const docs = join(root, 'My Documents');
    expect(readFileSync(join(docs, 'copy.txt'), 'utf8')).toBe('original');
    expect(existsSync(join(docs, 'copy2.txt'))).toBe(false);
    expect(existsSync(join(docs, 'data.txt'))).toBe(false);
    expect(existsSync(join(docs, 'moved.txt'))).toBe(false);
    expect(existsSync(join(docs, 'dir2', 'in.txt'))).toBe(true);
    expect(readFileSync(join(root, 'Temp', 'left.txt'), 'utf8')).toBe('left');
  });

  it('a handle left open when the process ends is released (the next run can open the file)', async () => {
    const root = device();
    await runExecutable(rom, { deviceRoot: root, timeoutMs: 30_000 });
    // Same Node process, same root, same share table: left.txt was held exclusively by the first run.
    const child = await runExecutable(rom, { deviceRoot: root, args: ['child', '\\Temp\\left.txt'], timeoutMs: 30_000 });
    expect(child.exitCode).toBe(0);
  });

  it('the share table is process-wide: a holder registered outside the guest blocks it, releasing frees it', async () => {
    const root = device();
    const host = join(root, 'My Documents', 'data.txt');
    const held = holdShare(fileIdentity(statSync(host)), host, true, false, FILE_SHARE_READ); // a reader sharing read
    try {
      const r = await runExecutable(rom, { deviceRoot: root, args: ['child', '\\My', 'Documents\\data.txt'], timeoutMs: 30_000 });
      expect(r.exitCode).toBe(0); // the child only reads, sharing read and write: compatible
      const w = await runExecutable(rom, { deviceRoot: root, args: ['child', '\\Temp\\..\\My', 'Documents\\DATA.TXT'], timeoutMs: 30_000 });
      expect(w.exitCode).toBe(0);
    } finally {
      releaseShare(held);
    }
    const x = holdShare(fileIdentity(statSync(host)), host, true, true, 0); // exclusive
    try {
      const r = await runExecutable(rom, { deviceRoot: root, args: ['child', '\\My', 'Documents\\data.txt'], timeoutMs: 30_000 });
      expect(r.exitCode).toBe(32); // ERROR_SHARING_VIOLATION
    } finally {
      releaseShare(x);
    }
    const after = await runExecutable(rom, { deviceRoot: root, args: ['child', '\\My', 'Documents\\data.txt'], timeoutMs: 30_000 });
    expect(after.exitCode).toBe(0);
  });
});
