/* ws_select.exe — select() and WSAEventSelect conformance checks on real host sockets.
 *
 *   ws_select select REFUSED_PORT PEER_PORT
 *   ws_select events REFUSED_PORT PEER_PORT
 *
 * REFUSED_PORT: a 127.0.0.1 port nobody listens on (connects are refused). PEER_PORT: a host TCP
 * peer on 127.0.0.1 that, for each connection, sends "hello" after ~200 ms and then closes. Most
 * checks use socket pairs made inside the guest over loopback. One `ok ...`/`FAIL ...` line per
 * check; exit code = number of failures. */
#include "ws_util.h"

static unsigned short refusedPort, peerPort;

static struct sockaddr_in loop4(unsigned short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A listening socket on 127.0.0.1:0; its port in *port. */
static SOCKET listener(unsigned short *port)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loop4(0);
    int len = sizeof a;
    bind(l, (struct sockaddr *)&a, sizeof a);
    listen(l, 5);
    getsockname(l, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return l;
}

/* A connected pair over loopback: *c the connecting side, *s the accepted side. */
static int pair(SOCKET *c, SOCKET *s)
{
    unsigned short port;
    SOCKET l = listener(&port);
    struct sockaddr_in a = loop4(port);
    *c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(*c, (struct sockaddr *)&a, sizeof a)) { printf("pair connect: %d\n", WSAGetLastError()); return 0; }
    *s = accept(l, 0, 0);
    closesocket(l);
    return *s != INVALID_SOCKET;
}

static int sel(SOCKET r, SOCKET w, SOCKET x, long ms, fd_set *rd, fd_set *wr, fd_set *ex)
{
    struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
    FD_ZERO(rd); FD_ZERO(wr); FD_ZERO(ex);
    if (r != INVALID_SOCKET) FD_SET(r, rd);
    if (w != INVALID_SOCKET) FD_SET(w, wr);
    if (x != INVALID_SOCKET) FD_SET(x, ex);
    return select(0, r != INVALID_SOCKET ? rd : 0, w != INVALID_SOCKET ? wr : 0, x != INVALID_SOCKET ? ex : 0, ms < 0 ? 0 : &tv);
}

static SOCKET delayedSocket;
static int delayedAction;
static DWORD WINAPI delayed(LPVOID p)
{
    Sleep((DWORD)p);
    if (delayedAction == 0) send(delayedSocket, "x", 1, 0);
    else closesocket(delayedSocket);
    return 0;
}

