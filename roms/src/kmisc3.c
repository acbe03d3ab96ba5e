/* kmisc3.c — more non-GUI coredll functions two or more corpus programs import (issue 12): the
 * API-set functions as CE 6/7 number the sets (RegisterAPISet, IsAPIReady, WaitForAPIReady,
 * QueryAPISetID, SetAPIErrorHandler, VerifyAPIHandle, LockAPIHandle/UnlockAPIHandle), user management
 * (SetCurrentUser, GetUserDirectory, GetUserNameExW), object-store and memory-division queries,
 * CheckRemoteDebuggerPresent and CeRunAppAtEvent with named events. Error paths included; the
 * expected values come from the CE documentation and kernel sources cited in apisets.ts, users.ts,
 * kquery.ts and notifyevents.ts. Prints ok/FAIL lines; exit code = failures.
 * Arguments: none (CE 6/7 numbering: run with osVersion 6 or 7), "ce5" (CE 5 numbering),
 * "tzapp" (a program registered for a time-zone change: must stop the run). */
#include <windows.h>
#include <ce_files.h>
#include <ce_crt.h>
#include <string.h>
#include <wchar.h>
#include <winreg.h>

/* ---- declarations the shared headers lack (coredll ordinals in comments) ---- */
WINBASEAPI BOOL   WINAPI IsAPIReady(DWORD h);                                                         /* 30 */
WINBASEAPI HANDLE WINAPI CreateAPISet(char name[4], unsigned short n, const void *const *fns, const unsigned long long *sigs); /* 559 */
WINBASEAPI BOOL   WINAPI RegisterAPISet(HANDLE h, DWORD id);                                          /* 635 */
WINBASEAPI HANDLE WINAPI CreateAPIHandle(HANDLE set, LPVOID data);                                    /* 636 */
WINBASEAPI LPVOID WINAPI VerifyAPIHandle(HANDLE set, HANDLE h);                                       /* 637 */
WINBASEAPI int    WINAPI QueryAPISetID(const char *name);                                             /* 490 */
WINBASEAPI DWORD  WINAPI WaitForAPIReady(DWORD set, DWORD ms);                                        /* 2562 */
WINBASEAPI BOOL   WINAPI SetAPIErrorHandler(HANDLE set, DWORD (*fn)(DWORD));                          /* 2611 */
WINBASEAPI HANDLE WINAPI LockAPIHandle(HANDLE set, HANDLE proc, HANDLE h, LPVOID *obj);               /* 2553 */
WINBASEAPI BOOL   WINAPI UnlockAPIHandle(HANDLE set, HANDLE lock);                                    /* 2554 */
WINBASEAPI BOOL   WINAPI SetCurrentUser(LPCWSTR name, LPBYTE secret, DWORD n, BOOL create);           /* 1501 */
WINBASEAPI BOOL   WINAPI GetUserDirectory(LPWSTR buf, LPDWORD n);                                     /* 1686 */
WINBASEAPI BYTE   WINAPI GetUserNameExW(int format, LPWSTR buf, ULONG *n);                            /* 1503 */
typedef struct { DWORD dwVersion, dwType; WCHAR *wszUser; DWORD dwUserLen; WCHAR *wszTarget; DWORD dwTargetLen;
                 BYTE *pBlob; DWORD dwBlobSize, dwFlags; } CRED;
WINBASEAPI DWORD  WINAPI CredWrite(CRED *c, DWORD flags);                                             /* 1878 */
typedef struct { DWORD dwStoreSize, dwFreeSize; } STORE_INFORMATION;
WINBASEAPI BOOL   WINAPI GetStoreInformation(STORE_INFORMATION *si);                                  /* 323 */
WINBASEAPI BOOL   WINAPI GetSystemMemoryDivision(LPDWORD store, LPDWORD ram, LPDWORD page);           /* 336 */
WINBASEAPI DWORD  WINAPI SetSystemMemoryDivision(DWORD store);                                        /* 337 */
WINBASEAPI BOOL   WINAPI CheckRemoteDebuggerPresent(HANDLE proc, BOOL *present);                      /* 2507 */
WINBASEAPI BOOL   WINAPI CeRunAppAtEvent(LPCWSTR app, LONG event);                                    /* 476 */
WINBASEAPI HANDLE WINAPI CeFindFirstRegChange(HKEY k, BOOL subtree, DWORD filter);                    /* 1950 */
WINBASEAPI BOOL   WINAPI CeFindNextRegChange(HANDLE h);                                               /* 1951 */
WINBASEAPI BOOL   WINAPI CeFindCloseRegChange(HANDLE h);                                              /* 1952 */
WINBASEAPI HKEY   WINAPI RegOpenProcessKey(DWORD hPnp);                                               /* 1542 */
WINBASEAPI LPVOID WINAPI VirtualAllocCopyEx(HANDLE src, HANDLE dst, LPVOID p, DWORD n, DWORD prot);    /* 2566 */

