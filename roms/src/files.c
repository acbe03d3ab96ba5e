/* files.exe — the device file system through coredll's file APIs: CreateFileW (every creation
 * disposition), ReadFile/WriteFile, SetFilePointer (incl. the high part), GetFileSize, SetEndOfFile,
 * attributes, times, FindFirstFileW wildcards, CopyFileW/MoveFileW/DeleteFileW, directories.
 * Leaves "\My Documents\hello.txt" behind for the host-side check. Exit code = failures. */
#include <windows.h>
#include <ce_files.h>

static int failures;
#define CHECK(cond, ...) do { if (cond) printf("ok " __VA_ARGS__); else { failures++; printf("FAIL " __VA_ARGS__); } printf("\n"); } while (0)

static HANDLE open_(const wchar_t *p, DWORD access, DWORD disp) { return CreateFileW(p, access, FILE_SHARE_READ, NULL, disp, FILE_ATTRIBUTE_NORMAL, NULL); }

static int put(const wchar_t *p, const char *text)
{
    HANDLE h = open_(p, GENERIC_WRITE, CREATE_ALWAYS);
    DWORD n = 0;
    if (h == INVALID_HANDLE_VALUE) return 0;
    BOOL ok = WriteFile(h, text, strlen(text), &n, NULL);
    CloseHandle(h);
    return ok && n == strlen(text);
}

