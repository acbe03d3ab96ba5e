/* kobjects.c — kernel objects beyond events and mutexes: memory-mapped files (paging-file and
 * file-backed, named, shared with a child process), point-to-point message queues (blocking reads
 * across threads, time-outs, alerts, broken queues), the device manager and OAL calls of a device
 * without drivers, SHGetSpecialFolderPath and ShellExecuteEx. Error paths
 * included. Prints ok/FAIL lines; exit code = failures.
 * `kobjects child` is the child process the parent starts (it opens the parent's named mapping and
 * message queue). */
#include <windows.h>
#include <ce_files.h>
#include <ce_modules.h>
#include <winreg.h>

/* ---- declarations the shared headers lack (coredll ordinals in comments) ---- */
#define FILE_MAP_WRITE 2
#define FILE_MAP_READ  4
#define FILE_MAP_ALL_ACCESS 0xF001F
WINBASEAPI HANDLE WINAPI CreateFileMappingW(HANDLE f, LPVOID sa, DWORD prot, DWORD hi, DWORD lo, LPCWSTR name); /* 548 */
WINBASEAPI LPVOID WINAPI MapViewOfFile(HANDLE m, DWORD access, DWORD hi, DWORD lo, DWORD n);                    /* 549 */
WINBASEAPI BOOL   WINAPI UnmapViewOfFile(LPCVOID p);                                                           /* 550 */
WINBASEAPI BOOL   WINAPI FlushViewOfFile(LPCVOID p, DWORD n);                                                  /* 551 */

typedef struct { DWORD dwSize, dwFlags, dwMaxMessages, cbMaxMessage; BOOL bReadAccess; } MSGQUEUEOPTIONS;
typedef struct { DWORD dwSize, dwFlags, dwMaxMessages, cbMaxMessage, dwCurrentMessages, dwMaxQueueMessages; WORD wNumReaders, wNumWriters; } MSGQUEUEINFO;
#define MSGQUEUE_ALLOW_BROKEN 2
#define MSGQUEUE_MSGALERT 1
WINBASEAPI HANDLE WINAPI CreateMsgQueue(LPCWSTR name, MSGQUEUEOPTIONS *o);                                   /* 1529 */
WINBASEAPI BOOL   WINAPI ReadMsgQueue(HANDLE q, LPVOID buf, DWORD size, LPDWORD got, DWORD ms, LPDWORD flags);  /* 1530 */
WINBASEAPI BOOL   WINAPI WriteMsgQueue(HANDLE q, LPVOID buf, DWORD size, DWORD ms, DWORD flags);              /* 1531 */
WINBASEAPI BOOL   WINAPI GetMsgQueueInfo(HANDLE q, MSGQUEUEINFO *i);                                          /* 1532 */
WINBASEAPI BOOL   WINAPI CloseMsgQueue(HANDLE q);                                                             /* 1533 */
WINBASEAPI HANDLE WINAPI OpenMsgQueue(HANDLE proc, HANDLE q, MSGQUEUEOPTIONS *o);                             /* 1536 */

WINBASEAPI BOOL   WINAPI DeviceIoControl(HANDLE h, DWORD code, LPVOID in, DWORD inSize, LPVOID out, DWORD outSize, LPDWORD ret, LPVOID ov); /* 179 */
WINBASEAPI BOOL   WINAPI KernelIoControl(DWORD code, LPVOID in, DWORD inSize, LPVOID out, DWORD outSize, LPDWORD ret);                     /* 557 */
WINBASEAPI HINSTANCE WINAPI LoadDriver(LPCWSTR name);                                                        /* 626 */
WINBASEAPI HANDLE WINAPI ActivateDeviceEx(LPCWSTR key, LPCVOID reg, DWORD n, LPVOID param);                   /* 1494 */
#define IOCTL_HAL_GET_DEVICE_INFO 0x01010004
#define IOCTL_HAL_GET_UUID        0x01010034
#define IOCTL_HAL_GET_DEVICEID    0x01010054
#define SPI_GETPLATFORMTYPE 257

