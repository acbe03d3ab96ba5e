/* procspawn.c — CreateProcessW / WaitForSingleObject / GetExitCodeProcess: starts hello.exe and
 * exitcodes.exe (found next to this ROM or on the DLL search path) and checks their exit codes;
 * the children print to the same console. Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_modules.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    WCHAR line[64];

    printf("procspawn: starting hello.exe\n");
    check(CreateProcessW(L"hello.exe", L"alpha beta", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(hello.exe)");
    check(pi.hProcess != NULL && pi.hThread != NULL && pi.dwProcessId != 0, "PROCESS_INFORMATION filled");
    check(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "WaitForSingleObject(hProcess)");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == 7, "GetExitCodeProcess == 7 (hello.exe)");
    check(WaitForSingleObject(pi.hThread, 0) == WAIT_OBJECT_0, "primary thread handle signaled too");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* no image name: the program is the first token of the command line (no extension) */
    wcscpy(line, L"exitcodes exit 300");
    check(CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(NULL, \"exitcodes exit 300\")");
    WaitForSingleObject(pi.hProcess, INFINITE);
    check(GetExitCodeProcess(pi.hProcess, &code) && code == 300, "full 32-bit exit code 300");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);

    /* two children at once */
    PROCESS_INFORMATION a, b;
    CreateProcessW(L"exitcodes.exe", L"ret 11", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &a);
    CreateProcessW(L"exitcodes.exe", L"ret 12", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &b);
    HANDLE both[2] = { a.hProcess, b.hProcess };
    DWORD w1 = WaitForMultipleObjects(2, both, FALSE, INFINITE);
    WaitForSingleObject(a.hProcess, INFINITE);
    WaitForSingleObject(b.hProcess, INFINITE);
    DWORD ca = 0, cb = 0;
    GetExitCodeProcess(a.hProcess, &ca);
    GetExitCodeProcess(b.hProcess, &cb);
    check(w1 <= 1 && ca == 11 && cb == 12, "two children concurrently");

    /* a child that does not end on its own (stopped when this process ends) */
    check(CreateProcessW(L"\\Windows\\..\\nosuch", NULL, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi) == FALSE, "device path outside \\Windows not found");
    check(CreateProcessW(L"hang.exe", L"sleep", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(hang.exe sleep)");
    check(WaitForSingleObject(pi.hProcess, 50) == WAIT_TIMEOUT, "WaitForSingleObject time-out on a running child");
    check(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "STILL_ACTIVE while it runs");

    SetLastError(0);
    check(!CreateProcessW(L"nosuch.exe", NULL, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi) && GetLastError() == ERROR_FILE_NOT_FOUND, "missing image -> ERROR_FILE_NOT_FOUND");
    SetLastError(0);
    check(!CreateProcessW(L"testdll.dll", NULL, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi) && GetLastError() == 193, "a DLL is not an executable -> ERROR_BAD_EXE_FORMAT");
    check(GetExitCodeProcess(GetCurrentProcess(), &code) && code == STILL_ACTIVE, "own process STILL_ACTIVE");

    printf("procspawn: %d failures\n", failures);
    return failures;
}
