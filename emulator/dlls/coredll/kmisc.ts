/**
 * coredll odds and ends the corpus imports from two or more binaries:
 *
 *  - The serial port functions (GetCommState, SetCommState, Get/SetCommTimeouts, Get/SetCommMask,
 *    WaitCommEvent, ClearCommError, EscapeCommFunction, GetCommModemStatus, GetCommProperties,
 *    PurgeComm, SetupComm, TransmitCommChar, Set/ClearCommBreak): CE's coredll implements each as a
 *    DeviceIoControl with an IOCTL_SERIAL_* code on the handle (the serial driver model, pegdser.h).
 *    wmemu hosts no serial driver (CreateFileW("COM1:") already fails), so the handle is a file or
 *    another object and they fail as DeviceIoControl does there (device.ts): a file: FALSE,
 *    ERROR_NOT_SUPPORTED (the FSD knows no serial IOCTL); any other handle: ERROR_INVALID_HANDLE.
 *  - GetProcessVersion(pid): the subsystem version the process's EXE declares, MAKELONG(minor, major)
 *    (CE docs); 0 or the caller's own id is the current process; another id: 0, ERROR_INVALID_PARAMETER
 *    (the processes of a run do not see each other's headers here).
 *  - MatchesWildcardMask(lenWild, pchWild, lenFile, pchFile) (the file system's FindFirstFile
 *    matcher, fsdmgr): counted strings, '*' any run of characters, '?' any one character,
 *    case-insensitive.
 *  - GlobalAddAtomW / GlobalFindAtomW / GlobalDeleteAtom: the atom table (MAXINTATOM 0xC000 and up
 *    for strings; "#123" and integer atoms below 0xC000 are returned as they are), reference counted,
 *    shared by the processes of the run; a string longer than 255 characters: 0, ERROR_INVALID_PARAMETER;
 *    not found: 0, ERROR_FILE_NOT_FOUND (Win32 docs and Wine's atom tests).
 *  - Cache maintenance: FlushInstructionCache(hProcess, base, size) (TRUE), CacheRangeFlush(addr,
 *    len, flags) and CacheSync(flags): emulated memory has no data cache to write back, but the CPU
 *    keeps translated code: the range (or, for CacheSync and a NULL/0 range, all of user memory) is
 *    dropped from unicorn's translation cache, so code the program wrote runs as written, which is
 *    what an instruction-cache flush guarantees on a device.
 *  - CeGetCallerTrust(): OEM_CERTIFY_TRUST (2), as CeGetCurrentTrust (startup.ts): every module is
 *    fully trusted on a device without a loader verifier.
 *  - IsProcessDying(): FALSE: a thread that runs guest code belongs to a process that has not begun
 *    to exit (wmemu stops every thread when the process exits).
 *  - ReadProcessMemory / WriteProcessMemory(hProcess, base, buffer, n, &done) on this process
 *    (GetCurrentProcess() or its ID): a copy; a source range that is not readable (or, for
 *    WriteProcessMemory, a target range that is not writable) fails with ERROR_PARTIAL_COPY and
 *    nothing copied (Win32 docs); written code is dropped from the translation cache. Another
 *    process of the run stops the run naming the feature (its memory is another machine's).
 *  - CeGetCanonicalPathNameW(path, buf, cch, reserved) (CE docs): the canonical form of a path: '/'
 *    read as '\', repeated separators collapsed, "." dropped, ".." removing the component before it
 *    (never above the root), relative paths taken from the root (CE has no current folder), no
 *    trailing separator except for the root itself. Returns its length; a NULL path or one longer than
 *    MAX_PATH: 0, ERROR_INVALID_PARAMETER; a buffer shorter than the path and its NUL: 0,
 *    ERROR_INSUFFICIENT_BUFFER; a NULL buffer just returns the length.
 *  - CompactAllHeaps(): gives the heaps' free pages back to the system; wmemu's heaps keep no
 *    decommitted pages to return, so nothing observable changes.
 *  - SystemIdleTimerReset(): resets the power manager's idle timer; wmemu has no idle time-out that
 *    would suspend the device, so nothing else changes.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import { CURRENT_PROCESS_PSEUDO } from '../../core/kernel/handles.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';

function notSerial(cx: ApiContext, h: number): number {
  const o = cx.machine.handles.get(h);
  return cx.fail(0, o?.type === 'file' ? ERROR.NOT_SUPPORTED : ERROR.INVALID_HANDLE);
}

const COMM = [
  'GetCommState(handle hFile, ptr lpDCB): bool',
  'SetCommState(handle hFile, ptr lpDCB): bool',
  'GetCommTimeouts(handle hFile, ptr lpCommTimeouts): bool',
  'SetCommTimeouts(handle hFile, ptr lpCommTimeouts): bool',
  'GetCommMask(handle hFile, ptr lpEvtMask): bool',
  'SetCommMask(handle hFile, hex dwEvtMask): bool',
  'WaitCommEvent(handle hFile, ptr lpEvtMask, ptr lpOverlapped): bool',
  'ClearCommError(handle hFile, ptr lpErrors, ptr lpStat): bool',
  'EscapeCommFunction(handle hFile, u32 dwFunc): bool',
  'GetCommModemStatus(handle hFile, ptr lpModemStat): bool',
  'GetCommProperties(handle hFile, ptr lpCommProp): bool',
  'PurgeComm(handle hFile, hex dwFlags): bool',
  'SetupComm(handle hFile, u32 dwInQueue, u32 dwOutQueue): bool',
  'TransmitCommChar(handle hFile, i32 cChar): bool',
  'SetCommBreak(handle hFile): bool',
  'ClearCommBreak(handle hFile): bool',
] as const;

/** '*' and '?' matching, case-insensitive (iterative with backtracking to the last '*'). */
export function wildcardMatch(wild: string, name: string): boolean {
  const w = wild.toUpperCase();
  const n = name.toUpperCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let mark = 0;
  while (j < n.length) {
    if (i < w.length && (w[i] === '?' || w[i] === n[j])) {
      i++;
      j++;
    } else if (i < w.length && w[i] === '*') {
      star = i++;
      mark = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++mark;
    } else return false;
  }
  while (i < w.length && w[i] === '*') i++;
  return i === w.length;
}

