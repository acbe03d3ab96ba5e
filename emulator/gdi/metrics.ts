/**
 * TEXTMETRICW and NEWTEXTMETRICW of a realised font, as GetTextMetricsW and the font enumerations
 * (EnumFontsW, EnumFontFamiliesW) hand them out. Layout of CE's wingdi.h (the same as Win32's):
 * TEXTMETRICW is 57 bytes padded to 60 (tmHeight ... tmCharSet); NEWTEXTMETRICW appends ntmFlags,
 * ntmSizeEM, ntmCellHeight, ntmAvgWidth (76 bytes).
 *
 * tmPitchAndFamily: the face's family nibble (FF_SWISS / FF_MODERN / FF_ROMAN, faces.ts), TMPF_VECTOR |
 * TMPF_TRUETYPE (every face wmemu has is a TrueType file), TMPF_FIXED_PITCH for a variable-pitch face.
 * The NEWTEXTMETRIC extras follow Wine's gdi32 (font.c, the enumeration structures): NTM_REGULAR /
 * NTM_BOLD / NTM_ITALIC, the em square and the cell height (win ascent + descent) in font units, the
 * OS/2 average width in font units.
 */
import { faceInfo } from './fonts/faces.js';
import type { RealFont } from './text.js';

export const TEXTMETRIC_SIZE = 60;
export const NEWTEXTMETRIC_SIZE = 76;
const TMPF = { FIXED_PITCH: 1, VECTOR: 2, TRUETYPE: 4 } as const;
const NTM = { ITALIC: 1, BOLD: 0x20, REGULAR: 0x40 } as const;

/** TEXTMETRICW's tmPitchAndFamily for a face name. */
export function pitchAndFamily(face: string, info?: { family: number; variable: boolean }): number {
  const f = info ?? faceInfo(face);
  return f.family | TMPF.VECTOR | TMPF.TRUETYPE | (f.variable ? TMPF.FIXED_PITCH : 0);
}

/** The NEWTEXTMETRICW of a realised font (its first 60 bytes are the TEXTMETRICW). */
export function newTextMetric(f: RealFont): Buffer {
  const b = Buffer.alloc(NEWTEXTMETRIC_SIZE);
  const weight = f.log.weight || 400;
  b.writeInt32LE(f.height, 0);
  b.writeInt32LE(f.ascent, 4);
  b.writeInt32LE(f.descent, 8);
  b.writeInt32LE(Math.max(0, f.height - f.ppem), 12); // internal leading
  b.writeInt32LE(0, 16); // external leading
  b.writeInt32LE(f.aveCharWidth, 20);
  b.writeInt32LE(f.maxCharWidth, 24);
  b.writeInt32LE(weight, 28);
  b.writeInt32LE(0, 32); // overhang
  b.writeInt32LE(96, 36); // digitized aspect X / Y
  b.writeInt32LE(96, 40);
  b.writeUInt16LE(0x20, 44); // first, last, default, break characters
  b.writeUInt16LE(0xfffc, 46);
  b.writeUInt16LE(0x1f, 48);
  b.writeUInt16LE(0x20, 50);
  b.writeUInt8(f.log.italic ? 1 : 0, 52);
  b.writeUInt8(f.log.underline ? 1 : 0, 53);
  b.writeUInt8(f.log.strikeOut ? 1 : 0, 54);
  b.writeUInt8(pitchAndFamily(f.log.face, f.info), 55);
  b.writeUInt8(f.log.charSet, 56);
  const m = f.face.metrics;
  b.writeUInt32LE((f.log.italic ? NTM.ITALIC : 0) | (weight > 550 ? NTM.BOLD : 0) || NTM.REGULAR, 60);
  b.writeUInt32LE(m.unitsPerEm, 64);
  b.writeUInt32LE(m.winAscent + m.winDescent, 68);
  b.writeUInt32LE(m.avgCharWidth, 72);
  return b;
}

/** The TEXTMETRICW of a realised font. */
export function textMetric(f: RealFont): Buffer {
  return newTextMetric(f).subarray(0, TEXTMETRIC_SIZE);
}
