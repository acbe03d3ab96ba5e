/**
 * Name resolution: gethostbyname, gethostbyaddr, gethostname, sethostname (both DLLs);
 * getaddrinfo, freeaddrinfo, getnameinfo (ws2.dll: CE's are the ANSI forms, ADDRINFOA; there is no
 * GetAddrInfoW, inet_pton or inet_ntop in CE's ws2.dll).
 *
 * Where answers come from, in order:
 *  1. numeric addresses (dotted IPv4, IPv6 text for getaddrinfo) — no lookup;
 *  2. the user's hosts map (MachineOptions.hosts, CLI `--host name=addr`; names case-insensitive, an
 *     entry may list several addresses separated by commas), so a CE app's hard-coded device names
 *     can point at test peers;
 *  3. names under `.invalid` fail at once (RFC 6761 §6.4), so tests get a deterministic
 *     WSAHOST_NOT_FOUND whatever the host's DNS does;
 *  4. the device's own name (gethostname; "" or NULL for gethostbyname) resolves to the host's
 *     addresses, or 127.0.0.1 if the host's name does not resolve;
 *  5. the host resolver: Node's dns.lookup (getaddrinfo(3), /etc/hosts + DNS) and dns.lookupService
 *     (getnameinfo(3)) for reverse lookups. These are asynchronous: the guest thread is parked
 *     (cx.block) while Node waits, other guest threads keep running.
 * Network policy 'none': every lookup fails with WSAENETDOWN (also numeric ones, as on a device
 * whose network subsystem has failed). The host resolver (step 5) sends DNS queries out of the
 * machine, so it is asked only when the policy allows (policy.ts resolverPolicy): under 'loopback'
 * never — `localhost` and the device's own name resolve to the loopback addresses, reverse lookups of
 * loopback addresses give `localhost`, every other name is WSAHOST_NOT_FOUND (EAI_NONAME); under
 * allow/deny rules only when a rule allows the resolver's server (else WSATRY_AGAIN, EAI_AGAIN).
 *
 * gethostbyname/gethostbyaddr return a HOSTENT in per-thread storage owned by Winsock (guest memory,
 * allocated once per thread and reused by the thread's next call, as Winsock documents). Errors:
 * WSAHOST_NOT_FOUND (no such name), WSANO_DATA (the name exists but has no address of the requested
 * kind), WSATRY_AGAIN (resolver temporarily unavailable), WSANO_RECOVERY (other resolver failures).
 * getaddrinfo/getnameinfo return the error (EAI_* = the WSA codes on Windows) and also set it as the
 * last error.
 *
 * Checks, in this order (precheck = WSANOTINITIALISED, WSAEINPROGRESS, WSAENETDOWN):
 *   gethostbyname     precheck, WSAEFAULT (name not readable or longer than 255), then the lookup's
 *                     WSAHOST_NOT_FOUND / WSANO_DATA / WSATRY_AGAIN / WSANO_RECOVERY.
 *   gethostbyaddr     precheck, WSAEAFNOSUPPORT (type), WSAEFAULT (addr NULL or len short for the
 *                     type), then the reverse lookup's errors.
 *   gethostname       WSANOTINITIALISED, WSAEINPROGRESS, WSAEFAULT (NULL, namelen too short, not
 *                     writable). sethostname: WSANOTINITIALISED, WSAEFAULT, WSAEINVAL (empty, > 255).
 *   getaddrinfo       precheck, WSAEFAULT (res not writable; *res is then NULL), WSAHOST_NOT_FOUND
 *                     (node and service both NULL), WSAEINVAL (unknown ai_flags; AI_CANONNAME without
 *                     a node), WSAEAFNOSUPPORT, WSAESOCKTNOSUPPORT, WSAEFAULT (node longer than 255),
 *                     WSATYPE_NOT_FOUND (unknown service), then the lookup.
 *   getnameinfo       precheck, WSAEFAULT (sa NULL, salen < 2), WSAEAFNOSUPPORT, WSAEFAULT (salen short
 *                     for the family), WSAHOST_NOT_FOUND (neither host nor serv asked), WSAEFAULT (serv
 *                     buffer), WSAHOST_NOT_FOUND (NI_NAMEREQD without a name), WSAEFAULT (host buffer).
 *   WSAAsyncGetHostByName / WSAAsyncGetAddrInfo / WSACancelAsyncRequest: beside each declaration.
 * Reference: the CE 6.0 pages' error lists (whose table order is not a check order); where they give
 * no order, the start-up and argument checks come before any lookup, as CE 6's ws2.dll does (its
 * gethostbyname checks its state before it queries a name-space provider), and a lookup's own answer
 * comes last. The order between WSAEAFNOSUPPORT and WSAEFAULT in gethostbyaddr and getnameinfo is
 * wmemu's (no reference fixes it).
 */
