/* iphlpapi.h — IP helper API (iphlpapi.dll, imported by name) for the wmemu test ROMs.
 * 32-bit layouts of iptypes.h / iprtrmib.h. */
#ifndef _WMEMU_IPHLPAPI_H
#define _WMEMU_IPHLPAPI_H
#include "windows.h"

#define MAX_ADAPTER_NAME_LENGTH        256
#define MAX_ADAPTER_DESCRIPTION_LENGTH 128
#define MAX_ADAPTER_ADDRESS_LENGTH     8
#define MAX_HOSTNAME_LEN               128
#define MAX_DOMAIN_NAME_LEN            128
#define MAX_SCOPE_ID_LEN               256
#define ERROR_BUFFER_OVERFLOW     111
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_NO_DATA             232
#define MIB_TCP_STATE_LISTEN 2
#define MIB_TCP_STATE_ESTAB  5

typedef struct { char String[16]; } IP_ADDRESS_STRING, IP_MASK_STRING;
typedef struct _IP_ADDR_STRING {
    struct _IP_ADDR_STRING *Next; IP_ADDRESS_STRING IpAddress; IP_MASK_STRING IpMask; DWORD Context;
} IP_ADDR_STRING;
typedef struct _IP_ADAPTER_INFO {
    struct _IP_ADAPTER_INFO *Next; DWORD ComboIndex;
    char AdapterName[MAX_ADAPTER_NAME_LENGTH + 4]; char Description[MAX_ADAPTER_DESCRIPTION_LENGTH + 4];
    UINT AddressLength; BYTE Address[MAX_ADAPTER_ADDRESS_LENGTH]; DWORD Index; UINT Type; UINT DhcpEnabled;
    IP_ADDR_STRING *CurrentIpAddress; IP_ADDR_STRING IpAddressList; IP_ADDR_STRING GatewayList;
    IP_ADDR_STRING DhcpServer; BOOL HaveWins; IP_ADDR_STRING PrimaryWinsServer; IP_ADDR_STRING SecondaryWinsServer;
    long LeaseObtained; long LeaseExpires;
} IP_ADAPTER_INFO;
typedef struct {
    char HostName[MAX_HOSTNAME_LEN + 4]; char DomainName[MAX_DOMAIN_NAME_LEN + 4];
    IP_ADDR_STRING *CurrentDnsServer; IP_ADDR_STRING DnsServerList; UINT NodeType;
    char ScopeId[MAX_SCOPE_ID_LEN + 4]; UINT EnableRouting; UINT EnableProxy; UINT EnableDns;
} FIXED_INFO;
typedef struct { DWORD dwAddr, dwIndex, dwMask, dwBCastAddr, dwReasmSize; unsigned short unused1, wType; } MIB_IPADDRROW;
typedef struct { DWORD dwNumEntries; MIB_IPADDRROW table[1]; } MIB_IPADDRTABLE;
typedef struct { DWORD dwState, dwLocalAddr, dwLocalPort, dwRemoteAddr, dwRemotePort; } MIB_TCPROW;
typedef struct { DWORD dwNumEntries; MIB_TCPROW table[1]; } MIB_TCPTABLE;
typedef struct { DWORD dwLocalAddr, dwLocalPort; } MIB_UDPROW;
typedef struct { DWORD dwNumEntries; MIB_UDPROW table[1]; } MIB_UDPTABLE;
/* ipmib.h / tcpmib.h / udpmib.h: MIB_TCPSTATS 15 DWORDs, MIB_UDPSTATS 5. */
typedef struct {
    DWORD dwRtoAlgorithm, dwRtoMin, dwRtoMax, dwMaxConn, dwActiveOpens, dwPassiveOpens, dwAttemptFails, dwEstabResets,
        dwCurrEstab, dwInSegs, dwOutSegs, dwRetransSegs, dwInErrs, dwOutRsts, dwNumConns;
} MIB_TCPSTATS;
typedef struct { DWORD dwInDatagrams, dwNoPorts, dwInErrors, dwOutDatagrams, dwNumAddrs; } MIB_UDPSTATS;
_Static_assert(sizeof(IP_ADAPTER_INFO) == 640, "IP_ADAPTER_INFO is 640 bytes");
_Static_assert(sizeof(FIXED_INFO) == 584, "FIXED_INFO is 584 bytes");
_Static_assert(sizeof(MIB_IPADDRROW) == 24, "MIB_IPADDRROW is 24 bytes");
_Static_assert(sizeof(MIB_TCPSTATS) == 60, "MIB_TCPSTATS is 60 bytes");
_Static_assert(sizeof(MIB_UDPSTATS) == 20, "MIB_UDPSTATS is 20 bytes");

_CEAPI DWORD WINAPI GetAdaptersInfo(IP_ADAPTER_INFO *p, ULONG *len);
_CEAPI DWORD WINAPI GetIpAddrTable(MIB_IPADDRTABLE *t, ULONG *size, BOOL order);
_CEAPI DWORD WINAPI GetTcpTable(MIB_TCPTABLE *t, DWORD *size, BOOL order);
_CEAPI DWORD WINAPI GetUdpTable(MIB_UDPTABLE *t, DWORD *size, BOOL order);
_CEAPI DWORD WINAPI GetNetworkParams(FIXED_INFO *p, ULONG *len);
_CEAPI DWORD WINAPI GetNumberOfInterfaces(DWORD *n);
_CEAPI DWORD WINAPI GetTcpStatistics(MIB_TCPSTATS *s);
_CEAPI DWORD WINAPI GetUdpStatistics(MIB_UDPSTATS *s);
#endif
