/* stdio.exe — CE C runtime streams: _getstdfilex, console output on stdout/stderr (interleaved with
 * printf), file streams through the device file system (_wfopen/fopen, fputws/fgetws, fprintf,
 * fread/fwrite, fseek/ftell, ungetc, feof/ferror), SetStdioPathW redirection, and console input when
 * the test gives "alpha\nbeta été\nx" on stdin. Exit code = failures. */
#include <windows.h>

static int failures;
#define CHECK(cond, ...) do { if (cond) printf("ok " __VA_ARGS__); else { failures++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

static int vfw(FILE *f, const wchar_t *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfwprintf(f, fmt, ap);
    va_end(ap);
    return n;
}
static int vfn(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show)
{
    FILE *f;
    wchar_t w[64];
    char s[64];
    int withInput = cmd && cmd[0] == L'i';

    CHECK(stdin && stdout && stderr && stdin != stdout && stdout != stderr, "_getstdfilex gives 3 streams");
    CHECK(_fileno(stdin) == 0 && _fileno(stdout) == 1 && _fileno(stderr) == 2, "_fileno 0 1 2");
    CHECK(fputws(L"[1] fputws to stdout\n", stdout) >= 0, "fputws(stdout)");
    printf("[2] printf between\n");
    CHECK(fwprintf(stdout, L"[3] fwprintf %d %s\n", 42, L"wide") == 21, "fwprintf returns the length");
    CHECK(fprintf(stdout, "[4] fprintf %s %x\n", "narrow", 255) == 22, "fprintf returns the length");
    CHECK(vfw(stdout, L"[5] vfwprintf %05.1f\n", 2.5) > 0 && vfn(stdout, "[6] vfprintf %c\n", 'z') > 0, "vfwprintf / vfprintf");
    CHECK(fputs("[7] fputs\n", stdout) >= 0 && puts("[8] puts") >= 0 && _putws(L"[9] _putws \x00e9t\x00e9") >= 0, "fputs, puts, _putws");
    CHECK(fputc('[', stdout) == '[' && putchar('A') == 'A' && fputwc(L']', stdout) == L']' && putwchar(L'\n') == L'\n', "fputc, putchar, fputwc, putwchar");
    CHECK(fwrite("[10] fwrite\n", 1, 12, stdout) == 12 && fflush(stdout) == 0, "fwrite, fflush");
    CHECK(fputws(L"to stderr\n", stderr) >= 0 && fprintf(stderr, "stderr %d\n", 2) > 0, "stderr");

    /* a file stream */
    f = _wfopen(L"\\Temp\\s.txt", L"w");
    CHECK(f != NULL && _fileno(f) > 2, "_wfopen w");
    CHECK(fwprintf(f, L"line %d\n", 1) == 7 && fputws(L"line two\n", f) >= 0 && fprintf(f, "line %s\n", "3") == 7, "write lines");
    CHECK(fwrite("ABCDEF", 2, 3, f) == 3, "fwrite items");
    CHECK(ftell(f) == 29, "ftell after writing (%ld)", ftell(f));
    CHECK(fgetc(f) == EOF && ferror(f), "reading a write-only stream fails and sets the error flag");
    clearerr(f);
    CHECK(!ferror(f), "clearerr");
    CHECK(fclose(f) == 0, "fclose");
    f = _wfopen(L"\\TEMP\\S.TXT", L"rb");
    CHECK(f != NULL, "_wfopen r (other case)");
    CHECK(fgetws(w, 64, f) == w && wcscmp(w, L"line 1\n") == 0, "fgetws line 1");
    CHECK(fgets(s, 64, f) == s && strcmp(s, "line two\n") == 0, "fgets line 2");
    CHECK(fgets(s, 4, f) == s && strcmp(s, "lin") == 0, "fgets stops at n-1");
    CHECK(fgetws(w, 64, f) == w && wcscmp(w, L"e 3\n") == 0, "fgetws continues");
    CHECK(fgetc(f) == 'A' && ungetc('Q', f) == 'Q' && fgetc(f) == 'Q' && fgetwc(f) == L'B', "fgetc, ungetc, fgetwc");
    CHECK(fread(s, 1, 10, f) == 4 && memcmp(s, "CDEF", 4) == 0 && feof(f), "fread to EOF sets feof");
    CHECK(fgetws(w, 64, f) == NULL, "fgetws at EOF: NULL");
    CHECK(fseek(f, 5, SEEK_SET) == 0 && !feof(f) && fgetc(f) == '1', "fseek SEEK_SET clears EOF");
    CHECK(fseek(f, -2, SEEK_END) == 0 && ftell(f) == 27 && fgetc(f) == 'E', "fseek SEEK_END");
    CHECK(fseek(f, -3, SEEK_CUR) == 0 && ftell(f) == 25, "fseek SEEK_CUR");
    CHECK(fseek(f, -100, SEEK_SET) != 0, "fseek before the start fails");
    {
        fpos_t pos;
        CHECK(fgetpos(f, &pos) == 0 && pos == 25 && fseek(f, 0, SEEK_SET) == 0 && fsetpos(f, &pos) == 0 && ftell(f) == 25, "fgetpos / fsetpos");
    }
    CHECK(fputs("x", f) == EOF, "fputs on a read-only stream: EOF");
    fclose(f);
    f = fopen("\\Temp\\s.txt", "a");
    CHECK(f != NULL && fputs("appended\n", f) >= 0, "fopen a");
    fclose(f);
    f = fopen("\\Temp\\s.txt", "r+");
    CHECK(f && fseek(f, 0, SEEK_END) == 0 && ftell(f) == 38, "append went to the end (%ld)", f ? ftell(f) : -1L);
    CHECK(fseek(f, 0, SEEK_SET) == 0 && fputs("LINE", f) >= 0 && fseek(f, 0, SEEK_SET) == 0 && fgets(s, 64, f) && strcmp(s, "LINE 1\n") == 0, "r+ overwrites in place");
    fclose(f);
    CHECK(_wfopen(L"\\Temp\\none.txt", L"r") == NULL, "_wfopen r of a missing file: NULL");
    CHECK(_wfopen(L"\\Temp\\s.txt", L"q") == NULL, "bad mode: NULL");
    CHECK(_wfopen(L"\\..\\escape.txt", L"w") == NULL, "no escape through _wfopen");
    f = _wfopen(L"\\Temp\\w.txt", L"w");
    fwprintf(f, L"\x00e9t\x00e9 \x20ac\n");
    fclose(f);
    f = _wfopen(L"\\Temp\\w.txt", L"r");
    CHECK(fgetws(w, 64, f) && wcscmp(w, L"\x00e9t\x00e9 \x20ac\n") == 0, "wide text round trip through a file");
    fclose(f);

    /* SetStdioPathW: stdout into a file, then back to the console */
    {
        wchar_t path[MAX_PATH];
        DWORD len = MAX_PATH;
        /* no CHECK (printf) while stdout is redirected */
        BOOL set = SetStdioPathW(1, L"\\Temp\\redirect.txt");
        printf("redirected printf\n");
        fputws(L"redirected fputws\n", stdout);
        BOOL got = GetStdioPathW(1, path, &len);
        BOOL back = SetStdioPathW(1, L"");
        CHECK(set, "SetStdioPathW(stdout)");
        CHECK(got, "GetStdioPathW");
        CHECK(back, "SetStdioPathW back to the console");
        CHECK(wcscmp(path, L"\\Temp\\redirect.txt") == 0, "GetStdioPathW gave the path");
        len = 2;
        CHECK(!GetStdioPathW(1, path, &len) || len >= 1, "GetStdioPathW with the console");
        f = _wfopen(L"\\Temp\\redirect.txt", L"r");
        CHECK(f && fgets(s, 64, f) && strcmp(s, "redirected printf\n") == 0 && fgets(s, 64, f) && strcmp(s, "redirected fputws\n") == 0, "the redirected output is in the file");
        if (f) fclose(f);
        CHECK(!SetStdioPathW(1, L"\\Nope\\x.txt") && GetLastError() == 3, "SetStdioPathW to a missing folder fails");
        printf("[11] back on the console\n");
    }

    /* console input: "alpha\nbeta été\nx" */
    if (withInput) {
        CHECK(fgets(s, 64, stdin) == s && strcmp(s, "alpha\n") == 0, "fgets(stdin)");
        CHECK(fgetws(w, 64, stdin) == w && wcscmp(w, L"beta \x00e9t\x00e9\n") == 0, "fgetws(stdin) decodes UTF-8");
        CHECK(getwchar() == L'x', "getwchar");
        CHECK(getwchar() == WEOF && feof(stdin), "EOF on stdin");
        CHECK(fgetws(w, 64, stdin) == NULL && getchar() == EOF, "reads after EOF");
    }
    printf("stdio: %d failures\n", failures);
    return failures;
}
