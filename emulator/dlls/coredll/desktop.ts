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
 *
 * The stand-in tray: a device's shell always has its taskbar (explorer.exe creates it before it serves
 * SH_SHELL; Windows Mobile's shell has its tray in the title bar), so a program run on its own, with
 * wmemu standing in for the shell, must find a tray that takes its icons: msmsgs.exe treats a FALSE
 * from NIM_ADD as a failed start-up, retries, and trips its own ASSERT (evntsink.cpp, an event sink
 * advised twice). So while no taskbar is registered AND no guest shell has taken SH_SHELL over, the
 * stand-in keeps the icons itself, with the desktop tray's documented rules (MSDN Shell_NotifyIcon):
 * icons keyed by (hWnd, uID); NIM_ADD of a new icon TRUE, of an existing one FALSE; NIM_MODIFY and
 * NIM_DELETE of an existing one TRUE (MODIFY updates the NIF_MESSAGE / NIF_ICON / NIF_TIP members),
 * of a missing one FALSE; another dwMessage FALSE; the last error untouched on FALSE (explorer's method
 * never sets it past its argument checks). Icons of destroyed windows are dropped. The stand-in never
 * calls back into the program (it has no user to tap an icon). A guest shell that registered SH_SHELL
 * without a taskbar answers FALSE as explorer's method does.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';
import { gwesOf, type Gwes, type Window } from '../../gwes/wm.js';
import { DESKTOP_CLASS, registeredTaskbar, setDesktop, setTaskbar, standInTray } from '../../gwes/desktop.js';
import type { ApiContext } from '../../core/api/context.js';
import { guestServer, shShell } from './apisets.js';
import { sendMessageThen } from './windows.js';

const WS_CHILD = 0x4000_0000;
const WM_COPYDATA = 0x004a;
/** sizeof(NOTIFYICONDATA) on CE (cbSize, hWnd, uID, uFlags, uCallbackMessage, hIcon, szTip[64]). */
const NOTIFYICONDATA_SIZE = 152;
const NIM_ADD = 0;
const NIM_MODIFY = 1;
const NIM_DELETE = 2;
const NIF_MESSAGE = 1;
const NIF_ICON = 2;
const NIF_TIP = 4;

/** The stand-in tray's NIM_ADD / NIM_MODIFY / NIM_DELETE (module comment). */
function standInNotify(cx: ApiContext, g: Gwes, nim: number, pnid: number): number {
  const tray = standInTray(g);
  const hwnd = cx.mem.u32(pnid + 4);
  const id = cx.mem.u32(pnid + 8);
  const key = `${hwnd}:${id}`;
  const have = tray.get(key);
  const apply = (icon: { callbackMessage: number; hIcon: number; tip: string }) => {
    const flags = cx.mem.u32(pnid + 12);
    if (flags & NIF_MESSAGE) icon.callbackMessage = cx.mem.u32(pnid + 16);
    if (flags & NIF_ICON) icon.hIcon = cx.mem.u32(pnid + 20);
    if (flags & NIF_TIP) icon.tip = cx.mem.wstr(pnid + 24, 64);
  };
  switch (nim) {
    case NIM_ADD: {
      if (have) return 0;
      const icon = { hwnd, id, callbackMessage: 0, hIcon: 0, tip: '' };
      apply(icon);
      tray.set(key, icon);
      return 1;
    }
    case NIM_MODIFY:
      if (!have) return 0;
      apply(have);
      return 1;
    case NIM_DELETE:
      return tray.delete(key) ? 1 : 0;
    default:
      return 0;
  }
}

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
    if (!tray) return guestServer(cx, shShell(cx)) ? 0 : standInNotify(cx, g, nim, pnid);
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
