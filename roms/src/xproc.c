/* xproc.c — one GWES for the processes of a run: a window of another process gets SendMessageW on
 * its own thread, with the data of pointer-carrying messages copied both ways (WM_SETTEXT,
 * WM_GETTEXT, WM_COPYDATA, EM_GETSEL-style out pointers); RegisterWindowMessageW gives the same id
 * in both processes; a receiver that sends back to the blocked sender is served (no deadlock).
 * Also, in one process: IsChild, GetCursorPos/SetCursorPos, MSG.pt/GetMessagePos, SetParent, window
 * properties, class longs, monitors, keybd_event, MapVirtualKeyW, MessageBeep; EnumWindows in the child.
 *
 * Without arguments it is the parent: it creates its window and starts itself as the child
 * (`xproc.exe child <hwnd>`), which creates its own window and sends to the parent's. The child
 * prints "child: N failures" and exits with N; the parent prints "xproc: N failures" (its own and
 * the child's) and returns N. */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <ce_modules.h>
#include <ce_crt.h>

_CRTIMP int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);  /* 65 */
WINBASEAPI UINT WINAPI RegisterWindowMessageW(LPCWSTR s);        /* 891 */
WINBASEAPI BOOL WINAPI IsChild(HWND parent, HWND h);             /* 277 */
WINBASEAPI BOOL WINAPI GetCursorPos(POINT *p);                   /* 734 */
WINBASEAPI BOOL WINAPI SetCursorPos(int x, int y);               /* 736 */
WINBASEAPI HWND WINAPI SetParent(HWND h, HWND parent);           /* 268 */
WINBASEAPI HWND WINAPI GetParent(HWND h);                        /* 269 */
WINBASEAPI int  WINAPI GetWindowTextLengthW(HWND h);             /* 276 */
WINBASEAPI DWORD WINAPI GetMessagePos(void);                     /* 862 */
WINBASEAPI BOOL WINAPI SetProp(HWND h, LPCWSTR s, HANDLE v);     /* 1497 */
WINBASEAPI HANDLE WINAPI GetProp(HWND h, LPCWSTR s);             /* 1498 */
WINBASEAPI HANDLE WINAPI RemoveProp(HWND h, LPCWSTR s);          /* 1499 */
typedef BOOL (*WNDENUMPROC)(HWND, LPARAM);
WINBASEAPI BOOL WINAPI EnumWindows(WNDENUMPROC f, LPARAM l);     /* 291 */
typedef struct { DWORD cbSize; RECT rcMonitor, rcWork; DWORD dwFlags; } MONITORINFO;
WINBASEAPI HANDLE WINAPI MonitorFromPoint(POINT pt, DWORD flags); /* 1522 */
WINBASEAPI HANDLE WINAPI MonitorFromWindow(HWND h, DWORD flags); /* 1524 */
WINBASEAPI BOOL WINAPI GetMonitorInfo(HANDLE m, MONITORINFO *mi); /* 1525 */
WINBASEAPI DWORD WINAPI GetClassLongW(HWND h, int i);            /* 879 */
WINBASEAPI DWORD WINAPI SetClassLongW(HWND h, int i, LONG v);    /* 880 */
WINBASEAPI void WINAPI keybd_event(BYTE vk, BYTE scan, DWORD flags, DWORD extra); /* 833 */
WINBASEAPI UINT WINAPI MapVirtualKeyW(UINT code, UINT type);     /* 831 */
WINBASEAPI BOOL WINAPI MessageBeep(UINT type);                   /* 857 */
WINBASEAPI BOOL WINAPI InSendMessage(void);                      /* 1419 */
WINBASEAPI BOOL WINAPI ClipCursor(const RECT *r);                /* 731 */
WINBASEAPI BOOL WINAPI GetClipCursor(RECT *r);                   /* 732 */
WINBASEAPI LRESULT WINAPI SendMessageTimeout(HWND h, UINT m, WPARAM w, LPARAM l, UINT flags, UINT ms, DWORD *result); /* 1495 */
#define XM_SLOW     (WM_USER + 4)   /* child -> parent: the parent takes 400 ms to answer */
#define GCL_HBRBACKGROUND (-10)
#define GCL_WNDPROC (-24)
#define KEYEVENTF_KEYUP 2
#define WM_KEYUP 0x0101

