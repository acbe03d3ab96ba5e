/**
 * coredll keyboard layouts as an en-US device has them: one layout, US English (KLID "00000409"), whose
 * HKL is 0x04090409 (low word the language identifier 0x0409, high word the physical layout's, the same
 * identifier for a plain, non-IME layout; CE 5/6 GetKeyboardLayout / GetKeyboardLayoutName pages, Win32's
 * HKL definition). GetKeyboardLayout(dwLayout) answers it whatever the thread (CE: one layout per
 * device); GetKeyboardLayoutNameW writes its KLID (KL_NAMELENGTH = 9 characters with the terminator).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

export const HKL_EN_US = 0x04090409;
const KLID_EN_US = '00000409';

export const kbdlayout: ApiDef[] = [
  fn('GetKeyboardLayout(u32 dwLayout): hex', () => HKL_EN_US),
  fn('GetKeyboardLayoutNameW(ptr pwszKLID): bool', (cx, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 2 * (KLID_EN_US.length + 1), 'write');
    cx.mem.writeWstr(p, KLID_EN_US);
    return 1;
  }),
];
