/**
 * Compile-time tests of the typed declarations (emulator/core/api/declare.ts): each handler's
 * parameters and result are derived from its signature string. Checked by `npm run typecheck`
 * (tsconfig.test.json); every `@ts-expect-error` below must be an error, or tsc fails.
 */
import { fn, BLOCKED, CALLED, type HandlerFor } from '../../emulator/core/api/declare.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assert<T extends true>(): T | undefined {
  return undefined;
}

// The example: every 32-bit kind is a number, the result an i32 (or BLOCKED / CALLED).
type Send = HandlerFor<'send(socket s, ptr buf, i32 len, flags:MSG flags): i32'>;
assert<Equal<Parameters<Send>, [cx: Parameters<Send>[0], number, number, number, number]>>();
assert<Equal<ReturnType<Send>, number | typeof BLOCKED | typeof CALLED>>();

fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', (_cx, s, buf, len, flags) => s + buf + len + flags);
fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', { blocking: true }, () => BLOCKED);
// A parameter of the wrong type.
// @ts-expect-error buf is a ptr: a number, not a string
fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', (_cx, _s: number, _buf: string) => 0);
// More parameters than the signature declares.
// @ts-expect-error send has four arguments
fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', (_cx, _s: number, _b: number, _l: number, _f: number, _extra: number) => 0);
// A result of the wrong kind.
// @ts-expect-error an i32 result is a number, not a bigint
fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', () => 0n);

// 64-bit integers are bigints (a register pair); doubles and floats are numbers.
fn('_atoi64(str s): i64', () => 0n);
fn('_i64tow(i64 v, ptr buf, i32 radix): ptr', (_cx, v: bigint, buf: number, radix: number) => Number(v) + buf + radix);
fn('sqrt(f64 x): f64', (_cx, x: number) => Math.sqrt(x));
fn('sqrtf(f32 x): f32', (_cx, x: number) => Math.fround(Math.sqrt(x)));
fn('__dtoi64(f64 x): i64', (_cx, x: number) => BigInt(Math.trunc(x)));
fn('__rt_udiv64(u64 a, u64 b): u128', (_cx, a: bigint, b: bigint) => (a / b) | ((a % b) << 64n));
// f32/f64 results may be given as raw IEEE bits.
fn('__negd(f64 x): f64', () => 0x8000000000000000n);
// @ts-expect-error an i64 argument is a bigint
fn('_i64tow(i64 v, ptr buf, i32 radix): ptr', (_cx, _v: number) => 0);
// @ts-expect-error a u64 result is a bigint
fn('_atoi64(str s): u64', () => 0);
// @ts-expect-error an f64 argument is a number
fn('sqrt(f64 x): f64', (_cx, x: bigint) => x);

// Varargs are not passed (the handler reads them through cx); void results return nothing.
fn('wsprintfW(ptr buf, wstr fmt, ...): i32', (_cx, buf, fmt) => buf + fmt);
// @ts-expect-error '...' passes no argument to the handler
fn('wsprintfW(ptr buf, wstr fmt, ...): i32', (_cx, _b: number, _f: number, _va: number) => 0);
fn('Sleep(u32 ms): void', () => undefined);
fn('Sleep(u32 ms): void', () => CALLED);
// @ts-expect-error a void export returns nothing
fn('Sleep(u32 ms): void', () => 0);

// Whitespace in the signature does not matter; a signature built at run time is not checked.
fn(' GetTickCount ( ) : u32 ', () => 1);
const built: string = 'GetTickCount(): u32';
fn(built, (_cx, ...anything: unknown[]) => anything.length);
