/* resimg.c — conformance of what the corpus's GUI programs call before their first window (issue 12):
 * GetClassInfoW; icons, cursors, bitmaps and accelerator tables from the module's resources
 * (resimg.rc: ICON 1 = a 16x16 4 bpp and a 32x32 8 bpp image, CURSOR 2 = 32x32 1 bpp with hot spot
 * (5,7), BITMAP 3 = 4x3 24 bpp, ACCELERATORS 4); system icons/cursors; DestroyIcon; SetCursor;
 * TranslateAcceleratorW; CreateDIBPatternBrushPt; the rectangle helpers; ChangeDisplaySettingsEx /
 * EnumDisplaySettings; the kernel services (LoadKernelLibrary, RegisterAFSName, CreateAPIHandle, CeLog,
 * CeFsIoControlW); then non-GUI functions several corpus binaries import: CryptoAPI contexts, random
 * and hashes (expected digests from Python's hashlib), A_SHA*, the serial functions on a non-serial
 * handle, GetProcessVersion, MatchesWildcardMask, global atoms, cache flushes, Read/WriteProcessMemory, CeGetCanonicalPathNameW, file change
 * notifications, RAS phone-book entries, GetNumberFormatW. Error paths included. Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <wingdi.h>
#include <ce_files.h>

typedef HANDLE HACCEL;
typedef unsigned short USHORT;
#define WM_COMMAND 0x0111
typedef struct {
    DWORD biSize; LONG biWidth, biHeight; WORD biPlanes, biBitCount;
    DWORD biCompression, biSizeImage; LONG biXPelsPerMeter, biYPelsPerMeter; DWORD biClrUsed, biClrImportant;
} BITMAPINFOHEADER;
typedef struct { LONG bmType, bmWidth, bmHeight, bmWidthBytes; WORD bmPlanes, bmBitsPixel; void *bmBits; } BITMAP;
typedef struct { BYTE fVirt; WORD key; WORD cmd; } ACCEL;
typedef struct {
    WCHAR dmDeviceName[32];
    WORD dmSpecVersion, dmDriverVersion, dmSize, dmDriverExtra;
    DWORD dmFields;
    short dmOrientation, dmPaperSize, dmPaperLength, dmPaperWidth, dmScale, dmCopies, dmDefaultSource, dmPrintQuality;
    short dmColor, dmDuplex, dmYResolution, dmTTOption, dmCollate;
    WCHAR dmFormName[32];
    WORD dmLogPixels;
    DWORD dmBitsPerPel, dmPelsWidth, dmPelsHeight, dmDisplayFlags, dmDisplayFrequency, dmDisplayOrientation;
} DEVMODEW;

WINBASEAPI BOOL WINAPI GetClassInfoW(HINSTANCE h, LPCWSTR name, WNDCLASSW *wc);
WINBASEAPI HICON WINAPI LoadIconW(HINSTANCE h, LPCWSTR name);
WINBASEAPI HCURSOR WINAPI LoadCursorW(HINSTANCE h, LPCWSTR name);
WINBASEAPI HBITMAP WINAPI LoadBitmapW(HINSTANCE h, LPCWSTR name);
WINBASEAPI HANDLE WINAPI LoadImageW(HINSTANCE h, LPCWSTR name, UINT type, int cx, int cy, UINT flags);
WINBASEAPI BOOL WINAPI DestroyIcon(HICON h);
WINBASEAPI BOOL WINAPI DestroyCursor(HCURSOR h);
WINBASEAPI HCURSOR WINAPI SetCursor(HCURSOR h);
WINBASEAPI HCURSOR WINAPI GetCursor(void);
WINBASEAPI HACCEL WINAPI LoadAcceleratorsW(HINSTANCE h, LPCWSTR name);
WINBASEAPI HACCEL WINAPI CreateAcceleratorTableW(ACCEL *a, int n);
WINBASEAPI BOOL WINAPI DestroyAcceleratorTable(HACCEL h);
WINBASEAPI int WINAPI TranslateAcceleratorW(HWND w, HACCEL h, MSG *m);
WINBASEAPI HBRUSH WINAPI CreateDIBPatternBrushPt(const void *dib, UINT usage);
WINBASEAPI int WINAPI GetObjectW(HGDIOBJ h, int n, void *out);
WINBASEAPI BOOL WINAPI DeleteObject(HGDIOBJ h);
WINBASEAPI BOOL WINAPI DeleteDC(HDC h);
WINBASEAPI BOOL WINAPI SetRect(RECT *r, int l, int t, int rr, int b);
WINBASEAPI BOOL WINAPI SetRectEmpty(RECT *r);
WINBASEAPI BOOL WINAPI CopyRect(RECT *d, const RECT *s);
WINBASEAPI BOOL WINAPI InflateRect(RECT *r, int dx, int dy);
WINBASEAPI BOOL WINAPI OffsetRect(RECT *r, int dx, int dy);
WINBASEAPI BOOL WINAPI IntersectRect(RECT *d, const RECT *a, const RECT *b);
WINBASEAPI BOOL WINAPI UnionRect(RECT *d, const RECT *a, const RECT *b);
WINBASEAPI BOOL WINAPI SubtractRect(RECT *d, const RECT *a, const RECT *b);
WINBASEAPI BOOL WINAPI EqualRect(const RECT *a, const RECT *b);
WINBASEAPI BOOL WINAPI IsRectEmpty(const RECT *r);
WINBASEAPI BOOL WINAPI PtInRect(const RECT *r, POINT p);
WINBASEAPI LONG WINAPI ChangeDisplaySettingsEx(LPCWSTR dev, DEVMODEW *dm, HWND w, DWORD flags, void *p);
WINBASEAPI BOOL WINAPI EnumDisplaySettings(LPCWSTR dev, DWORD mode, DEVMODEW *dm);
WINBASEAPI HANDLE WINAPI LoadKernelLibrary(LPCWSTR name);
WINBASEAPI int WINAPI RegisterAFSName(LPCWSTR name);
WINBASEAPI BOOL WINAPI DeregisterAFSName(int i);
WINBASEAPI BOOL WINAPI RegisterAFSEx(int i, HANDLE h, DWORD dw, DWORD version, DWORD flags);
WINBASEAPI BOOL WINAPI DeregisterAFS(int i);
WINBASEAPI HANDLE WINAPI CreateAPISet(char name[4], USHORT n, const void *const *methods, const void *sigs);
WINBASEAPI HANDLE WINAPI CreateAPIHandle(HANDLE set, void *data);
WINBASEAPI BOOL WINAPI CloseHandle(HANDLE h);
WINBASEAPI BOOL WINAPI CeFsIoControlW(LPCWSTR dir, DWORD code, void *in, DWORD nin, void *out, DWORD nout, DWORD *ret, void *ov);
WINBASEAPI BOOL WINAPI CeLogGetZones(DWORD *user, DWORD *ce, DWORD *process, DWORD *available);
WINBASEAPI void WINAPI CeLogData(BOOL ts, WORD id, void *data, WORD len, DWORD zuser, DWORD zce, WORD flag, BOOL flagged);

typedef ULONG_PTR HCRYPTPROV, HCRYPTHASH, HCRYPTKEY;
WINBASEAPI BOOL WINAPI CryptAcquireContextW(HCRYPTPROV *p, LPCWSTR container, LPCWSTR provider, DWORD type, DWORD flags);
WINBASEAPI BOOL WINAPI CryptReleaseContext(HCRYPTPROV p, DWORD flags);
WINBASEAPI BOOL WINAPI CryptGenRandom(HCRYPTPROV p, DWORD n, BYTE *buf);
WINBASEAPI BOOL WINAPI CryptCreateHash(HCRYPTPROV p, DWORD alg, HCRYPTKEY key, DWORD flags, HCRYPTHASH *h);
WINBASEAPI BOOL WINAPI CryptHashData(HCRYPTHASH h, const BYTE *data, DWORD n, DWORD flags);
WINBASEAPI BOOL WINAPI CryptGetHashParam(HCRYPTHASH h, DWORD param, BYTE *data, DWORD *len, DWORD flags);
WINBASEAPI BOOL WINAPI CryptDestroyHash(HCRYPTHASH h);
typedef struct { DWORD FinishFlag; BYTE HashVal[20]; DWORD state[5]; DWORD count[2]; BYTE buffer[64]; } A_SHA_CTX;
WINBASEAPI void WINAPI A_SHAInit(A_SHA_CTX *c);
WINBASEAPI void WINAPI A_SHAUpdate(A_SHA_CTX *c, const BYTE *data, DWORD n);
WINBASEAPI void WINAPI A_SHAFinal(A_SHA_CTX *c, BYTE *digest);
WINBASEAPI BOOL WINAPI GetCommState(HANDLE h, void *dcb);
WINBASEAPI BOOL WINAPI SetCommMask(HANDLE h, DWORD mask);
WINBASEAPI HANDLE WINAPI CreateFileW(LPCWSTR name, DWORD access, DWORD share, void *sa, DWORD disp, DWORD flags, HANDLE tmpl);
WINBASEAPI BOOL WINAPI DeleteFileW(LPCWSTR name);
WINBASEAPI DWORD WINAPI GetProcessVersion(DWORD pid);
WINBASEAPI BOOL WINAPI MatchesWildcardMask(DWORD lw, LPCWSTR w, DWORD lf, LPCWSTR f);
WINBASEAPI ATOM WINAPI GlobalAddAtomW(LPCWSTR s);
WINBASEAPI ATOM WINAPI GlobalFindAtomW(LPCWSTR s);
WINBASEAPI ATOM WINAPI GlobalDeleteAtom(ATOM a);
WINBASEAPI BOOL WINAPI FlushInstructionCache(HANDLE p, const void *base, DWORD n);
WINBASEAPI void WINAPI CacheRangeFlush(void *p, DWORD n, DWORD flags);
WINBASEAPI DWORD WINAPI CeGetCallerTrust(void);
WINBASEAPI BOOL WINAPI IsProcessDying(void);
WINBASEAPI HANDLE WINAPI FindFirstChangeNotificationW(LPCWSTR path, BOOL subtree, DWORD filter);
WINBASEAPI BOOL WINAPI FindNextChangeNotification(HANDLE h);
WINBASEAPI BOOL WINAPI FindCloseChangeNotification(HANDLE h);
WINBASEAPI BOOL WINAPI CeGetFileNotificationInfo(HANDLE h, DWORD flags, void *buf, DWORD len, DWORD *ret, DWORD *avail);
WINBASEAPI DWORD WINAPI RasGetEntryProperties(LPCWSTR pbk, LPCWSTR name, void *entry, DWORD *size, BYTE *dev, DWORD *devsize);
WINBASEAPI DWORD WINAPI RasSetEntryProperties(LPCWSTR pbk, LPCWSTR name, void *entry, DWORD size, BYTE *dev, DWORD devsize);
WINBASEAPI DWORD WINAPI RasDeleteEntry(LPCWSTR pbk, LPCWSTR name);
WINBASEAPI DWORD WINAPI RasValidateEntryName(LPCWSTR pbk, LPCWSTR name);
WINBASEAPI BOOL WINAPI ReadProcessMemory(HANDLE p, const void *base, void *buf, DWORD n, DWORD *done);
WINBASEAPI BOOL WINAPI WriteProcessMemory(HANDLE p, void *base, const void *buf, DWORD n, DWORD *done);
WINBASEAPI DWORD WINAPI CeGetCanonicalPathNameW(LPCWSTR path, LPWSTR buf, DWORD cch, DWORD reserved);
WINBASEAPI void WINAPI CompactAllHeaps(void);
typedef struct { UINT NumDigits, LeadingZero, Grouping; LPWSTR lpDecimalSep, lpThousandSep; UINT NegativeOrder; } NUMBERFMTW;
WINBASEAPI int WINAPI GetNumberFormatW(DWORD lcid, DWORD flags, LPCWSTR value, const NUMBERFMTW *fmt, LPWSTR out, int cch);
WINBASEAPI void WINAPI ProfileStart(DWORD interval, DWORD options);
WINBASEAPI void WINAPI ProfileStop(void);
WINBASEAPI void *WINAPI VirtualAlloc(void *p, DWORD n, DWORD type, DWORD prot);

#define MAKEINTRESOURCEW(i) ((LPCWSTR)(ULONG_PTR)(WORD)(i))
#define IMAGE_BITMAP 0
#define IMAGE_ICON 1
#define IMAGE_CURSOR 2

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static WNDPROC g_staticProc;
static LRESULT SuperStaticProc(HWND h, UINT m, WPARAM w, LPARAM l) { return CallWindowProcW(g_staticProc, h, m, w, l); }

static int g_cmd;
static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_COMMAND) { g_cmd = (int)w; return 0; }
    return DefWindowProcW(h, m, w, l);
}

static int rect_is(const RECT *r, int l, int t, int rr, int b) { return r->left == l && r->top == t && r->right == rr && r->bottom == b; }

static void classes(HINSTANCE hi, HICON icon, HCURSOR cur)
{
    WNDCLASSW wc = {0};
    wc.style = 3; wc.lpfnWndProc = WndProc; wc.cbClsExtra = 0; wc.cbWndExtra = 8; wc.hInstance = hi;
    wc.hIcon = icon; wc.hCursor = cur; wc.hbrBackground = (HBRUSH)(ULONG_PTR)6; wc.lpszMenuName = L"MENU"; wc.lpszClassName = L"ResImgClass";
    ATOM a = RegisterClassW(&wc);
    check(a != 0, "RegisterClassW");
    WNDCLASSW out;
    memset(&out, 0xCC, sizeof out);
    BOOL r = GetClassInfoW(hi, L"resimgclass", &out);
    check(r && out.style == 3 && out.lpfnWndProc == WndProc && out.cbWndExtra == 8 && out.hInstance == hi, "GetClassInfoW by name (case-insensitive): style, proc, extra, instance");
    check(out.hIcon == icon && out.hCursor == cur && out.hbrBackground == (HBRUSH)(ULONG_PTR)6 && out.lpszMenuName == wc.lpszMenuName, "GetClassInfoW: icon, cursor, brush, menu name");
    memset(&out, 0, sizeof out);
    check(GetClassInfoW(hi, (LPCWSTR)(ULONG_PTR)a, &out) && out.lpfnWndProc == WndProc, "GetClassInfoW by atom");
    SetLastError(0);
    check(!GetClassInfoW(hi, L"NoSuchClass", &out) && GetLastError() == 1411, "GetClassInfoW unknown class: FALSE, ERROR_CANNOT_FIND_WND_CLASS");
    /* Superclassing a built-in class before any window of it exists (nmd_ui.exe's CScreenText over
     * "Static"): its procedure is a callable address, so CallWindowProcW from the superclass's proc
     * answers WM_NCCREATE and the window is created. */
    memset(&out, 0, sizeof out);
    check(GetClassInfoW(NULL, L"Static", &out) && out.lpfnWndProc != NULL, "GetClassInfoW built-in STATIC: a window procedure before any STATIC window");
    g_staticProc = out.lpfnWndProc;
    out.lpfnWndProc = SuperStaticProc;
    out.hInstance = hi;
    out.lpszClassName = L"SuperStatic";
    check(RegisterClassW(&out) != 0, "RegisterClassW superclass of STATIC");
    HWND ss = CreateWindowExW(0, L"SuperStatic", L"super", 0, 0, 0, 40, 20, NULL, NULL, hi, NULL);
    WCHAR t[8] = {0};
    check(ss != NULL && GetWindowTextW(ss, t, 8) == 5 && t[0] == L's', "superclassed STATIC window created through CallWindowProcW, text kept");
    if (ss) DestroyWindow(ss);
}

