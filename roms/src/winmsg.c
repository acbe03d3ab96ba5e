/* winmsg.c — headless windowing conformance: classes, CreateWindowExW (WM_NCCREATE/WM_CREATE with
 * CREATESTRUCTW), posted and sent messages (same thread and from another thread), GetMessageW
 * blocking, PeekMessageW, timers (window and TIMERPROC), FindWindowW, window longs and text,
 * DestroyWindow (WM_DESTROY/WM_NCDESTROY), WM_CLOSE through DefWindowProcW, PostQuitMessage,
 * GetStockObject, MessageBoxW (answer from the emulator's option; printed as "msgbox=N").
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>

#define WS_BORDER         0x00800000
#define WS_EX_TOPMOST     0x00000008
#define GWL_EXSTYLE       (-20)
#define WM_SYSCOLORCHANGE 0x0015
#define WM_SETTINGCHANGE  0x001A
#define WM_STYLECHANGED   0x007D
#define SPI_SETWORKAREA   47
#define SPI_GETWORKAREA   48
#define SPIF_SENDCHANGE   0x2
typedef struct tagSTYLESTRUCT { DWORD styleOld, styleNew; } STYLESTRUCT;
WINBASEAPI BOOL WINAPI SystemParametersInfoW(UINT action, UINT param, void *pv, UINT ini);                 /* 89 */
WINBASEAPI BOOL WINAPI EqualRect(const RECT *a, const RECT *b);                                            /* 97 */
WINBASEAPI BOOL WINAPI SetSysColors(int n, const int *elements, const COLORREF *colors);                   /* 890 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

#define LOG_MAX 64
static struct { HWND h; UINT m; WPARAM w; LPARAM l; DWORD tid; } g_log[LOG_MAX];
static int g_nlog;
static HWND g_main;
static DWORD g_mainTid;
static int g_timerProcCalls;
static UINT g_timerProcId;
static int g_cs_ok;
static STYLESTRUCT g_ss;

static int logged(UINT m) { for (int i = 0; i < g_nlog; i++) if (g_log[i].m == m) return i; return -1; }

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (g_nlog < LOG_MAX) { g_log[g_nlog].h = h; g_log[g_nlog].m = m; g_log[g_nlog].w = w; g_log[g_nlog].l = l; g_log[g_nlog].tid = GetCurrentThreadId(); g_nlog++; }
    switch (m) {
    case WM_CREATE: {
        const CREATESTRUCTW *cs = (const CREATESTRUCTW *)l;
        g_cs_ok = cs->lpCreateParams == (LPVOID)0x1234 && cs->x == 10 && cs->cy == 40 && wcscmp(cs->lpszName, L"winmsg title") == 0;
        SetWindowLongW(h, GWL_USERDATA, 0xCAFE);
        return 0;
    }
    case WM_USER + 1: return (LRESULT)(w + l);     /* posted: DispatchMessageW returns it */
    case WM_USER + 2: return (LRESULT)(w * 100);   /* sent */
    case WM_DESTROY: PostQuitMessage(5); return 0;
    case WM_STYLECHANGED: g_ss = *(const STYLESTRUCT *)l; return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

static LRESULT ChildProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (g_nlog < LOG_MAX) { g_log[g_nlog].h = h; g_log[g_nlog].m = m | 0x10000; g_nlog++; }
    return DefWindowProcW(h, m, w, l);
}

static void TimerProc(HWND h, UINT m, UINT id, DWORD t)
{
    if (h == NULL && m == WM_TIMER && id == g_timerProcId) g_timerProcCalls++;
}

