/**
 * coredll point-to-point message queues (msgqueue.h): CreateMsgQueue, OpenMsgQueue, ReadMsgQueue,
 * WriteMsgQueue, GetMsgQueueInfo, CloseMsgQueue.
 *
 * A queue has read handles and write handles (MSGQUEUEOPTIONS.bReadAccess). A read handle is
 * signaled while the queue holds a message, a write handle while it has room, so both work with
 * WaitForSingleObject/WaitForMultipleObjects (CE documents exactly that). Named queues live in the
 * run's namespace (namespace.ts): a CreateMsgQueue of an existing name opens it (the options' other
 * fields are ignored, ERROR_ALREADY_EXISTS), from this process or another process of the run.
 * OpenMsgQueue gives a second handle (read or write) to the queue behind a handle of this process
 * or of a child process (hSrcProc a CreateProcessW process handle).
 *
 * Errors (the CE documentation of each function): MSGQUEUEOPTIONS.dwSize other than 20, a
 * cbMaxMessage of 0, a MSGQUEUEINFO.dwSize other than 28: ERROR_INVALID_PARAMETER. Writing a
 * message larger than cbMaxMessage, or reading into a buffer smaller than the next message:
 * ERROR_INSUFFICIENT_BUFFER (the message stays queued). A read of an empty queue, or a write to a
 * full one, that does not complete within dwTimeout: ERROR_TIMEOUT. Without MSGQUEUE_ALLOW_BROKEN
 * a write with no read handle open, or a read of an empty queue with no write handle open, fails
 * with ERROR_PIPE_NOT_CONNECTED. Reading through a write-only handle or writing through a read-only
 * one: ERROR_ACCESS_DENIED. MSGQUEUE_MSGALERT messages are read before the others, in order.
 * dwMaxMessages 0 means no limit.
 */
import { fn, type ApiDef, type Returns } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { CURRENT_PROCESS_PSEUDO, type HandleTable, type KernelObject } from '../../core/kernel/handles.js';
import { Signal, type Waitable } from '../../core/kernel/waitable.js';
import { INFINITE } from '../../core/kernel/wait.js';
import { ERROR } from '../../core/win32-errors.js';
import { runNamespace } from './namespace.js';

const OPTIONS_SIZE = 20;
const INFO_SIZE = 28;
const MSGQUEUE_NOPRECOMMIT = 0x1;
const MSGQUEUE_ALLOW_BROKEN = 0x2;
const MSGQUEUE_MSGALERT = 0x1;

interface Message {
  data: Buffer;
  flags: number;
}

class MsgQueue {
  readonly messages: Message[] = [];
  readers = 0;
  writers = 0;
  highWater = 0;
  /** Something was written, or a writer went away (readers re-check). */
  readonly readable = new Signal();
  /** Something was read, or a reader went away (writers re-check). */
  readonly writable = new Signal();
  constructor(
    readonly flags: number,
    readonly maxMessages: number,
    readonly maxMessage: number,
    readonly unname: (() => void) | undefined,
  ) {}
  get full(): boolean {
    return this.maxMessages !== 0 && this.messages.length >= this.maxMessages;
  }
  get allowBroken(): boolean {
    return (this.flags & MSGQUEUE_ALLOW_BROKEN) !== 0;
  }
  push(m: Message): void {
    if (m.flags & MSGQUEUE_MSGALERT) {
      let i = 0;
      while (i < this.messages.length && this.messages[i]!.flags & MSGQUEUE_MSGALERT) i++;
      this.messages.splice(i, 0, m);
    } else this.messages.push(m);
    this.highWater = Math.max(this.highWater, this.messages.length);
    this.readable.notify();
  }
}

class QueueHandle implements KernelObject, Waitable {
  readonly type = 'msgqueue';
  private closed = false;
  constructor(
    readonly queue: MsgQueue,
    readonly read: boolean,
  ) {
    if (read) queue.readers++;
    else queue.writers++;
  }
  isSignaled(): boolean {
    return this.read ? this.queue.messages.length > 0 : !this.queue.full;
  }
  onSignal(cb: () => void): () => void {
    return (this.read ? this.queue.readable : this.queue.writable).add(cb);
  }
  consume(): void {}
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    const q = this.queue;
    if (this.read) q.readers--;
    else q.writers--;
    q.readable.notify();
    q.writable.notify();
    if (q.readers + q.writers === 0) q.unname?.();
  }
}

