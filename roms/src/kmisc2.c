/* kmisc2.c — the non-GUI coredll functions two or more corpus programs import (issue 12): event
 * logging, KernelLibIoControl, CE 6 caller-buffer marshalling and caller process IDs, DPAPI, the
 * credential manager, shell shortcuts, RegisterDbgZones, keyboard layout, ReportFault,
 * QueryInstructionSet / IsProcessorFeaturePresent, OpenThread, event data, VirtualAllocEx /
 * VirtualFreeEx, RemoteLocalAlloc. Error paths included; the expected values come from the CE/Win32
 * documentation cited in each coredll family (eventlog.ts, kserver.ts, dpapi.ts, credman.ts,
 * shortcut.ts, ksystem.ts, debug.ts). Prints ok/FAIL lines (and a few values the test compares
 * between runs); exit code = failures. */
#include <windows.h>
#include <ce_files.h>
#include <ce_crt.h>
#include <ce_locale.h>
#include <winreg.h>
#include <string.h>
#include <wchar.h>

/* ---- declarations the shared headers lack (coredll ordinals in comments) ---- */
WINBASEAPI HANDLE WINAPI RegisterEventSourceW(LPCWSTR server, LPCWSTR source);                          /* 1820 */
WINBASEAPI BOOL   WINAPI ReportEventW(HANDLE h, WORD type, WORD cat, DWORD id, LPVOID sid, WORD nStrings,
                                      DWORD dataSize, LPCWSTR *strings, LPVOID data);                   /* 1819 */
WINBASEAPI BOOL   WINAPI DeregisterEventSource(HANDLE h);                                               /* 1821 */
WINBASEAPI BOOL   WINAPI KernelLibIoControl(HANDLE hLib, DWORD code, LPVOID in, DWORD inSize, LPVOID out,
                                            DWORD outSize, LPDWORD ret);                                /* 1489 */
WINBASEAPI BOOL   WINAPI KernelIoControl(DWORD code, LPVOID in, DWORD inSize, LPVOID out, DWORD outSize, LPDWORD ret); /* 557 */
WINBASEAPI HRESULT WINAPI CeOpenCallerBuffer(PVOID *dest, PVOID src, DWORD cb, DWORD desc, BOOL dup);  /* 2569 */
WINBASEAPI HRESULT WINAPI CeCloseCallerBuffer(PVOID dest, PVOID src, DWORD cb, DWORD desc);           /* 2570 */
WINBASEAPI HRESULT WINAPI CeAllocAsynchronousBuffer(PVOID *dest, PVOID src, DWORD cb, DWORD desc);    /* 2571 */
WINBASEAPI HRESULT WINAPI CeFreeAsynchronousBuffer(PVOID dest, PVOID src, DWORD cb, DWORD desc);      /* 2572 */
WINBASEAPI HRESULT WINAPI CeAllocDuplicateBuffer(PVOID *dest, PVOID src, DWORD cb, DWORD desc);       /* 2573 */
WINBASEAPI HRESULT WINAPI CeFreeDuplicateBuffer(PVOID dest, PVOID src, DWORD cb, DWORD desc);         /* 2574 */
WINBASEAPI HANDLE WINAPI GetCallerProcess(void);                                                      /* 607 */
WINBASEAPI DWORD  WINAPI GetCallerVMProcessId(void);                                                  /* 2603 */
WINBASEAPI DWORD  WINAPI GetDirectCallerProcessId(void);                                              /* 2604 */
typedef struct { DWORD cbData; BYTE *pbData; } DATA_BLOB;
WINBASEAPI BOOL   WINAPI CryptProtectData(DATA_BLOB *in, LPCWSTR desc, DATA_BLOB *ent, PVOID r, PVOID prompt,
                                          DWORD flags, DATA_BLOB *out);                                 /* 1599 */
WINBASEAPI BOOL   WINAPI CryptUnprotectData(DATA_BLOB *in, LPWSTR *desc, DATA_BLOB *ent, PVOID r, PVOID prompt,
                                            DWORD flags, DATA_BLOB *out);                               /* 1600 */
typedef struct { DWORD dwVersion, dwType; WCHAR *wszUser; DWORD dwUserLen; WCHAR *wszTarget; DWORD dwTargetLen;
                 BYTE *pBlob; DWORD dwBlobSize, dwFlags; } CRED;
WINBASEAPI DWORD  WINAPI CredWrite(CRED *c, DWORD flags);                                             /* 1878 */
WINBASEAPI DWORD  WINAPI CredRead(const WCHAR *target, DWORD len, DWORD type, DWORD flags, CRED **out); /* 1879 */
WINBASEAPI DWORD  WINAPI CredDelete(const WCHAR *target, DWORD len, DWORD type, DWORD flags);         /* 1881 */
WINBASEAPI DWORD  WINAPI CredFree(void *p);                                                           /* 1882 */
WINBASEAPI BOOL   WINAPI SHCreateShortcut(LPWSTR lnk, LPWSTR target);                                 /* 484 */
WINBASEAPI BOOL   WINAPI SHGetShortcutTarget(LPWSTR lnk, LPWSTR target, int cbMax);                   /* 485 */
WINBASEAPI BOOL   WINAPI RegisterDbgZones(HMODULE hMod, LPVOID dbgparam);                             /* 546 */
WINBASEAPI void   WINAPI SignalStarted(DWORD token);                                                  /* 639 */
WINBASEAPI DWORD  WINAPI GetKeyboardLayout(DWORD tid);                                                /* 1229 */
WINBASEAPI int    WINAPI GetKeyboardLayoutList(int n, DWORD *list);                                   /* 1767 */
WINBASEAPI DWORD  WINAPI ReportFault(LPVOID pep, DWORD mode);                                         /* 1964 */
WINBASEAPI BOOL   WINAPI QueryInstructionSet(DWORD set, LPDWORD os);                                  /* 1677 */
WINBASEAPI BOOL   WINAPI IsProcessorFeaturePresent(DWORD f);                                          /* 1758 */
WINBASEAPI HANDLE WINAPI OpenThread(DWORD access, BOOL inherit, DWORD tid);                           /* 2551 */
WINBASEAPI DWORD  WINAPI GetEventData(HANDLE h);                                                      /* 1527 */
WINBASEAPI BOOL   WINAPI SetEventData(HANDLE h, DWORD v);                                             /* 1528 */
WINBASEAPI LPVOID WINAPI VirtualAllocEx(HANDLE p, LPVOID a, DWORD n, DWORD type, DWORD prot);         /* 2563 */
WINBASEAPI BOOL   WINAPI VirtualFreeEx(HANDLE p, LPVOID a, DWORD n, DWORD type);                      /* 2564 */
WINBASEAPI HLOCAL WINAPI RemoteLocalAlloc(UINT flags, UINT n);                                        /* 37 */
WINBASEAPI HLOCAL WINAPI RemoteLocalFree(HLOCAL h);                                                   /* 40 */
WINBASEAPI BOOL   WINAPI CeSetThreadQuantum(HANDLE h, DWORD ms);                                      /* 1244 */
WINBASEAPI BOOL   WINAPI GetThreadTimes(HANDLE h, unsigned long long *created, unsigned long long *exited,
                                        unsigned long long *kernel, unsigned long long *user);          /* 1186 */
