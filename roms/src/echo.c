/* echo.exe — an interactive console program: reads lines from stdin with fgetws and echoes them,
 * "exit" quits with 0, EOF quits with the number of lines read. Drives the stdin path (the guest
 * thread parks until the host terminal sends a line). */
#include <windows.h>

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show)
{
    wchar_t line[256];
    int n = 0;
    fputws(L"echo ready\n", stdout);
    for (;;) {
        fputws(L"> ", stdout);
        if (!fgetws(line, 256, stdin)) break;
        size_t len = wcslen(line);
        if (len && line[len - 1] == L'\n') line[--len] = 0;
        if (wcscmp(line, L"exit") == 0) {
            wprintf(L"bye\n");
            return 0;
        }
        n++;
        wprintf(L"echo: %s (%d)\n", line, (int)len);
    }
    wprintf(L"eof after %d lines\n", n);
    return n;
}
