/* testdll.c — a real ARM DLL for the wmemu module tests (loaded statically by dllstatic.exe and
 * with LoadLibraryW by dynload.exe). It imports testdll2.dll (a DLL importing a DLL), forwards
 * td_mul to testdll2.#12 and td_memcpy to COREDLL.memcpy (see testdll.def), exports td_hidden by
 * ordinal only, and carries resources (testdll.rc: a string table and an RCDATA blob).
 * Built with -DFAIL_ATTACH it becomes faildll.dll, whose DllMain refuses to attach. */
#include <windows.h>
#include <ce_modules.h>

__declspec(dllimport) void td2_log(const char *s);
__declspec(dllimport) int td2_mul(int a, int b);

static int g_attach;
static int g_thread_attach, g_thread_detach;
static HINSTANCE g_hinst;
int td_data = 1234;

int td_add(int a, int b) { return a + b; }
int td_add_mul(int a, int b) { return td2_mul(a + b, 2); }
int td_attach_count(void) { return g_attach; }
HINSTANCE td_hinst(void) { return g_hinst; }
int td_hidden(void) { return 777; }
int td_thread_counts(void) { return g_thread_attach * 100 + g_thread_detach; }

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
#ifdef FAIL_ATTACH
        printf("faildll: DLL_PROCESS_ATTACH -> FALSE\n");
        return FALSE;
#else
        g_attach++;
        g_hinst = hinst;
        td2_log("testdll attach;");
        printf("testdll: DLL_PROCESS_ATTACH\n");
#endif
    } else if (reason == DLL_PROCESS_DETACH) {
        printf("testdll: DLL_PROCESS_DETACH\n");
    } else if (reason == DLL_THREAD_ATTACH) {
        g_thread_attach++;
    } else if (reason == DLL_THREAD_DETACH) {
        g_thread_detach++;
    }
    return TRUE;
}
