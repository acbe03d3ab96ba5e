/**
 * ole32 structured storage: StgCreateDocfile, StgOpenStorage, StgIsStorageFile, IStorage and the
 * IStream of its elements, over a compound file (MS-CFB, cfb-format.ts) on the device file system, or
 * on the program's own ILockBytes (StgCreateDocfileOnILockBytes, StgOpenStorageOnILockBytes: read and
 * written through its vtable, storage-lockbytes.ts; CE's ole32 exports these two, not StgIsStorageILockBytes
 * nor CreateILockBytesOnHGlobal).
 * Followed: the Win32 documentation of these functions and of the STGM flags, and Wine's ole32 tests
 * (storage32.c: test_create_storage_modes, test_open_storage, test_storage_stream) for the results:
 * - ppstg/ppstm NULL: STG_E_INVALIDPOINTER; reserved arguments nonzero: STG_E_INVALIDPARAMETER; a NULL
 *   or bad element name (empty, over 31 characters, with \ / : !): STG_E_INVALIDNAME.
 * - Modes: a root needs a share mode (compatibility mode 0 is STG_E_INVALIDFLAG); in direct mode a
 *   root needs STGM_SHARE_EXCLUSIVE, except STGM_READ | STGM_SHARE_DENY_WRITE for StgOpenStorage;
 *   StgCreateDocfile needs write access; elements (streams, sub-storages) need STGM_SHARE_EXCLUSIVE;
 *   OpenStream/OpenStorage/StgOpenStorage with STGM_CREATE: STG_E_INVALIDFLAG.
 * - StgCreateDocfile of an existing file without STGM_CREATE: STG_E_FILEALREADYEXISTS; a missing
 *   folder: STG_E_PATHNOTFOUND; a read-only file: STG_E_ACCESSDENIED. StgOpenStorage of a missing file:
 *   STG_E_FILENOTFOUND; of a file that is not a compound file: STG_E_FILEALREADYEXISTS (as documented).
 * - Create* of an existing element without STGM_CREATE: STG_E_FILEALREADYEXISTS (STGM_CREATE replaces
 *   it); Open* / DestroyElement / RenameElement of a missing one: STG_E_FILENOTFOUND; RenameElement to a
 *   name in use: STG_E_FILEALREADYEXISTS. Writing through a storage or stream opened for reading
 *   (CreateStream, Write, SetSize, DestroyElement, SetClass ...): STG_E_ACCESSDENIED; Read of a
 *   write-only stream: STG_E_ACCESSDENIED.
 * - STGM_TRANSACTED (on the root): changes reach the file at IStorage::Commit; Revert rereads the file;
 *   a last Release without Commit drops them. Direct mode: the file is rewritten when an object of the
 *   document is committed or released (a device writes each change at once; the difference shows only
 *   to a second reader while the document is open). STGM_DELETEONRELEASE deletes the file at the root's
 *   last Release.
 * - Stat fills STATSTG (name through CoTaskMemAlloc unless STATFLAG_NONAME; a root's name is its path).
 * EnumElements gives an IEnumSTATSTG over a snapshot of the elements (names through CoTaskMemAlloc;
 * Next of fewer than asked: S_FALSE). CopyTo (exclusions by IID and SNB) and MoveElementTo (STGMOVE_MOVE,
 * STGMOVE_COPY; other flags STG_E_INVALIDFLAG) between ole32's storages: storage-copy.ts; to another
 * IStorage implementation, temporary docfiles (a NULL name),
 * priority opens and OpenStorage exclusions stop the run naming themselves. The IStream methods take
 * their 64-bit arguments as two words, as CE's compiler passes them (see hglobal.ts).
 */
import { closeSync, constants as FS, writeSync } from 'node:fs';
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { CfbFormatError, compareNames, newNode, parseCfb, serializeCfb, type CfbNode } from './cfb-format.js';
import { addRef, HostClass, releaseAll, type HostObject, type Res } from './object.js';
import { lockBytesSize, readLockBytes, writeLockBytes } from './storage-lockbytes.js';
import { cloneNode, copyInto, isWithin } from './storage-copy.js';
import { guidAt } from './guid.js';
import { HR } from './hresult.js';

export const STG = {
  E_INVALIDFUNCTION: 0x8003_0001,
  E_FILENOTFOUND: 0x8003_0002,
  E_PATHNOTFOUND: 0x8003_0003,
  E_ACCESSDENIED: 0x8003_0005,
  E_INVALIDPOINTER: 0x8003_0009,
  E_WRITEFAULT: 0x8003_001d,
  E_FILEALREADYEXISTS: 0x8003_0050,
  E_INVALIDPARAMETER: 0x8003_0057,
  E_INVALIDNAME: 0x8003_00fc,
  E_INVALIDFLAG: 0x8003_00ff,
} as const;

const STGM_READ = 0;
const STGM_WRITE = 1;
const STGM_ACCESS = 3;
const STGM_SHARE_MASK = 0x70;
const STGM_SHARE_EXCLUSIVE = 0x10;
const STGM_SHARE_DENY_WRITE = 0x20;
const STGM_CREATE = 0x1000;
const STGM_TRANSACTED = 0x1_0000;
const STGM_DELETEONRELEASE = 0x400_0000;
const STATFLAG_NONAME = 1;
/** IStream::Write's vtable offset (QueryInterface, AddRef, Release, Read, Write). */
const VT_STREAM_WRITE = 16;
const STGMOVE_MOVE = 0;
const STGMOVE_COPY = 1;
const STGTY = { storage: 1, stream: 2, root: 1 } as const;
const STATSTG_SIZE = 72;
const IID_ISTORAGE = '{0000000B-0000-0000-C000-000000000046}';
const IID_ISTREAM = '{0000000C-0000-0000-C000-000000000046}';
const IID_ISEQUENTIALSTREAM = '{0C733A30-2A1C-11CE-ADE5-00AA0044773D}';

