/* cedb.c — the CE property database API (CEDB): databases in the object store and in a mounted
 * volume, the property types (CEVT_I2/UI2/I4/UI4/FILETIME/LPWSTR/BLOB/BOOL/R8), sort orders
 * (descending, case-insensitive, unknown-first, unique keys), every seek type, reads into caller
 * buffers and CEDB_ALLOWREALLOC buffers, record changes and deletes seen by a second handle,
 * CeOidGetInfo/CeOidGetInfoEx2, the CE 2-era calls (CeCreateDatabase, CeOpenDatabase, ...) and the
 * documented error codes. Prints ok/FAIL lines; exit code = failures.
 *
 * `cedb` creates everything (a fresh device root); `cedb again` is the second run on the same root:
 * it checks that the object store database and the volume \Temp\test.vol kept their records. */
#include <windows.h>
#include <windbase.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s (error %lu)\n", what, GetLastError()); failures++; }
}
static int fails_with(DWORD r, DWORD err) { return !r && GetLastError() == err; }
static int bad_handle(HANDLE h, DWORD err) { return h == INVALID_HANDLE_VALUE && GetLastError() == err; }

/* property ids */
#define P_NAME  PROPID(1, CEVT_LPWSTR)
#define P_COUNT PROPID(2, CEVT_I4)
#define P_WHEN  PROPID(3, CEVT_FILETIME)
#define P_KEY   PROPID(4, CEVT_UI2)
#define P_DATA  PROPID(5, CEVT_BLOB)
#define P_REAL  PROPID(6, CEVT_R8)
#define P_FLAG  PROPID(7, CEVT_BOOL)
#define P_SMALL PROPID(8, CEVT_I2)
#define P_BIG   PROPID(9, CEVT_UI4)
#define P_NONE  PROPID(10, CEVT_I4)

#define DBNAME L"wmemu-cedb-test"
#define DBTYPE 0x00C0FFEE

static CEGUID sysguid;

static void sortspec(SORTORDERSPECEX *s, CEPROPID id, DWORD flags, WORD keyFlags)
{
    memset(s, 0, sizeof *s);
    s->wVersion = 1; s->wNumProps = 1; s->wKeyFlags = keyFlags;
    s->rgPropID[0] = id; s->rgdwFlags[0] = flags;
}

static void info_ex(CEDBASEINFOEX *i, const wchar_t *name)
{
    memset(i, 0, sizeof *i);
    i->wVersion = 1;
    i->dwFlags = CEDB_VALIDNAME | CEDB_VALIDTYPE | CEDB_VALIDSORTSPEC;
    wcscpy(i->szDbaseName, name);
    i->dwDbaseType = DBTYPE;
}

static void setstr(CEPROPVAL *v, CEPROPID id, const wchar_t *s) { memset(v, 0, sizeof *v); v->propid = id; v->val.lpwstr = (LPWSTR)s; }
static void seti4(CEPROPVAL *v, CEPROPID id, long x) { memset(v, 0, sizeof *v); v->propid = id; v->val.lVal = x; }
static void setui2(CEPROPVAL *v, CEPROPID id, unsigned short x) { memset(v, 0, sizeof *v); v->propid = id; v->val.uiVal = x; }
static void setft(CEPROPVAL *v, CEPROPID id, DWORD lo, DWORD hi) { memset(v, 0, sizeof *v); v->propid = id; v->val.filetime.dwLowDateTime = lo; v->val.filetime.dwHighDateTime = hi; }

/* Writes one record: name, count, key; `when` (FILETIME high word) unless 0. */
static CEOID add(HANDLE h, const wchar_t *name, long count, unsigned short key, DWORD when)
{
    CEPROPVAL v[4];
    setstr(&v[0], P_NAME, name);
    seti4(&v[1], P_COUNT, count);
    setui2(&v[2], P_KEY, key);
    setft(&v[3], P_WHEN, 0x1000, when);
    return CeWriteRecordProps(h, 0, when ? 4 : 3, v);
}

/* Reads the current record's name into out (NUL on failure); returns the oid. */
static CEOID read_name(HANDLE h, wchar_t *out)
{
    BYTE buf[256];
    LPBYTE p = buf;
    DWORD size = sizeof buf;
    WORD n = 1;
    CEPROPID id = P_NAME;
    CEOID oid = CeReadRecordPropsEx(h, 0, &n, &id, &p, &size, NULL);
    out[0] = 0;
    if (oid && !(((CEPROPVAL *)buf)->wFlags & CEDB_PROPNOTFOUND)) wcscpy(out, ((CEPROPVAL *)buf)->val.lpwstr);
    return oid;
}

