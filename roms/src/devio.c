/* devio.c — file handles on loaded stream drivers (issue 12; coredll devfile.ts): devdrv.dll's DIO
 * device activated, opened by "DIO1:" and "\$device\DIO1", read, written, seeked and controlled
 * through ReadFile/WriteFile/SetFilePointer/DeviceIoControl, duplicated and closed; the errors CE 6's
 * device manager gives (devmgr.dll, disassembled): XXX_Open failing with and without an error, access
 * the handle was not opened for, the calls not routed to drivers, missing entry points (DIN),
 * combinations it refuses (DBX, DPC), DeactivateDevice with a handle open (PreDeinit, then Close and
 * Deinit at the last CloseHandle); GetRomFileInfo and GetPartitionInfo on a device with no ROM image
 * and no block device. Prints ok/FAIL lines; exit code = failures.
 *   devio drive KEY NAME   ActivateDeviceEx(KEY), CreateFileW(NAME, read|write), IOCTL_POWER_CAPABILITIES,
 *                          CloseHandle, DeactivateDevice (the corpus driver test) */
#include <windows.h>
#include <ce_files.h>
#include <winreg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

WINBASEAPI HANDLE WINAPI ActivateDeviceEx(LPCWSTR key, LPCVOID reg, DWORD n, LPVOID param);          /* 1494 */
WINBASEAPI BOOL   WINAPI DeactivateDevice(HANDLE h);                                                 /* 1180 */
WINBASEAPI BOOL   WINAPI DeviceIoControl(HANDLE h, DWORD code, LPVOID in, DWORD inSize, LPVOID out, DWORD outSize,
                                         LPDWORD ret, LPVOID ov);                                    /* 179 */
WINBASEAPI BOOL   WINAPI DuplicateHandle(HANDLE sp, HANDLE sh, HANDLE tp, HANDLE *out, DWORD access, BOOL inherit,
                                         DWORD options);                                             /* 1535 */
WINBASEAPI BOOL   WINAPI FlushFileBuffers(HANDLE h);                                                 /* 175 */
WINBASEAPI BOOL   WINAPI GetRomFileInfo(DWORD type, WIN32_FIND_DATAW *fd, DWORD index);             /* 575 */
WINBASEAPI BOOL   WINAPI GetPartitionInfo(HANDLE h, LPVOID partinfo);                              /* CE 6: 2592 */

#define IOCTL_DIO_ECHO     0x00220004
#define IOCTL_DIO_FAILNEXT 0x00220008
#define IOCTL_DIO_FAILOPEN 0x0022000C
#define IOCTL_DIO_CALLS    0x00220010
#define ERROR_INVALID_FUNCTION 1
#ifndef ERROR_SHARING_VIOLATION
#define ERROR_SHARING_VIOLATION 32
#endif
#define ERROR_INVALID_ACCESS 12
#define ERROR_NOT_READY 21
#define ERROR_NOT_SUPPORTED 50
#define ERROR_OPEN_FAILED 110
#define ERROR_DEVICE_REMOVED 1617
#define DUPLICATE_CLOSE_SOURCE 1
#define DUPLICATE_SAME_ACCESS 2

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}
static int fails_with(BOOL r, DWORD err) { return !r && GetLastError() == err; }

static void driver_key(LPCWSTR path, LPCWSTR prefix)
{
    HKEY k; DWORD disp;
    RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, 0, NULL, &k, &disp);
    RegSetValueExW(k, L"Dll", 0, REG_SZ, (const BYTE *)L"devdrv.dll", 22);
    RegSetValueExW(k, L"Prefix", 0, REG_SZ, (const BYTE *)prefix, 8);
    RegCloseKey(k);
}

static HANDLE open_(LPCWSTR name, DWORD access) { return CreateFileW(name, access, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL); }

