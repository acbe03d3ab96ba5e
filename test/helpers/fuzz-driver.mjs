/**
 * Execution-fuzz driver: spreads seeds over child processes (fuzz-child.mjs), and turns every way a
 * child can go wrong into a failure naming the seed:
 *   - a case whose result is not clean (see verdict() in fuzz-child.mjs);
 *   - the child dying during a case (exit signal, e.g. SIGSEGV inside unicorn/koffi, or a non-zero code);
 *   - a case that does not finish within `caseBudgetMs` (a hang: the child is SIGKILLed).
 * After a crash or hang the worker restarts a child at the next seed. Children also restart every
 * `batch` cases so one process never accumulates too much.
 *
 * Used by test/core/fuzz-exec.test.ts (small count) and scripts/fuzz.mjs (on demand, large counts).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
const CHILD = join(HERE, 'fuzz-child.mjs');

/** The committed ROMs the fuzz mutates (valid, deterministic, quick to run). */
export const FUZZ_ROMS = ['hello', 'coretest', 'threads', 'reloc', 'armhello', 'interwork', 'wargs', 'exitcodes', 'crash', 'unimpl'].map((n) =>
  join(ROOT, 'roms', 'bin', `${n}.exe`),
);

/**
 * `script` (default fuzz-child.mjs) is any child speaking the same fd-3 protocol over seeds/case
 * indices [from, to); `config` is passed through to it.
 * @param {{count:number, seed?:number, workers?:number, timeoutMs?:number, memoryLimit?:number,
 *          caseBudgetMs?:number, batch?:number, roms?:string[], onCase?:(r:any)=>void,
 *          script?:string, config?:object}} o
 */
export async function runFuzz(o) {
  const first = o.seed ?? 1;
  const end = first + o.count;
  const workers = Math.max(1, Math.min(o.workers ?? 2, o.count));
  const cfg = {
    ...o.config,
    script: o.script ?? CHILD,
    roms: o.roms ?? FUZZ_ROMS,
    timeoutMs: o.timeoutMs ?? 500,
    memoryLimit: o.memoryLimit ?? 32 * 1024 * 1024,
  };
  const caseBudgetMs = o.caseBudgetMs ?? 15_000;
  const batch = o.batch ?? 250;
  const results = [];
  const failures = [];
  let peakRss = 0;
  const t0 = performance.now();

  const record = (r) => {
    results.push(r);
    if (!r.ok) failures.push(r);
    if (r.maxRss) peakRss = Math.max(peakRss, r.maxRss);
    o.onCase?.(r);
  };

  // Contiguous seed ranges per worker.
  const per = Math.ceil(o.count / workers);
  const ranges = [];
  for (let w = 0; w < workers; w++) {
    const a = first + w * per;
    const b = Math.min(end, a + per);
    if (a < b) ranges.push([a, b]);
  }

  const runRange = async ([a, b]) => {
    let next = a;
    while (next < b) {
      const to = Math.min(b, next + batch);
      const got = await runChild({ ...cfg, from: next, to }, caseBudgetMs, record);
      next = got.resumeAt;
    }
  };
  await Promise.all(ranges.map(runRange));
  results.sort((x, y) => x.seed - y.seed);
  failures.sort((x, y) => x.seed - y.seed);
  const seconds = (performance.now() - t0) / 1000;
  return { results, failures, peakRss, seconds, casesPerSecond: o.count / seconds };
}

/** Runs one child over [from, to); returns the seed to resume at. */
function runChild(cfg, caseBudgetMs, record) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cfg.script, JSON.stringify(cfg)], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    let current; // seed started but not reported
    let lastDone = cfg.from - 1;
    let timer;
    let hung = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, caseBudgetMs);
    };
    arm(); // child start-up counts too
    let buf = '';
    child.stdio[3].on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        let m;
        try {
          m = JSON.parse(line);
        } catch {
          continue;
        }
        if (m.start !== undefined) {
          current = m.start;
          arm();
        } else {
          current = undefined;
          lastDone = m.seed;
          record(m);
        }
      }
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const blamed = current ?? (lastDone + 1 < cfg.to ? lastDone + 1 : undefined);
      if (code === 0 && !hung && current === undefined && lastDone === cfg.to - 1) {
        resolve({ resumeAt: cfg.to });
        return;
      }
      const why = hung ? `hang: no result within ${caseBudgetMs} ms (child killed)` : signal ? `child killed by ${signal}` : `child exited with code ${code}`;
      if (current === undefined && lastDone < cfg.from) {
        // The child died before its first case (cannot load dist/, bad config): do not blame and
        // retry every seed; report once and give up on this range.
        record({
          seed: cfg.from,
          ok: false,
          status: 'child-crash',
          why: `child failed to start: ${why}`,
          message: stderr.trim().split('\n').slice(-6).join('\n'),
        });
        resolve({ resumeAt: Infinity });
        return;
      }
      if (blamed !== undefined) {
        record({ seed: blamed, ok: false, status: hung ? 'hang' : 'child-crash', why, message: stderr.trim().split('\n').slice(-6).join('\n') });
        resolve({ resumeAt: blamed + 1 });
      } else {
        resolve({ resumeAt: cfg.to });
      }
    });
  });
}

/** One-line summary of a run: count, time, rate, peak RSS, status histogram. */
export function summarize(run) {
  const hist = {};
  for (const r of run.results) hist[r.status] = (hist[r.status] ?? 0) + 1;
  return (
    `${run.results.length} cases in ${run.seconds.toFixed(1)} s (${run.casesPerSecond.toFixed(1)}/s), ` +
    `peak child RSS ${run.peakRss} MB, failures ${run.failures.length}; ` +
    Object.entries(hist)
      .sort()
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
  );
}
