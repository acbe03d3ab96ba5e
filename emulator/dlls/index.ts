/**
 * The emulated DLLs of a machine. Each DLL lists its API families (one file per family).
 */
import type { Machine } from '../machine.js';
import { memory } from './coredll/memory.js';
import { strings } from './coredll/strings.js';
import { printf } from './coredll/printf.js';
import { debug } from './coredll/debug.js';
import { time } from './coredll/time.js';
import { sync } from './coredll/sync.js';
import { tls } from './coredll/tls.js';
import { processApis } from './coredll/process.js';
import { rt } from './coredll/rt.js';
import { softfloat } from './coredll/softfloat.js';
import { setjmpApis } from './coredll/setjmp.js';
import { sehApis } from './coredll/seh.js';
import { WINSOCK_FAMILIES, WINSOCK_FAULT } from '../../winsock-shim/index.js';
import { threads } from './coredll/threads.js';
import { objects } from './coredll/objects.js';
import { files } from './coredll/files.js';
import { stdio } from './coredll/stdio.js';
import { scanfApis } from './coredll/scanf.js';
import { registry } from './coredll/registry.js';
import { modules } from './coredll/modules.js';
import { windows } from './coredll/windows.js';
import { processes } from './coredll/processes.js';
import { locale } from './coredll/locale.js';
import { messages } from './coredll/messages.js';
import { iphlpapi, IPHLPAPI_FAULT } from './iphlpapi/iphlpapi.js';

export const COREDLL_FAMILIES = [memory, strings, printf, debug, time, sync, tls, processApis, rt, softfloat, setjmpApis, sehApis, threads, objects, modules, windows, locale, messages, processes, files, stdio, scanfApis, registry];

export function registerDlls(m: Machine): void {
  m.dlls.add({ name: 'COREDLL.dll', table: 'coredll', fault: { kind: 'crash' }, families: COREDLL_FAMILIES });
  // One set of Winsock declarations; each DLL exports the names in its own table, with its ordinals.
  m.dlls.add({ name: 'WS2.dll', table: 'ws2', fault: WINSOCK_FAULT, families: WINSOCK_FAMILIES, onlyTableNames: true });
  m.dlls.add({ name: 'WINSOCK.dll', table: 'winsock', fault: WINSOCK_FAULT, families: WINSOCK_FAMILIES, onlyTableNames: true });
  m.dlls.add({ name: 'IPHLPAPI.dll', fault: IPHLPAPI_FAULT, families: [iphlpapi] }); // no reference export table: by name only
}
