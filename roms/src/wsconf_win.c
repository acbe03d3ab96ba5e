/* wsconf_win.exe — Winsock results as Windows gives them (issue 18; see test/winsock-conformance.test.ts).
 *
 *   wsconf_win <case> [host] [port]
 *
 * Each case provokes the calls of one row of issue 18's table (Microsoft's palsuite expectations)
 * and prints one line per observation ("accept(udp)=-1 err=10045"). Error order is part of the
 * behaviour: where two checks could apply, the case shows which comes first. Exit code 0 unless a
 * setup step fails (then 2, "setup ... failed err=N"). */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <ws2ext.h>
#include <ce_modules.h>


/* ---- name space (RnR) and provider-interface calls (ws2 13, 22-26, 36, 41-45, 1) ---- */
typedef struct { DWORD cbSize; BYTE *pBlobData; } WSA_BLOB;
typedef struct { LPSOCKADDR lpSockaddr; INT iSockaddrLength; } WSA_SOCKET_ADDRESS;
typedef struct { WSA_SOCKET_ADDRESS LocalAddr, RemoteAddr; INT iSocketType, iProtocol; } WSA_CSADDR_INFO;
typedef struct {
    DWORD dwSize; wchar_t *lpszServiceInstanceName; WSA_GUID *lpServiceClassId; void *lpVersion; wchar_t *lpszComment;
    DWORD dwNameSpace; WSA_GUID *lpNSProviderId; wchar_t *lpszContext; DWORD dwNumberOfProtocols; void *lpafpProtocols;
    wchar_t *lpszQueryString; DWORD dwNumberOfCsAddrs; WSA_CSADDR_INFO *lpcsaBuffer; DWORD dwOutputFlags; WSA_BLOB *lpBlob;
} WSAQUERYSETW_;
_Static_assert(sizeof(WSAQUERYSETW_) == 60, "WSAQUERYSETW layout");
typedef struct { WSA_GUID NSProviderId; DWORD dwNameSpace; BOOL fActive; DWORD dwVersion; wchar_t *lpszIdentifier; } WSANAMESPACE_INFOW_;
#define NS_DNS 12
#define LUP_RETURN_NAME 0x10
#define LUP_RETURN_ADDR 0x100
#define LUP_RETURN_BLOB 0x200
WINSOCK_API_LINKAGE int PASCAL WSAEnumNameSpaceProvidersW(DWORD *lpdwBufferLength, WSANAMESPACE_INFOW_ *lpnspBuffer);
WINSOCK_API_LINKAGE int PASCAL WSALookupServiceBeginW(WSAQUERYSETW_ *lpqsRestrictions, DWORD dwControlFlags, HANDLE *lphLookup);
WINSOCK_API_LINKAGE int PASCAL WSALookupServiceNextW(HANDLE hLookup, DWORD dwControlFlags, DWORD *lpdwBufferLength, WSAQUERYSETW_ *lpqsResults);
WINSOCK_API_LINKAGE int PASCAL WSALookupServiceEnd(HANDLE hLookup);
WINSOCK_API_LINKAGE int PASCAL WSANSPIoctl(HANDLE hLookup, DWORD dwControlCode, void *lpvInBuffer, DWORD cbInBuffer, void *lpvOutBuffer,
    DWORD cbOutBuffer, DWORD *lpcbBytesReturned, void *lpCompletion);
WINSOCK_API_LINKAGE int PASCAL WSASetServiceW(WSAQUERYSETW_ *lpqsRegInfo, int essOperation, DWORD dwControlFlags);
WINSOCK_API_LINKAGE int PASCAL WSCEnumProtocols(int *lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer, DWORD *lpdwBufferLength, int *lpErrno);
WINSOCK_API_LINKAGE int PASCAL WSCInstallProvider(WSA_GUID *lpProviderId, const wchar_t *lpszProviderDllPath,
    LPWSAPROTOCOL_INFOW lpProtocolInfoList, DWORD dwNumberOfEntries, int *lpErrno);
WINSOCK_API_LINKAGE int PASCAL WSCDeinstallProvider(WSA_GUID *lpProviderId, int *lpErrno);
WINSOCK_API_LINKAGE int PASCAL WSCInstallNameSpace(wchar_t *lpszIdentifier, wchar_t *lpszPathName, DWORD dwNameSpace, DWORD dwVersion, WSA_GUID *lpProviderId);
WINSOCK_API_LINKAGE int PASCAL WSCUnInstallNameSpace(WSA_GUID *lpProviderId);
WINSOCK_API_LINKAGE int PASCAL WPUCompleteOverlappedRequest(SOCKET s, LPWSAOVERLAPPED lpOverlapped, DWORD dwError, DWORD cbTransferred, int *lpErrno);
WINSOCK_API_LINKAGE SOCKET PASCAL WSAJoinLeaf(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF lpCallerData, LPWSABUF lpCalleeData,
    void *lpSQOS, void *lpGQOS, DWORD dwFlags);
WINSOCK_API_LINKAGE int PASCAL WSAIoctl(SOCKET s, DWORD code, LPVOID in, DWORD inLen, LPVOID out, DWORD outLen,
    DWORD *returned, LPWSAOVERLAPPED ov, void *routine); /* ws2 21 */
static WSA_GUID SVCID_INET_HOSTADDRBYNAME = { 0x0002a803, 0, 0, { 0xC0, 0, 0, 0, 0, 0, 0, 0x46 } };
static WSA_GUID SVCID_INET_HOSTADDRBYINETSTRING = { 0x0002a801, 0, 0, { 0xC0, 0, 0, 0, 0, 0, 0, 0x46 } };
static WSA_GUID SVCID_OTHER = { 0x0002a8ff, 0, 0, { 0xC0, 0, 0, 0, 0, 0, 0, 0x46 } };

