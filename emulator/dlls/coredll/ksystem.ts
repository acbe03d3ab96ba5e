/**
 * coredll kernel odds and ends the corpus imports from two or more binaries (pkfuncs.h, winbase.h):
 *
 *  - SignalStarted(dwToken): a program started from HKLM\Init (LaunchNN) tells the file system's
 *    init sequence it is up, so programs that depend on it (DependNN) may start. wmemu runs no init
 *    sequence (each program is started by the user), so nobody waits for the token: it returns.
 *  - _wtoi(str) (CE 7 ordinal 3026): _wtol (strings.ts) under its int name.
 *  - GetKeyboardLayout(idThread) -> the input locale of the only layout, US English, 0x04090409
 *    (MAKELONG(LANGID, device handle); the en-US locale is the only one, locale.ts).
 *    GetKeyboardLayoutList(nBuff, lpList): 1 (the count) when nBuff is 0, else the count copied.
 *  - ReportFault(pep, dwMode) (CE 5/6 docs, Error Reporting): without the error reporting component
 *    (Dr. Watson is not part of wmemu's device) the result is frrvErrNoDW (4), the documented value
 *    for "Dr. Watson is not installed"; a NULL pep: frrvErr (3).
 *  - QueryInstructionSet(dwInstSet, lpdwOSInstSet) (CE docs; the kernel's answer, NKQueryInstructionSet):
 *    the OS instruction set is PROCESSOR_ARM_V4I_INSTRUCTION (0x05020000, no FP: the CE ARM ABI is
 *    soft-float, and GetSystemInfo's wProcessorLevel is 4), written to *lpdwOSInstSet. TRUE for that
 *    value, PROCESSOR_QUERY_INSTRUCTION (0) and the ARM V4 / V4T ones it runs (0x05010000,
 *    0x05030000); FALSE (no error) for any other set, the FP variants included. A NULL out pointer:
 *    FALSE, ERROR_INVALID_PARAMETER.
 *  - IsProcessorFeaturePresent(feature): the PF_ARM_* features (winnt.h, 0x80000001...) of the
 *    emulated CPU model (--cpu; unicorn's models): architecture V4..V7 up to the model's, THUMB
 *    (every model but the ARMv4 SA-1110), DSP (ARMv5TE and later), THUMB2, and for the Cortex-A
 *    models VFP (single, double precision, VFPv3, OS support) and NEON, which wmemu enables and
 *    saves with each thread. Every other feature: FALSE.
 *  - OpenThread(access, inherit, dwThreadId): a thread of this process (its ID is its handle value):
 *    another reference to it; another ID: NULL, ERROR_INVALID_PARAMETER (as OpenProcess).
 *  - GetEventData(hEvent) / SetEventData(hEvent, dwData) (CE docs): the DWORD kept with an event
 *    object (0 until set), shared by every handle to the event. A handle that is not an event:
 *    0 / FALSE, ERROR_INVALID_HANDLE.
 *  - VirtualAllocEx / VirtualFreeEx (CE 6): for the current process (GetCurrentProcess() or its ID),
 *    VirtualAlloc / VirtualFree (memory.ts); another process of the run stops the run naming the
 *    feature (its memory is another machine's); any other handle: NULL / FALSE, ERROR_INVALID_HANDLE.
 *  - RemoteLocalAlloc / RemoteLocalFree (CE 5): LocalAlloc / LocalFree in the caller's process; outside
 *    a PSL call (wmemu has no PSL servers) the caller is the current process.
 *  - DeleteAndRenameFile(lpszDestFile, lpszSourceFile) (CE docs): both files must exist; the source
 *    replaces the destination (its contents under the destination's name) and is gone. NULL paths:
 *    FALSE, ERROR_INVALID_PARAMETER; a missing file: ERROR_FILE_NOT_FOUND (ERROR_PATH_NOT_FOUND for a
 *    missing folder); a folder or a read-only destination: ERROR_ACCESS_DENIED. On failure neither
 *    file changes (the host's rename is atomic).
 *  - ForcePageout() (pages out what can be paged), WriteDebugLED(wIndex, dwValue) (an OEM debug
 *    LED) and PPSHRestart() (restarts the Platform Builder shell's PPSH transport): wmemu pages
 *    nothing out (guest memory stays resident), the emulated board has no debug LEDs and a run has
 *    no PPSH/KITL connection to restart, so none changes anything a program can observe.
 *  - GetThreadTimes(hThread, lpCreationTime, lpExitTime, lpKernelTime, lpUserTime) (FILETIMEs): the
 *    instant the thread was created and the one it exited (0 while it runs) on the device clock, and
 *    the time it ran: the sum of its CPU slices (virtual time under --deterministic), all counted as
 *    user time - wmemu's kernel calls run inside the calling thread's slice and are not told apart,
 *    so kernel time is 0. A thread of this process (or GetCurrentThread()); another handle: FALSE,
 *    ERROR_INVALID_HANDLE.
 *  - CeSetThreadQuantum(hThread, dwTime): accepted for a thread of the process (the time slice is the
 *    scheduler's own; priorities are not modelled either, threads.ts); a bad handle: FALSE,
 *    ERROR_INVALID_HANDLE.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { CURRENT_PROCESS_PSEUDO, CURRENT_THREAD_PSEUDO } from '../../core/kernel/handles.js';
import type { EventObject } from '../../core/kernel/waitable.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { CPU_MODELS } from '../../core/unicorn/unicorn.js';
import { ERROR } from '../../core/win32-errors.js';
import { memory } from './memory.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { isReadOnly } from './files.js';

export const HKL_EN_US = 0x04090409;
const FRRV_ERR = 3;
const FRRV_ERR_NO_DW = 4;
const PROCESSOR_ARM_V4I_INSTRUCTION = 0x05020000;
const RUNS_ON_V4I = new Set([0, PROCESSOR_ARM_V4I_INSTRUCTION, 0x05010000, 0x05030000]);

const eventData = new WeakMap<EventObject, number>();

/** PF_ARM_* features of a CPU model (see the header). */
export function armFeatures(cpu: string): Set<number> {
  const m = CPU_MODELS[cpu];
  const level = cpu.startsWith('cortex-') ? 7 : cpu.startsWith('arm11') ? 6 : cpu === 'sa1110' ? 4 : 5;
  const f = new Set<number>();
  for (let v = 4; v <= level; v++) f.add(0x80000001 + (v - 4));
  if (cpu !== 'sa1110') f.add(0x80000005); // PF_ARM_THUMB
  if (level >= 5) f.add(0x80000007); // PF_ARM_DSP
  if (m?.thumb2) f.add(0x80000018); // PF_ARM_THUMB2
  if (level === 7) {
    f.add(0x8000000f); // PF_ARM_VFP_SINGLE_PRECISION
    f.add(0x80000010); // PF_ARM_VFP_DOUBLE_PRECISION
    f.add(0x8000001a); // PF_ARM_VFP_V3
    f.add(0x8000001b); // PF_ARM_NEON
    f.add(0x8000001d); // PF_ARM_VFP_SUPPORT
  }
  return f;
}

