/* ddk.c — the driver-support coredll family (issue 12 item 3): interrupts on a device whose OAL
 * routes no IRQ (interrupts.ts), the DDKReg_* registry helpers (ddkreg.ts), physical memory
 * (physmem.ts), the resource manager (resmgr.ts), system power (syspower.ts), relfsd without KITL
 * (relfsd.ts) and the device manager loading a real driver, ddkdrv.dll (devmgr.ts). Error paths
 * included; the expected values come from the CE documentation cited in each family. Prints
 * ok/FAIL lines; exit code = failures.
 *   ddk activate KEY   ActivateDeviceEx(KEY) and print the outcome (the corpus driver test)
 *   ddk suspend        SetSystemPowerState(POWER_STATE_SUSPEND): must stop the run
 *   ddk poweroff       PowerOffSystem(): must stop the run */
#include <windows.h>
#include <ce_files.h>
#include <winreg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* ---- declarations the shared headers lack (coredll ordinals in comments) ---- */
WINBASEAPI BOOL   WINAPI KernelIoControl(DWORD code, LPVOID in, DWORD inSize, LPVOID out, DWORD outSize, LPDWORD ret); /* 557 */
WINBASEAPI BOOL   WINAPI InterruptInitialize(DWORD id, HANDLE ev, LPVOID data, DWORD cb);           /* 627 */
WINBASEAPI void   WINAPI InterruptDone(DWORD id);                                                   /* 628 */
WINBASEAPI void   WINAPI InterruptDisable(DWORD id);                                                /* 629 */
WINBASEAPI void   WINAPI InterruptMask(DWORD id, BOOL disable);                                     /* 1797 */
WINBASEAPI BOOL   WINAPI SetInterruptEvent(DWORD id);                                               /* 158 */
WINBASEAPI HANDLE WINAPI LoadIntChainHandler(LPCWSTR dll, LPCWSTR fn, BYTE irq);                    /* 1475 */
WINBASEAPI BOOL   WINAPI FreeIntChainHandler(HANDLE h);                                             /* 1476 */
typedef struct { DWORD dwBase, dwLen; } DEVICEWINDOW;
typedef struct { DWORD cbSize, dwBusNumber, dwInterfaceType, dwNumIoWindows; DEVICEWINDOW ioWindows[6];
                 DWORD dwNumMemWindows; DEVICEWINDOW memWindows[6]; } DDKWINDOWINFO;
typedef struct { DWORD cbSize, dwIrq, dwSysintr; WCHAR szIsrDll[64], szIsrHandler[64]; } DDKISRINFO;
typedef struct { DWORD cbSize, dwDeviceNumber, dwFunctionNumber, dwInstanceIndex, dwWhichIds, idVals[8]; } DDKPCIINFO;
WINBASEAPI DWORD  WINAPI DDKReg_GetWindowInfo(HKEY hk, DDKWINDOWINFO *p);                           /* 1668 */
WINBASEAPI DWORD  WINAPI DDKReg_GetIsrInfo(HKEY hk, DDKISRINFO *p);                                 /* 1669 */
WINBASEAPI DWORD  WINAPI DDKReg_GetPciInfo(HKEY hk, DDKPCIINFO *p);                                 /* 1670 */
WINBASEAPI LPVOID WINAPI AllocPhysMem(DWORD cb, DWORD prot, DWORD align, DWORD flags, ULONG *pa);   /* 1486 */
WINBASEAPI BOOL   WINAPI FreePhysMem(LPVOID p);                                                     /* 1487 */
WINBASEAPI BOOL   WINAPI VirtualCopy(LPVOID dest, LPVOID src, DWORD cb, DWORD prot);                /* 560 */
WINBASEAPI LPVOID WINAPI CreateStaticMapping(DWORD physShifted, DWORD cb);                          /* 1539 */
WINBASEAPI BOOL   WINAPI LockPages(LPVOID p, DWORD cb, PDWORD pfns, int options);                   /* 1161 */
WINBASEAPI BOOL   WINAPI UnlockPages(LPVOID p, DWORD cb);                                           /* 1162 */
WINBASEAPI LPVOID WINAPI MapCallerPtr(LPVOID p, DWORD cb);                                          /* 1602 */
WINBASEAPI BOOL   WINAPI ResourceCreateList(DWORD id, DWORD min, DWORD count);                      /* 1612 */
WINBASEAPI BOOL   WINAPI ResourceRequest(DWORD id, DWORD first, DWORD len);                         /* 1613 */
WINBASEAPI BOOL   WINAPI ResourceRelease(DWORD id, DWORD first, DWORD len);                         /* 1614 */
WINBASEAPI BOOL   WINAPI ResourceRequestEx(DWORD id, DWORD first, DWORD len, DWORD flags);          /* 1833 */
WINBASEAPI DWORD  WINAPI SetSystemPowerState(LPCWSTR state, DWORD flags, DWORD options);            /* 1582 */
WINBASEAPI void   WINAPI PowerOffSystem(void);                                                      /* 617 */
WINBASEAPI BOOL   WINAPI FileSystemPowerFunction(DWORD flags);                                      /* 241 */
WINBASEAPI BOOL   WINAPI CeEventHasOccurred(LONG ev, LPWSTR cmdEnd);                                /* 479 */
WINBASEAPI int    WINAPI U_ropen(const WCHAR *name, UINT mode);                                     /* 563 */
WINBASEAPI int    WINAPI U_rread(int fd, BYTE *buf, int n);                                         /* 564 */
WINBASEAPI int    WINAPI U_rwrite(int fd, BYTE *buf, int n);                                        /* 565 */
WINBASEAPI int    WINAPI U_rlseek(int fd, int off, int mode);                                       /* 566 */
WINBASEAPI int    WINAPI U_rclose(int fd);                                                          /* 567 */
typedef struct { LPCWSTR lpszVal; LPBYTE pData; DWORD dwLen, dwType; } REGINI;
WINBASEAPI HANDLE WINAPI ActivateDeviceEx(LPCWSTR key, LPCVOID reg, DWORD n, LPVOID param);         /* 1494 */
WINBASEAPI BOOL   WINAPI DeactivateDevice(HANDLE h);                                                /* 1180 */
typedef struct { DWORD dwSize; HANDLE hDevice, hParentDevice; WCHAR szLegacyName[6], szDeviceKey[MAX_PATH],
                 szDeviceName[MAX_PATH], szBusName[MAX_PATH]; } DEVMGR_DEVICE_INFORMATION;
