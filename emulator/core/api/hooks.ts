/**
 * Hooks and fault injection on emulated exports (issue 15 item 5): a test observes or replaces any
 * export, by its declaration (declare.ts), without touching the DLL code.
 *
 *   emu.hook('WS2.dll!send', (call) => {
 *     sent.push(call.mem.readBytes(call.raw.buf as number, call.raw.len as number));
 *     // returning undefined keeps the real result (the real implementation runs when the hook did not call it)
 *   });
 *   emu.hook('COREDLL.dll!GetTickCount', (call) => (call.callThrough() as number) + 1000);
 *   emu.fail('send', { error: WSA.WSAECONNRESET, after: 3 });   // the 4th send fails
 *
 * The hook runs synchronously inside the trap of the call (the guest thread is stopped in the call).
 * What it gets (HookCall): the arguments decoded as the trace decodes them (trace.ts decodeArgs: the
 * same typed values as a JSON trace record) in `args`, the values the implementation receives in `raw`
 * (pointers as numbers), the bounds-checked guest memory (`mem`), the thread id, the thread's last
 * error (read and write: Winsock's WSAGetLastError/WSASetLastError are the same per-thread value on
 * CE), and `callThrough()`, which runs the rest of the chain (other hooks, then the real implementation)
 * and returns its result. Returning a number (bigint for 64-bit results) replaces the result;
 * returning undefined keeps it (calling through first if the hook did not).
 *
 * Calls that block (recv, accept, Sleep, WaitForSingleObject...) and calls that run guest code before
 * they return (DispatchMessageW, GetMessageW's restart) do not have their result when the trap returns:
 * the thread parks. Hooks stay synchronous and run twice for such a call:
 *   1. at the call: when callThrough() reaches a real implementation that parks the thread, it does
 *      not return; it unwinds the hook (an internal signal: a hook must not catch and swallow it) and
 *      the thread parks as without hooks;
 *   2. when the call completes (the thread is about to run again, or the guest callback returned),
 *      the hooks run again with `call.resumed === true`; this time callThrough() returns the final
 *      result at once (the real implementation is not run again) and the hooks' return values
 *      replace it as above. Code before callThrough() runs in both passes: test `call.resumed` to do
 *      something only once.
 * Async hooks (a Promise) are not supported: the hook runs inside unicorn's trap callback, where Node
 * cannot await without stopping every guest thread, and a result that arrives later is exactly what
 * the two passes above already give for the calls that wait. A hook returning a Promise is an error.
 *
 * A hook that throws ends the run ('interrupted', exit code 130) with `hook on DLL!name threw: ...`.
 */
import { BLOCKED, CALLED, type ApiDecl, type ApiResult } from './declare.js';
import type { ApiContext } from './context.js';
import type { DllRegistry } from './registry.js';
import type { GuestMemory } from '../memory/guest-memory.js';
import { decodeArgs } from './trace.js';

/** The bounds-checked guest memory as hooks see it; a bad address throws (and ends the run, see above). */
export interface HookMemory {
  readBytes(addr: number, len: number): Buffer;
  writeBytes(addr: number, data: Uint8Array): void;
  /** A NUL-terminated UTF-16 string (at most maxChars characters). */
  readUtf16(addr: number, maxChars?: number): string;
  /** Writes `s` and a NUL terminator as UTF-16; returns the bytes written. */
  writeUtf16(addr: number, s: string): number;
  /** A NUL-terminated 8-bit string. */
  readAnsi(addr: number, maxChars?: number): string;
  readU32(addr: number): number;
  writeU32(addr: number, v: number): void;
}

