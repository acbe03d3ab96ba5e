#!/usr/bin/env node
/**
 * Fuzz child: runs a range of execution-fuzz cases in this process and reports each on fd 3.
 *
 *   node test/helpers/fuzz-child.mjs '{"roms":[...],"from":1,"to":50,"timeoutMs":500,"memoryLimit":33554432}'
 *
 * Protocol (one JSON object per line on fd 3, so guest or library output on stdout/stderr cannot
 * interleave with it):
 *   {"start":seed}                         before a case: if the process dies now, the parent blames it
 *   {"seed":..,"status":..,"message":..,"ok":..,"why":..,"ms":..,"rss":..,"maxRss":..}
 *
 * A case is clean when runExecutable resolves with 'load-error' and a one-line message, or with a
 * guest-level verdict ('crashed', 'unimplemented', 'limit', 'exited', 'deadlock') whose message is one
 * line. 'internal-error', a thrown exception, or a multi-line/empty message is a failure. A Node
 * crash or hang is detected by the parent (fuzz-driver.mjs) from the exit signal / silence.
 */
import { writeFileSync, writeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { runExecutable } from '../../dist/emulator/system/run.js';
import { mutantFor } from './fuzz-mutate.mjs';

const GUEST_LEVEL = new Set(['crashed', 'unimplemented', 'limit', 'exited', 'deadlock']);

export function verdict(r) {
  if (r.status === 'load-error') {
    if (!r.message || r.message.includes('\n')) return 'load-error without a one-line message';
    if (/internal parser error|\bat .*\.js:\d+/.test(r.message)) return 'load-error hides an internal error';
    return undefined;
  }
  if (!GUEST_LEVEL.has(r.status)) return `status ${r.status}`;
  if (r.status !== 'exited' && (!r.message || r.message.includes('\n'))) return `${r.status} without a one-line message`;
  return undefined;
}

const out = (o) => writeSync(3, JSON.stringify(o) + '\n');

async function main() {
  const cfg = JSON.parse(process.argv[2]);
  const dir = mkdtempSync(join(tmpdir(), 'wmemu-fuzz-'));
  try {
    for (let seed = cfg.from; seed < cfg.to; seed++) {
      out({ start: seed });
      const { bytes, rom, ops } = mutantFor(seed, cfg.roms);
      const file = join(dir, `m${seed}-${basename(rom)}`);
      writeFileSync(file, bytes);
      const t0 = performance.now();
      let res;
      try {
        const r = await runExecutable(file, { timeoutMs: cfg.timeoutMs, memoryLimit: cfg.memoryLimit, args: ['fuzz', String(seed)] });
        const why = verdict(r);
        res = { status: r.status, message: r.message?.slice(0, 400), why };
      } catch (e) {
        res = { status: 'exception', message: String(e?.stack ?? e).slice(0, 2000), why: 'runExecutable threw' };
      }
      rmSync(file, { force: true });
      const ms = Math.round(performance.now() - t0);
      out({
        seed,
        rom: basename(rom),
        ops,
        ...res,
        ok: !res.why,
        ms,
        rss: Math.round(process.memoryUsage().rss / 1048576),
        maxRss: Math.round(process.resourceUsage().maxRSS / 1024),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  main().then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`fuzz-child: ${e?.stack ?? e}\n`);
      process.exit(2);
    },
  );
}
