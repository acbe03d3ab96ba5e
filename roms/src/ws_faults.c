/* ws_faults.exe — faults from the network and the network policy, as a guest sees them
 * (test/network-faults.test.ts, test/network-policy.test.ts).
 *
 *   ws_faults <case> [HOST] [PORT] [N]
 *
 *   policy HOST PORT     TCP connect, UDP connect, UDP sendto and TCP bind to HOST:PORT (numeric,
 *                        IPv4 or IPv6), one line each: "connect=-1 err=10013"
 *   bindany PORT         bind a TCP socket to 0.0.0.0:PORT and listen; prints the bound address
 *   reset HOST PORT N    receive the ws_util.h pattern until the peer resets: bytes, bad words, error;
 *                        after the first N bytes, send one byte "A" (the peer then sends more and resets)
 *   stall HOST PORT N    peer does not read: non-blocking sends until WSAEWOULDBLOCK, then one
 *                        blocking send of N bytes (prints "sending" first), then EOF handshake
 *   halfclose HOST PORT  peer shuts its side down: recv until 0, then send N bytes, shutdown, close
 *   refused HOST PORT    connect to a port nobody listens on: blocking, non-blocking + select + SO_ERROR
 *   dns NAME             gethostbyname and getaddrinfo of a name that does not resolve
 *   udpunreach HOST PORT datagrams to a closed UDP port: the next call reports WSAECONNRESET
 *   slowsrv N            listen on 127.0.0.1:0 ("listening port=P"), accept one client, send N bytes
 *                        of the pattern in ONE blocking send, shutdown, wait for the client's close
 *
 * Every stream carries the ws_util.h pattern (word k = PAT_BASE + k*PAT_STEP) so the host side can
 * check that no byte is lost or duplicated. Exit code 0 unless a set-up step fails (2). */
#include "ws_util.h"
#include <stdlib.h>

static void report(const char *what, int r)
{
    if (r == SOCKET_ERROR) printf("%s=-1 err=%d\n", what, WSAGetLastError());
    else printf("%s=%d\n", what, r);
}

static void fail_setup(const char *what)
{
    printf("setup %s failed err=%d\n", what, WSAGetLastError());
    exit(2);
}

/* A pattern buffer of n bytes (n rounded up to a word). */
static unsigned *pattern(unsigned n)
{
    unsigned words = (n + 3) / 4;
    unsigned *p = malloc(words * 4 + 4);
    if (!p) fail_setup("malloc");
    unsigned v = PAT_BASE;
    for (unsigned i = 0; i < words; i++, v += PAT_STEP) {
        p[i] = v;
        if ((i & 0xffff) == 0) Sleep(0);
    }
    return p;
}

/* Numeric HOST:PORT → sockaddr (IPv4 or IPv6). */
static int numeric(const char *host, const char *port, struct sockaddr_storage *out)
{
    struct addrinfo hints, *res = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_flags = AI_NUMERICHOST;
    if (getaddrinfo(host, port, &hints, &res) != 0 || !res) fail_setup("getaddrinfo");
    int len = (int)res->ai_addrlen;
    memcpy(out, res->ai_addr, (unsigned)len);
    freeaddrinfo(res);
    return len;
}

static void case_policy(const char *host, const char *port)
{
    struct sockaddr_storage a;
    int len = numeric(host, port, &a);
    int fam = ((struct sockaddr *)&a)->sa_family;
    SOCKET t = socket(fam, SOCK_STREAM, 0);
    report("connect", connect(t, (struct sockaddr *)&a, len));
    closesocket(t);
    SOCKET u = socket(fam, SOCK_DGRAM, 0);
    report("udp connect", connect(u, (struct sockaddr *)&a, len));
    closesocket(u);
    u = socket(fam, SOCK_DGRAM, 0);
    report("sendto", sendto(u, "x", 1, 0, (struct sockaddr *)&a, len));
    closesocket(u);
    SOCKET b = socket(fam, SOCK_STREAM, 0);
    report("bind", bind(b, (struct sockaddr *)&a, len));
    closesocket(b);
}

