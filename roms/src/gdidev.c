/* gdidev.c — the GDI calls the corpus's Pocket Word, MSN Messenger and nmd_ui stop on (issue 14), each
 * checked against what its definition says (CE reference pages, Wine's gdi32 tests):
 * - CreateDCW: L"DISPLAY" and NULL give a screen DC (HORZRES = the screen width; it draws); DeleteDC frees
 *   it and ReleaseDC refuses it; DeleteDC refuses a GetDC DC; a printer driver the device lacks fails
 *   with ERROR_MOD_NOT_FOUND.
 * - GetDeviceCaps: a 16 bpp display has no palette (SIZEPALETTE 0, NUMRESERVED 0), COLORRES 16,
 *   RC_STRETCHDIB.
 * - EnumFontFamiliesW / EnumFontsW / GetTextFaceW: one regular font per family for NULL, every style of a
 *   named family, nothing for an unknown name (result 1), a callback returning 0 stops (result 0); the
 *   enumerated LOGFONT realises to the enumerated TEXTMETRIC.
 * - StretchDIBits into a 32 bpp DIB section read back from its bits (exact colours): 1, 4, 8 bpp with
 *   colour tables (1 bpp takes the table, not the DC's colours), 16 bpp 5-5-5 and BI_BITFIELDS 5-6-5,
 *   24 and 32 bpp; bottom-up (YSrc from the bottom row) and top-down; DIB_PAL_COLORS through the
 *   default palette; stretching, mirroring; ROPs SRCINVERT, SRCAND, NOTSRCCOPY, MERGECOPY, PATCOPY,
 *   DSTINVERT computed here bitwise; bad headers fail. SetDIBitsToDevice in bands (bottom-up and top-down).
 * - Palettes: CreatePalette, Get/SetPaletteEntries, GetNearestPaletteIndex, SelectPalette (what
 *   DIB_PAL_COLORS indexes), RealizePalette and GetSystemPaletteEntries on a display without a palette,
 *   GetNearestColor (RGB565), Get/SetDIBColorTable of a DIB section, EqualRgn.
 * - DrawIconEx of gdidev.rc's icon: DI_NORMAL / DI_IMAGE / DI_MASK, stretched, over a flicker-free brush.
 * - The one monitor: MonitorFromWindow/Rect/Point, GetMonitorInfo, EnumDisplayMonitors.
 * - GetKeyboardLayout / GetKeyboardLayoutNameW (en-US) and SHGetFileInfo (names, type names, attributes).
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <wingdi.h>
#include <stdio.h>
#include <ce_files.h>

typedef HANDLE HKL;

typedef struct {
    DWORD biSize; LONG biWidth, biHeight; WORD biPlanes, biBitCount;
    DWORD biCompression, biSizeImage; LONG biXPelsPerMeter, biYPelsPerMeter; DWORD biClrUsed, biClrImportant;
} BITMAPINFOHEADER;
typedef struct {
    LONG tmHeight, tmAscent, tmDescent, tmInternalLeading, tmExternalLeading, tmAveCharWidth, tmMaxCharWidth, tmWeight, tmOverhang,
        tmDigitizedAspectX, tmDigitizedAspectY;
    WCHAR tmFirstChar, tmLastChar, tmDefaultChar, tmBreakChar;
    BYTE tmItalic, tmUnderlined, tmStruckOut, tmPitchAndFamily, tmCharSet;
} TEXTMETRICW;
typedef struct {
    TEXTMETRICW tm;
    DWORD ntmFlags; UINT ntmSizeEM, ntmCellHeight, ntmAvgWidth;
} NEWTEXTMETRICW;
typedef struct { LOGFONTW elfLogFont; WCHAR elfFullName[64]; WCHAR elfStyle[32]; } ENUMLOGFONTW;
typedef struct { HICON hIcon; int iIcon; DWORD dwAttributes; WCHAR szDisplayName[260]; WCHAR szTypeName[80]; } SHFILEINFO;
typedef int (CALLBACK *FONTENUMPROCW)(const void *lf, const void *tm, DWORD type, LPARAM lp);

WINBASEAPI HDC WINAPI CreateDCW(LPCWSTR driver, LPCWSTR device, LPCWSTR output, const void *init);          /* 909 */
WINBASEAPI int WINAPI GetDeviceCaps(HDC dc, int i);                                                        /* 916 */
WINBASEAPI DWORD WINAPI SetLayout(HDC dc, DWORD layout);                                                   /* 1890 */
WINBASEAPI DWORD WINAPI GetLayout(HDC dc);                                                                 /* 1891 */
WINBASEAPI int WINAPI EnumFontFamiliesW(HDC dc, LPCWSTR family, FONTENUMPROCW proc, LPARAM lp);            /* 965 */
WINBASEAPI int WINAPI EnumFontsW(HDC dc, LPCWSTR face, FONTENUMPROCW proc, LPARAM lp);                     /* 966 */
WINBASEAPI int WINAPI GetTextFaceW(HDC dc, int n, LPWSTR name);                                            /* 967 */
WINBASEAPI BOOL WINAPI GetTextMetricsW(HDC dc, TEXTMETRICW *tm);                                           /* 898 */
WINBASEAPI int WINAPI StretchDIBits(HDC dc, int x, int y, int w, int h, int sx, int sy, int sw, int sh, const void *bits, const void *bmi, UINT usage, DWORD rop); /* 1667 */
WINBASEAPI int WINAPI SetDIBitsToDevice(HDC dc, int x, int y, DWORD w, DWORD h, int sx, int sy, UINT start, UINT lines, const void *bits, const void *bmi, UINT usage); /* 1726 */
WINBASEAPI HBITMAP WINAPI CreateDIBSection(HDC dc, const void *bmi, UINT usage, void **bits, HANDLE section, DWORD offset); /* 909 */
WINBASEAPI HGDIOBJ WINAPI GetStockObject(int i);                                                           /* 919 */
WINBASEAPI HKL WINAPI GetKeyboardLayout(DWORD layout);                                                     /* 1229 */
WINBASEAPI BOOL WINAPI GetKeyboardLayoutNameW(LPWSTR name);                                                /* 1160 */
WINBASEAPI DWORD WINAPI SHGetFileInfo(LPCWSTR path, DWORD attrs, SHFILEINFO *sfi, UINT cb, UINT flags);     /* 482 */
_CRTIMP int __cdecl wcscmp(const wchar_t *a, const wchar_t *b);
typedef HANDLE HPALETTE;
WINBASEAPI HPALETTE WINAPI CreatePalette(const void *lp);                                                  /* 947 */
WINBASEAPI UINT WINAPI GetNearestPaletteIndex(HPALETTE h, COLORREF c);                                     /* 948 */
WINBASEAPI UINT WINAPI GetPaletteEntries(HPALETTE h, UINT start, UINT n, void *pe);                        /* 949 */
WINBASEAPI UINT WINAPI GetSystemPaletteEntries(HDC dc, UINT start, UINT n, void *pe);                      /* 950 */
WINBASEAPI UINT WINAPI SetPaletteEntries(HPALETTE h, UINT start, UINT n, const void *pe);                  /* 951 */
WINBASEAPI COLORREF WINAPI GetNearestColor(HDC dc, COLORREF c);                                            /* 952 */
WINBASEAPI UINT WINAPI RealizePalette(HDC dc);                                                             /* 953 */
WINBASEAPI HPALETTE WINAPI SelectPalette(HDC dc, HPALETTE h, BOOL bg);                                     /* 954 */
WINBASEAPI UINT WINAPI GetDIBColorTable(HDC dc, UINT start, UINT n, DWORD *q);                             /* 1665 */
WINBASEAPI UINT WINAPI SetDIBColorTable(HDC dc, UINT start, UINT n, const DWORD *q);                       /* 1666 */
WINBASEAPI int WINAPI GetObjectW(HGDIOBJ h, int n, void *out);                                             /* 918 */
WINBASEAPI HRGN WINAPI CreateRectRgn(int l, int t, int r, int b);                                          /* 96 */
WINBASEAPI int WINAPI CombineRgn(HRGN d, HRGN a, HRGN b, int mode);                                        /* 975 */
WINBASEAPI BOOL WINAPI EqualRgn(HRGN a, HRGN b);                                                           /* 91 */
WINBASEAPI BOOL WINAPI DrawIconEx(HDC dc, int x, int y, HICON h, int w, int hh, UINT step, HBRUSH br, UINT flags); /* 726 */
WINBASEAPI HANDLE WINAPI LoadImageW(HINSTANCE inst, LPCWSTR name, UINT type, int w, int h, UINT flags);     /* 730 */
typedef HANDLE HMONITOR;
typedef struct { DWORD cbSize; RECT rcMonitor, rcWork; DWORD dwFlags; WCHAR szDevice[32]; } MONITORINFOEXW;
typedef BOOL (CALLBACK *MONITORENUMPROC)(HMONITOR m, HDC dc, RECT *r, LPARAM data);
WINBASEAPI HMONITOR WINAPI MonitorFromPoint(POINT pt, DWORD flags);                                        /* 1522 */
WINBASEAPI HMONITOR WINAPI MonitorFromRect(const RECT *r, DWORD flags);                                    /* 1523 */
WINBASEAPI HMONITOR WINAPI MonitorFromWindow(HWND h, DWORD flags);                                         /* 1524 */
WINBASEAPI BOOL WINAPI GetMonitorInfo(HMONITOR m, MONITORINFOEXW *mi);                                     /* 1525 */
WINBASEAPI BOOL WINAPI EnumDisplayMonitors(HDC dc, const RECT *clip, MONITORENUMPROC proc, LPARAM data);    /* 1526 */
WINBASEAPI BOOL WINAPI SystemParametersInfoW(UINT action, UINT param, void *pv, UINT ini);                 /* 89 */
#define SPI_GETWORKAREA 48
#define DEFAULT_PALETTE 15
#define IMAGE_ICON 1
#define DI_MASK 1
#define DI_IMAGE 2
#define DI_NORMAL 3
#define RGN_OR 2

