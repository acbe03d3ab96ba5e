/**
 * coredll functions a server calls about its caller (pkfuncs.h, CE 6's kernel buffer marshalling),
 * and KernelLibIoControl.
 *
 * wmemu runs no PSL servers (device manager, GWES, services are not separate processes): code that
 * calls these functions runs in the process that owns the thread, which is also the process that
 * "made the call to the current context" (CE 6 docs, Process ID Functions). So:
 *
 *  - GetCallerProcess(), GetDirectCallerProcessId(), GetCallerVMProcessId(): the current process's ID
 *    (a CE process ID is its handle value, processes.ts), as on a device outside a PSL call.
 *  - CeOpenCallerBuffer(ppDest, pSrc, cbSrc, ArgumentDescriptor, ForceDuplicate) (CE 6 docs): the
 *    source buffer is in this process: without ForceDuplicate the marshalled pointer is pSrc itself;
 *    with it, a heap copy (the source copied in for ARG_I* / ARG_IO* descriptors, zeroed for ARG_O*).
 *    CeCloseCallerBuffer(pDest, pSrc, cbSrc, desc) copies a duplicate back for ARG_O* / ARG_IO*
 *    descriptors and frees it. CeAllocDuplicateBuffer / CeFreeDuplicateBuffer: the same, always
 *    duplicating. CeAllocAsynchronousBuffer / CeFreeAsynchronousBuffer: the buffer stays valid after
 *    the call returns in the same process, so the pointer is the source itself.
 *    Errors as documented: ppDest or pSrc NULL, ARG_DW (0) or an unknown descriptor, a size of 0 for
 *    a non-string descriptor, or a Close/Free whose pointer, size or descriptor do not match an open:
 *    E_INVALIDARG; a source range that is not readable (ARG_I*) or writable (ARG_O*) by the process:
 *    E_ACCESSDENIED; no heap memory: E_OUTOFMEMORY. For the string descriptors (ARG_I_WSTR,
 *    ARG_I_ASTR) a size of 0 means the string's length with its NUL; a non-zero size must include it.
 *  - KernelLibIoControl(hLib, code, in, inSize, out, outSize, pRet) (CE docs; pkfuncs.h KMOD_*):
 *    KMOD_OAL (5) is KernelIoControl (device.ts). KMOD_CORE (1): the kernel's own codes a user
 *    process may send: IOCTL_KLIB_ISKDPRESENT (6): FALSE (no kernel debugger);
 *    IOCTL_KLIB_GETWATSONSIZE (13): 0 and IOCTL_KLIB_READWATSON / _WRITEWATSON / _FLUSHWATSON /
 *    _CLEARWATSON (14-17): 0 / FALSE (the OAL reserves no Dr. Watson dump area: its size is 0);
 *    IOCTL_KLIB_JITGETCALLSTACK (10): 0 frames (no thread died of an unhandled exception that a run
 *    could still observe); IOCTL_KLIB_SETIGNORENOFAULT (11): nothing to change without a debugger.
 *    Any other KMOD_CORE code stops the run naming it. The other kernel modules (KMOD_DBG, KMOD_CELOG,
 *    KMOD_VERIFIER, KMOD_KITL: 2, 3, 4, 6) are not loaded in a retail run (LoadKernelLibrary refuses to
 *    load them, kservices.ts), and no other handle can come from LoadKernelLibrary or
 *    LoadIntChainHandler: FALSE, ERROR_INVALID_HANDLE.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';
import { kernelIoControl } from './device.js';

const S_OK = 0;
const E_INVALIDARG = 0x80070057;
const E_ACCESSDENIED = 0x80070005;
const E_OUTOFMEMORY = 0x8007000e;

const ARG_I_BIT = 0x4;
const ARG_O_BIT = 0x8;
const ARG_I_WSTR = ARG_I_BIT | 1;
const ARG_I_ASTR = ARG_I_BIT | 2;
/** The descriptors CE 6 marshals (marshal.hpp): ARG_I_PTR/WSTR/ASTR/PDW, ARG_O_PTR/PDW/PI64, ARG_IO_PTR/PDW/PI64. */
const DESCRIPTORS = new Set([4, 5, 6, 7, 8, 9, 10, 12, 13, 14]);

const KMOD_CORE = 1;
const KMOD_OAL = 5;

/** Duplicates handed out by CeOpenCallerBuffer(ForceDuplicate) / CeAllocDuplicateBuffer, by address. */
interface Dup {
  src: number;
  size: number;
  desc: number;
}
const dupSlot = defineSlot('caller-buffer-dups', () => new Map<number, Dup>());
function dups(cx: ApiContext): Map<number, Dup> {
  return dupSlot.of(cx.machine);
}

/** The buffer's size (strings: measured when 0) or undefined when the arguments are invalid. */
function checkedSize(cx: ApiContext, src: number, size: number, desc: number): number | undefined {
  if (!src || !DESCRIPTORS.has(desc)) return undefined;
  if (desc === ARG_I_WSTR || desc === ARG_I_ASTR) {
    const unit = desc === ARG_I_WSTR ? 2 : 1;
    if (!cx.mem.isUserRange(src, unit, 'read')) return size || unit;
    const len = unit === 2 ? cx.mem.wstr(src, 0x8000).length : cx.mem.str(src, 0x10000).length;
    const need = (len + 1) * unit;
    if (size === 0) return need;
    return size >= need ? size : undefined;
  }
  return size === 0 ? undefined : size;
}