function readOptions(cx: ApiContext, p: number): { flags: number; maxMessages: number; maxMessage: number; read: boolean } | undefined {
  if (!p || cx.mem.u32(p) !== OPTIONS_SIZE) return undefined;
  return { flags: cx.mem.u32(p + 4), maxMessages: cx.mem.u32(p + 8), maxMessage: cx.mem.u32(p + 12), read: cx.mem.u32(p + 16) !== 0 };
}

function queueOf(cx: ApiContext, h: number): QueueHandle | undefined {
  return cx.machine.handles.get<QueueHandle>(h, 'msgqueue');
}

/**
 * Waits (restarting `again`) until `signal` fires or the time-out ends. `deadline` is the clock's
 * elapsed milliseconds when the wait must end (undefined: INFINITE).
 */
function waitThen(cx: ApiContext, signal: Signal, deadline: number | undefined, again: () => Returns<'bool'>): Returns<'bool'> {
  const clock = cx.machine.clock;
  return cx.restartWhen((wake) => {
    let unreg: () => void = () => {};
    let timer: (() => void) | undefined;
    const fire = () => {
      unreg();
      timer?.();
      wake();
    };
    unreg = signal.add(fire);
    if (deadline !== undefined) timer = clock.setTimer(Math.max(0, deadline - clock.elapsedMs()), fire);
    return () => {
      unreg();
      timer?.();
    };
  }, again);
}

function deadlineOf(cx: ApiContext, ms: number): number | undefined {
  return ms === INFINITE ? undefined : cx.machine.clock.elapsedMs() + ms;
}

function readMsg(cx: ApiContext, q: MsgQueue, buf: number, size: number, readOut: number, flagsOut: number, deadline: number | undefined): Returns<'bool'> {
  const m = q.messages[0];
  if (m) {
    if (m.data.length > size) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    cx.mem.check(buf, m.data.length, 'write');
    cx.mem.write(buf, m.data);
    q.messages.shift();
    cx.mem.setU32(readOut, m.data.length);
    if (flagsOut) cx.mem.setU32(flagsOut, m.flags);
    q.writable.notify();
    cx.setLastError(0);
    return 1;
  }
  if (q.writers === 0 && !q.allowBroken) return cx.fail(0, ERROR.PIPE_NOT_CONNECTED);
  if (deadline !== undefined && cx.machine.clock.elapsedMs() >= deadline) return cx.fail(0, ERROR.TIMEOUT);
  cx.thread.waitReason = 'ReadMsgQueue';
  return waitThen(cx, q.readable, deadline, () => readMsg(cx, q, buf, size, readOut, flagsOut, deadline));
}

function writeMsg(cx: ApiContext, q: MsgQueue, data: Buffer, flags: number, deadline: number | undefined): Returns<'bool'> {
  if (q.readers === 0 && !q.allowBroken) return cx.fail(0, ERROR.PIPE_NOT_CONNECTED);
  if (!q.full) {
    q.push({ data, flags });
    cx.setLastError(0);
    return 1;
  }
  if (deadline !== undefined && cx.machine.clock.elapsedMs() >= deadline) return cx.fail(0, ERROR.TIMEOUT);
  cx.thread.waitReason = 'WriteMsgQueue';
  return waitThen(cx, q.writable, deadline, () => writeMsg(cx, q, data, flags, deadline));
}

/**
 * Posts `data` to the queue behind `h` without waiting (the device manager's DEVDETAIL notifications,
 * devmgr.ts): false when `h` is no queue handle, the message is too long or the queue is full.
 */
export function postToQueue(cx: ApiContext, h: number, data: Buffer): boolean {
  const qh = queueOf(cx, h);
  if (!qh) return false;
  const q = qh.queue;
  if (q.full || (q.maxMessage !== 0 && data.length > q.maxMessage)) return false;
  q.push({ data, flags: 0 });
  return true;
}

/** The handle table of `hSrcProc` for OpenMsgQueue: this process, or a child it started. */
function tableOf(cx: ApiContext, hProc: number): HandleTable | undefined {
  if (hProc === CURRENT_PROCESS_PSEUDO) return cx.machine.handles;
  const p = cx.machine.handles.get<KernelObject & { machine?: { handles: HandleTable } }>(hProc, 'process');
  return p?.machine?.handles;
}