#define HORZRES 8
#define RASTERCAPS 38
#define SIZEPALETTE 104
#define NUMRESERVED 106
#define COLORRES 108
#define BITSPIXEL 12
#define RC_STRETCHDIB 0x2000
#define TRUETYPE_FONTTYPE 4
#define NTM_REGULAR 0x40
#define NTM_BOLD 0x20
#define DIB_RGB_COLORS 0
#define DIB_PAL_COLORS 1
#define SRCINVERT 0x00660046
#define SRCAND 0x008800C6
#define NOTSRCCOPY 0x00330008
#define MERGECOPY 0x00C000CA
#define PATCOPY 0x00F00021
#define DSTINVERT 0x00550009
#define SHGFI_USEFILEATTRIBUTES 0x10
#define SHGFI_DISPLAYNAME 0x200
#define SHGFI_TYPENAME 0x400
#define SHGFI_ATTRIBUTES 0x800
#define SFGAO_FOLDER 0x20000000

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

/* ---------------------------------------------------------------- fonts */
struct seen { int n; WCHAR face[16][32]; LONG weight[16], height[16]; DWORD type[16], flags[16]; WCHAR style[16][32]; LOGFONTW lf[16]; TEXTMETRICW tm[16]; int stop_after; };
static void wcopy(WCHAR *d, const WCHAR *s, int n) { int i = 0; for (; i < n - 1 && s[i]; i++) d[i] = s[i]; d[i] = 0; }
static int CALLBACK fam_proc(const void *lfp, const void *tmp, DWORD type, LPARAM lp)
{
    struct seen *s = (struct seen *)lp;
    const ENUMLOGFONTW *e = lfp;
    const NEWTEXTMETRICW *t = tmp;
    if (s->n < 16) {
        wcopy(s->face[s->n], e->elfLogFont.lfFaceName, 32);
        wcopy(s->style[s->n], e->elfStyle, 32);
        s->weight[s->n] = e->elfLogFont.lfWeight;
        s->height[s->n] = e->elfLogFont.lfHeight;
        s->type[s->n] = type;
        s->flags[s->n] = t->ntmFlags;
        s->lf[s->n] = e->elfLogFont;
        s->tm[s->n] = t->tm;
    }
    s->n++;
    return s->stop_after && s->n >= s->stop_after ? 0 : 1;
}
static int CALLBACK fonts_proc(const void *lfp, const void *tmp, DWORD type, LPARAM lp)
{
    struct seen *s = (struct seen *)lp;
    const LOGFONTW *lf = lfp;
    const TEXTMETRICW *tm = tmp;
    if (s->n < 16) { wcopy(s->face[s->n], lf->lfFaceName, 32); s->type[s->n] = type; s->lf[s->n] = *lf; s->tm[s->n] = *tm; }
    s->n++;
    return 1;
}

