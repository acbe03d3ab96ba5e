/* usermisc.c — USER/GDI calls several corpus binaries import (issues 12/14): RoundRect read back with
 * GetPixel against the rounded-rectangle rule computed here (pixel centres inside the rectangle and,
 * in a corner, inside the corner ellipse; the outline = inside pixels with a 4-neighbour outside);
 * GetWindowTextWDirect (the window manager's text, not the WM_GETTEXT answer); ScrollWindowEx (bits
 * moved, update region/rectangle, SW_INVALIDATE, prcScroll/prcClip, SW_SCROLLCHILDREN, bad window);
 * mouse_event (absolute press, relative move, release -> WM_LBUTTONDOWN/MOUSEMOVE/UP with the client
 * coordinates expected) and PostKeybdMessage (WM_KEYDOWN/KEYUP lParam bits, WM_CHAR per character,
 * KeyShiftNoCharacterFlag, bad window); CreateIconIndirect (colour + mask, monochrome, no mask) and
 * ImageList_GetIcon drawn through image lists; the image list drag family read back from the screen;
 * DrawFrameControl's push button against DrawEdge.
 * Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures (test/gwes/usermisc.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <commctrl.h>

WINBASEAPI BOOL WINAPI RoundRect(HDC dc, int l, int t, int r, int b, int ew, int eh);
WINBASEAPI int WINAPI GetWindowTextWDirect(HWND h, LPWSTR s, int n);
WINBASEAPI int WINAPI ScrollWindowEx(HWND h, int dx, int dy, const RECT *scroll, const RECT *clip, HRGN rgn, RECT *upd, UINT flags);
WINBASEAPI HRGN WINAPI CreateRectRgn(int l, int t, int r, int b);
WINBASEAPI int WINAPI GetRgnBox(HRGN rgn, RECT *r);
WINBASEAPI BOOL WINAPI GetUpdateRect(HWND h, RECT *r, BOOL erase);
WINBASEAPI HWND WINAPI SetFocus(HWND h);
WINBASEAPI void WINAPI mouse_event(DWORD flags, DWORD dx, DWORD dy, DWORD data, DWORD extra);
WINBASEAPI BOOL WINAPI PostKeybdMessage(HWND h, UINT vk, UINT state, UINT n, UINT *shift, UINT *chars);
typedef struct { BOOL fIcon; DWORD xHotspot, yHotspot; HBITMAP hbmMask, hbmColor; } ICONINFO;
WINBASEAPI HICON WINAPI CreateIconIndirect(ICONINFO *ii);
WINBASEAPI BOOL WINAPI DestroyIcon(HICON h);
WINBASEAPI HBITMAP WINAPI CreateBitmap(int w, int h, UINT planes, UINT bpp, const void *bits);
WINBASEAPI HICON WINAPI ImageList_GetIcon(HIMAGELIST himl, int i, UINT flags);
WINBASEAPI BOOL WINAPI ImageList_BeginDrag(HIMAGELIST himl, int i, int dx, int dy);
WINBASEAPI void WINAPI ImageList_EndDrag(void);
WINBASEAPI BOOL WINAPI ImageList_DragEnter(HWND h, int x, int y);
WINBASEAPI BOOL WINAPI ImageList_DragMove(int x, int y);
WINBASEAPI BOOL WINAPI ImageList_DragLeave(HWND h);
WINBASEAPI BOOL WINAPI ImageList_DragShowNolock(BOOL show);
WINBASEAPI HIMAGELIST WINAPI ImageList_GetDragImage(POINT *pt, POINT *hot);
WINBASEAPI BOOL WINAPI ImageList_SetDragCursorImage(HIMAGELIST himl, int i, int dx, int dy);
WINBASEAPI BOOL WINAPI DrawFrameControl(HDC dc, RECT *r, UINT type, UINT state);
WINBASEAPI BOOL WINAPI DrawEdge(HDC dc, RECT *r, UINT edge, UINT flags);
#define DFC_BUTTON 4
#define DFCS_BUTTONPUSH 0x10
#define DFCS_PUSHED 0x200
#define DFCS_ADJUSTRECT 0x2000
#define EDGE_RAISED 5
#define EDGE_SUNKEN 10
#define BF_RECT 0xf
#define BF_MIDDLE 0x800
#define BF_SOFT 0x1000
#define WS_POPUP 0x80000000
#define WM_KEYUP 0x0101
#define SIMPLEREGION 2
#define SW_SCROLLCHILDREN 1
#define SW_INVALIDATE 2
#define MOUSEEVENTF_MOVE 1
#define MOUSEEVENTF_LEFTDOWN 2
#define MOUSEEVENTF_LEFTUP 4
#define MOUSEEVENTF_ABSOLUTE 0x8000
#define KeyStatePrevDownFlag 0x40
#define KeyStateDownFlag 0x80
#define KeyShiftNoCharacterFlag 0x10000

#define RED RGB(255, 0, 0)
#define GREEN RGB(0, 255, 0)
#define BLUE RGB(0, 0, 255)
#define WHITE RGB(255, 255, 255)
#define BLACK RGB(0, 0, 0)

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))

/* Messages of interest, as the window procedure received them. */
static struct { UINT msg; WPARAM wp; LPARAM lp; } g_log[32];
static int g_n;

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_LBUTTONDOWN: case WM_LBUTTONUP: case WM_MOUSEMOVE: case WM_KEYDOWN: case WM_KEYUP: case WM_CHAR:
        if (g_n < 32) { g_log[g_n].msg = m; g_log[g_n].wp = w; g_log[g_n].lp = l; g_n++; }
        return 0;
    case WM_ERASEBKGND:
        return 1;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        BeginPaint(h, &ps);
        EndPaint(h, &ps);
        return 0;
    }
    }
    return DefWindowProcW(h, m, w, l);
}

