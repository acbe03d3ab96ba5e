/**
 * Parking a guest thread in a blocking Winsock call.
 *
 * The host fd is always non-blocking. A call that would block parks the calling guest thread
 * (`cx.block`: the scheduler runs other guest threads and the Node event loop keeps turning), waits
 * for readiness on the process-wide epoll poller, and retries the operation with `attempt()` until it
 * completes, fails, times out (SO_SNDTIMEO / SO_RCVTIMEO → WSAETIMEDOUT), or is interrupted:
 *  - closesocket() from another thread → WSAEINTR,
 *  - WSACleanup() → WSAEINTR,
 *  - the network switched off under an established circuit → WSAECONNABORTED,
 *  - the thread or process ending → the wait is dropped silently.
 *
 * While parked, `thread.inBlockingCall` is set: the Winsock 1.1 rule says a thread that re-enters
 * Winsock during a blocking call gets WSAEINPROGRESS (see common.ts for why a CE guest cannot).
 */
import type { ApiContext } from '../emulator/core/api/context.js';
import type { BLOCKED } from '../emulator/core/api/declare.js';
import { GuestFault } from '../emulator/core/memory/guest-memory.js';
import { currentPoller, type WatchHandle } from './host/poller.js';
import { setIdleSpin } from '../emulator/core/kernel/scheduler.js';
import { hostTimer } from '../emulator/core/kernel/clock.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import type { GuestSocket } from './state.js';
import { flushAll } from './coalesce.js';

// An idle scheduler first waits a few microseconds on the parked sockets themselves (issue 16).
setIdleSpin((micros) => currentPoller()?.spin(micros) ?? false);

/** What `attempt()` returns to keep waiting. */
export const WAIT = -WSA.WSAEWOULDBLOCK;

export type WaitFor = 'read' | 'write' | 'urgent';

/**
 * Parks the calling thread until `attempt()` returns a result: a value >= 0 (the call's return
 * value), WAIT to wait for the next readiness event, or a negative Winsock error (the call returns
 * SOCKET_ERROR with that error). `attempt` may throw GuestFault (→ WSAEFAULT).
 */
export function parkOn(
  cx: ApiContext,
  sock: GuestSocket,
  dir: WaitFor,
  timeoutMs: number,
  reason: string,
  attempt: () => number,
  onEnd?: () => void,
): typeof BLOCKED {
  const t = cx.thread;
  flushAll(); // the thread stops running: nothing it sent may wait for it (send.ts, coalescing)
  t.inBlockingCall = true;
  t.waitReason = reason;
  return cx.block((done) => {
    let watch: WatchHandle | undefined;
    let cancelTimer: (() => void) | undefined;
    let over = false;
    const cleanup = () => {
      over = true;
      t.inBlockingCall = false;
      sock.waiters.delete(t);
      if (watch) sock.host.cancelWait(watch);
      watch = undefined;
      cancelTimer?.();
      cancelTimer = undefined;
      onEnd?.();
    };
    const finish = (r: number) => {
      if (over) return;
      cleanup();
      if (r >= 0) done(r);
      else done(SOCKET_ERROR, -r);
    };
    const onReady = () => {
      watch = undefined;
      if (over) return;
      if (sock.closed) return finish(-WSA.WSAEINTR);
      if (sock.aborted) return finish(-WSA.WSAECONNABORTED);
      let r: number;
      try {
        r = attempt();
      } catch (e) {
        if (!(e instanceof GuestFault)) throw e;
        r = -WSA.WSAEFAULT;
      }
      if (r === WAIT) arm();
      else finish(r);
    };
    const arm = () => {
      const h = sock.host;
      watch = dir === 'write' ? h.waitWritable(onReady) : dir === 'read' ? h.waitReadable(onReady) : h.waitUrgent(onReady);
    };
    sock.waiters.set(t, (err) => finish(-err));
    arm();
    if (timeoutMs > 0) cancelTimer = hostTimer(timeoutMs, () => finish(-WSA.WSAETIMEDOUT));
    return cleanup;
  });
}
