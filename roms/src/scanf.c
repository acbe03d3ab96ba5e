/* scanf.c — the scanf family (sscanf, swscanf, fscanf, fwscanf, scanf, wscanf) driven by a case
 * file the test writes: \Temp\cases.txt, one case per line `MODE HEXA HEXB`:
 *   s  input  format   sscanf(input, format, 8 slots)
 *   w  input  format   swscanf: input and format widened byte by byte (Latin-1)
 *   f  path   format   fopen(path, "r"), fscanf until it returns 0 or EOF (at most 16 calls)
 *   F  path   format   _wfopen, fwscanf the same way
 *   i  -      format   scanf from stdin until 0 or EOF;   I: wscanf
 * HEXA/HEXB are hex-encoded bytes. The 8 argument slots are 32-byte buffers filled with 0xCC before
 * each call; after it the ROM prints `R <result> <slot0> ... <slot7>` (each slot in hex), and for
 * the stream modes `E <feof?1:0> <ftell>` after the last call. The test decodes the slots by the
 * types it expects. Exit code 0, or 2 when the case file is missing. */
#include <windows.h>

typedef struct _wmemu_FILE FILE;
_CRTIMP int   sscanf(const char *s, const char *fmt, ...);            /* 653  */
_CRTIMP int   swscanf(const wchar_t *s, const wchar_t *fmt, ...);     /* 1098 */
_CRTIMP int   fscanf(FILE *f, const char *fmt, ...);                  /* 1114 */
_CRTIMP int   fwscanf(FILE *f, const wchar_t *fmt, ...);              /* 735  */
_CRTIMP int   scanf(const char *fmt, ...);                            /* 1101 */
_CRTIMP int   wscanf(const wchar_t *fmt, ...);                        /* 1133 */
_CRTIMP FILE *fopen(const char *name, const char *mode);              /* 1113 */
_CRTIMP FILE *_wfopen(const wchar_t *name, const wchar_t *mode);      /* 1145 */
_CRTIMP int   fclose(FILE *f);                                        /* 1118 */
_CRTIMP int   feof(FILE *f);                                          /* 1125 */
_CRTIMP long  ftell(FILE *f);                                         /* 1131 */
_CRTIMP char *fgets(char *buf, int n, FILE *f);                       /* 1109 */

#define SLOTS 8
#define SLOT_SIZE 32
static unsigned char slots[SLOTS][SLOT_SIZE];
static char line[4096];
static char a[1024], b[1024];
static wchar_t wa[1024], wb[1024];

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the hex word at *p into out (NUL-terminated); advances *p past it and one space. */
static int unhex(const char **p, char *out, int max)
{
    const char *s = *p;
    int n = 0;
    while (s[0] && s[0] != ' ' && s[0] != '\n' && s[0] != '\r') {
        if (s[0] == '-') { s++; continue; }
        int hi = hexval(s[0]), lo = hexval(s[1]);
        if (hi < 0 || lo < 0 || n >= max - 1) return -1;
        out[n++] = (char)(hi * 16 + lo);
        s += 2;
    }
    out[n] = 0;
    if (*s == ' ') s++;
    *p = s;
    return n;
}

static void widen(const char *s, wchar_t *w)
{
    while (*s) *w++ = (unsigned char)*s++;
    *w = 0;
}

static void reset(void)
{
    memset(slots, 0xCC, sizeof slots);
}

static void report(int r)
{
    printf("R %d", r);
    for (int i = 0; i < SLOTS; i++) {
        printf(" ");
        for (int k = 0; k < SLOT_SIZE; k++) printf("%02x", slots[i][k]);
    }
    printf("\n");
}

#define ARGS slots[0], slots[1], slots[2], slots[3], slots[4], slots[5], slots[6], slots[7]

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show)
{
    FILE *cases = fopen("\\Temp\\cases.txt", "r");
    if (!cases) { printf("no case file\n"); return 2; }
    int n = 0;
    while (fgets(line, sizeof line, cases)) {
        const char *p = line;
        char mode = p[0];
        if (!mode || mode == '\n' || mode == '#') continue;
        p += 2;
        if (unhex(&p, a, sizeof a) < 0 || unhex(&p, b, sizeof b) < 0) { printf("bad case line %d\n", n); continue; }
        printf("C %d %c\n", n++, mode);
        if (mode == 's') {
            reset();
            report(sscanf(a, b, ARGS));
        } else if (mode == 'w') {
            widen(a, wa);
            widen(b, wb);
            reset();
            report(swscanf(wa, wb, ARGS));
        } else if (mode == 'f' || mode == 'F' || mode == 'i' || mode == 'I') {
            FILE *f = NULL;
            widen(a, wa);
            widen(b, wb);
            if (mode == 'f') f = fopen(a, "r");
            else if (mode == 'F') f = _wfopen(wa, L"r");
            if ((mode == 'f' || mode == 'F') && !f) { printf("open failed\n"); continue; }
            int r;
            for (int k = 0; k < 16; k++) {
                reset();
                if (mode == 'f') r = fscanf(f, b, ARGS);
                else if (mode == 'F') r = fwscanf(f, wb, ARGS);
                else if (mode == 'i') r = scanf(b, ARGS);
                else r = wscanf(wb, ARGS);
                report(r);
                if (r <= 0) break;
            }
            if (f) {
                printf("E %d %ld\n", feof(f) ? 1 : 0, ftell(f));
                fclose(f);
            }
        }
    }
    fclose(cases);
    printf("done %d\n", n);
    return 0;
}
