/* limits_shutdown.exe — a guest that holds host resources while it never ends on its own, for the
 * clean-shutdown tests (test/robustness-shutdown.test.ts: SIGINT/SIGTERM to `wmemu run`).
 *
 *   limits_shutdown sleep|spin              print "ready", then Sleep(10 min) / spin forever
 *   limits_shutdown listen PORT [crash]     listen on 127.0.0.1:PORT, print "listening", then Sleep(10 min)
 *                                           (crash: write to address 0 instead: a crashed guest)
 * Exit code 0 if it ever wakes up, 2 when the socket cannot be set up. */
#include "ws_util.h"

static volatile unsigned long sink;

int wmain(int argc, wchar_t **argv)
{
    const char *mode = argc > 1 ? arg(argv, 1) : "";
    if (strcmp(mode, "sleep") == 0) { printf("ready\n"); Sleep(600000); return 0; }
    if (strcmp(mode, "spin") == 0) { printf("ready\n"); for (;;) sink++; }
    if (strcmp(mode, "listen") == 0 && argc > 2) {
        if (!start_winsock()) return 2;
        SOCKET ls = socket(AF_INET, SOCK_STREAM, 0);
        if (ls == INVALID_SOCKET) { printf("socket: %d\n", WSAGetLastError()); return 2; }
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((u_short)parse_u(arg(argv, 2)));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(ls, (struct sockaddr *)&a, sizeof a)) { printf("bind: %d\n", WSAGetLastError()); return 2; }
        if (listen(ls, SOMAXCONN)) { printf("listen: %d\n", WSAGetLastError()); return 2; }
        printf("listening\n");
        if (argc > 3 && strcmp(arg(argv, 3), "crash") == 0) *(volatile int *)0 = 1;
        Sleep(600000);
        return 0;
    }
    printf("usage: limits_shutdown sleep|spin|listen PORT [crash]\n");
    return 1;
}
