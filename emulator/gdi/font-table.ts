/**
 * The font table of a run: the faces wmemu ships (gdi/fonts/faces.ts: Tahoma from fonts-wine, the Liberation
 * stand-ins for Arial / Courier New / Times New Roman) plus the device's own fonts, as CE's GWES builds it.
 *
 * - At start-up (the first GUI call of the run) every `\Windows\*.ttf` and `*.ttc` of the --root device
 *   image joins the table (CE's GWES loads the fonts of \Windows when it starts), in file-name order. A file
 *   that is not a TrueType font is left out, as AddFontResourceW would refuse it. Without --root the device
 *   is a fresh temporary folder with no fonts and the table is the shipped faces alone.
 * - AddFontResourceW / RemoveFontResourceW (coredll fontres.ts) add and remove a file's fonts at run time;
 *   the table belongs to the run, so every process of it sees the change (CE's table is system-wide).
 * - A device font is known by its family name (name table id 1). Asking for a face (CreateFontIndirectW,
 *   EnumFontFamiliesW) finds the device's family first, so a device's own Tahoma or Arial wins over the
 *   shipped one; the shipped faces stay the default for every face the image lacks. The weight picks the
 *   device family's bold member (OS/2 weight class >= 600) for a bold request when it has one, else its
 *   regular one (wmemu does not embolden). An unknown face maps to Tahoma (the device's, else the shipped),
 *   as CE's font mapper does with its one system face.
 * - One exception, for the pixels: where the shipped face has a bitmap strike at the size asked for and the
 *   device's file of that face has outlines only (Windows Mobile images carry Microsoft's tahoma.ttf, hinted
 *   outlines without strikes), the shipped strike is drawn. A device rasterises those outlines with their
 *   hinting, which wmemu does not run; fonts-wine's Tahoma strikes (with gdi/fonts/ce-glyphs.ts) are what CE 5
 *   shows at 12 px, pixel for pixel, whereas the outlines rasterised unhinted are not. Other sizes and faces
 *   without a shipped strike use the device's file.
 * - The system font of captions, menus and message boxes (Tahoma -12) is always the shipped strike (by the
 *   rule above for any outline-only device Tahoma).
 * - tmPitchAndFamily of a device font comes from the file as Wine's freetype.c computes it: variable pitch
 *   unless post.isFixedPitch; PANOSE family type script / decorative give FF_SCRIPT / FF_DECORATIVE, a
 *   fixed-pitch face FF_MODERN, a sans-serif PANOSE serif style (11-13) FF_SWISS, another serif style
 *   (2-10) FF_ROMAN, none FF_DONTCARE.
 * Determinism: the table depends only on the image's files and the guest's calls (no host font lookup
 * beyond the pinned shipped faces).
 */
import type { Machine } from '../core/machine.js';
import { deviceFsOf } from '../core/fs/device-fs.js';
import { FACE_INFO, installedFonts } from './fonts/faces.js';
import { FontFormatError, SfntFont } from './fonts/sfnt.js';
import { RealFont, realize, type LogFont } from './text.js';

export interface FaceEntry {
  /** Family name as GDI reports it. */
  name: string;
  weight: number;
  italic: boolean;
  /** tmPitchAndFamily's family nibble (FF_*) and variable pitch. */
  family: number;
  variable: boolean;
  font: SfntFont;
  /** The CE path of the device file it came from; undefined for a shipped face. */
  source?: string;
}

const FF = { DONTCARE: 0, ROMAN: 0x10, SWISS: 0x20, MODERN: 0x30, SCRIPT: 0x40, DECORATIVE: 0x50 } as const;

function classify(f: SfntFont): { family: number; variable: boolean } {
  const m = f.metrics;
  const variable = !m.fixedPitch;
  let family: number = FF.DONTCARE;
  if (m.panoseFamily === 3) family = FF.SCRIPT;
  else if (m.panoseFamily === 4) family = FF.DECORATIVE;
  else if (!variable) family = FF.MODERN;
  else if (m.panoseSerif >= 11 && m.panoseSerif <= 13) family = FF.SWISS;
  else if (m.panoseSerif >= 2 && m.panoseSerif <= 10) family = FF.ROMAN;
  return { family, variable };
}

export class FontTable {
  private device: FaceEntry[] = [];
  private readonly cache = new Map<string, RealFont>();

