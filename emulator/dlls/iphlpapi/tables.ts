/**
 * iphlpapi interface, route and statistics tables, from the host's network state and filtered by the
 * run's network policy (core/net/policy-of.ts: 'loopback' shows only the loopback interface, its
 * routes and loopback sockets; 'none', a device whose network is down, shows no interface):
 * GetIfTable, GetIfEntry, GetIpForwardTable, Get{Ip,Icmp,Tcp,Udp}Statistics(Ex),
 * Create/Set/DeleteIpForwardEntry, GetBestInterface(Ex), GetAdapterIndex.
 *
 * Sources: /proc/net/dev (interface counters), /sys/class/net/<if>/{mtu,speed} (MTU, link speed),
 * /proc/net/route (routes; the loopback network 127.0.0.0/8 and each address's host route are added
 * as the Windows/CE stack lists them), /proc/net/snmp (the IP, ICMP, TCP and UDP MIB-II counters,
 * which are host-wide whatever the policy). The gauges of current sockets are the device's own, as
 * GetTcpTable/GetUdpTable list them (the run's sockets, core/net/run-sockets.ts, through the policy):
 * MIB_TCPSTATS dwNumConns is the TCP table's row count and dwCurrEstab its ESTABLISHED + CLOSE_WAIT rows
 * (RFC 1213 tcpCurrEstab), MIB_UDPSTATS dwNumAddrs the UDP table's row count; Windows documents
 * dwNumConns / dwNumAddrs as the number of entries in those tables. IPv6 statistics (the Ex functions with AF_INET6) are
 * ERROR_NOT_SUPPORTED: the emulated stack is IPv4 (iphlpapi.ts). Layouts are the 32-bit ones of
 * iprtrmib.h/ipmib.h: MIB_IFROW 860 bytes, MIB_IPFORWARDROW 56, MIB_IPSTATS 92, MIB_ICMP 104,
 * MIB_TCPSTATS 60, MIB_UDPSTATS 20.
 *
 * Route changes (Create/Set/DeleteIpForwardEntry) would change the host's routing: the device is not
 * allowed to, so they fail with ERROR_ACCESS_DENIED, what Windows returns to a caller without the
 * right (after validating the row: an unknown interface index is ERROR_INVALID_PARAMETER).
 */
import { readFileSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { NO_ERROR, inAddr, runRows, visibleInterfaces, visibleRows, type HostInterface } from './iphlpapi.js';
import { ERROR } from '../../core/win32-errors.js';

const IFROW_SIZE = 860;
const FORWARD_ROW_SIZE = 56;
const AF_INET = 2;
const AF_INET6 = 23;
const MIB_IF_TYPE_ETHERNET = 6;
const MIB_IF_TYPE_LOOPBACK = 24;
const MIB_IPROUTE_TYPE_DIRECT = 3;
const MIB_IPROUTE_TYPE_INDIRECT = 4;
const MIB_IPPROTO_LOCAL = 2;
const MIB_IPPROTO_NETMGMT = 3;

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

interface IfCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrs: number;
  rxDrop: number;
  rxMulticast: number;
  txBytes: number;
  txPackets: number;
  txErrs: number;
  txDrop: number;
}

/** /proc/net/dev counters by interface name. */
export function hostIfCounters(text = readText('/proc/net/dev')): Map<string, IfCounters> {
  const m = new Map<string, IfCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (f.length < 16) continue;
    m.set(line.slice(0, colon).trim(), {
      rxBytes: f[0]!,
      rxPackets: f[1]!,
      rxErrs: f[2]!,
      rxDrop: f[3]!,
      rxMulticast: f[7]!,
      txBytes: f[8]!,
      txPackets: f[9]!,
      txErrs: f[10]!,
      txDrop: f[11]!,
    });
  }
  return m;
}

const u32 = (n: number) => (Number.isFinite(n) ? (n % 2 ** 32) >>> 0 : 0);

