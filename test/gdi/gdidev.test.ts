/**
 * gdidev.exe (issue 14): the GDI calls the corpus's pword.exe, msmsgs.exe and nmd_ui.exe stopped on —
 * CreateDCW (display DC, printer without a driver), DeleteDC/ReleaseDC ownership, GetDeviceCaps of the
 * display, EnumFontFamiliesW/EnumFontsW/GetTextFaceW over the installed faces, StretchDIBits for every
 * bpp, both row orders, DIB_RGB/PAL_COLORS, stretching, mirroring and six ROPs, SetDIBitsToDevice in bands, read back exactly from a
 * 32 bpp DIB section, palettes (Create/Select/Realize, entries, nearest index and colour), DIB colour tables,
 * EqualRgn, DrawIconEx of the ROM's own icon, the one monitor — each checked in the ROM against values it computes from the definitions; and pword's
 * GetKeyboardLayout and SHGetFileInfo. Here the screenshot is checked too: the ROM's 4x4 24 bpp
 * picture (colour (x, y) = rgb(60x + 15, 60y + 30, 16x + 50y + 5)) drawn 4x larger at (100, 100) through
 * a CreateDCW display DC shows each source pixel as a 4x4 block, in the display's RGB565.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { start } from '../../emulator/system/session.js';
import { decodePng } from '../../emulator/display/png.js';
import { findFace } from '../../emulator/gdi/fonts/faces.js';

const rom = join(__dirname, '..', '..', 'roms', 'bin', 'gdidev.exe');
const haveFonts = findFace('Tahoma', 400) !== undefined && findFace('Arial', 400) !== undefined;

/** A 0..255 channel as an RGB565 screen shows it (the top bits, replicated). */
const q = (v: number, bits: number) => ((v >> (8 - bits)) << (8 - bits)) | ((v >> (8 - bits)) >> (2 * bits - 8));

describe.skipIf(!haveFonts)('gdidev.exe: CreateDCW, font enumeration, StretchDIBits', () => {
  it('passes its own checks; the stretched picture is on the screen', async () => {
    const emu = await start(rom, { timeoutMs: 60_000 });
    const r = await emu.exited;
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    expect(lines.filter((l) => /(^|: )ok /.test(l)).length).toBe(76);
    expect(r.stdout).toContain('families 4: Tahoma Arial Courier New Times New Roman');
    expect(r.exitCode).toBe(0);

    const shot = decodePng(emu.display.screenshot());
    let differing = 0;
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const sx = x >> 2;
        const sy = y >> 2;
        const want = [q(60 * sx + 15, 5), q(60 * sy + 30, 6), q((16 * sx + 50 * sy + 5) & 0xff, 5)];
        const o = ((100 + y) * shot.width + 100 + x) * 4;
        if (shot.data[o] !== want[0] || shot.data[o + 1] !== want[1] || shot.data[o + 2] !== want[2]) differing++;
      }
    }
    expect(differing).toBe(0);
  });
});

describe.skipIf(haveFonts)('gdidev.exe (skipped)', () => {
  it.skip('needs fonts-wine and fonts-liberation2 (setup installs them)', () => {});
});
