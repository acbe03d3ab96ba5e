/**
 * coredll stdio (CE's C runtime streams): `_getstdfilex`, fputws/fgetws, fprintf/fwprintf, fread/fwrite,
 * _wfopen/fopen, fseek/ftell, ... The guest console is the host terminal: stdout/stderr go to the
 * machine's output channels (the same ones printf uses, written at once, so the order is kept), stdin
 * reads the host's stdin (MachineOptions.stdin). A read that needs more console input than has arrived
 * parks the calling guest thread until data or EOF comes; Node's event loop never blocks.
 *
 * Streams are unbuffered (every write reaches the host at once, fflush has nothing to do). Files are
 * opened through the device file system, like CreateFileW. Text and binary modes behave alike (no
 * CR/LF translation in files; console input turns CR LF into LF). Wide-character I/O on a byte stream
 * is UTF-8 (console and files alike), narrow I/O passes bytes through. SetStdioPathW redirects the
 * process's stdin/stdout/stderr to a device file (printf follows) and back to the console with "".
 */
import { fstatSync, readSync, writeSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext, VarArgReader } from '../../core/api/context.js';
import type { Machine } from '../../core/machine.js';
import { ConsoleInput } from '../../core/fs/console-input.js';
import { formatStreamed } from './format-guest.js';
import { FileObject, openDeviceFile } from './files.js';
import { applyScanStores, guestBytesText, guestUnitsText, scanArgs, scanCe, ScanNeedsInput } from './scanf.js';
import { ERROR } from '../../core/win32-errors.js';
import { defineSlot } from '../../core/slot.js';

const EOF = 0xffff_ffff; // -1 as a u32 return
const WEOF = 0xffff;
const FILE_STRUCT_SIZE = 32; // opaque to guests; only the pointer value matters
const GENERIC_READ = 0x8000_0000;
const GENERIC_WRITE = 0x4000_0000;
const OPEN_EXISTING = 3;
const CREATE_ALWAYS = 2;
const OPEN_ALWAYS = 4;
const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;
/** Largest read done in one go from a file for a line read (fgets with a huge count, gets). */
const LINE_CHUNK = 64 * 1024;

type Kind = 'stdin' | 'stdout' | 'stderr' | 'file';

class Stream {
  eof = false;
  error = false;
  /** Bytes pushed back with ungetc, read before the file/console. */
  ungot: Buffer = Buffer.alloc(0);
  constructor(
    readonly ptr: number,
    readonly fileno: number,
    readonly kind: Kind,
    public file: FileObject | undefined,
    public canRead: boolean,
    public canWrite: boolean,
    public append = false,
  ) {}
}

interface StdioState {
  byPtr: Map<number, Stream>;
  std: [Stream, Stream, Stream];
  input: ConsoleInput;
  paths: [string, string, string];
  nextFileno: number;
}

const stdioSlot = defineSlot('stdio', (m): StdioState => {
  const block = m.processHeap.alloc(3 * FILE_STRUCT_SIZE, true);
  const std: [Stream, Stream, Stream] = [
    new Stream(block, 0, 'stdin', undefined, true, false),
    new Stream(block + FILE_STRUCT_SIZE, 1, 'stdout', undefined, false, true),
    new Stream(block + 2 * FILE_STRUCT_SIZE, 2, 'stderr', undefined, false, true),
  ];
  const input = new ConsoleInput(m.options.stdin);
  const st: StdioState = { byPtr: new Map(std.map((x) => [x.ptr, x])), std, input, paths: ['', '', ''], nextFileno: 3 };
  m.onShutdown(() => {
    st.input.detach();
    for (const x of st.byPtr.values()) x.file?.destroy();
  });
  return st;
});
function stateOf(m: Machine): StdioState {
  return stdioSlot.of(m);
}

/**
 * Console output of the process (printf & co. and stdio): fd 1 = stdout, 2 = stderr. Follows a
 * SetStdioPathW redirection to a device file.
 */
export function consoleOut(m: Machine, fd: 1 | 2, data: Uint8Array): void {
  const s = stdioSlot.peek(m);
  const st = s?.std[fd];
  if (st?.file) {
    writeFile(st, Buffer.from(data));
    return;
  }
  if (fd === 1) m.writeStdout(data);
  else m.writeStderr(data);
}

