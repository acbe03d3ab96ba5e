/* pentime.c — the pen over time (issue 14 item 2 and 3): double taps and a held scroll-bar arrow.
 *
 * A captioned window "Pen" of class PenDbl (CS_DBLCLKS, WS_VSCROLL with range 0-100, page 10) holds a
 * child "Plain" of class PenPlain (no CS_DBLCLKS), a BS_NOTIFY push button (201), a plain push button
 * (202, "Push"), an EDIT (203, "Hello brave world"), an LBS_NOTIFY LISTBOX (204, three items), an
 * SS_NOTIFY STATIC (206) and a "Quit" button (205, destroys the window). It prints what reaches it:
 *   NAME down|up|dblclk X Y          the pen on "Pen" (its client area) or "Plain"
 *   cmd ID CODE [sel=A,B]            WM_COMMAND from a control (202 also prints the edit's EM_GETSEL)
 *   vscroll CODE POS t=MS            WM_VSCROLL from the window's bar; MS: its MSG.time since the first
 *                                    code of the press (when GWES posted it)
 *   ctlscroll CODE POS t=MS          the same from the SCROLLBAR control 207 (SBS_VERT, 0-100, page 10)
 * Key T (to any of its windows: the controls forward it) sleeps 600 ms, past the double-click time, and
 * prints "slept". test/gwes/pentime.test.ts compares the lines with CE's rules. Exit code 0. */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <windlg.h>
#include <winedit.h>

typedef struct { UINT cbSize, fMask; int nMin, nMax; UINT nPage; int nPos, nTrackPos; } SCROLLINFO;
WINBASEAPI int WINAPI SetScrollInfo(HWND, int, const SCROLLINFO *, BOOL);
WINBASEAPI BOOL WINAPI GetScrollInfo(HWND, int, SCROLLINFO *);

#define CS_DBLCLKS 0x0008
#define WS_VSCROLL 0x00200000
#define WM_VSCROLL 0x0115
#define WM_LBUTTONDBLCLK 0x0203
#define WM_KEYDOWN 0x0100
#define SB_VERT 1
#define SB_CTL 2
#define SBS_VERT 1
#define SIF_RANGE 0x1
#define SIF_PAGE 0x2
#define SIF_POS 0x4
#define SB_LINEUP 0
#define SB_LINEDOWN 1
#define SB_PAGEUP 2
#define SB_PAGEDOWN 3
#define SB_THUMBPOSITION 4
#define SB_THUMBTRACK 5
#define SB_ENDSCROLL 8
#define BS_NOTIFY 0x4000
#define LBS_NOTIFY 0x1
#define SS_NOTIFY 0x100
#define LB_ADDSTRING 0x180
#define GWL_WNDPROC (-4)
WINBASEAPI LONG WINAPI SetWindowLongW(HWND, int, LONG);
WINBASEAPI LRESULT WINAPI CallWindowProcW(WNDPROC, HWND, UINT, WPARAM, LPARAM);

static HWND g_main, g_plain, g_edit;
static WNDPROC g_old[8];
static HWND g_sub[8];
static int g_nsub;
static DWORD g_t0, g_msgtime;
static int g_inpress;

static int scrollPos(HWND h, int bar)
{
    SCROLLINFO si = {sizeof si, SIF_POS, 0, 0, 0, 0, 0};
    GetScrollInfo(h, bar, &si);
    return si.nPos;
}

static void setScrollPos(HWND h, int bar, int pos)
{
    SCROLLINFO si = {sizeof si, SIF_POS, 0, 0, 0, pos, 0};
    SetScrollInfo(h, bar, &si, TRUE);
}

static const char *name(HWND h) { return h == g_main ? "Pen" : h == g_plain ? "Plain" : "?"; }

