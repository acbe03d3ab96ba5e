/* dlgicon.c — STATIC controls whose dialog-template title is a resource ordinal (src/dlgicon.rc; the
 * corpus's unload.exe has one): the SS_ICON control loads icon 103 and the SS_BITMAP control bitmap 104
 * from the dialog's instance on WM_CREATE and take the image's size (the template's sizes are ignored,
 * the CE STATIC page); STM_GETICON / STM_GETIMAGE give the handles, STM_SETICON replaces the icon and
 * returns the old one. The icon (src/gdidev/icon.ico, 16x16: colour (x + y) % 4 of black, red, green,
 * blue, transparent where (x * y) % 3 == 0) is read back on the screen. Prints ok/FAIL lines; exit code
 * = failures (test/gwes/dialogs.test.ts). */
#include <windows.h>
#include <wingdi.h>
#include <windlg.h>

#define STM_SETICON 0x0170
#define STM_GETICON 0x0171
#define STM_GETIMAGE 0x0173
#define IMAGE_BITMAP 0
#define IMAGE_ICON 1
typedef struct { LONG bmType, bmWidth, bmHeight, bmWidthBytes; WORD bmPlanes, bmBitsPixel; void *bmBits; } BITMAP;
WINBASEAPI int WINAPI GetObjectW(HGDIOBJ h, int n, void *out); /* 918 */
WINBASEAPI HICON WINAPI LoadIconW(HINSTANCE inst, LPCWSTR name);

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static BOOL CALLBACK Proc(HWND d, UINT m, WPARAM w, LPARAM l) { return FALSE; }

static const COLORREF colours[4] = { RGB(0, 0, 0), RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255) };

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    HWND d = CreateDialogParamW(inst, MAKEINTRESOURCE(100), NULL, Proc, 0);
    check(d != NULL, "CreateDialogParamW with ordinal-titled statics");
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    HWND ic = GetDlgItem(d, 1003), bm = GetDlgItem(d, 1004);
    HICON icon = (HICON)SendMessageW(ic, STM_GETICON, 0, 0);
    check(icon != NULL && (HICON)SendMessageW(ic, STM_GETIMAGE, IMAGE_ICON, 0) == icon, "SS_ICON loaded icon 103 (STM_GETICON, STM_GETIMAGE)");
    RECT r;
    GetWindowRect(ic, &r);
    check(r.right - r.left == 16 && r.bottom - r.top == 16, "SS_ICON sized itself to the 16x16 icon");
    HBITMAP b = (HBITMAP)SendMessageW(bm, STM_GETIMAGE, IMAGE_BITMAP, 0);
    BITMAP info = {0};
    check(b != NULL && GetObjectW(b, sizeof info, &info) == sizeof info, "SS_BITMAP loaded bitmap 104");
    GetWindowRect(bm, &r);
    check(r.right - r.left == info.bmWidth && r.bottom - r.top == info.bmHeight, "SS_BITMAP sized itself to the bitmap");

    GetWindowRect(ic, &r);
    HDC screen = GetDC(NULL);
    int wrong = 0, transparent = 0;
    for (int y = 0; y < 16; y++)
        for (int x = 0; x < 16; x++) {
            COLORREF c = GetPixel(screen, r.left + x, r.top + y);
            if ((x * y) % 3 == 0) { if (c == RGB(0, 0, 0)) transparent++; }
            else if (c != colours[(x + y) % 4]) wrong++;
        }
    check(wrong == 0, "the icon's opaque pixels are on the screen");
    check(transparent == 0, "its transparent pixels show the background, not the icon's black");

    HICON other = LoadIconW(inst, MAKEINTRESOURCE(103));
    check((HICON)SendMessageW(ic, STM_SETICON, (WPARAM)other, 0) == icon && (HICON)SendMessageW(ic, STM_GETICON, 0, 0) == other, "STM_SETICON returns the old icon");
    ReleaseDC(NULL, screen);
    DestroyWindow(d);
    printf("%d failures\n", failures);
    return failures;
}