function streamOf(cx: ApiContext, p: number): Stream | undefined {
  return stateOf(cx.machine).byPtr.get(p >>> 0);
}

// ---------------------------------------------------------------- writing
function writeFile(st: Stream, data: Buffer): boolean {
  const f = st.file!;
  try {
    if (st.append) f.pos = fstatSync(f.fd).size;
    let done = 0;
    while (done < data.length) done += writeSync(f.fd, data, done, data.length - done, f.pos + done);
    f.pos += done;
    return true;
  } catch {
    st.error = true;
    return false;
  }
}

function writeStream(cx: ApiContext, st: Stream, data: Buffer): boolean {
  if (!st.canWrite) {
    st.error = true;
    return false;
  }
  if (st.ungot.length) st.ungot = Buffer.alloc(0);
  if (st.kind === 'stdout' || st.kind === 'stderr') {
    consoleOut(cx.machine, st.kind === 'stdout' ? 1 : 2, data);
    return true;
  }
  return writeFile(st, data);
}

/** fprintf & co.: formatted output of any length, written in pieces as it is produced (format-guest.ts). */
function printStream(cx: ApiContext, st: Stream, f: number, wide: boolean, va: VarArgReader): number {
  let ok = true;
  const n = formatStreamed(cx, f, wide, va, (s) => {
    if (ok) ok = writeStream(cx, st, wide ? wideBytes(s) : narrowBytes(s));
  });
  return ok ? n : EOF;
}

const wideBytes = (s: string) => Buffer.from(s, 'utf8');
const narrowBytes = (s: string) => Buffer.from(s, 'latin1');

// ---------------------------------------------------------------- reading
/**
 * A read step: looks at the bytes available (and whether more can ever come) and either finishes
 * (consuming `used` bytes and producing the API result through `deliver`) or asks for more input.
 */
type ReadStep = (data: Buffer, eof: boolean) => { used: number; hitEof: boolean; deliver: () => number } | null;

/** Bytes available on a stream without waiting: pushed-back bytes, then the file or the console buffer. */
function available(st: Stream, s: StdioState, want: number): { data: Buffer; eof: boolean } {
  if (st.file) {
    const f = st.file;
    const n = Math.max(0, Math.min(want, LINE_CHUNK * 16) - st.ungot.length);
    const buf = Buffer.alloc(n);
    let got = 0;
    try {
      while (got < n) {
        const r = readSync(f.fd, buf, got, n - got, f.pos + got);
        if (r === 0) break;
        got += r;
      }
    } catch {
      st.error = true;
    }
    return { data: st.ungot.length ? Buffer.concat([st.ungot, buf.subarray(0, got)]) : buf.subarray(0, got), eof: got < n };
  }
  const b = s.input.buffered;
  return { data: st.ungot.length ? Buffer.concat([st.ungot, b]) : b, eof: s.input.eof };
}

function consume(st: Stream, s: StdioState, n: number): void {
  const fromUngot = Math.min(n, st.ungot.length);
  st.ungot = st.ungot.subarray(fromUngot);
  n -= fromUngot;
  if (st.file) st.file.pos += n;
  else s.input.consume(n);
}

/** Runs a read on a stream; parks the thread while console input is missing. */
function read(cx: ApiContext, st: Stream, want: number, step: ReadStep, failRet: number): number | ReturnType<ApiContext['block']> {
  if (!st.canRead) {
    st.error = true;
    return failRet;
  }
  const s = stateOf(cx.machine);
  const attempt = () => {
    const a = available(st, s, want);
    const r = step(a.data, a.eof);
    if (!r) return undefined;
    if (r.hitEof) st.eof = true;
    consume(st, s, r.used);
    return r.deliver();
  };
  const now = attempt();
  if (now !== undefined) return now;
  // Only console input can be incomplete: wait for more.
  cx.thread.waitReason = `${cx.decl.name}: console input`;
  return cx.block((done) => {
    let finished = false;
    const unregister = s.input.onInput(() => {
      if (finished) return;
      let r: number | undefined;
      try {
        r = attempt();
      } catch {
        r = failRet; // the guest buffer went away while waiting
      }
      if (r === undefined) return;
      finished = true;
      unregister();
      done(r);
    });
    return unregister;
  });
}

