/**
 * The DLL set of a run, assembled in this one place: every emulated DLL's manifest. The core Machine
 * knows no DLL; the system layer hands it this list (child processes inherit their parent's).
 */
import type { DllSpec } from '../core/api/registry.js';
import { DllRegistry } from '../core/api/registry.js';
import { Machine, type MachineOptions } from '../core/machine.js';
import { COREDLL } from '../dlls/coredll/manifest.js';
import { IPHLPAPI } from '../dlls/iphlpapi/manifest.js';
import { OLE32 } from '../dlls/ole32/manifest.js';
import { NSI } from '../dlls/nsi/manifest.js';
import { WS2, WINSOCK } from '../../winsock-shim/manifest.js';

/**
 * Every emulated DLL, in binding order. An emulated DLL wins over a file of the same name in the
 * device image (the loader and LoadLibraryW look here first): ole32.dll is wmemu's own, the image's
 * real one needs the kernel's LPC driver.
 */
export const STANDARD_DLLS: readonly DllSpec[] = [COREDLL, WS2, WINSOCK, IPHLPAPI, OLE32, NSI];

/** The standard DLLs as a registry (what a machine binds imports against), without a machine. */
export function standardRegistry(): DllRegistry {
  const r = new DllRegistry();
  for (const d of STANDARD_DLLS) r.add(d);
  return r;
}

/** A Machine with the standard DLL set (options.dlls, if given, replaces it). */
export function createMachine(options: MachineOptions = {}): Machine {
  return new Machine({ dlls: STANDARD_DLLS, ...options });
}
