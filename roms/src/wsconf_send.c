/* wsconf_send.exe — Winsock send() conformance ROM (see test/winsock-send.test.ts).
 *
 *   wsconf_send <case> [host] [port] [n]
 *
 * Each case provokes one behaviour of send()/sendto() against a peer the test opened on <host>:<port>
 * and prints one line per observation, e.g. "send=-1 err=10057". Exit code 0 unless a setup step
 * (WSAStartup, socket, connect) fails unexpectedly, then 2 ("setup ... failed err=N" is printed).
 * Built three times from this source: wsconf_send (WS2.dll by name), wsconf_send_ord (WS2.dll by
 * ordinal) and wsconf_send11 (WINSOCK.dll, the Winsock 1.1 DLL). */
#include <windows.h>
#include <winsock.h>

static char g_host[64];
static u_short g_port;
static int g_n;
static char g_small[256];

/* CreateThread through its IAT slot (windows.h does not declare it yet). */
extern void *__imp_CreateThread;
typedef HANDLE (*create_thread_fn)(void *, DWORD, DWORD (*)(void *), void *, DWORD, DWORD *);

static void w2a(char *dst, const wchar_t *src, int cap)
{
    int i = 0;
    for (; src && src[i] && i < cap - 1; i++) dst[i] = (char)src[i];
    dst[i] = 0;
}

static int watoi(const wchar_t *s)
{
    int v = 0;
    while (s && *s >= L'0' && *s <= L'9') v = v * 10 + (*s++ - L'0');
    return v;
}

static int wstreq(const wchar_t *a, const char *b)
{
    while (*a && *b && *a == (wchar_t)*b) { a++; b++; }
    return *a == 0 && *b == 0;
}

static void report(const char *what, int r)
{
    if (r == SOCKET_ERROR) printf("%s=-1 err=%d\n", what, WSAGetLastError());
    else printf("%s=%d\n", what, r);
}

static void setup_failed(const char *what)
{
    printf("setup %s failed err=%d\n", what, WSAGetLastError());
    exit(2);
}

static void start(void)
{
    WSADATA wd;
    int r = WSAStartup(MAKEWORD(2, 2), &wd);
    if (r != 0) { printf("setup WSAStartup failed ret=%d\n", r); exit(2); }
}

static struct sockaddr_in peer_addr(const char *host, u_short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = inet_addr(host);
    return a;
}

static SOCKET tcp_connected(void)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    if (s == INVALID_SOCKET) setup_failed("socket");
    struct sockaddr_in a = peer_addr(g_host, g_port);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) setup_failed("connect");
    return s;
}

static SOCKET udp_connected(const char *host, u_short port)
{
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s == INVALID_SOCKET) setup_failed("socket");
    struct sockaddr_in a = peer_addr(host, port);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) setup_failed("connect");
    return s;
}

static void set_int(SOCKET s, int level, int name, int v)
{
    if (setsockopt(s, level, name, (const char *)&v, sizeof v) != 0) setup_failed("setsockopt");
}

static char *big_buffer(unsigned n, unsigned char seed)
{
    /* malloc, not VirtualAlloc: wmemu's VirtualAlloc maps page by page (unicorn caps regions). */
    unsigned char *p = malloc(n);
    if (!p) { printf("setup malloc failed\n"); exit(2); }
    /* The pattern has period 256: write one period, then double it with memcpy (keeps the guest
     * loop short; a long vectorised loop is also what exposed a time-slice bug, see the report). */
    unsigned done = n < 256 ? n : 256;
    for (unsigned i = 0; i < done; i++) p[i] = (unsigned char)(i * 31 + seed);
    while (done < n) {
        unsigned k = done <= n - done ? done : n - done;
        memcpy(p + done, p, k);
        done += k;
    }
    return (char *)p;
}

/* ------------------------------------------------------------------------------------------- */

static void case_ok(void)              /* plain blocking send of "hello" */
{
    start();
    SOCKET s = tcp_connected();
    report("send", send(s, "hello", 5, 0));
    report("closesocket", closesocket(s));
    report("WSACleanup", WSACleanup());
}

