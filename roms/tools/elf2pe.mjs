#!/usr/bin/env node
// elf2pe.mjs — wrap a linked ARM ELF (from roms/asm/*.s + roms/asm/ce.ld) into a Windows CE PE.
//
//   node roms/tools/elf2pe.mjs [--relocs] in.elf out.exe
//   node roms/tools/elf2pe.mjs --dll --def exports.def --base 0x10000000 --relocs in.elf out.dll
//
// Why: LLVM's COFF/ARM backend only accepts Thumb code ("target does not support ARM mode"), but real
// CE binaries are ARM mode. So the ARM ROMs are assembled for armv5te-none-eabi, linked by ld.lld
// with ce.ld (which already places every section at its final virtual address, image base 0x10000),
// and this script copies the sections into a PE32 image:
//   - one PE section per allocated ELF section (.text RX, .rdata R, .idata RW, .data RW), verbatim;
//   - the import directory is the range __import_directory .. __import_directory_end (built by the
//     macros in roms/asm/ce.inc); the IAT directory covers the descriptors' FirstThunk arrays;
//   - entry point = ELF e_entry, which must be ARM mode (even);
//   - a .pdata section (ce.inc PDATA macro: CE ARM function table entries) becomes the exception
//     directory (data directory 3);
//   - --relocs: a .reloc section with IMAGE_REL_BASED_HIGHLOW entries for every R_ARM_ABS32 kept by
//     `ld.lld --emit-relocs` (except in .idata, whose words are RVAs). Without --relocs the image is
//     marked IMAGE_FILE_RELOCS_STRIPPED. PC-relative relocations need nothing; any other kind is an
//     error (e.g. movw/movt, which ARMv5 does not have anyway).
//   - --dll: a DLL (IMAGE_FILE_DLL; the entry point, ld.lld's -e, is DllMain). --def names the exports
//     in .def syntax (LIBRARY name, then EXPORTS lines `symbol [@ordinal] [NONAME]`; unnumbered ones get
//     the lowest free ordinals); they become an .edata section with the export directory (data directory
//     0): address table by ordinal, name pointers sorted for the loader's binary search, the DLL name.
//     The same .def makes the import library (llvm-dlltool), so the two cannot disagree.
//   - --base: the image base the ELF was linked at (ce.ld's IMAGE_BASE; default 0x10000).
// Header fields are CE-style; run ce-postlink.mjs afterwards like for the C ROMs (it sets machine,
// subsystem, versions and checksum). Deterministic: TimeDateStamp 0, no paths. No dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

let IMAGE_BASE = 0x10000;
const SECT_ALIGN = 0x1000,
  FILE_ALIGN = 0x200;
const R_ARM_ABS32 = 2;
// PC-relative (position-independent) ARM ELF relocation types: resolved by ld.lld, need no base reloc.
const PC_RELATIVE = new Set([
  1 /*PC24*/, 3 /*REL32*/, 4 /*LDR_PC_G0*/, 10 /*THM_CALL*/, 11 /*THM_PC8*/, 28 /*CALL*/, 29 /*JUMP24*/, 30 /*THM_JUMP24*/, 40 /*V4BX*/, 42 /*PREL31*/,
  53 /*THM_ALU_PREL_11_0*/, 54 /*THM_PC12*/, 57 /*ALU_PC_G0_NC*/, 58 /*ALU_PC_G0*/, 102 /*THM_JUMP11*/, 103 /*THM_JUMP8*/,
]);

const align = (v, a) => Math.ceil(v / a) * a;

function parseElf(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (dv.getUint32(0, false) !== 0x7f454c46 || buf[4] !== 1 || buf[5] !== 1) throw new Error('not a 32-bit little-endian ELF');
  if (dv.getUint16(18, true) !== 40) throw new Error('not an ARM ELF');
  const entry = dv.getUint32(24, true),
    shoff = dv.getUint32(32, true);
  const shentsize = dv.getUint16(46, true),
    shnum = dv.getUint16(48, true),
    shstrndx = dv.getUint16(50, true);
  const sh = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    sh.push({
      nameOff: dv.getUint32(o, true),
      type: dv.getUint32(o + 4, true),
      flags: dv.getUint32(o + 8, true),
      addr: dv.getUint32(o + 12, true),
      offset: dv.getUint32(o + 16, true),
      size: dv.getUint32(o + 20, true),
      link: dv.getUint32(o + 24, true),
      info: dv.getUint32(o + 28, true),
      entsize: dv.getUint32(o + 36, true),
    });
  }
  const str = (sec, off) => {
    let e = sec.offset + off;
    while (buf[e]) e++;
    return buf.subarray(sec.offset + off, e).toString('latin1');
  };
  for (const s of sh) s.name = str(sh[shstrndx], s.nameOff);
  const symbols = new Map();
  const symtab = sh.find((s) => s.type === 2);
  const syms = [];
  if (symtab) {
    for (let o = symtab.offset; o < symtab.offset + symtab.size; o += 16) {
      const s = { name: str(sh[symtab.link], dv.getUint32(o, true)), value: dv.getUint32(o + 4, true) };
      syms.push(s);
      if (s.name) symbols.set(s.name, s.value);
    }
  }
  const relocs = [];
  for (const r of sh.filter((s) => s.type === 9)) {
    for (let o = r.offset; o < r.offset + r.size; o += 8) {
      relocs.push({ target: sh[r.info], va: dv.getUint32(o, true), type: dv.getUint32(o + 4, true) & 0xff });
    }
  }
  return { entry, sections: sh, symbols, relocs };
}

