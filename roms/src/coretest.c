/* coretest.exe — self-checking test of the coredll slice the emulator implements first.
 * Prints one line per check: "ok <name>" or "FAIL <name> ...", then "coretest: N failures".
 * Exit code = number of failures (0 = all passed).
 * Expected strings follow the Microsoft CE C runtime (e.g. %p prints 8 upper-case hex digits,
 * in narrow functions %S takes a wide string, in wide functions %S takes a narrow string). */
#include <windows.h>

static int failures;

static void check(int cond, const char *name)
{
    if (cond) printf("ok %s\n", name);
    else { printf("FAIL %s\n", name); failures++; }
}

static void check_u(const char *name, unsigned got, unsigned want)
{
    if (got == want) printf("ok %s\n", name);
    else { printf("FAIL %s got 0x%x want 0x%x\n", name, got, want); failures++; }
}

static void check_s(const char *name, const char *got, const char *want)
{
    if (strcmp(got, want) == 0) printf("ok %s\n", name);
    else { printf("FAIL %s got [%s] want [%s]\n", name, got, want); failures++; }
}

static void check_w(const char *name, const wchar_t *got, const wchar_t *want)
{
    if (wcscmp(got, want) == 0) printf("ok %s\n", name);
    else { printf("FAIL %s got [%S] want [%S]\n", name, got, want); failures++; }
}

static int all_bytes(const void *p, unsigned char v, unsigned n)
{
    const unsigned char *b = p;
    for (unsigned i = 0; i < n; i++) if (b[i] != v) return 0;
    return 1;
}

static void fill(void *p, unsigned n)
{
    unsigned char *b = p;
    for (unsigned i = 0; i < n; i++) b[i] = (unsigned char)(i * 7 + 1);
}

static int filled(const void *p, unsigned n)
{
    const unsigned char *b = p;
    for (unsigned i = 0; i < n; i++) if (b[i] != (unsigned char)(i * 7 + 1)) return 0;
    return 1;
}

static void test_local(void)
{
    HLOCAL p = LocalAlloc(LMEM_ZEROINIT, 100);
    check(p != NULL, "LocalAlloc");
    if (!p) return;
    check(all_bytes(p, 0, 100), "LocalAlloc LMEM_ZEROINIT zeroed");
    check(LocalSize(p) >= 100, "LocalSize >= 100");
    fill(p, 100);
    HLOCAL q = LocalReAlloc(p, 200, LMEM_MOVEABLE | LMEM_ZEROINIT);
    check(q != NULL, "LocalReAlloc grow");
    if (q) {
        check(filled(q, 100), "LocalReAlloc keeps contents");
        check(all_bytes((char *)q + 100, 0, 100), "LocalReAlloc LMEM_ZEROINIT zeroes the tail");
        check(LocalSize(q) >= 200, "LocalSize after LocalReAlloc >= 200");
        p = q;
    }
    check(LocalFree(p) == NULL, "LocalFree returns NULL");
    HLOCAL r = LocalAlloc(LPTR, 16);
    check(r != NULL && all_bytes(r, 0, 16), "LocalAlloc LPTR");
    if (r) LocalFree(r);
}

static void test_heap(void)
{
    HANDLE h = GetProcessHeap();
    check(h != NULL, "GetProcessHeap");
    void *p = HeapAlloc(h, HEAP_ZERO_MEMORY, 64);
    check(p != NULL && all_bytes(p, 0, 64), "HeapAlloc HEAP_ZERO_MEMORY");
    if (p) { fill(p, 64); check(filled(p, 64), "HeapAlloc write/read"); }
    check(p && HeapFree(h, 0, p), "HeapFree");
}

static void test_crt_heap(void)
{
    char *p = malloc(32);
    check(p != NULL, "malloc");
    if (!p) return;
    fill(p, 32);
    char *q = realloc(p, 1000);
    check(q != NULL && filled(q, 32), "realloc keeps contents");
    if (q) p = q;
    free(p);
    int *c = calloc(10, sizeof(int));
    check(c != NULL && all_bytes(c, 0, 10 * sizeof(int)), "calloc zeroed");
    free(c);
    void *m = realloc(NULL, 8);
    check(m != NULL, "realloc(NULL) allocates");
    free(m);
    free(NULL);
    check(1, "free(NULL)");
}

