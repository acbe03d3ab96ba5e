/* rtstart.c — coredll's start-up runtime as MSVC-built CE programs use it (test/rtstart.test.ts):
 * /GS cookies, operator new/delete, IsAPIReady/WaitForAPIReady, SetKMode, GetAPIAddress,
 * __GetUserKData, CeSafeCopyMemory, VirtualQuery, SHGetSpecialFolderPath, SystemParametersInfoW,
 * GetVersionExW; CE 6 exports are imported by ordinal through roms/src/rtstart6.def.
 * Arguments select an ending instead: "exit N" calls the kernel trap 0xF000F7F8
 * (TerminateProcess(GetCurrentProcess(), N), what the CE 5 CRT's exit() inlines); "break" executes
 * CE's ARM break instruction 0xE6000010; "gs" reports a /GS failure; "pure" calls _purecall.
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_crt.h>

_CRTIMP int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);      /* 65 */
#define PAGE_EXECUTE_READWRITE 0x40
WINBASEAPI DWORD  WINAPI __security_gen_cookie(void);                     /* 1875 */
WINBASEAPI DWORD  WINAPI __security_gen_cookie2(void);                    /* CE 6: 2696 */
WINBASEAPI void   WINAPI __security_error_handler(int code, void *data);  /* 1876 (CE 6: __report_gsfailure) */
WINBASEAPI void  *WINAPI ce_new(unsigned n) __asm__("??2@YAPAXI@Z");      /* 1095 */
WINBASEAPI void   WINAPI ce_delete(void *p) __asm__("??3@YAXPAX@Z");      /* 1094 */
WINBASEAPI void  *WINAPI ce_new_arr(unsigned n) __asm__("??_U@YAPAXI@Z"); /* 1456 */
WINBASEAPI void   WINAPI ce_delete_arr(void *p) __asm__("??_V@YAXPAX@Z"); /* 1457 */
WINBASEAPI int    WINAPI _purecall(void);                                 /* 1092 */
WINBASEAPI BOOL   WINAPI IsAPIReady(DWORD hAPI);                          /* 30 */
WINBASEAPI DWORD  WINAPI WaitForAPIReady(DWORD set, DWORD ms);            /* CE 6: 2562 */
WINBASEAPI BOOL   WINAPI SetKMode(BOOL fMode);                            /* 630 */
WINBASEAPI void  *WINAPI GetAPIAddress(int setId, int iMethod);          /* 32 */
WINBASEAPI DWORD  WINAPI __GetUserKData(DWORD offset);                    /* CE 6: 2528 */
WINBASEAPI BOOL   WINAPI CeSafeCopyMemory(void *d, const void *s, DWORD n); /* CE 6: 2508 */
typedef struct { LPVOID BaseAddress, AllocationBase; DWORD AllocationProtect, RegionSize, State, Protect, Type; } MEMORY_BASIC_INFORMATION;
WINBASEAPI DWORD  WINAPI VirtualQuery(LPCVOID p, MEMORY_BASIC_INFORMATION *mbi, DWORD len); /* 527 */
WINBASEAPI BOOL   WINAPI SHGetSpecialFolderPath(HANDLE hwnd, LPWSTR path, int csidl, BOOL create); /* 295 */
WINBASEAPI BOOL   WINAPI SystemParametersInfoW(UINT action, UINT param, PVOID pv, UINT ini); /* 89 */
typedef struct { DWORD dwOSVersionInfoSize, dwMajorVersion, dwMinorVersion, dwBuildNumber, dwPlatformId; WCHAR szCSDVersion[128]; } OSVERSIONINFOW;
WINBASEAPI BOOL   WINAPI GetVersionExW(OSVERSIONINFOW *v);                /* 717 */

#define MEM_FREE    0x10000
#define MEM_PRIVATE 0x20000
#define MEM_IMAGE   0x1000000
#define KTRAP(set, method) (0xF0010000u - ((((set) << 8) | (method)) * 4u))

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

