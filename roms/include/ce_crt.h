/* ce_crt.h — the rest of coredll's C runtime for the wmemu test ROMs: strsafe, ctype, conversions,
 * more string functions, qsort, math, time conversions and time zones, pointer probes, random
 * numbers, and the CE 6 secure CRT (*_s; imported by ordinal through roms/src/coredll6.def).
 * Functions taking or returning double use CE's soft-float convention (a double travels in a core
 * register pair, like a 64-bit integer), while this target (thumbv7-windows, which clang only knows
 * with the VFP convention) would pass it in VFP registers: they are imported under their own names
 * as functions on the double's bits (asm labels) and wrapped as ce_<name>() taking/returning double. */
#ifndef _WMEMU_CE_CRT_H
#define _WMEMU_CE_CRT_H
#include "windows.h"
#include "ce_files.h"

typedef unsigned long long _ce_f64; /* the bits of a double */
static inline _ce_f64 _ce_bits(double d) { union { double d; _ce_f64 u; } x; x.d = d; return x.u; }
static inline double _ce_dbl(_ce_f64 u) { union { double d; _ce_f64 u; } x; x.u = u; return x.d; }
/* _CE_D1(name): double ce_name(double); _CE_D2: double ce_name(double, double) */
#define _CE_D1(n) _CRTIMP _ce_f64 _ce_imp_##n(_ce_f64) __asm__(#n); \
    static inline double ce_##n(double x) { return _ce_dbl(_ce_imp_##n(_ce_bits(x))); }
#define _CE_D2(n) _CRTIMP _ce_f64 _ce_imp_##n(_ce_f64, _ce_f64) __asm__(#n); \
    static inline double ce_##n(double x, double y) { return _ce_dbl(_ce_imp_##n(_ce_bits(x), _ce_bits(y))); }
typedef long HRESULT;
typedef int errno_t;
typedef unsigned long long ULONGLONG;
typedef long long LONGLONG;

/* strsafe (coredll 1689-1757, 1868-1869) */
#define S_OK 0
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER   ((HRESULT)0x80070057L)
#define STRSAFE_IGNORE_NULLS      0x00000100
#define STRSAFE_FILL_BEHIND_NULL  0x00000200
#define STRSAFE_FILL_ON_FAILURE   0x00000400
#define STRSAFE_NULL_ON_FAILURE   0x00000800
#define STRSAFE_NO_TRUNCATION     0x00001000
WINBASEAPI HRESULT StringCchCopyW(LPWSTR d, size_t cch, LPCWSTR s);
WINBASEAPI HRESULT StringCbCopyW(LPWSTR d, size_t cb, LPCWSTR s);
WINBASEAPI HRESULT StringCchCopyA(LPSTR d, size_t cch, LPCSTR s);
WINBASEAPI HRESULT StringCbCopyA(LPSTR d, size_t cb, LPCSTR s);
WINBASEAPI HRESULT StringCchCopyExW(LPWSTR d, size_t cch, LPCWSTR s, LPWSTR *end, size_t *rem, DWORD fl);
WINBASEAPI HRESULT StringCbCopyExW(LPWSTR d, size_t cb, LPCWSTR s, LPWSTR *end, size_t *rem, DWORD fl);
WINBASEAPI HRESULT StringCchCopyNW(LPWSTR d, size_t cch, LPCWSTR s, size_t cchSrc);
WINBASEAPI HRESULT StringCchCopyNA(LPSTR d, size_t cch, LPCSTR s, size_t cchSrc);
WINBASEAPI HRESULT StringCchCopyNExW(LPWSTR d, size_t cch, LPCWSTR s, size_t cchSrc, LPWSTR *end, size_t *rem, DWORD fl);
WINBASEAPI HRESULT StringCchCatW(LPWSTR d, size_t cch, LPCWSTR s);
WINBASEAPI HRESULT StringCbCatW(LPWSTR d, size_t cb, LPCWSTR s);
WINBASEAPI HRESULT StringCchCatA(LPSTR d, size_t cch, LPCSTR s);
WINBASEAPI HRESULT StringCbCatA(LPSTR d, size_t cb, LPCSTR s);
WINBASEAPI HRESULT StringCchCatExW(LPWSTR d, size_t cch, LPCWSTR s, LPWSTR *end, size_t *rem, DWORD fl);
WINBASEAPI HRESULT StringCchCatNW(LPWSTR d, size_t cch, LPCWSTR s, size_t cchMax);
WINBASEAPI HRESULT StringCchPrintfW(LPWSTR d, size_t cch, LPCWSTR fmt, ...);
WINBASEAPI HRESULT StringCbPrintfW(LPWSTR d, size_t cb, LPCWSTR fmt, ...);
WINBASEAPI HRESULT StringCchPrintfA(LPSTR d, size_t cch, LPCSTR fmt, ...);
WINBASEAPI HRESULT StringCbPrintfA(LPSTR d, size_t cb, LPCSTR fmt, ...);
WINBASEAPI HRESULT StringCchPrintfExW(LPWSTR d, size_t cch, LPWSTR *end, size_t *rem, DWORD fl, LPCWSTR fmt, ...);
WINBASEAPI HRESULT StringCchVPrintfW(LPWSTR d, size_t cch, LPCWSTR fmt, va_list ap);
WINBASEAPI HRESULT StringCchVPrintfA(LPSTR d, size_t cch, LPCSTR fmt, va_list ap);
WINBASEAPI HRESULT StringCbVPrintfA(LPSTR d, size_t cb, LPCSTR fmt, va_list ap);
WINBASEAPI HRESULT StringCchVPrintfExA(LPSTR d, size_t cch, LPSTR *end, size_t *rem, DWORD fl, LPCSTR fmt, va_list ap);
WINBASEAPI HRESULT StringCchLengthW(LPCWSTR s, size_t cchMax, size_t *pcch);
WINBASEAPI HRESULT StringCbLengthW(LPCWSTR s, size_t cbMax, size_t *pcb);
WINBASEAPI HRESULT StringCchLengthA(LPCSTR s, size_t cchMax, size_t *pcch);
WINBASEAPI HRESULT StringCbLengthA(LPCSTR s, size_t cbMax, size_t *pcb);

