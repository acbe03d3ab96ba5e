/* unimpl.exe — prints a line, then calls coredll GetSystemPowerState (ordinal 1581), which the
 * emulator deliberately does not implement. Expected emulator behaviour: stop with
 *   unimplemented import COREDLL.dll!GetSystemPowerState (ordinal 1581) called from 0x...
 * If the call returns anyway the ROM prints the result and exits with 3. */
#include <windows.h>

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    static wchar_t state[64];
    DWORD flags = 0;
    (void)hInstance; (void)hPrevInstance; (void)lpCmdLine; (void)nCmdShow;
    printf("unimpl: calling COREDLL ordinal 1581 (GetSystemPowerState)\n");
    DWORD r = GetSystemPowerState(state, 64, &flags);
    printf("unimpl: FAIL the call returned %u\n", (unsigned)r);
    return 3;
}
