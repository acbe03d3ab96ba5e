/**
 * Tiny PE32 builder for tests: produces a valid Windows CE ARM image (EXE or DLL) with the given
 * sections, imports (by name and by ordinal), exports (including forwarders) and base relocations.
 *
 * Layout: DOS header (e_lfanew 0x80) + NT headers (16 data directories) + section table, then the
 * caller's sections in order from RVA 0x1000 (SectionAlignment 0x1000, FileAlignment 0x200), then
 * generated `.idata`, `.edata` and `.reloc` sections as needed. Every position is returned in
 * `layout` so tests can corrupt specific fields.
 *
 * Independent of emulator/pe (its own encoders) so it can cross-check the parser.
 */

export const MACHINE_ARM = 0x01c0;
export const MACHINE_THUMB = 0x01c2;
export const MACHINE_ARMNT = 0x01c4;

export const SCN_CODE = 0x60000020; // code | execute | read
export const SCN_DATA = 0xc0000040; // initialized | read | write
export const SCN_RDATA = 0x40000040; // initialized | read
export const SCN_BSS = 0xc0000080; // uninitialized | read | write

export interface BuildSection {
  name: string;
  /** Raw data (may be empty for .bss-like sections). */
  data?: Uint8Array;
  /** Defaults to data length (at least 1). */
  virtualSize?: number;
  /** Defaults: SCN_CODE for `.text`, SCN_BSS for `.bss`, SCN_DATA otherwise. */
  characteristics?: number;
}

export type BuildImportEntry = { ordinal: number } | { name: string; hint?: number };

export interface BuildImport {
  dll: string;
  entries: BuildImportEntry[];
}

export interface BuildExportFunction {
  /** Defaults to the next ordinal after the previous function (starting at `base`). */
  ordinal?: number;
  name?: string;
  /** RVA of the code/data (ignored for forwarders). */
  rva?: number;
  /** e.g. `COREDLL.memcpy` or `COREDLL.#1044`. */
  forwarder?: string;
}

export interface BuildExports {
  dllName: string;
  /** Ordinal base; defaults to the smallest ordinal (1 if none given). */
  base?: number;
  functions: BuildExportFunction[];
}

export interface BuildReloc {
  /** IMAGE_REL_BASED_* type. */
  type: number;
  rva: number;
}

export interface PeBuildOptions {
  machine?: number;
  dll?: boolean;
  imageBase?: number;
  /** Entry RVA (bit 0 = Thumb). Defaults to the first section's RVA, or 0 for a DLL without sections. */
  entry?: number;
  subsystem?: number;
  osVersion?: [number, number];
  subsystemVersion?: [number, number];
  stackReserve?: number;
  stackCommit?: number;
  heapReserve?: number;
  heapCommit?: number;
  relocsStripped?: boolean;
  sectionAlignment?: number;
  fileAlignment?: number;
  /** Default: one `.text` section holding `bx lr` (ARM). */
  sections?: BuildSection[];
  imports?: BuildImport[];
  exports?: BuildExports;
  relocs?: BuildReloc[];
  /** Extra data directory entries (resource, TLS, ...) written as given, overriding generated ones. */
  directories?: { index: number; rva: number; size: number }[];
}

export interface BuiltSection {
  name: string;
  rva: number;
  virtualSize: number;
  fileOffset: number;
  rawSize: number;
  /** File offset of this section's 40-byte header. */
  headerOffset: number;
}

export interface PeLayout {
  peOffset: number;
  fileHeaderOffset: number;
  optionalHeaderOffset: number;
  /** File offset of data directory `i` is dataDirectoryOffset + 8*i. */
  dataDirectoryOffset: number;
  sectionTableOffset: number;
  sizeOfHeaders: number;
  sizeOfImage: number;
  sections: BuiltSection[];
  importDirRva?: number;
  /** Per DLL (in order): RVA of the lookup table, the IAT, and each hint/name entry (0 for ordinals). */
  importTables: { dll: string; descriptorRva: number; lookupRva: number; iatRva: number; nameRva: number; hintNameRvas: number[] }[];
  exportDirRva?: number;
  exportDirSize?: number;
  relocDirRva?: number;
  relocDirSize?: number;
}

export interface PeBuildResult {
  bytes: Uint8Array;
  layout: PeLayout;
}

// --- little-endian buffer helper ----------------------------------------------------------------

