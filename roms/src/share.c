/* share.c — CreateFileW share modes on the device file system: conflicting opens fail with
 * ERROR_SHARING_VIOLATION (and CREATE_ALWAYS does not truncate then), DeleteFileW / MoveFileW of an
 * open file fail, CopyFileW checks its source and destination, attribute-only opens do not count,
 * fopen shares read and write, closing releases; and across processes: a child started with
 * CreateProcessW (this same ROM, command line `child PATH`) opens PATH for reading and exits with 0
 * or the error. The test puts "\My Documents\data.txt" = "original" in the device root first.
 * Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>
#include <ce_files.h>
#include <ce_modules.h>

#define ERROR_SHARING_VIOLATION 32
#define RD GENERIC_READ
#define WR GENERIC_WRITE
#define SR FILE_SHARE_READ
#define SW FILE_SHARE_WRITE

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}

static const wchar_t *DATA = L"\\My Documents\\data.txt";

static HANDLE op(const wchar_t *p, DWORD access, DWORD share, DWORD disp)
{
    return CreateFileW(p, access, share, NULL, disp, FILE_ATTRIBUTE_NORMAL, NULL);
}
/* The open fails with ERROR_SHARING_VIOLATION. */
static int refused(HANDLE h)
{
    DWORD e = GetLastError();
    if (h != INVALID_HANDLE_VALUE) { CloseHandle(h); return 0; }
    return e == ERROR_SHARING_VIOLATION;
}
static int ok_handle(HANDLE h) { return h != INVALID_HANDLE_VALUE; }
static DWORD size_of(const wchar_t *p)
{
    HANDLE h = op(p, 0, SR | SW, OPEN_EXISTING);
    DWORD n = h == INVALID_HANDLE_VALUE ? 0xFFFFFFFF : GetFileSize(h, NULL);
    if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    return n;
}
static int run_child(const wchar_t *path)
{
    PROCESS_INFORMATION pi;
    WCHAR line[128];
    DWORD code = 0xDEAD;
    wcscpy(line, L"child ");
    wcscat(line, path);
    if (!CreateProcessW(L"share.exe", line, NULL, NULL, FALSE, 0, NULL, NULL, NULL, &pi)) return -1;
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return (int)code;
}

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show)
{
    if (cmd && cmd[0] == L'c') {
        /* child: open the file named after "child " for reading, sharing everything */
        HANDLE h = op(cmd + 6, RD, SR | SW, OPEN_EXISTING);
        if (h == INVALID_HANDLE_VALUE) return (int)GetLastError();
        CloseHandle(h);
        return 0;
    }
    DWORD n = 0;
    char buf[16];

    /* ---- readers sharing read ---- */
    HANDLE r1 = op(DATA, RD, SR, OPEN_EXISTING);
    check(ok_handle(r1), "open read, share read");
    HANDLE r2 = op(DATA, RD, SR, OPEN_EXISTING);
    check(ok_handle(r2), "second reader sharing read");
    check(refused(op(DATA, WR, SR | SW, OPEN_EXISTING)), "writer refused: readers do not share write");
    check(refused(op(DATA, RD, 0, OPEN_EXISTING)), "exclusive reader refused: readers exist");
    check(refused(op(DATA, RD, SW, OPEN_EXISTING)), "reader not sharing read refused");
    check(refused(op(DATA, WR, SR | SW, CREATE_ALWAYS)), "CREATE_ALWAYS refused");
    check(refused(op(DATA, WR, SR | SW, TRUNCATE_EXISTING)), "TRUNCATE_EXISTING refused");
    check(size_of(DATA) == 8, "refused CREATE_ALWAYS/TRUNCATE_EXISTING did not truncate");
    check(ReadFile(r1, buf, 8, &n, NULL) && n == 8 && memcmp(buf, "original", 8) == 0, "reader still reads the data");
    check(!DeleteFileW(DATA) && GetLastError() == ERROR_SHARING_VIOLATION, "DeleteFileW of an open file");
    check(!MoveFileW(DATA, L"\\My Documents\\moved.txt") && GetLastError() == ERROR_SHARING_VIOLATION, "MoveFileW of an open file");
    check(GetFileAttributesW(L"\\My Documents\\moved.txt") == INVALID_FILE_ATTRIBUTES, "nothing moved");
    check(CopyFileW(DATA, L"\\My Documents\\copy.txt", FALSE), "CopyFileW from a file open for reading");
    check(ok_handle(op(DATA, 0, 0, OPEN_EXISTING)) , "attribute-only open, no sharing, is not refused");
    CloseHandle(r1);
    check(refused(op(DATA, WR, SR | SW, OPEN_EXISTING)), "writer still refused while one reader is left");
    CloseHandle(r2);

    /* ---- one writer sharing read ---- */
    HANDLE w = op(DATA, WR, SR, OPEN_EXISTING);
    check(ok_handle(w), "writer after the readers closed");
    HANDLE r3 = op(DATA, RD, SR | SW, OPEN_EXISTING);
    check(ok_handle(r3), "reader sharing read and write next to a writer sharing read");
    check(refused(op(DATA, RD, SR, OPEN_EXISTING)), "reader not sharing write refused (a writer exists)");
    check(refused(op(DATA, WR, SR | SW, OPEN_EXISTING)), "second writer refused (writer shares read only)");
    check(!CopyFileW(DATA, L"\\My Documents\\copy2.txt", FALSE) && GetLastError() == ERROR_SHARING_VIOLATION, "CopyFileW from a file being written");
    check(!CopyFileW(L"\\My Documents\\copy.txt", DATA, FALSE) && GetLastError() == ERROR_SHARING_VIOLATION, "CopyFileW onto an open file");
    FILE *fr = fopen("\\My Documents\\data.txt", "r");
    check(fr != NULL, "fopen r next to a writer sharing read (fopen shares read and write)");
    if (fr) fclose(fr);
    check(fopen("\\My Documents\\data.txt", "a") == NULL, "fopen a refused (the writer does not share write)");
    check(WriteFile(w, "CHANGED!", 8, &n, NULL) && n == 8, "writer writes");
    CloseHandle(r3);
    CloseHandle(w);

    /* ---- exclusive ---- */
    HANDLE x = op(DATA, RD | WR, 0, OPEN_EXISTING);
    check(ok_handle(x), "exclusive open once everything is closed");
    check(refused(op(DATA, RD, SR | SW, OPEN_EXISTING)), "any reader refused by an exclusive handle");
    check(_wfopen(L"\\My Documents\\DATA.TXT", L"w") == NULL, "_wfopen w refused (other case, same file)");
    check(size_of(DATA) == 8, "refused _wfopen w did not truncate");
    check(run_child(DATA) == ERROR_SHARING_VIOLATION, "child process: sharing violation while the parent holds it");
    CloseHandle(x);
    check(run_child(DATA) == 0, "child process opens it after the parent closed it");

    /* ---- folders ---- */
    check(CreateDirectoryW(L"\\My Documents\\dir", NULL), "CreateDirectoryW");
    HANDLE d = op(L"\\My Documents\\dir\\in.txt", WR, 0, CREATE_NEW);
    check(ok_handle(d), "file in a folder");
    check(!MoveFileW(L"\\My Documents\\dir", L"\\My Documents\\dir2") && GetLastError() == ERROR_SHARING_VIOLATION, "MoveFileW of a folder with an open file");
    CloseHandle(d);
    check(MoveFileW(L"\\My Documents\\dir", L"\\My Documents\\dir2"), "MoveFileW of the folder after the close");

    /* ---- closing releases ---- */
    check(MoveFileW(DATA, L"\\My Documents\\moved.txt"), "MoveFileW once closed");
    check(DeleteFileW(L"\\My Documents\\moved.txt"), "DeleteFileW once closed");
    HANDLE left = op(L"\\Temp\\left.txt", WR, 0, CREATE_ALWAYS);
    check(ok_handle(left) && WriteFile(left, "left", 4, &n, NULL), "\\Temp\\left.txt left open (exclusive) at exit");

    printf("share: %d failures\n", failures);
    return failures;
}
