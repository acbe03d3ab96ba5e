/* windbase.h — the CE property database API (CEDB) for the wmemu test ROMs: our own declarations of
 * the layouts and constants of the CE 6 windbase.h (CEDB flavour, not EDB). Ordinals in comments are
 * coredll's. */
#ifndef WMEMU_WINDBASE_H
#define WMEMU_WINDBASE_H
#include "windows.h"
#include "ce_files.h"

typedef DWORD CEOID, *PCEOID;
typedef DWORD CEPROPID;
typedef struct { DWORD Data1, Data2, Data3, Data4; } CEGUID, *PCEGUID;
#define CREATE_SYSTEMGUID(g)  memset((g), 0, sizeof(CEGUID))
#define CREATE_INVALIDGUID(g) memset((g), -1, sizeof(CEGUID))

#define CEVT_I2       2
#define CEVT_UI2      18
#define CEVT_I4       3
#define CEVT_UI4      19
#define CEVT_FILETIME 64
#define CEVT_LPWSTR   31
#define CEVT_BLOB     65
#define CEVT_BOOL     11
#define CEVT_R8       5
#define PROPID(id, type) (((DWORD)(id) << 16) | (type))

typedef struct { DWORD dwCount; BYTE *lpb; } CEBLOB;
typedef union {
    short iVal; unsigned short uiVal; long lVal; unsigned long ulVal; FILETIME filetime;
    LPWSTR lpwstr; CEBLOB blob; BOOL boolVal; double dblVal;
} CEVALUNION;
typedef struct { CEPROPID propid; WORD wLenData; WORD wFlags; CEVALUNION val; } CEPROPVAL;
_Static_assert(sizeof(CEPROPVAL) == 16, "CEPROPVAL is 16 bytes");
#define CEDB_PROPNOTFOUND 0x0100
#define CEDB_PROPDELETE   0x0200

#define CEDB_SORT_DESCENDING      0x001
#define CEDB_SORT_CASEINSENSITIVE 0x002
#define CEDB_SORT_UNKNOWNFIRST    0x004
#define CEDB_SORT_UNIQUE          0x200
#define CEDB_SORT_NONNULL         0x400

typedef struct { CEPROPID propid; DWORD dwFlags; } SORTORDERSPEC;
typedef struct { WORD wVersion, wNumProps, wKeyFlags, wReserved; CEPROPID rgPropID[3]; DWORD rgdwFlags[3]; } SORTORDERSPECEX;
_Static_assert(sizeof(SORTORDERSPECEX) == 32, "SORTORDERSPECEX is 32 bytes");

#define CEDB_MAXDBASENAMELEN 32
#define CEDB_MAXSORTORDER 4
#define CEDB_VALIDNAME     0x0001
#define CEDB_VALIDTYPE     0x0002
#define CEDB_VALIDSORTSPEC 0x0004
#define CEDB_VALIDMODTIME  0x0008
#define CEDB_VALIDDBFLAGS  0x0010
#define CEDB_VALIDCREATE   (CEDB_VALIDNAME | CEDB_VALIDTYPE | CEDB_VALIDSORTSPEC | CEDB_VALIDDBFLAGS)

typedef struct {
    DWORD dwFlags; WCHAR szDbaseName[CEDB_MAXDBASENAMELEN]; DWORD dwDbaseType; WORD wNumRecords, wNumSortOrder;
    DWORD dwSize; FILETIME ftLastModified; SORTORDERSPEC rgSortSpecs[CEDB_MAXSORTORDER];
} CEDBASEINFO;
_Static_assert(sizeof(CEDBASEINFO) == 120, "CEDBASEINFO is 120 bytes");
typedef struct {
    WORD wVersion, wNumSortOrder; DWORD dwFlags; WCHAR szDbaseName[CEDB_MAXDBASENAMELEN]; DWORD dwDbaseType;
    DWORD dwNumRecords, dwSize; FILETIME ftLastModified; SORTORDERSPECEX rgSortSpecs[CEDB_MAXSORTORDER];
} CEDBASEINFOEX;
_Static_assert(sizeof(CEDBASEINFOEX) == 220, "CEDBASEINFOEX is 220 bytes");

typedef struct { DWORD dwAttributes; CEOID oidParent; WCHAR szFileName[260]; FILETIME ftLastChanged; DWORD dwLength; } CEFILEINFO;
typedef struct { DWORD dwAttributes; CEOID oidParent; WCHAR szDirName[260]; } CEDIRINFO;
typedef struct { CEOID oidParent; } CERECORDINFO;
#define OBJTYPE_INVALID   0
#define OBJTYPE_FILE      1
#define OBJTYPE_DIRECTORY 2
#define OBJTYPE_DATABASE  3
#define OBJTYPE_RECORD    4
typedef struct { WORD wObjType, wPad; union { CEFILEINFO infFile; CEDIRINFO infDirectory; CEDBASEINFO infDatabase; CERECORDINFO infRecord; } u; } CEOIDINFO;
typedef struct { WORD wVersion, wObjType; union { CEFILEINFO infFile; CEDIRINFO infDirectory; CEDBASEINFOEX infDatabase; CERECORDINFO infRecord; } u; } CEOIDINFOEX;