static char g_host[64];
static u_short g_port;

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

static struct sockaddr_in addr4(unsigned long net_addr, u_short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = net_addr;
    return a;
}

static void case_accept_udp(void)      /* accept() on a bound UDP socket: WSAEOPNOTSUPP */
{
    start();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = addr4(inet_addr("127.0.0.1"), 0);
    if (bind(u, (struct sockaddr *)&a, sizeof a) != 0) setup_failed("bind");
    report("accept(bound udp)", (int)accept(u, NULL, NULL));
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    report("accept(tcp not listening)", (int)accept(t, NULL, NULL));
}

static void case_connect_any(void)     /* connect() of TCP to 0.0.0.0:0 and friends: WSAEADDRNOTAVAIL at once */
{
    start();
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = addr4(0, 0);
    report("connect(0.0.0.0:0)", connect(t, (struct sockaddr *)&a, sizeof a));
    a = addr4(0, g_port);
    report("connect(0.0.0.0:port)", connect(t, (struct sockaddr *)&a, sizeof a));
    a = addr4(inet_addr("127.0.0.1"), 0);
    report("connect(127.0.0.1:0)", connect(t, (struct sockaddr *)&a, sizeof a));
    u_long on = 1;
    ioctlsocket(t, FIONBIO, &on);
    a = addr4(0, 0);
    report("connect(nonblocking 0.0.0.0:0)", connect(t, (struct sockaddr *)&a, sizeof a));
    on = 0;
    ioctlsocket(t, FIONBIO, &on);
    a = addr4(inet_addr(g_host), g_port);
    report("connect(peer)", connect(t, (struct sockaddr *)&a, sizeof a));
    report("send", send(t, "ok", 2, 0));
    closesocket(t);
}

static void case_bind_bcast(void)      /* bind() to 255.255.255.255 (inet_addr of a bad address) */
{
    start();
    unsigned long bad = inet_addr("127.0.0.256");
    printf("inet_addr(127.0.0.256)=%08lx\n", bad);
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = addr4(bad, 0);
    report("bind(tcp 255.255.255.255)", bind(t, (struct sockaddr *)&a, sizeof a));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    report("bind(udp 255.255.255.255)", bind(u, (struct sockaddr *)&a, sizeof a));
    a = addr4(inet_addr("127.0.0.1"), 0);
    report("bind(tcp 127.0.0.1)", bind(t, (struct sockaddr *)&a, sizeof a));
}

static void case_getsockopt_level(void) /* unknown level with a bogus optval: WSAEINVAL (level first) */
{
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    int len = 4, v = 0;
    report("getsockopt(level 100, bogus optval)", getsockopt(s, 100, SO_TYPE, (char *)1, &len));
    report("getsockopt(level 100)", getsockopt(s, 100, SO_TYPE, (char *)&v, &len));
    report("getsockopt(SOL_SOCKET, bogus optval)", getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)1, &len));
    report("getsockopt(SOL_SOCKET, SO_TYPE)", getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&v, &len));
    printf("type=%d len=%d\n", v, len);
}

static void case_inet_addr(void)       /* inet_addr(" ") is 0 */
{
    printf("inet_addr(\" \")=%08lx\n", inet_addr(" "));
    printf("inet_addr(\"\")=%08lx\n", inet_addr(""));
    printf("inet_addr(\"1.2.3.4\")=%08lx\n", inet_addr("1.2.3.4"));
    printf("inet_addr(\"1.2.3.4 x\")=%08lx\n", inet_addr("1.2.3.4 x"));
    printf("inet_addr(\"x\")=%08lx\n", inet_addr("x"));
}

static void case_recv_neglen(void)     /* recvfrom()/recv() with len = -1: WSAENOBUFS */
{
    start();
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = addr4(inet_addr("127.0.0.1"), 0), from;
    if (bind(u, (struct sockaddr *)&a, sizeof a) != 0) setup_failed("bind");
    char buf[16];
    int fl = sizeof from;
    report("recvfrom(len -1)", recvfrom(u, buf, -1, 0, (struct sockaddr *)&from, &fl));
    report("recv(len -1)", recv(u, buf, -1, 0));
    report("recvfrom(len -1, bad buf)", recvfrom(u, (char *)1, -1, 0, (struct sockaddr *)&from, &fl));
    u_long on = 1;
    ioctlsocket(u, FIONBIO, &on);
    report("recvfrom(len 16)", recvfrom(u, buf, 16, 0, (struct sockaddr *)&from, &fl));
}

static void case_enum_null(void)       /* WSAEnumNetworkEvents(s, event, NULL): WSAEINVAL */
{
    start();
    SOCKET s = socket(AF_INET, SOCK_STREAM, 0);
    WSAEVENT ev = WSACreateEvent();
    WSANETWORKEVENTS ne;
    report("WSAEnumNetworkEvents(NULL)", WSAEnumNetworkEvents(s, ev, NULL));
    report("WSAEnumNetworkEvents(bad ptr)", WSAEnumNetworkEvents(s, ev, (LPWSANETWORKEVENTS)1));
    report("WSAEnumNetworkEvents", WSAEnumNetworkEvents(s, ev, &ne));
    printf("events=%ld\n", ne.lNetworkEvents);
    WSACloseEvent(ev);
}

