/**
 * Cross-checks the PE parser against images produced by a real linker (LLVM 19 clang + lld-link,
 * ARMNT/Thumb-2). Skipped when the toolchain is not installed.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyRelocations, mapImage, parsePe } from '../../emulator/core/pe/pe-file.js';

const LLVM = '/usr/lib/llvm-19/bin';
const haveLlvm = existsSync(join(LLVM, 'clang')) && existsSync(join(LLVM, 'lld-link'));

describe.skipIf(!haveLlvm)('parsePe on lld-link output', () => {
  it('reads a DLL with NONAME ordinals and forwarders, and an EXE importing by name and ordinal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmemu-pe-'));
    try {
      const run = (tool: string, args: string[]) => execFileSync(join(LLVM, tool), args, { cwd: dir, stdio: 'pipe' });
      writeFileSync(join(dir, 'lib.c'), '__declspec(dllexport) void *memcpy2(void *d, const void *s, unsigned n) { return d; }\n');
      writeFileSync(
        join(dir, 'lib.def'),
        'LIBRARY MYLIB\nEXPORTS\n  memcpy2 @3\n  hidden=memcpy2 @10 NONAME\n  fwd=COREDLL.memcpy @11\n  fwd2=COREDLL.#1044 @12\n',
      );
      writeFileSync(
        join(dir, 'app.c'),
        [
          '__declspec(dllimport) void *memcpy2(void *, const void *, unsigned);',
          '__declspec(dllimport) void *hidden(void *, const void *, unsigned);',
          'int g = 5; int *pg = &g;',
          'int __stdcall WinMainCRTStartup(void) { char a[4], b[4]; memcpy2(a, b, 4); hidden(a, b, 4); return *pg; }',
        ].join('\n'),
      );
      run('clang', ['--target=thumbv7-windows-msvc', '-O2', '-c', 'lib.c', '-o', 'lib.o']);
      run('clang', ['--target=thumbv7-windows-msvc', '-O2', '-c', 'app.c', '-o', 'app.o']);
      run('lld-link', ['/dll', '/noentry', '/machine:arm', '/def:lib.def', '/out:mylib.dll', 'lib.o', '/nodefaultlib']);
      run('lld-link', ['/out:app.exe', '/entry:WinMainCRTStartup', '/subsystem:windows', '/base:0x10000', 'app.o', 'mylib.lib', '/nodefaultlib']);

      const dll = parsePe(readFileSync(join(dir, 'mylib.dll')), 'mylib.dll');
      expect(dll.machine).toBe(0x01c4);
      expect(dll.isDll).toBe(true);
      const fns = dll.exports!.functions.map((f) => [f.ordinal, f.name, f.forwarder, f.rva & 1]);
      expect(fns).toEqual([
        [3, 'memcpy2', undefined, 1], // Thumb function: RVA bit 0 set
        [10, undefined, undefined, 1],
        [11, 'fwd', 'COREDLL.memcpy', expect.any(Number)],
        [12, 'fwd2', expect.stringMatching(/^C?OREDLL\.#1044$/), expect.any(Number)],
      ]);
      // lld-link 19 ORs the Thumb bit into *every* ARMNT export RVA, forwarder strings included, so a
      // forwarder string at an even RVA is referenced one byte late ("OREDLL.#1044"). The parser
      // reports what the file says, as the Windows loader would read it.
      expect(dll.exports!.functions.find((f) => f.name === 'fwd')!.forwarder).toBe('COREDLL.memcpy');

      const bytes = readFileSync(join(dir, 'app.exe'));
      const exe = parsePe(bytes, 'app.exe');
      expect(exe.machine).toBe(0x01c4);
      expect(exe.entryThumb).toBe(true); // LLVM sets bit 0 of an ARMNT entry RVA
      expect(exe.entryMode).toBe('thumb');
      expect(exe.imports).toHaveLength(1);
      expect(exe.imports[0]!.dll).toBe('MYLIB.dll');
      expect(exe.imports[0]!.entries.map((e) => e.ordinal ?? e.name).sort()).toEqual([10, 'memcpy2'].sort());
      const types = new Set(exe.relocations.flatMap((b) => b.entries.map((e) => e.type)));
      expect(types.has(7)).toBe(true); // THUMB_MOV32 for the movw/movt of &g / IAT loads
      expect(types.has(3)).toBe(true); // HIGHLOW for pg = &g
      const img = mapImage(exe, bytes);
      const before = img.slice();
      expect(applyRelocations(img, exe.relocations, 0x00100000)).toBeGreaterThan(0);
      applyRelocations(img, exe.relocations, -0x00100000);
      expect(img).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
