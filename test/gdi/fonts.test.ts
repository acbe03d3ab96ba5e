/**
 * Tahoma's embedded 1-bit strikes (Debian fonts-wine) drawn by wmemu's font reader reproduce the text of
 * real CE 5 screens exactly: the ink of "Calculator" (bold caption), "Location:" and "Program memory:"
 * (Tahoma -12) is found, pixel for pixel, in the reference crops of ../shared/reference/gui; where the strikes
 * differ from CE (a regular '1', the bold space), text drawn with gdi/fonts/ce-glyphs.ts's corrections is found
 * there and the uncorrected strike is not.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFace } from '../../emulator/gdi/fonts/faces.js';
import { decodePng } from '../../emulator/display/png.js';
import { Surface, rgb } from '../../emulator/gdi/surface.js';
import { drawGlyph } from '../../emulator/gdi/draw.js';
import type { SfntFont } from '../../emulator/gdi/fonts/sfnt.js';
import { realize, SYSTEM_LOGFONT } from '../../emulator/gdi/text.js';

const GUI = join(__dirname, '..', '..', '..', 'shared', 'reference', 'gui');
const haveRefs = existsSync(GUI);
const haveFonts = findFace('Tahoma', 400) !== undefined;

/** Draws text with its pen starting at (x, baseline) on a white surface; returns the surface and the advance. */
function render(font: SfntFont, text: string, ppem: number): { s: Surface; advance: number } {
  const s = new Surface({ width: 200, height: 30, bpp: 16 });
  s.bits.fill(0xff);
  const st = { clip: [{ left: 0, top: 0, right: 200, bottom: 30 }], textColor: 0, bkColor: 0xffffff };
  let pen = 10;
  for (const ch of text) {
    const gid = font.glyphIndex(ch.codePointAt(0)!);
    const g = font.strike(ppem)!.glyph(gid);
    if (g) drawGlyph(s, st, g, pen, 20, rgb(0, 0, 0));
    pen += font.advance(gid, ppem);
  }
  return { s, advance: pen - 10 };
}

/** Ink pixels (black) of a rendered surface, relative to their bounding box. */
function ink(s: Surface): { w: number; h: number; set: Set<string> } {
  const pts: [number, number][] = [];
  for (let y = 0; y < s.height; y++) for (let x = 0; x < s.width; x++) if (s.get(x, y) === 0) pts.push([x, y]);
  const x0 = Math.min(...pts.map((p) => p[0]));
  const y0 = Math.min(...pts.map((p) => p[1]));
  return {
    w: Math.max(...pts.map((p) => p[0])) - x0 + 1,
    h: Math.max(...pts.map((p) => p[1])) - y0 + 1,
    set: new Set(pts.map(([x, y]) => `${x - x0},${y - y0}`)),
  };
}

/** Where in the crop a box of exactly this ink (one colour, every other pixel of the box another) appears. */
function find(png: string, want: { w: number; h: number; set: Set<string> }): [number, number] | undefined {
  const img = decodePng(readFileSync(join(GUI, png)));
  const px = (x: number, y: number) => {
    const d = (y * img.width + x) * 4;
    return img.data[d]! | (img.data[d + 1]! << 8) | (img.data[d + 2]! << 16);
  };
  const [fx, fy] = [...want.set][0]!.split(',').map(Number) as [number, number];
  for (let oy = 0; oy + want.h <= img.height; oy++) {
    for (let ox = 0; ox + want.w <= img.width; ox++) {
      const col = px(ox + fx, oy + fy);
      let ok = true;
      for (let y = 0; y < want.h && ok; y++) for (let x = 0; x < want.w && ok; x++) ok = (px(ox + x, oy + y) === col) === want.set.has(`${x},${y}`);
      if (ok) return [ox, oy];
    }
  }
  return undefined;
}

describe.skipIf(!haveRefs || !haveFonts)('Tahoma strikes against real CE 5 screens', () => {
  it.each([
    ['tahomabd (bold caption)', 700, 'Calculator', 'ce5-caption-calculator-480x24.png', [61, 10], 62, [3, 7]],
    ['tahoma', 400, 'Location:', 'ce5-dialog-properties-448x211.png', [48, 9], 50, [11, 93]],
    ['tahoma', 400, 'Program memory:', 'ce5-resinfo-propsheet-355x222.png', [95, 11], 97, [53, 69]],
  ] as const)('%s: "%s" is in %s pixel for pixel', (_n, weight, text, png, box, advance, at) => {
    const font = findFace('Tahoma', weight)!;
    const r = render(font, text, 12);
    const i = ink(r.s);
    expect([i.w, i.h]).toEqual(box);
    expect(r.advance).toBe(advance);
    expect(find(png, i)).toEqual(at);
  });

  it('a one-pixel change of the ink is not found (the search can fail)', () => {
    const font = findFace('Tahoma', 400)!;
    const i = ink(render(font, 'Location:', 12).s);
    i.set.delete([...i.set][5]!);
    expect(find('ce5-dialog-properties-448x211.png', i)).toBeUndefined();
  });
});

