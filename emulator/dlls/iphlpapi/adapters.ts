/**
 * iphlpapi adapter descriptions beyond GetAdaptersInfo: GetAdaptersAddresses, GetInterfaceInfo,
 * GetPerAdapterInfo, IpReleaseAddress, IpRenewAddress — the host's IPv4 interfaces as the run's
 * network policy lets it see them (iphlpapi.ts visibleInterfaces), loopback included as on CE.
 *
 * GetAdaptersAddresses fills the 32-bit IP_ADAPTER_ADDRESSES of CE 6's iptypes.h (the XP SP1 layout,
 * Length 144) with its unicast addresses (IP_ADAPTER_UNICAST_ADDRESS, 48 bytes, SOCKADDR_IN each),
 * DNS servers (from the host's resolver configuration, on every non-loopback adapter), the friendly
 * name, description and DNS suffix as wide strings, and prefixes with GAA_FLAG_INCLUDE_PREFIX; the
 * GAA_FLAG_SKIP_* flags leave their lists out. Only AF_INET/AF_UNSPEC have addresses (the emulated
 * stack is IPv4): AF_INET6 is ERROR_NO_DATA, another family ERROR_INVALID_PARAMETER. Too small a
 * buffer: ERROR_BUFFER_OVERFLOW with the size needed.
 *
 * IpReleaseAddress/IpRenewAddress would reconfigure the host's network: the adapters are not DHCP
 * adapters of the device (GetAdaptersInfo reports DhcpEnabled 0), and the calls fail with
 * ERROR_NOT_SUPPORTED after checking the adapter index (unknown: ERROR_INVALID_PARAMETER).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { NO_ERROR, hostDns, inAddr, visibleInterfaces, type HostInterface } from './iphlpapi.js';
import { ERROR } from '../../core/win32-errors.js';

const AF_UNSPEC = 0;
const AF_INET = 2;
const AF_INET6 = 23;
const GAA_FLAG_SKIP_UNICAST = 0x1;
const GAA_FLAG_SKIP_DNS_SERVER = 0x8;
const GAA_FLAG_INCLUDE_PREFIX = 0x10;
const GAA_FLAG_SKIP_FRIENDLY_NAME = 0x20;
const ADAPTER_SIZE = 144;
const UNICAST_SIZE = 48;
const DNS_SIZE = 24;
const PREFIX_SIZE = 24;
const SOCKADDR_IN_SIZE = 16;
const IF_TYPE_ETHERNET = 6;
const IF_TYPE_LOOPBACK = 24;
const IF_OPER_STATUS_UP = 1;
const INDEX_MAP_SIZE = 260;

/** A little linker: blocks appended at 8-byte aligned offsets, pointers relative to `base`. */
class Layout {
  private chunks: { at: number; bytes: Buffer }[] = [];
  size = 0;
  constructor(readonly base: number) {}
  alloc(n: number): { addr: number; bytes: Buffer } {
    this.size = (this.size + 7) & ~7;
    const bytes = Buffer.alloc(n);
    const at = this.size;
    this.chunks.push({ at, bytes });
    this.size += n;
    return { addr: this.base + at, bytes };
  }
  wstr(s: string): number {
    const b = this.alloc(2 * (s.length + 1));
    b.bytes.write(s, 'utf16le');
    return b.addr;
  }
  cstr(s: string): number {
    const b = this.alloc(s.length + 1);
    b.bytes.write(s, 'latin1');
    return b.addr;
  }
  sockaddr(addr: number): number {
    const b = this.alloc(SOCKADDR_IN_SIZE);
    b.bytes.writeUInt16LE(AF_INET, 0);
    b.bytes.writeUInt32LE(addr >>> 0, 4);
    return b.addr;
  }
  image(): Buffer {
    const out = Buffer.alloc(this.size);
    for (const c of this.chunks) c.bytes.copy(out, c.at);
    return out;
  }
}