/* Reads every record through h (opened with CEDB_AUTOINCREMENT) and joins the names with commas. */
static void names(HANDLE h, wchar_t *out)
{
    wchar_t one[64];
    out[0] = 0;
    CeSeekDatabaseEx(h, CEDB_SEEK_BEGINNING, 0, 0, NULL);
    while (read_name(h, one)) {
        if (out[0]) wcscat(out, L",");
        wcscat(out, one);
    }
}

static void show(const char *what, const wchar_t *got, const wchar_t *want)
{
    int same = wcscmp(got, want) == 0;
    if (!same) printf("  got [%ls] want [%ls]\n", got, want);
    check(same, what);
}

/* ---------------------------------------------------------------- creating */
static CEOID create_main(void)
{
    CEDBASEINFOEX i;
    info_ex(&i, DBNAME);
    i.wNumSortOrder = 4;
    sortspec(&i.rgSortSpecs[0], P_NAME, CEDB_SORT_CASEINSENSITIVE, 0);
    sortspec(&i.rgSortSpecs[1], P_COUNT, CEDB_SORT_DESCENDING, 0);
    sortspec(&i.rgSortSpecs[2], P_WHEN, CEDB_SORT_UNKNOWNFIRST, 0);
    sortspec(&i.rgSortSpecs[3], P_KEY, 0, CEDB_SORT_UNIQUE);
    CEOID oid = CeCreateDatabaseEx2(&sysguid, &i);
    check(oid != 0, "CeCreateDatabaseEx2 in the object store (4 sort orders)");

    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_DUP_NAME), "the same name again: ERROR_DUP_NAME");
    info_ex(&i, L"WMEMU-CEDB-TEST");
    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_DUP_NAME), "the name in other case: ERROR_DUP_NAME");
    info_ex(&i, L"bad");
    i.wVersion = 2;
    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_INVALID_PARAMETER), "CEDBASEINFOEX.wVersion 2: ERROR_INVALID_PARAMETER");
    info_ex(&i, L"bad");
    i.wNumSortOrder = 5;
    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_INVALID_PARAMETER), "5 sort orders: ERROR_INVALID_PARAMETER");
    info_ex(&i, L"bad");
    i.wNumSortOrder = 1;
    sortspec(&i.rgSortSpecs[0], P_DATA, 0, 0);
    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_INVALID_PARAMETER), "a BLOB sort key: ERROR_INVALID_PARAMETER");
    info_ex(&i, L"bad");
    i.wNumSortOrder = 1;
    sortspec(&i.rgSortSpecs[0], P_NAME, 0, 0);
    i.rgSortSpecs[0].wNumProps = 4;
    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_INVALID_PARAMETER), "a sort order of 4 properties: ERROR_INVALID_PARAMETER");
    info_ex(&i, L"");
    check(fails_with(CeCreateDatabaseEx2(&sysguid, &i), ERROR_INVALID_PARAMETER), "an empty name: ERROR_INVALID_PARAMETER");
    CEGUID bogus = { 1, 2, 3, 4 };
    info_ex(&i, L"nowhere");
    check(fails_with(CeCreateDatabaseEx2(&bogus, &i), ERROR_INVALID_PARAMETER), "a volume GUID nothing mounted: ERROR_INVALID_PARAMETER");
    return oid;
}

