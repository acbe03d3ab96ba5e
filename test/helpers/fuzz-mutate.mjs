/**
 * Seeded, deterministic PE mutator for the execution fuzz (test/core/fuzz-exec.test.ts, scripts/fuzz.mjs).
 *
 *   const { bytes, rom, ops } = mutantFor(seed, roms);   // same seed + same ROM set = same bytes
 *
 * Plain JavaScript (not TypeScript) because the child runner (fuzz-child.mjs) regenerates mutants
 * from their seed inside a bare `node` process that loads the compiled emulator from dist/.
 *
 * A valid ROM is parsed once (dist/emulator/core/pe/pe-file.js) to locate its structures by file offset;
 * each mutant then applies 1-3 targeted mutations, chosen by the seed, to:
 *   header      DOS/file/optional header fields and data directories
 *   section     a section-table field (VA, sizes, raw pointer, characteristics, name)
 *   import      import descriptors, lookup thunks (name <-> ordinal, random ordinals), hint/name
 *               strings (renamed to another coredll export: the guest calls the wrong API with its
 *               arguments), IAT slots
 *   reloc       relocation block headers (page, size) and entries (type, offset), optionally with a
 *               moved ImageBase so the loader must apply them
 *   resource    the resource data directory (ROMs have none: points it somewhere)
 *   code        bytes of the entry code (guest-level faults, unicorn robustness)
 *   havoc       random byte/word writes anywhere, truncation, extension
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parsePe } from '../../dist/emulator/core/pe/pe-file.js';
import { COREDLL_FAMILIES } from '../../dist/emulator/dlls/coredll/manifest.js';

/** mulberry32: small, fast, good enough for test-case generation. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    u32: () => (next() * 4294967296) >>> 0,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
  return r;
}

/** "Interesting" replacements for a 32-bit field that held `v`. */
function interesting32(r, v) {
  return r.pick([
    () => 0,
    () => 1,
    () => 0xffffffff,
    () => 0x7fffffff,
    () => 0x80000000,
    () => (v + 1) >>> 0,
    () => (v - 1) >>> 0,
    () => (v + 0x1000) >>> 0,
    () => (v - 0x1000) >>> 0,
    () => (v ^ (1 << r.int(32))) >>> 0,
    () => (v * 2) >>> 0,
    () => v >>> 1,
    () => r.u32(),
    () => r.int(0x10000),
    () => 0x1ffff000,
    () => 0xfffff000,
  ])();
}
function interesting16(r, v) {
  return r.pick([
    () => 0,
    () => 1,
    () => 0xffff,
    () => 0x8000,
    () => (v + 1) & 0xffff,
    () => (v - 1) & 0xffff,
    () => v ^ (1 << r.int(16)),
    () => r.int(0x10000),
  ])();
}

/** File-offset map of a valid ROM: where each structure the mutator targets lives. */
export function analyze(bytes, name) {
  const pe = parsePe(bytes, name);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const peOff = pe.ntHeadersOffset;
  const fh = peOff + 4;
  const oh = fh + 20;
  const sizeOfOptionalHeader = dv.getUint16(fh + 16, true);
  const secTable = oh + sizeOfOptionalHeader;
  const fileOff = (rva) => {
    if (rva < pe.sizeOfHeaders) return rva;
    for (const s of pe.sections) {
      if (rva >= s.virtualAddress && rva < s.virtualAddress + s.rawCopySize) return s.pointerToRawData + (rva - s.virtualAddress);
    }
    return undefined;
  };
  const fields = { u32: [], u16: [] };
  // DOS e_lfanew, file header, optional header fields.
  fields.u32.push(0x3c);
  for (const o of [0, 2, 16, 18]) fields.u16.push(fh + o);
  fields.u16.push(oh, oh + 68, oh + 70);
  for (const o of [4, 16, 28, 32, 36, 56, 60, 72, 76, 80, 84, 92]) fields.u32.push(oh + o);
  const dirs = [];
  for (let i = 0; i < pe.dataDirectories.length; i++) dirs.push(oh + 96 + 8 * i);

  const sections = pe.sections.map((_, i) => secTable + 40 * i);
  const imports = [];
  const thunks = [];
  const names = [];
  const iat = [];
  const imp = pe.dataDirectories[1];
  if (imp && imp.rva) {
    for (let i = 0; i <= pe.imports.length; i++) {
      const o = fileOff(imp.rva + 20 * i);
      if (o !== undefined) imports.push(o);
    }
    for (const d of pe.imports) {
      d.entries.forEach((e, n) => {
        const t = fileOff(d.lookupRva + 4 * n);
        if (t !== undefined) thunks.push(t);
        const s = fileOff(e.iatRva);
        if (s !== undefined) iat.push(s);
        if (e.name !== undefined) {
          const thunk = t !== undefined ? dv.getUint32(t, true) : 0;
          const hn = fileOff(thunk);
          if (hn !== undefined) names.push({ at: hn + 2, len: e.name.length });
        }
      });
    }
  }
  const relocBlocks = [];
  const relocEntries = [];
  const rel = pe.dataDirectories[5];
  if (rel && rel.rva) {
    let off = 0;
    for (const b of pe.relocations) {
      const at = fileOff(rel.rva + off);
      if (at === undefined) break;
      relocBlocks.push(at);
      for (let i = 0; i < b.entries.length; i++) relocEntries.push(at + 8 + 2 * i);
      off += dv.getUint32(at + 4, true);
    }
  }
  const text = pe.sections.find((s) => s.executable && s.rawCopySize > 0);
  const entryFile = fileOff(pe.addressOfEntryPoint & ~1);
  return {
    name,
    bytes,
    pe,
    optionalHeader: oh,
    fields,
    dirs,
    sections,
    imports,
    thunks,
    names,
    iat,
    relocBlocks,
    relocEntries,
    code: text ? { start: text.pointerToRawData, size: text.rawCopySize } : undefined,
    entryFile,
  };
}

