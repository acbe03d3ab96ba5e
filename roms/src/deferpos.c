/* deferpos.c — BeginDeferWindowPos / DeferWindowPos / EndDeferWindowPos (emulator/dlls/coredll/deferwinpos.ts;
 * Win32 pages, Wine's winpos.c): a negative count -> 87; a bad window -> 1400 (the structure stays usable);
 * nothing moves before EndDeferWindowPos; a window deferred twice keeps the first position when the
 * second call has SWP_NOMOVE and takes its size; EndDeferWindowPos applies every entry and frees the
 * structure (using it again -> ERROR_INVALID_HANDLE). Positions read back with GetWindowRect relative to
 * the parent's. Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures (test/gwes/deferpos.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <stdio.h>

WINBASEAPI HANDLE WINAPI BeginDeferWindowPos(int n);                                                             /* 1157 */
WINBASEAPI HANDLE WINAPI DeferWindowPos(HANDLE h, HWND w, HWND after, int x, int y, int cx, int cy, UINT flags); /* 1158 */
WINBASEAPI BOOL   WINAPI EndDeferWindowPos(HANDLE h);                                                            /* 1159 */
#define SWP_NOSIZE 0x1
#ifndef WS_POPUP
#define WS_POPUP 0x80000000L
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE 6
#endif
#define SWP_NOMOVE 0x2
#define SWP_NOZORDER 0x4

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%lx\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))

static HWND g_main;
/* The child's rectangle relative to the parent's window rectangle. */
static RECT rel(HWND c)
{
    RECT p, r;
    GetWindowRect(g_main, &p);
    GetWindowRect(c, &r);
    r.left -= p.left; r.right -= p.left; r.top -= p.top; r.bottom -= p.top;
    return r;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    g_main = CreateWindowExW(0, L"STATIC", L"", WS_VISIBLE | WS_POPUP, 0, 0, 200, 200, 0, 0, inst, 0);
    HWND a = CreateWindowExW(0, L"STATIC", L"a", WS_CHILD | WS_VISIBLE, 1, 2, 3, 4, g_main, 0, inst, 0);
    HWND b = CreateWindowExW(0, L"STATIC", L"b", WS_CHILD | WS_VISIBLE, 5, 6, 7, 8, g_main, 0, inst, 0);
    RECT r;

    SetLastError(0);
    CHECK("begin-negative", BeginDeferWindowPos(-1) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, GetLastError());
    HANDLE h = BeginDeferWindowPos(2);
    CHECK("begin", h != NULL, GetLastError());
    SetLastError(0);
    CHECK("defer-bad-window", DeferWindowPos(h, (HWND)0x1234, 0, 0, 0, 1, 1, SWP_NOZORDER) == NULL && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, GetLastError());
    CHECK("defer-a", DeferWindowPos(h, a, 0, 10, 20, 30, 40, SWP_NOZORDER) == h, 0);
    CHECK("defer-b", DeferWindowPos(h, b, 0, 50, 60, 0, 0, SWP_NOZORDER | SWP_NOSIZE) == h, 0);
    CHECK("defer-a-again", DeferWindowPos(h, a, 0, 99, 99, 35, 45, SWP_NOZORDER | SWP_NOMOVE) == h, 0);
    r = rel(a);
    CHECK("not-yet", r.left == 1 && r.top == 2 && r.right == 4 && r.bottom == 6, r.left);
    CHECK("end", EndDeferWindowPos(h), GetLastError());
    r = rel(a);
    CHECK("a-moved-resized", r.left == 10 && r.top == 20 && r.right == 45 && r.bottom == 65, r.right);
    r = rel(b);
    CHECK("b-moved", r.left == 50 && r.top == 60 && r.right == 57 && r.bottom == 68, r.left);
    SetLastError(0);
    CHECK("end-again", !EndDeferWindowPos(h) && GetLastError() == ERROR_INVALID_HANDLE, GetLastError());
    SetLastError(0);
    CHECK("defer-freed", DeferWindowPos(h, a, 0, 0, 0, 1, 1, 0) == NULL && GetLastError() == ERROR_INVALID_HANDLE, GetLastError());
    printf("failures %d\n", g_fail);
    return g_fail;
}