function handler(name: string) {
  const d = memory.find((x) => x.name === name);
  if (!d) throw new Error(`memory.ts declares no ${name}`);
  return d.handler as (cx: ApiContext, ...a: number[]) => number;
}

/** true: this process; false: a bad handle; throws for another process of the run. */
function ownProcess(cx: ApiContext, h: number): boolean {
  if (h === CURRENT_PROCESS_PSEUDO || h >>> 0 === cx.machine.processId) return true;
  if (cx.machine.handles.get(h, 'process')) throw new UnimplementedFeature(`on another process (handle 0x${(h >>> 0).toString(16)})`);
  return false;
}

export const ksystem: ApiDef[] = [
  fn('SignalStarted(u32 dw): void', () => undefined),
  fn('_wtoi(wstr s): i32', (cx, s: number) => parseInt(cx.mem.wstr(s, 64).trim(), 10) | 0),
  fn('GetKeyboardLayout(u32 idThread): hex', () => HKL_EN_US),
  fn('GetKeyboardLayoutList(i32 nBuff, ptr lpList): i32', (cx, n: number, list: number) => {
    if (n <= 0) return 1;
    cx.mem.setU32(list, HKL_EN_US);
    return 1;
  }),
  fn('ReportFault(ptr pep, hex dwMode): u32', (_cx, pep: number) => (pep ? FRRV_ERR_NO_DW : FRRV_ERR)),
  fn('QueryInstructionSet(hex dwInstSet, ptr lpdwOSInstSet): bool', (cx, set: number, out: number) => {
    if (!out) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.setU32(out, PROCESSOR_ARM_V4I_INSTRUCTION);
    return RUNS_ON_V4I.has(set >>> 0) ? 1 : 0;
  }),
  fn('IsProcessorFeaturePresent(hex ProcessorFeature): bool', (cx, f: number) => (armFeatures(cx.machine.uc.cpu).has(f >>> 0) ? 1 : 0)),
  fn('OpenThread(hex dwDesiredAccess, bool bInheritHandle, u32 dwThreadId): handle', (cx, _a: number, _i: number, tid: number) => {
    const id = tid === CURRENT_THREAD_PSEUDO ? cx.thread.id : tid >>> 0;
    if (!cx.machine.handles.get(id, 'thread')) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.machine.handles.ref(id);
    return id;
  }),
  fn('GetEventData(handle hEvent): u32', (cx, h: number) => {
    const e = cx.machine.handles.get<EventObject>(h, 'event');
    if (!e) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.setLastError(0);
    return eventData.get(e) ?? 0;
  }),
  fn('SetEventData(handle hEvent, u32 dwData): bool', (cx, h: number, v: number) => {
    const e = cx.machine.handles.get<EventObject>(h, 'event');
    if (!e) return cx.fail(0, ERROR.INVALID_HANDLE);
    eventData.set(e, v >>> 0);
    return 1;
  }),
  fn(
    'VirtualAllocEx(handle hProcess, ptr lpAddress, u32 dwSize, flags:MEM flAllocationType, flags:PAGE flProtect): ptr',
    (cx, h: number, addr: number, size: number, type: number, prot: number) =>
      ownProcess(cx, h) ? handler('VirtualAlloc')(cx, addr, size, type, prot) : cx.fail(0, ERROR.INVALID_HANDLE),
  ),
  fn('VirtualFreeEx(handle hProcess, ptr lpAddress, u32 dwSize, flags:MEM dwFreeType): bool', (cx, h: number, addr: number, size: number, type: number) =>
    ownProcess(cx, h) ? handler('VirtualFree')(cx, addr, size, type) : cx.fail(0, ERROR.INVALID_HANDLE),
  ),
  fn('RemoteLocalAlloc(flags:LMEM uFlags, u32 uBytes): ptr', (cx, flags: number, n: number) => handler('LocalAlloc')(cx, flags, n)),
  fn('RemoteLocalFree(ptr hMem): ptr', (cx, p: number) => handler('LocalFree')(cx, p)),
  fn('DeleteAndRenameFile(ptr lpszDestFile, ptr lpszSourceFile): bool', (cx, dst: number, src: number) => {
    if (!dst || !src) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const fs = deviceFsOf(cx.machine);
    const d = fs.resolve(cx.mem.wstr(dst, 1024));
    const s = fs.resolve(cx.mem.wstr(src, 1024));
    for (const r of [s, d]) {
      if (!r.ok) return cx.fail(0, r.error);
      if (!r.exists) return cx.fail(0, r.parentExists ? ERROR.FILE_NOT_FOUND : ERROR.PATH_NOT_FOUND);
      if (r.stat!.isDirectory()) return cx.fail(0, ERROR.ACCESS_DENIED);
    }
    if (!d.ok || !s.ok || isReadOnly(d.stat!)) return cx.fail(0, ERROR.ACCESS_DENIED);
    if (d.host === s.host) return 1;
    try {
      fs.rename(s.host, d.host);
    } catch {
      return cx.fail(0, ERROR.ACCESS_DENIED);
    }
    return 1;
  }),
  fn('ForcePageout(): void', () => undefined),
  fn('WriteDebugLED(u32 wIndex, u32 dwValue): void', () => undefined),
  fn('PPSHRestart(): void', () => undefined),
  fn(
    'GetThreadTimes(handle hThread, ptr lpCreationTime, ptr lpExitTime, ptr lpKernelTime, ptr lpUserTime): bool',
    (cx, h: number, created: number, exited: number, kernel: number, user: number) => {
      const t = h === CURRENT_THREAD_PSEUDO ? cx.thread : cx.machine.handles.get<GuestThread>(h, 'thread');
      if (!t) return cx.fail(0, ERROR.INVALID_HANDLE);
      const fileTime = (utcMicros: number) => (utcMicros ? BigInt(utcMicros) * 10n + 116_444_736_000_000_000n : 0n);
      for (const p of [created, exited, kernel, user]) cx.mem.check(p, 8, 'write');
      cx.mem.setU64(created, fileTime(t.createdUtcMicros));
      cx.mem.setU64(exited, fileTime(t.exitedUtcMicros));
      cx.mem.setU64(kernel, 0n);
      cx.mem.setU64(user, BigInt(Math.max(0, Math.round(t.runMicros))) * 10n);
      return 1;
    },
  ),
  fn('CeSetThreadQuantum(handle hThread, u32 dwTime): bool', (cx, h: number) =>
    h === CURRENT_THREAD_PSEUDO || cx.machine.handles.get(h, 'thread') ? 1 : cx.fail(0, ERROR.INVALID_HANDLE),
  ),
];
