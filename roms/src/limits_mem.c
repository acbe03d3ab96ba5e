/* limits_mem.exe — a guest that allocates until the guest memory cap (test/robustness-limits.test.ts).
 *
 *   limits_mem local|heap|malloc|virtual|small|pages [crash]
 *   limits_mem protect
 *
 * Allocates 1 MiB blocks (small: 4 KiB LocalAlloc blocks, pages: 4 KiB VirtualAlloc regions, each a
 * separate mapping) until the allocator returns NULL, as it
 * does on a device that runs out of memory, writes to every block it got (the memory must be usable),
 * frees them all, allocates once more (must succeed again), and prints
 *   limits_mem: <mode> NULL after N blocks err=E; after free: ok
 * Exit code 0. With `crash` it writes through the NULL pointer instead (an access violation).
 * protect: VirtualProtects every other page of a 16 MiB block read-only (fragmenting the mappings)
 * and prints how many calls succeeded; the run may also end with the 'limit' verdict. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

WINBASEAPI BOOL WINAPI VirtualProtect(LPVOID lpAddress, DWORD dwSize, DWORD flNewProtect, PDWORD lpflOldProtect);

#define MAXB 4096
static void *blocks[MAXB];

static int wstreq(const wchar_t *a, const char *b)
{
    while (*a && *b && *a == (wchar_t)*b) { a++; b++; }
    return (*a == 0 || *a == ' ') && *b == 0;
}

static void *alloc(int mode, unsigned size)
{
    switch (mode) {
    case 0: return LocalAlloc(LMEM_FIXED, size);
    case 1: return HeapAlloc(GetProcessHeap(), 0, size);
    case 2: return malloc(size);
    case 3:
    case 5: return VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    default: return LocalAlloc(LMEM_FIXED, size);
    }
}

static void release(int mode, void *p)
{
    switch (mode) {
    case 1: HeapFree(GetProcessHeap(), 0, p); break;
    case 2: free(p); break;
    case 3:
    case 5: VirtualFree(p, 0, MEM_RELEASE); break;
    default: LocalFree(p); break;
    }
}

int WINAPI WinMain(HINSTANCE hI, HINSTANCE hP, LPWSTR cmd, int show)
{
    static const char *names[] = { "local", "heap", "malloc", "virtual", "small", "pages" };
    int mode = -1;
    for (int i = 0; i < 6; i++) if (wstreq(cmd, names[i])) mode = i;
    if (wstreq(cmd, "protect")) {
        unsigned char *b = VirtualAlloc(NULL, 16 << 20, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        unsigned ok = 0;
        DWORD old;
        for (unsigned i = 0; b && i < 2048; i++) {
            if (!VirtualProtect(b + 8192 * i, 4096, PAGE_READONLY, &old)) break;
            ok++;
        }
        printf("limits_mem: protect %u calls ok err=%lu\n", ok, (unsigned long)GetLastError());
        return 0;
    }
    if (mode < 0) { printf("usage: limits_mem local|heap|malloc|virtual|small|pages [crash] | protect\n"); return 1; }
    int crash = 0;
    for (const wchar_t *c = cmd; *c; c++) if (*c == ' ' && wstreq(c + 1, "crash")) crash = 1;
    unsigned size = mode >= 4 ? 4096 : 1024 * 1024;
    unsigned n = 0;
    void *p = 0;
    SetLastError(0);
    while (n < MAXB && (p = alloc(mode, size)) != 0) {
        memset(p, 0x5a, size);
        blocks[n++] = p;
    }
    DWORD err = GetLastError();
    if (crash) *(volatile int *)p = 1; /* what a program that does not check gets */
    unsigned bad = 0;
    for (unsigned i = 0; i < n; i++) {
        const unsigned char *b = blocks[i];
        if (b[0] != 0x5a || b[size - 1] != 0x5a) bad++;
        release(mode, blocks[i]);
    }
    p = alloc(mode, size);
    printf("limits_mem: %s NULL after %u blocks err=%lu; %u bad; after free: %s\n", names[mode], n, (unsigned long)err, bad, p ? "ok" : "NULL");
    return 0;
}
