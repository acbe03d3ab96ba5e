#!/usr/bin/env node
/**
 * Child process for test/core/robustness-api-pointers.test.ts: runs cases [from, to) of listCases() and
 * reports each on fd 3 (same protocol as fuzz-child.mjs, driven by fuzz-driver.mjs), so a segfault in
 * a handler that hands a bad pointer to the host would fail that case, not the test runner.
 */
import { writeSync } from 'node:fs';
import { listCases, runCase } from './api-pointers.mjs';

const out = (o) => writeSync(3, JSON.stringify(o) + '\n');
const cfg = JSON.parse(process.argv[2]);
const cases = listCases({ subset: cfg.subset });
for (let i = cfg.from; i < cfg.to; i++) {
  out({ start: i });
  const c = cases[i];
  const t0 = performance.now();
  let r;
  try {
    r = await runCase(c, { timeoutMs: cfg.timeoutMs });
  } catch (e) {
    r = { status: 'exception', message: String(e?.stack ?? e).slice(0, 2000) };
  }
  out({
    seed: i,
    ...c,
    ...r,
    ok: true, // judged by the test, which knows the expectations
    ms: Math.round(performance.now() - t0),
    maxRss: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}
process.exit(0);