interface Doc {
  /** The file's device path and host path; '' for a document on a guest ILockBytes. */
  path: string;
  host: string;
  /** The guest ILockBytes the document lives on (StgCreateDocfileOnILockBytes / StgOpenStorageOnILockBytes), one reference held. */
  lkb?: number;
  root: CfbNode;
  transacted: boolean;
  dirty: boolean;
  deleteOnRelease: boolean;
}
interface StgData extends HostObject {
  doc: Doc;
  node: CfbNode;
  mode: number;
  isRoot: boolean;
}
interface StmData extends HostObject {
  doc: Doc;
  node: CfbNode;
  mode: number;
  pos: number;
}

function filetimeNow(cx: ApiContext): bigint {
  return BigInt(Math.round(cx.machine.clock.nowUtcMicros() * 10)) + 116_444_736_000_000_000n;
}

/** Writes the document's file; false when the host refuses. */
function writeDoc(cx: ApiContext, doc: Doc): boolean {
  const fs = deviceFsOf(cx.machine);
  try {
    const fd = fs.open(doc.host, FS.O_WRONLY | FS.O_CREAT | FS.O_TRUNC);
    try {
      writeSync(fd, serializeCfb(doc.root));
    } finally {
      closeSync(fd);
    }
    doc.dirty = false;
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === undefined) throw e;
    return false;
  }
}

/** Writes the document to where it lives: its file at once, or its guest ILockBytes; then(hr). */
function store(cx: ApiContext, doc: Doc, then: (hr: number) => Res = (hr) => hr): Res {
  if (!doc.lkb) return then(writeDoc(cx, doc) ? HR.S_OK : STG.E_WRITEFAULT);
  return writeLockBytes(cx, doc.lkb, serializeCfb(doc.root), (hr) => {
    if (!hr) doc.dirty = false;
    return then(hr);
  });
}

/** Direct mode: the document is brought up to date (commit, release); then(hr). */
function settle(cx: ApiContext, doc: Doc, then: (hr: number) => Res = (hr) => hr): Res {
  if (doc.transacted || !doc.dirty) return then(HR.S_OK);
  return store(cx, doc, then);
}

function changed(doc: Doc): void {
  doc.dirty = true;
}

function elementName(cx: ApiContext, p: number): string | undefined {
  if (!p) return undefined;
  const s = cx.mem.wstr(p, 64);
  if (s.length === 0 || s.length > 31 || /[\\/:!]/.test(s)) return undefined;
  return s;
}

function child(node: CfbNode, name: string): CfbNode | undefined {
  return node.children.find((c) => compareNames(c.name, name) === 0);
}

function canWrite(mode: number): boolean {
  return (mode & STGM_ACCESS) !== STGM_READ;
}

function writeStat(cx: ApiContext, p: number, name: string | undefined, node: CfbNode, mode: number, flag: number): number {
  if (!p) return STG.E_INVALIDPOINTER;
  cx.mem.fill(p, STATSTG_SIZE, 0);
  if (!(flag & STATFLAG_NONAME) && name !== undefined) {
    const b = Buffer.from(name + '\0', 'utf16le');
    const s = cx.machine.processHeap.alloc(b.length, false);
    if (!s) return HR.E_OUTOFMEMORY;
    cx.mem.write(s, b);
    cx.mem.setU32(p, s);
  }
  cx.mem.setU32(p + 4, STGTY[node.type]);
  cx.mem.setU64(p + 8, BigInt(node.type === 'stream' ? node.data.length : 0));
  cx.mem.setU64(p + 16, node.mtime);
  cx.mem.setU64(p + 24, node.ctime);
  cx.mem.setU32(p + 40, mode);
  cx.mem.write(p + 48, node.clsid);
  cx.mem.setU32(p + 64, node.state);
  return HR.S_OK;
}

