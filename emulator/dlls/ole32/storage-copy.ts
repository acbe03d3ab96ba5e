/**
 * The tree operations behind IStorage::CopyTo and IStorage::MoveElementTo (storage.ts checks the
 * arguments and modes). Followed: Microsoft's docfile implementation (the ole32 reference sources,
 * CExposedDocFile::CopyTo / MoveElementWorker / CreateEntry) and the IStorage documentation:
 * - CopyTo merges the source into the destination: the class ID and state bits are copied; a stream
 *   replaces a stream of the same name; a storage is merged into a storage of the same name (created
 *   when absent). An element of the other type with that name: STG_E_FILEALREADYEXISTS, as CreateEntry
 *   gives. Exclusions (IID_IStorage: no sub-storages, IID_IStream: no streams, the SNB's names) apply to
 *   the source storage's own elements only, not to those of its sub-storages.
 * - Copying a storage into itself or into one of its descendants: STG_E_ACCESSDENIED.
 */
import { compareNames, type CfbNode } from './cfb-format.js';

export const STG_E_FILEALREADYEXISTS = 0x8003_0050;

export interface CopyExclusions {
  storages: boolean;
  streams: boolean;
  names: readonly string[];
}

export function findChild(node: CfbNode, name: string): CfbNode | undefined {
  return node.children.find((c) => compareNames(c.name, name) === 0);
}

/** A deep copy of `node` (its bytes and its whole subtree). */
export function cloneNode(node: CfbNode, name = node.name): CfbNode {
  return {
    name,
    type: node.type === 'root' ? 'storage' : node.type,
    clsid: Buffer.from(node.clsid),
    state: node.state,
    ctime: node.ctime,
    mtime: node.mtime,
    children: node.children.map((c) => cloneNode(c)),
    data: Buffer.from(node.data),
  };
}

/** True when `node` is `ancestor` or lies below it. */
export function isWithin(node: CfbNode, ancestor: CfbNode): boolean {
  if (node === ancestor) return true;
  return ancestor.children.some((c) => isWithin(node, c));
}

const isStorage = (n: CfbNode): boolean => n.type !== 'stream';

/** Merges the elements of `src` into `dst` (see the file comment); 0 or an STG_E code. */
export function copyInto(src: CfbNode, dst: CfbNode, ex: CopyExclusions = { storages: false, streams: false, names: [] }): number {
  dst.clsid = Buffer.from(src.clsid);
  dst.state = src.state;
  // A snapshot: copying a storage into a sibling of its own elements must not see its own additions.
  for (const c of [...src.children]) {
    if (isStorage(c) ? ex.storages : ex.streams) continue;
    if (ex.names.some((n) => compareNames(n, c.name) === 0)) continue;
    const old = findChild(dst, c.name);
    if (old && isStorage(old) !== isStorage(c)) return STG_E_FILEALREADYEXISTS;
    if (!isStorage(c)) {
      if (old) dst.children.splice(dst.children.indexOf(old), 1);
      dst.children.push(cloneNode(c));
      continue;
    }
    if (old) {
      const hr = copyInto(c, old);
      if (hr) return hr;
    } else dst.children.push(cloneNode(c));
  }
  return 0;
}
