/**
 * The precise PC of a data abort.
 *
 * unicorn 2.0.1 reports the start of the translation block as PC when a load or store faults, but every
 * other register is precise: it holds the state just before the faulting instruction (the instructions
 * before it in the block ran, the ones after it did not). So the faulting instruction is found by
 * decoding forward from the block start and computing each load/store's effective address range with
 * the current registers: the first one whose range covers the fault address (and whose direction, read
 * or write, matches) is it. Its own base register still holds the value it used, because the registers
 * are exactly its pre-state. The scan stops at the first branch (a block never continues past one) or
 * after MAX_SCAN instructions.
 *
 * Decoded: ARM LDR/STR/LDRB/STRB (immediate/register, pre/post-indexed, writeback), LDRH/STRH/LDRSB/
 * LDRSH/LDRD/STRD, LDM/STM (all four modes, PUSH/POP), SWP/SWPB, LDREX/STREX (B/H/D), VLDR/VSTR/VLDM/
 * VSTM (VPUSH/VPOP); Thumb-1 16-bit loads/stores (register, immediate, SP- and PC-relative, PUSH/POP,
 * LDMIA/STMIA); Thumb-2 LDR/STR families (imm12, imm8 pre/post/negative, register, literal, T forms),
 * LDRD/STRD, LDREX/STREX, TBB/TBH, LDM/STM (PUSH.W/POP.W), VLDR/VSTR/VLDM/VSTM (VPUSH/VPOP).
 *
 * ARM conditional instructions whose condition fails with the current flags are skipped (the faulting
 * instruction's condition passed with exactly these flags). Thumb instructions inside an IT block are
 * never skipped on their condition (conservative: any of them may be the faulting one).
 */

/** One memory access an instruction makes. */
export interface MemAccess {
  address: number;
  length: number;
  read: boolean;
  write: boolean;
}

export interface DecodedInsn {
  /** Instruction length in bytes (2 or 4). */
  length: number;
  /** Memory accesses with the given registers (empty: not a load/store). */
  accesses: MemAccess[];
  /** The instruction may change the flow (branch, write to PC, svc, udf): a block ends after it. */
  endsBlock: boolean;
  /** ARM condition field (14 = always; 15 = unconditional space). Thumb: 14. */
  cond: number;
  /** Thumb IT instruction: number of instructions in the IT block. */
  itCount?: number;
}

/** Registers R0-R15 (PC unused), then CPSR at index 16 (as readAllRegs returns them). */
export type Regs = ArrayLike<number>;

export interface DataFault {
  /** PC unicorn reported (the start of the translation block). */
  blockPc: number;
  regs: Regs;
  /** Faulting address and access size from the invalid-memory hook. */
  address: number;
  size: number;
  write: boolean;
}

/** Reads `len` (2 or 4) bytes of guest code; undefined if not readable. */
export type CodeReader = (address: number, len: 2 | 4) => number | undefined;

export const MAX_SCAN = 512;

const T_BIT = 0x20;

export function popcount(x: number): number {
  let n = 0;
  for (x >>>= 0; x; x &= x - 1) n++;
  return n;
}

/** Whether ARM condition `cond` passes with the flags of `cpsr` (0b1111, the unconditional space: true). */
export function conditionPasses(cond: number, cpsr: number): boolean {
  const n = (cpsr >>> 31) & 1,
    z = (cpsr >>> 30) & 1,
    c = (cpsr >>> 29) & 1,
    v = (cpsr >>> 28) & 1;
  switch (cond) {
    case 0:
      return z === 1;
    case 1:
      return z === 0;
    case 2:
      return c === 1;
    case 3:
      return c === 0;
    case 4:
      return n === 1;
    case 5:
      return n === 0;
    case 6:
      return v === 1;
    case 7:
      return v === 0;
    case 8:
      return c === 1 && z === 0;
    case 9:
      return c === 0 || z === 1;
    case 10:
      return n === v;
    case 11:
      return n !== v;
    case 12:
      return z === 0 && n === v;
    case 13:
      return z === 1 || n !== v;
    default:
      return true;
  }
}

function acc(address: number, length: number, load: boolean): MemAccess {
  return { address: address >>> 0, length, read: load, write: !load };
}

