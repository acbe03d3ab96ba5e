/**
 * Winsock 2 event objects and network-event selection (ws2.dll only):
 * WSACreateEvent, WSACloseEvent, WSASetEvent, WSAResetEvent, WSAWaitForMultipleEvents,
 * WSAEventSelect, WSAEnumNetworkEvents, WSAAsyncSelect (the same association, posting a window message
 * per recorded event through emulator/core/window-post.ts instead of setting an event).
 *
 * On CE a WSAEVENT is a HANDLE to an ordinary coredll event (WSACreateEvent = CreateEvent(NULL,
 * TRUE, FALSE, NULL): manual reset, non-signaled), so the events live in the kernel handle table
 * and WaitForSingleObject/CloseHandle work on them too. WSAWaitForMultipleEvents is
 * WaitForMultipleObjects: CE does not support fWaitAll = TRUE (WSA_WAIT_FAILED, last error
 * WSA_INVALID_PARAMETER), nor alertable waits in any useful way (no APCs: fAlertable is accepted and
 * WSA_WAIT_IO_COMPLETION never returned).
 *
 * ## WSAEventSelect
 * Per socket: the selected events (lNetworkEvents), the event object, the internal record of network
 * events that occurred (+ their error codes), and which events are currently enabled. Readiness comes
 * from the host poller: while an enabled, selected event can still occur, a one-shot watch is armed
 * on the host fd, so the record is made (and the event set) when data arrives even if no guest thread
 * is waiting. The re-enabling rules are the Winsock 2 specification's:
 *
 *   FD_READ     recorded once when data is available; re-enabled by recv/recvfrom/WSARecv/WSARecvFrom
 *               (recorded again at once if data remains after the call)
 *   FD_OOB      same, re-enabled by a recv with MSG_OOB
 *   FD_ACCEPT   re-enabled by accept (recorded again at once if another connection is pending)
 *   FD_WRITE    recorded when the socket becomes writable after connect/accept (or on selection of a
 *               connected socket); afterwards only after a send/sendto/WSASend returned WSAEWOULDBLOCK
 *   FD_CONNECT  once, when a connect completes (iErrorCode = 0 or the failure: WSAECONNREFUSED, ...)
 *   FD_CLOSE    once, when the peer closed (0 for a graceful close, after the data has been read if
 *               FD_READ is selected; WSAECONNRESET for a reset; WSAECONNABORTED when the circuit was
 *               terminated locally)
 *
 * WSAEventSelect puts the socket in non-blocking mode (ioctlsocket FIONBIO 0 then fails with WSAEINVAL
 * while events are selected); lNetworkEvents = 0 cancels the association (the socket stays
 * non-blocking). A new WSAEventSelect replaces the previous one and clears the record. A socket
 * accepted from a listening socket with a selection inherits it (same event object, same events).
 *
 * Checks, in this order (after common.ts's WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS):
 *   WSAEventSelect        WSAEINVAL (unknown lNetworkEvents bits), WSAEINVAL (not an event handle,
 *                         unless lNetworkEvents = 0).
 *   WSAEnumNetworkEvents  WSAEINVAL (lpNetworkEvents NULL: Windows' answer, palsuite; issue 18),
 *                         WSAEFAULT (lpNetworkEvents unwritable), WSAEINVAL (hEventObject given and
 *                         not an event handle).
 *   WSAWaitForMultipleEvents  WSA_INVALID_PARAMETER (0 or > 64 events; fWaitAll), WSA_INVALID_HANDLE.
 *
 * The re-enabling functions belong to other families (send.ts, recv.ts, socket.ts, options.ts): they
 * are not edited; `withEventHooks` wraps their declarations at registration time (winsock-shim/index.ts)
 * and calls the hooks below after each call returns. Hook for options.ts: getsockopt(SO_ERROR) may
 * add `takeConnectError(s)` (a failed connect's error that the event machinery read from the host).
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then the CE 6.0
 * WSAEventSelect / WSAEnumNetworkEvents / WSACreateEvent / WSAWaitForMultipleEvents pages, with
 * Windows' WSAEINVAL for a NULL lpNetworkEvents (palsuite, issue 18).
 */
