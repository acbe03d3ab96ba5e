/**
 * The device file system: CE paths (`\My Documents\a.txt`) mapped into one host folder, the device
 * root. Every file API of the emulator (coredll files, stdio, module loading) resolves paths here and
 * nowhere else, so one module decides what the guest can reach.
 *
 * Mapping rules (CE has no drives and no current directory: every path is relative to the root):
 * - `\` and `/` separate components; repeated separators and `.` are ignored; `..` goes up one level
 *   and going above the root is ERROR_PATH_NOT_FOUND (never a host path outside the root).
 * - Names are matched case-insensitively, as on CE: `\WINDOWS\Foo.TXT` finds `Windows/foo.txt`.
 *   New names keep the case the guest gave.
 * - Rejected before touching the host: UNC and NT prefixes (`\\server\share`, `\\?\`, `\\.\`) and
 *   drive letters (`C:\`) → ERROR_PATH_NOT_FOUND; CE stream device names (`COM1:`) →
 *   ERROR_FILE_NOT_FOUND (no such driver; CreateFileW opens a device loaded by ActivateDeviceEx
 *   before it comes here, coredll devfile.ts); DOS device names (`NUL`, `CON`, `COM1`, `LPT1.txt`)
 *   → ERROR_ACCESS_DENIED; other invalid characters (`: * ? " < > |`, control characters) →
 *   ERROR_INVALID_NAME; longer than MAX_PATH → ERROR_FILENAME_EXCED_RANGE.
 * - Host symbolic links inside the root are followed only while they stay inside the root (checked
 *   with realpath against the root's realpath); one leading outside is ERROR_ACCESS_DENIED.
 *   (The guest itself cannot create links: CE has no such API.)
 * - Checked again at the moment of use (issue 17 item 5): a link planted, or a folder renamed, between
 *   resolve() and the host call must not lead outside. Every operation on a resolved path (open,
 *   create, delete, rename, mkdir, rmdir, chmod, copy, image reads) opens the parent folder, checks
 *   where that descriptor really is (/proc/self/fd, the kernel's answer, not a path string) and acts
 *   on the name inside it through /proc/self/fd/<dirfd>/<name> with O_NOFOLLOW: the openat() pattern
 *   without a native helper. The final component is never followed, so a dangling link cannot be
 *   written through.
 * - Special files (FIFOs, sockets, devices; issue 17 item 3) are not files on a CE device: listings
 *   leave them out and opening one is ERROR_ACCESS_DENIED. Opens use O_NONBLOCK and check the type
 *   with fstat before any read, so a FIFO never blocks the event loop.
 */
import {
  chmodSync,
  closeSync,
  constants as FS,
  existsSync,
  fstatSync,
  futimesSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve as hostResolve, sep } from 'node:path';
import type { Machine } from '../machine.js';
import { defineSlot } from '../slot.js';
import { ERROR } from '../win32-errors.js';

/** /proc/self/fd: where an open descriptor really is (Linux); without it paths are used as resolved. */
const PROC_FD = existsSync('/proc/self/fd');
const outside = () => Object.assign(new Error('outside the device root'), { code: 'EACCES' });

/** Win32 error codes the resolver produces. */

/** The folders every device has. */
export const STANDARD_FOLDERS = ['Windows', 'My Documents', 'Temp', 'Program Files'];

