/* gui.c — GUI part 1 conformance: a captioned top-level window where the CE 5 reference crop shows
 * "Calculator" (162,114 480x240, WS_CAPTION | WS_SYSMENU, WS_EX_CONTEXTHELP), CE geometry (client
 * 478x215), message sequences (create/show/activate, paint, move/resize, close; printed as
 * "seq NAME: m1 m2 ..." in hex for test/gui.test.ts, Wine ok_sequence style), system metrics and
 * colours, and GDI read back with GetPixel (FillRect, SetPixel, Rectangle, BitBlt through a memory DC,
 * ExtTextOutW "Location:" in Tahoma -12). The window stays on screen when the program exits, so the
 * test compares the framebuffer with the crops. Argument "loop": then a message loop that prints the
 * input it gets (down/up/move x y in client coordinates, keydown, char, close) until the caption's X
 * closes the window. Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <wingdi.h>

#define WS_POPUP 0x80000000
WINBASEAPI BOOL WINAPI ClientToScreen(HWND h, POINT *p); /* 254 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static UINT g_log[256];
static int g_nlog;
static int g_painted;
static int g_loop;

static void seq(const char *name, int from)
{
    printf("seq %s:", name);
    for (int i = from; i < g_nlog; i++) printf(" %04x", g_log[i]);
    printf("\n");
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (g_nlog < 256) g_log[g_nlog++] = m;
    if (m == WM_PAINT) {
        PAINTSTRUCT ps;
        BeginPaint(h, &ps);
        g_painted++;
        EndPaint(h, &ps);
        return 0;
    }
    if (g_loop) {
        /* input from the host (emu.display.tap/key/type): printed for the test */
        switch (m) {
        case WM_LBUTTONDOWN: printf("down %d %d\n", (int)(short)(l & 0xFFFF), (int)(short)(l >> 16)); return 0;
        case WM_LBUTTONUP: printf("up %d %d\n", (int)(short)(l & 0xFFFF), (int)(short)(l >> 16)); return 0;
        case WM_MOUSEMOVE: printf("move %d %d\n", (int)(short)(l & 0xFFFF), (int)(short)(l >> 16)); return 0;
        case WM_KEYDOWN: printf("keydown %u\n", (unsigned)w); return 0;
        case WM_CHAR: printf("char %c\n", (char)w); return 0;
        case WM_CLOSE: printf("close\n"); break;
        case WM_DESTROY: PostQuitMessage(0); return 0;
        }
    }
    return DefWindowProcW(h, m, w, l);
}

