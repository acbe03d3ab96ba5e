/**
 * The committed test ROMs (roms/bin/*.exe): CE-style headers and ordinal-only COREDLL imports,
 * and (when the LLVM 19 toolchain is installed) a byte-identical rebuild with roms/build.sh.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const binDir = path.join(repo, 'roms', 'bin');
const roms = fs
  .readdirSync(binDir)
  .filter((f) => f.endsWith('.exe'))
  .sort();

function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
const toolchain = ['clang-19', 'lld-link-19', 'ld.lld-19', 'llvm-dlltool-19'].every(have);

interface PeInfo {
  machine: number;
  characteristics: number;
  entry: number;
  imageBase: number;
  subsystem: number;
  subsystemVersion: [number, number];
  relocDirSize: number;
  imports: { dll: string; byOrdinal: number[]; byName: string[] }[];
}

/** Just enough PE32 parsing for the checks below. */
function parsePe(buf: Buffer): PeInfo {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  expect(dv.getUint16(0, true)).toBe(0x5a4d);
  const pe = dv.getUint32(0x3c, true);
  expect(dv.getUint32(pe, true)).toBe(0x4550);
  const coff = pe + 4,
    opt = coff + 20;
  expect(dv.getUint16(opt, true)).toBe(0x10b);
  const nsec = dv.getUint16(coff + 2, true);
  const secTab = opt + dv.getUint16(coff + 16, true);
  const sections = Array.from({ length: nsec }, (_, i) => {
    const h = secTab + i * 40;
    return { va: dv.getUint32(h + 12, true), vsize: dv.getUint32(h + 8, true), raw: dv.getUint32(h + 20, true), rawSize: dv.getUint32(h + 16, true) };
  });
  const off = (rva: number): number => {
    const s = sections.find((x) => rva >= x.va && rva < x.va + Math.max(x.vsize, x.rawSize));
    if (!s) throw new Error(`RVA 0x${rva.toString(16)} not in a section`);
    return s.raw + rva - s.va;
  };
  const cstr = (rva: number): string => {
    const o = off(rva);
    return buf.subarray(o, buf.indexOf(0, o)).toString('latin1');
  };
  const imports: PeInfo['imports'] = [];
  const impRva = dv.getUint32(opt + 96 + 1 * 8, true);
  for (let d = off(impRva); dv.getUint32(d + 12, true) !== 0; d += 20) {
    const ilt = dv.getUint32(d, true) || dv.getUint32(d + 16, true);
    const entry = { dll: cstr(dv.getUint32(d + 12, true)), byOrdinal: [] as number[], byName: [] as string[] };
    for (let t = off(ilt); dv.getUint32(t, true) !== 0; t += 4) {
      const v = dv.getUint32(t, true);
      if (v & 0x80000000) entry.byOrdinal.push(v & 0xffff);
      else entry.byName.push(cstr(v + 2));
    }
    imports.push(entry);
  }
  return {
    machine: dv.getUint16(coff, true),
    characteristics: dv.getUint16(coff + 18, true),
    entry: dv.getUint32(opt + 16, true),
    imageBase: dv.getUint32(opt + 28, true),
    subsystem: dv.getUint16(opt + 68, true),
    subsystemVersion: [dv.getUint16(opt + 48, true), dv.getUint16(opt + 50, true)],
    relocDirSize: dv.getUint32(opt + 96 + 5 * 8 + 4, true),
    imports,
  };
}

const coredllOrdinals = new Map<number, string>(
  fs
    .readFileSync(path.join(repo, 'emulator/dlls/coredll/coredll-exports.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t'))
    .map(([o, n]) => [Number(o), n ?? '']),
);
// CE 6 exports the CE 5 table lacks (coredll-ce6-exports.tsv), imported by crt.exe and rtstart.exe through
// roms/src/coredll6.def and roms/src/rtstart6.def.
for (const l of fs.readFileSync(path.join(repo, 'emulator/dlls/coredll/coredll-ce6-exports.tsv'), 'utf8').split('\n')) {
  const [o, n] = l.split('\t');
  if (/^\d+$/.test(o ?? '') && n && !coredllOrdinals.has(Number(o))) coredllOrdinals.set(Number(o), n);
}

