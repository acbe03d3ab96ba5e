/* wsactl.c — ws2.dll's CE-private WSAControl (winsock-shim/wsacontrol.ts): no argument: action 6
 * (WSCNTL_AFD_FLUSH_RESOLVER_CACHE, what ipconfig /flushdns sends) returns 0, before and after
 * WSAStartup; argument `q`: action 0 (WSCNTL_TCPIP_QUERY_INFO, a private TDI structure) stops the run
 * naming the action. */
#include <windows.h>
#include <winsock.h>

WINSOCK_API_LINKAGE int PASCAL WSAControl(DWORD protocol, DWORD action, LPVOID in, LPDWORD inLen, LPVOID out, LPDWORD outLen);

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    WSADATA wd;
    BYTE buf[64];
    DWORD inLen = 16, outLen = sizeof buf;
    if (cmd && cmd[0] == L'q') {
        int r = WSAControl(6, 0, buf, &inLen, buf, &outLen);
        printf("query info returned %d\n", r);
        return 1;
    }
    int before = WSAControl((DWORD)-1, 6, NULL, NULL, NULL, NULL);
    WSAStartup(0x0202, &wd);
    int after = WSAControl((DWORD)-1, 6, NULL, NULL, NULL, NULL);
    WSACleanup();
    printf("flush resolver cache: %d before WSAStartup, %d after\n", before, after);
    return before || after;
}
