/* gdiorg.c — viewport and window origins (SetViewportOrgEx, OffsetViewportOrgEx, GetViewportOrgEx,
 * SetWindowOrgEx, GetWindowOrgEx, GetViewportExtEx; CE's GDI is MM_TEXT, so device = logical - window
 * origin + viewport origin) through drawing, clipping and hit calls: FillRect, Rectangle, Ellipse,
 * LineTo, SetPixel/GetPixel, BitBlt (both DCs' origins), ExtTextOutW; IntersectClipRect (logical),
 * SelectClipRgn (device units, not moved by the viewport), GetClipBox and RectVisible (logical),
 * SaveDC/RestoreDC keeping the origins; printing calls on a display DC fail (no printer DC exists). Expectations come from the mapping's definition, read back
 * through a second DC of the same window that keeps the default origins. The window stays on screen:
 * test/gdi/gdiorg.test.ts compares the scene drawn at (300, 0) through the origins with the scene drawn
 * at (300, 150) by explicit coordinates. Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <wingdi.h>

/* Not in include/wingdi.h (coredll ordinals; the CE 6 ones come from src/gdiorg.def). */
WINBASEAPI BOOL WINAPI SetViewportOrgEx(HDC dc, int x, int y, POINT *old);   /* 983 */
WINBASEAPI BOOL WINAPI OffsetViewportOrgEx(HDC dc, int x, int y, POINT *old); /* CE 6: 1987 */
WINBASEAPI BOOL WINAPI GetViewportOrgEx(HDC dc, POINT *pt);                   /* CE 6: 1988 */
WINBASEAPI BOOL WINAPI GetViewportExtEx(HDC dc, SIZE *sz);                    /* CE 6: 1989 */
WINBASEAPI BOOL WINAPI SetWindowOrgEx(HDC dc, int x, int y, POINT *old);     /* CE 6: 1984 */
WINBASEAPI BOOL WINAPI GetWindowOrgEx(HDC dc, POINT *pt);                     /* CE 6: 1985 */
WINBASEAPI BOOL WINAPI Ellipse(HDC dc, int l, int t, int r, int b);           /* 934 */
WINBASEAPI BOOL WINAPI MoveToEx(HDC dc, int x, int y, POINT *old);            /* 1651 */
WINBASEAPI BOOL WINAPI LineTo(HDC dc, int x, int y);                          /* 1652 */
WINBASEAPI HRGN WINAPI CreateRectRgn(int l, int t, int r, int b);             /* 980 */
WINBASEAPI int WINAPI SelectClipRgn(HDC dc, HRGN r);                          /* 979 */
WINBASEAPI int WINAPI GetClipBox(HDC dc, RECT *r);                            /* 971 */
WINBASEAPI int WINAPI IntersectClipRect(HDC dc, int l, int t, int r, int b);  /* 975 */
WINBASEAPI int WINAPI SaveDC(HDC dc);                                         /* 908 */
WINBASEAPI BOOL WINAPI RestoreDC(HDC dc, int n);                              /* 907 */
WINBASEAPI BOOL WINAPI RectVisible(HDC dc, const RECT *r);                    /* 981 */
/* Printing (CE 5 ordinals 959-964): no printer DC exists in wmemu, so each fails on a display DC. */
typedef struct { int cbSize; LPCWSTR lpszDocName, lpszOutput, lpszDatatype; DWORD fwType; } DOCINFOW;
WINBASEAPI int WINAPI StartDocW(HDC dc, const DOCINFOW *di);                  /* 963 */
WINBASEAPI int WINAPI EndDoc(HDC dc);                                         /* 959 */
WINBASEAPI int WINAPI StartPage(HDC dc);                                      /* 964 */
WINBASEAPI int WINAPI EndPage(HDC dc);                                        /* 960 */
WINBASEAPI int WINAPI SetAbortProc(HDC dc, void *proc);                       /* 962 */

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

/* Pixels of rectangle (l, t, r, b) (device coordinates of `ref`) whose colour is not c. */
static int notColour(HDC ref, int l, int t, int r, int b, COLORREF c)
{
    int n = 0;
    for (int y = t; y < b; y++) for (int x = l; x < r; x++) if (GetPixel(ref, x, y) != c) n++;
    return n;
}
/* Pixels of rectangle (l, t, r, b) that are c. */
static int countColour(HDC ref, int l, int t, int r, int b, COLORREF c)
{
    return (r - l) * (b - t) - notColour(ref, l, t, r, b, c);
}
static void fill(HDC dc, int l, int t, int r, int b, COLORREF c)
{
    RECT rc = { l, t, r, b };
    HBRUSH br = CreateSolidBrush(c);
    FillRect(dc, &rc, br);
    DeleteObject(br);
}

