/* bench/sink.c — the discard sink of `npm run bench` (compiled with gcc at bench time).
 *
 * Listens on 127.0.0.1 (ephemeral ports), prints "sink tcp=PORT udp=PORT", then:
 *  - TCP: prints "sink tcp-open" per connection; one thread per connection reads into a 1 MiB
 *    buffer and discards; at EOF prints "sink tcp-closed bytes=N" (the bench checks N against what
 *    the sender says it sent);
 *  - UDP: one thread reads datagrams (recvmmsg, 64 at a time) and discards them;
 *  - exits when its stdin closes (the bench process went away).
 * Written in C so the receiving side is never the bottleneck (a Node sink caps at a fraction of
 * loopback TCP throughput at 64 KiB sends). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void *tcp_conn(void *arg)
{
    int fd = (int)(long)arg;
    char *buf = malloc(1 << 20);
    unsigned long long total = 0;
    for (;;) {
        ssize_t n = recv(fd, buf, 1 << 20, 0);
        if (n <= 0) break;
        total += (unsigned long long)n;
    }
    close(fd);
    free(buf);
    pthread_mutex_lock(&out_lock);
    printf("sink tcp-closed bytes=%llu\n", total);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
    return 0;
}

static void *tcp_accept(void *arg)
{
    int ls = (int)(long)arg;
    for (;;) {
        int fd = accept(ls, 0, 0);
        if (fd < 0) continue;
        pthread_mutex_lock(&out_lock);
        printf("sink tcp-open\n");
        fflush(stdout);
        pthread_mutex_unlock(&out_lock);
        pthread_t t;
        pthread_create(&t, 0, tcp_conn, (void *)(long)fd);
        pthread_detach(t);
    }
    return 0;
}

static void *udp_loop(void *arg)
{
    int us = (int)(long)arg;
    enum { N = 64 };
    static char bufs[N][65536];
    static struct mmsghdr msgs[N];
    static struct iovec iov[N];
    for (int i = 0; i < N; i++) {
        iov[i].iov_base = bufs[i];
        iov[i].iov_len = sizeof bufs[i];
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    for (;;) recvmmsg(us, msgs, N, MSG_WAITFORONE, 0);
    return 0;
}

static int bound(int type, int *port)
{
    int s = socket(AF_INET, type, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1, big = 8 << 20;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("sink: bind"); exit(1); }
    socklen_t l = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &l);
    *port = ntohs(a.sin_port);
    return s;
}

int main(void)
{
    int tport, uport;
    int ls = bound(SOCK_STREAM, &tport), us = bound(SOCK_DGRAM, &uport);
    if (listen(ls, 64) < 0) { perror("sink: listen"); return 1; }
    pthread_t t1, t2;
    pthread_create(&t1, 0, tcp_accept, (void *)(long)ls);
    pthread_create(&t2, 0, udp_loop, (void *)(long)us);
    printf("sink tcp=%d udp=%d\n", tport, uport);
    fflush(stdout);
    char c[64];
    while (read(0, c, sizeof c) > 0) {}
    return 0;
}
