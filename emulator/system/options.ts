/**
 * One options pipeline (issue 11 item 5, issue 15 item 2): a device profile, the command line's options
 * and programmatic options are validated by one schema (system/schema.ts) and merged by one function,
 * `resolveOptions`, which both `wmemu run` (cli/run-command.ts) and `start()` (system/session.ts) call.
 *
 * Precedence: programmatic > command line > profile (> the Machine's defaults). Maps (hosts, env,
 * redirect, clock, screen) merge key by key; network rules are concatenated with the stronger layer's
 * rules first (first match wins, winsock-shim/policy.ts), so a profile's rules still apply after the
 * command line's.
 */
import type { MachineOptions } from '../core/machine.js';
import type { GdbOptions } from './gdb/stub.js';
import type { ViewOptions } from './view/server.js';
import type { TraceOptions } from '../core/api/trace.js';
import type { ConnectRedirect, RedirectMap } from '../core/net/redirect.js';
import { HookError, resolveExports } from '../core/api/hooks.js';
import { resolveFail, type FailSpec, type HookHandler } from './hooks.js';
import { standardRegistry } from './dll-set.js';
import { loadProfile, mergeProfiles, validateProfile, type DeviceProfile, type ScreenMetrics } from './profile.js';
import {
  CLOCK_START,
  CPU,
  OS_VERSION,
  LOCALE,
  MAX_HANDLES,
  MAX_THREADS,
  NET_RULES,
  NETWORK,
  OptionError,
  REDIRECT_MAP,
  SCREEN,
  STRING_MAP,
  UTC_OFFSET,
  describeValue,
  validate,
  type Schema,
} from './schema.js';

export interface StartOptions extends Omit<MachineOptions, 'stdout' | 'stderr' | 'debug' | 'trace' | 'capture' | 'redirect' | 'timeoutMs' | 'memoryLimit'> {
  /** A device profile (file path or object); every other option wins over it. */
  profile?: string | DeviceProfile;
  /** Debug the guest with gdb over the remote serial protocol: `{ port: 0 }` picks a free loopback port (emu.gdbPort). */
  gdb?: GdbOptions;
  /**
   * The live view (system/view/server.ts): a web page showing the screen, taking pen and keys back.
   * `{}` listens on a free loopback port; emu.view.url is the page's address with its token.
   */
  view?: ViewOptions;
  /** Wall-clock budget: milliseconds, or a string with a unit (`'30s'`, `'1m'`). */
  timeoutMs?: number | string;
  /** Cap on guest memory: bytes, or a string with a unit (`'64MiB'`). */
  memoryLimit?: number | string;
  /** Device name resolution: host name → numeric address (gethostbyname & co, redirect keys). */
  hosts?: Record<string, string>;
  /**
   * Rewrite the guest's outgoing connections: `{ 'host:port': 'tcp://127.0.0.1:PORT' }` (see
   * emulator/net/redirect.ts for the key forms) or a function.
   */
  redirect?: RedirectMap | ConnectRedirect;
  /** Environment strings for the guest. Windows CE has no process environment; kept for DLLs that emulate one. */
  env?: Record<string, string>;
  /** Screen metrics of the device (for the windowing DLLs; headless runs only record them). */
  screen?: ScreenMetrics;
  /** Device locale name, e.g. 'en-US'. */
  locale?: string;
  /**
   * API trace: true (all calls), a filter string (`'ws2.dll,!htons'`), or full options. Records are
   * kept in `emu.trace` (objects) unless `keep: false`.
   */
  trace?: boolean | string | (Partial<TraceOptions> & { file?: string; keep?: boolean });
  /** Write the guest's network traffic to this pcap file (`'-'`: not allowed here, the CLI's stdout). */
  pcap?: string;
  /**
   * Pass guest output through to these callbacks as it happens. Returning false says the sink is
   * full: with launch()'s `outputDrain` the writing guest thread then waits (MachineOptions.outputDrain).
   */
  onStdout?: (data: Uint8Array) => void | boolean;
  onStderr?: (data: Uint8Array) => void | boolean;
  onDebug?: (line: string) => void;
  /**
   * Hooks installed before the first guest instruction: export name (`'WS2.dll!send'`, `'send'`,
   * `'WS2.dll!#19'`) → handler (emulator/core/api/hooks.ts; emu.hook() adds them later).
   */
  hooks?: Record<string, HookHandler>;
  /** Fault injection rules: `--fail` spec strings or `{ name, error, after?, times?, when? }` (system/hooks.ts). */
  fail?: FailSpec[];
}

/** Options after the pipeline: validated, normalized (ms, bytes), profile merged in. */
export interface EffectiveOptions extends Omit<StartOptions, 'profile' | 'timeoutMs' | 'memoryLimit'> {
  timeoutMs?: number;
  memoryLimit?: number;
}

