/* ws_coalesce.exe — the send-coalescing rules of winsock-shim/send.ts, provoked against host peers
 * (test/winsock-coalesce.test.ts).
 *
 *   ws_coalesce <case> HOST PORT [n]
 *
 *   order      n small blocking sends of 1..200 bytes, every 50th one 8 KiB (goes straight to the
 *              kernel), a byte-counter stream (byte k = k*7+3 mod 256); the buffer is overwritten
 *              after each call. Prints "sent=TOTAL", then closes (graceful: pending bytes go first).
 *   nodelay    TCP_NODELAY, send "ping", then spin ~n ms on GetTickCount with no socket call.
 *   nagle      the same without TCP_NODELAY (the bytes must still leave while the guest spins).
 *   wouldblock SO_SNDBUF=n, FIONBIO, peer not reading: 64-byte sends until WSAEWOULDBLOCK; then 10 more
 *              (all must fail); prints the accepted total; then waits (select for write, blocking
 *              sends) until an "END" marker is in, closes.
 *   close      100 sends of 10 bytes then closesocket at once.
 *   exit       100 sends of 10 bytes then return from main (no closesocket, no WSACleanup).
 *   linger0    SO_LINGER {1, 0}, 20 small sends, closesocket: the peer sees a reset.
 *   reset      the peer resets as soon as it accepts: a 1-byte send right after connect succeeds
 *              (coalesced; the reset has not arrived), the next call on the socket after a pause
 *              reports WSAECONNRESET: send (a), recv (b), getsockopt SO_ERROR (c).
 */
#include "ws_util.h"

static unsigned char g_buf[8192];
static unsigned g_k; /* stream position */

static void fill(int len)
{
    for (int i = 0; i < len; i++) g_buf[i] = (unsigned char)((g_k + i) * 7 + 3);
}

static SOCKET conn(wchar_t **argv)
{
    SOCKET s = connect_to(arg(argv, 2), arg(argv, 3));
    if (s == INVALID_SOCKET) { printf("connect failed\n"); exit(2); }
    return s;
}

static void report(const char *what, int r)
{
    if (r == SOCKET_ERROR) printf("%s=-1 err=%d\n", what, WSAGetLastError());
    else printf("%s=%d\n", what, r);
}

static int case_order(SOCKET s, unsigned n)
{
    unsigned total = 0;
    for (unsigned i = 0; i < n; i++) {
        int len = i % 50 == 49 ? 8192 : 1 + (int)((i * 37) % 200);
        fill(len);
        int e = send_all(s, (const char *)g_buf, len);
        if (e) { printf("send failed: %d after %u\n", e, total); return 1; }
        memset(g_buf, 0xEE, (size_t)len); /* what is sent is what the buffer held at the call */
        g_k += (unsigned)len;
        total += (unsigned)len;
    }
    printf("sent=%u\n", total);
    report("closesocket", closesocket(s));
    return 0;
}

static int case_spin(SOCKET s, int nodelay, unsigned ms)
{
    if (nodelay) {
        int on = 1;
        report("TCP_NODELAY", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on));
    }
    report("send", send(s, "ping", 4, 0));
    DWORD t0 = GetTickCount();
    volatile unsigned spin = 0;
    while (GetTickCount() - t0 < ms) spin++;
    printf("spun\n");
    closesocket(s);
    return 0;
}

static int case_wouldblock(SOCKET s, unsigned sndbuf)
{
    int v = (int)sndbuf;
    report("SO_SNDBUF", setsockopt(s, SOL_SOCKET, SO_SNDBUF, (const char *)&v, sizeof v));
    u_long on = 1;
    report("FIONBIO", ioctlsocket(s, FIONBIO, &on));
    unsigned total = 0;
    int r = 0, calls;
    for (calls = 0; calls < 2000000; calls++) {
        fill(64);
        r = send(s, (const char *)g_buf, 64, 0);
        if (r == SOCKET_ERROR) break;
        g_k += (unsigned)r;
        total += (unsigned)r;
    }
    int err = WSAGetLastError();
    printf("first failure err=%d after>=sndbuf=%d\n", r == SOCKET_ERROR ? err : 0, total >= sndbuf);
    int more = 0;
    for (int i = 0; i < 10; i++) {
        fill(64);
        if (send(s, (const char *)g_buf, 64, 0) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK) more++;
    }
    printf("then wouldblock=%d of 10\n", more);
    printf("accepted=%u\n", total);
    /* The peer starts reading once it has seen "accepted=": wait for room, send the end marker. */
    const char *end = "END";
    int left = 3;
    while (left > 0) {
        fd_set w;
        FD_ZERO(&w);
        FD_SET(s, &w);
        select(0, 0, &w, 0, 0);
        int n = send(s, end + 3 - left, left, 0);
        if (n > 0) left -= n;
        else if (WSAGetLastError() != WSAEWOULDBLOCK) { report("send(END)", n); return 1; }
    }
    report("closesocket", closesocket(s));
    return 0;
}

static int case_small_then(SOCKET s, int close_it)
{
    for (int i = 0; i < 100; i++) {
        fill(10);
        if (send(s, (const char *)g_buf, 10, 0) != 10) { report("send", -1); return 1; }
        g_k += 10;
    }
    printf("sent=%u\n", g_k);
    if (close_it) report("closesocket", closesocket(s));
    return 0;
}

static int case_linger0(SOCKET s)
{
    struct linger lg = { 1, 0 };
    Sleep(100); /* let an in-process peer accept first (a reset in the accept queue is no reset to it) */
    report("SO_LINGER", setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg));
    for (int i = 0; i < 20; i++) send(s, "abcdefgh", 8, 0);
    report("closesocket", closesocket(s));
    return 0;
}

static int case_reset(wchar_t **argv)
{
    char c;
    SOCKET s = conn(argv);
    report("a send", send(s, "x", 1, 0));
    Sleep(200); /* the peer accepts and resets; the shim flushes meanwhile */
    report("a send", send(s, "x", 1, 0));
    report("a send again", send(s, "x", 1, 0));
    closesocket(s);

    s = conn(argv);
    report("b send", send(s, "x", 1, 0));
    Sleep(200);
    report("b recv", recv(s, &c, 1, 0));
    closesocket(s);

    s = conn(argv);
    report("c send", send(s, "x", 1, 0));
    Sleep(200);
    int e = -1, el = sizeof e;
    report("c getsockopt", getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&e, &el));
    printf("c SO_ERROR=%d\n", e);
    closesocket(s);
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 4) { printf("usage: ws_coalesce case host port [n]\n"); return 1; }
    if (!start_winsock()) return 2;
    const char *c = arg(argv, 1);
    unsigned n = argc > 4 ? parse_u(arg(argv, 4)) : 0;
    int rc;
    if (!strcmp(c, "reset")) rc = case_reset(argv);
    else {
        SOCKET s = conn(argv);
        if (!strcmp(c, "order")) rc = case_order(s, n);
        else if (!strcmp(c, "nodelay")) rc = case_spin(s, 1, n);
        else if (!strcmp(c, "nagle")) rc = case_spin(s, 0, n);
        else if (!strcmp(c, "wouldblock")) rc = case_wouldblock(s, n);
        else if (!strcmp(c, "close")) rc = case_small_then(s, 1);
        else if (!strcmp(c, "exit")) return case_small_then(s, 0);
        else if (!strcmp(c, "linger0")) rc = case_linger0(s);
        else { printf("unknown case\n"); rc = 1; }
    }
    WSACleanup();
    printf("done\n");
    return rc;
}
