/**
 * ExtractIconExW (emulator/dlls/coredll/extracticon.ts, CE's ExtractIconEx page): exticon.exe reads its
 * own icon groups (a module of the process: its mapped image) and those of a copy of itself that this
 * test puts in the device root's \Windows as icons.dll (a file: by full path and by bare name), and
 * compares the icons drawn through image lists with LoadImageW's of the same size. ceshell.dll's Open
 * dialog (test/gwes/pword.test.ts) lists its files with it.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'exticon.exe');

describe('ExtractIconExW', () => {
  it('exticon.exe passes every check', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-exticon-'));
    try {
      mkdirSync(join(root, 'Windows'));
      copyFileSync(rom, join(root, 'Windows', 'icons.dll'));
      const r = await runExecutable(rom, { deviceRoot: root });
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(15);
      expect(r.exitCode).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