static void icons(HINSTANCE hi)
{
    HICON a = LoadIconW(hi, MAKEINTRESOURCEW(1));
    HICON b = LoadIconW(hi, MAKEINTRESOURCEW(1));
    check(a && b && a != b, "LoadIconW from the module: a new handle each call");
    HICON s = (HICON)LoadImageW(hi, MAKEINTRESOURCEW(1), IMAGE_ICON, 16, 16, 0);
    check(s != 0, "LoadImageW IMAGE_ICON 16x16 (the group's small image)");
    SetLastError(0);
    check(LoadIconW(hi, MAKEINTRESOURCEW(77)) == 0 && GetLastError() == 1814, "LoadIconW missing icon: NULL, ERROR_RESOURCE_NAME_NOT_FOUND");
    SetLastError(0);
    check(LoadImageW(hi, MAKEINTRESOURCEW(3), IMAGE_BITMAP, 5, 5, 0) == 0 && GetLastError() == 87, "LoadImageW IMAGE_BITMAP with a size: NULL, ERROR_INVALID_PARAMETER");
    SetLastError(0);
    check(LoadImageW(hi, MAKEINTRESOURCEW(1), 7, 0, 0, 0) == 0 && GetLastError() == 87, "LoadImageW unknown type: ERROR_INVALID_PARAMETER");
    check(DestroyIcon(a) && DestroyIcon(b) && DestroyIcon(s), "DestroyIcon");
    SetLastError(0);
    check(!DestroyIcon(a) && GetLastError() == 1414, "DestroyIcon twice: FALSE, ERROR_INVALID_ICON_HANDLE");
    HICON app = LoadIconW(NULL, MAKEINTRESOURCEW(32512));
    check(app != 0 && LoadIconW(NULL, MAKEINTRESOURCEW(32512)) == app, "LoadIconW(NULL, IDI_APPLICATION): one shared handle");
    check(DestroyIcon(app) && LoadIconW(NULL, MAKEINTRESOURCEW(32512)) == app, "DestroyIcon of a shared icon: TRUE, it stays");
    SetLastError(0);
    check(LoadIconW(NULL, MAKEINTRESOURCEW(1234)) == 0 && GetLastError() == 1814, "LoadIconW(NULL, unknown id): ERROR_RESOURCE_NAME_NOT_FOUND");

    HCURSOR c = LoadCursorW(hi, MAKEINTRESOURCEW(2));
    check(c != 0, "LoadCursorW from the module");
    SetLastError(0);
    check(LoadCursorW(hi, MAKEINTRESOURCEW(1)) == 0 && GetLastError() == 1814, "LoadCursorW of an icon's ID: no such cursor");
    HCURSOR arrow = LoadCursorW(NULL, MAKEINTRESOURCEW(32512));
    check(arrow != 0, "LoadCursorW(NULL, IDC_ARROW)");
    HCURSOR old = SetCursor(c);
    check(SetCursor(arrow) == c && GetCursor() == arrow, "SetCursor returns the previous cursor, GetCursor the current");
    SetCursor(old);
    SetLastError(0);
    check(SetCursor((HCURSOR)0x1234) == 0 && GetLastError() == 1402, "SetCursor of a bad handle: NULL, ERROR_INVALID_CURSOR_HANDLE");
    check(DestroyCursor(c), "DestroyCursor");
    SetLastError(0);
    check(!DestroyCursor(c) && GetLastError() == 1402, "DestroyCursor twice: ERROR_INVALID_CURSOR_HANDLE");
}