describe.skipIf(!haveRefs || !haveFonts)("CE's 12 px glyphs where Wine's strikes differ (gdi/fonts/ce-glyphs.ts)", () => {
  /** The text as wmemu's GDI draws it (RealFont: the strikes with CE's corrections). */
  function drawn(text: string, weight: number): Surface {
    const s = new Surface({ width: 200, height: 30, bpp: 16 });
    s.bits.fill(0xff);
    realize({ ...SYSTEM_LOGFONT, weight }).draw(
      s,
      { clip: [{ left: 0, top: 0, right: 200, bottom: 30 }], textColor: 0, bkColor: 0xffffff },
      text,
      10,
      20,
      rgb(0, 0, 0),
    );
    return s;
  }
  it.each([
    ['111 MB free', 400, 'ce5-resinfo-propsheet-355x222.png', [201, 103]],
    ['120 MB free', 400, 'ce5-resinfo-propsheet-355x222.png', [201, 162]],
    ['01/01/98', 400, 'ce5-dialog-properties-448x211.png', [72, 176]],
    ['WR-Tools ResInfo', 700, 'ce5-resinfo-propsheet-355x222.png', [46, 16]],
    ['Large Files...', 700, 'ce5-resinfo-propsheet-355x222.png', [175, 189]],
    ['Last modified date', 700, 'ce5-dialog-properties-448x211.png', [16, 131]],
  ] as const)('"%s" (weight %s) is in %s pixel for pixel; the uncorrected strike is not', (text, weight, png, at) => {
    expect(find(png, ink(drawn(text, weight)))).toEqual(at);
    expect(find(png, ink(render(findFace('Tahoma', weight)!, text, 12).s))).toBeUndefined();
  });
});

describe.skipIf(haveRefs && haveFonts)('Tahoma strikes (skipped)', () => {
  it.skip(`needs ${haveRefs ? 'fonts-wine (setup installs it)' : '../shared/reference/gui'}`, () => {});
});

describe.skipIf(!findFace('Arial', 400))('outline glyphs for sizes without a strike (Liberation Sans as Arial)', () => {
  const font = findFace('Arial', 400)!;
  const glyph = (ch: string, ppem: number) => font.bitmap(font.glyphIndex(ch.codePointAt(0)!), ppem)!;
  const on = (g: ReturnType<typeof glyph>, x: number, y: number) => (g.rows[y * ((g.width + 7) >> 3) + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;

  it('has no strikes, so glyphs come from the outline: advances are the scaled hmtx widths', () => {
    expect(font.strikeSizes()).toEqual([]);
    for (const ch of 'AHgl') {
      const gid = font.glyphIndex(ch.codePointAt(0)!);
      expect(glyph(ch, 20).advance).toBe(Math.round((font.advanceUnits(gid) * 20) / font.unitsPerEm));
    }
  });

  it("'l' is a solid vertical bar from the ascender to the baseline; 'H' has two stems and a bar", () => {
    const l = glyph('l', 20);
    expect(l.bearingY).toBe(l.height); // sits on the baseline
    const lrow = (y: number) => Array.from({ length: l.width }, (_, x) => (on(l, x, y) ? 1 : 0)).join('');
    const inked = Array.from({ length: l.height }, (_, y) => lrow(y)).filter((r) => r.includes('1'));
    expect(inked.length).toBeGreaterThanOrEqual(l.height - 1); // at most the partly covered top row is empty
    expect(inked[0]).toMatch(/^0*1+0*$/);
    for (const r of inked) expect(r).toBe(inked[0]);
    const h = glyph('H', 40);
    const row = (y: number) => Array.from({ length: h.width }, (_, x) => (on(h, x, y) ? 1 : 0)).join('');
    expect(row(2)).toMatch(/^0*1+0+1+0*$/); // two stems above the bar
    expect(row(h.height >> 1)).toMatch(/^0*1+0*$/); // the cross bar
  });

  it('the same glyph at the same size is identical every time (no antialiasing, no state)', () => {
    const a = glyph('g', 17);
    const b = findFace('Arial', 400)!.bitmap(font.glyphIndex(0x67), 17)!;
    expect(Buffer.from(a.rows).equals(Buffer.from(b.rows))).toBe(true);
  });
});
