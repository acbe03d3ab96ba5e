/* guiact.c — activation by a tap (issue 13 item 2): two overlapping top-level windows, "Back" (left,
 * created first) and "Front" (right, created last, so active and on top). The host taps them
 * (emu.display.tap); the program prints every message of interest as "WINDOW MESSAGE wParam lParam"
 * (lParam as the other window's name), so test/gwes/guiact.test.ts compares the sequence with CE's:
 * a tap on the inactive window deactivates the active one (WM_ACTIVATE WA_INACTIVE), activates it with
 * WA_CLICKACTIVE, moves the focus (WM_KILLFOCUS, WM_SETFOCUS), then delivers WM_LBUTTONDOWN/UP; a tap
 * on the active window only the button messages. The part of Back that Front covered is repainted
 * (WM_PAINT, Back's client filled with red). ESCAPE ends the program. */
#include <windows.h>
#include <wingdi.h>

#define VK_ESCAPE 0x1B
#define WM_KEYDOWN 0x0100

static HWND g_back, g_front;
static int g_quiet = 1;

static const char *name(HWND h) { return h == g_back ? "Back" : h == g_front ? "Front" : h ? "?" : "0"; }

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_PAINT: {
        PAINTSTRUCT ps;
        HDC dc = BeginPaint(h, &ps);
        HBRUSH b = CreateSolidBrush(h == g_back ? RGB(255, 0, 0) : RGB(0, 0, 255));
        RECT r;
        GetClientRect(h, &r);
        FillRect(dc, &r, b);
        DeleteObject(b);
        EndPaint(h, &ps);
        if (!g_quiet) printf("%s paint\n", name(h));
        return 0;
    }
    case WM_ACTIVATE:
        if (!g_quiet) printf("%s activate %u %s\n", name(h), (unsigned)(w & 0xFFFF), name((HWND)l));
        break;
    case WM_SETFOCUS:
        if (!g_quiet) printf("%s setfocus %s\n", name(h), name((HWND)w));
        break;
    case WM_KILLFOCUS:
        if (!g_quiet) printf("%s killfocus %s\n", name(h), name((HWND)w));
        break;
    case WM_LBUTTONDOWN:
        printf("%s down %d %d active=%s focus=%s\n", name(h), (int)(short)(l & 0xFFFF), (int)(short)(l >> 16), name(GetActiveWindow()), name(GetFocus()));
        return 0;
    case WM_LBUTTONUP:
        printf("%s up %d %d\n", name(h), (int)(short)(l & 0xFFFF), (int)(short)(l >> 16));
        return 0;
    case WM_KEYDOWN:
        if (w == VK_ESCAPE) PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = L"GuiAct";
    RegisterClassW(&wc);
    g_back = CreateWindowExW(0, L"GuiAct", L"Back", WS_CAPTION | WS_VISIBLE, 50, 50, 300, 200, NULL, NULL, hInstance, NULL);
    g_front = CreateWindowExW(0, L"GuiAct", L"Front", WS_CAPTION | WS_VISIBLE, 250, 100, 300, 200, NULL, NULL, hInstance, NULL);
    printf("start active=%s focus=%s\n", name(GetActiveWindow()), name(GetFocus()));
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    g_quiet = 0;
    printf("loop\n");
    while (GetMessageW(&msg, NULL, 0, 0) > 0) { TranslateMessage(&msg); DispatchMessageW(&msg); }
    printf("quit active=%s\n", name(GetActiveWindow()));
    return 0;
}
