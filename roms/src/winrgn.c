/* winrgn.c — window regions (SetWindowRgn, GetWindowRgn; CE 5/6 pages): "Back" (red, WS_POPUP at
 * (50, 50) 300x200) and "Front" (blue, WS_POPUP at (150, 100) 200x200, on top) get a region of two
 * squares (0,0)-(100,100) and (100,100)-(200,200), in window coordinates. Checked here, from the
 * definitions: painting through Front's DC lands only inside its region (read back through the screen
 * DC), Back shows through the holes and is repainted there when bRedraw is TRUE (its messages are
 * logged: "Back paint" after the call, nothing for FALSE), WindowFromPoint and ChildWindowFromPoint
 * hit Front only inside its region, GetWindowRgn gives the region back (COMPLEXREGION) or ERROR when
 * there is none, a child window's region clips it inside its parent, bad handles fail. Then the
 * windows stay for test/gwes/winrgn.test.ts (screenshot, taps through the hole); ESCAPE ends it.
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <wingdi.h>

#define VK_ESCAPE 0x1B
#define WM_KEYDOWN 0x0100
#define WS_POPUP 0x80000000
#define RGN_OR 2
#define NULLREGION 1
#define SIMPLEREGION 2
#define COMPLEXREGION 3
WINBASEAPI HRGN WINAPI CreateRectRgn(int l, int t, int r, int b);           /* 980 */
WINBASEAPI int WINAPI CombineRgn(HRGN d, HRGN a, HRGN b, int mode);         /* 968 */
WINBASEAPI int WINAPI GetRgnBox(HRGN r, RECT *box);                         /* 974 */
WINBASEAPI BOOL WINAPI PtInRegion(HRGN r, int x, int y);                    /* 977 */
WINBASEAPI int WINAPI SetWindowRgn(HWND h, HRGN r, BOOL redraw);            /* 1398 */
WINBASEAPI int WINAPI GetWindowRgn(HWND h, HRGN r);                         /* 1399 */
WINBASEAPI HWND WINAPI WindowFromPoint(POINT pt);                           /* 252 */
WINBASEAPI HWND WINAPI ChildWindowFromPoint(HWND parent, POINT pt);         /* 253 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static HWND g_back, g_front, g_child;
static int g_backPaints, g_frontPaints, g_frontErase;

#define RED RGB(255, 0, 0)
#define BLUE RGB(0, 0, 255)
#define GREEN RGB(0, 255, 0)
#define YELLOW RGB(255, 255, 0)

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_ERASEBKGND:
        if (h == g_front) g_frontErase++;
        return 1;
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        HBRUSH b = CreateSolidBrush(h == g_back ? RED : h == g_front ? BLUE : GREEN);
        RECT r;
        GetClientRect(h, &r);
        FillRect(dc, &r, b);
        DeleteObject(b);
        EndPaint(h, &ps);
        if (h == g_back) g_backPaints++;
        if (h == g_front) g_frontPaints++;
        return 0;
    }
    case WM_KEYDOWN:
        if (w == VK_ESCAPE) PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

static void pump(void)
{
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
}

static HRGN twoSquares(void)
{
    HRGN a = CreateRectRgn(0, 0, 100, 100);
    HRGN b = CreateRectRgn(100, 100, 200, 200);
    CombineRgn(a, a, b, RGN_OR);
    DeleteObject(b);
    return a;
}

static POINT pt(int x, int y) { POINT p = { x, y }; return p; }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.lpszClassName = L"WinRgn";
    RegisterClassW(&wc);
    g_back = CreateWindowExW(0, L"WinRgn", L"Back", WS_POPUP | WS_VISIBLE, 50, 50, 300, 200, NULL, NULL, hInstance, NULL);
    g_front = CreateWindowExW(0, L"WinRgn", L"Front", WS_POPUP | WS_VISIBLE, 150, 100, 200, 200, NULL, NULL, hInstance, NULL);
    pump();
    HDC screen = GetDC(NULL);
    check(GetPixel(screen, 160, 210) == BLUE, "before: Front covers (160, 210)");

    /* bRedraw TRUE: Front redrawn, Back repainted where Front no longer covers it */
    g_backPaints = g_frontPaints = g_frontErase = 0;
    HRGN r = twoSquares();
    check(SetWindowRgn(g_front, r, TRUE) != 0, "SetWindowRgn(two squares, TRUE) succeeds");
    pump();
    check(g_backPaints == 1 && g_frontPaints == 1 && g_frontErase == 1, "bRedraw TRUE: Front erased and painted, Back painted once");
    /* screen (160, 210) is Front's window (10, 110): a hole; Back's client there */
    check(GetPixel(screen, 160, 210) == RED, "Back shows through the hole (160, 210)");
    check(GetPixel(screen, 160, 110) == BLUE && GetPixel(screen, 260, 210) == BLUE, "Front inside its region");
    check(GetPixel(screen, 260, 110) == RED, "the other hole (260, 110) shows Back");

    /* GetWindowRgn */
    HRGN got = CreateRectRgn(0, 0, 0, 0);
    RECT box;
    check(GetWindowRgn(g_front, got) == COMPLEXREGION && GetRgnBox(got, &box) == COMPLEXREGION && box.left == 0 && box.top == 0 && box.right == 200 && box.bottom == 200,
          "GetWindowRgn: COMPLEXREGION, box (0,0)-(200,200) in window coordinates");
    check(PtInRegion(got, 50, 50) && PtInRegion(got, 150, 150) && !PtInRegion(got, 150, 50), "GetWindowRgn's copy has the two squares");
    check(GetWindowRgn(g_back, got) == 0, "GetWindowRgn of a window without a region: ERROR");

    /* painting through Front's DC stays inside the region */
    HDC dc = GetDC(g_front);
    RECT all = { 0, 0, 200, 200 };
    HBRUSH y = CreateSolidBrush(YELLOW);
    FillRect(dc, &all, y);
    DeleteObject(y);
    ReleaseDC(g_front, dc);
    int inside = 0, outside = 0;
    for (int j = 0; j < 200; j += 5)
        for (int i = 0; i < 200; i += 5) {
            int in = (i < 100) == (j < 100);
            COLORREF c = GetPixel(screen, 150 + i, 100 + j);
            if (in && c == YELLOW) inside++;
            if (!in && c == YELLOW) outside++;
        }
    check(inside == 800 && outside == 0, "a window DC paints only inside the window region");

    /* hit testing */
    check(WindowFromPoint(pt(160, 110)) == g_front, "WindowFromPoint inside the region: Front");
    check(WindowFromPoint(pt(160, 210)) == g_back, "WindowFromPoint in the hole: Back below");
    check(WindowFromPoint(pt(349, 299)) == g_front && WindowFromPoint(pt(340, 110)) == g_back, "WindowFromPoint at the other square and hole");

    /* bRedraw FALSE: no message, nothing repainted */
    g_backPaints = g_frontPaints = g_frontErase = 0;
    check(SetWindowRgn(g_front, NULL, FALSE) != 0, "SetWindowRgn(NULL, FALSE) removes the region");
    pump();
    check(g_backPaints == 0 && g_frontPaints == 0 && g_frontErase == 0, "bRedraw FALSE: nothing repainted");
    check(GetWindowRgn(g_front, got) == 0, "no region any more: GetWindowRgn ERROR");
    check(WindowFromPoint(pt(160, 210)) == g_front, "without the region Front is hit everywhere");
    InvalidateRect(g_front, NULL, TRUE);
    pump();
    check(GetPixel(screen, 160, 210) == BLUE, "and paints everywhere");

    /* a child with a region, inside Back: (10, 10) 60x60 with the region (0,0)-(30,60) */
    g_child = CreateWindowExW(0, L"WinRgn", L"Child", WS_CHILD | WS_VISIBLE, 10, 10, 60, 60, g_back, NULL, hInstance, NULL);
    pump();
    check(SetWindowRgn(g_child, CreateRectRgn(0, 0, 30, 60), TRUE) != 0, "SetWindowRgn on a child");
    pump();
    check(GetPixel(screen, 65, 65) == GREEN && GetPixel(screen, 100, 65) == RED, "the child's hole shows its parent");
    check(ChildWindowFromPoint(g_back, pt(15, 15)) == g_child && ChildWindowFromPoint(g_back, pt(50, 15)) == g_back, "ChildWindowFromPoint honours the child's region");

    /* the final state for the test: Front with the two squares again */
    SetWindowRgn(g_front, twoSquares(), TRUE);
    pump();

    /* errors */
    SetLastError(0);
    check(SetWindowRgn((HWND)0x1234, NULL, TRUE) == 0 && GetLastError() == 1400, "a bad window: 0, ERROR_INVALID_WINDOW_HANDLE");
    SetLastError(0);
    check(SetWindowRgn(g_front, (HRGN)0x1234, TRUE) == 0 && GetLastError() == 6, "a bad region: 0, ERROR_INVALID_HANDLE");
    check(GetWindowRgn(g_front, got) == COMPLEXREGION, "a failed call leaves the region");
    DeleteObject(got);
    ReleaseDC(NULL, screen);

    printf("%d failures\nloop\n", failures);
    MSG msg;
    while (GetMessageW(&msg, NULL, 0, 0)) {
        if (msg.message == 0x0201 /* WM_LBUTTONDOWN */) printf("down %s\n", msg.hwnd == g_front ? "Front" : msg.hwnd == g_back ? "Back" : "?");
        DispatchMessageW(&msg);
    }
    return failures;
}
