/* ws2ext.h — Winsock 2 declarations beyond winsock.h for the wmemu test ROMs (CE winsock2.h /
 * ws2tcpip.h subset, 32-bit ARM): event objects and WSAEventSelect, IPv6 addresses, getaddrinfo
 * (CE's ws2.dll has the ANSI forms only: ADDRINFOA), getnameinfo, sethostname. Link with ws2.lib. */
#ifndef _WMEMU_WS2EXT_H
#define _WMEMU_WS2EXT_H
#include "winsock.h"

/* ---- event objects (a WSAEVENT is a coredll event HANDLE on CE) ---- */
typedef HANDLE WSAEVENT;
#define WSA_INVALID_EVENT       ((WSAEVENT)0)
#define WSA_MAXIMUM_WAIT_EVENTS 64
#define WSA_INFINITE            INFINITE
#define WSA_WAIT_EVENT_0        0
#define WSA_WAIT_IO_COMPLETION  0xC0
#define WSA_WAIT_TIMEOUT        0x102
#define WSA_WAIT_FAILED         0xFFFFFFFF
#define WSA_INVALID_HANDLE      6
#define WSA_INVALID_PARAMETER   87
#define WSA_NOT_ENOUGH_MEMORY   8

/* ---- network events ---- */
#define FD_READ_BIT      0
#define FD_READ          (1 << FD_READ_BIT)
#define FD_WRITE_BIT     1
#define FD_WRITE         (1 << FD_WRITE_BIT)
#define FD_OOB_BIT       2
#define FD_OOB           (1 << FD_OOB_BIT)
#define FD_ACCEPT_BIT    3
#define FD_ACCEPT        (1 << FD_ACCEPT_BIT)
#define FD_CONNECT_BIT   4
#define FD_CONNECT       (1 << FD_CONNECT_BIT)
#define FD_CLOSE_BIT     5
#define FD_CLOSE         (1 << FD_CLOSE_BIT)
#define FD_MAX_EVENTS    10
#define FD_ALL_EVENTS    ((1 << FD_MAX_EVENTS) - 1)
typedef struct _WSANETWORKEVENTS {
    long lNetworkEvents;
    int  iErrorCode[FD_MAX_EVENTS];
} WSANETWORKEVENTS, FAR *LPWSANETWORKEVENTS;
_Static_assert(sizeof(WSANETWORKEVENTS) == 44, "WSANETWORKEVENTS layout");

WINSOCK_API_LINKAGE WSAEVENT PASCAL WSACreateEvent(void);                                   /* ws2 12 */
WINSOCK_API_LINKAGE BOOL PASCAL WSACloseEvent(WSAEVENT hEvent);                             /* ws2 9 */
WINSOCK_API_LINKAGE BOOL PASCAL WSASetEvent(WSAEVENT hEvent);                               /* ws2 34 */
WINSOCK_API_LINKAGE BOOL PASCAL WSAResetEvent(WSAEVENT hEvent);                             /* ws2 31 */
WINSOCK_API_LINKAGE DWORD PASCAL WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT FAR *lphEvents,
    BOOL fWaitAll, DWORD dwTimeout, BOOL fAlertable);                                       /* ws2 40 */
WINSOCK_API_LINKAGE int PASCAL WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents); /* ws2 16 */
WINSOCK_API_LINKAGE int PASCAL WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject,
    LPWSANETWORKEVENTS lpNetworkEvents);                                                    /* ws2 14 */

/* ---- IPv6 ---- */
struct in6_addr { union { u_char Byte[16]; u_short Word[8]; } u; };
#define s6_addr u.Byte
WINSOCK_API_LINKAGE const struct in6_addr in6addr_any;                                      /* ws2 66 (data) */
WINSOCK_API_LINKAGE const struct in6_addr in6addr_loopback;                                 /* ws2 67 (data) */
struct sockaddr_in6 {
    short           sin6_family;
    u_short         sin6_port;
    u_long          sin6_flowinfo;
    struct in6_addr sin6_addr;
    u_long          sin6_scope_id;
};
_Static_assert(sizeof(struct sockaddr_in6) == 28, "sockaddr_in6 is 28 bytes");
struct sockaddr_storage { short ss_family; char __ss_pad1[6]; long long __ss_align; char __ss_pad2[112]; };

