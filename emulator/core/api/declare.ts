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
  | 'u32'
  | 'i32'
  | 'bool'
  | 'ptr'
  | 'handle'
  | 'hex'
  | 'wstr'
  | 'str' // pointers to NUL-terminated strings (shown decoded in traces)
  | 'u64'
  | 'i64'
  | 'f64' // two slots, 8-byte aligned register pair / stack slot (AAPCS)
  | 'f32' // an IEEE single in one slot (soft-float: its bits in a core register), passed as a JS number
  | 'socket'
  | 'sockaddr'
  | 'flags'
  | 'enum';
/**
 * Return kinds. 64-bit kinds come back in R0:R1 (a bigint, or for f64 a JS number). `f32` is a JS
 * number (rounded to single) or its raw bits as a bigint; `f64` likewise (raw bits as a bigint keep
 * NaN payloads). `u128` fills R0-R3 from a bigint, low word in R0 (e.g. the 64-bit division helpers:
 * quotient in R0:R1, remainder in R2:R3).
 */
export type RetKind = 'void' | 'u32' | 'i32' | 'bool' | 'ptr' | 'handle' | 'hex' | 'u64' | 'i64' | 'f32' | 'f64' | 'u128' | 'socket';

export interface ArgSpec {
  name: string;
  kind: ArgKind;
  /** First 32-bit slot index (0-3 = R0-R3, 4+ = stack words). */
  slot: number;
  wide: boolean;
  /**
   * For `flags` and `enum` arguments: the name of a value set (see defineFlags), written
   * `flags:MSG flags` / `enum:AF af` in the signature. The trace shows `MSG_OOB|MSG_PEEK`, `AF_INET`.
   */
  set?: string;
}

/** A named set of flag bits or enumerated values for traces. */
export interface ValueSet {
  kind: 'flags' | 'enum';
  /** name → value; for flags, multi-bit masks are matched before single bits (list order otherwise). */
  values: [string, number][];
}

const VALUE_SETS = new Map<string, ValueSet>();

/**
 * Names a set of flags (bit masks) or enumerated values, for `flags:NAME` / `enum:NAME` arguments.
 * Sets are global (by name); defining the same name again replaces it.
 *
 *   defineFlags('MSG', { MSG_OOB: 1, MSG_PEEK: 2, MSG_DONTROUTE: 4, MSG_WAITALL: 8 });
 *   defineEnum('AF', { AF_UNSPEC: 0, AF_INET: 2, AF_INET6: 23 });
 */
export function defineFlags(name: string, values: Record<string, number>): void {
  VALUE_SETS.set(name, { kind: 'flags', values: Object.entries(values) });
}
export function defineEnum(name: string, values: Record<string, number>): void {
  VALUE_SETS.set(name, { kind: 'enum', values: Object.entries(values) });
}
export function valueSet(name: string): ValueSet | undefined {
  return VALUE_SETS.get(name);
}

/** `MSG_OOB|MSG_PEEK`, `0`, unknown bits as hex (`MSG_OOB|0x100`); enums: the name or the number. */
export function formatValue(set: ValueSet | undefined, v: number): string {
  v >>>= 0;
  if (!set) return '0x' + v.toString(16).padStart(8, '0');
  if (set.kind === 'enum') {
    for (const [n, x] of set.values) if (x >>> 0 === v) return n;
    return String(v | 0);
  }
  if (v === 0) {
    const zero = set.values.find(([, x]) => x === 0);
    return zero ? zero[0] : '0';
  }
  const names: string[] = [];
  let rest = v;
  const byWidth = [...set.values].filter(([, x]) => x !== 0).sort((a, b) => popcount(b[1]) - popcount(a[1]));
  for (const [n, x] of byWidth) {
    const m = x >>> 0;
    if ((rest & m) === m && m !== 0) {
      names.push(n);
      rest = (rest & ~m) >>> 0;
    }
  }
  // Keep the declaration order for readability.
  const order = new Map(set.values.map(([n], i) => [n, i]));
  names.sort((a, b) => order.get(a)! - order.get(b)!);
  if (rest) names.push('0x' + rest.toString(16));
  return names.join('|');
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v; v &= v - 1) n++;
  return n;
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
  /**
   * The documented failure result when the return kind does not say it (a handle that is
   * INVALID_HANDLE_VALUE rather than NULL, WAIT_FAILED): what fault injection (hooks.ts) returns.
   */
  failure?: number;
  /** A data export: imports and GetProcAddress get the guest address of these bytes (data-exports.ts). */
  data?: Uint8Array;
  /**
   * Code pointers inside a data export (a vftable's slots): at each offset the address of the trap of
   * that function, a declaration of the same DLL that is not itself exported (a virtual destructor).
   */
  dataLinks?: readonly { offset: number; fn: ApiDef }[];
}

