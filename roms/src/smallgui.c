/* smallgui.c — GUI calls the corpus imports (issues 12 and 14): TranslateCharsetInfo (charset, code
 * page, font signature, unknown values, bad flag); SHLoadIndirectString ("@dll,-id" from testdll.dll,
 * plain copy in place, truncation, missing comma, missing file, missing id, NULL); ImmLockIMC /
 * ImmUnlockIMC / ImmLockIMCC / ImmUnlockIMCC on a context with no IME (INPUTCONTEXT fields, blank
 * components, lock counts, write-back, bad handles); GetIconInfo (made colour icon read back pixel by
 * pixel, monochrome icon, cursor hot spot, system icon, bad handle); EM_SETWORDBREAKPROC /
 * EM_GETWORDBREAKPROC: the guest's procedure asked for Ctrl+RIGHT/LEFT word moves (Shift extends) and
 * the double click, its arguments recorded, its answer clamped, the default restored; line ends.
 * Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures (test/gwes/smallgui.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <imm.h>
#include <winedit.h>
#include <stdio.h>
#include <string.h>

typedef struct { DWORD fsUsb[4]; DWORD fsCsb[2]; } FONTSIGNATURE;
typedef struct { UINT ciCharset; UINT ciACP; FONTSIGNATURE fs; } CHARSETINFO;
WINBASEAPI BOOL WINAPI TranslateCharsetInfo(DWORD *src, CHARSETINFO *cs, DWORD flags);
#define TCI_SRCCHARSET 1
#define TCI_SRCCODEPAGE 2
#define TCI_SRCFONTSIG 3

WINBASEAPI LONG WINAPI SHLoadIndirectString(const WCHAR *src, WCHAR *out, UINT cch, void **reserved);
#define E_FAIL_ ((LONG)0x80004005)
#define E_INVALIDARG_ ((LONG)0x80070057)

WINBASEAPI void *WINAPI ImmLockIMC(HIMC h);
WINBASEAPI BOOL WINAPI ImmUnlockIMC(HIMC h);
WINBASEAPI void *WINAPI ImmLockIMCC(HANDLE h);
WINBASEAPI BOOL WINAPI ImmUnlockIMCC(HANDLE h);
typedef struct {
    HWND hWnd; BOOL fOpen; POINT ptStatusWndPos, ptSoftKbdPos; DWORD fdwConversion, fdwSentence;
    BYTE lfFont[92]; COMPOSITIONFORM cfCompForm; CANDIDATEFORM cfCandForm[4];
    HANDLE hCompStr, hCandInfo, hGuideLine, hPrivate; DWORD dwNumMsgBuf; HANDLE hMsgBuf; DWORD fdwInit; DWORD dwReserve[3];
} INPUTCONTEXT;

typedef struct { BOOL fIcon; DWORD xHotspot, yHotspot; HBITMAP hbmMask, hbmColor; } ICONINFO;
WINBASEAPI HICON WINAPI CreateIconIndirect(ICONINFO *ii);
WINBASEAPI BOOL WINAPI GetIconInfo(HICON h, ICONINFO *ii);
WINBASEAPI BOOL WINAPI DestroyIcon(HICON h);
WINBASEAPI HBITMAP WINAPI CreateBitmap(int w, int h, UINT planes, UINT bpp, const void *bits);
WINBASEAPI HICON WINAPI LoadIconW(HINSTANCE inst, const WCHAR *name);
typedef struct { LONG bmType, bmWidth, bmHeight, bmWidthBytes; WORD bmPlanes, bmBitsPixel; void *bmBits; } BITMAP_;
WINBASEAPI int WINAPI GetObjectW(HGDIOBJ h, int n, void *out);

#define ERROR_INVALID_PARAMETER_ 87
#define ERROR_INVALID_HANDLE_ 6
#define ERROR_NOT_LOCKED_ 158
#define ERROR_INVALID_CURSOR_HANDLE_ 1402

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%ld\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))

static int wsame(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static int one_bit(const CHARSETINFO *c, int bit)
{
    return c->fs.fsUsb[0] == 0 && c->fs.fsUsb[1] == 0 && c->fs.fsUsb[2] == 0 && c->fs.fsUsb[3] == 0 && c->fs.fsCsb[0] == (1u << bit) && c->fs.fsCsb[1] == 0;
}

static void test_charset(void)
{
    CHARSETINFO c;
    memset(&c, 0xcc, sizeof c);
    BOOL r = TranslateCharsetInfo((DWORD *)204, &c, TCI_SRCCHARSET);
    CHECK("tci-charset-russian", r && c.ciCharset == 204 && c.ciACP == 1251 && one_bit(&c, 2), c.ciACP);
    memset(&c, 0xcc, sizeof c);
    r = TranslateCharsetInfo((DWORD *)0, &c, TCI_SRCCHARSET);
    CHECK("tci-charset-ansi", r && c.ciCharset == 0 && c.ciACP == 1252 && one_bit(&c, 0), c.ciACP);
    memset(&c, 0xcc, sizeof c);
    r = TranslateCharsetInfo((DWORD *)932, &c, TCI_SRCCODEPAGE);
    CHECK("tci-codepage-932", r && c.ciCharset == 128 && c.ciACP == 932 && one_bit(&c, 17), c.ciCharset);
    DWORD sig[2] = {(1u << 4) | (1u << 7), 0};
    memset(&c, 0xcc, sizeof c);
    r = TranslateCharsetInfo(sig, &c, TCI_SRCFONTSIG);
    CHECK("tci-fontsig-lowest-bit", r && c.ciCharset == 162 && c.ciACP == 1254 && one_bit(&c, 4), c.ciCharset);
    DWORD sym[2] = {0x80000000u, 0};
    r = TranslateCharsetInfo(sym, &c, TCI_SRCFONTSIG);
    CHECK("tci-fontsig-symbol", r && c.ciCharset == 2 && c.ciACP == 42 && one_bit(&c, 31), c.ciCharset);
    DWORD reserved[2] = {1u << 10, 0};
    SetLastError(0);
    CHECK("tci-fontsig-reserved-bit", !TranslateCharsetInfo(reserved, &c, TCI_SRCFONTSIG) && GetLastError() == ERROR_INVALID_PARAMETER_, GetLastError());
    DWORD none[2] = {0, 0};
    CHECK("tci-fontsig-no-bit", !TranslateCharsetInfo(none, &c, TCI_SRCFONTSIG), 1);
    SetLastError(0);
    CHECK("tci-unknown-charset", !TranslateCharsetInfo((DWORD *)99, &c, TCI_SRCCHARSET) && GetLastError() == ERROR_INVALID_PARAMETER_, GetLastError());
    CHECK("tci-unknown-codepage", !TranslateCharsetInfo((DWORD *)437, &c, TCI_SRCCODEPAGE), 1);
    CHECK("tci-bad-flag", !TranslateCharsetInfo((DWORD *)0, &c, 0x1000), 1);
    CHECK("tci-null-out", !TranslateCharsetInfo((DWORD *)0, NULL, TCI_SRCCHARSET), 1);
}

static void test_indirect(void)
{
    WCHAR buf[64];
    LONG hr = SHLoadIndirectString(L"@testdll.dll,-17", buf, 64, NULL);
    CHECK("indirect-dll-string", hr == 0 && wsame(buf, L"seventeen"), hr);
    hr = SHLoadIndirectString(L"@\\testdll.dll,-1;v2", buf, 64, NULL);
    CHECK("indirect-version-suffix", hr == 0 && wsame(buf, L"testdll string one"), hr);
    hr = SHLoadIndirectString(L"@testdll.dll,-1", buf, 8, NULL);
    CHECK("indirect-truncated", hr == 0 && wsame(buf, L"testdll"), hr);
    WCHAR same[16] = L"plain text";
    hr = SHLoadIndirectString(same, same, 16, NULL);
    CHECK("indirect-plain-in-place", hr == 0 && wsame(same, L"plain text"), hr);
    hr = SHLoadIndirectString(L"plain text", buf, 6, NULL);
    CHECK("indirect-plain-truncated", hr == 0 && wsame(buf, L"plain"), hr);
    buf[0] = 'x';
    hr = SHLoadIndirectString(L"@testdll.dll", buf, 64, NULL);
    CHECK("indirect-no-comma", hr == E_FAIL_ && buf[0] == 0, hr);
    buf[0] = 'x';
    hr = SHLoadIndirectString(L"@nosuch.dll,-1", buf, 64, NULL);
    CHECK("indirect-no-file", hr == E_FAIL_ && buf[0] == 0, hr);
    hr = SHLoadIndirectString(L"@testdll.dll,-5", buf, 64, NULL);
    CHECK("indirect-no-string", hr == E_FAIL_ && buf[0] == 0, hr);
    CHECK("indirect-null", SHLoadIndirectString(NULL, buf, 64, NULL) == E_INVALIDARG_ && SHLoadIndirectString(L"x", NULL, 64, NULL) == E_INVALIDARG_, 1);
}

static void test_imm(void)
{
    HIMC imc = ImmCreateContext();
    COMPOSITIONFORM cf = {CFS_POINT, {3, 4}, {0, 0, 0, 0}};
    ImmSetCompositionWindow(imc, &cf);
    ImmSetConversionStatus(imc, 9, 8);
    INPUTCONTEXT *ic = ImmLockIMC(imc);
    CHECK("imc-lock", ic != NULL, 0);
    if (!ic) return;
    CHECK("imc-fields", ic->hWnd == NULL && !ic->fOpen && ic->fdwConversion == 9 && ic->fdwSentence == 8 && ic->dwNumMsgBuf == 0, ic->fdwConversion);
    CHECK("imc-compform", ic->cfCompForm.dwStyle == CFS_POINT && ic->cfCompForm.ptCurrentPos.x == 3 && ic->cfCompForm.ptCurrentPos.y == 4 && (ic->fdwInit & 0x18) == 0x10, ic->fdwInit);
    CHECK("imc-lock-again-same", ImmLockIMC(imc) == ic, 0);
    DWORD *cs = ImmLockIMCC(ic->hCompStr);
    CHECK("imcc-compstr-blank", cs && cs[0] == 100 && cs[11] == 0 && cs[21] == 0, cs ? cs[0] : 0);
    DWORD *ci = ImmLockIMCC(ic->hCandInfo);
    CHECK("imcc-candinfo-blank", ci && ci[0] == 144 && ci[1] == 0, ci ? ci[0] : 0);
    DWORD *gl = ImmLockIMCC(ic->hGuideLine);
    CHECK("imcc-guideline-blank", gl && gl[0] == 28 && gl[1] == 0, gl ? gl[0] : 0);
    CHECK("imcc-private", ImmLockIMCC(ic->hPrivate) != NULL && ImmUnlockIMCC(ic->hPrivate) == FALSE, 1);
    CHECK("imcc-msgbuf-empty", ImmLockIMCC(ic->hMsgBuf) == NULL, 1);
    CHECK("imcc-lock-twice", ImmLockIMCC(ic->hCompStr) == cs, 1);
    SetLastError(77);
    BOOL still = ImmUnlockIMCC(ic->hCompStr);
    CHECK("imcc-unlock-still-locked", still == TRUE, still);
    SetLastError(77);
    BOOL last = ImmUnlockIMCC(ic->hCompStr);
    CHECK("imcc-unlock-last", last == FALSE && GetLastError() == 0, GetLastError());
    SetLastError(0);
    CHECK("imcc-unlock-not-locked", ImmUnlockIMCC(ic->hCompStr) == FALSE && GetLastError() == ERROR_NOT_LOCKED_, GetLastError());
    ImmUnlockIMCC(ic->hCandInfo);
    ImmUnlockIMCC(ic->hGuideLine);
    /* An IME-style change through the structure, read back after the last unlock. */
    ic->fOpen = TRUE;
    ic->fdwConversion = 1;
    CHECK("imc-unlock-1", ImmUnlockIMC(imc) == TRUE && ImmGetOpenStatus(imc) == FALSE, 1);
    CHECK("imc-unlock-2", ImmUnlockIMC(imc) == TRUE, 1);
    DWORD conv = 0, sent = 0;
    ImmGetConversionStatus(imc, &conv, &sent);
    CHECK("imc-written-back", ImmGetOpenStatus(imc) == TRUE && conv == 1 && sent == 8, conv);
    CHECK("imc-unlock-unlocked", ImmUnlockIMC(imc) == TRUE, 1);
    HANDLE comp = ic->hCompStr;
    SetLastError(0);
    CHECK("imc-lock-bad", ImmLockIMC((HIMC)0x1234) == NULL && GetLastError() == ERROR_INVALID_HANDLE_, GetLastError());
    CHECK("imc-unlock-bad", ImmUnlockIMC((HIMC)0x1234) == FALSE, 1);
    ImmDestroyContext(imc);
    SetLastError(0);
    CHECK("imcc-destroyed", ImmLockIMCC(comp) == NULL && GetLastError() == ERROR_INVALID_HANDLE_ && ImmUnlockIMCC(comp) == FALSE, GetLastError());
}