const fn = (what: string): Schema => ({
  kind: 'custom',
  json: {},
  doc: what,
  check: (v) => {
    if (typeof v !== 'function') throw new Error(`expected a function, got ${describeValue(v)}`);
    return v;
  },
});

const TRACE_OBJECT: Schema = {
  kind: 'object',
  fields: {
    filter: { kind: 'string' },
    format: { kind: 'enum', values: ['text', 'json'] },
    write: fn('receives each trace line'),
    decoders: { kind: 'custom', json: {}, check: (v) => v },
    file: { kind: 'string' },
    keep: { kind: 'boolean' },
    data: { kind: 'integer', min: 0, max: 1 << 20 },
    summary: fn('receives the call summary at the end of the run'),
    record: fn('receives each trace record (object)'),
  },
};

/** Every key start() and runExecutable() accept; anything else is an error naming the key. */
export const START_SCHEMA: Schema & { kind: 'object' } = {
  kind: 'object',
  fields: {
    profile: {
      kind: 'custom',
      json: {},
      check: (v) => {
        if (typeof v === 'string') return v;
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v;
        throw new Error(`expected a profile file path or a profile object, got ${describeValue(v)}`);
      },
    },
    dlls: { kind: 'custom', json: {}, check: (v) => v },
    gdb: { kind: 'object', fields: { port: { kind: 'integer', min: 0, max: 65535 }, host: { kind: 'string' } } },
    view: { kind: 'object', fields: { port: { kind: 'integer', min: 0, max: 65535 }, host: { kind: 'string' } } },
    cpu: CPU,
    osVersion: OS_VERSION,
    args: { kind: 'array', items: { kind: 'string' }, what: 'an array of strings' },
    memoryLimit: { kind: 'size', unit: 'B', min: 1024 * 1024 },
    deviceDir: { kind: 'string' },
    timeoutMs: { kind: 'duration', unit: 'ms' },
    maxThreads: MAX_THREADS,
    maxHandles: MAX_HANDLES,
    network: NETWORK,
    networkRules: NET_RULES,
    tcpKeepAlive: {
      kind: 'object',
      fields: {
        timeMs: { kind: 'integer', min: 1, max: 2 ** 31 },
        intervalMs: { kind: 'integer', min: 1, max: 2 ** 31 },
        probes: { kind: 'integer', min: 1, max: 1000 },
      },
    },
    hosts: STRING_MAP,
    dllSearchPath: { kind: 'array', items: { kind: 'string' }, what: 'an array of strings' },
    messageBoxAnswer: { kind: 'enum', values: ['ok', 'cancel', 'yes', 'no', 'dialog'] },
    deterministic: { kind: 'boolean' },
    clock: {
      kind: 'object',
      fields: {
        deterministic: { kind: 'boolean' },
        start: {
          kind: 'custom',
          json: {},
          check: (v, p, Err) => (v instanceof Date || typeof v === 'number' ? v : validate(CLOCK_START, v, p, Err)),
        },
        utcOffsetMinutes: UTC_OFFSET,
      },
    },
    randomSeed: { kind: 'integer', min: 0, max: 2 ** 32 - 1 },
    deviceRoot: { kind: 'string' },
    stdin: {
      kind: 'custom',
      json: {},
      check: (v) => {
        if (typeof v === 'string' || v instanceof Uint8Array) return v;
        if (typeof v === 'object' && v !== null && typeof (v as { on?: unknown }).on === 'function') return v;
        throw new Error(`expected a string, a Uint8Array or a readable stream, got ${describeValue(v)}`);
      },
    },
    registryFile: { kind: 'string' },
    registryPersist: { kind: 'boolean' },
    waitForChildren: { kind: 'boolean' },
    redirect: {
      kind: 'custom',
      json: {},
      check: (v, p, Err) => (typeof v === 'function' ? v : (REDIRECT_MAP as { check: (v: unknown, p: string, E: typeof Err) => unknown }).check(v, p, Err)),
    },
    env: STRING_MAP,
    screen: SCREEN,
    locale: LOCALE,
    trace: {
      kind: 'custom',
      json: {},
      check: (v, p, Err) => (typeof v === 'boolean' || typeof v === 'string' ? v : validate(TRACE_OBJECT, v, p, Err)),
    },
    pcap: { kind: 'string' },
    onStdout: fn('guest stdout'),
    onStderr: fn('guest stderr'),
    onDebug: fn('debug channel'),
    hooks: {
      kind: 'custom',
      json: {},
      doc: 'export name -> hook function',
      check: (v, p, Err) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v))
          throw new Err(`${p}: expected an object of export name -> function, got ${describeValue(v)}`);
        for (const [name, h] of Object.entries(v)) {
          if (typeof h !== 'function') throw new Err(`${p}.${name}: expected a function, got ${describeValue(h)}`);
          checkHook(p, Err, () => resolveExports(standardRegistry(), name));
        }
        return v;
      },
    },
    fail: {
      kind: 'custom',
      json: {},
      doc: 'fault injection rules',
      check: (v, p, Err) => {
        if (!Array.isArray(v)) throw new Err(`${p}: expected an array of fail rules, got ${describeValue(v)}`);
        v.forEach((f, i) => checkHook(`${p}[${i}]`, Err, () => resolveFail(standardRegistry(), f)));
        return v;
      },
    },
  },
};