import { fn, BLOCKED, type ApiDef, type ApiResult, type Handler } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { EventObject, type Waitable } from '../emulator/core/kernel/waitable.js';
import { waitAny, INFINITE } from '../emulator/core/kernel/wait.js';
import { waitableOf } from '../emulator/core/kernel/wait.js';
import type { WatchHandle } from './host/poller.js';
import { EPOLLRDHUP } from './host/poller.js';
import { getPoller } from './host/poller.js';
import { FIONBIO, MSG_OOB, SOCKET_ERROR, WSA } from './constants.js';
import { fail, socketFor } from './common.js';
import type { GuestSocket, WinsockState } from './state.js';
import { readableBytes } from './readahead.js';
import { completeConnect, pollOne, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLPRI, POLLRDHUP } from './readiness.js';
import { winsockStateIfAny } from './state.js';
import { isWindow, postWindowMessage } from '../emulator/core/window-post.js';
import type { Machine } from '../emulator/core/machine.js';

// ---- winsock2.h ----
export const FD_READ_BIT = 0;
export const FD_WRITE_BIT = 1;
export const FD_OOB_BIT = 2;
export const FD_ACCEPT_BIT = 3;
export const FD_CONNECT_BIT = 4;
export const FD_CLOSE_BIT = 5;
export const FD_MAX_EVENTS = 10;
export const FD_READ = 1 << FD_READ_BIT;
export const FD_WRITE = 1 << FD_WRITE_BIT;
export const FD_OOB = 1 << FD_OOB_BIT;
export const FD_ACCEPT = 1 << FD_ACCEPT_BIT;
export const FD_CONNECT = 1 << FD_CONNECT_BIT;
export const FD_CLOSE = 1 << FD_CLOSE_BIT;
export const FD_ALL_EVENTS = (1 << FD_MAX_EVENTS) - 1;
/** sizeof(WSANETWORKEVENTS): long lNetworkEvents; int iErrorCode[FD_MAX_EVENTS]. */
export const WSANETWORKEVENTS_SIZE = 4 + 4 * FD_MAX_EVENTS;
export const WSA_MAXIMUM_WAIT_EVENTS = 64;
export const WSA_WAIT_EVENT_0 = 0;
export const WSA_WAIT_TIMEOUT = 0x102;
export const WSA_WAIT_FAILED = 0xffff_ffff;
export const WSA_INVALID_HANDLE = 6;
export const WSA_INVALID_PARAMETER = 87;
export const WSA_NOT_ENOUGH_MEMORY = 8;

/** Where WSAAsyncSelect posts a socket's notifications. */
interface AsyncTarget {
  readonly machine: Machine;
  readonly hwnd: number;
  readonly msg: number;
}

/** WSAMAKESELECTREPLY(event, error) of winsock.h: the lParam of a WSAAsyncSelect message. */
export function wsaMakeSelectReply(event: number, error: number): number {
  return ((error & 0xffff) << 16) | (event & 0xffff);
}

/**
 * The WSAEventSelect or WSAAsyncSelect association of one socket: the same recording and re-enabling;
 * with an async target each recorded event is posted to the window at once (wParam = the socket,
 * lParam = WSAMAKESELECTREPLY(event, error)) instead of being kept for WSAEnumNetworkEvents.
 */
class Selection {
  pending = 0;
  target: AsyncTarget | undefined;
  readonly errors = new Int32Array(FD_MAX_EVENTS);
  enRead = true;
  enWrite = true;
  enOob = true;
  enAccept = true;
  connectReported: boolean;
  closeReported = false;
  private readW: WatchHandle | undefined;
  private writeW: WatchHandle | undefined;
  private urgW: WatchHandle | undefined;
  private retry: NodeJS.Timeout | undefined;
  dropped = false;

  constructor(
    readonly sock: GuestSocket,
    readonly event: EventObject,
    readonly mask: number,
  ) {
    this.connectReported = sock.connected; // already connected: no FD_CONNECT
    liveSelections++;
  }

  drop(): void {
    if (!this.dropped) liveSelections--;
    this.dropped = true;
    this.cancelWatches();
  }

  private cancelWatches(): void {
    const h = this.sock.host;
    for (const w of [this.readW, this.writeW, this.urgW]) if (w) h.cancelWait(w);
    this.readW = this.writeW = this.urgW = undefined;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
  }

