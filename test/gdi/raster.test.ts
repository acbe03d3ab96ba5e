/**
 * wmemu's DIB engine: raster operations against their documented boolean formulas, pixel formats,
 * blits with GDI's monochrome rules, Bresenham lines, PNG round trips.
 */
import { describe, it, expect } from 'vitest';
import { rop3, rop2, ropUses, ROP, R2 } from '../../emulator/gdi/rop.js';
import { Surface, rgb, type Bpp } from '../../emulator/gdi/surface.js';
import { bitBlt, line, patBlt, stretchBlt } from '../../emulator/gdi/draw.js';
import { decodePng, encodePng } from '../../emulator/display/png.js';

/** Evaluates a ROP in GDI's reverse Polish notation (P, S, D; a = and, o = or, x = xor, n = not). */
function rpn(expr: string, p: number, s: number, d: number): number {
  const st: number[] = [];
  for (const c of expr) {
    if (c === 'P') st.push(p);
    else if (c === 'S') st.push(s);
    else if (c === 'D') st.push(d);
    else if (c === 'n') st.push(~st.pop()!);
    else {
      const b = st.pop()!;
      const a = st.pop()!;
      st.push(c === 'a' ? a & b : c === 'o' ? a | b : a ^ b);
    }
  }
  expect(st.length).toBe(1);
  return st[0]! >>> 0;
}

// Names from GDI's ternary raster operation table (codes 0x00-0x0F and the named constants).
const NAMED: [number, string][] = [
  [0x01, 'DPSoon'],
  [0x02, 'DPSona'],
  [0x03, 'PSon'],
  [0x04, 'SDPona'],
  [0x05, 'DPon'],
  [0x06, 'PDSxnon'],
  [0x07, 'PDSaon'],
  [0x08, 'SDPnaa'],
  [0x09, 'PDSxon'],
  [0x0a, 'DPna'],
  [0x0b, 'PSDnaon'],
  [0x0c, 'SPna'],
  [0x0d, 'PDSnaon'],
  [0x0e, 'PDSonon'],
  [0x0f, 'Pn'],
  [ROP.NOTSRCERASE >>> 16, 'DSon'],
  [ROP.NOTSRCCOPY >>> 16, 'Sn'],
  [ROP.SRCERASE >>> 16, 'SDna'],
  [ROP.DSTINVERT >>> 16, 'Dn'],
  [ROP.PATINVERT >>> 16, 'DPx'],
  [ROP.SRCINVERT >>> 16, 'DSx'],
  [ROP.SRCAND >>> 16, 'DSa'],
  [ROP.MERGEPAINT >>> 16, 'DSno'],
  [ROP.MERGECOPY >>> 16, 'PSa'],
  [ROP.SRCCOPY >>> 16, 'S'],
  [ROP.SRCPAINT >>> 16, 'DSo'],
  [ROP.PATCOPY >>> 16, 'P'],
  [ROP.PATPAINT >>> 16, 'DPSnoo'],
  [0xb8, 'PSDPxax'],
  [0xe2, 'DSPDxax'],
];

const samples = [0, 0xffffffff, 0x12345678, 0xf0f0f0f0, 0x0ff00ff0, 0xa5a5a5a5, 0x80000001];

