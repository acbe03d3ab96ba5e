/**
 * coredll FormatMessageW: message texts from a string, from a module's message table
 * (RT_MESSAGETABLE resources), or from the system table, with inserts and escapes expanded.
 *
 * Sources (dwFlags):
 * - FORMAT_MESSAGE_FROM_STRING: lpSource is the text (wins over the other two).
 * - FORMAT_MESSAGE_FROM_HMODULE: the RT_MESSAGETABLE (type 11) resource named 1 of lpSource (NULL =
 *   the executable; a loaded ARM DLL's handle; COREDLL's pseudo handle = the system table below).
 *   Errors: no .rsrc → ERROR_RESOURCE_DATA_NOT_FOUND (1812), no message table →
 *   ERROR_RESOURCE_TYPE_NOT_FOUND (1813), no table in the asked language →
 *   ERROR_RESOURCE_LANG_NOT_FOUND (1815), id not in the table → ERROR_MR_MID_NOT_FOUND (317), an
 *   unknown handle → ERROR_INVALID_HANDLE. dwLanguageId 0 (or another LANG_NEUTRAL id such as the
 *   user/system default 0x400/0x800) picks neutral, then en-US, then any; another id must match.
 * - FORMAT_MESSAGE_FROM_SYSTEM: the built-in texts (SYSTEM_MESSAGES in locale.ts; Win32 and Winsock
 *   errors); with FROM_HMODULE as well, the module is searched first and the system is the fallback.
 *
 * Message table layout (winnt.h MESSAGE_RESOURCE_DATA): DWORD NumberOfBlocks, then blocks {DWORD
 * LowId, HighId, OffsetToEntries} (offset from the start of the resource), each pointing at
 * HighId - LowId + 1 consecutive entries {WORD Length (whole entry, header included), WORD Flags
 * (1 = UTF-16, 0 = ANSI, code page 1252 here), text NUL-terminated and padded}.
 *
 * Expansion (as desktop Windows does it; Wine's conformance tests are the reference):
 * - `%1`..`%99` inserts, optionally `%N!fmt!` with a printf format (default `!s!`: a WCHAR string);
 *   `*` in the format takes width/precision from the next argument. FORMAT_MESSAGE_ARGUMENT_ARRAY:
 *   Arguments is an array of 32-bit values, %N is element N-1. Otherwise Arguments points at a
 *   va_list (on ARM a plain pointer into the argument words) read in order; Windows' quirk of reusing
 *   the slot after a `*` argument for the value is reproduced (so later %N numbers shift by one).
 *   Inserts without Arguments fail with ERROR_INVALID_PARAMETER. FORMAT_MESSAGE_IGNORE_INSERTS
 *   copies `%N` (and every other `%x`) unchanged.
 * - `%0` ends the message (no trailing line break), `%n` CR LF, `%r` CR, `%t` tab, any other `%x`
 *   prints x (`%%`, `%.`, `%!`, `% `); a lone `%` at the end is ERROR_INVALID_PARAMETER.
 * - Line breaks in the text (CR LF, lone CR or LF) come out as CR LF; with a MAX_WIDTH value in the
 *   low byte of dwFlags they become spaces, and (for widths other than FORMAT_MESSAGE_MAX_WIDTH_MASK)
 *   the text is wrapped at white space so that no line is longer than the width (a longer word stays
 *   whole on its own line; the break replaces the space). Hard breaks from `%n`/`%r` stay.
 * - FORMAT_MESSAGE_ALLOCATE_BUFFER: the result goes into a LocalAlloc'd buffer (at least nSize
 *   WCHARs) whose address is stored at lpBuffer; otherwise nSize must hold the text and its NUL
 *   (else ERROR_INSUFFICIENT_BUFFER). The result is the length without the NUL.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { RT_MESSAGETABLE } from '../../core/pe/resources.js';
import { formatCe, type GuestStrings, type VarArgs } from './format.js';
import { decode1252, SYSTEM_MESSAGES } from './locale.js';
import { moduleOf } from './modules.js';
import { ERROR } from '../../core/win32-errors.js';
import { doubleFromWords } from '../../core/api/float-bits.js';

const FORMAT_MESSAGE_ALLOCATE_BUFFER = 0x0100;
const FORMAT_MESSAGE_IGNORE_INSERTS = 0x0200;
const FORMAT_MESSAGE_FROM_STRING = 0x0400;
const FORMAT_MESSAGE_FROM_HMODULE = 0x0800;
const FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;
const FORMAT_MESSAGE_ARGUMENT_ARRAY = 0x2000;
const FORMAT_MESSAGE_MAX_WIDTH_MASK = 0x00ff;

// ------------------------------------------------------------------ message tables
/** Looks `id` up in a MESSAGE_RESOURCE_DATA blob: the text, or undefined when the id is missing. */
export function findMessage(data: Uint8Array, id: number): string | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u32 = (o: number) => (o >= 0 && o + 4 <= data.length ? view.getUint32(o, true) : undefined);
  const blocks = u32(0);
  if (blocks === undefined) return undefined;
  id >>>= 0;
  for (let b = 0; b < Math.min(blocks, 0x10000); b++) {
    const low = u32(4 + 12 * b);
    const high = u32(8 + 12 * b);
    let off = u32(12 + 12 * b);
    if (low === undefined || high === undefined || off === undefined) return undefined;
    if (id < low || id > high) continue;
    for (let cur = low; off + 4 <= data.length; cur++) {
      const len = view.getUint16(off, true);
      const flags = view.getUint16(off + 2, true);
      if (len < 4 || off + len > data.length) return undefined;
      if (cur === id) {
        let s = '';
        if (flags & 1) {
          for (let p = off + 4; p + 1 < off + len; p += 2) {
            const u = view.getUint16(p, true);
            if (u === 0) break;
            s += String.fromCharCode(u);
          }
        } else {
          for (let p = off + 4; p < off + len; p++) {
            if (data[p] === 0) break;
            s += String.fromCharCode(decode1252(data[p]!));
          }
        }
        return s;
      }
      off += len;
    }
    return undefined;
  }
  return undefined;
}