/* ctype */
#define _UPPER 0x1
#define _LOWER 0x2
#define _DIGIT 0x4
#define _SPACE 0x8
#define _PUNCT 0x10
#define _CONTROL 0x20
#define _BLANK 0x40
#define _HEX 0x80
#define _ALPHA (0x0100 | _UPPER | _LOWER)
_CRTIMP int _isctype(int c, int mask);
_CRTIMP int iswctype(wchar_t c, unsigned short mask);
_CRTIMP int toupper(int c);
_CRTIMP int tolower(int c);
_CRTIMP wchar_t towlower(wchar_t c);
_CRTIMP wchar_t towupper(wchar_t c);
#define CT_CTYPE1 1
#define CT_CTYPE2 2
#define CT_CTYPE3 4
#define C1_DEFINED 0x200
WINBASEAPI BOOL GetStringTypeW(DWORD type, LPCWSTR s, int cch, LPWORD out);
WINBASEAPI BOOL GetStringTypeExW(DWORD lcid, DWORD type, LPCWSTR s, int cch, LPWORD out);
WINBASEAPI BOOL IsDBCSLeadByte(BYTE c);
WINBASEAPI BOOL IsDBCSLeadByteEx(UINT cp, BYTE c);
typedef struct { UINT MaxCharSize; BYTE DefaultChar[2]; BYTE LeadByte[12]; } CPINFO;
WINBASEAPI BOOL GetCPInfo(UINT cp, CPINFO *info);
#define LCMAP_LOWERCASE 0x100
#define LCMAP_UPPERCASE 0x200
#define LCMAP_BYTEREV   0x800
WINBASEAPI int LCMapStringW(DWORD lcid, DWORD flags, LPCWSTR src, int cchSrc, LPWSTR dst, int cchDst);

/* conversions */
_CRTIMP long strtol(const char *s, char **end, int base);
_CRTIMP unsigned long strtoul(const char *s, char **end, int base);
_CRTIMP long wcstol(const wchar_t *s, wchar_t **end, int base);
_CRTIMP unsigned long wcstoul(const wchar_t *s, wchar_t **end, int base);
_CRTIMP _ce_f64 _ce_imp_strtod(const char *s, char **end) __asm__("strtod");
_CRTIMP _ce_f64 _ce_imp_wcstod(const wchar_t *s, wchar_t **end) __asm__("wcstod");
static inline double ce_strtod(const char *s, char **end) { return _ce_dbl(_ce_imp_strtod(s, end)); }
static inline double ce_wcstod(const wchar_t *s, wchar_t **end) { return _ce_dbl(_ce_imp_wcstod(s, end)); }
_CRTIMP long long _atoi64(const char *s);
_CRTIMP int atoi(const char *s);
_CRTIMP long _wtol(const wchar_t *s);
_CRTIMP char *_itoa(int v, char *buf, int radix);
_CRTIMP char *_ltoa(long v, char *buf, int radix);
_CRTIMP char *_ultoa(unsigned long v, char *buf, int radix);
_CRTIMP wchar_t *_itow(int v, wchar_t *buf, int radix);
_CRTIMP wchar_t *_ltow(long v, wchar_t *buf, int radix);
_CRTIMP wchar_t *_ultow(unsigned long v, wchar_t *buf, int radix);
_CRTIMP size_t mbstowcs(wchar_t *d, const char *s, size_t n);
_CRTIMP size_t wcstombs(char *d, const wchar_t *s, size_t n);
_CRTIMP int abs(int n);
_CRTIMP long labs(long n);
_CRTIMP unsigned short _byteswap_ushort(unsigned short v);
_CRTIMP unsigned long _byteswap_ulong(unsigned long v);
_CRTIMP unsigned long long _byteswap_uint64(unsigned long long v);
WINBASEAPI int MulDiv(int a, int b, int c);             /* CE 6 ordinal 1877 */

