/**
 * First-run preparation of the two native pieces that make wmemu fast, for an installed package.
 *
 * A clone gets them from scripts/setup.sh (.deps/unicorn/libunicorn.so.2 and dist/native/). An installed
 * package cannot rely on install scripts (npm does not run a dependency's scripts unless the user
 * approves them), so the first run prepares them once in a per-user cache directory
 * ($WMEMU_CACHE_DIR, else $XDG_CACHE_HOME/wmemu, else ~/.cache/wmemu):
 *
 *  - unicorn >= 2.1: Debian bookworm's libunicorn2 is 2.0.1, where every guest store takes softmmu's slow
 *    path (~20x slower on store-heavy code, bench/README.md). Debian trixie's libunicorn2t64 (2.1.x)
 *    needs only glibc >= 2.34: it is downloaded with apt-get under a private configuration (the
 *    machine's own sources, lists and cache are untouched, no root needed) and unpacked. The same steps
 *    as scripts/fetch-unicorn.sh.
 *  - the native time-slice helper (emulator/core/native/slicer.c): the package ships a build made by
 *    `npm pack` (dist/native/); when that does not load here, it is compiled into the cache with the
 *    system's C compiler, as scripts/build-native.sh does in a clone.
 *
 * Nothing here throws: a failed step returns a one-line reason, and wmemu runs on the slow path with a
 * one-line warning (`wmemu doctor` says what is missing and the command that fixes it).
 * WMEMU_NO_PREPARE=1 turns off the automatic preparation (CI images that prepare ahead of time).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { packageRoot } from '../paths.js';

/** The per-user cache directory of the prepared native pieces. */
export function cacheDir(): string {
  if (process.env.WMEMU_CACHE_DIR) return process.env.WMEMU_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'wmemu');
}