static void fonts(HDC dc)
{
    static struct seen all, tah, fnt, none, stop;
    int r = EnumFontFamiliesW(dc, NULL, fam_proc, (LPARAM)&all);
    printf("families %d:", all.n);
    for (int i = 0; i < all.n && i < 16; i++) printf(" %S", all.face[i]);
    printf("\n");
    int distinct = 1, regular = 1;
    for (int i = 0; i < all.n && i < 16; i++) {
        for (int j = 0; j < i; j++) if (!wcscmp(all.face[i], all.face[j])) distinct = 0;
        if (all.type[i] != TRUETYPE_FONTTYPE || all.flags[i] != NTM_REGULAR || all.weight[i] != 400 || wcscmp(all.style[i], L"Regular")) regular = 0;
    }
    check(r == 1 && all.n >= 1 && !wcscmp(all.face[0], L"Tahoma"), "EnumFontFamiliesW(NULL): Tahoma first, result 1");
    check(distinct && regular, "EnumFontFamiliesW(NULL): one regular TrueType font per family");

    r = EnumFontFamiliesW(dc, L"tahoma", fam_proc, (LPARAM)&tah);
    check(r == 1 && tah.n == 2 && tah.weight[0] == 400 && tah.weight[1] == 700 && !wcscmp(tah.style[1], L"Bold") && tah.flags[1] == NTM_BOLD &&
              !wcscmp(tah.face[1], L"Tahoma"),
          "EnumFontFamiliesW(L\"tahoma\"): regular and bold");
    /* the enumerated LOGFONT realises to the enumerated metrics */
    int same = 1;
    for (int i = 0; i < tah.n && i < 2; i++) {
        HFONT f = CreateFontIndirectW(&tah.lf[i]);
        HGDIOBJ o = SelectObject(dc, f);
        TEXTMETRICW tm;
        GetTextMetricsW(dc, &tm);
        if (tm.tmHeight != tah.tm[i].tmHeight || tm.tmAscent != tah.tm[i].tmAscent || tm.tmAveCharWidth != tah.tm[i].tmAveCharWidth || tm.tmWeight != tah.weight[i] ||
            tah.lf[i].lfHeight != tah.tm[i].tmHeight)
            same = 0;
        SelectObject(dc, o);
        DeleteObject(f);
    }
    check(same, "CreateFontIndirectW(enumerated LOGFONT) has the enumerated TEXTMETRIC");
    check(tah.lf[0].lfPitchAndFamily == ((tah.tm[0].tmPitchAndFamily & 0xf1) + 1) && (tah.tm[0].tmPitchAndFamily & 4), "lfPitchAndFamily from tmPitchAndFamily; TMPF_TRUETYPE");

    r = EnumFontsW(dc, NULL, fonts_proc, (LPARAM)&fnt);
    int match = fnt.n == all.n;
    for (int i = 0; match && i < fnt.n && i < 16; i++) if (wcscmp(fnt.face[i], all.face[i]) || fnt.type[i] != TRUETYPE_FONTTYPE) match = 0;
    check(r == 1 && match, "EnumFontsW(NULL): the same fonts as EnumFontFamiliesW(NULL)");
    r = EnumFontsW(dc, L"No Such Font", fonts_proc, (LPARAM)&none);
    check(r == 1 && none.n == 0, "EnumFontsW(unknown face): nothing, result 1");
    stop.stop_after = 1;
    r = EnumFontFamiliesW(dc, NULL, fam_proc, (LPARAM)&stop);
    check(r == 0 && stop.n == 1, "a callback returning 0 stops the enumeration, which returns 0");

    LOGFONTW lf = {0};
    lf.lfHeight = -12;
    wcopy(lf.lfFaceName, L"arial", 32);
    HFONT f = CreateFontIndirectW(&lf);
    HGDIOBJ o = SelectObject(dc, f);
    WCHAR name[32];
    int n = GetTextFaceW(dc, 32, name);
    check(n == 5 && !wcscmp(name, L"Arial"), "GetTextFaceW: the realised face name, characters copied");
    check(GetTextFaceW(dc, 0, NULL) == 6, "GetTextFaceW(NULL): the length with the terminator");
    n = GetTextFaceW(dc, 3, name);
    check(n == 2 && name[0] == L'A' && name[1] == L'r' && name[2] == 0, "GetTextFaceW(3): truncated, terminated");
    SelectObject(dc, o);
    DeleteObject(f);
}

