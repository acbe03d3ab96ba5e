/* lists.c — LISTBOX, COMBOBOX, SCROLLBAR and a window's WS_VSCROLL bar (issue 14).
 *
 * First dialog 200 (lists.rc) runs modally: its LISTBOX, COMBOBOX and SCROLLBAR come from the template's
 * class atoms; WM_INITDIALOG checks them and prints the combo box's and the scroll bar's sizes. Then
 * WinMain creates a captioned window (WS_VSCROLL and WS_HSCROLL, ranges 0-10) with: list 100 (LBS_NOTIFY | LBS_SORT,
 * WS_VSCROLL, 20 items), list 101 (LBS_MULTIPLESEL), list 102 (LBS_OWNERDRAWFIXED without strings:
 * WM_MEASUREITEM answers 20, WM_DRAWITEM fills the item black when selected, gray otherwise),
 * scroll bar 103 (SBS_VERT), combo box 104 (CBS_DROPDOWNLIST) and list 105 (LBS_DISABLENOSCROLL, two
 * items: a disabled bar). It checks the LB_* / CB_* / SBM_*
 * messages synchronously ("ok NAME" / "FAIL NAME got=N"), prints "ready", then runs its message loop
 * for the host's taps and keys: the parent prints what reaches it ("cmd ID CODE sel=S top=T",
 * "vscroll ID CODE POS", "measure ID H", "delete ID ITEM DATA", "draw 102 ITEM SEL"), and on
 * WM_DESTROY the final state ("final ..."). Exit code = failures (test/gwes/lists.test.ts).
 * Argument "dropdown": a CBS_DROPDOWN combo box prints its text and its edit child's class. */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <windlg.h>

typedef struct { UINT cbSize, fMask; int nMin, nMax; UINT nPage; int nPos, nTrackPos; } SCROLLINFO;
WINBASEAPI int WINAPI SetScrollInfo(HWND, int, const SCROLLINFO *, BOOL);
WINBASEAPI BOOL WINAPI GetScrollInfo(HWND, int, SCROLLINFO *);
WINBASEAPI int WINAPI SetScrollPos(HWND, int, int, BOOL);
WINBASEAPI BOOL WINAPI SetScrollRange(HWND, int, int, int, BOOL);
typedef struct { UINT CtlType, CtlID, itemID, itemAction, itemState; HWND hwndItem; HDC hDC; RECT rcItem; DWORD itemData; } DRAWITEMSTRUCT;
typedef struct { UINT CtlType, CtlID, itemID, itemWidth, itemHeight; DWORD itemData; } MEASUREITEMSTRUCT;
typedef struct { UINT CtlType, CtlID, itemID; HWND hwndItem; DWORD itemData; } DELETEITEMSTRUCT;

