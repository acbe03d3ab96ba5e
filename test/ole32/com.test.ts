/**
 * wmemu's ole32.dll: com.exe creates an object of comsrv.dll (an in-process server registered in the
 * run's registry) through CoCreateInstance and the DLL's class factory, calls it, releases it, and
 * checks the documented error paths; without the registration the class is REGDB_E_CLASSNOTREG.
 */
import { describe, it, expect } from 'vitest';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { formatGuid, parseGuid } from '../../emulator/dlls/ole32/guid.js';

const CLI = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const CE7 = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'ce7', 'fs');
const rom = join(__dirname, '..', '..', 'roms', 'bin', 'com.exe');
const CALC = '{6D1C2F10-3B5A-4C1E-9A2B-112233445566}';
const REG = `REGEDIT4

[HKEY_CLASSES_ROOT\\CLSID\\${CALC}]
@="wmemu test calculator"

[HKEY_CLASSES_ROOT\\CLSID\\${CALC}\\InprocServer32]
@="comsrv.dll"
"ThreadingModel"="Both"

[HKEY_CLASSES_ROOT\\CLSID\\{6D1C2F12-3B5A-4C1E-9A2B-112233445566}\\InprocServer32]
@="nosuch.dll"

[HKEY_CLASSES_ROOT\\wmemu.Calc\\CLSID]
@="${CALC}"
`;

function regFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'wmemu-com-')), 'device.reg');
  writeFileSync(file, text);
  return file;
}

const fails = (out: string) => out.split('\n').filter((l) => l.startsWith('FAIL'));

describe('ole32', () => {
  it('GUID strings: parse and format are inverse, upper case out, either case in', () => {
    const g = parseGuid('{6d1c2f10-3B5A-4c1e-9a2b-112233445566}')!;
    expect([...g.subarray(0, 4)]).toEqual([0x10, 0x2f, 0x1c, 0x6d]);
    expect(formatGuid(g)).toBe(CALC);
    expect(parseGuid('6D1C2F10-3B5A-4C1E-9A2B-112233445566')).toBeUndefined();
    expect(parseGuid('{6D1C2F10-3B5A-4C1E-9A2B-11223344556}')).toBeUndefined();
  });

  it('com.exe: CoCreateInstance through comsrv.dll, then the error paths and CoFreeUnusedLibraries', async () => {
    const r = await runExecutable(rom, { registryFile: regFile(REG) });
    expect(fails(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('sum 42\n');
    expect(r.stdout).toContain('com: 0 failures');
    // The server is loaded on the first CoCreateInstance (DllMain before DllGetClassObject) and goes
    // away only when CoFreeUnusedLibraries finds it idle.
    const lines = r.stdout.split('\n');
    const at = (s: string) => lines.indexOf(s);
    expect(at('comsrv: DLL_PROCESS_ATTACH')).toBeGreaterThan(at('ok comsrv.dll not loaded yet'));
    expect(at('comsrv: DllGetClassObject')).toBe(at('comsrv: DLL_PROCESS_ATTACH') + 1);
    expect(at('comsrv: DLL_PROCESS_DETACH')).toBe(at('ok CoFreeUnusedLibraries unloads the idle server') - 1);
    expect(lines.filter((l) => l === 'comsrv: DLL_PROCESS_ATTACH')).toHaveLength(1);
    expect(r.exitCode).toBe(0);
  });

  it('a device without the class: REGDB_E_CLASSNOTREG, the server DLL is never loaded', async () => {
    const r = await runExecutable(rom, { registryFile: regFile('REGEDIT4\n') });
    expect(r.stdout).not.toContain('comsrv:');
    expect(fails(r.stdout)).toEqual([
      'FAIL CLSIDFromString(ProgID)',
      'FAIL CLSIDFromProgID',
      'FAIL CoCreateInstance(CLSID_WmemuCalc) -> S_OK',
      'FAIL CoCreateInstance(unsupported IID) -> E_NOINTERFACE from the server',
      'FAIL CoGetClassObject -> the class factory',
      'FAIL CoCreateInstance(server DLL missing) -> CO_E_DLLNOTFOUND',
    ]);
    expect(r.exitCode).toBe(6);
  });

  // CE 7's image has no ole32.dll: its programs that start with CoInitializeEx used to stop there.
  it.skipIf(!existsSync(CE7))('ce7 programs get past CoInitializeEx (needs ../shared/corpus/ce7)', () => {
    const root = mkdtempSync(join(tmpdir(), 'wmemu-ce7-'));
    cpSync(join(CE7, 'Windows'), join(root, 'Windows'), { recursive: true });
    const run = (exe: string, args: string[]) =>
      spawnSync(
        process.execPath,
        [CLI, 'run', '--root', root, '--os-version', '7', '--timeout', '5s', '--trace=ole32.dll', join(root, 'Windows', exe), ...args],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    const help = run('htmlhelp.exe', []);
    expect(help.stderr).toMatch(/ole32\.dll!CoInitializeEx\(pvReserved=0x00000000, dwCoInit=0x00000000\) -> 0x00000000/);
    expect(help.stderr).not.toContain('unimplemented import ole32.dll');
    const host = run('dllhost.exe', ['/?']);
    expect(host.stderr).not.toContain('unimplemented');
    expect(host.status).toBe(0);
  });
});
