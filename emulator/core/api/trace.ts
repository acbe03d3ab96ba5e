/**
 * The API trace: one line per emulated call, derived entirely from the export declarations.
 *
 *   [t1000] COREDLL.dll!LocalAlloc@33(uFlags=LMEM_ZEROINIT, uBytes=16) -> 0x02000010
 *   [t1000] WS2.dll!connect@50(s=0x00000100, name=127.0.0.1:8080, namelen=16) -> -1 [lastError=10061]
 *   [t1000] WS2.dll!recv@70(s=0x00000104, buf=0x0001f000, len=512, flags=MSG_PEEK) -> (blocks)
 *   [t1000] WS2.dll!recv@70 <- 5
 *
 * Text format: `[t<thread id hex>] module!name@ordinal(decoded args) -> result [lastError=N]`. Strings
 * are shown decoded (JSON-quoted), sockaddrs as address:port, `flags:SET`/`enum:SET` arguments by name
 * (value-sets.ts), everything else in hex or decimal by kind. A call that parks its thread prints
 * `-> (blocks)`, and a second line `module!name@ordinal <- result` when the thread resumes.
 *
 * JSON lines (`--trace-format=json`), one TraceRecord per line, with typed values: numbers for integer
 * kinds, strings decoded once, flag and enum names as arrays, pointers and handles as hex strings,
 * `time` (the device clock, µs since 1970: virtual under --deterministic), `wallMs` (host ms since the
 * trace began; left out of deterministic runs, whose traces are identical byte for byte), and
 * `durationMs` (device clock) for a call that blocked:
 *   {"thread":4096,"dll":"COREDLL.dll","name":"LocalAlloc","ordinal":33,"args":{"uFlags":["LMEM_ZEROINIT"],"uBytes":16},"ret":"0x02000010","lastError":0,"time":...,"wallMs":0.4}
 *   {"thread":4096,...,"blocked":true}            the call parked its thread
 *   {"thread":4096,"dll":...,"resumed":true,"ret":5,"lastError":0,"durationMs":12.5}   it completed later
 *
 * `data: N` adds the first N bytes of the buffers of send/sendto/recv/recvfrom/WriteFile/ReadFile
 * (`"data":"hex"`; text: `data=68656c6c6f`). A summary per API (calls, errors, host time; like
 * `strace -c`) is kept and handed to `summary` when the run ends (`Tracer.finish`). A call counts as
 * an error when it leaves a non-zero last error that it set (different from the one before it), or
 * returns -1 / INVALID_SOCKET / FALSE with a non-zero last error.
 *
 * When tracing is off the dispatcher never calls into this file (zero cost: one field test per
 * call). A filter selects calls by module or name: `--trace=COREDLL.dll`, `--trace=send,recv`,
 * `--trace=ws2.dll,!htons`.
 */
import type { ApiContext } from './context.js';
import { formatValue, valueSet, type ApiDecl, type ArgSpec, type RetKind } from './declare.js';
import type { GuestThread } from '../kernel/thread.js';
import { endpointFromSockaddr, formatEndpoint } from '../net/address.js';
import './value-sets.js';
import { doubleFromBits, singleFromBits } from './float-bits.js';

export interface TraceOptions {
  filter?: string;
  format?: 'text' | 'json';
  write: (line: string) => void;
  /** Each record as an object (emu.trace). */
  record?: (r: TraceRecord) => void;
  /** Show the first N bytes of send/recv/WriteFile/ReadFile buffers. */
  data?: number;
  /** Receives the per-API summary table and totals when the run ends. */
  summary?: (text: string, counts: { apiCalls: number; apiErrors: number }) => void;
  /** Extra decoders for argument kinds (override the built-in ones, e.g. for a richer sockaddr). */
  decoders?: Partial<Record<string, (cx: ApiContext, value: number) => string>>;
}

/** One traced call (or its completion), as JSON lines and `emu.trace` hold it. */
export interface TraceRecord {
  thread: number;
  dll?: string;
  name?: string;
  ordinal?: number;
  args?: Record<string, unknown>;
  ret?: unknown;
  lastError?: number;
  blocked?: true;
  resumed?: true;
  durationMs?: number;
  data?: string;
  note?: string;
  /** Device clock, µs since 1970 (virtual in deterministic runs). */
  time: number;
  /** Host ms since the trace began (not in deterministic runs). */
  wallMs?: number;
  [k: string]: unknown;
}

