/**
 * Playwright-like locators over the run's window tree (`emu.display.window(...)`):
 *
 *   const main = emu.display.window({ title: 'Cards' });
 *   await main.waitFor();                                   // visible, at an idle point (default 10 s)
 *   await main.child({ className: 'BUTTON', text: 'Deal' }).tap();
 *   main.child({ id: 1008 }).text();                        // '1'
 *   await emu.display.window({ title: 'Options' }).waitFor({ state: 'hidden' });
 *
 * A locator is a query, not a window: it is resolved against the window tree each time it is used.
 * `window()` matches top-level windows (`title` is the caption text), `child()` every descendant of the
 * windows matched so far, at any depth. Strings match exactly (class names case-insensitively, as
 * Windows compares them), a RegExp matches by test(). Like Playwright's strict mode, an action or a
 * read (tap, text, rect, info) needs exactly one match: none or several is a LocatorError naming the
 * locator (and the windows it matched). `exists()` and `count()` do not need one.
 *
 * Waiting uses the display's idle points (system/display.ts): `waitFor` and `tap` see the tree when
 * every GUI thread waits for input, so under --deterministic they act at the same virtual instant in
 * every run; `timeout` (ms) bounds them on the run's clock.
 */
import type { TapResult } from '../gwes/input.js';
import type { WindowInfo } from '../gwes/wm.js';
import type { DisplayHandle } from './display.js';

/** What a window must have to match (every given field). */
export interface WindowQuery {
  /** Window class name (case-insensitive: 'BUTTON' matches 'Button'), or a RegExp. */
  className?: string | RegExp;
  /** Window text (caption of a top-level window, label of a control). */
  text?: string | RegExp;
  /** Control id (GetDlgCtrlID). */
  id?: number;
}

/** visible: matched and visible; attached: matched; hidden: not matched or not visible; detached: not matched. */
export type LocatorState = 'visible' | 'attached' | 'hidden' | 'detached';

export interface WaitForOptions {
  state?: LocatorState;
  /** Milliseconds on the run's clock (virtual under --deterministic). Default 10 000. */
  timeout?: number;
}

/** A locator matched no window, or several where one was needed, or a wait for it timed out. */
export class LocatorError extends Error {}

type Step = { kind: 'window' | 'child'; query: WindowQuery & { title?: string | RegExp } };

const show = (v: string | RegExp | number): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