static void select_checks(void)
{
    fd_set rd, wr, ex;
    SOCKET c, s, l;
    unsigned short port;
    int n;
    char buf[64];
    const SOCKET NO = INVALID_SOCKET;

    n = select(0, 0, 0, 0, 0);
    CHECK(n == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "all sets NULL: WSAEINVAL");
    FD_ZERO(&rd); FD_ZERO(&wr);
    struct timeval tv0 = { 0, 0 };
    n = select(0, &rd, &wr, 0, &tv0);
    CHECK(n == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "all sets empty: WSAEINVAL");
    FD_ZERO(&rd); FD_SET((SOCKET)0x1234, &rd);
    n = select(0, &rd, 0, 0, &tv0);
    CHECK(n == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "not a socket in the set: WSAENOTSOCK");
    n = select(0, (fd_set *)0x10, 0, 0, &tv0);
    CHECK(n == SOCKET_ERROR && WSAGetLastError() == WSAEFAULT, "bad fd_set pointer: WSAEFAULT");

    l = listener(&port);
    n = sel(l, NO, NO, 0, &rd, &wr, &ex);
    CHECK(n == 0 && rd.fd_count == 0, "listening socket, no client, poll: 0 and the set emptied (n=%d count=%u)", n, rd.fd_count);
    struct sockaddr_in a = loop4(port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    n = sel(l, NO, NO, 2000, &rd, &wr, &ex);
    CHECK(n == 1 && FD_ISSET(l, &rd), "listening socket readable when a connection is pending");
    s = accept(l, 0, 0);
    n = sel(l, NO, NO, 0, &rd, &wr, &ex);
    CHECK(n == 0, "listening socket not readable after accept");
    closesocket(l);

    n = sel(NO, c, NO, 0, &rd, &wr, &ex);
    CHECK(n == 1 && FD_ISSET(c, &wr), "connected socket writable");
    n = sel(s, NO, NO, 0, &rd, &wr, &ex);
    CHECK(n == 0, "no data: not readable");
    send(c, "abc", 3, 0);
    n = sel(s, NO, NO, 2000, &rd, &wr, &ex);
    CHECK(n == 1 && FD_ISSET(s, &rd), "readable once data arrived");
    FD_ZERO(&rd); FD_ZERO(&wr);
    FD_SET(s, &rd); FD_SET(c, &rd); FD_SET(s, &wr); FD_SET(c, &wr); FD_SET(s, &rd);
    n = select(0, &rd, &wr, 0, &tv0);
    CHECK(n == 3 && rd.fd_count == 1 && rd.fd_array[0] == s && wr.fd_count == 2 && FD_ISSET(c, &wr) && FD_ISSET(s, &wr),
          "count over all sets, sets rewritten to the ready sockets, duplicates once (n=%d rd=%u wr=%u)", n, rd.fd_count, wr.fd_count);
    CHECK(!FD_ISSET(c, &rd), "__WSAFDIsSet is 0 for a socket not in the set");
    recv(s, buf, sizeof buf, 0);
    n = sel(s, NO, NO, 100, &rd, &wr, &ex);
    CHECK(n == 0 && rd.fd_count == 0, "time-out with nothing ready: 0");

    send(c, "!", 1, MSG_OOB);
    n = sel(NO, NO, s, 2000, &rd, &wr, &ex);
    CHECK(n == 1 && FD_ISSET(s, &ex), "urgent data: in exceptfds");
    n = recv(s, buf, 1, MSG_OOB);
    CHECK(n == 1 && buf[0] == '!', "recv MSG_OOB gets the urgent byte");
    n = sel(NO, NO, s, 0, &rd, &wr, &ex);
    CHECK(n == 0, "no more urgent data: not in exceptfds");

    delayedSocket = c; delayedAction = 0;
    HANDLE th = CreateThread(0, 0, delayed, (LPVOID)100, 0, 0);
    n = sel(s, NO, NO, -1, &rd, &wr, &ex);
    CHECK(n == 1 && FD_ISSET(s, &rd), "select without time-out woken by data another thread sent");
    WaitForSingleObject(th, INFINITE); CloseHandle(th);
    recv(s, buf, sizeof buf, 0);

    shutdown(c, SD_SEND);
    n = sel(s, NO, NO, 2000, &rd, &wr, &ex);
    CHECK(n == 1 && recv(s, buf, sizeof buf, 0) == 0, "readable at EOF, recv returns 0");
    closesocket(c); closesocket(s);

    pair(&c, &s);
    struct linger lg = { 1, 0 };
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
    closesocket(c);
    n = sel(s, NO, NO, 2000, &rd, &wr, &ex);
    int r = recv(s, buf, sizeof buf, 0);
    CHECK(n == 1 && r == SOCKET_ERROR && WSAGetLastError() == WSAECONNRESET, "readable after a reset, recv WSAECONNRESET");
    closesocket(s);

    /* non-blocking connect: success */
    l = listener(&port);
    a = loop4(port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    u_long one = 1;
    ioctlsocket(c, FIONBIO, &one);
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    int e = WSAGetLastError();
    CHECK(r == 0 || e == WSAEWOULDBLOCK, "non-blocking connect: WSAEWOULDBLOCK (r=%d e=%d)", r, e);
    n = sel(NO, c, c, 2000, &rd, &wr, &ex);
    CHECK(n == 1 && FD_ISSET(c, &wr) && !FD_ISSET(c, &ex), "connect done: writable, not in exceptfds");
    CHECK(send(c, "z", 1, 0) == 1, "send after the non-blocking connect completed");
    closesocket(c); closesocket(l);

    /* non-blocking connect: refused */
    a = loop4(refusedPort);
    c = socket(AF_INET, SOCK_STREAM, 0);
    ioctlsocket(c, FIONBIO, &one);
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    e = WSAGetLastError();
    n = sel(NO, c, c, 2000, &rd, &wr, &ex);
    CHECK(r == SOCKET_ERROR && (e == WSAEWOULDBLOCK || e == WSAECONNREFUSED), "refused non-blocking connect starts (e=%d)", e);
    if (e == WSAEWOULDBLOCK) {
        CHECK(n == 1 && FD_ISSET(c, &ex) && !FD_ISSET(c, &wr), "failed connect: in exceptfds, not writable (n=%d)", n);
        int err = 0, len = sizeof err;
        getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len);
        CHECK(err == WSAECONNREFUSED, "SO_ERROR after the failed connect: WSAECONNREFUSED (%d)", err);
    }
    closesocket(c);

    /* UDP */
    SOCKET u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    a = loop4(0);
    int alen = sizeof a;
    bind(u1, (struct sockaddr *)&a, sizeof a);
    getsockname(u1, (struct sockaddr *)&a, &alen);
    n = sel(u1, NO, NO, 0, &rd, &wr, &ex);
    CHECK(n == 0, "UDP: nothing received, not readable");
    sendto(u2, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a);
    n = sel(u1, u2, NO, 2000, &rd, &wr, &ex);
    CHECK(n == 2 && FD_ISSET(u1, &rd) && FD_ISSET(u2, &wr), "UDP: readable after a datagram, sender writable");
    closesocket(u1); closesocket(u2);

    /* a socket in the set closed by another thread */
    pair(&c, &s);
    delayedSocket = s; delayedAction = 1;
    th = CreateThread(0, 0, delayed, (LPVOID)100, 0, 0);
    n = sel(s, NO, NO, 5000, &rd, &wr, &ex);
    e = WSAGetLastError();
    CHECK(n == SOCKET_ERROR && e == WSAEINTR, "socket closed by another thread during select: WSAEINTR (n=%d e=%d)", n, e);
    WaitForSingleObject(th, INFINITE); CloseHandle(th);
    closesocket(c);

    /* a real host peer: "hello" after a while, then EOF */
    a = loop4(peerPort);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    n = sel(c, NO, NO, -1, &rd, &wr, &ex);
    r = recv(c, buf, sizeof buf, 0);
    CHECK(n == 1 && r == 5 && memcmp(buf, "hello", 5) == 0, "host peer: readable when its data arrives (r=%d)", r);
    n = sel(c, NO, NO, 5000, &rd, &wr, &ex);
    CHECK(n == 1 && recv(c, buf, sizeof buf, 0) == 0, "host peer: readable at its close");
    closesocket(c);
}

static WSANETWORKEVENTS ne;
/* Waits up to ms for ev, then enumerates s's events into ne. Returns lNetworkEvents or -1 on time-out. */
static long wait_enum(SOCKET s, WSAEVENT ev, DWORD ms)
{
    DWORD w = WSAWaitForMultipleEvents(1, &ev, FALSE, ms, FALSE);
    if (w != WSA_WAIT_EVENT_0) return -1;
    memset(&ne, 0xff, sizeof ne);
    if (WSAEnumNetworkEvents(s, ev, &ne)) return -2;
    return ne.lNetworkEvents;
}

static void event_checks(void)
{
    WSAEVENT e = WSACreateEvent(), e2 = WSACreateEvent(), evs[2];
    DWORD w;
    long got;
    char buf[256];
    int r;
    CHECK(e != WSA_INVALID_EVENT && e2 != WSA_INVALID_EVENT, "WSACreateEvent");
    w = WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE);
    CHECK(w == WSA_WAIT_TIMEOUT, "new event is not signaled");
    CHECK(WSASetEvent(e), "WSASetEvent");
    w = WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE);
    DWORD w2 = WSAWaitForMultipleEvents(1, &e, FALSE, WSA_INFINITE, FALSE);
    CHECK(w == WSA_WAIT_EVENT_0 && w2 == WSA_WAIT_EVENT_0, "manual reset: stays signaled across waits");
    CHECK(WaitForSingleObject(e, 0) == WAIT_OBJECT_0, "a WSAEVENT is a coredll event (WaitForSingleObject)");
    CHECK(WSAResetEvent(e) && WSAWaitForMultipleEvents(1, &e, FALSE, 50, FALSE) == WSA_WAIT_TIMEOUT, "WSAResetEvent; wait times out");
    evs[0] = e; evs[1] = e2;
    WSASetEvent(e2);
    CHECK(WSAWaitForMultipleEvents(2, evs, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0 + 1, "second event signaled: WSA_WAIT_EVENT_0 + 1");
    WSAResetEvent(e2);
    w = WSAWaitForMultipleEvents(2, evs, TRUE, 0, FALSE);
    CHECK(w == WSA_WAIT_FAILED && WSAGetLastError() == WSA_INVALID_PARAMETER, "fWaitAll TRUE is not supported on CE");
    w = WSAWaitForMultipleEvents(0, evs, FALSE, 0, FALSE);
    CHECK(w == WSA_WAIT_FAILED && WSAGetLastError() == WSA_INVALID_PARAMETER, "zero events: WSA_INVALID_PARAMETER");
    HANDLE bad = (HANDLE)0x7777;
    w = WSAWaitForMultipleEvents(1, &bad, FALSE, 0, FALSE);
    CHECK(w == WSA_WAIT_FAILED && WSAGetLastError() == WSA_INVALID_HANDLE, "bad handle: WSA_INVALID_HANDLE");
    CHECK(!WSACloseEvent(bad) && WSAGetLastError() == WSA_INVALID_HANDLE, "WSACloseEvent(bad): WSA_INVALID_HANDLE");

    /* listener: FD_ACCEPT, inherited by the accepted socket */
    unsigned short port;
    SOCKET l = listener(&port), c, s;
    CHECK(WSAEventSelect(l, e, FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE | FD_OOB) == 0, "WSAEventSelect on the listener");
    s = accept(l, 0, 0);
    CHECK(s == INVALID_SOCKET && WSAGetLastError() == WSAEWOULDBLOCK, "WSAEventSelect made the socket non-blocking");
    u_long zero = 0;
    r = ioctlsocket(l, FIONBIO, &zero);
    CHECK(r == SOCKET_ERROR && WSAGetLastError() == WSAEINVAL, "FIONBIO 0 while events are selected: WSAEINVAL");
    struct sockaddr_in a = loop4(port);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    got = wait_enum(l, e, 2000);
    CHECK(got == FD_ACCEPT && ne.iErrorCode[FD_ACCEPT_BIT] == 0, "FD_ACCEPT (events %lx)", got);
    CHECK(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE) == WSA_WAIT_TIMEOUT, "WSAEnumNetworkEvents reset the event");
    s = accept(l, 0, 0);
    CHECK(s != INVALID_SOCKET, "accept");
    got = wait_enum(s, e, 2000);
    CHECK(got == FD_WRITE, "accepted socket inherits the selection: FD_WRITE (events %lx)", got);
    r = recv(s, buf, sizeof buf, 0);
    CHECK(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "accepted socket is non-blocking");

    send(c, "0123456789", 10, 0);
    got = wait_enum(s, e, 2000);
    CHECK(got == FD_READ, "FD_READ (events %lx)", got);
    CHECK(WSAWaitForMultipleEvents(1, &e, FALSE, 100, FALSE) == WSA_WAIT_TIMEOUT, "FD_READ not recorded again before a recv");
    r = recv(s, buf, 4, 0);
    got = wait_enum(s, e, 2000);
    CHECK(r == 4 && got == FD_READ, "recv re-enables FD_READ; data remains so it is recorded again (events %lx)", got);
    r = recv(s, buf, sizeof buf, 0);
    CHECK(r == 6 && WSAWaitForMultipleEvents(1, &e, FALSE, 100, FALSE) == WSA_WAIT_TIMEOUT, "all read: no new FD_READ");

    send(c, "late", 4, 0);
    Sleep(200); /* not waiting while the data arrives */
    CHECK(WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE) == WSA_WAIT_EVENT_0, "event set by data that arrived while nobody waited");
    got = wait_enum(s, e, 0);
    recv(s, buf, sizeof buf, 0);
    CHECK(got == FD_READ, "... and it is FD_READ");

    send(c, "!", 1, MSG_OOB);
    got = wait_enum(s, e, 2000);
    CHECK(got & FD_OOB, "FD_OOB (events %lx)", got);
    r = recv(s, buf, 1, MSG_OOB);
    CHECK(r == 1 && buf[0] == '!', "recv MSG_OOB");

    /* FD_WRITE again only after WSAEWOULDBLOCK */
    static char big[65536];
    unsigned queued = 0;
    for (int i = 0; i < 4096; i++) {
        r = send(s, big, sizeof big, 0);
        if (r == SOCKET_ERROR) break;
        queued += (unsigned)r;
    }
    CHECK(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "send until WSAEWOULDBLOCK (%u bytes queued)", queued);
    wait_enum(s, e, 0);
    unsigned drained = 0;
    while (drained < queued) {
        r = recv(c, big, sizeof big, 0);
        if (r <= 0) break;
        drained += (unsigned)r;
    }
    got = wait_enum(s, e, 2000);
    CHECK(drained == queued && (got & FD_WRITE), "FD_WRITE once the peer drained the data (events %lx)", got);

    closesocket(c);
    got = wait_enum(s, e, 2000);
    CHECK(got == FD_CLOSE && ne.iErrorCode[FD_CLOSE_BIT] == 0, "FD_CLOSE after a graceful close, error 0 (events %lx err %d)", got, ne.iErrorCode[FD_CLOSE_BIT]);
    closesocket(s);

    /* FD_CLOSE after a reset */
    pair(&c, &s);
    WSAEventSelect(s, e, FD_READ | FD_CLOSE);
    struct linger lg = { 1, 0 };
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
    closesocket(c);
    got = wait_enum(s, e, 2000);
    CHECK((got & FD_CLOSE) && ne.iErrorCode[FD_CLOSE_BIT] == WSAECONNRESET, "FD_CLOSE after a reset: WSAECONNRESET (events %lx err %d)", got, ne.iErrorCode[FD_CLOSE_BIT]);
    closesocket(s);

    /* FD_CONNECT */
    c = socket(AF_INET, SOCK_STREAM, 0);
    WSAEventSelect(c, e2, FD_CONNECT | FD_WRITE);
    r = connect(c, (struct sockaddr *)&a, sizeof a);
    CHECK(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "connect on a selected socket: WSAEWOULDBLOCK");
    long all = 0;
    int connErr = -1;
    for (int i = 0; i < 2 && (all & (FD_CONNECT | FD_WRITE)) != (FD_CONNECT | FD_WRITE); i++) {
        got = wait_enum(c, e2, 2000);
        if (got > 0) { all |= got; if (got & FD_CONNECT) connErr = ne.iErrorCode[FD_CONNECT_BIT]; }
    }
    CHECK((all & FD_CONNECT) && connErr == 0 && (all & FD_WRITE), "FD_CONNECT (error 0) and FD_WRITE (events %lx)", all);
    s = accept(l, 0, 0);
    closesocket(s); closesocket(c);

    struct sockaddr_in ra = loop4(refusedPort);
    c = socket(AF_INET, SOCK_STREAM, 0);
    WSAEventSelect(c, e2, FD_CONNECT);
    connect(c, (struct sockaddr *)&ra, sizeof ra);
    got = wait_enum(c, e2, 2000);
    CHECK(got == FD_CONNECT && ne.iErrorCode[FD_CONNECT_BIT] == WSAECONNREFUSED, "FD_CONNECT with WSAECONNREFUSED (events %lx err %d)", got, ne.iErrorCode[FD_CONNECT_BIT]);
    closesocket(c);

    /* cancelling the selection */
    pair(&c, &s);
    WSAEventSelect(s, e, FD_READ);
    WSAEventSelect(s, 0, 0);
    WSAResetEvent(e);
    send(c, "q", 1, 0);
    CHECK(WSAWaitForMultipleEvents(1, &e, FALSE, 150, FALSE) == WSA_WAIT_TIMEOUT, "lNetworkEvents 0 cancels the selection");
    closesocket(c); closesocket(s); closesocket(l);

    /* a real host peer */
    a = loop4(peerPort);
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof a);
    WSAEventSelect(c, e, FD_READ | FD_CLOSE);
    got = wait_enum(c, e, WSA_INFINITE);
    r = recv(c, buf, sizeof buf, 0);
    CHECK((got & FD_READ) && r == 5, "host peer: FD_READ, 5 bytes (events %lx)", got);
    all = got & FD_CLOSE;
    while (!all) { got = wait_enum(c, e, 5000); if (got < 0) break; all = got & FD_CLOSE; recv(c, buf, sizeof buf, 0); }
    CHECK(all && ne.iErrorCode[FD_CLOSE_BIT] == 0, "host peer: FD_CLOSE");
    closesocket(c);
    CHECK(WSACloseEvent(e) && WSACloseEvent(e2), "WSACloseEvent");
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 4) { printf("usage: ws_select select|events REFUSED_PORT PEER_PORT\n"); return 100; }
    refusedPort = (unsigned short)parse_u(arg(argv, 2));
    peerPort = (unsigned short)parse_u(arg(argv, 3));
    fd_set rd;
    FD_ZERO(&rd);
    int n = select(0, &rd, 0, 0, 0);
    CHECK(n == SOCKET_ERROR && WSAGetLastError() == WSANOTINITIALISED, "select before WSAStartup: WSANOTINITIALISED");
    if (!start_winsock()) return 100;
    if (strcmp(arg(argv, 1), "events") == 0) event_checks();
    else select_checks();
    WSACleanup();
    printf("ws_select: %d failures\n", failures);
    return failures;
}
