/* procsusp.c — CREATE_SUSPENDED for CreateThread and CreateProcessW, SuspendThread/ResumeThread
 * counts, and TerminateProcess of a child (suspended, running, running with DLLs). The children are
 * exitcodes.exe, hello.exe, hang.exe and armuse.exe (next to this ROM). Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_modules.h>
#include <ce_files.h>

#define CREATE_SUSPENDED 0x00000004
WINBASEAPI DWORD WINAPI SuspendThread(HANDLE hThread);   /* coredll 499 */

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static volatile LONG g_ran;
static DWORD WINAPI worker(LPVOID p) { g_ran++; return (DWORD)p; }

static volatile LONG g_self_step;
static DWORD WINAPI self_suspender(LPVOID p)
{
    g_self_step = 1;
    DWORD prev = SuspendThread(GetCurrentThread());  /* parks until ResumeThread */
    g_self_step = prev == 0 ? 2 : 3;
    return 5;
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    /* ---- threads ---- */
    HANDLE t = CreateThread(NULL, 0, worker, (LPVOID)17, CREATE_SUSPENDED, NULL);
    check(t != NULL, "CreateThread(CREATE_SUSPENDED)");
    Sleep(20);
    check(g_ran == 0 && WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "a suspended thread does not run");
    check(GetExitCodeThread(t, &code) && code == STILL_ACTIVE, "STILL_ACTIVE while suspended");
    check(SuspendThread(t) == 1, "SuspendThread returns the previous count (1)");
    check(ResumeThread(t) == 2, "ResumeThread returns the previous count (2)");
    Sleep(20);
    check(g_ran == 0, "still suspended at count 1");
    check(ResumeThread(t) == 1, "ResumeThread: 1 -> 0");
    check(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && g_ran == 1, "runs once resumed");
    check(GetExitCodeThread(t, &code) && code == 17, "its exit code");
    check(ResumeThread(t) == 0, "ResumeThread of a thread that is not suspended returns 0");
    CloseHandle(t);

    t = CreateThread(NULL, 0, self_suspender, NULL, 0, NULL);
    while (g_self_step == 0) Sleep(1);
    Sleep(20);
    check(g_self_step == 1 && WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "SuspendThread(GetCurrentThread()) parks the thread");
    check(ResumeThread(t) == 1, "ResumeThread of the self-suspended thread");
    check(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0 && g_self_step == 2, "it resumes; its SuspendThread returned 0");
    CloseHandle(t);

    /* ---- a suspended child process, then resumed ---- */
    printf("procsusp: creating exitcodes.exe suspended\n");
    check(CreateProcessW(L"exitcodes.exe", L"ret 9", NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, NULL, &pi), "CreateProcessW(CREATE_SUSPENDED)");
    check(WaitForSingleObject(pi.hProcess, 50) == WAIT_TIMEOUT, "the suspended child does not end");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "GetExitCodeProcess == STILL_ACTIVE (259) while suspended");
    check(WaitForSingleObject(pi.hThread, 0) == WAIT_TIMEOUT, "its primary thread handle is not signaled");
    check(SuspendThread(pi.hThread) == 1, "SuspendThread(pi.hThread): 1 -> 2");
    check(ResumeThread(pi.hThread) == 2, "ResumeThread(pi.hThread): 2 -> 1");
    check(WaitForSingleObject(pi.hProcess, 50) == WAIT_TIMEOUT, "still suspended");
    printf("procsusp: resuming the child\n");
    check(ResumeThread(pi.hThread) == 1, "ResumeThread(pi.hThread): 1 -> 0");
    check(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the child runs and ends");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == 9, "GetExitCodeProcess == 9");
    check(GetExitCodeThread(pi.hThread, &code) && code == 9, "GetExitCodeThread(pi.hThread) == 9");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* ---- a suspended child terminated: it never runs ---- */
    check(CreateProcessW(L"hello.exe", L"never", NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, NULL, &pi), "CreateProcessW(hello.exe, CREATE_SUSPENDED)");
    check(TerminateProcess(pi.hProcess, 55), "TerminateProcess of the suspended child");
    check(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0 && WaitForSingleObject(pi.hThread, 0) == WAIT_OBJECT_0, "process and thread handles signaled");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == 55, "exit code 55");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* ---- a running child terminated ---- */
    check(CreateProcessW(L"hang.exe", L"sleep", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(hang.exe sleep)");
    check(WaitForSingleObject(pi.hProcess, 50) == WAIT_TIMEOUT, "it runs");
    check(TerminateProcess(pi.hProcess, 66), "TerminateProcess of the running child");
    check(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "it ends");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == 66, "exit code 66");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* ---- a child with DLLs terminated: they are detached (the test checks the child's output) ---- */
    DeleteFileW(L"\\Temp\\armuse.ready");
    check(CreateProcessW(L"armuse.exe", L"sleep", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(armuse.exe sleep)");
    for (int i = 0; i < 1000 && GetFileAttributesW(L"\\Temp\\armuse.ready") == INVALID_FILE_ATTRIBUTES; i++) Sleep(10);
    printf("procsusp: terminating armuse.exe\n");
    check(TerminateProcess(pi.hProcess, 77), "TerminateProcess of a child with DLLs");
    check(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "it ends");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == 77, "exit code 77");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    printf("procsusp: %d failures\n", failures);
    return failures;
}
