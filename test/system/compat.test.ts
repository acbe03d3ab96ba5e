/**
 * Compatibility tools (issue 12, item 1): `wmemu info` import marks, `wmemu check` (static, through
 * real DLLs), the corpus runner's outcome classes, the device registry merge; and, when the device
 * images are there (../shared/corpus, as in CI), a few stable facts about them.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPe, MACHINE_THUMB } from '../helpers/pe-builder.js';
import { check, checkProgram, firstMissing } from '../../emulator/system/compat/check.js';
import { ImportResolver } from '../../emulator/system/compat/imports.js';
import { classify, crashKind, runCorpus } from '../../emulator/system/compat/corpus.js';
import { corpusFigures, corpusMarkdown } from '../../emulator/system/compat/corpus-report.js';
import { mergeDeviceRegistry, preprocessReg } from '../../emulator/system/compat/device-registry.js';
import { coverage } from '../../emulator/system/coverage.js';
import { Registry } from '../../emulator/core/registry/registry.js';
import { parsePe } from '../../emulator/core/pe/pe-file.js';
import { createMachine } from '../../emulator/system/dll-set.js';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'roms', 'bin');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
const NO_CORPUS = `${CORPUS} not found (the real device images; CI has them at ../shared/corpus)`;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A coredll export wmemu lacks today (chosen from the coverage table, so the test does not age). */
const missingCoredll = coverage('coredll').find((r) => r.status === 'missing')!;
const implementedCoredll = coverage('coredll').find((r) => r.status === 'implemented')!;

