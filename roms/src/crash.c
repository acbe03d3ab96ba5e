/* crash.exe — prints a line, then writes through a garbage pointer (access violation at
 * address 0x00000010, i.e. a NULL-based structure field). The emulator must report the fault
 * (faulting PC, access address 0x10, write) instead of hanging or exiting normally. */
#include <windows.h>

struct rec { int a, b, c, d, target; };

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nCmdShow)
{
    (void)hInstance; (void)hPrevInstance; (void)lpCmdLine; (void)nCmdShow;
    /* A volatile pointer variable: the optimiser cannot prove it is NULL and turn the store into a trap. */
    volatile struct rec *volatile p = 0;
    printf("crash: about to write to address 0x%08x\n", (unsigned)&p->target);
    p->target = 0x0BADC0DE;
    printf("crash: FAIL still running after the bad write\n");
    return 99;
}
