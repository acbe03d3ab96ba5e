/* ws_netstat.exe — opens sockets of its own, then runs another program of the run (netstat) so that
 * it can list them: GetTcpTable/GetUdpTable show the run's sockets (issue 12 item 5).
 *
 *   ws_netstat PROGRAM [ARGS...]     (an argument %L is replaced by the listening port)
 *
 * Listens on 127.0.0.1 (any free port), connects a client to it and accepts the connection, binds a
 * UDP socket on 127.0.0.1, prints `tcp listen=L client=C udp=U`, then starts PROGRAM with ARGS
 * (CreateProcessW; the console is shared), waits for it and prints `child exit N`. Exit code: the
 * child's, or 2 when a socket or the child could not be set up. */
#include "ws_util.h"
#include <ce_modules.h>

static unsigned short local_port(SOCKET s)
{
    struct sockaddr_in a;
    int len = sizeof a;
    if (getsockname(s, (struct sockaddr *)&a, &len)) return 0;
    return ntohs(a.sin_port);
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2) { printf("usage: ws_netstat PROGRAM [ARGS...]\n"); return 1; }
    if (!start_winsock()) return 2;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    SOCKET ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls == INVALID_SOCKET || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 4)) { printf("listen: %d\n", WSAGetLastError()); return 2; }
    unsigned short lport = local_port(ls);
    SOCKET c = socket(AF_INET, SOCK_STREAM, 0);
    a.sin_port = htons(lport);
    if (c == INVALID_SOCKET || connect(c, (struct sockaddr *)&a, sizeof a)) { printf("connect: %d\n", WSAGetLastError()); return 2; }
    SOCKET sv = accept(ls, 0, 0);
    if (sv == INVALID_SOCKET) { printf("accept: %d\n", WSAGetLastError()); return 2; }
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    a.sin_port = 0;
    if (u == INVALID_SOCKET || bind(u, (struct sockaddr *)&a, sizeof a)) { printf("udp bind: %d\n", WSAGetLastError()); return 2; }
    printf("tcp listen=%u client=%u udp=%u\n", lport, local_port(c), local_port(u));

    /* The child's command line: the arguments after PROGRAM, separated by spaces; an argument %L
     * stands for the listening port. */
    static wchar_t line[512];
    wchar_t lnum[8];
    swprintf(lnum, L"%u", lport);
    line[0] = 0;
    for (int i = 2; i < argc; i++) {
        const wchar_t *w = wcscmp(argv[i], L"%L") == 0 ? lnum : argv[i];
        if (i > 2) wcscat(line, L" ");
        if (wcslen(line) + wcslen(w) < 500) wcscat(line, w);
    }
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(argv[1], line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi)) { printf("CreateProcessW: %lu\n", GetLastError()); return 2; }
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    printf("child exit %lu\n", code);
    closesocket(u);
    closesocket(sv);
    closesocket(c);
    closesocket(ls);
    WSACleanup();
    return (int)code;
}
