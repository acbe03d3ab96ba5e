/* testdll2.c — the DLL testdll.dll imports (wmemu module tests). Exports td2_mul by ordinal 12
 * (testdll forwards td_mul to "testdll2.#12") and an order log DllMains append to. */
#include <windows.h>
#include <ce_modules.h>

static char g_log[256];
static int g_len;
static int g_attach;

__declspec(dllexport) void td2_log(const char *s)
{
    while (*s && g_len < (int)sizeof g_log - 1) g_log[g_len++] = *s++;
    g_log[g_len] = 0;
}
__declspec(dllexport) const char *td2_get_log(void) { return g_log; }
__declspec(dllexport) int td2_mul(int a, int b) { return a * b; }
__declspec(dllexport) int td2_attach_count(void) { return g_attach; }

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        g_attach++;
        td2_log("testdll2 attach;");
        printf("testdll2: DLL_PROCESS_ATTACH\n");
    } else if (reason == DLL_PROCESS_DETACH) {
        printf("testdll2: DLL_PROCESS_DETACH\n");
    }
    return TRUE;
}
