/* ce_modules.h — Windows CE module, resource and process APIs (coredll), for the wmemu test ROMs.
 * Ordinals in comments are coredll's (emulator/dlls/exports/coredll-exports.tsv). */
#ifndef _WMEMU_CE_MODULES_H
#define _WMEMU_CE_MODULES_H
#include "windows.h"

typedef void (*FARPROC)(void);  /* generic: cast to the real type */
#define MAKEINTRESOURCE(i) ((LPWSTR)(ULONG_PTR)(WORD)(i))
#define RT_STRING  MAKEINTRESOURCE(6)
#define RT_RCDATA  MAKEINTRESOURCE(10)
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH  2
#define DLL_THREAD_DETACH  3
#define LOAD_LIBRARY_AS_DATAFILE 0x00000002
#define ERROR_FILE_NOT_FOUND          2
#define ERROR_INVALID_HANDLE          6
#define ERROR_MOD_NOT_FOUND           126
#define ERROR_PROC_NOT_FOUND          127
#define ERROR_DLL_INIT_FAILED         1114
#define ERROR_RESOURCE_NAME_NOT_FOUND 1814
#define ERROR_RESOURCE_TYPE_NOT_FOUND 1813
typedef HANDLE HRSRC, HGLOBAL;

WINBASEAPI HMODULE WINAPI LoadLibraryW(LPCWSTR name);                            /* 528 */
WINBASEAPI HMODULE WINAPI LoadLibraryExW(LPCWSTR name, HANDLE hFile, DWORD fl);  /* 1241 */
WINBASEAPI BOOL    WINAPI FreeLibrary(HMODULE h);                                /* 529 */
WINBASEAPI FARPROC WINAPI GetProcAddressW(HMODULE h, LPCWSTR name);              /* 530 */
WINBASEAPI FARPROC WINAPI GetProcAddressA(HMODULE h, LPCSTR name);               /* 1230 */
WINBASEAPI BOOL    WINAPI DisableThreadLibraryCalls(HMODULE h);                  /* 1232 */
WINBASEAPI HMODULE WINAPI GetModuleHandleW(LPCWSTR name);                        /* 1177 */
WINBASEAPI DWORD   WINAPI GetModuleFileNameW(HMODULE h, LPWSTR buf, DWORD n);    /* 537 */
WINBASEAPI HRSRC   WINAPI FindResourceW(HMODULE h, LPCWSTR name, LPCWSTR type);  /* 532 */
WINBASEAPI HGLOBAL WINAPI LoadResource(HMODULE h, HRSRC r);                      /* 533 */
WINBASEAPI DWORD   WINAPI SizeofResource(HMODULE h, HRSRC r);                    /* 534 */
WINBASEAPI int     WINAPI LoadStringW(HINSTANCE h, UINT id, LPWSTR buf, int n);  /* 874 */
#define LockResource(h) ((LPVOID)(h))   /* CE: a macro, LoadResource returns the data pointer */
#define GetProcAddress GetProcAddressW
#define LoadLibrary    LoadLibraryW

/* ---- processes ---- */
typedef struct _PROCESS_INFORMATION {
    HANDLE hProcess; HANDLE hThread; DWORD dwProcessId; DWORD dwThreadId;
} PROCESS_INFORMATION, *LPPROCESS_INFORMATION;
WINBASEAPI BOOL WINAPI CreateProcessW(LPCWSTR app, LPWSTR cmd, void *psa, void *tsa, BOOL inherit,
    DWORD flags, LPVOID env, LPCWSTR cwd, void *si, LPPROCESS_INFORMATION pi);  /* 493 */
WINBASEAPI BOOL  WINAPI GetExitCodeProcess(HANDLE h, LPDWORD code);               /* 519 */
#endif
