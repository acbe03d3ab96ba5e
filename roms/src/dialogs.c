/* dialogs.c — the dialog manager, BUTTON and STATIC (issue 13, GUI part 1).
 *
 * Default run: dialog 100 (a DIALOG resource: FindResourceW + LoadResource + DialogBoxIndirectParamW,
 * CE's DialogBoxParamW macro) runs modally. In WM_INITDIALOG it prints every control ("ctl ID CLASS
 * x y w h TEXT", rectangles in dialog client coordinates) and the base units for the test, checks
 * Set/GetDlgItemInt, Set/GetDlgItemTextW, CheckDlgButton/IsDlgButtonChecked, CheckRadioButton,
 * MapDialogRect, GetNextDlgTabItem order, subclassing of a button (GetWindowLongW(GWL_WNDPROC) +
 * CallWindowProcW), then posts keys that the modal loop passes through IsDialogMessage: TAB, UP (auto
 * radio in the group), TAB, RETURN (the focused push button: IDOK -> EndDialog(77)); "focus ID" lines
 * show where the focus went. A second modal run ends with ESC (IDCANCEL). Then dialog 101 (DIALOGEX,
 * DS_SETFONT Tahoma 8) runs modeless in the program's own loop with IsDialogMessageW until ESC. Then
 * the input state: capture, GetKeyState after key messages are taken, DrawFocusRect read back with
 * GetPixel, GetDoubleClickTime, sndPlaySoundW without a wave device.
 *
 * Argument "tap": dialog 100 waits for the host's taps (emu.display.tap) and prints the check states
 * when OK is clicked ("state bold=B one=O two=T", then exits with 77). Prints ok/FAIL lines;
 * exit code = failures. */
#include <windows.h>
#include <windlg.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static int g_tap, g_round, g_subclassed, g_modeless_done;
static WNDPROC g_oldproc;

static LRESULT SubProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    g_subclassed++;
    return CallWindowProcW(g_oldproc, h, m, w, l);
}

static void print_controls(HWND h)
{
    static const int ids[] = { 200, 201, 202, 203, 300, 301, 302, 204, 205, 1, 2 };
    for (unsigned i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        HWND c = GetDlgItem(h, ids[i]);
        WCHAR cls[32], text[96];
        RECT r;
        POINT p;
        GetClassNameW(c, cls, 32);
        GetWindowTextW(c, text, 96);
        GetWindowRect(c, &r);
        p.x = r.left; p.y = r.top;
        ScreenToClient(h, &p);
        printf("ctl %d %ls %d %d %d %d %ls\n", ids[i], cls, (int)p.x, (int)p.y, (int)(r.right - r.left), (int)(r.bottom - r.top), text);
    }
}