describe('raster operations', () => {
  it.each(NAMED)('ROP3 0x%s matches its formula %s', (code, name) => {
    for (const p of samples) for (const s of samples) for (const d of samples) expect(rop3(code, p, s, d) >>> 0).toBe(rpn(name, p, s, d));
  });

  it('every one of the 256 ROP3 codes computes its own truth table, bit for bit', () => {
    for (let code = 0; code < 256; code++) {
      for (let i = 0; i < 8; i++) {
        const p = i & 4 ? 0xffffffff : 0;
        const s = i & 2 ? 0xffffffff : 0;
        const d = i & 1 ? 0xffffffff : 0;
        expect(rop3(code, p, s, d) >>> 0, `code 0x${code.toString(16)} input ${i}`).toBe((code >> i) & 1 ? 0xffffffff : 0);
      }
    }
  });

  it('knows which operands a code reads', () => {
    expect(ropUses(0xcc)).toEqual({ src: true, pat: false, dst: false });
    expect(ropUses(0xf0)).toEqual({ src: false, pat: true, dst: false });
    expect(ropUses(0x55)).toEqual({ src: false, pat: false, dst: true });
    expect(ropUses(0xb8)).toEqual({ src: true, pat: true, dst: true });
  });

  it('ROP2 codes 1-16 are the 16 functions of pen and destination', () => {
    const formulas: Record<number, (p: number, d: number) => number> = {
      [R2.BLACK]: () => 0,
      [R2.NOTMERGEPEN]: (p, d) => ~(p | d),
      [R2.MASKNOTPEN]: (p, d) => ~p & d,
      [R2.NOTCOPYPEN]: (p) => ~p,
      [R2.MASKPENNOT]: (p, d) => p & ~d,
      [R2.NOT]: (_p, d) => ~d,
      [R2.XORPEN]: (p, d) => p ^ d,
      [R2.NOTMASKPEN]: (p, d) => ~(p & d),
      [R2.MASKPEN]: (p, d) => p & d,
      [R2.NOTXORPEN]: (p, d) => ~(p ^ d),
      [R2.NOP]: (_p, d) => d,
      [R2.MERGENOTPEN]: (p, d) => ~p | d,
      [R2.COPYPEN]: (p) => p,
      [R2.MERGEPENNOT]: (p, d) => p | ~d,
      [R2.MERGEPEN]: (p, d) => p | d,
      [R2.WHITE]: () => ~0,
    };
    for (let r = 1; r <= 16; r++) for (const p of samples) for (const d of samples) expect(rop2(r, p, d) >>> 0).toBe(formulas[r]!(p, d) >>> 0);
  });
});

describe('surfaces', () => {
  it.each([1, 2, 4, 8, 16, 24, 32] as Bpp[])('%i bpp: pixels round-trip, rows stay within their stride', (bpp) => {
    const palette = Array.from({ length: bpp <= 8 ? 1 << bpp : 0 }, (_, i) => rgb(i * 17, 255 - i, i * 3));
    const s = new Surface({ width: 13, height: 5, bpp, palette, bottomUp: bpp === 24 });
    const max = bpp >= 24 ? 0xffffff : (1 << bpp) - 1;
    for (let y = 0; y < 5; y++) for (let x = 0; x < 13; x++) s.set(x, y, (x * 7919 + y * 104729) & max);
    for (let y = 0; y < 5; y++) for (let x = 0; x < 13; x++) expect(s.get(x, y)).toBe((x * 7919 + y * 104729) & max);
    expect(s.stride % 4).toBe(0);
    expect(s.bits.length).toBe(s.stride * 5);
  });

  it('RGB565 expands by bit replication, as the reference crops are stored', () => {
    const s = new Surface({ width: 1, height: 1, bpp: 16 });
    expect(s.pixelOf(rgb(0, 0, 0x84))).toBe(0x0010);
    expect(s.colorOf(0x0010)).toBe(rgb(0, 0, 0x84)); // the measured caption colour #000084
    expect(s.colorOf(s.pixelOf(rgb(0xc6, 0xc3, 0xc6)))).toBe(rgb(0xc6, 0xc3, 0xc6)); // 3D face
    expect(s.colorOf(0xffff)).toBe(rgb(255, 255, 255));
  });
});