// ------------------------------------------------------------------ IStream of an element
const streamMethods: ApiDef[] = [
  fn('StgStream_Read(ptr This, ptr pv, u32 cb, ptr pcbRead): hex', (cx, obj: number, pv: number, cb: number, pRead: number) => {
    const s = Stm.of(cx, obj);
    if (pRead) cx.mem.setU32(pRead, 0);
    if ((s.mode & STGM_ACCESS) === STGM_WRITE) return STG.E_ACCESSDENIED;
    if (!pv && cb) return STG.E_INVALIDPOINTER;
    const n = Math.max(0, Math.min(cb, s.node.data.length - s.pos));
    if (n) cx.mem.write(pv, s.node.data.subarray(s.pos, s.pos + n));
    s.pos += n;
    if (pRead) cx.mem.setU32(pRead, n);
    return HR.S_OK;
  }),
  fn('StgStream_Write(ptr This, ptr pv, u32 cb, ptr pcbWritten): hex', (cx, obj: number, pv: number, cb: number, pWritten: number) => {
    const s = Stm.of(cx, obj);
    if (pWritten) cx.mem.setU32(pWritten, 0);
    if (!canWrite(s.mode)) return STG.E_ACCESSDENIED;
    if (!pv && cb) return STG.E_INVALIDPOINTER;
    const end = s.pos + cb;
    if (end > s.node.data.length) {
      const grown = Buffer.alloc(end);
      s.node.data.copy(grown);
      s.node.data = grown;
    }
    if (cb) Buffer.from(cx.mem.bytes(pv, cb)).copy(s.node.data, s.pos);
    s.pos = end;
    changed(s.doc);
    if (pWritten) cx.mem.setU32(pWritten, cb);
    return HR.S_OK;
  }),
  fn(
    'StgStream_Seek(ptr This, u32 dlibMoveLow, i32 dlibMoveHigh, u32 dwOrigin, ptr plibNewPosition): hex',
    (cx, obj: number, lo: number, hi: number, origin: number, pNew: number) => {
      const move = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      const s = Stm.of(cx, obj);
      const base = origin === 0 ? 0n : origin === 1 ? BigInt(s.pos) : origin === 2 ? BigInt(s.node.data.length) : -1n;
      if (base < 0n) return STG.E_INVALIDFUNCTION;
      const to = base + move;
      if (to < 0n || to > 0xffff_ffffn) return STG.E_INVALIDFUNCTION;
      s.pos = Number(to);
      if (pNew) cx.mem.setU64(pNew, BigInt(s.pos));
      return HR.S_OK;
    },
  ),
  fn('StgStream_SetSize(ptr This, u32 libNewSizeLow, u32 libNewSizeHigh): hex', (cx, obj: number, lo: number, hi: number) => {
    const size = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const s = Stm.of(cx, obj);
    if (!canWrite(s.mode)) return STG.E_ACCESSDENIED;
    if (size > 0x7fff_ffffn) return HR.E_OUTOFMEMORY;
    const n = Number(size);
    const d = Buffer.alloc(n);
    s.node.data.copy(d, 0, 0, Math.min(n, s.node.data.length));
    s.node.data = d;
    changed(s.doc);
    return HR.S_OK;
  }),
  // CopyTo: up to cb bytes from the seek position, written through the destination's own IStream::Write
  // (any IStream: an HGLOBAL stream, another element, the program's); the source position advances by the
  // bytes read; *pcbRead / *pcbWritten (64-bit) as the documentation gives them.
  fn(
    'StgStream_CopyTo(ptr This, ptr pstm, u32 cbLow, u32 cbHigh, ptr pcbRead, ptr pcbWritten): hex',
    (cx, obj: number, dest: number, lo: number, hi: number, pRead: number, pWritten: number) => {
      const s = Stm.of(cx, obj);
      if (!dest) return STG.E_INVALIDPOINTER;
      if ((s.mode & STGM_ACCESS) === STGM_WRITE) return STG.E_ACCESSDENIED;
      const want = hi >>> 0 ? Infinity : lo >>> 0;
      const n = Math.max(0, Math.min(want, s.node.data.length - s.pos));
      const heap = cx.machine.processHeap;
      const buf = heap.alloc(n + 4, true);
      if (!buf) return HR.E_OUTOFMEMORY;
      cx.mem.write(buf, s.node.data.subarray(s.pos, s.pos + n));
      s.pos += n;
      const written = buf + n;
      return cx.callGuest(cx.mem.u32(cx.mem.u32(dest) + VT_STREAM_WRITE), [dest, buf, n, written], (r0) => {
        const w = cx.mem.u32(written);
        heap.freeBlock(buf);
        if (pRead) cx.mem.setU64(pRead, BigInt(n));
        if (pWritten) cx.mem.setU64(pWritten, BigInt(w));
        return r0 >>> 0;
      });
    },
  ),
  fn('StgStream_Commit(ptr This, u32 grfCommitFlags): hex', (cx, obj: number) => settle(cx, Stm.of(cx, obj).doc)),
  fn('StgStream_Revert(ptr This): hex', (cx, obj: number) => (Stm.of(cx, obj), HR.S_OK)),
  fn(
    'StgStream_LockRegion(ptr This, u32 libOffsetLow, u32 libOffsetHigh, u32 cbLow, u32 cbHigh, u32 dwLockType): hex',
    (cx, obj: number) => (Stm.of(cx, obj), STG.E_INVALIDFUNCTION),
  ),
  fn(
    'StgStream_UnlockRegion(ptr This, u32 libOffsetLow, u32 libOffsetHigh, u32 cbLow, u32 cbHigh, u32 dwLockType): hex',
    (cx, obj: number) => (Stm.of(cx, obj), STG.E_INVALIDFUNCTION),
  ),
  fn('StgStream_Stat(ptr This, ptr pstatstg, u32 grfStatFlag): hex', (cx, obj: number, p: number, flag: number) => {
    const s = Stm.of(cx, obj);
    return writeStat(cx, p, s.node.name, s.node, s.mode, flag);
  }),
  // Clone: a second stream object on the same element, with its own seek position (starting at this one's).
  fn('StgStream_Clone(ptr This, ptr ppstm): hex', (cx, obj: number, out: number) => {
    const s = Stm.of(cx, obj);
    if (!out) return STG.E_INVALIDPOINTER;
    const p = Stm.create(cx, { refs: 1, doc: s.doc, node: s.node, mode: s.mode, pos: s.pos });
    cx.mem.setU32(out, p);
    return p ? HR.S_OK : HR.E_OUTOFMEMORY;
  }),
];

