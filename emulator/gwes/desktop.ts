/**
 * The shell's windows as GWES knows them: the desktop (RegisterDesktop) and the taskbar
 * (RegisterTaskBar). One GWES per run, so the registrations belong to the run's GWES, seen by every
 * process of the run.
 *
 * Reference: CE 6's gwes.dll, disassembled with llvm-objdump (coredll's thunks index the GWE API set
 * tables; RegisterDesktop is entry 125 of the first, RegisterTaskBar entry 106 of the second):
 *  - RegisterDesktop stores the window and its thread; GetDesktopWindow (entry 113) answers that
 *    global. RegisterTaskBar stores the taskbar window, its thread and flag, then looks the desktop up
 *    by its class ("DesktopExplorerWindow") and stores what it finds (or nothing).
 *  - When a window is destroyed GWES compares it with each shell global and clears the match, so a
 *    dead desktop or taskbar is no desktop or taskbar (here: checked when read).
 */
import { type Gwes, type Window } from './wm.js';

/** The class name CE 6's GWES requires of a desktop window (a literal in gwes.dll beside RegisterDesktop). */
export const DESKTOP_CLASS = 'DesktopExplorerWindow';

/** One icon of the stand-in tray (Shell_NotifyIcon while no guest shell serves the tray). */
export interface TrayIcon {
  hwnd: number;
  id: number;
  callbackMessage: number;
  hIcon: number;
  tip: string;
}

interface ShellWindows {
  /** The stand-in tray's icons, keyed `hwnd:id`. */
  tray?: Map<string, TrayIcon>;
  desktop?: Window;
  taskbar?: Window;
  /** RegisterTaskBar's low bit (CE 6 keeps it beside the taskbar). */
  taskbarFlag: number;
}

const states = new WeakMap<Gwes, ShellWindows>();

function state(g: Gwes): ShellWindows {
  let s = states.get(g);
  if (!s) states.set(g, (s = { taskbarFlag: 0 }));
  return s;
}

const alive = (g: Gwes, w: Window | undefined): Window | undefined => (w && g.window(w.hwnd) === w ? w : undefined);

/** The registered desktop window, if it is still alive. */
export function registeredDesktop(g: Gwes): Window | undefined {
  return alive(g, states.get(g)?.desktop);
}

/** The registered taskbar window, if it is still alive. */
export function registeredTaskbar(g: Gwes): Window | undefined {
  return alive(g, states.get(g)?.taskbar);
}

export function setDesktop(g: Gwes, w: Window | undefined): void {
  state(g).desktop = w;
}

export function setTaskbar(g: Gwes, w: Window, flag: number): void {
  const s = state(g);
  s.taskbar = w;
  s.taskbarFlag = flag;
}

/** The stand-in tray's icons, those of windows that no longer exist dropped. */
export function standInTray(g: Gwes): Map<string, TrayIcon> {
  const s = state(g);
  const tray = (s.tray ??= new Map());
  for (const [k, icon] of tray) if (!g.window(icon.hwnd)) tray.delete(k);
  return tray;
}