/** A bad hook name or fail rule: one line naming the key. */
function checkHook(path: string, Err: new (m: string) => Error, f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (e instanceof HookError) throw new Err(`${path}: ${e.message}`);
    throw e;
  }
}

/** Validates programmatic options (one line naming the key, OptionError) and normalizes units. */
export function validateStartOptions(options: unknown, what = 'options'): StartOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new OptionError(`${what}: expected an object, got ${describeValue(options)}`);
  return validate(START_SCHEMA, options, '', OptionError) as StartOptions;
}

/** A profile's keys as start() options. */
export function profileToOptions(p: DeviceProfile): EffectiveOptions {
  return {
    ...(p.cpu !== undefined && { cpu: p.cpu }),
    ...(p.osVersion !== undefined && { osVersion: p.osVersion }),
    ...(p.deviceRoot !== undefined && { deviceRoot: p.deviceRoot }),
    ...(p.registry !== undefined && { registryFile: p.registry }),
    ...(p.hosts !== undefined && { hosts: p.hosts }),
    ...(p.network !== undefined && { network: p.network }),
    ...(p.networkRules !== undefined && { networkRules: p.networkRules }),
    ...(p.redirect !== undefined && { redirect: p.redirect }),
    ...(p.screen !== undefined && { screen: p.screen }),
    ...(p.locale !== undefined && { locale: p.locale }),
    ...(p.env !== undefined && { env: p.env }),
    ...(p.deterministic !== undefined && { deterministic: p.deterministic }),
    ...((p.clockStart !== undefined || p.utcOffsetMinutes !== undefined) && {
      clock: { ...(p.clockStart !== undefined && { start: p.clockStart }), ...(p.utcOffsetMinutes !== undefined && { utcOffsetMinutes: p.utcOffsetMinutes }) },
    }),
    ...(p.limits?.timeoutSeconds !== undefined && { timeoutMs: p.limits.timeoutSeconds * 1000 }),
    ...(p.limits?.timeout !== undefined && { timeoutMs: p.limits.timeout }),
    ...(p.limits?.memoryLimitMiB !== undefined && { memoryLimit: p.limits.memoryLimitMiB * 1024 * 1024 }),
    ...(p.limits?.memoryLimit !== undefined && { memoryLimit: p.limits.memoryLimit }),
    ...(p.limits?.maxThreads !== undefined && { maxThreads: p.limits.maxThreads }),
    ...(p.limits?.maxHandles !== undefined && { maxHandles: p.limits.maxHandles }),
  };
}

const MAPS = ['hosts', 'env', 'clock', 'screen', 'tcpKeepAlive'] as const;

/** `over` wins key by key; maps merge; network rules: over's first. */
function layer(base: EffectiveOptions, over: EffectiveOptions): EffectiveOptions {
  const out: EffectiveOptions = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  for (const k of MAPS) if (base[k] && over[k]) (out as Record<string, unknown>)[k] = { ...base[k], ...over[k] };
  if (base.redirect && over.redirect && typeof base.redirect === 'object' && typeof over.redirect === 'object') {
    out.redirect = { ...base.redirect, ...over.redirect };
  }
  if (base.networkRules && over.networkRules) out.networkRules = [...over.networkRules, ...base.networkRules];
  return out;
}

/**
 * The pipeline: validates every layer, loads the profile (a path: `extends` resolved, relative paths
 * made absolute), and merges profile < command line < programmatic. Throws ProfileError / OptionError
 * with one line.
 */
export function resolveOptions(profile: string | DeviceProfile | undefined, cli: StartOptions = {}, programmatic: StartOptions = {}): EffectiveOptions {
  const c = validateStartOptions(cli);
  const o = validateStartOptions(programmatic);
  const given = o.profile ?? c.profile ?? profile;
  const p = given === undefined ? {} : typeof given === 'string' ? loadProfile(given) : mergeProfiles({}, validateProfile(given));
  const strip = ({ profile: _p, ...rest }: StartOptions) => rest as EffectiveOptions;
  return layer(layer(profileToOptions(p), strip(c)), strip(o));
}
