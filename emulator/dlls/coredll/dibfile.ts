/**
 * coredll SHLoadDIBitmap: a bitmap from a .bmp file of the device (a BITMAPFILEHEADER, "BM", then a
 * packed DIB), CE's `.2bp` files included — 2 bits per pixel, which CE's GDI supports (4 grey
 * levels). Reference: CE's SHLoadDIBitmap page ("loads a DIB bitmap from a file"; NULL on failure).
 * The file is read whole through the device file system; the bits are kept by GDI, as LoadBitmapW's
 * are. A missing file fails with the file system's error (ERROR_FILE_NOT_FOUND / PATH_NOT_FOUND),
 * a file that is not a DIB this decoder reads (no "BM", RLE compression, truncated) with
 * ERROR_INVALID_DATA.
 */
import { readFileSync } from 'node:fs';
import { fn, type ApiDef } from '../../core/api/declare.js';
import { deviceFsOf } from '../../core/fs/device-fs.js';
import { ERROR } from '../../core/win32-errors.js';
import { decodeDib } from '../../gwes/icons.js';
import { gwesOf } from '../../gwes/wm.js';

const BITMAPFILEHEADER_SIZE = 14;

export const dibfile: ApiDef[] = [
  fn('SHLoadDIBitmap(wstr szFileName): handle', (cx, p: number) => {
    if (!p) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const name = cx.mem.wstr(p, 260);
    const r = deviceFsOf(cx.machine).resolve(name);
    if (!r.ok) return cx.fail(0, r.error);
    if (!r.exists) return cx.fail(0, r.parentExists ? ERROR.FILE_NOT_FOUND : ERROR.PATH_NOT_FOUND);
    if (r.stat?.isDirectory()) return cx.fail(0, ERROR.ACCESS_DENIED);
    const b = readFileSync(r.host);
    if (b.length < BITMAPFILEHEADER_SIZE || b[0] !== 0x42 || b[1] !== 0x4d) return cx.fail(0, ERROR.INVALID_DATA);
    const dib = decodeDib(b.subarray(BITMAPFILEHEADER_SIZE));
    if (!dib) return cx.fail(0, ERROR.INVALID_DATA);
    return gwesOf(cx.machine).gdi.add({ type: 'bitmap', surface: dib.surface, dib: false });
  }),
];
