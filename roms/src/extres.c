/* extres.c — coredll ExtractResource (emulator/dlls/coredll/extractres.ts), as the CE 6 oleaut32's
 * LoadTypeLib calls it: a LocalAlloc'd copy of a resource of a module file, taken from this EXE's own
 * file (roms/src/extres.rc) and from a DLL that is not loaded (the path given as the argument, when
 * there is one); failures return NULL with ERROR_RESOURCE_NAME_NOT_FOUND. Prints ok/FAIL lines; exit
 * code = failures. */
#include <windows.h>
#include <ce_modules.h>

WINBASEAPI void *WINAPI ExtractResource(LPCWSTR file, LPCWSTR name, LPCWSTR type);
#define ERROR_RESOURCE_NAME_NOT_FOUND 1814

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    static WCHAR self[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    BYTE *p = ExtractResource(self, (LPCWSTR)1, L"TYPELIB");
    check(p && !memcmp(p, "TLB1\x01\x02", 6) && LocalSize(p) >= 6, "resource 1 of this EXE: its 6 bytes in a LocalAlloc block");
    BYTE *q = ExtractResource(self, (LPCWSTR)1, L"typelib");
    check(q && q != p && !memcmp(q, "TLB1", 4), "the type name is case-insensitive; each call makes a new copy");
    check(LocalFree(p) == NULL && LocalFree(q) == NULL, "the copies are LocalFree'd");
    p = ExtractResource(self, L"#2", L"TYPELIB");
    check(p && !memcmp(p, "second blob", 11), "name \"#2\" is resource 2");
    LocalFree(p);
    SetLastError(0);
    check(ExtractResource(self, (LPCWSTR)3, L"TYPELIB") == NULL && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND, "an empty resource: NULL, ERROR_RESOURCE_NAME_NOT_FOUND");
    SetLastError(0);
    check(ExtractResource(self, (LPCWSTR)9, L"TYPELIB") == NULL && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND, "no such name: ERROR_RESOURCE_NAME_NOT_FOUND");
    SetLastError(0);
    check(ExtractResource(self, (LPCWSTR)1, L"REGISTRY") == NULL && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND, "no such type: ERROR_RESOURCE_NAME_NOT_FOUND");
    SetLastError(0);
    check(ExtractResource(L"\\Windows\\nosuch.dll", (LPCWSTR)1, L"TYPELIB") == NULL && GetLastError() == ERROR_RESOURCE_NAME_NOT_FOUND, "no such file: ERROR_RESOURCE_NAME_NOT_FOUND");
    if (cmd && cmd[0]) {
        /* A DLL of the device with a TYPELIB resource, not loaded by this program: mapped for the call only. */
        p = ExtractResource(cmd, (LPCWSTR)1, L"TYPELIB");
        check(p && !memcmp(p, "MSFT", 4), "resource 1 of the DLL argument: a type library (MSFT)");
        check(GetModuleHandleW(cmd) == NULL, "the DLL is not left loaded");
        LocalFree(p);
    }
    printf("extres: %d failures\n", failures);
    return failures;
}
