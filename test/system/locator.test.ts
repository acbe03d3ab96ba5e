/**
 * emu.display's locators (issue 13; system/locator.ts) against cards.exe: a main window "Cards" with a
 * child panel dialog holding two buttons and a static (ids 1001, 1003, 1008), and a modal "Options"
 * dialog. Strict mode (none / several matches name the locator), nested child(), text(), rect(),
 * exists(), count(), waitFor's states and its bound on the run's clock: under --deterministic a wait for
 * something that cannot come fails at once in host time, at the same virtual instant every run.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { Locator, LocatorError, type DisplayHandle, type WindowInfo } from '../../emulator/system/display.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'cards.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');

describe('display locators', () => {
  it('strict reads, nested children, waitFor states, errors that name the locator', async () => {
    const emu = await start(rom, { profile, deterministic: true, args: ['loop'], timeoutMs: 60_000 });
    try {
      const d = emu.display;
      const main = d.window({ title: 'Cards' });
      await main.waitFor({ timeout: 30_000 });
      const tree = d.windows();
      const node = tree.find((w) => w.text === 'Cards')!;
      expect(main.rect()).toEqual(node.rect);
      expect(main.info().hwnd).toBe(node.hwnd);
      // Nested: the panel is a child of the main window, the buttons its children; child() looks at any depth.
      const buttons = main.child({ className: 'BUTTON' });
      expect(buttons.count()).toBe(2);
      expect(main.child({ className: 'Dialog' }).child({ className: 'Button' }).count()).toBe(2);
      expect(main.child({ text: /^&Opt/ }).info().id).toBe(1003);
      expect(() => buttons.text()).toThrow(LocatorError);
      expect(() => buttons.text()).toThrow(
        /^window\(\{ title: "Cards" \}\)\.child\(\{ className: "BUTTON" \}\) matches 2 windows \(it must match one\): BUTTON "&Deal" #1001 at /,
      );
      const none = main.child({ id: 4242 });
      expect(none.exists()).toBe(false);
      expect(() => none.rect()).toThrow('window({ title: "Cards" }).child({ id: 4242 }) matches no window');
      expect(() => d.window({ titel: 'x' } as never)).toThrow("display.window(): bad key or value 'titel': x");
      expect(() => main.child({ title: 'x' } as never)).toThrow("'title' is for display.window(); use 'text'");

      // A wait for something that never comes: the bound is a timer of the virtual clock, which jumps
      // to it at once since every thread waits for input.
      const t0 = emu.machine.clock.elapsedMs();
      const host0 = Date.now();
      await expect(d.window({ title: 'Nope' }).waitFor({ timeout: 5000 })).rejects.toThrow(
        'timed out after 5000 ms waiting for window({ title: "Nope" }) to be visible (it matches no window)',
      );
      expect(emu.machine.clock.elapsedMs() - t0).toBeGreaterThanOrEqual(5000);
      expect(Date.now() - host0).toBeLessThan(5000);
      // Several matches is an error at once, not a time-out.
      await expect(buttons.waitFor()).rejects.toThrow(/matches 2 windows/);
      await expect(buttons.waitFor({ state: 'bogus' as never })).rejects.toThrow("unknown state 'bogus'");
      await expect(buttons.waitFor({ state: 'attached', timeout: 100 })).rejects.toThrow(/matches 2 windows/);
      expect(await d.window({ title: 'Options' }).waitFor({ state: 'detached' })).toBeUndefined();

      // tap() waits for the window, then taps its centre: the modal Options dialog opens; ESC closes it.
      const options = d.window({ title: 'Options' });
      await main.child({ id: 1003 }).tap();
      const dlg = (await options.waitFor())!;
      expect([dlg.className, dlg.visible, options.child({ id: 1 }).text()]).toEqual(['Dialog', true, 'OK']);
      expect(options.visible()).toBe(true);
      // The modal dialog disables its owner: tapping it is an error, not a lost tap.
      await expect(main.tap()).rejects.toThrow(/^window\(\{ title: "Cards" \}\) is disabled: Cards "Cards" at 0,0 800x480$/);
      d.key('ESCAPE');
      await options.waitFor({ state: 'hidden' });
      expect(options.exists()).toBe(false);
    } finally {
      await emu.kill();
    }
  });

  it('a wait pending when the run ends rejects with the reason (real time: the bound is a host timer)', async () => {
    const emu = await start(rom, { profile, args: ['loop'], timeoutMs: 60_000 });
    await emu.display.window({ title: 'Cards' }).waitFor({ timeout: 30_000 });
    const w = emu.display.window({ title: 'Nope' }).waitFor({ timeout: 1_000_000 });
    setImmediate(() => void emu.kill());
    await expect(w).rejects.toThrow('the run ended before window({ title: "Nope" }) to be visible (it matches no window)');
  });

  it('tap() refuses a window whose centre another window covers (a tree of its own, no emulator)', async () => {
    const node = (hwnd: number, text: string, x: number, y: number, w: number, h: number, children: WindowInfo[] = []): WindowInfo => ({
      hwnd,
      className: 'Dialog',
      text,
      id: 0,
      rect: { x, y, width: w, height: h },
      clientRect: { x, y, width: w, height: h },
      style: 0,
      exStyle: 0,
      visible: true,
      enabled: true,
      focused: false,
      active: false,
      children,
    });
    // "Top" (topmost) covers the centre (50, 50) of "Under"; "Free" is not covered; "Under"'s child at its centre is its own.
    const tree = [node(1, 'Top', 40, 40, 20, 20), node(2, 'Under', 0, 0, 100, 100, [node(3, 'Kid', 45, 45, 10, 10)]), node(4, 'Free', 200, 0, 10, 10)];
    const taps: number[][] = [];
    const display = {
      windows: () => tree,
      waitUntil: <T>(probe: () => T | undefined) => Promise.resolve(probe()!),
      tap: (x: number, y: number) => (taps.push([x, y]), { hwnd: 0, area: 'client' as const }),
    } as unknown as DisplayHandle;
    const win = (title: string) => Locator.root(display, { title });
    await expect(win('Under').tap()).rejects.toThrow(
      'window({ title: "Under" }) is covered at 50,50 by Dialog "Top" at 40,40 20x20: Dialog "Under" at 0,0 100x100',
    );
    await win('Free').tap();
    tree.shift();
    await win('Under').tap(); // now its child "Kid" is under the pen: still this window
    expect(taps).toEqual([
      [205, 5],
      [50, 50],
    ]);
  });
});
