/**
 * The precise-PC decoder for data aborts (emulator/kernel/fault-pc.ts). Encodings come from
 * `llvm-mc --triple=armv7 -mattr=+vfp3 -show-encoding` / `--triple=thumbv7` (listed next to each
 * case), then whole blocks are run on the real unicorn to check the scan against the CPU's own fault.
 */
import { describe, it, expect } from 'vitest';
import { decodeArm, decodeThumb, preciseFaultPc, type DecodedInsn, type CodeReader } from '../../emulator/core/kernel/fault-pc.js';
import { Unicorn } from '../../emulator/core/unicorn/unicorn.js';
import { ARM_REG } from '../../emulator/core/unicorn/constants.js';
import { GuestMemory, PROT_RWX } from '../../emulator/core/memory/guest-memory.js';
import { ALL_REGS } from '../../emulator/core/unicorn/unicorn.js';

// r0..r12, sp, lr, pc, cpsr (user mode, ARM, no flags)
const REGS = [0x1000, 0x2000, 0x10, 0x300, 0x4000, 5, 6, 7, 8, 9, 10, 11, 12, 0x8000, 0x11111, 0, 0x10];
const PC = 0x10000;

type Exp = [address: number, length: number, kind: 'R' | 'W' | 'RW'] | null;

function summary(d: DecodedInsn): { acc: Exp; ends: boolean } {
  const a = d.accesses[0];
  return {
    acc: a ? [a.address, a.length, a.read && a.write ? 'RW' : a.read ? 'R' : 'W'] : null,
    ends: d.endsBlock,
  };
}

