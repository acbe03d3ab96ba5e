/* winsock.h — Windows CE 5 / WM 6.5 Winsock declarations for the wmemu test ROMs (32-bit ARM).
 * Hand-written for wmemu, faithful to the CE SDK's winsock.h layouts and values.
 * Link with ws2.lib (WS2.dll by name), ws2_ord.lib (by ordinal), winsock.lib (WINSOCK.dll, 1.1).
 * As on CE, WSAGetLastError()/WSASetLastError() are GetLastError()/SetLastError() (winsock.dll
 * does not export them); define WMEMU_WS2 to call ws2.dll's own exports instead. */
#ifndef _WMEMU_WINSOCK_H
#define _WMEMU_WINSOCK_H
#include "windows.h"

typedef unsigned char  u_char;
typedef unsigned short u_short;
typedef unsigned int   u_int;
typedef unsigned long  u_long;
typedef u_int          SOCKET;

#define WINSOCK_API_LINKAGE _CE_EXTERN_C DECLSPEC_IMPORT
#define PASCAL
#define FAR

/* ---- select() sets: an array of SOCKETs, not a bitmap ---- */
#ifndef FD_SETSIZE
#define FD_SETSIZE 64
#endif
typedef struct fd_set {
    u_int  fd_count;               /* how many are SET */
    SOCKET fd_array[FD_SETSIZE];   /* an array of SOCKETs */
} fd_set;
_Static_assert(sizeof(fd_set) == 4 + 4 * FD_SETSIZE, "fd_set layout");
WINSOCK_API_LINKAGE int PASCAL __WSAFDIsSet(SOCKET s, fd_set FAR *set);
#define FD_CLR(fd, set) do { u_int __i; \
    for (__i = 0; __i < ((fd_set FAR *)(set))->fd_count; __i++) { \
        if (((fd_set FAR *)(set))->fd_array[__i] == (fd)) { \
            while (__i < ((fd_set FAR *)(set))->fd_count - 1) { \
                ((fd_set FAR *)(set))->fd_array[__i] = ((fd_set FAR *)(set))->fd_array[__i + 1]; __i++; } \
            ((fd_set FAR *)(set))->fd_count--; break; } } } while (0)
#define FD_SET(fd, set) do { \
    if (((fd_set FAR *)(set))->fd_count < FD_SETSIZE) \
        ((fd_set FAR *)(set))->fd_array[((fd_set FAR *)(set))->fd_count++] = (fd); } while (0)
#define FD_ZERO(set) (((fd_set FAR *)(set))->fd_count = 0)
#define FD_ISSET(fd, set) __WSAFDIsSet((SOCKET)(fd), (fd_set FAR *)(set))

struct timeval { long tv_sec; long tv_usec; };

/* ---- ioctlsocket commands ---- */
#define IOCPARM_MASK 0x7f
#define IOC_VOID     0x20000000
#define IOC_OUT      0x40000000
#define IOC_IN       0x80000000
#define IOC_INOUT    (IOC_IN | IOC_OUT)
#define _IO(x, y)    (IOC_VOID | ((x) << 8) | (y))
#define _IOR(x, y, t) (IOC_OUT | (((long)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define _IOW(x, y, t) (IOC_IN | (((long)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y))
#define FIONREAD   _IOR('f', 127, u_long)   /* 0x4004667F */
#define FIONBIO    _IOW('f', 126, u_long)   /* 0x8004667E */
#define FIOASYNC   _IOW('f', 125, u_long)
#define SIOCATMARK _IOR('s', 7, u_long)     /* 0x40047307 */

/* ---- host entries ---- */
struct hostent {
    char FAR *h_name;
    char FAR * FAR *h_aliases;
    short h_addrtype;
    short h_length;
    char FAR * FAR *h_addr_list;
#define h_addr h_addr_list[0]
};