#define WS_BORDER 0x00800000
#define WS_VSCROLL 0x00200000
#define WM_COMMAND 0x0111
#define WM_VSCROLL 0x0115
#define WM_HSCROLL 0x0114
#define WS_HSCROLL 0x00100000
#define SB_HORZ 0
#define WM_DRAWITEM 0x002B
#define WM_MEASUREITEM 0x002C
#define WM_DELETEITEM 0x002D
#define WM_COMPAREITEM 0x0039
#define LB_SETITEMHEIGHT 0x1A0
typedef struct { UINT CtlType, CtlID; HWND hwndItem; UINT itemID1; DWORD itemData1; UINT itemID2; DWORD itemData2; DWORD dwLocaleId; } COMPAREITEMSTRUCT;
static int g_compares;
#define SB_VERT 1
#define SB_CTL 2
#define SIF_RANGE 1
#define SIF_PAGE 2
#define SIF_POS 4
#define SIF_TRACKPOS 0x10
#define SIF_ALL 0x17
#define SB_THUMBTRACK 5
#define SB_THUMBPOSITION 4
#define SB_LINEUP 0
#define SB_LINEDOWN 1
#define SB_PAGEUP 2
#define SB_PAGEDOWN 3
#define BLACK_BRUSH 4
#define GRAY_BRUSH 2
#define LBS_NOTIFY 0x1
#define LBS_SORT 0x2
#define LBS_MULTIPLESEL 0x8
#define LBS_OWNERDRAWFIXED 0x10
#define LBS_NOINTEGRALHEIGHT 0x100
#define LBS_DISABLENOSCROLL 0x1000
#define LB_GETCARETINDEX 0x19F
#define LB_ADDSTRING 0x180
#define LB_INSERTSTRING 0x181
#define LB_DELETESTRING 0x182
#define LB_RESETCONTENT 0x184
#define LB_SETSEL 0x185
#define LB_SETCURSEL 0x186
#define LB_GETSEL 0x187
#define LB_GETCURSEL 0x188
#define LB_GETTEXT 0x189
#define LB_GETTEXTLEN 0x18A
#define LB_GETCOUNT 0x18B
#define LB_SELECTSTRING 0x18C
#define LB_GETTOPINDEX 0x18E
#define LB_FINDSTRING 0x18F
#define LB_GETSELCOUNT 0x190
#define LB_GETSELITEMS 0x191
#define LB_SETTOPINDEX 0x197
#define LB_GETITEMRECT 0x198
#define LB_GETITEMDATA 0x199
#define LB_SETITEMDATA 0x19A
#define LB_SELITEMRANGE 0x19B
#define LB_GETITEMHEIGHT 0x1A1
#define LB_FINDSTRINGEXACT 0x1A2
#define LB_ITEMFROMPOINT 0x1A9
#define LB_ERR (-1)
#define SBS_VERT 1
#define SBM_SETPOS 0xE0
#define SBM_GETPOS 0xE1
#define SBM_SETRANGE 0xE2
#define SBM_GETRANGE 0xE3
#define SBM_GETSCROLLINFO 0xEA
#define CBS_DROPDOWNLIST 3
#define CB_ADDSTRING 0x143
#define CB_GETCOUNT 0x146
#define CB_GETCURSEL 0x147
#define CB_GETLBTEXT 0x148
#define CB_SETCURSEL 0x14E
#define CB_SHOWDROPDOWN 0x14F
#define CB_GETDROPPEDSTATE 0x157
#define CB_FINDSTRINGEXACT 0x158
#define CB_ERR (-1)
#define WM_GETTEXTLENGTH 0x000E

static int g_fail;
static HWND g_main, g_lb, g_multi, g_od, g_sb, g_cb, g_dis;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))
static LRESULT S(HWND h, UINT m, WPARAM w, LPARAM l) { return SendMessageW(h, m, w, l); }
static int same(const WCHAR *a, const WCHAR *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }

