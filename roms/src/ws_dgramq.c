/* ws_dgramq.exe — the datagram receive queue rules of winsock-shim/dgramqueue.ts (issue 16), each with
 * the queue in play: a recvfrom() while the kernel holds several datagrams makes the shim take them
 * all (recvmmsg), then every documented behaviour is checked against what the Winsock pages say.
 *
 *   ws_dgramq            every case below
 *   ws_dgramq rcvbuf     only receives on a socket whose SO_RCVBUF the guest set (the test checks
 *                        from the host side that the queue was never filled for it)
 *
 * All peers are guest UDP sockets over real host loopback (127.0.0.1). Sleep() after the sends lets
 * loopback deliver before the first receive. One `ok ...`/`FAIL ...` line per check; prints
 * "ws_dgramq: N failures", exit code N. test/winsock/winsock-dgramq.test.ts also asserts that the
 * host saw recvmmsg calls that returned several datagrams. */
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

/* A UDP socket bound to 127.0.0.1 on an ephemeral port; its address in *a. */
static SOCKET bound(struct sockaddr_in *a)
{
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    int len = sizeof *a;
    *a = loop4(0);
    bind(s, (struct sockaddr *)a, sizeof *a);
    getsockname(s, (struct sockaddr *)a, &len);
    return s;
}

static int to(SOCKET s, const char *d, int n, struct sockaddr_in *a)
{
    return sendto(s, d, n, 0, (struct sockaddr *)a, sizeof *a);
}

static int rcv(SOCKET s, char *b, int len, int flags)
{
    int n = recv(s, b, len, flags);
    return n == SOCKET_ERROR ? -WSAGetLastError() : n;
}

/* recvfrom into b; the sender's port in *port (host order), 0 if none. */
static int rcvfrom(SOCKET s, char *b, int len, int flags, unsigned short *port, int *fromlen)
{
    struct sockaddr_in f;
    int fl = sizeof f;
    memset(&f, 0, sizeof f);
    int n = recvfrom(s, b, len, flags, (struct sockaddr *)&f, &fl);
    *port = ntohs(f.sin_port);
    if (fromlen) *fromlen = fl;
    return n == SOCKET_ERROR ? -WSAGetLastError() : n;
}

static unsigned long fionread(SOCKET s)
{
    unsigned long n = 0xdeadbeef;
    if (ioctlsocket(s, FIONREAD, &n)) return 0xffffffff;
    return n;
}

static int readable(SOCKET s)
{
    fd_set rd;
    struct timeval tv = {0, 0};
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    return select(0, &rd, 0, 0, &tv) == 1 && FD_ISSET(s, &rd);
}

static void nonblocking(SOCKET s)
{
    unsigned long on = 1;
    ioctlsocket(s, FIONBIO, &on);
}

static char buf[70000], big[70000];