static void pump(void)
{
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) { TranslateMessage(&msg); DispatchMessageW(&msg); }
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = L"GuiTest";
    check(RegisterClassW(&wc) != 0, "RegisterClassW");

    int n0 = g_nlog;
    HWND h = CreateWindowExW(WS_EX_CONTEXTHELP, L"GuiTest", L"Calculator", WS_CAPTION | WS_SYSMENU | WS_VISIBLE,
                             162, 114, 480, 240, NULL, NULL, hInstance, NULL);
    check(h != NULL, "CreateWindowExW");
    seq("create", n0);
    RECT r;
    check(GetClientRect(h, &r) && r.left == 0 && r.top == 0 && r.right == 478 && r.bottom == 215, "client area 478x215");
    check(GetWindowRect(h, &r) && r.left == 162 && r.top == 114 && r.right == 642 && r.bottom == 354, "window rect");
    check(GetActiveWindow() == h && GetFocus() == h, "active and focused after show");
    n0 = g_nlog;
    pump();
    seq("paint", n0);
    check(g_painted == 1, "one WM_PAINT");

    check(GetSystemMetrics(SM_CXEDGE) == 1, "SM_CXEDGE 1");
    check(GetSystemMetrics(SM_CXSCREEN) == 800 && GetSystemMetrics(SM_CYSCREEN) == 480, "screen 800x480 (ce5-800x480 profile)");
    check(GetSysColor(COLOR_ACTIVECAPTION) == RGB(0, 0, 128) && GetSysColor(2) == RGB(0, 0, 128), "COLOR_ACTIVECAPTION with and without the index flag");
    check(GetSysColor(COLOR_STATIC) == RGB(192, 192, 192) && GetSysColor(COLOR_STATICTEXT) == 0, "COLOR_STATIC 25, COLOR_STATICTEXT 26");

    /* GDI, read back */
    HDC dc = GetDC(h);
    check(GetPixel(dc, 5, 5) == RGB(255, 255, 255), "client erased with COLOR_WINDOW");
    HBRUSH red = CreateSolidBrush(RGB(255, 0, 0));
    RECT fr = { 10, 10, 20, 20 };
    FillRect(dc, &fr, red);
    check(GetPixel(dc, 10, 10) == RGB(255, 0, 0) && GetPixel(dc, 19, 19) == RGB(255, 0, 0) && GetPixel(dc, 20, 20) == RGB(255, 255, 255), "FillRect (right/bottom exclusive)");
    check(SetPixel(dc, 30, 30, RGB(0, 0, 128)) == RGB(0, 0, 132) && GetPixel(dc, 30, 30) == RGB(0, 0, 132), "SetPixel: RGB565 read back by bit replication");
    Rectangle(dc, 40, 10, 50, 20);
    check(GetPixel(dc, 40, 10) == 0 && GetPixel(dc, 49, 19) == 0 && GetPixel(dc, 45, 15) == RGB(255, 255, 255) && GetPixel(dc, 50, 20) == RGB(255, 255, 255), "Rectangle: black pen, white brush");
    HDC mem = CreateCompatibleDC(dc);
    HBITMAP bmp = CreateCompatibleBitmap(dc, 8, 8);
    HGDIOBJ old = SelectObject(mem, bmp);
    RECT all = { 0, 0, 8, 8 };
    FillRect(mem, &all, red);
    BitBlt(dc, 60, 10, 8, 8, mem, 0, 0, SRCCOPY);
    check(GetPixel(dc, 60, 10) == RGB(255, 0, 0) && GetPixel(dc, 67, 17) == RGB(255, 0, 0) && GetPixel(dc, 68, 18) == RGB(255, 255, 255), "BitBlt from a memory DC");
    SelectObject(mem, old);
    DeleteObject(bmp);
    DeleteDC(mem);
    DeleteObject(red);
    check(GetPixel(dc, -1, 0) == 0xFFFFFFFF, "GetPixel outside the client area: CLR_INVALID");
    LOGFONTW lf = {0};
    lf.lfHeight = -12;
    lf.lfWeight = 400;
    wcscpy(lf.lfFaceName, L"Tahoma");
    HFONT f = CreateFontIndirectW(&lf);
    HGDIOBJ of = SelectObject(dc, f);
    SetBkMode(dc, TRANSPARENT);
    ExtTextOutW(dc, 10, 40, 0, NULL, L"Location:", 9, NULL);
    int ink = 0;
    for (int y = 40; y < 56; y++) for (int x = 10; x < 62; x++) if (GetPixel(dc, x, y) == 0) ink++;
    printf("ink Location: %d\n", ink);
    check(ink > 40, "ExtTextOutW drew ink");
    /* advances measured on the CE 5 screens: "Location:" 50 px, bold "Calculator" 62 px */
    SIZE sz;
    int fit = 0;
    check(GetTextExtentExPointW(dc, L"Location:", 9, 30, &fit, NULL, &sz) && sz.cx == 50 && fit > 0 && fit < 9, "GetTextExtentExPointW: \"Location:\" 50 px, fit within 30 px");
    RECT cr = { 0, 0, 200, 100 };
    check(DrawTextW(dc, L"Location:", -1, &cr, DT_CALCRECT | DT_SINGLELINE) > 0 && cr.right == 50, "DrawTextW DT_CALCRECT");
    lf.lfWeight = 700;
    HFONT bold = CreateFontIndirectW(&lf);
    SelectObject(dc, bold);
    check(GetTextExtentExPointW(dc, L"Calculator", 10, 0, NULL, NULL, &sz) && sz.cx == 62, "bold \"Calculator\" 62 px");
    SelectObject(dc, of);
    DeleteObject(bold);
    DeleteObject(f);
    ReleaseDC(h, dc);

    /* a second window: show/activate, move/resize, close; then the first is active again */
    wc.lpszClassName = L"GuiOther";
    RegisterClassW(&wc);
    /* a popup gets WM_SIZE and WM_MOVE from CreateWindowExW; an overlapped window (neither WS_POPUP nor
     * WS_CHILD) only from its first ShowWindow (Wine's WmCreateOverlappedSeq / WmShowOverlappedSeq) */
    n0 = g_nlog;
    HWND p = CreateWindowExW(0, L"GuiOther", L"Popup", WS_POPUP, 0, 0, 50, 40, NULL, NULL, hInstance, NULL);
    seq("createpopup", n0);
    DestroyWindow(p);
    n0 = g_nlog;
    HWND o = CreateWindowExW(0, L"GuiOther", L"Other", WS_CAPTION, 10, 10, 100, 80, NULL, NULL, hInstance, NULL);
    seq("createhidden", n0);
    n0 = g_nlog;
    ShowWindow(o, SW_SHOW);
    seq("show", n0);
    check(GetActiveWindow() == o, "shown window active");
    HWND kid = CreateWindowExW(0, L"STATIC", L"kid", WS_CHILD | WS_VISIBLE, 5, 6, 20, 10, o, NULL, hInstance, NULL);
    n0 = g_nlog;
    MoveWindow(o, 20, 30, 120, 90, TRUE);
    seq("move", n0);
    check(GetClientRect(o, &r) && r.right == 118 && r.bottom == 65, "resized client 118x65");
    /* the child keeps its place in the parent's client area: it moved on the screen with the parent */
    POINT org = {0, 0};
    ClientToScreen(o, &org);
    check(GetWindowRect(kid, &r) && r.left == org.x + 5 && r.top == org.y + 6 && r.right - r.left == 20 && org.x > 20,
          "child moved with its parent");
    pump();
    n0 = g_nlog;
    SendMessageW(o, WM_CLOSE, 0, 0);
    seq("close", n0);
    check(!IsWindow(o) && GetActiveWindow() == h, "closed; the first window active again");
    pump();
    if (cmd && cmd[0] == L'l') {
        /* argument "loop": stay in a message loop; tapping the caption's X ends the program */
        g_loop = 1;
        printf("loop\n");
        MSG msg;
        while (GetMessageW(&msg, NULL, 0, 0) > 0) { TranslateMessage(&msg); DispatchMessageW(&msg); }
        printf("quit\n");
    }
    return failures;
}
