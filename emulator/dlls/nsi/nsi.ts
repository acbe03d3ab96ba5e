/**
 * NSI.dll entry points (the undocumented network store interface; the layouts and the table numbers
 * are those Wine's nsi.dll and iphlpapi use, include/wine/nsi.h, checked against the sizes CE 7's
 * route.exe passes): NsiAllocateAndGetTable, NsiFreeTable, NsiGetParameter.
 *
 * - NsiAllocateAndGetTable(store, module, table, &key, keySize, &rw, rwSize, &dyn, dynSize, &static,
 *   staticSize, &count, unk2) allocates one array per requested part (a NULL pointer or size 0 skips
 *   it) from the process heap and fills one entry per row; NsiFreeTable(key, rw, dyn, static) frees
 *   them. Tables: the IPv4 forwarding table (NPI_MS_IPV4_MODULEID, table 16) from the same routes
 *   GetIpForwardTable lists (iphlpapi tables.ts: the host's, through the run's network policy): key
 *   48 bytes (prefix at +4, prefix length at +8, the interface LUID at +24 and +32, next hop at +40:
 *   0.0.0.0 for an on-link route), rw (metric at +12, protocol at +16), from the active store
 *   (NsiActive, 1); the persistent store (NsiPersistent, 0: routes kept across boots) has none, the
 *   routes being the host's current ones; the IPv6 forwarding table (NPI_MS_IPV6_MODULEID, key 72
 *   bytes) has no rows: the emulated stack is IPv4 only (iphlpapi.ts). Another module or table, or
 *   other part sizes than these: the run stops as unimplemented, naming them (never made-up data).
 * - NsiGetParameter: the interface index (nsi_ndis_ifinfo_static.if_index: NPI_MS_NDIS_MODULEID, table
 *   0, static part, offset 0) of an interface LUID, and the interface metric (nsi_ip_interface_rw
 *   .metric: NPI_MS_IPV4_MODULEID, table 7, rw part, offset 28): 0, so that route print's metric (the
 *   route's plus its interface's) is the one GetIpForwardTable gives; an unknown LUID: ERROR_NOT_FOUND. Other
 *   parameters stop the run as unimplemented, naming them.
 * - An interface LUID (NET_LUID): NetLuidIndex (bits 24-47) is the interface index, IfType (48-63)
 *   IF_TYPE_SOFTWARE_LOOPBACK (24) or IF_TYPE_ETHERNET_CSMACD (6).
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { routes } from '../iphlpapi/tables.js';
import { visibleInterfaces } from '../iphlpapi/iphlpapi.js';

export const IPV4_MODULE = 'eb004a00-9b1a-11d4-9123-0050047759bc';
const NSI_IP_FORWARD_TABLE = 16;
const NDIS_MODULE = 'eb004a11-9b1a-11d4-9123-0050047759bc';
const NSI_NDIS_IFINFO_TABLE = 0;
const NSI_PARAM_TYPE_STATIC = 2;
const NSI_PARAM_TYPE_RW = 0;
const NSI_IP_INTERFACE_TABLE = 7;
const FWD_KEY_SIZE = 48;
const FWD6_KEY_SIZE = 72;
export const IPV6_MODULE = 'eb004a01-9b1a-11d4-9123-0050047759bc';
const NSI_PERSISTENT = 0;
const NSI_ACTIVE = 1;
const FWD_RW_SIZE = 24;
const MIB_IPROUTE_TYPE_INDIRECT = 4;

/** The GUID of an NPI_MODULEID (USHORT Length, USHORT Type, ULONG pad?, GUID at +8). */
export function moduleGuid(cx: ApiContext, p: number): string {
  const b = cx.mem.bytes(p + 8, 16);
  const h = (o: number, n: number) =>
    [...b.subarray(o, o + n)]
      .reverse()
      .map((x) => x.toString(16).padStart(2, '0'))
      .join('');
  const tail = [...b.subarray(8)].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h(0, 4)}-${h(4, 2)}-${h(6, 2)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

function prefixLength(maskNet: number): number {
  let m = ((maskNet & 0xff) << 24) | ((maskNet & 0xff00) << 8) | ((maskNet >>> 8) & 0xff00) | (maskNet >>> 24);
  let n = 0;
  while (m & 0x8000_0000) {
    n++;
    m <<= 1;
  }
  return n;
}

/** NET_LUID of an interface index: the two dwords. */
function luid(cx: ApiContext, ifIndex: number): [number, number] {
  const i = visibleInterfaces(cx).find((x) => x.index === ifIndex);
  const type = i?.loopback ? 24 : 6;
  return [(ifIndex << 24) >>> 0, ((ifIndex >>> 8) | (type << 16)) >>> 0];
}

/** The interface index of the NET_LUID at `p`, if that interface is visible. */
function interfaceOfLuid(cx: ApiContext, p: number): number | undefined {
  const lo = cx.mem.u32(p);
  const hi = cx.mem.u32(p + 4);
  const index = ((lo >>> 24) | ((hi & 0xffff) << 8)) >>> 0;
  const i = visibleInterfaces(cx).find((x) => x.index === index);
  return i && hi >>> 16 === (i.loopback ? 24 : 6) ? index : undefined;
}

function alloc(cx: ApiContext, size: number): number {
  const p = cx.machine.processHeap.alloc(Math.max(size, 1), true);
  if (!p) throw new UnimplementedFeature('NsiAllocateAndGetTable: the guest heap is full');
  return p;
}

export const nsi: ApiDef[] = [
  fn(
    'NsiAllocateAndGetTable(u32 store, ptr pModuleId, u32 dwTable, ptr ppKey, u32 cbKey, ptr ppRw, u32 cbRw, ptr ppDynamic, u32 cbDynamic, ptr ppStatic, u32 cbStatic, ptr pdwCount, u32 unk2): u32',
    (
      cx,
      store: number,
      mod: number,
      table: number,
      ppKey: number,
      cbKey: number,
      ppRw: number,
      cbRw: number,
      ppDyn: number,
      cbDyn: number,
      ppSt: number,
      cbSt: number,
      pCount: number,
    ) => {
      if (!mod || !pCount) return ERROR.INVALID_PARAMETER;
      const guid = moduleGuid(cx, mod);
      const want = (pp: number, cb: number) => pp !== 0 && cb !== 0;
      const v6 = guid === IPV6_MODULE && table === NSI_IP_FORWARD_TABLE && (!want(ppKey, cbKey) || cbKey === FWD6_KEY_SIZE);
      const v4 = guid === IPV4_MODULE && table === NSI_IP_FORWARD_TABLE && (!want(ppKey, cbKey) || cbKey === FWD_KEY_SIZE);
      if (
        (!v4 && !v6) ||
        (store !== NSI_PERSISTENT && store !== NSI_ACTIVE) ||
        (want(ppRw, cbRw) && cbRw !== FWD_RW_SIZE) ||
        want(ppDyn, cbDyn) ||
        want(ppSt, cbSt)
      ) {
        throw new UnimplementedFeature(`table ${table} of module {${guid}}, store ${store} (key ${cbKey}, rw ${cbRw}, dynamic ${cbDyn}, static ${cbSt} bytes)`);
      }
      // The persistent store holds the routes a device keeps across boots (none: the routes are the
      // host's, current ones); the emulated stack is IPv4 only, so the IPv6 table has no rows.
      const rows = store === NSI_ACTIVE && v4 ? routes(cx) : [];
      if (want(ppKey, cbKey)) {
        const base = alloc(cx, FWD_KEY_SIZE * rows.length);
        rows.forEach((r, k) => {
          const p = base + k * FWD_KEY_SIZE;
          cx.mem.setU32(p + 4, r.dest);
          cx.mem.setU8(p + 8, prefixLength(r.mask));
          const [lo, hi] = luid(cx, r.ifIndex);
          cx.mem.setU32(p + 24, lo);
          cx.mem.setU32(p + 28, hi);
          cx.mem.setU32(p + 32, lo);
          cx.mem.setU32(p + 36, hi);
          cx.mem.setU32(p + 40, r.type === MIB_IPROUTE_TYPE_INDIRECT ? r.nextHop : 0);
        });
        cx.mem.setU32(ppKey, base);
      }
      if (want(ppRw, cbRw)) {
        const base = alloc(cx, FWD_RW_SIZE * rows.length);
        rows.forEach((r, k) => {
          const p = base + k * FWD_RW_SIZE;
          cx.mem.setU32(p + 4, 0xffffffff); // valid lifetime: infinite
          cx.mem.setU32(p + 8, 0xffffffff); // preferred lifetime: infinite
          cx.mem.setU32(p + 12, r.metric);
          cx.mem.setU32(p + 16, r.proto);
        });
        cx.mem.setU32(ppRw, base);
      }
      cx.mem.setU32(pCount, rows.length);
      return 0;
    },
  ),
  fn('NsiFreeTable(ptr key, ptr rw, ptr dynamic, ptr stat): void', (cx, ...parts: number[]) => {
    for (const p of parts) if (p) cx.machine.processHeap.freeBlock(p);
  }),
  fn(
    'NsiGetParameter(u32 unk, ptr pModuleId, u32 dwTable, ptr pKey, u32 cbKey, u32 paramType, ptr pData, u32 cbData, u32 offset): u32',
    (cx, _u: number, mod: number, table: number, key: number, cbKey: number, type: number, data: number, cb: number, off: number) => {
      const guid = moduleGuid(cx, mod);
      if (guid === NDIS_MODULE && table === NSI_NDIS_IFINFO_TABLE && cbKey === 8 && type === NSI_PARAM_TYPE_STATIC && off === 0 && cb === 4) {
        // nsi_ndis_ifinfo_static.if_index of the interface whose NET_LUID is the key.
        const index = interfaceOfLuid(cx, key);
        if (index === undefined) return ERROR.NOT_FOUND;
        cx.mem.setU32(data, index);
        return 0;
      }
      if (guid === IPV4_MODULE && table === NSI_IP_INTERFACE_TABLE && cbKey === 8 && type === NSI_PARAM_TYPE_RW && off === 28 && cb === 4) {
        // nsi_ip_interface_rw.metric: 0, so that a route's metric plus its interface's (what route
        // print shows) is the metric GetIpForwardTable gives for it.
        if (interfaceOfLuid(cx, key) === undefined) return ERROR.NOT_FOUND;
        cx.mem.setU32(data, 0);
        return 0;
      }
      const k = [...cx.mem.bytes(key, cbKey)].map((b) => b.toString(16).padStart(2, '0')).join('');
      throw new UnimplementedFeature(`table ${table} of module {${guid}}, key ${k}, parameter type ${type}, ${cb} bytes at ${off}`);
    },
  ),
];
