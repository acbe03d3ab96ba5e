/**
 * The hooks the Winsock shim calls for the CI-regression features (issue 7), kept here so that each
 * hook in the shim is one line behind a single field check:
 *
 *   const cap = cx.machine.capture; if (cap !== undefined) captureSend(cap, s, bytes, ...)   send.ts
 *   ... captureRecv(...)                                                                      recv.ts
 *   ... captureClose(...)                                                                     closesocket
 *   emitListen(cx.machine, s)                                                                 listen
 *   redirectConnect(cx.machine, ram, name, len)                                               connect
 */
import type { Machine } from '../emulator/core/machine.js';
import type { GuestSocket } from './state.js';
import { endpointFromSockaddr, formatEndpoint, type Endpoint, type TrafficSink } from '../emulator/core/net/address.js';
import { redirectSockaddr } from '../emulator/core/net/redirect.js';

const scratch = Buffer.alloc(32);

function localOf(s: GuestSocket): Endpoint | undefined {
  const n = s.host.getsockname(scratch, 0, 28);
  return n > 0 ? endpointFromSockaddr(scratch, 0, n) : undefined;
}
function peerOf(s: GuestSocket): Endpoint | undefined {
  const n = s.host.getpeername(scratch, 0, 28);
  return n > 0 ? endpointFromSockaddr(scratch, 0, n) : undefined;
}

/** Bytes the guest sent on `s` (to the Winsock sockaddr at addr[off, off+len) for sendto). */
export function captureSend(cap: TrafficSink, s: GuestSocket, data: Uint8Array, addr?: Uint8Array, off = 0, len = 0): void {
  if (s.stream) {
    if (cap.knows(s)) cap.tcp(s, undefined, undefined, 'out', data);
    else cap.tcp(s, localOf(s), peerOf(s), 'out', data, !s.accepted);
  } else {
    cap.udp(localOf(s), addr ? endpointFromSockaddr(addr, off, len) : peerOf(s), 'out', data);
  }
}

/** Bytes the guest received on `s` (from the Winsock sockaddr at addr[off, off+len) for recvfrom). */
export function captureRecv(cap: TrafficSink, s: GuestSocket, data: Uint8Array, addr?: Uint8Array, off = 0, len = 0): void {
  if (s.stream) {
    if (cap.knows(s)) cap.tcp(s, undefined, undefined, 'in', data);
    else cap.tcp(s, localOf(s), peerOf(s), 'in', data, !s.accepted);
  } else {
    cap.udp(localOf(s), (addr && len > 0 ? endpointFromSockaddr(addr, off, len) : undefined) ?? peerOf(s), 'in', data);
  }
}

/** closesocket on a stream socket that carried data. */
export function captureClose(cap: TrafficSink, s: GuestSocket): void {
  if (s.stream) cap.tcpClose(s);
}

/** The guest socket `s` listens now: tell the host side (machine.events 'listen'). */
export function emitListen(machine: Machine, s: GuestSocket): void {
  if (machine.events.listenerCount('listen') === 0) return;
  const e = localOf(s);
  if (!e) return;
  const address = formatEndpoint(e)
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '');
  machine.events.emit('listen', { port: e.port, family: e.address.length === 16 ? 6 : 4, address, socket: s.handle });
}

/**
 * connect(): the destination after the `redirect` option (a sockaddr to use instead of the guest's),
 * or undefined to use the guest's own. The result lives in a shared buffer: use it at once.
 */
export function redirectConnect(machine: Machine, ram: Uint8Array, name: number, len: number): { buf: Buffer; off: number; len: number } | undefined {
  const r = machine.options.redirect;
  if (r === undefined) return undefined;
  return redirectSockaddr(r, ram, name, len, (from, to) => machine.events.emit('redirect', { from, to }));
}
