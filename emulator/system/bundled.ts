/**
 * Paths of what the package ships: the bundled ROMs (roms/bin/*.exe, *.dll: small CE test programs) and
 * the built-in device profiles (profiles/*.json). From a user project the package lives under
 * node_modules/wmemu, so relative paths such as `roms/bin/hello.exe` do not work there:
 *
 *   import { romPath, profilePath } from 'wmemu';
 *   await runExecutable(romPath('hello.exe'), { profile: profilePath('ci-example') });
 *
 * A profile's `extends` may name a built-in profile ("wm65-default") instead of a file (profile.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../core/unicorn/prepare.js';

function folder(rel: string): string {
  const dir = packagePath(rel);
  if (!dir) throw new Error(`this wmemu installation has no ${rel}/ folder`);
  return dir;
}

function list(rel: string, exts: string[]): string[] {
  const dir = packagePath(rel);
  if (!dir) return [];
  return readdirSync(dir)
    .filter((f) => exts.some((e) => f.toLowerCase().endsWith(e)))
    .sort();
}

/** The bundled ROM files (e.g. 'hello.exe'). */
export function bundledRoms(): string[] {
  return list(join('roms', 'bin'), ['.exe', '.dll']);
}

/** The built-in profile names (e.g. 'wm65-default'). */
export function bundledProfiles(): string[] {
  // profile.schema.json (the JSON Schema of profiles, npm run schema) is not a profile.
  return list('profiles', ['.json'])
    .filter((f) => !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -'.json'.length));
}

/** Absolute path of a bundled ROM: 'hello.exe' (or 'hello'). Throws with the list of ROMs when unknown. */
export function romPath(name: string): string {
  const dir = folder(join('roms', 'bin'));
  for (const cand of [name, `${name}.exe`]) {
    if (!cand.includes('/') && existsSync(join(dir, cand))) return join(dir, cand);
  }
  throw new Error(`no bundled ROM '${name}' (bundled: ${bundledRoms().join(', ')})`);
}

/** Absolute path of a built-in profile: 'wm65-default' (or 'wm65-default.json'), or undefined. */
export function builtinProfilePath(name: string): string | undefined {
  if (name.includes('/') || name.includes('\\')) return undefined;
  const dir = packagePath('profiles');
  if (!dir) return undefined;
  const file = join(dir, name.endsWith('.json') ? name : `${name}.json`);
  return existsSync(file) && !file.endsWith('.schema.json') ? file : undefined;
}

/** Absolute path of a built-in profile. Throws with the list of profiles when unknown. */
export function profilePath(name: string): string {
  const p = builtinProfilePath(name);
  if (!p) throw new Error(`no built-in profile '${name}' (built-in: ${bundledProfiles().join(', ')})`);
  return p;
}
