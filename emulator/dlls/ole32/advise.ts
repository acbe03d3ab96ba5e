/**
 * ole32 advise holder: CreateOleAdviseHolder and IOleAdviseHolder (an OLE object keeps its IAdviseSink
 * connections with it). Followed: the Win32 documentation of IOleAdviseHolder and Wine's ole32
 * (oleobj.c) for what the documentation leaves open:
 * - CreateOleAdviseHolder(NULL): E_INVALIDARG.
 * - Advise: pAdvise or pdwConnection NULL E_INVALIDARG; the sink is AddRef'd, the connection is a
 *   nonzero cookie (the slot number + 1: a freed slot is used again, as Wine).
 * - Unadvise of an unknown connection: OLE_E_NOCONNECTION; else the sink is Released.
 * - SendOnRename(pmk) / SendOnSave / SendOnClose call IAdviseSink::OnRename / OnSave / OnClose of each
 *   connected sink in connection order, S_OK.
 * - The last Release Releases the sinks still connected.
 * EnumAdvise (an IEnumSTATDATA) stops the run naming itself.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { HostClass, addRef, releaseAll, type HostObject, type Res } from './object.js';
import { HR } from './hresult.js';

// IAdviseSink: QueryInterface, AddRef, Release, OnDataChange, OnViewChange, OnRename, OnSave, OnClose.
const VT_ONRENAME = 5 * 4;
const VT_ONSAVE = 6 * 4;
const VT_ONCLOSE = 7 * 4;

interface HolderData extends HostObject {
  /** Connection n is sinks[n - 1]; 0 marks a free slot. */
  sinks: number[];
}

/** Calls the method at `slot` of every connected sink (a snapshot: a sink may Unadvise meanwhile). */
function notify(cx: ApiContext, h: HolderData, slot: number, args: number[]): Res {
  const sinks = h.sinks.filter((s) => s !== 0);
  const step = (i: number): Res => {
    const s = sinks[i];
    if (s === undefined) return HR.S_OK;
    return cx.callGuest(cx.mem.u32(cx.mem.u32(s) + slot), [s, ...args], () => step(i + 1));
  };
  return step(0);
}

const methods: ApiDef[] = [
  fn('IOleAdviseHolder_Advise(ptr This, ptr pAdvise, ptr pdwConnection): hex', (cx, obj: number, sink: number, pconn: number) => {
    const h = Holder.of(cx, obj);
    if (!sink || !pconn) return HR.E_INVALIDARG;
    let i = h.sinks.indexOf(0);
    if (i < 0) i = h.sinks.push(0) - 1;
    h.sinks[i] = sink;
    cx.mem.setU32(pconn, i + 1);
    return addRef(cx, sink, () => HR.S_OK);
  }),
  fn('IOleAdviseHolder_Unadvise(ptr This, u32 dwConnection): hex', (cx, obj: number, conn: number) => {
    const h = Holder.of(cx, obj);
    const sink = conn >= 1 ? h.sinks[conn - 1] : undefined;
    if (!sink) return HR.OLE_E_NOCONNECTION;
    h.sinks[conn - 1] = 0;
    return releaseAll(cx, [sink], () => HR.S_OK);
  }),
  fn('IOleAdviseHolder_EnumAdvise(ptr This, ptr ppenumAdvise): hex', () => {
    throw new UnimplementedFeature('IOleAdviseHolder::EnumAdvise (IEnumSTATDATA)');
  }),
  fn('IOleAdviseHolder_SendOnRename(ptr This, ptr pmk): hex', (cx, obj: number, pmk: number) => notify(cx, Holder.of(cx, obj), VT_ONRENAME, [pmk])),
  fn('IOleAdviseHolder_SendOnSave(ptr This): hex', (cx, obj: number) => notify(cx, Holder.of(cx, obj), VT_ONSAVE, [])),
  fn('IOleAdviseHolder_SendOnClose(ptr This): hex', (cx, obj: number) => notify(cx, Holder.of(cx, obj), VT_ONCLOSE, [])),
];

const Holder = new HostClass<HolderData>('IOleAdviseHolder', ['{00000111-0000-0000-C000-000000000046}'], methods, {
  held: (h) => h.sinks.filter((s) => s !== 0),
});

export const advise: ApiDef[] = [
  fn('CreateOleAdviseHolder(ptr ppOAHolder): hex', (cx, pp: number) => {
    if (!pp) return HR.E_INVALIDARG;
    const obj = Holder.create(cx, { refs: 1, sinks: [] });
    cx.mem.setU32(pp, obj);
    return obj ? HR.S_OK : HR.E_OUTOFMEMORY;
  }),
];