const MAXINTATOM = 0xc000;
interface AtomTable {
  byName: Map<string, number>;
  names: Map<number, { name: string; refs: number }>;
  next: number;
}
function atoms(cx: ApiContext): AtomTable {
  const rs = cx.machine.runState;
  let t = rs.get('global-atoms') as AtomTable | undefined;
  if (!t) rs.set('global-atoms', (t = { byName: new Map(), names: new Map(), next: MAXINTATOM }));
  return t;
}
/** An atom argument: an integer atom (MAKEINTATOM, or "#123") or a string. */
function atomArg(cx: ApiContext, p: number): { int: number } | { name: string } | undefined {
  if (p >>> 0 < 0x1_0000) return p > 0 && p < MAXINTATOM ? { int: p } : undefined;
  const s = cx.mem.wstr(p, 512);
  if (/^#\d+$/.test(s)) {
    const v = Number(s.slice(1));
    return v > 0 && v < MAXINTATOM ? { int: v } : undefined;
  }
  return s.length > 0 && s.length <= 255 ? { name: s } : undefined;
}

const USER_TOP = 0x8000_0000;
function dropCode(cx: ApiContext, base: number, len: number): void {
  const begin = len && base ? base >>> 0 : 0;
  const end = len && base ? Math.min(USER_TOP, begin + len) : USER_TOP;
  if (end > begin) cx.machine.uc.removeTbCache(begin, end);
}

const ERROR_PARTIAL_COPY = 299;

/** ReadProcessMemory / WriteProcessMemory within this process. */
function processCopy(cx: ApiContext, h: number, base: number, buf: number, n: number, doneP: number, write: boolean): number {
  if (doneP) cx.mem.setU32(doneP, 0);
  const self = h === CURRENT_PROCESS_PSEUDO || h >>> 0 === cx.machine.processId;
  if (!self) {
    if (cx.machine.handles.get(h, 'process')) throw new UnimplementedFeature(`on another process (handle 0x${(h >>> 0).toString(16)})`);
    return cx.fail(0, ERROR.INVALID_HANDLE);
  }
  if (n === 0) return 1;
  const [from, to] = write ? [buf, base] : [base, buf];
  if (!cx.mem.isUserRange(write ? to : from, n, write ? 'write' : 'read')) return cx.fail(0, ERROR_PARTIAL_COPY);
  cx.mem.check(write ? from : to, n, write ? 'read' : 'write');
  cx.mem.copyWithin(to, from, n);
  if (write) dropCode(cx, to, n);
  if (doneP) cx.mem.setU32(doneP, n);
  return 1;
}