static const WCHAR *const NAMES[20] = {
    L"kiwi", L"Apple", L"mango", L"banana", L"Cherry", L"date", L"fig", L"grape", L"lemon", L"lime",
    L"melon", L"nectarine", L"orange", L"papaya", L"peach", L"pear", L"plum", L"quince", L"raspberry", L"strawberry"};

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_COMMAND: {
        int id = w & 0xffff, code = (int)(short)(w >> 16);
        HWND c = (HWND)l;
        printf("cmd %d %d sel=%d top=%d\n", id, code, (int)S(c, id == 104 ? CB_GETCURSEL : LB_GETCURSEL, 0, 0),
               id == 104 ? 0 : (int)S(c, LB_GETTOPINDEX, 0, 0));
        return 0;
    }
    case WM_HSCROLL: {
        SCROLLINFO si = {sizeof si, SIF_ALL, 0, 0, 0, 0, 0};
        GetScrollInfo(h, SB_HORZ, &si);
        printf("hscroll %d %d\n", (int)(w & 0xffff), si.nPos);
        if ((w & 0xffff) == SB_LINEDOWN) SetScrollPos(h, SB_HORZ, si.nPos + 1, TRUE);
        return 0;
    }
    case WM_VSCROLL: {
        int code = w & 0xffff, pos = (int)(w >> 16);
        HWND target = l ? (HWND)l : h;
        int bar = l ? SB_CTL : SB_VERT;
        SCROLLINFO si = {sizeof si, SIF_ALL, 0, 0, 0, 0, 0};
        GetScrollInfo(target, bar, &si);
        printf("vscroll %d %d %d track=%d\n", l ? 103 : 0, code, (code == SB_THUMBTRACK || code == SB_THUMBPOSITION) ? pos : si.nPos, si.nTrackPos);
        if (code == SB_LINEDOWN) SetScrollPos(target, bar, si.nPos + 1, TRUE);
        if (code == SB_LINEUP) SetScrollPos(target, bar, si.nPos - 1, TRUE);
        if (code == SB_PAGEDOWN) SetScrollPos(target, bar, si.nPos + 3, TRUE);
        if (code == SB_PAGEUP) SetScrollPos(target, bar, si.nPos - 3, TRUE);
        if (code == SB_THUMBPOSITION) SetScrollPos(target, bar, pos, TRUE);
        return 0;
    }
    case WM_MEASUREITEM: {
        MEASUREITEMSTRUCT *mi = (MEASUREITEMSTRUCT *)l;
        printf("measure %d %d\n", (int)mi->CtlID, (int)mi->CtlType);
        mi->itemHeight = 20;
        return 1;
    }
    case WM_DRAWITEM: {
        DRAWITEMSTRUCT *d = (DRAWITEMSTRUCT *)l;
        FillRect(d->hDC, &d->rcItem, (HBRUSH)GetStockObject((d->itemState & 1) ? BLACK_BRUSH : GRAY_BRUSH));
        return 1;
    }
    case WM_COMPAREITEM: {
        COMPAREITEMSTRUCT *c = (COMPAREITEMSTRUCT *)l;
        g_compares++;
        return c->itemData1 < c->itemData2 ? -1 : c->itemData1 > c->itemData2 ? 1 : 0;
    }
    case WM_DELETEITEM: {
        DELETEITEMSTRUCT *d = (DELETEITEMSTRUCT *)l;
        printf("delete %d %d %d\n", (int)d->CtlID, (int)d->itemID, (int)d->itemData);
        return 1;
    }
    case WM_DESTROY: {
        WCHAR buf[64];
        int sel = (int)S(g_lb, LB_GETCURSEL, 0, 0);
        buf[0] = 0;
        if (sel >= 0) S(g_lb, LB_GETTEXT, sel, (LPARAM)buf);
        printf("final lb sel=%d top=%d text=%ls\n", sel, (int)S(g_lb, LB_GETTOPINDEX, 0, 0), buf);
        int items[8], n = (int)S(g_multi, LB_GETSELITEMS, 8, (LPARAM)items);
        printf("final multi count=%d first=%d\n", n, n > 0 ? items[0] : -1);
        buf[0] = 0;
        GetWindowTextW(g_cb, buf, 64);
        printf("final combo sel=%d text=%ls\n", (int)S(g_cb, CB_GETCURSEL, 0, 0), buf);
        SCROLLINFO si = {sizeof si, SIF_POS, 0, 0, 0, 0, 0};
        GetScrollInfo(g_main, SB_VERT, &si);
        printf("final main pos=%d sb=%d\n", si.nPos, (int)S(g_sb, SBM_GETPOS, 0, 0));
        PostQuitMessage(0);
        return 0;
    }
    }
    return DefWindowProcW(h, m, w, l);
}

