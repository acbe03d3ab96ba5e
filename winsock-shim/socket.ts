/**
 * Socket lifetime and connection management: socket, WSASocketW, closesocket, shutdown, bind, listen,
 * accept, connect, getpeername, getsockname.
 *
 * Checks, per call, in this order (the first that applies is reported). Every call on a socket
 * starts with common.ts's WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS[, WSAECONNABORTED,
 * WSAENETDOWN] (the last two: bind, listen, accept, connect, shutdown, get{peer,sock}name).
 *
 * socket / WSASocketW  WSANOTINITIALISED, WSAEINPROGRESS, [WSASocketW: WSAEFAULT for an unreadable
 *     WSAPROTOCOL_INFOW, whose family/type/protocol then replace FROM_PROTOCOL_INFO (-1) arguments;
 *     WSAEINVAL for a socket group g != 0 (CE has no groups)], WSAEAFNOSUPPORT (not AF_INET/AF_INET6),
 *     WSAESOCKTNOSUPPORT (not STREAM/DGRAM/RAW), WSAEPROTONOSUPPORT (protocol does not fit the type),
 *     then the host's answer (WSAEACCES for a raw socket without privilege), WSAEMFILE (table full).
 * closesocket  common checks (no network check: closing works with the network down).
 * shutdown     WSAEINVAL (how not SD_RECEIVE/SD_SEND/SD_BOTH), WSAENOTCONN (stream, not connected).
 * bind         WSAEFAULT (name unreadable or namelen < 16), WSAEINVAL (already bound),
 *              WSAEADDRNOTAVAIL (255.255.255.255: never a local address on Windows; Linux would
 *              accept it — palsuite bind expects WSAEADDRNOTAVAIL, issue 18), the network policy
 *              (policy.ts), then the host (WSAEADDRINUSE, WSAEADDRNOTAVAIL, WSAEACCES ...).
 * listen       WSAEISCONN (connected), WSAEOPNOTSUPP (not a stream socket), WSAEINVAL (not bound:
 *              Winsock requires bind first; Linux would auto-bind), then the host.
 * accept       WSAEOPNOTSUPP (not a stream socket) before WSAEINVAL (not listening): Windows reports
 *              WSAEOPNOTSUPP for accept on a bound UDP socket (palsuite accept; issue 18), although
 *              the socket is not listening either. Then WSAEFAULT (addr/addrlen: one NULL and not
 *              the other, *addrlen too small for the family, unwritable).
 * connect      WSAEFAULT (name unreadable or namelen < 16), WSAEINVAL (listening), WSAEISCONN
 *              (stream, connected), WSAEADDRNOTAVAIL (stream socket to the any address 0.0.0.0 / ::
 *              or to port 0: at once, as Windows — Linux would try 127.0.0.1 and be refused),
 *              the network policy (policy.ts, after any redirect), then the host (WSAEWOULDBLOCK
 *              for a non-blocking connect in progress, WSAEALREADY on a repeat, WSAECONNREFUSED ...).
 * getpeername  WSAENOTCONN, then WSAEFAULT (name/namelen).
 * getsockname  WSAEINVAL (neither bound nor connected), then WSAEFAULT (name/namelen).
 *
 * Reference for the order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK, WSAEINPROGRESS) comes
 * first, as CE 6's ws2.dll runs it before its provider sees a call (common.ts); then the CE 6.0 pages
 * of each call for the provider's checks, Windows' answers (palsuite, issue 18) where Windows picks
 * among codes the CE page lists (accept, bind, connect).
 */
import { fn, type ApiDef } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { HostSocket } from './host/host-socket.js';
import { hostFamilyFromWinsock } from './host/sockaddr.js';
import { SOL_SOCKET as L_SOL_SOCKET, SO_BROADCAST as L_SO_BROADCAST } from './host/libc.js';
import {
  AF_INET,
  AF_INET6,
  INVALID_SOCKET,
  IPPROTO_TCP,
  IPPROTO_UDP,
  SD_BOTH,
  SD_RECEIVE,
  SD_SEND,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
  WSA,
} from './constants.js';
import { fail, result, socketFor, started } from './common.js';
import { bindPolicy, connectPolicy } from './policy.js';
import { parkOn, WAIT } from './blocking.js';
import { GuestSocket, type WinsockState } from './state.js';
import { closeHost, shutdownHost } from './coalesce.js';
import { dgramConnected } from './dgramqueue.js';
import { captureClose, emitListen, redirectConnect } from './hooks.js'; // issue 7 hooks

