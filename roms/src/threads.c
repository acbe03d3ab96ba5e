/* threads.exe — guest threads and kernel objects: CreateThread (incl. CREATE_SUSPENDED), per-thread
 * TLS and thread IDs from KData, critical sections under contention, auto/manual-reset events,
 * mutexes, semaphores, WaitForSingleObject/WaitForMultipleObjects with and without time-outs,
 * GetExitCodeThread. Prints one line per check; exit code = number of failures. */
#include <windows.h>

static int failures;
#define CHECK(cond, ...) do { if (cond) printf("ok " __VA_ARGS__); else { failures++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

static CRITICAL_SECTION cs;
static volatile long counter;
static DWORD tlsSlot;
static HANDLE evGo, evManual, mtx, sem;
static volatile DWORD ids[4];

static DWORD WINAPI worker(LPVOID p)
{
    int idx = (int)p;
    ids[idx] = GetCurrentThreadId();
    TlsSetValue(tlsSlot, (LPVOID)(0x1000 + idx));
    WaitForSingleObject(evGo, INFINITE);          /* auto-reset: main pulses it once per worker */
    for (int i = 0; i < 1000; i++) {
        EnterCriticalSection(&cs);
        long v = counter;
        if ((i & 63) == 0) Sleep(0);                 /* yield while holding the lock */
        counter = v + 1;
        LeaveCriticalSection(&cs);
    }
    if ((DWORD)TlsGetValue(tlsSlot) != (DWORD)(0x1000 + idx)) return 999;
    return 100 + idx;
}

static DWORD WINAPI sleeper(LPVOID p)
{
    (void)p;
    WaitForSingleObject(evManual, INFINITE);
    return 7;
}

static DWORD WINAPI semUser(LPVOID p)
{
    (void)p;
    if (WaitForSingleObject(sem, 2000) != WAIT_OBJECT_0) return 1;
    if (WaitForSingleObject(mtx, 2000) != WAIT_OBJECT_0) return 2;
    ReleaseMutex(mtx);
    return 0;
}

int WINAPI WinMain(HINSTANCE hI, HINSTANCE hP, LPWSTR cmd, int show)
{
    (void)hI; (void)hP; (void)cmd; (void)show;
    HANDLE th[3];
    DWORD code, tid;
    InitializeCriticalSection(&cs);
    tlsSlot = TlsCall(0, 0);
    TlsSetValue(tlsSlot, (LPVOID)0x55);
    evGo = CreateEventW(NULL, FALSE, FALSE, NULL);
    evManual = CreateEventW(NULL, TRUE, FALSE, L"wmemu-manual");
    CHECK(evGo && evManual, "CreateEventW");
    HANDLE again = CreateEventW(NULL, TRUE, FALSE, L"wmemu-manual");
    CHECK(again == evManual && GetLastError() == ERROR_ALREADY_EXISTS, "named event opened again");
    CloseHandle(again);

    for (int i = 0; i < 3; i++) {
        th[i] = CreateThread(NULL, 0, worker, (LPVOID)i, i == 2 ? CREATE_SUSPENDED : 0, &tid);
        CHECK(th[i] != NULL && tid != 0, "CreateThread %d", i);
    }
    Sleep(20);
    CHECK(ids[2] == 0, "suspended thread has not run");
    CHECK(ResumeThread(th[2]) == 1, "ResumeThread returns previous count 1");
    Sleep(20);
    CHECK(ids[0] && ids[1] && ids[2] && ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != GetCurrentThreadId(),
          "thread ids distinct (KData)");
    CHECK(GetExitCodeThread(th[0], &code) && code == STILL_ACTIVE, "worker still active");
    CHECK(WaitForSingleObject(th[0], 30) == WAIT_TIMEOUT, "wait on running thread times out");
    for (int i = 0; i < 3; i++) SetEvent(evGo);       /* auto-reset: releases one waiter each time */
    for (int i = 0; i < 3; i++) {
        DWORD r = WaitForMultipleObjects(3, th, FALSE, 5000);
        CHECK(r <= WAIT_OBJECT_0 + 2, "WaitForMultipleObjects -> %lu", r);
        if (r <= 2) {
            GetExitCodeThread(th[r], &code);
            CHECK(code == 100 + r, "exit code of worker %lu = %lu", r, code);
            th[r] = evManual; /* park the slot on an unsignaled event */
            if (i == 2) break;
            /* replace finished handle by something never signaled so the next wait picks another */
        }
    }
    CHECK(counter == 3000, "critical section protected counter = %ld", counter);
    CHECK((DWORD)TlsGetValue(tlsSlot) == 0x55, "main thread TLS value kept");

    HANDLE s1 = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
    CHECK(WaitForSingleObject(s1, 50) == WAIT_TIMEOUT, "manual event not set yet");
    SetEvent(evManual);
    CHECK(WaitForSingleObject(s1, 5000) == WAIT_OBJECT_0, "manual event released waiter");
    CHECK(WaitForSingleObject(evManual, 0) == WAIT_OBJECT_0 && WaitForSingleObject(evManual, 0) == WAIT_OBJECT_0,
          "manual-reset event stays signaled");
    ResetEvent(evManual);
    CHECK(WaitForSingleObject(evManual, 0) == WAIT_TIMEOUT, "ResetEvent");
    CHECK(WaitForSingleObject(evGo, 10) == WAIT_TIMEOUT, "auto-reset event consumed");

    mtx = CreateMutexW(NULL, TRUE, NULL);
    sem = CreateSemaphoreW(NULL, 0, 2, NULL);
    CHECK(WaitForSingleObject(mtx, 0) == WAIT_OBJECT_0, "owner re-acquires mutex");
    HANDLE u = CreateThread(NULL, 0, semUser, NULL, 0, NULL);
    LONG prev = -1;
    CHECK(ReleaseSemaphore(sem, 1, &prev) && prev == 0, "ReleaseSemaphore prev=0");
    CHECK(!ReleaseSemaphore(sem, 5, NULL), "ReleaseSemaphore over max fails");
    Sleep(20);
    CHECK(GetExitCodeThread(u, &code) && code == STILL_ACTIVE, "semUser blocked on owned mutex");
    ReleaseMutex(mtx);
    CHECK(WaitForSingleObject(u, 100) == WAIT_TIMEOUT, "still owned once (recursive count)");
    ReleaseMutex(mtx);
    CHECK(WaitForSingleObject(u, 5000) == WAIT_OBJECT_0 && GetExitCodeThread(u, &code) && code == 0, "mutex handed over");
    CHECK(!ReleaseMutex(mtx), "ReleaseMutex by non-owner fails");
    CHECK(WaitForSingleObject((HANDLE)0x12345678, 0) == WAIT_FAILED, "wait on bad handle fails");
    CHECK(CloseHandle(s1) && !CloseHandle(s1), "CloseHandle twice");
    DeleteCriticalSection(&cs);
    printf("threads: %d failures\n", failures);
    return failures;
}
