import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyRelocations,
  countRelocations,
  IMAGE_REL_BASED_ABSOLUTE,
  IMAGE_REL_BASED_ARM_MOV32,
  IMAGE_REL_BASED_HIGH,
  IMAGE_REL_BASED_HIGHLOW,
  IMAGE_REL_BASED_LOW,
  IMAGE_REL_BASED_THUMB_MOV32,
  mapImage,
  parsePe,
  PeFormatError,
  type PeImage,
} from '../../emulator/core/pe/pe-file.js';
import { exportTable, knownDlls, ordinalForName, ordinalName } from '../../emulator/core/pe/ordinals.js';
import '../../emulator/system/dll-set.js'; // the DLL manifests register their export tables
import { describePe, describePeJson } from '../../emulator/core/pe/describe.js';
import {
  ARM_BX_LR,
  armMovt,
  armMovw,
  buildPe,
  concat,
  le32,
  MACHINE_ARM,
  MACHINE_ARMNT,
  MACHINE_THUMB,
  thumbMovt,
  thumbMovw,
  type PeBuildOptions,
} from '../helpers/pe-builder.js';

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** .text layout: 0x00 HIGHLOW word, 0x10 ARM movw/movt, 0x20 Thumb movw/movt, 0x30 HIGH, 0x34 LOW. */
function textWithRelocTargets(): Uint8Array {
  const t = new Uint8Array(0x40);
  t.set(le32(0x00012000), 0x00);
  t.set(le32(armMovw(0, 0x1234)), 0x10);
  t.set(le32(armMovt(0, 0x5678)), 0x14);
  t.set(thumbMovw(0, 0x1234), 0x20);
  t.set(thumbMovt(0, 0x5678), 0x24);
  t.set([0x01, 0x00], 0x30); // HIGH: high half of 0x0001xxxx
  t.set([0x00, 0x20], 0x34); // LOW: 0x2000
  t.set(ARM_BX_LR, 0x38);
  return t;
}

function exeOptions(extra: Partial<PeBuildOptions> = {}): PeBuildOptions {
  return {
    machine: MACHINE_THUMB,
    sections: [
      { name: '.text', data: textWithRelocTargets() },
      { name: '.data', data: Uint8Array.of(1, 2, 3, 4), virtualSize: 0x1800 },
    ],
    imports: [
      { dll: 'COREDLL.dll', entries: [{ ordinal: 1044 }, { ordinal: 545 }, { ordinal: 9999 }] },
      { dll: 'WS2.dll', entries: [{ name: 'send', hint: 77 }, { name: 'WSAStartup', hint: 0 }, { ordinal: 77 }] },
    ],
    relocs: [
      { type: IMAGE_REL_BASED_HIGHLOW, rva: 0x1000 },
      { type: IMAGE_REL_BASED_ARM_MOV32, rva: 0x1010 },
      { type: IMAGE_REL_BASED_THUMB_MOV32, rva: 0x1020 },
      { type: IMAGE_REL_BASED_HIGH, rva: 0x1030 },
      { type: IMAGE_REL_BASED_LOW, rva: 0x1034 },
      { type: IMAGE_REL_BASED_HIGHLOW, rva: 0x2000 },
    ],
    ...extra,
  };
}

function dllOptions(): PeBuildOptions {
  return {
    dll: true,
    machine: MACHINE_ARM,
    entry: 0,
    sections: [{ name: '.text', data: concat(ARM_BX_LR, ARM_BX_LR, ARM_BX_LR) }],
    exports: {
      dllName: 'MYLIB.dll',
      base: 1,
      functions: [
        { name: 'Alpha', rva: 0x1000 },
        { name: 'Beta', rva: 0x1004 },
        { ordinal: 5, rva: 0x1008 }, // no name
        { ordinal: 7, name: 'CopyIt', forwarder: 'COREDLL.memcpy' },
        { ordinal: 8, forwarder: 'COREDLL.#1044' },
      ],
    },
  };
}

