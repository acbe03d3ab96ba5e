/* menukeys.c — a window's menu bar opened from the keyboard (issue 14), as CE 6's gwes.dll DefWindowProc
 * routes it (disassembled; emulator/dlls/coredll/defwnd.ts): ALT pressed and released alone ->
 * WM_SYSCOMMAND(SC_KEYMENU, 0) to the top-level window; ALT+letter -> WM_SYSCHAR -> WM_SYSCOMMAND(SC_KEYMENU,
 * ch); DefWindowProc's SC_KEYMENU opens the menu SetAssociatedMenu gave the window, on the "Menu" bar that
 * shows it (emulator/dlls/coredll/menus.ts). A top-level window with a CE menu bar ("Menu" class, as
 * commctrl's command bar creates it) over a menu &File (&New 101, E&xit 102) / &Edit (&Copy 201, &Paste 202);
 * the window procedure prints every keyboard and menu message it gets ("msg NAME wParam lParam") before
 * passing it to DefWindowProc; the host presses the keys (test/gwes/menukeys.test.ts). Exits on Exit. */
#include <windows.h>
#include <windlg.h>
#include <winmenu.h>

#define WM_SYSKEYDOWN 0x0104
#define WM_SYSKEYUP 0x0105
#define WM_SYSCHAR 0x0106
#define WM_SYSCOMMAND 0x0112
typedef struct { HINSTANCE hInst; LPCWSTR pszMenu; HWND hwndNotify; } MENUBARCREATE;

static HMENU g_bar, g_file, g_edit;

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_KEYDOWN: printf("msg KEYDOWN %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_KEYUP: printf("msg KEYUP %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_CHAR: printf("msg CHAR %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_SYSKEYDOWN: printf("msg SYSKEYDOWN %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_SYSKEYUP: printf("msg SYSKEYUP %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_SYSCHAR: printf("msg SYSCHAR %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_SYSCOMMAND: printf("msg SYSCOMMAND %x %lx\n", (unsigned)w, (unsigned long)l); break;
    case WM_INITMENUPOPUP:
        printf("msg INITMENUPOPUP %s %u\n", (HMENU)w == g_file ? "file" : (HMENU)w == g_edit ? "edit" : "other", (unsigned)(l & 0xFFFF));
        return 0;
    case WM_COMMAND:
        printf("msg COMMAND %u\n", (unsigned)(w & 0xFFFF));
        if ((w & 0xFFFF) == 102) DestroyWindow(h);
        return 0;
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = L"MenuKeys";
    RegisterClassW(&wc);
    HWND main = CreateWindowExW(0, L"MenuKeys", L"Menu keys", WS_VISIBLE, 0, 0, CW_USEDEFAULT, CW_USEDEFAULT, 0, 0, inst, 0);
    g_bar = CreateMenu();
    g_file = CreatePopupMenu();
    g_edit = CreatePopupMenu();
    AppendMenuW(g_file, MF_STRING, 101, L"&New");
    AppendMenuW(g_file, MF_STRING, 102, L"E&xit");
    AppendMenuW(g_edit, MF_STRING, 201, L"&Copy");
    AppendMenuW(g_edit, MF_STRING, 202, L"&Paste");
    AppendMenuW(g_bar, MF_POPUP, (UINT)g_file, L"&File");
    AppendMenuW(g_bar, MF_POPUP, (UINT)g_edit, L"&Edit");
    MENUBARCREATE mc = { 0, (LPCWSTR)g_bar, main };
    HWND bar = CreateWindowExW(0, L"Menu", 0, WS_CHILD | WS_VISIBLE, 0, 0, 0, 22, main, 0, inst, &mc);
    /* The bar associates its menu with its top-level window itself (CE 6's gwes.dll); a child's association is its top-level's. */
    printf("assoc %d\n", GetAssociatedMenu(main) == g_bar);
    SetAssociatedMenu(bar, g_bar);
    printf("assoc-child %d\n", GetAssociatedMenu(main) == g_bar && GetAssociatedMenu(bar) == g_bar);
    SetFocus(main);
    printf("ready %d\n", bar != 0);
    MSG msg;
    while (GetMessageW(&msg, 0, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    printf("done\n");
    return 0;
}