WINBASEAPI HANDLE WINAPI CreateThread(LPVOID sa, DWORD stack, DWORD (WINAPI *start)(LPVOID), LPVOID param,
                                      DWORD flags, LPDWORD id);                                         /* 492 */
_CRTIMP unsigned int __cdecl _clearfp(void);                                                          /* 1001 */
_CRTIMP unsigned int __cdecl _statusfp(void);                                                         /* 1062 */
/* fpcrt helpers: doubles travel as bit patterns in core registers (r0:r1, r2:r3), as uint64 does. */
unsigned long long __divd(unsigned long long a, unsigned long long b);                                /* 2048 */
unsigned long long __addd(unsigned long long a, unsigned long long b);                                /* 2053 */
unsigned long long __muld(unsigned long long a, unsigned long long b);                                /* 2027 */
int __dtoi(unsigned long long a);                                                                     /* 2046 */
unsigned int __dtos(unsigned long long a);                                                            /* 2044 */
typedef struct { DWORD dwSize, dwFlags, dwMaxMessages, cbMaxMessage; BOOL bReadAccess; } MSGQUEUEOPTIONS;
WINBASEAPI HANDLE WINAPI CreateMsgQueue(LPCWSTR name, MSGQUEUEOPTIONS *o);                            /* 1529 */
WINBASEAPI BOOL   WINAPI CloseMsgQueue(HANDLE q);                                                     /* 1533 */
WINBASEAPI HANDLE WINAPI RequestPowerNotifications(HANDLE q, DWORD flags);                            /* 1585 */
WINBASEAPI DWORD  WINAPI StopPowerNotifications(HANDLE h);                                            /* 1586 */
WINBASEAPI DWORD  WINAPI SetDevicePower(PVOID dev, DWORD flags, int state);                           /* 1678 */
WINBASEAPI DWORD  WINAPI GetDevicePower(PVOID dev, DWORD flags, int *state);                          /* 1679 */
WINBASEAPI BOOL   WINAPI DeleteAndRenameFile(LPCWSTR dst, LPCWSTR src);                               /* 183 */
WINBASEAPI void   WINAPI ForcePageout(void);                                                          /* 540 */
WINBASEAPI void   WINAPI WriteDebugLED(WORD i, DWORD v);                                              /* 1155 */
WINBASEAPI BOOL   WINAPI SetDbgZone(DWORD proc, LPVOID mod, LPVOID base, DWORD zone, LPVOID tgt);      /* 618 */
WINBASEAPI void   WINAPI PPSHRestart(void);                                                           /* 638 */
WINBASEAPI BOOL   WINAPI CheckPassword(LPWSTR p);                                                     /* 182 */
WINBASEAPI BOOL   WINAPI SetPassword(LPWSTR oldp, LPWSTR newp);                                       /* 238 */
WINBASEAPI BOOL   WINAPI GetPasswordActive(void);                                                     /* 239 */
WINBASEAPI BOOL   WINAPI SetPasswordActive(BOOL on, LPWSTR p);                                        /* 240 */
WINBASEAPI BOOL   WINAPI SetPasswordStatus(DWORD status, LPWSTR p);                                   /* 1537 */
WINBASEAPI DWORD  WINAPI GetPasswordStatus(void);                                                     /* 1538 */
WINBASEAPI BOOL   WINAPI EnumServices(PBYTE buf, DWORD *entries, DWORD *len);                          /* 1517 */
WINBASEAPI HANDLE WINAPI ActivateService(LPCWSTR key, DWORD info);                                    /* 1508 */
WINBASEAPI BOOL   WINAPI DeregisterService(HANDLE h);                                                 /* 1510 */

#define ERROR_INVALID_HANDLE 6
#define ERROR_INVALID_DATA 13
#define ERROR_NOT_SUPPORTED 50
#define ERROR_FILE_EXISTS 80
#define ERROR_INVALID_PARAMETER 87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_ALREADY_EXISTS 183
#define ERROR_NOT_FOUND 1168
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_ACCESS_DENIED 5
#define ERROR_SUCCESS 0
#define E_INVALIDARG ((HRESULT)0x80070057)
#define E_ACCESSDENIED ((HRESULT)0x80070005)
#define ARG_I_PTR 4
#define ARG_I_WSTR 5
#define ARG_O_PTR 8
#define ARG_IO_PTR 12
#define KMOD_CORE 1
#define KMOD_DBG 2
#define KMOD_OAL 5
#define IOCTL_KLIB_ISKDPRESENT 6
#define IOCTL_KLIB_GETWATSONSIZE 13
#define IOCTL_HAL_GET_UUID 0x01010034
#define CRED_TYPE_PLAINTEXT_PASSWORD 0x00010006
#define CRED_TYPE_GENERIC 0x0001000a
#define CRED_FLAG_DEFAULT 0x2
#define CRED_FLAG_FAIL_IF_EXISTING 0x400
#define CRED_FLAG_NO_DEFAULT 0x800
#define MEM_RESERVE 0x2000
#define MEM_RELEASE 0x8000
#define PF_ARM_V4 0x80000001
#define PF_ARM_THUMB 0x80000005
#define PF_ARM_UNALIGNED_ACCESS 0x8000001C

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}
static int fails_with(BOOL r, DWORD err) { return !r && GetLastError() == err; }

