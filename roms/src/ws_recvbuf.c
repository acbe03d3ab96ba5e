/* ws_recvbuf.exe — the receive read-ahead rules of winsock-shim/readahead.ts (issue 16), each with
 * the buffer in play: a 1-byte recv() while the kernel holds more makes the shim read ahead, then
 * every documented behaviour is checked against what the Winsock pages say.
 *
 *   ws_recvbuf
 *
 * All peers are guest sockets over real host loopback (127.0.0.1): a connected pair made with
 * listen/connect/accept, the sending side with TCP_NODELAY (its bytes reach the kernel before send
 * returns, no coalescing). Sleep() between a send and the checks lets loopback deliver. One
 * `ok ...`/`FAIL ...` line per check; prints "ws_recvbuf: N failures", exit code N.
 * test/winsock/winsock-recvbuf.test.ts also asserts that the host saw read-ahead reads. */
#include "ws_util.h"

static struct sockaddr_in loop4(unsigned short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/* A connected pair over loopback: *c the connecting (sending) side with TCP_NODELAY, *s the accepted
 * side. `rcvbuf` > 0: SO_RCVBUF of *s, set on the listener before the connection (inherited). */
static int pair_rcvbuf(SOCKET *c, SOCKET *s, int rcvbuf)
{
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = loop4(0);
    int len = sizeof a, on = 1;
    bind(l, (struct sockaddr *)&a, sizeof a);
    if (rcvbuf > 0) setsockopt(l, SOL_SOCKET, SO_RCVBUF, (const char *)&rcvbuf, sizeof rcvbuf);
    listen(l, 5);
    getsockname(l, (struct sockaddr *)&a, &len);
    *c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(*c, (struct sockaddr *)&a, sizeof a)) { printf("pair connect: %d\n", WSAGetLastError()); return 0; }
    *s = accept(l, 0, 0);
    closesocket(l);
    setsockopt(*c, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on);
    return *s != INVALID_SOCKET;
}
static int pair(SOCKET *c, SOCKET *s) { return pair_rcvbuf(c, s, 0); }

static int readable(SOCKET s)
{
    fd_set rd;
    struct timeval tv = {0, 0};
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    return select(0, &rd, 0, 0, &tv) == 1 && FD_ISSET(s, &rd);
}
static int excepted(SOCKET s)
{
    fd_set ex;
    struct timeval tv = {0, 0};
    FD_ZERO(&ex);
    FD_SET(s, &ex);
    return select(0, 0, 0, &ex, &tv) == 1 && FD_ISSET(s, &ex);
}
static unsigned long fionread(SOCKET s)
{
    unsigned long n = 0xdeadbeef;
    if (ioctlsocket(s, FIONREAD, &n)) return 0xffffffff;
    return n;
}
static unsigned long atmark(SOCKET s)
{
    unsigned long n = 0xdeadbeef;
    if (ioctlsocket(s, SIOCATMARK, &n)) return 0xffffffff;
    return n;
}
/* recv into b (len), returns the count or -error. */
static int rcv(SOCKET s, char *b, int len, int flags)
{
    int n = recv(s, b, len, flags);
    return n == SOCKET_ERROR ? -WSAGetLastError() : n;
}

static char buf[70000], big[200000];

