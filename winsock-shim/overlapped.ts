/**
 * WSASend, WSASendTo, WSARecv, WSARecvFrom (scatter/gather, blocking or overlapped) and
 * WSAGetOverlappedResult: CE's overlapped model with an event (WSAOVERLAPPED.hEvent).
 *
 * Without lpOverlapped a call is send()/sendto()/recv()/recvfrom() on the buffers gathered from the
 * WSABUF array (send.ts and recv.ts do the work, with their checks and blocking rules); the byte
 * count goes to *lpNumberOfBytesSent / *lpNumberOfBytesRecvd and the call returns 0.
 *
 * With lpOverlapped the call never parks its thread: it tries the operation at once (non-blocking);
 * if it completes, the results are stored, the event is set and the call returns 0; if it would block,
 * the call returns SOCKET_ERROR with WSA_IO_PENDING, the event is reset, and the operation goes on in
 * the background on the host poller (a stream send until every byte is in the send buffer; a receive
 * until data, EOF or an error), then the results are stored and the event set. Until then the
 * buffers (and the WSAOVERLAPPED) must stay valid, as the CE pages say. WSAOVERLAPPED.Internal holds
 * 0x103 (STATUS_PENDING) while pending, then 0 or the Winsock error of the operation;
 * InternalHigh the byte count. closesocket() ends a pending operation with WSA_OPERATION_ABORTED.
 *
 * Completion routines: CE runs each one on a thread of its own (it has no APCs; "Winsock Completion
 * Indications", CE 6.0). wmemu does not: a call with both lpOverlapped and lpCompletionRoutine stops
 * the run, naming itself (an unimplemented feature, never a silent deviation).
 *
 * Checks, in this order: WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS, WSAECONNABORTED,
 * WSAENETDOWN (common.ts); WSAEFAULT (lpBuffers not readable for dwBufferCount entries; the
 * WSAOVERLAPPED not writable; without lpOverlapped the count pointer NULL or not writable; WSARecv's
 * lpFlags not writable); then send.ts's / recv.ts's checks on the gathered buffer.
 * WSAGetOverlappedResult: common checks, WSAEFAULT (lpOverlapped, lpcbTransfer, lpdwFlags), then
 * WSA_IO_INCOMPLETE (pending and fWait FALSE) or the operation's own error.
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then the CE 6.0
 * WSASend/WSARecv/WSASendTo/WSARecvFrom/WSAGetOverlappedResult pages; the buffers are checked before
 * send()/recv()'s own checks run on the gathered buffer.
 */
import { fn, BLOCKED, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { UnimplementedImport } from '../emulator/core/api/dispatcher.js';
import type { EventObject } from '../emulator/core/kernel/waitable.js';
import { SOCKET_ERROR, WSA } from './constants.js';
import { fail, socketFor } from './common.js';
import { sendImpl } from './send.js';
import { recvImpl } from './recv.js';
import type { GuestSocket } from './state.js';
import type { WatchHandle } from './host/poller.js';
import { defineSlot } from '../emulator/core/slot.js';

export const WSA_IO_PENDING = 997;
export const WSA_IO_INCOMPLETE = 996;
export const WSA_OPERATION_ABORTED = 995;
const STATUS_PENDING = 0x103;
const OVERLAPPED_SIZE = 20;
const MAX_BUFFERS = 1024;

/** One overlapped operation (keyed by its WSAOVERLAPPED's guest address). */
interface Op {
  done: boolean;
  flags: number;
  wakers: (() => void)[];
}

const opsSlot = defineSlot('winsock-overlapped', () => new Map<number, Op>());
function ops(cx: ApiContext): Map<number, Op> {
  return opsSlot.of(cx.machine);
}

/** The WSABUF array as [address, length] pairs, or a Winsock error. */
function readBuffers(cx: ApiContext, p: number, n: number): [number, number][] | number {
  if (n > MAX_BUFFERS) return WSA.WSAEINVAL;
  if (n > 0 && (p === 0 || !cx.mem.isUserRange(p, 8 * n, 'read'))) return WSA.WSAEFAULT;
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) out.push([cx.mem.u32(p + 8 * i + 4), cx.mem.u32(p + 8 * i)]);
  return out;
}

/**
 * One guest buffer for the WSABUF array: the buffer itself when there is one, else a staging block
 * (process heap; freed by `release`) holding the gathered bytes (send) or receiving them (recv).
 */