/* A window procedure that answers WM_GETTEXT with its own text. */
static LRESULT LiarProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_GETTEXT) {
        static const WCHAR s[] = L"proc";
        int n = 0;
        WCHAR *out = (WCHAR *)l;
        while (s[n] && n + 1 < (int)w) { out[n] = s[n]; n++; }
        if (w) out[n] = 0;
        return n;
    }
    return DefWindowProcW(h, m, w, l);
}

static void pump(void)
{
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
}

static int wcsame(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) { a++; b++; }
    return *a == *b;
}

/* The rounded-rectangle rule in doubled coordinates (pixel centre 2x+1, 2y+1). */
static int rr_inside(int x, int y, int l, int t, int r, int b, int ew, int eh)
{
    int px = 2 * x + 1, py = 2 * y + 1;
    if (x < l || x >= r || y < t || y >= b) return 0;
    int xl = 2 * l + ew, xr = 2 * r - ew, yt = 2 * t + eh, yb = 2 * b - eh;
    int cx = px < xl ? xl : px > xr ? xr : px;
    int cy = py < yt ? yt : py > yb ? yb : py;
    if (cx == px || cy == py) return 1; /* not in a corner zone */
    long long ddx = px - cx, ddy = py - cy;
    return ddx * ddx * eh * eh + ddy * ddy * ew * ew <= (long long)ew * ew * eh * eh;
}

static void test_roundrect(void)
{
    HDC screen = GetDC(NULL);
    HDC dc = CreateCompatibleDC(screen);
    HBITMAP bmp = CreateCompatibleBitmap(screen, 40, 30);
    ReleaseDC(NULL, screen);
    HGDIOBJ oldBmp = SelectObject(dc, bmp);
    RECT all = {0, 0, 40, 30};
    HBRUSH red = CreateSolidBrush(RED), blue = CreateSolidBrush(BLUE);
    FillRect(dc, &all, red);
    HGDIOBJ oldBr = SelectObject(dc, blue); /* a new DC's pen is the black pen */
    const int l = 2, t = 3, r = 32, b = 23, ew = 10, eh = 8;
    CHECK("roundrect-returns", RoundRect(dc, l, t, r, b, ew, eh), 0);
    int bad = 0, firstBad = -1, edges = 0, corners = 0;
    for (int y = 0; y < 30; y++) {
        for (int x = 0; x < 40; x++) {
            COLORREF want;
            if (!rr_inside(x, y, l, t, r, b, ew, eh)) {
                want = RED;
                if (x >= l && x < r && y >= t && y < b) corners++;
            } else if (rr_inside(x - 1, y, l, t, r, b, ew, eh) && rr_inside(x + 1, y, l, t, r, b, ew, eh) &&
                       rr_inside(x, y - 1, l, t, r, b, ew, eh) && rr_inside(x, y + 1, l, t, r, b, ew, eh)) {
                want = BLUE;
            } else {
                want = BLACK;
                edges++;
            }
            if (GetPixel(dc, x, y) != want) { if (firstBad < 0) firstBad = y * 40 + x; bad++; }
        }
    }
    CHECK("roundrect-pixels", bad == 0, firstBad);
    CHECK("roundrect-corners-cut", corners > 0 && GetPixel(dc, l, t) == RED && GetPixel(dc, r - 1, b - 1) == RED, corners);
    CHECK("roundrect-edge-middle", GetPixel(dc, (l + r) / 2, t) == BLACK && GetPixel(dc, (l + r) / 2, (t + b) / 2) == BLUE, edges);
    SetLastError(0);
    CHECK("roundrect-bad-dc", !RoundRect((HDC)0x1234, 0, 0, 5, 5, 2, 2), GetLastError());
    SelectObject(dc, oldBr);
    SelectObject(dc, oldBmp);
    DeleteObject(red);
    DeleteObject(blue);
    DeleteObject(bmp);
    DeleteDC(dc);
}

