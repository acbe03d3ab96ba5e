/**
 * The process-wide readiness poller: one epoll instance, one blocking `epoll_wait` at a time running
 * on a koffi/libuv worker thread (koffi's async call form), re-issued after each return.
 *
 *  - `watch(fd, events, cb)` registers a one-shot interest: `cb(revents)` is called once, on the JS
 *    thread, when the fd reports any of `events` (EPOLLERR/EPOLLHUP are always reported and wake every
 *    watch of that fd). Several watches per fd are allowed (e.g. a reader and a writer): the fd is
 *    registered once with the union of their masks and EPOLLONESHOT, and re-armed with EPOLL_CTL_MOD.
 *  - `cancel(handle)` drops a watch; `forget(fd)` drops every watch of an fd before it is closed.
 *  - Timeouts are the caller's business (setTimeout + cancel).
 *  - Exactly one worker thread is used however many fds are watched (libuv has only 4 pool threads).
 *  - An outstanding `epoll_wait` keeps the Node event loop alive, like any pending I/O. It is only
 *    outstanding while at least one watch exists: when the last watch goes away (cancel/forget/close)
 *    the poller writes to its eventfd, the wait returns, and is not re-issued. An idle or closed poller
 *    therefore never keeps the process alive.
 */
import {
  libc,
  epollWaitAsync,
  errno,
  addressOf,
  scratch,
  scratchAddr,
  SCR_INT,
  SCR_EPOLLEV,
  E,
  EPOLL_CLOEXEC,
  EPOLL_CTL_ADD,
  EPOLL_CTL_DEL,
  EPOLL_CTL_MOD,
  EPOLLIN,
  EPOLLERR,
  EPOLLHUP,
  EPOLLONESHOT,
  EPOLL_EVENT_SIZE,
  EPOLL_EVENT_DATA,
  EFD_CLOEXEC,
  EFD_NONBLOCK,
} from './libc.js';

export { EPOLLIN, EPOLLPRI, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLRDHUP } from './libc.js';

/** Extra revents bit passed to callbacks dropped by `forget(fd, true)` (the fd is being closed). */
export const POLLER_FORGOTTEN = 1 << 28;

/** Called once with the fd's revents (EPOLL* bits, maybe {@link POLLER_FORGOTTEN}). */
export type PollCallback = (revents: number) => void;

/** An active or finished watch. Opaque to callers except for `fd`/`events`. */
export interface WatchHandle {
  readonly fd: number;
  readonly events: number;
}

interface Watch extends WatchHandle {
  cb: PollCallback;
  active: boolean;
}

interface FdEntry {
  watches: Watch[];
  /** Registered in the epoll set (armed or disarmed by a one-shot firing). */
  registered: boolean;
}

const MAX_EVENTS = 256;
const ALWAYS = EPOLLERR | EPOLLHUP;

export class Poller {
  private readonly epfd: number;
  private readonly efd: number;
  private readonly evBuf: Buffer;
  private readonly evAddr: number;
  private readonly fds = new Map<number, FdEntry>();
  private count = 0;
  private waiting = false;
  private dispatching = false;
  private closed = false;
  private finalized = false;
  private readonly onWaitBound = (err: unknown, n: number) => this.onWait(err, n);
  /** spin()'s struct pollfd array and its struct timespec (after the array). */
  private readonly spinBuf = Buffer.alloc(SPIN_FDS * 8 + 16);
  private readonly spinAddr = addressOf(this.spinBuf);

  constructor() {
    this.epfd = libc.epoll_create1(EPOLL_CLOEXEC);
    if (this.epfd < 0) throw new Error(`epoll_create1 failed, errno ${errno()}`);
    this.efd = libc.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (this.efd < 0) {
      const e = errno();
      libc.close(this.epfd);
      throw new Error(`eventfd failed, errno ${e}`);
    }
    this.evBuf = Buffer.alloc(MAX_EVENTS * EPOLL_EVENT_SIZE);
    this.evAddr = addressOf(this.evBuf);
    // The wake-up eventfd: level-triggered, permanently armed.
    if (this.ctl(EPOLL_CTL_ADD, this.efd, EPOLLIN) < 0) {
      const e = errno();
      this.finalize();
      throw new Error(`epoll_ctl(eventfd) failed, errno ${e}`);
    }
  }