static void bitmaps(HINSTANCE hi)
{
    HBITMAP bm = LoadBitmapW(hi, MAKEINTRESOURCEW(3));
    check(bm != 0, "LoadBitmapW");
    BITMAP info = {0};
    check(GetObjectW(bm, sizeof info, &info) == sizeof info && info.bmWidth == 4 && info.bmHeight == 3 && info.bmBitsPixel == 24, "LoadBitmapW: 4x3, 24 bpp kept");
    HDC dc = CreateCompatibleDC(NULL);
    HGDIOBJ was = SelectObject(dc, bm);
    check(GetPixel(dc, 0, 0) == RGB(255, 0, 0) && GetPixel(dc, 3, 0) == RGB(255, 255, 255), "LoadBitmapW: top row (stored last in the bottom-up DIB)");
    check(GetPixel(dc, 1, 1) == RGB(10, 20, 30) && GetPixel(dc, 3, 2) == RGB(128, 0, 128), "LoadBitmapW: middle and bottom rows");
    SelectObject(dc, was);
    HBITMAP b2 = (HBITMAP)LoadImageW(hi, MAKEINTRESOURCEW(3), IMAGE_BITMAP, 0, 0, 0);
    check(b2 != 0 && b2 != bm, "LoadImageW IMAGE_BITMAP");
    SetLastError(0);
    check(LoadBitmapW(hi, MAKEINTRESOURCEW(99)) == 0 && GetLastError() == 1814, "LoadBitmapW missing: ERROR_RESOURCE_NAME_NOT_FOUND");
    DeleteObject(bm);
    DeleteObject(b2);

    /* A 2x2 24 bpp pattern (bottom-up: the first row stored is the bottom one) as a DIB pattern brush. */
    static struct { BITMAPINFOHEADER h; BYTE bits[2][8]; } pat = {
        {sizeof(BITMAPINFOHEADER), 2, 2, 1, 24, 0, 0, 0, 0, 0, 0},
        {{0, 0, 255, 0, 255, 0, 0, 0}, {255, 0, 0, 255, 255, 255, 0, 0}},
    };
    HBRUSH br = CreateDIBPatternBrushPt(&pat, 0);
    check(br != 0, "CreateDIBPatternBrushPt");
    HBITMAP canvas = CreateCompatibleBitmap(dc, 4, 4);
    HDC screen = GetDC(NULL);
    DeleteObject(canvas);
    canvas = CreateCompatibleBitmap(screen, 4, 4);
    ReleaseDC(NULL, screen);
    was = SelectObject(dc, canvas);
    RECT r = {0, 0, 4, 4};
    FillRect(dc, &r, br);
    check(GetPixel(dc, 0, 0) == RGB(0, 0, 255) && GetPixel(dc, 1, 0) == RGB(255, 255, 255), "DIB pattern brush: top row");
    check(GetPixel(dc, 0, 1) == RGB(255, 0, 0) && GetPixel(dc, 1, 1) == RGB(0, 255, 0) && GetPixel(dc, 2, 2) == RGB(0, 0, 255), "DIB pattern brush: bottom row, tiled");
    SelectObject(dc, was);
    DeleteObject(canvas);
    DeleteObject(br);
    DeleteDC(dc);
}

