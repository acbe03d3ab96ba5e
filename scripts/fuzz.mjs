#!/usr/bin/env node
/**
 * On-demand execution fuzz (the long version of test/core/fuzz-exec.test.ts). Needs a build (npm run build).
 *
 *   node scripts/fuzz.mjs [--count 5000] [--seed 1] [--workers 2] [--timeout-ms 500] [--json out.jsonl]
 *   node scripts/fuzz.mjs --seed 500 --save /tmp/m.exe     # write one mutant (then: wmemu run /tmp/m.exe)
 *
 * Prints each failure (seed, ROM, mutations, why) as it happens and a summary line: cases/s, peak child
 * RSS, status histogram. Exit code 1 when any case failed.
 */
import { writeFileSync, appendFileSync } from 'node:fs';
import { runFuzz, summarize, FUZZ_ROMS } from '../test/helpers/fuzz-driver.mjs';
import { mutantFor } from '../test/helpers/fuzz-mutate.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const seed = Number(opt('seed', process.env.WMEMU_FUZZ_SEED ?? 1));
const save = opt('save');
if (save) {
  const m = mutantFor(seed, FUZZ_ROMS);
  writeFileSync(save, m.bytes);
  console.log(`seed ${seed}: ${m.rom} [${m.ops.join('; ')}] -> ${save}`);
  process.exit(0);
}
const count = Number(opt('count', process.env.WMEMU_FUZZ_COUNT ?? 5000));
const json = opt('json');
let done = 0;
const run = await runFuzz({
  count,
  seed,
  workers: Number(opt('workers', 2)),
  timeoutMs: Number(opt('timeout-ms', 500)),
  memoryLimit: 32 * 1024 * 1024,
  onCase: (r) => {
    done++;
    if (json) appendFileSync(json, JSON.stringify(r) + '\n');
    if (!r.ok) console.log(`FAIL seed ${r.seed} ${r.rom ?? ''} [${(r.ops ?? []).join('; ')}]: ${r.why}: ${r.status}: ${r.message ?? ''}`);
    if (done % 500 === 0) console.error(`... ${done}/${count}`);
  },
});
console.log(summarize(run));
process.exit(run.failures.length ? 1 : 0);