/** One call of a hooked export, as a hook sees it. */
export interface HookCall {
  readonly dll: string;
  readonly name: string;
  readonly ordinal: number | undefined;
  /** Arguments decoded as the trace decodes them (names from the declaration). */
  readonly args: Readonly<Record<string, unknown>>;
  /** Arguments as the implementation receives them: numbers (i32 signed), bigint for 64-bit kinds. */
  readonly raw: Readonly<Record<string, number | bigint>>;
  /** Guest thread id. */
  readonly thread: number;
  readonly mem: HookMemory;
  /** The calling thread's last error (GetLastError / WSAGetLastError); assignable. */
  lastError: number;
  /** True in the second pass of a call that blocked (see the file comment). */
  readonly resumed: boolean;
  /** Runs the next hook or the real implementation (once; later calls return the same result). */
  callThrough(): number | bigint | undefined;
}

/** What a hook returns: a replacement result, or undefined to keep the real one. */
export type HookHandler = (call: HookCall) => number | bigint | undefined | void;

/** A bad hook name or fault specification (one line). */
export class HookError extends Error {}

/** A hook threw or returned something that is not a result: ends the run. */
export class HookFailure extends Error {}

/** Unwinds the hooks when the real implementation parks the thread or calls guest code. */
const PENDING = Object.freeze({ pending: true });
/** An error of a deeper level (a real implementation's GuestFault...) passing through a hook. */
class Through {
  constructor(readonly error: unknown) {}
}

/** One hooked call in progress. */
export class HookInvocation {
  resumed = false;
  final: number | bigint | undefined = undefined;
  pending: typeof BLOCKED | typeof CALLED | undefined = undefined;
  /** The arguments as the implementation receives them (kept for the second pass). */
  readonly vals: (number | bigint)[];
  readonly chain: readonly HookHandler[];
  /** callFrames depth of the thread at the call. */
  readonly depth: number;
  private argsCache: Record<string, unknown> | undefined;
  private rawCache: Record<string, number | bigint> | undefined;

  constructor(
    private readonly cx: ApiContext,
    readonly decl: ApiDecl,
    chain: readonly HookHandler[],
    vals: readonly (number | bigint)[],
    readonly mem: HookMemory,
  ) {
    this.chain = chain.slice();
    this.vals = vals.slice(0, decl.args.length);
    this.depth = cx.thread.callFrames.length;
  }

  /** Decoded on first use, from the call's registers (so before the thread runs again: see level()). */
  get args(): Record<string, unknown> {
    if (!this.argsCache) {
      const { values } = decodeArgs(this.cx, this.decl);
      this.argsCache = {};
      this.decl.args.forEach((a, i) => (this.argsCache![a.name] = values[i]));
    }
    return this.argsCache;
  }
  get raw(): Record<string, number | bigint> {
    if (!this.rawCache) {
      this.rawCache = {};
      this.decl.args.forEach((a, i) => (this.rawCache![a.name] = this.vals[i]!));
    }
    return this.rawCache;
  }
}

export function hookMemory(mem: GuestMemory): HookMemory {
  return {
    readBytes: (a, n) => Buffer.from(mem.bytes(a >>> 0, n)),
    writeBytes: (a, d) => mem.write(a >>> 0, d),
    readUtf16: (a, max) => mem.wstr(a >>> 0, max),
    writeUtf16: (a, s) => mem.writeWstr(a >>> 0, s),
    readAnsi: (a, max) => mem.str(a >>> 0, max),
    readU32: (a) => mem.u32(a >>> 0),
    writeU32: (a, v) => mem.setU32(a >>> 0, v >>> 0),
  };
}

/**
 * Runs the hook chain of a call (last added hook first). Returns the result, or BLOCKED / CALLED when
 * the real implementation parked the thread or called guest code (inv.pending); the caller arranges
 * the second pass (Dispatcher). Throws HookFailure, or what the real implementation threw.
 */
export function runHooks(cx: ApiContext, inv: HookInvocation): ApiResult {
  try {
    const r = new CallView(cx, inv, inv.chain.length - 1).run();
    if (inv.pending !== undefined && !inv.resumed)
      throw new HookFailure(`a hook on ${inv.decl.dll}!${inv.decl.name} swallowed the blocking of the call (it must not catch what callThrough() throws)`);
    return r;
  } catch (e) {
    if (e === PENDING) return inv.pending!;
    if (e instanceof Through) throw e.error;
    throw e;
  }
}