function buildRelocSection(vas) {
  const pages = new Map();
  for (const va of [...new Set(vas)].sort((a, b) => a - b)) {
    const rva = va - IMAGE_BASE,
      page = rva & ~0xfff;
    if (!pages.has(page)) pages.set(page, []);
    pages.get(page).push(rva & 0xfff);
  }
  const parts = [];
  for (const [page, offs] of pages) {
    if (offs.length & 1) offs.push(-1); // pad block to a multiple of 4 bytes
    const b = Buffer.alloc(8 + offs.length * 2);
    b.writeUInt32LE(page, 0);
    b.writeUInt32LE(b.length, 4);
    offs.forEach((o, i) => b.writeUInt16LE(o < 0 ? 0 : (3 << 12) | o, 8 + i * 2)); // 3 = HIGHLOW, 0 = ABSOLUTE pad
    parts.push(b);
  }
  return Buffer.concat(parts);
}

/** Parses a .def file: { library, exports: [{ name, ordinal?, noname }] }. */
function parseDef(text) {
  let library,
    inExports = false;
  const exports = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*/, '').trim();
    if (!line) continue;
    let m;
    if ((m = /^LIBRARY\s+"?([^"\s]+)"?/i.exec(line))) {
      library = m[1];
      continue;
    }
    if (/^EXPORTS$/i.test(line)) {
      inExports = true;
      continue;
    }
    if (!inExports) throw new Error(`.def: unexpected line "${line}"`);
    m = /^([A-Za-z_$][\w$@?]*)(?:\s+@(\d+))?(\s+NONAME)?$/i.exec(line);
    if (!m) throw new Error(`.def: unsupported export line "${line}"`);
    exports.push({ name: m[1], ordinal: m[2] === undefined ? undefined : Number(m[2]), noname: !!m[3] });
  }
  if (!library) throw new Error('.def: no LIBRARY line');
  return { library, exports };
}

/** The export directory for `exps` ({ name, ordinal, noname, va }) placed at `rva`. */
function buildExportSection(library, exps, rva) {
  const used = new Set(exps.filter((e) => e.ordinal !== undefined).map((e) => e.ordinal));
  if (used.size !== exps.filter((e) => e.ordinal !== undefined).length) throw new Error('.def: duplicate ordinal');
  let next = 1;
  for (const e of exps)
    if (e.ordinal === undefined) {
      while (used.has(next)) next++;
      e.ordinal = next;
      used.add(next);
    }
  const base = Math.min(...exps.map((e) => e.ordinal));
  const count = Math.max(...exps.map((e) => e.ordinal)) - base + 1;
  const named = exps.filter((e) => !e.noname).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const eat = 40,
    names = eat + 4 * count,
    ords = names + 4 * named.length;
  let strOff = ords + 2 * named.length;
  const dllNameOff = strOff;
  strOff += library.length + 1;
  const nameOffs = named.map((e) => {
    const o = strOff;
    strOff += e.name.length + 1;
    return o;
  });
  const b = Buffer.alloc(align(strOff, 4));
  b.writeUInt32LE(rva + dllNameOff, 12);
  b.writeUInt32LE(base, 16);
  b.writeUInt32LE(count, 20);
  b.writeUInt32LE(named.length, 24);
  b.writeUInt32LE(rva + eat, 28);
  b.writeUInt32LE(rva + names, 32);
  b.writeUInt32LE(rva + ords, 36);
  for (const e of exps) b.writeUInt32LE(e.va - IMAGE_BASE, eat + 4 * (e.ordinal - base)); // Thumb symbols keep bit 0
  named.forEach((e, i) => {
    b.writeUInt32LE(rva + nameOffs[i], names + 4 * i);
    b.writeUInt16LE(e.ordinal - base, ords + 2 * i);
    b.write(e.name, nameOffs[i], 'latin1');
  });
  b.write(library, dllNameOff, 'latin1');
  return b;
}

