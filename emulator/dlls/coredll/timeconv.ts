/**
 * coredll time conversions and the device's time zone: SystemTimeToFileTime, FileTimeToSystemTime,
 * FileTimeToLocalFileTime, LocalFileTimeToFileTime, CompareFileTime, GetTimeZoneInformation,
 * SetTimeZoneInformation, SetDaylightTime, GetLocalTime, SetLocalTime, SetSystemTime,
 * GetSystemTimeAsFileTime (CE 6), GetCurrentFT.
 *
 * The time zone lives where CE keeps it: the registry value HKLM\Time\TimeZoneInformation (a
 * TIME_ZONE_INFORMATION, 172 bytes; SetTimeZoneInformation writes it). Without it, the zone named by
 * HKLM\Time Zones\Default (its "TZI" value: Bias, StandardBias, DaylightBias, StandardDate,
 * DaylightDate, the REG_TZI_FORMAT of the device images) applies; without that, a zone with the
 * machine clock's offset (kernel/clock.ts: the host's current offset, UTC in deterministic runs) and
 * no daylight rule. Daylight time follows the zone's rules (Win32: DaylightDate is given in local
 * standard time, StandardDate in local daylight time; wDay 1-5 = n-th / last weekday of the month,
 * wYear != 0 = an absolute date) unless the program said otherwise with SetDaylightTime (on a device
 * a shell component calls it at the transitions).
 *
 * Validation follows the Win32 documentation and Wine's tests: SystemTimeToFileTime rejects fields
 * out of range (month 1-12, day within the month, hour < 24, minute/second < 60, ms < 1000, year
 * 1601-30827) with ERROR_INVALID_PARAMETER; FileTimeToSystemTime rejects values >= 2^63.
 * FileTimeToLocalFileTime / LocalFileTimeToFileTime use the bias in effect now, as Windows does.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { muiString, registryOf, REG_MUI_SZ } from './registry.js';
import { FILETIME_UNIX_EPOCH } from './time.js';
import { NOTIFICATION_EVENT_TIME_CHANGE, NOTIFICATION_EVENT_TZ_CHANGE, raiseNotificationEvent } from './notifyevents.js';

const TZI_SIZE = 172;
const TIME_ZONE_ID_UNKNOWN = 0;
const TIME_ZONE_ID_STANDARD = 1;
const TIME_ZONE_ID_DAYLIGHT = 2;
const MS_1601_TO_1970 = Number(FILETIME_UNIX_EPOCH / 10_000n);

interface SystemTime {
  year: number;
  month: number;
  dayOfWeek: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

interface TimeZone {
  bias: number;
  standardName: string;
  standardDate: SystemTime;
  standardBias: number;
  daylightName: string;
  daylightDate: SystemTime;
  daylightBias: number;
}

function readSystemTime(b: Buffer, o: number): SystemTime {
  const w = (i: number) => b.readUInt16LE(o + 2 * i);
  return { year: w(0), month: w(1), dayOfWeek: w(2), day: w(3), hour: w(4), minute: w(5), second: w(6), ms: w(7) };
}

function writeSystemTimeBuf(b: Buffer, o: number, t: SystemTime): void {
  [t.year, t.month, t.dayOfWeek, t.day, t.hour, t.minute, t.second, t.ms].forEach((v, i) => b.writeUInt16LE(v, o + 2 * i));
}

function nameAt(b: Buffer, o: number): string {
  const s = b.toString('utf16le', o, o + 64);
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

function parseTzi(b: Buffer): TimeZone {
  return {
    bias: b.readInt32LE(0),
    standardName: nameAt(b, 4),
    standardDate: readSystemTime(b, 68),
    standardBias: b.readInt32LE(84),
    daylightName: nameAt(b, 88),
    daylightDate: readSystemTime(b, 152),
    daylightBias: b.readInt32LE(168),
  };
}

function encodeTzi(tz: TimeZone): Buffer {
  const b = Buffer.alloc(TZI_SIZE);
  b.writeInt32LE(tz.bias, 0);
  b.write(tz.standardName.slice(0, 31), 4, 'utf16le');
  writeSystemTimeBuf(b, 68, tz.standardDate);
  b.writeInt32LE(tz.standardBias, 84);
  b.write(tz.daylightName.slice(0, 31), 88, 'utf16le');
  writeSystemTimeBuf(b, 152, tz.daylightDate);
  b.writeInt32LE(tz.daylightBias, 168);
  return b;
}

const NO_DATE: SystemTime = { year: 0, month: 0, dayOfWeek: 0, day: 0, hour: 0, minute: 0, second: 0, ms: 0 };

/** The device's time zone (see the file comment for where it comes from). */
export function currentTimeZone(cx: ApiContext): TimeZone {
  const reg = registryOf(cx.machine);
  const stored = reg.byFullPath('HKEY_LOCAL_MACHINE\\Time', false)?.value('TimeZoneInformation');
  if (stored && stored.data.length >= TZI_SIZE) return parseTzi(stored.data);
  const zones = reg.byFullPath('HKEY_LOCAL_MACHINE\\Time Zones', false);
  const dflt = zones?.value('Default');
  if (zones && dflt && dflt.type === REG.SZ) {
    const name = dflt.data.toString('utf16le').replace(/\0.*$/s, '');
    const key = zones.child(name);
    const tzi = key?.value('TZI');
    if (key && tzi && tzi.data.length >= 44) {
      const d = tzi.data;
      const text = (v: string) => {
        const x = key.value(v);
        const mui = x && x.type === REG_MUI_SZ ? muiString(cx, x.data) : undefined; // the names are mui_sz in CE 6's common.reg
        if (mui) return mui.toString('utf16le').replace(/\0.*$/s, '');
        return x && x.type === REG.SZ ? x.data.toString('utf16le').replace(/\0.*$/s, '') : name;
      };
      return {
        bias: d.readInt32LE(0),
        standardBias: d.readInt32LE(4),
        daylightBias: d.readInt32LE(8),
        standardDate: readSystemTime(d, 12),
        daylightDate: readSystemTime(d, 28),
        standardName: text('Std'),
        daylightName: text('Dlt'),
      };
    }
  }
  const offset = cx.machine.clock.utcOffsetMinutes(cx.machine.clock.nowUtcMs());
  return { bias: -offset, standardName: '', standardDate: NO_DATE, standardBias: 0, daylightName: '', daylightDate: NO_DATE, daylightBias: 0 };
}

