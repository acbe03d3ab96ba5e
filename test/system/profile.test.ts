/**
 * Device profiles: the shipped profiles validate, bad ones fail with clear messages, `extends`
 * merges, relative paths resolve against the profile, and options given explicitly win.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile, validateProfile, ProfileError } from '../../emulator/system/profile.js';
import { start } from '../../emulator/system/session.js';
import { resolveOptions } from '../../emulator/system/options.js';
import { runExecutable } from '../../emulator/system/run.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const DEFAULT = join(ROOT, 'profiles', 'wm65-default.json');

function tmpProfile(obj: unknown, name = 'p.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'wmemu-profile-'));
  const file = join(dir, name);
  writeFileSync(file, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return file;
}

describe('shipped profiles', () => {
  it('wm65-default.json: cortex-a8, QVGA 240x320, en-US, host network', () => {
    const p = loadProfile(DEFAULT);
    expect(p).toMatchObject({ cpu: 'cortex-a8', screen: { width: 240, height: 320 }, locale: 'en-US', network: 'host' });
  });

  it('ci-example.json extends the default and merges maps and limits', () => {
    const p = loadProfile(join(ROOT, 'profiles', 'ci-example.json'));
    expect(p).toMatchObject({ cpu: 'cortex-a8', network: 'loopback', deterministic: true, hosts: { 'device-host': '127.0.0.1' } });
    expect(p.limits).toEqual({ memoryLimitMiB: 256, maxThreads: 256, maxHandles: 10000, timeoutSeconds: 60 });
    expect(p.extends).toBeUndefined();
  });
});

describe('validation', () => {
  const bad: [unknown, RegExp][] = [
    [{ cpus: 'cortex-a8' }, /^cpus: unknown key \(known: .*cpu/],
    [{ cpu: 'pentium' }, /^cpu: expected one of .*"pxa270".*got "pentium"/],
    [{ network: 'wifi' }, /^network: expected one of "host", "loopback", "none", got "wifi"/],
    [{ screen: { width: 240, height: '320' } }, /^screen\.height: expected an integer, got "320"/],
    [{ screen: { width: 240, height: 320, depth: 16 } }, /^screen\.depth: unknown key/],
    [{ hosts: { a: 1 } }, /^hosts\.a: expected a string, got number 1/],
    [{ hosts: ['a'] }, /^hosts: expected an object of strings, got an array/],
    [{ limits: { timeoutSeconds: -1 } }, /^limits\.timeoutSeconds: must be greater than 0/],
    [{ limits: { memoryLimitMiB: 1.5 } }, /^limits\.memoryLimitMiB: expected an integer/],
    [{ locale: 'English' }, /^locale: expected a locale name like "en-US"/],
    [{ deterministic: 'yes' }, /^deterministic: expected true or false, got "yes"/],
    [{ clockStart: 'soon' }, /^clockStart: not a date\/time/],
    [{ redirect: { 'a:1': true } }, /^redirect\.a:1: expected "address:port" or a port number/],
    [[], /^: expected an object, got an array|expected an object/],
  ];
  for (const [obj, re] of bad) {
    it(`rejects ${JSON.stringify(obj)}`, () => {
      expect(() => validateProfile(obj)).toThrow(ProfileError);
      expect(() => validateProfile(obj)).toThrow(re);
    });
  }

  it('names the file in errors, and reports bad JSON and extends loops', () => {
    const f = tmpProfile({ cpu: 1 });
    expect(() => loadProfile(f)).toThrow(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cpu: expected one of`));
    expect(() => loadProfile(tmpProfile('{ "cpu": '))).toThrow(/not valid JSON/);
    const loop = tmpProfile({ extends: 'p.json' });
    expect(() => loadProfile(loop)).toThrow(/"extends" loop/);
    expect(() => loadProfile('/no/such/profile.json')).toThrow(/cannot read profile .*ENOENT/);
  });

  it('names a built-in profile in extends and as the profile itself; a file of that name wins', () => {
    const f = tmpProfile({ extends: 'wm65-default', network: 'none' });
    expect(loadProfile(f)).toMatchObject({ cpu: 'cortex-a8', screen: { width: 240, height: 320 }, network: 'none' });
    expect(loadProfile('ci-example')).toMatchObject({ network: 'loopback', deterministic: true });
    const local = tmpProfile({ cpu: 'arm926' }, 'wm65-default.json');
    const over = join(local, '..', 'p2.json');
    writeFileSync(over, JSON.stringify({ extends: 'wm65-default.json' }));
    expect(loadProfile(over).cpu).toBe('arm926');
    expect(() => loadProfile(tmpProfile({ extends: 'no-such-profile' }))).toThrow(/cannot read profile .*ENOENT/);
  });

  it('resolves deviceRoot and registry relative to the profile file', () => {
    const f = tmpProfile({ deviceRoot: 'device', registry: 'seed.reg' });
    const p = loadProfile(f);
    expect(p.deviceRoot).toBe(join(f, '..', 'device'));
    expect(p.registry).toBe(join(f, '..', 'seed.reg'));
  });
});

describe('profile + options (explicit options win)', () => {
  it('resolveOptions maps the profile to machine options and lets explicit ones win', () => {
    const f = tmpProfile({
      cpu: 'pxa270',
      network: 'none',
      hosts: { a: '1.1.1.1', b: '2.2.2.2' },
      limits: { timeoutSeconds: 5, memoryLimitMiB: 32 },
      deterministic: true,
      utcOffsetMinutes: 120,
    });
    const o = resolveOptions(undefined, {}, { profile: f, cpu: 'cortex-a8', hosts: { b: '3.3.3.3' } });
    expect(o).toMatchObject({
      cpu: 'cortex-a8',
      network: 'none',
      hosts: { a: '1.1.1.1', b: '3.3.3.3' },
      timeoutMs: 5000,
      memoryLimit: 32 * 1024 * 1024,
      deterministic: true,
      clock: { utcOffsetMinutes: 120 },
    });
  });

  it('start({ profile }) runs with the profile (a Thumb-2 ROM on pxa270 is refused, an explicit cpu fixes it)', async () => {
    const f = tmpProfile({ cpu: 'pxa270' });
    const onXscale = await runExecutable(rom('hello'), { profile: f, timeoutMs: 20_000 });
    expect(onXscale.status).toBe('load-error'); // ARMv5TE has no Thumb-2
    expect(onXscale.message).toMatch(/Thumb-2.*pxa270/);
    const explicit = await runExecutable(rom('hello'), { profile: f, cpu: 'cortex-a8', timeoutMs: 20_000 });
    expect(explicit.exitCode).toBe(7);
  });

  it('the profile clock: deterministic start and local-time offset', async () => {
    const f = tmpProfile({ deterministic: true, clockStart: '2030-06-01T08:00:00Z', utcOffsetMinutes: 120 });
    const emu = await start(rom('coretest'), { profile: f, timeoutMs: 20_000 });
    const r = await emu.exited;
    expect(r.stdout).toMatch(/info GetSystemTime 2030-06-01 08:00:00\.\d{3}/);
    expect(emu.machine.clock.utcOffsetMinutes(0)).toBe(120);
  });

  it('wmemu run --profile: the profile applies, command-line flags win, bad profiles exit 2', () => {
    const f = tmpProfile({ cpu: 'pxa270', limits: { timeoutSeconds: 30 } });
    const crashed = spawnSync(process.execPath, [CLI, 'run', '--profile', f, rom('hello')], { encoding: 'utf8' });
    expect(crashed.status).toBe(123);
    expect(crashed.stderr).toMatch(/pxa270 CPU model cannot execute/);
    const ok = spawnSync(process.execPath, [CLI, 'run', '--profile', f, '--cpu', 'cortex-a8', rom('hello')], { encoding: 'utf8' });
    expect(ok.status).toBe(7);
    const dflt = spawnSync(process.execPath, [CLI, 'run', '--profile', DEFAULT, rom('hello')], { encoding: 'utf8' });
    expect(dflt.status).toBe(7);
    const badFile = tmpProfile({ cpu: 'cortex-a8', colour: 'blue' });
    const bad = spawnSync(process.execPath, [CLI, 'run', '--profile', badFile, rom('hello')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^wmemu: .*p\.json: colour: unknown key \(known: /);
  });
});
