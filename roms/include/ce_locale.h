/* ce_locale.h — Windows CE strings, code pages and locale (coredll), for the wmemu test ROMs.
 * Ordinals in comments are coredll's. */
#ifndef _WMEMU_CE_LOCALE_H
#define _WMEMU_CE_LOCALE_H
#include "windows.h"

typedef DWORD LCID, LCTYPE;
#define CP_ACP   0
#define CP_OEMCP 1
#define CP_UTF8  65001
#define LOCALE_USER_DEFAULT   0x0400
#define LOCALE_SYSTEM_DEFAULT 0x0800
#define LOCALE_SLANGUAGE        0x0002
#define LOCALE_SABBREVLANGNAME  0x0003
#define LOCALE_SCOUNTRY         0x0006
#define LOCALE_SDECIMAL         0x000E
#define LOCALE_STHOUSAND        0x000F
#define LOCALE_SSHORTDATE       0x001F
#define LOCALE_SLONGDATE        0x0020
#define LOCALE_SDAYNAME1        0x002A
#define LOCALE_SMONTHNAME1      0x0038
#define LOCALE_ILANGUAGE        0x0001
#define LOCALE_IDEFAULTANSICODEPAGE 0x1004
#define LOCALE_STIMEFORMAT      0x1003
#define LOCALE_RETURN_NUMBER    0x20000000
#define DATE_SHORTDATE 0x1
#define DATE_LONGDATE  0x2
#define TIME_NOSECONDS 0x2
#define TIME_FORCE24HOURFORMAT 0x8
#define NORM_IGNORECASE 0x1
#define CSTR_LESS_THAN    1
#define CSTR_EQUAL        2
#define CSTR_GREATER_THAN 3
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x0100
#define FORMAT_MESSAGE_IGNORE_INSERTS  0x0200
#define FORMAT_MESSAGE_FROM_STRING     0x0400
#define FORMAT_MESSAGE_FROM_SYSTEM     0x1000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x2000
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_MR_MID_NOT_FOUND    317

WINBASEAPI DWORD WINAPI FormatMessageW(DWORD flags, LPCVOID src, DWORD id, DWORD lang, LPWSTR buf, DWORD n, va_list *args); /* 234 */
WINBASEAPI int   WINAPI WideCharToMultiByte(UINT cp, DWORD fl, LPCWSTR w, int cw, LPSTR m, int cb, LPCSTR def, LPBOOL used); /* 197 */
WINBASEAPI int   WINAPI MultiByteToWideChar(UINT cp, DWORD fl, LPCSTR m, int cb, LPWSTR w, int cw); /* 196 */
WINBASEAPI int   WINAPI GetLocaleInfoW(LCID lcid, LCTYPE t, LPWSTR buf, int n);                     /* 200 */
WINBASEAPI int   WINAPI GetDateFormatW(LCID lcid, DWORD fl, const SYSTEMTIME *st, LPCWSTR fmt, LPWSTR buf, int n); /* 203 */
WINBASEAPI int   WINAPI GetTimeFormatW(LCID lcid, DWORD fl, const SYSTEMTIME *st, LPCWSTR fmt, LPWSTR buf, int n); /* 202 */
WINBASEAPI int   WINAPI CompareStringW(LCID lcid, DWORD fl, LPCWSTR a, int na, LPCWSTR b, int nb);  /* 198 */
WINBASEAPI int   WINAPI lstrcmpW(LPCWSTR a, LPCWSTR b);                                            /* 227 */
WINBASEAPI int   WINAPI lstrcmpiW(LPCWSTR a, LPCWSTR b);                                           /* 228 */
WINBASEAPI LPWSTR WINAPI CharUpperW(LPWSTR s);                                                     /* 224 */
WINBASEAPI LPWSTR WINAPI CharLowerW(LPWSTR s);                                                     /* 221 */
WINBASEAPI DWORD WINAPI CharUpperBuffW(LPWSTR s, DWORD n);                                         /* 223 */
WINBASEAPI UINT  WINAPI GetACP(void);                                                              /* 186 */
WINBASEAPI LCID  WINAPI GetUserDefaultLCID(void);                                                  /* 215 */
#endif
