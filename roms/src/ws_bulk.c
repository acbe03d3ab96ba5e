/* ws_bulk.exe — bulk TCP transfer with a checksum, for the no-data-loss tests.
 *
 *   ws_bulk send HOST PORT BYTES [nonblock]    connect, send BYTES bytes of the ws_util.h pattern
 *   ws_bulk recv HOST PORT BYTES [nonblock]    connect, receive until EOF, verify every word
 *
 * BYTES is a multiple of 4 (at most 4 GiB - 4). With `nonblock` the socket is switched to
 * non-blocking mode (ioctlsocket FIONBIO) and every WSAEWOULDBLOCK waits in select(); partial sends
 * are continued. The sender shuts its side down and waits for the peer to close before exiting.
 * Prints `bulk send|recv bytes=N sum=A:B ms=T waits=W`. Exit 0 ok, 1 usage, 2 connect failed,
 * 3 I/O error, 4 data mismatch or wrong length.
 *
 * Sleep(0) after every chunk ends the thread's time slice at a trap: wmemu's scheduler preempts
 * CPU-bound threads with unicorn's asynchronous time-out, which can restart a translation block
 * half-executed (bench/README.md, finding 1) and would corrupt the checksum loops, not the data path
 * under test. A thread that yields every ~64 KiB never runs into that time-out. */
#include "ws_util.h"

#define CHUNK 65536
static unsigned buf[CHUNK / 4 + 1];

static unsigned waits;

static int wait_for(SOCKET s, int write)
{
    fd_set set;
    FD_ZERO(&set);
    FD_SET(s, &set);
    waits++;
    int n = write ? select(0, 0, &set, 0, 0) : select(0, &set, 0, 0, 0);
    if (n != 1) { printf("select: %d (%d)\n", n, WSAGetLastError()); return 0; }
    return 1;
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 5) { printf("usage: ws_bulk send|recv HOST PORT BYTES [nonblock]\n"); return 1; }
    int sending = strcmp(arg(argv, 1), "send") == 0;
    unsigned total = parse_u(arg(argv, 4));
    int nonblock = argc > 5 && strcmp(arg(argv, 5), "nonblock") == 0;
    if (total & 3) { printf("BYTES must be a multiple of 4\n"); return 1; }
    if (!start_winsock()) return 2;
    SOCKET s = connect_to(arg(argv, 2), arg(argv, 3));
    if (s == INVALID_SOCKET) return 2;
    if (nonblock) {
        u_long one = 1;
        if (ioctlsocket(s, FIONBIO, &one)) { printf("FIONBIO: %d\n", WSAGetLastError()); return 2; }
    }
    DWORD t0 = GetTickCount();
    unsigned v = PAT_BASE, a = 0, b = 0, done = 0, bad = 0, firstBad = 0;
    if (sending) {
        while (done < total) {
            unsigned n = total - done < CHUNK ? total - done : CHUNK;
            for (unsigned i = 0; i < n / 4; i++) { buf[i] = v; a += v; b += a; v += PAT_STEP; }
            Sleep(0);
            const char *p = (const char *)buf;
            while (n > 0) {
                int r = send(s, p, (int)n, 0);
                if (r == SOCKET_ERROR) {
                    int e = WSAGetLastError();
                    if (nonblock && e == WSAEWOULDBLOCK) { if (!wait_for(s, 1)) return 3; continue; }
                    printf("send: %d after %u bytes\n", e, done);
                    return 3;
                }
                p += r; n -= (unsigned)r; done += (unsigned)r;
            }
        }
        shutdown(s, SD_SEND);
        for (;;) { /* wait for the peer's close: everything has arrived */
            int r = recv(s, (char *)buf, 4, 0);
            if (r > 0) continue;
            if (r == SOCKET_ERROR && nonblock && WSAGetLastError() == WSAEWOULDBLOCK) { if (!wait_for(s, 0)) return 3; continue; }
            break;
        }
    } else {
        unsigned carry = 0; /* bytes of an incomplete word at the start of buf */
        for (;;) {
            int r = recv(s, (char *)buf + carry, CHUNK - carry, 0);
            if (r == SOCKET_ERROR) {
                int e = WSAGetLastError();
                if (nonblock && e == WSAEWOULDBLOCK) { if (!wait_for(s, 0)) return 3; continue; }
                printf("recv: %d after %u bytes\n", e, done);
                return 3;
            }
            if (r == 0) break;
            done += (unsigned)r;
            unsigned have = carry + (unsigned)r, words = have / 4;
            for (unsigned i = 0; i < words; i++) {
                unsigned w = buf[i];
                if (w != v && bad++ == 0) firstBad = done - have + 4 * i;
                a += w; b += a; v += PAT_STEP;
            }
            carry = have & 3;
            if (carry) memcpy(buf, (char *)buf + 4 * words, carry);
            Sleep(0);
        }
        if (carry) bad++;
    }
    DWORD ms = GetTickCount() - t0;
    closesocket(s);
    printf("bulk %s bytes=%u sum=%08x:%08x ms=%u waits=%u\n", sending ? "send" : "recv", done, a, b, (unsigned)ms, waits);
    if (bad) printf("mismatch: %u bad words, first at byte %u\n", bad, firstBad);
    WSACleanup();
    return bad || done != total ? 4 : 0;
}