/* ---- getaddrinfo / getnameinfo (ws2tcpip.h) ---- */
#define AI_PASSIVE     0x1
#define AI_CANONNAME   0x2
#define AI_NUMERICHOST 0x4
#define NI_NOFQDN      0x01
#define NI_NUMERICHOST 0x02
#define NI_NAMEREQD    0x04
#define NI_NUMERICSERV 0x08
#define NI_DGRAM       0x10
#define NI_MAXHOST     1025
#define NI_MAXSERV     32
#define WSATYPE_NOT_FOUND (WSABASEERR + 109)
#define EAI_AGAIN    WSATRY_AGAIN
#define EAI_BADFLAGS WSAEINVAL
#define EAI_FAIL     WSANO_RECOVERY
#define EAI_FAMILY   WSAEAFNOSUPPORT
#define EAI_MEMORY   WSA_NOT_ENOUGH_MEMORY
#define EAI_NONAME   WSAHOST_NOT_FOUND
#define EAI_SERVICE  WSATYPE_NOT_FOUND
#define EAI_SOCKTYPE WSAESOCKTNOSUPPORT
#define EAI_NODATA   EAI_NONAME
typedef struct addrinfo {
    int              ai_flags;
    int              ai_family;
    int              ai_socktype;
    int              ai_protocol;
    unsigned int     ai_addrlen;
    char            *ai_canonname;
    struct sockaddr *ai_addr;
    struct addrinfo *ai_next;
} ADDRINFOA, *PADDRINFOA;
_Static_assert(sizeof(struct addrinfo) == 32, "ADDRINFOA layout");
WINSOCK_API_LINKAGE int PASCAL getaddrinfo(const char FAR *nodename, const char FAR *servname,
    const struct addrinfo FAR *hints, struct addrinfo FAR *FAR *res);                       /* ws2 52 */
WINSOCK_API_LINKAGE void PASCAL freeaddrinfo(struct addrinfo FAR *ai);                      /* ws2 51 */
WINSOCK_API_LINKAGE int PASCAL getnameinfo(const struct sockaddr FAR *sa, int salen, char FAR *host,
    DWORD hostlen, char FAR *serv, DWORD servlen, int flags);                               /* ws2 56 */
WINSOCK_API_LINKAGE int PASCAL sethostname(char FAR *pName, int cName);                     /* ws2 79 (CE) */