function stage(cx: ApiContext, bufs: [number, number][], gather: boolean): { addr: number; len: number; release: () => void } | number {
  if (bufs.length === 1) return { addr: bufs[0]![0], len: bufs[0]![1], release: () => {} };
  let total = 0;
  for (const [a, l] of bufs) {
    if (l > 0x7fff_ffff - total) return WSA.WSAENOBUFS;
    if (l > 0 && !cx.mem.isUserRange(a, l, gather ? 'read' : 'write')) return WSA.WSAEFAULT;
    total += l;
  }
  const heap = cx.machine.processHeap;
  const addr = total > 0 ? heap.alloc(total, true) : 0;
  if (total > 0 && !addr) return WSA.WSAENOBUFS;
  if (gather) {
    let off = 0;
    for (const [a, l] of bufs) {
      if (l > 0) cx.mem.copyWithin(addr + off, a, l);
      off += l;
    }
  }
  return { addr, len: total, release: () => (addr ? heap.freeBlock(addr) : undefined) };
}

function scatter(cx: ApiContext, bufs: [number, number][], from: number, n: number): void {
  if (bufs.length === 1) return;
  let off = 0;
  for (const [a, l] of bufs) {
    const k = Math.min(l, n - off);
    if (k <= 0) break;
    cx.mem.copyWithin(a, from + off, k);
    off += k;
  }
}

/**
 * Runs `start` (send.ts / recv.ts) as the call: its byte count goes through `post`, the call returns
 * 0; errors return SOCKET_ERROR. A parked call is finished the same way when it completes.
 */
function runBlocking(
  cx: ApiContext,
  start: (c: ApiContext) => number | typeof BLOCKED,
  post: (r: number) => void,
  release: () => void,
): number | typeof BLOCKED {
  const proxy = Object.create(cx) as ApiContext;
  proxy.block = (st) =>
    cx.block((done) =>
      st((r0, err) => {
        release();
        if (r0 !== SOCKET_ERROR) {
          post(r0);
          done(0);
        } else done(r0, err);
      }),
    );
  const r = start(proxy);
  if (r === BLOCKED) return r;
  release();
  if (r === SOCKET_ERROR) return r;
  post(r);
  return 0;
}

/** A context for background retries: the guest's memory and machine, a private last error. */
function background(cx: ApiContext): ApiContext {
  const thread = { lastError: 0, inBlockingCall: false, id: 0 };
  return Object.create(cx, { thread: { value: thread, writable: true } }) as ApiContext;
}

/** One non-blocking attempt: bytes, or -error (WSAEWOULDBLOCK = try later). */
function tryOnce(c: ApiContext, s: GuestSocket, op: (c: ApiContext) => number | typeof BLOCKED): number {
  const nb = s.nonBlocking;
  s.nonBlocking = true;
  let r: number | typeof BLOCKED;
  try {
    r = op(c);
  } finally {
    s.nonBlocking = nb;
  }
  if (r === BLOCKED) return -WSA.WSAEWOULDBLOCK; // cannot happen with nonBlocking set
  return r === SOCKET_ERROR ? -c.thread.lastError : r;
}

function eventOf(cx: ApiContext, ov: number): EventObject | undefined {
  const h = cx.mem.u32(ov + 16);
  return h ? cx.machine.handles.get<EventObject>(h, 'event') : undefined;
}

/**
 * The overlapped path. `attempt(c, done)` makes one non-blocking try given `done` bytes already
 * transferred and returns bytes (this try), or -error. `complete` says whether `total` is reached.
 */