static void test_text_direct(HINSTANCE inst)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = LiarProc;
    wc.hInstance = inst;
    wc.lpszClassName = L"UmLiar";
    RegisterClassW(&wc);
    HWND h = CreateWindowExW(0, L"UmLiar", L"Direct title", WS_POPUP, 0, 0, 10, 10, NULL, NULL, inst, NULL);
    WCHAR buf[64];
    int n = GetWindowTextW(h, buf, 64);
    CHECK("gettext-asks-proc", n == 4 && wcsame(buf, L"proc"), n);
    n = GetWindowTextWDirect(h, buf, 64);
    CHECK("direct-title", n == 12 && wcsame(buf, L"Direct title"), n);
    n = GetWindowTextWDirect(h, buf, 7);
    CHECK("direct-truncated", n == 6 && wcsame(buf, L"Direct"), n);
    buf[0] = 'x';
    CHECK("direct-zero-max", GetWindowTextWDirect(h, buf, 0) == 0 && buf[0] == 'x', buf[0]);
    SetLastError(0);
    CHECK("direct-bad-window", GetWindowTextWDirect((HWND)0x1234, buf, 64) == 0 && GetLastError() == 1400, GetLastError());
    DestroyWindow(h);
}

static int rect_is(const RECT *r, int l, int t, int rr, int b) { return r->left == l && r->top == t && r->right == rr && r->bottom == b; }

