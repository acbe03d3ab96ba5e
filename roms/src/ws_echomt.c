/* ws_echomt.exe — a thread-per-client TCP echo server for many concurrent clients.
 *
 *   ws_echomt PORT NCLIENTS
 *
 * ws_echosrv serves its clients from one select() loop, and a CE fd_set holds at most FD_SETSIZE (64)
 * sockets; this variant gives every client its own thread (blocking recv/send) so one process holds
 * hundreds of connections. Listens on 127.0.0.1:PORT (0 = any free port) with a backlog of NCLIENTS,
 * prints `listening port=N`, accepts NCLIENTS clients, echoes every byte each one sends until it
 * closes, then prints `served N clients bytes=B errors=E` and exits. Exit code 0, 1 usage, 2 set-up
 * failure, 3 client errors. */
#include "ws_util.h"

#define MAXC 1000

static SOCKET cl[MAXC];
static unsigned echoed[MAXC];
static int errs[MAXC];

static DWORD WINAPI serve(LPVOID p)
{
    unsigned i = (unsigned)p;
    char buf[4096];
    for (;;) {
        int r = recv(cl[i], buf, sizeof buf, 0);
        if (r == 0) break;
        if (r < 0) { errs[i] = WSAGetLastError(); break; }
        int e = send_all(cl[i], buf, r);
        if (e) { errs[i] = e; break; }
        echoed[i] += (unsigned)r;
    }
    closesocket(cl[i]);
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    static HANDLE th[MAXC];
    if (argc < 3) { printf("usage: ws_echomt PORT NCLIENTS\n"); return 1; }
    unsigned port = parse_u(arg(argv, 1));
    unsigned want = parse_u(arg(argv, 2));
    if (want == 0 || want > MAXC) { printf("NCLIENTS must be 1..%d\n", MAXC); return 1; }
    if (!start_winsock()) return 2;
    SOCKET ls = socket(AF_INET, SOCK_STREAM, 0);
    if (ls == INVALID_SOCKET) { printf("socket: %d\n", WSAGetLastError()); return 2; }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((u_short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = sizeof a;
    if (bind(ls, (struct sockaddr *)&a, alen)) { printf("bind: %d\n", WSAGetLastError()); return 2; }
    if (listen(ls, (int)want)) { printf("listen: %d\n", WSAGetLastError()); return 2; }
    if (getsockname(ls, (struct sockaddr *)&a, &alen)) { printf("getsockname: %d\n", WSAGetLastError()); return 2; }
    printf("listening port=%u\n", (unsigned)ntohs(a.sin_port));
    for (unsigned i = 0; i < want; i++) {
        cl[i] = accept(ls, 0, 0);
        if (cl[i] == INVALID_SOCKET) { printf("accept: %d\n", WSAGetLastError()); return 2; }
        th[i] = CreateThread(0, 0, serve, (LPVOID)i, 0, 0);
        if (!th[i]) { printf("CreateThread failed at client %u\n", i); return 2; }
    }
    printf("accepted %u\n", want);
    closesocket(ls);
    unsigned bytes = 0, errors = 0;
    for (unsigned i = 0; i < want; i++) {
        WaitForSingleObject(th[i], INFINITE);
        CloseHandle(th[i]);
        bytes += echoed[i];
        if (errs[i]) { errors++; printf("client %u: error %d\n", i, errs[i]); }
    }
    printf("served %u clients bytes=%u errors=%u\n", want, bytes, errors);
    WSACleanup();
    return errors ? 3 : 0;
}