type Lookup = { text: string } | { error: number };

/** The message `id` of module `h` (FORMAT_MESSAGE_FROM_HMODULE). */
function moduleMessage(cx: ApiContext, h: number, id: number, lang: number): Lookup {
  const ref = moduleOf(cx, h);
  if (!ref) return { error: ERROR.INVALID_HANDLE };
  if (ref.kind === 'emulated') {
    // COREDLL carries the system messages; the other emulated DLLs have no resources.
    if (ref.dll.spec.name.toUpperCase() !== 'COREDLL.DLL') return { error: ERROR.RESOURCE_DATA_NOT_FOUND };
    return systemMessage(id);
  }
  const mod = ref.mod;
  const dir = mod.resources;
  if (dir.leaves.length === 0) return { error: ERROR.RESOURCE_DATA_NOT_FOUND };
  const tables = dir.leaves.filter((l) => l.type === RT_MESSAGETABLE && l.name === 1);
  if (tables.length === 0) return { error: ERROR.RESOURCE_TYPE_NOT_FOUND };
  // LANG_NEUTRAL with any sublanguage (0, LANG_USER_DEFAULT 0x400, LANG_SYSTEM_DEFAULT 0x800): search.
  const leaf =
    (lang & 0x3ff) === 0
      ? (tables.find((l) => l.lang === 0) ?? tables.find((l) => l.lang === 0x409) ?? tables[0])
      : tables.find((l) => l.lang === (lang & 0xffff));
  if (!leaf) return { error: ERROR.RESOURCE_LANG_NOT_FOUND };
  const image = cx.mem.ram.subarray(mod.base, mod.base + mod.size);
  const text = findMessage(image.subarray(leaf.dataRva, leaf.dataRva + leaf.size), id);
  return text === undefined ? { error: ERROR.MR_MID_NOT_FOUND } : { text };
}

function systemMessage(id: number): Lookup {
  const t = SYSTEM_MESSAGES.get(id >>> 0) ?? (id >>> 16 === 0x8007 ? SYSTEM_MESSAGES.get(id & 0xffff) : undefined);
  return t === undefined ? { error: ERROR.MR_MID_NOT_FOUND } : { text: t + '\r\n' };
}

