/**
 * ole32 cross-thread interface passing: CoMarshalInterThreadInterfaceInStream and
 * CoGetInterfaceAndReleaseStream (explorer.exe hands interfaces to its worker threads this way).
 * wmemu's COM has no apartments (com.ts: every object is called directly on the calling thread), so
 * the "marshaled" form is the interface pointer itself, in a memory stream (CreateStreamOnHGlobal's):
 * an OBJREF-like packet {'MEOW', flags 0x80000000 (wmemu, in-process), IID, pointer}. Followed: the
 * Win32 documentation of the pair:
 * - Marshal: pUnk or ppStm NULL: E_INVALIDARG; QueryInterface(riid) of the object (its failure is
 *   returned, *ppStm NULL); the reference QueryInterface added belongs to the stream.
 * - Unmarshal: ppv NULL: E_INVALIDARG; *ppv NULL on failure; the packet is read through the stream's
 *   own IStream::Read (any stream); a short or foreign packet: RPC_E_INVALID_OBJREF (what
 *   CoUnmarshalInterface gives for a stream without a marshaled interface); then QueryInterface(riid)
 *   for the caller, the stream's reference Released,
 *   the stream Released (always, as the name says).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { memoryStream } from './hglobal.js';
import { releaseAll, type Res } from './object.js';
import { HR } from './hresult.js';

const SIGNATURE = 0x574f_454d; // 'MEOW'
const WMEMU_DIRECT = 0x8000_0000;
const PACKET = 28;
const RPC_E_INVALID_OBJREF = 0x8001_011d;

/** QueryInterface(riid at `riid`) of a guest object; then(pointer or 0, hr). */
function qi(cx: ApiContext, unk: number, riid: number, then: (p: number, hr: number) => Res): Res {
  const heap = cx.machine.processHeap;
  const tmp = heap.alloc(4, true);
  if (!tmp) return HR.E_OUTOFMEMORY;
  return cx.callGuest(cx.mem.u32(cx.mem.u32(unk)), [unk, riid, tmp], (r0) => {
    const p = cx.mem.u32(tmp);
    heap.freeBlock(tmp);
    return then(r0 >>> 0 === 0 ? p : 0, r0 >>> 0);
  });
}

export const marshal: ApiDef[] = [
  fn('CoMarshalInterThreadInterfaceInStream(ptr riid, ptr pUnk, ptr ppStm): hex', (cx, riid: number, unk: number, ppStm: number) => {
    if (!ppStm || !unk || !riid) return HR.E_INVALIDARG;
    cx.mem.setU32(ppStm, 0);
    return qi(cx, unk, riid, (p, hr) => {
      if (!p) return hr || HR.E_NOINTERFACE;
      const packet = Buffer.alloc(PACKET);
      packet.writeUInt32LE(SIGNATURE, 0);
      packet.writeUInt32LE(WMEMU_DIRECT, 4);
      Buffer.from(cx.mem.bytes(riid, 16)).copy(packet, 8);
      packet.writeUInt32LE(p, 24);
      const stm = memoryStream(cx, packet);
      if (!stm) return releaseAll(cx, [p], () => HR.E_OUTOFMEMORY);
      cx.mem.setU32(ppStm, stm);
      return HR.S_OK;
    });
  }),
  fn('CoGetInterfaceAndReleaseStream(ptr pStm, ptr riid, ptr ppv): hex', (cx, stm: number, riid: number, ppv: number) => {
    if (!ppv || !stm || !riid) return HR.E_INVALIDARG;
    cx.mem.setU32(ppv, 0);
    const heap = cx.machine.processHeap;
    const buf = heap.alloc(PACKET + 4, true);
    if (!buf) return HR.E_OUTOFMEMORY;
    const read = cx.mem.u32(cx.mem.u32(stm) + 12);
    return cx.callGuest(read, [stm, buf, PACKET, buf + PACKET], (r0) => {
      const got = cx.mem.u32(buf + PACKET);
      const packet = Buffer.from(cx.mem.bytes(buf, PACKET));
      heap.freeBlock(buf);
      const ok = r0 >>> 0 === 0 && got === PACKET && packet.readUInt32LE(0) === SIGNATURE && packet.readUInt32LE(4) === WMEMU_DIRECT;
      if (!ok) return releaseAll(cx, [stm], () => RPC_E_INVALID_OBJREF);
      const p = packet.readUInt32LE(24);
      return qi(cx, p, riid, (q, hr) => {
        if (q) cx.mem.setU32(ppv, q);
        return releaseAll(cx, [p, stm], () => (q ? HR.S_OK : hr || HR.E_NOINTERFACE));
      });
    });
  }),
];
