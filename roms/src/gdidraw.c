/* gdidraw.c — GDI blits and text layout read back with GetPixel (issue 13 item 3): StretchBlt
 * stretching and shrinking in the stretch modes CE has (COLORONCOLOR deletes eliminated pixels,
 * BLACKONWHITE ANDs them; SetStretchBltMode / GetStretchBltMode, a new DC's mode BLACKONWHITE),
 * mirroring by a negative width, TransparentImage from a DC and from a bitmap handle (1:1 and
 * stretched), DrawTextW with DT_CENTER | DT_VCENTER | DT_SINGLELINE, DT_WORDBREAK (with DT_CENTER) and
 * DT_CALCRECT. Every expectation is computed here from the definition (the source pattern, the text
 * extents GetTextExtentExPointW gives, ExtTextOutW at the position the layout rules give), never from
 * numbers taken from the implementation. The window stays on screen (800x480 profile) so
 * test/gdi/gdidraw.test.ts checks the same areas in the screenshot. Prints ok/FAIL lines; exit code =
 * failures. */
#include <windows.h>
#include <wingdi.h>

/* Not in include/wingdi.h (CE SDK values; coredll ordinals in the comments). */
#define COLORONCOLOR 3
#define BLACKONWHITE 1
#define DT_CENTER 0x0001
#define DT_VCENTER 0x0004
#define DT_WORDBREAK 0x0010
WINBASEAPI BOOL WINAPI StretchBlt(HDC d, int x, int y, int w, int h, HDC s, int sx, int sy, int sw, int sh, DWORD rop); /* 905 */
WINBASEAPI BOOL WINAPI TransparentImage(HDC d, int x, int y, int w, int h, HANDLE s, int sx, int sy, int sw, int sh, COLORREF key); /* 906 */
WINBASEAPI int WINAPI SetStretchBltMode(HDC dc, int mode); /* 1825 */
WINBASEAPI int WINAPI GetStretchBltMode(HDC dc);           /* 1824 */
WINBASEAPI BOOL WINAPI GetTextMetricsW(HDC dc, void *tm);  /* 898 */
WINBASEAPI int WINAPI GetObjectW(HGDIOBJ h, int n, void *out); /* 918 */
typedef struct {
    DWORD biSize; LONG biWidth, biHeight; WORD biPlanes, biBitCount;
    DWORD biCompression, biSizeImage; LONG biXPelsPerMeter, biYPelsPerMeter; DWORD biClrUsed, biClrImportant;
} BITMAPINFOHEADER;
typedef struct { LONG bmType, bmWidth, bmHeight, bmWidthBytes; WORD bmPlanes, bmBitsPixel; void *bmBits; } BITMAP;
typedef struct { BITMAP dsBm; BITMAPINFOHEADER dsBmih; DWORD dsBitfields[3]; HANDLE dshSection; DWORD dsOffset; } DIBSECTION;
WINBASEAPI HBITMAP WINAPI CreateDIBSection(HDC dc, const void *bmi, UINT usage, void **bits, HANDLE section, DWORD offset); /* 909 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_PAINT) {
        PAINTSTRUCT ps;
        BeginPaint(h, &ps);
        EndPaint(h, &ps);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

#define RED RGB(255, 0, 0)
#define GREEN RGB(0, 255, 0)
#define BLUE RGB(0, 0, 255)
#define WHITE RGB(255, 255, 255)
#define BLACK RGB(0, 0, 0)
#define KEY RGB(255, 0, 255)
static const COLORREF colors[4] = { RED, GREEN, BLUE, WHITE };
/* The 8x8 source pattern (exact in RGB565: every channel 0 or 255). */
static COLORREF pattern(int x, int y) { return colors[(x + 2 * y + (x * y) / 3) % 4]; }

