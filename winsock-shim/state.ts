/**
 * Per-machine Winsock state (a machine slot): the WSAStartup count and the
 * negotiated version, the network policy, and the socket table.
 *
 * ## Socket values
 * Guest SOCKET values are their own namespace, distinct from kernel handles (the kernel handle table
 * starts at 0x1000 and only grows): a SOCKET is `0x100 + 4·k` for k < 960, i.e. 0x100 .. 0xFFC, so a
 * socket value can never be a kernel handle (and a kernel handle passed as a socket is WSAENOTSOCK).
 * Values are positive ints (ported BSD code that tests `s < 0` works) and multiples of 4 like CE
 * handles. A closed socket's value is reused only after every never-used value is taken, and then
 * least-recently-closed first, so a stale SOCKET stays WSAENOTSOCK for as long as possible. At most
 * 960 sockets are open at once (socket() then fails with WSAEMFILE); a CE device allows far fewer.
 */
import type { Machine } from '../emulator/core/machine.js';
import type { GuestThread } from '../emulator/core/kernel/thread.js';
import { addressOf } from './host/libc.js';
import type { HostSocket } from './host/host-socket.js';
import type { DgramQueue } from './dgramqueue.js';
import { AF_INET, SOCK_DGRAM, SOCK_STREAM, WSA } from './constants.js';
import { closeHost, discardPending, flushAtShutdown } from './coalesce.js';
import { defineSlot } from '../emulator/core/slot.js';
import { noteNetworkPolicy } from '../emulator/core/net/policy-of.js';
import { registerRunSockets, type RunSocketRow } from '../emulator/core/net/run-sockets.js';

export type NetworkPolicy = 'host' | 'loopback' | 'none';

/** TCP keep-alive timing (on CE: HKLM\Comm\Tcpip\Parms KeepAliveTime / KeepAliveInterval). */
export interface KeepAliveConfig {
  timeMs: number;
  intervalMs: number;
  /** Unanswered probes before the connection is declared dead (Linux TCP_KEEPCNT). */
  probes: number;
}

export const SOCKET_BASE = 0x100;
export const SOCKET_STEP = 4;
export const SOCKET_LIMIT = 0x1000; // exclusive: the first kernel handle value

/** Called to interrupt a thread parked in a Winsock call on a socket, with the error to return. */
export type Interrupt = (wsaError: number) => void;