/* ---------------------------------------------------------------- types and buffers */
static void types(HANDLE h)
{
    static const BYTE blob[5] = { 1, 2, 0, 0xfe, 0xff };
    CEPROPVAL v[8];
    setstr(&v[0], P_NAME, L"types");
    seti4(&v[1], P_COUNT, -7);
    setui2(&v[2], P_KEY, 900);
    memset(&v[3], 0, sizeof v[3]); v[3].propid = P_DATA; v[3].val.blob.dwCount = 5; v[3].val.blob.lpb = (BYTE *)blob;
    memset(&v[4], 0, sizeof v[4]); v[4].propid = P_REAL; v[4].val.dblVal = 2.5;
    memset(&v[5], 0, sizeof v[5]); v[5].propid = P_FLAG; v[5].val.boolVal = TRUE;
    memset(&v[6], 0, sizeof v[6]); v[6].propid = P_SMALL; v[6].val.iVal = -300;
    memset(&v[7], 0, sizeof v[7]); v[7].propid = P_BIG; v[7].val.ulVal = 0xfedcba98;
    CEOID oid = CeWriteRecordProps(h, 0, 8, v);
    check(oid != 0, "CeWriteRecordProps: a record of every type");

    check(CeSeekDatabaseEx(h, CEDB_SEEK_CEOID, oid, 0, NULL) == oid, "CEDB_SEEK_CEOID to it");
    /* every property, into a caller buffer that is too small, then into one large enough */
    BYTE small[40];
    LPBYTE p = small;
    DWORD size = sizeof small;
    WORD n = 0;
    check(fails_with(CeReadRecordPropsEx(h, 0, &n, NULL, &p, &size, NULL), ERROR_INSUFFICIENT_BUFFER) && size > sizeof small,
          "a too small buffer without CEDB_ALLOWREALLOC: ERROR_INSUFFICIENT_BUFFER and the size needed");
    DWORD need = size;
    static BYTE big[512];
    p = big; size = sizeof big;
    check(CeReadRecordPropsEx(h, 0, &n, NULL, &p, &size, NULL) == oid && n == 8, "read every property (rgPropID NULL): 8 properties");
    CEPROPVAL *r = (CEPROPVAL *)big;
    check(r[0].propid == P_NAME && wcscmp(r[0].val.lpwstr, L"types") == 0, "LPWSTR kept, pointing into the buffer");
    check((BYTE *)r[0].val.lpwstr >= big && (BYTE *)r[0].val.lpwstr < big + need, "the string lies inside the buffer after the CEPROPVALs");
    check(r[1].propid == P_COUNT && r[1].val.lVal == -7, "CEVT_I4 -7");
    check(r[2].propid == P_KEY && r[2].val.uiVal == 900, "CEVT_UI2 900");
    check(r[3].propid == P_DATA && r[3].val.blob.dwCount == 5 && memcmp(r[3].val.blob.lpb, blob, 5) == 0, "CEVT_BLOB of 5 bytes");
    check(r[4].propid == P_REAL && r[4].val.dblVal == 2.5, "CEVT_R8 2.5");
    check(r[5].propid == P_FLAG && r[5].val.boolVal == TRUE, "CEVT_BOOL TRUE");
    check(r[6].propid == P_SMALL && r[6].val.iVal == -300, "CEVT_I2 -300");
    check(r[7].propid == P_BIG && r[7].val.ulVal == 0xfedcba98, "CEVT_UI4 0xfedcba98");

    /* CEDB_ALLOWREALLOC: a NULL buffer is LocalAlloc'd; a small LocalAlloc'd one is reallocated */
    p = NULL; size = 0;
    check(CeReadRecordPropsEx(h, CEDB_ALLOWREALLOC, &n, NULL, &p, &size, NULL) == oid && p && size >= need && LocalSize(p) >= need,
          "CEDB_ALLOWREALLOC with a NULL buffer: a LocalAlloc block of the size needed");
    check(p && wcscmp(((CEPROPVAL *)p)->val.lpwstr, L"types") == 0, "and the record is in it");
    LocalFree(p);
    p = LocalAlloc(0, 8); size = 8;
    check(CeReadRecordPropsEx(h, CEDB_ALLOWREALLOC, &n, NULL, &p, &size, NULL) == oid && LocalSize(p) >= need && size >= need,
          "CEDB_ALLOWREALLOC with an 8-byte LocalAlloc block: reallocated");
    LocalFree(p);
    p = NULL; size = 0;
    check(CeReadRecordPropsEx(h, CEDB_ALLOWREALLOC, &n, NULL, &p, &size, GetProcessHeap()) == oid && p, "CEDB_ALLOWREALLOC from hHeap (GetProcessHeap)");
    check(p && HeapFree(GetProcessHeap(), 0, p), "the block belongs to that heap (HeapFree)");

    /* chosen properties: found ones, CEDB_PROPNOTFOUND for the others, ERROR_NO_DATA for none */
    CEPROPID ids[3] = { P_COUNT, P_NONE, P_NAME };
    n = 3; p = big; size = sizeof big;
    check(CeReadRecordPropsEx(h, 0, &n, ids, &p, &size, NULL) == oid, "read 3 chosen properties");
    check(r[0].propid == P_COUNT && r[0].val.lVal == -7 && !(r[0].wFlags & CEDB_PROPNOTFOUND), "in the order asked: count");
    check(r[1].propid == P_NONE && (r[1].wFlags & CEDB_PROPNOTFOUND), "a property the record lacks: CEDB_PROPNOTFOUND");
    check(r[2].propid == P_NAME && wcscmp(r[2].val.lpwstr, L"types") == 0, "then the name");
    CEPROPID none = P_NONE;
    n = 1;
    check(fails_with(CeReadRecordPropsEx(h, 0, &n, &none, &p, &size, NULL), ERROR_NO_DATA), "none of the properties asked: ERROR_NO_DATA");
    check(fails_with(CeReadRecordPropsEx(h, 2, &n, &none, &p, &size, NULL), ERROR_INVALID_PARAMETER), "unknown read flags: ERROR_INVALID_PARAMETER");

    /* changing it: a property replaced, one deleted (CEDB_PROPDELETE), one added */
    CEPROPVAL c[3];
    seti4(&c[0], P_COUNT, 77);
    memset(&c[1], 0, sizeof c[1]); c[1].propid = P_DATA; c[1].wFlags = CEDB_PROPDELETE;
    seti4(&c[2], P_NONE, 5);
    check(CeWriteRecordProps(h, oid, 3, c) == oid, "CeWriteRecordProps on the record: the same oid");
    n = 0; p = big; size = sizeof big;
    CeSeekDatabaseEx(h, CEDB_SEEK_CEOID, oid, 0, NULL);
    check(CeReadRecordPropsEx(h, 0, &n, NULL, &p, &size, NULL) == oid && n == 8, "still 8 properties (one deleted, one added)");
    int count77 = 0, blob_gone = 1, added = 0;
    for (int k = 0; k < n; k++) {
        if (r[k].propid == P_COUNT && r[k].val.lVal == 77) count77 = 1;
        if (r[k].propid == P_DATA) blob_gone = 0;
        if (r[k].propid == P_NONE && r[k].val.lVal == 5) added = 1;
    }
    check(count77 && blob_gone && added, "the new count, no BLOB, the added property");

    CEPROPVAL bad;
    seti4(&bad, PROPID(11, 99), 1);
    check(fails_with(CeWriteRecordProps(h, 0, 1, &bad), ERROR_INVALID_PARAMETER), "an unknown property type (99): ERROR_INVALID_PARAMETER");
    check(fails_with(CeWriteRecordProps(h, 0x80abcdef, 1, c), ERROR_INVALID_PARAMETER), "a record oid the database lacks: ERROR_INVALID_PARAMETER");
    CEPROPVAL dup[2];
    setstr(&dup[0], P_NAME, L"dup");
    setui2(&dup[1], P_KEY, 900);
    check(fails_with(CeWriteRecordProps(h, 0, 2, dup), ERROR_ALREADY_EXISTS), "a key a CEDB_SORT_UNIQUE order holds: ERROR_ALREADY_EXISTS");
    check(CeDeleteRecord(h, oid), "CeDeleteRecord(types)");
    check(fails_with(CeDeleteRecord(h, oid), ERROR_INVALID_PARAMETER), "CeDeleteRecord of a deleted record: ERROR_INVALID_PARAMETER");
}

