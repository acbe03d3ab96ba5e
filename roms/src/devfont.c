/* devfont.exe — the device's own fonts (issue 14): the font table GWES builds from \Windows\*.ttf / *.ttc
 * at start-up, and AddFontResourceW / RemoveFontResourceW at run time (coredll fontres.ts).
 * Always (ok/FAIL lines): the error paths of AddFontResourceW (NULL: ERROR_INVALID_PARAMETER; a missing
 * file: ERROR_FILE_NOT_FOUND; a missing folder: ERROR_PATH_NOT_FOUND; a folder: ERROR_ACCESS_DENIED; a
 * file that is not a TrueType font: 0, ERROR_INVALID_DATA) and RemoveFontResourceW (a file never added:
 * FALSE, ERROR_FILE_NOT_FOUND); then "family NAME WEIGHT PITCHANDFAMILY" for every family EnumFontFamiliesW
 * lists.
 * With a command line "PATH|FACE" (PATH may be empty: the face is the device's already):
 * AddFontResourceW(PATH) (prints "added N"; a second call adds nothing again), the families again, then
 * FACE at lfHeight -16: "face" (GetTextFaceW), "tm HEIGHT ASCENT PITCHANDFAMILY", "extent CX CY" (GetTextExtentExPointW) of
 * "Hello wmemu", the text drawn black on white at (20, 300) of the screen for the host's pixel check;
 * then RemoveFontResourceW(PATH) (TRUE, then FALSE) and the families once more.
 * Exit code = failures. */
#include <windows.h>
#include <wingdi.h>
#include <stdio.h>
#include <ce_files.h>
#include <string.h>

