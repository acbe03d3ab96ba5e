/* msgtable.c — FormatMessageW with message tables: FORMAT_MESSAGE_FROM_HMODULE on this executable
 * (English and German tables, msgtable_res.rc), on a loaded DLL (msgdll.dll), on DLLs without a
 * table or without resources, COREDLL's handle; FROM_SYSTEM fallback; ANSI and Unicode entries;
 * inserts with argument arrays and va_lists; escapes; MAX_WIDTH; ALLOCATE_BUFFER; errors.
 * Each call prints `M <label> <result> <GetLastError> <output as UTF-16 hex, or ->`; the test
 * (test/msgtable.test.ts) states what each must be. Exit code 0. */
#include <windows.h>
#include <ce_locale.h>
#include <ce_modules.h>

#define FORMAT_MESSAGE_FROM_HMODULE 0x0800
#define FORMAT_MESSAGE_MAX_WIDTH_MASK 0x00FF
#define HM FORMAT_MESSAGE_FROM_HMODULE
#define ARR FORMAT_MESSAGE_ARGUMENT_ARRAY

static WCHAR out[512];

static void show(const char *label, DWORD r, const WCHAR *text)
{
    DWORD e = GetLastError();
    printf("M %s %lu %lu ", label, r, e);
    if (!r || !text) printf("-");
    for (DWORD i = 0; r && text && i < r; i++) printf("%04x", text[i]);
    printf("\n");
}

/* FormatMessageW into `out`, result shown under `label`. */
static void fm(const char *label, DWORD flags, const void *src, DWORD id, DWORD lang, void *args)
{
    SetLastError(0xBEEF);
    memset(out, 0xCC, sizeof out);
    DWORD r = FormatMessageW(flags, src, id, lang, out, 512, (va_list *)args);
    show(label, r, out);
}

/* The va_list flavour: Arguments points at a va_list over this function's variadic arguments. */
static void fm_va(const char *label, DWORD flags, DWORD id, ...)
{
    va_list ap;
    va_start(ap, id);
    SetLastError(0xBEEF);
    DWORD r = FormatMessageW(flags, NULL, id, 0, out, 512, &ap);
    va_end(ap);
    show(label, r, out);
}

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show_)
{
    DWORD_PTR a2[3] = { (DWORD_PTR)L"a.txt", 1234, (DWORD_PTR)"narrow" };
    DWORD_PTR a4[1] = { 0x2a };
    DWORD_PTR a8[3] = { 5, 42, (DWORD_PTR)L"ab" };
    DWORD_PTR adisk[1] = { (DWORD_PTR)L"disk" };
    DWORD_PTR ax[1] = { (DWORD_PTR)L"x" };

    /* ---- this executable's tables ---- */
    fm("hello", HM, NULL, 1, 0, NULL);
    fm("hello_hinstance", HM, hi, 1, 0, NULL);
    fm("hello_en", HM, NULL, 1, 0x409, NULL);
    fm("hello_de", HM, NULL, 1, 0x407, NULL);
    fm("hello_fr", HM, NULL, 1, 0x40C, NULL);
    fm("hello_user_default", HM, NULL, 1, 0x400, NULL);
    fm("ansi_inserts", HM | ARR, NULL, 2, 0, a2);
    fm("ansi_1252", HM, NULL, 3, 0, NULL);
    fm("unicode", HM | ARR, NULL, 4, 0, a4);
    fm("escapes", HM, NULL, 5, 0, NULL);
    fm("literals", HM, NULL, 6, 0, NULL);
    fm("width_0", HM, NULL, 7, 0, NULL);
    fm("width_ff", HM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL, 7, 0, NULL);
    fm("width_20", HM | 20, NULL, 7, 0, NULL);
    fm("width_hard", HM | 16, NULL, 9, 0, NULL);
    fm("star_array", HM | ARR, NULL, 8, 0, a8);
    fm_va("star_va_list", HM, 8, 5, 42, L"ab", L"cd");
    fm_va("va_list", HM, 2, L"b.txt", 77, "n");
    fm("line_breaks", HM, NULL, 10, 0, NULL);
    fm("trailing_percent", HM, NULL, 11, 0, NULL);
    fm("no_arguments", HM, NULL, 2, 0, NULL);
    fm("ignore_inserts", HM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 2, 0, NULL);
    fm("block2", HM, NULL, 32, 0, NULL);
    fm("block2_ansi", HM, NULL, 33, 0, NULL);
    fm("high_id", HM | ARR, NULL, 0xC0001234, 0, adisk);
    fm("missing_id", HM, NULL, 999, 0, NULL);
    fm("gap_id", HM, NULL, 12, 0, NULL);
    fm("system_fallback", HM | FORMAT_MESSAGE_FROM_SYSTEM, NULL, 87, 0, NULL);
    fm("module_first", HM | FORMAT_MESSAGE_FROM_SYSTEM, NULL, 1, 0, NULL);
    fm("neither_has_it", HM | FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x7777, 0, NULL);
    fm("no_source_flag", 0, NULL, 1, 0, NULL);

    /* ---- buffers ---- */
    SetLastError(0xBEEF);
    DWORD r = FormatMessageW(HM, NULL, 1, 0, out, 5, NULL);
    show("small_buffer", r, out);
    LPWSTR p = NULL;
    SetLastError(0xBEEF);
    r = FormatMessageW(HM | FORMAT_MESSAGE_ALLOCATE_BUFFER, NULL, 1, 0, (LPWSTR)&p, 100, NULL);
    show("allocate", r, p);
    UINT size = p ? LocalSize(p) : 0;
    int freed = p ? LocalFree(p) == NULL : 0;
    printf("A %u %d\n", size, freed);

    /* ---- other modules ---- */
    HMODULE dll = LoadLibraryW(L"msgdll.dll");
    printf("L %d\n", dll != NULL);
    fm("dll", HM | ARR, dll, 1, 0, ax);
    fm("dll_ansi", HM, dll, 100, 0, NULL);
    fm("dll_missing", HM, dll, 2, 0, NULL);
    fm("dll_lang_neutral_only", HM, dll, 1, 0x409, NULL);
    fm("exe_after_dll", HM, NULL, 1, 0, NULL);
    fm("no_table", HM, LoadLibraryW(L"testdll.dll"), 1, 0, NULL);
    fm("no_resources", HM, LoadLibraryW(L"testdll2.dll"), 1, 0, NULL);
    fm("coredll", HM, GetModuleHandleW(L"coredll.dll"), 5, 0, NULL);
    fm("bad_handle", HM, (void *)0x123400, 1, 0, NULL);
    printf("done\n");
    return 0;
}