/* ---------------------------------------------------------------- sort orders and seeks */
static void sorting(CEOID dboid)
{
    wchar_t got[256], one[64];
    SORTORDERSPECEX s;
    CEOID oid = dboid;

    sortspec(&s, P_NAME, CEDB_SORT_CASEINSENSITIVE, 0);
    HANDLE byname = CeOpenDatabaseEx2(&sysguid, &oid, NULL, &s, CEDB_AUTOINCREMENT, NULL);
    check(byname != INVALID_HANDLE_VALUE, "open by oid with the name sort order");
    names(byname, got);
    show("case-insensitive ascending names", got, L"alpha,Beta,charlie,delta");
    check(fails_with(read_name(byname, one), ERROR_NO_MORE_ITEMS), "a read at the end: ERROR_NO_MORE_ITEMS");

    sortspec(&s, P_COUNT, CEDB_SORT_DESCENDING, 0);
    HANDLE bycount = CeOpenDatabaseEx2(&sysguid, &oid, NULL, &s, CEDB_AUTOINCREMENT, NULL);
    names(bycount, got);
    show("CEDB_SORT_DESCENDING counts (40, 30, 20, 10)", got, L"delta,alpha,charlie,Beta");

    sortspec(&s, P_WHEN, CEDB_SORT_UNKNOWNFIRST, 0);
    HANDLE bywhen = CeOpenDatabaseEx2(&sysguid, &oid, NULL, &s, CEDB_AUTOINCREMENT, NULL);
    names(bywhen, got);
    show("CEDB_SORT_UNKNOWNFIRST: the record without a time first, then by time", got, L"charlie,alpha,Beta,delta");
    CloseHandle(bywhen);

    sortspec(&s, P_COUNT, 0, 0);
    check(bad_handle(CeOpenDatabaseEx2(&sysguid, &oid, NULL, &s, 0, NULL), ERROR_INVALID_PARAMETER), "a sort order the database lacks: ERROR_INVALID_PARAMETER");
    check(bad_handle(CeOpenDatabaseEx2(&sysguid, &oid, NULL, NULL, 0x100, NULL), ERROR_INVALID_PARAMETER), "unknown open flags: ERROR_INVALID_PARAMETER");
    CEOID zero = 0;
    check(bad_handle(CeOpenDatabaseEx2(&sysguid, &zero, L"no-such-db", NULL, 0, NULL), ERROR_FILE_NOT_FOUND), "a name the store lacks: ERROR_FILE_NOT_FOUND");

    /* positional seeks (name order: alpha, Beta, charlie, delta) */
    DWORD idx = 99;
    CEOID o = CeSeekDatabaseEx(byname, CEDB_SEEK_BEGINNING, 2, 0, &idx);
    check(o && idx == 2 && read_name(byname, one) == o && wcscmp(one, L"charlie") == 0, "CEDB_SEEK_BEGINNING 2: charlie, index 2");
    o = CeSeekDatabaseEx(byname, CEDB_SEEK_CURRENT, (DWORD)-2, 0, &idx);
    check(o && idx == 1 && read_name(byname, one) && wcscmp(one, L"Beta") == 0, "CEDB_SEEK_CURRENT -2 (after the read moved on): Beta");
    o = CeSeekDatabaseEx(byname, CEDB_SEEK_END, 0, 0, &idx);
    check(o && idx == 3 && read_name(byname, one) && wcscmp(one, L"delta") == 0, "CEDB_SEEK_END 0: the last record");
    o = CeSeekDatabaseEx(byname, CEDB_SEEK_END, 3, 0, &idx);
    check(o && idx == 0, "CEDB_SEEK_END 3: the first record");
    check(fails_with(CeSeekDatabaseEx(byname, CEDB_SEEK_BEGINNING, 4, 0, NULL), ERROR_NO_MORE_ITEMS), "CEDB_SEEK_BEGINNING past the last record: 0");
    check(fails_with(CeSeekDatabaseEx(byname, 0x1000, 0, 0, NULL), ERROR_INVALID_PARAMETER), "an unknown seek type: ERROR_INVALID_PARAMETER");

    /* value seeks */
    CEPROPVAL key;
    setstr(&key, P_NAME, L"BETA");
    o = CeSeekDatabaseEx(byname, CEDB_SEEK_VALUEFIRSTEQUAL, (DWORD)&key, 1, &idx);
    check(o && idx == 1, "CEDB_SEEK_VALUEFIRSTEQUAL BETA finds Beta (case-insensitive order)");
    check(fails_with(CeSeekDatabaseEx(byname, CEDB_SEEK_VALUENEXTEQUAL, (DWORD)&key, 1, &idx), ERROR_NO_MORE_ITEMS), "CEDB_SEEK_VALUENEXTEQUAL: no second Beta, 0");
    check(fails_with(read_name(byname, one), ERROR_NO_MORE_ITEMS), "which leaves the seek pointer at the end");
    setstr(&key, P_NAME, L"bz");
    CeSeekDatabaseEx(byname, CEDB_SEEK_BEGINNING, 0, 0, NULL);
    o = CeSeekDatabaseEx(byname, CEDB_SEEK_VALUEGREATER, (DWORD)&key, 1, &idx);
    check(o && idx == 2, "CEDB_SEEK_VALUEGREATER bz: charlie");
    CeSeekDatabaseEx(byname, CEDB_SEEK_END, 0, 0, NULL);
    o = CeSeekDatabaseEx(byname, CEDB_SEEK_VALUESMALLER, (DWORD)&key, 1, &idx);
    check(o && idx == 1, "CEDB_SEEK_VALUESMALLER bz from the end: Beta");
    setstr(&key, P_NAME, L"zulu");
    check(fails_with(CeSeekDatabaseEx(byname, CEDB_SEEK_VALUEFIRSTEQUAL, (DWORD)&key, 1, NULL), ERROR_NO_MORE_ITEMS), "CEDB_SEEK_VALUEFIRSTEQUAL of a missing value: 0");
    seti4(&key, P_COUNT, 20);
    check(fails_with(CeSeekDatabaseEx(byname, CEDB_SEEK_VALUEFIRSTEQUAL, (DWORD)&key, 1, NULL), ERROR_INVALID_PARAMETER), "a value of another property than the sort key: ERROR_INVALID_PARAMETER");
    o = CeSeekDatabaseEx(bycount, CEDB_SEEK_VALUEFIRSTEQUAL, (DWORD)&key, 1, &idx);
    check(o && idx == 2 && read_name(bycount, one) && wcscmp(one, L"charlie") == 0, "CEDB_SEEK_VALUEFIRSTEQUAL 20 in the descending count order: charlie, index 2");

    /* a record deleted under another handle's seek pointer */
    setstr(&key, P_NAME, L"charlie");
    CEOID charlie = CeSeekDatabaseEx(byname, CEDB_SEEK_VALUEFIRSTEQUAL, (DWORD)&key, 1, NULL);
    CeSeekDatabaseEx(bycount, CEDB_SEEK_CEOID, charlie, 0, NULL);
    check(CeDeleteRecord(byname, charlie), "CeDeleteRecord(charlie) through the name handle");
    check(read_name(byname, one) && wcscmp(one, L"delta") == 0, "that handle's seek pointer moved to the next record (delta)");
    check(fails_with(read_name(bycount, one), ERROR_KEY_DELETED), "the other handle on it: ERROR_KEY_DELETED");
    check(read_name(bycount, one) && wcscmp(one, L"Beta") == 0, "then its next read gets the next record (Beta)");
    CEOID c2 = add(byname, L"charlie", 20, 3, 0);
    check(c2 && c2 != charlie, "charlie written again: a new oid");

    check(fails_with(CeDeleteDatabaseEx(&sysguid, dboid), ERROR_SHARING_VIOLATION), "CeDeleteDatabaseEx of an open database: ERROR_SHARING_VIOLATION");
    CloseHandle(byname);
    CloseHandle(bycount);
}

