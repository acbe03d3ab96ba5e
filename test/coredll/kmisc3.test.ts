/**
 * More non-GUI coredll functions two or more corpus binaries import (kmisc3.exe): the API sets as
 * CE 5 and CE 6/7 number them, user management, object-store and memory-division queries,
 * CheckRemoteDebuggerPresent, CeRunAppAtEvent, registry change notifications, RegOpenProcessKey and
 * VirtualAllocCopyEx. The expected values are in the ROM, each from the
 * CE documentation or kernel source cited in its family (apisets.ts, users.ts, kquery.ts,
 * notifyevents.ts); here: the runs under each numbering, what must stop the run, and the host side
 * (the profile folder SetCurrentUser makes).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'kmisc3.exe');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');

function withRoot<T>(f: (root: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), 'wmemu-kmisc3-'));
  return f(root).finally(() => rmSync(root, { recursive: true, force: true }));
}

function passed(stdout: string): number {
  const lines = stdout.split('\n');
  expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
  return lines.filter((l) => l.startsWith('ok ')).length;
}

describe('kmisc3.exe', () => {
  for (const osVersion of [6, 7] as const) {
    it(`CE ${osVersion}: API sets numbered 0-127, users, store queries, CeRunAppAtEvent`, () =>
      withRoot(async (root) => {
        const r = await runExecutable(rom, { osVersion, deviceRoot: root, deterministic: true });
        expect(passed(r.stdout)).toBeGreaterThanOrEqual(100);
        expect(r.stdout).toContain('kmisc3: 0 failures');
        expect(r.exitCode).toBe(0);
        // SetCurrentUser made the profile folder in the device root (the ROM removes kmuser's at the end).
        expect(existsSync(join(root, 'Documents and Settings'))).toBe(true);
        expect(readdirSync(join(root, 'Documents and Settings'))).toEqual([]);
      }));
  }

  it('CE 5: API sets numbered 0-31 (0x5d cannot be registered)', () =>
    withRoot(async (root) => {
      const r = await runExecutable(rom, { osVersion: 5, deviceRoot: root, args: ['ce5'] });
      expect(passed(r.stdout)).toBe(5);
      expect(r.stdout).toContain('kmisc3: 0 failures');
      expect(r.exitCode).toBe(0);
    }));

  it('a program registered for a time-zone change stops the run when the zone changes, naming the case', () =>
    withRoot(async (root) => {
      const r = await runExecutable(rom, { osVersion: 6, deviceRoot: root, args: ['tzapp'] });
      expect(r.status).toBe('unimplemented');
      expect(r.message).toContain('starting "\\Windows\\kmtz.exe" for notification event 12');
      expect(r.stdout).not.toContain('survived');
    }));
});

describe('the corpus servers (corpus absent: skipped)', () => {
  const root = join(CORPUS, 'ce7', 'fs');
  it.skipIf(!existsSync(join(root, 'Windows', 'GweUser.exe')))(
    'ce7 GweUser.exe registers SH_GWEUSER (0x5d) with its error handler, then serves it: it sleeps for ever, as a PSL server does',
    async () => {
      const lines: string[] = [];
      const r = await runExecutable(join(root, 'Windows', 'GweUser.exe'), {
        deviceRoot: root,
        osVersion: 7,
        timeoutMs: 3000,
        trace: { filter: 'RegisterAPISet,SetAPIErrorHandler,Sleep', write: (l) => lines.push(l) },
      });
      expect(r.status).toBe('limit');
      expect(lines.join('\n')).toMatch(/RegisterAPISet@\d+\(hASet=0x[0-9a-f]+, dwSetID=0x0000005d\) -> TRUE/);
      expect(lines.join('\n')).toMatch(/SetAPIErrorHandler@\d+\(.*\) -> TRUE/);
      expect(lines.at(-1)).toMatch(/Sleep@\d+\(dwMilliseconds=4294967295\) -> \(blocks\)/);
    },
  );
});
