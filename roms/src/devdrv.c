/* devdrv.c — stream drivers for devio.exe (test/coredll/devio.test.ts). One DLL, four entry-point sets:
 *   DIO_*  the full stream interface: a 64-byte device buffer, a file position per open, PreClose and
 *          PreDeinit; IOControl codes to echo (showing the caller's pointers arrive unchanged), to make
 *          the next Read/Write fail with a given error, to make the next Open fail, and to count calls.
 *   DIN_*  Init, Deinit, Open, Close, Write only: the device manager's defaults stand in for the rest,
 *          and without PreDeinit DeactivateDevice calls Deinit at once.
 *   DBX_*  Init, Deinit, Read (no Open/Close) and DPC_* (PreClose without PreDeinit): combinations CE 6's
 *          device manager refuses, so their Init must never run.
 * Every entry point prints one "devdrv: ..." line; the test compares the sequence. */
#include <windows.h>
#include <ce_files.h>
#include <stdio.h>
#include <string.h>

#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED 50
#endif
#ifndef ERROR_SHARING_VIOLATION
#define ERROR_SHARING_VIOLATION 32
#endif
#ifndef ERROR_TOO_MANY_OPEN_FILES
#define ERROR_TOO_MANY_OPEN_FILES 4
#endif

#define IOCTL_DIO_ECHO     0x00220004
#define IOCTL_DIO_FAILNEXT 0x00220008
#define IOCTL_DIO_FAILOPEN 0x0022000C
#define IOCTL_DIO_CALLS    0x00220010

static struct { DWORD magic; BYTE data[64]; DWORD len; DWORD failNext; DWORD failOpen; DWORD calls; } g_dio;
typedef struct { DWORD magic; DWORD pos; DWORD access; int id; } OPEN;
static OPEN g_opens[8];
static int g_nopens;

__declspec(dllexport) DWORD WINAPI DIO_Init(LPCWSTR active, LPVOID param)
{
    printf("devdrv: DIO_Init(%ls)\n", active);
    memset(&g_dio, 0, sizeof g_dio);
    g_dio.magic = 0x44494F31;
    return (DWORD)&g_dio;
}