/* ---- protocols and ports ---- */
#define IPPROTO_IP   0
#define IPPROTO_ICMP 1
#define IPPROTO_IGMP 2
#define IPPROTO_TCP  6
#define IPPROTO_UDP  17
#define IPPROTO_IPV6 41
#define IPPROTO_RAW  255
#define IPPROTO_MAX  256

/* ---- addresses ---- */
struct in_addr {
    union {
        struct { u_char s_b1, s_b2, s_b3, s_b4; } S_un_b;
        struct { u_short s_w1, s_w2; } S_un_w;
        u_long S_addr;
    } S_un;
#define s_addr S_un.S_addr
};
#define INADDR_ANY       (u_long)0x00000000
#define INADDR_LOOPBACK  0x7f000001
#define INADDR_BROADCAST (u_long)0xffffffff
#define INADDR_NONE      0xffffffff

struct sockaddr_in {
    short          sin_family;
    u_short        sin_port;
    struct in_addr sin_addr;
    char           sin_zero[8];
};
_Static_assert(sizeof(struct sockaddr_in) == 16, "sockaddr_in is 16 bytes");

struct sockaddr { u_short sa_family; char sa_data[14]; };
typedef struct sockaddr SOCKADDR, *PSOCKADDR, FAR *LPSOCKADDR;
typedef struct sockaddr_in SOCKADDR_IN, *PSOCKADDR_IN, FAR *LPSOCKADDR_IN;

/* ---- WSAStartup ---- */
#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN  128
typedef struct WSAData {
    WORD           wVersion;
    WORD           wHighVersion;
    char           szDescription[WSADESCRIPTION_LEN + 1];
    char           szSystemStatus[WSASYS_STATUS_LEN + 1];
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char FAR      *lpVendorInfo;
} WSADATA, FAR *LPWSADATA;
_Static_assert(sizeof(WSADATA) == 400, "WSADATA is 400 bytes on 32-bit ARM");
#define MAKEWORD(a, b) ((WORD)(((BYTE)(a)) | ((WORD)((BYTE)(b))) << 8))

#define INVALID_SOCKET (SOCKET)(~0)
#define SOCKET_ERROR   (-1)

/* ---- types, families ---- */
#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_RDM       4
#define SOCK_SEQPACKET 5
#define AF_UNSPEC 0
#define AF_INET   2
#define AF_IRDA   22
#define AF_INET6  23
#define PF_INET   AF_INET

/* ---- socket options ---- */
#define SOL_SOCKET      0xffff
#define SO_DEBUG        0x0001
#define SO_ACCEPTCONN   0x0002
#define SO_REUSEADDR    0x0004
#define SO_KEEPALIVE    0x0008
#define SO_DONTROUTE    0x0010
#define SO_BROADCAST    0x0020
#define SO_USELOOPBACK  0x0040
#define SO_LINGER       0x0080
#define SO_OOBINLINE    0x0100
#define SO_DONTLINGER   (u_int)(~SO_LINGER)
#define SO_EXCLUSIVEADDRUSE ((u_int)(~SO_REUSEADDR))
#define SO_SNDBUF       0x1001
#define SO_RCVBUF       0x1002
#define SO_SNDLOWAT     0x1003
#define SO_RCVLOWAT     0x1004
#define SO_SNDTIMEO     0x1005
#define SO_RCVTIMEO     0x1006
#define SO_ERROR        0x1007
#define SO_TYPE         0x1008
#define SO_MAX_MSG_SIZE 0x2003
#define TCP_NODELAY     0x0001
#define IP_OPTIONS      1
#define IP_HDRINCL      2
#define IP_TOS          3
#define IP_TTL          4

struct linger { u_short l_onoff; u_short l_linger; };

/* ---- send/recv flags, shutdown ---- */
#define MSG_OOB       0x1
#define MSG_PEEK      0x2
#define MSG_DONTROUTE 0x4
#define MSG_MAXIOVLEN 16
#define SD_RECEIVE 0x00
#define SD_SEND    0x01
#define SD_BOTH    0x02
#define SOMAXCONN  5