/* Dialog 200 (lists.rc): the controls come from the template's class atoms. */
static BOOL DlgProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_INITDIALOG) {
        HWND lb = GetDlgItem(h, 201), cb = GetDlgItem(h, 202), sb = GetDlgItem(h, 203);
        WCHAR c1[16], c2[16], c3[16];
        GetClassNameW(lb, c1, 16);
        GetClassNameW(cb, c2, 16);
        GetClassNameW(sb, c3, 16);
        CHECK("dlg-classes", same(c1, L"LISTBOX") && same(c2, L"COMBOBOX") && same(c3, L"SCROLLBAR"), c1[0]);
        S(lb, LB_ADDSTRING, 0, (LPARAM)L"b");
        S(lb, LB_ADDSTRING, 0, (LPARAM)L"a");
        WCHAR t[8];
        S(lb, LB_GETTEXT, 0, (LPARAM)t);
        CHECK("dlg-list-sorted", S(lb, LB_GETCOUNT, 0, 0) == 2 && same(t, L"a"), S(lb, LB_GETCOUNT, 0, 0));
        S(cb, CB_ADDSTRING, 0, (LPARAM)L"x");
        CHECK("dlg-combo", S(cb, CB_SETCURSEL, 0, 0) == 0 && S(cb, CB_GETDROPPEDSTATE, 0, 0) == 0, 0);
        RECT r;
        GetWindowRect(cb, &r);
        printf("dlg combo height %d\n", (int)(r.bottom - r.top));
        GetWindowRect(sb, &r);
        printf("dlg scrollbar %d %d\n", (int)(r.right - r.left), (int)(r.bottom - r.top));
        PostMessageW(h, WM_COMMAND, IDOK, 0);
        return TRUE;
    }
    if (m == WM_COMMAND && (w & 0xffff) == IDOK) {
        EndDialog(h, 55);
        return TRUE;
    }
    return FALSE;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    if (cmd && cmd[0] == 'd') {
        /* Argument "dropdown": a CBS_DROPDOWN combo box, whose selection field is a child of class EDIT (id 1001). */
        HWND cb = CreateWindowExW(0, L"COMBOBOX", L"", WS_VISIBLE | 2 /* CBS_DROPDOWN */, 10, 10, 120, 100, NULL, NULL, hInstance, NULL);
        S(cb, CB_ADDSTRING, 0, (LPARAM)L"one");
        S(cb, CB_ADDSTRING, 0, (LPARAM)L"two");
        S(cb, CB_SETCURSEL, 1, 0);
        WCHAR t[16], c[16];
        t[0] = c[0] = 0;
        GetWindowTextW(cb, t, 16);
        GetClassNameW(GetDlgItem(cb, 1001), c, 16);
        printf("dropdown text=%ls edit=%ls\n", t, c);
        return 0;
    }
    CHECK("dlg-result", DialogBoxParamW(hInstance, MAKEINTRESOURCE(200), NULL, DlgProc, 0) == 55, 0);
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = L"ListsTest";
    RegisterClassW(&wc);
    g_main = CreateWindowExW(0, L"ListsTest", L"Lists", WS_CAPTION | WS_SYSMENU | WS_VSCROLL | WS_HSCROLL, 0, 0, 460, 300, NULL, NULL, hInstance, NULL);
    SetScrollRange(g_main, SB_VERT, 0, 10, FALSE);
    SetScrollRange(g_main, SB_HORZ, 0, 10, FALSE);
    g_lb = CreateWindowExW(0, L"listbox", L"", WS_CHILD | WS_VISIBLE | WS_BORDER | WS_VSCROLL | LBS_NOTIFY | LBS_SORT, 10, 10, 120, 105, g_main, (HMENU)100, hInstance, NULL);
    g_multi = CreateWindowExW(0, L"LISTBOX", L"", WS_CHILD | WS_VISIBLE | WS_BORDER | LBS_MULTIPLESEL | LBS_NOINTEGRALHEIGHT, 140, 10, 90, 100, g_main, (HMENU)101, hInstance, NULL);
    g_od = CreateWindowExW(0, L"LISTBOX", L"", WS_CHILD | WS_VISIBLE | WS_BORDER | LBS_OWNERDRAWFIXED | LBS_NOINTEGRALHEIGHT, 240, 10, 60, 100, g_main, (HMENU)102, hInstance, NULL);
    g_sb = CreateWindowExW(0, L"ScrollBar", L"", WS_CHILD | WS_VISIBLE | SBS_VERT, 310, 10, 13, 100, g_main, (HMENU)103, hInstance, NULL);
    g_cb = CreateWindowExW(0, L"ComboBox", L"", WS_CHILD | WS_VISIBLE | CBS_DROPDOWNLIST, 10, 130, 120, 100, g_main, (HMENU)104, hInstance, NULL);
    g_dis = CreateWindowExW(0, L"LISTBOX", L"", WS_CHILD | WS_VISIBLE | WS_BORDER | WS_VSCROLL | LBS_DISABLENOSCROLL | LBS_NOINTEGRALHEIGHT, 340, 10, 100, 100, g_main, (HMENU)105, hInstance, NULL);
    CHECK("created", g_lb && g_multi && g_od && g_sb && g_cb && g_dis, 0);

    /* LISTBOX 100: sorted strings. */
    int i, idx = 0;
    for (i = 0; i < 20; i++) idx = (int)S(g_lb, LB_ADDSTRING, 0, (LPARAM)NAMES[i]);
    CHECK("lb-count", S(g_lb, LB_GETCOUNT, 0, 0) == 20, S(g_lb, LB_GETCOUNT, 0, 0));
    CHECK("lb-sorted-last-index", idx == 19, idx); /* strawberry sorts last */
    WCHAR buf[64];
    CHECK("lb-gettext-0", S(g_lb, LB_GETTEXT, 0, (LPARAM)buf) == 5 && same(buf, L"Apple"), S(g_lb, LB_GETTEXT, 0, (LPARAM)buf));
    S(g_lb, LB_GETTEXT, 1, (LPARAM)buf);
    CHECK("lb-sorted-case-insensitive", same(buf, L"banana"), buf[0]);
    CHECK("lb-gettextlen", S(g_lb, LB_GETTEXTLEN, 2, 0) == 6, S(g_lb, LB_GETTEXTLEN, 2, 0)); /* Cherry */
    CHECK("lb-gettext-bad", S(g_lb, LB_GETTEXT, 20, (LPARAM)buf) == LB_ERR, 0);
    CHECK("lb-findstring-prefix", S(g_lb, LB_FINDSTRING, (WPARAM)-1, (LPARAM)L"PE") == 14, S(g_lb, LB_FINDSTRING, (WPARAM)-1, (LPARAM)L"PE"));
    CHECK("lb-findstring-after", S(g_lb, LB_FINDSTRING, 14, (LPARAM)L"pe") == 15, S(g_lb, LB_FINDSTRING, 14, (LPARAM)L"pe"));
    CHECK("lb-findstring-wraps", S(g_lb, LB_FINDSTRING, 15, (LPARAM)L"pe") == 14, S(g_lb, LB_FINDSTRING, 15, (LPARAM)L"pe"));
    CHECK("lb-findexact", S(g_lb, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"LIME") == 8 && S(g_lb, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"lim") == LB_ERR,
          S(g_lb, LB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"LIME"));
    CHECK("lb-cursel-none", S(g_lb, LB_GETCURSEL, 0, 0) == LB_ERR, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-setcursel", S(g_lb, LB_SETCURSEL, 3, 0) == 3 && S(g_lb, LB_GETCURSEL, 0, 0) == 3 && S(g_lb, LB_GETSEL, 3, 0) > 0, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-setcursel-bad", S(g_lb, LB_SETCURSEL, 20, 0) == LB_ERR && S(g_lb, LB_GETCURSEL, 0, 0) == 3, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-setcursel-none", S(g_lb, LB_SETCURSEL, (WPARAM)-1, 0) == LB_ERR && S(g_lb, LB_GETCURSEL, 0, 0) == LB_ERR, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-selectstring", S(g_lb, LB_SELECTSTRING, (WPARAM)-1, (LPARAM)L"gr") == 5 && S(g_lb, LB_GETCURSEL, 0, 0) == 5, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-setsel-single", S(g_lb, LB_SETSEL, 1, 2) == LB_ERR && S(g_lb, LB_GETSELCOUNT, 0, 0) == LB_ERR, 0);
    CHECK("lb-itemdata", S(g_lb, LB_SETITEMDATA, 4, 0x1234) == 1 && S(g_lb, LB_GETITEMDATA, 4, 0) == 0x1234 && S(g_lb, LB_GETITEMDATA, 30, 0) == LB_ERR, 0);
    int ih = (int)S(g_lb, LB_GETITEMHEIGHT, 0, 0);
    RECT rc = {0, 0, 0, 0}, cl;
    GetClientRect(g_lb, &cl);
    printf("itemheight %d client %d %d\n", ih, (int)cl.right, (int)cl.bottom);
    CHECK("lb-integral-height", ih > 0 && cl.bottom % ih == 0, cl.bottom);
    CHECK("lb-itemrect", S(g_lb, LB_GETITEMRECT, 2, (LPARAM)&rc) == 1 && rc.top == 2 * ih && rc.bottom == 3 * ih && rc.left == 0 && rc.right == cl.right, rc.top);
    CHECK("lb-itemfrompoint", S(g_lb, LB_ITEMFROMPOINT, 0, (LPARAM)((ih * 3 + 1) << 16 | 5)) == 3, S(g_lb, LB_ITEMFROMPOINT, 0, (LPARAM)((ih * 3 + 1) << 16 | 5)));
    CHECK("lb-itemfrompoint-outside", S(g_lb, LB_ITEMFROMPOINT, 0, (LPARAM)(5 << 16 | 500)) == (0x10000 | 0), S(g_lb, LB_ITEMFROMPOINT, 0, (LPARAM)(5 << 16 | 500)));
    CHECK("lb-settopindex", S(g_lb, LB_SETTOPINDEX, 2, 0) == 0 && S(g_lb, LB_GETTOPINDEX, 0, 0) == 2, S(g_lb, LB_GETTOPINDEX, 0, 0));
    CHECK("lb-itemrect-scrolled", S(g_lb, LB_GETITEMRECT, 0, (LPARAM)&rc) == 0 && rc.top == -2 * ih, rc.top);
    CHECK("lb-settopindex-clamped", S(g_lb, LB_SETTOPINDEX, 19, 0) == 0 && S(g_lb, LB_GETTOPINDEX, 0, 0) == 20 - cl.bottom / ih, S(g_lb, LB_GETTOPINDEX, 0, 0));
    SCROLLINFO si = {sizeof si, SIF_ALL, 0, 0, 0, 0, 0};
    CHECK("lb-vscroll-info", GetScrollInfo(g_lb, SB_VERT, &si) && si.nMin == 0 && si.nMax == 19 && (int)si.nPage == cl.bottom / ih && si.nPos == 20 - cl.bottom / ih, si.nPos);
    S(g_lb, LB_SETTOPINDEX, 0, 0);
    CHECK("lb-insert", S(g_lb, LB_INSERTSTRING, 0, (LPARAM)L"zz-first") == 0 && S(g_lb, LB_GETCURSEL, 0, 0) == 6, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-insert-bad", S(g_lb, LB_INSERTSTRING, 30, (LPARAM)L"x") == LB_ERR, 0);
    CHECK("lb-delete", S(g_lb, LB_DELETESTRING, 0, 0) == 20 && S(g_lb, LB_GETCURSEL, 0, 0) == 5, S(g_lb, LB_GETCURSEL, 0, 0));
    CHECK("lb-delete-bad", S(g_lb, LB_DELETESTRING, 20, 0) == LB_ERR, 0);
    S(g_lb, LB_SETCURSEL, 0, 0);

    /* LISTBOX 101: multiple selection. */
    for (i = 0; i < 6; i++) S(g_multi, LB_ADDSTRING, 0, (LPARAM)NAMES[i]);
    CHECK("multi-caret-first-item", S(g_multi, LB_GETCARETINDEX, 0, 0) == 0, S(g_multi, LB_GETCARETINDEX, 0, 0));
    CHECK("multi-setcursel-fails", S(g_multi, LB_SETCURSEL, 1, 0) == LB_ERR, 0);
    CHECK("multi-setsel", S(g_multi, LB_SETSEL, 1, 1) == 0 && S(g_multi, LB_SETSEL, 1, 3) == 0 && S(g_multi, LB_GETSELCOUNT, 0, 0) == 2, S(g_multi, LB_GETSELCOUNT, 0, 0));
    int items[8];
    CHECK("multi-getselitems", S(g_multi, LB_GETSELITEMS, 8, (LPARAM)items) == 2 && items[0] == 1 && items[1] == 3, items[0]);
    CHECK("multi-selitemrange", S(g_multi, LB_SELITEMRANGE, 0, (3 << 16) | 1) == 0 && S(g_multi, LB_GETSELCOUNT, 0, 0) == 0, S(g_multi, LB_GETSELCOUNT, 0, 0));
    CHECK("multi-setsel-all", S(g_multi, LB_SETSEL, 1, (LPARAM)-1) == 0 && S(g_multi, LB_GETSELCOUNT, 0, 0) == 6, S(g_multi, LB_GETSELCOUNT, 0, 0));
    S(g_multi, LB_SETSEL, 0, (LPARAM)-1);

    /* LISTBOX 105: LBS_DISABLENOSCROLL keeps a disabled bar while everything fits. */
    S(g_dis, LB_ADDSTRING, 0, (LPARAM)L"one");
    S(g_dis, LB_ADDSTRING, 0, (LPARAM)L"two");
    CHECK("setitemheight", S(g_dis, LB_SETITEMHEIGHT, 0, 20) == 0 && S(g_dis, LB_GETITEMHEIGHT, 0, 0) == 20 && S(g_dis, LB_SETITEMHEIGHT, 0, 300) == LB_ERR, S(g_dis, LB_GETITEMHEIGHT, 0, 0));
    S(g_dis, LB_SETITEMHEIGHT, 0, ih);
    /* An owner-draw LBS_SORT list without strings: the parent orders the items (WM_COMPAREITEM). */
    HWND ods = CreateWindowExW(0, L"LISTBOX", L"", WS_CHILD | LBS_OWNERDRAWFIXED | LBS_SORT, 0, 0, 50, 50, g_main, (HMENU)106, hInstance, NULL);
    S(ods, LB_ADDSTRING, 0, 30);
    S(ods, LB_ADDSTRING, 0, 10);
    S(ods, LB_ADDSTRING, 0, 20);
    CHECK("compareitem-sorts", g_compares > 0 && S(ods, LB_GETITEMDATA, 0, 0) == 10 && S(ods, LB_GETITEMDATA, 1, 0) == 20 && S(ods, LB_GETITEMDATA, 2, 0) == 30,
          S(ods, LB_GETITEMDATA, 0, 0));
    DestroyWindow(ods);
    CHECK("disablenoscroll-bar-kept", (GetWindowLongW(g_dis, GWL_STYLE) & WS_VSCROLL) != 0, GetWindowLongW(g_dis, GWL_STYLE));

    /* LISTBOX 102: owner-draw without strings (items are their data). */
    CHECK("od-itemheight", S(g_od, LB_GETITEMHEIGHT, 0, 0) == 20, S(g_od, LB_GETITEMHEIGHT, 0, 0));
    for (i = 0; i < 3; i++) S(g_od, LB_ADDSTRING, 0, 100 + i);
    CHECK("od-data", S(g_od, LB_GETITEMDATA, 1, 0) == 101 && S(g_od, LB_FINDSTRING, (WPARAM)-1, 102) == 2, S(g_od, LB_GETITEMDATA, 1, 0));
    CHECK("od-gettext-is-data", S(g_od, LB_GETTEXT, 2, (LPARAM)items) == 4 && items[0] == 102, items[0]);
    CHECK("od-reset", S(g_od, LB_RESETCONTENT, 0, 0) == 0 && S(g_od, LB_GETCOUNT, 0, 0) == 0, 0); /* three "delete 102 ..." lines, last item first */
    for (i = 0; i < 4; i++) S(g_od, LB_ADDSTRING, 0, 200 + i);
    S(g_od, LB_SETCURSEL, 1, 0);

    /* SCROLLBAR 103: a control's range starts empty. */
    int mn = 5, mx = 5;
    S(g_sb, SBM_GETRANGE, (WPARAM)&mn, (LPARAM)&mx);
    CHECK("sb-default-range", mn == 0 && mx == 0, mx);
    S(g_sb, SBM_SETRANGE, 0, 20);
    CHECK("sb-setpos", S(g_sb, SBM_SETPOS, 25, TRUE) == 0 && S(g_sb, SBM_GETPOS, 0, 0) == 20, S(g_sb, SBM_GETPOS, 0, 0));
    CHECK("sb-setscrollinfo", SetScrollInfo(g_sb, SB_CTL, &(SCROLLINFO){sizeof(SCROLLINFO), SIF_PAGE | SIF_POS, 0, 0, 5, 3, 0}, TRUE) == 3, 0);
    si.fMask = SIF_ALL;
    CHECK("sb-getscrollinfo", S(g_sb, SBM_GETSCROLLINFO, 0, (LPARAM)&si) && si.nMax == 20 && si.nPage == 5 && si.nPos == 3, si.nPos);
    CHECK("sb-ctl-on-other-window", !GetScrollInfo(g_lb, SB_CTL, &si), 0);

    /* COMBOBOX 104: a drop-down list. */
    for (i = 0; i < 5; i++) S(g_cb, CB_ADDSTRING, 0, (LPARAM)NAMES[i]);
    CHECK("cb-count", S(g_cb, CB_GETCOUNT, 0, 0) == 5 && S(g_cb, CB_GETCURSEL, 0, 0) == CB_ERR, S(g_cb, CB_GETCOUNT, 0, 0));
    CHECK("cb-setcursel", S(g_cb, CB_SETCURSEL, 4, 0) == 4 && S(g_cb, CB_GETLBTEXT, 4, (LPARAM)buf) == 6 && same(buf, L"Cherry"), S(g_cb, CB_GETCURSEL, 0, 0));
    CHECK("cb-gettext", GetWindowTextW(g_cb, buf, 64) == 6 && same(buf, L"Cherry") && S(g_cb, WM_GETTEXTLENGTH, 0, 0) == 6, buf[0]);
    CHECK("cb-findexact", S(g_cb, CB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"KIWI") == 0, S(g_cb, CB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)L"KIWI"));
    RECT cr;
    GetWindowRect(g_cb, &cr);
    printf("combo height %d\n", (int)(cr.bottom - cr.top));
    CHECK("cb-dropdown", S(g_cb, CB_SHOWDROPDOWN, TRUE, 0) && S(g_cb, CB_GETDROPPEDSTATE, 0, 0) == 1, 0);
    CHECK("cb-closeup", S(g_cb, CB_SHOWDROPDOWN, FALSE, 0) && S(g_cb, CB_GETDROPPEDSTATE, 0, 0) == 0, 0);

    ShowWindow(g_main, SW_SHOW);
    UpdateWindow(g_main);
    printf("ready\n");
    MSG msg;
    while (GetMessageW(&msg, NULL, 0, 0)) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    printf("lists: %d failures\n", g_fail);
    return g_fail;
}
