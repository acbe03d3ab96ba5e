/* crt.exe — conformance checks for coredll's C runtime beyond the first slice: strsafe, ctype,
 * conversions, more string functions, qsort with a guest comparator, math, time conversions and time
 * zones, pointer probes, random numbers and the CE 6 secure CRT (error paths included).
 * Prints "ok <name>" / "FAIL <name> ..." per check, then "crt: N failures"; exit code = failures.
 * Expected values are written from the C / Win32 / strsafe documentation or computed here
 * independently (dates: days_from_civil below), never taken from the emulator.
 * Command line "crash": a strsafe call with a bad source pointer (must crash as on a device).
 * Command line "inval": wcscpy_s into a too small buffer with no invalid-parameter handler. */
#include <windows.h>
#include <ce_crt.h>

static int failures;

static void check(const char *name, int cond)
{
    if (cond) printf("ok %s\n", name);
    else { printf("FAIL %s\n", name); failures++; }
}
static void check_i(const char *name, long long got, long long want)
{
    if (got == want) printf("ok %s\n", name);
    else { printf("FAIL %s got %lld (0x%llx) want %lld (0x%llx)\n", name, got, got, want, want); failures++; }
}
static void check_s(const char *name, const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0) printf("ok %s\n", name);
    else { printf("FAIL %s got [%s] want [%s]\n", name, got ? got : "(null)", want); failures++; }
}
static void check_w(const char *name, const wchar_t *got, const wchar_t *want)
{
    if (got && wcscmp(got, want) == 0) printf("ok %s\n", name);
    else { printf("FAIL %s got [%S] want [%S]\n", name, got ? got : L"(null)", want); failures++; }
}
static void check_d(const char *name, double got, double want)
{
    union { double d; unsigned long long u; } a, b;
    a.d = got; b.d = want;
    if (a.u == b.u) printf("ok %s\n", name);
    else { printf("FAIL %s got 0x%llx want 0x%llx\n", name, a.u, b.u); failures++; }
}
static void check_err(const char *name, long long got, long long want, DWORD err)
{
    DWORD e = GetLastError();
    if (got == want && e == err) printf("ok %s\n", name);
    else { printf("FAIL %s got %lld err %lu want %lld err %lu\n", name, got, e, want, err); failures++; }
}

/* ------------------------------------------------------------------ strsafe */
static HRESULT vprintfW(wchar_t *d, size_t cch, const wchar_t *fmt, ...)
{
    va_list ap; va_start(ap, fmt);
    HRESULT hr = StringCchVPrintfW(d, cch, fmt, ap);
    va_end(ap);
    return hr;
}
static HRESULT vprintfA(char *d, size_t cch, int cb, const char *fmt, ...)
{
    va_list ap; va_start(ap, fmt);
    HRESULT hr = cb ? StringCbVPrintfA(d, cch, fmt, ap) : StringCchVPrintfA(d, cch, fmt, ap);
    va_end(ap);
    return hr;
}
static HRESULT vprintfExA(char *d, size_t cch, char **end, size_t *rem, DWORD fl, const char *fmt, ...)
{
    va_list ap; va_start(ap, fmt);
    HRESULT hr = StringCchVPrintfExA(d, cch, end, rem, fl, fmt, ap);
    va_end(ap);
    return hr;
}

