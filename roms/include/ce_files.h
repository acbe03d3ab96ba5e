/* ce_files.h — Windows CE file system APIs (coredll): CreateFileW & co., FindFirstFileW, attributes,
 * times. Ordinals in comments. CE's WIN32_FIND_DATAW has dwOID and no cAlternateFileName (560 bytes). */
#ifndef _WMEMU_CE_FILES_H
#define _WMEMU_CE_FILES_H
#include "windows.h"

typedef struct _FILETIME { DWORD dwLowDateTime, dwHighDateTime; } FILETIME, *LPFILETIME;
typedef struct _WIN32_FIND_DATAW {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow;
    DWORD dwOID;
    WCHAR cFileName[MAX_PATH];
} WIN32_FIND_DATAW, *LPWIN32_FIND_DATAW;
_Static_assert(sizeof(WIN32_FIND_DATAW) == 560, "CE WIN32_FIND_DATAW is 560 bytes");
typedef struct _WIN32_FILE_ATTRIBUTE_DATA {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD nFileSizeHigh, nFileSizeLow;
} WIN32_FILE_ATTRIBUTE_DATA;
typedef struct _BY_HANDLE_FILE_INFORMATION {
    DWORD dwFileAttributes;
    FILETIME ftCreationTime, ftLastAccessTime, ftLastWriteTime;
    DWORD dwVolumeSerialNumber, nFileSizeHigh, nFileSizeLow, nNumberOfLinks, nFileIndexHigh, nFileIndexLow, dwOID;
} BY_HANDLE_FILE_INFORMATION;
typedef union _ULARGE_INTEGER { struct { DWORD LowPart, HighPart; } u; unsigned long long QuadPart; } ULARGE_INTEGER;

#define INVALID_HANDLE_VALUE ((HANDLE)-1)
#define INVALID_FILE_ATTRIBUTES ((DWORD)-1)
#define GENERIC_READ   0x80000000
#define GENERIC_WRITE  0x40000000
#define FILE_SHARE_READ  1
#define FILE_SHARE_WRITE 2
#define CREATE_NEW        1
#define CREATE_ALWAYS     2
#define OPEN_EXISTING     3
#define OPEN_ALWAYS       4
#define TRUNCATE_EXISTING 5
#define FILE_ATTRIBUTE_READONLY  0x01
#define FILE_ATTRIBUTE_HIDDEN    0x02
#define FILE_ATTRIBUTE_SYSTEM    0x04
#define FILE_ATTRIBUTE_DIRECTORY 0x10
#define FILE_ATTRIBUTE_ARCHIVE   0x20
#define FILE_ATTRIBUTE_NORMAL    0x80
#define FILE_ATTRIBUTE_TEMPORARY 0x100
#define FILE_FLAG_WRITE_THROUGH  0x80000000
#define FILE_FLAG_DELETE_ON_CLOSE 0x04000000
#define FILE_BEGIN   0
#define FILE_CURRENT 1
#define FILE_END     2
#define ERROR_FILE_NOT_FOUND      2
#define ERROR_PATH_NOT_FOUND      3
#define ERROR_ACCESS_DENIED       5
#define ERROR_INVALID_HANDLE      6
#define ERROR_NO_MORE_FILES       18
#define ERROR_FILE_EXISTS         80
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_NAME        123
#define ERROR_NEGATIVE_SEEK       131
#define ERROR_DIR_NOT_EMPTY       145
#define ERROR_ALREADY_EXISTS      183
#define ERROR_FILENAME_EXCED_RANGE 206
#define ERROR_DIRECTORY           267

WINBASEAPI BOOL   WINAPI CreateDirectoryW(LPCWSTR path, LPVOID sa);                         /* 160 */
WINBASEAPI BOOL   WINAPI RemoveDirectoryW(LPCWSTR path);                                    /* 161 */
WINBASEAPI DWORD  WINAPI GetTempPathW(DWORD n, LPWSTR buf);                                 /* 162 */
WINBASEAPI BOOL   WINAPI MoveFileW(LPCWSTR from, LPCWSTR to);                               /* 163 */
WINBASEAPI BOOL   WINAPI CopyFileW(LPCWSTR from, LPCWSTR to, BOOL failIfExists);            /* 164 */
WINBASEAPI BOOL   WINAPI DeleteFileW(LPCWSTR path);                                         /* 165 */
WINBASEAPI DWORD  WINAPI GetFileAttributesW(LPCWSTR path);                                  /* 166 */
WINBASEAPI HANDLE WINAPI FindFirstFileW(LPCWSTR pattern, LPWIN32_FIND_DATAW data);          /* 167 */
WINBASEAPI HANDLE WINAPI CreateFileW(LPCWSTR name, DWORD access, DWORD share, LPVOID sa, DWORD disposition, DWORD flags, HANDLE tmpl); /* 168 */
WINBASEAPI BOOL   WINAPI SetFileAttributesW(LPCWSTR path, DWORD attrs);                     /* 169 */
WINBASEAPI BOOL   WINAPI ReadFile(HANDLE h, LPVOID buf, DWORD n, LPDWORD got, LPVOID ov);   /* 170 */
WINBASEAPI BOOL   WINAPI WriteFile(HANDLE h, LPCVOID buf, DWORD n, LPDWORD put, LPVOID ov); /* 171 */
WINBASEAPI DWORD  WINAPI GetFileSize(HANDLE h, LPDWORD high);                               /* 172 */
WINBASEAPI DWORD  WINAPI SetFilePointer(HANDLE h, LONG dist, LONG *distHigh, DWORD method); /* 173 */
WINBASEAPI BOOL   WINAPI GetFileInformationByHandle(HANDLE h, BY_HANDLE_FILE_INFORMATION *info); /* 174 */
WINBASEAPI BOOL   WINAPI FlushFileBuffers(HANDLE h);                                        /* 175 */
WINBASEAPI BOOL   WINAPI GetFileTime(HANDLE h, LPFILETIME c, LPFILETIME a, LPFILETIME w);   /* 176 */
WINBASEAPI BOOL   WINAPI SetFileTime(HANDLE h, const FILETIME *c, const FILETIME *a, const FILETIME *w); /* 177 */
WINBASEAPI BOOL   WINAPI SetEndOfFile(HANDLE h);                                            /* 178 */
WINBASEAPI BOOL   WINAPI FindClose(HANDLE h);                                               /* 180 */
WINBASEAPI BOOL   WINAPI FindNextFileW(HANDLE h, LPWIN32_FIND_DATAW data);                  /* 181 */
WINBASEAPI BOOL   WINAPI GetDiskFreeSpaceExW(LPCWSTR dir, ULARGE_INTEGER *availToCaller, ULARGE_INTEGER *total, ULARGE_INTEGER *totalFree); /* 184 */
WINBASEAPI BOOL   WINAPI GetFileAttributesExW(LPCWSTR path, int level, LPVOID info);        /* 1237 */
#endif
