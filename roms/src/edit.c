/* edit.c — the EDIT control, the caret and the clipboard (issue 14; test/gwes/edit.test.ts).
 *
 * Default run: a top-level window with edit controls (single-line ES_AUTOHSCROLL, multi-line word
 * wrap, ES_PASSWORD, ES_NUMBER, ES_UPPERCASE, ES_READONLY) checks WM_SETTEXT/WM_GETTEXT, EM_GETSEL/
 * EM_SETSEL, EM_REPLACESEL, the limit and EN_MAXTEXT, undo, the modify flag, the line messages of a
 * multi-line control (CR LF breaks, word wrap, EM_SCROLLCARET), EM_POSFROMCHAR/EM_CHARFROMPOS, the
 * width rule without ES_AUTOHSCROLL, ES_CENTER/ES_RIGHT ("align X X"), password characters,
 * margins, WM_GETDLGCODE; the caret functions; the clipboard functions and WM_COPY/WM_CUT/WM_PASTE;
 * the clipboard shared with a child process (edit.exe r: reads the parent's text, prints "child read
 * TEXT" and "child format N" for a registered name, puts its own text; exit code = mismatches).
 * Every notification the parent gets prints "en ID CODE" (hex code). Prints ok/FAIL lines; exit code =
 * failures.
 *
 * Argument "type": the same window waits for the host's input with the focus in the single-line edit
 * (prints "ready"); on WM_CLOSE (the caption's X) it prints "text ID TEXT" (CR as ^, LF as ~) and
 * "sel ID A B" for every edit, then "caret X Y" if it has one, and exits 0.
 *
 * Argument "p": the properties dialog of ../shared/reference/gui/ce5-dialog-properties-448x211.png
 * (dialog 200 of edit.rc, run modally): the dialog window is moved to 448x211 at (100, 100) and every
 * control to the crop's pixel rectangle (crop coordinates are the window's); prints "ready", then the
 * result of EndDialog ("result N", also the exit code). */
#include <windows.h>
#include <winedit.h>
#include <windlg.h>
#include <wchar.h>

static int failures;
static int g_quiet;
static void check(int cond, const char *what, long got)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s got=%ld\n", what, got); failures++; }
}

static HWND g_main, g_single, g_multi, g_pass, g_num, g_upper, g_ro;
static int g_destroyclip;

static void dump(void)
{
    HWND all[] = { g_single, g_multi, g_pass, g_num, g_upper, g_ro };
    for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++) {
        WCHAR t[256];
        DWORD a = 0, b = 0;
        GetWindowTextW(all[i], t, 256);
        for (WCHAR *c = t; *c; c++) if (*c == 13) *c = '^'; else if (*c == 10) *c = '~';
        SendMessageW(all[i], EM_GETSEL, (WPARAM)&a, (LPARAM)&b);
        printf("text %d %ls\n", GetWindowLongW(all[i], -12 /* GWL_ID */), t);
        printf("sel %d %d %d\n", GetWindowLongW(all[i], -12), (int)a, (int)b);
    }
    POINT p;
    if (GetCaretPos(&p)) printf("caret %d %d\n", (int)p.x, (int)p.y);
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_COMMAND:
        if (!g_quiet && l) printf("en %d %x\n", LOWORD(w), HIWORD(w));
        return 0;
    case WM_DESTROYCLIPBOARD:
        g_destroyclip++;
        return 0;
    case WM_CLOSE:
        dump();
        DestroyWindow(h);
        return 0;
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

static HWND edit(int id, DWORD style, int x, int y, int w, int hh, LPCWSTR text)
{
    return CreateWindowExW(0, L"EDIT", text, WS_CHILD | WS_VISIBLE | WS_BORDER | WS_TABSTOP | style, x, y, w, hh, g_main, (HMENU)id, 0, 0);
}

static int text_is(HWND h, LPCWSTR want)
{
    WCHAR t[256];
    GetWindowTextW(h, t, 256);
    return wcscmp(t, want) == 0;
}

static DWORD sel(HWND h) { return (DWORD)SendMessageW(h, EM_GETSEL, 0, 0); }

