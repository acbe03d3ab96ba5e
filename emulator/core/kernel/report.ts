/**
 * Crash reports: what the user sees when the guest faults, calls an unimplemented import, or the
 * emulator hits an internal error. Registers, the faulting PC with module+offset, and a backtrace
 * (LR, then a scan of the stack for return addresses: words pointing just after a call instruction
 * in a loaded module's code).
 */
import type { GuestMemory } from '../memory/guest-memory.js';
import { ALL_REGS, type Unicorn } from '../unicorn/unicorn.js';

export interface ModuleInfo {
  name: string;
  base: number;
  size: number;
  /** Executable ranges [start, end) for the backtrace heuristic. */
  code: [number, number][];
}

export interface Symbolizer {
  symbolize(address: number): string;
  modules: readonly ModuleInfo[];
}

const REG_NAMES = ['R0', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12', 'SP', 'LR', 'PC', 'CPSR'];

export function hex8(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

export function readAllRegs(uc: Unicorn): number[] {
  return Array.from(uc.batch(ALL_REGS).read());
}

export function formatRegisters(regs: number[]): string {
  const lines: string[] = [];
  for (let i = 0; i < 16; i += 4) {
    lines.push(
      '  ' +
        REG_NAMES.slice(i, i + 4)
          .map((n, j) => `${n.padStart(4)}=${hex8(regs[i + j]!)}`)
          .join('  '),
    );
  }
  const cpsr = regs[16]!;
  lines.push(
    `  CPSR=${hex8(cpsr)} (${cpsr & 0x20 ? 'Thumb' : 'ARM'} mode, flags ${
      'NZCV'
        .split('')
        .filter((_, i) => cpsr & (1 << (31 - i)))
        .join('') || '-'
    })`,
  );
  return lines.join('\n');
}

function looksLikeReturnAddress(mem: GuestMemory, w: number, sym: Symbolizer): boolean {
  const thumb = (w & 1) === 1;
  const a = w & ~1;
  if (!sym.modules.some((m) => m.code.some(([s, e]) => a > s && a <= e))) return false;
  try {
    if (thumb) {
      const h2 = mem.u16(a - 2);
      if ((h2 & 0xff87) === 0x4780) return true; // blx rN
      const h1 = mem.u16(a - 4);
      return (h1 & 0xf800) === 0xf000 && (h2 & 0xc000) === 0xc000; // bl/blx imm (Thumb-2 pair)
    }
    if ((w & 3) !== 0) return false;
    const insn = mem.u32(a - 4);
    if ((insn & 0x0f000000) === 0x0b000000) return true; // bl
    if ((insn & 0xfe000000) === 0xfa000000) return true; // blx imm
    if ((insn & 0x0ffffff0) === 0x012fff30) return true; // blx rN
    if ((insn & 0x0c10f000) === 0x0410f000) return true; // ldr pc, [...] after mov lr, pc
    if ((insn & 0x0ffffff0) === 0x012fff10 && mem.u32(a - 8) === 0xe1a0e00f) return true; // mov lr,pc; bx rN
    return false;
  } catch {
    return false;
  }
}

export function backtrace(mem: GuestMemory, regs: number[], sym: Symbolizer, stackTop: number, max = 16): string[] {
  const frames: string[] = [];
  const pc = regs[15]!;
  const lr = regs[14]!;
  const sp = regs[13]!;
  frames.push(`#0 ${hex8(pc)} ${sym.symbolize(pc)}`);
  if (lr) frames.push(`#1 ${hex8(lr)} ${sym.symbolize(lr & ~1)} (LR)`);
  const seen = new Set([lr]);
  for (let p = sp >>> 0; p + 4 <= stackTop && frames.length < max && p < (sp >>> 0) + 0x4000; p += 4) {
    const w = mem.peek32(p);
    if (w === undefined) break;
    if (seen.has(w) || !looksLikeReturnAddress(mem, w, sym)) continue;
    seen.add(w);
    frames.push(`#${frames.length} ${hex8(w)} ${sym.symbolize(w & ~1)} (stack ${hex8(p)})`);
  }
  return frames;
}
