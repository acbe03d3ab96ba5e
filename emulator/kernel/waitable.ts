/**
 * Anything a guest thread can wait on with WaitForSingleObject/WaitForMultipleObjects: threads,
 * processes, events, mutexes, semaphores. The scheduler parks the waiter; the object calls back.
 */
export interface Waitable {
  /** True when a wait would be satisfied now. */
  readonly signaled: boolean;
  /** Registers a callback for when the object may have become signaled; returns an unregister function. */
  onSignal(cb: () => void): () => void;
  /** Applies the side effect of a satisfied wait (auto-reset events reset, mutexes are owned, ...). */
  consume(threadId: number): void;
}