  /** Number of live watches. */
  get size(): number {
    return this.count;
  }

  /** True while an epoll_wait is outstanding on the worker thread. */
  get busy(): boolean {
    return this.waiting;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Call `cb(revents)` once when `fd` reports any of `events` (EPOLLIN/OUT/PRI/RDHUP; ERR and HUP are
   * implied). The callback always runs asynchronously. Throws if the poller is closed. The worker's
   * wait starts on the next event-loop turn (queueWait), so {@link busy} turns true only then.
   */
  watch(fd: number, events: number, cb: PollCallback): WatchHandle {
    if (this.closed) throw new Error('poller is closed');
    const w: Watch = { fd, events, cb, active: true };
    let entry = this.fds.get(fd);
    if (!entry) {
      entry = { watches: [], registered: false };
      this.fds.set(fd, entry);
    }
    entry.watches.push(w);
    this.count++;
    if (!this.arm(fd, entry)) {
      // Not pollable (bad fd...): report an error asynchronously, as epoll would have.
      this.remove(w, entry);
      setImmediate(() => cb(EPOLLERR));
    }
    this.queueWait();
    return w;
  }

  /** Drop a watch that has not fired yet. Returns false if it already fired or was cancelled. */
  cancel(handle: WatchHandle): boolean {
    const w = handle as Watch;
    if (!w.active) return false;
    const entry = this.fds.get(w.fd);
    if (entry) {
      this.remove(w, entry);
      if (entry.watches.length === 0) {
        if (entry.registered) this.ctl(EPOLL_CTL_DEL, w.fd, 0);
        this.fds.delete(w.fd);
      } else {
        this.arm(w.fd, entry);
      }
    } else {
      w.active = false;
    }
    this.wakeIfIdle();
    return true;
  }

  /**
   * Remove `fd` from the poller (call before closing it). Its pending watches are dropped; with
   * `notify`, each is called back asynchronously with EPOLLERR|EPOLLHUP|{@link POLLER_FORGOTTEN} so a
   * blocked caller can retry and see that the socket is gone. Returns the number of dropped watches.
   */
  forget(fd: number, notify = false): number {
    const entry = this.fds.get(fd);
    if (!entry) return 0;
    const dropped = entry.watches.slice();
    for (const w of dropped) this.remove(w, entry);
    if (entry.registered) this.ctl(EPOLL_CTL_DEL, fd, 0);
    this.fds.delete(fd);
    if (notify && dropped.length > 0) {
      setImmediate(() => {
        for (const w of dropped) w.cb(EPOLLERR | EPOLLHUP | POLLER_FORGOTTEN);
      });
    }
    this.wakeIfIdle();
    return dropped.length;
  }

  /**
   * Drop every watch (callbacks are not called), wake the worker and release the epoll/eventfd fds
   * once it has returned. After this the poller keeps nothing alive.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [fd, entry] of this.fds) {
      for (const w of entry.watches) w.active = false;
      if (entry.registered) this.ctl(EPOLL_CTL_DEL, fd, 0);
    }
    this.fds.clear();
    this.count = 0;
    if (this.waiting) this.wake();
    else this.finalize();
  }

  // -------------------------------------------------------------------------------------------

  private remove(w: Watch, entry: FdEntry): void {
    if (!w.active) return;
    w.active = false;
    const i = entry.watches.indexOf(w);
    if (i >= 0) entry.watches.splice(i, 1);
    this.count--;
  }

  private ctl(op: number, fd: number, events: number): number {
    // struct epoll_event { u32 events; u64 data; } in scratch (data = fd).
    const off = SCR_EPOLLEV;
    scratch.writeUInt32LE(events >>> 0, off);
    scratch.writeUInt32LE(fd, off + EPOLL_EVENT_DATA);
    scratch.writeUInt32LE(0, off + EPOLL_EVENT_DATA + 4);
    return libc.epoll_ctl(this.epfd, op, fd, scratchAddr + off);
  }

  /** (Re-)arm `fd` with the union of its watches' masks. Returns false if the fd cannot be polled. */
  private arm(fd: number, entry: FdEntry): boolean {
    let mask = 0;
    for (const w of entry.watches) mask |= w.events;
    mask = (mask | ALWAYS | EPOLLONESHOT) >>> 0;
    if (entry.registered) {
      if (this.ctl(EPOLL_CTL_MOD, fd, mask) === 0) return true;
      // ENOENT: the fd was closed behind our back (the kernel dropped it) and maybe reused: re-add.
      if (errno() !== E_NOENT) return false;
      entry.registered = false;
    }
    if (this.ctl(EPOLL_CTL_ADD, fd, mask) === 0) {
      entry.registered = true;
      return true;
    }
    if (errno() === E_EXIST && this.ctl(EPOLL_CTL_MOD, fd, mask) === 0) {
      entry.registered = true;
      return true;
    }
    return false;
  }

  /**
   * Starts the worker's epoll_wait on the next event-loop turn rather than now (issue 16). A guest
   * thread parks on a watch, and the idle scheduler first spin()s on the JS thread: when the reply is
   * already there or comes within microseconds (a datagram stream, a request/response peer), the
   * watch fires and is gone before the turn, and no wait is handed to the worker thread. Starting it
   * at once cost two thread hand-offs per park (the async call's wake-up of the worker and the
   * worker's report of the readiness the spin had already consumed): measured per-call CPU time,
   * bench/README.md. A pending setImmediate keeps the event loop alive like the wait it stands for.
   */
  private queueWait(): void {
    if (this.waiting || this.waitQueued || this.dispatching || this.closed) return;
    this.waitQueued = true;
    setImmediate(this.startWaitBound);
  }
  private waitQueued = false;
  private readonly startWaitBound = () => {
    this.waitQueued = false;
    this.ensureWaiting();
  };

  private ensureWaiting(): void {
    if (this.waiting || this.dispatching || this.closed || this.count === 0) return;
    this.waiting = true;
    epollWaitAsync(this.epfd, this.evAddr, MAX_EVENTS, -1, this.onWaitBound);
  }

  private wakeIfIdle(): void {
    if (this.count === 0 && this.waiting) this.wake();
  }

  private wake(): void {
    scratch.writeUInt32LE(1, SCR_INT);
    scratch.writeUInt32LE(0, SCR_INT + 4);
    libc.write(this.efd, scratchAddr + SCR_INT, 8);
  }

  private drainWake(): void {
    libc.read(this.efd, scratchAddr + SCR_INT, 8);
  }

  private finalize(): void {
    if (this.finalized) return;
    this.finalized = true;
    libc.close(this.efd);
    libc.close(this.epfd);
  }

  private onWait(err: unknown, n: number): void {
    this.waiting = false;
    if (this.closed) {
      this.finalize();
      return;
    }
    if (err) {
      // The async broker failed (should not happen); surface it but keep the poller usable.
      setImmediate(() => this.ensureWaiting());
      throw err instanceof Error ? err : new Error(String(err));
    }
    const errors: unknown[] = [];
    this.dispatching = true;
    try {
      // n < 0 is EINTR (a signal hit the worker thread): just wait again.
      for (let i = 0; i < n && !this.closed; i++) {
        const base = i * EPOLL_EVENT_SIZE;
        const revents = this.evBuf.readUInt32LE(base);
        const fd = this.evBuf.readInt32LE(base + EPOLL_EVENT_DATA);
        if (fd === this.efd) this.drainWake();
        else this.fire(fd, revents, errors);
      }
    } finally {
      this.dispatching = false;
    }
    if (this.closed) this.finalize();
    else this.ensureWaiting();
    if (errors.length > 0) throw errors[0];
  }

  /** Calls back the watches of `fd` that `revents` satisfies; the others stay (re-armed). */
  private fire(fd: number, revents: number, errors: unknown[]): void {
    const entry = this.fds.get(fd);
    if (!entry) return; // cancelled/forgotten while the wait was in flight
    const fire: Watch[] = [];
    const keep: Watch[] = [];
    const hard = (revents & ALWAYS) !== 0;
    for (const w of entry.watches) (hard || (w.events & revents) !== 0 ? fire : keep).push(w);
    entry.watches = keep;
    this.count -= fire.length;
    // The one-shot registration is now disarmed; re-arm it for the watches still waiting.
    if (keep.length > 0 && !this.arm(fd, entry)) {
      for (const w of keep) fire.push(w);
      this.count -= keep.length;
      entry.watches = [];
    }
    for (const w of fire) {
      w.active = false;
      try {
        w.cb(revents);
      } catch (e) {
        errors.push(e);
      }
      if (this.closed) return;
    }
  }

  /**
   * A short synchronous wait on the JS thread (issue 16): poll(2)s every watched fd for up to
   * `micros` µs and, if any is ready, calls its watches back at once. The scheduler tries it when no
   * guest thread can run, before it hands over to the event loop: a reply that arrives within
   * microseconds then wakes the guest without the worker thread's epoll_wait -> libuv -> JS hop
   * (two thread wake-ups). poll(2) reads readiness without consuming the worker's one-shot events;
   * if the worker reports the same event later, its callback finds the watch gone or finds a new
   * one, whose owner retries and waits again (every waiter retries its operation). Returns true if a
   * watch was called back. Never used with more than SPIN_MAX_FDS watched fds.
   */
  spin(micros: number): boolean {
    if (this.closed || this.dispatching || this.count === 0 || this.fds.size > SPIN_MAX_FDS) return false;
    const pf = this.spinBuf;
    let nfds = 0;
    for (const [fd, entry] of this.fds) {
      if (entry.watches.length === 0) continue;
      let mask = 0;
      for (const w of entry.watches) mask |= w.events;
      // poll(2)'s POLLIN/PRI/OUT/ERR/HUP/RDHUP bits equal epoll's (Linux).
      pf.writeInt32LE(fd, nfds * 8);
      pf.writeUInt32LE((mask | ALWAYS) & 0xffff, nfds * 8 + 4); // events, revents = 0
      nfds++;
    }
    if (nfds === 0) return false;
    pf.writeBigInt64LE(0n, SPIN_FDS * 8);
    pf.writeBigInt64LE(BigInt(micros * 1000), SPIN_FDS * 8 + 8);
    const n = libc.ppoll(this.spinAddr, nfds, this.spinAddr + SPIN_FDS * 8, 0);
    if (n <= 0) return false;
    const errors: unknown[] = [];
    let fired = false;
    this.dispatching = true;
    try {
      for (let i = 0; i < nfds && !this.closed; i++) {
        const revents = pf.readUInt16LE(i * 8 + 6);
        if (revents === 0) continue;
        const before = this.count;
        this.fire(pf.readInt32LE(i * 8), revents, errors);
        if (this.count !== before) fired = true;
      }
    } finally {
      this.dispatching = false;
    }
    if (this.closed) this.finalize();
    else this.queueWait();
    if (errors.length > 0) throw errors[0];
    return fired;
  }
}

/** spin() polls at most this many fds (more: the event loop's path, which scales). */
const SPIN_MAX_FDS = 8;
const SPIN_FDS = SPIN_MAX_FDS;

const E_NOENT = E.ENOENT;
const E_EXIST = E.EEXIST;

let shared: Poller | null = null;

/** The process-wide poller (created on first use, re-created if it was closed). */
export function getPoller(): Poller {
  if (!shared || shared.isClosed) shared = new Poller();
  return shared;
}

/** The process-wide poller if one is open, without creating one. */
export function currentPoller(): Poller | null {
  return shared && !shared.isClosed ? shared : null;
}

/** Close the process-wide poller if it exists. */
export function closePoller(): void {
  if (shared) shared.close();
  shared = null;
}