// ------------------------------------------------------------------ expansion
class InsertError extends Error {}

/** Insert arguments: an array (random access) or a va_list (read in order, cached). */
class InsertArgs {
  private readonly cache: number[] = [];
  private read = 0;
  last = 0;
  constructor(
    private readonly cx: ApiContext,
    private readonly array: boolean,
    private readonly base: number,
  ) {}
  /** Slot of insert `nr` (1-based; -1 = the one after the last used). */
  get(nr: number): number {
    if (nr === -1) nr = this.last + 1;
    if (!this.array) {
      while (nr > this.last) this.cache[this.last++] = this.cx.mem.u32(this.base + 4 * this.read++);
    }
    if (nr > this.last) this.last = nr;
    return this.array ? this.cx.mem.u32(this.base + 4 * (nr - 1)) : this.cache[nr - 1]!;
  }
  /** The slot after the one `get` just returned (the high half of a 64-bit insert). */
  next(nr: number): number {
    return this.array ? this.cx.mem.u32(this.base + 4 * nr) : this.cx.mem.u32(this.base + 4 * this.read);
  }
  get isVaList(): boolean {
    return !this.array;
  }
}

/** One `%N` or `%N!fmt!` insert, formatted like the CRT would (wide function). */
function formatInsert(cx: ApiContext, insert: number, spec: string, args: InsertArgs): string {
  let fmt = '%';
  let i = 0;
  let nr = insert;
  let starred = false;
  while (i < spec.length && '0+- *#'.includes(spec[i]!)) {
    if (spec[i] === '*') {
      fmt += String(args.get(nr) >>> 0);
      nr = -1;
      starred = true;
    } else fmt += spec[i];
    i++;
  }
  while (i < spec.length && /[0-9]/.test(spec[i]!)) fmt += spec[i++];
  if (spec[i] === '.') {
    fmt += spec[i++];
    if (spec[i] === '*') {
      fmt += String(args.get(nr) >>> 0);
      nr = -1;
      starred = true;
      i++;
    } else while (i < spec.length && /[0-9]/.test(spec[i]!)) fmt += spec[i++];
  }
  fmt += spec.slice(i);
  // Windows' va_list quirk: the value reuses the slot after the last insert read (see module doc).
  if (starred && args.isVaList) args.last--;
  const value = args.get(nr);
  const nrUsed = nr === -1 ? args.last : nr;
  let taken = 0;
  const va: VarArgs = {
    u32: () => (taken++ === 0 ? value : 0),
    u64: () => {
      taken++;
      return (BigInt(args.next(nrUsed)) << 32n) | BigInt(value >>> 0);
    },
    f64: () => {
      taken++;
      return doubleFromWords(value, args.next(nrUsed));
    },
  };
  const strings: GuestStrings = {
    wide: (p, max) => (cx.mem.isUserRange(p, 2) ? cx.mem.wstr(p, max) : null),
    narrow: (p, max) => (cx.mem.isUserRange(p, 1) ? cx.mem.bytes(p, cx.mem.strlen(p, max)).reduce((s, b) => s + String.fromCharCode(decode1252(b)), '') : null),
  };
  return formatCe(fmt, true, 'crt', va, strings);
}

/** Greedy wrap of one hard line at white space: lines of at most `width` characters. */
function wrapLine(line: string, width: number): string {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) {
      cut = rest.indexOf(' ', width); // a word longer than the width stays whole
      if (cut < 0) break;
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  out.push(rest);
  return out.join('\r\n');
}

