/* exitcodes.exe — exits the way its command line says:
 *   ret N         return N from WinMain (our CRT then calls exit(N))
 *   exit N        exit(N)                 -> TerminateProcess(GetCurrentProcess(), N)
 *   exitthread N  ExitThread(N)           (main thread exit ends the process with N)
 *   terminate N   TerminateProcess(GetCurrentProcess(), N), GetCurrentProcess() = pseudo-handle 0x42
 * N is decimal (or 0x-prefixed hex; negative allowed). Bad/missing arguments: prints usage, exits 255. */
#include <windows.h>

static const wchar_t *skip_ws(const wchar_t *s) { while (*s == L' ' || *s == L'\t') s++; return s; }

static int word_is(const wchar_t **ps, const wchar_t *w)
{
    const wchar_t *s = *ps;
    while (*w) if (*s++ != *w++) return 0;
    if (*s && *s != L' ' && *s != L'\t') return 0;
    *ps = s;
    return 1;
}

static int parse_int(const wchar_t *s, int *out)
{
    int neg = 0; unsigned v = 0, base = 10, digits = 0;
    s = skip_ws(s);
    if (*s == L'-') { neg = 1; s++; }
    if (s[0] == L'0' && (s[1] == L'x' || s[1] == L'X')) { base = 16; s += 2; }
    for (;; s++, digits++) {
        unsigned d;
        if (*s >= L'0' && *s <= L'9') d = *s - L'0';
        else if (base == 16 && *s >= L'a' && *s <= L'f') d = *s - L'a' + 10;
        else if (base == 16 && *s >= L'A' && *s <= L'F') d = *s - L'A' + 10;
        else break;
        v = v * base + d;
    }
    if (!digits || *skip_ws(s)) return 0;
    *out = neg ? -(int)v : (int)v;
    return 1;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    const wchar_t *s = skip_ws(lpCmdLine ? lpCmdLine : L"");
    int n;
    (void)hInstance; (void)hPrevInstance; (void)nCmdShow;
    if (word_is(&s, L"ret") && parse_int(s, &n)) {
        printf("exitcodes: return %d from WinMain\n", n);
        return n;
    }
    if (word_is(&s, L"exit") && parse_int(s, &n)) {
        printf("exitcodes: exit(%d)\n", n);
        exit(n);
    }
    if (word_is(&s, L"exitthread") && parse_int(s, &n)) {
        printf("exitcodes: ExitThread(%d)\n", n);
        ExitThread((DWORD)n);
    }
    if (word_is(&s, L"terminate") && parse_int(s, &n)) {
        printf("exitcodes: TerminateProcess(GetCurrentProcess()=0x%x, %d)\n", (unsigned)GetCurrentProcess(), n);
        TerminateProcess(GetCurrentProcess(), (DWORD)n);
        printf("exitcodes: FAIL TerminateProcess returned\n");
        return 254;
    }
    printf("usage: exitcodes ret|exit|exitthread|terminate N\n");
    return 255;
}
