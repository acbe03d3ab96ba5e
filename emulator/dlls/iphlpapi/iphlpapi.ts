/**
 * iphlpapi.dll basics, mapped to the host and filtered by the run's network policy (visibleInterfaces,
 * visibleRows): GetAdaptersInfo, GetIpAddrTable, GetTcpTable,
 * GetUdpTable, GetNetworkParams (+ GetNumberOfInterfaces). IPv4 only, as on CE 5.
 *
 * Sources: os.networkInterfaces() (adapters and addresses; interface indexes are the host's order,
 * from 1; loopback is index 1 when present), /proc/net/route (default gateway), the run's own
 * sockets for the connection tables (core/net/run-sockets.ts; /proc/net/tcp refines a TCP row's
 * state), /etc/resolv.conf (DNS servers, domain).
 *
 * Size negotiation follows the documentation: a too small (or NULL) buffer stores the size needed
 * and returns ERROR_BUFFER_OVERFLOW (GetAdaptersInfo, GetNetworkParams) or
 * ERROR_INSUFFICIENT_BUFFER (the MIB tables). Struct layouts are the 32-bit ones (iptypes.h,
 * iprtrmib.h): IP_ADAPTER_INFO 640 bytes, IP_ADDR_STRING 40, FIXED_INFO 584, MIB_IPADDRROW 24,
 * MIB_TCPROW 20, MIB_UDPROW 8. Addresses are stored in network byte order, ports in the low 16 bits
 * in network byte order.
 */
import { networkInterfaces, hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { networkPolicyOf } from '../../core/net/policy-of.js';
import { runSockets } from '../../core/net/run-sockets.js';
import { ERROR } from '../../core/win32-errors.js';

export const NO_ERROR = 0;

const ADAPTER_INFO_SIZE = 640;
const ADDR_STRING_SIZE = 40;
const FIXED_INFO_SIZE = 584;
const MIB_IF_TYPE_ETHERNET = 6;
const MIB_IF_TYPE_LOOPBACK = 24;

export interface HostInterface {
  name: string;
  index: number;
  mac: number[];
  loopback: boolean;
  addrs: { address: string; netmask: string }[];
}

/** IPv4 interfaces of the host, with CE-style indexes (host order, from 1). */
export function hostInterfaces(): HostInterface[] {
  const out: HostInterface[] = [];
  let index = 1;
  for (const [name, list] of Object.entries(networkInterfaces())) {
    const v4 = (list ?? []).filter((a) => a.family === 'IPv4');
    if (!v4.length) continue;
    out.push({
      name,
      index: index++,
      mac: v4[0]!.mac.split(':').map((h) => parseInt(h, 16)),
      loopback: v4[0]!.internal,
      addrs: v4.map((a) => ({ address: a.address, netmask: a.netmask })),
    });
  }
  return out;
}

/**
 * The interfaces the run may see under its network policy: all of the host's ('host'), only loopback
 * ('loopback'), none ('none': the device's network is down).
 */
export function visibleInterfaces(cx: ApiContext): HostInterface[] {
  const policy = networkPolicyOf(cx.machine);
  if (policy === 'none') return [];
  const all = hostInterfaces();
  return policy === 'loopback' ? all.filter((i) => i.loopback) : all;
}

/** Socket rows the run may see: under 'loopback' those bound to a loopback or the unspecified address. */
export function visibleRows(cx: ApiContext, rows: SocketRow[]): SocketRow[] {
  const policy = networkPolicyOf(cx.machine);
  if (policy === 'none') return [];
  return policy === 'loopback' ? rows.filter((r) => r.localAddr === 0 || (r.localAddr & 0xff) === 127) : rows;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Default gateway per interface name, from /proc/net/route. */
export function hostGateways(): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of readText('/proc/net/route').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8 || f[1] !== '00000000' || f[7] !== '00000000') continue;
    const g = parseInt(f[2]!, 16);
    m.set(f[0]!, [g & 0xff, (g >>> 8) & 0xff, (g >>> 16) & 0xff, g >>> 24].join('.'));
  }
  return m;
}

export interface SocketRow {
  state: number;
  localAddr: number;
  localPort: number;
  remoteAddr: number;
  remotePort: number;
}

