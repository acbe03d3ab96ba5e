/**
 * The device registry: a tree of keys with typed values under the four predefined roots, loaded from
 * and saved to REGEDIT4 `.reg` text.
 *
 * Names are case-insensitive and keep the case they were created with. Value data is stored as the
 * bytes the registry API sees (strings as UTF-16LE with their terminating NUL). Subkeys enumerate in
 * case-insensitive alphabetical order, values in creation order.
 *
 * `.reg` reading: `REGEDIT4` or `Windows Registry Editor Version 5.00` header (the file may be UTF-8,
 * Latin-1 or UTF-16LE with BOM), `[ROOT\path]` creates a key, `[-ROOT\path]` deletes a tree,
 * `"name"="text"` (`\\` and `\"` escapes), `@=` for the default value, `"name"=-` deletes a value,
 * `dword:0000002a`, `hex:01,02`, `hex(N):...` for other types (hex(2) REG_EXPAND_SZ and hex(7)
 * REG_MULTI_SZ are 8-bit text in REGEDIT4 files, UTF-16LE in version 5 files), lines continued with a
 * trailing `\`, `;` comments. Writing produces REGEDIT4 (UTF-8 text: non-ASCII characters of REG_SZ
 * values are kept; hex(2)/hex(7) characters above U+00FF cannot be written in REGEDIT4 and become `?`).
 */

export const REG = {
  NONE: 0,
  SZ: 1,
  EXPAND_SZ: 2,
  BINARY: 3,
  DWORD: 4,
  DWORD_BIG_ENDIAN: 5,
  LINK: 6,
  MULTI_SZ: 7,
  QWORD: 11,
} as const;

export const ROOTS: Record<string, number> = {
  HKEY_CLASSES_ROOT: 0x8000_0000,
  HKEY_CURRENT_USER: 0x8000_0001,
  HKEY_LOCAL_MACHINE: 0x8000_0002,
  HKEY_USERS: 0x8000_0003,
};
const ROOT_ALIASES: Record<string, string> = { HKCR: 'HKEY_CLASSES_ROOT', HKCU: 'HKEY_CURRENT_USER', HKLM: 'HKEY_LOCAL_MACHINE', HKU: 'HKEY_USERS' };

export interface RegValue {
  name: string;
  type: number;
  data: Buffer;
}

export class RegKey {
  readonly subkeys = new Map<string, RegKey>();
  readonly values = new Map<string, RegValue>();
  deleted = false;
  lastWrite = new Date();
  constructor(
    public name: string,
    public parent: RegKey | undefined,
  ) {}

  get path(): string {
    return this.parent ? `${this.parent.path}\\${this.name}` : this.name;
  }
  child(name: string): RegKey | undefined {
    return this.subkeys.get(name.toLowerCase());
  }
  /** Subkeys in enumeration order. */
  sortedSubkeys(): RegKey[] {
    return [...this.subkeys.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  }
  value(name: string): RegValue | undefined {
    return this.values.get(name.toLowerCase());
  }
  setValue(name: string, type: number, data: Buffer): void {
    const k = name.toLowerCase();
    const old = this.values.get(k);
    if (old) {
      old.type = type;
      old.data = data;
    } else this.values.set(k, { name, type, data });
    this.lastWrite = new Date();
  }
  deleteValue(name: string): boolean {
    const ok = this.values.delete(name.toLowerCase());
    if (ok) this.lastWrite = new Date();
    return ok;
  }
  /** Marks the whole subtree deleted (open handles to it then fail with ERROR_KEY_DELETED). */
  markDeleted(): void {
    this.deleted = true;
    for (const c of this.subkeys.values()) c.markDeleted();
  }
}

export function splitKeyPath(path: string): string[] {
  return path.split('\\').filter((s) => s !== '');
}

export class Registry {
  readonly roots = new Map<number, RegKey>();
  /** Set when a guest changed something (persist only then). */
  dirty = false;

  constructor() {
    for (const [name, h] of Object.entries(ROOTS)) this.roots.set(h, new RegKey(name, undefined));
  }

  root(name: string): RegKey | undefined {
    const full = ROOT_ALIASES[name.toUpperCase()] ?? name.toUpperCase();
    const h = ROOTS[full];
    return h === undefined ? undefined : this.roots.get(h);
  }

