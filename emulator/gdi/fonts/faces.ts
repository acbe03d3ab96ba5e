/**
 * Font faces a device has, and where wmemu finds their files: Tahoma (the CE system font,
 * HKLM\SYSTEM\GDI\SYSFNT Nm=Tahoma Ht=-12) from Debian's fonts-wine, whose embedded 1-bit strikes
 * reproduce real CE 5 text pixel for pixel; Courier New / Arial / Times New Roman as Debian's
 * metric-compatible Liberation fonts (fonts-liberation2). A `.ttf` in the device's `\Windows` folder
 * wins over these (the caller passes its folder first). Files are found once and cached.
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
  const name = weight >= 600 ? pair[1] : pair[0];
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