WINBASEAPI BOOL   WINAPI SHGetSpecialFolderPath(HWND hwnd, LPWSTR path, int csidl, BOOL create);              /* 295 */
typedef struct {
    DWORD cbSize, fMask; HWND hwnd; LPCWSTR lpVerb, lpFile, lpParameters, lpDirectory; int nShow;
    HINSTANCE hInstApp; LPVOID lpIDList; LPCWSTR lpClass; HKEY hkeyClass; DWORD dwHotKey; HANDLE hIcon, hProcess;
} SHELLEXECUTEINFO;
_Static_assert(sizeof(SHELLEXECUTEINFO) == 60, "CE SHELLEXECUTEINFO is 60 bytes");
WINBASEAPI BOOL   WINAPI ShellExecuteEx(SHELLEXECUTEINFO *i);                                                 /* 480 */
#define SEE_MASK_NOCLOSEPROCESS 0x40
#define CSIDL_PROGRAMS 2
#define CSIDL_PERSONAL 5

WINBASEAPI BOOL   WINAPI DuplicateHandle(HANDLE sp, HANDLE sh, HANDLE tp, HANDLE *out, DWORD access, BOOL inherit, DWORD options); /* 1535 */
WINBASEAPI HANDLE WINAPI OpenProcess(DWORD access, BOOL inherit, DWORD pid);                                   /* 509 */
#define DUPLICATE_CLOSE_SOURCE 1
#define DUPLICATE_SAME_ACCESS  2

#define ERROR_TIMEOUT 1460
#define ERROR_PIPE_NOT_CONNECTED 233
#define ERROR_NOT_SUPPORTED 50
#define ERROR_FILE_INVALID 1006
#define ERROR_MAPPED_ALIGNMENT 1132
#define ERROR_USER_MAPPED_FILE 1224
#define ERROR_INVALID_ADDRESS 487
#define ERROR_NO_ASSOCIATION 1155

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}
static int fails_with(BOOL r, DWORD err) { return !r && GetLastError() == err; }
static int null_with(HANDLE h, DWORD err) { return h == NULL && GetLastError() == err; }

#define SHARED_MAGIC 0x4b4f424aUL /* "JBOK" */

/* ---------------------------------------------------------------- mappings */
static void mappings(void)
{
    HANDLE m = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0x10000 + 100, NULL);
    check(m != NULL, "CreateFileMappingW(paging file, 64 KiB + 100)");
    DWORD *a = MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    DWORD *b = MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0);
    check(a && b && a != b, "two views of one mapping at different addresses");
    check(a && a[0] == 0 && a[16384] == 0, "a new paging-file mapping is zero-filled");
    if (a) a[0] = 0x12345678, a[16400] = 77;
    check(b && b[0] == 0x12345678 && b[16400] == 77, "a write through one view is seen through the other");
    DWORD *c = MapViewOfFile(m, FILE_MAP_READ, 0, 0x10000, 100);
    check(c && c[16] == 77, "a view at offset 64 KiB sees the same bytes");
    check(UnmapViewOfFile(c), "UnmapViewOfFile(offset view)");
    check(fails_with(MapViewOfFile(m, FILE_MAP_READ, 0, 0x1000, 0) != NULL, ERROR_MAPPED_ALIGNMENT), "offset not a multiple of 64 KiB: ERROR_MAPPED_ALIGNMENT");
    check(fails_with(MapViewOfFile(m, FILE_MAP_READ, 0, 0, 0x10000 + 101) != NULL, ERROR_ACCESS_DENIED), "view larger than the mapping: ERROR_ACCESS_DENIED");
    check(fails_with(MapViewOfFile((HANDLE)0x7777, FILE_MAP_READ, 0, 0, 0) != NULL, ERROR_INVALID_HANDLE), "MapViewOfFile(bad handle): ERROR_INVALID_HANDLE");
    check(fails_with(UnmapViewOfFile((char *)a + 4), ERROR_INVALID_ADDRESS), "UnmapViewOfFile(inside a view, not its base): ERROR_INVALID_ADDRESS");
    check(FlushViewOfFile(a, 0), "FlushViewOfFile(paging-file view)");
    check(CloseHandle(m), "CloseHandle(mapping) with views still mapped");
    check(a && a[0] == 0x12345678, "the views stay valid after the mapping handle is closed");
    check(UnmapViewOfFile(a) && UnmapViewOfFile(b), "UnmapViewOfFile both views");

    check(null_with(CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL), ERROR_INVALID_PARAMETER), "paging-file mapping of size 0: ERROR_INVALID_PARAMETER");
    check(null_with(CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, 0x40, 0, 4096, NULL), ERROR_INVALID_PARAMETER), "flProtect PAGE_EXECUTE_READWRITE: ERROR_INVALID_PARAMETER");

    /* read-only mapping: no write views */
    HANDLE ro = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READONLY, 0, 4096, NULL);
    check(ro != NULL, "CreateFileMappingW(PAGE_READONLY)");
    check(fails_with(MapViewOfFile(ro, FILE_MAP_WRITE, 0, 0, 0) != NULL, ERROR_ACCESS_DENIED), "FILE_MAP_WRITE view of a PAGE_READONLY mapping: ERROR_ACCESS_DENIED");
    CloseHandle(ro);

    /* named: a second create opens the same memory */
    HANDLE n1 = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"kobjects-named");
    check(n1 != NULL && GetLastError() == 0, "named mapping created (last error 0)");
    HANDLE n2 = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"kobjects-named");
    check(n2 != NULL && n2 != n1 && GetLastError() == ERROR_ALREADY_EXISTS, "same name again: a new handle, ERROR_ALREADY_EXISTS");
    char *v1 = MapViewOfFile(n1, FILE_MAP_WRITE, 0, 0, 0), *v2 = MapViewOfFile(n2, FILE_MAP_READ, 0, 0, 0);
    if (v1) strcpy(v1, "shared by name");
    check(v2 && strcmp(v2, "shared by name") == 0, "the two named handles share their memory");
    UnmapViewOfFile(v1); UnmapViewOfFile(v2); CloseHandle(n1); CloseHandle(n2);
    HANDLE n3 = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"kobjects-named");
    check(n3 != NULL && GetLastError() == 0, "after the last handle and view are gone the name is free (a new mapping)");
    char *v3 = n3 ? MapViewOfFile(n3, FILE_MAP_READ, 0, 0, 0) : NULL;
    check(v3 && v3[0] == 0, "the new mapping is zero-filled");
    UnmapViewOfFile(v3); CloseHandle(n3);
}

