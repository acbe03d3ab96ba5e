/**
 * The one schema of wmemu's run options (issue 15 item 2, issue 11 item 5): device profiles,
 * `start()`/`runExecutable()` options and the command line are checked by the same nodes, with the
 * same units and the same one-line messages naming the key. profiles/profile.schema.json is generated
 * from PROFILE_SCHEMA (`npm run schema`; test/options.test.ts checks that it is current).
 *
 * Units: durations are numbers (in the key's own unit: `timeoutMs` ms, `timeoutSeconds` s) or strings
 * `500ms`, `30s`, `1m`, `2h`; sizes are numbers (bytes, or MiB for `memoryLimitMiB`) or strings `512KiB`,
 * `256MiB`, `1GiB` (`K`/`M`/`G` are binary too). Anything else is an error, never a silent default.
 */
import { CPU_MODELS } from '../core/unicorn/unicorn.js';
import { parseNetRules } from '../../winsock-shim/policy.js';

/** A bad option value: the message is one line and starts with the key path. */
export class OptionError extends Error {}

export type Schema =
  | { kind: 'string'; doc?: string; check?: (v: string) => string | undefined; pattern?: string }
  | { kind: 'boolean'; doc?: string }
  | { kind: 'integer'; min: number; max: number; doc?: string }
  | { kind: 'number'; gt: number; doc?: string }
  | { kind: 'duration'; unit: 'ms' | 's'; doc?: string }
  | { kind: 'size'; unit: 'B' | 'MiB'; min?: number; doc?: string }
  | { kind: 'enum'; values: readonly string[]; doc?: string }
  | { kind: 'map'; values: Schema; doc?: string; what?: string }
  | { kind: 'array'; items: Schema; doc?: string; what?: string }
  | { kind: 'object'; fields: Record<string, Schema>; doc?: string }
  /** Values JSON cannot hold (functions, streams) or unions: checked by code, described by `json`. */
  | { kind: 'custom'; json: Record<string, unknown>; check: (v: unknown, path: string, Err: ErrorClass) => unknown; doc?: string };

export type ErrorClass = new (message: string) => Error;

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS: Record<string, number> = { B: 1, K: 1024, KiB: 1024, M: 1024 ** 2, MiB: 1024 ** 2, G: 1024 ** 3, GiB: 1024 ** 3 };

/**
 * A duration in milliseconds: a number in `unit`, or a string with a unit (`500ms`, `30s`, `1m`, `2h`;
 * a bare number string is in `unit`). Must be greater than 0. Throws a message without the key.
 */
export function parseDuration(v: unknown, unit: 'ms' | 's'): number {
  let ms: number;
  if (typeof v === 'number') ms = v * DURATION_UNITS[unit]!;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(v);
    if (!m) throw new Error(`expected a duration like 500ms, 30s, 1m or 2h, got ${describeValue(v)}`);
    ms = parseFloat(m[1]!) * DURATION_UNITS[m[2] ?? unit]!;
  } else throw new Error(`expected a duration like 500ms, 30s, 1m or 2h, got ${describeValue(v)}`);
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`must be greater than 0, got ${describeValue(v)}`);
  return ms;
}

/** A size in bytes: a number in `unit`, or a string with a unit (`512KiB`, `256MiB`, `1GiB`, `64M`). */
export function parseSize(v: unknown, unit: 'B' | 'MiB', min = 1): number {
  let bytes: number;
  if (typeof v === 'number') bytes = v * SIZE_UNITS[unit]!;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(B|K|KiB|M|MiB|G|GiB)?\s*$/.exec(v);
    if (!m) throw new Error(`expected a size like 512KiB, 256MiB or 1GiB, got ${describeValue(v)}`);
    bytes = parseFloat(m[1]!) * SIZE_UNITS[m[2] ?? unit]!;
  } else throw new Error(`expected a size like 512KiB, 256MiB or 1GiB, got ${describeValue(v)}`);
  if (!Number.isInteger(bytes)) throw new Error(`not a whole number of bytes: ${describeValue(v)}`);
  if (bytes < min) throw new Error(`must be at least ${min} bytes, got ${describeValue(v)}`);
  return bytes;
}

/**
 * Checks `v` against `s` and returns it normalized (durations in ms, sizes in bytes, unknown keys
 * rejected). Errors are `Err` instances with a one-line message starting with the key path.
 */