WINBASEAPI BOOL   WINAPI GetDeviceInformationByDeviceHandle(HANDLE h, DEVMGR_DEVICE_INFORMATION *p); /* 1870 */
WINBASEAPI HANDLE WINAPI GetDeviceHandleFromContext(LPCWSTR active);                                /* 1961 */
WINBASEAPI BOOL   WINAPI ForwardDeviceIoControl(HANDLE h, DWORD code, LPVOID in, DWORD inSize, LPVOID out,
                                                DWORD outSize, LPDWORD ret);                         /* CE 6: 2605 */
WINBASEAPI DWORD  WINAPI EnumDevices(LPWSTR list, LPDWORD len);                                     /* 124 */
WINBASEAPI HANDLE WINAPI FindFirstDevice(DWORD type, LPCVOID param, DEVMGR_DEVICE_INFORMATION *p);   /* 1872 */
WINBASEAPI BOOL   WINAPI FindNextDevice(HANDLE h, DEVMGR_DEVICE_INFORMATION *p);                     /* 1873 */
typedef struct { DWORD a; WORD b, c; BYTE d[8]; } GUID_;
WINBASEAPI BOOL   WINAPI AdvertiseInterface(const GUID_ *cls, LPCWSTR name, BOOL add);              /* 1687 */
WINBASEAPI HANDLE WINAPI RequestDeviceNotifications(const GUID_ *cls, HANDLE q, BOOL all);          /* 1504 */
WINBASEAPI BOOL   WINAPI StopDeviceNotifications(HANDLE h);                                         /* 1505 */
typedef struct { DWORD dwSize, dwFlags, dwMaxMessages, cbMaxMessage; BOOL bReadAccess; } MSGQUEUEOPTIONS;
WINBASEAPI HANDLE WINAPI CreateMsgQueue(LPCWSTR name, MSGQUEUEOPTIONS *o);                          /* 1529 */
WINBASEAPI BOOL   WINAPI ReadMsgQueue(HANDLE q, LPVOID buf, DWORD size, LPDWORD got, DWORD ms, LPDWORD flags); /* 1530 */
WINBASEAPI BOOL   WINAPI CloseMsgQueue(HANDLE q);                                                   /* 1533 */
typedef struct { GUID_ guidDevClass; DWORD dwReserved; BOOL fAttached; int cbName; WCHAR szName[64]; } DEVDETAIL;

#define IOCTL_HAL_REQUEST_SYSINTR 0x01010098
#define IOCTL_HAL_RELEASE_SYSINTR 0x010100D8
#define SYSINTR_UNDEFINED 0xFFFFFFFF
#define PAGE_PHYSICAL 0x400
#define POWER_STATE_ON 0x00010000
#define POWER_STATE_SUSPEND 0x00200000
#define RREXF_REQUEST_EXCLUSIVE 1
#define ERROR_BUSY 170
#define ERROR_OPEN_FAILED 110
#define ERROR_INVALID_DATA 13
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED 50
#endif
#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION 1
#endif
#define ERROR_NOT_FOUND 1168

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}
static int fails_with(BOOL r, DWORD err) { return !r && GetLastError() == err; }

static HKEY make_key(LPCWSTR path)
{
    HKEY k; DWORD disp;
    RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, 0, NULL, &k, &disp);
    return k;
}
static void set_dword(HKEY k, LPCWSTR name, DWORD v) { RegSetValueExW(k, name, 0, REG_DWORD, (const BYTE *)&v, 4); }
static void set_sz(HKEY k, LPCWSTR name, LPCWSTR s) { RegSetValueExW(k, name, 0, REG_SZ, (const BYTE *)s, (wcslen(s) + 1) * 2); }
static void set_multi(HKEY k, LPCWSTR name, const WCHAR *s, DWORD chars) { RegSetValueExW(k, name, 0, REG_MULTI_SZ, (const BYTE *)s, chars * 2); }