static void sleepKey(void)
{
    Sleep(600);
    printf("slept\n");
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    int x = (int)(short)(l & 0xFFFF), y = (int)(short)(l >> 16);
    switch (m) {
    case WM_LBUTTONDOWN:
        printf("%s down %d %d\n", name(h), x, y);
        return 0;
    case WM_LBUTTONUP:
        printf("%s up %d %d\n", name(h), x, y);
        return 0;
    case WM_LBUTTONDBLCLK:
        printf("%s dblclk %d %d\n", name(h), x, y);
        return 0;
    case WM_KEYDOWN:
        if (w == 'T') sleepKey();
        return 0;
    case WM_COMMAND:
        if (LOWORD(w) == 205) {
            DestroyWindow(g_main);
            return 0;
        }
        if (LOWORD(w) == 202) {
            DWORD a = 0, b = 0;
            SendMessageW(g_edit, EM_GETSEL, (WPARAM)&a, (LPARAM)&b);
            printf("cmd %u %u sel=%u,%u\n", (unsigned)LOWORD(w), (unsigned)HIWORD(w), (unsigned)a, (unsigned)b);
        } else
            printf("cmd %u %u\n", (unsigned)LOWORD(w), (unsigned)HIWORD(w));
        return 0;
    case WM_VSCROLL: {
        HWND target = l ? (HWND)l : h; /* the SCROLLBAR control (207) or the window's own bar */
        int bar = l ? SB_CTL : SB_VERT;
        int code = LOWORD(w), pos = scrollPos(target, bar);
        DWORD now = g_msgtime; /* the message's time: when GWES posted it */
        if (!g_inpress) {
            g_inpress = 1;
            g_t0 = now;
        }
        if (code == SB_LINEDOWN) pos += 1;
        else if (code == SB_LINEUP) pos -= 1;
        else if (code == SB_PAGEDOWN) pos += 10;
        else if (code == SB_PAGEUP) pos -= 10;
        else if (code == SB_THUMBTRACK || code == SB_THUMBPOSITION) pos = HIWORD(w);
        if (code != SB_ENDSCROLL) setScrollPos(target, bar, pos);
        printf("%s %d %d t=%u\n", l ? "ctlscroll" : "vscroll", code, scrollPos(target, bar), (unsigned)(now - g_t0));
        if (code == SB_ENDSCROLL) g_inpress = 0;
        return 0;
    }
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

/* The controls pass key T to the program (the focus is theirs after a tap). */
static LRESULT SubProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    int i;
    for (i = 0; i < g_nsub && g_sub[i] != h; i++) {}
    if (m == WM_KEYDOWN && w == 'T') {
        sleepKey();
        return 0;
    }
    if (m == WM_CHAR && (w == 't' || w == 'T')) return 0; /* TranslateMessage's character: not typed */
    return CallWindowProcW(g_old[i], h, m, w, l);
}

static HWND control(const wchar_t *cls, const wchar_t *text, DWORD style, int x, int y, int cx, int cy, int id)
{
    HWND c = CreateWindowExW(0, cls, text, WS_CHILD | WS_VISIBLE | style, x, y, cx, cy, g_main, (HMENU)id, NULL, NULL);
    g_sub[g_nsub] = c;
    g_old[g_nsub++] = (WNDPROC)SetWindowLongW(c, GWL_WNDPROC, (LONG)SubProc);
    return c;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.style = CS_DBLCLKS;
    wc.lpszClassName = L"PenDbl";
    RegisterClassW(&wc);
    wc.style = 0;
    wc.lpszClassName = L"PenPlain";
    RegisterClassW(&wc);
    g_main = CreateWindowExW(0, L"PenDbl", L"Pen", WS_CAPTION | WS_VSCROLL | WS_VISIBLE, 20, 20, 500, 400, NULL, NULL, hInstance, NULL);
    SCROLLINFO si = {sizeof si, SIF_RANGE | SIF_PAGE | SIF_POS, 0, 100, 10, 0, 0};
    SetScrollInfo(g_main, SB_VERT, &si, TRUE);
    g_plain = CreateWindowExW(0, L"PenPlain", L"Plain", WS_CHILD | WS_VISIBLE | WS_BORDER, 300, 10, 100, 60, g_main, NULL, hInstance, NULL);
    control(L"BUTTON", L"Notify", BS_NOTIFY, 10, 100, 80, 30, 201);
    control(L"BUTTON", L"Push", 0, 100, 100, 80, 30, 202);
    g_edit = control(L"EDIT", L"Hello brave world", WS_BORDER, 10, 150, 200, 24, 203);
    HWND lb = control(L"LISTBOX", L"", LBS_NOTIFY | WS_BORDER, 10, 190, 120, 80, 204);
    SendMessageW(lb, LB_ADDSTRING, 0, (LPARAM)L"one");
    SendMessageW(lb, LB_ADDSTRING, 0, (LPARAM)L"two");
    SendMessageW(lb, LB_ADDSTRING, 0, (LPARAM)L"three");
    control(L"BUTTON", L"Quit", 0, 300, 300, 80, 30, 205);
    control(L"STATIC", L"Label", SS_NOTIFY, 200, 100, 80, 30, 206);
    HWND sb = control(L"SCROLLBAR", L"", SBS_VERT, 420, 100, 20, 150, 207);
    SetScrollInfo(sb, SB_CTL, &si, TRUE);
    MSG msg;
    printf("ready\n");
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        g_msgtime = msg.time;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    printf("quit\n");
    return 0;
}