export function validate(s: Schema, v: unknown, path: string, Err: ErrorClass = OptionError): unknown {
  const fail = (msg: string): never => {
    throw new Err(`${path}: ${msg}`);
  };
  switch (s.kind) {
    case 'string':
      if (typeof v !== 'string') fail(`expected a string, got ${describeValue(v)}`);
      if (s.check) {
        const e = s.check(v as string);
        if (e) fail(e);
      }
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') fail(`expected true or false, got ${describeValue(v)}`);
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) fail(`expected an integer, got ${describeValue(v)}`);
      if ((v as number) < s.min || (v as number) > s.max) fail(`${v as number} is out of range (${s.min}..${s.max})`);
      return v;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`expected a number, got ${describeValue(v)}`);
      if ((v as number) <= s.gt) fail(`must be greater than ${s.gt}`);
      return v;
    case 'duration':
      try {
        return parseDuration(v, s.unit);
      } catch (e) {
        return fail((e as Error).message);
      }
    case 'size':
      try {
        return parseSize(v, s.unit, s.min);
      } catch (e) {
        return fail((e as Error).message);
      }
    case 'enum':
      if (typeof v !== 'string' || !s.values.includes(v)) fail(`expected one of ${s.values.map((x) => JSON.stringify(x)).join(', ')}, got ${describeValue(v)}`);
      return v;
    case 'map': {
      if (!isObject(v)) fail(`expected ${s.what ?? 'an object of strings'}, got ${describeValue(v)}`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = validate(s.values, x, `${path}.${k}`, Err);
      return out;
    }
    case 'array':
      if (!Array.isArray(v)) fail(`expected ${s.what ?? 'an array'}, got ${describeValue(v)}`);
      return (v as unknown[]).map((x, i) => validate(s.items, x, `${path}[${i}]`, Err));
    case 'object': {
      if (!isObject(v)) fail(`expected an object, got ${describeValue(v)}`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const f = s.fields[k];
        const at = path ? `${path}.${k}` : k;
        if (!f) throw new Err(`${at}: unknown key (known: ${Object.keys(s.fields).join(', ')})`);
        if (x === undefined) continue;
        out[k] = validate(f, x, at, Err);
      }
      return out;
    }
    case 'custom':
      try {
        return s.check(v, path, Err);
      } catch (e) {
        if (e instanceof Err) throw e;
        return fail((e as Error).message);
      }
  }
}

/** JSON Schema (draft 2020-12) of a schema node. */
export function toJsonSchema(s: Schema): Record<string, unknown> {
  const doc = s.doc !== undefined ? { description: s.doc } : {};
  switch (s.kind) {
    case 'string':
      return { type: 'string', ...(s.pattern && { pattern: s.pattern }), ...doc };
    case 'boolean':
      return { type: 'boolean', ...doc };
    case 'integer':
      return { type: 'integer', minimum: s.min, maximum: s.max, ...doc };
    case 'number':
      return { type: 'number', exclusiveMinimum: s.gt, ...doc };
    case 'duration':
      return {
        oneOf: [
          { type: 'number', exclusiveMinimum: 0 },
          { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h)?\\s*$' },
        ],
        ...doc,
      };
    case 'size':
      return {
        oneOf: [
          { type: 'number', exclusiveMinimum: 0 },
          { type: 'string', pattern: '^\\s*\\d+(\\.\\d+)?\\s*(B|K|KiB|M|MiB|G|GiB)?\\s*$' },
        ],
        ...doc,
      };
    case 'enum':
      return { enum: [...s.values], ...doc };
    case 'map':
      return { type: 'object', additionalProperties: toJsonSchema(s.values), ...doc };
    case 'array':
      return { type: 'array', items: toJsonSchema(s.items), ...doc };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(s.fields).map(([k, f]) => [k, toJsonSchema(f)])),
        additionalProperties: false,
        ...doc,
      };
    case 'custom':
      return { ...s.json, ...doc };
  }
}

// ---------------------------------------------------------------- shared nodes

