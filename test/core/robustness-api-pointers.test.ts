/**
 * Bad guest pointers to every emulated export (every DLL in the registry, every pointer-like argument:
 * NULL, 0x4, an unmapped page, the kernel KData page, a range running off the end of a mapping).
 * Each call runs from a small ARM stub in a fresh Machine (test/helpers/api-pointers.mjs), in child
 * processes. The result must be the export's documented failure (Winsock: SOCKET_ERROR + WSAEFAULT
 * and friends, never a guest crash), or, for the C-runtime-like coredll, a guest access violation that
 * names the export - never 'internal-error', an exception, a Node crash or a hang.
 *
 * CI runs every argument with 'straddle' plus one rotating bad value; the whole matrix:
 *   WMEMU_API_POINTERS=all npx vitest run test/core/robustness-api-pointers.test.ts
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
// The compiled emulator, as the helpers use it: one koffi binding of unicorn per process.
import { GuestFault } from '../../dist/emulator/core/memory/guest-memory.js';
import { createMachine } from '../../dist/emulator/system/dll-set.js';
import { KDATA } from '../../dist/emulator/core/kernel/kdata.js';
// @ts-expect-error plain ESM helper without type declarations
import { runFuzz } from '../helpers/fuzz-driver.mjs';
// @ts-expect-error plain ESM helper without type declarations
import { listCases, runCase } from '../helpers/api-pointers.mjs';

const FULL = process.env.WMEMU_API_POINTERS === 'all';
const CHILD = join(__dirname, '..', 'helpers', 'api-pointers-child.mjs');
const GUEST_LEVEL = new Set(['exited', 'crashed', 'limit', 'unimplemented', 'deadlock']);
const WSAEFAULT = 10014;

interface Case {
  seed: number;
  dll: string;
  name: string;
  argName: string;
  kind: string;
  bad: string;
  policy: { kind: 'crash' } | { kind: 'error'; ret: number; lastError: number };
  status: string;
  message?: string;
  r0?: number;
  lastError?: number;
  why?: string;
  ms?: number;
}

const label = (c: Case) => `${c.dll}!${c.name}(${c.argName}=${c.bad})`;

/** What is wrong with one result, or undefined. */
function problem(c: Case): string | undefined {
  if (!GUEST_LEVEL.has(c.status)) return `${c.status}: ${c.why ?? ''} ${c.message ?? ''}`;
  if (c.message?.includes('\n')) return `multi-line message: ${c.message}`;
  if (c.policy.kind === 'error' && c.status === 'crashed') return `crashed although the DLL reports bad pointers as errors: ${c.message}`;
  if (
    c.status === 'crashed' &&
    /^guest access violation in /.test(c.message ?? '') &&
    !c.message!.startsWith(`guest access violation in ${c.dll}!${c.name}: `)
  ) {
    return `access violation attributed to another export: ${c.message}`;
  }
  return undefined;
}

describe('bad guest pointers to every emulated export', () => {
  const cases: Case[] = listCases({ subset: !FULL });

  it('the registry has exports with pointer arguments in every DLL', () => {
    const dlls = new Set(cases.map((c) => c.dll));
    expect(dlls.has('COREDLL.dll')).toBe(true);
    expect(cases.length).toBeGreaterThan(100);
  });

  it(
    `${cases.length} calls end in the documented error or a guest access violation naming the export`,
    async () => {
      const results: Case[] = [];
      const run = await runFuzz({
        count: cases.length,
        seed: 0,
        workers: 2,
        script: CHILD,
        timeoutMs: 300,
        caseBudgetMs: 15_000,
        batch: 100_000,
        config: { subset: !FULL },
        onCase: (r: Case) => results.push(r),
      });
      // Child crashes and hangs come back as failures naming the case index.
      const broken = run.failures
        .filter((f: Case) => f.status === 'child-crash' || f.status === 'hang')
        .map((f: Case) => `case ${f.seed} ${label(cases[f.seed] as Case)}: ${f.why}: ${f.message}`);
      expect(broken).toEqual([]);
      const problems = results
        .map((c) => [c, problem(c)] as const)
        .filter(([, p]) => p)
        .map(([c, p]) => `${label(c)}: ${p}`);
      const hist: Record<string, number> = {};
      for (const r of results) hist[r.status] = (hist[r.status] ?? 0) + 1;
      console.log(`api pointers: ${results.length} calls in ${run.seconds.toFixed(1)} s, peak child RSS ${run.peakRss} MB: ${JSON.stringify(hist)}`);
      expect(problems).toEqual([]);
      expect(results).toHaveLength(cases.length);

      // Winsock: a bad buffer in the data path is SOCKET_ERROR + WSAEFAULT.
      for (const r of results.filter(
        (x) => /^(WS2|WINSOCK)\.dll$/.test(x.dll) && ['send', 'recv', 'sendto', 'recvfrom'].includes(x.name) && x.argName === 'buf',
      )) {
        expect({ call: label(r), r0: r.r0, lastError: r.lastError }).toEqual({ call: label(r), r0: 0xffffffff, lastError: WSAEFAULT });
      }
      // The C runtime crashes in the export, as on a device.
      for (const r of results.filter((x) => x.dll === 'COREDLL.dll' && ['memcpy', 'wcslen', 'strlen', 'memset'].includes(x.name))) {
        expect(r.status).toBe('crashed');
        expect(r.message).toMatch(
          new RegExp(`^guest access violation in COREDLL\\.dll!${r.name}: (read|write) of \\d+ byte\\(s\\) at 0x[0-9a-f]{8} \\(called from 0x[0-9a-f]{8} `),
        );
      }
    },
    // ~65 s on two idle cores (3,260 calls, growing with the exports); the bound is a hang guard, not a timing.
    FULL ? 900_000 : 300_000,
  );
});

describe('kernel addresses are bad pointers for APIs', () => {
  it('GuestMemory.u32 refuses the KData page (it used to read it)', () => {
    const m = createMachine();
    try {
      expect(() => m.mem.u32(KDATA)).toThrow(GuestFault);
      expect(m.mem.peek32(KDATA)).toBeTypeOf('number'); // diagnostics still see it
    } finally {
      m.close();
    }
  });

  it('__WSAFDIsSet(s, 0xFFFFC000) is SOCKET_ERROR + WSAEFAULT, not a read of KData', async () => {
    const c = listCases().find((x: Case) => x.dll === 'WS2.dll' && x.name === '__WSAFDIsSet' && x.argName === 'set' && x.bad === 'kernel');
    expect(c).toBeDefined();
    const r = await runCase(c);
    expect(r).toMatchObject({ status: 'exited', r0: 0xffffffff, lastError: WSAEFAULT });
  });
});