/* ---------------------------------------------------------------- event log */
static void eventlog(void)
{
    HANDLE h = RegisterEventSourceW(NULL, L"kmisc2");
    LPCWSTR strs[2] = { L"first", L"second" };
    LPCWSTR bad[1] = { NULL };
    BYTE raw[3] = { 1, 2, 3 };
    check(h != NULL, "RegisterEventSourceW(NULL, kmisc2)");
    SetLastError(0);
    check(RegisterEventSourceW(L"\\\\server", L"kmisc2") == NULL && GetLastError() == ERROR_NOT_SUPPORTED, "RegisterEventSourceW(server): ERROR_NOT_SUPPORTED");
    check(RegisterEventSourceW(NULL, L"") == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "RegisterEventSourceW(\"\"): ERROR_INVALID_PARAMETER");
    check(ReportEventW(h, 2, 7, 1001, NULL, 2, 3, strs, raw), "ReportEventW(warning, 2 strings, raw data)");
    check(ReportEventW(h, 4, 0, 1002, NULL, 0, 0, NULL, NULL), "ReportEventW(information, no strings)");
    check(fails_with(ReportEventW(h, 3, 0, 1, NULL, 0, 0, NULL, NULL), ERROR_INVALID_PARAMETER), "ReportEventW(type 3): ERROR_INVALID_PARAMETER");
    check(fails_with(ReportEventW(h, 1, 0, 1, NULL, 1, 0, NULL, NULL), ERROR_INVALID_PARAMETER), "ReportEventW(1 string, NULL array): ERROR_INVALID_PARAMETER");
    check(fails_with(ReportEventW(h, 1, 0, 1, NULL, 1, 0, bad, NULL), ERROR_INVALID_PARAMETER), "ReportEventW(NULL string): ERROR_INVALID_PARAMETER");
    check(fails_with(ReportEventW(h, 1, 0, 1, NULL, 0, 4, NULL, NULL), ERROR_INVALID_PARAMETER), "ReportEventW(data, NULL pointer): ERROR_INVALID_PARAMETER");
    check(DeregisterEventSource(h), "DeregisterEventSource");
    check(fails_with(DeregisterEventSource(h), ERROR_INVALID_HANDLE), "DeregisterEventSource twice: ERROR_INVALID_HANDLE");
    check(fails_with(ReportEventW(h, 4, 0, 1, NULL, 0, 0, NULL, NULL), ERROR_INVALID_HANDLE), "ReportEventW(closed): ERROR_INVALID_HANDLE");
}

/* ---------------------------------------------------------------- KernelLibIoControl */
static void klib(void)
{
    BYTE a[16], b[16];
    DWORD n = 0, m = 0;
    SetLastError(0);
    check(!KernelLibIoControl((HANDLE)KMOD_CORE, IOCTL_KLIB_ISKDPRESENT, NULL, 0, NULL, 0, NULL), "KMOD_CORE ISKDPRESENT: no kernel debugger");
    check(KernelLibIoControl((HANDLE)KMOD_CORE, IOCTL_KLIB_GETWATSONSIZE, NULL, 0, NULL, 0, NULL) == 0, "KMOD_CORE GETWATSONSIZE: no dump area");
    check(KernelLibIoControl((HANDLE)KMOD_OAL, IOCTL_HAL_GET_UUID, NULL, 0, a, sizeof a, &n) && n == 16, "KMOD_OAL GET_UUID");
    check(KernelIoControl(IOCTL_HAL_GET_UUID, NULL, 0, b, sizeof b, &m) && m == 16 && memcmp(a, b, 16) == 0, "KMOD_OAL is KernelIoControl");
    check(fails_with(KernelLibIoControl((HANDLE)KMOD_DBG, 0, NULL, 0, NULL, 0, &n), ERROR_INVALID_HANDLE), "KMOD_DBG (not loaded): ERROR_INVALID_HANDLE");
    check(fails_with(KernelLibIoControl((HANDLE)0x1234, 0, NULL, 0, NULL, 0, &n), ERROR_INVALID_HANDLE), "another handle: ERROR_INVALID_HANDLE");
}

/* ---------------------------------------------------------------- caller buffers */
static void callerbuf(void)
{
    char buf[8] = "abcdefg";
    PVOID p = NULL;
    DWORD pid = GetCurrentProcessId();
    check((DWORD)GetCallerProcess() == pid, "GetCallerProcess = current process");
    check(GetCallerVMProcessId() == pid, "GetCallerVMProcessId = current process");
    check(GetDirectCallerProcessId() == pid, "GetDirectCallerProcessId = current process");

    check(CeOpenCallerBuffer(&p, buf, 8, ARG_I_PTR, FALSE) == 0 && p == buf, "CeOpenCallerBuffer: same process, same pointer");
    check(CeCloseCallerBuffer(p, buf, 8, ARG_I_PTR) == 0, "CeCloseCallerBuffer");
    check(CeOpenCallerBuffer(&p, buf, 8, ARG_IO_PTR, TRUE) == 0 && p != buf && memcmp(p, buf, 8) == 0, "ForceDuplicate: a copy");
    ((char *)p)[0] = 'X';
    check(buf[0] == 'a', "the copy is not the caller's buffer");
    check(CeCloseCallerBuffer(p, buf, 7, ARG_IO_PTR) == E_INVALIDARG, "CeCloseCallerBuffer(other size): E_INVALIDARG");
    check(CeCloseCallerBuffer(p, buf, 8, ARG_IO_PTR) == 0 && buf[0] == 'X', "CeCloseCallerBuffer(ARG_IO_PTR) writes back");
    check(CeOpenCallerBuffer(&p, buf, 8, ARG_I_PTR, TRUE) == 0 && p != buf, "ForceDuplicate ARG_I_PTR");
    ((char *)p)[1] = 'Y';
    check(CeCloseCallerBuffer(p, buf, 8, ARG_I_PTR) == 0 && buf[1] == 'b', "ARG_I_PTR: no write-back");
    check(CeOpenCallerBuffer(&p, buf, 8, ARG_O_PTR, TRUE) == 0 && ((char *)p)[2] == 0, "ARG_O_PTR duplicate starts zeroed");
    ((char *)p)[2] = 'Z';
    check(CeCloseCallerBuffer(p, buf, 8, ARG_O_PTR) == 0 && buf[2] == 'Z', "ARG_O_PTR writes back");
    check(CeOpenCallerBuffer(&p, (PVOID)L"wide", 0, ARG_I_WSTR, TRUE) == 0 && wcscmp((WCHAR *)p, L"wide") == 0, "ARG_I_WSTR size 0: the string's length");
    check(CeCloseCallerBuffer(p, (PVOID)L"wide", 0, ARG_I_WSTR) == 0, "close the string");
    check(CeOpenCallerBuffer(&p, (PVOID)L"wide", 4, ARG_I_WSTR, FALSE) == E_INVALIDARG, "ARG_I_WSTR size without the NUL: E_INVALIDARG");
    check(CeOpenCallerBuffer(&p, NULL, 8, ARG_I_PTR, FALSE) == E_INVALIDARG, "NULL source: E_INVALIDARG");
    check(CeOpenCallerBuffer(NULL, buf, 8, ARG_I_PTR, FALSE) == E_INVALIDARG, "NULL destination: E_INVALIDARG");
    check(CeOpenCallerBuffer(&p, buf, 8, 0, FALSE) == E_INVALIDARG, "ARG_DW: E_INVALIDARG");
    check(CeOpenCallerBuffer(&p, buf, 0, ARG_I_PTR, FALSE) == E_INVALIDARG, "size 0: E_INVALIDARG");
    check(CeOpenCallerBuffer(&p, (PVOID)0x100, 16, ARG_I_PTR, FALSE) == E_ACCESSDENIED, "unreadable source: E_ACCESSDENIED");
    check(CeOpenCallerBuffer(&p, (PVOID)L"const", 12, ARG_O_PTR, FALSE) == E_ACCESSDENIED, "read-only source for ARG_O_PTR: E_ACCESSDENIED");

    check(CeAllocDuplicateBuffer(&p, buf, 8, ARG_IO_PTR) == 0 && p != buf && memcmp(p, buf, 8) == 0, "CeAllocDuplicateBuffer");
    ((char *)p)[3] = 'W';
    check(CeFreeDuplicateBuffer(p, buf, 8, ARG_IO_PTR) == 0 && buf[3] == 'W', "CeFreeDuplicateBuffer writes back");
    check(CeFreeDuplicateBuffer(p, buf, 8, ARG_IO_PTR) == E_INVALIDARG, "CeFreeDuplicateBuffer twice: E_INVALIDARG");
    check(CeAllocAsynchronousBuffer(&p, buf, 8, ARG_IO_PTR) == 0 && p == buf, "CeAllocAsynchronousBuffer: same process, same pointer");
    check(CeFreeAsynchronousBuffer(p, buf, 8, ARG_IO_PTR) == 0, "CeFreeAsynchronousBuffer");
}