const MAX_PATH = 260;
const DOS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|clock\$|conin\$|conout\$)(\..*)?$/i;
const CE_DEVICE = /^[a-z]{3}[0-9]:$/i;
const BAD_CHARS = /[\x00-\x1f"<>|:*?]/;
const WILDCARD = /[*?]/;

export interface Resolved {
  ok: true;
  /** Host path: the real path when the object exists, else the real parent joined with the new name. */
  host: string;
  /** Canonical CE path (`\` for the root), with the on-disk case of the existing components. */
  ce: string;
  /** The object exists (lstat on `host` succeeded). */
  exists: boolean;
  /** The parent folder exists (false: a folder on the way is missing or is a file). */
  parentExists: boolean;
  isRoot: boolean;
  stat?: Stats;
}
export interface ResolveError {
  ok: false;
  error: number;
}

export interface ResolveOptions {
  /** Allow `*` and `?` in the last component (FindFirstFileW); the pattern comes back in `pattern`. */
  wildcard?: boolean;
}

/**
 * What changed in a device folder, for change notifications (FindFirstChangeNotificationW): the
 * FILE_NOTIFY_CHANGE_* class of the change and, for CeGetFileNotificationInfo, the FILE_ACTION_*.
 * Every DeviceFs of the process reports the changes its guests make (the processes of a run sharing
 * a root see each other's changes); changes made by host programs are not seen.
 */
export const FS_CHANGE = { FILE_NAME: 0x1, DIR_NAME: 0x2, ATTRIBUTES: 0x4, SIZE: 0x8, LAST_WRITE: 0x10 } as const;
export const FS_ACTION = { ADDED: 1, REMOVED: 2, MODIFIED: 3, RENAMED_OLD: 4, RENAMED_NEW: 5 } as const;
export type FsChangeListener = (host: string, change: number, action: number) => void;
const changeListeners = new Set<FsChangeListener>();
export function onDeviceChange(cb: FsChangeListener): () => void {
  changeListeners.add(cb);
  return () => changeListeners.delete(cb);
}
export function notifyDeviceChange(host: string, change: number, action: number): void {
  for (const cb of [...changeListeners]) cb(host, change, action);
}

/** The folder under the device root where wmemu keeps run state (the CEDB object store); guests do not list it. */
export const WMEMU_STATE_DIR = '.wmemu';

export class DeviceFs {
  /** realpath of the root folder. */
  readonly root: string;
  /** Attributes the host cannot store (hidden, system, ...), by host path. */
  private readonly extraAttributes = new Map<string, number>();

  constructor(
    root: string,
    /** Remove the root folder on dispose (a fresh temporary device). */
    private readonly temporary = false,
  ) {
    mkdirSync(root, { recursive: true });
    this.root = realpathSync(root);
    // recursive: no EEXIST when another run sharing the root creates them at the same moment.
    for (const f of STANDARD_FOLDERS) mkdirSync(join(this.root, f), { recursive: true });
  }

  /** A fresh device in a new temporary folder (removed by dispose()). */
  static temporary(): DeviceFs {
    return new DeviceFs(mkdtempSync(join(tmpdir(), 'wmemu-device-')), true);
  }

  dispose(): void {
    if (this.temporary) rmSync(this.root, { recursive: true, force: true });
  }

  /** True when host path p is the root or inside it. */
  contains(p: string): boolean {
    return p === this.root || p.startsWith(this.root.endsWith(sep) ? this.root : this.root + sep);
  }

  /** Splits and checks a CE path; returns its components (no host access). */
  parse(path: string, opts: ResolveOptions = {}): string[] | ResolveError {
    const err = (error: number): ResolveError => ({ ok: false, error });
    if (path.length === 0) return err(ERROR.PATH_NOT_FOUND);
    if (path.length >= MAX_PATH) return err(ERROR.FILENAME_EXCED_RANGE);
    if (/^[\\/]{2}/.test(path)) return err(ERROR.PATH_NOT_FOUND); // UNC, \\?\, \\.\
    if (/^[a-z]:/i.test(path)) return err(ERROR.PATH_NOT_FOUND); // drive letters
    const raw = path.split(/[\\/]/);
    const out: string[] = [];
    for (let i = 0; i < raw.length; i++) {
      let c = raw[i]!;
      const last = i === raw.length - 1;
      if (c === '' || c === '.') continue;
      if (c === '..') {
        if (out.length === 0) return err(ERROR.PATH_NOT_FOUND);
        out.pop();
        continue;
      }
      if (CE_DEVICE.test(c)) return err(ERROR.FILE_NOT_FOUND);
      if (opts.wildcard && last && WILDCARD.test(c)) {
        if (BAD_CHARS.test(c.replace(/[*?]/g, ''))) return err(ERROR.INVALID_NAME);
      } else if (BAD_CHARS.test(c)) {
        return err(ERROR.INVALID_NAME);
      }
      c = c.replace(/[. ]+$/, ''); // Windows drops trailing dots and spaces
      if (c === '') return err(ERROR.INVALID_NAME);
      if (DOS_DEVICE.test(c)) return err(ERROR.ACCESS_DENIED);
      out.push(c);
    }
    return out;
  }

  /**
   * Maps a CE path to a host path inside the root. Existing components are matched case-insensitively;
   * links are followed only inside the root.
   */
  resolve(path: string, opts: ResolveOptions = {}): Resolved | ResolveError {
    const parts = this.parse(path, opts);
    if (!Array.isArray(parts)) return parts;
    // The root may change under a running guest (another run or the host renaming and deleting in
    // it: issue 17 item 9): an object gone between two looks is looked up again, then missing.
    for (let attempt = 0; ; attempt++) {
      try {
        return this.resolveParts(parts, opts);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException)?.code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'ELOOP') throw e;
        if (attempt >= 2) return { ok: false, error: code === 'ELOOP' ? ERROR.ACCESS_DENIED : ERROR.PATH_NOT_FOUND };
      }
    }
  }

  private resolveParts(parts: string[], opts: ResolveOptions): Resolved | ResolveError {
    let host = this.root;
    const ce: string[] = [];
    let exists = true;
    let parentExists = true;
    let stat: Stats | undefined = lstatSync(host);
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const last = i === parts.length - 1;
      if (!exists || !stat!.isDirectory()) {
        // A folder on the way is missing or is a file.
        parentExists = false;
        exists = false;
        host = join(host, name);
        ce.push(name);
        continue;
      }
      const found = this.lookup(host, name, opts.wildcard === true && last);
      if (found === undefined) {
        if (!last) parentExists = false;
        exists = false;
        stat = undefined;
        host = join(host, name);
        ce.push(name);
        continue;
      }
      let next = join(host, found);
      let st = lstatSync(next);
      if (st.isSymbolicLink()) {
        const target = this.followLink(next);
        if (target === null) return { ok: false, error: ERROR.ACCESS_DENIED };
        if (target === undefined) {
          // Dangling link inside the root: behaves as a missing name.
          if (!last) parentExists = false;
          exists = false;
          stat = undefined;
          host = next;
          ce.push(found);
          continue;
        }
        next = target;
        st = lstatSync(next);
      }
      host = next;
      stat = st;
      ce.push(found);
    }
    if (!this.contains(host)) return { ok: false, error: ERROR.ACCESS_DENIED };
    return { ok: true, host, ce: '\\' + ce.join('\\'), exists, parentExists, isRoot: parts.length === 0, stat: exists ? stat : undefined };
  }

  /** The real path of a link: null if it leads outside the root, undefined if it dangles inside. */
  private followLink(p: string): string | null | undefined {
    try {
      const real = realpathSync(p);
      return this.contains(real) ? real : null;
    } catch {
      // Dangling: judge by where it points.
      try {
        const t = hostResolve(dirname(p), readlinkSync(p));
        return this.contains(t) ? undefined : null;
      } catch {
        return null;
      }
    }
  }

  /** Finds `name` in host folder `dir`, exact first, then case-insensitively. */
  private lookup(dir: string, name: string, pattern: boolean): string | undefined {
    if (pattern) return undefined;
    try {
      lstatSync(join(dir, name));
      return name;
    } catch {
      /* fall through */
    }
    try {
      return this.folderIndex(dir).get(name.toLowerCase());
    } catch {
      return undefined;
    }
  }

  /**
   * Lower-case name -> on-disk name of a host folder, cached while the folder's mtime is unchanged
   * (and kept up to date by our own creates): a new name missed the exact lstat and listed the whole
   * folder, so creating 10,000 files in one folder was quadratic (37.6 s, issue 17 item 11).
   */
  private folderIndex(dir: string): Map<string, string> {
    const mtime = statSync(dir, { bigint: true }).mtimeNs;
    const c = this.folders.get(dir);
    if (c && c.mtime === mtime) return c.names;
    const names = new Map<string, string>();
    for (const n of readdirSync(dir)) {
      const k = n.toLowerCase();
      if (!names.has(k)) names.set(k, n);
    }
    if (this.folders.size >= 64) this.folders.clear();
    this.folders.set(dir, { mtime, names });
    return names;
  }
  private readonly folders = new Map<string, { mtime: bigint; names: Map<string, string> }>();

  /** We created `host`: its folder's cached index gets the name and the new mtime (no re-listing). */
  private created(host: string): void {
    const dir = dirname(host);
    const c = this.folders.get(dir);
    if (!c) return;
    try {
      const k = basename(host).toLowerCase();
      if (!c.names.has(k)) c.names.set(k, basename(host));
      c.mtime = statSync(dir, { bigint: true }).mtimeNs;
    } catch {
      this.folders.delete(dir);
    }
  }

  /** Lists a host folder of the device, leaving out links that lead outside the root. */
  list(dir: string): { name: string; host: string; stat: Stats }[] {
    const out: { name: string; host: string; stat: Stats }[] = [];
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return out;
    }
    const atRoot = dir === this.root;
    for (const name of names.sort()) {
      // wmemu's own state under the root (the object store database, .wmemu/) is not part of the device's files.
      if (atRoot && name === WMEMU_STATE_DIR) continue;
      let host = join(dir, name);
      let st: Stats;
      try {
        st = lstatSync(host);
        if (st.isSymbolicLink()) {
          const t = this.followLink(host);
          if (!t) continue;
          host = t;
          st = lstatSync(host);
        }
      } catch {
        continue;
      }
      if (!st.isFile() && !st.isDirectory()) continue; // sockets, fifos, devices: not on a CE device
      out.push({ name, host, stat: st });
    }
    return out;
  }

  /**
   * Runs `op` on the name of `host` inside its parent folder, the folder checked to be in the root at
   * this moment: `op` gets a path through the folder's descriptor (see the module comment).
   */
  private inFolder<T>(host: string, op: (p: string) => T): T {
    if (!this.contains(host) || host === this.root) throw outside();
    if (!PROC_FD) return op(host);
    const dfd = openSync(dirname(host), FS.O_RDONLY | FS.O_DIRECTORY);
    try {
      if (!this.contains(readlinkSync(`/proc/self/fd/${dfd}`))) throw outside();
      return op(`/proc/self/fd/${dfd}/${basename(host)}`);
    } finally {
      closeSync(dfd);
    }
  }

  /**
   * Opens a resolved host path: checked under the root at the moment of use, the final component not
   * followed, never blocking (O_NONBLOCK), and only a regular file or a folder (else EACCES).
   */
  open(host: string, flags: number, mode = 0o666): number {
    const isNew = (flags & FS.O_CREAT) !== 0 && changeListeners.size > 0 && !existsSync(host);
    const fd = this.inFolder(host, (p) => openSync(p, flags | (FS.O_NOFOLLOW ?? 0) | (FS.O_NONBLOCK ?? 0), mode));
    if (flags & FS.O_CREAT) this.created(host);
    if (isNew) notifyDeviceChange(host, FS_CHANGE.FILE_NAME, FS_ACTION.ADDED);
    let ok = false;
    try {
      const st = fstatSync(fd);
      ok = st.isFile() || st.isDirectory();
    } finally {
      if (!ok) closeSync(fd);
    }
    if (!ok) throw Object.assign(new Error('not a file on the device (FIFO, socket or device)'), { code: 'EACCES' });
    return fd;
  }

  unlink(host: string): void {
    this.inFolder(host, (p) => unlinkSync(p));
    notifyDeviceChange(host, FS_CHANGE.FILE_NAME, FS_ACTION.REMOVED);
  }
  /** Deletes `host` only if it is still the file open as `fd` (delete-on-close after a rename race). */
  unlinkIfSame(host: string, fd: number): void {
    const mine = fstatSync(fd);
    this.inFolder(host, (p) => {
      const st = lstatSync(p);
      if (st.dev === mine.dev && st.ino === mine.ino) unlinkSync(p);
    });
  }
  mkdir(host: string): void {
    this.inFolder(host, (p) => mkdirSync(p));
    this.created(host);
    notifyDeviceChange(host, FS_CHANGE.DIR_NAME, FS_ACTION.ADDED);
  }
  rmdir(host: string): void {
    this.inFolder(host, (p) => rmdirSync(p));
    notifyDeviceChange(host, FS_CHANGE.DIR_NAME, FS_ACTION.REMOVED);
  }
  rename(from: string, to: string): void {
    const dir = changeListeners.size > 0 && lstatSync(from).isDirectory();
    this.inFolder(from, (a) => this.inFolder(to, (b) => renameSync(a, b)));
    const kind = dir ? FS_CHANGE.DIR_NAME : FS_CHANGE.FILE_NAME;
    notifyDeviceChange(from, kind, FS_ACTION.RENAMED_OLD);
    notifyDeviceChange(to, kind, FS_ACTION.RENAMED_NEW);
  }
  chmod(host: string, mode: number): void {
    this.inFolder(host, (p) => {
      if (lstatSync(p).isSymbolicLink()) throw outside();
      chmodSync(p, mode);
    });
    notifyDeviceChange(host, FS_CHANGE.ATTRIBUTES, FS_ACTION.MODIFIED);
  }

  /** Copies file `from` to `to` (created or truncated) with its mode and times, both checked as open() does. */
  copyFile(from: string, to: string): void {
    const src = this.open(from, FS.O_RDONLY);
    try {
      const st = fstatSync(src);
      if (!st.isFile()) throw outside();
      const dst = this.open(to, FS.O_WRONLY | FS.O_CREAT | FS.O_TRUNC, st.mode & 0o7777);
      try {
        const buf = Buffer.allocUnsafe(1 << 20);
        for (let pos = 0; ;) {
          const n = readSync(src, buf, 0, buf.length, pos);
          if (n === 0) break;
          for (let done = 0; done < n;) done += writeSync(dst, buf, done, n - done, pos + done);
          pos += n;
        }
        futimesSync(dst, st.atime, st.mtime);
      } finally {
        closeSync(dst);
      }
      this.chmod(to, st.mode & 0o7777);
    } finally {
      closeSync(src);
    }
  }

  /** Reads a whole regular file of the device (executable images), checked as open() does. */
  readFile(host: string): Buffer {
    const fd = this.open(host, FS.O_RDONLY);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
      const buf = Buffer.allocUnsafe(st.size);
      let n = 0;
      while (n < st.size) {
        const got = readSync(fd, buf, n, st.size - n, n);
        if (got === 0) break;
        n += got;
      }
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  }

  close(fd: number): void {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }

  // ---- attributes the host cannot keep (hidden, system, archive, temporary) ----
  /** Stored attribute bits of a host path, undefined when never set (defaults apply). */
  extraAttrs(host: string): number | undefined {
    return this.extraAttributes.get(host);
  }
  setExtraAttrs(host: string, attrs: number | undefined): void {
    if (attrs === undefined) this.extraAttributes.delete(host);
    else this.extraAttributes.set(host, attrs);
  }
  moveExtraAttrs(from: string, to: string): void {
    const a = this.extraAttributes.get(from);
    this.extraAttributes.delete(from);
    if (a !== undefined) this.extraAttributes.set(to, a);
  }
}

