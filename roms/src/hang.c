/* hang.exe — a program that never finishes on its own, to test run limits and deadlock detection.
 *   hang spin    CPU-bound loop forever
 *   hang sleep   Sleep(INFINITE)
 *   hang wait    WaitForSingleObject on an event nobody sets
 *   hang threads spin in a second thread while the main thread waits for it */
#include <windows.h>

static volatile unsigned long sink;

static DWORD WINAPI spinner(LPVOID p)
{
    (void)p;
    for (;;) sink++;
}

int WINAPI WinMain(HINSTANCE hI, HINSTANCE hP, LPWSTR cmd, int show)
{
    (void)hI; (void)hP; (void)show;
    printf("hang: %ls\n", cmd);
    if (wcscmp(cmd, L"spin") == 0) for (;;) sink++;
    if (wcscmp(cmd, L"sleep") == 0) Sleep(INFINITE);
    if (wcscmp(cmd, L"wait") == 0) WaitForSingleObject(CreateEventW(NULL, TRUE, FALSE, NULL), INFINITE);
    if (wcscmp(cmd, L"threads") == 0) WaitForSingleObject(CreateThread(NULL, 0, spinner, NULL, 0, NULL), INFINITE);
    printf("hang: unknown mode\n");
    return 2;
}