static void peek_case(void)
{
    SOCKET c, s;
    if (!pair(&c, &s)) { CHECK(0, "peek: pair"); return; }
    send(c, "ABCDEFGHIJ", 10, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1 && buf[0] == 'A', "peek: recv(1) = A (the rest is read ahead)");
    memset(buf, 0, 64);
    CHECK(rcv(s, buf, 4, MSG_PEEK) == 4 && !memcmp(buf, "BCDE", 4), "peek: MSG_PEEK 4 = BCDE");
    memset(buf, 0, 64);
    CHECK(rcv(s, buf, 20, MSG_PEEK) == 9 && !memcmp(buf, "BCDEFGHIJ", 9), "peek: MSG_PEEK 20 = the 9 buffered bytes");
    send(c, "KLMN", 4, 0);
    Sleep(50);
    memset(buf, 0, 64);
    int n = rcv(s, buf, 20, MSG_PEEK);
    CHECK(n == 13 && !memcmp(buf, "BCDEFGHIJKLMN", 13), "peek: MSG_PEEK 20 = buffered + kernel bytes in order (%d)", n);
    CHECK(fionread(s) == 13, "peek: FIONREAD 13 after peeks (%lu)", fionread(s));
    memset(buf, 0, 64);
    n = rcv(s, buf, 20, 0);
    CHECK(n == 13 && !memcmp(buf, "BCDEFGHIJKLMN", 13), "peek: recv 20 = the same 13 bytes (%d)", n);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    CHECK(rcv(s, buf, 20, 0) == -WSAEWOULDBLOCK, "peek: then WSAEWOULDBLOCK");
    closesocket(c);
    closesocket(s);
}

static void fionread_select_case(void)
{
    SOCKET c, s;
    if (!pair(&c, &s)) { CHECK(0, "fionread: pair"); return; }
    for (int i = 0; i < 1000; i++) big[i] = (char)(i * 13);
    send(c, big, 1000, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 10, 0) == 10, "fionread: recv(10)");
    CHECK(fionread(s) == 990, "fionread: FIONREAD = 990 with the rest read ahead (%lu)", fionread(s));
    CHECK(readable(s), "select: readable while only buffered bytes are left");
    int got = 10, bad = 0;
    while (got < 1000) {
        int n = rcv(s, buf, 7, 0);
        if (n <= 0) break;
        for (int i = 0; i < n; i++) bad += buf[i] != (char)((got + i) * 13);
        got += n;
    }
    CHECK(got == 1000 && bad == 0, "fionread: 7-byte recvs return the stream in order (%d bytes, %d wrong)", got, bad);
    CHECK(fionread(s) == 0, "fionread: 0 when drained (%lu)", fionread(s));
    CHECK(!readable(s), "select: not readable when drained");

    /* WSAEventSelect: FD_READ is recorded again after a recv that leaves buffered bytes. */
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
    send(c, big, 500, 0);
    Sleep(50);
    CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0, "events: event set for new data");
    WSAEnumNetworkEvents(s, ev, &ne);
    CHECK(ne.lNetworkEvents == FD_READ, "events: FD_READ (%ld)", ne.lNetworkEvents);
    CHECK(rcv(s, buf, 1, 0) == 1, "events: recv(1), 499 read ahead");
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "events: the recv re-enables FD_READ: recorded again (bytes remain)");
    WSAEnumNetworkEvents(s, ev, &ne);
    CHECK(ne.lNetworkEvents == FD_READ, "events: FD_READ again (%ld)", ne.lNetworkEvents);
    CHECK(rcv(s, buf, 1000, 0) == 499, "events: the other 499 bytes");
    WSAEnumNetworkEvents(s, ev, &ne);
    CHECK(ne.lNetworkEvents == 0, "events: nothing once drained (%ld)", ne.lNetworkEvents);
    /* FD_CLOSE only after the buffered bytes are read. */
    send(c, big, 300, 0);
    Sleep(50);
    WSAEnumNetworkEvents(s, ev, &ne);
    CHECK(rcv(s, buf, 1, 0) == 1, "events: recv(1) of 300, then the peer closes");
    closesocket(c);
    Sleep(50);
    WSAEnumNetworkEvents(s, ev, &ne);
    CHECK((ne.lNetworkEvents & FD_CLOSE) == 0, "events: no FD_CLOSE while 299 bytes are unread (%ld)", ne.lNetworkEvents);
    CHECK(rcv(s, buf, 1000, 0) == 299, "events: the 299 bytes");
    Sleep(20);
    WSAEnumNetworkEvents(s, ev, &ne);
    CHECK((ne.lNetworkEvents & FD_CLOSE) != 0 && ne.iErrorCode[FD_CLOSE_BIT] == 0, "events: FD_CLOSE (graceful) after them (%ld)",
          ne.lNetworkEvents);
    WSAEventSelect(s, ev, 0);
    WSACloseEvent(ev);
    closesocket(s);
}