import { lookup as dnsLookup, lookupService as dnsLookupService } from 'node:dns';
import { hostname as osHostname } from 'node:os';
import { isIPv4, isIPv6 } from 'node:net';
import { fn, type ApiDef, type BLOCKED } from '../emulator/core/api/declare.js';
import type { ApiContext } from '../emulator/core/api/context.js';
import { formatIPv6, parseIPv4, parseIPv6 } from './host/sockaddr.js';
import { AF_INET, AF_INET6, AF_UNSPEC, IPPROTO_TCP, IPPROTO_UDP, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, SOCKET_ERROR, WSA } from './constants.js';
import type { WinsockState } from './state.js';
import { resolverPolicy } from './policy.js';
import { winsockStateIfAny } from './state.js';
import { defineSlot } from '../emulator/core/slot.js';
import { postWindowMessage } from '../emulator/core/window-post.js';

export const WSAHOST_NOT_FOUND = 11001;
export const WSATRY_AGAIN = 11002;
export const WSANO_RECOVERY = 11003;
export const WSANO_DATA = 11004;
export const WSATYPE_NOT_FOUND = 10109;
export const WSA_NOT_ENOUGH_MEMORY = 8;

// getaddrinfo flags / getnameinfo flags (ws2tcpip.h)
export const AI_PASSIVE = 0x1;
export const AI_CANONNAME = 0x2;
export const AI_NUMERICHOST = 0x4;
export const NI_NOFQDN = 0x01;
export const NI_NUMERICHOST = 0x02;
export const NI_NAMEREQD = 0x04;
export const NI_NUMERICSERV = 0x08;
export const NI_DGRAM = 0x10;

/** sizeof(ADDRINFOA) on 32-bit ARM: flags, family, socktype, protocol, addrlen, canonname, addr, next. */
export const ADDRINFO_SIZE = 32;
const HOSTENT_BUF = 640;
const MAX_ADDRS = 16;
const MAX_NAME = 255;

/** The device name until sethostname changes it (CE's default device name). */
export const DEFAULT_DEVICE_NAME = 'WindowsCE';

/** Well-known services for getaddrinfo/getnameinfo (CE has no services file). */
const SERVICES: Record<string, number> = {
  echo: 7,
  discard: 9,
  daytime: 13,
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  pop3: 110,
  nntp: 119,
  ntp: 123,
  imap: 143,
  snmp: 161,
  ldap: 389,
  https: 443,
  'ms-sql-s': 1433,
};

interface ResolverState {
  deviceName: string;
  hostent: Map<number, number>;
  /** Guest blocks allocated by getaddrinfo (freeaddrinfo frees only these). */
  addrinfos: Set<number>;
}

const resolverSlot = defineSlot('winsock-resolve', (): ResolverState => ({ deviceName: DEFAULT_DEVICE_NAME, hostent: new Map(), addrinfos: new Set() }));
function resolver(cx: ApiContext): ResolverState {
  return resolverSlot.of(cx.machine);
}

/** The device name (gethostname's answer). */
export function deviceNameOf(cx: ApiContext): string {
  return resolver(cx).deviceName;
}

function winsock(cx: ApiContext): WinsockState | undefined {
  const st = winsockStateIfAny(cx.machine);
  return st && st.startups > 0 ? st : undefined;
}

/** The common checks; 0 or the Winsock error. */
function precheck(cx: ApiContext): number {
  const st = winsock(cx);
  if (!st) return WSA.WSANOTINITIALISED;
  if (cx.thread.inBlockingCall) return WSA.WSAEINPROGRESS;
  if (st.network === 'none') return WSA.WSAENETDOWN;
  return 0;
}

/** The user's hosts map, keys lower-cased. */
const hostsSlot = defineSlot('winsock-hosts', (machine) => {
  const m = new Map<string, string[]>();
  const src = machine.options.hosts ?? {};
  for (const [name, addrs] of Object.entries(src)) {
    m.set(
      name.toLowerCase().replace(/\.$/, ''),
      String(addrs)
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    );
  }
  return m;
});
function hostsMap(cx: ApiContext): Map<string, string[]> {
  return hostsSlot.of(cx.machine);
}

type Family = 4 | 6;
export interface Addr {
  family: Family;
  bytes: Uint8Array;
}

