// Runs a ROM with arbitrary Machine options in this (child) process, for tests that must run the
// emulator somewhere else than the test process — e.g. inside a network namespace
// (`ip netns exec NS node run-rom-child.mjs ...`). Uses the built dist/ (test/global-setup.ts).
//
//   node test/helpers/run-rom-child.mjs '{"rom":"roms/bin/x.exe","args":["a"],"options":{...}}'
//
// Guest stdout goes to stdout as it is printed; exit code = the run's exit code.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const { createMachine } = await import(join(root, 'dist', 'emulator', 'system', 'dll-set.js'));
const spec = JSON.parse(process.argv[2]);
const m = createMachine({ ...(spec.options ?? {}), args: spec.args ?? [], stdout: (d) => process.stdout.write(d), stderr: (d) => process.stderr.write(d) });
m.loadExecutable(readFileSync(join(root, spec.rom)), basename(spec.rom));
const r = await m.run();
if (r.status !== 'exited') process.stderr.write(`run-rom-child: ${r.message}\n`);
m.close();
process.exitCode = r.exitCode;
setImmediate(() => process.exit(r.exitCode));