/** What the tracer keeps of a call between its start and its end. */
export interface TraceCall {
  texts: string[];
  values: unknown[];
  raws: number[];
  t0: number;
  /** Device clock at the call (µs). */
  time0: number;
  lastErrorBefore: number;
  data?: string;
}

/** Which buffers --trace-data shows: the buffer argument, and where its length comes from. */
const DATA_ARGS: Record<string, { buf: string; len: string; out?: 'ret' | 'ptr' }> = {
  send: { buf: 'buf', len: 'len' },
  sendto: { buf: 'buf', len: 'len' },
  recv: { buf: 'buf', len: 'len', out: 'ret' },
  recvfrom: { buf: 'buf', len: 'len', out: 'ret' },
  WriteFile: { buf: 'lpBuffer', len: 'nNumberOfBytesToWrite' },
  ReadFile: { buf: 'lpBuffer', len: 'lpNumberOfBytesRead', out: 'ptr' },
};

export class TraceFilterError extends Error {}

/**
 * Checks a trace filter against the emulated DLLs and their exports (and the names of their export
 * tables): an unknown name is an error (a typo would otherwise trace nothing, silently).
 */
export function checkTraceFilter(
  filter: string,
  dlls: { all(): { spec: { name: string }; byName: Map<string, unknown>; ordinalOf(n: string): number | undefined }[] },
): void {
  const all = dlls.all();
  for (const raw of filter.split(',')) {
    let f = raw.trim();
    if (f.startsWith('!') || f.startsWith('-')) f = f.slice(1);
    if (!f) continue;
    const lf = f.toLowerCase();
    const known = all.some(
      (d) =>
        d.spec.name.toLowerCase() === lf ||
        d.spec.name.toLowerCase().replace(/\.dll$/, '') === lf ||
        [...d.byName.keys()].some((n) => n.toLowerCase() === lf) ||
        d.ordinalOf(f) !== undefined,
    );
    if (!known) throw new TraceFilterError(`unknown DLL or function name '${f}' (known DLLs: ${all.map((d) => d.spec.name).join(', ')})`);
  }
}

interface SummaryRow {
  calls: number;
  errors: number;
  ms: number;
}

export class Tracer {
  private readonly include: string[] = [];
  private readonly exclude: string[] = [];
  private readonly cache = new Map<ApiDecl, boolean>();
  private readonly t0 = performance.now();
  private readonly rows = new Map<string, SummaryRow>();

  constructor(private readonly opts: TraceOptions) {
    for (const raw of (opts.filter ?? '').split(',')) {
      const f = raw.trim().toLowerCase();
      if (!f) continue;
      if (f.startsWith('!') || f.startsWith('-')) this.exclude.push(f.slice(1));
      else this.include.push(f);
    }
  }

  wants(decl: ApiDecl): boolean {
    let w = this.cache.get(decl);
    if (w === undefined) {
      const keys = [decl.dll.toLowerCase(), decl.dll.toLowerCase().replace(/\.dll$/, ''), decl.name.toLowerCase()];
      const hit = (list: string[]) => list.some((f) => keys.includes(f));
      w = (this.include.length === 0 || hit(this.include)) && !hit(this.exclude);
      this.cache.set(decl, w);
    }
    return w;
  }

  captureArgs(cx: ApiContext, decl: ApiDecl): TraceCall {
    const { raws, texts, values } = decodeArgs(cx, decl, this.opts.decoders);
    const call: TraceCall = { texts, values, raws, t0: performance.now(), time0: deviceTime(cx), lastErrorBefore: cx.thread.lastError };
    const d = this.opts.data ? DATA_ARGS[decl.name] : undefined;
    if (d && !d.out) call.data = this.bytes(cx, decl, raws, d.buf, raws[decl.args.findIndex((a) => a.name === d.len)] ?? 0);
    return call;
  }

  returned(cx: ApiContext, decl: ApiDecl, call: TraceCall, result: unknown): void {
    this.outData(cx, decl, call, result);
    this.emit(cx, cx.thread, decl, call, result, 'returned');
  }