static void eof_reset_case(void)
{
    SOCKET c, s;
    if (!pair(&c, &s)) { CHECK(0, "eof: pair"); return; }
    send(c, big, 100, 0);
    shutdown(c, SD_SEND);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1, "eof: recv(1) of 100 then FIN");
    CHECK(readable(s), "eof: readable");
    CHECK(rcv(s, buf, 1000, 0) == 99, "eof: the 99 bytes come before the end");
    CHECK(rcv(s, buf, 1000, 0) == 0, "eof: then 0 (graceful close)");
    CHECK(rcv(s, buf, 1000, 0) == 0, "eof: and 0 again");
    closesocket(c);
    closesocket(s);

    if (!pair(&c, &s)) { CHECK(0, "reset: pair"); return; }
    send(c, big, 100, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1, "reset: recv(1) of 100");
    struct linger lg = {1, 0};
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
    closesocket(c); /* RST */
    Sleep(50);
    CHECK(rcv(s, buf, 1000, 0) == 99, "reset: the 99 received bytes come before the reset");
    CHECK(readable(s), "reset: readable (the error is pending)");
    int n = rcv(s, buf, 1000, 0);
    CHECK(n == -WSAECONNRESET, "reset: then WSAECONNRESET (%d)", n);
    closesocket(s);

    /* Reset arriving while a recv is returning buffered bytes (the shim asks the kernel for more). */
    if (!pair(&c, &s)) { CHECK(0, "reset2: pair"); return; }
    send(c, big, 100, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1, "reset2: recv(1) of 100");
    setsockopt(c, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof lg);
    closesocket(c);
    Sleep(50);
    CHECK(rcv(s, buf, 50, 0) == 50, "reset2: recv(50) of the 99");
    CHECK(rcv(s, buf, 200, 0) == 49, "reset2: recv(200) = the last 49 bytes, not the error");
    n = rcv(s, buf, 200, 0);
    CHECK(n == -WSAECONNRESET, "reset2: then WSAECONNRESET (%d)", n);
    closesocket(s);

    /* closesocket with unread buffered bytes resets the connection, as with unread kernel bytes. */
    if (!pair(&c, &s)) { CHECK(0, "closeunread: pair"); return; }
    send(c, big, 100, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1, "closeunread: recv(1) of 100");
    closesocket(s);
    Sleep(50);
    n = rcv(c, buf, 10, 0);
    CHECK(n == -WSAECONNRESET, "closeunread: the peer sees a reset (%d)", n);
    closesocket(c);

    /* shutdown(SD_RECEIVE): recv fails, the buffered bytes still count in FIONREAD. */
    if (!pair(&c, &s)) { CHECK(0, "shutrecv: pair"); return; }
    send(c, big, 100, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1, "shutrecv: recv(1) of 100");
    CHECK(shutdown(s, SD_RECEIVE) == 0, "shutrecv: shutdown(SD_RECEIVE)");
    n = rcv(s, buf, 10, 0);
    CHECK(n == -WSAESHUTDOWN, "shutrecv: recv = WSAESHUTDOWN (%d)", n);
    CHECK(fionread(s) == 99, "shutrecv: FIONREAD still 99 (%lu)", fionread(s));
    closesocket(c);
    closesocket(s);
}

