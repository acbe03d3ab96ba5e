/**
 * A device registry from Platform Builder `.reg` sources (common.reg, platform.reg, project.reg and the
 * components' files, as a device folder often ships them): merged into one REGEDIT4 text that
 * `--registry` accepts.
 *
 * Those files are input to the image build, not regedit files: they have no REGEDIT4 header and use
 * the build's preprocessor - `#define NAME value`, `$(NAME)`, `#if` / `#else` / `#endif` with
 * `defined NAME`, `!`, `&&`, `||` and `$(X)=="text"`, `#include` of build-tree files, `#error`, and
 * localization macros (`dword:LOC_LCID`) that the build fills in. Here: #define and $(...) are
 * expanded, conditions evaluated (DEFAULT_LOCALE is en-US, LOC_LCID 0409, other names undefined),
 * #include and #error skipped; makeimg's own conditionals (`IF IMGNOKITL !` ... `ENDIF`, on image
 * variables, all unset here) evaluated; `multi_sz:"a","b"` written as REG_MULTI_SZ and `mui_sz:"x.dll,#5"`
 * as REG_MUI_SZ (hex(15), the text "x.dll,#5"); trailing `; comments` removed; and every line that still does not parse (an
 * unexpanded LOC_ string) dropped and counted. Files merge in build order: common.reg first, then the others by name,
 * platform.reg and project.reg last (later values win).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Registry, decodeRegFile } from '../../core/registry/registry.js';

export interface MergedRegistry {
  text: string;
  files: string[];
  /** Lines left out: unparsable values, keys under unknown roots, #include. */
  dropped: number;
  /** The key and value lines left out (`file: line`). */
  droppedLines: string[];
}

/** The .reg files of a folder in build order (or the one file given). */
export function regFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const names = readdirSync(path).filter((f) => /\.reg$/i.test(f));
  const rank = (f: string) => {
    const n = f.toLowerCase();
    return n === 'common.reg' ? 0 : n === 'platform.reg' ? 2 : n === 'project.reg' ? 3 : 1;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => join(path, f));
}

/**
 * The build's defines for an English image. The localized strings (LOC_*, from the build's .str files,
 * not shipped with a device's .reg sources) are unknown and their values dropped, except the device
 * identity: common.reg sets HKLM\Ident Name/Desc from LOC_DEFAULTDEVICENAME/LOC_DEFAULTDEVICEDESC and every
 * CE device has a name there (the redirector, RTC's RtcGetUserName in msmsgs.exe, DHCP read it; MSDN "Naming a
 * Device": 1-15 characters, a leading letter). Without it the value is absent, which no device is: the
 * generic CE name stands in (quoted: the macro stands for a whole string value).
 */
const DEFAULT_DEFINES: Record<string, string> = {
  DEFAULT_LOCALE: 'en-US',
  LOC_LCID: '00000409',
  LOCALE: '0409',
  LOC_DEFAULTDEVICENAME: '"WindowsCE"',
  LOC_DEFAULTDEVICEDESC: '"Windows CE device"',
};

