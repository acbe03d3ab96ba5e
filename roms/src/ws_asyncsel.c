/* ws_asyncsel.exe — WSAAsyncSelect with a window and a message loop, against a host client:
 *   listens on 127.0.0.1:0 with WSAAsyncSelect(FD_ACCEPT) and prints "listening port=P"; the message
 *   loop prints one line per Winsock message (event, error, whether wParam is the socket). On
 *   FD_ACCEPT it accepts (the accepted socket inherits the selection) and selects FD_READ|FD_CLOSE with
 *   another message; FD_READ reads what is there; FD_CLOSE closes and quits. First the error
 *   checks: unknown event bits, a handle that is not a window (both WSAEINVAL), and a selected
 *   socket is non-blocking (accept with nothing pending: WSAEWOULDBLOCK).
 * ws_asyncsel hostbyname: WSAAsyncGetHostByName answers as window messages (a hosts-map name, a
 *   numeric address, a .invalid name, a buffer too small) and WSACancelAsyncRequest's errors.
 * ws_asyncsel addrinfo: WSAAsyncGetAddrInfo (CE-only: name, port, addrinfo** result) answers as a
 *   message; the chain it leaves is freed with freeaddrinfo; a cancelled task sends no message. */
#include "ws_util.h"
#include <winuser.h>

#define WM_LISTENER (WM_USER + 1)
#define WM_CONN     (WM_USER + 2)
#define WSAGETSELECTEVENT(l) ((int)((l) & 0xffff))
#define WSAGETSELECTERROR(l) ((int)(((DWORD)(l) >> 16) & 0xffff))
WINSOCK_API_LINKAGE int PASCAL WSAAsyncSelect(SOCKET s, HWND hWnd, unsigned int wMsg, long lEvent); /* ws2 6 */
WINSOCK_API_LINKAGE HANDLE PASCAL WSAAsyncGetHostByName(HWND hWnd, unsigned int wMsg, const char *name, char *buf, int buflen); /* ws2 5 */
WINSOCK_API_LINKAGE int PASCAL WSACancelAsyncRequest(HANDLE hAsyncTaskHandle); /* ws2 7 */
WINSOCK_API_LINKAGE HANDLE PASCAL WSAAsyncGetAddrInfo(HWND hWnd, unsigned int wMsg, const char *name, u_short port,
    struct addrinfo **res); /* ws2 4, CE 6 */
#define WM_HOST (WM_USER + 3)
static int g_got;
static WPARAM g_w;
static LPARAM g_l;

static SOCKET g_listen, g_conn = INVALID_SOCKET;
static int g_total;

static const char *name(int ev)
{
    switch (ev) {
    case FD_READ: return "FD_READ";
    case FD_WRITE: return "FD_WRITE";
    case FD_ACCEPT: return "FD_ACCEPT";
    case FD_CLOSE: return "FD_CLOSE";
    case FD_CONNECT: return "FD_CONNECT";
    }
    return "?";
}

