/**
 * coredll RAS: the phone book's list and per-entry data, and connections (CE 5/6 docs: RasEnumEntries,
 * RasRenameEntry, RasGetEntryDialParams, RasSetEntryDialParams, RasGet/SetEapConnectionData,
 * RasGet/SetEapUserData, RasEnumConnections, RasGetConnectStatus, RasHangUp, RasEnumDevices). The
 * phone book is the registry's HKEY_CURRENT_USER\Comm\RasBook, one subkey per entry (ras.ts).
 *
 * wmemu has no modem and no PPP: no TAPI line device exists (tapi.ts), so RAS has no device and no
 * connection. RasEnumDevicesW and RasEnumConnections answer success with none; a connection handle
 * is never valid (RasGetConnectStatus, RasHangUp: ERROR_INVALID_HANDLE, as Win32 documents for an
 * invalid HRASCONN).
 *
 * Structures (CE ras.h, TCHAR = WCHAR): RASENTRYNAME { dwSize; szEntryName[21] } = 48 bytes;
 * RASCONN { dwSize; hrasconn; szEntryName[21] } = 52; RASDEVINFO { dwSize; szDeviceType[17];
 * szDeviceName[129] } = 296; RASDIALPARAMS { dwSize; szEntryName[21]; szPhoneNumber[129];
 * szCallbackNumber[49]; szUserName[257]; szPassword[257]; szDomain[16] } = 1464. A dwSize other
 * than these: ERROR_INVALID_SIZE (632); a NULL size or count pointer: ERROR_INVALID_PARAMETER; a
 * NULL structure pointer for the dial parameters: ERROR_BUFFER_INVALID (610); a buffer too small:
 * ERROR_BUFFER_TOO_SMALL (603) with the size needed stored; an unknown entry:
 * ERROR_CANNOT_FIND_PHONEBOOK_ENTRY (623).
 *
 * Dial parameters (RasSetEntryDialParams, CE docs): an empty szUserName leaves the user name and the
 * password unchanged; fRemovePassword removes the saved password; an empty szDomain leaves the
 * domain. RasGetEntryDialParams returns the saved user, domain and password (*lpfPassword = whether
 * a password was saved); the phone and callback numbers are not used on CE (empty).
 * Where CE keeps them inside the entry's key is not documented: wmemu uses the values "User",
 * "Domain" and "Password" (REG_SZ; a device encrypts the password, CryptProtectData), and the EAP
 * blobs in "EapConnData" / "EapUserData" (REG_BINARY; absent = no data, a size of 0).
 * EAP data (CE 6 docs): a NULL size pointer: E_INVALIDARG; the Set forms take the size through a
 * pointer too (PDWORD).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG, type RegKey } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { registryOf } from './registry.js';
import { BOOK, ERROR_BUFFER_TOO_SMALL, ERROR_CANNOT_FIND_PHONEBOOK_ENTRY, ERROR_INVALID_NAME, ERROR_INVALID_SIZE, entryKey, nameOf, validName } from './ras.js';

const RASENTRYNAME_SIZE = 48;
const RASCONN_SIZE = 52;
const RASDEVINFO_SIZE = 296;
const RASDIALPARAMS_SIZE = 1464;
const ERROR_BUFFER_INVALID = 610;
const E_INVALIDARG = 0x80070057;
/** RASDIALPARAMS field offsets and lengths (characters, with the NUL). */
const DP = {
  entry: [4, 21],
  phone: [46, 129],
  callback: [304, 49],
  user: [402, 257],
  password: [916, 257],
  domain: [1430, 16],
} as const;

function strValue(key: RegKey, name: string): string | undefined {
  const v = key.value(name);
  if (!v || (v.type !== REG.SZ && v.type !== REG.EXPAND_SZ)) return undefined;
  const s = v.data.toString('utf16le');
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}
function setStr(key: RegKey, name: string, s: string): void {
  key.setValue(name, REG.SZ, Buffer.from(s + '\0', 'utf16le'));
}
function readField(cx: ApiContext, p: number, [off, len]: readonly [number, number]): string {
  return cx.mem.wstr(p + off, len);
}
function writeField(cx: ApiContext, p: number, [off, len]: readonly [number, number], s: string): void {
  cx.mem.writeWstr(p + off, s.slice(0, len - 1));
}

