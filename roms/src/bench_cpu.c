/* bench_cpu.exe — CPU-bound guest code speed (`npm run bench`, bench/README.md).
 *
 *   bench_cpu [MAX_MS] [store|alu]
 *
 * Checksums a 64 KiB buffer (table-driven CRC-32 plus a Fletcher-style word sum: loads, shifts,
 * xors, adds, a data-dependent table lookup) over and over until MAX_MS (default 500) milliseconds
 * have passed (clock read once per pass). With `store` the pass is store-heavy instead (real programs
 * write memory: buffers, strings, stacks): a byte histogram (4 read-modify-write increments per word,
 * data-dependent addresses) and a scattered copy of every word, 5 stores per word. With `alu` it
 * touches no memory in the loop at all (xorshift/multiply mixing of registers, the same number of
 * steps per pass), which separates the cost of the emulated memory accesses from the rest. It prints
 *
 *   bench_cpu passes=N elapsed_ms=T crc=0x... sum=0x... bad_passes=K
 *
 * crc/sum are those of the first pass and must be identical on every build; K counts later passes
 * whose result differed (must be 0: a correctness check of the emulated CPU; exit code 2 if not). No division (CE ROMs have no __rt_udiv64 and __rt_udiv is an import), no imports
 * in the loop. Built as a CE ROM (Thumb-2, clang -O2), natively (gcc -O2) and for ARM Linux
 * (gcc -O2 -march=armv5te, ARM mode, under qemu-arm). */
#ifdef _WIN32
#include <windows.h>
static unsigned now_ms(void) { return GetTickCount(); }
#else
#include <stdio.h>
#include <time.h>
static unsigned now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned)(ts.tv_sec * 1000u + ts.tv_nsec / 1000000u);
}
#endif

static unsigned parse_u(const char *s)
{
    unsigned v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
    return v;
}

#define WORDS 16384
static unsigned data[WORDS];
static unsigned table[256];

static void init(void)
{
    for (unsigned i = 0; i < 256; i++) {
        unsigned c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    unsigned x = 0x12345678u;
    for (unsigned i = 0; i < WORDS; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;   /* xorshift32 */
        data[i] = x;
    }
}

static unsigned hist[256];
static unsigned scatter[WORDS];

/* Store-heavy pass: 4 histogram increments + 1 scattered store per word (not vectorisable). */
static void store_pass(unsigned *crc_out, unsigned *sum_out)
{
    for (unsigned i = 0; i < 256; i++) hist[i] = 0;
    for (unsigned i = 0; i < WORDS; i++) {
        unsigned w = data[i];
        hist[w & 0xff]++;
        hist[(w >> 8) & 0xff]++;
        hist[(w >> 16) & 0xff]++;
        hist[w >> 24]++;
        scatter[(i * 40503u) & (WORDS - 1)] = w ^ i;
    }
    unsigned h = 0, x = 0;
    for (unsigned i = 0; i < 256; i++) h = h * 31u + hist[i];
    for (unsigned i = 0; i < WORDS; i += 64) x ^= scatter[i] + i;
    *crc_out = h;
    *sum_out = x;
}

/* Register-only pass: no loads or stores inside the loop. */
static void alu_pass(unsigned *crc_out, unsigned *sum_out)
{
    unsigned a = 0x12345678u, b = 0x9E3779B9u, c = 0;
    for (unsigned i = 0; i < WORDS; i++) {
        a ^= a << 13; a ^= a >> 17; a ^= a << 5;
        b = b * 69069u + a;
        c += (a >> 3) ^ (b << 7) ^ i;
    }
    *crc_out = a ^ b;
    *sum_out = c;
}

static void pass(unsigned *crc_out, unsigned *sum_out)
{
    unsigned crc = 0xFFFFFFFFu, s1 = 0, s2 = 0;
    const unsigned *p = data;
    for (unsigned i = 0; i < WORDS; i++) {
        unsigned w = p[i];
        crc = table[(crc ^ w) & 0xff] ^ (crc >> 8);
        crc = table[(crc ^ (w >> 8)) & 0xff] ^ (crc >> 8);
        crc = table[(crc ^ (w >> 16)) & 0xff] ^ (crc >> 8);
        crc = table[(crc ^ (w >> 24)) & 0xff] ^ (crc >> 8);
        s1 += w & 0xffff;
        s2 += s1 + (w >> 16);
    }
    *crc_out = ~crc;
    *sum_out = s1 ^ (s2 << 1);
}

static int bench(unsigned max_ms, int mode)
{
    unsigned crc, sum, crc1 = 0, sum1 = 0, n = 0, bad = 0;
    init();
    unsigned t0 = now_ms(), t1;
    do {
        if (mode == 's') store_pass(&crc, &sum);
        else if (mode == 'a') alu_pass(&crc, &sum);
        else pass(&crc, &sum);
        if (n == 0) crc1 = crc, sum1 = sum;
        else if (crc != crc1 || sum != sum1) bad++;
        n++;
        t1 = now_ms();
    } while (t1 - t0 < max_ms);
    printf("bench_cpu passes=%u elapsed_ms=%u crc=0x%08x sum=0x%08x bad_passes=%u\n", n, t1 - t0, crc1, sum1, bad);
    return bad ? 2 : 0;
}

#ifdef _WIN32
int wmain(int argc, wchar_t **wargv)
{
    char a[16] = {0};
    if (argc > 1)
        for (int j = 0; wargv[1][j] && j < 15; j++) a[j] = (char)wargv[1][j];
    return bench(argc > 1 ? parse_u(a) : 500, argc > 2 ? (int)wargv[2][0] : 0);
}
#else
int main(int argc, char **argv) { return bench(argc > 1 ? parse_u(argv[1]) : 500, argc > 2 ? argv[2][0] : 0); }
#endif