static void case_startup(void)         /* WSADATA contents and version negotiation */
{
    WSADATA wd;
    memset(&wd, 0xcc, sizeof wd);
    int r = WSAStartup(MAKEWORD(2, 2), &wd);
    printf("WSAStartup(2.2)=%d ver=%04x high=%04x desc=[%s] status=[%s] maxsock=%u maxudp=%u vendor=%p\n",
           r, wd.wVersion, wd.wHighVersion, wd.szDescription, wd.szSystemStatus, wd.iMaxSockets, wd.iMaxUdpDg, wd.lpVendorInfo);
    r = WSAStartup(MAKEWORD(1, 1), &wd);
    printf("WSAStartup(1.1)=%d ver=%04x high=%04x maxsock=%u maxudp=%u\n", r, wd.wVersion, wd.wHighVersion, wd.iMaxSockets, wd.iMaxUdpDg);
    r = WSAStartup(MAKEWORD(1, 0), &wd);
    printf("WSAStartup(1.0)=%d ver=%04x high=%04x\n", r, wd.wVersion, wd.wHighVersion);
    r = WSAStartup(MAKEWORD(3, 0), &wd);
    printf("WSAStartup(3.0)=%d ver=%04x high=%04x\n", r, wd.wVersion, wd.wHighVersion);
    memset(&wd, 0xcc, sizeof wd);
    r = WSAStartup(MAKEWORD(0, 9), &wd);
    printf("WSAStartup(0.9)=%d untouched=%d\n", r, wd.wVersion == 0xcccc);
    r = WSAStartup(MAKEWORD(0, 9), (LPWSADATA)0x10);
    printf("WSAStartup(0.9, bad ptr)=%d\n", r);
    r = WSAStartup(MAKEWORD(2, 2), (LPWSADATA)0x10);
    printf("WSAStartup(bad ptr)=%d\n", r);
    for (int i = 0; i < 5; i++) report("WSACleanup", WSACleanup());
}

static void case_notinit(void)         /* WSANOTINITIALISED before WSAStartup and after WSACleanup */
{
    report("send", send((SOCKET)0x100, "x", 1, 0));
    start();
    SOCKET s = tcp_connected();
    report("WSACleanup", WSACleanup());
    report("send", send(s, "x", 1, 0));
}

static void case_netdown(void)         /* run with the network policy 'none' */
{
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    printf("socket=%s\n", s == INVALID_SOCKET ? "INVALID_SOCKET" : "ok");
    struct sockaddr_in a = peer_addr(g_host, g_port);
    report("connect", connect(s, (struct sockaddr *)&a, sizeof a));
    report("send", send(s, "x", 1, 0));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    report("sendto", sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
}

static void case_eacces(void)          /* UDP to the broadcast address without SO_BROADCAST */
{
    start();
    SOCKET s = udp_connected("255.255.255.255", g_port);
    report("send", send(s, "x", 1, 0));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in b = peer_addr("255.255.255.255", g_port);
    report("sendto", sendto(u, "x", 1, 0, (struct sockaddr *)&b, sizeof b));
}

static volatile int g_thread_done;
static SOCKET g_thread_sock;
static char *g_thread_buf;
static int g_thread_ret, g_thread_err;

static DWORD intr_worker(void *arg)
{
    (void)arg;
    g_thread_ret = send(g_thread_sock, g_thread_buf, 8 << 20, 0);
    g_thread_err = WSAGetLastError();
    g_thread_done = 1;
    return 0;
}

/* closesocket from another thread while send is blocked. The main thread prints both results, so the
 * output order does not depend on how the two threads are scheduled. */
static void case_intr(void)
{
    start();
    g_thread_sock = tcp_connected();   /* the peer never reads */
    g_thread_buf = big_buffer(8 << 20, 1);
    HANDLE h = ((create_thread_fn)__imp_CreateThread)(NULL, 0, intr_worker, NULL, 0, NULL);
    if (!h) setup_failed("CreateThread");
    Sleep(300);
    report("closesocket", closesocket(g_thread_sock));
    for (int i = 0; i < 500 && !g_thread_done; i++) Sleep(10);
    if (g_thread_done) {
        if (g_thread_ret == SOCKET_ERROR) printf("send=-1 err=%d\n", g_thread_err);
        else printf("send=%d\n", g_thread_ret);
    }
    printf("worker done=%d\n", g_thread_done);
}

static void case_fault(void)           /* buf not entirely in valid user memory: nothing is sent */
{
    start();
    SOCKET s = tcp_connected();
    report("send(NULL,10)", send(s, NULL, 10, 0));
    char *res = VirtualAlloc(NULL, 0x10000, MEM_RESERVE, PAGE_NOACCESS);   /* reserved, not committed */
    report("send(unmapped)", send(s, res, 16, 0));
    VirtualAlloc(res, 0x1000, MEM_COMMIT, PAGE_READWRITE);                 /* first page only */
    memset(res, 'A', 0x1000);
    report("send(partly mapped)", send(s, res + 0x1000 - 8, 16, 0));
    report("send(kernel)", send(s, (const char *)0xC0000000, 4, 0));
    report("send(trap page)", send(s, (const char *)0xF1000000, 4, 0));
    report("send(len<0)", send(s, "abc", -1, 0));
    report("send(NULL,0)", send(s, NULL, 0, 0));
    report("send", send(s, "ok", 2, 0));
    report("sendto(bad to)", sendto(s, "ok", 2, 0, (struct sockaddr *)0x10, 16));
    closesocket(s);
}

static void case_notconn(void)         /* stream not connected / datagram without a default peer */
{
    start();
    struct sockaddr_in any = peer_addr("127.0.0.1", 0);
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    bind(t, (struct sockaddr *)&any, sizeof any);
    report("send(tcp bound)", send(t, "x", 1, 0));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    bind(u, (struct sockaddr *)&any, sizeof any);
    report("send(udp bound)", send(u, "x", 1, 0));
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&any, sizeof any);
    listen(l, 1);
    report("send(listening)", send(l, "x", 1, 0));
}