class Buf {
  bytes: number[] = [];
  get length(): number {
    return this.bytes.length;
  }
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  str(s: string): this {
    for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i));
    return this.u8(0);
  }
  align(a: number): this {
    while (this.bytes.length % a) this.u8(0);
    return this;
  }
  set32(off: number, v: number): void {
    for (let i = 0; i < 4; i++) this.bytes[off + i] = (v >>> (8 * i)) & 0xff;
  }
  toUint8Array(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

// --- instruction encoders (ARM ARM: A32 MOVW A2 / MOVT A1, T32 MOVW T3 / MOVT T1) ---------------

/** A32 `movw rd, #imm16` (cond AL) as a 32-bit word. */
export function armMovw(rd: number, imm16: number): number {
  return (0xe3000000 | ((imm16 & 0xf000) << 4) | (rd << 12) | (imm16 & 0xfff)) >>> 0;
}
/** A32 `movt rd, #imm16` (cond AL) as a 32-bit word. */
export function armMovt(rd: number, imm16: number): number {
  return (0xe3400000 | ((imm16 & 0xf000) << 4) | (rd << 12) | (imm16 & 0xfff)) >>> 0;
}
function thumbMov(base: number, rd: number, imm16: number): Uint8Array {
  const hw1 = base | (((imm16 >>> 11) & 1) << 10) | ((imm16 >>> 12) & 0xf);
  const hw2 = (((imm16 >>> 8) & 7) << 12) | (rd << 8) | (imm16 & 0xff);
  return Uint8Array.of(hw1 & 0xff, hw1 >>> 8, hw2 & 0xff, hw2 >>> 8);
}
/** T32 `movw rd, #imm16` as 4 bytes in memory order. */
export function thumbMovw(rd: number, imm16: number): Uint8Array {
  return thumbMov(0xf240, rd, imm16);
}
/** T32 `movt rd, #imm16` as 4 bytes in memory order. */
export function thumbMovt(rd: number, imm16: number): Uint8Array {
  return thumbMov(0xf2c0, rd, imm16);
}
/** A 32-bit word as 4 little-endian bytes. */
export function le32(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}
/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
/** A32 `bx lr`. */
export const ARM_BX_LR = le32(0xe12fff1e);

// --- builder --------------------------------------------------------------------------------------

interface PendingSection {
  name: string;
  data: Uint8Array;
  virtualSize: number;
  characteristics: number;
}

/** Builds a PE32 image. */
export function buildPe(opts: PeBuildOptions = {}): PeBuildResult {
  const SA = opts.sectionAlignment ?? 0x1000;
  const FA = opts.fileAlignment ?? 0x200;
  const imageBase = opts.imageBase ?? 0x10000;
  const userSections = opts.sections ?? [{ name: '.text', data: ARM_BX_LR }];

  const pending: PendingSection[] = userSections.map((s) => {
    const data = s.data ?? new Uint8Array(0);
    return {
      name: s.name,
      data,
      virtualSize: s.virtualSize ?? Math.max(data.length, 1),
      characteristics: s.characteristics ?? (s.name === '.text' ? SCN_CODE : s.name === '.bss' ? SCN_BSS : SCN_DATA),
    };
  });
  let nextRva = 0x1000;
  const rvas: number[] = [];
  for (const s of pending) {
    rvas.push(nextRva);
    nextRva += alignUp(s.virtualSize, SA);
  }

  const layout: PeLayout = {
    peOffset: 0x80,
    fileHeaderOffset: 0x84,
    optionalHeaderOffset: 0x98,
    dataDirectoryOffset: 0x98 + 96,
    sectionTableOffset: 0x98 + 224,
    sizeOfHeaders: 0,
    sizeOfImage: 0,
    sections: [],
    importTables: [],
  };
  const dirs: { rva: number; size: number }[] = Array.from({ length: 16 }, () => ({ rva: 0, size: 0 }));

  // .idata: descriptors | lookup tables | IATs | hint/names | DLL names
  if (opts.imports && opts.imports.length > 0) {
    const base = nextRva;
    const imps = opts.imports;
    const b = new Buf();
    const descSize = 20 * (imps.length + 1);
    b.bytes.length = descSize;
    b.bytes.fill(0);
    const lookupOffs: number[] = [];
    for (const imp of imps) {
      lookupOffs.push(b.length);
      for (let i = 0; i <= imp.entries.length; i++) b.u32(0);
    }
    const iatOffs: number[] = [];
    for (const imp of imps) {
      iatOffs.push(b.length);
      for (let i = 0; i <= imp.entries.length; i++) b.u32(0);
    }
    imps.forEach((imp, d) => {
      const hintNameRvas: number[] = [];
      imp.entries.forEach((e, i) => {
        let thunk: number;
        if ('ordinal' in e) {
          thunk = (0x80000000 | e.ordinal) >>> 0;
          hintNameRvas.push(0);
        } else {
          b.align(2);
          thunk = base + b.length;
          hintNameRvas.push(thunk);
          b.u16(e.hint ?? 0).str(e.name);
        }
        b.set32(lookupOffs[d]! + 4 * i, thunk);
        b.set32(iatOffs[d]! + 4 * i, thunk);
      });
      const nameRva = base + b.length;
      b.str(imp.dll);
      const descOff = 20 * d;
      b.set32(descOff, base + lookupOffs[d]!); // OriginalFirstThunk
      b.set32(descOff + 12, nameRva);
      b.set32(descOff + 16, base + iatOffs[d]!); // FirstThunk
      layout.importTables.push({
        dll: imp.dll,
        descriptorRva: base + descOff,
        lookupRva: base + lookupOffs[d]!,
        iatRva: base + iatOffs[d]!,
        nameRva,
        hintNameRvas,
      });
    });
    dirs[1] = { rva: base, size: descSize };
    const firstIat = iatOffs[0]!;
    const lastIatEnd = iatOffs[imps.length - 1]! + 4 * (imps[imps.length - 1]!.entries.length + 1);
    dirs[12] = { rva: base + firstIat, size: lastIatEnd - firstIat };
    layout.importDirRva = base;
    const data = b.toUint8Array();
    pending.push({ name: '.idata', data, virtualSize: data.length, characteristics: SCN_DATA });
    rvas.push(base);
    nextRva += alignUp(data.length, SA);
  }

  // .edata: directory | EAT | name pointers | name ordinals | DLL name | names | forwarders
  if (opts.exports) {
    const base = nextRva;
    const x = opts.exports;
    let next = x.base ?? Math.min(...x.functions.map((f) => f.ordinal ?? Infinity), Infinity);
    if (!Number.isFinite(next)) next = 1;
    const ordBase = x.base ?? next;
    const fns = x.functions.map((f) => {
      const ordinal = f.ordinal ?? next;
      next = ordinal + 1;
      return { ...f, ordinal };
    });
    const count = fns.length ? Math.max(...fns.map((f) => f.ordinal)) - ordBase + 1 : 0;
    const named = fns.filter((f) => f.name !== undefined).sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0));
    const b = new Buf();
    b.bytes.length = 40;
    b.bytes.fill(0);
    const eat = b.length;
    for (let i = 0; i < count; i++) b.u32(0);
    const npt = b.length;
    for (let i = 0; i < named.length; i++) b.u32(0);
    const not = b.length;
    for (const f of named) b.u16(f.ordinal - ordBase);
    const dllNameRva = base + b.length;
    b.str(x.dllName);
    named.forEach((f, i) => {
      b.set32(npt + 4 * i, base + b.length);
      b.str(f.name!);
    });
    for (const f of fns) {
      if (f.forwarder !== undefined) {
        b.set32(eat + 4 * (f.ordinal - ordBase), base + b.length);
        b.str(f.forwarder);
      } else {
        b.set32(eat + 4 * (f.ordinal - ordBase), f.rva ?? 0x1000);
      }
    }
    b.align(4);
    b.set32(12, dllNameRva);
    b.set32(16, ordBase);
    b.set32(20, count);
    b.set32(24, named.length);
    b.set32(28, base + eat);
    b.set32(32, base + npt);
    b.set32(36, base + not);
    dirs[0] = { rva: base, size: b.length };
    layout.exportDirRva = base;
    layout.exportDirSize = b.length;
    const data = b.toUint8Array();
    pending.push({ name: '.edata', data, virtualSize: data.length, characteristics: SCN_RDATA });
    rvas.push(base);
    nextRva += alignUp(data.length, SA);
  }

  // .reloc: one block per 4 KiB page, padded to 4 bytes with ABSOLUTE entries.
  if (opts.relocs && opts.relocs.length > 0) {
    const base = nextRva;
    const pages = new Map<number, BuildReloc[]>();
    for (const r of opts.relocs) {
      const page = r.rva & ~0xfff;
      if (!pages.has(page)) pages.set(page, []);
      pages.get(page)!.push(r);
    }
    const b = new Buf();
    for (const page of [...pages.keys()].sort((p, q) => p - q)) {
      const entries = pages.get(page)!;
      const padded = entries.length + (entries.length % 2);
      b.u32(page).u32(8 + 2 * padded);
      for (const e of entries) b.u16((e.type << 12) | (e.rva & 0xfff));
      if (padded > entries.length) b.u16(0);
    }
    dirs[5] = { rva: base, size: b.length };
    layout.relocDirRva = base;
    layout.relocDirSize = b.length;
    const data = b.toUint8Array();
    pending.push({ name: '.reloc', data, virtualSize: data.length, characteristics: 0x42000040 });
    rvas.push(base);
    nextRva += alignUp(data.length, SA);
  }

  for (const d of opts.directories ?? []) dirs[d.index] = { rva: d.rva, size: d.size };

  const nSections = pending.length;
  const sizeOfHeaders = alignUp(layout.sectionTableOffset + 40 * nSections, FA);
  const sizeOfImage = nextRva;
  layout.sizeOfHeaders = sizeOfHeaders;
  layout.sizeOfImage = sizeOfImage;

  // Raw data placement.
  let fileOff = sizeOfHeaders;
  pending.forEach((s, i) => {
    const rawSize = alignUp(s.data.length, FA);
    layout.sections.push({
      name: s.name,
      rva: rvas[i]!,
      virtualSize: s.virtualSize,
      fileOffset: rawSize ? fileOff : 0,
      rawSize,
      headerOffset: layout.sectionTableOffset + 40 * i,
    });
    fileOff += rawSize;
  });

  const out = new Uint8Array(fileOff);
  const dv = new DataView(out.buffer);
  // DOS header
  dv.setUint16(0, 0x5a4d, true);
  dv.setUint32(0x3c, layout.peOffset, true);
  // NT signature + file header
  dv.setUint32(layout.peOffset, 0x00004550, true);
  const fh = layout.fileHeaderOffset;
  dv.setUint16(fh, opts.machine ?? MACHINE_THUMB, true);
  dv.setUint16(fh + 2, nSections, true);
  dv.setUint32(fh + 4, 0x4b000000, true); // TimeDateStamp
  dv.setUint16(fh + 16, 224, true);
  let ch = 0x0002 | 0x0100; // EXECUTABLE_IMAGE | 32BIT_MACHINE
  if (opts.dll) ch |= 0x2000;
  if (opts.relocsStripped) ch |= 0x0001;
  dv.setUint16(fh + 18, ch, true);
  // Optional header
  const oh = layout.optionalHeaderOffset;
  dv.setUint16(oh, 0x10b, true);
  dv.setUint8(oh + 2, 9);
  const codeSize = pending.filter((s) => s.characteristics & 0x20).reduce((n, s) => n + alignUp(s.data.length, FA), 0);
  dv.setUint32(oh + 4, codeSize, true);
  const entry = opts.entry ?? (layout.sections[0] && !opts.dll ? layout.sections[0].rva : 0);
  dv.setUint32(oh + 16, entry, true);
  dv.setUint32(oh + 20, layout.sections[0]?.rva ?? 0, true); // BaseOfCode
  dv.setUint32(oh + 28, imageBase, true);
  dv.setUint32(oh + 32, SA, true);
  dv.setUint32(oh + 36, FA, true);
  const [osMaj, osMin] = opts.osVersion ?? [5, 2];
  dv.setUint16(oh + 40, osMaj, true);
  dv.setUint16(oh + 42, osMin, true);
  const [ssMaj, ssMin] = opts.subsystemVersion ?? [5, 2];
  dv.setUint16(oh + 48, ssMaj, true);
  dv.setUint16(oh + 50, ssMin, true);
  dv.setUint32(oh + 56, sizeOfImage, true);
  dv.setUint32(oh + 60, sizeOfHeaders, true);
  dv.setUint16(oh + 68, opts.subsystem ?? 9, true);
  dv.setUint32(oh + 72, opts.stackReserve ?? 0x10000, true);
  dv.setUint32(oh + 76, opts.stackCommit ?? 0x1000, true);
  dv.setUint32(oh + 80, opts.heapReserve ?? 0x100000, true);
  dv.setUint32(oh + 84, opts.heapCommit ?? 0x1000, true);
  dv.setUint32(oh + 92, 16, true);
  dirs.forEach((d, i) => {
    dv.setUint32(layout.dataDirectoryOffset + 8 * i, d.rva, true);
    dv.setUint32(layout.dataDirectoryOffset + 8 * i + 4, d.size, true);
  });
  // Section table + raw data
  pending.forEach((s, i) => {
    const L = layout.sections[i]!;
    const h = L.headerOffset;
    for (let k = 0; k < 8 && k < s.name.length; k++) out[h + k] = s.name.charCodeAt(k);
    dv.setUint32(h + 8, s.virtualSize, true);
    dv.setUint32(h + 12, L.rva, true);
    dv.setUint32(h + 16, L.rawSize, true);
    dv.setUint32(h + 20, L.fileOffset, true);
    dv.setUint32(h + 36, s.characteristics, true);
    out.set(s.data, L.fileOffset);
  });
  return { bytes: out, layout };
}