function main() {
  const args = process.argv.slice(2);
  const relocs = args.includes('--relocs');
  const dll = args.includes('--dll');
  const value = (opt) => {
    const i = args.indexOf(opt);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const defFile = value('--def');
  const baseOpt = value('--base');
  if (baseOpt !== undefined) IMAGE_BASE = Number(baseOpt);
  if (!Number.isInteger(IMAGE_BASE) || IMAGE_BASE % 0x10000) throw new Error(`bad --base ${baseOpt} (64 KiB aligned)`);
  if (defFile && !dll) throw new Error('--def needs --dll');
  const [inFile, outFile] = args.filter((a) => !a.startsWith('--'));
  if (!inFile || !outFile) throw new Error('usage: elf2pe.mjs [--dll --def x.def] [--base 0x10000] [--relocs] in.elf out.exe');
  const buf = readFileSync(inFile);
  const elf = parseElf(buf);
  if (elf.entry & 1) throw new Error(`entry 0x${elf.entry.toString(16)} is Thumb; CE ARM ROMs must enter in ARM mode`);

  const SHF_WRITE = 1,
    SHF_ALLOC = 2,
    SHF_EXEC = 4;
  const secs = elf.sections
    .filter((s) => s.flags & SHF_ALLOC && s.size > 0)
    .map((s) => ({
      name: s.name,
      rva: s.addr - IMAGE_BASE,
      vsize: s.size,
      data: s.type === 8 ? Buffer.alloc(s.size) : buf.subarray(s.offset, s.offset + s.size),
      chars: s.flags & SHF_EXEC ? 0x60000020 : s.flags & SHF_WRITE ? 0xc0000040 : 0x40000040,
    }));
  for (const s of secs) if (s.rva % SECT_ALIGN) throw new Error(`section ${s.name} not page aligned (check ce.ld)`);

  // Exports (DLLs): an .edata section after the ELF's sections.
  if (defFile) {
    const def = parseDef(readFileSync(defFile, 'latin1'));
    const exps = def.exports.map((e) => {
      const va = elf.symbols.get(e.name);
      if (va === undefined) throw new Error(`exported symbol ${e.name} not defined`);
      return { ...e, va };
    });
    const last = secs[secs.length - 1];
    const rva = align(last.rva + last.vsize, SECT_ALIGN);
    const data = buildExportSection(def.library, exps, rva);
    secs.push({ name: '.edata', rva, vsize: data.length, data, chars: 0x40000040 });
  }

  // Base relocations from the ABS32 relocations ld.lld kept (--emit-relocs).
  const absVas = [];
  for (const r of elf.relocs) {
    if (!(r.target.flags & SHF_ALLOC)) continue;
    if (r.type === R_ARM_ABS32) {
      if (r.target.name !== '.idata') absVas.push(r.va);
    } else if (!PC_RELATIVE.has(r.type)) throw new Error(`unsupported relocation type ${r.type} at 0x${r.va.toString(16)}`);
  }
  if (relocs && absVas.length) {
    const last = secs[secs.length - 1];
    secs.push({ name: '.reloc', rva: align(last.rva + last.vsize, SECT_ALIGN), data: null, chars: 0x42000040 });
    const r = secs[secs.length - 1];
    r.data = buildRelocSection(absVas);
    r.vsize = r.data.length;
  }

  const idir = elf.symbols.get('__import_directory'),
    idirEnd = elf.symbols.get('__import_directory_end');
  if (idir === undefined || idirEnd === undefined) throw new Error('no __import_directory symbols (see ce.inc)');
  const readVa = (va) => {
    const s = secs.find((x) => va - IMAGE_BASE >= x.rva && va - IMAGE_BASE + 4 <= x.rva + x.data.length);
    if (!s) throw new Error(`address 0x${va.toString(16)} not in any section`);
    return s.data.readUInt32LE(va - IMAGE_BASE - s.rva);
  };
  let iatLo = Infinity,
    iatHi = 0;
  for (let d = idir; readVa(d + 12) !== 0; d += 20) {
    let t = IMAGE_BASE + readVa(d + 16);
    iatLo = Math.min(iatLo, t);
    while (readVa(t) !== 0) t += 4;
    iatHi = Math.max(iatHi, t + 4);
  }

  const nsec = secs.length;
  const peOff = 0x80,
    optOff = peOff + 24,
    secTabOff = optOff + 224;
  const headersSize = align(secTabOff + nsec * 40, FILE_ALIGN);
  let fileOff = headersSize;
  for (const s of secs) {
    s.rawSize = align(s.data.length, FILE_ALIGN);
    s.rawPtr = fileOff;
    fileOff += s.rawSize;
  }
  const out = Buffer.alloc(fileOff);
  // DOS header: just "MZ" and e_lfanew (no stub program).
  out.write('MZ', 0, 'latin1');
  out.writeUInt32LE(peOff, 0x3c);
  out.write('PE\0\0', peOff, 'latin1');
  const hasRelocs = secs.some((s) => s.name === '.reloc');
  out.writeUInt16LE(0x01c2, peOff + 4); // Machine: THUMB (ARMV4I)
  out.writeUInt16LE(nsec, peOff + 6);
  out.writeUInt32LE(0, peOff + 8); // TimeDateStamp: 0 (reproducible)
  out.writeUInt16LE(224, peOff + 20); // SizeOfOptionalHeader
  // EXECUTABLE_IMAGE | LINE_NUMS_STRIPPED | LOCAL_SYMS_STRIPPED | 32BIT_MACHINE (+ RELOCS_STRIPPED)
  out.writeUInt16LE(0x010e | (hasRelocs ? 0 : 0x0001) | (dll ? 0x2000 : 0), peOff + 22); // + IMAGE_FILE_DLL
  const o = optOff;
  const sizeOf = (pred) => secs.filter(pred).reduce((a, s) => a + s.rawSize, 0);
  const text = secs.find((s) => s.chars & 0x20);
  const firstData = secs.find((s) => !(s.chars & 0x20));
  const last = secs[secs.length - 1];
  out.writeUInt16LE(0x10b, o); // PE32
  out.writeUInt32LE(
    sizeOf((s) => s.chars & 0x20),
    o + 4,
  ); // SizeOfCode
  out.writeUInt32LE(
    sizeOf((s) => !(s.chars & 0x20)),
    o + 8,
  ); // SizeOfInitializedData
  out.writeUInt32LE(elf.entry - IMAGE_BASE, o + 16); // AddressOfEntryPoint
  out.writeUInt32LE(text ? text.rva : 0, o + 20); // BaseOfCode
  out.writeUInt32LE(firstData ? firstData.rva : 0, o + 24); // BaseOfData
  out.writeUInt32LE(IMAGE_BASE, o + 28);
  out.writeUInt32LE(SECT_ALIGN, o + 32);
  out.writeUInt32LE(FILE_ALIGN, o + 36);
  out.writeUInt16LE(4, o + 40);
  out.writeUInt16LE(20, o + 42); // OS version 4.20 (ce-postlink sets it too)
  out.writeUInt16LE(5, o + 48);
  out.writeUInt16LE(2, o + 50); // subsystem version 5.02
  out.writeUInt32LE(align(last.rva + last.vsize, SECT_ALIGN), o + 56); // SizeOfImage
  out.writeUInt32LE(headersSize, o + 60);
  out.writeUInt16LE(9, o + 68); // WINDOWS_CE_GUI
  out.writeUInt32LE(0x10000, o + 72);
  out.writeUInt32LE(0x1000, o + 76); // stack reserve/commit
  out.writeUInt32LE(0x100000, o + 80);
  out.writeUInt32LE(0x1000, o + 84); // heap reserve/commit
  out.writeUInt32LE(16, o + 92); // NumberOfRvaAndSizes
  const dir = (i, rva, size) => {
    out.writeUInt32LE(rva, o + 96 + i * 8);
    out.writeUInt32LE(size, o + 100 + i * 8);
  };
  dir(1, idir - IMAGE_BASE, idirEnd - idir); // import directory
  if (hasRelocs) {
    const r = secs.find((s) => s.name === '.reloc');
    dir(5, r.rva, r.vsize);
  }
  const edata = secs.find((s) => s.name === '.edata');
  if (edata) dir(0, edata.rva, edata.vsize); // export directory
  if (iatHi > iatLo) dir(12, iatLo - IMAGE_BASE, iatHi - iatLo);
  const pdata = secs.find((s) => s.name === '.pdata'); // CE ARM function table (see ce.inc PDATA)
  if (pdata) dir(3, pdata.rva, pdata.vsize);
  secs.forEach((s, i) => {
    const h = secTabOff + i * 40;
    out.write(s.name.slice(0, 8), h, 'latin1');
    out.writeUInt32LE(s.vsize, h + 8);
    out.writeUInt32LE(s.rva, h + 12);
    out.writeUInt32LE(s.rawSize, h + 16);
    out.writeUInt32LE(s.rawPtr, h + 20);
    out.writeUInt32LE(s.chars, h + 36);
    s.data.copy(out, s.rawPtr);
  });
  writeFileSync(outFile, out);
}

try {
  main();
} catch (e) {
  console.error(`elf2pe: ${e.message}`);
  process.exit(1);
}