static void test_strsafe(void)
{
    wchar_t w[16], *end; char a[16], *aend; size_t rem, n;
    check_i("StringCchCopyW fits", StringCchCopyW(w, 8, L"hello"), S_OK); check_w("StringCchCopyW text", w, L"hello");
    check_i("StringCchCopyW truncates", StringCchCopyW(w, 4, L"hello"), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCchCopyW truncated text", w, L"hel");
    check_i("StringCchCopyW exact fit truncates", StringCchCopyW(w, 5, L"hello"), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCchCopyW exact text", w, L"hell");
    w[0] = L'Q';
    check_i("StringCchCopyW cch 0", StringCchCopyW(w, 0, L"x"), STRSAFE_E_INVALID_PARAMETER); check("StringCchCopyW cch 0 writes nothing", w[0] == L'Q');
    check_i("StringCchCopyW cch > STRSAFE_MAX_CCH", StringCchCopyW(w, 0x80000000u, L"x"), STRSAFE_E_INVALID_PARAMETER); check("StringCchCopyW huge writes nothing", w[0] == L'Q');
    check_i("StringCbCopyW 8 bytes", StringCbCopyW(w, 8, L"hello"), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCbCopyW text", w, L"hel");
    check_i("StringCbCopyW odd size", StringCbCopyW(w, 9, L"abc"), S_OK); check_w("StringCbCopyW odd text", w, L"abc");
    check_i("StringCchCopyA truncates", StringCchCopyA(a, 3, "abc"), STRSAFE_E_INSUFFICIENT_BUFFER); check_s("StringCchCopyA text", a, "ab");
    check_i("StringCbCopyA fits", StringCbCopyA(a, 10, "abc"), S_OK); check_s("StringCbCopyA text", a, "abc");

    StringCchCopyW(w, 16, L"ab");
    check_i("StringCchCatW fits", StringCchCatW(w, 5, L"cd"), S_OK); check_w("StringCchCatW text", w, L"abcd");
    StringCchCopyW(w, 16, L"ab");
    check_i("StringCchCatW truncates", StringCchCatW(w, 4, L"cd"), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCchCatW truncated", w, L"abc");
    for (int i = 0; i < 16; i++) w[i] = L'x';
    check_i("StringCchCatW unterminated dest", StringCchCatW(w, 8, L"a"), STRSAFE_E_INVALID_PARAMETER);
    check("StringCchCatW unterminated dest untouched", w[0] == L'x' && w[7] == L'x');
    StringCchCopyW(w, 16, L"ab");
    check_i("StringCbCatW", StringCbCatW(w, 32, L"cd"), S_OK); check_w("StringCbCatW text", w, L"abcd");
    StringCchCopyA(a, 16, "ab");
    check_i("StringCchCatA", StringCchCatA(a, 4, "cd"), STRSAFE_E_INSUFFICIENT_BUFFER); check_s("StringCchCatA text", a, "abc");
    StringCchCopyA(a, 16, "ab");
    check_i("StringCbCatA", StringCbCatA(a, 16, "cd"), S_OK); check_s("StringCbCatA text", a, "abcd");
    StringCchCopyW(w, 16, L"ab");
    check_i("StringCchCatNW", StringCchCatNW(w, 10, L"cdef", 2), S_OK); check_w("StringCchCatNW text", w, L"abcd");
    check_i("StringCchCopyNW", StringCchCopyNW(w, 10, L"abcdef", 3), S_OK); check_w("StringCchCopyNW text", w, L"abc");
    check_i("StringCchCopyNW truncates", StringCchCopyNW(w, 3, L"abcdef", 5), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCchCopyNW truncated", w, L"ab");
    check_i("StringCchCopyNA", StringCchCopyNA(a, 10, "abcdef", 4), S_OK); check_s("StringCchCopyNA text", a, "abcd");

    check_i("StringCchCopyExW", StringCchCopyExW(w, 10, L"abc", &end, &rem, 0), S_OK);
    check("StringCchCopyExW end/remaining", end == w + 3 && rem == 7);
    check_i("StringCchCopyExW NULL_ON_FAILURE", StringCchCopyExW(w, 3, L"abcdef", &end, &rem, STRSAFE_NULL_ON_FAILURE), STRSAFE_E_INSUFFICIENT_BUFFER);
    check("StringCchCopyExW NULL_ON_FAILURE empties", w[0] == 0 && end == w && rem == 3);
    check_i("StringCchCopyExW truncation end", StringCchCopyExW(w, 3, L"abcdef", &end, &rem, 0), STRSAFE_E_INSUFFICIENT_BUFFER);
    check("StringCchCopyExW truncation end/remaining", end == w + 2 && rem == 1 && w[2] == 0);
    for (int i = 0; i < 16; i++) w[i] = 0;
    check_i("StringCchCopyExW FILL_BEHIND_NULL", StringCchCopyExW(w, 6, L"ab", NULL, NULL, STRSAFE_FILL_BEHIND_NULL | 0x41), S_OK);
    check("StringCchCopyExW fills behind the NUL", w[2] == 0 && w[3] == 0x4141 && w[5] == 0x4141 && w[6] == 0);
    check_i("StringCchCopyExW FILL_ON_FAILURE", StringCchCopyExW(w, 4, L"abcdef", &end, &rem, STRSAFE_FILL_ON_FAILURE | 0x42), STRSAFE_E_INSUFFICIENT_BUFFER);
    check("StringCchCopyExW FILL_ON_FAILURE fills", w[0] == 0x4242 && w[2] == 0x4242 && w[3] == 0 && end == w + 3 && rem == 1);
    check_i("StringCchCopyExW IGNORE_NULLS", StringCchCopyExW(w, 4, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), S_OK); check("StringCchCopyExW NULL src is empty", w[0] == 0);
    check_i("StringCchCopyExW bad flags", StringCchCopyExW(w, 4, L"a", NULL, NULL, 0x10000), STRSAFE_E_INVALID_PARAMETER);
    check_i("StringCbCopyExW", StringCbCopyExW(w, 20, L"abc", &end, &rem, 0), S_OK); check("StringCbCopyExW remaining bytes", end == w + 3 && rem == 14);
    check_i("StringCchCopyNExW", StringCchCopyNExW(w, 10, L"abcdef", 2, &end, &rem, 0), S_OK); check("StringCchCopyNExW", w[2] == 0 && end == w + 2 && rem == 8);
    StringCchCopyW(w, 16, L"ab");
    check_i("StringCchCatExW NO_TRUNCATION", StringCchCatExW(w, 4, L"cdef", &end, &rem, STRSAFE_NO_TRUNCATION), STRSAFE_E_INSUFFICIENT_BUFFER);
    check_w("StringCchCatExW NO_TRUNCATION keeps dest", w, L"ab"); check("StringCchCatExW NO_TRUNCATION end", end == w + 2 && rem == 2);

    check_i("StringCchPrintfW", StringCchPrintfW(w, 16, L"%d-%s", 42, L"x"), S_OK); check_w("StringCchPrintfW text", w, L"42-x");
    check_i("StringCchPrintfW truncates", StringCchPrintfW(w, 4, L"%d", 123456), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCchPrintfW truncated", w, L"123");
    check_i("StringCchPrintfW exact fit", StringCchPrintfW(w, 4, L"%d", 123), S_OK); check_w("StringCchPrintfW exact", w, L"123");
    check_i("StringCchPrintfW cch 0", StringCchPrintfW(w, 0, L"%d", 1), STRSAFE_E_INVALID_PARAMETER);
    check_i("StringCbPrintfW", StringCbPrintfW(w, 8, L"%s", L"abcdef"), STRSAFE_E_INSUFFICIENT_BUFFER); check_w("StringCbPrintfW text", w, L"abc");
    check_i("StringCchPrintfA", StringCchPrintfA(a, 8, "%x", 255), S_OK); check_s("StringCchPrintfA text", a, "ff");
    check_i("StringCbPrintfA", StringCbPrintfA(a, 4, "%s", "abcdef"), STRSAFE_E_INSUFFICIENT_BUFFER); check_s("StringCbPrintfA text", a, "abc");
    check_i("StringCchVPrintfW", vprintfW(w, 16, L"%c%c", L'o', L'k'), S_OK); check_w("StringCchVPrintfW text", w, L"ok");
    check_i("StringCchVPrintfA", vprintfA(a, 16, 0, "%03d", 7), S_OK); check_s("StringCchVPrintfA text", a, "007");
    check_i("StringCbVPrintfA", vprintfA(a, 3, 1, "%d", 1234), STRSAFE_E_INSUFFICIENT_BUFFER); check_s("StringCbVPrintfA text", a, "12");
    check_i("StringCchVPrintfExA", vprintfExA(a, 10, &aend, &rem, 0, "%s", "abc"), S_OK); check("StringCchVPrintfExA end", aend == a + 3 && rem == 7);
    check_i("StringCchPrintfExW", StringCchPrintfExW(w, 10, &end, &rem, 0, L"%s", L"ab"), S_OK); check("StringCchPrintfExW end", end == w + 2 && rem == 8);

    n = 99;
    check_i("StringCchLengthW", StringCchLengthW(L"hello", 10, &n), S_OK); check_i("StringCchLengthW n", n, 5);
    n = 99;
    check_i("StringCchLengthW too long", StringCchLengthW(L"hello", 5, &n), STRSAFE_E_INVALID_PARAMETER); check_i("StringCchLengthW n untouched", n, 99);
    check_i("StringCchLengthW NULL", StringCchLengthW(NULL, 5, &n), STRSAFE_E_INVALID_PARAMETER);
    check_i("StringCbLengthW", StringCbLengthW(L"hello", 100, &n), S_OK); check_i("StringCbLengthW bytes", n, 10);
    check_i("StringCchLengthA", StringCchLengthA("abc", 4, &n), S_OK); check_i("StringCchLengthA n", n, 3);
    check_i("StringCbLengthA too long", StringCbLengthA("abc", 3, &n), STRSAFE_E_INVALID_PARAMETER);
}

/* ------------------------------------------------------------------ ctype */
static void test_ctype(void)
{
    WORD t[8];
    check("_isctype A upper", _isctype('A', _UPPER) != 0);
    check("_isctype a not upper", _isctype('a', _UPPER) == 0);
    check_i("_isctype 5 digit+hex", _isctype('5', _DIGIT | _HEX | _ALPHA), _DIGIT | _HEX);
    check_i("_isctype space", _isctype(' ', _SPACE | _BLANK | _CONTROL), _SPACE | _BLANK);
    check_i("_isctype tab (C locale)", _isctype('\t', 0xffff), _SPACE | _CONTROL);
    check_i("_isctype 0xE9 in the C locale", _isctype(0xE9, 0xffff), 0);
    check_i("_isctype EOF", _isctype(-1, 0xffff), 0);
    check("_isctype punct", _isctype('!', _PUNCT) != 0 && _isctype('!', _ALPHA) == 0);
    check("iswctype A", iswctype(L'A', _UPPER) != 0 && iswctype(L'A', _LOWER) == 0);
    check("iswctype e-acute lower", iswctype(0xE9, _LOWER) != 0 && iswctype(0xE9, _UPPER) == 0);
    check("iswctype alpha Greek", iswctype(0x3B1, _ALPHA) != 0);
    check("iswctype CJK alpha", iswctype(0x4E00, _ALPHA) != 0);
    check("iswctype tab blank", iswctype(L'\t', _BLANK) != 0);
    check("iswctype Arabic-Indic digit", iswctype(0x663, _DIGIT) != 0);
    check("iswctype ideographic space", iswctype(0x3000, _SPACE) != 0);
    check_i("iswctype WEOF", iswctype(0xFFFF, 0xFFFF), 0);
    check_i("toupper a", toupper('a'), 'A'); check_i("toupper 0xE9 (C locale)", toupper(0xE9), 0xE9);
    check_i("tolower Z", tolower('Z'), 'z'); check_i("toupper EOF", toupper(-1), -1);
    check_i("towupper e-acute", towupper(0xE9), 0xC9); check_i("towlower Alpha", towlower(0x391), 0x3B1);
    check_i("towupper sharp s stays", towupper(0xDF), 0xDF);

    check("GetStringTypeW CT_CTYPE1", GetStringTypeW(CT_CTYPE1, L"A1 ", 3, t));
    check_i("GetStringTypeW A", t[0], 0x1 | 0x100 | 0x80 | C1_DEFINED);
    check_i("GetStringTypeW 1", t[1], 0x4 | 0x80 | C1_DEFINED);
    check_i("GetStringTypeW space", t[2], 0x8 | 0x40 | C1_DEFINED);
    check("GetStringTypeW -1 includes NUL", GetStringTypeW(CT_CTYPE1, L"ab", -1, t) && t[2] == (0x20 | C1_DEFINED));
    check("GetStringTypeW CT_CTYPE2", GetStringTypeW(CT_CTYPE2, L"1a", 2, t) && t[0] == 3 && t[1] == 1);
    check("GetStringTypeW CT_CTYPE3", GetStringTypeW(CT_CTYPE3, L"a", 1, t) && t[0] == 0x8000);
    check("GetStringTypeExW", GetStringTypeExW(0x409, CT_CTYPE1, L"z", 1, t) && t[0] == (0x2 | 0x100 | C1_DEFINED));
    SetLastError(0); check_err("GetStringTypeW bad type", GetStringTypeW(3, L"a", 1, t), 0, 1004);
    SetLastError(0); check_err("GetStringTypeW cch 0", GetStringTypeW(CT_CTYPE1, L"a", 0, t), 0, 87);
    SetLastError(0); check_err("GetStringTypeW src == dest", GetStringTypeW(CT_CTYPE1, (LPCWSTR)t, 1, t), 0, 87);
    check("IsDBCSLeadByte 0x81 (cp 1252)", !IsDBCSLeadByte(0x81));
    check("IsDBCSLeadByteEx 1252", !IsDBCSLeadByteEx(1252, 0x81));
    SetLastError(0); check_err("IsDBCSLeadByteEx unknown code page", IsDBCSLeadByteEx(932, 0x81), 0, 87);
    CPINFO cp;
    check("GetCPInfo CP_ACP", GetCPInfo(0, &cp) && cp.MaxCharSize == 1 && cp.DefaultChar[0] == '?' && cp.LeadByte[0] == 0);
    SetLastError(0); check_err("GetCPInfo unknown", GetCPInfo(12345, &cp), 0, 87);

    wchar_t w[8];
    check_i("LCMapStringW lower", LCMapStringW(0x409, LCMAP_LOWERCASE, L"AbC\xC9", -1, w, 8), 5); check_w("LCMapStringW lower text", w, L"abc\xE9");
    check_i("LCMapStringW upper", LCMapStringW(0x409, LCMAP_UPPERCASE, L"ab", 2, w, 8), 2); check("LCMapStringW upper text", w[0] == L'A' && w[1] == L'B');
    check_i("LCMapStringW size query", LCMapStringW(0x409, LCMAP_LOWERCASE, L"abc", -1, NULL, 0), 4);
    SetLastError(0); check_err("LCMapStringW small buffer", LCMapStringW(0x409, LCMAP_LOWERCASE, L"abc", -1, w, 2), 0, 122);
    SetLastError(0); check_err("LCMapStringW both cases", LCMapStringW(0x409, LCMAP_LOWERCASE | LCMAP_UPPERCASE, L"a", 1, w, 8), 0, 1004);
    check("LCMapStringW BYTEREV", LCMapStringW(0x409, LCMAP_BYTEREV, L"A", 1, w, 8) == 1 && w[0] == 0x4100);
}

/* ------------------------------------------------------------------ conversions */
static void test_convert(void)
{
    char *e; wchar_t *we; char b[40]; wchar_t w[40];
    const char *s = "  -123abc";
    check_i("strtol", strtol(s, &e, 10), -123); check("strtol end", e == s + 6);
    s = "0x1A"; check_i("strtol base 0 hex", strtol(s, &e, 0), 26); check("strtol hex end", e == s + 4);
    check_i("strtol base 16 prefix", strtol("0x1A", NULL, 16), 26);
    check_i("strtol base 0 octal", strtol("017", NULL, 0), 15);
    s = "0x"; check_i("strtol 0x without digits", strtol(s, &e, 16), 0); check("strtol 0x end = start", e == s);
    check_i("strtol overflow", strtol("2147483648", NULL, 10), 2147483647L);
    check_i("strtol underflow", strtol("-2147483649", NULL, 10), -2147483647L - 1);
    check_i("strtoul overflow", strtoul("4294967296", NULL, 10), 0xFFFFFFFFul);
    check_i("strtoul negative", strtoul("-1", NULL, 10), 0xFFFFFFFFul);
    check_i("strtol base 36", strtol("z", NULL, 36), 35);
    s = "12"; check_i("strtol base 1", strtol(s, &e, 1), 0); check("strtol base 1 end", e == s);
    s = "+"; check_i("strtol sign only", strtol(s, &e, 10), 0); check("strtol sign only end", e == s);
    const wchar_t *ws = L" 42x";
    check_i("wcstol", wcstol(ws, &we, 10), 42); check("wcstol end", we == ws + 3);
    check_i("wcstoul hex", wcstoul(L"ffffffff", NULL, 16), 0xFFFFFFFFul);
    check_i("wcstol ideographic space", wcstol(L"\x3000 7", NULL, 10), 7);
    s = "  3.25e2xyz"; check_d("strtod", ce_strtod(s, &e), 325.0); check("strtod end", e == s + 8);
    s = "1e"; check_d("strtod exponent without digits", ce_strtod(s, &e), 1.0); check("strtod stops before e", e == s + 1);
    check_d("strtod -.5", ce_strtod("-.5", NULL), -0.5);
    s = "."; check_d("strtod no digits", ce_strtod(s, &e), 0.0); check("strtod no digits end", e == s);
    check_d("strtod d exponent", ce_strtod("1d2", NULL), 100.0);
    double big = ce_strtod("1e400", NULL);
    check("strtod overflow is HUGE_VAL", !ce_finite(big) && big > 0);
    check_d("wcstod 0.1", ce_wcstod(L"0.1", NULL), 0.1);
    check_d("wcstod", ce_wcstod(L"\t-2.5E-3", &we), -0.0025);
    check_i("_atoi64", _atoi64("-9223372036854775807"), -9223372036854775807LL);
    check_i("_atoi64 spaces", _atoi64(" 12345678901"), 12345678901LL);
    check_s("_itoa -255 hex", _itoa(-255, b, 16), "ffffff01");
    check_s("_itoa -255", _itoa(-255, b, 10), "-255");
    check_s("_itoa binary", _itoa(255, b, 2), "11111111");
    check_s("_ltoa", _ltoa(-7, b, 10), "-7");
    check_s("_ultoa", _ultoa(0xFFFFFFFFul, b, 10), "4294967295");
    check_w("_itow", _itow(-42, w, 10), L"-42");
    check_w("_ultow base 36", _ultow(35, w, 36), L"z");
    check_w("_ltow -1 hex", _ltow(-1, w, 16), L"ffffffff");

    check_i("mbstowcs size", mbstowcs(NULL, "h\xe9llo", 0), 5);
    check_i("mbstowcs cp1252", mbstowcs(w, "h\xe9\x80", 10), 3);
    check("mbstowcs text", w[0] == L'h' && w[1] == 0xE9 && w[2] == 0x20AC && w[3] == 0);
    w[3] = 0x5555;
    check_i("mbstowcs count limit", mbstowcs(w, "abcdef", 3), 3); check("mbstowcs no NUL when full", w[2] == L'c' && w[3] == 0x5555);
    check_i("wcstombs size", wcstombs(NULL, L"abc", 0), 3);
    check_i("wcstombs cp1252", wcstombs(b, L"a\x20ac", 10), 2); check("wcstombs text", b[0] == 'a' && (unsigned char)b[1] == 0x80 && b[2] == 0);
    check_i("wcstombs unmappable", (long long)(int)wcstombs(b, L"\x4e00", 10), -1);
    b[2] = 'Z';
    check_i("wcstombs count limit", wcstombs(b, L"abcdef", 2), 2); check("wcstombs no NUL when full", b[2] == 'Z');

    check_i("abs", abs(-5), 5); check_i("abs INT_MIN", abs(-2147483647 - 1), -2147483647LL - 1); check_i("labs", labs(-9), 9);
    check_i("_byteswap_ushort", _byteswap_ushort(0x1234), 0x3412);
    check_i("_byteswap_ulong", _byteswap_ulong(0x12345678ul), 0x78563412);
    check("_byteswap_uint64", _byteswap_uint64(0x0102030405060708ull) == 0x0807060504030201ull);
    check_i("MulDiv rounds half up", MulDiv(10, 3, 4), 8);
    check_i("MulDiv negative", MulDiv(-10, 3, 4), -8);
    check_i("MulDiv 64-bit intermediate", MulDiv(0x10000000, 0x100, 0x1000), 0x1000000);
    check_i("MulDiv divide by 0", MulDiv(1, 1, 0), -1);
    check_i("MulDiv overflow", MulDiv(0x40000000, 4, 2), -1);
}

/* ------------------------------------------------------------------ strings */
static void test_strings(void)
{
    char b[32]; wchar_t w[32];
    strcpy(b, "ab"); check_s("strncat", strncat(b, "cdef", 2), "abcd");
    strcpy(b, "ab"); check_s("strncat short source", strncat(b, "c", 5), "abc");
    wcscpy(w, L"ab"); check_w("wcsncat", wcsncat(w, L"cdef", 3), L"abcde");
    check_i("strspn", strspn("aabbc", "ab"), 4); check_i("strcspn", strcspn("hello", "lo"), 2);
    check_i("wcsspn", wcsspn(L"xxy", L"x"), 2); check_i("wcscspn", wcscspn(L"abc", L"z"), 3);
    const char *h = "hello"; check("strpbrk", strpbrk(h, "xl") == h + 2); check("strpbrk none", strpbrk("abc", "x") == NULL);
    const wchar_t *wh = L"hello"; check("wcspbrk", wcspbrk(wh, L"o") == wh + 4);
    strcpy(b, "a,b,,c");
    char *t1 = strtok(b, ","), *t2 = strtok(NULL, ","), *t3 = strtok(NULL, ","), *t4 = strtok(NULL, ",");
    check("strtok tokens", t1 == b && t2 == b + 2 && t3 == b + 5 && t4 == NULL && strcmp(t3, "c") == 0);
    wcscpy(w, L" x y ");
    wchar_t *u1 = wcstok(w, L" "), *u2 = wcstok(NULL, L" "), *u3 = wcstok(NULL, L" ");
    check("wcstok tokens", u1 == w + 1 && u2 == w + 3 && u3 == NULL && w[2] == 0);
    static const char dupsrc[] = "dup"; char *d = _strdup(dupsrc); check_s("_strdup", d, "dup"); check("_strdup copies", d != NULL && d != dupsrc); free(d);
    wchar_t *wd = _wcsdup(L"wdup"); check_w("_wcsdup", wd, L"wdup"); free(wd);
    check("_wcsdup NULL", _wcsdup(NULL) == NULL);
    strcpy(b, "AbC\xC9"); check_s("_strlwr C locale", _strlwr(b), "abc\xC9");
    strcpy(b, "aBc"); check_s("_strupr", _strupr(b), "ABC");
    strcpy(b, "abcd\xC9"); check_s("_strrev", _strrev(b), "\xC9" "dcba");
    strcpy(b, ""); check_s("_strrev empty", _strrev(b), "");
    { wchar_t wr[8] = L"xyz"; check_w("_wcsrev", _wcsrev(wr), L"zyx"); }
    wcscpy(w, L"AB\xC9"); check_w("_wcslwr", _wcslwr(w), L"ab\xE9");
    wcscpy(w, L"ab\xE9"); check_w("_wcsupr", _wcsupr(w), L"AB\xC9");
    const wchar_t *hay = L"abcabc"; check("wcsstr", wcsstr(hay, L"ca") == hay + 2); check("wcsrchr", wcsrchr(hay, L'b') == hay + 4);
    check("_wcsnicmp", _wcsnicmp(L"ABCd", L"abcE", 3) == 0 && _wcsnicmp(L"ABCd", L"abcE", 4) < 0);
    check("memchr", memchr("xyz", 'z', 3) != NULL && memchr("xyz", 'q', 3) == NULL);
}

/* ------------------------------------------------------------------ qsort */
static int calls;
static int cmp_int(const void *a, const void *b) { calls++; return *(const int *)a - *(const int *)b; }
struct pair { int key, tag; };
static int cmp_desc(const void *a, const void *b) { return ((const struct pair *)b)->key - ((const struct pair *)a)->key; }

static void test_qsort(void)
{
    int v[10] = { 5, 3, 9, 1, 7, 2, 8, 6, 4, 0 };
    qsort(v, 10, sizeof v[0], cmp_int);
    int sorted = 1;
    for (int i = 0; i < 10; i++) if (v[i] != i) sorted = 0;
    check("qsort ints", sorted); check("qsort called the comparator", calls >= 9);
    struct pair p[5] = { { 2, 0 }, { 9, 1 }, { 4, 2 }, { 7, 3 }, { 1, 4 } };
    qsort(p, 5, sizeof p[0], cmp_desc);
    check("qsort structs descending", p[0].key == 9 && p[1].key == 7 && p[2].key == 4 && p[3].key == 2 && p[4].key == 1 && p[0].tag == 1);
    calls = 0; qsort(v, 0, sizeof v[0], cmp_int); qsort(v, 1, sizeof v[0], cmp_int);
    check("qsort 0 and 1 elements call nothing", calls == 0);
}

/* ------------------------------------------------------------------ math */
static void test_math(void)
{
    int e; double ip;
    union { unsigned long long u; double d; } tiny = { 1 };
    check_d("sqrt 2", ce_sqrt(2.0), 1.4142135623730951);
    check("sqrt -1 is NaN", ce_isnan(ce_sqrt(-1.0)));
    check_d("pow 2^10", ce_pow(2.0, 10.0), 1024.0);
    check_d("pow 1^NaN", ce_pow(1.0, __builtin_nan("")), 1.0);
    check_d("floor -1.5", ce_floor(-1.5), -2.0); check_d("ceil -1.5", ce_ceil(-1.5), -1.0);
    check_d("fabs", ce_fabs(-3.0), 3.0);
    check_d("fmod", ce_fmod(7.5, 2.0), 1.5); check_d("fmod negative", ce_fmod(-7.5, 2.0), -1.5);
    check_d("ldexp", ce_ldexp(1.0, 10), 1024.0); check_d("ldexp to the smallest subnormal", ce_ldexp(1.0, -1074), tiny.d);
    check_d("frexp", ce_frexp(8.0, &e), 0.5); check_i("frexp exponent", e, 4);
    check_d("frexp 0", ce_frexp(0.0, &e), 0.0); check_i("frexp 0 exponent", e, 0);
    check_d("modf fraction", ce_modf(-3.25, &ip), -0.25); check_d("modf integral", ip, -3.0);
    check_d("atan2", ce_atan2(1.0, 1.0), 0.7853981633974483);
    check_d("sin 0", ce_sin(0.0), 0.0); check_d("cos 0", ce_cos(0.0), 1.0);
    check_d("exp 0", ce_exp(0.0), 1.0); check_d("log 1", ce_log(1.0), 0.0); check_d("log10 100", ce_log10(100.0), 2.0);
    check("_finite", ce_finite(1.0) && !ce_finite(__builtin_inf()));
    check("_isnan", ce_isnan(__builtin_nan("")) && !ce_isnan(1.0));
    check_i("_fpclass -0", ce_fpclass(-0.0), 0x20); check_i("_fpclass 1", ce_fpclass(1.0), 0x100);
    check_i("_fpclass -inf", ce_fpclass(-__builtin_inf()), 0x4); check_i("_fpclass subnormal", ce_fpclass(tiny.d), 0x80);
    check_i("_controlfp default", _controlfp(0, 0), 0x9001F);
}

/* ------------------------------------------------------------------ time */
/* Days from 1601-01-01 to y-m-d (proleptic Gregorian), by counting, independent of the emulator. */
static int days_since_1601(int y, int m, int d)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int days = 0;
    for (int yy = 1601; yy < y; yy++) days += 365 + ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0);
    for (int mm = 1; mm < m; mm++) days += mdays[mm - 1] + (mm == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    return days + d - 1;
}
static unsigned long long ft_of(int y, int mo, int d, int h, int mi, int s, int ms)
{
    return (((unsigned long long)days_since_1601(y, mo, d) * 86400ull + h * 3600ull + mi * 60ull + s) * 1000ull + ms) * 10000ull;
}
static unsigned long long ft64(const FILETIME *f) { return ((unsigned long long)f->dwHighDateTime << 32) | f->dwLowDateTime; }
static void set_ft(FILETIME *f, unsigned long long v) { f->dwLowDateTime = (DWORD)v; f->dwHighDateTime = (DWORD)(v >> 32); }
static SYSTEMTIME st_of(int y, int mo, int d, int h, int mi, int s, int ms)
{
    SYSTEMTIME t = { (WORD)y, (WORD)mo, 0, (WORD)d, (WORD)h, (WORD)mi, (WORD)s, (WORD)ms };
    return t;
}
static int st_is(const SYSTEMTIME *t, int y, int mo, int d, int h, int mi, int s)
{
    return t->wYear == y && t->wMonth == mo && t->wDay == d && t->wHour == h && t->wMinute == mi && t->wSecond == s;
}

static void zone(TIME_ZONE_INFORMATION *z, LONG bias, LONG dbias, int sm, int sd, int sh, int dm, int dd, int dh, const wchar_t *name)
{
    memset(z, 0, sizeof *z);
    z->Bias = bias; z->DaylightBias = dbias;
    z->StandardDate.wMonth = (WORD)sm; z->StandardDate.wDay = (WORD)sd; z->StandardDate.wHour = (WORD)sh;
    z->DaylightDate.wMonth = (WORD)dm; z->DaylightDate.wDay = (WORD)dd; z->DaylightDate.wHour = (WORD)dh;
    wcscpy(z->StandardName, name);
}

/* Sets the UTC time, then checks the zone id and the local time GetLocalTime reports. */
static void at(const char *name, int y, int mo, int d, int h, int mi, int s, DWORD id, int lmo, int ld, int lh, int lmi, int ls)
{
    SYSTEMTIME t = st_of(y, mo, d, h, mi, s, 0), l;
    TIME_ZONE_INFORMATION z;
    char n[96];
    check(name, SetSystemTime(&t));
    sprintf(n, "%s zone id", name); check_i(n, GetTimeZoneInformation(&z), id);
    GetLocalTime(&l);
    sprintf(n, "%s local time", name);
    if (st_is(&l, y, lmo, ld, lh, lmi, ls)) printf("ok %s\n", n);
    else { printf("FAIL %s got %d-%d-%d %d:%d:%d\n", n, l.wYear, l.wMonth, l.wDay, l.wHour, l.wMinute, l.wSecond); failures++; }
}

static void test_time(void)
{
    static const int dates[][7] = { { 1601, 1, 1, 0, 0, 0, 0 }, { 1970, 1, 1, 0, 0, 0, 0 }, { 2000, 1, 1, 0, 0, 0, 0 },
                                    { 2024, 2, 29, 12, 34, 56, 789 }, { 2100, 3, 1, 23, 59, 59, 999 }, { 30827, 12, 31, 23, 59, 59, 999 } };
    FILETIME f, g; SYSTEMTIME t; char n[64];
    for (unsigned i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        const int *x = dates[i];
        SYSTEMTIME s = st_of(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
        unsigned long long want = ft_of(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
        sprintf(n, "SystemTimeToFileTime %d-%d-%d", x[0], x[1], x[2]);
        check(n, SystemTimeToFileTime(&s, &f) && ft64(&f) == want);
        sprintf(n, "FileTimeToSystemTime %d-%d-%d", x[0], x[1], x[2]);
        int dow = (days_since_1601(x[0], x[1], x[2]) + 1) % 7; /* 1601-01-01 was a Monday */
        check(n, FileTimeToSystemTime(&f, &t) && st_is(&t, x[0], x[1], x[2], x[3], x[4], x[5]) && t.wMilliseconds == x[6] && t.wDayOfWeek == dow);
    }
    check("1970 epoch constant", ft_of(1970, 1, 1, 0, 0, 0, 0) == 116444736000000000ull);
    static const int bad[][7] = { { 2023, 13, 1, 0, 0, 0, 0 }, { 2023, 2, 29, 0, 0, 0, 0 }, { 2023, 1, 1, 24, 0, 0, 0 }, { 1600, 12, 31, 0, 0, 0, 0 },
                                  { 2023, 1, 1, 0, 0, 0, 1000 }, { 2023, 0, 1, 0, 0, 0, 0 }, { 2023, 4, 31, 0, 0, 0, 0 }, { 2023, 1, 1, 0, 60, 0, 0 } };
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SYSTEMTIME s = st_of(bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], bad[i][5], bad[i][6]);
        sprintf(n, "SystemTimeToFileTime rejects #%u", i);
        SetLastError(0); check_err(n, SystemTimeToFileTime(&s, &f), 0, 87);
    }
    set_ft(&f, 0x8000000000000000ull);
    SetLastError(0); check_err("FileTimeToSystemTime >= 2^63", FileTimeToSystemTime(&f, &t), 0, 87);
    set_ft(&f, 5); set_ft(&g, 0x100000000ull);
    check("CompareFileTime", CompareFileTime(&f, &g) == -1 && CompareFileTime(&g, &f) == 1 && CompareFileTime(&f, &f) == 0);

    TIME_ZONE_INFORMATION z, r;
    /* US Pacific: second Sunday of March 2:00 -> first Sunday of November 2:00 (local). */
    zone(&z, 480, -60, 11, 1, 2, 3, 2, 2, L"Pacific Standard Time");
    wcscpy(z.DaylightName, L"Pacific Daylight Time");
    check("SetTimeZoneInformation", SetTimeZoneInformation(&z));
    GetTimeZoneInformation(&r);
    check("GetTimeZoneInformation returns the zone", r.Bias == 480 && r.DaylightBias == -60 && r.StandardDate.wMonth == 11 && wcscmp(r.StandardName, L"Pacific Standard Time") == 0 && wcscmp(r.DaylightName, L"Pacific Daylight Time") == 0);
    at("Pacific January", 2025, 1, 15, 12, 0, 0, TIME_ZONE_ID_STANDARD, 1, 15, 4, 0, 0);
    at("Pacific July", 2025, 7, 1, 12, 0, 0, TIME_ZONE_ID_DAYLIGHT, 7, 1, 5, 0, 0);
    at("Pacific before DST start", 2025, 3, 9, 9, 59, 59, TIME_ZONE_ID_STANDARD, 3, 9, 1, 59, 59);
    at("Pacific at DST start", 2025, 3, 9, 10, 0, 0, TIME_ZONE_ID_DAYLIGHT, 3, 9, 3, 0, 0);
    at("Pacific before DST end", 2025, 11, 2, 8, 59, 59, TIME_ZONE_ID_DAYLIGHT, 11, 2, 1, 59, 59);
    at("Pacific at DST end", 2025, 11, 2, 9, 0, 0, TIME_ZONE_ID_STANDARD, 11, 2, 1, 0, 0);
    at("Pacific July again", 2025, 7, 1, 12, 0, 0, TIME_ZONE_ID_DAYLIGHT, 7, 1, 5, 0, 0);
    SetDaylightTime(FALSE);
    at("Pacific July, SetDaylightTime(FALSE)", 2025, 7, 1, 12, 0, 0, TIME_ZONE_ID_STANDARD, 7, 1, 4, 0, 0);
    set_ft(&f, ft_of(2025, 7, 1, 12, 0, 0, 0));
    check("FileTimeToLocalFileTime (forced standard)", FileTimeToLocalFileTime(&f, &g) && ft64(&g) == ft_of(2025, 7, 1, 4, 0, 0, 0));
    check("LocalFileTimeToFileTime (forced standard)", LocalFileTimeToFileTime(&g, &f) && ft64(&f) == ft_of(2025, 7, 1, 12, 0, 0, 0));
    SetTimeZoneInformation(&z); /* a new zone follows its rules again */
    at("Pacific July after SetTimeZoneInformation", 2025, 7, 1, 12, 0, 0, TIME_ZONE_ID_DAYLIGHT, 7, 1, 5, 0, 0);
    set_ft(&f, ft_of(2025, 7, 1, 12, 0, 0, 0));
    check("FileTimeToLocalFileTime (daylight)", FileTimeToLocalFileTime(&f, &g) && ft64(&g) == ft_of(2025, 7, 1, 5, 0, 0, 0));
    /* AUS Eastern (southern hemisphere): daylight from the first Sunday of October to the first Sunday of April. */
    zone(&z, -600, -60, 4, 1, 3, 10, 1, 2, L"AUS Eastern Standard Time");
    SetTimeZoneInformation(&z);
    at("Sydney January", 2025, 1, 15, 12, 0, 0, TIME_ZONE_ID_DAYLIGHT, 1, 15, 23, 0, 0);
    at("Sydney July", 2025, 7, 1, 12, 0, 0, TIME_ZONE_ID_STANDARD, 7, 1, 22, 0, 0);
    /* GMT / BST: the last Sunday of March 1:00 -> the last Sunday of October 2:00 (wDay 5 = last). */
    zone(&z, 0, -60, 10, 5, 2, 3, 5, 1, L"GMT Standard Time");
    SetTimeZoneInformation(&z);
    at("London before BST", 2025, 3, 30, 0, 59, 59, TIME_ZONE_ID_STANDARD, 3, 30, 0, 59, 59);
    at("London BST start", 2025, 3, 30, 1, 0, 0, TIME_ZONE_ID_DAYLIGHT, 3, 30, 2, 0, 0);
    /* India: no daylight rule. */
    zone(&z, -330, 0, 0, 0, 0, 0, 0, 0, L"India Standard Time");
    SetTimeZoneInformation(&z);
    at("India", 2025, 5, 5, 4, 30, 0, TIME_ZONE_ID_UNKNOWN, 5, 5, 10, 0, 0);
    t = st_of(2025, 5, 6, 10, 0, 0, 0);
    check("SetLocalTime", SetLocalTime(&t));
    GetSystemTime(&t); check("SetLocalTime moves UTC by the bias", st_is(&t, 2025, 5, 6, 4, 30, 0));
    t = st_of(2025, 0, 6, 10, 0, 0, 0);
    SetLastError(0); check_err("SetSystemTime rejects month 0", SetSystemTime(&t), 0, 87);
    GetSystemTime(&t); SystemTimeToFileTime(&t, &g);
    GetSystemTimeAsFileTime(&f);
    check("GetSystemTimeAsFileTime agrees with GetSystemTime", ft64(&f) >= ft64(&g) && ft64(&f) - ft64(&g) < 20000000ull);
    check("GetCurrentFT", GetCurrentFT(&f) && ft64(&f) >= ft64(&g) && ft64(&f) - ft64(&g) < 20000000ull);
}

/* ------------------------------------------------------------------ system information, probes, random */
static void test_sysinfo(void)
{
    SYSTEM_INFO si; int local = 0; BYTE r[16] = { 0 };
    GetSystemInfo(&si);
    check("GetSystemInfo ARM", si.wProcessorArchitecture == 5 && si.dwPageSize == 4096 && si.dwAllocationGranularity == 0x10000 && si.dwNumberOfProcessors == 1);
    check("GetSystemInfo address range", (DWORD)si.lpMinimumApplicationAddress == 0x10000 && (DWORD)si.lpMaximumApplicationAddress >= 0x1FFFFFFF);
    MEMORYSTATUS m1, m2;
    GlobalMemoryStatus(&m1);
    check("GlobalMemoryStatus", m1.dwLength == sizeof m1 && m1.dwTotalPhys > 0 && m1.dwAvailPhys <= m1.dwTotalPhys && m1.dwMemoryLoad <= 100);
    void *big = VirtualAlloc(NULL, 1024 * 1024, MEM_COMMIT, PAGE_READWRITE);
    GlobalMemoryStatus(&m2);
    check("GlobalMemoryStatus sees a 1 MiB commit", big && m1.dwAvailPhys - m2.dwAvailPhys >= 1024 * 1024 && m2.dwTotalPhys == m1.dwTotalPhys);
    check("IsBadReadPtr NULL", IsBadReadPtr(NULL, 1)); check("IsBadReadPtr NULL 0 bytes", !IsBadReadPtr(NULL, 0));
    check("IsBadReadPtr stack", !IsBadReadPtr(&local, 4)); check("IsBadWritePtr stack", !IsBadWritePtr(&local, 4));
    check("IsBadWritePtr low page", IsBadWritePtr((void *)0x10, 4));
    BYTE *ro = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READONLY);
    check("IsBadReadPtr read-only page", ro && !IsBadReadPtr(ro, 4096));
    check("IsBadWritePtr read-only page", ro && IsBadWritePtr(ro, 1));
    check("IsBadReadPtr past the page", ro && IsBadReadPtr(ro + 4000, 200));
    check("IsBadCodePtr code", !IsBadCodePtr((void *)test_sysinfo)); check("IsBadCodePtr NULL", IsBadCodePtr(NULL));
    DWORD a = Random(), b = Random();
    check("Random varies", a != b || Random() != a);
    check("CeGetRandomSeed varies", CeGetRandomSeed() != CeGetRandomSeed());
    check("CeGenRandom", CeGenRandom(sizeof r, r));
    int nz = 0; for (unsigned i = 0; i < sizeof r; i++) nz |= r[i];
    check("CeGenRandom filled the buffer", nz != 0);
    srand(1);
    int x1 = rand(), x2 = rand(), x3 = rand();
    check("rand seed 1 sequence (Microsoft CRT)", x1 == 41 && x2 == 18467 && x3 == 6334);
    srand(1);
    check("srand(1) restarts", rand() == 41);
}

/* ------------------------------------------------------------------ secure CRT (CE 6) */
static int handler_calls;
static void on_invalid(const wchar_t *e, const wchar_t *f, const wchar_t *file, unsigned int line, uintptr_t r)
{
    (void)e; (void)f; (void)file; (void)line; (void)r;
    handler_calls++;
}
static int vsnw(wchar_t *b, size_t size, size_t count, const wchar_t *fmt, ...)
{
    va_list ap; va_start(ap, fmt);
    int n = _vsnwprintf_s(b, size, count, fmt, ap);
    va_end(ap);
    return n;
}

static void test_secure(void)
{
    wchar_t w[16]; char c[16]; BYTE d[8], s[8]; size_t n;
    check("_set_invalid_parameter_handler returns the old one (none)", _set_invalid_parameter_handler(on_invalid) == NULL);
    check_i("wcscpy_s", wcscpy_s(w, 10, L"abc"), 0); check_w("wcscpy_s text", w, L"abc");
    check_i("wcscpy_s too small", wcscpy_s(w, 3, L"abc"), ERANGE); check("wcscpy_s too small empties", w[0] == 0 && handler_calls == 1);
    check_i("wcscpy_s NULL dest", wcscpy_s(NULL, 3, L"abc"), EINVAL);
    check_i("wcscpy_s NULL src", wcscpy_s(w, 3, NULL), EINVAL); check("handler called per error", handler_calls == 3);
    check_i("wcsncpy_s", wcsncpy_s(w, 10, L"abcdef", 3), 0); check_w("wcsncpy_s text", w, L"abc");
    check_i("wcsncpy_s _TRUNCATE", wcsncpy_s(w, 4, L"abcdef", _TRUNCATE), STRUNCATE); check_w("wcsncpy_s truncated", w, L"abc");
    check_i("wcsncpy_s too small", wcsncpy_s(w, 3, L"abcdef", 5), ERANGE); check("wcsncpy_s too small empties", w[0] == 0);
    wcscpy(w, L"ab"); check_i("wcscat_s", wcscat_s(w, 10, L"cd"), 0); check_w("wcscat_s text", w, L"abcd");
    wcscpy(w, L"ab"); check_i("wcscat_s too small", wcscat_s(w, 4, L"cd"), ERANGE); check("wcscat_s too small empties", w[0] == 0);
    wcscpy(w, L"ab"); check_i("wcsncat_s _TRUNCATE", wcsncat_s(w, 5, L"cdef", _TRUNCATE), STRUNCATE); check_w("wcsncat_s text", w, L"abcd");
    for (int i = 0; i < 8; i++) { s[i] = (BYTE)(i + 1); d[i] = 0xEE; }
    check_i("memcpy_s", memcpy_s(d, 8, s, 8), 0); check("memcpy_s copied", d[7] == 8);
    memset(d, 0xEE, 8);
    check_i("memcpy_s too small", memcpy_s(d, 4, s, 8), ERANGE); check("memcpy_s too small zeroes dest", d[0] == 0 && d[3] == 0 && d[4] == 0xEE);
    memset(d, 0xEE, 8);
    check_i("memcpy_s NULL src", memcpy_s(d, 8, NULL, 4), EINVAL); check("memcpy_s NULL src zeroes dest", d[0] == 0 && d[7] == 0);
    check_i("memcpy_s count 0", memcpy_s(NULL, 0, NULL, 0), 0);
    strcpy(c, "abcdef");
    check_i("memmove_s overlap", memmove_s(c + 1, 5, c, 4), 0); check_s("memmove_s text", c, "aabcdf");
    memset(d, 0xEE, 8);
    check_i("memmove_s too small", memmove_s(d, 2, s, 4), ERANGE); check("memmove_s too small leaves dest", d[0] == 0xEE);
    wcscpy(w, L"ABC"); check_i("_wcslwr_s", _wcslwr_s(w, 4), 0); check_w("_wcslwr_s text", w, L"abc");
    wcscpy(w, L"ABC"); check_i("_wcslwr_s unterminated", _wcslwr_s(w, 3), EINVAL); check("_wcslwr_s unterminated empties", w[0] == 0);
    wcscpy(w, L"abc"); check_i("_wcsupr_s", _wcsupr_s(w, 16), 0); check_w("_wcsupr_s text", w, L"ABC");
    check_i("swprintf_s", swprintf_s(w, 10, L"%d", 123), 3); check_w("swprintf_s text", w, L"123");
    check_i("swprintf_s too small", swprintf_s(w, 3, L"%d", 123), -1); check("swprintf_s too small empties", w[0] == 0);
    check_i("sprintf_s", sprintf_s(c, 16, "%s-%d", "x", 5), 3); check_s("sprintf_s text", c, "x-5");
    check_i("_vsnwprintf_s _TRUNCATE", vsnw(w, 10, _TRUNCATE, L"%s", L"abcdefghijkl"), -1); check_w("_vsnwprintf_s _TRUNCATE text", w, L"abcdefghi");
    check_i("_vsnwprintf_s count < size", vsnw(w, 10, 3, L"%s", L"abcdef"), -1); check_w("_vsnwprintf_s count text", w, L"abc");
    check_i("_vsnwprintf_s fits", vsnw(w, 10, 9, L"%d", 42), 2); check_w("_vsnwprintf_s fits text", w, L"42");
    int before = handler_calls;
    check_i("_vsnwprintf_s too small", vsnw(w, 3, 5, L"%s", L"abcdef"), -1); check("_vsnwprintf_s too small calls handler", handler_calls == before + 1 && w[0] == 0);
    check_i("mbstowcs_s", mbstowcs_s(&n, w, 10, "abc", _TRUNCATE), 0); check("mbstowcs_s count includes NUL", n == 4 && wcscmp(w, L"abc") == 0);
    check_i("mbstowcs_s size query", mbstowcs_s(&n, NULL, 0, "abc", 0), 0); check_i("mbstowcs_s size", n, 4);
    check_i("mbstowcs_s _TRUNCATE", mbstowcs_s(&n, w, 3, "abcdef", _TRUNCATE), STRUNCATE); check("mbstowcs_s truncated", n == 3 && wcscmp(w, L"ab") == 0);
    check_i("mbstowcs_s too small", mbstowcs_s(&n, w, 3, "abcdef", 5), ERANGE);
    int *p = _recalloc(NULL, 4, sizeof(int));
    check("_recalloc new is zeroed", p && p[0] == 0 && p[3] == 0);
    if (p) {
        p[0] = 7; p[3] = 9;
        p = _recalloc(p, 8, sizeof(int));
        check("_recalloc keeps and zeroes the growth", p && p[0] == 7 && p[3] == 9 && p[4] == 0 && p[7] == 0);
        free(p);
    }
    check("_set_invalid_parameter_handler returns ours", _set_invalid_parameter_handler(NULL) == on_invalid);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    (void)hInstance; (void)hPrevInstance; (void)nCmdShow;
    if (wcscmp(lpCmdLine, L"crash") == 0) {
        wchar_t w[8];
        printf("crt: bad source pointer\n");
        StringCchCopyW(w, 8, (LPCWSTR)0x10);
        printf("crt: survived\n");
        return 1;
    }
    if (wcscmp(lpCmdLine, L"inval") == 0) {
        wchar_t w[2];
        printf("crt: wcscpy_s without a handler\n");
        wcscpy_s(w, 2, L"abc");
        printf("crt: survived\n");
        return 1;
    }
    test_strsafe();
    test_ctype();
    test_convert();
    test_strings();
    test_qsort();
    test_math();
    test_time();
    test_sysinfo();
    test_secure();
    printf("crt: %d failures\n", failures);
    return failures;
}
