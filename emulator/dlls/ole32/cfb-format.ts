/**
 * The compound file format (MS-CFB) that ole32's structured storage keeps on the device file system:
 * parse a file into a tree of storages and streams, and serialize a tree into a version 3 file
 * (512-byte sectors, 64-byte mini sectors below the 4096-byte cutoff, FAT / mini FAT / DIFAT chains,
 * directory siblings as a red-black tree ordered by name length, then upper-cased UTF-16 code units).
 *
 * Dependency decision: the npm package `cfb` (SheetJS; pure JS, reads and writes MS-CFB) was evaluated
 * for this and rejected as the writer: every container it builds gets a marker stream of its own
 * ("\u0001Sh33tJ5", seed_cfb, written into the file), and it rebuilds storages with fixed timestamps, so
 * a file wmemu's ole32 wrote would show an element no device writes (IStorage::EnumElements, any host
 * reader). Its reader is fine: the tests use it as the independent reader of what is written here
 * (a devDependency, never loaded by the product). What is here is the plain format, one whole-file
 * serializer and one parser; no sector allocator is kept: storage.ts writes the whole file on flush.
 */

export const NOSTREAM = 0xffff_ffff;
const ENDOFCHAIN = 0xffff_fffe;
const FATSECT = 0xffff_fffd;
const DIFSECT = 0xffff_fffc;
const FREESECT = 0xffff_ffff;
const SIG = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SECTOR = 512;
const MINI = 64;
const CUTOFF = 4096;

export interface CfbNode {
  name: string;
  type: 'storage' | 'stream' | 'root';
  clsid: Buffer;
  state: number;
  ctime: bigint;
  mtime: bigint;
  children: CfbNode[];
  data: Buffer;
}

export function newNode(name: string, type: CfbNode['type'], now = 0n): CfbNode {
  const t = type === 'stream' ? 0n : now;
  return { name, type, clsid: Buffer.alloc(16), state: 0, ctime: t, mtime: t, children: [], data: Buffer.alloc(0) };
}

/** CFB's sibling order: shorter names first, then code unit by code unit, upper-cased. */
export function compareNames(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  for (let i = 0; i < ua.length; i++) {
    const d = ua.charCodeAt(i) - ub.charCodeAt(i);
    if (d) return d;
  }
  return 0;
}

export class CfbFormatError extends Error {}

/** Parses a compound file (version 3 or 4); throws CfbFormatError when it is not one. */
export function parseCfb(file: Buffer): CfbNode {
  if (file.length < SECTOR || !file.subarray(0, 8).equals(SIG)) throw new CfbFormatError('not a compound file');
  const shift = file.readUInt16LE(30);
  const miniShift = file.readUInt16LE(32);
  if ((shift !== 9 && shift !== 12) || miniShift !== 6) throw new CfbFormatError('unsupported sector size');
  const size = 1 << shift;
  const sector = (n: number) => {
    const at = (n + 1) * size;
    if (at + size > file.length + size) throw new CfbFormatError(`sector ${n} beyond the end`);
    return file.subarray(at, Math.min(at + size, file.length));
  };
  const nFat = file.readUInt32LE(44);
  const dirStart = file.readUInt32LE(48);
  const cutoff = file.readUInt32LE(56);
  const miniFatStart = file.readUInt32LE(60);
  let difat = file.readUInt32LE(68);
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < nFat; i++) fatSectors.push(file.readUInt32LE(76 + 4 * i));
  for (let guard = 0; fatSectors.length < nFat && difat !== ENDOFCHAIN && guard < 1 << 20; guard++) {
    const s = sector(difat);
    for (let i = 0; i < size / 4 - 1 && fatSectors.length < nFat; i++) fatSectors.push(s.readUInt32LE(4 * i));
    difat = s.readUInt32LE(size - 4);
  }
  const fat: number[] = [];
  for (const f of fatSectors) {
    const s = sector(f);
    for (let i = 0; i + 4 <= s.length; i += 4) fat.push(s.readUInt32LE(i));
  }
  const chain = (start: number, table: number[]): number[] => {
    const out: number[] = [];
    for (let n = start; n !== ENDOFCHAIN && n !== FREESECT; n = table[n]!) {
      if (n >= table.length || out.length > table.length) throw new CfbFormatError('broken sector chain');
      out.push(n);
    }
    return out;
  };
  const read = (start: number) => Buffer.concat(chain(start, fat).map(sector));
  const dir = read(dirStart);
  const entry = (i: number) => {
    const e = dir.subarray(128 * i, 128 * i + 128);
    if (e.length < 128) throw new CfbFormatError('directory entry beyond the end');
    return e;
  };
  const root = entry(0);
  if (root[66] !== 5) throw new CfbFormatError('no root entry');
  const miniStream = read(root.readUInt32LE(116));
  const miniFat: number[] = [];
  if (miniFatStart !== ENDOFCHAIN) {
    const m = read(miniFatStart);
    for (let i = 0; i + 4 <= m.length; i += 4) miniFat.push(m.readUInt32LE(i));
  }
  const streamData = (start: number, len: number): Buffer => {
    if (len < cutoff) {
      const parts = chain(start, miniFat).map((n) => miniStream.subarray(n * MINI, n * MINI + MINI));
      return Buffer.from(Buffer.concat(parts).subarray(0, len));
    }
    return Buffer.from(read(start).subarray(0, len));
  };
  const seen = new Set<number>();
  const node = (i: number): CfbNode => {
    if (seen.has(i)) throw new CfbFormatError('directory cycle');
    seen.add(i);
    const e = entry(i);
    const nameLen = Math.max(0, Math.min(64, e.readUInt16LE(64)) - 2);
    const type = e[66] === 5 ? 'root' : e[66] === 1 ? 'storage' : 'stream';
    const n: CfbNode = {
      name: e.subarray(0, nameLen).toString('utf16le'),
      type,
      clsid: Buffer.from(e.subarray(80, 96)),
      state: e.readUInt32LE(96),
      ctime: e.readBigUInt64LE(100),
      mtime: e.readBigUInt64LE(108),
      children: [],
      data: Buffer.alloc(0),
    };
    if (type === 'stream') n.data = streamData(e.readUInt32LE(116), e.readUInt32LE(120));
    else {
      const walk = (c: number) => {
        if (c === NOSTREAM) return;
        const ce = entry(c);
        walk(ce.readUInt32LE(68));
        n.children.push(node(c));
        walk(ce.readUInt32LE(72));
      };
      walk(e.readUInt32LE(76));
    }
    return n;
  };
  return node(0);
}

