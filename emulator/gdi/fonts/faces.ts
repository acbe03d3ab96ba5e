/**
 * Font faces a device has, and where wmemu finds their files: Tahoma (the CE system font,
 * HKLM\SYSTEM\GDI\SYSFNT Nm=Tahoma Ht=-12) from Debian's fonts-wine, whose embedded 1-bit strikes
 * reproduce real CE 5 text pixel for pixel; Courier New / Arial / Times New Roman as Debian's
 * metric-compatible Liberation fonts (fonts-liberation2). These are the shipped faces; the device's own
 * fonts (its `\Windows` folder, AddFontResourceW) join them in the run's font table (gdi/font-table.ts).
 * Files are found once and cached.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SfntFont } from './sfnt.js';

/** Host folders searched after the device's own `\Windows`, in order. */
export const SYSTEM_FONT_DIRS = ['/usr/share/wine/fonts', '/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/truetype/liberation'];

/** Face name -> [regular, bold] file names, for the faces CE programs ask for by name. */
const FILES: Record<string, [string, string]> = {
  tahoma: ['tahoma.ttf', 'tahomabd.ttf'],
  'courier new': ['LiberationMono-Regular.ttf', 'LiberationMono-Bold.ttf'],
  arial: ['LiberationSans-Regular.ttf', 'LiberationSans-Bold.ttf'],
  'times new roman': ['LiberationSerif-Regular.ttf', 'LiberationSerif-Bold.ttf'],
};

/**
 * The faces above as GDI names and classifies them (EnumFonts / EnumFontFamilies order, TEXTMETRIC
 * tmPitchAndFamily's family nibble and pitch bit): FF_SWISS 0x20, FF_MODERN 0x30, FF_ROMAN 0x10;
 * TMPF_FIXED_PITCH (1) set means a variable-pitch font (wingdi.h's inverted name).
 */
export const FACE_INFO: readonly { name: string; family: number; variable: boolean }[] = [
  { name: 'Tahoma', family: 0x20, variable: true },
  { name: 'Arial', family: 0x20, variable: true },
  { name: 'Courier New', family: 0x30, variable: false },
  { name: 'Times New Roman', family: 0x10, variable: true },
];

/** FACE_INFO's entry for a face name (any case); unknown names map to Tahoma, as findFace does. */
export function faceInfo(face: string): { name: string; family: number; variable: boolean } {
  const k = face.trim().toLowerCase();
  return FACE_INFO.find((f) => f.name.toLowerCase() === k) ?? FACE_INFO[0]!;
}

/**
 * The fonts wmemu can realise, in a stable order (FACE_INFO's, regular before bold): each face whose
 * file is installed (the device's folders in `dirs` first), one entry per weight.
 */
export function installedFonts(dirs: readonly string[] = []): { name: string; weight: 400 | 700; font: SfntFont }[] {
  const out: { name: string; weight: 400 | 700; font: SfntFont }[] = [];
  for (const f of FACE_INFO) {
    for (const weight of [400, 700] as const) {
      const file = findExact(FILES[f.name.toLowerCase()]![weight === 700 ? 1 : 0], dirs);
      if (file) out.push({ name: f.name, weight, font: file });
    }
  }
  return out;
}

const loaded = new Map<string, SfntFont | null>();

function load(path: string): SfntFont | null {
  let f = loaded.get(path);
  if (f === undefined) {
    f = existsSync(path) ? new SfntFont(readFileSync(path), path) : null;
    loaded.set(path, f);
  }
  return f;
}

/**
 * The font file for a face name and weight (>= 600 is bold), searching `dirs` then SYSTEM_FONT_DIRS;
 * unknown faces fall back to Tahoma, as CE's font mapper does with its one system face. Undefined when
 * no file is installed (setup installs fonts-wine and fonts-liberation2).
 */
export function findFace(face: string, weight: number, dirs: readonly string[] = []): SfntFont | undefined {
  const key = face.trim().toLowerCase();
  const pair = FILES[key] ?? FILES.tahoma!;
  return findExact(weight >= 600 ? pair[1] : pair[0], dirs);
}

/** The font file `name` (any case) in `dirs` then SYSTEM_FONT_DIRS. */
function findExact(name: string, dirs: readonly string[]): SfntFont | undefined {
  for (const dir of [...dirs, ...SYSTEM_FONT_DIRS]) {
    if (!existsSync(dir)) continue;
    const hit = readdirSync(dir).find((f) => f.toLowerCase() === name.toLowerCase());
    if (hit) {
      const f = load(join(dir, hit));
      if (f) return f;
    }
  }
  return undefined;
}
