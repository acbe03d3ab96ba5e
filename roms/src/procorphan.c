/* procorphan.c — a parent that ends while its children still run (test/processes.test.ts). It starts
 * armuse.exe (armdll.dll imported, testdll.dll loaded: real DLLs to detach) with the mode given on
 * its own command line, and hang.exe (no DLLs, never ends; not in linger mode), waits until armuse
 * is idle, and returns 3 from WinMain. Modes for armuse: sleep (never ends on its own), sleephang
 * (never ends, and armdll's DllMain(DLL_PROCESS_DETACH) never returns), linger (ends on its own
 * 300 ms later). Mode hold: like sleep, but procorphan itself then sleeps forever too; mode nested
 * starts `procorphan.exe hold` instead and returns once armuse is idle: grandchildren.
 * What happens to the children then is the emulator's choice (README, child processes): by default
 * they are ended through TerminateProcess's exit sequence; with --wait-children the run waits. */
#include <windows.h>
#include <ce_modules.h>
#include <ce_files.h>

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    PROCESS_INFORMATION a, h;
    LPWSTR mode = cmd[0] ? cmd : L"sleep";
    DeleteFileW(L"\\Temp\\armuse.ready");
    if (wcscmp(mode, L"nested") == 0) {
        /* a grandchild tree: procorphan.exe hold (armuse.exe sleep, hang.exe), still running */
        if (!CreateProcessW(L"procorphan.exe", L"hold", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &a)) {
            printf("FAIL CreateProcessW(procorphan.exe hold)\n");
            return 1;
        }
        for (int i = 0; i < 1000 && GetFileAttributesW(L"\\Temp\\armuse.ready") == INVALID_FILE_ATTRIBUTES; i++) Sleep(10);
        printf("procorphan: leaving with code 3, grandchildren still running\n");
        return 3;
    }
    if (!CreateProcessW(L"armuse.exe", wcscmp(mode, L"hold") == 0 ? L"sleep" : mode, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &a)) {
        printf("FAIL CreateProcessW(armuse.exe %ls)\n", mode);
        return 1;
    }
    if (wcscmp(mode, L"linger") != 0 && !CreateProcessW(L"hang.exe", L"sleep", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &h)) {
        printf("FAIL CreateProcessW(hang.exe sleep)\n");
        return 1;
    }
    for (int i = 0; i < 1000 && GetFileAttributesW(L"\\Temp\\armuse.ready") == INVALID_FILE_ATTRIBUTES; i++) Sleep(10);
    if (wcscmp(mode, L"hold") == 0) {
        printf("procorphan: holding, children running\n");
        Sleep(INFINITE);
    }
    printf("procorphan: leaving with code 3, children still running\n");
    return 3;
}
