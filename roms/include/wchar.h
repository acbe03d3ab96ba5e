/* wchar.h — wide string functions exported by coredll. wchar_t is 16-bit (build with -fshort-wchar). */
#ifndef _WMEMU_WCHAR_H
#define _WMEMU_WCHAR_H
#include "_ce_base.h"
_CRTIMP size_t   wcslen(const wchar_t *s);                           /* coredll 63 */
_CRTIMP wchar_t *wcscpy(wchar_t *dst, const wchar_t *src);           /* coredll 61 */
_CRTIMP wchar_t *wcsncpy(wchar_t *dst, const wchar_t *src, size_t n);/* coredll 66 */
_CRTIMP wchar_t *wcscat(wchar_t *dst, const wchar_t *src);           /* coredll 58 */
_CRTIMP int      wcscmp(const wchar_t *a, const wchar_t *b);         /* coredll 60 */
_CRTIMP int      _wcsicmp(const wchar_t *a, const wchar_t *b);       /* coredll 230 */
#endif