static void interrupts(void)
{
    DWORD irq = 5, sysintr = 0, ret = 0;
    HANDLE ev = CreateEventW(NULL, FALSE, FALSE, NULL);
    check(fails_with(KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, &irq, 4, &sysintr, 4, &ret), ERROR_INVALID_PARAMETER) && sysintr == SYSINTR_UNDEFINED,
          "IOCTL_HAL_REQUEST_SYSINTR: no SYSINTR for the IRQ (FALSE, ERROR_INVALID_PARAMETER, SYSINTR_UNDEFINED)");
    check(fails_with(KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, NULL, 0, &sysintr, 4, &ret), ERROR_INVALID_PARAMETER), "IOCTL_HAL_REQUEST_SYSINTR without an input: ERROR_INVALID_PARAMETER");
    sysintr = 20;
    check(fails_with(KernelIoControl(IOCTL_HAL_RELEASE_SYSINTR, &sysintr, 4, NULL, 0, &ret), ERROR_INVALID_PARAMETER), "IOCTL_HAL_RELEASE_SYSINTR of a SYSINTR never allocated: ERROR_INVALID_PARAMETER");
    check(fails_with(InterruptInitialize(20, ev, NULL, 0), ERROR_INVALID_PARAMETER), "InterruptInitialize(device SYSINTR the OAL does not route): FALSE, ERROR_INVALID_PARAMETER");
    check(fails_with(InterruptInitialize(3, ev, NULL, 0), ERROR_INVALID_PARAMETER), "InterruptInitialize(SYSINTR below SYSINTR_DEVICES): ERROR_INVALID_PARAMETER");
    check(fails_with(InterruptInitialize(72, ev, NULL, 0), ERROR_INVALID_PARAMETER), "InterruptInitialize(SYSINTR_MAXIMUM): ERROR_INVALID_PARAMETER");
    check(fails_with(InterruptInitialize(20, NULL, NULL, 0), ERROR_INVALID_PARAMETER), "InterruptInitialize(no event): ERROR_INVALID_PARAMETER");
    InterruptDone(20);
    InterruptDisable(20);
    InterruptMask(20, TRUE);
    check(1, "InterruptDone / InterruptDisable / InterruptMask of an uninitialized SYSINTR return");
    check(fails_with(SetInterruptEvent(20), ERROR_INVALID_PARAMETER), "SetInterruptEvent(no event bound): ERROR_INVALID_PARAMETER");
    check(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "the event was never signaled");
    SetLastError(0);
    check(LoadIntChainHandler(L"giisr.dll", L"ISRHandler", 5) == NULL && GetLastError() == ERROR_NOT_SUPPORTED, "LoadIntChainHandler: NULL, ERROR_NOT_SUPPORTED (no IRQ can be hooked)");
    check(LoadIntChainHandler(NULL, L"ISRHandler", 5) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "LoadIntChainHandler(NULL DLL): ERROR_INVALID_PARAMETER");
    check(fails_with(FreeIntChainHandler((HANDLE)0x1234), ERROR_INVALID_HANDLE), "FreeIntChainHandler(not a chain handler): ERROR_INVALID_HANDLE");
    CloseHandle(ev);
}

