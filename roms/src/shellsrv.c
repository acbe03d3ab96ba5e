/* shellsrv.c — the shell's API set served by a guest shell, as on a device where explorer.exe registers
 * SH_SHELL (emulator/dlls/coredll/apisets.ts, shellapi.ts; CE 6's coredll disassembled for the method
 * numbers): before any guest registration the shell API's "I" functions return 0 without a call
 * (SHSipPreferenceI, SHDoneButtonI, SHSetNavBarTextI, SHCloseAppsI, SHGetAppKeyAssocI,
 * SHSetAppKeyWndAssocI); RegisterAPISet(SH_SHELL) by this program takes the set over from wmemu's
 * stand-in (a second registration fails with 87); then each function calls this program's method
 * (37, 38, 41, 42, 28, 29) with its arguments unchanged and returns the method's result; and the ready
 * events: SYSTEM/ShellAPIReady opens (set) when the registry lists it, SYSTEM/DCOMApiSetReady (a module
 * wmemu does not have) does not (ERROR_FILE_NOT_FOUND).
 * Argument: the SH_SHELL index (85 on CE 6/7, 21 on CE 5). Prints "ok NAME" / "FAIL NAME got=N";
 * exit code = failures (test/coredll/shellsrv.test.ts, run with a registry listing both events). */
#include <windows.h>
#include <winuser.h>
#include <stdio.h>
#include <wchar.h>
#include <ce_crt.h>

#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND 2
#endif

WINBASEAPI HANDLE WINAPI CreateAPISet(char name[4], unsigned short n, const void *const *fns, const unsigned long long *sigs); /* 559 */
WINBASEAPI BOOL   WINAPI RegisterAPISet(HANDLE h, DWORD id);                                          /* 635 */
WINBASEAPI BOOL   WINAPI IsAPIReady(DWORD h);                                                         /* 30 */
WINBASEAPI DWORD  WINAPI SHSipPreferenceI(HWND hwnd, DWORD st);                                       /* 1786 */
WINBASEAPI DWORD  WINAPI SHDoneButtonI(HWND hwnd, DWORD st);                                          /* 1782 */
WINBASEAPI DWORD  WINAPI SHSetNavBarTextI(HWND hwnd, LPCWSTR text);                                   /* 1785 */
WINBASEAPI DWORD  WINAPI SHCloseAppsI(DWORD mem);                                                     /* 1788 */
WINBASEAPI DWORD  WINAPI SHGetAppKeyAssocI(LPCWSTR app);                                              /* 1783 */
WINBASEAPI DWORD  WINAPI SHSetAppKeyWndAssocI(DWORD vk, HWND hwnd);                                   /* 1784 */

static int g_fail;
static void check(const char *name, int ok, long got)
{
    if (ok) printf("ok %s\n", name);
    else { printf("FAIL %s got=%lx\n", name, got); g_fail++; }
}
#define CHECK(name, expr, got) check(name, (expr), (long)(got))

/* What the methods saw: the method number and its two arguments. */
static DWORD g_method, g_a, g_b;
static DWORD unexpected(DWORD a, DWORD b) { g_method = 999; return 0; }
#define METHOD(n) static DWORD m##n(DWORD a, DWORD b) { g_method = n; g_a = a; g_b = b; return 0x1000 + n; }
METHOD(28) METHOD(29) METHOD(37) METHOD(38) METHOD(41) METHOD(42)
static const void *g_methods[74];
static const unsigned long long g_sigs[74];

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE prev, LPWSTR cmd, int show)
{
    DWORD shell = (DWORD)_wtol(cmd);
    HWND hwnd = (HWND)0x1234;
    static const WCHAR text[] = L"nav";
    for (int i = 0; i < 74; i++) g_methods[i] = (const void *)unexpected;
    g_methods[28] = (const void *)m28; g_methods[29] = (const void *)m29; g_methods[37] = (const void *)m37;
    g_methods[38] = (const void *)m38; g_methods[41] = (const void *)m41; g_methods[42] = (const void *)m42;

    CHECK("stand-in-ready", IsAPIReady(shell), shell);
    /* No guest shell yet: 0, no method runs. */
    g_method = 0;
    DWORD r = SHSipPreferenceI(hwnd, 1) | SHDoneButtonI(hwnd, 1) | SHSetNavBarTextI(hwnd, text) | SHCloseAppsI(5) | SHGetAppKeyAssocI(text) | SHSetAppKeyWndAssocI(0xc1, hwnd);
    CHECK("no-server-zero", r == 0 && g_method == 0, r);

    HANDLE set = CreateAPISet("SHEL", 74, g_methods, g_sigs);
    CHECK("create", set != NULL, GetLastError());
    CHECK("register", RegisterAPISet(set, shell), GetLastError());
    HANDLE again = CreateAPISet("SHL2", 74, g_methods, g_sigs);
    SetLastError(0);
    CHECK("register-again", !RegisterAPISet(again, shell) && GetLastError() == ERROR_INVALID_PARAMETER, GetLastError());
    CHECK("ready", IsAPIReady(shell), shell);

    r = SHSipPreferenceI(hwnd, 1);
    CHECK("sippreference-38", r == 0x1000 + 38 && g_method == 38 && g_a == (DWORD)hwnd && g_b == 1, g_method);
    r = SHDoneButtonI(hwnd, 2);
    CHECK("donebutton-42", r == 0x1000 + 42 && g_method == 42 && g_a == (DWORD)hwnd && g_b == 2, g_method);
    r = SHSetNavBarTextI(hwnd, text);
    CHECK("navbartext-41", r == 0x1000 + 41 && g_method == 41 && g_a == (DWORD)hwnd && g_b == (DWORD)text, g_method);
    r = SHCloseAppsI(4096);
    CHECK("closeapps-37", r == 0x1000 + 37 && g_method == 37 && g_a == 4096, g_method);
    r = SHGetAppKeyAssocI(text);
    CHECK("getappkeyassoc-28", r == 0x1000 + 28 && g_method == 28 && g_a == (DWORD)text, g_method);
    r = SHSetAppKeyWndAssocI(0xc1, hwnd);
    CHECK("setappkeywndassoc-29", r == 0x1000 + 29 && g_method == 29 && g_a == 0xc1 && g_b == (DWORD)hwnd, g_method);

    /* Ready events listed under HKLM\System\Events. */
    HANDLE ev = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"SYSTEM/ShellAPIReady");
    CHECK("shell-ready-event", ev != NULL && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, GetLastError());
    SetLastError(0);
    HANDLE dcom = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"SYSTEM/DCOMApiSetReady");
    CHECK("dcom-event-absent", dcom == NULL && GetLastError() == ERROR_FILE_NOT_FOUND, GetLastError());

    printf("failures %d\n", g_fail);
    return g_fail;
}