  /** Records what has happened since the last look; sets the event if something new was recorded. */
  evaluate(): boolean {
    const s = this.sock;
    if (this.dropped) return false;
    if (s.closed) {
      this.drop();
      return false;
    }
    const rev = pollOne(s);
    let fired = false;
    const record = (bit: number, err = 0) => {
      if (!(this.mask & (1 << bit))) return;
      this.pending |= 1 << bit;
      this.errors[bit] = err;
      fired = true;
    };
    if (!s.stream) {
      if (this.enRead && rev & (POLLIN | POLLERR)) {
        record(FD_READ_BIT);
        this.enRead = false;
      }
      if (this.enWrite && rev & POLLOUT) {
        record(FD_WRITE_BIT);
        this.enWrite = false;
      }
    } else if (s.listening) {
      if (this.enAccept && rev & POLLIN) {
        record(FD_ACCEPT_BIT);
        this.enAccept = false;
      }
    } else {
      if (s.connecting) {
        if (rev & (POLLERR | POLLHUP)) {
          const e = s.host.soError();
          s.connecting = false;
          connectErrors.set(s, e > 0 ? e : WSA.WSAECONNREFUSED);
          if (!this.connectReported) record(FD_CONNECT_BIT, e > 0 ? e : WSA.WSAECONNREFUSED);
          this.connectReported = true;
        } else if (rev & POLLOUT) completeConnect(s);
      }
      if (s.connected) {
        if (!this.connectReported) {
          record(FD_CONNECT_BIT, 0);
          this.connectReported = true;
        }
        if (this.enWrite && rev & POLLOUT && !s.shutSend && !this.closeReported) {
          record(FD_WRITE_BIT);
          this.enWrite = false;
        }
        if (this.enOob && rev & POLLPRI && !s.oobInline) {
          record(FD_OOB_BIT);
          this.enOob = false;
        }
        const data = (rev & POLLIN) !== 0 && readableBytes(s) > 0; // kernel + read-ahead bytes (readahead.ts)
        if (this.enRead && data) {
          record(FD_READ_BIT);
          this.enRead = false;
        }
        const hup = (rev & (POLLRDHUP | POLLHUP | POLLERR)) !== 0 || s.aborted;
        if (!this.closeReported && hup && (!data || !(this.mask & FD_READ))) {
          const err = s.aborted ? WSA.WSAECONNABORTED : s.rbErr !== 0 ? s.rbErr : rev & POLLERR ? WSA.WSAECONNRESET : 0;
          record(FD_CLOSE_BIT, err);
          this.closeReported = true;
        }
      }
    }
    if (fired && this.target) this.postPending(this.target);
    else if (fired) this.event.set();
    return fired;
  }

  /** WSAAsyncSelect: one message per recorded event, in bit order (FD_READ first). */
  private postPending(t: AsyncTarget): void {
    for (let bit = 0; bit < FD_MAX_EVENTS; bit++) {
      if (!(this.pending & (1 << bit))) continue;
      // The window is gone: the association goes too (nothing could ever receive it).
      if (postWindowMessage(t.machine, t.hwnd, t.msg, this.sock.handle, wsaMakeSelectReply(1 << bit, this.errors[bit]!)) === 'no-window') {
        this.drop();
        return;
      }
    }
    this.pending = 0;
    this.errors.fill(0);
  }