/* ---------------------------------------------------------------- DPAPI */
static const char secret[] = "I am a super secret string that no one can see!";
static void dpapi(void)
{
    DATA_BLOB plain = { sizeof secret, (BYTE *)secret }, ent = { 7, (BYTE *)"Wibble" }, bad = { 6, (BYTE *)"Wobble" };
    DATA_BLOB c1 = { 0, NULL }, c2 = { 0, NULL }, c3 = { 0, NULL }, out = { 0, NULL };
    LPWSTR desc = NULL;
    DWORD i, sum = 0;
    check(fails_with(CryptProtectData(NULL, L"d", NULL, NULL, NULL, 0, &c1), ERROR_INVALID_PARAMETER), "CryptProtectData(NULL in): ERROR_INVALID_PARAMETER");
    check(fails_with(CryptProtectData(&plain, L"d", NULL, NULL, NULL, 0, NULL), ERROR_INVALID_PARAMETER), "CryptProtectData(NULL out): ERROR_INVALID_PARAMETER");
    check(CryptProtectData(&plain, L"Ultra secret", NULL, NULL, NULL, 0, &c1) && c1.pbData && c1.cbData > sizeof secret, "CryptProtectData");
    check(CryptProtectData(&plain, L"Ultra secret", &ent, NULL, NULL, 0, &c2), "CryptProtectData with entropy");
    check(CryptProtectData(&plain, NULL, NULL, NULL, NULL, 0, &c3) && (c3.cbData != c1.cbData || memcmp(c1.pbData, c3.pbData, c1.cbData) != 0), "CryptProtectData: a new IV each time");
    for (i = 0; i < c1.cbData; i++) sum = sum * 31 + c1.pbData[i];
    printf("dpapi blob %lu bytes, sum %08lx\n", c1.cbData, sum);
    check(fails_with(CryptUnprotectData(&c1, NULL, NULL, NULL, NULL, 0, NULL), ERROR_INVALID_PARAMETER), "CryptUnprotectData(NULL out): ERROR_INVALID_PARAMETER");
    check(fails_with(CryptUnprotectData(NULL, NULL, NULL, NULL, NULL, 0, &out), ERROR_INVALID_PARAMETER), "CryptUnprotectData(NULL in): ERROR_INVALID_PARAMETER");
    check(CryptUnprotectData(&c1, &desc, NULL, NULL, NULL, 0, &out) && out.cbData == sizeof secret && memcmp(out.pbData, secret, sizeof secret) == 0, "CryptUnprotectData");
    check(desc && lstrcmpW(desc, L"Ultra secret") == 0, "the description comes back");
    LocalFree(out.pbData); LocalFree(desc); desc = NULL;
    check(fails_with(CryptUnprotectData(&c2, NULL, NULL, NULL, NULL, 0, &out), ERROR_INVALID_DATA), "entropy missing: ERROR_INVALID_DATA");
    check(fails_with(CryptUnprotectData(&c2, NULL, &bad, NULL, NULL, 0, &out), ERROR_INVALID_DATA), "wrong entropy: ERROR_INVALID_DATA");
    check(CryptUnprotectData(&c2, NULL, &ent, NULL, NULL, 0, &out) && memcmp(out.pbData, secret, sizeof secret) == 0, "right entropy");
    LocalFree(out.pbData);
    check(CryptUnprotectData(&c3, &desc, NULL, NULL, NULL, 0, &out) && desc && desc[0] == 0, "no description: an empty one");
    LocalFree(out.pbData); LocalFree(desc);
    c1.pbData[c1.cbData - 40] ^= 1;
    check(fails_with(CryptUnprotectData(&c1, NULL, NULL, NULL, NULL, 0, &out), ERROR_INVALID_DATA), "altered blob: ERROR_INVALID_DATA");
    LocalFree(c1.pbData); LocalFree(c2.pbData); LocalFree(c3.pbData);
}

