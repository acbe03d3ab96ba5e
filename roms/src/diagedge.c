/* diagedge.c — DrawEdge with BF_DIAGONAL (issue 14; ce6 pegterm.exe draws its up-down arrows with it).
 * Each case draws into a 32 bpp memory bitmap filled with magenta, then prints the bitmap one row a line,
 * one letter a pixel (the system colour it equals: D 3DDKSHADOW, S BTNSHADOW, H BTNHIGHLIGHT, L 3DLIGHT,
 * F BTNFACE, W WINDOW, K WINDOWFRAME; else w, g, k for the colours of the stock WHITE_BRUSH, GRAY_BRUSH,
 * BLACK_BRUSH, '.' untouched magenta, '?' anything else), and the call's result,
 * last error and the rectangle afterwards:
 *   grid NAME W H
 *   <H rows>
 *   result NAME ret err left top right bottom
 * test/gdi/diagedge.test.ts compares them with the staircases the rule in emulator/dlls/coredll/drawedge.ts
 * (CE 6's gwes.dll) gives. Exit code 0. */
#include <windows.h>
#include <wingdi.h>

WINBASEAPI BOOL WINAPI DrawEdge(HDC, RECT *, UINT, UINT);
WINBASEAPI HBITMAP WINAPI CreateBitmap(int w, int h, UINT planes, UINT bpp, const void *bits);
WINBASEAPI BOOL WINAPI SetSysColors(int n, const int *elements, const COLORREF *colours);

#define MAGENTA RGB(255, 0, 255)
#define BF_LEFT 0x1
#define BF_TOP 0x2
#define BF_RIGHT 0x4
#define BF_BOTTOM 0x8
#define BF_DIAGONAL 0x10
#define BF_MIDDLE 0x800
#define BF_SOFT 0x1000
#define BF_ADJUST 0x2000
#define BF_FLAT 0x4000

static HDC g_screen;

static char letter(COLORREF c)
{
    static const struct { int index; char ch; } named[] = {{21, 'D'}, {16, 'S'}, {20, 'H'}, {22, 'L'}, {15, 'F'}, {5, 'W'}, {6, 'K'}};
    if (c == MAGENTA) return '.';
    for (unsigned i = 0; i < sizeof named / sizeof named[0]; i++)
        if (c == GetSysColor(named[i].index)) return named[i].ch;
    return c == RGB(255, 255, 255) ? 'w' : c == RGB(128, 128, 128) ? 'g' : c == RGB(0, 0, 0) ? 'k' : '?';
}

static void run(const char *name, int w, int h, RECT rc, UINT edge, UINT flags)
{
    HDC dc = CreateCompatibleDC(g_screen);
    HBITMAP bm = CreateBitmap(w, h, 1, 32, NULL);
    HGDIOBJ old = SelectObject(dc, bm);
    RECT all = {0, 0, w, h};
    HBRUSH magenta = CreateSolidBrush(MAGENTA);
    FillRect(dc, &all, magenta);
    DeleteObject(magenta);
    SetLastError(0);
    BOOL ret = DrawEdge(dc, &rc, edge, flags);
    DWORD err = GetLastError();
    printf("grid %s %d %d\n", name, w, h);
    for (int y = 0; y < h; y++) {
        char row[64];
        for (int x = 0; x < w && x < 63; x++) row[x] = letter(GetPixel(dc, x, y));
        row[w < 63 ? w : 63] = 0;
        printf("%s\n", row);
    }
    printf("result %s %d %lu %ld %ld %ld %ld\n", name, ret, (unsigned long)err, rc.left, rc.top, rc.right, rc.bottom);
    SelectObject(dc, old);
    DeleteObject(bm);
    DeleteDC(dc);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    g_screen = GetDC(NULL);
    RECT square = {0, 0, 8, 8}, wide = {0, 0, 8, 4}, tall = {0, 0, 3, 9}, empty = {5, 5, 5, 9}, inset = {1, 1, 7, 5}, small = {0, 0, 4, 4};
    /* EDGE_RAISED, BF_DIAGONAL_ENDBOTTOMRIGHT: "\", bottom/right colours, adjusted. */
    run("raised-endbottomright", 8, 8, square, 0x5, BF_DIAGONAL | BF_BOTTOM | BF_RIGHT | BF_ADJUST);
    /* EDGE_SUNKEN, BF_DIAGONAL_ENDTOPRIGHT: "/" of 2x1 steps, top/left colours, the middle filled. */
    run("sunken-endtopright-middle", 8, 4, wide, 0xA, BF_DIAGONAL | BF_TOP | BF_RIGHT | BF_MIDDLE | BF_ADJUST);
    /* EDGE_RAISED, BF_DIAGONAL_ENDTOPLEFT: "\" of 1x3 steps, the middle filled, not adjusted. */
    run("raised-endtopleft-tall", 3, 9, tall, 0x5, BF_DIAGONAL | BF_TOP | BF_LEFT | BF_MIDDLE);
    /* BF_DIAGONAL_ENDBOTTOMLEFT in a rectangle inside the bitmap, BF_SOFT, adjusted. */
    run("etched-endbottomleft-soft", 8, 6, inset, 0x6, BF_DIAGONAL | BF_BOTTOM | BF_LEFT | BF_SOFT | BF_ADJUST);
    /* BF_DIAGONAL alone with BF_FLAT: "/", the flat colours. */
    run("flat-diagonal", 4, 4, small, 0x5, BF_DIAGONAL | BF_FLAT | BF_ADJUST);
    /* An empty rectangle: nothing drawn, nothing adjusted, TRUE. */
    run("empty", 6, 10, empty, 0x5, BF_DIAGONAL | BF_BOTTOM | BF_RIGHT | BF_ADJUST);
    /* Raised and sunken outer at once: ERROR_INVALID_PARAMETER before drawing; inner both: after the outer pass. */
    run("bad-outer", 4, 4, small, 0x3, BF_DIAGONAL | BF_BOTTOM | BF_RIGHT | BF_ADJUST);
    run("bad-inner", 4, 4, small, 0xD, BF_DIAGONAL | BF_BOTTOM | BF_RIGHT | BF_ADJUST);
    /* With every system colour a border may use moved away from white, gray and black (SetSysColors), the
     * rectangular edges show which borders are system colours and which stock brushes. Restored after. */
    int idx[] = {5, 6, 16, 20, 21, 22};
    COLORREF moved[] = {RGB(1, 2, 3), RGB(4, 5, 6), RGB(7, 8, 9), RGB(10, 11, 12), RGB(13, 14, 15), RGB(16, 17, 18)}, saved[6];
    for (int i = 0; i < 6; i++) saved[i] = GetSysColor(idx[i]);
    SetSysColors(6, idx, moved);
    run("raised-syscolors", 4, 4, small, 0x5, 0xF);
    run("raised-soft-syscolors", 4, 4, small, 0x5, 0xF | BF_SOFT);
    run("sunken-syscolors", 4, 4, small, 0xA, 0xF);
    run("sunken-soft-syscolors", 4, 4, small, 0xA, 0xF | BF_SOFT);
    SetSysColors(6, idx, saved);
    return 0;
}