export class GuestSocket {
  /** Winsock address family (AF_INET 2 / AF_INET6 23). */
  readonly family: number;
  readonly type: number;
  readonly protocol: number;
  readonly stream: boolean;
  /** FIONBIO. */
  nonBlocking = false;
  bound = false;
  listening = false;
  connected = false;
  /** Came from accept(): the guest is the server side of this connection (capture roles). */
  accepted = false;
  /** A non-blocking connect() is in progress (WSAEALREADY on a repeat). */
  connecting = false;
  shutSend = false;
  shutRecv = false;
  /** closesocket() was called (the object may still be referenced by a parked thread). */
  closed = false;
  /** The circuit was terminated locally (network switched off under it): WSAECONNABORTED. */
  aborted = false;
  broadcast = false;
  /** Connected (datagram) to a broadcast address: send needs SO_BROADCAST (else WSAEACCES). */
  peerBroadcast = false;
  /** The remainder buffer is held by a parked send. */
  remBusy = false;
  oobInline = false;
  keepAlive = false;
  /** IP_HDRINCL on a raw socket. */
  hdrIncl = false;
  /** SO_SNDTIMEO / SO_RCVTIMEO in milliseconds (0 = wait forever). */
  sndTimeo = 0;
  rcvTimeo = 0;
  /** SO_SNDBUF / SO_RCVBUF as the guest set them (-1 = never set; read back as set). */
  sndBuf = -1;
  rcvBuf = -1;
  /** TCP_NODELAY as the guest set it (accepted sockets inherit the listener's, as on Linux). */
  noDelay = false;
  // ---- send coalescing (coalesce.ts; the rules are in send.ts's header) ----
  /** Coalescing buffer (allocated on the first coalesced send) and its host address. */
  cqBuf: Buffer | undefined;
  cqAddr = 0;
  /** Bytes the guest has sent that are not in the kernel yet: cqBuf[cqHead, cqTail). */
  cqHead = 0;
  cqTail = 0;
  /** Bytes that may still be appended before the kernel must be asked (SO_SNDBUF accounting). */
  cqCredit = 0;
  /** Credit refreshes to skip after one found no room (a peer that does not read). */
  cqBackoff = 0;
  /** performance.now() when the oldest pending byte was appended. */
  cqSince = 0;
  /** Appends counter (the age check reads the clock every few appends only). */
  cqAppends = 0;
  /** In the flush list (a flush is scheduled for the next event-loop turn). */
  cqListed = false;
  /** A host write watch is draining the buffer (the kernel was full). */
  cqDraining = false;
  /** Never coalesce again (a flush failed: the connection is dead). */
  cqOff = false;
  /** Error a flush found (positive Winsock code), reported by the next send/recv/SO_ERROR. */
  cqError = 0;
  /** What to do to the host socket once the buffer is drained: 1 = close, 2 + how = shutdown(how). */
  cqAfter = 0;
  // ---- receive read-ahead (readahead.ts has the rules) ----
  /** Read-ahead buffer (allocated on the first read-ahead) and its host address. */
  rbBuf: Buffer | undefined;
  rbAddr = 0;
  /** The same bytes as a plain Uint8Array and a DataView (hostcopy.ts copies from them). */
  rbU8: Uint8Array | undefined;
  rbView: DataView | undefined;
  /** Bytes received from the kernel that the guest has not read yet: rbBuf[rbHead, rbTail). */
  rbHead = 0;
  rbTail = 0;
  /** Error the kernel reported while buffered bytes were returned (positive Winsock code), for the next recv. */
  rbErr = 0;
  /** Datagram receive queue (dgramqueue.ts has the rules; allocated on the first fill). */
  dq: DgramQueue | undefined;
  /** Threads parked in a call on this socket and how to interrupt each. */
  readonly waiters = new Map<GuestThread, Interrupt>();
  /** Reusable buffer holding the unsent remainder of a blocking send (grows, never shrinks). */
  private rem: Buffer | undefined;
  private remAddr = 0;

  constructor(
    readonly handle: number,
    public host: HostSocket,
    family: number,
    type: number,
    protocol: number,
  ) {
    this.family = family;
    this.type = type;
    this.protocol = protocol;
    this.stream = type === SOCK_STREAM;
  }

  /**
   * A host buffer of at least `len` bytes for the remainder of a blocking send: [Buffer, host address].
   * Undefined when it cannot be allocated (the caller reports WSAENOBUFS).
   */
  remainderBuffer(len: number): Buffer | undefined {
    if (!this.rem || this.rem.length < len) {
      try {
        const size = Math.max(len, 64 * 1024, this.rem ? this.rem.length * 2 : 0);
        this.rem = Buffer.alloc(Math.min(size, Math.max(len, 256 * 1024 * 1024)));
        this.remAddr = addressOf(this.rem);
      } catch {
        return undefined;
      }
    }
    return this.rem;
  }
  get remainderAddress(): number {
    return this.remAddr;
  }

  /** Wakes every thread parked on this socket with `wsaError`. */
  interruptAll(wsaError: number): void {
    for (const [, wake] of [...this.waiters]) wake(wsaError);
  }
}

export class WinsockState {
  /** Successful WSAStartup calls not yet matched by WSACleanup. */
  startups = 0;
  /** Version negotiated by the first WSAStartup (low byte major, high byte minor). */
  version = 0;
  network: NetworkPolicy;
  readonly keepAlive: KeepAliveConfig | undefined;
  readonly sockets = new Map<number, GuestSocket>();
  /** Closed socket values, least recently closed first. */
  private readonly released: number[] = [];
  private next = SOCKET_BASE;
  /** Per-thread inet_ntoa buffers in guest memory (thread id → guest address). */
  readonly ntoaBuffers = new Map<number, number>();

  constructor(readonly machine: Machine) {
    this.network = machine.options.network ?? 'host';
    this.keepAlive = machine.options.tcpKeepAlive;
    registerRunSockets(machine, () => this.rows());
  }