function describeQuery(q: Step['query']): string {
  const parts = (['title', 'className', 'text', 'id'] as const).filter((k) => q[k] !== undefined).map((k) => `${k}: ${show(q[k]!)}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '';
}

function describeWindow(w: WindowInfo): string {
  const r = w.rect;
  return `${w.className} ${JSON.stringify(w.text)}${w.id ? ` #${w.id}` : ''} at ${r.x},${r.y} ${r.width}x${r.height}${w.visible ? '' : ' (hidden)'}`;
}

function checkQuery(q: unknown, where: string): void {
  if (typeof q !== 'object' || q === null || Array.isArray(q)) throw new LocatorError(`${where}: expected an object { className, text, id }, got ${String(q)}`);
  for (const [k, v] of Object.entries(q)) {
    const ok =
      k === 'id'
        ? typeof v === 'number' && Number.isInteger(v)
        : ['className', 'text', 'title'].includes(k) && (typeof v === 'string' || v instanceof RegExp || v === undefined);
    if (!ok) throw new LocatorError(`${where}: bad key or value '${k}': ${String(v)}`);
  }
}

function matches(w: WindowInfo, q: Step['query']): boolean {
  const str = (want: string | RegExp | undefined, have: string, fold: boolean) =>
    want === undefined || (typeof want === 'string' ? (fold ? want.toLowerCase() === have.toLowerCase() : want === have) : want.test(have));
  return str(q.title, w.text, false) && str(q.text, w.text, false) && str(q.className, w.className, true) && (q.id === undefined || (w.id | 0) === (q.id | 0));
}

function descendants(ws: WindowInfo[], out: WindowInfo[] = []): WindowInfo[] {
  for (const w of ws) {
    out.push(w);
    descendants(w.children, out);
  }
  return out;
}

const inside = (r: WindowInfo['rect'], x: number, y: number) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

/** The deepest visible window at a screen point, as the pen finds it (gwes/input.ts windowAt): topmost first, children inside the client area. */
function windowAt(ws: WindowInfo[], x: number, y: number): WindowInfo | undefined {
  for (const w of ws) {
    if (!w.visible || !inside(w.rect, x, y)) continue;
    return (inside(w.clientRect, x, y) && windowAt(w.children, x, y)) || w;
  }
  return undefined;
}

const contains = (w: WindowInfo, hwnd: number): boolean => w.hwnd === hwnd || w.children.some((c) => contains(c, hwnd));

export class Locator {
  private constructor(
    private readonly display: DisplayHandle,
    private readonly steps: Step[],
  ) {}

  /** @internal display.window() */
  static root(display: DisplayHandle, query: Step['query']): Locator {
    checkQuery(query, 'display.window()');
    return new Locator(display, [{ kind: 'window', query }]);
  }

  /** Descendants (any depth) of the windows this locator matches, filtered by `query`. */
  child(query: WindowQuery = {}): Locator {
    checkQuery(query, `${this}.child()`);
    if ('title' in query) throw new LocatorError(`${this}.child(): 'title' is for display.window(); use 'text'`);
    return new Locator(this.display, [...this.steps, { kind: 'child', query }]);
  }

  /** `window({ title: "Cards" }).child({ id: 1001 })`: how errors name this locator. */
  toString(): string {
    return this.steps.map((s) => `${s.kind}(${describeQuery(s.query)})`).join('.');
  }

  /** Every window the locator matches now (tree order: topmost first, parents before children). */
  all(): WindowInfo[] {
    let set: WindowInfo[] = [];
    for (const s of this.steps) {
      const pool = s.kind === 'window' ? this.display.windows() : set.flatMap((w) => descendants(w.children));
      set = [...new Set(pool.filter((w) => matches(w, s.query)))];
    }
    return set;
  }

  count(): number {
    return this.all().length;
  }

  /** True when at least one window matches (hidden ones too). */
  exists(): boolean {
    return this.all().length > 0;
  }

  /** The one matching window's node (className, text, id, rect, clientRect, style, visible, ...). Strict. */
  info(): WindowInfo {
    const all = this.all();
    if (all.length === 1) return all[0]!;
    if (!all.length) throw new LocatorError(`${this} matches no window`);
    throw new LocatorError(`${this} matches ${all.length} windows (it must match one): ${all.map(describeWindow).join('; ')}`);
  }

  /** The window's text (caption or control label). Strict. */
  text(): string {
    return this.info().text;
  }

  /** The window rectangle in screen coordinates. Strict. */
  rect(): { x: number; y: number; width: number; height: number } {
    return { ...this.info().rect };
  }

  visible(): boolean {
    const all = this.all();
    return all.length === 1 && all[0]!.visible;
  }

  /**
   * Resolves once the locator reaches `state` (default 'visible'; 'visible' and 'attached' also need a
   * single match) at an idle point of the display; rejects with a LocatorError after `timeout` ms or
   * when the run ends first. Resolves with the window for 'visible'/'attached'.
   */
  async waitFor(opts: WaitForOptions = {}): Promise<WindowInfo | undefined> {
    const state = opts.state ?? 'visible';
    if (!['visible', 'attached', 'hidden', 'detached'].includes(state)) throw new LocatorError(`${this}.waitFor(): unknown state '${state}'`);
    const probe = (): { w: WindowInfo | undefined } | undefined => {
      const all = this.all();
      switch (state) {
        case 'visible':
        case 'attached':
          if (all.length > 1) throw new LocatorError(`${this} matches ${all.length} windows (it must match one): ${all.map(describeWindow).join('; ')}`);
          return all.length === 1 && (state === 'attached' || all[0]!.visible) ? { w: all[0] } : undefined;
        case 'hidden':
          return all.every((w) => !w.visible) ? { w: undefined } : undefined;
        case 'detached':
          return all.length === 0 ? { w: undefined } : undefined;
      }
    };
    try {
      return (await this.display.waitUntil(probe, `${this} to be ${state}`, opts.timeout ?? 10_000)).w;
    } catch (e) {
      if (e instanceof LocatorError) throw e;
      const last = this.all();
      throw new LocatorError(`${(e as Error).message} (${last.length ? `now: ${last.map(describeWindow).join('; ')}` : 'it matches no window'})`);
    }
  }

  /**
   * Waits until the locator matches one visible window (at an idle point), then taps the centre of its
   * window rectangle: WM_LBUTTONDOWN/UP as emu.display.tap does. Strict; a disabled window, or one whose
   * centre another window covers, is an error.
   */
  async tap(opts: { timeout?: number } = {}): Promise<TapResult> {
    const { x, y } = await this.tapPoint(opts);
    return this.display.tap(x, y);
  }

  /** As tap(), with two taps in a row at the centre: WM_LBUTTONDBLCLK for a CS_DBLCLKS window (emu.display.doubleTap). */
  async doubleTap(opts: { timeout?: number } = {}): Promise<TapResult> {
    const { x, y } = await this.tapPoint(opts);
    return this.display.doubleTap(x, y);
  }

  /** The centre of the one visible, enabled, uncovered window the locator matches. */
  private async tapPoint(opts: { timeout?: number }): Promise<{ x: number; y: number }> {
    const w = (await this.waitFor({ state: 'visible', timeout: opts.timeout }))!;
    if (!w.enabled) throw new LocatorError(`${this} is disabled: ${describeWindow(w)}`);
    const x = w.rect.x + (w.rect.width >> 1);
    const y = w.rect.y + (w.rect.height >> 1);
    // As Playwright checks that the element receives the click: the pen must land on this window (or a child).
    const hit = windowAt(this.display.windows(), x, y);
    if (!hit || !contains(w, hit.hwnd))
      throw new LocatorError(`${this} is covered at ${x},${y} by ${hit ? describeWindow(hit) : 'nothing'}: ${describeWindow(w)}`);
    return { x, y };
  }
}