/* The scene, drawn with logical coordinates (x0, y0) + ...: the test draws it once through the
 * origins and once at explicit coordinates and compares the two areas of the screen. */
static void scene(HDC dc, HDC mem, int x0, int y0)
{
    fill(dc, x0, y0, x0 + 120, y0 + 100, WHITE);
    fill(dc, x0 + 2, y0 + 2, x0 + 30, y0 + 20, RED);
    HBRUSH br = CreateSolidBrush(GREEN);
    HGDIOBJ ob = SelectObject(dc, br);
    Rectangle(dc, x0 + 35, y0 + 2, x0 + 60, y0 + 25);
    Ellipse(dc, x0 + 65, y0 + 2, x0 + 100, y0 + 30);
    SelectObject(dc, ob);
    DeleteObject(br);
    MoveToEx(dc, x0 + 2, y0 + 40, NULL);
    LineTo(dc, x0 + 60, y0 + 70);
    LineTo(dc, x0 + 110, y0 + 35);
    SetPixel(dc, x0 + 115, y0 + 95, BLUE);
    BitBlt(dc, x0 + 70, y0 + 60, 8, 8, mem, 0, 0, SRCCOPY);
    SetBkMode(dc, 1); /* TRANSPARENT */
    ExtTextOutW(dc, x0 + 4, y0 + 75, 0, NULL, L"Origin", 6, NULL);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = L"GdiOrg";
    RegisterClassW(&wc);
    HWND h = CreateWindowExW(0, L"GdiOrg", L"Origins", WS_CAPTION | WS_VISIBLE, 20, 20, 700, 440, NULL, NULL, hInstance, NULL);
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    HDC dc = GetDC(h);
    HDC ref = GetDC(h); /* default origins: reads device pixels */
    POINT p;
    SIZE sz;

    /* the API's own results */
    p.x = p.y = 99;
    check(GetViewportOrgEx(dc, &p) && p.x == 0 && p.y == 0, "a new DC's viewport origin is (0, 0)");
    p.x = p.y = 99;
    check(GetWindowOrgEx(dc, &p) && p.x == 0 && p.y == 0, "a new DC's window origin is (0, 0)");
    check(GetViewportExtEx(dc, &sz) && sz.cx == 1 && sz.cy == 1, "MM_TEXT viewport extent (1, 1)");
    check(SetViewportOrgEx(dc, 10, 20, &p) && p.x == 0 && p.y == 0, "SetViewportOrgEx returns the previous origin");
    check(OffsetViewportOrgEx(dc, 5, -3, &p) && p.x == 10 && p.y == 20, "OffsetViewportOrgEx returns the previous origin");
    check(GetViewportOrgEx(dc, &p) && p.x == 15 && p.y == 17, "OffsetViewportOrgEx adds");
    check(SetWindowOrgEx(dc, 3, 4, NULL), "SetWindowOrgEx with a NULL lpPoint");
    check(SetWindowOrgEx(dc, 3, 4, &p) && p.x == 3 && p.y == 4, "SetWindowOrgEx returns the previous origin");
    SetLastError(0);
    check(!SetViewportOrgEx((HDC)0x1234, 1, 1, NULL) && GetLastError() == 6, "a bad DC: FALSE, ERROR_INVALID_HANDLE");

    /* drawing: logical (3, 4) is device (15, 17) */
    fill(ref, 0, 0, 100, 100, WHITE);
    fill(dc, 3, 4, 13, 9, RED);
    check(notColour(ref, 15, 17, 25, 22, RED) == 0, "FillRect lands at logical - window origin + viewport origin");
    check(countColour(ref, 0, 0, 100, 100, RED) == 50, "and nowhere else");
    check(GetPixel(dc, 3, 4) == RED && GetPixel(dc, 2, 4) == WHITE, "GetPixel maps the same way");
    SetPixel(dc, 0, 0, BLUE);
    check(GetPixel(ref, 12, 13) == BLUE, "SetPixel maps the same way");

    /* SaveDC / RestoreDC keep the origins */
    int saved = SaveDC(dc);
    SetViewportOrgEx(dc, 0, 0, NULL);
    SetWindowOrgEx(dc, 0, 0, NULL);
    RestoreDC(dc, saved);
    check(GetViewportOrgEx(dc, &p) && p.x == 15 && p.y == 17 && GetWindowOrgEx(dc, &p) && p.x == 3 && p.y == 4, "RestoreDC restores both origins");

    /* clipping: IntersectClipRect is logical, SelectClipRgn's region device units */
    SetWindowOrgEx(dc, 0, 0, NULL);
    SetViewportOrgEx(dc, 50, 0, NULL);
    fill(ref, 0, 0, 200, 40, WHITE);
    IntersectClipRect(dc, 0, 0, 10, 10);
    fill(dc, -100, -100, 200, 200, GREEN);
    check(notColour(ref, 50, 0, 60, 10, GREEN) == 0 && countColour(ref, 0, 0, 200, 40, GREEN) == 100, "IntersectClipRect takes logical coordinates");
    RECT box;
    check(GetClipBox(dc, &box) == 2 /* SIMPLEREGION */ && box.left == 0 && box.top == 0 && box.right == 10 && box.bottom == 10, "GetClipBox answers in logical coordinates");
    RECT in = { 5, 5, 20, 20 }, out = { 10, 0, 20, 10 };
    check(RectVisible(dc, &in) && !RectVisible(dc, &out), "RectVisible tests logical rectangles");
    HRGN rgn = CreateRectRgn(0, 0, 10, 10);
    SelectClipRgn(dc, rgn);
    fill(ref, 0, 0, 200, 40, WHITE);
    fill(dc, -100, -100, 200, 200, BLUE);
    check(notColour(ref, 0, 0, 10, 10, BLUE) == 0 && countColour(ref, 0, 0, 200, 40, BLUE) == 100, "SelectClipRgn's region is in device units");
    check(GetClipBox(dc, &box) == 2 && box.left == -50 && box.top == 0 && box.right == -40 && box.bottom == 10, "GetClipBox of it: logical (-50, 0)-(-40, 10)");
    SetViewportOrgEx(dc, 0, 0, NULL);
    check(GetClipBox(dc, &box) == 2 && box.left == 0 && box.right == 10, "moving the viewport does not move the clip region");
    SelectClipRgn(dc, NULL);
    DeleteObject(rgn);

    /* BitBlt maps both DCs: the source through its own viewport */
    HDC mem = CreateCompatibleDC(dc);
    HBITMAP bmp = CreateCompatibleBitmap(dc, 8, 8);
    HGDIOBJ old = SelectObject(mem, bmp);
    fill(mem, 0, 0, 8, 8, BLACK);
    SetViewportOrgEx(mem, -2, -2, NULL);
    SetPixel(mem, 3, 3, RED); /* bitmap (1, 1) */
    SetViewportOrgEx(mem, 0, 0, NULL);
    check(GetPixel(mem, 1, 1) == RED, "a memory DC's viewport maps into its bitmap");
    SetViewportOrgEx(mem, -1, -1, NULL);
    fill(ref, 0, 0, 40, 40, WHITE);
    BitBlt(ref, 0, 0, 4, 4, mem, 2, 2, SRCCOPY);
    check(GetPixel(ref, 0, 0) == RED && GetPixel(ref, 1, 1) == BLACK, "BitBlt reads the source through its viewport");
    SetViewportOrgEx(mem, 0, 0, NULL);
    fill(mem, 0, 0, 8, 8, RED);
    fill(mem, 2, 2, 6, 6, BLUE);

    /* the scene: through the origins at device (300, 0), explicitly at device (300, 150) */
    SetViewportOrgEx(dc, 400, 50, NULL);
    SetWindowOrgEx(dc, 100, 50, NULL);
    scene(dc, mem, 0, 0);
    SetViewportOrgEx(dc, 0, 0, NULL);
    SetWindowOrgEx(dc, 0, 0, NULL);
    scene(dc, mem, 300, 150);
    int same = 0;
    for (int y = 0; y < 100; y++) for (int x = 0; x < 120; x++) if (GetPixel(ref, 300 + x, y) == GetPixel(ref, 300 + x, 150 + y)) same++;
    check(same == 120 * 100, "the scene through the origins equals the scene at explicit coordinates");

    /* printing on the display: SP_ERROR, ERROR_NOT_SUPPORTED (a bad DC: ERROR_INVALID_HANDLE) */
    DOCINFOW di = { sizeof di, L"doc", NULL, NULL, 0 };
    SetLastError(0);
    check(StartDocW(ref, &di) <= 0 && GetLastError() == 50, "StartDocW on a display DC fails: ERROR_NOT_SUPPORTED");
    SetLastError(0);
    check(StartPage(ref) <= 0 && EndPage(ref) <= 0 && EndDoc(ref) <= 0 && SetAbortProc(ref, NULL) <= 0 && GetLastError() == 50, "StartPage, EndPage, EndDoc, SetAbortProc fail too");
    SetLastError(0);
    check(StartDocW((HDC)0x1234, &di) <= 0 && GetLastError() == 6, "StartDocW with a bad DC: ERROR_INVALID_HANDLE");

    SelectObject(mem, old);
    DeleteObject(bmp);
    DeleteDC(mem);
    ReleaseDC(h, ref);
    ReleaseDC(h, dc);
    printf("%d failures\n", failures);
    return failures;
}
