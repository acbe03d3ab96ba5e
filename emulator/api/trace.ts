/**
 * The API trace: one line per emulated call, derived entirely from the export declarations.
 *
 *   [t1000] COREDLL.dll!LocalAlloc@33(uFlags=0x40, uBytes=16) -> 0x02000010
 *
 * When tracing is off the dispatcher never calls into this file (zero cost). A filter selects calls
 * by module or name: `--trace=COREDLL.dll`, `--trace=send,recv`, `--trace=ws2.dll,!htons`.
 */
import type { ApiContext } from './context.js';
import type { ApiDecl, ArgSpec, RetKind } from './declare.js';

export interface TraceOptions {
  filter?: string;
  format?: 'text' | 'json';
  write: (line: string) => void;
  /** Extra decoders for argument kinds owned by other modules (e.g. sockaddr by the Winsock shim). */
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
    this.emit(cx, decl, args, formatRet(decl.ret, result), false);
  }

  blocked(cx: ApiContext, decl: ApiDecl, args: string[]): void {
    this.emit(cx, decl, args, undefined, true);
  }

  private emit(cx: ApiContext, decl: ApiDecl, args: string[], ret: string | undefined, blocked: boolean): void {
    const tid = cx.thread.id;
    if (this.opts.format === 'json') {
      this.opts.write(
        JSON.stringify({
          thread: tid,
          dll: decl.dll,
          name: decl.name,
          ordinal: decl.ordinal,
          args: Object.fromEntries(decl.args.map((a, i) => [a.name, args[i]])),
          ...(blocked ? { blocked: true } : { ret, lastError: cx.thread.lastError }),
        }),
      );
      return;
    }
    const ord = decl.ordinal !== undefined ? `@${decl.ordinal}` : '';
    const list = decl.args.map((a, i) => `${a.name}=${args[i]}`).join(', ') + (decl.variadic ? ', ...' : '');
    const tail = blocked ? ' -> (blocks)' : ret === undefined ? '' : ` -> ${ret}`;
    const err = !blocked && cx.thread.lastError ? ` [lastError=${cx.thread.lastError}]` : '';
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
      case 'wstr':
      case 'str': {
        if (raw === 0) return 'NULL';
        const s = safe(() => (a.kind === 'wstr' ? cx.mem.wstr(raw, 200) : cx.mem.str(raw, 200)), undefined);
        return s === undefined ? `<bad ptr ${hex(raw)}>` : JSON.stringify(s);
      }
      case 'u64':
      case 'i64':
      case 'f64': {
        const lo = safe(() => cx.slot(a.slot), 0);
        const hi = safe(() => cx.slot(a.slot + 1), 0);
        const v = (BigInt(hi) << 32n) | BigInt(lo);
        return a.kind === 'i64' ? BigInt.asIntN(64, v).toString() : v.toString();
      }
      default:
        return hex(raw);
    }
  }
}

function formatRet(kind: RetKind, v: unknown): string | undefined {
  if (kind === 'void' || v === undefined) return undefined;
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