static COLORREF pixel_of(HBITMAP b, int x, int y)
{
    HDC dc = CreateCompatibleDC(NULL);
    HGDIOBJ old = SelectObject(dc, b);
    COLORREF c = GetPixel(dc, x, y);
    SelectObject(dc, old);
    DeleteDC(dc);
    return c;
}

static void test_iconinfo(void)
{
    /* A 4x4 colour icon: red left half, blue right half; mask: top two rows transparent. */
    HDC screen = GetDC(NULL);
    HBITMAP color = CreateCompatibleBitmap(screen, 4, 4);
    ReleaseDC(NULL, screen);
    HDC dc = CreateCompatibleDC(NULL);
    HGDIOBJ old = SelectObject(dc, color);
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++) SetPixel(dc, x, y, x < 2 ? RGB(255, 0, 0) : RGB(0, 0, 255));
    SelectObject(dc, old);
    DeleteDC(dc);
    static const BYTE maskBits[8] = {0xf0, 0, 0xf0, 0, 0, 0, 0, 0};
    HBITMAP mask = CreateBitmap(4, 4, 1, 1, maskBits);
    ICONINFO in = {TRUE, 0, 0, mask, color};
    HICON icon = CreateIconIndirect(&in);
    DeleteObject(color);
    DeleteObject(mask);
    ICONINFO out;
    memset(&out, 0xcc, sizeof out);
    CHECK("iconinfo-ok", GetIconInfo(icon, &out), 0);
    CHECK("iconinfo-icon-hotspot", out.fIcon == TRUE && out.xHotspot == 2 && out.yHotspot == 2, out.xHotspot);
    CHECK("iconinfo-new-bitmaps", out.hbmColor != NULL && out.hbmMask != NULL && out.hbmColor != color, 0);
    BITMAP_ bm;
    GetObjectW(out.hbmMask, sizeof bm, &bm);
    CHECK("iconinfo-mask-1bpp", bm.bmWidth == 4 && bm.bmHeight == 4 && bm.bmBitsPixel == 1, bm.bmBitsPixel);
    CHECK("iconinfo-color-pixels", pixel_of(out.hbmColor, 0, 3) == RGB(255, 0, 0) && pixel_of(out.hbmColor, 3, 0) == RGB(0, 0, 255), pixel_of(out.hbmColor, 0, 3));
    CHECK("iconinfo-mask-pixels", pixel_of(out.hbmMask, 0, 0) == RGB(255, 255, 255) && pixel_of(out.hbmMask, 0, 3) == 0, pixel_of(out.hbmMask, 0, 3));
    ICONINFO again;
    GetIconInfo(icon, &again);
    CHECK("iconinfo-copies-each-call", again.hbmColor != out.hbmColor && again.hbmMask != out.hbmMask, 0);
    CHECK("iconinfo-caller-deletes", DeleteObject(out.hbmColor) && DeleteObject(out.hbmMask) && DeleteObject(again.hbmColor) && DeleteObject(again.hbmMask), 0);
    DestroyIcon(icon);

    /* Monochrome: NULL hbmColor, the mask twice the height (AND over XOR). */
    static const BYTE mono[16] = {0xf0, 0, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0xc0, 0};
    HBITMAP monoBmp = CreateBitmap(4, 8, 1, 1, mono);
    ICONINFO mi = {FALSE, 1, 3, monoBmp, NULL};
    HICON cursor = CreateIconIndirect(&mi);
    DeleteObject(monoBmp);
    CHECK("iconinfo-mono", GetIconInfo(cursor, &out) && out.hbmColor == NULL && out.fIcon == FALSE && out.xHotspot == 1 && out.yHotspot == 3, out.yHotspot);
    GetObjectW(out.hbmMask, sizeof bm, &bm);
    CHECK("iconinfo-mono-double-height", bm.bmHeight == 8 && bm.bmWidth == 4, bm.bmHeight);
    CHECK("iconinfo-mono-xor-half", pixel_of(out.hbmMask, 0, 6) == RGB(255, 255, 255) && pixel_of(out.hbmMask, 3, 6) == 0 && pixel_of(out.hbmMask, 0, 0) == RGB(255, 255, 255), pixel_of(out.hbmMask, 0, 6));
    DeleteObject(out.hbmMask);
    DestroyIcon(cursor);

    HICON sys = LoadIconW(NULL, (const WCHAR *)32512);
    CHECK("iconinfo-system-icon", GetIconInfo(sys, &out) && out.fIcon && out.hbmMask != NULL, 0);
    SetLastError(0);
    CHECK("iconinfo-bad-handle", !GetIconInfo((HICON)0x4321, &out) && GetLastError() == ERROR_INVALID_CURSOR_HANDLE_, GetLastError());
    CHECK("iconinfo-destroyed", !GetIconInfo(icon, &out), 1);
}