#define ERROR_INVALID_PARAMETER 87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_NO_PROC_SLOTS 89
#define ERROR_NOT_FOUND 1168
#define ERROR_USER_EXISTS 1316
#define ERROR_NO_SUCH_USER 1317
#define REGISTER_APISET_TYPE 0x80000000
#define SH_GDI 80
#define SH_SERVICES 90
#define SH_GWEUSER 93
#define HT_FILE 7
#define WAIT_FAILED 0xFFFFFFFF
#define CRED_TYPE_DOMAIN_PASSWORD 0x00010001
#define CRED_FLAG_DEFAULT 0x2
#define NameSamCompatible 2
#define NameDisplay 3
#define SYSMEM_CHANGED 0
#define SYSMEM_FAILED 3
#define NOTIFICATION_EVENT_NONE 0
#define NOTIFICATION_EVENT_TIME_CHANGE 1
#define NOTIFICATION_EVENT_TZ_CHANGE 12
#define FILE_ATTRIBUTE_DIRECTORY 0x10
#define REG_NOTIFY_CHANGE_NAME 1
#define REG_NOTIFY_CHANGE_LAST_SET 4

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}
static int fails_with(BOOL r, DWORD err) { return !r && GetLastError() == err; }

static DWORD method0(DWORD a) { return a; }
static const void *const methods[1] = { (const void *)method0 };
static const unsigned long long sigs[1] = { 0 };
static DWORD errHandler(DWORD i) { return i; }

static HANDLE newSet(const char *name)
{
    char n[4] = { 0, 0, 0, 0 };
    memcpy(n, name, strlen(name) < 4 ? strlen(name) : 4);
    return CreateAPISet(n, 1, methods, sigs);
}

static volatile DWORD waited = 12345;
static DWORD WINAPI waiter(LPVOID p)
{
    waited = WaitForAPIReady((DWORD)p, INFINITE);
    return 0;
}