static void ddkreg(void)
{
    static const WCHAR membase[] = L"10000000\0A0000000\0";
    static const WCHAR memlen[] = L"1000\0800\0";
    static const WCHAR onelen[] = L"1000\0";
    DDKWINDOWINFO wi;
    DDKISRINFO ii;
    DDKPCIINFO pi;
    HKEY k = make_key(L"Drivers\\BuiltIn\\DdkRegTest");
    set_dword(k, L"IoBase", 0x300);
    set_dword(k, L"IoLen", 0x20);
    set_multi(k, L"MemBase", membase, sizeof membase / 2);
    set_multi(k, L"MemLen", memlen, sizeof memlen / 2);
    set_dword(k, L"BusNumber", 2);
    set_dword(k, L"Irq", 5);
    set_dword(k, L"Sysintr", 0x20);
    set_sz(k, L"IsrDll", L"giisr.dll");
    set_sz(k, L"IsrHandler", L"ISRHandler");
    set_dword(k, L"DeviceNumber", 1);
    set_dword(k, L"FunctionNumber", 0);
    set_dword(k, L"InstanceIndex", 3);
    set_dword(k, L"VendorID", 0x8086);
    set_dword(k, L"DeviceID", 0x1234);

    memset(&wi, 0xcc, sizeof wi);
    wi.cbSize = sizeof wi;
    check(sizeof wi == 116, "sizeof(DDKWINDOWINFO) = 116");
    check(DDKReg_GetWindowInfo(k, &wi) == ERROR_SUCCESS, "DDKReg_GetWindowInfo");
    check(wi.dwBusNumber == 2 && wi.dwInterfaceType == 0xFFFFFFFF, "BusNumber 2, no InterfaceType: InterfaceTypeUndefined");
    check(wi.dwNumIoWindows == 1 && wi.ioWindows[0].dwBase == 0x300 && wi.ioWindows[0].dwLen == 0x20, "one I/O window from the DWORD IoBase/IoLen");
    check(wi.dwNumMemWindows == 2 && wi.memWindows[0].dwBase == 0x10000000 && wi.memWindows[0].dwLen == 0x1000 &&
          wi.memWindows[1].dwBase == 0xA0000000 && wi.memWindows[1].dwLen == 0x800, "two memory windows from the REG_MULTI_SZ hex lists");
    wi.cbSize = 100;
    check(DDKReg_GetWindowInfo(k, &wi) == ERROR_INVALID_PARAMETER, "DDKReg_GetWindowInfo(wrong cbSize): ERROR_INVALID_PARAMETER");
    check(DDKReg_GetWindowInfo(k, NULL) == ERROR_INVALID_PARAMETER, "DDKReg_GetWindowInfo(NULL): ERROR_INVALID_PARAMETER");
    wi.cbSize = sizeof wi;
    check(DDKReg_GetWindowInfo((HKEY)0x7777, &wi) == ERROR_INVALID_HANDLE, "DDKReg_GetWindowInfo(bad key): ERROR_INVALID_HANDLE");

    memset(&ii, 0, sizeof ii);
    ii.cbSize = sizeof ii;
    check(DDKReg_GetIsrInfo(k, &ii) == ERROR_SUCCESS && ii.dwIrq == 5 && ii.dwSysintr == 0x20 &&
          wcscmp(ii.szIsrDll, L"giisr.dll") == 0 && wcscmp(ii.szIsrHandler, L"ISRHandler") == 0, "DDKReg_GetIsrInfo: Irq, Sysintr, IsrDll, IsrHandler");
    memset(&pi, 0xcc, sizeof pi);
    pi.cbSize = sizeof pi;
    check(DDKReg_GetPciInfo(k, &pi) == ERROR_SUCCESS && pi.dwDeviceNumber == 1 && pi.dwFunctionNumber == 0 && pi.dwInstanceIndex == 3,
          "DDKReg_GetPciInfo: DeviceNumber, FunctionNumber, InstanceIndex");
    check(pi.dwWhichIds == 0x18 && pi.idVals[3] == 0x8086 && pi.idVals[4] == 0x1234, "dwWhichIds has the VendorID and DeviceID bits, idVals their values");
    RegCloseKey(k);

    k = make_key(L"Drivers\\BuiltIn\\DdkRegEmpty");
    memset(&ii, 0xcc, sizeof ii);
    ii.cbSize = sizeof ii;
    check(DDKReg_GetIsrInfo(k, &ii) == ERROR_SUCCESS && ii.dwIrq == 0xFFFFFFFF && ii.dwSysintr == 0 && ii.szIsrDll[0] == 0 && ii.szIsrHandler[0] == 0,
          "DDKReg_GetIsrInfo(no values): IRQ_UNSPECIFIED, SYSINTR_NOP, no ISR");
    wi.cbSize = sizeof wi;
    check(DDKReg_GetWindowInfo(k, &wi) == ERROR_SUCCESS && wi.dwNumIoWindows == 0 && wi.dwNumMemWindows == 0 && wi.dwBusNumber == 0, "DDKReg_GetWindowInfo(no values): no windows, bus 0");
    pi.cbSize = sizeof pi;
    check(DDKReg_GetPciInfo(k, &pi) == ERROR_INVALID_DATA, "DDKReg_GetPciInfo(no DeviceNumber): ERROR_INVALID_DATA");
    set_sz(k, L"IsrDll", L"giisr.dll");
    set_sz(k, L"IsrHandler", L"ISRHandler");
    check(DDKReg_GetIsrInfo(k, &ii) == ERROR_INVALID_DATA, "DDKReg_GetIsrInfo(IsrDll without Irq): ERROR_INVALID_DATA");
    set_multi(k, L"MemBase", membase, sizeof membase / 2);
    set_multi(k, L"MemLen", onelen, sizeof onelen / 2);
    check(DDKReg_GetWindowInfo(k, &wi) == ERROR_INVALID_DATA, "DDKReg_GetWindowInfo(lists of different lengths): ERROR_INVALID_DATA");
    set_sz(k, L"BusNumber", L"2");
    RegDeleteValueW(k, L"MemBase");
    RegDeleteValueW(k, L"MemLen");
    check(DDKReg_GetWindowInfo(k, &wi) == ERROR_INVALID_DATA, "DDKReg_GetWindowInfo(BusNumber a string): ERROR_INVALID_DATA");
    RegCloseKey(k);
}