export function parseAddr(text: string): Addr | undefined {
  if (isIPv4(text)) return { family: 4, bytes: parseIPv4(text)! };
  if (isIPv6(text)) {
    const b = parseIPv6(text);
    if (b) return { family: 6, bytes: b };
  }
  return undefined;
}
function addrText(a: Addr): string {
  return a.family === 4 ? [...a.bytes].join('.') : formatIPv6(a.bytes, 0);
}

/** Node resolver error → Winsock error. */
function dnsError(e: NodeJS.ErrnoException): number {
  switch (e.code) {
    case 'ENOTFOUND':
    case 'ENONAME':
    case 'EAI_NONAME':
      return WSAHOST_NOT_FOUND;
    case 'ENODATA':
    case 'EAI_NODATA':
      return WSANO_DATA;
    case 'EAI_AGAIN':
    case 'ETIMEOUT':
    case 'ETIMEDOUT':
    case 'ECONNREFUSED':
      return WSATRY_AGAIN;
    default:
      return WSANO_RECOVERY;
  }
}

const LOOPBACK_ADDRS: Addr[] = [
  { family: 4, bytes: Uint8Array.of(127, 0, 0, 1) },
  { family: 6, bytes: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
];

export type Answer = { addrs: Addr[]; name: string } | { error: number };

/**
 * Resolves `name` to addresses of `family` (0 = both): synchronously when the answer is local
 * (numeric, hosts map, .invalid), else through the host resolver, calling `then` later.
 */
export function resolveName(cx: ApiContext, name: string, family: 0 | Family, then: (a: Answer) => void): void {
  const want = (list: Addr[]) => list.filter((a) => family === 0 || a.family === family);
  const lower = name.toLowerCase().replace(/\.$/, '');
  const mapped = hostsMap(cx).get(lower);
  if (mapped) {
    const addrs = want(mapped.map(parseAddr).filter((a): a is Addr => !!a));
    return then(addrs.length ? { addrs, name } : { error: WSANO_DATA });
  }
  if (lower === 'invalid' || lower.endsWith('.invalid')) return then({ error: WSAHOST_NOT_FOUND });
  const own = lower === '' || lower === resolver(cx).deviceName.toLowerCase();
  const blocked = resolverPolicy(cx, name); // no DNS query may leave under this policy
  if (blocked !== 0) {
    // RFC 6761 §6.3: localhost (and names under it) is the loopback address without any query.
    if (own || lower === 'localhost' || lower.endsWith('.localhost')) return then({ addrs: want(LOOPBACK_ADDRS), name });
    return then({ error: blocked });
  }
  const query = own ? osHostname() : name;
  dnsLookup(query, { all: true, family }, (err, list) => {
    if (err || !list.length) {
      if (own)
        return then({
          addrs: want([
            { family: 4, bytes: Uint8Array.of(127, 0, 0, 1) },
            { family: 6, bytes: parseIPv6('::1')! },
          ]),
          name,
        });
      return then({ error: err ? dnsError(err) : WSANO_DATA });
    }
    const addrs: Addr[] = [];
    for (const r of list) {
      const a = parseAddr(r.address);
      if (a && !addrs.some((x) => addrText(x) === addrText(a))) addrs.push(a);
    }
    then(addrs.length ? { addrs, name } : { error: WSANO_DATA });
  });
}

/** Reverse lookup of one address: hosts map, then getnameinfo(3) (when the network policy allows). */
export function reverseName(cx: ApiContext, a: Addr, then: (r: { name: string } | { error: number }) => void): void {
  const text = addrText(a);
  for (const [n, addrs] of hostsMap(cx)) {
    if (addrs.some((x) => parseAddr(x) && addrText(parseAddr(x)!) === text)) return then({ name: n });
  }
  const blocked = resolverPolicy(cx, text);
  if (blocked !== 0) {
    if (LOOPBACK_ADDRS.some((l) => addrText(l) === text) || (a.family === 4 && a.bytes[0] === 127)) return then({ name: 'localhost' });
    return then({ error: blocked });
  }
  dnsLookupService(text, 0, (err, host) => {
    if (err || !host || parseAddr(host)) return then({ error: err ? dnsError(err) : WSAHOST_NOT_FOUND });
    then({ name: host });
  });
}

/**
 * Runs `start` with the calling thread parked (unless it finishes synchronously): `start` calls
 * `finish(r0, error?)` once.
 */
export function parkFor(cx: ApiContext, reason: string, start: (finish: (r0: number, err?: number) => void) => void): number | typeof BLOCKED {
  let sync: { r0: number; err?: number } | undefined;
  let parked: ((r0: number, err?: number) => void) | undefined;
  let cancelled = false;
  const t = cx.thread;
  start((r0, err) => {
    if (cancelled) return;
    if (parked) {
      t.inBlockingCall = false;
      parked(r0, err);
    } else sync = { r0, err };
  });
  if (sync) {
    if (sync.err !== undefined) t.lastError = sync.err;
    return sync.r0;
  }
  t.inBlockingCall = true;
  t.waitReason = reason;
  return cx.block((done) => {
    parked = (r0, err) => done(r0, err);
    return () => {
      cancelled = true;
      t.inBlockingCall = false;
    };
  });
}

/** Writes a HOSTENT for `name`/`addrs` into the thread's Winsock buffer; returns its address (0: no memory). */
function writeHostent(cx: ApiContext, tid: number, name: string, addrs: Addr[]): number {
  const r = resolver(cx);
  let buf = r.hostent.get(tid);
  if (!buf) {
    buf = cx.machine.processHeap.alloc(HOSTENT_BUF, true);
    if (!buf) return 0;
    r.hostent.set(tid, buf);
  }
  const mem = cx.mem;
  const list = addrs.slice(0, MAX_ADDRS);
  const len = list[0]?.family === 6 ? 16 : 4;
  const aliases = buf + 16;
  const addrList = buf + 20;
  const data = addrList + 4 * (MAX_ADDRS + 1);
  const nameAt = data + 16 * MAX_ADDRS;
  mem.setU32(buf, nameAt);
  mem.setU32(buf + 4, aliases);
  mem.setU16(buf + 8, len === 16 ? AF_INET6 : AF_INET);
  mem.setU16(buf + 10, len);
  mem.setU32(buf + 12, addrList);
  mem.setU32(aliases, 0);
  list.forEach((a, i) => {
    mem.write(data + len * i, a.bytes);
    mem.setU32(addrList + 4 * i, data + len * i);
  });
  mem.setU32(addrList + 4 * list.length, 0);
  mem.writeStr(nameAt, name.slice(0, MAX_NAME));
  return buf;
}

function serviceByName(s: string): number | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n <= 65535 ? n : undefined;
  }
  return SERVICES[s.toLowerCase()];
}
function serviceName(port: number): string | undefined {
  for (const [n, p] of Object.entries(SERVICES)) if (p === port && n !== 'www') return n;
  return undefined;
}