static void case_bindany(const char *port)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((u_short)parse_u(port));
    report("bind", bind(s, (struct sockaddr *)&a, sizeof a));
    report("listen", listen(s, 5));
    int alen = sizeof a;
    report("getsockname", getsockname(s, (struct sockaddr *)&a, &alen));
    printf("bound=%s\n", inet_ntoa(a.sin_addr));
    closesocket(s);
}

static void case_reset(const char *host, const char *port, unsigned n)
{
    static unsigned buf[4096];
    SOCKET s = connect_to(host, port);
    if (s == INVALID_SOCKET) fail_setup("connect");
    printf("connected\n");
    unsigned v = PAT_BASE, got = 0, carry = 0, bad = 0, a = 0, b = 0, acked = 0;
    int r;
    for (;;) {
        r = recv(s, (char *)buf + carry, (int)sizeof buf - (int)carry, 0);
        if (r <= 0) break;
        got += (unsigned)r;
        if (!acked && got >= n) { acked = 1; report("ack", send(s, "A", 1, 0)); }
        unsigned have = carry + (unsigned)r, words = have / 4;
        for (unsigned i = 0; i < words; i++, v += PAT_STEP) {
            if (buf[i] != v) bad++;
            a += buf[i]; b += a;
        }
        carry = have & 3;
        if (carry) memcpy(buf, (char *)buf + 4 * words, carry);
    }
    int e = r == SOCKET_ERROR ? WSAGetLastError() : 0;
    printf("recv=%d err=%d bytes=%u bad=%u carry=%u sum=%08x:%08x\n", r, e, got, bad, carry, a, b);
    report("recv again", recv(s, (char *)buf, 16, 0));
    report("send after reset", send(s, "x", 1, 0));
    closesocket(s);
}

static void case_stall(const char *host, const char *port, unsigned n)
{
    const unsigned cap = 32u << 20;
    char *p = (char *)pattern(cap);
    SOCKET s = connect_to(host, port);
    if (s == INVALID_SOCKET) fail_setup("connect");
    u_long on = 1, off = 0;
    report("FIONBIO on", ioctlsocket(s, FIONBIO, &on));
    unsigned total = 0;
    int r = 0, e = 0, tries = 0;
    for (;;) {
        unsigned chunk = cap - n - total < 65536 ? cap - n - total : 65536;
        if (chunk == 0) { printf("peer reads after all?\n"); break; }
        r = send(s, p + total, (int)chunk, 0);
        if (r == SOCKET_ERROR) {
            e = WSAGetLastError();
            if (e != WSAEWOULDBLOCK || ++tries == 3) break;
            Sleep(50); /* make sure the buffers are really full, not only momentarily */
            continue;
        }
        tries = 0;
        total += (unsigned)r;
    }
    printf("nonblocking total>0=%d err=%d\n", total > 0, e);
    report("FIONBIO off", ioctlsocket(s, FIONBIO, &off));
    printf("nonblocking bytes=%u\n", total);
    printf("sending\n");
    report("send", send(s, p + total, (int)n, 0));
    report("shutdown", shutdown(s, SD_SEND));
    char c;
    report("recv (peer close)", recv(s, &c, 1, 0));
    closesocket(s);
}

static void case_halfclose(const char *host, const char *port, unsigned n)
{
    static char in[4096];
    SOCKET s = connect_to(host, port);
    if (s == INVALID_SOCKET) fail_setup("connect");
    unsigned got = 0;
    int r;
    while ((r = recv(s, in + (got < 4000 ? got : 0), 64, 0)) > 0) got += (unsigned)r;
    in[got < 4000 ? got : 0] = 0;
    printf("recv=%d after %u bytes [%s]\n", r, got, in);
    report("recv again", recv(s, in, 64, 0));
    char *p = (char *)pattern(n);
    int e = send_all(s, p, (int)n);
    printf("send_all=%d bytes=%u\n", e, n);
    report("shutdown", shutdown(s, SD_SEND));
    report("closesocket", closesocket(s));
}

