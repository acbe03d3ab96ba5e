/**
 * The CE property database store (CEDB, windbase.h): volumes holding databases holding records of
 * typed properties. The guest side (coredll cedb.ts) marshals CEPROPVAL arrays; this module keeps the
 * data, the sort orders and the files.
 *
 * Reference: the CE 6 windbase.h and the CEDB function reference (CeCreateDatabaseEx2,
 * CeOpenDatabaseEx2, CeSeekDatabaseEx, CeReadRecordPropsEx, CeWriteRecordProps, CeMountDBVol ...).
 * CEDB limits kept: database names of at most 32 characters (CEDB_MAXDBASENAMELEN, compared without
 * case), at most 4 sort orders (CEDB_MAXSORTORDER) of at most 3 properties (CEDB_MAXSORTPROP), a
 * property of at most CEDB_MAXPROPDATASIZE bytes, a record of at most CEDB_MAXRECORDSIZE, at most
 * 0xFFFF records in a database.
 *
 * Storage (host files; the format is wmemu's own, not CE's binary volume format):
 * - The object store volume (the system CEGUID, all zeros) is the host file
 *   `<device root>/.wmemu/objectstore.cedb.json`, read when a program of the run first uses a
 *   database function and written back when the run ends (and on CeFlushDBVol).
 * - A mounted volume (CeMountDBVol "\pim.vol") is the device file at that path, in the same JSON
 *   format (`{"format":"wmemu-cedb","version":1,...}`); a file of another format is refused
 *   (ERROR_BAD_FORMAT). It is written on CeFlushDBVol, on its last CeUnmountDBVol and when the run
 *   ends.
 * The JSON holds each database (oid, name, type, flags, sort orders, modification time) and its
 * records (oid, properties in write order; FILETIME and R8 as decimal strings of their 64 bits,
 * BLOB as base64).
 *
 * Every read and write of these files goes through the device file system (DeviceFs: open, readFile,
 * rename), so a link planted in the root cannot lead them outside it.
 *
 * Object identifiers: every database and record oid has bit 31 set and is unique within its volume
 * (the file system's dwOID values, inode numbers, have it clear), so CeOidGetInfo can tell them from
 * file oids.
 */
import { constants as FS, existsSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceFs } from '../fs/device-fs.js';

export const CEVT = { I2: 2, UI2: 18, I4: 3, UI4: 19, FILETIME: 64, LPWSTR: 31, BLOB: 65, BOOL: 11, R8: 5 } as const;
const VALID_TYPES = new Set<number>(Object.values(CEVT));

export const CEDB_SORT = {
  DESCENDING: 0x1,
  CASEINSENSITIVE: 0x2,
  UNKNOWNFIRST: 0x4,
  GENERICORDER: 0x8,
  IGNORENONSPACE: 0x10,
  IGNORESYMBOLS: 0x20,
  IGNOREKANATYPE: 0x40,
  IGNOREWIDTH: 0x80,
  STRINGSORT: 0x100,
  UNIQUE: 0x200,
  NONNULL: 0x400,
} as const;

export const CEDB_MAXDBASENAMELEN = 32;
export const CEDB_MAXSORTORDER = 4;
export const CEDB_MAXSORTPROP = 3;
export const CEDB_MAXPROPDATASIZE = 4092 * 16 - 1;
export const CEDB_MAXRECORDSIZE = 128 * 1024;
export const CEDB_MAXNUMRECORDS = 0xffff;

/** A property value: I2/UI2/I4/UI4/BOOL a number, FILETIME/R8 the 64 bits, LPWSTR a string, BLOB bytes. */
export type PropValue = number | bigint | string | Uint8Array;

export function propType(propid: number): number {
  return propid & 0xffff;
}
export function isValidType(type: number): boolean {
  return VALID_TYPES.has(type);
}

/** Bytes the value's data takes outside its CEPROPVAL (strings with their NUL). */
export function dataSize(propid: number, v: PropValue): number {
  const t = propType(propid);
  if (t === CEVT.LPWSTR) return ((v as string).length + 1) * 2;
  if (t === CEVT.BLOB) return (v as Uint8Array).length;
  return 0;
}

export interface SortProp {
  propid: number;
  flags: number;
}
export interface SortOrder {
  props: SortProp[];
  keyFlags: number;
}

export class DbRecord {
  constructor(
    readonly oid: number,
    /** Properties by full CEPROPID, in the order they were first written. */
    readonly props: Map<number, PropValue> = new Map(),
  ) {}
  size(): number {
    let n = 0;
    for (const [id, v] of this.props) n += 16 + dataSize(id, v);
    return n;
  }
}

export class Database {
  readonly records = new Map<number, DbRecord>();
  /** Open handles (a database with open handles cannot be deleted). */
  openHandles = 0;
  constructor(
    readonly volume: Volume,
    readonly oid: number,
    public name: string,
    public type: number,
    public flags: number,
    public sorts: SortOrder[],
    public modified: bigint,
  ) {}

  size(): number {
    let n = 0;
    for (const r of this.records.values()) n += r.size();
    return n;
  }