static void test_scroll(HINSTANCE inst, HWND w)
{
    HBRUSH red = CreateSolidBrush(RED), blue = CreateSolidBrush(BLUE), green = CreateSolidBrush(GREEN), white = CreateSolidBrush(WHITE);
    HDC dc = GetDC(w);
    RECT top = {0, 0, 200, 75}, bottom = {0, 75, 200, 150}, rc, u;
    FillRect(dc, &top, red);
    FillRect(dc, &bottom, blue);
    ValidateRect(w, NULL);
    HRGN rgn = CreateRectRgn(0, 0, 0, 0);
    int k = ScrollWindowEx(w, 0, -10, NULL, NULL, rgn, &rc, SW_INVALIDATE);
    CHECK("scroll-simple", k == SIMPLEREGION, k);
    CHECK("scroll-update-rect", rect_is(&rc, 0, 140, 200, 150), rc.top);
    CHECK("scroll-bits-moved", GetPixel(dc, 5, 64) == RED && GetPixel(dc, 5, 65) == BLUE && GetPixel(dc, 150, 139) == BLUE, GetPixel(dc, 5, 65));
    CHECK("scroll-invalidated", GetUpdateRect(w, &u, FALSE) && rect_is(&u, 0, 140, 200, 150), u.top);
    CHECK("scroll-region", GetRgnBox(rgn, &u) == SIMPLEREGION && rect_is(&u, 0, 140, 200, 150), u.top);
    ValidateRect(w, NULL);

    /* prcScroll and prcClip: only the clip rectangle's bits change; no SW_INVALIDATE. */
    RECT whole = {0, 0, 200, 150}, left = {0, 0, 50, 50}, right = {50, 0, 100, 50}, sc = {0, 0, 100, 50};
    FillRect(dc, &whole, white);
    FillRect(dc, &left, green);
    FillRect(dc, &right, red);
    k = ScrollWindowEx(w, 20, 0, &sc, &sc, NULL, &rc, 0);
    CHECK("scroll-clip-update", k == SIMPLEREGION && rect_is(&rc, 0, 0, 20, 50), rc.right);
    CHECK("scroll-clip-bits", GetPixel(dc, 20, 10) == GREEN && GetPixel(dc, 69, 10) == GREEN && GetPixel(dc, 70, 10) == RED && GetPixel(dc, 99, 49) == RED,
          GetPixel(dc, 70, 10));
    CHECK("scroll-clip-outside", GetPixel(dc, 105, 10) == WHITE && GetPixel(dc, 50, 55) == WHITE, GetPixel(dc, 105, 10));
    CHECK("scroll-no-invalidate", !GetUpdateRect(w, &u, FALSE), u.bottom);

    /* A child created now (earlier it would make the visible region, and the update regions, complex). */
    HWND child = CreateWindowExW(0, L"UmMain", L"", WS_CHILD | WS_VISIBLE, 150, 100, 30, 20, w, NULL, inst, NULL);
    RECT before, after;
    GetWindowRect(child, &before);
    ScrollWindowEx(w, 0, -10, NULL, NULL, NULL, NULL, SW_SCROLLCHILDREN);
    GetWindowRect(child, &after);
    CHECK("scroll-children", after.top == before.top - 10 && after.left == before.left && after.bottom - after.top == 20, after.top - before.top);
    SetLastError(0);
    CHECK("scroll-bad-window", ScrollWindowEx((HWND)0x1234, 0, 1, NULL, NULL, NULL, NULL, 0) == 0 && GetLastError() == 1400, GetLastError());
    ReleaseDC(w, dc);
    DeleteObject(rgn);
    DeleteObject(red);
    DeleteObject(blue);
    DeleteObject(green);
    DeleteObject(white);
    pump();
}

/* Normalized absolute coordinate whose pixel (v * size / 65536) is p. */
static DWORD norm(int p, int size) { return ((DWORD)p * 65536u + (DWORD)size - 1) / (DWORD)size; }
#define LP(x, y) ((LPARAM)(((y) << 16) | ((x) & 0xffff)))

static void test_mouse(HWND w)
{
    RECT wr;
    GetWindowRect(w, &wr);
    int sw = GetSystemMetrics(SM_CXSCREEN), sh = GetSystemMetrics(SM_CYSCREEN);
    pump();
    g_n = 0;
    mouse_event(MOUSEEVENTF_ABSOLUTE | MOUSEEVENTF_LEFTDOWN, norm(wr.left + 30, sw), norm(wr.top + 40, sh), 0, 0);
    pump();
    CHECK("mouse-down", g_n == 1 && g_log[0].msg == WM_LBUTTONDOWN && g_log[0].lp == LP(30, 40) && g_log[0].wp == 1, g_n ? g_log[0].lp : -1);
    mouse_event(MOUSEEVENTF_MOVE, 5, 3, 0, 0);
    pump();
    CHECK("mouse-move-relative", g_n == 2 && g_log[1].msg == WM_MOUSEMOVE && g_log[1].lp == LP(35, 43), g_n >= 2 ? g_log[1].lp : -1);
    mouse_event(MOUSEEVENTF_LEFTUP, 0, 0, 0, 0);
    pump();
    CHECK("mouse-up", g_n == 3 && g_log[2].msg == WM_LBUTTONUP && g_log[2].lp == LP(35, 43), g_n >= 3 ? g_log[2].lp : -1);
    mouse_event(MOUSEEVENTF_MOVE, 1, 1, 0, 0);
    pump();
    CHECK("mouse-no-hover", g_n == 3, g_n);
}

