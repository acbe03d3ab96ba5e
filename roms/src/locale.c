/* locale.c — strings and locale conformance: FormatMessageW (system texts, %1 inserts with
 * !fmt!, ARGUMENT_ARRAY and va_list, ALLOCATE_BUFFER), code pages 1252 and UTF-8, GetLocaleInfoW,
 * GetDateFormatW, GetTimeFormatW, CompareStringW / lstrcmp(i)W, CharUpperW / CharLowerW.
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_locale.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static DWORD fmt_va(LPWSTR buf, DWORD n, LPCWSTR f, ...)
{
    va_list ap;
    va_start(ap, f);
    DWORD r = FormatMessageW(FORMAT_MESSAGE_FROM_STRING, f, 0, 0, buf, n, &ap);
    va_end(ap);
    return r;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    WCHAR w[128];
    char a[64];

    /* ---- FormatMessageW ---- */
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 2, 0, w, 128, NULL);
    check(n == 44 && wcscmp(w, L"The system cannot find the file specified.\r\n") == 0, "FROM_SYSTEM ERROR_FILE_NOT_FOUND");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 10061, 0, w, 128, NULL);
    check(n > 0 && memcmp(w, L"No connection could be made", 54) == 0, "FROM_SYSTEM WSAECONNREFUSED");
    SetLastError(0);
    check(FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x12345, 0, w, 128, NULL) == 0 && GetLastError() == ERROR_MR_MID_NOT_FOUND, "unknown id -> ERROR_MR_MID_NOT_FOUND");
    DWORD_PTR arr[3] = { (DWORD_PTR)L"disk", 42, (DWORD_PTR)"narrow" };
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"%1 has %2!d! errors (%3!S!) 100%% %2!04x!%n", 0, 0, w, 128, (va_list *)arr);
    check(wcscmp(w, L"disk has 42 errors (narrow) 100% 002a\r\n") == 0 && n == wcslen(w), "FROM_STRING inserts, !fmt!, %%, %n (argument array)");
    n = fmt_va(w, 128, L"[%2] [%1!5d!]%0 ignored", 7, L"two");
    check(wcscmp(w, L"[two] [    7]") == 0, "FROM_STRING with va_list, %0");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, L"keep %1 and %n", 0, 0, w, 128, NULL);
    check(wcscmp(w, L"keep %1 and %n") == 0, "IGNORE_INSERTS");
    SetLastError(0);
    check(FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 5, 0, w, 5, NULL) == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "too small buffer");
    LPWSTR p = NULL;
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, 87, 0, (LPWSTR)&p, 0, NULL);
    check(n > 0 && p && wcscmp(p, L"The parameter is incorrect.\r\n") == 0, "ALLOCATE_BUFFER");
    check(LocalFree(p) == NULL, "LocalFree of the allocated message");

    /* ---- code pages ---- */
    n = WideCharToMultiByte(CP_ACP, 0, L"caf\x00e9 \x20ac!", -1, a, 64, NULL, NULL);
    check(n == 8 && memcmp(a, "caf\xe9 \x80!", 8) == 0, "WideCharToMultiByte CP_ACP (1252: e9, euro 80)");
    BOOL used = FALSE;
    n = WideCharToMultiByte(CP_ACP, 0, L"\x4e2d" L"x", 2, a, 64, NULL, &used);
    check(n == 2 && a[0] == '?' && a[1] == 'x' && used, "unmappable -> '?', lpUsedDefaultChar");
    n = WideCharToMultiByte(CP_UTF8, 0, L"\x00e9\x20ac", -1, NULL, 0, NULL, NULL);
    check(n == 6, "UTF-8 size query");
    WideCharToMultiByte(CP_UTF8, 0, L"\x00e9\x20ac", -1, a, 64, NULL, NULL);
    check(memcmp(a, "\xc3\xa9\xe2\x82\xac", 6) == 0, "WideCharToMultiByte CP_UTF8");
    SetLastError(0);
    check(WideCharToMultiByte(CP_UTF8, 0, L"abcdef", -1, a, 3, NULL, NULL) == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "too small -> ERROR_INSUFFICIENT_BUFFER");
    n = MultiByteToWideChar(CP_ACP, 0, "\x80\xe9z", -1, w, 128);
    check(n == 4 && w[0] == 0x20ac && w[1] == 0xe9 && w[2] == 'z' && w[3] == 0, "MultiByteToWideChar CP_ACP");
    n = MultiByteToWideChar(CP_UTF8, 0, "\xe2\x82\xac\xc3\xa9", 5, w, 128);
    check(n == 2 && w[0] == 0x20ac && w[1] == 0xe9, "MultiByteToWideChar CP_UTF8 (counted, no NUL)");
    check(MultiByteToWideChar(CP_UTF8, 0, "hello", -1, NULL, 0) == 6, "MultiByteToWideChar size query");
    check(GetACP() == 1252, "GetACP");

    /* ---- locale ---- */
    check(GetUserDefaultLCID() == 0x409, "GetUserDefaultLCID");
    check(GetLocaleInfoW(LOCALE_USER_DEFAULT, LOCALE_SLANGUAGE, w, 128) == 24 && wcscmp(w, L"English (United States)") == 0, "LOCALE_SLANGUAGE");
    check(GetLocaleInfoW(0x409, LOCALE_SABBREVLANGNAME, w, 128) && wcscmp(w, L"ENU") == 0, "LOCALE_SABBREVLANGNAME");
    check(GetLocaleInfoW(0x409, LOCALE_SDECIMAL, w, 128) == 2 && w[0] == '.', "LOCALE_SDECIMAL");
    check(GetLocaleInfoW(0x409, LOCALE_SSHORTDATE, NULL, 0) == 9, "size query");
    check(GetLocaleInfoW(0x409, LOCALE_SDAYNAME1, w, 128) && wcscmp(w, L"Monday") == 0, "LOCALE_SDAYNAME1 = Monday");
    check(GetLocaleInfoW(0x409, LOCALE_SMONTHNAME1 + 11, w, 128) && wcscmp(w, L"December") == 0, "LOCALE_SMONTHNAME12");
    DWORD num = 0;
    check(GetLocaleInfoW(0x409, LOCALE_IDEFAULTANSICODEPAGE | LOCALE_RETURN_NUMBER, (LPWSTR)&num, 2) == 2 && num == 1252, "LOCALE_RETURN_NUMBER");
    SetLastError(0);
    check(GetLocaleInfoW(0x409, LOCALE_SLANGUAGE, w, 3) == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "too small");

    SYSTEMTIME st = { 2009, 5, 0, 11, 14, 7, 9, 0 };
    check(GetDateFormatW(0x409, DATE_SHORTDATE, &st, NULL, w, 128) && wcscmp(w, L"5/11/2009") == 0, "GetDateFormatW short");
    check(GetDateFormatW(0x409, DATE_LONGDATE, &st, NULL, w, 128) && wcscmp(w, L"Monday, May 11, 2009") == 0, "GetDateFormatW long");
    check(GetDateFormatW(0x409, 0, &st, L"ddd dd MMM yy 'at' yyyy", w, 128) && wcscmp(w, L"Mon 11 May 09 at 2009") == 0, "GetDateFormatW picture and quotes");
    check(GetTimeFormatW(0x409, 0, &st, NULL, w, 128) && wcscmp(w, L"2:07:09 PM") == 0, "GetTimeFormatW default");
    check(GetTimeFormatW(0x409, TIME_NOSECONDS, &st, NULL, w, 128) && wcscmp(w, L"2:07 PM") == 0, "TIME_NOSECONDS");
    check(GetTimeFormatW(0x409, 0, &st, L"HH'h'mm", w, 128) && wcscmp(w, L"14h07") == 0, "GetTimeFormatW picture");
    check(GetDateFormatW(0x409, DATE_SHORTDATE, NULL, NULL, w, 128) > 8, "GetDateFormatW(NULL = now)");

    /* ---- comparison and case ---- */
    check(CompareStringW(0x409, 0, L"apple", -1, L"Banana", -1) == CSTR_LESS_THAN, "CompareStringW linguistic (a < B)");
    check(CompareStringW(0x409, NORM_IGNORECASE, L"HeLLo", -1, L"hello", -1) == CSTR_EQUAL, "NORM_IGNORECASE");
    check(CompareStringW(0x409, 0, L"abcX", 3, L"abcY", 3) == CSTR_EQUAL, "counted strings");
    check(lstrcmpW(L"a", L"b") < 0 && lstrcmpW(L"b", L"a") > 0 && lstrcmpW(L"x", L"x") == 0, "lstrcmpW");
    check(lstrcmpiW(L"ABC", L"abc") == 0 && lstrcmpiW(L"abc", L"ABD") < 0, "lstrcmpiW");
    wcscpy(w, L"MiXeD \x00e9");
    check(CharUpperW(w) == w && wcscmp(w, L"MIXED \x00c9") == 0, "CharUpperW string");
    check(CharLowerW(w) == w && wcscmp(w, L"mixed \x00e9") == 0, "CharLowerW string");
    check((DWORD)CharUpperW((LPWSTR)(DWORD)'q') == 'Q', "CharUpperW single character");
    check(CharUpperBuffW(w, 2) == 2 && w[0] == 'M' && w[1] == 'I' && w[2] == 'x', "CharUpperBuffW");

    printf("locale: %d failures\n", failures);
    return failures;
}
