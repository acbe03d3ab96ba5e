/* hello.exe — the demo ROM (`wmemu run roms/bin/hello.exe alpha beta`).
 * Prints with printf and wprintf, shows lpCmdLine and GetCommandLineW, writes a debug line with
 * NKDbgPrintfW and OutputDebugStringW, prints its module file name, and exits with code 7. */
#include <windows.h>

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    static wchar_t path[MAX_PATH];
    (void)hPrevInstance;
    printf("Hello from Windows CE!\n");
    wprintf(L"Hello in UTF-16 from wprintf: %s (%d)\n", L"wide \x00e9t\x00e9", 16);
    wprintf(L"lpCmdLine: [%s]\n", lpCmdLine ? lpCmdLine : L"(null)");
    LPWSTR cl = GetCommandLineW();
    wprintf(L"GetCommandLineW: [%s]\n", cl ? cl : L"(null)");
    NKDbgPrintfW(L"hello: debug line via NKDbgPrintfW, hInstance=%08x\r\n", (unsigned)hInstance);
    OutputDebugStringW(L"hello: debug line via OutputDebugStringW\r\n");
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    wprintf(L"module: %s (%u chars)\n", n ? path : L"?", (unsigned)n);
    printf("hInstance=0x%08x GetModuleHandleW(NULL)=0x%08x nCmdShow=%d\n",
           (unsigned)hInstance, (unsigned)GetModuleHandleW(NULL), nCmdShow);
    printf("exiting with code 7\n");
    return 7;
}
