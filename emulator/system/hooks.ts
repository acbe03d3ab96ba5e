/**
 * Hooks and fault injection for a run (issue 15 item 5): the `hooks` and `fail` options of start(),
 * `emu.hook()` / `emu.fail()`, and `wmemu run --fail`. The machinery is emulator/core/api/hooks.ts;
 * this file names errors, parses `--fail` specs and installs rules on a machine.
 *
 * `--fail [DLL!]NAME:ERROR[@AFTER[xTIMES]]`, e.g. `--fail send:WSAECONNRESET@3` (the first 3 sends
 * succeed, the 4th and every later one fail), `--fail WS2.dll!recv:WSAETIMEDOUT@0x1` (only the first
 * recv fails), `--fail COREDLL.dll!CreateFileW:ERROR_ACCESS_DENIED`. ERROR is a name from the one Win32
 * table (emulator/core/win32-errors.ts, with or without `ERROR_`), a Winsock name (`WSAE...`,
 * winsock-shim/winsock-errors.tsv), or a number (decimal or 0x hex). The failing call returns the
 * export's documented failure value (core/api/hooks.ts failureValue: INVALID_SOCKET, SOCKET_ERROR,
 * FALSE, NULL, or the declaration's own); an export without one is an error when the rule is set up.
 */
import { ERROR } from '../core/win32-errors.js';
import { WSA } from '../../winsock-shim/host/errno.js';
import { failHook, failureValue, HookError, resolveExports, type FailRule, type HookCall, type HookHandler } from '../core/api/hooks.js';
import type { DllRegistry } from '../core/api/registry.js';
import type { ApiDecl } from '../core/api/declare.js';
import type { Machine } from '../core/machine.js';
import { describeValue } from './schema.js';

export { HookError, type HookCall, type HookHandler, type FailRule };

/** A fault injection rule as the `fail` option and emu.fail() take it. */
export interface FailOptions {
  /** Last error of the failing call: a number or a name (`'WSAECONNRESET'`, `'ERROR_ACCESS_DENIED'`). */
  error: number | string;
  /** This many calls succeed first (default 0). */
  after?: number;
  /** Fail this many calls (default: all from call after+1 on). */
  times?: number;
  /** Only calls whose decoded arguments (HookCall.args) it accepts count. */
  when?: (args: Readonly<Record<string, unknown>>) => boolean;
}

/** The `fail` option's entries: a `--fail` spec string, or an object naming the export. */
export type FailSpec = string | (FailOptions & { name: string });

/** A fail rule checked against the DLL set: the exports, failure value and error. */
export interface ResolvedFail {
  name: string;
  decls: ApiDecl[];
  value: number;
  rule: FailRule;
}

/** An error code from a name or number: `{ code, name }` (name for traces). */
export function errorCode(v: unknown): { code: number; name: string } {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new HookError(`error: expected a 32-bit error code, got ${describeValue(v)}`);
    // The name for traces: Winsock's table first (its codes are what network tests pass), then Win32's.
    const wsa = Object.entries(WSA).find(([, c]) => c === v)?.[0];
    const win = Object.entries(ERROR).find(([, c]) => c === v)?.[0];
    return { code: v, name: wsa ?? (win !== undefined ? `ERROR_${win}` : String(v)) };
  }
  if (typeof v !== 'string') throw new HookError(`error: expected an error name or number, got ${describeValue(v)}`);
  const s = v.trim();
  if (/^(0x[0-9a-f]+|\d+)$/i.test(s)) return errorCode(Number(s));
  const u = s.toUpperCase();
  const wsa = (WSA as Record<string, number>)[u];
  if (wsa !== undefined) return { code: wsa, name: u };
  const win = (ERROR as Record<string, number>)[u.replace(/^ERROR_/, '')];
  if (win !== undefined) return { code: win, name: u.startsWith('ERROR_') ? u : `ERROR_${u}` };
  throw new HookError(`error: unknown error name '${s}' (a Win32 ERROR_* name, a Winsock WSAE* name, or a number)`);
}