static void file_mappings(void)
{
    DWORD n = 0;
    HANDLE f = CreateFileW(L"\\Temp\\map.bin", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    check(f != INVALID_HANDLE_VALUE, "CreateFileW(\\Temp\\map.bin)");
    check(null_with(CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0, NULL), ERROR_FILE_INVALID), "mapping an empty file with size 0: ERROR_FILE_INVALID");
    WriteFile(f, "hello, file", 11, &n, NULL);
    HANDLE m = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    check(m != NULL, "CreateFileMappingW(file, size 0 = the file's size)");
    char *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    check(v && memcmp(v, "hello, file", 11) == 0, "the view shows the file's bytes");
    check(v && v[11] == 0, "past the file's end the page reads zero");
    if (v) v[0] = 'J';
    check(FlushViewOfFile(v, 11), "FlushViewOfFile");
    char buf[16] = {0};
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    check(ReadFile(f, buf, 11, &n, NULL) && n == 11 && memcmp(buf, "Jello, file", 11) == 0, "ReadFile sees the write made through the view");
    SetFilePointer(f, 1, NULL, FILE_BEGIN);
    WriteFile(f, "E", 1, &n, NULL);
    check(v && v[1] == 'E', "a WriteFile is seen through the view (coherent)");
    SetFilePointer(f, 4, NULL, FILE_BEGIN);
    check(fails_with(SetEndOfFile(f), ERROR_USER_MAPPED_FILE), "SetEndOfFile of a mapped file: ERROR_USER_MAPPED_FILE");
    UnmapViewOfFile(v);
    CloseHandle(m);

    HANDLE big = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 8192, NULL);
    check(big != NULL && GetFileSize(f, NULL) == 8192, "a PAGE_READWRITE mapping larger than the file extends the file");
    CloseHandle(big);
    check(SetEndOfFile(f) && GetFileSize(f, NULL) == 4, "SetEndOfFile works again once the mapping is gone");
    CloseHandle(f);

    HANDLE r = CreateFileW(L"\\Temp\\map.bin", GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    check(null_with(CreateFileMappingW(r, NULL, PAGE_READWRITE, 0, 0, NULL), ERROR_ACCESS_DENIED), "PAGE_READWRITE on a read-only handle: ERROR_ACCESS_DENIED");
    check(null_with(CreateFileMappingW(r, NULL, PAGE_READONLY, 0, 8192, NULL), ERROR_NOT_ENOUGH_MEMORY), "PAGE_READONLY larger than the file: ERROR_NOT_ENOUGH_MEMORY");
    HANDLE rm = CreateFileMappingW(r, NULL, PAGE_READONLY, 0, 0, NULL);
    const char *rv = rm ? MapViewOfFile(rm, FILE_MAP_READ, 0, 0, 0) : NULL;
    check(rv && memcmp(rv, "JEll", 4) == 0, "read-only file mapping reads the file");
    UnmapViewOfFile(rv);
    CloseHandle(rm);
    CloseHandle(r);
    check(DeleteFileW(L"\\Temp\\map.bin"), "the file is free again (DeleteFileW)");
}

