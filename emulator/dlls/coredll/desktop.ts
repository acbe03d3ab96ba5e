/**
 * The shell's registrations with GWES and the tray: RegisterDesktop (ordinal 1507), RegisterTaskBar
 * (892) and Shell_NotifyIcon (481). State: gwes/desktop.ts (one per run's GWES).
 *
 * Reference: CE 6's coredll.dll, gwes.dll and explorer.exe from the corpus, disassembled with
 * llvm-objdump.
 *
 * RegisterDesktop(hwnd): coredll passes ONE argument (r0) to the GWE API set's entry 125 (explorer.exe
 * leaves a stale 3 in r1; it is not read). GWES checks, in this order:
 *   1. the window is valid, else ERROR_INVALID_WINDOW_HANDLE, FALSE;
 *   2. its class is named "DesktopExplorerWindow" (case-sensitive wcscmp), else ERROR_INVALID_PARAMETER, FALSE;
 * then records it as the desktop (GetDesktopWindow answers it from then on; its destruction clears it)
 * and returns TRUE. A second registration replaces the first. The CE page speaks of notifications of
 * window creation, destruction and activation; RegisterDesktop's own code sends none (it only stores
 * the window and its thread), so none is sent here.
 *
 * RegisterTaskBar(hwnd) (GWES window-manager entry 106): the low bit of the argument is a flag, the rest
 * the window. Invalid window: ERROR_INVALID_WINDOW_HANDLE, FALSE. Another live taskbar already
 * registered: ERROR_GEN_FAILURE, FALSE (the same window again is accepted). Otherwise records the
 * taskbar, looks the desktop up by its class (a top-level "DesktopExplorerWindow", FindWindow's case-insensitive
 * class match, or none) and
 * returns TRUE. Nothing is sent.
 *
 * Shell_NotifyIcon(dwMessage, pnid): coredll waits for the shell's API set (SH_SHELL, no time-out; not
 * there: FALSE) and calls its method 6 with (dwMessage, pnid, 152). explorer.exe registers that set
 * (CreateAPISet "SHEL", 74 methods; RegisterAPISet SH_SHELL) and its method 6 checks, in this order:
 *   1. pnid not NULL and pnid->cbSize == 152 (sizeof NOTIFYICONDATA on CE), else ERROR_INVALID_PARAMETER, FALSE;
 *   2. IsWindow(pnid->hWnd), else ERROR_INVALID_PARAMETER, FALSE;
 * then, when its taskbar exists (the object whose window it registered with RegisterTaskBar), sends
 * that window WM_COPYDATA (wParam 0, COPYDATASTRUCT { dwData = dwMessage, cbData = 152, lpData = pnid })
 * and returns what the taskbar's window procedure returns; no taskbar: FALSE, last error untouched.
 * wmemu stands in for the shell's API set (SH_SHELL is ready from boot, coredll/apisets.ts), so this is
 * that method, with the taskbar the window registered through RegisterTaskBar by any process of the run.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf, type Gwes, type Window } from '../../gwes/wm.js';
import { DESKTOP_CLASS, registeredTaskbar, setDesktop, setTaskbar } from '../../gwes/desktop.js';
import { sendMessageThen } from './windows.js';

const WS_CHILD = 0x4000_0000;
const WM_COPYDATA = 0x004a;
/** sizeof(NOTIFYICONDATA) on CE (cbSize, hWnd, uID, uFlags, uCallbackMessage, hIcon, szTip[64]). */
const NOTIFYICONDATA_SIZE = 152;

function findDesktop(g: Gwes): Window | undefined {
  for (const w of g.windows.values()) if (!w.destroyed && !(w.style & WS_CHILD) && w.cls.name.toLowerCase() === DESKTOP_CLASS.toLowerCase()) return w;
  return undefined;
}

export const desktop: ApiDef[] = [
  fn('RegisterDesktop(handle hwnd): bool', (cx, h: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window(h);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    if (w.cls.name !== DESKTOP_CLASS) return cx.fail(0, ERROR.INVALID_PARAMETER);
    setDesktop(g, w);
    return 1;
  }),
  fn('RegisterTaskBar(hex hwnd): bool', (cx, arg: number) => {
    const g = gwesOf(cx.machine);
    const w = g.window((arg & ~1) >>> 0);
    if (!w) return cx.fail(0, ERROR.INVALID_WINDOW_HANDLE);
    const old = registeredTaskbar(g);
    if (old && old !== w) return cx.fail(0, ERROR.GEN_FAILURE);
    setTaskbar(g, w, arg & 1);
    setDesktop(g, findDesktop(g));
    return 1;
  }),
  fn('Shell_NotifyIcon(u32 dwMessage, ptr pnid): bool', { blocking: true }, (cx, nim: number, pnid: number) => {
    const g = gwesOf(cx.machine);
    if (!pnid || !cx.mem.isUserRange(pnid, NOTIFYICONDATA_SIZE) || cx.mem.u32(pnid) !== NOTIFYICONDATA_SIZE) return cx.fail(0, ERROR.INVALID_PARAMETER);
    if (!g.window(cx.mem.u32(pnid + 4))) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const tray = registeredTaskbar(g);
    if (!tray) return 0;
    const cds = cx.machine.processHeap.alloc(12, false);
    if (!cds) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
    cx.mem.setU32(cds, nim);
    cx.mem.setU32(cds + 4, NOTIFYICONDATA_SIZE);
    cx.mem.setU32(cds + 8, pnid);
    return sendMessageThen(cx, tray.hwnd, WM_COPYDATA, 0, cds, undefined, (r) => {
      cx.machine.processHeap.freeBlock(cds);
      return r;
    });
  }),
];
