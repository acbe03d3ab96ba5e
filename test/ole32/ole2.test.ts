/**
 * wmemu's ole32.dll beyond CoCreateInstance: ole2.exe checks bind contexts, the running object table,
 * advise holders, ReleaseStgMedium and OleRun against the documented results (Wine's tests), with
 * guest objects that count every AddRef/Release ole32 makes. Then the corpus's help viewer and IE
 * sample (shdocvw/urlmon over wmemu's ole32), which used to stop at ole32.dll!CreateBindCtx.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { mergeDeviceRegistry } from '../../emulator/system/compat/device-registry.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const CE6 = join(ROOT, '..', 'shared', 'corpus', 'ce6');
const rom = join(ROOT, 'roms', 'bin', 'ole2.exe');
const haveCorpus = existsSync(join(CE6, 'fs', 'Windows', 'htmlhelp.exe')) && existsSync(join(CE6, 'registry'));

describe('ole32: bind contexts, running objects, advise holders, STGMEDIUM', () => {
  it('ole2.exe: every check passes, the file medium is gone from the device', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-ole2-'));
    try {
      const r = await runExecutable(rom, { deviceRoot: root });
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      // Each group ran to its end (a stop in the middle would leave these out).
      for (const l of [
        'ok last Release frees the bound objects and parameters',
        'ok IsRunning after Revoke -> S_FALSE',
        'ok last Release Releases the connected sinks',
        'ok TYMED_FILE: file deleted, name freed',
        'ok OleRun calls IRunnableObject::Run(NULL), passes its result, Releases',
      ])
        expect(lines).toContain(l);
      expect(r.stdout).toContain('ole2: 0 failures');
      expect(r.exitCode).toBe(0);
      expect(readdirSync(root)).not.toContain('medium.tmp');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!haveCorpus)('IE on wmemu ole32 (corpus ce6)', () => {
  it('htmlhelp.exe gets past CreateBindCtx to its window and message loop', () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-hh-'));
    try {
      cpSync(join(CE6, 'fs', 'Windows'), join(root, 'Windows'), { recursive: true });
      const reg = join(root, 'device.reg');
      writeFileSync(reg, mergeDeviceRegistry(join(CE6, 'registry')).text);
      const r = spawnSync(
        process.execPath,
        [CLI, 'run', '--root', root, '--registry', reg, '--timeout', '6s', '--debug-output', '--trace=ole32.dll', join(root, 'Windows', 'htmlhelp.exe')],
        { encoding: 'utf8', timeout: 90_000 },
      );
      expect(r.stderr).toMatch(/ole32\.dll!CreateBindCtx\(reserved=0, ppbc=0x[0-9a-f]+\) -> 0x00000000/);
      expect(r.stderr).toMatch(/ole32\.dll!IBindCtx_GetRunningObjectTable\(.*\) -> 0x00000000/);
      expect(r.stderr).not.toContain('unimplemented');
      expect(r.stderr).not.toContain('Assertion failed');
      // shdoclc.dll (resource-only, no .reloc, preferred base 0x10000000 where oleaut32 already is) loads elsewhere.
      expect(r.stderr).toContain('PegHelp-Loading help');
      expect(r.stderr).not.toContain('cannot load at its preferred base');
      // It ends only at the time limit, waiting for messages.
      expect(r.stderr).toContain('time limit of 6 s reached');
      expect(r.stderr).toContain('blocked (GetMessageW');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