static void case_wsasocket(void)       /* WSASocketW: a socket like socket()'s; its error paths */
{
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    report("WSASocketW(before WSAStartup)", (int)s);
    start();
    s = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (s == INVALID_SOCKET) setup_failed("WSASocketW");
    printf("WSASocketW(tcp)=ok\n");
    struct sockaddr_in a = addr4(inet_addr(g_host), g_port);
    report("connect", connect(s, (struct sockaddr *)&a, sizeof a));
    report("send", send(s, "wsa", 3, 0));
    closesocket(s);

    WSAPROTOCOL_INFOW pi;
    memset(&pi, 0, sizeof pi);
    pi.iAddressFamily = AF_INET;
    pi.iSocketType = SOCK_DGRAM;
    pi.iProtocol = IPPROTO_UDP;
    SOCKET u = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &pi, 0, 0);
    if (u == INVALID_SOCKET) setup_failed("WSASocketW(protocol info)");
    int type = 0, len = 4;
    getsockopt(u, SOL_SOCKET, SO_TYPE, (char *)&type, &len);
    printf("WSASocketW(protocol info) type=%d\n", type);
    report("sendto", sendto(u, "dgram", 5, 0, (struct sockaddr *)&a, sizeof a));
    closesocket(u);
    report("WSASocketW(g=1)", (int)WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 1, 0));
    report("WSASocketW(af 99)", (int)WSASocketW(99, SOCK_STREAM, 0, NULL, 0, 0));
    report("WSASocketW(type 9)", (int)WSASocketW(AF_INET, 9, 0, NULL, 0, 0));
    report("WSASocketW(bad info)", (int)WSASocketW(FROM_PROTOCOL_INFO, SOCK_STREAM, 0, (LPWSAPROTOCOL_INFOW)4, 0, 0));
}

static void case_strtok(void)          /* coredll strtok (ordinal 1073) */
{
    char text[] = ",,alpha, beta;;gamma,";
    const char *t = strtok(text, ",; ");
    while (t) { printf("token=%s\n", t); t = strtok(NULL, ",; "); }
    printf("after end=%s\n", strtok(NULL, ",") ? "token" : "NULL");
    char only[] = ";;;";
    printf("only delimiters=%s\n", strtok(only, ";") ? "token" : "NULL");
    char one[] = "single";
    printf("no delimiter=%s\n", strtok(one, ","));
    printf("then=%s\n", strtok(NULL, ",") ? "token" : "NULL");
}

static void case_byteorder(void)       /* WSAHtonl, WSAHtons, WSANtohl, WSANtohs */
{
    u_long l = 0;
    u_short sh = 0;
    report("WSAHtonl(before WSAStartup)", WSAHtonl(0x100, 1, &l));
    start();
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    report("WSAHtonl", WSAHtonl(s, 0x11223344, &l));
    printf("netlong=%08lx\n", l);
    report("WSANtohl", WSANtohl(s, l, &l));
    printf("hostlong=%08lx\n", l);
    report("WSAHtons", WSAHtons(s, 0x1234, &sh));
    printf("netshort=%04x\n", sh);
    report("WSANtohs", WSANtohs(s, sh, &sh));
    printf("hostshort=%04x\n", sh);
    report("WSAHtonl(NULL)", WSAHtonl(s, 1, NULL));
    report("WSAHtons(bad ptr)", WSAHtons(s, 1, (u_short *)8));
    report("WSANtohl(not a socket)", WSANtohl(0x7777, 1, &l));
}

static void print_servent(const char *what, struct servent *e)
{
    if (!e) { printf("%s=NULL err=%d\n", what, WSAGetLastError()); return; }
    printf("%s=%s port=%u proto=%s", what, e->s_name, ntohs((u_short)e->s_port), e->s_proto);
    for (char **a = e->s_aliases; *a; a++) printf(" alias=%s", *a);
    printf("\n");
}

static void print_protoent(const char *what, struct protoent *e)
{
    if (!e) { printf("%s=NULL err=%d\n", what, WSAGetLastError()); return; }
    printf("%s=%s number=%d", what, e->p_name, e->p_proto);
    for (char **a = e->p_aliases; *a; a++) printf(" alias=%s", *a);
    printf("\n");
}

static void case_netdb(void)           /* getservbyname/port, getprotobyname/number: the built-in tables */
{
    print_servent("getservbyname(before WSAStartup)", getservbyname("http", "tcp"));
    start();
    print_servent("getservbyname(http,tcp)", getservbyname("http", "tcp"));
    print_servent("getservbyname(www,NULL)", getservbyname("www", NULL));
    print_servent("getservbyname(domain,udp)", getservbyname("domain", "udp"));
    print_servent("getservbyname(http,udp)", getservbyname("http", "udp"));
    print_servent("getservbyname(nosuch,NULL)", getservbyname("nosuch", NULL));
    print_servent("getservbyport(25,NULL)", getservbyport(htons(25), NULL));
    print_servent("getservbyport(123,udp)", getservbyport(htons(123), "udp"));
    print_servent("getservbyport(9999,NULL)", getservbyport(htons(9999), NULL));
    print_servent("getservbyname(bad ptr)", getservbyname((const char *)8, NULL));
    print_protoent("getprotobyname(tcp)", getprotobyname("tcp"));
    print_protoent("getprotobyname(UDP)", getprotobyname("UDP"));
    print_protoent("getprotobyname(nosuch)", getprotobyname("nosuch"));
    print_protoent("getprotobynumber(1)", getprotobynumber(1));
    print_protoent("getprotobynumber(200)", getprotobynumber(200));
}

static void wprint(const char *what, const wchar_t *w)
{
    char a[128];
    w2a(a, w, sizeof a);
    printf("%s=%s\n", what, a);
}

