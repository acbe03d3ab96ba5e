import { describe, it, expect } from 'vitest';
import { Unicorn, UC_PROT_ALL, CPU_MODELS, unicornVersion } from '../../emulator/core/unicorn/unicorn.js';
import { ARM_REG } from '../../emulator/core/unicorn/constants.js';
import { GuestMemory, GuestFault, PROT_RWX } from '../../emulator/core/memory/guest-memory.js';

// ARM: mov r0,#5 ; svc #0 ; add r0,r0,#1 ; bx lr
const ARM_CODE = [0xe3a00005, 0xef000000, 0xe2800001, 0xe12fff1e];

function words(mem: GuestMemory, addr: number, ws: number[]) {
  ws.forEach((w, i) => mem.ram.writeUInt32LE(w >>> 0, addr + 4 * i));
}

describe('unicorn binding', () => {
  it('reports the library version', () => {
    expect(unicornVersion()).toMatch(/^2\./);
  });

  it('runs ARM code from guest RAM shared with TypeScript, with an svc hook seeing PC after the svc', () => {
    const uc = new Unicorn();
    const mem = new GuestMemory(uc);
    mem.map(0x10000, 0x1000, PROT_RWX);
    words(mem, 0x10000, ARM_CODE);
    let seenPc = 0;
    let seenR0 = 0;
    uc.hookInterrupt((intno) => {
      expect(intno).toBe(2);
      seenPc = uc.regRead(ARM_REG.PC);
      seenR0 = uc.regRead(ARM_REG.R0);
      uc.regWrite(ARM_REG.R0, 41);
    });
    uc.regWrite(ARM_REG.LR, 0x10100);
    const rc = uc.emuStart(0x10000, 0x10100, 0, 0);
    expect(rc).toBe(0);
    expect(seenPc).toBe(0x10008);
    expect(seenR0).toBe(5);
    expect(uc.regRead(ARM_REG.R0)).toBe(42);
    uc.close();
  });

  it('batch-reads registers and reports unmapped accesses through the invalid-memory hook', () => {
    const uc = new Unicorn();
    const mem = new GuestMemory(uc);
    mem.map(0x10000, 0x1000, UC_PROT_ALL);
    // mov r1,#0 ; str r1,[r1] (NULL write)
    words(mem, 0x10000, [0xe3a01000, 0xe5811000]);
    let fault: [number, number, number] | undefined;
    const b = uc.batch([ARM_REG.PC, ARM_REG.R1]);
    uc.hookMemInvalid((type, address) => {
      const [pc] = b.read();
      fault = [type, address, pc!];
      return false;
    });
    const rc = uc.emuStart(0x10000, 0, 0, 0);
    expect(rc).toBe(7); // UC_ERR_WRITE_UNMAPPED
    // unicorn 2.0.1 only syncs PC at translation-block boundaries for data aborts: the PC seen is the
    // start of the faulting block (see the emulator's fault report, which says so).
    expect(fault).toEqual([20, 0, 0x10000]);
    expect(b.read()[1]).toBe(0);
    uc.close();
  });

  it('offers the pxa270 model, which runs ARM code', () => {
    expect(CPU_MODELS.pxa270!.thumb2).toBe(false);
    const uc = new Unicorn('pxa270');
    const mem = new GuestMemory(uc);
    mem.map(0x10000, 0x1000, PROT_RWX);
    words(mem, 0x10000, [0xe3a00007, 0xe12fff1e]);
    uc.regWrite(ARM_REG.LR, 0x10100);
    expect(uc.emuStart(0x10000, 0x10100, 0, 0)).toBe(0);
    expect(uc.regRead(ARM_REG.R0)).toBe(7);
    uc.close();
  });

  it('bounds-checks TypeScript accesses to guest memory', () => {
    const uc = new Unicorn();
    const mem = new GuestMemory(uc);
    mem.map(0x20000, 0x2000, PROT_RWX);
    expect(mem.isUserRange(0x20000, 0x2000)).toBe(true);
    expect(mem.isUserRange(0x21ff0, 0x20)).toBe(false);
    expect(mem.isUserRange(0, 1)).toBe(false);
    expect(mem.isUserRange(0xffffc800, 4)).toBe(false);
    expect(() => mem.u32(0x1ffff)).toThrow(GuestFault);
    mem.setU32(0x20000, 0xdeadbeef);
    expect(mem.u32(0x20000)).toBe(0xdeadbeef);
    uc.close();
  });
});

describe('unicorn hook semantics the dispatcher relies on', () => {
  it('a PC written inside the svc hook redirects execution (guest callbacks)', () => {
    const uc = new Unicorn();
    const mem = new GuestMemory(uc);
    mem.map(0x10000, 0x1000, PROT_RWX);
    // 0x10000: svc #0 ; mov r0,#1 ; bx lr      0x10100: mov r0,#9 ; bx lr
    words(mem, 0x10000, [0xef000000, 0xe3a00001, 0xe12fff1e]);
    words(mem, 0x10100, [0xe3a00009, 0xe12fff1e]);
    uc.hookInterrupt(() => uc.regWrite(ARM_REG.PC, 0x10100));
    uc.regWrite(ARM_REG.LR, 0x10200);
    expect(uc.emuStart(0x10000, 0x10200, 0, 0)).toBe(0);
    expect(uc.regRead(ARM_REG.R0)).toBe(9);
    uc.close();
  });
});
