/* ws_echocli.exe — TCP echo client.
 *
 *   ws_echocli HOST PORT BYTES [CHUNK]
 *
 * Resolves HOST (getaddrinfo: a name from the hosts map or the host resolver, an IPv4 or IPv6
 * address), connects, sends BYTES bytes of the ws_util.h pattern in CHUNK-byte pieces (default 1000),
 * reading each piece's echo back before sending the next, verifies every byte, closes. Prints
 * `echo ok bytes=N sum=A:B` (checksum of the pattern stream). Exit 0 ok, 1 usage, 2 connect failed,
 * 3 I/O error, 4 mismatch. */
#include "ws_util.h"

static unsigned out[4096], in[4096];

int wmain(int argc, wchar_t **argv)
{
    if (argc < 4) { printf("usage: ws_echocli HOST PORT BYTES [CHUNK]\n"); return 1; }
    const char *host = arg(argv, 1), *port = arg(argv, 2);
    unsigned total = parse_u(arg(argv, 3)) & ~3u;
    unsigned chunk = argc > 4 ? parse_u(arg(argv, 4)) & ~3u : 1000;
    if (chunk == 0 || chunk > sizeof out) chunk = 1000;
    if (!start_winsock()) return 2;
    SOCKET s = connect_to(host, port);
    if (s == INVALID_SOCKET) return 2;
    unsigned v = PAT_BASE, a = 0, b = 0, done = 0;
    while (done < total) {
        unsigned n = total - done < chunk ? total - done : chunk;
        for (unsigned i = 0; i < n / 4; i++) { out[i] = v; a += v; b += a; v += PAT_STEP; }
        int e = send_all(s, (const char *)out, (int)n);
        if (e) { printf("send: %d\n", e); return 3; }
        unsigned got = 0;
        while (got < n) {
            int r = recv(s, (char *)in + got, (int)(n - got), 0);
            if (r <= 0) { printf("recv: %d (%d)\n", r, WSAGetLastError()); return 3; }
            got += (unsigned)r;
        }
        if (memcmp(in, out, n) != 0) { printf("mismatch in bytes %u..%u\n", done, done + n); return 4; }
        done += n;
    }
    closesocket(s);
    printf("echo ok bytes=%u sum=%08x:%08x\n", done, a, b);
    WSACleanup();
    return 0;
}