static void test_keybd(HWND w)
{
    SetFocus(w);
    pump();
    g_n = 0;
    UINT shift[3] = {KeyStateDownFlag, KeyStateDownFlag, KeyStateDownFlag | KeyShiftNoCharacterFlag};
    UINT chars[3] = {'a', 'b', 'z'};
    CHECK("keybd-post", PostKeybdMessage((HWND)-1, 'A', KeyStateDownFlag, 3, shift, chars), 0);
    pump();
    CHECK("keybd-keydown", g_n == 3 && g_log[0].msg == WM_KEYDOWN && g_log[0].wp == 'A' && g_log[0].lp == 1, g_n);
    CHECK("keybd-chars", g_n == 3 && g_log[1].msg == WM_CHAR && g_log[1].wp == 'a' && g_log[2].msg == WM_CHAR && g_log[2].wp == 'b', g_n >= 2 ? (long)g_log[1].wp : -1);
    CHECK("keybd-keyup", PostKeybdMessage(NULL, 'A', KeyStatePrevDownFlag, 0, NULL, NULL), 0);
    pump();
    CHECK("keybd-keyup-lparam", g_n == 4 && g_log[3].msg == WM_KEYUP && (DWORD)g_log[3].lp == 0xC0000001u, g_n >= 4 ? g_log[3].lp : -1);
    SetLastError(0);
    CHECK("keybd-bad-window", !PostKeybdMessage((HWND)0x1234, 'A', KeyStateDownFlag, 0, NULL, NULL) && GetLastError() == 1400, GetLastError());
}

/* Draws image 0 of l transparently on BLUE in a fresh 8x8 memory DC and checks three pixels. */
static int draws(HIMAGELIST l, COLORREF transp, COLORREF left, COLORREF right)
{
    HDC screen = GetDC(NULL);
    HDC dc = CreateCompatibleDC(screen);
    HBITMAP bmp = CreateCompatibleBitmap(screen, 8, 8);
    ReleaseDC(NULL, screen);
    HGDIOBJ old = SelectObject(dc, bmp);
    HBRUSH blue = CreateSolidBrush(BLUE);
    RECT r = {0, 0, 8, 8};
    FillRect(dc, &r, blue);
    ImageList_Draw(l, 0, dc, 0, 0, ILD_TRANSPARENT);
    int ok = GetPixel(dc, 1, 1) == transp && GetPixel(dc, 1, 5) == left && GetPixel(dc, 6, 5) == right;
    SelectObject(dc, old);
    DeleteObject(bmp);
    DeleteObject(blue);
    DeleteDC(dc);
    return ok;
}

/* An 8x8 icon: rows 0-3 transparent (mask 1, image black), rows 4-7 opaque, red left half, green right. */
static HIMAGELIST g_il;
static void test_icons(void)
{
    HDC screen = GetDC(NULL);
    HDC dc = CreateCompatibleDC(screen);
    HBITMAP color = CreateCompatibleBitmap(screen, 8, 8);
    ReleaseDC(NULL, screen);
    HGDIOBJ old = SelectObject(dc, color);
    HBRUSH red = CreateSolidBrush(RED), green = CreateSolidBrush(GREEN), black = CreateSolidBrush(BLACK);
    RECT top = {0, 0, 8, 4}, bl = {0, 4, 4, 8}, br = {4, 4, 8, 8};
    FillRect(dc, &top, black);
    FillRect(dc, &bl, red);
    FillRect(dc, &br, green);
    SelectObject(dc, old);
    DeleteDC(dc);
    static const BYTE maskBits[16] = {0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0}; /* WORD-aligned rows */
    HBITMAP mask = CreateBitmap(8, 8, 1, 1, maskBits);
    ICONINFO ii = {TRUE, 0, 0, mask, color};
    HICON icon = CreateIconIndirect(&ii);
    DeleteObject(color); /* the icon keeps copies */
    DeleteObject(mask);
    CHECK("icon-created", icon != NULL, 0);
    g_il = ImageList_Create(8, 8, ILC_MASK | ILC_COLOR16, 1, 1);
    CHECK("icon-into-list", ImageList_ReplaceIcon(g_il, -1, icon) == 0, 1);
    CHECK("icon-draws", draws(g_il, BLUE, RED, GREEN), 0);
    HICON back = ImageList_GetIcon(g_il, 0, ILD_NORMAL);
    HIMAGELIST l2 = ImageList_Create(8, 8, ILC_MASK | ILC_COLOR16, 1, 1);
    CHECK("geticon-round-trip", back != NULL && ImageList_ReplaceIcon(l2, -1, back) == 0 && draws(l2, BLUE, RED, GREEN), 0);
    CHECK("geticon-bad-index", ImageList_GetIcon(g_il, 3, ILD_NORMAL) == NULL, 1);
    /* Monochrome: AND mask on top, XOR image below (rows 4-7: left half white, right half black). */
    static const BYTE mono[32] = {0xff, 0, 0xff, 0, 0xff, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0, 0xf0, 0, 0xf0, 0, 0xf0, 0};
    HBITMAP monoBmp = CreateBitmap(8, 16, 1, 1, mono);
    ICONINFO mi = {TRUE, 0, 0, monoBmp, NULL};
    HICON monoIcon = CreateIconIndirect(&mi);
    HIMAGELIST l3 = ImageList_Create(8, 8, ILC_MASK | ILC_COLOR16, 1, 1);
    CHECK("icon-monochrome", monoIcon != NULL && ImageList_ReplaceIcon(l3, -1, monoIcon) == 0 && draws(l3, BLUE, WHITE, BLACK), 0);
    ICONINFO bad = {TRUE, 0, 0, NULL, NULL};
    SetLastError(0);
    CHECK("icon-no-mask", CreateIconIndirect(&bad) == NULL && GetLastError() == 87, GetLastError());
    CHECK("icon-destroy", DestroyIcon(icon) && DestroyIcon(back) && DestroyIcon(monoIcon), 0);
    DeleteObject(monoBmp);
    ImageList_Destroy(l3);
    ImageList_Destroy(l2);
    DeleteObject(red);
    DeleteObject(green);
    DeleteObject(black);
}

