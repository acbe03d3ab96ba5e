/**
 * The package as a user gets it (issue 15 item 1): `npm pack`, the tarball installed into a temporary
 * project, then `npx wmemu` and `import('wmemu')` there.
 *
 * The pack runs with --ignore-scripts: its `prepare` script (tsc and the native helper) is what the
 * suite's global setup has just run, and running it again here would rewrite dist/ while other test
 * files run the CLI from it. The test checks that `prepare` is that build.
 *
 * Offline and fast: the project's node_modules already holds the package's three dependencies (links to
 * this repository's commander, koffi and ws), so `npm install <tarball> --offline` with an empty npm cache
 * resolves everything locally and can never reach a registry. The installed package gets its own cache
 * directory (WMEMU_CACHE_DIR). "Same engine as the repo": the unicorn this repository runs on (its
 * .deps/, fetched by scripts/fetch-unicorn.sh) is put where a completed first-run preparation puts it;
 * the download itself (prepare.ts) needs the network and is not run here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'wmemu-pack-'));
const proj = join(work, 'proj');
const cache = join(work, 'wmemu-cache');
let tarball = '';
let files: string[] = [];

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache')], { cwd, encoding: 'utf8', stdio: 'pipe' });
}

function inProject(cmd: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    cwd: proj,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, WMEMU_CACHE_DIR: cache, WMEMU_UNICORN: '', WMEMU_SYSTEM_UNICORN: '', ...env },
  });
}

/** `unicorn 2.1.1 (/path)` of `wmemu --version`. */
function engineLine(out: string): string {
  return out.split('\n').find((l) => l.startsWith('unicorn ')) ?? `no engine line in: ${out}`;
}

beforeAll(() => {
  const out = npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  tarball = join(work, out.trim().split('\n').pop()!);
  files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  mkdirSync(join(proj, 'node_modules'), { recursive: true });
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }));
  for (const dep of ['koffi', 'commander', 'ws']) symlinkSync(realpathSync(join(ROOT, 'node_modules', dep)), join(proj, 'node_modules', dep));
  npm(['install', tarball, '--offline'], proj);
  // The repo's engine, where the installed package's first run would have prepared it.
  seedCache(cache);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A cache directory holding the repo's engine, as a completed first-run preparation leaves it (offline: no download). */
function seedCache(dir: string): string {
  const repoEngine = engineLine(execFileSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }));
  const lib = /\((\/.*)\)$/.exec(repoEngine)?.[1];
  if (lib) {
    mkdirSync(join(dir, 'unicorn'), { recursive: true });
    copyFileSync(lib, join(dir, 'unicorn', 'libunicorn.so.2'));
  }
  return dir;
}

describe('npm pack', () => {
  it('builds what it ships: prepare (npm pack, git installs) runs tsc and the native helper build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toBe('tsc -p tsconfig.json && bash scripts/build-native.sh');
    expect(pkg.bin.wmemu).toBe('dist/cli/main.js');
  });

  it('ships the built CLI and library, the ROMs, profiles, export tables and the native helper, and nothing of development', () => {
    for (const f of [
      'dist/cli/main.js',
      'dist/emulator/index.js',
      'dist/emulator/index.d.ts',
      'dist/emulator/testing.js',
      'dist/emulator/testing.d.ts',
      'dist/native/libwmemu_slicer.so',
      'emulator/core/native/slicer.c',
      'emulator/dlls/coredll/coredll-exports.tsv',
      'winsock-shim/ws2-exports.tsv',
      'roms/bin/hello.exe',
      'profiles/wm65-default.json',
      'README.md',
    ]) {
      expect(files, f).toContain(f);
    }
    const dev = files.filter(
      (f) => /^(test|bench|scripts|examples|roms\/src|dist\/bench|\.deps)\//.test(f) || f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(dev).toEqual([]);
  });
});

