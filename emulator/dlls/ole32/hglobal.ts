/**
 * ole32 memory streams: CreateStreamOnHGlobal, GetHGlobalFromStream. The stream object lives in guest
 * memory ({vtable, 0}); its IStream methods are trap stubs handled here (they show in traces as
 * ole32.dll!IStream_Read & co. but are not exports). Following the Win32 documentation of
 * CreateStreamOnHGlobal: hGlobal NULL allocates a new block (on CE an HGLOBAL is a LocalAlloc pointer);
 * the stream's size starts as the block's size; Write past the end grows the block (it may move: ask
 * GetHGlobalFromStream again); fDeleteOnRelease frees the block with the last Release. Seek
 * (STREAM_SEEK_SET/CUR/END; before the start is STG_E_INVALIDFUNCTION), SetSize, Stat (STGTY_STREAM,
 * cbSize), Commit/Revert (S_OK: no transactions), LockRegion/UnlockRegion (STG_E_INVALIDFUNCTION,
 * as desktop ole32's HGLOBAL stream). CopyTo and Clone stop the run naming themselves.
 * 64-bit arguments (Seek's offset, SetSize, the regions) are declared as two words: CE's compiler passes
 * a LARGE_INTEGER in the next two argument words without aligning it to an even register (shdocvw.dll
 * calls Seek with the offset in R1:R2 and the origin in R3), not as AAPCS's i64 would.
 */