/* ---- errors ---- */
#define WSABASEERR         10000
#define WSAEINTR           (WSABASEERR + 4)
#define WSAEBADF           (WSABASEERR + 9)
#define WSAEACCES          (WSABASEERR + 13)
#define WSAEFAULT          (WSABASEERR + 14)
#define WSAEINVAL          (WSABASEERR + 22)
#define WSAEMFILE          (WSABASEERR + 24)
#define WSAEWOULDBLOCK     (WSABASEERR + 35)
#define WSAEINPROGRESS     (WSABASEERR + 36)
#define WSAEALREADY        (WSABASEERR + 37)
#define WSAENOTSOCK        (WSABASEERR + 38)
#define WSAEDESTADDRREQ    (WSABASEERR + 39)
#define WSAEMSGSIZE        (WSABASEERR + 40)
#define WSAEPROTOTYPE      (WSABASEERR + 41)
#define WSAENOPROTOOPT     (WSABASEERR + 42)
#define WSAEPROTONOSUPPORT (WSABASEERR + 43)
#define WSAESOCKTNOSUPPORT (WSABASEERR + 44)
#define WSAEOPNOTSUPP      (WSABASEERR + 45)
#define WSAEPFNOSUPPORT    (WSABASEERR + 46)
#define WSAEAFNOSUPPORT    (WSABASEERR + 47)
#define WSAEADDRINUSE      (WSABASEERR + 48)
#define WSAEADDRNOTAVAIL   (WSABASEERR + 49)
#define WSAENETDOWN        (WSABASEERR + 50)
#define WSAENETUNREACH     (WSABASEERR + 51)
#define WSAENETRESET       (WSABASEERR + 52)
#define WSAECONNABORTED    (WSABASEERR + 53)
#define WSAECONNRESET      (WSABASEERR + 54)
#define WSAENOBUFS         (WSABASEERR + 55)
#define WSAEISCONN         (WSABASEERR + 56)
#define WSAENOTCONN        (WSABASEERR + 57)
#define WSAESHUTDOWN       (WSABASEERR + 58)
#define WSAETOOMANYREFS    (WSABASEERR + 59)
#define WSAETIMEDOUT       (WSABASEERR + 60)
#define WSAECONNREFUSED    (WSABASEERR + 61)
#define WSAELOOP           (WSABASEERR + 62)
#define WSAENAMETOOLONG    (WSABASEERR + 63)
#define WSAEHOSTDOWN       (WSABASEERR + 64)
#define WSAEHOSTUNREACH    (WSABASEERR + 65)
#define WSASYSNOTREADY     (WSABASEERR + 91)
#define WSAVERNOTSUPPORTED (WSABASEERR + 92)
#define WSANOTINITIALISED  (WSABASEERR + 93)
#define WSAHOST_NOT_FOUND  (WSABASEERR + 1001)
#define WSATRY_AGAIN       (WSABASEERR + 1002)
#define WSANO_RECOVERY     (WSABASEERR + 1003)
#define WSANO_DATA         (WSABASEERR + 1004)

