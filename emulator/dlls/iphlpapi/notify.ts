/**
 * iphlpapi: NotifyAddrChange / NotifyRouteChange and GetRTTAndHopCount.
 *
 * NotifyAddrChange(PHANDLE Handle, LPOVERLAPPED overlapped), CE 5/6 reference: overlapped "not
 * supported in Windows CE" (ignored); with a Handle, NO_ERROR and *Handle = an event the caller
 * closes, which is pulsed (not set) when the table mapping IP addresses to interfaces changes; with a
 * NULL Handle the call blocks until such a change. NotifyRouteChange is the same for the routing
 * table. wmemu watches no host address or route change during a run: the event is never pulsed and
 * the blocking form waits for ever (until the run's time limit), as a device whose addresses never
 * change.
 *
 * GetRTTAndHopCount(DestIpAddress, &HopCount, MaxHops, &RTT) -> BOOL (iphlpapi reference): the
 * number of hops to the destination and the round-trip time in ms, found as tracert does, with echo
 * requests of TTL 1, 2, ... MaxHops until the destination itself answers (real echoes from the host,
 * core/net/icmp.ts, under the run's network policy as IcmpSendEcho). FALSE when the destination does
 * not answer within MaxHops, a hop fails, or no ICMP socket can be opened (the host allows no
 * unprivileged ping); NULL HopCount or RTT, or MaxHops 0: FALSE with ERROR_INVALID_PARAMETER.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { EventObject } from '../../core/kernel/waitable.js';
import { IcmpSocket, IP_STATUS, type EchoResult } from '../../core/net/icmp.js';
import { networkPolicyOf } from '../../core/net/policy-of.js';
import { ERROR } from '../../core/win32-errors.js';

const HOP_TIMEOUT_MS = 1000;
const ERROR_NETWORK_UNREACHABLE = 1231;

function notifyChange(cx: ApiContext, pHandle: number, what: string) {
  if (!pHandle) {
    cx.thread.waitReason = `${what} (no change comes)`;
    return cx.block(() => {});
  }
  cx.mem.check(pHandle, 4, 'write');
  const h = cx.machine.handles.add(new EventObject(false, false));
  if (!h) return ERROR.NOT_ENOUGH_MEMORY;
  cx.mem.setU32(pHandle, h);
  return 0;
}

function rttAndHops(cx: ApiContext, dest: number, pHops: number, maxHops: number, pRtt: number) {
  if (!pHops || !pRtt || !maxHops) return cx.fail(0, ERROR.INVALID_PARAMETER);
  cx.mem.check(pHops, 4, 'write');
  cx.mem.check(pRtt, 4, 'write');
  const policy = networkPolicyOf(cx.machine);
  if (policy === 'none' || (policy === 'loopback' && (dest & 0xff) !== 127)) return cx.fail(0, ERROR_NETWORK_UNREACHABLE);
  const sock = IcmpSocket.open();
  if (!sock) return cx.fail(0, ERROR.ACCESS_DENIED);
  cx.thread.waitReason = 'GetRTTAndHopCount';
  return cx.block((done) => {
    let cancel = () => {};
    const hop = (ttl: number) => {
      cancel = sock.echo(dest, Buffer.alloc(32), ttl, 0, HOP_TIMEOUT_MS, (r: EchoResult) => {
        if (r.status === IP_STATUS.SUCCESS && r.from === dest) {
          sock.close();
          cx.mem.setU32(pHops, ttl);
          cx.mem.setU32(pRtt, r.rttMs);
          return done(1);
        }
        if (r.status === IP_STATUS.TTL_EXPIRED_TRANSIT && ttl < maxHops) return hop(ttl + 1);
        sock.close();
        done(0, ERROR.GEN_FAILURE);
      });
    };
    hop(1);
    return () => {
      cancel();
      sock.close();
    };
  });
}

export const notify: ApiDef[] = [
  fn('NotifyAddrChange(ptr Handle, ptr overlapped): u32', (cx, pHandle: number) => notifyChange(cx, pHandle, 'NotifyAddrChange')),
  fn('NotifyRouteChange(ptr Handle, ptr overlapped): u32', (cx, pHandle: number) => notifyChange(cx, pHandle, 'NotifyRouteChange')),
  fn('GetRTTAndHopCount(u32 DestIpAddress, ptr HopCount, u32 MaxHops, ptr RTT): bool', rttAndHops),
];
