/* ws_mt.exe — two guest threads on one socket: one blocked in recv() while the other sends.
 *
 *   ws_mt HOST PORT BYTES
 *
 * Connects to an echo server at HOST:PORT. A reader thread starts and blocks in recv() (nothing has
 * been sent yet); the main thread waits until the reader is inside recv (and a little longer), then
 * sends BYTES bytes of the pattern on the same socket in 1000-byte pieces; the reader receives the
 * echo and verifies it. Then a second round: a thread blocked in recv() on a socket that another
 * thread closes gets WSAEINTR. Prints `ok ...`/`FAIL ...` lines; exit code = failures. */
#include "ws_util.h"

static SOCKET s;
static unsigned total;
static volatile LONG readerIn, readerGot, readerBad, readerErr;
static volatile int firstRecvReturned;

static DWORD WINAPI reader(LPVOID p)
{
    static unsigned in[1024];
    unsigned v = PAT_BASE, got = 0, carry = 0;
    (void)p;
    readerIn = 1;
    while (got < total) {
        int r = recv(s, (char *)in + carry, (int)sizeof in - (int)carry, 0);
        firstRecvReturned = 1;
        if (r <= 0) { readerErr = r < 0 ? WSAGetLastError() : -1; break; }
        got += (unsigned)r;
        unsigned have = carry + (unsigned)r;
        for (unsigned i = 0; i < have / 4; i++, v += PAT_STEP) if (in[i] != v) readerBad++;
        carry = have & 3;
        if (carry) memcpy(in, (char *)in + (have & ~3u), carry);
    }
    readerGot = (LONG)got;
    return 0;
}

static DWORD WINAPI blockedReader(LPVOID p)
{
    char c;
    readerIn = 2;
    int r = recv((SOCKET)p, &c, 1, 0);
    readerErr = r == SOCKET_ERROR ? WSAGetLastError() : 0;
    return (DWORD)r;
}

int wmain(int argc, wchar_t **argv)
{
    static unsigned out[250];
    if (argc < 4) { printf("usage: ws_mt HOST PORT BYTES\n"); return 100; }
    total = parse_u(arg(argv, 3)) & ~3u;
    if (!start_winsock()) return 100;
    s = connect_to(arg(argv, 1), arg(argv, 2));
    if (s == INVALID_SOCKET) return 100;

    HANDLE th = CreateThread(0, 0, reader, 0, 0, 0);
    while (!readerIn) Sleep(1);
    Sleep(100);
    CHECK(!firstRecvReturned, "reader is blocked in recv before anything was sent");
    unsigned v = PAT_BASE, sent = 0;
    while (sent < total) {
        unsigned n = total - sent < sizeof out ? total - sent : sizeof out;
        for (unsigned i = 0; i < n / 4; i++, v += PAT_STEP) out[i] = v;
        int e = send_all(s, (const char *)out, (int)n);
        if (e) { printf("send: %d\n", e); break; }
        sent += n;
    }
    CHECK(sent == total, "main thread sent %u bytes while the reader was blocked", sent);
    DWORD w = WaitForSingleObject(th, 20000);
    CHECK(w == WAIT_OBJECT_0, "reader finished");
    CHECK((unsigned)readerGot == total && readerBad == 0 && readerErr == 0, "reader got %u bytes, %d bad words, error %d",
          (unsigned)readerGot, (int)readerBad, (int)readerErr);
    CloseHandle(th);

    /* closesocket from another thread ends a blocked recv with WSAEINTR */
    readerErr = 0;
    readerIn = 0;
    th = CreateThread(0, 0, blockedReader, (LPVOID)s, 0, 0);
    while (!readerIn) Sleep(1);
    Sleep(50);
    CHECK(closesocket(s) == 0, "closesocket while another thread is in recv");
    w = WaitForSingleObject(th, 5000);
    CHECK(w == WAIT_OBJECT_0 && readerErr == WSAEINTR, "blocked recv returned WSAEINTR (got %d)", (int)readerErr);
    CloseHandle(th);
    WSACleanup();
    printf("ws_mt: %d failures\n", failures);
    return failures;
}
