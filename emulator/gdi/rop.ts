/**
 * Raster operations, as GDI defines them: a ROP3 code's low byte is the truth table of a boolean
 * function of pattern P, source S and destination D (bit (P<<2 | S<<1 | D) of the byte is the result
 * for that input combination); a ROP2 (R2_*) code minus 1 is the truth table of a function of pen P
 * and destination D (bit (P<<1 | D)). Both are applied bitwise to whole pixel values, as on CE and
 * Windows. The common codes get direct formulas; every other code is evaluated from its truth table.
 */

export const ROP = {
  BLACKNESS: 0x00000042,
  NOTSRCERASE: 0x001100a6,
  NOTSRCCOPY: 0x00330008,
  SRCERASE: 0x00440328,
  DSTINVERT: 0x00550009,
  PATINVERT: 0x005a0049,
  SRCINVERT: 0x00660046,
  SRCAND: 0x008800c6,
  MERGEPAINT: 0x00bb0226,
  MERGECOPY: 0x00c000ca,
  SRCCOPY: 0x00cc0020,
  SRCPAINT: 0x00ee0086,
  PATCOPY: 0x00f00021,
  PATPAINT: 0x00fb0a09,
  WHITENESS: 0x00ff0062,
} as const;

export const R2 = {
  BLACK: 1,
  NOTMERGEPEN: 2,
  MASKNOTPEN: 3,
  NOTCOPYPEN: 4,
  MASKPENNOT: 5,
  NOT: 6,
  XORPEN: 7,
  NOTMASKPEN: 8,
  MASKPEN: 9,
  NOTXORPEN: 10,
  NOP: 11,
  MERGENOTPEN: 12,
  COPYPEN: 13,
  MERGEPENNOT: 14,
  MERGEPEN: 15,
  WHITE: 16,
} as const;

/** Result of ROP3 truth table `rop` (0-255) on 32-bit values p, s, d (bitwise). */
export function rop3(rop: number, p: number, s: number, d: number): number {
  switch (rop & 0xff) {
    case 0xcc:
      return s;
    case 0xf0:
      return p;
    case 0xaa:
      return d;
    case 0x00:
      return 0;
    case 0xff:
      return 0xffffffff;
    case 0x66:
      return s ^ d;
    case 0x88:
      return s & d;
    case 0xee:
      return s | d;
    case 0x5a:
      return p ^ d;
    case 0x55:
      return ~d;
    case 0x33:
      return ~s;
    case 0xb8: // PSDPxax: S ? D : P (masking through a monochrome source)
      return (s & d) | (~s & p);
    case 0xe2: // DSPDxax: S ? P : D
      return (s & p) | (~s & d);
  }
  let r = 0;
  for (let i = 0; i < 8; i++) {
    if (!((rop >> i) & 1)) continue;
    r |= (i & 4 ? p : ~p) & (i & 2 ? s : ~s) & (i & 1 ? d : ~d);
  }
  return r;
}

/** Whether a ROP3 reads the source / the pattern / the destination (lets callers skip work). */
export function ropUses(rop: number): { src: boolean; pat: boolean; dst: boolean } {
  const t = rop & 0xff;
  return {
    src: ((t >> 2) & 0x33) !== (t & 0x33),
    pat: ((t >> 4) & 0x0f) !== (t & 0x0f),
    dst: ((t >> 1) & 0x55) !== (t & 0x55),
  };
}

/** Result of ROP2 code `r2` (R2_BLACK..R2_WHITE) on pen p and destination d. */
export function rop2(r2: number, p: number, d: number): number {
  switch (r2) {
    case R2.COPYPEN:
      return p;
    case R2.XORPEN:
      return p ^ d;
    case R2.NOP:
      return d;
  }
  const t = (r2 - 1) & 0xf;
  let r = 0;
  for (let i = 0; i < 4; i++) if ((t >> i) & 1) r |= (i & 2 ? p : ~p) & (i & 1 ? d : ~d);
  return r;
}