const le32 = (b: number[]) => (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;

// [assembly, encoding bytes as llvm-mc prints them, expected access, ends the block]
const ARM_CASES: [string, number[], Exp, boolean?][] = [
  ['ldr r0, [r1]', [0x00, 0x00, 0x91, 0xe5], [0x2000, 4, 'R']],
  ['ldr r0, [r1, #8]', [0x08, 0x00, 0x91, 0xe5], [0x2008, 4, 'R']],
  ['ldr r0, [r1, #-8]', [0x08, 0x00, 0x11, 0xe5], [0x1ff8, 4, 'R']],
  ['ldr r0, [r1, #8]!', [0x08, 0x00, 0xb1, 0xe5], [0x2008, 4, 'R']],
  ['ldr r0, [r1], #8', [0x08, 0x00, 0x91, 0xe4], [0x2000, 4, 'R']],
  ['ldr r0, [r1, r2]', [0x02, 0x00, 0x91, 0xe7], [0x2010, 4, 'R']],
  ['ldr r0, [r1, -r2, lsl #2]', [0x02, 0x01, 0x11, 0xe7], [0x1fc0, 4, 'R']],
  ['ldr r0, [r1, r2, lsr #1]', [0xa2, 0x00, 0x91, 0xe7], [0x2008, 4, 'R']],
  ['ldr r0, [r1, r2, asr #32]', [0x42, 0x00, 0x91, 0xe7], [0x2000, 4, 'R']],
  ['ldr r0, [r1, r2, ror #4]', [0x62, 0x02, 0x91, 0xe7], [0x2001, 4, 'R']],
  ['ldr r0, [r1, r2, rrx]', [0x62, 0x00, 0x91, 0xe7], [0x2008, 4, 'R']],
  ['strb r0, [r1, #3]', [0x03, 0x00, 0xc1, 0xe5], [0x2003, 1, 'W']],
  ['ldrb r0, [r1], -r2', [0x02, 0x00, 0x51, 0xe6], [0x2000, 1, 'R']],
  ['str r0, [pc, #16]', [0x10, 0x00, 0x8f, 0xe5], [0x10018, 4, 'W']],
  ['ldr pc, [r4]', [0x00, 0xf0, 0x94, 0xe5], [0x4000, 4, 'R'], true],
  ['ldrh r0, [r1, #6]', [0xb6, 0x00, 0xd1, 0xe1], [0x2006, 2, 'R']],
  ['strh r0, [r1, -r2]', [0xb2, 0x00, 0x01, 0xe1], [0x1ff0, 2, 'W']],
  ['ldrsb r0, [r1, #-1]!', [0xd1, 0x00, 0x71, 0xe1], [0x1fff, 1, 'R']],
  ['ldrsh r0, [r1], #2', [0xf2, 0x00, 0xd1, 0xe0], [0x2000, 2, 'R']],
  ['ldrd r2, r3, [r1, #8]', [0xd8, 0x20, 0xc1, 0xe1], [0x2008, 8, 'R']],
  ['strd r2, r3, [r1], #-8', [0xf8, 0x20, 0x41, 0xe0], [0x2000, 8, 'W']],
  ['ldm r0, {r1, r2, r3}', [0x0e, 0x00, 0x90, 0xe8], [0x1000, 12, 'R']],
  ['ldmib r0!, {r1, r2}', [0x06, 0x00, 0xb0, 0xe9], [0x1004, 8, 'R']],
  ['stmda r0, {r1, r2}', [0x06, 0x00, 0x00, 0xe8], [0xffc, 8, 'W']],
  ['push {r4, r5, lr}', [0x30, 0x40, 0x2d, 0xe9], [0x7ff4, 12, 'W']],
  ['pop {r4, pc}', [0x10, 0x80, 0xbd, 0xe8], [0x8000, 8, 'R'], true],
  ['push {r0}', [0x04, 0x00, 0x2d, 0xe5], [0x7ffc, 4, 'W']],
  ['swp r0, r1, [r2]', [0x91, 0x00, 0x02, 0xe1], [0x10, 4, 'RW']],
  ['swpb r0, r1, [r2]', [0x91, 0x00, 0x42, 0xe1], [0x10, 1, 'RW']],
  ['ldrex r0, [r1]', [0x9f, 0x0f, 0x91, 0xe1], [0x2000, 4, 'R']],
  ['strex r2, r0, [r1]', [0x90, 0x2f, 0x81, 0xe1], [0x2000, 4, 'W']],
  ['ldrexd r0, r1, [r2]', [0x9f, 0x0f, 0xb2, 0xe1], [0x10, 8, 'R']],
  ['strexb r2, r0, [r1]', [0x90, 0x2f, 0xc1, 0xe1], [0x2000, 1, 'W']],
  ['ldrexh r0, [r1]', [0x9f, 0x0f, 0xf1, 0xe1], [0x2000, 2, 'R']],
  ['vldr d0, [r1, #8]', [0x02, 0x0b, 0x91, 0xed], [0x2008, 8, 'R']],
  ['vstr s0, [r1, #-4]', [0x01, 0x0a, 0x01, 0xed], [0x1ffc, 4, 'W']],
  ['vldmia r0!, {d0-d3}', [0x08, 0x0b, 0xb0, 0xec], [0x1000, 32, 'R']],
  ['vstmdb r0!, {s0-s2}', [0x03, 0x0a, 0x20, 0xed], [0xff4, 12, 'W']],
  ['vpush {d8, d9}', [0x04, 0x8b, 0x2d, 0xed], [0x7ff0, 16, 'W']],
  ['vpop {d8}', [0x02, 0x8b, 0xbd, 0xec], [0x8000, 8, 'R']],
  ['streq r0, [r1]', [0x00, 0x00, 0x81, 0x05], [0x2000, 4, 'W']],
  ['b .', [0xfe, 0xff, 0xff, 0xea], null, true],
  ['bl .', [0xfe, 0xff, 0xff, 0xeb], null, true],
  ['blx .', [0xfe, 0xff, 0xff, 0xfa], null, true],
  ['bx lr', [0x1e, 0xff, 0x2f, 0xe1], null, true],
  ['blx r3', [0x33, 0xff, 0x2f, 0xe1], null, true],
  ['mov pc, lr', [0x0e, 0xf0, 0xa0, 0xe1], null, true],
  ['add pc, pc, r0', [0x00, 0xf0, 0x8f, 0xe0], null, true],
  ['cmp pc, r0', [0x00, 0x00, 0x5f, 0xe1], null, false],
  ['udf #0', [0xf0, 0x00, 0xf0, 0xe7], null, true],
  ['svc #0', [0x00, 0x00, 0x00, 0xef], null, true],
  ['mov r0, r1', [0x01, 0x00, 0xa0, 0xe1], null, false],
  ['movw r0, #4660', [0x34, 0x02, 0x01, 0xe3], null, false],
];

// Thumb cases are decoded at PC + 2 (PC reads as 0x10006, Align(PC, 4) = 0x10004).
const THUMB_CASES: [string, number[], Exp, boolean?][] = [
  ['ldr r0, [pc, #8]', [0x02, 0x48], [0x1000c, 4, 'R']],
  ['ldr r0, [r1, r2]', [0x88, 0x58], [0x2010, 4, 'R']],
  ['strh r0, [r1, r2]', [0x88, 0x52], [0x2010, 2, 'W']],
  ['strb r0, [r1, r2]', [0x88, 0x54], [0x2010, 1, 'W']],
  ['ldrsb r0, [r1, r2]', [0x88, 0x56], [0x2010, 1, 'R']],
  ['ldrh r0, [r1, r2]', [0x88, 0x5a], [0x2010, 2, 'R']],
  ['ldrb r0, [r1, r2]', [0x88, 0x5c], [0x2010, 1, 'R']],
  ['ldrsh r0, [r1, r2]', [0x88, 0x5e], [0x2010, 2, 'R']],
  ['str r0, [r1, r2]', [0x88, 0x50], [0x2010, 4, 'W']],
  ['str r1, [r0, #16]', [0x01, 0x61], [0x1010, 4, 'W']],
  ['ldrb r1, [r0, #5]', [0x41, 0x79], [0x1005, 1, 'R']],
  ['strh r1, [r0, #6]', [0xc1, 0x80], [0x1006, 2, 'W']],
  ['ldr r1, [sp, #4]', [0x01, 0x99], [0x8004, 4, 'R']],
  ['str r0, [sp, #8]', [0x02, 0x90], [0x8008, 4, 'W']],
  ['push {r4, r5, lr}', [0x30, 0xb5], [0x7ff4, 12, 'W']],
  ['pop {r4, pc}', [0x10, 0xbd], [0x8000, 8, 'R'], true],
  ['pop {r0, r1}', [0x03, 0xbc], [0x8000, 8, 'R']],
  ['stm r0!, {r1, r2}', [0x06, 0xc0], [0x1000, 8, 'W']],
  ['ldm r0, {r0, r1}', [0x03, 0xc8], [0x1000, 8, 'R']],
  ['beq .', [0xf8, 0xd0], null, true],
  ['b .', [0xf7, 0xe7], null, true],
  ['bx lr', [0x70, 0x47], null, true],
  ['blx r3', [0x98, 0x47], null, true],
  ['mov pc, lr', [0xf7, 0x46], null, true],
  ['cbz r0, x', [0x40, 0xb1], null, true],
  ['bkpt #0', [0x00, 0xbe], null, true],
  ['udf #1', [0x01, 0xde], null, true],
  ['svc #1', [0x01, 0xdf], null, true],
  ['mov r0, r1', [0x08, 0x46], null, false],
  ['adds r1, #16', [0x10, 0x31], null, false],
  ['ldr.w r0, [r1, #291]', [0xd1, 0xf8, 0x23, 0x01], [0x2123, 4, 'R']],
  ['ldr r0, [r1, #8]!', [0x51, 0xf8, 0x08, 0x0f], [0x2008, 4, 'R']],
  ['ldr r0, [r1], #-8', [0x51, 0xf8, 0x08, 0x09], [0x2000, 4, 'R']],
  ['strb.w r0, [r1, r2, lsl #2]', [0x01, 0xf8, 0x22, 0x00], [0x2040, 1, 'W']],
  ['ldrh.w r0, [r1, #2]', [0xb1, 0xf8, 0x02, 0x00], [0x2002, 2, 'R']],
  ['ldrsb r0, [r1, #-1]', [0x11, 0xf9, 0x01, 0x0c], [0x1fff, 1, 'R']],
  ['ldrsh r0, [r1], #2', [0x31, 0xf9, 0x02, 0x0b], [0x2000, 2, 'R']],
  ['ldr.w r0, [pc, #-16]', [0x5f, 0xf8, 0x10, 0x00], [0xfff4, 4, 'R']],
  ['ldr.w r0, [pc, #16]', [0xdf, 0xf8, 0x10, 0x00], [0x10014, 4, 'R']],
  ['ldrt r0, [r1, #4]', [0x51, 0xf8, 0x04, 0x0e], [0x2004, 4, 'R']],
  ['pld [r1, #8]', [0x91, 0xf8, 0x08, 0xf0], null, false],
  ['ldr.w pc, [r1, #4]', [0xd1, 0xf8, 0x04, 0xf0], [0x2004, 4, 'R'], true],
  ['ldrd r2, r3, [r1, #8]', [0xd1, 0xe9, 0x02, 0x23], [0x2008, 8, 'R']],
  ['strd r2, r3, [r1, #-8]!', [0x61, 0xe9, 0x02, 0x23], [0x1ff8, 8, 'W']],
  ['ldrd r2, r3, [r1], #8', [0xf1, 0xe8, 0x02, 0x23], [0x2000, 8, 'R']],
  ['ldrex r0, [r1, #4]', [0x51, 0xe8, 0x01, 0x0f], [0x2004, 4, 'R']],
  ['strex r2, r0, [r1]', [0x41, 0xe8, 0x00, 0x02], [0x2000, 4, 'W']],
  ['ldrexb r0, [r1]', [0xd1, 0xe8, 0x4f, 0x0f], [0x2000, 1, 'R']],
  ['strexh r2, r0, [r1]', [0xc1, 0xe8, 0x52, 0x0f], [0x2000, 2, 'W']],
  ['ldrexd r0, r2, [r1]', [0xd1, 0xe8, 0x7f, 0x02], [0x2000, 8, 'R']],
  ['tbb [r0, r1]', [0xd0, 0xe8, 0x01, 0xf0], [0x3000, 1, 'R'], true],
  ['tbh [r0, r1, lsl #1]', [0xd0, 0xe8, 0x11, 0xf0], [0x5000, 2, 'R'], true],
  ['ldm.w r0, {r1, r2, r8}', [0x90, 0xe8, 0x06, 0x01], [0x1000, 12, 'R']],
  ['stmdb r0!, {r1, r2}', [0x20, 0xe9, 0x06, 0x00], [0xff8, 8, 'W']],
  ['push.w {r4, r8, lr}', [0x2d, 0xe9, 0x10, 0x41], [0x7ff4, 12, 'W']],
  ['pop.w {r4, r8, pc}', [0xbd, 0xe8, 0x10, 0x81], [0x8000, 12, 'R'], true],
  ['ldmdb r0, {r1, r2, r3}', [0x10, 0xe9, 0x0e, 0x00], [0xff4, 12, 'R']],
  ['vldr d0, [r1, #8]', [0x91, 0xed, 0x02, 0x0b], [0x2008, 8, 'R']],
  ['vstr s0, [r1, #-4]', [0x01, 0xed, 0x01, 0x0a], [0x1ffc, 4, 'W']],
  ['vldmia r0!, {d0-d3}', [0xb0, 0xec, 0x08, 0x0b], [0x1000, 32, 'R']],
  ['vpush {d8, d9}', [0x2d, 0xed, 0x04, 0x8b], [0x7ff0, 16, 'W']],
  ['vpop {d8}', [0xbd, 0xec, 0x02, 0x8b], [0x8000, 8, 'R']],
  ['b.w .', [0xff, 0xf7, 0xfe, 0xbf], null, true],
  ['beq.w .', [0x3f, 0xf4, 0xfc, 0xaf], null, true],
  ['bl .', [0xff, 0xf7, 0xfa, 0xff], null, true],
  ['udf.w #300', [0xf0, 0xf7, 0x2c, 0xa1], null, true],
  ['dmb sy', [0xbf, 0xf3, 0x5f, 0x8f], null, false],
  ['nop.w', [0xaf, 0xf3, 0x00, 0x80], null, false],
  ['movw r0, #4660', [0x41, 0xf2, 0x34, 0x20], null, false],
];

describe('ARM load/store decoding (llvm-mc encodings)', () => {
  for (const [asm, bytes, acc, ends = false] of ARM_CASES) {
    it(asm, () => {
      expect(summary(decodeArm(le32(bytes), PC, REGS))).toEqual({ acc, ends });
    });
  }
  it('reads the condition field and uses the carry flag for RRX', () => {
    expect(decodeArm(0x05810000, PC, REGS).cond).toBe(0);
    const withCarry = [...REGS];
    withCarry[16] = 0x2000_0010;
    expect(summary(decodeArm(0xe7910062, PC, withCarry)).acc).toEqual([0x2000 + 0x8000_0008, 4, 'R']);
  });
});

describe('Thumb load/store decoding (llvm-mc encodings)', () => {
  for (const [asm, bytes, acc, ends = false] of THUMB_CASES) {
    it(asm, () => {
      const hw1 = bytes[0]! | (bytes[1]! << 8);
      const hw2 = bytes.length === 4 ? bytes[2]! | (bytes[3]! << 8) : 0;
      const d = decodeThumb(hw1, hw2, PC + 2, REGS);
      expect(d.length).toBe(bytes.length);
      expect(summary(d)).toEqual({ acc, ends });
    });
  }
  it('counts the instructions of IT blocks', () => {
    expect(decodeThumb(0xbf08, 0, PC, REGS).itCount).toBe(1); // it eq
    expect(decodeThumb(0xbf1a, 0, PC, REGS).itCount).toBe(3); // itte ne
    expect(decodeThumb(0xbf01, 0, PC, REGS).itCount).toBe(4); // itttt eq
    expect(decodeThumb(0xbf00, 0, PC, REGS).itCount).toBeUndefined(); // nop
  });
});

function reader(base: number, code: Buffer): CodeReader {
  return (a, len) => (a >= base && a + len <= base + code.length ? (len === 2 ? code.readUInt16LE(a - base) : code.readUInt32LE(a - base)) : undefined);
}
const armCode = (ws: number[]) => Buffer.from(Uint32Array.from(ws).buffer);
const thumbCode = (hs: number[]) => Buffer.from(Uint16Array.from(hs).buffer);

describe('scan from the block start', () => {
  // mov r1,#0; mov r2,#5; add r4,r4,#1; str r2,[r1]; mov r3,#7; add r4,r4,#1
  const block = [0xe3a01000, 0xe3a02005, 0xe2844001, 0xe5812000, 0xe3a03007, 0xe2844001];
  const regs = [0, 0, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x8000, 0, PC, 0x10];
  it('finds the faulting store of the documented example', () => {
    expect(preciseFaultPc({ blockPc: PC, regs, address: 0, size: 4, write: true }, reader(PC, armCode(block)))).toBe(PC + 12);
  });
  it('needs the direction to match (a read fault at the same address is not this store)', () => {
    expect(preciseFaultPc({ blockPc: PC, regs, address: 0, size: 4, write: false }, reader(PC, armCode(block)))).toBeUndefined();
  });
  it('skips ARM instructions whose condition fails with the current flags', () => {
    // ldrne r0,[r1] ; ldr r0,[r1,#4]  with Z set, fault at 0x4: the second one. At 0x0: none.
    const code = armCode([0x15910000, 0xe5910004]);
    const z = [...regs];
    z[16] = 0x4000_0010;
    expect(preciseFaultPc({ blockPc: PC, regs: z, address: 4, size: 4, write: false }, reader(PC, code))).toBe(PC + 4);
    expect(preciseFaultPc({ blockPc: PC, regs: z, address: 0, size: 4, write: false }, reader(PC, code))).toBeUndefined();
  });
  it('stops at a branch', () => {
    // b . ; str r2,[r1]
    expect(preciseFaultPc({ blockPc: PC, regs, address: 0, size: 4, write: true }, reader(PC, armCode([0xeafffffe, 0xe5812000])))).toBeUndefined();
  });
  it('Thumb: crash.exe block (ldr r0,[sp,#4]; movw/movt r1; str r1,[r0,#0x10])', () => {
    const code = thumbCode([0x9801, 0xf24c, 0x01de, 0xf6c0, 0x31ad, 0x6101, 0xf242, 0x0029]);
    const t = [...regs];
    t[0] = 0;
    t[16] = 0x30;
    expect(preciseFaultPc({ blockPc: PC | 1, regs: t, address: 0x10, size: 4, write: true }, reader(PC, code))).toBe(PC + 10);
  });
  it('Thumb: instructions inside an IT block are candidates whatever their condition', () => {
    // it ne ; strne r2,[r1]   with Z set in the flags (ITSTATE already consumed)
    const code = thumbCode([0xbf18, 0x600a]);
    const t = [...regs];
    t[16] = 0x4000_0030;
    expect(preciseFaultPc({ blockPc: PC, regs: t, address: 0, size: 4, write: true }, reader(PC, code))).toBe(PC + 2);
  });
});

describe('against the real CPU (unicorn 2.0.1 reports the block start)', () => {
  function run(code: Buffer, thumb: boolean, setup: Record<number, number> = {}) {
    const uc = new Unicorn();
    const mem = new GuestMemory(uc);
    mem.map(0x10000, 0x1000, PROT_RWX);
    mem.map(0x20000, 0x1000, PROT_RWX);
    mem.ram.set(code, 0x10000);
    let fault: { address: number; size: number; type: number } | undefined;
    uc.hookMemInvalid((type, address, size) => {
      fault = { type, address, size };
      return false;
    });
    uc.regWrite(ARM_REG.SP, 0x21000);
    for (const [r, v] of Object.entries(setup)) uc.regWrite(Number(r), v);
    const rc = uc.emuStart(thumb ? 0x10001 : 0x10000, 0, 0, 100);
    const regs = Array.from(uc.batch(ALL_REGS).read());
    uc.close();
    expect(rc).not.toBe(0);
    const f = fault!;
    return preciseFaultPc({ blockPc: regs[15]!, regs, address: f.address, size: f.size, write: f.type === 20 || f.type === 22 }, reader(0x10000, code));
  }
  it('ARM: str after pre-indexed writeback loads and stores in the same block', () => {
    // mov r1,#0x20000 ; ldr r0,[r1,#4]! ; add r2,r1,#0x100000 ; strb r0,[r1],#1 ; strh r0,[r2,#2] ; mov r3,#1
    const code = armCode([0xe3a01802, 0xe5b10004, 0xe2812601, 0xe4c10001, 0xe1c200b2, 0xe3a03001]);
    expect(run(code, false)).toBe(0x10010);
  });
  it('ARM: stmdb that runs off the bottom of the stack', () => {
    // mov sp,#0x20000 ; add sp,sp,#8 ; push {r0-r3} (crosses below 0x20000)
    const code = armCode([0xe3a0d802, 0xe28dd008, 0xe92d000f]);
    expect(run(code, false)).toBe(0x10008);
  });
  it('Thumb-2: ldrd / str.w after 16-bit stores', () => {
    // movs r0,#0 ; str r0,[sp,#0] ; mov.w r1,#0x30000 ; str r0,[sp,#4] ; ldrd r2,r3,[r1,#8] ; movs r4,#1
    const code = thumbCode([0x2000, 0x9000, 0xf44f, 0x3140, 0x9001, 0xe9d1, 0x2302, 0x2401]);
    expect(run(code, true, { [ARM_REG.SP]: 0x20800 })).toBe(0x1000a);
  });
});
