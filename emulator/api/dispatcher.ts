/**
 * Import traps: every imported function the loader binds gets an 8-byte ARM stub on the trap page,
 *
 *     svc #0      ; lands in onInterrupt() below
 *     bx  lr      ; back to the caller in the caller's mode (ARM or Thumb, from LR bit 0)
 *
 * The hook reads R0-R3/SP/LR/PC in one batch, finds the declaration from the stub address, decodes
 * the arguments, runs the TypeScript handler inline, and writes R0 (R1 for 64-bit results). No
 * uc_emu_stop for calls that finish at once. A handler that must wait parks its thread through the
 * scheduler and returns BLOCKED; R0 is written when the thread resumes.
 */
import { ARM_REG } from '../unicorn/constants.js';
import type { RegBatch, Unicorn } from '../unicorn/unicorn.js';
import { GuestFault, PROT_RX, type GuestMemory } from '../memory/guest-memory.js';
import { BLOCKED, CALLED, type ApiDecl, type ApiResult } from './declare.js';
import { ApiContext } from './context.js';
import type { Machine } from '../machine.js';
import type { Tracer } from './trace.js';
import { printable } from '../pe/pe-file.js';

export const TRAP_BASE = 0xf100_0000;
export const TRAP_SIZE = 0x2_0000;
const STUB_SIZE = 8;
const SVC_0 = 0xef00_0000;
const BX_LR = 0xe12f_ff1e;

export interface TrapTarget {
  dll: string;
  name?: string;
  ordinal?: number;
  decl?: ApiDecl;
  /** Emulator-internal trap (thread exit), not an import. */
  internal?: (cx: ApiContext) => void;
}

export class UnimplementedImport extends Error {
  constructor(
    readonly target: TrapTarget,
    readonly callSite: number,
  ) {
    super(
      `unimplemented import ${describeTarget(target)} called from 0x${callSite.toString(16).padStart(8, '0')}`,
    );
  }
}

export function describeTarget(t: TrapTarget): string {
  const name = t.name ?? t.decl?.name ?? '?';
  const ord = t.ordinal ?? t.decl?.ordinal;
  // DLL and function names come from the guest image: escape them so reports stay one line.
  return `${printable(t.dll)}!${printable(name)}${ord !== undefined ? ` (ordinal ${ord})` : ''}`;
}