/* Pixels of a w x h area at (x, y) of dc that differ from want(i, j). */
typedef COLORREF (*Want)(int i, int j);
static int differ(HDC dc, int x, int y, int w, int h, Want want)
{
    int n = 0;
    for (int j = 0; j < h; j++)
        for (int i = 0; i < w; i++)
            if (GetPixel(dc, x + i, y + j) != want(i, j)) n++;
    return n;
}
static COLORREF want_x3(int i, int j) { return pattern(i / 3, j / 3); }
static COLORREF want_half(int i, int j) { return pattern(2 * i, 2 * j); }
static COLORREF want_mirror(int i, int j) { return pattern(7 - i, j); }
/* A source whose 2x2 blocks hold one black pixel (bottom right): COLORONCOLOR keeps the top-left white. */
static COLORREF dots(int x, int y) { return (x & 1) && (y & 1) ? BLACK : WHITE; }
static COLORREF want_white(int i, int j) { return WHITE; }
static COLORREF want_black(int i, int j) { return BLACK; }
static COLORREF keyed(int x, int y) { return (x + y) % 3 == 0 ? KEY : BLUE; }
static COLORREF want_keyed(int i, int j) { return keyed(i, j) == KEY ? GREEN : BLUE; }
static COLORREF want_keyed_x2(int i, int j) { return keyed(i / 2, j / 2) == KEY ? GREEN : BLUE; }

static HDC g_ref;
static int g_rx, g_ry;
static COLORREF want_ref(int i, int j) { return GetPixel(g_ref, g_rx + i, g_ry + j); }

static void fill(HDC dc, int l, int t, int r, int b, COLORREF c)
{
    RECT rc = { l, t, r, b };
    HBRUSH br = CreateSolidBrush(c);
    FillRect(dc, &rc, br);
    DeleteObject(br);
}