describe('installed into a user project', () => {
  it('npx wmemu run runs a bundled ROM on the same engine as the repository, without warnings', () => {
    const repo = engineLine(execFileSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }));
    const v = inProject('npx', ['wmemu', '--version']);
    expect(v.status, v.stderr).toBe(0);
    expect(engineLine(v.stdout).replace(/ \(.*/, '')).toBe(repo.replace(/ \(.*/, ''));
    const r = inProject('npx', ['wmemu', 'run', 'node_modules/wmemu/roms/bin/hello.exe', 'alpha', 'beta']);
    expect(r.stdout).toContain('Hello from Windows CE!');
    expect(r.stdout).toContain('lpCmdLine: [alpha beta]');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(7);
  });

  it('the library: romPath(), a user profile extending a built-in one by name, wmemu/testing, in ESM and in CommonJS', () => {
    writeFileSync(join(proj, 'ci.json'), JSON.stringify({ extends: 'wm65-default', network: 'none', deterministic: true }));
    const body = `
      const { runExecutable, romPath, profilePath, loadProfile } = await import('wmemu');
      const p = loadProfile('ci.json');
      const testing = await import('wmemu/testing');
      const r = await runExecutable(romPath('hello.exe'), { args: ['lib'], profile: 'ci.json' });
      console.log(JSON.stringify({ status: r.status, exitCode: r.exitCode, out: r.stdout, cpu: p.cpu, screen: p.screen, def: profilePath('wm65-default'), matcher: typeof testing.toMatchPng }));`;
    writeFileSync(join(proj, 'esm.mjs'), body);
    writeFileSync(join(proj, 'cjs.cjs'), `(async () => {${body}})();`);
    for (const script of ['esm.mjs', 'cjs.cjs']) {
      const r = inProject(process.execPath, [script]);
      expect(r.status, `${script}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
      const o = JSON.parse(r.stdout);
      expect(o).toMatchObject({ status: 'exited', exitCode: 7, cpu: 'cortex-a8', screen: { width: 240, height: 320 }, matcher: 'function' });
      expect(o.out).toContain('lpCmdLine: [lib]');
      expect(o.def).toBe(join(realpathSync(proj), 'node_modules', 'wmemu', 'profiles', 'wm65-default.json'));
    }
  });

  it('wmemu doctor: engine, helper, fonts, toolchain, exit 0 when a run works', () => {
    const r = inProject('npx', ['wmemu', 'doctor']);
    expect(r.status, r.stderr).toBe(0);
    for (const what of ['engine', 'fast engine', 'native helper', 'fonts: Tahoma', 'ROM toolchain'])
      expect(r.stdout).toMatch(new RegExp(`^(ok     |missing)  ${what} `, 'm'));
    expect(r.stdout).toMatch(/^ok {7}native helper +\/.*node_modules\/wmemu\/dist\/native\/libwmemu_slicer\.so$/m);
    expect(r.stdout).toContain(`cache: ${cache}`);
  });

  it('a shipped helper that is missing is compiled into the cache on first run', () => {
    if (!['cc', 'gcc', 'clang'].some((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0)) return void console.log('skipped: no C compiler');
    const own = seedCache(mkdtempSync(join(work, 'cache2-')));
    rmSync(join(proj, 'node_modules', 'wmemu', 'dist', 'native'), { recursive: true, force: true });
    const r = inProject('npx', ['wmemu', 'run', 'node_modules/wmemu/roms/bin/hello.exe'], { WMEMU_CACHE_DIR: own });
    expect(r.status, r.stderr).toBe(7);
    const built = readdirSync(join(own, 'native')).map((h) => join(own, 'native', h, 'libwmemu_slicer.so'));
    expect(built.length).toBe(1);
    expect(existsSync(built[0]!)).toBe(true);
    // No helper and no way to build one: a run still works, with one warning line that names the fix.
    const none = inProject('npx', ['wmemu', 'run', 'node_modules/wmemu/roms/bin/hello.exe'], {
      WMEMU_CACHE_DIR: seedCache(mkdtempSync(join(work, 'cache3-'))),
      WMEMU_NO_PREPARE: '1',
    });
    expect(none.status).toBe(7);
    expect(none.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^wmemu: warning: slow path: no native time-slice helper .*wmemu doctor/)]);
  });

  it('on a system unicorn 2.0 with no prepared 2.1 and preparation off, a run works and warns in one line', () => {
    const sys = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...process.env, WMEMU_UNICORN: 'libunicorn.so.2' } });
    if (!/^unicorn 2\.0\./m.test(sys.stdout)) return void console.log('skipped: the system unicorn is not 2.0.x (or absent)');
    const r = inProject('npx', ['wmemu', 'run', 'node_modules/wmemu/roms/bin/hello.exe'], {
      WMEMU_CACHE_DIR: mkdtempSync(join(work, 'cache4-')),
      WMEMU_NO_PREPARE: '1',
    });
    expect(r.status).toBe(7);
    const warnings = r.stderr
      .trim()
      .split('\n')
      .filter((l) => l.includes('unicorn'));
    expect(warnings).toEqual([expect.stringMatching(/^wmemu: warning: slow path: unicorn 2\.0\.\d+ .*wmemu doctor/)]);
  });
});
