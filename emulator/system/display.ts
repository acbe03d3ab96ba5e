/**
 * The display handle of a run (`emu.display` on start()'s Emulation, `--screenshot` and
 * `--dump-windows` of `wmemu run`): the screen and window tree of the run's window manager
 * (emulator/gwes), shared by every process of the run.
 *
 *   await emu.display.waitIdle();           // or await emu.exited
 *   writeFileSync('shot.png', emu.display.screenshot());
 *   emu.display.windows();                  // [{ className, text, rect, style, visible, ..., children }]
 *   await emu.display.window({ title: 'Cards' }).child({ text: 'Deal' }).tap();
 *
 * Waiting (waitIdle, locators' waitFor and tap) is driven by the schedulers' idle points (core/events.ts
 * RunIdle: no guest thread of a process of the run can run), not by polling: a condition is checked when the display is
 * idle, so under --deterministic it is always seen at the same instant of the virtual clock. Every wait
 * is bounded: `timeoutMs` counts on the run's clock. Under --deterministic that is the virtual clock: a
 * wait's time-out is a timer of the run like the guest's, so when nothing else is pending (every thread
 * waits for input that only the host can give) the clock jumps to it and the wait fails at once, at the
 * same virtual instant every time, instead of hanging.
 */
import type { Machine } from '../core/machine.js';
import { runIdleOf } from '../core/events.js';
import { gwesOf, windowTree, type WindowInfo } from '../gwes/wm.js';
import { doubleTap, drag, key, keyCode, keyEvent, pointerDown, pointerMove, pointerUp, tap, typeText, type TapResult } from '../gwes/input.js';
import { syncCaret } from '../gwes/caret.js';
import { Locator, type WindowQuery } from './locator.js';

export type { WindowInfo, TapResult, WindowQuery };
export { Locator, LocatorError, type WaitForOptions, type LocatorState } from './locator.js';