const Stm = new HostClass<StmData>('StgStream', [IID_ISTREAM, IID_ISEQUENTIALSTREAM], streamMethods, {
  finish: (cx, s, then) => settle(cx, s.doc, () => then()),
});

// ------------------------------------------------------------------ IStorage
function elementMode(mode: number, reserved: number[]): number {
  if (reserved.some((r) => r !== 0)) return STG.E_INVALIDPARAMETER;
  if ((mode & STGM_SHARE_MASK) !== STGM_SHARE_EXCLUSIVE) return STG.E_INVALIDFLAG;
  if ((mode & STGM_ACCESS) === STGM_ACCESS) return STG.E_INVALIDFLAG;
  return HR.S_OK;
}

function create(cx: ApiContext, obj: number, pName: number, mode: number, reserved: number[], out: number, type: 'stream' | 'storage'): number {
  const st = Stg.of(cx, obj);
  if (!out) return STG.E_INVALIDPOINTER;
  cx.mem.setU32(out, 0);
  const name = elementName(cx, pName);
  if (name === undefined) return STG.E_INVALIDNAME;
  const bad = elementMode(mode, reserved);
  if (bad) return bad;
  if (!canWrite(st.mode) || !canWrite(mode)) return STG.E_ACCESSDENIED;
  const old = child(st.node, name);
  if (old && !(mode & STGM_CREATE)) return STG.E_FILEALREADYEXISTS;
  if (old) st.node.children.splice(st.node.children.indexOf(old), 1);
  const node = newNode(name, type, filetimeNow(cx));
  st.node.children.push(node);
  changed(st.doc);
  const p =
    type === 'stream' ? Stm.create(cx, { refs: 1, doc: st.doc, node, mode, pos: 0 }) : Stg.create(cx, { refs: 1, doc: st.doc, node, mode, isRoot: false });
  if (!p) return HR.E_OUTOFMEMORY;
  cx.mem.setU32(out, p);
  return HR.S_OK;
}

function open(cx: ApiContext, obj: number, pName: number, mode: number, reserved: number[], out: number, type: 'stream' | 'storage'): number {
  const st = Stg.of(cx, obj);
  if (!out) return STG.E_INVALIDPOINTER;
  cx.mem.setU32(out, 0);
  const name = elementName(cx, pName);
  if (name === undefined) return STG.E_INVALIDNAME;
  const bad = elementMode(mode, reserved);
  if (bad) return bad;
  if (mode & STGM_CREATE) return STG.E_INVALIDFLAG;
  const node = child(st.node, name);
  if (!node || (node.type === 'stream') !== (type === 'stream')) return STG.E_FILENOTFOUND;
  if (canWrite(mode) && !canWrite(st.mode)) return STG.E_ACCESSDENIED;
  const p =
    type === 'stream' ? Stm.create(cx, { refs: 1, doc: st.doc, node, mode, pos: 0 }) : Stg.create(cx, { refs: 1, doc: st.doc, node, mode, isRoot: false });
  if (!p) return HR.E_OUTOFMEMORY;
  cx.mem.setU32(out, p);
  return HR.S_OK;
}