/** ARM immediate shift of a register value (LDR/STR register offsets). */
function shiftImm(value: number, type: number, imm5: number, carry: number): number {
  value >>>= 0;
  switch (type) {
    case 0:
      return (value << imm5) >>> 0;
    case 1:
      return imm5 === 0 ? 0 : value >>> imm5;
    case 2:
      return (imm5 === 0 ? value >> 31 : value >> imm5) >>> 0;
    default:
      return imm5 === 0 ? ((carry << 31) | (value >>> 1)) >>> 0 : ((value >>> imm5) | (value << (32 - imm5))) >>> 0;
  }
}

/** VLDR/VSTR/VLDM/VSTM (coprocessor 10/11) accesses; `word` has bits 27:0 laid out as in ARM. */
function vfpTransfer(word: number, base: number): MemAccess[] | undefined {
  const coproc = (word >>> 8) & 0xf;
  if (coproc !== 10 && coproc !== 11) return undefined;
  const p = (word >>> 24) & 1,
    u = (word >>> 23) & 1,
    w = (word >>> 21) & 1,
    l = ((word >>> 20) & 1) === 1;
  const imm8 = word & 0xff;
  if (p === 1 && w === 0) {
    // VLDR / VSTR
    const off = imm8 * 4;
    const ea = u ? base + off : base - off;
    return [acc(ea, coproc === 11 ? 8 : 4, l)];
  }
  if (p === 0 && u === 0) return undefined; // 64-bit register moves (VMOV/MCRR), not memory
  if (p === 1 && u === 1) return undefined; // undefined encoding
  const len = imm8 * 4;
  return [acc(u ? base : base - len, len, l)];
}

// ------------------------------------------------------------------------------------------------ ARM
/** Decodes one ARM-mode instruction at `pc` with the given registers. */
export function decodeArm(insn: number, pc: number, regs: Regs): DecodedInsn {
  insn >>>= 0;
  const cond = insn >>> 28;
  const r = (n: number) => (n === 15 ? (pc + 8) >>> 0 : regs[n]! >>> 0);
  const out: DecodedInsn = { length: 4, accesses: [], endsBlock: false, cond };
  const op = (insn >>> 25) & 7;
  const rn = (insn >>> 16) & 0xf;
  const rt = (insn >>> 12) & 0xf;
  const L = ((insn >>> 20) & 1) === 1;
  const P = (insn >>> 24) & 1,
    U = (insn >>> 23) & 1;

  if (cond === 0xf) {
    // Unconditional space: BLX imm is a branch; PLD/NEON/etc. are not faulting loads we track.
    if (op === 5) out.endsBlock = true;
    return out;
  }
  switch (op) {
    case 0:
    case 1: {
      if ((insn & 0x0ffffff0) === 0x012fff10 || (insn & 0x0ffffff0) === 0x012fff30 || (insn & 0x0ffffff0) === 0x012fff20) {
        out.endsBlock = true; // BX / BLX / BXJ
        return out;
      }
      if (op === 0 && (insn & 0x90) === 0x90) {
        const sh = (insn >>> 5) & 3;
        if (sh === 0) {
          if ((insn & 0x0fb00ff0) === 0x01000090) {
            // SWP / SWPB
            const len = (insn >>> 22) & 1 ? 1 : 4;
            out.accesses.push({ address: r(rn), length: len, read: true, write: true });
          } else if ((insn & 0x0f8000f0) === 0x01800090 && (insn & 0x0f00) === 0x0f00) {
            // LDREX/STREX{,D,B,H}
            const len = [4, 8, 1, 2][(insn >>> 21) & 3]!;
            out.accesses.push(acc(r(rn), len, L));
          }
          return out; // multiplies
        }
        // Extra load/store: STRH/LDRH, LDRD/LDRSB, STRD/LDRSH
        const imm = (insn >>> 22) & 1;
        const off = imm ? ((insn >>> 4) & 0xf0) | (insn & 0xf) : r(insn & 0xf);
        const base = r(rn);
        const ea = P ? (U ? base + off : base - off) : base;
        let len: number;
        let load = L;
        if (sh === 1) len = 2;
        else if (sh === 2) {
          len = L ? 1 : 8;
          load = true; // LDRD (L=0) or LDRSB
        } else {
          len = L ? 2 : 8;
          load = L; // LDRSH or STRD
        }
        out.accesses.push(acc(ea, len, load));
        if (load && len !== 8 && rt === 15) out.endsBlock = true;
        return out;
      }
      // Data processing (or misc): a write to PC is a branch.
      const opc = (insn >>> 21) & 0xf;
      const misc = ((insn >>> 23) & 3) === 2 && !L;
      if (!misc && rt === 15 && (opc < 8 || opc > 11)) out.endsBlock = true;
      return out;
    }
    case 2:
    case 3: {
      if (op === 3 && insn & 0x10) {
        if ((insn & 0x0ff000f0) === 0x07f000f0) out.endsBlock = true; // UDF
        return out; // media instructions
      }
      const off = op === 2 ? insn & 0xfff : shiftImm(r(insn & 0xf), (insn >>> 5) & 3, (insn >>> 7) & 0x1f, ((regs[16] ?? 0) >>> 29) & 1);
      const base = r(rn);
      const ea = P ? (U ? base + off : base - off) : base;
      const len = (insn >>> 22) & 1 ? 1 : 4;
      out.accesses.push(acc(ea, len, L));
      if (L && rt === 15) out.endsBlock = true;
      return out;
    }
    case 4: {
      const list = insn & 0xffff;
      const n = popcount(list);
      const base = r(rn);
      const start = U ? base + (P ? 4 : 0) : base - 4 * n + (P ? 0 : 4);
      if (n) out.accesses.push(acc(start, 4 * n, L));
      if (L && list & 0x8000) out.endsBlock = true;
      return out;
    }
    case 5:
      out.endsBlock = true; // B / BL
      return out;
    case 6: {
      const a = vfpTransfer(insn, rn === 15 ? (pc + 8) & ~3 : r(rn));
      if (a) out.accesses.push(...a);
      return out;
    }
    default:
      if (((insn >>> 24) & 0xf) === 0xf) out.endsBlock = true; // SVC
      return out;
  }
}