  /** Finds a key below `from`. */
  find(from: RegKey, path: string): RegKey | undefined {
    let k: RegKey | undefined = from;
    for (const part of splitKeyPath(path)) {
      k = k.child(part);
      if (!k) return undefined;
    }
    return k;
  }

  /** Finds or creates a key below `from`; `created` tells whether the last one was new. */
  create(from: RegKey, path: string): { key: RegKey; created: boolean } {
    let k = from;
    let created = false;
    for (const part of splitKeyPath(path)) {
      let c = k.child(part);
      created = false;
      if (!c) {
        c = new RegKey(part, k);
        k.subkeys.set(part.toLowerCase(), c);
        k.lastWrite = new Date();
        created = true;
      }
      k = c;
    }
    return { key: k, created };
  }

  /** Deletes `key` and its subtree. */
  deleteKey(key: RegKey): void {
    if (!key.parent) return;
    key.parent.subkeys.delete(key.name.toLowerCase());
    key.parent.lastWrite = new Date();
    key.markDeleted();
  }

  /** A full path (`HKEY_LOCAL_MACHINE\Software\X`) → key, creating it if asked. */
  byFullPath(path: string, create: boolean): RegKey | undefined {
    const parts = splitKeyPath(path);
    const root = parts.length ? this.root(parts[0]!) : undefined;
    if (!root) return undefined;
    const rest = parts.slice(1).join('\\');
    return create ? this.create(root, rest).key : this.find(root, rest);
  }

  // ------------------------------------------------------------------ .reg files
  /** Applies `.reg` text (REGEDIT4 or version 5). Throws RegFileError with a line number on bad input. */
  load(text: string): void {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    let i = 0;
    // Header.
    while (i < lines.length && lines[i]!.trim() === '') i++;
    const header = (lines[i] ?? '').trim();
    let v5: boolean;
    if (header === 'REGEDIT4') v5 = false;
    else if (header === 'Windows Registry Editor Version 5.00') v5 = true;
    else throw new RegFileError(i + 1, `expected REGEDIT4 header, found '${header.slice(0, 40)}'`);
    i++;
    let key: RegKey | undefined;
    while (i < lines.length) {
      const lineNo = i + 1;
      let line = lines[i++]!;
      // Continuations: a trailing backslash outside of a quoted string joins the next line.
      // (String values end with a quote, so only hex lists can end in one.)
      while (/\\\s*$/.test(line) && i < lines.length) {
        line = line.replace(/\\\s*$/, '') + lines[i++]!.trim();
      }
      const t = line.trim();
      if (t === '' || t.startsWith(';')) continue;
      if (t.startsWith('[')) {
        const m = /^\[(-?)([^\]]+)\]$/.exec(t);
        if (!m) throw new RegFileError(lineNo, `bad key line '${t}'`);
        const path = m[2]!.trim();
        if (m[1]) {
          const k = this.byFullPath(path, false);
          if (k) this.deleteKey(k);
          key = undefined;
          continue;
        }
        key = this.byFullPath(path, true);
        if (!key) throw new RegFileError(lineNo, `unknown root key in '${path}'`);
        continue;
      }
      if (!key) throw new RegFileError(lineNo, 'value outside of a key');
      const vm = /^(@|"((?:[^"\\]|\\.)*)")\s*=\s*(.*)$/.exec(t);
      if (!vm) throw new RegFileError(lineNo, `bad value line '${t.slice(0, 60)}'`);
      const name = vm[1] === '@' ? '' : unescapeRegString(vm[2]!);
      const data = vm[3]!.trim();
      if (data === '-') {
        key.deleteValue(name);
        continue;
      }
      const parsed = parseRegData(data, v5);
      if (!parsed) throw new RegFileError(lineNo, `bad value data '${data.slice(0, 60)}'`);
      key.setValue(name, parsed.type, parsed.data);
    }
  }

  /** The whole registry as REGEDIT4 text. */
  save(): string {
    const out: string[] = [];
    this.saveLines((l) => out.push(l));
    return out.join('\r\n');
  }

  /** The REGEDIT4 text line by line (persisting a large registry without one giant string). */
  saveLines(write: (line: string) => void): void {
    write('REGEDIT4');
    write('');
    const walk = (k: RegKey) => {
      if (k.parent) {
        write(`[${k.path}]`);
        for (const v of k.values.values()) write(formatRegValue(v));
        write('');
      }
      for (const c of k.sortedSubkeys()) walk(c);
    };
    for (const r of this.roots.values()) walk(r);
  }
}