/* ---------------------------------------------------------------- credentials */
static void creds(void)
{
    CRED c, *r = NULL;
    BYTE pw[6] = "pass1";
    memset(&c, 0, sizeof c);
    c.dwVersion = 1; c.dwType = CRED_TYPE_GENERIC;
    c.wszUser = L"DOMAIN\\user"; c.dwUserLen = 12;
    c.wszTarget = L"kmisc2-target"; c.dwTargetLen = 14;
    c.pBlob = pw; c.dwBlobSize = 6;
    check(CredWrite(&c, 0) == 0, "CredWrite");
    check(CredWrite(&c, CRED_FLAG_FAIL_IF_EXISTING) == ERROR_ALREADY_EXISTS, "CredWrite(FAIL_IF_EXISTING): ERROR_ALREADY_EXISTS");
    check(CredRead(L"KMISC2-TARGET", 14, CRED_TYPE_GENERIC, 0, &r) == 0 && r, "CredRead (target case-insensitive)");
    if (r) {
        check(r->dwVersion == 1 && r->dwType == CRED_TYPE_GENERIC && r->dwUserLen == 12 && r->dwTargetLen == 14 && r->dwBlobSize == 6, "CRED fields");
        check(wcscmp(r->wszUser, L"DOMAIN\\user") == 0 && wcscmp(r->wszTarget, L"kmisc2-target") == 0 && memcmp(r->pBlob, "pass1", 6) == 0, "CRED strings and blob");
        check(CredFree(r) == 0, "CredFree");
    }
    check(CredFree(NULL) == ERROR_INVALID_PARAMETER, "CredFree(NULL): ERROR_INVALID_PARAMETER");
    check(CredRead(L"kmisc2-target", 14, CRED_TYPE_PLAINTEXT_PASSWORD, 0, &r) == ERROR_NOT_FOUND, "CredRead(other type): ERROR_NOT_FOUND");
    check(CredRead(L"kmisc2-target", 5, CRED_TYPE_GENERIC, 0, &r) == ERROR_INVALID_PARAMETER, "CredRead(bad length): ERROR_INVALID_PARAMETER");
    c.dwType = CRED_TYPE_PLAINTEXT_PASSWORD; c.dwFlags = CRED_FLAG_DEFAULT;
    c.wszTarget = L"default"; c.dwTargetLen = 8;
    check(CredWrite(&c, 0) == 0, "CredWrite(default credential)");
    r = NULL;
    check(CredRead(L"elsewhere", 10, CRED_TYPE_PLAINTEXT_PASSWORD, 0, &r) == 0 && r && wcscmp(r->wszTarget, L"default") == 0, "CredRead falls back to the default credential");
    if (r) CredFree(r);
    check(CredRead(L"elsewhere", 10, CRED_TYPE_PLAINTEXT_PASSWORD, CRED_FLAG_NO_DEFAULT, &r) == ERROR_NOT_FOUND, "CRED_FLAG_NO_DEFAULT: ERROR_NOT_FOUND");
    c.dwVersion = 2;
    check(CredWrite(&c, 0) == ERROR_INVALID_PARAMETER, "CredWrite(version 2): ERROR_INVALID_PARAMETER");
    c.dwVersion = 1; c.dwTargetLen = 3;
    check(CredWrite(&c, 0) == ERROR_INVALID_PARAMETER, "CredWrite(bad target length): ERROR_INVALID_PARAMETER");
    check(CredDelete(L"kmisc2-target", 14, CRED_TYPE_GENERIC, 0) == 0, "CredDelete");
    check(CredDelete(L"kmisc2-target", 14, CRED_TYPE_GENERIC, 0) == ERROR_NOT_FOUND, "CredDelete twice: ERROR_NOT_FOUND");
    check(CredRead(L"kmisc2-target", 14, CRED_TYPE_GENERIC, 0, &r) == ERROR_NOT_FOUND, "deleted: ERROR_NOT_FOUND");
    CredDelete(L"default", 8, CRED_TYPE_PLAINTEXT_PASSWORD, 0);
}

