/**
 * Anything a guest thread can wait on with WaitForSingleObject/WaitForMultipleObjects: threads,
 * events, mutexes, semaphores (and Winsock events, which are coredll events on CE).
 */
export interface Waitable {
  /** True when a wait by thread `tid` would be satisfied now. */
  isSignaled(tid: number): boolean;
  /** Registers a callback for when the object may have become signaled; returns an unregister function. */
  onSignal(cb: () => void): () => void;
  /** Applies the side effect of a satisfied wait (auto-reset events reset, mutexes are owned, ...). */
  consume(tid: number): void;
}

/** Shared callback bookkeeping for waitable objects. */
export class Signal {
  private readonly cbs = new Set<() => void>();
  add(cb: () => void): () => void {
    this.cbs.add(cb);
    return () => this.cbs.delete(cb);
  }
  /** Calls waiters in arrival order until `stillSignaled` turns false (an auto-reset event woke one). */
  notify(stillSignaled: () => boolean = () => true): void {
    for (const cb of [...this.cbs]) {
      if (!stillSignaled()) break;
      cb();
    }
  }
}

export class EventObject implements Waitable {
  readonly type = 'event';
  private readonly signal = new Signal();
  constructor(
    readonly manualReset: boolean,
    public state: boolean,
    readonly name?: string,
  ) {}
  isSignaled(): boolean {
    return this.state;
  }
  onSignal(cb: () => void): () => void {
    return this.signal.add(cb);
  }
  consume(): void {
    if (!this.manualReset) this.state = false;
  }
  set(): void {
    this.state = true;
    this.signal.notify(() => this.state);
  }
  reset(): void {
    this.state = false;
  }
  /** PulseEvent: release current waiters (all for manual reset, one for auto reset), then reset. */
  pulse(): void {
    this.set();
    this.state = false;
  }
}

export class MutexObject implements Waitable {
  readonly type = 'mutex';
  owner = 0;
  count = 0;
  private readonly signal = new Signal();
  constructor(readonly name?: string) {}
  isSignaled(tid: number): boolean {
    return this.owner === 0 || this.owner === tid;
  }
  onSignal(cb: () => void): () => void {
    return this.signal.add(cb);
  }
  consume(tid: number): void {
    this.owner = tid;
    this.count++;
  }
  release(tid: number): boolean {
    if (this.owner !== tid) return false;
    if (--this.count === 0) {
      this.owner = 0;
      this.signal.notify(() => this.owner === 0);
    }
    return true;
  }
}

export class SemaphoreObject implements Waitable {
  readonly type = 'semaphore';
  private readonly signal = new Signal();
  constructor(
    public count: number,
    readonly max: number,
    readonly name?: string,
  ) {}
  isSignaled(): boolean {
    return this.count > 0;
  }
  onSignal(cb: () => void): () => void {
    return this.signal.add(cb);
  }
  consume(): void {
    this.count--;
  }
  release(n: number): number | undefined {
    if (n <= 0 || this.count + n > this.max) return undefined;
    const prev = this.count;
    this.count += n;
    this.signal.notify(() => this.count > 0);
    return prev;
  }
}
