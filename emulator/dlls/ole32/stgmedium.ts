/**
 * ole32 data transfer helpers: ReleaseStgMedium and OleRun. Followed: the Win32 documentation of
 * ReleaseStgMedium (its table per medium) and Wine's ole32 behaviour:
 * - pUnkForRelease NULL: TYMED_HGLOBAL frees the block (GlobalFree; on CE an HGLOBAL is a LocalAlloc
 *   block: LocalFree), TYMED_GDI DeleteObject, TYMED_FILE deletes the file (DeleteFileW) and frees the
 *   name (CoTaskMemFree), TYMED_ISTREAM / TYMED_ISTORAGE Release the interface.
 * - pUnkForRelease set: the owner frees the data, so HGLOBAL/GDI/FILE's file are left alone, but the
 *   file name is still freed and IStream/IStorage still Released (as the documentation's table says);
 *   then pUnkForRelease->Release.
 * - TYMED_NULL: nothing (only pUnkForRelease). TYMED_MFPICT / TYMED_ENHMF: CE has no metafiles; such a
 *   medium stops the run naming itself. The calls go through coredll's own exports, as the guest would.
 * - The medium is zeroed afterwards (tymed TYMED_NULL, pointers NULL), as Wine does.
 * - A NULL pointer: nothing happens (Wine; the documentation leaves it undefined).
 * OleRun(pUnknown): QueryInterface for IRunnableObject; an object without it is already running (S_OK,
 * per the documentation); else IRunnableObject::Run(NULL) and its result, then Release.
 * OleDraw(pUnk, dwAspect, hdcDraw, lprcBounds): QueryInterface for IViewObject (without it:
 * DV_E_NOIVIEWOBJECT, as Wine), then IViewObject::Draw(dwAspect, -1, NULL, NULL, NULL, hdcDraw,
 * lprcBounds, NULL, NULL, 0) (a RECT and a RECTL have one layout on CE) and its result, then Release.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { parseGuid } from './guid.js';
import { coredllProc, releaseAll, type Res } from './object.js';
import { HR } from './hresult.js';

const TYMED = { NULL: 0, HGLOBAL: 1, FILE: 2, ISTREAM: 4, ISTORAGE: 8, GDI: 16, MFPICT: 32, ENHMF: 64 } as const;
const IID_IRUNNABLEOBJECT = parseGuid('{00000126-0000-0000-C000-000000000046}')!;
const IID_IVIEWOBJECT = parseGuid('{0000010D-0000-0000-C000-000000000046}')!;
const DV_E_NOIVIEWOBJECT = 0x8004_0068;

/** QueryInterface(iid) of a guest object, then `then(pointer or 0, hr)`. */
function queryInterface(cx: ApiContext, unk: number, iid: Buffer, then: (p: number, hr: number) => Res): Res {
  const heap = cx.machine.processHeap;
  const tmp = heap.alloc(20, true);
  if (!tmp) return HR.E_OUTOFMEMORY;
  cx.mem.write(tmp + 4, iid);
  return cx.callGuest(cx.mem.u32(cx.mem.u32(unk)), [unk, tmp + 4, tmp], (r0) => {
    const p = cx.mem.u32(tmp);
    heap.freeBlock(tmp);
    return then(r0 >>> 0 === 0 ? p : 0, r0 >>> 0);
  });
}

/** Calls a coredll export with `args` (through its trap, as the guest would), then `then`. */
function callCoredll(cx: ApiContext, name: string, args: number[], then: () => Res): Res {
  const proc = coredllProc(cx, name);
  if (!proc) throw new UnimplementedFeature(`ReleaseStgMedium needs coredll's ${name}`);
  return cx.callGuest(proc, args, () => then());
}

function releaseStgMedium(cx: ApiContext, p: number): Res {
  if (!p) return 0;
  const tymed = cx.mem.u32(p);
  const data = cx.mem.u32(p + 4);
  const owner = cx.mem.u32(p + 8);
  const done = (): Res =>
    releaseAll(cx, owner ? [owner] : [], () => {
      cx.mem.fill(p, 12, 0);
      return 0;
    });
  switch (tymed) {
    case TYMED.NULL:
      return done();
    case TYMED.HGLOBAL:
      return owner || !data ? done() : callCoredll(cx, 'LocalFree', [data], done);
    case TYMED.GDI:
      return owner || !data ? done() : callCoredll(cx, 'DeleteObject', [data], done);
    case TYMED.FILE: {
      if (!data) return done();
      const free = (): Res => {
        // CoTaskMemFree of the name (the task allocator is the process heap: mem.ts).
        if (cx.machine.processHeap.owns(data)) cx.machine.processHeap.freeBlock(data);
        return done();
      };
      return owner ? free() : callCoredll(cx, 'DeleteFileW', [data], free);
    }
    case TYMED.ISTREAM:
    case TYMED.ISTORAGE:
      return releaseAll(cx, [data], done);
    default:
      throw new UnimplementedFeature(`ReleaseStgMedium of a medium with tymed ${tymed} (metafiles: not on CE)`);
  }
}

export const stgmedium: ApiDef[] = [
  fn('ReleaseStgMedium(ptr pmedium): void', (cx, p: number) => {
    const r = releaseStgMedium(cx, p);
    return typeof r === 'number' ? undefined : r;
  }),
  fn('OleRun(ptr pUnknown): hex', (cx, unk: number) => {
    if (!unk) return HR.E_INVALIDARG;
    const heap = cx.machine.processHeap;
    const tmp = heap.alloc(20, true);
    if (!tmp) return HR.E_OUTOFMEMORY;
    cx.mem.write(tmp + 4, IID_IRUNNABLEOBJECT);
    const qi = cx.mem.u32(cx.mem.u32(unk));
    return cx.callGuest(qi, [unk, tmp + 4, tmp], (r0) => {
      const runnable = cx.mem.u32(tmp);
      heap.freeBlock(tmp);
      if (r0 !== 0 || !runnable) return HR.S_OK;
      // IRunnableObject: QI, AddRef, Release, GetRunningClass, Run(pbc), IsRunning, LockRunning, ...
      return cx.callGuest(cx.mem.u32(cx.mem.u32(runnable) + 16), [runnable, 0], (hr) => releaseAll(cx, [runnable], () => hr >>> 0));
    });
  }),
  fn('OleDraw(ptr pUnk, u32 dwAspect, handle hdcDraw, ptr lprcBounds): hex', (cx, unk: number, aspect: number, hdc: number, rc: number) => {
    if (!unk) return HR.E_INVALIDARG;
    return queryInterface(cx, unk, IID_IVIEWOBJECT, (view) => {
      if (!view) return DV_E_NOIVIEWOBJECT;
      const draw = cx.mem.u32(cx.mem.u32(view) + 12);
      return cx.callGuest(draw, [view, aspect, 0xffff_ffff, 0, 0, 0, hdc, rc, 0, 0, 0], (hr) => releaseAll(cx, [view], () => hr >>> 0));
    });
  }),
];