function accessible(cx: ApiContext, p: number, size: number, desc: number): boolean {
  if (desc & ARG_I_BIT && !cx.mem.isUserRange(p, size, 'read')) return false;
  if (desc & ARG_O_BIT && !cx.mem.isUserRange(p, size, 'write')) return false;
  return true;
}

function open(cx: ApiContext, out: number, src: number, size: number, desc: number, duplicate: boolean): number {
  if (!out) return E_INVALIDARG;
  const n = checkedSize(cx, src, size, desc);
  if (n === undefined) return E_INVALIDARG;
  if (!accessible(cx, src, n, desc)) return E_ACCESSDENIED;
  cx.mem.check(out, 4, 'write');
  if (!duplicate) {
    cx.mem.setU32(out, src);
    return S_OK;
  }
  const p = cx.machine.processHeap.alloc(n, true);
  if (!p) return E_OUTOFMEMORY;
  if (desc & ARG_I_BIT) cx.mem.copyWithin(p, src, n);
  dups(cx).set(p, { src, size: n, desc });
  cx.mem.setU32(out, p);
  return S_OK;
}

function close(cx: ApiContext, dest: number, src: number, size: number, desc: number, wasDuplicated: boolean): number {
  const n = checkedSize(cx, src, size, desc);
  if (n === undefined || !dest) return E_INVALIDARG;
  const d = dups(cx).get(dest);
  if (!d) return !wasDuplicated && dest === src ? S_OK : E_INVALIDARG;
  if (d.src !== src || d.size !== n || d.desc !== desc) return E_INVALIDARG;
  dups(cx).delete(dest);
  let hr = S_OK;
  if (desc & ARG_O_BIT) {
    if (cx.mem.isUserRange(src, n, 'write')) cx.mem.copyWithin(src, dest, n);
    else hr = E_ACCESSDENIED; // resources are still released (CE docs)
  }
  cx.machine.processHeap.freeBlock(dest);
  return hr;
}

function coreIoctl(cx: ApiContext, code: number): number {
  switch (code) {
    case 6: // IOCTL_KLIB_ISKDPRESENT
    case 13: // IOCTL_KLIB_GETWATSONSIZE
    case 14: // IOCTL_KLIB_WRITEWATSON
    case 15: // IOCTL_KLIB_READWATSON
    case 16: // IOCTL_KLIB_FLUSHWATSON
    case 17: // IOCTL_KLIB_CLEARWATSON
    case 10: // IOCTL_KLIB_JITGETCALLSTACK
    case 11: // IOCTL_KLIB_SETIGNORENOFAULT
      return 0;
    default:
      throw new UnimplementedFeature(`KMOD_CORE control code ${code}`);
  }
}

export const kserver: ApiDef[] = [
  fn('GetCallerProcess(): handle', (cx) => cx.machine.processId),
  fn('GetDirectCallerProcessId(): u32', (cx) => cx.machine.processId),
  fn('GetCallerVMProcessId(): u32', (cx) => cx.machine.processId),
  fn(
    'CeOpenCallerBuffer(ptr ppDestMarshalled, ptr pSrcUnmarshalled, u32 cbSrc, u32 ArgumentDescriptor, bool ForceDuplicate): hex',
    (cx, out: number, src: number, size: number, desc: number, force: number) => open(cx, out, src, size, desc, force !== 0),
  ),
  fn(
    'CeCloseCallerBuffer(ptr pDestMarshalled, ptr pSrcUnmarshalled, u32 cbSrc, u32 ArgumentDescriptor): hex',
    (cx, dest: number, src: number, size: number, desc: number) => close(cx, dest, src, size, desc, false),
  ),
  fn(
    'CeAllocAsynchronousBuffer(ptr ppDestAsyncMarshalled, ptr pSrcSyncMarshalled, u32 cbSrc, u32 ArgumentDescriptor): hex',
    (cx, out: number, src: number, size: number, desc: number) => open(cx, out, src, size, desc, false),
  ),
  fn(
    'CeFreeAsynchronousBuffer(ptr pDestAsyncMarshalled, ptr pSrcSyncMarshalled, u32 cbSrc, u32 ArgumentDescriptor): hex',
    (cx, dest: number, src: number, size: number, desc: number) => close(cx, dest, src, size, desc, false),
  ),
  fn(
    'CeAllocDuplicateBuffer(ptr ppDestDuplicate, ptr pSrcMarshalled, u32 cbSrc, u32 ArgumentDescriptor): hex',
    (cx, out: number, src: number, size: number, desc: number) => open(cx, out, src, size, desc, true),
  ),
  fn(
    'CeFreeDuplicateBuffer(ptr pDestDuplicate, ptr pSrcMarshalled, u32 cbSrc, u32 ArgumentDescriptor): hex',
    (cx, dest: number, src: number, size: number, desc: number) => close(cx, dest, src, size, desc, true),
  ),
  fn(
    'KernelLibIoControl(handle hLib, u32 dwIoControlCode, ptr lpInBuf, u32 nInBufSize, ptr lpOutBuf, u32 nOutBufSize, ptr lpBytesReturned): u32',
    (cx, h: number, code: number, inp: number, inSize: number, out: number, outSize: number, ret: number) => {
      if (h === KMOD_OAL) return kernelIoControl(cx, code, inp, inSize, out, outSize, ret);
      if (h === KMOD_CORE) return coreIoctl(cx, code >>> 0);
      return cx.fail(0, ERROR.INVALID_HANDLE);
    },
  ),
];
