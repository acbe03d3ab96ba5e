/**
 * coredll file system password functions (CE 5/6 docs "File System Password Functions", the Fspass
 * component): the device's one system password and its status, kept for the run (shared by its
 * processes, as the file system keeps it until a cold boot). A device starts with no password ("")
 * and the password inactive.
 *
 *  - CheckPassword(lpszPassword): TRUE when it is the current password (NULL reads as "").
 *  - SetPassword(lpszOldpassword, lpszNewPassword): the old one must match.
 *  - GetPasswordActive() / SetPasswordActive(bActive, lpszPassword) and GetPasswordStatus() /
 *    SetPasswordStatus(dwStatus, lpszPassword): PASSWORD_STATUS_ACTIVE (1) and
 *    PASSWORD_STATUS_SCREENSAVERPROTECT (2), which needs ACTIVE (else FALSE, ERROR_INVALID_PARAMETER;
 *    other bits: the same); changing either needs the current password.
 *  A password that does not match: FALSE, ERROR_INVALID_PASSWORD (86, the Win32 code for a wrong
 *  password; the CE pages only say FALSE).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';

const ERROR_INVALID_PASSWORD = 86;
const ACTIVE = 0x1;
const SCREENSAVER = 0x2;

interface PasswordState {
  password: string;
  status: number;
}
function state(cx: ApiContext): PasswordState {
  const rs = cx.machine.runState;
  let s = rs.get('system-password') as PasswordState | undefined;
  if (!s) rs.set('system-password', (s = { password: '', status: 0 }));
  return s;
}
const text = (cx: ApiContext, p: number) => (p ? cx.mem.wstr(p, 1024) : '');

function setStatus(cx: ApiContext, status: number, p: number): number {
  if (status & ~(ACTIVE | SCREENSAVER) || (status & SCREENSAVER && !(status & ACTIVE))) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const s = state(cx);
  if (text(cx, p) !== s.password) return cx.fail(0, ERROR_INVALID_PASSWORD);
  s.status = status;
  return 1;
}

export const password: ApiDef[] = [
  fn('CheckPassword(ptr lpszPassword): bool', (cx, p: number) => (text(cx, p) === state(cx).password ? 1 : 0)),
  fn('SetPassword(ptr lpszOldpassword, ptr lspzNewPassword): bool', (cx, oldP: number, newP: number) => {
    const s = state(cx);
    if (text(cx, oldP) !== s.password) return cx.fail(0, ERROR_INVALID_PASSWORD);
    s.password = text(cx, newP);
    return 1;
  }),
  fn('GetPasswordActive(): bool', (cx) => (state(cx).status & ACTIVE ? 1 : 0)),
  fn('SetPasswordActive(bool bActive, ptr lpszPassword): bool', (cx, on: number, p: number) => setStatus(cx, on ? state(cx).status | ACTIVE : 0, p)),
  fn('GetPasswordStatus(): hex', (cx) => state(cx).status),
  fn('SetPasswordStatus(hex dwStatus, ptr lpszPassword): bool', (cx, status: number, p: number) => setStatus(cx, status >>> 0, p)),
];
