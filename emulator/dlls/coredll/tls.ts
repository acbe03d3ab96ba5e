/**
 * coredll thread-local storage. Each guest thread has a 64-slot array in guest memory; KData.lpvTls
 * points at the running thread's array, so inline TLS reads in guest code see the same values.
 * TlsAlloc/TlsFree are macros over TlsCall on CE (TLS_FUNCALLOC 0, TLS_FUNCFREE 1). Slots 0-2 are
 * reserved by the system (TLSSLOT_MSGQUEUE, TLSSLOT_RUNTIME, TLSSLOT_KERNEL).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { TLS_SLOTS } from '../../core/kernel/thread.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';

const RESERVED = 3;
const TLS_OUT_OF_INDEXES = 0xffffffff;

const tlsSlot = defineSlot('tls', () => {
  const u: boolean[] = new Array(TLS_SLOTS).fill(false);
  for (let i = 0; i < RESERVED; i++) u[i] = true;
  return u;
});

function used(cx: ApiContext): boolean[] {
  return tlsSlot.of(cx.machine);
}

function tlsAlloc(cx: ApiContext): number {
  const u = used(cx);
  const i = u.indexOf(false);
  if (i < 0) return cx.fail(TLS_OUT_OF_INDEXES, ERROR.NO_MORE_ITEMS);
  u[i] = true;
  for (const t of cx.machine.scheduler.threads) if (t.state !== 'exited') cx.mem.setU32(t.tlsArray + 4 * i, 0);
  return i;
}

function tlsFree(cx: ApiContext, slot: number): number {
  const u = used(cx);
  if (slot < RESERVED || slot >= TLS_SLOTS || !u[slot]) return cx.fail(0, ERROR.INVALID_PARAMETER);
  u[slot] = false;
  for (const t of cx.machine.scheduler.threads) if (t.state !== 'exited') cx.mem.setU32(t.tlsArray + 4 * slot, 0);
  return 1;
}

export const tls: ApiDef[] = [
  fn('TlsCall(u32 type, u32 slot): u32', (cx, type: number, slot: number) => {
    if (type === 0) return tlsAlloc(cx);
    if (type === 1) return tlsFree(cx, slot);
    return cx.fail(0, ERROR.INVALID_PARAMETER);
  }),
  fn('TlsGetValue(u32 dwTlsIndex): ptr', (cx, slot: number) => {
    if (slot >= TLS_SLOTS) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.setLastError(0);
    return cx.mem.u32(cx.thread.tlsArray + 4 * slot);
  }),
  fn('TlsSetValue(u32 dwTlsIndex, ptr lpTlsValue): bool', (cx, slot: number, v: number) => {
    if (slot >= TLS_SLOTS) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.setU32(cx.thread.tlsArray + 4 * slot, v);
    return 1;
  }),
];