export interface DisplayHandle {
  /** Every GUI thread waiting, no queued message, nothing to paint. */
  idle(): boolean;
  /** The whole screen as PNG (RGB565 expanded by bit replication). */
  screenshot(): Buffer;
  /** The window tree, top-level windows first in z-order (topmost first). */
  windows(): WindowInfo[];
  /**
   * Resolves once idle() holds (at the scheduler's next idle point, or now); rejects after `timeoutMs`
   * (default 10 s, on the run's clock) or when the run ends first.
   */
  waitIdle(timeoutMs?: number): Promise<void>;
  /**
   * Resolves with probe()'s value once it returns something other than undefined at an idle point of
   * the display (checked now when idle, then at every idle point, last when the run ends); rejects
   * with `${what}` after `timeoutMs` or when the run ends first. The building block of locators.
   */
  waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
  /** A locator for top-level windows (Playwright-like, strict: system/locator.ts). `title` matches the caption text. */
  window(query?: WindowQuery & { title?: string | RegExp }): Locator;
  /** A tap at screen coordinates: WM_LBUTTONDOWN/UP in client coordinates of the window there (gwes/input.ts). */
  tap(x: number, y: number): TapResult;
  /** Two taps in a row at the same point: DOWN, UP, DBLCLK, UP for a window whose class has CS_DBLCLKS (gwes/input.ts). */
  doubleTap(x: number, y: number): TapResult;
  drag(x0: number, y0: number, x1: number, y1: number, steps?: number): TapResult;
  /**
   * Resolves at the first idle point `ms` milliseconds of machine time from now (virtual under
   * --deterministic): what holds the pen down between press and release (a scroll bar's auto-repeat).
   */
  waitForTimeout(ms: number): Promise<void>;
  /** The pen's single transitions (tap = press + release): what the live view sends as the pointer moves. */
  press(x: number, y: number): TapResult;
  move(x: number, y: number): void;
  release(x: number, y: number): TapResult;
  /** One key transition (a name or a virtual-key code): WM_KEYDOWN or WM_KEYUP to the focus window (WM_SYSKEYDOWN / WM_SYSKEYUP for ALT and keys pressed while ALT is down). */
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

/** The waiters of one machine: probed at idle points and once more when the run ends. */
interface Waiter {
  check(): void;
  ended(): void;
}
const waitersOf = new WeakMap<Machine, Set<Waiter>>();

function waiters(m: Machine): Set<Waiter> {
  let s = waitersOf.get(m);
  if (!s) {
    const set = (s = new Set<Waiter>());
    waitersOf.set(m, set);
    // Idle points of every process of the run: the GUI may be a child process's.
    runIdleOf(m.runState).on('idle', () => {
      for (const w of [...set]) w.check();
    });
    m.onRunEnd(async () => {
      for (const w of [...set]) w.ended();
      return undefined;
    });
  }
  return s;
}

export function displayHandle(m: Machine): DisplayHandle {
  const g = gwesOf(m);
  const vkOf = (k: string | number) => {
    const vk = typeof k === 'number' ? k : keyCode(k);
    if (vk === undefined) throw new Error(`unknown key name '${k}'`);
    return vk;
  };
  // Idle: every thread of the process parked (none runnable) and the window manager quiet.
  const idle = () => !m.finished && [...m.scheduler.threads].every((t) => t.state === 'blocked' || t.state === 'exited') && g.idle();

  const waitUntil = <T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> => {
    if (idle() || m.finished) {
      try {
        const v = probe();
        if (v !== undefined) return Promise.resolve(v);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (m.finished) return Promise.reject(new Error(`the run ended before ${what}`));
    const set = waiters(m);
    return new Promise<T>((resolve, reject) => {
      let cancel: (() => void) | undefined;
      const finish = () => {
        set.delete(waiter);
        cancel?.();
      };
      const timedOut = () => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      };
      const waiter: Waiter = {
        check: () => {
          if (!idle()) return;
          let v: T | undefined;
          try {
            v = probe();
          } catch (e) {
            // A probe's error (a locator matching several windows) ends the wait, never the scheduler.
            finish();
            reject(e);
            runIdleOf(m.runState).yieldAtIdle = true;
            return;
          }
          if (v !== undefined) {
            finish();
            resolve(v);
            // The caller's next step (a tap) happens at this idle point, before time moves on.
            runIdleOf(m.runState).yieldAtIdle = true;
          }
        },
        ended: () => {
          finish();
          try {
            const v = probe();
            if (v !== undefined) resolve(v);
            else reject(new Error(`the run ended before ${what}`));
          } catch (e) {
            reject(e);
          }
        },
      };
      set.add(waiter);
      cancel = m.clock.setTimer(timeoutMs, timedOut);
      if (m.clock.deterministic) m.scheduler.nudge();
    });
  };

  const d: DisplayHandle = {
    idle,
    screenshot: () => {
      syncCaret(g); // the caret's blink state at this (machine clock) instant
      return g.display.screenshot();
    },
    windows: () => windowTree(g),
    waitIdle: (timeoutMs = 10_000) => waitUntil(() => true as const, 'the display to become idle', timeoutMs).then(() => undefined),
    waitUntil,
    waitForTimeout: (ms) => {
      const due = m.clock.elapsedMs() + ms;
      // A timer at the instant itself: the clock gets there even when nothing else is due, then an idle point.
      const cancel = m.clock.setTimer(ms, () => m.scheduler.nudge());
      return waitUntil(() => (m.clock.elapsedMs() >= due ? true : undefined), `${ms} ms of machine time`, ms + 10_000).then(
        () => cancel(),
        (e: unknown) => {
          cancel();
          throw e;
        },
      );
    },
    window: (query = {}) => Locator.root(d, query),
    tap: (x, y) => tap(g, x, y),
    doubleTap: (x, y) => doubleTap(g, x, y),
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
  return d;
}
