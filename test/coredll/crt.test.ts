/**
 * coredll's C runtime beyond the first slice (strsafe, ctype, conversions, string.h, qsort, math,
 * time conversions and time zones, IsBad*Ptr, GetSystemInfo, random numbers, the CE 6 secure CRT):
 * crt.exe checks each function against values written from the documentation or computed in the ROM
 * itself; the bad-pointer and invalid-parameter paths end the run as on a device. The CE 6 ordinals
 * declared by number are checked against the corpus's own CE 6 coredll.dll when the corpus is there.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { standardRegistry } from '../../emulator/system/dll-set.js';
import { parsePe } from '../../emulator/core/pe/pe-file.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'crt.exe');
const CE6_COREDLL = join(ROOT, '..', 'shared', 'corpus', 'ce6', 'fs', 'Windows', 'coredll.dll');

describe('C runtime (crt.exe)', () => {
  it('passes every self-check', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(400);
    expect(r.stdout).toContain('crt: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it('a bad source pointer crashes StringCchCopyW, as the code on a device does', async () => {
    const r = await runExecutable(rom, { args: ['crash'] });
    expect(r.status).toBe('crashed');
    expect(r.message).toMatch(/^guest access violation in COREDLL\.dll!StringCchCopyW: read of 2 byte\(s\) at 0x00000010/);
    expect(r.stdout).not.toContain('survived');
  });

  it('a *_s error without an invalid-parameter handler ends the process, naming the function', async () => {
    const r = await runExecutable(rom, { args: ['inval'] });
    expect(r.status).toBe('crashed');
    expect(r.message).toContain('wcscpy_s: invalid parameter (buffer too small)');
    expect(r.stdout).not.toContain('survived');
  });
});

describe('CE 6 exports declared by ordinal', () => {
  const declared = [...standardRegistry().get('coredll')!.byName.values()].filter((d) => d.options.ordinal !== undefined);

  it('are the CE 6 coredll.dll exports of that name', (ctx) => {
    if (!existsSync(CE6_COREDLL)) return ctx.skip(); // the corpus (../shared/corpus) is not in a user's clone
    const exports = parsePe(readFileSync(CE6_COREDLL), 'coredll.dll').exports!;
    const byOrdinal = new Map(exports.functions.map((f) => [f.ordinal, f.names]));
    // A NONAME export (names []) counts when the generated CE 6 table names it: scripts/gen-coredll-tables.mjs
    // identifies those from their call sites (NONAME_IDENTIFIED) and checks that CE 6 exports the ordinal.
    const ce6Table = new Map(
      readFileSync(new URL('../../emulator/dlls/coredll/coredll-ce6-exports.tsv', import.meta.url), 'utf8')
        .split('\n')
        .filter((l) => /^\d+\t/.test(l))
        .map((l) => [Number(l.split('\t')[0]), l.split('\t')[1]!.trim()] as const),
    );
    const named = (o: number, name: string) => {
      const names = byOrdinal.get(o);
      return names !== undefined && (names.includes(name) || (names.length === 0 && ce6Table.get(o) === name));
    };
    const wrong = declared.filter((d) => !named(d.options.ordinal!, d.name)).map((d) => `${d.name}@${d.options.ordinal}`);
    expect(declared.length).toBeGreaterThanOrEqual(18);
    expect(wrong).toEqual([]);
  });
});
