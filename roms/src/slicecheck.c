/* slicecheck.exe — long CPU-bound loops that must give the same result however the emulator cuts
 * them into time slices: vectorisable fills and checks, a Thumb-2 IT-heavy loop, a checksum. */
#include <windows.h>

#define N (8u << 20)

int WINAPI WinMain(HINSTANCE hI, HINSTANCE hP, LPWSTR cmd, int show)
{
    (void)hI; (void)hP; (void)cmd; (void)show;
    unsigned char *buf = (unsigned char *)malloc(N);
    unsigned int bad = 0, sum = 0, odd = 0;
    if (!buf) { printf("malloc failed\n"); return 99; }
    for (int round = 0; round < 4; round++) {
        for (unsigned i = 0; i < N; i++) buf[i] = (unsigned char)(i * 7 + round);
        for (unsigned i = 0; i < N; i++) if (buf[i] != (unsigned char)(i * 7 + round)) bad++;
        for (unsigned i = 0; i < N; i += 4) {
            unsigned v = *(unsigned *)(buf + i);
            if (v & 1) odd++; else sum += v >> 3;     /* conditional (IT) paths */
            sum ^= (sum << 5) | (sum >> 27);
        }
    }
    printf("slicecheck: bad=%u odd=%u sum=%08x\n", bad, odd, sum);
    return bad != 0;
}