/* ---------------------------------------------------------------- API sets, CE 6/7 numbering */
static void apisets6(void)
{
    HANDLE a = newSet("KM3A"), b = newSet("KM3B"), c = newSet("KM3C"), hb = newSet("KM3H"), w = newSet("KM3W");
    HANDLE th, api, lock;
    LPVOID obj = NULL;
    int id;
    check(a && b && c && hb && w, "CreateAPISet x5");
    check(CreateAPISet("BAD!", 0, methods, sigs) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "CreateAPISet(0 functions): ERROR_INVALID_PARAMETER");
    check(IsAPIReady(0) && IsAPIReady(HT_FILE) && IsAPIReady(SH_GDI) && IsAPIReady(SH_SERVICES), "IsAPIReady: Win32, HT_FILE, SH_GDI, SH_SERVICES ready at boot");
    check(!IsAPIReady(SH_GWEUSER) && !IsAPIReady(127) && !IsAPIReady(128) && !IsAPIReady(0xFFFFFFFF), "IsAPIReady: SH_GWEUSER, 127, 128, -1 not ready");
    check(QueryAPISetID("KM3A") == -1, "QueryAPISetID(unregistered name) = -1");
    check(RegisterAPISet(a, 0), "RegisterAPISet(a, 0): first free partner slot");
    id = QueryAPISetID("KM3A");
    check(id == 112, "QueryAPISetID(KM3A) = 112 (SH_FIRST_EXT_API_SET)");
    check(IsAPIReady(112), "IsAPIReady(112) after registration");
    check(fails_with(RegisterAPISet(a, 0), ERROR_INVALID_PARAMETER), "RegisterAPISet(a again): ERROR_INVALID_PARAMETER");
    check(RegisterAPISet(b, SH_GWEUSER), "RegisterAPISet(b, SH_GWEUSER 0x5d), as CE 7's GweUser.exe");
    check(IsAPIReady(SH_GWEUSER) && QueryAPISetID("KM3B") == SH_GWEUSER, "SH_GWEUSER ready, found by name");
    check(fails_with(RegisterAPISet(c, SH_GWEUSER), ERROR_INVALID_PARAMETER), "RegisterAPISet(c, taken 0x5d): ERROR_INVALID_PARAMETER");
    check(fails_with(RegisterAPISet(c, SH_GDI), ERROR_INVALID_PARAMETER), "RegisterAPISet(c, SH_GDI held by the system): ERROR_INVALID_PARAMETER");
    check(fails_with(RegisterAPISet(c, 50), ERROR_INVALID_PARAMETER), "RegisterAPISet(c, 50: handle area, not handle-based): ERROR_INVALID_PARAMETER");
    check(fails_with(RegisterAPISet(c, 128), ERROR_INVALID_PARAMETER), "RegisterAPISet(c, 128): ERROR_INVALID_PARAMETER");
    check(fails_with(RegisterAPISet(c, REGISTER_APISET_TYPE | SH_GDI), ERROR_INVALID_PARAMETER), "RegisterAPISet(c, handle-based 80): ERROR_INVALID_PARAMETER");
    check(fails_with(RegisterAPISet((HANDLE)0x1234, 100), ERROR_INVALID_HANDLE), "RegisterAPISet(not a set): ERROR_INVALID_HANDLE");
    check(RegisterAPISet(hb, REGISTER_APISET_TYPE | HT_FILE), "RegisterAPISet(handle-based HT_FILE): shares the type");
    check(RegisterAPISet(c, REGISTER_APISET_TYPE), "RegisterAPISet(c, handle-based 0): first free partner handle slot");
    check(QueryAPISetID("KM3C") == 64, "QueryAPISetID(KM3C) = 64 (SH_FIRST_EXT_HAPI_SET)");
    check(QueryAPISetID("TOOLONG") == -1 && QueryAPISetID("") == -1, "QueryAPISetID(5 characters, empty) = -1");

    check(WaitForAPIReady(95, 0) == WAIT_TIMEOUT, "WaitForAPIReady(95, 0) = WAIT_TIMEOUT");
    check(WaitForAPIReady(95, 30) == WAIT_TIMEOUT, "WaitForAPIReady(95, 30 ms) = WAIT_TIMEOUT");
    check(WaitForAPIReady(SH_GWEUSER, INFINITE) == WAIT_OBJECT_0, "WaitForAPIReady(registered) = WAIT_OBJECT_0");
    check(WaitForAPIReady(200, 0) == WAIT_FAILED, "WaitForAPIReady(200) = WAIT_FAILED");
    th = CreateThread(NULL, 0, waiter, (LPVOID)94, 0, NULL);
    Sleep(20);
    check(waited == 12345, "WaitForAPIReady(94, INFINITE) blocks while 94 is free");
    check(RegisterAPISet(w, 94), "RegisterAPISet(w, 94)");
    check(WaitForSingleObject(th, 2000) == WAIT_OBJECT_0 && waited == WAIT_OBJECT_0, "the waiting thread wakes with WAIT_OBJECT_0");
    CloseHandle(th);

    check(SetAPIErrorHandler(a, errHandler), "SetAPIErrorHandler(a)");
    check(fails_with(SetAPIErrorHandler((HANDLE)0x1234, errHandler), ERROR_INVALID_HANDLE), "SetAPIErrorHandler(not a set): ERROR_INVALID_HANDLE");

    api = CreateAPIHandle(c, (LPVOID)0x5678);
    check(api != NULL, "CreateAPIHandle(c, 0x5678)");
    check(VerifyAPIHandle(c, api) == (LPVOID)0x5678, "VerifyAPIHandle(c, h) = its data");
    check(VerifyAPIHandle(a, api) == NULL && GetLastError() == ERROR_INVALID_HANDLE, "VerifyAPIHandle(other set): NULL, ERROR_INVALID_HANDLE");
    lock = LockAPIHandle(c, GetCurrentProcess(), api, &obj);
    check(lock != NULL && obj == (LPVOID)0x5678, "LockAPIHandle(c, this process, h) = a lock, *ppvObj = data");
    check(LockAPIHandle(a, GetCurrentProcess(), api, &obj) == NULL && GetLastError() == ERROR_INVALID_HANDLE, "LockAPIHandle(other set): NULL, ERROR_INVALID_HANDLE");
    check(LockAPIHandle(c, GetCurrentProcess(), (HANDLE)0x1234, &obj) == NULL && GetLastError() == ERROR_INVALID_HANDLE, "LockAPIHandle(bad handle): NULL, ERROR_INVALID_HANDLE");
    check(!UnlockAPIHandle(a, lock), "UnlockAPIHandle(other set, lock) = FALSE");
    check(UnlockAPIHandle(c, lock), "UnlockAPIHandle(c, lock)");
    check(!UnlockAPIHandle(c, lock), "UnlockAPIHandle(c, lock again) = FALSE");
    CloseHandle(api);
}