/** Evaluates a preprocessor condition (after $(...) expansion). */
function evalCondition(expr: string, defines: Map<string, string>): boolean {
  const tokens = expr.match(/"[^"]*"|==|!=|&&|\|\||[()!]|[A-Za-z_][\w.-]*|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): boolean | string => {
    const t = tokens[i++];
    if (t === undefined) return false;
    if (t === '!') return !truthy(primary());
    if (t === '(') {
      const v = or();
      if (peek() === ')') i++;
      return v;
    }
    if (t === 'defined') {
      let n = tokens[i++];
      if (n === '(') {
        n = tokens[i++];
        if (peek() === ')') i++;
      }
      return n !== undefined && defines.has(n);
    }
    if (t.startsWith('"')) return t.slice(1, -1);
    return defines.get(t) ?? t; // a bare word compares as text
  };
  const truthy = (v: boolean | string) => (typeof v === 'boolean' ? v : v !== '' && v !== '0');
  const cmp = (): boolean | string => {
    const a = primary();
    if (peek() === '==' || peek() === '!=') {
      const op = tokens[i++];
      const b = primary();
      const eq = String(a).toLowerCase() === String(b).toLowerCase();
      return op === '==' ? eq : !eq;
    }
    return a;
  };
  const and = (): boolean => {
    let v = truthy(cmp());
    while (peek() === '&&') {
      i++;
      v = truthy(cmp()) && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek() === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/** A makeimg `IF` condition: terms `NAME`, `NAME !`, `NAME=VALUE` joined by `||` / `&&` (left to right). */
function imageCondition(expr: string, defines: Map<string, string>): boolean {
  const parts = expr.trim().split(/\s*(\|\||&&)\s*/);
  let v: boolean | undefined;
  for (let i = 0; i < parts.length; i += 2) {
    const m = /^([^\s=!]+)\s*(?:=\s*(\S+))?\s*(!?)$/.exec(parts[i]!);
    let term = false;
    if (m) {
      const val = defines.get(m[1]!);
      term = m[2] !== undefined ? val !== undefined && val.toLowerCase() === m[2].toLowerCase() : val !== undefined;
      if (m[3] === '!') term = !term;
    }
    v = v === undefined ? term : parts[i - 1] === '&&' ? v && term : v || term;
  }
  return v ?? false;
}

/** Preprocesses one Platform Builder .reg text into plain lines (no header). */
export function preprocessReg(text: string, defines: Map<string, string>): { lines: string[]; dropped: number } {
  const out: string[] = [];
  let dropped = 0;
  // Each frame: is this branch active; has any branch of this #if been taken.
  const stack: { active: boolean; taken: boolean; parent: boolean }[] = [];
  const active = () => stack.every((f) => f.active);
  // $(NAME), and the localization macros the build substitutes bare (dword:LOC_LCID) when known.
  const expand = (s: string) => s.replace(/\$\(([^)]*)\)/g, (_, n: string) => defines.get(n) ?? '').replace(/\bLOC_\w+/g, (n) => defines.get(n) ?? n);
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const t = raw.trim();
    // makeimg conditionals on image variables: `IF NAME`, `IF NAME !`, `IF LOCALE=0411`, `IF A || B`, `ELSE`, `ENDIF`.
    const img = /^(IF|ELSE|ENDIF)\b(.*)$/.exec(stripComment(t));
    if (img) {
      if (img[1] === 'IF') {
        const cond = imageCondition(img[2]!, defines);
        stack.push({ active: cond, taken: cond, parent: active() });
      } else if (img[1] === 'ELSE') {
        const f = stack[stack.length - 1];
        if (f) {
          f.active = !f.taken;
          f.taken = true;
        }
      } else stack.pop();
      continue;
    }
    const d = /^#\s*(\w+)\s*(.*)$/.exec(t);
    if (!d) {
      if (active()) out.push(expand(raw));
      continue;
    }
    const [, word, rest] = d;
    switch (word!.toLowerCase()) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const parent = active();
        const cond = word === 'ifdef' ? defines.has(rest!.trim()) : word === 'ifndef' ? !defines.has(rest!.trim()) : evalCondition(expand(rest!), defines);
        stack.push({ active: cond, taken: cond, parent });
        break;
      }
      case 'elif': {
        const f = stack[stack.length - 1];
        if (f) {
          const cond = !f.taken && evalCondition(expand(rest!), defines);
          f.active = cond;
          f.taken ||= cond;
        }
        break;
      }
      case 'else': {
        const f = stack[stack.length - 1];
        if (f) {
          f.active = !f.taken;
          f.taken = true;
        }
        break;
      }
      case 'endif':
        stack.pop();
        break;
      case 'define':
        if (active()) {
          const m = /^(\S+)\s*(.*)$/.exec(rest!);
          if (m) defines.set(m[1]!, expand(m[2]!.trim()));
        }
        break;
      case 'undef':
        if (active()) defines.delete(rest!.trim());
        break;
      default: // #include (build-tree files), #error, #pragma ...
        if (active()) dropped++;
    }
  }
  return { lines: out, dropped };
}