static int width_of(HDC dc, const WCHAR *s, int n)
{
    SIZE sz;
    GetTextExtentExPointW(dc, s, n, 0, NULL, NULL, &sz);
    return sz.cx;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = L"GdiDraw";
    RegisterClassW(&wc);
    HWND h = CreateWindowExW(0, L"GdiDraw", L"GDI", WS_CAPTION | WS_VISIBLE, 20, 20, 700, 440, NULL, NULL, hInstance, NULL);
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    HDC dc = GetDC(h);

    /* the source: an 8x8 bitmap in a memory DC, also copied 1:1 to client (0, 0) for the test */
    HDC mem = CreateCompatibleDC(dc);
    HBITMAP bmp = CreateCompatibleBitmap(dc, 8, 8);
    HGDIOBJ old = SelectObject(mem, bmp);
    for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) SetPixel(mem, x, y, pattern(x, y));
    BitBlt(dc, 0, 0, 8, 8, mem, 0, 0, SRCCOPY);

    check(GetStretchBltMode(dc) == BLACKONWHITE, "a new DC's stretch mode is BLACKONWHITE");
    check(SetStretchBltMode(dc, COLORONCOLOR) == BLACKONWHITE && GetStretchBltMode(dc) == COLORONCOLOR, "SetStretchBltMode returns the previous mode");
    check(SetStretchBltMode(dc, 0) == 0 && GetLastError() == 87, "SetStretchBltMode(0): ERROR_INVALID_PARAMETER");

    StretchBlt(dc, 20, 0, 24, 24, mem, 0, 0, 8, 8, SRCCOPY);
    check(differ(dc, 20, 0, 24, 24, want_x3) == 0, "StretchBlt 8x8 -> 24x24: every source pixel a 3x3 block");
    StretchBlt(dc, 50, 0, 4, 4, mem, 0, 0, 8, 8, SRCCOPY);
    check(differ(dc, 50, 0, 4, 4, want_half) == 0, "StretchBlt 8x8 -> 4x4 COLORONCOLOR: the even pixels kept");
    StretchBlt(dc, 60 + 8, 0, -8, 8, mem, 0, 0, 8, 8, SRCCOPY);
    check(differ(dc, 60, 0, 8, 8, want_mirror) == 0, "StretchBlt with a negative width mirrors");

    /* shrinking dots: COLORONCOLOR keeps (2i, 2j) = white; BLACKONWHITE ANDs each 2x2 block = black */
    for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) SetPixel(mem, x, y, dots(x, y));
    StretchBlt(dc, 80, 0, 4, 4, mem, 0, 0, 8, 8, SRCCOPY);
    check(differ(dc, 80, 0, 4, 4, want_white) == 0, "COLORONCOLOR shrink deletes the black dots");
    SetStretchBltMode(dc, BLACKONWHITE);
    StretchBlt(dc, 90, 0, 4, 4, mem, 0, 0, 8, 8, SRCCOPY);
    check(differ(dc, 90, 0, 4, 4, want_black) == 0, "BLACKONWHITE shrink keeps them (AND)");
    StretchBlt(dc, 100, 0, 16, 16, mem, 0, 0, 8, 8, SRCCOPY);
    int blocks = 0;
    for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) if (GetPixel(dc, 100 + x, y) == dots(x / 2, y / 2)) blocks++;
    check(blocks == 256, "BLACKONWHITE stretch: nothing eliminated, 2x2 blocks");

    /* TransparentImage: magenta is the transparent colour, over green */
    for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) SetPixel(mem, x, y, keyed(x, y));
    fill(dc, 0, 40, 200, 60, GREEN);
    check(TransparentImage(dc, 0, 40, 8, 8, mem, 0, 0, 8, 8, KEY), "TransparentImage from a DC");
    check(differ(dc, 0, 40, 8, 8, want_keyed) == 0, "TransparentImage 1:1: the key colour lets the green through");
    SelectObject(mem, old);
    check(TransparentImage(dc, 20, 40, 16, 16, bmp, 0, 0, 8, 8, KEY), "TransparentImage from a bitmap handle");
    check(differ(dc, 20, 40, 16, 16, want_keyed_x2) == 0, "TransparentImage 8x8 -> 16x16");
    check(!TransparentImage(dc, 40, 40, 0, 8, bmp, 0, 0, 8, 8, KEY) && GetLastError() == 87, "TransparentImage with an empty rectangle: ERROR_INVALID_PARAMETER");
    DeleteObject(bmp);
    DeleteDC(mem);

    /* DrawTextW, each layout checked against ExtTextOutW at the position the rules give */
    LOGFONTW lf = {0};
    lf.lfHeight = -12;
    lf.lfWeight = 400;
    wcscpy(lf.lfFaceName, L"Tahoma");
    HFONT f = CreateFontIndirectW(&lf);
    HGDIOBJ of = SelectObject(dc, f);
    SetBkMode(dc, TRANSPARENT);
    LONG tm[15];
    GetTextMetricsW(dc, tm);
    int lineh = tm[0];
    check(lineh > 10 && lineh < 20, "Tahoma -12 line height");

    /* DT_SINGLELINE | DT_CENTER | DT_VCENTER in a 200x40 box at (0, 80) */
    const WCHAR *word = L"Centered";
    RECT box = { 0, 80, 200, 120 };
    int cw = width_of(dc, word, 8);
    int r1 = DrawTextW(dc, word, -1, &box, DT_SINGLELINE | DT_CENTER | DT_VCENTER);
    check(r1 == lineh, "DrawTextW returns the text height");
    ExtTextOutW(dc, 300 + (200 - cw) / 2, 80 + (40 - lineh) / 2, 0, NULL, word, 8, NULL);
    g_ref = dc; g_rx = 300; g_ry = 80;
    check(differ(dc, 0, 80, 200, 40, want_ref) == 0, "DT_CENTER | DT_VCENTER | DT_SINGLELINE = ExtTextOutW at ((200 - cx) / 2, (40 - height) / 2)");
    int ink = 0;
    for (int y = 80; y < 120; y++) for (int x = 0; x < 200; x++) if (GetPixel(dc, x, y) == BLACK) ink++;
    check(ink > 20, "... and there is ink to compare");

    /* DT_WORDBREAK (| DT_CENTER) in a WRAP-pixel-wide box: greedy breaks at spaces, measured here */