static void case_addrstring(void)      /* WSAAddressToStringW / WSAStringToAddressW */
{
    wchar_t text[64];
    DWORD n = 64;
    struct sockaddr_in a = addr4(inet_addr("192.0.2.33"), 8080);
    report("WSAAddressToStringW(before WSAStartup)", WSAAddressToStringW((struct sockaddr *)&a, sizeof a, NULL, text, &n));
    start();
    report("WSAAddressToStringW(v4)", WSAAddressToStringW((struct sockaddr *)&a, sizeof a, NULL, text, &n));
    wprint("text", text);
    printf("len=%lu\n", n);
    a.sin_port = 0;
    n = 64;
    WSAAddressToStringW((struct sockaddr *)&a, sizeof a, NULL, text, &n);
    wprint("text(port 0)", text);
    struct sockaddr_in6 s6;
    memset(&s6, 0, sizeof s6);
    s6.sin6_family = AF_INET6;
    s6.sin6_port = htons(443);
    s6.sin6_addr.s6_addr[0] = 0x20; s6.sin6_addr.s6_addr[1] = 0x01; s6.sin6_addr.s6_addr[2] = 0x0d; s6.sin6_addr.s6_addr[3] = 0xb8;
    s6.sin6_addr.s6_addr[15] = 5;
    s6.sin6_scope_id = 3;
    n = 64;
    report("WSAAddressToStringW(v6)", WSAAddressToStringW((struct sockaddr *)&s6, sizeof s6, NULL, text, &n));
    wprint("text", text);
    n = 4;
    report("WSAAddressToStringW(small)", WSAAddressToStringW((struct sockaddr *)&s6, sizeof s6, NULL, text, &n));
    printf("needed=%lu\n", n);
    n = 64;
    report("WSAAddressToStringW(short len)", WSAAddressToStringW((struct sockaddr *)&s6, 16, NULL, text, &n));
    a.sin_family = 99;
    report("WSAAddressToStringW(family 99)", WSAAddressToStringW((struct sockaddr *)&a, sizeof a, NULL, text, &n));

    struct sockaddr_in b;
    int bl = sizeof b;
    report("WSAStringToAddressW(v4)", WSAStringToAddressW(L"10.1.2.3:99", AF_INET, NULL, (struct sockaddr *)&b, &bl));
    printf("family=%d addr=%08lx port=%u len=%d\n", b.sin_family, b.sin_addr.s_addr, ntohs(b.sin_port), bl);
    struct sockaddr_in6 b6;
    bl = sizeof b6;
    report("WSAStringToAddressW(v6)", WSAStringToAddressW(L"[2001:db8::5%3]:443", AF_INET6, NULL, (struct sockaddr *)&b6, &bl));
    printf("family=%d port=%u scope=%lu last=%d first=%02x len=%d\n", b6.sin6_family, ntohs(b6.sin6_port), b6.sin6_scope_id,
           b6.sin6_addr.s6_addr[15], b6.sin6_addr.s6_addr[0], bl);
    bl = sizeof b;
    report("WSAStringToAddressW(bad text)", WSAStringToAddressW(L"10.1.2.300", AF_INET, NULL, (struct sockaddr *)&b, &bl));
    report("WSAStringToAddressW(v6 text as v4)", WSAStringToAddressW(L"::1", AF_INET, NULL, (struct sockaddr *)&b, &bl));
    bl = 8;
    report("WSAStringToAddressW(small)", WSAStringToAddressW(L"10.1.2.3", AF_INET, NULL, (struct sockaddr *)&b, &bl));
    printf("needed=%d\n", bl);
    bl = sizeof b;
    report("WSAStringToAddressW(family 99)", WSAStringToAddressW(L"10.1.2.3", 99, NULL, (struct sockaddr *)&b, &bl));
}

static void case_enumprotocols(void)   /* WSAEnumProtocolsW */
{
    static WSAPROTOCOL_INFOW pi[8];
    DWORD n = 0;
    start();
    report("WSAEnumProtocolsW(NULL buffer)", WSAEnumProtocolsW(NULL, NULL, &n));
    printf("needed=%lu\n", n);
    n = sizeof pi;
    int r = WSAEnumProtocolsW(NULL, pi, &n);
    report("WSAEnumProtocolsW", r);
    for (int i = 0; i < r; i++) {
        char name[64];
        w2a(name, pi[i].szProtocol, sizeof name);
        printf("af=%d type=%d proto=%d maxsa=%d msg=%lu chain=%d name=%s\n", pi[i].iAddressFamily, pi[i].iSocketType,
               pi[i].iProtocol, pi[i].iMaxSockAddr, pi[i].dwMessageSize, pi[i].ProtocolChain.ChainLen, name);
    }
    int only_udp[] = { IPPROTO_UDP, 0 };
    n = sizeof pi;
    report("WSAEnumProtocolsW(udp only)", WSAEnumProtocolsW(only_udp, pi, &n));
    report("WSAEnumProtocolsW(bad len ptr)", WSAEnumProtocolsW(NULL, pi, (DWORD *)8));
    SOCKET s = WSASocketW(FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, FROM_PROTOCOL_INFO, &pi[0], 0, 0);
    int type = 0, len = 4;
    getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&type, &len);
    printf("socket from entry 0: type=%d\n", type);
}