__declspec(dllexport) BOOL WINAPI DIO_PreDeinit(DWORD ctx)
{
    printf("devdrv: DIO_PreDeinit(%s)\n", ctx == (DWORD)&g_dio ? "its context" : "another context");
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI DIO_Deinit(DWORD ctx)
{
    printf("devdrv: DIO_Deinit(%s)\n", ctx == (DWORD)&g_dio ? "its context" : "another context");
    return TRUE;
}

__declspec(dllexport) DWORD WINAPI DIO_Open(DWORD ctx, DWORD access, DWORD share)
{
    OPEN *o;
    printf("devdrv: DIO_Open(%s, %08lx, %lx)\n", ctx == (DWORD)&g_dio ? "its context" : "another context", access, share);
    if (g_dio.failOpen == 1) { g_dio.failOpen = 0; SetLastError(ERROR_SHARING_VIOLATION); return 0; }
    if (g_dio.failOpen == 2) { g_dio.failOpen = 0; SetLastError(0); return 0; }
    if (g_nopens == 8) { SetLastError(ERROR_TOO_MANY_OPEN_FILES); return 0; }
    o = &g_opens[g_nopens];
    o->magic = 0x4F50454E;
    o->pos = 0;
    o->access = access;
    o->id = ++g_nopens;
    return (DWORD)o;
}

static OPEN *open_of(DWORD h) { OPEN *o = (OPEN *)h; return o && o->magic == 0x4F50454E ? o : NULL; }

__declspec(dllexport) BOOL WINAPI DIO_PreClose(DWORD h)
{
    OPEN *o = open_of(h);
    printf("devdrv: DIO_PreClose(open %d)\n", o ? o->id : -1);
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI DIO_Close(DWORD h)
{
    OPEN *o = open_of(h);
    printf("devdrv: DIO_Close(open %d)\n", o ? o->id : -1);
    if (o) o->magic = 0;
    return TRUE;
}

static int take_failure(void)
{
    if (!g_dio.failNext) return 0;
    SetLastError(g_dio.failNext);
    g_dio.failNext = 0;
    return 1;
}

__declspec(dllexport) DWORD WINAPI DIO_Read(DWORD h, LPVOID buf, DWORD n)
{
    OPEN *o = open_of(h);
    DWORD k = 0;
    g_dio.calls++;
    printf("devdrv: DIO_Read(open %d, %lu)\n", o ? o->id : -1, n);
    if (!o) { SetLastError(ERROR_INVALID_HANDLE); return (DWORD)-1; }
    if (take_failure()) return (DWORD)-1;
    while (k < n && o->pos < g_dio.len) ((BYTE *)buf)[k++] = g_dio.data[o->pos++];
    return k;
}

__declspec(dllexport) DWORD WINAPI DIO_Write(DWORD h, LPCVOID buf, DWORD n)
{
    OPEN *o = open_of(h);
    DWORD k = 0;
    g_dio.calls++;
    printf("devdrv: DIO_Write(open %d, %lu)\n", o ? o->id : -1, n);
    if (!o) { SetLastError(ERROR_INVALID_HANDLE); return (DWORD)-1; }
    if (take_failure()) return (DWORD)-1;
    while (k < n && o->pos < sizeof g_dio.data) g_dio.data[o->pos++] = ((const BYTE *)buf)[k++];
    if (o->pos > g_dio.len) g_dio.len = o->pos;
    return k;
}

__declspec(dllexport) DWORD WINAPI DIO_Seek(DWORD h, long dist, DWORD method)
{
    OPEN *o = open_of(h);
    long base = method == FILE_BEGIN ? 0 : method == FILE_CURRENT ? (long)o->pos : (long)g_dio.len;
    g_dio.calls++;
    printf("devdrv: DIO_Seek(open %d, %ld, %lu)\n", o ? o->id : -1, dist, method);
    if (!o || method > FILE_END) { SetLastError(ERROR_INVALID_PARAMETER); return (DWORD)-1; }
    if (base + dist < 0) { SetLastError(ERROR_NEGATIVE_SEEK); return (DWORD)-1; }
    o->pos = base + dist;
    return o->pos;
}

__declspec(dllexport) BOOL WINAPI DIO_IOControl(DWORD h, DWORD code, BYTE *in, DWORD inSize, BYTE *out, DWORD outSize, DWORD *ret)
{
    OPEN *o = open_of(h);
    printf("devdrv: DIO_IOControl(open %d, %08lx)\n", o ? o->id : -1, code);
    if (!o) { SetLastError(ERROR_INVALID_HANDLE); return FALSE; }
    switch (code) {
    case IOCTL_DIO_ECHO: /* out: *in + 1, then the in and out pointers as the driver got them */
        g_dio.calls++;
        if (!in || inSize < 4 || !out || outSize < 12) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
        ((DWORD *)out)[0] = *(DWORD *)in + 1;
        ((DWORD *)out)[1] = (DWORD)in;
        ((DWORD *)out)[2] = (DWORD)out;
        if (ret) *ret = 12;
        return TRUE;
    case IOCTL_DIO_FAILNEXT:
        if (!in || inSize < 4) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
        g_dio.failNext = *(DWORD *)in;
        return TRUE;
    case IOCTL_DIO_FAILOPEN:
        if (!in || inSize < 4) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
        g_dio.failOpen = *(DWORD *)in;
        return TRUE;
    case IOCTL_DIO_CALLS:
        if (!out || outSize < 4) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
        *(DWORD *)out = g_dio.calls;
        if (ret) *ret = 4;
        return TRUE;
    }
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
}

/* ---- DIN: the minimum a named device may have ---- */
static DWORD g_din;
__declspec(dllexport) DWORD WINAPI DIN_Init(LPCWSTR active, LPVOID param) { printf("devdrv: DIN_Init\n"); return (DWORD)&g_din; }
__declspec(dllexport) BOOL WINAPI DIN_Deinit(DWORD ctx) { printf("devdrv: DIN_Deinit\n"); return TRUE; }
__declspec(dllexport) DWORD WINAPI DIN_Open(DWORD ctx, DWORD access, DWORD share) { printf("devdrv: DIN_Open\n"); return 0x5151; }
__declspec(dllexport) BOOL WINAPI DIN_Close(DWORD h) { printf("devdrv: DIN_Close(%lx)\n", h); return TRUE; }
__declspec(dllexport) DWORD WINAPI DIN_Write(DWORD h, LPCVOID buf, DWORD n) { printf("devdrv: DIN_Write(%lu)\n", n); return n; }

/* ---- combinations the device manager refuses ---- */
__declspec(dllexport) DWORD WINAPI DBX_Init(LPCWSTR active, LPVOID param) { printf("devdrv: DBX_Init must not run\n"); return 1; }
__declspec(dllexport) BOOL WINAPI DBX_Deinit(DWORD ctx) { return TRUE; }
__declspec(dllexport) DWORD WINAPI DBX_Read(DWORD h, LPVOID buf, DWORD n) { return 0; }
__declspec(dllexport) DWORD WINAPI DPC_Init(LPCWSTR active, LPVOID param) { printf("devdrv: DPC_Init must not run\n"); return 1; }
__declspec(dllexport) BOOL WINAPI DPC_Deinit(DWORD ctx) { return TRUE; }
__declspec(dllexport) DWORD WINAPI DPC_Open(DWORD ctx, DWORD access, DWORD share) { return 1; }
__declspec(dllexport) BOOL WINAPI DPC_Close(DWORD h) { return TRUE; }
__declspec(dllexport) DWORD WINAPI DPC_Read(DWORD h, LPVOID buf, DWORD n) { return 0; }
__declspec(dllexport) BOOL WINAPI DPC_PreClose(DWORD h) { return TRUE; }

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved) { return TRUE; }
