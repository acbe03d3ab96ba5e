/* ktrap.c — calls kernel trap addresses directly, as code built against CE's kfuncs.h / mkfuncs.h
 * does: address = 0xF0010000 - ((apiSet << 8) | method) * 4, API set 0 = SH_WIN32. Covers plain
 * calls, a blocking call (Sleep), one that runs guest code (LoadLibraryW -> DllMain) and results
 * compared with the coredll imports. With the argument "unknown" it calls an unmapped method,
 * which must stop the run naming it. Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_modules.h>

#define KTRAP(set, method) (0xF0010000u - ((((set) << 8) | (method)) * 4u))
#define KCALL(type, method) ((type)KTRAP(0, method))

typedef DWORD   (*PFN_V)(void);
typedef void    (*PFN_D)(DWORD);
typedef DWORD   (*PFN_DD)(DWORD, DWORD);
typedef HANDLE  (*PFN_EVENT)(LPVOID, BOOL, BOOL, LPCWSTR);
typedef HMODULE (*PFN_LOADLIB)(LPCWSTR);
typedef FARPROC (*PFN_GPA)(HMODULE, LPCWSTR);
typedef BOOL    (*PFN_FREELIB)(HMODULE);
typedef HMODULE (*PFN_GMH)(LPCWSTR);
typedef void    (*PFN_ODS)(LPCWSTR);
typedef int     (*PFN_ADD)(int, int);

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    if (wcscmp(cmd, L"unknown") == 0) {
        printf("ktrap: calling API set 0 method 120\n");
        KCALL(PFN_V, 120)();
        printf("ktrap: returned\n");
        return 3;
    }
    KCALL(PFN_D, 88)(1234);                                   /* SetLastError */
    check(GetLastError() == 1234, "trap SetLastError -> import GetLastError");
    SetLastError(4321);
    check(KCALL(PFN_V, 89)() == 4321, "import SetLastError -> trap GetLastError");
    DWORD t0 = KCALL(PFN_V, 13)();                            /* GetTickCount */
    KCALL(PFN_D, 82)(30);                                     /* Sleep: parks the thread */
    DWORD t1 = GetTickCount();

    check(t1 - t0 >= 25 && t1 - t0 < 5000, "trap Sleep(30) blocks and returns");
    DWORD slot = KCALL(PFN_DD, 15)(0, 0);                     /* TlsCall(TLS_FUNCALLOC) */
    check(slot != 0xFFFFFFFF && TlsSetValue(slot, (LPVOID)99) && TlsGetValue(slot) == (LPVOID)99, "trap TlsCall alloc");
    HANDLE ev = KCALL(PFN_EVENT, 52)(NULL, TRUE, TRUE, NULL); /* CreateEventW */
    check(ev && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "trap CreateEventW (signaled)");
    CloseHandle(ev);
    check(KCALL(PFN_GMH, 131)(NULL) == hInstance, "trap GetModuleHandleW(NULL)");
    KCALL(PFN_ODS, 14)(L"ktrap: OutputDebugStringW via trap");
    HMODULE h = KCALL(PFN_LOADLIB, 8)(L"testdll.dll");        /* LoadLibraryW: DllMain runs */
    check(h != NULL, "trap LoadLibraryW(testdll.dll)");
    PFN_ADD add = (PFN_ADD)KCALL(PFN_GPA, 10)(h, L"td_add");  /* GetProcAddressW */
    check(add && add(40, 2) == 42, "trap GetProcAddressW + call");
    check(KCALL(PFN_FREELIB, 9)(h), "trap FreeLibrary");
    printf("ktrap: %d failures\n", failures);
    return failures;
}