/** Level i of the chain (i < 0: the real implementation), as the hook at that level sees the call. */
function level(cx: ApiContext, inv: HookInvocation, i: number): number | bigint | undefined {
  if (i >= 0) return new CallView(cx, inv, i).run();
  if (inv.resumed) return inv.final;
  const v = inv.vals;
  const r = inv.decl.handler(cx, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
  if (r === BLOCKED || r === CALLED) {
    inv.pending = r;
    void inv.args; // decode now: the second pass runs after the registers are gone
    throw PENDING;
  }
  return r === undefined ? undefined : r;
}

class CallView implements HookCall {
  private through = false;
  private got: number | bigint | undefined;
  readonly resumed: boolean;
  constructor(
    private readonly cx: ApiContext,
    private readonly inv: HookInvocation,
    private readonly i: number,
  ) {
    this.resumed = inv.resumed;
  }
  get dll(): string {
    return this.inv.decl.dll;
  }
  get name(): string {
    return this.inv.decl.name;
  }
  get ordinal(): number | undefined {
    return this.inv.decl.ordinal;
  }
  get args(): Readonly<Record<string, unknown>> {
    return this.inv.args;
  }
  get raw(): Readonly<Record<string, number | bigint>> {
    return this.inv.raw;
  }
  get thread(): number {
    return this.cx.thread.id;
  }
  get mem(): HookMemory {
    return this.inv.mem;
  }
  get lastError(): number {
    return this.cx.thread.lastError;
  }
  set lastError(v: number) {
    this.cx.thread.lastError = v >>> 0;
  }
  callThrough(): number | bigint | undefined {
    if (this.through) return this.got;
    this.through = true;
    try {
      this.got = level(this.cx, this.inv, this.i - 1);
    } catch (e) {
      throw e === PENDING || e instanceof Through ? e : new Through(e);
    }
    return this.got;
  }
  run(): number | bigint | undefined {
    const decl = this.inv.decl;
    let r: unknown;
    try {
      r = this.inv.chain[this.i]!(this);
    } catch (e) {
      if (e === PENDING || e instanceof Through) throw e;
      throw new HookFailure(`hook on ${decl.dll}!${decl.name} threw: ${(e as Error)?.message ?? String(e)}`);
    }
    if (r === undefined) return this.callThrough();
    if (typeof r === 'number' || typeof r === 'bigint') return r;
    const what = r instanceof Promise ? 'a Promise (hooks are synchronous)' : typeof r;
    throw new HookFailure(`hook on ${decl.dll}!${decl.name} returned ${what}, not a number, a bigint or undefined`);
  }
}

/** The second pass of a call that blocked: the hooks see `final` and may replace it. */
export function completeHooks(cx: ApiContext, inv: HookInvocation, final: number | bigint | undefined): number | bigint | undefined {
  inv.resumed = true;
  inv.final = final;
  const r = runHooks(cx, inv);
  return r === BLOCKED || r === CALLED ? final : (r as number | bigint | undefined);
}

/**
 * The exports a hook name means: `DLL!name`, `DLL!#ordinal` (DLL case-insensitive, `.dll` optional),
 * or a bare `name` (every emulated DLL exporting it, when they share one implementation: WS2.dll and
 * WINSOCK.dll share Winsock's). Unknown, unimplemented and ambiguous names throw HookError.
 */
export function resolveExports(registry: DllRegistry, spec: string): ApiDecl[] {
  if (typeof spec !== 'string' || !spec.trim()) throw new HookError(`expected an export name like 'WS2.dll!send', got ${JSON.stringify(spec)}`);
  const s = spec.trim();
  const bang = s.lastIndexOf('!');
  const dllName = bang >= 0 ? s.slice(0, bang) : undefined;
  const fn = bang >= 0 ? s.slice(bang + 1) : s;
  const known = () => registry.all().map((d) => d.spec.name);
  const dlls = dllName === undefined ? registry.all() : [registry.get(dllName) ?? registry.get(`${dllName}.dll`)].filter((d) => d !== undefined);
  if (dllName !== undefined && dlls.length === 0) throw new HookError(`'${s}': no emulated DLL ${dllName} (known: ${known().join(', ')})`);
  const ord = /^#(\d+)$/.exec(fn);
  if (ord && dllName === undefined) throw new HookError(`'${s}': an ordinal needs its DLL, e.g. 'WS2.dll!${fn}'`);
  const found: ApiDecl[] = [];
  let inTable: string | undefined;
  for (const d of dlls) {
    let decl: ApiDecl | undefined;
    if (ord) decl = d.byOrdinal.get(Number(ord[1]));
    else {
      decl = d.byName.get(fn);
      if (!decl) {
        const ci = [...d.byName.keys()].filter((n) => n.toLowerCase() === fn.toLowerCase());
        if (ci.length === 1) decl = d.byName.get(ci[0]!);
      }
    }
    if (decl && !decl.options.data) found.push(decl);
    else if (ord ? d.nameOf(Number(ord[1])) !== undefined : d.ordinalOf(fn) !== undefined) inTable = d.spec.name;
  }
  if (found.length === 0) {
    if (inTable) throw new HookError(`'${s}': ${inTable} exports it but wmemu does not implement it (nothing to hook)`);
    throw new HookError(
      `'${s}': unknown export${dllName !== undefined ? ` of ${dlls[0]!.spec.name}` : ` (no emulated DLL exports it; known DLLs: ${known().join(', ')})`}`,
    );
  }
  if (new Set(found.map((d) => d.handler)).size > 1)
    throw new HookError(`'${s}' is ambiguous: ${found.map((d) => `${d.dll}!${d.name}`).join(', ')} are different functions; name the DLL`);
  return found;
}

/** The documented failure result of an export, or undefined when its declaration does not define one. */
export function failureValue(decl: ApiDecl, dllFault?: { kind: string; ret?: number }): number | undefined {
  if (decl.options.failure !== undefined) return decl.options.failure >>> 0;
  const f = decl.options.fault;
  if (f?.kind === 'error') return f.ret >>> 0;
  switch (decl.ret) {
    case 'socket':
      return 0xffff_ffff; // INVALID_SOCKET
    case 'bool':
    case 'ptr':
      return 0; // FALSE / NULL
    case 'i32':
    case 'u32':
    case 'hex':
      // The DLL's documented error return (Winsock: SOCKET_ERROR).
      return dllFault?.kind === 'error' && dllFault.ret !== undefined ? dllFault.ret >>> 0 : undefined;
    default:
      return undefined;
  }
}

/** emu.fail() options after validation. */
export interface FailRule {
  /** Last error the failing call leaves (GetLastError / WSAGetLastError). */
  error: number;
  /** A name for traces and messages (`WSAECONNRESET`). */
  errorName?: string;
  /** This many calls succeed first (default 0: the first call fails). */
  after?: number;
  /** Fail this many calls, then succeed again (default: every call after `after`). */
  times?: number;
  /** Only calls for which this returns true count (arguments decoded as in HookCall.args). */
  when?: (args: Readonly<Record<string, unknown>>) => boolean;
}

/**
 * The hook behind emu.fail / --fail: counts the calls (that `when` accepts), and from call after+1 on
 * (for `times` calls) returns the export's failure value with `error` as last error, without running
 * the real implementation; `onFail` records it (trace note, result counts).
 */
export function failHook(rule: FailRule, value: number, onFail: (call: HookCall, n: number) => void): HookHandler {
  let seen = 0;
  let failed = 0;
  const after = rule.after ?? 0;
  const times = rule.times ?? Infinity;
  return (call) => {
    if (call.resumed) return undefined; // second pass of a call this hook let through
    if (rule.when && !rule.when(call.args)) return undefined;
    seen++;
    if (seen <= after || failed >= times) return undefined;
    failed++;
    call.lastError = rule.error;
    onFail(call, seen);
    return value;
  };
}
