/**
 * coredll TranslateCharsetInfo(lpSrc, lpCs, dwFlags) (GDI; imported by 2 corpus binaries): one row of
 * the character set table as a CHARSETINFO { UINT ciCharset; UINT ciACP; FONTSIGNATURE fs; } (32
 * bytes: fs is DWORD fsUsb[4], DWORD fsCsb[2]). References: the CE 5/6 "TranslateCharsetInfo" page for
 * the flags (TCI_SRCCHARSET 1: lpSrc is the charset value itself, TCI_SRCCODEPAGE 2: lpSrc is the code
 * page value, TCI_SRCFONTSIG 3: lpSrc points at fsCsb), and the documented code-page bit table of the
 * FONTSIGNATURE page (bit 0 Latin 1 / 1252 ... bit 31 Symbol), the same table Wine's gdi32 uses.
 *
 * - The output names one row: ciCharset, ciACP, fs.fsUsb all zero and fs.fsCsb[0] with the row's one
 *   bit (fsCsb[1] zero), as the page says ("on output, the structure has only one bit set").
 * - TCI_SRCFONTSIG: the lowest bit set in fsCsb[0] chooses the row (Wine); the OEM half (fsCsb[1]) is
 *   not read. No bit set, or a reserved bit (9-15, 22-30): FALSE.
 * - A charset or code page not in the table, lpCs NULL, or another flag (TCI_SRCLOCALE 0x1000 is not
 *   a CE flag): FALSE with ERROR_INVALID_PARAMETER (Wine returns FALSE and sets nothing; the CE page
 *   says GetLastError tells why, so the one error that fits is set).
 */
import { fn, type ApiDef } from '../../core/api/declare.js';
import { ERROR } from '../../core/win32-errors.js';

const TCI_SRCCHARSET = 1;
const TCI_SRCCODEPAGE = 2;
const TCI_SRCFONTSIG = 3;
const CHARSETINFO_SIZE = 32;

/** fsCsb[0] bit -> [charset, ANSI code page] (the FONTSIGNATURE code-page bit table; CP_SYMBOL = 42). */
const TABLE: ReadonlyMap<number, readonly [number, number]> = new Map([
  [0, [0, 1252]], // ANSI_CHARSET, Latin 1
  [1, [238, 1250]], // EASTEUROPE_CHARSET, Latin 2
  [2, [204, 1251]], // RUSSIAN_CHARSET, Cyrillic
  [3, [161, 1253]], // GREEK_CHARSET
  [4, [162, 1254]], // TURKISH_CHARSET
  [5, [177, 1255]], // HEBREW_CHARSET
  [6, [178, 1256]], // ARABIC_CHARSET
  [7, [186, 1257]], // BALTIC_CHARSET
  [8, [163, 1258]], // VIETNAMESE_CHARSET
  [16, [222, 874]], // THAI_CHARSET
  [17, [128, 932]], // SHIFTJIS_CHARSET
  [18, [134, 936]], // GB2312_CHARSET
  [19, [129, 949]], // HANGEUL_CHARSET
  [20, [136, 950]], // CHINESEBIG5_CHARSET
  [21, [130, 1361]], // JOHAB_CHARSET
  [31, [2, 42]], // SYMBOL_CHARSET, CP_SYMBOL
]);

function lowestBit(v: number): number {
  for (let i = 0; i < 32; i++) if ((v >>> i) & 1) return i;
  return -1;
}

export const charsetinfo: ApiDef[] = [
  fn('TranslateCharsetInfo(u32 lpSrc, ptr lpCs, u32 dwFlags): bool', (cx, src: number, out: number, flags: number) => {
    let bit = -1;
    switch (flags) {
      case TCI_SRCCHARSET:
      case TCI_SRCCODEPAGE: {
        const col = flags === TCI_SRCCHARSET ? 0 : 1;
        for (const [b, row] of TABLE) if (row[col] === (src & 0xffff)) bit = b;
        break;
      }
      case TCI_SRCFONTSIG:
        if (!src) return cx.fail(0, ERROR.INVALID_PARAMETER);
        bit = lowestBit(cx.mem.u32(src));
        break;
      default:
        return cx.fail(0, ERROR.INVALID_PARAMETER);
    }
    const row = TABLE.get(bit);
    if (!row || !out) return cx.fail(0, ERROR.INVALID_PARAMETER);
    cx.mem.check(out, CHARSETINFO_SIZE, 'write');
    cx.mem.fill(out, CHARSETINFO_SIZE, 0);
    cx.mem.setU32(out, row[0]);
    cx.mem.setU32(out + 4, row[1]);
    cx.mem.setU32(out + 24, (1 << bit) >>> 0);
    return 1;
  }),
];
