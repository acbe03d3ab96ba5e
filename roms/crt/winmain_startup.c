/* winmain_startup.c — entry point for WinMain ROMs (/entry:WinMainCRTStartup).
 * The CE kernel calls the EXE entry point with the WinMain arguments already in r0..r3:
 *   r0 = hInstance, r1 = hPrevInstance (always 0), r2 = lpCmdLine (arguments only, no program
 *   name), r3 = nCmdShow. We just forward them and exit with WinMain's result. */
#include <windows.h>

void WinMainCRTStartup(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    exit(WinMain(hInstance, hPrevInstance, lpCmdLine, nCmdShow));
}