static void oob_case(void)
{
    SOCKET c, s;
    if (!pair(&c, &s)) { CHECK(0, "oob: pair"); return; }
    send(c, "abc", 3, 0);
    send(c, "X", 1, MSG_OOB);
    send(c, "def", 3, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1 && buf[0] == 'a', "oob: recv(1) = a");
    CHECK(atmark(s) == 0, "oob: SIOCATMARK FALSE (urgent data waiting)");
    CHECK(excepted(s), "oob: select exceptfds");
    CHECK(rcv(s, buf, 1, MSG_OOB) == 1 && buf[0] == 'X', "oob: MSG_OOB = X");
    CHECK(atmark(s) == 1, "oob: SIOCATMARK TRUE after it");
    int got = 0;
    while (got < 5) {
        int n = rcv(s, buf + got, 10, 0);
        if (n <= 0) break;
        got += n;
    }
    CHECK(got == 5 && !memcmp(buf, "bcdef", 5), "oob: in-band bytes bcdef in order, without X (%d)", got);
    closesocket(c);
    closesocket(s);

    /* SO_OOBINLINE: the urgent byte stays in the stream; SIOCATMARK FALSE until it has been read. */
    if (!pair(&c, &s)) { CHECK(0, "inline: pair"); return; }
    int on = 1;
    setsockopt(s, SOL_SOCKET, SO_OOBINLINE, (const char *)&on, sizeof on);
    send(c, "abc", 3, 0);
    send(c, "X", 1, MSG_OOB);
    send(c, "def", 3, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1 && buf[0] == 'a', "inline: recv(1) = a");
    CHECK(rcv(s, buf, 2, 0) == 2 && !memcmp(buf, "bc", 2), "inline: recv(2) = bc");
    CHECK(atmark(s) == 0, "inline: SIOCATMARK FALSE before the urgent byte is read (%lu)", atmark(s));
    CHECK(rcv(s, buf, 1, MSG_PEEK) == 1 && buf[0] == 'X', "inline: MSG_PEEK 1 = X");
    CHECK(atmark(s) == 0, "inline: SIOCATMARK still FALSE after a peek at it (%lu)", atmark(s));
    CHECK(rcv(s, buf, 1, 0) == 1 && buf[0] == 'X', "inline: recv(1) = X (in line)");
    CHECK(atmark(s) == 1, "inline: SIOCATMARK TRUE after it (%lu)", atmark(s));
    CHECK(rcv(s, buf, 10, 0) == 3 && !memcmp(buf, "def", 3), "inline: then def");
    closesocket(c);
    closesocket(s);
}

/* Non-blocking sends of 1 KiB from c until WSAEWOULDBLOCK; returns the bytes accepted. */
static int fill_until_full(SOCKET c)
{
    int total = 0;
    for (int i = 0; i < 100000; i++) {
        int n = send(c, big, 1024, 0);
        if (n == SOCKET_ERROR) break;
        total += n;
    }
    return total;
}

/* How many more bytes the peer can send after one recv(1) on a full connection. */
static int room_after_recv1(int rcvbuf)
{
    SOCKET c, s;
    if (!pair_rcvbuf(&c, &s, rcvbuf)) return -1;
    u_long on = 1;
    int sb = 16384; /* a sized send buffer: Linux does not grow it (autotuning would blur the count) */
    setsockopt(c, SOL_SOCKET, SO_SNDBUF, (const char *)&sb, sizeof sb);
    ioctlsocket(c, FIONBIO, &on);
    /* Until the connection is full for good (Linux grows the send buffer as ACKs come in). */
    for (int i = 0; i < 20; i++) {
        if (fill_until_full(c) == 0 && i > 0) break;
        Sleep(50);
    }
    rcv(s, buf, 1, 0);
    Sleep(100);
    int more = fill_until_full(c);
    closesocket(c);
    closesocket(s);
    return more;
}