static void edit_checks(void)
{
    WCHAR buf[64];
    DWORD a = 7, b = 7;
    printf("-- settext\n");
    check(SendMessageW(g_single, WM_SETTEXT, 0, (LPARAM)L"Hello world") == 1, "WM_SETTEXT returns TRUE", 0);
    check(SendMessageW(g_single, WM_GETTEXTLENGTH, 0, 0) == 11, "WM_GETTEXTLENGTH", SendMessageW(g_single, WM_GETTEXTLENGTH, 0, 0));
    check(SendMessageW(g_single, WM_GETTEXT, 6, (LPARAM)buf) == 5 && wcscmp(buf, L"Hello") == 0, "WM_GETTEXT truncates to the buffer", 0);
    check(sel(g_single) == 0, "WM_SETTEXT puts the caret at 0", sel(g_single));
    check(SendMessageW(g_single, EM_GETMODIFY, 0, 0) == 0, "WM_SETTEXT clears the modify flag", 1);
    printf("-- setsel\n");
    SendMessageW(g_single, EM_SETSEL, 2, 5);
    check(sel(g_single) == MAKELPARAM(2, 5), "EM_SETSEL 2 5", sel(g_single));
    SendMessageW(g_single, EM_SETSEL, 5, 2);
    SendMessageW(g_single, EM_GETSEL, (WPARAM)&a, (LPARAM)&b);
    check(a == 2 && b == 5, "EM_SETSEL 5 2 gives the ordered pair", (long)a * 100 + b);
    SendMessageW(g_single, EM_SETSEL, 0, -1);
    check(sel(g_single) == MAKELPARAM(0, 11), "EM_SETSEL 0 -1 selects all", sel(g_single));
    SendMessageW(g_single, EM_SETSEL, 3, 100);
    check(sel(g_single) == MAKELPARAM(3, 11), "EM_SETSEL clamps to the length", sel(g_single));
    SendMessageW(g_single, EM_SETSEL, -1, 0);
    check(sel(g_single) == MAKELPARAM(11, 11), "EM_SETSEL -1 deselects at the caret", sel(g_single));
    printf("-- replacesel\n");
    SendMessageW(g_single, EM_SETSEL, 6, 11);
    SendMessageW(g_single, EM_REPLACESEL, TRUE, (LPARAM)L"there");
    check(text_is(g_single, L"Hello there"), "EM_REPLACESEL replaces the selection", 0);
    check(sel(g_single) == MAKELPARAM(11, 11), "EM_REPLACESEL leaves the caret after the text", sel(g_single));
    check(SendMessageW(g_single, EM_GETMODIFY, 0, 0) != 0, "EM_REPLACESEL sets the modify flag", 0);
    check(SendMessageW(g_single, EM_CANUNDO, 0, 0) != 0, "EM_CANUNDO after an undoable replace", 0);
    printf("-- undo\n");
    check(SendMessageW(g_single, EM_UNDO, 0, 0) == 1 && text_is(g_single, L"Hello world"), "EM_UNDO restores the text", 0);
    check(SendMessageW(g_single, EM_UNDO, 0, 0) == 1 && text_is(g_single, L"Hello there"), "EM_UNDO again redoes", 0);
    SendMessageW(g_single, EM_EMPTYUNDOBUFFER, 0, 0);
    check(SendMessageW(g_single, EM_CANUNDO, 0, 0) == 0, "EM_EMPTYUNDOBUFFER", 1);
    SendMessageW(g_single, EM_SETMODIFY, FALSE, 0);
    check(SendMessageW(g_single, EM_GETMODIFY, 0, 0) == 0, "EM_SETMODIFY FALSE", 1);
    printf("-- limit\n");
    check(SendMessageW(g_single, EM_GETLIMITTEXT, 0, 0) == 30000, "default limit 30000", SendMessageW(g_single, EM_GETLIMITTEXT, 0, 0));
    SendMessageW(g_single, EM_SETLIMITTEXT, 14, 0);
    check(SendMessageW(g_single, EM_GETLIMITTEXT, 0, 0) == 14, "EM_SETLIMITTEXT 14", SendMessageW(g_single, EM_GETLIMITTEXT, 0, 0));
    SendMessageW(g_single, EM_SETSEL, 11, 11);
    SendMessageW(g_single, EM_REPLACESEL, FALSE, (LPARAM)L"!!!!!");
    check(text_is(g_single, L"Hello there!!!"), "EM_REPLACESEL is cut to the limit", 0);
    check(SendMessageW(g_single, EM_CANUNDO, 0, 0) == 0, "EM_REPLACESEL FALSE empties the undo buffer", 1);
    SendMessageW(g_single, WM_SETTEXT, 0, (LPARAM)L"A text longer than the limit");
    check(SendMessageW(g_single, WM_GETTEXTLENGTH, 0, 0) == 28, "WM_SETTEXT ignores the limit", SendMessageW(g_single, WM_GETTEXTLENGTH, 0, 0));
    SendMessageW(g_single, EM_SETLIMITTEXT, 0, 0);
    check(SendMessageW(g_single, EM_GETLIMITTEXT, 0, 0) == 0x7FFFFFFE, "EM_SETLIMITTEXT 0 (single-line)", SendMessageW(g_single, EM_GETLIMITTEXT, 0, 0));
    printf("-- lines\n");
    SendMessageW(g_multi, WM_SETTEXT, 0, (LPARAM)L"line one\r\nline two\r\nthree");
    check(SendMessageW(g_multi, EM_GETLINECOUNT, 0, 0) == 3, "EM_GETLINECOUNT", SendMessageW(g_multi, EM_GETLINECOUNT, 0, 0));
    check(SendMessageW(g_multi, EM_LINEINDEX, 1, 0) == 10, "EM_LINEINDEX 1", SendMessageW(g_multi, EM_LINEINDEX, 1, 0));
    check(SendMessageW(g_multi, EM_LINEINDEX, 3, 0) == -1, "EM_LINEINDEX past the end", SendMessageW(g_multi, EM_LINEINDEX, 3, 0));
    check(SendMessageW(g_multi, EM_LINELENGTH, 12, 0) == 8, "EM_LINELENGTH", SendMessageW(g_multi, EM_LINELENGTH, 12, 0));
    check(SendMessageW(g_multi, EM_LINEFROMCHAR, 12, 0) == 1, "EM_LINEFROMCHAR", SendMessageW(g_multi, EM_LINEFROMCHAR, 12, 0));
    buf[0] = 63;
    {
        int n = (int)SendMessageW(g_multi, EM_GETLINE, 2, (LPARAM)buf);
        buf[n] = 0;
        check(n == 5 && wcscmp(buf, L"three") == 0, "EM_GETLINE 2", n);
    }
    check(SendMessageW(g_single, EM_GETLINECOUNT, 0, 0) == 1, "EM_GETLINECOUNT single-line", SendMessageW(g_single, EM_GETLINECOUNT, 0, 0));
    SendMessageW(g_multi, WM_SETTEXT, 0, (LPARAM)L"The quick brown fox jumps over the lazy dog and keeps running");
    {
        int n = (int)SendMessageW(g_multi, EM_GETLINECOUNT, 0, 0);
        int i1 = (int)SendMessageW(g_multi, EM_LINEINDEX, 1, 0);
        printf("wrap %d %d\n", n, i1);
        check(n > 1 && i1 > 0, "word wrap makes lines", n);
        DWORD p = (DWORD)SendMessageW(g_multi, EM_POSFROMCHAR, i1, 0);
        DWORD c = (DWORD)SendMessageW(g_multi, EM_CHARFROMPOS, 0, MAKELPARAM(LOWORD(p) + 1, HIWORD(p) + 2));
        printf("pos %d %d %d %d\n", LOWORD(p), HIWORD(p), LOWORD(c), HIWORD(c));
        check(LOWORD(c) == i1 && HIWORD(c) == 1, "EM_CHARFROMPOS(EM_POSFROMCHAR) round trip", c);
    }
    printf("-- scroll\n");
    SendMessageW(g_multi, WM_SETTEXT, 0, (LPARAM)L"1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n7\r\n8\r\n9\r\n10");
    check(SendMessageW(g_multi, EM_GETFIRSTVISIBLELINE, 0, 0) == 0, "EM_GETFIRSTVISIBLELINE 0", SendMessageW(g_multi, EM_GETFIRSTVISIBLELINE, 0, 0));
    SendMessageW(g_multi, EM_SETSEL, 30, 30);
    SendMessageW(g_multi, EM_SCROLLCARET, 0, 0);
    /* 80 px high: 78 inside the border, 76 after the 1 px spacing: 5 lines of 14 px; the last line shown. */
    check(SendMessageW(g_multi, EM_GETFIRSTVISIBLELINE, 0, 0) == 5, "EM_SCROLLCARET scrolls the caret's line into view", SendMessageW(g_multi, EM_GETFIRSTVISIBLELINE, 0, 0));
    {
        DWORD p = (DWORD)SendMessageW(g_multi, EM_POSFROMCHAR, 29, 0);
        check(HIWORD(p) == 1 + 4 * 14, "EM_POSFROMCHAR of the last line after scrolling", HIWORD(p));
    }
    /* No ES_AUTOHSCROLL: a single-line edit takes only what fits its width (EN_MAXTEXT). */
    SendMessageW(g_num, EM_REPLACESEL, FALSE, (LPARAM)L"1234567890123456789012345678901234567890");
    {
        int n = (int)SendMessageW(g_num, WM_GETTEXTLENGTH, 0, 0);
        printf("fit %d\n", n);
        check(n > 5 && n < 40, "no ES_AUTOHSCROLL: cut to the width", n);
    }
    {
        /* Alignment: where the first character of "mid" starts in ES_CENTER and ES_RIGHT edits 150 px wide. */
        HWND c = edit(107, ES_CENTER, 10, 200, 150, 22, L"mid");
        HWND r = edit(108, ES_RIGHT, 170, 200, 150, 22, L"mid");
        printf("align %d %d\n", LOWORD(SendMessageW(c, EM_POSFROMCHAR, 0, 0)), LOWORD(SendMessageW(r, EM_POSFROMCHAR, 0, 0)));
        DestroyWindow(c);
        DestroyWindow(r);
    }
    printf("-- password\n");
    check(SendMessageW(g_pass, EM_GETPASSWORDCHAR, 0, 0) == '*', "default password char", SendMessageW(g_pass, EM_GETPASSWORDCHAR, 0, 0));
    SendMessageW(g_pass, EM_SETPASSWORDCHAR, '#', 0);
    check(SendMessageW(g_pass, EM_GETPASSWORDCHAR, 0, 0) == '#', "EM_SETPASSWORDCHAR", SendMessageW(g_pass, EM_GETPASSWORDCHAR, 0, 0));
    printf("-- misc\n");
    SendMessageW(g_single, EM_SETMARGINS, EC_LEFTMARGIN | EC_RIGHTMARGIN, MAKELPARAM(3, 4));
    check(SendMessageW(g_single, EM_GETMARGINS, 0, 0) == MAKELPARAM(3, 4), "EM_SETMARGINS/EM_GETMARGINS", SendMessageW(g_single, EM_GETMARGINS, 0, 0));
    SendMessageW(g_single, EM_SETMARGINS, EC_LEFTMARGIN | EC_RIGHTMARGIN, 0);
    check(SendMessageW(g_single, WM_GETDLGCODE, 0, 0) == (DLGC_WANTCHARS | DLGC_HASSETSEL | DLGC_WANTARROWS), "WM_GETDLGCODE single-line", SendMessageW(g_single, WM_GETDLGCODE, 0, 0));
    check(SendMessageW(g_multi, WM_GETDLGCODE, 0, 0) == (DLGC_WANTCHARS | DLGC_HASSETSEL | DLGC_WANTARROWS | DLGC_WANTALLKEYS), "WM_GETDLGCODE multi-line", SendMessageW(g_multi, WM_GETDLGCODE, 0, 0));
    SendMessageW(g_ro, EM_SETREADONLY, FALSE, 0);
    check((GetWindowLongW(g_ro, GWL_STYLE) & ES_READONLY) == 0, "EM_SETREADONLY FALSE clears ES_READONLY", GetWindowLongW(g_ro, GWL_STYLE));
    SendMessageW(g_ro, EM_SETREADONLY, TRUE, 0);
    check((GetWindowLongW(g_ro, GWL_STYLE) & ES_READONLY) != 0, "EM_SETREADONLY TRUE sets it", GetWindowLongW(g_ro, GWL_STYLE));
    SendMessageW(g_upper, EM_REPLACESEL, FALSE, (LPARAM)L"mixed Case");
    check(text_is(g_upper, L"MIXED CASE"), "ES_UPPERCASE converts inserted text", 0);
}