static DWORD g_sendResult;
static DWORD WINAPI Worker(LPVOID p)
{
    Sleep(20);   /* let the main thread block in GetMessageW first */
    g_sendResult = SendMessageW(g_main, WM_USER + 2, 7, 0);
    PostMessageW(g_main, WM_USER + 3, g_sendResult, 0);
    return 0;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    MSG msg;
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.cbWndExtra = 8;
    wc.lpszClassName = L"WinMsgClass";
    ATOM atom = RegisterClassW(&wc);
    check(atom != 0, "RegisterClassW");
    SetLastError(0);
    check(RegisterClassW(&wc) == 0 && GetLastError() == ERROR_CLASS_ALREADY_EXISTS, "RegisterClassW twice -> ERROR_CLASS_ALREADY_EXISTS");
    SetLastError(0);
    check(CreateWindowExW(0, L"NoSuchClass", L"x", 0, 0, 0, 1, 1, NULL, NULL, hInstance, NULL) == NULL && GetLastError() == ERROR_CANNOT_FIND_WND_CLASS, "CreateWindowExW unknown class");

    g_mainTid = GetCurrentThreadId();
    HWND h = CreateWindowExW(0, L"WinMsgClass", L"winmsg title", WS_VISIBLE, 10, 20, 30, 40, NULL, NULL, hInstance, (LPVOID)0x1234);
    g_main = h;
    check(h != NULL, "CreateWindowExW");
    check(g_nlog >= 2 && g_log[0].m == WM_NCCREATE && g_log[1].m == WM_CREATE && g_log[1].h == h, "WM_NCCREATE then WM_CREATE with the new hwnd");
    check(g_cs_ok, "CREATESTRUCTW fields (lpCreateParams, x, cy, name)");
    check(GetWindowLongW(h, GWL_USERDATA) == 0xCAFE, "GWL_USERDATA set in WM_CREATE");
    check(SetWindowLongW(h, 4, 77) == 0 && GetWindowLongW(h, 4) == 77, "window extra bytes");
    check(GetWindowLongW(h, GWL_WNDPROC) == (LONG)WndProc, "GWL_WNDPROC");

    /* WM_STYLECHANGED after SetWindowLongW(GWL_STYLE / GWL_EXSTYLE) with {old, new} (CE sends no WM_STYLECHANGING) */
    {
        LONG style = GetWindowLongW(h, GWL_STYLE);
        g_nlog = 0;
        check(SetWindowLongW(h, GWL_STYLE, style | WS_BORDER) == style, "SetWindowLongW(GWL_STYLE) returns the old style");
        check(g_nlog == 1 && g_log[0].m == WM_STYLECHANGED && g_log[0].w == (WPARAM)GWL_STYLE, "SetWindowLongW(GWL_STYLE) sends exactly WM_STYLECHANGED(GWL_STYLE)");
        check(g_nlog == 1 && g_ss.styleOld == (DWORD)style && g_ss.styleNew == (DWORD)(style | WS_BORDER), "WM_STYLECHANGED: STYLESTRUCT {old, new}");
        g_nlog = 0;
        LONG ex = GetWindowLongW(h, GWL_EXSTYLE);
        check(SetWindowLongW(h, GWL_EXSTYLE, ex | WS_EX_TOPMOST) == ex && g_nlog == 1 && g_log[0].m == WM_STYLECHANGED && g_log[0].w == (WPARAM)GWL_EXSTYLE && g_ss.styleNew == (DWORD)(ex | WS_EX_TOPMOST), "SetWindowLongW(GWL_EXSTYLE) sends WM_STYLECHANGED(GWL_EXSTYLE)");
        SetWindowLongW(h, GWL_EXSTYLE, ex);
        SetWindowLongW(h, GWL_STYLE, style);
        g_nlog = 0;
        SetWindowLongW(h, GWL_USERDATA, 0xCAFE);
        check(g_nlog == 0, "SetWindowLongW(GWL_USERDATA) sends nothing");

        /* SPI_SETWORKAREA with SPIF_SENDCHANGE: WM_SETTINGCHANGE(wParam = the action) to top-level windows */
        RECT wa, wa2;
        check(SystemParametersInfoW(SPI_GETWORKAREA, 0, &wa, 0), "SPI_GETWORKAREA");
        g_nlog = 0;
        check(SystemParametersInfoW(SPI_SETWORKAREA, 0, &wa, 0) && g_nlog == 0, "SPI_SETWORKAREA without SPIF_SENDCHANGE sends nothing");
        check(SystemParametersInfoW(SPI_SETWORKAREA, 0, &wa, SPIF_SENDCHANGE) && logged(WM_SETTINGCHANGE) >= 0 && g_log[logged(WM_SETTINGCHANGE)].w == SPI_SETWORKAREA && g_log[logged(WM_SETTINGCHANGE)].l == 0, "SPIF_SENDCHANGE: WM_SETTINGCHANGE(SPI_SETWORKAREA, 0)");
        check(SystemParametersInfoW(SPI_GETWORKAREA, 0, &wa2, 0) && EqualRect(&wa, &wa2), "work area kept");

        /* SetSysColors: WM_SYSCOLORCHANGE to top-level windows */
        int idx = COLOR_BTNFACE;
        COLORREF c = GetSysColor(COLOR_BTNFACE);
        g_nlog = 0;
        check(SetSysColors(1, &idx, &c) && logged(WM_SYSCOLORCHANGE) >= 0 && GetSysColor(COLOR_BTNFACE) == c, "SetSysColors sends WM_SYSCOLORCHANGE");
    }
    check(IsWindow(h) && !IsWindow((HWND)0x999), "IsWindow");
    check(FindWindowW(L"winmsgclass", NULL) == h, "FindWindowW by class (case-insensitive)");
    check(FindWindowW(NULL, L"winmsg title") == h, "FindWindowW by title");
    check(FindWindowW(L"WinMsgClass", L"other") == NULL, "FindWindowW title mismatch");
    check(GetWindowThreadProcessId(h, NULL) == g_mainTid, "GetWindowThreadProcessId");
    WCHAR t[32];
    check(SetWindowTextW(h, L"renamed") && GetWindowTextW(h, t, 32) == 7 && wcscmp(t, L"renamed") == 0, "Set/GetWindowTextW via DefWindowProcW");

    /* posted messages (the window is visible: its pending WM_PAINT is validated first) */
    ValidateRect(h, NULL);
    check(!PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE), "PeekMessageW on an empty queue");
    check(PostMessageW(h, WM_USER + 1, 11, 22), "PostMessageW");
    check(PeekMessageW(&msg, NULL, 0, 0, PM_NOREMOVE) && msg.message == WM_USER + 1, "PeekMessageW PM_NOREMOVE");
    check(GetMessageW(&msg, NULL, 0, 0) == 1 && msg.hwnd == h && msg.message == WM_USER + 1 && msg.wParam == 11 && msg.lParam == 22, "GetMessageW fields");
    int n0 = g_nlog;
    check(DispatchMessageW(&msg) == 33 && g_log[n0].h == h && g_log[n0].m == WM_USER + 1 && g_log[n0].w == 11 && g_log[n0].l == 22, "DispatchMessageW -> window procedure");
    check(SendMessageW(h, WM_USER + 2, 3, 0) == 300, "SendMessageW same thread");
    PostMessageW(h, WM_USER + 5, 0, 0);
    PostMessageW(h, WM_USER + 6, 0, 0);
    check(GetMessageW(&msg, NULL, WM_USER + 6, WM_USER + 6) && msg.message == WM_USER + 6, "GetMessageW filter range");
    check(GetMessageW(&msg, NULL, 0, 0) && msg.message == WM_USER + 5, "filtered-out message stays queued");
    PostThreadMessageW(GetCurrentThreadId(), WM_USER + 9, 1, 2);
    check(GetMessageW(&msg, NULL, 0, 0) && msg.hwnd == NULL && msg.message == WM_USER + 9, "PostThreadMessageW");
    PostMessageW(h, WM_KEYDOWN, 'A', 0);
    GetMessageW(&msg, NULL, 0, 0);
    check(TranslateMessage(&msg), "TranslateMessage WM_KEYDOWN");
    check(PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE) && msg.message == WM_CHAR && msg.wParam == 'a', "WM_CHAR posted by TranslateMessage");

    /* a message sent from another thread is delivered inside GetMessageW on this thread */
    HANDLE th = CreateThread(NULL, 0, Worker, NULL, 0, NULL);
    n0 = g_nlog;
    check(GetMessageW(&msg, NULL, 0, 0) && msg.message == WM_USER + 3 && msg.wParam == 700, "cross-thread SendMessageW answered, then posted reply");
    int k = -1;
    for (int i = n0; i < g_nlog; i++) if (g_log[i].m == WM_USER + 2) k = i;
    check(k >= 0 && g_log[k].tid == g_mainTid && g_log[k].w == 7, "sent message ran on the window's thread");
    WaitForSingleObject(th, INFINITE);
    CloseHandle(th);

    /* MsgWaitForMultipleObjectsEx: an event, then the message queue */
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    check(MsgWaitForMultipleObjectsEx(1, &ev, 10, QS_ALLINPUT, 0) == WAIT_TIMEOUT, "MsgWaitForMultipleObjectsEx time-out");
    SetEvent(ev);
    check(MsgWaitForMultipleObjectsEx(1, &ev, INFINITE, QS_ALLINPUT, 0) == WAIT_OBJECT_0, "MsgWaitForMultipleObjectsEx: event");
    ResetEvent(ev);
    PostMessageW(h, WM_USER + 8, 0, 0);
    check(MsgWaitForMultipleObjectsEx(1, &ev, INFINITE, QS_ALLINPUT, 0) == WAIT_OBJECT_0 + 1, "MsgWaitForMultipleObjectsEx: message -> WAIT_OBJECT_0 + nCount");
    check(GetMessageW(&msg, NULL, 0, 0) && msg.message == WM_USER + 8, "the message is still queued");
    CloseHandle(ev);

    /* timers */
    check(SetTimer(h, 5, 30, NULL) == 5, "SetTimer(hwnd, 5)");
    DWORD start = GetTickCount();
    int got = 0;
    while (!got && GetMessageW(&msg, NULL, 0, 0)) {
        if (msg.message == WM_TIMER && msg.hwnd == h && msg.wParam == 5) got = 1;
        DispatchMessageW(&msg);
    }
    check(got && GetTickCount() - start >= 25, "WM_TIMER after ~30 ms");
    check(KillTimer(h, 5) && !KillTimer(h, 5), "KillTimer");
    g_timerProcId = SetTimer(NULL, 0, 15, TimerProc);
    check(g_timerProcId != 0, "SetTimer(NULL, TIMERPROC)");
    while (g_timerProcCalls < 2 && GetMessageW(&msg, NULL, 0, 0)) DispatchMessageW(&msg);
    check(g_timerProcCalls == 2, "TIMERPROC called by DispatchMessageW");
    KillTimer(NULL, g_timerProcId);

    /* child window closed through DefWindowProcW(WM_CLOSE) */
    wc.lpfnWndProc = ChildProc;
    wc.lpszClassName = L"WinMsgChild";
    RegisterClassW(&wc);
    HWND c = CreateWindowExW(0, L"WinMsgChild", L"child", WS_CHILD, 0, 0, 5, 5, h, (HMENU)42, hInstance, NULL);
    check(c != NULL && GetWindowLongW(c, -12) == 42, "child window with id");
    n0 = g_nlog;
    SendMessageW(c, WM_CLOSE, 0, 0);
    check(!IsWindow(c) && g_nlog >= n0 + 3 && g_log[n0 + 1].m == (WM_DESTROY | 0x10000) && g_log[n0 + 2].m == (WM_NCDESTROY | 0x10000), "WM_CLOSE -> DefWindowProcW -> WM_DESTROY, WM_NCDESTROY");

    check(GetStockObject(WHITE_BRUSH) != NULL && GetStockObject(SYSTEM_FONT) != NULL && GetStockObject(99) == NULL, "GetStockObject");
    int mb = MessageBoxW(NULL, L"Proceed?", L"winmsg", MB_YESNO);
    printf("msgbox=%d\n", mb);

    /* destroy: WM_DESTROY (PostQuitMessage(5)) then WM_NCDESTROY; the loop ends with WM_QUIT */
    n0 = g_nlog;
    check(DestroyWindow(h), "DestroyWindow");
    /* a visible window is hidden and deactivated first (WM_WINDOWPOSCHANGING/CHANGED, WM_ACTIVATE...) */
    int d = n0;
    while (d < g_nlog && g_log[d].m != WM_DESTROY) d++;
    check(d + 1 < g_nlog && g_log[d + 1].m == WM_NCDESTROY && !IsWindow(h), "WM_DESTROY, WM_NCDESTROY");
    PostMessageW(NULL, WM_USER + 7, 0, 0);
    check(GetMessageW(&msg, NULL, 0, 0) == 1 && msg.message == WM_USER + 7, "posted messages come before WM_QUIT");
    check(GetMessageW(&msg, NULL, 0, 0) == 0 && msg.message == WM_QUIT && msg.wParam == 5, "WM_QUIT: GetMessageW returns 0, wParam = exit code");
    check(UnregisterClassW(L"WinMsgClass", hInstance), "UnregisterClassW");
    (void)logged;
    printf("winmsg: %d failures\n", failures);
    return failures;
}
