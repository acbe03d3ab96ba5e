/* reliab.exe — a hostile guest for the reliability regression tests (test/reliability.test.ts, issue 17).
 *
 *   reliab out MIB          fwrite MIB MiB of a known pattern to stdout in 64 KiB chunks
 *   reliab pf MIB           the same through printf("%s") of each 64 KiB chunk
 *   reliab pfbig MIB        one printf("%s") of a MIB MiB string (no silent cap)
 *   reliab strlen MIB       strlen of a MIB MiB narrow string, prints the length
 *   reliab wcslen MIB       wcslen of a MIB MiB wide string (MIB MiB of bytes), prints the length
 *   reliab post N           PostThreadMessageW to itself N times without reading: prints how many
 *                           succeeded and GetLastError of the first failure
 *   reliab heap N           N LocalAlloc(16) blocks (or until NULL): prints how many
 *   reliab files N DIR      creates N empty files in DIR: prints how many
 *   reliab open PATH        CreateFileW(OPEN_EXISTING, read), reads up to 64 bytes
 *   reliab write PATH       CreateFileW(CREATE_ALWAYS), writes "pwned"
 *   reliab copy FROM TO     CopyFileW
 *   reliab tmp DIR PREFIX   GetTempFileNameW
 *   reliab doc PATH N       N times: create PATH with FILE_FLAG_DELETE_ON_CLOSE, write, close
 *   reliab del PATH         DeleteFileW
 *   reliab load PATH        LoadLibraryW
 *   reliab spawn PATH       CreateProcessW, waits, prints its exit code
 *   reliab regbig MIB       RegSetValueExW of MIB MiB values (1 MiB each) under HKCU\reliab; prints how
 *                           many were stored and the error of the first refused one (issue 17 item 6)
 *   reliab chain D          starts itself as `chain D+1` and waits (a chain of child processes) until
 *                           CreateProcessW fails: prints `depth D: CreateProcessW -> err N` there, and
 *                           every process exits with the depth that failed (issue 17 item 6)
 *
 * The pattern of out/pf/pfbig: byte i of the stream is 'a' + (i % 26), with '\n' at every 64th byte
 * (i % 64 == 63). The file operations print `<op> -> ok` or `<op> -> err N` (GetLastError).
 * Exit code 0 unless the arguments are bad (255). */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <ce_crt.h>
#include <ce_files.h>
#include <ce_modules.h>
#include <winuser.h>
#include <winreg.h>

WINBASEAPI UINT WINAPI GetTempFileNameW(LPCWSTR path, LPCWSTR prefix, UINT unique, LPWSTR out); /* 1234 */

#define CHUNK 65536

static int wstreq(const wchar_t *a, const char *b)
{
    while (*a && *b && *a == (wchar_t)*b) { a++; b++; }
    return *a == 0 && *b == 0;
}

static void fill(char *p, unsigned n, unsigned start)
{
    for (unsigned i = 0; i < n; i++) {
        unsigned k = start + i;
        p[i] = (k % 64 == 63) ? '\n' : (char)('a' + k % 26);
    }
}

static void result(const char *op, BOOL ok)
{
    if (ok) printf("%s -> ok\n", op);
    else printf("%s -> err %lu\n", op, GetLastError());
}