static void physmem(void)
{
    ULONG pa = 0;
    DWORD pfns[3] = {0}, pfn2[1] = {0}, pfn3[1] = {0};
    volatile DWORD *v = AllocPhysMem(0x3000, PAGE_READWRITE, 0xFFFF, 0, &pa);
    check(v != NULL && pa != 0 && (pa & 0xFFFF) == 0, "AllocPhysMem: memory and a physical address aligned as the mask asks");
    if (!v) return;
    v[0] = 0x11223344;
    v[0x1000 / 4] = 0x55667788;
    check(LockPages((LPVOID)v, 0x3000, pfns, 0) && pfns[0] == pa && pfns[1] == pa + 0x1000 && pfns[2] == pa + 0x2000,
          "LockPages: the block's page frame numbers (ARM: the physical addresses)");
    check(UnlockPages((LPVOID)v, 0x3000), "UnlockPages");
    volatile DWORD *d = VirtualAlloc(NULL, 0x2000, MEM_RESERVE, PAGE_NOACCESS);
    check(VirtualCopy((LPVOID)d, (LPVOID)((pa + 0x1000) >> 8), 0x1000, PAGE_READWRITE | PAGE_PHYSICAL), "VirtualCopy(PAGE_PHYSICAL) of the block's second page");
    check(d[0] == 0x55667788, "the copy sees the block's data");
    d[1] = 0xA5A5A5A5;
    check(v[0x1000 / 4 + 1] == 0xA5A5A5A5, "and the block sees the copy's writes (the same pages)");
    check(fails_with(VirtualCopy((LPVOID)(d + 0x400), (LPVOID)(0x48000000 >> 8), 0x1000, PAGE_READWRITE | PAGE_PHYSICAL), ERROR_INVALID_PARAMETER),
          "VirtualCopy of device registers (not RAM): FALSE, ERROR_INVALID_PARAMETER");
    check(fails_with(VirtualCopy((LPVOID)d, (LPVOID)(pa >> 8), 0x1000, PAGE_READWRITE | PAGE_PHYSICAL), ERROR_INVALID_PARAMETER), "VirtualCopy onto committed pages: ERROR_INVALID_PARAMETER");
    volatile DWORD *s = CreateStaticMapping(pa >> 8, 0x1000);
    check(s != NULL && s[0] == 0x11223344, "CreateStaticMapping of the block: its data");
    check(CreateStaticMapping(0x48000000 >> 8, 0x1000) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "CreateStaticMapping of device registers: NULL, ERROR_INVALID_PARAMETER");
    check(AllocPhysMem(0, PAGE_READWRITE, 0, 0, &pa) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "AllocPhysMem(0 bytes): ERROR_INVALID_PARAMETER");
    check(AllocPhysMem(0x1000, PAGE_READWRITE, 0, 0, NULL) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "AllocPhysMem(no pPhysicalAddress): ERROR_INVALID_PARAMETER");

    volatile DWORD *h = VirtualAlloc(NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE);
    h[0] = 1;
    check(LockPages((LPVOID)h, 4, pfn2, 0) && pfn2[0] >= 0x80000000 && (pfn2[0] & 0xFFF) == 0 && (pfn2[0] < pa || pfn2[0] >= pa + 0x3000),
          "LockPages of ordinary memory: a page-aligned physical address outside the block");
    check(LockPages((LPVOID)h, 4, pfn3, 0) && pfn3[0] == pfn2[0], "the same page keeps its physical address");
    volatile DWORD *r = VirtualAlloc(NULL, 0x1000, MEM_RESERVE, PAGE_NOACCESS);
    check(fails_with(LockPages((LPVOID)r, 4, pfn3, 0), ERROR_INVALID_PARAMETER), "LockPages of reserved, uncommitted memory: ERROR_INVALID_PARAMETER");
    check(fails_with(UnlockPages((LPVOID)r, 4), ERROR_INVALID_PARAMETER), "UnlockPages of uncommitted memory: ERROR_INVALID_PARAMETER");
    check(MapCallerPtr((LPVOID)h, 16) == (LPVOID)h, "MapCallerPtr: the pointer itself (one process)");
    check(MapCallerPtr((LPVOID)r, 16) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "MapCallerPtr(no access): NULL, ERROR_INVALID_PARAMETER");
    check(FreePhysMem((LPVOID)v), "FreePhysMem");
    check(fails_with(FreePhysMem((LPVOID)v), ERROR_INVALID_PARAMETER), "FreePhysMem twice: ERROR_INVALID_PARAMETER");
    check(fails_with(FreePhysMem((LPVOID)h), ERROR_INVALID_PARAMETER), "FreePhysMem(not AllocPhysMem's): ERROR_INVALID_PARAMETER");
}