/** Removes a trailing `; comment` outside quoted strings. */
function stripComment(line: string): string {
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && q) i++;
    else if (c === '"') q = !q;
    else if (c === ';' && !q) return line.slice(0, i).trimEnd();
  }
  return line;
}

/** A value line in regedit syntax: build-only types converted (multi_sz, mui_sz), comments removed. */
function valueLine(t: string): string | undefined {
  const line = stripComment(t);
  const m = /^(@|"(?:[^"\\]|\\.)*")\s*=\s*(multi_sz|mui_sz)\s*:\s*(.*)$/i.exec(line);
  if (!m) return line;
  const strings = [...m[3]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]!.replace(/\\(.)/g, '$1'));
  // mui_sz: REG_MUI_SZ (21, CE-specific: "module,#id", a string resource), kept as its own type so that
  // RegQueryValueExW answers the string itself as a device does (coredll/registry.ts).
  if (m[2]!.toLowerCase() === 'mui_sz') {
    if (strings.length !== 1) return undefined;
    const mui = Buffer.from(strings[0]! + '\0', 'utf16le');
    return `${m[1]}=hex(15):${[...mui].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
  }
  const bytes = Buffer.from(strings.map((x) => x + '\0').join('') + '\0', 'latin1');
  return `${m[1]}=hex(7):${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

/** Merges .reg sources (a file or a folder of them) into one REGEDIT4 text the registry loader accepts. */
export function mergeDeviceRegistry(path: string): MergedRegistry {
  const files = regFiles(path);
  const defines = new Map(Object.entries(DEFAULT_DEFINES));
  const out: string[] = ['REGEDIT4', ''];
  let dropped = 0;
  const droppedLines: string[] = [];
  const probe = (key: string, line: string) => {
    try {
      new Registry().load(`REGEDIT4\n[${key}]\n${line}\n`);
      return true;
    } catch {
      return false;
    }
  };
  for (const file of files) {
    const text = decodeRegFile(readFileSync(file));
    const body = /^\s*(REGEDIT4|Windows Registry Editor Version 5\.00)\s*$/m.exec(
      text.split(/\r?\n/, 40).find((l) => l.trim() !== '' && !l.trim().startsWith(';')) ?? '',
    )
      ? text.replace(/^[\s\S]*?(REGEDIT4|Windows Registry Editor Version 5\.00)[^\n]*\n/, '')
      : text;
    const pp = preprocessReg(body, defines);
    dropped += pp.dropped;
    out.push(`; ${basename(file)}`);
    let key: string | undefined;
    const lines = pp.lines;
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!;
      // Continuations: a trailing backslash, or a multi_sz list ending in a comma.
      for (;;) {
        if (/\\\s*$/.test(line) && i + 1 < lines.length) line = line.replace(/\\\s*$/, '') + lines[++i]!.trim();
        else if (/=\s*multi_sz\s*:.*,\s*$/i.test(stripComment(line)) && i + 1 < lines.length) line = stripComment(line) + lines[++i]!.trim();
        else break;
      }
      const t = line.trim();
      if (t === '' || t.startsWith(';')) continue;
      if (t.startsWith('[')) {
        const m = /^\[(-?)([^\]]+)\]$/.exec(t);
        if (m && probe(m[2]!.trim(), '')) {
          key = m[1] ? undefined : m[2]!.trim();
          out.push(t);
        } else {
          key = undefined;
          dropped++;
        }
        continue;
      }
      const v = key !== undefined ? valueLine(t) : undefined;
      if (key !== undefined && v !== undefined && probe(key, v)) out.push(v);
      else {
        dropped++;
        droppedLines.push(`${basename(file)}: ${t}`);
      }
    }
    out.push('');
  }
  return { text: out.join('\r\n'), files, dropped, droppedLines };
}
