/**
 * coredll ExtractResource (extres.exe; emulator/dlls/coredll/extractres.ts): a LocalAlloc'd copy of a
 * resource of a module file, from the ROM's own file and from a corpus DLL that is not loaded; the
 * failures give ERROR_RESOURCE_NAME_NOT_FOUND. The corpus's ce6 msmsgs.exe, which stopped at it (its
 * oleaut32.dll's LoadTypeLib calls it), gets past it (corpus parts skipped when it is absent).
 */
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'extres.exe');
const WINDOWS = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows');
const NO_CORPUS = `${WINDOWS} not found (the real device images; CI has them at ../shared/corpus)`;
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function freshRoot(): string {
  const r = mkdtempSync(join(tmpdir(), 'wmemu-extres-'));
  roots.push(r);
  return r;
}

describe('ExtractResource (extres.exe)', () => {
  it('copies resources of its own file; the failures give ERROR_RESOURCE_NAME_NOT_FOUND', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBe(8);
    expect(r.exitCode).toBe(0);
  });

  it('copies the type library of a corpus DLL without leaving it loaded', async (ctx) => {
    if (!existsSync(join(WINDOWS, 'av_dll.dll'))) return ctx.skip(NO_CORPUS);
    const r = await runExecutable(rom, { args: ['av_dll.dll'], deviceRoot: freshRoot(), dllSearchPath: [WINDOWS], osVersion: 6 });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines).toContain('ok resource 1 of the DLL argument: a type library (MSFT)');
    expect(lines).toContain('ok the DLL is not left loaded');
    expect(r.exitCode).toBe(0);
  });

  it('ce6 msmsgs.exe gets past ExtractResource', async (ctx) => {
    if (!existsSync(join(WINDOWS, 'msmsgs.exe'))) return ctx.skip(NO_CORPUS);
    const r = await runExecutable(join(WINDOWS, 'msmsgs.exe'), { deviceRoot: freshRoot(), dllSearchPath: [WINDOWS], osVersion: 6, timeoutMs: 20_000 });
    expect(r.message ?? '').not.toMatch(/ExtractResource/);
  });
});
