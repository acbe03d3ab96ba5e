/**
 * coredll user management (CE 6 docs, "User Management Functions"): SetCurrentUser, GetUserDirectory,
 * GetUserNameExW.
 *
 * A device starts with no user logged on unless its OEM names a default one; wmemu's runs do the
 * same (no user until a program calls SetCurrentUser). The logged-on user belongs to the run (the
 * file system process of a device keeps it for every process).
 *
 *  - SetCurrentUser(lpszUserName, lpbUserSecret, dwDataSize, bCreateIfNew): logs the user on. The
 *    user's profile is the folder \<ProfileDir>\<name>, ProfileDir from HKLM\init\BootVars (CE 6's
 *    common.reg: "Documents and Settings", also the default); a user exists when the folder does.
 *    A new user is created (the folder made) only with bCreateIfNew. The same user again (names are
 *    case-insensitive): FALSE, ERROR_USER_EXISTS, that user stays logged on. Otherwise, a failure logs
 *    the current user off (CE docs): a NULL or empty name, or one that is not a valid file name
 *    (\ / : * ? " < > |, or longer than MAX_PATH): ERROR_INVALID_PARAMETER; an unknown user without
 *    bCreateIfNew: ERROR_NO_SUCH_USER; a folder that cannot be made: ERROR_ACCESS_DENIED. The secret
 *    is handed to the security subsystem on a device (it keys the user's protected data); wmemu's
 *    DPAPI does not depend on the user, so it is not kept.
 *  - GetUserDirectory(lpszBuffer, lpdwSize): the full path of the logged-on user's profile; no user:
 *    FALSE, ERROR_PATH_NOT_FOUND (CE docs). *lpdwSize is in characters: a buffer too small (or NULL)
 *    for the path and its NUL: FALSE, ERROR_INSUFFICIENT_BUFFER, *lpdwSize = the size needed; success
 *    sets it to the path's length with the NUL.
 *  - GetUserNameExW(NameFormat, lpNameBuffer, nSize): CE 6's coredll (disassembled) answers only
 *    NameSamCompatible (2) and takes the name from the credential manager: the user of the default
 *    CRED_TYPE_DOMAIN_PASSWORD (0x10001) credential (credman.ts). Another format:
 *    FALSE, ERROR_INVALID_PARAMETER (0x80000001, a private format coredll hands to another
 *    component, stops the run naming it); no such credential: FALSE, ERROR_NOT_FOUND. *nSize counts
 *    characters with the NUL: a NULL buffer just receives the size (TRUE); a buffer too small: FALSE,
 *    ERROR_INSUFFICIENT_BUFFER, *nSize = the size needed.
 */
import { fn, UnimplementedFeature, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import { defaultCredentialUser } from './credman.js';
import { ensureFolder, regString } from './shell.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';

const ERROR_USER_EXISTS = 1316;
const ERROR_NO_SUCH_USER = 1317;
const NAME_SAM_COMPATIBLE = 2;
const CRED_TYPE_DOMAIN_PASSWORD = 0x10001;
const MAX_PATH = 260;

const userKey = 'current-user';
const currentUser = (cx: ApiContext) => cx.machine.runState.get(userKey) as string | undefined;

function profileDir(cx: ApiContext): string {
  const dir = regString(cx, 'HKEY_LOCAL_MACHINE\\init\\BootVars', 'ProfileDir') ?? 'Documents and Settings';
  return `\\${dir.replace(/^\\+|\\+$/g, '')}`;
}
const profileOf = (cx: ApiContext, user: string) => `${profileDir(cx)}\\${user}`;

/** Writes s and its NUL to buf when *pSize (characters) holds them; *pSize gets the size either way. */
function sized(cx: ApiContext, buf: number, pSize: number, s: string, nullOk: boolean): number {
  const need = s.length + 1;
  const have = cx.mem.u32(pSize);
  cx.mem.setU32(pSize, need);
  if (!buf) return nullOk ? 1 : cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  if (have < need) return cx.fail(0, ERROR.INSUFFICIENT_BUFFER);
  cx.mem.writeWstr(buf, s);
  return 1;
}

export const users: ApiDef[] = [
  fn(
    'SetCurrentUser(wstr lpszUserName, ptr lpbUserSecret, u32 dwDataSize, bool bCreateIfNew): bool',
    (cx, p: number, _s: number, _n: number, create: number) => {
      const name = p ? cx.mem.wstr(p, MAX_PATH + 1) : '';
      const was = currentUser(cx);
      if (was !== undefined && name.toUpperCase() === was.toUpperCase()) return cx.fail(0, ERROR_USER_EXISTS);
      cx.machine.runState.delete(userKey);
      if (!name || name.length > MAX_PATH || /[\\/:*?"<>|]/.test(name) || name === '.' || name === '..') return cx.fail(0, ERROR.INVALID_PARAMETER);
      const folder = profileOf(cx, name);
      const r = deviceFsOf(cx.machine).resolve(folder);
      const exists = r.ok && r.exists && r.stat!.isDirectory();
      if (!exists) {
        if (!create) return cx.fail(0, ERROR_NO_SUCH_USER);
        if (!ensureFolder(cx, folder)) return cx.fail(0, ERROR.ACCESS_DENIED);
      }
      // The folder's own spelling names the user (names are case-insensitive).
      const again = deviceFsOf(cx.machine).resolve(folder);
      cx.machine.runState.set(userKey, again.ok ? again.ce.slice(again.ce.lastIndexOf('\\') + 1) : name);
      return 1;
    },
  ),
  fn('GetUserDirectory(ptr lpszBuffer, ptr lpdwSize): bool', (cx, buf: number, pSize: number) => {
    const user = currentUser(cx);
    if (user === undefined) return cx.fail(0, ERROR.PATH_NOT_FOUND);
    return sized(cx, buf, pSize, profileOf(cx, user), false);
  }),
  fn('GetUserNameExW(i32 NameFormat, ptr lpNameBuffer, ptr nSize): bool', (cx, format: number, buf: number, pSize: number) => {
    if (format >>> 0 === 0x8000_0001) throw new UnimplementedFeature('name format 0x80000001 (a private format coredll passes to another component)');
    if (format !== NAME_SAM_COMPATIBLE) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const user = defaultCredentialUser(cx, CRED_TYPE_DOMAIN_PASSWORD);
    if (user === undefined) return cx.fail(0, ERROR.NOT_FOUND);
    return sized(cx, buf, pSize, user, true);
  }),
];
