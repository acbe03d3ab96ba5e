/**
 * The device registry: the REGEDIT4 model (parse, edit, save, round trip), and registry.exe reading a
 * seeded .reg file, writing its own key, and seeing it again on the next run with --registry-persist.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { Registry, REG, RegFileError, decodeRegFile } from '../../emulator/core/registry/registry.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

const SEED = [
  'REGEDIT4',
  '',
  '; seeded by the test',
  '[HKEY_LOCAL_MACHINE\\Software\\wmemu\\Seed]',
  '@="default value"',
  '"Greeting"="hello from .reg"',
  '"Answer"=dword:0000002a',
  '"Blob"=hex:01,02,03',
  '"Multi"=hex(7):61,00,62,00,00',
  '"Path"=hex(2):25,54,45,4d,50,25,5c,78,00',
  '"Long"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,\\',
  '  18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27',
  '"Obsolete"="to be deleted"',
  '',
  '[HKEY_LOCAL_MACHINE\\Software\\wmemu\\Gone]',
  '"x"=dword:1',
  '[-HKEY_LOCAL_MACHINE\\Software\\wmemu\\Gone]',
  '',
].join('\r\n');

describe('registry model', () => {
  it('parses every REGEDIT4 form', () => {
    const r = new Registry();
    r.load(SEED);
    const k = r.byFullPath('HKLM\\software\\WMEMU\\seed', false)!;
    expect(k.path).toBe('HKEY_LOCAL_MACHINE\\Software\\wmemu\\Seed');
    expect(k.value('')!.data.toString('utf16le')).toBe('default value\0');
    expect(k.value('greeting')!.type).toBe(REG.SZ);
    expect(k.value('Answer')!.data.readUInt32LE(0)).toBe(42);
    expect([...k.value('Blob')!.data]).toEqual([1, 2, 3]);
    expect(k.value('Multi')!.data.toString('utf16le')).toBe('a\0b\0\0');
    expect(k.value('Path')!.type).toBe(REG.EXPAND_SZ);
    expect(k.value('Path')!.data.toString('utf16le')).toBe('%TEMP%\\x\0');
    expect(k.value('Long')!.data.length).toBe(40);
    expect(r.byFullPath('HKEY_LOCAL_MACHINE\\Software\\wmemu\\Gone', false)).toBeUndefined();
  });

  it('applies value deletions, escapes, and version 5 files in UTF-16', () => {
    const r = new Registry();
    r.load('REGEDIT4\n[HKEY_CURRENT_USER\\A]\n"q"="say \\"hi\\" \\\\ there"\n"gone"="x"\n"gone"=-\n');
    const a = r.byFullPath('HKEY_CURRENT_USER\\A', false)!;
    expect(a.value('q')!.data.toString('utf16le')).toBe('say "hi" \\ there\0');
    expect(a.value('gone')).toBeUndefined();
    const v5 = Buffer.concat([
      Buffer.of(0xff, 0xfe),
      Buffer.from('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_USERS\\X]\r\n"m"=hex(7):61,00,00,00,00,00\r\n', 'utf16le'),
    ]);
    const r5 = new Registry();
    r5.load(decodeRegFile(v5));
    expect(r5.byFullPath('HKEY_USERS\\X', false)!.value('m')!.data.toString('utf16le')).toBe('a\0\0');
  });

  it('rejects bad files with the line number', () => {
    expect(() => new Registry().load('hello')).toThrow(RegFileError);
    expect(() => new Registry().load('REGEDIT4\n"a"="b"\n')).toThrow(/line 2: value outside of a key/);
    expect(() => new Registry().load('REGEDIT4\n[HKEY_NOPE\\x]\n')).toThrow(/line 2: unknown root/);
    expect(() => new Registry().load('REGEDIT4\n[HKEY_USERS\\x]\n"a"=dword:xyz\n')).toThrow(/line 3/);
  });

  it('saves REGEDIT4 that loads back to the same registry', () => {
    const r = new Registry();
    r.load(SEED);
    const k = r.create(r.root('HKCU')!, 'Software\\New').key;
    k.setValue('Text', REG.SZ, Buffer.from('été "q" \\\0', 'utf16le'));
    k.setValue('Odd', 0x1234, Buffer.from([9, 8]));
    const text = r.save();
    expect(text).toContain('"Text"="été \\"q\\" \\\\"');
    expect(text).toContain('"Answer"=dword:0000002a');
    expect(text).toContain('"Odd"=hex(1234):09,08');
    const again = new Registry();
    again.load(text);
    expect(again.save()).toBe(text);
  });
});

describe('registry.exe', () => {
  it('reads the seeded values and persists its changes between runs (CLI)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-reg-'));
    const file = join(dir, 'device.reg');
    writeFileSync(file, SEED);
    const run = () =>
      spawnSync(process.execPath, [CLI, 'run', '--registry', file, '--registry-persist', rom('registry')], { encoding: 'utf8', timeout: 30_000 });
    const r1 = run();
    expect(r1.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r1.stdout).toContain('run count 1\n');
    expect(r1.status).toBe(0);
    const saved = readFileSync(file, 'utf8');
    expect(saved.startsWith('REGEDIT4\r\n')).toBe(true);
    expect(saved).toContain(
      '[HKEY_CURRENT_USER\\Software\\wmemu\\Written]\r\n"RunCount"=dword:00000001\r\n"Text"="été \\"quoted\\" \\\\"\r\n"Bytes"=hex:00,ff,10\r\n"List"=hex(7):6f,6e,65,00,74,77,6f,00,00\r\n',
    );
    expect(saved).toContain('"Greeting"="hello from .reg"');
    expect(saved).not.toContain('Obsolete');
    expect(saved).not.toContain('[HKEY_CURRENT_USER\\Software\\wmemu\\Written\\Temp');
    const r2 = run();
    expect(r2.stdout).toContain('run count 2\n');
    // The seeded value deleted by the first run stays deleted: the only check that now fails.
    expect(r2.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual(['FAIL RegDeleteValueW of a seeded value']);
    expect(r2.status).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('"RunCount"=dword:00000002');
  });

  it('without --registry-persist the file is left alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-reg-'));
    const file = join(dir, 'device.reg');
    writeFileSync(file, SEED);
    const r = await runExecutable(rom('registry'), { registryFile: file });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('run count 1\n');
    expect(readFileSync(file, 'utf8')).toBe(SEED);
  });

  it('a bad .reg file stops the CLI with a one-line error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-reg-'));
    const file = join(dir, 'bad.reg');
    writeFileSync(file, 'REGEDIT4\n[HKEY_LOCAL_MACHINE\\x]\n"a"=bogus\n');
    const r = spawnSync(process.execPath, [CLI, 'run', '--registry', file, rom('registry')], { encoding: 'utf8', timeout: 30_000 });
    // A bad option argument: exit 2 (docs/cli.md, "Exit codes").
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^wmemu: --registry: registry file .*bad\.reg: line 3: bad value data 'bogus'\n$/);
  });

  it('the default registry has the usual roots', async () => {
    const r = await runExecutable(rom('registry'));
    // Seeded checks fail (no seed), the own-key part works.
    expect(r.stdout).toContain('run count 1\n');
    expect(r.stdout).toContain('ok RegCreateKeyExW again: OPENED_EXISTING');
  });
});
