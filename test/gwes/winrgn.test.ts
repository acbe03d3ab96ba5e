/**
 * winrgn.exe: window regions (SetWindowRgn / GetWindowRgn). The ROM checks painting, the visible
 * regions, WindowFromPoint / ChildWindowFromPoint and bRedraw itself; here the screen and taps: Front
 * (blue, (150, 100) 200x200) keeps two squares of its rectangle, so in its holes the screen shows Back
 * (red, (50, 50) 300x200) or, below both, the desktop; a tap in a hole reaches the window below.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng } from '../../emulator/display/png.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'winrgn.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');

describe('winrgn.exe: window regions', () => {
  it('clip painting and hit testing; taps in a hole reach the window below', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const s = decodePng(emu.display.screenshot());
    const px = (x: number, y: number) => {
      const o = (y * s.width + x) * 4;
      return (s.data[o]! << 16) | (s.data[o + 1]! << 8) | s.data[o + 2]!;
    };
    const desktop = px(700, 400);
    expect(desktop).not.toBe(0xff0000);
    expect(desktop).not.toBe(0x0000ff);
    // Front's window (x, y) is on screen at (150 + x, 100 + y); inside when both are < 100 or both >= 100.
    let wrong = 0;
    for (let y = 0; y < 200; y += 2) {
      for (let x = 0; x < 200; x += 2) {
        const inside = x < 100 === y < 100;
        const sx = 150 + x;
        const sy = 100 + y;
        const below = sx < 350 && sy < 250 ? 0xff0000 : desktop;
        if (px(sx, sy) !== (inside ? 0x0000ff : below)) wrong++;
      }
    }
    expect(wrong).toBe(0);
    const hwnd = (t: string) => emu.display.windows().find((w) => w.text === t)!.hwnd;
    expect(emu.display.tap(160, 110)).toMatchObject({ hwnd: hwnd('Front'), area: 'client' });
    await emu.display.waitIdle();
    expect(emu.display.tap(160, 210)).toMatchObject({ hwnd: hwnd('Back'), area: 'client' }); // a hole: Back, which comes to the top
    await emu.display.waitIdle();
    expect(emu.display.tap(300, 280)).toMatchObject({ hwnd: hwnd('Front'), area: 'client' }); // Front's lower square, outside Back
    await emu.display.waitIdle();
    expect(emu.display.tap(200, 280)).toMatchObject({ hwnd: 0, area: 'desktop' }); // Front's hole below Back
    await emu.display.waitIdle();
    emu.display.key('ESCAPE');
    const r = await emu.exited;
    expect(r.stdout.split('\n').filter((l) => l.startsWith('FAIL'))).toEqual([]);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('ok ')).length).toBe(24);
    expect(r.stdout.slice(r.stdout.indexOf('loop\n')).trim().split('\n')).toEqual(['loop', 'down Front', 'down Back', 'down Front']);
    expect(r.exitCode).toBe(0);
  });
});