/* ---------------------------------------------------------------- shortcuts */
static void shortcuts(void)
{
    WCHAR t[64];
    char raw[64];
    DWORD n = 0;
    HANDLE f;
    DeleteFileW(L"\\Temp\\kmisc2.lnk");
    DeleteFileW(L"\\Temp\\kmisc2bad.lnk");
    check(SHCreateShortcut(L"\\Temp\\kmisc2.lnk", L"\\Windows\\wargs.exe"), "SHCreateShortcut");
    check(fails_with(SHCreateShortcut(L"\\Temp\\kmisc2.lnk", L"\\x.exe"), ERROR_FILE_EXISTS), "SHCreateShortcut(existing): ERROR_FILE_EXISTS");
    f = CreateFileW(L"\\Temp\\kmisc2.lnk", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    memset(raw, 0, sizeof raw);
    check(f != INVALID_HANDLE_VALUE && ReadFile(f, raw, sizeof raw - 1, &n, NULL) && strcmp(raw, "18#\\Windows\\wargs.exe") == 0, "the file is \"18#\\Windows\\wargs.exe\"");
    CloseHandle(f);
    check(SHGetShortcutTarget(L"\\Temp\\kmisc2.lnk", t, 64) && wcscmp(t, L"\\Windows\\wargs.exe") == 0, "SHGetShortcutTarget");
    check(SHGetShortcutTarget(L"\\Temp\\kmisc2.lnk", t, 19), "SHGetShortcutTarget: exactly room for the NUL");
    check(fails_with(SHGetShortcutTarget(L"\\Temp\\kmisc2.lnk", t, 18), ERROR_INSUFFICIENT_BUFFER), "one character short: ERROR_INSUFFICIENT_BUFFER");
    check(fails_with(SHGetShortcutTarget(L"\\Temp\\nolink.lnk", t, 64), ERROR_FILE_NOT_FOUND), "missing shortcut: ERROR_FILE_NOT_FOUND");
    f = CreateFileW(L"\\Temp\\kmisc2bad.lnk", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, "not a shortcut", 14, &n, NULL);
    CloseHandle(f);
    check(fails_with(SHGetShortcutTarget(L"\\Temp\\kmisc2bad.lnk", t, 64), ERROR_INVALID_DATA), "not NN#...: ERROR_INVALID_DATA");
    check(fails_with(SHCreateShortcut(NULL, L"\\x.exe"), ERROR_INVALID_PARAMETER), "SHCreateShortcut(NULL): ERROR_INVALID_PARAMETER");
    DeleteFileW(L"\\Temp\\kmisc2.lnk");
    DeleteFileW(L"\\Temp\\kmisc2bad.lnk");
}

/* ---------------------------------------------------------------- debug zones */
typedef struct { WCHAR lpszName[32]; WCHAR rglpszZones[16][32]; unsigned long ulZoneMask; } DBGPARAM;
_Static_assert(sizeof(DBGPARAM) == 1092, "CE DBGPARAM is 1092 bytes");
static DBGPARAM zones = { L"kmisc2", { L"Init" }, 0x1 };
static DBGPARAM nozones = { L"kmisc2-none", { L"Init" }, 0x3 };
static void dbgzones(void)
{
    HKEY k;
    DWORD disp, mask = 0x8005;
    check(RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"DebugZones", 0, NULL, 0, 0, NULL, &k, &disp) == 0 &&
          RegSetValueExW(k, L"kmisc2", 0, REG_DWORD, (BYTE *)&mask, 4) == 0, "HKLM\\DebugZones\\kmisc2 = 0x8005");
    RegCloseKey(k);
    check(RegisterDbgZones(NULL, &zones) && zones.ulZoneMask == 0x8005, "RegisterDbgZones reads the initial mask");
    check(RegisterDbgZones(NULL, &nozones) && nozones.ulZoneMask == 0x3, "RegisterDbgZones without a value keeps the mask");
    check(fails_with(RegisterDbgZones(NULL, NULL), ERROR_INVALID_PARAMETER), "RegisterDbgZones(NULL): ERROR_INVALID_PARAMETER");
}
static void setdbgzone(HINSTANCE self)
{
    DBGPARAM got;
    memset(&got, 0, sizeof got);
    check(RegisterDbgZones(NULL, &zones), "RegisterDbgZones(process) again: the process's DBGPARAM");
    check(RegisterDbgZones((HMODULE)self, &nozones), "RegisterDbgZones(module handle)");
    check(SetDbgZone(GetCurrentProcessId(), NULL, NULL, 0xFFFFFFFF, &got) && got.ulZoneMask == 0x8005 && wcscmp(got.lpszName, L"kmisc2") == 0, "SetDbgZone(process, query)");
    check(SetDbgZone(GetCurrentProcessId(), NULL, NULL, 0x42, &got) && zones.ulZoneMask == 0x42 && got.ulZoneMask == 0x42, "SetDbgZone(process, 0x42) sets the registered mask");
    check(SetDbgZone(0, (LPVOID)self, NULL, 0x7, NULL) && nozones.ulZoneMask == 0x7, "SetDbgZone(module, 0x7)");
    check(fails_with(SetDbgZone(GetCurrentProcessId(), (LPVOID)self, NULL, 1, NULL), ERROR_INVALID_PARAMETER), "SetDbgZone(both): ERROR_INVALID_PARAMETER");
    check(fails_with(SetDbgZone(0, (LPVOID)0x12340000, NULL, 1, NULL), ERROR_INVALID_PARAMETER), "SetDbgZone(unregistered module): ERROR_INVALID_PARAMETER");
}
static void passwords(void)
{
    check(CheckPassword(L"") && !CheckPassword(L"x") && GetPasswordStatus() == 0 && !GetPasswordActive(), "no password, inactive at start");
    check(fails_with(SetPassword(L"wrong", L"secret"), 86), "SetPassword(wrong old): ERROR_INVALID_PASSWORD");
    check(SetPassword(L"", L"secret") && CheckPassword(L"secret") && !CheckPassword(L""), "SetPassword");
    check(fails_with(SetPasswordActive(TRUE, L"nope"), 86) && !GetPasswordActive(), "SetPasswordActive(wrong): ERROR_INVALID_PASSWORD");
    check(SetPasswordActive(TRUE, L"secret") && GetPasswordActive() && GetPasswordStatus() == 1, "SetPasswordActive");
    check(fails_with(SetPasswordStatus(2, L"secret"), ERROR_INVALID_PARAMETER), "SCREENSAVERPROTECT without ACTIVE: ERROR_INVALID_PARAMETER");
    check(SetPasswordStatus(3, L"secret") && GetPasswordStatus() == 3, "SetPasswordStatus(ACTIVE | SCREENSAVERPROTECT)");
    check(SetPasswordStatus(0, L"secret") && SetPassword(L"secret", L"") && CheckPassword(L""), "back to no password");
}
static void services(void)
{
    DWORD entries = 5, len = 99;
    BYTE buf[4];
    check(fails_with(EnumServices(NULL, &entries, &len), ERROR_INSUFFICIENT_BUFFER) && len == 0, "EnumServices(NULL): the size query, 0 bytes");
    entries = 5;
    check(EnumServices(buf, &entries, &len) && entries == 0, "EnumServices: no service runs");
    check(fails_with(EnumServices(NULL, NULL, &len), ERROR_INVALID_PARAMETER), "EnumServices(NULL count): ERROR_INVALID_PARAMETER");
    check(ActivateService(L"NoSuchService", 0) == NULL && GetLastError() == ERROR_FILE_NOT_FOUND, "ActivateService(no key): ERROR_FILE_NOT_FOUND");
    check(fails_with(DeregisterService((HANDLE)0x12340000), ERROR_INVALID_HANDLE), "DeregisterService: ERROR_INVALID_HANDLE");
    PPSHRestart();
    check(1, "PPSHRestart returns");
}

