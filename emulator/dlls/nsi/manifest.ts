/**
 * NSI.dll: the network store interface of the CE 7 TCP/IP stack (the Vista-era stack: iphlpapi and
 * route.exe read the stack's tables through it). The CE 7 image has no NSI.dll of its own file
 * (the stack's module is part of the kernel image), so wmemu provides the entry points route.exe
 * and ipv6.exe import. See nsi.ts and params.ts.
 */
import { defineDll } from '../../core/api/registry.js';
import { nsi } from './nsi.js';
import { params } from './params.js';

export const NSI = defineDll({ name: 'NSI.dll', fault: { kind: 'crash' }, families: [nsi, params] });
