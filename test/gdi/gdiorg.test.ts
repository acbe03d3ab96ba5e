/**
 * gdiorg.exe: the viewport and window origins (SetViewportOrgEx & co., CE's MM_TEXT mapping device =
 * logical - window origin + viewport origin) through drawing, clipping and hit calls, each checked in
 * the ROM against a second DC with the default origins (and the printing calls, which fail on a display DC). Here the screenshot: the scene the ROM drew
 * through viewport (400, 50) and window origin (100, 50) is, pixel for pixel, the scene drawn at explicit
 * client coordinates (300, 150), and its red rectangle (logical (2, 2)-(30, 20)) sits where the mapping
 * puts it: client (302, 2)-(330, 20).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'gdiorg.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const haveFonts = findFace('Tahoma', 400) !== undefined;

describe.skipIf(!haveFonts)('gdiorg.exe: viewport and window origins', () => {
  it('passes its own GetPixel checks; the screenshot agrees', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    const r = await emu.exited;
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(26);
    expect(r.exitCode).toBe(0);

    const shot = decodePng(emu.display.screenshot());
    const c = emu.display.windows()[0]!.clientRect;
    const px = (x: number, y: number) => {
      const o = ((c.y + y) * shot.width + c.x + x) * 4;
      return (shot.data[o]! << 16) | (shot.data[o + 1]! << 8) | shot.data[o + 2]!;
    };
    let differing = 0;
    const colours = new Set<number>();
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 120; x++) {
        if (px(300 + x, y) !== px(300 + x, 150 + y)) differing++;
        colours.add(px(300 + x, y));
      }
    }
    expect(colours.size).toBeGreaterThanOrEqual(5); // white, red, green, blue, black: the comparison can fail
    expect(differing).toBe(0);
    let red = 0;
    for (let y = 0; y < 24; y++) for (let x = 298; x < 334; x++) if (px(x, y) === 0xff0000) red++;
    expect(red).toBe(28 * 18);
    expect(px(302, 2)).toBe(0xff0000);
    expect(px(301, 2)).not.toBe(0xff0000);
  });
});

describe.skipIf(haveFonts)('gdiorg.exe (skipped)', () => {
  it.skip('needs fonts-wine (setup installs it)', () => {});
});