static BOOL DlgProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_INITDIALOG: {
        check(l == 1234, "WM_INITDIALOG lParam is the init param");
        check((HWND)w == GetDlgItem(h, 300), "WM_INITDIALOG wParam is the first tab stop");
        if (g_round > 0) {
            PostMessageW(h, WM_KEYDOWN, VK_ESCAPE, 0);
            return TRUE;
        }
        LONG u = GetDialogBaseUnits();
        printf("units %d %d\n", LOWORD(u), HIWORD(u));
        RECT cr;
        GetClientRect(h, &cr);
        printf("client %d %d\n", (int)cr.right, (int)cr.bottom);
        print_controls(h);
        RECT r = { 70, 96, 120, 110 };
        MapDialogRect(h, &r);
        printf("map %d %d %d %d\n", (int)r.left, (int)r.top, (int)r.right, (int)r.bottom);
        BOOL ok = 5;
        check(SetDlgItemInt(h, 204, (UINT)-42, TRUE), "SetDlgItemInt");
        check((int)GetDlgItemInt(h, 204, &ok, TRUE) == -42 && ok == TRUE, "GetDlgItemInt reads -42 back");
        GetDlgItemInt(h, 200, &ok, TRUE);
        check(ok == FALSE, "GetDlgItemInt of a text: not translated");
        WCHAR buf[32];
        check(GetDlgItemTextW(h, 201, buf, 32) == 8 && buf[0] == 'C', "GetDlgItemTextW");
        check(GetDlgItem(h, 999) == NULL, "GetDlgItem of a missing id is NULL");
        check(GetDlgCtrlID(GetDlgItem(h, 302)) == 302, "GetDlgCtrlID");
        CheckDlgButton(h, 300, BST_CHECKED);
        check(IsDlgButtonChecked(h, 300) == 1, "CheckDlgButton / IsDlgButtonChecked");
        CheckDlgButton(h, 300, 0);
        CheckRadioButton(h, 301, 302, 302);
        check(IsDlgButtonChecked(h, 301) == 0 && IsDlgButtonChecked(h, 302) == 1, "CheckRadioButton");
        check(SendMessageW(h, DM_GETDEFID, 0, 0) == (LRESULT)(0x534B0000 | 1), "DM_GETDEFID: IDOK");
        check(GetWindowLongW(h, DWL_DLGPROC) == (LONG)DlgProc, "DWL_DLGPROC");
        /* tab order from the first tab stop round to it again */
        HWND first = GetNextDlgTabItem(h, NULL, FALSE), c = first;
        printf("tab");
        do { printf(" %d", GetDlgCtrlID(c)); c = GetNextDlgTabItem(h, c, FALSE); } while (c && c != first);
        printf("\n");
        g_oldproc = (WNDPROC)GetWindowLongW(GetDlgItem(h, 2), GWL_WNDPROC);
        check(g_oldproc != NULL, "a BUTTON has a window procedure address");
        SetWindowLongW(GetDlgItem(h, 2), GWL_WNDPROC, (LONG)SubProc);
        check(SendDlgItemMessageW(h, 2, BM_GETCHECK, 0, 0) == 0 && g_subclassed == 1, "SendDlgItemMessageW reaches the subclass procedure");
        if (!g_tap) {
            PostMessageW(h, WM_KEYDOWN, VK_TAB, 0);
            PostMessageW(h, WM_USER + 1, 0, 0);
            PostMessageW(h, WM_KEYDOWN, VK_UP, 0);
            PostMessageW(h, WM_USER + 1, 0, 0);
            PostMessageW(h, WM_KEYDOWN, VK_TAB, 0);
            PostMessageW(h, WM_USER + 1, 0, 0);
            PostMessageW(h, WM_KEYDOWN, VK_RETURN, 0);
        }
        return TRUE;
    }
    case WM_USER + 1:
        printf("focus %d radio %d%d\n", GetDlgCtrlID(GetFocus()), (int)IsDlgButtonChecked(h, 301), (int)IsDlgButtonChecked(h, 302));
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(w) == IDOK || LOWORD(w) == IDCANCEL) {
            printf("command %d\n", LOWORD(w));
            if (g_tap)
                printf("state bold=%u one=%u two=%u\n", IsDlgButtonChecked(h, 300), IsDlgButtonChecked(h, 301), IsDlgButtonChecked(h, 302));
            EndDialog(h, LOWORD(w) == IDOK ? 77 : 2);
        } else if (HIWORD(w) == BN_CLICKED) {
            printf("clicked %d\n", LOWORD(w));
        }
        return TRUE;
    }
    return FALSE;
}

