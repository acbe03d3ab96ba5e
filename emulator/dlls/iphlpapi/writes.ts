/**
 * netioapi.h writes of CE 7 (the Vista-era IP helper; CE 7's ipv6.exe imports them):
 * CreateIpForwardEntry2, DeleteIpForwardEntry2, CreateUnicastIpAddressEntry,
 * DeleteUnicastIpAddressEntry, CreateAnycastIpAddressEntry, DeleteAnycastIpAddressEntry.
 *
 * Decision (reference: the functions' Win32/CE 7 documentation, "Return value" sections). The
 * device's network is the host's (iphlpapi.ts: the host's interfaces and routes through the run's
 * network policy); the emulator, an ordinary host process, may not change the host's routes or
 * addresses, and wmemu keeps no private copy of them that a change could act on. So a write is
 * refused the documented way a caller without the right to change the stack is refused:
 * ERROR_ACCESS_DENIED ("the user lacks the required administrative privileges"), after the
 * documented argument checks in this order:
 * - a NULL row: ERROR_INVALID_PARAMETER (a bad pointer too: IPHLPAPI_FAULT);
 * - an address family other than AF_INET / AF_INET6: ERROR_INVALID_PARAMETER;
 * - AF_INET6: ERROR_NOT_SUPPORTED ("no IPv6 stack is on the local computer"): the emulated stack is
 *   IPv4 only (iphlpapi.ts, nsi.ts: the IPv6 tables have no rows);
 * - neither InterfaceLuid nor InterfaceIndex given: ERROR_INVALID_PARAMETER; an interface the run
 *   cannot see (none under network 'none'): ERROR_NOT_FOUND.
 *
 * Layouts (netioapi.h, 32-bit): SOCKADDR_INET is 28 bytes, si_family its first USHORT.
 * MIB_IPFORWARD_ROW2: InterfaceLuid +0, InterfaceIndex +8, DestinationPrefix.Prefix +12.
 * MIB_UNICASTIPADDRESS_ROW and MIB_ANYCASTIPADDRESS_ROW: Address +0, InterfaceLuid +32,
 * InterfaceIndex +40. A NET_LUID: NetLuidIndex bits 24-47, IfType bits 48-63 (nsi.ts).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { visibleInterfaces } from './iphlpapi.js';

const AF_INET = 2;
const AF_INET6 = 23;
const IF_TYPE_ETHERNET_CSMACD = 6;
const IF_TYPE_SOFTWARE_LOOPBACK = 24;

interface RowLayout {
  family: number;
  luid: number;
  index: number;
}
const FORWARD_ROW: RowLayout = { family: 12, luid: 0, index: 8 };
const ADDRESS_ROW: RowLayout = { family: 0, luid: 32, index: 40 };

/** The documented answer to a write of `row` (see the file comment). */
function refuseWrite(cx: ApiContext, row: number, layout: RowLayout): number {
  if (!row) return ERROR.INVALID_PARAMETER;
  const family = cx.mem.u16(row + layout.family);
  if (family !== AF_INET && family !== AF_INET6) return ERROR.INVALID_PARAMETER;
  if (family === AF_INET6) return ERROR.NOT_SUPPORTED;
  const lo = cx.mem.u32(row + layout.luid);
  const hi = cx.mem.u32(row + layout.luid + 4);
  const byIndex = cx.mem.u32(row + layout.index);
  if (lo === 0 && hi === 0 && byIndex === 0) return ERROR.INVALID_PARAMETER;
  const found = visibleInterfaces(cx).some((i) => {
    if (lo === 0 && hi === 0) return i.index === byIndex;
    const index = ((lo >>> 24) | ((hi & 0xffff) << 8)) >>> 0;
    return index === i.index && hi >>> 16 === (i.loopback ? IF_TYPE_SOFTWARE_LOOPBACK : IF_TYPE_ETHERNET_CSMACD);
  });
  return found ? ERROR.ACCESS_DENIED : ERROR.NOT_FOUND;
}

export const writes: ApiDef[] = [
  fn('CreateIpForwardEntry2(ptr Row): u32', (cx, row: number) => refuseWrite(cx, row, FORWARD_ROW)),
  fn('DeleteIpForwardEntry2(ptr Row): u32', (cx, row: number) => refuseWrite(cx, row, FORWARD_ROW)),
  fn('CreateUnicastIpAddressEntry(ptr Row): u32', (cx, row: number) => refuseWrite(cx, row, ADDRESS_ROW)),
  fn('DeleteUnicastIpAddressEntry(ptr Row): u32', (cx, row: number) => refuseWrite(cx, row, ADDRESS_ROW)),
  fn('CreateAnycastIpAddressEntry(ptr Row): u32', (cx, row: number) => refuseWrite(cx, row, ADDRESS_ROW)),
  fn('DeleteAnycastIpAddressEntry(ptr Row): u32', (cx, row: number) => refuseWrite(cx, row, ADDRESS_ROW)),
];