typedef struct {
    LONG tmHeight, tmAscent, tmDescent, tmInternalLeading, tmExternalLeading, tmAveCharWidth, tmMaxCharWidth, tmWeight, tmOverhang,
        tmDigitizedAspectX, tmDigitizedAspectY;
    WCHAR tmFirstChar, tmLastChar, tmDefaultChar, tmBreakChar;
    BYTE tmItalic, tmUnderlined, tmStruckOut, tmPitchAndFamily, tmCharSet;
} TEXTMETRICW;
typedef struct { TEXTMETRICW tm; DWORD ntmFlags; UINT ntmSizeEM, ntmCellHeight, ntmAvgWidth; } NEWTEXTMETRICW;
typedef struct { LOGFONTW elfLogFont; WCHAR elfFullName[64]; WCHAR elfStyle[32]; } ENUMLOGFONTW;
typedef int (CALLBACK *FONTENUMPROCW)(const void *lf, const void *tm, DWORD type, LPARAM lp);
WINBASEAPI int WINAPI AddFontResourceW(LPCWSTR name);                                                      /* 893 */
WINBASEAPI BOOL WINAPI RemoveFontResourceW(LPCWSTR name);                                                  /* 900 */
WINBASEAPI int WINAPI EnumFontFamiliesW(HDC dc, LPCWSTR family, FONTENUMPROCW proc, LPARAM lp);            /* 965 */
WINBASEAPI int WINAPI GetTextFaceW(HDC dc, int n, LPWSTR name);                                            /* 967 */
WINBASEAPI BOOL WINAPI GetTextMetricsW(HDC dc, TEXTMETRICW *tm);                                           /* 898 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static int CALLBACK fam_proc(const void *lfp, const void *tmp, DWORD type, LPARAM lp)
{
    const ENUMLOGFONTW *e = lfp;
    const NEWTEXTMETRICW *t = tmp;
    printf("family %ls %d %d\n", e->elfLogFont.lfFaceName, (int)e->elfLogFont.lfWeight, t->tm.tmPitchAndFamily);
    return 1;
}

static void families(HDC dc)
{
    printf("-- families\n");
    EnumFontFamiliesW(dc, NULL, fam_proc, 0);
}

static void add_fails(const WCHAR *name, DWORD err, const char *what)
{
    SetLastError(0);
    int n = AddFontResourceW(name);
    check(n == 0 && GetLastError() == err, what);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    HDC dc = GetDC(NULL);
    add_fails(NULL, 87, "AddFontResourceW(NULL): 0, ERROR_INVALID_PARAMETER");
    add_fails(L"\\Temp\\nope.ttf", 2, "a missing file: 0, ERROR_FILE_NOT_FOUND");
    add_fails(L"\\NoSuchFolder\\x.ttf", 3, "a missing folder: 0, ERROR_PATH_NOT_FOUND");
    add_fails(L"\\Windows", 5, "a folder: 0, ERROR_ACCESS_DENIED");
    HANDLE h = CreateFileW(L"\\Temp\\notafont.ttf", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD put;
    check(h != INVALID_HANDLE_VALUE && WriteFile(h, "not a TrueType font file", 24, &put, NULL), "\\Temp\\notafont.ttf written");
    CloseHandle(h);
    add_fails(L"\\Temp\\notafont.ttf", 13, "a file that is not a TrueType font: 0, ERROR_INVALID_DATA");
    SetLastError(0);
    check(!RemoveFontResourceW(L"\\Temp\\notafont.ttf") && GetLastError() == 2, "RemoveFontResourceW of a file never added: FALSE, ERROR_FILE_NOT_FOUND");
    families(dc);

    WCHAR path[260], face[32];
    int i = 0, j = 0, k = 0;
    if (cmd[0] == L'"') cmd++; /* one argument with a space comes quoted */
    for (; cmd[i] && cmd[i] != L'|' && i < 259; i++) path[i] = cmd[i];
    path[i] = 0;
    if (cmd[i] == L'|') {
        for (i++; cmd[i] && cmd[i] != L'"' && j < 31; i++, j++) face[j] = cmd[i];
        face[j] = 0;
        if (path[0]) {
            int n = AddFontResourceW(path);
            printf("added %d\n", n);
            check(n > 0, "AddFontResourceW(PATH): the number of fonts added");
            check(AddFontResourceW(path) == n, "... again: the same number, nothing added twice");
            families(dc);
        }
        LOGFONTW lf;
        memset(&lf, 0, sizeof lf);
        lf.lfHeight = -16;
        lf.lfWeight = 400;
        for (k = 0; face[k]; k++) lf.lfFaceName[k] = face[k];
        HFONT f = CreateFontIndirectW(&lf);
        HGDIOBJ old = SelectObject(dc, f);
        WCHAR got[32];
        GetTextFaceW(dc, 32, got);
        printf("face %ls\n", got);
        TEXTMETRICW tm;
        check(GetTextMetricsW(dc, &tm), "GetTextMetricsW");
        printf("tm %d %d %d\n", (int)tm.tmHeight, (int)tm.tmAscent, tm.tmPitchAndFamily);
        SIZE sz;
        check(GetTextExtentExPointW(dc, L"Hello wmemu", 11, 0, NULL, NULL, &sz), "GetTextExtentExPointW");
        printf("extent %d %d\n", (int)sz.cx, (int)sz.cy);
        RECT r = { 0, 290, 300, 330 };
        HBRUSH white = CreateSolidBrush(RGB(255, 255, 255));
        FillRect(dc, &r, white);
        DeleteObject(white);
        SetBkMode(dc, TRANSPARENT);
        SetTextColor(dc, RGB(0, 0, 0));
        ExtTextOutW(dc, 20, 300, 0, NULL, L"Hello wmemu", 11, NULL);
        SelectObject(dc, old);
        DeleteObject(f);
        if (path[0]) {
            check(RemoveFontResourceW(path), "RemoveFontResourceW(PATH): TRUE");
            SetLastError(0);
            check(!RemoveFontResourceW(path) && GetLastError() == 2, "... again: FALSE, ERROR_FILE_NOT_FOUND");
            families(dc);
        }
    }
    ReleaseDC(NULL, dc);
    printf("devfont: %d failures\n", failures);
    return failures;
}
