/* dynload.c — LoadLibraryW / GetProcAddressW / FreeLibrary on real ARM DLLs and on emulated ones,
 * reference counts, forwarders, DllMain attach/detach and failure, and resources (FindResourceW,
 * LoadResource, SizeofResource, LoadStringW) from a DLL and from the EXE itself (dynload.rc).
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_modules.h>
#include <winreg.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

typedef int (*BINOP)(int, int);
typedef int (*NOARG)(void);
typedef void *(*MEMCPY)(void *, const void *, size_t);
typedef size_t (*WCSLEN)(const wchar_t *);

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    /* ---- a real DLL ---- */
    check(GetModuleHandleW(L"testdll.dll") == NULL, "testdll not loaded before LoadLibraryW");
    printf("dynload: LoadLibraryW(testdll.dll)\n");
    HMODULE h = LoadLibraryW(L"testdll.dll");
    check(h != NULL, "LoadLibraryW(testdll.dll)");
    if (!h) { printf("dynload: %d failures\n", failures + 1); return failures + 1; }
    BINOP add = (BINOP)GetProcAddressW(h, L"td_add");
    check(add && add(20, 22) == 42, "GetProcAddressW by name, call");
    NOARG hidden = (NOARG)GetProcAddressW(h, (LPCWSTR)7);
    check(hidden && hidden() == 777, "GetProcAddressW by ordinal (NONAME export)");
    BINOP mul = (BINOP)GetProcAddressW(h, L"td_mul");
    check(mul && mul(6, 7) == 42, "forwarder testdll2.#12");
    MEMCPY mc = (MEMCPY)GetProcAddressW(h, L"td_memcpy");
    char buf[8] = {0};
    check(mc && mc(buf, "abc", 4) == buf && strcmp(buf, "abc") == 0, "forwarder COREDLL.memcpy");
    int *data = (int *)GetProcAddressW(h, L"td_data");
    check(data && *data == 1234, "exported data");
    SetLastError(0);
    check(GetProcAddressW(h, L"no_such_export") == NULL && GetLastError() == ERROR_PROC_NOT_FOUND, "missing export -> NULL, ERROR_PROC_NOT_FOUND");
    check(GetProcAddressA(h, "td_add") == (FARPROC)add, "GetProcAddressA");
    NOARG count = (NOARG)GetProcAddressW(h, L"td_attach_count");
    check(count && count() == 1, "DllMain attached once");
    check(LoadLibraryW(L"\\Windows\\TESTDLL.DLL") == h, "second LoadLibraryW (device path, other case) -> same handle");
    check(count() == 1, "no second DllMain");
    check(GetModuleHandleW(L"testdll2.dll") != NULL, "dependency testdll2 loaded");

    /* ---- resources of the DLL ---- */
    WCHAR s[64];
    check(LoadStringW(h, 1, s, 64) == 18 && wcscmp(s, L"testdll string one") == 0, "LoadStringW 1");
    check(LoadStringW(h, 17, s, 64) == 9 && wcscmp(s, L"seventeen") == 0, "LoadStringW 17 (second block)");
    check(LoadStringW(h, 2, s, 4) == 3 && wcscmp(s, L"sec") == 0, "LoadStringW truncates");
    check(LoadStringW(h, 3, s, 64) == 0, "LoadStringW missing id -> 0");
    const WCHAR *ro = NULL;
    check(LoadStringW(h, 2, (LPWSTR)&ro, 0) == 6 && ro && ro[0] == L's' && ro[-1] == 6, "LoadStringW cchBufferMax 0 -> read-only pointer");
    HRSRC r = FindResourceW(h, MAKEINTRESOURCE(300), RT_RCDATA);
    check(r != NULL, "FindResourceW(300, RT_RCDATA)");
    const char *p = (const char *)LockResource(LoadResource(h, r));
    check(p && SizeofResource(h, r) == 13 && memcmp(p, "RCDATA-BLOB", 11) == 0 && p[11] == 0x41 && p[12] == 0x42, "LoadResource/SizeofResource contents");
    r = FindResourceW(h, L"blob", RT_RCDATA);
    check(r != NULL && SizeofResource(h, r) == 5, "FindResourceW by name, case-insensitive");
    SetLastError(0);
    check(FindResourceW(h, MAKEINTRESOURCE(301), RT_RCDATA) == NULL && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND, "missing resource -> ERROR_RESOURCE_NAME_NOT_FOUND");

    /* ---- resources of the EXE ---- */
    check(LoadStringW(hInstance, 100, s, 64) == 11 && wcscmp(s, L"exe string!") == 0, "LoadStringW from the EXE");
    check(LoadStringW(NULL, 100, s, 64) == 11, "LoadStringW(NULL hInstance)");

    /* ---- reference counts and DETACH ---- */
    check(FreeLibrary(h), "FreeLibrary (1 of 2)");
    check(GetModuleHandleW(L"testdll.dll") == h && add(1, 1) == 2, "still loaded after first FreeLibrary");
    printf("dynload: FreeLibrary (last)\n");
    check(FreeLibrary(h), "FreeLibrary (2 of 2)");
    check(GetModuleHandleW(L"testdll.dll") == NULL, "unloaded after last FreeLibrary");
    check(GetModuleHandleW(L"testdll2.dll") == NULL, "dependency unloaded too");
    h = LoadLibraryW(L"testdll");
    check(h != NULL && ((NOARG)GetProcAddressW(h, L"td_attach_count"))() == 1, "reload without extension: fresh DllMain");
    FreeLibrary(h);

    /* ---- failures ---- */
    SetLastError(0);
    check(LoadLibraryW(L"nosuch.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND, "missing DLL -> ERROR_MOD_NOT_FOUND");
    SetLastError(0);
    printf("dynload: LoadLibraryW(faildll.dll)\n");
    check(LoadLibraryW(L"faildll.dll") == NULL && GetLastError() == ERROR_DLL_INIT_FAILED, "DllMain FALSE -> ERROR_DLL_INIT_FAILED");
    check(GetModuleHandleW(L"faildll.dll") == NULL, "failed DLL not left loaded");

    /* ---- emulated DLLs ---- */
    HMODULE core = LoadLibraryW(L"coredll.dll");
    check(core != NULL && GetModuleHandleW(L"COREDLL") == core, "LoadLibraryW(coredll.dll) pseudo handle");
    WCSLEN wl = (WCSLEN)GetProcAddressW(core, L"wcslen");
    check(wl && wl(L"hello") == 5, "GetProcAddressW(coredll, wcslen) call");
    MEMCPY mc2 = (MEMCPY)GetProcAddressW(core, (LPCWSTR)1044);
    check(mc2 && mc2(buf, "xyz", 4) == buf && strcmp(buf, "xyz") == 0, "GetProcAddressW(coredll, #1044 memcpy)");
    check(GetProcAddressW(core, L"NoSuchFunction") == NULL, "GetProcAddressW(coredll, unknown) -> NULL");
    check(GetModuleFileNameW(core, s, 64) > 0 && wcscmp(s, L"\\Windows\\coredll.dll") == 0, "GetModuleFileNameW(coredll)");
    check(FreeLibrary(core), "FreeLibrary(coredll)");
    HMODULE ws2 = LoadLibraryW(L"ws2.dll");
    check(ws2 != NULL && ws2 != core, "LoadLibraryW(ws2.dll)");
    check(GetProcAddressW(ws2, L"htons") != NULL, "GetProcAddressW(ws2, htons)");

    /* REG_MUI_SZ (21, CE's mui_sz): RegQueryValueExW answers the string resource it names, as REG_SZ
     * (coredll/registry.ts); one naming no string is answered as stored. */
    HKEY k = NULL;
    DWORD type = 0, cb = sizeof s;
    static const WCHAR mui[] = L"testdll.dll,#1", nomui[] = L"testdll.dll,#999";
    check(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\wmemu-mui", 0, NULL, 0, 0, NULL, &k, NULL) == 0, "RegCreateKeyExW for REG_MUI_SZ");
    RegSetValueExW(k, L"M", 0, 21, (const BYTE *)mui, sizeof mui);
    RegSetValueExW(k, L"N", 0, 21, (const BYTE *)nomui, sizeof nomui);
    check(RegQueryValueExW(k, L"M", NULL, &type, (BYTE *)s, &cb) == 0 && type == REG_SZ && wcscmp(s, L"testdll string one") == 0, "REG_MUI_SZ read as its string");
    cb = sizeof s;
    check(RegQueryValueExW(k, L"N", NULL, &type, (BYTE *)s, &cb) == 0 && type == 21 && wcscmp(s, nomui) == 0, "REG_MUI_SZ naming no string: as stored");
    RegCloseKey(k);

    printf("dynload: %d failures\n", failures);
    return failures;
}
