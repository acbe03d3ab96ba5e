/**
 * CE kernel trap calls: code built for CE may call the kernel directly at an address in
 * 0xF0000000-0xF0010000 that encodes the API set and method,
 *
 *     address = 0xF0010000 - ((apiSet << 8) | method) * 4          (FIRST_METHOD - n * APICALL_SCALE)
 *
 * (coredll's own thin wrappers do exactly this). Each mapped method's word on that page is an ARM
 * `b` to the ordinary trap stub of the coredll export with the same arguments (the one imports are
 * bound to): LR is untouched, so the stub returns straight to the caller, and arguments, tracing,
 * blocking and guest callbacks behave exactly as for the import. Every other word is a bare
 * `svc #0` (an extra trap page of the dispatcher): calling it stops the run like an unimplemented
 * import, naming the API set and method.
 *
 * Mapped methods of API set 0 (SH_WIN32, the kernel's Win32Methods table of CE 5): see
 * SH_WIN32_METHODS below. Of the handle-based sets, SH_CURPROC (2): the calls kfuncs.h inlines on the
 * current process, TerminateProcess(GetCurrentProcess(), code) = method 2 at 0xF000F7F8 (the CE 5
 * CRT's exit(); nine corpus programs). A scan of the ce6/ce7 corpus code finds no other trap
 * address in this range. Other handle-based calls (threads, events, files, ...) are not mapped, nor
 * CE 6's own trap range (FIRST_METHOD 0xF1020000), which only CE 6's coredll (emulated here) and
 * wspm.dll (never loaded: winsock-shim/index.ts) use.
 */
import { PROT_RX } from '../memory/guest-memory.js';
import type { Machine } from '../machine.js';

export const KTRAP_BASE = 0xf000_0000;
export const KTRAP_SIZE = 0x1_0000;
export const FIRST_METHOD = 0xf001_0000;
const SVC_0 = 0xef00_0000;
export const SH_WIN32 = 0;
export const SH_CURPROC = 2;

/** Win32Methods (API set 0) index → the coredll export with the same arguments. */
export const SH_WIN32_METHODS: Readonly<Record<number, string>> = {
  3: 'VirtualAlloc',
  4: 'VirtualFree',
  5: 'VirtualProtect',
  8: 'LoadLibraryW',
  9: 'FreeLibrary',
  10: 'GetProcAddressW',
  13: 'GetTickCount',
  14: 'OutputDebugStringW',
  15: 'TlsCall',
  22: 'RegisterDbgZones',
  25: 'FindResourceW',
  26: 'LoadResource',
  27: 'SizeofResource',
  52: 'CreateEventW',
  54: 'CreateThread',
  80: 'CreateMutexW',
  82: 'Sleep',
  88: 'SetLastError',
  89: 'GetLastError',
  125: 'GetModuleFileNameW',
  126: 'QueryPerformanceCounter',
  127: 'QueryPerformanceFrequency',
  131: 'GetModuleHandleW',
  144: 'GetProcAddressA',
  145: 'GetCommandLineW',
  146: 'DisableThreadLibraryCalls',
  147: 'CreateSemaphoreW',
  148: 'LoadLibraryExW',
  171: 'OpenEventW',
  177: 'LoadStringW',
};

/** Methods of the handle-based API sets that are mapped: set → method → coredll export. */
export const HANDLE_METHODS: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  [SH_CURPROC]: { 2: 'TerminateProcess' },
};

function methodName(set: number, method: number): string | undefined {
  return set === SH_WIN32 ? SH_WIN32_METHODS[method] : HANDLE_METHODS[set]?.[method];
}

export function kernelTrapAddress(apiSet: number, method: number): number {
  return (FIRST_METHOD - ((apiSet << 8) | method) * 4) >>> 0;
}

/** Maps the kernel trap page and routes its calls to the coredll declarations. */
export function installKernelTraps(m: Machine): void {
  const page = m.mem.mapHigh(KTRAP_BASE, KTRAP_SIZE, PROT_RX);
  for (let o = 0; o < KTRAP_SIZE; o += 4) page.writeUInt32LE(SVC_0, o);
  const coredll = m.dlls.get('coredll');
  const mapped = [
    ...Object.entries(SH_WIN32_METHODS).map(([method, name]) => [SH_WIN32, Number(method), name] as const),
    ...Object.entries(HANDLE_METHODS).flatMap(([set, methods]) =>
      Object.entries(methods).map(([method, name]) => [Number(set), Number(method), name] as const),
    ),
  ];
  for (const [set, method, name] of mapped) {
    const decl = coredll?.byName.get(name);
    if (!decl) continue; // not implemented: the bare svc reports it
    const at = kernelTrapAddress(set, method);
    const stub = m.dispatcher.trapFor({ dll: decl.dll, name: decl.name, ordinal: decl.ordinal, decl });
    const off = (stub - (at + 8)) >> 2;
    page.writeUInt32LE((0xea00_0000 | (off & 0xff_ffff)) >>> 0, at - KTRAP_BASE); // b stub
  }
  m.dispatcher.addTrapPage(KTRAP_BASE, KTRAP_SIZE, (stub) => {
    const n = (FIRST_METHOD - stub) / 4;
    const set = n >> 8;
    const method = n & 0xff;
    const name = methodName(set, method);
    return { dll: 'kernel', name: name ?? `API set ${set} method ${method} (trap 0x${stub.toString(16)})` };
  });
}
