/* ipinfo.c — iphlpapi.dll (imported by name): size negotiation and struct contents of
 * GetAdaptersInfo, GetIpAddrTable, GetTcpTable, GetUdpTable, GetNetworkParams, and the connection counts
 * of GetTcpStatistics / GetUdpStatistics (the same sockets as the tables: the device's own). Prints what it found
 * ("adapter NAME IP MASK", "ipaddr A.B.C.D index N", "tcp-listen PORT", "dns A.B.C.D", ...) for the
 * test to compare with the host, and ok/FAIL lines; exit code = failures. Argument: a TCP port
 * the test listens on (must show up in GetTcpTable as LISTEN). */
#include <windows.h>
#include <iphlpapi.h>
#include <ce_modules.h>

static int failures;
static void check(int cond, const char *what)
{
    if (cond) printf("ok %s\n", what);
    else { printf("FAIL %s\n", what); failures++; }
}
static unsigned short ntohs_(DWORD p) { return (unsigned short)(((p & 0xff) << 8) | ((p >> 8) & 0xff)); }
static void ip(char *out, DWORD a) { sprintf(out, "%u.%u.%u.%u", (unsigned)(a & 0xff), (unsigned)((a >> 8) & 0xff), (unsigned)((a >> 16) & 0xff), (unsigned)(a >> 24)); }

static BYTE buf[65536];

int wmain(int argc, wchar_t **argv)
{
    int port = 0;
    if (argc > 1) for (const wchar_t *s = argv[1]; *s; s++) port = port * 10 + (*s - '0');
    char a[32];

    /* GetAdaptersInfo */
    ULONG len = 0;
    DWORD r = GetAdaptersInfo(NULL, &len);
    check(r == ERROR_BUFFER_OVERFLOW && len >= sizeof(IP_ADAPTER_INFO), "GetAdaptersInfo(NULL) -> ERROR_BUFFER_OVERFLOW with the size");
    ULONG small = 10;
    check(GetAdaptersInfo((IP_ADAPTER_INFO *)buf, &small) == ERROR_BUFFER_OVERFLOW && small == len, "too small buffer -> same size");
    check(GetAdaptersInfo((IP_ADAPTER_INFO *)buf, &len) == 0, "GetAdaptersInfo");
    for (IP_ADAPTER_INFO *p = (IP_ADAPTER_INFO *)buf; p; p = p->Next) {
        printf("adapter %s %s %s index=%lu type=%u maclen=%u gw=%s\n", p->AdapterName, p->IpAddressList.IpAddress.String,
               p->IpAddressList.IpMask.String, p->Index, p->Type, p->AddressLength, p->GatewayList.IpAddress.String);
        check(p->CurrentIpAddress == &p->IpAddressList, "CurrentIpAddress points at IpAddressList");
    }

    /* GetIpAddrTable */
    ULONG size = 0;
    check(GetIpAddrTable(NULL, &size, FALSE) == ERROR_INSUFFICIENT_BUFFER && size >= 4 + sizeof(MIB_IPADDRROW), "GetIpAddrTable size query");
    check(GetIpAddrTable((MIB_IPADDRTABLE *)buf, &size, TRUE) == 0, "GetIpAddrTable");
    MIB_IPADDRTABLE *it = (MIB_IPADDRTABLE *)buf;
    int lo = 0;
    for (DWORD i = 0; i < it->dwNumEntries; i++) {
        ip(a, it->table[i].dwAddr);
        printf("ipaddr %s index %lu\n", a, it->table[i].dwIndex);
        if (it->table[i].dwAddr == 0x0100007F) lo = 1;
    }
    check(lo, "loopback 127.0.0.1 in GetIpAddrTable");

    /* GetTcpTable */
    DWORD ts = 0;
    check(GetTcpTable(NULL, &ts, FALSE) == ERROR_INSUFFICIENT_BUFFER && ts >= 4, "GetTcpTable size query");
    ts = sizeof buf;
    check(GetTcpTable((MIB_TCPTABLE *)buf, &ts, TRUE) == 0, "GetTcpTable");
    MIB_TCPTABLE *tt = (MIB_TCPTABLE *)buf;
    int found = 0;
    for (DWORD i = 0; i < tt->dwNumEntries; i++) {
        if (tt->table[i].dwState == MIB_TCP_STATE_LISTEN && ntohs_(tt->table[i].dwLocalPort) == port) found = 1;
        if (i > 0 && tt->table[i - 1].dwLocalAddr == tt->table[i].dwLocalAddr && ntohs_(tt->table[i - 1].dwLocalPort) > ntohs_(tt->table[i].dwLocalPort)) check(0, "GetTcpTable sorted");
    }
    if (port) { printf("tcp-listen %d %s\n", port, found ? "found" : "missing"); check(found, "the test's listening port is in GetTcpTable as LISTEN"); }
    DWORD tcpRows = tt->dwNumEntries;
    MIB_TCPSTATS tst;
    memset(&tst, 0xcc, sizeof tst);
    check(GetTcpStatistics(&tst) == 0, "GetTcpStatistics");
    printf("tcp stats conns %lu rows %lu\n", tst.dwNumConns, tcpRows);
    check(tst.dwNumConns == tcpRows, "GetTcpStatistics dwNumConns = GetTcpTable rows");
    check(GetTcpStatistics(NULL) == ERROR_INVALID_PARAMETER, "GetTcpStatistics(NULL)");

    /* GetUdpTable */
    DWORD us = 0;
    check(GetUdpTable(NULL, &us, FALSE) == ERROR_INSUFFICIENT_BUFFER && us >= 4, "GetUdpTable size query");
    us = sizeof buf;
    check(GetUdpTable((MIB_UDPTABLE *)buf, &us, FALSE) == 0, "GetUdpTable");
    printf("udp rows %lu\n", ((MIB_UDPTABLE *)buf)->dwNumEntries);
    MIB_UDPSTATS ust;
    memset(&ust, 0xcc, sizeof ust);
    check(GetUdpStatistics(&ust) == 0, "GetUdpStatistics");
    printf("udp stats addrs %lu\n", ust.dwNumAddrs);
    check(ust.dwNumAddrs == ((MIB_UDPTABLE *)buf)->dwNumEntries, "GetUdpStatistics dwNumAddrs = GetUdpTable rows");

    /* GetNetworkParams */
    len = 0;
    check(GetNetworkParams(NULL, &len) == ERROR_BUFFER_OVERFLOW && len >= sizeof(FIXED_INFO), "GetNetworkParams size query");
    check(GetNetworkParams((FIXED_INFO *)buf, &len) == 0, "GetNetworkParams");
    FIXED_INFO *fi = (FIXED_INFO *)buf;
    printf("hostname %s\n", fi->HostName);
    for (IP_ADDR_STRING *d = &fi->DnsServerList; d; d = d->Next) printf("dns %s\n", d->IpAddress.String);
    check(fi->CurrentDnsServer == &fi->DnsServerList, "CurrentDnsServer");

    DWORD nif = 0;
    check(GetNumberOfInterfaces(&nif) == 0 && nif >= 1, "GetNumberOfInterfaces");
    /* iphlpapi through LoadLibraryW / GetProcAddressW (no export table: by name only) */
    HMODULE h = LoadLibraryW(L"iphlpapi.dll");
    check(h && GetProcAddressW(h, L"GetTcpTable") == (FARPROC)GetTcpTable, "GetProcAddressW(iphlpapi, GetTcpTable) == the import");
    check(GetProcAddressW(h, (LPCWSTR)1) == NULL, "no ordinals for iphlpapi");
    printf("ipinfo: %d failures\n", failures);
    return failures;
}
