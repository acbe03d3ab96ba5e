/* menus.c — menus and accelerator tables (issue 14, GUI part 2).
 *
 * Default run: menus built with CreatePopupMenu/AppendMenuW/InsertMenuW (by position and by command)
 * and read back with GetMenuItemInfoW ("item POS ID TYPE STATE TEXT"), EnableMenuItem/CheckMenuItem
 * previous states and 0xFFFFFFFF for a missing item, CheckMenuRadioItem, GetSubMenu, MF_BYCOMMAND
 * inside a submenu, SetMenuItemInfoW, the cch rules, CE's 44-byte cbSize, RemoveMenu (keeps the
 * submenu) and DeleteMenu, DestroyMenu; LoadMenuW of a MENU and a MENUEX resource ("res ..." lines);
 * SetAssociatedMenu/GetAssociatedMenu, DrawMenuBar; accelerators from the ACCELERATORS resource and
 * CreateAcceleratorTableW with modifier keys posted to the own queue (TranslateAcceleratorW sends
 * WM_COMMAND with HIWORD 1: "command ID 1"); TrackPopupMenuEx driven by posted keys, which its modal
 * loop takes: arrows, RETURN, ESC, a submenu (RIGHT), a mnemonic, TPM_RETURNCMD and WM_COMMAND,
 * WM_INITMENUPOPUP ("init MENU POS") and TPM_NONOTIFY. Prints ok/FAIL lines; exit code = failures.
 *
 * A "Menu" window (CE's menu bar, as commctrl's command bar creates it) sizes itself to its items and
 * again on DrawMenuBar ("bar width W" twice). Argument "bar": such a bar at the top of the window for
 * the host's taps, until File > Exit (WM_COMMAND posted to the notify window, "command 203 0").
 *
 * Argument "od": a popup with an owner-drawn item (its owner measures it 80x30 and fills it dark gray,
 * black when selected: "measure ..." and "draw ..." lines) for the host's keys.
 *
 * Argument "tap": three TrackPopupMenuEx rounds at (20, 40) over a white window, for the host's taps
 * and keys (the View popup, then File twice), printing "init", "command" and "track R" lines; exits
 * after the third. */
#include <windows.h>
#include <windlg.h>
#include <winmenu.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static HMENU g_bar, g_file, g_view, g_zoom, g_od;
static HWND g_main;

static const char *menu_name(HMENU m)
{
    return m == g_file ? "file" : m == g_view ? "view" : m == g_zoom ? "zoom" : "other";
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_INITMENUPOPUP:
        printf("init %s %u\n", menu_name((HMENU)w), (unsigned)(l & 0xFFFF));
        return 0;
    case WM_COMMAND:
        printf("command %u %u\n", (unsigned)(w & 0xFFFF), (unsigned)(w >> 16));
        return 0;
    case WM_MEASUREITEM: {
        MEASUREITEMSTRUCT *mis = (MEASUREITEMSTRUCT *)l;
        printf("measure %u %u %x\n", mis->CtlType, mis->itemID, (unsigned)mis->itemData);
        mis->itemWidth = 80;
        mis->itemHeight = 30;
        return TRUE;
    }
    case WM_DRAWITEM: {
        DRAWITEMSTRUCT *dis = (DRAWITEMSTRUCT *)l;
        printf("draw %u %u %u %x %d %d %d %d %d\n", dis->CtlType, dis->itemID, dis->itemState, (unsigned)dis->itemData, (HMENU)dis->hwndItem == g_od,
               (int)dis->rcItem.left, (int)dis->rcItem.top, (int)dis->rcItem.right, (int)dis->rcItem.bottom);
        FillRect(dis->hDC, &dis->rcItem, (HBRUSH)GetStockObject((dis->itemState & ODS_SELECTED) ? 4 /* BLACK_BRUSH */ : 3 /* DKGRAY_BRUSH */));
        return TRUE;
    }
    }
    return DefWindowProcW(h, m, w, l);
}

static MENUITEMINFOW mii_of(UINT mask, WCHAR *buf, UINT cch)
{
    MENUITEMINFOW mii;
    memset(&mii, 0, sizeof mii);
    mii.cbSize = sizeof mii;
    mii.fMask = mask;
    mii.dwTypeData = buf;
    mii.cch = cch;
    return mii;
}