function expectFormatError(fn: () => unknown, re: RegExp): PeFormatError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected PeFormatError matching ${re}`).toBeInstanceOf(PeFormatError);
  const msg = (err as Error).message;
  expect(msg).toMatch(re);
  expect(msg).not.toMatch(/[\r\n]/);
  return err as PeFormatError;
}

const w16 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint16(off, v, true);
const w32 = (b: Uint8Array, off: number, v: number) => new DataView(b.buffer, b.byteOffset).setUint32(off, v >>> 0, true);
const r32 = (b: Uint8Array, off: number) => new DataView(b.buffer, b.byteOffset).getUint32(off, true);
const hexBytes = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

// ---------------------------------------------------------------------------------------------
// Parsing valid images
// ---------------------------------------------------------------------------------------------

describe('parsePe: valid executable', () => {
  const { bytes, layout } = buildPe(exeOptions());
  const pe = parsePe(bytes, 'tool.exe');

  it('reads headers', () => {
    expect(pe.machine).toBe(0x01c2);
    expect(pe.machineName).toMatch(/ARMV4I/);
    expect(pe.isDll).toBe(false);
    expect(pe.relocsStripped).toBe(false);
    expect(pe.imageBase).toBe(0x10000);
    expect(pe.sizeOfImage).toBe(layout.sizeOfImage);
    expect(pe.sizeOfHeaders).toBe(layout.sizeOfHeaders);
    expect(pe.subsystem).toBe(9);
    expect(pe.subsystemName).toBe('Windows CE GUI');
    expect(pe.subsystemVersion).toEqual({ major: 5, minor: 2 });
    expect(pe.osVersion).toEqual({ major: 5, minor: 2 });
    expect(pe.stackReserve).toBe(0x10000);
    expect(pe.stackCommit).toBe(0x1000);
    expect(pe.heapReserve).toBe(0x100000);
    expect(pe.heapCommit).toBe(0x1000);
    expect(pe.addressOfEntryPoint).toBe(0x1000);
    expect(pe.entryThumb).toBe(false);
    expect(pe.entryMode).toBe('arm');
    expect(pe.entryVa).toBe(0x11000);
    expect(pe.dataDirectories).toHaveLength(16);
  });

  it('reads sections with protections', () => {
    expect(pe.sections.map((s) => s.name)).toEqual(['.text', '.data', '.idata', '.reloc']);
    const [text, data] = pe.sections;
    expect(text).toMatchObject({ virtualAddress: 0x1000, protection: 'r-x', executable: true, writable: false });
    expect(data).toMatchObject({ virtualAddress: 0x2000, virtualSize: 0x1800, protection: 'rw-', mappedSize: 0x2000 });
    expect(data!.rawCopySize).toBe(0x200);
  });

  it('reads imports by ordinal and by name with IAT slots', () => {
    expect(pe.imports.map((d) => d.dll)).toEqual(['COREDLL.dll', 'WS2.dll']);
    const core = pe.imports[0]!;
    const iat = layout.importTables[0]!.iatRva;
    expect(core.iatRva).toBe(iat);
    expect(core.entries).toEqual([
      { ordinal: 1044, iatRva: iat },
      { ordinal: 545, iatRva: iat + 4 },
      { ordinal: 9999, iatRva: iat + 8 },
    ]);
    const ws2 = pe.imports[1]!;
    expect(ws2.entries[0]).toEqual({ name: 'send', hint: 77, iatRva: layout.importTables[1]!.iatRva });
    expect(ws2.entries[1]).toMatchObject({ name: 'WSAStartup', hint: 0 });
    expect(ws2.entries[2]).toMatchObject({ ordinal: 77 });
  });

  it('reads relocations of every type', () => {
    const all = pe.relocations.flatMap((b) => b.entries);
    expect(pe.relocations.map((b) => b.pageRva)).toEqual([0x1000, 0x2000]);
    expect(all.filter((e) => e.type !== IMAGE_REL_BASED_ABSOLUTE).map((e) => [e.type, e.rva])).toEqual([
      [3, 0x1000],
      [5, 0x1010],
      [7, 0x1020],
      [1, 0x1030],
      [2, 0x1034],
      [3, 0x2000],
    ]);
    expect(countRelocations(pe.relocations)).toEqual({ HIGHLOW: 2, ARM_MOV32: 1, THUMB_MOV32: 1, HIGH: 1, LOW: 1, ABSOLUTE: 2 });
  });

  it('has no exports, resources or TLS', () => {
    expect(pe.exports).toBeUndefined();
    expect(pe.resources).toBeUndefined();
    expect(pe.tls).toBeUndefined();
  });
});

describe('parsePe: machine and entry mode', () => {
  it('ARMNT images are Thumb code with the entry bit 0 set (as lld-link emits)', () => {
    const pe = parsePe(buildPe({ machine: MACHINE_ARMNT, entry: 0x1001 }).bytes);
    expect(pe.machine).toBe(0x01c4);
    expect(pe.entryThumb).toBe(true);
    expect(pe.thumbCode).toBe(true);
    expect(pe.entryMode).toBe('thumb');
    expect(pe.entryVa).toBe(0x11001);
  });
  it('ARMNT with an even entry is still Thumb code', () => {
    const pe = parsePe(buildPe({ machine: MACHINE_ARMNT, entry: 0x1000 }).bytes);
    expect(pe.entryThumb).toBe(false);
    expect(pe.entryMode).toBe('thumb');
  });
  it('ARMV4I with bit 0 set enters in Thumb mode', () => {
    const pe = parsePe(buildPe({ machine: MACHINE_THUMB, entry: 0x1001 }).bytes);
    expect(pe.entryMode).toBe('thumb');
    expect(pe.thumbCode).toBe(false);
  });
  it('plain ARM', () => {
    expect(parsePe(buildPe({ machine: MACHINE_ARM }).bytes).machineName).toBe('ARM');
  });
  it('reports resources and TLS directory locations', () => {
    const { bytes } = buildPe({
      sections: [
        { name: '.text', data: ARM_BX_LR },
        { name: '.rsrc', data: new Uint8Array(0x30) },
        { name: '.tls', data: le32(0x12000) },
      ],
      directories: [
        { index: 2, rva: 0x2000, size: 0x30 },
        { index: 9, rva: 0x3000, size: 24 },
      ],
    });
    const pe = parsePe(bytes);
    expect(pe.resources).toEqual({ rva: 0x2000, size: 0x30 });
    expect(pe.tls).toMatchObject({ rva: 0x3000, startAddressOfRawData: 0x12000 });
  });
});

describe('parsePe: DLL exports', () => {
  const { bytes, layout } = buildPe(dllOptions());
  const pe = parsePe(bytes, 'mylib.dll');
  it('reads the export directory, names, unnamed ordinals and forwarders', () => {
    expect(pe.isDll).toBe(true);
    expect(pe.addressOfEntryPoint).toBe(0);
    expect(pe.entryVa).toBe(0);
    const x = pe.exports!;
    expect(x.dllName).toBe('MYLIB.dll');
    expect(x.ordinalBase).toBe(1);
    expect(x.numberOfFunctions).toBe(8);
    expect(x.functions.map((f) => [f.ordinal, f.name, f.forwarder])).toEqual([
      [1, 'Alpha', undefined],
      [2, 'Beta', undefined],
      [5, undefined, undefined],
      [7, 'CopyIt', 'COREDLL.memcpy'],
      [8, undefined, 'COREDLL.#1044'],
    ]);
    expect(x.functions[1]!.rva).toBe(0x1004);
    const fwd = x.functions[3]!;
    expect(fwd.rva).toBeGreaterThanOrEqual(layout.exportDirRva!);
    expect(fwd.rva).toBeLessThan(layout.exportDirRva! + layout.exportDirSize!);
  });
});

// ---------------------------------------------------------------------------------------------
// Mapping and relocation
// ---------------------------------------------------------------------------------------------

describe('mapImage', () => {
  it('places headers and sections at their RVAs, zero-fills the rest', () => {
    const { bytes, layout } = buildPe(exeOptions());
    const pe = parsePe(bytes);
    const img = mapImage(pe, bytes);
    expect(img.length).toBe(pe.sizeOfImage);
    expect(img.subarray(0, layout.sizeOfHeaders)).toEqual(bytes.subarray(0, layout.sizeOfHeaders));
    expect(img.subarray(0x1000, 0x1040)).toEqual(textWithRelocTargets());
    expect([...img.subarray(0x2000, 0x2004)]).toEqual([1, 2, 3, 4]);
    expect(img.subarray(0x2004, 0x3800).every((b) => b === 0)).toBe(true);
    // IAT initially holds the lookup values.
    const iat = layout.importTables[0]!.iatRva;
    expect(r32(img, iat)).toBe(0x80000000 + 1044);
  });

  it('clips raw data to the virtual size rounded to SectionAlignment', () => {
    const { bytes, layout } = buildPe({ sections: [{ name: '.text', data: new Uint8Array(0x3000).fill(0xaa), virtualSize: 0x10 }] });
    // With VirtualSize 0x10 the section occupies one page; SizeOfRawData 0x3000 is clipped to 0x1000.
    w32(bytes, layout.optionalHeaderOffset + 56, 0x2000);
    const pe = parsePe(bytes);
    expect(pe.sections[0]!.rawCopySize).toBe(0x1000);
    const img = mapImage(pe, bytes);
    expect(img.length).toBe(0x2000);
    expect(img[0x1fff]).toBe(0xaa);
  });
});

describe('applyRelocations', () => {
  // Encodings produced by llvm-mc-19 --triple=armv7 / --triple=thumbv7 -show-encoding.
  const LLVM = {
    arm: {
      'movw r0, #0x1234': [0x34, 0x02, 0x01, 0xe3],
      'movt r0, #0x5678': [0x78, 0x06, 0x45, 0xe3],
      'movt r0, #0x5679': [0x79, 0x06, 0x45, 0xe3],
      'movw r7, #0xffff': [0xff, 0x7f, 0x0f, 0xe3],
      'movt r7, #0x0001': [0x01, 0x70, 0x40, 0xe3],
      'movw r7, #0x0000': [0x00, 0x70, 0x00, 0xe3],
      'movt r7, #0x0002': [0x02, 0x70, 0x40, 0xe3],
      'movw r12, #0x0800': [0x00, 0xc8, 0x00, 0xe3],
      'movt r12, #0xfff0': [0xf0, 0xcf, 0x4f, 0xe3],
      'movt r12, #0x0000': [0x00, 0xc0, 0x40, 0xe3],
    },
    thumb: {
      'movw r0, #0x1234': [0x41, 0xf2, 0x34, 0x20],
      'movt r0, #0x5678': [0xc5, 0xf2, 0x78, 0x60],
      'movt r0, #0x5679': [0xc5, 0xf2, 0x79, 0x60],
      'movw r7, #0xffff': [0x4f, 0xf6, 0xff, 0x77],
      'movt r7, #0x0001': [0xc0, 0xf2, 0x01, 0x07],
      'movw r7, #0x0000': [0x40, 0xf2, 0x00, 0x07],
      'movt r7, #0x0002': [0xc0, 0xf2, 0x02, 0x07],
      'movw r12, #0x0800': [0x40, 0xf6, 0x00, 0x0c],
      'movt r12, #0xfff0': [0xcf, 0xf6, 0xf0, 0x7c],
      'movt r12, #0x0000': [0xc0, 0xf2, 0x00, 0x0c],
    },
  } as const;

  it('builder encoders match llvm-mc', () => {
    const a = (insn: number) => [...le32(insn)];
    expect(a(armMovw(0, 0x1234))).toEqual(LLVM.arm['movw r0, #0x1234']);
    expect(a(armMovt(0, 0x5678))).toEqual(LLVM.arm['movt r0, #0x5678']);
    expect(a(armMovw(7, 0xffff))).toEqual(LLVM.arm['movw r7, #0xffff']);
    expect(a(armMovt(12, 0xfff0))).toEqual(LLVM.arm['movt r12, #0xfff0']);
    expect(a(armMovw(12, 0x0800))).toEqual(LLVM.arm['movw r12, #0x0800']);
    expect([...thumbMovw(0, 0x1234)]).toEqual(LLVM.thumb['movw r0, #0x1234']);
    expect([...thumbMovt(0, 0x5678)]).toEqual(LLVM.thumb['movt r0, #0x5678']);
    expect([...thumbMovw(7, 0xffff)]).toEqual(LLVM.thumb['movw r7, #0xffff']);
    expect([...thumbMovw(12, 0x0800)]).toEqual(LLVM.thumb['movw r12, #0x0800']);
    expect([...thumbMovt(12, 0xfff0)]).toEqual(LLVM.thumb['movt r12, #0xfff0']);
  });

  type Mode = 'arm' | 'thumb';
  const cases: { from: [string, string]; delta: number; to: [string, string] }[] = [
    { from: ['movw r0, #0x1234', 'movt r0, #0x5678'], delta: 0x10000, to: ['movw r0, #0x1234', 'movt r0, #0x5679'] },
    { from: ['movw r7, #0xffff', 'movt r7, #0x0001'], delta: 1, to: ['movw r7, #0x0000', 'movt r7, #0x0002'] }, // carry
    { from: ['movw r7, #0x0000', 'movt r7, #0x0002'], delta: -1, to: ['movw r7, #0xffff', 'movt r7, #0x0001'] }, // borrow
    { from: ['movw r12, #0x0800', 'movt r12, #0x0000'], delta: -0x100000, to: ['movw r12, #0x0800', 'movt r12, #0xfff0'] }, // wrap, i bit
  ];
  for (const mode of ['arm', 'thumb'] as Mode[]) {
    for (const c of cases) {
      it(`${mode === 'arm' ? 'ARM_MOV32' : 'THUMB_MOV32'}: ${c.from.join('; ')} + ${c.delta}`, () => {
        const enc = (s: string): number[] => {
          const bytes = (LLVM[mode] as Record<string, readonly number[]>)[s];
          if (!bytes) throw new Error(`no llvm-mc vector for ${s}`);
          return [...bytes];
        };
        const img = new Uint8Array(0x2000);
        img.set([...enc(c.from[0]), ...enc(c.from[1])], 0x1010);
        const n = applyRelocations(img, [{ pageRva: 0x1000, entries: [{ type: mode === 'arm' ? 5 : 7, offset: 0x10, rva: 0x1010 }] }], c.delta);
        expect(n).toBe(1);
        expect(hexBytes(img.subarray(0x1010, 0x1018))).toBe(hexBytes(Uint8Array.from([...enc(c.to[0]), ...enc(c.to[1])])));
      });
    }
  }

  it('patches a mapped builder image for a new base', () => {
    const { bytes } = buildPe(exeOptions());
    const pe = parsePe(bytes);
    const img = mapImage(pe, bytes);
    const delta = 0x00400000 - pe.imageBase;
    expect(applyRelocations(img, pe.relocations, delta)).toBe(6);
    expect(r32(img, 0x1000)).toBe(0x00012000 + delta);
    expect([...img.subarray(0x1010, 0x1018)]).toEqual([...le32(armMovw(0, 0x1234)), ...le32(armMovt(0, 0x5678 + 0x3f))]);
    expect([...img.subarray(0x1020, 0x1028)]).toEqual([...thumbMovw(0, 0x1234), ...thumbMovt(0, 0x5678 + 0x3f)]);
    expect([...img.subarray(0x1030, 0x1032)]).toEqual([0x40, 0x00]); // HIGH: 0x0001 + 0x003f
    expect([...img.subarray(0x1034, 0x1036)]).toEqual([0x00, 0x20]); // LOW: low half of delta is 0
    // Applying the opposite delta restores the original image.
    applyRelocations(img, pe.relocations, -delta);
    expect(img).toEqual(mapImage(pe, bytes));
  });

  it('HIGH carries from the low half like Windows', () => {
    const img = new Uint8Array(8);
    img.set([0x01, 0x00], 0);
    applyRelocations(img, [{ pageRva: 0, entries: [{ type: 1, offset: 0, rva: 0 }] }], 0x0000ffff);
    expect([...img.subarray(0, 2)]).toEqual([0x01, 0x00]); // (0x00010000 + 0xffff) >> 16 = 1
    applyRelocations(img, [{ pageRva: 0, entries: [{ type: 1, offset: 0, rva: 0 }] }], 0x00010000);
    expect([...img.subarray(0, 2)]).toEqual([0x02, 0x00]);
  });

  it('rejects MOV32 relocations that do not point at movw/movt', () => {
    const img = new Uint8Array(0x2000);
    expectFormatError(
      () => applyRelocations(img, [{ pageRva: 0x1000, entries: [{ type: 5, offset: 0, rva: 0x1000 }] }], 0x1000),
      /^ARM_MOV32 relocation at RVA 0x1000: expected an A32 movw\/movt pair/,
    );
    img.set(thumbMovt(0, 1), 0x1000); // movt first: wrong order
    img.set(thumbMovw(0, 1), 0x1004);
    expectFormatError(
      () => applyRelocations(img, [{ pageRva: 0x1000, entries: [{ type: 7, offset: 0, rva: 0x1000 }] }], 0x1000),
      /^THUMB_MOV32 relocation at RVA 0x1000: expected a T32 movw\/movt pair/,
    );
    expectFormatError(
      () => applyRelocations(img, [{ pageRva: 0x1000, entries: [{ type: 3, offset: 0xffe, rva: 0x1ffe }] }], 1),
      /HIGHLOW relocation at RVA 0x1ffe is outside the mapped image/,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Ordinals and the info report
// ---------------------------------------------------------------------------------------------

describe('ordinals', () => {
  it('names exports by ordinal, case-insensitively, with or without .dll', () => {
    expect(ordinalName('COREDLL.dll', 1044)).toBe('memcpy');
    expect(ordinalName('coredll', 545)).toBe('NKDbgPrintfW');
    expect(ordinalName('CoreDll.DLL', 333)).toBe('LocalAllocTrace');
    expect(ordinalName('WS2.dll', 77)).toBe('send');
    expect(ordinalName('winsock.dll', 28)).toBe('send');
    expect(ordinalName('WINSOCK', 28)).toBe('send');
    expect(ordinalName('coredll', 9999)).toBeUndefined();
    expect(ordinalName('nosuch.dll', 1)).toBeUndefined();
    expect(ordinalForName('coredll.dll', 'memcpy')).toBe(1044);
    expect(knownDlls()).toEqual(expect.arrayContaining(['coredll', 'ws2', 'winsock']));
    expect(exportTable('coredll')!.size).toBeGreaterThan(1800);
  });
});

describe('describePe', () => {
  it('prints the info report', () => {
    const { bytes } = buildPe(exeOptions());
    const pe = parsePe(bytes, 'tool.exe');
    const text = describePe(pe, 'tool.exe');
    expect(text).toContain('tool.exe');
    expect(text).toContain('0x01C2 (ARMV4I: ARM with Thumb interworking)');
    expect(text).toContain('9 (Windows CE GUI)');
    expect(text).toMatch(/entry point: +RVA 0x00001000 = 0x00011000 \(ARM\)/);
    expect(text).toMatch(/\.text +0x00001000 +0x00000040 +0x00000400 +0x00000200 +r-x/);
    expect(text).toContain('ordinal 1044 memcpy');
    expect(text).toContain('ordinal 545 NKDbgPrintfW');
    expect(text).toContain('ordinal 9999 (no name known)');
    expect(text).toContain('ordinal 77 send');
    expect(text).toContain('by name send (hint 77)');
    expect(text).toMatch(/relocations: 2 blocks, 8 entries \(.*HIGHLOW 2.*ARM_MOV32 1.*THUMB_MOV32 1/);
    const json = describePeJson(pe) as any;
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.imports[0].entries[0]).toEqual({ ordinal: 1044, name: 'memcpy', iatRva: pe.imports[0]!.iatRva });
    expect(json.entryPoint.mode).toBe('arm');
  });

  it('prints exports with forwarders and a Thumb entry', () => {
    const dll = parsePe(buildPe(dllOptions()).bytes);
    const text = describePe(dll, 'mylib.dll');
    expect(text).toContain('exports of MYLIB.dll (5 functions, ordinal base 1)');
    expect(text).toContain('ordinal 7 CopyIt -> COREDLL.memcpy');
    expect(text).toContain('ordinal 8 (no name) -> COREDLL.#1044');
    expect(text).toContain('entry point:       none');
    const nt = parsePe(buildPe({ machine: MACHINE_ARMNT, entry: 0x1001 }).bytes);
    expect(describePe(nt, 'x.exe')).toMatch(/0x00011001 \(Thumb\)/);
  });
});

// ---------------------------------------------------------------------------------------------
// Malformed input
// ---------------------------------------------------------------------------------------------

/**
 * An image with a hand-made import descriptor in `.idata` pointing into a trailing `.junk` section
 * (the last section of the image) that the test fills as needed.
 */
function junkImportImage(junk: Uint8Array, opts: { nameRva?: number; thunkRva?: number } = {}): Uint8Array {
  const idata = new Uint8Array(0x100);
  const junkRva = 0x3000;
  w32(idata, 0, opts.thunkRva ?? junkRva); // OriginalFirstThunk
  w32(idata, 12, opts.nameRva ?? 0x2000 + 0x80); // Name
  w32(idata, 16, opts.thunkRva ?? junkRva); // FirstThunk
  idata.set(
    [...'X.dll'].map((c) => c.charCodeAt(0)),
    0x80,
  );
  return buildPe({
    sections: [
      { name: '.text', data: ARM_BX_LR },
      { name: '.idata', data: idata },
      { name: '.junk', data: junk, virtualSize: junk.length },
    ],
    directories: [{ index: 1, rva: 0x2000, size: 40 }],
  }).bytes;
}

describe('malformed files are rejected with one-line PeFormatError messages', () => {
  const exe = buildPe(exeOptions());
  const dll = buildPe(dllOptions());
  const L = exe.layout;
  const oh = L.optionalHeaderOffset;
  const fh = L.fileHeaderOffset;
  const dirOff = (i: number) => L.dataDirectoryOffset + 8 * i;
  const sec = (i: number) => L.sections[i]!.headerOffset;

  type Case = [name: string, make: () => Uint8Array, re: RegExp];
  const mut =
    (f: (b: Uint8Array) => void, base: Uint8Array = exe.bytes) =>
    () => {
      const b = base.slice();
      f(b);
      return b;
    };
  const cut = (n: number) => () => exe.bytes.slice(0, n);

  const cases: Case[] = [
    ['empty file', cut(0), /^bad\.exe: truncated: file is 0 bytes, DOS header needs 64$/],
    ['truncated DOS header', cut(63), /^bad\.exe: truncated: file is 63 bytes, DOS header needs 64$/],
    ['bad MZ', mut((b) => w16(b, 0, 0x4d5a)), /bad DOS signature 0x4D5A at 0x0 \(expected "MZ"\)/],
    ['e_lfanew past end', mut((b) => w32(b, 0x3c, 0x100000)), /e_lfanew 0x100000 points past the end of the file \(0x[0-9a-f]+ bytes\)/],
    ['e_lfanew huge', mut((b) => w32(b, 0x3c, 0xfffffffe)), /e_lfanew 0xfffffffe points past the end/],
    ['truncated after DOS header', cut(0x80), /e_lfanew 0x80 points past the end of the file \(0x80 bytes\)/],
    ['bad PE signature', mut((b) => w32(b, 0x80, 0x00004550 + 0x100)), /bad NT signature 0x4650 at 0x80 \(expected "PE\\0\\0"\)/],
    ['truncated in file header', cut(0x90), /^bad\.exe: truncated: file is 144 bytes, NT headers at 0x80 need at least 24$/],
    ['truncated in optional header', cut(200), /^bad\.exe: truncated: file is 200 bytes, NT headers at 0x80 need 248$/],
    ['truncated in section table', cut(0x180), /truncated: file is 384 bytes, section table at 0x178 needs 4\*40 = 160/],
    ['truncated in section data', cut(L.sections[0]!.fileOffset + 0x10), /section \.text raw data 0x400\+0x200 extends past end of file \(0x410 bytes\)/],
    ['i386 machine', mut((b) => w16(b, fh, 0x014c)), /unsupported machine 0x014C \(i386\)/],
    ['ARM64 machine', mut((b) => w16(b, fh, 0xaa64)), /unsupported machine 0xAA64 \(ARM64\)/],
    ['PE32+', mut((b) => w16(b, oh, 0x20b)), /PE32\+ \(64-bit\) images are not supported/],
    ['bad optional magic', mut((b) => w16(b, oh, 0x107)), /bad optional header magic 0x107 at 0x98/],
    ['SizeOfOptionalHeader too small', mut((b) => w16(b, fh + 16, 64)), /SizeOfOptionalHeader 64 is too small for a PE32 image \(need at least 96\)/],
    [
      'SizeOfOptionalHeader vs directories',
      mut((b) => w16(b, fh + 16, 128)),
      /NumberOfRvaAndSizes 16 needs 224 bytes of optional header but SizeOfOptionalHeader is 128/,
    ],
    ['SizeOfOptionalHeader past EOF', mut((b) => w16(b, fh + 16, 0xffff)), /truncated: file is \d+ bytes, NT headers at 0x80 need 65559/],
    ['too many sections', mut((b) => w16(b, fh + 2, 65535)), /too many sections \(65535; limit 96\)/],
    ['97 sections', mut((b) => w16(b, fh + 2, 97)), /too many sections \(97; limit 96\)/],
    ['absurd SizeOfImage', mut((b) => w32(b, oh + 56, 0x7fffffff)), /SizeOfImage 0x7fffffff is absurd \(limit 256 MiB\)/],
    ['FileAlignment not a power of two', mut((b) => w32(b, oh + 36, 0x300)), /FileAlignment 0x300 is invalid/],
    ['FileAlignment 0', mut((b) => w32(b, oh + 36, 0)), /FileAlignment 0x0 is invalid/],
    ['SectionAlignment < FileAlignment', mut((b) => w32(b, oh + 32, 0x100)), /SectionAlignment 0x100 is smaller than FileAlignment 0x200/],
    ['ImageBase unaligned', mut((b) => w32(b, oh + 28, 0x12345)), /ImageBase 0x12345 is not a multiple of 64 KiB/],
    [
      'image past 4 GiB',
      mut((b) => {
        w32(b, oh + 28, 0xffff0000);
        w32(b, oh + 56, 0x20000);
      }),
      /image 0xffff0000\+0x20000 extends past the 4 GiB address space/,
    ],
    ['SizeOfHeaders too small', mut((b) => w32(b, oh + 60, 0x100)), /SizeOfHeaders 0x100 does not cover the headers and section table \(end 0x218\)/],
    ['SizeOfHeaders past EOF', mut((b) => w32(b, oh + 60, 0x100000)), /SizeOfHeaders 0x100000 extends past the end of the file/],
    ['section VA unaligned', mut((b) => w32(b, sec(1) + 12, 0x2100)), /section \.data virtual address 0x2100 is not aligned to SectionAlignment 0x1000/],
    ['overlapping sections', mut((b) => w32(b, sec(1) + 12, 0x1000)), /section \.data at RVA 0x1000 overlaps section \.text \(ending at 0x2000\)/],
    ['section over headers', mut((b) => w32(b, sec(0) + 12, 0)), /section \.text at RVA 0x0 overlaps headers \(ending at 0x1000\)/],
    ['section past SizeOfImage', mut((b) => w32(b, oh + 56, 0x3000)), /section \.data 0x2000\+0x1800 extends past SizeOfImage 0x3000/],
    [
      'section raw data past EOF',
      mut((b) => w32(b, sec(1) + 20, 0x400000)),
      /section \.data raw data 0x400000\+0x200 extends past end of file \(0x[0-9a-f]+ bytes\)/,
    ],
    ['section raw size past EOF', mut((b) => w32(b, sec(1) + 16, 0x10000)), /section \.data raw data 0x600\+0x2000 extends past end of file \(0xc00 bytes\)/],
    [
      'section name with control chars',
      mut((b) => {
        b[sec(1)] = 0x0a;
        w32(b, sec(1) + 12, 0x1000);
      }),
      /section \\x0adata at RVA 0x1000 overlaps/,
    ],
    ['entry outside image', mut((b) => w32(b, oh + 16, 0x900000)), /AddressOfEntryPoint 0x900000 is outside the image \(SizeOfImage 0x6000\)/],
    ['exe without entry', mut((b) => w32(b, oh + 16, 0)), /executable has no entry point/],
    ['import directory outside image', mut((b) => w32(b, dirOff(1), 0x50000)), /import directory RVA 0x50000 is outside the image \(SizeOfImage 0x6000\)/],
    ['import directory straddles end', mut((b) => w32(b, dirOff(1), 0x5ff8)), /import directory RVA 0x5ff8\+0x14 extends past the end of the image/],
    [
      'import DLL name outside image',
      mut((b) => w32(b, L.importTables[0]!.descriptorRva - 0x4000 + L.sections[2]!.fileOffset + 12, 0x123456)),
      /import DLL name \(descriptor 0\) RVA 0x123456 is outside the image/,
    ],
    [
      'import name string outside',
      mut((b) => w32(b, L.importTables[1]!.lookupRva - 0x4000 + L.sections[2]!.fileOffset, 0x7000000)),
      /import hint\/name for WS2\.dll entry 0 RVA 0x7000000 is outside the image/,
    ],
    [
      'import thunk list outside',
      mut((b) => w32(b, L.importTables[0]!.descriptorRva - 0x4000 + L.sections[2]!.fileOffset, 0xffffff00)),
      /import lookup table for COREDLL\.dll RVA 0xffffff00 is outside the image/,
    ],
    [
      'import DLL name unterminated',
      () => junkImportImage(new Uint8Array(0x1000).fill(0x41), { nameRva: 0x3000, thunkRva: 0x2040 }),
      /import DLL name \(descriptor 0\) at RVA 0x3000 is unterminated within 512 bytes/,
    ],
    [
      'import DLL name runs off the image',
      () => junkImportImage(new Uint8Array(0x1000).fill(0x41), { nameRva: 0x3ffc, thunkRva: 0x2040 }),
      /import DLL name \(descriptor 0\) at RVA 0x3ffc is unterminated: runs past the end of the image/,
    ],
    [
      'import name unterminated',
      () => {
        const junk = new Uint8Array(0x1000).fill(0x41);
        w32(junk, 0, 0x3100); // thunk -> hint/name at 0x3100, all 'A'
        w32(junk, 4, 0);
        return junkImportImage(junk);
      },
      /import name string for X\.dll entry 0 at RVA 0x3102 is unterminated within 512 bytes/,
    ],
    [
      'unterminated thunk list',
      () => {
        const junk = new Uint8Array(0x1000);
        for (let i = 0; i < junk.length; i += 4) w32(junk, i, 0x80000001);
        return junkImportImage(junk);
      },
      /import thunk list for X\.dll at RVA 0x3000 has no terminator within the image/,
    ],
    [
      'too many imports',
      () => {
        const junk = new Uint8Array(0x10000);
        for (let i = 0; i < junk.length; i += 4) w32(junk, i, 0x80000001);
        return junkImportImage(junk);
      },
      /import thunk list for X\.dll at RVA 0x3000 has more than 10000 entries/,
    ],
    [
      'export counts absurd',
      mut((b) => w32(b, dll.layout.sections[1]!.fileOffset + 20, 0x7fffffff), dll.bytes),
      /export directory counts absurd: Base 1, NumberOfFunctions 2147483647/,
    ],
    ['export names absurd', mut((b) => w32(b, dll.layout.sections[1]!.fileOffset + 24, 0x100000), dll.bytes), /export directory counts absurd/],
    [
      'export ordinal base absurd',
      mut((b) => w32(b, dll.layout.sections[1]!.fileOffset + 16, 0xfffff), dll.bytes),
      /export directory counts absurd: Base 1048575/,
    ],
    [
      'export table outside image',
      mut((b) => w32(b, dll.layout.sections[1]!.fileOffset + 28, 0x2ff0), dll.bytes),
      /export address table RVA 0x2ff0\+0x20 extends past the end of the image/,
    ],
    [
      'export name index out of range',
      mut((b) => {
        const d = dll.layout.sections[1]!.fileOffset;
        const not = r32(b, d + 36) - dll.layout.exportDirRva! + d;
        w16(b, not, 50);
      }, dll.bytes),
      /export name 'Alpha' has function index 50 >= NumberOfFunctions 8/,
    ],
    [
      'export directory too small',
      mut((b) => w32(b, dll.layout.dataDirectoryOffset + 4, 16), dll.bytes),
      /export directory size 0x10 is smaller than IMAGE_EXPORT_DIRECTORY \(40\)/,
    ],
    [
      'bad forwarder',
      () => buildPe({ ...dllOptions(), exports: { dllName: 'A.dll', functions: [{ name: 'F', forwarder: 'NODOT' }] } }).bytes,
      /export 'F' forwarder 'NODOT' at RVA 0x[0-9a-f]+ is not of the form DLL\.Function/,
    ],
    [
      'relocation block size too small',
      mut((b) => w32(b, L.sections[3]!.fileOffset + 4, 4)),
      /relocation block at RVA 0x5000 has invalid size 0x4 \(must be even, >= 8 and fit in the 0x[0-9a-f]+-byte directory at 0x5000\)/,
    ],
    ['relocation block size odd', mut((b) => w32(b, L.sections[3]!.fileOffset + 4, 9)), /relocation block at RVA 0x5000 has invalid size 0x9/],
    ['relocation block past directory', mut((b) => w32(b, L.sections[3]!.fileOffset + 4, 0x1000)), /relocation block at RVA 0x5000 has invalid size 0x1000/],
    [
      'relocation directory outside image',
      mut((b) => w32(b, dirOff(5) + 4, 0x100000)),
      /base relocation directory RVA 0x5000\+0x100000 extends past the end of the image/,
    ],
    ['unsupported relocation type', mut((b) => w16(b, L.sections[3]!.fileOffset + 8, 0x4000)), /unsupported relocation type 4 \(HIGHADJ\) at RVA 0x1000/],
    [
      'relocation page outside image',
      mut((b) => w32(b, L.sections[3]!.fileOffset, 0x900000)),
      /relocation block at RVA 0x5000 targets page 0x900000 outside the image/,
    ],
    [
      'resource directory outside image',
      mut((b) => {
        w32(b, dirOff(2), 0x5000);
        w32(b, dirOff(2) + 4, 0x10000);
      }),
      /resource directory RVA 0x5000\+0x10000 extends past the end of the image/,
    ],
    [
      'TLS directory outside image',
      mut((b) => {
        w32(b, dirOff(9), 0x80000);
        w32(b, dirOff(9) + 4, 24);
      }),
      /TLS directory RVA 0x80000 is outside the image/,
    ],
  ];

  for (const [name, make, re] of cases) {
    it(name, () => {
      expectFormatError(() => parsePe(make(), 'bad.exe'), re);
    });
  }

  it('relocation target straddling the end of the image', () => {
    const b2 = buildPe({ sections: [{ name: '.text', data: ARM_BX_LR }], relocs: [{ type: 3, rva: 0x1ffe }] });
    // .reloc is the last section; point the block at the last bytes of the image.
    w32(b2.bytes, b2.layout.sections[1]!.fileOffset, b2.layout.sizeOfImage - 0x1000);
    w16(b2.bytes, b2.layout.sections[1]!.fileOffset + 8, 0x3ffe);
    expectFormatError(() => parsePe(b2.bytes), /HIGHLOW relocation at RVA 0x2ffe patches past the end of the image \(SizeOfImage 0x3000\)/);
  });

  it('every truncation of a valid file is rejected', () => {
    for (const base of [exe.bytes, dll.bytes]) {
      for (let n = 0; n < base.length; n++) {
        let err: unknown;
        try {
          parsePe(base.subarray(0, n), 'cut.exe');
        } catch (e) {
          err = e;
        }
        if (!(err instanceof PeFormatError) || /internal parser error/.test(err.message)) {
          throw new Error(`truncation to ${n} bytes: ${String(err)}`);
        }
      }
    }
  });

  it('prefixes the file name only when given', () => {
    const e = expectFormatError(() => parsePe(new Uint8Array(10)), /^truncated: file is 10 bytes/);
    expect(e.fileName).toBeUndefined();
    const e2 = expectFormatError(() => parsePe(new Uint8Array(10), 'dir/x.exe'), /^dir\/x\.exe: truncated/);
    expect(e2.detail).toBe('truncated: file is 10 bytes, DOS header needs 64');
    expect(e2.name).toBe('PeFormatError');
  });
});

describe('seeded mutation fuzzing', () => {
  /** mulberry32: tiny deterministic PRNG. */
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('2,000 mutations either parse or throw PeFormatError', () => {
    const rnd = prng(0x5eed1234);
    const int = (n: number) => Math.floor(rnd() * n);
    const bases = [buildPe(exeOptions()), buildPe(dllOptions())];
    const interesting = [
      0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0x2000, 0x5ffe, 0x6000, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
    ];
    let ok = 0;
    let rejected = 0;
    const started = Date.now();
    for (let iter = 0; iter < 2000; iter++) {
      const base = bases[iter % bases.length]!;
      let b = base.bytes.slice();
      const n = 1 + int(6);
      for (let k = 0; k < n; k++) {
        // Mostly hit the headers and the generated tables, sometimes anywhere.
        const region = int(4);
        const off = region === 0 ? int(base.layout.sizeOfHeaders) : region === 1 ? base.layout.dataDirectoryOffset + int(16 * 8) : int(b.length);
        const kind = int(4);
        if (kind === 0) b[off] = int(256);
        else if (kind === 1) b[off]! ^= 1 << int(8);
        else if (kind === 2 && off + 4 <= b.length) w32(b, off, interesting[int(interesting.length)]!);
        else if (kind === 3 && off + 2 <= b.length) w16(b, off, interesting[int(interesting.length)]! & 0xffff);
      }
      if (int(10) === 0) b = b.slice(0, int(b.length));
      let pe: PeImage | undefined;
      try {
        pe = parsePe(b, `mut${iter}.exe`);
        ok++;
      } catch (e) {
        if (!(e instanceof PeFormatError)) throw new Error(`iteration ${iter}: unexpected ${String(e)}`, { cause: e });
        expect(e.message).not.toMatch(/[\r\n]/);
        // parsePe wraps unexpected exceptions as "internal parser error": there must be none.
        if (/internal parser error/.test(e.message)) throw e;
        rejected++;
      }
      if (pe) {
        // The loader path must hold up too: mapping, relocating, describing.
        try {
          const img = mapImage(pe, b);
          applyRelocations(img, pe.relocations, 0x10000);
        } catch (e) {
          if (!(e instanceof PeFormatError)) throw new Error(`iteration ${iter}: loader path threw ${String(e)}`, { cause: e });
        }
        describePe(pe, 'm.exe');
        JSON.stringify(describePeJson(pe));
      }
    }
    expect(ok).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

// ---------------------------------------------------------------------------------------------
// Real ROMs, when present
// ---------------------------------------------------------------------------------------------

const romDir = join(import.meta.dirname, '..', '..', 'roms', 'bin');
const roms = existsSync(romDir) ? readdirSync(romDir).filter((f) => /\.(exe|dll)$/i.test(f)) : [];
// CE 6 exports (coredll-ce6-exports.tsv), imported by crt.exe and rtstart.exe through roms/src/coredll6.def and rtstart6.def.
const ce6Ordinals = new Set(
  readFileSync(join(import.meta.dirname, '..', '..', 'emulator', 'dlls', 'coredll', 'coredll-ce6-exports.tsv'), 'utf8')
    .split('\n')
    .map((l) => l.split('\t')[0] ?? '')
    .filter((o) => /^\d+$/.test(o))
    .map(Number),
);

describe.skipIf(roms.length === 0)('real ROMs in roms/bin', () => {
  for (const f of roms) {
    it(`parses ${f}`, () => {
      const bytes = readFileSync(join(romDir, f));
      const pe = parsePe(bytes, f);
      expect([0x01c0, 0x01c2, 0x01c4]).toContain(pe.machine);
      if (!pe.isDll) {
        expect(pe.subsystem).toBe(9);
        expect(pe.addressOfEntryPoint).not.toBe(0);
      }
      const core = pe.imports.find((d) => /^coredll(\.dll)?$/i.test(d.dll));
      if (core) {
        for (const e of core.entries) {
          expect(e.ordinal, `${f}: COREDLL import ${e.name ?? ''} should be by ordinal`).toBeDefined();
          if (!ce6Ordinals.has(e.ordinal!)) expect(ordinalName(core.dll, e.ordinal!), `${f}: unknown COREDLL ordinal ${e.ordinal}`).toBeDefined();
        }
      }
      const img = mapImage(pe, bytes);
      applyRelocations(img, pe.relocations, 0x00100000);
      expect(describePe(pe, f)).toContain(f);
    });
  }
});