  /**
   * The open IPv4 TCP and UDP sockets as iphlpapi's tables list them (core/net/run-sockets.ts):
   * addresses from the host socket (getsockname / getpeername), the state from what the guest did
   * (listen: LISTEN, connect in progress: SYN_SENT, connected or accepted: ESTABLISHED; iphlpapi
   * refines it from the kernel's table). Unbound sockets, raw sockets and IPv6 ones are not listed.
   */
  rows(): RunSocketRow[] {
    const rows: RunSocketRow[] = [];
    const sa = new Uint8Array(32);
    const name = (s: GuestSocket, peer: boolean): [number, number] | undefined => {
      const keep = s.host.addrLen;
      const n = peer ? s.host.getpeername(sa, 0, sa.length) : s.host.getsockname(sa, 0, sa.length);
      s.host.addrLen = keep;
      if (n < 8 || sa[0] !== AF_INET) return undefined;
      return [(sa[4]! | (sa[5]! << 8) | (sa[6]! << 16) | (sa[7]! << 24)) >>> 0, (sa[2]! << 8) | sa[3]!];
    };
    for (const s of this.sockets.values()) {
      if (s.closed || s.family !== AF_INET || (s.type !== SOCK_STREAM && s.type !== SOCK_DGRAM)) continue;
      const local = name(s, false);
      if (!local || (local[1] === 0 && !s.connected)) continue;
      const remote = s.connected ? name(s, true) : undefined;
      const state = !s.stream ? 0 : s.listening ? 2 : s.connecting ? 3 : s.connected || s.accepted ? 5 : 0;
      if (s.stream && !state) continue;
      rows.push({
        proto: s.stream ? 'tcp' : 'udp',
        state,
        localAddr: local[0],
        localPort: local[1],
        remoteAddr: remote?.[0] ?? 0,
        remotePort: remote?.[1] ?? 0,
      });
    }
    return rows;
  }

  /** Allocates a SOCKET value for `make(value)`; 0 when the table is full. */
  add(make: (value: number) => GuestSocket): GuestSocket | undefined {
    let v: number;
    if (this.next < SOCKET_LIMIT) {
      v = this.next;
      this.next += SOCKET_STEP;
    } else if (this.released.length > 0) {
      v = this.released.shift()!;
    } else {
      return undefined;
    }
    const s = make(v);
    this.sockets.set(v, s);
    return s;
  }

  get(value: number): GuestSocket | undefined {
    return this.sockets.get(value);
  }

  /** Removes a socket from the table (its value becomes reusable, last). */
  remove(s: GuestSocket): void {
    if (this.sockets.get(s.handle) !== s) return;
    this.sockets.delete(s.handle);
    this.released.push(s.handle);
  }
}

const winsockSlot = defineSlot('winsock', (machine) => {
  const ws = new WinsockState(machine);
  // At machine shutdown coalesced send bytes reach the kernel (send.ts), then every host socket is
  // closed, so a long-lived host process (a test runner) keeps no fds or bound ports.
  machine.onShutdown(() => {
    flushAtShutdown(ws);
    closeAllSockets(ws);
  });
  return ws;
});

/** The machine's Winsock state (created on first use). */
export function winsockState(machine: Machine): WinsockState {
  return winsockSlot.of(machine);
}

/** The machine's Winsock state if the program used Winsock, else undefined (nothing is created). */
export function winsockStateIfAny(machine: Machine): WinsockState | undefined {
  return winsockSlot.peek(machine);
}

/**
 * Switches the network policy of a running machine. Turning the network off ('none') terminates the
 * established circuits: their threads parked in a call get WSAECONNABORTED, as does every later
 * data call on them; new operations fail with WSAENETDOWN.
 */
export function setNetworkPolicy(machine: Machine, policy: NetworkPolicy): void {
  const st = winsockState(machine);
  st.network = policy;
  noteNetworkPolicy(machine, policy); // iphlpapi's tables follow the switch
  if (policy !== 'none') return;
  for (const s of st.sockets.values()) {
    if (!s.stream || !(s.connected || s.connecting)) continue;
    s.aborted = true;
    discardPending(s); // coalesced send bytes die with the circuit
    s.host.setLinger(true, 0); // the local stack forgets the connection: RST if anything gets out
    s.host.shutdown(2);
    s.interruptAll(WSA.WSAECONNABORTED);
  }
}

/** Closes every socket of the process (last WSACleanup). */
export function closeAllSockets(st: WinsockState): void {
  for (const s of [...st.sockets.values()]) {
    s.closed = true;
    st.remove(s);
    s.interruptAll(WSA.WSAEINTR);
    closeHost(s);
  }
}
