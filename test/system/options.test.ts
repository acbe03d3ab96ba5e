/**
 * One options pipeline (issue 11 item 5, issue 15 item 2): the CLI, profiles and start() share one
 * schema; durations and sizes take units; every bad option exits 2 (CLI) or rejects (library) with one
 * line naming it; the CLI and start() resolve the same inputs to the same effective options; the
 * shipped JSON Schema is generated from the same schema.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError, parseDuration, parseSize, profileJsonSchema } from '../../emulator/system/schema.js';
import { resolveOptions } from '../../emulator/system/options.js';
import { start } from '../../emulator/system/session.js';
import { runExecutable } from '../../emulator/system/run.js';
import { effectiveOptionsOf } from '../../cli/run-command.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);

function tmpFile(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'wmemu-options-')), name);
  writeFileSync(f, text);
  return f;
}

describe('units', () => {
  it('durations: 500ms, 30s, 1m, 2h, bare numbers in the option unit; anything else is an error', () => {
    expect(parseDuration('500ms', 's')).toBe(500);
    expect(parseDuration('30s', 'ms')).toBe(30_000);
    expect(parseDuration('1m', 's')).toBe(60_000);
    expect(parseDuration('2h', 's')).toBe(7_200_000);
    expect(parseDuration('1.5', 's')).toBe(1500);
    expect(parseDuration(250, 'ms')).toBe(250);
    for (const bad of ['abc', '-1', '0', '1 fortnight', '', 0, -5, null]) expect(() => parseDuration(bad, 's')).toThrow(/duration|greater than 0/);
  });

  it('sizes: 512KiB, 256MiB, 1GiB, 64M, bare numbers in the option unit', () => {
    expect(parseSize('512KiB', 'B')).toBe(512 * 1024);
    expect(parseSize('256MiB', 'B')).toBe(256 * 1024 ** 2);
    expect(parseSize('1GiB', 'B')).toBe(1024 ** 3);
    expect(parseSize('64M', 'B')).toBe(64 * 1024 ** 2);
    expect(parseSize('16', 'MiB')).toBe(16 * 1024 ** 2);
    for (const bad of ['abc', '-1', '1.5B', '12 parsecs', 0]) expect(() => parseSize(bad, 'MiB')).toThrow(/size|bytes|at least/);
  });
});

describe('bad command-line options: exit 2, one line naming the option', () => {
  const profile = tmpFile('p.json', JSON.stringify({ cpus: 'x' }));
  const cases: [string[], RegExp][] = [
    [['--timeout', 'abc'], /^wmemu: --timeout: expected a duration/],
    [['--timeout', '-1'], /^wmemu: --timeout: /],
    [['--memory-limit', 'abc'], /^wmemu: --memory-limit: expected a size/],
    [['--memory-limit', '1KiB'], /^wmemu: --memory-limit: must be at least/],
    [['--redirect', 'foo'], /^wmemu: --redirect: expected from=to/],
    [['--host', 'nope'], /^wmemu: --host: expected name=address/],
    [['--bogus'], /^wmemu: unknown option '--bogus'/],
    [['--cpu', 'pentium'], /^wmemu: option '--cpu <model>' argument 'pentium' is invalid/],
    [['--network', 'lan'], /^wmemu: option '--network <policy>' argument 'lan' is invalid/],
    [['--trace-file', '/nonexistent-dir/t.log'], /^wmemu: --trace-file: cannot open .*ENOENT/],
    [['--trace=nosuchapi'], /^wmemu: --trace-filter: unknown DLL or function name 'nosuchapi'/],
    [['--trace-filter', 'ws2.dll,!htonz'], /^wmemu: --trace-filter: unknown DLL or function name 'htonz'/],
    [['--trace-data', 'lots'], /^wmemu: --trace-data: expected a number of bytes/],
    [['--deny', '10.0.0.0/99'], /^wmemu: /],
    [['--profile', profile], /^wmemu: .*p\.json: cpus: unknown key/],
    [['--registry', '/nonexistent-dir/r.reg'], /^wmemu: --registry: cannot read registry file/],
    [['--result-json', '/nonexistent-dir/r.json'], /^wmemu: --result-json: cannot write/],
  ];
  for (const [args, re] of cases) {
    it(`wmemu run ${args.join(' ')}`, () => {
      const r = spawnSync(process.execPath, [CLI, 'run', ...args, rom('hello')], { encoding: 'utf8', timeout: 20_000 });
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(r.status).toBe(2);
    });
  }

  it('an engine that cannot be loaded: one line saying how to get it, exit 2 (not an internal error)', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', rom('hello')], {
      encoding: 'utf8',
      env: { ...process.env, WMEMU_UNICORN: '/nonexistent/libunicorn.so.2' },
    });
    expect(r.stderr).toMatch(/^wmemu: cannot load the unicorn engine .*(npm run setup|wmemu doctor)/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.status).toBe(2);
  });

  it('commander errors outside `run` exit 2 too; --help and --version exit 0', () => {
    expect(spawnSync(process.execPath, [CLI, 'frobnicate'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [CLI, 'run'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [CLI, 'run', '--help'], { encoding: 'utf8' }).status).toBe(0);
    expect(spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).status).toBe(0);
  });
});

describe('bad programmatic options: start() and runExecutable() reject with one line naming the key', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ network: 'lan' }, /^network: expected one of "host", "loopback", "none", got "lan"$/],
    [{ tiemoutMs: 1000 }, /^tiemoutMs: unknown key \(known: .*timeoutMs/],
    [{ screen: { width: 240, height: '320' } }, /^screen\.height: expected an integer, got "320"$/],
    [{ args: 'a b' }, /^args: expected an array of strings, got "a b"$/],
    [{ args: ['a', 1] }, /^args\[1\]: expected a string, got number 1$/],
    [{ timeoutMs: 'abc' }, /^timeoutMs: expected a duration/],
    [{ timeoutMs: -1 }, /^timeoutMs: must be greater than 0/],
    [{ memoryLimit: 'abc' }, /^memoryLimit: expected a size/],
    [{ hosts: { a: 1 } }, /^hosts\.a: expected a string, got number 1$/],
    [{ networkRules: ['permit all'] }, /^networkRules\[0\]: /],
    [{ onStdout: 'yes' }, /^onStdout: expected a function/],
    [{ trace: { filter: 'nosuchapi' } }, /^trace\.filter: unknown DLL or function name 'nosuchapi'/],
    [{ trace: { file: '/nonexistent-dir/t.log' } }, /^trace\.file: cannot open .*ENOENT/],
    [{ trace: { fromat: 'json' } }, /^trace\.fromat: unknown key/],
    [{ profile: 5 }, /^profile: expected a profile file path or a profile object/],
    [{ profile: { cpu: 'pentium' } }, /^cpu: expected one of/],
  ];
  for (const [o, re] of cases) {
    it(JSON.stringify(o), async () => {
      const err = await start(rom('hello'), o as never).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).toMatch(re);
      expect(err!.message).not.toContain('\n');
      await expect(runExecutable(rom('hello'), o as never)).rejects.toThrow(re);
    });
  }
  it('options that are not an object', async () => {
    await expect(start(rom('hello'), 'fast' as never)).rejects.toThrow(OptionError);
  });
});

describe('the CLI and start() resolve the same inputs to the same effective options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wmemu-options-'));
  const profile = join(dir, 'ci.json');
  writeFileSync(
    profile,
    JSON.stringify({
      cpu: 'cortex-a8',
      deviceRoot: 'dev',
      hosts: { a: '1.1.1.1', b: '2.2.2.2' },
      networkRules: ['allow 127.0.0.1'],
      redirect: { 'a:80': '127.0.0.1:8080' },
      limits: { timeoutSeconds: 5, memoryLimitMiB: 32, maxThreads: 64 },
      utcOffsetMinutes: 60,
    }),
  );

  it('profile + flags vs profile + start() options (units, maps, rules in order: explicit first)', () => {
    const cli = effectiveOptionsOf([
      '--profile',
      profile,
      '--timeout',
      '1m',
      '--memory-limit',
      '64MiB',
      '--host',
      'b=3.3.3.3',
      '--deny',
      '10.0.0.0/8',
      '--cpu',
      'pxa270',
      '--redirect',
      'c:1=127.0.0.1:2',
      '--deterministic',
      'app.exe',
      'x',
      'y',
    ]);
    const api = resolveOptions(
      undefined,
      {},
      {
        profile,
        timeoutMs: '1m',
        memoryLimit: '64MiB',
        hosts: { b: '3.3.3.3' },
        networkRules: ['deny 10.0.0.0/8'],
        cpu: 'pxa270',
        redirect: { 'c:1': '127.0.0.1:2' },
        deterministic: true,
        args: ['x', 'y'],
      },
    );
    expect(cli).toEqual(api);
    expect(api).toEqual({
      cpu: 'pxa270',
      deviceRoot: join(dir, 'dev'),
      hosts: { a: '1.1.1.1', b: '3.3.3.3' },
      networkRules: ['deny 10.0.0.0/8', 'allow 127.0.0.1'],
      redirect: { 'a:80': '127.0.0.1:8080', 'c:1': '127.0.0.1:2' },
      clock: { utcOffsetMinutes: 60 },
      timeoutMs: 60_000,
      memoryLimit: 64 * 1024 * 1024,
      maxThreads: 64,
      deterministic: true,
      args: ['x', 'y'],
    });
  });

  it('without flags both take the profile as is; a bare --timeout is in seconds, a bare --memory-limit in MiB', () => {
    expect(effectiveOptionsOf(['--profile', profile, 'app.exe'])).toEqual(resolveOptions(profile));
    expect(effectiveOptionsOf(['--timeout', '2.5', '--memory-limit', '16', 'app.exe'])).toEqual(
      resolveOptions(undefined, { timeoutMs: 2500, memoryLimit: '16MiB' }),
    );
  });

  it('profile limits take units too: "1m", "64MiB" (and bad ones name the key)', () => {
    const p = tmpFile('u.json', JSON.stringify({ limits: { timeout: '1m', memoryLimit: '64MiB' } }));
    expect(resolveOptions(p)).toEqual({ timeoutMs: 60_000, memoryLimit: 64 * 1024 * 1024 });
    expect(effectiveOptionsOf(['--profile', p, 'app.exe'])).toEqual(resolveOptions(p));
    const bad = tmpFile('b.json', JSON.stringify({ limits: { timeout: '1 fortnight' } }));
    expect(() => resolveOptions(bad)).toThrow(/b\.json: limits\.timeout: expected a duration/);
  });

  it('--trace=filter never swallows the executable', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', '--trace', rom('hello'), 'alpha'], { encoding: 'utf8' });
    expect(r.status).toBe(7);
    expect(r.stdout).toContain('lpCmdLine: [alpha]');
    expect(r.stderr).toMatch(/COREDLL\.dll!printf@1102/);
    const f = spawnSync(process.execPath, [CLI, 'run', '--trace=wprintf', rom('hello'), 'alpha'], { encoding: 'utf8' });
    expect(f.status).toBe(7);
    expect(f.stderr).toMatch(/!wprintf@/);
    expect(f.stderr).not.toMatch(/!printf@/);
  });
});

describe('profiles/profile.schema.json', () => {
  it('is generated from the schema (npm run schema) and is current', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'profiles', 'profile.schema.json'), 'utf8'))).toEqual(profileJsonSchema());
  });
  it('the shipped profiles point at it', () => {
    for (const p of ['wm65-default.json', 'ci-example.json']) {
      expect(JSON.parse(readFileSync(join(ROOT, 'profiles', p), 'utf8')).$schema).toBe('./profile.schema.json');
    }
  });
});
