/**
 * Modules: real ARM DLLs (testdll.dll → testdll2.dll) loaded statically and with LoadLibraryW,
 * DllMain attach/detach through guest callbacks, forwarders, reference counts, pseudo handles of
 * the emulated DLLs, and resources from .rsrc (LoadStringW, FindResourceW, ...).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { parsePe } from '../../emulator/core/pe/pe-file.js';
import { parseResources, findString, RT_RCDATA } from '../../emulator/core/pe/resources.js';
import { mapImage } from '../../emulator/core/pe/pe-file.js';
import { readFileSync } from 'node:fs';

const ROOT = join(__dirname, '..', '..');
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

/**
 * Module lifecycle with an ARM-mode DLL (roms/asm/armdll.s, used from Thumb-2 code by armuse.exe /
 * armdyn.exe): DllMain reasons and lpReserved, DLL_THREAD_DETACH on ExitThread, and
 * DLL_PROCESS_DETACH at process exit in reverse order of initialisation, however the process ends.
 */
describe('module lifecycle (ARM-mode armdll.dll)', () => {
  /** The lines about DllMain calls and the program's own progress, in order. */
  const lifecycle = (out: string) => out.split('\n').filter((l) => /^(armdll|testdll2?|armuse|dllstatic): /.test(l));
  const attachPart = [
    'armdll: DllMain reason=1 reserved=non-NULL', // static import: before WinMain, lpReserved non-NULL
    'armuse: WinMain',
    'armdll: DllMain reason=2 reserved=NULL', // a thread that returns
    'armdll: DllMain reason=3 reserved=NULL',
    'armdll: DllMain reason=2 reserved=NULL', // a thread that calls ExitThread
    'armdll: DllMain reason=3 reserved=NULL',
    'testdll2: DLL_PROCESS_ATTACH', // LoadLibraryW(testdll.dll): its dependency first
    'testdll: DLL_PROCESS_ATTACH',
  ];
  // Process exit: last initialised first, lpReserved non-NULL.
  const detachPart = ['testdll: DLL_PROCESS_DETACH', 'testdll2: DLL_PROCESS_DETACH', 'armdll: DllMain reason=0 reserved=non-NULL'];

  it('armdll.dll is an ARM-mode DLL with named and ordinal-only exports and base relocations', () => {
    const pe = parsePe(readFileSync(rom('armdll.dll')));
    expect(pe.isDll).toBe(true);
    expect(pe.machine).toBe(0x01c2);
    expect(pe.entryThumb).toBe(false);
    expect(pe.relocations.length).toBeGreaterThan(0);
    const fns = pe.exports!.functions.map((f) => [f.ordinal, f.names.join(',')]);
    expect(fns).toEqual([
      [1, 'arm_add'],
      [2, 'arm_muladd'],
      [3, 'arm_hinst'],
      [4, 'arm_log'],
      [5, 'arm_apply'],
      [6, 'arm_set_detach_mode'],
      [9, ''],
    ]);
    expect(pe.exports!.functions.every((f) => f.rva % 4 === 0)).toBe(true); // ARM code
  });

  it('armuse.exe: static import, Thumb <-> ARM calls, thread notifications, detach on return from WinMain', async () => {
    const r = await runExecutable(rom('armuse.exe'));
    expect(fails(r.stdout)).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(19);
    expect(lifecycle(r.stdout)).toEqual([...attachPart, 'armuse: 0 failures, leaving (return)', ...detachPart]);
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(40);
  });

  it.each(['exitthread', 'terminate'])('armuse.exe %s: the same DLL_PROCESS_DETACH sequence and exit code', async (how) => {
    const r = await runExecutable(rom('armuse.exe'), { args: [how] });
    expect(fails(r.stdout)).toEqual([]);
    expect(lifecycle(r.stdout)).toEqual([...attachPart, `armuse: 0 failures, leaving (${how})`, ...detachPart]);
    expect(r.exitCode).toBe(40);
  });

  it('armuse.exe worker: TerminateProcess on a second thread detaches there; the primary thread is ended without notifications', async () => {
    const r = await runExecutable(rom('armuse.exe'), { args: ['worker'] });
    expect(fails(r.stdout)).toEqual([]);
    expect(lifecycle(r.stdout)).toEqual([
      ...attachPart,
      'armuse: 0 failures, leaving (worker)',
      'armdll: DllMain reason=2 reserved=NULL', // the terminating thread's attach; no THREAD_DETACH for it
      'armuse: TerminateProcess from a second thread',
      ...detachPart,
    ]);
    expect(r.exitCode).toBe(40);
  });

  it('a DllMain that crashes during the process-exit detach ends the run as a crash', async () => {
    const r = await runExecutable(rom('armuse.exe'), { args: ['crash'] });
    expect(lifecycle(r.stdout).slice(-3)).toEqual(detachPart);
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(121);
    expect(r.message).toMatch(/access violation: read of unmapped address 0x00000000 .* at PC 0x1040[0-9a-f]{4} \(armdll\.dll\+0x/);
  });

  it('a DllMain that hangs during the process-exit detach meets the time limit', async () => {
    const r = await runExecutable(rom('armuse.exe'), { args: ['hang'], timeoutMs: 1500 });
    expect(lifecycle(r.stdout).slice(-3)).toEqual(detachPart);
    expect(r.status).toBe('limit');
    expect(r.exitCode).toBe(122);
  });

  it('armdyn.exe: LoadLibraryW (lpReserved NULL), FreeLibrary and FreeLibraryAndExitThread detach with NULL, a reload attaches again, exit detaches with non-NULL', async () => {
    const r = await runExecutable(rom('armdyn.exe'));
    expect(fails(r.stdout)).toEqual([]);
    expect(lifecycle(r.stdout)).toEqual([
      'armuse: WinMain',
      'armdll: DllMain reason=1 reserved=NULL',
      'armdll: DllMain reason=0 reserved=NULL',
      'armdll: DllMain reason=1 reserved=NULL',
      'armdll: DllMain reason=2 reserved=NULL',
      'armdll: DllMain reason=3 reserved=NULL',
      'armdll: DllMain reason=2 reserved=NULL',
      'armdll: DllMain reason=3 reserved=NULL',
      'armdll: DllMain reason=2 reserved=NULL', // the thread that calls FreeLibraryAndExitThread:
      'armdll: DllMain reason=0 reserved=NULL', // DETACH on it, and no THREAD_DETACH for the unloaded DLL
      'armdll: DllMain reason=1 reserved=NULL',
      'armuse: 0 failures, leaving (return)',
      'armdll: DllMain reason=0 reserved=non-NULL',
    ]);
    expect(r.exitCode).toBe(40);
  });

  it('dllstatic.exe: statically imported C DLLs are detached at exit, the importer before its dependency', async () => {
    const r = await runExecutable(rom('dllstatic.exe'));
    expect(lifecycle(r.stdout).slice(-3)).toEqual(['dllstatic: 0 failures', 'testdll: DLL_PROCESS_DETACH', 'testdll2: DLL_PROCESS_DETACH']);
    expect(r.exitCode).toBe(0);
  });
});