const storageMethods: ApiDef[] = [
  fn('IStorage_CreateStream(ptr This, wstr pwcsName, u32 grfMode, u32 reserved1, u32 reserved2, ptr ppstm): hex', (cx, obj, name, mode, r1, r2, out) =>
    create(cx, obj, name, mode, [r1, r2], out, 'stream'),
  ),
  fn('IStorage_OpenStream(ptr This, wstr pwcsName, ptr reserved1, u32 grfMode, u32 reserved2, ptr ppstm): hex', (cx, obj, name, r1, mode, r2, out) =>
    open(cx, obj, name, mode, [r1, r2], out, 'stream'),
  ),
  fn('IStorage_CreateStorage(ptr This, wstr pwcsName, u32 grfMode, u32 reserved1, u32 reserved2, ptr ppstg): hex', (cx, obj, name, mode, r1, r2, out) =>
    create(cx, obj, name, mode, [r1, r2], out, 'storage'),
  ),
  fn(
    'IStorage_OpenStorage(ptr This, wstr pwcsName, ptr pstgPriority, u32 grfMode, ptr snbExclude, u32 reserved, ptr ppstg): hex',
    (cx, obj, name, prio, mode, snb, r, out) => {
      if (prio || snb) throw new UnimplementedFeature('IStorage::OpenStorage with a priority storage or exclusions');
      return open(cx, obj, name, mode, [r], out, 'storage');
    },
  ),
  fn(
    'IStorage_CopyTo(ptr This, u32 ciidExclude, ptr rgiidExclude, ptr snbExclude, ptr pstgDest): hex',
    (cx, obj: number, ciid: number, rgiid: number, snb: number, dest: number) => {
      const st = Stg.of(cx, obj);
      if (!dest || (ciid && !rgiid)) return STG.E_INVALIDPOINTER;
      const to = destination(cx, dest);
      if (isWithin(to.node, st.node)) return STG.E_ACCESSDENIED;
      if (!canWrite(to.mode)) return STG.E_ACCESSDENIED;
      const iids = Array.from({ length: ciid }, (_, i) => guidAt(cx, rgiid + 16 * i));
      const names: string[] = [];
      // SNB: a NULL-terminated array of element names.
      for (let p = snb; p && cx.mem.u32(p); p += 4) names.push(cx.mem.wstr(cx.mem.u32(p), 64));
      const hr = copyInto(st.node, to.node, { storages: iids.includes(IID_ISTORAGE), streams: iids.includes(IID_ISTREAM), names });
      changed(to.doc);
      return hr;
    },
  ),
  fn(
    'IStorage_MoveElementTo(ptr This, wstr pwcsName, ptr pstgDest, wstr pwcsNewName, u32 grfFlags): hex',
    (cx, obj: number, pName: number, dest: number, pNew: number, flags: number) => {
      const st = Stg.of(cx, obj);
      const name = elementName(cx, pName);
      if (name === undefined) return STG.E_INVALIDNAME;
      if (flags !== STGMOVE_MOVE && flags !== STGMOVE_COPY) return STG.E_INVALIDFLAG;
      if (!dest) return STG.E_INVALIDPOINTER;
      const newName = elementName(cx, pNew);
      if (newName === undefined) return STG.E_INVALIDNAME;
      const node = child(st.node, name);
      if (!node) return STG.E_FILENOTFOUND;
      const to = destination(cx, dest);
      if (!canWrite(to.mode)) return STG.E_ACCESSDENIED;
      const old = child(to.node, newName);
      let made: CfbNode;
      if (node.type === 'stream') {
        // MoveElementWorker: CreateStream with STGM_FAILIFTHERE to move, STGM_CREATE to copy.
        if (old && (flags === STGMOVE_MOVE || old.type !== 'stream')) return STG.E_FILEALREADYEXISTS;
        if (old) to.node.children.splice(to.node.children.indexOf(old), 1);
        made = cloneNode(node, newName);
        to.node.children.push(made);
      } else {
        // A storage: CreateStorage with STGM_FAILIFTHERE; an existing storage is merged into when copying.
        if (isWithin(to.node, node)) return STG.E_ACCESSDENIED;
        if (old && (flags === STGMOVE_MOVE || old.type === 'stream'))
          return old.type === 'stream' && flags === STGMOVE_COPY ? STG.E_FILENOTFOUND : STG.E_FILEALREADYEXISTS;
        if (old) {
          const hr = copyInto(node, old);
          if (hr) return hr;
          made = old;
        } else {
          made = cloneNode(node, newName);
          to.node.children.push(made);
        }
      }
      // As MoveElementWorker's SetElementTimes: the destination keeps the source's creation time.
      made.ctime = node.ctime;
      changed(to.doc);
      // The source goes when moving; a read-only source stays (the device ignores that DestroyElement's failure).
      if (flags === STGMOVE_MOVE && canWrite(st.mode)) {
        st.node.children.splice(st.node.children.indexOf(node), 1);
        changed(st.doc);
      }
      return HR.S_OK;
    },
  ),
  fn('IStorage_Commit(ptr This, u32 grfCommitFlags): hex', (cx, obj: number) => {
    const st = Stg.of(cx, obj);
    if (st.doc.transacted) {
      if (!canWrite(st.mode)) return HR.S_OK;
      return store(cx, st.doc);
    }
    return settle(cx, st.doc);
  }),
  fn('IStorage_Revert(ptr This): hex', (cx, obj: number) => {
    const st = Stg.of(cx, obj);
    if (!st.doc.transacted || !st.isRoot) return HR.S_OK;
    if (st.doc.lkb)
      return readLockBytes(cx, st.doc.lkb, (hr, bytes) => {
        if (hr) return hr;
        try {
          st.doc.root = parseCfb(bytes);
        } catch (e) {
          if (e instanceof CfbFormatError) return STG.E_INVALIDFUNCTION;
          throw e;
        }
        st.node = st.doc.root;
        st.doc.dirty = false;
        return HR.S_OK;
      });
    try {
      st.doc.root = parseCfb(deviceFsOf(cx.machine).readFile(st.doc.host));
      st.node = st.doc.root;
      st.doc.dirty = false;
      return HR.S_OK;
    } catch {
      return STG.E_INVALIDFUNCTION;
    }
  }),
  fn(
    'IStorage_EnumElements(ptr This, u32 reserved1, ptr reserved2, u32 reserved3, ptr ppenum): hex',
    (cx, obj: number, r1: number, r2: number, r3: number, out: number) => {
      const st = Stg.of(cx, obj);
      if (!out) return STG.E_INVALIDPOINTER;
      cx.mem.setU32(out, 0);
      if (r1 || r2 || r3) return STG.E_INVALIDPARAMETER;
      const items = [...st.node.children].sort((a, b) => compareNames(a.name, b.name));
      const p = Enum.create(cx, { refs: 1, items, pos: 0 });
      if (!p) return HR.E_OUTOFMEMORY;
      cx.mem.setU32(out, p);
      return HR.S_OK;
    },
  ),
  fn('IStorage_DestroyElement(ptr This, wstr pwcsName): hex', (cx, obj: number, pName: number) => {
    const st = Stg.of(cx, obj);
    const name = elementName(cx, pName);
    if (name === undefined) return STG.E_INVALIDNAME;
    if (!canWrite(st.mode)) return STG.E_ACCESSDENIED;
    const node = child(st.node, name);
    if (!node) return STG.E_FILENOTFOUND;
    st.node.children.splice(st.node.children.indexOf(node), 1);
    changed(st.doc);
    return HR.S_OK;
  }),
  fn('IStorage_RenameElement(ptr This, wstr pwcsOldName, wstr pwcsNewName): hex', (cx, obj: number, pOld: number, pNew: number) => {
    const st = Stg.of(cx, obj);
    const from = elementName(cx, pOld);
    const to = elementName(cx, pNew);
    if (from === undefined || to === undefined) return STG.E_INVALIDNAME;
    if (!canWrite(st.mode)) return STG.E_ACCESSDENIED;
    const node = child(st.node, from);
    if (!node) return STG.E_FILENOTFOUND;
    if (child(st.node, to)) return STG.E_FILEALREADYEXISTS;
    node.name = to;
    changed(st.doc);
    return HR.S_OK;
  }),
  // SetElementTimes (Microsoft's docfile CExposedDocFile::SetElementTimes): pwcsName NULL is the storage
  // itself; a NULL time pointer leaves that time. A compound file keeps creation and modification times of
  // storages only (MS-CFB: a stream's are zero, the access time is not stored): those are set, the rest is
  // accepted and dropped.
  fn(
    'IStorage_SetElementTimes(ptr This, wstr pwcsName, ptr pctime, ptr patime, ptr pmtime): hex',
    (cx, obj: number, pName: number, pc: number, _pa: number, pm: number) => {
      const st = Stg.of(cx, obj);
      let node = st.node;
      if (pName) {
        const name = elementName(cx, pName);
        if (name === undefined) return STG.E_INVALIDNAME;
        const c = child(st.node, name);
        if (!c) return STG.E_FILENOTFOUND;
        node = c;
      }
      if (!canWrite(st.mode)) return STG.E_ACCESSDENIED;
      if (node.type !== 'stream') {
        if (pc) node.ctime = cx.mem.u64(pc);
        if (pm) node.mtime = cx.mem.u64(pm);
        changed(st.doc);
      }
      return HR.S_OK;
    },
  ),
  fn('IStorage_SetClass(ptr This, ptr clsid): hex', (cx, obj: number, clsid: number) => {
    const st = Stg.of(cx, obj);
    if (!clsid) return STG.E_INVALIDPOINTER;
    if (!canWrite(st.mode)) return STG.E_ACCESSDENIED;
    st.node.clsid = Buffer.from(cx.mem.bytes(clsid, 16));
    changed(st.doc);
    return HR.S_OK;
  }),
  fn('IStorage_SetStateBits(ptr This, u32 grfStateBits, u32 grfMask): hex', (cx, obj: number, bits: number, mask: number) => {
    const st = Stg.of(cx, obj);
    if (!canWrite(st.mode)) return STG.E_ACCESSDENIED;
    st.node.state = ((st.node.state & ~mask) | (bits & mask)) >>> 0;
    changed(st.doc);
    return HR.S_OK;
  }),
  fn('IStorage_Stat(ptr This, ptr pstatstg, u32 grfStatFlag): hex', (cx, obj: number, p: number, flag: number) => {
    const st = Stg.of(cx, obj);
    // A root on an ILockBytes has no name (pwcsName NULL).
    return writeStat(cx, p, st.isRoot ? (st.doc.lkb ? undefined : st.doc.path) : st.node.name, st.node, st.mode, flag);
  }),
];