/** `[DLL!]NAME:ERROR[@AFTER[xTIMES]]` → a FailSpec object. */
export function parseFailSpec(spec: string): FailOptions & { name: string } {
  const m = /^([^:]+):([^@]+)(?:@(\d+)(?:x(\d+))?)?$/.exec(spec.trim());
  if (!m) throw new HookError(`expected [DLL!]NAME:ERROR[@AFTER[xTIMES]] (e.g. send:WSAECONNRESET@3), got '${spec}'`);
  const times = m[4] !== undefined ? Number(m[4]) : undefined;
  if (times === 0) throw new HookError(`'${spec}': xTIMES must be at least 1`);
  return { name: m[1]!.trim(), error: m[2]!.trim(), ...(m[3] !== undefined && { after: Number(m[3]) }), ...(times !== undefined && { times }) };
}

/** Checks one `fail` entry against a DLL set (throws HookError, one line). */
export function resolveFail(registry: DllRegistry, spec: unknown): ResolvedFail {
  const o = typeof spec === 'string' ? parseFailSpec(spec) : spec;
  if (typeof o !== 'object' || o === null || Array.isArray(o))
    throw new HookError(`expected a spec string or { name, error, after?, times?, when? }, got ${describeValue(o)}`);
  const r = o as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!['name', 'error', 'after', 'times', 'when'].includes(k)) throw new HookError(`unknown key '${k}'`);
  if (typeof r.name !== 'string') throw new HookError(`name: expected an export name like 'WS2.dll!send', got ${describeValue(r.name)}`);
  const { code, name: errorName } = errorCode(r.error);
  const count = (k: 'after' | 'times', min: number) => {
    const x = r[k];
    if (x === undefined) return undefined;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min) throw new HookError(`${k}: expected an integer >= ${min}, got ${describeValue(x)}`);
    return x;
  };
  const after = count('after', 0);
  const times = count('times', 1);
  if (r.when !== undefined && typeof r.when !== 'function') throw new HookError(`when: expected a function, got ${describeValue(r.when)}`);
  const decls = resolveExports(registry, r.name);
  let value: number | undefined;
  for (const d of decls) {
    const v = failureValue(d, registry.get(d.dll)?.spec.fault);
    if (v === undefined)
      throw new HookError(`'${r.name}': ${d.dll}!${d.name} returns ${d.ret} with no documented failure value; replace its result with emu.hook() instead`);
    value = v;
  }
  const rule: FailRule = { error: code, errorName, ...(after !== undefined && { after }), ...(times !== undefined && { times }) };
  if (r.when) rule.when = r.when as FailRule['when'];
  return { name: r.name, decls, value: value!, rule };
}

/** Handle of an installed hook or fail rule. */
export interface HookHandle {
  /** Removes the hook (calls in progress finish with it). */
  unhook(): void;
}
export interface FailHandle extends HookHandle {
  /** Calls failed by this rule so far. */
  readonly failed: number;
}

/** Installs a hook on a machine (names resolved against its DLL set). */
export function installHook(m: Machine, name: string, handler: HookHandler): HookHandle {
  if (typeof handler !== 'function') throw new HookError(`hook '${name}': expected a function, got ${describeValue(handler)}`);
  const decls = resolveExports(m.dlls, name);
  return { unhook: m.dispatcher.addHook(decls, handler) };
}

/** Installs a fail rule: failures are counted (dispatcher.faultsInjected) and noted in the trace. */
export function installFail(m: Machine, spec: FailSpec): FailHandle {
  const f = resolveFail(m.dlls, spec);
  let failed = 0;
  const onFail = (call: HookCall, n: number) => {
    failed++;
    m.dispatcher.faultsInjected++;
    const t = m.dispatcher.cx.thread;
    const errorName = f.rule.errorName ?? String(f.rule.error);
    m.dispatcher.tracer?.note(t, 'fail', `${call.dll}!${call.name} call ${n} fails: ${errorName} (${f.rule.error})`, {
      dll: call.dll,
      name: call.name,
      call: n,
      error: f.rule.error,
      errorName,
    });
  };
  const unhook = m.dispatcher.addHook(f.decls, failHook(f.rule, f.value, onFail));
  return {
    unhook,
    get failed() {
      return failed;
    },
  };
}