static void boundary_case(void)
{
    struct sockaddr_in ba, aa, ca;
    SOCKET b = bound(&ba), a = bound(&aa), c = bound(&ca);
    unsigned short port;
    int fl;
    to(a, "12345", 5, &ba);
    to(c, "abcdefghij", 10, &ba);
    to(a, "", 0, &ba);
    to(c, "xyz", 3, &ba);
    for (int i = 0; i < 60000; i++) big[i] = (char)(i * 13 + 1);
    to(a, big, 60000, &ba);
    to(c, "peek", 4, &ba);
    to(a, "tail", 4, &ba);
    Sleep(50);
    CHECK(rcvfrom(b, buf, 100, 0, &port, &fl) == 5 && !memcmp(buf, "12345", 5) && port == ntohs(aa.sin_port) && fl == 16,
          "boundary: first datagram, 5 bytes, from a (fromlen 16); the rest now queued");
    memset(buf, 0, 16);
    port = 0;
    int n = rcvfrom(b, buf, 4, 0, &port, &fl);
    CHECK(n == -WSAEMSGSIZE && !memcmp(buf, "abcd", 4) && buf[4] == 0, "boundary: queued 10-byte datagram into 4: WSAEMSGSIZE, buffer filled (%d)", n);
    CHECK(port == ntohs(ca.sin_port) && fl == 16, "boundary: ... and the sender's address written (port %u)", port);
    CHECK(rcvfrom(b, buf, 100, 0, &port, 0) == 0 && port == ntohs(aa.sin_port), "boundary: the rest of the truncated datagram is gone; an empty one is 0 bytes");
    CHECK(rcv(b, buf, 100, 0) == 3 && !memcmp(buf, "xyz", 3), "boundary: next = xyz");
    memset(buf, 0, 60000);
    n = rcv(b, buf, sizeof buf, 0);
    CHECK(n == 60000 && !memcmp(buf, big, 60000), "boundary: a 60000-byte datagram whole from the queue (%d)", n);
    CHECK(rcv(b, buf, 2, MSG_PEEK) == -WSAEMSGSIZE, "boundary: MSG_PEEK 2 of a queued 4-byte datagram: WSAEMSGSIZE");
    CHECK(rcvfrom(b, buf, 100, MSG_PEEK, &port, 0) == 4 && !memcmp(buf, "peek", 4) && port == ntohs(ca.sin_port), "boundary: MSG_PEEK again: whole, from c");
    CHECK(rcv(b, buf, 100, 0) == 4 && !memcmp(buf, "peek", 4), "boundary: the peeked datagram is still there, whole");
    CHECK(rcv(b, buf, 100, 0) == 4 && !memcmp(buf, "tail", 4), "boundary: then the last one");
    nonblocking(b);
    CHECK(rcv(b, buf, 100, 0) == -WSAEWOULDBLOCK, "boundary: then nothing (WSAEWOULDBLOCK)");
    /* MSG_PEEK as the first call (it fills the queue), and datagrams sent after a fill come after the queued ones. */
    to(a, "p1", 2, &ba);
    to(a, "p2", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, MSG_PEEK) == 2 && !memcmp(buf, "p1", 2), "order: MSG_PEEK first: p1");
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "p1", 2), "order: recv: p1");
    to(a, "p3", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "p2", 2), "order: queued p2 before the later p3");
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "p3", 2), "order: then p3");
    closesocket(a);
    closesocket(b);
    closesocket(c);
}

static void fionread_select_case(void)
{
    struct sockaddr_in ba, aa;
    SOCKET b = bound(&ba), a = bound(&aa);
    to(a, big, 10, &ba);
    to(a, big, 20, &ba);
    to(a, big, 30, &ba);
    Sleep(50);
    CHECK(fionread(b) == 10, "fionread: the next datagram's size before any recv (%lu)", fionread(b));
    CHECK(rcv(b, buf, 100, 0) == 10, "fionread: recv 10, 20 and 30 queued");
    CHECK(fionread(b) == 20, "fionread: the next queued datagram's size (%lu)", fionread(b));
    CHECK(readable(b), "select: readable while datagrams are queued");
    CHECK(rcv(b, buf, 100, 0) == 20, "fionread: recv 20");
    CHECK(fionread(b) == 30 && readable(b), "fionread/select: 30, still readable (%lu)", fionread(b));
    CHECK(rcv(b, buf, 100, 0) == 30, "fionread: recv 30");
    CHECK(fionread(b) == 0 && !readable(b), "fionread/select: 0 and not readable once drained (%lu)", fionread(b));

    /* WSAEventSelect: FD_READ is recorded again after a recv while datagrams remain queued. */
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    WSAEventSelect(b, ev, FD_READ);
    to(a, "e1", 2, &ba);
    to(a, "e2", 2, &ba);
    Sleep(50);
    CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0, "events: event set for new datagrams");
    WSAEnumNetworkEvents(b, ev, &ne);
    CHECK(ne.lNetworkEvents == FD_READ, "events: FD_READ (%ld)", ne.lNetworkEvents);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "e1", 2), "events: recv e1, e2 queued");
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "events: the recv re-enables FD_READ: recorded again (a datagram remains)");
    WSAEnumNetworkEvents(b, ev, &ne);
    CHECK(ne.lNetworkEvents == FD_READ, "events: FD_READ again (%ld)", ne.lNetworkEvents);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "e2", 2), "events: recv e2");
    Sleep(20);
    WSAEnumNetworkEvents(b, ev, &ne);
    CHECK(ne.lNetworkEvents == 0, "events: nothing once drained (%ld)", ne.lNetworkEvents);
    WSAEventSelect(b, ev, 0);
    WSACloseEvent(ev);
    closesocket(a);
    closesocket(b);
}

