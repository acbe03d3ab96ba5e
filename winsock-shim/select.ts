/**
 * select() and __WSAFDIsSet().
 *
 * fd_set is CE winsock.h's: `u_int fd_count; SOCKET fd_array[FD_SETSIZE]` (FD_SETSIZE 64 by default;
 * an application may define it larger, so fd_count entries are read, whatever the count, as long as
 * they are inside guest memory). `nfds` is ignored (Berkeley compatibility, as in Winsock).
 *
 * Order of checks: WSANOTINITIALISED, WSAEINPROGRESS (a blocking call in progress on this thread),
 * WSAENETDOWN (network policy 'none'), WSAEFAULT (a set or the timeval not in guest memory),
 * WSAEINVAL (all three sets NULL or empty, or a negative time-out), WSAENOTSOCK (an entry that is not
 * an open socket). Readiness is readiness.ts's. The sets are rewritten to hold only the ready
 * sockets (each once, in their original order); the result is the total over the three sets.
 *
 * Time-out NULL waits for ever, {0,0} polls. A waiting select parks the guest thread on the host
 * poller (one readiness watch per socket and direction) plus a timer; closesocket() of a socket in
 * the sets by another thread, or WSACleanup(), ends it with WSAEINTR.
 *
 * Reference for the order: the CE 6.0 select page's error list for the argument checks; the start-up
 * and in-progress checks first, as CE 6's ws2.dll runs its prolog before anything else (common.ts).
 * select() is not a call on one socket, so WSAENOTSOCK comes when the set entries are looked up, after
 * the sets themselves are read (WSAEFAULT) and found non-empty (WSAEINVAL).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { GuestFault } from '../emulator/core/memory/guest-memory.js';
import type { WatchHandle } from './host/poller.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import type { GuestSocket } from './state.js';
import { pollNow, readiness, watchable, POLLERR, POLLHUP } from './readiness.js';
import { winsockStateIfAny } from './state.js';

/** A sanity bound on fd_count (an application may raise FD_SETSIZE; 4096 is far above any CE use). */
const MAX_SET = 4096;

interface SetIn {
  ptr: number;
  socks: GuestSocket[];
}

function failWith(cx: ApiContext, code: number): number {
  cx.thread.lastError = code;
  return SOCKET_ERROR;
}

/** Writes `ready` into the guest set at `ptr` (fd_count + fd_array). */
function writeSet(cx: ApiContext, ptr: number, ready: GuestSocket[]): void {
  if (!ptr) return;
  cx.mem.setU32(ptr, ready.length);
  for (let i = 0; i < ready.length; i++) cx.mem.setU32(ptr + 4 + 4 * i, ready[i]!.handle);
}