  /** Arms the host watches the still-possible selected events need. */
  arm(): void {
    const s = this.sock;
    if (this.dropped || s.closed) return;
    const m = this.mask;
    let read = 0;
    let write = false;
    let urgent = false;
    if (!s.stream) {
      read = m & FD_READ && this.enRead ? 1 : 0;
      write = (m & FD_WRITE) !== 0 && this.enWrite;
    } else if (s.listening) {
      read = m & FD_ACCEPT && this.enAccept ? 1 : 0;
    } else if (s.connecting) {
      write = true; // to see the connect complete
    } else if (s.connected && !this.closeReported) {
      if (m & FD_READ)
        read = this.enRead ? 1 : 0; // disabled: the next recv looks again
      else if (m & FD_CLOSE) read = 2; // peer close only
      write = (m & FD_WRITE) !== 0 && this.enWrite;
      urgent = (m & FD_OOB) !== 0 && this.enOob && !s.oobInline;
    }
    const h = s.host;
    const cb = (which: 'r' | 'w' | 'u') => (revents: number) => {
      if (which === 'r') this.readW = undefined;
      else if (which === 'w') this.writeW = undefined;
      else this.urgW = undefined;
      if (this.dropped) return;
      const got = this.evaluate();
      // A sticky HUP/ERR that changed nothing would fire again at once: look again a bit later.
      if (!got && revents & (POLLERR | POLLHUP)) {
        if (!this.retry) this.retry = setTimeout(() => ((this.retry = undefined), this.arm()), 20);
      } else this.arm();
    };
    if (read && !this.readW) this.readW = read === 1 ? h.waitReadable(cb('r')) : getPoller().watch(h.fd, EPOLLRDHUP, cb('r'));
    else if (!read && this.readW) {
      h.cancelWait(this.readW);
      this.readW = undefined;
    }
    if (write && !this.writeW) this.writeW = h.waitWritable(cb('w'));
    else if (!write && this.writeW) {
      h.cancelWait(this.writeW);
      this.writeW = undefined;
    }
    if (urgent && !this.urgW) this.urgW = h.waitUrgent(cb('u'));
    else if (!urgent && this.urgW) {
      h.cancelWait(this.urgW);
      this.urgW = undefined;
    }
  }

  update(): void {
    this.evaluate();
    this.arm();
  }
}

const selections = new WeakMap<GuestSocket, Selection>();
/**
 * Selections created and not dropped, process-wide. While 0 every hook below is a no-op (no socket
 * can have an association), so the wrapped functions call straight through: no lookup, no array.
 */
let liveSelections = 0;
/** Errors of non-blocking connects whose failure the event machinery consumed from the host (SO_ERROR). */
const connectErrors = new WeakMap<GuestSocket, number>();

/** The active WSAEventSelect association of `s`, if any (lNetworkEvents != 0). */
export function selectionOf(s: GuestSocket): { mask: number } | undefined {
  const a = selections.get(s);
  return a && !a.dropped ? a : undefined;
}

/**
 * The error of a failed non-blocking connect that WSAEventSelect read from the host's SO_ERROR (and
 * so cleared there), once. For getsockopt(SO_ERROR) (hook for options.ts).
 */
export function takeConnectError(s: GuestSocket): number {
  const e = connectErrors.get(s) ?? 0;
  connectErrors.delete(s);
  return e;
}

function associate(s: GuestSocket, event: EventObject, mask: number, target?: AsyncTarget): void {
  selections.get(s)?.drop();
  selections.delete(s);
  s.nonBlocking = true;
  if (mask === 0) return;
  const a = new Selection(s, event, mask);
  a.target = target;
  selections.set(s, a);
  a.update();
}

// ------------------------------------------------------------------------------------------------
// Hooks: the re-enabling functions of other families, wrapped at registration.

function stateOf(cx: ApiContext): WinsockState | undefined {
  return winsockStateIfAny(cx.machine);
}

function selectionFor(cx: ApiContext, v: number): Selection | undefined {
  const s = stateOf(cx)?.sockets.get(v >>> 0);
  const a = s && selections.get(s);
  return a && !a.dropped ? a : undefined;
}

type Hook = {
  before?: (cx: ApiContext, args: number[]) => number | undefined;
  after?: (cx: ApiContext, args: number[], r: ApiResult, a: Selection | undefined) => void;
};

const reenableRead = (flagsOf: (cx: ApiContext, args: number[]) => number): Hook => ({
  after: (cx, args, _r, a) => {
    if (!a) return;
    let oob = false;
    try {
      oob = (flagsOf(cx, args) & MSG_OOB) !== 0;
    } catch {
      /* bad lpFlags: the call itself failed */
    }
    if (oob) a.enOob = true;
    else a.enRead = true;
    a.update();
  },
});

const reenableWrite: Hook = {
  after: (cx, _args, r, a) => {
    if (!a) return;
    if (r === SOCKET_ERROR && cx.thread.lastError === WSA.WSAEWOULDBLOCK) a.enWrite = true;
    a.update();
  },
};