  /**
   * Adds the fonts of a font file's bytes (a .ttf: one; a .ttc: each member) under `source` (its CE path);
   * returns how many were added. Throws FontFormatError for a file that is not a TrueType font.
   */
  add(data: Uint8Array, source: string): number {
    const fonts = SfntFont.fromFile(data, source);
    const entries = fonts.map((font): FaceEntry => {
      if (!font.family) throw new FontFormatError(`${source}: no family name`);
      // The tables text needs are read now, so a broken file is refused here rather than failing a later draw.
      font.advanceUnits(font.glyphIndex(0x41));
      font.strikeSizes();
      return { name: font.family, weight: font.metrics.weight, italic: font.metrics.italic, ...classify(font), font, source };
    });
    this.device.push(...entries);
    this.cache.clear();
    return entries.length;
  }

  /** How many fonts of the table came from `source` (CE path, any case). */
  count(source: string): number {
    const k = source.toLowerCase();
    return this.device.filter((e) => e.source?.toLowerCase() === k).length;
  }

  /** Removes the fonts added from `source` (CE path, any case); false when none were. */
  remove(source: string): boolean {
    const k = source.toLowerCase();
    const before = this.device.length;
    this.device = this.device.filter((e) => e.source?.toLowerCase() !== k);
    this.cache.clear();
    return this.device.length !== before;
  }

  /**
   * Every font of the table in enumeration order: the shipped faces (FACE_INFO's order, regular before
   * bold) except those a device family replaces, then the device families in load order.
   */
  list(): FaceEntry[] {
    const dev = new Set(this.device.map((e) => e.name.toLowerCase()));
    const shipped = installedFonts()
      .filter((f) => !dev.has(f.name.toLowerCase()))
      .map((f): FaceEntry => {
        const info = FACE_INFO.find((i) => i.name === f.name)!;
        return { name: f.name, weight: f.weight, italic: false, family: info.family, variable: info.variable, font: f.font };
      });
    return [...shipped, ...this.device];
  }

  /** The device font of a family for a weight: its bold member for >= 600 when it has one, else the regular. */
  private deviceFace(face: string, weight: number): FaceEntry | undefined {
    const k = face.trim().toLowerCase();
    const members = this.device.filter((e) => e.name.toLowerCase() === k && !e.italic);
    const all = members.length ? members : this.device.filter((e) => e.name.toLowerCase() === k);
    if (!all.length) return undefined;
    const bold = weight >= 600;
    return all.find((e) => e.weight >= 600 === bold) ?? all[0];
  }

  /** The face a name resolves to (device family, else shipped face, else Tahoma) with its classification. */
  lookup(face: string, weight: number): { name: string; family: number; variable: boolean } {
    const d = this.deviceFace(face, weight);
    if (d) return d;
    const k = face.trim().toLowerCase();
    const shipped = FACE_INFO.find((f) => f.name.toLowerCase() === k);
    if (shipped) return shipped;
    return this.deviceFace('Tahoma', weight) ?? FACE_INFO[0]!;
  }

  /** Realises a LOGFONT against this table (text.ts realize for the shipped faces). */
  realize(log: LogFont): RealFont {
    if (!this.device.length) return realize(log);
    const face = log.face || 'Tahoma';
    const k = face.trim().toLowerCase();
    const key = `${k}|${log.height}|${log.weight >= 600 ? 700 : 400}`;
    let f = this.cache.get(key);
    if (!f) this.cache.set(key, (f = this.choose(log, face, k)));
    return f;
  }

  private choose(log: LogFont, face: string, k: string): RealFont {
    const isShipped = FACE_INFO.some((f) => f.name.toLowerCase() === k);
    const named = this.deviceFace(face, log.weight);
    const d = named ?? (isShipped ? undefined : this.deviceFace('Tahoma', log.weight));
    const shipped = realize(log);
    if (!d) return shipped;
    const mine = new RealFont(d.font, log, d);
    // A device font with outlines only at this size does not replace a shipped face's bitmap strike (see above).
    if (shipped.face.strike(shipped.ppem) && !d.font.strike(mine.ppem) && (isShipped || !named)) return shipped;
    return mine;
  }
}

const tables = new WeakMap<object, FontTable>();

/**
 * The font table of a run (shared by its processes, like GWES): created on first use with the fonts of
 * the device's `\Windows` folder (--root), nothing more for a temporary device.
 */
export function fontTableOf(m: Machine): FontTable {
  let t = tables.get(m.runState);
  if (!t) {
    tables.set(m.runState, (t = new FontTable()));
    if (m.options.deviceRoot) {
      const fs = deviceFsOf(m);
      const dir = fs.resolve('\\Windows');
      if (dir.ok && dir.exists) {
        for (const e of fs.list(dir.host)) {
          if (!e.stat.isFile() || !/\.tt[fc]$/i.test(e.name)) continue;
          try {
            t.add(fs.readFile(e.host), `\\Windows\\${e.name}`);
          } catch (err) {
            if (!(err instanceof FontFormatError)) throw err;
          }
        }
      }
    }
  }
  return t;
}