static void accelerators(HINSTANCE hi)
{
    HACCEL acc = LoadAcceleratorsW(hi, MAKEINTRESOURCEW(4));
    check(acc != 0, "LoadAcceleratorsW");
    HWND w = CreateWindowExW(0, L"ResImgClass", L"acc", 0, 0, 0, 50, 50, NULL, NULL, hi, NULL);
    MSG m = {w, WM_KEYDOWN, 0x74, 0, 0, {0, 0}};
    g_cmd = 0;
    check(TranslateAcceleratorW(w, acc, &m) == 1 && g_cmd == 0x10000 + 101, "TranslateAcceleratorW F5: WM_COMMAND(MAKEWPARAM(101, 1))");
    MSG c = {w, WM_CHAR, 'a', 0, 0, {0, 0}};
    g_cmd = 0;
    check(TranslateAcceleratorW(w, acc, &c) == 1 && g_cmd == 0x10000 + 102, "TranslateAcceleratorW character 'a'");
    MSG k = {w, WM_KEYDOWN, 'A', 0, 0, {0, 0}};
    g_cmd = 0;
    check(TranslateAcceleratorW(w, acc, &k) == 0 && g_cmd == 0, "a WM_KEYDOWN does not match a character entry");
    MSG f6 = {w, WM_KEYDOWN, 0x75, 0, 0, {0, 0}};
    check(TranslateAcceleratorW(w, acc, &f6) == 0, "CONTROL+F6 entry: F6 alone does not match");
    ACCEL a[1] = {{1 /* FVIRTKEY */, 0x70, 55}};
    HACCEL mine = CreateAcceleratorTableW(a, 1);
    MSG f1 = {w, WM_KEYDOWN, 0x70, 0, 0, {0, 0}};
    g_cmd = 0;
    check(mine && TranslateAcceleratorW(w, mine, &f1) == 1 && g_cmd == 0x10000 + 55, "CreateAcceleratorTableW + TranslateAcceleratorW");
    check(DestroyAcceleratorTable(mine) && !DestroyAcceleratorTable(mine), "DestroyAcceleratorTable, twice: FALSE");
    SetLastError(0);
    check(TranslateAcceleratorW(w, mine, &f1) == 0 && GetLastError() == 6, "TranslateAcceleratorW destroyed table: ERROR_INVALID_HANDLE");
    SetLastError(0);
    check(LoadAcceleratorsW(hi, MAKEINTRESOURCEW(9)) == 0 && GetLastError() == 1814, "LoadAcceleratorsW missing: ERROR_RESOURCE_NAME_NOT_FOUND");
    DestroyWindow(w);
}

static void rects(void)
{
    RECT a, b, d;
    POINT p;
    SetRect(&a, 0, 0, 10, 10);
    SetRect(&b, 5, 5, 20, 20);
    check(IntersectRect(&d, &a, &b) && rect_is(&d, 5, 5, 10, 10), "IntersectRect");
    SetRect(&b, 10, 0, 20, 10);
    check(!IntersectRect(&d, &a, &b) && rect_is(&d, 0, 0, 0, 0), "IntersectRect touching edges: FALSE, empty");
    check(UnionRect(&d, &a, &b) && rect_is(&d, 0, 0, 20, 10), "UnionRect");
    SetRectEmpty(&b);
    check(UnionRect(&d, &a, &b) && rect_is(&d, 0, 0, 10, 10), "UnionRect with an empty rectangle");
    check(IsRectEmpty(&b) && !IsRectEmpty(&a), "IsRectEmpty");
    SetRect(&b, 0, 0, 10, 4);
    check(SubtractRect(&d, &a, &b) && rect_is(&d, 0, 4, 10, 10), "SubtractRect of a full-width band");
    SetRect(&b, 2, 2, 4, 4);
    check(SubtractRect(&d, &a, &b) && rect_is(&d, 0, 0, 10, 10), "SubtractRect of an inner piece: unchanged");
    SetRect(&b, -1, -1, 11, 11);
    check(!SubtractRect(&d, &a, &b) && IsRectEmpty(&d), "SubtractRect covering all: FALSE, empty");
    CopyRect(&d, &a);
    check(EqualRect(&d, &a), "CopyRect / EqualRect");
    InflateRect(&d, 2, 3);
    check(rect_is(&d, -2, -3, 12, 13) && !EqualRect(&d, &a), "InflateRect");
    OffsetRect(&d, 5, -5);
    check(rect_is(&d, 3, -8, 17, 8), "OffsetRect");
    p.x = 0; p.y = 0;
    check(PtInRect(&a, p), "PtInRect top-left corner included");
    p.x = 10; p.y = 5;
    check(!PtInRect(&a, p), "PtInRect right edge excluded");
    check(!SetRect(NULL, 0, 0, 1, 1), "SetRect NULL: FALSE");
}

