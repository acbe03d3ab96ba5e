/**
 * docs/cli.md documents what `wmemu run --help` offers, and the other way round; the documentation
 * pages have the sections readers are sent to; every relative link between them resolves.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
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

/** GitHub's heading anchors: the heading's text, lower-case, punctuation dropped, spaces to '-'. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[`*]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The text with fenced code blocks blanked (links and headings in examples are not real). */
function withoutCode(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((l) => {
      if (/^\s*```/.test(l)) {
        fenced = !fenced;
        return '';
      }
      return fenced ? '' : l;
    })
    .join('\n');
}

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

describe('roms/README.md', () => {
  it('lists every file in roms/bin', () => {
    const readme = read('roms/README.md');
    const rows = readme.split('\n').filter((l) => l.startsWith('| `'));
    const listed = new Set(rows.flatMap((l) => [...l.split('|')[1]!.matchAll(/`([\w.]+\.(?:exe|dll))`/g)].map((m) => m[1]!)));
    const files = readdirSync(join(ROOT, 'roms', 'bin'));
    expect(files.length).toBeGreaterThan(60);
    expect(files.filter((f) => !listed.has(f))).toEqual([]);
    expect([...listed].filter((f) => !files.includes(f))).toEqual([]);
  });
});

describe('paths', () => {
  it('every repository path the docs name in backquotes exists', () => {
    const top = /^(emulator|winsock-shim|cli|roms|test|examples|bench|profiles|scripts|docs)\//;
    const missing: string[] = [];
    for (const file of ['README.md', 'roms/README.md', 'bench/README.md', ...markdownFiles('docs')]) {
      for (const m of read(file).matchAll(/`([\w./-]+)`/g)) {
        const p = m[1]!.replace(/[.,:;]$/, '');
        if (!p.includes('/') || /\.\.|\/\/|NAME|\bX\b/.test(p)) continue; // placeholders: src/NAME.def
        // roms/README.md names files relative to roms/ (`src/hello.c`).
        const inRoms = file === 'roms/README.md' && /^(src|asm|bin|crt|include|tools)\//.test(p);
        const candidates = top.test(p) ? [p] : inRoms ? [join('roms', p)] : [];
        for (const c of candidates) if (!existsSync(join(ROOT, c))) missing.push(`${file}: ${p}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('links', () => {
  it('every relative link in README.md, docs/, roms/ and bench/ points at an existing file (and heading)', () => {
    const files = ['README.md', 'roms/README.md', 'bench/README.md', ...markdownFiles('docs')];
    const broken: string[] = [];
    let checked = 0;
    for (const file of files) {
      // Inline code spans are not links either.
      const text = withoutCode(read(file)).replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        checked++;
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const abs = path === '' ? join(ROOT, file) : join(ROOT, dirname(file), decodeURI(path));
        if (!existsSync(abs)) {
          broken.push(`${file}: ${target} (no such file)`);
          continue;
        }
        if (anchor !== undefined && statSync(abs).isFile() && abs.endsWith('.md') && !anchors(readFileSync(abs, 'utf8')).has(anchor)) {
          broken.push(`${file}: ${target} (no heading #${anchor} in ${relative(ROOT, abs)})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });
});