/* ---------------------------------------------------------------- StretchDIBits */
struct bmi { BITMAPINFOHEADER h; DWORD colors[256]; };
static DWORD *g_bits; /* the 32 bpp top-down 16x16 target */
static DWORD px(int x, int y) { return g_bits[y * 16 + x] & 0xffffff; }
static void clear(DWORD v) { for (int i = 0; i < 256; i++) g_bits[i] = v; }
static void header(struct bmi *b, int w, int h, int bpp, int compression)
{
    for (int i = 0; i < (int)sizeof *b / 4; i++) ((DWORD *)b)[i] = 0;
    b->h.biSize = sizeof b->h;
    b->h.biWidth = w;
    b->h.biHeight = h;
    b->h.biPlanes = 1;
    b->h.biBitCount = bpp;
    b->h.biCompression = compression;
}
/* 0x00RRGGBB of a 4x4 test colour c(x, y): every channel distinct per pixel */
static DWORD col8(int x, int y) { return ((x * 50 + 10) << 16) | ((y * 30 + 5) << 8) | (x * 7 + y * 20 + 3); }
static DWORD col(int x, int y) { return ((x * 60 + 15) << 16) | ((y * 60 + 30) << 8) | ((x * 16 + y * 50 + 5) & 0xff); }

static BYTE rgb24[4 * 12];