function overlapped(
  cx: ApiContext,
  s: GuestSocket,
  ov: number,
  routine: number,
  countPtr: number,
  dir: 'read' | 'write',
  attempt: (c: ApiContext, sofar: number) => number,
  finished: (sofar: number, r: number) => boolean,
  post: (n: number) => void,
  release: () => void,
  flagsOut: number,
): number | typeof BLOCKED {
  if (!cx.mem.isUserRange(ov, OVERLAPPED_SIZE, 'write')) return (release(), fail(cx, WSA.WSAEFAULT));
  if (routine !== 0) {
    release();
    cx.machine.fatalUnimplemented(cx.thread, new UnimplementedImport({ dll: 'WS2.dll', name: `${cx.decl.name} with a completion routine` }, cx.lr));
    return cx.block(() => {});
  }
  const ev = eventOf(cx, ov);
  const table = ops(cx);
  const op: Op = { done: false, flags: flagsOut, wakers: [] };
  table.set(ov, op);
  const mem = cx.mem;
  const complete = (error: number, n: number) => {
    op.done = true;
    release();
    if (mem.isUserRange(ov, OVERLAPPED_SIZE, 'write')) {
      mem.setU32(ov, error);
      mem.setU32(ov + 4, n);
    }
    ev?.set();
    for (const w of op.wakers.splice(0)) w();
  };
  let sofar = 0;
  const r = attempt(cx, 0);
  if (r >= 0) {
    sofar = r;
    if (finished(sofar, r)) {
      post(sofar);
      if (countPtr !== 0 && mem.isUserRange(countPtr, 4, 'write')) mem.setU32(countPtr, sofar);
      complete(0, sofar);
      return 0;
    }
  } else if (r !== -WSA.WSAEWOULDBLOCK) {
    table.delete(ov);
    release();
    return fail(cx, -r);
  }
  // Pending: carry on in the background.
  mem.setU32(ov, STATUS_PENDING);
  mem.setU32(ov + 4, 0);
  ev?.reset();
  const bg = background(cx);
  let watch: WatchHandle | undefined;
  const arm = () => {
    watch = dir === 'read' ? s.host.waitReadable(step) : s.host.waitWritable(step);
  };
  // closesocket (WSAEINTR) → WSA_OPERATION_ABORTED; the network switched off → WSAECONNABORTED.
  const onClose = (err: number) => {
    if (watch) s.host.cancelWait(watch);
    watch = undefined;
    if (!op.done) complete(err === WSA.WSAEINTR ? WSA_OPERATION_ABORTED : err, sofar);
  };
  const key = bg.thread as unknown as Parameters<typeof s.waiters.set>[0];
  s.waiters.set(key, onClose);
  const step = () => {
    watch = undefined;
    if (op.done) return;
    if (s.closed) return finishBg(WSA_OPERATION_ABORTED);
    let k: number;
    try {
      k = attempt(bg, sofar);
    } catch {
      k = -WSA.WSAEFAULT;
    }
    if (k === -WSA.WSAEWOULDBLOCK) return arm();
    if (k < 0) return finishBg(-k);
    sofar += k;
    if (!finished(sofar, k)) return arm();
    post(sofar);
    finishBg(0);
  };
  const finishBg = (error: number) => {
    s.waiters.delete(key);
    complete(error, sofar);
  };
  arm();
  return fail(cx, WSA_IO_PENDING);
}

type Sender = { buf: number; len: number };

function wsaSend(
  cx: ApiContext,
  v: number,
  bufsPtr: number,
  n: number,
  countPtr: number,
  flags: number,
  to: number,
  tolen: number,
  ov: number,
  routine: number,
): number | typeof BLOCKED {
  const s = socketFor(cx, v, true, false);
  if (!s) return SOCKET_ERROR;
  const bufs = readBuffers(cx, bufsPtr, n);
  if (typeof bufs === 'number') return fail(cx, bufs);
  if (ov === 0 && (countPtr === 0 || !cx.mem.isUserRange(countPtr, 4, 'write'))) return fail(cx, WSA.WSAEFAULT);
  const st = stage(cx, bufs, true);
  if (typeof st === 'number') return fail(cx, st);
  const g: Sender = { buf: st.addr, len: st.len };
  if (ov === 0) {
    return runBlocking(
      cx,
      (c) => sendImpl(c, v, g.buf, g.len, flags, to, tolen),
      (r) => cx.mem.setU32(countPtr, r),
      st.release,
    );
  }
  return overlapped(
    cx,
    s,
    ov,
    routine,
    countPtr,
    'write',
    (c, sofar) => tryOnce(c, s, (cc) => sendImpl(cc, v, g.buf + sofar, g.len - sofar, flags, to, tolen)),
    (sofar) => !s.stream || sofar >= g.len,
    () => {},
    st.release,
    0,
  );
}

function wsaRecv(
  cx: ApiContext,
  v: number,
  bufsPtr: number,
  n: number,
  countPtr: number,
  flagsPtr: number,
  from: number,
  fromLenPtr: number,
  ov: number,
  routine: number,
): number | typeof BLOCKED {
  const s = socketFor(cx, v);
  if (!s) return SOCKET_ERROR;
  const bufs = readBuffers(cx, bufsPtr, n);
  if (typeof bufs === 'number') return fail(cx, bufs);
  if (flagsPtr === 0 || !cx.mem.isUserRange(flagsPtr, 4, 'write')) return fail(cx, WSA.WSAEFAULT);
  if (ov === 0 && (countPtr === 0 || !cx.mem.isUserRange(countPtr, 4, 'write'))) return fail(cx, WSA.WSAEFAULT);
  const flags = cx.mem.u32(flagsPtr);
  const st = stage(cx, bufs, false);
  if (typeof st === 'number') return fail(cx, st);
  const mem = cx.mem;
  const post = (r: number) => {
    scatter(cx, bufs, st.addr, r);
    if (mem.isUserRange(flagsPtr, 4, 'write')) mem.setU32(flagsPtr, 0); // no MSG_PARTIAL: datagrams arrive whole or WSAEMSGSIZE
  };
  if (ov === 0) {
    return runBlocking(
      cx,
      (c) => recvImpl(c, v, st.addr, st.len, flags, from, fromLenPtr),
      (r) => {
        post(r);
        mem.setU32(countPtr, r);
      },
      st.release,
    );
  }
  return overlapped(
    cx,
    s,
    ov,
    routine,
    countPtr,
    'read',
    (c) => tryOnce(c, s, (cc) => recvImpl(cc, v, st.addr, st.len, flags, from, fromLenPtr)),
    () => true,
    post,
    st.release,
    0,
  );
}

