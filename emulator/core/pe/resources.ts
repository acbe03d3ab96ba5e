/**
 * The PE resource directory (.rsrc): a three-level tree type → name → language whose leaves are
 * IMAGE_RESOURCE_DATA_ENTRY records (RVA, size, code page). Names and types are either 16-bit IDs
 * or counted UTF-16 strings (compared case-insensitively, as FindResource does).
 *
 *   const dir = parseResources(image, pe.resources);      // image = the mapped image, indexed by RVA
 *   dir.find(RT_STRING, 1)  // → { entryRva, dataRva, size, codePage, lang }
 *
 * The parser reads the mapped image and never throws on malformed input: out-of-range offsets and
 * loops simply end that branch (a broken .rsrc means "resource not found", as on the device).
 */

export const RT_CURSOR = 1;
export const RT_BITMAP = 2;
export const RT_ICON = 3;
export const RT_MENU = 4;
export const RT_DIALOG = 5;
export const RT_STRING = 6;
export const RT_ACCELERATOR = 9;
export const RT_RCDATA = 10;
export const RT_MESSAGETABLE = 11;
export const RT_GROUP_CURSOR = 12;
export const RT_GROUP_ICON = 14;
export const RT_VERSION = 16;

/** A resource identifier: numeric ID or (upper-cased) name. */
export type ResId = number | string;

export interface ResourceLeaf {
  type: ResId;
  name: ResId;
  lang: number;
  /** RVA of the IMAGE_RESOURCE_DATA_ENTRY (what FindResource returns as HRSRC, plus the image base). */
  entryRva: number;
  /** RVA of the resource bytes. */
  dataRva: number;
  size: number;
  codePage: number;
}

const MAX_ENTRIES = 65536;

export class ResourceDirectory {
  constructor(
    readonly rva: number,
    readonly size: number,
    readonly leaves: ResourceLeaf[],
  ) {}

  /**
   * The resource of `type` and `name`; with `lang` undefined the first language (neutral/en-US
   * preferred), as FindResource picks on a single-language device.
   */
  find(type: ResId, name: ResId, lang?: number): ResourceLeaf | undefined {
    const t = normalizeId(type);
    const n = normalizeId(name);
    const matches = this.leaves.filter((l) => l.type === t && l.name === n);
    if (lang !== undefined) return matches.find((l) => l.lang === lang);
    return matches.find((l) => l.lang === 0) ?? matches.find((l) => l.lang === 0x409) ?? matches[0];
  }

  /** The leaf whose data entry is at `entryRva` (validating an HRSRC). */
  byEntry(entryRva: number): ResourceLeaf | undefined {
    return this.leaves.find((l) => l.entryRva === entryRva);
  }
}

/** `#123` → 123, names upper-cased (FindResource compares names case-insensitively). */
export function normalizeId(id: ResId): ResId {
  if (typeof id === 'number') return id;
  if (/^#\d+$/.test(id)) return Number(id.slice(1)) & 0xffff;
  return id.toUpperCase();
}

/**
 * Parses the resource tree from a mapped image (`image[rva]` is the byte at that RVA). Returns an
 * empty directory when `loc` is missing.
 */
export function parseResources(image: Uint8Array, loc: { rva: number; size: number } | undefined): ResourceDirectory {
  if (!loc || loc.size < 16) return new ResourceDirectory(0, 0, []);
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const base = loc.rva;
  const end = Math.min(image.length, base + loc.size);
  const inDir = (off: number, len: number) => off >= 0 && base + off + len <= end;
  const leaves: ResourceLeaf[] = [];
  const visited = new Set<number>();

  const idAt = (raw: number): ResId | undefined => {
    if (!(raw & 0x8000_0000)) return raw & 0xffff;
    const off = raw & 0x7fff_ffff;
    if (!inDir(off, 2)) return undefined;
    const len = view.getUint16(base + off, true);
    if (!inDir(off + 2, 2 * len)) return undefined;
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(view.getUint16(base + off + 2 + 2 * i, true));
    return s.toUpperCase();
  };

  const walk = (off: number, level: number, path: ResId[]) => {
    if (level > 2 || visited.has(off) || !inDir(off, 16)) return;
    visited.add(off);
    const named = view.getUint16(base + off + 12, true);
    const ids = view.getUint16(base + off + 14, true);
    const count = Math.min(named + ids, MAX_ENTRIES);
    for (let i = 0; i < count; i++) {
      const e = off + 16 + 8 * i;
      if (!inDir(e, 8)) return;
      const id = idAt(view.getUint32(base + e, true));
      const target = view.getUint32(base + e + 4, true);
      if (id === undefined) continue;
      if (target & 0x8000_0000) {
        walk(target & 0x7fff_ffff, level + 1, [...path, id]);
      } else if (level === 2 && inDir(target, 16)) {
        const p = base + target;
        const dataRva = view.getUint32(p, true);
        const size = view.getUint32(p + 4, true);
        if (dataRva + size > image.length) continue;
        leaves.push({
          type: path[0]!,
          name: path[1]!,
          lang: typeof id === 'number' ? id : 0,
          entryRva: base + target,
          dataRva,
          size,
          codePage: view.getUint32(p + 8, true),
        });
      }
    }
  };
  walk(0, 0, []);
  return new ResourceDirectory(base, loc.size, leaves);
}

/**
 * String `id` from the RT_STRING tables (block id>>4 + 1, 16 counted strings per block). Returns the
 * RVA of the first character and the length, or undefined when the string is missing or empty.
 */
export function findString(dir: ResourceDirectory, image: Uint8Array, id: number): { rva: number; length: number } | undefined {
  const leaf = dir.find(RT_STRING, ((id >>> 4) & 0xfff) + 1);
  if (!leaf) return undefined;
  let p = leaf.dataRva;
  const end = leaf.dataRva + leaf.size;
  for (let i = 0; i < 16 && p + 2 <= end; i++) {
    const len = image[p]! | (image[p + 1]! << 8);
    if (i === (id & 15)) return len && p + 2 + 2 * len <= end ? { rva: p + 2, length: len } : undefined;
    p += 2 + 2 * len;
  }
  return undefined;
}