static void test_virtual(void)
{
    unsigned char *p = VirtualAlloc(NULL, 0x10000, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    check(p != NULL, "VirtualAlloc MEM_COMMIT|MEM_RESERVE");
    if (!p) return;
    check(((unsigned)p & 0xfff) == 0, "VirtualAlloc page aligned");
    check(all_bytes(p, 0, 0x10000), "VirtualAlloc zeroed");
    p[0] = 0x5a; p[0xffff] = 0xa5; p[0x8000] = 0x33;
    check(p[0] == 0x5a && p[0xffff] == 0xa5 && p[0x8000] == 0x33, "VirtualAlloc write/read");
    check(VirtualFree(p, 0, MEM_RELEASE), "VirtualFree MEM_RELEASE");
}

static void test_mem_str(void)
{
    static char a[64], b[64];
    memset(a, 0x41, 10); a[10] = 0;
    check_s("memset", a, "AAAAAAAAAA");
    check(memcpy(b, "hello world", 12) == b, "memcpy returns dst");
    check_s("memcpy", b, "hello world");
    strcpy(a, "0123456789");
    memmove(a + 2, a, 8);                      /* overlap, forward */
    check_s("memmove overlap up", a, "0101234567");
    strcpy(a, "0123456789");
    memmove(a, a + 3, 7);                      /* overlap, backward */
    check_s("memmove overlap down", a, "3456789789");
    check(memcmp("abc", "abd", 3) < 0, "memcmp <");
    check(memcmp("abd", "abc", 3) > 0, "memcmp >");
    check(memcmp("abc", "abc", 3) == 0, "memcmp ==");
    check(memcmp("\x80", "\x01", 1) > 0, "memcmp unsigned bytes");
    check_u("strlen", strlen("Windows CE"), 10);
    check_u("strlen empty", strlen(""), 0);
    check(strcpy(b, "copy") == b, "strcpy returns dst");
    check_s("strcpy", b, "copy");
    check(strcmp("a", "b") < 0 && strcmp("b", "a") > 0 && strcmp("same", "same") == 0, "strcmp");

    static wchar_t w[32];
    check_u("wcslen", wcslen(L"Pocket PC"), 9);
    check(wcscpy(w, L"wide \x20ac") == w, "wcscpy returns dst");
    check_w("wcscpy", w, L"wide \x20ac");
    check_u("wcscpy UTF-16 unit", w[5], 0x20ac);
    check(wcscmp(L"abc", L"abd") < 0 && wcscmp(L"abd", L"abc") > 0 && wcscmp(L"x", L"x") == 0, "wcscmp");
    check(wcscmp(L"\xffff", L"a") > 0, "wcscmp unsigned units");
}

static void test_sprintf(void)
{
    static char s[128];
    int n;
    n = sprintf(s, "%d", -42);                 check_s("sprintf %d", s, "-42"); check_u("sprintf return", n, 3);
    sprintf(s, "%u", 4294967295u);             check_s("sprintf %u", s, "4294967295");
    sprintf(s, "%x", 0xbeefu);                 check_s("sprintf %x", s, "beef");
    sprintf(s, "%X", 0xbeefu);                 check_s("sprintf %X", s, "BEEF");
    sprintf(s, "%08x", 0x1234u);               check_s("sprintf %08x", s, "00001234");
    sprintf(s, "%s|%s", "abc", "");            check_s("sprintf %s", s, "abc|");
    sprintf(s, "%S", L"wide");                 check_s("sprintf %S (wide arg)", s, "wide");
    sprintf(s, "%c%c", 'Z', '!');              check_s("sprintf %c", s, "Z!");
    sprintf(s, "%ld", -123456789L);            check_s("sprintf %ld", s, "-123456789");
    sprintf(s, "%lu", 3000000000UL);           check_s("sprintf %lu", s, "3000000000");
    sprintf(s, "%p", (void *)0x1234);          check_s("sprintf %p", s, "00001234");
    sprintf(s, "100%%");                       check_s("sprintf %%", s, "100%");
    sprintf(s, "[%5d]", 42);                   check_s("sprintf width", s, "[   42]");
    sprintf(s, "[%-5d]", 42);                  check_s("sprintf left", s, "[42   ]");
    sprintf(s, "[%05d]", -42);                 check_s("sprintf zero pad", s, "[-0042]");
    sprintf(s, "[%+d][% d]", 5, 5);            check_s("sprintf + and space", s, "[+5][ 5]");
    sprintf(s, "[%.3d]", 7);                   check_s("sprintf int precision", s, "[007]");
    sprintf(s, "[%.2s]", "abcdef");            check_s("sprintf str precision", s, "[ab]");
    sprintf(s, "[%*d]", 4, 9);                 check_s("sprintf * width", s, "[   9]");
    sprintf(s, "[%#x][%#o]", 255u, 8u);        check_s("sprintf #", s, "[0xff][010]");
    sprintf(s, "[%10s][%-4s]", "hi", "ab");    check_s("sprintf %10s", s, "[        hi][ab  ]");
    sprintf(s, "%d %d %d %d %d %d", 1, 2, 3, 4, 5, 6);
    check_s("sprintf many args (stack)", s, "1 2 3 4 5 6");
}

static void test_wide_printf(void)
{
    static wchar_t w[128];
    int n;
    n = wsprintfW(w, L"%d %u %x %X", -7, 7u, 0xabu, 0xabu);
    check_w("wsprintfW %d %u %x %X", w, L"-7 7 ab AB"); check_u("wsprintfW return", n, 10);
    wsprintfW(w, L"%08x|%s|%S|%c", 0x1fu, L"wide", "narrow", L'W');
    check_w("wsprintfW %08x %s %S %c", w, L"0000001f|wide|narrow|W");
    wsprintfW(w, L"%ld %lu %%", -5L, 5UL);
    check_w("wsprintfW %ld %lu %%", w, L"-5 5 %");
    wsprintfW(w, L"[%-4d][%4d]", 1, 2);
    check_w("wsprintfW widths", w, L"[1   ][   2]");
    n = swprintf(w, L"%d:%s:%S:%04X", 12, L"w", "n", 0xbeu);
    check_w("swprintf", w, L"12:w:n:00BE"); check_u("swprintf return", n, 11);
    swprintf(w, L"[%.1s][%5.2s]", L"xyz", L"xyz");
    check_w("swprintf precision", w, L"[x][   xy]");
    n = printf("ok printf %s %d\n", "returns", 25);
    check_u("printf return value", n, 21);
    n = wprintf(L"ok wprintf %s\n", L"\x00fc" L"nic\x00f6" L"de");   /* "ünicöde" */
    check_u("wprintf return value", n, 19);
}

static void test_errors_time(void)
{
    SetLastError(12345);
    check_u("SetLastError/GetLastError", GetLastError(), 12345);
    SetLastError(0);
    check_u("SetLastError(0)", GetLastError(), 0);

    DWORD t0 = GetTickCount(), prev = t0;
    int mono = 1;
    for (int i = 0; i < 1000; i++) {
        DWORD t = GetTickCount();
        if ((int)(t - prev) < 0) mono = 0;
        prev = t;
    }
    check(mono, "GetTickCount monotonic");
    DWORD t1 = GetTickCount();
    Sleep(50);
    DWORD t2 = GetTickCount();
    if (t2 - t1 >= 50 && t2 - t1 < 5000) printf("ok Sleep(50) advanced GetTickCount by %u\n", (unsigned)(t2 - t1));
    else { printf("FAIL Sleep(50) advanced GetTickCount by %u\n", (unsigned)(t2 - t1)); failures++; }

    SYSTEMTIME st, lt;
    memset(&st, 0xff, sizeof st);
    memset(&lt, 0xff, sizeof lt);
    GetSystemTime(&st);
    GetLocalTime(&lt);
    printf("info GetSystemTime %04u-%02u-%02u %02u:%02u:%02u.%03u dow %u\n", st.wYear, st.wMonth, st.wDay,
           st.wHour, st.wMinute, st.wSecond, st.wMilliseconds, st.wDayOfWeek);
    check(st.wYear >= 2024 && st.wYear < 2200 && st.wMonth >= 1 && st.wMonth <= 12 && st.wDay >= 1 &&
          st.wDay <= 31 && st.wHour < 24 && st.wMinute < 60 && st.wSecond < 61 && st.wMilliseconds < 1000 &&
          st.wDayOfWeek < 7, "GetSystemTime plausible");
    check(lt.wYear >= 2024 && lt.wYear < 2200 && lt.wMonth >= 1 && lt.wMonth <= 12 && lt.wDay >= 1 &&
          lt.wDay <= 31 && lt.wHour < 24 && lt.wMinute < 60 && lt.wSecond < 61 && lt.wMilliseconds < 1000 &&
          lt.wDayOfWeek < 7, "GetLocalTime plausible");
}

static void test_sync_tls(void)
{
    static CRITICAL_SECTION cs;
    memset(&cs, 0xcc, sizeof cs);
    InitializeCriticalSection(&cs);
    check(cs.LockCount == 0 && cs.OwnerThread == 0, "InitializeCriticalSection CE layout (LockCount 0, no owner)");
    EnterCriticalSection(&cs);
    check(cs.LockCount == 1 && cs.OwnerThread != 0, "EnterCriticalSection owner set, LockCount 1");
    EnterCriticalSection(&cs);
    check_u("EnterCriticalSection recursive LockCount", cs.LockCount, 2);
    LeaveCriticalSection(&cs);
    check_u("LeaveCriticalSection LockCount", cs.LockCount, 1);
    LeaveCriticalSection(&cs);
    check(cs.LockCount == 0 && cs.OwnerThread == 0, "LeaveCriticalSection released");
    DeleteCriticalSection(&cs);
    check(1, "DeleteCriticalSection");

    DWORD a = TlsAlloc(), b = TlsAlloc();
    check(a != TLS_OUT_OF_INDEXES && b != TLS_OUT_OF_INDEXES && a != b, "TlsAlloc (TlsCall) two slots");
    check(TlsGetValue(a) == NULL, "TlsGetValue fresh slot is NULL");
    check(TlsSetValue(a, (LPVOID)0x1111) && TlsSetValue(b, (LPVOID)0x2222), "TlsSetValue");
    check_u("TlsGetValue slot a", (unsigned)TlsGetValue(a), 0x1111);
    check_u("TlsGetValue slot b", (unsigned)TlsGetValue(b), 0x2222);
    check(TlsFree(a) && TlsFree(b), "TlsFree (TlsCall)");
}

/* Division compiles to calls of coredll __rt_sdiv / __rt_udiv (Microsoft convention:
 * r0 = divisor, r1 = dividend; returns quotient in r0, remainder in r1). */
static void test_division(void)
{
    volatile int sa = -100, sb = 7;
    volatile unsigned ua = 4000000000u, ub = 3;
    check_u("__rt_sdiv quotient", (unsigned)(sa / sb), (unsigned)-14);
    check_u("__rt_sdiv remainder", (unsigned)(sa % sb), (unsigned)-2);
    check_u("__rt_udiv quotient", ua / ub, 1333333333u);
    check_u("__rt_udiv remainder", ua % ub, 1u);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    (void)hInstance; (void)hPrevInstance; (void)lpCmdLine; (void)nCmdShow;
    printf("coretest: start\n");
    test_local();
    test_heap();
    test_crt_heap();
    test_virtual();
    test_mem_str();
    test_sprintf();
    test_wide_printf();
    test_errors_time();
    test_sync_tls();
    test_division();
    printf("coretest: %d failures\n", failures);
    return failures;
}