static void display(void)
{
    DEVMODEW dm;
    check(sizeof dm == 192, "DEVMODEW is 192 bytes");
    memset(&dm, 0, sizeof dm);
    dm.dmSize = sizeof dm;
    dm.dmFields = 0x00800000; /* DM_DISPLAYORIENTATION */
    dm.dmDisplayOrientation = 7;
    check(ChangeDisplaySettingsEx(NULL, &dm, NULL, 2 /* CDS_TEST */, NULL) == 0 && dm.dmDisplayOrientation == 0, "current orientation: DISP_CHANGE_SUCCESSFUL, DMDO_0");
    dm.dmFields = 0x01000000; /* DM_DISPLAYQUERYORIENTATION */
    dm.dmDisplayOrientation = 7;
    check(ChangeDisplaySettingsEx(NULL, &dm, NULL, 2, NULL) == -2 && dm.dmDisplayOrientation == 0, "rotation query: DMDO_0 only, DISP_CHANGE_BADMODE");
    dm.dmFields = 0x00800000;
    dm.dmDisplayOrientation = 1; /* DMDO_90 */
    check(ChangeDisplaySettingsEx(NULL, &dm, NULL, 0, NULL) == -2, "rotating by 90: DISP_CHANGE_BADMODE");
    dm.dmDisplayOrientation = 0;
    check(ChangeDisplaySettingsEx(NULL, &dm, NULL, 0, NULL) == 0, "DMDO_0: DISP_CHANGE_SUCCESSFUL");
    dm.dmSize = 124;
    check(ChangeDisplaySettingsEx(NULL, &dm, NULL, 2, NULL) == -5, "short dmSize: DISP_CHANGE_BADPARAM");
    check(ChangeDisplaySettingsEx(NULL, NULL, NULL, 0, NULL) == 0, "NULL mode: back to the default, successful");
    memset(&dm, 0, sizeof dm);
    dm.dmSize = sizeof dm;
    check(EnumDisplaySettings(NULL, (DWORD)-1, &dm) && dm.dmPelsWidth == (DWORD)GetSystemMetrics(0) && dm.dmPelsHeight == (DWORD)GetSystemMetrics(1) && dm.dmBitsPerPel >= 16,
          "EnumDisplaySettings(ENUM_CURRENT_SETTINGS): the screen");
    DWORD w = dm.dmPelsWidth;
    dm.dmFields = 0x00080000; /* DM_PELSWIDTH */
    dm.dmPelsWidth = w + 16;
    check(ChangeDisplaySettingsEx(NULL, &dm, NULL, 0, NULL) == -2, "another width: DISP_CHANGE_BADMODE");
    check(!EnumDisplaySettings(NULL, 1, &dm), "EnumDisplaySettings mode 1: FALSE (one mode)");
}

static void kernel(void)
{
    SetLastError(0);
    check(LoadKernelLibrary(L"celog.dll") == 0 && GetLastError() == 5, "LoadKernelLibrary from an application: NULL, ERROR_ACCESS_DENIED");
    int i = RegisterAFSName(L"ResImgFs");
    check(i > 0, "RegisterAFSName: an index");
    SetLastError(0);
    check(RegisterAFSName(L"resimgfs") == -1 && GetLastError() == 183, "RegisterAFSName twice: -1, ERROR_ALREADY_EXISTS");
    SetLastError(0);
    check(RegisterAFSName(L"") == -1 && GetLastError() == 87, "RegisterAFSName empty: -1, ERROR_INVALID_PARAMETER");
    static const void *methods[2] = {0, 0};
    static const unsigned long long sigs[2] = {0, 0};
    char name[4] = {'R', 'E', 'S', 'I'};
    HANDLE set = CreateAPISet(name, 2, methods, sigs);
    check(set != 0, "CreateAPISet");
    check(RegisterAFSEx(i, set, 0, 0x20000, 0) && !RegisterAFSEx(i, set, 0, 0x20000, 0), "RegisterAFSEx, twice: FALSE");
    check(DeregisterAFS(i) && !DeregisterAFS(i), "DeregisterAFS, twice: FALSE");
    check(DeregisterAFSName(i) && !DeregisterAFSName(i), "DeregisterAFSName, twice: FALSE");
    check(RegisterAFSName(L"ResImgFs") > 0, "the name is free again");
    HANDLE h = CreateAPIHandle(set, (void *)0x1234);
    check(h != 0 && h != set, "CreateAPIHandle");
    SetLastError(0);
    check(CreateAPIHandle((HANDLE)0x4321, 0) == 0 && GetLastError() == 6, "CreateAPIHandle bad set: NULL, ERROR_INVALID_HANDLE");
    CloseHandle(h);
    DWORD out = 0x55, ret = 0x66;
    SetLastError(0);
    check(!CeFsIoControlW(NULL, 0x000900d8, NULL, 0, &out, 4, &ret, NULL) && GetLastError() == 50 && out == 0x55, "CeFsIoControlW: FALSE, ERROR_NOT_SUPPORTED");
    CeLogData(TRUE, 1, &out, 4, 0, 1, 0, FALSE);
    DWORD z = 0x77;
    check(!CeLogGetZones(&z, NULL, NULL, NULL) && z == 0x77, "CeLogGetZones without a CeLog DLL: FALSE");
    SetLastError(1234);
    ProfileStart(200, 1 /* PROFILE_BUFFER */);
    ProfileStop();
    check(GetLastError() == 1234, "ProfileStart/ProfileStop on a kernel without the profiler: return, nothing set");
}

static int hex_is(const BYTE *b, int n, const char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < n; i++)
        if (hex[2 * i] != digits[b[i] >> 4] || hex[2 * i + 1] != digits[b[i] & 15]) return 0;
    return hex[2 * n] == 0;
}