/** Epoch ms (as if UTC) of a transition rule in `year`, in the zone's local clock. */
function transition(rule: SystemTime, year: number): number {
  if (rule.year !== 0) return Date.UTC(rule.year, rule.month - 1, rule.day, rule.hour, rule.minute, rule.second, rule.ms);
  const first = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
  let day = 1 + ((rule.dayOfWeek - first + 7) % 7) + 7 * (rule.day - 1);
  const inMonth = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
  while (day > inMonth) day -= 7; // wDay 5 = the last such weekday
  return Date.UTC(year, rule.month - 1, day, rule.hour, rule.minute, rule.second, rule.ms);
}

/** Whether daylight time is in effect at utcMs by the zone's rules (undefined: the zone has none). */
function daylightByRule(tz: TimeZone, utcMs: number): boolean | undefined {
  if (tz.standardDate.month === 0 || tz.daylightDate.month === 0) return undefined;
  const year = new Date(utcMs - tz.bias * 60_000).getUTCFullYear();
  const start = transition(tz.daylightDate, year) + (tz.bias + tz.standardBias) * 60_000; // local standard -> UTC
  const end = transition(tz.standardDate, year) + (tz.bias + tz.daylightBias) * 60_000; // local daylight -> UTC
  return start < end ? utcMs >= start && utcMs < end : utcMs >= start || utcMs < end;
}

const daylightFlag = new WeakMap<object, boolean>();

function zoneState(cx: ApiContext, utcMs: number): { tz: TimeZone; id: number; biasMinutes: number } {
  const tz = currentTimeZone(cx);
  const rule = daylightByRule(tz, utcMs);
  if (rule === undefined) return { tz, id: TIME_ZONE_ID_UNKNOWN, biasMinutes: tz.bias };
  const forced = daylightFlag.get(cx.machine);
  const dst = forced ?? rule;
  return { tz, id: dst ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD, biasMinutes: tz.bias + (dst ? tz.daylightBias : tz.standardBias) };
}

/** Minutes to add to UTC for local time now (GetLocalTime, FileTimeToLocalFileTime). */
export function localOffsetMinutes(cx: ApiContext): number {
  return -zoneState(cx, cx.machine.clock.nowUtcMs()).biasMinutes;
}

// ------------------------------------------------------------------ SYSTEMTIME <-> FILETIME

function readGuestSystemTime(cx: ApiContext, p: number): SystemTime {
  return readSystemTime(cx.mem.bytes(p, 16), 0);
}

function writeGuestSystemTime(cx: ApiContext, p: number, t: SystemTime): void {
  const b = Buffer.alloc(16);
  writeSystemTimeBuf(b, 0, t);
  cx.mem.check(p, 16, 'write');
  cx.mem.write(p, b);
}

/** 100-ns units since 1601 of a valid SYSTEMTIME, undefined when a field is out of range. */
export function systemTimeToFileTime(t: SystemTime): bigint | undefined {
  if (t.year < 1601 || t.year > 30827 || t.month < 1 || t.month > 12 || t.day < 1) return undefined;
  if (t.day > new Date(Date.UTC(t.year, t.month, 0)).getUTCDate()) return undefined;
  if (t.hour > 23 || t.minute > 59 || t.second > 59 || t.ms > 999) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute, t.second, t.ms);
  return BigInt(d.getTime() + MS_1601_TO_1970) * 10_000n;
}