import { fn, UnimplementedFeature, type ApiDecl, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';
import { guidAt } from './guid.js';
import { HR } from './hresult.js';

const STG_E_INVALIDFUNCTION = 0x8003_0001;
const STGTY_STREAM = 2;
const STATSTG_SIZE = 72;
const IIDS = new Set(['{00000000-0000-0000-C000-000000000046}', '{0000000C-0000-0000-C000-000000000046}', '{0C733A30-2A1C-11CE-ADE5-00AA0044773D}']);

interface Stream {
  hglobal: number;
  size: number;
  pos: number;
  refs: number;
  deleteOnRelease: boolean;
}
interface StreamState {
  vtable: number;
  streams: Map<number, Stream>;
}

function streamOf(cx: ApiContext, obj: number): Stream {
  const s = state(cx).streams.get(obj >>> 0);
  if (!s) throw new UnimplementedFeature(`IStream method on 0x${(obj >>> 0).toString(16)}, which is not a stream of CreateStreamOnHGlobal`);
  return s;
}

/** Makes the block at least `n` bytes; false when the heap is out of memory. */
function ensure(cx: ApiContext, s: Stream, n: number): boolean {
  const heap = cx.machine.processHeap;
  if ((heap.size(s.hglobal) ?? 0) >= n) return true;
  const p = heap.realloc(s.hglobal, n, true, true);
  if (!p) return false;
  s.hglobal = p;
  return true;
}

const methods: ApiDef[] = [
  fn('IStream_QueryInterface(ptr This, ptr riid, ptr ppv): hex', (cx, obj: number, riid: number, ppv: number) => {
    const s = streamOf(cx, obj);
    if (!ppv) return HR.E_POINTER;
    if (!IIDS.has(guidAt(cx, riid))) {
      cx.mem.setU32(ppv, 0);
      return HR.E_NOINTERFACE;
    }
    s.refs++;
    cx.mem.setU32(ppv, obj);
    return HR.S_OK;
  }),
  fn('IStream_AddRef(ptr This): u32', (cx, obj: number) => ++streamOf(cx, obj).refs),
  fn('IStream_Release(ptr This): u32', (cx, obj: number) => {
    const s = streamOf(cx, obj);
    if (--s.refs > 0) return s.refs;
    state(cx).streams.delete(obj >>> 0);
    if (s.deleteOnRelease) cx.machine.processHeap.freeBlock(s.hglobal);
    cx.machine.processHeap.freeBlock(obj);
    return 0;
  }),
  fn('IStream_Read(ptr This, ptr pv, u32 cb, ptr pcbRead): hex', (cx, obj: number, pv: number, cb: number, pRead: number) => {
    const s = streamOf(cx, obj);
    const n = Math.max(0, Math.min(cb, s.size - s.pos));
    if (n) cx.mem.write(pv, Buffer.from(cx.mem.bytes(s.hglobal + s.pos, n)));
    s.pos += n;
    if (pRead) cx.mem.setU32(pRead, n);
    return HR.S_OK;
  }),
  fn('IStream_Write(ptr This, ptr pv, u32 cb, ptr pcbWritten): hex', (cx, obj: number, pv: number, cb: number, pWritten: number) => {
    const s = streamOf(cx, obj);
    if (pWritten) cx.mem.setU32(pWritten, 0);
    if (!ensure(cx, s, s.pos + cb)) return HR.E_OUTOFMEMORY;
    if (cb) cx.mem.write(s.hglobal + s.pos, Buffer.from(cx.mem.bytes(pv, cb)));
    s.pos += cb;
    s.size = Math.max(s.size, s.pos);
    if (pWritten) cx.mem.setU32(pWritten, cb);
    return HR.S_OK;
  }),
  fn(
    'IStream_Seek(ptr This, u32 dlibMoveLow, i32 dlibMoveHigh, u32 dwOrigin, ptr plibNewPosition): hex',
    (cx, obj: number, lo: number, hi: number, origin: number, pNew: number) => {
      const move = (BigInt(hi) << 32n) | BigInt(lo >>> 0);
      const s = streamOf(cx, obj);
      const base = origin === 0 ? 0n : origin === 1 ? BigInt(s.pos) : origin === 2 ? BigInt(s.size) : -1n;
      if (base < 0n) return STG_E_INVALIDFUNCTION;
      const to = base + move;
      if (to < 0n || to > 0xffff_ffffn) return STG_E_INVALIDFUNCTION;
      s.pos = Number(to);
      if (pNew) {
        cx.mem.setU32(pNew, s.pos);
        cx.mem.setU32(pNew + 4, 0);
      }
      return HR.S_OK;
    },
  ),
  fn('IStream_SetSize(ptr This, u32 libNewSizeLow, u32 libNewSizeHigh): hex', (cx, obj: number, lo: number, hi: number) => {
    const size = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const s = streamOf(cx, obj);
    if (size > 0xffff_ffffn) return HR.E_OUTOFMEMORY;
    if (!ensure(cx, s, Number(size))) return HR.E_OUTOFMEMORY;
    s.size = Number(size);
    return HR.S_OK;
  }),
  fn('IStream_CopyTo(ptr This, ptr pstm, u32 cbLow, u32 cbHigh, ptr pcbRead, ptr pcbWritten): hex', () => {
    throw new UnimplementedFeature('IStream::CopyTo of an HGLOBAL stream');
  }),
  fn('IStream_Commit(ptr This, u32 grfCommitFlags): hex', (cx, obj: number) => (streamOf(cx, obj), HR.S_OK)),
  fn('IStream_Revert(ptr This): hex', (cx, obj: number) => (streamOf(cx, obj), HR.S_OK)),
  fn(
    'IStream_LockRegion(ptr This, u32 libOffsetLow, u32 libOffsetHigh, u32 cbLow, u32 cbHigh, u32 dwLockType): hex',
    (cx, obj: number) => (streamOf(cx, obj), STG_E_INVALIDFUNCTION),
  ),
  fn(
    'IStream_UnlockRegion(ptr This, u32 libOffsetLow, u32 libOffsetHigh, u32 cbLow, u32 cbHigh, u32 dwLockType): hex',
    (cx, obj: number) => (streamOf(cx, obj), STG_E_INVALIDFUNCTION),
  ),
  fn('IStream_Stat(ptr This, ptr pstatstg, u32 grfStatFlag): hex', (cx, obj: number, p: number) => {
    const s = streamOf(cx, obj);
    if (!p) return HR.E_INVALIDARG;
    cx.mem.fill(p, STATSTG_SIZE, 0);
    cx.mem.setU32(p + 4, STGTY_STREAM);
    cx.mem.setU32(p + 8, s.size);
    return HR.S_OK;
  }),
  fn('IStream_Clone(ptr This, ptr ppstm): hex', () => {
    throw new UnimplementedFeature('IStream::Clone of an HGLOBAL stream');
  }),
];

const slot = defineSlot('ole32-hglobal', (): StreamState => ({ vtable: 0, streams: new Map() }));

function state(cx: ApiContext): StreamState {
  const st = slot.of(cx.machine);
  if (!st.vtable) {
    const vt = cx.machine.processHeap.alloc(4 * methods.length, true);
    if (!vt) throw new Error('ole32: no memory for the IStream vtable');
    methods.forEach((def, i) => {
      const decl: ApiDecl = { ...def, dll: 'ole32.dll' };
      cx.mem.setU32(vt + 4 * i, cx.machine.dispatcher.trapFor({ dll: 'ole32.dll', name: def.name, decl }));
    });
    st.vtable = vt;
  }
  return st;
}

/** A new memory stream (fDeleteOnRelease) holding `bytes`, positioned at its start; 0 when out of memory. */
export function memoryStream(cx: ApiContext, bytes: Buffer): number {
  const heap = cx.machine.processHeap;
  const st = state(cx);
  const block = heap.alloc(bytes.length, false);
  const obj = heap.alloc(8, true);
  if (!block || !obj) return 0;
  cx.mem.write(block, bytes);
  cx.mem.setU32(obj, st.vtable);
  st.streams.set(obj, { hglobal: block, size: bytes.length, pos: 0, refs: 1, deleteOnRelease: true });
  return obj;
}

export const hglobal: ApiDef[] = [
  fn('CreateStreamOnHGlobal(ptr hGlobal, bool fDeleteOnRelease, ptr ppstm): hex', (cx, h: number, del: number, ppstm: number) => {
    if (!ppstm) return HR.E_INVALIDARG;
    const heap = cx.machine.processHeap;
    if (h && !heap.owns(h)) return HR.E_INVALIDARG;
    const st = state(cx);
    const block = h || heap.alloc(0, false);
    const obj = heap.alloc(8, true);
    if (!block || !obj) return HR.E_OUTOFMEMORY;
    cx.mem.setU32(obj, st.vtable);
    st.streams.set(obj, { hglobal: block, size: h ? (heap.size(h) ?? 0) : 0, pos: 0, refs: 1, deleteOnRelease: del !== 0 });
    cx.mem.setU32(ppstm, obj);
    return HR.S_OK;
  }),
  fn('GetHGlobalFromStream(ptr pstm, ptr phglobal): hex', (cx, obj: number, out: number) => {
    const s = state(cx).streams.get(obj >>> 0);
    if (!s || !out) return HR.E_INVALIDARG;
    cx.mem.setU32(out, s.hglobal);
    return HR.S_OK;
  }),
];
