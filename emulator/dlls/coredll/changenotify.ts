/**
 * coredll file change notifications (CE docs: FindFirstChangeNotification,
 * FindNextChangeNotification, FindCloseChangeNotification, CeGetFileNotificationInfo,
 * FILE_NOTIFY_INFORMATION): a waitable object that becomes signaled when a change of one of the
 * filter's classes (FILE_NOTIFY_CHANGE_FILE_NAME 1, DIR_NAME 2, ATTRIBUTES 4, SIZE 8, LAST_WRITE
 * 0x10) happens in the folder (or below it with bWatchSubtree). It stays signaled until
 * FindNextChangeNotification asks for the next change. The changes seen are those the run's guests
 * make through the device file system (core/fs/device-fs.ts: create, delete, rename, folders,
 * attributes, writes); changes made by host programs in the root folder are not seen.
 *
 *  - Failures: a filter with no known class, or a NULL path: INVALID_HANDLE_VALUE,
 *    ERROR_INVALID_PARAMETER; a path that is not an existing folder: ERROR_PATH_NOT_FOUND.
 *  - With FILE_NOTIFY_CHANGE_CEGETINFO (0x80000000), the changes are also queued as
 *    FILE_NOTIFY_INFORMATION records (NextEntryOffset, Action, FileNameLength in bytes, FileName
 *    relative to the folder, not NUL-terminated, each record DWORD-aligned) that
 *    CeGetFileNotificationInfo(h, 0, buf, len, &returned, &available) hands out: lpBuffer NULL and
 *    nBufferLength 0 give the bytes available; records that fit are returned, with ERROR_MORE_DATA
 *    when more remain; none fitting is FALSE, ERROR_INSUFFICIENT_BUFFER. At most 4,096 records wait.
 *  - FindNextChangeNotification / FindCloseChangeNotification / CeGetFileNotificationInfo on another
 *    handle: FALSE, ERROR_INVALID_HANDLE.
 */
import { relative, sep } from 'node:path';
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { Signal, type Waitable } from '../../core/kernel/waitable.js';
import { deviceFsOf, onDeviceChange } from '../../core/fs/device-fs.js';
import { ERROR } from '../../core/win32-errors.js';

const INVALID_HANDLE_VALUE = 0xffff_ffff;
const KNOWN = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x40 | 0x100;
const CEGETINFO = 0x8000_0000;
const MAX_RECORDS = 4096;
const ERROR_MORE_DATA = 234;

/**
 * A change notification's waitable state: signaled by a change (fire), until the program asks for
 * the next one (rearm); closing the handle stops the feed it listens to. Shared with the registry
 * change notifications (regnotify.ts).
 */
export abstract class ChangeWaitable implements Waitable {
  signaled = false;
  private readonly signal = new Signal();
  protected stop: () => void = () => {};
  protected fire(): void {
    this.signaled = true;
    this.signal.notify();
  }
  rearm(): void {
    this.signaled = false;
  }
  isSignaled(): boolean {
    return this.signaled;
  }
  onSignal(cb: () => void): () => void {
    return this.signal.add(cb);
  }
  consume(): void {}
  destroy(): void {
    this.stop();
  }
}

class ChangeNotification extends ChangeWaitable {
  readonly type = 'change-notification';
  readonly records: { action: number; name: string }[] = [];
  constructor(
    readonly folder: string,
    readonly subtree: boolean,
    readonly filter: number,
  ) {
    super();
    this.stop = onDeviceChange((host, change, action) => this.changed(host, change, action));
  }
  private changed(host: string, change: number, action: number): void {
    if (!(change & this.filter)) return;
    const rel = relative(this.folder, host);
    if (!rel || rel.startsWith('..') || (!this.subtree && rel.includes(sep))) return;
    if (this.filter & CEGETINFO && this.records.length < MAX_RECORDS) this.records.push({ action, name: rel.split(sep).join('\\') });
    this.fire();
  }
}

function notification(cx: ApiContext, h: number): ChangeNotification | undefined {
  return cx.machine.handles.get<ChangeNotification>(h, 'change-notification');
}

export const changenotify: ApiDef[] = [
  fn('FindFirstChangeNotificationW(wstr lpPathName, bool bWatchSubtree, hex dwNotifyFilter): handle', (cx, p: number, subtree: number, filter: number) => {
    if (!p || !(filter & KNOWN)) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
    const r = deviceFsOf(cx.machine).resolve(cx.mem.wstr(p, 260));
    if (!r.ok || !r.exists || !r.stat?.isDirectory()) return cx.fail(INVALID_HANDLE_VALUE, ERROR.PATH_NOT_FOUND);
    const n = new ChangeNotification(r.host, subtree !== 0, filter >>> 0);
    const h = cx.machine.handles.add(n);
    if (!h) {
      n.destroy();
      return cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_ENOUGH_MEMORY);
    }
    cx.machine.onShutdown(() => n.destroy());
    return h;
  }),
  fn('FindNextChangeNotification(handle hChangeHandle): bool', (cx, h: number) => {
    const n = notification(cx, h);
    if (!n) return cx.fail(0, ERROR.INVALID_HANDLE);
    n.rearm();
    return 1;
  }),
  fn('FindCloseChangeNotification(handle hChangeHandle): bool', (cx, h: number) => {
    if (!notification(cx, h)) return cx.fail(0, ERROR.INVALID_HANDLE);
    cx.machine.handles.close(h);
    return 1;
  }),
  fn(
    'CeGetFileNotificationInfo(handle h, hex dwFlags, ptr lpBuffer, u32 nBufferLength, ptr lpBytesReturned, ptr lpBytesAvailable): bool',
    (cx, h: number, _flags: number, buf: number, len: number, retP: number, availP: number) => {
      const n = notification(cx, h);
      if (!n) return cx.fail(0, ERROR.INVALID_HANDLE);
      const size = (r: { name: string }) => (12 + 2 * r.name.length + 3) & ~3;
      const available = n.records.reduce((a, r) => a + size(r), 0);
      if (availP) cx.mem.setU32(availP, available);
      if (retP) cx.mem.setU32(retP, 0);
      if (!buf || len === 0) return 1;
      let off = 0;
      let count = 0;
      while (count < n.records.length && off + size(n.records[count]!) <= len) off += size(n.records[count++]!);
      if (count === 0 && n.records.length) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      cx.mem.check(buf, off, 'write');
      let at = 0;
      for (let i = 0; i < count; i++) {
        const r = n.records[i]!;
        cx.mem.setU32(buf + at, i + 1 < count ? size(r) : 0);
        cx.mem.setU32(buf + at + 4, r.action);
        cx.mem.setU32(buf + at + 8, 2 * r.name.length);
        cx.mem.write(buf + at + 12, Buffer.from(r.name, 'utf16le'));
        at += size(r);
      }
      n.records.splice(0, count);
      if (retP) cx.mem.setU32(retP, off);
      if (availP) cx.mem.setU32(availP, available - off);
      if (n.records.length) cx.setLastError(ERROR_MORE_DATA);
      return 1;
    },
  ),
];