static void case_notsock(void)         /* never opened, closed, a kernel handle */
{
    start();
    report("send(never opened)", send((SOCKET)0x1234, "x", 1, 0));
    SOCKET s = tcp_connected();
    closesocket(s);
    report("send(closed)", send(s, "x", 1, 0));
    report("send(thread handle)", send((SOCKET)GetCurrentThreadId(), "x", 1, 0));
    report("send(INVALID_SOCKET)", send(INVALID_SOCKET, "x", 1, 0));
}

static void case_opnotsupp(void)       /* MSG_OOB on a datagram socket */
{
    start();
    SOCKET u = udp_connected(g_host, g_port);
    report("send(MSG_OOB)", send(u, "x", 1, MSG_OOB));
}

static void case_oob(void)             /* MSG_OOB on TCP: urgent data, MSG_DONTROUTE accepted */
{
    start();
    SOCKET s = tcp_connected();
    report("send", send(s, "ab", 2, 0));
    report("send(MSG_OOB)", send(s, "!", 1, MSG_OOB));
    report("send(MSG_DONTROUTE)", send(s, "cd", 2, MSG_DONTROUTE));
    closesocket(s);
}

static void case_shutdown(void)        /* after shutdown(SD_SEND) and shutdown(SD_BOTH) */
{
    start();
    SOCKET s = tcp_connected();
    report("shutdown(SD_SEND)", shutdown(s, SD_SEND));
    report("send", send(s, "x", 1, 0));
    SOCKET t = tcp_connected();
    report("shutdown(SD_BOTH)", shutdown(t, SD_BOTH));
    report("send", send(t, "x", 1, 0));
    SOCKET u = tcp_connected();
    report("shutdown(SD_RECEIVE)", shutdown(u, SD_RECEIVE));
    report("send", send(u, "y", 1, 0));
}

static void case_wouldblock(void)      /* non-blocking, the peer does not read */
{
    start();
    SOCKET s = tcp_connected();
    u_long on = 1;
    report("ioctlsocket(FIONBIO)", ioctlsocket(s, FIONBIO, &on));
    const int len = 100000;
    char *buf = big_buffer(len, 2);
    int partial = 0, full = 0, r = 0;
    for (int i = 0; i < 20000; i++) {
        r = send(s, buf, len, 0);
        if (r == SOCKET_ERROR) break;
        if (r < len) partial++; else full++;
    }
    printf("full>0=%d partial>0=%d\n", full > 0, partial > 0);
    report("send", r);
    report("send again", send(s, buf, len, 0));
}