const HOOKS: Record<string, Hook> = {
  recv: reenableRead((_cx, a) => a[3]!),
  recvfrom: reenableRead((_cx, a) => a[3]!),
  WSARecv: reenableRead((cx, a) => (a[4] ? cx.mem.u32(a[4]) : 0)),
  WSARecvFrom: reenableRead((cx, a) => (a[4] ? cx.mem.u32(a[4]) : 0)),
  send: reenableWrite,
  sendto: reenableWrite,
  WSASend: reenableWrite,
  WSASendTo: reenableWrite,
  accept: {
    after: (cx, _args, r, a) => {
      if (!a) return;
      a.enAccept = true;
      if (typeof r === 'number' && r !== SOCKET_ERROR) {
        const ns = stateOf(cx)?.sockets.get(r >>> 0);
        if (ns) {
          const b = new Selection(ns, a.event, a.mask);
          b.connectReported = true;
          b.target = a.target;
          ns.nonBlocking = true;
          selections.set(ns, b);
          b.update();
        }
      }
      a.update();
    },
  },
  connect: { after: (_cx, _args, _r, a) => a?.update() },
  shutdown: { after: (_cx, _args, _r, a) => a?.update() },
  closesocket: { after: (_cx, _args, _r, a) => (a?.sock.closed ? a.drop() : undefined) },
  ioctlsocket: {
    // FIONBIO 0 while events are selected: WSAEINVAL (the socket must stay non-blocking).
    before: (cx, args) => {
      if (args[1]! >>> 0 !== FIONBIO || !selectionFor(cx, args[0]!)) return undefined;
      if (!args[2] || cx.mem.u32(args[2]) !== 0) return undefined;
      return fail(cx, WSA.WSAEINVAL);
    },
  },
};
HOOKS.WSAAccept = HOOKS.accept!;
HOOKS.WSAConnect = HOOKS.connect!;

/** Wraps the re-enabling functions of `families` with the WSAEventSelect hooks. */
export function withEventHooks(families: ApiDef[][]): ApiDef[][] {
  return families.map((family) =>
    family.map((def) => {
      const hook = HOOKS[def.name];
      if (!hook) return def;
      const inner = def.handler;
      // Fixed arity (the Winsock functions take at most 9 arguments: WSASendTo, WSARecvFrom): no
      // rest array per call.
      const handler: Handler = (cx, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, a8: number) => {
        if (liveSelections === 0) return inner(cx, a0, a1, a2, a3, a4, a5, a6, a7, a8);
        const args = [a0, a1, a2, a3, a4, a5, a6, a7, a8];
        if (hook.before) {
          const r = hook.before(cx, args);
          if (r !== undefined) return r;
        }
        const a = selectionFor(cx, args[0]!);
        const r = inner(cx, a0, a1, a2, a3, a4, a5, a6, a7, a8);
        if (hook.after && r !== BLOCKED) hook.after(cx, args, r, a);
        else if (a && r === BLOCKED) {
          // A blocking call (the application switched back to blocking mode is refused, but a call
          // may still block, e.g. a send on a socket selected after it started): re-enable now.
          if (def.name.toLowerCase().includes('recv')) a.enRead = true;
        }
        return r;
      };
      return { ...def, handler };
    }),
  );
}

// ------------------------------------------------------------------------------------------------

function eventFor(cx: ApiContext, h: number): EventObject | undefined {
  return cx.machine.handles.get<EventObject>(h, 'event');
}

function requireStartup(cx: ApiContext): boolean {
  const st = stateOf(cx);
  if (st && st.startups > 0) return true;
  cx.thread.lastError = WSA.WSANOTINITIALISED;
  return false;
}

