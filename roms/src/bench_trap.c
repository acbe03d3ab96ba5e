/* bench_trap.exe — cost of one trivial API round trip (`npm run bench`, bench/README.md).
 *
 *   bench_trap [MAX_MS]
 *
 * Calls GetTickCount() in batches of 1024 until MAX_MS (default 500) milliseconds have passed — its
 * own result is the clock — then runs an empty loop of the same length that calls a local
 * non-inlined function through a volatile pointer instead, and prints
 *
 *   bench_trap calls=N trap_ms=T empty_ms=E
 *
 * so the bench computes (T - E) / N: the cost of the import call (IAT load, blx into the trap stub,
 * svc, the emulator's hook and handler, bx lr) over a plain function call.
 * Built natively and for ARM Linux, the "API" is the getppid() system call (a round trip into the
 * host kernel, or into qemu-user's syscall emulation), printed the same way. */
#ifdef _WIN32
#include <windows.h>
#define API_CALL() GetTickCount()
static unsigned now_ms(void) { return GetTickCount(); }
#else
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
static unsigned now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned)(ts.tv_sec * 1000u + ts.tv_nsec / 1000000u);
}
#define API_CALL() ((unsigned)syscall(SYS_getppid))
#endif

static unsigned parse_u(const char *s)
{
    unsigned v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
    return v;
}

__attribute__((noinline)) static unsigned local_fn(void) { return 1; }
static unsigned (*volatile local_ptr)(void) = local_fn;

static int bench(unsigned max_ms)
{
    unsigned n = 0, sink = 0;
    unsigned t0 = now_ms(), t1;
    do {
        for (int i = 0; i < 1024; i++) sink += API_CALL();
        n += 1024;
        t1 = now_ms();
    } while (t1 - t0 < max_ms);
    unsigned e0 = now_ms();
    for (unsigned j = 0; j < n; j += 1024) {
        for (int i = 0; i < 1024; i++) sink += local_ptr();
    }
    unsigned e1 = now_ms();
    printf("bench_trap calls=%u trap_ms=%u empty_ms=%u sink=%u\n", n, t1 - t0, e1 - e0, sink & 1);
    return 0;
}

#ifdef _WIN32
int wmain(int argc, wchar_t **wargv)
{
    char a[16] = {0};
    if (argc > 1)
        for (int j = 0; wargv[1][j] && j < 15; j++) a[j] = (char)wargv[1][j];
    return bench(argc > 1 ? parse_u(a) : 500);
}
#else
int main(int argc, char **argv) { return bench(argc > 1 ? parse_u(argv[1]) : 500); }
#endif