/* Dragging g_il's image over the window (hot spot 2,2), read back from the screen. */
static void test_drag(HWND w)
{
    RECT wr;
    GetWindowRect(w, &wr);
    HDC wdc = GetDC(w);
    HBRUSH white = CreateSolidBrush(WHITE);
    RECT all = {0, 0, 200, 150};
    FillRect(wdc, &all, white);
    ReleaseDC(w, wdc);
    DeleteObject(white);
    HDC s = GetDC(NULL);
    int ox = wr.left + 50 - 2, oy = wr.top + 40 - 2; /* image origin on the screen */
    CHECK("drag-none-yet", ImageList_GetDragImage(NULL, NULL) == NULL && !ImageList_DragMove(1, 1), 0);
    CHECK("drag-bad-index", !ImageList_BeginDrag(g_il, 4, 0, 0), 0);
    CHECK("drag-begin", ImageList_BeginDrag(g_il, 0, 2, 2), 0);
    CHECK("drag-enter", ImageList_DragEnter(w, 50, 40), 0);
    CHECK("drag-shown", GetPixel(s, ox + 1, oy + 5) == RED && GetPixel(s, ox + 6, oy + 5) == GREEN && GetPixel(s, ox + 1, oy + 1) == WHITE, GetPixel(s, ox + 1, oy + 5));
    CHECK("drag-move", ImageList_DragMove(80, 40), 0);
    CHECK("drag-moved", GetPixel(s, ox + 1, oy + 5) == WHITE && GetPixel(s, ox + 31, oy + 5) == RED, GetPixel(s, ox + 1, oy + 5));
    POINT pt = {0, 0}, hot = {0, 0};
    HIMAGELIST dl = ImageList_GetDragImage(&pt, &hot);
    int cx = 0, cy = 0;
    CHECK("drag-image", dl != NULL && pt.x == 80 && pt.y == 40 && hot.x == 2 && hot.y == 2 && ImageList_GetIconSize(dl, &cx, &cy) && cx == 8 && cy == 8, pt.x);
    /* The cursor image 3 px left of the drag image's origin: 11 px wide, the drag image shifted right. */
    CHECK("drag-cursor-image", ImageList_SetDragCursorImage(g_il, 0, -3, 0), 0);
    dl = ImageList_GetDragImage(NULL, NULL);
    CHECK("drag-merged-size", ImageList_GetIconSize(dl, &cx, &cy) && cx == 11 && cy == 8, cx);
    int mx = ox + 30;
    CHECK("drag-merged-pixels", GetPixel(s, mx + 1, oy + 5) == RED && GetPixel(s, mx + 9, oy + 5) == GREEN && GetPixel(s, mx + 10, oy + 1) == WHITE, GetPixel(s, mx + 9, oy + 5));
    CHECK("drag-leave", ImageList_DragLeave(w) && GetPixel(s, mx + 1, oy + 5) == WHITE, GetPixel(s, mx + 1, oy + 5));
    CHECK("drag-show-nolock", ImageList_DragShowNolock(TRUE) && GetPixel(s, mx + 1, oy + 5) == RED, GetPixel(s, mx + 1, oy + 5));
    ImageList_EndDrag();
    CHECK("drag-ended", GetPixel(s, mx + 1, oy + 5) == WHITE && ImageList_GetDragImage(NULL, NULL) == NULL && !ImageList_DragEnter(w, 0, 0), 0);
    ReleaseDC(NULL, s);
}

