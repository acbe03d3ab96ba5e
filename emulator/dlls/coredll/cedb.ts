/**
 * coredll CE property databases (CEDB, windbase.h): volumes (CeMountDBVol, CeUnmountDBVol,
 * CeFlushDBVol, CeEnumDBVolumes), databases (CeCreateDatabase/Ex/Ex2, CeOpenDatabase/Ex/Ex2,
 * CeDeleteDatabaseEx), records (CeSeekDatabase/Ex, CeReadRecordProps/Ex, CeWriteRecordProps,
 * CeDeleteRecord) and CeOidGetInfo/CeOidGetInfoEx2: the ones the CE 6/7 corpus imports
 * (ceshell.dll, notify.dll, dcomssd.dll, filesys.dll, aygshell.dll ...). The data, the sort orders
 * and the host files are emulator/core/cedb/store.ts (the object store volume is the host file
 * `<root>/.wmemu/objectstore.cedb.json`, a mounted volume the device file it names).
 *
 * Followed: the CE 6 windbase.h layouts (CEGUID 16 bytes, CREATE_SYSTEMGUID all zeros,
 * CREATE_INVALIDGUID all ones; CEPROPVAL 16 bytes: propid, wLenData, wFlags, the 8-byte value union;
 * CEDBASEINFOEX 220 bytes; CEDBASEINFO 120; SORTORDERSPECEX 32; CEOIDINFOEX/CEOIDINFO the union at
 * +4) and the CEDB function reference:
 * - CeReadRecordPropsEx reads the record at the seek pointer (CEDB_AUTOINCREMENT at open: then moves
 *   it one on). The buffer is the CEPROPVAL array followed by the string/BLOB data the values point
 *   to. rgPropID NULL: every property, *lpcPropID receives the count; a requested property the record
 *   lacks gets CEDB_PROPNOTFOUND; none found: 0 and ERROR_NO_DATA (the buffer is still filled). Too
 *   small a buffer: ERROR_INSUFFICIENT_BUFFER and *lpcbBuffer the size needed, unless
 *   CEDB_ALLOWREALLOC: then the buffer (LocalAlloc'd, or from hHeap) is allocated or reallocated and
 *   *lplpBuffer/*lpcbBuffer updated. At the end of the database: ERROR_NO_MORE_ITEMS; the record at
 *   the seek pointer deleted through another handle: ERROR_KEY_DELETED (the pointer moves to the
 *   next record).
 * - CeSeekDatabaseEx: CEDB_SEEK_CEOID, _BEGINNING (dwValue records from the first), _CURRENT
 *   (signed dwValue), _END (dwValue records back from the last record: 0 is the last one), and the
 *   value seeks on the open sort order (dwValue a CEPROPVAL array of wNumVals): _VALUEFIRSTEQUAL from
 *   the start, _VALUENEXTEQUAL the next record only, _VALUEGREATER forward / _VALUESMALLER backward
 *   from the seek pointer to the first record after / before the value in the sort order. A value seek
 *   that finds nothing leaves the pointer at the end and returns 0 (documented); a positional seek
 *   outside the records returns 0 and leaves the pointer (the last error: ERROR_NO_MORE_ITEMS, not
 *   documented by CE); *lpdwIndex receives the record's index in the sort order.
 * - CeWriteRecordProps: oid 0 creates a record (the seek pointer does not move); CEDB_PROPDELETE in
 *   wFlags deletes a property. Unknown types, a record of another database, data over
 *   CEDB_MAXPROPDATASIZE or a record over CEDB_MAXRECORDSIZE: ERROR_INVALID_PARAMETER; a key that a
 *   CEDB_SORT_UNIQUE order already holds: ERROR_ALREADY_EXISTS (ERROR_REPEATED_KEY); more than
 *   0xFFFF records: ERROR_DISK_FULL. A record missing a CEDB_SORT_NONNULL property:
 *   ERROR_INVALID_PARAMETER (CE names no code for it).
 * - Sort orders: property by property, CEDB_SORT_DESCENDING per property, a missing property last
 *   (first with CEDB_SORT_UNKNOWNFIRST), CEDB_SORT_CASEINSENSITIVE for strings (ordinal otherwise:
 *   wmemu does not apply the locale's collation), equal keys in creation order. Opening without a sort
 *   order (propid 0, pSort NULL): creation order.
 * - CeCreateDatabaseEx2: a name the volume has (compared without case): ERROR_DUP_NAME; a bad
 *   CEDBASEINFOEX (wVersion other than 1, no name, more than 4 sort orders, a SORTORDERSPECEX with a
 *   wVersion other than 1 or 0 or more than 3 properties, a BLOB or unknown type as a key):
 *   ERROR_INVALID_PARAMETER. CeOpenDatabase*: a missing database: ERROR_FILE_NOT_FOUND; a sort order
 *   the database does not have: ERROR_INVALID_PARAMETER; failure returns INVALID_HANDLE_VALUE.
 *   CeDeleteDatabaseEx of an open database: ERROR_SHARING_VIOLATION.
 * - Notifications: a window given at open (hwndNotify, CENOTIFYREQUEST.hwnd) receives
 *   DB_CEOID_CREATED / DB_CEOID_CHANGED / DB_CEOID_RECORD_DELETED (wParam the record, lParam the
 *   database) when another handle changes the database. CEDB_EXNOTIFICATION (WM_DBNOTIFICATION with a
 *   heap-allocated CENOTIFICATION) stops the run as unimplemented (no corpus binary imports
 *   CeFreeNotification).
 * - Volumes: CeMountDBVol's dwFlags is a CreateFile disposition (CREATE_NEW, CREATE_ALWAYS,
 *   OPEN_EXISTING, OPEN_ALWAYS, TRUNCATE_EXISTING; CEDB_NOBACKGROUNDFLUSH allowed) with CreateFile's
 *   errors (ERROR_FILE_EXISTS, ERROR_FILE_NOT_FOUND, the path's errors). Mounting a mounted volume
 *   gives its CEGUID again and needs one more CeUnmountDBVol. A file that is not a wmemu volume:
 *   ERROR_BAD_FORMAT. CeEnumDBVolumes starts from CREATE_INVALIDGUID and lists the mounted volumes
 *   (not the object store), then ERROR_NO_MORE_ITEMS. CeFlushDBVol(NULL) flushes every volume.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import type { KernelObject } from '../../core/kernel/handles.js';
import type { Machine } from '../../core/machine.js';
import { defineSlot } from '../../core/slot.js';
import { ERROR } from '../../core/win32-errors.js';
import { EXIT_CODES } from '../../core/run-result.js';
import { deviceFsOf, WMEMU_STATE_DIR } from '../../core/fs/device-fs.js';
import { postWindowMessage } from '../../core/window-post.js';
import {
  CEDB_MAXDBASENAMELEN,
  CEDB_MAXNUMRECORDS,
  CEDB_MAXPROPDATASIZE,
  CEDB_MAXRECORDSIZE,
  CEDB_MAXSORTORDER,
  CEDB_MAXSORTPROP,
  CEDB_SORT,
  CEVT,
  CedbStore,
  Database,
  DbRecord,
  Volume,
  VolumeFormatError,
  compareRecords,
  dataSize,
  isValidType,
  propType,
  type PropValue,
  type SortOrder,
} from '../../core/cedb/store.js';
import { heapOf } from './memory.js';
import { join } from 'node:path';
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';

const INVALID_HANDLE_VALUE = 0xffffffff;
const ERROR_DUP_NAME = 52;
const ERROR_BAD_FORMAT = 11;

const CEDB_AUTOINCREMENT = 0x1;
const CEDB_ALLOWREALLOC = 0x1;
const CEDB_PROPNOTFOUND = 0x0100;
const CEDB_PROPDELETE = 0x0200;
const CEDB_NOBACKGROUNDFLUSH = 0x10000;
const CEDB_EXNOTIFICATION = 0x1;

const CEDB_VALIDNAME = 0x1;
const CEDB_VALIDTYPE = 0x2;
const CEDB_VALIDSORTSPEC = 0x4;
const CEDB_VALIDMODTIME = 0x8;
const CEDB_VALIDDBFLAGS = 0x10;
const DB_FLAGS_MASK = 0xffff0000;

const SEEK = {
  CEOID: 0x1,
  BEGINNING: 0x2,
  END: 0x4,
  CURRENT: 0x8,
  VALUESMALLER: 0x10,
  VALUEFIRSTEQUAL: 0x20,
  VALUEGREATER: 0x40,
  VALUENEXTEQUAL: 0x80,
} as const;

const DB_CEOID_CREATED = 0x401;
const DB_CEOID_RECORD_DELETED = 0x403;
const DB_CEOID_CHANGED = 0x406;

const OBJTYPE_FILE = 1;
const OBJTYPE_DIRECTORY = 2;
const OBJTYPE_DATABASE = 3;
const OBJTYPE_RECORD = 4;

const PROPVAL_SIZE = 16;
const DBASEINFOEX_SIZE = 220;
const SORTSPECEX_SIZE = 32;

// ---- the run's store -------------------------------------------------------------------------

/** The run's store (Machine.runState: shared by the processes of a run). */
function storeOf(cx: ApiContext): CedbStore {
  const m = cx.machine;
  let s = m.runState.get('cedb') as CedbStore | undefined;
  if (!s) {
    const fs = deviceFsOf(m);
    const file = join(fs.root, WMEMU_STATE_DIR, 'objectstore.cedb.json');
    try {
      s = new CedbStore(fs, file);
    } catch (e) {
      if (!(e instanceof VolumeFormatError) && !(e as NodeJS.ErrnoException).code) throw e;
      // Not a device situation (CE rebuilds a corrupt object store at a cold boot): a run verdict that
      // names the file, so that the user can move it away. (The second abort, the dispatcher's, is a no-op.)
      const msg = `the object store database file ${file} cannot be read: ${(e as Error).message}`;
      m.abort('load-error', EXIT_CODES.load, msg);
      throw new UnimplementedFeature(msg);
    }
    m.runState.set('cedb', s);
  }
  flushOnShutdown.of(m);
  return s;
}