describe('blits and lines', () => {
  const all = (s: Surface) => [{ left: 0, top: 0, right: s.width, bottom: s.height }];

  it('a monochrome source takes the text colour for 0 bits and the background colour for 1 bits', () => {
    const mono = new Surface({ width: 8, height: 1, bpp: 1 });
    mono.bits[0] = 0b10100000;
    const dst = new Surface({ width: 8, height: 1, bpp: 16 });
    bitBlt(dst, { clip: all(dst), textColor: rgb(255, 0, 0), bkColor: rgb(0, 0, 255) }, 0, 0, 8, 1, mono, 0, 0, { kind: 'null' }, ROP.SRCCOPY);
    expect([0, 1, 2].map((x) => dst.get(x, 0))).toEqual([0x001f, 0xf800, 0x001f]);
  });

  it('overlapping copies on one surface move the pixels as if through a buffer', () => {
    const s = new Surface({ width: 10, height: 1, bpp: 8, palette: Array.from({ length: 256 }, (_, i) => i) });
    for (let x = 0; x < 10; x++) s.set(x, 0, x);
    bitBlt(s, { clip: all(s), textColor: 0, bkColor: 0 }, 2, 0, 6, 1, s, 0, 0, { kind: 'null' }, ROP.SRCCOPY);
    expect(Array.from({ length: 10 }, (_, x) => s.get(x, 0))).toEqual([0, 1, 0, 1, 2, 3, 4, 5, 8, 9]);
  });

  it('clipping keeps every write inside the clip rectangles', () => {
    const s = new Surface({ width: 6, height: 6, bpp: 8, palette: [0, 0xffffff] });
    patBlt(
      s,
      { clip: [{ left: 1, top: 1, right: 3, bottom: 3 }], textColor: 0, bkColor: 0 },
      { left: -5, top: -5, right: 50, bottom: 50 },
      { kind: 'solid', color: 0xffffff },
      ROP.PATCOPY,
    );
    let n = 0;
    for (let y = 0; y < 6; y++) for (let x = 0; x < 6; x++) if (s.get(x, y)) n++;
    expect(n).toBe(4);
  });

  it('StretchBlt doubles each source pixel and mirrors with a negative width', () => {
    const src = new Surface({ width: 3, height: 1, bpp: 8, palette: [0, 1, 2, 3] });
    [1, 2, 3].forEach((v, x) => src.set(x, 0, v));
    const dst = new Surface({ width: 6, height: 1, bpp: 8, palette: [0, 1, 2, 3] });
    stretchBlt(dst, { clip: all(dst), textColor: 0, bkColor: 0 }, 0, 0, 6, 1, src, 0, 0, 3, 1, { kind: 'null' }, ROP.SRCCOPY);
    expect(Array.from({ length: 6 }, (_, x) => dst.get(x, 0))).toEqual([1, 1, 2, 2, 3, 3]);
    stretchBlt(dst, { clip: all(dst), textColor: 0, bkColor: 0 }, 6, 0, -6, 1, src, 0, 0, 3, 1, { kind: 'null' }, ROP.SRCCOPY);
    expect(Array.from({ length: 6 }, (_, x) => dst.get(x, 0))).toEqual([3, 3, 2, 2, 1, 1]);
  });

  it('lines exclude their last point and step as Bresenham does', () => {
    const s = new Surface({ width: 8, height: 4, bpp: 8, palette: [0, 0xffffff] });
    line(s, { clip: all(s), textColor: 0, bkColor: 0 }, 0, 0, 7, 3, 0xffffff, R2.COPYPEN);
    const on: string[] = [];
    for (let y = 0; y < 4; y++) for (let x = 0; x < 8; x++) if (s.get(x, y)) on.push(`${x},${y}`);
    expect(on).toEqual(['0,0', '1,0', '2,1', '3,1', '4,2', '5,2', '6,3']);
  });
});

describe('PNG', () => {
  it('encodes a surface and decodes it back to the same colours; same input, same bytes', () => {
    const s = new Surface({ width: 5, height: 3, bpp: 16 });
    for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) s.set(x, y, (x * 4099 + y * 977) & 0xffff);
    const png = encodePng(s.toRgba());
    expect(Buffer.compare(png, encodePng(s.toRgba()))).toBe(0);
    const back = decodePng(png);
    expect([back.width, back.height]).toEqual([5, 3]);
    expect(Buffer.from(back.data).equals(Buffer.from(s.toRgba().data))).toBe(true);
  });
});
