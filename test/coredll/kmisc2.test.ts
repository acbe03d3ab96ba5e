/**
 * The non-GUI coredll functions two or more corpus programs import (kmisc2.exe): event logging,
 * KernelLibIoControl, CE 6 caller buffers and caller process IDs, DPAPI, the credential manager,
 * shortcuts, RegisterDbgZones and the kernel odds and ends of ksystem.ts. The expected values are in
 * the ROM, each from the CE/Win32 documentation cited in its family (eventlog.ts, kserver.ts,
 * dpapi.ts, credman.ts, shortcut.ts, ksystem.ts, debug.ts); here: the run, what only the host sees
 * (the event log on the debug channel, DPAPI's seeded IVs), and the parsers against the corpus's own
 * shortcut files.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runExecutable } from '../../emulator/system/run.js';
import { parseShortcut, shortcutText } from '../../emulator/dlls/coredll/shortcut.js';
import { protect, unprotect } from '../../emulator/dlls/coredll/dpapi.js';
import { armFeatures } from '../../emulator/dlls/coredll/ksystem.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'kmisc2.exe');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');

function blobLine(stdout: string): string | undefined {
  return stdout.split('\n').find((l) => l.startsWith('dpapi blob '));
}

describe('kernel odds and ends (kmisc2.exe)', () => {
  let first = '';
  it('passes every self-check, error paths included', async () => {
    const r = await runExecutable(rom, { deterministic: true });
    first = r.stdout;
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('ok ')).length).toBeGreaterThanOrEqual(175);
    expect(r.stdout).toContain('kmisc2: 0 failures');
    expect(r.exitCode).toBe(0);
    // ReportEventW's events reach the debug channel, the failed ones do not.
    expect(r.debug.filter((l) => l.startsWith('EventLog: '))).toEqual([
      'EventLog: kmisc2 warning 7/1001: first | second',
      'EventLog: kmisc2 information 0/1002: ',
    ]);
  });

  it('DPAPI IVs come from the run generator: the same blob under --deterministic, another one otherwise', async () => {
    const b = await runExecutable(rom, { deterministic: true });
    const c = await runExecutable(rom, { randomSeed: 0x1234_5678 });
    expect(blobLine(first)).toBeDefined();
    expect(blobLine(b.stdout)).toBe(blobLine(first));
    expect(blobLine(c.stdout)).toBeDefined();
    expect(blobLine(c.stdout)).not.toBe(blobLine(first));
  });
});

describe('what a run without the component stops at (kmisc2.exe)', () => {
  it('a service key naming a DLL stops ActivateService, naming the DLL', async () => {
    const r = await runExecutable(rom, { args: ['service'] });
    expect(r.status).toBe('unimplemented');
    expect(r.message).toContain('ActivateService: loading the service "kmsvc.dll" (HKLM\\Services\\KmSvc)');
    expect(r.stdout).not.toContain('survived');
  });
  it('a kernel KernelLibIoControl code wmemu does not answer stops the run, naming it', async () => {
    const r = await runExecutable(rom, { args: ['klib'] });
    expect(r.status).toBe('unimplemented');
    expect(r.message).toContain('KernelLibIoControl KMOD_CORE control code 8');
    expect(r.stdout).not.toContain('survived');
  });
});

describe('the corpus services.exe (corpus absent: skipped)', () => {
  for (const device of ['ce6', 'ce7'] as const) {
    const root = join(CORPUS, device, 'fs');
    it.skipIf(!existsSync(join(root, 'Windows', 'services.exe')))(`${device}: "services list" sizes, then lists no running service and exits 0`, async () => {
      const r = await runExecutable(join(root, 'Windows', 'services.exe'), {
        args: ['list'],
        deviceRoot: root,
        osVersion: device === 'ce6' ? 6 : 7,
        timeoutMs: 30_000,
      });
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe('');
    });
  }
});

describe('DPAPI blobs', () => {
  const iv = Buffer.alloc(16, 7);
  it('round-trip with the description, and refuse other entropy or an altered byte', () => {
    const blob = protect(Buffer.from('secret'), 'desc', Buffer.from('salt'), 0, iv);
    expect(unprotect(blob, Buffer.from('salt'))).toEqual({ data: Buffer.from('secret'), desc: 'desc' });
    expect(unprotect(blob, Buffer.alloc(0))).toBeUndefined();
    for (const at of [0, 8, 20, blob.length - 40, blob.length - 1]) {
      const bad = Buffer.from(blob);
      bad[at] = (bad[at] ?? 0) ^ 0x10;
      expect(unprotect(bad, Buffer.from('salt'))).toBeUndefined();
    }
    expect(unprotect(blob.subarray(0, 40), Buffer.from('salt'))).toBeUndefined();
  });
  it('an empty secret works too (Wine test_simpleroundtrip(""))', () => {
    expect(unprotect(protect(Buffer.alloc(0), '', Buffer.alloc(0), 0, iv), Buffer.alloc(0))).toEqual({ data: Buffer.alloc(0), desc: '' });
  });
});

describe('CE shortcut files', () => {
  it('"NN#target" both ways', () => {
    expect(shortcutText('\\Windows\\calc.exe').toString('latin1')).toBe('17#\\Windows\\calc.exe');
    expect(parseShortcut('17#\\Windows\\calc.exe\r\n')).toBe('\\Windows\\calc.exe');
    expect(parseShortcut('27#\\windows\\iexplore.exe -home')).toBe('\\windows\\iexplore.exe -home');
    expect(parseShortcut('15#"\\My Documents"\r\nsecond line')).toBe('"\\My Documents"');
    expect(parseShortcut('#\\x')).toBeUndefined();
    expect(parseShortcut('\\Windows\\calc.exe')).toBeUndefined();
  });

  const dirs = ['ce6', 'ce7'].map((v) => join(CORPUS, v, 'fs', 'Windows'));
  it.skipIf(!dirs.some((d) => existsSync(d)))('every .lnk of the corpus devices parses to a path (corpus absent: skipped)', () => {
    const links: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.lnk$/i.test(n)) links.push(p);
      }
    };
    dirs.filter((d) => existsSync(d)).forEach(walk);
    expect(links.length).toBeGreaterThan(0);
    for (const p of links) {
      expect(parseShortcut(readFileSync(p).toString('latin1')), p).toMatch(/^"?\\[^"]+"?( .*)?$/);
    }
  });
});

describe('IsProcessorFeaturePresent', () => {
  it('follows the CPU model', () => {
    const a8 = armFeatures('cortex-a8');
    expect([0x80000001, 0x80000004, 0x80000005, 0x80000018, 0x8000001b].every((f) => a8.has(f))).toBe(true);
    const sa = armFeatures('sa1110');
    expect([...sa]).toEqual([0x80000001]);
    const pxa = armFeatures('pxa270');
    expect(pxa.has(0x80000002) && pxa.has(0x80000007) && !pxa.has(0x80000003) && !pxa.has(0x80000018)).toBe(true);
  });
});
