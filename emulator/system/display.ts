/**
 * The display handle of a run (`emu.display` on start()'s Emulation, `--screenshot` and
 * `--dump-windows` of `wmemu run`): the screen and window tree of the run's window manager
 * (emulator/gwes), shared by every process of the run.
 *
 *   await emu.exited;                       // or while running, once emu.display.idle()
 *   writeFileSync('shot.png', emu.display.screenshot());
 *   emu.display.windows();                  // [{ className, text, rect, style, visible, ..., children }]
 */
import type { Machine } from '../core/machine.js';
import { gwesOf, windowTree, type WindowInfo } from '../gwes/wm.js';

export type { WindowInfo };

export interface DisplayHandle {
  /** Every GUI thread waiting, no queued message, nothing to paint. */
  idle(): boolean;
  /** The whole screen as PNG (RGB565 expanded by bit replication). */
  screenshot(): Buffer;
  /** The window tree, top-level windows first in z-order (topmost first). */
  windows(): WindowInfo[];
  /** Screen size from the device profile. */
  readonly width: number;
  readonly height: number;
}

export function displayHandle(m: Machine): DisplayHandle {
  const g = gwesOf(m);
  return {
    idle: () => g.idle(),
    screenshot: () => g.display.screenshot(),
    windows: () => windowTree(g),
    width: g.screen.width,
    height: g.screen.height,
  };
}