/* ---------------------------------------------------------------- CeOidGetInfo */
static void oidinfo(CEOID dboid)
{
    CEOIDINFOEX x;
    memset(&x, 0, sizeof x);
    x.wVersion = 1;
    check(CeOidGetInfoEx2(&sysguid, dboid, &x) && x.wObjType == OBJTYPE_DATABASE, "CeOidGetInfoEx2(database): OBJTYPE_DATABASE");
    check(wcscmp(x.u.infDatabase.szDbaseName, DBNAME) == 0 && x.u.infDatabase.dwDbaseType == DBTYPE, "its name and type");
    check(x.u.infDatabase.dwNumRecords == 4 && x.u.infDatabase.wNumSortOrder == 4, "4 records, 4 sort orders");
    check(x.u.infDatabase.rgSortSpecs[1].rgPropID[0] == P_COUNT && x.u.infDatabase.rgSortSpecs[1].rgdwFlags[0] == CEDB_SORT_DESCENDING, "sort order 2: count, descending");
    check(x.u.infDatabase.ftLastModified.dwHighDateTime != 0, "a modification time");

    CEOID oid = dboid;
    HANDLE h = CeOpenDatabaseEx2(&sysguid, &oid, NULL, NULL, 0, NULL);
    CEOID rec = CeSeekDatabaseEx(h, CEDB_SEEK_BEGINNING, 0, 0, NULL);
    CloseHandle(h);
    memset(&x, 0, sizeof x);
    x.wVersion = 1;
    check(CeOidGetInfoEx2(&sysguid, rec, &x) && x.wObjType == OBJTYPE_RECORD && x.u.infRecord.oidParent == dboid, "CeOidGetInfoEx2(record): OBJTYPE_RECORD, its database");
    x.wVersion = 2;
    check(fails_with(CeOidGetInfoEx2(&sysguid, rec, &x), ERROR_INVALID_PARAMETER), "CEOIDINFOEX.wVersion 2: ERROR_INVALID_PARAMETER");

    CEOIDINFO o;
    check(CeOidGetInfo(dboid, &o) && o.wObjType == OBJTYPE_DATABASE && wcscmp(o.u.infDatabase.szDbaseName, DBNAME) == 0 && o.u.infDatabase.wNumRecords == 4,
          "CeOidGetInfo(database): the CE 2 CEDBASEINFO");
    check(fails_with(CeOidGetInfo(0x80fffff0, &o), ERROR_INVALID_PARAMETER), "CeOidGetInfo of no object: ERROR_INVALID_PARAMETER");

    /* a file's dwOID (FindFirstFileW) names the file */
    WIN32_FIND_DATAW fd;
    HANDLE f = CreateFileW(L"\\My Documents\\oid.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD put;
    WriteFile(f, "12345", 5, &put, NULL);
    CloseHandle(f);
    HANDLE fh = FindFirstFileW(L"\\My Documents\\oid.txt", &fd);
    FindClose(fh);
    check(CeOidGetInfo(fd.dwOID, &o) && o.wObjType == OBJTYPE_FILE && _wcsicmp(o.u.infFile.szFileName, L"\\My Documents\\oid.txt") == 0 && o.u.infFile.dwLength == 5,
          "CeOidGetInfo(a file's dwOID): OBJTYPE_FILE, its path and length");
}

/* ---------------------------------------------------------------- the CE 2 calls */
static void ce2(void)
{
    SORTORDERSPEC s[2] = { { P_COUNT, 0 }, { P_NAME, CEDB_SORT_DESCENDING } };
    CEOID db = CeCreateDatabase(L"wmemu-ce2", 77, 2, s);
    check(db != 0, "CeCreateDatabase (object store, 2 SORTORDERSPECs)");
    CEOID oid = 0;
    HANDLE h = CeOpenDatabase(&oid, L"wmemu-ce2", P_NAME, CEDB_AUTOINCREMENT, NULL);
    check(h != INVALID_HANDLE_VALUE && oid == db, "CeOpenDatabase by name sorted on its second order: *poid set");
    add(h, L"b", 1, 1, 0);
    add(h, L"c", 2, 2, 0);
    add(h, L"a", 3, 3, 0);
    DWORD idx;
    check(CeSeekDatabase(h, CEDB_SEEK_BEGINNING, 0, &idx) && idx == 0, "CeSeekDatabase(BEGINNING 0)");
    BYTE buf[128];
    LPBYTE p = buf;
    DWORD size = sizeof buf;
    WORD n = 0;
    check(CeReadRecordProps(h, 0, &n, NULL, &p, &size) && wcscmp(((CEPROPVAL *)buf)->val.lpwstr, L"c") == 0, "CeReadRecordProps: c first (descending names)");
    CloseHandle(h);
    check(bad_handle(CeOpenDatabase(&oid, NULL, P_KEY, 0, NULL), ERROR_INVALID_PARAMETER), "CeOpenDatabase with a propid no sort order starts with: ERROR_INVALID_PARAMETER");
    check(CeDeleteDatabaseEx(&sysguid, db), "CeDeleteDatabaseEx(closed database)");
    oid = 0;
    check(bad_handle(CeOpenDatabase(&oid, L"wmemu-ce2", 0, 0, NULL), ERROR_FILE_NOT_FOUND), "then it is gone: ERROR_FILE_NOT_FOUND");

    CEDBASEINFO i;
    memset(&i, 0, sizeof i);
    i.dwFlags = CEDB_VALIDNAME | CEDB_VALIDSORTSPEC;
    wcscpy(i.szDbaseName, L"wmemu-ex");
    i.wNumSortOrder = 1;
    i.rgSortSpecs[0].propid = P_KEY;
    CEOID ex = CeCreateDatabaseEx(&sysguid, &i);
    check(ex != 0, "CeCreateDatabaseEx (CEDBASEINFO)");
    oid = 0;
    h = CeOpenDatabaseEx(&sysguid, &oid, L"wmemu-ex", P_KEY, 0, NULL);
    check(h != INVALID_HANDLE_VALUE && oid == ex, "CeOpenDatabaseEx by name and propid");
    CENOTIFYREQUEST req = { 12, NULL, 0, NULL, 0 };
    oid = ex;
    check(bad_handle(CeOpenDatabaseEx(&sysguid, &oid, NULL, 0, 0, &req), ERROR_INVALID_PARAMETER), "CENOTIFYREQUEST.dwSize 12: ERROR_INVALID_PARAMETER");
    CloseHandle(h);
    CeDeleteDatabaseEx(&sysguid, ex);

    check(fails_with(CeSeekDatabaseEx((HANDLE)0x7777, CEDB_SEEK_BEGINNING, 0, 0, NULL), ERROR_INVALID_HANDLE), "CeSeekDatabaseEx(bad handle): ERROR_INVALID_HANDLE");
    check(fails_with(CeWriteRecordProps((HANDLE)0x7777, 0, 0, NULL), ERROR_INVALID_HANDLE), "CeWriteRecordProps(bad handle): ERROR_INVALID_HANDLE");
}

/* ---------------------------------------------------------------- a mounted volume */
static void volume(void)
{
    CEGUID g, g2, e;
    wchar_t name[64];
    check(fails_with(CeMountDBVol(&g, L"\\Temp\\test.vol", OPEN_EXISTING), ERROR_FILE_NOT_FOUND), "CeMountDBVol(OPEN_EXISTING) of no file: ERROR_FILE_NOT_FOUND");
    check(CeMountDBVol(&g, L"\\Temp\\test.vol", CREATE_NEW), "CeMountDBVol(CREATE_NEW)");
    check(GetFileAttributesW(L"\\Temp\\test.vol") != 0xFFFFFFFF, "the volume file exists");
    check(fails_with(CeMountDBVol(&g2, L"\\Temp\\test.vol", CREATE_NEW), ERROR_FILE_EXISTS), "CREATE_NEW again: ERROR_FILE_EXISTS");
    check(CeMountDBVol(&g2, L"\\Temp\\test.vol", OPEN_ALWAYS) && memcmp(&g, &g2, sizeof g) == 0, "mounting it again gives the same CEGUID");
    CREATE_INVALIDGUID(&e);
    check(CeEnumDBVolumes(&e, name, 64) && memcmp(&e, &g, sizeof g) == 0 && _wcsicmp(name, L"\\Temp\\test.vol") == 0, "CeEnumDBVolumes: the volume and its name");
    check(fails_with(CeEnumDBVolumes(&e, name, 64), ERROR_NO_MORE_ITEMS), "then ERROR_NO_MORE_ITEMS");

    CEDBASEINFOEX i;
    info_ex(&i, L"voldb");
    i.wNumSortOrder = 1;
    sortspec(&i.rgSortSpecs[0], P_NAME, 0, 0);
    CEOID db = CeCreateDatabaseEx2(&g, &i);
    check(db != 0, "CeCreateDatabaseEx2 in the volume");
    CEOID oid = 0;
    check(bad_handle(CeOpenDatabaseEx2(&sysguid, &oid, L"voldb", NULL, 0, NULL), ERROR_FILE_NOT_FOUND), "the object store does not have it");
    HANDLE h = CeOpenDatabaseEx2(&g, &oid, L"voldb", NULL, 0, NULL);
    check(h != INVALID_HANDLE_VALUE && add(h, L"in the volume", 1, 1, 0), "a record in the volume's database");
    CloseHandle(h);
    check(CeFlushDBVol(&g), "CeFlushDBVol");
    check(CeUnmountDBVol(&g) && CeUnmountDBVol(&g), "CeUnmountDBVol twice (two mounts)");
    check(fails_with(CeUnmountDBVol(&g), ERROR_INVALID_PARAMETER), "a third time: ERROR_INVALID_PARAMETER");
    oid = 0;
    check(bad_handle(CeOpenDatabaseEx2(&g, &oid, L"voldb", NULL, 0, NULL), ERROR_INVALID_PARAMETER), "an unmounted volume's CEGUID: ERROR_INVALID_PARAMETER");

    HANDLE f = CreateFileW(L"\\Temp\\bad.vol", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD put;
    WriteFile(f, "not a volume", 12, &put, NULL);
    CloseHandle(f);
    check(fails_with(CeMountDBVol(&g2, L"\\Temp\\bad.vol", OPEN_EXISTING), ERROR_BAD_FORMAT), "a file of another format: ERROR_BAD_FORMAT");
    check(fails_with(CeMountDBVol(&g2, L"\\Temp\\test.vol", 9), ERROR_INVALID_PARAMETER), "an unknown disposition: ERROR_INVALID_PARAMETER");
}

/* ---------------------------------------------------------------- the second run */
static void again(void)
{
    wchar_t got[256];
    SORTORDERSPECEX s;
    CEOID oid = 0;
    sortspec(&s, P_NAME, CEDB_SORT_CASEINSENSITIVE, 0);
    HANDLE h = CeOpenDatabaseEx2(&sysguid, &oid, DBNAME, &s, CEDB_AUTOINCREMENT, NULL);
    check(h != INVALID_HANDLE_VALUE, "second run: the object store database is there");
    names(h, got);
    show("second run: its records", got, L"alpha,Beta,charlie,delta");
    CloseHandle(h);

    CEGUID g;
    check(CeMountDBVol(&g, L"\\Temp\\test.vol", OPEN_EXISTING), "second run: CeMountDBVol(OPEN_EXISTING)");
    oid = 0;
    h = CeOpenDatabaseEx2(&g, &oid, L"voldb", NULL, CEDB_AUTOINCREMENT, NULL);
    check(h != INVALID_HANDLE_VALUE, "second run: the volume's database");
    names(h, got);
    show("second run: the volume's record", got, L"in the volume");
    CloseHandle(h);
    CeUnmountDBVol(&g);
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show_)
{
    CREATE_SYSTEMGUID(&sysguid);
    if (cmd && wcscmp(cmd, L"again") == 0) {
        again();
    } else {
        CEOID db = create_main();
        CEOID oid = db;
        HANDLE h = CeOpenDatabaseEx2(&sysguid, &oid, NULL, NULL, 0, NULL);
        check(h != INVALID_HANDLE_VALUE, "CeOpenDatabaseEx2 by oid without a sort order");
        check(add(h, L"delta", 40, 4, 4) && add(h, L"alpha", 30, 1, 1) && add(h, L"Beta", 10, 2, 2) && add(h, L"charlie", 20, 3, 0), "4 records written");
        types(h);
        CloseHandle(h);
        sorting(db);
        oidinfo(db);
        ce2();
        volume();
    }
    printf("cedb: %d failures\n", failures);
    return failures;
}