/** Names to rename imports to: mostly exports wmemu implements (their handlers get the wrong arguments), some it does not. */
let exportNames;
function coredllNames(r) {
  if (!exportNames) {
    const implemented = COREDLL_FAMILIES.flat().map((d) => d.name);
    const table = readFileSync(new URL('../../emulator/dlls/coredll/coredll-exports.tsv', import.meta.url), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[1])
      .filter(Boolean);
    exportNames = { implemented, table };
  }
  return r.chance(0.85) ? exportNames.implemented : exportNames.table;
}

const ANALYSES = new Map();
function analysisOf(path) {
  let a = ANALYSES.get(path);
  if (!a) ANALYSES.set(path, (a = analyze(new Uint8Array(readFileSync(path)), basename(path))));
  return a;
}

const KINDS = ['header', 'header', 'section', 'section', 'import', 'import', 'import', 'reloc', 'reloc', 'resource', 'code', 'havoc'];

/**
 * The mutant for `seed`: picks a ROM from `roms` (paths), applies 1-3 mutations. Returns the bytes,
 * the ROM path, and a short description of each mutation (for failure reports).
 */
export function mutantFor(seed, roms) {
  const r = rng(seed);
  const path = roms[r.int(roms.length)];
  const a = analysisOf(path);
  let b = new Uint8Array(a.bytes);
  let dv = new DataView(b.buffer);
  const ops = [];
  const get32 = (o) => (o + 4 <= b.length ? dv.getUint32(o, true) : 0);
  const get16 = (o) => (o + 2 <= b.length ? dv.getUint16(o, true) : 0);
  const set32 = (o, v, what) => {
    if (o + 4 > b.length) return;
    ops.push(`${what}@0x${o.toString(16)}: 0x${get32(o).toString(16)} -> 0x${(v >>> 0).toString(16)}`);
    dv.setUint32(o, v >>> 0, true);
  };
  const set16 = (o, v, what) => {
    if (o + 2 > b.length) return;
    ops.push(`${what}@0x${o.toString(16)}: 0x${get16(o).toString(16)} -> 0x${(v & 0xffff).toString(16)}`);
    dv.setUint16(o, v & 0xffff, true);
  };
  const n = 1 + (r.chance(0.5) ? 0 : r.int(3));
  for (let tries = 0; ops.length < n && tries < 20; tries++) {
    const kind = r.pick(KINDS);
    switch (kind) {
      case 'header': {
        if (r.chance(0.3) && a.dirs.length) {
          const d = r.pick(a.dirs) + (r.chance(0.5) ? 4 : 0);
          set32(d, interesting32(r, get32(d)), 'datadir');
        } else if (r.chance(0.7)) {
          const o = r.pick(a.fields.u32);
          set32(o, interesting32(r, get32(o)), 'header32');
        } else {
          const o = r.pick(a.fields.u16);
          set16(o, interesting16(r, get16(o)), 'header16');
        }
        break;
      }
      case 'section': {
        if (!a.sections.length) break;
        const s = r.pick(a.sections);
        const f = r.pick([8, 12, 16, 20, 36, 36, 0]);
        if (f === 0) {
          for (let i = 0; i < 8; i++) b[s + i] = r.chance(0.2) ? 0 : 0x20 + r.int(0x5f);
          ops.push(`section name@0x${s.toString(16)}`);
        } else if (f === 36) {
          const v = get32(s + 36);
          set32(s + 36, r.chance(0.5) ? v ^ (1 << r.pick([5, 6, 7, 25, 28, 29, 30, 31])) : r.u32(), 'section characteristics');
        } else {
          set32(s + f, interesting32(r, get32(s + f)), `section+${f}`);
        }
        break;
      }
      case 'import': {
        const which = r.int(5);
        if (which === 0 && a.imports.length) {
          const d = r.pick(a.imports) + r.pick([0, 4, 8, 12, 16]);
          set32(d, interesting32(r, get32(d)), 'import descriptor');
        } else if (which === 1 && a.thunks.length) {
          const t = r.pick(a.thunks);
          const v = get32(t);
          const nv = r.pick([
            () => 0x80000000 | r.int(2000), // by ordinal, anywhere in coredll's range
            () => 0x80000000 | ((v & 0xffff) ^ (1 << r.int(11))),
            () => v & 0x7fffffff,
            () => interesting32(r, v),
            () => 0,
          ])();
          set32(t, nv, 'import thunk');
        } else if (which === 2 && a.names.length) {
          // Rename the import to another export of the same length or shorter (NUL-padded).
          const nm = r.pick(a.names);
          const cands = coredllNames(r).filter((x) => x.length <= nm.len);
          const pick =
            r.chance(0.85) && cands.length ? r.pick(cands) : String.fromCharCode(...Array.from({ length: 1 + r.int(nm.len) }, () => 0x21 + r.int(0x5d)));
          for (let i = 0; i < nm.len; i++) b[nm.at + i] = i < pick.length ? pick.charCodeAt(i) : 0;
          ops.push(`import name@0x${nm.at.toString(16)} -> ${pick}`);
        } else if (which === 3 && a.iat.length) {
          const s = r.pick(a.iat);
          set32(s, interesting32(r, get32(s)), 'IAT slot');
        } else if (a.names.length) {
          const nm = r.pick(a.names);
          set16(nm.at - 2, interesting16(r, get16(nm.at - 2)), 'import hint');
        }
        break;
      }
      case 'reloc': {
        if (!a.relocBlocks.length) break;
        if (r.chance(0.4)) {
          // Make the loader apply the relocations: a preferred base it cannot use.
          set32(a.optionalHeader + 28, r.pick([0x60000000, 0x00800000, 0x1fff0000, 0x00000000]), 'ImageBase');
        }
        if (r.chance(0.3)) {
          const blk = r.pick(a.relocBlocks) + (r.chance(0.5) ? 4 : 0);
          set32(blk, interesting32(r, get32(blk)), 'reloc block');
        } else if (a.relocEntries.length) {
          const e = r.pick(a.relocEntries);
          const v = get16(e);
          const nv = r.pick([() => (r.int(16) << 12) | (v & 0xfff), () => (v & 0xf000) | r.int(0x1000), () => (v & 0xf000) | 0xffc, () => r.int(0x10000)])();
          set16(e, nv, 'reloc entry');
        }
        break;
      }
      case 'resource': {
        const d = a.dirs[2];
        if (d === undefined) break;
        const img = a.pe.sizeOfImage;
        set32(d, r.pick([r.int(img), img - 8, img, 0x1000, r.u32()]), 'resource rva');
        set32(d + 4, r.pick([8, 0x100, r.int(0x10000), 0xffffffff, 0]), 'resource size');
        break;
      }
      case 'code': {
        if (!a.code) break;
        const base = r.chance(0.6) && a.entryFile !== undefined ? a.entryFile : a.code.start + r.int(a.code.size);
        const at = Math.min(base + r.int(64), a.code.start + a.code.size - 4);
        if (r.chance(0.5)) b[at] ^= 1 << r.int(8);
        else set32(at & ~1, r.u32(), 'code');
        ops.push(`code byte@0x${at.toString(16)}`);
        break;
      }
      case 'havoc': {
        const what = r.int(4);
        if (what === 0) {
          const len = r.int(b.length);
          ops.push(`truncate to ${len}`);
          b = b.slice(0, len);
          dv = new DataView(b.buffer);
        } else if (what === 1) {
          const extra = new Uint8Array(r.int(0x4000));
          for (let i = 0; i < extra.length; i++) extra[i] = r.int(256);
          const nb = new Uint8Array(b.length + extra.length);
          nb.set(b);
          nb.set(extra, b.length);
          b = nb;
          dv = new DataView(b.buffer);
          ops.push(`extend by ${extra.length}`);
        } else {
          const count = 1 + r.int(16);
          for (let i = 0; i < count && b.length; i++) b[r.int(Math.min(b.length, what === 2 ? 0x400 : b.length))] = r.int(256);
          ops.push(`havoc ${count} byte(s)${what === 2 ? ' in headers' : ''}`);
        }
        break;
      }
    }
  }
  return { bytes: b, rom: path, ops };
}
