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
 * Rule syntax: `[OPS@]TARGET`
 *   OPS     comma-separated subset of connect, bind, sendto (default: all three); connect covers a
 *           datagram socket's default peer too
 *   TARGET  `*` | `*:PORTS` | `A.B.C.D[/N][:PORTS]` | `V6[/N]` | `[V6[/N]][:PORTS]` | `[V6]/N[:PORTS]`
 *   PORTS   `P` or `P-Q`; no PORTS = every port including 0 (bind to an ephemeral port)
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are matched as IPv4. The address checked is the
 * destination for connect/sendto and the local address for bind (after the 'loopback' rewrite).
 *
 * ## Logging
 * Every refusal is written to the debug channel (`--debug-output`: `[debug] wmemu: network policy:
 * ...`), as a note line in the API trace just before the call's own line (text:
 * `[t1000] network-policy: connect 10.1.2.3:80 denied by rule "deny 10.0.0.0/8" -> WSAEACCES`; JSON:
 * `{"thread":4096,"note":"network-policy","op":"connect","address":"10.1.2.3:80",...}`), and kept in
 * `networkDenials(machine)` (the last 1000) for the programmatic API and tests.
 */
import type { ApiContext } from '../emulator/api/context.js';
import type { Machine } from '../emulator/machine.js';
import { endpointFromSockaddr, formatEndpoint, type Endpoint } from '../emulator/capture/pcap.js';
import { parseIPv4, parseIPv6 } from './host/sockaddr.js';
import { AF_INET6, WSA } from './constants.js';
import { isLoopback } from './common.js';
import type { GuestSocket, WinsockState } from './state.js';

export type NetOp = 'connect' | 'bind' | 'sendto';
const OPS: readonly NetOp[] = ['connect', 'bind', 'sendto'];

export interface NetRule {
  action: 'allow' | 'deny';
  /** Operations the rule applies to. */
  ops: readonly NetOp[];
  /** 4, 6, or 0 for any family (`*`). */
  family: 0 | 4 | 6;
  /** Network address (4 or 16 bytes; empty for `*`) and prefix length. */
  addr: Uint8Array;
  prefix: number;
  portLo: number;
  portHi: number;
  /** The rule as written ("deny 10.0.0.0/8"). */
  text: string;
}

export class NetRuleError extends Error {}

function parsePorts(s: string, rule: string): [number, number] {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(s);
  if (!m) throw new NetRuleError(`network rule '${rule}': bad port or port range '${s}'`);
  const lo = Number(m[1]);
  const hi = m[2] !== undefined ? Number(m[2]) : lo;
  if (lo > 65535 || hi > 65535 || lo > hi) throw new NetRuleError(`network rule '${rule}': bad port range '${s}'`);
  return [lo, hi];
}

function parseAddr(s: string, rule: string, v6: boolean): { family: 4 | 6; addr: Uint8Array; prefix: number } {
  const slash = s.indexOf('/');
  const a = slash >= 0 ? s.slice(0, slash) : s;
  const bytes = v6 ? parseIPv6(a) : parseIPv4(a);
  if (!bytes) throw new NetRuleError(`network rule '${rule}': '${a}' is not an IPv${v6 ? 6 : 4} address`);
  const max = bytes.length * 8;
  let prefix = max;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > max) throw new NetRuleError(`network rule '${rule}': bad prefix length '/${p}'`);
    prefix = Number(p);
  }
  let out: Uint8Array = bytes;
  let family: 4 | 6 = v6 ? 6 : 4;
  if (v6 && isMapped(bytes)) {
    out = bytes.slice(12);
    family = 4;
    prefix = Math.max(0, prefix - 96);
  }
  return { family, addr: out, prefix };
}