/** Each process that used a database writes the run's volumes back when it ends. */
const flushOnShutdown = defineSlot('cedb-flush', (m: Machine) => {
  m.onShutdown(() => (m.runState.get('cedb') as CedbStore | undefined)?.flushAll());
  return true;
});

function nowFt(cx: ApiContext): bigint {
  return BigInt(Math.floor(cx.machine.clock.nowUtcMs())) * 10_000n + 116_444_736_000_000_000n;
}

function readGuid(cx: ApiContext, p: number): number[] {
  return [cx.mem.u32(p), cx.mem.u32(p + 4), cx.mem.u32(p + 8), cx.mem.u32(p + 12)];
}
function writeGuid(cx: ApiContext, p: number, g: readonly number[]): void {
  for (let i = 0; i < 4; i++) cx.mem.setU32(p + i * 4, g[i]! >>> 0);
}

/** The volume named by the CEGUID at `p` (undefined: not a mounted volume). */
function volumeAt(cx: ApiContext, p: number): Volume | undefined {
  if (!p) return undefined;
  return storeOf(cx).volume(readGuid(cx, p));
}

// ---- database handles ------------------------------------------------------------------------

class DbHandle implements KernelObject {
  readonly type = 'cedb';
  /** Oid of the record at the seek pointer; 0: the end. */
  cur = 0;
  /** Index of `cur` in the sort order when it was last placed (where the next record is if `cur` goes). */
  curIndex = 0;
  private closed = false;
  constructor(
    readonly machine: Machine,
    readonly db: Database,
    readonly sort: SortOrder | undefined,
    readonly autoIncrement: boolean,
    readonly notifyHwnd: number,
  ) {
    db.openHandles++;
    handlesOf(db).add(this);
    const first = db.ordered(sort)[0];
    this.cur = first?.oid ?? 0;
  }
  ordered(): DbRecord[] {
    return this.db.ordered(this.sort);
  }
  place(list: DbRecord[], index: number): void {
    this.curIndex = Math.max(0, Math.min(index, list.length));
    this.cur = list[this.curIndex]?.oid ?? 0;
  }
  /** Index of the seek pointer; `deleted` when its record went away (the index is then the next record's). */
  position(list: DbRecord[]): { index: number; deleted: boolean } {
    if (this.cur === 0) return { index: list.length, deleted: false };
    const i = list.findIndex((r) => r.oid === this.cur);
    if (i >= 0) return { index: i, deleted: false };
    return { index: Math.min(this.curIndex, list.length), deleted: true };
  }
  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.openHandles--;
    handlesOf(this.db).delete(this);
  }
}

