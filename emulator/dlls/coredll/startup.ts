/**
 * coredll's part of a program's start-up that the compiler and C runtime of MSVC for ARM CE rely on:
 * /GS security cookies, operator new/delete, _purecall, and the kernel queries start-up code makes
 * (SetKMode, __GetUserKData, CeSafeCopyMemory).
 *
 * Reference: the CE 5/6 SDK headers and the corpus's own call sites (ce6: cmd.exe's
 * __security_init_cookie and its inline cookie check; cgacutil.exe for the CE 5 names):
 * - __security_gen_cookie (CE 5, 1875) / __security_gen_cookie2 (CE 6, 2696) take no argument and
 *   return a fresh cookie; the program's CRT folds it to 16 bits (ARM loads it with mov) and falls back
 *   to its default (0xB064 / 0xA205B064) when it gets 0. Drawn from the machine's seeded generator,
 *   so a --deterministic run gets the same cookie each time; never 0.
 * - A failed cookie check calls __report_gsfailure (CE 6 name of ordinal 1876; CE 5 calls it
 *   __security_error_handler(code, data)): on a device the process ends with
 *   STATUS_STACK_BUFFER_OVERRUN (0xC0000409). Here the run stops as a crash that says so.
 * - operator new / new[] (scalar, array, nothrow): coredll's allocate from the process heap and return
 *   NULL when out of memory (CE's coredll does not throw std::bad_alloc); delete / delete[] of NULL do
 *   nothing.
 * - _purecall: the CRT's "pure virtual function call" (R6025): the process ends; a crash here.
 * - SetKMode(fMode): CE 5 returns the thread's previous mode and switches it (user memory is all
 *   accessible here either way); CE 6 and later dropped kernel mode for applications: no effect, FALSE.
 * (The API-set functions, IsAPIReady & co., are in apisets.ts.)
 * - GetOwnerProcess() (ole32.dll's start-up): the process that owns the calling thread, this one (its
 *   id, which is what CE uses as its handle). CeGetCurrentTrust(): OEM_CERTIFY_TRUST (2), a device
 *   without a loader verifier trusts every module fully.
 * - __GetUserKData(offset) (CE 6): the dword at KDATA + offset (PUserKData, core/kernel/kdata.ts).
 * - CeSafeCopyMemory(dst, src, n) (CE 6): memcpy that returns FALSE instead of faulting.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { EXIT_CODES } from '../../core/run-result.js';

const STATUS_STACK_BUFFER_OVERRUN = 0xc0000409;

const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

function newCookie(cx: ApiContext): number {
  let c = 0;
  while (c === 0) c = cx.machine.random.nextU32();
  return c;
}

function gsFailure(cx: ApiContext): void {
  const at = (cx.lr & ~1) >>> 0;
  cx.machine.abort(
    'crashed',
    EXIT_CODES.crashed,
    `guest stack buffer overrun: a /GS security cookie check failed in ${hex8(at)} (${cx.machine.symbolize(at)}); the process ends (STATUS_STACK_BUFFER_OVERRUN ${hex8(STATUS_STACK_BUFFER_OVERRUN)})`,
  );
}

function alloc(cx: ApiContext, n: number): number {
  return cx.machine.processHeap.alloc(n === 0 ? 1 : n);
}
function release(cx: ApiContext, p: number): void {
  if (p) cx.machine.processHeap.freeBlock(p);
}

const kmode = new WeakMap<object, boolean>();
const OEM_CERTIFY_TRUST = 2;

export const startup: ApiDef[] = [
  fn('__security_gen_cookie(): hex', (cx) => newCookie(cx)),
  fn('__security_gen_cookie2(): hex', (cx) => newCookie(cx)),
  fn('__report_gsfailure(): void', (cx) => gsFailure(cx)),
  fn('__security_error_handler(i32 code, ptr data): void', (cx) => gsFailure(cx)),

  fn('??2@YAPAXI@Z(u32 size): ptr', (cx, n: number) => alloc(cx, n)),
  fn('??_U@YAPAXI@Z(u32 size): ptr', (cx, n: number) => alloc(cx, n)),
  fn('??2@YAPAXIABUnothrow_t@std@@@Z(u32 size, ptr nothrow): ptr', (cx, n: number) => alloc(cx, n)),
  fn('??_U@YAPAXIABUnothrow_t@std@@@Z(u32 size, ptr nothrow): ptr', (cx, n: number) => alloc(cx, n)),
  fn('??3@YAXPAX@Z(ptr p): void', (cx, p: number) => release(cx, p)),
  fn('??_V@YAXPAX@Z(ptr p): void', (cx, p: number) => release(cx, p)),
  fn('??3@YAXPAXABUnothrow_t@std@@@Z(ptr p, ptr nothrow): void', (cx, p: number) => release(cx, p)),
  fn('??_V@YAXPAXABUnothrow_t@std@@@Z(ptr p, ptr nothrow): void', (cx, p: number) => release(cx, p)),

  fn('_purecall(): i32', (cx) => {
    const at = (cx.lr & ~1) >>> 0;
    cx.machine.abort(
      'crashed',
      EXIT_CODES.crashed,
      `guest pure virtual function call (R6025) from ${hex8(at)} (${cx.machine.symbolize(at)}); the C runtime ends the process`,
    );
    return 0;
  }),

  fn('SetKMode(bool fMode): bool', (cx, on: number) => {
    if ((cx.machine.options.osVersion ?? 5) >= 6) return 0;
    const was = kmode.get(cx.thread) ?? false;
    kmode.set(cx.thread, on !== 0);
    return was ? 1 : 0;
  }),
  fn('GetOwnerProcess(): handle', (cx) => cx.machine.processId),
  fn('CeGetCurrentTrust(): u32', () => OEM_CERTIFY_TRUST),
  fn('__GetUserKData(u32 dwOfst): hex', (cx, off: number) => cx.machine.kdata.read(off)),
  fn('CeSafeCopyMemory(ptr pDst, ptr pSrc, u32 cbSize): bool', (cx, d: number, s: number, n: number) => {
    if (n === 0) return 1;
    if (!cx.mem.isUserRange(s, n, 'read') || !cx.mem.isUserRange(d, n, 'write')) return 0;
    cx.mem.copyWithin(d, s, n);
    return 1;
  }),
];
