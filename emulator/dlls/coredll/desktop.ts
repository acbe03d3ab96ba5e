/**
 * The shell's registration with GWES: RegisterDesktop (ordinal 1507).
 *
 * Reference: CE 6's coredll.dll and gwes.dll from the corpus, disassembled with llvm-objdump. coredll's
 * RegisterDesktop passes ONE argument (r0, the window) to the GWE API set's entry 125 (explorer.exe
 * leaves a stale 3 in r1; it is not read). GWES then checks, in this order:
 *   1. the window is valid, else ERROR_INVALID_WINDOW_HANDLE, FALSE;
 *   2. its class is named "DesktopExplorerWindow", else ERROR_INVALID_PARAMETER, FALSE;
 * records it as the desktop (GetDesktopWindow answers it from then on; its destruction clears it) and
 * returns TRUE. A second registration replaces the first. The CE page speaks of notifications of window
 * creation, destruction and activation; RegisterDesktop's own code sends none (it only stores the two
 * globals), so none is sent here.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf } from '../../gwes/wm.js';
import { DESKTOP_CLASS, setDesktop } from '../../gwes/desktop.js';

export const desktop: ApiDef[] = [
  fn('RegisterDesktop(handle hwnd): bool', (cx, h: number) => {
    const w = gwesOf(cx.machine).window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (w.cls.name !== DESKTOP_CLASS) return cx.fail(0, ERROR.INVALID_PARAMETER);
    setDesktop(cx.machine, w);
    return 1;
  }),
];
