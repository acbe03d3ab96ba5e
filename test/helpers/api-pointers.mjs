/**
 * Bad guest pointers to every emulated export (test/core/robustness-api-pointers.test.ts).
 *
 * listCases() enumerates, from the DLL registry of a fresh Machine, every export with pointer-like
 * arguments (ptr, wstr, str, sockaddr) x each such argument x each bad value:
 *   null       0
 *   low        0x00000004
 *   unmapped   0x1FFFF000 (top page of user space, never mapped)
 *   kernel     0xFFFFC000
 *   straddle   8 bytes before the end of a mapped page whose successor is unmapped, filled with 'A'
 *              (no terminator): any length > 8 or any string read runs off the mapping
 * runCase(i) runs one case in a fresh Machine: hello.exe is loaded (for a main module), then the main
 * thread starts in a small ARM stub instead of the ROM's entry point. The stub makes a few set-up calls
 * (WSAStartup + socket() for Winsock exports with a socket argument, CreateEventW for handles), then
 * calls the export's trap (machine.dispatcher.trapFor) with R0-R3 and up to 12 stack words, and returns
 * its R0 as the process exit code. The other arguments are valid: pointers to their own zeroed 4 KiB
 * buffer (strings "a", sockaddrs 127.0.0.1:9), integers 64, handles from the set-up calls.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createMachine } from '../../dist/emulator/system/dll-set.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HELLO = readFileSync(join(ROOT, 'roms', 'bin', 'hello.exe'));

export const POINTER_KINDS = new Set(['ptr', 'wstr', 'str', 'sockaddr']);
export const BAD_VALUES = ['null', 'low', 'unmapped', 'kernel', 'straddle'];
const FIXED = { null: 0, low: 4, unmapped: 0x1fff_f000, kernel: 0xffff_c000 };

/**
 * Every (dll, export, pointer argument, bad value), in registry order. `subset`: per argument only
 * 'straddle' plus one other bad value, rotating (the CI size; the full matrix on demand).
 */
export function listCases({ subset = false } = {}) {
  const m = createMachine();
  const cases = [];
  try {
    for (const dll of m.dlls.all()) {
      for (const decl of dll.byName.values()) {
        decl.args.forEach((a, i) => {
          if (!POINTER_KINDS.has(a.kind)) return;
          const pick = 1 + (cases.length % (BAD_VALUES.length - 1));
          BAD_VALUES.forEach((bad, k) => {
            if (subset && bad !== 'straddle' && k !== pick - 1) return;
            cases.push({ dll: dll.spec.name, name: decl.name, arg: i, argName: a.name, kind: a.kind, bad, policy: decl.options.fault ?? dll.spec.fault });
          });
        });
      }
    }
  } finally {
    m.close();
  }
  return cases;
}

// ---- a tiny ARM assembler for the call stub ---------------------------------------------------------
const PUSH_R4_R11_LR = 0xe92d4ff0;
const POP_R4_R11_PC = 0xe8bd8ff0;
const SUB_SP_52 = 0xe24dd034;
const ADD_SP_52 = 0xe28dd034;
const TABLE_WORDS = 18; // 12 stack words, r0-r3, target, result destination (0 = none)

/** One call block: copy 12 stack words and R0-R3 from its table, blx target, store R0 to *dest. */
function callBlock(table) {
  return [
    0xe28fc000 | 44, //  0 add r12, pc, #44      -> table
    0xe8bc0ff0, //       4 ldmia r12!, {r4-r11}
    0xe88d0ff0, //       8 stmia sp, {r4-r11}
    0xe8bc00f0, //      12 ldmia r12!, {r4-r7}
    0xe28d8020, //      16 add r8, sp, #32
    0xe88800f0, //      20 stmia r8, {r4-r7}
    0xe89c100f, //      24 ldmia r12, {r0-r3, r12}
    0xe12fff3c, //      28 blx r12
    0xe28fc000 | 80, // 32 add r12, pc, #80      -> table[17]
    0xe59cc000, //      36 ldr r12, [r12]
    0xe35c0000, //      40 cmp r12, #0
    0x158c0000, //      44 strne r0, [r12]
    0xea000000 | 17, // 48 b past the table
    ...table,
  ];
}

/**
 * Runs one case; returns { status, message, r0, lastError }.
 * @param {{dll:string,name:string,arg:number,bad:string}} c
 */