  /** The records in the order of sort order `sort` (undefined: the order they were created in). */
  ordered(sort: SortOrder | undefined): DbRecord[] {
    const all = [...this.records.values()];
    if (!sort) return all;
    return all.sort((a, b) => compareRecords(sort, a.props, b.props) || a.oid - b.oid);
  }

  /** A record (other than `self`) whose key equals `props`' under a CEDB_SORT_UNIQUE order. */
  uniqueConflict(props: ReadonlyMap<number, PropValue>, self: number): DbRecord | undefined {
    for (const s of this.sorts) {
      const unique = (s.keyFlags & CEDB_SORT.UNIQUE) !== 0 || s.props.some((p) => p.flags & CEDB_SORT.UNIQUE);
      if (!unique) continue;
      for (const other of this.records.values()) if (other.oid !== self && compareRecords(s, props, other.props) === 0) return other;
    }
    return undefined;
  }

  /** A CEDB_SORT_NONNULL property `rec` lacks. */
  missingNonNull(rec: DbRecord): boolean {
    return this.sorts.some((s) => s.props.some((p) => p.flags & CEDB_SORT.NONNULL && !rec.props.has(p.propid)));
  }
}

function compareStrings(a: string, b: string, flags: number): number {
  if (flags & CEDB_SORT.CASEINSENSITIVE) {
    a = a.toUpperCase();
    b = b.toUpperCase();
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function signed16(v: number): number {
  return (v << 16) >> 16;
}

function r8(bits: bigint): number {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(bits);
  return b.readDoubleLE(0);
}

/** Compares two values of the same CEPROPID (ascending, without the order's DESCENDING). */
export function compareValues(propid: number, a: PropValue, b: PropValue, flags: number): number {
  switch (propType(propid)) {
    case CEVT.I2:
      return signed16(a as number) - signed16(b as number);
    case CEVT.I4:
      return (a as number | 0) - (b as number | 0);
    case CEVT.UI2:
    case CEVT.UI4:
      return (a as number) - (b as number);
    case CEVT.BOOL:
      return (a ? 1 : 0) - (b ? 1 : 0);
    case CEVT.FILETIME: {
      const x = a as bigint;
      const y = b as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case CEVT.R8: {
      const x = r8(a as bigint);
      const y = r8(b as bigint);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case CEVT.LPWSTR:
      return compareStrings(a as string, b as string, flags);
    case CEVT.BLOB:
      return Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b as Uint8Array));
    default:
      return 0;
  }
}

/**
 * Compares two records (or a record and a seek value) in a sort order: property by property,
 * DESCENDING reversing one property, a missing property after the present ones (before them with
 * UNKNOWNFIRST), whatever the direction.
 */
export function compareRecords(sort: SortOrder, a: ReadonlyMap<number, PropValue>, b: ReadonlyMap<number, PropValue>, count = sort.props.length): number {
  for (let i = 0; i < count && i < sort.props.length; i++) {
    const p = sort.props[i]!;
    const x = a.get(p.propid);
    const y = b.get(p.propid);
    let c: number;
    if (x === undefined || y === undefined) {
      if (x === undefined && y === undefined) continue;
      c = x === undefined ? 1 : -1;
      if (p.flags & CEDB_SORT.UNKNOWNFIRST) c = -c;
    } else {
      c = compareValues(p.propid, x, y, p.flags);
      if (p.flags & CEDB_SORT.DESCENDING) c = -c;
    }
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

export const SYSTEM_GUID: readonly number[] = [0, 0, 0, 0];
const FORMAT = 'wmemu-cedb';
const OID_BIT = 0x8000_0000;

export class VolumeFormatError extends Error {}
const NOT_A_VOLUME = 'not a wmemu database volume (JSON, format "wmemu-cedb", version 1)';

export class Volume {
  readonly databases = new Map<number, Database>();
  /** CeMountDBVol calls not yet matched by CeUnmountDBVol (the object store: always mounted). */
  mounts = 0;
  dirty = false;
  private nextOid = 1;

  constructor(
    /** The device file system the host file is in. */
    readonly fs: DeviceFs,
    readonly guid: readonly number[],
    /** Host file of the volume. */
    readonly hostPath: string,
    /** The CE path the volume was mounted as (the object store: empty). */
    readonly cePath: string,
  ) {}

  get isObjectStore(): boolean {
    return this.cePath === '';
  }

  newOid(): number {
    const oid = (OID_BIT | this.nextOid++) >>> 0;
    return oid;
  }

  findByName(name: string): Database | undefined {
    const n = name.toUpperCase();
    for (const d of this.databases.values()) if (d.name.toUpperCase() === n) return d;
    return undefined;
  }

  /** The database holding record `oid`. */
  recordOwner(oid: number): Database | undefined {
    for (const d of this.databases.values()) if (d.records.has(oid)) return d;
    return undefined;
  }

  touch(db?: Database, now?: bigint): void {
    this.dirty = true;
    if (db && now !== undefined) db.modified = now;
  }

  /** Reads the volume's host file; a missing file leaves it empty. */
  load(): void {
    let text: string;
    try {
      text = this.fs.readFile(this.hostPath).toString('utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    if (text.length === 0) return; // a new, empty file (CREATE_ALWAYS of an earlier run that wrote nothing)
    let j: VolumeJson;
    try {
      j = JSON.parse(text) as VolumeJson;
    } catch {
      throw new VolumeFormatError(NOT_A_VOLUME);
    }
    if (j.format !== FORMAT || j.version !== 1) throw new VolumeFormatError(NOT_A_VOLUME);
    this.nextOid = j.nextOid;
    for (const d of j.databases) {
      const db = new Database(this, d.oid, d.name, d.type, d.flags, d.sorts, BigInt(d.modified));
      for (const r of d.records) db.records.set(r.oid, new DbRecord(r.oid, new Map(r.props.map(([id, v]) => [id, decodeValue(id, v)]))));
      this.databases.set(d.oid, db);
    }
  }

  toJSON(): VolumeJson {
    return {
      format: FORMAT,
      version: 1,
      nextOid: this.nextOid,
      databases: [...this.databases.values()].map((d) => ({
        oid: d.oid,
        name: d.name,
        type: d.type,
        flags: d.flags,
        modified: d.modified.toString(),
        sorts: d.sorts,
        records: [...d.records.values()].map((r) => ({ oid: r.oid, props: [...r.props].map(([id, v]) => [id, encodeValue(id, v)] as [number, JsonValue]) })),
      })),
    };
  }

  /** Writes the host file (through a temporary file and a rename) if something changed. */
  flush(): void {
    if (!this.dirty) return;
    const dir = dirname(this.hostPath);
    if (!existsSync(dir)) this.fs.mkdir(dir);
    const tmp = `${this.hostPath}.wmemu-tmp`;
    const fd = this.fs.open(tmp, FS.O_WRONLY | FS.O_CREAT | FS.O_TRUNC);
    try {
      const data = Buffer.from(JSON.stringify(this.toJSON()) + '\n');
      for (let n = 0; n < data.length;) n += writeSync(fd, data, n, data.length - n);
    } finally {
      this.fs.close(fd);
    }
    this.fs.rename(tmp, this.hostPath);
    this.dirty = false;
  }
}

type JsonValue = number | string;
interface VolumeJson {
  format: string;
  version: number;
  nextOid: number;
  databases: {
    oid: number;
    name: string;
    type: number;
    flags: number;
    modified: string;
    sorts: SortOrder[];
    records: { oid: number; props: [number, JsonValue][] }[];
  }[];
}

function encodeValue(propid: number, v: PropValue): JsonValue {
  switch (propType(propid)) {
    case CEVT.FILETIME:
    case CEVT.R8:
      return (v as bigint).toString();
    case CEVT.BLOB:
      return Buffer.from(v as Uint8Array).toString('base64');
    default:
      return v as number | string;
  }
}

function decodeValue(propid: number, v: JsonValue): PropValue {
  switch (propType(propid)) {
    case CEVT.FILETIME:
    case CEVT.R8:
      return BigInt(v);
    case CEVT.BLOB:
      return new Uint8Array(Buffer.from(v as string, 'base64'));
    default:
      return v;
  }
}

/**
 * The run's database volumes: the object store and the mounted volumes. One per run (every process
 * of a run shares it, as the processes of a device share its object store).
 */
export class CedbStore {
  readonly objectStore: Volume;
  private readonly mounted: Volume[] = [];
  private nextGuid = 1;

  constructor(
    readonly fs: DeviceFs,
    objectStoreFile: string,
  ) {
    this.objectStore = new Volume(fs, SYSTEM_GUID, objectStoreFile, '');
    this.objectStore.mounts = 1;
    this.objectStore.load();
  }

  /** The volume a CEGUID names (the system GUID: the object store). */
  volume(guid: readonly number[]): Volume | undefined {
    if (guid.every((g) => g === 0)) return this.objectStore;
    return this.mounted.find((v) => v.guid.every((g, i) => g === (guid[i] ?? 0) >>> 0));
  }

  mountedVolumes(): readonly Volume[] {
    return this.mounted;
  }

  /** The mounted volume of this host file, if any. */
  byHostPath(host: string): Volume | undefined {
    return this.mounted.find((v) => v.hostPath === host);
  }

  /** Mounts (loads) the volume file `host`; throws VolumeFormatError for a file of another format. */
  mount(host: string, cePath: string, truncate: boolean): Volume {
    // The GUID: a run-unique number and "wmem" "cedb" "vol": never all zeros (system) nor all ones (invalid).
    const v = new Volume(this.fs, [this.nextGuid++, 0x6d656d77, 0x62646563, 0x006c6f76], host, cePath);
    if (truncate) v.dirty = true;
    else v.load();
    v.mounts = 1;
    this.mounted.push(v);
    return v;
  }

  unmount(v: Volume): void {
    v.flush();
    const i = this.mounted.indexOf(v);
    if (i >= 0) this.mounted.splice(i, 1);
  }

  flushAll(): void {
    this.objectStore.flush();
    for (const v of this.mounted) v.flush();
  }
}
