/* ws_ioctl.exe HOST PORT — WSAIoctl basics against a host peer that sends "abc" after connecting:
 * FIONBIO, FIONREAD, SIOCATMARK, SIO_KEEPALIVE_VALS, bad code, short buffers, bad socket;
 * SIO_ADDRESS_LIST_CHANGE on a non-blocking UDP socket (WSAEWOULDBLOCK: registered, as RTC's SIP stack expects).
 * One `ok`/`FAIL` line per check; exit code = failures. */
#include "ws_util.h"

#define SIO_KEEPALIVE_VALS 0x98000004u
#define SIO_ADDRESS_LIST_CHANGE 0x28000017u
#define FD_ADDRESS_LIST_CHANGE_ (1 << 9)
struct tcp_keepalive { u_long onoff, keepalivetime, keepaliveinterval; };
WINSOCK_API_LINKAGE int PASCAL WSAIoctl(SOCKET s, DWORD code, LPVOID in, DWORD inLen, LPVOID out, DWORD outLen,
                                        LPDWORD returned, LPVOID overlapped, LPVOID completion); /* ws2 21 */

int wmain(int argc, wchar_t **argv)
{
    if (argc < 3 || !start_winsock()) return 100;
    SOCKET s = connect_to(arg(argv, 1), arg(argv, 2));
    if (s == INVALID_SOCKET) { printf("connect failed %d\n", WSAGetLastError()); return 101; }
    u_long on = 1, n = 0xdead;
    DWORD ret = 0xdead;
    char buf[16];
    CHECK(WSAIoctl(s, FIONBIO, &on, sizeof on, NULL, 0, &ret, NULL, NULL) == 0 && ret == 0, "FIONBIO on, returned=%lu", ret);
    /* The peer sends "abc" only when it sees our first byte. */
    CHECK(recv(s, buf, sizeof buf, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "non-blocking recv would block");
    send(s, "!", 1, 0);
    fd_set rd; FD_ZERO(&rd); FD_SET(s, &rd);
    struct timeval tv = { 5, 0 };
    CHECK(select(0, &rd, NULL, NULL, &tv) == 1, "select readable");
    ret = 0;
    CHECK(WSAIoctl(s, FIONREAD, NULL, 0, &n, sizeof n, &ret, NULL, NULL) == 0 && n == 3 && ret == 4, "FIONREAD=%lu returned=%lu", n, ret);
    BOOL mark = FALSE;
    CHECK(WSAIoctl(s, SIOCATMARK, NULL, 0, &mark, sizeof mark, &ret, NULL, NULL) == 0 && mark == TRUE, "SIOCATMARK TRUE (no urgent data)");
    struct tcp_keepalive ka = { 1, 30000, 1000 };
    CHECK(WSAIoctl(s, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &ret, NULL, NULL) == 0, "SIO_KEEPALIVE_VALS");
    int v = 0, len = sizeof v;
    CHECK(getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&v, &len) == 0 && v != 0, "SO_KEEPALIVE now on");
    CHECK(WSAIoctl(s, 0x12345678, NULL, 0, NULL, 0, &ret, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "unknown code -> WSAEINVAL");
    CHECK(WSAIoctl(s, FIONREAD, NULL, 0, &n, 2, &ret, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "short out buffer -> WSAEFAULT");
    CHECK(WSAIoctl(s, FIONBIO, NULL, 0, NULL, 0, &ret, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "missing in buffer -> WSAEFAULT");
    CHECK(WSAIoctl((SOCKET)0x0ff0, FIONREAD, NULL, 0, &n, sizeof n, &ret, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "bad socket -> WSAENOTSOCK");
    CHECK(recv(s, buf, sizeof buf, 0) == 3 && memcmp(buf, "abc", 3) == 0, "data intact");
    closesocket(s);
    /* As CE 6's rtcdll does it: WSAAsyncSelect(FD_ADDRESS_LIST_CHANGE) makes the socket non-blocking,
     * then SIO_ADDRESS_LIST_CHANGE registers and reports WSAEWOULDBLOCK. With FIONBIO the same. */
    SOCKET u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    on = 1;
    CHECK(u != INVALID_SOCKET && ioctlsocket(u, FIONBIO, &on) == 0, "udp socket non-blocking");
    CHECK(WSAIoctl(u, SIO_ADDRESS_LIST_CHANGE, NULL, 0, NULL, 0, &ret, NULL, NULL) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
          "SIO_ADDRESS_LIST_CHANGE non-blocking -> WSAEWOULDBLOCK (err %d)", WSAGetLastError());
    closesocket(u);
    WSACleanup();
    printf("ws_ioctl: %d failures\n", failures);
    return failures;
}
