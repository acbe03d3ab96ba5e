/* ipnotify.c — iphlpapi NotifyAddrChange / NotifyRouteChange and GetRTTAndHopCount
 * (emulator/dlls/iphlpapi/notify.ts). No argument: the notification events (never pulsed: no
 * address or route change during a run), GetRTTAndHopCount's parameter errors, then the hops and RTT
 * to 127.0.0.1 (one hop; printed as "rtt 127.0.0.1: ..."); argument `b`: NotifyAddrChange with a NULL
 * handle blocks until a change, i.e. until the run's time limit. Prints ok/FAIL lines; exit code =
 * failures. */
#include <windows.h>

WINBASEAPI DWORD WINAPI NotifyAddrChange(HANDLE *h, void *overlapped);
WINBASEAPI DWORD WINAPI NotifyRouteChange(HANDLE *h, void *overlapped);
WINBASEAPI BOOL WINAPI GetRTTAndHopCount(DWORD dest, ULONG *hops, ULONG maxHops, ULONG *rtt);

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    HANDLE h = NULL, r = NULL;
    ULONG hops = 99, rtt = 99;
    if (cmd && cmd[0] == L'b') {
        printf("waiting for an address change\n");
        NotifyAddrChange(NULL, NULL);
        printf("an address changed\n");
        return 1;
    }
    check(NotifyAddrChange(&h, NULL) == 0 && h != NULL, "NotifyAddrChange: NO_ERROR and an event");
    check(NotifyRouteChange(&r, NULL) == 0 && r != NULL && r != h, "NotifyRouteChange: another event");
    check(WaitForSingleObject(h, 50) == WAIT_TIMEOUT && WaitForSingleObject(r, 50) == WAIT_TIMEOUT, "no change pulses them");
    check(CloseHandle(h) && CloseHandle(r), "the caller closes them");

    SetLastError(0);
    check(!GetRTTAndHopCount(0x0100007f, NULL, 30, &rtt) && GetLastError() == ERROR_INVALID_PARAMETER, "GetRTTAndHopCount(NULL HopCount): FALSE, ERROR_INVALID_PARAMETER");
    SetLastError(0);
    check(!GetRTTAndHopCount(0x0100007f, &hops, 0, &rtt) && GetLastError() == ERROR_INVALID_PARAMETER, "MaxHops 0: FALSE, ERROR_INVALID_PARAMETER");
    BOOL ok = GetRTTAndHopCount(0x0100007f, &hops, 30, &rtt);
    printf("rtt 127.0.0.1: %s hops=%lu rtt<1000=%d error=%lu\n", ok ? "TRUE" : "FALSE", ok ? hops : 0, ok ? rtt < 1000 : 0, ok ? 0 : GetLastError());
    printf("ipnotify: %d failures\n", failures);
    return failures;
}