/** Get form of the EAP blobs: the size first, then the data when it fits. */
function getBlob(cx: ApiContext, pName: number, value: string, pData: number, pSize: number): number {
  if (!pSize) return E_INVALIDARG;
  const key = entryKey(cx, nameOf(cx, pName), false);
  if (!nameOf(cx, pName) || !key) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
  const data = key.value(value)?.data ?? Buffer.alloc(0);
  const room = cx.mem.u32(pSize);
  cx.mem.setU32(pSize, data.length);
  if (data.length > room || (data.length && !pData)) return ERROR_BUFFER_TOO_SMALL;
  if (data.length) cx.mem.write(pData, data);
  return 0;
}
function setBlob(cx: ApiContext, pName: number, value: string, pData: number, pSize: number): number {
  if (!pSize) return E_INVALIDARG;
  const key = entryKey(cx, nameOf(cx, pName), false);
  if (!nameOf(cx, pName) || !key) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
  const n = cx.mem.u32(pSize);
  if (!n || !pData) {
    key.deleteValue(value);
    return 0;
  }
  if (n > 0x10000) return ERROR.INVALID_PARAMETER;
  if (!key.value(value) && !cx.machine.budget.charge(n + 64)) return ERROR.NOT_ENOUGH_MEMORY;
  key.setValue(value, REG.BINARY, Buffer.from(cx.mem.bytes(pData, n)));
  return 0;
}

