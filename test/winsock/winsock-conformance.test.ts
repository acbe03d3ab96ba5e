/**
 * Winsock results as Windows gives them: the rows of issue 18's table (Microsoft's palsuite
 * networking expectations, i.e. what Windows' Winsock returns), each provoked by the guest ROM
 * roms/bin/wsconf_win.exe against real loopback peers. Error order is part of the behaviour: each
 * case also shows which check comes first where two apply. (Rows 1-2, send() on a socket never
 * bound nor connected, are in winsock-send.test.ts's 'inval' case.)
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import dgram from 'node:dgram';
import { createMachine } from '../../emulator/system/dll-set.js';

const ROM = join(__dirname, '..', '..', 'roms', 'bin', 'wsconf_win.exe');

async function run(args: string[], hosts?: Record<string, string>): Promise<string[]> {
  const out: Buffer[] = [];
  const m = createMachine({ args, hosts, stdout: (d) => out.push(Buffer.from(d)) });
  try {
    m.loadExecutable(readFileSync(ROM), 'wsconf_win.exe');
    const r = await m.run();
    expect(r.message ?? '').toBe('');
    expect(r.status).toBe('exited');
    expect(r.exitCode).toBe(0);
    const lines = Buffer.concat(out)
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    expect(lines.at(-1)).toBe('done');
    return lines.slice(0, -1);
  } finally {
    m.close();
  }
}

let server: net.Server;
let udp: dgram.Socket;
let port = 0;
const tcpGot: string[] = [];
const udpGot: string[] = [];

beforeAll(async () => {
  server = net.createServer((c) => {
    c.on('error', () => {});
    c.on('data', (d) => tcpGot.push(d.toString()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as net.AddressInfo).port;
  // The same port number for UDP (a separate port space), so one port argument serves both.
  udp = dgram.createSocket('udp4');
  udp.on('message', (m) => udpGot.push(m.toString()));
  await new Promise<void>((r) => udp.bind(port, '127.0.0.1', () => r()));
});

afterAll(() => {
  server.close();
  udp.close();
});

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('issue 18: Winsock results as Windows gives them (wsconf_win.exe)', () => {
  it('accept() on a bound UDP socket is WSAEOPNOTSUPP (before "not listening", WSAEINVAL)', async () => {
    expect(await run(['accept_udp'])).toEqual(['accept(bound udp)=-1 err=10045', 'accept(tcp not listening)=-1 err=10022']);
  });

  it('connect() of TCP to 0.0.0.0:0 is WSAEADDRNOTAVAIL at once (also any address, port 0, non-blocking)', async () => {
    tcpGot.length = 0;
    expect(await run(['connect_any', '127.0.0.1', String(port)])).toEqual([
      'connect(0.0.0.0:0)=-1 err=10049',
      'connect(0.0.0.0:port)=-1 err=10049',
      'connect(127.0.0.1:0)=-1 err=10049',
      'connect(nonblocking 0.0.0.0:0)=-1 err=10049',
      'connect(peer)=0',
      'send=2',
    ]);
    await waitFor(() => tcpGot.join('') === 'ok', 'the bytes sent after the refused connects');
  });

  it('bind() to 255.255.255.255 (inet_addr("127.0.0.256")) is WSAEADDRNOTAVAIL', async () => {
    expect(await run(['bind_bcast'])).toEqual([
      'inet_addr(127.0.0.256)=ffffffff',
      'bind(tcp 255.255.255.255)=-1 err=10049',
      'bind(udp 255.255.255.255)=-1 err=10049',
      'bind(tcp 127.0.0.1)=0',
    ]);
  });

  it('getsockopt() with an unknown level and a bogus optval is WSAEINVAL: the level is checked first', async () => {
    expect(await run(['getsockopt_level'])).toEqual([
      'getsockopt(level 100, bogus optval)=-1 err=10022',
      'getsockopt(level 100)=-1 err=10022',
      'getsockopt(SOL_SOCKET, bogus optval)=-1 err=10014',
      'getsockopt(SOL_SOCKET, SO_TYPE)=0',
      'type=1 len=4',
    ]);
  });

  it('inet_addr(" ") is 0 (documented for Winsock 2)', async () => {
    expect(await run(['inet_addr'])).toEqual([
      'inet_addr(" ")=00000000',
      'inet_addr("")=ffffffff',
      'inet_addr("1.2.3.4")=04030201',
      'inet_addr("1.2.3.4 x")=04030201',
      'inet_addr("x")=ffffffff',
    ]);
  });

  it('recvfrom()/recv() with len = -1 is WSAENOBUFS (before the buffer check)', async () => {
    expect(await run(['recv_neglen'])).toEqual([
      'recvfrom(len -1)=-1 err=10055',
      'recv(len -1)=-1 err=10055',
      'recvfrom(len -1, bad buf)=-1 err=10055',
      'recvfrom(len 16)=-1 err=10035',
    ]);
  });

  it('WSAEnumNetworkEvents(s, event, NULL) is WSAEINVAL; an unwritable pointer WSAEFAULT', async () => {
    expect(await run(['enum_null'])).toEqual([
      'WSAEnumNetworkEvents(NULL)=-1 err=10022',
      'WSAEnumNetworkEvents(bad ptr)=-1 err=10014',
      'WSAEnumNetworkEvents=0',
      'events=0',
    ]);
  });

  it('WSASocketW (ws2 ordinal 37) gives a working socket; FROM_PROTOCOL_INFO; its error paths', async () => {
    tcpGot.length = 0;
    udpGot.length = 0;
    expect(await run(['wsasocket', '127.0.0.1', String(port)])).toEqual([
      'WSASocketW(before WSAStartup)=-1 err=10093',
      'WSASocketW(tcp)=ok',
      'connect=0',
      'send=3',
      'WSASocketW(protocol info) type=2',
      'sendto=5',
      'WSASocketW(g=1)=-1 err=10022',
      'WSASocketW(af 99)=-1 err=10047',
      'WSASocketW(type 9)=-1 err=10044',
      'WSASocketW(bad info)=-1 err=10014',
    ]);
    await waitFor(() => tcpGot.join('') === 'wsa' && udpGot.join('') === 'dgram', 'the peers to receive');
  });
});

describe('the rest of ws2.dll (issue 18): byte order, netdb, address strings, protocol catalogue', () => {
  it('WSAHtonl/WSAHtons/WSANtohl/WSANtohs: converted; WSANOTINITIALISED, WSAEFAULT, WSAENOTSOCK', async () => {
    expect(await run(['byteorder'])).toEqual([
      'WSAHtonl(before WSAStartup)=-1 err=10093',
      'WSAHtonl=0',
      'netlong=44332211',
      'WSANtohl=0',
      'hostlong=11223344',
      'WSAHtons=0',
      'netshort=3412',
      'WSANtohs=0',
      'hostshort=1234',
      'WSAHtonl(NULL)=-1 err=10014',
      'WSAHtons(bad ptr)=-1 err=10014',
      'WSANtohl(not a socket)=-1 err=10038',
    ]);
  });

  it('getservbyname/getservbyport/getprotobyname/getprotobynumber from the built-in tables; WSANO_DATA, WSAEFAULT', async () => {
    expect(await run(['netdb'])).toEqual([
      'getservbyname(before WSAStartup)=NULL err=10093',
      'getservbyname(http,tcp)=http port=80 proto=tcp alias=www alias=www-http',
      'getservbyname(www,NULL)=http port=80 proto=tcp alias=www alias=www-http',
      'getservbyname(domain,udp)=domain port=53 proto=udp',
      'getservbyname(http,udp)=NULL err=11004',
      'getservbyname(nosuch,NULL)=NULL err=11004',
      'getservbyport(25,NULL)=smtp port=25 proto=tcp alias=mail',
      'getservbyport(123,udp)=ntp port=123 proto=udp',
      'getservbyport(9999,NULL)=NULL err=11004',
      'getservbyname(bad ptr)=NULL err=10014',
      'getprotobyname(tcp)=tcp number=6 alias=TCP',
      'getprotobyname(UDP)=udp number=17 alias=UDP',
      'getprotobyname(nosuch)=NULL err=11004',
      'getprotobynumber(1)=icmp number=1 alias=ICMP',
      'getprotobynumber(200)=NULL err=11004',
    ]);
  });

  it('WSAAddressToStringW / WSAStringToAddressW: IPv4 and IPv6 with port and scope; WSAEFAULT with the size needed, WSAEINVAL', async () => {
    expect(await run(['addrstring'])).toEqual([
      'WSAAddressToStringW(before WSAStartup)=-1 err=10093',
      'WSAAddressToStringW(v4)=0',
      'text=192.0.2.33:8080',
      'len=16',
      'text(port 0)=192.0.2.33',
      'WSAAddressToStringW(v6)=0',
      'text=[2001:db8::5%3]:443',
      'WSAAddressToStringW(small)=-1 err=10014',
      'needed=20',
      'WSAAddressToStringW(short len)=-1 err=10022',
      'WSAAddressToStringW(family 99)=-1 err=10022',
      'WSAStringToAddressW(v4)=0',
      'family=2 addr=0302010a port=99 len=16',
      'WSAStringToAddressW(v6)=0',
      'family=23 port=443 scope=3 last=5 first=20 len=28',
      'WSAStringToAddressW(bad text)=-1 err=10022',
      'WSAStringToAddressW(v6 text as v4)=-1 err=10022',
      'WSAStringToAddressW(small)=-1 err=10014',
      'needed=16',
      'WSAStringToAddressW(family 99)=-1 err=10022',
    ]);
  });

  it('WSAEnumProtocolsW: the four TCP/UDP providers, WSAENOBUFS with the size needed, a filter; an entry makes a socket', async () => {
    expect(await run(['enumprotocols'])).toEqual([
      'WSAEnumProtocolsW(NULL buffer)=-1 err=10055',
      'needed=2512',
      'WSAEnumProtocolsW=4',
      'af=2 type=1 proto=6 maxsa=16 msg=0 chain=1 name=MSAFD Tcpip [TCP/IP]',
      'af=2 type=2 proto=17 maxsa=16 msg=65467 chain=1 name=MSAFD Tcpip [UDP/IP]',
      'af=23 type=1 proto=6 maxsa=28 msg=0 chain=1 name=MSAFD Tcpip [TCP/IPv6]',
      'af=23 type=2 proto=17 maxsa=28 msg=65467 chain=1 name=MSAFD Tcpip [UDP/IPv6]',
      'WSAEnumProtocolsW(udp only)=2',
      'WSAEnumProtocolsW(bad len ptr)=-1 err=10014',
      'socket from entry 0: type=2', // entry 0 of the UDP-only answer
    ]);
  });
});

describe('overlapped I/O (WSASend, WSARecv, WSASendTo, WSARecvFrom, WSAGetOverlappedResult)', () => {
  it('gather/scatter, WSA_IO_PENDING then completion with the event set, WSA_IO_INCOMPLETE, error paths', async () => {
    // An echo peer that answers 50 ms later, so the overlapped receive is pending first.
    const echo = net.createServer((c) => {
      c.on('error', () => {});
      c.on('data', (d) => setTimeout(() => c.write(d), 50));
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    try {
      expect(await run(['overlapped', '127.0.0.1', String((echo.address() as net.AddressInfo).port)])).toEqual([
        'WSASend(2 buffers)=0',
        'sent=5',
        'received=5 text=hello flags=0',
        'WSARecv(overlapped, nothing yet)=-1 err=997', // WSA_IO_PENDING
        'WSAGetOverlappedResult(no wait)=0 err=996', // WSA_IO_INCOMPLETE
        'event before=258', // WAIT_TIMEOUT: not signalled while pending
        'WSASend(overlapped)=0', // completed at once: results stored, event set
        'sent=5 event2=0',
        'wait=0',
        'WSAGetOverlappedResult(wait)=1 bytes=5 text=world',
        'WSASend(bad buffers)=-1 err=10014',
        'WSASend(count NULL)=-1 err=10014',
        'WSARecv(flags NULL)=-1 err=10014',
        'WSASend(not a socket)=-1 err=10038',
        'WSAGetOverlappedResult(bad ov)=0 err=10014',
        'WSARecvFrom(overlapped)=-1 err=997',
        'WSASendTo(2 buffers)=0',
        'sent=6',
        'WSARecvFrom result=1 bytes=6 text=dgram! from=127.0.0.1 fromlen=16', // two buffers, one datagram
      ]);
    } finally {
      echo.close();
    }
  });
});

describe('coredll strtok (ordinal 1073)', () => {
  it('splits on any delimiter, skips runs of them, continues with NULL, then returns NULL', async () => {
    expect(await run(['strtok'])).toEqual([
      'token=alpha',
      'token=beta',
      'token=gamma',
      'after end=NULL',
      'only delimiters=NULL',
      'no delimiter=single',
      'then=NULL',
    ]);
  });

  it('WSAConnect: connect data and QOS are WSAEOPNOTSUPP (CE default provider), checked before the address; then a real connect', async () => {
    tcpGot.length = 0;
    expect(await run(['wsaconnect', '127.0.0.1', String(port)])).toEqual([
      'WSAConnect(bad socket)=-1 err=10038',
      'WSAConnect(caller data)=-1 err=10045',
      'WSAConnect(caller data, bad addr)=-1 err=10045',
      'WSAConnect(sqos)=-1 err=10045',
      'WSAConnect(gqos)=-1 err=10045',
      'WSAConnect(bad caller ptr)=-1 err=10014',
      'WSAConnect(bad addr len)=-1 err=10014',
      'WSAConnect(peer)=0',
      'callee len=0',
      'WSAConnect(again)=-1 err=10056',
      'send=2',
    ]);
    await waitFor(() => tcpGot.join('') === 'wc', 'the bytes sent after WSAConnect');
  });

  it('in6addr_any / in6addr_loopback: ws2 data exports, bound by import and by GetProcAddress to the same 16 bytes', async () => {
    expect(await run(['in6addr'])).toEqual([
      'in6addr_any=00000000000000000000000000000000',
      'in6addr_loopback=00000000000000000000000000000001',
      'GetProcAddress(in6addr_loopback) same=1',
      // A real IPv6 socket bound to the imported address (the host's ::1).
      'bind(in6addr_loopback)=0',
    ]);
  });
});

describe('issue 18: the rest of ws2.dll as a CE device has it (wsconf_win.exe)', () => {
  it("name space: the device's one DNS provider; WSALookupService* host queries answered by the resolver; their error order", async () => {
    expect(await run(['nsp'], { 'peer.test': '10.1.2.3,10.1.2.4' })).toEqual([
      'WSAEnumNameSpaceProvidersW(before WSAStartup)=-1 err=10093',
      'WSAEnumNameSpaceProvidersW(NULL buffer)=-1 err=10014',
      'needed=100',
      'WSAEnumNameSpaceProvidersW=1',
      // As CE 6's ws2instl.dll installs nspm.dll.
      'provider ns=12 active=1 version=0 id=Windows CE DNS/WINS Name Resolver guid=3c8441d3-b4f9',
      'WSALookupServiceBeginW(NULL handle ptr)=-1 err=10022',
      'WSALookupServiceBeginW(dwSize 8)=-1 err=10014',
      'WSALookupServiceBeginW(no class)=-1 err=10022',
      'WSALookupServiceBeginW(unknown class)=-1 err=10108',
      'WSALookupServiceBeginW(name space 99)=-1 err=10022',
      'WSALookupServiceBeginW(peer.test)=0',
      'WSALookupServiceNextW(small)=-1 err=10014',
      'needed ok=1',
      'WSALookupServiceNextW=0',
      'result size=60 ns=12 name=peer.test addrs=2 [10.1.2.3 type=1 proto=6] [10.1.2.4 type=1 proto=6] blob=50 hostent(name=peer.test type=2 len=4 addr0=10.1.2.3)',
      'WSALookupServiceNextW(again)=-1 err=10110',
      'WSANSPIoctl=-1 err=10045',
      'WSALookupServiceEnd=0',
      'WSALookupServiceEnd(again)=-1 err=6',
      'WSALookupServiceNextW(ended)=-1 err=6',
      'WSANSPIoctl(ended)=-1 err=6',
      'WSALookupServiceBeginW(numeric, name only)=0',
      'WSALookupServiceNextW=0',
      'result size=60 ns=12 name=10.9.8.7 addrs=0',
      'WSALookupServiceBeginW(by inet string)=0',
      'WSALookupServiceNextW=0',
      'result size=60 ns=12 name=peer.test addrs=1 [10.1.2.3 type=1 proto=6]',
      'WSALookupServiceBeginW(nohost.invalid)=-1 err=11001',
      'WSASetServiceW(register)=-1 err=10013',
      'WSASetServiceW(delete)=-1 err=10108',
      'WSASetServiceW(op 7)=-1 err=10022',
      'WSASetServiceW(NULL)=-1 err=10022',
    ]);
  });

  it('WSC*: the catalogue listed, never changed (WSANO_RECOVERY, WSAEFAULT first); WPUCompleteOverlappedRequest completes a WSAOVERLAPPED', async () => {
    expect(await run(['spi'])).toEqual([
      'WSCEnumProtocols(NULL buffer)=-1 err=0', // the error goes to *lpErrno, not the last error
      'err=10055 needed=2512',
      'WSCEnumProtocols=4 err=0 first type=1 proto=6',
      'WSCEnumProtocols(bad len ptr)=-1 err=0',
      'err=10014',
      'WSCInstallProvider=-1 err=11003',
      'WSCInstallProvider(bad list)=-1 err=10014',
      'WSCDeinstallProvider=-1 err=11003',
      'WSCDeinstallProvider(bad guid)=-1 err=10014',
      'WSCInstallNameSpace=-1 err=11003',
      'WSCInstallNameSpace(bad path)=-1 err=10014',
      'WSCUnInstallNameSpace=-1 err=11003',
      'WSCUnInstallNameSpace(bad guid)=-1 err=10014',
      'WSAEnumProtocolsW after=4',
      'WPUCompleteOverlappedRequest(NULL ov)=-1 err=87',
      'WPUCompleteOverlappedRequest(not a socket)=-1 err=10022',
      'event before=258',
      'WPUCompleteOverlappedRequest=0 event=0',
      'WSAGetOverlappedResult=1 bytes=42',
      'with an error: 0 event=0 result=0 err=10054',
    ]);
  });

  it("WSAJoinLeaf: the socket checks, then WSASYSCALLFAILURE (CE's default provider has no multipoint)", async () => {
    expect(await run(['joinleaf'])).toEqual([
      'WSAJoinLeaf(before WSAStartup)=-1 err=10093',
      'WSAJoinLeaf(not a socket)=-1 err=10038',
      'WSAJoinLeaf(udp)=-1 err=10107',
      'WSAJoinLeaf(tcp, bad name)=-1 err=10107',
      'getsockopt after=0',
    ]);
  });

  it('check order: the socket prolog (WSANOTINITIALISED, WSAENOTSOCK) before any argument check, as CE 6 ws2.dll', async () => {
    expect(await run(['order'])).toEqual([
      'WSAIoctl(before WSAStartup, bad count ptr)=-1 err=10093',
      // WSAEFAULT for lpcbBytesReturned came first before the audit.
      'WSAIoctl(not a socket, bad count ptr)=-1 err=10038',
      'WSAIoctl(bad count ptr)=-1 err=10014',
      'WSAIoctl(unknown code)=-1 err=10022',
      'WSAIoctl(FIONREAD)=0',
      'bytes=0 returned=4',
      'send(not a socket, bad buffer)=-1 err=10038',
      'recv(not a socket, NULL buffer)=-1 err=10038',
      'WSAEnumNetworkEvents(not a socket, NULL)=-1 err=10038',
      'WSAHtonl(not a socket, NULL)=-1 err=10038',
      'getsockopt(not a socket, level 100, bogus optval)=-1 err=10038',
    ]);
  });
});
