/**
 * coredll AddFontResourceW / RemoveFontResourceW: a font file of the device joins or leaves the run's font
 * table (gdi/font-table.ts), which EnumFontFamiliesW lists and CreateFontIndirectW selects from by face.
 * Reference: the CE 5 / CE 6 pages (AddFontResource: "the number of fonts added indicates success, zero
 * indicates failure", extended error through GetLastError; RemoveFontResource: BOOL). The device's GDI is
 * TrueType: a .ttf adds one font, a .ttc each of its members; raster files (.fnt, .fon) and anything else
 * that is not a TrueType font fail with ERROR_INVALID_DATA (wmemu's choice of code; the pages name none).
 * - A NULL name fails with ERROR_INVALID_PARAMETER; a missing file with the file system's error
 *   (ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND), a folder with ERROR_ACCESS_DENIED.
 * - Adding a file already in the table adds nothing again and returns its count (the desktop's GDI counts
 *   references; one RemoveFontResourceW takes the file's fonts out).
 * - RemoveFontResourceW of a file whose fonts are not in the table fails with ERROR_FILE_NOT_FOUND. The
 *   fonts the device loaded from \Windows at start-up can be removed the same way.
 * Applications then broadcast WM_FONTCHANGE themselves, as the pages tell them to; GDI sends nothing.
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { ERROR } from '../../core/win32-errors.js';
import { FontFormatError } from '../../gdi/fonts/sfnt.js';
import { gwesOf } from '../../gwes/wm.js';

/** The device path of a font file argument, or the error to fail with. */
function fontPath(cx: ApiContext, p: number): { ce: string; host: string } | { error: number } {
  if (!p) return { error: ERROR.INVALID_PARAMETER };
  const r = deviceFsOf(cx.machine).resolve(cx.mem.wstr(p, 260));
  if (!r.ok) return { error: r.error };
  if (!r.exists) return { error: r.parentExists ? ERROR.FILE_NOT_FOUND : ERROR.PATH_NOT_FOUND };
  if (r.stat?.isDirectory()) return { error: ERROR.ACCESS_DENIED };
  return { ce: r.ce, host: r.host };
}

export const fontres: ApiDef[] = [
  fn('AddFontResourceW(wstr lpszFilename): i32', (cx, p: number) => {
    const f = fontPath(cx, p);
    if ('error' in f) return cx.fail(0, f.error);
    const table = gwesOf(cx.machine).fonts;
    const have = table.count(f.ce);
    if (have) return have;
    try {
      return table.add(deviceFsOf(cx.machine).readFile(f.host), f.ce);
    } catch (e) {
      if (e instanceof FontFormatError) return cx.fail(0, ERROR.INVALID_DATA);
      throw e;
    }
  }),
  fn('RemoveFontResourceW(wstr lpFileName): bool', (cx, p: number) => {
    const f = fontPath(cx, p);
    // A file deleted after it was added can still be taken out by its name.
    const ce = 'error' in f ? (p && f.error === ERROR.FILE_NOT_FOUND ? cx.mem.wstr(p, 260) : undefined) : f.ce;
    if (ce === undefined) return cx.fail(0, 'error' in f ? f.error : ERROR.INVALID_PARAMETER);
    return gwesOf(cx.machine).fonts.remove(ce) ? 1 : cx.fail(0, ERROR.FILE_NOT_FOUND);
  }),
];
