/**
 * The README documents what `wmemu run --help` offers, and the other way round.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

describe('docs match --help', () => {
  it('every `wmemu run` option is documented in the README, and the README table lists only real options', () => {
    const help = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'run', '--help'], { encoding: 'utf8' }).stdout;
    const fromHelp = new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((o) => o !== '--help'));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Running an app'), readme.indexOf('### Exit codes'));
    const rows = section.split('\n').filter((l) => l.startsWith('| `--'));
    const fromReadme = new Set(rows.flatMap((l) => [...l.split('|')[1]!.matchAll(/`(--[a-z][a-z-]*)/g)].map((m) => m[1]!)));
    // Every option in the table exists; every option of --help is documented (in the table, or by name elsewhere).
    expect([...fromReadme].filter((o) => !fromHelp.has(o))).toEqual([]);
    expect([...fromHelp].filter((o) => !fromReadme.has(o) && !readme.includes('`' + o))).toEqual([]);
  });

  it('the README names the sections issue 7 asks for', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const h of ['## Running an app', '## Writing a regression test', '## Reading a trace', '## Capturing traffic', '## Device profiles', '## Deterministic runs', '## Limits of the emulation']) {
      expect(readme).toContain(h);
    }
  });
});