const NULL_FAULT = { fault: { kind: 'error' as const, ret: 0, lastError: WSA.WSAEFAULT } };

/** WSAMAKEASYNCREPLY(buflen, error) of winsock.h: the lParam of a WSAAsyncGetHostByName message. */
export function wsaMakeAsyncReply(buflen: number, error: number): number {
  return ((error & 0xffff) << 16) | (buflen & 0xffff);
}

/** WSAAsyncGetHostByName's tasks: handles in flight (cancel flag) and handles already completed. */
const asyncSlot = defineSlot('winsock-async-tasks', () => ({ next: 1, pending: new Map<number, { cancelled: boolean }>(), done: new Set<number>() }));

/**
 * A HOSTENT packed into the caller's buffer (pointers into the buffer, as Winsock fills it): the
 * HOSTENT, the NULL alias list, the address list, the addresses, the name. Returns the bytes needed;
 * writes only when they fit.
 */
function packHostent(mem: ApiContext['mem'], buf: number, cap: number, name: string, addrs: Addr[]): number {
  const list = addrs.slice(0, MAX_ADDRS);
  const len = list[0]?.family === 6 ? 16 : 4;
  const aliases = buf + 16;
  const addrList = aliases + 4;
  const data = addrList + 4 * (list.length + 1);
  const nameAt = data + len * list.length;
  const n = name.slice(0, MAX_NAME);
  const need = nameAt + n.length + 1 - buf;
  if (need > cap) return need;
  mem.setU32(buf, nameAt);
  mem.setU32(buf + 4, aliases);
  mem.setU16(buf + 8, len === 16 ? AF_INET6 : AF_INET);
  mem.setU16(buf + 10, len);
  mem.setU32(buf + 12, addrList);
  mem.setU32(aliases, 0);
  list.forEach((a, i) => {
    mem.write(data + len * i, a.bytes);
    mem.setU32(addrList + 4 * i, data + len * i);
  });
  mem.setU32(addrList + 4 * list.length, 0);
  mem.writeStr(nameAt, n);
  return need;
}

