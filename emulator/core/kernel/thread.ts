/**
 * A guest thread: its saved CPU context, stack, TLS slot array (what KData.lpvTls points at while it
 * runs), last error, and scheduling state. Only the Scheduler changes `state`.
 */
import type { KernelObject } from './handles.js';
import type { Waitable } from './waitable.js';
import type { ApiDecl, ApiResult } from '../api/declare.js';

export type ThreadState = 'ready' | 'running' | 'blocked' | 'exited';

export const TLS_SLOTS = 64; // TLS_MINIMUM_AVAILABLE on CE

export class GuestThread implements KernelObject, Waitable {
  readonly type = 'thread';
  state: ThreadState = 'ready';
  /** Opaque unicorn context holding the registers while the thread is switched out. */
  context: unknown;
  /** The thread's start routine when it starts through the DLL_THREAD_ATTACH trap (libraries.ts). */
  startRoutine: number | undefined;
  /** Registers of a thread that has not run yet: CPSR, R0-R3, SP, LR, PC (bit 0 = Thumb). */
  initRegs: number[] | undefined;
  /** R0 to deliver when the thread resumes from a parked call. */
  resume: number | undefined;
  /** Cancels the wait the thread is parked in (e.g. closesocket from another thread). */
  cancelWait: (() => void) | undefined;
  /** What the thread is waiting for, for deadlock reports and traces. */
  waitReason = '';
  lastError = 0;
  exitCode = 0x103; // STILL_ACTIVE
  /** Set by the API trace when a traced call parks the thread: prints the result on resume. */
  traceResume: ((r0: number) => void) | undefined;
  /** Set by hooks (api/hooks.ts) when a hooked call parks the thread: maps the result on resume. */
  hookResume: ((r0: number) => number) | undefined;
  /** Hooked calls waiting for guest callbacks to return (their callFrames depth; api/dispatcher.ts). */
  readonly hookFrames: { depth: number; complete: (r: ApiResult) => ApiResult }[] = [];
  /** Set while a blocking Winsock call is in progress (Winsock 1.1 WSAEINPROGRESS rule). */
  inBlockingCall = false;
  /** Pending API continuations waiting for guest callbacks to return (see ApiContext.callGuest). */
  readonly callFrames: { then: (r0: number) => ApiResult; lr: number; sp: number; decl: ApiDecl }[] = [];
  /** Whether this thread's current API call returns its result through the trap frame. */
  resumeViaFrame = false;
  /** Trap frame kept while the thread is switched out inside the trap routine. */
  savedFrame: Uint32Array | undefined;
  /** GetThreadTimes: creation and exit instants (UTC microseconds since 1970; exit 0 while alive) and time run in slices. */
  createdUtcMicros = 0;
  exitedUtcMicros = 0;
  runMicros = 0;
  /** SuspendThread count (CREATE_SUSPENDED starts at 1). */
  suspendCount = 0;
  /** Threads parked in WaitForSingleObject etc. on this thread's exit. */
  readonly exitWaiters = new Set<() => void>();

  constructor(
    readonly id: number,
    readonly stackBase: number,
    readonly stackSize: number,
    /** Guest address of the TLS slot array (TLS_SLOTS words). */
    readonly tlsArray: number,
    readonly isMain: boolean,
  ) {}

  isSignaled(): boolean {
    return this.state === 'exited';
  }
  onSignal(cb: () => void): () => void {
    this.exitWaiters.add(cb);
    return () => this.exitWaiters.delete(cb);
  }
  consume(): void {}
}
