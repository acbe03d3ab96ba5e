/**
 * `wmemu/testing`: helpers for GUI tests of CE programs.
 *
 *   import { expect } from 'vitest';
 *   import { start } from 'wmemu';
 *   import { toMatchPng, type PngMatchers } from 'wmemu/testing';
 *   expect.extend({ toMatchPng });
 *   declare module 'vitest' {
 *     interface Matchers<T = any> extends PngMatchers<T> {}
 *   }
 *
 *   const emu = await start('app.exe', { deterministic: true });
 *   await emu.display.window({ title: 'App' }).waitFor();
 *   expect(emu.display.screenshot()).toMatchPng('test/golden/app.png');
 *
 * The matcher (system/png-match.ts): 0 differing pixels by default, options { maxDiffPixels,
 * maxDiffRatio, region }; on failure `<name>.actual.png` and `<name>.diff.png` next to the golden;
 * WMEMU_UPDATE_GOLDEN=1 or `vitest -u` writes the golden.
 */
import type { PngMatchOptions } from './system/png-match.js';

export { toMatchPng, matchPng, comparePng, crop, updateMode, type PngMatchOptions, type PngComparison, type PngMatchResult } from './system/png-match.js';
export { decodePng, encodePng, PngError, type RgbaImage } from './display/png.js';
export {
  Locator,
  LocatorError,
  type WindowQuery,
  type WaitForOptions,
  type LocatorState,
  type DisplayHandle,
  type WindowInfo,
  type TapResult,
} from './system/display.js';

/** The matcher's type, to merge into vitest's (or jest's) Matchers interface. */
export interface PngMatchers<R = unknown> {
  toMatchPng(golden: string, options?: PngMatchOptions): R;
}
