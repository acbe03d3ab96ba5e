/**
 * coredll RAS phone-book entries (CE docs: RasGetEntryProperties, RasSetEntryProperties,
 * RasDeleteEntry, RasValidateEntryName; CE keeps no .pbk files: each entry is the key
 * HKEY_CURRENT_USER\Comm\RasBook\<name> with the RASENTRY in its binary "Entry" value and the
 * device configuration in "DevCfg"). The RAS functions return the error code (0 = success).
 *
 *  - RASENTRY is 3,472 bytes on CE (its dwSize; the size the corpus's DMAcnect.exe passes).
 *  - RasGetEntryProperties(pbk, name, entry, &size, devinfo, &devsize): an empty or NULL name gives
 *    the default entry (a zeroed RASENTRY with dwSize set, the device configuration empty); an
 *    unknown name ERROR_CANNOT_FIND_PHONEBOOK_ENTRY (623); *lpdwEntryInfoSize smaller than the
 *    entry (or lpRasEntry NULL) ERROR_BUFFER_TOO_SMALL (603) with the size stored; an entry whose
 *    dwSize is not 3,472 ERROR_INVALID_SIZE (632); lpdwEntryInfoSize NULL ERROR_INVALID_PARAMETER.
 *  - RasSetEntryProperties(pbk, name, entry, size, devinfo, devsize): the name must be valid
 *    (RasValidateEntryName: not empty, at most RAS_MaxEntryName 20 characters, none of \ / : * ? " < > |,
 *    not starting with '.'; else ERROR_INVALID_NAME 123); dwSize / dwEntryInfoSize as above; the entry
 *    is created or replaced.
 *  - RasDeleteEntry(pbk, name): 623 when there is none.
 *  - RasValidateEntryName(pbk, name): ERROR_INVALID_NAME, ERROR_ALREADY_EXISTS (183) for an existing
 *    entry, else 0.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { REG, type RegKey } from '../../core/registry/registry.js';
import { ERROR } from '../../core/win32-errors.js';
import { registryOf } from './registry.js';

const RASENTRY_SIZE = 3472;
const RAS_MAX_ENTRY_NAME = 20;
export const ERROR_BUFFER_TOO_SMALL = 603;
export const ERROR_CANNOT_FIND_PHONEBOOK_ENTRY = 623;
export const ERROR_INVALID_SIZE = 632;
export const ERROR_INVALID_NAME = 123;
export const BOOK = 'HKEY_CURRENT_USER\\Comm\\RasBook';

export function validName(name: string): boolean {
  return name.length > 0 && name.length <= RAS_MAX_ENTRY_NAME && !/[\\/:*?"<>|]/.test(name) && !name.startsWith('.');
}
export function entryKey(cx: ApiContext, name: string, create: boolean): RegKey | undefined {
  return registryOf(cx.machine).byFullPath(`${BOOK}\\${name}`, create);
}
export const nameOf = (cx: ApiContext, p: number) => (p ? cx.mem.wstr(p, 260) : '');

export const ras: ApiDef[] = [
  fn(
    'RasGetEntryProperties(ptr lpszPhonebook, ptr lpszEntry, ptr lpRasEntry, ptr lpdwEntryInfoSize, ptr lpbDeviceInfo, ptr lpdwDeviceInfoSize): u32',
    (cx, _pbk: number, pName: number, pEntry: number, pSize: number, pDev: number, pDevSize: number) => {
      if (!pSize) return ERROR.INVALID_PARAMETER;
      const name = nameOf(cx, pName);
      let entry: Buffer;
      let dev: Buffer = Buffer.alloc(0);
      if (!name) {
        entry = Buffer.alloc(RASENTRY_SIZE);
        entry.writeUInt32LE(RASENTRY_SIZE, 0);
      } else {
        const key = entryKey(cx, name, false);
        const v = key?.value('Entry');
        if (!key || !v) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
        entry = v.data;
        dev = key.value('DevCfg')?.data ?? dev;
      }
      const room = cx.mem.u32(pSize);
      cx.mem.setU32(pSize, entry.length);
      if (pDevSize) {
        const devRoom = cx.mem.u32(pDevSize);
        cx.mem.setU32(pDevSize, dev.length);
        if (pDev && dev.length > devRoom) return ERROR_BUFFER_TOO_SMALL;
        if (pDev && dev.length) cx.mem.write(pDev, dev);
      }
      if (!pEntry || room < entry.length) return ERROR_BUFFER_TOO_SMALL;
      if (cx.mem.u32(pEntry) !== RASENTRY_SIZE) return ERROR_INVALID_SIZE;
      cx.mem.write(pEntry, entry);
      return 0;
    },
  ),
  fn(
    'RasSetEntryProperties(ptr lpszPhonebook, ptr lpszEntry, ptr lpRasEntry, u32 dwEntryInfoSize, ptr lpbDeviceInfo, u32 dwDeviceInfoSize): u32',
    (cx, _pbk: number, pName: number, pEntry: number, size: number, pDev: number, devSize: number) => {
      const name = nameOf(cx, pName);
      if (!validName(name)) return ERROR_INVALID_NAME;
      if (!pEntry) return ERROR.INVALID_PARAMETER;
      if (size < RASENTRY_SIZE || cx.mem.u32(pEntry) !== RASENTRY_SIZE) return ERROR_INVALID_SIZE;
      const entry = Buffer.from(cx.mem.bytes(pEntry, RASENTRY_SIZE));
      const dev = pDev && devSize ? Buffer.from(cx.mem.bytes(pDev, devSize)) : undefined;
      const isNew = !entryKey(cx, name, false);
      // A new entry is host memory the guest adds: charged to the run's budget (as registry keys are).
      if (isNew && !cx.machine.budget.charge(RASENTRY_SIZE + (dev?.length ?? 0) + 512)) return ERROR.NOT_ENOUGH_MEMORY;
      const key = entryKey(cx, name, true)!;
      key.setValue('Entry', REG.BINARY, entry);
      if (dev) key.setValue('DevCfg', REG.BINARY, dev);
      return 0;
    },
  ),
  fn('RasDeleteEntry(ptr lpszPhonebook, ptr lpszEntry): u32', (cx, _pbk: number, pName: number) => {
    const key = entryKey(cx, nameOf(cx, pName), false);
    if (!nameOf(cx, pName) || !key) return ERROR_CANNOT_FIND_PHONEBOOK_ENTRY;
    registryOf(cx.machine).deleteKey(key);
    return 0;
  }),
  fn('RasValidateEntryName(ptr lpszPhonebook, ptr lpszEntry): u32', (cx, _pbk: number, pName: number) => {
    const name = nameOf(cx, pName);
    if (!validName(name)) return ERROR_INVALID_NAME;
    return entryKey(cx, name, false) ? ERROR.ALREADY_EXISTS : 0;
  }),
];
