/**
 * coredll functions CE reserves for kernel-mode code, called from a program wmemu runs (every
 * program runs as an application, user-mode process here, as kservices.ts explains for
 * LoadKernelLibrary):
 *
 *  - VirtualAllocCopyEx(hSrcProc, hDstProc, pAddr, cbSize, dwProtect) (CE 6 docs: reserves pages in
 *    the destination process and aliases them to the source process's memory; "This function is
 *    callable only in kernel mode"; kernel-mode coredll uses it to map a caller's buffer). A
 *    user-mode caller is refused the way the CE Trusted APIs documentation gives for kernel-only
 *    services: NULL, ERROR_ACCESS_DENIED. (The ce7 corpus's CeLogFlush.exe, a CeLog tool that also
 *    asks LoadKernelLibrary for the CeLog DLL, is refused there first.)
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

export const kernelmode: ApiDef[] = [
  fn('VirtualAllocCopyEx(handle hSrcProc, handle hDstProc, ptr pAddr, u32 cbSize, hex dwProtect): ptr', (cx) => cx.fail(0, ERROR.ACCESS_DENIED)),
];
