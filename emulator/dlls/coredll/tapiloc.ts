/**
 * TAPI dialing locations: lineGetTranslateCaps. Locations exist without any line device (they are
 * the user's dialing rules), so this answers from the registry as CE's TAPI keeps them (the CE 6
 * image's common.reg, "Communications dialing default locations"):
 * HKEY_CURRENT_USER\ControlPanel\Dial: "CurrentLoc" (DWORD, the current location's permanent ID),
 * "HighLocID"; ...\Dial\Locations: one REG_MULTI_SZ per location, the value name its permanent ID
 * (decimal), the strings LocationName, LocalFmt, LdFmt, IntntlFmt, AreaCode, CwCode (cancel call
 * waiting), CountryCode, Options. CE has no calling cards: dwNumCards 0.
 *
 * LINETRANSLATECAPS (TAPI 2.x, 44 bytes): dwTotalSize, dwNeededSize, dwUsedSize, dwNumLocations,
 * dwLocationListSize/Offset, dwCurrentLocationID, dwNumCards, dwCardListSize/Offset,
 * dwCurrentPreferredCardID; then the LINELOCATIONENTRY array (68 bytes each: permanent ID, name,
 * country code, city code (AreaCode), preferred card, local and long-distance access codes, toll
 * prefix list, country ID, options, cancel-call-waiting) and the strings (UTF-16, NUL included in the
 * sizes). The access codes and toll list are empty: CE's locations hold dialing format strings
 * (LocalFmt/LdFmt/IntntlFmt) instead, which TAPI 2's structure has no field for.
 * The TAPI reference's errors: lpTranslateCaps NULL LINEERR_INVALPOINTER; dwTotalSize below the
 * fixed part LINEERR_STRUCTURETOOSMALL; an application handle that is not one (NULL is accepted: the
 * call needs no line) LINEERR_INVALAPPHANDLE; dwAPIVersion outside 1.4 .. 2.0
 * LINEERR_INCOMPATIBLEAPIVERSION. A buffer too small for the lists: success with dwNeededSize set
 * and only the fixed part used (the documented variable-size structure convention).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG } from '../../core/registry/registry.js';
import { registryOf } from './registry.js';

const LINEERR_INVALAPPHANDLE = 0x80000014;
const LINEERR_INCOMPATIBLEAPIVERSION = 0x8000000c;
const LINEERR_INVALPOINTER = 0x80000035;
const LINEERR_STRUCTURETOOSMALL = 0x8000004d;
const FIXED = 44;
const ENTRY = 68;

interface Location {
  id: number;
  name: string;
  areaCode: string;
  cwCode: string;
  country: number;
  options: number;
}

/** The locations in the registry, by permanent ID. */
export function dialLocations(cx: ApiContext): { current: number; list: Location[] } {
  const reg = registryOf(cx.machine);
  const dial = reg.byFullPath('HKEY_CURRENT_USER\\ControlPanel\\Dial', false);
  const cur = dial?.value('CurrentLoc');
  const current = cur && cur.type === REG.DWORD && cur.data.length >= 4 ? cur.data.readUInt32LE(0) : 0;
  const locs = dial?.child('Locations');
  const list: Location[] = [];
  for (const v of locs?.values.values() ?? []) {
    if (v.type !== REG.MULTI_SZ || !/^\d+$/.test(v.name)) continue;
    const s = v.data.toString('utf16le').split('\0');
    list.push({
      id: Number(v.name) >>> 0,
      name: s[0] ?? '',
      areaCode: s[4] ?? '',
      cwCode: s[5] ?? '',
      country: parseInt(s[6] ?? '', 10) >>> 0 || 0,
      options: parseInt(s[7] ?? '', 10) >>> 0 || 0,
    });
  }
  list.sort((a, b) => a.id - b.id);
  return { current, list };
}

export const tapiloc: ApiDef[] = [
  fn('lineGetTranslateCaps(handle hLineApp, hex dwAPIVersion, ptr lpTranslateCaps): hex', (cx, h: number, ver: number, p: number) => {
    if (h && cx.machine.handles.get(h, 'lineapp') === undefined) return LINEERR_INVALAPPHANDLE;
    if (ver < 0x10004 || ver > 0x20000) return LINEERR_INCOMPATIBLEAPIVERSION;
    if (!p) return LINEERR_INVALPOINTER;
    const mem = cx.mem;
    const total = mem.u32(p);
    if (total < FIXED) return LINEERR_STRUCTURETOOSMALL;
    const { current, list } = dialLocations(cx);
    const strings = (l: Location) => [l.name, l.areaCode, l.cwCode].map((s) => 2 * (s.length + 1));
    const need = FIXED + list.length * ENTRY + list.reduce((n, l) => n + strings(l).reduce((a, b) => a + b, 0), 0);
    mem.fill(p + 4, FIXED - 4, 0);
    mem.setU32(p + 4, need);
    if (need > total) {
      mem.setU32(p + 8, FIXED);
      return 0;
    }
    mem.setU32(p + 8, need);
    mem.setU32(p + 12, list.length);
    mem.setU32(p + 16, list.length * ENTRY);
    mem.setU32(p + 20, FIXED);
    mem.setU32(p + 24, current);
    // dwNumCards, dwCardListSize/Offset, dwCurrentPreferredCardID: 0 (no calling cards on CE)
    let str = FIXED + list.length * ENTRY;
    const put = (at: number, s: string) => {
      mem.setU32(at, 2 * (s.length + 1));
      mem.setU32(at + 4, str);
      mem.writeWstr(p + str, s);
      str += 2 * (s.length + 1);
    };
    list.forEach((l, i) => {
      const e = p + FIXED + i * ENTRY;
      mem.fill(e, ENTRY, 0);
      mem.setU32(e, l.id);
      put(e + 4, l.name);
      mem.setU32(e + 12, l.country);
      put(e + 16, l.areaCode);
      mem.setU32(e + 52, l.country); // dwCountryID: the country code identifies it
      mem.setU32(e + 56, l.options);
      put(e + 60, l.cwCode);
    });
    return 0;
  }),
];