  /** The call parked its thread; `resumed` prints the result when the thread runs again. */
  blocked(cx: ApiContext, decl: ApiDecl, call: TraceCall): void {
    this.emit(cx, cx.thread, decl, call, undefined, 'blocked');
    const thread = cx.thread;
    thread.traceResume = (r0: number) => {
      this.outData(cx, decl, call, r0);
      this.emit(cx, thread, decl, call, r0, 'resumed');
    };
  }

  /** Hands the summary (strace -c like) to the `summary` callback; called once when the run ends. */
  finish(): void {
    if (!this.opts.summary) return;
    const rows = [...this.rows].sort((a, b) => b[1].ms - a[1].ms || b[1].calls - a[1].calls);
    let calls = 0;
    let errors = 0;
    let ms = 0;
    const line = (c: number, e: number, t: number, name: string) => `${String(c).padStart(9)} ${String(e).padStart(8)} ${t.toFixed(3).padStart(12)}  ${name}\n`;
    let text = `    calls   errors      time ms  api\n`;
    for (const [name, r] of rows) {
      text += line(r.calls, r.errors, r.ms, name);
      calls += r.calls;
      errors += r.errors;
      ms += r.ms;
    }
    text += `${'-'.repeat(9)} ${'-'.repeat(8)} ${'-'.repeat(12)}  -----\n` + line(calls, errors, ms, 'total');
    this.opts.summary(text, { apiCalls: calls, apiErrors: errors });
  }

  /**
   * A host-side event inside the current call (a network policy refusal, ...), written just before the
   * call's own line: `[t1000] kind: text`, or in JSON `{"thread":4096,"note":kind,...fields}`.
   */
  note(thread: GuestThread, kind: string, text: string, fields: Record<string, string | number>): void {
    const rec: TraceRecord = { thread: thread.id, note: kind, ...fields, time: 0 };
    this.opts.record?.(rec);
    if (this.opts.format === 'json') this.opts.write(JSON.stringify(rec));
    else this.opts.write(`[t${thread.id.toString(16)}] ${kind}: ${text}`);
  }

