/**
 * ole32 running object table: GetRunningObjectTable and IRunningObjectTable, also what
 * IBindCtx::GetRunningObjectTable gives (shdocvw asks for it on each navigation). CE's ole32 has one
 * (it exports GetRunningObjectTable). One table per run (every process of the run sees it, as the one
 * table of a device). Followed: the Win32 documentation of IRunningObjectTable and Wine's ole32 tests
 * (moniker.c, test_ROT):
 * - GetRunningObjectTable(reserved != 0): E_INVALIDARG; pprot NULL: E_INVALIDARG.
 * - Register: punkObject, pmkObjectName or pdwRegister NULL, or grfFlags other than
 *   ROTFLAGS_REGISTRATIONKEEPSALIVE | ROTFLAGS_ALLOWANYCLIENT: E_INVALIDARG. The object and the
 *   moniker are AddRef'd and kept; a nonzero cookie is returned; a moniker already registered is
 *   registered again and MK_S_MONIKERALREADYREGISTERED returned.
 * - Revoke and NoteChangeTime of an unknown cookie: E_INVALIDARG. Revoke Releases both.
 * - IsRunning: S_OK / S_FALSE; GetObject: AddRef + S_OK, or MK_E_UNAVAILABLE with *ppunk NULL;
 *   GetTimeOfLastChange: the time NoteChangeTime gave (else the registration time), or
 *   MK_E_UNAVAILABLE.
 * Monikers are compared with the caller's IMoniker::IsEqual against each registered one (desktop COM
 * compares IROTData comparison data; IsEqual is the equality that data stands for).
 * EnumRunning stops the run naming itself (no IEnumMoniker yet).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';
import { HostClass, addRef, releaseAll, type HostObject, type Res } from './object.js';
import { HR } from './hresult.js';

const ROTFLAGS_VALID = 0x3;
const MK_S_MONIKERALREADYREGISTERED = 0x0004_01e7;
const MK_E_UNAVAILABLE = 0x8004_01e3;
const VT_ISEQUAL = 13 * 4;

interface Entry {
  cookie: number;
  object: number;
  moniker: number;
  time: bigint;
}
interface RotState extends HostObject {
  entries: Entry[];
  next: number;
}

const rotSlot = defineSlot('ole32-rot', () => ({ obj: 0 }));

function now(cx: ApiContext): bigint {
  // FILETIME: 100 ns ticks since 1601 (the run's clock).
  return BigInt(Math.round(cx.machine.clock.nowUtcMicros() * 10)) + 116_444_736_000_000_000n;
}

/** The first entry whose moniker the caller's moniker IsEqual to (S_OK), through the guest's vtable. */
function find(cx: ApiContext, rot: RotState, pmk: number, then: (e: Entry | undefined) => Res): Res {
  const step = (i: number): Res => {
    const e = rot.entries[i];
    if (!e) return then(undefined);
    if (e.moniker === pmk) return then(e);
    return cx.callGuest(cx.mem.u32(cx.mem.u32(pmk) + VT_ISEQUAL), [pmk, e.moniker], (r0) => (r0 === 0 ? then(e) : step(i + 1)));
  };
  return step(0);
}

const methods: ApiDef[] = [
  fn('IRunningObjectTable_Register(ptr This, u32 grfFlags, ptr punkObject, ptr pmkObjectName, ptr pdwRegister): hex', (cx, obj, flags, punk, pmk, pcookie) => {
    const rot = Rot.of(cx, obj);
    if (!punk || !pmk || !pcookie || flags & ~ROTFLAGS_VALID) return HR.E_INVALIDARG;
    return find(cx, rot, pmk, (dup) => {
      const e: Entry = { cookie: rot.next++, object: punk, moniker: pmk, time: now(cx) };
      rot.entries.push(e);
      cx.mem.setU32(pcookie, e.cookie);
      return addRef(cx, punk, () => addRef(cx, pmk, () => (dup ? MK_S_MONIKERALREADYREGISTERED : HR.S_OK)));
    });
  }),
  fn('IRunningObjectTable_Revoke(ptr This, u32 dwRegister): hex', (cx, obj, cookie) => {
    const rot = Rot.of(cx, obj);
    const i = rot.entries.findIndex((e) => e.cookie === cookie);
    if (i < 0) return HR.E_INVALIDARG;
    const [e] = rot.entries.splice(i, 1);
    return releaseAll(cx, [e!.object, e!.moniker], () => HR.S_OK);
  }),
  fn('IRunningObjectTable_IsRunning(ptr This, ptr pmkObjectName): hex', (cx, obj, pmk) => {
    const rot = Rot.of(cx, obj);
    if (!pmk) return HR.E_INVALIDARG;
    return find(cx, rot, pmk, (e) => (e ? HR.S_OK : HR.S_FALSE));
  }),
  fn('IRunningObjectTable_GetObject(ptr This, ptr pmkObjectName, ptr ppunkObject): hex', (cx, obj, pmk, ppunk) => {
    const rot = Rot.of(cx, obj);
    if (!ppunk) return HR.E_POINTER;
    cx.mem.setU32(ppunk, 0);
    if (!pmk) return HR.E_INVALIDARG;
    return find(cx, rot, pmk, (e) => {
      if (!e) return MK_E_UNAVAILABLE;
      cx.mem.setU32(ppunk, e.object);
      return addRef(cx, e.object, () => HR.S_OK);
    });
  }),
  fn('IRunningObjectTable_NoteChangeTime(ptr This, u32 dwRegister, ptr pfiletime): hex', (cx, obj, cookie, pft) => {
    const rot = Rot.of(cx, obj);
    const e = rot.entries.find((x) => x.cookie === cookie);
    if (!e || !pft) return HR.E_INVALIDARG;
    e.time = cx.mem.u64(pft);
    return HR.S_OK;
  }),
  fn('IRunningObjectTable_GetTimeOfLastChange(ptr This, ptr pmkObjectName, ptr pfiletime): hex', (cx, obj, pmk, pft) => {
    const rot = Rot.of(cx, obj);
    if (!pmk || !pft) return HR.E_INVALIDARG;
    return find(cx, rot, pmk, (e) => {
      if (!e) return MK_E_UNAVAILABLE;
      cx.mem.setU64(pft, e.time);
      return HR.S_OK;
    });
  }),
  fn('IRunningObjectTable_EnumRunning(ptr This, ptr ppenumMoniker): hex', () => {
    throw new UnimplementedFeature('IRunningObjectTable::EnumRunning (IEnumMoniker)');
  }),
];

const Rot = new HostClass<RotState>('IRunningObjectTable', ['{00000010-0000-0000-C000-000000000046}'], methods, { permanent: true });

/** The run's running object table, AddRef'd (created on first use); 0 when the heap is full. */
export function runningObjectTable(cx: ApiContext): number {
  const s = rotSlot.of(cx.machine);
  if (!s.obj) s.obj = Rot.create(cx, { refs: 1, entries: [], next: 1 });
  else Rot.of(cx, s.obj).refs++;
  return s.obj;
}

export const rot: ApiDef[] = [
  fn('GetRunningObjectTable(u32 reserved, ptr pprot): hex', (cx, reserved, pprot) => {
    if (reserved || !pprot) return HR.E_INVALIDARG;
    const p = runningObjectTable(cx);
    cx.mem.setU32(pprot, p);
    return p ? HR.S_OK : HR.E_OUTOFMEMORY;
  }),
];