export const overlappedIo: ApiDef[] = [
  fn(
    'WSASend(socket s, ptr lpBuffers, u32 dwBufferCount, ptr lpNumberOfBytesSent, flags:MSG dwFlags, ptr lpOverlapped, ptr lpCompletionRoutine): i32',
    { blocking: true },
    (cx, v: number, bufs: number, n: number, sent: number, flags: number, ov: number, routine: number) =>
      wsaSend(cx, v, bufs, n, sent, flags, 0, 0, ov, routine),
  ),
  fn(
    'WSASendTo(socket s, ptr lpBuffers, u32 dwBufferCount, ptr lpNumberOfBytesSent, flags:MSG dwFlags, sockaddr lpTo, i32 iToLen, ptr lpOverlapped, ptr lpCompletionRoutine): i32',
    { blocking: true },
    (cx, v: number, bufs: number, n: number, sent: number, flags: number, to: number, tolen: number, ov: number, routine: number) =>
      wsaSend(cx, v, bufs, n, sent, flags, to, tolen, ov, routine),
  ),
  fn(
    'WSARecv(socket s, ptr lpBuffers, u32 dwBufferCount, ptr lpNumberOfBytesRecvd, ptr lpFlags, ptr lpOverlapped, ptr lpCompletionRoutine): i32',
    { blocking: true },
    (cx, v: number, bufs: number, n: number, got: number, flags: number, ov: number, routine: number) => wsaRecv(cx, v, bufs, n, got, flags, 0, 0, ov, routine),
  ),
  fn(
    'WSARecvFrom(socket s, ptr lpBuffers, u32 dwBufferCount, ptr lpNumberOfBytesRecvd, ptr lpFlags, ptr lpFrom, ptr lpFromlen, ptr lpOverlapped, ptr lpCompletionRoutine): i32',
    { blocking: true },
    (cx, v: number, bufs: number, n: number, got: number, flags: number, from: number, fromLen: number, ov: number, routine: number) =>
      wsaRecv(cx, v, bufs, n, got, flags, from, fromLen, ov, routine),
  ),
  fn(
    'WSAGetOverlappedResult(socket s, ptr lpOverlapped, ptr lpcbTransfer, bool fWait, ptr lpdwFlags): bool',
    { blocking: true },
    (cx, v: number, ov: number, countPtr: number, wait: number, flagsPtr: number) => {
      const result = (): number | typeof BLOCKED => {
        const s = socketFor(cx, v, false);
        if (!s) return 0;
        if (ov === 0 || !cx.mem.isUserRange(ov, OVERLAPPED_SIZE, 'write')) return cx.fail(0, WSA.WSAEFAULT);
        if (countPtr === 0 || !cx.mem.isUserRange(countPtr, 4, 'write')) return cx.fail(0, WSA.WSAEFAULT);
        if (flagsPtr === 0 || !cx.mem.isUserRange(flagsPtr, 4, 'write')) return cx.fail(0, WSA.WSAEFAULT);
        const op = ops(cx).get(ov);
        const status = cx.mem.u32(ov);
        if (op !== undefined && !op.done && status === STATUS_PENDING) {
          if (!wait) return cx.fail(0, WSA_IO_INCOMPLETE);
          return cx.restartWhen((wake) => {
            op.wakers.push(wake);
          }, result);
        }
        cx.mem.setU32(countPtr, cx.mem.u32(ov + 4));
        cx.mem.setU32(flagsPtr, op?.flags ?? 0);
        if (status !== 0) return cx.fail(0, status);
        return 1;
      };
      return result();
    },
  ),
];

/**
 * WPUCompleteOverlappedRequest's completion (spi.ts): Internal = `error`, InternalHigh = `n`, the
 * event set, and a WSAGetOverlappedResult waiting on the WSAOVERLAPPED (if wmemu tracks one there)
 * woken with that result.
 */
export function completeOverlapped(cx: ApiContext, ov: number, error: number, n: number): void {
  cx.mem.check(ov, OVERLAPPED_SIZE, 'write');
  cx.mem.setU32(ov, error);
  cx.mem.setU32(ov + 4, n);
  eventOf(cx, ov)?.set();
  const op = ops(cx).get(ov);
  if (op && !op.done) {
    op.done = true;
    for (const w of op.wakers.splice(0)) w();
  }
}