/** Decodes one UTF-8 character at data[i]: [UTF-16 text, length], or null when incomplete. */
function utf8At(data: Buffer, i: number, eof: boolean): [string, number] | null {
  const b = data[i]!;
  const len = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (i + len > data.length) {
    if (!eof) return null;
    return [String.fromCharCode(b), 1]; // truncated sequence at EOF: the byte as Latin-1
  }
  if (len === 1) return [String.fromCharCode(b), 1];
  let cp = b & (0xff >> (len + 1));
  for (let k = 1; k < len; k++) {
    const c = data[i + k]!;
    if ((c & 0xc0) !== 0x80) return [String.fromCharCode(b), 1]; // invalid: Latin-1 fallback
    cp = (cp << 6) | (c & 0x3f);
  }
  return [String.fromCodePoint(cp), len];
}

/** Line read of at most `max` UTF-16 units (wide) or bytes (narrow), stopping after '\n'. */
function lineStep(max: number, wide: boolean, keepNewline: boolean, write: (text: string | Buffer) => void, onEof: number, ok: number): ReadStep {
  return (data, eof) => {
    if (wide) {
      let text = '';
      let i = 0;
      let stop = false;
      while (i < data.length) {
        if (text.length >= max) {
          stop = true;
          break;
        }
        const c = utf8At(data, i, eof);
        if (!c) break; // an incomplete character: wait for the rest
        if (text.length + c[0].length > max) {
          stop = true;
          break;
        }
        text += c[0];
        i += c[1];
        if (c[0] === '\n') {
          stop = true;
          break;
        }
      }
      if (text.length >= max) stop = true;
      if (!stop && !eof) return null;
      if (text.length === 0) return { used: 0, hitEof: true, deliver: () => onEof };
      const out = keepNewline ? text : text.replace(/\n$/, '');
      return { used: i, hitEof: !stop, deliver: () => (write(out), ok) };
    }
    const nl = data.indexOf(0x0a);
    let used: number;
    let hitEof = false;
    if (nl >= 0 && nl < max) used = nl + 1;
    else if (data.length >= max) used = max;
    else if (eof) {
      used = data.length;
      hitEof = true;
    } else return null;
    if (used === 0) return { used: 0, hitEof: true, deliver: () => onEof };
    let line = Buffer.from(data.subarray(0, used));
    if (!keepNewline && line[line.length - 1] === 0x0a) line = line.subarray(0, line.length - 1);
    return { used, hitEof, deliver: () => (write(line), ok) };
  };
}

function charStep(wide: boolean, onEof: number): ReadStep {
  return (data, eof) => {
    if (data.length === 0) return eof ? { used: 0, hitEof: true, deliver: () => onEof } : null;
    const b = data[0]!;
    if (!wide) return { used: 1, hitEof: false, deliver: () => b };
    const c = utf8At(data, 0, eof);
    if (!c) return null;
    return { used: c[1], hitEof: false, deliver: () => c[0].charCodeAt(0) };
  };
}

// ---------------------------------------------------------------- formatted input (scanf.ts)
/**
 * fscanf / fwscanf / scanf / wscanf: the scanf engine over what the stream has. A file is scanned
 * from its current position to its end (at most the 1 MiB read window), the console from what has
 * arrived: if the engine needs more console input the thread parks and the scan starts over when
 * more comes (the engine has no side effects until it completes). Wide streams are UTF-8.
 */
function scanStream(cx: ApiContext, st: Stream, fmtPtr: number, wide: boolean, va: VarArgReader): number | ReturnType<ApiContext['block']> {
  const fmt = wide ? guestUnitsText(cx, fmtPtr) : guestBytesText(cx, fmtPtr);
  const args = scanArgs(cx, va, fmt, wide);
  let want = LINE_CHUNK;
  if (st.file) {
    try {
      want = Math.max(0, fstatSync(st.file.fd).size - st.file.pos) + st.ungot.length + 1;
    } catch {
      st.error = true;
    }
  }
  return read(
    cx,
    st,
    want,
    (data, eof) => {
      let text = '';
      let offsets: number[] | undefined;
      let complete = true;
      if (wide) {
        offsets = [];
        let i = 0;
        while (i < data.length) {
          const c = utf8At(data, i, eof);
          if (!c) {
            complete = false;
            break;
          }
          for (let k = 0; k < c[0].length; k++) offsets.push(i);
          text += c[0];
          i += c[1];
        }
        offsets.push(i);
      } else {
        text = data.toString('latin1');
      }
      const final = complete && (eof || st.file !== undefined);
      let r;
      try {
        r = scanCe(text, final, fmt, wide, args);
      } catch (e) {
        if (e instanceof ScanNeedsInput) return null;
        throw e;
      }
      const used = offsets ? offsets[r.used]! : r.used;
      const result = r;
      return { used, hitEof: r.hitEof, deliver: () => (applyScanStores(cx, result.stores), result.result >>> 0) };
    },
    EOF,
  );
}