// IEnumSTATSTG of EnumElements: a snapshot of the storage's elements in the file's sibling order.
interface EnumData extends HostObject {
  items: CfbNode[];
  pos: number;
}
const enumMethods: ApiDef[] = [
  fn('IEnumSTATSTG_Next(ptr This, u32 celt, ptr rgelt, ptr pceltFetched): hex', (cx, obj: number, celt: number, rgelt: number, pFetched: number) => {
    const e = Enum.of(cx, obj);
    if (!rgelt || (celt > 1 && !pFetched)) return STG.E_INVALIDPOINTER;
    let n = 0;
    while (n < celt && e.pos < e.items.length) {
      const node = e.items[e.pos++]!;
      const hr = writeStat(cx, rgelt + n * STATSTG_SIZE, node.name, node, 0, 0);
      if (hr) return hr;
      n++;
    }
    if (pFetched) cx.mem.setU32(pFetched, n);
    return n === celt ? HR.S_OK : HR.S_FALSE;
  }),
  fn('IEnumSTATSTG_Skip(ptr This, u32 celt): hex', (cx, obj: number, celt: number) => {
    const e = Enum.of(cx, obj);
    const left = e.items.length - e.pos;
    e.pos += Math.min(celt, left);
    return celt <= left ? HR.S_OK : HR.S_FALSE;
  }),
  fn('IEnumSTATSTG_Reset(ptr This): hex', (cx, obj: number) => {
    Enum.of(cx, obj).pos = 0;
    return HR.S_OK;
  }),
  fn('IEnumSTATSTG_Clone(ptr This, ptr ppenum): hex', (cx, obj: number, out: number) => {
    const e = Enum.of(cx, obj);
    if (!out) return STG.E_INVALIDPOINTER;
    const p = Enum.create(cx, { refs: 1, items: e.items, pos: e.pos });
    cx.mem.setU32(out, p);
    return p ? HR.S_OK : HR.E_OUTOFMEMORY;
  }),
];
const Enum = new HostClass<EnumData>('IEnumSTATSTG', ['{0000000D-0000-0000-C000-000000000046}'], enumMethods);

const Stg = new HostClass<StgData>('IStorage', [IID_ISTORAGE], storageMethods, {
  // A root on an ILockBytes gives back its reference to it, after the last write.
  held: (st) => (st.isRoot && st.doc.lkb ? [st.doc.lkb] : []),
  finish: (cx, st, then) => {
    if (st.isRoot && st.doc.deleteOnRelease && !st.doc.lkb) {
      try {
        deviceFsOf(cx.machine).unlink(st.doc.host);
      } catch {
        /* already gone */
      }
      return then();
    }
    return settle(cx, st.doc, () => then());
  },
});

