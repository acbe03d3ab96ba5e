/**
 * Structured exception handling (emulator/kernel/seh.ts, coredll __C_specific_handler/RaiseException):
 * hand-written ARM-mode ROMs with CE .pdata, PDATA_EH and scope tables (roms/asm/seh_*.s), and the
 * virtual unwinder on hand-assembled prologs and epilogs.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parsePe } from '../../emulator/core/pe/pe-file.js';
import { runExecutable } from '../../emulator/system/run.js';
import { start, type Emulation } from '../../emulator/system/session.js';
import { EXIT_CODES, type Machine } from '../../emulator/core/machine.js';
import { Seh, sehOf, type FunctionEntry, type Regs } from '../../emulator/core/kernel/seh.js';

const rom = (n: string) => join(__dirname, '..', '..', 'roms', 'bin', `${n}.exe`);

describe('SEH for CE ARM', () => {
  for (const cpu of ['cortex-a8', 'pxa270']) {
    it(`seh_basic.exe: every __try/__except case on ${cpu}`, async () => {
      const r = await runExecutable(rom('seh_basic'), { cpu });
      const lines = r.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('FAIL'))).toEqual([]);
      expect(r.stdout).toContain('ok 1 access violation caught in __except, code C0000005, r4 restored');
      expect(r.stdout).toContain('ok 2 outer __except caught C0000005 after the inner filter declined (1 call)');
      expect(r.stdout).toContain('ok 3 RaiseException E0001234 caught by its filter');
      expect(r.stdout).toContain('ok 4 divide by zero caught, code C0000094');
      expect(r.stdout).toContain('ok 5 CONTINUE_EXECUTION re-ran the load: 600D');
      expect(r.stdout).toContain('ok 6 undefined instruction caught, code C000001D');
      expect(r.stdout).toContain('seh_basic: 0 failures');
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  }

  // The unwind pass (roms/asm/seh_unwind.s): every line is an event printed by the guest, in order.
  const unwindCase1 = [
    'case 1: __finally blocks while unwinding to an outer __except',
    // dispatch pass: leaf and mid's __finally scopes are skipped, mid's filter declines, A's accepts
    'filter B: code C0000005 frame ok',
    '  -> EXCEPTION_CONTINUE_SEARCH',
    'filter A: code C0000005 frame ok',
    '  -> EXCEPTION_EXECUTE_HANDLER',
    // unwind pass: termination handlers innermost first, once each, abnormal, with their own frame
    'finally C abnormal=1 frame ok',
    'finally B1 abnormal=1 frame ok',
    'finally B2 abnormal=1 frame ok',
    'finally A abnormal=1 frame ok',
    // then the __except block, with the frame's registers and SP as before the call
    'except A: code C0000005, r4-r6 ok, sp ok',
    // the __finally around the __try/__except was not left by the unwind: only its normal path runs
    'finally A-outer abnormal=0 frame ok',
    'case 2: Thumb-1 frames',
    'finally T abnormal=1 frame ok',
    'except thumb: code E0000042, r4-r11 ok, sp ok',
    'case 3: exception inside an epilog',
  ];
  // Guest-written language handlers: the flags of each pass, ExceptionExecuteHandler, the unwind CONTEXT.
  const unwindCase4 = [
    'case 4: language handlers written in assembly',
    'handler inner: flags 0',
    'handler outer: flags 0',
    'handler inner: flags 2', // EXCEPTION_UNWINDING
    '  context: Pc = continuation, R0 = code: ok',
    'handler outer: flags 22', // EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND
    '  context: Pc = continuation, R0 = code: ok',
    'continuation reached: r0 = E0000044',
  ];
  for (const [cpu, epilog] of [
    ['cortex-a8', 'epilog: no fault (VFP present)'],
    ['pxa270', 'except epilog: code C000001D, r4-r6 ok, sp ok'],
  ] as const) {
    it(`seh_unwind.exe: __finally order, Thumb-1 frames, an epilog exception, guest language handlers on ${cpu}`, async () => {
      const r = await runExecutable(rom('seh_unwind'), { cpu, timeoutMs: 20_000 });
      expect(r.stdout.split('\n')).toEqual([...unwindCase1, epilog, ...unwindCase4, 'seh_unwind: 0 failures', '']);
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  }

  // Exceptions raised while another is dispatched (roms/asm/seh_nested.s), as CE's RtlDispatchException
  // and RtlUnwind handle them; every line is an event printed by the guest, in order.
  const nested = [
    'case 1: a fault in a filter, caught inside the filter',
    'filter 1: code E0000001 flags 0',
    // the nested dispatch ends in the filter's own frame: it never reaches the dispatcher
    'filter 1-inner: code C0000005 flags 0',
    'except 1-inner: code C0000005',
    'filter 1: its EXCEPTION_POINTERS still give E0000001',
    'except 1: code E0000001',
    'case 2: a fault in a filter, caught above the frame whose filter raised it',
    'filter M: code E0000002 flags 0',
    'filter F: code E0000002 flags 0', // faults
    // through the dispatcher into the first exception's frames: examined again, EXCEPTION_NESTED_CALL
    // set up to and including F (the frame whose filter raised), clear above it
    'filter M: code C0000005 flags 10',
    'filter F: code C0000005 flags 10',
    'filter G: code C0000005 flags 0',
    // the unwind runs the filter's __finally, then the first exception's, innermost first
    'finally F-filter abnormal=1',
    'finally L abnormal=1',
    'finally M abnormal=1',
    'except G: code C0000005',
    'case 3: RaiseException in a __finally run by an unwind (collided unwind)',
    'filter A: code E0000003 flags 0',
    'finally C abnormal=1',
    'finally B1 abnormal=1', // raises E0000004
    'filter A: code E0000004 flags 0', // declines: only E0000003
    'filter T: code E0000004 flags 0',
    // collided: B's handler again, past B1's __finally (B1 and C do not run twice), then on to T;
    // A's __except (the first unwind's target) never runs
    'finally B2 abnormal=1',
    'finally A abnormal=1',
    'except T: code E0000004',
    'case 4: language handlers see the flags of a collided unwind',
    'handler mid: code E0000005 flags 0',
    'handler top: code E0000005 flags 0',
    'handler mid: code E0000005 flags 2', // raises E0000006 while unwinding
    'handler mid: code E0000006 flags 0',
    'handler top: code E0000006 flags 0',
    'handler mid: code E0000006 flags 42', // EXCEPTION_UNWINDING | EXCEPTION_COLLIDED_UNWIND
    'handler top: code E0000006 flags 22', // EXCEPTION_UNWINDING | EXCEPTION_TARGET_UNWIND
    'continuation reached: r0 = E0000006',
    // CE's longjmp restores registers and SP only: the __finally blocks it skips do not run
    'case 5: longjmp out of a filter and out of a __finally',
    'filter LJ: code E0000007 flags 0',
    'longjmp out of a filter: setjmp returned 1',
    'finally LJ2 abnormal=1',
    'longjmp out of a __finally: setjmp returned 2',
    'except after longjmp: code E000000A',
    'seh_nested: 0 failures',
    '',
  ];
  for (const cpu of ['cortex-a8', 'pxa270']) {
    it(`seh_nested.exe: nested exceptions, collided unwinds, longjmp out of handlers on ${cpu}`, async () => {
      // The dispatch a longjmp leaves must be gone at once, not when the next exception comes.
      const pendingAfter: Record<string, number> = {};
      let emu: Emulation | undefined = undefined;
      emu = await start(rom('seh_nested'), {
        cpu,
        timeoutMs: 20_000,
        onStdout: (d) => {
          const line = Buffer.from(d).toString();
          if (line.startsWith('longjmp out of')) pendingAfter[line.slice(15, 25)] = sehOf(emu!.machine).pending();
        },
      });
      const r = await emu.exited;
      expect(r.stdout.split('\n')).toEqual(nested);
      expect(pendingAfter).toEqual({ 'a filter: ': 0, 'a __finall': 0 });
      expect(sehOf(emu.machine).pending()).toBe(0);
      expect(r.status).toBe('exited');
      expect(r.exitCode).toBe(0);
    });
  }

  it('seh_nested.exe u: a nested exception nothing takes ends the run with its own crash report', async () => {
    const r = await runExecutable(rom('seh_nested'), { args: ['u'] });
    expect(r.stdout.split('\n')).toEqual([
      'case 6: a fault in a filter that nothing takes',
      'filter 6: code E000000B flags 0',
      'filter 6: code C0000005 flags 10', // the frame whose filter raised, examined again (declines)
      '',
    ]);
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.message).toMatch(
      /^guest access violation: write of unmapped address 0x00000040 \(unmapped\) at PC 0x[0-9a-f]{8} \(seh_nested\.exe\+0x[0-9a-f]+\)$/,
    );
    expect(r.report).toContain('unhandled exception 0xc0000005 (access violation)');
  });

  it('seh_unhandled.exe: a declined exception is reported like the crash dialog (code, address, module+offset)', async () => {
    const r = await runExecutable(rom('seh_unhandled'));
    expect(r.stdout).toBe('seh_unhandled: filter ran, declining\n');
    expect(r.status).toBe('crashed');
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.message).toBe('guest access violation: write of unmapped address 0x00000050 (unmapped) at PC 0x0001101c (seh_unhandled.exe+0x101c)');
    expect(r.report).toContain('unhandled exception 0xc0000005 (access violation) at 0x0001101c (seh_unhandled.exe+0x101c)');
    expect(r.report).toMatch(/R4=0x00000050/);
    expect(r.report).toContain('backtrace:');
  });

  // Issue 17 item 9: a malformed .pdata whose handlers (PDATA_EH.pHandler) point at unmapped memory.
  // Calling the handler faults; that nested exception's walk crosses the dispatcher back into the
  // same frames and calls the same handler again, each dispatch further down the stack, until no
  // stack is left. That must end as a guest crash report (121), not an internal error (118).
  it('a .pdata whose handlers fault: nested dispatches until the stack is gone end as a guest crash report', async () => {
    const bytes = Buffer.from(readFileSync(rom('seh_basic')));
    const pe = parsePe(bytes);
    const dir = pe.dataDirectories[3]!;
    const fileOff = (rva: number) => {
      const sec = pe.sections.find((x) => rva >= x.virtualAddress && rva < x.virtualAddress + x.sizeOfRawData)!;
      return rva - sec.virtualAddress + sec.pointerToRawData;
    };
    const pdata = fileOff(dir.rva);
    let mutated = 0;
    for (let i = 0; i < dir.size / 8; i++) {
      // ExceptionFlag (bit 31): PDATA_EH { pHandler, pHandlerData } is the 8 bytes before the function.
      if (bytes.readUInt32LE(pdata + 8 * i + 4) >>> 31) {
        bytes.writeUInt32LE(0x100, fileOff(bytes.readUInt32LE(pdata + 8 * i) - pe.imageBase - 8));
        mutated++;
      }
    }
    expect(mutated).toBeGreaterThan(0);
    const tmp = mkdtempSync(join(tmpdir(), 'wmemu-seh-'));
    try {
      writeFileSync(join(tmp, 'seh_bad.exe'), bytes);
      const r = await runExecutable(join(tmp, 'seh_bad.exe'), { timeoutMs: 30_000 });
      expect(r.status).toBe('crashed');
      expect(r.exitCode).toBe(EXIT_CODES.crashed);
      expect(r.message).toMatch(/^guest access violation: execute of unmapped address 0x00000100/);
      expect(r.debug.join('\n')).toMatch(/exception 0xc0000005 at 0x00000100: no stack left to dispatch it \(SP 0x[0-9a-f]{8}, \d+ dispatches in progress\)/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('crash.exe (no .pdata) still ends with the access violation report', async () => {
    const r = await runExecutable(rom('crash'));
    expect(r.exitCode).toBe(EXIT_CODES.crashed);
    expect(r.report).toContain('unhandled exception 0xc0000005 (access violation) at 0x00011030 (crash.exe+0x1030)');
  });
});

/**
 * The virtual unwinder alone, on hand-assembled functions (encodings from `llvm-mc-19
 * --triple=armv5te|thumbv5te -show-encoding`) and stacks laid out as their prologs leave them: from
 * every point of the body and of the epilog, unwinding must give the caller's registers back.
 */
