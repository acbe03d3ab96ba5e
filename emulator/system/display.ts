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
import { drag, key, keyCode, keyEvent, pointerDown, pointerMove, pointerUp, tap, typeText, type TapResult } from '../gwes/input.js';
import { syncCaret } from '../gwes/caret.js';

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
  /** The pen's single transitions (tap = press + release): what the live view sends as the pointer moves. */
  press(x: number, y: number): TapResult;
  move(x: number, y: number): void;
  release(x: number, y: number): TapResult;
  /** One key transition (a name or a virtual-key code): WM_KEYDOWN or WM_KEYUP to the focus window. */
  keyDown(k: string | number): number;
  keyUp(k: string | number): number;
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
  const vkOf = (k: string | number) => {
    const vk = typeof k === 'number' ? k : keyCode(k);
    if (vk === undefined) throw new Error(`unknown key name '${k}'`);
    return vk;
  };
  const idle = () => !m.finished && [...m.scheduler.threads].every((t) => t.state === 'blocked' || t.state === 'exited') && g.idle();
  return {
    idle,
    screenshot: () => {
      syncCaret(g); // the caret's blink state at this (machine clock) instant
      return g.display.screenshot();
    },
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
    press: (x, y) => pointerDown(g, x, y),
    move: (x, y) => pointerMove(g, x, y),
    release: (x, y) => pointerUp(g, x, y),
    key: (k) => key(g, vkOf(k)),
    keyDown: (k) => keyEvent(g, vkOf(k), true),
    keyUp: (k) => keyEvent(g, vkOf(k), false),
    type: (text) => typeText(g, text),
    width: g.screen.width,
    height: g.screen.height,
  };
}