/** MIB_TCP_STATE from the Linux TCP state in /proc/net/tcp. */
const TCP_STATES: Record<number, number> = { 1: 5, 2: 3, 3: 4, 4: 6, 5: 7, 6: 11, 7: 1, 8: 8, 9: 9, 10: 2, 11: 10 };

/** Rows of /proc/net/tcp or /proc/net/udp (IPv4). Addresses as the in_addr DWORD (network order in memory). */
export function procNetRows(kind: 'tcp' | 'udp', text = readText(`/proc/net/${kind}`)): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const [la, lp] = f[1]!.split(':');
    const [ra, rp] = f[2]!.split(':');
    if (!la || !lp || !ra || !rp || la.length !== 8) continue;
    rows.push({
      state: TCP_STATES[parseInt(f[3]!, 16)] ?? 0,
      localAddr: parseInt(la, 16) >>> 0,
      localPort: parseInt(lp, 16),
      remoteAddr: parseInt(ra, 16) >>> 0,
      remotePort: parseInt(rp, 16),
    });
  }
  return rows;
}

/**
 * The run's own sockets (core/net/run-sockets.ts, from the Winsock shim): a device lists its own
 * connections, never the host's other sockets. A TCP row's state is the kernel's when /proc/net/tcp
 * has the same connection (CLOSE_WAIT, FIN_WAIT2, TIME_WAIT after a close...), else the shim's.
 */
export function runRows(cx: ApiContext, kind: 'tcp' | 'udp'): SocketRow[] {
  const own = runSockets(cx.machine).filter((r) => r.proto === kind);
  if (kind === 'udp' || !own.length) return own.map(({ proto: _, ...r }) => r);
  const kernel = procNetRows('tcp');
  return own.map(({ proto: _, ...r }) => {
    const k = kernel.find((x) => x.localAddr === r.localAddr && x.localPort === r.localPort && x.remoteAddr === r.remoteAddr && x.remotePort === r.remotePort);
    return k && k.state ? { ...r, state: k.state } : r;
  });
}

/** Dotted IPv4 string → the in_addr DWORD (first octet in the low byte). */
export function inAddr(s: string): number {
  const p = s.split('.').map(Number);
  return (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
}
const htons = (p: number) => ((p & 0xff) << 8) | ((p >>> 8) & 0xff);
const ntohl = (a: number) => (((a & 0xff) << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24)) >>> 0;

export function hostDns(): { servers: string[]; domain: string } {
  const servers: string[] = [];
  let domain = '';
  for (const line of readText('/etc/resolv.conf').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[0] === 'nameserver' && f[1] && /^\d+\.\d+\.\d+\.\d+$/.test(f[1])) servers.push(f[1]);
    if ((f[0] === 'domain' || (f[0] === 'search' && !domain)) && f[1]) domain = f[1];
  }
  return { servers, domain };
}

/** Size negotiation: the buffer size stored at `sizePtr`; undefined when the pointer is bad. */
function checkSize(cx: ApiContext, sizePtr: number, need: number, buf: number, overflow: number): number | undefined {
  if (!sizePtr) return ERROR.INVALID_PARAMETER;
  const have = cx.mem.u32(sizePtr);
  if (!buf || have < need) {
    cx.mem.setU32(sizePtr, need);
    return overflow;
  }
  cx.mem.check(buf, need, 'write');
  return undefined;
}

function writeCStr(cx: ApiContext, p: number, s: string, max: number): void {
  cx.mem.fill(p, max, 0);
  cx.mem.write(p, Buffer.from(s.slice(0, max - 1), 'latin1'));
}

/** IP_ADDR_STRING at p: Next, IpAddress[16], IpMask[16], Context. */
function writeAddrString(cx: ApiContext, p: number, next: number, ip: string, mask: string, context: number): void {
  cx.mem.setU32(p, next);
  writeCStr(cx, p + 4, ip, 16);
  writeCStr(cx, p + 20, mask, 16);
  cx.mem.setU32(p + 36, context);
}

function sortRows<T>(rows: T[], key: (r: T) => number[]): T[] {
  return rows.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  });
}

