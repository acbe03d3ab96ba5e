/**
 * A compound file on a guest ILockBytes (StgCreateDocfileOnILockBytes / StgOpenStorageOnILockBytes,
 * storage.ts): the document's bytes are read and written through the guest object's own vtable
 * (QueryInterface, AddRef, Release, ReadAt, WriteAt, Flush, SetSize, LockRegion, UnlockRegion, Stat),
 * so any ILockBytes the program implements (memory, a file, a database blob) carries the storage.
 * Their 64-bit offsets and sizes go in two argument words (low, high), as CE's compiler passes a
 * ULARGE_INTEGER (hglobal.ts). Reading: Stat(STATFLAG_NONAME) for the size, then one ReadAt of it.
 * Writing the whole document: SetSize(length), one WriteAt at offset 0, Flush; a failing call's
 * HRESULT is the result (fewer bytes written than asked: STG_E_WRITEFAULT; read: STG_E_READFAULT).
 */
import type { ApiContext } from '../../core/api/context.js';
import type { Res } from './object.js';
import { HR } from './hresult.js';

const VT = { READAT: 12, WRITEAT: 16, FLUSH: 20, SETSIZE: 24, STAT: 36 } as const;
const STATSTG_SIZE = 72;
const STATFLAG_NONAME = 1;
const STG_E_WRITEFAULT = 0x8003_001d;
const STG_E_READFAULT = 0x8003_001e;
/** The largest document read back (a CE device's storage memory is far smaller). */
const MAX_BYTES = 64 << 20;

function method(cx: ApiContext, lkb: number, slot: number): number {
  return cx.mem.u32(cx.mem.u32(lkb) + slot);
}

/** ILockBytes::Stat's cbSize; then(hr, size). */
export function lockBytesSize(cx: ApiContext, lkb: number, then: (hr: number, size: number) => Res): Res {
  const heap = cx.machine.processHeap;
  const st = heap.alloc(STATSTG_SIZE, true);
  if (!st) return then(HR.E_OUTOFMEMORY, 0);
  return cx.callGuest(method(cx, lkb, VT.STAT), [lkb, st, STATFLAG_NONAME], (r0) => {
    const size = cx.mem.u64(st + 8);
    heap.freeBlock(st);
    const hr = r0 >>> 0;
    if (hr & 0x8000_0000) return then(hr, 0);
    return then(HR.S_OK, size > BigInt(MAX_BYTES) ? -1 : Number(size));
  });
}

/** The whole contents (Stat, then ReadAt(0, size)); then(hr, bytes). */
export function readLockBytes(cx: ApiContext, lkb: number, then: (hr: number, bytes: Buffer) => Res): Res {
  return lockBytesSize(cx, lkb, (hr, size) => {
    if (hr) return then(hr, Buffer.alloc(0));
    if (size < 0) return then(HR.E_OUTOFMEMORY, Buffer.alloc(0));
    if (size === 0) return then(HR.S_OK, Buffer.alloc(0));
    const heap = cx.machine.processHeap;
    const buf = heap.alloc(size + 4, true);
    if (!buf) return then(HR.E_OUTOFMEMORY, Buffer.alloc(0));
    const got = buf + size;
    return cx.callGuest(method(cx, lkb, VT.READAT), [lkb, 0, 0, buf, size, got], (r0) => {
      const n = Math.min(cx.mem.u32(got), size);
      const bytes = Buffer.from(cx.mem.bytes(buf, n));
      heap.freeBlock(buf);
      const rhr = r0 >>> 0;
      if (rhr & 0x8000_0000) return then(rhr, Buffer.alloc(0));
      return then(n === size ? HR.S_OK : STG_E_READFAULT, bytes);
    });
  });
}

/** Replaces the contents with `bytes` (SetSize, WriteAt at 0, Flush); then(hr). */
export function writeLockBytes(cx: ApiContext, lkb: number, bytes: Buffer, then: (hr: number) => Res): Res {
  const heap = cx.machine.processHeap;
  const buf = heap.alloc(bytes.length + 4, true);
  if (!buf) return then(HR.E_OUTOFMEMORY);
  cx.mem.write(buf, bytes);
  const put = buf + bytes.length;
  const done = (hr: number): Res => {
    heap.freeBlock(buf);
    return then(hr);
  };
  return cx.callGuest(method(cx, lkb, VT.SETSIZE), [lkb, bytes.length, 0], (r1) => {
    if (r1 & 0x8000_0000) return done(r1 >>> 0);
    return cx.callGuest(method(cx, lkb, VT.WRITEAT), [lkb, 0, 0, buf, bytes.length, put], (r2) => {
      if (r2 & 0x8000_0000) return done(r2 >>> 0);
      if (cx.mem.u32(put) !== bytes.length) return done(STG_E_WRITEFAULT);
      return cx.callGuest(method(cx, lkb, VT.FLUSH), [lkb], (r3) => done(r3 & 0x8000_0000 ? r3 >>> 0 : HR.S_OK));
    });
  });
}
