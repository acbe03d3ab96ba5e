/**
 * coredll files: CreateFileW & co. on the device file system (emulator/fs/device-fs.ts, which owns
 * every CE path → host path decision). File handles live in the kernel handle table; CloseHandle
 * closes the host file when the last handle goes.
 *
 * Modelled: every creation disposition, read/write access checks, the read-only attribute (checked
 * here, so it holds even when the host user is root), hidden/system/archive/temporary bits (kept in
 * memory for the run), 64-bit file pointers, times as FILETIME, FindFirstFileW wildcards with the CE
 * WIN32_FIND_DATAW layout (no `.`/`..` entries, as on CE). FILE_FLAG_WRITE_THROUGH/RANDOM_ACCESS/
 * SEQUENTIAL_SCAN/OVERLAPPED are ignored; FILE_FLAG_DELETE_ON_CLOSE is honoured.
 *
 * Share modes are enforced between all open handles of a file, in every machine of the Node process
 * (a CreateProcessW child shares the device folder and the table; see `shareConflict` in
 * fs/device-fs.ts): a conflicting CreateFileW fails with ERROR_SHARING_VIOLATION before it touches the
 * file (CREATE_ALWAYS does not truncate). DeleteFileW and MoveFileW of a file that is open for reading
 * or writing fail with ERROR_SHARING_VIOLATION whatever its share mode (CE documents that DeleteFile
 * fails for a file open for normal I/O and has no FILE_SHARE_DELETE; the share bit 4 is accepted and
 * ignored), as does MoveFileW of a folder with an open file below it. CopyFileW opens its source for
 * reading with FILE_SHARE_READ and its destination for writing with no sharing, with the same checks.
 * Closing the last handle releases the file; handles still open when the process ends are closed then
 * (FILE_FLAG_DELETE_ON_CLOSE files go away at that point too). C runtime streams (fopen, _wfopen,
 * SetStdioPathW) share read and write, like the CRT's _SH_DENYNO.
 */
import {
  fchmodSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  futimesSync,
  lstatSync,
  readSync,
  statfsSync,
  writeSync,
  constants as FS,
  type BigIntStats,
  type Stats,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fn, type ApiDef, type ApiOptions } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import {
  deviceFsOf,
  notifyDeviceChange,
  FS_CHANGE,
  FS_ACTION,
  FILE_SHARE_READ,
  FILE_SHARE_WRITE,
  fileIdentity,
  holdShare,
  isFileOpen,
  isOpenBelow,
  releaseShare,
  shareConflict,
  type DeviceFs,
  type Resolved,
  type ShareHolder,
} from '../../core/fs/device-fs.js';
import type { Machine } from '../../core/machine.js';
import { ERROR } from '../../core/win32-errors.js';
import { FILETIME_UNIX_EPOCH } from './time.js';
import { loadedDevice } from './devmgr.js';
import { deviceFileOf, deviceSeek, deviceTransfer, openDevice } from './devfile.js';
import { defineSlot } from '../../core/slot.js';

export const INVALID_HANDLE_VALUE = 0xffff_ffff;

export const ATTR = {
  READONLY: 0x1,
  HIDDEN: 0x2,
  SYSTEM: 0x4,
  DIRECTORY: 0x10,
  ARCHIVE: 0x20,
  NORMAL: 0x80,
  TEMPORARY: 0x100,
} as const;
/** Bits SetFileAttributesW may change (besides READONLY, which is the host's write permission). */
const STORED_ATTRS = ATTR.HIDDEN | ATTR.SYSTEM | ATTR.ARCHIVE | ATTR.TEMPORARY;

const GENERIC_READ = 0x8000_0000;
const GENERIC_WRITE = 0x4000_0000;
const GENERIC_ALL = 0x1000_0000;
const CREATE_NEW = 1;
const CREATE_ALWAYS = 2;
const OPEN_EXISTING = 3;
const OPEN_ALWAYS = 4;
const TRUNCATE_EXISTING = 5;
const FILE_FLAG_DELETE_ON_CLOSE = 0x0400_0000;
const FILE_BEGIN = 0;
const FILE_CURRENT = 1;
const FILE_END = 2;

/** 100-ns intervals between 1601-01-01 and 1970-01-01. */

/** An open file. `pos` is the file pointer (a plain number: files stay far below 2^53 bytes). */
export class FileObject implements KernelObject {
  readonly type = 'file';
  pos = 0;
  closed = false;
  /** This handle's entry in the share-mode table (none for attribute-only opens). */
  holder: ShareHolder | undefined;
  /** The machine's set of open files (closed at shutdown). */
  owner: Set<FileObject> | undefined;
  constructor(
    readonly fs: DeviceFs,
    readonly fd: number,
    public host: string,
    readonly ce: string,
    readonly canRead: boolean,
    readonly canWrite: boolean,
    readonly deleteOnClose = false,
  ) {}
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.deleteOnClose) {
      // Only this very file, only inside the root as it is now (another process may have renamed the
      // folder and planted a link in its place: issue 17 item 5).
      try {
        this.fs.unlinkIfSame(this.host, this.fd);
      } catch {
        /* gone already, or no longer reachable inside the root */
      }
    }
    this.fs.close(this.fd);
    releaseShare(this.holder);
    this.holder = undefined;
    this.owner?.delete(this);
  }
}