describe('committed ROMs', () => {
  it('exist', () => {
    for (const r of ['hello', 'coretest', 'crash', 'unimpl', 'exitcodes', 'reloc', 'wargs', 'armhello', 'interwork']) expect(roms).toContain(`${r}.exe`);
  });

  for (const rom of roms) {
    it(`${rom}: CE header (machine 0x01C2, subsystem 9, version 5.02) and COREDLL imported by ordinal`, () => {
      const pe = parsePe(fs.readFileSync(path.join(binDir, rom)));
      expect(pe.machine).toBe(0x01c2);
      expect(pe.subsystem).toBe(9);
      expect(pe.subsystemVersion).toEqual([5, 2]);
      const core = pe.imports.find((i) => i.dll.toUpperCase() === 'COREDLL.DLL');
      expect(core, 'imports COREDLL.dll').toBeDefined();
      expect(core!.byName).toEqual([]);
      expect(core!.byOrdinal.length).toBeGreaterThan(0);
      for (const o of core!.byOrdinal) expect(coredllOrdinals.has(o), `ordinal ${o} in coredll table`).toBe(true);
    });
  }

  it('ARM-mode ROMs enter in ARM mode (even entry), C ROMs in Thumb mode (odd entry)', () => {
    for (const rom of roms) {
      const pe = parsePe(fs.readFileSync(path.join(binDir, rom)));
      const arm = fs.existsSync(path.join(repo, 'roms', 'asm', rom.replace(/\.exe$/, '.s')));
      expect(pe.entry & 1, rom).toBe(arm ? 0 : 1);
    }
  });

  it('reloc.exe wants relocation (base 0x60000000, .reloc present); armhello.exe has no relocations', () => {
    const reloc = parsePe(fs.readFileSync(path.join(binDir, 'reloc.exe')));
    expect(reloc.imageBase).toBe(0x60000000);
    expect(reloc.relocDirSize).toBeGreaterThan(0);
    const arm = parsePe(fs.readFileSync(path.join(binDir, 'armhello.exe')));
    expect(arm.imageBase).toBe(0x10000);
    expect(arm.relocDirSize).toBe(0);
    expect(arm.characteristics & 1).toBe(1); // IMAGE_FILE_RELOCS_STRIPPED
  });

  it('unimpl.exe imports GetSystemPowerState (coredll ordinal 1581)', () => {
    const pe = parsePe(fs.readFileSync(path.join(binDir, 'unimpl.exe')));
    expect(coredllOrdinals.get(1581)).toBe('GetSystemPowerState');
    expect(pe.imports[0]!.byOrdinal).toContain(1581);
  });
});

describe('roms/build.sh', () => {
  it.skipIf(!toolchain)(
    'rebuilds every committed ROM byte-identically',
    () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wmemu-roms-'));
      try {
        const out = path.join(tmp, 'bin');
        execFileSync('bash', [path.join(repo, 'roms', 'build.sh'), out, path.join(tmp, 'build')], { stdio: 'pipe' });
        const rebuilt = fs
          .readdirSync(out)
          .filter((f) => f.endsWith('.exe'))
          .sort();
        expect(rebuilt).toEqual(roms);
        for (const rom of roms) {
          const a = fs.readFileSync(path.join(binDir, rom));
          const b = fs.readFileSync(path.join(out, rom));
          expect(b.equals(a), `${rom} differs from the committed file: run bash roms/build.sh and commit`).toBe(true);
        }
        // DLL ROMs (testdll.dll & co) too.
        const dlls = fs
          .readdirSync(binDir)
          .filter((f) => f.endsWith('.dll'))
          .sort();
        expect(
          fs
            .readdirSync(out)
            .filter((f) => f.endsWith('.dll'))
            .sort(),
        ).toEqual(dlls);
        for (const dll of dlls) {
          const same = fs.readFileSync(path.join(out, dll)).equals(fs.readFileSync(path.join(binDir, dll)));
          expect(same, `${dll} differs from the committed file: run bash roms/build.sh and commit`).toBe(true);
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