static void resources(void)
{
    /* The boot-time lists come from HKLM\Drivers\Resources, read on the first resource call. */
    HKEY k = make_key(L"Drivers\\Resources\\IRQ");
    set_dword(k, L"Identifier", 1);
    set_dword(k, L"Minimum", 1);
    set_dword(k, L"Space", 0x20);
    set_sz(k, L"Ranges", L"1-4,0x10");
    set_sz(k, L"Shared", L"3");
    RegCloseKey(k);
    check(ResourceRequest(1, 2, 2), "ResourceRequest(IRQ 2-3) from the registry's Ranges");
    check(fails_with(ResourceRequest(1, 2, 1), ERROR_BUSY), "IRQ 2 again: ERROR_BUSY");
    check(ResourceRequest(1, 3, 1), "IRQ 3 again: shareable (Shared), so TRUE");
    check(fails_with(ResourceRequestEx(1, 3, 1, RREXF_REQUEST_EXCLUSIVE), ERROR_BUSY), "IRQ 3 exclusively while shared: ERROR_BUSY");
    check(fails_with(ResourceRequest(1, 5, 1), ERROR_BUSY), "IRQ 5 (not in Ranges): ERROR_BUSY");
    check(ResourceRequest(1, 0x10, 1), "IRQ 0x10 (in Ranges)");
    check(fails_with(ResourceRequest(1, 0x20, 2), ERROR_INVALID_PARAMETER), "a range past the list: ERROR_INVALID_PARAMETER");

    check(ResourceCreateList(0x80001, 10, 10), "ResourceCreateList(OEM list 10..19)");
    check(fails_with(ResourceCreateList(0x80001, 10, 10), ERROR_ALREADY_EXISTS), "the same list again: ERROR_ALREADY_EXISTS");
    check(fails_with(ResourceCreateList(0, 0, 5), ERROR_INVALID_PARAMETER), "ResourceCreateList(id 0): ERROR_INVALID_PARAMETER");
    check(fails_with(ResourceCreateList(0x80002, 0, 0), ERROR_INVALID_PARAMETER), "ResourceCreateList(count 0): ERROR_INVALID_PARAMETER");
    check(fails_with(ResourceRequest(0x80001, 12, 2), ERROR_BUSY), "a new list's resources are taken until released: ERROR_BUSY");
    check(ResourceRelease(0x80001, 10, 10), "ResourceRelease(10..19)");
    check(ResourceRequest(0x80001, 12, 2), "ResourceRequest(12..13)");
    check(fails_with(ResourceRequest(0x80001, 13, 2), ERROR_BUSY), "12..13 overlap, no partial allocation: ERROR_BUSY");
    check(ResourceRequest(0x80001, 14, 1), "and 14 was left free");
    check(fails_with(ResourceRequest(0x80001, 19, 2), ERROR_INVALID_PARAMETER), "past the end: ERROR_INVALID_PARAMETER");
    check(ResourceRelease(0x80001, 12, 2), "ResourceRelease(12..13)");
    check(fails_with(ResourceRelease(0x80001, 12, 2), ERROR_INVALID_PARAMETER), "releasing free resources: ERROR_INVALID_PARAMETER");
    check(ResourceRequestEx(0x80001, 12, 1, 0), "ResourceRequestEx(flags 0)");
    check(fails_with(ResourceRequest(0x80002, 1, 1), ERROR_FILE_NOT_FOUND), "a list that does not exist: ERROR_FILE_NOT_FOUND");
}

static void power(void)
{
    HKEY k = make_key(L"System\\CurrentControlSet\\Control\\Power\\State\\On");
    set_dword(k, L"Flags", POWER_STATE_ON);
    RegCloseKey(k);
    check(SetSystemPowerState(NULL, POWER_STATE_ON, 0) == ERROR_SUCCESS, "SetSystemPowerState(POWER_STATE_ON): the state the device is in");
    check(SetSystemPowerState(L"On", 0, 0) == ERROR_SUCCESS, "SetSystemPowerState(\"On\") by name");
    check(SetSystemPowerState(L"NoSuchState", 0, 0) == ERROR_FILE_NOT_FOUND, "an unknown state name: ERROR_FILE_NOT_FOUND");
    check(SetSystemPowerState(NULL, 0, 0) == ERROR_INVALID_PARAMETER, "no name, no flags: ERROR_INVALID_PARAMETER");
    check(FileSystemPowerFunction(1) && FileSystemPowerFunction(0), "FileSystemPowerFunction(FSNOTIFY_POWER_OFF / ON)");
    check(fails_with(FileSystemPowerFunction(7), ERROR_INVALID_PARAMETER), "FileSystemPowerFunction(unknown flags): ERROR_INVALID_PARAMETER");
    check(CeEventHasOccurred(7, NULL), "CeEventHasOccurred(NOTIFICATION_EVENT_DEVICE_CHANGE): nothing registered to start");
    check(fails_with(CeEventHasOccurred(99, NULL), ERROR_INVALID_PARAMETER), "CeEventHasOccurred(unknown event): ERROR_INVALID_PARAMETER");
}

static void relfsd(void)
{
    BYTE buf[4];
    check(U_ropen(L"\\release\\x.txt", 0) == -1 && U_rread(3, buf, 4) == -1 && U_rwrite(3, buf, 4) == -1 && U_rlseek(3, 0, 0) == -1 && U_rclose(3) == -1,
          "U_ropen/U_rread/U_rwrite/U_rlseek/U_rclose without KITL: -1");
}

static const GUID_ DDK_CLASS = {0x7A4C2B11, 0x1D2E, 0x4F30, {0x91, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18}};
static const GUID_ OTHER_CLASS = {0x7A4C2B12, 0x1D2E, 0x4F30, {0x91, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18}};

static int read_detail(HANDLE q, DEVDETAIL *dd)
{
    DWORD got = 0, flags = 0;
    memset(dd, 0, sizeof *dd);
    return ReadMsgQueue(q, dd, sizeof *dd, &got, 0, &flags) && got >= 28;
}

static void make_driver_key(void)
{
    HKEY k = make_key(L"Drivers\\BuiltIn\\DdkDrv");
    set_sz(k, L"Dll", L"ddkdrv.dll");
    set_sz(k, L"Prefix", L"DDK");
    set_dword(k, L"Index", 1);
    set_dword(k, L"IoBase", 0x400);
    set_dword(k, L"IoLen", 0x10);
    set_sz(k, L"IClass", L"{7A4C2B11-1D2E-4F30-9112-131415161718}");
    RegCloseKey(k);
}