/** The destination of CopyTo / MoveElementTo: one of ole32's storages (another implementation stops the run naming itself). */
function destination(cx: ApiContext, dest: number): StgData {
  const to = Stg.peek(cx, dest);
  if (!to) throw new UnimplementedFeature(`to an IStorage that is not one of ole32's (0x${(dest >>> 0).toString(16)})`);
  return to;
}

/** Checks a root's mode: 0 when fine, else the HRESULT. */
function rootMode(mode: number, opening: boolean): number {
  const share = mode & STGM_SHARE_MASK;
  const access = mode & STGM_ACCESS;
  if (access === STGM_ACCESS || share === 0 || share > 0x40) return STG.E_INVALIDFLAG;
  if (!(mode & STGM_TRANSACTED) && share !== STGM_SHARE_EXCLUSIVE && !(opening && access === STGM_READ && share === STGM_SHARE_DENY_WRITE))
    return STG.E_INVALIDFLAG;
  if (!opening && access === STGM_READ) return STG.E_INVALIDFLAG;
  if (opening && mode & STGM_CREATE) return STG.E_INVALIDFLAG;
  return 0;
}

export const storage: ApiDef[] = [
  fn('StgCreateDocfile(wstr pwcsName, u32 grfMode, u32 reserved, ptr ppstgOpen): hex', (cx, pName: number, mode: number, reserved: number, out: number) => {
    if (!out) return STG.E_INVALIDPOINTER;
    cx.mem.setU32(out, 0);
    if (reserved) return STG.E_INVALIDPARAMETER;
    const bad = rootMode(mode, false);
    if (bad) return bad;
    if (!pName) throw new UnimplementedFeature('StgCreateDocfile of a temporary docfile (NULL name)');
    const path = cx.mem.wstr(pName, 1024);
    const r = deviceFsOf(cx.machine).resolve(path);
    if (!r.ok || !r.parentExists) return STG.E_PATHNOTFOUND;
    if (r.exists) {
      if (!(mode & STGM_CREATE)) return STG.E_FILEALREADYEXISTS;
      if (r.stat!.isDirectory() || !(r.stat!.mode & 0o200)) return STG.E_ACCESSDENIED;
    }
    const doc: Doc = {
      path,
      host: r.host,
      root: newNode('Root Entry', 'root'),
      transacted: (mode & STGM_TRANSACTED) !== 0,
      dirty: true,
      deleteOnRelease: (mode & STGM_DELETEONRELEASE) !== 0,
    };
    if (!writeDoc(cx, doc)) return STG.E_ACCESSDENIED;
    const p = Stg.create(cx, { refs: 1, doc, node: doc.root, mode, isRoot: true });
    if (!p) return HR.E_OUTOFMEMORY;
    cx.mem.setU32(out, p);
    return HR.S_OK;
  }),
  fn(
    'StgOpenStorage(wstr pwcsName, ptr pstgPriority, u32 grfMode, ptr snbExclude, u32 reserved, ptr ppstgOpen): hex',
    (cx, pName: number, prio: number, mode: number, snb: number, reserved: number, out: number) => {
      if (!out) return STG.E_INVALIDPOINTER;
      cx.mem.setU32(out, 0);
      if (reserved) return STG.E_INVALIDPARAMETER;
      if (!pName) return STG.E_INVALIDNAME;
      if (prio || snb) throw new UnimplementedFeature('StgOpenStorage with a priority storage or exclusions');
      const bad = rootMode(mode, true);
      if (bad) return bad;
      const path = cx.mem.wstr(pName, 1024);
      const fs = deviceFsOf(cx.machine);
      const r = fs.resolve(path);
      if (!r.ok || !r.parentExists) return STG.E_PATHNOTFOUND;
      if (!r.exists) return STG.E_FILENOTFOUND;
      if (r.stat!.isDirectory()) return STG.E_ACCESSDENIED;
      if (canWrite(mode) && !(r.stat!.mode & 0o200)) return STG.E_ACCESSDENIED;
      let root: CfbNode;
      try {
        root = parseCfb(fs.readFile(r.host));
      } catch (e) {
        if (e instanceof CfbFormatError) return STG.E_FILEALREADYEXISTS;
        if ((e as NodeJS.ErrnoException)?.code === undefined) throw e;
        return STG.E_ACCESSDENIED;
      }
      const doc: Doc = {
        path,
        host: r.host,
        root,
        transacted: (mode & STGM_TRANSACTED) !== 0,
        dirty: false,
        deleteOnRelease: (mode & STGM_DELETEONRELEASE) !== 0,
      };
      const p = Stg.create(cx, { refs: 1, doc, node: root, mode, isRoot: true });
      if (!p) return HR.E_OUTOFMEMORY;
      cx.mem.setU32(out, p);
      return HR.S_OK;
    },
  ),
  fn('StgIsStorageFile(wstr pwcsName): hex', (cx, pName: number) => {
    if (!pName) return STG.E_INVALIDNAME;
    const fs = deviceFsOf(cx.machine);
    const r = fs.resolve(cx.mem.wstr(pName, 1024));
    if (!r.ok || !r.parentExists) return STG.E_PATHNOTFOUND;
    if (!r.exists) return STG.E_FILENOTFOUND;
    try {
      const head = fs.readFile(r.host).subarray(0, 8);
      return head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) ? HR.S_OK : HR.S_FALSE;
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === undefined) throw e;
      return STG.E_ACCESSDENIED;
    }
  }),
];

