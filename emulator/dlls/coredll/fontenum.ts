/**
 * coredll font enumeration: EnumFontsW and EnumFontFamiliesW (CE 5/6 reference pages, the same
 * contract as Win32's). They enumerate the fonts wmemu really has (gdi/fonts/faces.ts installedFonts:
 * Tahoma from fonts-wine, Arial / Courier New / Times New Roman as the Liberation faces, regular and
 * bold, in that stable order), every one a TrueType font (FontType TRUETYPE_FONTTYPE, 4; the display
 * is a raster device, so DEVICE_FONTTYPE is never set).
 *
 * - A NULL face name enumerates one font of each family (its regular style; EnumFonts' "one font of each
 *   typeface", EnumFontFamilies' "one font of each available type family"); a face name (any case)
 *   enumerates every style of that family; an unknown name enumerates nothing.
 * - The callback gets, for EnumFontsW, a LOGFONTW and a TEXTMETRICW; for EnumFontFamiliesW an
 *   ENUMLOGFONTW (LOGFONTW, elfFullName[64] such as "Tahoma Bold", elfStyle[32] "Regular" / "Bold") and a
 *   NEWTEXTMETRICW (gdi/metrics.ts). Enumeration stops when the callback returns 0; the result is the
 *   callback's last value, 1 when nothing was enumerated (Wine's gdi32 tests: enumerating a face that
 *   does not exist returns nonzero).
 * - GetTextFaceW gives the typeface of the DC's font as realised (an unknown name maps to Tahoma, as the
 *   font mapper does): with a buffer, the characters copied without the terminator (at most nCount - 1);
 *   with NULL, the length including the terminator (Wine's gdi32 tests, font.c test_GetTextFace).
 * - A scalable font is enumerated at one size; CE's documentation does not name it, so wmemu uses the
 *   CE system font's em height (12 pixels, HKLM\SYSTEM\GDI\SYSFNT Ht=-12): the metrics are those of the
 *   face realised with lfHeight -12, and the LOGFONTW carries them as Wine's gdi32 fills it (lfHeight =
 *   tmHeight, lfWidth = tmAveCharWidth, lfWeight, OUT_STROKE_PRECIS, CLIP_STROKE_PRECIS, DRAFT_QUALITY,
 *   lfPitchAndFamily = (tmPitchAndFamily & 0xf1) + 1, ANSI_CHARSET).
 */
import { fn, type ApiDef, type CALLED } from '../../core/api/declare.js';
import type { ApiContext } from '../../core/api/context.js';
import { ERROR } from '../../core/win32-errors.js';
import type { FontTable } from '../../gdi/font-table.js';
import { newTextMetric, NEWTEXTMETRIC_SIZE } from '../../gdi/metrics.js';
import { gwesOf } from '../../gwes/wm.js';

const TRUETYPE_FONTTYPE = 4;
const LOGFONT_SIZE = 92;
const ENUMLOGFONT_SIZE = LOGFONT_SIZE + 2 * 64 + 2 * 32;
/** The em height enumerated scalable fonts are described at (the CE system font's, SYSFNT Ht=-12). */
const ENUM_EM = 12;

interface Enumerated {
  elf: Buffer;
  ntm: Buffer;
}

function putW(b: Buffer, off: number, s: string, max: number): void {
  for (let i = 0; i < Math.min(s.length, max - 1); i++) b.writeUInt16LE(s.charCodeAt(i), off + 2 * i);
}