/* ---------------------------------------------------------------- API sets, CE 5 numbering */
static void apisets5(void)
{
    HANDLE a = newSet("K5A"), b = newSet("K5B");
    check(IsAPIReady(16) && IsAPIReady(26) && !IsAPIReady(25) && !IsAPIReady(SH_GDI), "CE 5: SH_GDI 16, SH_SERVICES 26 ready; 25 and 80 not");
    check(RegisterAPISet(a, 27) && IsAPIReady(27) && QueryAPISetID("K5A") == 27, "CE 5: RegisterAPISet(a, 27), ready, found by name");
    check(fails_with(RegisterAPISet(b, 27), ERROR_INVALID_PARAMETER), "CE 5: RegisterAPISet(b, taken 27): ERROR_INVALID_PARAMETER");
    check(fails_with(RegisterAPISet(b, SH_GWEUSER), ERROR_INVALID_PARAMETER), "CE 5: RegisterAPISet(b, 0x5d >= 32): ERROR_INVALID_PARAMETER");
    check(WaitForAPIReady(40, 0) == WAIT_FAILED, "CE 5: WaitForAPIReady(40) = WAIT_FAILED");
}

/* ---------------------------------------------------------------- users */
static void users(void)
{
    WCHAR buf[MAX_PATH];
    DWORD n = MAX_PATH;
    ULONG un;
    const WCHAR *dir = L"\\Documents and Settings\\kmuser";
    CRED cr;
    check(fails_with(GetUserDirectory(buf, &n), ERROR_PATH_NOT_FOUND), "GetUserDirectory(no user): ERROR_PATH_NOT_FOUND");
    check(fails_with(SetCurrentUser(L"kmuser", NULL, 0, FALSE), ERROR_NO_SUCH_USER), "SetCurrentUser(unknown, no create): ERROR_NO_SUCH_USER");
    check(fails_with(SetCurrentUser(L"bad/name", NULL, 0, TRUE), ERROR_INVALID_PARAMETER), "SetCurrentUser(bad/name): ERROR_INVALID_PARAMETER");
    check(fails_with(SetCurrentUser(L"", NULL, 0, TRUE), ERROR_INVALID_PARAMETER), "SetCurrentUser(\"\"): ERROR_INVALID_PARAMETER");
    check(SetCurrentUser(L"kmuser", (LPBYTE)"pw", 2, TRUE), "SetCurrentUser(kmuser, create)");
    check(GetFileAttributesW(dir) != 0xFFFFFFFF && (GetFileAttributesW(dir) & FILE_ATTRIBUTE_DIRECTORY), "the profile folder exists");
    check(fails_with(SetCurrentUser(L"KMUSER", NULL, 0, FALSE), ERROR_USER_EXISTS), "SetCurrentUser(same user): ERROR_USER_EXISTS");
    n = 5;
    check(fails_with(GetUserDirectory(buf, &n), ERROR_INSUFFICIENT_BUFFER) && n == wcslen(dir) + 1, "GetUserDirectory(5 characters): ERROR_INSUFFICIENT_BUFFER, size needed");
    check(GetUserDirectory(buf, &n) && wcscmp(buf, dir) == 0 && n == wcslen(dir) + 1, "GetUserDirectory = \\Documents and Settings\\kmuser");
    check(fails_with(SetCurrentUser(L"nobody", NULL, 0, FALSE), ERROR_NO_SUCH_USER), "SetCurrentUser(unknown): fails...");
    n = MAX_PATH;
    check(fails_with(GetUserDirectory(buf, &n), ERROR_PATH_NOT_FOUND), "...and logs the current user off");
    check(SetCurrentUser(L"KmUser", NULL, 0, FALSE), "SetCurrentUser(existing user, other case)");
    n = MAX_PATH;
    check(GetUserDirectory(buf, &n) && wcscmp(buf, dir) == 0, "GetUserDirectory keeps the folder's spelling");

    un = 64;
    check(fails_with(GetUserNameExW(NameSamCompatible, buf, &un), ERROR_NOT_FOUND), "GetUserNameExW(no domain credential): ERROR_NOT_FOUND");
    check(fails_with(GetUserNameExW(NameDisplay, buf, &un), ERROR_INVALID_PARAMETER), "GetUserNameExW(NameDisplay): ERROR_INVALID_PARAMETER");
    memset(&cr, 0, sizeof cr);
    cr.dwVersion = 1; cr.dwType = CRED_TYPE_DOMAIN_PASSWORD;
    cr.wszUser = L"WORK\\kmuser"; cr.dwUserLen = 12;
    cr.wszTarget = L"server"; cr.dwTargetLen = 7;
    cr.dwFlags = CRED_FLAG_DEFAULT;
    check(CredWrite(&cr, 0) == 0, "CredWrite(default domain credential)");
    un = 0;
    check(GetUserNameExW(NameSamCompatible, NULL, &un) && un == 12, "GetUserNameExW(NULL buffer): TRUE, size 12");
    un = 4;
    check(fails_with(GetUserNameExW(NameSamCompatible, buf, &un), ERROR_INSUFFICIENT_BUFFER) && un == 12, "GetUserNameExW(4 characters): ERROR_INSUFFICIENT_BUFFER, size 12");
    un = 64;
    check(GetUserNameExW(NameSamCompatible, buf, &un) && un == 12 && wcscmp(buf, L"WORK\\kmuser") == 0, "GetUserNameExW = WORK\\kmuser");
    RemoveDirectoryW(dir);
}