/** Checks the guest sockaddr buffer [addr, addr+len) (readable, long enough): 0 or a Winsock error. */
function checkSockaddr(cx: ApiContext, addr: number, len: number): number {
  if (addr === 0 || len < 16 || !cx.mem.isUserRange(addr, len, 'read')) return WSA.WSAEFAULT;
  return 0;
}

/** An out-parameter sockaddr + int* length pair: the capacity after checks, or a negative error. */
function outSockaddr(cx: ApiContext, addr: number, lenPtr: number): number {
  if (!cx.mem.isUserRange(lenPtr, 4, 'write')) return -WSA.WSAEFAULT;
  const cap = cx.mem.i32(lenPtr);
  if (cap < 16 || !cx.mem.isUserRange(addr, cap, 'write')) return -WSA.WSAEFAULT;
  return cap;
}

/** Wraps an accepted host socket in a guest socket (same options as the listener). */
function adopt(st: WinsockState, listener: GuestSocket, h: HostSocket): number {
  const s = st.add((v) => new GuestSocket(v, h, listener.family, listener.type, listener.protocol));
  if (!s) {
    h.close();
    return -WSA.WSAEMFILE;
  }
  s.bound = true;
  s.connected = true;
  s.accepted = true;
  s.nonBlocking = listener.nonBlocking;
  s.oobInline = listener.oobInline;
  s.keepAlive = listener.keepAlive;
  s.sndTimeo = listener.sndTimeo;
  s.rcvTimeo = listener.rcvTimeo;
  s.sndBuf = listener.sndBuf; // inherited by the kernel too
  s.rcvBuf = listener.rcvBuf;
  s.noDelay = listener.noDelay;
  return s.handle;
}

/** FROM_PROTOCOL_INFO: WSASocketW takes the value from the WSAPROTOCOL_INFOW. */
const FROM_PROTOCOL_INFO = -1;
/** WSAPROTOCOL_INFOW: size and the offsets of iAddressFamily, iSocketType, iProtocol. */
export const WSAPROTOCOL_INFOW_SIZE = 628;
export const PI_FAMILY = 76;
export const PI_TYPE = 88;
export const PI_PROTOCOL = 92;

/** socket() and WSASocketW() after the started/in-progress checks (order: see the header). */
function openSocket(cx: ApiContext, st: WinsockState, af: number, type: number, protocol: number): number {
  // Creating a socket is local: it works with the network down; using it reports WSAENETDOWN.
  if (af !== AF_INET && af !== AF_INET6) return fail(cx, WSA.WSAEAFNOSUPPORT);
  if (type !== SOCK_STREAM && type !== SOCK_DGRAM && type !== SOCK_RAW) return fail(cx, WSA.WSAESOCKTNOSUPPORT);
  if (type === SOCK_STREAM && protocol !== 0 && protocol !== IPPROTO_TCP) return fail(cx, WSA.WSAEPROTONOSUPPORT);
  if (type === SOCK_DGRAM && protocol !== 0 && protocol !== IPPROTO_UDP) return fail(cx, WSA.WSAEPROTONOSUPPORT);
  if (protocol < 0 || protocol > 255) return fail(cx, WSA.WSAEPROTONOSUPPORT);
  const h = HostSocket.create(hostFamilyFromWinsock(af), type, protocol);
  if (typeof h === 'number') return fail(cx, -h);
  const s = st.add((v) => new GuestSocket(v, h, af, type, protocol));
  if (!s) {
    h.close();
    return fail(cx, WSA.WSAEMFILE);
  }
  return s.handle;
}