/* ---------------------------------------------------------------- power manager, files */
static BOOL write_file(LPCWSTR name, const char *text)
{
    DWORD n = 0;
    HANDLE f = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    BOOL ok = f != INVALID_HANDLE_VALUE && WriteFile(f, text, strlen(text), &n, NULL);
    CloseHandle(f);
    return ok;
}
static BOOL file_is(LPCWSTR name, const char *text)
{
    char buf[64];
    DWORD n = 0;
    HANDLE f = CreateFileW(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    BOOL ok;
    memset(buf, 0, sizeof buf);
    ok = f != INVALID_HANDLE_VALUE && ReadFile(f, buf, sizeof buf - 1, &n, NULL) && strcmp(buf, text) == 0;
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    return ok;
}
static void powerfiles(void)
{
    MSGQUEUEOPTIONS o = { sizeof o, 0, 4, 256, TRUE };
    HANDLE q = CreateMsgQueue(NULL, &o), n;
    int state = 7;
    n = RequestPowerNotifications(q, 0xFFFFFFFF);
    check(n != NULL, "RequestPowerNotifications(POWER_NOTIFY_ALL)");
    check(RequestPowerNotifications(q, 0) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "RequestPowerNotifications(flags 0): ERROR_INVALID_PARAMETER");
    check(RequestPowerNotifications((HANDLE)0x12340000, 1) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "RequestPowerNotifications(no queue): ERROR_INVALID_PARAMETER");
    check(WaitForSingleObject(q, 0) == WAIT_TIMEOUT, "no power broadcast arrives");
    check(StopPowerNotifications(n) == ERROR_SUCCESS, "StopPowerNotifications");
    check(StopPowerNotifications(n) == ERROR_INVALID_PARAMETER, "StopPowerNotifications twice: ERROR_INVALID_PARAMETER");
    CloseMsgQueue(q);
    check(SetDevicePower(L"BKL1:", 1, 4) == ERROR_FILE_NOT_FOUND, "SetDevicePower(BKL1:): ERROR_FILE_NOT_FOUND");
    check(SetDevicePower(L"BKL1:", 1, 9) == ERROR_INVALID_PARAMETER, "SetDevicePower(state 9): ERROR_INVALID_PARAMETER");
    check(GetDevicePower(L"BKL1:", 1, &state) == ERROR_FILE_NOT_FOUND && state == 7, "GetDevicePower(BKL1:): ERROR_FILE_NOT_FOUND");
    check(GetDevicePower(NULL, 1, &state) == ERROR_INVALID_PARAMETER, "GetDevicePower(NULL): ERROR_INVALID_PARAMETER");

    check(write_file(L"\\Temp\\kmisc2-dst.txt", "old") && write_file(L"\\Temp\\kmisc2-src.txt", "new contents"), "two files");
    check(DeleteAndRenameFile(L"\\Temp\\kmisc2-dst.txt", L"\\Temp\\kmisc2-src.txt"), "DeleteAndRenameFile");
    check(file_is(L"\\Temp\\kmisc2-dst.txt", "new contents"), "the destination has the source's contents");
    check(GetFileAttributesW(L"\\Temp\\kmisc2-src.txt") == 0xFFFFFFFF, "the source is gone");
    check(fails_with(DeleteAndRenameFile(L"\\Temp\\kmisc2-dst.txt", L"\\Temp\\kmisc2-src.txt"), ERROR_FILE_NOT_FOUND), "missing source: ERROR_FILE_NOT_FOUND");
    check(file_is(L"\\Temp\\kmisc2-dst.txt", "new contents"), "a failed call changes nothing");
    check(write_file(L"\\Temp\\kmisc2-src.txt", "x") && fails_with(DeleteAndRenameFile(L"\\Temp\\kmisc2-none.txt", L"\\Temp\\kmisc2-src.txt"), ERROR_FILE_NOT_FOUND), "missing destination: ERROR_FILE_NOT_FOUND");
    check(fails_with(DeleteAndRenameFile(L"\\Temp", L"\\Temp\\kmisc2-src.txt"), ERROR_ACCESS_DENIED), "a folder: ERROR_ACCESS_DENIED");
    check(fails_with(DeleteAndRenameFile(NULL, L"\\Temp\\kmisc2-src.txt"), ERROR_INVALID_PARAMETER), "NULL: ERROR_INVALID_PARAMETER");
    DeleteFileW(L"\\Temp\\kmisc2-dst.txt");
    DeleteFileW(L"\\Temp\\kmisc2-src.txt");
    ForcePageout();
    WriteDebugLED(0, 1);
    check(1, "ForcePageout and WriteDebugLED return");
}

/* ---------------------------------------------------------------- floating-point status */
#define SW_INEXACT 0x1
#define SW_UNDERFLOW 0x2
#define SW_OVERFLOW 0x4
#define SW_ZERODIVIDE 0x8
#define SW_INVALID 0x10
#define D_ONE 0x3FF0000000000000ULL
#define D_THREE 0x4008000000000000ULL
#define D_ZERO 0ULL
#define D_HALF 0x3FE0000000000000ULL
#define D_MAX 0x7FEFFFFFFFFFFFFFULL
#define D_MIN 0x0010000000000000ULL
#define D_BIG 0x41F0000000000000ULL /* 2^32 */
static volatile double vd_one = 1.0, vd_three = 3.0, vd_zero = 0.0, vd_half = 0.5;
static void fpstatus(void)
{
    volatile double r;
    unsigned int w;
    _clearfp();
    check(_statusfp() == 0, "_statusfp after _clearfp: 0");
    r = vd_one + vd_half;
    check(_statusfp() == 0, "an exact VFP addition raises nothing");
    r = vd_one / vd_three;
    w = _clearfp();
    check(w == SW_INEXACT, "VFP 1/3: _SW_INEXACT (returned by _clearfp)");
    check(_statusfp() == 0, "_clearfp cleared it");
    r = vd_one / vd_zero;
    check(_clearfp() == SW_ZERODIVIDE, "VFP 1/0: _SW_ZERODIVIDE");
    r = vd_zero / vd_zero;
    check(_clearfp() == SW_INVALID, "VFP 0/0: _SW_INVALID");
    (void)r;
    /* the fpcrt helpers accumulate into the same flags */
    check(__divd(D_ONE, D_HALF) == 0x4000000000000000ULL && _statusfp() == 0, "__divd(1, 0.5): exact, nothing raised");
    check(__divd(D_ONE, D_THREE) == 0x3FD5555555555555ULL && _clearfp() == SW_INEXACT, "__divd(1, 3): _SW_INEXACT");
    check(__divd(D_ONE, D_ZERO) == 0x7FF0000000000000ULL && _clearfp() == SW_ZERODIVIDE, "__divd(1, 0): _SW_ZERODIVIDE");
    check(__divd(D_ZERO, D_ZERO) == 0x7FF8000000000000ULL && _clearfp() == SW_INVALID, "__divd(0, 0): _SW_INVALID");
    check(__muld(D_MAX, D_THREE) == 0x7FF0000000000000ULL && _clearfp() == (SW_OVERFLOW | SW_INEXACT), "__muld(DBL_MAX, 3): overflow, inexact");
    check(__muld(D_MIN, D_HALF) == 0x0008000000000000ULL && _clearfp() == 0, "__muld(DBL_MIN, 0.5): an exact denormal raises nothing");
    check(__muld(D_MIN, 0x3FD5555555555555ULL) != 0 && _clearfp() == (SW_UNDERFLOW | SW_INEXACT), "__muld(DBL_MIN, 1/3): underflow, inexact");
    check(__addd(D_ONE, 0x3CA0000000000000ULL) == D_ONE && _clearfp() == SW_INEXACT, "__addd(1, 2^-53): rounded, _SW_INEXACT");
    check(__dtoi(D_HALF) == 0 && _clearfp() == SW_INEXACT, "__dtoi(0.5): _SW_INEXACT");
    check(__dtoi(D_BIG) == 0x7FFFFFFF && _clearfp() == SW_INVALID, "__dtoi(2^32): saturated, _SW_INVALID");
    check(__dtos(D_MAX) == 0x7F800000 && _clearfp() == (SW_OVERFLOW | SW_INEXACT), "__dtos(DBL_MAX): overflow, inexact");
    __divd(D_ONE, D_THREE);
    __divd(D_ONE, D_ZERO);
    check(_statusfp() == (SW_INEXACT | SW_ZERODIVIDE), "the flags accumulate until cleared");
    _clearfp();
}

/* ---------------------------------------------------------------- thread times */
static volatile DWORD spin_sink;
static DWORD WINAPI spinner(LPVOID p)
{
    DWORD i;
    for (i = 0; i < 3000000; i++) spin_sink += i;
    return 7;
}
static void threadtimes(void)
{
    unsigned long long c = 0, e = 1, k = 1, u = 0, c2 = 0, e2 = 0, k2 = 1, u2 = 0;
    HANDLE h;
    check(GetThreadTimes(GetCurrentThread(), &c, &e, &k, &u) && c > 116444736000000000ULL && e == 0 && k == 0, "GetThreadTimes(own thread): created, not exited, no kernel time");
    h = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
    WaitForSingleObject(h, INFINITE);
    check(GetThreadTimes(h, &c2, &e2, &k2, &u2) && c2 >= c && e2 >= c2 && k2 == 0 && u2 > 0, "GetThreadTimes(exited worker): exit after creation, user time > 0");
    CloseHandle(h);
    check(fails_with(GetThreadTimes((HANDLE)0x12340000, &c, &e, &k, &u), ERROR_INVALID_HANDLE), "GetThreadTimes(bad): ERROR_INVALID_HANDLE");
}

/* ---------------------------------------------------------------- the rest */
static void misc(void)
{
    DWORD list[4] = { 0 }, set = 0;
    HANDLE h, e, e2, m;
    void *p;
    HLOCAL l;
    SignalStarted(0);
    check(1, "SignalStarted returns");
    check(GetKeyboardLayout(0) == 0x04090409, "GetKeyboardLayout: US English");
    check(GetKeyboardLayoutList(0, NULL) == 1 && GetKeyboardLayoutList(4, list) == 1 && list[0] == 0x04090409, "GetKeyboardLayoutList");
    check(ReportFault(&set, 0) == 4, "ReportFault: frrvErrNoDW");
    check(ReportFault(NULL, 0) == 3, "ReportFault(NULL): frrvErr");
    check(QueryInstructionSet(0, &set) && set == 0x05020000, "QueryInstructionSet(QUERY): ARMV4I");
    check(QueryInstructionSet(0x05010000, &set), "QueryInstructionSet(ARMV4) runs");
    SetLastError(0);
    check(!QueryInstructionSet(0x05020001, &set) && GetLastError() == 0, "QueryInstructionSet(ARMV4IFP): FALSE");
    check(fails_with(QueryInstructionSet(0, NULL), ERROR_INVALID_PARAMETER), "QueryInstructionSet(NULL): ERROR_INVALID_PARAMETER");
    check(IsProcessorFeaturePresent(PF_ARM_V4) && IsProcessorFeaturePresent(PF_ARM_THUMB), "IsProcessorFeaturePresent(V4, THUMB)");
    check(!IsProcessorFeaturePresent(PF_ARM_UNALIGNED_ACCESS) && !IsProcessorFeaturePresent(12345), "IsProcessorFeaturePresent: absent features");
    h = OpenThread(0, FALSE, GetCurrentThreadId());
    check(h != NULL, "OpenThread(own thread)");
    check(CloseHandle(h), "CloseHandle(opened thread)");
    check(OpenThread(0, FALSE, 0x7777) == NULL && GetLastError() == ERROR_INVALID_PARAMETER, "OpenThread(no such thread): ERROR_INVALID_PARAMETER");
    e = CreateEventW(NULL, FALSE, FALSE, L"kmisc2-event");
    e2 = CreateEventW(NULL, FALSE, FALSE, L"kmisc2-event");
    check(GetEventData(e) == 0, "GetEventData: 0 before any SetEventData");
    check(SetEventData(e, 0x1234) && GetEventData(e2) == 0x1234, "SetEventData, seen through the other handle");
    m = CreateMutexW(NULL, FALSE, NULL);
    check(GetEventData(m) == 0 && GetLastError() == ERROR_INVALID_HANDLE, "GetEventData(mutex): ERROR_INVALID_HANDLE");
    check(fails_with(SetEventData(m, 1), ERROR_INVALID_HANDLE), "SetEventData(mutex): ERROR_INVALID_HANDLE");
    CloseHandle(e); CloseHandle(e2); CloseHandle(m);
    p = VirtualAllocEx(GetCurrentProcess(), NULL, 8192, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    check(p != NULL, "VirtualAllocEx(current process)");
    if (p) { ((char *)p)[8191] = 1; check(VirtualFreeEx(GetCurrentProcess(), p, 0, MEM_RELEASE), "VirtualFreeEx(MEM_RELEASE)"); }
    check(VirtualAllocEx((HANDLE)0x12340000, NULL, 4096, MEM_COMMIT, PAGE_READWRITE) == NULL && GetLastError() == ERROR_INVALID_HANDLE, "VirtualAllocEx(bad process): ERROR_INVALID_HANDLE");
    l = RemoteLocalAlloc(LMEM_ZEROINIT, 16);
    check(l != NULL && ((DWORD *)l)[3] == 0, "RemoteLocalAlloc(LMEM_ZEROINIT)");
    check(RemoteLocalFree(l) == NULL, "RemoteLocalFree");
    check(CeSetThreadQuantum(GetCurrentThread(), 50), "CeSetThreadQuantum(own thread)");
    check(fails_with(CeSetThreadQuantum((HANDLE)0x12340000, 50), ERROR_INVALID_HANDLE), "CeSetThreadQuantum(bad): ERROR_INVALID_HANDLE");
}

int WINAPI WinMain(HINSTANCE hInst, HINSTANCE hPrev, LPWSTR cmd, int show)
{
    if (cmd && wcscmp(cmd, L"service") == 0) {
        /* a service key naming a DLL: loading it into a services host must stop the run */
        HKEY k;
        DWORD disp;
        RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Services\\KmSvc", 0, NULL, 0, 0, NULL, &k, &disp);
        RegSetValueExW(k, L"Dll", 0, REG_SZ, (const BYTE *)L"kmsvc.dll", 20);
        RegCloseKey(k);
        ActivateService(L"KmSvc", 0);
        printf("survived ActivateService\n");
        return 99;
    }
    if (cmd && wcscmp(cmd, L"klib") == 0) {
        KernelLibIoControl((HANDLE)KMOD_CORE, 8 /* IOCTL_KLIB_GETPROCMEMINFO */, NULL, 0, NULL, 0, NULL);
        printf("survived KernelLibIoControl\n");
        return 99;
    }
    eventlog();
    klib();
    callerbuf();
    dpapi();
    creds();
    shortcuts();
    dbgzones();
    setdbgzone(hInst);
    services();
    passwords();
    powerfiles();
    fpstatus();
    threadtimes();
    misc();
    printf("kmisc2: %d failures\n", failures);
    return failures;
}