static void print_items(const char *tag, HMENU m)
{
    for (UINT i = 0;; i++) {
        WCHAR buf[64];
        MENUITEMINFOW mii = mii_of(MIIM_ID | MIIM_TYPE | MIIM_STATE | MIIM_SUBMENU, buf, 64);
        buf[0] = 0;
        if (!GetMenuItemInfoW(m, i, TRUE, &mii)) break;
        printf("%s %u %u %x %x %d %ls\n", tag, i, mii.wID, mii.fType, mii.fState, mii.hSubMenu != 0, (mii.fType & MFT_SEPARATOR) ? L"-" : buf);
    }
}

/* Pumps the queue through TranslateAcceleratorW until the WM_USER marker. */
static void pump(HACCEL acc)
{
    MSG msg;
    while (GetMessageW(&msg, 0, 0, 0)) {
        if (msg.message == WM_USER) return;
        if (acc && TranslateAcceleratorW(g_main, acc, &msg)) continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
}

static void key(UINT vk) { PostMessageW(g_main, WM_KEYDOWN, vk, 1); }
static void keyup(UINT vk) { PostMessageW(g_main, WM_KEYUP, vk, 0xC0000001); }

static void built_menus(void)
{
    HMENU m = CreatePopupMenu(), sub;
    WCHAR buf[16];
    MENUITEMINFOW mii;
    check(m != 0, "CreatePopupMenu");
    check(AppendMenuW(m, MF_STRING, 10, L"Ten") && AppendMenuW(m, MF_SEPARATOR, 0, 0) && AppendMenuW(m, MF_STRING | MF_GRAYED, 30, L"Thirty"), "AppendMenuW");
    check(InsertMenuW(m, 0, MF_BYPOSITION, 5, L"Five"), "InsertMenuW by position");
    check(InsertMenuW(m, 30, MF_BYCOMMAND, 20, L"Twenty"), "InsertMenuW before a command");
    SetLastError(0);
    check(!InsertMenuW(m, 99, MF_BYCOMMAND, 21, L"x") && GetLastError() == ERROR_MENU_ITEM_NOT_FOUND, "InsertMenuW before a missing command");
    print_items("item", m);
    check(EnableMenuItem(m, 30, MF_BYCOMMAND | MF_ENABLED) == MF_GRAYED, "EnableMenuItem returns MF_GRAYED");
    check(EnableMenuItem(m, 30, MF_BYCOMMAND | MF_ENABLED) == MF_ENABLED, "EnableMenuItem returns MF_ENABLED");
    check(EnableMenuItem(m, 1, MF_BYPOSITION | MF_DISABLED) == MF_ENABLED, "EnableMenuItem by position");
    check(EnableMenuItem(m, 1, MF_BYPOSITION | MF_ENABLED) == MF_DISABLED, "EnableMenuItem returns MF_DISABLED");
    check(EnableMenuItem(m, 99, MF_BYCOMMAND) == 0xFFFFFFFF, "EnableMenuItem of a missing item");
    check(CheckMenuItem(m, 10, MF_CHECKED) == MF_UNCHECKED, "CheckMenuItem returns MF_UNCHECKED");
    check(CheckMenuItem(m, 10, MF_UNCHECKED) == MF_CHECKED, "CheckMenuItem returns MF_CHECKED");
    check(CheckMenuItem(m, 77, MF_CHECKED) == 0xFFFFFFFF, "CheckMenuItem of a missing item");
    check(CheckMenuRadioItem(m, 0, 1, 1, MF_BYPOSITION), "CheckMenuRadioItem");
    mii = mii_of(MIIM_TYPE | MIIM_STATE, buf, 16);
    check(GetMenuItemInfoW(m, 1, TRUE, &mii) && (mii.fType & MFT_RADIOCHECK) && (mii.fState & MFS_CHECKED), "the radio item is checked");
    mii = mii_of(MIIM_STATE, 0, 0);
    check(GetMenuItemInfoW(m, 0, TRUE, &mii) && !(mii.fState & MFS_CHECKED), "the other item is not");
    sub = CreatePopupMenu();
    AppendMenuW(sub, MF_STRING, 100, L"Deep");
    check(AppendMenuW(m, MF_POPUP, (UINT)sub, L"More"), "AppendMenuW MF_POPUP");
    check(GetSubMenu(m, 5) == sub && GetSubMenu(m, 0) == 0, "GetSubMenu");
    check(EnableMenuItem(m, 100, MF_BYCOMMAND | MF_GRAYED) == MF_ENABLED, "MF_BYCOMMAND searches submenus");
    mii = mii_of(MIIM_STATE, 0, 0);
    check(GetMenuItemInfoW(sub, 0, TRUE, &mii) && mii.fState == MF_GRAYED, "the submenu's item is grayed");
    mii = mii_of(MIIM_TYPE, L"Changed", 0);
    mii.fType = MFT_STRING;
    check(SetMenuItemInfoW(m, 10, FALSE, &mii), "SetMenuItemInfoW");
    mii = mii_of(MIIM_TYPE, buf, 4);
    check(GetMenuItemInfoW(m, 10, FALSE, &mii) && mii.cch == 3 && wcscmp(buf, L"Cha") == 0, "a short buffer gets cch - 1 characters");
    mii = mii_of(MIIM_TYPE, 0, 0);
    check(GetMenuItemInfoW(m, 10, FALSE, &mii) && mii.cch == 7, "no buffer: cch is the length");
    mii = mii_of(MIIM_ID, 0, 0);
    mii.cbSize = 48;
    SetLastError(0);
    check(!GetMenuItemInfoW(m, 0, TRUE, &mii) && GetLastError() == ERROR_INVALID_PARAMETER, "cbSize other than CE's 44 fails");
    check(RemoveMenu(m, 5, MF_BYPOSITION) && AppendMenuW(sub, MF_STRING, 101, L"Still"), "RemoveMenu keeps the submenu");
    check(DeleteMenu(m, 20, MF_BYCOMMAND), "DeleteMenu");
    mii = mii_of(MIIM_ID, 0, 0);
    SetLastError(0);
    check(!GetMenuItemInfoW(m, 20, FALSE, &mii) && GetLastError() == ERROR_MENU_ITEM_NOT_FOUND, "the deleted item is gone");
    print_items("left", m);
    check(DestroyMenu(m), "DestroyMenu");
    SetLastError(0);
    check(!DestroyMenu(m) && GetLastError() == ERROR_INVALID_MENU_HANDLE, "DestroyMenu twice");
    check(DestroyMenu(sub), "the removed submenu lives on");
}

static void resource_menus(HINSTANCE inst)
{
    HMENU ex, edit;
    MENUITEMINFOW mii;
    g_bar = LoadMenuW(inst, MAKEINTRESOURCE(100));
    check(g_bar != 0, "LoadMenuW MENU");
    g_file = GetSubMenu(g_bar, 0);
    g_view = GetSubMenu(g_bar, 1);
    g_zoom = GetSubMenu(g_view, 1);
    print_items("bar", g_bar);
    print_items("file", g_file);
    print_items("view", g_view);
    print_items("zoom", g_zoom);
    check(EnableMenuItem(g_bar, 312, MF_BYCOMMAND | MF_GRAYED) == MF_ENABLED && EnableMenuItem(g_bar, 312, MF_BYCOMMAND) == MF_GRAYED, "MF_BYCOMMAND two levels down");
    ex = LoadMenuW(inst, MAKEINTRESOURCE(101));
    check(ex != 0, "LoadMenuW MENUEX");
    edit = GetSubMenu(ex, 0);
    mii = mii_of(MIIM_ID, 0, 0);
    check(GetMenuItemInfoW(ex, 0, TRUE, &mii) && mii.wID == 400, "MENUEX popup id");
    print_items("ex", edit);
    DestroyMenu(ex);
    SetLastError(0);
    check(LoadMenuW(inst, MAKEINTRESOURCE(999)) == 0 && GetLastError() == 1814, "LoadMenuW of a missing menu");
}

static void accelerators(HINSTANCE inst)
{
    static const ACCEL table[] = { { FVIRTKEY | FALT, 'A', 501 }, { 0, 'w', 502 } };
    HACCEL acc = LoadAcceleratorsW(inst, MAKEINTRESOURCE(100)), made;
    check(acc != 0, "LoadAcceleratorsW");
    key(VK_CONTROL); key('N'); keyup('N'); keyup(VK_CONTROL); /* Ctrl+N */
    key('N'); keyup('N');                                      /* N alone: no match */
    key(VK_SHIFT); key(VK_CONTROL); key('Q'); keyup('Q'); keyup(VK_CONTROL); keyup(VK_SHIFT); /* Ctrl+Shift+Q */
    key(VK_CONTROL); key('Q'); keyup('Q'); keyup(VK_CONTROL);  /* Ctrl+Q: no match */
    key(0x71); keyup(0x71);                                    /* F2 */
    PostMessageW(g_main, WM_CHAR, 'z', 1);                     /* a character entry */
    PostMessageW(g_main, WM_USER, 0, 0);
    printf("accel resource\n");
    pump(acc);
    made = CreateAcceleratorTableW(table, 2);
    check(made != 0, "CreateAcceleratorTableW");
    key(0x12); key('A'); keyup('A'); keyup(0x12);              /* Alt+A */
    key('A'); keyup('A');                                      /* A alone: no match */
    PostMessageW(g_main, WM_CHAR, 'w', 1);
    PostMessageW(g_main, WM_USER, 0, 0);
    printf("accel created\n");
    pump(made);
    check(DestroyAcceleratorTable(made) && DestroyAcceleratorTable(acc), "DestroyAcceleratorTable");
    check(!DestroyAcceleratorTable(made), "DestroyAcceleratorTable twice");
}

static void tracking(void)
{
    int r;
    printf("track keys\n");
    key(VK_DOWN); key(VK_DOWN); key(VK_RETURN);                /* New, (Open grayed, separator) Exit */
    r = TrackPopupMenuEx(g_file, TPM_RETURNCMD, 10, 10, g_main, 0);
    printf("track %d\n", r);
    key(VK_DOWN); key(VK_ESCAPE);
    r = TrackPopupMenuEx(g_file, TPM_RETURNCMD, 10, 10, g_main, 0);
    printf("track %d\n", r);
    key(VK_DOWN); key(VK_RETURN);
    r = TrackPopupMenuEx(g_file, TPM_LEFTALIGN, 10, 10, g_main, 0);
    printf("track %d\n", r);
    PostMessageW(g_main, WM_USER, 0, 0);
    pump(0);                                                   /* the posted WM_COMMAND */
    key(VK_DOWN); key(VK_DOWN); key(VK_RIGHT); key(VK_DOWN); key(VK_RETURN); /* Zoom > Large */
    r = TrackPopupMenuEx(g_view, TPM_RETURNCMD, 10, 10, g_main, 0);
    printf("track %d\n", r);
    key('X');                                                  /* E&xit by its mnemonic */
    r = TrackPopupMenuEx(g_file, TPM_RETURNCMD | TPM_NONOTIFY, 10, 10, g_main, 0);
    printf("track %d\n", r);
    key(VK_ESCAPE);
    r = TrackPopupMenuEx(g_view, TPM_RETURNCMD | TPM_BOTTOMALIGN | TPM_RIGHTALIGN, 200, 200, g_main, 0);
    printf("track %d\n", r);
    SetLastError(0);
    check(!TrackPopupMenuEx((HMENU)0x1234, TPM_RETURNCMD, 10, 10, g_main, 0) && GetLastError() == ERROR_INVALID_MENU_HANDLE, "TrackPopupMenuEx of a bad menu");
}

/* CE's menu bar window (what commctrl's CommandBar_InsertMenubar creates): class "Menu", lpCreateParams
 * -> { hInst, menu name (or an HMENU when hInst is NULL), notify window }, its HMENU at window long 0. */
typedef struct { HINSTANCE hInst; LPCWSTR pszMenu; HWND hwndNotify; } MENUBARCREATE;

static HWND make_bar(HINSTANCE inst, LPCWSTR menu)
{
    MENUBARCREATE mc = { inst, menu, g_main };
    return CreateWindowExW(0, L"Menu", 0, WS_CHILD | WS_VISIBLE, 0, 0, 0, 22, g_main, 0, inst, &mc);
}

static int width_of(HWND h)
{
    RECT r;
    GetWindowRect(h, &r);
    return (int)(r.right - r.left);
}

static void menu_bar(HINSTANCE inst)
{
    HWND bar = make_bar(inst, MAKEINTRESOURCE(100)), bar2;
    HMENU hm = (HMENU)GetWindowLongW(bar, 0), own = CreateMenu();
    int w0;
    check(bar != 0 && hm != 0 && GetSubMenu(hm, 0) != 0, "a Menu window loads its menu (window long 0)");
    w0 = width_of(bar);
    printf("bar width %d\n", w0);
    check(AppendMenuW(hm, MF_STRING, 600, L"&Go") && DrawMenuBar(g_main), "DrawMenuBar after AppendMenuW");
    printf("bar width %d\n", width_of(bar));
    AppendMenuW(own, MF_STRING, 700, L"&Only");
    bar2 = make_bar(0, (LPCWSTR)own);
    check(bar2 != 0 && (HMENU)GetWindowLongW(bar2, 0) == own, "a Menu window of an HMENU (hInst NULL)");
    check(make_bar(inst, MAKEINTRESOURCE(999)) == 0, "a Menu window of a missing menu is not created");
    DestroyWindow(bar2);
    check(GetSubMenu(own, 0) == 0 && DestroyMenu(own), "the HMENU handed to a Menu window stays the caller's");
    DestroyWindow(bar);
    SetLastError(0);
    check(!DestroyMenu(hm) && GetLastError() == ERROR_INVALID_MENU_HANDLE, "the menu a Menu window loaded goes with it");
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    WNDCLASSW wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = WndProc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = L"MenuTest";
    RegisterClassW(&wc);
    g_main = CreateWindowExW(0, L"MenuTest", L"Menus", WS_VISIBLE, 0, 0, CW_USEDEFAULT, CW_USEDEFAULT, 0, 0, inst, 0);
    resource_menus(inst);
    if (cmd && wcscmp(cmd, L"tap") == 0) {
        HMENU rounds[3] = { g_view, g_file, g_file };
        for (int i = 0; i < 3; i++) {
            int r = TrackPopupMenuEx(rounds[i], TPM_LEFTALIGN, 20, 40, g_main, 0);
            printf("track %d\n", r);
            PostMessageW(g_main, WM_USER, 0, 0);
            pump(0);
        }
        return failures;
    }
    if (cmd && wcscmp(cmd, L"od") == 0) {
        /* An owner-drawn item: WM_MEASUREITEM before the popup shows, WM_DRAWITEM as it paints. */
        int r;
        g_od = CreatePopupMenu();
        AppendMenuW(g_od, MF_STRING, 801, L"&Plain");
        AppendMenuW(g_od, MF_OWNERDRAW, 802, (LPCWSTR)0x1234);
        r = TrackPopupMenuEx(g_od, TPM_RETURNCMD, 20, 40, g_main, 0);
        printf("track %d\n", r);
        return failures;
    }
    if (cmd && wcscmp(cmd, L"bar") == 0) {
        /* The host taps the bar: File > Exit ends the loop. */
        MSG msg;
        make_bar(inst, MAKEINTRESOURCE(100));
        while (GetMessageW(&msg, 0, 0, 0)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
            if (msg.message == WM_COMMAND && LOWORD(msg.wParam) == 203) break;
        }
        return failures;
    }
    built_menus();
    menu_bar(inst);
    check(SetAssociatedMenu(g_main, g_bar) && GetAssociatedMenu(g_main) == g_bar, "SetAssociatedMenu / GetAssociatedMenu");
    check(DrawMenuBar(g_main), "DrawMenuBar of a window without a menu bar");
    SetLastError(0);
    check(!DrawMenuBar((HWND)0x1234) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "DrawMenuBar of a bad window");
    accelerators(inst);
    tracking();
    check(DestroyMenu(g_bar), "DestroyMenu of a loaded menu");
    printf("menus: %d failures\n", failures);
    return failures;
}