typedef struct { DWORD dwSize; HWND hwnd; DWORD dwFlags; HANDLE hHeap; DWORD dwParam; } CENOTIFYREQUEST;

#define CEDB_AUTOINCREMENT 1
#define CEDB_ALLOWREALLOC  1
#define CEDB_SEEK_CEOID           0x01
#define CEDB_SEEK_BEGINNING       0x02
#define CEDB_SEEK_END             0x04
#define CEDB_SEEK_CURRENT         0x08
#define CEDB_SEEK_VALUESMALLER    0x10
#define CEDB_SEEK_VALUEFIRSTEQUAL 0x20
#define CEDB_SEEK_VALUEGREATER    0x40
#define CEDB_SEEK_VALUENEXTEQUAL  0x80

WINBASEAPI CEOID  WINAPI CeCreateDatabase(LPWSTR name, DWORD type, WORD nSort, SORTORDERSPEC *specs);               /* 315 */
WINBASEAPI HANDLE WINAPI CeOpenDatabase(PCEOID poid, LPWSTR name, CEPROPID propid, DWORD flags, HWND hwnd);         /* 317 */
WINBASEAPI CEOID  WINAPI CeSeekDatabase(HANDLE h, DWORD type, DWORD value, LPDWORD index);                          /* 319 */
WINBASEAPI CEOID  WINAPI CeReadRecordProps(HANDLE h, DWORD flags, LPWORD n, CEPROPID *ids, LPBYTE *buf, LPDWORD size); /* 321 */
WINBASEAPI CEOID  WINAPI CeWriteRecordProps(HANDLE h, CEOID oid, WORD n, CEPROPVAL *vals);                          /* 322 */
WINBASEAPI BOOL   WINAPI CeDeleteRecord(HANDLE h, CEOID oid);                                                       /* 320 */
WINBASEAPI BOOL   WINAPI CeOidGetInfo(CEOID oid, CEOIDINFO *info);                                                  /* 312 */
WINBASEAPI BOOL   WINAPI CeMountDBVol(PCEGUID g, LPWSTR vol, DWORD flags);                                          /* 1164 */
WINBASEAPI BOOL   WINAPI CeUnmountDBVol(PCEGUID g);
WINBASEAPI BOOL   WINAPI CeFlushDBVol(PCEGUID g);
WINBASEAPI BOOL   WINAPI CeEnumDBVolumes(PCEGUID g, LPWSTR buf, DWORD size);
WINBASEAPI CEOID  WINAPI CeCreateDatabaseEx(PCEGUID g, CEDBASEINFO *info);
WINBASEAPI HANDLE WINAPI CeOpenDatabaseEx(PCEGUID g, PCEOID poid, LPWSTR name, CEPROPID propid, DWORD flags, CENOTIFYREQUEST *req); /* 1192 */
WINBASEAPI BOOL   WINAPI CeDeleteDatabaseEx(PCEGUID g, CEOID oid);
WINBASEAPI CEOID  WINAPI CeCreateDatabaseEx2(PCEGUID g, CEDBASEINFOEX *info);
WINBASEAPI HANDLE WINAPI CeOpenDatabaseEx2(PCEGUID g, PCEOID poid, LPWSTR name, SORTORDERSPECEX *sort, DWORD flags, CENOTIFYREQUEST *req); /* 1469 */
WINBASEAPI CEOID  WINAPI CeSeekDatabaseEx(HANDLE h, DWORD type, DWORD value, WORD nVals, LPDWORD index);
WINBASEAPI CEOID  WINAPI CeReadRecordPropsEx(HANDLE h, DWORD flags, LPWORD n, CEPROPID *ids, LPBYTE *buf, LPDWORD size, HANDLE heap);
WINBASEAPI BOOL   WINAPI CeOidGetInfoEx2(PCEGUID g, CEOID oid, CEOIDINFOEX *info);

#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER 87
#endif
#define ERROR_BAD_FORMAT        11
#define ERROR_SHARING_VIOLATION 32
#define ERROR_DUP_NAME          52
#define ERROR_NO_DATA           232
#define ERROR_NO_MORE_ITEMS     259
#define ERROR_KEY_DELETED       1018
#endif