static void case_refused(const char *host, const char *port)
{
    struct sockaddr_storage a;
    int len = numeric(host, port, &a);
    int fam = ((struct sockaddr *)&a)->sa_family;
    SOCKET s = socket(fam, SOCK_STREAM, 0);
    report("connect", connect(s, (struct sockaddr *)&a, len));
    closesocket(s);
    s = socket(fam, SOCK_STREAM, 0);
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
    report("connect(nonblocking)", connect(s, (struct sockaddr *)&a, len));
    fd_set wr, ex;
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(s, &wr);
    FD_SET(s, &ex);
    struct timeval tv = { 5, 0 };
    int n = select(0, 0, &wr, &ex, &tv);
    printf("select=%d write=%d except=%d\n", n, FD_ISSET(s, &wr) != 0, FD_ISSET(s, &ex) != 0);
    int err = -1, el = sizeof err;
    report("getsockopt(SO_ERROR)", getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&err, &el));
    printf("SO_ERROR=%d\n", err);
    closesocket(s);
}

static void case_dns(const char *name)
{
    struct hostent *h = gethostbyname(name);
    if (h) printf("gethostbyname=found\n");
    else printf("gethostbyname=NULL err=%d\n", WSAGetLastError());
    struct addrinfo hints, *res = 0;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int e = getaddrinfo(name, "80", &hints, &res);
    printf("getaddrinfo=%d err=%d\n", e, WSAGetLastError());
    if (res) freeaddrinfo(res);
}

static void case_udpunreach(const char *host, const char *port)
{
    struct sockaddr_storage a;
    int len = numeric(host, port, &a);
    int fam = ((struct sockaddr *)&a)->sa_family;
    char buf[16];
    /* unconnected: sendto, then the next call (recvfrom, blocking) reports the ICMP error */
    SOCKET u = socket(fam, SOCK_DGRAM, 0);
    report("sendto", sendto(u, "x", 1, 0, (struct sockaddr *)&a, len));
    struct sockaddr_storage from;
    int fl = sizeof from;
    report("recvfrom", recvfrom(u, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
    closesocket(u);
    /* connected: send, then recv */
    u = socket(fam, SOCK_DGRAM, 0);
    report("connect", connect(u, (struct sockaddr *)&a, len));
    report("send", send(u, "y", 1, 0));
    report("recv", recv(u, buf, sizeof buf, 0));
    closesocket(u);
}

static void case_slowsrv(unsigned n)
{
    SOCKET ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = sizeof a;
    if (bind(ls, (struct sockaddr *)&a, alen) || listen(ls, 1) || getsockname(ls, (struct sockaddr *)&a, &alen)) fail_setup("listen");
    char *p = (char *)pattern(n);
    printf("listening port=%u\n", (unsigned)ntohs(a.sin_port));
    SOCKET s = accept(ls, 0, 0);
    if (s == INVALID_SOCKET) fail_setup("accept");
    DWORD t0 = GetTickCount();
    report("send", send(s, p, (int)n, 0));
    printf("send took ms>0=%d\n", GetTickCount() - t0 > 0);
    report("shutdown", shutdown(s, SD_SEND));
    char c;
    report("recv (peer close)", recv(s, &c, 1, 0));
    closesocket(s);
    closesocket(ls);
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2) { printf("usage: ws_faults <case> [HOST] [PORT] [N]\n"); return 1; }
    const char *c = arg(argv, 1);
    const char *host = argc > 2 ? arg(argv, 2) : "127.0.0.1";
    const char *port = argc > 3 ? arg(argv, 3) : "0";
    unsigned n = argc > 4 ? parse_u(arg(argv, 4)) : 0;
    if (!start_winsock()) return 2;
    if (!strcmp(c, "policy")) case_policy(host, port);
    else if (!strcmp(c, "bindany")) case_bindany(host);
    else if (!strcmp(c, "reset")) case_reset(host, port, n);
    else if (!strcmp(c, "stall")) case_stall(host, port, n);
    else if (!strcmp(c, "halfclose")) case_halfclose(host, port, n);
    else if (!strcmp(c, "refused")) case_refused(host, port);
    else if (!strcmp(c, "dns")) case_dns(host);
    else if (!strcmp(c, "udpunreach")) case_udpunreach(host, port);
    else if (!strcmp(c, "slowsrv")) case_slowsrv(parse_u(host));
    else { printf("unknown case\n"); return 1; }
    printf("done\n");
    WSACleanup();
    return 0;
}
