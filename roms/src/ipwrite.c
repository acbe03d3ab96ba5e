/* ipwrite.c — the CE 7 IP helper writes (netioapi.h: CreateIpForwardEntry2, DeleteIpForwardEntry2,
 * Create/DeleteUnicastIpAddressEntry, Create/DeleteAnycastIpAddressEntry) and NSI.dll's
 * NsiGetAllParameters / NsiSetAllParameters (emulator/dlls/iphlpapi/writes.ts, nsi/params.ts).
 * Self-checks the interface-independent answers (NULL or bad row: ERROR_INVALID_PARAMETER, a family
 * other than AF_INET/AF_INET6: ERROR_INVALID_PARAMETER, AF_INET6: ERROR_NOT_SUPPORTED, no interface
 * given: ERROR_INVALID_PARAMETER, an unknown interface index: ERROR_NOT_FOUND) and prints
 * "NAME=N" for the writes on the loopback interface (index 1, or its NET_LUID), whose answer depends
 * on the run's network policy (the test compares). Prints ok/FAIL lines; exit code = failures. */
#include <windows.h>

WINBASEAPI DWORD WINAPI CreateIpForwardEntry2(const void *row);
WINBASEAPI DWORD WINAPI DeleteIpForwardEntry2(const void *row);
WINBASEAPI DWORD WINAPI CreateUnicastIpAddressEntry(const void *row);
WINBASEAPI DWORD WINAPI DeleteUnicastIpAddressEntry(const void *row);
WINBASEAPI DWORD WINAPI CreateAnycastIpAddressEntry(const void *row);
WINBASEAPI DWORD WINAPI DeleteAnycastIpAddressEntry(const void *row);
WINBASEAPI DWORD WINAPI NsiGetAllParameters(DWORD store, const void *module, DWORD table, const void *key, DWORD keySize, void *rw, DWORD rwSize,
                                            void *dyn, DWORD dynSize, void *st, DWORD stSize);
WINBASEAPI DWORD WINAPI NsiSetAllParameters(DWORD store, DWORD action, const void *module, DWORD table, const void *key, DWORD keySize, const void *rw,
                                            DWORD rwSize);

#define AF_INET 2
#define AF_INET6 23
#define ERROR_NOT_SUPPORTED_ 50
#define ERROR_NOT_FOUND_ 1168
#define ERROR_ACCESS_DENIED_ 5

typedef DWORD (WINAPI *WriteFn)(const void *row);
static int failures;
static void check(int cond, const char *what, DWORD got)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s got=%lu\n", what, got); failures++; }
}

/* MIB_IPFORWARD_ROW2 (104 bytes): InterfaceLuid +0, InterfaceIndex +8, DestinationPrefix +12.
 * MIB_UNICASTIPADDRESS_ROW / MIB_ANYCASTIPADDRESS_ROW: Address +0, InterfaceLuid +32, InterfaceIndex +40. */
typedef struct { const char *name; WriteFn f; int family, luid, index; } Write;

