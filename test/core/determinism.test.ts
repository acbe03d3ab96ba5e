/**
 * --deterministic: a virtual clock (fixed start, fixed tick rate, timers in due order), instruction-
 * counted time slices and seeded random, so two runs of the same binary produce the same trace.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock, SeededRandom, DEFAULT_DETERMINISTIC_START } from '../../emulator/core/kernel/clock.js';
import { start } from '../../emulator/system/session.js';

const ROOT = join(__dirname, '..', '..');
const rom = (n: string) => join(ROOT, 'roms', 'bin', `${n}.exe`);
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

describe('virtual clock', () => {
  it('starts at a fixed instant and only moves when advanced', () => {
    const c = new Clock({ deterministic: true });
    expect(c.nowUtcMs()).toBe(DEFAULT_DETERMINISTIC_START);
    expect(c.tickCount()).toBe(0);
    c.advance(1500);
    expect(c.tickCount()).toBe(1);
    expect(c.elapsedMicros()).toBe(1500);
    expect(c.nowUtcMicros()).toBe(DEFAULT_DETERMINISTIC_START * 1000 + 1500);
    expect(c.utcOffsetMinutes(0)).toBe(0);
    expect(new Clock({ deterministic: true, start: '2030-01-01T00:00:00Z', utcOffsetMinutes: -300 }).utcOffsetMinutes(0)).toBe(-300);
    expect(() => new Clock({ deterministic: true, start: 'not a date' })).toThrow(/invalid clock start/);
  });

  it('fires timers in due order (ties in creation order) as time advances or skips ahead', () => {
    const c = new Clock({ deterministic: true });
    const fired: string[] = [];
    c.setTimer(20, () => fired.push('b'));
    c.setTimer(10, () => fired.push('a'));
    c.setTimer(20, () => fired.push('c'));
    const cancel = c.setTimer(15, () => fired.push('x'));
    cancel();
    c.advance(10_000);
    expect(fired).toEqual(['a']);
    expect(c.skipToNextTimer()).toBe(true);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(c.tickCount()).toBe(20);
    expect(c.skipToNextTimer()).toBe(false);
  });

  it('real mode follows the host clock', async () => {
    const c = new Clock();
    const t0 = c.tickCount();
    await new Promise((r) => setTimeout(r, 30));
    expect(c.tickCount() - t0).toBeGreaterThanOrEqual(25);
    expect(Math.abs(c.nowUtcMs() - Date.now())).toBeLessThan(50);
  });

  it('seeded random is reproducible', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = [a.nextU32(), a.nextU32(), a.nextU32()];
    expect([b.nextU32(), b.nextU32(), b.nextU32()]).toEqual(xs);
    expect(new Set(xs).size).toBe(3);
  });
});

describe('deterministic runs', () => {
  it('Sleep takes virtual time: Sleep(60000) returns at once with GetTickCount 60 s later', async () => {
    const emu = await start(rom('coretest'), { deterministic: true, trace: 'GetTickCount,Sleep' });
    const r = await emu.exited;
    expect(r.stdout).toContain('ok Sleep(50) advanced GetTickCount by 50');
    expect(r.stdout).toMatch(/info GetSystemTime 2025-01-01 12:00:00\.\d{3} dow 3/);
    expect(r.exitCode).toBe(0);
  });

  for (const name of ['coretest', 'threads']) {
    it(`${name}.exe twice with --deterministic --trace-format=json: identical traces, byte for byte`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'wmemu-det-'));
      const run = (file: string) =>
        spawnSync(process.execPath, [CLI, 'run', '--deterministic', '--trace', '--trace-format=json', '--trace-file', join(dir, file), rom(name)], {
          encoding: 'utf8',
          timeout: 60_000,
        });
      const a = run('a.jsonl');
      const b = run('b.jsonl');
      expect(a.status).toBe(0);
      expect(b.status).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      const ta = readFileSync(join(dir, 'a.jsonl'));
      const tb = readFileSync(join(dir, 'b.jsonl'));
      expect(ta.length).toBeGreaterThan(1000);
      expect(tb.equals(ta)).toBe(true);
      // The trace covers several threads and the clock (so it would differ if either were not stable).
      const lines = ta
        .toString()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      if (name === 'threads') expect(new Set(lines.map((l) => l.thread)).size).toBeGreaterThan(2);
      if (name === 'coretest') expect(lines.some((l) => l.name === 'GetTickCount')).toBe(true);
    });
  }
});