/* ---- functions (ordinals: ws2.dll / winsock.dll) ---- */
WINSOCK_API_LINKAGE SOCKET PASCAL accept(SOCKET s, struct sockaddr FAR *addr, int FAR *addrlen);      /* 47 / 7 */
WINSOCK_API_LINKAGE int PASCAL bind(SOCKET s, const struct sockaddr FAR *addr, int namelen);          /* 48 / 8 */
WINSOCK_API_LINKAGE int PASCAL closesocket(SOCKET s);                                                 /* 49 / 9 */
WINSOCK_API_LINKAGE int PASCAL connect(SOCKET s, const struct sockaddr FAR *name, int namelen);       /* 50 / 10 */
WINSOCK_API_LINKAGE int PASCAL ioctlsocket(SOCKET s, long cmd, u_long FAR *argp);                     /* 70 / 21 */
WINSOCK_API_LINKAGE int PASCAL getpeername(SOCKET s, struct sockaddr FAR *name, int FAR *namelen);    /* 57 / 14 */
WINSOCK_API_LINKAGE int PASCAL getsockname(SOCKET s, struct sockaddr FAR *name, int FAR *namelen);    /* 62 / 15 */
WINSOCK_API_LINKAGE int PASCAL getsockopt(SOCKET s, int level, int optname, char FAR *optval, int FAR *optlen); /* 63 / 16 */
WINSOCK_API_LINKAGE u_long PASCAL htonl(u_long hostlong);                                             /* 64 / 17 */
WINSOCK_API_LINKAGE u_short PASCAL htons(u_short hostshort);                                          /* 65 / 18 */
WINSOCK_API_LINKAGE unsigned long PASCAL inet_addr(const char FAR *cp);                               /* 68 / 19 */
WINSOCK_API_LINKAGE char FAR *PASCAL inet_ntoa(struct in_addr in);                                    /* 69 / 20 */
WINSOCK_API_LINKAGE int PASCAL listen(SOCKET s, int backlog);                                         /* 71 / 22 */
WINSOCK_API_LINKAGE u_long PASCAL ntohl(u_long netlong);                                              /* 72 / 23 */
WINSOCK_API_LINKAGE u_short PASCAL ntohs(u_short netshort);                                           /* 73 / 24 */
WINSOCK_API_LINKAGE int PASCAL recv(SOCKET s, char FAR *buf, int len, int flags);                     /* 74 / 25 */
WINSOCK_API_LINKAGE int PASCAL recvfrom(SOCKET s, char FAR *buf, int len, int flags, struct sockaddr FAR *from, int FAR *fromlen); /* 75 / 26 */
WINSOCK_API_LINKAGE int PASCAL select(int nfds, fd_set FAR *readfds, fd_set FAR *writefds, fd_set FAR *exceptfds, const struct timeval FAR *timeout); /* 76 / 27 */
WINSOCK_API_LINKAGE int PASCAL send(SOCKET s, const char FAR *buf, int len, int flags);               /* 77 / 28 */
WINSOCK_API_LINKAGE int PASCAL sendto(SOCKET s, const char FAR *buf, int len, int flags, const struct sockaddr FAR *to, int tolen); /* 78 / 29 */
WINSOCK_API_LINKAGE int PASCAL setsockopt(SOCKET s, int level, int optname, const char FAR *optval, int optlen); /* 80 / 31 */
WINSOCK_API_LINKAGE int PASCAL shutdown(SOCKET s, int how);                                           /* 81 / 32 */
WINSOCK_API_LINKAGE SOCKET PASCAL socket(int af, int type, int protocol);                             /* 82 / 33 */
WINSOCK_API_LINKAGE struct hostent FAR *PASCAL gethostbyaddr(const char FAR *addr, int len, int type); /* 53 / 11 */
WINSOCK_API_LINKAGE struct hostent FAR *PASCAL gethostbyname(const char FAR *name);                   /* 54 / 12 */
WINSOCK_API_LINKAGE int PASCAL gethostname(char FAR *name, int namelen);                              /* 55 / 13 */
WINSOCK_API_LINKAGE int PASCAL WSAStartup(WORD wVersionRequired, LPWSADATA lpWSAData);               /* 38 / 4 */
WINSOCK_API_LINKAGE int PASCAL WSACleanup(void);                                                      /* 8 / 2 */
#ifdef WMEMU_WS2
WINSOCK_API_LINKAGE int PASCAL WSAGetLastError(void);                                                 /* ws2 17 */
WINSOCK_API_LINKAGE void PASCAL WSASetLastError(int iError);                                          /* ws2 35 */
#else
#define WSAGetLastError()  ((int)GetLastError())
#define WSASetLastError(e) SetLastError((DWORD)(e))
#endif

#define h_errno WSAGetLastError()
#endif
