/* winreg.h — the Windows CE registry API (coredll). Functions return a Win32 error code. */
#ifndef _WMEMU_WINREG_H
#define _WMEMU_WINREG_H
#include "windows.h"
typedef struct HKEY__ *HKEY, **PHKEY;
typedef DWORD REGSAM;
#ifndef _WMEMU_FILETIME_DEFINED
#define _WMEMU_FILETIME_DEFINED
#endif
#define HKEY_CLASSES_ROOT   ((HKEY)0x80000000)
#define HKEY_CURRENT_USER   ((HKEY)0x80000001)
#define HKEY_LOCAL_MACHINE  ((HKEY)0x80000002)
#define HKEY_USERS          ((HKEY)0x80000003)
#define REG_NONE      0
#define REG_SZ        1
#define REG_EXPAND_SZ 2
#define REG_BINARY    3
#define REG_DWORD     4
#define REG_MULTI_SZ  7
#define REG_CREATED_NEW_KEY     1
#define REG_OPENED_EXISTING_KEY 2
#define KEY_ALL_ACCESS 0xF003F
#define KEY_READ       0x20019
#define ERROR_MORE_DATA     234
#define ERROR_NO_MORE_ITEMS 259
#ifndef ERROR_FILE_NOT_FOUND
#define ERROR_FILE_NOT_FOUND 2
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE 6
#endif
WINBASEAPI LONG WINAPI RegCloseKey(HKEY h);                                                            /* 455 */
WINBASEAPI LONG WINAPI RegCreateKeyExW(HKEY h, LPCWSTR sub, DWORD res, LPWSTR cls, DWORD opts, REGSAM sam, LPVOID sa, PHKEY out, LPDWORD disp); /* 456 */
WINBASEAPI LONG WINAPI RegDeleteKeyW(HKEY h, LPCWSTR sub);                                             /* 457 */
WINBASEAPI LONG WINAPI RegDeleteValueW(HKEY h, LPCWSTR name);                                          /* 458 */
WINBASEAPI LONG WINAPI RegEnumValueW(HKEY h, DWORD i, LPWSTR name, LPDWORD nameLen, LPDWORD res, LPDWORD type, LPBYTE data, LPDWORD dataLen); /* 459 */
WINBASEAPI LONG WINAPI RegEnumKeyExW(HKEY h, DWORD i, LPWSTR name, LPDWORD nameLen, LPDWORD res, LPWSTR cls, LPDWORD clsLen, LPVOID ft);        /* 460 */
WINBASEAPI LONG WINAPI RegOpenKeyExW(HKEY h, LPCWSTR sub, DWORD opts, REGSAM sam, PHKEY out);          /* 461 */
WINBASEAPI LONG WINAPI RegQueryInfoKeyW(HKEY h, LPWSTR cls, LPDWORD clsLen, LPDWORD res, LPDWORD subKeys, LPDWORD maxSubKeyLen, LPDWORD maxClassLen, LPDWORD values, LPDWORD maxValueNameLen, LPDWORD maxValueLen, LPDWORD sd, LPVOID ft); /* 462 */
WINBASEAPI LONG WINAPI RegQueryValueExW(HKEY h, LPCWSTR name, LPDWORD res, LPDWORD type, LPBYTE data, LPDWORD dataLen); /* 463 */
WINBASEAPI LONG WINAPI RegSetValueExW(HKEY h, LPCWSTR name, DWORD res, DWORD type, const BYTE *data, DWORD dataLen);      /* 464 */
#endif
