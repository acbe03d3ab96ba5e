/* stdio.h — formatted output exported by coredll (console output on CE). */
#ifndef _WMEMU_STDIO_H
#define _WMEMU_STDIO_H
#include "_ce_base.h"
_CRTIMP int printf(const char *fmt, ...);                     /* coredll 1102 */
_CRTIMP int wprintf(const wchar_t *fmt, ...);                 /* coredll 1134 */
_CRTIMP int sprintf(char *buf, const char *fmt, ...);         /* coredll 719  */
/* CE swprintf is the old Microsoft form without a count argument. */
_CRTIMP int swprintf(wchar_t *buf, const wchar_t *fmt, ...);  /* coredll 1097 */
#endif