export const resolve: ApiDef[] = [
  fn('gethostbyname(str name): ptr', { blocking: true, ...NULL_FAULT }, (cx, namePtr: number) => {
    const e = precheck(cx);
    if (e) return cx.fail(0, e);
    const name = namePtr ? cx.mem.str(namePtr, MAX_NAME + 1) : '';
    if (name.length > MAX_NAME) return cx.fail(0, WSA.WSAEFAULT);
    const tid = cx.thread.id;
    if (isIPv4(name)) return writeHostent(cx, cx.thread.id, name, [parseAddr(name)!]) || cx.fail(0, WSA_NOT_ENOUGH_MEMORY);
    return parkFor(cx, `gethostbyname(${name})`, (finish) =>
      resolveName(cx, name, 4, (a) => {
        if ('error' in a) return finish(0, a.error);
        const p = writeHostent(cx, tid, a.name || resolver(cx).deviceName, a.addrs);
        finish(p, p ? undefined : WSA_NOT_ENOUGH_MEMORY);
      }),
    );
  }),

  // WSAAsyncGetHostByName (CE 6 ws2.dll ordinal 5): gethostbyname's resolution (same sources, same
  // network policy) without blocking; the answer is a message to hWnd when the lookup completes:
  // wParam = the task handle, lParam = WSAMAKEASYNCREPLY(buflen, error). On success the HOSTENT is
  // packed into buf (the low word: its size); a buffer too small gives WSAENOBUFS with the size needed
  // in the low word (the Winsock 1.1 specification). Checks in order: precheck's (WSANOTINITIALISED,
  // WSAEINPROGRESS, WSAENETDOWN), then buf writable for buflen (WSAEFAULT). hWnd is not checked here
  // (a message to a window that is gone is lost, as PostMessage's would be).
  fn(
    'WSAAsyncGetHostByName(handle hWnd, u32 wMsg, str name, ptr buf, i32 buflen): handle',
    NULL_FAULT,
    (cx, hwnd: number, msg: number, namePtr: number, buf: number, buflen: number) => {
      const e = precheck(cx);
      if (e) return cx.fail(0, e);
      const name = namePtr ? cx.mem.str(namePtr, MAX_NAME + 1) : '';
      if (name.length > MAX_NAME || buflen < 0) return cx.fail(0, WSA.WSAEFAULT);
      cx.mem.check(buf, buflen, 'write');
      const tasks = asyncSlot.of(cx.machine);
      const h = tasks.next++;
      const task = { cancelled: false };
      tasks.pending.set(h, task);
      const machine = cx.machine;
      const mem = cx.mem;
      const deviceName = resolver(cx).deviceName;
      const answer = (a: Answer) => {
        if (task.cancelled) return;
        tasks.pending.delete(h);
        tasks.done.add(h);
        let reply: number;
        if ('error' in a) reply = wsaMakeAsyncReply(0, a.error);
        else {
          const need = packHostent(mem, buf, buflen, a.name || deviceName, a.addrs);
          reply = need > buflen ? wsaMakeAsyncReply(need, WSA.WSAENOBUFS) : wsaMakeAsyncReply(need, 0);
        }
        postWindowMessage(machine, hwnd, msg, h, reply);
      };
      if (isIPv4(name)) answer({ addrs: [parseAddr(name)!], name });
      else resolveName(cx, name, 4, answer);
      return h;
    },
  ),

  // WSAAsyncGetAddrInfo (CE 6 ws2.dll ordinal 4; CE-only, no SDK page). Its form and behaviour are
  // read from CE 6's ws2.dll (the corpus binary): HANDLE WSAAsyncGetAddrInfo(HWND hWnd, UINT wMsg,
  // const char *pNodeName, u_short port, struct addrinfo **ppResult). It shares WSAAsyncGetHostByName's
  // task machinery: a resolver thread runs getaddrinfo(pNodeName, "%hu" of port, NULL hints, ppResult)
  // and posts wMsg to hWnd with wParam = the task handle and lParam = WSAMAKEASYNCREPLY(0, error)
  // (0 on success; else getaddrinfo's error); the chain in *ppResult is the caller's to free with
  // freeaddrinfo. WSACancelAsyncRequest cancels it like the other tasks. Checks in order: precheck's
  // (WSANOTINITIALISED, WSAEINPROGRESS, WSAENETDOWN), then WSAEFAULT (pNodeName not readable, ppResult
  // not a writable pointer: checked at the call here, where the device's thread would fault later).
  fn(
    'WSAAsyncGetAddrInfo(handle hWnd, u32 wMsg, str pNodeName, u32 port, ptr ppResult): handle',
    NULL_FAULT,
    (cx, hwnd: number, msg: number, namePtr: number, portArg: number, res: number) => {
      const e = precheck(cx);
      if (e) return cx.fail(0, e);
      const name = cx.mem.str(cx.mem.check(namePtr, 1), MAX_NAME + 1);
      if (name.length > MAX_NAME) return cx.fail(0, WSA.WSAEFAULT);
      cx.mem.check(res, 4, 'write');
      cx.mem.setU32(res, 0);
      const port = portArg & 0xffff;
      const tasks = asyncSlot.of(cx.machine);
      const h = tasks.next++;
      const task = { cancelled: false };
      tasks.pending.set(h, task);
      const machine = cx.machine;
      const answer = (a: Answer) => {
        if (task.cancelled) return;
        tasks.pending.delete(h);
        tasks.done.add(h);
        let error = 'error' in a ? (a.error === WSANO_DATA ? WSAHOST_NOT_FOUND : a.error) : 0;
        if (!('error' in a)) {
          const first = buildChain(cx, a.addrs, 0, 0, 0, port, undefined);
          if (first < 0) error = -first;
          else if (cx.mem.isUserRange(res, 4, 'write')) cx.mem.setU32(res, first);
        }
        postWindowMessage(machine, hwnd, msg, h, wsaMakeAsyncReply(0, error));
      };
      const numeric = parseAddr(name);
      if (numeric) answer({ addrs: [numeric], name });
      else resolveName(cx, name, 0, answer);
      return h;
    },
  ),

  // WSACancelAsyncRequest (ordinal 7): 0 when the task was still running (no message will come);
  // WSAEALREADY once it has completed (its message is posted), WSAEINVAL for a handle never issued.
  fn('WSACancelAsyncRequest(handle hAsyncTaskHandle): i32', (cx, h: number) => {
    const st = winsock(cx);
    if (!st) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
    const tasks = asyncSlot.of(cx.machine);
    const task = tasks.pending.get(h);
    if (task) {
      task.cancelled = true;
      tasks.pending.delete(h);
      tasks.done.add(h);
      return 0;
    }
    return cx.fail(SOCKET_ERROR, tasks.done.has(h) ? WSA.WSAEALREADY : WSA.WSAEINVAL);
  }),

  fn('gethostbyaddr(ptr addr, i32 len, i32 type): ptr', { blocking: true, ...NULL_FAULT }, (cx, addr: number, len: number, type: number) => {
    const e = precheck(cx);
    if (e) return cx.fail(0, e);
    if (type !== AF_INET && type !== AF_INET6) return cx.fail(0, WSA.WSAEAFNOSUPPORT);
    const need = type === AF_INET ? 4 : 16;
    if (!addr || len < need) return cx.fail(0, WSA.WSAEFAULT);
    const a: Addr = { family: type === AF_INET ? 4 : 6, bytes: Uint8Array.from(cx.mem.bytes(addr, need)) };
    const tid = cx.thread.id;
    return parkFor(cx, `gethostbyaddr(${addrText(a)})`, (finish) =>
      reverseName(cx, a, (r) => {
        if ('error' in r) return finish(0, r.error);
        const p = writeHostent(cx, tid, r.name, [a]);
        finish(p, p ? undefined : WSA_NOT_ENOUGH_MEMORY);
      }),
    );
  }),

  fn('gethostname(ptr name, i32 namelen): i32', (cx, name: number, len: number) => {
    if (!winsock(cx)) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
    if (cx.thread.inBlockingCall) return cx.fail(SOCKET_ERROR, WSA.WSAEINPROGRESS);
    const n = resolver(cx).deviceName;
    if (!name || len < n.length + 1 || !cx.mem.isUserRange(name, n.length + 1, 'write')) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
    cx.mem.writeStr(name, n);
    return 0;
  }),

  // CE-specific: int sethostname(char *pName, int cName).
  fn('sethostname(ptr pName, i32 cName): i32', (cx, p: number, n: number) => {
    if (!winsock(cx)) return cx.fail(SOCKET_ERROR, WSA.WSANOTINITIALISED);
    if (n <= 0 || !p || !cx.mem.isUserRange(p, n, 'read')) return cx.fail(SOCKET_ERROR, WSA.WSAEFAULT);
    const raw = cx.mem.bytes(p, n);
    const end = raw.indexOf(0);
    const name = raw.subarray(0, end < 0 ? n : end).toString('latin1');
    if (!name || name.length > MAX_NAME) return cx.fail(SOCKET_ERROR, WSA.WSAEINVAL);
    resolver(cx).deviceName = name;
    return 0;
  }),

  fn(
    'getaddrinfo(str nodename, str servname, ptr hints, ptr res): i32',
    { blocking: true, fault: { kind: 'error', ret: WSA.WSAEFAULT, lastError: WSA.WSAEFAULT } },
    (cx, nodeP: number, servP: number, hints: number, res: number) => {
      const fail = (e: number) => cx.fail(e, e);
      const e = precheck(cx);
      if (e) return fail(e);
      const mem = cx.mem;
      let flags = 0;
      let family = AF_UNSPEC;
      let socktype = 0;
      let protocol = 0;
      if (hints) {
        flags = mem.i32(hints);
        family = mem.i32(hints + 4);
        socktype = mem.i32(hints + 8);
        protocol = mem.i32(hints + 12);
      }
      mem.check(res, 4, 'write');
      mem.setU32(res, 0);
      const node = nodeP ? mem.str(nodeP, MAX_NAME + 1) : undefined;
      const serv = servP ? mem.str(servP, 256) : undefined;
      if (node === undefined && serv === undefined) return fail(WSAHOST_NOT_FOUND);
      if (flags & ~(AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST)) return fail(WSA.WSAEINVAL);
      if (flags & AI_CANONNAME && node === undefined) return fail(WSA.WSAEINVAL);
      if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) return fail(WSA.WSAEAFNOSUPPORT);
      if (socktype !== 0 && socktype !== SOCK_STREAM && socktype !== SOCK_DGRAM && socktype !== SOCK_RAW) return fail(WSA.WSAESOCKTNOSUPPORT);
      if (node !== undefined && node.length > MAX_NAME) return fail(WSA.WSAEFAULT);
      const port = serv === undefined || serv === '' ? 0 : serviceByName(serv);
      if (port === undefined) return fail(WSATYPE_NOT_FOUND);
      if (!protocol) protocol = socktype === SOCK_STREAM ? IPPROTO_TCP : socktype === SOCK_DGRAM ? IPPROTO_UDP : 0;
      const fam: 0 | Family = family === AF_INET ? 4 : family === AF_INET6 ? 6 : 0;

      const build = (addrs: Addr[], canon: string | undefined): number => buildChain(cx, addrs, flags, socktype, protocol, port, canon);
      const answer = (addrs: Addr[], canon: string | undefined): { r0: number; err?: number } => {
        const first = build(addrs, canon);
        if (first < 0) return { r0: -first, err: -first };
        mem.setU32(res, first);
        return { r0: 0 };
      };

      const numeric = node !== undefined ? parseAddr(node) : undefined;
      if (node === undefined || numeric) {
        let addrs: Addr[];
        if (numeric) addrs = [numeric];
        else if (flags & AI_PASSIVE)
          addrs = [
            { family: 4, bytes: new Uint8Array(4) },
            { family: 6, bytes: new Uint8Array(16) },
          ];
        else
          addrs = [
            { family: 4, bytes: Uint8Array.of(127, 0, 0, 1) },
            { family: 6, bytes: parseIPv6('::1')! },
          ];
        addrs = addrs.filter((a) => fam === 0 || a.family === fam);
        if (!addrs.length) return fail(WSAHOST_NOT_FOUND);
        const r = answer(addrs, flags & AI_CANONNAME ? node : undefined);
        return r.err ? fail(r.err) : 0;
      }
      if (flags & AI_NUMERICHOST) return fail(WSAHOST_NOT_FOUND);
      return parkFor(cx, `getaddrinfo(${node})`, (finish) =>
        resolveName(cx, node, fam, (a) => {
          if ('error' in a) return finish(a.error === WSANO_DATA ? WSAHOST_NOT_FOUND : a.error, a.error === WSANO_DATA ? WSAHOST_NOT_FOUND : a.error);
          try {
            const r = answer(a.addrs, flags & AI_CANONNAME ? a.name : undefined);
            finish(r.r0, r.err);
          } catch {
            finish(WSA.WSAEFAULT, WSA.WSAEFAULT);
          }
        }),
      );
    },
  ),

  fn('freeaddrinfo(ptr ai): void', (cx, ai: number) => {
    freeChain(cx, ai);
  }),

  fn(
    'getnameinfo(ptr sa, i32 salen, ptr host, u32 hostlen, ptr serv, u32 servlen, i32 flags): i32',
    { blocking: true, fault: { kind: 'error', ret: WSA.WSAEFAULT, lastError: WSA.WSAEFAULT } },
    (cx, sa: number, salen: number, host: number, hostlen: number, serv: number, servlen: number, flags: number) => {
      const fail = (e: number) => cx.fail(e, e);
      const e = precheck(cx);
      if (e) return fail(e);
      const mem = cx.mem;
      if (!sa || salen < 2) return fail(WSA.WSAEFAULT);
      const famv = mem.u16(sa);
      if (famv !== AF_INET && famv !== AF_INET6) return fail(WSA.WSAEAFNOSUPPORT);
      if (salen < (famv === AF_INET ? 16 : 24)) return fail(WSA.WSAEFAULT);
      if ((!host || !hostlen) && (!serv || !servlen)) return fail(WSAHOST_NOT_FOUND);
      const port = (mem.u8(sa + 2) << 8) | mem.u8(sa + 3);
      const a: Addr =
        famv === AF_INET ? { family: 4, bytes: Uint8Array.from(mem.bytes(sa + 4, 4)) } : { family: 6, bytes: Uint8Array.from(mem.bytes(sa + 8, 16)) };
      const put = (p: number, cap: number, s: string): boolean => {
        if (s.length + 1 > cap || !mem.isUserRange(p, s.length + 1, 'write')) return false;
        mem.writeStr(p, s);
        return true;
      };
      if (serv && servlen) {
        const s = flags & NI_NUMERICSERV ? String(port) : (serviceName(port) ?? String(port));
        if (!put(serv, servlen, s)) return fail(WSA.WSAEFAULT);
      }
      if (!host || !hostlen) return 0;
      const numericText = addrText(a);
      if (flags & NI_NUMERICHOST) {
        if (flags & NI_NAMEREQD) return fail(WSAHOST_NOT_FOUND);
        return put(host, hostlen, numericText) ? 0 : fail(WSA.WSAEFAULT);
      }
      return parkFor(cx, `getnameinfo(${numericText})`, (finish) =>
        reverseName(cx, a, (r) => {
          let name: string;
          if ('error' in r) {
            if (flags & NI_NAMEREQD) return finish(WSAHOST_NOT_FOUND, WSAHOST_NOT_FOUND);
            name = numericText;
          } else name = flags & NI_NOFQDN ? r.name.split('.')[0]! : r.name;
          try {
            if (!put(host, hostlen, name)) return finish(WSA.WSAEFAULT, WSA.WSAEFAULT);
          } catch {
            return finish(WSA.WSAEFAULT, WSA.WSAEFAULT);
          }
          finish(0);
        }),
      );
    },
  ),
];