// ------------------------------------------------------------------------------------------------ Thumb
/** Whether a Thumb halfword starts a 32-bit instruction. */
export function isThumb32(hw1: number): boolean {
  return hw1 >>> 11 >= 0b11101;
}

/** Decodes one Thumb instruction (hw2 is ignored for 16-bit ones) at `pc` with the given registers. */
export function decodeThumb(hw1: number, hw2: number, pc: number, regs: Regs): DecodedInsn {
  if (isThumb32(hw1)) return decodeThumb32(hw1, hw2, pc, regs);
  const r = (n: number) => (n === 15 ? (pc + 4) >>> 0 : regs[n]! >>> 0);
  const out: DecodedInsn = { length: 2, accesses: [], endsBlock: false, cond: 14 };
  const lo = (s: number) => (hw1 >>> s) & 7;
  const top5 = hw1 >>> 11;
  if (top5 === 0b01001) {
    out.accesses.push(acc(((pc + 4) & ~3) + (hw1 & 0xff) * 4, 4, true)); // LDR literal
  } else if (hw1 >>> 12 === 0b0101) {
    const o = (hw1 >>> 9) & 7;
    const len = [4, 2, 1, 1, 4, 2, 1, 2][o]!;
    out.accesses.push(acc(r(lo(3)) + r(lo(6)), len, o >= 3));
  } else if (hw1 >>> 13 === 0b011) {
    const byte = (hw1 >>> 12) & 1;
    const imm5 = (hw1 >>> 6) & 0x1f;
    out.accesses.push(acc(r(lo(3)) + (byte ? imm5 : imm5 * 4), byte ? 1 : 4, ((hw1 >>> 11) & 1) === 1));
  } else if (hw1 >>> 12 === 0b1000) {
    out.accesses.push(acc(r(lo(3)) + ((hw1 >>> 6) & 0x1f) * 2, 2, ((hw1 >>> 11) & 1) === 1));
  } else if (hw1 >>> 12 === 0b1001) {
    out.accesses.push(acc(r(13) + (hw1 & 0xff) * 4, 4, ((hw1 >>> 11) & 1) === 1));
  } else if ((hw1 & 0xfe00) === 0xb400) {
    const n = popcount(hw1 & 0x1ff); // PUSH {list, lr}
    if (n) out.accesses.push(acc(r(13) - 4 * n, 4 * n, false));
  } else if ((hw1 & 0xfe00) === 0xbc00) {
    const n = popcount(hw1 & 0x1ff); // POP {list, pc}
    if (n) out.accesses.push(acc(r(13), 4 * n, true));
    if (hw1 & 0x100) out.endsBlock = true;
  } else if (hw1 >>> 12 === 0b1100) {
    const n = popcount(hw1 & 0xff); // STMIA / LDMIA
    if (n) out.accesses.push(acc(r(lo(8)), 4 * n, ((hw1 >>> 11) & 1) === 1));
  } else if (hw1 >>> 12 === 0b1101 || top5 === 0b11100) {
    out.endsBlock = true; // B<cond>, SVC, UDF, B
  } else if ((hw1 & 0xfc00) === 0x4400) {
    const o = (hw1 >>> 8) & 3;
    const rd = ((hw1 >>> 4) & 8) | (hw1 & 7);
    if (o === 3 || (o !== 1 && rd === 15)) out.endsBlock = true; // BX/BLX, ADD/MOV pc
  } else if ((hw1 & 0xf500) === 0xb100 || (hw1 & 0xff00) === 0xbe00) {
    out.endsBlock = true; // CBZ/CBNZ, BKPT
  } else if ((hw1 & 0xff00) === 0xbf00 && hw1 & 0xf) {
    // IT: the block holds 4 - (index of the lowest set bit of the mask) instructions.
    const mask = hw1 & 0xf;
    out.itCount = 4 - (mask & 1 ? 0 : mask & 2 ? 1 : mask & 4 ? 2 : 3);
  }
  return out;
}

