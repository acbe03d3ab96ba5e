/* ws_asyncsel.exe — WSAAsyncSelect with a window and a message loop, against a host client:
 *   listens on 127.0.0.1:0 with WSAAsyncSelect(FD_ACCEPT) and prints "listening port=P"; the message
 *   loop prints one line per Winsock message (event, error, whether wParam is the socket). On
 *   FD_ACCEPT it accepts (the accepted socket inherits the selection) and selects FD_READ|FD_CLOSE with
 *   another message; FD_READ reads what is there; FD_CLOSE closes and quits. First the error
 *   checks: unknown event bits, a handle that is not a window (both WSAEINVAL), and a selected
 *   socket is non-blocking (accept with nothing pending: WSAEWOULDBLOCK). */
#include "ws_util.h"
#include <winuser.h>

#define WM_LISTENER (WM_USER + 1)
#define WM_CONN     (WM_USER + 2)
#define WSAGETSELECTEVENT(l) ((int)((l) & 0xffff))
#define WSAGETSELECTERROR(l) ((int)(((DWORD)(l) >> 16) & 0xffff))
WINSOCK_API_LINKAGE int PASCAL WSAAsyncSelect(SOCKET s, HWND hWnd, unsigned int wMsg, long lEvent); /* ws2 6 */

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

int wmain(int argc, wchar_t **argv)
{
    (void)argc; (void)argv;
    HINSTANCE inst = GetModuleHandleW(NULL);
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = inst;
    wc.lpszClassName = L"WsAsync";
    if (!RegisterClassW(&wc)) return 101;
    HWND hwnd = CreateWindowExW(0, L"WsAsync", L"ws", 0, 0, 0, 10, 10, NULL, NULL, inst, NULL);
    if (!hwnd) return 102;
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