describe('wmemu check on the ROMs', () => {
  const r = new ImportResolver();
  it('hello.exe: complete, CE 5 imports', () => {
    const p = checkProgram(join(BIN, 'hello.exe'), r);
    expect(p.kind).toBe('program');
    expect(p.counts).toEqual({ functions: 9, implemented: 9, stub: 0, missing: 0, dllNotFound: 0 });
    expect(p.missing).toEqual([]);
    expect(p.notFound).toEqual([]);
    expect(p.loadErrors).toEqual([]);
    expect(p.version).toEqual({ header: '5.2', imports: 'CE 5', evidence: [] });
    expect(firstMissing(p)).toBeUndefined();
  });

  it('unimpl.exe: exactly GetSystemPowerState is missing', () => {
    const p = checkProgram(join(BIN, 'unimpl.exe'), r);
    expect(p.counts).toEqual({ functions: 4, implemented: 3, stub: 0, missing: 1, dllNotFound: 0 });
    expect(p.missing).toEqual([{ dll: 'COREDLL.dll', functions: [{ label: 'GetSystemPowerState', ordinal: 1581, importers: ['unimpl.exe'] }] }]);
    expect(firstMissing(p)).toBe('COREDLL.dll!GetSystemPowerState');
  });

  it('dllstatic.exe: its real DLLs are found next to it, loaded in the loader order, and checked too', () => {
    const p = checkProgram(join(BIN, 'dllstatic.exe'), r);
    expect(p.imports.map((d) => [d.dll, d.kind])).toEqual([
      ['testdll2.dll', 'real'],
      ['testdll.dll', 'real'],
      ['COREDLL.dll', 'emulated'],
    ]);
    expect(p.dlls.map((d) => d.dll)).toEqual(['testdll2.dll', 'testdll.dll']);
    expect(p.missing).toEqual([]);
  });

  it('the folder: every ROM but unimpl.exe is complete; exit code 1 and the summary table through the CLI', () => {
    const fc = check(BIN);
    const incomplete = fc.programs.filter((p) => p.missing.length || p.notFound.length || p.loadErrors.length).map((p) => p.file);
    expect(incomplete).toEqual(['unimpl.exe']);
    const out = cli(['check', join(BIN, 'unimpl.exe')]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('- COREDLL.dll (1): GetSystemPowerState');
    expect(out.stdout).toMatch(/\| unimpl\.exe \| incomplete \| 4 \| 1 \| 0 \| {2}\| CE 5 \(header 5\.2\) \| COREDLL\.dll!GetSystemPowerState \|/);
    expect(cli(['check', join(BIN, 'hello.exe')]).code).toBe(0);
    const j = JSON.parse(cli(['check', '--json', join(BIN, 'unimpl.exe')]).stdout);
    expect(j.programs[0].missing[0].functions[0].label).toBe('GetSystemPowerState');
  });
});

describe('wmemu info marks', () => {
  it('marks each import implemented or missing, and says where each DLL comes from', () => {
    const r = cli(['info', join(BIN, 'unimpl.exe')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imports (1 DLLs, 4 functions: 3 implemented, 1 missing):');
    expect(r.stdout).toContain('COREDLL.dll (4, IAT 0x000020b8) [emulated by wmemu]');
    expect(r.stdout).toMatch(/ordinal 1581 GetSystemPowerState +\[missing\]/);
    expect(r.stdout).toMatch(/ordinal 1102 printf +\[implemented\]/);
    const d = cli(['info', join(BIN, 'dllstatic.exe')]);
    expect(d.stdout).toMatch(/testdll\.dll \(6, IAT 0x[0-9a-f]+\) \[ARM DLL .*testdll\.dll\]/);
    const j = JSON.parse(cli(['info', '--json', join(BIN, 'unimpl.exe')]).stdout);
    expect(j.imports[0].entries.map((e: { status: string }) => e.status)).toEqual(['implemented', 'missing', 'implemented', 'implemented']);
  });
});

describe('check through real DLLs (synthetic images)', () => {
  let dir: string;
  const text = [{ name: '.text', data: Uint8Array.of(0x1e, 0xff, 0x2f, 0xe1) }];
  const exe = (imports: NonNullable<Parameters<typeof buildPe>[0]>['imports']) => buildPe({ machine: MACHINE_THUMB, sections: text, imports }).bytes;
  const dll = (
    name: string,
    imports: NonNullable<Parameters<typeof buildPe>[0]>['imports'],
    functions: { name: string; forwarder?: string }[],
    imageBase?: number,
  ) =>
    buildPe({
      machine: MACHINE_THUMB,
      dll: true,
      ...(imageBase !== undefined && { imageBase }),
      sections: text,
      imports,
      exports: { dllName: name, functions: functions.map((f) => ({ ...f, rva: 0x1000 })) },
    }).bytes;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wmemu-compat-'));
    const win = join(dir, 'Windows');
    mkdirSync(win);
    // app.exe: coredll (one implemented, one missing), a DLL nobody has, a real DLL with a missing
    // export, a forwarder into coredll's missing function, and an import of its own missing in turn.
    writeFileSync(
      join(win, 'app.exe'),
      exe([
        { dll: 'coredll.dll', entries: [{ ordinal: implementedCoredll.ordinal }, { ordinal: missingCoredll.ordinal }] },
        { dll: 'nosuch.dll', entries: [{ name: 'Foo' }] },
        { dll: 'Real.dll', entries: [{ name: 'good' }, { name: 'absent' }, { name: 'fwd' }] },
      ]),
    );
    writeFileSync(
      join(win, 'real.dll'),
      dll(
        'real.dll',
        [
          { dll: 'COREDLL.dll', entries: [{ ordinal: missingCoredll.ordinal }] },
          { dll: 'gone.dll', entries: [{ name: 'X' }] },
        ],
        [{ name: 'good' }, { name: 'fwd', forwarder: `COREDLL.#${missingCoredll.ordinal}` }],
      ),
    );
    // A cycle that loads as on a device: cyc.exe -> a.dll -> b.dll -> a.dll.
    writeFileSync(join(win, 'cyc.exe'), exe([{ dll: 'a.dll', entries: [{ name: 'fa' }] }]));
    writeFileSync(join(win, 'a.dll'), dll('a.dll', [{ dll: 'b.dll', entries: [{ name: 'fb' }] }], [{ name: 'fa' }], 0x10100000));
    writeFileSync(join(win, 'b.dll'), dll('b.dll', [{ dll: 'a.dll', entries: [{ name: 'fa' }] }], [{ name: 'fb' }], 0x10200000));
    // No imports at all (a kernel/boot image), and a file that is not a PE.
    writeFileSync(join(win, 'nk.exe'), exe([]));
    writeFileSync(join(win, 'notes.exe'), 'not a program');
  });

  it('reports missing functions by DLL, own and through the real DLLs, and DLLs not found', () => {
    const fc = check(dir);
    expect(fc.root).toBe(dir);
    const app = fc.programs.find((p) => p.file === join('Windows', 'app.exe'))!;
    expect(app.counts).toEqual({ functions: 6, implemented: 2, stub: 0, missing: 3, dllNotFound: 1 });
    expect(app.dlls.map((d) => d.dll)).toEqual(['Real.dll']);
    expect(app.missing).toEqual([
      { dll: 'COREDLL.dll', functions: [{ label: missingCoredll.name, ordinal: missingCoredll.ordinal, importers: ['app.exe', 'real.dll'] }] },
      {
        dll: 'Real.dll',
        functions: [
          { label: 'absent', note: 'not exported by real.dll', importers: ['app.exe'] },
          { label: 'fwd', note: `forwarded to COREDLL.dll!${missingCoredll.name}`, importers: ['app.exe'] },
        ],
      },
    ]);
    expect(app.notFound).toEqual([
      { dll: 'nosuch.dll', importers: ['app.exe'] },
      { dll: 'gone.dll', importers: ['real.dll'] },
    ]);
    expect(firstMissing(app)).toBe(`COREDLL.dll!${missingCoredll.name}`);
  });

  it('loads circular DLL imports as a device does, and reports system images and non-PE files apart', () => {
    const fc = check(dir);
    const kinds = Object.fromEntries(fc.programs.map((p) => [p.file.replace(/^Windows[\\/]/, ''), p.kind]));
    expect(kinds).toEqual({ 'app.exe': 'program', 'cyc.exe': 'program', 'nk.exe': 'system-image', 'notes.exe': 'unloadable' });
    const cyc = fc.programs.find((p) => p.file.endsWith('cyc.exe'))!;
    expect(cyc.loadErrors).toEqual([]);
    expect(cyc.dlls.map((d) => d.dll)).toEqual(['b.dll', 'a.dll']);
    // The loader binds the cycle as a device does: a.dll's import of fb points into b.dll, b.dll's of fa into a.dll.
    const mach = createMachine({ deviceRoot: dir });
    try {
      mach.loadExecutable(readFileSync(join(dir, 'Windows', 'cyc.exe')), 'cyc.exe', join(dir, 'Windows', 'cyc.exe'));
      const mod = (n: string) => mach.modules.find((x) => x.name.toLowerCase() === n)!;
      const [a, b] = [mod('a.dll'), mod('b.dll')];
      const slot = (from: typeof a, dllName: string) => mach.mem.u32(from.base + from.pe.imports.find((d) => d.dll === dllName)!.entries[0]!.iatRva);
      expect(slot(a, 'b.dll')).toBe(b.base + 0x1000);
      expect(slot(b, 'a.dll')).toBe(a.base + 0x1000);
    } finally {
      mach.close();
    }
    // Static counts over every binary: 4 EXEs looked at (notes.exe skipped), 3 DLLs.
    expect([fc.binaries.exes, fc.binaries.dlls, fc.binaries.skipped.length]).toEqual([3, 3, 1]);
    const m = fc.binaries.missing.find((x) => x.dll === 'COREDLL.dll')!;
    expect(m.importers.sort()).toEqual([join('Windows', 'app.exe'), join('Windows', 'real.dll')]);
  });
});

describe('corpus run outcome classes', () => {
  it('parses the one-line message of each exit code', () => {
    const u = classify(120, [
      'x',
      'wmemu: unimplemented import COREDLL.dll!iswctype (ordinal 193) called from 0x00011038',
      '  backtrace:',
      '    #0 0x00011038 ping.exe+0x1038',
    ]);
    expect(u).toMatchObject({ outcome: 'unimplemented', import: 'COREDLL.dll!iswctype', module: 'ping.exe' });
    expect(classify(120, ['wmemu: unimplemented import COREDLL.dll!#3026 (ordinal 3026) called from 0x10001000']).import).toBe('COREDLL.dll!#3026');
    expect(classify(120, ['wmemu: unimplemented: COREDLL.dll!ImageList_DrawIndirect with ILD_ROP'])).toMatchObject({
      outcome: 'unimplemented',
      import: 'COREDLL.dll!ImageList_DrawIndirect with ILD_ROP',
    });
    // A DLL the folder lacks: counted apart (a gap of the image, not of wmemu).
    expect(
      classify(120, ['wmemu: unimplemented import DDRAW.dll!DirectDrawCreate called from 0x000118e4: DDRAW.dll was not found (searched: /d/Windows)']),
    ).toMatchObject({ outcome: 'dll-not-found', import: 'DDRAW.dll!DirectDrawCreate', dll: 'DDRAW.dll' });
    // Another stop in its own words is still a stop, named by its message.
    expect(classify(120, ['wmemu: LCMapStringW(LCMAP_SORTKEY): sort keys are not emulated'])).toMatchObject({
      outcome: 'unimplemented',
      import: 'LCMapStringW(LCMAP_SORTKEY): sort keys are not emulated',
    });
    expect(classify(121, ['wmemu: guest access violation: read of unmapped address 0x00000000 (-) at PC 0x00011000 (app.exe+0x1000)'])).toMatchObject({
      outcome: 'crash',
      detail: 'access violation: read of unmapped address',
      module: 'app.exe',
    });
    expect(classify(122, ['wmemu: time limit of 5 s reached']).outcome).toBe('timeout');
    expect(classify(122, ['wmemu: guest memory limit reached']).outcome).toBe('limit');
    expect(classify(123, ['wmemu: x.exe: is a DLL, not an executable'])).toMatchObject({ outcome: 'load-error', detail: 'x.exe: is a DLL, not an executable' });
    expect(classify(119, ['wmemu: deadlock: ...']).outcome).toBe('deadlock');
    expect(classify(118, ['wmemu: internal error: boom']).outcome).toBe('internal');
    // A guest's own exit code 120 without wmemu's message is an exit.
    expect(classify(120, ['program text']).outcome).toBe('exited');
    expect(crashKind('guest executed an invalid instruction at PC 0x00011000 (a.exe+0x1000)')).toBe('executed an invalid instruction');
  });

  it('runs ROMs and classifies them: exit, unimplemented import, crash, time limit with a message loop', async () => {
    const rep = await runCorpus({
      folder: BIN,
      timeout: 3,
      jobs: 2,
      command: [process.execPath, CLI],
      only: ['hello.exe', 'unimpl.exe', 'crash.exe', 'winmsg.exe'],
      noTypicalArgs: true,
    });
    const by = Object.fromEntries(rep.runs.map((r) => [r.program, r]));
    expect(by['hello.exe']).toMatchObject({ outcome: 'exited', exitCode: 7, messageLoop: false });
    expect(by['unimpl.exe']).toMatchObject({ outcome: 'unimplemented', import: 'COREDLL.dll!GetSystemPowerState', module: 'unimpl.exe' });
    expect(by['crash.exe']).toMatchObject({ outcome: 'crash', exitCode: 121 });
    expect(by['winmsg.exe']).toMatchObject({ outcome: 'exited', exitCode: 0, windowCall: 'RegisterClassW', messageLoop: true });
    const f = corpusFigures(rep);
    expect(f.stopping).toEqual([{ import: 'COREDLL.dll!GetSystemPowerState', programs: ['unimpl.exe'], runs: 1, modules: ['the program'] }]);
    const md = corpusMarkdown(rep, 'roms', 'wmemu check --run roms/bin');
    expect(md).toContain('| 1 | COREDLL.dll!GetSystemPowerState | 1 | 1 | the program |');
    expect(md).toContain('| unimpl.exe | (none) | stopped at COREDLL.dll!GetSystemPowerState in unimpl.exe |  |');
    expect(md).not.toContain('Hello'); // never the programs' own output
  }, 30_000);
});

describe('device registry from Platform Builder .reg sources', () => {
  it('expands #define and $(...), evaluates #if and IF/ENDIF, converts multi_sz, drops what does not parse', () => {
    const pp = preprocessReg(
      [
        '#define ROOT HKEY_LOCAL_MACHINE\\Drv',
        '#if $(DEFAULT_LOCALE)=="ja-JP"',
        '[$(ROOT)\\ja]',
        '#else',
        '[$(ROOT)\\other]',
        '#endif',
        'IF IMGNOKITL !',
        '"Kitl"=dword:1',
        'ENDIF',
        '#include "$(X)\\a.reg"',
      ].join('\n'),
      new Map([['DEFAULT_LOCALE', 'en-US']]),
    );
    expect(pp.lines.map((l) => l.trim()).filter(Boolean)).toEqual(['[HKEY_LOCAL_MACHINE\\Drv\\other]', '"Kitl"=dword:1']);
    expect(pp.dropped).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-reg-'));
    writeFileSync(join(dir, 'platform.reg'), '[HKEY_LOCAL_MACHINE\\A]\n  "V"=dword:2 ; later file wins\n');
    writeFileSync(
      join(dir, 'common.reg'),
      '[HKEY_LOCAL_MACHINE\\Ident]\n  "Name"=LOC_DEFAULTDEVICENAME\n[HKEY_LOCAL_MACHINE\\A]\n  "V"=dword:1\n  "L"=dword:LOC_LCID\n  "M"=multi_sz:"a","b",\n     "c"\n  "S"=LOC_UNKNOWN\n  "U"=mui_sz:"x.dll,#5"\n',
    );
    const m = mergeDeviceRegistry(dir);
    expect(m.files.map((f) => f.replace(/^.*[\\/]/, ''))).toEqual(['common.reg', 'platform.reg']);
    expect(m.droppedLines).toEqual(['common.reg: "S"=LOC_UNKNOWN']);
    const reg = new Registry();
    reg.load(m.text);
    const k = reg.byFullPath('HKEY_LOCAL_MACHINE\\A', false)!;
    expect(k.values.get('v')!.data.readUInt32LE(0)).toBe(2);
    expect(k.values.get('l')!.data.readUInt32LE(0)).toBe(0x409);
    expect(k.values.get('m')!.type).toBe(7);
    expect(k.values.get('m')!.data.toString('utf16le')).toBe('a\0b\0c\0\0');
    expect(k.values.get('u')!.type).toBe(21); // REG_MUI_SZ
    expect(k.values.get('u')!.data.toString('utf16le')).toBe('x.dll,#5\0');
    // The device name common.reg sets from a localized macro is kept (a device always has one).
    expect(reg.byFullPath('HKEY_LOCAL_MACHINE\\Ident', false)!.values.get('name')!.data.toString('utf16le')).toBe('WindowsCE\0');
  });
});

describe('the corpus (../shared/corpus)', () => {
  const ce6 = join(CORPUS, 'ce6', 'fs');
  const ce7 = join(CORPUS, 'ce7', 'fs');
  it('check finds the CE 6 programs, names CE 6 ordinals from the device coredll.dll and reports first missing imports', (ctx) => {
    if (!existsSync(ce6)) return ctx.skip(NO_CORPUS);
    const fc = check(ce6);
    expect(fc.programs.length).toBe(64);
    expect(fc.programs.filter((p) => p.kind === 'system-image').map((p) => p.file.replace(/^Windows[\\/]/, ''))).toEqual(['eboot.exe', 'nk.exe', 'oal.exe']);
    expect([fc.binaries.exes, fc.binaries.dlls]).toEqual([64, 319]);
    const ping = fc.programs.find((p) => p.file === join('Windows', 'ping.exe'))!;
    expect(ping.version?.imports).toBe('CE 6');
    expect(ping.version?.evidence).toContain('2696 __security_gen_cookie2');
    // First missing imports, computed independently: each program's raw import table against the coverage
    // table. pword.exe (its other DLLs are real device DLLs that export what it imports) is complete now.
    const status = new Map(coverage('coredll').map((r) => [r.ordinal, r]));
    const rawFirst = (file: string) =>
      parsePe(readFileSync(join(ce6, file)))
        .imports.filter((d) => d.dll.toLowerCase() === 'coredll.dll')
        .flatMap((d) => d.entries)
        .map((e) => status.get(e.ordinal!))
        .find((r) => r?.status === 'missing');
    const pword = fc.programs.find((p) => p.file === join('Windows', 'pword.exe'))!;
    expect(pword.imports.filter((d) => d.kind === 'real').flatMap((d) => d.entries.filter((e) => e.state !== 'implemented'))).toEqual([]);
    expect(rawFirst(pword.file)).toBeUndefined();
    expect(firstMissing(pword)).toBeUndefined();
    let compared = 0;
    for (const p of fc.programs.filter((x) => x.kind === 'program')) {
      const fm = firstMissing(p);
      if (!fm?.startsWith('COREDLL.dll!')) continue;
      expect(fm).toBe(`COREDLL.dll!${rawFirst(p.file)!.name}`);
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('check of the CE 7 image: 45 EXEs, no DLLs, so every non-emulated DLL is not found', (ctx) => {
    if (!existsSync(ce7)) return ctx.skip(NO_CORPUS);
    const fc = check(ce7);
    expect(fc.programs.length).toBe(45);
    expect(fc.binaries.dlls).toBe(0);
    expect(fc.binaries.byDll.filter((d) => d.kind === 'real')).toEqual([]);
  });

  it('the CE 6 registry sources merge into a registry the loader accepts', (ctx) => {
    if (!existsSync(ce6)) return ctx.skip(NO_CORPUS);
    const m = mergeDeviceRegistry(join(CORPUS, 'ce6', 'registry'));
    expect(m.files.length).toBe(20);
    expect(m.droppedLines.every((l) => /LOC_/.test(l))).toBe(true);
    const reg = new Registry();
    reg.load(m.text);
    expect(reg.byFullPath('HKEY_LOCAL_MACHINE\\nls', false)).toBeDefined();
  });
});