static void case_overlapped(void)      /* WSASend/WSARecv/WSASendTo/WSARecvFrom, WSAGetOverlappedResult; peer: an echo server */
{
    start();
    SOCKET s = WSASocketW(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED);
    struct sockaddr_in a = addr4(inet_addr(g_host), g_port);
    if (connect(s, (struct sockaddr *)&a, sizeof a) != 0) setup_failed("connect");
    char b1[3], b2[16];
    WSABUF out[2] = { { 3, "hel" }, { 2, "lo" } }, in[2] = { { sizeof b1, b1 }, { sizeof b2, b2 } };
    DWORD n = 0, flags = 0;
    report("WSASend(2 buffers)", WSASend(s, out, 2, &n, 0, NULL, NULL));
    printf("sent=%lu\n", n);
    DWORD got = 0;
    while (got < 5) {
        n = 0;
        in[0].buf = b1 + (got < 3 ? got : 3); in[0].len = got < 3 ? 3 - got : 0;
        in[1].buf = b2 + (got > 3 ? got - 3 : 0); in[1].len = sizeof b2 - (got > 3 ? got - 3 : 0);
        if (WSARecv(s, in, 2, &n, &flags, NULL, NULL) != 0 || n == 0) { report("WSARecv", -1); break; }
        got += n;
    }
    printf("received=%lu text=%.3s%.2s flags=%lu\n", got, b1, b2, flags);

    WSAEVENT ev = WSACreateEvent(), ev2 = WSACreateEvent();
    WSAOVERLAPPED ov, ov2;
    memset(&ov, 0, sizeof ov); ov.hEvent = ev;
    memset(&ov2, 0, sizeof ov2); ov2.hEvent = ev2;
    char rb[32];
    WSABUF r1 = { sizeof rb, rb };
    flags = 0;
    report("WSARecv(overlapped, nothing yet)", WSARecv(s, &r1, 1, NULL, &flags, &ov, NULL));
    DWORD cb = 0, fl = 0;
    int ok = WSAGetOverlappedResult(s, &ov, &cb, FALSE, &fl);
    printf("WSAGetOverlappedResult(no wait)=%d err=%d\n", ok, WSAGetLastError());
    printf("event before=%lu\n", WaitForSingleObject(ev, 0));
    WSABUF w = { 5, "world" };
    n = 0;
    report("WSASend(overlapped)", WSASend(s, &w, 1, &n, 0, &ov2, NULL));
    printf("sent=%lu event2=%lu\n", n, WaitForSingleObject(ev2, 0));
    printf("wait=%lu\n", WSAWaitForMultipleEvents(1, &ev, FALSE, 5000, FALSE));
    ok = WSAGetOverlappedResult(s, &ov, &cb, TRUE, &fl);
    printf("WSAGetOverlappedResult(wait)=%d bytes=%lu text=%.*s\n", ok, cb, (int)cb, rb);

    report("WSASend(bad buffers)", WSASend(s, (LPWSABUF)8, 1, &n, 0, NULL, NULL));
    report("WSASend(count NULL)", WSASend(s, &w, 1, NULL, 0, NULL, NULL));
    report("WSARecv(flags NULL)", WSARecv(s, &r1, 1, &n, NULL, NULL, NULL));
    report("WSASend(not a socket)", WSASend(0x7777, &w, 1, &n, 0, NULL, NULL));
    ok = WSAGetOverlappedResult(s, (LPWSAOVERLAPPED)8, &cb, FALSE, &fl);
    printf("WSAGetOverlappedResult(bad ov)=%d err=%d\n", ok, WSAGetLastError());
    closesocket(s);

    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in me = addr4(inet_addr("127.0.0.1"), 0), from;
    bind(u, (struct sockaddr *)&me, sizeof me);
    int ml = sizeof me;
    getsockname(u, (struct sockaddr *)&me, &ml);
    memset(&ov, 0, sizeof ov); ov.hEvent = ev;
    WSAResetEvent(ev);
    int fromlen = sizeof from;
    flags = 0;
    report("WSARecvFrom(overlapped)", WSARecvFrom(u, &r1, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &ov, NULL));
    SOCKET u2 = socket(AF_INET, SOCK_DGRAM, 0);
    WSABUF parts[2] = { { 5, "dgram" }, { 1, "!" } };
    report("WSASendTo(2 buffers)", WSASendTo(u2, parts, 2, &n, 0, (struct sockaddr *)&me, sizeof me, NULL, NULL));
    printf("sent=%lu\n", n);
    ok = WSAGetOverlappedResult(u, &ov, &cb, TRUE, &fl);
    printf("WSARecvFrom result=%d bytes=%lu text=%.*s from=%s fromlen=%d\n", ok, cb, (int)cb, rb, inet_ntoa(from.sin_addr), fromlen);
}

static void case_wsaconnect(void)      /* WSAConnect: connect data and QOS refused (CE provider), then a real connect */
{
    start();
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = addr4(inet_addr(g_host), g_port);
    WSABUF data = { 2, "cd" }, none = { 0, NULL };
    char back[8];
    WSABUF callee = { sizeof back, back };
    int qos[4] = { 0 };
    report("WSAConnect(bad socket)", WSAConnect((SOCKET)0x7777, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL));
    report("WSAConnect(caller data)", WSAConnect(t, (struct sockaddr *)&a, sizeof a, &data, NULL, NULL, NULL));
    report("WSAConnect(caller data, bad addr)", WSAConnect(t, (struct sockaddr *)&a, 3, &data, NULL, NULL, NULL));
    report("WSAConnect(sqos)", WSAConnect(t, (struct sockaddr *)&a, sizeof a, NULL, NULL, qos, NULL));
    report("WSAConnect(gqos)", WSAConnect(t, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, qos));
    report("WSAConnect(bad caller ptr)", WSAConnect(t, (struct sockaddr *)&a, sizeof a, (LPWSABUF)8, NULL, NULL, NULL));
    report("WSAConnect(bad addr len)", WSAConnect(t, (struct sockaddr *)&a, 3, &none, NULL, NULL, NULL));
    report("WSAConnect(peer)", WSAConnect(t, (struct sockaddr *)&a, sizeof a, &none, &callee, NULL, NULL));
    printf("callee len=%lu\n", callee.len);
    report("WSAConnect(again)", WSAConnect(t, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL));
    report("send", send(t, "wc", 2, 0));
    closesocket(t);
}

