/* stdio.h — formatted output exported by coredll (console output on CE). */
#ifndef _WMEMU_STDIO_H
#define _WMEMU_STDIO_H
#include "_ce_base.h"
_CRTIMP int printf(const char *fmt, ...);                     /* coredll 1102 */
_CRTIMP int wprintf(const wchar_t *fmt, ...);                 /* coredll 1134 */
_CRTIMP int sprintf(char *buf, const char *fmt, ...);         /* coredll 719  */
/* CE swprintf is the old Microsoft form without a count argument. */
_CRTIMP int swprintf(wchar_t *buf, const wchar_t *fmt, ...);  /* coredll 1097 */
/* ---- CE C runtime streams (coredll; the console is the host terminal under wmemu) ---- */
typedef struct _wmemu_FILE FILE;  /* opaque: coredll owns the stream */
typedef long long fpos_t;
typedef unsigned short wint_t;
#define EOF  (-1)
#define WEOF ((wint_t)0xFFFF)
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
_CRTIMP FILE   *_getstdfilex(int n);                                         /* 1100 */
#define stdin  (_getstdfilex(0))
#define stdout (_getstdfilex(1))
#define stderr (_getstdfilex(2))
_CRTIMP int     getchar(void);                                               /* 1104 */
_CRTIMP int     putchar(int c);                                              /* 1105 */
_CRTIMP char   *gets(char *buf);                                             /* 1106 */
_CRTIMP int     puts(const char *s);                                         /* 1107 */
_CRTIMP int     fgetc(FILE *f);                                              /* 1108 */
_CRTIMP char   *fgets(char *buf, int n, FILE *f);                            /* 1109 */
_CRTIMP int     fputc(int c, FILE *f);                                       /* 1110 */
_CRTIMP int     fputs(const char *s, FILE *f);                               /* 1111 */
_CRTIMP int     ungetc(int c, FILE *f);                                      /* 1112 */
_CRTIMP FILE   *fopen(const char *name, const char *mode);                   /* 1113 */
_CRTIMP int     fprintf(FILE *f, const char *fmt, ...);                      /* 1115 */
_CRTIMP int     vfprintf(FILE *f, const char *fmt, va_list ap);              /* 1116 */
_CRTIMP int     fclose(FILE *f);                                             /* 1118 */
_CRTIMP int     _fcloseall(void);                                            /* 1119 */
_CRTIMP size_t  fread(void *p, size_t size, size_t n, FILE *f);              /* 1120 */
_CRTIMP size_t  fwrite(const void *p, size_t size, size_t n, FILE *f);       /* 1121 */
_CRTIMP int     fflush(FILE *f);                                             /* 1122 */
_CRTIMP int     _fileno(FILE *f);                                            /* 1124 */
_CRTIMP int     feof(FILE *f);                                               /* 1125 */
_CRTIMP int     ferror(FILE *f);                                             /* 1126 */
_CRTIMP void    clearerr(FILE *f);                                           /* 1127 */
_CRTIMP int     fgetpos(FILE *f, fpos_t *pos);                               /* 1128 */
_CRTIMP int     fsetpos(FILE *f, const fpos_t *pos);                         /* 1129 */
_CRTIMP int     fseek(FILE *f, long off, int origin);                        /* 1130 */
_CRTIMP long    ftell(FILE *f);                                              /* 1131 */
_CRTIMP wint_t  getwchar(void);                                              /* 1136 */
_CRTIMP wint_t  putwchar(wchar_t c);                                         /* 1137 */
_CRTIMP wchar_t *_getws(wchar_t *buf);                                       /* 1138 */
_CRTIMP int     _putws(const wchar_t *s);                                    /* 1139 */
_CRTIMP wint_t  fgetwc(FILE *f);                                             /* 1140 */
_CRTIMP wint_t  fputwc(wchar_t c, FILE *f);                                  /* 1141 */
_CRTIMP wint_t  ungetwc(wint_t c, FILE *f);                                  /* 1142 */
_CRTIMP wchar_t *fgetws(wchar_t *buf, int n, FILE *f);                       /* 1143 */
_CRTIMP int     fputws(const wchar_t *s, FILE *f);                           /* 1144 */
_CRTIMP FILE   *_wfopen(const wchar_t *name, const wchar_t *mode);           /* 1145 */
_CRTIMP int     fwprintf(FILE *f, const wchar_t *fmt, ...);                  /* 867  */
_CRTIMP int     vfwprintf(FILE *f, const wchar_t *fmt, va_list ap);          /* 721  */
/* CE stdio redirection of the process's stdin (0), stdout (1), stderr (2). */
_CRTIMP int     SetStdioPathW(unsigned long id, const wchar_t *path);        /* 1150 */
_CRTIMP int     GetStdioPathW(unsigned long id, wchar_t *buf, unsigned long *len); /* 1149 */
#endif