static void caret_checks(void)
{
    POINT p = { 9, 9 };
    printf("-- caret\n");
    check(GetCaretBlinkTime() == 500, "default blink time", GetCaretBlinkTime());
    check(CreateCaret(g_main, 0, 2, 10), "CreateCaret", 0);
    check(GetCaretPos(&p) && p.x == 0 && p.y == 0, "a new caret is at 0,0", p.x);
    check(SetCaretPos(20, 30) && GetCaretPos(&p) && p.x == 20 && p.y == 30, "SetCaretPos/GetCaretPos", p.x);
    check(ShowCaret(g_main), "ShowCaret", 0);
    check(!ShowCaret(g_main), "ShowCaret of a shown caret fails", 0);
    check(!HideCaret(g_single), "HideCaret of another window fails", 0);
    check(HideCaret(0) && HideCaret(g_main), "HideCaret twice", 0);
    check(ShowCaret(0) && ShowCaret(g_main), "ShowCaret twice", 0);
    check(SetCaretBlinkTime(300) && GetCaretBlinkTime() == 300, "SetCaretBlinkTime", GetCaretBlinkTime());
    SetCaretBlinkTime(500);
    check(DestroyCaret(), "DestroyCaret", 0);
    check(!GetCaretPos(&p), "GetCaretPos without a caret fails", 0);
    check(!DestroyCaret(), "DestroyCaret without a caret fails", 0);
    /* The focus in an edit: its caret sits where EM_POSFROMCHAR says. */
    SendMessageW(g_single, WM_SETTEXT, 0, (LPARAM)L"caret here");
    SetFocus(g_single);
    SendMessageW(g_single, EM_SETSEL, 5, 5);
    DWORD pos = (DWORD)SendMessageW(g_single, EM_POSFROMCHAR, 5, 0);
    check(GetCaretPos(&p) && p.x == LOWORD(pos) && p.y == HIWORD(pos), "the edit's caret is at EM_POSFROMCHAR", p.x);
}

