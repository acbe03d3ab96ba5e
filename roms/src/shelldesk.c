/* shelldesk.c — the shell's registrations with GWES (issues 14/12), as CE 6's gwes.dll and explorer.exe
 * do them (disassembled; emulator/dlls/coredll/desktop.ts): RegisterDesktop (bad window -> 1400, another
 * class -> 87, a "DesktopExplorerWindow" -> TRUE, GetDesktopWindow answers it, no message is sent to it,
 * destroying it drops it), RegisterTaskBar (bad window -> 1400, TRUE, the same again TRUE, another
 * window -> 31) and Shell_NotifyIcon (no taskbar and no guest shell: wmemu's stand-in tray keeps the icons,
 * ADD/MODIFY/DELETE by (hWnd, uID), FALSE with the last error untouched for a duplicate or missing one; NULL, wrong
 * cbSize, bad hWnd -> 87; with the taskbar: exactly one message, WM_COPYDATA with wParam 0 and
 * COPYDATASTRUCT { NIM_*, 152, the caller's NOTIFYICONDATA }, the taskbar's answer returned); SipEnumIM
 * and SipSetDefaultRect without an input panel driver (-1 / FALSE, ERROR_GEN_FAILURE after the RECT check:
 * CE 6's coredll, emulator/dlls/coredll/sip.ts); SPI_GETDEFAULTINPUTLANG = the HKL of the only layout.
 * Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures (test/gwes/shelldesk.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <stdio.h>

WINBASEAPI BOOL WINAPI RegisterDesktop(HWND h);     /* 1507 */
WINBASEAPI BOOL WINAPI RegisterTaskBar(HWND h);     /* 892 */
WINBASEAPI HWND WINAPI GetDesktopWindow(void);      /* 1397 */
typedef struct {
    DWORD cbSize; HWND hWnd; UINT uID; UINT uFlags; UINT uCallbackMessage; HICON hIcon; WCHAR szTip[64];
} NOTIFYICONDATA;
WINBASEAPI BOOL WINAPI Shell_NotifyIcon(DWORD msg, NOTIFYICONDATA *nid); /* 481 */
WINBASEAPI int WINAPI SipEnumIM(void *proc);       /* 1174 */
WINBASEAPI BOOL WINAPI SipSetDefaultRect(RECT *r);  /* 1214 */
WINBASEAPI BOOL WINAPI SystemParametersInfoW(UINT action, UINT param, void *pv, UINT ini); /* 89 */
WINBASEAPI UINT WINAPI GetKeyboardLayoutList(int n, HANDLE *list); /* 1767 */
#define SPI_GETDEFAULTINPUTLANG 0x59
typedef struct { DWORD dwData; DWORD cbData; void *lpData; } COPYDATASTRUCT;
#define WM_COPYDATA 0x004A
#ifndef NIF_TIP
#define NIF_TIP 4
#endif
#define WS_POPUP 0x80000000
#define NIM_ADD 0
#define NIM_MODIFY 1
#define NIM_DELETE 2

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(n, c, g) check(n, (c), (long)(g))

/* Messages the desk and tray windows received after g_watch was set. */
static struct { HWND h; UINT msg; WPARAM wp; DWORD data, cb; void *lp; UINT id; } g_log[16];
static int g_n, g_watch;

static LRESULT WINAPI Proc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (g_watch && g_n < 16) {
        g_log[g_n].h = h; g_log[g_n].msg = m; g_log[g_n].wp = w;
        if (m == WM_COPYDATA) {
            COPYDATASTRUCT *c = (COPYDATASTRUCT *)l;
            g_log[g_n].data = c->dwData; g_log[g_n].cb = c->cbData; g_log[g_n].lp = c->lpData;
            g_log[g_n].id = ((NOTIFYICONDATA *)c->lpData)->uID;
        }
        g_n++;
    }
    if (m == WM_COPYDATA) return 0x1234;
    return DefWindowProcW(h, m, w, l);
}