#define WM_LBUTTONDBLCLK_ 0x0203
#define WM_KEYUP 0x0101
#define WS_POPUP 0x80000000
#define EM_SETWORDBREAKPROC_ 0x00D0
#define EM_GETWORDBREAKPROC_ 0x00D1
#define VK_SHIFT_ 0x10
#define VK_CONTROL_ 0x11
#define VK_LEFT_ 0x25
#define VK_RIGHT_ 0x27

/* The guest's word-break procedure: words end after a comma. Records its calls. */
static struct { int n, ich, cch, code, textOk; } g_wb;
static int g_wbAnswer = -1;
static int CALLBACK CommaBreak(WCHAR *lpch, int ich, int cch, int code)
{
    g_wb.n++;
    g_wb.ich = ich;
    g_wb.cch = cch;
    g_wb.code = code;
    g_wb.textOk = lpch[cch] == 0 && wsame(lpch, L"ab,cd,ef gh");
    if (g_wbAnswer >= 0) return g_wbAnswer;
    if (code == 1) {
        for (int i = ich; i < cch; i++)
            if (i > 0 && lpch[i - 1] == ',') return i;
        return cch;
    }
    for (int i = ich - 1; i > 0; i--)
        if (lpch[i - 1] == ',') return i;
    return 0;
}

