/* ddkdrv.c — a stream driver for ddk.exe (test/coredll/ddk.test.ts): the device manager loads it with
 * ActivateDeviceEx and calls DDK_Init with its active key path and lpvParam. Init reads its hardware
 * configuration the way a real driver does (OpenDeviceKey, DDKReg_GetWindowInfo, the REGINI value
 * the caller added to the active key) and prints what it got; a FailInit value in the driver key
 * makes Init fail. DDK_IOControl answers ForwardDeviceIoControl with code + 1. DDK_Open/DDK_Close are
 * there because CE 6's device manager refuses a named device without them (devio.exe tests opening). */
#include <windows.h>
#include <winreg.h>
#include <stdio.h>
#include <string.h>

WINBASEAPI HKEY  WINAPI OpenDeviceKey(LPCWSTR active);                                               /* 1396 */
typedef struct { DWORD dwBase, dwLen; } DEVICEWINDOW;
typedef struct { DWORD cbSize, dwBusNumber, dwInterfaceType, dwNumIoWindows; DEVICEWINDOW ioWindows[6];
                 DWORD dwNumMemWindows; DEVICEWINDOW memWindows[6]; } DDKWINDOWINFO;
WINBASEAPI DWORD WINAPI DDKReg_GetWindowInfo(HKEY hk, DDKWINDOWINFO *pwi);                           /* 1668 */

static struct { DWORD magic; LPVOID param; } g_dev;

__declspec(dllexport) DWORD WINAPI DDK_Init(LPCWSTR active, LPVOID param)
{
    HKEY k, a;
    DWORD v = 0, n = sizeof v, type;
    DDKWINDOWINFO wi;
    printf("ddkdrv: Init(%ls, %p)\n", active, param);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, active, 0, 0, &a) == ERROR_SUCCESS) {
        if (RegQueryValueExW(a, L"Extra", NULL, &type, (BYTE *)&v, &n) == ERROR_SUCCESS)
            printf("ddkdrv: active key Extra=%lu\n", v);
        RegCloseKey(a);
    }
    k = OpenDeviceKey(active);
    if (!k) { printf("ddkdrv: OpenDeviceKey failed %lu\n", GetLastError()); return 0; }
    v = 0; n = sizeof v;
    if (RegQueryValueExW(k, L"FailInit", NULL, &type, (BYTE *)&v, &n) == ERROR_SUCCESS && v) {
        printf("ddkdrv: failing Init\n");
        RegCloseKey(k);
        return 0;
    }
    memset(&wi, 0, sizeof wi);
    wi.cbSize = sizeof wi;
    if (DDKReg_GetWindowInfo(k, &wi) == ERROR_SUCCESS && wi.dwNumIoWindows == 1)
        printf("ddkdrv: io window %lx+%lx\n", wi.ioWindows[0].dwBase, wi.ioWindows[0].dwLen);
    RegCloseKey(k);
    g_dev.magic = 0x44444B31;
    g_dev.param = param;
    return (DWORD)&g_dev;
}

__declspec(dllexport) BOOL WINAPI DDK_Deinit(DWORD ctx)
{
    printf("ddkdrv: Deinit(%s)\n", ctx == (DWORD)&g_dev ? "its context" : "another context");
    return TRUE;
}

__declspec(dllexport) BOOL WINAPI DDK_IOControl(DWORD ctx, DWORD code, BYTE *in, DWORD inSize, BYTE *out, DWORD outSize, DWORD *ret)
{
    if (ctx != (DWORD)&g_dev || !out || outSize < 4) { SetLastError(ERROR_INVALID_PARAMETER); return FALSE; }
    *(DWORD *)out = code + 1;
    if (ret) *ret = 4;
    return TRUE;
}

__declspec(dllexport) DWORD WINAPI DDK_Open(DWORD ctx, DWORD access, DWORD share) { return ctx; }
__declspec(dllexport) BOOL WINAPI DDK_Close(DWORD open) { return TRUE; }

BOOL WINAPI DllMain(HINSTANCE hinst, DWORD reason, LPVOID reserved) { return TRUE; }
