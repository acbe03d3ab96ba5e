/* armuse.c — Thumb-2 code using the ARM-mode DLL armdll.dll (roms/asm/armdll.s), and the module
 * lifecycle around it: DllMain reasons and lpReserved, DLL_THREAD_ATTACH/DETACH for a thread that
 * returns and for one that calls ExitThread, and DLL_PROCESS_DETACH at process exit.
 *
 * Built twice (roms/build.sh):
 *   armuse.exe  -DSTATIC_IMPORT: imports armdll.dll through armdll.lib (static load: DllMain runs
 *               before WinMain with lpReserved non-NULL), then also loads testdll.dll dynamically;
 *   armdyn.exe  loads armdll.dll only with LoadLibraryW (lpReserved NULL), frees it (DETACH, NULL)
 *               and loads it again; a thread drops the last reference with FreeLibraryAndExitThread.
 * The command line picks how the process ends (every way must detach the DLLs still loaded, last
 * initialised first, with lpReserved non-NULL):
 *   (empty)       return from WinMain (the CRT's exit(): TerminateProcess(GetCurrentProcess()))
 *   exitthread    ExitThread on the primary thread
 *   terminate     TerminateProcess(GetCurrentProcess()) directly
 *   worker        TerminateProcess from a second thread while the primary thread waits
 *   crash, hang   armdll's DllMain(DLL_PROCESS_DETACH) crashes / never returns
 *   sleep         creates \Temp\armuse.ready, then sleeps until another process terminates it
 *                 (procsusp.exe) or its parent's run ends (procorphan.exe): the DLLs must still be detached
 *   sleephang     the same, and armdll's DllMain(DLL_PROCESS_DETACH) never returns
 *   linger        creates \Temp\armuse.ready, sleeps 300 ms, then returns (outliving procorphan.exe)
 * Prints ok/FAIL lines; the exit code is 40 + failures. */
#include <windows.h>
#include <ce_modules.h>
#include <ce_files.h>

typedef int (*binop_t)(int, int);
typedef int (*intfn_t)(int);
typedef const char *(*logfn_t)(void);

#ifdef STATIC_IMPORT
__declspec(dllimport) int arm_add(int a, int b);
__declspec(dllimport) int arm_muladd(int a, int b, int c);
__declspec(dllimport) HINSTANCE arm_hinst(void);
__declspec(dllimport) const char *arm_log(void);
__declspec(dllimport) int arm_apply(intfn_t fn, int x);
__declspec(dllimport) void arm_set_detach_mode(int mode);
#endif

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static int thumb_twice(int x) { return 2 * x; }   /* Thumb code, called back from ARM code */

static logfn_t g_log;
static DWORD WINAPI returns(LPVOID p) { return 11; }
static DWORD WINAPI exits(LPVOID p) { ExitThread(22); return 0; }
static DWORD WINAPI terminator(LPVOID p)
{
    printf("armuse: TerminateProcess from a second thread\n");
    TerminateProcess(GetCurrentProcess(), 40 + failures);
    return 99;
}

static DWORD run_thread(LPTHREAD_START_ROUTINE fn)
{
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, fn, NULL, 0, NULL);
    WaitForSingleObject(h, INFINITE);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    return code;
}

#ifndef STATIC_IMPORT
WINBASEAPI __attribute__((noreturn)) void WINAPI FreeLibraryAndExitThread(HMODULE h, DWORD code); /* 1216 */
static HMODULE g_free;
static DWORD WINAPI free_and_exit(LPVOID p) { FreeLibraryAndExitThread(g_free, 33); }
#endif

static int is_arm(FARPROC p) { return p != NULL && ((DWORD)p & 1) == 0; }

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    printf("armuse: WinMain\n");
#ifdef STATIC_IMPORT
    g_log = arm_log;
    check(strcmp(arm_log(), "1R;") == 0, "static import: DllMain(DLL_PROCESS_ATTACH, lpReserved non-NULL) before WinMain");
    check(arm_add(2, 40) == 42, "Thumb -> ARM call through the IAT");
    check(arm_muladd(6, 7, 3) == 45, "three arguments");
    check(arm_apply(thumb_twice, 20) == 41, "ARM -> Thumb callback (BLX register) and back");
    HMODULE h = LoadLibraryW(L"armdll.dll");
    check(h != NULL && h == arm_hinst() && h == GetModuleHandleW(L"ARMDLL"), "LoadLibraryW returns the loaded module (hinst of DllMain)");
    check(strcmp(arm_log(), "1R;") == 0, "a second load runs no DllMain");
    check(GetProcAddressW(h, L"arm_add") == (FARPROC)arm_add, "GetProcAddressW == the bound import");