/* NPI_MODULEID: Length, Type (MIT_GUID), the GUID at +8. */
typedef struct { DWORD d1; WORD d2, d3; BYTE d4[8]; } Guid;
typedef struct { WORD Length; WORD pad; DWORD Type; Guid Guid; } ModuleId;
static const ModuleId IPV4 = { sizeof(ModuleId), 0, 1, { 0xeb004a00, 0x9b1a, 0x11d4, { 0x91, 0x23, 0x00, 0x50, 0x04, 0x77, 0x59, 0xbc } } };
static const ModuleId IPV6 = { sizeof(ModuleId), 0, 1, { 0xeb004a01, 0x9b1a, 0x11d4, { 0x91, 0x23, 0x00, 0x50, 0x04, 0x77, 0x59, 0xbc } } };

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPWSTR cmd, int show)
{
    static const Write writes[] = {
        { "CreateIpForwardEntry2", CreateIpForwardEntry2, 12, 0, 8 },
        { "DeleteIpForwardEntry2", DeleteIpForwardEntry2, 12, 0, 8 },
        { "CreateUnicastIpAddressEntry", CreateUnicastIpAddressEntry, 0, 32, 40 },
        { "DeleteUnicastIpAddressEntry", DeleteUnicastIpAddressEntry, 0, 32, 40 },
        { "CreateAnycastIpAddressEntry", CreateAnycastIpAddressEntry, 0, 32, 40 },
        { "DeleteAnycastIpAddressEntry", DeleteAnycastIpAddressEntry, 0, 32, 40 },
    };
    char what[96];
    for (unsigned i = 0; i < sizeof writes / sizeof writes[0]; i++) {
        const Write *w = &writes[i];
        DWORD buf[32];
        BYTE *row = (BYTE *)buf;
        DWORD e;
        memset(buf, 0, sizeof buf);
        e = w->f(NULL);
        sprintf(what, "%s(NULL): ERROR_INVALID_PARAMETER", w->name);
        check(e == ERROR_INVALID_PARAMETER, what, e);
        e = w->f((const void *)0x10);
        sprintf(what, "%s(bad pointer): ERROR_INVALID_PARAMETER", w->name);
        check(e == ERROR_INVALID_PARAMETER, what, e);
        *(DWORD *)(row + w->index) = 1;
        e = w->f(row);
        sprintf(what, "%s(family 0): ERROR_INVALID_PARAMETER", w->name);
        check(e == ERROR_INVALID_PARAMETER, what, e);
        *(WORD *)(row + w->family) = 99;
        e = w->f(row);
        sprintf(what, "%s(family 99): ERROR_INVALID_PARAMETER", w->name);
        check(e == ERROR_INVALID_PARAMETER, what, e);
        *(WORD *)(row + w->family) = AF_INET6;
        e = w->f(row);
        sprintf(what, "%s(AF_INET6): ERROR_NOT_SUPPORTED (IPv4 only)", w->name);
        check(e == ERROR_NOT_SUPPORTED_, what, e);
        *(WORD *)(row + w->family) = AF_INET;
        *(DWORD *)(row + w->index) = 0;
        e = w->f(row);
        sprintf(what, "%s(no interface): ERROR_INVALID_PARAMETER", w->name);
        check(e == ERROR_INVALID_PARAMETER, what, e);
        *(DWORD *)(row + w->index) = 4000;
        e = w->f(row);
        sprintf(what, "%s(interface 4000): ERROR_NOT_FOUND", w->name);
        check(e == ERROR_NOT_FOUND_, what, e);
        *(DWORD *)(row + w->index) = 1;
        printf("%s index 1=%lu\n", w->name, w->f(row));
        /* The loopback NET_LUID: NetLuidIndex 1, IfType IF_TYPE_SOFTWARE_LOOPBACK (24). */
        *(DWORD *)(row + w->index) = 0;
        *(DWORD *)(row + w->luid) = 1u << 24;
        *(DWORD *)(row + w->luid + 4) = 24u << 16;
        printf("%s luid 1=%lu\n", w->name, w->f(row));
    }

    BYTE key[48], rw[116];
    DWORD e;
    memset(key, 0, sizeof key);
    memset(rw, 0xff, sizeof rw);
    e = NsiGetAllParameters(1, &IPV6, 6, NULL, 0, rw, sizeof rw, NULL, 0, NULL, 0);
    check(e == ERROR_NOT_SUPPORTED_ && rw[0] == 0xff, "NsiGetAllParameters(IPv6 global): ERROR_NOT_SUPPORTED, nothing written", e);
    e = NsiGetAllParameters(1, NULL, 6, NULL, 0, rw, sizeof rw, NULL, 0, NULL, 0);
    check(e == ERROR_INVALID_PARAMETER, "NsiGetAllParameters(NULL module): ERROR_INVALID_PARAMETER", e);
    e = NsiSetAllParameters(2, 2, &IPV6, 6, NULL, 0, rw, sizeof rw);
    check(e == ERROR_NOT_SUPPORTED_, "NsiSetAllParameters(IPv6 global): ERROR_NOT_SUPPORTED", e);
    e = NsiSetAllParameters(1, 1, NULL, 16, key, sizeof key, rw, 24);
    check(e == ERROR_INVALID_PARAMETER, "NsiSetAllParameters(NULL module): ERROR_INVALID_PARAMETER", e);
    e = NsiSetAllParameters(1, 1, &IPV4, 16, key, sizeof key, rw, 24);
    check(e == ERROR_ACCESS_DENIED_, "NsiSetAllParameters(IPv4 route add): ERROR_ACCESS_DENIED", e);
    e = NsiSetAllParameters(1, 3, &IPV4, 16, key, sizeof key, NULL, 0);
    check(e == ERROR_ACCESS_DENIED_, "NsiSetAllParameters(IPv4 route delete): ERROR_ACCESS_DENIED", e);
    printf("ipwrite: %d failures\n", failures);
    return failures;
}