static void clipboard_checks(void)
{
    UINT fmt, f2;
    WCHAR name[32];
    printf("-- clipboard\n");
    SetLastError(0);
    check(!EmptyClipboard() && GetLastError() == 1418, "EmptyClipboard without OpenClipboard", GetLastError());
    check(!GetClipboardData(CF_UNICODETEXT) && GetLastError() == 1418, "GetClipboardData without OpenClipboard", GetLastError());
    check(!CloseClipboard() && GetLastError() == 1418, "CloseClipboard without OpenClipboard", GetLastError());
    fmt = RegisterClipboardFormatW(L"wmemu private");
    f2 = RegisterClipboardFormatW(L"WMEMU PRIVATE");
    check(fmt >= 0xC000 && f2 == fmt, "RegisterClipboardFormatW (case-insensitive)", fmt);
    check(GetClipboardFormatNameW(fmt, name, 32) == 13 && wcscmp(name, L"wmemu private") == 0, "GetClipboardFormatNameW", 0);
    check(GetClipboardFormatNameW(CF_UNICODETEXT, name, 32) == 0, "GetClipboardFormatNameW of a standard format fails", 0);
    check(OpenClipboard(g_main), "OpenClipboard", GetLastError());
    check(GetOpenClipboardWindow() == g_main, "GetOpenClipboardWindow", 0);
    check(EmptyClipboard(), "EmptyClipboard", GetLastError());
    check(GetClipboardOwner() == g_main, "EmptyClipboard makes the opener the owner", 0);
    {
        WCHAR *t = (WCHAR *)LocalAlloc(LMEM_FIXED, 12);
        char *d = (char *)LocalAlloc(LMEM_FIXED, 3);
        wcscpy(t, L"clip!");
        d[0] = 1; d[1] = 2; d[2] = 3;
        check(SetClipboardData(CF_UNICODETEXT, t) == t, "SetClipboardData returns the handle", 0);
        check(SetClipboardData(fmt, d) == d, "SetClipboardData of a registered format", 0);
    }
    check(CountClipboardFormats() == 2, "CountClipboardFormats", CountClipboardFormats());
    check(EnumClipboardFormats(0) == CF_UNICODETEXT && EnumClipboardFormats(CF_UNICODETEXT) == fmt, "EnumClipboardFormats in the order set", 0);
    SetLastError(5);
    check(EnumClipboardFormats(fmt) == 0 && GetLastError() == 0, "EnumClipboardFormats ends with 0, ERROR_SUCCESS", GetLastError());
    check(IsClipboardFormatAvailable(fmt) && !IsClipboardFormatAvailable(CF_TEXT), "IsClipboardFormatAvailable (no CF_TEXT made from CF_UNICODETEXT)", 0);
    {
        UINT pri[] = { CF_TEXT, fmt, CF_UNICODETEXT };
        UINT none[] = { CF_TEXT };
        check(GetPriorityClipboardFormat(pri, 3) == (int)fmt, "GetPriorityClipboardFormat", 0);
        check(GetPriorityClipboardFormat(none, 1) == -1, "GetPriorityClipboardFormat: none available", 0);
    }
    {
        WCHAR *t = (WCHAR *)GetClipboardData(CF_UNICODETEXT);
        WCHAR *c = (WCHAR *)GetClipboardDataAlloc(CF_UNICODETEXT);
        check(t && wcscmp(t, L"clip!") == 0, "GetClipboardData", 0);
        check(c && c != t && wcscmp(c, L"clip!") == 0, "GetClipboardDataAlloc gives a copy", 0);
        LocalFree(c);
    }
    check(CloseClipboard(), "CloseClipboard", 0);
    printf("-- edit clipboard\n");
    g_destroyclip = 0;
    SendMessageW(g_single, WM_SETTEXT, 0, (LPARAM)L"copy me please");
    SendMessageW(g_single, EM_SETSEL, 5, 7);
    SendMessageW(g_single, WM_COPY, 0, 0);
    check(OpenClipboard(g_main) && CountClipboardFormats() == 1 && wcscmp((WCHAR *)GetClipboardData(CF_UNICODETEXT), L"me") == 0, "WM_COPY puts the selection", 0);
    check(GetClipboardOwner() == g_single, "the edit owns the clipboard after WM_COPY", 0);
    CloseClipboard();
    SendMessageW(g_multi, WM_SETTEXT, 0, (LPARAM)L"<>");
    SendMessageW(g_multi, EM_SETSEL, 1, 1);
    SendMessageW(g_multi, WM_PASTE, 0, 0);
    check(text_is(g_multi, L"<me>"), "WM_PASTE inserts it", 0);
    SendMessageW(g_single, EM_SETSEL, 0, 5);
    SendMessageW(g_single, WM_CUT, 0, 0);
    check(text_is(g_single, L"me please"), "WM_CUT removes the selection", 0);
    SendMessageW(g_ro, EM_SETSEL, 0, -1);
    SendMessageW(g_ro, WM_CUT, 0, 0);
    check(text_is(g_ro, L"read only"), "WM_CUT does nothing in a read-only edit", 0);
    SendMessageW(g_pass, WM_SETTEXT, 0, (LPARAM)L"secret");
    SendMessageW(g_pass, EM_SETSEL, 0, -1);
    SendMessageW(g_pass, WM_COPY, 0, 0);
    OpenClipboard(g_main);
    check(wcscmp((WCHAR *)GetClipboardData(CF_UNICODETEXT), L"copy ") == 0, "a password edit copies nothing (the cut text stays)", 0);
    CloseClipboard();
}