  private wall(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  private bytes(cx: ApiContext, decl: ApiDecl, raws: number[], bufName: string, len: number): string | undefined {
    const p = raws[decl.args.findIndex((a) => a.name === bufName)] ?? 0;
    const n = Math.min(this.opts.data ?? 0, len | 0);
    if (!p || n <= 0) return undefined;
    return safe(() => (cx.mem.isUserRange(p, n, 'read') ? Buffer.from(cx.mem.ram.subarray(p, p + n)).toString('hex') : undefined), undefined);
  }

  private outData(cx: ApiContext, decl: ApiDecl, call: TraceCall, result: unknown): void {
    const d = this.opts.data ? DATA_ARGS[decl.name] : undefined;
    if (!d?.out) return;
    let len = 0;
    if (d.out === 'ret') len = typeof result === 'number' ? result | 0 : 0;
    else {
      const p = call.raws[decl.args.findIndex((a) => a.name === d.len)] ?? 0;
      len = p ? safe(() => cx.mem.u32(p), 0) : 0;
    }
    call.data = this.bytes(cx, decl, call.raws, d.buf, len);
  }

  private emit(cx: ApiContext, thread: GuestThread, decl: ApiDecl, call: TraceCall, result: unknown, what: 'returned' | 'blocked' | 'resumed'): void {
    const tid = thread.id;
    const ret = what === 'blocked' ? undefined : formatRet(decl.ret, result);
    const now = performance.now();
    if (what !== 'blocked') this.count(decl, call, result, thread.lastError, now - call.t0);
    const rec: TraceRecord = {
      thread: tid,
      dll: decl.dll,
      name: decl.name,
      ...(decl.ordinal !== undefined && { ordinal: decl.ordinal }),
      time: deviceTime(cx),
    };
    // Host wall time only in real-time runs: a deterministic trace is the same byte for byte.
    if (!cx.machine.clock.deterministic) rec.wallMs = this.wall();
    if (what !== 'resumed') rec.args = Object.fromEntries(decl.args.map((a, i) => [a.name, call.values[i]]));
    if (what === 'blocked') rec.blocked = true;
    else {
      if (what === 'resumed') {
        rec.resumed = true;
        rec.durationMs = (rec.time - call.time0) / 1000;
      }
      if (ret !== undefined) rec.ret = typedRet(decl.ret, result, ret);
      rec.lastError = thread.lastError;
    }
    const outData = DATA_ARGS[decl.name]?.out !== undefined;
    if (call.data !== undefined && (what !== 'blocked' || !outData)) rec.data = call.data;
    this.opts.record?.(rec);
    if (this.opts.format === 'json') {
      this.opts.write(JSON.stringify(rec));
      return;
    }
    const ord = decl.ordinal !== undefined ? `@${decl.ordinal}` : '';
    const err = what !== 'blocked' && thread.lastError ? ` [lastError=${thread.lastError}]` : '';
    const data = rec.data !== undefined ? ` data=${rec.data}` : '';
    if (what === 'resumed') {
      this.opts.write(`[t${tid.toString(16)}] ${decl.dll}!${decl.name}${ord} <- ${ret ?? '(void)'}${err}${data}`);
      return;
    }
    const list = decl.args.map((a, i) => `${a.name}=${call.texts[i]}`).join(', ') + (decl.variadic ? ', ...' : '');
    const tail = what === 'blocked' ? ' -> (blocks)' : ret === undefined ? '' : ` -> ${ret}`;
    this.opts.write(`[t${tid.toString(16)}] ${decl.dll}!${decl.name}${ord}(${list})${tail}${err}${data}`);
  }

  private count(decl: ApiDecl, call: TraceCall, result: unknown, lastError: number, ms: number): void {
    const key = `${decl.dll}!${decl.name}`;
    let r = this.rows.get(key);
    if (!r) this.rows.set(key, (r = { calls: 0, errors: 0, ms: 0 }));
    r.calls++;
    r.ms += ms;
    const failedRet = typeof result === 'number' && ((result | 0) === -1 || (decl.ret === 'bool' && result === 0));
    if (lastError !== 0 && (lastError !== call.lastErrorBefore || failedRet)) r.errors++;
  }
}

/**
 * The arguments of the current call (cx) decoded from its declaration, once for every consumer (the
 * trace, hooks): the raw 32-bit first slots, the text the trace line shows, and the typed JSON value
 * (numbers, decoded strings, flag/enum names as arrays, pointers and handles as hex strings).
 */
export function decodeArgs(cx: ApiContext, decl: ApiDecl, decoders?: TraceOptions['decoders']): { raws: number[]; texts: string[]; values: unknown[] } {
  const raws = decl.args.map((a) => (a.slot < 4 ? cx.regs[a.slot]! : safe(() => cx.slot(a.slot), 0)));
  const texts = decl.args.map((a) => formatArg(cx, a, decoders));
  const values = decl.args.map((a, i) => typedArg(a, texts[i]!, raws[i]!));
  return { raws, texts, values };
}

/** One argument as the trace line shows it. */
export function formatArg(cx: ApiContext, a: ArgSpec, decoders?: TraceOptions['decoders']): string {
  const raw = a.slot < 4 ? cx.regs[a.slot]! : safe(() => cx.slot(a.slot), 0);
  const dec = decoders?.[a.kind];
  if (dec) return dec(cx, raw);
  switch (a.kind) {
    case 'i32':
      return String(raw | 0);
    case 'u32':
      return String(raw >>> 0);
    case 'bool':
      return raw ? 'TRUE' : 'FALSE';
    case 'flags':
    case 'enum':
      return formatValue(a.set !== undefined ? valueSet(a.set) : undefined, raw);
    case 'sockaddr':
      return formatSockaddr(cx, raw);
    case 'wstr':
    case 'str': {
      if (raw === 0) return 'NULL';
      const s = safe(() => (a.kind === 'wstr' ? cx.mem.wstr(raw, 200) : cx.mem.str(raw, 200)), undefined);
      return s === undefined ? `<bad ptr ${hex(raw)}>` : JSON.stringify(s);
    }
    case 'f32':
      return formatFloat('f32', BigInt(raw >>> 0));
    case 'u64':
    case 'i64':
    case 'f64': {
      const lo = safe(() => cx.slot(a.slot), 0);
      const hi = safe(() => cx.slot(a.slot + 1), 0);
      const v = (BigInt(hi) << 32n) | BigInt(lo);
      return a.kind === 'i64' ? BigInt.asIntN(64, v).toString() : a.kind === 'f64' ? formatFloat('f64', v) : v.toString();
    }
    default:
      return hex(raw);
  }
}

/** A guest Winsock sockaddr as `127.0.0.1:8080` / `[::1]:8080`; NULL, bad pointers and unknown families in hex. */
export function formatSockaddr(cx: ApiContext, p: number): string {
  if (p === 0) return 'NULL';
  const mem = cx.mem;
  if (!mem.isUserRange(p, 2, 'read')) return `<bad ptr ${hex(p)}>`;
  const fam = mem.u16(p);
  const len = fam === 23 ? 24 : 8;
  if ((fam !== 2 && fam !== 23) || !mem.isUserRange(p, len, 'read')) return `${hex(p)} (family ${fam})`;
  const e = endpointFromSockaddr(mem.ram, p, len);
  return e ? formatEndpoint(e) : hex(p);
}

/** A float by its bits: the value, and the bits in hex for NaNs (their payload matters). */
function formatFloat(kind: 'f32' | 'f64', bits: bigint): string {
  const x = kind === 'f32' ? singleFromBits(Number(bits & 0xffff_ffffn)) : doubleFromBits(bits);
  if (Number.isNaN(x)) return `NaN(0x${(kind === 'f32' ? bits & 0xffff_ffffn : bits).toString(16)})`;
  return Object.is(x, -0) ? '-0' : String(x);
}

function formatRet(kind: RetKind, v: unknown): string | undefined {
  if (kind === 'void' || v === undefined) return undefined;
  if ((kind === 'f32' || kind === 'f64') && typeof v === 'bigint') return formatFloat(kind, v);
  if ((kind === 'f32' || kind === 'f64') && typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (kind === 'u128' && typeof v === 'bigint') {
    const m = (1n << 64n) - 1n;
    return `R0:R1=0x${(v & m).toString(16)} R2:R3=0x${((v >> 64n) & m).toString(16)}`;
  }
  if (typeof v === 'bigint') return v.toString();
  const n = v as number;
  switch (kind) {
    case 'i32':
      return String(n | 0);
    case 'u32':
      return String(n >>> 0);
    case 'bool':
      return n ? 'TRUE' : 'FALSE';
    case 'socket':
      return (n | 0) === -1 ? 'INVALID_SOCKET' : hex(n);
    default:
      return hex(n);
  }
}

/** An argument as a JSON value: numbers, decoded strings, flag/enum names as arrays, pointers in hex. */
function typedArg(a: ArgSpec, text: string, raw: number): unknown {
  switch (a.kind) {
    case 'i32':
      return raw | 0;
    case 'u32':
      return raw >>> 0;
    case 'bool':
      return raw !== 0;
    case 'flags':
    case 'enum':
      if (a.set === undefined) return text;
      return text === '0' ? [] : text.split('|').map((x) => (/^-?\d+$/.test(x) ? Number(x) : x));
    case 'wstr':
    case 'str':
      if (raw === 0) return null;
      return text.startsWith('"') ? (JSON.parse(text) as string) : text;
    case 'u64':
    case 'i64': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'f32':
    case 'f64':
      return text === '-0' ? -0 : Number.isFinite(Number(text)) ? Number(text) : text;
    default:
      return text;
  }
}

/** A result as a JSON value (see typedArg). */
function typedRet(kind: RetKind, v: unknown, text: string): unknown {
  if (typeof v === 'bigint' && kind !== 'f32' && kind !== 'f64') {
    if (kind === 'u128') return text;
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  switch (kind) {
    case 'i32':
    case 'u32':
      return Number(text);
    case 'bool':
      return (v as number) !== 0;
    case 'f32':
    case 'f64':
      return Number.isFinite(Number(text)) ? Number(text) : text;
    default:
      return text;
  }
}

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

function deviceTime(cx: ApiContext): number {
  return safe(() => cx.machine.clock.nowUtcMicros(), 0);
}

function safe<T, D>(f: () => T, d: D): T | D {
  try {
    return f();
  } catch {
    return d;
  }
}
