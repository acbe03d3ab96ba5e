/* exticon.c — ExtractIconExW (coredll 727) on its own file (exticon.rc: icon groups 1 and 5, each a
 * 16x16 and a 32x32 image, resimg/icon.ico): the count (-1 with no output pointers), by index in
 * directory order, by negated resource ID, large and small images at SM_CXICON / SM_CXSMICON (drawn
 * through an image list of that size, pixel for pixel the same as LoadImageW's icon of that size),
 * either pointer NULL, past the last icon, a missing file, a file that is not an image (this ROM
 * writes a text file), and a copy of this ROM the test puts in \Windows\icons.dll (by bare name too). Prints "ok NAME" / "FAIL NAME got=N" lines;
 * exit code = failures (test/coredll/exticon.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <wingdi.h>
#include <ce_files.h>
#include <commctrl.h>

WINBASEAPI UINT WINAPI ExtractIconExW(LPCWSTR file, int index, HICON *large, HICON *small, UINT n);
WINBASEAPI HANDLE WINAPI LoadImageW(HINSTANCE h, LPCWSTR name, UINT type, int cx, int cy, UINT flags);
#define IMAGE_ICON 1
#define MAKEINTRESOURCEW(i) ((LPCWSTR)(ULONG_PTR)(WORD)(i))
WINBASEAPI BOOL WINAPI DestroyIcon(HICON h);
WINBASEAPI DWORD WINAPI GetModuleFileNameW(HMODULE h, LPWSTR buf, DWORD n);

static int failures;

static void check(int cond, const char *what, int got)
{
    if (cond) printf("ok %s\n", what);
    else {
        printf("FAIL %s got=%d\n", what, got);
        failures++;
    }
}

static HINSTANCE g_inst;

/* The pixels of an icon drawn through an image list of size x size on white. */
static void drawn(HICON icon, int size, COLORREF *out)
{
    HDC screen = GetDC(NULL), dc = CreateCompatibleDC(screen);
    HBITMAP bmp = CreateCompatibleBitmap(screen, size, size);
    HGDIOBJ old = SelectObject(dc, bmp);
    RECT r = {0, 0, size, size};
    FillRect(dc, &r, (HBRUSH)GetStockObject(WHITE_BRUSH));
    HIMAGELIST il = ImageList_Create(size, size, ILC_COLOR16 | ILC_MASK, 1, 1);
    ImageList_ReplaceIcon(il, -1, icon);
    ImageList_Draw(il, 0, dc, 0, 0, ILD_NORMAL);
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++) out[y * size + x] = GetPixel(dc, x, y);
    ImageList_Destroy(il);
    SelectObject(dc, old);
    DeleteObject(bmp);
    DeleteDC(dc);
    ReleaseDC(NULL, screen);
}

/* How many pixels of `icon` differ from resource group 1's image of that size (LoadImageW). */
static int differs(HICON icon, int size)
{
    static COLORREF a[32 * 32], b[32 * 32];
    HICON ref = (HICON)LoadImageW(g_inst, MAKEINTRESOURCEW(1), IMAGE_ICON, size, size, 0);
    if (!icon || !ref) return -1;
    drawn(icon, size, a);
    drawn(ref, size, b);
    DestroyIcon(ref);
    int n = 0;
    for (int i = 0; i < size * size; i++) n += a[i] != b[i];
    return n;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WCHAR self[260];
    g_inst = hInstance;
    GetModuleFileNameW(NULL, self, 260);
    UINT n = ExtractIconExW(self, -1, NULL, NULL, 0);
    check(n == 2, "count", (int)n);
    HICON large = 0, small = 0;
    n = ExtractIconExW(self, 0, &large, &small, 1);
    check(n == 1 && large && small && large != small, "index 0: both", (int)n);
    check(differs(large, 32) == 0, "index 0: large is the 32x32 image", differs(large, 32));
    check(differs(small, 16) == 0, "index 0: small is the 16x16 image", differs(small, 16));
    check(differs(small, 32) != 0, "the two images differ", differs(small, 32));
    check(DestroyIcon(large) && DestroyIcon(small), "DestroyIcon of both", 0);
    small = 0;
    n = ExtractIconExW(self, 1, NULL, &small, 1);
    check(n == 1 && differs(small, 16) == 0, "index 1: small only", (int)n);
    large = 0;
    n = ExtractIconExW(self, -5, &large, NULL, 1);
    check(n == 1 && differs(large, 32) == 0, "id 5 (-5): large only", (int)n);
    large = (HICON)1;
    n = ExtractIconExW(self, 2, &large, NULL, 1);
    check(n == 0 && large == (HICON)1, "index 2: past the last, nothing written", (int)n);
    n = ExtractIconExW(self, -7, &large, NULL, 1);
    check(n == 0, "id 7: none", (int)n);
    /* A file of the device, not a module of the process: the test puts a copy of this ROM there. */
    n = ExtractIconExW(L"icons.dll", -1, NULL, NULL, 0);
    check(n == 2, "a bare name in \\Windows: count", (int)n);
    large = 0;
    n = ExtractIconExW(L"\\Windows\\icons.dll", 1, &large, NULL, 1);
    check(n == 1 && differs(large, 32) == 0, "\\Windows\\icons.dll index 1", (int)n);
    n = ExtractIconExW(L"\\Windows\\nothere.exe", 0, &large, NULL, 1);
    check(n == 0, "missing file", (int)n);
    n = ExtractIconExW(L"\\Windows\\nothere.exe", -1, NULL, NULL, 0);
    check(n == 0, "missing file: count 0", (int)n);
    HANDLE f = CreateFileW(L"\\text.exe", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD w;
    WriteFile(f, "not an image", 12, &w, NULL);
    CloseHandle(f);
    n = ExtractIconExW(L"\\text.exe", 0, &large, NULL, 1);
    check(n == 0, "a text file", (int)n);
    DeleteFileW(L"\\text.exe");
    return failures;
}