/** Serializes a tree (its root a 'root' node) into a version 3 compound file. */
export function serializeCfb(root: CfbNode): Buffer {
  // Directory: entries in tree order, each storage's children as a balanced red-black tree.
  interface Dir {
    node: CfbNode;
    left: number;
    right: number;
    child: number;
    red: boolean;
    start: number;
    size: number;
  }
  const dirs: Dir[] = [];
  const add = (node: CfbNode): number => {
    const i = dirs.length;
    dirs.push({ node, left: NOSTREAM, right: NOSTREAM, child: NOSTREAM, red: false, start: ENDOFCHAIN, size: 0 });
    if (node.type !== 'stream') {
      const kids = [...node.children].sort((a, b) => compareNames(a.name, b.name));
      const ids = kids.map(add);
      const depthMax = Math.floor(Math.log2(ids.length || 1));
      const build = (lo: number, hi: number, depth: number): number => {
        if (lo > hi) return NOSTREAM;
        const mid = (lo + hi) >> 1;
        const d = dirs[ids[mid]!]!;
        d.left = build(lo, mid - 1, depth + 1);
        d.right = build(mid + 1, hi, depth + 1);
        // Leaves of the last, incomplete level are red: every path then has the same black count.
        d.red = depth === depthMax && ids.length !== 2 ** (depthMax + 1) - 1;
        return ids[mid]!;
      };
      dirs[i]!.child = build(0, ids.length - 1, 0);
    }
    return i;
  };
  add(root);

  // Stream data: big streams in sectors, small ones in the mini stream.
  const big: Buffer[] = [];
  const mini: Buffer[] = [];
  let bigSectors = 0;
  let miniSectors = 0;
  const fatChains: [number, number][] = []; // [start, count]
  const miniChains: [number, number][] = [];
  for (const d of dirs) {
    if (d.node.type !== 'stream') continue;
    const data = d.node.data;
    d.size = data.length;
    if (data.length === 0) continue;
    if (data.length < CUTOFF) {
      const n = Math.ceil(data.length / MINI);
      d.start = miniSectors;
      miniChains.push([miniSectors, n]);
      const padded = Buffer.alloc(n * MINI);
      data.copy(padded);
      mini.push(padded);
      miniSectors += n;
    } else {
      const n = Math.ceil(data.length / SECTOR);
      d.start = bigSectors;
      fatChains.push([bigSectors, n]);
      const padded = Buffer.alloc(n * SECTOR);
      data.copy(padded);
      big.push(padded);
      bigSectors += n;
    }
  }
  const miniStream = Buffer.concat(mini);
  const miniStreamSectors = Math.ceil(miniStream.length / SECTOR);
  const miniStreamStart = miniStreamSectors ? bigSectors : ENDOFCHAIN;
  if (miniStreamSectors) fatChains.push([bigSectors, miniStreamSectors]);
  let next = bigSectors + miniStreamSectors;
  const dirCount = Math.ceil(dirs.length / 4);
  const dirStart = next;
  fatChains.push([dirStart, dirCount]);
  next += dirCount;
  const miniFatCount = Math.ceil((miniSectors * 4) / SECTOR);
  const miniFatStart = miniFatCount ? next : ENDOFCHAIN;
  if (miniFatCount) fatChains.push([miniFatStart, miniFatCount]);
  next += miniFatCount;
  // FAT and DIFAT sectors (they describe themselves too).
  let nFat = 0;
  let nDifat = 0;
  for (;;) {
    const total = next + nFat + nDifat;
    const needFat = Math.ceil(total / 128);
    const needDifat = needFat > 109 ? Math.ceil((needFat - 109) / 127) : 0;
    if (needFat === nFat && needDifat === nDifat) break;
    nFat = needFat;
    nDifat = needDifat;
  }
  const fatStart = next;
  const difatStart = next + nFat;
  const total = next + nFat + nDifat;
  const fat = new Uint32Array(nFat * 128).fill(FREESECT);
  for (const [s, n] of fatChains) for (let k = 0; k < n; k++) fat[s + k] = k === n - 1 ? ENDOFCHAIN : s + k + 1;
  for (let k = 0; k < nFat; k++) fat[fatStart + k] = FATSECT;
  for (let k = 0; k < nDifat; k++) fat[difatStart + k] = DIFSECT;

  const out = Buffer.alloc(SECTOR * (1 + total));
  const sec = (n: number) => SECTOR * (n + 1);
  // Header.
  SIG.copy(out, 0);
  out.writeUInt16LE(0x3e, 24);
  out.writeUInt16LE(3, 26);
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(9, 30);
  out.writeUInt16LE(6, 32);
  out.writeUInt32LE(nFat, 44);
  out.writeUInt32LE(dirStart, 48);
  out.writeUInt32LE(CUTOFF, 56);
  out.writeUInt32LE(miniFatStart, 60);
  out.writeUInt32LE(miniFatCount, 64);
  out.writeUInt32LE(nDifat ? difatStart : ENDOFCHAIN, 68);
  out.writeUInt32LE(nDifat, 72);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i < nFat ? fatStart + i : FREESECT, 76 + 4 * i);
  for (let k = 0; k < nDifat; k++) {
    const at = sec(difatStart + k);
    for (let i = 0; i < 127; i++) {
      const f = 109 + k * 127 + i;
      out.writeUInt32LE(f < nFat ? fatStart + f : FREESECT, at + 4 * i);
    }
    out.writeUInt32LE(k === nDifat - 1 ? ENDOFCHAIN : difatStart + k + 1, at + 508);
  }
  // Data, mini stream, directory, mini FAT, FAT.
  Buffer.concat(big).copy(out, sec(0));
  if (miniStreamSectors) miniStream.copy(out, sec(bigSectors));
  dirs[0]!.start = miniStreamStart;
  dirs[0]!.size = miniStream.length;
  for (let i = 0; i < dirCount * 4; i++) {
    const at = sec(dirStart) + 128 * i;
    const d = dirs[i];
    if (!d) {
      out.writeUInt32LE(NOSTREAM, at + 68);
      out.writeUInt32LE(NOSTREAM, at + 72);
      out.writeUInt32LE(NOSTREAM, at + 76);
      continue;
    }
    const name = Buffer.from(d.node.name.slice(0, 31), 'utf16le');
    name.copy(out, at);
    out.writeUInt16LE(name.length + 2, at + 64);
    out[at + 66] = d.node.type === 'root' ? 5 : d.node.type === 'storage' ? 1 : 2;
    out[at + 67] = d.red ? 0 : 1;
    out.writeUInt32LE(d.left, at + 68);
    out.writeUInt32LE(d.right, at + 72);
    out.writeUInt32LE(d.child, at + 76);
    d.node.clsid.copy(out, at + 80);
    out.writeUInt32LE(d.node.state >>> 0, at + 96);
    out.writeBigUInt64LE(d.node.ctime, at + 100);
    out.writeBigUInt64LE(d.node.mtime, at + 108);
    out.writeUInt32LE(d.start, at + 116);
    out.writeUInt32LE(d.size, at + 120);
  }
  if (miniFatCount) {
    const m = new Uint32Array(miniFatCount * 128).fill(FREESECT);
    for (const [s, n] of miniChains) for (let k = 0; k < n; k++) m[s + k] = k === n - 1 ? ENDOFCHAIN : s + k + 1;
    Buffer.from(m.buffer).copy(out, sec(miniFatStart));
  }
  Buffer.from(fat.buffer).copy(out, sec(fatStart));
  return out;
}
