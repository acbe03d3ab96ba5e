/**
 * `wmemu doctor`: what this installation runs on and what is missing, each with the one command that
 * fixes it. The engine (unicorn: loadable? 2.1, or 2.0.x's slow stores?), the native time-slice helper,
 * the GDI's fonts, and the tools only development needs (the ROM toolchain, gdb-multiarch for --gdb).
 * `--fix` prepares what wmemu can prepare itself (unicorn 2.1 and the helper, in the cache directory:
 * emulator/core/unicorn/prepare.ts). Exit code 0 when a run works, 1 when it cannot (no engine).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { Slicer, unicornLibraryPath, unicornVersion } from '../emulator/core/unicorn/unicorn.js';
import { cacheDir, hasCommand, prepareSlicer, prepareUnicorn, suppressWarnings } from '../emulator/core/unicorn/prepare.js';
import { SYSTEM_FONT_DIRS } from '../emulator/gdi/fonts/faces.js';

interface Row {
  what: string;
  ok: boolean;
  /** Needed for a run to work at all (else: speed, output fidelity or development only). */
  required?: boolean;
  detail: string;
  fix?: string;
}

export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the engine, the native helper, fonts and toolchain; say what is missing and the command that fixes it')
    .option('--fix', 'prepare unicorn 2.1 and the native helper in the cache directory (downloads Debian libunicorn2t64)')
    .action((opts: { fix?: boolean }) => {
      suppressWarnings();
      if (opts.fix) {
        for (const r of [prepareUnicorn(true), prepareSlicer()]) process.stdout.write(`fix: ${r.message}\n`);
      } else {
        process.env.WMEMU_NO_PREPARE = '1'; // doctor reports; only --fix downloads or compiles
      }
      const rows = diagnose();
      const w = Math.max(...rows.map((r) => r.what.length));
      for (const r of rows) {
        process.stdout.write(`${r.ok ? 'ok     ' : 'missing'}  ${r.what.padEnd(w)}  ${r.detail}\n`);
        if (!r.ok && r.fix) process.stdout.write(`         ${''.padEnd(w)}  fix: ${r.fix}\n`);
      }
      process.stdout.write(`cache: ${cacheDir()}\n`);
      process.exitCode = rows.some((r) => r.required && !r.ok) ? 1 : 0;
    });
}

const FIX = 'npx wmemu doctor --fix';

function diagnose(): Row[] {
  const rows: Row[] = [];
  let engineOk = false;
  try {
    const v = unicornVersion();
    engineOk = true;
    const [maj, min] = v.split('.').map(Number) as [number, number];
    const fast = maj > 2 || (maj === 2 && min >= 1);
    rows.push({ what: 'engine', ok: true, required: true, detail: `unicorn ${v} (${unicornLibraryPath})` });
    rows.push({
      what: 'fast engine',
      ok: fast,
      detail: fast ? 'unicorn >= 2.1: guest stores on the fast path' : `unicorn ${v}: every guest store takes the slow path (~20x slower than 2.1)`,
      fix: `${process.env.WMEMU_UNICORN ? 'unset WMEMU_UNICORN; ' : ''}${FIX}   (fetches Debian trixie's libunicorn2t64 into the cache)`,
    });
  } catch (e) {
    rows.push({ what: 'engine', ok: false, required: true, detail: (e as Error).message.split('\n')[0]!, fix: 'apt-get install libunicorn2' });
  }
  const slicer = engineOk ? Slicer.get() : null;
  rows.push({
    what: 'native helper',
    ok: !!slicer,
    detail: slicer ? slicer.path : 'not built: instruction-counted time slices (guest code ~2x slower)',
    fix: hasCommand('cc') ? FIX : `apt-get install gcc libc6-dev && ${FIX}`,
  });
  const tahoma = SYSTEM_FONT_DIRS.map((d) => join(d, 'tahoma.ttf')).find((f) => existsSync(f));
  rows.push({
    what: 'fonts: Tahoma',
    ok: !!tahoma,
    detail: tahoma ?? 'no tahoma.ttf: GDI text falls back to another face (metrics differ from a device)',
    fix: 'apt-get install fonts-wine',
  });
  const lib = SYSTEM_FONT_DIRS.find((d) => d.includes('liberation') && existsSync(d));
  rows.push({
    what: 'fonts: Liberation',
    ok: !!lib,
    detail: lib ?? 'no Liberation fonts: Courier New, Arial, Times New Roman have no metric-compatible face',
    fix: 'apt-get install fonts-liberation2',
  });
  const tools = ['clang-19', 'lld-link-19', 'llvm-dlltool-19'];
  const missing = tools.filter((t) => !hasCommand(t));
  rows.push({
    what: 'ROM toolchain',
    ok: missing.length === 0,
    detail:
      missing.length === 0 ? `${tools.join(', ')} (building roms/, development only)` : `no ${missing.join(', ')} (only to build roms/; a run needs none)`,
    fix: 'apt-get install clang-19 lld-19 llvm-19',
  });
  const gdb = hasCommand('gdb-multiarch');
  rows.push({
    what: 'gdb-multiarch',
    ok: gdb,
    detail: gdb ? 'for wmemu run --gdb <port>' : 'no gdb-multiarch (only to debug a guest with --gdb)',
    fix: 'apt-get install gdb-multiarch',
  });
  return rows;
}
