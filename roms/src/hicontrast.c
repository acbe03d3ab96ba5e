/* hicontrast.c — SystemParametersInfoW SPI_GETHIGHCONTRAST / SPI_SETHIGHCONTRAST as CE 6's gwes.dll
 * answers them (disassembled; emulator/dlls/coredll/highcontrast.ts): HIGHCONTRAST is 12 bytes on CE;
 * cbSize != 12, uiParam != cbSize, a NULL structure or a NULL lpszDefaultScheme -> FALSE, 87 (ce6
 * msmsgs.exe passes NULL); GET -> dwFlags HCF_AVAILABLE | HCF_HOTKEYAVAILABLE (0x42) and "" before a
 * scheme was chosen; SET takes exactly "High Contrast White" / "High Contrast Black" (wcscmp), else 87;
 * GET then answers the stored flags (| 0x42) and the scheme name.
 * Prints "ok NAME" / "FAIL NAME got=N"; exit code = failures (test/gwes/hicontrast.test.ts). */
#include <windows.h>
#include <winuser.h>
#include <stdio.h>
#include <wchar.h>

WINBASEAPI BOOL WINAPI SystemParametersInfoW(UINT action, UINT param, void *pv, UINT ini); /* 89 */
#define SPI_GETHIGHCONTRAST 0x42
#define SPI_SETHIGHCONTRAST 0x43
typedef struct { UINT cbSize; DWORD dwFlags; WCHAR *lpszDefaultScheme; } HIGHCONTRASTW;

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%lx\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))

/* SystemParametersInfoW(action, uiParam, hc) with the last error preset to 0; *err receives it. */
static BOOL spi(UINT action, UINT param, HIGHCONTRASTW *hc, DWORD *err)
{
    SetLastError(0);
    BOOL r = SystemParametersInfoW(action, param, hc, 0);
    *err = GetLastError();
    return r;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    WCHAR name[20];
    HIGHCONTRASTW hc;
    DWORD err;
    BOOL r;

    /* GET before any SET: flags 0x42, empty name. */
    wcscpy(name, L"XXXX");
    hc.cbSize = sizeof hc; hc.dwFlags = 0xffff; hc.lpszDefaultScheme = name;
    r = spi(SPI_GETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("get", r == TRUE && err == 0, err);
    CHECK("get-flags", hc.dwFlags == 0x42, hc.dwFlags);
    CHECK("get-name-empty", name[0] == 0, name[0]);

    /* The checks, each alone. */
    hc.lpszDefaultScheme = NULL;
    r = spi(SPI_GETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("get-null-name", r == FALSE && err == ERROR_INVALID_PARAMETER, err);
    hc.lpszDefaultScheme = name; hc.cbSize = 8;
    r = spi(SPI_GETHIGHCONTRAST, 8, &hc, &err);
    CHECK("get-cbsize", r == FALSE && err == ERROR_INVALID_PARAMETER, err);
    hc.cbSize = sizeof hc;
    r = spi(SPI_GETHIGHCONTRAST, 0, &hc, &err);
    CHECK("get-uiparam", r == FALSE && err == ERROR_INVALID_PARAMETER, err);
    r = spi(SPI_GETHIGHCONTRAST, sizeof hc, NULL, &err);
    CHECK("get-null", r == FALSE && err == ERROR_INVALID_PARAMETER, err);

    /* SET: only the two scheme names, compared exactly. */
    wcscpy(name, L"High Contrast Grey");
    hc.dwFlags = 0;
    r = spi(SPI_SETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("set-unknown-scheme", r == FALSE && err == ERROR_INVALID_PARAMETER, err);
    wcscpy(name, L"high contrast black");
    r = spi(SPI_SETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("set-case", r == FALSE && err == ERROR_INVALID_PARAMETER, err);
    hc.lpszDefaultScheme = NULL;
    r = spi(SPI_SETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("set-null-name", r == FALSE && err == ERROR_INVALID_PARAMETER, err);
    hc.lpszDefaultScheme = name;
    wcscpy(name, L"High Contrast Black");
    r = spi(SPI_SETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("set-black", r == TRUE && err == 0, err);
    wcscpy(name, L"XXXX");
    hc.dwFlags = 0;
    r = spi(SPI_GETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("get-black", r == TRUE && hc.dwFlags == 0x42 && wcscmp(name, L"High Contrast Black") == 0, hc.dwFlags);

    /* Flags other than HCF_HIGHCONTRASTON are stored: HCF_HOTKEYSOUND (0x10). */
    wcscpy(name, L"High Contrast White");
    hc.dwFlags = 0x10;
    r = spi(SPI_SETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("set-white", r == TRUE, err);
    wcscpy(name, L"XXXX");
    hc.dwFlags = 0;
    r = spi(SPI_GETHIGHCONTRAST, sizeof hc, &hc, &err);
    CHECK("get-white", r == TRUE && hc.dwFlags == 0x52 && wcscmp(name, L"High Contrast White") == 0, hc.dwFlags);

    printf("failures %d\n", g_fail);
    return g_fail;
}
