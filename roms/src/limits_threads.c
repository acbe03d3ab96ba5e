/* limits_threads.exe — a guest that creates threads or kernel handles until the cap
 * (test/robustness-limits.test.ts; wmemu's maxThreads / maxHandles options).
 *
 *   limits_threads threads|handles
 *
 * threads: CreateThread (each thread waits on one event) until it returns NULL; then sets the event,
 *          waits for every thread, closes them, and creates one more thread (must work again).
 * handles: CreateEventW until it returns NULL; closes one, creates again (must work).
 * Prints `limits_threads: <mode> NULL after N err=E; again: ok|NULL`. Exit code 0. */
#include <windows.h>
#include <stdio.h>

#define MAXN 20000
static HANDLE hs[MAXN];
static HANDLE go;

static DWORD WINAPI waiter(LPVOID p)
{
    (void)p;
    WaitForSingleObject(go, INFINITE);
    return 7;
}

static int wstreq(const wchar_t *a, const char *b)
{
    while (*a && *b && *a == (wchar_t)*b) { a++; b++; }
    return *a == 0 && *b == 0;
}

int WINAPI WinMain(HINSTANCE hI, HINSTANCE hP, LPWSTR cmd, int show)
{
    unsigned n = 0;
    DWORD err;
    HANDLE again;
    if (wstreq(cmd, "threads")) {
        go = CreateEventW(NULL, TRUE, FALSE, NULL);
        SetLastError(0);
        while (n < MAXN && (hs[n] = CreateThread(NULL, 0, waiter, NULL, 0, NULL)) != 0) n++;
        err = GetLastError();
        SetEvent(go);
        for (unsigned i = 0; i < n; i++) {
            WaitForSingleObject(hs[i], INFINITE);
            CloseHandle(hs[i]);
        }
        again = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
        if (again) WaitForSingleObject(again, INFINITE);
        printf("limits_threads: threads NULL after %u err=%lu; again: %s\n", n, (unsigned long)err, again ? "ok" : "NULL");
        return 0;
    }
    if (wstreq(cmd, "handles")) {
        SetLastError(0);
        while (n < MAXN && (hs[n] = CreateEventW(NULL, FALSE, FALSE, NULL)) != 0) n++;
        err = GetLastError();
        if (n) CloseHandle(hs[--n]);
        again = CreateEventW(NULL, FALSE, FALSE, NULL);
        printf("limits_threads: handles NULL after %u err=%lu; again: %s\n", n + 1, (unsigned long)err, again ? "ok" : "NULL");
        return 0;
    }
    printf("usage: limits_threads threads|handles\n");
    return 1;
}