export const events: ApiDef[] = [
  fn('WSACreateEvent(): handle', (cx) => {
    if (!requireStartup(cx)) return 0;
    const h = cx.machine.handles.add(new EventObject(true, false));
    return h ? h : cx.fail(0, WSA_NOT_ENOUGH_MEMORY);
  }),
  fn('WSACloseEvent(handle hEvent): bool', (cx, h: number) => {
    if (!eventFor(cx, h)) return cx.fail(0, WSA_INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),
  fn('WSASetEvent(handle hEvent): bool', (cx, h: number) => {
    const e = eventFor(cx, h);
    if (!e) return cx.fail(0, WSA_INVALID_HANDLE);
    e.set();
    return 1;
  }),
  fn('WSAResetEvent(handle hEvent): bool', (cx, h: number) => {
    const e = eventFor(cx, h);
    if (!e) return cx.fail(0, WSA_INVALID_HANDLE);
    e.reset();
    return 1;
  }),
  fn(
    'WSAWaitForMultipleEvents(u32 cEvents, ptr lphEvents, bool fWaitAll, u32 dwTimeout, bool fAlertable): u32',
    { blocking: true, fault: { kind: 'error', ret: WSA_WAIT_FAILED, lastError: WSA.WSAEFAULT } },
    (cx, n: number, arr: number, all: number, ms: number) => {
      if (!requireStartup(cx)) return WSA_WAIT_FAILED;
      if (n === 0 || n > WSA_MAXIMUM_WAIT_EVENTS) return cx.fail(WSA_WAIT_FAILED, WSA_INVALID_PARAMETER);
      if (all) return cx.fail(WSA_WAIT_FAILED, WSA_INVALID_PARAMETER); // CE: no wait-all
      const objs: Waitable[] = [];
      for (let i = 0; i < n; i++) {
        const o = waitableOf(cx, cx.mem.u32(arr + 4 * i));
        if (!o) return cx.fail(WSA_WAIT_FAILED, WSA_INVALID_HANDLE);
        objs.push(o);
      }
      return waitAny(cx, objs, ms, `WSAWaitForMultipleEvents(${n} events, ${ms === INFINITE ? 'WSA_INFINITE' : ms})`);
    },
  ),
  fn('WSAEventSelect(socket s, handle hEventObject, hex lNetworkEvents): i32', (cx, v: number, h: number, mask: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    if ((mask & ~FD_ALL_EVENTS) !== 0) return fail(cx, WSA.WSAEINVAL);
    const e = eventFor(cx, h);
    if (!e && mask !== 0) return fail(cx, WSA.WSAEINVAL);
    associate(s, e ?? new EventObject(true, false), mask);
    return 0;
  }),
  // WSAAsyncSelect (CE 6 ws2.dll ordinal 6; the Winsock 2 specification's rules, as WSAEventSelect):
  // checks in this order after common.ts's: WSAEINVAL (unknown lEvent bits), WSAEINVAL (hWnd not a
  // window, unless lEvent = 0: wMsg/lEvent 0 cancel the association). The socket becomes
  // non-blocking; a later WSAEventSelect or WSAAsyncSelect replaces this one. Messages are posted
  // through the core hook (emulator/core/window-post.ts) the window manager registers.
  fn('WSAAsyncSelect(socket s, handle hWnd, u32 wMsg, hex lEvent): i32', (cx, v: number, hwnd: number, msg: number, mask: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    if ((mask & ~FD_ALL_EVENTS) !== 0) return fail(cx, WSA.WSAEINVAL);
    if (mask !== 0 && !isWindow(cx.machine, hwnd)) return fail(cx, WSA.WSAEINVAL);
    associate(s, new EventObject(true, false), mask, { machine: cx.machine, hwnd, msg });
    return 0;
  }),
  fn('WSAEnumNetworkEvents(socket s, handle hEventObject, ptr lpNetworkEvents): i32', (cx, v: number, h: number, out: number) => {
    const s = socketFor(cx, v, false);
    if (!s) return fail(cx, cx.thread.lastError);
    // lpNetworkEvents NULL: Windows says WSAEINVAL (palsuite; issue 18) where an unwritable pointer
    // is WSAEFAULT (the DLL's fault policy).
    if (out === 0) return fail(cx, WSA.WSAEINVAL);
    cx.mem.check(out, WSANETWORKEVENTS_SIZE, 'write');
    let e: EventObject | undefined;
    if (h) {
      e = eventFor(cx, h);
      if (!e) return fail(cx, WSA.WSAEINVAL);
    }
    const a = selections.get(s);
    let pending = 0;
    if (a && !a.dropped) {
      a.update(); // take in what the host knows right now
      pending = a.pending;
    }
    cx.mem.setU32(out, pending);
    for (let i = 0; i < FD_MAX_EVENTS; i++) cx.mem.setU32(out + 4 + 4 * i, a && pending & (1 << i) ? a.errors[i]! : 0);
    if (a) {
      a.pending = 0;
      a.errors.fill(0);
    }
    e?.reset();
    return 0;
  }),
];
