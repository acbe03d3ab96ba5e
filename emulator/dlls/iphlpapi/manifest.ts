/**
 * IPHLPAPI.dll: the IP helper API (adapters, interfaces, routes, statistics, ICMP echo). No
 * reference export table yet: its exports are bound by name only. A bad guest pointer is
 * ERROR_INVALID_PARAMETER.
 */
import { defineDll } from '../../core/api/registry.js';
import { iphlpapi, IPHLPAPI_FAULT } from './iphlpapi.js';
import { tables } from './tables.js';
import { icmp } from './icmp.js';
import { adapters } from './adapters.js';
import { masks } from './masks.js';
import { notify } from './notify.js';
import { writes } from './writes.js';

export const IPHLPAPI = defineDll({ name: 'IPHLPAPI.dll', fault: IPHLPAPI_FAULT, families: [iphlpapi, tables, icmp, adapters, masks, notify, writes] });
