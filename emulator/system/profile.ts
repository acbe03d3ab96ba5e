/**
 * Device profiles: one JSON file that describes the emulated device for a CI job, so the job is one
 * command (`wmemu run --profile ci.json app.exe`). Options given on the command line or to `start()`
 * win over the profile. Relative paths in a profile are relative to the profile file's folder.
 *
 *   {
 *     "name": "ci",
 *     "extends": "wm65-default",                // optional: another profile this one refines (a file, or a built-in profile by name)
 *     "cpu": "cortex-a8",
 *     "osVersion": 6,                           // 5 (CE 5.x, Windows Mobile; default), 6 (CE 6), 7 (CE 7)
 *     "deviceRoot": "device",                   // host folder that is the device's \
 *     "registry": "seed.reg",                   // REGEDIT4 registry seed
 *     "hosts": { "device-host": "127.0.0.1" },  // name resolution on the device
 *     "network": "loopback",                    // host | loopback | none
 *     "networkRules": ["allow 127.0.0.1:8000-9000", "deny 10.0.0.0/8"],  // first match wins (winsock-shim/policy.ts)
 *     "redirect": { "device-host:80": "127.0.0.1:8080" },
 *     "screen": { "width": 240, "height": 320, "dpi": 96 },
 *     "locale": "en-US",
 *     "utcOffsetMinutes": 0,
 *     "deterministic": true,
 *     "clockStart": "2025-01-01T12:00:00Z",
 *     "env": { "APP_MODE": "test" },
 *     "limits": { "timeoutSeconds": 60, "memoryLimitMiB": 64, "maxThreads": 64, "maxHandles": 4096 }
 *   }
 *
 * Validation is strict: unknown keys and wrong types are errors that name the key path (system/schema.ts,
 * shared with the command line and start(); profiles/profile.schema.json is generated from it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { RedirectMap } from '../core/net/redirect.js';
import { PROFILE_SCHEMA, validate } from './schema.js';
import { builtinProfilePath, bundledProfiles } from './bundled.js';

export interface ScreenMetrics {
  width: number;
  height: number;
  /** Logical DPI (96 on QVGA/VGA-as-QVGA devices, 192 on true VGA). */
  dpi?: number;
  bitsPerPixel?: number;
}

export interface ProfileLimits {
  /** `"30s"`, `"1m"` or seconds in the file; milliseconds once loaded (system/schema.ts). */
  timeout?: number;
  timeoutSeconds?: number;
  /** `"64MiB"` or MiB in the file; bytes once loaded. */
  memoryLimit?: number;
  memoryLimitMiB?: number;
  maxThreads?: number;
  maxHandles?: number;
}

export interface DeviceProfile {
  name?: string;
  description?: string;
  extends?: string;
  cpu?: string;
  /** Major OS version of the device: 5 (CE 5.x, Windows Mobile 6.5; the default), 6, 7. */
  osVersion?: 5 | 6 | 7;
  deviceRoot?: string;
  registry?: string;
  hosts?: Record<string, string>;
  network?: 'host' | 'loopback' | 'none';
  /** Allow/deny rules for connect/bind/sendto, after the command line's (winsock-shim/policy.ts). */
  networkRules?: string[];
  redirect?: RedirectMap;
  screen?: ScreenMetrics;
  locale?: string;
  utcOffsetMinutes?: number;
  deterministic?: boolean;
  clockStart?: string;
  env?: Record<string, string>;
  limits?: ProfileLimits;
}

export class ProfileError extends Error {}

/** Checks a parsed profile object; throws ProfileError naming the first bad key. */
export function validateProfile(v: unknown): DeviceProfile {
  const p = validate(PROFILE_SCHEMA, v, '', ProfileError) as DeviceProfile & { $schema?: string };
  const { $schema: _schema, ...rest } = p;
  return rest;
}

/**
 * Reads, validates and resolves a profile file (or a built-in profile by name, bundled.ts): relative paths become absolute (relative to the
 * file), `extends` chains are merged (the extending profile wins; maps such as hosts are merged).
 */
export function loadProfile(path: string, seen: string[] = []): DeviceProfile {
  // A file; else a built-in profile by name (`--profile ci-example`, `extends: "wm65-default"`).
  const file = resolve(existsSync(path) ? path : (builtinProfilePath(path) ?? path));
  if (seen.includes(file)) throw new ProfileError(`${path}: "extends" loop (${[...seen, file].join(' -> ')})`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const names = code === 'ENOENT' && !/[/\\]/.test(path) ? ` (no such file; built-in profiles: ${bundledProfiles().join(', ')})` : '';
    throw new ProfileError(`cannot read profile ${path}: ${code ?? (e as Error).message}${names}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProfileError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  let p: DeviceProfile;
  try {
    p = validateProfile(json);
  } catch (e) {
    if (e instanceof ProfileError) throw new ProfileError(`${path}: ${e.message}`);
    throw e;
  }
  const dir = dirname(file);
  const abs = (x: string | undefined) => (x === undefined ? undefined : isAbsolute(x) ? x : resolve(dir, x));
  p = { ...p, ...(p.deviceRoot !== undefined && { deviceRoot: abs(p.deviceRoot) }), ...(p.registry !== undefined && { registry: abs(p.registry) }) };
  if (p.extends !== undefined) {
    // A file relative to this profile; else a built-in profile by name ("wm65-default"), so that a
    // profile in a user project can refine the shipped ones without knowing where npm put them.
    const rel = abs(p.extends)!;
    const target = existsSync(rel) ? rel : (builtinProfilePath(p.extends) ?? rel);
    const base = loadProfile(target, [...seen, file]);
    const { extends: _e, ...own } = p;
    p = mergeProfiles(base, own);
  }
  return p;
}

/** `over` wins; hosts, redirect, env, screen and limits merge key by key. */
export function mergeProfiles(base: DeviceProfile, over: DeviceProfile): DeviceProfile {
  const out: DeviceProfile = { ...base, ...over };
  for (const k of ['hosts', 'redirect', 'env', 'screen', 'limits'] as const) {
    if (base[k] && over[k]) (out as Record<string, unknown>)[k] = { ...base[k], ...over[k] };
  }
  return out;
}