/** Host files (by fileIdentity) with a live file-mapping object (mapping.ts), in any machine of the Node process. */
export const mappedFiles = new Map<string, number>();

/** Host errno → Win32 error. */
export function win32Error(e: unknown): number {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return ERROR.FILE_NOT_FOUND;
    case 'ENOTDIR':
      return ERROR.PATH_NOT_FOUND;
    case 'EEXIST':
      return ERROR.ALREADY_EXISTS;
    case 'ENOTEMPTY':
      return ERROR.DIR_NOT_EMPTY;
    case 'ENOSPC':
    case 'EDQUOT':
      return ERROR.DISK_FULL;
    case 'EMFILE':
    case 'ENFILE':
      return ERROR.TOO_MANY_OPEN_FILES;
    case 'EXDEV':
      return ERROR.NOT_SAME_DEVICE;
    case 'ENAMETOOLONG':
      return ERROR.FILENAME_EXCED_RANGE;
    case 'EIO':
      return ERROR.GEN_FAILURE;
    default:
      return ERROR.ACCESS_DENIED; // EACCES, EPERM, EISDIR, ELOOP, EINVAL (move into itself), EROFS, EBUSY
  }
}

/** Runs a host file operation; a host error becomes `cx.fail(ret, win32)`. */
function host<T>(cx: ApiContext, ret: number, f: () => T): T | { failed: number } {
  try {
    return f();
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === undefined) throw e;
    return { failed: cx.fail(ret, win32Error(e)) };
  }
}
function failed(x: unknown): x is { failed: number } {
  return typeof x === 'object' && x !== null && 'failed' in x;
}

/** Reads a guest path argument; NULL is ERROR_PATH_NOT_FOUND. */
function guestPath(cx: ApiContext, p: number): string | undefined {
  return p ? cx.mem.wstr(p, 1024) : undefined;
}

/** Resolves a guest path or sets the error; `need` adds the usual not-found errors. */
function resolvePath(cx: ApiContext, p: number, need: 'exists' | 'parent' | 'any'): Resolved | undefined {
  const path = guestPath(cx, p);
  if (path === undefined) {
    cx.setLastError(ERROR.PATH_NOT_FOUND);
    return undefined;
  }
  const r = deviceFsOf(cx.machine).resolve(path);
  if (!r.ok) {
    cx.setLastError(r.error);
    return undefined;
  }
  if (need === 'exists' && !r.exists) {
    cx.setLastError(r.parentExists ? ERROR.FILE_NOT_FOUND : ERROR.PATH_NOT_FOUND);
    return undefined;
  }
  if (need === 'parent' && !r.parentExists) {
    cx.setLastError(ERROR.PATH_NOT_FOUND);
    return undefined;
  }
  return r;
}

export function isReadOnly(st: Stats | BigIntStats): boolean {
  return (Number(st.mode) & 0o200) === 0;
}

/** CE attributes of a host object. */
export function attributesOf(fs: DeviceFs, hostPath: string, st: Stats): number {
  let a = st.isDirectory() ? ATTR.DIRECTORY : 0;
  if (isReadOnly(st)) a |= ATTR.READONLY;
  a |= fs.extraAttrs(hostPath) ?? (st.isDirectory() ? 0 : ATTR.ARCHIVE);
  return a === 0 ? ATTR.NORMAL : a;
}

/** FILETIME of a host time in nanoseconds since 1970. */
export function filetimeOfNs(ns: bigint): bigint {
  const ft = ns / 100n + FILETIME_UNIX_EPOCH;
  return ft < 0n ? 0n : ft;
}
/** Host seconds (for utimes) of a FILETIME. */
function secondsOfFiletime(ft: bigint): number {
  return Number(ft - FILETIME_UNIX_EPOCH) / 1e7;
}

interface Times {
  creation: bigint;
  access: bigint;
  write: bigint;
}
function timesOf(st: BigIntStats): Times {
  const birth = st.birthtimeNs > 0n ? st.birthtimeNs : st.ctimeNs < st.mtimeNs ? st.ctimeNs : st.mtimeNs;
  return { creation: filetimeOfNs(birth), access: filetimeOfNs(st.atimeNs), write: filetimeOfNs(st.mtimeNs) };
}

function writeFiletime(cx: ApiContext, p: number, ft: bigint): void {
  if (p) cx.mem.setU64(p, ft);
}

/** WIN32_FILE_ATTRIBUTE_DATA (36 bytes): attributes, 3 FILETIMEs, size high, size low. */
function writeAttributeData(cx: ApiContext, p: number, attrs: number, t: Times, size: bigint): void {
  cx.mem.check(p, 36, 'write');
  cx.mem.setU32(p, attrs);
  cx.mem.setU64(p + 4, t.creation);
  cx.mem.setU64(p + 12, t.access);
  cx.mem.setU64(p + 20, t.write);
  cx.mem.setU32(p + 28, Number(size >> 32n));
  cx.mem.setU32(p + 32, Number(size & 0xffff_ffffn));
}