static void icmp_case(void)
{
    struct sockaddr_in ba, aa, gone;
    SOCKET b = bound(&ba), a = bound(&aa), g = bound(&gone);
    closesocket(g); /* nobody listens on `gone` any more: a datagram there draws an ICMP port unreachable */
    to(a, "d1", 2, &ba);
    to(a, "d2", 2, &ba);
    to(a, "d3", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "d1", 2), "icmp: recv d1, d2 and d3 queued");
    CHECK(to(b, "x", 1, &gone) == 1, "icmp: sendto a closed port succeeds");
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "d2", 2), "icmp: the queued d2 first");
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "d3", 2), "icmp: then d3");
    int n = rcv(b, buf, 100, 0);
    CHECK(n == -WSAECONNRESET, "icmp: then the port unreachable: WSAECONNRESET (%d)", n);
    nonblocking(b);
    CHECK(rcv(b, buf, 100, 0) == -WSAEWOULDBLOCK, "icmp: reported once, then nothing");
    to(a, "d4", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "d4", 2), "icmp: the socket still receives");
    closesocket(a);
    closesocket(b);
}

static void connect_case(void)
{
    struct sockaddr_in ba, aa, ca;
    SOCKET b = bound(&ba), a = bound(&aa), c = bound(&ca);
    unsigned short port;
    to(a, "a1", 2, &ba);
    to(c, "c1", 2, &ba);
    to(a, "a2", 2, &ba);
    to(c, "c2", 2, &ba);
    Sleep(50);
    CHECK(rcvfrom(b, buf, 100, 0, &port, 0) == 2 && !memcmp(buf, "a1", 2), "connect: recv a1, c1 a2 c2 queued");
    CHECK(connect(b, (struct sockaddr *)&aa, sizeof aa) == 0, "connect: connect to a");
    CHECK(fionread(b) == 2, "connect: FIONREAD is a2's size (c1 discarded) (%lu)", fionread(b));
    CHECK(rcvfrom(b, buf, 100, 0, &port, 0) == 2 && !memcmp(buf, "a2", 2) && port == ntohs(aa.sin_port), "connect: c1 discarded, a2 next");
    nonblocking(b);
    CHECK(rcv(b, buf, 100, 0) == -WSAEWOULDBLOCK, "connect: c2 discarded too");
    to(c, "c3", 2, &ba);
    to(a, "a3", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "a3", 2), "connect: later datagrams from c never arrive; a3 does");
    closesocket(a);
    closesocket(b);
    closesocket(c);
}