int wmain(int argc, wchar_t **argv)
{
    if (argc < 3) return 255;
    const wchar_t *cmd = argv[1];
    unsigned n = wcstoul(argv[2], NULL, 10);
    if (wstreq(cmd, "out") || wstreq(cmd, "pf")) {
        static char buf[CHUNK + 1];
        int pf = wstreq(cmd, "pf");
        for (unsigned done = 0; done < n * 16u; done++) {
            fill(buf, CHUNK, done * CHUNK); /* CHUNK is a multiple of 64 but not of 26: keep the offset */
            buf[CHUNK] = 0;
            if (pf) printf("%s", buf);
            else fwrite(buf, 1, CHUNK, stdout);
        }
        return 0;
    }
    if (wstreq(cmd, "pfbig") || wstreq(cmd, "strlen")) {
        unsigned size = n * 1024u * 1024u;
        char *p = VirtualAlloc(NULL, size + 1, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        if (!p) { printf("VirtualAlloc failed %lu\n", GetLastError()); return 1; }
        if (cmd[0] == 'p') {
            fill(p, size, 0);
            p[size] = 0;
            printf("%s", p);
        } else {
            memset(p, 'a', size);
            p[size] = 0;
            printf("strlen=%u\n", (unsigned)strlen(p));
        }
        return 0;
    }
    if (wstreq(cmd, "wcslen")) {
        unsigned size = n * 1024u * 1024u;
        wchar_t *p = VirtualAlloc(NULL, size + 2, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        if (!p) { printf("VirtualAlloc failed %lu\n", GetLastError()); return 1; }
        for (unsigned i = 0; i < size / 2; i++) p[i] = L'a';
        p[size / 2] = 0;
        printf("wcslen=%u\n", (unsigned)wcslen(p));
        return 0;
    }
    if (wstreq(cmd, "post")) {
        DWORD tid = GetCurrentThreadId(), err = 0;
        unsigned ok = 0;
        for (unsigned i = 0; i < n; i++) {
            if (PostThreadMessageW(tid, 0x8000 /* WM_APP */, i, 0)) ok++;
            else if (!err) err = GetLastError();
        }
        printf("posted=%u err=%lu\n", ok, err);
        /* The queue still works after the flood: read one message. */
        MSG m;
        BOOL got = PeekMessageW(&m, NULL, 0, 0, 1 /* PM_REMOVE */);
        printf("peek=%d wparam=%u\n", got, got ? (unsigned)m.wParam : 0u);
        return 0;
    }
    if (wstreq(cmd, "heap")) {
        unsigned ok = 0;
        for (unsigned i = 0; i < n; i++) {
            if (!LocalAlloc(LMEM_FIXED, 16)) break;
            ok++;
        }
        printf("heap blocks=%u err=%lu\n", ok, ok < n ? GetLastError() : 0ul);
        return 0;
    }
    if (wstreq(cmd, "files") && argc >= 4) {
        wchar_t p[MAX_PATH];
        unsigned ok = 0;
        CreateDirectoryW(argv[3], NULL);
        for (unsigned i = 0; i < n; i++) {
            swprintf(p, L"%s\\f%05u.txt", argv[3], i);
            HANDLE h = CreateFileW(p, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
            if (h == INVALID_HANDLE_VALUE) break;
            CloseHandle(h);
            ok++;
        }
        printf("files=%u\n", ok);
        return 0;
    }
    if (wstreq(cmd, "open")) {
        HANDLE h = CreateFileW(argv[2], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) { result("open", FALSE); return 0; }
        char b[65];
        DWORD got = 0;
        BOOL r = ReadFile(h, b, 64, &got, NULL);
        b[got] = 0;
        CloseHandle(h);
        result("open", r);
        printf("read=%lu [%s]\n", got, b);
        return 0;
    }
    if (wstreq(cmd, "write")) {
        HANDLE h = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        if (h == INVALID_HANDLE_VALUE) { result("write", FALSE); return 0; }
        DWORD w;
        BOOL r = WriteFile(h, "pwned", 5, &w, NULL);
        CloseHandle(h);
        result("write", r);
        return 0;
    }
    if (wstreq(cmd, "copy") && argc >= 4) {
        result("copy", CopyFileW(argv[2], argv[3], FALSE));
        return 0;
    }
    if (wstreq(cmd, "tmp") && argc >= 4) {
        wchar_t out[MAX_PATH];
        UINT u = GetTempFileNameW(argv[2], argv[3], 0, out);
        result("tmp", u != 0);
        if (u) wprintf(L"tmp=%s\n", out);
        return 0;
    }
    if (wstreq(cmd, "doc") && argc >= 4) {
        unsigned times = wcstoul(argv[3], NULL, 10), ok = 0;
        for (unsigned i = 0; i < times; i++) {
            HANDLE h = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
            if (h == INVALID_HANDLE_VALUE) continue;
            DWORD w;
            WriteFile(h, "x", 1, &w, NULL);
            CloseHandle(h);
            ok++;
        }
        printf("doc=%u\n", ok);
        return 0;
    }
    if (wstreq(cmd, "del")) {
        result("del", DeleteFileW(argv[2]));
        return 0;
    }
    if (wstreq(cmd, "load")) {
        result("load", LoadLibraryW(argv[2]) != NULL);
        return 0;
    }
    if (wstreq(cmd, "spawn")) {
        PROCESS_INFORMATION pi;
        BOOL r = CreateProcessW(argv[2], NULL, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi);
        result("spawn", r);
        if (r) {
            DWORD code = 0;
            WaitForSingleObject(pi.hProcess, INFINITE);
            GetExitCodeProcess(pi.hProcess, &code);
            printf("child exit=%lu\n", code);
        }
        return 0;
    }
    if (wstreq(cmd, "chain")) {
        wchar_t self[MAX_PATH], line[32];
        PROCESS_INFORMATION pi;
        GetModuleFileNameW(NULL, self, MAX_PATH);
        swprintf(line, L"chain %u", n + 1);
        if (!CreateProcessW(self, line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi)) {
            printf("depth %u: CreateProcessW -> err %lu\n", n, GetLastError());
            return (int)n;
        }
        DWORD code = 0;
        WaitForSingleObject(pi.hProcess, INFINITE);
        GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
        return (int)code;
    }
    if (wstreq(cmd, "regbig")) {
        HKEY k;
        DWORD disp;
        if (RegCreateKeyExW(HKEY_CURRENT_USER, L"reliab", 0, NULL, 0, 0, NULL, &k, &disp)) { printf("RegCreateKeyExW failed\n"); return 1; }
        BYTE *v = LocalAlloc(LMEM_FIXED, 1024 * 1024);
        if (!v) return 1;
        memset(v, 'r', 1024 * 1024);
        unsigned ok = 0;
        for (unsigned i = 0; i < n; i++) {
            wchar_t name[32];
            swprintf(name, L"v%u", i);
            LONG e = RegSetValueExW(k, name, 0, REG_BINARY, v, 1024 * 1024);
            if (e) { printf("RegSetValueExW -> err %ld\n", (long)e); break; }
            ok++;
        }
        printf("reg values=%u\n", ok);
        if (ok < n) { /* deleting gives the memory back: the next value fits again */
            RegDeleteKeyW(HKEY_CURRENT_USER, L"reliab");
            RegCloseKey(k);
            RegCreateKeyExW(HKEY_CURRENT_USER, L"reliab", 0, NULL, 0, 0, NULL, &k, &disp);
            printf("after delete: RegSetValueExW -> %ld\n", (long)RegSetValueExW(k, L"again", 0, REG_BINARY, v, 1024 * 1024));
        }
        RegCloseKey(k);
        return 0;
    }
    return 255;
}
