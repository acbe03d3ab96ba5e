/**
 * Bilevel text of wmemu's GDI: a realised font (face file + pixel size) measures and draws strings
 * with the embedded strikes (or the outline rasteriser for sizes without one), as CE's GDI does: no
 * antialiasing, no kerning, the pen advancing by each glyph's integer advance.
 *
 * Font mapping (CE 5 documentation of LOGFONT lfHeight): negative = character height (the em size in
 * pixels), positive = cell height (ascent + descent), 0 = the system font's size (Tahoma -12, the CE
 * registry's HKLM\SYSTEM\GDI\SYSFNT). Text metrics come from the OS/2 win ascent/descent scaled to the
 * pixel size and rounded, as Windows computes TEXTMETRIC for TrueType faces.
 */
import type { BitmapGlyph, SfntFont } from './fonts/sfnt.js';
import { findFace } from './fonts/faces.js';
import { ceGlyph } from './fonts/ce-glyphs.js';
import { drawGlyph, type DrawState } from './draw.js';
import type { ColorRef, Surface } from './surface.js';

export class FontFileMissing extends Error {}

export interface LogFont {
  height: number;
  width: number;
  weight: number;
  italic: boolean;
  underline: boolean;
  strikeOut: boolean;
  charSet: number;
  face: string;
}

export const SYSTEM_LOGFONT: LogFont = { height: -12, width: 0, weight: 400, italic: false, underline: false, strikeOut: false, charSet: 0, face: 'Tahoma' };

export class RealFont {
  readonly ppem: number;
  readonly ascent: number;
  readonly descent: number;
  private readonly adv = new Map<number, number>();
  constructor(
    readonly face: SfntFont,
    readonly log: LogFont,
    /** A device font's name and classification (gdi/font-table.ts); undefined for the shipped faces (faces.ts FACE_INFO). */
    readonly info?: { name: string; family: number; variable: boolean },
  ) {
    const m = face.metrics;
    const h = log.height === 0 ? 12 : log.height;
    this.ppem = h < 0 ? -h : Math.max(1, Math.round((h * m.unitsPerEm) / (m.winAscent + m.winDescent)));
    this.ascent = Math.round((m.winAscent * this.ppem) / m.unitsPerEm);
    this.descent = Math.round((m.winDescent * this.ppem) / m.unitsPerEm);
  }
  get height(): number {
    return this.ascent + this.descent;
  }
  gid(ch: number): number {
    return this.face.glyphIndex(ch);
  }
  advance(ch: number): number {
    let a = this.adv.get(ch);
    if (a === undefined) this.adv.set(ch, (a = ceGlyph(this.face, this.gid(ch), this.ppem)?.advance ?? this.face.advance(this.gid(ch), this.ppem)));
    return a;
  }
  /** The glyph image CE draws for a character: the strike's (with fonts/ce-glyphs.ts's corrections), else the outline's. */
  glyph(ch: number): BitmapGlyph | undefined {
    const gid = this.gid(ch);
    return ceGlyph(this.face, gid, this.ppem) ?? this.face.bitmap(gid, this.ppem);
  }
  /** Pen advances of each character and their sum. */
  measure(text: string): { widths: number[]; width: number } {
    const widths: number[] = [];
    let width = 0;
    for (let i = 0; i < text.length; i++) {
      const a = this.advance(text.charCodeAt(i));
      widths.push(a);
      width += a;
    }
    return { widths, width };
  }
  /** Average character width (TEXTMETRIC tmAveCharWidth): the OS/2 xAvgCharWidth scaled. */
  get aveCharWidth(): number {
    return Math.round((this.face.metrics.avgCharWidth * this.ppem) / this.face.metrics.unitsPerEm);
  }
  get maxCharWidth(): number {
    let m = 0;
    for (let c = 0x20; c < 0x7f; c++) m = Math.max(m, this.advance(c));
    return m;
  }
  /** Draws text with the pen at (x, baseline); `dx` overrides the advances (ExtTextOutW lpDx). */
  draw(dst: Surface, st: DrawState, text: string, x: number, baseline: number, color: ColorRef, dx?: readonly number[]): number {
    let pen = x;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      const g = this.glyph(ch);
      if (g) drawGlyph(dst, st, g, pen, baseline, color);
      pen += dx?.[i] ?? this.advance(ch);
    }
    return pen - x;
  }
}

const cache = new Map<string, RealFont>();

/** Realises a LOGFONT (faces.ts maps the name to a file); throws FontFileMissing when no file is installed. */
export function realize(log: LogFont, dirs: readonly string[] = []): RealFont {
  const key = `${log.face.toLowerCase()}|${log.height}|${log.weight >= 600 ? 700 : 400}|${dirs.join(';')}`;
  let f = cache.get(key);
  if (!f) {
    const face = findFace(log.face || 'Tahoma', log.weight, dirs);
    if (!face) throw new FontFileMissing(`no font file for "${log.face}" (setup installs fonts-wine and fonts-liberation2)`);
    cache.set(key, (f = new RealFont(face, log)));
  }
  return f;
}

/**
 * Greedy word wrap at spaces to `width` pixels (hard breaks kept); a longer word stays whole. One rule for
 * DrawTextW (DT_WORDBREAK) and the built-in controls (BUTTON, STATIC, MessageBoxW text).
 */
export function wrap(font: RealFont, s: string, width: number): string[] {
  const out: string[] = [];
  for (const hard of s.split(/\r\n|\r|\n/)) wrapLine(font, hard, width, out);
  return out;
}

/** Wraps one line (no line breaks in it) to `width` pixels at spaces, appending the pieces to `out`. */
export function wrapLine(font: RealFont, line: string, width: number, out: string[]): void {
  let cur = '';
  for (const wd of line.split(/(?<= )/)) {
    if (cur && font.measure((cur + wd).trimEnd()).width > width) {
      out.push(cur.trimEnd());
      cur = wd;
    } else cur += wd;
  }
  out.push(cur.trimEnd());
}