static void dibits(HDC dc)
{
    struct bmi b;
    struct { BITMAPINFOHEADER h; } tb = {{sizeof(BITMAPINFOHEADER), 16, -16, 1, 32, 0, 0, 0, 0, 0, 0}};
    HBITMAP target = CreateDIBSection(dc, &tb, DIB_RGB_COLORS, (void **)&g_bits, NULL, 0);
    HDC mem = CreateCompatibleDC(dc);
    SelectObject(mem, target);
    int ok;

    /* 24 bpp bottom-up 4x4: the first stored row is the bottom one */
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) {
            DWORD c = col(x, y); /* (x, y) in top-down picture coordinates */
            BYTE *p = rgb24 + (3 - y) * 12 + 3 * x;
            p[0] = c & 0xff; p[1] = (c >> 8) & 0xff; p[2] = c >> 16;
        }
    header(&b, 4, 4, 24, 0);
    clear(0);
    int r = StretchDIBits(mem, 0, 0, 4, 4, 0, 0, 4, 4, rgb24, &b, DIB_RGB_COLORS, SRCCOPY);
    ok = r == 4;
    for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) if (px(x, y) != col(x, y)) ok = 0;
    check(ok, "24 bpp bottom-up 1:1, returns the source lines");
    /* a 2x2 source rectangle at (1, 1): YSrc counts from the bottom row */
    clear(0);
    StretchDIBits(mem, 0, 0, 2, 2, 1, 1, 2, 2, rgb24, &b, DIB_RGB_COLORS, SRCCOPY);
    check(px(0, 0) == col(1, 1) && px(1, 0) == col(2, 1) && px(0, 1) == col(1, 2) && px(1, 1) == col(2, 2), "bottom-up source rectangle: YSrc from the bottom");
    /* stretch 2x and mirror */
    clear(0);
    StretchDIBits(mem, 0, 0, 8, 8, 0, 0, 4, 4, rgb24, &b, DIB_RGB_COLORS, SRCCOPY);
    ok = 1;
    for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) if (px(x, y) != col(x / 2, y / 2)) ok = 0;
    check(ok, "4x4 -> 8x8: 2x2 blocks");
    clear(0);
    StretchDIBits(mem, 4, 0, -4, 4, 0, 0, 4, 4, rgb24, &b, DIB_RGB_COLORS, SRCCOPY);
    ok = 1;
    for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) if (px(x, y) != col(3 - x, y)) ok = 0;
    check(ok, "a negative destination width mirrors");

    /* 32 bpp top-down */
    DWORD rgb32[16];
    for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) rgb32[y * 4 + x] = col(x, y);
    header(&b, 4, -4, 32, 0);
    clear(0);
    r = StretchDIBits(mem, 2, 3, 4, 4, 0, 0, 4, 4, rgb32, &b, DIB_RGB_COLORS, SRCCOPY);
    ok = r == 4;
    for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) if (px(2 + x, 3 + y) != col(x, y)) ok = 0;
    check(ok && px(0, 0) == 0, "32 bpp top-down at (2, 3)");

    /* 8 bpp with a colour table (RGBQUAD = 0x00RRGGBB) */
    BYTE idx8[4 * 4];
    header(&b, 4, -4, 8, 0);
    b.h.biClrUsed = 16;
    for (int i = 0; i < 16; i++) b.colors[i] = col(i % 4, i / 4);
    for (int i = 0; i < 16; i++) idx8[i] = 15 - i;
    clear(0);
    StretchDIBits(mem, 0, 0, 4, 4, 0, 0, 4, 4, idx8, &b, DIB_RGB_COLORS, SRCCOPY);
    ok = 1;
    for (int i = 0; i < 16; i++) if (px(i % 4, i / 4) != b.colors[15 - i]) ok = 0;
    check(ok, "8 bpp through its colour table");

    /* 4 bpp: two pixels a byte, high nibble first */
    BYTE idx4[4 * 4] = { 0x01, 0x23, 0, 0, 0x45, 0x67, 0, 0, 0x89, 0xab, 0, 0, 0xcd, 0xef, 0, 0 };
    header(&b, 4, -4, 4, 0);
    for (int i = 0; i < 16; i++) b.colors[i] = col(i % 4, i / 4);
    clear(0);
    StretchDIBits(mem, 0, 0, 4, 4, 0, 0, 4, 4, idx4, &b, DIB_RGB_COLORS, SRCCOPY);
    ok = 1;
    for (int i = 0; i < 16; i++) if (px(i % 4, i / 4) != b.colors[i]) ok = 0;
    check(ok, "4 bpp, high nibble first");

    /* 1 bpp: red for 0, blue for 1 from the table, whatever the DC's text colours */
    BYTE mono[4 * 2] = { 0xa0, 0, 0, 0, 0x50, 0, 0, 0 };
    header(&b, 4, -2, 1, 0);
    b.colors[0] = 0xff0000;
    b.colors[1] = 0x0000ff;
    SetTextColor(mem, RGB(0, 255, 0));
    clear(0);
    StretchDIBits(mem, 0, 0, 4, 2, 0, 0, 4, 2, mono, &b, DIB_RGB_COLORS, SRCCOPY);
    check(px(0, 0) == 0x0000ff && px(1, 0) == 0xff0000 && px(2, 0) == 0x0000ff && px(0, 1) == 0xff0000 && px(1, 1) == 0x0000ff,
          "1 bpp takes its colour table");

    /* 16 bpp: BI_RGB is 5-5-5, BI_BITFIELDS 5-6-5 */
    WORD w16[2] = { 0x7c00, 0x001f }; /* red, blue in 5-5-5 */
    header(&b, 2, -1, 16, 0);
    clear(0);
    StretchDIBits(mem, 0, 0, 2, 1, 0, 0, 2, 1, w16, &b, DIB_RGB_COLORS, SRCCOPY);
    check(px(0, 0) == 0xff0000 && px(1, 0) == 0x0000ff, "16 bpp BI_RGB is 5-5-5");
    WORD w565[2] = { 0x07e0, 0xf800 }; /* green, red in 5-6-5 */
    header(&b, 2, -1, 16, 3);
    b.colors[0] = 0xf800; b.colors[1] = 0x07e0; b.colors[2] = 0x001f;
    clear(0);
    StretchDIBits(mem, 0, 0, 2, 1, 0, 0, 2, 1, w565, &b, DIB_RGB_COLORS, SRCCOPY);
    check(px(0, 0) == 0x00ff00 && px(1, 0) == 0xff0000, "16 bpp BI_BITFIELDS 5-6-5");

    /* DIB_PAL_COLORS: WORD indexes into the DC's palette (the default one: 13 = red, 16 = blue, 19 = white) */
    BYTE pal8[4] = { 0, 1, 2, 0 };
    header(&b, 3, -1, 8, 0);
    b.h.biClrUsed = 3;
    ((WORD *)b.colors)[0] = 13; ((WORD *)b.colors)[1] = 16; ((WORD *)b.colors)[2] = 19;
    clear(0);
    StretchDIBits(mem, 0, 0, 3, 1, 0, 0, 3, 1, pal8, &b, DIB_PAL_COLORS, SRCCOPY);
    check(px(0, 0) == 0xff0000 && px(1, 0) == 0x0000ff && px(2, 0) == 0xffffff, "DIB_PAL_COLORS through the default palette");

    /* ROPs on a known destination, computed bitwise here (D = 0x123456, S = col, P = the brush) */
    static const struct { DWORD rop; const char *name; } rops[] = {
        { SRCINVERT, "SRCINVERT" }, { SRCAND, "SRCAND" }, { NOTSRCCOPY, "NOTSRCCOPY" }, { MERGECOPY, "MERGECOPY" }, { PATCOPY, "PATCOPY" }, { DSTINVERT, "DSTINVERT" },
    };
    DWORD P = 0x00ff80; /* RGB(0, 255, 128) as 0x00RRGGBB */
    HBRUSH br = CreateSolidBrush(RGB(0, 255, 128));
    HGDIOBJ ob = SelectObject(mem, br);
    header(&b, 4, -4, 32, 0);
    for (int k = 0; k < 6; k++) {
        clear(0x123456);
        StretchDIBits(mem, 0, 0, 4, 4, 0, 0, 4, 4, rgb32, &b, DIB_RGB_COLORS, rops[k].rop);
        ok = 1;
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) {
                DWORD S = col(x, y), D = 0x123456, want;
                switch (k) {
                case 0: want = S ^ D; break;
                case 1: want = S & D; break;
                case 2: want = ~S; break;
                case 3: want = S & P; break;
                case 4: want = P; break;
                default: want = ~D; break;
                }
                if (px(x, y) != (want & 0xffffff)) ok = 0;
            }
        printf("ROP %s: ", rops[k].name);
        check(ok, "the bitwise result");
    }
    SelectObject(mem, ob);
    DeleteObject(br);

    /* SetDIBitsToDevice in bands of 2 scan lines: a bottom-up 4x8 picture sent bottom band first */
    {
        static DWORD full[8][4]; /* full[r] = DIB scan line r = picture row 7 - r */
        for (int r = 0; r < 8; r++) for (int x = 0; x < 4; x++) full[r][x] = col8(x, 7 - r);
        header(&b, 4, 8, 32, 0);
        clear(0);
        ok = 1;
        for (int k = 0; k < 4; k++) if (SetDIBitsToDevice(mem, 1, 1, 4, 8, 0, 0, 2 * k, 2, full[2 * k], &b, DIB_RGB_COLORS) != 2) ok = 0;
        for (int y = 0; y < 8; y++) for (int x = 0; x < 4; x++) if (px(1 + x, 1 + y) != col8(x, y)) ok = 0;
        check(ok && px(0, 0) == 0 && px(5, 1) == 0, "SetDIBitsToDevice, bottom-up in 4 bands of 2 lines: the picture");
        /* a source rectangle (XSrc 1, YSrc 2 from the bottom, 2x3) from one band holding lines 1..6 */
        clear(0);
        SetDIBitsToDevice(mem, 0, 0, 2, 3, 1, 2, 1, 6, full[1], &b, DIB_RGB_COLORS);
        ok = 1;
        for (int j = 0; j < 3; j++) for (int i = 0; i < 2; i++) if (px(i, j) != col8(1 + i, 7 - (2 + 2 - j))) ok = 0;
        check(ok && px(2, 0) == 0 && px(0, 3) == 0, "SetDIBitsToDevice bottom-up source rectangle: YSrc from the bottom, its top row at YDest");
        /* top-down: scan line 0 is the top row; the band holds lines 3..5, the rectangle asks rows 2..5 */
        static DWORD td[8][4];
        for (int r = 0; r < 8; r++) for (int x = 0; x < 4; x++) td[r][x] = col8(x, r);
        header(&b, 4, -8, 32, 0);
        clear(0);
        int n = SetDIBitsToDevice(mem, 0, 0, 4, 4, 0, 2, 3, 3, td[3], &b, DIB_RGB_COLORS);
        ok = n == 3;
        for (int x = 0; x < 4; x++) if (px(x, 0) != 0 || px(x, 1) != col8(x, 3) || px(x, 3) != col8(x, 5)) ok = 0;
        check(ok, "SetDIBitsToDevice top-down: only the rows the band holds, at YDest + (row - YSrc)");
    }

    header(&b, 0, 4, 32, 0);
    SetLastError(0);
    check(StretchDIBits(mem, 0, 0, 4, 4, 0, 0, 4, 4, rgb32, &b, DIB_RGB_COLORS, SRCCOPY) == 0 && GetLastError() == 87, "biWidth 0: 0, ERROR_INVALID_PARAMETER");
    header(&b, 4, 4, 32, 0);
    check(StretchDIBits(mem, 0, 0, 4, 4, 0, 0, 4, 4, NULL, &b, DIB_RGB_COLORS, SRCCOPY) == 0, "no bits: 0");
    DeleteDC(mem);
    DeleteObject(target);
}

