/* samplecpl.c — a Control Panel applet DLL (a `.cpl`, CE's cpl.h protocol) for the control.exe test:
 * the ce6 image has no .cpl file, so test/gwes/control.test.ts copies this one to \Windows\sample.cpl.
 * CPlApplet answers CPL_INIT, CPL_GETCOUNT (one applet), CPL_NEWINQUIRE (name "Sample", the icon of
 * samplecpl.rc), and on CPL_DBLCLK (ctlpnl.exe runs it in its own process) shows a top-level window
 * "Sample applet" (caption, close button, white client area) and runs its message loop until the window is closed (WM_CLOSE). It prints what
 * it is asked, for the test. */
#include <windows.h>
#include <winuser.h>
#include <ce_modules.h>

#define CPL_INIT       1
#define CPL_GETCOUNT   2
#define CPL_INQUIRE    3
#define CPL_SELECT     4
#define CPL_DBLCLK     5
#define CPL_STOP       6
#define CPL_EXIT       7
#define CPL_NEWINQUIRE 8

typedef struct {
    DWORD dwSize, dwFlags, dwHelpContext;
    LONG lData;
    HICON hIcon;
    WCHAR szName[32], szInfo[64], szHelpFile[128];
} NEWCPLINFOW;

WINBASEAPI HICON WINAPI LoadIconW(HINSTANCE h, LPCWSTR name);   /* 728 */
_CRTIMP wchar_t *wcscpy(wchar_t *dst, const wchar_t *src);

#define WS_CAPTION 0x00C00000
#define WS_SYSMENU 0x00080000

static HINSTANCE g_hinst;

static LRESULT AppletProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_DESTROY) { PostQuitMessage(0); return 0; }
    return DefWindowProcW(h, m, w, l);
}

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) g_hinst = hinst;
    return TRUE;
}

LONG CPlApplet(HWND hwndCPl, UINT msg, LPARAM l1, LPARAM l2)
{
    switch (msg) {
    case CPL_INIT: return 1;
    case CPL_GETCOUNT: return 1;
    case CPL_NEWINQUIRE: {
        NEWCPLINFOW *info = (NEWCPLINFOW *)l2;
        info->dwSize = sizeof *info;
        info->dwFlags = 0;
        info->dwHelpContext = 0;
        info->lData = 42;
        info->hIcon = LoadIconW(g_hinst, (LPCWSTR)1);
        wcscpy(info->szName, L"Sample");
        wcscpy(info->szInfo, L"A wmemu test applet");
        info->szHelpFile[0] = 0;
        return 0;
    }
    case CPL_DBLCLK: {
        WNDCLASSW wc = {0};
        MSG m;
        printf("samplecpl: CPL_DBLCLK applet %ld data %ld\n", (long)l1, (long)l2);
        wc.lpfnWndProc = AppletProc; wc.hInstance = g_hinst; wc.lpszClassName = L"SampleApplet";
        wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
        RegisterClassW(&wc);
        HWND h = CreateWindowExW(0, L"SampleApplet", L"Sample applet", WS_VISIBLE | WS_CAPTION | WS_SYSMENU, 20, 40, 200, 160, NULL, NULL, g_hinst, NULL);
        if (!h) return 1;
        while (GetMessageW(&m, NULL, 0, 0)) { TranslateMessage(&m); DispatchMessageW(&m); }
        printf("samplecpl: applet window closed\n");
        return 0;
    }
    case CPL_STOP: case CPL_EXIT: return 0;
    }
    return 0;
}