export async function runCase(c, { timeoutMs = 300 } = {}) {
  const m = createMachine({ timeoutMs, memoryLimit: 64 * 1024 * 1024 });
  try {
    m.loadExecutable(HELLO, 'hello.exe');
    const dll = m.dlls.get(c.dll);
    const decl = dll.byName.get(c.name);
    const trap = (d) => m.dispatcher.trapFor({ dll: d.dll, name: d.name, ordinal: d.ordinal, decl: d });

    // Guest memory for the stub, valid buffers, and the straddling page.
    const code = m.space.reserve(0x1_0000, 'api-pointers stub');
    m.space.commit(code, 0x1_0000, 7);
    const bufs = m.space.reserve(0x2_0000, 'api-pointers buffers');
    m.space.commit(bufs, 0x2_0000, 3);
    const edge = m.space.reserve(0x1_0000, 'api-pointers edge');
    m.space.commit(edge, 0x1000, 3); // the next page stays unmapped
    m.mem.fill(edge, 0x1000, 0x41);
    let nextBuf = bufs;
    const buffer = (kind) => {
      const p = nextBuf;
      nextBuf += 0x1000;
      if (kind === 'str') m.mem.writeStr(p, 'a');
      else if (kind === 'wstr') m.mem.writeWstr(p, 'a');
      else if (kind === 'sockaddr') m.mem.write(p, Uint8Array.from([2, 0, 0, 9, 127, 0, 0, 1]));
      return p;
    };
    const badValue = c.bad === 'straddle' ? edge + 0x1000 - 8 : FIXED[c.bad];

    // The calls: set-up calls first, the export under test last.
    const calls = [];
    const words = (n) => new Array(n).fill(0);
    const callFor = (d, args) => {
      const t = words(TABLE_WORDS);
      d.args.forEach((a, i) => {
        const v = args[i] ?? 0;
        if (a.wide) return; // 64-bit values stay 0
        if (a.slot < 4) t[12 + a.slot] = v >>> 0;
        else t[a.slot - 4] = v >>> 0;
      });
      t[16] = trap(d);
      calls.push(t);
      return calls.length - 1;
    };
    /** Slot of argument i of decl in the call's table (for set-up results). */
    const slotIndex = (d, i) => (d.args[i].slot < 4 ? 12 + d.args[i].slot : d.args[i].slot - 4);

    const setups = [];
    const wsa = dll.byName.get('WSAStartup');
    if (wsa && c.name !== 'WSAStartup' && c.name !== 'WSACleanup') {
      callFor(wsa, [dll.spec.name.toUpperCase() === 'WINSOCK.DLL' ? 0x101 : 0x202, buffer('ptr')]);
    }
    const args = decl.args.map((a, i) => {
      if (i === c.arg) return badValue;
      if (POINTER_KINDS.has(a.kind)) return buffer(a.kind);
      if (a.kind === 'socket') {
        const sock = dll.byName.get('socket');
        if (sock) setups.push({ call: callFor(sock, [2, 1, 0]), argIndex: i });
        return 0;
      }
      if (a.kind === 'handle') {
        const co = m.dlls.get('COREDLL.dll');
        if (/heap/i.test(a.name)) setups.push({ call: callFor(co.byName.get('GetProcessHeap'), []), argIndex: i });
        else setups.push({ call: callFor(co.byName.get('CreateEventW'), [0, 1, 1, 0]), argIndex: i });
        return 0;
      }
      return 64;
    });
    const target = callFor(decl, args);

    // Lay out: prologue, blocks, epilogue; then fix the result destinations.
    const prologue = [PUSH_R4_R11_LR, SUB_SP_52];
    const blockBytes = 4 * (13 + TABLE_WORDS);
    const tableAddr = (k) => code + 4 * prologue.length + k * blockBytes + 52;
    for (const s of setups) calls[s.call][17] = tableAddr(target) + 4 * slotIndex(decl, s.argIndex);
    const program = [...prologue, ...calls.flatMap((t) => callBlock(t)), ADD_SP_52, POP_R4_R11_PC];
    const bytes = new Uint8Array(program.length * 4);
    const dv = new DataView(bytes.buffer);
    program.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
    m.mem.write(code, bytes);
    m.main.entry = code; // ARM mode (bit 0 clear)

    const r = await m.run();
    return {
      status: r.status,
      message: r.message,
      r0: r.guestExitCode,
      lastError: m.mainThread?.lastError,
    };
  } finally {
    m.close();
  }
}