/* ---------------------------------------------------------------- palettes, colour tables, regions */
static void palettes(HDC dc)
{
    struct { WORD ver, n; DWORD e[4]; } lp = { 0x300, 4, { RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255), RGB(10, 20, 30) } };
    HPALETTE h = CreatePalette(&lp);
    WORD count = 0;
    DWORD e[8];
    check(h && GetObjectW(h, 2, &count) == 2 && count == 4 && GetPaletteEntries(h, 0, 0, NULL) == 4, "CreatePalette: 4 entries (GetObjectW, GetPaletteEntries(NULL))");
    check(GetPaletteEntries(h, 1, 8, e) == 3 && e[0] == RGB(0, 255, 0) && e[2] == RGB(10, 20, 30), "GetPaletteEntries from 1: the 3 left");
    DWORD white = RGB(255, 255, 255);
    check(SetPaletteEntries(h, 3, 1, &white) == 1 && GetPaletteEntries(h, 3, 1, e) == 1 && e[0] == white, "SetPaletteEntries, read back");
    check(GetNearestPaletteIndex(h, RGB(250, 10, 10)) == 0 && GetNearestPaletteIndex(h, RGB(0, 0, 200)) == 2 && GetNearestPaletteIndex(h, RGB(200, 200, 200)) == 3,
          "GetNearestPaletteIndex: the closest entry");
    HPALETTE def = GetStockObject(DEFAULT_PALETTE);
    check(SetPaletteEntries(def, 0, 1, &white) == 0, "the default palette cannot be changed");
    check(GetSystemPaletteEntries(dc, 0, 8, e) == 0, "no system palette on a 16 bpp display");

    /* the selected palette is what DIB_PAL_COLORS indexes */
    struct { BITMAPINFOHEADER h; } tb = {{sizeof(BITMAPINFOHEADER), 4, -1, 1, 32, 0, 0, 0, 0, 0, 0}};
    DWORD *bits;
    HBITMAP target = CreateDIBSection(dc, &tb, DIB_RGB_COLORS, (void **)&bits, NULL, 0);
    HDC mem = CreateCompatibleDC(dc);
    SelectObject(mem, target);
    check(SelectPalette(mem, h, FALSE) == def && RealizePalette(mem) == 0, "SelectPalette returns the default palette; RealizePalette maps nothing");
    struct bmi b;
    BYTE idx[4] = { 0, 1, 2, 3 };
    header(&b, 4, -1, 8, 0);
    b.h.biClrUsed = 4;
    for (int i = 0; i < 4; i++) ((WORD *)b.colors)[i] = i;
    StretchDIBits(mem, 0, 0, 4, 1, 0, 0, 4, 1, idx, &b, DIB_PAL_COLORS, SRCCOPY);
    check((bits[0] & 0xffffff) == 0xff0000 && (bits[1] & 0xffffff) == 0x00ff00 && (bits[2] & 0xffffff) == 0x0000ff && (bits[3] & 0xffffff) == 0xffffff,
          "DIB_PAL_COLORS through the selected palette");
    check(SelectPalette(mem, def, FALSE) == h, "SelectPalette gives the palette back");
    DeleteDC(mem);
    DeleteObject(target);
    DeleteObject(h);

    /* GetNearestColor: RGB565 as the display stores it, each channel's top bits replicated */
    COLORREF c = RGB(0x13, 0x27, 0x3b);
    int r5 = 0x13 >> 3, g6 = 0x27 >> 2, b5 = 0x3b >> 3;
    check(GetNearestColor(dc, c) == RGB((r5 << 3) | (r5 >> 2), (g6 << 2) | (g6 >> 4), (b5 << 3) | (b5 >> 2)), "GetNearestColor on the display: RGB565");

    /* a DIB section's colour table */
    struct bmi t;
    header(&t, 2, 2, 8, 0);
    t.h.biClrUsed = 4;
    t.colors[0] = 0x000000; t.colors[1] = 0x112233; t.colors[2] = 0x445566; t.colors[3] = 0xffffff;
    BYTE *b8;
    HBITMAP dib = CreateDIBSection(dc, &t, DIB_RGB_COLORS, (void **)&b8, NULL, 0);
    HDC m2 = CreateCompatibleDC(dc);
    SelectObject(m2, dib);
    DWORD q[8];
    check(GetDIBColorTable(m2, 0, 8, q) == 4 && q[1] == 0x112233 && q[2] == 0x445566, "GetDIBColorTable: the table as given (RGBQUADs)");
    DWORD nq = 0x778899;
    check(SetDIBColorTable(m2, 2, 1, &nq) == 1 && GetDIBColorTable(m2, 2, 1, q) == 1 && q[0] == 0x778899, "SetDIBColorTable, read back");
    b8[0] = 2;
    check(GetPixel(m2, 0, 1) == RGB(0x77, 0x88, 0x99), "... and the pixels show the new colour (bottom-up: first byte = bottom row)");
    DeleteDC(m2);
    DeleteObject(dib);

    HRGN whole = CreateRectRgn(0, 0, 10, 10), left = CreateRectRgn(0, 0, 5, 10), right = CreateRectRgn(5, 0, 10, 10), taller = CreateRectRgn(0, 0, 10, 11);
    CombineRgn(left, left, right, RGN_OR);
    check(EqualRgn(whole, left) && !EqualRgn(whole, taller), "EqualRgn: the same pixels, not a taller rectangle");
    DeleteObject(whole); DeleteObject(left); DeleteObject(right); DeleteObject(taller);
}

