/* bench/source.c — the data source of `npm run bench`'s receive rows (issue 16; compiled with gcc at
 * bench time). The counterpart of roms/src/bench_recv.c.
 *
 * Listens on 127.0.0.1 (ephemeral ports), prints "source tcp=P echo=P udp=P", then:
 *  - tcp: one thread per connection writes an endless stream whose byte at stream offset o is
 *    (o mod 251), with blocking send() of ~1 MiB at a time, until the receiver closes;
 *  - echo: one thread per connection (TCP_NODELAY) sends back every byte it receives;
 *  - udp: waits for "GO!!" + u32 size, then sends size-byte datagrams (first 4 bytes: sequence
 *    number) to that sender, keeping at most WINDOW unacknowledged: the receiver acknowledges with
 *    "ACK!" + u32 count. Loopback drops datagrams when the receiver's queue is full and gives the
 *    sender no back-pressure, so without the window the source would spin and the count would
 *    measure drops. "BYE!" (or 3 silent 100 ms waits) ends the session;
 *  - exits when its stdin closes. */
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

enum { CHUNK = 251 * 4096, WINDOW = 128 };
static unsigned char pattern[CHUNK];

static void *tcp_conn(void *arg)
{
    int fd = (int)(long)arg;
    for (;;) {
        ssize_t n = send(fd, pattern, CHUNK, MSG_NOSIGNAL); /* CHUNK is a multiple of 251: the pattern continues */
        if (n <= 0) break;
        if (n < CHUNK) { /* partial: finish the chunk so the offset stays a multiple of 251 */
            size_t off = (size_t)n;
            while (off < CHUNK) {
                ssize_t m = send(fd, pattern + off, CHUNK - off, MSG_NOSIGNAL);
                if (m <= 0) goto out;
                off += (size_t)m;
            }
        }
    }
out:
    close(fd);
    return 0;
}

static void *echo_conn(void *arg)
{
    int fd = (int)(long)arg;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char b[4096];
    for (;;) {
        ssize_t n = recv(fd, b, sizeof b, 0);
        if (n <= 0) break;
        if (send(fd, b, (size_t)n, MSG_NOSIGNAL) != n) break;
    }
    close(fd);
    return 0;
}

struct acceptor {
    int ls;
    void *(*fn)(void *);
};

static void *accept_loop(void *arg)
{
    struct acceptor *a = arg;
    for (;;) {
        int fd = accept(a->ls, 0, 0);
        if (fd < 0) continue;
        pthread_t t;
        pthread_create(&t, 0, a->fn, (void *)(long)fd);
        pthread_detach(t);
    }
    return 0;
}

static unsigned get_u32(const unsigned char *p) { return p[0] | (p[1] << 8) | (p[2] << 16) | ((unsigned)p[3] << 24); }

static void *udp_loop(void *arg)
{
    int us = (int)(long)arg;
    static unsigned char d[65536], in[64];
    for (;;) {
        struct sockaddr_in peer;
        socklen_t pl = sizeof peer;
        ssize_t n = recvfrom(us, in, sizeof in, 0, (struct sockaddr *)&peer, &pl);
        if (n != 8 || memcmp(in, "GO!!", 4) != 0) continue;
        unsigned size = get_u32(in + 4);
        if (size < 4 || size > sizeof d) continue;
        memset(d, 0x5a, size);
        unsigned sent = 0, acked = 0, silent = 0;
        for (;;) {
            while (sent - acked < WINDOW) {
                d[0] = (unsigned char)sent, d[1] = (unsigned char)(sent >> 8), d[2] = (unsigned char)(sent >> 16), d[3] = (unsigned char)(sent >> 24);
                if (sendto(us, d, size, 0, (struct sockaddr *)&peer, pl) < 0) break;
                sent++;
            }
            struct pollfd p = {us, POLLIN, 0};
            if (poll(&p, 1, 100) <= 0) {
                if (++silent >= 3) break;
                acked = sent; /* assume lost: keep the receiver fed */
                continue;
            }
            silent = 0;
            struct sockaddr_in from;
            socklen_t fl = sizeof from;
            n = recvfrom(us, in, sizeof in, 0, (struct sockaddr *)&from, &fl);
            if (n == 4 && memcmp(in, "BYE!", 4) == 0) break;
            if (n == 8 && memcmp(in, "ACK!", 4) == 0) {
                unsigned a = get_u32(in + 4);
                if ((int)(a - acked) > 0) acked = a;
            }
        }
    }
    return 0;
}

static int bound(int type, int *port)
{
    int s = socket(AF_INET, type, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
        perror("source: bind");
        exit(1);
    }
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    *port = ntohs(a.sin_port);
    return s;
}

int main(void)
{
    for (int i = 0; i < CHUNK; i++) pattern[i] = (unsigned char)(i % 251);
    int tport, eport, uport;
    int ts = bound(SOCK_STREAM, &tport), es = bound(SOCK_STREAM, &eport), us = bound(SOCK_DGRAM, &uport);
    if (listen(ts, 64) < 0 || listen(es, 64) < 0) {
        perror("source: listen");
        return 1;
    }
    static struct acceptor ta, ea;
    ta.ls = ts, ta.fn = tcp_conn;
    ea.ls = es, ea.fn = echo_conn;
    pthread_t t1, t2, t3;
    pthread_create(&t1, 0, accept_loop, &ta);
    pthread_create(&t2, 0, accept_loop, &ea);
    pthread_create(&t3, 0, udp_loop, (void *)(long)us);
    printf("source tcp=%d echo=%d udp=%d\n", tport, eport, uport);
    fflush(stdout);
    char c[64];
    while (read(0, c, sizeof c) > 0) {
    }
    return 0;
}
