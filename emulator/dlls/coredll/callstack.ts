/**
 * coredll call stacks: GetThreadCallStack and CeSetExtendedPdata (imported by the ce6 device's
 * filesys.dll and gwes.dll, and by its eight ddi_*.dll display drivers).
 *
 * GetThreadCallStack(hThrd, dwMaxFrames, lpFrames, dwFlags, dwSkip) (CE 5/6 docs; CE 6 kernel
 * thread.c EXTGetCallStack/THRDGetCallStack and exdsptch.c NKGetThreadCallStack, shared source; the
 * ce6 coredll.dll's export, RVA 0x3994c, passes its five arguments unchanged to the kernel's
 * thread-handle method trap, inside its API error-handler bracket):
 *  - the thread is resolved first (the kernel's handle dispatch): a handle that is not a live thread
 *    of the run fails with ERROR_INVALID_HANDLE; GetCurrentThread()'s pseudo handle is this thread; a
 *    child process's primary thread (CreateProcess's pi.hThread) is walked in that process;
 *  - then the arguments: a flag outside STACKSNAP_FAIL_IF_INCOMPLETE | EXTENDED_INFO | INPROC_ONLY |
 *    RETURN_FRAMES_ON_ERROR | NEW_VM, EXTENDED_INFO together with NEW_VM, dwSkip > 0x10000,
 *    dwMaxFrames 0 or > 0x10000, or lpFrames not writable for dwMaxFrames records: 0,
 *    ERROR_INVALID_PARAMETER;
 *  - records: CallSnapshot { dwReturnAddr } (4 bytes), with EXTENDED_INFO CallSnapshotEx
 *    { dwReturnAddr, dwFramePtr, dwCurProc, dwParams[4] } (28), with NEW_VM CallSnapshot3
 *    { dwReturnAddr, dwFramePtr, dwActvProc, dwVMProc, dwParams[4] } (32). On ARM dwFramePtr is the
 *    frame's SP and dwParams R0-R3 of the unwound context; the process IDs are this process's;
 *  - frames (core/kernel/callstack.ts): for the calling thread the first is its caller's return
 *    address from GetThreadCallStack (the kernel skips its own frames and coredll's), then each
 *    caller's; for another thread its PC first (inside an emulated export while it waits: the kernel
 *    on a device, a frame outside the owner process that STACKSNAP_INPROC_ONLY leaves out without
 *    counting it), then return addresses;
 *  - dwSkip frames are left out first; more than dwMaxFrames frames: the walk stops there, and with
 *    FAIL_IF_INCOMPLETE that is ERROR_INSUFFICIENT_BUFFER; fewer frames than dwSkip:
 *    ERROR_INVALID_PARAMETER. On an error the result is 0 and lpFrames is left as it was, unless
 *    RETURN_FRAMES_ON_ERROR asks for the frames found; with that flag the last error is always set
 *    (0 when there was none), as the docs say.
 *
 * CeSetExtendedPdata(pvExtendedPdata) (undocumented; ce6 coredll.dll RVA 0x3e974 disassembled): no
 * kernel call, coredll stores the pointer in a global and returns TRUE. Its exception dispatch and
 * unwinder read it, for code outside every module (code a display driver generates), as a pointer to
 * the head of a list of .pdata tables; see Seh.lookupExtended (core/kernel/seh.ts) for the layout.
 * Here the SEH dispatch and the crash reports read it the same way; GetThreadCallStack does not, as
 * on the device: the CE 6 kernel's walk (NKGetThreadCallStack) ends at a PC outside every module
 * without asking coredll's lookup. NULL removes the tables. Nothing is validated when it is set
 * (coredll does not either).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { CURRENT_THREAD_PSEUDO, type KernelObject } from '../../core/kernel/handles.js';
import type { GuestThread } from '../../core/kernel/thread.js';
import type { Machine } from '../../core/machine.js';
import { sehOf } from '../../core/kernel/seh.js';
import { walkCallStack, type StackFrame } from '../../core/kernel/callstack.js';
import { readAllRegs } from '../../core/kernel/report.js';
import { ERROR } from '../../core/win32-errors.js';

export const STACKSNAP_FAIL_IF_INCOMPLETE = 1;
export const STACKSNAP_EXTENDED_INFO = 2;
export const STACKSNAP_INPROC_ONLY = 4;
export const STACKSNAP_RETURN_FRAMES_ON_ERROR = 8;
export const STACKSNAP_NEW_VM = 16;
const VALID_FLAGS = 0x1f;
const MAX_SKIP = 0x10000;
const MAX_NUM_FRAME = 0x10000;

/** The thread a handle names, with the machine (process) it runs in. */
function threadOf(cx: ApiContext, h: number): { t: GuestThread; m: Machine } | undefined {
  if (h === CURRENT_THREAD_PSEUDO) return { t: cx.thread, m: cx.machine };
  const own = cx.machine.handles.get<GuestThread>(h, 'thread');
  if (own) return { t: own, m: cx.machine };
  const child = cx.machine.handles.get<KernelObject & { process: { machine: Machine } }>(h, 'child-thread');
  const t = child?.process.machine.mainThread;
  return child && t ? { t, m: child.process.machine } : undefined;
}