/* ---------------------------------------------------------------- DrawIconEx
 * gdidev.rc's icon 1 (src/gdidev/icon.ico, 16x16, 4 bpp): pixel (x, y) has colour index (x + y) % 4 of
 * { black, red, green, blue } and is transparent in the AND mask where (x * y) % 3 == 0. */
static const DWORD icon_pal[4] = { 0x000000, 0xff0000, 0x00ff00, 0x0000ff };
static DWORD icon_colour(int x, int y) { return icon_pal[(x + y) % 4]; }
static int icon_clear(int x, int y) { return (x * y) % 3 == 0; }

static void icons(HDC dc, HINSTANCE inst)
{
    struct { BITMAPINFOHEADER h; } tb = {{sizeof(BITMAPINFOHEADER), 40, -40, 1, 32, 0, 0, 0, 0, 0, 0}};
    DWORD *bits;
    HBITMAP target = CreateDIBSection(dc, &tb, DIB_RGB_COLORS, (void **)&bits, NULL, 0);
    HDC mem = CreateCompatibleDC(dc);
    SelectObject(mem, target);
    HICON ic = LoadImageW(inst, (LPCWSTR)1, IMAGE_ICON, 16, 16, 0);
    check(ic != NULL, "LoadImageW(icon 1, 16x16)");
    static const UINT modes[3] = { DI_NORMAL, DI_IMAGE, DI_MASK };
    static const char *names[3] = { "DI_NORMAL: (screen AND mask) XOR image", "DI_IMAGE: the image", "DI_MASK: the mask, black and white" };
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < 40 * 40; i++) bits[i] = 0x808080;
        int r = DrawIconEx(mem, 2, 3, ic, 0, 0, 0, NULL, modes[k]);
        int ok = r;
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++) {
                DWORD d = 0x808080, want;
                if (k == 0) want = (icon_clear(x, y) ? d : 0) ^ icon_colour(x, y);
                else if (k == 1) want = icon_colour(x, y);
                else want = icon_clear(x, y) ? 0xffffff : 0;
                if ((bits[(3 + y) * 40 + 2 + x] & 0xffffff) != want) ok = 0;
            }
        if ((bits[0] & 0xffffff) != 0x808080 || (bits[19 * 40 + 18] & 0xffffff) != 0x808080) ok = 0;
        check(ok, names[k]);
    }
    /* stretched to 32x32 over a flicker-free brush: each icon pixel a 2x2 block over blue */
    HBRUSH blue = CreateSolidBrush(RGB(0, 0, 255));
    for (int i = 0; i < 40 * 40; i++) bits[i] = 0x808080;
    DrawIconEx(mem, 0, 0, ic, 32, 32, 0, blue, DI_NORMAL);
    int ok = 1;
    for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
            if ((bits[y * 40 + x] & 0xffffff) != ((icon_clear(x / 2, y / 2) ? 0x0000ff : 0) ^ icon_colour(x / 2, y / 2))) ok = 0;
    check(ok, "DrawIconEx 32x32 over hbrFlickerFreeDraw: 2x2 blocks over the brush");
    DeleteObject(blue);
    SetLastError(0);
    check(!DrawIconEx(mem, 0, 0, (HICON)0x1234, 0, 0, 0, NULL, DI_NORMAL) && GetLastError() == 1402, "a bad icon: FALSE, ERROR_INVALID_CURSOR_HANDLE");
    DeleteDC(mem);
    DeleteObject(target);
}

/* ---------------------------------------------------------------- one monitor */
struct mon_seen { int n; HMONITOR m; RECT r; LPARAM data; BOOL ret; };
static BOOL CALLBACK mon_proc(HMONITOR m, HDC dc, RECT *r, LPARAM data)
{
    struct mon_seen *s = (struct mon_seen *)data;
    s->n++; s->m = m; s->r = *r; s->data = data;
    return s->ret;
}

