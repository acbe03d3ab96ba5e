// wmemu runs on unicorn 2.1 (Debian trixie's libunicorn2t64, fetched into .deps/ by
// scripts/fetch-unicorn.sh) and falls back to the system's 2.0.x (Debian bookworm's libunicorn2).
// Both engines must compute the same guest results, equal to the same C code built natively.
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const ROM = join(__dirname, '..', '..', 'roms', 'bin', 'bench_cpu.exe');
const LOCAL = join(__dirname, '..', '..', '.deps', 'unicorn', 'libunicorn.so.2');

function systemUnicorn(): boolean {
  return spawnSync('sh', ['-c', 'ldconfig -p | grep -q "libunicorn.so.2 "']).status === 0;
}

const engines: Array<[string, string]> = [];
if (existsSync(LOCAL)) engines.push(['.deps (unicorn 2.1)', LOCAL]);
if (systemUnicorn()) engines.push(['system libunicorn2', 'libunicorn.so.2']);

function run(engine: string, args: string[]) {
  return spawnSync(process.execPath, [CLI, 'run', ROM, ...args], {
    encoding: 'utf8',
    env: { ...process.env, WMEMU_UNICORN: engine },
    timeout: 60_000,
  });
}

function fields(line: string): Record<string, string> {
  return Object.fromEntries(
    line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map((kv) => kv.split('=') as [string, string]),
  );
}

describe('unicorn engines', () => {
  it('has at least one engine, and the setup script fetched unicorn >= 2.1 where the system has 2.0', () => {
    expect(engines.length).toBeGreaterThan(0);
    const v = execFileSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    expect(v).toMatch(/^unicorn 2\.\d+\.\d+ \(/m);
  });

  // The native build of the same C file is the reference for the checksums.
  const dir = mkdtempSync(join(tmpdir(), 'wmemu-engines-'));
  const native = join(dir, 'bench_cpu');
  execFileSync('cc', ['-O2', '-o', native, join(__dirname, '..', '..', 'roms', 'src', 'bench_cpu.c')]);

  for (const mode of ['load', 'store']) {
    const want = fields(execFileSync(native, ['50', ...(mode === 'store' ? ['store'] : [])], { encoding: 'utf8' }));
    for (const [name, engine] of engines) {
      it(`${name}: ${mode}-heavy guest code gives the native results on every pass`, () => {
        const r = run(engine, ['300', ...(mode === 'store' ? ['store'] : [])]);
        expect(r.status, r.stderr).toBe(0);
        const got = fields(r.stdout.split('\n').find((l) => l.startsWith('bench_cpu '))!);
        expect(Number(got.passes)).toBeGreaterThan(1);
        expect(got.bad_passes).toBe('0');
        expect(got.crc).toBe(want.crc);
        expect(got.sum).toBe(want.sum);
      });
    }
  }

  for (const [name, engine] of engines) {
    it(`${name}: --version names the engine that was loaded`, () => {
      const v = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8', env: { ...process.env, WMEMU_UNICORN: engine } });
      expect(v.stdout).toContain(`(${engine})`);
    });
  }
});
