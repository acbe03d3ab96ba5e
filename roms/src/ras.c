/* ras.c — RAS as a device without a modem: the phone book in HKCU\Comm\RasBook (entries listed,
 * renamed, dial parameters and EAP data saved and read back) and no RAS device or connection
 * (emulator/dlls/coredll/ras.ts, rasconn.ts), error paths included. Prints ok/FAIL lines; exit
 * code = failures. */
#include <windows.h>
#include <ce_files.h>
#include <winreg.h>

WINBASEAPI DWORD WINAPI RasSetEntryProperties(LPCWSTR pbk, LPCWSTR name, void *entry, DWORD size, BYTE *dev, DWORD devsize);
WINBASEAPI DWORD WINAPI RasDeleteEntry(LPCWSTR pbk, LPCWSTR name);
WINBASEAPI DWORD WINAPI RasEnumEntries(LPCWSTR res, LPCWSTR pbk, void *names, DWORD *cb, DWORD *n);
WINBASEAPI DWORD WINAPI RasRenameEntry(LPCWSTR pbk, LPCWSTR oldName, LPCWSTR newName);
WINBASEAPI DWORD WINAPI RasGetEntryDialParams(LPCWSTR pbk, void *params, BOOL *password);
WINBASEAPI DWORD WINAPI RasSetEntryDialParams(LPCWSTR pbk, void *params, BOOL removePassword);
WINBASEAPI DWORD WINAPI RasGetEapConnectionData(LPCWSTR pbk, LPCWSTR name, BYTE *data, DWORD *size);
WINBASEAPI DWORD WINAPI RasSetEapConnectionData(LPCWSTR pbk, LPCWSTR name, BYTE *data, DWORD *size);
WINBASEAPI DWORD WINAPI RasEnumConnections(void *conns, DWORD *cb, DWORD *n);
WINBASEAPI DWORD WINAPI RasEnumDevicesW(void *devs, DWORD *cb, DWORD *n);
WINBASEAPI DWORD WINAPI RasGetConnectStatus(HANDLE conn, void *status);
WINBASEAPI DWORD WINAPI RasHangUp(HANDLE conn);
WINBASEAPI LONG WINAPI lineInitialize(DWORD *app, HINSTANCE inst, LPVOID cb, LPCWSTR name, LPDWORD n);
WINBASEAPI LONG WINAPI lineShutdown(DWORD app);
WINBASEAPI LONG WINAPI lineGetTranslateCaps(DWORD app, DWORD ver, void *caps);
typedef struct {
    DWORD dwTotalSize, dwNeededSize, dwUsedSize, dwNumLocations, dwLocationListSize, dwLocationListOffset,
        dwCurrentLocationID, dwNumCards, dwCardListSize, dwCardListOffset, dwCurrentPreferredCardID;
} LINETRANSLATECAPS;
typedef struct {
    DWORD dwPermanentLocationID, dwLocationNameSize, dwLocationNameOffset, dwCountryCode, dwCityCodeSize, dwCityCodeOffset,
        dwPreferredCardID, dwLocalAccessCodeSize, dwLocalAccessCodeOffset, dwLongDistanceAccessCodeSize,
        dwLongDistanceAccessCodeOffset, dwTollPrefixListSize, dwTollPrefixListOffset, dwCountryID, dwOptions,
        dwCancelCallWaitingSize, dwCancelCallWaitingOffset;
} LINELOCATIONENTRY;

typedef struct { DWORD dwSize; WCHAR szEntryName[21]; } RASENTRYNAME;
typedef struct { DWORD dwSize; HANDLE hrasconn; WCHAR szEntryName[21]; } RASCONN;
typedef struct { DWORD dwSize; WCHAR szDeviceType[17]; WCHAR szDeviceName[129]; } RASDEVINFO;
typedef struct {
    DWORD dwSize;
    WCHAR szEntryName[21];
    WCHAR szPhoneNumber[129];
    WCHAR szCallbackNumber[49];
    WCHAR szUserName[257];
    WCHAR szPassword[257];
    WCHAR szDomain[16];
} RASDIALPARAMS;

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}