describe('SEH virtual unwind: prologs backwards, epilogs forwards', () => {
  const CODE = 0x10000;
  const STACK = 0x9000;
  const mem = Buffer.alloc(0x2000); // 0x9000..0xb000: stack, 0x10000.. : code (below)
  const code = Buffer.alloc(0x1000);
  const peek32 = (a: number) =>
    a >= STACK && a + 4 <= STACK + mem.length
      ? mem.readUInt32LE(a - STACK)
      : a >= CODE && a + 4 <= CODE + code.length
        ? code.readUInt32LE(a - CODE)
        : undefined;
  const seh = new Seh({ mem: { peek32 } } as unknown as Machine);
  const w32 = (a: number, ...v: number[]) => v.forEach((x, i) => code.writeUInt32LE(x >>> 0, a - CODE + 4 * i));
  const w16 = (a: number, ...v: number[]) => v.forEach((x, i) => code.writeUInt16LE(x, a - CODE + 2 * i));
  const push = (sp: number, ...v: number[]) => v.forEach((x, i) => mem.writeUInt32LE(x >>> 0, sp - STACK + 4 * i));
  // The caller's registers: r4-r11, SP, return address.
  const caller = [0, 0, 0, 0, 0x4444, 0x5555, 0x6666, 0x7777, 0x8888, 0x9999, 0xaaaa, 0xbbbb, 0, 0xa000, 0x20104, 0x20104, 0x10];
  // The callee's registers: `clobbered` hold junk, the other callee-saved ones still the caller's.
  let clobbered: number[] = [];
  const junk = (over: Partial<Record<number, number>>): Regs => {
    const r = [0xd0, 0xd1, 0xd2, 0xd3, ...caller.slice(4, 12), 0xdc, 0, 0xde, 0, 0x10];
    for (const i of clobbered) r[i] = 0xd0 + i;
    for (const [k, v] of Object.entries(over)) r[Number(k)] = v!;
    return r;
  };
  const S = caller[13]!;
  const unwind = (fe: FunctionEntry, pc: number, regs: Regs) => {
    const u = seh.unwindFrame(fe, pc, regs);
    expect(u).toBeDefined();
    return { r4to11: regs.slice(4, 12), sp: regs[13], ret: u!.ret, frame: u!.frame, inFunction: u!.inFunction };
  };
  const back = (inFunction: boolean) => ({ r4to11: caller.slice(4, 12), sp: S, ret: caller[14], frame: S, inFunction });

  it('ARM: stmdb/sub sp prolog, add sp/ldmia/bx lr epilog', () => {
    const f = 0x10000;
    // push {r4-r6, lr}; sub sp, sp, #16; mov r0, r0 (body); add sp, sp, #16; pop {r4-r6, lr}; bx lr
    w32(f, 0xe92d4070, 0xe24dd010, 0xe1a00000, 0xe28dd010, 0xe8bd4070, 0xe12fff1e);
    const fe: FunctionEntry = { begin: f, end: f + 24, prologEnd: f + 8, thumb: false, handler: 0, handlerData: 0 };
    clobbered = [4, 5, 6];
    push(S - 16, caller[4]!, caller[5]!, caller[6]!, caller[14]!);
    expect(unwind(fe, f + 8, junk({ 13: S - 32 }))).toEqual(back(true)); // body
    expect(unwind(fe, f + 12, junk({ 13: S - 32 }))).toEqual(back(false)); // at add sp
    expect(unwind(fe, f + 16, junk({ 13: S - 16 }))).toEqual(back(false)); // locals released
    expect(unwind(fe, f + 20, junk({ 4: 0x4444, 5: 0x5555, 6: 0x6666, 13: S, 14: caller[14]! }))).toEqual(back(false)); // at bx lr
    // in the prolog, after the push: only the push is undone
    expect(unwind(fe, f + 4, junk({ 13: S - 16 }))).toEqual(back(false));
  });

  it('ARM: a conditional epilog only counts when its condition passes; ldmia {lr} + b is a tail-call epilog', () => {
    const f = 0x10100;
    // push {r4, lr}; mov r0, r0; popeq {r4, pc}; mov r4, #0; pop {r4, pc}
    w32(f, 0xe92d4010, 0xe1a00000, 0x08bd8010, 0xe3a04000, 0xe8bd8010);
    const fe: FunctionEntry = { begin: f, end: f + 20, prologEnd: f + 4, thumb: false, handler: 0, handlerData: 0 };
    clobbered = [4];
    push(S - 8, caller[4]!, caller[14]!);
    const z = 0x40000010;
    const exp = { r4: caller[4], sp: S, ret: caller[14] };
    const pick = (u: ReturnType<typeof unwind>) => ({ r4: u.r4to11[0], sp: u.sp, ret: u.ret });
    const taken = unwind(fe, f + 8, junk({ 13: S - 8, 16: z }));
    expect([pick(taken), taken.inFunction]).toEqual([exp, false]);
    const notTaken = unwind(fe, f + 8, junk({ 13: S - 8, 16: 0x10 }));
    expect([pick(notTaken), notTaken.inFunction]).toEqual([exp, true]);

    const g = 0x10200;
    // push {r4, lr}; mov r0, r0; pop {r4, lr}; b elsewhere
    w32(g, 0xe92d4010, 0xe1a00000, 0xe8bd4010, 0xea000010);
    const ge: FunctionEntry = { begin: g, end: g + 16, prologEnd: g + 4, thumb: false, handler: 0, handlerData: 0 };
    const tail = unwind(ge, g + 8, junk({ 13: S - 8 }));
    expect([pick(tail), tail.inFunction]).toEqual([exp, false]);
  });

  it('ARM: large frame allocated with ldr r12, =N; sub sp, sp, r12', () => {
    const f = 0x10300;
    // push {r4, lr}; ldr r12, [pc, #8]; sub sp, sp, r12; mov r0, r0; mov r0, r0; .word 0x1000
    w32(f, 0xe92d4010, 0xe59fc008, 0xe04dd00c, 0xe1a00000, 0xe1a00000, 0x1000);
    const fe: FunctionEntry = { begin: f, end: f + 20, prologEnd: f + 12, thumb: false, handler: 0, handlerData: 0 };
    clobbered = [4];
    push(S - 8, caller[4]!, caller[14]!);
    const u = unwind(fe, f + 12, junk({ 13: S - 8 - 0x1000 }));
    expect([u.r4to11[0], u.sp, u.ret, u.inFunction]).toEqual([caller[4], S, caller[14], true]);
  });

  it('ARM: large frame allocated with ldr r12, =-N; add sp, sp, r12 (MSVC CE, e.g. ce6 emulatorstub.exe)', () => {
    const f = 0x10400;
    // mov r12, sp; push {r4, r11, r12, lr}; add r11, sp, #12; ldr r12, [pc, #8]; add sp, sp, r12; mov r0, r0; mov r0, r0; .word -0x1000
    w32(f, 0xe1a0c00d, 0xe92d5810, 0xe28db00c, 0xe59fc008, 0xe08dd00c, 0xe1a00000, 0xe1a00000, -0x1000);
    const fe: FunctionEntry = { begin: f, end: f + 28, prologEnd: f + 20, thumb: false, handler: 0, handlerData: 0 };
    clobbered = [4, 11];
    push(S - 16, caller[4]!, caller[11]!, S, caller[14]!);
    const u = unwind(fe, f + 20, junk({ 11: S - 4, 12: 0xdc, 13: S - 16 - 0x1000 }));
    expect([u.r4to11[0], u.r4to11[7], u.sp, u.ret, u.frame, u.inFunction]).toEqual([caller[4], caller[11], S, caller[14], S, true]);
  });

  it('Thumb-1: push/mov hi/ldr-neg-add sp prolog and its epilog, from every instruction', () => {
    const f = 0x10380;
    w16(
      f,
      0xb5f0, // push {r4-r7, lr}
      0x4644, // mov r4, r8
      0x464d, // mov r5, r9
      0xb430, // push {r4, r5}
      0x4b05, // ldr r3, [pc, #20]   (the literal 520 at f + 0x20)
      0x425b, // negs r3, r3
      0x449d, // add sp, r3
      0x0000, // movs r0, r0         body
      0x4b03, // ldr r3, [pc, #12]
      0x449d, // add sp, r3
      0xbc30, // pop {r4, r5}
      0x46a0, // mov r8, r4
      0x46a9, // mov r9, r5
      0xbcf0, // pop {r4-r7}
      0xbc08, // pop {r3}
      0x4718, // bx r3
    );
    w32(f + 0x20, 520);
    const fe: FunctionEntry = { begin: f, end: f + 0x20, prologEnd: f + 0x0e, thumb: true, handler: 0, handlerData: 0 };
    clobbered = [4, 5, 6, 7, 8, 9];
    push(S - 20, caller[4]!, caller[5]!, caller[6]!, caller[7]!, caller[14]!);
    push(S - 28, caller[8]!, caller[9]!);
    const [r8, r9] = [caller[8]!, caller[9]!];
    const body = { 3: -520 >>> 0, 4: r8, 5: r9, 13: S - 548 };
    expect(unwind(fe, f + 0x0e, junk(body))).toEqual(back(true));
    expect(unwind(fe, f + 0x10, junk(body))).toEqual(back(false));
    expect(unwind(fe, f + 0x12, junk({ ...body, 3: 520 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x14, junk({ 13: S - 28 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x16, junk({ 4: r8, 5: r9, 13: S - 20 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x1a, junk({ 8: r8, 9: r9, 13: S - 20 }))).toEqual(back(false));
    const restored = { 4: caller[4]!, 5: caller[5]!, 6: caller[6]!, 7: caller[7]!, 8: r8, 9: r9 };
    expect(unwind(fe, f + 0x1c, junk({ ...restored, 13: S - 4 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x1e, junk({ ...restored, 3: caller[14]!, 13: S }))).toEqual(back(false));
    // inside the prolog, after ldr r3 (before negs/add sp): push {r4, r5} and the pushes are undone
    expect(unwind(fe, f + 0x0a, junk({ 3: 520, 4: r8, 5: r9, 13: S - 28 }))).toEqual(back(false));
  });

  it('Thumb-2: push.w/vpush/sub sp prolog, add sp/vpop/pop.w {pc} epilog', () => {
    const f = 0x10400;
    w16(
      f,
      0xe92d,
      0x41f0, // push.w {r4-r8, lr}
      0xed2d,
      0x8b02, // vpush {d8}
      0xb084, //         sub sp, #16
      0x0000, //         movs r0, r0   body
      0xb004, //         add sp, #16
      0xecbd,
      0x8b02, // vpop {d8}
      0xe8bd,
      0x81f0, // pop.w {r4-r8, pc}
    );
    const fe: FunctionEntry = { begin: f, end: f + 0x16, prologEnd: f + 0x0a, thumb: true, handler: 0, handlerData: 0 };
    clobbered = [4, 5, 6, 7, 8];
    push(S - 24, caller[4]!, caller[5]!, caller[6]!, caller[7]!, caller[8]!, caller[14]!);
    expect(unwind(fe, f + 0x0a, junk({ 13: S - 48 }))).toEqual(back(true));
    expect(unwind(fe, f + 0x0c, junk({ 13: S - 48 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x0e, junk({ 13: S - 32 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x12, junk({ 13: S - 24 }))).toEqual(back(false));
    expect(unwind(fe, f + 0x08, junk({ 13: S - 32 }))).toEqual(back(false)); // in the prolog, before sub sp
  });
});