static void case_msgsize(void)         /* datagram larger than SO_MAX_MSG_SIZE */
{
    start();
    SOCKET u = udp_connected(g_host, g_port);
    int max = 0, optlen = sizeof max;
    report("getsockopt(SO_MAX_MSG_SIZE)", getsockopt(u, SOL_SOCKET, SO_MAX_MSG_SIZE, (char *)&max, &optlen));
    printf("max=%d optlen=%d\n", max, optlen);
    char *buf = big_buffer(max + 1, 3);
    report("send(max+1)", send(u, buf, max + 1, 0));
    report("send(after)", send(u, "after", 5, 0));
}

static void case_nobufs(void)          /* datagram larger than the SO_SNDBUF set: cannot ever fit */
{
    start();
    SOCKET u = udp_connected(g_host, g_port);
    set_int(u, SOL_SOCKET, SO_SNDBUF, 1024);
    char *buf = big_buffer(2000, 4);
    report("send(2000)", send(u, buf, 2000, 0));
    report("send(1000)", send(u, buf, 1000, 0));
}

/* unknown flags, MSG_OOB with SO_OOBINLINE (WSAEINVAL); a new socket, never bound nor connected, is
 * WSAENOTCONN on Windows (the CE page also lists WSAEINVAL for "not bound"; issue 18 rows 1-2) */
static void case_inval(void)
{
    start();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    report("send(unbound udp)", send(u, "x", 1, 0));
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    report("send(unbound tcp)", send(t, "x", 1, 0));
    SOCKET s = tcp_connected();
    report("send(flags 0x80)", send(s, "x", 1, 0x80));
    report("send(flags MSG_PEEK)", send(s, "x", 1, MSG_PEEK));
    set_int(s, SOL_SOCKET, SO_OOBINLINE, 1);
    report("send(MSG_OOB, SO_OOBINLINE)", send(s, "x", 1, MSG_OOB));
    report("send", send(s, "y", 1, 0));
}

static void case_reset(void)           /* the peer resets the connection (SO_LINGER 0 close) */
{
    start();
    SOCKET s = tcp_connected();
    int r = 0, i;
    for (i = 0; i < 500; i++) {
        r = send(s, "x", 1, 0);
        if (r == SOCKET_ERROR) break;
        Sleep(10);
    }
    report("send", r);
    report("send again", send(s, "x", 1, 0));
}

static void case_udpreset(void)        /* ICMP port unreachable from an earlier datagram */
{
    start();
    SOCKET u = udp_connected(g_host, g_port);
    int r = 0;
    for (int i = 0; i < 500; i++) {
        r = send(u, "x", 1, 0);
        if (r == SOCKET_ERROR) break;
        Sleep(10);
    }
    report("send", r);
}

static void case_timeout(void)         /* SO_SNDTIMEO expires: the peer does not read */
{
    start();
    SOCKET s = tcp_connected();
    set_int(s, SOL_SOCKET, SO_SNDTIMEO, 300);
    int t = 0, tl = sizeof t;
    getsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (char *)&t, &tl);
    printf("SO_SNDTIMEO=%d\n", t);
    char *buf = big_buffer(8 << 20, 5);
    report("send", send(s, buf, 8 << 20, 0));
}

static void case_bulk(void)            /* blocking send of n bytes in one call; the buffer is then overwritten */
{
    start();
    SOCKET s = tcp_connected();
    char *buf = big_buffer(g_n, 7);
    report("send", send(s, buf, g_n, 0));
    memset(buf, 0xEE, g_n);            /* must not change what was sent */
    report("send(tail)", send(s, "END", 3, 0));
    closesocket(s);
}

static void case_rawtcp(void)          /* raw socket, IP_HDRINCL, header protocol = TCP */
{
    start();
    SOCKET r = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
    if (r == INVALID_SOCKET) setup_failed("socket(SOCK_RAW)");
    set_int(r, IPPROTO_IP, IP_HDRINCL, 1);
    struct sockaddr_in a = peer_addr(g_host, g_port);
    report("connect", connect(r, (struct sockaddr *)&a, sizeof a));
    unsigned char pkt[28];
    memset(pkt, 0, sizeof pkt);
    pkt[0] = 0x45; pkt[3] = sizeof pkt; pkt[8] = 64; pkt[9] = IPPROTO_TCP;
    pkt[12] = 127; pkt[15] = 1; pkt[16] = 127; pkt[19] = 1;
    report("send(proto TCP)", send(r, (const char *)pkt, sizeof pkt, 0));
}