static DWORD g_entry[3472 / 4];
static RASENTRYNAME g_names[4];
static RASDIALPARAMS g_dp;
static DWORD g_caps[128];

static void dialing_locations(HINSTANCE inst)
{
    static const WCHAR work[] = L"Work\0" L"G\0" L"1FG\0" L"011EFG\0" L"425\0" L"*70\0" L"1\0" L"0\0";
    static const WCHAR home[] = L"Home\0" L"G\0" L"G\0" L"G\0" L"\0" L"\0" L"44\0" L"1\0";
    LINETRANSLATECAPS *caps = (LINETRANSLATECAPS *)g_caps;
    DWORD app = 0, n = 0, cur = 7;
    HKEY k;
    check(lineInitialize(&app, inst, NULL, L"ras", &n) == 0, "lineInitialize");
    caps->dwTotalSize = sizeof g_caps;
    check(lineGetTranslateCaps(app, 0x20000, caps) == 0 && caps->dwNumLocations == 0 && caps->dwNeededSize == 44, "lineGetTranslateCaps without locations: none");
    check(lineGetTranslateCaps(app, 0x20000, NULL) == (LONG)0x80000035, "NULL caps: LINEERR_INVALPOINTER");
    caps->dwTotalSize = 40;
    check(lineGetTranslateCaps(app, 0x20000, caps) == (LONG)0x8000004D, "dwTotalSize 40: LINEERR_STRUCTURETOOSMALL");
    caps->dwTotalSize = sizeof g_caps;
    check(lineGetTranslateCaps(app, 0x30000, caps) == (LONG)0x8000000C, "API version 3.0: LINEERR_INCOMPATIBLEAPIVERSION");
    check(lineGetTranslateCaps(app + 1, 0x20000, caps) == (LONG)0x80000014, "not an application handle: LINEERR_INVALAPPHANDLE");

    RegCreateKeyExW(HKEY_CURRENT_USER, L"ControlPanel\\Dial\\Locations", 0, NULL, 0, 0, NULL, &k, NULL);
    RegSetValueExW(k, L"0", 0, REG_MULTI_SZ, (const BYTE *)work, sizeof work);
    RegSetValueExW(k, L"1", 0, REG_MULTI_SZ, (const BYTE *)home, sizeof home);
    RegCloseKey(k);
    RegCreateKeyExW(HKEY_CURRENT_USER, L"ControlPanel\\Dial", 0, NULL, 0, 0, NULL, &k, NULL);
    cur = 1;
    RegSetValueExW(k, L"CurrentLoc", 0, REG_DWORD, (const BYTE *)&cur, 4);
    RegCloseKey(k);

    /* 44 + 2 * 68 + "Work" 10 + "425" 8 + "*70" 8 + "Home" 10 + "" 2 + "" 2 = 220 */
    caps->dwTotalSize = 100;
    check(lineGetTranslateCaps(app, 0x20000, caps) == 0 && caps->dwNeededSize == 220 && caps->dwUsedSize == 44 && caps->dwNumLocations == 0, "room for 100: the size needed, the fixed part used");
    caps->dwTotalSize = sizeof g_caps;
    check(lineGetTranslateCaps(app, 0x20000, caps) == 0 && caps->dwUsedSize == 220 && caps->dwNumLocations == 2 && caps->dwCurrentLocationID == 1 && caps->dwNumCards == 0,
          "two locations, the current one 1, no cards");
    LINELOCATIONENTRY *e = (LINELOCATIONENTRY *)((BYTE *)caps + caps->dwLocationListOffset);
    check(caps->dwLocationListSize == 2 * sizeof(LINELOCATIONENTRY) && e[0].dwPermanentLocationID == 0 && e[1].dwPermanentLocationID == 1, "the entries by permanent ID");
    check(!wcscmp((WCHAR *)((BYTE *)caps + e[0].dwLocationNameOffset), L"Work") && e[0].dwLocationNameSize == 10 && !wcscmp((WCHAR *)((BYTE *)caps + e[1].dwLocationNameOffset), L"Home"), "names Work, Home");
    check(!wcscmp((WCHAR *)((BYTE *)caps + e[0].dwCityCodeOffset), L"425") && e[0].dwCountryCode == 1 && e[1].dwCountryCode == 44, "area code 425, country codes 1 and 44");
    check(!wcscmp((WCHAR *)((BYTE *)caps + e[0].dwCancelCallWaitingOffset), L"*70") && e[1].dwOptions == 1, "cancel call waiting *70, options");
    RegDeleteKeyW(HKEY_CURRENT_USER, L"ControlPanel\\Dial");
    check(lineShutdown(app) == 0, "lineShutdown");
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    DWORD cb, n, r;
    BOOL pw;
    BYTE blob[8];

    check(sizeof(RASENTRYNAME) == 48 && sizeof(RASCONN) == 52 && sizeof(RASDEVINFO) == 296 && sizeof(RASDIALPARAMS) == 1464, "structure sizes as CE's ras.h");
    /* An empty phone book. */
    cb = 0; n = 99;
    g_names[0].dwSize = sizeof(RASENTRYNAME);
    check(RasEnumEntries(NULL, NULL, g_names, &cb, &n) == 0 && cb == 0 && n == 0, "RasEnumEntries of an empty book: 0 entries");
    check(RasEnumEntries(NULL, NULL, g_names, NULL, &n) == ERROR_INVALID_PARAMETER, "RasEnumEntries(lpcb NULL): ERROR_INVALID_PARAMETER");

    g_entry[0] = 3472;
    check(RasSetEntryProperties(NULL, L"Work", g_entry, 3472, NULL, 0) == 0 && RasSetEntryProperties(NULL, L"Home", g_entry, 3472, NULL, 0) == 0, "two entries made");
    cb = sizeof(RASENTRYNAME); n = 0;
    check(RasEnumEntries(NULL, NULL, g_names, &cb, &n) == 603 && cb == 96 && n == 2, "room for one: ERROR_BUFFER_TOO_SMALL, 96 bytes needed");
    cb = sizeof g_names; n = 0;
    r = RasEnumEntries(NULL, NULL, g_names, &cb, &n);
    check(r == 0 && n == 2 && cb == 96 && g_names[1].dwSize == 48, "RasEnumEntries: 2 entries");
    check(!wcscmp(g_names[0].szEntryName, L"Home") && !wcscmp(g_names[1].szEntryName, L"Work"), "names Home, Work");
    g_names[0].dwSize = 40;
    check(RasEnumEntries(NULL, NULL, g_names, &cb, &n) == 632, "dwSize not sizeof(RASENTRYNAME): ERROR_INVALID_SIZE");

    /* Rename. */
    check(RasRenameEntry(NULL, L"Nope", L"Other") == 623, "RasRenameEntry of no entry: ERROR_CANNOT_FIND_PHONEBOOK_ENTRY");
    check(RasRenameEntry(NULL, L"Work", L"Home") == ERROR_ALREADY_EXISTS, "to an existing name: ERROR_ALREADY_EXISTS");
    check(RasRenameEntry(NULL, L"Work", L"a*b") == 123, "to an invalid name: ERROR_INVALID_NAME");
    check(RasRenameEntry(NULL, L"Work", L"Office") == 0 && RasDeleteEntry(NULL, L"Work") == 623 && RasDeleteEntry(NULL, L"Office") == 0, "renamed Work -> Office");

    /* Dial parameters. */
    g_dp.dwSize = sizeof g_dp;
    wcscpy(g_dp.szEntryName, L"Home");
    check(RasGetEntryDialParams(NULL, &g_dp, &pw) == 0 && g_dp.szUserName[0] == 0 && !pw, "RasGetEntryDialParams of a new entry: no user, no password");
    wcscpy(g_dp.szUserName, L"alice");
    wcscpy(g_dp.szPassword, L"s3cret");
    wcscpy(g_dp.szDomain, L"CORP");
    check(RasSetEntryDialParams(NULL, &g_dp, FALSE) == 0, "RasSetEntryDialParams");
    memset(g_dp.szUserName, 0, sizeof g_dp.szUserName + sizeof g_dp.szPassword + sizeof g_dp.szDomain);
    check(RasGetEntryDialParams(NULL, &g_dp, &pw) == 0 && !wcscmp(g_dp.szUserName, L"alice") && !wcscmp(g_dp.szPassword, L"s3cret") && !wcscmp(g_dp.szDomain, L"CORP") && pw,
          "read back: user, password, domain");
    g_dp.szUserName[0] = 0;
    g_dp.szDomain[0] = 0;
    check(RasSetEntryDialParams(NULL, &g_dp, TRUE) == 0 && RasGetEntryDialParams(NULL, &g_dp, &pw) == 0 && !pw && g_dp.szPassword[0] == 0 && !wcscmp(g_dp.szUserName, L"alice") && !wcscmp(g_dp.szDomain, L"CORP"),
          "fRemovePassword with an empty user: password gone, user and domain kept");
    g_dp.dwSize = 1000;
    check(RasGetEntryDialParams(NULL, &g_dp, &pw) == 632, "dwSize not sizeof(RASDIALPARAMS): ERROR_INVALID_SIZE");
    g_dp.dwSize = sizeof g_dp;
    wcscpy(g_dp.szEntryName, L"Nope");
    check(RasGetEntryDialParams(NULL, &g_dp, &pw) == 623 && RasSetEntryDialParams(NULL, &g_dp, FALSE) == 623, "unknown entry: ERROR_CANNOT_FIND_PHONEBOOK_ENTRY");
    check(RasGetEntryDialParams(NULL, NULL, &pw) == 610, "NULL RASDIALPARAMS: ERROR_BUFFER_INVALID");

    /* EAP connection data. */
    cb = sizeof blob;
    check(RasGetEapConnectionData(NULL, L"Home", blob, &cb) == 0 && cb == 0, "RasGetEapConnectionData of an entry without: size 0");
    check(RasGetEapConnectionData(NULL, L"Home", blob, NULL) == 0x80070057, "NULL size: E_INVALIDARG");
    memcpy(blob, "\x0d\x01\x02\x03\x04", 5);
    cb = 5;
    check(RasSetEapConnectionData(NULL, L"Home", blob, &cb) == 0, "RasSetEapConnectionData");
    cb = 2;
    check(RasGetEapConnectionData(NULL, L"Home", blob, &cb) == 603 && cb == 5, "room for 2: ERROR_BUFFER_TOO_SMALL, 5 needed");
    memset(blob, 0, sizeof blob);
    cb = sizeof blob;
    check(RasGetEapConnectionData(NULL, L"Home", blob, &cb) == 0 && cb == 5 && blob[0] == 0x0d && blob[4] == 4, "read back 5 bytes");
    check(RasGetEapConnectionData(NULL, L"Nope", blob, &cb) == 623, "unknown entry: ERROR_CANNOT_FIND_PHONEBOOK_ENTRY");

    /* No modem, no PPP: no device, no connection. */
    RASCONN conns[2];
    RASDEVINFO dev;
    conns[0].dwSize = sizeof(RASCONN);
    cb = sizeof conns; n = 99;
    check(RasEnumConnections(conns, &cb, &n) == 0 && n == 0 && cb == 0, "RasEnumConnections: none");
    conns[0].dwSize = 12;
    check(RasEnumConnections(conns, &cb, &n) == 632, "RasEnumConnections dwSize wrong: ERROR_INVALID_SIZE");
    dev.dwSize = sizeof dev;
    cb = sizeof dev; n = 99;
    check(RasEnumDevicesW(&dev, &cb, &n) == 0 && n == 0 && cb == 0, "RasEnumDevicesW: no RAS device");
    check(RasGetConnectStatus((HANDLE)0x1234, blob) == ERROR_INVALID_HANDLE && RasHangUp((HANDLE)0x1234) == ERROR_INVALID_HANDLE, "RasGetConnectStatus, RasHangUp: ERROR_INVALID_HANDLE");

    check(RasDeleteEntry(NULL, L"Home") == 0, "cleanup");
    dialing_locations(inst);
    printf("ras: %d failures\n", failures);
    return failures;
}