/* more string.h / wchar.h */
_CRTIMP char *strncat(char *d, const char *s, size_t n);
_CRTIMP wchar_t *wcsncat(wchar_t *d, const wchar_t *s, size_t n);
_CRTIMP size_t strspn(const char *s, const char *set);
_CRTIMP size_t strcspn(const char *s, const char *set);
_CRTIMP size_t wcsspn(const wchar_t *s, const wchar_t *set);
_CRTIMP size_t wcscspn(const wchar_t *s, const wchar_t *set);
_CRTIMP char *strpbrk(const char *s, const char *set);
_CRTIMP wchar_t *wcspbrk(const wchar_t *s, const wchar_t *set);
_CRTIMP char *strtok(char *s, const char *delim);
_CRTIMP wchar_t *wcstok(wchar_t *s, const wchar_t *delim);
_CRTIMP char *_strdup(const char *s);
_CRTIMP wchar_t *_wcsdup(const wchar_t *s);
_CRTIMP char *_strlwr(char *s);
_CRTIMP char *_strupr(char *s);
_CRTIMP wchar_t *_wcslwr(wchar_t *s);
_CRTIMP wchar_t *_wcsupr(wchar_t *s);
_CRTIMP char *_strrev(char *s);
_CRTIMP wchar_t *_wcsrev(wchar_t *s);
_CRTIMP wchar_t *wcsstr(const wchar_t *s, const wchar_t *sub);
_CRTIMP wchar_t *wcsrchr(const wchar_t *s, wchar_t c);
_CRTIMP int _wcsnicmp(const wchar_t *a, const wchar_t *b, size_t n);
_CRTIMP void *memchr(const void *p, int c, size_t n);
_CRTIMP void qsort(void *base, size_t num, size_t width, int (*cmp)(const void *, const void *));

/* math (ce_<name> wrappers, see the top of this file) */
_CE_D1(sqrt) _CE_D2(pow) _CE_D1(floor) _CE_D1(ceil) _CE_D1(fabs) _CE_D2(fmod) _CE_D2(atan2)
_CE_D1(sin) _CE_D1(cos) _CE_D1(exp) _CE_D1(log) _CE_D1(log10)
_CRTIMP _ce_f64 _ce_imp_ldexp(_ce_f64 x, int e) __asm__("ldexp");
_CRTIMP _ce_f64 _ce_imp_frexp(_ce_f64 x, int *e) __asm__("frexp");
_CRTIMP _ce_f64 _ce_imp_modf(_ce_f64 x, double *ip) __asm__("modf");
_CRTIMP int _ce_imp_finite(_ce_f64 x) __asm__("_finite");
_CRTIMP int _ce_imp_isnan(_ce_f64 x) __asm__("_isnan");
_CRTIMP int _ce_imp_fpclass(_ce_f64 x) __asm__("_fpclass");
static inline double ce_ldexp(double x, int e) { return _ce_dbl(_ce_imp_ldexp(_ce_bits(x), e)); }
static inline double ce_frexp(double x, int *e) { return _ce_dbl(_ce_imp_frexp(_ce_bits(x), e)); }
static inline double ce_modf(double x, double *ip) { return _ce_dbl(_ce_imp_modf(_ce_bits(x), ip)); }
static inline int ce_finite(double x) { return _ce_imp_finite(_ce_bits(x)); }
static inline int ce_isnan(double x) { return _ce_imp_isnan(_ce_bits(x)); }
static inline int ce_fpclass(double x) { return _ce_imp_fpclass(_ce_bits(x)); }
_CRTIMP unsigned int _controlfp(unsigned int v, unsigned int mask);