// ---------------------------------------------------------------- opening
function parseMode(mode: string): { access: number; disposition: number; append: boolean; read: boolean; write: boolean } | undefined {
  const m = /^([rwa])([+bt]*)(,.*)?$/.exec(mode.trim());
  if (!m) return undefined;
  const plus = m[2]!.includes('+');
  switch (m[1]) {
    case 'r':
      return { access: GENERIC_READ | (plus ? GENERIC_WRITE : 0), disposition: OPEN_EXISTING, append: false, read: true, write: plus };
    case 'w':
      return { access: GENERIC_WRITE | (plus ? GENERIC_READ : 0), disposition: CREATE_ALWAYS, append: false, read: plus, write: true };
    default:
      return { access: GENERIC_WRITE | (plus ? GENERIC_READ : 0), disposition: OPEN_ALWAYS, append: true, read: plus, write: true };
  }
}

function openStream(cx: ApiContext, path: string, modeText: string): number {
  const mode = parseMode(modeText);
  if (!mode) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const f = openDeviceFile(cx, path, mode.access, mode.disposition, 0);
  if (!f) return 0;
  const s = stateOf(cx.machine);
  const ptr = cx.machine.processHeap.alloc(FILE_STRUCT_SIZE, true);
  if (!ptr) {
    f.destroy();
    return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  }
  const st = new Stream(ptr, s.nextFileno++, 'file', f, mode.read, mode.write, mode.append);
  s.byPtr.set(ptr, st);
  return ptr;
}

function closeStream(cx: ApiContext, st: Stream): number {
  const s = stateOf(cx.machine);
  if (st.kind !== 'file') {
    // Closing a standard stream: further use fails (as after fclose(stdout) in C).
    st.file?.destroy();
    st.file = undefined;
    st.canRead = st.canWrite = false;
    return 0;
  }
  st.file?.destroy();
  s.byPtr.delete(st.ptr);
  cx.machine.processHeap.freeBlock(st.ptr);
  return 0;
}

function seek(st: Stream, offset: bigint, origin: number): boolean {
  if (!st.file || st.kind !== 'file') return false;
  let base: bigint;
  if (origin === SEEK_SET) base = 0n;
  else if (origin === SEEK_CUR) base = BigInt(st.file.pos - st.ungot.length);
  else if (origin === SEEK_END) base = BigInt(fstatSync(st.file.fd).size);
  else return false;
  const to = base + offset;
  if (to < 0n) return false;
  st.file.pos = Number(to);
  st.ungot = Buffer.alloc(0);
  st.eof = false;
  return true;
}

function tell(st: Stream): number {
  if (!st.file || st.kind !== 'file') return -1;
  return st.file.pos - st.ungot.length;
}

// ---------------------------------------------------------------- the exports
/** Declares fn(stream, ...) variants that take the stream as a FILE* argument. */
function withStream(cx: ApiContext, p: number, failRet: number, f: (st: Stream) => number | ReturnType<ApiContext['block']>) {
  const st = streamOf(cx, p);
  if (!st) return failRet; // an unknown FILE*: the CRT would crash or fail; fail cleanly
  return f(st);
}

function fputsImpl(cx: ApiContext, st: Stream, data: Buffer, ok: number, fail: number): number {
  return writeStream(cx, st, data) ? ok : fail;
}

function writeWideTo(cx: ApiContext, p: number, n: number) {
  return (text: string | Buffer) => cx.mem.writeWstr(p, (text as string).slice(0, n));
}
function writeNarrowTo(cx: ApiContext, p: number) {
  return (text: string | Buffer) => {
    const b = text as Buffer;
    cx.mem.write(p, b);
    cx.mem.setU8(p + b.length, 0);
  };
}