function sysNumber(name: string, what: string): number | undefined {
  const t = readText(`/sys/class/net/${name}/${what}`).trim();
  const n = Number(t);
  return t && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function writeIfRow(cx: ApiContext, p: number, i: HostInterface, c: IfCounters | undefined): void {
  cx.mem.fill(p, IFROW_SIZE, 0);
  cx.mem.writeWstr(p, i.name.slice(0, 255));
  cx.mem.setU32(p + 512, i.index);
  cx.mem.setU32(p + 516, i.loopback ? MIB_IF_TYPE_LOOPBACK : MIB_IF_TYPE_ETHERNET);
  cx.mem.setU32(p + 520, sysNumber(i.name, 'mtu') ?? (i.loopback ? 65536 : 1500));
  const mbit = sysNumber(i.name, 'speed');
  cx.mem.setU32(p + 524, u32(mbit !== undefined ? mbit * 1_000_000 : i.loopback ? 10_000_000 : 100_000_000));
  const mac = i.loopback ? [] : i.mac.slice(0, 6);
  cx.mem.setU32(p + 528, mac.length);
  if (mac.length) cx.mem.write(p + 532, Uint8Array.from(mac));
  cx.mem.setU32(p + 540, 1); // dwAdminStatus: MIB_IF_ADMIN_STATUS_UP
  cx.mem.setU32(p + 544, 5); // dwOperStatus: MIB_IF_OPER_STATUS_OPERATIONAL
  if (c) {
    cx.mem.setU32(p + 552, u32(c.rxBytes));
    cx.mem.setU32(p + 556, u32(c.rxPackets - c.rxMulticast));
    cx.mem.setU32(p + 560, u32(c.rxMulticast));
    cx.mem.setU32(p + 564, u32(c.rxDrop));
    cx.mem.setU32(p + 568, u32(c.rxErrs));
    cx.mem.setU32(p + 576, u32(c.txBytes));
    cx.mem.setU32(p + 580, u32(c.txPackets));
    cx.mem.setU32(p + 588, u32(c.txDrop));
    cx.mem.setU32(p + 592, u32(c.txErrs));
  }
  const descr = Buffer.from(i.loopback ? 'Loopback Interface' : `${i.name} (host network interface)`, 'latin1');
  cx.mem.setU32(p + 600, descr.length + 1);
  cx.mem.write(p + 604, descr.subarray(0, 255));
}

interface Route {
  dest: number;
  mask: number;
  nextHop: number;
  ifIndex: number;
  type: number;
  proto: number;
  metric: number;
}

const ntohl = (a: number) => (((a & 0xff) << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24)) >>> 0;

/** The route table (see the file comment): in_addr DWORDs. */
export function routes(cx: ApiContext, routeText = readText('/proc/net/route')): Route[] {
  const ifs = visibleInterfaces(cx);
  const byName = new Map(ifs.map((i) => [i.name, i]));
  const out: Route[] = [];
  for (const line of routeText.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const i = byName.get(f[0]!);
    if (!i) continue;
    const gw = parseInt(f[2]!, 16) >>> 0;
    out.push({
      dest: parseInt(f[1]!, 16) >>> 0,
      mask: parseInt(f[7]!, 16) >>> 0,
      nextHop: gw || inAddr(i.addrs[0]!.address),
      ifIndex: i.index,
      type: gw ? MIB_IPROUTE_TYPE_INDIRECT : MIB_IPROUTE_TYPE_DIRECT,
      proto: MIB_IPPROTO_NETMGMT,
      metric: Number(f[6]) || 1,
    });
  }
  for (const i of ifs) {
    for (const a of i.addrs) {
      const addr = inAddr(a.address);
      if (i.loopback) {
        const mask = inAddr(a.netmask);
        out.push({ dest: addr & mask, mask, nextHop: addr, ifIndex: i.index, type: MIB_IPROUTE_TYPE_DIRECT, proto: MIB_IPPROTO_LOCAL, metric: 1 });
      } else {
        out.push({
          dest: addr,
          mask: 0xffff_ffff,
          nextHop: inAddr('127.0.0.1'),
          ifIndex: i.index,
          type: MIB_IPROUTE_TYPE_DIRECT,
          proto: MIB_IPPROTO_LOCAL,
          metric: 1,
        });
      }
    }
  }
  return out.sort((a, b) => ntohl(a.dest) - ntohl(b.dest) || ntohl(b.mask) - ntohl(a.mask));
}

/** /proc/net/snmp: `Proto` -> field -> value. */
export function snmp(text = readText('/proc/net/snmp')): Map<string, Map<string, number>> {
  const m = new Map<string, Map<string, number>>();
  const lines = text.split('\n');
  for (let k = 0; k + 1 < lines.length; k += 2) {
    const names = lines[k]!.split(/\s+/);
    const vals = lines[k + 1]!.split(/\s+/);
    const proto = names[0]!.replace(/:$/, '');
    const fields = new Map<string, number>();
    for (let j = 1; j < names.length; j++) fields.set(names[j]!, Number(vals[j]));
    m.set(proto, fields);
  }
  return m;
}

function checkSize(cx: ApiContext, sizePtr: number, need: number, buf: number): number | undefined {
  if (!sizePtr) return ERROR.INVALID_PARAMETER;
  if (!buf || cx.mem.u32(sizePtr) < need) {
    cx.mem.setU32(sizePtr, need);
    return ERROR.INSUFFICIENT_BUFFER;
  }
  cx.mem.check(buf, need, 'write');
  return undefined;
}

function writeDwords(cx: ApiContext, p: number, values: number[]): void {
  values.forEach((v, k) => cx.mem.setU32(p + 4 * k, u32(v)));
}

function ipStats(cx: ApiContext, p: number): void {
  const ip = snmp().get('Ip') ?? new Map<string, number>();
  const g = (k: string) => ip.get(k) ?? 0;
  const ifs = visibleInterfaces(cx);
  writeDwords(cx, p, [
    g('Forwarding') || 2,
    g('DefaultTTL') || 64,
    g('InReceives'),
    g('InHdrErrors'),
    g('InAddrErrors'),
    g('ForwDatagrams'),
    g('InUnknownProtos'),
    g('InDiscards'),
    g('InDelivers'),
    g('OutRequests'),
    0, // dwRoutingDiscards
    g('OutDiscards'),
    g('OutNoRoutes'),
    g('ReasmTimeout'),
    g('ReasmReqds'),
    g('ReasmOKs'),
    g('ReasmFails'),
    g('FragOKs'),
    g('FragFails'),
    g('FragCreates'),
    ifs.length,
    ifs.reduce((n, i) => n + i.addrs.length, 0),
    routes(cx).length,
  ]);
}

function icmpStats(p: number, cx: ApiContext): void {
  const s = snmp().get('Icmp') ?? new Map<string, number>();
  const g = (k: string) => s.get(k) ?? 0;
  const side = (d: 'In' | 'Out') => [
    g(`${d}Msgs`),
    g(`${d}Errors`),
    g(`${d}DestUnreachs`),
    g(`${d}TimeExcds`),
    g(`${d}ParmProbs`),
    g(`${d}SrcQuenchs`),
    g(`${d}Redirects`),
    g(`${d}Echos`),
    g(`${d}EchoReps`),
    g(`${d}Timestamps`),
    g(`${d}TimestampReps`),
    g(`${d}AddrMasks`),
    g(`${d}AddrMaskReps`),
  ];
  writeDwords(cx, p, [...side('In'), ...side('Out')]);
}

function tcpStats(cx: ApiContext, p: number): void {
  const s = snmp().get('Tcp') ?? new Map<string, number>();
  const g = (k: string) => s.get(k) ?? 0;
  const rows = visibleRows(cx, runRows(cx, 'tcp'));
  const MIB_TCP_STATE_ESTAB = 5;
  const MIB_TCP_STATE_CLOSE_WAIT = 8;
  const estab = rows.filter((r) => r.state === MIB_TCP_STATE_ESTAB || r.state === MIB_TCP_STATE_CLOSE_WAIT).length;
  writeDwords(cx, p, [
    g('RtoAlgorithm'),
    g('RtoMin'),
    g('RtoMax'),
    g('MaxConn') < 0 ? 0xffff_ffff : g('MaxConn'),
    g('ActiveOpens'),
    g('PassiveOpens'),
    g('AttemptFails'),
    g('EstabResets'),
    estab,
    g('InSegs'),
    g('OutSegs'),
    g('RetransSegs'),
    g('InErrs'),
    g('OutRsts'),
    rows.length,
  ]);
}

function udpStats(cx: ApiContext, p: number): void {
  const s = snmp().get('Udp') ?? new Map<string, number>();
  const g = (k: string) => s.get(k) ?? 0;
  writeDwords(cx, p, [g('InDatagrams'), g('NoPorts'), g('InErrors'), g('OutDatagrams'), visibleRows(cx, runRows(cx, 'udp')).length]);
}

function stats(size: number, fill: (cx: ApiContext, p: number) => void) {
  return (cx: ApiContext, p: number, family = AF_INET) => {
    if (!p) return ERROR.INVALID_PARAMETER;
    if (family === AF_INET6) return ERROR.NOT_SUPPORTED;
    if (family !== AF_INET) return ERROR.INVALID_PARAMETER;
    cx.mem.check(p, size, 'write');
    fill(cx, p);
    return NO_ERROR;
  };
}
const ipS = stats(92, ipStats);
const icmpS = stats(104, (cx, p) => icmpStats(p, cx));
const tcpS = stats(60, tcpStats);
const udpS = stats(20, udpStats);

function routeChange(cx: ApiContext, row: number): number {
  if (!row) return ERROR.INVALID_PARAMETER;
  const ifIndex = cx.mem.u32(row + 16);
  if (!visibleInterfaces(cx).some((i) => i.index === ifIndex)) return ERROR.INVALID_PARAMETER;
  return ERROR.ACCESS_DENIED;
}

/** The interface a packet to `dest` (in_addr DWORD) leaves by: longest matching route. */
function bestInterface(cx: ApiContext, dest: number): number | undefined {
  let best: Route | undefined;
  for (const r of routes(cx)) {
    if ((dest & r.mask) >>> 0 !== r.dest >>> 0) continue;
    if (!best || ntohl(r.mask) > ntohl(best.mask)) best = r;
  }
  if (best) return best.ifIndex;
  return undefined;
}

export const tables: ApiDef[] = [
  fn('GetIfTable(ptr pIfTable, ptr pdwSize, bool bOrder): u32', (cx, buf: number, sizePtr: number) => {
    const ifs = visibleInterfaces(cx);
    const bad = checkSize(cx, sizePtr, 4 + IFROW_SIZE * ifs.length, buf);
    if (bad !== undefined) return bad;
    const counters = hostIfCounters();
    cx.mem.setU32(buf, ifs.length);
    ifs.forEach((i, k) => writeIfRow(cx, buf + 4 + IFROW_SIZE * k, i, counters.get(i.name)));
    return NO_ERROR;
  }),
  fn('GetIfEntry(ptr pIfRow): u32', (cx, p: number) => {
    if (!p) return ERROR.INVALID_PARAMETER;
    const index = cx.mem.u32(p + 512);
    const i = visibleInterfaces(cx).find((x) => x.index === index);
    if (!i) return ERROR.INVALID_DATA;
    cx.mem.check(p, IFROW_SIZE, 'write');
    writeIfRow(cx, p, i, hostIfCounters().get(i.name));
    return NO_ERROR;
  }),
  fn('GetIpForwardTable(ptr pIpForwardTable, ptr pdwSize, bool bOrder): u32', (cx, buf: number, sizePtr: number) => {
    const rows = routes(cx);
    const bad = checkSize(cx, sizePtr, 4 + FORWARD_ROW_SIZE * rows.length, buf);
    if (bad !== undefined) return bad;
    cx.mem.setU32(buf, rows.length);
    rows.forEach((r, k) => {
      const p = buf + 4 + FORWARD_ROW_SIZE * k;
      writeDwords(cx, p, [r.dest, r.mask, 0, r.nextHop, r.ifIndex, r.type, r.proto, 0, 0, r.metric, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff]);
    });
    return NO_ERROR;
  }),
  fn('GetIpStatistics(ptr pStats): u32', (cx, p: number) => ipS(cx, p)),
  fn('GetIpStatisticsEx(ptr pStats, u32 dwFamily): u32', (cx, p: number, fam: number) => ipS(cx, p, fam)),
  fn('GetIcmpStatistics(ptr pStats): u32', (cx, p: number) => icmpS(cx, p)),
  fn('GetIcmpStatisticsEx(ptr pStats, u32 dwFamily): u32', (cx, p: number, fam: number) => icmpS(cx, p, fam)),
  fn('GetTcpStatistics(ptr pStats): u32', (cx, p: number) => tcpS(cx, p)),
  fn('GetTcpStatisticsEx(ptr pStats, u32 dwFamily): u32', (cx, p: number, fam: number) => tcpS(cx, p, fam)),
  fn('GetUdpStatistics(ptr pStats): u32', (cx, p: number) => udpS(cx, p)),
  fn('GetUdpStatisticsEx(ptr pStats, u32 dwFamily): u32', (cx, p: number, fam: number) => udpS(cx, p, fam)),
  fn('CreateIpForwardEntry(ptr pRoute): u32', (cx, p: number) => routeChange(cx, p)),
  fn('SetIpForwardEntry(ptr pRoute): u32', (cx, p: number) => routeChange(cx, p)),
  fn('DeleteIpForwardEntry(ptr pRoute): u32', (cx, p: number) => routeChange(cx, p)),
  fn('GetBestInterface(u32 dwDestAddr, ptr pdwBestIfIndex): u32', (cx, dest: number, out: number) => {
    if (!out) return ERROR.INVALID_PARAMETER;
    const i = bestInterface(cx, dest);
    if (i === undefined) return ERROR.CAN_NOT_COMPLETE;
    cx.mem.setU32(out, i);
    return NO_ERROR;
  }),
  fn('GetBestInterfaceEx(ptr pDestAddr, ptr pdwBestIfIndex): u32', (cx, sa: number, out: number) => {
    if (!sa || !out) return ERROR.INVALID_PARAMETER;
    if (cx.mem.u16(sa) !== AF_INET) return ERROR.NOT_SUPPORTED;
    const i = bestInterface(cx, cx.mem.u32(sa + 4));
    if (i === undefined) return ERROR.CAN_NOT_COMPLETE;
    cx.mem.setU32(out, i);
    return NO_ERROR;
  }),
  fn('GetAdapterIndex(wstr AdapterName, ptr IfIndex): u32', (cx, name: number, out: number) => {
    if (!name || !out) return ERROR.INVALID_PARAMETER;
    const n = cx.mem.wstr(name, 260).replace(/^\\DEVICE\\TCPIP_/i, '');
    const i = visibleInterfaces(cx).find((x) => x.name.toLowerCase() === n.toLowerCase());
    if (!i) return ERROR.NOT_FOUND;
    cx.mem.setU32(out, i.index);
    return NO_ERROR;
  }),
];
