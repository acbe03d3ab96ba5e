/**
 * Network policy of the Winsock shim: what the guest may reach and bind, decided at connect(), bind()
 * and sendto(), and logged.
 *
 * ## Two layers
 * 1. The network policy (`MachineOptions.network`, `wmemu run --net=host|loopback|none`, switchable at
 *    run time with `setNetworkPolicy`):
 *     - 'host'      the host's network as is;
 *     - 'loopback'  a device whose only interface is loopback. connect() (TCP, and UDP's default peer)
 *                   to any other address fails with WSAENETUNREACH — the Winsock connect page's "the
 *                   network cannot be reached from this host at this time", and what a real stack with
 *                   no route answers (Linux ENETUNREACH, Windows 10051). sendto() fails with
 *                   WSAEHOSTUNREACH, the only "cannot be reached" code the CE send/sendto page lists
 *                   (a CE app's error handling is written against that list). bind() to the
 *                   unspecified address (0.0.0.0, ::) binds the loopback address instead, so a guest
 *                   server is never reachable from outside the machine; bind() to any other
 *                   non-loopback address fails with WSAEADDRNOTAVAIL ("not a valid address for this
 *                   computer"); sendto() on an unbound datagram socket binds it to loopback first.
 *     - 'none'      the network subsystem has failed: WSAENETDOWN (common.ts).
 * 2. Allow/deny rules (`MachineOptions.networkRules`, `--allow RULE` / `--deny RULE`, profile
 *    `networkRules`), checked in order, first match wins, after the policy above. A denied operation
 *    fails with WSAEACCES — what Winsock reports when a firewall (WFP) blocks connect/bind/sendto, and
 *    the code the CE send/sendto and bind pages use for "not permitted". When no rule matches: denied
 *    if any `allow` rule exists (an allow list), else allowed. End the list with `allow *` or `deny *`
 *    to state the default explicitly.
 *
 * Rule syntax and matching: emulator/core/net/rules.ts.
 *
 * ## Name resolution (resolve.ts; issue 17 item 7)
 * A lookup the host resolver answers is a DNS query leaving the machine, so it obeys the policy too
 * ({@link resolverPolicy}): under 'loopback' the host resolver is never asked — only numeric
 * addresses, the hosts map, `localhost` and the device's own name resolve; any other name fails with
 * WSAHOST_NOT_FOUND (= EAI_NONAME), as on a device without a DNS server. Under allow/deny rules, the
 * resolver's own servers (the host's, `dns.getServers()`, i.e. /etc/resolv.conf) must be allowed for
 * `sendto` on port 53, or every lookup fails with WSATRY_AGAIN (= EAI_AGAIN), what a device whose DNS
 * server does not answer reports. Under 'none' lookups fail with WSAENETDOWN (resolve.ts). Each
 * refusal is logged like the others ('sendto <server>:53 denied by ...').
 *
 * ## Logging
 * Every refusal is written to the debug channel (`--debug-output`: `[debug] wmemu: network policy:
 * ...`), as a note line in the API trace just before the call's own line (text:
 * `[t1000] network-policy: connect 10.1.2.3:80 denied by rule "deny 10.0.0.0/8" -> WSAEACCES`; JSON:
 * `{"thread":4096,"note":"network-policy","op":"connect","address":"10.1.2.3:80",...}`), and kept in
 * `networkDenials(machine)` (the last 1000) for the programmatic API and tests.
 */
import { getServers as dnsServers } from 'node:dns';
import type { ApiContext } from '../emulator/core/api/context.js';
import type { Machine } from '../emulator/core/machine.js';
import { endpointFromSockaddr, formatEndpoint, parseIPv4, parseIPv6, type Endpoint } from '../emulator/core/net/address.js';
import { decide, isMapped, parseNetRules, type NetOp, type NetRule } from '../emulator/core/net/rules.js';

export { parseNetRules, parseNetRule, NetRuleError, decide, type NetRule, type NetOp, type Decision } from '../emulator/core/net/rules.js';
import { AF_INET6, WSA } from './constants.js';
import { isLoopback } from './common.js';
import type { GuestSocket, WinsockState } from './state.js';
import { winsockStateIfAny } from './state.js';
import { defineSlot } from '../emulator/core/slot.js';

// ---------------------------------------------------------------------------------------------
// Per-machine state and logging
// ---------------------------------------------------------------------------------------------

/** One refused operation. */
export interface NetDenial {
  op: NetOp;
  /** `10.1.2.3:80` / `[2001:db8::1]:443`. */
  address: string;
  /** The Winsock error the guest got. */
  error: number;
  /** Why: `policy loopback` or the rule text. */
  reason: string;
  thread: number;
}

interface PolicyState {
  rules: NetRule[];
  denials: NetDenial[];
}