static void pump(void)
{
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, 1)) DispatchMessageW(&msg);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = Proc;
    wc.hInstance = inst;
    wc.lpszClassName = L"DesktopExplorerWindow";
    RegisterClassW(&wc);
    wc.lpszClassName = L"NotTheDesktop";
    RegisterClassW(&wc);
    wc.lpszClassName = L"HHTaskBar";
    RegisterClassW(&wc);
    HWND root = GetDesktopWindow();
    HWND desk = CreateWindowExW(0, L"DesktopExplorerWindow", L"Desktop", WS_POPUP | WS_VISIBLE, 0, 0, 240, 320, NULL, NULL, inst, NULL);
    HWND other = CreateWindowExW(0, L"NotTheDesktop", L"", WS_POPUP, 0, 0, 10, 10, NULL, NULL, inst, NULL);
    HWND tray = CreateWindowExW(0, L"HHTaskBar", L"", WS_POPUP | WS_VISIBLE, 0, 294, 240, 26, NULL, NULL, inst, NULL);
    HWND tray2 = CreateWindowExW(0, L"HHTaskBar", L"", WS_POPUP, 0, 0, 10, 10, NULL, NULL, inst, NULL);
    pump();
    CHECK("root-desktop", root != NULL, root);

    /* Shell_NotifyIcon before any taskbar, no guest shell: wmemu's stand-in tray keeps the icons
     * (desktop.ts): ADD TRUE, ADD again FALSE, MODIFY TRUE, DELETE TRUE, DELETE / MODIFY of a missing
     * icon FALSE, the last error as it was. No message is sent to anyone. */
    NOTIFYICONDATA nid = {0};
    nid.cbSize = sizeof nid;
    nid.hWnd = desk;
    nid.uID = 7;
    g_watch = 1; g_n = 0;
    SetLastError(0xBEEF);
    BOOL r = Shell_NotifyIcon(NIM_ADD, &nid);
    CHECK("notify-standin-add", r && GetLastError() == 0xBEEF, GetLastError());
    CHECK("notify-standin-add-again", !Shell_NotifyIcon(NIM_ADD, &nid) && GetLastError() == 0xBEEF, GetLastError());
    nid.uFlags = NIF_TIP;
    nid.szTip[0] = L't'; nid.szTip[1] = L'i'; nid.szTip[2] = L'p';
    CHECK("notify-standin-modify", Shell_NotifyIcon(NIM_MODIFY, &nid), 0);
    CHECK("notify-standin-delete", Shell_NotifyIcon(NIM_DELETE, &nid), 0);
    CHECK("notify-standin-delete-again", !Shell_NotifyIcon(NIM_DELETE, &nid) && GetLastError() == 0xBEEF, GetLastError());
    CHECK("notify-standin-modify-missing", !Shell_NotifyIcon(NIM_MODIFY, &nid) && GetLastError() == 0xBEEF, GetLastError());
    pump();
    CHECK("notify-standin-no-message", g_n == 0, g_n);
    g_watch = 0;
    nid.uFlags = 0;
    CHECK("notify-size", sizeof nid == 152, sizeof nid);

    /* RegisterDesktop */
    SetLastError(0);
    CHECK("desk-bad", !RegisterDesktop((HWND)0x1234) && GetLastError() == 1400, GetLastError());
    SetLastError(0);
    CHECK("desk-null", !RegisterDesktop(NULL) && GetLastError() == 1400, GetLastError());
    SetLastError(0);
    CHECK("desk-class", !RegisterDesktop(other) && GetLastError() == 87, GetLastError());
    CHECK("desk-not-yet", GetDesktopWindow() == root, GetDesktopWindow());
    g_watch = 1; g_n = 0;
    CHECK("desk-ok", RegisterDesktop(desk), 0);
    pump();
    CHECK("desk-no-message", g_n == 0, g_n);
    g_watch = 0;
    CHECK("desk-get", GetDesktopWindow() == desk, GetDesktopWindow());

    /* RegisterTaskBar */
    SetLastError(0);
    CHECK("tray-bad", !RegisterTaskBar((HWND)0x1234) && GetLastError() == 1400, GetLastError());
    g_watch = 1; g_n = 0;
    CHECK("tray-ok", RegisterTaskBar(tray), 0);
    CHECK("tray-again", RegisterTaskBar(tray), 0);
    pump();
    CHECK("tray-no-message", g_n == 0, g_n);
    g_watch = 0;
    SetLastError(0);
    CHECK("tray-other", !RegisterTaskBar(tray2) && GetLastError() == 31, GetLastError());
    CHECK("tray-desk-kept", GetDesktopWindow() == desk, GetDesktopWindow());

    /* Shell_NotifyIcon's checks, in order */
    SetLastError(0);
    CHECK("notify-null", !Shell_NotifyIcon(NIM_ADD, NULL) && GetLastError() == 87, GetLastError());
    nid.cbSize = 88;
    SetLastError(0);
    CHECK("notify-cbsize", !Shell_NotifyIcon(NIM_ADD, &nid) && GetLastError() == 87, GetLastError());
    nid.cbSize = sizeof nid;
    nid.hWnd = (HWND)0x1234;
    SetLastError(0);
    CHECK("notify-hwnd", !Shell_NotifyIcon(NIM_ADD, &nid) && GetLastError() == 87, GetLastError());
    nid.hWnd = desk;

    /* With the taskbar: one WM_COPYDATA to it, its answer returned */
    g_watch = 1; g_n = 0;
    LRESULT lr = Shell_NotifyIcon(NIM_MODIFY, &nid);
    pump();
    g_watch = 0;
    CHECK("notify-result", lr == 0x1234, lr);
    CHECK("notify-one-message", g_n == 1, g_n);
    CHECK("notify-to-tray", g_log[0].h == tray, g_log[0].h);
    CHECK("notify-copydata", g_log[0].msg == WM_COPYDATA && g_log[0].wp == 0, g_log[0].msg);
    CHECK("notify-dwdata", g_log[0].data == NIM_MODIFY, g_log[0].data);
    CHECK("notify-cbdata", g_log[0].cb == 152, g_log[0].cb);
    CHECK("notify-lpdata", g_log[0].lp == &nid && g_log[0].id == 7, (long)g_log[0].lp);

    /* Destroying the windows drops the registrations */
    DestroyWindow(tray);
    /* The taskbar gone, the stand-in tray again: the icon is new to it. */
    SetLastError(0xBEEF);
    CHECK("notify-tray-gone", Shell_NotifyIcon(NIM_ADD, &nid) && GetLastError() == 0xBEEF, GetLastError());
    CHECK("tray-reregister", RegisterTaskBar(tray2), 0);
    DestroyWindow(desk);
    CHECK("desk-gone", GetDesktopWindow() != desk && GetDesktopWindow() == root, GetDesktopWindow());
    DestroyWindow(tray2);
    DestroyWindow(other);

    /* explorer's taskbar asks for input methods next: no SIP0: driver -> -1, ERROR_GEN_FAILURE */
    SetLastError(0);
    int n = SipEnumIM(NULL);
    CHECK("sip-enum", n == -1 && GetLastError() == 31, n);
    RECT rc = {0, 0, 240, 80};
    SetLastError(0);
    CHECK("sip-rect-null", !SipSetDefaultRect(NULL) && GetLastError() == 87, GetLastError());
    SetLastError(0);
    CHECK("sip-rect", !SipSetDefaultRect(&rc) && GetLastError() == 31, GetLastError());
    /* ... and the default input language: the HKL of the one layout */
    HANDLE hkl = 0, list[4] = {0};
    UINT nl = GetKeyboardLayoutList(4, list);
    CHECK("spi-inputlang", SystemParametersInfoW(SPI_GETDEFAULTINPUTLANG, 0, &hkl, 0) && nl == 1 && hkl == list[0], (long)hkl);
    printf("failures %d\n", g_fail);
    return g_fail;
}
