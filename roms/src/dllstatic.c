/* dllstatic.c — imports testdll.dll (which imports testdll2.dll) statically: both DllMains must have
 * run, dependency first, before WinMain. Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_modules.h>

__declspec(dllimport) int td_add(int a, int b);
__declspec(dllimport) int td_add_mul(int a, int b);
__declspec(dllimport) int td_attach_count(void);
__declspec(dllimport) HINSTANCE td_hinst(void);
__declspec(dllimport) int td_data;
__declspec(dllimport) const char *td2_get_log(void);
__declspec(dllimport) int td2_attach_count(void);
__declspec(dllimport) int td_thread_counts(void);

static DWORD WINAPI worker(LPVOID p) { return (DWORD)p + td_thread_counts(); }

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    printf("dllstatic: WinMain\n");
    check(strcmp(td2_get_log(), "testdll2 attach;testdll attach;") == 0, "DllMain order: testdll2 before testdll, both before WinMain");
    check(td_attach_count() == 1 && td2_attach_count() == 1, "each DllMain attached once");
    check(td_add(2, 40) == 42, "call into testdll");
    check(td_add_mul(3, 4) == 14, "testdll calls into testdll2");
    check(td_data == 1234, "imported data");
    HMODULE h = GetModuleHandleW(L"testdll.dll");
    check(h != NULL && h == td_hinst(), "GetModuleHandleW(testdll.dll) == hinst given to DllMain");
    check(GetModuleHandleW(L"TESTDLL2") != NULL, "GetModuleHandleW(TESTDLL2) without extension");
    WCHAR path[64];
    DWORD n = GetModuleFileNameW(h, path, 64);
    check(n == 20 && wcscmp(path, L"\\Windows\\testdll.dll") == 0, "GetModuleFileNameW of the DLL");
    /* A new thread: DllMain(DLL_THREAD_ATTACH) runs in it before its start routine, DLL_THREAD_DETACH
     * after the routine returns. The worker sees attach=1, detach=0; afterwards detach is 1. */
    DWORD code = 0;
    HANDLE th = CreateThread(NULL, 0, worker, (LPVOID)1000, 0, NULL);
    check(th != NULL && WaitForSingleObject(th, 5000) == WAIT_OBJECT_0 && GetExitCodeThread(th, &code), "thread ran");
    check(code == 1000 + 100, "DLL_THREAD_ATTACH before the thread's routine");
    check(td_thread_counts() == 101, "DLL_THREAD_DETACH after it returned");
    printf("dllstatic: %d failures\n", failures);
    return failures;
}