#define WM_COPYDATA 0x004A
#define WM_GETTEXTLENGTH 0x000E
#define WS_POPUP 0x80000000
#define XM_HELLO    (WM_USER + 1)   /* child -> parent: wParam = the child's window */
#define XM_SENDBACK (WM_USER + 2)   /* child -> parent: the parent sends WM_SETTEXT back to the child while it waits */
#define XM_GETSEL   (WM_USER + 3)   /* the parent to itself: InSendMessage inside a same-thread send */
#define XM_DONE     (WM_USER + 9)   /* child -> parent (posted): wParam = the child's failures */
#define EM_GETSEL 0x00B0

typedef struct { DWORD dwData; DWORD cbData; void *lpData; } COPYDATASTRUCT;

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static UINT g_regmsg;
static int g_childFailures = -1;
static HWND g_childWnd, g_leftover;
static int g_copyOk, g_regOk, g_sendBackResult = -1, g_inSendFromChild = -1, g_inSendOwn = -1;

static LRESULT ParentProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == g_regmsg && g_regmsg) { g_regOk = (w == g_regmsg); return 0x5151; }
    switch (m) {
    case WM_COPYDATA: {
        const COPYDATASTRUCT *c = (const COPYDATASTRUCT *)l;
        g_copyOk = c && c->dwData == 0x1234 && c->cbData == 26 && c->lpData && wcscmp((const wchar_t *)c->lpData, L"hello across") == 0;
        return 77;
    }
    case XM_HELLO:
        if (g_inSendFromChild < 0) g_inSendFromChild = InSendMessage();
        g_childWnd = (HWND)w;
        return 1;
    case XM_GETSEL: g_inSendOwn = InSendMessage(); return 0;
    case XM_SLOW: Sleep(400); return 3;
    case XM_SENDBACK:
        /* the child is blocked in SendMessageW to us: it must still take this */
        g_sendBackResult = SendMessageW((HWND)w, WM_SETTEXT, 0, (LPARAM)L"from parent");
        return 2;
    case EM_GETSEL:
        if (w) *(DWORD *)w = 3;
        if (l) *(DWORD *)l = 9;
        return 0x00090003;
    case XM_DONE: g_childFailures = (int)w; g_leftover = (HWND)l; DestroyWindow(h); return 0;
    case WM_DESTROY: PostQuitMessage(0); return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

static LRESULT PlainProc(HWND h, UINT m, WPARAM w, LPARAM l) { return DefWindowProcW(h, m, w, l); }

static HWND g_enumWanted;
static int g_enumSeen, g_enumFound;
static BOOL EnumProc(HWND h, LPARAM l)
{
    g_enumSeen++;
    if (h == g_enumWanted) g_enumFound = (l == 0x77);
    return TRUE;
}
static BOOL EnumStop(HWND h, LPARAM l) { (*(int *)l)++; return FALSE; }

static int child(HINSTANCE inst, HWND parent)
{
    WNDCLASSW wc = {0};
    WCHAR buf[64];
    printf("child: parent window %08lx\n", (unsigned long)(DWORD)parent);
    wc.lpfnWndProc = PlainProc; wc.hInstance = inst; wc.lpszClassName = L"xproc child";
    RegisterClassW(&wc);
    HWND me = CreateWindowExW(0, L"xproc child", L"child window", WS_VISIBLE, 20, 60, 120, 80, NULL, NULL, inst, NULL);
    check(me != NULL, "child: CreateWindowExW");
    check(FindWindowW(L"xproc parent", NULL) == parent, "child: FindWindowW finds the parent's window (one window manager)");
    check(SendMessageW(parent, XM_HELLO, (WPARAM)me, 0) == 1, "child: SendMessageW to the other process returns its result");
    DWORD res = 0;
    check(SendMessageTimeout(parent, XM_HELLO, (WPARAM)me, 0, 0, 5000, &res) == 1 && res == 1, "child: SendMessageTimeout answered in time: TRUE and the result");
    SetLastError(0);
    res = 0x55;
    check(SendMessageTimeout(parent, XM_SLOW, 0, 0, 0, 50, &res) == 0 && GetLastError() == 1460 && res == 0x55, "child: SendMessageTimeout past its time-out: 0, ERROR_TIMEOUT, no result");
    g_enumWanted = parent;
    int stops = 0;
    check(EnumWindows(EnumProc, 0x77) && g_enumFound && g_enumSeen >= 2, "child: EnumWindows lists the parent's top-level window too");
    check(!EnumWindows(EnumStop, (LPARAM)&stops) && stops == 1, "child: EnumWindows stops at FALSE and returns it");

    UINT id = RegisterWindowMessageW(L"WMEMU.XPROC.MESSAGE");
    check(id >= 0xC000 && id <= 0xFFFF, "child: RegisterWindowMessageW in 0xC000..0xFFFF");
    check(SendMessageW(parent, id, id, 0) == 0x5151, "child: the registered message reaches the parent's procedure");

    /* the data is built at run time on this stack (string literals sit at the same address in both processes: same image) */
    WCHAR settext[32];
    wcscpy(settext, L"set by child");
    check(SendMessageW(parent, WM_SETTEXT, 0, (LPARAM)settext) == TRUE, "child: WM_SETTEXT");
    check(GetWindowTextLengthW(parent) == 12, "child: GetWindowTextLengthW after WM_SETTEXT");
    for (int i = 0; i < 64; i++) buf[i] = L'x';
    check(GetWindowTextW(parent, buf, 64) == 12 && wcscmp(buf, L"set by child") == 0, "child: GetWindowTextW copies the text back");
    for (int i = 0; i < 64; i++) buf[i] = L'x';
    LRESULT n = SendMessageW(parent, WM_GETTEXT, 5, (LPARAM)buf);
    check(n == 4 && wcsncmp(buf, L"set ", 4) == 0 && buf[4] == 0 && buf[5] == L'x', "child: WM_GETTEXT with a 5-character buffer copies 4 characters and the NUL, no more");

    WCHAR text[13];   /* 13 characters with the NUL: 26 bytes */
    wcscpy(text, L"hello across");
    COPYDATASTRUCT cds = { 0x1234, sizeof text, (void *)text };
    check(SendMessageW(parent, WM_COPYDATA, (WPARAM)me, (LPARAM)&cds) == 77, "child: WM_COPYDATA returns the receiver's result");

    DWORD s = 0, e = 0;
    check(SendMessageW(parent, EM_GETSEL, (WPARAM)&s, (LPARAM)&e) == 0x00090003 && s == 3 && e == 9, "child: EM_GETSEL's two out pointers are copied back");

    check(SendMessageW(parent, XM_SENDBACK, (WPARAM)me, 0) == 2, "child: a send the receiver answers with a send back to us");
    check(GetWindowTextW(me, buf, 64) == 11 && wcscmp(buf, L"from parent") == 0, "child: the parent's WM_SETTEXT reached our window while we waited");

    printf("child: %d failures\n", failures);
    /* a window the child leaves behind: it goes with the child's thread */
    HWND left = CreateWindowExW(0, L"xproc child", L"child leftover", WS_VISIBLE, 40, 100, 80, 40, NULL, NULL, inst, NULL);
    PostMessageW(parent, XM_DONE, (WPARAM)failures, (LPARAM)left);
    DestroyWindow(me);
    return failures;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    if (cmd && wcsncmp(cmd, L"child ", 6) == 0) return child(inst, (HWND)wcstoul(cmd + 6, NULL, 16));

    WNDCLASSW wc = {0};
    MSG msg;
    WCHAR line[64];
    wc.lpfnWndProc = ParentProc; wc.hInstance = inst; wc.lpszClassName = L"xproc parent";
    check(RegisterClassW(&wc) != 0, "RegisterClassW");
    wc.lpfnWndProc = PlainProc; wc.lpszClassName = L"xproc plain"; wc.cbClsExtra = 8;
    RegisterClassW(&wc);

    /* RegisterWindowMessageW: the same string (any case) gives the same id; an empty one fails */
    g_regmsg = RegisterWindowMessageW(L"wmemu.xproc.message");
    check(g_regmsg >= 0xC000 && g_regmsg <= 0xFFFF, "RegisterWindowMessageW in 0xC000..0xFFFF");
    check(RegisterWindowMessageW(L"WMEMU.xproc.MESSAGE") == g_regmsg, "RegisterWindowMessageW: same string in another case, same id");
    UINT other = RegisterWindowMessageW(L"wmemu.xproc.other");
    check(other != g_regmsg && other >= 0xC000, "RegisterWindowMessageW: another string, another id");
    SetLastError(0);
    check(RegisterWindowMessageW(L"") == 0 && GetLastError() == 87, "RegisterWindowMessageW(\"\") fails with ERROR_INVALID_PARAMETER");

    HWND main = CreateWindowExW(0, L"xproc parent", L"parent window", WS_VISIBLE, 0, 0, 200, 150, NULL, NULL, inst, NULL);
    check(main != NULL, "CreateWindowExW(parent window)");

    /* IsChild: descendants through WS_CHILD links only */
    HWND c1 = CreateWindowExW(0, L"xproc plain", L"c1", WS_CHILD | WS_VISIBLE, 10, 10, 80, 60, main, (HMENU)1, inst, NULL);
    HWND c2 = CreateWindowExW(0, L"xproc plain", L"c2", WS_CHILD | WS_VISIBLE, 5, 5, 20, 20, c1, (HMENU)2, inst, NULL);
    HWND pop = CreateWindowExW(0, L"xproc plain", L"pop", WS_POPUP, 0, 0, 10, 10, main, NULL, inst, NULL);
    check(IsChild(main, c1) && IsChild(main, c2) && IsChild(c1, c2), "IsChild: child and grandchild");
    check(!IsChild(c1, main) && !IsChild(main, main) && !IsChild(c2, c1), "IsChild: not the parent, not itself");
    check(!IsChild(main, pop), "IsChild: a pop-up is not a child");
    check(!IsChild(main, (HWND)0x1234) && !IsChild((HWND)0x1234, c1), "IsChild: invalid handles -> FALSE");

    /* SetParent: returns the old parent, keeps the parent-relative position */
    HWND c3 = CreateWindowExW(0, L"xproc plain", L"c3", WS_CHILD | WS_VISIBLE, 100, 10, 60, 40, main, (HMENU)3, inst, NULL);
    RECT r1, r2, rc1;
    GetWindowRect(c2, &r1);
    GetWindowRect(c3, &rc1);
    check(SetParent(c2, c3) == c1, "SetParent returns the old parent");
    check(GetParent(c2) == c3 && IsChild(c3, c2) && !IsChild(c1, c2), "SetParent: the new parent");
    GetWindowRect(c2, &r2);
    check(r2.left - rc1.left == 5 && r2.top - rc1.top == 5 && r2.right - r2.left == r1.right - r1.left, "SetParent keeps the position relative to the parent");
    SetLastError(0);
    check(SetParent(c3, c2) == NULL && GetLastError() == 87, "SetParent into its own descendant fails (ERROR_INVALID_PARAMETER)");
    SetLastError(0);
    check(SetParent((HWND)0x1234, main) == NULL && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "SetParent of an invalid window fails");

    /* the cursor: where the pen was last; SetCursorPos moves it, inside the screen */
    POINT pt = { -1, -1 };
    check(SetCursorPos(30, 40) && GetCursorPos(&pt) && pt.x == 30 && pt.y == 40, "SetCursorPos / GetCursorPos");
    /* MSG.pt and GetMessagePos: where the pen was when the message was posted (CE's MSG page) */
    SetCursorPos(50, 60);
    PostMessageW(main, WM_NULL, 0, 0);
    SetCursorPos(70, 80);
    check(GetMessageW(&msg, main, 0, 0) && msg.message == WM_NULL && msg.pt.x == 50 && msg.pt.y == 60, "GetMessageW: MSG.pt is the cursor position when the message was posted");
    SetCursorPos(90, 100);
    check(GetMessagePos() == ((60u << 16) | 50u), "GetMessagePos: the position of the last message taken, not the cursor's now");
    SetCursorPos(-5, 100000);
    GetCursorPos(&pt);
    check(pt.x == 0 && pt.y == GetSystemMetrics(SM_CYSCREEN) - 1, "SetCursorPos is clipped to the screen");
    RECT clip = { 10, 20, 30, 40 }, got;
    check(ClipCursor(&clip) && GetCursorPos(&pt) && pt.x == 10 && pt.y == 39, "ClipCursor moves the cursor inside its rectangle");
    SetCursorPos(100, 5);
    check(GetCursorPos(&pt) && pt.x == 29 && pt.y == 20 && GetClipCursor(&got) && got.left == 10 && got.top == 20 && got.right == 30 && got.bottom == 40, "SetCursorPos stays inside; GetClipCursor gives the rectangle");
    check(ClipCursor(NULL) && GetClipCursor(&got) && got.left == 0 && got.right == GetSystemMetrics(SM_CXSCREEN) && got.bottom == GetSystemMetrics(SM_CYSCREEN), "ClipCursor(NULL): the whole screen again");

    /* window properties: strings (any case) and atoms */
    check(SetProp(main, L"wmemu.prop", (HANDLE)0x1234) && GetProp(main, L"WMEMU.Prop") == (HANDLE)0x1234, "SetProp/GetProp by string, case-insensitive");
    check(SetProp(main, (LPCWSTR)0xC123, (HANDLE)7) && GetProp(main, (LPCWSTR)0xC123) == (HANDLE)7 && GetProp(c1, (LPCWSTR)0xC123) == NULL, "SetProp/GetProp by atom, per window");
    check(RemoveProp(main, L"wmemu.PROP") == (HANDLE)0x1234 && GetProp(main, L"wmemu.prop") == NULL && RemoveProp(main, L"wmemu.prop") == NULL, "RemoveProp returns the value once");
    SetLastError(0);
    check(!SetProp((HWND)0x1234, L"x", (HANDLE)1) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "SetProp of an invalid window fails");

    /* class longs */
    check(GetClassLongW(main, GCL_WNDPROC) == (DWORD)ParentProc, "GetClassLongW(GCL_WNDPROC)");
    check(SetClassLongW(c1, GCL_HBRBACKGROUND, 0x5555) == 0 && GetClassLongW(c3, GCL_HBRBACKGROUND) == 0x5555, "SetClassLongW changes the class (every window of it)");
    check(SetClassLongW(c1, 4, 0xABCD) == 0 && GetClassLongW(c2, 4) == 0xABCD, "class extra bytes (cbClsExtra 8)");
    SetLastError(0);
    check(GetClassLongW(c1, 8) == 0 && GetLastError() == 1413, "a class long past cbClsExtra: ERROR_INVALID_INDEX");

    /* one monitor */
    POINT in = { 10, 10 }, out = { -100, -100 };
    HANDLE mon = MonitorFromPoint(in, 0);
    check(mon != NULL && MonitorFromWindow(main, 0) == mon, "MonitorFromPoint/MonitorFromWindow on the screen");
    check(MonitorFromPoint(out, 0) == NULL && MonitorFromPoint(out, 1) == mon, "off the screen: NULL or the primary monitor by flags");
    MONITORINFO mi;
    mi.cbSize = sizeof mi;
    check(GetMonitorInfo(mon, &mi) && mi.rcMonitor.left == 0 && mi.rcMonitor.right == GetSystemMetrics(SM_CXSCREEN) && mi.rcMonitor.bottom == GetSystemMetrics(SM_CYSCREEN) && mi.dwFlags == 1, "GetMonitorInfo: the screen, primary");

    /* keyboard */
    keybd_event('A', 0, 0, 0);
    keybd_event('A', 0, KEYEVENTF_KEYUP, 0);
    check(PeekMessageW(&msg, NULL, WM_KEYDOWN, WM_KEYUP, PM_REMOVE) && msg.message == WM_KEYDOWN && msg.wParam == 'A' && msg.hwnd == main, "keybd_event: WM_KEYDOWN to the focus window");
    check(PeekMessageW(&msg, NULL, WM_KEYDOWN, WM_KEYUP, PM_REMOVE) && msg.message == WM_KEYUP && msg.wParam == 'A', "keybd_event(KEYEVENTF_KEYUP): WM_KEYUP");
    check(MapVirtualKeyW('A', 0) == 0x1E && MapVirtualKeyW(0x1E, 1) == 'A' && MapVirtualKeyW('7', 2) == '7', "MapVirtualKeyW");
    check(!MessageBeep(0), "MessageBeep: no wave driver, FALSE");

    SendMessageW(main, XM_GETSEL, 0, 0);
    check(g_inSendOwn == FALSE, "InSendMessage: FALSE for a message the thread sent itself");

    /* the child process: it sends to our window */
    PROCESS_INFORMATION pi;
    wsprintfW(line, L"child %08x", (unsigned)(DWORD)main);
    check(CreateProcessW(L"xproc.exe", line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(xproc.exe child)");
    while (GetMessageW(&msg, NULL, 0, 0)) { TranslateMessage(&msg); DispatchMessageW(&msg); }
    DWORD code = 0xdead;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);

    check(g_childWnd != NULL, "the child's window handle arrived (XM_HELLO)");
    check(g_leftover != NULL && !IsWindow(g_leftover) && FindWindowW(L"xproc child", NULL) == NULL, "the window the child did not destroy went with its process");
    check(g_inSendFromChild == TRUE, "InSendMessage: TRUE for the child's message");
    check(g_regOk, "the child's RegisterWindowMessageW id equals ours");
    check(g_copyOk, "WM_COPYDATA: COPYDATASTRUCT and its data copied into this process");
    check(g_sendBackResult == TRUE, "SendMessageW back to the child while it waits for us");
    check(g_childFailures == 0 && code == 0, "the child passed its checks");
    if (g_childFailures > 0) failures += g_childFailures;
    printf("xproc: %d failures\n", failures);
    return failures;
}
