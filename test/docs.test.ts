/**
 * docs/cli.md documents what `wmemu run --help` offers, and the other way round; the documentation
 * pages have the sections readers are sent to.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('docs match --help', () => {
  it('every `wmemu run` option is documented in docs/cli.md, and its table lists only real options', () => {
    const help = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--help'], { encoding: 'utf8' }).stdout;
    const fromHelp = new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((o) => o !== '--help'));
    expect(fromHelp.size).toBeGreaterThan(10);
    const cli = read('docs/cli.md');
    const section = cli.slice(cli.indexOf('## Running an app'), cli.indexOf('## Exit codes'));
    const rows = section.split('\n').filter((l) => l.startsWith('| `--'));
    const fromDocs = new Set(rows.flatMap((l) => [...l.split('|')[1]!.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]!)));
    // Every option in the table exists; every option of --help is documented (in the table, or by name elsewhere in cli.md).
    expect([...fromDocs].filter((o) => !fromHelp.has(o))).toEqual([]);
    expect([...fromHelp].filter((o) => !fromDocs.has(o) && !cli.includes('`' + o))).toEqual([]);
  });

  it('the documentation pages have the sections issue 7 asks for', () => {
    const sections: Record<string, string[]> = {
      'README.md': ['## Set up', '## Quick start: the command line', '## Quick start: a regression test with vitest', '## Documentation'],
      'docs/cli.md': ['## Running an app', '## Exit codes'],
      'docs/api.md': ['# The programmatic API: writing a regression test'],
      'docs/tracing-and-capture.md': ['## Reading a trace', '## Capturing traffic'],
      'docs/device-profiles.md': ['# Device profiles'],
      'docs/deterministic-runs.md': ['# Deterministic runs'],
      'docs/limits.md': ['# Limits of the emulation'],
    };
    for (const [file, heads] of Object.entries(sections)) {
      const text = read(file);
      for (const h of heads) expect(text, file).toMatch(new RegExp(`^${h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    }
  });
});
