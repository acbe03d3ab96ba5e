/* exit.c — the only piece of C runtime our ROMs link statically.
 * coredll exports no exit()/ExitProcess: on CE both are in the static CRT / SDK headers and end in
 * TerminateProcess(GetCurrentProcess(), code), GetCurrentProcess() being the pseudo-handle 0x42. */
#include <windows.h>

__attribute__((noreturn)) void exit(int code)
{
    TerminateProcess(GetCurrentProcess(), (DWORD)code);
    /* TerminateProcess on the current process does not return; if it did, end the thread. */
    ExitThread((DWORD)code);
}