static void case_rawdst(void)          /* IP_HDRINCL: sendto 127.0.0.1, the header's destination is [host] */
{
    start();
    SOCKET r = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
    if (r == INVALID_SOCKET) setup_failed("socket(SOCK_RAW)");
    set_int(r, IPPROTO_IP, IP_HDRINCL, 1);
    struct sockaddr_in dst = peer_addr(g_host, g_port);
    struct sockaddr_in to = peer_addr("127.0.0.1", g_port);
    unsigned char pkt[30];
    memset(pkt, 0, sizeof pkt);
    pkt[0] = 0x45; pkt[3] = sizeof pkt; pkt[8] = 64; pkt[9] = IPPROTO_UDP;
    pkt[12] = 127; pkt[15] = 1;
    memcpy(pkt + 16, &dst.sin_addr, 4);
    pkt[21] = 9; memcpy(pkt + 22, &dst.sin_port, 2); pkt[25] = 10; /* UDP: 9 -> port, length 10, no checksum */
    pkt[28] = 'h'; pkt[29] = 'i';
    report("sendto(header dst)", sendto(r, (const char *)pkt, sizeof pkt, 0, (struct sockaddr *)&to, sizeof to));
}

static void case_hostunreach(void)     /* run with the network policy 'loopback' (or in a netns) */
{
    start();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = peer_addr(g_host, g_port);
    report("sendto", sendto(u, "x", 1, 0, (struct sockaddr *)&a, sizeof a));
}

static void case_abort(void)           /* the network goes down under an established connection */
{
    start();
    SOCKET s = tcp_connected();
    report("send", send(s, "x", 1, 0));
    report("recv", recv(s, g_small, sizeof g_small, 0));
    report("send", send(s, "y", 1, 0));
}

static void case_keepalive(void)       /* keep-alive finds the peer gone while send is in use */
{
    start();
    SOCKET s = tcp_connected();
    set_int(s, SOL_SOCKET, SO_KEEPALIVE, 1);
    printf("ready\n");
    int r = 0;
    for (int i = 0; i < 240; i++) {
        Sleep(250);
        r = send(s, g_small, 0, 0);
        if (r == SOCKET_ERROR) break;
    }
    report("send", r);
}

static void case_sendto(void)          /* sendto on unconnected UDP, then on TCP (address ignored) */
{
    start();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = peer_addr(g_host, g_port);
    report("sendto", sendto(u, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a));
    report("sendto(short tolen)", sendto(u, "dgram", 5, 0, (struct sockaddr *)&a, 8));
    report("send(no peer)", send(u, "dgram", 5, 0));
}

struct test_case { const char *name; void (*fn)(void); };
static const struct test_case cases[] = {
    { "ok", case_ok }, { "startup", case_startup }, { "notinit", case_notinit }, { "netdown", case_netdown },
    { "eacces", case_eacces }, { "intr", case_intr }, { "fault", case_fault }, { "notconn", case_notconn },
    { "notsock", case_notsock }, { "opnotsupp", case_opnotsupp }, { "oob", case_oob }, { "shutdown", case_shutdown },
    { "wouldblock", case_wouldblock }, { "msgsize", case_msgsize }, { "nobufs", case_nobufs }, { "inval", case_inval },
    { "reset", case_reset }, { "udpreset", case_udpreset }, { "timeout", case_timeout }, { "bulk", case_bulk },
    { "rawtcp", case_rawtcp }, { "rawdst", case_rawdst }, { "hostunreach", case_hostunreach }, { "abort", case_abort },
    { "keepalive", case_keepalive }, { "sendto", case_sendto },
};

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2) { printf("usage: wsconf_send <case> [host] [port] [n]\n"); return 255; }
    w2a(g_host, argc > 2 ? argv[2] : L"127.0.0.1", sizeof g_host);
    g_port = (u_short)watoi(argc > 3 ? argv[3] : L"0");
    g_n = watoi(argc > 4 ? argv[4] : L"0");
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (wstreq(argv[1], cases[i].name)) {
            cases[i].fn();
            printf("done\n");
            return 0;
        }
    }
    printf("unknown case\n");
    return 255;
}
