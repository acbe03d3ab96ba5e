/**
 * coredll system information, pointer probes and random numbers: GetSystemInfo, GlobalMemoryStatus, IsBadReadPtr,
 * IsBadWritePtr, IsBadCodePtr, Random, CeGetRandomSeed, CeGenRandom, and the CRT's rand/srand.
 *
 * - GetSystemInfo: what a CE 5/6 ARM device reports (SYSTEM_INFO, CE docs): PROCESSOR_ARCHITECTURE_ARM
 *   (5), 4 KiB pages, 64 KiB allocation granularity, one processor, dwProcessorType
 *   PROCESSOR_STRONGARM (2577, the CEProcessorType of ARMV4I builds), application addresses
 *   0x10000-0x7FFFFFFF.
 * - IsBad*Ptr: TRUE when any byte of the range is not accessible (a zero-length range is fine,
 *   Win32 documentation); they never fault.
 * - Random / CeGetRandomSeed / CeGenRandom draw from the machine's seeded generator
 *   (machine.random: fixed in deterministic runs).
 * - GlobalMemoryStatus: the machine's committed-memory cap (--memory limit) is the physical memory,
 *   what is committed is in use; virtual = the 32 MiB process slot of CE 5 (no page file).
 * - rand/srand: the Microsoft CRT generator (holdrand = holdrand * 214013 + 2531011, result bits
 *   16-30), per thread as the CRT keeps it, starting from seed 1.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { USER_LIMIT } from '../../core/memory/guest-memory.js';

const PROCESSOR_ARCHITECTURE_ARM = 5;
const PROCESSOR_STRONGARM = 2577;

function readable(cx: ApiContext, p: number, n: number, access: 'read' | 'write'): boolean {
  if (n === 0) return true;
  if (p === 0) return false;
  return cx.mem.isUserRange(p, n, access);
}

const holdrand = new WeakMap<object, number>();

function fillRandom(cx: ApiContext, p: number, n: number): void {
  cx.mem.check(p, n, 'write');
  for (let i = 0; i < n; i += 4) {
    const v = cx.machine.random.nextU32();
    for (let j = 0; j < 4 && i + j < n; j++) cx.mem.setU8(p + i + j, (v >>> (8 * j)) & 0xff);
  }
}

export const sysinfo: ApiDef[] = [
  fn('GlobalMemoryStatus(ptr lpBuffer): void', (cx, p: number) => {
    const space = cx.machine.space;
    const total = Math.min(space.limit, 0xffffffff);
    const used = Math.min(space.committed, total);
    const slot = 32 * 1024 * 1024;
    cx.mem.check(p, 32, 'write');
    const b = Buffer.alloc(32);
    b.writeUInt32LE(32, 0); // dwLength
    b.writeUInt32LE(total ? Math.floor((used * 100) / total) : 0, 4); // dwMemoryLoad
    b.writeUInt32LE(total, 8); // dwTotalPhys
    b.writeUInt32LE(total - used, 12); // dwAvailPhys
    b.writeUInt32LE(0, 16); // dwTotalPageFile
    b.writeUInt32LE(0, 20); // dwAvailPageFile
    b.writeUInt32LE(slot, 24); // dwTotalVirtual
    b.writeUInt32LE(Math.max(0, slot - Math.min(used, slot)), 28); // dwAvailVirtual
    cx.mem.write(p, b);
  }),
  fn('GetSystemInfo(ptr lpSystemInfo): void', (cx, p: number) => {
    cx.mem.check(p, 36, 'write');
    const b = Buffer.alloc(36);
    b.writeUInt16LE(PROCESSOR_ARCHITECTURE_ARM, 0);
    b.writeUInt32LE(0x1000, 4); // dwPageSize
    b.writeUInt32LE(0x10000, 8); // lpMinimumApplicationAddress
    b.writeUInt32LE(0x7fffffff, 12); // lpMaximumApplicationAddress
    b.writeUInt32LE(1, 16); // dwActiveProcessorMask
    b.writeUInt32LE(1, 20); // dwNumberOfProcessors
    b.writeUInt32LE(PROCESSOR_STRONGARM, 24);
    b.writeUInt32LE(0x10000, 28); // dwAllocationGranularity
    b.writeUInt16LE(4, 32); // wProcessorLevel
    b.writeUInt16LE(0, 34); // wProcessorRevision
    cx.mem.write(p, b);
  }),
  fn('IsBadReadPtr(ptr lp, u32 ucb): bool', (cx, p: number, n: number) => (readable(cx, p, n, 'read') ? 0 : 1)),
  fn('IsBadWritePtr(ptr lp, u32 ucb): bool', (cx, p: number, n: number) => (readable(cx, p, n, 'write') ? 0 : 1)),
  // Code is readable memory; Thumb addresses have bit 0 set. An emulated export's trap stub stands for
  // that DLL's code on a device (a vtable of ole32's objects points there; urlmon checks it): valid.
  fn('IsBadCodePtr(ptr lpfn): bool', (cx, p: number) =>
    p !== 0 && ((p >>> 0 < USER_LIMIT && cx.mem.isUserRange(p & ~1, 2, 'read')) || cx.machine.dispatcher.targetAt((p & ~1) >>> 0) !== undefined) ? 0 : 1,
  ),
  fn('Random(): u32', (cx) => cx.machine.random.nextU32()),
  fn('CeGetRandomSeed(): i64', (cx) => BigInt.asIntN(64, (BigInt(cx.machine.random.nextU32()) << 32n) | BigInt(cx.machine.random.nextU32()))),
  fn('CeGenRandom(u32 dwLen, ptr pbBuffer): bool', (cx, n: number, p: number) => {
    fillRandom(cx, p, n);
    return 1;
  }),
  fn('srand(u32 seed): void', (cx, seed: number) => {
    holdrand.set(cx.thread, seed >>> 0);
  }),
  fn('rand(): i32', (cx) => {
    const next = (Math.imul(holdrand.get(cx.thread) ?? 1, 214013) + 2531011) >>> 0;
    holdrand.set(cx.thread, next);
    return (next >>> 16) & 0x7fff;
  }),
];
