/* setjmp.h — setjmp/longjmp exported by coredll (2054 / 1036). jmp_buf as in the CE SDK for ARM
 * (_JBLEN 11): wmemu stores R4-R11, SP and the return address in its first 10 words. */
#ifndef _WMEMU_SETJMP_H
#define _WMEMU_SETJMP_H
#include "_ce_base.h"
#define _JBLEN 11
typedef int jmp_buf[_JBLEN];
_CRTIMP __attribute__((returns_twice)) int setjmp(jmp_buf env);  /* coredll 2054 */
_CRTIMP __attribute__((noreturn)) void longjmp(jmp_buf env, int value); /* coredll 1036 */
#endif