// WriteClassStg / ReadClassStg: through the guest's IStorage vtable (any IStorage, not only ours), as
// the documentation describes them: IStorage::SetClass, and IStorage::Stat(STATFLAG_NONAME)'s clsid.
const VT_SETCLASS = 15 * 4;
const VT_STAT = 17 * 4;
storage.push(
  fn('WriteClassStg(ptr pStg, ptr rclsid): hex', (cx, stg: number, clsid: number) => {
    if (!stg || !clsid) return HR.E_INVALIDARG;
    return cx.callGuest(cx.mem.u32(cx.mem.u32(stg) + VT_SETCLASS), [stg, clsid], (r0) => r0 >>> 0);
  }),
  fn('ReadClassStg(ptr pStg, ptr pclsid): hex', (cx, stg: number, out: number) => {
    if (!stg || !out) return HR.E_INVALIDARG;
    const heap = cx.machine.processHeap;
    const st = heap.alloc(STATSTG_SIZE, true);
    if (!st) return HR.E_OUTOFMEMORY;
    return cx.callGuest(cx.mem.u32(cx.mem.u32(stg) + VT_STAT), [stg, st, STATFLAG_NONAME], (r0) => {
      if (r0 >>> 0 === HR.S_OK) cx.mem.write(out, Buffer.from(cx.mem.bytes(st + 48, 16)));
      else cx.mem.fill(out, 16, 0);
      heap.freeBlock(st);
      return r0 >>> 0;
    });
  }),
);

// StgCreateDocfileOnILockBytes / StgOpenStorageOnILockBytes: a compound file on the caller's ILockBytes
// (storage-lockbytes.ts), with the modes and results of their file counterparts. Followed: the Win32
// documentation (a NULL ILockBytes or ppstg: STG_E_INVALIDPOINTER; StgCreateDocfileOnILockBytes of a
// non-empty ILockBytes without STGM_CREATE: STG_E_FILEALREADYEXISTS; StgOpenStorageOnILockBytes of bytes
// that are no compound file, or of none: STG_E_FILEALREADYEXISTS, as StgOpenStorage of such a file; the
// storage AddRefs the ILockBytes and Releases it at its own last Release). The document is written at
// once on creation, then as the file-backed ones are (direct: at each commit or release of a changed
// document; transacted: at Commit; Revert rereads it). The ILockBytes's own failures are passed on.
storage.push(
  fn(
    'StgCreateDocfileOnILockBytes(ptr plkbyt, u32 grfMode, u32 reserved, ptr ppstgOpen): hex',
    (cx, lkb: number, mode: number, reserved: number, out: number) => {
      if (!out) return STG.E_INVALIDPOINTER;
      cx.mem.setU32(out, 0);
      if (!lkb) return STG.E_INVALIDPOINTER;
      if (reserved) return STG.E_INVALIDPARAMETER;
      const bad = rootMode(mode, false);
      if (bad) return bad;
      return lockBytesSize(cx, lkb, (hr, size) => {
        if (hr) return hr;
        if (size !== 0 && !(mode & STGM_CREATE)) return STG.E_FILEALREADYEXISTS;
        const doc: Doc = {
          path: '',
          host: '',
          lkb,
          root: newNode('Root Entry', 'root'),
          transacted: (mode & STGM_TRANSACTED) !== 0,
          dirty: true,
          deleteOnRelease: false,
        };
        return store(cx, doc, (whr) => (whr ? whr : openOn(cx, doc, mode, out)));
      });
    },
  ),
  fn(
    'StgOpenStorageOnILockBytes(ptr plkbyt, ptr pstgPriority, u32 grfMode, ptr snbExclude, u32 reserved, ptr ppstgOpen): hex',
    (cx, lkb: number, prio: number, mode: number, snb: number, reserved: number, out: number) => {
      if (!out) return STG.E_INVALIDPOINTER;
      cx.mem.setU32(out, 0);
      if (!lkb) return STG.E_INVALIDPOINTER;
      if (reserved) return STG.E_INVALIDPARAMETER;
      if (prio || snb) throw new UnimplementedFeature('StgOpenStorageOnILockBytes with a priority storage or exclusions');
      const bad = rootMode(mode, true);
      if (bad) return bad;
      return readLockBytes(cx, lkb, (hr, bytes) => {
        if (hr) return hr;
        let root: CfbNode;
        try {
          root = parseCfb(bytes);
        } catch (e) {
          if (e instanceof CfbFormatError) return STG.E_FILEALREADYEXISTS;
          throw e;
        }
        const doc: Doc = { path: '', host: '', lkb, root, transacted: (mode & STGM_TRANSACTED) !== 0, dirty: false, deleteOnRelease: false };
        return openOn(cx, doc, mode, out);
      });
    },
  ),
);

/** The root IStorage of a document on an ILockBytes, which it AddRefs; S_OK with *out set. */
function openOn(cx: ApiContext, doc: Doc, mode: number, out: number): Res {
  return addRef(cx, doc.lkb!, () => {
    const p = Stg.create(cx, { refs: 1, doc, node: doc.root, mode, isRoot: true });
    if (!p) return releaseAll(cx, [doc.lkb!], () => HR.E_OUTOFMEMORY);
    cx.mem.setU32(out, p);
    return HR.S_OK;
  });
}