/* ---------------------------------------------------------------- message queues */
static HANDLE g_writer;
static DWORD WINAPI late_writer(LPVOID p)
{
    Sleep(50);
    DWORD v = 4242;
    WriteMsgQueue(g_writer, &v, sizeof v, INFINITE, 0);
    return 0;
}

static void queues(void)
{
    MSGQUEUEOPTIONS o = { sizeof o, 0, 2, 16, TRUE };
    HANDLE r = CreateMsgQueue(NULL, &o);
    check(r != NULL, "CreateMsgQueue(read end)");
    o.bReadAccess = FALSE;
    HANDLE w = OpenMsgQueue(GetCurrentProcess(), r, &o);
    check(w != NULL, "OpenMsgQueue(write end)");
    check(WaitForSingleObject(r, 0) == WAIT_TIMEOUT, "empty queue: the read handle is not signaled");
    check(WaitForSingleObject(w, 0) == WAIT_OBJECT_0, "queue with room: the write handle is signaled");
    check(WriteMsgQueue(w, "one", 4, 0, 0), "WriteMsgQueue(one)");
    check(WriteMsgQueue(w, "alert", 6, 0, MSGQUEUE_MSGALERT), "WriteMsgQueue(alert)");
    check(WaitForSingleObject(w, 0) == WAIT_TIMEOUT, "full queue (2 of 2): the write handle is not signaled");
    check(fails_with(WriteMsgQueue(w, "three", 6, 0, 0), ERROR_TIMEOUT), "write to a full queue, time-out 0: ERROR_TIMEOUT");
    check(fails_with(WriteMsgQueue(w, "three", 6, 20, 0), ERROR_TIMEOUT), "write to a full queue, time-out 20 ms: ERROR_TIMEOUT");
    MSGQUEUEINFO qi; qi.dwSize = sizeof qi;
    check(GetMsgQueueInfo(r, &qi) && qi.dwCurrentMessages == 2 && qi.dwMaxMessages == 2 && qi.cbMaxMessage == 16 && qi.wNumReaders == 1 && qi.wNumWriters == 1,
          "GetMsgQueueInfo: 2 messages, 1 reader, 1 writer");
    qi.dwSize = 12;
    check(fails_with(GetMsgQueueInfo(r, &qi), ERROR_INVALID_PARAMETER), "GetMsgQueueInfo with a wrong dwSize: ERROR_INVALID_PARAMETER");
    check(WaitForSingleObject(r, 0) == WAIT_OBJECT_0, "the read handle is signaled");
    char buf[32]; DWORD got = 0, flags = 99;
    check(fails_with(ReadMsgQueue(r, buf, 3, &got, 0, &flags), ERROR_INSUFFICIENT_BUFFER), "read into a too small buffer: ERROR_INSUFFICIENT_BUFFER");
    check(ReadMsgQueue(r, buf, sizeof buf, &got, 0, &flags) && got == 6 && strcmp(buf, "alert") == 0 && flags == MSGQUEUE_MSGALERT, "the alert message is read first, with its flag");
    check(ReadMsgQueue(r, buf, sizeof buf, &got, 0, &flags) && got == 4 && strcmp(buf, "one") == 0 && flags == 0, "then the normal one");
    check(fails_with(ReadMsgQueue(r, buf, sizeof buf, &got, 0, &flags), ERROR_TIMEOUT), "read of an empty queue, time-out 0: ERROR_TIMEOUT");
    check(fails_with(ReadMsgQueue(r, buf, sizeof buf, &got, 30, &flags), ERROR_TIMEOUT), "read of an empty queue, time-out 30 ms: ERROR_TIMEOUT");
    check(fails_with(WriteMsgQueue(w, buf, 17, 0, 0), ERROR_INSUFFICIENT_BUFFER), "message larger than cbMaxMessage: ERROR_INSUFFICIENT_BUFFER");
    check(fails_with(ReadMsgQueue(w, buf, sizeof buf, &got, 0, &flags), ERROR_ACCESS_DENIED), "reading through the write handle: ERROR_ACCESS_DENIED");
    check(fails_with(WriteMsgQueue(r, "x", 1, 0, 0), ERROR_ACCESS_DENIED), "writing through the read handle: ERROR_ACCESS_DENIED");

    /* a blocking read woken by another thread's write */
    g_writer = w;
    HANDLE t = CreateThread(NULL, 0, late_writer, NULL, 0, NULL);
    DWORD v = 0;
    check(ReadMsgQueue(r, &v, sizeof v, &got, INFINITE, &flags) && v == 4242 && got == 4, "an INFINITE read returns the message another thread writes later");
    WaitForSingleObject(t, INFINITE); CloseHandle(t);

    /* broken queue: the writer is gone */
    check(CloseMsgQueue(w), "CloseMsgQueue(write end)");
    check(fails_with(ReadMsgQueue(r, buf, sizeof buf, &got, 0, &flags), ERROR_PIPE_NOT_CONNECTED), "read with no writer left: ERROR_PIPE_NOT_CONNECTED");
    check(CloseMsgQueue(r), "CloseMsgQueue(read end)");
    check(fails_with(CloseMsgQueue(r), ERROR_INVALID_HANDLE), "CloseMsgQueue twice: ERROR_INVALID_HANDLE");

    o.dwSize = 12;
    check(null_with(CreateMsgQueue(NULL, &o), ERROR_INVALID_PARAMETER), "MSGQUEUEOPTIONS.dwSize wrong: ERROR_INVALID_PARAMETER");
    o.dwSize = sizeof o; o.cbMaxMessage = 0;
    check(null_with(CreateMsgQueue(NULL, &o), ERROR_INVALID_PARAMETER), "cbMaxMessage 0: ERROR_INVALID_PARAMETER");
    MSGQUEUEOPTIONS b = { sizeof b, MSGQUEUE_ALLOW_BROKEN, 0, 8, FALSE };
    HANDLE bw = CreateMsgQueue(NULL, &b);
    check(WriteMsgQueue(bw, "x", 1, 0, 0), "MSGQUEUE_ALLOW_BROKEN: a write without a reader succeeds");
    CloseMsgQueue(bw);
}

