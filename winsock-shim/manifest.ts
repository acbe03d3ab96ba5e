/**
 * WS2.dll (Winsock 2) and WINSOCK.dll (Winsock 1.1): one set of declarations (index.ts); each DLL
 * exports the names in its own reference table (ws2-exports.tsv, winsock-exports.tsv) with its own
 * ordinals. A bad guest pointer is SOCKET_ERROR with WSAEFAULT.
 */
import { defineDll } from '../emulator/core/api/registry.js';
import { WINSOCK_FAMILIES, WINSOCK_FAULT } from './index.js';

export const WS2 = defineDll({
  name: 'WS2.dll',
  exportTable: { name: 'ws2', file: 'winsock-shim/ws2-exports.tsv' },
  fault: WINSOCK_FAULT,
  families: WINSOCK_FAMILIES,
  onlyTableNames: true,
});

export const WINSOCK = defineDll({
  name: 'WINSOCK.dll',
  exportTable: { name: 'winsock', file: 'winsock-shim/winsock-exports.tsv' },
  fault: WINSOCK_FAULT,
  families: WINSOCK_FAMILIES,
  onlyTableNames: true,
});