/** Expands a message text per dwFlags (inserts, escapes, line breaks, width). */
export function expandMessage(cx: ApiContext, text: string, flags: number, argsPtr: number): string {
  const ignore = (flags & FORMAT_MESSAGE_IGNORE_INSERTS) !== 0;
  const array = (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) !== 0;
  const width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
  // va_list on ARM is a plain pointer to the argument words; Arguments points at that va_list.
  const args = argsPtr ? new InsertArgs(cx, array, array ? argsPtr : cx.mem.u32(argsPtr)) : undefined;
  // Hard line breaks are collected as \u0000-marked pieces so wrapping leaves them alone.
  const lines: string[] = [];
  let cur = '';
  const hardBreak = (br: string) => {
    lines.push(cur + '\u0000' + br);
    cur = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (width) cur += ' ';
      else hardBreak('\r\n');
      continue;
    }
    if (c !== '%') {
      cur += c;
      continue;
    }
    const d = text[i + 1];
    if (d === undefined) throw new InsertError();
    if (d >= '1' && d <= '9') {
      let j = i + 2;
      if (text[j] !== undefined && text[j]! >= '0' && text[j]! <= '9') j++;
      const n = Number(text.slice(i + 1, j));
      let spec: string | undefined;
      if (text[j] === '!') {
        const end = text.indexOf('!', j + 1);
        if (end > j) {
          spec = text.slice(j + 1, end);
          j = end + 1;
        }
      }
      if (ignore) cur += text.slice(i, j);
      else {
        if (!args) throw new InsertError();
        cur += formatInsert(cx, n, spec ?? 's', args);
      }
      i = j - 1;
      continue;
    }
    i++;
    if (ignore) {
      cur += '%' + d;
      continue;
    }
    if (d === '0') break;
    if (d === 'n') hardBreak('\r\n');
    else if (d === 'r') hardBreak('\r');
    else if (d === 't') cur += '\t';
    else cur += d; // %% %. %! %space and anything else
  }
  lines.push(cur);
  const wrap = width !== 0 && width !== FORMAT_MESSAGE_MAX_WIDTH_MASK;
  return lines
    .map((l) => {
      const k = l.indexOf('\u0000');
      const body = k < 0 ? l : l.slice(0, k);
      const br = k < 0 ? '' : l.slice(k + 1);
      return (wrap ? wrapLine(body, width) : body) + br;
    })
    .join('');
}

function formatMessage(cx: ApiContext, flags: number, source: number, id: number, lang: number, buf: number, size: number, args: number): number {
  if (!buf) return cx.fail(0, ERROR.INVALID_PARAMETER);
  if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) cx.mem.setU32(buf, 0);
  let text: string | undefined;
  if (flags & FORMAT_MESSAGE_FROM_STRING) {
    if (!source) return cx.fail(0, ERROR.INVALID_PARAMETER);
    text = cx.mem.wstr(source, 1 << 16);
  } else if (flags & (FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM)) {
    let found: Lookup = { error: ERROR.MR_MID_NOT_FOUND };
    if (flags & FORMAT_MESSAGE_FROM_HMODULE) found = moduleMessage(cx, source, id, lang);
    if ('error' in found && flags & FORMAT_MESSAGE_FROM_SYSTEM) found = systemMessage(id);
    if ('error' in found) return cx.fail(0, found.error);
    text = found.text;
  } else {
    return cx.fail(0, ERROR.INVALID_PARAMETER);
  }
  let out: string;
  try {
    out = expandMessage(cx, text, flags, args);
  } catch (e) {
    if (e instanceof InsertError) return cx.fail(0, ERROR.INVALID_PARAMETER);
    throw e;
  }
  if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
    const p = cx.machine.processHeap.alloc(2 * Math.max(out.length + 1, size), true); // LocalAlloc(LMEM_ZEROINIT)
    if (!p) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    cx.mem.writeWstr(p, out);
    cx.mem.setU32(buf, p);
    return out.length;
  }
  if (out.length + 1 > size) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  cx.mem.check(buf, 2 * (out.length + 1), 'write');
  cx.mem.writeWstr(buf, out);
  return out.length;
}

export const messages: ApiDef[] = [
  fn(
    'FormatMessageW(hex dwFlags, ptr lpSource, u32 dwMessageId, hex dwLanguageId, ptr lpBuffer, u32 nSize, ptr Arguments): u32',
    (cx, flags: number, src: number, id: number, lang: number, buf: number, size: number, args: number) =>
      formatMessage(cx, flags, src, id, lang, buf, size, args),
  ),
];
