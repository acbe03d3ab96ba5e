/* bench_gui.exe — GUI costs (`npm run bench`, bench/README.md; issue 13 item 4). Run on the 800x480
 * profile (profiles/ce5-800x480.json):
 *
 *   bench_gui repaint MAX_MS   full-screen repaints of a WS_POPUP 800x480 window through its DC:
 *                              FillRect of the screen, 12 BitBlts of a 64x64 sprite, 10 lines of
 *                              ExtTextOutW (Tahoma -12): "bench_gui mode=repaint frames=N ms=T"
 *   bench_gui blit MAX_MS      BitBlt SRCCOPY of an 800x480 16-bpp memory bitmap to the screen:
 *                              "bench_gui mode=blit blits=N bytes_per_blit=768000 ms=T"
 *   bench_gui call MAX_MS      GetPixel in batches of 1024, then as many GetTickCount calls:
 *                              "bench_gui mode=call calls=N gdi_ms=T tick_ms=U"
 *
 * Built natively (gcc, the bench's baseline), `blit` copies the same bytes with memcpy: 480 rows of
 * 1600 bytes from one 800x480x2 buffer to another, and prints the same line. The other modes exist
 * only on CE. Time is GetTickCount (CE) / CLOCK_MONOTONIC (native) around the loops only. */
#ifdef _WIN32
#include <windows.h>
#include <wingdi.h>
static unsigned now_ms(void) { return GetTickCount(); }
#define WS_POPUP 0x80000000
#else
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
static unsigned now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned)(ts.tv_sec * 1000u + ts.tv_nsec / 1000000u);
}
#endif

#define W 800
#define H 480

static unsigned parse_u(const char *s)
{
    unsigned v = 0;
    while (*s >= '0' && *s <= '9') v = v * 10 + (unsigned)(*s++ - '0');
    return v;
}

#ifdef _WIN32
static LRESULT WndProc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    if (m == WM_PAINT) {
        PAINTSTRUCT ps;
        BeginPaint(h, &ps);
        EndPaint(h, &ps);
        return 0;
    }
    return DefWindowProcW(h, m, w, l);
}

static int bench(const char *mode, unsigned max_ms)
{
    WNDCLASSW wc = {0};
    wc.lpfnWndProc = WndProc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = L"BenchGui";
    RegisterClassW(&wc);
    HWND h = CreateWindowExW(0, L"BenchGui", L"bench", WS_POPUP | WS_VISIBLE, 0, 0, W, H, NULL, NULL, wc.hInstance, NULL);
    MSG msg;
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    HDC dc = GetDC(h);
    unsigned t0, t1;
    if (mode[0] == 'r') {
        HDC mem = CreateCompatibleDC(dc);
        HBITMAP sprite = CreateCompatibleBitmap(dc, 64, 64);
        HGDIOBJ old = SelectObject(mem, sprite);
        HBRUSH red = CreateSolidBrush(RGB(255, 0, 0)), blue = CreateSolidBrush(RGB(0, 0, 255)), bg = CreateSolidBrush(RGB(0, 128, 128));
        RECT s = { 0, 0, 64, 64 }, s2 = { 16, 16, 48, 48 }, all = { 0, 0, W, H };
        FillRect(mem, &s, red);
        FillRect(mem, &s2, blue);
        LOGFONTW lf = {0};
        lf.lfHeight = -12;
        lf.lfWeight = 400;
        wcscpy(lf.lfFaceName, L"Tahoma");
        HFONT f = CreateFontIndirectW(&lf);
        SelectObject(dc, f);
        SetBkMode(dc, TRANSPARENT);
        static const WCHAR line[] = L"The quick brown fox jumps over the lazy dog 0123456789";
        unsigned frames = 0;
        t0 = now_ms();
        do {
            FillRect(dc, &all, bg);
            for (int i = 0; i < 12; i++) BitBlt(dc, (i * 67 + frames) % (W - 64), (i * 37) % (H - 64), 64, 64, mem, 0, 0, SRCCOPY);
            for (int i = 0; i < 10; i++) ExtTextOutW(dc, 10, 20 + i * 40, 0, NULL, line, sizeof line / 2 - 1, NULL);
            frames++;
            t1 = now_ms();
        } while (t1 - t0 < max_ms);
        printf("bench_gui mode=repaint frames=%u ms=%u\n", frames, t1 - t0);
        SelectObject(mem, old);
        DeleteObject(sprite);
        DeleteDC(mem);
    } else if (mode[0] == 'b') {
        HDC mem = CreateCompatibleDC(dc);
        HBITMAP big = CreateCompatibleBitmap(dc, W, H);
        HGDIOBJ old = SelectObject(mem, big);
        RECT all = { 0, 0, W, H };
        HBRUSH b = CreateSolidBrush(RGB(200, 100, 50));
        FillRect(mem, &all, b);
        unsigned n = 0;
        t0 = now_ms();
        do {
            BitBlt(dc, 0, 0, W, H, mem, 0, 0, SRCCOPY);
            n++;
            t1 = now_ms();
        } while (t1 - t0 < max_ms);
        printf("bench_gui mode=blit blits=%u bytes_per_blit=%u ms=%u check=%u\n", n, W * H * 2, t1 - t0, (unsigned)(GetPixel(dc, W - 1, H - 1) == GetPixel(mem, W - 1, H - 1)));
        SelectObject(mem, old);
        DeleteObject(big);
        DeleteDC(mem);
    } else {
        unsigned n = 0, sink = 0;
        t0 = now_ms();
        do {
            for (int i = 0; i < 1024; i++) sink += GetPixel(dc, i & 63, 5);
            n += 1024;
            t1 = now_ms();
        } while (t1 - t0 < max_ms);
        unsigned e0 = now_ms();
        for (unsigned j = 0; j < n; j += 1024)
            for (int i = 0; i < 1024; i++) sink += GetTickCount();
        unsigned e1 = now_ms();
        printf("bench_gui mode=call calls=%u gdi_ms=%u tick_ms=%u sink=%u\n", n, t1 - t0, e1 - e0, sink & 1);
    }
    ReleaseDC(h, dc);
    return 0;
}

int wmain(int argc, wchar_t **wargv)
{
    char a[2][16] = {{0}};
    for (int k = 0; k < 2 && k + 1 < argc; k++)
        for (int j = 0; wargv[k + 1][j] && j < 15; j++) a[k][j] = (char)wargv[k + 1][j];
    return bench(argc > 1 ? a[0] : "repaint", argc > 2 ? parse_u(a[1]) : 500);
}
#else
int main(int argc, char **argv)
{
    unsigned max_ms = argc > 2 ? parse_u(argv[2]) : 500;
    if (argc < 2 || strcmp(argv[1], "blit") != 0) {
        fprintf(stderr, "bench_gui (native): only the blit baseline\n");
        return 2;
    }
    unsigned char *src = malloc(W * H * 2), *dst = malloc(W * H * 2);
    for (unsigned i = 0; i < W * H * 2; i++) src[i] = (unsigned char)(i * 7);
    unsigned n = 0, t0 = now_ms(), t1;
    do {
        for (int y = 0; y < H; y++) memcpy(dst + y * W * 2, src + y * W * 2, W * 2);
        src[n % (W * H * 2)] ^= 1; /* the next copy is not the same as this one */
        n++;
        t1 = now_ms();
    } while (t1 - t0 < max_ms);
    printf("bench_gui mode=blit blits=%u bytes_per_blit=%u ms=%u check=%u\n", n, W * H * 2, t1 - t0, (unsigned)(dst[W * H * 2 - 1] == src[W * H * 2 - 1]));
    return 0;
}
#endif