function prefixLength(mask: string): number {
  return mask.split('.').reduce((n, o) => n + (Number(o) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

function buildAddresses(base: number, ifs: HostInterface[], flags: number, dns: string[], suffix: string): Layout {
  const L = new Layout(base);
  const heads = ifs.map(() => L.alloc(ADAPTER_SIZE));
  ifs.forEach((i, k) => {
    const b = heads[k]!.bytes;
    b.writeUInt32LE(ADAPTER_SIZE, 0);
    b.writeUInt32LE(i.index, 4);
    b.writeUInt32LE(k + 1 < ifs.length ? heads[k + 1]!.addr : 0, 8);
    b.writeUInt32LE(L.cstr(i.name), 12);
    if (!(flags & GAA_FLAG_SKIP_UNICAST)) {
      const entries = i.addrs.map(() => L.alloc(UNICAST_SIZE));
      i.addrs.forEach((a, j) => {
        const e = entries[j]!.bytes;
        e.writeUInt32LE(UNICAST_SIZE, 0);
        e.writeUInt32LE(j + 1 < entries.length ? entries[j + 1]!.addr : 0, 8);
        e.writeUInt32LE(L.sockaddr(inAddr(a.address)), 12);
        e.writeUInt32LE(SOCKADDR_IN_SIZE, 16);
        e.writeUInt32LE(i.loopback ? 2 : 1, 20); // PrefixOrigin: IpPrefixOriginWellKnown / Manual
        e.writeUInt32LE(i.loopback ? 2 : 1, 24); // SuffixOrigin: IpSuffixOriginWellKnown / Manual
        e.writeUInt32LE(4, 28); // DadState: IpDadStatePreferred
        e.writeUInt32LE(0xffff_ffff, 32);
        e.writeUInt32LE(0xffff_ffff, 36);
        e.writeUInt32LE(0xffff_ffff, 40);
        e[44] = prefixLength(a.netmask);
      });
      b.writeUInt32LE(entries[0]?.addr ?? 0, 16);
    }
    if (!(flags & GAA_FLAG_SKIP_DNS_SERVER) && !i.loopback) {
      const entries = dns.map(() => L.alloc(DNS_SIZE));
      dns.forEach((s, j) => {
        const e = entries[j]!.bytes;
        e.writeUInt32LE(DNS_SIZE, 0);
        e.writeUInt32LE(j + 1 < entries.length ? entries[j + 1]!.addr : 0, 8);
        e.writeUInt32LE(L.sockaddr(inAddr(s)), 12);
        e.writeUInt32LE(SOCKADDR_IN_SIZE, 16);
      });
      b.writeUInt32LE(entries[0]?.addr ?? 0, 28);
    }
    b.writeUInt32LE(L.wstr(i.loopback ? '' : suffix), 32);
    b.writeUInt32LE(L.wstr(i.loopback ? 'Loopback Interface' : `${i.name} (host network interface)`), 36);
    b.writeUInt32LE(L.wstr(flags & GAA_FLAG_SKIP_FRIENDLY_NAME ? '' : i.name), 40);
    const mac = i.loopback ? [] : i.mac.slice(0, 6);
    Buffer.from(mac).copy(b, 44);
    b.writeUInt32LE(mac.length, 52);
    b.writeUInt32LE(0, 56); // Flags: not DHCP
    b.writeUInt32LE(i.loopback ? 65535 : 1500, 60);
    b.writeUInt32LE(i.loopback ? IF_TYPE_LOOPBACK : IF_TYPE_ETHERNET, 64);
    b.writeUInt32LE(IF_OPER_STATUS_UP, 68);
    if (flags & GAA_FLAG_INCLUDE_PREFIX) {
      const entries = i.addrs.map(() => L.alloc(PREFIX_SIZE));
      i.addrs.forEach((a, j) => {
        const e = entries[j]!.bytes;
        e.writeUInt32LE(PREFIX_SIZE, 0);
        e.writeUInt32LE(j + 1 < entries.length ? entries[j + 1]!.addr : 0, 8);
        e.writeUInt32LE(L.sockaddr(inAddr(a.address) & inAddr(a.netmask)), 12);
        e.writeUInt32LE(SOCKADDR_IN_SIZE, 16);
        e.writeUInt32LE(prefixLength(a.netmask), 20);
      });
      b.writeUInt32LE(entries[0]?.addr ?? 0, 140);
    }
  });
  return L;
}

export const adapters: ApiDef[] = [
  fn(
    'GetAdaptersAddresses(u32 Family, hex Flags, ptr Reserved, ptr pAdapterAddresses, ptr pOutBufLen): u32',
    (cx, family: number, flags: number, _r: number, buf: number, lenPtr: number) => {
      if (!lenPtr || (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6)) return ERROR.INVALID_PARAMETER;
      const ifs = family === AF_INET6 ? [] : visibleInterfaces(cx);
      if (!ifs.length) return ERROR.NO_DATA;
      const dns = hostDns();
      const need = buildAddresses(0, ifs, flags, dns.servers, dns.domain).size;
      if (!buf || cx.mem.u32(lenPtr) < need) {
        cx.mem.setU32(lenPtr, need);
        return ERROR.BUFFER_OVERFLOW;
      }
      cx.mem.check(buf, need, 'write');
      cx.mem.write(buf, buildAddresses(buf, ifs, flags, dns.servers, dns.domain).image());
      return NO_ERROR;
    },
  ),
  fn('GetInterfaceInfo(ptr pIfTable, ptr dwOutBufLen): u32', (cx, buf: number, lenPtr: number) => {
    if (!lenPtr) return ERROR.INVALID_PARAMETER;
    const ifs = visibleInterfaces(cx).filter((i) => !i.loopback);
    if (!ifs.length) return ERROR.NO_DATA;
    const need = 4 + INDEX_MAP_SIZE * ifs.length;
    if (!buf || cx.mem.u32(lenPtr) < need) {
      cx.mem.setU32(lenPtr, need);
      return ERROR.INSUFFICIENT_BUFFER;
    }
    cx.mem.check(buf, need, 'write');
    cx.mem.fill(buf, need, 0);
    cx.mem.setU32(buf, ifs.length);
    ifs.forEach((i, k) => {
      cx.mem.setU32(buf + 4 + INDEX_MAP_SIZE * k, i.index);
      cx.mem.writeWstr(buf + 8 + INDEX_MAP_SIZE * k, i.name.slice(0, 127));
    });
    return NO_ERROR;
  }),
  fn('GetPerAdapterInfo(u32 IfIndex, ptr pPerAdapterInfo, ptr pOutBufLen): u32', (cx, index: number, buf: number, lenPtr: number) => {
    if (!lenPtr) return ERROR.INVALID_PARAMETER;
    if (!visibleInterfaces(cx).some((i) => i.index === index)) return ERROR.INVALID_PARAMETER;
    const servers = hostDns().servers;
    // IP_PER_ADAPTER_INFO: AutoconfigEnabled, AutoconfigActive, CurrentDnsServer, DnsServerList (IP_ADDR_STRING, 40).
    const need = 12 + 40 * Math.max(1, servers.length);
    if (!buf || cx.mem.u32(lenPtr) < need) {
      cx.mem.setU32(lenPtr, need);
      return ERROR.BUFFER_OVERFLOW;
    }
    cx.mem.check(buf, need, 'write');
    cx.mem.fill(buf, need, 0);
    servers.forEach((s, k) => {
      const at = buf + 12 + 40 * k;
      cx.mem.setU32(at, k + 1 < servers.length ? at + 40 : 0);
      cx.mem.write(at + 4, Buffer.from(s, 'latin1'));
      cx.mem.write(at + 20, Buffer.from('255.255.255.255', 'latin1'));
    });
    return NO_ERROR;
  }),
  fn('IpReleaseAddress(ptr AdapterInfo): u32', (cx, p: number) => dhcpChange(cx, p)),
  fn('IpRenewAddress(ptr AdapterInfo): u32', (cx, p: number) => dhcpChange(cx, p)),
];

function dhcpChange(cx: ApiContext, p: number): number {
  if (!p) return ERROR.INVALID_PARAMETER;
  const index = cx.mem.u32(p);
  if (!visibleInterfaces(cx).some((i) => i.index === index)) return ERROR.INVALID_PARAMETER;
  return ERROR.NOT_SUPPORTED;
}
