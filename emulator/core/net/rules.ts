/**
 * Allow/deny rules for the guest's connect, bind and sendto: parsed from the run's configuration
 * (`--allow`/`--deny`, profile `networkRules`, `MachineOptions.networkRules`) and evaluated by the
 * socket DLL (winsock-shim/policy.ts enforces them and says what the guest gets).
 *
 * Rule syntax: `[OPS@]TARGET`
 *   OPS     comma-separated subset of connect, bind, sendto (default: all three); connect covers a
 *           datagram socket's default peer too
 *   TARGET  `*` | `*:PORTS` | `A.B.C.D[/N][:PORTS]` | `V6[/N]` | `[V6[/N]][:PORTS]` | `[V6]/N[:PORTS]`
 *   PORTS   `P` or `P-Q`; no PORTS = every port including 0 (bind to an ephemeral port)
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are matched as IPv4. First match wins; when no rule
 * matches: denied if any `allow` rule exists (an allow list), else allowed.
 */
import { parseIPv4, parseIPv6, type Endpoint } from './address.js';

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

export function isMapped(a: Uint8Array): boolean {
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

/**
 * The IPv4 address an IPv6 address carries to an IPv4 host (issue 17 item 8: these spellings bypassed
 * IPv4 deny rules): IPv4-compatible ::a.b.c.d (RFC 4291; not :: or ::1), SIIT ::ffff:0:a.b.c.d
 * (RFC 2765), NAT64 64:ff9b::a.b.c.d (RFC 6052 well-known prefix) and 6to4 2002:AABB:CCDD::/48
 * (RFC 3056, the IPv4 address in bits 16-47). IPv4-mapped ::ffff:a.b.c.d is handled by isMapped.
 */
export function embeddedIPv4(a: Uint8Array): Uint8Array | undefined {
  if (a.length !== 16) return undefined;
  const zero = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (a[i] !== 0) return false;
    return true;
  };
  if (a[0] === 0x20 && a[1] === 0x02) return a.subarray(2, 6);
  if (a[0] === 0x00 && a[1] === 0x64 && a[2] === 0xff && a[3] === 0x9b && zero(4, 12)) return a.subarray(12);
  if (zero(0, 8) && a[8] === 0xff && a[9] === 0xff && a[10] === 0 && a[11] === 0) return a.subarray(12);
  if (zero(0, 12) && !(a[12] === 0 && a[13] === 0 && a[14] === 0 && a[15]! <= 1)) return a.subarray(12);
  return undefined;
}

const isLimitedBroadcast = (a: Uint8Array) => a.length === 4 && a[0] === 255 && a[1] === 255 && a[2] === 255 && a[3] === 255;

/**
 * First match wins; no match: denied if the list has an allow rule, else allowed. An IPv6 address
 * that embeds an IPv4 address (embeddedIPv4) is also denied by the deny rules of that IPv4 address,
 * and the limited broadcast 255.255.255.255 — which reaches every host of the link, denied ones
 * included — by any IPv4 deny rule, unless a rule before it names it.
 */
export function decide(rules: readonly NetRule[], op: NetOp, ep: Endpoint): Decision {
  const addr = isMapped(ep.address) ? ep.address.subarray(12) : ep.address;
  const v4 = embeddedIPv4(addr);
  const broadcast = isLimitedBroadcast(addr);
  for (const r of rules) {
    if (matches(r, op, addr, ep.port)) return { allow: r.action === 'allow', rule: r };
    if (r.action !== 'deny' || r.family !== 4) continue;
    if (v4 && matches(r, op, v4, ep.port)) return { allow: false, rule: r };
    if (broadcast && r.ops.includes(op) && ep.port >= r.portLo && ep.port <= r.portHi) return { allow: false, rule: r };
  }
  return { allow: !rules.some((r) => r.action === 'allow') };
}
