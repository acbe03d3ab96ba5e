/**
 * Where Wine's Tahoma strikes (fonts-wine, which wmemu draws CE's system font with) differ from what a
 * real CE 5 device shows, measured from the reference crops (../shared/reference/gui, real CE 5 screens):
 * each string in every crop was located and matched glyph by glyph against the strike (the glyph's image
 * at its pen position, and the pen step to the next glyph).
 *
 * What the crops show at 12 px (the system font, HKLM\SYSTEM\GDI\SYSFNT Ht=-12): every glyph image and
 * every advance of Wine's strikes is CE's but two, and no whole-font rule explains them (the regular space,
 * an outline advance of 639/2048 em, is 4 px as rounding gives; the bold one, 600/2048 em = 3.5 px, is 5 px
 * on CE while all other bold advances equal the strike's), so they are a table of corrections:
 * - regular '1': CE's flag is one pixel lower on the left ("..#.." over "###.."); Wine's strike has ".##.."
 *   over "#.#..". Seen in ce5-dialog-properties (the date edit's "01/01/98") and ce5-resinfo-propsheet
 *   ("120 MB", "111 MB free", "120 MB free"): 2 differing pixels per '1', the advance (7) the same.
 * - bold space: 5 px where the strike says 4. Seen in ce5-dialog-properties ("Last modified date", both
 *   spaces) and ce5-resinfo-propsheet (caption "WR-Tools ResInfo", button "Large Files...").
 * Glyphs checked equal (12 px regular): "Storage Card", "Location:", "553.5 M (580427338 bytes)", "Read
 * only", "Archive", "Hidden", "System", "Change", "Date:", "Time:", "4:00:00", "Recurse subdirs", "Cancel",
 * "General", "Disk space", "Temp", "Battery", "Memory", "Program memory:", "8.73 MB used", "Storage
 * memory:", "220 KB used", "Standard", "Pop-Up"; bold: "Properties", "Attributes:", "Current", "OK",
 * "Databases...", "Calculator", "File", "Edit", "View".
 *
 * A correction applies only where the font still has Wine's glyph (the entry's `wine` image and advance),
 * so another Tahoma (a device's own file, a changed fonts-wine) is drawn as it is.
 */
import type { BitmapGlyph, SfntFont } from './sfnt.js';

interface Fix {
  /** Family name (name table id 1) and bold (OS/2 weight class >= 600). */
  family: string;
  bold: boolean;
  ppem: number;
  ch: string;
  /** Wine's glyph: its advance and (for an image fix) its rows, '#' = ink. */
  wine: { advance: number; rows?: readonly string[] };
  /** CE's: the advance and/or the rows (same size and bearings as Wine's image). */
  ce: { advance?: number; rows?: readonly string[] };
}

export const CE_GLYPH_FIXES: readonly Fix[] = [
  {
    family: 'Tahoma',
    bold: false,
    ppem: 12,
    ch: '1',
    wine: { advance: 7, rows: ['.##..', '#.#..', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..', '#####'] },
    ce: { rows: ['..#..', '###..', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..', '#####'] },
  },
  { family: 'Tahoma', bold: true, ppem: 12, ch: ' ', wine: { advance: 4 }, ce: { advance: 5 } },
];

function rowsOf(g: BitmapGlyph): string[] {
  const stride = (g.width + 7) >> 3;
  const out: string[] = [];
  for (let y = 0; y < g.height; y++) {
    let s = '';
    for (let x = 0; x < g.width; x++) s += g.rows[y * stride + (x >> 3)]! & (0x80 >> (x & 7)) ? '#' : '.';
    out.push(s);
  }
  return out;
}

function pack(rows: readonly string[], width: number): Uint8Array {
  const stride = (width + 7) >> 3;
  const out = new Uint8Array(stride * rows.length);
  rows.forEach((r, y) => {
    for (let x = 0; x < width; x++) if (r[x] === '#') out[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
  });
  return out;
}

const applied = new WeakMap<SfntFont, Map<string, BitmapGlyph | undefined>>();

/**
 * The strike glyph of `gid` at `ppem` as CE draws it: the font's own, or CE's where a table entry matches
 * this font's glyph. Undefined when the font has no strike glyph there.
 */
export function ceGlyph(face: SfntFont, gid: number, ppem: number): BitmapGlyph | undefined {
  let memo = applied.get(face);
  if (!memo) applied.set(face, (memo = new Map()));
  const key = `${gid}@${ppem}`;
  if (memo.has(key)) return memo.get(key);
  const g = face.strike(ppem)?.glyph(gid);
  let out = g;
  if (g) {
    const bold = face.metrics.weight >= 600;
    for (const f of CE_GLYPH_FIXES) {
      if (f.ppem !== ppem || f.bold !== bold || f.family !== face.family || face.glyphIndex(f.ch.charCodeAt(0)) !== gid) continue;
      if (g.advance !== f.wine.advance || (f.wine.rows && rowsOf(g).join('/') !== f.wine.rows.join('/'))) continue;
      out = { ...g, advance: f.ce.advance ?? g.advance, rows: f.ce.rows ? pack(f.ce.rows, g.width) : g.rows };
    }
  }
  memo.set(key, out);
  return out;
}
