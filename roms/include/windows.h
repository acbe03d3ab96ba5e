/* windows.h — minimal Windows CE 5 (WM 6.5) declarations for the wmemu test ROMs.
 * Only what the ROMs use. Ordinals in comments are coredll's (emulator/dlls/exports). */
#ifndef _WMEMU_WINDOWS_H
#define _WMEMU_WINDOWS_H
#include "_ce_base.h"
#include "string.h"
#include "stdlib.h"
#include "stdio.h"

typedef unsigned char  BYTE, *PBYTE, *LPBYTE;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef unsigned long  DWORD, *PDWORD, *LPDWORD;   /* long is 32-bit on ARM Windows */
typedef int            BOOL, *PBOOL, *LPBOOL;
typedef int            INT;
typedef unsigned int   UINT;
typedef long           LONG;
typedef unsigned long  ULONG;
typedef char           CHAR;
typedef wchar_t        WCHAR, TCHAR;
typedef WCHAR         *LPWSTR, *PWSTR;
typedef const WCHAR   *LPCWSTR, *PCWSTR;
typedef CHAR          *LPSTR;
typedef const CHAR    *LPCSTR;
typedef void           VOID, *PVOID, *LPVOID;
typedef const void    *LPCVOID;
typedef void          *HANDLE;
typedef HANDLE         HINSTANCE, HMODULE, HWND, HLOCAL;
typedef unsigned long  ULONG_PTR, DWORD_PTR, SIZE_T;
#define TEXT(s) L##s
#define _T(s)   L##s

typedef struct _SYSTEMTIME {
    WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME, *LPSYSTEMTIME;

/* CE layout (20 bytes), not the desktop RTL_CRITICAL_SECTION. */
typedef struct CRITICAL_SECTION {
    unsigned int LockCount;   /* nesting count */
    HANDLE OwnerThread;       /* owner thread handle */
    HANDLE hCrit;             /* kernel handle of the section */
    DWORD needtrap;           /* trap in when freeing */
    DWORD dwContentions;      /* contention count */
} CRITICAL_SECTION, *LPCRITICAL_SECTION;
_Static_assert(sizeof(CRITICAL_SECTION) == 20, "CE CRITICAL_SECTION is 20 bytes");

/* ---- errors ---- */
#define ERROR_SUCCESS             0
#define ERROR_INVALID_PARAMETER   87
#define ERROR_NOT_ENOUGH_MEMORY   8
WINBASEAPI DWORD WINAPI GetLastError(void);                    /* 516 */
WINBASEAPI void  WINAPI SetLastError(DWORD dwErrCode);         /* 517 */

/* ---- memory ---- */
#define LMEM_FIXED     0x0000
#define LMEM_MOVEABLE  0x0002
#define LMEM_ZEROINIT  0x0040
#define LPTR           (LMEM_FIXED | LMEM_ZEROINIT)
#define HEAP_ZERO_MEMORY 0x00000008
#define MEM_COMMIT     0x1000
#define MEM_RESERVE    0x2000
#define MEM_DECOMMIT   0x4000
#define MEM_RELEASE    0x8000
#define PAGE_NOACCESS  0x01
#define PAGE_READONLY  0x02
#define PAGE_READWRITE 0x04
WINBASEAPI HLOCAL WINAPI LocalAlloc(UINT uFlags, UINT uBytes);                 /* 33 */
WINBASEAPI HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, UINT uBytes, UINT uFlags);  /* 34 */
WINBASEAPI UINT   WINAPI LocalSize(HLOCAL hMem);                               /* 35 */
WINBASEAPI HLOCAL WINAPI LocalFree(HLOCAL hMem);                               /* 36 */
WINBASEAPI LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, DWORD dwBytes);/* 46 */
WINBASEAPI BOOL   WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);  /* 49 */
WINBASEAPI HANDLE WINAPI GetProcessHeap(void);                                 /* 50 */
WINBASEAPI LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, DWORD dwSize, DWORD flAllocationType, DWORD flProtect); /* 524 */
WINBASEAPI BOOL   WINAPI VirtualFree(LPVOID lpAddress, DWORD dwSize, DWORD dwFreeType);                         /* 525 */

/* ---- formatted output / debug ---- */
_CE_EXTERN_C DECLSPEC_IMPORT int WINAPIV wsprintfW(LPWSTR buf, LPCWSTR fmt, ...);  /* 56 */
_CE_EXTERN_C DECLSPEC_IMPORT void WINAPIV NKDbgPrintfW(LPCWSTR fmt, ...);          /* 545 */
WINBASEAPI void WINAPI OutputDebugStringW(LPCWSTR s);                              /* 541 */
#define wsprintf wsprintfW

/* ---- time ---- */
WINBASEAPI DWORD WINAPI GetTickCount(void);                    /* 535 */
WINBASEAPI void  WINAPI Sleep(DWORD ms);                       /* 496 */
WINBASEAPI void  WINAPI GetSystemTime(LPSYSTEMTIME st);        /* 25 */
WINBASEAPI void  WINAPI GetLocalTime(LPSYSTEMTIME st);         /* 23 */

/* ---- synchronisation ---- */
WINBASEAPI void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION cs); /* 2 */
WINBASEAPI void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION cs);     /* 3 */
WINBASEAPI void WINAPI EnterCriticalSection(LPCRITICAL_SECTION cs);      /* 4 */
WINBASEAPI void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION cs);      /* 5 */

/* ---- thread local storage ----
 * CE 5 coredll exports only TlsGetValue/TlsSetValue and TlsCall; TlsAlloc/TlsFree are macros
 * over TlsCall (as in the CE SDK's kfuncs.h). */