static void crypt(void)
{
    HCRYPTPROV p = 0, q = 0;
    HCRYPTHASH h = 0;
    check(CryptAcquireContextW(&p, NULL, NULL, 1, 0xF0000000) && p != 0, "CryptAcquireContextW PROV_RSA_FULL, CRYPT_VERIFYCONTEXT");
    SetLastError(0);
    check(!CryptAcquireContextW(&q, L"resimg", NULL, 1, 0) && GetLastError() == 0x80090016, "no such key container: NTE_BAD_KEYSET");
    check(CryptAcquireContextW(&q, L"resimg", NULL, 1, 8) && q != 0, "CRYPT_NEWKEYSET creates it");
    SetLastError(0);
    check(!CryptAcquireContextW(&q, L"resimg", NULL, 1, 8) && GetLastError() == 0x8009000F, "CRYPT_NEWKEYSET again: NTE_EXISTS");
    check(CryptAcquireContextW(&q, L"resimg", NULL, 1, 0x10) && q == 0, "CRYPT_DELETEKEYSET");
    SetLastError(0);
    check(!CryptAcquireContextW(&q, NULL, L"No Such Provider", 1, 0xF0000000) && GetLastError() == 0x80090019, "unknown provider: NTE_KEYSET_NOT_DEF");
    SetLastError(0);
    check(!CryptAcquireContextW(&q, NULL, NULL, 99, 0xF0000000) && GetLastError() == 0x80090017, "unknown type: NTE_PROV_TYPE_NOT_DEF");
    BYTE r1[13] = {0}, r2[13] = {0};
    check(CryptGenRandom(p, 13, r1) && CryptGenRandom(p, 13, r2) && memcmp(r1, r2, 13) != 0, "CryptGenRandom");
    BYTE v[32];
    DWORD n = 0;
    check(CryptCreateHash(p, 0x8003, 0, 0, &h) && CryptHashData(h, (const BYTE *)"ab", 2, 0) && CryptHashData(h, (const BYTE *)"c", 1, 0), "CryptCreateHash CALG_MD5, CryptHashData");
    check(CryptGetHashParam(h, 2, NULL, &n, 0) && n == 16, "HP_HASHVAL size");
    n = 8;
    SetLastError(0);
    check(!CryptGetHashParam(h, 2, v, &n, 0) && GetLastError() == 234 && n == 16, "HP_HASHVAL too small: ERROR_MORE_DATA");
    n = sizeof v;
    check(CryptGetHashParam(h, 2, v, &n, 0) && n == 16 && hex_is(v, 16, "900150983cd24fb0d6963f7d28e17f72"), "MD5(abc)");
    SetLastError(0);
    check(!CryptHashData(h, (const BYTE *)"x", 1, 0) && GetLastError() == 0x8009000C, "hashing after the value was read: NTE_BAD_HASH_STATE");
    check(CryptDestroyHash(h), "CryptDestroyHash");
    SetLastError(0);
    check(!CryptDestroyHash(h) && GetLastError() == 0x80090002, "CryptDestroyHash twice: NTE_BAD_HASH");
    check(CryptCreateHash(p, 0x8004, 0, 0, &h) && CryptHashData(h, (const BYTE *)"abc", 3, 0), "CALG_SHA1");
    n = sizeof v;
    check(CryptGetHashParam(h, 2, v, &n, 0) && hex_is(v, 20, "a9993e364706816aba3e25717850c26c9cd0d89d"), "SHA1(abc)");
    DWORD alg = 0;
    n = 4;
    check(CryptGetHashParam(h, 1, (BYTE *)&alg, &n, 0) && alg == 0x8004, "HP_ALGID");
    CryptDestroyHash(h);
    SetLastError(0);
    check(!CryptCreateHash(p, 0x800c, 0, 0, &h) && GetLastError() == 0x80090008, "SHA-256 on PROV_RSA_FULL: NTE_BAD_ALGID");
    check(CryptAcquireContextW(&q, NULL, L"Microsoft Enhanced RSA and AES Cryptographic Provider", 24, 0xF0000000), "PROV_RSA_AES by name");
    n = sizeof v;
    check(CryptCreateHash(q, 0x800c, 0, 0, &h) && CryptHashData(h, (const BYTE *)"abc", 3, 0) && CryptGetHashParam(h, 2, v, &n, 0) &&
          hex_is(v, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "SHA-256(abc) on PROV_RSA_AES");
    CryptDestroyHash(h);
    check(CryptReleaseContext(q, 0) && CryptReleaseContext(p, 0), "CryptReleaseContext");
    SetLastError(0);
    check(!CryptReleaseContext(p, 0) && GetLastError() == 0x80090001, "CryptReleaseContext twice: NTE_BAD_UID");

    A_SHA_CTX c;
    BYTE d[20];
    A_SHAInit(&c);
    A_SHAUpdate(&c, (const BYTE *)"abc", 3);
    A_SHAFinal(&c, d);
    check(hex_is(d, 20, "a9993e364706816aba3e25717850c26c9cd0d89d"), "A_SHA: SHA-1(abc)");
    static BYTE as[200];
    memset(as, 'a', sizeof as);
    A_SHAInit(&c);
    A_SHAUpdate(&c, as, 7);
    A_SHAUpdate(&c, as + 7, 120);
    A_SHAUpdate(&c, as + 127, 73);
    A_SHAFinal(&c, d);
    check(hex_is(d, 20, "e61cfffe0d9195a525fc6cf06ca2d77119c24a40"), "A_SHA: 200 bytes in three pieces across blocks");
}

static void misc(void)
{
    HANDLE f = CreateFileW(L"\\resimg.tmp", 0xC0000000, 0, NULL, 2, 0x80, NULL);
    check(f != (HANDLE)-1, "CreateFileW a file");
    BYTE dcb[28];
    SetLastError(0);
    check(!GetCommState(f, dcb) && GetLastError() == 50, "GetCommState on a file: ERROR_NOT_SUPPORTED");
    SetLastError(0);
    check(!SetCommMask((HANDLE)0x777, 1) && GetLastError() == 6, "SetCommMask on no handle: ERROR_INVALID_HANDLE");
    CloseHandle(f);
    DeleteFileW(L"\\resimg.tmp");
    check(GetProcessVersion(0) == ((5u << 16) | 2u) && GetProcessVersion(GetCurrentProcessId()) == ((5u << 16) | 2u), "GetProcessVersion: subsystem 5.02");
    SetLastError(0);
    check(GetProcessVersion(0x4321) == 0 && GetLastError() == 87, "GetProcessVersion other id: ERROR_INVALID_PARAMETER");
    check(MatchesWildcardMask(5, L"*.TXT", 9, L"notes.txt") && MatchesWildcardMask(3, L"a?c", 3, L"abc") && !MatchesWildcardMask(3, L"a?c", 4, L"abcd"), "MatchesWildcardMask");
    check(MatchesWildcardMask(1, L"*", 0, L"") && !MatchesWildcardMask(4, L"*.md", 8, L"notes.mx"), "MatchesWildcardMask edge cases");
    ATOM a = GlobalAddAtomW(L"ResImgAtom");
    check(a >= 0xC000 && GlobalAddAtomW(L"resimgatom") == a && GlobalFindAtomW(L"RESIMGATOM") == a, "GlobalAddAtomW / GlobalFindAtomW (case-insensitive)");
    check(GlobalAddAtomW(L"#123") == 123 && GlobalAddAtomW((LPCWSTR)(ULONG_PTR)77) == 77, "integer atoms");
    GlobalDeleteAtom(a);
    check(GlobalFindAtomW(L"ResImgAtom") == a, "one reference left after one GlobalDeleteAtom");
    GlobalDeleteAtom(a);
    SetLastError(0);
    check(GlobalFindAtomW(L"ResImgAtom") == 0 && GetLastError() == 2, "deleted: ERROR_FILE_NOT_FOUND");

    /* Code written at run time runs as written after an instruction-cache flush: a Thumb
     * "movs r0, #N; bx lr" rewritten in place between two calls. */
    unsigned short *code = (unsigned short *)VirtualAlloc(NULL, 4096, 0x1000, 0x40 /* PAGE_EXECUTE_READWRITE */);
    int (*f1)(void) = (int (*)(void))((ULONG_PTR)code | 1);
    code[0] = 0x2000 | 11; code[1] = 0x4770;
    FlushInstructionCache((HANDLE)-1, code, 4);
    int first = f1();
    code[0] = 0x2000 | 22;
    CacheRangeFlush(code, 4, 0);
    int second = f1();
    check(first == 11 && second == 22, "FlushInstructionCache / CacheRangeFlush: rewritten code runs as written");
    check(CeGetCallerTrust() == 2 && !IsProcessDying(), "CeGetCallerTrust OEM_CERTIFY_TRUST, IsProcessDying FALSE");

    static char src[8] = "abcdefg", dst[8];
    DWORD done = 77;
    check(ReadProcessMemory((HANDLE)0x42, src, dst, 8, &done) && done == 8 && memcmp(src, dst, 8) == 0, "ReadProcessMemory of this process");
    check(WriteProcessMemory((HANDLE)GetCurrentProcessId(), dst, "1234567", 8, &done) && done == 8 && dst[0] == '1', "WriteProcessMemory by process id");
    done = 77;
    SetLastError(0);
    check(!ReadProcessMemory((HANDLE)0x42, (void *)0x1000, dst, 8, &done) && GetLastError() == 299 && done == 0 && dst[0] == '1', "unreadable source: ERROR_PARTIAL_COPY, nothing copied");
    SetLastError(0);
    check(!ReadProcessMemory((HANDLE)0x7654, src, dst, 8, &done) && GetLastError() == 6, "not a process handle: ERROR_INVALID_HANDLE");
    WCHAR canon[32];
    check(CeGetCanonicalPathNameW(L"/Windows//x/../Temp/./a.txt", canon, 32, 0) == 19 && wcscmp(canon, L"\\Windows\\Temp\\a.txt") == 0, "CeGetCanonicalPathNameW: separators, . and ..");
    check(CeGetCanonicalPathNameW(L"..\\..", canon, 32, 0) == 1 && wcscmp(canon, L"\\") == 0 && CeGetCanonicalPathNameW(L"a\\", NULL, 0, 0) == 2, "above the root stays at the root; relative from the root; NULL buffer: the length");
    SetLastError(0);
    check(CeGetCanonicalPathNameW(L"\\Windows", canon, 8, 0) == 0 && GetLastError() == 122, "buffer without room for the NUL: ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0);
    check(CeGetCanonicalPathNameW(NULL, canon, 32, 0) == 0 && GetLastError() == 87, "NULL path: ERROR_INVALID_PARAMETER");
    CompactAllHeaps();
    /* Code written with WriteProcessMemory runs as written. */
    unsigned short patch = 0x2000 | 33;
    check(WriteProcessMemory((HANDLE)0x42, code, &patch, 2, &done) && f1() == 33, "WriteProcessMemory into code: the new instruction runs");
}

static void touch(LPCWSTR name)
{
    HANDLE f = CreateFileW(name, 0xC0000000, 0, NULL, 2 /* CREATE_ALWAYS */, 0x80, NULL);
    DWORD n;
    WriteFile(f, "x", 1, &n, NULL);
    CloseHandle(f);
}

static void changes(void)
{
    CreateDirectoryW(L"\\cn", NULL);
    CreateDirectoryW(L"\\cn\\sub", NULL);
    SetLastError(0);
    check(FindFirstChangeNotificationW(L"\\nosuchdir", FALSE, 1) == (HANDLE)-1 && GetLastError() == 3, "FindFirstChangeNotificationW missing folder: ERROR_PATH_NOT_FOUND");
    SetLastError(0);
    check(FindFirstChangeNotificationW(L"\\cn", FALSE, 0) == (HANDLE)-1 && GetLastError() == 87, "FindFirstChangeNotificationW no filter: ERROR_INVALID_PARAMETER");
    HANDLE h = FindFirstChangeNotificationW(L"\\cn", FALSE, 1 /* FILE_NAME */ | 0x80000000 /* CEGETINFO */);
    HANDLE all = FindFirstChangeNotificationW(L"\\cn", TRUE, 0x10 /* LAST_WRITE */);
    check(h != (HANDLE)-1 && all != (HANDLE)-1, "FindFirstChangeNotificationW");
    check(WaitForSingleObject(h, 0) == 258, "nothing changed yet: WAIT_TIMEOUT");
    touch(L"\\cn\\sub\\deep.txt");
    check(WaitForSingleObject(h, 0) == 258, "a file in a subfolder: not seen without bWatchSubtree");
    check(WaitForSingleObject(all, 0) == 0, "a write below the folder: seen with bWatchSubtree (LAST_WRITE)");
    touch(L"\\cn\\a.txt");
    check(WaitForSingleObject(h, 0) == 0 && WaitForSingleObject(h, 0) == 0, "a new file: signaled, and it stays signaled");
    DWORD avail = 0, ret = 0;
    check(CeGetFileNotificationInfo(h, 0, NULL, 0, &ret, &avail) && avail == 24, "CeGetFileNotificationInfo: bytes available (one record, 12 + 10 bytes, aligned)");
    BYTE small[16];
    SetLastError(0);
    check(!CeGetFileNotificationInfo(h, 0, small, sizeof small, &ret, &avail) && GetLastError() == 122, "a buffer too small for one record: ERROR_INSUFFICIENT_BUFFER");
    DWORD rec[32];
    check(CeGetFileNotificationInfo(h, 0, rec, sizeof rec, &ret, &avail) && ret == 24 && avail == 0, "CeGetFileNotificationInfo: one record");
    check(rec[0] == 0 && rec[1] == 1 /* FILE_ACTION_ADDED */ && rec[2] == 10 && memcmp(&rec[3], L"a.txt", 10) == 0, "FILE_NOTIFY_INFORMATION: added a.txt");
    check(FindNextChangeNotification(h) && WaitForSingleObject(h, 0) == 258, "FindNextChangeNotification re-arms");
    MoveFileW(L"\\cn\\a.txt", L"\\cn\\b.txt");
    DeleteFileW(L"\\cn\\b.txt");
    check(WaitForSingleObject(h, 0) == 0, "rename and delete: signaled");
    memset(rec, 0, sizeof rec);
    SetLastError(0);
    check(CeGetFileNotificationInfo(h, 0, rec, 48, &ret, &avail) && ret == 48 && GetLastError() == 234, "two records fit, one more: ERROR_MORE_DATA");
    check(rec[0] == 24 && rec[1] == 4 /* RENAMED_OLD */ && rec[6] == 0 && rec[7] == 5 /* RENAMED_NEW */ && memcmp(&rec[9], L"b.txt", 10) == 0, "renamed: old then new name");
    check(CeGetFileNotificationInfo(h, 0, rec, sizeof rec, &ret, &avail) && ret == 24 && rec[1] == 2 /* REMOVED */, "then the removal");
    check(FindCloseChangeNotification(h) && FindCloseChangeNotification(all), "FindCloseChangeNotification");
    SetLastError(0);
    check(!FindNextChangeNotification(h) && GetLastError() == 6, "FindNextChangeNotification on a closed handle: ERROR_INVALID_HANDLE");
    DeleteFileW(L"\\cn\\sub\\deep.txt");
}

/* GetNumberFormatW cases and expected strings from Wine's kernel32 locale tests (en-US). */
static int numfmt_is(LPCWSTR value, const NUMBERFMTW *fmt, LPCWSTR want)
{
    WCHAR out[64];
    int n = GetNumberFormatW(0x0409, fmt ? 0 : 0x80000000, value, fmt, out, 64);
    return n == (int)wcslen(want) + 1 && wcscmp(out, want) == 0;
}

static void numbers(void)
{
    check(numfmt_is(L"2353", NULL, L"2,353.00") && numfmt_is(L"-2353", NULL, L"-2,353.00") && numfmt_is(L"-353", NULL, L"-353.00"), "GetNumberFormatW locale defaults");
    check(numfmt_is(L"2353.111", NULL, L"2,353.11") && numfmt_is(L"2353.119", NULL, L"2,353.12") && numfmt_is(L"999.995", NULL, L"1,000.00"), "rounding, with a carry");
    WCHAR dot[] = L".", comma[] = L",";
    NUMBERFMTW f = {0, 0, 0, dot, comma, 0};
    check(numfmt_is(L"2353", &f, L"2353"), "NUMBERFMTW: no decimals, no grouping");
    f.NumDigits = 1;
    f.Grouping = 2;
    check(numfmt_is(L"2353", &f, L"23,53.0"), "grouping by 2");
    f.Grouping = 3;
    f.NegativeOrder = 1;
    f.LeadingZero = 1;
    check(numfmt_is(L"-235", &f, L"-235.0") && numfmt_is(L".5", &f, L"0.5"), "negative number, leading zero");
    f.NegativeOrder = 0;
    check(numfmt_is(L"-1", &f, L"(1.0)"), "NegativeOrder 0: parentheses");
    f.NegativeOrder = 4;
    check(numfmt_is(L"-1", &f, L"1.0 -"), "NegativeOrder 4");
    WCHAR out[8];
    SetLastError(0);
    check(GetNumberFormatW(0x0409, 0, L"23,53", NULL, out, 8) == 0 && GetLastError() == 87, "invalid character: ERROR_INVALID_PARAMETER");
    SetLastError(0);
    check(GetNumberFormatW(0x0409, 0, L"0..", NULL, out, 8) == 0 && GetLastError() == 87, "two dots: ERROR_INVALID_PARAMETER");
    SetLastError(0);
    check(GetNumberFormatW(0x0409, 0x80000000, L"1234", NULL, out, 2) == 0 && GetLastError() == 122, "buffer too small: ERROR_INSUFFICIENT_BUFFER");
    NUMBERFMTW zero = {0, 0, 0, NULL, NULL, 0};
    SetLastError(0);
    check(GetNumberFormatW(0x0409, 0, L"2353", &zero, out, 8) == 0 && GetLastError() == 87, "NUMBERFMTW without separators: ERROR_INVALID_PARAMETER");
    SetLastError(0);
    check(GetNumberFormatW(0x0409, 0x80000000, L"2353", &f, out, 8) == 0 && GetLastError() == 1004, "flags with a NUMBERFMTW: ERROR_INVALID_FLAGS");
    check(GetNumberFormatW(0x0409, 0, L"2353", NULL, NULL, 0) == 9, "size query");
}

static DWORD g_rasentry[3472 / 4];

static void ras(void)
{
    DWORD size = 100;
    g_rasentry[0] = 3472;
    check(RasGetEntryProperties(NULL, L"", g_rasentry, &size, NULL, NULL) == 603 && size == 3472, "RasGetEntryProperties small size: ERROR_BUFFER_TOO_SMALL, the size");
    check(RasGetEntryProperties(NULL, L"", g_rasentry, &size, NULL, NULL) == 0 && g_rasentry[0] == 3472, "RasGetEntryProperties default entry");
    check(RasGetEntryProperties(NULL, L"NoSuchEntry", g_rasentry, &size, NULL, NULL) == 623, "unknown entry: ERROR_CANNOT_FIND_PHONEBOOK_ENTRY");
    check(RasSetEntryProperties(NULL, L"a:b", g_rasentry, 3472, NULL, 0) == 123, "RasSetEntryProperties bad name: ERROR_INVALID_NAME");
    g_rasentry[0] = 100;
    check(RasSetEntryProperties(NULL, L"ResImg", g_rasentry, 3472, NULL, 0) == 632, "dwSize not sizeof(RASENTRY): ERROR_INVALID_SIZE");
    g_rasentry[0] = 3472;
    g_rasentry[1] = 0x1234;
    check(RasSetEntryProperties(NULL, L"ResImg", g_rasentry, 3472, NULL, 0) == 0, "RasSetEntryProperties");
    check(RasValidateEntryName(NULL, L"ResImg") == 183 && RasValidateEntryName(NULL, L"Other") == 0, "RasValidateEntryName");
    g_rasentry[1] = 0;
    check(RasGetEntryProperties(NULL, L"resimg", g_rasentry, &size, NULL, NULL) == 0 && g_rasentry[1] == 0x1234, "the entry reads back");
    check(RasDeleteEntry(NULL, L"ResImg") == 0 && RasDeleteEntry(NULL, L"ResImg") == 623, "RasDeleteEntry, twice: ERROR_CANNOT_FIND_PHONEBOOK_ENTRY");
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    HICON icon = LoadIconW(hInstance, MAKEINTRESOURCEW(1));
    HCURSOR cur = LoadCursorW(NULL, MAKEINTRESOURCEW(32512));
    classes(hInstance, icon, cur);
    icons(hInstance);
    bitmaps(hInstance);
    accelerators(hInstance);
    rects();
    display();
    kernel();
    crypt();
    misc();
    changes();
    ras();
    numbers();
    printf("%d failures\n", failures);
    return failures;
}
