/* ws_wsaaccept.exe — WSAAccept with a condition function, against host clients:
 *   listens on 127.0.0.1:0 and prints "listening port=P"; the first connection is accepted
 *   (CF_ACCEPT; the guest then sends "hi"), the second rejected (CF_REJECT). Inside the condition
 *   function the guest calls send(): Winsock is "still processing a callback function", so send must
 *   fail with WSAEINPROGRESS (send-winsock-ce.txt). One line per observation. */
#include "ws_util.h"

typedef struct { u_long len; char *buf; } WSABUF_, *LPWSABUF_;
typedef int (CALLBACK *CONDITIONPROC_)(LPWSABUF_, LPWSABUF_, void *, void *, LPWSABUF_, LPWSABUF_, unsigned *, DWORD);
WINSOCK_API_LINKAGE SOCKET PASCAL WSAAccept(SOCKET s, struct sockaddr *addr, int *addrlen, CONDITIONPROC_ cond, DWORD data); /* ws2 2 */
#define CF_ACCEPT 0
#define CF_REJECT 1

static SOCKET g_listen;
static int g_verdict;

static int CALLBACK condition(LPWSABUF_ caller, LPWSABUF_ callerData, void *sqos, void *gqos,
                              LPWSABUF_ callee, LPWSABUF_ calleeData, unsigned *g, DWORD data)
{
    (void)callerData; (void)sqos; (void)gqos; (void)calleeData; (void)g;
    int r = send(g_listen, "x", 1, 0);
    printf("in condition: send=%d err=%d\n", r, r == SOCKET_ERROR ? WSAGetLastError() : 0);
    struct sockaddr_in *from = (struct sockaddr_in *)caller->buf;
    struct sockaddr_in *to = (struct sockaddr_in *)callee->buf;
    printf("in condition: caller len=%lu family=%d addr=%s data=%lu\n", caller->len, from->sin_family, inet_ntoa(from->sin_addr), data);
    printf("in condition: callee port matches=%d\n", to->sin_port == 0 ? 0 : 1);
    return g_verdict;
}

int wmain(int argc, wchar_t **argv)
{
    (void)argc; (void)argv;
    if (!start_winsock()) return 100;
    g_listen = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = sizeof a;
    if (bind(g_listen, (struct sockaddr *)&a, alen) || listen(g_listen, 2) || getsockname(g_listen, (struct sockaddr *)&a, &alen)) return 101;
    printf("listening port=%u\n", (unsigned)ntohs(a.sin_port));
    g_verdict = CF_ACCEPT;
    struct sockaddr_in peer;
    int plen = sizeof peer;
    SOCKET s = WSAAccept(g_listen, (struct sockaddr *)&peer, &plen, condition, 77);
    if (s == INVALID_SOCKET) printf("WSAAccept 1=-1 err=%d\n", WSAGetLastError());
    else {
        printf("WSAAccept 1 ok from %s\n", inet_ntoa(peer.sin_addr));
        printf("send after callback=%d\n", send(s, "hi", 2, 0));
        closesocket(s);
    }
    g_verdict = CF_REJECT;
    s = WSAAccept(g_listen, NULL, NULL, condition, 78);
    if (s == INVALID_SOCKET) printf("WSAAccept 2=-1 err=%d\n", WSAGetLastError());
    else printf("WSAAccept 2 unexpectedly accepted\n");
    closesocket(g_listen);
    WSACleanup();
    printf("done\n");
    return 0;
}