export class RegFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Decodes `.reg` file bytes (UTF-16LE with BOM, UTF-8, else Latin-1). */
export function decodeRegFile(bytes: Uint8Array): string {
  const b = Buffer.from(bytes);
  if (b[0] === 0xff && b[1] === 0xfe) return b.subarray(2).toString('utf16le');
  const utf8 = b.toString('utf8');
  return utf8.includes('\uFFFD') ? b.toString('latin1') : utf8;
}

function unescapeRegString(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
function escapeRegString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function utf16z(s: string): Buffer {
  return Buffer.from(s + '\0', 'utf16le');
}

function parseRegData(data: string, v5: boolean): { type: number; data: Buffer } | undefined {
  if (data.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
    if (!m) return undefined;
    return { type: REG.SZ, data: utf16z(unescapeRegString(m[1]!)) };
  }
  const dw = /^dword:([0-9a-fA-F]{1,8})$/.exec(data);
  if (dw) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(parseInt(dw[1]!, 16) >>> 0);
    return { type: REG.DWORD, data: b };
  }
  const hx = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/.exec(data);
  if (hx) {
    const type = hx[1] === undefined ? REG.BINARY : parseInt(hx[1], 16);
    const list = hx[2]!.replace(/\s+/g, '');
    if (list !== '' && !/^[0-9a-fA-F]{1,2}(,[0-9a-fA-F]{1,2})*,?$/.test(list)) return undefined;
    let bytes = Buffer.from(
      list === ''
        ? []
        : list
            .replace(/,$/, '')
            .split(',')
            .map((x) => parseInt(x, 16)),
    );
    if (!v5 && (type === REG.EXPAND_SZ || type === REG.MULTI_SZ)) {
      // REGEDIT4 stores these strings as 8-bit text; the registry API sees UTF-16LE.
      bytes = Buffer.from(bytes.toString('latin1'), 'utf16le');
    }
    return { type, data: bytes };
  }
  return undefined;
}

function hexList(prefix: string, data: Buffer): string {
  // Lines of at most ~80 characters, continued with a backslash, like regedit.
  const parts = [...data].map((b) => b.toString(16).padStart(2, '0'));
  const lines: string[] = [];
  let cur = prefix;
  for (let i = 0; i < parts.length; i++) {
    const item = parts[i]! + (i < parts.length - 1 ? ',' : '');
    if (cur.length + item.length > 77 && i > 0) {
      lines.push(cur + '\\');
      cur = '  ';
    }
    cur += item;
  }
  lines.push(cur);
  return lines.join('\r\n');
}

function formatRegValue(v: RegValue): string {
  const name = v.name === '' ? '@' : `"${escapeRegString(v.name)}"`;
  if (v.type === REG.SZ && v.data.length % 2 === 0) {
    const s = v.data.toString('utf16le');
    const body = s.endsWith('\0') ? s.slice(0, -1) : s;
    if (!body.includes('\0') && !/[\r\n]/.test(body) && s.endsWith('\0')) return `${name}="${escapeRegString(body)}"`;
  }
  if (v.type === REG.DWORD && v.data.length === 4) return `${name}=dword:${v.data.readUInt32LE(0).toString(16).padStart(8, '0')}`;
  if (v.type === REG.BINARY) return hexList(`${name}=hex:`, v.data);
  let data = v.data;
  if ((v.type === REG.EXPAND_SZ || v.type === REG.MULTI_SZ) && data.length % 2 === 0) {
    data = Buffer.from(data.toString('utf16le').replace(/[^\x00-\xff]/g, '?'), 'latin1');
  }
  return hexList(`${name}=hex(${v.type.toString(16)}):`, data);
}

/** The registry a device starts with when no `.reg` file is given. */
export const DEFAULT_REGISTRY = `REGEDIT4

[HKEY_LOCAL_MACHINE\\Ident]
"Name"="WindowsMobile"
"Desc"="wmemu device"

[HKEY_LOCAL_MACHINE\\Software]

[HKEY_LOCAL_MACHINE\\System]

[HKEY_LOCAL_MACHINE\\Comm]

[HKEY_CURRENT_USER\\Software]

[HKEY_CLASSES_ROOT]
`;