#else
    HMODULE h = LoadLibraryW(L"armdll.dll");
    check(h != NULL, "LoadLibraryW(armdll.dll)");
    g_log = (logfn_t)GetProcAddressW(h, L"arm_log");
    check(g_log && strcmp(g_log(), "1N;") == 0, "dynamic load: DllMain(DLL_PROCESS_ATTACH, lpReserved NULL)");
    check(FreeLibrary(h), "FreeLibrary (last reference)");
    check(GetModuleHandleW(L"armdll.dll") == NULL, "unloaded");
    h = LoadLibraryW(L"armdll.dll");
    g_log = (logfn_t)GetProcAddressW(h, L"arm_log");
    check(h != NULL && g_log && strcmp(g_log(), "1N;") == 0, "loaded again: fresh data, attached again");
#endif
    binop_t add = (binop_t)GetProcAddressW(h, L"arm_add");
    binop_t add1 = (binop_t)GetProcAddressW(h, (LPCWSTR)1);
    int (*secret)(void) = (int (*)(void))GetProcAddressW(h, (LPCWSTR)9);
    check(is_arm((FARPROC)add) && add(20, 22) == 42, "GetProcAddressW by name: ARM code (even address), callable from Thumb");
    check(add1 == add, "by ordinal 1 == by name");
    check(is_arm((FARPROC)secret) && secret() == 0x5EC2E7, "NONAME export by ordinal 9");
    SetLastError(0);
    check(GetProcAddressW(h, L"arm_secret") == NULL && GetLastError() == ERROR_PROC_NOT_FOUND, "NONAME export has no name");
    int (*apply)(intfn_t, int) = (int (*)(intfn_t, int))GetProcAddressA(h, "arm_apply");
    check(apply && apply(thumb_twice, 5) == 11, "GetProcAddressA, ARM -> Thumb callback");

    const char *before = g_log();
    int len = strlen(before);
    check(run_thread(returns) == 11, "a thread that returns");
    check(strcmp(g_log() + len, "2N;3N;") == 0, "DLL_THREAD_ATTACH, DLL_THREAD_DETACH around a returning thread");
    check(run_thread(exits) == 22, "a thread that calls ExitThread(22)");
    check(strcmp(g_log() + len, "2N;3N;2N;3N;") == 0, "DLL_THREAD_DETACH on ExitThread too");

#ifndef STATIC_IMPORT
    /* The last reference dropped by a thread that then ends: DETACH (NULL) runs on that thread. */
    g_free = h;
    check(run_thread(free_and_exit) == 33 && GetModuleHandleW(L"armdll.dll") == NULL, "FreeLibraryAndExitThread: unloaded, thread exit code 33");
    h = LoadLibraryW(L"armdll.dll");
    g_log = (logfn_t)GetProcAddressW(h, L"arm_log");
    check(h != NULL && g_log && strcmp(g_log(), "1N;") == 0, "loaded again after FreeLibraryAndExitThread");
#else
    check(FreeLibrary(h), "FreeLibrary of the LoadLibraryW reference");
    check(strcmp(g_log() + len, "2N;3N;2N;3N;") == 0, "no DETACH while the static import holds it");
    HMODULE t = LoadLibraryW(L"testdll.dll");  /* loads testdll2 first: init order armdll, testdll2, testdll */
    check(t != NULL, "LoadLibraryW(testdll.dll)");
    if (wcscmp(cmd, L"crash") == 0) arm_set_detach_mode(1);
    if (wcscmp(cmd, L"hang") == 0 || wcscmp(cmd, L"sleephang") == 0) arm_set_detach_mode(2);
#endif
    printf("armuse: %d failures, leaving (%ls)\n", failures, cmd[0] ? cmd : L"return");
    if (wcscmp(cmd, L"exitthread") == 0) ExitThread(40 + failures);
    if (wcscmp(cmd, L"terminate") == 0) TerminateProcess(GetCurrentProcess(), 40 + failures);
    if (wcscmp(cmd, L"sleep") == 0 || wcscmp(cmd, L"sleephang") == 0 || wcscmp(cmd, L"linger") == 0) {
        CloseHandle(CreateFileW(L"\\Temp\\armuse.ready", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
        Sleep(cmd[0] == L'l' ? 300 : INFINITE);
        printf("armuse: lingered, returning %d\n", 40 + failures);
    }
    if (wcscmp(cmd, L"worker") == 0) {
        WaitForSingleObject(CreateThread(NULL, 0, terminator, NULL, 0, NULL), INFINITE);
        printf("FAIL the primary thread ran on after TerminateProcess\n");
    }
    return 40 + failures;
}