/* ---------------------------------------------------------------- object store, memory, debugger */
static void kquery(void)
{
    STORE_INFORMATION si;
    DWORD store = 0, ram = 0, page = 0;
    BOOL present = 7;
    check(GetStoreInformation(&si) && si.dwStoreSize > 0 && si.dwFreeSize <= si.dwStoreSize, "GetStoreInformation: size > 0, free <= size");
    check(GetSystemMemoryDivision(&store, &ram, &page) && page == 4096 && store == si.dwStoreSize / 4096 && ram > 0, "GetSystemMemoryDivision: store pages, RAM pages, 4096");
    check(SetSystemMemoryDivision(store) == SYSMEM_CHANGED, "SetSystemMemoryDivision(the current division) = SYSMEM_CHANGED");
    check(SetSystemMemoryDivision(store / 2) == SYSMEM_FAILED && GetLastError() == ERROR_INVALID_PARAMETER, "SetSystemMemoryDivision(other) = SYSMEM_FAILED, ERROR_INVALID_PARAMETER");
    check(CheckRemoteDebuggerPresent(GetCurrentProcess(), &present) && present == FALSE, "CheckRemoteDebuggerPresent(this process) = TRUE, no debugger");
    check(fails_with(CheckRemoteDebuggerPresent(GetCurrentProcess(), NULL), ERROR_INVALID_PARAMETER), "CheckRemoteDebuggerPresent(NULL): ERROR_INVALID_PARAMETER");
    check(fails_with(CheckRemoteDebuggerPresent((HANDLE)0x1234, &present), ERROR_INVALID_HANDLE), "CheckRemoteDebuggerPresent(bad handle): ERROR_INVALID_HANDLE");
    check(VirtualAllocCopyEx(GetCurrentProcess(), GetCurrentProcess(), &si, sizeof si, 4 /* PAGE_READWRITE */) == NULL && GetLastError() == ERROR_ACCESS_DENIED,
          "VirtualAllocCopyEx (kernel mode only) from an application: NULL, ERROR_ACCESS_DENIED");
}