/* The crop's control rectangles (window coordinates of the dialog). The window is 448x212: the crop lost its last
 * row (its bottom frame shows the shadow and one black row where the right frame, like the property sheet crop's
 * bottom, has shadow, black, black). */
static const struct { int id, x, y, w, h; } PROPS[] = {
    { 710, 323, 69, 110, 15 }, { 711, 323, 86, 110, 15 }, { 712, 323, 104, 110, 15 }, { 713, 323, 121, 110, 15 },
    { 714, 323, 139, 110, 15 }, { 715, 314, 162, 120, 15 }, { 716, 17, 149, 80, 15 }, { 720, 200, 143, 91, 22 },
    { 730, 69, 171, 77, 21 }, { 731, 200, 171, 91, 21 }, { 1, 312, 180, 61, 22 }, { 2, 377, 180, 61, 22 },
    { 700, 313, 50, 125, 108 }, { 701, 11, 129, 296, 73 }, { 600, 67, 62, 71, 14 }, { 601, 11, 90, 50, 14 },
    { 602, 67, 90, 5, 14 }, { 603, 11, 110, 25, 14 }, { 604, 66, 110, 156, 14 }, { 605, 16, 174, 30, 14 },
    { 606, 156, 174, 31, 14 },
};

static BOOL PropsProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_INITDIALOG) {
        RECT r;
        POINT o;
        MoveWindow(h, 100, 100, 448, 212, FALSE);
        GetWindowRect(h, &r);
        o.x = r.left; o.y = r.top;
        ScreenToClient(h, &o); /* the window's top-left in client coordinates */
        for (unsigned i = 0; i < sizeof PROPS / sizeof PROPS[0]; i++)
            MoveWindow(GetDlgItem(h, PROPS[i].id), o.x + PROPS[i].x, o.y + PROPS[i].y, PROPS[i].w, PROPS[i].h, FALSE);
        printf("ready\n");
        return TRUE;
    }
    if (m == WM_COMMAND && (LOWORD(w) == IDOK || LOWORD(w) == IDCANCEL)) {
        EndDialog(h, LOWORD(w));
        return TRUE;
    }
    return FALSE;
}