/** CE WIN32_FIND_DATAW (560 bytes): attributes, 3 FILETIMEs, size high/low, dwOID, cFileName[260]. */
export const FIND_DATA_SIZE = 560;
function writeFindData(cx: ApiContext, p: number, fs: DeviceFs, e: FindEntry): void {
  cx.mem.check(p, FIND_DATA_SIZE, 'write');
  const st = lstatSync(e.host, { bigint: true });
  const plain = lstatSync(e.host);
  writeAttributeData(cx, p, attributesOf(fs, e.host, plain), timesOf(st), plain.isDirectory() ? 0n : st.size);
  cx.mem.setU32(p + 36, Number(st.ino & 0x7fff_ffffn)); // dwOID: object store id; the inode here
  cx.mem.fill(p + 40, 520, 0);
  cx.mem.writeWstr(p + 40, e.name.slice(0, 259));
}

interface FindEntry {
  name: string;
  host: string;
}
class FindObject implements KernelObject {
  readonly type = 'find';
  next = 1;
  constructor(readonly entries: FindEntry[]) {}
}

/** Wildcard pattern (`*`, `?`, case-insensitive; `*.*` = everything) → RegExp. */
export function wildcardRegExp(pattern: string): RegExp {
  if (pattern === '*.*') pattern = '*';
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

function fileOf(cx: ApiContext, h: number): FileObject | undefined {
  const f = cx.machine.handles.get<FileObject>(h, 'file');
  // A stream driver's handle: the device manager answers the calls it does not route to the driver
  // with ERROR_INVALID_FUNCTION (devfile.ts).
  if (!f || f.closed) cx.setLastError(deviceFileOf(cx, h) ? ERROR.INVALID_FUNCTION : ERROR.INVALID_HANDLE);
  return f && !f.closed ? f : undefined;
}

/** The files a machine has open; they are closed when the machine shuts down (process exit). */
const openFiles = defineSlot('open-files', (m) => {
  const created = new Set<FileObject>();
  m.onShutdown(() => {
    for (const f of [...created]) f.destroy();
  });
  return created;
});
function openFilesOf(m: Machine): Set<FileObject> {
  return openFiles.of(m);
}

/**
 * CreateFileW proper (also used by stdio's _wfopen with read and write sharing). Returns the object
 * or sets the last error.
 */
export function openDeviceFile(
  cx: ApiContext,
  path: string,
  access: number,
  disposition: number,
  flags: number,
  share = FILE_SHARE_READ | FILE_SHARE_WRITE,
): FileObject | undefined {
  const fs = deviceFsOf(cx.machine);
  const fail = (e: number) => {
    cx.setLastError(e);
    return undefined;
  };
  if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) return fail(ERROR.INVALID_PARAMETER);
  const r = fs.resolve(path);
  if (!r.ok) return fail(r.error);
  const wantRead = (access & (GENERIC_READ | GENERIC_ALL)) !== 0;
  const wantWrite = (access & (GENERIC_WRITE | GENERIC_ALL)) !== 0;
  if (disposition === TRUNCATE_EXISTING && !wantWrite) return fail(ERROR.INVALID_PARAMETER);
  if (!r.parentExists) return fail(ERROR.PATH_NOT_FOUND);
  const existed = r.exists;
  if (r.exists) {
    const st = r.stat!;
    if (st.isDirectory()) return fail(ERROR.ACCESS_DENIED);
    if (disposition === CREATE_NEW) return fail(ERROR.FILE_EXISTS);
    if (isReadOnly(st) && (wantWrite || disposition === CREATE_ALWAYS || disposition === TRUNCATE_EXISTING)) {
      return fail(ERROR.ACCESS_DENIED);
    }
    // Before anything touches the file (CREATE_ALWAYS/TRUNCATE_EXISTING would truncate it).
    if (shareConflict(fileIdentity(st), wantRead, wantWrite, share)) return fail(ERROR.SHARING_VIOLATION);
    if ((disposition === CREATE_ALWAYS || disposition === TRUNCATE_EXISTING) && mappedFiles.has(fileIdentity(st))) return fail(ERROR.USER_MAPPED_FILE);
  } else if (disposition === OPEN_EXISTING || disposition === TRUNCATE_EXISTING) {
    return fail(ERROR.FILE_NOT_FOUND);
  }
  let oflags = wantRead && wantWrite ? FS.O_RDWR : wantWrite ? FS.O_WRONLY : FS.O_RDONLY;
  if (!r.exists) oflags |= FS.O_CREAT | FS.O_EXCL;
  if (r.exists && (disposition === CREATE_ALWAYS || disposition === TRUNCATE_EXISTING)) {
    // Truncation needs a writable descriptor even for a GENERIC_READ CREATE_ALWAYS open.
    if (!wantWrite) oflags = FS.O_RDWR;
    oflags |= FS.O_TRUNC;
  }
  let fd: number;
  try {
    fd = fs.open(r.host, oflags);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fail(ERROR.FILE_EXISTS);
    return fail(win32Error(e));
  }
  if (!existed || disposition === CREATE_ALWAYS) {
    // New (or replaced) file: attributes from dwFlagsAndAttributes.
    const attrs = flags & 0xffff;
    fs.setExtraAttrs(r.host, (attrs & STORED_ATTRS) | ATTR.ARCHIVE);
    if (attrs & ATTR.READONLY && !existed) fchmodSync(fd, 0o444);
  }
  const obj = new FileObject(fs, fd, r.host, r.ce, wantRead, wantWrite, (flags & FILE_FLAG_DELETE_ON_CLOSE) !== 0);
  let id: string;
  try {
    id = fileIdentity(fstatSync(fd));
  } catch (e) {
    obj.destroy();
    return fail(win32Error(e));
  }
  obj.holder = holdShare(id, r.host, wantRead, wantWrite, share);
  obj.owner = openFilesOf(cx.machine);
  obj.owner.add(obj);
  cx.setLastError(existed && (disposition === CREATE_ALWAYS || disposition === OPEN_ALWAYS) ? ERROR.ALREADY_EXISTS : 0);
  return obj;
}