export const CPU: Schema = { kind: 'enum', values: Object.keys(CPU_MODELS), doc: 'unicorn CPU model' };
export const NETWORK: Schema = { kind: 'enum', values: ['host', 'loopback', 'none'], doc: 'network policy' };
export const STRING_MAP: Schema = { kind: 'map', values: { kind: 'string' } };
export const NET_RULES: Schema = {
  kind: 'array',
  what: 'an array of "allow SPEC" / "deny SPEC" strings',
  doc: 'allow/deny rules for connect/bind/sendto, first match wins (winsock-shim/policy.ts)',
  items: {
    kind: 'string',
    check: (x) => {
      try {
        parseNetRules([x]);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  },
};
export const REDIRECT_MAP: Schema = {
  kind: 'custom',
  doc: 'guest connection redirects: "host:port" -> "address:port" or a port number',
  json: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer', minimum: 1, maximum: 65535 }] } },
  check: (v, p, Err) => {
    if (!isObject(v)) throw new Error(`expected an object ("host:port": "address:port"), got ${describeValue(v)}`);
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string' && !(typeof x === 'number' && Number.isInteger(x) && x > 0 && x < 65536)) {
        throw new Err(`${p}.${k}: expected "address:port" or a port number, got ${describeValue(x)}`);
      }
    }
    return v;
  },
};
export const SCREEN: Schema = {
  kind: 'object',
  doc: 'screen metrics of the device',
  fields: {
    width: { kind: 'integer', min: 1, max: 8192 },
    height: { kind: 'integer', min: 1, max: 8192 },
    dpi: { kind: 'integer', min: 1, max: 1000 },
    bitsPerPixel: { kind: 'integer', min: 1, max: 32 },
  },
};
export const LOCALE: Schema = {
  kind: 'string',
  doc: 'device locale name, e.g. en-US',
  pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$',
  check: (v) => (/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? undefined : `expected a locale name like "en-US", got ${JSON.stringify(v)}`),
};
export const CLOCK_START: Schema = {
  kind: 'string',
  doc: 'start instant of a deterministic run (ISO 8601)',
  check: (v) => (Number.isFinite(Date.parse(v)) ? undefined : `not a date/time: ${JSON.stringify(v)}`),
};
export const UTC_OFFSET: Schema = { kind: 'integer', min: -14 * 60, max: 14 * 60, doc: 'local time offset from UTC in minutes' };
/** The device's major CE version (MachineOptions.osVersion). */
export const OS_VERSION: Schema = {
  kind: 'integer',
  min: 5,
  max: 7,
  doc: 'major CE version of the device: 5 (CE 5.x, Windows Mobile 6.5; default), 6 (CE 6), 7 (CE 7)',
};
export const MAX_THREADS: Schema = { kind: 'integer', min: 1, max: 10_000 };
export const MAX_HANDLES: Schema = { kind: 'integer', min: 16, max: 1_000_000 };

/** A device profile file (system/profile.ts). */
export const PROFILE_SCHEMA: Schema & { kind: 'object' } = {
  kind: 'object',
  doc: 'wmemu device profile',
  fields: {
    $schema: { kind: 'string' },
    name: { kind: 'string' },
    description: { kind: 'string' },
    extends: { kind: 'string', doc: 'another profile this one refines (path relative to this file)' },
    cpu: CPU,
    osVersion: OS_VERSION,
    deviceRoot: { kind: 'string', doc: 'host folder that is the device file system root (relative to this file)' },
    registry: { kind: 'string', doc: 'REGEDIT4 .reg file the registry starts from (relative to this file)' },
    hosts: { ...STRING_MAP, doc: 'device name resolution: name -> address' } as Schema,
    network: NETWORK,
    networkRules: NET_RULES,
    redirect: REDIRECT_MAP,
    screen: SCREEN,
    locale: LOCALE,
    utcOffsetMinutes: UTC_OFFSET,
    deterministic: { kind: 'boolean', doc: 'virtual clock, seeded random' },
    clockStart: CLOCK_START,
    env: STRING_MAP,
    limits: {
      kind: 'object',
      fields: {
        timeout: { kind: 'duration', unit: 's', doc: 'wall-clock budget: "30s", "1m", "500ms", or a number of seconds' },
        timeoutSeconds: { kind: 'number', gt: 0, doc: 'wall-clock budget in seconds (or use timeout)' },
        memoryLimit: { kind: 'size', unit: 'MiB', min: 1024 * 1024, doc: 'guest memory cap: "64MiB", "1GiB", or a number of MiB' },
        memoryLimitMiB: { kind: 'integer', min: 1, max: 2048, doc: 'guest memory cap in MiB (or use memoryLimit)' },
        maxThreads: MAX_THREADS,
        maxHandles: MAX_HANDLES,
      },
    },
  },
};

/** profiles/profile.schema.json: what `npm run schema` writes. */
export function profileJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'wmemu device profile',
    ...toJsonSchema(PROFILE_SCHEMA),
  };
}
