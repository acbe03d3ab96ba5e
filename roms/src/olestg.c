/* olestg.c — wmemu's ole32.dll structured storage (imported by name through roms/src/ole32.def):
 * StgCreateDocfile builds \Docs\test.stg (a class ID, a 5000-byte stream, a sub-storage with streams
 * and a sub-sub-storage), StgOpenStorage reads it back read-only, changes it read-write (rename,
 * destroy), then transacted opens with and without Commit; the STGM mode and error paths
 * (STG_E_INVALIDFLAG, STG_E_FILEALREADYEXISTS, STG_E_FILENOTFOUND, STG_E_ACCESSDENIED, ...) as the
 * Win32 documentation and Wine's storage32.c tests give them; IStorage::CopyTo and MoveElementTo as
 * Microsoft's docfile implementation does them (copya.stg, copyb.stg). The file stays for the test, which reads
 * it on the host with an independent reader. ok/FAIL lines; exit code = failures. */
#include <ce_ole2.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static const CLSID CLSID_Doc = {0x11223344, 0x5566, 0x7788, {0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01}};
static const WCHAR FILE_[] = L"\\Docs\\test.stg";
#define EXCL (STGM_READWRITE | STGM_SHARE_EXCLUSIVE)

static int wsame(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static IStream *put(IStorage *stg, const WCHAR *name, const char *text)
{
    IStream *s = NULL;
    ULONG n = 0, len = 0;
    while (text[len]) len++;
    HRESULT hr = stg->lpVtbl->CreateStream(stg, name, EXCL, 0, 0, &s);
    if (hr == S_OK) hr = s->lpVtbl->Write(s, text, len, &n);
    check(hr == S_OK && n == len, "CreateStream + Write");
    return s;
}

static int has(IStorage *stg, const WCHAR *name, const char *text)
{
    IStream *s = NULL;
    char buf[64];
    ULONG n = 0, len = 0;
    while (text[len]) len++;
    if (stg->lpVtbl->OpenStream(stg, name, NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &s) != S_OK) return 0;
    HRESULT hr = s->lpVtbl->Read(s, buf, sizeof buf, &n);
    s->lpVtbl->Release(s);
    if (hr != S_OK || n != len) return 0;
    for (ULONG i = 0; i < len; i++) if (buf[i] != text[i]) return 0;
    return 1;
}

static void create_file(void)
{
    IStorage *stg = (IStorage *)1, *pics = NULL, *deep = NULL;
    IStream *s = NULL;
    check(StgCreateDocfile(FILE_, 0, 0, &stg) == STG_E_INVALIDFLAG && stg == NULL, "StgCreateDocfile(mode 0) -> STG_E_INVALIDFLAG, NULL");
    check(StgCreateDocfile(FILE_, STGM_CREATE | STGM_READWRITE, 0, &stg) == STG_E_INVALIDFLAG, "no share mode -> STG_E_INVALIDFLAG");
    check(StgCreateDocfile(FILE_, STGM_CREATE | STGM_SHARE_EXCLUSIVE, 0, &stg) == STG_E_INVALIDFLAG, "read only -> STG_E_INVALIDFLAG");
    check(StgCreateDocfile(FILE_, STGM_CREATE | STGM_READWRITE | STGM_SHARE_DENY_WRITE, 0, &stg) == STG_E_INVALIDFLAG, "direct, not exclusive -> STG_E_INVALIDFLAG");
    check(StgCreateDocfile(FILE_, STGM_CREATE | EXCL, 0, NULL) == STG_E_INVALIDPOINTER, "ppstg NULL -> STG_E_INVALIDPOINTER");
    check(StgCreateDocfile(FILE_, STGM_CREATE | EXCL, 1, &stg) == STG_E_INVALIDPARAMETER, "reserved -> STG_E_INVALIDPARAMETER");
    check(StgCreateDocfile(L"\\NoSuchDir\\x.stg", STGM_CREATE | EXCL, 0, &stg) == STG_E_PATHNOTFOUND, "missing folder -> STG_E_PATHNOTFOUND");
    check(GetFileAttributesW(FILE_) == 0xFFFFFFFF, "no file after the failures");

    check(StgCreateDocfile(FILE_, STGM_CREATE | EXCL, 0, &stg) == S_OK && stg, "StgCreateDocfile");
    check(GetFileAttributesW(FILE_) != 0xFFFFFFFF, "the file exists at once");
    check(stg->lpVtbl->SetClass(stg, &CLSID_Doc) == S_OK, "SetClass");
    static const CLSID other = {1, 2, 3, {4, 5, 6, 7, 8, 9, 10, 11}};
    CLSID got = {0};
    check(WriteClassStg(stg, &other) == S_OK && ReadClassStg(stg, &got) == S_OK && IsEqualGUID(&got, &other), "WriteClassStg + ReadClassStg");
    check(WriteClassStg(stg, &CLSID_Doc) == S_OK, "WriteClassStg back");
    check(stg->lpVtbl->CreateStream(stg, L"Contents", STGM_READWRITE | STGM_SHARE_DENY_NONE, 0, 0, &s) == STG_E_INVALIDFLAG, "CreateStream not exclusive -> STG_E_INVALIDFLAG");
    check(stg->lpVtbl->CreateStream(stg, L"0123456789012345678901234567890123", EXCL, 0, 0, &s) == STG_E_INVALIDNAME, "CreateStream(name of 34) -> STG_E_INVALIDNAME");
    check(stg->lpVtbl->CreateStream(stg, L"Contents", EXCL, 0, 0, NULL) == STG_E_INVALIDPOINTER, "CreateStream(NULL) -> STG_E_INVALIDPOINTER");
    check(stg->lpVtbl->CreateStream(stg, L"Contents", EXCL, 0, 0, &s) == S_OK, "CreateStream(Contents)");
    static BYTE big[5000];
    for (int i = 0; i < 5000; i++) big[i] = (BYTE)(i * 7);
    ULONG n = 0;
    check(s->lpVtbl->Write(s, big, 5000, &n) == S_OK && n == 5000, "Write 5000 bytes");
    STATSTG st;
    check(s->lpVtbl->Stat(s, &st, STATFLAG_DEFAULT) == S_OK && st.type == STGTY_STREAM && st.cbSize == 5000 && wsame(st.pwcsName, L"Contents"), "stream Stat");
    CoTaskMemFree(st.pwcsName);
    unsigned long long pos = 1;
    BYTE b4[4];
    check(s->lpVtbl->Seek(s, 4000, 0, 0, &pos) == S_OK && pos == 4000 && s->lpVtbl->Read(s, b4, 4, &n) == S_OK && n == 4 && b4[1] == (BYTE)(4001 * 7), "Seek + Read back");
    s->lpVtbl->Release(s);
    IStream *again = (IStream *)1;
    check(stg->lpVtbl->CreateStream(stg, L"CONTENTS", EXCL, 0, 0, &again) == STG_E_FILEALREADYEXISTS && again == NULL, "CreateStream of an existing name (any case) -> STG_E_FILEALREADYEXISTS");

    check(stg->lpVtbl->CreateStorage(stg, L"Pictures", EXCL, 0, 0, &pics) == S_OK, "CreateStorage(Pictures)");
    s = put(pics, L"One", "picture one");
    s->lpVtbl->Release(s);
    s = put(pics, L"Two", "picture two");
    s->lpVtbl->Release(s);
    check(pics->lpVtbl->CreateStorage(pics, L"Deep", EXCL, 0, 0, &deep) == S_OK, "CreateStorage(Deep)");
    s = put(deep, L"Leaf", "leaf data");
    s->lpVtbl->Release(s);
    s = put(stg, L"Junk", "to be destroyed");
    s->lpVtbl->Release(s);
    check(stg->lpVtbl->Stat(stg, &st, STATFLAG_DEFAULT) == S_OK && st.type == STGTY_STORAGE && IsEqualGUID(&st.clsid, &CLSID_Doc) && wsame(st.pwcsName, FILE_), "root Stat: class, path");
    CoTaskMemFree(st.pwcsName);
    deep->lpVtbl->Release(deep);
    pics->lpVtbl->Release(pics);
    check(stg->lpVtbl->Commit(stg, STGC_DEFAULT) == S_OK, "Commit (direct)");
    check(stg->lpVtbl->Release(stg) == 0, "Release the root");
    check(StgCreateDocfile(FILE_, EXCL, 0, &stg) == STG_E_FILEALREADYEXISTS, "StgCreateDocfile of an existing file -> STG_E_FILEALREADYEXISTS");
}

static void read_back(void)
{
    IStorage *stg = (IStorage *)1, *pics = NULL, *deep = NULL;
    IStream *s = NULL;
    HANDLE f = CreateFileW(L"\\Docs\\plain.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD w;
    WriteFile(f, "just text, no compound file header here, long enough for a sector...", 68, &w, NULL);
    CloseHandle(f);
    check(StgIsStorageFile(FILE_) == S_OK, "StgIsStorageFile -> S_OK");
    check(StgIsStorageFile(L"\\Docs\\plain.txt") == S_FALSE, "StgIsStorageFile(text) -> S_FALSE");
    check(StgIsStorageFile(L"\\Docs\\none.stg") == STG_E_FILENOTFOUND, "StgIsStorageFile(missing) -> STG_E_FILENOTFOUND");
    check(StgOpenStorage(L"\\Docs\\none.stg", NULL, EXCL, NULL, 0, &stg) == STG_E_FILENOTFOUND && stg == NULL, "StgOpenStorage(missing) -> STG_E_FILENOTFOUND, NULL");
    check(StgOpenStorage(L"\\Docs\\plain.txt", NULL, EXCL, NULL, 0, &stg) == STG_E_FILEALREADYEXISTS, "StgOpenStorage(not a compound file) -> STG_E_FILEALREADYEXISTS");
    check(StgOpenStorage(FILE_, NULL, STGM_READ, NULL, 0, &stg) == STG_E_INVALIDFLAG, "StgOpenStorage(no share mode) -> STG_E_INVALIDFLAG");
    check(StgOpenStorage(FILE_, NULL, STGM_CREATE | EXCL, NULL, 0, &stg) == STG_E_INVALIDFLAG, "StgOpenStorage(STGM_CREATE) -> STG_E_INVALIDFLAG");

    check(StgOpenStorage(FILE_, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &stg) == S_OK && stg, "StgOpenStorage(read, deny write)");
    STATSTG st;
    check(stg->lpVtbl->Stat(stg, &st, STATFLAG_NONAME) == S_OK && st.pwcsName == NULL && IsEqualGUID(&st.clsid, &CLSID_Doc), "the class is back (STATFLAG_NONAME)");
    IEnumSTATSTG *en = NULL;
    STATSTG els[5];
    ULONG got_n = 0;
    check(stg->lpVtbl->EnumElements(stg, 0, NULL, 0, &en) == S_OK && en, "EnumElements");
    check(en->lpVtbl->Next(en, 5, els, &got_n) == S_FALSE && got_n == 3, "Next(5) of 3 elements -> S_FALSE, 3");
    check(wsame(els[0].pwcsName, L"Junk") && els[0].type == STGTY_STREAM && els[0].cbSize == 15 && wsame(els[1].pwcsName, L"Contents") && els[1].cbSize == 5000 &&
              wsame(els[2].pwcsName, L"Pictures") && els[2].type == STGTY_STORAGE,
          "elements in the file's order (shorter names first) with types and sizes");
    for (ULONG i = 0; i < got_n; i++) CoTaskMemFree(els[i].pwcsName);
    check(en->lpVtbl->Reset(en) == S_OK && en->lpVtbl->Skip(en, 2) == S_OK && en->lpVtbl->Next(en, 1, els, NULL) == S_OK && wsame(els[0].pwcsName, L"Pictures"), "Reset, Skip(2), Next(1)");
    CoTaskMemFree(els[0].pwcsName);
    check(en->lpVtbl->Skip(en, 1) == S_FALSE && en->lpVtbl->Release(en) == 0, "Skip past the end -> S_FALSE");
    CLSID got = {0};
    check(ReadClassStg(stg, &got) == S_OK && IsEqualGUID(&got, &CLSID_Doc), "ReadClassStg");
    check(WriteClassStg(stg, &CLSID_Doc) == STG_E_ACCESSDENIED, "WriteClassStg on a read-only storage -> STG_E_ACCESSDENIED");
    check(ReadClassStg(NULL, &got) == E_INVALIDARG, "ReadClassStg(NULL) -> E_INVALIDARG");
    check(stg->lpVtbl->OpenStream(stg, L"contents", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &s) == S_OK, "OpenStream (names compare without case)");
    static BYTE big[6000];
    ULONG n = 0;
    int same = s->lpVtbl->Read(s, big, sizeof big, &n) == S_OK && n == 5000;
    for (int i = 0; same && i < 5000; i++) same = big[i] == (BYTE)(i * 7);
    check(same, "the 5000 bytes read back");
    check(s->lpVtbl->Write(s, big, 1, &n) == STG_E_ACCESSDENIED, "Write to a read-only stream -> STG_E_ACCESSDENIED");
    s->lpVtbl->Release(s);
    check(stg->lpVtbl->OpenStream(stg, L"Nope", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &s) == STG_E_FILENOTFOUND, "OpenStream(missing) -> STG_E_FILENOTFOUND");
    check(stg->lpVtbl->OpenStream(stg, L"Pictures", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &s) == STG_E_FILENOTFOUND, "OpenStream(a storage) -> STG_E_FILENOTFOUND");
    check(stg->lpVtbl->OpenStream(stg, L"Contents", NULL, STGM_READ | STGM_SHARE_DENY_WRITE, 0, &s) == STG_E_INVALIDFLAG, "OpenStream not exclusive -> STG_E_INVALIDFLAG");
    check(stg->lpVtbl->OpenStream(stg, L"Contents", NULL, EXCL, 0, &s) == STG_E_ACCESSDENIED, "OpenStream(read-write) in a read-only storage -> STG_E_ACCESSDENIED");
    check(stg->lpVtbl->CreateStream(stg, L"New", EXCL, 0, 0, &s) == STG_E_ACCESSDENIED, "CreateStream in a read-only storage -> STG_E_ACCESSDENIED");
    check(stg->lpVtbl->DestroyElement(stg, L"Junk") == STG_E_ACCESSDENIED, "DestroyElement in a read-only storage -> STG_E_ACCESSDENIED");
    check(stg->lpVtbl->OpenStorage(stg, L"Pictures", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &pics) == S_OK, "OpenStorage(Pictures)");
    check(has(pics, L"One", "picture one") && has(pics, L"Two", "picture two"), "its streams");
    check(pics->lpVtbl->OpenStorage(pics, L"Deep", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &deep) == S_OK && has(deep, L"Leaf", "leaf data"), "Deep\\Leaf");
    deep->lpVtbl->Release(deep);
    pics->lpVtbl->Release(pics);
    stg->lpVtbl->Release(stg);
}

static void change(void)
{
    IStorage *stg = NULL, *pics = NULL;
    check(StgOpenStorage(FILE_, NULL, EXCL, NULL, 0, &stg) == S_OK, "StgOpenStorage(read-write)");
    check(stg->lpVtbl->DestroyElement(stg, L"Junk") == S_OK, "DestroyElement(Junk)");
    check(stg->lpVtbl->DestroyElement(stg, L"Junk") == STG_E_FILENOTFOUND, "DestroyElement again -> STG_E_FILENOTFOUND");
    check(stg->lpVtbl->OpenStorage(stg, L"Pictures", NULL, EXCL, NULL, 0, &pics) == S_OK, "OpenStorage(Pictures) read-write");
    check(pics->lpVtbl->RenameElement(pics, L"Two", L"Second") == S_OK, "RenameElement(Two, Second)");
    check(pics->lpVtbl->RenameElement(pics, L"Second", L"One") == STG_E_FILEALREADYEXISTS, "RenameElement onto a name in use -> STG_E_FILEALREADYEXISTS");
    check(pics->lpVtbl->RenameElement(pics, L"Two", L"Third") == STG_E_FILENOTFOUND, "RenameElement(missing) -> STG_E_FILENOTFOUND");
    pics->lpVtbl->Release(pics);
    stg->lpVtbl->Release(stg);

    /* Transacted: only a Commit reaches the file. */
    check(StgOpenStorage(FILE_, NULL, STGM_READWRITE | STGM_SHARE_DENY_WRITE | STGM_TRANSACTED, NULL, 0, &stg) == S_OK, "StgOpenStorage(transacted)");
    IStream *s = put(stg, L"Uncommitted", "dropped");
    s->lpVtbl->Release(s);
    stg->lpVtbl->Release(stg);
    check(StgOpenStorage(FILE_, NULL, STGM_READWRITE | STGM_SHARE_DENY_WRITE | STGM_TRANSACTED, NULL, 0, &stg) == S_OK, "StgOpenStorage(transacted) again");
    check(!has(stg, L"Uncommitted", "dropped"), "a change without Commit is gone");
    s = put(stg, L"Committed", "kept");
    s->lpVtbl->Release(s);
    check(stg->lpVtbl->Commit(stg, STGC_DEFAULT) == S_OK, "Commit (transacted)");
    s = put(stg, L"Reverted", "reverted");
    s->lpVtbl->Release(s);
    check(stg->lpVtbl->Revert(stg) == S_OK && !has(stg, L"Reverted", "reverted") && has(stg, L"Committed", "kept"), "Revert drops what came after the Commit");
    stg->lpVtbl->Release(stg);

    /* A read-only file. */
    SetFileAttributesW(FILE_, FILE_ATTRIBUTE_READONLY);
    check(StgOpenStorage(FILE_, NULL, EXCL, NULL, 0, &stg) == STG_E_ACCESSDENIED, "StgOpenStorage(read-write) of a read-only file -> STG_E_ACCESSDENIED");
    check(StgCreateDocfile(FILE_, STGM_CREATE | EXCL, 0, &stg) == STG_E_ACCESSDENIED, "StgCreateDocfile(STGM_CREATE) over a read-only file -> STG_E_ACCESSDENIED");
    check(StgOpenStorage(FILE_, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &stg) == S_OK && has(stg, L"Committed", "kept"), "read-only file opens for reading");
    stg->lpVtbl->Release(stg);
    SetFileAttributesW(FILE_, 0);
}

/* Registered by the test: HKCR\.wmx -> wmemu.Doc -> CLSID_ByExt, and a FileType pattern "WMX!" at 0 for CLSID_ByPattern. */
static const CLSID CLSID_ByExt = {0x6d1c2f20, 0x3b5a, 0x4c1e, {0x9a, 0x2b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}};
static const CLSID CLSID_ByPattern = {0x6d1c2f21, 0x3b5a, 0x4c1e, {0x9a, 0x2b, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66}};
static void write_file(const WCHAR *path, const char *text, DWORD n)
{
    HANDLE f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD w;
    WriteFile(f, text, n, &w, NULL);
    CloseHandle(f);
}

static void class_files(void)
{
    CLSID c;
    check(GetClassFile(FILE_, &c) == S_OK && IsEqualGUID(&c, &CLSID_Doc), "GetClassFile(compound file) -> its root class");
    write_file(L"\\Docs\\a.wmx", "hello", 5);
    check(GetClassFile(L"\\Docs\\a.wmx", &c) == S_OK && IsEqualGUID(&c, &CLSID_ByExt), "GetClassFile by extension");
    write_file(L"\\Docs\\b.wmx", "WMX!data", 8);
    check(GetClassFile(L"\\Docs\\b.wmx", &c) == S_OK && IsEqualGUID(&c, &CLSID_ByPattern), "GetClassFile: a FileType pattern before the extension");
    check(GetClassFile(L"\\Docs\\plain.txt", &c) == MK_E_INVALIDEXTENSION, "GetClassFile(no match) -> MK_E_INVALIDEXTENSION");
    check(GetClassFile(L"\\Docs\\none.wmx", &c) == MK_E_CANTOPENFILE, "GetClassFile(missing) -> MK_E_CANTOPENFILE");
}

/* IStorage::CopyTo (merge, IID and SNB exclusions, into a descendant) and MoveElementTo (move, copy,
 * existing names, flags), within one document and between two. */
static const IID IID_IStorage_ = {0x0000000B, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static const IID IID_IStream_ = {0x0000000C, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
static int count(IStorage *stg)
{
    IEnumSTATSTG *e = NULL;
    STATSTG st;
    ULONG got = 0;
    int n = 0;
    if (stg->lpVtbl->EnumElements(stg, 0, NULL, 0, &e) != S_OK) return -1;
    while (e->lpVtbl->Next(e, 1, &st, &got) == S_OK && got == 1) {
        CoTaskMemFree(st.pwcsName);
        n++;
    }
    e->lpVtbl->Release(e);
    return n;
}
static void put1(IStorage *stg, const WCHAR *name, const char *text)
{
    IStream *s = put(stg, name, text);
    if (s) s->lpVtbl->Release(s);
}
static void copy_move(void)
{
    IStorage *a = NULL, *b = NULL, *sub = NULL, *deep = NULL, *t = NULL, *ro = NULL;
    CLSID c;
    WCHAR *snb[] = { L"Skip", NULL };
    check(StgCreateDocfile(L"\\Docs\\copya.stg", STGM_CREATE | EXCL, 0, &a) == S_OK, "StgCreateDocfile(copya)");
    check(StgCreateDocfile(L"\\Docs\\copyb.stg", STGM_CREATE | EXCL, 0, &b) == S_OK, "StgCreateDocfile(copyb)");
    a->lpVtbl->SetClass(a, &CLSID_Doc);
    put1(a, L"One", "first");
    put1(a, L"Skip", "not copied");
    check(a->lpVtbl->CreateStorage(a, L"Sub", EXCL, 0, 0, &sub) == S_OK, "CreateStorage(Sub)");
    put1(sub, L"Inner", "inner");
    check(sub->lpVtbl->CreateStorage(sub, L"Deep", EXCL, 0, 0, &deep) == S_OK, "CreateStorage(Sub\\Deep)");
    put1(deep, L"Leaf", "leaf");
    /* b already has One (replaced) and Sub with Own (merged into) */
    put1(b, L"One", "old one");
    check(b->lpVtbl->CreateStorage(b, L"Sub", EXCL, 0, 0, &t) == S_OK, "CreateStorage(b\\Sub)");
    put1(t, L"Own", "own");
    put1(t, L"Inner", "old inner");
    t->lpVtbl->Release(t);

    check(a->lpVtbl->CopyTo(a, 0, NULL, snb, NULL) == STG_E_INVALIDPOINTER, "CopyTo(NULL destination) -> STG_E_INVALIDPOINTER");
    check(a->lpVtbl->CopyTo(a, 0, NULL, NULL, a) == STG_E_ACCESSDENIED, "CopyTo(itself) -> STG_E_ACCESSDENIED");
    check(a->lpVtbl->CopyTo(a, 0, NULL, NULL, deep) == STG_E_ACCESSDENIED, "CopyTo(a descendant) -> STG_E_ACCESSDENIED");
    check(a->lpVtbl->CopyTo(a, 0, NULL, snb, b) == S_OK, "CopyTo(b) excluding Skip");
    check(ReadClassStg(b, &c) == S_OK && IsEqualGUID(&c, &CLSID_Doc), "CopyTo copies the class ID");
    check(has(b, L"One", "first"), "CopyTo replaces a stream of the same name");
    check(!has(b, L"Skip", "not copied"), "CopyTo leaves out the SNB's names");
    check(b->lpVtbl->OpenStorage(b, L"Sub", NULL, EXCL, NULL, 0, &t) == S_OK, "the copied Sub opens");
    check(has(t, L"Own", "own") && has(t, L"Inner", "inner") && count(t) == 3, "CopyTo merges into an existing storage (Own kept, Inner replaced, Deep added)");
    check(t->lpVtbl->OpenStorage(t, L"Deep", NULL, EXCL, NULL, 0, &ro) == S_OK && has(ro, L"Leaf", "leaf"), "CopyTo copies the whole subtree");
    ro->lpVtbl->Release(ro);
    t->lpVtbl->Release(t);
    check(has(a, L"One", "first") && count(a) == 3, "the source is unchanged");

    /* IID exclusions: only streams, then only storages */
    check(b->lpVtbl->CreateStorage(b, L"OnlyStreams", EXCL, 0, 0, &t) == S_OK, "CreateStorage(OnlyStreams)");
    check(a->lpVtbl->CopyTo(a, 1, &IID_IStorage_, NULL, t) == S_OK && count(t) == 2 && has(t, L"Skip", "not copied"), "CopyTo excluding IID_IStorage copies the streams only");
    t->lpVtbl->Release(t);
    check(b->lpVtbl->CreateStorage(b, L"OnlyStorages", EXCL, 0, 0, &t) == S_OK, "CreateStorage(OnlyStorages)");
    check(a->lpVtbl->CopyTo(a, 1, &IID_IStream_, NULL, t) == S_OK && count(t) == 1, "CopyTo excluding IID_IStream copies the storages only");
    t->lpVtbl->Release(t);
    check(a->lpVtbl->CopyTo(a, 1, NULL, NULL, b) == STG_E_INVALIDPOINTER, "CopyTo(1 IID, NULL array) -> STG_E_INVALIDPOINTER");

    /* MoveElementTo */
    check(a->lpVtbl->MoveElementTo(a, L"Nope", b, L"X", STGMOVE_MOVE) == STG_E_FILENOTFOUND, "MoveElementTo(missing) -> STG_E_FILENOTFOUND");
    check(a->lpVtbl->MoveElementTo(a, L"One", b, L"X", STGMOVE_SHALLOWCOPY) == STG_E_INVALIDFLAG, "MoveElementTo(STGMOVE_SHALLOWCOPY) -> STG_E_INVALIDFLAG");
    check(a->lpVtbl->MoveElementTo(a, L"One", b, L"a/b", STGMOVE_COPY) == STG_E_INVALIDNAME, "MoveElementTo(bad new name) -> STG_E_INVALIDNAME");
    check(a->lpVtbl->MoveElementTo(a, L"One", NULL, L"X", STGMOVE_COPY) == STG_E_INVALIDPOINTER, "MoveElementTo(NULL destination) -> STG_E_INVALIDPOINTER");
    check(a->lpVtbl->MoveElementTo(a, L"One", b, L"One", STGMOVE_MOVE) == STG_E_FILEALREADYEXISTS, "MoveElementTo(move a stream over an existing one) -> STG_E_FILEALREADYEXISTS");
    check(a->lpVtbl->MoveElementTo(a, L"Skip", b, L"One", STGMOVE_COPY) == S_OK && has(b, L"One", "not copied") && has(a, L"Skip", "not copied"), "MoveElementTo(copy) replaces a stream, keeps the source");
    check(a->lpVtbl->MoveElementTo(a, L"Skip", b, L"Moved", STGMOVE_MOVE) == S_OK && has(b, L"Moved", "not copied") && !has(a, L"Skip", "not copied"), "MoveElementTo(move) a stream: there, not here");
    check(a->lpVtbl->MoveElementTo(a, L"Sub", b, L"Sub", STGMOVE_MOVE) == STG_E_FILEALREADYEXISTS, "MoveElementTo(move a storage over an existing one) -> STG_E_FILEALREADYEXISTS");
    check(a->lpVtbl->MoveElementTo(a, L"Sub", deep, L"Loop", STGMOVE_COPY) == STG_E_ACCESSDENIED, "MoveElementTo(a storage into its own descendant) -> STG_E_ACCESSDENIED");
    check(a->lpVtbl->MoveElementTo(a, L"Sub", a, L"Sub2", STGMOVE_COPY) == S_OK && count(a) == 3, "MoveElementTo(copy) within the same storage");
    check(a->lpVtbl->MoveElementTo(a, L"Sub2", b, L"Tree", STGMOVE_MOVE) == S_OK && count(a) == 2, "MoveElementTo(move) a storage to the other document");
    check(b->lpVtbl->OpenStorage(b, L"Tree", NULL, EXCL, NULL, 0, &t) == S_OK && has(t, L"Inner", "inner") && count(t) == 2, "the moved storage has its elements");
    t->lpVtbl->Release(t);
    /* SetElementTimes: a storage keeps creation and modification times */
    {
        FILETIME ct = { 0x11111111, 0x01d00000 }, mt = { 0x22222222, 0x01d10000 };
        STATSTG es;
        check(b->lpVtbl->SetElementTimes(b, L"Tree", &ct, NULL, &mt) == S_OK, "SetElementTimes(Tree)");
        check(b->lpVtbl->OpenStorage(b, L"Tree", NULL, EXCL, NULL, 0, &t) == S_OK && t->lpVtbl->Stat(t, &es, STATFLAG_NONAME) == S_OK &&
                  es.ctime.dwLowDateTime == ct.dwLowDateTime && es.ctime.dwHighDateTime == ct.dwHighDateTime && es.mtime.dwHighDateTime == mt.dwHighDateTime,
              "Stat shows the times set");
        check(t->lpVtbl->SetElementTimes(t, NULL, NULL, NULL, &ct) == S_OK && t->lpVtbl->Stat(t, &es, STATFLAG_NONAME) == S_OK && es.mtime.dwHighDateTime == ct.dwHighDateTime &&
                  es.ctime.dwHighDateTime == ct.dwHighDateTime,
              "SetElementTimes(NULL name) sets the storage's own, NULL times stay");
        t->lpVtbl->Release(t);
        check(b->lpVtbl->SetElementTimes(b, L"Nope", &ct, NULL, NULL) == STG_E_FILENOTFOUND, "SetElementTimes(missing) -> STG_E_FILENOTFOUND");
        check(b->lpVtbl->SetElementTimes(b, L"a:b", &ct, NULL, NULL) == STG_E_INVALIDNAME, "SetElementTimes(bad name) -> STG_E_INVALIDNAME");
        check(b->lpVtbl->SetElementTimes(b, L"One", &ct, NULL, &mt) == S_OK, "SetElementTimes(a stream) is accepted");
    }
    deep->lpVtbl->Release(deep);
    sub->lpVtbl->Release(sub);
    /* IStream::CopyTo (to an HGLOBAL stream and to another element) and Clone */
    {
        IStream *src = NULL, *mem = NULL, *dst = NULL, *cl = NULL;
        unsigned long long rd = 0, wr = 0;
        char buf[16];
        ULONG n = 0;
        check(b->lpVtbl->OpenStream(b, L"Moved", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, 0, &src) == S_OK, "OpenStream(Moved)");
        check(CreateStreamOnHGlobal(NULL, TRUE, &mem) == S_OK, "CreateStreamOnHGlobal");
        check(src->lpVtbl->CopyTo(src, mem, 4, 0, &rd, &wr) == S_OK && rd == 4 && wr == 4, "IStream::CopyTo 4 bytes to an HGLOBAL stream");
        check(src->lpVtbl->CopyTo(src, mem, 100, 0, &rd, &wr) == S_OK && rd == 6 && wr == 6, "IStream::CopyTo the rest: as much as there is");
        mem->lpVtbl->Seek(mem, 0, 0, 0, NULL);
        check(mem->lpVtbl->Read(mem, buf, sizeof buf, &n) == S_OK && n == 10 && memcmp(buf, "not copied", 10) == 0, "the HGLOBAL stream got the bytes");
        check(src->lpVtbl->CopyTo(src, NULL, 1, 0, NULL, NULL) == STG_E_INVALIDPOINTER, "IStream::CopyTo(NULL) -> STG_E_INVALIDPOINTER");
        src->lpVtbl->Seek(src, 4, 0, 0, NULL);
        check(src->lpVtbl->Clone(src, &cl) == S_OK && cl, "IStream::Clone");
        check(cl->lpVtbl->Read(cl, buf, 6, &n) == S_OK && n == 6 && memcmp(buf, "copied", 6) == 0, "the clone starts at the original's position");
        check(src->lpVtbl->Read(src, buf, 3, &n) == S_OK && n == 3 && memcmp(buf, "cop", 3) == 0, "and keeps its own position");
        check(b->lpVtbl->CreateStream(b, L"Copied", EXCL, 0, 0, &dst) == S_OK, "CreateStream(Copied)");
        src->lpVtbl->Seek(src, 0, 0, 0, NULL);
        check(src->lpVtbl->CopyTo(src, dst, 0xFFFFFFFF, 0xFFFFFFFF, &rd, &wr) == S_OK && rd == 10 && wr == 10, "IStream::CopyTo(all) to another element");
        dst->lpVtbl->Release(dst);
        cl->lpVtbl->Release(cl);
        src->lpVtbl->Release(src);
        mem->lpVtbl->Release(mem);
        check(has(b, L"Copied", "not copied"), "the element got the bytes");
    }
    check(a->lpVtbl->Commit(a, 0) == S_OK && b->lpVtbl->Commit(b, 0) == S_OK, "Commit both");
    a->lpVtbl->Release(a);
    /* a read-only destination */
    check(StgOpenStorage(L"\\Docs\\copya.stg", NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &ro) == S_OK, "StgOpenStorage(copya, read)");
    check(b->lpVtbl->CopyTo(b, 0, NULL, NULL, ro) == STG_E_ACCESSDENIED, "CopyTo(a read-only storage) -> STG_E_ACCESSDENIED");
    check(b->lpVtbl->MoveElementTo(b, L"One", ro, L"One", STGMOVE_COPY) == STG_E_ACCESSDENIED, "MoveElementTo(a read-only storage) -> STG_E_ACCESSDENIED");
    check(ro->lpVtbl->SetElementTimes(ro, L"One", NULL, NULL, NULL) == STG_E_ACCESSDENIED, "SetElementTimes on a read-only storage -> STG_E_ACCESSDENIED");
    ro->lpVtbl->Release(ro);
    b->lpVtbl->Release(b);
}

/* A compound file on the program's own ILockBytes: a fixed memory block with call counters, and
 * switches to make WriteAt or Stat fail. StgCreateDocfileOnILockBytes / StgOpenStorageOnILockBytes
 * must read and write through it; the test reads the bytes (saved to \\Docs\\lkb.stg) with the cfb package. */
typedef struct {
    ILockBytes iface;
    LONG refs;
    BYTE data[16384];
    ULONG size;
    DWORD reads, writes, flushes, setsizes, stats;
    HRESULT failWrite, failStat;
} MemLkb;
#define LKB(This) ((MemLkb *)(This))
static HRESULT lkb_qi(ILockBytes *This, REFIID riid, void **ppv) { *ppv = NULL; return E_NOINTERFACE; }
static ULONG lkb_addref(ILockBytes *This) { return ++LKB(This)->refs; }
static ULONG lkb_release(ILockBytes *This) { return --LKB(This)->refs; }
static HRESULT lkb_readat(ILockBytes *This, DWORD lo, DWORD hi, void *pv, ULONG cb, ULONG *read)
{
    MemLkb *m = LKB(This);
    ULONG n = 0;
    m->reads++;
    if (hi == 0 && lo < m->size) n = m->size - lo < cb ? m->size - lo : cb;
    if (n) memcpy(pv, m->data + lo, n);
    if (read) *read = n;
    return S_OK;
}
static HRESULT lkb_writeat(ILockBytes *This, DWORD lo, DWORD hi, const void *pv, ULONG cb, ULONG *written)
{
    MemLkb *m = LKB(This);
    m->writes++;
    if (written) *written = 0;
    if (m->failWrite) return m->failWrite;
    if (hi || lo + cb > sizeof m->data) return STG_E_MEDIUMFULL;
    memcpy(m->data + lo, pv, cb);
    if (lo + cb > m->size) m->size = lo + cb;
    if (written) *written = cb;
    return S_OK;
}
static HRESULT lkb_flush(ILockBytes *This) { LKB(This)->flushes++; return S_OK; }
static HRESULT lkb_setsize(ILockBytes *This, DWORD lo, DWORD hi)
{
    MemLkb *m = LKB(This);
    m->setsizes++;
    if (hi || lo > sizeof m->data) return STG_E_MEDIUMFULL;
    if (lo > m->size) memset(m->data + m->size, 0, lo - m->size);
    m->size = lo;
    return S_OK;
}
static HRESULT lkb_lock(ILockBytes *This, DWORD a, DWORD b, DWORD c, DWORD d, DWORD t) { return STG_E_INVALIDFUNCTION; }
static HRESULT lkb_stat(ILockBytes *This, STATSTG *st, DWORD flag)
{
    MemLkb *m = LKB(This);
    m->stats++;
    if (m->failStat) return m->failStat;
    memset(st, 0, sizeof *st);
    st->type = 3; /* STGTY_LOCKBYTES */
    st->cbSize = m->size;
    return S_OK;
}
static const ILockBytesVtbl lkbVtbl = { lkb_qi, lkb_addref, lkb_release, lkb_readat, lkb_writeat, lkb_flush, lkb_setsize, lkb_lock, lkb_lock, lkb_stat };
static MemLkb lk1, lk2;
static void lkb_init(MemLkb *m)
{
    memset(m, 0, sizeof *m);
    m->iface.lpVtbl = &lkbVtbl;
    m->refs = 1;
}

static void lockbytes(void)
{
    IStorage *stg = NULL, *sub = NULL;
    STATSTG st;
    CLSID c;
    HANDLE f;
    DWORD w;
    lkb_init(&lk1);
    check(StgCreateDocfileOnILockBytes(NULL, STGM_CREATE | EXCL, 0, &stg) == STG_E_INVALIDPOINTER, "StgCreateDocfileOnILockBytes(NULL) -> STG_E_INVALIDPOINTER");
    check(StgCreateDocfileOnILockBytes(&lk1.iface, STGM_CREATE | EXCL, 0, NULL) == STG_E_INVALIDPOINTER, "StgCreateDocfileOnILockBytes(ppstg NULL) -> STG_E_INVALIDPOINTER");
    check(StgCreateDocfileOnILockBytes(&lk1.iface, STGM_CREATE | EXCL, 1, &stg) == STG_E_INVALIDPARAMETER, "StgCreateDocfileOnILockBytes(reserved) -> STG_E_INVALIDPARAMETER");
    check(StgCreateDocfileOnILockBytes(&lk1.iface, STGM_CREATE | STGM_SHARE_EXCLUSIVE, 0, &stg) == STG_E_INVALIDFLAG, "StgCreateDocfileOnILockBytes(read only) -> STG_E_INVALIDFLAG");
    check(lk1.writes == 0 && lk1.refs == 1, "no write, no reference after the failures");
    check(StgCreateDocfileOnILockBytes(&lk1.iface, EXCL, 0, &stg) == S_OK && stg, "StgCreateDocfileOnILockBytes(empty, no STGM_CREATE)");
    printf("lkb create: size %lu, setsize %lu, writes %lu, flushes %lu, refs %ld\n", lk1.size, lk1.setsizes, lk1.writes, lk1.flushes, lk1.refs);
    check(lk1.size >= 512 && lk1.data[0] == 0xD0 && lk1.data[1] == 0xCF && lk1.writes >= 1 && lk1.refs == 2, "the empty document is written through WriteAt at once; the storage holds a reference");
    put1(stg, L"Data", "hello ILockBytes");
    check(stg->lpVtbl->CreateStorage(stg, L"Folder", EXCL, 0, 0, &sub) == S_OK, "CreateStorage(Folder) on the ILockBytes");
    put1(sub, L"Inside", "inside");
    sub->lpVtbl->Release(sub);
    check(stg->lpVtbl->Stat(stg, &st, STATFLAG_DEFAULT) == S_OK && st.pwcsName == NULL && st.type == STGTY_STORAGE, "the root's Stat: a storage without a name");
    w = lk1.writes;
    stg->lpVtbl->SetClass(stg, &CLSID_Doc); /* a change only the root's Release writes */
    check(stg->lpVtbl->Release(stg) == 0 && lk1.refs == 1 && lk1.writes > w, "the last Release writes the document and gives back the reference");
    f = CreateFileW(L"\\Docs\\lkb.stg", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, lk1.data, lk1.size, &w, NULL);
    CloseHandle(f);

    check(StgCreateDocfileOnILockBytes(&lk1.iface, EXCL, 0, &stg) == STG_E_FILEALREADYEXISTS && stg == NULL, "StgCreateDocfileOnILockBytes(not empty, no STGM_CREATE) -> STG_E_FILEALREADYEXISTS");
    check(StgOpenStorageOnILockBytes(NULL, NULL, EXCL, NULL, 0, &stg) == STG_E_INVALIDPOINTER, "StgOpenStorageOnILockBytes(NULL) -> STG_E_INVALIDPOINTER");
    check(StgOpenStorageOnILockBytes(&lk1.iface, NULL, EXCL | STGM_CREATE, NULL, 0, &stg) == STG_E_INVALIDFLAG, "StgOpenStorageOnILockBytes(STGM_CREATE) -> STG_E_INVALIDFLAG");
    lk1.reads = 0;
    check(StgOpenStorageOnILockBytes(&lk1.iface, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &stg) == S_OK && lk1.reads >= 1 && lk1.refs == 2, "StgOpenStorageOnILockBytes(read) reads through ReadAt");
    check(has(stg, L"Data", "hello ILockBytes") && ReadClassStg(stg, &c) == S_OK && IsEqualGUID(&c, &CLSID_Doc), "the stream and the class ID are back");
    check(stg->lpVtbl->OpenStorage(stg, L"Folder", NULL, STGM_READ | STGM_SHARE_EXCLUSIVE, NULL, 0, &sub) == S_OK && has(sub, L"Inside", "inside"), "the sub-storage is back");
    sub->lpVtbl->Release(sub);
    w = lk1.writes;
    stg->lpVtbl->Release(stg);
    check(lk1.writes == w && lk1.refs == 1, "a read-only open writes nothing");

    /* transacted: Revert rereads, Commit writes */
    check(StgOpenStorageOnILockBytes(&lk1.iface, NULL, STGM_TRANSACTED | EXCL, NULL, 0, &stg) == S_OK, "StgOpenStorageOnILockBytes(transacted)");
    put1(stg, L"Later", "dropped");
    w = lk1.writes;
    check(stg->lpVtbl->Revert(stg) == S_OK && !has(stg, L"Later", "dropped") && has(stg, L"Data", "hello ILockBytes") && lk1.writes == w, "Revert rereads the ILockBytes");
    put1(stg, L"Kept", "kept");
    check(stg->lpVtbl->Commit(stg, 0) == S_OK && lk1.writes > w && lk1.flushes >= 2, "Commit writes and flushes");
    stg->lpVtbl->Release(stg);
    check(StgOpenStorageOnILockBytes(&lk1.iface, NULL, STGM_READ | STGM_SHARE_DENY_WRITE, NULL, 0, &stg) == S_OK && has(stg, L"Kept", "kept"), "the committed stream is there on the next open");
    stg->lpVtbl->Release(stg);

    /* not a compound file, empty, failing ILockBytes */
    lkb_init(&lk2);
    check(StgOpenStorageOnILockBytes(&lk2.iface, NULL, EXCL, NULL, 0, &stg) == STG_E_FILEALREADYEXISTS && stg == NULL, "StgOpenStorageOnILockBytes(empty) -> STG_E_FILEALREADYEXISTS");
    memcpy(lk2.data, "not a compound file at all, just some bytes", 44);
    lk2.size = 600;
    check(StgOpenStorageOnILockBytes(&lk2.iface, NULL, EXCL, NULL, 0, &stg) == STG_E_FILEALREADYEXISTS && lk2.refs == 1, "StgOpenStorageOnILockBytes(other bytes) -> STG_E_FILEALREADYEXISTS");
    check(StgCreateDocfileOnILockBytes(&lk2.iface, STGM_CREATE | EXCL, 0, &stg) == S_OK && lk2.data[0] == 0xD0, "StgCreateDocfileOnILockBytes(STGM_CREATE) replaces other bytes");
    lk2.failWrite = STG_E_MEDIUMFULL;
    put1(stg, L"Big", "does not fit");
    check(stg->lpVtbl->Commit(stg, 0) == STG_E_MEDIUMFULL, "Commit passes on WriteAt's failure");
    stg->lpVtbl->Release(stg);
    check(StgCreateDocfileOnILockBytes(&lk2.iface, STGM_CREATE | EXCL, 0, &stg) == STG_E_MEDIUMFULL && stg == NULL && lk2.refs == 1, "StgCreateDocfileOnILockBytes passes on WriteAt's failure");
    lk2.failWrite = 0;
    lk2.failStat = STG_E_ACCESSDENIED;
    check(StgOpenStorageOnILockBytes(&lk2.iface, NULL, EXCL, NULL, 0, &stg) == STG_E_ACCESSDENIED, "StgOpenStorageOnILockBytes passes on Stat's failure");
}

int WINAPI WinMain(HINSTANCE h, HINSTANCE p, LPWSTR cmd, int show)
{
    CreateDirectoryW(L"\\Docs", NULL);
    if (cmd && cmd[0] == 'f') {
        /* argument f: CopyTo into an IStorage that is not ole32's (here the program's ILockBytes object) stops the run naming it */
        IStorage *a = NULL;
        lkb_init(&lk1);
        StgCreateDocfile(L"\\Docs\\foreign.stg", STGM_CREATE | EXCL, 0, &a);
        printf("CopyTo foreign: %08lx\n", (unsigned long)a->lpVtbl->CopyTo(a, 0, NULL, NULL, (IStorage *)&lk1.iface));
        return 1;
    }
    create_file();
    read_back();
    change();
    class_files();
    copy_move();
    lockbytes();
    printf("olestg: %d failures\n", failures);
    return failures;
}