#define WRAP 60
    const WCHAR *text = L"one two three four five six";
    int n = 27;
    int starts[16], lens[16], lines = 0;
    for (int i = 0; i < n;) {
        int end = i, last = i;
        /* take words while the line (without its trailing space) fits */
        while (last < n) {
            int e = last;
            while (e < n && text[e] != L' ') e++;
            if (end > i && width_of(dc, text + i, e - i) > WRAP) break;
            end = e;
            last = e < n ? e + 1 : e;
        }
        starts[lines] = i; lens[lines] = end - i; lines++;
        i = last;
    }
    check(lines >= 3, "the sentence needs several lines at 60 px");
    RECT calc = { 0, 0, WRAP, 0 };
    int hc = DrawTextW(dc, text, -1, &calc, DT_WORDBREAK | DT_CALCRECT);
    int widest = 0;
    for (int k = 0; k < lines; k++) { int w = width_of(dc, text + starts[k], lens[k]); if (w > widest) widest = w; }
    check(hc == lines * lineh && calc.bottom == lines * lineh && calc.right == widest, "DT_CALCRECT | DT_WORDBREAK: lines x height, the widest line");
    fill(dc, 0, 130, 400, 130 + 6 * lineh, WHITE);
    RECT wb = { 0, 130, WRAP, 130 + 6 * lineh };
    DrawTextW(dc, text, -1, &wb, DT_WORDBREAK);
    RECT wc2 = { 100, 130, 100 + WRAP, 130 + 6 * lineh };
    DrawTextW(dc, text, -1, &wc2, DT_WORDBREAK | DT_CENTER);
    for (int k = 0; k < lines; k++) {
        int w = width_of(dc, text + starts[k], lens[k]);
        ExtTextOutW(dc, 200, 130 + k * lineh, 0, NULL, text + starts[k], lens[k], NULL);
        ExtTextOutW(dc, 300 + (WRAP - w) / 2, 130 + k * lineh, 0, NULL, text + starts[k], lens[k], NULL);
    }
    g_rx = 200; g_ry = 130;
    check(differ(dc, 0, 130, WRAP, 6 * lineh, want_ref) == 0, "DT_WORDBREAK = ExtTextOutW line by line");
    g_rx = 300;
    check(differ(dc, 100, 130, WRAP, 6 * lineh, want_ref) == 0, "DT_WORDBREAK | DT_CENTER: each line centred");
    printf("lines %d height %d\n", lines, lineh);

    /* GetObjectW on bitmaps: sizes as Wine's gdi32 tests show them; the DIBSECTION of a compatible bitmap as CE gives it. */
    {
        DIBSECTION ds;
        BITMAP bm;
        HBITMAP cbmp = CreateCompatibleBitmap(dc, 8, 8);
        int n = GetObjectW(cbmp, sizeof ds, &ds);
        printf("compatible bitmap: GetObjectW %d, %d bpp, compression %lu\n", n, ds.dsBmih.biBitCount, ds.dsBmih.biCompression);
        check(n == sizeof ds && ds.dsBm.bmWidth == 8 && ds.dsBmih.biSize == sizeof(BITMAPINFOHEADER) && ds.dsBmih.biWidth == 8 && ds.dsBmih.biHeight == 8 &&
                  ds.dsBmih.biBitCount == ds.dsBm.bmBitsPixel && ds.dsBmih.biPlanes == 1,
              "GetObjectW(compatible bitmap, sizeof(DIBSECTION)): the DIBSECTION (CE)");
        check(ds.dsBmih.biBitCount != 16 || (ds.dsBmih.biCompression == 3 && ds.dsBitfields[0] == 0xf800 && ds.dsBitfields[1] == 0x07e0 && ds.dsBitfields[2] == 0x001f),
              "... a 16 bpp display bitmap is BI_BITFIELDS 565");
        check(GetObjectW(cbmp, 0, NULL) == sizeof bm && GetObjectW(cbmp, sizeof bm - 1, &bm) == 0 && GetObjectW(cbmp, sizeof ds - 4, &ds) == sizeof bm,
              "GetObjectW bitmap sizes: NULL -> sizeof(BITMAP), too small -> 0, between -> sizeof(BITMAP)");
        struct { BITMAPINFOHEADER h; DWORD masks[3]; } bi = {{sizeof(BITMAPINFOHEADER), 5, -3, 1, 16, 3, 0, 100, 200, 0, 0}, {0x7c00, 0x03e0, 0x001f}};
        void *bits = NULL;
        HBITMAP dib = CreateDIBSection(dc, &bi, 0, &bits, NULL, 0);
        n = GetObjectW(dib, sizeof ds, &ds);
        check(n == sizeof ds && ds.dsBm.bmBits == bits && bits && ds.dsBm.bmWidthBytes == 12 && ds.dsBmih.biHeight == 3 && ds.dsBmih.biCompression == 3 &&
                  ds.dsBmih.biSizeImage == 36 && ds.dsBmih.biXPelsPerMeter == 100 && ds.dsBmih.biYPelsPerMeter == 200 && ds.dsBitfields[0] == 0x7c00 &&
                  ds.dsBitfields[2] == 0x001f && ds.dshSection == NULL && ds.dsOffset == 0,
              "GetObjectW(DIB section, sizeof(DIBSECTION)): header, |biHeight|, biSizeImage, masks, bits");
        DeleteObject(dib);
        DeleteObject(cbmp);
    }
    SelectObject(dc, of);
    DeleteObject(f);
    ReleaseDC(h, dc);
    return failures;
}