export function fileTimeToSystemTime(ft: bigint): SystemTime | undefined {
  if (ft >= 1n << 63n) return undefined;
  const d = new Date(Number(ft / 10_000n) - MS_1601_TO_1970);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    dayOfWeek: d.getUTCDay(),
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

function nowFileTime(cx: ApiContext): bigint {
  return BigInt(Math.floor(cx.machine.clock.nowUtcMs())) * 10_000n + FILETIME_UNIX_EPOCH;
}

const TICKS_PER_MINUTE = 600_000_000n;

export const timeconv: ApiDef[] = [
  fn('SystemTimeToFileTime(ptr lpSystemTime, ptr lpFileTime): bool', (cx, st: number, ft: number) => {
    const v = systemTimeToFileTime(readGuestSystemTime(cx, st));
    if (v === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.setU64(ft, v);
    return 1;
  }),
  fn('FileTimeToSystemTime(ptr lpFileTime, ptr lpSystemTime): bool', (cx, ft: number, st: number) => {
    const t = fileTimeToSystemTime(cx.mem.u64(ft));
    if (!t) return cx.fail(0, ERROR.INVALID_PARAMETER);
    writeGuestSystemTime(cx, st, t);
    return 1;
  }),
  fn('FileTimeToLocalFileTime(ptr lpFileTime, ptr lpLocalFileTime): bool', (cx, ft: number, out: number) => {
    const v = cx.mem.u64(ft) + BigInt(localOffsetMinutes(cx)) * TICKS_PER_MINUTE;
    cx.mem.setU64(out, BigInt.asUintN(64, v));
    return 1;
  }),
  fn('LocalFileTimeToFileTime(ptr lpLocalFileTime, ptr lpFileTime): bool', (cx, ft: number, out: number) => {
    const v = cx.mem.u64(ft) - BigInt(localOffsetMinutes(cx)) * TICKS_PER_MINUTE;
    cx.mem.setU64(out, BigInt.asUintN(64, v));
    return 1;
  }),
  fn('CompareFileTime(ptr lpFileTime1, ptr lpFileTime2): i32', (cx, a: number, b: number) => {
    const x = cx.mem.u64(a);
    const y = cx.mem.u64(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }),
  fn('GetTimeZoneInformation(ptr lpTimeZoneInformation): u32', (cx, p: number) => {
    const z = zoneState(cx, cx.machine.clock.nowUtcMs());
    cx.mem.check(p, TZI_SIZE, 'write');
    cx.mem.write(p, encodeTzi(z.tz));
    return z.id;
  }),
  fn('SetTimeZoneInformation(ptr lpTimeZoneInformation): bool', (cx, p: number) => {
    const data = Buffer.from(cx.mem.bytes(p, TZI_SIZE));
    const reg = registryOf(cx.machine);
    const key = reg.byFullPath('HKEY_LOCAL_MACHINE\\Time', true)!;
    key.setValue('TimeZoneInformation', REG.BINARY, data);
    reg.dirty = true;
    daylightFlag.delete(cx.machine);
    raiseNotificationEvent(cx, NOTIFICATION_EVENT_TZ_CHANGE);
    return 1;
  }),
  fn('SetDaylightTime(u32 dst): void', (cx, dst: number) => {
    daylightFlag.set(cx.machine, dst !== 0);
  }),
  fn('GetLocalTime(ptr lpSystemTime): void', (cx, p: number) => {
    const ms = cx.machine.clock.nowUtcMs() + localOffsetMinutes(cx) * 60_000;
    writeGuestSystemTime(cx, p, fileTimeToSystemTime(BigInt(Math.floor(ms) + MS_1601_TO_1970) * 10_000n)!);
  }),
  fn('SetLocalTime(ptr lpSystemTime): bool', (cx, p: number) => {
    const v = systemTimeToFileTime(readGuestSystemTime(cx, p));
    if (v === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const localMs = Number(v / 10_000n) - MS_1601_TO_1970;
    cx.machine.clock.setNowUtcMs(localMs - localOffsetMinutes(cx) * 60_000);
    raiseNotificationEvent(cx, NOTIFICATION_EVENT_TIME_CHANGE);
    return 1;
  }),
  fn('SetSystemTime(ptr lpSystemTime): bool', (cx, p: number) => {
    const v = systemTimeToFileTime(readGuestSystemTime(cx, p));
    if (v === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.machine.clock.setNowUtcMs(Number(v / 10_000n) - MS_1601_TO_1970);
    raiseNotificationEvent(cx, NOTIFICATION_EVENT_TIME_CHANGE);
    return 1;
  }),
  fn('GetCurrentFT(ptr lpFileTime): bool', (cx, p: number) => {
    cx.mem.setU64(p, nowFileTime(cx));
    return 1;
  }),
  // CE 6 export (not in the CE 5 table).
  fn('GetSystemTimeAsFileTime(ptr lpSystemTimeAsFileTime): void', { ordinal: 2536 }, (cx, p: number) => {
    cx.mem.setU64(p, nowFileTime(cx));
  }),
];