export const stdio: ApiDef[] = [
  fn('_getstdfilex(u32 n): ptr', (cx, n: number) => (n < 3 ? stateOf(cx.machine).std[n]!.ptr : 0)),
  fn('_fileno(ptr stream): i32', (cx, p: number) => withStream(cx, p, EOF, (st) => st.fileno)),
  fn('_setmode(i32 fd, i32 mode): i32', (cx, fd: number, mode: number) => {
    if (mode !== 0x4000 && mode !== 0x8000) return EOF;
    const s = stateOf(cx.machine);
    return [...s.byPtr.values()].some((x) => x.fileno === fd) ? 0x4000 : EOF;
  }),

  // ---- output ----
  fn('fputws(wstr string, ptr stream): i32', (cx, str: number, p: number) => {
    const text = cx.mem.wstr(str);
    return withStream(cx, p, WEOF, (st) => fputsImpl(cx, st, wideBytes(text), 0, WEOF));
  }),
  fn('fputs(str string, ptr stream): i32', (cx, str: number, p: number) => {
    const data = Buffer.from(cx.mem.bytes(str, cx.mem.strlen(str)));
    return withStream(cx, p, EOF, (st) => fputsImpl(cx, st, data, 0, EOF));
  }),
  fn('puts(str string): i32', (cx, str: number) => {
    const data = Buffer.concat([cx.mem.bytes(str, cx.mem.strlen(str)), Buffer.from('\n')]);
    return fputsImpl(cx, stateOf(cx.machine).std[1], data, 0, EOF);
  }),
  fn('_putws(wstr string): i32', (cx, str: number) => fputsImpl(cx, stateOf(cx.machine).std[1], wideBytes(cx.mem.wstr(str) + '\n'), 0, WEOF)),
  fn('fputc(i32 c, ptr stream): i32', (cx, c: number, p: number) => withStream(cx, p, EOF, (st) => fputsImpl(cx, st, Buffer.of(c & 0xff), c & 0xff, EOF))),
  fn('putchar(i32 c): i32', (cx, c: number) => fputsImpl(cx, stateOf(cx.machine).std[1], Buffer.of(c & 0xff), c & 0xff, EOF)),
  fn('fputwc(u32 c, ptr stream): u32', (cx, c: number, p: number) =>
    withStream(cx, p, WEOF, (st) => fputsImpl(cx, st, wideBytes(String.fromCharCode(c & 0xffff)), c & 0xffff, WEOF)),
  ),
  fn('putwchar(u32 c): u32', (cx, c: number) => fputsImpl(cx, stateOf(cx.machine).std[1], wideBytes(String.fromCharCode(c & 0xffff)), c & 0xffff, WEOF)),
  fn('fwrite(ptr buffer, u32 size, u32 count, ptr stream): u32', (cx, buf: number, size: number, count: number, p: number) =>
    withStream(cx, p, 0, (st) => {
      const total = size * count;
      if (total === 0) return 0;
      const data = Buffer.from(cx.mem.bytes(buf, total));
      return writeStream(cx, st, data) ? count : 0;
    }),
  ),
  fn('fprintf(ptr stream, str format, ...): i32', (cx, p: number, f: number) =>
    withStream(cx, p, EOF, (st) => {
      return printStream(cx, st, f, false, cx.varargs());
    }),
  ),
  fn('vfprintf(ptr stream, str format, ptr argptr): i32', (cx, p: number, f: number, va: number) =>
    withStream(cx, p, EOF, (st) => {
      return printStream(cx, st, f, false, cx.vaList(va));
    }),
  ),
  fn('fwprintf(ptr stream, wstr format, ...): i32', (cx, p: number, f: number) =>
    withStream(cx, p, EOF, (st) => {
      return printStream(cx, st, f, true, cx.varargs());
    }),
  ),
  fn('vfwprintf(ptr stream, wstr format, ptr argptr): i32', (cx, p: number, f: number, va: number) =>
    withStream(cx, p, EOF, (st) => {
      return printStream(cx, st, f, true, cx.vaList(va));
    }),
  ),
  fn('fflush(ptr stream): i32', (cx, p: number) => (p === 0 ? 0 : withStream(cx, p, EOF, () => 0))),
  fn('_flushall(): i32', (cx) => stateOf(cx.machine).byPtr.size),

  // ---- input (may park the thread on console input) ----
  fn('fgetws(ptr string, i32 n, ptr stream): ptr', { blocking: true }, (cx, buf: number, n: number, p: number) =>
    withStream(cx, p, 0, (st) => {
      if (n <= 0) return 0;
      cx.mem.check(buf, 2 * n, 'write');
      if (n === 1) {
        cx.mem.setU16(buf, 0);
        return buf;
      }
      return read(cx, st, 4 * n, lineStep(n - 1, true, true, writeWideTo(cx, buf, n - 1), 0, buf), 0);
    }),
  ),
  fn('fgets(ptr string, i32 n, ptr stream): ptr', { blocking: true }, (cx, buf: number, n: number, p: number) =>
    withStream(cx, p, 0, (st) => {
      if (n <= 0) return 0;
      cx.mem.check(buf, n, 'write');
      if (n === 1) {
        cx.mem.setU8(buf, 0);
        return buf;
      }
      return read(cx, st, n - 1, lineStep(n - 1, false, true, writeNarrowTo(cx, buf), 0, buf), 0);
    }),
  ),
  fn('_getws(ptr buffer): ptr', { blocking: true }, (cx, buf: number) => {
    const st = stateOf(cx.machine).std[0];
    return read(cx, st, LINE_CHUNK, lineStep(LINE_CHUNK, true, false, writeWideTo(cx, buf, LINE_CHUNK), 0, buf), 0);
  }),
  fn('gets(ptr buffer): ptr', { blocking: true }, (cx, buf: number) => {
    const st = stateOf(cx.machine).std[0];
    return read(cx, st, LINE_CHUNK, lineStep(LINE_CHUNK, false, false, writeNarrowTo(cx, buf), 0, buf), 0);
  }),
  fn('fgetc(ptr stream): i32', { blocking: true }, (cx, p: number) => withStream(cx, p, EOF, (st) => read(cx, st, 1, charStep(false, EOF), EOF))),
  fn('getchar(): i32', { blocking: true }, (cx) => read(cx, stateOf(cx.machine).std[0], 1, charStep(false, EOF), EOF)),
  fn('fgetwc(ptr stream): u32', { blocking: true }, (cx, p: number) => withStream(cx, p, WEOF, (st) => read(cx, st, 4, charStep(true, WEOF), WEOF))),
  fn('getwchar(): u32', { blocking: true }, (cx) => read(cx, stateOf(cx.machine).std[0], 4, charStep(true, WEOF), WEOF)),
  fn('ungetc(i32 c, ptr stream): i32', (cx, c: number, p: number) =>
    withStream(cx, p, EOF, (st) => {
      if ((c | 0) === -1) return EOF;
      st.ungot = Buffer.concat([Buffer.of(c & 0xff), st.ungot]);
      st.eof = false;
      return c & 0xff;
    }),
  ),
  fn('ungetwc(u32 c, ptr stream): u32', (cx, c: number, p: number) =>
    withStream(cx, p, WEOF, (st) => {
      if ((c & 0xffff) === WEOF) return WEOF;
      st.ungot = Buffer.concat([wideBytes(String.fromCharCode(c & 0xffff)), st.ungot]);
      st.eof = false;
      return c & 0xffff;
    }),
  ),
  fn('fscanf(ptr stream, str format, ...): i32', { blocking: true }, (cx, p: number, f: number) =>
    withStream(cx, p, EOF, (st) => scanStream(cx, st, f, false, cx.varargs())),
  ),
  fn('fwscanf(ptr stream, wstr format, ...): i32', { blocking: true }, (cx, p: number, f: number) =>
    withStream(cx, p, EOF, (st) => scanStream(cx, st, f, true, cx.varargs())),
  ),
  fn('scanf(str format, ...): i32', { blocking: true }, (cx, f: number) => scanStream(cx, stateOf(cx.machine).std[0], f, false, cx.varargs())),
  fn('wscanf(wstr format, ...): i32', { blocking: true }, (cx, f: number) => scanStream(cx, stateOf(cx.machine).std[0], f, true, cx.varargs())),
  fn('fread(ptr buffer, u32 size, u32 count, ptr stream): u32', { blocking: true }, (cx, buf: number, size: number, count: number, p: number) =>
    withStream(cx, p, 0, (st) => {
      const total = size * count;
      if (total === 0) return 0;
      cx.mem.check(buf, total, 'write');
      const mem = cx.mem;
      return read(
        cx,
        st,
        total,
        (data, eof) => {
          if (data.length < total && !eof) return null;
          const used = Math.min(total, data.length);
          const copy = Buffer.from(data.subarray(0, used));
          return { used, hitEof: used < total, deliver: () => (mem.write(buf, copy), Math.floor(used / size)) };
        },
        0,
      );
    }),
  ),

  // ---- files ----
  fn('_wfopen(wstr filename, wstr mode): ptr', (cx, name: number, mode: number) => openStream(cx, cx.mem.wstr(name, 1024), cx.mem.wstr(mode, 32))),
  fn('fopen(str filename, str mode): ptr', (cx, name: number, mode: number) => openStream(cx, cx.mem.str(name, 1024), cx.mem.str(mode, 32))),
  fn('fclose(ptr stream): i32', (cx, p: number) => withStream(cx, p, EOF, (st) => closeStream(cx, st))),
  fn('_fcloseall(): i32', (cx) => {
    const s = stateOf(cx.machine);
    const files = [...s.byPtr.values()].filter((x) => x.kind === 'file');
    for (const st of files) closeStream(cx, st);
    return files.length;
  }),
  fn('fseek(ptr stream, i32 offset, i32 origin): i32', (cx, p: number, off: number, origin: number) =>
    withStream(cx, p, EOF, (st) => (seek(st, BigInt(off | 0), origin) ? 0 : EOF)),
  ),
  fn('ftell(ptr stream): i32', (cx, p: number) => withStream(cx, p, EOF, (st) => tell(st) >>> 0)),
  fn('fgetpos(ptr stream, ptr pos): i32', (cx, p: number, pos: number) =>
    withStream(cx, p, EOF, (st) => {
      const t = tell(st);
      if (t < 0) return EOF;
      cx.mem.setU64(pos, BigInt(t));
      return 0;
    }),
  ),
  fn('fsetpos(ptr stream, ptr pos): i32', (cx, p: number, pos: number) =>
    withStream(cx, p, EOF, (st) => (seek(st, BigInt.asIntN(64, cx.mem.u64(pos)), SEEK_SET) ? 0 : EOF)),
  ),
  fn('feof(ptr stream): i32', (cx, p: number) => withStream(cx, p, 0, (st) => (st.eof ? 0x10 : 0))),
  fn('ferror(ptr stream): i32', (cx, p: number) => withStream(cx, p, 0, (st) => (st.error ? 0x20 : 0))),
  fn('clearerr(ptr stream): void', (cx, p: number) => {
    const st = streamOf(cx, p);
    if (st) st.eof = st.error = false;
  }),

  // ---- stdio redirection ----
  fn(
    'SetStdioPathW(u32 id, wstr pwszPath): bool',
    { fault: { kind: 'error', ret: 0, lastError: ERROR.INVALID_PARAMETER } },
    (cx, id: number, pathPtr: number) => {
      if (id > 2) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const s = stateOf(cx.machine);
      const st = s.std[id]!;
      const path = pathPtr ? cx.mem.wstr(pathPtr, 1024) : '';
      if (path === '') {
        st.file?.destroy();
        st.file = undefined;
        s.paths[id] = '';
        st.canRead = id === 0;
        st.canWrite = id !== 0;
        st.eof = st.error = false;
        return 1;
      }
      const f = openDeviceFile(cx, path, id === 0 ? GENERIC_READ : GENERIC_WRITE, id === 0 ? OPEN_EXISTING : CREATE_ALWAYS, 0);
      if (!f) return 0;
      st.file?.destroy();
      st.file = f;
      st.canRead = id === 0;
      st.canWrite = id !== 0;
      st.eof = st.error = false;
      st.ungot = Buffer.alloc(0);
      s.paths[id] = f.ce;
      cx.setLastError(0);
      return 1;
    },
  ),
  fn(
    'GetStdioPathW(u32 id, ptr pwszBuf, ptr lpdwLen): bool',
    { fault: { kind: 'error', ret: 0, lastError: ERROR.INVALID_PARAMETER } },
    (cx, id: number, buf: number, lenPtr: number) => {
      if (id > 2 || !lenPtr) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const path = stateOf(cx.machine).paths[id]!;
      const have = cx.mem.u32(lenPtr);
      if (!buf || have < path.length + 1) {
        cx.mem.setU32(lenPtr, path.length + 1);
        return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      }
      cx.mem.writeWstr(buf, path);
      cx.mem.setU32(lenPtr, path.length + 1);
      return 1;
    },
  ),
];