export type ApiResult = number | bigint | void | typeof BLOCKED | typeof CALLED;
/** Returned by a handler that parked the calling thread (cx.block / cx.yield). */
export const BLOCKED: unique symbol = Symbol('blocked');
/** Returned by a handler that called into guest code (cx.callGuest); its result comes later. */
export const CALLED: unique symbol = Symbol('called');

export type Handler = (cx: ApiContext, ...args: any[]) => ApiResult;

/** An export declared inside a DLL module file, before the DLL name and ordinal are attached. */
export interface ApiDef {
  name: string;
  signature: string;
  args: ArgSpec[];
  variadic: boolean;
  /** Number of 32-bit argument slots the fixed arguments take. */
  slots: number;
  ret: RetKind;
  options: ApiOptions;
  handler: Handler;
}

/** A declaration bound to its DLL: the canonical module name (e.g. COREDLL.dll) and its ordinal. */
export interface ApiDecl extends ApiDef {
  dll: string;
  ordinal?: number;
}

const ARG_KINDS = new Set<ArgKind>([
  'u32',
  'i32',
  'bool',
  'ptr',
  'handle',
  'hex',
  'wstr',
  'str',
  'u64',
  'i64',
  'f64',
  'f32',
  'socket',
  'sockaddr',
  'flags',
  'enum',
]);
const RET_KINDS = new Set<RetKind>(['void', 'u32', 'i32', 'bool', 'ptr', 'handle', 'hex', 'u64', 'i64', 'f32', 'f64', 'u128', 'socket']);
/**
 * The kind names as the literals above: the dispatcher compares `kind`/`ret` with literals on every
 * call, and a name cut out of the signature by split() is not an internalized string, so each of those
 * comparisons was a character compare (V8's StringEqual builtin, ~1.4 % of a TCP recv in perf).
 */
const CANON_KINDS = new Map<string, string>([...ARG_KINDS, ...RET_KINDS].map((k) => [k, k]));

const SIG_RE = /^\s*([A-Za-z_?][\w@?$]*)\s*\(([^)]*)\)\s*:\s*(\w+)\s*$/;

export function parseSignature(signature: string): Omit<ApiDef, 'options' | 'handler'> {
  const m = SIG_RE.exec(signature);
  if (!m) throw new Error(`bad API signature '${signature}'`);
  const [, name, argText, retText] = m as unknown as [string, string, string, string];
  const ret = (CANON_KINDS.get(retText) ?? retText) as RetKind;
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
    const [kindText, argName] = p.split(/\s+/) as [string, string | undefined];
    const [kindName, set] = kindText.split(':') as [string, string | undefined];
    const kind = (CANON_KINDS.get(kindName) ?? kindName) as ArgKind;
    if (!ARG_KINDS.has(kind) || !argName) throw new Error(`bad argument '${p}' in '${signature}'`);
    if (set !== undefined && kind !== 'flags' && kind !== 'enum') throw new Error(`only flags and enum arguments name a value set: '${p}' in '${signature}'`);
    const wide = kind === 'u64' || kind === 'i64' || kind === 'f64';
    if (wide && slot % 2) slot++; // AAPCS: 64-bit values start at an even register / 8-byte stack slot
    args.push(set !== undefined ? { name: argName, kind, slot, wide, set } : { name: argName, kind, slot, wide });
    slot += wide ? 2 : 1;
  });
  return { name, signature, args, variadic, slots: slot, ret };
}