/** Parses one rule: `action` and `[OPS@]TARGET` (see the file comment). Throws NetRuleError. */
export function parseNetRule(action: 'allow' | 'deny', spec: string): NetRule {
  const text = `${action} ${spec}`;
  let target = spec.trim();
  let ops: readonly NetOp[] = OPS;
  const at = target.indexOf('@');
  if (at >= 0) {
    const list = target
      .slice(0, at)
      .split(',')
      .map((o) => o.trim().toLowerCase());
    for (const o of list) if (!OPS.includes(o as NetOp)) throw new NetRuleError(`network rule '${text}': unknown operation '${o}' (connect, bind, sendto)`);
    ops = list as NetOp[];
    target = target.slice(at + 1);
  }
  let portLo = 0;
  let portHi = 65535;
  let where: { family: 0 | 4 | 6; addr: Uint8Array; prefix: number };
  if (target === '*' || target.startsWith('*:')) {
    where = { family: 0, addr: new Uint8Array(0), prefix: 0 };
    if (target.length > 1) [portLo, portHi] = parsePorts(target.slice(2), text);
  } else if (target.startsWith('[')) {
    const close = target.indexOf(']');
    if (close < 0) throw new NetRuleError(`network rule '${text}': missing ']'`);
    let inner = target.slice(1, close);
    let rest = target.slice(close + 1);
    const pm = /^\/(\d{1,3})/.exec(rest);
    if (pm) {
      if (inner.includes('/')) throw new NetRuleError(`network rule '${text}': two prefix lengths`);
      inner += pm[0];
      rest = rest.slice(pm[0].length);
    }
    where = parseAddr(inner, text, true);
    if (rest !== '') {
      if (!rest.startsWith(':')) throw new NetRuleError(`network rule '${text}': expected ':PORTS' after ']'`);
      [portLo, portHi] = parsePorts(rest.slice(1), text);
    }
  } else if ((target.match(/:/g) ?? []).length > 1) {
    where = parseAddr(target, text, true); // bare IPv6 (no port: use [..]:PORTS for one)
  } else {
    const colon = target.indexOf(':');
    where = parseAddr(colon >= 0 ? target.slice(0, colon) : target, text, false);
    if (colon >= 0) [portLo, portHi] = parsePorts(target.slice(colon + 1), text);
  }
  return { action, ops, ...where, portLo, portHi, text };
}

/**
 * Parses a rule list: each entry is "allow SPEC" or "deny SPEC" (the profile / MachineOptions form),
 * or an already parsed rule.
 */
export function parseNetRules(list: readonly (string | NetRule)[]): NetRule[] {
  return list.map((r) => {
    if (typeof r !== 'string') return r;
    const m = /^\s*(allow|deny)\s+(\S+)\s*$/i.exec(r);
    if (!m) throw new NetRuleError(`network rule '${r}': expected "allow SPEC" or "deny SPEC"`);
    return parseNetRule(m[1]!.toLowerCase() as 'allow' | 'deny', m[2]!);
  });
}

function isMapped(a: Uint8Array): boolean {
  if (a.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (a[i] !== 0) return false;
  return a[10] === 0xff && a[11] === 0xff;
}

function prefixMatch(a: Uint8Array, net: Uint8Array, prefix: number): boolean {
  let i = 0;
  for (; prefix >= 8; prefix -= 8, i++) if (a[i] !== net[i]) return false;
  if (prefix === 0) return true;
  const mask = (0xff << (8 - prefix)) & 0xff;
  return (a[i]! & mask) === (net[i]! & mask);
}

/** Does `rule` cover `op` on endpoint `ep` (IPv4-mapped IPv6 already reduced to IPv4)? */
function matches(rule: NetRule, op: NetOp, addr: Uint8Array, port: number): boolean {
  if (!rule.ops.includes(op)) return false;
  if (port < rule.portLo || port > rule.portHi) return false;
  if (rule.family === 0) return true;
  if ((rule.family === 4) !== (addr.length === 4)) return false;
  return prefixMatch(addr, rule.addr, rule.prefix);
}

export interface Decision {
  allow: boolean;
  /** The rule that decided, or undefined for the default. */
  rule?: NetRule;
}

/** First match wins; no match: denied if the list has an allow rule, else allowed. */
export function decide(rules: readonly NetRule[], op: NetOp, ep: Endpoint): Decision {
  const addr = isMapped(ep.address) ? ep.address.subarray(12) : ep.address;
  for (const r of rules) if (matches(r, op, addr, ep.port)) return { allow: r.action === 'allow', rule: r };
  return { allow: !rules.some((r) => r.action === 'allow') };
}

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

const KEY = 'winsock.policy';
const MAX_DENIALS = 1000;

function policyState(machine: Machine): PolicyState {
  let p = machine.state.get(KEY) as PolicyState | undefined;
  if (!p) {
    p = { rules: parseNetRules(machine.options.networkRules ?? []), denials: [] };
    machine.state.set(KEY, p);
  }
  return p;
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
  return cx.machine.state.get('winsock') as WinsockState;
}

function isUnspecified(a: Uint8Array): boolean {
  if (isMapped(a)) a = a.subarray(12);
  for (const b of a) if (b !== 0) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The checks the shim calls
// ---------------------------------------------------------------------------------------------

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
      else (bindScratch[4] = 127), (bindScratch[7] = 1);
      if (s.host.bind(bindScratch, 0, v6 ? 28 : 16) === 0) s.bound = true;
    }
  }
  return 0;
}