export const rasconn: ApiDef[] = [
  fn(
    'RasEnumEntries(ptr Reserved, ptr lpszPhoneBookPath, ptr lprasentryname, ptr lpcb, ptr lpcEntries): u32',
    (cx, _res: number, _pbk: number, pNames: number, pcb: number, pCount: number) => {
      if (!pcb || !pCount) return ERROR.INVALID_PARAMETER;
      if (pNames && cx.mem.u32(pNames) !== RASENTRYNAME_SIZE) return ERROR_INVALID_SIZE;
      const book = registryOf(cx.machine).byFullPath(BOOK, false);
      const names = book ? book.sortedSubkeys().map((k) => k.name) : [];
      const need = names.length * RASENTRYNAME_SIZE;
      const room = cx.mem.u32(pcb);
      cx.mem.setU32(pcb, need);
      cx.mem.setU32(pCount, names.length);
      if (need > room || (need && !pNames)) return ERROR_BUFFER_TOO_SMALL;
      names.forEach((n, i) => {
        const at = pNames + i * RASENTRYNAME_SIZE;
        cx.mem.fill(at, RASENTRYNAME_SIZE, 0);
        cx.mem.setU32(at, RASENTRYNAME_SIZE);
        cx.mem.writeWstr(at + 4, n.slice(0, 20));
      });
      return 0;
    },
  ),
  fn('RasRenameEntry(ptr lpszPhonebook, ptr lpszOldEntry, ptr lpszNewEntry): u32', (cx, _pbk: number, pOld: number, pNew: number) => {
    const oldName = nameOf(cx, pOld);
    const newName = nameOf(cx, pNew);
    const old = oldName ? entryKey(cx, oldName, false) : undefined;
    if (!old) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    if (!validName(newName)) return ERROR_INVALID_NAME;
    const existing = entryKey(cx, newName, false);
    if (existing === old) {
      old.name = newName; // a change of case only
      return 0;
    }
    if (existing) return ERROR.ALREADY_EXISTS;
    const key = entryKey(cx, newName, true)!;
    for (const v of old.values.values()) key.setValue(v.name, v.type, v.data);
    registryOf(cx.machine).deleteKey(old);
    return 0;
  }),
  fn('RasGetEntryDialParams(ptr lpszPhonebook, ptr lpRasDialParams, ptr lpfPassword): u32', (cx, _pbk: number, p: number, pfPassword: number) => {
    if (!p || !pfPassword) return ERROR_BUFFER_INVALID;
    if (cx.mem.u32(p) !== RASDIALPARAMS_SIZE) return ERROR_INVALID_SIZE;
    const name = readField(cx, p, DP.entry);
    const key = name ? entryKey(cx, name, false) : undefined;
    if (!key) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    const password = strValue(key, 'Password');
    cx.mem.fill(p + DP.phone[0], RASDIALPARAMS_SIZE - DP.phone[0], 0);
    writeField(cx, p, DP.user, strValue(key, 'User') ?? '');
    writeField(cx, p, DP.password, password ?? '');
    writeField(cx, p, DP.domain, strValue(key, 'Domain') ?? '');
    cx.mem.setU32(pfPassword, password !== undefined ? 1 : 0);
    return 0;
  }),
  fn('RasSetEntryDialParams(ptr lpszPhonebook, ptr lpRasDialParams, i32 fRemovePassword): u32', (cx, _pbk: number, p: number, remove: number) => {
    if (!p) return ERROR_BUFFER_INVALID;
    if (cx.mem.u32(p) !== RASDIALPARAMS_SIZE) return ERROR_INVALID_SIZE;
    const name = readField(cx, p, DP.entry);
    const key = name ? entryKey(cx, name, false) : undefined;
    if (!key) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    const user = readField(cx, p, DP.user);
    const domain = readField(cx, p, DP.domain);
    if (!cx.machine.budget.charge(2 * (user.length + domain.length) + 600)) return ERROR.NOT_ENOUGH_MEMORY;
    if (user) {
      setStr(key, 'User', user);
      if (!remove) setStr(key, 'Password', readField(cx, p, DP.password));
    }
    if (remove) key.deleteValue('Password');
    if (domain) setStr(key, 'Domain', domain);
    return 0;
  }),
  fn(
    'RasGetEapConnectionData(ptr pszPhonebook, ptr pszEntry, ptr pbEapData, ptr pdwSizeofEapData): u32',
    (cx, _pbk: number, pName: number, pData: number, pSize: number) => getBlob(cx, pName, 'EapConnData', pData, pSize),
  ),
  fn(
    'RasSetEapConnectionData(ptr pszPhonebook, ptr pszEntry, ptr pbEapData, ptr pdwSizeofEapData): u32',
    (cx, _pbk: number, pName: number, pData: number, pSize: number) => setBlob(cx, pName, 'EapConnData', pData, pSize),
  ),
  fn(
    'RasGetEapUserData(ptr hToken, ptr pszPhonebook, ptr pszEntry, ptr pbEapData, ptr pdwSizeofEapData): u32',
    (cx, _tok: number, _pbk: number, pName: number, pData: number, pSize: number) => getBlob(cx, pName, 'EapUserData', pData, pSize),
  ),
  fn(
    'RasSetEapUserData(ptr hToken, ptr pszPhonebook, ptr pszEntry, ptr pbEapData, ptr pdwSizeofEapData): u32',
    (cx, _tok: number, _pbk: number, pName: number, pData: number, pSize: number) => setBlob(cx, pName, 'EapUserData', pData, pSize),
  ),
  fn('RasEnumConnections(ptr lprasconn, ptr lpcb, ptr lpcConnections): u32', (cx, pConn: number, pcb: number, pCount: number) => {
    if (!pcb || !pCount) return ERROR.INVALID_PARAMETER;
    if (pConn && cx.mem.u32(pConn) !== RASCONN_SIZE) return ERROR_INVALID_SIZE;
    cx.mem.setU32(pcb, 0); // no connection: nothing needed, nothing written
    cx.mem.setU32(pCount, 0);
    return 0;
  }),
  fn('RasEnumDevicesW(ptr lpRasDevinfo, ptr lpcb, ptr lpcDevices): u32', (cx, pDev: number, pcb: number, pCount: number) => {
    if (!pcb || !pCount) return ERROR.INVALID_PARAMETER;
    if (pDev && cx.mem.u32(pDev) !== RASDEVINFO_SIZE) return ERROR_INVALID_SIZE;
    cx.mem.setU32(pcb, 0); // no TAPI line device: no RAS device
    cx.mem.setU32(pCount, 0);
    return 0;
  }),
  fn('RasGetConnectStatus(hex hrasconn, ptr lprasconnstatus): u32', () => ERROR.INVALID_HANDLE),
  fn('RasHangUp(hex hrasconn): u32', () => ERROR.INVALID_HANDLE),
  fn('RasHangup(hex hrasconn): u32', () => ERROR.INVALID_HANDLE),
];