// ---- share modes of open files ----------------------------------------------------------------
/**
 * Share-mode bookkeeping (CreateFileW's dwShareMode). One table for the whole Node process, keyed by
 * the host file's identity (device and inode), not by a DeviceFs object: a child process started
 * with CreateProcessW runs as a second Machine with its own DeviceFs on the same root folder, and the
 * rule must hold between the two processes as it does on a device. Identity (rather than the path)
 * also makes two spellings of one file (case, links inside the root) the same file.
 *
 * Rules (as the CE file systems and desktop Windows apply them): an open with read or write access
 * is refused with ERROR_SHARING_VIOLATION when it wants read and a holder did not share read, wants
 * write and a holder did not share write, or its own share mode leaves out an access a holder has.
 * Opens without read/write access (dwDesiredAccess 0: attributes only) neither check nor hold.
 */
export const FILE_SHARE_READ = 1;
export const FILE_SHARE_WRITE = 2;

export interface ShareHolder {
  readonly id: string;
  /** Host path when opened (for "is anything open under this folder"). */
  host: string;
  readonly read: boolean;
  readonly write: boolean;
  readonly share: number;
}

const OPEN_FILES = new Map<string, Set<ShareHolder>>();

/** The share-table key of a host file (from stat/fstat). */
export function fileIdentity(st: { dev: number | bigint; ino: number | bigint }): string {
  return `${st.dev}:${st.ino}`;
}

