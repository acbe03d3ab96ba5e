/* bench_recv.exe — the receive-side loops of `npm run bench` (bench/README.md, issue 16).
 *
 *   bench_recv tcp SIZE HOST PORT MAX_MS       recv(SIZE) from bench/source.c's TCP pour port
 *   bench_recv udp SIZE HOST PORT MAX_MS       recvfrom(SIZE) of SIZE-byte datagrams from its UDP port
 *   bench_recv ping 1 HOST PORT MAX_MS         1-byte send + 1-byte recv round trips against its echo port
 *
 * tcp: connects and calls recv(SIZE) until MAX_MS ms have passed (the clock is read every few calls).
 *   The source writes the byte (offset mod 251) at each stream offset; the first byte of every recv
 *   result is checked against the running offset (a lost, duplicated or reordered chunk is counted
 *   in bad=). calls = recv calls (a call may return fewer than SIZE bytes, as natively).
 * udp: binds an ephemeral port, sends "GO!!" + SIZE to the source, then recvfrom()s datagrams whose
 *   first 4 bytes are a sequence number; every 32 datagrams it sendto()s an acknowledgement (the
 *   source keeps at most 128 unacknowledged datagrams in flight, so loopback never drops: the
 *   receiver is what is measured). lost= counts sequence gaps. At the end it sends "BYE!".
 * ping: TCP_NODELAY on, then send(1) / recv(1) round trips; calls = round trips.
 * Prints one line:
 *
 *   bench_recv mode=tcp size=64 calls=N bytes_hi=H bytes_lo=L elapsed_us=T bad=0 lost=0
 *
 * The elapsed time covers the loop only (not start-up, connect or close). Same C three ways, like
 * bench_send.c: a CE ROM (roms/build.sh, ws2.dll, GetTickCount clock), native gcc, and ARM Linux
 * (arm-linux-gnueabi-gcc -static, under qemu-arm). Exit code: 0 ok, 1 usage, 2 set-up, 3 I/O failed. */
#ifdef _WIN32
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <ws2ext.h>
static unsigned now_ms(void) { return GetTickCount(); }
static int last_error(void) { return WSAGetLastError(); }
typedef int socklen_t;
#else
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

static unsigned char buf[65536];

static void put_u32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16), p[3] = (unsigned char)(v >> 24);
}
static unsigned get_u32(const unsigned char *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((unsigned)p[3] << 24); }

