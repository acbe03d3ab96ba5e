/* yieldcheck.exe — a CPU loop that calls into the emulator often (Sleep(0) yields, GetTickCount)
 * while filling and checking a pattern: the calls must never disturb the loop's registers or memory,
 * whatever the time slices do around them. Prints the number of bad words; exit code = bad != 0. */
#include <windows.h>

#define WORDS (2u << 20)

int WINAPI WinMain(HINSTANCE hI, HINSTANCE hP, LPWSTR cmd, int show)
{
    (void)hI; (void)hP; (void)cmd; (void)show;
    unsigned *p = (unsigned *)malloc(WORDS * 4);
    unsigned bad = 0, ticks = 0;
    if (!p) return 99;
    for (int round = 0; round < 3; round++) {
        unsigned v = 0x7F4A7C15u + round;
        for (unsigned i = 0; i < WORDS; i++, v += 0x9E3779B1u) {
            p[i] = v;
            if ((i & 0x3ff) == 0) Sleep(0);
            if ((i & 0x3ff) == 0x200) ticks += GetTickCount() & 1;
        }
        v = 0x7F4A7C15u + round;
        for (unsigned i = 0; i < WORDS; i++, v += 0x9E3779B1u) if (p[i] != v) { if (bad++ < 5) printf("bad word %u (i%%1024=%u) got %08x want %08x\n", i, i & 0x3ff, p[i], v); }
    }
    printf("yieldcheck: bad=%u\n", bad);
    (void)ticks;
    return bad != 0;
}