/** True when an open with this access and share mode conflicts with the file's current holders. */
export function shareConflict(id: string, read: boolean, write: boolean, share: number): boolean {
  if (!read && !write) return false;
  for (const h of OPEN_FILES.get(id) ?? []) {
    if (read && !(h.share & FILE_SHARE_READ)) return true;
    if (write && !(h.share & FILE_SHARE_WRITE)) return true;
    if (h.read && !(share & FILE_SHARE_READ)) return true;
    if (h.write && !(share & FILE_SHARE_WRITE)) return true;
  }
  return false;
}

/** Registers an open handle's access (none for attribute-only opens); release it on close. */
export function holdShare(id: string, host: string, read: boolean, write: boolean, share: number): ShareHolder | undefined {
  if (!read && !write) return undefined;
  const h: ShareHolder = { id, host, read, write, share };
  let set = OPEN_FILES.get(id);
  if (!set) OPEN_FILES.set(id, (set = new Set()));
  set.add(h);
  return h;
}

export function releaseShare(h: ShareHolder | undefined): void {
  if (!h) return;
  const set = OPEN_FILES.get(h.id);
  if (!set) return;
  set.delete(h);
  if (set.size === 0) OPEN_FILES.delete(h.id);
}

/** True when the file is open (with read or write access) by any handle of any machine. */
export function isFileOpen(id: string): boolean {
  return (OPEN_FILES.get(id)?.size ?? 0) > 0;
}

/** True when a file below host folder `dir` is open (a folder with open files cannot be moved). */
export function isOpenBelow(dir: string): boolean {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const set of OPEN_FILES.values()) for (const h of set) if (h.host.startsWith(prefix)) return true;
  return false;
}

/** The device file system of a machine: options.deviceRoot, else a fresh temporary device per run. */
export function deviceFsOf(m: Machine): DeviceFs {
  return deviceFsSlot.of(m);
}
/** The device file system if one was created (nothing is created). */
export function deviceFsIfAny(m: Machine): DeviceFs | undefined {
  return deviceFsSlot.peek(m);
}
const deviceFsSlot = defineSlot('device-fs', (m) => {
  const fs = m.options.deviceRoot ? new DeviceFs(m.options.deviceRoot) : DeviceFs.temporary();
  m.onShutdown(() => fs.dispose());
  return fs;
});
