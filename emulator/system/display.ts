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
import { drag, key, keyCode, tap, typeText, type TapResult } from '../gwes/input.js';

export type { WindowInfo, TapResult };

export interface DisplayHandle {
  /** Every GUI thread waiting, no queued message, nothing to paint. */
  idle(): boolean;
  /** The whole screen as PNG (RGB565 expanded by bit replication). */
  screenshot(): Buffer;
  /** The window tree, top-level windows first in z-order (topmost first). */
  windows(): WindowInfo[];
  /** Resolves once idle() holds (checked every few milliseconds); rejects after `timeoutMs` or when the run ends first. */
  waitIdle(timeoutMs?: number): Promise<void>;
  /** A tap at screen coordinates: WM_LBUTTONDOWN/UP in client coordinates of the window there (gwes/input.ts). */
  tap(x: number, y: number): TapResult;
  drag(x0: number, y0: number, x1: number, y1: number, steps?: number): TapResult;
  /** A key by name (`ESCAPE`, `RETURN`, `A`...) or virtual-key code: WM_KEYDOWN + WM_KEYUP to the focus window. */
  key(k: string | number): number;
  /** WM_CHAR for each character, to the focus window. */
  type(text: string): number;
  /** Screen size from the device profile. */
  readonly width: number;
  readonly height: number;
}

export function displayHandle(m: Machine): DisplayHandle {
  const g = gwesOf(m);
  // Idle: every thread of the process parked (none runnable) and the window manager quiet.
  const idle = () => !m.finished && [...m.scheduler.threads].every((t) => t.state === 'blocked' || t.state === 'exited') && g.idle();
  return {
    idle,
    screenshot: () => g.display.screenshot(),
    windows: () => windowTree(g),
    waitIdle: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const until = Date.now() + timeoutMs;
        const poll = () => {
          if (idle()) return resolve();
          if (m.finished) return reject(new Error('the run ended before the display became idle'));
          if (Date.now() > until) return reject(new Error(`display not idle after ${timeoutMs} ms`));
          setTimeout(poll, 5);
        };
        poll();
      }),
    tap: (x, y) => tap(g, x, y),
    drag: (x0, y0, x1, y1, steps) => drag(g, x0, y0, x1, y1, steps),
    key: (k) => {
      const vk = typeof k === 'number' ? k : keyCode(k);
      if (vk === undefined) throw new Error(`unknown key name '${k}'`);
      return key(g, vk);
    },
    type: (text) => typeText(g, text),
    width: g.screen.width,
    height: g.screen.height,
  };
}