#define TLS_FUNCALLOC 0
#define TLS_FUNCFREE  1
#define TLS_OUT_OF_INDEXES ((DWORD)0xFFFFFFFF)
WINBASEAPI DWORD  WINAPI TlsCall(DWORD func, DWORD val);                 /* 520 */
WINBASEAPI LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex);                  /* 15 */
WINBASEAPI BOOL   WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpValue);  /* 16 */
#define TlsAlloc()  (TlsCall(TLS_FUNCALLOC, 0))
#define TlsFree(i)  ((BOOL)TlsCall(TLS_FUNCFREE, (i)))

/* ---- processes, threads, modules ----
 * CE pseudo-handles (kfuncs.h): SYS_HANDLE_BASE 64 + SH_CURTHREAD 1 / SH_CURPROC 2.
 * GetCurrentThreadId/GetCurrentProcessId read the user KData page at 0xFFFFC800. */
#define SYS_HANDLE_BASE   64
#define SH_CURTHREAD      1
#define SH_CURPROC        2
#define PUserKData        ((LPBYTE)0xFFFFC800)
#define SYSHANDLE_OFFSET  0x004
#define GetCurrentThread()    ((HANDLE)(SH_CURTHREAD + SYS_HANDLE_BASE))
#define GetCurrentProcess()   ((HANDLE)(SH_CURPROC + SYS_HANDLE_BASE))
#define GetCurrentThreadId()  ((DWORD)(((volatile HANDLE *)(PUserKData + SYSHANDLE_OFFSET))[SH_CURTHREAD]))
#define GetCurrentProcessId() ((DWORD)(((volatile HANDLE *)(PUserKData + SYSHANDLE_OFFSET))[SH_CURPROC]))
/* CE 5 has no ExitProcess export; the SDK maps it onto TerminateProcess. */
#define ExitProcess(code) TerminateProcess(GetCurrentProcess(), (code))
WINBASEAPI __attribute__((noreturn)) void WINAPI ExitThread(DWORD code); /* 6 */
WINBASEAPI BOOL    WINAPI TerminateProcess(HANDLE hProcess, DWORD code); /* 544 */
WINBASEAPI LPWSTR  WINAPI GetCommandLineW(void);                         /* 1231 */
WINBASEAPI HMODULE WINAPI GetModuleHandleW(LPCWSTR name);                /* 1177 */
WINBASEAPI DWORD   WINAPI GetModuleFileNameW(HMODULE h, LPWSTR buf, DWORD n); /* 537 */
#define MAX_PATH 260

/* ---- power (used by unimpl.exe only) ---- */
WINBASEAPI DWORD WINAPI GetSystemPowerState(LPWSTR pBuffer, DWORD Length, PDWORD pFlags); /* 1581 */

/* ---- threads, kernel objects, waits (kfuncs.h / winbase.h) ---- */
typedef DWORD (WINAPI *LPTHREAD_START_ROUTINE)(LPVOID lpParameter);
#define CREATE_SUSPENDED   0x00000004
#define INFINITE           0xFFFFFFFF
#define WAIT_OBJECT_0      0x00000000
#define WAIT_TIMEOUT       0x00000102
#define WAIT_FAILED        0xFFFFFFFF
#define STILL_ACTIVE       0x00000103
#define EVENT_PULSE 1
#define EVENT_RESET 2
#define EVENT_SET   3
#define ERROR_ALREADY_EXISTS 183
WINBASEAPI HANDLE WINAPI CreateThread(LPVOID lpsa, DWORD cbStack, LPTHREAD_START_ROUTINE lpStartAddr, LPVOID lpvThreadParm, DWORD fdwCreate, LPDWORD lpIDThread); /* 492 */
WINBASEAPI DWORD  WINAPI ResumeThread(HANDLE hThread);                                       /* 500 */
WINBASEAPI BOOL   WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);              /* 518 */
WINBASEAPI BOOL   WINAPI SetThreadPriority(HANDLE hThread, int nPriority);                   /* 514 */
WINBASEAPI HANDLE WINAPI CreateEventW(LPVOID lpsa, BOOL bManualReset, BOOL bInitialState, LPCWSTR lpName); /* 495 */
WINBASEAPI HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);     /* 1496 */
#define EVENT_ALL_ACCESS 0x001F0003
WINBASEAPI BOOL   WINAPI EventModify(HANDLE hEvent, DWORD func);                             /* 494 */
#define SetEvent(h)   EventModify((h), EVENT_SET)
#define ResetEvent(h) EventModify((h), EVENT_RESET)
#define PulseEvent(h) EventModify((h), EVENT_PULSE)
WINBASEAPI HANDLE WINAPI CreateMutexW(LPVOID lpsa, BOOL bInitialOwner, LPCWSTR lpName);       /* 555 */
WINBASEAPI BOOL   WINAPI ReleaseMutex(HANDLE hMutex);                                        /* 556 */
WINBASEAPI HANDLE WINAPI CreateSemaphoreW(LPVOID lpsa, LONG lInitialCount, LONG lMaximumCount, LPCWSTR lpName); /* 1238 */
WINBASEAPI BOOL   WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LONG *lpPreviousCount); /* 1239 */
WINBASEAPI BOOL   WINAPI CloseHandle(HANDLE hObject);                                        /* 553 */
WINBASEAPI DWORD  WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);          /* 497 */
WINBASEAPI DWORD  WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL fWaitAll, DWORD dwMilliseconds); /* 498 */

/* ---- entry points implemented by the ROM ---- */
int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow);
int wmain(int argc, wchar_t **argv);
#endif