export const select: ApiDef[] = [
  fn(
    'select(i32 nfds, ptr readfds, ptr writefds, ptr exceptfds, ptr timeout): i32',
    { blocking: true },
    (cx, _nfds: number, rd: number, wr: number, ex: number, tv: number) => {
      const st = winsockStateIfAny(cx.machine);
      const t = cx.thread;
      if (!st || st.startups === 0) return failWith(cx, WSA.WSANOTINITIALISED);
      if (t.inBlockingCall) return failWith(cx, WSA.WSAEINPROGRESS);
      if (st.network === 'none') return failWith(cx, WSA.WSAENETDOWN);
      const mem = cx.mem;
      // Read the three sets (WSAEFAULT: the DLL's fault policy turns a GuestFault into it).
      const sets: SetIn[] = [];
      let total = 0;
      const values: number[][] = [];
      for (const p of [rd, wr, ex]) {
        const vals: number[] = [];
        if (p) {
          const n = mem.u32(p);
          if (n > MAX_SET) return failWith(cx, WSA.WSAEINVAL);
          mem.check(p, 4 + 4 * n, 'write');
          for (let i = 0; i < n; i++) vals.push(mem.u32(p + 4 + 4 * i));
        }
        values.push(vals);
        total += vals.length;
      }
      let ms = -1; // for ever
      if (tv) {
        const sec = mem.i32(tv);
        const usec = mem.i32(tv + 4);
        if (sec < 0 || usec < 0) return failWith(cx, WSA.WSAEINVAL);
        ms = sec * 1000 + Math.ceil(usec / 1000);
      }
      if (total === 0) return failWith(cx, WSA.WSAEINVAL);
      for (let k = 0; k < 3; k++) {
        const socks: GuestSocket[] = [];
        for (const v of values[k]!) {
          const s = st.sockets.get(v);
          if (!s) return failWith(cx, WSA.WSAENOTSOCK);
          if (!socks.includes(s)) socks.push(s);
        }
        sets.push({ ptr: [rd, wr, ex][k]!, socks });
      }
      const all = [...new Set(sets.flatMap((x) => x.socks))];

      /** Ready sockets per set, or undefined when none is ready. */
      const evaluate = (): GuestSocket[][] | undefined => {
        const revs = pollNow(all);
        const byS = new Map<GuestSocket, number>();
        all.forEach((s, i) => byS.set(s, revs[i]!));
        let count = 0;
        const out = sets.map((set, k) =>
          set.socks.filter((s) => {
            const r = readiness(s, byS.get(s)!);
            const ok = k === 0 ? r.read : k === 1 ? r.write : r.except;
            if (ok) count++;
            return ok;
          }),
        );
        return count > 0 ? out : undefined;
      };
      const deliver = (ready: GuestSocket[][] | undefined): number => {
        let n = 0;
        for (let k = 0; k < 3; k++) {
          const r = ready?.[k] ?? [];
          writeSet(cx, sets[k]!.ptr, r);
          n += r.length;
        }
        return n;
      };

      const now = evaluate();
      if (now || ms === 0) return deliver(now);

      t.inBlockingCall = true;
      t.waitReason = `select(${all.length} sockets${ms < 0 ? '' : `, ${ms} ms`})`;
      return cx.block((done) => {
        const watches = new Map<WatchHandle, GuestSocket>();
        let timer: (() => void) | undefined;
        const retry: NodeJS.Timeout[] = [];
        let over = false;
        const cleanup = () => {
          over = true;
          t.inBlockingCall = false;
          for (const [w, s] of watches) s.host.cancelWait(w);
          watches.clear();
          timer?.();
          for (const r of retry) clearTimeout(r);
          for (const s of all) if (s.waiters.get(t) === interrupt) s.waiters.delete(t);
        };
        const finish = (ready: GuestSocket[][] | undefined, err?: number) => {
          if (over) return;
          cleanup();
          if (err) return done(SOCKET_ERROR, err);
          try {
            done(deliver(ready));
          } catch (e) {
            if (!(e instanceof GuestFault)) throw e;
            done(SOCKET_ERROR, WSA.WSAEFAULT);
          }
        };
        const interrupt = (err: number) => finish(undefined, err);
        const watch = (s: GuestSocket, dir: 0 | 1 | 2) => {
          if (over || s.closed || !watchable(s)) return;
          const h = s.host;
          const cb = (revents: number) => {
            watches.delete(w);
            if (over) return;
            if (s.closed) return finish(undefined, WSA.WSAEINTR);
            const ready = evaluate();
            if (ready) return finish(ready);
            // Nothing Winsock calls ready: wait again. A sticky HUP/ERR would fire again at once;
            // re-arm such a watch a little later instead of spinning.
            if (revents & (POLLERR | POLLHUP)) retry.push(setTimeout(() => watch(s, dir), 20));
            else watch(s, dir);
          };
          const w: WatchHandle = dir === 0 ? h.waitReadable(cb) : dir === 1 ? h.waitWritable(cb) : h.waitUrgent(cb);
          watches.set(w, s);
        };
        for (const s of all) s.waiters.set(t, interrupt);
        sets.forEach((set, k) => {
          for (const s of set.socks) watch(s, k as 0 | 1 | 2);
        });
        // The machine clock: host time, or virtual time in a deterministic run (like every guest wait).
        if (ms > 0) timer = cx.machine.clock.setTimer(ms, () => finish(undefined));
        return cleanup;
      });
    },
  ),

  fn('__WSAFDIsSet(socket fd, ptr set): i32', (cx, fd: number, set: number) => {
    const n = cx.mem.u32(set);
    const max = Math.min(n, MAX_SET);
    for (let i = 0; i < max; i++) if (cx.mem.u32(set + 4 + 4 * i) === fd >>> 0) return 1;
    return 0;
  }),
];
