/**
 * coredll process basics: command line, last error, version,
 * process and thread exit.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { CURRENT_THREAD_PSEUDO } from '../../core/kernel/handles.js';
import { exitGuestThread } from '../../core/loader/libraries.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import { ERROR } from '../../core/win32-errors.js';

/** Major, minor, build reported for each device OS version. */
const VERSIONS: Record<number, [number, number, number]> = { 5: [5, 2, 23069], 6: [6, 0, 0], 7: [7, 0, 0] };

function getVersionEx(cx: ApiContext, p: number): number {
  // OSVERSIONINFOW: size, major, minor, build, platform, szCSDVersion[128]. The device's OS version
  // (MachineOptions.osVersion): Windows Mobile 6.5 = CE 5.2 (build 23069, the SDK image's), CE 6.0,
  // CE 7.0 (Embedded Compact 7).
  const size = cx.mem.u32(p);
  if (size < 20) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const [major, minor, build] = VERSIONS[cx.machine.options.osVersion ?? 5] ?? [5, 2, 23069];
  cx.mem.setU32(p + 4, major);
  cx.mem.setU32(p + 8, minor);
  cx.mem.setU32(p + 12, build);
  cx.mem.setU32(p + 16, 3); // VER_PLATFORM_WIN32_CE
  if (size >= 20 + 256) cx.mem.writeWstr(p + 20, '');
  return 1;
}

export const processApis: ApiDef[] = [
  fn('GetLastError(): u32', (cx) => cx.thread.lastError),
  fn('SetLastError(u32 dwErrCode): void', (cx, e: number) => cx.setLastError(e)),
  fn('GetCommandLineW(): ptr', (cx) => cx.machine.commandLine),

  // GetModuleHandleW / GetModuleFileNameW live in modules.ts with the rest of module handling.

  // Ordinal 17 GetVersionEx and 717 GetVersionExW: one function under two exports.
  fn('GetVersionEx(ptr lpVersionInformation): bool', getVersionEx),
  fn('GetVersionExW(ptr lpVersionInformation): bool', getVersionEx),

  // DLL_THREAD_DETACH first (the primary thread: the process's end, DLL_PROCESS_DETACH first).
  fn('ExitThread(u32 dwExitCode): void', (cx, code: number) => exitGuestThread(cx, code)),
  // TerminateProcess lives in processes.ts with the child processes.
  fn('TerminateThread(handle hThread, u32 dwExitCode): bool', (cx, h: number, code: number) => {
    const t = h === CURRENT_THREAD_PSEUDO ? cx.thread : cx.machine.handles.get<GuestThread>(h, 'thread');
    if (!t) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.exitThread(t, code);
    return 1;
  }),
];