/* The clipboard is the run's: a child process reads what this one put and puts its own text. */
static void put_text(LPCWSTR text)
{
    WCHAR *t = (WCHAR *)LocalAlloc(LMEM_FIXED, 2 * (wcslen(text) + 1));
    wcscpy(t, text);
    OpenClipboard(NULL);
    EmptyClipboard();
    SetClipboardData(CF_UNICODETEXT, t);
    CloseClipboard();
}

static int child_clipboard(void)
{
    int bad = 0;
    WCHAR *t;
    if (!OpenClipboard(NULL)) return 100;
    t = (WCHAR *)GetClipboardData(CF_UNICODETEXT);
    printf("child read %ls\n", t ? t : L"(none)");
    bad += !t || wcscmp(t, L"from parent") != 0;
    printf("child format %u\n", RegisterClipboardFormatW(L"WMEMU private"));
    CloseClipboard();
    put_text(L"from child");
    return bad;
}

static void process_checks(void)
{
    WCHAR self[260];
    PROCESS_INFORMATION pi;
    DWORD code = 99;
    WCHAR *t;
    printf("-- processes\n");
    printf("parent format %u\n", RegisterClipboardFormatW(L"wmemu private"));
    put_text(L"from parent");
    GetModuleFileNameW(NULL, self, 260);
    check(CreateProcessW(self, L"r", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW", GetLastError());
    WaitForSingleObject(pi.hProcess, 0xFFFFFFFF);
    GetExitCodeProcess(pi.hProcess, &code);
    check(code == 0, "the child read the parent's clipboard text", code);
    OpenClipboard(NULL);
    t = (WCHAR *)GetClipboardData(CF_UNICODETEXT);
    check(t && wcscmp(t, L"from child") == 0, "the parent reads the child's clipboard text", 0);
    CloseClipboard();
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    if (cmd && cmd[0] == L'r') return child_clipboard();
    if (cmd && cmd[0] == L'p') {
        int r = DialogBoxParamW(inst, MAKEINTRESOURCE(200), NULL, PropsProc, 0);
        printf("result %d\n", r);
        return r;
    }

    int interactive = cmd && cmd[0] == L't';
    WNDCLASSW wc = {0};
    MSG msg;
    wc.lpfnWndProc = WndProc;
    wc.hInstance = inst;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = L"EditTest";
    RegisterClassW(&wc);
    g_main = CreateWindowExW(0, L"EditTest", L"Edit test", WS_CAPTION | WS_SYSMENU | WS_VISIBLE, 0, 0, 400, 260, NULL, NULL, inst, NULL);
    g_single = edit(101, ES_AUTOHSCROLL, 10, 10, 200, 22, L"");
    g_multi = edit(102, ES_MULTILINE | ES_AUTOVSCROLL, 10, 40, 200, 80, L"");
    g_pass = edit(103, ES_PASSWORD | ES_AUTOHSCROLL, 220, 10, 150, 22, L"");
    g_num = edit(104, ES_NUMBER, 220, 40, 150, 22, L"");
    g_upper = edit(105, ES_UPPERCASE | ES_AUTOHSCROLL, 220, 70, 150, 22, L"");
    g_ro = edit(106, ES_READONLY, 220, 100, 150, 22, L"read only");
    if (!interactive) {
        edit_checks();
        caret_checks();
        clipboard_checks();
        process_checks();
        printf("-- done\n");
        g_quiet = 1;
        DestroyWindow(g_main);
        return failures;
    }
    SetFocus(g_single);
    printf("ready\n");
    while (GetMessageW(&msg, NULL, 0, 0)) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return 0;
}
