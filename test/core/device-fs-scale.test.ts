/**
 * Issue 17 item 11: creating many files in one folder must not re-list the folder for every new name
 * (10,000 files took 37.6 s: each create missed the exact lstat and read the whole folder to look for
 * the name case-insensitively). Counted, not timed: the folder listings readdir makes while 2,000 new
 * names are resolved and created stay a handful (quadratic behaviour would list the folder 2,000 times).
 */
import { describe, it, expect, vi } from 'vitest';
import { mkdtempSync, constants as FS } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const listed: string[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    readdirSync: ((p: string, ...rest: unknown[]) => {
      listed.push(String(p));
      return (fs.readdirSync as (...a: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.readdirSync,
  };
});
const { DeviceFs } = await import('../../emulator/core/fs/device-fs.js');

describe('a folder with many new files', () => {
  it('is listed a bounded number of times, not once per created name', () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-scale-'));
    const dfs = new DeviceFs(root);
    listed.length = 0;
    const N = 2000;
    for (let i = 0; i < N; i++) {
      const r = dfs.resolve(`\\Temp\\File${i}.TXT`);
      if (!('ok' in r) || !r.ok) throw new Error(`resolve failed for ${i}`);
      expect(r.exists).toBe(false);
      dfs.close(dfs.open(r.host, FS.O_CREAT | FS.O_WRONLY | FS.O_EXCL));
    }
    // The names are found again whatever their case (the index is kept up to date by our own creates).
    const again = dfs.resolve('\\temp\\file1999.txt');
    expect('ok' in again && again.ok && again.exists).toBe(true);
    const temp = listed.filter((p) => p.endsWith('Temp'));
    expect(temp.length).toBeLessThan(10);
    dfs.dispose();
  });
});