function decodeThumb32(hw1: number, hw2: number, pc: number, regs: Regs): DecodedInsn {
  const out: DecodedInsn = { length: 4, accesses: [], endsBlock: false, cond: 14 };
  const rn = hw1 & 0xf;
  const rt = hw2 >>> 12;
  const r = (n: number) => (n === 15 ? (pc + 4) >>> 0 : regs[n]! >>> 0);
  const L = ((hw1 >>> 4) & 1) === 1;
  if ((hw1 & 0xfe00) === 0xf800) {
    // Load/store single: 1111 100 S x size L Rn
    const size = (hw1 >>> 5) & 3;
    if (size === 3) return out;
    const len = 1 << size;
    if (L && rt === 15 && size !== 2) return out; // PLD / PLI hints
    let ea: number;
    let wb = true;
    if (rn === 15) {
      if (!L) return out;
      const imm12 = hw2 & 0xfff;
      const base = (pc + 4) & ~3;
      ea = (hw1 >>> 7) & 1 ? base + imm12 : base - imm12;
    } else if ((hw1 >>> 7) & 1) {
      ea = r(rn) + (hw2 & 0xfff);
    } else if (hw2 & 0x800) {
      const p = (hw2 >>> 10) & 1,
        u = (hw2 >>> 9) & 1;
      const imm8 = hw2 & 0xff;
      ea = p ? (u ? r(rn) + imm8 : r(rn) - imm8) : r(rn);
    } else if ((hw2 & 0x7c0) === 0) {
      ea = r(rn) + ((regs[hw2 & 0xf]! >>> 0) << ((hw2 >>> 4) & 3));
    } else {
      wb = false;
      ea = 0;
    }
    if (wb) out.accesses.push(acc(ea, len, L));
    if (L && rt === 15) out.endsBlock = true;
    return out;
  }
  if ((hw1 & 0xfe40) === 0xe840) {
    // Load/store dual, exclusive, table branch: 1110 100P U1WL Rn
    const p = (hw1 >>> 8) & 1,
      u = (hw1 >>> 7) & 1,
      w = (hw1 >>> 5) & 1;
    if (p === 0 && w === 0) {
      if (u === 0) {
        out.accesses.push(acc(r(rn) + (hw2 & 0xff) * 4, 4, L)); // STREX / LDREX
      } else {
        const op = (hw2 >>> 4) & 0xf;
        if (L && (op === 0 || op === 1)) {
          // TBB / TBH
          const rm = regs[hw2 & 0xf]! >>> 0;
          out.accesses.push(acc(r(rn) + (op ? rm * 2 : rm), op ? 2 : 1, true));
          out.endsBlock = true;
        } else if (op === 4 || op === 5 || op === 7) {
          out.accesses.push(acc(r(rn), op === 4 ? 1 : op === 5 ? 2 : 8, L)); // LDREX/STREX B, H, D
        }
      }
      return out;
    }
    const imm = (hw2 & 0xff) * 4;
    const base = rn === 15 ? (pc + 4) & ~3 : r(rn);
    const ea = p ? (u ? base + imm : base - imm) : base;
    out.accesses.push(acc(ea, 8, L)); // LDRD / STRD
    return out;
  }
  if ((hw1 & 0xfe40) === 0xe800) {
    // LDM/STM: 1110 100 op 0 W L Rn, op 01 = IA, 10 = DB
    const op = (hw1 >>> 7) & 3;
    if (op === 1 || op === 2) {
      const n = popcount(hw2);
      if (n) out.accesses.push(acc(op === 1 ? r(rn) : r(rn) - 4 * n, 4 * n, L));
      if (L && hw2 & 0x8000) out.endsBlock = true;
    } else {
      out.endsBlock = true; // SRS / RFE
    }
    return out;
  }
  if ((hw1 & 0xee00) === 0xec00) {
    // Coprocessor load/store: 111T 110P UDWL Rn | Vd coproc imm8
    const word = ((hw1 & 0x0fff) << 16) | hw2;
    const a = vfpTransfer(word, rn === 15 ? (pc + 4) & ~3 : r(rn));
    if (a) out.accesses.push(...a);
    return out;
  }
  if ((hw1 & 0xf800) === 0xf000 && hw2 & 0x8000) {
    // Branches and miscellaneous control
    if (hw2 & 0x5000)
      out.endsBlock = true; // B.W, BL, BLX
    else if (((hw1 >>> 7) & 7) !== 7)
      out.endsBlock = true; // B<cond>.W
    else if ((hw1 & 0xffe0) === 0xf3c0 || (hw1 & 0xfff0) === 0xf7f0) out.endsBlock = true; // BXJ, SUBS PC,LR, UDF.W
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ scan
function covers(a: MemAccess, f: DataFault): boolean {
  if (f.write ? !a.write : !a.read) return false;
  const lo = a.address,
    hi = a.address + a.length;
  const flo = f.address >>> 0,
    fhi = flo + Math.max(1, f.size);
  return lo < fhi && flo < hi;
}

/**
 * Finds the faulting instruction of a data abort by decoding forward from the block start; returns its
 * address (bit 0 clear), or undefined when no instruction of the block matches the fault.
 */
export function preciseFaultPc(f: DataFault, read: CodeReader): number | undefined {
  const cpsr = f.regs[16]! >>> 0;
  const thumb = (cpsr & T_BIT) !== 0;
  let pc = f.blockPc & ~(thumb ? 1 : 3);
  // Inside an IT block already at the block start (ITSTATE bits 15:10, 26:25)?
  let itLeft = (cpsr >>> 10) & 0x3f || (cpsr >>> 25) & 3 ? 4 : 0;
  for (let i = 0; i < MAX_SCAN; i++) {
    let d: DecodedInsn;
    if (thumb) {
      const hw1 = read(pc >>> 0, 2);
      if (hw1 === undefined) return undefined;
      let hw2 = 0;
      if (isThumb32(hw1)) {
        const h = read((pc + 2) >>> 0, 2);
        if (h === undefined) return undefined;
        hw2 = h;
      }
      d = decodeThumb(hw1, hw2, pc, f.regs);
    } else {
      const w = read(pc >>> 0, 4);
      if (w === undefined) return undefined;
      d = decodeArm(w, pc, f.regs);
    }
    const inIt = itLeft > 0;
    // ARM: an instruction whose condition fails did not execute, so it cannot be the faulting one.
    const executes = thumb || inIt || conditionPasses(d.cond, cpsr);
    if (executes && d.accesses.some((a) => covers(a, f))) return pc >>> 0;
    if (d.endsBlock) return undefined;
    if (inIt) itLeft--;
    if (d.itCount) itLeft = d.itCount;
    pc += d.length;
  }
  return undefined;
}

/** Guest memory as far as the scan needs it (GuestMemory satisfies it). */
export interface CodeMemory {
  isUserRange(address: number, len: number): boolean;
  readonly ram: { readUInt16LE(offset: number): number; readUInt32LE(offset: number): number };
}

/**
 * The precise PC for a fault from unicorn's invalid-memory hook (`type` UC_MEM_*), given all registers
 * as readAllRegs returns them; undefined for fetch faults and when no instruction matches.
 */
export function faultingInstruction(mem: CodeMemory, regs: Regs, fault: { type: number; address: number; size: number }): number | undefined {
  const write = fault.type === 20 || fault.type === 22; // UC_MEM_WRITE_UNMAPPED / UC_MEM_WRITE_PROT
  const read = fault.type === 19 || fault.type === 23; // UC_MEM_READ_UNMAPPED / UC_MEM_READ_PROT
  if (!write && !read) return undefined;
  const code: CodeReader = (a, len) => (mem.isUserRange(a, len) ? (len === 2 ? mem.ram.readUInt16LE(a) : mem.ram.readUInt32LE(a)) : undefined);
  return preciseFaultPc({ blockPc: regs[15]!, regs, address: fault.address, size: fault.size, write }, code);
}
