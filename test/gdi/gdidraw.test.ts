/**
 * gdidraw.exe (issue 13 item 3): StretchBlt (stretch, shrink, mirror; COLORONCOLOR and BLACKONWHITE),
 * TransparentImage and DrawTextW layouts (and GetObjectW on bitmaps: the DIBSECTION, buffer sizes), each checked in the ROM with GetPixel against expectations it
 * computes from the definitions (the source pattern, text extents, ExtTextOutW at the computed place).
 * Here the same areas are checked once more in the screenshot: the 24x24 stretch is the 1:1 copy of the
 * source (client (0, 0)) with every pixel a 3x3 block, the mirror is the copy reversed, and the centred
 * text is the reference text the ROM drew 300 pixels to the right.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'gdidraw.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');
const haveFonts = findFace('Tahoma', 400) !== undefined;

describe.skipIf(!haveFonts)('gdidraw.exe: StretchBlt, TransparentImage, DrawTextW', () => {
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
    let stretched = 0;
    let mirrored = 0;
    const colours = new Set<number>();
    for (let y = 0; y < 24; y++) for (let x = 0; x < 24; x++) if (px(20 + x, y) !== px(Math.floor(x / 3), Math.floor(y / 3))) stretched++;
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        if (px(60 + x, y) !== px(7 - x, y)) mirrored++;
        colours.add(px(x, y));
      }
    }
    expect(colours.size).toBe(4); // the source has its four colours (the comparisons can fail)
    expect(stretched).toBe(0);
    expect(mirrored).toBe(0);
    // DT_CENTER | DT_VCENTER | DT_SINGLELINE at (0, 80) 200x40 = the ExtTextOutW reference at (300, 80).
    let ink = 0;
    let differing = 0;
    for (let y = 80; y < 120; y++) {
      for (let x = 0; x < 200; x++) {
        if (px(x, y) === 0) ink++;
        if (px(x, y) !== px(300 + x, y)) differing++;
      }
    }
    expect(ink).toBeGreaterThan(20);
    expect(differing).toBe(0);
  });
});

describe.skipIf(haveFonts)('gdidraw.exe (skipped)', () => {
  it.skip('needs fonts-wine (setup installs it)', () => {});
});