/** `rel` under wmemu's package root (a clone, or node_modules/wmemu), if it is there. */
export function packagePath(rel: string): string | undefined {
  try {
    const p = join(packageRoot(), rel);
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

export function autoPrepareEnabled(): boolean {
  return process.env.WMEMU_NO_PREPARE !== '1';
}

// ---- unicorn 2.1 -------------------------------------------------------------------------------------

/** The fast engine already in place: the clone's .deps/ (scripts/fetch-unicorn.sh), else the cache. */
export function preparedUnicornPath(): string | undefined {
  const local = packagePath(join('.deps', 'unicorn', 'libunicorn.so.2'));
  if (local) return local;
  const cached = join(cacheDir(), 'unicorn', 'libunicorn.so.2');
  return existsSync(cached) ? cached : undefined;
}

/** A failed download is not retried on every run: once a day at most. */
const RETRY_MS = 24 * 3600 * 1000;

function failedRecently(marker: string): boolean {
  try {
    return Date.now() - statSync(marker).mtimeMs < RETRY_MS;
  } catch {
    return false;
  }
}

/** A failed preparation is not retried before a day (the marker of prepareUnicorn). */
export function unicornPrepareFailedRecently(): boolean {
  return failedRecently(join(cacheDir(), 'unicorn', 'FAILED'));
}

/**
 * The system unicorn's version (0xMMmmpp), probed in a child process: loading it here and then a
 * prepared 2.1 would put two libunicorn.so.2 in one process, and the native helper binds uc_emu_stop by
 * soname to the first one (a crash). undefined: none loads.
 */
export function systemUnicornVersion(): number | undefined {
  // A system engine found fast enough once is not probed again on every run (a child process costs ~0.1 s).
  const known = join(cacheDir(), 'unicorn', 'SYSTEM_IS_FAST');
  if (existsSync(known)) return Number(readText(known)) || 0x020100;
  const v = probeSystemUnicorn();
  if (v !== undefined && v >= 0x020100) {
    try {
      mkdirSync(dirname(known), { recursive: true });
      writeFileSync(known, `${v}\n`);
    } catch {
      // an unwritable cache: probed again next time
    }
  }
  return v;
}

function probeSystemUnicorn(): number | undefined {
  const r = spawnSync(
    process.execPath,
    ['-e', "const l = require('koffi').load('libunicorn.so.2'); console.log(l.func('unsigned int uc_version(void *a, void *b)')(null, null))"],
    { cwd: packagePath('.') ?? process.cwd(), encoding: 'utf8', timeout: 30_000 },
  );
  const v = Number(r.stdout.trim());
  return r.status === 0 && Number.isInteger(v) ? v >>> 8 : undefined;
}

export interface PrepareResult {
  path?: string;
  /** One line: what was done or why it failed. */
  message: string;
}

/**
 * Downloads Debian trixie's libunicorn2t64 into the cache (the steps of scripts/fetch-unicorn.sh).
 * `force` ignores the once-a-day limit after a failure (`wmemu doctor --fix`).
 */
export function prepareUnicorn(force = false): PrepareResult {
  const dir = join(cacheDir(), 'unicorn');
  const dest = join(dir, 'libunicorn.so.2');
  if (existsSync(dest)) return { path: dest, message: `already prepared: ${dest}` };
  const marker = join(dir, 'FAILED');
  if (!force && failedRecently(marker)) return { message: `an earlier attempt failed (${readText(marker)}); not retried before a day` };
  const fail = (why: string): PrepareResult => {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(marker, why);
    } catch {
      // an unwritable cache: the reason is still returned
    }
    return { message: why };
  };
  if (!hasCommand('apt-get') || !hasCommand('dpkg-deb')) return fail('apt-get and dpkg-deb are needed to fetch Debian libunicorn2t64 (unicorn 2.1)');
  const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';
  if (!existsSync(keyring)) return fail(`${keyring} is missing (package debian-archive-keyring)`);
  let work: string | undefined;
  try {
    mkdirSync(dir, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'wmemu-unicorn-'));
    const apt = join(work, 'apt');
    for (const d of ['lists/partial', 'cache/archives/partial', 'sources']) mkdirSync(join(apt, d), { recursive: true });
    writeFileSync(
      join(apt, 'sources', 'trixie.sources'),
      `Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: ${keyring}\n`,
    );
    const opts = [
      '-o',
      'Dir::Etc::SourceList=/dev/null',
      '-o',
      `Dir::Etc::SourceParts=${join(apt, 'sources')}`,
      '-o',
      `Dir::State::Lists=${join(apt, 'lists')}`,
      '-o',
      `Dir::Cache=${join(apt, 'cache')}`,
      '-o',
      'Dir::Cache::pkgcache=',
      '-o',
      'Dir::Cache::srcpkgcache=',
      '-o',
      `APT::Sandbox::User=${userInfo().username}`,
      '-o',
      'Debug::NoLocking=1',
      '-qq',
    ];
    const up = spawnSync('apt-get', [...opts, 'update'], { encoding: 'utf8', timeout: 300_000 });
    if (up.status !== 0) return fail(`apt-get update (Debian trixie) failed: ${firstLine(up.stderr) || up.error?.message || 'no network?'}`);
    const dl = spawnSync('apt-get', [...opts, 'download', 'libunicorn2t64'], { cwd: work, encoding: 'utf8', timeout: 300_000 });
    if (dl.status !== 0) return fail(`apt-get download libunicorn2t64 failed: ${firstLine(dl.stderr) || dl.error?.message || ''}`);
    const deb = readdirSync(work).find((f) => f.startsWith('libunicorn2t64_') && f.endsWith('.deb'));
    if (!deb) return fail('apt-get download gave no libunicorn2t64 package');
    execFileSync('dpkg-deb', ['-x', join(work, deb), join(work, 'x')], { stdio: 'ignore' });
    const lib = findFile(join(work, 'x'), (f) => /^libunicorn\.so\.2(\.|$)/.test(f));
    if (!lib) return fail(`${deb} holds no libunicorn.so.2`);
    // It must load here (glibc version) before wmemu prefers it.
    const probe = spawnSync(process.execPath, ['-e', "require('koffi').load(process.argv[1])", lib], {
      cwd: packagePath('.') ?? process.cwd(),
      encoding: 'utf8',
    });
    if (probe.status !== 0) return fail(`Debian's ${deb} does not load on this system: ${firstLine(probe.stderr)}`);
    copyFileSync(lib, `${dest}.tmp`);
    renameSync(`${dest}.tmp`, dest);
    writeFileSync(join(dir, 'SOURCE'), `${deb}\n`);
    rmSync(marker, { force: true });
    return { path: dest, message: `unicorn 2.1 prepared: ${dest} (from ${deb})` };
  } catch (e) {
    return fail(`could not prepare unicorn 2.1: ${firstLine((e as Error).message)}`);
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
  }
}