/* ---- WSASocketW, protocol information (CE: Unicode forms only) ---- */
#define FROM_PROTOCOL_INFO    (-1)
#define WSA_FLAG_OVERLAPPED   0x01
#define MAX_PROTOCOL_CHAIN    7
#define WSAPROTOCOL_LEN       255
typedef struct { unsigned long Data1; unsigned short Data2, Data3; unsigned char Data4[8]; } WSA_GUID;
typedef struct _WSAPROTOCOLCHAIN { int ChainLen; DWORD ChainEntries[MAX_PROTOCOL_CHAIN]; } WSAPROTOCOLCHAIN;
typedef struct _WSAPROTOCOL_INFOW {
    DWORD dwServiceFlags1, dwServiceFlags2, dwServiceFlags3, dwServiceFlags4;
    DWORD dwProviderFlags;
    WSA_GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion, iAddressFamily, iMaxSockAddr, iMinSockAddr, iSocketType, iProtocol;
    int iProtocolMaxOffset, iNetworkByteOrder, iSecurityScheme;
    DWORD dwMessageSize, dwProviderReserved;
    wchar_t szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOW, *LPWSAPROTOCOL_INFOW;
_Static_assert(sizeof(WSAPROTOCOL_INFOW) == 628, "WSAPROTOCOL_INFOW layout");
WINSOCK_API_LINKAGE int PASCAL WSAEnumProtocolsW(int *lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
    DWORD *lpdwBufferLength);                                                               /* ws2 15 */
WINSOCK_API_LINKAGE int PASCAL WSAAddressToStringW(struct sockaddr *lpsaAddress, DWORD dwAddressLength,
    LPWSAPROTOCOL_INFOW lpProtocolInfo, wchar_t *lpszAddressString, DWORD *lpdwAddressStringLength); /* ws2 3 */
WINSOCK_API_LINKAGE int PASCAL WSAStringToAddressW(wchar_t *AddressString, int AddressFamily,
    LPWSAPROTOCOL_INFOW lpProtocolInfo, struct sockaddr *lpAddress, int *lpAddressLength);  /* ws2 39 */
WINSOCK_API_LINKAGE int PASCAL WSAHtonl(SOCKET s, u_long hostlong, u_long *lpnetlong);     /* ws2 19 */
WINSOCK_API_LINKAGE int PASCAL WSAHtons(SOCKET s, u_short hostshort, u_short *lpnetshort); /* ws2 20 */
WINSOCK_API_LINKAGE int PASCAL WSANtohl(SOCKET s, u_long netlong, u_long *lphostlong);     /* ws2 27 */
WINSOCK_API_LINKAGE int PASCAL WSANtohs(SOCKET s, u_short netshort, u_short *lphostshort); /* ws2 28 */

/* ---- services and protocols databases (netdb) ---- */
struct servent { char *s_name; char **s_aliases; short s_port; char *s_proto; };
struct protoent { char *p_name; char **p_aliases; short p_proto; };
_Static_assert(sizeof(struct servent) == 16, "servent layout");
WINSOCK_API_LINKAGE struct servent *PASCAL getservbyname(const char *name, const char *proto);  /* ws2 60 */
WINSOCK_API_LINKAGE struct servent *PASCAL getservbyport(int port, const char *proto);         /* ws2 61 */
WINSOCK_API_LINKAGE struct protoent *PASCAL getprotobyname(const char *name);                  /* ws2 58 */
WINSOCK_API_LINKAGE struct protoent *PASCAL getprotobynumber(int number);                      /* ws2 59 */

/* ---- overlapped I/O ---- */
typedef struct _WSABUF { u_long len; char *buf; } WSABUF, *LPWSABUF;
typedef struct _WSAOVERLAPPED { DWORD Internal, InternalHigh, Offset, OffsetHigh; WSAEVENT hEvent; } WSAOVERLAPPED, *LPWSAOVERLAPPED;
#define WSA_IO_PENDING      997
#define WSA_IO_INCOMPLETE   996
WINSOCK_API_LINKAGE int PASCAL WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, DWORD *lpNumberOfBytesSent,
    DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped, void *lpCompletionRoutine);               /* ws2 32 */
WINSOCK_API_LINKAGE int PASCAL WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, DWORD *lpNumberOfBytesSent,
    DWORD dwFlags, const struct sockaddr *lpTo, int iToLen, LPWSAOVERLAPPED lpOverlapped, void *lpCompletionRoutine); /* ws2 33 */
WINSOCK_API_LINKAGE int PASCAL WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, DWORD *lpNumberOfBytesRecvd,
    DWORD *lpFlags, LPWSAOVERLAPPED lpOverlapped, void *lpCompletionRoutine);              /* ws2 29 */
WINSOCK_API_LINKAGE int PASCAL WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, DWORD *lpNumberOfBytesRecvd,
    DWORD *lpFlags, struct sockaddr *lpFrom, int *lpFromlen, LPWSAOVERLAPPED lpOverlapped, void *lpCompletionRoutine); /* ws2 30 */
WINSOCK_API_LINKAGE BOOL PASCAL WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, DWORD *lpcbTransfer,
    BOOL fWait, DWORD *lpdwFlags);                                                          /* ws2 18 */
WINSOCK_API_LINKAGE SOCKET PASCAL WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo,
    unsigned g, DWORD dwFlags);                                                             /* ws2 37 */
/* ---- WSAConnect (CE's default provider: no connect data, lpSQOS/lpGQOS reserved) ---- */
WINSOCK_API_LINKAGE int PASCAL WSAConnect(SOCKET s, const struct sockaddr FAR *name, int namelen, LPWSABUF lpCallerData,
    LPWSABUF lpCalleeData, void *lpSQOS, void *lpGQOS);                                     /* ws2 10 */
#endif