/* ---------------------------------------------------------------- CeRunAppAtEvent */
static void runappatevent(void)
{
    HANDLE t = CreateEventW(NULL, FALSE, FALSE, L"KmTimeChange"), z = CreateEventW(NULL, FALSE, FALSE, L"KmTzChange");
    const WCHAR *tn = L"\\\\.\\Notifications\\NamedEvents\\KmTimeChange", *zn = L"\\\\.\\Notifications\\NamedEvents\\KmTzChange";
    SYSTEMTIME st;
    TIME_ZONE_INFORMATION tz;
    check(fails_with(CeRunAppAtEvent(NULL, NOTIFICATION_EVENT_TIME_CHANGE), ERROR_INVALID_PARAMETER), "CeRunAppAtEvent(NULL): ERROR_INVALID_PARAMETER");
    check(fails_with(CeRunAppAtEvent(tn, 14), ERROR_INVALID_PARAMETER), "CeRunAppAtEvent(event 14): ERROR_INVALID_PARAMETER");
    check(CeRunAppAtEvent(tn, NOTIFICATION_EVENT_TIME_CHANGE) && CeRunAppAtEvent(tn, NOTIFICATION_EVENT_TIME_CHANGE), "CeRunAppAtEvent(named event, TIME_CHANGE) twice");
    check(CeRunAppAtEvent(zn, NOTIFICATION_EVENT_TZ_CHANGE), "CeRunAppAtEvent(named event, TZ_CHANGE)");
    check(CeRunAppAtEvent(L"\\Windows\\nothing.exe", 2), "CeRunAppAtEvent(program, SYNC_END): kept, never fires");
    check(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "time event not set before a change");
    GetSystemTime(&st);
    check(SetSystemTime(&st), "SetSystemTime");
    check(WaitForSingleObject(t, 0) == WAIT_OBJECT_0, "SetSystemTime sets the TIME_CHANGE named event");
    check(WaitForSingleObject(z, 0) == WAIT_TIMEOUT, "...and not the TZ_CHANGE one");
    GetTimeZoneInformation(&tz);
    check(SetTimeZoneInformation(&tz), "SetTimeZoneInformation");
    check(WaitForSingleObject(z, 0) == WAIT_OBJECT_0 && WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "SetTimeZoneInformation sets the TZ_CHANGE named event only");
    check(CeRunAppAtEvent(tn, NOTIFICATION_EVENT_NONE), "CeRunAppAtEvent(NONE) removes the registration");
    GetLocalTime(&st);
    check(SetLocalTime(&st) && WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "SetLocalTime after removal: the event stays unset");
    check(CeRunAppAtEvent(L"\\Windows\\never-registered.exe", NOTIFICATION_EVENT_NONE), "CeRunAppAtEvent(NONE) of an unknown program: TRUE");
    CloseHandle(t);
    CloseHandle(z);
}