typedef BOOL (*PFN_TERM)(HANDLE, DWORD);
typedef void (*PFN_V)(void);

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    if (wcsncmp(cmd, L"exit ", 5) == 0) {
        printf("rtstart: exit through the trap\n");
        ((PFN_TERM)KTRAP(SH_CURPROC, 2))(GetCurrentProcess(), (DWORD)_wtol(cmd + 5));
        printf("rtstart: returned from TerminateProcess\n");
        return 99;
    }
    if (wcscmp(cmd, L"break") == 0) {
        DWORD *code = VirtualAlloc(0, 4096, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
        code[0] = 0xE6000010;                  /* CE's break instruction (ARM) */
        code[1] = 0xE12FFF1E;                  /* bx lr */
        printf("rtstart: break\n");
        ((PFN_V)code)();
        printf("rtstart: returned from the break\n");
        return 98;
    }
    if (wcscmp(cmd, L"gs") == 0) {
        printf("rtstart: gs failure\n");
        __security_error_handler(1, 0);
        return 97;
    }
    if (wcscmp(cmd, L"pure") == 0) {
        printf("rtstart: purecall\n");
        _purecall();
        return 96;
    }

    /* /GS cookies: fresh, never 0 */
    DWORD c1 = __security_gen_cookie(), c2 = __security_gen_cookie2(), c3 = __security_gen_cookie2();
    check(c1 != 0 && c2 != 0 && c3 != 0, "cookies are never 0");
    check(c2 != c3, "each cookie is new");
    printf("cookie %08lx\n", c2);

    /* operator new / delete */
    int *one = ce_new(sizeof(int));
    int *arr = ce_new_arr(100 * sizeof(int));
    check(one && arr && one != arr, "new and new[] allocate");
    *one = 5; arr[99] = 7;
    check(LocalSize(arr) >= 400, "new[] size");
    ce_delete(one); ce_delete_arr(arr); ce_delete(0); ce_delete_arr(0);
    void *empty = ce_new(0);
    check(empty != 0, "new of 0 bytes is a distinct pointer");
    ce_delete(empty);

    /* API sets: CE 5 numbers them 0-31 (SH_FILESYS_APIS 20, SH_SHELL 21), CE 6/7 0-127 (84, 85) */
    OSVERSIONINFOW v;
    v.dwOSVersionInfoSize = sizeof v;
    GetVersionExW(&v);
    DWORD fsys = v.dwMajorVersion >= 6 ? 84 : 20, shl = fsys + 1, missing = v.dwMajorVersion >= 6 ? 95 : 25;
    check(IsAPIReady(0) && IsAPIReady(fsys) && IsAPIReady(shl), "SH_WIN32, SH_FILESYS_APIS, SH_SHELL are ready");
    check(!IsAPIReady(missing) && !IsAPIReady(v.dwMajorVersion >= 6 ? 128 : 32) && !IsAPIReady(1000), "unregistered and out-of-range sets are not");
    check(WaitForAPIReady(fsys, 0) == 0, "WaitForAPIReady of a ready set: WAIT_OBJECT_0");
    DWORD t0 = GetTickCount();
    check(WaitForAPIReady(missing, 50) == 258 && GetTickCount() - t0 >= 50, "WaitForAPIReady of a missing set: WAIT_TIMEOUT after the time-out");
    check((DWORD)GetAPIAddress(0, 13) == KTRAP(0, 13), "GetAPIAddress: the trap address");
    check(((DWORD (*)(void))GetAPIAddress(0, 13))() - GetTickCount() < 1000, "calling it is GetTickCount");
    check(GetAPIAddress(40, 1) == 0, "GetAPIAddress of an unregistered set: NULL");

    /* SetKMode: CE 5 keeps the mode per thread, CE 6 and later: FALSE, no effect */
    v.dwOSVersionInfoSize = sizeof v;
    check(GetVersionExW(&v) && v.dwPlatformId == 3, "GetVersionExW: VER_PLATFORM_WIN32_CE");
    printf("version %lu.%lu.%lu\n", v.dwMajorVersion, v.dwMinorVersion, v.dwBuildNumber);
    BOOL was = SetKMode(TRUE), now = SetKMode(was);
    if (v.dwMajorVersion >= 6) check(!was && !now, "SetKMode: FALSE on CE 6+");
    else check(!was && now, "SetKMode: returns the previous mode");

    /* KData */
    check(__GetUserKData(SYSHANDLE_OFFSET + 4 * SH_CURPROC) == GetCurrentProcessId(), "__GetUserKData: the process id slot");
    check(__GetUserKData(SYSHANDLE_OFFSET + 4 * SH_CURTHREAD) == GetCurrentThreadId(), "__GetUserKData: the thread id slot");

    /* CeSafeCopyMemory */
    char src[8] = "abcdefg", dst[8] = {0};
    check(CeSafeCopyMemory(dst, src, 8) && dst[6] == 'g', "CeSafeCopyMemory copies");
    check(!CeSafeCopyMemory(dst, (void *)0x10, 8), "CeSafeCopyMemory from a bad address: FALSE, no fault");
    check(!CeSafeCopyMemory((void *)hInstance, src, 8), "CeSafeCopyMemory to read-only headers: FALSE");

    /* VirtualQuery */
    MEMORY_BASIC_INFORMATION mbi;
    char *va = VirtualAlloc(0, 0x20000, MEM_RESERVE, PAGE_READWRITE);
    VirtualAlloc(va + 0x1000, 0x2000, MEM_COMMIT, PAGE_READWRITE);
    check(VirtualQuery(va + 0x1800, &mbi, sizeof mbi) == sizeof mbi, "VirtualQuery fills 28 bytes");
    check(mbi.BaseAddress == va + 0x1000 && mbi.AllocationBase == va && mbi.RegionSize == 0x2000 && mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE && mbi.Type == MEM_PRIVATE,
          "VirtualQuery: the committed run");
    VirtualQuery(va + 0x3000, &mbi, sizeof mbi);
    check(mbi.State == MEM_RESERVE && mbi.RegionSize == 0x1d000 && mbi.Protect == 0, "VirtualQuery: the reserved rest");
    VirtualQuery(hInstance, &mbi, sizeof mbi);
    check(mbi.AllocationBase == (void *)hInstance && mbi.Type == MEM_IMAGE && mbi.Protect == PAGE_READONLY, "VirtualQuery: the image headers");
    VirtualFree(va, 0, MEM_RELEASE);
    VirtualQuery(va, &mbi, sizeof mbi);
    check(mbi.State == MEM_FREE, "VirtualQuery: released is free");
    check(VirtualQuery(va, &mbi, 10) == 0, "VirtualQuery: a short buffer fails");

    /* SHGetSpecialFolderPath */
    WCHAR path[MAX_PATH];
    check(SHGetSpecialFolderPath(0, path, 0x24, FALSE) && wcscmp(path, L"\\Windows") == 0, "CSIDL_WINDOWS");
    check(SHGetSpecialFolderPath(0, path, 0x05, FALSE) && wcscmp(path, L"\\My Documents") == 0, "CSIDL_PERSONAL");
    check(SHGetSpecialFolderPath(0, path, 0x1a, TRUE) && GetFileAttributesW(path) != 0xFFFFFFFF, "CSIDL_APPDATA with fCreate exists");
    check(!SHGetSpecialFolderPath(0, path, 0x3f, FALSE), "an unknown CSIDL: FALSE");

    /* SystemParametersInfoW: device information */
    WCHAR plat[64];
    check(SystemParametersInfoW(257, sizeof plat, plat, 0), "SPI_GETPLATFORMTYPE");
    wprintf(L"platform %s\n", plat);
    check(!SystemParametersInfoW(257, 4, plat, 0) && GetLastError() == 122, "SPI_GETPLATFORMTYPE, small buffer: ERROR_INSUFFICIENT_BUFFER");
    DWORD wheel = 0;
    check(SystemParametersInfoW(0x68, 0, &wheel, 0) && wheel == 3, "SPI_GETWHEELSCROLLLINES");

    printf("rtstart: %d failures\n", failures);
    return failures;
}
