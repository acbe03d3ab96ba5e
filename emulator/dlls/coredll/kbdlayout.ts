/**
 * coredll GetKeyboardLayoutNameW as an en-US device has it: one layout, US English, KLID "00000409"
 * (GetKeyboardLayout's HKL 0x04090409 is in ksystem.ts; CE 5/6 GetKeyboardLayoutName page): the KLID is
 * written with its terminator (KL_NAMELENGTH = 9 characters).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

const KLID_EN_US = '00000409';

export const kbdlayout: ApiDef[] = [
  fn('GetKeyboardLayoutNameW(ptr pwszKLID): bool', (cx, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(p, 2 * (KLID_EN_US.length + 1), 'write');
    cx.mem.writeWstr(p, KLID_EN_US);
    return 1;
  }),
];
