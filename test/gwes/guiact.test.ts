/**
 * Activation by a tap (issue 13 item 2): guiact.exe opens "Back" and then "Front" (active, on top,
 * overlapping Back) and prints the messages it gets. A tap on the inactive window: WM_ACTIVATE
 * (WA_INACTIVE) to the active one, WM_ACTIVATE(WA_CLICKACTIVE = 2) to the tapped one, the focus moves
 * (WM_KILLFOCUS, WM_SETFOCUS), then WM_LBUTTONDOWN/UP, which see the new active and focus window —
 * the order of the CE 5 reference (WM_ACTIVATE: "sent first to the window being deactivated";
 * WA_CLICKACTIVE: "activated by a mouse click"). The window comes to the top: the part Front covered
 * is repainted (red, Back's colour, at a point inside both windows). A tap on the active window: only
 * the button messages. A tap on an inactive window's caption activates it without any message of its
 * own (CE sends no non-client messages).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng } from '../../emulator/display/png.js';

const ROOT = join(__dirname, '..', '..');
const rom = join(ROOT, 'roms', 'bin', 'guiact.exe');
const profile = join(ROOT, 'profiles', 'ce5-800x480.json');

describe('guiact.exe: a tap activates an inactive window', () => {
  it('WM_ACTIVATE order, focus, z-order and the exposed part repainted', async () => {
    const emu = await start(rom, { profile, timeoutMs: 60_000 });
    await emu.display.waitIdle();
    const pixel = (x: number, y: number) => {
      const s = decodePng(emu.display.screenshot());
      return Array.from(s.data.subarray((y * s.width + x) * 4, (y * s.width + x) * 4 + 3));
    };
    const titles = () => emu.display.windows().map((w) => `${w.text}${w.active ? '*' : ''}`);
    expect(titles()).toEqual(['Front*', 'Back']);
    // (300, 150) is inside both windows: Front (blue) covers Back.
    expect(pixel(300, 150)).toEqual([0, 0, 255]);
    const back = emu.display.windows()[1]!.clientRect;

    expect(emu.display.tap(100, 150)).toMatchObject({ area: 'client' });
    await emu.display.waitIdle();
    expect(titles()).toEqual(['Back*', 'Front']);
    expect(pixel(300, 150)).toEqual([255, 0, 0]);
    emu.display.tap(120, 160); // Back is active now: no activation
    await emu.display.waitIdle();
    expect(emu.display.tap(400, 110)).toMatchObject({ area: 'caption' }); // Front's caption
    await emu.display.waitIdle();
    expect(titles()).toEqual(['Front*', 'Back']);
    expect(pixel(300, 150)).toEqual([0, 0, 255]);
    emu.display.key('ESCAPE');
    const r = await emu.exited;
    const at = (x: number, y: number) => `${x - back.x} ${y - back.y}`;
    expect(r.stdout.slice(r.stdout.indexOf('loop\n')).trim().split('\n')).toEqual([
      'loop',
      'Front activate 0 Back',
      'Back activate 2 Front',
      'Front killfocus Back',
      'Back setfocus Front',
      `Back down ${at(100, 150)} active=Back focus=Back`,
      `Back up ${at(100, 150)}`,
      'Back paint',
      `Back down ${at(120, 160)} active=Back focus=Back`,
      `Back up ${at(120, 160)}`,
      'Back activate 0 Front',
      'Front activate 2 Back',
      'Back killfocus Front',
      'Front setfocus Back',
      'Front paint',
      'quit active=Front',
    ]);
    expect(r.stdout).toContain('start active=Front focus=Front');
    expect(r.exitCode).toBe(0);
  });
});
