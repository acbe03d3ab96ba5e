/* registry.exe — the CE registry API: reads the values the test seeds from a REGEDIT4 file
 * (HKLM\Software\wmemu\Seed), writes and enumerates its own key (HKCU\Software\wmemu\Written), checks
 * the error codes (returned, last error untouched), and bumps a run counter so the test can check the
 * registry persisted between runs. Prints "run count N". Exit code = failures. */
#include <windows.h>
#include <winreg.h>

static int failures;
#define CHECK(cond, ...) do { if (cond) printf("ok " __VA_ARGS__); else { failures++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show)
{
    HKEY k, w, sub;
    DWORD type, size, disp, v, i;
    BYTE data[256];
    wchar_t name[64];
    LONG r;

    /* seeded values */
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\wmemu\\Seed", 0, KEY_READ, &k);
    CHECK(r == ERROR_SUCCESS, "RegOpenKeyExW seeded key (%ld)", r);
    size = 0;
    r = RegQueryValueExW(k, L"Greeting", NULL, &type, NULL, &size);
    CHECK(r == ERROR_SUCCESS && type == REG_SZ && size == 2 * 16, "size query of a REG_SZ (%ld %lu %lu)", r, type, size);
    size = 8;
    r = RegQueryValueExW(k, L"greeting", NULL, &type, data, &size);
    CHECK(r == ERROR_MORE_DATA && size == 32, "small buffer: ERROR_MORE_DATA with the size (%ld %lu)", r, size);
    size = sizeof data;
    r = RegQueryValueExW(k, L"Greeting", NULL, &type, data, &size);
    CHECK(r == ERROR_SUCCESS && wcscmp((wchar_t *)data, L"hello from .reg") == 0, "REG_SZ value");
    size = sizeof v;
    r = RegQueryValueExW(k, L"Answer", NULL, &type, (BYTE *)&v, &size);
    CHECK(r == ERROR_SUCCESS && type == REG_DWORD && v == 42 && size == 4, "REG_DWORD value");
    size = sizeof data;
    r = RegQueryValueExW(k, L"Blob", NULL, &type, data, &size);
    CHECK(r == ERROR_SUCCESS && type == REG_BINARY && size == 3 && data[0] == 1 && data[2] == 3, "REG_BINARY value");
    size = sizeof data;
    r = RegQueryValueExW(k, L"Multi", NULL, &type, data, &size);
    CHECK(r == ERROR_SUCCESS && type == REG_MULTI_SZ && size == 10 && memcmp(data, L"a\0b\0", 10) == 0, "REG_MULTI_SZ value (%lu)", size);
    size = sizeof data;
    r = RegQueryValueExW(k, L"Path", NULL, &type, data, &size);
    CHECK(r == ERROR_SUCCESS && type == REG_EXPAND_SZ && wcscmp((wchar_t *)data, L"%TEMP%\\x") == 0, "REG_EXPAND_SZ value");
    size = sizeof data;
    r = RegQueryValueExW(k, NULL, NULL, &type, data, &size);
    CHECK(r == ERROR_SUCCESS && wcscmp((wchar_t *)data, L"default value") == 0, "default value (@)");
    size = sizeof data;
    r = RegQueryValueExW(k, L"Long", NULL, &type, data, &size);
    CHECK(r == ERROR_SUCCESS && size == 40, "hex value continued over lines (%lu)", size);
    SetLastError(1234);
    r = RegQueryValueExW(k, L"Missing", NULL, &type, data, &size);
    CHECK(r == ERROR_FILE_NOT_FOUND && GetLastError() == 1234, "missing value: ERROR_FILE_NOT_FOUND, last error untouched");
    r = RegQueryValueExW(k, L"Greeting", NULL, &type, data, NULL);
    CHECK(r == ERROR_INVALID_PARAMETER, "data without a size: INVALID_PARAMETER");
    CHECK(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\wmemu\\Nope", 0, KEY_READ, &sub) == ERROR_FILE_NOT_FOUND, "missing key: ERROR_FILE_NOT_FOUND");
    CHECK(RegOpenKeyExW((HKEY)0x1234, L"x", 0, KEY_READ, &sub) == ERROR_INVALID_HANDLE, "bad key handle: ERROR_INVALID_HANDLE");
    CHECK(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\WMEMU\\seed", 0, KEY_READ, &sub) == ERROR_SUCCESS && RegCloseKey(sub) == ERROR_SUCCESS, "key names are case-insensitive");
    CHECK(RegDeleteValueW(k, L"Obsolete") == ERROR_SUCCESS, "RegDeleteValueW of a seeded value");
    CHECK(RegDeleteValueW(k, L"Obsolete") == ERROR_FILE_NOT_FOUND, "RegDeleteValueW again: FILE_NOT_FOUND");
    CHECK(RegCloseKey(k) == ERROR_SUCCESS, "RegCloseKey");
    CHECK(RegCloseKey(k) == ERROR_INVALID_HANDLE, "RegCloseKey again: INVALID_HANDLE");

    /* a key of our own */
    r = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\wmemu\\Written", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &w, &disp);
    CHECK(r == ERROR_SUCCESS, "RegCreateKeyExW (disposition %lu)", disp);
    v = 0;
    size = 4;
    RegQueryValueExW(w, L"RunCount", NULL, &type, (BYTE *)&v, &size);
    v++;
    CHECK(RegSetValueExW(w, L"RunCount", 0, REG_DWORD, (BYTE *)&v, 4) == ERROR_SUCCESS, "RegSetValueExW REG_DWORD");
    printf("run count %lu\n", v);
    CHECK(RegSetValueExW(w, L"Text", 0, REG_SZ, (const BYTE *)L"\x00e9t\x00e9 \"quoted\" \\", 2 * 15) == ERROR_SUCCESS, "RegSetValueExW REG_SZ");
    CHECK(RegSetValueExW(w, L"Bytes", 0, REG_BINARY, (const BYTE *)"\x00\xff\x10", 3) == ERROR_SUCCESS, "RegSetValueExW REG_BINARY");
    CHECK(RegSetValueExW(w, L"List", 0, REG_MULTI_SZ, (const BYTE *)L"one\0two\0", 2 * 9) == ERROR_SUCCESS, "RegSetValueExW REG_MULTI_SZ");
    CHECK(RegSetValueExW(w, L"Bad", 0, REG_DWORD, (BYTE *)&v, 3) == ERROR_INVALID_PARAMETER, "REG_DWORD of 3 bytes: INVALID_PARAMETER");
    r = RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\wmemu\\Written", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, &disp);
    CHECK(r == ERROR_SUCCESS && disp == REG_OPENED_EXISTING_KEY, "RegCreateKeyExW again: OPENED_EXISTING");
    RegCloseKey(sub);
    r = RegCreateKeyExW(w, L"Temp\\Deep", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, &disp);
    CHECK(r == ERROR_SUCCESS && disp == REG_CREATED_NEW_KEY, "RegCreateKeyExW of a new nested key: CREATED_NEW");
    RegCloseKey(sub);
    RegCreateKeyExW(w, L"Beta", 0, NULL, 0, 0, NULL, &sub, NULL);
    RegCloseKey(sub);
    RegCreateKeyExW(w, L"alpha", 0, NULL, 0, 0, NULL, &sub, NULL);
    RegCloseKey(sub);

    /* enumeration */
    {
        wchar_t all[128] = L"";
        for (i = 0;; i++) {
            DWORD len = 64;
            r = RegEnumKeyExW(w, i, name, &len, NULL, NULL, NULL, NULL);
            if (r != ERROR_SUCCESS) break;
            wcscat(all, name);
            wcscat(all, L";");
        }
        CHECK(r == ERROR_NO_MORE_ITEMS && wcscmp(all, L"alpha;Beta;Temp;") == 0, "RegEnumKeyExW lists the subkeys");
        DWORD len = 3;
        CHECK(RegEnumKeyExW(w, 0, name, &len, NULL, NULL, NULL, NULL) == ERROR_MORE_DATA, "RegEnumKeyExW small buffer: MORE_DATA");
        all[0] = 0;
        int n = 0;
        for (i = 0;; i++) {
            len = 64;
            size = sizeof data;
            r = RegEnumValueW(w, i, name, &len, NULL, &type, data, &size);
            if (r != ERROR_SUCCESS) break;
            if (n++ < 5) { wcscat(all, name); wcscat(all, L";"); }
        }
        CHECK(r == ERROR_NO_MORE_ITEMS && n >= 4, "RegEnumValueW lists the values (%d)", n);
        DWORD subs, vals, maxName, maxData;
        CHECK(RegQueryInfoKeyW(w, NULL, NULL, NULL, &subs, &maxName, NULL, &vals, NULL, &maxData, NULL, NULL) == ERROR_SUCCESS && subs == 3 && maxName == 5 && vals == (DWORD)n && maxData == 30,
              "RegQueryInfoKeyW (%lu subkeys, %lu values)", subs, vals);
    }
    CHECK(RegDeleteKeyW(w, L"Temp") == ERROR_SUCCESS, "RegDeleteKeyW deletes a tree");
    CHECK(RegOpenKeyExW(w, L"Temp\\Deep", 0, 0, &sub) == ERROR_FILE_NOT_FOUND, "the subtree is gone");
    CHECK(RegDeleteKeyW(w, L"Temp") == ERROR_FILE_NOT_FOUND, "RegDeleteKeyW again: FILE_NOT_FOUND");
    RegDeleteKeyW(w, L"alpha");
    RegDeleteKeyW(w, L"Beta");
    RegCloseKey(w);
    printf("registry: %d failures\n", failures);
    return failures;
}
