/**
 * coredll strings and locale (en-US device): the system message texts (FormatMessageW itself is in
 * messages.ts), code pages (WideCharToMultiByte /
 * MultiByteToWideChar for CP_ACP = 1252 and CP_UTF8), GetLocaleInfoW, GetDateFormatW,
 * GetTimeFormatW, CompareStringW / lstrcmpW / lstrcmpiW, CharUpperW / CharLowerW (+Buff), default
 * LCIDs and code pages.
 *
 * Only the en-US locale (0x0409) exists; LOCALE_USER_DEFAULT, LOCALE_SYSTEM_DEFAULT and
 * LOCALE_NEUTRAL map to it. CP_OEMCP is treated as 1252 as well (GetOEMCP reports 1252: no
 * separate OEM table is modelled).
 */
import { fn, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';

// ------------------------------------------------------------------ code pages
const CP_ACP = 0;
const CP_OEMCP = 1;
const CP_UTF8 = 65001;
/** Windows-1252 0x80-0x9F (undefined slots map to the same C1 control, as Windows does). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const TO_1252 = new Map<number, number>();
for (let b = 0; b < 256; b++) TO_1252.set(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b, b);
/** The code page 1252 byte of a UTF-16 unit, or undefined when 1252 has no such character. */
export function encode1252(u: number): number | undefined {
  return TO_1252.get(u);
}
export function decode1252(b: number): number {
  return b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
}

function codePage(cp: number): 1252 | 65001 | undefined {
  if (cp === CP_ACP || cp === CP_OEMCP || cp === 1252 || cp === 3 /* CP_THREAD_ACP */) return 1252;
  if (cp === CP_UTF8) return 65001;
  return undefined;
}

/** Reads `count` UTF-16 units (count -1: up to and including the NUL). */
function readUnits(cx: ApiContext, p: number, count: number): number[] {
  const n = count < 0 ? cx.mem.wcslen(p) + 1 : count;
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = cx.mem.u16(p + 2 * i);
  return out;
}

function encodeUtf8(units: number[]): number[] {
  const s = String.fromCharCode(...units);
  return [...Buffer.from(s, 'utf8')];
}

// ------------------------------------------------------------------ locale data (en-US)
const LCID_EN_US = 0x0409;
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const LOCALE_INFO = new Map<number, string>([
  [0x0001, '0409'], // LOCALE_ILANGUAGE
  [0x0002, 'English (United States)'], // LOCALE_SLANGUAGE
  [0x0003, 'ENU'], // LOCALE_SABBREVLANGNAME
  [0x0004, 'English'], // LOCALE_SNATIVELANGNAME
  [0x0005, '1'], // LOCALE_ICOUNTRY
  [0x0006, 'United States'], // LOCALE_SCOUNTRY
  [0x0007, 'USA'], // LOCALE_SABBREVCTRYNAME
  [0x0008, 'United States'], // LOCALE_SNATIVECTRYNAME
  [0x0009, '0409'], // LOCALE_IDEFAULTLANGUAGE
  [0x000a, '1'], // LOCALE_IDEFAULTCOUNTRY
  [0x000b, '437'], // LOCALE_IDEFAULTCODEPAGE
  [0x000c, ','], // LOCALE_SLIST
  [0x000d, '1'], // LOCALE_IMEASURE (U.S.)
  [0x000e, '.'], // LOCALE_SDECIMAL
  [0x000f, ','], // LOCALE_STHOUSAND
  [0x0010, '3;0'], // LOCALE_SGROUPING
  [0x0011, '2'], // LOCALE_IDIGITS
  [0x0012, '1'], // LOCALE_ILZERO
  [0x0013, '0123456789'], // LOCALE_SNATIVEDIGITS
  [0x0014, '$'], // LOCALE_SCURRENCY
  [0x0015, 'USD'], // LOCALE_SINTLSYMBOL
  [0x0016, '.'], // LOCALE_SMONDECIMALSEP
  [0x0017, ','], // LOCALE_SMONTHOUSANDSEP
  [0x0018, '3;0'], // LOCALE_SMONGROUPING
  [0x0019, '2'], // LOCALE_ICURRDIGITS
  [0x001a, '2'], // LOCALE_IINTLCURRDIGITS
  [0x001b, '0'], // LOCALE_ICURRENCY
  [0x001c, '0'], // LOCALE_INEGCURR
  [0x001d, '/'], // LOCALE_SDATE
  [0x001e, ':'], // LOCALE_STIME
  [0x001f, 'M/d/yyyy'], // LOCALE_SSHORTDATE
  [0x0020, 'dddd, MMMM dd, yyyy'], // LOCALE_SLONGDATE
  [0x0021, '0'], // LOCALE_IDATE
  [0x0022, '0'], // LOCALE_ILDATE
  [0x0023, '0'], // LOCALE_ITIME (12-hour)
  [0x0024, '0'], // LOCALE_ICENTURY... (IDAYLZERO etc. below)
  [0x0025, '0'], // LOCALE_ITLZERO
  [0x0026, '0'], // LOCALE_IDAYLZERO
  [0x0027, '0'], // LOCALE_IMONLZERO
  [0x0028, 'AM'], // LOCALE_S1159
  [0x0029, 'PM'], // LOCALE_S2359
  ...DAYS.map((d, i) => [0x002a + i, d] as [number, string]), // LOCALE_SDAYNAME1..7
  ...DAYS.map((d, i) => [0x0031 + i, d.slice(0, 3)] as [number, string]), // LOCALE_SABBREVDAYNAME1..7
  ...MONTHS.map((m, i) => [0x0038 + i, m] as [number, string]), // LOCALE_SMONTHNAME1..12
  ...MONTHS.map((m, i) => [0x0044 + i, m.slice(0, 3)] as [number, string]), // LOCALE_SABBREVMONTHNAME1..12
  [0x0050, ''], // LOCALE_SPOSITIVESIGN
  [0x0051, '-'], // LOCALE_SNEGATIVESIGN
  [0x0059, 'en'], // LOCALE_SISO639LANGNAME
  [0x005a, 'US'], // LOCALE_SISO3166CTRYNAME
  [0x1001, 'English'], // LOCALE_SENGLANGUAGE
  [0x1002, 'United States'], // LOCALE_SENGCOUNTRY
  [0x1003, 'h:mm:ss tt'], // LOCALE_STIMEFORMAT
  [0x1004, '1252'], // LOCALE_IDEFAULTANSICODEPAGE
  [0x1009, '1'], // LOCALE_ICALENDARTYPE (Gregorian)
  [0x100c, '6'], // LOCALE_IFIRSTDAYOFWEEK (Sunday)
  [0x100d, '0'], // LOCALE_IFIRSTWEEKOFYEAR
  [0x1010, '1'], // LOCALE_INEGNUMBER
  [0x1014, '$'], // LOCALE_SCURRENCY alias used by some code
]);
const LOCALE_NOUSEROVERRIDE = 0x8000_0000;
const LOCALE_RETURN_NUMBER = 0x2000_0000;

export function knownLocale(lcid: number): boolean {
  return lcid === LCID_EN_US || lcid === 0x0400 || lcid === 0x0800 || lcid === 0 || lcid === 0x0009;
}

/** Writes `s` + NUL into a buffer of `cch` chars; cch 0 = size query. Returns chars incl. NUL, or 0. */
export function putString(cx: ApiContext, buf: number, cch: number, s: string): number {
  if (cch === 0) return s.length + 1;
  if (cch < s.length + 1) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  cx.mem.check(buf, 2 * (s.length + 1), 'write');
  cx.mem.writeWstr(buf, s);
  return s.length + 1;
}

// ------------------------------------------------------------------ dates and times
interface SysTime {
  year: number;
  month: number;
  dow: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function readSystemTime(cx: ApiContext, p: number): SysTime | undefined {
  if (p) {
    const w = (i: number) => cx.mem.u16(p + 2 * i);
    const t = { year: w(0), month: w(1), dow: w(2), day: w(3), hour: w(4), minute: w(5), second: w(6) };
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
    // The day of week is computed, not taken from the structure (as Windows does).
    t.dow = new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay();
    return t;
  }
  const clock = cx.machine.clock;
  const now = clock.nowUtcMs();
  const d = new Date(now + clock.utcOffsetMinutes(now) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    dow: d.getUTCDay(),
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Expands a date or time picture; `kind` decides which letters are fields. */
function picture(fmt: string, t: SysTime, kind: 'date' | 'time', flags: number): string {
  let out = '';
  for (let i = 0; i < fmt.length;) {
    const c = fmt[i]!;
    if (c === "'") {
      let j = i + 1;
      let lit = '';
      for (; j < fmt.length; j++) {
        if (fmt[j] === "'") {
          if (fmt[j + 1] === "'") {
            lit += "'";
            j++;
            continue;
          }
          break;
        }
        lit += fmt[j];
      }
      out += lit;
      i = j + 1;
      continue;
    }
    let n = 1;
    while (fmt[i + n] === c) n++;
    const pad = (v: number) => (n >= 2 ? String(v).padStart(2, '0') : String(v));
    if (kind === 'date' && c === 'd') out += n <= 2 ? pad(t.day) : n === 3 ? DAYS[(t.dow + 6) % 7]!.slice(0, 3) : DAYS[(t.dow + 6) % 7]!;
    else if (kind === 'date' && c === 'M') out += n <= 2 ? pad(t.month) : n === 3 ? MONTHS[t.month - 1]!.slice(0, 3) : MONTHS[t.month - 1]!;
    else if (kind === 'date' && c === 'y') out += n === 1 ? String(t.year % 100) : n === 2 ? String(t.year % 100).padStart(2, '0') : String(t.year);
    else if (kind === 'date' && c === 'g') out += 'A.D.';
    else if (kind === 'time' && c === 'h') out += flags & 8 ? pad(t.hour) : pad(t.hour % 12 || 12);
    else if (kind === 'time' && c === 'H') out += pad(t.hour);
    else if (kind === 'time' && c === 'm') out += pad(t.minute);
    else if (kind === 'time' && c === 's') out += pad(t.second);
    else if (kind === 'time' && c === 't') out += flags & 4 ? '' : (t.hour < 12 ? 'AM' : 'PM').slice(0, n === 1 ? 1 : 2);
    else out += c.repeat(n);
    i += n;
  }
  return out;
}

/** Removes minutes/seconds (and the separator before them) from a time picture, per flags. */
function trimTimePicture(fmt: string, flags: number): string {
  let f = fmt;
  if (flags & 1) f = f.replace(/[^hHt']*m+/g, '').replace(/[^hHt']*s+/g, '');
  else if (flags & 2) f = f.replace(/[^hHmt']*s+/g, '');
  if (flags & 4) f = f.replace(/\s*t+/g, '');
  return f;
}

// ------------------------------------------------------------------ comparison and case
const COLLATORS = new Map<string, Intl.Collator>();
function collator(ignoreCase: boolean, ignoreNonSpace: boolean): Intl.Collator {
  const key = `${ignoreCase}${ignoreNonSpace}`;
  let c = COLLATORS.get(key);
  if (!c) {
    const sensitivity = ignoreCase ? (ignoreNonSpace ? 'base' : 'accent') : ignoreNonSpace ? 'case' : 'variant';
    COLLATORS.set(key, (c = new Intl.Collator('en-US', { sensitivity, caseFirst: 'lower' })));
  }
  return c;
}
const NORM_IGNORECASE = 0x1;
const NORM_IGNORENONSPACE = 0x2;
const NORM_IGNORESYMBOLS = 0x4;

export function compareStrings(a: string, b: string, flags: number): number {
  if (flags & NORM_IGNORESYMBOLS) {
    a = a.replace(/[^\p{L}\p{N}]/gu, '');
    b = b.replace(/[^\p{L}\p{N}]/gu, '');
  }
  const r = collator((flags & NORM_IGNORECASE) !== 0, (flags & NORM_IGNORENONSPACE) !== 0).compare(a, b);
  if (r !== 0) return Math.sign(r);
  // The collator calls some distinct strings equal; make the order total like Windows' sort keys.
  return flags & (NORM_IGNORECASE | NORM_IGNORENONSPACE | NORM_IGNORESYMBOLS) ? 0 : a < b ? -1 : a > b ? 1 : 0;
}

function readCounted(cx: ApiContext, p: number, n: number): string {
  if (n < 0) return cx.mem.wstr(p);
  return String.fromCharCode(...readUnits(cx, p, n));
}

function upper(c: number): number {
  const u = String.fromCharCode(c).toUpperCase();
  return u.length === 1 ? u.charCodeAt(0) : c;
}
function lower(c: number): number {
  const l = String.fromCharCode(c).toLowerCase();
  return l.length === 1 ? l.charCodeAt(0) : c;
}
function mapInPlace(cx: ApiContext, p: number, n: number, f: (c: number) => number): void {
  for (let i = 0; i < n; i++) cx.mem.setU16(p + 2 * i, f(cx.mem.u16(p + 2 * i)));
}

// ------------------------------------------------------------------ system messages (FormatMessageW: messages.ts)
/** System message texts (each ends with CRLF, as the system message table's do). */
export const SYSTEM_MESSAGES = new Map<number, string>([
  [0, 'The operation completed successfully.'],
  [1, 'Incorrect function.'],
  [2, 'The system cannot find the file specified.'],
  [3, 'The system cannot find the path specified.'],
  [4, 'The system cannot open the file.'],
  [5, 'Access is denied.'],
  [6, 'The handle is invalid.'],
  [8, 'Not enough storage is available to process this command.'],
  [13, 'The data is invalid.'],
  [14, 'Not enough storage is available to complete this operation.'],
  [18, 'There are no more files.'],
  [32, 'The process cannot access the file because it is being used by another process.'],
  [50, 'The request is not supported.'],
  [80, 'The file exists.'],
  [87, 'The parameter is incorrect.'],
  [112, 'There is not enough space on the disk.'],
  [120, 'This function is not supported on this system.'],
  [122, 'The data area passed to a system call is too small.'],
  [123, 'The filename, directory name, or volume label syntax is incorrect.'],
  [126, 'The specified module could not be found.'],
  [127, 'The specified procedure could not be found.'],
  [183, 'Cannot create a file when that file already exists.'],
  [193, '%1 is not a valid application.'],
  [259, 'No more data is available.'],
  [317, 'The system cannot find message text for message number 0x%1 in the message file for %2.'],
  [487, 'Attempt to access invalid address.'],
  [998, 'Invalid access to memory location.'],
  [1114, 'A dynamic link library (DLL) initialization routine failed.'],
  [1400, 'Invalid window handle.'],
  [1410, 'Class already exists.'],
  [1411, 'Class does not exist.'],
  [1460, 'This operation returned because the timeout period expired.'],
  [1812, 'The specified image file did not contain a resource section.'],
  [1813, 'The specified resource type cannot be found in the image file.'],
  [1814, 'The specified resource name cannot be found in the image file.'],
  [10004, 'A blocking operation was interrupted by a call to WSACancelBlockingCall.'],
  [10009, 'The file handle supplied is not valid.'],
  [10013, 'An attempt was made to access a socket in a way forbidden by its access permissions.'],
  [10014, 'The system detected an invalid pointer address in attempting to use a pointer argument in a call.'],
  [10022, 'An invalid argument was supplied.'],
  [10024, 'Too many open sockets.'],
  [10035, 'A non-blocking socket operation could not be completed immediately.'],
  [10036, 'A blocking operation is currently executing.'],
  [10037, 'An operation was attempted on a non-blocking socket that already had an operation in progress.'],
  [10038, 'An operation was attempted on something that is not a socket.'],
  [10039, 'A required address was omitted from an operation on a socket.'],
  [
    10040,
    'A message sent on a datagram socket was larger than the internal message buffer or some other network limit, or the buffer used to receive a datagram into was smaller than the datagram itself.',
  ],
  [10041, 'A protocol was specified in the socket function call that does not support the semantics of the socket type requested.'],
  [10042, 'An unknown, invalid, or unsupported option or level was specified in a getsockopt or setsockopt call.'],
  [10043, 'The requested protocol has not been configured into the system, or no implementation for it exists.'],
  [10044, 'The support for the specified socket type does not exist in this address family.'],
  [10045, 'The attempted operation is not supported for the type of object referenced.'],
  [10047, 'An address incompatible with the requested protocol was used.'],
  [10048, 'Only one usage of each socket address (protocol/network address/port) is normally permitted.'],
  [10049, 'The requested address is not valid in its context.'],
  [10050, 'A socket operation encountered a dead network.'],
  [10051, 'A socket operation was attempted to an unreachable network.'],
  [10052, 'The connection has been broken due to keep-alive activity detecting a failure while the operation was in progress.'],
  [10053, 'An established connection was aborted by the software in your host machine.'],
  [10054, 'An existing connection was forcibly closed by the remote host.'],
  [10055, 'An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full.'],
  [10056, 'A connect request was made on an already connected socket.'],
  [
    10057,
    'A request to send or receive data was disallowed because the socket is not connected and (when sending on a datagram socket using a sendto call) no address was supplied.',
  ],
  [10058, 'A request to send or receive data was disallowed because the socket had already been shut down in that direction with a previous shutdown call.'],
  [
    10060,
    'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
  ],
  [10061, 'No connection could be made because the target machine actively refused it.'],
  [10064, 'A socket operation failed because the destination host was down.'],
  [10065, 'A socket operation was attempted to an unreachable host.'],
  [10091, 'WSAStartup cannot function at this time because the underlying system it uses to provide network services is currently unavailable.'],
  [10092, 'The Windows Sockets version requested is not supported.'],
  [10093, 'Either the application has not called WSAStartup, or WSAStartup failed.'],
  [11001, 'No such host is known.'],
  [
    11002,
    'This is usually a temporary error during hostname resolution and means that the local server did not receive a response from an authoritative server.',
  ],
  [11003, 'A non-recoverable error occurred during a database lookup.'],
  [11004, 'The requested name is valid, but no data of the requested type was found.'],
]);

// ------------------------------------------------------------------ declarations
export const locale: ApiDef[] = [
  fn('GetACP(): u32', () => 1252),
  fn('GetOEMCP(): u32', () => 1252),
  fn('IsValidCodePage(u32 CodePage): bool', (_cx, cp: number) => (cp === 1252 || cp === CP_UTF8 ? 1 : 0)),
  // EnumSystemCodePagesW (Win32/CE docs): the code pages IsValidCodePage accepts, each as a decimal
  // string to the callback until it returns FALSE; flags CP_INSTALLED (1) or CP_SUPPORTED (2), both
  // the same set here; other flags: ERROR_INVALID_FLAGS.
  fn('EnumSystemCodePagesW(ptr lpCodePageEnumProc, hex dwFlags): bool', (cx, proc: number, flags: number) => {
    if (!proc) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (flags !== 1 && flags !== 2) return cx.fail(0, ERROR.INVALID_FLAGS);
    const pages = ['1252', String(CP_UTF8)];
    const buf = cx.machine.processHeap.alloc(16);
    if (!buf) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    const step = (i: number): number | typeof CALLED => {
      if (i >= pages.length) {
        cx.machine.processHeap.freeBlock(buf);
        return 1;
      }
      cx.mem.writeWstr(buf, pages[i]!);
      return cx.callGuest(proc, [buf], (r0) => (r0 ? step(i + 1) : step(pages.length)));
    };
    return step(0);
  }),
  fn('GetUserDefaultLCID(): hex', () => LCID_EN_US),
  fn('GetSystemDefaultLCID(): hex', () => LCID_EN_US),
  fn('GetUserDefaultLangID(): hex', () => LCID_EN_US),
  fn('GetSystemDefaultLangID(): hex', () => LCID_EN_US),
  fn('GetUserDefaultUILanguage(): hex', () => LCID_EN_US),
  fn('GetSystemDefaultUILanguage(): hex', () => LCID_EN_US),
  fn('IsValidLocale(hex Locale, hex dwFlags): bool', (_cx, l: number) => (l === LCID_EN_US ? 1 : 0)),
  fn('ConvertDefaultLocale(hex Locale): hex', (_cx, l: number) => (knownLocale(l) ? LCID_EN_US : l)),

  fn(
    'WideCharToMultiByte(u32 CodePage, hex dwFlags, ptr lpWideCharStr, i32 cchWideChar, ptr lpMultiByteStr, i32 cbMultiByte, ptr lpDefaultChar, ptr lpUsedDefaultChar): i32',
    (cx, cpIn: number, _flags: number, src: number, n: number, dst: number, size: number, defChar: number, usedDef: number) => {
      const cp = codePage(cpIn);
      if (cp === undefined || !src || n === 0 || size < 0 || (dst && src === dst)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      if (cp === 65001 && (defChar || usedDef)) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const units = readUnits(cx, src, n);
      let bytes: number[];
      let used = false;
      if (cp === 65001) bytes = encodeUtf8(units);
      else {
        const dflt = defChar ? cx.mem.u8(defChar) : 0x3f;
        bytes = units.map((u) => {
          const b = TO_1252.get(u);
          if (b !== undefined) return b;
          used = true;
          return dflt;
        });
      }
      if (usedDef) cx.mem.setU32(usedDef, used ? 1 : 0);
      if (size === 0) return bytes.length;
      if (bytes.length > size) {
        cx.mem.write(dst, Uint8Array.from(bytes.slice(0, size)));
        return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      }
      cx.mem.write(dst, Uint8Array.from(bytes));
      return bytes.length;
    },
  ),
  fn(
    'MultiByteToWideChar(u32 CodePage, hex dwFlags, ptr lpMultiByteStr, i32 cbMultiByte, ptr lpWideCharStr, i32 cchWideChar): i32',
    (cx, cpIn: number, flags: number, src: number, n: number, dst: number, size: number) => {
      const cp = codePage(cpIn);
      if (cp === undefined || !src || n === 0 || size < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const len = n < 0 ? cx.mem.strlen(src) + 1 : n;
      const bytes = cx.mem.bytes(src, len);
      let units: number[];
      if (cp === 65001) {
        const MB_ERR_INVALID_CHARS = 0x8;
        const s = bytes.toString('utf8');
        if (flags & MB_ERR_INVALID_CHARS && !Buffer.from(s, 'utf8').equals(bytes)) return cx.fail(0, ERROR.NO_UNICODE_TRANSLATION);
        units = [];
        for (let i = 0; i < s.length; i++) units.push(s.charCodeAt(i));
      } else {
        if (flags & ~0xf) return cx.fail(0, ERROR.INVALID_FLAGS);
        units = [...bytes].map(decode1252);
      }
      if (size === 0) return units.length;
      const m = Math.min(units.length, size);
      cx.mem.check(dst, 2 * m, 'write');
      for (let i = 0; i < m; i++) cx.mem.setU16(dst + 2 * i, units[i]!);
      return units.length > size ? cx.fail(0, ERROR.INSUFFICIENT_BUFFER) : units.length;
    },
  ),

  fn('GetLocaleInfoW(hex Locale, hex LCType, ptr lpLCData, i32 cchData): i32', (cx, lcid: number, type: number, buf: number, cch: number) => {
    if (!knownLocale(lcid) || cch < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const t = type & ~(LOCALE_NOUSEROVERRIDE | LOCALE_RETURN_NUMBER);
    const v = LOCALE_INFO.get(t);
    if (v === undefined) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (type & LOCALE_RETURN_NUMBER) {
      if (!/^\d+$/.test(v)) return cx.fail(0, ERROR.INVALID_FLAGS);
      if (cch === 0) return 2;
      if (cch < 2) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
      cx.mem.setU32(buf, t === 0x1 || t === 0x9 ? parseInt(v, 16) : Number(v));
      return 2;
    }
    return putString(cx, buf, cch, v);
  }),
  fn(
    'GetDateFormatW(hex Locale, hex dwFlags, ptr lpDate, ptr lpFormat, ptr lpDateStr, i32 cchDate): i32',
    (cx, lcid: number, flags: number, date: number, fmt: number, buf: number, cch: number) => {
      if (!knownLocale(lcid) || cch < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const DATE_SHORTDATE = 1;
      const DATE_LONGDATE = 2;
      if (fmt && flags & (DATE_SHORTDATE | DATE_LONGDATE)) return cx.fail(0, ERROR.INVALID_FLAGS);
      const t = readSystemTime(cx, date);
      if (!t) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const pic = fmt ? cx.mem.wstr(fmt, 256) : LOCALE_INFO.get(flags & DATE_LONGDATE ? 0x20 : 0x1f)!;
      return putString(cx, buf, cch, picture(pic, t, 'date', 0));
    },
  ),
  fn(
    'GetTimeFormatW(hex Locale, hex dwFlags, ptr lpTime, ptr lpFormat, ptr lpTimeStr, i32 cchTime): i32',
    (cx, lcid: number, flags: number, time: number, fmt: number, buf: number, cch: number) => {
      if (!knownLocale(lcid) || cch < 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
      const t = readSystemTime(cx, time);
      if (!t) return cx.fail(0, ERROR.INVALID_PARAMETER);
      let pic = fmt ? cx.mem.wstr(fmt, 256) : LOCALE_INFO.get(0x1003)!;
      pic = trimTimePicture(pic, flags);
      if (flags & 8 /* TIME_FORCE24HOURFORMAT */) pic = pic.replace(/h/g, 'H');
      return putString(cx, buf, cch, picture(pic, t, 'time', flags).trim());
    },
  ),

  fn(
    'CompareStringW(hex Locale, hex dwCmpFlags, ptr lpString1, i32 cchCount1, ptr lpString2, i32 cchCount2): i32',
    (cx, lcid: number, flags: number, a: number, na: number, b: number, nb: number) => {
      if (!knownLocale(lcid) || !a || !b) return cx.fail(0, ERROR.INVALID_PARAMETER);
      return compareStrings(readCounted(cx, a, na), readCounted(cx, b, nb), flags) + 2; // CSTR_LESS_THAN 1 .. CSTR_GREATER_THAN 3
    },
  ),
  fn('lstrcmpW(wstr lpString1, wstr lpString2): i32', (cx, a: number, b: number) => compareStrings(a ? cx.mem.wstr(a) : '', b ? cx.mem.wstr(b) : '', 0)),
  fn('lstrcmpiW(wstr lpString1, wstr lpString2): i32', (cx, a: number, b: number) =>
    compareStrings(a ? cx.mem.wstr(a) : '', b ? cx.mem.wstr(b) : '', NORM_IGNORECASE),
  ),

  fn('CharUpperW(ptr lpsz): ptr', (cx, p: number) => {
    if (p >>> 16 === 0) return upper(p);
    mapInPlace(cx, p, cx.mem.wcslen(p), upper);
    return p;
  }),
  fn('CharLowerW(ptr lpsz): ptr', (cx, p: number) => {
    if (p >>> 16 === 0) return lower(p);
    mapInPlace(cx, p, cx.mem.wcslen(p), lower);
    return p;
  }),
  fn('CharUpperBuffW(ptr lpsz, u32 cchLength): u32', (cx, p: number, n: number) => {
    mapInPlace(cx, p, n, upper);
    return n;
  }),
  fn('CharLowerBuffW(ptr lpsz, u32 cchLength): u32', (cx, p: number, n: number) => {
    mapInPlace(cx, p, n, lower);
    return n;
  }),
  fn('CharNextW(ptr lpsz): ptr', (cx, p: number) => (cx.mem.u16(p) ? p + 2 : p)),
  fn('CharPrevW(ptr lpszStart, ptr lpszCurrent): ptr', (_cx, s: number, p: number) => (p > s ? p - 2 : s)),
];