static void devices(void)
{
    MSGQUEUEOPTIONS o = {sizeof o, 0, 8, sizeof(DEVDETAIL), TRUE};
    HANDLE q = CreateMsgQueue(NULL, &o);
    HANDLE n = RequestDeviceNotifications(&DDK_CLASS, q, TRUE);
    DEVDETAIL dd;
    DWORD extra = 42, out = 0, ret = 0, len;
    REGINI ri = {L"Extra", (LPBYTE)&extra, 4, REG_DWORD};
    WCHAR list[64], path[MAX_PATH];
    DEVMGR_DEVICE_INFORMATION di;
    HKEY k;
    make_driver_key();
    check(n != NULL, "RequestDeviceNotifications(the driver's class)");

    HANDLE h = ActivateDeviceEx(L"Drivers\\BuiltIn\\DdkDrv", &ri, 1, (LPVOID)0x1234);
    check(h != NULL && h != INVALID_HANDLE_VALUE, "ActivateDeviceEx loads ddkdrv.dll and its DDK_Init succeeds");
    check(read_detail(q, &dd) && dd.fAttached && memcmp(&dd.guidDevClass, &DDK_CLASS, 16) == 0 && wcscmp(dd.szName, L"DDK1:") == 0 && dd.cbName == 12,
          "the IClass interface is advertised: DEVDETAIL(attached, DDK1:)");
    check(GetDeviceHandleFromContext(L"Drivers\\Active\\01") == h, "GetDeviceHandleFromContext(its active key) = the device handle");
    check(GetDeviceHandleFromContext(L"Drivers\\Active\\99") == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "GetDeviceHandleFromContext(no such device): NULL");
    check(ForwardDeviceIoControl(h, 0x100, NULL, 0, &out, 4, &ret) && out == 0x101 && ret == 4, "ForwardDeviceIoControl reaches DDK_IOControl with the Init context");
    check(fails_with(ForwardDeviceIoControl((HANDLE)0x7777, 0x100, NULL, 0, &out, 4, &ret), ERROR_INVALID_HANDLE), "ForwardDeviceIoControl(not a device): ERROR_INVALID_HANDLE");
    len = sizeof list;
    check(EnumDevices(list, &len) == ERROR_SUCCESS && wcscmp(list, L"DDK1:") == 0 && list[6] == 0 && len == 14, "EnumDevices: DDK1: then an empty name");
    len = 4;
    check(EnumDevices(list, &len) == ERROR_INSUFFICIENT_BUFFER && len == 14, "EnumDevices(small buffer): ERROR_INSUFFICIENT_BUFFER and the size needed");
    memset(&di, 0, sizeof di);
    di.dwSize = sizeof di;
    check(GetDeviceInformationByDeviceHandle(h, &di) && di.hDevice == h && wcscmp(di.szLegacyName, L"DDK1:") == 0 &&
          wcscmp(di.szDeviceKey, L"Drivers\\BuiltIn\\DdkDrv") == 0 && wcscmp(di.szDeviceName, L"$device\\DDK1") == 0, "GetDeviceInformationByDeviceHandle");
    di.dwSize = 12;
    check(fails_with(GetDeviceInformationByDeviceHandle(h, &di), ERROR_INVALID_PARAMETER), "GetDeviceInformationByDeviceHandle(wrong dwSize): ERROR_INVALID_PARAMETER");

    /* FindFirstDevice / FindNextDevice over the devices of the run */
    {
        DEVMGR_DEVICE_INFORMATION fi;
        memset(&fi, 0, sizeof fi);
        fi.dwSize = sizeof fi;
        HANDLE f = FindFirstDevice(0 /* DeviceSearchByLegacyName */, L"ddk*", &fi);
        check(f != INVALID_HANDLE_VALUE && fi.hDevice == h && wcscmp(fi.szLegacyName, L"DDK1:") == 0 && wcscmp(fi.szDeviceName, L"$device\\DDK1") == 0,
              "FindFirstDevice(legacy name DDK*, any case): DDK1:");
        check(fails_with(FindNextDevice(f, &fi), ERROR_NO_MORE_ITEMS), "FindNextDevice after the last: ERROR_NO_MORE_ITEMS");
        check(FindClose(f), "FindClose ends a device search");
        check(fails_with(FindNextDevice(f, &fi), ERROR_INVALID_HANDLE), "FindNextDevice(closed search): ERROR_INVALID_HANDLE");
        f = FindFirstDevice(1 /* DeviceSearchByDeviceName */, L"$device\\DD?1", &fi);
        check(f != INVALID_HANDLE_VALUE && fi.hDevice == h, "FindFirstDevice(device name $device\\DD?1)");
        FindClose(f);
        f = FindFirstDevice(3 /* DeviceSearchByGuid */, &DDK_CLASS, &fi);
        check(f != INVALID_HANDLE_VALUE && fi.hDevice == h, "FindFirstDevice(its IClass GUID)");
        FindClose(f);
        check(FindFirstDevice(0, L"WAV*", &fi) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_NO_MORE_ITEMS, "FindFirstDevice(a driver nobody loaded): ERROR_NO_MORE_ITEMS");
        check(FindFirstDevice(3, &OTHER_CLASS, &fi) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_NO_MORE_ITEMS, "FindFirstDevice(a GUID no device has)");
        check(FindFirstDevice(9, L"*", &fi) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "FindFirstDevice(bad search type): ERROR_INVALID_PARAMETER");
        fi.dwSize = 12;
        check(FindFirstDevice(0, L"*", &fi) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "FindFirstDevice(wrong dwSize): ERROR_INVALID_PARAMETER");
    }
    len = sizeof path;
    check(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Drivers\\Active\\01", 0, 0, &k) == ERROR_SUCCESS &&
          RegQueryValueExW(k, L"Name", NULL, NULL, (BYTE *)path, &len) == ERROR_SUCCESS && wcscmp(path, L"DDK1:") == 0, "the active key has Name DDK1:");
    RegCloseKey(k);

    check(AdvertiseInterface(&OTHER_CLASS, L"X1:", TRUE), "AdvertiseInterface(another class)");
    check(!read_detail(q, &dd), "a queue for another class hears nothing of it");
    check(AdvertiseInterface(&OTHER_CLASS, L"X1:", FALSE), "AdvertiseInterface(withdraw)");
    check(fails_with(AdvertiseInterface(&OTHER_CLASS, L"X1:", FALSE), ERROR_NOT_FOUND), "withdrawing it twice: ERROR_NOT_FOUND");
    check(fails_with(AdvertiseInterface(NULL, L"X1:", TRUE), ERROR_INVALID_PARAMETER), "AdvertiseInterface(NULL class): ERROR_INVALID_PARAMETER");

    check(DeactivateDevice(h), "DeactivateDevice calls DDK_Deinit");
    check(read_detail(q, &dd) && !dd.fAttached && wcscmp(dd.szName, L"DDK1:") == 0, "the interface is withdrawn: DEVDETAIL(detached)");
    check(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Drivers\\Active\\01", 0, 0, &k) == ERROR_FILE_NOT_FOUND, "the active key is gone");
    check(fails_with(DeactivateDevice(h), ERROR_INVALID_HANDLE), "DeactivateDevice twice: ERROR_INVALID_HANDLE");

    k = make_key(L"Drivers\\BuiltIn\\DdkFail");
    set_sz(k, L"Dll", L"ddkdrv.dll");
    set_sz(k, L"Prefix", L"DDK");
    set_dword(k, L"FailInit", 1);
    RegCloseKey(k);
    check(ActivateDeviceEx(L"Drivers\\BuiltIn\\DdkFail", NULL, 0, NULL) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_OPEN_FAILED,
          "Init returning 0: INVALID_HANDLE_VALUE, ERROR_OPEN_FAILED");
    check(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Drivers\\Active\\02", 0, 0, &k) == ERROR_FILE_NOT_FOUND, "and its active key is deleted");
    k = make_key(L"Drivers\\BuiltIn\\DdkNoEntry");
    set_sz(k, L"Dll", L"ddkdrv.dll");
    set_sz(k, L"Prefix", L"NOP");
    RegCloseKey(k);
    check(ActivateDeviceEx(L"Drivers\\BuiltIn\\DdkNoEntry", NULL, 0, NULL) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_FUNCTION,
          "a DLL without NOP_Init: ERROR_INVALID_FUNCTION");
    k = make_key(L"Drivers\\BuiltIn\\DdkBadPrefix");
    set_sz(k, L"Dll", L"ddkdrv.dll");
    set_sz(k, L"Prefix", L"DK");
    RegCloseKey(k);
    check(ActivateDeviceEx(L"Drivers\\BuiltIn\\DdkBadPrefix", NULL, 0, NULL) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
          "a Prefix not 3 letters: ERROR_INVALID_PARAMETER");
    check(StopDeviceNotifications(n), "StopDeviceNotifications");
    check(fails_with(StopDeviceNotifications(n), ERROR_INVALID_HANDLE), "StopDeviceNotifications twice: ERROR_INVALID_HANDLE");
    CloseMsgQueue(q);
}

int wmain(int argc, wchar_t **argv)
{
    if (argc >= 3 && wcscmp(argv[1], L"activate") == 0) {
        HANDLE h = ActivateDeviceEx(argv[2], NULL, 0, NULL);
        DWORD err = GetLastError();
        if (h == INVALID_HANDLE_VALUE || h == NULL) { printf("activate %ls: failed, error %lu\n", argv[2], err); return 1; }
        printf("activate %ls: loaded\n", argv[2]);
        return 0;
    }
    if (argc >= 2 && wcscmp(argv[1], L"suspend") == 0) {
        SetSystemPowerState(NULL, POWER_STATE_SUSPEND, 0);
        printf("survived SetSystemPowerState\n");
        return 99;
    }
    if (argc >= 2 && wcscmp(argv[1], L"poweroff") == 0) {
        PowerOffSystem();
        printf("survived PowerOffSystem\n");
        return 99;
    }
    interrupts();
    ddkreg();
    physmem();
    resources();
    power();
    relfsd();
    devices();
    printf("ddk: %d failures\n", failures);
    return failures;
}