/** CE's canonical form of a path (see the header). */
export function canonicalPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '\\' + out.join('\\');
}

export const kmisc: ApiDef[] = [
  fn(
    'CeGetCanonicalPathNameW(ptr lpPathName, ptr lpCanonicalPathName, u32 cchCanonicalPathName, u32 dwReserved): u32',
    (cx, p: number, buf: number, cch: number) => {
      if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const path = cx.mem.wstr(p, 1024);
      if (path.length > 260) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const c = canonicalPath(path);
      if (!buf) return c.length;
      if (cch < c.length + 1) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      cx.mem.writeWstr(buf, c);
      return c.length;
    },
  ),
  fn('CompactAllHeaps(): void', () => undefined),
  fn(
    'ReadProcessMemory(handle hProcess, ptr lpBaseAddress, ptr lpBuffer, u32 nSize, ptr lpNumberOfBytesRead): bool',
    (cx, h: number, base: number, buf: number, n: number, done: number) => processCopy(cx, h, base, buf, n, done, false),
  ),
  fn(
    'WriteProcessMemory(handle hProcess, ptr lpBaseAddress, ptr lpBuffer, u32 nSize, ptr lpNumberOfBytesWritten): bool',
    (cx, h: number, base: number, buf: number, n: number, done: number) => processCopy(cx, h, base, buf, n, done, true),
  ),
  fn('FlushInstructionCache(handle hProcess, ptr lpBaseAddress, u32 dwSize): bool', (cx, _h: number, base: number, n: number) => {
    dropCode(cx, base, n);
    return 1;
  }),
  fn('CacheRangeFlush(ptr pAddr, u32 dwLength, hex dwFlags): void', (cx, base: number, n: number) => dropCode(cx, base, n)),
  fn('CacheSync(i32 flags): void', (cx) => dropCode(cx, 0, 0)),
  fn('CeGetCallerTrust(): u32', () => 2),
  fn('IsProcessDying(): bool', () => 0),
  fn('SystemIdleTimerReset(): void', () => undefined),
  ...COMM.map((sig) => fn(sig as string, (cx: ApiContext, h: number) => notSerial(cx, h))),
  fn('GetProcessVersion(u32 ProcessId): u32', (cx, pid: number) => {
    if (pid !== 0 && pid !== cx.machine.processId) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const v = cx.machine.main?.pe.subsystemVersion;
    return v ? ((v.major << 16) | v.minor) >>> 0 : cx.fail(0, ERROR.INVALID_PARAMETER);
  }),
  fn('MatchesWildcardMask(u32 lenWild, ptr pchWild, u32 lenFile, ptr pchFile): bool', (cx, lw: number, pw: number, lf: number, pf: number) => {
    const read = (p: number, n: number) => (n ? cx.mem.bytes(p, 2 * n).toString('utf16le') : '');
    return wildcardMatch(read(pw, lw), read(pf, lf)) ? 1 : 0;
  }),
  fn('GlobalAddAtomW(ptr lpString): u32', (cx, p: number) => {
    const a = atomArg(cx, p);
    if (!a) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if ('int' in a) return a.int;
    const t = atoms(cx);
    const key = a.name.toUpperCase();
    const had = t.byName.get(key);
    if (had !== undefined) {
      t.names.get(had)!.refs++;
      return had;
    }
    let atom = t.next;
    while (t.names.has(atom)) atom = atom >= 0xffff ? MAXINTATOM : atom + 1;
    t.next = atom >= 0xffff ? MAXINTATOM : atom + 1;
    t.byName.set(key, atom);
    t.names.set(atom, { name: a.name, refs: 1 });
    return atom;
  }),
  fn('GlobalFindAtomW(ptr lpString): u32', (cx, p: number) => {
    const a = atomArg(cx, p);
    if (!a) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if ('int' in a) return a.int;
    return atoms(cx).byName.get(a.name.toUpperCase()) ?? cx.fail(0, ERROR.FILE_NOT_FOUND);
  }),
  fn('GlobalDeleteAtom(u32 nAtom): u32', (cx, atom: number) => {
    if (atom < MAXINTATOM) return 0;
    const t = atoms(cx);
    const e = t.names.get(atom);
    if (!e) return cx.fail(atom, ERROR.INVALID_HANDLE);
    if (--e.refs === 0) {
      t.names.delete(atom);
      t.byName.delete(e.name.toUpperCase());
    }
    return 0;
  }),
];
