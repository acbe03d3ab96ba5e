/**
 * coredll synchronisation primitives that live in guest memory: critical sections and the
 * Interlocked* functions.
 *
 * CRITICAL_SECTION on CE (20 bytes): LockCount, OwnerThread, hCrit, needtrap, dwContentions.
 * Ownership is kept in the guest structure (as CE does); threads that must wait are parked by the
 * scheduler and handed the section in FIFO order when the owner leaves.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { defineSlot } from '../../core/slot.js';

const CS_LOCKCOUNT = 0;
const CS_OWNER = 4;
const CS_CONTENTIONS = 16;

interface Waiter {
  threadId: number;
  grant: () => void;
}

const critsecSlot = defineSlot('critsec', () => new Map<number, Waiter[]>());
function waiters(cx: ApiContext): Map<number, Waiter[]> {
  return critsecSlot.of(cx.machine);
}

export const sync: ApiDef[] = [
  fn('InitializeCriticalSection(ptr lpcs): void', (cx, cs: number) => {
    cx.mem.fill(cs, 20, 0);
  }),
  fn('DeleteCriticalSection(ptr lpcs): void', (cx, cs: number) => {
    cx.mem.fill(cs, 20, 0);
    waiters(cx).delete(cs);
  }),
  fn('EnterCriticalSection(ptr lpcs): void', { blocking: true }, (cx, cs: number) => {
    const m = cx.mem;
    const owner = m.u32(cs + CS_OWNER);
    const me = cx.thread.id;
    if (owner === 0 || owner === me) {
      m.setU32(cs + CS_OWNER, me);
      m.setU32(cs + CS_LOCKCOUNT, m.u32(cs + CS_LOCKCOUNT) + 1);
      return;
    }
    m.setU32(cs + CS_CONTENTIONS, m.u32(cs + CS_CONTENTIONS) + 1);
    const all = waiters(cx);
    let q = all.get(cs);
    if (!q) all.set(cs, (q = []));
    const queue = q;
    cx.thread.waitReason = `EnterCriticalSection(0x${cs.toString(16)}) owned by thread 0x${owner.toString(16)}`;
    return cx.block((done) => {
      const w: Waiter = {
        threadId: me,
        grant: () => {
          m.setU32(cs + CS_OWNER, me);
          m.setU32(cs + CS_LOCKCOUNT, 1);
          done(0);
        },
      };
      queue.push(w);
      return () => {
        const i = queue.indexOf(w);
        if (i >= 0) queue.splice(i, 1);
      };
    });
  }),
  fn('TryEnterCriticalSection(ptr lpcs): bool', (cx, cs: number) => {
    const m = cx.mem;
    const owner = m.u32(cs + CS_OWNER);
    if (owner !== 0 && owner !== cx.thread.id) return 0;
    m.setU32(cs + CS_OWNER, cx.thread.id);
    m.setU32(cs + CS_LOCKCOUNT, m.u32(cs + CS_LOCKCOUNT) + 1);
    return 1;
  }),
  fn('LeaveCriticalSection(ptr lpcs): void', (cx, cs: number) => {
    const m = cx.mem;
    if (m.u32(cs + CS_OWNER) !== cx.thread.id) return; // not the owner: CE ignores it
    const count = m.u32(cs + CS_LOCKCOUNT) - 1;
    if (count > 0) {
      m.setU32(cs + CS_LOCKCOUNT, count);
      return;
    }
    m.setU32(cs + CS_LOCKCOUNT, 0);
    m.setU32(cs + CS_OWNER, 0);
    waiters(cx).get(cs)?.shift()?.grant();
  }),

  // ---- Interlocked (the guest runs one thread at a time, so plain read-modify-write is atomic) ----
  fn('InterlockedIncrement(ptr lpAddend): i32', (cx, p: number) => {
    const v = (cx.mem.u32(p) + 1) | 0;
    cx.mem.setU32(p, v);
    return v;
  }),
  fn('InterlockedDecrement(ptr lpAddend): i32', (cx, p: number) => {
    const v = (cx.mem.u32(p) - 1) | 0;
    cx.mem.setU32(p, v);
    return v;
  }),
  fn('InterlockedExchange(ptr Target, u32 Value): u32', (cx, p: number, v: number) => {
    const old = cx.mem.u32(p);
    cx.mem.setU32(p, v);
    return old;
  }),
  fn('InterlockedExchangeAdd(ptr Addend, u32 Value): u32', (cx, p: number, v: number) => {
    const old = cx.mem.u32(p);
    cx.mem.setU32(p, old + v);
    return old;
  }),
  fn('InterlockedCompareExchange(ptr Destination, u32 Exchange, u32 Comperand): u32', (cx, p: number, x: number, c: number) => {
    const old = cx.mem.u32(p);
    if (old === c) cx.mem.setU32(p, x);
    return old;
  }),
  fn('InterlockedTestExchange(ptr Target, u32 oldValue, u32 newValue): u32', (cx, p: number, o: number, n: number) => {
    const old = cx.mem.u32(p);
    if (old === o) cx.mem.setU32(p, n);
    return old;
  }),
];