function framesOf(cx: ApiContext, t: GuestThread, m: Machine, max: number): StackFrame[] {
  if (t === cx.thread) {
    // The calling thread: its context at the call (R4-R11 are still the caller's on the CPU).
    const regs = readAllRegs(cx.machine.uc);
    for (let i = 0; i < 4; i++) regs[i] = cx.regs[i]!;
    regs[13] = cx.sp;
    regs[14] = cx.lr;
    return walkCallStack(m, t, regs, cx.lr >>> 0, max, false);
  }
  const regs = m.scheduler.registersOf(t);
  return regs ? walkCallStack(m, t, regs, undefined, max, false) : [];
}

export const callstack: ApiDef[] = [
  fn(
    'GetThreadCallStack(handle hThrd, u32 dwMaxFrames, ptr lpFrames, hex dwFlags, u32 dwSkip): u32',
    (cx, h: number, maxFrames: number, out: number, flags: number, skip: number) => {
      const target = threadOf(cx, h);
      if (!target || target.t.state === 'exited') return cx.fail(0, ERROR.INVALID_HANDLE);
      const size = flags & STACKSNAP_NEW_VM ? 32 : flags & STACKSNAP_EXTENDED_INFO ? 28 : 4;
      if (
        flags & ~VALID_FLAGS ||
        skip > MAX_SKIP ||
        !maxFrames ||
        maxFrames > MAX_NUM_FRAME ||
        (flags & STACKSNAP_EXTENDED_INFO && flags & STACKSNAP_NEW_VM) ||
        !cx.mem.isUserRange(out, maxFrames * size, 'write')
      )
        return cx.fail(0, ERROR.INVALID_PARAMETER);
      const { t, m } = target;
      // One frame more than asked for tells whether the stack was cut (FAIL_IF_INCOMPLETE).
      const all = framesOf(cx, t, m, MAX_NUM_FRAME + MAX_SKIP + 1).filter((f) => !(flags & STACKSNAP_INPROC_ONLY && f.kernel));
      let err = 0;
      let cnt = all.length;
      if (cnt > maxFrames + skip) {
        cnt = maxFrames + skip;
        if (flags & STACKSNAP_FAIL_IF_INCOMPLETE) err = ERROR.INSUFFICIENT_BUFFER;
      }
      let frames = cnt - skip;
      if (cnt < skip) {
        err = ERROR.INVALID_PARAMETER;
        frames = 0;
      }
      if (err || flags & STACKSNAP_RETURN_FRAMES_ON_ERROR) {
        cx.setLastError(err);
        if (!(flags & STACKSNAP_RETURN_FRAMES_ON_ERROR)) frames = 0;
      }
      const pid = m.processId;
      all.slice(skip, skip + frames).forEach((f, i) => {
        const p = out + i * size;
        cx.mem.setU32(p, f.pc);
        if (size === 4) return;
        cx.mem.setU32(p + 4, f.sp);
        cx.mem.setU32(p + 8, pid);
        if (size === 32) cx.mem.setU32(p + 12, pid);
        f.params.forEach((v, j) => cx.mem.setU32(p + size - 16 + 4 * j, v));
      });
      return frames;
    },
  ),
  fn('CeSetExtendedPdata(ptr pvExtendedPdata): bool', (cx, p: number) => {
    sehOf(cx.machine).extendedPdata = p >>> 0;
    return 1;
  }),
];
