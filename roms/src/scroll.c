/* scroll.c — a window's scroll bar state (issue 14): SetScrollInfo/GetScrollInfo/SetScrollPos/
 * SetScrollRange on SB_VERT and SB_HORZ, the default range 0-100, page and position clamping, the
 * returned positions, bad arguments. Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures
 * (test/gwes/scroll.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>

typedef struct { UINT cbSize, fMask; int nMin, nMax; UINT nPage; int nPos, nTrackPos; } SCROLLINFO;
WINBASEAPI int WINAPI SetScrollInfo(HWND, int, const SCROLLINFO *, BOOL);
WINBASEAPI BOOL WINAPI GetScrollInfo(HWND, int, SCROLLINFO *);
WINBASEAPI int WINAPI SetScrollPos(HWND, int, int, BOOL);
WINBASEAPI BOOL WINAPI SetScrollRange(HWND, int, int, int, BOOL);
#define SB_HORZ 0
#define SB_VERT 1
#define SIF_RANGE 1
#define SIF_PAGE 2
#define SIF_POS 4
#define SIF_TRACKPOS 0x10
#define SIF_ALL 0x17

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))
static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l) { return DefWindowProcW(h, m, w, l); }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.lpszClassName = L"ScrollTest";
    RegisterClassW(&wc);
    HWND w = CreateWindowExW(0, L"ScrollTest", L"S", WS_CAPTION | WS_VISIBLE | 0x00200000 /* WS_VSCROLL */, 0, 0, 200, 100, NULL, NULL, hInstance, NULL);
    SCROLLINFO si = {sizeof si, SIF_ALL, 7, 7, 7, 7, 7};
    CHECK("default", GetScrollInfo(w, SB_VERT, &si) && si.nMin == 0 && si.nMax == 100 && si.nPage == 0 && si.nPos == 0, si.nMax);
    SCROLLINFO set = {sizeof set, SIF_RANGE | SIF_PAGE | SIF_POS, 0, 49, 10, 45, 0};
    CHECK("set-clamps-pos", SetScrollInfo(w, SB_VERT, &set, TRUE) == 40, SetScrollInfo(w, SB_VERT, &set, TRUE));
    si.fMask = SIF_ALL;
    GetScrollInfo(w, SB_VERT, &si);
    CHECK("read-back", si.nMin == 0 && si.nMax == 49 && si.nPage == 10 && si.nPos == 40 && si.nTrackPos == 40, si.nPos);
    set.fMask = SIF_PAGE; set.nPage = 500;
    SetScrollInfo(w, SB_VERT, &set, TRUE);
    si.fMask = SIF_PAGE | SIF_POS;
    GetScrollInfo(w, SB_VERT, &si);
    CHECK("page-clamped", si.nPage == 50 && si.nPos == 0, si.nPage);
    CHECK("setpos-returns-old", SetScrollPos(w, SB_HORZ, 30, TRUE) == 0 && SetScrollPos(w, SB_HORZ, 200, TRUE) == 30, 0);
    si.fMask = SIF_POS;
    GetScrollInfo(w, SB_HORZ, &si);
    CHECK("setpos-clamped", si.nPos == 100, si.nPos);
    CHECK("set-range", SetScrollRange(w, SB_HORZ, -10, 20, TRUE), 0);
    si.fMask = SIF_RANGE | SIF_POS;
    GetScrollInfo(w, SB_HORZ, &si);
    CHECK("range-read-back", si.nMin == -10 && si.nMax == 20 && si.nPos == 20, si.nPos);
    SetLastError(0);
    CHECK("range-too-big", !SetScrollRange(w, SB_HORZ, -0x7fffffff, 0x7fffffff, TRUE) && GetLastError() == 1448, GetLastError());
    si.cbSize = 12;
    CHECK("bad-cbsize", !GetScrollInfo(w, SB_VERT, &si), 1);
    si.cbSize = sizeof si; si.fMask = 0;
    CHECK("empty-mask", !GetScrollInfo(w, SB_VERT, &si), 1);
    SetLastError(0);
    si.fMask = SIF_ALL;
    CHECK("bad-window", !GetScrollInfo((HWND)0x1234, SB_VERT, &si) && GetLastError() == 1400, GetLastError());
    DestroyWindow(w);
    printf("failures %d\n", g_fail);
    return g_fail;
}