static int count_matches(const wchar_t *pattern, wchar_t *names, int *dirs)
{
    WIN32_FIND_DATAW fd;
    int n = 0;
    names[0] = 0;
    if (dirs) *dirs = 0;
    HANDLE h = FindFirstFileW(pattern, &fd);
    if (h == INVALID_HANDLE_VALUE) return -(int)GetLastError();
    do {
        n++;
        wcscat(names, fd.cFileName);
        wcscat(names, L";");
        if (dirs && (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) (*dirs)++;
    } while (FindNextFileW(h, &fd));
    DWORD last = GetLastError();
    FindClose(h);
    return last == ERROR_NO_MORE_FILES ? n : -1000;
}

int WINAPI WinMain(HINSTANCE hi, HINSTANCE hp, LPWSTR cmd, int show)
{
    DWORD n, hi32;
    char buf[128];
    wchar_t names[512];
    HANDLE h;

    /* standard folders */
    CHECK(GetFileAttributesW(L"\\Windows") == FILE_ATTRIBUTE_DIRECTORY, "\\Windows is a folder");
    CHECK(GetFileAttributesW(L"\\My Documents") & FILE_ATTRIBUTE_DIRECTORY, "\\My Documents is a folder");
    CHECK(GetFileAttributesW(L"\\temp") & FILE_ATTRIBUTE_DIRECTORY, "\\temp (any case) is a folder");
    CHECK(GetFileAttributesW(L"\\Program Files") & FILE_ATTRIBUTE_DIRECTORY, "\\Program Files is a folder");
    CHECK(GetFileAttributesW(L"\\") & FILE_ATTRIBUTE_DIRECTORY, "the root is a folder");

    /* CREATE_NEW, WriteFile */
    SetLastError(77);
    h = open_(L"\\My Documents\\test.txt", GENERIC_WRITE, CREATE_NEW);
    CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "CREATE_NEW creates (err %lu)", GetLastError());
    CHECK(WriteFile(h, "Hello, device!\r\n", 16, &n, NULL) && n == 16, "WriteFile 16 bytes (%lu)", n);
    CHECK(!ReadFile(h, buf, 4, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED && n == 0, "ReadFile on a write-only handle: ACCESS_DENIED");
    CHECK(GetFileSize(h, &hi32) == 16 && hi32 == 0, "GetFileSize 16");
    CHECK(CloseHandle(h), "CloseHandle(file)");
    CHECK(!CloseHandle(h) && GetLastError() == ERROR_INVALID_HANDLE, "second CloseHandle: INVALID_HANDLE");
    CHECK(!ReadFile(h, buf, 4, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE, "ReadFile on a closed handle: INVALID_HANDLE");
    h = open_(L"\\My Documents\\test.txt", GENERIC_WRITE, CREATE_NEW);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS, "CREATE_NEW on an existing file: FILE_EXISTS (%lu)", GetLastError());

    /* OPEN_EXISTING, case-insensitive names, ReadFile, SetFilePointer */
    h = open_(L"\\MY DOCUMENTS\\TEST.TXT", GENERIC_READ, OPEN_EXISTING);
    CHECK(h != INVALID_HANDLE_VALUE, "OPEN_EXISTING with other case");
    memset(buf, 0, sizeof buf);
    CHECK(ReadFile(h, buf, 100, &n, NULL) && n == 16 && memcmp(buf, "Hello, device!\r\n", 16) == 0, "ReadFile reads the 16 bytes (%lu)", n);
    CHECK(ReadFile(h, buf, 100, &n, NULL) && n == 0, "ReadFile at EOF: TRUE, 0 bytes");
    CHECK(!WriteFile(h, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED, "WriteFile on a read-only handle: ACCESS_DENIED");
    CHECK(SetFilePointer(h, -5, NULL, FILE_END) == 11, "SetFilePointer(-5, FILE_END) = 11");
    CHECK(ReadFile(h, buf, 5, &n, NULL) && n == 5 && memcmp(buf, "ce!\r\n", 5) == 0, "read the last 5 bytes");
    CHECK(SetFilePointer(h, -100, NULL, FILE_CURRENT) == 0xFFFFFFFF && GetLastError() == ERROR_NEGATIVE_SEEK, "negative seek: NEGATIVE_SEEK");
    CHECK(SetFilePointer(h, 7, NULL, FILE_BEGIN) == 7 && SetFilePointer(h, 2, NULL, FILE_CURRENT) == 9, "FILE_BEGIN / FILE_CURRENT");
    {
        LONG high = 1;
        SetLastError(5);
        DWORD lo = SetFilePointer(h, 0x10, &high, FILE_BEGIN);
        CHECK(lo == 0x10 && high == 1 && GetLastError() == 0, "SetFilePointer with the high part: 0x1_00000010 (%lx %ld)", lo, high);
        high = 0;
        lo = SetFilePointer(h, 0, &high, FILE_CURRENT);
        CHECK(lo == 0x10 && high == 1, "FILE_CURRENT reports the high part");
        high = -1;
        lo = SetFilePointer(h, 0, &high, FILE_BEGIN);
        CHECK(lo == 0xFFFFFFFF && GetLastError() == ERROR_NEGATIVE_SEEK, "64-bit negative seek fails");
    }
    {
        BY_HANDLE_FILE_INFORMATION info;
        CHECK(GetFileInformationByHandle(h, &info) && info.nFileSizeLow == 16 && info.nNumberOfLinks == 1, "GetFileInformationByHandle");
    }
    CloseHandle(h);
    h = open_(L"\\My Documents\\missing.txt", GENERIC_READ, OPEN_EXISTING);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "OPEN_EXISTING missing: FILE_NOT_FOUND (%lu)", GetLastError());
    h = open_(L"\\No Such Folder\\x.txt", GENERIC_READ, OPEN_EXISTING);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND, "missing folder: PATH_NOT_FOUND (%lu)", GetLastError());
    h = open_(L"\\No Such Folder\\x.txt", GENERIC_WRITE, CREATE_ALWAYS);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND, "create in a missing folder: PATH_NOT_FOUND");
    h = open_(L"\\My Documents", GENERIC_READ, OPEN_EXISTING);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED, "CreateFileW on a folder: ACCESS_DENIED");
    h = open_(L"\\My Documents\\test.txt", GENERIC_READ, 9);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "bad disposition: INVALID_PARAMETER");

    /* OPEN_ALWAYS, CREATE_ALWAYS, TRUNCATE_EXISTING */
    h = open_(L"\\My Documents\\test.txt", GENERIC_READ | GENERIC_WRITE, OPEN_ALWAYS);
    CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS && GetFileSize(h, NULL) == 16, "OPEN_ALWAYS existing: ALREADY_EXISTS, content kept");
    CloseHandle(h);
    h = open_(L"\\Temp\\new.bin", GENERIC_WRITE, OPEN_ALWAYS);
    CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == 0, "OPEN_ALWAYS new: last error 0");
    CHECK(WriteFile(h, "0123456789", 10, &n, NULL) && SetFilePointer(h, 4, NULL, FILE_BEGIN) == 4 && SetEndOfFile(h) && GetFileSize(h, NULL) == 4, "SetEndOfFile truncates at the pointer");
    CHECK(SetFilePointer(h, 8, NULL, FILE_BEGIN) == 8 && SetEndOfFile(h) && GetFileSize(h, NULL) == 8, "SetEndOfFile extends");
    CHECK(FlushFileBuffers(h), "FlushFileBuffers");
    CloseHandle(h);
    h = open_(L"\\Temp\\new.bin", GENERIC_WRITE, CREATE_ALWAYS);
    CHECK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS && GetFileSize(h, NULL) == 0, "CREATE_ALWAYS existing: truncated, ALREADY_EXISTS");
    WriteFile(h, "abc", 3, &n, NULL);
    CloseHandle(h);
    h = open_(L"\\Temp\\new.bin", GENERIC_READ, TRUNCATE_EXISTING);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER, "TRUNCATE_EXISTING without GENERIC_WRITE: INVALID_PARAMETER");
    h = open_(L"\\Temp\\new.bin", GENERIC_WRITE, TRUNCATE_EXISTING);
    CHECK(h != INVALID_HANDLE_VALUE && GetFileSize(h, NULL) == 0, "TRUNCATE_EXISTING empties the file");
    CloseHandle(h);
    h = open_(L"\\Temp\\nothere.bin", GENERIC_WRITE, TRUNCATE_EXISTING);
    CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND, "TRUNCATE_EXISTING missing: FILE_NOT_FOUND");

    /* '/' separators */
    CHECK(put(L"/Temp/slash.txt", "slash"), "create with '/' separators");
    CHECK(GetFileAttributesW(L"\\TEMP\\Slash.TXT") != INVALID_FILE_ATTRIBUTES, "found again with '\\' and other case");
    CHECK(GetFileAttributesW(L"\\Temp\\.\\x\\..\\slash.txt") != INVALID_FILE_ATTRIBUTES, "'.' and '..' inside the device");

    /* attributes */
    {
        const wchar_t *p = L"\\My Documents\\test.txt";
        DWORD a = GetFileAttributesW(p);
        CHECK(a == FILE_ATTRIBUTE_ARCHIVE, "a new file is ARCHIVE (0x%lx)", a);
        CHECK(SetFileAttributesW(p, FILE_ATTRIBUTE_READONLY) && (GetFileAttributesW(p) & FILE_ATTRIBUTE_READONLY), "SetFileAttributesW READONLY");
        h = open_(p, GENERIC_WRITE, OPEN_EXISTING);
        CHECK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED, "write-open of a read-only file: ACCESS_DENIED");
        CHECK(!DeleteFileW(p) && GetLastError() == ERROR_ACCESS_DENIED, "DeleteFileW of a read-only file: ACCESS_DENIED");
        h = open_(p, GENERIC_READ, OPEN_EXISTING);
        CHECK(h != INVALID_HANDLE_VALUE, "read-open of a read-only file works");
        CloseHandle(h);
        CHECK(SetFileAttributesW(p, FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM) && GetFileAttributesW(p) == (FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM), "HIDDEN|SYSTEM kept");
        CHECK(SetFileAttributesW(p, FILE_ATTRIBUTE_NORMAL) && GetFileAttributesW(p) == FILE_ATTRIBUTE_NORMAL, "NORMAL clears everything");
        CHECK(GetFileAttributesW(L"\\My Documents\\nope") == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND, "GetFileAttributesW missing: FILE_NOT_FOUND");
        WIN32_FILE_ATTRIBUTE_DATA ad;
        CHECK(GetFileAttributesExW(p, 0, &ad) && ad.nFileSizeLow == 16 && ad.nFileSizeHigh == 0 && ad.dwFileAttributes == FILE_ATTRIBUTE_NORMAL && ad.ftLastWriteTime.dwHighDateTime != 0,
              "GetFileAttributesExW size, attributes, time");
    }

    /* times */
    {
        FILETIME set, got, cr, ac;
        unsigned long long when = 129006432000000000ull; /* 2009-10-22 00:00:00 UTC */
        set.dwLowDateTime = (DWORD)when;
        set.dwHighDateTime = (DWORD)(when >> 32);
        h = open_(L"\\My Documents\\test.txt", GENERIC_WRITE, OPEN_EXISTING);
        CHECK(SetFileTime(h, NULL, NULL, &set), "SetFileTime");
        CHECK(GetFileTime(h, &cr, &ac, &got) && got.dwLowDateTime == set.dwLowDateTime && got.dwHighDateTime == set.dwHighDateTime, "GetFileTime returns the write time set (%08lx%08lx)", got.dwHighDateTime, got.dwLowDateTime);
        CHECK(cr.dwHighDateTime != 0 && ac.dwHighDateTime != 0, "creation and access times");
        CloseHandle(h);
    }

    /* folders and FindFirstFileW */
    CHECK(CreateDirectoryW(L"\\My Documents\\sub", NULL), "CreateDirectoryW");
    CHECK(!CreateDirectoryW(L"\\My Documents\\SUB", NULL) && GetLastError() == ERROR_ALREADY_EXISTS, "CreateDirectoryW again: ALREADY_EXISTS");
    CHECK(!CreateDirectoryW(L"\\nope\\deeper", NULL) && GetLastError() == ERROR_PATH_NOT_FOUND, "CreateDirectoryW in a missing folder: PATH_NOT_FOUND");
    put(L"\\My Documents\\sub\\a1.txt", "a1");
    put(L"\\My Documents\\sub\\b2.txt", "bee two");
    put(L"\\My Documents\\sub\\c.dat", "c");
    CreateDirectoryW(L"\\My Documents\\sub\\inner", NULL);
    {
        int dirs;
        int k = count_matches(L"\\My Documents\\sub\\*.txt", names, NULL);
        CHECK(k == 2 && wcscmp(names, L"a1.txt;b2.txt;") == 0, "*.txt finds 2 (%d)", k);
        k = count_matches(L"\\My Documents\\sub\\?2.*", names, NULL);
        CHECK(k == 1 && wcscmp(names, L"b2.txt;") == 0, "?2.* finds b2.txt");
        k = count_matches(L"\\My Documents\\sub\\*", names, &dirs);
        CHECK(k == 4 && dirs == 1, "* finds 4 entries, 1 folder, no . or .. (%d, %d)", k, dirs);
        k = count_matches(L"\\My Documents\\sub\\*.*", names, NULL);
        CHECK(k == 4, "*.* finds everything");
        k = count_matches(L"\\My Documents\\sub\\A1.TXT", names, NULL);
        CHECK(k == 1 && wcscmp(names, L"a1.txt;") == 0, "a plain name finds the file (case-insensitive)");
        k = count_matches(L"\\My Documents\\sub\\*.zip", names, NULL);
        CHECK(k == -ERROR_FILE_NOT_FOUND, "no match: FILE_NOT_FOUND (%d)", k);
        k = count_matches(L"\\Nope\\*", names, NULL);
        CHECK(k == -ERROR_PATH_NOT_FOUND, "missing folder: PATH_NOT_FOUND (%d)", k);
        k = count_matches(L"\\*", names, &dirs);
        CHECK(k >= 4 && dirs >= 4, "\\* lists the root folders (%d)", k);
        WIN32_FIND_DATAW fd;
        h = FindFirstFileW(L"\\My Documents\\sub\\b2.txt", &fd);
        CHECK(h != INVALID_HANDLE_VALUE && fd.nFileSizeLow == 7 && fd.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE && fd.ftLastWriteTime.dwHighDateTime != 0,
              "find data: size, attributes, time");
        CHECK(FindClose(h), "FindClose");
        CHECK(!FindNextFileW(h, &fd) && GetLastError() == ERROR_INVALID_HANDLE, "FindNextFileW after FindClose: INVALID_HANDLE");
    }

    /* copy, move, delete */
    CHECK(CopyFileW(L"\\My Documents\\sub\\b2.txt", L"\\My Documents\\sub\\copy.txt", TRUE), "CopyFileW");
    {
        h = open_(L"\\My Documents\\sub\\copy.txt", GENERIC_READ, OPEN_EXISTING);
        memset(buf, 0, sizeof buf);
        ReadFile(h, buf, 100, &n, NULL);
        CloseHandle(h);
        CHECK(n == 7 && memcmp(buf, "bee two", 7) == 0, "the copy has the content");
    }
    CHECK(!CopyFileW(L"\\My Documents\\sub\\a1.txt", L"\\My Documents\\sub\\copy.txt", TRUE) && GetLastError() == ERROR_FILE_EXISTS, "CopyFileW failIfExists: FILE_EXISTS");
    CHECK(CopyFileW(L"\\My Documents\\sub\\a1.txt", L"\\My Documents\\sub\\copy.txt", FALSE), "CopyFileW over an existing file");
    CHECK(!CopyFileW(L"\\My Documents\\sub\\zz.txt", L"\\Temp\\zz.txt", FALSE) && GetLastError() == ERROR_FILE_NOT_FOUND, "CopyFileW missing source: FILE_NOT_FOUND");
    CHECK(MoveFileW(L"\\My Documents\\sub\\copy.txt", L"\\Temp\\moved.txt"), "MoveFileW across folders");
    CHECK(GetFileAttributesW(L"\\My Documents\\sub\\copy.txt") == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND, "the source is gone");
    CHECK(!MoveFileW(L"\\Temp\\moved.txt", L"\\Temp\\slash.txt") && GetLastError() == ERROR_ALREADY_EXISTS, "MoveFileW onto an existing name: ALREADY_EXISTS");
    CHECK(MoveFileW(L"\\Temp\\moved.txt", L"\\Temp\\MOVED.TXT") && count_matches(L"\\Temp\\moved.txt", names, NULL) == 1 && wcscmp(names, L"MOVED.TXT;") == 0, "MoveFileW changes the case of a name");
    CHECK(MoveFileW(L"\\My Documents\\sub\\inner", L"\\Temp\\inner2") && (GetFileAttributesW(L"\\Temp\\inner2") & FILE_ATTRIBUTE_DIRECTORY), "MoveFileW moves a folder");
    CHECK(!MoveFileW(L"\\Temp", L"\\Temp\\inner2\\x") && GetLastError() == ERROR_ACCESS_DENIED, "a folder cannot move into itself");
    CHECK(DeleteFileW(L"\\Temp\\MOVED.TXT"), "DeleteFileW");
    CHECK(!DeleteFileW(L"\\Temp\\moved.txt") && GetLastError() == ERROR_FILE_NOT_FOUND, "DeleteFileW again: FILE_NOT_FOUND");
    CHECK(!DeleteFileW(L"\\Temp\\inner2") && GetLastError() == ERROR_ACCESS_DENIED, "DeleteFileW on a folder: ACCESS_DENIED");
    CHECK(!RemoveDirectoryW(L"\\My Documents\\sub") && GetLastError() == ERROR_DIR_NOT_EMPTY, "RemoveDirectoryW non-empty: DIR_NOT_EMPTY");
    CHECK(RemoveDirectoryW(L"\\Temp\\inner2"), "RemoveDirectoryW");
    CHECK(!RemoveDirectoryW(L"\\Temp\\inner2") && GetLastError() == ERROR_FILE_NOT_FOUND, "RemoveDirectoryW again: FILE_NOT_FOUND");
    CHECK(!RemoveDirectoryW(L"\\Temp\\slash.txt") && GetLastError() == ERROR_DIRECTORY, "RemoveDirectoryW on a file: DIRECTORY");

    /* FILE_FLAG_DELETE_ON_CLOSE */
    h = CreateFileW(L"\\Temp\\doc.tmp", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    CHECK(h != INVALID_HANDLE_VALUE && GetFileAttributesW(L"\\Temp\\doc.tmp") != INVALID_FILE_ATTRIBUTES, "DELETE_ON_CLOSE file exists while open");
    CloseHandle(h);
    CHECK(GetFileAttributesW(L"\\Temp\\doc.tmp") == INVALID_FILE_ATTRIBUTES, "... and is gone after CloseHandle");

    /* misc */
    {
        ULARGE_INTEGER avail, total, freeb;
        CHECK(GetDiskFreeSpaceExW(NULL, &avail, &total, &freeb) && total.QuadPart > 0 && freeb.QuadPart <= total.QuadPart, "GetDiskFreeSpaceExW");
        wchar_t tmp[MAX_PATH];
        CHECK(GetTempPathW(MAX_PATH, tmp) == 6 && wcscmp(tmp, L"\\Temp\\") == 0, "GetTempPathW = \\Temp\\");
    }

    /* a file for the host to look at */
    CHECK(put(L"\\My Documents\\hello.txt", "written by files.exe\r\n"), "leave \\My Documents\\hello.txt");

    printf("files: %d failures\n", failures);
    return failures;
}