// ---- the native time-slice helper -------------------------------------------------------------------

const SLICER = 'libwmemu_slicer.so';

/** The helper's C source, shipped in the package so that it can be compiled where the shipped build does not load. */
export function slicerSourcePath(): string | undefined {
  return packagePath(join('emulator', 'core', 'native', 'slicer.c'));
}

/** Where the cache keeps a helper compiled from this source (keyed by the source's hash). */
function cachedSlicerPath(src: string): string {
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16);
  return join(cacheDir(), 'native', hash, SLICER);
}

/** Candidate builds of the helper, best first: the clone's or the package's dist/native, then the cache. */
export function slicerCandidates(): string[] {
  const out: string[] = [];
  const shipped = packagePath(join('dist', 'native', SLICER)) ?? packagePath(join('native', SLICER));
  if (shipped) out.push(shipped);
  const src = slicerSourcePath();
  if (src) {
    const cached = cachedSlicerPath(src);
    if (existsSync(cached)) out.push(cached);
  }
  return out;
}

/** Compiles the helper into the cache with the system's C compiler (the command of scripts/build-native.sh). */
export function prepareSlicer(): PrepareResult {
  const src = slicerSourcePath();
  if (!src) return { message: 'the helper source (emulator/core/native/slicer.c) is not in this installation' };
  const out = cachedSlicerPath(src);
  if (existsSync(out)) return { path: out, message: `already prepared: ${out}` };
  const cc = process.env.CC || ['cc', 'gcc', 'clang', 'clang-19'].find(hasCommand);
  if (!cc) return { message: 'no C compiler (cc) to build the native time-slice helper' };
  try {
    mkdirSync(dirname(out), { recursive: true });
    const r = spawnSync(cc, ['-O2', '-shared', '-fPIC', '-o', `${out}.tmp`, src, '-ldl', '-lpthread'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) return { message: `${cc} failed on slicer.c: ${firstLine(r.stderr) || r.error?.message || ''}` };
    renameSync(`${out}.tmp`, out);
    return { path: out, message: `native helper built: ${out}` };
  } catch (e) {
    return { message: `could not build the native helper: ${firstLine((e as Error).message)}` };
  }
}

// ---- helpers ----------------------------------------------------------------------------------------

const warned = new Set<string>();
/** `wmemu doctor` reports the slow paths itself. */
export function suppressWarnings(): void {
  for (const k of ['engine', 'slicer']) warned.add(k);
}
/** One line on stderr, once per process and kind. */
export function warnOnce(kind: string, text: string): void {
  if (warned.has(kind)) return;
  warned.add(kind);
  process.stderr.write(`wmemu: warning: ${text}\n`);
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$1" >/dev/null`, 'sh', name]).status === 0;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function firstLine(s: string | undefined): string {
  return (s ?? '').trim().split('\n')[0] ?? '';
}

function findFile(dir: string, match: (name: string) => boolean): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const f = findFile(p, match);
      if (f) return f;
    } else if (e.isFile() && match(e.name)) return p;
  }
  return undefined;
}
