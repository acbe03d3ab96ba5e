/**
 * Modules: real ARM DLLs (testdll.dll → testdll2.dll) loaded statically and with LoadLibraryW,
 * DllMain attach/detach through guest callbacks, forwarders, reference counts, pseudo handles of
 * the emulated DLLs, and resources from .rsrc (LoadStringW, FindResourceW, ...).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../emulator/run.js';
import { parsePe } from '../emulator/pe/pe-file.js';
import { parseResources, findString, RT_RCDATA } from '../emulator/pe/resources.js';
import { mapImage } from '../emulator/pe/pe-file.js';
import { readFileSync } from 'node:fs';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'roms', 'bin');
const rom = (n: string) => join(BIN, n);
const fails = (out: string) => out.split('\n').filter((l) => l.startsWith('FAIL'));

describe('real ARM DLLs', () => {
  it('dllstatic.exe: imported DLLs are loaded and their DllMains run (dependency first) before WinMain', async () => {
    const r = await runExecutable(rom('dllstatic.exe'));
    expect(fails(r.stdout)).toEqual([]);
    expect(r.stdout.indexOf('testdll2: DLL_PROCESS_ATTACH')).toBeLessThan(r.stdout.indexOf('testdll: DLL_PROCESS_ATTACH'));
    expect(r.stdout.indexOf('testdll: DLL_PROCESS_ATTACH')).toBeLessThan(r.stdout.indexOf('dllstatic: WinMain'));
    expect(r.stdout).toContain("ok DLL_THREAD_ATTACH before the thread's routine");
    expect(r.stdout).toContain('ok DLL_THREAD_DETACH after it returned');
    expect(r.stdout).toContain('dllstatic: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it('dynload.exe: LoadLibraryW/GetProcAddressW/FreeLibrary, forwarders, refcounts, DllMain failure, resources, emulated DLLs', async () => {
    const r = await runExecutable(rom('dynload.exe'));
    expect(fails(r.stdout)).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(40);
    // DETACH runs on the last FreeLibrary only, the DLL before its dependency.
    const last = r.stdout.indexOf('dynload: FreeLibrary (last)');
    expect(r.stdout.indexOf('testdll: DLL_PROCESS_DETACH')).toBeGreaterThan(last);
    expect(r.stdout.indexOf('testdll2: DLL_PROCESS_DETACH', last)).toBeGreaterThan(r.stdout.indexOf('testdll: DLL_PROCESS_DETACH'));
    // A failing DllMain: its already attached dependency is detached again.
    const fail = r.stdout.indexOf('faildll: DLL_PROCESS_ATTACH -> FALSE');
    expect(fail).toBeGreaterThan(0);
    expect(r.stdout.indexOf('testdll2: DLL_PROCESS_DETACH', fail)).toBeGreaterThan(fail);
    expect(r.stdout).toContain('dynload: 0 failures');
    expect(r.exitCode).toBe(0);
  });

  it('finds DLLs on dllSearchPath when they are not next to the executable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-dll-'));
    copyFileSync(rom('dllstatic.exe'), join(dir, 'dllstatic.exe'));
    const without = await runExecutable(join(dir, 'dllstatic.exe'));
    expect(without.status).toBe('unimplemented');
    expect(without.message).toMatch(/unimplemented import testdll2?\.dll!td/);
    const r = await runExecutable(join(dir, 'dllstatic.exe'), { dllSearchPath: [BIN] });
    expect(r.stdout).toContain('dllstatic: 0 failures');
    expect(r.exitCode).toBe(0);
  });
});

describe('resources (.rsrc parser)', () => {
  const bytes = readFileSync(rom('testdll.dll'));
  const pe = parsePe(bytes);
  const image = mapImage(pe, bytes);
  const dir = parseResources(image, pe.resources);
  it('walks type/name/language and finds strings by id', () => {
    expect(dir.leaves.length).toBe(4); // 2 string blocks, 2 RCDATA
    const s = findString(dir, image, 17)!;
    expect(Buffer.from(image.subarray(s.rva, s.rva + 2 * s.length)).toString('utf16le')).toBe('seventeen');
    expect(findString(dir, image, 3)).toBeUndefined();
    expect(dir.find(RT_RCDATA, 300)!.size).toBe(13);
    expect(dir.find(RT_RCDATA, 'blob')).toBeDefined();
    expect(dir.find(RT_RCDATA, '#300')).toBe(dir.find(RT_RCDATA, 300));
    expect(dir.find(RT_RCDATA, 301)).toBeUndefined();
  });
  it('never throws on garbage', () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) & 0xff);
    expect(() => parseResources(junk, { rva: 16, size: 2000 })).not.toThrow();
    expect(parseResources(junk, undefined).leaves).toEqual([]);
  });
});