static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_HOST) { g_got = 1; g_w = w; g_l = l; return 0; }
    if (m == WM_LISTENER || m == WM_CONN) {
        int ev = WSAGETSELECTEVENT(l), err = WSAGETSELECTERROR(l);
        SOCKET s = (SOCKET)w;
        if (ev == FD_READ) {
            /* FD_READ is not recorded again until recv is called: read a byte at a time, one recv per message */
            char c;
            int n = recv(s, &c, 1, 0);
            if (n == 1) g_total++;
            return 0;
        }
        printf("%s %s err=%d socket=%s\n", m == WM_LISTENER ? "listener" : "conn", name(ev), err,
               s == (m == WM_LISTENER ? g_listen : g_conn) ? "ok" : "other");
        if (ev == FD_ACCEPT) {
            g_conn = accept(g_listen, NULL, NULL);
            int r = WSAAsyncSelect(g_conn, h, WM_CONN, FD_READ | FD_CLOSE);
            printf("accepted; WSAAsyncSelect(conn)=%d\n", r);
        } else if (ev == FD_CLOSE) {
            char c;
            int n = recv(s, &c, 1, 0);
            printf("bytes=%d; recv after close=%d\n", g_total, n);
            closesocket(s);
            PostQuitMessage(0);
        }
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

/* One WSAAsyncGetHostByName; waits for its message and prints what it says. */
static HANDLE lookup(HWND hwnd, const char *name, char *buf, int len)
{
    HANDLE h = WSAAsyncGetHostByName(hwnd, WM_HOST, name, buf, len);
    if (!h) { printf("%s: handle=0 err=%d\n", name, WSAGetLastError()); return h; }
    MSG msg;
    g_got = 0;
    while (!g_got && GetMessageW(&msg, NULL, 0, 0) > 0) DispatchMessageW(&msg);
    int err = WSAGETSELECTERROR(g_l), size = WSAGETSELECTEVENT(g_l);
    printf("%s: wParam=handle:%d err=%d", name, g_w == (WPARAM)h, err);
    if (err == 0) {
        struct hostent *he = (struct hostent *)buf;
        struct in_addr a;
        memcpy(&a, he->h_addr_list[0], 4);
        printf(" name=%s addr=%s len=%d inbuf=%d size_ok=%d", he->h_name, inet_ntoa(a), he->h_length,
               (char *)he->h_name > buf && (char *)he->h_name < buf + len, size > 16 && size <= len);
    } else if (err == WSAENOBUFS) printf(" needed>%d=%d", len, size > len);
    printf("\n");
    return h;
}

static int hostbyname(HWND hwnd)
{
    static char buf[1024]; /* MAXGETHOSTSTRUCT */
    HANDLE h = WSAAsyncGetHostByName(hwnd, WM_HOST, "peer.test", buf, sizeof buf);
    printf("before WSAStartup: handle=%d err=%d\n", h != 0, WSAGetLastError());
    if (!start_winsock()) return 100;
    h = lookup(hwnd, "peer.test", buf, sizeof buf);
    lookup(hwnd, "1.2.3.4", buf, sizeof buf);
    lookup(hwnd, "nohost.invalid", buf, sizeof buf);
    lookup(hwnd, "peer.test", buf, 20);
    int r = WSACancelAsyncRequest(h);
    printf("cancel(completed)=%d err=%d\n", r, r ? WSAGetLastError() : 0);
    r = WSACancelAsyncRequest((HANDLE)0x999);
    printf("cancel(never issued)=%d err=%d\n", r, r ? WSAGetLastError() : 0);
    WSACleanup();
    printf("done\n");
    return 0;
}

/* One WSAAsyncGetAddrInfo; waits for its message and prints the chain. */
static void getaddr(HWND hwnd, const char *name, u_short port)
{
    struct addrinfo *res = (struct addrinfo *)1;
    HANDLE h = WSAAsyncGetAddrInfo(hwnd, WM_HOST, name, port, &res);
    if (!h) { printf("%s: handle=0 err=%d\n", name, WSAGetLastError()); return; }
    MSG msg;
    g_got = 0;
    while (!g_got && GetMessageW(&msg, NULL, 0, 0) > 0) DispatchMessageW(&msg);
    printf("%s: wParam=handle:%d err=%d low=%d", name, g_w == (WPARAM)h, WSAGETSELECTERROR(g_l), WSAGETSELECTEVENT(g_l));
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        if (ai->ai_family == AF_INET) {
            struct sockaddr_in *sa = (struct sockaddr_in *)ai->ai_addr;
            printf(" [af=%d %s:%u]", ai->ai_family, inet_ntoa(sa->sin_addr), ntohs(sa->sin_port));
        } else printf(" [af=%d]", ai->ai_family);
    }
    printf("%s\n", res ? "" : " res=NULL");
    if (res) freeaddrinfo(res);
}

static int addrinfo_case(HWND hwnd)
{
    struct addrinfo *res;
    HANDLE h = WSAAsyncGetAddrInfo(hwnd, WM_HOST, "peer.test", 80, &res);
    printf("before WSAStartup: handle=%d err=%d\n", h != 0, WSAGetLastError());
    if (!start_winsock()) return 100;
    getaddr(hwnd, "peer.test", 8080);
    getaddr(hwnd, "1.2.3.4", 0);
    getaddr(hwnd, "nohost.invalid", 80);
    h = WSAAsyncGetAddrInfo(hwnd, WM_HOST, "peer.test", 80, (struct addrinfo **)8);
    printf("bad result pointer: handle=%d err=%d\n", h != 0, WSAGetLastError());
    WSACleanup();
    printf("done\n");
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    HINSTANCE inst = GetModuleHandleW(NULL);
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = inst;
    wc.lpszClassName = L"WsAsync";
    if (!RegisterClassW(&wc)) return 101;
    HWND hwnd = CreateWindowExW(0, L"WsAsync", L"ws", 0, 0, 0, 10, 10, NULL, NULL, inst, NULL);
    if (!hwnd) return 102;
    if (argc > 1 && argv[1][0] == L'h') return hostbyname(hwnd);
    if (argc > 1 && argv[1][0] == L'a') return addrinfo_case(hwnd);
    if (!start_winsock()) return 100;
    g_listen = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = sizeof a;
    if (bind(g_listen, (struct sockaddr *)&a, alen) || listen(g_listen, 2) || getsockname(g_listen, (struct sockaddr *)&a, &alen)) return 103;
    int r = WSAAsyncSelect(g_listen, hwnd, WM_LISTENER, 0x8000);
    printf("WSAAsyncSelect(bad bits)=%d err=%d\n", r, r ? WSAGetLastError() : 0);
    r = WSAAsyncSelect(g_listen, (HWND)0x4321, WM_LISTENER, FD_ACCEPT);
    printf("WSAAsyncSelect(not a window)=%d err=%d\n", r, r ? WSAGetLastError() : 0);
    r = WSAAsyncSelect(g_listen, hwnd, WM_LISTENER, FD_ACCEPT);
    printf("WSAAsyncSelect(listener)=%d\n", r);
    SOCKET none = accept(g_listen, NULL, NULL);
    printf("accept(nothing pending)=%d err=%d\n", (int)none, none == INVALID_SOCKET ? WSAGetLastError() : 0);
    printf("listening port=%d\n", ntohs(a.sin_port));
    MSG msg;
    while (GetMessageW(&msg, NULL, 0, 0) > 0) DispatchMessageW(&msg);
    closesocket(g_listen);
    WSACleanup();
    printf("done\n");
    return 0;
}
