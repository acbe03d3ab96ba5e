/**
 * ole32 class IDs in streams: WriteClassStm, ReadClassStm, through the guest's IStream vtable
 * (QueryInterface, AddRef, Release, Read, Write, ...). Following the Win32 documentation: WriteClassStm
 * is IStream::Write of the 16 bytes and returns its result; ReadClassStm is IStream::Read of 16 bytes,
 * STG_E_READFAULT when fewer came, else Read's result; a NULL stream or CLSID pointer is E_INVALIDARG.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { HR } from './hresult.js';

const STG_E_READFAULT = 0x8003_001e;
const VT_READ = 12;
const VT_WRITE = 16;

export const stream: ApiDef[] = [
  fn('WriteClassStm(ptr pStm, ptr rclsid): hex', (cx, stm: number, clsid: number) => {
    if (!stm || !clsid) return HR.E_INVALIDARG;
    const write = cx.mem.u32(cx.mem.u32(stm) + VT_WRITE);
    return cx.callGuest(write, [stm, clsid, 16, 0], (r0) => r0 >>> 0);
  }),
  fn('ReadClassStm(ptr pStm, ptr pclsid): hex', (cx, stm: number, clsid: number) => {
    if (!stm || !clsid) return HR.E_INVALIDARG;
    const heap = cx.machine.processHeap;
    const got = heap.alloc(4, true);
    if (!got) return HR.E_OUTOFMEMORY;
    const read = cx.mem.u32(cx.mem.u32(stm) + VT_READ);
    return cx.callGuest(read, [stm, clsid, 16, got], (r0) => {
      const n = cx.mem.u32(got);
      heap.freeBlock(got);
      if (r0 & 0x8000_0000) return r0 >>> 0;
      return n === 16 ? HR.S_OK : STG_E_READFAULT;
    });
  }),
];