const openHandles = new WeakMap<Database, Set<DbHandle>>();
function handlesOf(db: Database): Set<DbHandle> {
  let s = openHandles.get(db);
  if (!s) openHandles.set(db, (s = new Set()));
  return s;
}

/** Posts DB_CEOID_* to the windows of the database's other handles. */
function notifyOthers(self: DbHandle, msg: number, oid: number): void {
  for (const h of handlesOf(self.db)) if (h !== self && h.notifyHwnd) postWindowMessage(h.machine, h.notifyHwnd, msg, oid, self.db.oid);
}

function dbHandle(cx: ApiContext, h: number): DbHandle | undefined {
  return cx.machine.handles.get<DbHandle>(h, 'cedb');
}

// ---- marshalling -----------------------------------------------------------------------------

function readSortSpecEx(cx: ApiContext, p: number): SortOrder | undefined {
  const version = cx.mem.u16(p);
  const n = cx.mem.u16(p + 2);
  if (version !== 1 || n === 0 || n > CEDB_MAXSORTPROP) return undefined;
  const props = [];
  for (let i = 0; i < n; i++) props.push({ propid: cx.mem.u32(p + 8 + i * 4), flags: cx.mem.u32(p + 20 + i * 4) });
  return { props, keyFlags: cx.mem.u16(p + 4) };
}

function validSort(s: SortOrder): boolean {
  return s.props.every((p) => isValidType(propType(p.propid)) && propType(p.propid) !== CEVT.BLOB);
}

function writeSortSpecEx(cx: ApiContext, p: number, s: SortOrder | undefined): void {
  cx.mem.fill(p, SORTSPECEX_SIZE, 0);
  if (!s) return;
  cx.mem.setU16(p, 1);
  cx.mem.setU16(p + 2, s.props.length);
  cx.mem.setU16(p + 4, s.keyFlags);
  s.props.forEach((sp, i) => {
    cx.mem.setU32(p + 8 + i * 4, sp.propid);
    cx.mem.setU32(p + 20 + i * 4, sp.flags);
  });
}

function sameSort(a: SortOrder, b: SortOrder): boolean {
  return a.props.length === b.props.length && a.props.every((p, i) => p.propid === b.props[i]!.propid && p.flags === b.props[i]!.flags);
}