export const iphlpapi: ApiDef[] = [
  fn('GetAdaptersInfo(ptr pAdapterInfo, ptr pOutBufLen): u32', (cx, buf: number, lenPtr: number) => {
    const ifs = visibleInterfaces(cx).filter((i) => !i.loopback);
    if (!ifs.length) return ERROR.NO_DATA;
    const extra = ifs.reduce((n, i) => n + i.addrs.length - 1, 0);
    const need = ifs.length * ADAPTER_INFO_SIZE + extra * ADDR_STRING_SIZE;
    const bad = checkSize(cx, lenPtr, need, buf, ERROR.BUFFER_OVERFLOW);
    if (bad !== undefined) return bad;
    cx.mem.fill(buf, need, 0);
    const gws = hostGateways();
    let extraAt = buf + ifs.length * ADAPTER_INFO_SIZE;
    ifs.forEach((i, k) => {
      const p = buf + k * ADAPTER_INFO_SIZE;
      cx.mem.setU32(p, k + 1 < ifs.length ? p + ADAPTER_INFO_SIZE : 0); // Next
      cx.mem.setU32(p + 4, i.index); // ComboIndex
      writeCStr(cx, p + 8, i.name, 260); // AdapterName
      writeCStr(cx, p + 268, `${i.name} (host network interface)`, 132); // Description
      cx.mem.setU32(p + 400, 6); // AddressLength
      cx.mem.write(p + 404, Uint8Array.from(i.mac.slice(0, 6)));
      cx.mem.setU32(p + 412, i.index);
      cx.mem.setU32(p + 416, MIB_IF_TYPE_ETHERNET);
      cx.mem.setU32(p + 420, 0); // DhcpEnabled
      cx.mem.setU32(p + 424, p + 428); // CurrentIpAddress
      // IpAddressList: the first address inline, the others chained after all adapters.
      let list = p + 428;
      i.addrs.forEach((a, j) => {
        const at = j === 0 ? list : extraAt;
        if (j > 0) {
          cx.mem.setU32(list, at);
          extraAt += ADDR_STRING_SIZE;
          list = at;
        }
        writeAddrString(cx, at, 0, a.address, a.netmask, i.index * 16 + j);
      });
      writeAddrString(cx, p + 468, 0, gws.get(i.name) ?? '0.0.0.0', gws.has(i.name) ? '255.255.255.255' : '0.0.0.0', 0); // GatewayList
      writeAddrString(cx, p + 508, 0, '0.0.0.0', '0.0.0.0', 0); // DhcpServer
      writeAddrString(cx, p + 552, 0, '0.0.0.0', '0.0.0.0', 0); // PrimaryWinsServer
      writeAddrString(cx, p + 592, 0, '0.0.0.0', '0.0.0.0', 0); // SecondaryWinsServer
    });
    return NO_ERROR;
  }),

  fn('GetNumberOfInterfaces(ptr pdwNumIf): u32', (cx, p: number) => {
    if (!p) return ERROR.INVALID_PARAMETER;
    cx.mem.setU32(p, visibleInterfaces(cx).length);
    return NO_ERROR;
  }),

  fn('GetIpAddrTable(ptr pIpAddrTable, ptr pdwSize, bool bOrder): u32', (cx, buf: number, sizePtr: number, order: number) => {
    const rows = visibleInterfaces(cx).flatMap((i) => i.addrs.map((a) => ({ addr: inAddr(a.address), index: i.index, mask: inAddr(a.netmask) })));
    const need = 4 + 24 * rows.length;
    const bad = checkSize(cx, sizePtr, need, buf, ERROR.INSUFFICIENT_BUFFER);
    if (bad !== undefined) return bad;
    if (order) sortRows(rows, (r) => [ntohl(r.addr)]);
    cx.mem.setU32(buf, rows.length);
    rows.forEach((r, k) => {
      const p = buf + 4 + 24 * k;
      cx.mem.setU32(p, r.addr);
      cx.mem.setU32(p + 4, r.index);
      cx.mem.setU32(p + 8, r.mask);
      cx.mem.setU32(p + 12, 1); // dwBCastAddr: the low bit of the broadcast address
      cx.mem.setU32(p + 16, 65535); // dwReasmSize
      cx.mem.setU16(p + 20, 0);
      cx.mem.setU16(p + 22, 1); // wType MIB_IPADDR_PRIMARY
    });
    return NO_ERROR;
  }),

  fn('GetTcpTable(ptr pTcpTable, ptr pdwSize, bool bOrder): u32', (cx, buf: number, sizePtr: number, order: number) => {
    const rows = visibleRows(cx, runRows(cx, 'tcp'));
    const need = 4 + 20 * rows.length;
    const bad = checkSize(cx, sizePtr, need, buf, ERROR.INSUFFICIENT_BUFFER);
    if (bad !== undefined) return bad;
    if (order) sortRows(rows, (r) => [ntohl(r.localAddr), r.localPort, ntohl(r.remoteAddr), r.remotePort]);
    cx.mem.setU32(buf, rows.length);
    rows.forEach((r, k) => {
      const p = buf + 4 + 20 * k;
      cx.mem.setU32(p, r.state);
      cx.mem.setU32(p + 4, r.localAddr);
      cx.mem.setU32(p + 8, htons(r.localPort));
      cx.mem.setU32(p + 12, r.state === 2 ? 0 : r.remoteAddr);
      cx.mem.setU32(p + 16, r.state === 2 ? 0 : htons(r.remotePort));
    });
    return NO_ERROR;
  }),

  fn('GetUdpTable(ptr pUdpTable, ptr pdwSize, bool bOrder): u32', (cx, buf: number, sizePtr: number, order: number) => {
    const rows = visibleRows(cx, runRows(cx, 'udp'));
    const need = 4 + 8 * rows.length;
    const bad = checkSize(cx, sizePtr, need, buf, ERROR.INSUFFICIENT_BUFFER);
    if (bad !== undefined) return bad;
    if (order) sortRows(rows, (r) => [ntohl(r.localAddr), r.localPort]);
    cx.mem.setU32(buf, rows.length);
    rows.forEach((r, k) => {
      cx.mem.setU32(buf + 4 + 8 * k, r.localAddr);
      cx.mem.setU32(buf + 8 + 8 * k, htons(r.localPort));
    });
    return NO_ERROR;
  }),

  fn('GetNetworkParams(ptr pFixedInfo, ptr pOutBufLen): u32', (cx, buf: number, lenPtr: number) => {
    const dns = hostDns();
    const servers = dns.servers.length ? dns.servers : ['0.0.0.0'];
    const need = FIXED_INFO_SIZE + (servers.length - 1) * ADDR_STRING_SIZE;
    const bad = checkSize(cx, lenPtr, need, buf, ERROR.BUFFER_OVERFLOW);
    if (bad !== undefined) return bad;
    cx.mem.fill(buf, need, 0);
    const host = hostname();
    const dot = host.indexOf('.');
    writeCStr(cx, buf, dot > 0 ? host.slice(0, dot) : host, 132);
    writeCStr(cx, buf + 132, dns.domain || (dot > 0 ? host.slice(dot + 1) : ''), 132);
    cx.mem.setU32(buf + 264, buf + 268); // CurrentDnsServer
    servers.forEach((s, k) => {
      const at = k === 0 ? buf + 268 : buf + FIXED_INFO_SIZE + (k - 1) * ADDR_STRING_SIZE;
      const next = k + 1 < servers.length ? buf + FIXED_INFO_SIZE + k * ADDR_STRING_SIZE : 0;
      writeAddrString(cx, at, next, s, '255.255.255.255', 0);
    });
    cx.mem.setU32(buf + 308, 1); // NodeType BROADCAST_NODETYPE
    cx.mem.setU32(buf + 572, 0); // EnableRouting
    cx.mem.setU32(buf + 576, 0); // EnableProxy
    cx.mem.setU32(buf + 580, dns.servers.length ? 1 : 0); // EnableDns
    return NO_ERROR;
  }),
];

export const IPHLPAPI_FAULT = { kind: 'error', ret: ERROR.INVALID_PARAMETER, lastError: ERROR.INVALID_PARAMETER } as const;
export { MIB_IF_TYPE_LOOPBACK };
