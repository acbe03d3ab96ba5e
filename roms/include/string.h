/* string.h — the C string/memory functions exported by coredll (imported by ordinal). */
#ifndef _WMEMU_STRING_H
#define _WMEMU_STRING_H
#include "_ce_base.h"
_CRTIMP void  *memcpy(void *dst, const void *src, size_t n);   /* coredll 1044 */
_CRTIMP void  *memmove(void *dst, const void *src, size_t n);  /* coredll 1046 */
_CRTIMP void  *memset(void *dst, int c, size_t n);             /* coredll 1047 */
_CRTIMP int    memcmp(const void *a, const void *b, size_t n); /* coredll 1043 */
_CRTIMP size_t strlen(const char *s);                          /* coredll 1068 */
_CRTIMP char  *strcpy(char *dst, const char *src);             /* coredll 1066 */
_CRTIMP char  *strncpy(char *dst, const char *src, size_t n);  /* coredll 1071 */
_CRTIMP int    strcmp(const char *a, const char *b);           /* coredll 1065 */
_CRTIMP char  *strtok(char *s, const char *delim);             /* coredll 1073 */
#include "wchar.h"
#endif