static void close_case(void)
{
    struct sockaddr_in ba, aa;
    SOCKET b = bound(&ba), a = bound(&aa);
    to(a, "q1", 2, &ba);
    to(a, "q2", 2, &ba);
    to(a, "q3", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2, "close: recv q1, q2 q3 queued");
    CHECK(closesocket(b) == 0, "close: closesocket with queued datagrams succeeds");
    SOCKET b2 = socket(AF_INET, SOCK_DGRAM, 0);
    CHECK(bind(b2, (struct sockaddr *)&ba, sizeof ba) == 0, "close: a new socket binds the same port");
    nonblocking(b2);
    CHECK(rcv(b2, buf, 100, 0) == -WSAEWOULDBLOCK, "close: the queued datagrams went with the old socket");
    to(a, "n1", 2, &ba);
    Sleep(50);
    CHECK(rcv(b2, buf, 100, 0) == 2 && !memcmp(buf, "n1", 2), "close: the new socket receives its own");
    /* shutdown(SD_RECEIVE) with queued datagrams: recv refuses, FIONREAD still counts them. */
    to(a, "s1", 2, &ba);
    to(a, "s2", 2, &ba);
    Sleep(50);
    CHECK(rcv(b2, buf, 100, 0) == 2, "shutdown: recv s1, s2 queued");
    /* (connected first: wmemu refuses shutdown on an unconnected datagram socket with WSAENOTCONN, as Linux does) */
    CHECK(connect(b2, (struct sockaddr *)&aa, sizeof aa) == 0 && fionread(b2) == 2, "shutdown: connect to the sender keeps its queued s2");
    CHECK(shutdown(b2, SD_RECEIVE) == 0 && rcv(b2, buf, 100, 0) == -WSAESHUTDOWN, "shutdown: SD_RECEIVE: recv fails with WSAESHUTDOWN");
    CHECK(fionread(b2) == 2, "shutdown: FIONREAD still counts the queued s2 (%lu)", fionread(b2));
    closesocket(b2);
    closesocket(a);
}

static struct sockaddr_in later_to;
static SOCKET later_from;

static DWORD WINAPI later(LPVOID p)
{
    (void)p;
    Sleep(100);
    for (int i = 0; i < 5; i++) to(later_from, "L", 1, &later_to);
    return 0;
}

static void blocking_case(void)
{
    struct sockaddr_in ba, aa;
    SOCKET b = bound(&ba), a = bound(&aa);
    later_to = ba;
    later_from = a;
    HANDLE th = CreateThread(0, 0, later, 0, 0, 0);
    int n = rcv(b, buf, 100, 0);
    CHECK(n == 1 && buf[0] == 'L', "blocking: a parked recvfrom wakes for a datagram (%d)", n);
    WaitForSingleObject(th, 2000);
    CloseHandle(th);
    Sleep(50);
    int got = 0;
    nonblocking(b);
    while (rcv(b, buf, 100, 0) == 1) got++;
    CHECK(got == 4, "blocking: the other 4 follow, none lost or doubled (%d)", got);
    /* SO_RCVTIMEO on an empty queue: WSAETIMEDOUT as before. */
    SOCKET c = bound(&ba);
    int ms = 50;
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof ms);
    CHECK(rcv(c, buf, 100, 0) == -WSAETIMEDOUT, "blocking: SO_RCVTIMEO expires: WSAETIMEDOUT");
    closesocket(c);
    closesocket(a);
    closesocket(b);
}

static int rcvbuf_only(void)
{
    struct sockaddr_in ba, aa;
    SOCKET b = socket(AF_INET, SOCK_DGRAM, 0), a = bound(&aa);
    int size = 8192, len = sizeof ba;
    CHECK(setsockopt(b, SOL_SOCKET, SO_RCVBUF, (const char *)&size, sizeof size) == 0, "rcvbuf: SO_RCVBUF 8192");
    ba = loop4(0);
    bind(b, (struct sockaddr *)&ba, sizeof ba);
    getsockname(b, (struct sockaddr *)&ba, &len);
    to(a, "r1", 2, &ba);
    to(a, "r2", 2, &ba);
    to(a, "r3", 2, &ba);
    Sleep(50);
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "r1", 2), "rcvbuf: r1");
    CHECK(fionread(b) == 2 && rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "r2", 2), "rcvbuf: r2");
    CHECK(rcv(b, buf, 100, 0) == 2 && !memcmp(buf, "r3", 2), "rcvbuf: r3");
    closesocket(a);
    closesocket(b);
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    if (!start_winsock()) return 100;
    if (argc > 1 && !strcmp(arg(argv, 1), "rcvbuf")) {
        rcvbuf_only();
    } else {
        boundary_case();
        fionread_select_case();
        icmp_case();
        connect_case();
        close_case();
        blocking_case();
    }
    WSACleanup();
    printf("ws_dgramq: %d failures\n", failures);
    return failures;
}