static int bench(int argc, char **argv)
{
    if (argc < 6) {
        printf("usage: bench_recv tcp|udp|ping SIZE HOST PORT MAX_MS\n");
        return 1;
    }
    int udp = streq(argv[1], "udp"), ping = streq(argv[1], "ping");
    unsigned size = parse_u(argv[2]), port = parse_u(argv[4]), max_ms = parse_u(argv[5]);
    if (size == 0 || size > sizeof buf || max_ms == 0 || (!udp && !ping && !streq(argv[1], "tcp"))) {
        printf("bench_recv: bad MODE/SIZE/MAX_MS\n");
        return 1;
    }
    struct sockaddr_in to, from;
    memset(&to, 0, sizeof to);
    to.sin_family = 2; /* AF_INET */
    to.sin_port = (unsigned short)(((port & 0xff) << 8) | ((port >> 8) & 0xff));
    to.sin_addr.s_addr = parse_ip(argv[3]);

    SOCKET s = socket(2, udp ? 2 : 1, udp ? 17 : 6);
    if (s == INVALID_SOCKET) {
        printf("bench_recv: socket failed (%d)\n", last_error());
        return 2;
    }
    if (udp) {
        struct sockaddr_in me;
        memset(&me, 0, sizeof me);
        me.sin_family = 2;
        me.sin_addr.s_addr = to.sin_addr.s_addr;
        if (bind(s, (struct sockaddr *)&me, sizeof me) == SOCKET_ERROR) {
            printf("bench_recv: bind failed (%d)\n", last_error());
            return 2;
        }
        unsigned char go[8] = {'G', 'O', '!', '!'};
        put_u32(go + 4, size);
        if (sendto(s, (const char *)go, 8, 0, (struct sockaddr *)&to, sizeof to) != 8) {
            printf("bench_recv: sendto GO failed (%d)\n", last_error());
            return 2;
        }
    } else if (connect(s, (const struct sockaddr *)&to, sizeof to) == SOCKET_ERROR) {
        printf("bench_recv: connect failed (%d)\n", last_error());
        return 2;
    }
    if (ping) {
        int one = 1;
        setsockopt(s, 6 /* IPPROTO_TCP */, 1 /* TCP_NODELAY */, (const char *)&one, sizeof one);
    }

    unsigned stride = size >= 16384 ? 8 : size >= 1024 ? 64 : 256;
    if (ping) stride = 64;
    unsigned calls = 0, bytes_lo = 0, bytes_hi = 0, bad = 0, lost = 0, expect = 0;
    unsigned off251 = 0; /* stream offset mod 251 (tcp) */
#ifndef _WIN32
    unsigned long long t0 = now_us();
#endif
    unsigned m0 = now_ms();
    for (;;) {
        int n;
        if (ping) {
            buf[0] = (unsigned char)calls;
            if (send(s, (const char *)buf, 1, 0) != 1) {
                printf("bench_recv: send failed after %u calls (%d)\n", calls, last_error());
                return 3;
            }
            n = recv(s, (char *)buf, 1, 0);
            if (n == 1 && buf[0] != (unsigned char)calls) bad++;
        } else if (udp) {
            socklen_t fl = sizeof from;
            n = recvfrom(s, (char *)buf, (int)size, 0, (struct sockaddr *)&from, &fl);
            if (n > 0) {
                unsigned seq = get_u32(buf);
                if (seq != expect) {
                    if (seq > expect) lost += seq - expect;
                    else bad++;
                }
                expect = seq + 1;
                if ((calls & 15) == 15) {
                    unsigned char ack[8] = {'A', 'C', 'K', '!'};
                    put_u32(ack + 4, calls + 1 + lost);
                    sendto(s, (const char *)ack, 8, 0, (struct sockaddr *)&to, sizeof to);
                }
            }
        } else {
            n = recv(s, (char *)buf, (int)size, 0);
            if (n > 0) {
                if (buf[0] != off251) bad++;
                off251 = (off251 + (unsigned)n) % 251u;
            }
        }
        if (n <= 0) {
            printf("bench_recv: recv returned %d after %u calls (%d)\n", n, calls, last_error());
            return 3;
        }
        calls++;
        unsigned lo = bytes_lo + (unsigned)n;
        bytes_hi += lo < bytes_lo;
        bytes_lo = lo;
        if (calls % stride == 0 && now_ms() - m0 >= max_ms) break;
    }
#ifdef _WIN32
    unsigned elapsed_us = (now_ms() - m0) * 1000u;
#else
    unsigned elapsed_us = (unsigned)(now_us() - t0);
#endif
    if (udp) sendto(s, "BYE!", 4, 0, (struct sockaddr *)&to, sizeof to);
    closesocket(s);
    printf("bench_recv mode=%s size=%u calls=%u bytes_hi=%u bytes_lo=%u elapsed_us=%u bad=%u lost=%u\n", argv[1], size, calls, bytes_hi, bytes_lo,
           elapsed_us, bad, lost);
    return 0;
}

#ifdef _WIN32
static char g_nargs[8][64];
int wmain(int argc, wchar_t **wargv)
{
    static char *argv[8];
    static WSADATA wsadata;
    if (argc > 8) argc = 8;
    for (int i = 0; i < argc; i++) {
        int j = 0;
        for (; wargv[i][j] && j < 63; j++) g_nargs[i][j] = (char)wargv[i][j];
        g_nargs[i][j] = 0;
        argv[i] = g_nargs[i];
    }
    if (WSAStartup(0x0202, &wsadata) != 0) {
        printf("bench_recv: WSAStartup failed\n");
        return 2;
    }
    int rc = bench(argc, argv);
    WSACleanup();
    return rc;
}
#else
int main(int argc, char **argv) { return bench(argc, argv); }
#endif
