/* stdlib.h — heap functions exported by coredll, plus exit() from our own CRT (roms/crt). */
#ifndef _WMEMU_STDLIB_H
#define _WMEMU_STDLIB_H
#include "_ce_base.h"
_CRTIMP void *malloc(size_t n);              /* coredll 1041 */
_CRTIMP void  free(void *p);                 /* coredll 1018 */
_CRTIMP void *calloc(size_t n, size_t size); /* coredll 1346 */
_CRTIMP void *realloc(void *p, size_t n);    /* coredll 1054 */
/* coredll has no exit(): on CE it lives in the static C runtime. Ours is in roms/crt/crt0.c:
 * exit(code) == TerminateProcess(GetCurrentProcess(), code). */
_CE_EXTERN_C __attribute__((noreturn)) void exit(int code);
#endif