/*
 * The signature string, parsed again at the type level (template literal types), so that each handler's
 * parameters and result are checked by tsc against its declaration:
 *
 *   fn('send(socket s, ptr buf, i32 len, flags:MSG flags): i32', (cx, s, buf, len, flags) => ...)
 *
 * types the handler as (cx: ApiContext, s: number, buf: number, len: number, flags: number) => number |
 * BLOCKED | CALLED. The mapping follows the dispatcher's decoding (dispatcher.ts): 32-bit kinds arrive as
 * a JS number (i32 sign-extended, f32 as its value); u64/i64 as a bigint; f64 as a number. Variadic
 * arguments ('...') are not passed (the handler reads them through cx). A signature that is not a string
 * literal (built at run time) falls back to the untyped Handler.
 */
type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type SplitArgs<S extends string> = S extends `${infer H},${infer T}` ? [Trim<H>, ...SplitArgs<T>] : Trim<S> extends '' ? [] : [Trim<S>];
/** `flags:MSG flags` -> `flags`; `u32 uFlags` -> `u32`. */
type KindOf<P extends string> = P extends `${infer K} ${string}` ? (K extends `${infer B}:${string}` ? B : K) : never;
/** The JS value the dispatcher passes for an argument kind. */
export type ArgValue<K> = K extends 'u64' | 'i64' ? bigint : K extends ArgKind ? number : never;
type ParamsOf<Parts> = Parts extends [infer H extends string, ...infer T] ? (H extends '...' ? [] : [ArgValue<KindOf<H>>, ...ParamsOf<T>]) : [];
/** What a handler may return for a return kind (plus BLOCKED / CALLED for any kind). */
export type RetValue<R> = R extends 'void'
  ? void
  : R extends 'u64' | 'i64' | 'u128'
    ? bigint
    : R extends 'f32' | 'f64'
      ? number | bigint // a value, or its raw IEEE bits
      : R extends RetKind
        ? number
        : never;
type RetOf<S extends string> = S extends `${string}(${string})${infer R}` ? (Trim<R> extends `:${infer K}` ? Extract<Trim<K>, RetKind> : never) : never;
type ArgsOf<S extends string> = S extends `${string}(${infer A})${string}` ? ParamsOf<SplitArgs<A>> : never;

/** What a handler with return kind R returns: its value, or BLOCKED / CALLED. Also for helpers shared by handlers. */
export type Returns<R extends RetKind> = RetValue<R> | typeof BLOCKED | typeof CALLED;

/** The handler type a signature string declares. */
export type HandlerFor<S extends string> = string extends S ? Handler : (cx: ApiContext, ...args: ArgsOf<S>) => Returns<RetOf<S>>;

/** Declares one export. */
export function fn<const S extends string>(signature: S, handler: HandlerFor<S>): ApiDef;
export function fn<const S extends string>(signature: S, options: ApiOptions, handler: HandlerFor<S>): ApiDef;
export function fn(signature: string, a: ApiOptions | Handler, b?: Handler): ApiDef {
  const options = typeof a === 'function' ? {} : a;
  const handler = typeof a === 'function' ? a : b!;
  return { ...parseSignature(signature), options, handler };
}

/**
 * Thrown by a handler for a case of an implemented export that wmemu does not model (an unknown
 * SystemParametersInfoW action, a GDI mode): the run stops and names the call and the case, as an
 * unimplemented import does (never a silent 0).
 */
export class UnimplementedFeature extends Error {}

/**
 * Declares a data export (in6addr_any): no code, the importer's IAT slot holds the address of `bytes`
 * in guest memory (emulator/core/api/data-exports.ts). Its handler is never reached through an import.
 */
export function dataExport(name: string, bytes: Uint8Array, dataLinks?: readonly { offset: number; fn: ApiDef }[]): ApiDef {
  return fn(`${name}(): void`, dataLinks ? { data: bytes, dataLinks } : { data: bytes }, () => {
    throw new Error(`${name} is a data export, not a function`);
  });
}

/** Declares a stub: an export with a fixed, documented result. */
export function stub(signature: string, result: number, why: string): ApiDef {
  return fn(signature, { stub: why }, () => result);
}
