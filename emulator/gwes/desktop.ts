/**
 * The shell's desktop window (RegisterDesktop). Reference: CE 6's gwes.dll, disassembled with
 * llvm-objdump (the GWE API set's entry 125, which coredll's RegisterDesktop thunk calls with its one
 * argument, the window): a valid window whose class is "DesktopExplorerWindow" is recorded as the
 * desktop together with its thread, and GWES's GetDesktopWindow (entry 113) answers that global from
 * then on. When the window is destroyed GWES clears the global (the destroy path compares the window
 * with each shell global and zeroes the match), so a dead desktop is no desktop.
 */
import type { Machine } from '../core/machine.js';
import { defineSlot } from '../core/slot.js';
import { gwesOf, type Window } from './wm.js';

/** The class name CE 6's GWES requires of a desktop window (a literal in gwes.dll beside RegisterDesktop). */
export const DESKTOP_CLASS = 'DesktopExplorerWindow';

const desktopSlot = defineSlot('gwes-desktop', (_m: Machine) => ({ window: undefined as Window | undefined }));

/** The registered desktop window, if it is still alive. */
export function registeredDesktop(m: Machine): Window | undefined {
  const s = desktopSlot.peek(m);
  const w = s?.window;
  if (!s || !w) return undefined;
  if (gwesOf(m).window(w.hwnd) !== w) s.window = undefined;
  return s.window;
}

export function setDesktop(m: Machine, w: Window): void {
  desktopSlot.of(m).window = w;
}