const BOOL_FAULT: ApiOptions = { fault: { kind: 'error', ret: 0, lastError: ERROR.INVALID_PARAMETER } };
const HANDLE_FAULT: ApiOptions = { fault: { kind: 'error', ret: INVALID_HANDLE_VALUE, lastError: ERROR.INVALID_PARAMETER } };

function findFirst(cx: ApiContext, pathPtr: number, data: number, dirsOnly: boolean): number {
  const path = guestPath(cx, pathPtr);
  if (path === undefined) return cx.fail(INVALID_HANDLE_VALUE, ERROR.PATH_NOT_FOUND);
  cx.mem.check(data, FIND_DATA_SIZE, 'write');
  const fs = deviceFsOf(cx.machine);
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const dirPath = cut >= 0 ? path.slice(0, cut) : '';
  const pattern = path.slice(cut + 1);
  const check = fs.parse(path, { wildcard: true });
  if (!Array.isArray(check)) return cx.fail(INVALID_HANDLE_VALUE, check.error);
  if (pattern === '' || pattern === '.' || pattern === '..') return cx.fail(INVALID_HANDLE_VALUE, ERROR.FILE_NOT_FOUND);
  const dir = fs.resolve(dirPath === '' ? '\\' : dirPath);
  if (!dir.ok) return cx.fail(INVALID_HANDLE_VALUE, dir.error);
  if (!dir.exists || !dir.stat!.isDirectory()) return cx.fail(INVALID_HANDLE_VALUE, ERROR.PATH_NOT_FOUND);
  const re = wildcardRegExp(pattern.replace(/[. ]+$/, '') || pattern);
  const entries = fs
    .list(dir.host)
    .filter((e) => re.test(e.name) && (!dirsOnly || e.stat.isDirectory()))
    .map((e) => ({ name: e.name, host: e.host }));
  if (entries.length === 0) return cx.fail(INVALID_HANDLE_VALUE, ERROR.FILE_NOT_FOUND);
  const h = cx.machine.handles.add(new FindObject(entries));
  if (!h) return cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_ENOUGH_MEMORY);
  writeFindData(cx, data, fs, entries[0]!);
  cx.setLastError(0);
  return h;
}

