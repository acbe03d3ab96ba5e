/**
 * Where wmemu's own files are: the package root (the folder with `package.json` above this module),
 * found the same way from the TypeScript sources (`emulator/core/`) and from the compiled output
 * (`dist/emulator/core/`).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the package root. Throws if there is none above this module. */
export function packageRoot(): string {
  if (cached) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'emulator'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the wmemu package root above ${here}`);
    dir = parent;
  }
}