const MAX_DENIALS = 1000;

const policySlot = defineSlot('winsock.policy', (machine): PolicyState => ({ rules: parseNetRules(machine.options.networkRules ?? []), denials: [] }));
function policyState(machine: Machine): PolicyState {
  return policySlot.of(machine);
}

/** The operations the policy refused so far (the most recent 1000). */
export function networkDenials(machine: Machine): readonly NetDenial[] {
  return policyState(machine).denials;
}

const ERROR_NAMES: Record<number, string> = {
  [WSA.WSAEACCES]: 'WSAEACCES',
  [WSA.WSAENETUNREACH]: 'WSAENETUNREACH',
  [WSA.WSAEHOSTUNREACH]: 'WSAEHOSTUNREACH',
  [WSA.WSAEADDRNOTAVAIL]: 'WSAEADDRNOTAVAIL',
  [WSA.WSAHOST_NOT_FOUND]: 'WSAHOST_NOT_FOUND',
  [WSA.WSATRY_AGAIN]: 'WSATRY_AGAIN',
};

function refuse(cx: ApiContext, op: NetOp, ep: Endpoint, error: number, reason: string): number {
  const machine = cx.machine;
  const address = formatEndpoint(ep);
  const name = ERROR_NAMES[error] ?? String(error);
  const d: NetDenial = { op, address, error, reason, thread: cx.thread.id };
  const list = policyState(machine).denials;
  list.push(d);
  if (list.length > MAX_DENIALS) list.shift();
  const text = `${op} ${address} denied by ${reason} -> ${name}`;
  machine.debugOutput(`wmemu: network policy: ${text}`);
  const tracer = machine.dispatcher.tracer;
  if (tracer !== undefined && tracer.wants(cx.decl)) {
    tracer.note(cx.thread, 'network-policy', text, { op, address, denied: reason, error });
  }
  return error;
}

function ruleCheck(cx: ApiContext, op: NetOp, ep: Endpoint): number {
  const rules = policyState(cx.machine).rules;
  if (rules.length === 0) return 0;
  const d = decide(rules, op, ep);
  if (d.allow) return 0;
  return refuse(cx, op, ep, WSA.WSAEACCES, d.rule ? `rule "${d.rule.text}"` : 'default (allow list, no rule matched)');
}

function stateOf(cx: ApiContext): WinsockState {
  return winsockStateIfAny(cx.machine)!;
}

