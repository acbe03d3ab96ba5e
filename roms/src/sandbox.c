/* sandbox.exe — tries to leave the device root: "..", absolute host paths, drive letters, UNC and
 * NT prefixes, device names, invalid names, and links the test planted in the root (\My Documents\outlink
 * -> a folder outside, \evil.txt -> a file outside, \dangling -> a missing file outside, \inlink -> \Temp).
 * argv[1] is the host path of the outside folder. Every attempt must fail with the expected CE error.
 * Exit code = failures. */
#include <windows.h>
#include <ce_files.h>

static int failures;
#define CHECK(cond, ...) do { if (cond) printf("ok " __VA_ARGS__); else { failures++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

enum { OPEN, CREATE, ATTR, MKDIR, DEL, FIND, RMDIR, SETATTR };
static const char *opname[] = { "open", "create", "attr", "mkdir", "delete", "find", "rmdir", "setattr" };

static DWORD attempt(int op, const wchar_t *p)
{
    HANDLE h;
    WIN32_FIND_DATAW fd;
    SetLastError(0);
    switch (op) {
    case OPEN:
        h = CreateFileW(p, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        if (h != INVALID_HANDLE_VALUE) { CloseHandle(h); return 0; }
        break;
    case CREATE:
        h = CreateFileW(p, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
        if (h != INVALID_HANDLE_VALUE) { DWORD n; WriteFile(h, "pwned", 5, &n, NULL); CloseHandle(h); return 0; }
        break;
    case ATTR:
        if (GetFileAttributesW(p) != INVALID_FILE_ATTRIBUTES) return 0;
        break;
    case MKDIR:
        if (CreateDirectoryW(p, NULL)) return 0;
        break;
    case DEL:
        if (DeleteFileW(p)) return 0;
        break;
    case FIND:
        h = FindFirstFileW(p, &fd);
        if (h != INVALID_HANDLE_VALUE) { FindClose(h); return 0; }
        break;
    case RMDIR:
        if (RemoveDirectoryW(p)) return 0;
        break;
    case SETATTR:
        if (SetFileAttributesW(p, FILE_ATTRIBUTE_READONLY)) return 0;
        break;
    }
    return GetLastError();
}

static void expect(int op, const wchar_t *p, DWORD want)
{
    DWORD got = attempt(op, p);
    CHECK(got == want, "%s %S -> %lu (want %lu)", opname[op], p, got, want);
}

int wmain(int argc, wchar_t **argv)
{
    wchar_t p[300];
    const wchar_t *outside = argc > 1 ? argv[1] : L"/tmp/nowhere";

    /* .. above the root */
    expect(OPEN, L"..\\secret.txt", ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"\\..\\..\\etc\\passwd", ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"\\My Documents\\..\\..\\secret.txt", ERROR_PATH_NOT_FOUND);
    expect(CREATE, L"\\Temp\\..\\My Documents\\..\\..\\escape.txt", ERROR_PATH_NOT_FOUND);
    expect(CREATE, L"/../escape.txt", ERROR_PATH_NOT_FOUND);
    expect(MKDIR, L"\\..\\escapedir", ERROR_PATH_NOT_FOUND);
    expect(FIND, L"\\..\\*", ERROR_PATH_NOT_FOUND);
    /* absolute host paths are device paths: they stay inside the root */
    wsprintfW(p, L"%s/secret.txt", outside);
    expect(OPEN, p, ERROR_PATH_NOT_FOUND);
    expect(CREATE, p, ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"/etc/passwd", ERROR_PATH_NOT_FOUND);
    expect(ATTR, L"/etc", ERROR_FILE_NOT_FOUND);
    /* drive letters, UNC, NT prefixes */
    expect(OPEN, L"C:\\Windows\\win.ini", ERROR_PATH_NOT_FOUND);
    expect(CREATE, L"c:/escape.txt", ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"\\\\?\\C:\\secret.txt", ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"\\\\server\\share\\secret.txt", ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"//server/share/secret.txt", ERROR_PATH_NOT_FOUND);
    expect(OPEN, L"\\\\.\\COM1", ERROR_PATH_NOT_FOUND);
    /* device names */
    expect(OPEN, L"COM1:", ERROR_FILE_NOT_FOUND);
    expect(CREATE, L"\\COM2:", ERROR_FILE_NOT_FOUND);
    expect(CREATE, L"NUL", ERROR_ACCESS_DENIED);
    expect(CREATE, L"\\Temp\\con", ERROR_ACCESS_DENIED);
    expect(CREATE, L"\\Temp\\nul.txt", ERROR_ACCESS_DENIED);
    expect(OPEN, L"\\Temp\\LPT1", ERROR_ACCESS_DENIED);
    /* invalid names */
    expect(CREATE, L"\\Temp\\a<b.txt", ERROR_INVALID_NAME);
    expect(CREATE, L"\\Temp\\a*b.txt", ERROR_INVALID_NAME);
    expect(CREATE, L"\\Temp\\file.txt:stream", ERROR_INVALID_NAME);
    expect(CREATE, L"\\Temp\\a|b", ERROR_INVALID_NAME);
    {
        int i;
        for (i = 0; i < 280; i++) p[i] = L'a';
        p[0] = L'\\';
        p[280] = 0;
        expect(CREATE, p, ERROR_FILENAME_EXCED_RANGE);
    }
    /* links planted by the test */
    expect(OPEN, L"\\My Documents\\outlink\\secret.txt", ERROR_ACCESS_DENIED);
    expect(CREATE, L"\\My Documents\\outlink\\new.txt", ERROR_ACCESS_DENIED);
    expect(ATTR, L"\\My Documents\\outlink", ERROR_ACCESS_DENIED);
    expect(FIND, L"\\My Documents\\outlink\\*", ERROR_ACCESS_DENIED);
    expect(MKDIR, L"\\My Documents\\OUTLINK\\d", ERROR_ACCESS_DENIED);
    expect(RMDIR, L"\\My Documents\\outlink", ERROR_ACCESS_DENIED);
    expect(OPEN, L"\\evil.txt", ERROR_ACCESS_DENIED);
    expect(CREATE, L"\\evil.txt", ERROR_ACCESS_DENIED);
    expect(DEL, L"\\evil.txt", ERROR_ACCESS_DENIED);
    expect(SETATTR, L"\\evil.txt", ERROR_ACCESS_DENIED);
    expect(CREATE, L"\\dangling", ERROR_ACCESS_DENIED);
    CHECK(!CopyFileW(L"\\evil.txt", L"\\Temp\\copy.txt", FALSE) && GetLastError() == ERROR_ACCESS_DENIED, "CopyFileW from a link outside: ACCESS_DENIED");
    CHECK(!CopyFileW(L"\\Windows", L"\\My Documents\\outlink\\x", FALSE) && GetLastError() == ERROR_ACCESS_DENIED, "CopyFileW into a link outside: ACCESS_DENIED");
    CHECK(!MoveFileW(L"\\Temp", L"\\My Documents\\outlink\\Temp") && GetLastError() == ERROR_ACCESS_DENIED, "MoveFileW into a link outside: ACCESS_DENIED");
    CHECK(!MoveFileW(L"\\evil.txt", L"\\Temp\\evil.txt") && GetLastError() == ERROR_ACCESS_DENIED, "MoveFileW of a link outside: ACCESS_DENIED");
    /* a link that stays inside the root works */
    expect(CREATE, L"\\inlink\\inside.txt", 0);
    expect(ATTR, L"\\Temp\\inside.txt", 0);
    /* the root listing leaves out links to the outside */
    {
        WIN32_FIND_DATAW fd;
        int evil = 0, in = 0;
        HANDLE h = FindFirstFileW(L"\\*", &fd);
        if (h != INVALID_HANDLE_VALUE) {
            do {
                if (_wcsicmp(fd.cFileName, L"evil.txt") == 0 || _wcsicmp(fd.cFileName, L"dangling") == 0) evil++;
                if (_wcsicmp(fd.cFileName, L"inlink") == 0) in++;
            } while (FindNextFileW(h, &fd));
            FindClose(h);
        }
        CHECK(evil == 0 && in == 1, "\\* lists inlink but not the links leading outside");
    }
    /* the root itself cannot be removed or replaced */
    expect(RMDIR, L"\\", ERROR_ACCESS_DENIED);
    expect(CREATE, L"\\", ERROR_ACCESS_DENIED);
    printf("sandbox: %d failures\n", failures);
    return failures;
}