/** An ADDRINFOA chain (process heap, one block per address) for `addrs`: its first block, or -error. */
function buildChain(cx: ApiContext, addrs: Addr[], flags: number, socktype: number, protocol: number, port: number, canon: string | undefined): number {
  const mem = cx.mem;
  const r = resolver(cx);
  let first = 0;
  let prev = 0;
  for (const a of addrs) {
    const salen = a.family === 4 ? 16 : 28;
    const canonBytes = !prev && canon !== undefined ? canon.length + 1 : 0;
    const blk = cx.machine.processHeap.alloc(ADDRINFO_SIZE + salen + canonBytes, true);
    if (!blk) {
      freeChain(cx, first);
      return -WSA_NOT_ENOUGH_MEMORY;
    }
    r.addrinfos.add(blk);
    const sa = blk + ADDRINFO_SIZE;
    mem.setU32(blk, flags);
    mem.setU32(blk + 4, a.family === 4 ? AF_INET : AF_INET6);
    mem.setU32(blk + 8, socktype);
    mem.setU32(blk + 12, protocol);
    mem.setU32(blk + 16, salen);
    if (canonBytes) {
      mem.writeStr(sa + salen, canon!);
      mem.setU32(blk + 20, sa + salen);
    }
    mem.setU32(blk + 24, sa);
    mem.setU16(sa, a.family === 4 ? AF_INET : AF_INET6);
    mem.setU8(sa + 2, port >> 8);
    mem.setU8(sa + 3, port & 0xff);
    mem.write(sa + (a.family === 4 ? 4 : 8), a.bytes);
    if (prev) mem.setU32(prev + 28, blk);
    else first = blk;
    prev = blk;
  }
  return first;
}

function freeChain(cx: ApiContext, ai: number): void {
  const r = resolver(cx);
  const seen = new Set<number>();
  while (ai && r.addrinfos.has(ai) && !seen.has(ai)) {
    seen.add(ai);
    const next = cx.mem.isUserRange(ai + 28, 4, 'read') ? cx.mem.u32(ai + 28) : 0;
    r.addrinfos.delete(ai);
    cx.machine.processHeap.freeBlock(ai);
    ai = next;
  }
}
