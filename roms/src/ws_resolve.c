/* ws_resolve.exe — name resolution checks driven from the command line.
 *
 *   ws_resolve OP...    each OP is one of (fields separated by commas; `-` = NULL):
 *     name,HOST              gethostbyname   → `name HOST: H_NAME ADDR...` or `name HOST: error N`
 *     addr,A.B.C.D           gethostbyaddr   → `addr A.B.C.D: NAME` or `... error N`
 *     gai,NODE,SERV,FAMILY,FLAGS[,SOCKTYPE]   getaddrinfo → `gai NODE SERV: FAM/TYPE/PROTO ADDR#PORT [canon C] | ...`
 *     gni,ADDR,PORT,FLAGS    getnameinfo     → `gni ADDR PORT: HOST SERV` or `... error N`
 *     hostname               gethostname     → `hostname: NAME`
 *     sethost,NAME           sethostname     → `sethost NAME: 0` or error
 *     cleanup / startup      WSACleanup / WSAStartup (to check WSANOTINITIALISED)
 * Before its first WSAStartup it prints `preinit: error N` (gethostbyname without WSAStartup).
 * Addresses are printed with getnameinfo(NI_NUMERICHOST). Exit code 0. */
#include "ws_util.h"

static char *field(char **p)
{
    char *s = *p, *e = s;
    while (*e && *e != ',') e++;
    if (*e) *e++ = 0;
    *p = e;
    return s[0] == '-' && s[1] == 0 ? 0 : s;
}

static void numeric(const struct sockaddr *sa, int len, char *out, char *port)
{
    if (getnameinfo(sa, len, out, 64, port, 16, NI_NUMERICHOST | NI_NUMERICSERV)) strcpy(out, "?");
}

int wmain(int argc, wchar_t **argv)
{
    struct hostent *h = gethostbyname("localhost");
    printf("preinit: %s %d\n", h ? "ok" : "error", h ? 0 : WSAGetLastError());
    if (!start_winsock()) return 2;
    for (int i = 1; i < argc; i++) {
        static char line[128];
        strcpy(line, arg(argv, i));
        char *p = line;
        char *op = field(&p);
        if (!op) continue;
        if (!strcmp(op, "name") || !strcmp(op, "addr")) {
            char *host = field(&p);
            if (!strcmp(op, "name")) h = gethostbyname(host);
            else { unsigned long a = inet_addr(host); h = gethostbyaddr((const char *)&a, 4, AF_INET); }
            printf("%s %s:", op, host ? host : "-");
            if (!h) { printf(" error %d\n", WSAGetLastError()); continue; }
            printf(" %s", h->h_name);
            if (!strcmp(op, "name")) {
                for (char **ap = h->h_addr_list; *ap; ap++) {
                    unsigned char *b = (unsigned char *)*ap;
                    printf(" %u.%u.%u.%u", b[0], b[1], b[2], b[3]);
                }
                printf(" type=%d len=%d", h->h_addrtype, h->h_length);
            }
            printf("\n");
        } else if (!strcmp(op, "gai")) {
            char *node = field(&p), *serv = field(&p), *fam = field(&p), *fl = field(&p), *st = field(&p);
            struct addrinfo hints, *res = 0;
            memset(&hints, 0, sizeof hints);
            hints.ai_family = fam ? (int)parse_u(fam) : 0;
            hints.ai_flags = fl ? (int)parse_u(fl) : 0;
            hints.ai_socktype = st ? (int)parse_u(st) : 0;
            int e = getaddrinfo(node, serv, &hints, &res);
            printf("gai %s %s:", node ? node : "-", serv ? serv : "-");
            if (e) { printf(" error %d last %d\n", e, WSAGetLastError()); continue; }
            for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
                char a[64], port[16];
                numeric(ai->ai_addr, (int)ai->ai_addrlen, a, port);
                printf(" %d/%d/%d %s#%s", ai->ai_family, ai->ai_socktype, ai->ai_protocol, a, port);
                if (ai->ai_canonname) printf(" canon %s", ai->ai_canonname);
                if (ai->ai_next) printf(" |");
            }
            printf("\n");
            freeaddrinfo(res);
        } else if (!strcmp(op, "gni")) {
            char *addr = field(&p), *port = field(&p), *fl = field(&p);
            struct addrinfo hints, *res = 0;
            memset(&hints, 0, sizeof hints);
            hints.ai_flags = AI_NUMERICHOST;
            int e = getaddrinfo(addr, port, &hints, &res);
            printf("gni %s %s %s:", addr, port, fl ? fl : "0");
            if (e) { printf(" bad address %d\n", e); continue; }
            char host[NI_MAXHOST], serv[NI_MAXSERV];
            e = getnameinfo(res->ai_addr, (int)res->ai_addrlen, host, sizeof host, serv, sizeof serv, fl ? (int)parse_u(fl) : 0);
            if (e) printf(" error %d\n", e);
            else printf(" %s %s\n", host, serv);
            freeaddrinfo(res);
        } else if (!strcmp(op, "hostname")) {
            char name[256];
            if (gethostname(name, sizeof name)) printf("hostname: error %d\n", WSAGetLastError());
            else printf("hostname: %s\n", name);
            char tiny[2];
            int r = gethostname(tiny, sizeof tiny);
            printf("hostname small buffer: %d %d\n", r, WSAGetLastError());
        } else if (!strcmp(op, "sethost")) {
            char *name = field(&p);
            int r = sethostname(name, (int)strlen(name));
            printf("sethost %s: %d\n", name, r ? WSAGetLastError() : 0);
        } else if (!strcmp(op, "cleanup")) {
            printf("cleanup: %d\n", WSACleanup());
        } else if (!strcmp(op, "startup")) {
            printf("startup: %d\n", start_winsock() ? 0 : 1);
        } else {
            printf("unknown op %s\n", op);
        }
    }
    WSACleanup();
    return 0;
}
