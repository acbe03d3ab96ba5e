/**
 * Guest call stacks, walked with the same .pdata virtual unwinder as exception dispatch (seh.ts), the
 * way the CE kernel's NKGetThreadCallStack walks them on ARM (CE 6 nk/kernel exdsptch.c, shared
 * source): the first frame is the context's PC, each further frame the return address the unwind of
 * the frame below yields (RtlUnwindOneFrame returns the unwound Pc); the frame pointer of a frame is
 * its SP (pCtx->IntSp) and its parameters are R0-R3 of the context as it stands (CE's own comment:
 * they are not restored by the unwind, so they say little). The walk stops at a return address
 * outside every module (no .pdata: CE assumes the end), at SP leaving the thread's stack, or at 0.
 *
 * The emulator's own frames are crossed as CE crosses its PSL boundaries: an emulated export (a trap
 * stub, the kernel on a device) is a leaf whose return address is in LR; a guest callback an export
 * makes (cx.callGuest: window procedures, DllMain, enumeration callbacks) returns to the callback
 * trap, and the walk goes on with that export's frame (its stub) and then at the return address of
 * its call with the SP it was called with (thread.callFrames); a language handler an exception dispatch calls returns to the dispatch's
 * trap, and the walk goes on in the context of the exception being dispatched. Any other internal trap
 * (the thread-exit trap a thread's start routine returns to) ends the walk.
 *
 * Used by GetThreadCallStack (dlls/coredll/callstack.ts) and by the stop and crash reports
 * (machine.ts), which print each frame as module!export+0xoff (the .pdata function that contains the
 * address starts at an export) or module+0xrva.
 */
import type { Machine } from '../machine.js';
import type { GuestThread } from './thread.js';
import { sehOf, type Regs } from './seh.js';
import { hex8 } from './report.js';

export interface StackFrame {
  /** The thread's PC for the first frame, then each return address (bit 0 = Thumb, as in LR). */
  pc: number;
  /** The frame's SP (CE's dwFramePtr on ARM). */
  sp: number;
  /** R0-R3 of the frame's context (CE's dwParams). */
  params: number[];
  /** A frame of an emulated export (the trap page): the kernel's on a device, outside the owner process. */
  kernel: boolean;
}

/** Frames one walk returns at most (CE's MAX_NUM_FRAME is 0x10000; real stacks are far shorter). */
const MAX_WALK = 0x1000;
const T_BIT = 0x20;

/**
 * The call stack of thread t from the context `regs` (R0-R15, CPSR; R15 without the Thumb bit, CPSR.T
 * says the mode). `firstPc` replaces the first frame's PC when the context stands for a call site (an
 * API's return address, bit 0 = Thumb). `extendedPdata` false: code outside every module ends the walk
 * even when CeSetExtendedPdata registered .pdata for it, as in the CE 6 kernel's NKGetThreadCallStack
 * (a PC for which FindPEHeader finds no module is taken as the end: ControlPc = 0); coredll's own
 * exception dispatch and the crash reports do read those tables.
 */
export function walkCallStack(m: Machine, t: GuestThread, ctx: Regs, firstPc?: number, max = MAX_WALK, extendedPdata = true): StackFrame[] {
  const seh = sehOf(m);
  const regs = [...ctx];
  const low = t.stackBase >>> 0;
  const high = (t.stackBase + t.stackSize) >>> 0;
  const callFrames = [...t.callFrames];
  const frames: StackFrame[] = [];
  let pc = firstPc ?? (regs[15]! | (regs[16]! & T_BIT ? 1 : 0)) >>> 0;
  let first = firstPc === undefined;
  const seen = new Set<string>();
  while (frames.length < max && pc) {
    const key = `${pc}:${regs[13]}`;
    if (seen.has(key)) break;
    seen.add(key);
    const target = m.dispatcher.targetAt((pc & ~1) >>> 0);
    if (target?.dll === 'wmemu') {
      // An internal trap: a callback returning into the export that called it, a language handler
      // returning into the dispatcher, or the end of the thread.
      if (target.name === 'CallbackReturn' && callFrames.length) {
        // The export that called back (DispatchMessageW, LoadLibraryW running a DllMain...) is a
        // frame of its own, as the device shows its kernel or gwes frames there.
        const cf = callFrames.pop()!;
        regs[13] = cf.sp;
        const stub = m.dispatcher.stubOf(cf.decl);
        if (stub !== undefined && frames.length < max) frames.push({ pc: stub, sp: cf.sp >>> 0, params: regs.slice(0, 4).map((x) => x >>> 0), kernel: true });
        pc = cf.lr >>> 0;
        first = false;
        continue;
      }
      const outer = target.name === 'ExceptionHandlerReturn' ? seh.dispatchContextAt(t, regs[13]!) : undefined;
      if (!outer) break;
      for (let i = 0; i < 17; i++) regs[i] = outer.regs[i]!;
      pc = outer.controlPc;
      first = true;
      continue;
    }
    const sp = regs[13]! >>> 0;
    if (sp <= low || sp >= high) break;
    frames.push({ pc, sp, params: regs.slice(0, 4).map((x) => x >>> 0), kernel: target !== undefined });
    if (target) {
      // An emulated export: a leaf, its caller's return address is in LR.
      pc = regs[14]! >>> 0;
      first = false;
      continue;
    }
    const at = first ? (pc & ~1) >>> 0 : callSite(pc);
    const fe = seh.lookup(at, extendedPdata);
    if (!fe) {
      // No .pdata: a leaf function only as the first frame (its return address still in LR), as CE.
      if (!first) break;
      const lr = regs[14]! >>> 0;
      if (!lr || (lr & ~1) === (pc & ~1)) break;
      pc = lr;
      first = false;
      continue;
    }
    const u = seh.unwindFrame(fe, at, regs);
    if (!u) break;
    pc = u.ret >>> 0;
    regs[15] = (pc & ~1) >>> 0;
    regs[16] = pc & 1 ? regs[16]! | T_BIT : regs[16]! & ~T_BIT;
    first = false;
  }
  return frames;
}

/** The call instruction before a return address (what the caller's .pdata is looked up with). */
function callSite(ret: number): number {
  return ret & 1 ? (ret & ~1) - 2 : ret - 4;
}

/**
 * A frame's address for people: module!export+0xoff when the .pdata function containing it starts at
 * an export of its module, else module+0xrva (what symbolize gives: the trap page names its export).
 */
export function describeFrame(m: Machine, f: StackFrame, first: boolean): string {
  const addr = (f.pc & ~1) >>> 0;
  const at = first || f.kernel ? addr : callSite(f.pc);
  const mod = m.modules.find((x) => at >= x.base && at < x.base + x.size);
  if (mod) {
    const fe = sehOf(m).lookup(at);
    const exp = fe && mod.pe.exports?.functions.find((x) => !x.forwarder && ((mod.base + x.rva) & ~1) >>> 0 === fe.begin);
    if (fe && exp?.name) return `${mod.name}!${exp.name}+0x${(addr - fe.begin).toString(16)}`;
  }
  return m.symbolize(addr);
}

/** Report lines: `#N 0xADDRESS where`, the first line's frame being the stop's PC. */
export function formatCallStack(m: Machine, frames: StackFrame[]): string[] {
  return frames.map((f, i) => `#${i} ${hex8(f.pc & ~1)} ${describeFrame(m, f, i === 0)}`);
}