static BOOL ModelessProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    (void)l;
    if (m == WM_INITDIALOG) return TRUE;
    if (m == WM_COMMAND && LOWORD(w) == IDCANCEL) {
        g_modeless_done = 1;
        DestroyWindow(h);
        return TRUE;
    }
    return FALSE;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    (void)prev; (void)show;
    g_tap = cmd && cmd[0] == 't';
    if (cmd && cmd[0] == 'm') {
        /* MessageBoxW: answered on stderr by default, or a real dialog (--msgbox-answer dialog) */
        int a = MessageBoxW(NULL, L"Delete the file \"notes.txt\"? The file cannot be recovered once it has been deleted.", L"Confirm",
                            MB_YESNOCANCEL | MB_DEFBUTTON2);
        printf("msgbox %d\n", a);
        a = MessageBoxW(NULL, L"Done.", NULL, MB_OK);
        printf("msgbox %d\n", a);
        return 0;
    }
    int r = DialogBoxParamW(inst, MAKEINTRESOURCE(100), NULL, DlgProc, 1234);
    printf("result %d\n", r);
    if (g_tap) return r;
    check(r == 77, "DialogBox returns EndDialog's result");
    check(g_subclassed > 0, "the subclassed button got its messages through CallWindowProcW");

    /* again, ended with ESC */
    g_round = 1;
    r = DialogBoxIndirectParamW(inst, LoadResource(inst, FindResourceW(inst, MAKEINTRESOURCE(100), RT_DIALOG)), NULL, DlgProc, 1234);
    check(r == 2, "ESC: IDCANCEL");

    /* a DIALOGEX template with DS_SETFONT, modeless, with the program's own IsDialogMessageW loop */
    HWND d = CreateDialogParamW(inst, MAKEINTRESOURCE(101), NULL, ModelessProc, 0);
    check(d != NULL && IsWindowVisible(d), "CreateDialogIndirectParamW: a visible modeless dialog");
    RECT mr = { 0, 0, 4, 8 };
    MapDialogRect(d, &mr);
    printf("units101 %d %d\n", (int)mr.right, (int)mr.bottom);
    WCHAR cls[16];
    GetClassNameW(d, cls, 16);
    check(cls[0] == 'D' && cls[1] == 'i', "the dialog class is \"Dialog\"");
    PostMessageW(d, WM_KEYDOWN, VK_ESCAPE, 0);
    MSG msg;
    while (!g_modeless_done && GetMessageW(&msg, NULL, 0, 0)) {
        if (!IsDialogMessageW(d, &msg)) { TranslateMessage(&msg); DispatchMessageW(&msg); }
    }
    check(g_modeless_done && !IsWindow(d), "ESC through IsDialogMessageW closed the modeless dialog");

    /* input state: capture, key state from the messages taken, DrawFocusRect, sounds without a device */
    d = CreateDialogParamW(inst, MAKEINTRESOURCE(101), NULL, ModelessProc, 0);
    check(GetCapture() == NULL && SetCapture(d) == NULL && GetCapture() == d, "SetCapture/GetCapture");
    check(ReleaseCapture() && GetCapture() == NULL, "ReleaseCapture");
    check(GetKeyState('Q') == 0, "GetKeyState: Q up");
    PostMessageW(d, WM_KEYDOWN, 'Q', 0);
    check(GetKeyState('Q') == 0, "GetKeyState: a posted key-down not taken yet");
    PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE);
    check((GetKeyState('Q') & 0x8000) && (GetKeyState('Q') & 1) && (GetAsyncKeyState('Q') & 0x8000), "GetKeyState: down and toggled after the key-down is taken");
    PostMessageW(d, WM_KEYUP, 'Q', 0);
    PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE);
    check(GetKeyState('Q') == 1, "GetKeyState: up, still toggled");
    check(GetDoubleClickTime() == 500, "GetDoubleClickTime");
    HDC dc = GetDC(d);
    RECT fr = { 2, 2, 12, 8 };
    COLORREF before = GetPixel(dc, 2, 2), mid = GetPixel(dc, 5, 5);
    check(DrawFocusRect(dc, &fr), "DrawFocusRect");
    check(GetPixel(dc, 2, 2) == (before ^ 0xFFFFFF) && GetPixel(dc, 3, 2) == before && GetPixel(dc, 5, 5) == mid, "DrawFocusRect: dotted XOR frame, inside untouched");
    DrawFocusRect(dc, &fr);
    check(GetPixel(dc, 2, 2) == before, "DrawFocusRect twice restores");
    ReleaseDC(d, dc);
    check(!sndPlaySoundW(L"\\Windows\\default.wav", 0) && sndPlaySoundW(NULL, 0), "sndPlaySoundW: no wave device");
    DestroyWindow(d);
    return failures;
}
