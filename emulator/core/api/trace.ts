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
 * JSON lines (`--trace-format=json`), one object per line:
 *   {"thread":4096,"dll":"COREDLL.dll","name":"LocalAlloc","ordinal":33,"args":{"uFlags":"LMEM_ZEROINIT","uBytes":"16"},"ret":"0x02000010","lastError":0}
 *   {"thread":4096,...,"blocked":true}            the call parked its thread
 *   {"thread":4096,"dll":...,"resumed":true,"ret":"5","lastError":0}   it completed later
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
  /** Extra decoders for argument kinds (override the built-in ones, e.g. for a richer sockaddr). */
  decoders?: Partial<Record<string, (cx: ApiContext, value: number) => string>>;
}

export class Tracer {
  private readonly include: string[] = [];
  private readonly exclude: string[] = [];
  private readonly cache = new Map<ApiDecl, boolean>();

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

  captureArgs(cx: ApiContext, decl: ApiDecl): string[] {
    return decl.args.map((a) => this.formatArg(cx, a));
  }

  returned(cx: ApiContext, decl: ApiDecl, args: string[], result: unknown): void {
    this.emit(cx.thread, decl, args, formatRet(decl.ret, result), 'returned');
  }

  /** The call parked its thread; `resumed` prints the result when the thread runs again. */
  blocked(cx: ApiContext, decl: ApiDecl, args: string[]): void {
    this.emit(cx.thread, decl, args, undefined, 'blocked');
    cx.thread.traceResume = (r0: number) => this.emit(cx.thread, decl, args, formatRet(decl.ret, r0), 'resumed');
  }

  /**
   * A host-side event inside the current call (a network policy refusal, ...), written just before the
   * call's own line: `[t1000] kind: text`, or in JSON `{"thread":4096,"note":kind,...fields}`.
   */
  note(thread: GuestThread, kind: string, text: string, fields: Record<string, string | number>): void {
    if (this.opts.format === 'json') this.opts.write(JSON.stringify({ thread: thread.id, note: kind, ...fields }));
    else this.opts.write(`[t${thread.id.toString(16)}] ${kind}: ${text}`);
  }

  private emit(thread: GuestThread, decl: ApiDecl, args: string[], ret: string | undefined, what: 'returned' | 'blocked' | 'resumed'): void {
    const tid = thread.id;
    if (this.opts.format === 'json') {
      const head = { thread: tid, dll: decl.dll, name: decl.name, ordinal: decl.ordinal };
      this.opts.write(
        JSON.stringify(
          what === 'resumed'
            ? { ...head, resumed: true, ret, lastError: thread.lastError }
            : {
                ...head,
                args: Object.fromEntries(decl.args.map((a, i) => [a.name, args[i]])),
                ...(what === 'blocked' ? { blocked: true } : { ret, lastError: thread.lastError }),
              },
        ),
      );
      return;
    }
    const ord = decl.ordinal !== undefined ? `@${decl.ordinal}` : '';
    const err = what !== 'blocked' && thread.lastError ? ` [lastError=${thread.lastError}]` : '';
    if (what === 'resumed') {
      this.opts.write(`[t${tid.toString(16)}] ${decl.dll}!${decl.name}${ord} <- ${ret ?? '(void)'}${err}`);
      return;
    }
    const list = decl.args.map((a, i) => `${a.name}=${args[i]}`).join(', ') + (decl.variadic ? ', ...' : '');
    const tail = what === 'blocked' ? ' -> (blocks)' : ret === undefined ? '' : ` -> ${ret}`;
    this.opts.write(`[t${tid.toString(16)}] ${decl.dll}!${decl.name}${ord}(${list})${tail}${err}`);
  }

  private formatArg(cx: ApiContext, a: ArgSpec): string {
    const raw = a.slot < 4 ? cx.regs[a.slot]! : safe(() => cx.slot(a.slot), 0);
    const dec = this.opts.decoders?.[a.kind];
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

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

function safe<T, D>(f: () => T, d: D): T | D {
  try {
    return f();
  } catch {
    return d;
  }
}