static void print16(const char *what, const unsigned char *b)
{
    printf("%s=", what);
    for (int i = 0; i < 16; i++) printf("%02x", b[i]);
    printf("\n");
}

static void case_in6addr(void)         /* in6addr_any / in6addr_loopback: ws2 data exports */
{
    print16("in6addr_any", in6addr_any.s6_addr);
    print16("in6addr_loopback", in6addr_loopback.s6_addr);
    HMODULE ws2 = LoadLibraryW(L"ws2.dll");
    const void *p = (const void *)GetProcAddressW(ws2, L"in6addr_loopback");
    printf("GetProcAddress(in6addr_loopback) same=%d\n", p == (const void *)&in6addr_loopback);
    /* An IPv6 socket bound to in6addr_loopback really is on ::1 (when the host has IPv6). */
    start();
    SOCKET s = socket(AF_INET6, SOCK_DGRAM, 0);
    if (s == INVALID_SOCKET) { printf("ipv6 socket: err=%d\n", WSAGetLastError()); return; }
    struct sockaddr_in6 a;
    memset(&a, 0, sizeof a);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    int r = bind(s, (struct sockaddr *)&a, sizeof a);
    printf("bind(in6addr_loopback)=%d\n", r);
    closesocket(s);
}

static void print_result(WSAQUERYSETW_ *r)
{
    char name[64];
    w2a(name, r->lpszServiceInstanceName, sizeof name);
    printf("result size=%lu ns=%lu name=%s addrs=%lu", r->dwSize, r->dwNameSpace, r->lpszServiceInstanceName ? name : "(none)", r->dwNumberOfCsAddrs);
    for (DWORD i = 0; i < r->dwNumberOfCsAddrs; i++) {
        struct sockaddr_in *sa = (struct sockaddr_in *)r->lpcsaBuffer[i].RemoteAddr.lpSockaddr;
        printf(" [%s type=%d proto=%d]", inet_ntoa(sa->sin_addr), r->lpcsaBuffer[i].iSocketType, r->lpcsaBuffer[i].iProtocol);
    }
    if (r->lpBlob) {
        BYTE *b = r->lpBlob->pBlobData;
        DWORD nameoff = *(DWORD *)b, listoff = *(DWORD *)(b + 12), a0 = *(DWORD *)(b + listoff);
        struct in_addr a;
        memcpy(&a, b + a0, 4);
        printf(" blob=%lu hostent(name=%s type=%d len=%d addr0=%s)", r->lpBlob->cbSize, (char *)b + nameoff, *(short *)(b + 8), *(short *)(b + 10), inet_ntoa(a));
    }
    printf("\n");
}

