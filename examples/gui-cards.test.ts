/**
 * Example: a GUI regression test. Find windows with locators, tap a button, compare the screen with a
 * golden PNG (0 differing pixels). Deterministic, so the pixels are the same on every run.
 *
 *   npx vitest run examples/gui-cards.test.ts
 *   WMEMU_UPDATE_GOLDEN=1 npx vitest run examples/gui-cards.test.ts    # (re)write the golden, then review it
 *
 * In your own project, import from 'wmemu' and 'wmemu/testing' instead of '../emulator/...'.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../emulator/index.js';
import { toMatchPng, type PngMatchers } from '../emulator/testing.js';

expect.extend({ toMatchPng });
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends PngMatchers<T> {}
}

const rom = join(__dirname, '..', 'roms', 'bin', 'cards.exe');
const profile = join(__dirname, '..', 'profiles', 'ce5-800x480.json');

describe('cards.exe', () => {
  it('deals when Deal is tapped: the deal count and the window match the golden', async () => {
    const emu = await start(rom, { profile, deterministic: true, args: ['loop'], timeoutMs: 60_000 });
    try {
      const main = emu.display.window({ title: 'Cards' });
      await main.waitFor();
      const panel = main.child({ className: 'Dialog' });
      await panel.child({ className: 'BUTTON', text: '&Deal' }).tap();
      await emu.display.waitIdle();
      expect(panel.child({ id: 1008 }).text()).toBe('1');
      expect(emu.display.screenshot()).toMatchPng(join(__dirname, 'golden', 'cards-dealt.png'), { region: main.rect() });
    } finally {
      await emu.kill();
    }
  });
});