/* ---------------------------------------------------------------- registry change notifications */
static void regchanges(void)
{
    HKEY k, sub;
    DWORD disp, v = 1;
    HANDLE vals, names, deep;
    check(RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\Km3", 0, NULL, 0, 0, NULL, &k, &disp) == 0, "RegCreateKeyExW(HKCU\\Software\\Km3)");
    check(CeFindFirstRegChange((HKEY)0x1234, FALSE, REG_NOTIFY_CHANGE_LAST_SET) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_HANDLE, "CeFindFirstRegChange(bad key): ERROR_INVALID_HANDLE");
    check(CeFindFirstRegChange(k, FALSE, 0x10) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "CeFindFirstRegChange(filter 0x10): ERROR_INVALID_PARAMETER");
    vals = CeFindFirstRegChange(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET);
    names = CeFindFirstRegChange(k, FALSE, REG_NOTIFY_CHANGE_NAME);
    deep = CeFindFirstRegChange(HKEY_CURRENT_USER, TRUE, REG_NOTIFY_CHANGE_LAST_SET);
    check(vals != INVALID_HANDLE_VALUE && names != INVALID_HANDLE_VALUE && deep != INVALID_HANDLE_VALUE, "CeFindFirstRegChange x3");
    check(WaitForSingleObject(vals, 0) == WAIT_TIMEOUT && WaitForSingleObject(deep, 0) == WAIT_TIMEOUT, "nothing changed yet");
    RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&v, 4);
    check(WaitForSingleObject(vals, 0) == WAIT_OBJECT_0 && WaitForSingleObject(vals, 0) == WAIT_OBJECT_0, "a value set signals LAST_SET, and it stays signaled");
    check(WaitForSingleObject(deep, 0) == WAIT_OBJECT_0, "the subtree watcher on HKCU sees it too");
    check(WaitForSingleObject(names, 0) == WAIT_TIMEOUT, "the NAME watcher does not");
    check(CeFindNextRegChange(vals) && WaitForSingleObject(vals, 0) == WAIT_TIMEOUT, "CeFindNextRegChange re-arms it");
    check(RegCreateKeyExW(k, L"a\\b", 0, NULL, 0, 0, NULL, &sub, &disp) == 0, "RegCreateKeyExW(a\\b)");
    check(WaitForSingleObject(names, 0) == WAIT_OBJECT_0 && WaitForSingleObject(vals, 0) == WAIT_TIMEOUT, "a subkey added signals NAME, not LAST_SET");
    CeFindNextRegChange(names);
    CeFindNextRegChange(deep);
    RegSetValueExW(sub, L"w", 0, REG_DWORD, (const BYTE *)&v, 4);
    check(WaitForSingleObject(vals, 0) == WAIT_TIMEOUT && WaitForSingleObject(deep, 0) == WAIT_OBJECT_0, "a value two keys down: only the subtree watcher");
    RegCloseKey(sub);
    RegDeleteValueW(k, L"v");
    check(WaitForSingleObject(vals, 0) == WAIT_OBJECT_0, "a value deleted signals LAST_SET");
    RegDeleteKeyW(k, L"a\\b");
    check(WaitForSingleObject(names, 0) == WAIT_TIMEOUT, "a key deleted two levels down: not the non-subtree NAME watcher");
    RegDeleteKeyW(k, L"a");
    check(WaitForSingleObject(names, 0) == WAIT_OBJECT_0, "a subkey deleted signals NAME");
    check(CeFindCloseRegChange(vals) && CeFindCloseRegChange(names) && CeFindCloseRegChange(deep), "CeFindCloseRegChange x3");
    check(fails_with(CeFindNextRegChange(vals), ERROR_INVALID_HANDLE) && fails_with(CeFindCloseRegChange(vals), ERROR_INVALID_HANDLE), "a closed notification: ERROR_INVALID_HANDLE");
    RegCloseKey(k);
    RegDeleteKeyW(HKEY_CURRENT_USER, L"Software\\Km3");
}

/* ---------------------------------------------------------------- RegOpenProcessKey */
static void processkey(void)
{
    HKEY active, drv, k;
    DWORD disp, v = 42, got = 0, n = 4;
    const WCHAR *key = L"Drivers\\Km3Drv";
    RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Drivers\\Active\\07", 0, NULL, 0, 0, NULL, &active, &disp);
    RegSetValueExW(active, L"Key", 0, REG_SZ, (const BYTE *)key, (wcslen(key) + 1) * 2);
    RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0, 0, NULL, &drv, &disp);
    RegSetValueExW(drv, L"Index", 0, REG_DWORD, (const BYTE *)&v, 4);
    k = RegOpenProcessKey(7);
    check(k != NULL && RegQueryValueExW(k, L"Index", NULL, NULL, (BYTE *)&got, &n) == 0 && got == 42, "RegOpenProcessKey(7) opens the driver key Drivers\\Active\\07 names");
    if (k) RegCloseKey(k);
    check(RegOpenProcessKey(99) == NULL && GetLastError() == ERROR_FILE_NOT_FOUND, "RegOpenProcessKey(no such device): NULL, ERROR_FILE_NOT_FOUND");
    RegCloseKey(drv);
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, key);
    check(RegOpenProcessKey(7) == NULL && GetLastError() == ERROR_FILE_NOT_FOUND, "RegOpenProcessKey(driver key gone): NULL, ERROR_FILE_NOT_FOUND");
    RegCloseKey(active);
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, L"Drivers\\Active\\07");
}

int WINAPI WinMain(HINSTANCE hInst, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    if (cmd && wcscmp(cmd, L"tzapp") == 0) {
        TIME_ZONE_INFORMATION tz;
        CeRunAppAtEvent(L"\\Windows\\kmtz.exe", NOTIFICATION_EVENT_TZ_CHANGE);
        GetTimeZoneInformation(&tz);
        SetTimeZoneInformation(&tz);
        printf("survived SetTimeZoneInformation\n");
        return 99;
    }
    if (cmd && wcscmp(cmd, L"ce5") == 0) apisets5();
    else {
        apisets6();
        users();
        kquery();
        runappatevent();
        regchanges();
        processkey();
    }
    printf("kmisc3: %d failures\n", failures);
    return failures;
}
