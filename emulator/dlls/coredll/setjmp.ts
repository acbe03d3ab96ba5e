/**
 * setjmp (coredll 2054) and longjmp (1036) for CE ARM.
 *
 * jmp_buf is `int[_JBLEN]` with _JBLEN = 11 in the CE SDK's ARM <setjmp.h>. Layout used here (the
 * callee-saved state of the ARM procedure call standard; CE ARM code has no VFP registers to keep):
 *
 *   [0..7] R4-R11   [8] SP of the setjmp caller   [9] return address (LR, bit 0 = Thumb caller)
 *   [10]   not written (reserved)
 *
 * setjmp stores them and returns 0. longjmp(buf, v) continues after that setjmp call with R0 = v
 * (1 if v is 0), R4-R11 and SP restored, through Dispatcher.resumeAt (the CPU gets the complete
 * register set from inside the trap; the thread is not parked, so the scheduler is not involved).
 * As in C, jumping to a setjmp whose function has returned is undefined. Like CE's longjmp (whose
 * 11-int jmp_buf has no frame or unwind fields, unlike the desktop _JUMP_BUFFER used for RtlUnwind),
 * it does not unwind: __finally blocks between the jump and the setjmp do not run. A jump out of an
 * exception filter or a __finally abandons the dispatch that called it (kernel/seh.ts is told).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ARM_REG } from '../../core/unicorn/constants.js';
import type { RegBatch } from '../../core/unicorn/unicorn.js';
import type { Machine } from '../../core/machine.js';
import { sehResumed } from '../../core/kernel/seh.js';

export const JB_WORDS = 10;
const R4_R11 = [ARM_REG.R4, ARM_REG.R5, ARM_REG.R6, ARM_REG.R7, ARM_REG.R8, ARM_REG.R9, ARM_REG.R10, ARM_REG.R11];

const batches = new WeakMap<Machine, RegBatch>();
function calleeSaved(m: Machine): RegBatch {
  let b = batches.get(m);
  if (!b) batches.set(m, (b = m.uc.batch(R4_R11)));
  return b;
}

export const setjmpApis: ApiDef[] = [
  fn('setjmp(ptr env): i32', (cx, env: number) => {
    const regs = calleeSaved(cx.machine).read();
    for (let i = 0; i < 8; i++) cx.mem.setU32(env + 4 * i, regs[i]!);
    cx.mem.setU32(env + 32, cx.sp);
    cx.mem.setU32(env + 36, cx.lr);
    return 0;
  }),
  fn('longjmp(ptr env, i32 value): void', (cx, env: number, value: number) => {
    const regs: number[] = [value === 0 ? 1 : value >>> 0, cx.regs[1]!, cx.regs[2]!, cx.regs[3]!];
    for (let i = 0; i < 8; i++) regs.push(cx.mem.u32(env + 4 * i));
    const ret = cx.mem.u32(env + 36);
    regs.push(0, cx.mem.u32(env + 32), ret, ret); // R12, SP, LR, PC
    // A jump out of an exception filter or a __finally: the dispatch that called it is abandoned.
    sehResumed(cx.machine, cx.thread, regs[13]!);
    return cx.resumeAt(regs);
  }),
];