static DWORD calls(HANDLE h)
{
    DWORD n = 0, ret = 0;
    return DeviceIoControl(h, IOCTL_DIO_CALLS, NULL, 0, &n, 4, &ret, NULL) ? n : 0xFFFFFFFF;
}

static void stream(void)
{
    char buf[32];
    DWORD n = 0, in = 41, out[3] = {0, 0, 0}, ret = 0, err, before;
    HANDLE dev, h, h2, h3, dup = NULL;

    driver_key(L"Drivers\\BuiltIn\\DevIo", L"DIO");
    dev = ActivateDeviceEx(L"Drivers\\BuiltIn\\DevIo", NULL, 0, NULL);
    check(dev != NULL && dev != INVALID_HANDLE_VALUE, "ActivateDeviceEx loads devdrv.dll as DIO1:");

    h = open_(L"DIO1:", GENERIC_READ | GENERIC_WRITE);
    check(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CreateFileW(DIO1:) opens the device through DIO_Open");
    check(WriteFile(h, "hello world", 11, &n, NULL) && n == 11, "WriteFile reaches DIO_Write: 11 bytes");
    check(SetFilePointer(h, 6, NULL, FILE_BEGIN) == 6, "SetFilePointer(6, FILE_BEGIN) is DIO_Seek's answer");
    memset(buf, 0, sizeof buf);
    check(ReadFile(h, buf, 16, &n, NULL) && n == 5 && memcmp(buf, "world", 5) == 0, "ReadFile reaches DIO_Read: the 5 bytes after the position");
    check(ReadFile(h, buf, 16, &n, NULL) && n == 0, "ReadFile at the end: TRUE, 0 bytes");
    check(SetFilePointer(h, -3, NULL, FILE_END) == 8, "SetFilePointer(-3, FILE_END) = 8");
    SetLastError(0);
    check(SetFilePointer(h, -20, NULL, FILE_CURRENT) == 0xFFFFFFFF && GetLastError() == ERROR_NEGATIVE_SEEK,
          "SetFilePointer before the start: DIO_Seek's -1 and its ERROR_NEGATIVE_SEEK");

    h2 = open_(L"\\$device\\DIO1", GENERIC_READ);
    check(h2 != INVALID_HANDLE_VALUE && h2 != h, "CreateFileW(\\$device\\DIO1) opens a second handle");
    check(ReadFile(h2, buf, 5, &n, NULL) && n == 5 && memcmp(buf, "hello", 5) == 0, "each open has its own position (DIO_Open's context)");
    check(fails_with(WriteFile(h2, "x", 1, &n, NULL), ERROR_INVALID_ACCESS) && n == 0, "WriteFile on a handle opened without GENERIC_WRITE: ERROR_INVALID_ACCESS");
    h3 = open_(L"$device\\DIO1", 0);
    check(h3 != INVALID_HANDLE_VALUE, "CreateFileW($device\\DIO1, no access) opens");
    check(fails_with(ReadFile(h3, buf, 1, &n, NULL), ERROR_INVALID_ACCESS), "ReadFile without GENERIC_READ: ERROR_INVALID_ACCESS");
    check(SetFilePointer(h3, 2, NULL, FILE_BEGIN) == 2, "SetFilePointer needs no access right");
    check(CloseHandle(h3), "CloseHandle: DIO_PreClose and DIO_Close");

    check(DeviceIoControl(h, IOCTL_DIO_ECHO, &in, 4, out, sizeof out, &ret, NULL) && out[0] == 42 && ret == 12,
          "DeviceIoControl reaches DIO_IOControl with the open context");
    check(out[1] == (DWORD)&in && out[2] == (DWORD)out, "the driver gets the caller's buffer pointers unchanged");
    check(fails_with(DeviceIoControl(h, 0x00229999, NULL, 0, NULL, 0, &ret, NULL), ERROR_NOT_SUPPORTED), "an IOCTL the driver does not know: its ERROR_NOT_SUPPORTED");
    before = calls(h);
    check(fails_with(DeviceIoControl(h, IOCTL_DIO_ECHO, &in, 4, (LPVOID)0x10, 12, &ret, NULL), ERROR_INVALID_PARAMETER),
          "DeviceIoControl with an unmapped output buffer: ERROR_INVALID_PARAMETER");
    check(fails_with(ReadFile(h, (LPVOID)0x10, 4, &n, NULL), ERROR_INVALID_PARAMETER), "ReadFile into an unmapped buffer: ERROR_INVALID_PARAMETER");
    check(calls(h) == before, "and the driver was not called for either");

    in = ERROR_NOT_READY;
    check(DeviceIoControl(h, IOCTL_DIO_FAILNEXT, &in, 4, NULL, 0, NULL, NULL), "IOCTL: fail the next transfer with ERROR_NOT_READY");
    n = 77;
    check(fails_with(ReadFile(h, buf, 4, &n, NULL), ERROR_NOT_READY) && n == 0, "DIO_Read returning -1: FALSE, the driver's error, 0 bytes");
    in = ERROR_NOT_READY;
    DeviceIoControl(h, IOCTL_DIO_FAILNEXT, &in, 4, NULL, 0, NULL, NULL);
    check(fails_with(WriteFile(h, "abc", 3, &n, NULL), ERROR_NOT_READY) && n == 0, "DIO_Write returning -1: FALSE, the driver's error");

    SetLastError(0);
    check(GetFileSize(h, NULL) == 0xFFFFFFFF && GetLastError() == ERROR_INVALID_FUNCTION, "GetFileSize on a device: ERROR_INVALID_FUNCTION");
    check(fails_with(FlushFileBuffers(h), ERROR_INVALID_FUNCTION), "FlushFileBuffers on a device: ERROR_INVALID_FUNCTION");

    in = 1;
    DeviceIoControl(h, IOCTL_DIO_FAILOPEN, &in, 4, NULL, 0, NULL, NULL);
    check(open_(L"DIO1:", GENERIC_READ) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
          "DIO_Open returning 0 with an error: INVALID_HANDLE_VALUE and that error");
    in = 2;
    DeviceIoControl(h, IOCTL_DIO_FAILOPEN, &in, 4, NULL, 0, NULL, NULL);
    check(open_(L"DIO1:", GENERIC_READ) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_OPEN_FAILED,
          "DIO_Open returning 0 without one: ERROR_OPEN_FAILED");
    check(open_(L"DIO2:", GENERIC_READ) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "CreateFileW(DIO2:), no such device: ERROR_FILE_NOT_FOUND");
    check(open_(L"\\$device\\DIO7", GENERIC_READ) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
          "CreateFileW(\\$device\\DIO7), no such device: ERROR_FILE_NOT_FOUND");

    check(DuplicateHandle(GetCurrentProcess(), h2, GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS), "DuplicateHandle of a device handle");
    printf("devio: closing the first of two references\n");
    check(CloseHandle(h2), "CloseHandle of one reference: the driver is not told");
    check(ReadFile(dup, buf, 1, &n, NULL) && n == 1, "the duplicate still reads");
    printf("devio: closing the last reference\n");
    check(CloseHandle(dup), "CloseHandle of the last reference: DIO_PreClose, DIO_Close");
    check(fails_with(ReadFile(dup, buf, 1, &n, NULL), ERROR_INVALID_HANDLE), "ReadFile on the closed handle: ERROR_INVALID_HANDLE");
    h3 = open_(L"DIO1:", GENERIC_READ);
    printf("devio: closing through DuplicateHandle(DUPLICATE_CLOSE_SOURCE, no target)\n");
    check(h3 != INVALID_HANDLE_VALUE && DuplicateHandle(GetCurrentProcess(), h3, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE),
          "DuplicateHandle(DUPLICATE_CLOSE_SOURCE) without a target closes the source: DIO_PreClose, DIO_Close");

    printf("devio: deactivating with a handle open\n");
    check(DeactivateDevice(dev), "DeactivateDevice with a handle open: TRUE (DIO_PreDeinit)");
    check(open_(L"DIO1:", GENERIC_READ) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "the name is gone: ERROR_FILE_NOT_FOUND");
    check(fails_with(ReadFile(h, buf, 1, &n, NULL), ERROR_DEVICE_REMOVED) && n == 0xFFFFFFFF, "ReadFile on the open handle: ERROR_DEVICE_REMOVED");
    check(fails_with(WriteFile(h, "a", 1, &n, NULL), ERROR_DEVICE_REMOVED), "WriteFile: ERROR_DEVICE_REMOVED");
    check(fails_with(DeviceIoControl(h, IOCTL_DIO_CALLS, NULL, 0, out, 4, &ret, NULL), ERROR_DEVICE_REMOVED), "DeviceIoControl: ERROR_DEVICE_REMOVED");
    err = SetFilePointer(h, 0, NULL, FILE_BEGIN) == 0xFFFFFFFF ? GetLastError() : 0;
    check(err == ERROR_DEVICE_REMOVED, "SetFilePointer: -1, ERROR_DEVICE_REMOVED");
    printf("devio: closing the last handle\n");
    check(CloseHandle(h), "CloseHandle of the last handle: DIO_Close, then DIO_Deinit");
    check(fails_with(DeactivateDevice(dev), ERROR_INVALID_HANDLE), "DeactivateDevice again: ERROR_INVALID_HANDLE");
}

static void minimal(void)
{
    char buf[4];
    DWORD n = 0, ret;
    HANDLE dev, h;
    driver_key(L"Drivers\\BuiltIn\\DevMin", L"DIN");
    dev = ActivateDeviceEx(L"Drivers\\BuiltIn\\DevMin", NULL, 0, NULL);
    check(dev != NULL && dev != INVALID_HANDLE_VALUE, "DIN (Open, Close, Write only) activates");
    h = open_(L"DIN1:", GENERIC_READ | GENERIC_WRITE);
    check(h != INVALID_HANDLE_VALUE, "CreateFileW(DIN1:)");
    check(WriteFile(h, "abc", 3, &n, NULL) && n == 3, "WriteFile reaches DIN_Write");
    check(fails_with(ReadFile(h, buf, 4, &n, NULL), ERROR_NOT_SUPPORTED), "ReadFile without DIN_Read: the default entry point's ERROR_NOT_SUPPORTED");
    SetLastError(0);
    check(SetFilePointer(h, 0, NULL, FILE_BEGIN) == 0xFFFFFFFF && GetLastError() == ERROR_NOT_SUPPORTED, "SetFilePointer without DIN_Seek: -1, ERROR_NOT_SUPPORTED");
    check(fails_with(DeviceIoControl(h, 1, NULL, 0, NULL, 0, &ret, NULL), ERROR_NOT_SUPPORTED), "DeviceIoControl without DIN_IOControl: ERROR_NOT_SUPPORTED");
    printf("devio: deactivating DIN with a handle open\n");
    check(DeactivateDevice(dev), "DeactivateDevice without PreDeinit: DIN_Deinit at once");
    check(fails_with(WriteFile(h, "a", 1, &n, NULL), ERROR_DEVICE_REMOVED), "WriteFile afterwards: ERROR_DEVICE_REMOVED");
    check(CloseHandle(h), "CloseHandle: DIN_Close (the final close)");
}

static void refused(void)
{
    driver_key(L"Drivers\\BuiltIn\\DevNoOpen", L"DBX");
    check(fails_with((BOOL)(ActivateDeviceEx(L"Drivers\\BuiltIn\\DevNoOpen", NULL, 0, NULL) != INVALID_HANDLE_VALUE), ERROR_INVALID_FUNCTION),
          "a named device without Open and Close: ERROR_INVALID_FUNCTION");
    driver_key(L"Drivers\\BuiltIn\\DevPreClose", L"DPC");
    check(fails_with((BOOL)(ActivateDeviceEx(L"Drivers\\BuiltIn\\DevPreClose", NULL, 0, NULL) != INVALID_HANDLE_VALUE), ERROR_INVALID_FUNCTION),
          "PreClose without PreDeinit: ERROR_INVALID_FUNCTION");
}

/* The ROM image and storage-manager queries (romstore.ts): the emulated device has no ROM image
 * and no block device, so both report nothing, each the way its callers expect. */
static void romstore(void)
{
    WIN32_FIND_DATAW fd;
    BYTE partinfo[296];
    HANDLE f;
    check(fails_with(GetRomFileInfo(1, &fd, 0), ERROR_NO_MORE_FILES), "GetRomFileInfo(FILES, 0): nothing in ROM, ERROR_NO_MORE_FILES");
    check(fails_with(GetRomFileInfo(2, &fd, 0), ERROR_NO_MORE_FILES), "GetRomFileInfo(MODULES, 0): ERROR_NO_MORE_FILES");
    check(fails_with(GetRomFileInfo(3, &fd, 0), ERROR_INVALID_PARAMETER), "GetRomFileInfo(another type): ERROR_INVALID_PARAMETER");
    check(fails_with(GetRomFileInfo(1, NULL, 0), ERROR_INVALID_PARAMETER), "GetRomFileInfo(NULL): ERROR_INVALID_PARAMETER");
    memset(partinfo, 0, sizeof partinfo);
    *(DWORD *)partinfo = sizeof partinfo;
    check(fails_with(GetPartitionInfo(NULL, partinfo), ERROR_INVALID_HANDLE), "GetPartitionInfo(NULL): ERROR_INVALID_HANDLE");
    f = CreateFileW(L"\\devio.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    check(f != INVALID_HANDLE_VALUE && fails_with(GetPartitionInfo(f, partinfo), ERROR_INVALID_HANDLE),
          "GetPartitionInfo(a file handle): no partition handle exists, ERROR_INVALID_HANDLE");
    CloseHandle(f);
    DeleteFileW(L"\\devio.tmp");
}

int wmain(int argc, wchar_t **argv)
{
    if (argc >= 4 && wcscmp(argv[1], L"drive") == 0) {
        HANDLE dev = ActivateDeviceEx(argv[2], NULL, 0, NULL), h;
        if (dev == INVALID_HANDLE_VALUE || dev == NULL) { printf("activate %ls: failed, error %lu\n", argv[2], GetLastError()); return 1; }
        /* A driver's Init may start threads (NDISPWR.dll's does): let them run before the device is
         * unloaded again, as they would on a device that loads its drivers at boot; unloading a DLL
         * whose thread has not started yet pulls the code from under it (on CE as here). */
        Sleep(500);
        h = CreateFileW(argv[3], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) { printf("open %ls: failed, error %lu\n", argv[3], GetLastError()); return 1; }
        printf("open %ls: opened\n", argv[3]);
        {   /* IOCTL_POWER_CAPABILITIES (pm.h): what a power-managed driver answers; others refuse it */
            BYTE caps[64]; DWORD ret = 0;
            memset(caps, 0xEE, sizeof caps);
            if (DeviceIoControl(h, 0x00321000, NULL, 0, caps, sizeof caps, &ret, NULL))
                printf("ioctl POWER_CAPABILITIES: ok, %lu bytes, DeviceDx %02x\n", ret, caps[0]);
            else printf("ioctl POWER_CAPABILITIES: failed, error %lu\n", GetLastError());
        }
        printf("close %ls: %s\n", argv[3], CloseHandle(h) ? "closed" : "failed");
        printf("deactivate: %s\n", DeactivateDevice(dev) ? "done" : "failed");
        return 0;
    }
    stream();
    minimal();
    refused();
    romstore();
    printf("devio: %d failures\n", failures);
    return failures;
}