static void case_nsp(void)             /* WSAEnumNameSpaceProvidersW, WSALookupService*, WSANSPIoctl, WSASetServiceW */
{
    static DWORD buf[256];
    DWORD n = 0;
    report("WSAEnumNameSpaceProvidersW(before WSAStartup)", WSAEnumNameSpaceProvidersW(&n, (WSANAMESPACE_INFOW_ *)buf));
    start();
    report("WSAEnumNameSpaceProvidersW(NULL buffer)", WSAEnumNameSpaceProvidersW(&n, NULL));
    printf("needed=%lu\n", n);
    n = sizeof buf;
    int r = WSAEnumNameSpaceProvidersW(&n, (WSANAMESPACE_INFOW_ *)buf);
    report("WSAEnumNameSpaceProvidersW", r);
    WSANAMESPACE_INFOW_ *ns = (WSANAMESPACE_INFOW_ *)buf;
    for (int i = 0; i < r; i++) {
        char id[64];
        w2a(id, ns[i].lpszIdentifier, sizeof id);
        printf("provider ns=%lu active=%d version=%lu id=%s guid=%08lx-%04x\n", ns[i].dwNameSpace, ns[i].fActive, ns[i].dwVersion, id,
               ns[i].NSProviderId.Data1, ns[i].NSProviderId.Data2);
    }
    WSA_GUID provider = ns[0].NSProviderId;

    WSAQUERYSETW_ q;
    HANDLE h = 0;
    memset(&q, 0, sizeof q);
    q.dwSize = sizeof q;
    q.lpszServiceInstanceName = L"peer.test";
    q.lpServiceClassId = &SVCID_INET_HOSTADDRBYNAME;
    q.dwNameSpace = NS_DNS;
    report("WSALookupServiceBeginW(NULL handle ptr)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, NULL));
    q.dwSize = 8;
    report("WSALookupServiceBeginW(dwSize 8)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, &h));
    q.dwSize = sizeof q;
    q.lpServiceClassId = NULL;
    report("WSALookupServiceBeginW(no class)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, &h));
    q.lpServiceClassId = &SVCID_OTHER;
    report("WSALookupServiceBeginW(unknown class)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, &h));
    q.lpServiceClassId = &SVCID_INET_HOSTADDRBYNAME;
    q.dwNameSpace = 99;
    report("WSALookupServiceBeginW(name space 99)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, &h));
    q.dwNameSpace = NS_DNS;
    q.lpNSProviderId = &provider;
    report("WSALookupServiceBeginW(peer.test)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME | LUP_RETURN_ADDR | LUP_RETURN_BLOB, &h));
    static DWORD res[128];
    DWORD len = 16;
    report("WSALookupServiceNextW(small)", WSALookupServiceNextW(h, 0, &len, (WSAQUERYSETW_ *)res));
    printf("needed ok=%d\n", len > 60 && len <= sizeof res);
    len = sizeof res;
    report("WSALookupServiceNextW", WSALookupServiceNextW(h, 0, &len, (WSAQUERYSETW_ *)res));
    print_result((WSAQUERYSETW_ *)res);
    report("WSALookupServiceNextW(again)", WSALookupServiceNextW(h, 0, &len, (WSAQUERYSETW_ *)res));
    report("WSANSPIoctl", WSANSPIoctl(h, 0x88000019, NULL, 0, NULL, 0, &len, NULL));
    report("WSALookupServiceEnd", WSALookupServiceEnd(h));
    report("WSALookupServiceEnd(again)", WSALookupServiceEnd(h));
    report("WSALookupServiceNextW(ended)", WSALookupServiceNextW(h, 0, &len, (WSAQUERYSETW_ *)res));
    report("WSANSPIoctl(ended)", WSANSPIoctl(h, 0x88000019, NULL, 0, NULL, 0, &len, NULL));

    q.lpszServiceInstanceName = L"10.9.8.7";
    report("WSALookupServiceBeginW(numeric, name only)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, &h));
    len = sizeof res;
    report("WSALookupServiceNextW", WSALookupServiceNextW(h, 0, &len, (WSAQUERYSETW_ *)res));
    print_result((WSAQUERYSETW_ *)res);
    WSALookupServiceEnd(h);
    q.lpszServiceInstanceName = L"10.1.2.3";
    q.lpServiceClassId = &SVCID_INET_HOSTADDRBYINETSTRING;
    report("WSALookupServiceBeginW(by inet string)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME | LUP_RETURN_ADDR, &h));
    len = sizeof res;
    report("WSALookupServiceNextW", WSALookupServiceNextW(h, 0, &len, (WSAQUERYSETW_ *)res));
    print_result((WSAQUERYSETW_ *)res);
    WSALookupServiceEnd(h);
    q.lpszServiceInstanceName = L"nohost.invalid";
    q.lpServiceClassId = &SVCID_INET_HOSTADDRBYNAME;
    report("WSALookupServiceBeginW(nohost.invalid)", WSALookupServiceBeginW(&q, LUP_RETURN_NAME, &h));

    report("WSASetServiceW(register)", WSASetServiceW(&q, 0, 0));
    report("WSASetServiceW(delete)", WSASetServiceW(&q, 2, 0));
    report("WSASetServiceW(op 7)", WSASetServiceW(&q, 7, 0));
    report("WSASetServiceW(NULL)", WSASetServiceW(NULL, 0, 0));
}

static void case_spi(void)             /* WSCEnumProtocols, WSC install/deinstall, WPUCompleteOverlappedRequest */
{
    static WSAPROTOCOL_INFOW pi[8];
    DWORD n = 0;
    int err = 0;
    report("WSCEnumProtocols(NULL buffer)", WSCEnumProtocols(NULL, NULL, &n, &err));
    printf("err=%d needed=%lu\n", err, n);
    n = sizeof pi;
    err = 0;
    int r = WSCEnumProtocols(NULL, pi, &n, &err);
    printf("WSCEnumProtocols=%d err=%d first type=%d proto=%d\n", r, err, pi[0].iSocketType, pi[0].iProtocol);
    report("WSCEnumProtocols(bad len ptr)", WSCEnumProtocols(NULL, pi, (DWORD *)8, &err));
    printf("err=%d\n", err);
    WSA_GUID g = { 0x12345678, 1, 2, { 3, 4, 5, 6, 7, 8, 9, 10 } };
    err = 0;
    r = WSCInstallProvider(&g, L"\\Windows\\mylsp.dll", pi, 1, &err);
    printf("WSCInstallProvider=%d err=%d\n", r, err);
    r = WSCInstallProvider(&g, L"\\Windows\\mylsp.dll", (LPWSAPROTOCOL_INFOW)8, 1, &err);
    printf("WSCInstallProvider(bad list)=%d err=%d\n", r, err);
    r = WSCDeinstallProvider(&pi[0].ProviderId, &err);
    printf("WSCDeinstallProvider=%d err=%d\n", r, err);
    r = WSCDeinstallProvider((WSA_GUID *)8, &err);
    printf("WSCDeinstallProvider(bad guid)=%d err=%d\n", r, err);
    report("WSCInstallNameSpace", WSCInstallNameSpace(L"My NSP", L"mynsp.dll", NS_DNS, 1, &g));
    report("WSCInstallNameSpace(bad path)", WSCInstallNameSpace(L"My NSP", (wchar_t *)8, NS_DNS, 1, &g));
    report("WSCUnInstallNameSpace", WSCUnInstallNameSpace(&g));
    report("WSCUnInstallNameSpace(bad guid)", WSCUnInstallNameSpace((WSA_GUID *)8));
    start();
    n = sizeof pi;
    printf("WSAEnumProtocolsW after=%d\n", WSAEnumProtocolsW(NULL, pi, &n));

    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    WSAEVENT ev = WSACreateEvent();
    WSAOVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    ov.hEvent = ev;
    r = WPUCompleteOverlappedRequest(s, NULL, 0, 5, &err);
    printf("WPUCompleteOverlappedRequest(NULL ov)=%d err=%d\n", r, err);
    r = WPUCompleteOverlappedRequest((SOCKET)0x7777, &ov, 0, 5, &err);
    printf("WPUCompleteOverlappedRequest(not a socket)=%d err=%d\n", r, err);
    printf("event before=%lu\n", WaitForSingleObject(ev, 0));
    r = WPUCompleteOverlappedRequest(s, &ov, 0, 42, &err);
    printf("WPUCompleteOverlappedRequest=%d event=%lu\n", r, WaitForSingleObject(ev, 0));
    DWORD cb = 0, fl = 0;
    BOOL ok = WSAGetOverlappedResult(s, &ov, &cb, FALSE, &fl);
    printf("WSAGetOverlappedResult=%d bytes=%lu\n", ok, cb);
    WSAResetEvent(ev);
    r = WPUCompleteOverlappedRequest(s, &ov, WSAECONNRESET, 0, &err);
    ok = WSAGetOverlappedResult(s, &ov, &cb, FALSE, &fl);
    printf("with an error: %d event=%lu result=%d err=%d\n", r, WaitForSingleObject(ev, 0), ok, WSAGetLastError());
}

static void case_joinleaf(void)        /* WSAJoinLeaf: not supported by CE's default provider */
{
    struct sockaddr_in a = addr4(inet_addr("127.0.0.1"), 9);
    report("WSAJoinLeaf(before WSAStartup)", (int)WSAJoinLeaf((SOCKET)0x7777, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL, 3));
    start();
    report("WSAJoinLeaf(not a socket)", (int)WSAJoinLeaf((SOCKET)0x7777, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL, 3));
    SOCKET u = socket(AF_INET, SOCK_DGRAM, 0);
    report("WSAJoinLeaf(udp)", (int)WSAJoinLeaf(u, (struct sockaddr *)&a, sizeof a, NULL, NULL, NULL, NULL, 3));
    SOCKET t = socket(AF_INET, SOCK_STREAM, 0);
    report("WSAJoinLeaf(tcp, bad name)", (int)WSAJoinLeaf(t, (struct sockaddr *)8, 16, NULL, NULL, NULL, NULL, 1));
    int type = 0, len = 4;
    report("getsockopt after", getsockopt(u, SOL_SOCKET, SO_TYPE, (char *)&type, &len));
}

static void case_order(void)           /* which check comes first: the socket prolog before any argument check */
{
    DWORD got = 0;
    u_long n = 0;
    report("WSAIoctl(before WSAStartup, bad count ptr)", WSAIoctl((SOCKET)0x7777, FIONREAD, NULL, 0, &n, 4, (DWORD *)8, NULL, NULL));
    start();
    report("WSAIoctl(not a socket, bad count ptr)", WSAIoctl((SOCKET)0x7777, FIONREAD, NULL, 0, &n, 4, (DWORD *)8, NULL, NULL));
    SOCKET s = socket(AF_INET, SOCK_DGRAM, 0);
    report("WSAIoctl(bad count ptr)", WSAIoctl(s, FIONREAD, NULL, 0, &n, 4, (DWORD *)8, NULL, NULL));
    report("WSAIoctl(unknown code)", WSAIoctl(s, 0x12345678, NULL, 0, NULL, 0, &got, NULL, NULL));
    report("WSAIoctl(FIONREAD)", WSAIoctl(s, FIONREAD, NULL, 0, &n, 4, &got, NULL, NULL));
    printf("bytes=%lu returned=%lu\n", n, got);
    report("send(not a socket, bad buffer)", send((SOCKET)0x7777, (char *)8, 5, 0));
    report("recv(not a socket, NULL buffer)", recv((SOCKET)0x7777, NULL, 5, 0));
    report("WSAEnumNetworkEvents(not a socket, NULL)", WSAEnumNetworkEvents((SOCKET)0x7777, NULL, NULL));
    report("WSAHtonl(not a socket, NULL)", WSAHtonl((SOCKET)0x7777, 1, NULL));
    report("getsockopt(not a socket, level 100, bogus optval)", getsockopt((SOCKET)0x7777, 100, SO_TYPE, (char *)1, (int *)8));
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2) { printf("usage: wsconf_win <case> [host] [port]\n"); return 1; }
    if (argc > 2) w2a(g_host, argv[2], sizeof g_host);
    if (argc > 3) g_port = (u_short)watoi(argv[3]);
    const wchar_t *c = argv[1];
    if (wstreq(c, "accept_udp")) case_accept_udp();
    else if (wstreq(c, "connect_any")) case_connect_any();
    else if (wstreq(c, "bind_bcast")) case_bind_bcast();
    else if (wstreq(c, "getsockopt_level")) case_getsockopt_level();
    else if (wstreq(c, "inet_addr")) case_inet_addr();
    else if (wstreq(c, "recv_neglen")) case_recv_neglen();
    else if (wstreq(c, "enum_null")) case_enum_null();
    else if (wstreq(c, "wsasocket")) case_wsasocket();
    else if (wstreq(c, "strtok")) case_strtok();
    else if (wstreq(c, "byteorder")) case_byteorder();
    else if (wstreq(c, "netdb")) case_netdb();
    else if (wstreq(c, "addrstring")) case_addrstring();
    else if (wstreq(c, "enumprotocols")) case_enumprotocols();
    else if (wstreq(c, "overlapped")) case_overlapped();
    else if (wstreq(c, "wsaconnect")) case_wsaconnect();
    else if (wstreq(c, "in6addr")) case_in6addr();
    else if (wstreq(c, "nsp")) case_nsp();
    else if (wstreq(c, "spi")) case_spi();
    else if (wstreq(c, "joinleaf")) case_joinleaf();
    else if (wstreq(c, "order")) case_order();
    else { printf("unknown case\n"); return 1; }
    printf("done\n");
    return 0;
}