export const sockets: ApiDef[] = [
  fn('socket(i32 af, i32 type, i32 protocol): socket', (cx, af: number, type: number, protocol: number) => {
    const st = started(cx);
    if (!st) return INVALID_SOCKET;
    if (cx.thread.inBlockingCall) return fail(cx, WSA.WSAEINPROGRESS);
    return openSocket(cx, st, af, type, protocol);
  }),

  // CE exports the Unicode form only (ws2.dll ordinal 37). Sockets are always overlapped-capable
  // (WSA_FLAG_OVERLAPPED is accepted; the other dwFlags bits are multipoint flags CE ignores).
  fn(
    'WSASocketW(i32 af, i32 type, i32 protocol, ptr lpProtocolInfo, u32 g, hex dwFlags): socket',
    (cx, af: number, type: number, protocol: number, info: number, g: number) => {
      const st = started(cx);
      if (!st) return INVALID_SOCKET;
      if (cx.thread.inBlockingCall) return fail(cx, WSA.WSAEINPROGRESS);
      if (info !== 0) {
        if (!cx.mem.isUserRange(info, WSAPROTOCOL_INFOW_SIZE, 'read')) return fail(cx, WSA.WSAEFAULT);
        if (af === FROM_PROTOCOL_INFO) af = cx.mem.i32(info + PI_FAMILY);
        if (type === FROM_PROTOCOL_INFO) type = cx.mem.i32(info + PI_TYPE);
        if (protocol === FROM_PROTOCOL_INFO) protocol = cx.mem.i32(info + PI_PROTOCOL);
      }
      if (g !== 0) return fail(cx, WSA.WSAEINVAL); // no socket groups on CE
      return openSocket(cx, st, af, type, protocol);
    },
  ),

  fn('closesocket(socket s): i32', (cx, v: number) => {
    const s = socketFor(cx, v, false, false); // closeHost decides about coalesced bytes (SO_LINGER)
    if (!s) return fail(cx, cx.thread.lastError);
    const st = started(cx)!;
    s.closed = true;
    st.remove(s);
    s.interruptAll(WSA.WSAEINTR); // threads blocked on it elsewhere return WSAEINTR
    const cap = cx.machine.capture; // issue 7 hook: --pcap (FIN of a captured connection)
    if (cap !== undefined) captureClose(cap, s);
    const r = closeHost(s); // graceful: coalesced send bytes go out first (send.ts)
    return r < 0 && r !== -WSA.WSAENOTSOCK ? fail(cx, -r) : 0;
  }),

  fn('shutdown(socket s, i32 how): i32', (cx, v: number, how: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    if (how !== SD_RECEIVE && how !== SD_SEND && how !== SD_BOTH) return fail(cx, WSA.WSAEINVAL);
    if (s.stream && !s.connected) return fail(cx, WSA.WSAENOTCONN);
    const r = shutdownHost(s, how); // the FIN follows coalesced send bytes (send.ts)
    if (r < 0) return fail(cx, -r);
    if (how !== SD_RECEIVE) s.shutSend = true;
    if (how !== SD_SEND) s.shutRecv = true;
    return 0;
  }),

  fn('bind(socket s, sockaddr name, i32 namelen): i32', (cx, v: number, name: number, len: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    const bad = checkSockaddr(cx, name, len);
    if (bad) return fail(cx, bad);
    if (s.bound) return fail(cx, WSA.WSAEINVAL);
    // 255.255.255.255 is never a local address on Windows (WSAEADDRNOTAVAIL); Linux binds to it.
    if (cx.mem.u16(name) === AF_INET && cx.mem.u32(name + 4) === 0xffff_ffff) return fail(cx, WSA.WSAEADDRNOTAVAIL);
    const at = bindPolicy(cx, name, len); // network policy: 'loopback', allow/deny rules (logged)
    if (typeof at === 'number') return fail(cx, at);
    const r = s.host.bind(at[0], at[1], at[2]);
    if (r < 0) return fail(cx, -r);
    s.bound = true;
    return 0;
  }),

  fn('listen(socket s, i32 backlog): i32', (cx, v: number, backlog: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    if (s.connected) return fail(cx, WSA.WSAEISCONN);
    if (!s.stream) return fail(cx, WSA.WSAEOPNOTSUPP);
    if (!s.bound) return fail(cx, WSA.WSAEINVAL); // Winsock requires a prior bind (Linux would auto-bind)
    const r = s.host.listen(Math.max(1, Math.min(backlog, 200)));
    if (r < 0) return fail(cx, -r);
    s.listening = true;
    emitListen(cx.machine, s); // issue 7 hook: machine.events 'listen' (start().waitForListen)
    return 0;
  }),

  fn('accept(socket s, ptr addr, ptr addrlen): socket', { blocking: true }, (cx, v: number, addr: number, lenPtr: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    // Windows: WSAEOPNOTSUPP for a datagram socket comes before "not listening" (issue 18).
    if (!s.stream) return fail(cx, WSA.WSAEOPNOTSUPP);
    if (!s.listening) return fail(cx, WSA.WSAEINVAL);
    let cap = 0;
    if (addr !== 0 || lenPtr !== 0) {
      if (addr === 0 || lenPtr === 0) return fail(cx, WSA.WSAEFAULT);
      cap = outSockaddr(cx, addr, lenPtr);
      if (cap < 0) return fail(cx, -cap);
      if (cap < sockaddrLen(s.family)) return fail(cx, WSA.WSAEFAULT);
    }
    const st = started(cx)!;
    const attempt = () => {
      const h = addr !== 0 ? s.host.accept(cx.mem.ram, cx.mem.check(addr, cap, 'write'), cap) : s.host.accept();
      if (typeof h === 'number') return h;
      if (addr !== 0) cx.mem.setU32(lenPtr, s.host.addrLen);
      return adopt(st, s, h);
    };
    const r = attempt();
    if (r !== WAIT || s.nonBlocking) return result(cx, r);
    return parkOn(cx, s, 'read', 0, `accept(0x${v.toString(16)})`, attempt);
  }),

  fn('connect(socket s, sockaddr name, i32 namelen): i32', { blocking: true }, (cx, v: number, name: number, len: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    const bad = checkSockaddr(cx, name, len);
    if (bad) return fail(cx, bad);
    if (s.listening) return fail(cx, WSA.WSAEINVAL);
    if (s.stream && s.connected) return fail(cx, WSA.WSAEISCONN);
    // Windows refuses the any address and port 0 as a destination at once (WSAEADDRNOTAVAIL); Linux
    // would connect 0.0.0.0 to 127.0.0.1 and block, then be refused.
    if (s.stream && anyOrPortZero(cx, name, len)) return fail(cx, WSA.WSAEADDRNOTAVAIL);
    // issue 7 hook: the `redirect` option may send the connection elsewhere (sa/off/salen then point at
    // a rewritten sockaddr; the network policy applies to where the connection really goes).
    const rd = cx.machine.options.redirect !== undefined ? redirectConnect(cx.machine, cx.mem.ram, name, len) : undefined;
    const [sa, off, salen] = rd ? [rd.buf, rd.off, rd.len] : [cx.mem.ram, name, len];
    const denied = connectPolicy(cx, sa, off, salen); // network policy: 'loopback', allow/deny rules (logged)
    if (denied !== 0) return fail(cx, denied);
    const h = s.host;
    // A datagram socket connected to AF_UNSPEC loses its association (a stream socket: the host's
    // address conversion refuses the family).
    const unspec = !s.stream && salen >= 2 && sa[off] === 0 && sa[off + 1] === 0;
    let r = unspec ? h.disconnect() : h.connect(sa, off, salen);
    if (r === -WSA.WSAEACCES && !s.stream && !s.broadcast) {
      // Winsock lets a datagram socket connect to a broadcast address and refuses the send
      // (WSAEACCES) until SO_BROADCAST is set; Linux refuses the connect. Connect with SO_BROADCAST
      // briefly on: Linux checks the flag again on every send.
      h.setsockoptInt(L_SOL_SOCKET, L_SO_BROADCAST, 1);
      r = h.connect(sa, off, salen);
      h.setsockoptInt(L_SOL_SOCKET, L_SO_BROADCAST, 0);
      // Linux checks SO_BROADCAST only when it looks a route up, not on a connected socket's
      // cached route: send() enforces it for such a socket.
      if (r === 0) s.peerBroadcast = true;
    } else if (r === 0 && !s.stream) {
      s.peerBroadcast = false;
    }
    if (r === 0) {
      s.bound = true;
      s.connected = !isUnspec(cx, name);
      s.connecting = false;
      if (s.connected && !s.stream) dgramConnected(s); // queued datagrams from others go (dgramqueue.ts)
      return 0;
    }
    if (r === -WSA.WSAEISCONN) {
      s.connected = true;
      s.connecting = false;
      return fail(cx, WSA.WSAEISCONN);
    }
    if (r === -WSA.WSAEALREADY) return fail(cx, WSA.WSAEALREADY);
    if (r !== WAIT) {
      s.connecting = false;
      return fail(cx, -r);
    }
    s.bound = true;
    if (s.nonBlocking) {
      if (s.connecting) return fail(cx, WSA.WSAEALREADY);
      s.connecting = true;
      return fail(cx, WSA.WSAEWOULDBLOCK);
    }
    s.connecting = true;
    return parkOn(cx, s, 'write', 0, `connect(0x${v.toString(16)})`, () => {
      const e = h.soError();
      s.connecting = false;
      // ECONNRESET: the handshake completed and the peer reset right after. Winsock's connect has
      // succeeded by then; the reset is reported by the next call (Linux answers EPIPE →
      // WSAECONNRESET).
      if (e === 0 || e === WSA.WSAECONNRESET) {
        s.connected = true;
        return 0;
      }
      return e > 0 ? -e : e;
    });
  }),

  fn('getpeername(socket s, ptr name, ptr namelen): i32', (cx, v: number, name: number, lenPtr: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    if (!s.connected) return fail(cx, WSA.WSAENOTCONN);
    const cap = outSockaddr(cx, name, lenPtr);
    if (cap < 0) return fail(cx, -cap);
    const r = s.host.getpeername(cx.mem.ram, name, cap);
    if (r < 0) return fail(cx, -r);
    cx.mem.setU32(lenPtr, r);
    return 0;
  }),

  fn('getsockname(socket s, ptr name, ptr namelen): i32', (cx, v: number, name: number, lenPtr: number) => {
    const s = socketFor(cx, v);
    if (!s) return fail(cx, cx.thread.lastError);
    if (!s.bound && !s.connected) return fail(cx, WSA.WSAEINVAL);
    const cap = outSockaddr(cx, name, lenPtr);
    if (cap < 0) return fail(cx, -cap);
    const r = s.host.getsockname(cx.mem.ram, name, cap);
    if (r < 0) return fail(cx, -r);
    cx.mem.setU32(lenPtr, r);
    return 0;
  }),
];

/** Length of a guest sockaddr of Winsock family `af` (sockaddr_in6 28, sockaddr_in 16). */
export function sockaddrLen(af: number): number {
  return af === AF_INET6 ? 28 : 16;
}

/** A guest sockaddr naming the any address (0.0.0.0, ::) or port 0. */
function anyOrPortZero(cx: ApiContext, name: number, len: number): boolean {
  const fam = cx.mem.u16(name);
  if (fam !== AF_INET && fam !== AF_INET6) return false;
  if (cx.mem.u16(name + 2) === 0) return true;
  if (fam === AF_INET) return cx.mem.u32(name + 4) === 0;
  if (len < 24) return false;
  for (let i = 0; i < 16; i += 4) if (cx.mem.u32(name + 8 + i) !== 0) return false;
  return true;
}

function isUnspec(cx: ApiContext, name: number): boolean {
  return cx.mem.ram[name] === 0 && cx.mem.ram[name + 1] === 0;
}