/* DrawFrameControl's push button = DrawEdge(EDGE_RAISED or EDGE_SUNKEN, BF_RECT | BF_MIDDLE | BF_SOFT)
 * (Wine's uitools.c), compared pixel by pixel on two red 24x14 memory bitmaps. */
/* 0 when they match, else -1 (a call failed), -2 (nothing drawn) or 1000 + the first different pixel. */
static int frame_matches(UINT state, UINT edge)
{
    HDC screen = GetDC(NULL);
    HDC a = CreateCompatibleDC(screen), b = CreateCompatibleDC(screen);
    HBITMAP ba = CreateCompatibleBitmap(screen, 24, 14), bb = CreateCompatibleBitmap(screen, 24, 14);
    ReleaseDC(NULL, screen);
    HGDIOBJ oa = SelectObject(a, ba), ob = SelectObject(b, bb);
    HBRUSH red = CreateSolidBrush(RED);
    RECT all = {0, 0, 24, 14}, r1 = {2, 2, 22, 12}, r2 = {2, 2, 22, 12};
    FillRect(a, &all, red);
    FillRect(b, &all, red);
    int ok = DrawFrameControl(a, &r1, DFC_BUTTON, state) && DrawEdge(b, &r2, edge, BF_RECT | BF_MIDDLE | BF_SOFT) ? 0 : -1;
    for (int y = 0; y < 14 && !ok; y++)
        for (int x = 0; x < 24 && !ok; x++)
            if (GetPixel(a, x, y) != GetPixel(b, x, y)) ok = 1000 + y * 24 + x;
    if (!ok && (GetPixel(a, 1, 1) != RED || GetPixel(a, 2, 2) == RED || GetPixel(a, 10, 6) == RED)) ok = -2;
    SelectObject(a, oa);
    SelectObject(b, ob);
    DeleteObject(ba);
    DeleteObject(bb);
    DeleteObject(red);
    DeleteDC(a);
    DeleteDC(b);
    return ok;
}

static void test_frame(void)
{
    int k = frame_matches(DFCS_BUTTONPUSH, EDGE_RAISED);
    CHECK("frame-push", k == 0, k);
    k = frame_matches(DFCS_BUTTONPUSH | DFCS_PUSHED, EDGE_SUNKEN);
    CHECK("frame-pushed", k == 0, k);
    HDC screen = GetDC(NULL);
    HDC dc = CreateCompatibleDC(screen);
    HBITMAP bmp = CreateCompatibleBitmap(screen, 30, 30);
    ReleaseDC(NULL, screen);
    HGDIOBJ old = SelectObject(dc, bmp);
    RECT r = {0, 0, 20, 10};
    CHECK("frame-adjustrect", DrawFrameControl(dc, &r, DFC_BUTTON, DFCS_BUTTONPUSH | DFCS_ADJUSTRECT) && r.left == 2 && r.top == 2 && r.right == 18 && r.bottom == 8, r.left);
    SelectObject(dc, old);
    DeleteObject(bmp);
    DeleteDC(dc);
    SetLastError(0);
    CHECK("frame-bad-dc", !DrawFrameControl((HDC)0x1234, &r, DFC_BUTTON, DFCS_BUTTONPUSH) && GetLastError() == 6, GetLastError());
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = inst;
    wc.lpszClassName = L"UmMain";
    RegisterClassW(&wc);
    HWND w = CreateWindowExW(0, L"UmMain", L"usermisc", WS_POPUP | WS_VISIBLE, 20, 60, 200, 150, NULL, NULL, inst, NULL);
    pump();
    test_roundrect();
    test_frame();
    test_text_direct(inst);
    test_scroll(inst, w);
    test_mouse(w);
    test_keybd(w);
    test_icons();
    test_drag(w);
    ImageList_Destroy(g_il);
    DestroyWindow(w);
    printf("failures %d\n", g_fail);
    return g_fail;
}