static void rcvbuf_case(void)
{
    int v = 0, len = sizeof v;
    int sized = room_after_recv1(8192);
    int unsized = room_after_recv1(0);
    /* Without SO_RCVBUF the recv(1) reads up to 64 KiB ahead: the peer's window opens by that much. */
    CHECK(unsized >= 8192, "rcvbuf: without SO_RCVBUF a recv(1) reads ahead (the peer could send %d more bytes)", unsized);
    CHECK(sized < 8192, "rcvbuf: with SO_RCVBUF 8192 no read-ahead beyond it (the peer could send %d more bytes)", sized);
    SOCKET c, s;
    if (!pair_rcvbuf(&c, &s, 8192)) { CHECK(0, "rcvbuf: pair"); return; }
    getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&v, &len);
    CHECK(v == 8192, "rcvbuf: SO_RCVBUF reads back 8192 (%d)", v);
    closesocket(c);
    closesocket(s);
}

static void dgram_case(void)
{
    SOCKET a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = loop4(0), from;
    int len = sizeof sa;
    bind(b, (struct sockaddr *)&sa, sizeof sa);
    getsockname(b, (struct sockaddr *)&sa, &len);
    sendto(a, "12345", 5, 0, (struct sockaddr *)&sa, sizeof sa);
    sendto(a, "abcdefghij", 10, 0, (struct sockaddr *)&sa, sizeof sa);
    sendto(a, "xyz", 3, 0, (struct sockaddr *)&sa, sizeof sa);
    sendto(a, "", 0, 0, (struct sockaddr *)&sa, sizeof sa);
    sendto(a, "last", 4, 0, (struct sockaddr *)&sa, sizeof sa);
    Sleep(50);
    int fl = sizeof from;
    CHECK(recvfrom(b, buf, 100, 0, (struct sockaddr *)&from, &fl) == 5 && !memcmp(buf, "12345", 5), "dgram: first datagram, 5 bytes");
    fl = sizeof from;
    int n = recvfrom(b, buf, 4, 0, (struct sockaddr *)&from, &fl);
    CHECK(n == SOCKET_ERROR && WSAGetLastError() == WSAEMSGSIZE && !memcmp(buf, "abcd", 4), "dgram: 10-byte datagram into 4: WSAEMSGSIZE, buffer filled");
    CHECK(rcv(b, buf, 100, 0) == 3 && !memcmp(buf, "xyz", 3), "dgram: the rest of the truncated datagram is gone; next = xyz");
    CHECK(rcv(b, buf, 100, 0) == 0, "dgram: an empty datagram is 0 bytes");
    CHECK(rcv(b, buf, 2, MSG_PEEK) == -WSAEMSGSIZE, "dgram: MSG_PEEK 2 of a 4-byte datagram: WSAEMSGSIZE");
    CHECK(rcv(b, buf, 100, 0) == 4 && !memcmp(buf, "last", 4), "dgram: the peeked datagram is still there, whole");
    closesocket(a);
    closesocket(b);
}

static void waitall_case(void)
{
    SOCKET c, s;
    if (!pair(&c, &s)) { CHECK(0, "waitall: pair"); return; }
    for (int i = 0; i < 3000; i++) big[i] = (char)(i * 7);
    send(c, big, 1000, 0);
    Sleep(50);
    CHECK(rcv(s, buf, 1, 0) == 1, "waitall: recv(1) of 1000");
    send(c, big + 1000, 2000, 0);
    int n = rcv(s, buf + 1, 2999, 0x8 /* MSG_WAITALL */);
    int bad = 0;
    for (int i = 0; i < 3000; i++) bad += buf[i] != (char)(i * 7);
    CHECK(n == 2999 && bad == 0, "waitall: MSG_WAITALL 2999 = buffered + later bytes in order (%d, %d wrong)", n, bad);
    closesocket(c);
    closesocket(s);
}

int wmain(int argc, wchar_t **argv)
{
    if (!start_winsock()) return 100;
    peek_case();
    fionread_select_case();
    eof_reset_case();
    oob_case();
    rcvbuf_case();
    dgram_case();
    waitall_case();
    WSACleanup();
    printf("ws_recvbuf: %d failures\n", failures);
    return failures;
}