export class Dispatcher {
  private readonly targets: TrapTarget[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly page: Buffer;
  private readonly regs: RegBatch;
  private readonly ret2: RegBatch;
  readonly cx: ApiContext;
  private readonly vals: (number | bigint)[] = new Array(16).fill(0);
  private readonly callRegs: RegBatch;
  private readonly spLr: RegBatch;
  private readonly callbackReturn: number;
  tracer: Tracer | undefined;

  constructor(
    private readonly uc: Unicorn,
    private readonly mem: GuestMemory,
    private readonly machine: Machine,
  ) {
    this.page = mem.mapHigh(TRAP_BASE, TRAP_SIZE, PROT_RX);
    this.regs = uc.batch([ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC]);
    this.ret2 = uc.batch([ARM_REG.R0, ARM_REG.R1]);
    this.cx = new ApiContext(machine, mem);
    this.spLr = uc.batch([ARM_REG.SP, ARM_REG.LR]);
    this.callRegs = uc.batch([ARM_REG.R0, ARM_REG.R1, ARM_REG.R2, ARM_REG.R3, ARM_REG.SP, ARM_REG.LR, ARM_REG.PC]);
    this.callbackReturn = this.trapFor({ dll: 'wmemu', name: 'CallbackReturn', internal: (cx) => this.onCallbackReturn(cx) });
    uc.hookInterrupt((intno) => this.onInterrupt(intno));
  }

  /** Redirects the current thread into guest code; see ApiContext.callGuest. */
  callGuest(cx: ApiContext, fnAddr: number, args: number[], then: (r0: number) => ApiResult): void {
    cx.thread.callFrames.push({ then, lr: cx.lr, sp: cx.sp, decl: cx.decl });
    let sp = cx.sp;
    if (args.length > 4) {
      sp = (sp - 4 * (args.length - 4)) & ~7;
      for (let i = 4; i < args.length; i++) this.mem.setU32(sp + 4 * (i - 4), args[i]!);
    }
    const v = this.callRegs.values;
    for (let i = 0; i < 4; i++) v[i] = args[i] ?? 0;
    v[4] = sp;
    v[5] = this.callbackReturn;
    v[6] = fnAddr; // bit 0 selects Thumb
    this.callRegs.write();
  }

  /** The guest callback returned: restore the original caller's SP/LR and run the continuation. */
  private onCallbackReturn(cx: ApiContext): void {
    const frame = cx.thread.callFrames.pop();
    if (!frame) {
      this.machine.cpuException(cx.thread, 2, TRAP_BASE);
      return;
    }
    cx.sp = frame.sp;
    cx.lr = frame.lr;
    const v = this.spLr.values;
    v[0] = frame.sp;
    v[1] = frame.lr;
    this.spLr.write();
    cx.decl = frame.decl;
    let result: ApiResult | null;
    try {
      result = frame.then(cx.regs[0]!);
    } catch (e) {
      result = this.recover(cx, frame.decl, e);
      if (result === null) return;
    }
    this.finish(cx, frame.decl, result, undefined);
  }

  /** The stub address for a target, creating it on first use (one stub per distinct export). */
  trapFor(target: TrapTarget): number {
    const key = `${target.dll.toUpperCase()}!${target.decl?.name ?? target.name ?? `#${target.ordinal}`}`;
    const known = this.byKey.get(key);
    if (known !== undefined) return TRAP_BASE + known * STUB_SIZE;
    const i = this.targets.length;
    if ((i + 1) * STUB_SIZE > TRAP_SIZE) throw new Error('trap page full');
    this.targets.push(target);
    this.byKey.set(key, i);
    this.page.writeUInt32LE(SVC_0, i * STUB_SIZE);
    this.page.writeUInt32LE(BX_LR, i * STUB_SIZE + 4);
    return TRAP_BASE + i * STUB_SIZE;
  }

  /** The export a trap address belongs to (for symbolizing addresses in reports). */
  targetAt(address: number): TrapTarget | undefined {
    if (address < TRAP_BASE || address >= TRAP_BASE + TRAP_SIZE) return undefined;
    return this.targets[Math.floor((address - TRAP_BASE) / STUB_SIZE)];
  }

  private onInterrupt(intno: number): void {
    const machine = this.machine;
    const thread = machine.scheduler.running;
    if (!thread) return;
    const r = this.regs.read();
    const pc = r[6]!;
    if (intno !== 2 || pc < TRAP_BASE + 4 || pc > TRAP_BASE + TRAP_SIZE) {
      machine.cpuException(thread, intno, pc);
      return;
    }
    const target = this.targets[(pc - 4 - TRAP_BASE) / STUB_SIZE];
    const cx = this.cx;
    cx.thread = thread;
    cx.regs[0] = r[0]!;
    cx.regs[1] = r[1]!;
    cx.regs[2] = r[2]!;
    cx.regs[3] = r[3]!;
    cx.sp = r[4]!;
    cx.lr = r[5]!;
    cx.pc = pc - 4;
    const decl = target?.decl;
    if (!decl) {
      if (target?.internal) return target.internal(cx);
      machine.fatalUnimplemented(thread, new UnimplementedImport(target ?? { dll: '?' }, callSite(this.mem, cx.lr)));
      return;
    }
    cx.decl = decl;
    const tracer = this.tracer;
    const traceArgs = tracer?.wants(decl) ? tracer.captureArgs(cx, decl) : undefined;
    let result;
    try {
      const v = this.vals;
      const args = decl.args;
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (a.wide) {
          const lo = cx.slot(a.slot);
          const hi = cx.slot(a.slot + 1);
          v[i] = a.kind === 'i64' ? BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)) : (BigInt(hi) << 32n) | BigInt(lo);
          if (a.kind === 'f64') v[i] = bitsToDouble(v[i] as bigint);
        } else {
          const x = a.slot < 4 ? cx.regs[a.slot]! : cx.slot(a.slot);
          v[i] = a.kind === 'i32' ? x | 0 : x;
        }
      }
      result = decl.handler(cx, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    } catch (e) {
      result = this.recover(cx, decl, e);
      if (result === null) return;
    }
    this.finish(cx, decl, result, traceArgs);
  }

  /** A handler threw: a GuestFault becomes the export's documented error (or a crash); null = fatal. */
  private recover(cx: ApiContext, decl: ApiDecl, e: unknown): ApiResult | null {
    const machine = this.machine;
    if (e instanceof GuestFault) {
      const policy = decl.options.fault ?? machine.faultPolicy(decl.dll);
      if (policy.kind === 'error') {
        cx.thread.lastError = policy.lastError;
        return policy.ret;
      }
      machine.fatalGuestFaultInApi(cx.thread, decl, e, cx.lr);
      return null;
    }
    if (!machine.finished) machine.fatalInternal(cx.thread, decl, e);
    return null;
  }

  /** Delivers a handler's result: R0 (R0:R1 for 64-bit), nothing when parked or calling back. */
  private finish(cx: ApiContext, decl: ApiDecl, result: ApiResult, traceArgs: string[] | undefined): void {
    if (result === BLOCKED) {
      if (traceArgs) this.tracer!.blocked(cx, decl, traceArgs);
      return;
    }
    if (result === CALLED) return;
    if (result !== undefined) {
      if (typeof result === 'bigint') {
        this.ret2.values[0] = Number(result & 0xffff_ffffn);
        this.ret2.values[1] = Number((result >> 32n) & 0xffff_ffffn);
        this.ret2.write();
      } else {
        this.uc.regWrite(ARM_REG.R0, result);
      }
    }
    if (traceArgs) this.tracer!.returned(cx, decl, traceArgs, result);
  }

  /** All targets, for coverage reports. */
  allTargets(): readonly TrapTarget[] {
    return this.targets;
  }
}

const F64 = Buffer.alloc(8);
function bitsToDouble(b: bigint): number {
  F64.writeBigUInt64LE(b);
  return F64.readDoubleLE(0);
}

/** Best guess of the call instruction's address from a return address. */
export function callSite(mem: GuestMemory, lr: number): number {
  if (lr & 1) {
    const ret = lr & ~1;
    const h = mem.isUserRange(ret - 2, 2) ? mem.u16(ret - 2) : 0;
    return ((h & 0xff87) === 0x4780 ? ret - 2 : ret - 4) >>> 0; // blx rN is 2 bytes, bl/blx imm 4
  }
  return (lr - 4) >>> 0;
}