export const files: ApiDef[] = [
  fn(
    'CreateFileW(wstr lpFileName, hex dwDesiredAccess, hex dwShareMode, ptr lpSecurityAttributes, u32 dwCreationDisposition, hex dwFlagsAndAttributes, handle hTemplateFile): handle',
    HANDLE_FAULT,
    (cx, namePtr: number, access: number, share: number, _sa: number, disposition: number, flags: number) => {
      const path = guestPath(cx, namePtr);
      if (path === undefined) return cx.fail(INVALID_HANDLE_VALUE, ERROR.PATH_NOT_FOUND);
      const dev = loadedDevice(cx.machine, path);
      if (dev.device) return openDevice(cx, dev.device, access, share);
      if (dev.named) return cx.fail(INVALID_HANDLE_VALUE, ERROR.FILE_NOT_FOUND); // "\$device\X" with no such device (devfile.ts)
      const obj = openDeviceFile(cx, path, access, disposition, flags, share);
      if (!obj) return INVALID_HANDLE_VALUE;
      const err = cx.lastError;
      const h = cx.machine.handles.add(obj);
      if (!h) {
        obj.destroy();
        return cx.fail(INVALID_HANDLE_VALUE, ERROR.TOO_MANY_OPEN_FILES);
      }
      cx.setLastError(err);
      return h;
    },
  ),

  fn(
    'ReadFile(handle hFile, ptr lpBuffer, u32 nNumberOfBytesToRead, ptr lpNumberOfBytesRead, ptr lpOverlapped): bool',
    BOOL_FAULT,
    (cx, h: number, buf: number, n: number, readOut: number) => {
      const d = deviceFileOf(cx, h);
      if (d) return deviceTransfer(cx, d, false, buf, n, readOut);
      if (readOut) cx.mem.setU32(readOut, 0);
      const f = fileOf(cx, h);
      if (!f) return 0;
      if (!f.canRead) return cx.fail(0, ERROR.ACCESS_DENIED);
      const view = cx.mem.bytes(buf, n, 'write');
      let total = 0;
      const r = host(cx, 0, () => {
        while (total < n) {
          const got = readSync(f.fd, view, total, n - total, f.pos + total);
          if (got === 0) break;
          total += got;
        }
      });
      if (failed(r)) return r.failed;
      f.pos += total;
      if (readOut) cx.mem.setU32(readOut, total);
      return 1;
    },
  ),

  fn(
    'WriteFile(handle hFile, ptr lpBuffer, u32 nNumberOfBytesToWrite, ptr lpNumberOfBytesWritten, ptr lpOverlapped): bool',
    BOOL_FAULT,
    (cx, h: number, buf: number, n: number, writtenOut: number) => {
      const d = deviceFileOf(cx, h);
      if (d) return deviceTransfer(cx, d, true, buf, n, writtenOut);
      if (writtenOut) cx.mem.setU32(writtenOut, 0);
      const f = fileOf(cx, h);
      if (!f) return 0;
      if (!f.canWrite) return cx.fail(0, ERROR.ACCESS_DENIED);
      const view = cx.mem.bytes(buf, n, 'read');
      let total = 0;
      const r = host(cx, 0, () => {
        while (total < n) total += writeSync(f.fd, view, total, n - total, f.pos + total);
      });
      if (failed(r)) return r.failed;
      f.pos += total;
      if (writtenOut) cx.mem.setU32(writtenOut, total);
      if (total) notifyDeviceChange(f.host, FS_CHANGE.SIZE | FS_CHANGE.LAST_WRITE, FS_ACTION.MODIFIED);
      return 1;
    },
  ),

  fn(
    'SetFilePointer(handle hFile, i32 lDistanceToMove, ptr lpDistanceToMoveHigh, u32 dwMoveMethod): hex',
    HANDLE_FAULT,
    (cx, h: number, low: number, highPtr: number, method: number) => {
      const d = deviceFileOf(cx, h);
      if (d) return deviceSeek(cx, d, low, method);
      const f = fileOf(cx, h);
      if (!f) return INVALID_HANDLE_VALUE;
      const dist = highPtr ? (BigInt(cx.mem.i32(highPtr)) << 32n) | BigInt(low >>> 0) : BigInt(low | 0);
      let base: bigint;
      if (method === FILE_BEGIN) base = 0n;
      else if (method === FILE_CURRENT) base = BigInt(f.pos);
      else if (method === FILE_END) {
        const st = host(cx, INVALID_HANDLE_VALUE, () => fstatSync(f.fd));
        if (failed(st)) return st.failed;
        base = BigInt(st.size);
      } else return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      const to = base + dist;
      if (to < 0n) return cx.fail(INVALID_HANDLE_VALUE, ERROR.NEGATIVE_SEEK);
      if (!highPtr && to > 0xffff_fffen) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      if (to > BigInt(Number.MAX_SAFE_INTEGER)) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      f.pos = Number(to);
      if (highPtr) cx.mem.setU32(highPtr, Number(to >> 32n));
      cx.setLastError(0);
      return Number(to & 0xffff_ffffn);
    },
  ),

  fn('GetFileSize(handle hFile, ptr lpFileSizeHigh): hex', HANDLE_FAULT, (cx, h: number, highPtr: number) => {
    const f = fileOf(cx, h);
    if (!f) return INVALID_HANDLE_VALUE;
    const st = host(cx, INVALID_HANDLE_VALUE, () => fstatSync(f.fd, { bigint: true }));
    if (failed(st)) return st.failed;
    if (highPtr) cx.mem.setU32(highPtr, Number(st.size >> 32n));
    cx.setLastError(0);
    return Number(st.size & 0xffff_ffffn);
  }),

  fn('SetEndOfFile(handle hFile): bool', BOOL_FAULT, (cx, h: number) => {
    const f = fileOf(cx, h);
    if (!f) return 0;
    if (!f.canWrite) return cx.fail(0, ERROR.ACCESS_DENIED);
    // Windows refuses to truncate a file with a mapping: mapped pages past the new end would fault.
    if (mappedFiles.has(fileIdentity(fstatSync(f.fd)))) return cx.fail(0, ERROR.USER_MAPPED_FILE);
    const r = host(cx, 0, () => ftruncateSync(f.fd, f.pos));
    if (failed(r)) return r.failed;
    notifyDeviceChange(f.host, FS_CHANGE.SIZE | FS_CHANGE.LAST_WRITE, FS_ACTION.MODIFIED);
    return 1;
  }),

  fn('FlushFileBuffers(handle hFile): bool', BOOL_FAULT, (cx, h: number) => {
    const f = fileOf(cx, h);
    if (!f) return 0;
    if (f.canWrite) {
      const r = host(cx, 0, () => fsyncSync(f.fd));
      if (failed(r)) return r.failed;
    }
    return 1;
  }),

  fn(
    'GetFileTime(handle hFile, ptr lpCreationTime, ptr lpLastAccessTime, ptr lpLastWriteTime): bool',
    BOOL_FAULT,
    (cx, h: number, c: number, a: number, w: number) => {
      const f = fileOf(cx, h);
      if (!f) return 0;
      const st = host(cx, 0, () => fstatSync(f.fd, { bigint: true }));
      if (failed(st)) return st.failed;
      const t = timesOf(st);
      writeFiletime(cx, c, t.creation);
      writeFiletime(cx, a, t.access);
      writeFiletime(cx, w, t.write);
      return 1;
    },
  ),

  fn(
    'SetFileTime(handle hFile, ptr lpCreationTime, ptr lpLastAccessTime, ptr lpLastWriteTime): bool',
    BOOL_FAULT,
    (cx, h: number, _c: number, a: number, w: number) => {
      const f = fileOf(cx, h);
      if (!f) return 0;
      if (!f.canWrite) return cx.fail(0, ERROR.ACCESS_DENIED);
      const st = host(cx, 0, () => fstatSync(f.fd, { bigint: true }));
      if (failed(st)) return st.failed;
      const t = timesOf(st);
      // The host cannot set a creation time; it is accepted and left as is.
      const access = a ? cx.mem.u64(a) : t.access;
      const write = w ? cx.mem.u64(w) : t.write;
      const r = host(cx, 0, () => futimesSync(f.fd, secondsOfFiletime(access), secondsOfFiletime(write)));
      return failed(r) ? r.failed : 1;
    },
  ),

  fn('GetFileInformationByHandle(handle hFile, ptr lpFileInformation): bool', BOOL_FAULT, (cx, h: number, p: number) => {
    const f = fileOf(cx, h);
    if (!f) return 0;
    cx.mem.check(p, 56, 'write');
    const st = host(cx, 0, () => fstatSync(f.fd, { bigint: true }));
    if (failed(st)) return st.failed;
    const plain = fstatSync(f.fd);
    writeAttributeData(cx, p, attributesOf(f.fs, f.host, plain), timesOf(st), st.size);
    // BY_HANDLE_FILE_INFORMATION: attrs, 3 times, volume serial, size high, size low, links, index high/low, dwOID.
    cx.mem.setU32(p + 28, Number(st.dev & 0xffff_ffffn));
    cx.mem.setU32(p + 32, Number(st.size >> 32n));
    cx.mem.setU32(p + 36, Number(st.size & 0xffff_ffffn));
    cx.mem.setU32(p + 40, Number(st.nlink));
    cx.mem.setU32(p + 44, Number(st.ino >> 32n));
    cx.mem.setU32(p + 48, Number(st.ino & 0xffff_ffffn));
    cx.mem.setU32(p + 52, Number(st.ino & 0x7fff_ffffn));
    return 1;
  }),

  fn('GetFileAttributesW(wstr lpFileName): hex', HANDLE_FAULT, (cx, p: number) => {
    const r = resolvePath(cx, p, 'exists');
    if (!r) return INVALID_HANDLE_VALUE;
    return attributesOf(deviceFsOf(cx.machine), r.host, r.stat!);
  }),

  fn('SetFileAttributesW(wstr lpFileName, hex dwFileAttributes): bool', BOOL_FAULT, (cx, p: number, attrs: number) => {
    const r = resolvePath(cx, p, 'exists');
    if (!r) return 0;
    if (r.isRoot) return cx.fail(0, ERROR.ACCESS_DENIED);
    const fs = deviceFsOf(cx.machine);
    const mode = r.stat!.mode & 0o7777;
    const newMode = attrs & ATTR.READONLY ? mode & ~0o222 : mode | 0o200;
    const res = host(cx, 0, () => {
      if (newMode !== mode) fs.chmod(r.host, newMode);
    });
    if (failed(res)) return res.failed;
    fs.setExtraAttrs(r.host, attrs & STORED_ATTRS);
    return 1;
  }),

  fn('GetFileAttributesExW(wstr lpFileName, u32 fInfoLevelId, ptr lpFileInformation): bool', BOOL_FAULT, (cx, p: number, level: number, info: number) => {
    if (level !== 0) return cx.fail(0, ERROR.INVALID_PARAMETER); // GetFileExInfoStandard only
    const r = resolvePath(cx, p, 'exists');
    if (!r) return 0;
    const st = host(cx, 0, () => lstatSync(r.host, { bigint: true })); // gone since resolve: its error
    if (failed(st)) return st.failed;
    writeAttributeData(cx, info, attributesOf(deviceFsOf(cx.machine), r.host, r.stat!), timesOf(st), r.stat!.isDirectory() ? 0n : st.size);
    return 1;
  }),

  fn('FindFirstFileW(wstr lpFileName, ptr lpFindFileData): handle', HANDLE_FAULT, (cx, p: number, data: number) => findFirst(cx, p, data, false)),
  fn(
    'FindFirstFileExW(wstr lpFileName, u32 fInfoLevelId, ptr lpFindFileData, u32 fSearchOp, ptr lpSearchFilter, hex dwAdditionalFlags): handle',
    HANDLE_FAULT,
    (cx, p: number, level: number, data: number, op: number) => {
      if (level !== 0 || op > 1) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      return findFirst(cx, p, data, op === 1); // FindExSearchLimitToDirectories
    },
  ),
  fn('FindNextFileW(handle hFindFile, ptr lpFindFileData): bool', BOOL_FAULT, (cx, h: number, data: number) => {
    const f = cx.machine.handles.get<FindObject>(h, 'find');
    if (!f) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.mem.check(data, FIND_DATA_SIZE, 'write');
    const fs = deviceFsOf(cx.machine);
    while (f.next < f.entries.length) {
      const e = f.entries[f.next++]!;
      try {
        writeFindData(cx, data, fs, e);
        return 1;
      } catch (err) {
        if ((err as NodeJS.ErrnoException)?.code === undefined) throw err;
        // Deleted since FindFirstFileW: skip it.
      }
    }
    return cx.fail(0, ERROR.NO_MORE_FILES);
  }),
  fn('FindClose(handle hFindFile): bool', BOOL_FAULT, (cx, h: number) => {
    // File searches and FindFirstDevice's device searches (devmgr.ts) both end here.
    if (!cx.machine.handles.get(h, 'find') && !cx.machine.handles.get(h, 'devfind')) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),

  fn('CopyFileW(wstr lpExistingFileName, wstr lpNewFileName, bool bFailIfExists): bool', BOOL_FAULT, (cx, s: number, d: number, failIfExists: number) => {
    const src = resolvePath(cx, s, 'exists');
    if (!src) return 0;
    if (src.stat!.isDirectory()) return cx.fail(0, ERROR.ACCESS_DENIED);
    const dst = resolvePath(cx, d, 'parent');
    if (!dst) return 0;
    if (dst.exists) {
      if (failIfExists) return cx.fail(0, ERROR.FILE_EXISTS);
      if (dst.stat!.isDirectory() || isReadOnly(dst.stat!) || dst.host === src.host) return cx.fail(0, ERROR.ACCESS_DENIED);
    }
    // CopyFileW reads the source sharing read only, and writes the destination sharing nothing.
    if (shareConflict(fileIdentity(src.stat!), true, false, FILE_SHARE_READ)) return cx.fail(0, ERROR.SHARING_VIOLATION);
    if (dst.exists && shareConflict(fileIdentity(dst.stat!), false, true, 0)) return cx.fail(0, ERROR.SHARING_VIOLATION);
    const fs = deviceFsOf(cx.machine);
    const r = host(cx, 0, () => {
      fs.copyFile(src.host, dst.host);
    });
    if (failed(r)) return r.failed;
    fs.setExtraAttrs(dst.host, fs.extraAttrs(src.host));
    return 1;
  }),

  fn('MoveFileW(wstr lpExistingFileName, wstr lpNewFileName): bool', BOOL_FAULT, (cx, s: number, d: number) => {
    const src = resolvePath(cx, s, 'exists');
    if (!src) return 0;
    if (src.isRoot) return cx.fail(0, ERROR.ACCESS_DENIED);
    const dst = resolvePath(cx, d, 'parent');
    if (!dst) return 0;
    let target = dst.host;
    if (dst.exists) {
      // Only a change of case of the same name is allowed onto an existing name.
      const newName = dst.ce.slice(dst.ce.lastIndexOf('\\') + 1);
      const given = (guestPath(cx, d) ?? '').replace(/[\\/]+$/, '');
      const wanted = given.slice(Math.max(given.lastIndexOf('\\'), given.lastIndexOf('/')) + 1);
      if (dst.host !== src.host || wanted === newName) return cx.fail(0, ERROR.ALREADY_EXISTS);
      target = join(dirname(src.host), wanted);
    }
    if (src.stat!.isDirectory() && (target + '/').startsWith(src.host + '/')) return cx.fail(0, ERROR.ACCESS_DENIED);
    // An open file (or a folder with an open file below it) cannot be renamed.
    if (src.stat!.isDirectory() ? isOpenBelow(src.host) : isFileOpen(fileIdentity(src.stat!))) return cx.fail(0, ERROR.SHARING_VIOLATION);
    const fs = deviceFsOf(cx.machine);
    const r = host(cx, 0, () => fs.rename(src.host, target));
    if (failed(r)) return r.failed;
    fs.moveExtraAttrs(src.host, target);
    return 1;
  }),

  fn('DeleteFileW(wstr lpFileName): bool', BOOL_FAULT, (cx, p: number) => {
    const r = resolvePath(cx, p, 'exists');
    if (!r) return 0;
    if (r.stat!.isDirectory() || isReadOnly(r.stat!)) return cx.fail(0, ERROR.ACCESS_DENIED);
    if (isFileOpen(fileIdentity(r.stat!))) return cx.fail(0, ERROR.SHARING_VIOLATION); // CE: not while open
    const res = host(cx, 0, () => deviceFsOf(cx.machine).unlink(r.host));
    if (failed(res)) return res.failed;
    deviceFsOf(cx.machine).setExtraAttrs(r.host, undefined);
    return 1;
  }),

  fn('CreateDirectoryW(wstr lpPathName, ptr lpSecurityAttributes): bool', BOOL_FAULT, (cx, p: number) => {
    const r = resolvePath(cx, p, 'parent');
    if (!r) return 0;
    if (r.exists) return cx.fail(0, ERROR.ALREADY_EXISTS);
    const res = host(cx, 0, () => deviceFsOf(cx.machine).mkdir(r.host));
    return failed(res) ? res.failed : 1;
  }),

  fn('RemoveDirectoryW(wstr lpPathName): bool', BOOL_FAULT, (cx, p: number) => {
    const r = resolvePath(cx, p, 'exists');
    if (!r) return 0;
    if (r.isRoot) return cx.fail(0, ERROR.ACCESS_DENIED);
    if (!r.stat!.isDirectory()) return cx.fail(0, ERROR.DIRECTORY);
    if (isReadOnly(r.stat!)) return cx.fail(0, ERROR.ACCESS_DENIED);
    const res = host(cx, 0, () => deviceFsOf(cx.machine).rmdir(r.host));
    if (failed(res)) return res.failed;
    deviceFsOf(cx.machine).setExtraAttrs(r.host, undefined);
    return 1;
  }),

  fn(
    'GetDiskFreeSpaceExW(wstr lpDirectoryName, ptr lpFreeBytesAvailableToCaller, ptr lpTotalNumberOfBytes, ptr lpTotalNumberOfFreeBytes): bool',
    BOOL_FAULT,
    (cx, p: number, avail: number, total: number, free: number) => {
      const fs = deviceFsOf(cx.machine);
      let dir = fs.root;
      if (p) {
        const r = resolvePath(cx, p, 'exists');
        if (!r) return 0;
        dir = r.stat!.isDirectory() ? r.host : dirname(r.host);
      }
      const st = host(cx, 0, () => statfsSync(dir, { bigint: true }));
      if (failed(st)) return st.failed;
      if (avail) cx.mem.setU64(avail, st.bavail * st.bsize);
      if (total) cx.mem.setU64(total, st.blocks * st.bsize);
      if (free) cx.mem.setU64(free, st.bfree * st.bsize);
      return 1;
    },
  ),

  fn('GetTempPathW(u32 nBufferLength, ptr lpBuffer): u32', BOOL_FAULT, (cx, n: number, buf: number) => {
    const path = '\\Temp\\';
    deviceFsOf(cx.machine); // make sure the folder exists
    if (n < path.length + 1) return path.length + 1;
    cx.mem.writeWstr(buf, path);
    return path.length;
  }),

  fn(
    'GetTempFileNameW(wstr lpPathName, wstr lpPrefixString, u32 uUnique, ptr lpTempFileName): u32',
    BOOL_FAULT,
    (cx, dirPtr: number, prefixPtr: number, unique: number, out: number) => {
      const dir = resolvePath(cx, dirPtr, 'exists');
      if (!dir) return 0;
      if (!dir.stat!.isDirectory()) return cx.fail(0, ERROR.DIRECTORY);
      const prefix = (prefixPtr ? cx.mem.wstr(prefixPtr, 260) : '').slice(0, 3);
      const base = dir.ce === '\\' ? '' : dir.ce;
      const name = (u: number) => `${prefix}${(u & 0xffff).toString(16).toUpperCase()}.tmp`;
      cx.mem.check(out, 2 * 260, 'write');
      if (unique & 0xffff) {
        cx.mem.writeWstr(out, `${base}\\${name(unique)}`);
        return unique & 0xffff;
      }
      let u = Date.now() & 0xffff || 1;
      const fs = deviceFsOf(cx.machine);
      for (let i = 0; i < 0x10000; i++, u = (u + 1) & 0xffff || 1) {
        // The prefix is part of the name the guest chose: the whole path goes through the resolver
        // (a prefix like `o/` through a planted link must not leave the root: issue 17 item 5).
        const r = fs.resolve(`${base}\\${name(u)}`);
        if (!r.ok) return cx.fail(0, r.error);
        if (!r.parentExists) return cx.fail(0, ERROR.PATH_NOT_FOUND);
        if (r.exists) continue;
        try {
          fs.close(fs.open(r.host, FS.O_WRONLY | FS.O_CREAT | FS.O_EXCL));
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
          return cx.fail(0, win32Error(e));
        }
        cx.mem.writeWstr(out, r.ce);
        return u;
      }
      return cx.fail(0, ERROR.FILE_EXISTS);
    },
  ),
];
