/* bench_send.exe — the sender loop of `npm run bench` (bench/README.md).
 *
 *   bench_send tcp|udp SIZE COUNT HOST PORT [MAX_MS]
 *
 * Connects to HOST:PORT (TCP) or sends datagrams to it (UDP, sendto), then calls send()/sendto()
 * with SIZE-byte buffers COUNT times, or until MAX_MS milliseconds have passed (the clock is read
 * every few calls; COUNT 0 = no count limit). Prints one line:
 *
 *   bench_send mode=tcp size=64 calls=N bytes_hi=H bytes_lo=L elapsed_us=T deadline=0|1
 *
 * The elapsed time covers the send loop only (not start-up, connect or close).
 * The same file builds three ways from one loop: as a Windows CE ROM (roms/build.sh, clang-19,
 * ws2.dll imports, GetTickCount clock), natively with gcc, and for ARM Linux (arm-linux-gnueabi-gcc
 * -static -march=armv5te, run under qemu-arm); the bench compiles the last two at run time.
 * Exit code: 0 ok, 1 usage, 2 socket set-up failed, 3 send failed. */
#ifdef _WIN32
#include <windows.h>
typedef unsigned int SOCKET;
#define INVALID_SOCKET ((SOCKET)~0u)
#define SOCKET_ERROR (-1)
struct in_addr { unsigned long s_addr; };
struct sockaddr_in { unsigned short sin_family, sin_port; struct in_addr sin_addr; char sin_zero[8]; };
struct sockaddr;
_CEAPI int    WSAStartup(WORD wVersionRequested, void *lpWSAData);         /* ws2 38 */
_CEAPI int    WSACleanup(void);                                            /* ws2 8 */
_CEAPI int    WSAGetLastError(void);                                       /* ws2 17 */
_CEAPI SOCKET socket(int af, int type, int protocol);                      /* ws2 82 */
_CEAPI int    connect(SOCKET s, const struct sockaddr *name, int namelen); /* ws2 50 */
_CEAPI int    send(SOCKET s, const char *buf, int len, int flags);         /* ws2 77 */
_CEAPI int    sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to, int tolen); /* ws2 78 */
_CEAPI int    closesocket(SOCKET s);                                       /* ws2 49 */
static unsigned now_ms(void) { return GetTickCount(); }
#define ELAPSED_US(t0, t1) ((unsigned)((t1) - (t0)) * 1000u)
static int last_error(void) { return WSAGetLastError(); }
#else
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
typedef int SOCKET;
#define INVALID_SOCKET (-1)
#define SOCKET_ERROR (-1)
#define closesocket close
static unsigned long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000u + (unsigned long long)ts.tv_nsec / 1000u;
}
static unsigned now_ms(void) { return (unsigned)(now_us() / 1000u); }
static int last_error(void) { return errno; }
#endif

static unsigned parse_u(const char *s)
{
    unsigned v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
    return v;
}

/* dotted quad -> network-order address (no inet_addr: keep the import list to the send path). */
static unsigned parse_ip(const char *s)
{
    unsigned char b[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        b[i] = (unsigned char)parse_u(s);
        while (*s >= '0' && *s <= '9') s++;
        if (*s == '.') s++;
    }
    unsigned v;
    memcpy(&v, b, 4);
    return v;
}

static int streq(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static char buf[65536];

static int bench(int argc, char **argv)
{
    if (argc < 6) {
        printf("usage: bench_send tcp|udp SIZE COUNT HOST PORT [MAX_MS]\n");
        return 1;
    }
    int udp = streq(argv[1], "udp");
    unsigned size = parse_u(argv[2]), count = parse_u(argv[3]);
    unsigned port = parse_u(argv[5]), max_ms = argc > 6 ? parse_u(argv[6]) : 0;
    if (size == 0 || size > sizeof buf || (count == 0 && max_ms == 0)) {
        printf("bench_send: bad SIZE/COUNT/MAX_MS\n");
        return 1;
    }
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (char)(i * 7 + 1);

    struct sockaddr_in to;
    memset(&to, 0, sizeof to);
    to.sin_family = 2; /* AF_INET */
    to.sin_port = (unsigned short)(((port & 0xff) << 8) | ((port >> 8) & 0xff));
    to.sin_addr.s_addr = parse_ip(argv[4]);

    SOCKET s = socket(2, udp ? 2 : 1, udp ? 17 : 6);
    if (s == INVALID_SOCKET) {
        printf("bench_send: socket failed (%d)\n", last_error());
        return 2;
    }
    if (!udp && connect(s, (const struct sockaddr *)&to, sizeof to) == SOCKET_ERROR) {
        printf("bench_send: connect failed (%d)\n", last_error());
        return 2;
    }

    /* Read the clock every `stride` calls so it costs nothing next to the sends. */
    unsigned stride = size >= 16384 ? 8 : size >= 1024 ? 64 : 256;
    unsigned calls = 0, bytes_lo = 0, bytes_hi = 0, deadline_hit = 0;
#ifdef _WIN32
    unsigned t0 = now_ms();
#else
    unsigned long long t0 = now_us();
#endif
    unsigned m0 = now_ms();
    for (;;) {
        int n = udp ? sendto(s, buf, (int)size, 0, (const struct sockaddr *)&to, sizeof to)
                    : send(s, buf, (int)size, 0);
        if (n == SOCKET_ERROR) {
            printf("bench_send: send failed after %u calls (%d)\n", calls, last_error());
            return 3;
        }
        calls++;
        unsigned lo = bytes_lo + (unsigned)n;
        bytes_hi += lo < bytes_lo;
        bytes_lo = lo;
        if (count && calls >= count) break;
        if (max_ms && calls % stride == 0 && now_ms() - m0 >= max_ms) { deadline_hit = 1; break; }
    }
#ifdef _WIN32
    unsigned elapsed_us = ELAPSED_US(t0, now_ms());
#else
    unsigned elapsed_us = (unsigned)(now_us() - t0);
#endif
    closesocket(s);
    /* bytes as hi:lo so the CE build needs no 64-bit printf. */
    printf("bench_send mode=%s size=%u calls=%u bytes_hi=%u bytes_lo=%u elapsed_us=%u deadline=%u\n",
           udp ? "udp" : "tcp", size, calls, bytes_hi, bytes_lo, elapsed_us, deadline_hit);
    return 0;
}

#ifdef _WIN32
/* wmain ROM: narrow copies of the arguments (ASCII only). */
static char g_nargs[8][64];
int wmain(int argc, wchar_t **wargv)
{
    static char *argv[8];
    static unsigned char wsadata[512];
    if (argc > 8) argc = 8;
    for (int i = 0; i < argc; i++) {
        int j = 0;
        for (; wargv[i][j] && j < 63; j++) g_nargs[i][j] = (char)wargv[i][j];
        g_nargs[i][j] = 0;
        argv[i] = g_nargs[i];
    }
    if (WSAStartup(0x0202, wsadata) != 0) {
        printf("bench_send: WSAStartup failed\n");
        return 2;
    }
    int rc = bench(argc, argv);
    WSACleanup();
    return rc;
}
#else
int main(int argc, char **argv) { return bench(argc, argv); }
#endif
