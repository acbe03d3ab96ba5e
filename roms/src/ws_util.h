/* ws_util.h — small helpers shared by the ws_*.c Winsock ROMs (static functions: each ROM is one
 * translation unit). The data pattern and checksum here are mirrored by test/helpers/ws-pattern.ts:
 *   pattern word k (little-endian u32, k = 0, 1, ... from the start of the stream) = PAT_BASE + k·PAT_STEP
 *   checksum over the stream's u32 words: a += w; b += a (mod 2^32), printed as %08x:%08x */
#ifndef WS_UTIL_H
#define WS_UTIL_H
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <ws2ext.h>

#define PAT_BASE 0x7F4A7C15u
#define PAT_STEP 0x9E3779B1u

static __attribute__((unused)) int failures;
#define CHECK(cond, ...) do { if (cond) printf("ok " __VA_ARGS__); else { failures++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

/* argv[i] (UTF-16) → ASCII in a static ring of buffers. */
static __attribute__((unused)) const char *arg(wchar_t **argv, int i)
{
    static char bufs[8][128];
    static int next;
    char *b = bufs[next++ & 7];
    int n = 0;
    const wchar_t *w = argv[i];
    while (w[n] && n < 127) { b[n] = (char)w[n]; n++; }
    b[n] = 0;
    return b;
}

static __attribute__((unused)) unsigned parse_u(const char *s)
{
    unsigned v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
    return v;
}

/* Connects a stream socket to host:port (getaddrinfo: names, IPv4 and IPv6). INVALID_SOCKET on failure. */
static __attribute__((unused)) SOCKET connect_to(const char *host, const char *port)
{
    struct addrinfo hints, *res = 0, *ai;
    SOCKET s = INVALID_SOCKET;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int e = getaddrinfo(host, port, &hints, &res);
    if (e != 0) { printf("getaddrinfo(%s, %s) failed: %d\n", host, port, e); return INVALID_SOCKET; }
    for (ai = res; ai; ai = ai->ai_next) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == INVALID_SOCKET) continue;
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) == 0) break;
        printf("connect: error %d\n", WSAGetLastError());
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(res);
    return s;
}

static __attribute__((unused)) int start_winsock(void)
{
    WSADATA wd;
    int e = WSAStartup(MAKEWORD(2, 2), &wd);
    if (e) printf("WSAStartup failed: %d\n", e);
    return e == 0;
}

/* Sends all of buf (blocking socket). 0 ok, else the error. */
static __attribute__((unused)) int send_all(SOCKET s, const char *buf, int len)
{
    while (len > 0) {
        int n = send(s, buf, len, 0);
        if (n == SOCKET_ERROR) return WSAGetLastError();
        buf += n;
        len -= n;
    }
    return 0;
}
#endif