/** The fonts a face name asks for (NULL: one per family), with their ENUMLOGFONTW and NEWTEXTMETRICW. */
export function enumeratedFonts(table: FontTable, face: string | undefined): Enumerated[] {
  const fonts = table.list();
  const chosen =
    face === undefined
      ? fonts.filter((f) => f === (fonts.find((g) => g.name === f.name && g.weight < 600 && !g.italic) ?? fonts.find((g) => g.name === f.name)))
      : fonts.filter((f) => f.name.toLowerCase() === face.trim().toLowerCase());
  return chosen.map((f) => {
    const real = table.realize({
      height: -ENUM_EM,
      width: 0,
      weight: f.weight,
      italic: f.italic,
      underline: false,
      strikeOut: false,
      charSet: 0,
      face: f.name,
    });
    const ntm = newTextMetric(real);
    const elf = Buffer.alloc(ENUMLOGFONT_SIZE);
    elf.writeInt32LE(ntm.readInt32LE(0), 0); // lfHeight = tmHeight
    elf.writeInt32LE(ntm.readInt32LE(20), 4); // lfWidth = tmAveCharWidth
    elf.writeInt32LE(f.weight, 16);
    elf.writeUInt8(f.italic ? 1 : 0, 20);
    elf.writeUInt8(0, 23); // ANSI_CHARSET
    elf.writeUInt8(3, 24); // OUT_STROKE_PRECIS
    elf.writeUInt8(2, 25); // CLIP_STROKE_PRECIS
    elf.writeUInt8(1, 26); // DRAFT_QUALITY
    elf.writeUInt8((ntm.readUInt8(55) & 0xf1) + 1, 27);
    putW(elf, 28, f.name, 32);
    const style = [f.weight >= 600 ? 'Bold' : '', f.italic ? 'Italic' : ''].filter(Boolean).join(' ');
    putW(elf, LOGFONT_SIZE, style ? `${f.name} ${style}` : f.name, 64);
    putW(elf, LOGFONT_SIZE + 128, style || 'Regular', 32);
    return { elf, ntm };
  });
}

/** Calls proc(lf, tm, TRUETYPE_FONTTYPE, lParam) for each font; the result is the callback's last value. */
function enumerate(cx: ApiContext, hdc: number, pFace: number, proc: number, lParam: number, family: boolean): number | typeof CALLED {
  if (!gwesOf(cx.machine).gdi.dc(hdc)) return cx.fail(0, ERROR.INVALID_HANDLE);
  if (!proc) return cx.fail(0, ERROR.INVALID_PARAMETER);
  const list = enumeratedFonts(gwesOf(cx.machine).fonts, pFace ? cx.mem.wstr(pFace, 32) : undefined);
  if (!list.length) return 1;
  const lfSize = family ? ENUMLOGFONT_SIZE : LOGFONT_SIZE;
  const tmSize = family ? NEWTEXTMETRIC_SIZE : 60;
  const heap = cx.machine.processHeap;
  const buf = heap.alloc(lfSize + tmSize, true);
  if (!buf) return cx.fail(0, ERROR.NOT_ENOUGH_MEMORY);
  const step = (i: number, last: number): number | typeof CALLED => {
    if (i >= list.length || last === 0) {
      heap.freeBlock(buf);
      return last;
    }
    const e = list[i]!;
    cx.mem.write(buf, e.elf.subarray(0, lfSize));
    cx.mem.write(buf + lfSize, e.ntm.subarray(0, tmSize));
    return cx.callGuest(proc, [buf, buf + lfSize, TRUETYPE_FONTTYPE, lParam], (r0) => step(i + 1, r0 | 0));
  };
  return step(0, 1);
}

export const fontenum: ApiDef[] = [
  fn('EnumFontsW(handle hdc, ptr lpFaceName, ptr lpFontFunc, hex lParam): i32', (cx, hdc: number, face: number, proc: number, lp: number) =>
    enumerate(cx, hdc, face, proc, lp, false),
  ),
  fn('EnumFontFamiliesW(handle hdc, ptr lpszFamily, ptr lpEnumFontFamProc, hex lParam): i32', (cx, hdc: number, face: number, proc: number, lp: number) =>
    enumerate(cx, hdc, face, proc, lp, true),
  ),
  fn('GetTextFaceW(handle hdc, i32 nCount, ptr lpFaceName): i32', (cx, hdc: number, n: number, p: number) => {
    const g = gwesOf(cx.machine);
    const dc = g.gdi.dc(hdc);
    if (!dc) return cx.fail(0, ERROR.INVALID_HANDLE);
    const f = g.gdi.get(dc.font);
    const name = g.fonts.lookup(f?.type === 'font' && f.log.face ? f.log.face : 'Tahoma', f?.type === 'font' ? f.log.weight : 400).name;
    if (!p) return name.length + 1;
    if (n <= 0) return cx.fail(0, ERROR.INVALID_PARAMETER);
    const out = name.slice(0, n - 1);
    cx.mem.check(p, 2 * (out.length + 1), 'write');
    cx.mem.writeWstr(p, out);
    return out.length;
  }),
];