static void monitors(void)
{
    int w = GetSystemMetrics(SM_CXSCREEN), h = GetSystemMetrics(SM_CYSCREEN);
    HMONITOR m = MonitorFromWindow(NULL, 2);
    POINT in = { 5, 5 }, out = { -10, -10 };
    RECT off = { w + 10, 0, w + 20, 10 };
    check(m != NULL && MonitorFromWindow(NULL, 0) == NULL && MonitorFromPoint(in, 0) == m && MonitorFromPoint(out, 0) == NULL && MonitorFromPoint(out, 1) == m &&
              MonitorFromRect(&off, 0) == NULL && MonitorFromRect(&off, 2) == m,
          "one monitor: on the screen, or by MONITOR_DEFAULTTO* off it");
    MONITORINFOEXW mi;
    RECT work;
    SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0);
    mi.cbSize = 40;
    check(GetMonitorInfo(m, &mi) && mi.rcMonitor.left == 0 && mi.rcMonitor.right == w && mi.rcMonitor.bottom == h && mi.rcWork.right == work.right &&
              mi.rcWork.bottom == work.bottom && mi.dwFlags == 1,
          "GetMonitorInfo: the screen, the work area, MONITORINFOF_PRIMARY");
    mi.cbSize = sizeof mi;
    mi.szDevice[0] = 0;
    check(GetMonitorInfo(m, &mi) && mi.szDevice[0] != 0, "GetMonitorInfo(MONITORINFOEXW): a device name");
    mi.cbSize = 41;
    SetLastError(0);
    check(!GetMonitorInfo(m, &mi) && GetLastError() == 87, "GetMonitorInfo with a bad cbSize: ERROR_INVALID_PARAMETER");
    static struct mon_seen s1, s2, s3;
    s1.ret = s3.ret = TRUE;
    check(EnumDisplayMonitors(NULL, NULL, mon_proc, (LPARAM)&s1) && s1.n == 1 && s1.m == m && s1.r.right == w && s1.r.bottom == h && s1.data == (LPARAM)&s1,
          "EnumDisplayMonitors: the monitor once, with the screen");
    check(!EnumDisplayMonitors(NULL, NULL, mon_proc, (LPARAM)&s2) && s2.n == 1, "... FALSE when the callback says FALSE");
    check(EnumDisplayMonitors(NULL, &off, mon_proc, (LPARAM)&s3) && s3.n == 0, "... nothing for a clip rectangle off the screen");
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    /* CreateDCW / DeleteDC / ReleaseDC */
    HDC d = CreateDCW(L"DISPLAY", NULL, NULL, NULL);
    check(d != NULL && GetDeviceCaps(d, HORZRES) == GetSystemMetrics(SM_CXSCREEN), "CreateDCW(L\"DISPLAY\"): a screen DC");
    SetPixel(d, 3, 3, RGB(255, 0, 0));
    check(GetPixel(d, 3, 3) == RGB(255, 0, 0), "... it draws on the screen");
    check(GetLayout(d) == 0, "GetLayout: left to right (0)");
    check(SetLayout(d, 0) == 0 && GetLayout(d) == 0, "SetLayout(0): the previous layout, 0");
    SetLastError(0);
    check(GetLayout((HDC)0x4321) == 0xFFFFFFFF && GetLastError() == 6, "GetLayout(not a DC): GDI_ERROR, ERROR_INVALID_HANDLE");
    check(ReleaseDC(NULL, d) == 0, "ReleaseDC refuses a CreateDC DC");
    check(DeleteDC(d), "DeleteDC frees it");
    HDC n = CreateDCW(NULL, NULL, NULL, NULL);
    check(n != NULL && GetDeviceCaps(n, BITSPIXEL) == 16, "CreateDCW(NULL): a screen DC too");
    DeleteDC(n);
    SetLastError(0);
    check(CreateDCW(L"pcl.dll", L"Printer", L"LPT1:", NULL) == NULL && GetLastError() == 126, "a printer driver the device lacks: NULL, ERROR_MOD_NOT_FOUND");
    HDC g = GetDC(NULL);
    check(!DeleteDC(g) && ReleaseDC(NULL, g) == 1, "DeleteDC refuses a GetDC DC; ReleaseDC releases it");

    HDC dc = GetDC(NULL);
    check(GetDeviceCaps(dc, SIZEPALETTE) == 0 && GetDeviceCaps(dc, NUMRESERVED) == 0 && GetDeviceCaps(dc, COLORRES) == 16 && (GetDeviceCaps(dc, RASTERCAPS) & RC_STRETCHDIB),
          "GetDeviceCaps of a 16 bpp display: no palette, COLORRES 16, RC_STRETCHDIB");
    fonts(dc);
    dibits(dc);
    palettes(dc);
    icons(dc, hInstance);
    monitors();
    ReleaseDC(NULL, dc);

    /* keyboard layout of an en-US device */
    WCHAR klid[9];
    check((DWORD)GetKeyboardLayout(0) == 0x04090409 && GetKeyboardLayoutNameW(klid) && !wcscmp(klid, L"00000409"), "GetKeyboardLayout: en-US 0x04090409, \"00000409\"");

    /* SHGetFileInfo */
    HANDLE fh = CreateFileW(L"\\gdidev.zzq", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(fh);
    static SHFILEINFO sfi;
    DWORD r = SHGetFileInfo(L"\\gdidev.zzq", 0, &sfi, sizeof sfi, SHGFI_DISPLAYNAME | SHGFI_TYPENAME | SHGFI_ATTRIBUTES);
    check(r && !wcscmp(sfi.szDisplayName, L"gdidev.zzq") && !wcscmp(sfi.szTypeName, L"ZZQ File") && sfi.dwAttributes == 0, "SHGetFileInfo: name, \"ZZQ File\", attributes");
    r = SHGetFileInfo(L"\\nowhere\\box", FILE_ATTRIBUTE_DIRECTORY, &sfi, sizeof sfi, SHGFI_USEFILEATTRIBUTES | SHGFI_TYPENAME | SHGFI_ATTRIBUTES);
    check(r && !wcscmp(sfi.szTypeName, L"Folder") && sfi.dwAttributes == SFGAO_FOLDER, "SHGFI_USEFILEATTRIBUTES: a folder that need not exist");
    check(SHGetFileInfo(L"\\nowhere\\x.zzq", 0, &sfi, sizeof sfi, SHGFI_DISPLAYNAME) == 0, "a path that does not exist: 0");
    DeleteFileW(L"\\gdidev.zzq");

    /* for test/gdi/gdidev.test.ts: the 24 bpp picture 4x larger on the screen at (100, 100), through a display DC */
    struct bmi b;
    header(&b, 4, 4, 24, 0);
    HDC s = CreateDCW(L"DISPLAY", NULL, NULL, NULL);
    check(StretchDIBits(s, 100, 100, 16, 16, 0, 0, 4, 4, rgb24, &b, DIB_RGB_COLORS, SRCCOPY) == 4, "StretchDIBits onto the display DC");
    DeleteDC(s);
    return failures;
}