function isUnspecified(a: Uint8Array): boolean {
  if (isMapped(a)) a = a.subarray(12);
  for (const b of a) if (b !== 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The checks the shim calls
// ---------------------------------------------------------------------------------------------

/** The host resolver's servers as endpoints (port 53); a loopback stub counts as a server too. */
function resolverServers(): Endpoint[] {
  const out: Endpoint[] = [];
  for (const s of dnsServers()) {
    // "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:53"
    const m = /^\[(.*)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s) ?? [s, s, undefined];
    const text = m[1]!;
    const port = m[2] !== undefined ? Number(m[2]) : 53;
    const bytes = parseIPv4(text) ?? parseIPv6(text);
    if (bytes) out.push({ address: bytes, port });
  }
  return out;
}

/**
 * May the host resolver be asked (a DNS query leaves the machine)? 0 if so, else the Winsock error
 * the lookup fails with (logged once per call): WSAHOST_NOT_FOUND under 'loopback', WSATRY_AGAIN
 * when allow/deny rules permit none of the resolver's servers. 'none' is resolve.ts's precheck.
 */
export function resolverPolicy(cx: ApiContext, what: string): number {
  const st = stateOf(cx);
  if (st !== undefined && st.network === 'loopback') {
    return refuse(cx, 'sendto', { address: new Uint8Array(4), port: 53 }, WSA.WSAHOST_NOT_FOUND, `policy loopback (lookup of "${what}" needs DNS)`);
  }
  const rules = policyState(cx.machine).rules;
  if (rules.length === 0) return 0;
  const servers = resolverServers();
  for (const ep of servers) if (decide(rules, 'sendto', ep).allow) return 0;
  const ep = servers[0] ?? { address: new Uint8Array(4), port: 53 };
  return refuse(cx, 'sendto', ep, WSA.WSATRY_AGAIN, `rules (no rule allows the resolver's server; lookup of "${what}")`);
}

/**
 * connect(): the real destination (after any redirect) at sa[off, off+len). 0 to go on, else the
 * Winsock error (logged). An AF_UNSPEC address (dissolving a datagram association) is always allowed.
 */
export function connectPolicy(cx: ApiContext, sa: Uint8Array, off: number, len: number): number {
  if (sa[off] === 0 && sa[off + 1] === 0) return 0;
  const ep = endpointFromSockaddr(sa, off, len);
  if (ep === undefined) return 0; // not an address family the host accepts: the host reports it
  if (stateOf(cx).network === 'loopback' && !isLoopback(sa, off, len)) return refuse(cx, 'connect', ep, WSA.WSAENETUNREACH, 'policy loopback');
  return ruleCheck(cx, 'connect', ep);
}

const bindScratch = Buffer.alloc(32);

/**
 * bind(): the guest's local address at name[0, len) in guest memory. Returns the sockaddr to bind
 * (`[buffer, offset, length]`: guest memory, or a rewritten copy under 'loopback'), or a Winsock error.
 */
export function bindPolicy(cx: ApiContext, name: number, len: number): [Uint8Array, number, number] | number {
  const ram = cx.mem.ram;
  const ep = endpointFromSockaddr(ram, name, len);
  if (ep === undefined) return [ram, name, len];
  let buf: Uint8Array = ram;
  let off = name;
  let n = len;
  if (stateOf(cx).network === 'loopback' && !isLoopback(ram, name, len)) {
    if (!isUnspecified(ep.address)) return refuse(cx, 'bind', ep, WSA.WSAEADDRNOTAVAIL, 'policy loopback');
    // INADDR_ANY / in6addr_any: the device's only interface is loopback.
    n = Math.min(len, bindScratch.length);
    ram.copy(bindScratch, 0, name, name + n);
    if (ep.address.length === 4) {
      bindScratch[4] = 127;
      bindScratch[7] = 1;
    } else if (isMapped(ep.address)) {
      bindScratch[20] = 127;
      bindScratch[23] = 1;
    } else {
      bindScratch[23] = 1;
    }
    buf = bindScratch;
    off = 0;
    ep.address = endpointFromSockaddr(bindScratch, 0, n)!.address;
  }
  const e = ruleCheck(cx, 'bind', ep);
  return e !== 0 ? e : [buf, off, n];
}

/**
 * sendto() with a destination address on a datagram socket: 0 to go on, else the Winsock error
 * (logged). Under 'loopback' an unbound socket is first bound to the loopback address.
 */
const hdrScratch = new Uint8Array(16);

/**
 * IP_HDRINCL (issue 17 item 8): the packet goes to the destination written in its own IPv4 header
 * (bytes 16..19; raw(7): with IP_HDRINCL the header's daddr is sent as is), whatever address sendto
 * named or connect set. So the policy checks that destination too, as a sendto to it; `data[off ..
 * off+len)` is the packet (checkRawHeader has made sure it holds a header). Returns 0 or the error.
 */
export function rawHeaderPolicy(cx: ApiContext, data: Uint8Array, off: number, len: number): number {
  if (len < 20 || data[off]! >> 4 !== 4) return 0;
  const loop = stateOf(cx).network === 'loopback';
  if (!loop && policyState(cx.machine).rules.length === 0) return 0;
  hdrScratch.fill(0);
  hdrScratch[0] = 2; // AF_INET, port 0
  hdrScratch.set(data.subarray(off + 16, off + 20), 4);
  const ep = endpointFromSockaddr(hdrScratch, 0, 16);
  if (ep === undefined) return 0;
  if (loop && !isLoopback(hdrScratch, 0, 16)) return refuse(cx, 'sendto', ep, WSA.WSAEHOSTUNREACH, 'policy loopback (IP_HDRINCL header destination)');
  return ruleCheck(cx, 'sendto', ep);
}

export function sendtoPolicy(cx: ApiContext, s: GuestSocket, ram: Uint8Array, to: number, tolen: number): number {
  const st = stateOf(cx);
  const loop = st.network === 'loopback';
  if (loop || policyState(cx.machine).rules.length > 0) {
    const ep = endpointFromSockaddr(ram, to, tolen);
    if (ep !== undefined) {
      if (loop && !isLoopback(ram, to, tolen)) return refuse(cx, 'sendto', ep, WSA.WSAEHOSTUNREACH, 'policy loopback');
      const e = ruleCheck(cx, 'sendto', ep);
      if (e !== 0) return e;
    }
  }
  if (loop && !s.bound) {
    // Bind where the device's only interface is, so replies from elsewhere can never arrive.
    const v6 = s.family === AF_INET6;
    if (!v6 || !isMapped(endpointFromSockaddr(ram, to, tolen)?.address ?? new Uint8Array(0))) {
      bindScratch.fill(0, 0, 28);
      bindScratch[0] = v6 ? 23 : 2;
      if (v6) bindScratch[23] = 1;
      else {
        bindScratch[4] = 127;
        bindScratch[7] = 1;
      }
      if (s.host.bind(bindScratch, 0, v6 ? 28 : 16) === 0) s.bound = true;
    }
  }
  return 0;
}
