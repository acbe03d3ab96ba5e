/**
 * ws2.dll's two data exports (CE 6 ordinals 66 and 67; ws2tcpip.h: `extern const struct in6_addr
 * in6addr_any, in6addr_loopback`): the IPv6 unspecified address :: and the loopback address ::1,
 * 16 bytes each in network order, read-only. An import binds the address of the bytes
 * (emulator/core/api/data-exports.ts), as the real DLL's export table points into its data.
 */
import { dataExport, type ApiDef } from '../emulator/core/api/declare.js';

const LOOPBACK = new Uint8Array(16);
LOOPBACK[15] = 1;

export const in6addr: ApiDef[] = [dataExport('in6addr_any', new Uint8Array(16)), dataExport('in6addr_loopback', LOOPBACK)];