export const msgqueue: ApiDef[] = [
  fn('CreateMsgQueue(wstr lpszName, ptr lpOptions): handle', (cx, namePtr: number, optPtr: number) => {
    const o = readOptions(cx, optPtr);
    if (!o || o.maxMessage === 0 || (o.flags & ~(MSGQUEUE_NOPRECOMMIT | MSGQUEUE_ALLOW_BROKEN)) !== 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const name = namePtr ? cx.mem.wstr(namePtr, 260) : undefined;
    const ns = runNamespace(cx.machine);
    const key = name !== undefined ? `msgqueue:${name}` : undefined;
    const existing = key !== undefined ? ns.get(key) : undefined;
    if (existing !== undefined && !(existing instanceof MsgQueue)) return cx.fail(0, ERROR.INVALID_HANDLE);
    const q = existing ?? new MsgQueue(o.flags, o.maxMessages, o.maxMessage, key !== undefined ? () => ns.delete(key) : undefined);
    const h = cx.machine.handles.add(new QueueHandle(q, o.read));
    if (!h) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    if (key !== undefined) ns.set(key, q);
    cx.setLastError(existing ? ERROR.ALREADY_EXISTS : 0);
    return h;
  }),
  fn('OpenMsgQueue(handle hSrcProc, handle hMsgQ, ptr lpOptions): handle', (cx, hProc: number, hq: number, optPtr: number) => {
    const o = readOptions(cx, optPtr);
    if (!o) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const table = tableOf(cx, hProc);
    const src = table?.get<QueueHandle>(hq, 'msgqueue');
    if (!src) return cx.fail(0, ERROR.INVALID_HANDLE);
    const h = cx.machine.handles.add(new QueueHandle(src.queue, o.read));
    return h || cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }),
  fn(
    'ReadMsgQueue(handle hMsgQ, ptr lpBuffer, u32 cbBufferSize, ptr lpNumberOfBytesRead, u32 dwTimeout, ptr pdwFlags): bool',
    { blocking: true },
    (cx, h: number, buf: number, size: number, readOut: number, timeout: number, flagsOut: number) => {
      const qh = queueOf(cx, h);
      if (!qh) return cx.fail(0, ERROR.INVALID_HANDLE);
      if (!qh.read) return cx.fail(0, ERROR.ACCESS_DENIED);
      if (!buf || !readOut) return cx.fail(0, ERROR.INVALID_PARAMETER);
      cx.mem.check(readOut, 4, 'write');
      return readMsg(cx, qh.queue, buf, size, readOut, flagsOut, deadlineOf(cx, timeout));
    },
  ),
  fn(
    'WriteMsgQueue(handle hMsgQ, ptr lpBuffer, u32 cbDataSize, u32 dwTimeout, hex dwFlags): bool',
    { blocking: true },
    (cx, h: number, buf: number, size: number, timeout: number, flags: number) => {
      const qh = queueOf(cx, h);
      if (!qh) return cx.fail(0, ERROR.INVALID_HANDLE);
      if (qh.read) return cx.fail(0, ERROR.ACCESS_DENIED);
      if (size > qh.queue.maxMessage) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      if (size && !buf) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const data = Buffer.from(cx.mem.bytes(buf, size));
      return writeMsg(cx, qh.queue, data, flags & MSGQUEUE_MSGALERT, deadlineOf(cx, timeout));
    },
  ),
  fn('GetMsgQueueInfo(handle hMsgQ, ptr lpInfo): bool', (cx, h: number, p: number) => {
    const qh = queueOf(cx, h);
    if (!qh) return cx.fail(0, ERROR.INVALID_HANDLE);
    if (!p || cx.mem.u32(p) !== INFO_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const q = qh.queue;
    cx.mem.setU32(p + 4, q.flags);
    cx.mem.setU32(p + 8, q.maxMessages);
    cx.mem.setU32(p + 12, q.maxMessage);
    cx.mem.setU32(p + 16, q.messages.length);
    cx.mem.setU32(p + 20, q.highWater);
    cx.mem.setU16(p + 24, q.readers);
    cx.mem.setU16(p + 26, q.writers);
    return 1;
  }),
  fn('CloseMsgQueue(handle hMsgQ): bool', (cx, h: number) => {
    if (!queueOf(cx, h)) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),
];
