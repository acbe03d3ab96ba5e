/* _ce_base.h — basic types and API decoration shared by the wmemu ROM headers.
 * Minimal, hand-written for wmemu (no Microsoft SDK). Target: Windows CE 5 / WM 6.5, 32-bit ARM.
 * Compile with -fshort-wchar (wchar_t and L"..." literals are 16-bit UTF-16, as on CE). */
#ifndef _WMEMU_CE_BASE_H
#define _WMEMU_CE_BASE_H

#define UNDER_CE 0x502
#define _WIN32_WCE 0x502

#ifdef __cplusplus
#define _CE_EXTERN_C extern "C"
#else
#define _CE_EXTERN_C extern
#endif

/* Every coredll/winsock function is declared dllimport: the compiler then calls through the
 * import address table (ldr rX, =__imp_name; ldr rX, [rX]; blx rX) instead of a linker thunk. */
#define DECLSPEC_IMPORT __declspec(dllimport)
#define WINAPI          /* ARM has a single calling convention (AAPCS) */
#define WINAPIV
#define APIENTRY        WINAPI
#define CALLBACK
#define _CEAPI          _CE_EXTERN_C DECLSPEC_IMPORT
#define WINBASEAPI      _CEAPI
#define _CRTIMP         _CEAPI

#ifndef NULL
#define NULL ((void *)0)
#endif
#define TRUE  1
#define FALSE 0

#ifndef __cplusplus
typedef unsigned short wchar_t;
#endif
typedef unsigned int   size_t;
typedef int            ptrdiff_t;
typedef int            intptr_t;
typedef unsigned int   uintptr_t;
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, type)   __builtin_va_arg(ap, type)
#define va_end(ap)         __builtin_va_end(ap)

#endif
