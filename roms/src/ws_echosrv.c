/* ws_echosrv.exe — a select()-driven TCP echo server.
 *
 *   ws_echosrv PORT NCLIENTS [v6]
 *
 * Listens on 127.0.0.1:PORT (::1 with v6; PORT 0 = any free port), prints `listening port=N`, then
 * serves clients in one thread with select(): accepts up to NCLIENTS connections, echoes every byte
 * each one sends, closes a client when it closes. Exits after NCLIENTS clients have come and gone,
 * printing `served N clients bytes=B`. Exit code 0, 1 usage, 2 set-up failure, 3 select failure. */
#include "ws_util.h"

#define MAXC 32

int wmain(int argc, wchar_t **argv)
{
    if (argc < 3) { printf("usage: ws_echosrv PORT NCLIENTS [v6]\n"); return 1; }
    unsigned port = parse_u(arg(argv, 1));
    unsigned want = parse_u(arg(argv, 2));
    int v6 = argc > 3 && strcmp(arg(argv, 3), "v6") == 0;
    if (!start_winsock()) return 2;
    SOCKET ls = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (ls == INVALID_SOCKET) { printf("socket: %d\n", WSAGetLastError()); return 2; }
    int on = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, (const char *)&on, sizeof on);
    struct sockaddr_in6 a6;
    struct sockaddr_in a4;
    int alen;
    if (v6) {
        memset(&a6, 0, sizeof a6);
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((u_short)port);
        a6.sin6_addr.s6_addr[15] = 1;
        alen = sizeof a6;
        if (bind(ls, (struct sockaddr *)&a6, alen)) { printf("bind: %d\n", WSAGetLastError()); return 2; }
    } else {
        memset(&a4, 0, sizeof a4);
        a4.sin_family = AF_INET;
        a4.sin_port = htons((u_short)port);
        a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        alen = sizeof a4;
        if (bind(ls, (struct sockaddr *)&a4, alen)) { printf("bind: %d\n", WSAGetLastError()); return 2; }
    }
    if (listen(ls, SOMAXCONN)) { printf("listen: %d\n", WSAGetLastError()); return 2; }
    if (getsockname(ls, v6 ? (struct sockaddr *)&a6 : (struct sockaddr *)&a4, &alen)) { printf("getsockname: %d\n", WSAGetLastError()); return 2; }
    printf("listening port=%u\n", (unsigned)ntohs(v6 ? a6.sin6_port : a4.sin_port));

    SOCKET cl[MAXC];
    unsigned ncl = 0, accepted = 0, finished = 0, bytes = 0;
    static char buf[16384];
    while (finished < want) {
        fd_set rd;
        FD_ZERO(&rd);
        if (accepted < want && ncl < MAXC) FD_SET(ls, &rd);
        for (unsigned i = 0; i < ncl; i++) FD_SET(cl[i], &rd);
        int n = select(0, &rd, 0, 0, 0);
        if (n == SOCKET_ERROR) { printf("select: %d\n", WSAGetLastError()); return 3; }
        if (FD_ISSET(ls, &rd)) {
            SOCKET c = accept(ls, 0, 0);
            if (c == INVALID_SOCKET) printf("accept: %d\n", WSAGetLastError());
            else { cl[ncl++] = c; accepted++; }
        }
        for (unsigned i = 0; i < ncl; ) {
            if (!FD_ISSET(cl[i], &rd)) { i++; continue; }
            int r = recv(cl[i], buf, sizeof buf, 0);
            if (r > 0 && send_all(cl[i], buf, r) == 0) { bytes += (unsigned)r; i++; continue; }
            if (r < 0) printf("recv: %d\n", WSAGetLastError());
            closesocket(cl[i]);
            cl[i] = cl[--ncl];
            finished++;
        }
    }
    closesocket(ls);
    printf("served %u clients bytes=%u\n", finished, bytes);
    WSACleanup();
    return 0;
}