static void pump(void)
{
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
}

/* Ctrl (+Shift) + an arrow key posted to the control and taken from the queue (GetKeyState's table). */
static void ctrl_key(HWND e, UINT vk, int shift)
{
    if (shift) PostMessageW(e, WM_KEYDOWN, VK_SHIFT_, 1);
    PostMessageW(e, WM_KEYDOWN, VK_CONTROL_, 1);
    PostMessageW(e, WM_KEYDOWN, vk, 1);
    PostMessageW(e, WM_KEYUP, vk, 0xC0000001);
    PostMessageW(e, WM_KEYUP, VK_CONTROL_, 0xC0000001);
    if (shift) PostMessageW(e, WM_KEYUP, VK_SHIFT_, 0xC0000001);
    pump();
}

static DWORD sel(HWND e) { return (DWORD)SendMessageW(e, EM_GETSEL, 0, 0); }
#define SEL(a, b) ((DWORD)(a) | ((DWORD)(b) << 16))

static void test_wordbreak(HWND parent, HINSTANCE inst)
{
    HWND e = CreateWindowExW(0, L"EDIT", L"ab,cd,ef gh", WS_CHILD | WS_VISIBLE | WS_BORDER | ES_AUTOHSCROLL, 5, 5, 150, 20, parent, (HMENU)10, inst, NULL);
    SetFocus(e);
    CHECK("wb-default-null", SendMessageW(e, EM_GETWORDBREAKPROC_, 0, 0) == 0, SendMessageW(e, EM_GETWORDBREAKPROC_, 0, 0));
    CHECK("wb-set-returns-0", SendMessageW(e, EM_SETWORDBREAKPROC_, 0, (LPARAM)CommaBreak) == 0, 1);
    CHECK("wb-get", SendMessageW(e, EM_GETWORDBREAKPROC_, 0, 0) == (LRESULT)CommaBreak, SendMessageW(e, EM_GETWORDBREAKPROC_, 0, 0));
    SendMessageW(e, EM_SETSEL, 0, 0);
    ctrl_key(e, VK_RIGHT_, 0);
    CHECK("wb-right-moves", sel(e) == SEL(3, 3), sel(e));
    CHECK("wb-right-args", g_wb.n == 1 && g_wb.code == 1 && g_wb.ich == 1 && g_wb.cch == 11 && g_wb.textOk, g_wb.ich);
    ctrl_key(e, VK_RIGHT_, 0);
    CHECK("wb-right-again", sel(e) == SEL(6, 6) && g_wb.ich == 4, sel(e));
    ctrl_key(e, VK_LEFT_, 0);
    CHECK("wb-left", sel(e) == SEL(3, 3) && g_wb.code == 0 && g_wb.ich == 6, sel(e));
    ctrl_key(e, VK_RIGHT_, 1);
    CHECK("wb-shift-extends", sel(e) == SEL(3, 6), sel(e));
    SendMessageW(e, EM_SETSEL, 7, 7);
    int before = g_wb.n;
    SendMessageW(e, WM_LBUTTONDBLCLK_, 0, 0);
    SendMessageW(e, WM_LBUTTONUP, 0, 0);
    CHECK("wb-dblclick-selects", sel(e) == SEL(6, 11) && g_wb.n == before + 2 && g_wb.ich == 7, sel(e));
    SendMessageW(e, EM_SETSEL, 0, 0);
    g_wbAnswer = 500;
    ctrl_key(e, VK_RIGHT_, 0);
    CHECK("wb-answer-clamped", sel(e) == SEL(11, 11), sel(e));
    g_wbAnswer = -1;
    before = g_wb.n;
    ctrl_key(e, VK_RIGHT_, 0);
    CHECK("wb-line-end-no-call", sel(e) == SEL(11, 11) && g_wb.n == before, g_wb.n);
    SendMessageW(e, EM_SETWORDBREAKPROC_, 0, 0);
    CHECK("wb-reset", SendMessageW(e, EM_GETWORDBREAKPROC_, 0, 0) == 0, 1);
    SendMessageW(e, EM_SETSEL, 0, 0);
    before = g_wb.n;
    ctrl_key(e, VK_RIGHT_, 0);
    CHECK("wb-default-spaces", sel(e) == SEL(9, 9) && g_wb.n == before, sel(e));
    DestroyWindow(e);

    HWND m = CreateWindowExW(0, L"EDIT", L"ab\r\ncd", WS_CHILD | WS_VISIBLE | ES_MULTILINE, 5, 30, 150, 60, parent, (HMENU)11, inst, NULL);
    SetFocus(m);
    SendMessageW(m, EM_SETWORDBREAKPROC_, 0, (LPARAM)CommaBreak);
    SendMessageW(m, EM_SETSEL, 2, 2);
    before = g_wb.n;
    ctrl_key(m, VK_RIGHT_, 0);
    CHECK("wb-multiline-next-line", sel(m) == SEL(4, 4) && g_wb.n == before, sel(m));
    ctrl_key(m, VK_LEFT_, 0);
    CHECK("wb-multiline-line-before", sel(m) == SEL(2, 2) && g_wb.n == before, sel(m));
    DestroyWindow(m);
}

static LRESULT CALLBACK MainProc(HWND h, UINT m, WPARAM w, LPARAM l) { return DefWindowProcW(h, m, w, l); }

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    test_charset();
    test_indirect();
    test_imm();
    test_iconinfo();
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = MainProc;
    wc.hInstance = inst;
    wc.lpszClassName = L"SgMain";
    RegisterClassW(&wc);
    HWND w = CreateWindowExW(0, L"SgMain", L"smallgui", WS_POPUP | WS_VISIBLE, 20, 60, 200, 150, NULL, NULL, inst, NULL);
    pump();
    test_wordbreak(w, inst);
    DestroyWindow(w);
    printf("failures %d\n", g_fail);
    return g_fail;
}
