/**
 * One declaration per emulated export.
 *
 *   fn('LocalAlloc(u32 uFlags, u32 uBytes): ptr', (cx, uFlags, uBytes) => ...)
 *
 * The C-like signature string is parsed once at start-up. From it (plus the DLL the declaration is
 * listed in and the ordinal from the reference export table) everything else is derived: import
 * binding by name or ordinal, argument decoding from R0-R3 and the stack, the API trace line, the
 * coverage table. Options say whether the call may block and what a bad guest pointer turns into.
 */
import type { ApiContext } from './context.js';

/** Argument kinds: how a value is fetched (1 or 2 slots) and how the trace shows it. */
export type ArgKind =
  | 'u32' | 'i32' | 'bool' | 'ptr' | 'handle' | 'hex'
  | 'wstr' | 'str' // pointers to NUL-terminated strings (shown decoded in traces)
  | 'u64' | 'i64' | 'f64' // two slots, 8-byte aligned register pair / stack slot (AAPCS)
  | 'socket' | 'sockaddr' | 'flags';
export type RetKind = 'void' | 'u32' | 'i32' | 'bool' | 'ptr' | 'handle' | 'hex' | 'u64' | 'i64' | 'f64' | 'socket';

export interface ArgSpec {
  name: string;
  kind: ArgKind;
  /** First 32-bit slot index (0-3 = R0-R3, 4+ = stack words). */
  slot: number;
  wide: boolean;
}

/** What a GuestFault inside the handler becomes. */
export type FaultPolicy =
  | { kind: 'crash' } // raise a guest access violation (C runtime functions crash on real devices too)
  | { kind: 'error'; ret: number; lastError: number }; // documented failure: return value + last error

export interface ApiOptions {
  /** The call may park the guest thread (Sleep, blocking sockets, waits). */
  blocking?: boolean;
  /** Overrides the DLL's default fault policy. */
  fault?: FaultPolicy;
  /** Explicit ordinal when the export table lacks the name. */
  ordinal?: number;
  /** A stub: implemented with a documented fixed result (listed as such in the coverage table). */
  stub?: string;
}

export type ApiResult = number | bigint | void | typeof BLOCKED | typeof CALLED;
/** Returned by a handler that parked the calling thread (cx.block / cx.yield). */
export const BLOCKED: unique symbol = Symbol('blocked');
/** Returned by a handler that called into guest code (cx.callGuest); its result comes later. */
export const CALLED: unique symbol = Symbol('called');

export type Handler = (cx: ApiContext, ...args: any[]) => ApiResult;

export interface ApiDecl {
  dll: string; // canonical module name, e.g. COREDLL.dll
  name: string;
  ordinal?: number;
  signature: string;
  args: ArgSpec[];
  variadic: boolean;
  /** Number of 32-bit argument slots the fixed arguments take. */
  slots: number;
  ret: RetKind;
  options: ApiOptions;
  handler: Handler;
}

/** An export declared inside a DLL module file, before the DLL name and ordinal are attached. */
export interface ApiDef {
  name: string;
  signature: string;
  args: ArgSpec[];
  variadic: boolean;
  slots: number;
  ret: RetKind;
  options: ApiOptions;
  handler: Handler;
}

const ARG_KINDS = new Set<ArgKind>([
  'u32', 'i32', 'bool', 'ptr', 'handle', 'hex', 'wstr', 'str', 'u64', 'i64', 'f64', 'socket', 'sockaddr', 'flags',
]);
const RET_KINDS = new Set<RetKind>(['void', 'u32', 'i32', 'bool', 'ptr', 'handle', 'hex', 'u64', 'i64', 'f64', 'socket']);

const SIG_RE = /^\s*([A-Za-z_][\w@]*)\s*\(([^)]*)\)\s*:\s*(\w+)\s*$/;

export function parseSignature(signature: string): Omit<ApiDef, 'options' | 'handler'> {
  const m = SIG_RE.exec(signature);
  if (!m) throw new Error(`bad API signature '${signature}'`);
  const [, name, argText, retText] = m as unknown as [string, string, string, string];
  const ret = retText as RetKind;
  if (!RET_KINDS.has(ret)) throw new Error(`bad return kind '${retText}' in '${signature}'`);
  const args: ArgSpec[] = [];
  let variadic = false;
  let slot = 0;
  const parts = argText.trim() ? argText.split(',').map((s) => s.trim()) : [];
  parts.forEach((p, i) => {
    if (p === '...') {
      if (i !== parts.length - 1) throw new Error(`'...' must be last in '${signature}'`);
      variadic = true;
      return;
    }
    const [kind, argName] = p.split(/\s+/) as [ArgKind, string | undefined];
    if (!ARG_KINDS.has(kind) || !argName) throw new Error(`bad argument '${p}' in '${signature}'`);
    const wide = kind === 'u64' || kind === 'i64' || kind === 'f64';
    if (wide && slot % 2) slot++; // AAPCS: 64-bit values start at an even register / 8-byte stack slot
    args.push({ name: argName, kind, slot, wide });
    slot += wide ? 2 : 1;
  });
  return { name, signature, args, variadic, slots: slot, ret };
}

/** Declares one export. */
export function fn(signature: string, handler: Handler): ApiDef;
export function fn(signature: string, options: ApiOptions, handler: Handler): ApiDef;
export function fn(signature: string, a: ApiOptions | Handler, b?: Handler): ApiDef {
  const options = typeof a === 'function' ? {} : a;
  const handler = typeof a === 'function' ? a : b!;
  return { ...parseSignature(signature), options, handler };
}

/** Declares a stub: an export with a fixed, documented result. */
export function stub(signature: string, result: number, why: string): ApiDef {
  return fn(signature, { stub: why }, () => result);
}
