/* wmain_startup.c — entry point for wmain ROMs (/entry:mainWCRTStartup).
 * Same register arguments as WinMainCRTStartup; splits lpCmdLine into argv[1..] and sets
 * argv[0] to the module file name (GetModuleFileNameW(NULL, ...)).
 * Splitting rules (simplified MSVC rules): arguments are separated by spaces/tabs, "double quotes"
 * group, \" is a literal quote. No heap use: fixed static buffers (at most 63 arguments). */
#include <windows.h>

#define MAX_ARGS 64
static wchar_t g_module[MAX_PATH];
static wchar_t g_args[1024];
static wchar_t *g_argv[MAX_ARGS + 1];

static int split_args(const wchar_t *src, int argc)
{
    wchar_t *dst = g_args, *end = g_args + (sizeof g_args / sizeof g_args[0]) - 1;
    if (!src) return argc;
    for (;;) {
        while (*src == L' ' || *src == L'\t') src++;
        if (!*src || argc >= MAX_ARGS || dst >= end) break;
        g_argv[argc++] = dst;
        int quoted = 0;
        while (*src && dst < end) {
            if (*src == L'\\' && src[1] == L'"') { *dst++ = L'"'; src += 2; continue; }
            if (*src == L'"') { quoted = !quoted; src++; continue; }
            if (!quoted && (*src == L' ' || *src == L'\t')) break;
            *dst++ = *src++;
        }
        *dst++ = 0;
    }
    g_argv[argc] = 0;
    return argc;
}

void mainWCRTStartup(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    (void)hInstance; (void)hPrevInstance; (void)nCmdShow;
    GetModuleFileNameW(0, g_module, MAX_PATH);
    g_argv[0] = g_module;
    int argc = split_args(lpCmdLine, 1);
    exit(wmain(argc, g_argv));
}