/* time */
typedef struct _TIME_ZONE_INFORMATION {
    LONG Bias; WCHAR StandardName[32]; SYSTEMTIME StandardDate; LONG StandardBias;
    WCHAR DaylightName[32]; SYSTEMTIME DaylightDate; LONG DaylightBias;
} TIME_ZONE_INFORMATION;
#define TIME_ZONE_ID_UNKNOWN 0
#define TIME_ZONE_ID_STANDARD 1
#define TIME_ZONE_ID_DAYLIGHT 2
WINBASEAPI BOOL SystemTimeToFileTime(const SYSTEMTIME *st, FILETIME *ft);
WINBASEAPI BOOL FileTimeToSystemTime(const FILETIME *ft, SYSTEMTIME *st);
WINBASEAPI BOOL FileTimeToLocalFileTime(const FILETIME *ft, FILETIME *lft);
WINBASEAPI BOOL LocalFileTimeToFileTime(const FILETIME *lft, FILETIME *ft);
WINBASEAPI LONG CompareFileTime(const FILETIME *a, const FILETIME *b);
WINBASEAPI DWORD GetTimeZoneInformation(TIME_ZONE_INFORMATION *tz);
WINBASEAPI BOOL SetTimeZoneInformation(const TIME_ZONE_INFORMATION *tz);
WINBASEAPI void SetDaylightTime(DWORD dst);
WINBASEAPI BOOL SetLocalTime(const SYSTEMTIME *st);
WINBASEAPI BOOL SetSystemTime(const SYSTEMTIME *st);
WINBASEAPI BOOL GetCurrentFT(FILETIME *ft);
WINBASEAPI void GetSystemTimeAsFileTime(FILETIME *ft); /* CE 6 ordinal 2536 */

/* system information, probes, random */
typedef struct _SYSTEM_INFO {
    WORD wProcessorArchitecture; WORD wReserved; DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress; LPVOID lpMaximumApplicationAddress;
    DWORD dwActiveProcessorMask; DWORD dwNumberOfProcessors; DWORD dwProcessorType;
    DWORD dwAllocationGranularity; WORD wProcessorLevel; WORD wProcessorRevision;
} SYSTEM_INFO;
WINBASEAPI void GetSystemInfo(SYSTEM_INFO *si);
typedef struct _MEMORYSTATUS {
    DWORD dwLength, dwMemoryLoad, dwTotalPhys, dwAvailPhys, dwTotalPageFile, dwAvailPageFile, dwTotalVirtual, dwAvailVirtual;
} MEMORYSTATUS;
WINBASEAPI void GlobalMemoryStatus(MEMORYSTATUS *ms);
WINBASEAPI BOOL IsBadReadPtr(const void *p, UINT n);
WINBASEAPI BOOL IsBadWritePtr(void *p, UINT n);
WINBASEAPI BOOL IsBadCodePtr(void *p);
WINBASEAPI DWORD Random(void);
WINBASEAPI LONGLONG CeGetRandomSeed(void);
WINBASEAPI BOOL CeGenRandom(DWORD n, BYTE *p);
_CRTIMP int rand(void);
_CRTIMP void srand(unsigned int seed);

/* CE 6 secure CRT (ordinals in roms/src/coredll6.def) */
#define EINVAL 22
#define ERANGE 34
#define STRUNCATE 80
#define _TRUNCATE ((size_t)-1)
_CRTIMP errno_t wcscpy_s(wchar_t *d, size_t n, const wchar_t *s);
_CRTIMP errno_t wcsncpy_s(wchar_t *d, size_t n, const wchar_t *s, size_t count);
_CRTIMP errno_t wcscat_s(wchar_t *d, size_t n, const wchar_t *s);
_CRTIMP errno_t wcsncat_s(wchar_t *d, size_t n, const wchar_t *s, size_t count);
_CRTIMP errno_t memcpy_s(void *d, size_t n, const void *s, size_t count);
_CRTIMP errno_t memmove_s(void *d, size_t n, const void *s, size_t count);
_CRTIMP errno_t _wcslwr_s(wchar_t *s, size_t n);
_CRTIMP errno_t _wcsupr_s(wchar_t *s, size_t n);
_CRTIMP int _vsnwprintf_s(wchar_t *b, size_t size, size_t count, const wchar_t *fmt, va_list ap);
_CRTIMP int swprintf_s(wchar_t *b, size_t size, const wchar_t *fmt, ...);
_CRTIMP int sprintf_s(char *b, size_t size, const char *fmt, ...);
_CRTIMP errno_t mbstowcs_s(size_t *ret, wchar_t *d, size_t n, const char *s, size_t count);
_CRTIMP void *_recalloc(void *p, size_t num, size_t size);
typedef void (*_invalid_parameter_handler)(const wchar_t *, const wchar_t *, const wchar_t *, unsigned int, uintptr_t);
_CRTIMP _invalid_parameter_handler _set_invalid_parameter_handler(_invalid_parameter_handler h);
#endif
