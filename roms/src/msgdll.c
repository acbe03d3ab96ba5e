/* msgdll.c — a DLL whose only purpose is its message table (msgdll_res.rc), for FormatMessageW with
 * FORMAT_MESSAGE_FROM_HMODULE on a loaded DLL (msgtable.exe). */
#include <windows.h>

__declspec(dllexport) int msgdll_marker(void) { return 0x4d5347; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) { return TRUE; }