/* ---------------------------------------------------------------- devices, OAL, shell */
static void devices(void)
{
    HANDLE d = CreateFileW(L"XXX1:", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    check(d == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "CreateFileW(XXX1:) without such a driver: ERROR_FILE_NOT_FOUND");
    HANDLE f = CreateFileW(L"\\Temp\\dev.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD ret = 0;
    check(fails_with(DeviceIoControl(f, 0x00220000, NULL, 0, NULL, 0, &ret, NULL), ERROR_NOT_SUPPORTED), "DeviceIoControl(file, unknown code): ERROR_NOT_SUPPORTED");
    check(fails_with(DeviceIoControl((HANDLE)0x7777, 0x00220000, NULL, 0, NULL, 0, &ret, NULL), ERROR_INVALID_HANDLE), "DeviceIoControl(bad handle): ERROR_INVALID_HANDLE");
    CloseHandle(f);
    DeleteFileW(L"\\Temp\\dev.txt");

    DWORD spi = SPI_GETPLATFORMTYPE;
    WCHAR plat[64];
    check(KernelIoControl(IOCTL_HAL_GET_DEVICE_INFO, &spi, 4, plat, sizeof plat, &ret) && wcscmp(plat, L"PocketPC") == 0 && ret == 18,
          "KernelIoControl(IOCTL_HAL_GET_DEVICE_INFO, SPI_GETPLATFORMTYPE) = PocketPC");
    check(fails_with(KernelIoControl(IOCTL_HAL_GET_DEVICE_INFO, &spi, 4, plat, 4, &ret), ERROR_INSUFFICIENT_BUFFER), "IOCTL_HAL_GET_DEVICE_INFO, 4-byte buffer: ERROR_INSUFFICIENT_BUFFER");
    BYTE uuid[16] = {0}, uuid2[16] = {0};
    check(KernelIoControl(IOCTL_HAL_GET_UUID, NULL, 0, uuid, 16, &ret) && ret == 16, "IOCTL_HAL_GET_UUID");
    KernelIoControl(IOCTL_HAL_GET_UUID, NULL, 0, uuid2, 16, &ret);
    check(memcmp(uuid, uuid2, 16) == 0 && (uuid[0] | uuid[15]) != 0, "the UUID is stable and not zero");
    DWORD idsize = 0;
    check(fails_with(KernelIoControl(IOCTL_HAL_GET_DEVICEID, NULL, 0, &idsize, 4, &ret), ERROR_INSUFFICIENT_BUFFER) && idsize > 20, "IOCTL_HAL_GET_DEVICEID size query: dwSize = the size needed");
    check(fails_with(KernelIoControl(0x01010ffc, NULL, 0, NULL, 0, &ret), ERROR_NOT_SUPPORTED), "KernelIoControl(unknown code): ERROR_NOT_SUPPORTED");

    HANDLE a = ActivateDeviceEx(L"Drivers\\BuiltIn\\NoSuchDriver", NULL, 0, NULL);
    check(a == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "ActivateDeviceEx(missing driver key): INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND");
    check(null_with(LoadDriver(L"nosuchdriver.dll"), ERROR_MOD_NOT_FOUND), "LoadDriver(missing DLL): ERROR_MOD_NOT_FOUND");
}

static void shell(void)
{
    WCHAR path[MAX_PATH];
    check(SHGetSpecialFolderPath(NULL, path, CSIDL_PERSONAL, FALSE) && wcscmp(path, L"\\My Documents") == 0, "SHGetSpecialFolderPath(CSIDL_PERSONAL) = \\My Documents");
    check(SHGetSpecialFolderPath(NULL, path, CSIDL_PROGRAMS, TRUE) && wcscmp(path, L"\\Windows\\Start Menu\\Programs") == 0, "CSIDL_PROGRAMS = \\Windows\\Start Menu\\Programs");
    DWORD at = GetFileAttributesW(path);
    check(at != INVALID_FILE_ATTRIBUTES && (at & FILE_ATTRIBUTE_DIRECTORY), "the folder exists");
    check(!SHGetSpecialFolderPath(NULL, path, 0x7777, FALSE), "unknown CSIDL: FALSE");

    SHELLEXECUTEINFO i;
    DWORD code = 0;
    memset(&i, 0, sizeof i);
    i.cbSize = sizeof i; i.fMask = SEE_MASK_NOCLOSEPROCESS; i.lpFile = L"exitcodes.exe"; i.lpParameters = L"ret 5";
    check(ShellExecuteEx(&i) && i.hProcess != NULL && (DWORD)i.hInstApp > 32, "ShellExecuteEx(exitcodes.exe, \"ret 5\")");
    check(WaitForSingleObject(i.hProcess, 10000) == WAIT_OBJECT_0 && GetExitCodeProcess(i.hProcess, &code) && code == 5, "  its process exits with 5");
    CloseHandle(i.hProcess);

    HANDLE f = CreateFileW(L"\\Temp\\doc.kob", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(f);
    f = CreateFileW(L"\\Temp\\doc.zzz", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CloseHandle(f);
    HKEY k; DWORD disp;
    RegCreateKeyExW(HKEY_CLASSES_ROOT, L".kob", 0, NULL, 0, 0, NULL, &k, &disp);
    RegSetValueExW(k, NULL, 0, REG_SZ, (const BYTE *)L"kobfile", 16);
    RegCloseKey(k);
    RegCreateKeyExW(HKEY_CLASSES_ROOT, L"kobfile\\Shell\\Open\\Command", 0, NULL, 0, 0, NULL, &k, &disp);
    static const WCHAR cmd[] = L"wargs.exe -x %1";
    RegSetValueExW(k, NULL, 0, REG_SZ, (const BYTE *)cmd, sizeof cmd);
    RegCloseKey(k);
    memset(&i, 0, sizeof i);
    i.cbSize = sizeof i; i.fMask = SEE_MASK_NOCLOSEPROCESS; i.lpFile = L"\\Temp\\doc.kob";
    check(ShellExecuteEx(&i) && i.hProcess != NULL, "ShellExecuteEx(document): its association's command runs");
    check(WaitForSingleObject(i.hProcess, 10000) == WAIT_OBJECT_0 && GetExitCodeProcess(i.hProcess, &code) && code == 3, "  the associated program (wargs.exe) gets -x and the document: argc 3");
    CloseHandle(i.hProcess);

    memset(&i, 0, sizeof i);
    i.cbSize = sizeof i; i.lpFile = L"\\Temp\\doc.zzz";
    check(fails_with(ShellExecuteEx(&i), ERROR_NO_ASSOCIATION) && (DWORD)i.hInstApp == 31, "a document without association: ERROR_NO_ASSOCIATION, SE_ERR_NOASSOC");
    i.lpFile = L"\\Temp\\missing.kob";
    check(fails_with(ShellExecuteEx(&i), ERROR_FILE_NOT_FOUND) && (DWORD)i.hInstApp == 2, "a missing document: ERROR_FILE_NOT_FOUND, SE_ERR_FNF");
    i.cbSize = 12;
    check(fails_with(ShellExecuteEx(&i), ERROR_INVALID_PARAMETER), "cbSize wrong: ERROR_INVALID_PARAMETER");
    DeleteFileW(L"\\Temp\\doc.kob");
    DeleteFileW(L"\\Temp\\doc.zzz");
}

/* ---------------------------------------------------------------- handles */
static void handles(void)
{
    HANDLE e = CreateEventW(NULL, TRUE, FALSE, NULL), d = NULL, t = NULL, moved = NULL;
    check(DuplicateHandle(GetCurrentProcess(), e, GetCurrentProcess(), &d, 0, FALSE, DUPLICATE_SAME_ACCESS) && d != NULL, "DuplicateHandle(event)");
    SetEvent(d);
    check(WaitForSingleObject(e, 0) == WAIT_OBJECT_0, "setting the duplicate signals the original");
    check(CloseHandle(e) && WaitForSingleObject(d, 0) == WAIT_OBJECT_0, "the duplicate outlives CloseHandle of the original");
    check(CloseHandle(d) && fails_with(CloseHandle(d), ERROR_INVALID_HANDLE), "after both are closed the handle is gone");
    check(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &t, 0, FALSE, DUPLICATE_SAME_ACCESS) && t != GetCurrentThread(), "DuplicateHandle(GetCurrentThread()) gives a real handle");
    check(WaitForSingleObject(t, 0) == WAIT_TIMEOUT && CloseHandle(t), "  the running thread is not signaled");
    HANDLE m = CreateMutexW(NULL, FALSE, NULL);
    check(DuplicateHandle(GetCurrentProcess(), m, GetCurrentProcess(), &moved, 0, FALSE, DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS) && CloseHandle(moved) &&
          fails_with(CloseHandle(m), ERROR_INVALID_HANDLE), "DUPLICATE_CLOSE_SOURCE: the source reference passes to the duplicate");
    check(fails_with(DuplicateHandle(GetCurrentProcess(), (HANDLE)0x7777, GetCurrentProcess(), &d, 0, FALSE, 2), ERROR_INVALID_HANDLE), "DuplicateHandle(bad handle): ERROR_INVALID_HANDLE");
    HANDLE p = OpenProcess(0, FALSE, GetCurrentProcessId());
    check(p != NULL && CloseHandle(p), "OpenProcess(own process id)");
    check(null_with(OpenProcess(0, FALSE, 0x12345), ERROR_INVALID_PARAMETER), "OpenProcess(unknown id): ERROR_INVALID_PARAMETER");
}

/* ---------------------------------------------------------------- across processes */
static int child(void)
{
    HANDLE m = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"kobjects-run");
    if (!m || GetLastError() != ERROR_ALREADY_EXISTS) return 10;
    DWORD *v = MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 0);
    if (!v || v[0] != SHARED_MAGIC) return 11;
    v[1] = v[0] + 1;
    MSGQUEUEOPTIONS o = { sizeof o, 0, 0, 32, FALSE };
    HANDLE q = CreateMsgQueue(L"kobjects-q", &o);
    if (!q || GetLastError() != ERROR_ALREADY_EXISTS) return 12;
    /* Named events and mutexes are the run's too (one object namespace), and process and thread IDs are
       unique across the processes (the parent left its own in v[2], v[3]). */
    HANDLE ev = OpenEventW(EVENT_ALL_ACCESS, FALSE, L"kobjects-ev");
    if (!ev) return 14;
    HANDLE mx = CreateMutexW(NULL, FALSE, L"kobjects-mx");
    if (!mx || GetLastError() != ERROR_ALREADY_EXISTS) return 15;
    if (WaitForSingleObject(mx, 0) != WAIT_TIMEOUT) return 16; /* the parent's thread owns it */
    if (GetCurrentProcessId() == v[2] || GetCurrentThreadId() == v[3]) return 17;
    HANDLE other = CreateEventW(NULL, FALSE, FALSE, L"kobjects-mx");
    if (other || GetLastError() != ERROR_INVALID_HANDLE) return 18; /* a mutex's name, asked for as an event */
    if (!SetEvent(ev)) return 19;
    CloseHandle(ev);
    CloseHandle(mx);
    if (!WriteMsgQueue(q, "from the child", 15, 1000, 0)) return 13;
    UnmapViewOfFile(v);
    CloseHandle(m);
    CloseMsgQueue(q);
    return 0;
}

static void processes(void)
{
    HANDLE m = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"kobjects-run");
    DWORD *v = m ? MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, 0) : NULL;
    if (v) {
        v[0] = SHARED_MAGIC;
        v[2] = GetCurrentProcessId();
        v[3] = GetCurrentThreadId();
    }
    HANDLE ev = CreateEventW(NULL, TRUE, FALSE, L"kobjects-ev");
    HANDLE mx = CreateMutexW(NULL, TRUE, L"kobjects-mx");
    check(ev && mx, "named event and mutex (owned) for the child");
    MSGQUEUEOPTIONS o = { sizeof o, 0, 0, 32, TRUE };
    HANDLE q = CreateMsgQueue(L"kobjects-q", &o);
    PROCESS_INFORMATION pi;
    DWORD code = 99, got = 0, flags = 0;
    char buf[32] = {0};
    check(CreateProcessW(L"kobjects.exe", L"child", NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi), "CreateProcessW(kobjects.exe child)");
    check(ReadMsgQueue(q, buf, sizeof buf, &got, 10000, &flags) && strcmp(buf, "from the child") == 0, "the child's message arrives through the named queue");
    check(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0 && GetExitCodeProcess(pi.hProcess, &code) && code == 0, "the child opened the named mapping, queue, event and mutex (exit code 0)");
    if (code) printf("child exit code %lu\n", code);
    check(v && v[1] == SHARED_MAGIC + 1, "the child's write to the named mapping is seen by the parent");
    check(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "the child set the parent's named event");
    check(ReleaseMutex(mx), "the parent still owns its named mutex after the child's wait timed out");
    CloseHandle(ev); CloseHandle(mx);
    CloseHandle(pi.hProcess); CloseHandle(pi.hThread);
    UnmapViewOfFile(v); CloseHandle(m); CloseMsgQueue(q);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    if (cmd && wcscmp(cmd, L"child") == 0) return child();
    if (cmd && wcscmp(cmd, L"activate") == 0) {
        /* a driver key naming a DLL the device lacks: ActivateDeviceEx fails with the loader error */
        HKEY k; DWORD disp;
        static const WCHAR dll[] = L"serial.dll";
        RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Drivers\\BuiltIn\\KobSerial", 0, NULL, 0, 0, NULL, &k, &disp);
        RegSetValueExW(k, L"Dll", 0, REG_SZ, (const BYTE *)dll, sizeof dll);
        RegCloseKey(k);
        ActivateDeviceEx(L"Drivers\\BuiltIn\\KobSerial", NULL, 0, NULL);
        printf("survived ActivateDeviceEx\n");
        return 1;
    }
    mappings();
    file_mappings();
    queues();
    devices();
    shell();
    handles();
    processes();
    printf("kobjects: %d failures\n", failures);
    return failures;
}