/** A fixed-size WCHAR array (at most `max` characters, NUL-terminated inside or full). */
function fixedWstr(cx: ApiContext, p: number, max: number): string {
  let s = '';
  for (let i = 0; i < max; i++) {
    const c = cx.mem.u16(p + i * 2);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function writeFixedWstr(cx: ApiContext, p: number, s: string, max: number): void {
  cx.mem.fill(p, max * 2, 0);
  const t = s.slice(0, max - 1);
  for (let i = 0; i < t.length; i++) cx.mem.setU16(p + i * 2, t.charCodeAt(i));
}

/** CEDBASEINFOEX (220 bytes). */
function writeDbInfoEx(cx: ApiContext, p: number, db: Database): void {
  cx.mem.fill(p, DBASEINFOEX_SIZE, 0);
  cx.mem.setU16(p, 1);
  cx.mem.setU16(p + 2, db.sorts.length);
  cx.mem.setU32(p + 4, (CEDB_VALIDNAME | CEDB_VALIDTYPE | CEDB_VALIDSORTSPEC | CEDB_VALIDMODTIME | CEDB_VALIDDBFLAGS | db.flags) >>> 0);
  writeFixedWstr(cx, p + 8, db.name, CEDB_MAXDBASENAMELEN);
  cx.mem.setU32(p + 72, db.type);
  cx.mem.setU32(p + 76, db.records.size);
  cx.mem.setU32(p + 80, db.size());
  cx.mem.setU64(p + 84, db.modified);
  for (let i = 0; i < CEDB_MAXSORTORDER; i++) writeSortSpecEx(cx, p + 92 + i * SORTSPECEX_SIZE, db.sorts[i]);
}

/** CEDBASEINFO (120 bytes; the sort orders' first properties as SORTORDERSPECs). */
function writeDbInfo(cx: ApiContext, p: number, db: Database): void {
  cx.mem.fill(p, 120, 0);
  cx.mem.setU32(p, (CEDB_VALIDNAME | CEDB_VALIDTYPE | CEDB_VALIDSORTSPEC | CEDB_VALIDMODTIME | CEDB_VALIDDBFLAGS | db.flags) >>> 0);
  writeFixedWstr(cx, p + 4, db.name, CEDB_MAXDBASENAMELEN);
  cx.mem.setU32(p + 68, db.type);
  cx.mem.setU16(p + 72, Math.min(db.records.size, 0xffff));
  cx.mem.setU16(p + 74, db.sorts.length);
  cx.mem.setU32(p + 76, db.size());
  cx.mem.setU64(p + 80, db.modified);
  db.sorts.slice(0, CEDB_MAXSORTORDER).forEach((s, i) => {
    cx.mem.setU32(p + 88 + i * 8, s.props[0]!.propid);
    cx.mem.setU32(p + 92 + i * 8, s.props[0]!.flags | (s.keyFlags & CEDB_SORT.UNIQUE));
  });
}

interface PropIn {
  propid: number;
  flags: number;
  value: PropValue | undefined;
}

/** Reads one CEPROPVAL (undefined value: its type is not a CEDB type or its data is too large). */
function readPropVal(cx: ApiContext, p: number): PropIn {
  const propid = cx.mem.u32(p);
  const flags = cx.mem.u16(p + 6);
  const v = p + 8;
  let value: PropValue | undefined;
  switch (propType(propid)) {
    case CEVT.I2:
    case CEVT.UI2:
      value = cx.mem.u16(v);
      break;
    case CEVT.I4:
    case CEVT.UI4:
    case CEVT.BOOL:
      value = cx.mem.u32(v);
      break;
    case CEVT.FILETIME:
    case CEVT.R8:
      value = cx.mem.u64(v);
      break;
    case CEVT.LPWSTR: {
      if (flags & CEDB_PROPDELETE) break;
      const sp = cx.mem.u32(v);
      if (!sp) break;
      const len = cx.mem.wcslen(sp, CEDB_MAXPROPDATASIZE);
      if ((len + 1) * 2 <= CEDB_MAXPROPDATASIZE) value = cx.mem.wstr(sp, len);
      break;
    }
    case CEVT.BLOB: {
      if (flags & CEDB_PROPDELETE) break;
      const n = cx.mem.u32(v);
      const bp = cx.mem.u32(v + 4);
      if (n <= CEDB_MAXPROPDATASIZE && (bp || n === 0)) value = new Uint8Array(cx.mem.bytes(bp, n));
      break;
    }
  }
  return { propid, flags, value };
}

/** Writes `props` as a CEPROPVAL array followed by their data at `buf`. */
function writeProps(cx: ApiContext, buf: number, props: { propid: number; value: PropValue | undefined }[]): void {
  let data = buf + props.length * PROPVAL_SIZE;
  props.forEach((pr, i) => {
    const p = buf + i * PROPVAL_SIZE;
    cx.mem.fill(p, PROPVAL_SIZE, 0);
    cx.mem.setU32(p, pr.propid);
    const v = pr.value;
    if (v === undefined) {
      cx.mem.setU16(p + 6, CEDB_PROPNOTFOUND);
      return;
    }
    switch (propType(pr.propid)) {
      case CEVT.I2:
      case CEVT.UI2:
        cx.mem.setU16(p + 8, v as number);
        break;
      case CEVT.I4:
      case CEVT.UI4:
      case CEVT.BOOL:
        cx.mem.setU32(p + 8, v as number);
        break;
      case CEVT.FILETIME:
      case CEVT.R8:
        cx.mem.setU64(p + 8, v as bigint);
        break;
      case CEVT.LPWSTR: {
        const s = v as string;
        cx.mem.setU16(p + 4, Math.min(0xffff, (s.length + 1) * 2));
        cx.mem.setU32(p + 8, data);
        cx.mem.writeWstr(data, s);
        data += align4((s.length + 1) * 2);
        break;
      }
      case CEVT.BLOB: {
        const b = v as Uint8Array;
        cx.mem.setU16(p + 4, Math.min(0xffff, b.length));
        cx.mem.setU32(p + 8, b.length);
        cx.mem.setU32(p + 12, data);
        cx.mem.write(data, b);
        data += align4(b.length);
        break;
      }
    }
  });
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function bufferSize(props: { propid: number; value: PropValue | undefined }[]): number {
  let n = props.length * PROPVAL_SIZE;
  for (const p of props) if (p.value !== undefined) n += align4(dataSize(p.propid, p.value));
  return n;
}

// ---- create / open ---------------------------------------------------------------------------

function createDb(cx: ApiContext, vol: Volume | undefined, name: string, type: number, flags: number, sorts: SortOrder[]): number {
  if (!vol) return cx.fail(0, ERROR.INVALID_PARAMETER);
  if (name.length === 0 || sorts.length > CEDB_MAXSORTORDER || !sorts.every(validSort)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  if (vol.findByName(name)) return cx.fail(0, ERROR_DUP_NAME);
  const db = new Database(vol, vol.newOid(), name, type, flags & DB_FLAGS_MASK, sorts, nowFt(cx));
  vol.databases.set(db.oid, db);
  vol.touch();
  cx.setLastError(0);
  return db.oid;
}

/** CEDBASEINFOEX -> createDb. */
function createFromInfoEx(cx: ApiContext, vol: Volume | undefined, p: number): number {
  if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const version = cx.mem.u16(p);
  const nSort = cx.mem.u16(p + 2);
  const flags = cx.mem.u32(p + 4);
  if (version !== 1 || !(flags & CEDB_VALIDNAME)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const sorts: SortOrder[] = [];
  if (flags & CEDB_VALIDSORTSPEC) {
    if (nSort > CEDB_MAXSORTORDER) return cx.fail(0, ERROR.INVALID_PARAMETER);
    for (let i = 0; i < nSort; i++) {
      const s = readSortSpecEx(cx, p + 92 + i * SORTSPECEX_SIZE);
      if (!s) return cx.fail(0, ERROR.INVALID_PARAMETER);
      sorts.push(s);
    }
  }
  const name = fixedWstr(cx, p + 8, CEDB_MAXDBASENAMELEN);
  const type = flags & CEDB_VALIDTYPE ? cx.mem.u32(p + 72) : 0;
  return createDb(cx, vol, name, type, flags & CEDB_VALIDDBFLAGS ? flags : 0, sorts);
}

/** SORTORDERSPEC[n] (propid, dwFlags) -> one-property sort orders. */
function readSortSpecs(cx: ApiContext, p: number, n: number): SortOrder[] | undefined {
  if (n > CEDB_MAXSORTORDER || (n && !p)) return undefined;
  const out: SortOrder[] = [];
  for (let i = 0; i < n; i++) {
    const flags = cx.mem.u32(p + i * 8 + 4);
    out.push({ props: [{ propid: cx.mem.u32(p + i * 8), flags }], keyFlags: flags & CEDB_SORT.UNIQUE });
  }
  return out;
}

/** CEDBASEINFO -> createDb. */
function createFromInfo(cx: ApiContext, vol: Volume | undefined, p: number): number {
  if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const flags = cx.mem.u32(p);
  if (!(flags & CEDB_VALIDNAME)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const sorts = flags & CEDB_VALIDSORTSPEC ? readSortSpecs(cx, p + 88, cx.mem.u16(p + 74)) : [];
  if (!sorts) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const type = flags & CEDB_VALIDTYPE ? cx.mem.u32(p + 68) : 0;
  return createDb(cx, vol, fixedWstr(cx, p + 4, CEDB_MAXDBASENAMELEN), type, flags & CEDB_VALIDDBFLAGS ? flags : 0, sorts);
}

type SortChoice = { kind: 'none' } | { kind: 'propid'; propid: number } | { kind: 'spec'; spec: SortOrder | undefined };

function openDb(cx: ApiContext, vol: Volume | undefined, poid: number, namePtr: number, sort: SortChoice, flags: number, hwnd: number): number {
  if (!vol || !poid || flags & ~CEDB_AUTOINCREMENT) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
  const oid = cx.mem.u32(poid);
  let db: Database | undefined;
  if (oid !== 0) db = vol.databases.get(oid);
  else {
    if (!namePtr) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
    db = vol.findByName(cx.mem.wstr(namePtr, 260));
  }
  if (!db) return cx.fail(INVALID_HANDLE_VALUE, ERROR.FILE_NOT_FOUND);
  let order: SortOrder | undefined;
  if (sort.kind === 'propid' && sort.propid !== 0) {
    order = db.sorts.find((s) => s.props[0]!.propid === sort.propid);
    if (!order) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
  } else if (sort.kind === 'spec' && sort.spec) {
    const want = sort.spec;
    order = db.sorts.find((s) => sameSort(s, want));
    if (!order) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
  }
  const h = cx.machine.handles.add(new DbHandle(cx.machine, db, order, (flags & CEDB_AUTOINCREMENT) !== 0, hwnd));
  if (!h) return cx.fail(INVALID_HANDLE_VALUE, ERROR.NOT_ENOUGH_MEMORY);
  if (oid === 0) cx.mem.setU32(poid, db.oid);
  cx.setLastError(0);
  return h;
}

/** The window of a CENOTIFYREQUEST (20 bytes: dwSize, hwnd, dwFlags, hHeap, dwParam); -1: invalid. */
function notifyWindow(cx: ApiContext, p: number, fnName: string): number {
  if (!p) return 0;
  if (cx.mem.u32(p) !== 20) return -1;
  if (cx.mem.u32(p + 8) & CEDB_EXNOTIFICATION) throw new UnimplementedFeature(`${fnName} with CEDB_EXNOTIFICATION (WM_DBNOTIFICATION notifications)`);
  return cx.mem.u32(p + 4);
}

// ---- seek / read / write ---------------------------------------------------------------------

function seek(cx: ApiContext, h: number, type: number, value: number, nVals: number, indexOut: number): number {
  const dh = dbHandle(cx, h);
  if (!dh) return cx.fail(0, ERROR.INVALID_HANDLE);
  const list = dh.ordered();
  const pos = dh.position(list);
  const found = (i: number): number => {
    dh.place(list, i);
    if (indexOut) cx.mem.setU32(indexOut, i);
    cx.setLastError(0);
    return list[i]!.oid;
  };
  const outside = () => cx.fail(0, ERROR.NO_MORE_ITEMS);
  const toEnd = () => {
    dh.place(list, list.length);
    return cx.fail(0, ERROR.NO_MORE_ITEMS);
  };
  switch (type) {
    case SEEK.CEOID: {
      const i = list.findIndex((r) => r.oid === value);
      return i >= 0 ? found(i) : cx.fail(0, ERROR.INVALID_PARAMETER);
    }
    case SEEK.BEGINNING:
      return value < list.length ? found(value) : outside();
    case SEEK.CURRENT: {
      const i = pos.index + (value | 0);
      return i >= 0 && i < list.length ? found(i) : outside();
    }
    case SEEK.END: {
      const i = list.length - 1 - Math.abs(value | 0);
      return i >= 0 && i < list.length ? found(i) : outside();
    }
    case SEEK.VALUESMALLER:
    case SEEK.VALUEFIRSTEQUAL:
    case SEEK.VALUEGREATER:
    case SEEK.VALUENEXTEQUAL: {
      const sort = dh.sort;
      const n = nVals || 1;
      if (!sort || !value || n > sort.props.length) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const key = new Map<number, PropValue>();
      for (let i = 0; i < n; i++) {
        const pv = readPropVal(cx, value + i * PROPVAL_SIZE);
        if (pv.value === undefined || pv.propid !== sort.props[i]!.propid) return cx.fail(0, ERROR.INVALID_PARAMETER);
        key.set(pv.propid, pv.value);
      }
      const cmp = (r: DbRecord) => compareRecords(sort, r.props, key, n);
      if (type === SEEK.VALUEFIRSTEQUAL) {
        const i = list.findIndex((r) => cmp(r) === 0);
        return i >= 0 ? found(i) : toEnd();
      }
      if (type === SEEK.VALUENEXTEQUAL) {
        const i = pos.index + 1;
        return i < list.length && cmp(list[i]!) === 0 ? found(i) : toEnd();
      }
      if (type === SEEK.VALUEGREATER) {
        for (let i = pos.index; i < list.length; i++) if (cmp(list[i]!) > 0) return found(i);
        return toEnd();
      }
      for (let i = Math.min(pos.index, list.length - 1); i >= 0; i--) if (cmp(list[i]!) < 0) return found(i);
      return toEnd();
    }
    default:
      return cx.fail(0, ERROR.INVALID_PARAMETER);
  }
}

function readRecord(cx: ApiContext, h: number, flags: number, countPtr: number, idsPtr: number, bufPP: number, sizePtr: number, hHeap: number): number {
  const dh = dbHandle(cx, h);
  if (!dh) return cx.fail(0, ERROR.INVALID_HANDLE);
  if (!countPtr || !bufPP || !sizePtr || flags & ~CEDB_ALLOWREALLOC) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const heap = hHeap ? heapOf(cx, hHeap) : cx.machine.processHeap;
  if (!heap) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const list = dh.ordered();
  const pos = dh.position(list);
  if (pos.deleted) {
    dh.place(list, pos.index);
    return cx.fail(0, ERROR.KEY_DELETED);
  }
  const rec = list[pos.index];
  if (!rec) return cx.fail(0, ERROR.NO_MORE_ITEMS);
  let props: { propid: number; value: PropValue | undefined }[];
  if (idsPtr) {
    const n = cx.mem.u16(countPtr);
    props = [];
    for (let i = 0; i < n; i++) {
      const id = cx.mem.u32(idsPtr + i * 4);
      props.push({ propid: id, value: rec.props.get(id) });
    }
  } else {
    props = [...rec.props].map(([propid, value]) => ({ propid, value }));
  }
  const need = bufferSize(props);
  let buf = cx.mem.u32(bufPP);
  const have = cx.mem.u32(sizePtr);
  if (!buf || have < need) {
    if (!(flags & CEDB_ALLOWREALLOC)) {
      cx.mem.setU32(sizePtr, need);
      return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    }
    const nb = buf && heap.owns(buf) ? heap.realloc(buf, need, false, true) : heap.alloc(need);
    if (!nb) {
      cx.mem.setU32(sizePtr, need);
      return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    }
    buf = nb;
    cx.mem.setU32(bufPP, buf);
    cx.mem.setU32(sizePtr, need);
  }
  cx.mem.check(buf, need, 'write');
  writeProps(cx, buf, props);
  if (!idsPtr) cx.mem.setU16(countPtr, props.length);
  if (dh.autoIncrement) dh.place(list, pos.index + 1);
  if (props.length > 0 && props.every((p) => p.value === undefined)) return cx.fail(0, ERROR.NO_DATA);
  cx.setLastError(0);
  return rec.oid;
}

function writeRecord(cx: ApiContext, h: number, oid: number, count: number, vals: number): number {
  const dh = dbHandle(cx, h);
  if (!dh) return cx.fail(0, ERROR.INVALID_HANDLE);
  const db = dh.db;
  if (count && !vals) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const existing = oid ? db.records.get(oid) : undefined;
  if (oid && !existing) return cx.fail(0, ERROR.INVALID_PARAMETER);
  if (!existing && db.records.size >= CEDB_MAXNUMRECORDS) return cx.fail(0, ERROR.DISK_FULL);
  const props = new Map(existing?.props);
  for (let i = 0; i < count; i++) {
    const pv = readPropVal(cx, vals + i * PROPVAL_SIZE);
    if (!isValidType(propType(pv.propid))) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (pv.flags & CEDB_PROPDELETE) {
      props.delete(pv.propid);
      continue;
    }
    if (pv.value === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    props.set(pv.propid, pv.value);
  }
  const rec = new DbRecord(existing?.oid ?? 0, props);
  if (rec.size() > CEDB_MAXRECORDSIZE || db.missingNonNull(rec)) return cx.fail(0, ERROR.INVALID_PARAMETER);
  if (db.uniqueConflict(props, existing?.oid ?? 0)) return cx.fail(0, ERROR.ALREADY_EXISTS);
  let target: DbRecord;
  if (existing) {
    existing.props.clear();
    for (const [k, v] of props) existing.props.set(k, v);
    target = existing;
  } else {
    target = new DbRecord(db.volume.newOid(), props);
    db.records.set(target.oid, target);
  }
  db.volume.touch(db, nowFt(cx));
  notifyOthers(dh, existing ? DB_CEOID_CHANGED : DB_CEOID_CREATED, target.oid);
  cx.setLastError(0);
  return target.oid;
}

// ---- CeOidGetInfo of files and folders -------------------------------------------------------

/** The device path of the file or folder whose dwOID (inode, bit 31 clear: files.ts) is `oid`. */
function findFileOid(cx: ApiContext, oid: number): { ce: string; host: string; dir: boolean; parent: number } | undefined {
  const fs = deviceFsOf(cx.machine);
  const walk = (host: string, ce: string, parentOid: number, depth: number): ReturnType<typeof findFileOid> => {
    if (depth > 32) return undefined;
    let names: string[];
    try {
      names = readdirSync(host);
    } catch {
      return undefined;
    }
    const dirs: [string, string, number][] = [];
    for (const n of names) {
      if (n === WMEMU_STATE_DIR) continue;
      const hp = join(host, n);
      let st;
      try {
        st = lstatSync(hp, { bigint: true });
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) continue; // links are not walked: they might lead outside the root
      const o = Number(st.ino & 0x7fff_ffffn);
      const cePath = `${ce}\\${n}`;
      if (o === oid) return { ce: cePath, host: hp, dir: st.isDirectory(), parent: parentOid };
      if (st.isDirectory()) dirs.push([hp, cePath, o]);
    }
    for (const [hp, cp, o] of dirs) {
      const r = walk(hp, cp, o, depth + 1);
      if (r) return r;
    }
    return undefined;
  };
  return existsSync(fs.root) ? walk(fs.root, '', 0, 0) : undefined;
}

/** Fills CEFILEINFO / CEDIRINFO at `p` (the union of CEOIDINFO / CEOIDINFOEX); returns the type. */
function writeFileInfo(cx: ApiContext, p: number, f: NonNullable<ReturnType<typeof findFileOid>>): number {
  const st = statSync(f.host);
  const attrs = f.dir ? 0x10 : st.mode & 0o200 ? 0x80 : 0x01;
  cx.mem.setU32(p, attrs);
  cx.mem.setU32(p + 4, f.parent);
  writeFixedWstr(cx, p + 8, f.ce, 260);
  if (!f.dir) {
    cx.mem.setU64(p + 8 + 520, BigInt(Math.floor(st.mtimeMs)) * 10_000n + 116_444_736_000_000_000n);
    cx.mem.setU32(p + 8 + 528, st.size >>> 0);
  }
  return f.dir ? OBJTYPE_DIRECTORY : OBJTYPE_FILE;
}

// ---- exports ---------------------------------------------------------------------------------

/** CreateFile dispositions CeMountDBVol takes. */
const CREATE_NEW = 1;
const CREATE_ALWAYS = 2;
const OPEN_EXISTING = 3;
const OPEN_ALWAYS = 4;
const TRUNCATE_EXISTING = 5;

export const cedb: ApiDef[] = [
  // ---- volumes ----
  fn('CeMountDBVol(ptr pguid, wstr lpszVol, hex dwFlags): bool', (cx, pguid: number, volPtr: number, flags: number) => {
    const disp = flags & ~CEDB_NOBACKGROUNDFLUSH;
    if (!pguid || !volPtr || disp < CREATE_NEW || disp > TRUNCATE_EXISTING) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const store = storeOf(cx);
    const r = deviceFsOf(cx.machine).resolve(cx.mem.wstr(volPtr, 260));
    if (!r.ok) return cx.fail(0, r.error);
    const mounted = store.byHostPath(r.host);
    if (mounted) {
      if (disp === CREATE_NEW) return cx.fail(0, ERROR.FILE_EXISTS);
      mounted.mounts++;
      writeGuid(cx, pguid, mounted.guid);
      cx.setLastError(0);
      return 1;
    }
    const exists = r.exists && !r.stat?.isDirectory();
    if (r.exists && r.stat?.isDirectory()) return cx.fail(0, ERROR.ACCESS_DENIED);
    if (disp === CREATE_NEW && exists) return cx.fail(0, ERROR.FILE_EXISTS);
    if ((disp === OPEN_EXISTING || disp === TRUNCATE_EXISTING) && !exists) return cx.fail(0, ERROR.FILE_NOT_FOUND);
    let vol: Volume;
    try {
      vol = store.mount(r.host, r.ce, disp === CREATE_ALWAYS || disp === TRUNCATE_EXISTING || disp === CREATE_NEW || !exists);
      if (!exists || vol.dirty) {
        vol.dirty = true;
        vol.flush(); // the volume file exists from the mount on, as on a device
      }
    } catch (e) {
      if (e instanceof VolumeFormatError) return cx.fail(0, ERROR_BAD_FORMAT);
      const code = (e as NodeJS.ErrnoException).code;
      return cx.fail(0, code === 'ENOENT' ? ERROR.PATH_NOT_FOUND : ERROR.ACCESS_DENIED);
    }
    writeGuid(cx, pguid, vol.guid);
    cx.setLastError(exists && disp === OPEN_ALWAYS ? ERROR.ALREADY_EXISTS : 0);
    return 1;
  }),
  fn('CeUnmountDBVol(ptr pguid): bool', (cx, pguid: number) => {
    const vol = volumeAt(cx, pguid);
    if (!vol || vol.isObjectStore) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (--vol.mounts === 0) storeOf(cx).unmount(vol);
    return 1;
  }),
  fn('CeFlushDBVol(ptr pguid): bool', (cx, pguid: number) => {
    const store = storeOf(cx);
    try {
      if (!pguid) store.flushAll();
      else {
        const vol = store.volume(readGuid(cx, pguid));
        if (!vol) return cx.fail(0, ERROR.INVALID_PARAMETER);
        vol.flush();
      }
    } catch {
      return cx.fail(0, ERROR.WRITE_FAULT);
    }
    return 1;
  }),
  fn('CeEnumDBVolumes(ptr pguid, ptr lpBuf, u32 dwSize): bool', (cx, pguid: number, buf: number, size: number) => {
    if (!pguid || !buf) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const g = readGuid(cx, pguid);
    const vols = storeOf(cx).mountedVolumes();
    let next: Volume | undefined;
    if (g.every((x) => x === 0xffffffff)) next = vols[0];
    else {
      const i = vols.findIndex((v) => v.guid.every((x, k) => x === g[k]));
      if (i < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      next = vols[i + 1];
    }
    if (!next) return cx.fail(0, ERROR.NO_MORE_ITEMS);
    if (size < next.cePath.length + 1) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
    cx.mem.writeWstr(buf, next.cePath);
    writeGuid(cx, pguid, next.guid);
    return 1;
  }),

  // ---- databases ----
  fn('CeCreateDatabaseEx2(ptr pguid, ptr pInfo): hex', (cx, pguid: number, p: number) => createFromInfoEx(cx, volumeAt(cx, pguid), p)),
  fn('CeCreateDatabaseEx(ptr pguid, ptr pInfo): hex', (cx, pguid: number, p: number) => createFromInfo(cx, volumeAt(cx, pguid), p)),
  fn('CeCreateDatabase(wstr lpszName, hex dwClassID, u32 wNumSortOrder, ptr rgSortSpecs): hex', (cx, name: number, type: number, n: number, specs: number) => {
    const sorts = readSortSpecs(cx, specs, n & 0xffff);
    if (!name || !sorts) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const s = cx.mem.wstr(name, 260);
    if (s.length > CEDB_MAXDBASENAMELEN - 1) return cx.fail(0, ERROR.INVALID_PARAMETER);
    return createDb(cx, storeOf(cx).objectStore, s, type, 0, sorts);
  }),
  fn(
    'CeOpenDatabaseEx2(ptr pguid, ptr poid, wstr lpszName, ptr pSort, hex dwFlags, ptr pRequest): handle',
    (cx, pguid: number, poid: number, name: number, pSort: number, flags: number, req: number) => {
      const hwnd = notifyWindow(cx, req, 'CeOpenDatabaseEx2');
      if (hwnd === -1) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      let spec: SortOrder | undefined;
      if (pSort) {
        spec = readSortSpecEx(cx, pSort);
        if (!spec) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      }
      return openDb(cx, volumeAt(cx, pguid), poid, name, { kind: 'spec', spec }, flags, hwnd);
    },
  ),
  fn(
    'CeOpenDatabaseEx(ptr pguid, ptr poid, wstr lpszName, hex propid, hex dwFlags, ptr pRequest): handle',
    (cx, pguid: number, poid: number, name: number, propid: number, flags: number, req: number) => {
      const hwnd = notifyWindow(cx, req, 'CeOpenDatabaseEx');
      if (hwnd === -1) return cx.fail(INVALID_HANDLE_VALUE, ERROR.INVALID_PARAMETER);
      return openDb(cx, volumeAt(cx, pguid), poid, name, { kind: 'propid', propid }, flags, hwnd);
    },
  ),
  fn(
    'CeOpenDatabase(ptr poid, wstr lpszName, hex propid, hex dwFlags, handle hwndNotify): handle',
    (cx, poid: number, name: number, propid: number, flags: number, hwnd: number) =>
      openDb(cx, storeOf(cx).objectStore, poid, name, { kind: 'propid', propid }, flags, hwnd),
  ),
  fn('CeDeleteDatabaseEx(ptr pguid, hex oid): bool', (cx, pguid: number, oid: number) => {
    const vol = volumeAt(cx, pguid);
    if (!vol) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const db = vol.databases.get(oid);
    if (!db) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (db.openHandles > 0) return cx.fail(0, ERROR.SHARING_VIOLATION);
    vol.databases.delete(oid);
    vol.touch();
    return 1;
  }),

  // ---- records ----
  fn(
    'CeSeekDatabaseEx(handle hDatabase, hex dwSeekType, hex dwValue, u32 wNumVals, ptr lpdwIndex): hex',
    (cx, h: number, t: number, v: number, n: number, idx: number) => seek(cx, h, t, v, n & 0xffff, idx),
  ),
  fn('CeSeekDatabase(handle hDatabase, hex dwSeekType, hex dwValue, ptr lpdwIndex): hex', (cx, h: number, t: number, v: number, idx: number) =>
    seek(cx, h, t, v, 1, idx),
  ),
  fn(
    'CeReadRecordPropsEx(handle hDbase, hex dwFlags, ptr lpcPropID, ptr rgPropID, ptr lplpBuffer, ptr lpcbBuffer, handle hHeap): hex',
    (cx, h: number, flags: number, cnt: number, ids: number, bufPP: number, size: number, heap: number) =>
      readRecord(cx, h, flags, cnt, ids, bufPP, size, heap),
  ),
  fn(
    'CeReadRecordProps(handle hDbase, hex dwFlags, ptr lpcPropID, ptr rgPropID, ptr lplpBuffer, ptr lpcbBuffer): hex',
    (cx, h: number, flags: number, cnt: number, ids: number, bufPP: number, size: number) => readRecord(cx, h, flags, cnt, ids, bufPP, size, 0),
  ),
  fn('CeWriteRecordProps(handle hDbase, hex oidRecord, u32 cPropID, ptr rgPropVal): hex', (cx, h: number, oid: number, n: number, vals: number) =>
    writeRecord(cx, h, oid, n & 0xffff, vals),
  ),
  fn('CeDeleteRecord(handle hDatabase, hex oidRecord): bool', (cx, h: number, oid: number) => {
    const dh = dbHandle(cx, h);
    if (!dh) return cx.fail(0, ERROR.INVALID_HANDLE);
    const db = dh.db;
    if (!db.records.has(oid)) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const list = dh.ordered();
    const at = list.findIndex((r) => r.oid === oid);
    db.records.delete(oid);
    // This handle's seek pointer on the deleted record moves to the next one; other handles find it
    // gone at their next read (ERROR_KEY_DELETED).
    if (dh.cur === oid) dh.place(dh.ordered(), at);
    db.volume.touch(db, nowFt(cx));
    notifyOthers(dh, DB_CEOID_RECORD_DELETED, oid);
    return 1;
  }),

  // ---- object information ----
  fn('CeOidGetInfoEx2(ptr pguid, hex oid, ptr oidInfo): bool', (cx, pguid: number, oid: number, p: number) => {
    const vol = volumeAt(cx, pguid);
    if (!vol || !p || cx.mem.u16(p) !== 1) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const db = vol.databases.get(oid);
    if (db) {
      cx.mem.setU16(p + 2, OBJTYPE_DATABASE);
      writeDbInfoEx(cx, p + 4, db);
      return 1;
    }
    const owner = vol.recordOwner(oid);
    if (owner) {
      cx.mem.setU16(p + 2, OBJTYPE_RECORD);
      cx.mem.setU32(p + 4, owner.oid);
      return 1;
    }
    const f = vol.isObjectStore && oid && !(oid & 0x8000_0000) ? findFileOid(cx, oid) : undefined;
    if (!f) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.setU16(p + 2, writeFileInfo(cx, p + 4, f));
    return 1;
  }),
  fn('CeOidGetInfo(hex oid, ptr oidInfo): bool', (cx, oid: number, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const vol = storeOf(cx).objectStore;
    const db = vol.databases.get(oid);
    if (db) {
      cx.mem.setU32(p, OBJTYPE_DATABASE);
      writeDbInfo(cx, p + 4, db);
      return 1;
    }
    const owner = vol.recordOwner(oid);
    if (owner) {
      cx.mem.setU32(p, OBJTYPE_RECORD);
      cx.mem.setU32(p + 4, owner.oid);
      return 1;
    }
    const f = oid && !(oid & 0x8000_0000) ? findFileOid(cx, oid) : undefined;
    if (!f) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.setU32(p, writeFileInfo(cx, p + 4, f));
    return 1;
  }),
];
